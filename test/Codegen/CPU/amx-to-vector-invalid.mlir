// RUN: qnn-opt %s --qnn-amx-to-vector -split-input-file -verify-diagnostics

func.func @float_tiles(%a: memref<16x32xbf16>, %c: memref<16x16xf32>) {
  %c0 = arith.constant 0 : index
  %ta = amx.tile_load %a[%c0, %c0] : memref<16x32xbf16> into !amx.tile<16x32xbf16>
  %tc = amx.tile_zero : !amx.tile<16x16xf32>
  // expected-error @+1 {{qnn-amx-to-vector: floating-point tiles (amx.tile_mulf) are not emulated; qnn's kernels use integer tiles only}}
  %r = amx.tile_mulf %ta, %ta, %tc : !amx.tile<16x32xbf16>, !amx.tile<16x32xbf16>, !amx.tile<16x16xf32>
  amx.tile_store %c[%c0, %c0], %r : memref<16x16xf32>, !amx.tile<16x16xf32>
  return
}

// -----

func.func @strided_2d(%a: memref<4x64xi8>, %s: index) {
  %c0 = arith.constant 0 : index
  // expected-error @+1 {{qnn-amx-to-vector: an explicit row stride is emulated on a 1-D memref only (this one has rank 2)}}
  %t = amx.tile_load %a[%c0, %c0], %s : memref<4x64xi8> into !amx.tile<2x64xi8>
  amx.tile_store %a[%c0, %c0], %t : memref<4x64xi8>, !amx.tile<2x64xi8>
  return
}

// -----

func.func @strided_store(%a: memref<4x64xi8>, %s: index) {
  %c0 = arith.constant 0 : index
  %t = amx.tile_load %a[%c0, %c0] : memref<4x64xi8> into !amx.tile<2x64xi8>
  // expected-error @+1 {{qnn-amx-to-vector: an explicit row stride is emulated on a 1-D memref only (this one has rank 2)}}
  amx.tile_store %a[%c0, %c0], %t, %s : memref<4x64xi8>, !amx.tile<2x64xi8>
  return
}

// -----

// expected-error @+1 {{qnn-amx-to-vector: 'func.func' carries an AMX tile; tiles are rewritten only through amx ops, scf.for, scf.if and scf.yield}}
func.func @tile_argument(%t: !amx.tile<16x16xi32>, %c: memref<16x16xi32>) {
  %c0 = arith.constant 0 : index
  amx.tile_store %c[%c0, %c0], %t : memref<16x16xi32>, !amx.tile<16x16xi32>
  return
}

// -----

func.func private @consume(!amx.tile<16x16xi32>)

func.func @tile_call() {
  %z = amx.tile_zero : !amx.tile<16x16xi32>
  // expected-error @+1 {{qnn-amx-to-vector: 'func.call' carries an AMX tile; tiles are rewritten only through amx ops, scf.for, scf.if and scf.yield}}
  func.call @consume(%z) : (!amx.tile<16x16xi32>) -> ()
  return
}
