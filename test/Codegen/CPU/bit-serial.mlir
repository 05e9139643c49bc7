// RUN: qnn-opt %s -qnn-attach-target=target=avx512-vpopcntdq -convert-qnn-to-linalg=vnni-conv=true -eliminate-empty-tensors "-one-shot-bufferize=bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" -cse -canonicalize -qnn-x86-vnni-conv -split-input-file | FileCheck %s
// RUN: qnn-opt %s -qnn-attach-target=target=avx512-vnni -convert-qnn-to-linalg=vnni-conv=true "-one-shot-bufferize=bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" -qnn-x86-vnni-conv -split-input-file | FileCheck %s --check-prefix=OFF
// RUN: qnn-opt %s '--qnn-cpu-pipeline=target=avx512-vpopcntdq' -split-input-file | FileCheck %s --check-prefix=PIPELINE

// Code generation only (no execution): runs on any machine.

// Binary weights (levels -1, 1) times 1-bit activations over 16 channels:
// one plane each. Output channel o's weight has code 1 at channel o (and
// channel 7's also at 15): its plane word has those bits set, one i64 lane
// per output channel.
// CHECK-LABEL: memref.global "private" constant @__qnn_popcnt_weights_0 : memref<8xi64> = dense<[1, 2, 4, 8, 16, 32, 64, 32896]>
// CHECK-LABEL: func.func @binary
// The activation planes: per input pixel one word (bit j of each channel's
// byte, channels past 16 masked off), then the pixel's sum of activations
// (the lowest level is -1, not 0: -1 * sum(x) + 2 * popcount(w & x)).
// CHECK: %[[PLANES:.*]] = memref.alloc() {alignment = 64 : i64} : memref<12xi64>
// CHECK: scf.parallel
// CHECK: %[[BYTES:.*]] = vector.transfer_read %arg0
// CHECK-SAME: memref<1x2x3x16xi8>, vector<64xi8>
// CHECK: %[[BIT:.*]] = arith.andi %[[BYTES]], %{{.*}} : vector<64xi8>
// CHECK: %[[SET:.*]] = arith.cmpi ne, %[[BIT]], %{{.*}} : vector<64xi8>
// CHECK: %[[CAST:.*]] = vector.bitcast %[[SET]] : vector<64xi1> to vector<1xi64>
// CHECK: %[[WORD:.*]] = vector.extract %[[CAST]][0]
// CHECK: %[[MASKED:.*]] = arith.andi %[[WORD]], %c65535_i64 : i64
// CHECK: memref.store %[[MASKED]], %[[PLANES]]
// CHECK: math.ctpop %[[MASKED]] : i64
// The kernel: weight plane words of 8 output channels and activation words
// broadcast to them, anded, counted and summed per lane.
// CHECK: scf.parallel
// CHECK: %[[W:.*]] = vector.load %{{.*}} : memref<8xi64>, vector<8xi64>
// CHECK: %[[X:.*]] = memref.load %[[PLANES]]
// CHECK: %[[XB:.*]] = vector.broadcast %[[X]] : i64 to vector<8xi64>
// CHECK: %[[AND:.*]] = arith.andi %[[W]], %[[XB]] : vector<8xi64>
// CHECK: %[[COUNT:.*]] = math.ctpop %[[AND]] : vector<8xi64>
// CHECK: arith.addi %{{.*}}, %[[COUNT]] : vector<8xi64>
// 2 * count - sum, as i32.
// CHECK: arith.muli %{{.*}}, %cst{{.*}} : vector<8xi64>
// CHECK: arith.muli %{{.*}}, %c-1_i64 : i64
// CHECK: arith.trunci %{{.*}} : vector<8xi64> to vector<8xi32>
// CHECK: vector.transfer_write
// CHECK: memref.dealloc %[[PLANES]]
// Without the option the layer keeps vpdpbusd.
// OFF-LABEL: func.func @binary
// OFF-NOT: math.ctpop
// OFF: llvm.x86.avx512.vpdpbusd.512
// The pipeline's bit-serial target requires the feature and selects the
// kernel.
// PIPELINE: llvm.mlir.global private constant @__qnn_popcnt_weights_0
// PIPELINE: llvm.func @binary
// PIPELINE-SAME: target_features = #llvm.target_features<["+avx512f", "+avx512bw", "+avx512vnni", "+avx512vpopcntdq", "+popcnt"]>
// PIPELINE: llvm.intr.ctpop({{.*}}) : (vector<8xi64>) -> vector<8xi64>
func.func @binary(%x: tensor<1x2x3x16x!qnn.uniform<u1:f32, 1.0>>) -> tensor<1x2x3x8xi32> {
  %w = qnn.constant dense<[[[[1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]]], [[[0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]]], [[[0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]]], [[[0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]]], [[[0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]]], [[[0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]]], [[[0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]]], [[[0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1]]]]> : tensor<8x1x1x16xui8> -> tensor<8x1x1x16x!qnn.codebook<u1:f32, [-1, 1] * 0.5>>
  %acc = qnn.conv2d %x, %w : tensor<1x2x3x16x!qnn.uniform<u1:f32, 1.0>>, tensor<8x1x1x16x!qnn.codebook<u1:f32, [-1, 1] * 0.5>> -> tensor<1x2x3x8xi32>
  return %acc : tensor<1x2x3x8xi32>
}

// -----

// 2-bit SAWB weights (levels -3, -1, 1, 3 = -3 + 2 b0 + 4 b1) times 2-bit
// activations: two planes each, four counts per lane. Weight c has code
// c mod 4: plane 0 holds the odd channels (0xAAAA...), plane 1 channels 2
// and 3 of every 4 (0xCCCC...). The result is -3 sum(x) + 2 (n00 + 2 n01) +
// 4 (n10 + 2 n11).
// CHECK-LABEL: memref.global "private" constant @__qnn_popcnt_weights_0 : memref<16xi64> = dense<[-6148914691236517206, 0, 0, 0, 0, 0, 0, 0, -3689348814741910324, 0, 0, 0, 0, 0, 0, 0]>
// CHECK-LABEL: func.func @two_bit
// CHECK: %[[BIT1:.*]] = arith.constant dense<2> : vector<64xi8>
// CHECK: arith.andi %{{.*}}, %[[BIT1]] : vector<64xi8>
// CHECK: scf.parallel
// CHECK-COUNT-4: math.ctpop %{{.*}} : vector<8xi64>
// CHECK: %[[ONE:.*]] = arith.constant dense<1> : vector<8xi64>
// CHECK: arith.shli %{{.*}}, %[[ONE]] : vector<8xi64>
// CHECK: %[[TWO:.*]] = arith.constant dense<2> : vector<8xi64>
// CHECK: arith.muli %{{.*}}, %[[TWO]] : vector<8xi64>
// CHECK: %[[ONE2:.*]] = arith.constant dense<1> : vector<8xi64>
// CHECK: arith.shli %{{.*}}, %[[ONE2]] : vector<8xi64>
// CHECK: %[[FOUR:.*]] = arith.constant dense<4> : vector<8xi64>
// CHECK: arith.muli %{{.*}}, %[[FOUR]] : vector<8xi64>
// CHECK: arith.muli %{{.*}}, %c-3_i64 : i64
func.func @two_bit(%x: tensor<1x4x4x64x!qnn.uniform<u2:f32, 0.5>>) -> tensor<1x4x4x1xi32> {
  %w = qnn.constant dense<[[[[0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3]]]]> : tensor<1x1x1x64xui8> -> tensor<1x1x1x64x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.1>>
  %acc = qnn.conv2d %x, %w : tensor<1x4x4x64x!qnn.uniform<u2:f32, 0.5>>, tensor<1x1x1x64x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.1>> -> tensor<1x4x4x1xi32>
  return %acc : tensor<1x4x4x1xi32>
}

// -----

// A zero-padded input: the planes are built from the unpadded buffer (zero
// words for padding pixels) and the padded copy, its fill and its buffer
// are gone.
// CHECK-LABEL: func.func @padded
// CHECK-NOT: linalg.map
// CHECK-NOT: memref.copy
// CHECK: scf.parallel
// CHECK: %[[IY:.*]] = arith.subi %{{.*}}, %c1{{.*}} : index
// CHECK: %[[IX:.*]] = arith.subi %{{.*}}, %c1{{.*}} : index
// CHECK: %[[IN_Y:.*]] = arith.cmpi ult, %[[IY]], %c4{{.*}} : index
// CHECK: %[[IN_X:.*]] = arith.cmpi ult, %[[IX]], %c4{{.*}} : index
// CHECK: %[[INSIDE:.*]] = arith.andi %[[IN_Y]], %[[IN_X]] : i1
// CHECK: scf.if %[[INSIDE]]
// CHECK: vector.transfer_read %arg0[%{{.*}}, %[[IY]], %[[IX]], %{{.*}}]
// CHECK: } else {
// CHECK-COUNT-3: memref.store %c0_i64
// CHECK-NOT: memref<1x6x6x64xi8>
// CHECK: return
func.func @padded(%x: tensor<1x4x4x64x!qnn.uniform<u2:f32, 0.5>>) -> tensor<1x4x4x2xi32> {
  %w = qnn.constant dense<"0x000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303"> : tensor<2x3x3x64xui8> -> tensor<2x3x3x64x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.1>>
  %acc = qnn.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>} : tensor<1x4x4x64x!qnn.uniform<u2:f32, 0.5>>, tensor<2x3x3x64x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.1>> -> tensor<1x4x4x2xi32>
  return %acc : tensor<1x4x4x2xi32>
}

// -----

// The padded input written in place by its producer (the activation
// quantizer writes into the window of the zero-filled buffer): the planes
// come from the window and the zero fill of the padding goes; the buffer
// stays, as the producer's output.
// CHECK-LABEL: func.func @produced
// CHECK: %[[PADDED:.*]] = memref.alloc() {alignment = 64 : i64} : memref<1x6x6x64xi8>
// CHECK-NOT: linalg.fill
// CHECK: %[[WINDOW:.*]] = memref.subview %[[PADDED]][0, 1, 1, 0] [1, 4, 4, 64] [1, 1, 1, 1]
// CHECK: linalg.generic {{.*}} outs(%[[WINDOW]] :
// CHECK-NOT: linalg.fill
// CHECK: scf.parallel
// CHECK: scf.if
// CHECK: vector.transfer_read %[[WINDOW]]
// CHECK: memref.dealloc %[[PADDED]]
func.func @produced(%f: tensor<1x4x4x64xf32>) -> tensor<1x4x4x2xi32> {
  %x = qnn.multithreshold %f {thresholds = dense<[[0.5, 1.0, 1.5]]> : tensor<1x3xf32>} : tensor<1x4x4x64xf32> -> tensor<1x4x4x64x!qnn.uniform<u2:f32, 0.5>>
  %w = qnn.constant dense<"0x000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303"> : tensor<2x3x3x64xui8> -> tensor<2x3x3x64x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.1>>
  %acc = qnn.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>} : tensor<1x4x4x64x!qnn.uniform<u2:f32, 0.5>>, tensor<2x3x3x64x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.1>> -> tensor<1x4x4x2xi32>
  return %acc : tensor<1x4x4x2xi32>
}

// -----

// 16 channels of 2-bit weights times 2-bit activations: 4 counts per 64
// channels would not be half of vpdpbusd's 4 per 16 channels, so the layer
// keeps vpdpbusd.
// CHECK-LABEL: func.func @few_channels
// CHECK-NOT: math.ctpop
// CHECK: llvm.x86.avx512.vpdpbusd.512
func.func @few_channels(%x: tensor<1x4x4x16x!qnn.uniform<u2:f32, 0.5>>) -> tensor<1x4x4x1xi32> {
  %w = qnn.constant dense<[[[[0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3]]]]> : tensor<1x1x1x16xui8> -> tensor<1x1x1x16x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.1>>
  %acc = qnn.conv2d %x, %w : tensor<1x4x4x16x!qnn.uniform<u2:f32, 0.5>>, tensor<1x1x1x16x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.1>> -> tensor<1x4x4x1xi32>
  return %acc : tensor<1x4x4x1xi32>
}
