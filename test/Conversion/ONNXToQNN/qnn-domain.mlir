// RUN: qnn-opt %s --convert-onnx-to-qnn | FileCheck %s

// qnn's own ONNX domain: the scheme quantizers, legalized at once.

// A run-time activation: an exact multithreshold (PACT 2-bit with alpha 2:
// levels 0, 2/3, 4/3, 2, thresholds halfway), then dequantize.
// CHECK-LABEL: func.func @pact
// CHECK: %[[M:.*]] = qnn.multithreshold %arg0 {thresholds = dense<{{\[}}[0.333333373, 1.000000e+00, 1.66666687]]> : tensor<1x3xf32>} : tensor<4xf32> -> tensor<4x!qnn.uniform<u2:f32, 0.6666666666666666>>
// CHECK: %[[D:.*]] = qnn.dequantize %[[M]]
// CHECK: return %[[D]]
func.func @pact(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = onnx.node "Pact" <"qnn", 1> (%x) {alpha = 2.0 : f32, bits = 2} : (tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// Constant weights: qnn.constant codes of the scheme's codebook (SAWB
// 2-bit: -3, -1, 1, 3 times alpha / 3).
// CHECK-LABEL: func.func @sawb_weights
// CHECK: %[[K:.*]] = qnn.constant dense<{{\[}}[2, 1], [3, 0]]> : tensor<2x2xui8> -> tensor<2x2x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * {{.*}}>>
// CHECK: qnn.dequantize %[[K]]
func.func @sawb_weights() -> tensor<2x2xf32> {
  %w = onnx.constant dense<[[0.5, -0.25], [1.0, -1.0]]> : tensor<2x2xf32>
  %y = onnx.node "Sawb" <"qnn", 1> (%w) {bits = 2} : (tensor<2x2xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// CHECK-LABEL: func.func @binary_per_channel
// CHECK: qnn.constant dense<{{\[}}[1, 0], [1, 0]]> : tensor<2x2xui8> -> tensor<2x2x!qnn.codebook<u1:f32:0, [-1, 1] * {0.5, 0.25}>>
func.func @binary_per_channel() -> tensor<2x2xf32> {
  %w = onnx.constant dense<[[0.5, -0.25], [1.0, -1.0]]> : tensor<2x2xf32>
  %y = onnx.node "Binary" <"qnn", 1> (%w) {scale = array<f32: 0.5, 0.25>, axis = 0} : (tensor<2x2xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// LearnedLevels reads its level table from the second input.
// CHECK-LABEL: func.func @learned_levels
// CHECK: qnn.multithreshold %arg0 {{.*}} -> tensor<4x!qnn.codebook<u2:f32, [-1, 0, 0.5, 2]>>
func.func @learned_levels(%x: tensor<4xf32>) -> tensor<4xf32> {
  %l = onnx.constant dense<[-1.0, 0.0, 0.5, 2.0]> : tensor<4xf32>
  %y = onnx.node "LearnedLevels" <"qnn", 1> (%x, %l) {} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// CHECK-LABEL: func.func @ternary
// CHECK: qnn.multithreshold %arg0 {{.*}} : tensor<1x2xf32>} : tensor<4xf32> -> tensor<4x!qnn.codebook<u2:f32, [-1, 0, 1] * 2.0>>
func.func @ternary(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = onnx.node "Ternary" <"qnn", 1> (%x) {threshold = 0.5 : f32, scale = 2.0 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}
