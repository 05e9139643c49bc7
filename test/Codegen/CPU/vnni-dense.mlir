// RUN: qnn-opt %s -convert-qnn-to-linalg=vnni-conv=true -split-input-file | FileCheck %s
// RUN: qnn-opt %s '--qnn-cpu-pipeline=target=avx512-vnni' -split-input-file | FileCheck %s --check-prefix=KERNEL

// Code generation only (no execution): runs on any machine.

// A dense layer with constant weights is the 1x1 convolution of a
// 1 x 1 x M x K image: K = 10 is padded to 12 with zero weights.
// CHECK-LABEL: func.func @dense
// CHECK: tensor.expand_shape %{{.*}} {{\[\[}}0, 1, 2], [3]] output_shape [1, 1, 3, 10] : tensor<3x10xi8> into tensor<1x1x3x10xi8>
// CHECK: %[[ZEROS:.*]] = linalg.fill ins(%c0_i8 : i8) outs(%{{.*}} : tensor<1x1x3x12xi8>)
// CHECK: tensor.insert_slice %{{.*}} into %[[ZEROS]][0, 0, 0, 0] [1, 1, 3, 10] [1, 1, 1, 1]
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x1x3x12xi8>, tensor<20x1x1x12xi8>) outs(%{{.*}} : tensor<1x1x3x20xi32>) attrs = {qnn.layer = #qnn.layer<strides = [1, 1], dilations = [1, 1], padding = [0, 0, 0, 0], input_max = 3, channels = 10, weight_levels = 1>}
// CHECK: tensor.collapse_shape %{{.*}} {{\[\[}}0, 1, 2], [3]] : tensor<1x1x3x20xi32> into tensor<3x20xi32>
// KERNEL-LABEL: llvm.func internal @dense__par
// KERNEL: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"
func.func @dense(%x: tensor<3x10x!qnn.uniform<u2:f32, 0.5>>) -> tensor<3x20xi32> {
  %w = qnn.constant dense<1> : tensor<20x10xui8> -> tensor<20x10x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.03>>
  %y = qnn.dense %x, %w : tensor<3x10x!qnn.uniform<u2:f32, 0.5>>, tensor<20x10x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.03>> -> tensor<3x20xi32>
  return %y : tensor<3x20xi32>
}

// -----

// Activations quantized per channel (one scale per K) have no per-pixel
// form in the kernel: the portable matmul stays.
// CHECK-LABEL: func.func @per_channel
// CHECK-NOT: qnn.layer
// CHECK: linalg.generic
// KERNEL-LABEL: llvm.func internal @per_channel__par
// KERNEL-NOT: vpdpbusd
func.func @per_channel(%x: tensor<2x4x!qnn.uniform<u2:f32:1, {0.5, 0.25, 0.5, 0.25}>>) -> tensor<2x8xi32> {
  %w = qnn.constant dense<1> : tensor<8x4xui8> -> tensor<8x4x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.03>>
  %y = qnn.dense %x, %w : tensor<2x4x!qnn.uniform<u2:f32:1, {0.5, 0.25, 0.5, 0.25}>>, tensor<8x4x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.03>> -> tensor<2x8xi32>
  return %y : tensor<2x8xi32>
}
