// RUN: qnn-opt %s -qnn-outline-parallel-loops | FileCheck %s
// RUN: qnn-opt %s -qnn-outline-parallel-loops -convert-scf-to-cf -convert-to-llvm -qnn-parallelize-outlined-loops | FileCheck %s --check-prefix=LLVM

// The loop over dimension 0 has one iteration, so dimension 1 (4
// iterations) is split; the constant is cloned, the buffers are passed.
// CHECK-LABEL: func.func private @scale__par0
// CHECK-SAME: (%[[BEGIN:.*]]: index, %[[END:.*]]: index, %{{.*}}: memref<1x4xf32>, %{{.*}}: memref<1x4xf32>) attributes {qnn.parallel}
// CHECK: arith.constant 2.000000e+00
// CHECK: %[[FROM:.*]] = arith.addi %{{.*}}, %{{.*}} : index
// CHECK: %[[TO:.*]] = arith.minsi
// CHECK: scf.parallel (%{{.*}}, %{{.*}}) = (%{{.*}}, %[[FROM]]) to (%{{.*}}, %[[TO]])
// CHECK-LABEL: func.func @scale
// CHECK-SAME: (%[[A:.*]]: memref<1x4xf32>, %[[B:.*]]: memref<1x4xf32>)
// CHECK-NOT: scf.parallel
// CHECK: call @scale__par0(%{{.*}}, %{{.*}}, %[[A]], %[[B]])

// Only its trampoline calls the range function: internal linkage lets LLVM
// inline it there instead of compiling a second, external copy.
// LLVM-LABEL: llvm.func internal @scale__par0(
// LLVM-LABEL: llvm.func @scale(
// LLVM: %[[CTX:.*]] = llvm.alloca
// LLVM: llvm.store
// LLVM: %[[TASK:.*]] = llvm.mlir.addressof @scale__par0__task
// LLVM: llvm.call @qnn_parallel_for(%[[TASK]], %[[CTX]], %{{.*}}) : (!llvm.ptr, !llvm.ptr, i64) -> ()
// LLVM: llvm.func @qnn_parallel_for(!llvm.ptr, !llvm.ptr, i64)
// LLVM: llvm.func internal @scale__par0__task(%{{.*}}: !llvm.ptr, %{{.*}}: i64, %{{.*}}: i64)
// LLVM: llvm.call @scale__par0
func.func @scale(%a: memref<1x4xf32>, %b: memref<1x4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %two = arith.constant 2.0 : f32
  scf.parallel (%i, %j) = (%c0, %c0) to (%c1, %c4) step (%c1, %c1) {
    %x = memref.load %a[%i, %j] : memref<1x4xf32>
    %y = arith.mulf %x, %two : f32
    memref.store %y, %b[%i, %j] : memref<1x4xf32>
    scf.reduce
  }
  return
}

// A loop with a single iteration in every dimension stays.
// CHECK-LABEL: func.func @tiny
// CHECK: scf.parallel
func.func @tiny(%a: memref<1xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %z = arith.constant 0.0 : f32
  scf.parallel (%i) = (%c0) to (%c1) step (%c1) {
    memref.store %z, %a[%i] : memref<1xf32>
    scf.reduce
  }
  return
}

// A global's address is cloned into the outlined function, not passed: the
// body then loads from a constant global LLVM knows (no alias checks, so
// table lookups can vectorize).
// CHECK-LABEL: func.func private @lookup__par0
// CHECK-SAME: (%{{.*}}: index, %{{.*}}: index, %{{.*}}: memref<8xi32>, %{{.*}}: memref<8xf32>) attributes {qnn.parallel}
// CHECK: %[[TABLE:.*]] = memref.get_global @table : memref<4xf32>
// CHECK: memref.load %[[TABLE]]
// CHECK-LABEL: func.func @lookup
// CHECK: call @lookup__par0(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) : (index, index, memref<8xi32>, memref<8xf32>) -> ()
memref.global "private" constant @table : memref<4xf32> = dense<[0.0, 0.5, 1.0, 2.0]>
func.func @lookup(%codes: memref<8xi32>, %out: memref<8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %table = memref.get_global @table : memref<4xf32>
  scf.parallel (%i) = (%c0) to (%c8) step (%c1) {
    %code = memref.load %codes[%i] : memref<8xi32>
    %k = arith.index_cast %code : i32 to index
    %v = memref.load %table[%k] : memref<4xf32>
    memref.store %v, %out[%i] : memref<8xf32>
    scf.reduce
  }
  return
}
