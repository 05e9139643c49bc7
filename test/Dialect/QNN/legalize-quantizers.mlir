// RUN: qnn-opt %s -qnn-legalize-quantizers -split-input-file | FileCheck %s

// Codes match the reference library bit for bit; unittests/Dialect checks
// that for every scheme on random inputs. Here: which form each scheme takes.

// Weights: constant inputs become constant codes.
// CHECK-LABEL: func.func @sawb_weights
// w = {0.3, -0.1, 0.05, -0.4}: alpha_w = 0.36000514, levels {-3, -1, 1, 3}.
// CHECK: %[[C:.*]] = qnn.constant dense<{{\[}}[3, 1], [2, 0]]> : tensor<2x2xui8> -> tensor<2x2x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.1200{{[0-9]*}}>>
// CHECK: %[[D:.*]] = qnn.dequantize %[[C]]
// CHECK: return %[[D]]
func.func @sawb_weights() -> tensor<2x2xf32> {
  %w = arith.constant dense<[[0.3, -0.1], [0.05, -0.4]]> : tensor<2x2xf32>
  %q = qnn.sawb %w {bits = 2 : i32} : tensor<2x2xf32>
  return %q : tensor<2x2xf32>
}

// -----

// CHECK-LABEL: func.func @sawb_ternary
// CHECK: qnn.constant dense<[2, 1, 0]> : tensor<3xui8> -> tensor<3x!qnn.codebook<u2:f32, [-1, 0, 1] * {{.*}}>>
func.func @sawb_ternary() -> tensor<3xf32> {
  %w = arith.constant dense<[1.0, 0.01, -1.0]> : tensor<3xf32>
  %q = qnn.sawb %w {ternary} : tensor<3xf32>
  return %q : tensor<3xf32>
}

// -----

// APoT 3-bit signed, alpha 1: levels {-4, -2, -1, 0, 1, 2, 4} / 4.
// CHECK-LABEL: func.func @apot_weights
// CHECK: qnn.constant dense<[0, 3, 3, 4, 6]> : tensor<5xui8> -> tensor<5x!qnn.codebook<u3:f32, [-4, -2, -1, 0, 1, 2, 4] * 0.25>>
func.func @apot_weights() -> tensor<5xf32> {
  %w = arith.constant dense<[-2.0, 0.125, -0.1, 0.2, 0.8]> : tensor<5xf32>
  %q = qnn.apot %w {alpha = 1.0 : f32, bits = 3 : i32, is_signed} : tensor<5xf32>
  return %q : tensor<5xf32>
}

// -----

// CHECK-LABEL: func.func @binary_per_channel
// mean |w| per row: 0.5 and 2.0.
// CHECK: qnn.constant dense<{{\[}}[1, 0], [0, 1]]> : tensor<2x2xui8> -> tensor<2x2x!qnn.codebook<u1:f32:0, [-1, 1] * {0.5, 2.0}>>
func.func @binary_per_channel() -> tensor<2x2xf32> {
  %w = arith.constant dense<[[0.0, -1.0], [-3.0, 1.0]]> : tensor<2x2xf32>
  %q = qnn.binary %w {axis = 0 : i64} : tensor<2x2xf32>
  return %q : tensor<2x2xf32>
}

// -----

// CHECK-LABEL: func.func @slb_logits
// CHECK: qnn.constant dense<[1, 3]> : tensor<2xui8> -> tensor<2x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.333{{[0-9]*}}>>
func.func @slb_logits() -> tensor<2xf32> {
  %l = arith.constant dense<[[0.0, 2.0, 1.0, 0.0], [0.0, 0.0, 0.0, 1.0]]> : tensor<2x4xf32>
  %q = qnn.slb %l {bits = 2 : i32} : tensor<2x4xf32> -> tensor<2xf32>
  return %q : tensor<2xf32>
}

// -----

// Unsorted explicit values: codes are ranks in the sorted table.
// CHECK-LABEL: func.func @slb_custom_values
// Values 0.5, 2.0, -1.0 have ranks 1, 2, 0 in [-1, 0.5, 2].
// CHECK: qnn.constant dense<[1, 2, 0]> : tensor<3xui8> -> tensor<3x!qnn.codebook<u2:f32, [-1, 0.5, 2]>>
func.func @slb_custom_values() -> tensor<3xf32> {
  %c = arith.constant dense<[2, 0, 1]> : tensor<3xi8>
  %q = qnn.slb %c {bits = 2 : i32, values = array<f64: 2.0, -1.0, 0.5>} : tensor<3xi8> -> tensor<3xf32>
  return %q : tensor<3xf32>
}

// -----

// CHECK-LABEL: func.func @slb_runtime_codes
// CHECK-SAME: (%[[C:.*]]: tensor<4xi8>)
// CHECK: %[[T:.*]] = arith.trunci %[[C]] : tensor<4xi8> to tensor<4xi2>
// CHECK: %[[Q:.*]] = qnn.storage_cast %[[T]] : tensor<4xi2> -> tensor<4x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.333{{[0-9]*}}>>
// CHECK: qnn.dequantize %[[Q]]
func.func @slb_runtime_codes(%c: tensor<4xi8>) -> tensor<4xf32> {
  %q = qnn.slb %c {bits = 2 : i32} : tensor<4xi8> -> tensor<4xf32>
  return %q : tensor<4xf32>
}

// -----

// Activations: run-time inputs become multithreshold + dequantize.
// CHECK-LABEL: func.func @activations
// CHECK-SAME: (%[[X:.*]]: tensor<1x4xf32>)
// CHECK: %[[P:.*]] = qnn.multithreshold %[[X]] {thresholds = dense<{{.*}}> : tensor<1x3xf32>} : tensor<1x4xf32> -> tensor<1x4x!qnn.uniform<u2:f32, 0.5>>
// CHECK: qnn.dequantize %[[P]] : tensor<1x4x!qnn.uniform<u2:f32, 0.5>> -> tensor<1x4xf32>
// CHECK: %[[H:.*]] = qnn.multithreshold %[[X]] {thresholds = dense<{{.*}}> : tensor<1x3xf32>} : tensor<1x4xf32> -> tensor<1x4x!qnn.uniform<u2:f32, 0.538>>
// CHECK: qnn.multithreshold %[[X]] {thresholds = dense<{{.*}}> : tensor<1x2xf32>} : tensor<1x4xf32> -> tensor<1x4x!qnn.codebook<u2:f32, [0, 0.453, 1.51]>>
// CHECK: qnn.multithreshold %[[X]] {thresholds = dense<{{.*}}> : tensor<1x15xf32>} : tensor<1x4xf32> -> tensor<1x4x!qnn.codebook<u4:f32, [0, 1, 2, 3, 4, 6, 8, 9, 12, 16, 18, 24, 32, 33, 36, 48] * 0.1666{{[0-9]*}}>>
// CHECK: qnn.multithreshold %[[X]] {axis = 1 : i64, thresholds = dense<{{.*}}> : tensor<4x2xf32>} : tensor<1x4xf32> -> tensor<1x4x!qnn.codebook<u2:f32:1, {[0, 0.5, 1], [0, 0.2, 0.9], [0, 0.3, 0.8], [0, 0.6, 1.1]}>>
// CHECK: qnn.multithreshold %[[X]] {thresholds = dense<0.000000e+00> : tensor<1x1xf32>} : tensor<1x4xf32> -> tensor<1x4x!qnn.codebook<u1:f32, [-1, 1] * 0.5>>
// CHECK: qnn.multithreshold %[[X]] {thresholds = dense<{{\[}}[-1.000000e-01, {{.*}}]]> : tensor<1x2xf32>} : tensor<1x4xf32> -> tensor<1x4x!qnn.codebook<u2:f32, [-1, 0, 1] * 0.25>>
// CHECK-NOT: qnn.pact
// CHECK-NOT: qnn.hwgq
func.func @activations(%x: tensor<1x4xf32>) -> (tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>) {
  %pact = qnn.pact %x {alpha = 1.5 : f32} : tensor<1x4xf32>
  %hwgq = qnn.hwgq %x : tensor<1x4xf32>
  %hwgqn = qnn.hwgq %x {non_uniform} : tensor<1x4xf32>
  %apot = qnn.apot %x {alpha = 8.0 : f32, bits = 4 : i32} : tensor<1x4xf32>
  %dq = qnn.learned_levels %x {axis = 1 : i64, levels = dense<[[0.0, 0.5, 1.0], [0.0, 0.2, 0.9], [0.0, 0.3, 0.8], [0.0, 0.6, 1.1]]> : tensor<4x3xf64>} : tensor<1x4xf32>
  %bin = qnn.binary %x {scale = array<f32: 0.5>} : tensor<1x4xf32>
  %ter = qnn.ternary %x {scale = 0.25 : f32, threshold = 0.1 : f32} : tensor<1x4xf32>
  return %pact, %hwgq, %hwgqn, %apot, %dq, %bin, %ter : tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>
}

// -----

// f16 activations keep their float type in the quantized type.
// CHECK-LABEL: func.func @half
// CHECK: qnn.multithreshold %{{.*}} : tensor<8xf16> -> tensor<8x!qnn.uniform<u4:f16, 0.1>>
// CHECK: qnn.dequantize %{{.*}} : tensor<8x!qnn.uniform<u4:f16, 0.1>> -> tensor<8xf16>
func.func @half(%x: tensor<8xf16>) -> tensor<8xf16> {
  %y = qnn.pact %x {alpha = 1.5 : f32, bits = 4 : i32} : tensor<8xf16>
  return %y : tensor<8xf16>
}
