// RUN: qnn-opt %s -canonicalize -split-input-file | FileCheck %s

// Folders evaluate through the reference library; unittests/Dialect checks
// their values against it element by element. These tests check which folds
// fire and the codes they produce.

// CHECK-LABEL: func.func @quantize_constant_uniform
// CHECK: %[[Q:.*]] = qnn.constant dense<[0, 1, 2, 2, 3, 3]> : tensor<6xui8> -> tensor<6x!qnn.uniform<u2:f32, 0.5>>
// CHECK: return %[[Q]]
func.func @quantize_constant_uniform() -> tensor<6x!qnn.uniform<u2:f32, 0.5>> {
  // x / 0.5 = -2, 0.6, 1.5 (tie -> 2), 2.5 (tie -> 2), 3.0, 20 (clamped).
  %x = arith.constant dense<[-1.0, 0.3, 0.75, 1.25, 1.5, 10.0]> : tensor<6xf32>
  %q = qnn.quantize %x : tensor<6xf32> -> tensor<6x!qnn.uniform<u2:f32, 0.5>>
  return %q : tensor<6x!qnn.uniform<u2:f32, 0.5>>
}

// -----

// CHECK-LABEL: func.func @quantize_constant_rounding
// Ties go toward zero: 1.5 -> 1, 2.5 -> 2, -1.5 -> -1, -2.5 -> -2.
// CHECK: qnn.constant dense<[1, 2, -1, -2]> : tensor<4xi8> -> tensor<4x!qnn.uniform<i4:f32, 0.5>>
func.func @quantize_constant_rounding() -> tensor<4x!qnn.uniform<i4:f32, 0.5>> {
  %x = arith.constant dense<[0.75, 1.25, -0.75, -1.25]> : tensor<4xf32>
  %q = qnn.quantize %x {rounding = #qnn.rounding<half_down>} : tensor<4xf32> -> tensor<4x!qnn.uniform<i4:f32, 0.5>>
  return %q : tensor<4x!qnn.uniform<i4:f32, 0.5>>
}

// -----

// CHECK-LABEL: func.func @quantize_constant_per_channel
// Channel 0 has scale 1 and zero point 0, channel 1 scale 0.5 and zero point 2.
// CHECK: qnn.constant dense<{{\[}}[1, 4], [-2, 0]]> : tensor<2x2xi8>
func.func @quantize_constant_per_channel() -> tensor<2x2x!qnn.uniform<i8:f32:1, {1.0, 0.5:2}>> {
  %x = arith.constant dense<[[1.0, 1.0], [-2.0, -1.0]]> : tensor<2x2xf32>
  %q = qnn.quantize %x : tensor<2x2xf32> -> tensor<2x2x!qnn.uniform<i8:f32:1, {1.0, 0.5:2}>>
  return %q : tensor<2x2x!qnn.uniform<i8:f32:1, {1.0, 0.5:2}>>
}

// -----

// CHECK-LABEL: func.func @quantize_constant_codebook
// Nearest of {-3, -1, 1, 3} to x / 0.25 = -4, -0.8, 0 (midpoint of -1 and 1:
// the positive level), 2 (midpoint of 1 and 3: smaller magnitude), 2.4.
// CHECK: qnn.constant dense<[0, 1, 2, 2, 3]> : tensor<5xui8>
func.func @quantize_constant_codebook() -> tensor<5x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.25>> {
  %x = arith.constant dense<[-1.0, -0.2, 0.0, 0.5, 0.6]> : tensor<5xf32>
  %q = qnn.quantize %x : tensor<5xf32> -> tensor<5x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.25>>
  return %q : tensor<5x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.25>>
}

// -----

// CHECK-LABEL: func.func @dequantize_constant
// CHECK: %[[C:.*]] = arith.constant dense<[-7.500000e-01, 7.500000e-01, 2.500000e-01]> : tensor<3xf32>
// CHECK: return %[[C]]
func.func @dequantize_constant() -> tensor<3xf32> {
  %q = qnn.constant dense<[0, 3, 2]> : tensor<3xui8> -> tensor<3x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.25>>
  %x = qnn.dequantize %q : tensor<3x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.25>> -> tensor<3xf32>
  return %x : tensor<3xf32>
}

// -----

// CHECK-LABEL: func.func @quantize_of_dequantize
// CHECK-SAME: (%[[Q:.*]]: tensor
// CHECK-NEXT: return %[[Q]]
func.func @quantize_of_dequantize(%q: tensor<8x!qnn.uniform<i4:f32, 0.1:3>>) -> tensor<8x!qnn.uniform<i4:f32, 0.1:3>> {
  %x = qnn.dequantize %q : tensor<8x!qnn.uniform<i4:f32, 0.1:3>> -> tensor<8xf32>
  %r = qnn.quantize %x : tensor<8xf32> -> tensor<8x!qnn.uniform<i4:f32, 0.1:3>>
  return %r : tensor<8x!qnn.uniform<i4:f32, 0.1:3>>
}

// -----

// Different types: requantization, not an identity.
// CHECK-LABEL: func.func @quantize_of_dequantize_other_type
// CHECK: qnn.dequantize
// CHECK: qnn.quantize
func.func @quantize_of_dequantize_other_type(%q: tensor<8x!qnn.uniform<u4:f32, 0.5>>) -> tensor<8x!qnn.uniform<u2:f32, 0.5>> {
  %x = qnn.dequantize %q : tensor<8x!qnn.uniform<u4:f32, 0.5>> -> tensor<8xf32>
  %r = qnn.quantize %x : tensor<8xf32> -> tensor<8x!qnn.uniform<u2:f32, 0.5>>
  return %r : tensor<8x!qnn.uniform<u2:f32, 0.5>>
}

// -----

// Every value of u2 * 0.5 is a value of u4 * 0.5: the round trip is exact.
// CHECK-LABEL: func.func @requantize_exact
// CHECK-SAME: (%[[Q:.*]]: tensor
// CHECK: %[[X:.*]] = qnn.dequantize %[[Q]]
// CHECK-NOT: qnn.quantize
// CHECK: return %[[X]]
func.func @requantize_exact(%q: tensor<8x!qnn.uniform<u2:f32, 0.5>>) -> tensor<8xf32> {
  %x = qnn.dequantize %q : tensor<8x!qnn.uniform<u2:f32, 0.5>> -> tensor<8xf32>
  %r = qnn.quantize %x : tensor<8xf32> -> tensor<8x!qnn.uniform<u4:f32, 0.5>>
  %y = qnn.dequantize %r : tensor<8x!qnn.uniform<u4:f32, 0.5>> -> tensor<8xf32>
  return %y : tensor<8xf32>
}

// -----

// 0.5 is not a multiple of 1.0: the round trip loses information and stays.
// CHECK-LABEL: func.func @requantize_lossy
// CHECK: qnn.dequantize
// CHECK: qnn.quantize
// CHECK: qnn.dequantize
func.func @requantize_lossy(%q: tensor<8x!qnn.uniform<u2:f32, 0.5>>) -> tensor<8xf32> {
  %x = qnn.dequantize %q : tensor<8x!qnn.uniform<u2:f32, 0.5>> -> tensor<8xf32>
  %r = qnn.quantize %x : tensor<8xf32> -> tensor<8x!qnn.uniform<u4:f32, 1.0>>
  %y = qnn.dequantize %r : tensor<8x!qnn.uniform<u4:f32, 1.0>> -> tensor<8xf32>
  return %y : tensor<8xf32>
}

// -----

// Per channel along the same axis, channel by channel: exact.
// CHECK-LABEL: func.func @requantize_per_channel_exact
// CHECK-NOT: qnn.quantize
func.func @requantize_per_channel_exact(%q: tensor<2x4x!qnn.codebook<u2:f32:0, [-3, -1, 1, 3] * {0.5, 0.25}>>) -> tensor<2x4xf32> {
  %x = qnn.dequantize %q : tensor<2x4x!qnn.codebook<u2:f32:0, [-3, -1, 1, 3] * {0.5, 0.25}>> -> tensor<2x4xf32>
  %r = qnn.quantize %x : tensor<2x4xf32> -> tensor<2x4x!qnn.uniform<i4:f32:0, {0.5, 0.25}>>
  %y = qnn.dequantize %r : tensor<2x4x!qnn.uniform<i4:f32:0, {0.5, 0.25}>> -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

// CHECK-LABEL: func.func @storage_casts
// CHECK-DAG: %[[BITS:.*]] = arith.constant dense<[1, -1, 0]> : tensor<3xi2>
// CHECK-DAG: %[[CODES:.*]] = qnn.constant dense<[3, 0, 2]> : tensor<3xui8> -> tensor<3x!qnn.uniform<u2:f32, 0.5>>
// CHECK: return %[[BITS]], %[[CODES]]
func.func @storage_casts() -> (tensor<3xi2>, tensor<3x!qnn.uniform<u2:f32, 0.5>>) {
  %q = qnn.constant dense<[1, 3, 0]> : tensor<3xui8> -> tensor<3x!qnn.uniform<u2:f32, 0.5>>
  %b = qnn.storage_cast %q : tensor<3x!qnn.uniform<u2:f32, 0.5>> -> tensor<3xi2>
  %i = arith.constant dense<[-1, 0, -2]> : tensor<3xi2>
  %c = qnn.storage_cast %i : tensor<3xi2> -> tensor<3x!qnn.uniform<u2:f32, 0.5>>
  return %b, %c : tensor<3xi2>, tensor<3x!qnn.uniform<u2:f32, 0.5>>
}

// -----

// CHECK-LABEL: func.func @storage_cast_round_trip
// CHECK-SAME: (%[[Q:.*]]: tensor
// CHECK-NEXT: return %[[Q]]
func.func @storage_cast_round_trip(%q: tensor<3x!qnn.uniform<i4:f32, 0.5>>) -> tensor<3x!qnn.uniform<i4:f32, 0.5>> {
  %b = qnn.storage_cast %q : tensor<3x!qnn.uniform<i4:f32, 0.5>> -> tensor<3xi4>
  %c = qnn.storage_cast %b : tensor<3xi4> -> tensor<3x!qnn.uniform<i4:f32, 0.5>>
  return %c : tensor<3x!qnn.uniform<i4:f32, 0.5>>
}

// -----

// A bit pattern that is no code of the type (narrow range) is not folded.
// CHECK-LABEL: func.func @storage_cast_invalid_code
// CHECK: qnn.storage_cast
func.func @storage_cast_invalid_code() -> tensor<1x!qnn.uniform<i4<-7:7>:f32, 0.5>> {
  %i = arith.constant dense<[-8]> : tensor<1xi4>
  %c = qnn.storage_cast %i : tensor<1xi4> -> tensor<1x!qnn.uniform<i4<-7:7>:f32, 0.5>>
  return %c : tensor<1x!qnn.uniform<i4<-7:7>:f32, 0.5>>
}

// -----

// CHECK-LABEL: func.func @pack_constant
// Codes 0,1,2,3 | 3,3,3,3 | 1 -> 0xE4 = -28, 0xFF = -1, 0x01 = 1.
// CHECK: %[[P:.*]] = arith.constant dense<{{\[}}[-28, -1, 1]]> : tensor<1x3xi8, #qnn.packed<bits = 2>>
// CHECK: return %[[P]]
func.func @pack_constant() -> tensor<1x3xi8, #qnn.packed<bits = 2>> {
  %q = qnn.constant dense<[[0, 1, 2, 3, 3, 3, 3, 3, 1]]> : tensor<1x9xui8> -> tensor<1x9x!qnn.uniform<u2:f32, 0.5>>
  %p = qnn.pack %q : tensor<1x9x!qnn.uniform<u2:f32, 0.5>> -> tensor<1x3xi8, #qnn.packed<bits = 2>>
  return %p : tensor<1x3xi8, #qnn.packed<bits = 2>>
}

// -----

// CHECK-LABEL: func.func @unpack_constant
// CHECK: qnn.constant dense<[-2, -1, 0, 1]> : tensor<4xi8> -> tensor<4x!qnn.uniform<i2:f32, 0.5>>
func.func @unpack_constant() -> tensor<4x!qnn.uniform<i2:f32, 0.5>> {
  %p = arith.constant dense<[78]> : tensor<1xi8, #qnn.packed<bits = 2>>
  %q = qnn.unpack %p : tensor<1xi8, #qnn.packed<bits = 2>> -> tensor<4x!qnn.uniform<i2:f32, 0.5>>
  return %q : tensor<4x!qnn.uniform<i2:f32, 0.5>>
}

// -----

// CHECK-LABEL: func.func @pack_unpack_round_trips
// CHECK-SAME: (%[[Q:.*]]: tensor<{{.*}}>, %[[P:.*]]: tensor<{{.*}}>)
// CHECK-NEXT: return %[[Q]], %[[P]]
func.func @pack_unpack_round_trips(%q: tensor<2x5x!qnn.codebook<u3:f32, [0, 1, 2] * 0.5>>, %p: tensor<2x2xi8, #qnn.packed<bits = 3>>)
    -> (tensor<2x5x!qnn.codebook<u3:f32, [0, 1, 2] * 0.5>>, tensor<2x2xi8, #qnn.packed<bits = 3>>) {
  %a = qnn.pack %q : tensor<2x5x!qnn.codebook<u3:f32, [0, 1, 2] * 0.5>> -> tensor<2x2xi8, #qnn.packed<bits = 3>>
  %b = qnn.unpack %a : tensor<2x2xi8, #qnn.packed<bits = 3>> -> tensor<2x5x!qnn.codebook<u3:f32, [0, 1, 2] * 0.5>>
  %c = qnn.unpack %p : tensor<2x2xi8, #qnn.packed<bits = 3>> -> tensor<2x5x!qnn.codebook<u3:f32, [0, 1, 2] * 0.5>>
  %d = qnn.pack %c : tensor<2x5x!qnn.codebook<u3:f32, [0, 1, 2] * 0.5>> -> tensor<2x2xi8, #qnn.packed<bits = 3>>
  return %b, %d : tensor<2x5x!qnn.codebook<u3:f32, [0, 1, 2] * 0.5>>, tensor<2x2xi8, #qnn.packed<bits = 3>>
}

// -----

// Scheme quantizers fold on constants and stay on anything else.
// CHECK-LABEL: func.func @schemes_fold
// CHECK-NOT: = qnn.
// CHECK: return
func.func @schemes_fold() -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %x = arith.constant dense<[-1.0, 0.2, 0.9, 3.0]> : tensor<4xf32>
  %l = arith.constant dense<[[0.0, 1.0, 0.5, 0.2], [3.0, 0.0, 0.0, 0.0], [1.0, 1.0, 2.0, 2.0], [0.0, 0.0, 0.0, 0.0]]> : tensor<4x4xf32>
  %0 = qnn.pact %x {alpha = 1.5 : f32} : tensor<4xf32>
  %1 = qnn.sawb %x : tensor<4xf32>
  %2 = qnn.apot %x {alpha = 3.0 : f32, bits = 4 : i32, is_signed, normalize} : tensor<4xf32>
  %3 = qnn.hwgq %x : tensor<4xf32>
  %4 = qnn.learned_levels %x {levels = dense<[-0.8, -0.1, 0.3, 1.1]> : tensor<4xf64>} : tensor<4xf32>
  %5 = qnn.slb %l : tensor<4x4xf32> -> tensor<4xf32>
  %6 = qnn.binary %x : tensor<4xf32>
  %7 = qnn.ternary %x : tensor<4xf32>
  %8 = qnn.sawb %x {ternary} : tensor<4xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @slb_codes
// Codes select from linspace(-1, 1, 4); exact binary fractions aside, the
// ends are exact.
// CHECK: arith.constant dense<[-1.000000e+00, 1.000000e+00]> : tensor<2xf32>
func.func @slb_codes() -> tensor<2xf32> {
  %c = arith.constant dense<[0, 3]> : tensor<2xi8>
  %v = qnn.slb %c : tensor<2xi8> -> tensor<2xf32>
  return %v : tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @schemes_keep_non_constants
// CHECK: qnn.pact
// CHECK: qnn.sawb
func.func @schemes_keep_non_constants(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %0 = qnn.pact %x {alpha = 1.5 : f32} : tensor<4xf32>
  %1 = qnn.sawb %x : tensor<4xf32>
  return %0, %1 : tensor<4xf32>, tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @multithreshold_constant
// code = -1 + #thresholds reached; row 0 has {0, 1}, row 1 {-1, 5}; NaN
// counts as 0.0.
// CHECK: qnn.constant dense<{{\[}}[-1, 0, 1], [0, 0, 0]]> : tensor<2x3xi8> -> tensor<2x3x!qnn.uniform<i2<-1:1>:f32, 1.0>>
func.func @multithreshold_constant() -> tensor<2x3x!qnn.uniform<i2<-1:1>:f32, 1.0>> {
  %x = arith.constant dense<[[-0.5, 0.0, 1.0], [0.0, 0x7FC00000, 4.9]]> : tensor<2x3xf32>
  %q = qnn.multithreshold %x {axis = 0 : i64, thresholds = dense<[[0.0, 1.0], [-1.0, 5.0]]> : tensor<2x2xf32>} : tensor<2x3xf32> -> tensor<2x3x!qnn.uniform<i2<-1:1>:f32, 1.0>>
  return %q : tensor<2x3x!qnn.uniform<i2<-1:1>:f32, 1.0>>
}

// -----

// a = [[1, 2, 3]] (u2 levels = codes), w levels [[3, -3, -1], [1, 1, 1]]:
// acc = [[1*3 - 2*3 - 3*1, 1 + 2 + 3]] = [[-6, 6]]; thresholds per output
// channel {-10, 0, 10} and {0, 5, 7} give codes 1 and 2.
// CHECK-LABEL: func.func @dense_epilogue_constant
// CHECK-DAG: %[[ACC:.*]] = arith.constant dense<{{\[}}[-6, 6]]> : tensor<1x2xi32>
// CHECK-DAG: %[[Q:.*]] = qnn.constant dense<{{\[}}[1, 2]]> : tensor<1x2xui8>
// CHECK: return %[[ACC]], %[[Q]]
func.func @dense_epilogue_constant() -> (tensor<1x2xi32>, tensor<1x2x!qnn.uniform<u2:f32, 0.5>>) {
  %a = qnn.constant dense<[[1, 2, 3]]> : tensor<1x3xui8> -> tensor<1x3x!qnn.uniform<u2:f32, 0.5>>
  %w = qnn.constant dense<[[3, 0, 1], [2, 2, 2]]> : tensor<2x3xui8> -> tensor<2x3x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.1>>
  %acc = qnn.dense %a, %w : tensor<1x3x!qnn.uniform<u2:f32, 0.5>>, tensor<2x3x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.1>> -> tensor<1x2xi32>
  %q = qnn.multithreshold %acc {axis = 1 : i64, thresholds = dense<[[-10, 0, 10], [0, 5, 7]]> : tensor<2x3xi64>} : tensor<1x2xi32> -> tensor<1x2x!qnn.uniform<u2:f32, 0.5>>
  return %acc, %q : tensor<1x2xi32>, tensor<1x2x!qnn.uniform<u2:f32, 0.5>>
}

// -----

// A 3x3 input of ones, a 3x3 kernel of ones, padding 1: each output counts
// the taps inside the input (padding contributes 0).
// CHECK-LABEL: func.func @conv_padding_constant
// CHECK: arith.constant dense<{{\[}}[{{\[}}[4], [6], [4]], {{\[}}[6], [9], [6]], {{\[}}[4], [6], [4]]]]> : tensor<1x3x3x1xi32>
func.func @conv_padding_constant() -> tensor<1x3x3x1xi32> {
  %x = qnn.constant dense<1> : tensor<1x3x3x1xui8> -> tensor<1x3x3x1x!qnn.uniform<u2:f32, 0.5>>
  %w = qnn.constant dense<1> : tensor<1x3x3x1xui8> -> tensor<1x3x3x1x!qnn.codebook<u1:f32, [-1, 1]>>
  %acc = qnn.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>} : tensor<1x3x3x1x!qnn.uniform<u2:f32, 0.5>>, tensor<1x3x3x1x!qnn.codebook<u1:f32, [-1, 1]>> -> tensor<1x3x3x1xi32>
  return %acc : tensor<1x3x3x1xi32>
}

// -----

// CHECK-LABEL: func.func @rescale_and_negate_constant
// rescale: 0.5 * [-3, 0, 4] + 0.25; negate: -acc >= 0 for -3 and 0.
// CHECK-DAG: arith.constant dense<[-1.250000e+00, 2.500000e-01, 2.250000e+00]> : tensor<3xf32>
// CHECK-DAG: qnn.constant dense<[1, 1, 0]> : tensor<3xui8>
func.func @rescale_and_negate_constant() -> (tensor<3xf32>, tensor<3x!qnn.uniform<u1:f32, 0.5>>) {
  %acc = arith.constant dense<[-3, 0, 4]> : tensor<3xi32>
  %y = qnn.rescale %acc {bias = array<f64: 0.25>, scale = array<f64: 0.5>} : tensor<3xi32> -> tensor<3xf32>
  %q = qnn.multithreshold %acc {negate = array<i1: true>, thresholds = dense<0> : tensor<1x1xi64>} : tensor<3xi32> -> tensor<3x!qnn.uniform<u1:f32, 0.5>>
  return %y, %q : tensor<3xf32>, tensor<3x!qnn.uniform<u1:f32, 0.5>>
}

// -----

// A 3x3 window with padding 1 over a 2x2 input of signed codes: every window
// sees the whole input; padding (which would be "0" as a code) never wins.
// CHECK-LABEL: func.func @max_pool_constant
// CHECK: qnn.constant dense<-1> : tensor<1x2x2x1xi8>
func.func @max_pool_constant() -> tensor<1x2x2x1x!qnn.uniform<i4:f32, 0.5>> {
  %x = qnn.constant dense<[[[[-5], [-1]], [[-8], [-3]]]]> : tensor<1x2x2x1xi8> -> tensor<1x2x2x1x!qnn.uniform<i4:f32, 0.5>>
  %y = qnn.max_pool2d %x {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>} : tensor<1x2x2x1x!qnn.uniform<i4:f32, 0.5>> -> tensor<1x2x2x1x!qnn.uniform<i4:f32, 0.5>>
  return %y : tensor<1x2x2x1x!qnn.uniform<i4:f32, 0.5>>
}
