// RUN: qnn-opt %s --convert-onnx-to-qnn -split-input-file -verify-diagnostics

// Every error of the quantization annotations.

func.func @unknown_datatype(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{tensor 'x': unknown finn_datatype 'INT2X' (FINN's DataTypes: BINARY, BIPOLAR, TERNARY, INTn, UINTn, FIXED<w,i>, SCALEDINT<n>, FLOAT32, FLOAT16, FLOAT<e,m[,b]>)}}
  %a = onnx.annotation "x" %x {finn_datatype = "INT2X"} : tensor<2xf32>
  return %a : tensor<2xf32>
}

// -----

func.func @thresholds_exceed(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %t = onnx.constant dense<[[0.5, 1.5, 2.5]]> : tensor<1x3xf32>
  %m = onnx.node "MultiThreshold"<"finn.custom_op.general", 1>(%x, %t) {out_dtype = "UINT2"} : (tensor<1x2xf32>, tensor<1x3xf32>) -> tensor<1x2xf32>
  // expected-error @+1 {{tensor 'm' is annotated finn_datatype INT2, which does not hold 2, one of the values qnn computes for it}}
  %a = onnx.annotation "m" %m {finn_datatype = "INT2"} : tensor<1x2xf32>
  return %a : tensor<1x2xf32>
}

// -----

func.func @constant_not_integer(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %w = onnx.constant dense<[[0.5, 1.0], [0.0, -1.0]]> : tensor<2x2xf32>
  // expected-error @+1 {{tensor 'w' is annotated finn_datatype INT4, which does not hold 0.5, one of the values qnn computes for it}}
  %a = onnx.annotation "w" %w {finn_datatype = "INT4"} : tensor<2x2xf32>
  %y = onnx.node "MatMul"<"ai.onnx", 13>(%x, %a) {} : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

func.func @bipolar_zero(%x: tensor<2xf32>) -> tensor<2xf32> {
  %c = onnx.constant dense<[0.0, 1.0]> : tensor<2xf32>
  // expected-error @+1 {{tensor 'c' is annotated finn_datatype BIPOLAR, which does not hold 0, one of the values qnn computes for it}}
  %a = onnx.annotation "c" %c {finn_datatype = "BIPOLAR"} : tensor<2xf32>
  %y = onnx.node "Add"<"ai.onnx", 14>(%x, %a) {} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %y : tensor<2xf32>
}

// -----

func.func @fixed_out_of_range(%x: tensor<2xf32>) -> tensor<2xf32> {
  %c = onnx.constant dense<[2.0, 1.0]> : tensor<2xf32>
  // expected-error @+1 {{tensor 'c' is annotated finn_datatype FIXED<4,2>, which does not hold 2, one of the values qnn computes for it}}
  %a = onnx.annotation "c" %c {finn_datatype = "FIXED<4,2>"} : tensor<2xf32>
  %y = onnx.node "Add"<"ai.onnx", 14>(%x, %a) {} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %y : tensor<2xf32>
}
