// RUN: qnn-opt %s --qnn-amx-to-vector | FileCheck %s

// Tiles become vectors of their shape. Loads and stores move one row per
// vector op: on a 1-D buffer row r sits at the index plus r * stride, on a
// 2-D one a row further along the second dimension.
// CHECK-LABEL: func.func @rows
// CHECK-SAME: (%[[A:.*]]: memref<64xi8>, %[[B:.*]]: memref<4x16xi32>, %[[S:.*]]: index)
// CHECK: %[[R0:.*]] = vector.load %[[A]][%[[I:.*]]] : memref<64xi8>, vector<8xi8>
// CHECK: %[[T0:.*]] = vector.insert %[[R0]], %{{.*}} [0] : vector<8xi8> into vector<2x8xi8>
// CHECK: %[[STEP:.*]] = arith.muli %[[S]], %{{.*}} : index
// CHECK: %[[I1:.*]] = arith.addi %[[I]], %[[STEP]] : index
// CHECK: %[[R1:.*]] = vector.load %[[A]][%[[I1]]] : memref<64xi8>, vector<8xi8>
// CHECK: vector.insert %[[R1]], %[[T0]] [1] : vector<8xi8> into vector<2x8xi8>
// CHECK: %[[Z:.*]] = arith.constant dense<0> : vector<2x4xi32>
// CHECK: %[[Z0:.*]] = vector.extract %[[Z]][0] : vector<4xi32> from vector<2x4xi32>
// CHECK: vector.store %[[Z0]], %[[B]][%[[J:.*]], %[[K:.*]]] : memref<4x16xi32>, vector<4xi32>
// CHECK: %[[Z1:.*]] = vector.extract %[[Z]][1] : vector<4xi32> from vector<2x4xi32>
// CHECK: %[[J1:.*]] = arith.addi %[[J]], %{{.*}} : index
// CHECK: vector.store %[[Z1]], %[[B]][%[[J1]], %[[K]]] : memref<4x16xi32>, vector<4xi32>
// CHECK-NOT: amx.
func.func @rows(%a: memref<64xi8>, %b: memref<4x16xi32>, %s: index) {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %t = amx.tile_load %a[%c2], %s : memref<64xi8> into !amx.tile<2x8xi8>
  amx.tile_store %a[%c0], %t, %s : memref<64xi8>, !amx.tile<2x8xi8>
  %z = amx.tile_zero : !amx.tile<2x4xi32>
  amx.tile_store %b[%c0, %c2], %z : memref<4x16xi32>, !amx.tile<2x4xi32>
  return
}

// tile_muli: a loop over the K/4 = 2 groups of 4 carrying the M = 2 rows of
// the accumulator; each group's row of B gives 4 columns (bytes j, j + 4,
// j + 8 of the row, sign-extended), each byte of A (zero-extended) is
// broadcast and multiplied. The scratch lives between a stack save and
// restore.
// CHECK-LABEL: func.func @muli
// CHECK: %[[SP:.*]] = llvm.intr.stacksave : !llvm.ptr
// CHECK: %[[ABUF:.*]] = memref.alloca() : memref<2x8xi8>
// CHECK: %[[BBUF:.*]] = memref.alloca() : memref<2x12xi8>
// CHECK: %[[ROWS:.*]]:2 = scf.for %[[Q:.*]] = %{{.*}} to %c2{{.*}} step %{{.*}} iter_args(%[[C0:.*]] = %{{.*}}, %[[C1:.*]] = %{{.*}}) -> (vector<3xi32>, vector<3xi32>)
// CHECK: %[[BROW:.*]] = vector.load %[[BBUF]][%[[Q]], %{{.*}}] : memref<2x12xi8>, vector<12xi8>
// CHECK: %[[COL0:.*]] = vector.shuffle %[[BROW]], %[[BROW]] [0, 4, 8] : vector<12xi8>, vector<12xi8>
// CHECK: %[[B0:.*]] = arith.extsi %[[COL0]] : vector<3xi8> to vector<3xi32>
// CHECK: vector.shuffle %[[BROW]], %[[BROW]] [1, 5, 9]
// CHECK: vector.shuffle %[[BROW]], %[[BROW]] [2, 6, 10]
// CHECK: vector.shuffle %[[BROW]], %[[BROW]] [3, 7, 11]
// CHECK: %[[BASE:.*]] = arith.muli %[[Q]], %c4{{.*}} : index
// CHECK: %[[A0:.*]] = memref.load %[[ABUF]][%{{.*}}, %{{.*}}] : memref<2x8xi8>
// CHECK: %[[A32:.*]] = arith.extui %[[A0]] : i8 to i32
// CHECK: %[[SPLAT:.*]] = vector.broadcast %[[A32]] : i32 to vector<3xi32>
// CHECK: %[[P:.*]] = arith.muli %[[SPLAT]], %[[B0]] : vector<3xi32>
// CHECK: arith.addi %[[C0]], %[[P]] : vector<3xi32>
// CHECK: scf.yield
// CHECK: llvm.intr.stackrestore %[[SP]] : !llvm.ptr
// CHECK: vector.insert %[[ROWS]]#0, %{{.*}} [0] : vector<3xi32> into vector<2x3xi32>
// CHECK: vector.insert %[[ROWS]]#1, %{{.*}} [1] : vector<3xi32> into vector<2x3xi32>
// CHECK-NOT: amx.
func.func @muli(%a: memref<2x8xi8>, %b: memref<2x12xi8>, %c: memref<2x3xi32>) {
  %c0 = arith.constant 0 : index
  %ta = amx.tile_load %a[%c0, %c0] : memref<2x8xi8> into !amx.tile<2x8xi8>
  %tb = amx.tile_load %b[%c0, %c0] : memref<2x12xi8> into !amx.tile<2x12xi8>
  %tc = amx.tile_zero : !amx.tile<2x3xi32>
  %r = amx.tile_muli %ta zext, %tb, %tc : !amx.tile<2x8xi8>, !amx.tile<2x12xi8>, !amx.tile<2x3xi32>
  amx.tile_store %c[%c0, %c0], %r : memref<2x3xi32>, !amx.tile<2x3xi32>
  return
}

// Without zext flags both operands are sign-extended; with both, both are
// zero-extended.
// CHECK-LABEL: func.func @signs
// CHECK: scf.for
// CHECK: arith.extsi %{{.*}} : vector<1xi8> to vector<1xi32>
// CHECK: arith.extsi %{{.*}} : i8 to i32
// CHECK: scf.for
// CHECK: arith.extui %{{.*}} : vector<1xi8> to vector<1xi32>
// CHECK: arith.extui %{{.*}} : i8 to i32
func.func @signs(%a: memref<1x4xi8>, %c: memref<1x1xi32>) {
  %c0 = arith.constant 0 : index
  %ta = amx.tile_load %a[%c0, %c0] : memref<1x4xi8> into !amx.tile<1x4xi8>
  %tc = amx.tile_zero : !amx.tile<1x1xi32>
  %s = amx.tile_muli %ta, %ta, %tc : !amx.tile<1x4xi8>, !amx.tile<1x4xi8>, !amx.tile<1x1xi32>
  %u = amx.tile_muli %ta zext, %ta zext, %s : !amx.tile<1x4xi8>, !amx.tile<1x4xi8>, !amx.tile<1x1xi32>
  amx.tile_store %c[%c0, %c0], %u : memref<1x1xi32>, !amx.tile<1x1xi32>
  return
}

// Tiles carried through loops and branches become vectors there too.
// CHECK-LABEL: func.func @carried
// CHECK: scf.for {{.*}} -> (vector<2x4xi32>)
// CHECK: scf.if %{{.*}} -> (vector<2x4xi32>)
// CHECK-NOT: amx.
func.func @carried(%c: memref<2x4xi32>, %n: index, %p: i1) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %z = amx.tile_zero : !amx.tile<2x4xi32>
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%t = %z) -> (!amx.tile<2x4xi32>) {
    %u = scf.if %p -> (!amx.tile<2x4xi32>) {
      %l = amx.tile_load %c[%c0, %c0] : memref<2x4xi32> into !amx.tile<2x4xi32>
      scf.yield %l : !amx.tile<2x4xi32>
    } else {
      scf.yield %t : !amx.tile<2x4xi32>
    }
    scf.yield %u : !amx.tile<2x4xi32>
  }
  amx.tile_store %c[%c0, %c0], %r : memref<2x4xi32>, !amx.tile<2x4xi32>
  return
}
