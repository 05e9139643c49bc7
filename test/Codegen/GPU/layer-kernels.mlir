// RUN: qnn-opt %s --qnn-nvvm-layer-kernels -split-input-file | FileCheck %s
// RUN: qnn-opt %s '--qnn-nvvm-layer-kernels=tensor-cores=false' -split-input-file | FileCheck %s --check-prefix=NOMMA

// Without tensor cores (chips before sm_80) only the GEMV replaces layers.
// NOMMA-LABEL: func.func @gemv_thresholds(
// NOMMA: gpu.launch
// NOMMA-LABEL: func.func @gemm_binary(
// NOMMA-NOT: gpu.launch
// NOMMA: linalg.generic {{.*}}qnn.layer

// A batch-1 dense layer (2-bit SAWB weights, 16 inputs, 8 channels) with
// its threshold epilogue: the weight-streaming GEMV. Row 0's codes
// 0 1 2 3 3 2 1 0 0 0 1 1 2 2 3 3 pack into one word (code i of group q at
// bit 16 (q % 2) + 2 (q / 2) + 4 (i % 4)) = 0xCDAB7610, rows padded to 128
// weights (8 words); the level table -3 -1 1 3 is 0x0301FFFD. The
// thresholds run in the kernel: the accumulators never reach memory.
// CHECK: memref.global "private" constant @__qnn_gpu_weights_0 : memref<64xi32> = dense<[-844401136, 0, 0, 0, 0, 0, 0, 0, 858993459, 0,
// CHECK-NOT: @__constant_8x1x1x16xi8
// CHECK-LABEL: func.func @gemv_thresholds(
// CHECK-SAME: %[[X:.*]]: memref<1x16xi8>, %[[Y:.*]]: memref<1x8xi8>)
// CHECK: %[[FLAT:.*]] = memref.collapse_shape %{{.*}} {{\[\[}}0, 1, 2, 3]] : memref<1x1x1x16xi8> into memref<16xi8>
// CHECK: %[[WORDS:.*]] = memref.view %[[FLAT]][%{{.*}}][] : memref<16xi8> to memref<4xi32>
// CHECK: %[[PACKED:.*]] = memref.get_global @__qnn_gpu_weights_0 : memref<64xi32>
// CHECK: gpu.launch blocks({{.*}}) in ({{.*}} = %c1{{.*}}) threads({{.*}}) in ({{.*}} = %c256{{.*}})
// CHECK: scf.for
// CHECK: memref.load %[[WORDS]]
// CHECK: vector.load %[[PACKED]][%{{.*}}] {alignment = 16 : i64} : memref<64xi32>, vector<4xi32>
// CHECK: %[[SEL:.*]] = arith.andi %{{.*}}, %c13107_i32
// CHECK: %[[LEVELS:.*]] = nvvm.prmt <default> %[[SEL]], %c50462717_i32{{.*}}, %c0_i32{{.*}} : i32
// CHECK: %[[BYTES:.*]] = llvm.bitcast %[[LEVELS]] : i32 to vector<4xi8>
// CHECK: nvvm.dot.accumulate.4way %{{.*}} <unsigned>, %[[BYTES]] <signed>
// CHECK: gpu.shuffle  xor %{{.*}}, %c16_i32, %c32_i32 : i32
// CHECK: gpu.shuffle  xor %{{.*}}, %c1_i32, %c32_i32 : i32
// CHECK: scf.if
// CHECK: arith.cmpi sge, %{{.*}}, %c-4_i32 : i32
// CHECK: memref.store %{{.*}}, %[[Y]][%{{.*}}, %{{.*}}] : memref<1x8xi8>
// CHECK: gpu.terminator
// CHECK-NOT: linalg.generic
// CHECK-NOT: memref.alloc
// CHECK: return
#conv = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 + d4, d2 + d5, d6)>
#weights = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d3, d4, d5, d6)>
#acc = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3)>
#id2 = affine_map<(d0, d1) -> (d0, d1)>
memref.global "private" constant @__constant_8x1x1x16xi8 : memref<8x1x1x16xi8> = dense<[
  [[[-3, -1, 1, 3, 3, 1, -1, -3, -3, -3, -1, -1, 1, 1, 3, 3]]],
  [[[3, 3, 3, 3, 3, 3, 3, 3, -3, -3, -3, -3, -3, -3, -3, -3]]],
  [[[-3, -1, 1, 3, 3, 1, -1, -3, -3, -3, -1, -1, 1, 1, 3, 3]]],
  [[[-3, -1, 1, 3, 3, 1, -1, -3, -3, -3, -1, -1, 1, 1, 3, 3]]],
  [[[-3, -1, 1, 3, 3, 1, -1, -3, -3, -3, -1, -1, 1, 1, 3, 3]]],
  [[[-3, -1, 1, 3, 3, 1, -1, -3, -3, -3, -1, -1, 1, 1, 3, 3]]],
  [[[-3, -1, 1, 3, 3, 1, -1, -3, -3, -3, -1, -1, 1, 1, 3, 3]]],
  [[[-3, -1, 1, 3, 3, 1, -1, -3, -3, -3, -1, -1, 1, 1, 3, 3]]]]> {alignment = 64 : i64}
func.func @gemv_thresholds(%x: memref<1x16xi8>, %y: memref<1x8xi8>) {
  %c4_i32 = arith.constant 4 : i32
  %c-4_i32 = arith.constant -4 : i32
  %c0_i32 = arith.constant 0 : i32
  %w = memref.get_global @__constant_8x1x1x16xi8 : memref<8x1x1x16xi8>
  %image = memref.expand_shape %x [[0, 1, 2], [3]] output_shape [1, 1, 1, 16] : memref<1x16xi8> into memref<1x1x1x16xi8>
  %acc = memref.alloc() {alignment = 64 : i64} : memref<1x1x1x8xi32>
  linalg.fill ins(%c0_i32 : i32) outs(%acc : memref<1x1x1x8xi32>)
  linalg.generic {indexing_maps = [#conv, #weights, #acc], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%image, %w : memref<1x1x1x16xi8>, memref<8x1x1x16xi8>) outs(%acc : memref<1x1x1x8xi32>) attrs = {qnn.layer = #qnn.layer<strides = [1, 1], dilations = [1, 1], padding = [0, 0, 0, 0], input_max = 3, channels = 16, weight_levels = 256>} {
  ^bb0(%in: i8, %in_0: i8, %out: i32):
    %1 = arith.extui %in : i8 to i32
    %2 = arith.extsi %in_0 : i8 to i32
    %3 = arith.muli %1, %2 : i32
    %4 = arith.addi %out, %3 : i32
    linalg.yield %4 : i32
  }
  %acc2 = memref.collapse_shape %acc [[0, 1, 2], [3]] : memref<1x1x1x8xi32> into memref<1x8xi32>
  linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]} ins(%acc2 : memref<1x8xi32>) outs(%y : memref<1x8xi8>) {
  ^bb0(%in: i32, %out: i8):
    %1 = arith.cmpi sge, %in, %c-4_i32 : i32
    %2 = arith.extui %1 : i1 to i8
    %3 = arith.cmpi sge, %in, %c0_i32 : i32
    %4 = arith.extui %3 : i1 to i8
    %5 = arith.addi %2, %4 : i8
    %6 = arith.cmpi sge, %in, %c4_i32 : i32
    %7 = arith.extui %6 : i1 to i8
    %8 = arith.addi %5, %7 : i8
    linalg.yield %8 : i8
  }
  memref.dealloc %acc : memref<1x1x1x8xi32>
  return
}

// -----

// A 3x3 convolution of 16 channels (stride 2, 2 images of 5x5 padded to
// 7x7, 5 output channels) with binary weights: the mma.sync GEMM,
// activations gathered 16 bytes at a time into double-buffered shared
// memory (dynamic shared memory, 16-byte aligned for the 16-byte stores),
// 1-bit codes decoded per lane. No elementwise consumer: the
// kernel stores the accumulators.
// CHECK-LABEL: func.func @gemm_binary(
// CHECK: memref.get_global @__qnn_gpu_weights_{{[0-9]+}} : memref<40xi32>
// CHECK: %[[ACC:.*]] = memref.collapse_shape %{{.*}} {{\[\[}}0, 1, 2], [3]] : memref<2x3x3x5xi32> into memref<18x5xi32>
// CHECK: gpu.launch blocks({{.*}}) in ({{.*}} = %c1{{.*}}, {{.*}} = %c1{{.*}}, {{.*}}) threads({{.*}}) in ({{.*}} = %c128{{.*}}) dynamic_shared_memory_size %c10240_i32
// CHECK: %[[RAW:.*]] = gpu.dynamic_shared_memory : memref<?xi8, #gpu.address_space<workgroup>>
// CHECK: %[[SMEM:.*]] = memref.view %[[RAW]][%{{.*}}][] : memref<?xi8, #gpu.address_space<workgroup>> to memref<2x64x20xi32, #gpu.address_space<workgroup>>
// CHECK: vector.load %{{.*}} {alignment = 16 : i64} : memref<392xi32>, vector<4xi32>
// CHECK: vector.store %{{.*}}, %[[SMEM]][%{{.*}}, %{{.*}}, %{{.*}}] {alignment = 16 : i64}
// CHECK: gpu.barrier
// CHECK: scf.for
// CHECK: memref.load %[[SMEM]]
// CHECK: arith.andi %{{.*}}, %c4369_i32
// CHECK: nvvm.prmt
// CHECK: nvvm.mma.sync A[{{.*}}] B[{{.*}}] C[{{.*}}] {intOverflowBehavior = #nvvm.mma_int_overflow<wrapped>, layoutA = #nvvm.mma_layout<row>, layoutB = #nvvm.mma_layout<col>, multiplicandAPtxType = #nvvm.mma_type<u8>, multiplicandBPtxType = #nvvm.mma_type<s8>, shape = #nvvm.shape<m = 16, n = 8, k = 32>}
// CHECK: gpu.barrier
// CHECK: memref.store %{{.*}}, %[[ACC]][%{{.*}}, %{{.*}}] : memref<18x5xi32>
// CHECK-NOT: linalg.generic
#conv = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 * 2 + d4, d2 * 2 + d5, d6)>
#weights = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d3, d4, d5, d6)>
#acc = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3)>
memref.global "private" constant @__constant_5x3x3x16xi8 : memref<5x3x3x16xi8> = dense<1> {alignment = 64 : i64}
memref.global "private" constant @binary : memref<5x3x3x16xi8> = dense<-1> {alignment = 64 : i64}
func.func @gemm_binary(%x: memref<2x7x7x16xi8>, %y: memref<2x3x3x5xi32>) {
  %c0_i32 = arith.constant 0 : i32
  %w = memref.get_global @binary : memref<5x3x3x16xi8>
  %acc = memref.alloc() {alignment = 64 : i64} : memref<2x3x3x5xi32>
  linalg.fill ins(%c0_i32 : i32) outs(%acc : memref<2x3x3x5xi32>)
  linalg.generic {indexing_maps = [#conv, #weights, #acc], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%x, %w : memref<2x7x7x16xi8>, memref<5x3x3x16xi8>) outs(%acc : memref<2x3x3x5xi32>) attrs = {qnn.layer = #qnn.layer<strides = [2, 2], dilations = [1, 1], padding = [0, 0, 0, 0], input_max = 3, channels = 16, weight_levels = 256>} {
  ^bb0(%in: i8, %in_0: i8, %out: i32):
    %1 = arith.extui %in : i8 to i32
    %2 = arith.extsi %in_0 : i8 to i32
    %3 = arith.muli %1, %2 : i32
    %4 = arith.addi %out, %3 : i32
    linalg.yield %4 : i32
  }
  memref.copy %acc, %y : memref<2x3x3x5xi32> to memref<2x3x3x5xi32>
  memref.dealloc %acc : memref<2x3x3x5xi32>
  return
}

// -----

// A 4-channel input (the word-by-word gather) with 8-bit weights of more
// than 16 levels (the level bytes themselves, no decoding), and a 4-bit
// layer: codes 0-7 and 8-15 from two byte permutes, bit 3 choosing.
// CHECK-LABEL: func.func @gemm_words_and_nibbles(
// CHECK: gpu.launch
// CHECK-NOT: nvvm.prmt
// CHECK: memref.load %{{.*}} : memref<25xi32>
// CHECK-NOT: nvvm.prmt
// CHECK: nvvm.mma.sync
// CHECK: gpu.terminator
// CHECK: gpu.launch
// CHECK: %[[LOW3:.*]] = arith.andi %{{.*}}, %c30583_i32
// CHECK: nvvm.prmt <default> %[[LOW3]], %{{.*}}, %{{.*}} : i32
// CHECK: nvvm.prmt <default> %[[LOW3]], %{{.*}}, %{{.*}} : i32
// CHECK: %[[BIT3:.*]] = arith.andi %{{.*}}, %c17476_i32
// CHECK: nvvm.prmt <default> %[[BIT3]], %c0_i32{{.*}}, %c-1_i32
// CHECK: nvvm.mma.sync
#conv = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 + d4, d2 + d5, d6)>
#weights = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d3, d4, d5, d6)>
#acc = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3)>
memref.global "private" constant @wide : memref<3x2x2x4xi8> = dense<[[[[-100, -90, -80, -70], [-60, -50, -40, -30]], [[-20, -10, 0, 10], [20, 30, 40, 50]]], [[[60, 70, 80, 90], [100, 110, 120, 127]], [[1, 2, 3, 4], [5, 6, 7, 8]]], [[[9, 11, 12, 13], [14, 15, 16, 17]], [[18, 19, 21, 22], [23, 24, 25, 26]]]]> {alignment = 64 : i64}
memref.global "private" constant @nibbles : memref<3x1x1x16xi8> = dense<[[[[-8, -7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7]]], [[[7, 6, 5, 4, 3, 2, 1, 0, -1, -2, -3, -4, -5, -6, -7, -8]]], [[[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]]]]> {alignment = 64 : i64}
func.func @gemm_words_and_nibbles(%x: memref<1x5x5x4xi8>, %x2: memref<1x5x5x16xi8>, %y: memref<1x4x4x3xi32>, %y2: memref<1x5x5x3xi32>) {
  %c0_i32 = arith.constant 0 : i32
  %w = memref.get_global @wide : memref<3x2x2x4xi8>
  %acc = memref.alloc() {alignment = 64 : i64} : memref<1x4x4x3xi32>
  linalg.fill ins(%c0_i32 : i32) outs(%acc : memref<1x4x4x3xi32>)
  linalg.generic {indexing_maps = [#conv, #weights, #acc], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%x, %w : memref<1x5x5x4xi8>, memref<3x2x2x4xi8>) outs(%acc : memref<1x4x4x3xi32>) attrs = {qnn.layer = #qnn.layer<strides = [1, 1], dilations = [1, 1], padding = [0, 0, 0, 0], input_max = 255, channels = 4, weight_levels = 256>} {
  ^bb0(%in: i8, %in_0: i8, %out: i32):
    %1 = arith.extui %in : i8 to i32
    %2 = arith.extsi %in_0 : i8 to i32
    %3 = arith.muli %1, %2 : i32
    %4 = arith.addi %out, %3 : i32
    linalg.yield %4 : i32
  }
  memref.copy %acc, %y : memref<1x4x4x3xi32> to memref<1x4x4x3xi32>
  memref.dealloc %acc : memref<1x4x4x3xi32>
  %w2 = memref.get_global @nibbles : memref<3x1x1x16xi8>
  %acc2 = memref.alloc() {alignment = 64 : i64} : memref<1x5x5x3xi32>
  linalg.fill ins(%c0_i32 : i32) outs(%acc2 : memref<1x5x5x3xi32>)
  linalg.generic {indexing_maps = [#conv, #weights, #acc], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%x2, %w2 : memref<1x5x5x16xi8>, memref<3x1x1x16xi8>) outs(%acc2 : memref<1x5x5x3xi32>) attrs = {qnn.layer = #qnn.layer<strides = [1, 1], dilations = [1, 1], padding = [0, 0, 0, 0], input_max = 255, channels = 16, weight_levels = 256>} {
  ^bb0(%in: i8, %in_0: i8, %out: i32):
    %1 = arith.extui %in : i8 to i32
    %2 = arith.extsi %in_0 : i8 to i32
    %3 = arith.muli %1, %2 : i32
    %4 = arith.addi %out, %3 : i32
    linalg.yield %4 : i32
  }
  memref.copy %acc2, %y2 : memref<1x5x5x3xi32> to memref<1x5x5x3xi32>
  memref.dealloc %acc2 : memref<1x5x5x3xi32>
  return
}

// -----

// Accumulators read by two consumers: the kernel stores them and both
// consumers stay loops. Accumulators not zero-filled before the layer
// (the layer adds to what is there): no kernel.
// CHECK-LABEL: func.func @not_fused(
// CHECK: gpu.launch
// CHECK: memref.store %{{.*}}, %{{.*}}[%{{.*}}, %{{.*}}] : memref<1x4xi32>
// CHECK: gpu.terminator
// CHECK: linalg.generic
// CHECK: linalg.generic
// CHECK-LABEL: func.func @not_zero_filled(
// CHECK-NOT: gpu.launch
// CHECK: linalg.generic {{.*}}qnn.layer
#conv = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 + d4, d2 + d5, d6)>
#weights = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d3, d4, d5, d6)>
#acc = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3)>
#id2 = affine_map<(d0, d1) -> (d0, d1)>
memref.global "private" constant @w : memref<4x1x1x8xi8> = dense<1> {alignment = 64 : i64}
func.func @not_fused(%x: memref<1x1x1x8xi8>, %y: memref<1x4xi32>, %z: memref<1x4xi32>) {
  %c0_i32 = arith.constant 0 : i32
  %w = memref.get_global @w : memref<4x1x1x8xi8>
  %acc = memref.alloc() {alignment = 64 : i64} : memref<1x1x1x4xi32>
  linalg.fill ins(%c0_i32 : i32) outs(%acc : memref<1x1x1x4xi32>)
  linalg.generic {indexing_maps = [#conv, #weights, #acc], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%x, %w : memref<1x1x1x8xi8>, memref<4x1x1x8xi8>) outs(%acc : memref<1x1x1x4xi32>) attrs = {qnn.layer = #qnn.layer<strides = [1, 1], dilations = [1, 1], padding = [0, 0, 0, 0], input_max = 3, channels = 8, weight_levels = 256>} {
  ^bb0(%in: i8, %in_0: i8, %out: i32):
    %1 = arith.extui %in : i8 to i32
    %2 = arith.extsi %in_0 : i8 to i32
    %3 = arith.muli %1, %2 : i32
    %4 = arith.addi %out, %3 : i32
    linalg.yield %4 : i32
  }
  %acc2 = memref.collapse_shape %acc [[0, 1, 2], [3]] : memref<1x1x1x4xi32> into memref<1x4xi32>
  linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]} ins(%acc2 : memref<1x4xi32>) outs(%y : memref<1x4xi32>) {
  ^bb0(%in: i32, %out: i32):
    %1 = arith.addi %in, %in : i32
    linalg.yield %1 : i32
  }
  linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]} ins(%acc2 : memref<1x4xi32>) outs(%z : memref<1x4xi32>) {
  ^bb0(%in: i32, %out: i32):
    %1 = arith.muli %in, %in : i32
    linalg.yield %1 : i32
  }
  memref.dealloc %acc : memref<1x1x1x4xi32>
  return
}
func.func @not_zero_filled(%x: memref<1x1x1x8xi8>, %acc: memref<1x1x1x4xi32>) {
  %w = memref.get_global @w : memref<4x1x1x8xi8>
  linalg.generic {indexing_maps = [#conv, #weights, #acc], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%x, %w : memref<1x1x1x8xi8>, memref<4x1x1x8xi8>) outs(%acc : memref<1x1x1x4xi32>) attrs = {qnn.layer = #qnn.layer<strides = [1, 1], dilations = [1, 1], padding = [0, 0, 0, 0], input_max = 3, channels = 8, weight_levels = 256>} {
  ^bb0(%in: i8, %in_0: i8, %out: i32):
    %1 = arith.extui %in : i8 to i32
    %2 = arith.extsi %in_0 : i8 to i32
    %3 = arith.muli %1, %2 : i32
    %4 = arith.addi %out, %3 : i32
    linalg.yield %4 : i32
  }
  return
}

// -----

// A consumer that writes into the activations' buffer: the kernel would
// read what it overwrites, so it stores the accumulators and the consumer
// stays a loop.
// CHECK-LABEL: func.func @consumer_in_place(
// CHECK: gpu.launch
// CHECK: memref.store %{{.*}}, %{{.*}}[%{{.*}}, %{{.*}}] : memref<1x4xi32>
// CHECK: gpu.terminator
// CHECK: linalg.generic
#conv = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 + d4, d2 + d5, d6)>
#weights = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d3, d4, d5, d6)>
#acc = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3)>
#id2 = affine_map<(d0, d1) -> (d0, d1)>
memref.global "private" constant @w : memref<4x1x1x8xi8> = dense<1> {alignment = 64 : i64}
func.func @consumer_in_place(%x: memref<1x1x1x8xi8>) {
  %c0_i32 = arith.constant 0 : i32
  %w = memref.get_global @w : memref<4x1x1x8xi8>
  %acc = memref.alloc() {alignment = 64 : i64} : memref<1x1x1x4xi32>
  linalg.fill ins(%c0_i32 : i32) outs(%acc : memref<1x1x1x4xi32>)
  linalg.generic {indexing_maps = [#conv, #weights, #acc], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%x, %w : memref<1x1x1x8xi8>, memref<4x1x1x8xi8>) outs(%acc : memref<1x1x1x4xi32>) attrs = {qnn.layer = #qnn.layer<strides = [1, 1], dilations = [1, 1], padding = [0, 0, 0, 0], input_max = 3, channels = 8, weight_levels = 256>} {
  ^bb0(%in: i8, %in_0: i8, %out: i32):
    %1 = arith.extui %in : i8 to i32
    %2 = arith.extsi %in_0 : i8 to i32
    %3 = arith.muli %1, %2 : i32
    %4 = arith.addi %out, %3 : i32
    linalg.yield %4 : i32
  }
  %acc2 = memref.collapse_shape %acc [[0, 1, 2], [3]] : memref<1x1x1x4xi32> into memref<1x4xi32>
  %xv = memref.collapse_shape %x [[0, 1, 2], [3]] : memref<1x1x1x8xi8> into memref<1x8xi8>
  %o = memref.subview %xv[0, 0] [1, 4] [1, 1] : memref<1x8xi8> to memref<1x4xi8, strided<[8, 1]>>
  linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]} ins(%acc2 : memref<1x4xi32>) outs(%o : memref<1x4xi8, strided<[8, 1]>>) {
  ^bb0(%in: i32, %out: i8):
    %1 = arith.trunci %in : i32 to i8
    linalg.yield %1 : i8
  }
  memref.dealloc %acc : memref<1x1x1x4xi32>
  return
}
