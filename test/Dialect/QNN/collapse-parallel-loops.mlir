// RUN: qnn-opt %s --pass-pipeline='builtin.module(func.func(qnn-collapse-parallel-loops))' | FileCheck %s
// Executed after collapsing: every element written once, with its own
// indices recomputed from the collapsed one.
// RUN: qnn-opt %s --pass-pipeline='builtin.module(func.func(qnn-collapse-parallel-loops),convert-scf-to-cf,expand-strided-metadata,lower-affine,finalize-memref-to-llvm,convert-arith-to-llvm,convert-cf-to-llvm,convert-func-to-llvm,reconcile-unrealized-casts)' | %mlir_runner | FileCheck %s --check-prefix=EXEC

// CHECK-LABEL: func.func @main
// CHECK: scf.parallel (%[[I:.*]]) = (%{{.*}}) to (%{{.*}}) step (%{{.*}}) {
// CHECK: arith.remsi %[[I]]
// CHECK: arith.divsi %[[I]]
// CHECK-NOT: scf.parallel
// CHECK: scf.for
// EXEC-LABEL: data =
// EXEC-NEXT: {{\[\[}}0,   1,   2],
// EXEC-NEXT: [10,   11,   12]]
func.func private @printMemrefI32(memref<*xi32>)
func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c10 = arith.constant 10 : index
  %m = memref.alloc() : memref<2x3xi32>
  scf.parallel (%i, %j) = (%c0, %c0) to (%c2, %c3) step (%c1, %c1) {
    %v = arith.muli %i, %c10 : index
    %w = arith.addi %v, %j : index
    %x = arith.index_cast %w : index to i32
    memref.store %x, %m[%i, %j] : memref<2x3xi32>
    scf.reduce
  }
  // A sequential loop is left alone.
  scf.for %k = %c0 to %c1 step %c1 {
  }
  %u = memref.cast %m : memref<2x3xi32> to memref<*xi32>
  call @printMemrefI32(%u) : (memref<*xi32>) -> ()
  memref.dealloc %m : memref<2x3xi32>
  return
}
