// RUN: qnn-opt %s '--qnn-x86-vnni-conv=pack=false' -split-input-file | FileCheck %s
// RUN: qnn-opt %s '--qnn-x86-vnni-conv=pack=false' -split-input-file --qnn-amx-to-vector | FileCheck %s --check-prefix=EMULATED
// RUN: qnn-opt %s --qnn-x86-vnni-conv -split-input-file | FileCheck %s --check-prefix=CODES

// Code generation only (no execution): runs on any machine.

// A 3x3 convolution of 8 channels into 20: one line per output row (the
// padded rows are 10 pixels wide, 8 output pixels), so 8-row A tiles of
// the 8 channels read with a row stride of 8 bytes; channels 0-15 and
// 16-19 take a 16- and a 4-column tile; the one chunk is 8 bytes (2 rows
// of B). The zero fill goes: accumulators start from tile_zero.
#map = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 + d4, d2 + d5, d6)>
#map1 = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d3, d4, d5, d6)>
#map2 = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3)>
memref.global "private" constant @w : memref<20x3x3x8xi8> = dense<-1> {alignment = 64 : i64}
// The loops run only once libqnn_runtime has the tile-data permission:
// otherwise their line count is 0.
// CHECK: func.func private @qnn_amx_request() -> i32
// CHECK: memref.global "private" constant @__qnn_amx_weights_0 : memref<18432xi8>
// CHECK-NOT: @w
// CHECK-LABEL: func.func @conv
// CHECK-NOT: linalg.fill
// CHECK-DAG: %[[W:.*]] = memref.get_global @__qnn_amx_weights_0 : memref<18432xi8>
// CHECK-DAG: %[[X:.*]] = memref.collapse_shape %{{.*}} {{\[\[}}0, 1, 2, 3]] : memref<1x10x10x8xi8> into memref<800xi8>
// CHECK-DAG: %[[OUT:.*]] = memref.collapse_shape %{{.*}} {{\[\[}}0, 1, 2, 3]] : memref<1x8x8x20xi32> into memref<1280xi32>
// CHECK: %[[REFUSED:.*]] = call @qnn_amx_request() : () -> i32
// CHECK: %[[GRANTED:.*]] = arith.cmpi eq, %[[REFUSED]], %c0_i32
// CHECK: %[[LINES:.*]] = arith.select %[[GRANTED]], %c8, %c0
// CHECK: scf.parallel (%{{.*}}, %{{.*}}, %{{.*}}) = (%c0, %c0, %c0) to (%[[LINES]], 
// CHECK-DAG: %[[C0:.*]] = amx.tile_zero : !amx.tile<8x16xi32>
// CHECK-DAG: %[[C1:.*]] = amx.tile_zero : !amx.tile<8x4xi32>
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %[[C0]], %{{.*}} = %[[C1]]) -> (!amx.tile<8x16xi32>, !amx.tile<8x4xi32>)
// CHECK: scf.for
// CHECK: %[[A:.*]] = amx.tile_load %[[X]][%{{.*}}], %c8{{.*}} : memref<800xi8> into !amx.tile<8x8xi8>
// CHECK: %[[B0:.*]] = amx.tile_load %[[W]][%{{.*}}], %c64{{.*}} : memref<18432xi8> into !amx.tile<2x64xi8>
// CHECK: %[[B1:.*]] = amx.tile_load %[[W]][%{{.*}}], %c64{{.*}} : memref<18432xi8> into !amx.tile<2x16xi8>
// CHECK: amx.tile_muli %[[A]] zext, %[[B0]], %{{.*}} : !amx.tile<8x8xi8>, !amx.tile<2x64xi8>, !amx.tile<8x16xi32>
// CHECK: amx.tile_muli %[[A]] zext, %[[B1]], %{{.*}} : !amx.tile<8x8xi8>, !amx.tile<2x16xi8>, !amx.tile<8x4xi32>
// CHECK: amx.tile_store %[[OUT]][%{{.*}}], %{{.*}}, %c20{{.*}} : memref<1280xi32>, !amx.tile<8x16xi32>
// CHECK: amx.tile_store %[[OUT]][%{{.*}}], %{{.*}}, %c20{{.*}} : memref<1280xi32>, !amx.tile<8x4xi32>
// CHECK-NOT: linalg.generic
// With packed codes, the one level takes 1-bit codes: 8 tile rows per row
// of 64 bytes, 2 blocks x 9 taps x 2 rows. Each iteration of the parallel
// loop over (step, group of up to 2 lines) decodes its step's 18 tiles once
// into scratch (field f of a row: shift, mask, a select per level), then
// runs its lines from there.
// CODES: memref.global "private" constant @__qnn_amx_weights_0 : memref<2304xi8>
// CODES-LABEL: func.func @conv
// CODES: %[[W:.*]] = memref.get_global @__qnn_amx_weights_0 : memref<2304xi8>
// CODES: %[[GROUPS:.*]] = arith.select %{{.*}}, %c4, %c0 : index
// CODES: scf.parallel (%{{.*}}, %{{.*}}) = (%c0, %c0) to (%c1{{.*}}, %[[GROUPS]])
// CODES: %[[SCRATCH:.*]] = memref.alloc() {alignment = 64 : i64} : memref<18432xi8>
// CODES: scf.for %{{.*}} = %{{.*}} to %c18
// CODES: vector.load %[[W]][%{{.*}}] : memref<2304xi8>, vector<64xi8>
// CODES: arith.andi
// CODES: vector.store %{{.*}}, %[[SCRATCH]][%{{.*}}] : memref<18432xi8>, vector<64xi8>
// CODES: arith.shrui
// CODES: scf.for
// CODES: scf.for
// CODES: amx.tile_load %[[SCRATCH]][%{{.*}}], %c64{{.*}} : memref<18432xi8> into !amx.tile<2x64xi8>
// CODES: amx.tile_muli
// CODES: memref.dealloc %[[SCRATCH]] : memref<18432xi8>
// The emulation leaves no amx op (rows move with vector loads and stores)
// and asks for no permission.
// EMULATED-NOT: qnn_amx_request
// EMULATED-LABEL: func.func @conv
// EMULATED-NOT: amx.
// EMULATED: vector.load %{{.*}} : memref<800xi8>, vector<8xi8>
// EMULATED: llvm.intr.stacksave
// EMULATED: vector.shuffle
// EMULATED: llvm.intr.stackrestore
// EMULATED: vector.store %{{.*}} : memref<1280xi32>, vector<16xi32>
// EMULATED-NOT: amx.
// EMULATED-NOT: qnn_amx_request
func.func @conv(%x: memref<1x10x10x8xi8>, %out: memref<1x8x8x20xi32>) {
  %c0_i32 = arith.constant 0 : i32
  %w = memref.get_global @w : memref<20x3x3x8xi8>
  linalg.fill ins(%c0_i32 : i32) outs(%out : memref<1x8x8x20xi32>)
  linalg.generic {indexing_maps = [#map, #map1, #map2], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%x, %w : memref<1x10x10x8xi8>, memref<20x3x3x8xi8>) outs(%out : memref<1x8x8x20xi32>) attrs = {qnn.layer = #qnn.layer<strides = [1, 1], dilations = [1, 1], padding = [0, 0, 0, 0], input_max = 3, channels = 8, weight_levels = 256, kernel = amx>} {
  ^bb0(%in: i8, %in_0: i8, %acc: i32):
    %1 = arith.extui %in : i8 to i32
    %2 = arith.extsi %in_0 : i8 to i32
    %3 = arith.muli %1, %2 : i32
    %4 = arith.addi %acc, %3 : i32
    linalg.yield %4 : i32
  }
  return
}

// -----

// A 1x1 layer without padding over 3 x 12 pixels of 72 channels: the image
// is one line of 36 pixels (runs of 32: two 16-row tiles, then a 4-row
// tail), one full 64-byte chunk in a loop and an 8-byte tail chunk. Without
// a zero fill, the accumulators start from the output.
#map = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 + d4, d2 + d5, d6)>
#map1 = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d3, d4, d5, d6)>
#map2 = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3)>
memref.global "private" constant @w : memref<16x1x1x72xi8> = dense<3> {alignment = 64 : i64}
// CHECK-LABEL: func.func @dense_rows
// CHECK: scf.if
// CHECK-DAG: amx.tile_load %{{.*}}[%{{.*}}], %c16{{.*}} : memref<576xi32> into !amx.tile<16x16xi32>
// CHECK: scf.for
// CHECK: scf.for
// CHECK: scf.for
// CHECK: amx.tile_load %{{.*}}[%{{.*}}], %c72{{.*}} : memref<2592xi8> into !amx.tile<16x64xi8>
// CHECK: amx.tile_load %{{.*}}[%{{.*}}], %c64{{.*}} : memref<4096xi8> into !amx.tile<16x64xi8>
// CHECK: amx.tile_load %{{.*}}[%{{.*}}], %c72{{.*}} : memref<2592xi8> into !amx.tile<16x8xi8>
// CHECK: amx.tile_load %{{.*}}[%{{.*}}], %c64{{.*}} : memref<4096xi8> into !amx.tile<2x64xi8>
// CHECK: } else {
// CHECK: amx.tile_load %{{.*}}[%{{.*}}], %c16{{.*}} : memref<576xi32> into !amx.tile<4x16xi32>
// CHECK: amx.tile_muli %{{.*}} zext, %{{.*}}, %{{.*}} : !amx.tile<4x64xi8>, !amx.tile<16x64xi8>, !amx.tile<4x16xi32>
func.func @dense_rows(%x: memref<1x3x12x72xi8>, %out: memref<1x3x12x16xi32>) {
  %w = memref.get_global @w : memref<16x1x1x72xi8>
  linalg.generic {indexing_maps = [#map, #map1, #map2], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%x, %w : memref<1x3x12x72xi8>, memref<16x1x1x72xi8>) outs(%out : memref<1x3x12x16xi32>) attrs = {qnn.layer = #qnn.layer<strides = [1, 1], dilations = [1, 1], padding = [0, 0, 0, 0], input_max = 3, channels = 72, weight_levels = 256, kernel = amx>} {
  ^bb0(%in: i8, %in_0: i8, %acc: i32):
    %1 = arith.extui %in : i8 to i32
    %2 = arith.extsi %in_0 : i8 to i32
    %3 = arith.muli %1, %2 : i32
    %4 = arith.addi %acc, %3 : i32
    linalg.yield %4 : i32
  }
  return
}

// -----

// Activations in a window of a larger buffer (the first 8 of 16 channels):
// tiles read the window's span of the buffer, pixels 16 bytes apart; the 4
// output rows of 4 pixels are one line, since each ends where the next
// row's input starts (64 bytes).
#map = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 + d4, d2 + d5, d6)>
#map1 = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d3, d4, d5, d6)>
#map2 = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3)>
memref.global "private" constant @w : memref<16x1x1x8xi8> = dense<3> {alignment = 64 : i64}
// CHECK-LABEL: func.func @window
// CHECK: %[[X:.*]] = memref.reinterpret_cast %{{.*}} to offset: [0], sizes: [248], strides: [1] : memref<1x4x4x8xi8, strided<[256, 64, 16, 1]>> to memref<248xi8, strided<[1]>>
// CHECK: amx.tile_load %[[X]][%{{.*}}], %c16{{.*}} : memref<248xi8, strided<[1]>> into !amx.tile<16x8xi8>
func.func @window(%big: memref<1x4x4x16xi8>, %out: memref<1x4x4x16xi32>) {
  %x = memref.subview %big[0, 0, 0, 0] [1, 4, 4, 8] [1, 1, 1, 1] : memref<1x4x4x16xi8> to memref<1x4x4x8xi8, strided<[256, 64, 16, 1]>>
  %w = memref.get_global @w : memref<16x1x1x8xi8>
  linalg.generic {indexing_maps = [#map, #map1, #map2], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%x, %w : memref<1x4x4x8xi8, strided<[256, 64, 16, 1]>>, memref<16x1x1x8xi8>) outs(%out : memref<1x4x4x16xi32>) attrs = {qnn.layer = #qnn.layer<strides = [1, 1], dilations = [1, 1], padding = [0, 0, 0, 0], input_max = 3, channels = 8, weight_levels = 256, kernel = amx>} {
  ^bb0(%in: i8, %in_0: i8, %acc: i32):
    %1 = arith.extui %in : i8 to i32
    %2 = arith.extsi %in_0 : i8 to i32
    %3 = arith.muli %1, %2 : i32
    %4 = arith.addi %acc, %3 : i32
    linalg.yield %4 : i32
  }
  return
}

// -----

// An output in a strided window: tiles store dense rows of the output, and
// the vector kernels need them too, so the cost model of the module's AMX
// target leaves the loops and the generic stays.
#map = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 + d4, d2 + d5, d6)>
#map1 = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d3, d4, d5, d6)>
#map2 = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @strided_output
// CHECK-NOT: amx.
// CHECK: linalg.generic
// CHECK-NOT: amx.
module attributes {qnn.target = #qnn.target<arch = "x86_64", cpu = "sapphirerapids", features = ["avx512f", "avx512bw", "avx512vnni", "amx-tile", "amx-int8"]>} {
memref.global "private" constant @w : memref<16x1x1x8xi8> = dense<3> {alignment = 64 : i64}
func.func @strided_output(%x: memref<1x4x4x8xi8>, %big: memref<1x4x4x32xi32>) {
  %out = memref.subview %big[0, 0, 0, 0] [1, 4, 4, 16] [1, 1, 1, 1] : memref<1x4x4x32xi32> to memref<1x4x4x16xi32, strided<[512, 128, 32, 1]>>
  %w = memref.get_global @w : memref<16x1x1x8xi8>
  linalg.generic {indexing_maps = [#map, #map1, #map2], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%x, %w : memref<1x4x4x8xi8>, memref<16x1x1x8xi8>) outs(%out : memref<1x4x4x16xi32, strided<[512, 128, 32, 1]>>) attrs = {qnn.layer = #qnn.layer<strides = [1, 1], dilations = [1, 1], padding = [0, 0, 0, 0], input_max = 3, channels = 8, weight_levels = 256>} {
  ^bb0(%in: i8, %in_0: i8, %acc: i32):
    %1 = arith.extui %in : i8 to i32
    %2 = arith.extsi %in_0 : i8 to i32
    %3 = arith.muli %1, %2 : i32
    %4 = arith.addi %acc, %3 : i32
    linalg.yield %4 : i32
  }
  return
}
}
