// The AMX emulation (qnn-amx-to-vector) computes what tdpbssd, tdpbsud,
// tdpbusd and tdpbuud compute: 4-byte dot products with each operand
// zero- or sign-extended as the op's zext flags say, accumulated into i32.
// A holds 0x80 (128 unsigned, -128 signed) in row 0 and 0x7f (127) in row
// 1, B holds 0xfe (254 unsigned, -2 signed) and 3 in alternating columns
// of 4 bytes, over K = 8 bytes.
 // RUN: qnn-opt %s --qnn-amx-to-vector --convert-linalg-to-loops --convert-vector-to-scf --convert-scf-to-cf --convert-to-llvm --reconcile-unrealized-casts | %mlir_runner | FileCheck %s

func.func private @printMemrefI32(memref<*xi32>)

func.func @run(%a: memref<2x8xi8>, %b: memref<2x8xi8>, %zl: i1, %zr: i1) {
  %c0 = arith.constant 0 : index
  %c = memref.alloca() : memref<2x2xi32>
  %ta = amx.tile_load %a[%c0, %c0] : memref<2x8xi8> into !amx.tile<2x8xi8>
  %tb = amx.tile_load %b[%c0, %c0] : memref<2x8xi8> into !amx.tile<2x8xi8>
  // The accumulator starts at 1000 everywhere.
  %init = arith.constant 1000 : i32
  linalg.fill ins(%init : i32) outs(%c : memref<2x2xi32>)
  %tc = amx.tile_load %c[%c0, %c0] : memref<2x2xi32> into !amx.tile<2x2xi32>
  %r = scf.if %zl -> (!amx.tile<2x2xi32>) {
    %u = scf.if %zr -> (!amx.tile<2x2xi32>) {
      %m = amx.tile_muli %ta zext, %tb zext, %tc : !amx.tile<2x8xi8>, !amx.tile<2x8xi8>, !amx.tile<2x2xi32>
      scf.yield %m : !amx.tile<2x2xi32>
    } else {
      %m = amx.tile_muli %ta zext, %tb, %tc : !amx.tile<2x8xi8>, !amx.tile<2x8xi8>, !amx.tile<2x2xi32>
      scf.yield %m : !amx.tile<2x2xi32>
    }
    scf.yield %u : !amx.tile<2x2xi32>
  } else {
    %u = scf.if %zr -> (!amx.tile<2x2xi32>) {
      %m = amx.tile_muli %ta, %tb zext, %tc : !amx.tile<2x8xi8>, !amx.tile<2x8xi8>, !amx.tile<2x2xi32>
      scf.yield %m : !amx.tile<2x2xi32>
    } else {
      %m = amx.tile_muli %ta, %tb, %tc : !amx.tile<2x8xi8>, !amx.tile<2x8xi8>, !amx.tile<2x2xi32>
      scf.yield %m : !amx.tile<2x2xi32>
    }
    scf.yield %u : !amx.tile<2x2xi32>
  }
  amx.tile_store %c[%c0, %c0], %r : memref<2x2xi32>, !amx.tile<2x2xi32>
  %p = memref.cast %c : memref<2x2xi32> to memref<*xi32>
  call @printMemrefI32(%p) : (memref<*xi32>) -> ()
  return
}

func.func @main() {
  %a = memref.alloca() : memref<2x8xi8>
  %b = memref.alloca() : memref<2x8xi8>
  %x80 = arith.constant -128 : i8
  %x7f = arith.constant 127 : i8
  %xfe = arith.constant -2 : i8
  %three = arith.constant 3 : i8
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  scf.for %j = %c0 to %c8 step %c1 {
    memref.store %x80, %a[%c0, %j] : memref<2x8xi8>
    memref.store %x7f, %a[%c1, %j] : memref<2x8xi8>
  }
  // B[k][4n + j]: column n = 0 holds 0xfe, column n = 1 holds 3.
  scf.for %k = %c0 to %c2 step %c1 {
    scf.for %j = %c0 to %c4 step %c1 {
      %hi = arith.addi %j, %c4 : index
      memref.store %xfe, %b[%k, %j] : memref<2x8xi8>
      memref.store %three, %b[%k, %hi] : memref<2x8xi8>
    }
  }
  %t = arith.constant true
  %f = arith.constant false
  // tdpbuud: 1000 + 8 * 128 * 254, 1000 + 8 * 128 * 3; 1000 + 8 * 127 * 254, ...
  // CHECK: [261096,   4072]
  // CHECK: [259064,   4048]
  call @run(%a, %b, %t, %t) : (memref<2x8xi8>, memref<2x8xi8>, i1, i1) -> ()
  // tdpbusd: 1000 + 8 * 128 * -2, ...
  // CHECK: [-1048,   4072]
  // CHECK: [-1032,   4048]
  call @run(%a, %b, %t, %f) : (memref<2x8xi8>, memref<2x8xi8>, i1, i1) -> ()
  // tdpbsud: 1000 + 8 * -128 * 254, 1000 + 8 * -128 * 3; ...
  // CHECK: [-259096,   -2072]
  // CHECK: [259064,   4048]
  call @run(%a, %b, %f, %t) : (memref<2x8xi8>, memref<2x8xi8>, i1, i1) -> ()
  // tdpbssd: 1000 + 8 * -128 * -2, ...
  // CHECK: [3048,   -2072]
  // CHECK: [-1032,   4048]
  call @run(%a, %b, %f, %f) : (memref<2x8xi8>, memref<2x8xi8>, i1, i1) -> ()
  return
}
