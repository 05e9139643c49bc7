// RUN: qnn-opt %s -qnn-fuse-epilogues -split-input-file | FileCheck %s

// y = 0.5 * acc, then the thresholds {0.25, 0.75, 1.25}: acc >= 1, 2, 3
// (0.5 * 1 = 0.5 >= 0.25 but 0.5 * 0 = 0 is not).
// CHECK-LABEL: func.func @scale_only
// CHECK-SAME: (%[[ACC:.*]]: tensor<4xi32>)
// CHECK: %[[Q:.*]] = qnn.multithreshold %[[ACC]] {thresholds = dense<{{\[}}[1, 2, 3]]> : tensor<1x3xi64>} : tensor<4xi32> -> tensor<4x!qnn.uniform<u2:f32, 0.5>>
// CHECK-NEXT: return %[[Q]]
func.func @scale_only(%acc: tensor<4xi32>) -> tensor<4x!qnn.uniform<u2:f32, 0.5>> {
  %y = qnn.rescale %acc {bias = array<f64: 0.0>, scale = array<f64: 0.5>} : tensor<4xi32> -> tensor<4xf32>
  %q = qnn.multithreshold %y {thresholds = dense<[[0.25, 0.75, 1.25]]> : tensor<1x3xf32>} : tensor<4xf32> -> tensor<4x!qnn.uniform<u2:f32, 0.5>>
  return %q : tensor<4x!qnn.uniform<u2:f32, 0.5>>
}

// -----

// Per channel: channel 0 y = acc + 0.5 (thresholds -> acc >= 0, 1, 1 since
// 0.5 >= 0.25, 1.5 >= 0.75 and 1.5 >= 1.25); channel 1 y = -acc (negative
// scale: compare -acc >= 1, 1, 2).
// CHECK-LABEL: func.func @per_channel_and_negative
// CHECK: qnn.multithreshold %{{.*}} {axis = 1 : i64, negate = array<i1: false, true>, thresholds = dense<{{\[}}[0, 1, 1], [1, 1, 2]]> : tensor<2x3xi64>}
func.func @per_channel_and_negative(%acc: tensor<3x2xi32>) -> tensor<3x2x!qnn.uniform<u2:f32, 0.5>> {
  %y = qnn.rescale %acc {axis = 1 : i64, bias = array<f64: 0.5, 0.0>, scale = array<f64: 1.0, -1.0>} : tensor<3x2xi32> -> tensor<3x2xf32>
  %q = qnn.multithreshold %y {thresholds = dense<[[0.25, 0.75, 1.25]]> : tensor<1x3xf32>} : tensor<3x2xf32> -> tensor<3x2x!qnn.uniform<u2:f32, 0.5>>
  return %q : tensor<3x2x!qnn.uniform<u2:f32, 0.5>>
}

// -----

// Batch norm (mul, add), ReLU (clamp) between the rescale and the quantizer
// are absorbed.
// CHECK-LABEL: func.func @bn_relu
// CHECK-NOT: tosa.
// CHECK-NOT: qnn.rescale
// CHECK: qnn.multithreshold %{{.*}} {axis = 3 : i64, thresholds = dense<{{.*}}> : tensor<2x3xi64>}
func.func @bn_relu(%acc: tensor<1x2x2x2xi32>) -> tensor<1x2x2x2x!qnn.uniform<u2:f32, 0.5>> {
  %y = qnn.rescale %acc {axis = 3 : i64, bias = array<f64: 0.1, 0.2>, scale = array<f64: 0.05, 0.1>} : tensor<1x2x2x2xi32> -> tensor<1x2x2x2xf32>
  %g = "tosa.const"() <{values = dense<[[[[1.5, 0.5]]]]> : tensor<1x1x1x2xf32>}> : () -> tensor<1x1x1x2xf32>
  %s = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %m = tosa.mul %y, %g, %s : (tensor<1x2x2x2xf32>, tensor<1x1x1x2xf32>, tensor<1xi8>) -> tensor<1x2x2x2xf32>
  %n = tosa.add %m, %g : (tensor<1x2x2x2xf32>, tensor<1x1x1x2xf32>) -> tensor<1x2x2x2xf32>
  %r = tosa.clamp %n {max_val = 3.4e38 : f32, min_val = 0.0 : f32} : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %q = qnn.multithreshold %r {thresholds = dense<[[0.25, 0.75, 1.25]]> : tensor<1x3xf32>} : tensor<1x2x2x2xf32> -> tensor<1x2x2x2x!qnn.uniform<u2:f32, 0.5>>
  return %q : tensor<1x2x2x2x!qnn.uniform<u2:f32, 0.5>>
}

// -----

// A value the epilogue shares with another user cannot be absorbed.
// CHECK-LABEL: func.func @shared
// CHECK: qnn.rescale
// CHECK: qnn.multithreshold %{{.*}} : tensor<4xf32>
func.func @shared(%acc: tensor<4xi32>) -> (tensor<4x!qnn.uniform<u2:f32, 0.5>>, tensor<4xf32>) {
  %y = qnn.rescale %acc {bias = array<f64: 0.0>, scale = array<f64: 0.5>} : tensor<4xi32> -> tensor<4xf32>
  %r = tosa.clamp %y {max_val = 3.4e38 : f32, min_val = 0.0 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  %q = qnn.multithreshold %r {thresholds = dense<[[0.25, 0.75, 1.25]]> : tensor<1x3xf32>} : tensor<4xf32> -> tensor<4x!qnn.uniform<u2:f32, 0.5>>
  return %q, %r : tensor<4x!qnn.uniform<u2:f32, 0.5>>, tensor<4xf32>
}

// -----

// A qnn.quantize ends the epilogue as a multithreshold does (QONNX Quant,
// QuantizeLinear): y = 0.5 * acc + 0.1 quantized with scale 0.5 rounding
// half to even is round(acc + 0.2): codes 1, 2, 3 from acc = 1, 2, 3.
// CHECK-LABEL: func.func @quantize
// CHECK-SAME: (%[[ACC:.*]]: tensor<4xi32>)
// CHECK: %[[Q:.*]] = qnn.multithreshold %[[ACC]] {thresholds = dense<{{\[}}[1, 2, 3]]> : tensor<1x3xi64>} : tensor<4xi32> -> tensor<4x!qnn.uniform<u2:f32, 0.5>>
// CHECK-NEXT: return %[[Q]]
func.func @quantize(%acc: tensor<4xi32>) -> tensor<4x!qnn.uniform<u2:f32, 0.5>> {
  %y = qnn.rescale %acc {bias = array<f64: 0.1>, scale = array<f64: 0.5>} : tensor<4xi32> -> tensor<4xf32>
  %q = qnn.quantize %y : tensor<4xf32> -> tensor<4x!qnn.uniform<u2:f32, 0.5>>
  return %q : tensor<4x!qnn.uniform<u2:f32, 0.5>>
}

// -----

// A per-channel quantize along the innermost axis, rounding towards minus
// infinity: channel 0 floor(acc / 2), channel 1 floor(acc).
// CHECK-LABEL: func.func @quantize_per_channel_floor
// CHECK: qnn.multithreshold %{{.*}} {axis = 1 : i64, thresholds = dense<{{\[}}[2, 4, 6], [1, 2, 3]]> : tensor<2x3xi64>}
func.func @quantize_per_channel_floor(%acc: tensor<3x2xi32>) -> tensor<3x2x!qnn.uniform<u2:f32:1, {1.0, 0.5}>> {
  %y = qnn.rescale %acc {bias = array<f64: 0.0>, scale = array<f64: 0.5>} : tensor<3x2xi32> -> tensor<3x2xf32>
  %q = qnn.quantize %y {rounding = #qnn.rounding<floor>} : tensor<3x2xf32> -> tensor<3x2x!qnn.uniform<u2:f32:1, {1.0, 0.5}>>
  return %q : tensor<3x2x!qnn.uniform<u2:f32:1, {1.0, 0.5}>>
}

// -----

// Gemm's lowering around a dense layer: the accumulator expanded to 3-D,
// reshaped to 2-D for the bias, and back to 3-D for the next layer's
// quantizer. The reshapes keep the channels innermost: the thresholds
// apply to the 2-D accumulator and the codes are expanded. y = 0.5 * acc +
// {0.2, 1.0}, quantized with scale 0.5: round(acc + 0.4) and round(acc + 2).
// CHECK-LABEL: func.func @through_reshapes
// CHECK-SAME: (%[[ACC:.*]]: tensor<4x2xi32>)
// CHECK: %[[Q:.*]] = qnn.multithreshold %[[ACC]] {axis = 1 : i64, thresholds = dense<{{\[}}[1, 2, 3], [-1, 0, 1]]> : tensor<2x3xi64>} : tensor<4x2xi32> -> tensor<4x2x!qnn.uniform<u2:f32, 0.5>>
// CHECK: %[[E:.*]] = tensor.expand_shape %[[Q]] {{\[}}[0, 1], [2]] output_shape [1, 4, 2] : tensor<4x2x!qnn.uniform<u2:f32, 0.5>> into tensor<1x4x2x!qnn.uniform<u2:f32, 0.5>>
// CHECK-NEXT: return %[[E]]
func.func @through_reshapes(%acc: tensor<4x2xi32>) -> tensor<1x4x2x!qnn.uniform<u2:f32, 0.5>> {
  %y = qnn.rescale %acc {bias = array<f64: 0.0>, scale = array<f64: 0.5>} : tensor<4x2xi32> -> tensor<4x2xf32>
  %e = tensor.expand_shape %y [[0, 1], [2]] output_shape [1, 4, 2] : tensor<4x2xf32> into tensor<1x4x2xf32>
  %s2 = tosa.const_shape {values = dense<[4, 2]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %r = tosa.reshape %e, %s2 : (tensor<1x4x2xf32>, !tosa.shape<2>) -> tensor<4x2xf32>
  %b = "tosa.const"() <{values = dense<[[0.2, 1.0]]> : tensor<1x2xf32>}> : () -> tensor<1x2xf32>
  %a = tosa.add %r, %b : (tensor<4x2xf32>, tensor<1x2xf32>) -> tensor<4x2xf32>
  %s3 = tosa.const_shape {values = dense<[1, 4, 2]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %r3 = tosa.reshape %a, %s3 : (tensor<4x2xf32>, !tosa.shape<3>) -> tensor<1x4x2xf32>
  %q = qnn.quantize %r3 : tensor<1x4x2xf32> -> tensor<1x4x2x!qnn.uniform<u2:f32, 0.5>>
  return %q : tensor<1x4x2x!qnn.uniform<u2:f32, 0.5>>
}

// -----

// A reshape that moves the channels is not an epilogue: left as it is.
// CHECK-LABEL: func.func @reshape_moves_channels
// CHECK: qnn.rescale
// CHECK: tosa.reshape
// CHECK: qnn.quantize %{{.*}} : tensor<2x4xf32>
func.func @reshape_moves_channels(%acc: tensor<4x2xi32>) -> tensor<2x4x!qnn.uniform<u2:f32, 0.5>> {
  %y = qnn.rescale %acc {axis = 1 : i64, bias = array<f64: 0.0, 0.0>, scale = array<f64: 0.5, 0.25>} : tensor<4x2xi32> -> tensor<4x2xf32>
  %s = tosa.const_shape {values = dense<[2, 4]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %r = tosa.reshape %y, %s : (tensor<4x2xf32>, !tosa.shape<2>) -> tensor<2x4xf32>
  %q = qnn.quantize %r : tensor<2x4xf32> -> tensor<2x4x!qnn.uniform<u2:f32, 0.5>>
  return %q : tensor<2x4x!qnn.uniform<u2:f32, 0.5>>
}
