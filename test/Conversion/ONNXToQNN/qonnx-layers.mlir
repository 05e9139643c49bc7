// RUN: qnn-opt %s --convert-onnx-to-qnn --qnn-optimize-layout --qnn-legalize-quantizers --qnn-form-integer-layers | FileCheck %s

// Each QONNX / FINN quantizer form feeding a MatMul makes it an integer
// layer (qnn.dense over packed codes), not a float fallback.

// FINN's bipolar MultiThreshold activations (out_scale 2, out_bias -1)
// and BipolarQuant weights.
// CHECK-LABEL: func.func @multithreshold_bipolar(
// CHECK: qnn.dense {{.*}} : tensor<2x16x!qnn.codebook<u1:f32, [-1, 1]>>, tensor<4x16x!qnn.codebook<u1:f32, [-1, 1] * 0.25>> -> tensor<2x4xi32>
func.func @multithreshold_bipolar(%x: tensor<2x16xf32>) -> tensor<2x4xf32> {
  %t = onnx.constant dense<0.0> : tensor<1x1xf32>
  %a = onnx.node "MultiThreshold" <"finn.custom_op.general", 1> (%x, %t) {out_scale = 2.0 : f32, out_bias = -1.0 : f32, out_dtype = "BIPOLAR", data_layout = "NC"} : (tensor<2x16xf32>, tensor<1x1xf32>) -> tensor<2x16xf32>
  %w = onnx.constant dense<[[0.5, -0.5, 0.25, -0.25, 1.0, -1.0, 0.0, 2.0, 0.5, -0.5, 0.25, -0.25, 1.0, -1.0, 0.0, 2.0], [-0.5, -0.5, 0.25, -0.25, 1.0, -1.0, 0.0, 2.0, 0.5, -0.5, 0.25, -0.25, 1.0, -1.0, 0.0, 2.0], [0.5, 0.5, 0.25, -0.25, 1.0, -1.0, 0.0, 2.0, 0.5, -0.5, 0.25, -0.25, 1.0, -1.0, 0.0, 2.0], [0.5, -0.5, -0.25, -0.25, 1.0, -1.0, 0.0, 2.0, 0.5, -0.5, 0.25, -0.25, 1.0, -1.0, 0.0, 2.0]]> : tensor<4x16xf32>
  %s = onnx.constant dense<0.25> : tensor<f32>
  %wb = onnx.node "BipolarQuant" <"qonnx.custom_op.general", 1> (%w, %s) {} : (tensor<4x16xf32>, tensor<f32>) -> tensor<4x16xf32>
  %y = onnx.node "Gemm" <"ai.onnx", 13> (%a, %wb) {transB = 1} : (tensor<2x16xf32>, tensor<4x16xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// QKeras's binary quantizer (1-bit signed narrow Quant, INT64 parameters)
// on activations and weights.
// CHECK-LABEL: func.func @qkeras_binary(
// CHECK: qnn.dense {{.*}} : tensor<2x16x!qnn.codebook<u1:f32, [-1, 1]>>, tensor<4x16x!qnn.codebook<u1:f32, [-1, 1]>> -> tensor<2x4xi32>
func.func @qkeras_binary(%x: tensor<2x16xf32>) -> tensor<2x4xf32> {
  %s = onnx.constant dense<1> : tensor<si64>
  %z = onnx.constant dense<0> : tensor<si64>
  %b = onnx.constant dense<1> : tensor<si64>
  %a = onnx.node "Quant" <"qonnx.custom_op.general", 1> (%x, %s, %z, %b) {signed = 1, narrow = 1, rounding_mode = "ROUND"} : (tensor<2x16xf32>, tensor<si64>, tensor<si64>, tensor<si64>) -> tensor<2x16xf32>
  %w = onnx.constant dense<0.5> : tensor<16x4xf32>
  %wb = onnx.node "Quant" <"qonnx.custom_op.general", 1> (%w, %s, %z, %b) {signed = 1, narrow = 1, rounding_mode = "ROUND"} : (tensor<16x4xf32>, tensor<si64>, tensor<si64>, tensor<si64>) -> tensor<16x4xf32>
  %y = onnx.node "MatMul" <"ai.onnx", 13> (%a, %wb) {} : (tensor<2x16xf32>, tensor<16x4xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// A 2-bit Quant with a zero point and HALF_UP (exact thresholds) on the
// activations, HALF_UP weights (codes computed at compile time).
// CHECK-LABEL: func.func @quant_thresholds(
// CHECK: qnn.dense {{.*}} : tensor<2x16x!qnn.uniform<u2:f32, 0.25:1>>, tensor<4x16x!qnn.uniform<i2:f32, 0.5>> -> tensor<2x4xi32>
func.func @quant_thresholds(%x: tensor<2x16xf32>) -> tensor<2x4xf32> {
  %s = onnx.constant dense<0.25> : tensor<f32>
  %z = onnx.constant dense<1.0> : tensor<f32>
  %b = onnx.constant dense<2.0> : tensor<f32>
  %a = onnx.node "Quant" <"qonnx.custom_op.general", 1> (%x, %s, %z, %b) {signed = 0, narrow = 0, rounding_mode = "HALF_UP"} : (tensor<2x16xf32>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<2x16xf32>
  %w = onnx.constant dense<0.3> : tensor<4x16xf32>
  %ws = onnx.constant dense<0.5> : tensor<f32>
  %wz = onnx.constant dense<0.0> : tensor<f32>
  %wq = onnx.node "Quant" <"qonnx.custom_op.general", 1> (%w, %ws, %wz, %b) {signed = 1, narrow = 0, rounding_mode = "HALF_UP"} : (tensor<4x16xf32>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<4x16xf32>
  %y = onnx.node "Gemm" <"ai.onnx", 13> (%a, %wq) {transB = 1} : (tensor<2x16xf32>, tensor<4x16xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}
