// RUN: qnn-opt %s -qnn-deduplicate-functions -split-input-file | FileCheck %s --enable-var-scope

// Two range functions equal up to value names and locations: the second is
// erased and its calls go to the first.
// CHECK-LABEL: func.func private @f__par0
// CHECK-NOT: func.func private @f__par1
// CHECK-LABEL: func.func @f
// CHECK-SAME: (%[[A:.*]]: memref<8xf32>, %[[B:.*]]: memref<8xf32>)
// CHECK: call @f__par0(%{{.*}}, %{{.*}}, %[[A]])
// CHECK: call @f__par0(%{{.*}}, %{{.*}}, %[[B]])
func.func private @f__par0(%b: index, %e: index, %x: memref<8xf32>) {
  %c1 = arith.constant 1 : index
  %two = arith.constant 2.0 : f32
  scf.for %i = %b to %e step %c1 {
    %v = memref.load %x[%i] : memref<8xf32>
    %w = arith.mulf %v, %two : f32
    memref.store %w, %x[%i] : memref<8xf32>
  }
  return
}
func.func private @f__par1(%begin: index, %end: index, %y: memref<8xf32>) {
  %one = arith.constant 1 : index
  %c2 = arith.constant 2.0 : f32 loc("elsewhere")
  scf.for %j = %begin to %end step %one {
    %p = memref.load %y[%j] : memref<8xf32>
    %q = arith.mulf %p, %c2 : f32
    memref.store %q, %y[%j] : memref<8xf32>
  }
  return
}
func.func @f(%a: memref<8xf32>, %b: memref<8xf32>) {
  %c0 = arith.constant 0 : index
  %c8 = arith.constant 8 : index
  call @f__par0(%c0, %c8, %a) : (index, index, memref<8xf32>) -> ()
  call @f__par1(%c0, %c8, %b) : (index, index, memref<8xf32>) -> ()
  return
}

// -----

// A different constant, a different operand order, a different attribute
// and a public function are not duplicates: all stay, calls unchanged.
// CHECK-LABEL: func.func private @g0
// CHECK-LABEL: func.func private @g1
// CHECK: arith.constant 3.000000e+00
// CHECK-LABEL: func.func private @g2
// CHECK: arith.subf %{{.*}}, %{{.*}}
// CHECK-LABEL: func.func private @g3
// CHECK-SAME: attributes {qnn.parallel}
// CHECK-LABEL: func.func @g4
// CHECK-LABEL: func.func @g
// CHECK: call @g0
// CHECK: call @g1
// CHECK: call @g2
// CHECK: call @g3
// CHECK: call @g4
func.func private @g0(%x: f32, %y: f32) -> f32 {
  %c = arith.constant 2.0 : f32
  %d = arith.subf %x, %y : f32
  %r = arith.mulf %d, %c : f32
  return %r : f32
}
func.func private @g1(%x: f32, %y: f32) -> f32 {
  %c = arith.constant 3.0 : f32
  %d = arith.subf %x, %y : f32
  %r = arith.mulf %d, %c : f32
  return %r : f32
}
func.func private @g2(%x: f32, %y: f32) -> f32 {
  %c = arith.constant 2.0 : f32
  %d = arith.subf %y, %x : f32
  %r = arith.mulf %d, %c : f32
  return %r : f32
}
func.func private @g3(%x: f32, %y: f32) -> f32 attributes {qnn.parallel} {
  %c = arith.constant 2.0 : f32
  %d = arith.subf %x, %y : f32
  %r = arith.mulf %d, %c : f32
  return %r : f32
}
func.func @g4(%x: f32, %y: f32) -> f32 {
  %c = arith.constant 2.0 : f32
  %d = arith.subf %x, %y : f32
  %r = arith.mulf %d, %c : f32
  return %r : f32
}
func.func @g(%x: f32, %y: f32) -> f32 {
  %0 = call @g0(%x, %y) : (f32, f32) -> f32
  %1 = call @g1(%0, %y) : (f32, f32) -> f32
  %2 = call @g2(%1, %y) : (f32, f32) -> f32
  %3 = call @g3(%2, %y) : (f32, f32) -> f32
  %4 = call @g4(%3, %y) : (f32, f32) -> f32
  return %4 : f32
}

// -----

// Uses outside calls follow too: the address of a duplicate LLVM function
// becomes the kept one's.
// CHECK-LABEL: llvm.func internal @h0
// CHECK-NOT: llvm.func internal @h1
// CHECK-LABEL: llvm.func @h
// CHECK: llvm.mlir.addressof @h0
// CHECK: llvm.mlir.addressof @h0
llvm.func internal @h0(%x: i64) -> i64 attributes {sym_visibility = "private"} {
  %0 = llvm.add %x, %x : i64
  llvm.return %0 : i64
}
llvm.func internal @h1(%y: i64) -> i64 attributes {sym_visibility = "private"} {
  %0 = llvm.add %y, %y : i64
  llvm.return %0 : i64
}
llvm.func @h() -> !llvm.ptr {
  %0 = llvm.mlir.addressof @h0 : !llvm.ptr
  %1 = llvm.mlir.addressof @h1 : !llvm.ptr
  llvm.call @use(%0) : (!llvm.ptr) -> ()
  llvm.return %1 : !llvm.ptr
}
llvm.func @use(!llvm.ptr)
