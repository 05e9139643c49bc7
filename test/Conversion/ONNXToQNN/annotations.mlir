// RUN: qnn-opt %s --convert-onnx-to-qnn --split-input-file | FileCheck %s

// Quantization annotations (graph.quantization_annotation): FINN's
// finn_datatype is checked against what qnn infers; integer weights a
// MatMul, Gemm or Conv reads become constant codes of their type.

// CHECK-LABEL: func.func @int2_weights
// CHECK: %[[W:.*]] = qnn.constant dense<{{\[\[}}-2, 1], [0, -1]]> : tensor<2x2xi8> -> tensor<2x2x!qnn.uniform<i2:f32, 1.0>>
// CHECK: %[[D:.*]] = qnn.dequantize %[[W]] : tensor<2x2x!qnn.uniform<i2:f32, 1.0>> -> tensor<2x2xf32>
// CHECK: tosa.matmul {{.*}}
func.func @int2_weights(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %w = onnx.constant dense<[[-2.0, 1.0], [0.0, -1.0]]> : tensor<2x2xf32>
  %a = onnx.annotation "w" %w {finn_datatype = "INT2"} : tensor<2x2xf32>
  %y = onnx.node "MatMul"<"ai.onnx", 13>(%x, %a) {} : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

// CHECK-LABEL: func.func @bipolar_weights
// CHECK: %[[W:.*]] = qnn.constant dense<{{\[\[}}0, 1], [1, 0]]> : tensor<2x2xi8> -> tensor<2x2x!qnn.codebook<u1:f32, [-1, 1]>>
// CHECK: qnn.dequantize %[[W]]
func.func @bipolar_weights(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %w = onnx.constant dense<[[-1.0, 1.0], [1.0, -1.0]]> : tensor<2x2xf32>
  %a = onnx.annotation "w" %w {finn_datatype = "BIPOLAR"} : tensor<2x2xf32>
  %y = onnx.node "MatMul"<"ai.onnx", 13>(%x, %a) {} : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

// A constant read by anything but a layer's weights keeps its float type.
// CHECK-LABEL: func.func @not_weights
// CHECK-NOT: qnn.constant
// CHECK: tosa.add
func.func @not_weights(%x: tensor<2xf32>) -> tensor<2xf32> {
  %c = onnx.constant dense<[1.0, 3.0]> : tensor<2xf32>
  %a = onnx.annotation "c" %c {finn_datatype = "UINT2"} : tensor<2xf32>
  %y = onnx.node "Add"<"ai.onnx", 14>(%x, %a) {} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %y : tensor<2xf32>
}

// -----

// The output of a MultiThreshold with 3 thresholds holds 0..3: UINT2 fits,
// and the value passes through unchanged; keys other than finn_datatype
// change nothing.
// CHECK-LABEL: func.func @thresholds_uint2
// CHECK: %[[T:.*]] = qnn.multithreshold
// CHECK: %[[D:.*]] = qnn.dequantize %[[T]]
// CHECK: return %[[D]]
func.func @thresholds_uint2(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %t = onnx.constant dense<[[0.5, 1.5, 2.5]]> : tensor<1x3xf32>
  %m = onnx.node "MultiThreshold"<"finn.custom_op.general", 1>(%x, %t) {out_dtype = "UINT2"} : (tensor<1x2xf32>, tensor<1x3xf32>) -> tensor<1x2xf32>
  %a = onnx.annotation "m" %m {finn_datatype = "UINT2", SCALE_TENSOR = "s"} : tensor<1x2xf32>
  return %a : tensor<1x2xf32>
}

// -----

// Float types, SCALEDINT and minifloats constrain nothing qnn checks.
// CHECK-LABEL: func.func @unchecked
// CHECK-NOT: qnn.constant
func.func @unchecked(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %w = onnx.constant dense<[[0.25, 1.5], [3.0, -1.0]]> : tensor<2x2xf32>
  %a = onnx.annotation "w" %w {finn_datatype = "FLOAT32"} : tensor<2x2xf32>
  %b = onnx.annotation "x" %x {finn_datatype = "SCALEDINT<8>"} : tensor<1x2xf32>
  %y = onnx.node "MatMul"<"ai.onnx", 13>(%b, %a) {} : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

// FIXED<4,2>: multiples of 1/4 in [-2, 1.75].
// CHECK-LABEL: func.func @fixed
func.func @fixed(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %c = onnx.constant dense<[-2.0, 1.75]> : tensor<2xf32>
  %a = onnx.annotation "c" %c {finn_datatype = "FIXED<4,2>"} : tensor<2xf32>
  %y = onnx.node "Add"<"ai.onnx", 14>(%x, %a) {} : (tensor<1x2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}
