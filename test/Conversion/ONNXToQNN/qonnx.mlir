// RUN: qnn-opt %s --convert-onnx-to-qnn | FileCheck %s

// The QONNX / FINN quantizers as qnn's typed quantization.

// Quant: qnn's uniform quantizer with the node's range (unsigned narrow
// 4-bit: 0..14), zero point, scale and rounding; then dequantize.
// CHECK-LABEL: func.func @quant
// CHECK: %[[Q:.*]] = qnn.quantize %arg0 {rounding = #qnn.rounding<floor>} : tensor<2x3xf32> -> tensor<2x3x!qnn.uniform<u4<0:14>:f32, 0.25:1>>
// CHECK: %[[D:.*]] = qnn.dequantize %[[Q]] : tensor<2x3x!qnn.uniform<u4<0:14>:f32, 0.25:1>> -> tensor<2x3xf32>
// CHECK: return %[[D]]
func.func @quant(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %s = onnx.constant dense<0.25> : tensor<f32>
  %z = onnx.constant dense<1.0> : tensor<f32>
  %b = onnx.constant dense<4.0> : tensor<f32>
  %y = onnx.node "Quant" <"qonnx.custom_op.general", 1> (%x, %s, %z, %b) {signed = 0, narrow = 1, rounding_mode = "FLOOR"} : (tensor<2x3xf32>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// A [2, 1] scale is per channel along axis 0 (FINN's domain name).
// CHECK-LABEL: func.func @quant_per_channel
// CHECK: qnn.quantize %arg0 : tensor<2x3xf32> -> tensor<2x3x!qnn.uniform<i2:f32:0, {0.5, 0.25}>>
func.func @quant_per_channel(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %s = onnx.constant dense<[[0.5], [0.25]]> : tensor<2x1xf32>
  %z = onnx.constant dense<0.0> : tensor<f32>
  %b = onnx.constant dense<2.0> : tensor<f32>
  %y = onnx.node "Quant" <"finn.custom_op.general", 1> (%x, %s, %z, %b) {signed = 1, narrow = 0, rounding_mode = "ROUND"} : (tensor<2x3xf32>, tensor<2x1xf32>, tensor<f32>, tensor<f32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// BipolarQuant: the binary codebook [-1, 1] times the scale.
// CHECK-LABEL: func.func @bipolar
// CHECK: qnn.quantize %arg0 : tensor<4xf32> -> tensor<4x!qnn.codebook<u1:f32, [-1, 1] * 0.5>>
func.func @bipolar(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = onnx.constant dense<0.5> : tensor<f32>
  %y = onnx.node "BipolarQuant" <"qonnx.custom_op.general", 1> (%x, %s) {} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// Trunc: the exact thresholds of the whole step function. In codes of
// 1/8, divided by 4 (out_scale / scale) and floored to 4 bits: code c
// from round(8x) >= 4c, x >= c / 2 - 1 / 16.
// CHECK-LABEL: func.func @trunc
// CHECK: qnn.multithreshold %arg0 {thresholds = dense<{{\[}}[-3.562500e+00, -3.062500e+00, {{.*}}, -6.250000e-02, 4.375000e-01, {{.*}}, 3.437500e+00]]> : tensor<1x15xf32>} : tensor<4xf32> -> tensor<4x!qnn.uniform<i4:f32, 0.5>>
// CHECK: qnn.dequantize
func.func @trunc(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = onnx.constant dense<0.125> : tensor<f32>
  %z = onnx.constant dense<0.0> : tensor<f32>
  %ib = onnx.constant dense<8.0> : tensor<f32>
  %os = onnx.constant dense<0.5> : tensor<f32>
  %ob = onnx.constant dense<4.0> : tensor<f32>
  %y = onnx.node "Trunc" <"qonnx.custom_op.general", 1> (%x, %s, %z, %ib, %os, %ob) {signed = 1} : (tensor<4xf32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// MultiThreshold: per-channel thresholds (NCHW, axis 1), codes 0..3 of
// scale 2 and zero point -out_bias / out_scale = 1.
// CHECK-LABEL: func.func @multithreshold
// CHECK: qnn.multithreshold %arg0 {axis = 1 : i64, thresholds = dense<{{.*}}> : tensor<2x3xf32>} : tensor<1x2x2x2xf32> -> tensor<1x2x2x2x!qnn.uniform<u2:f32, 2.0:1>>
func.func @multithreshold(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %t = onnx.constant dense<[[0.0, 1.0, 2.0], [0.5, 1.5, 2.5]]> : tensor<2x3xf32>
  %y = onnx.node "MultiThreshold" <"qonnx.custom_op.general", 1> (%x, %t) {out_scale = 2.0 : f32, out_bias = -2.0 : f32} : (tensor<1x2x2x2xf32>, tensor<2x3xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}
