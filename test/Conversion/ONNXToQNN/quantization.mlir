// RUN: qnn-opt %s --convert-onnx-to-qnn | FileCheck %s
// RUN: qnn-opt %s --convert-onnx-to-qnn --qnn-optimize-layout --qnn-legalize-quantizers --qnn-form-integer-layers | FileCheck %s --check-prefix=LAYERS

// Constant codes arrive as resource blobs (the importer writes initializers
// that way); DequantizeLinear makes them a qnn.constant, which
// qnn-form-integer-layers reads as a layer's weights.
// CHECK-LABEL: func.func @weights_from_blob
// CHECK: %[[W:.*]] = qnn.constant dense<{{\[}}{{\[}}{{\[}}[3, -2]]], {{\[}}{{\[}}[127, -128]]]]> : tensor<2x1x1x2xi8> -> tensor<2x1x1x2x!qnn.uniform<i8:f32:0, {0.5, 0.25}>>
// CHECK: qnn.dequantize %[[W]]
func.func @weights_from_blob() -> tensor<2x1x1x2xf32> {
  %w = onnx.constant dense_resource<w> : tensor<2x1x1x2xsi8>
  %s = onnx.constant dense<[0.5, 0.25]> : tensor<2xf32>
  %z = onnx.constant dense<0> : tensor<2xsi8>
  %y = onnx.node "DequantizeLinear" <"ai.onnx", 13> name "dq" (%w, %s, %z) {axis = 0 : i64} : (tensor<2x1x1x2xsi8>, tensor<2xf32>, tensor<2xsi8>) -> tensor<2x1x1x2xf32>
  return %y : tensor<2x1x1x2xf32>
}

// onnxruntime's QDQ convolution (uint8 activations, per-channel int8
// weights from a blob, INT32 bias through DequantizeLinear) becomes an
// integer layer.
// LAYERS-LABEL: func.func @qdq_conv
// LAYERS: qnn.conv2d
// LAYERS-NOT: tosa.conv2d
func.func @qdq_conv(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %xs = onnx.constant dense<0.05> : tensor<f32>
  %xz = onnx.constant dense<128> : tensor<ui8>
  %xq = onnx.node "QuantizeLinear" <"ai.onnx", 13> name "xq" (%x, %xs, %xz) {} : (tensor<1x2x4x4xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x2x4x4xui8>
  %xd = onnx.node "DequantizeLinear" <"ai.onnx", 13> name "xd" (%xq, %xs, %xz) {} : (tensor<1x2x4x4xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x2x4x4xf32>
  %w = onnx.constant dense_resource<w2> : tensor<2x2x1x1xsi8>
  %ws = onnx.constant dense<[0.5, 0.25]> : tensor<2xf32>
  %wz = onnx.constant dense<0> : tensor<2xsi8>
  %wd = onnx.node "DequantizeLinear" <"ai.onnx", 13> name "wd" (%w, %ws, %wz) {axis = 0 : i64} : (tensor<2x2x1x1xsi8>, tensor<2xf32>, tensor<2xsi8>) -> tensor<2x2x1x1xf32>
  %b = onnx.constant dense<[40, -8]> : tensor<2xsi32>
  %bs = onnx.constant dense<[0.025, 0.0125]> : tensor<2xf32>
  %bz = onnx.constant dense<0> : tensor<2xsi32>
  %bd = onnx.node "DequantizeLinear" <"ai.onnx", 13> name "bd" (%b, %bs, %bz) {axis = 0 : i64} : (tensor<2xsi32>, tensor<2xf32>, tensor<2xsi32>) -> tensor<2xf32>
  %y = onnx.node "Conv" <"ai.onnx", 11> name "c" (%xd, %wd, %bd) {} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}
{-#
  dialect_resources: {
    builtin: {
      w: "0x0100000003FE7F80",
      w2: "0x0100000001FF0203"
    }
  }
#-}
