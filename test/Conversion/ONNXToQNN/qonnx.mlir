// RUN: qnn-opt %s --convert-onnx-to-qnn | FileCheck %s

// The QONNX / FINN quantizers: the packed path (qnn.quantize or an exact
// qnn.multithreshold to a qnn type, then qnn.dequantize) and the wide path
// (QONNX's formula in a linalg.generic). test/Exporters/quant-ops.test
// checks the values.

// Zero point 0, ROUND: qnn.quantize's own arithmetic is QONNX's.
// CHECK-LABEL: func.func @quant_quantize(
// CHECK: %[[Q:.*]] = qnn.quantize %arg0 : tensor<2x3xf32> -> tensor<2x3x!qnn.uniform<i3<-3:3>:f32, 0.25>>
// CHECK: %[[D:.*]] = qnn.dequantize %[[Q]] : tensor<2x3x!qnn.uniform<i3<-3:3>:f32, 0.25>> -> tensor<2x3xf32>
// CHECK: return %[[D]]
func.func @quant_quantize(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %s = onnx.constant dense<0.25> : tensor<f32>
  %z = onnx.constant dense<0.0> : tensor<f32>
  %b = onnx.constant dense<3.0> : tensor<f32>
  %y = onnx.node "Quant" <"qonnx.custom_op.general", 1> (%x, %s, %z, %b) {signed = 1, narrow = 1, rounding_mode = "ROUND"} : (tensor<2x3xf32>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// A zero point: QONNX rounds x / scale + zeropt in f32 before FLOOR, so
// x = -2^-27 already reaches code 1 (1 - 2^-25 rounds to 1.0): the exact
// thresholds of QONNX's arithmetic.
// CHECK-LABEL: func.func @quant_zero_point(
// CHECK: qnn.multithreshold %arg0 {thresholds = dense<{{\[}}[-7.4505806E-9, 0.249999985, 0.49999997, 7.500000e-01, {{.*}}, 3.250000e+00]]> : tensor<1x14xf32>} : tensor<2x3xf32> -> tensor<2x3x!qnn.uniform<u4<0:14>:f32, 0.25:1>>
// CHECK: qnn.dequantize
func.func @quant_zero_point(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %s = onnx.constant dense<0.25> : tensor<f32>
  %z = onnx.constant dense<1.0> : tensor<f32>
  %b = onnx.constant dense<4.0> : tensor<f32>
  %y = onnx.node "Quant" <"qonnx.custom_op.general", 1> (%x, %s, %z, %b) {signed = 0, narrow = 1, rounding_mode = "FLOOR"} : (tensor<2x3xf32>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// HALF_UP is sign(y) * floor(|y| + 0.5) in f32: 0.49999997 goes up.
// CHECK-LABEL: func.func @quant_half_up(
// CHECK: qnn.multithreshold %arg0 {thresholds = dense<{{\[}}[-1.49999988, -0.49999994, 0.49999997]]> : tensor<1x3xf32>} : tensor<4xf32> -> tensor<4x!qnn.uniform<i2:f32, 1.0>>
func.func @quant_half_up(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = onnx.constant dense<1.0> : tensor<f32>
  %z = onnx.constant dense<0.0> : tensor<f32>
  %b = onnx.constant dense<2.0> : tensor<f32>
  %y = onnx.node "Quant" <"qonnx.custom_op.general", 1> (%x, %s, %z, %b) {signed = 1, narrow = 0, rounding_mode = "half_up"} : (tensor<4xf32>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// A [2, 1] scale is per channel along axis 0 (FINN's domain name).
// CHECK-LABEL: func.func @quant_per_channel(
// CHECK: qnn.quantize %arg0 : tensor<2x3xf32> -> tensor<2x3x!qnn.uniform<i2:f32:0, {0.5, 0.25}>>
func.func @quant_per_channel(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %s = onnx.constant dense<[[0.5], [0.25]]> : tensor<2x1xf32>
  %z = onnx.constant dense<0.0> : tensor<f32>
  %b = onnx.constant dense<2.0> : tensor<f32>
  %y = onnx.node "Quant" <"finn.custom_op.general", 1> (%x, %s, %z, %b) {signed = 1, narrow = 0, rounding_mode = "ROUND"} : (tensor<2x3xf32>, tensor<2x1xf32>, tensor<f32>, tensor<f32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// QKeras's binary quantizer through the qonnx converter: INT64 scale, zero
// point and bit width, 1-bit signed narrow. QONNX makes it bipolar
// (y >= 0 ? 1 : -1, NaN -1): NaN made -inf, one threshold.
// CHECK-LABEL: func.func @quant_binary(
// CHECK: %[[NEG:.*]] = arith.constant dense<0xFF800000> : tensor<1xf32>
// CHECK: %[[X:.*]] = tosa.maximum %arg0, %[[NEG]] {nan_mode = IGNORE}
// CHECK: %[[Q:.*]] = qnn.multithreshold %[[X]] {thresholds = dense<0.000000e+00> : tensor<1x1xf32>} : tensor<4xf32> -> tensor<4x!qnn.codebook<u1:f32, [-1, 1]>>
// CHECK: qnn.dequantize %[[Q]]
func.func @quant_binary(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = onnx.constant dense<1> : tensor<si64>
  %z = onnx.constant dense<0> : tensor<si64>
  %b = onnx.constant dense<1> : tensor<si64>
  %y = onnx.node "Quant" <"qonnx.custom_op.general", 1> (%x, %s, %z, %b) {signed = 1, narrow = 1, rounding_mode = "ROUND"} : (tensor<4xf32>, tensor<si64>, tensor<si64>, tensor<si64>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// A zero point of 0.5: levels k - 0.5, a codebook.
// CHECK-LABEL: func.func @quant_half_zero_point(
// CHECK: qnn.multithreshold %arg0 {thresholds = dense<{{\[}}[1.4901163E-8, 0.49999997, 1.00000012]]> : tensor<1x3xf32>} : tensor<4xf32> -> tensor<4x!qnn.codebook<u2:f32, [-1, 1, 3, 5] * 0.25>>
func.func @quant_half_zero_point(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = onnx.constant dense<0.5> : tensor<f32>
  %z = onnx.constant dense<0.5> : tensor<f32>
  %b = onnx.constant dense<2.0> : tensor<f32>
  %y = onnx.node "Quant" <"qonnx.custom_op.general", 1> (%x, %s, %z, %b) {signed = 0, narrow = 0, rounding_mode = "ROUND"} : (tensor<4xf32>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// 16 bits: the wide path, QONNX's formula in f32 (clamp, then round).
// CHECK-LABEL: func.func @quant_16bit(
// CHECK: linalg.generic
// CHECK: %[[DIV:.*]] = arith.divf %{{.*}}, %{{.*}} : f32
// CHECK: %[[ADD:.*]] = arith.addf %[[DIV]], %{{.*}} : f32
// CHECK-DAG: %[[HI:.*]] = arith.constant 3.276700e+04 : f32
// CHECK-DAG: %[[LO:.*]] = arith.constant -3.276800e+04 : f32
// CHECK: %[[GT:.*]] = arith.cmpf ogt, %[[ADD]], %[[HI]] : f32
// CHECK: %[[C1:.*]] = arith.select %[[GT]], %[[HI]], %[[ADD]] : f32
// CHECK: %[[LT:.*]] = arith.cmpf olt, %[[C1]], %[[LO]] : f32
// CHECK: %[[C2:.*]] = arith.select %[[LT]], %[[LO]], %[[C1]] : f32
// CHECK: %[[R:.*]] = math.roundeven %[[C2]] : f32
// CHECK: %[[SUB:.*]] = arith.subf %[[R]], %{{.*}} : f32
// CHECK: %[[MUL:.*]] = arith.mulf %[[SUB]], %{{.*}} : f32
// CHECK: linalg.yield %[[MUL]] : f32
// CHECK-NOT: qnn.quantize
func.func @quant_16bit(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = onnx.constant dense<0.125> : tensor<f32>
  %z = onnx.constant dense<3.0> : tensor<f32>
  %b = onnx.constant dense<16.0> : tensor<f32>
  %y = onnx.node "Quant" <"qonnx.custom_op.general", 1> (%x, %s, %z, %b) {signed = 1, narrow = 0, rounding_mode = "ROUND"} : (tensor<4xf32>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// A 32-bit Quant of a constant (Brevitas's Int32Bias) is computed at
// compile time, in NumPy's float32: per channel, rounded half to even
// (1.5 -> 2, 2.5 -> 2, -1.5 -> -2), clamped to the 32-bit range, whose
// 2^31 - 1 is 2^31 in float32 (2e12 -> 2^31, times 0.5).
// CHECK-LABEL: func.func @quant_32bit_constant(
// CHECK: %[[C:.*]] = arith.constant dense<{{\[}}1.000000e+00, 5.000000e-01, 1.07374182E+9, -2.500000e-01]> : tensor<4xf32>
// CHECK-NOT: linalg.generic
// CHECK: return %[[C]]
func.func @quant_32bit_constant() -> tensor<4xf32> {
  %x = onnx.constant dense<[0.75, 0.625, 1.0e12, -0.1875]> : tensor<4xf32>
  %s = onnx.constant dense<[0.5, 0.25, 0.5, 0.125]> : tensor<4xf32>
  %z = onnx.constant dense<0.0> : tensor<f32>
  %b = onnx.constant dense<32.0> : tensor<f32>
  %y = onnx.node "Quant" <"qonnx.custom_op.general", 1> (%x, %s, %z, %b) {signed = 1, narrow = 0, rounding_mode = "ROUND"} : (tensor<4xf32>, tensor<4xf32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// float16 input and scale: computed in f16, one rounding per operation,
// then float32 as QONNX's execute_node casts.
// CHECK-LABEL: func.func @quant_f16(
// CHECK: linalg.generic
// CHECK: arith.divf %{{.*}}, %{{.*}} : f16
// CHECK: arith.addf %{{.*}}, %{{.*}} : f16
// CHECK: math.trunc %{{.*}} : f16
// CHECK: %[[M:.*]] = arith.mulf %{{.*}}, %{{.*}} : f16
// CHECK: %[[E:.*]] = arith.extf %[[M]] : f16 to f32
// CHECK: linalg.yield %[[E]] : f32
func.func @quant_f16(%x: tensor<4xf16>) -> tensor<4xf32> {
  %s = onnx.constant dense<0.1> : tensor<f16>
  %z = onnx.constant dense<0.0> : tensor<f16>
  %b = onnx.constant dense<4.0> : tensor<f32>
  %y = onnx.node "Quant" <"qonnx.custom_op.general", 1> (%x, %s, %z, %b) {signed = 1, narrow = 0, rounding_mode = "DOWN"} : (tensor<4xf16>, tensor<f16>, tensor<f16>, tensor<f32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// A DOUBLE scale makes the computation float64 (codes by f64 arithmetic);
// 0.1 is not an f32 value, and some values f32(0.1 * k) are not
// f32(0.1) * k: a codebook of the exact values.
// CHECK-LABEL: func.func @quant_double(
// CHECK: qnn.multithreshold %arg0 {thresholds = {{.*}} : tensor<1x255xf32>} : tensor<4xf32> -> tensor<4x!qnn.codebook<u8:f32, [-12.800000190734863, -12.699999809265137, {{.*}}, 12.699999809265137]>>
func.func @quant_double(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = onnx.constant dense<0.1> : tensor<f64>
  %z = onnx.constant dense<0> : tensor<si64>
  %b = onnx.constant dense<8> : tensor<si64>
  %y = onnx.node "Quant" <"qonnx.custom_op.general", 1> (%x, %s, %z, %b) {signed = 1, narrow = 0, rounding_mode = "ROUND"} : (tensor<4xf32>, tensor<f64>, tensor<si64>, tensor<si64>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// A scale along two axes: the wide path.
// CHECK-LABEL: func.func @quant_two_axes(
// CHECK: linalg.generic
// CHECK: arith.divf %{{.*}}, %{{.*}} : f32
// CHECK: math.ceil
func.func @quant_two_axes(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %s = onnx.constant dense<[[0.5, 0.25, 0.125], [1.0, 2.0, 4.0]]> : tensor<2x3xf32>
  %z = onnx.constant dense<0.0> : tensor<f32>
  %b = onnx.constant dense<4.0> : tensor<f32>
  %y = onnx.node "IntQuant" <"onnx.brevitas", 1> (%x, %s, %z, %b) {signed = 1, narrow = 0, rounding_mode = "CEIL"} : (tensor<2x3xf32>, tensor<2x3xf32>, tensor<f32>, tensor<f32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// BipolarQuant: x >= 0 ? scale : -scale, NaN to -scale; per channel.
// CHECK-LABEL: func.func @bipolar(
// CHECK: %[[NEG:.*]] = arith.constant dense<0xFF800000> : tensor<1x1xf32>
// CHECK: %[[X:.*]] = tosa.maximum %arg0, %[[NEG]] {nan_mode = IGNORE}
// CHECK: qnn.multithreshold %[[X]] {axis = 1 : i64, thresholds = dense<0.000000e+00> : tensor<3x1xf32>} : tensor<2x3xf32> -> tensor<2x3x!qnn.codebook<u1:f32:1, [-1, 1] * {0.5, 0.25, 0.125}>>
func.func @bipolar(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %s = onnx.constant dense<[[0.5, 0.25, 0.125]]> : tensor<1x3xf32>
  %y = onnx.node "BipolarQuant" <"qonnx.custom_op.general", 1> (%x, %s) {} : (tensor<2x3xf32>, tensor<1x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// Constant weights without NaN: qnn.quantize to the codebook, which folds.
// CHECK-LABEL: func.func @bipolar_weights(
// CHECK-NOT: tosa.maximum
// CHECK: qnn.quantize %{{.*}} : tensor<2x2xf32> -> tensor<2x2x!qnn.codebook<u1:f32, [-1, 1] * 0.25>>
func.func @bipolar_weights() -> tensor<2x2xf32> {
  %w = onnx.constant dense<[[0.5, -0.25], [0.0, -0.0]]> : tensor<2x2xf32>
  %s = onnx.constant dense<0.25> : tensor<f32>
  %y = onnx.node "BipolarQuant" <"qonnx.custom_op.general", 1> (%w, %s) {} : (tensor<2x2xf32>, tensor<f32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// Trunc version 2: the exact thresholds of the whole step function. In
// codes of 1/8, divided by 4 (out_scale / scale) and floored to 4 bits:
// code c from round(8x) >= 4c, x >= c / 2 - 1 / 16.
// CHECK-LABEL: func.func @trunc(
// CHECK: qnn.multithreshold %arg0 {thresholds = dense<{{\[}}[-3.562500e+00, -3.062500e+00, {{.*}}, -6.250000e-02, 4.375000e-01, {{.*}}, 3.437500e+00]]> : tensor<1x15xf32>} : tensor<4xf32> -> tensor<4x!qnn.uniform<i4:f32, 0.5>>
// CHECK: qnn.dequantize
func.func @trunc(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = onnx.constant dense<0.125> : tensor<f32>
  %z = onnx.constant dense<0.0> : tensor<f32>
  %ib = onnx.constant dense<8.0> : tensor<f32>
  %os = onnx.constant dense<0.5> : tensor<f32>
  %ob = onnx.constant dense<4.0> : tensor<f32>
  %y = onnx.node "Trunc" <"qonnx.custom_op.general", 2> (%x, %s, %z, %ib, %os, %ob) {signed = 1, rounding_mode = "FLOOR"} : (tensor<4xf32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// Trunc version 1 (no clamp): the wide path, the trunc scale 2^(8 - 4).
// CHECK-LABEL: func.func @trunc_v1(
// CHECK: %[[T:.*]] = arith.constant dense<1.600000e+01> : tensor<f32>
// CHECK: linalg.generic {{.*}} ins(%arg0, %{{.*}}, %{{.*}}, %[[T]] :
// CHECK: %[[R:.*]] = math.roundeven
// CHECK: %[[D:.*]] = arith.divf %[[R]], %{{.*}} : f32
// CHECK: math.floor %[[D]] : f32
// CHECK-NOT: arith.cmpf
func.func @trunc_v1(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = onnx.constant dense<0.125> : tensor<f32>
  %z = onnx.constant dense<0.0> : tensor<f32>
  %ib = onnx.constant dense<8.0> : tensor<f32>
  %ob = onnx.constant dense<4.0> : tensor<f32>
  %y = onnx.node "Trunc" <"onnx.brevitas", 1> (%x, %s, %z, %ib, %ob) {rounding_mode = "FLOOR"} : (tensor<4xf32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// MultiThreshold: per-channel thresholds (NCHW, axis 1), codes 0..3 of
// scale 2 and zero point -out_bias / out_scale = 1.
// CHECK-LABEL: func.func @multithreshold(
// CHECK: %[[X:.*]] = tosa.maximum %arg0, %{{.*}} {nan_mode = IGNORE}
// CHECK: qnn.multithreshold %[[X]] {axis = 1 : i64, thresholds = dense<{{.*}}> : tensor<2x3xf32>} : tensor<1x2x2x2xf32> -> tensor<1x2x2x2x!qnn.uniform<u2:f32, 2.0:1>>
func.func @multithreshold(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %t = onnx.constant dense<[[0.0, 1.0, 2.0], [0.5, 1.5, 2.5]]> : tensor<2x3xf32>
  %y = onnx.node "MultiThreshold" <"qonnx.custom_op.general", 1> (%x, %t) {out_scale = 2.0 : f32, out_bias = -2.0 : f32, out_dtype = "INT4"} : (tensor<1x2x2x2xf32>, tensor<2x3xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// FINN's bipolar activation (out_scale 2, out_bias -1): the codebook
// {-1, 1}, integer levels.
// CHECK-LABEL: func.func @multithreshold_bipolar(
// CHECK: qnn.multithreshold %{{.*}} {thresholds = dense<0.000000e+00> : tensor<1x1xf32>} : tensor<2x8xf32> -> tensor<2x8x!qnn.codebook<u1:f32, [-1, 1]>>
func.func @multithreshold_bipolar(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %t = onnx.constant dense<0.0> : tensor<1x1xf32>
  %y = onnx.node "MultiThreshold" <"finn.custom_op.general", 1> (%x, %t) {out_scale = 2.0 : f32, out_bias = -1.0 : f32, out_dtype = "BIPOLAR", data_layout = "NC"} : (tensor<2x8xf32>, tensor<1x1xf32>) -> tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}

// NHWC (channels last), unsorted float64 thresholds: sorted, each the
// smallest f32 at or above it.
// CHECK-LABEL: func.func @multithreshold_nhwc(
// CHECK: qnn.multithreshold %{{.*}} {axis = 3 : i64, thresholds = dense<{{\[}}[-1.000000e+00, 1.000000e-01], [5.000000e-01, 2.000000e+00]]> : tensor<2x2xf32>} : tensor<1x2x2x2xf32> -> tensor<1x2x2x2x!qnn.uniform<u2<0:2>:f32, 1.0>>
func.func @multithreshold_nhwc(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %t = onnx.constant dense<[[0.1, -1.0], [2.0, 0.5]]> : tensor<2x2xf64>
  %y = onnx.node "MultiThreshold" <"qonnx.custom_op.general", 1> (%x, %t) {data_layout = "NHWC", out_dtype = "UINT2"} : (tensor<1x2x2x2xf32>, tensor<2x2xf64>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// 300 thresholds (past 8-bit codes): the wide path, a counting reduction.
// CHECK-LABEL: func.func @multithreshold_wide(
// CHECK: %[[C:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]} ins(%arg0, %{{.*}} : tensor<2x4xf32>, tensor<1x300xf32>) outs(%{{.*}} : tensor<2x4xi64>)
// CHECK: arith.cmpf oge
// CHECK: linalg.generic {{.*}} ins(%[[C]] : tensor<2x4xi64>)
// CHECK: arith.sitofp
// CHECK: arith.mulf
// CHECK: arith.addf
func.func @multithreshold_wide(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %t = onnx.constant dense<1.0> : tensor<1x300xf32>
  %y = onnx.node "MultiThreshold" <"qonnx.custom_op.general", 1> (%x, %t) {out_scale = 0.5 : f32} : (tensor<2x4xf32>, tensor<1x300xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// Constant weights whose quantizer is no qnn.quantize (HALF_UP): their
// codes at compile time, a qnn.constant (0.5 is a tie, up to 1; 0.25 to 0).
// CHECK-LABEL: func.func @quant_weights(
// CHECK: %[[W:.*]] = qnn.constant dense<[-1, 0, 0, 1]> : tensor<4xi64> -> tensor<4x!qnn.uniform<i2:f32, 0.5>>
// CHECK: qnn.dequantize %[[W]]
func.func @quant_weights() -> tensor<4xf32> {
  %w = onnx.constant dense<[-0.5, -0.1, 0.125, 0.25]> : tensor<4xf32>
  %s = onnx.constant dense<0.5> : tensor<f32>
  %z = onnx.constant dense<0.0> : tensor<f32>
  %b = onnx.constant dense<2.0> : tensor<f32>
  %y = onnx.node "Quant" <"qonnx.custom_op.general", 1> (%w, %s, %z, %b) {signed = 1, narrow = 0, rounding_mode = "HALF_UP"} : (tensor<4xf32>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}
