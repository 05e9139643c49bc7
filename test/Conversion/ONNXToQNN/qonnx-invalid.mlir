// RUN: qnn-opt %s --convert-onnx-to-qnn -split-input-file -verify-diagnostics

// Errors of the QONNX / FINN quantizers.

func.func @quant_bits(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = onnx.constant dense<0.5> : tensor<f32>
  %z = onnx.constant dense<0.0> : tensor<f32>
  %b = onnx.constant dense<2.5> : tensor<f32>
  // expected-error @+1 {{Quant node 'n' (domain 'qonnx.custom_op.general'): bit width 2.5 is not an integer from 1 to 8}}
  %y = onnx.node "Quant" <"qonnx.custom_op.general", 1> name "n" (%x, %s, %z, %b) {} : (tensor<4xf32>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @quant_bits_nan(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = onnx.constant dense<0.5> : tensor<f32>
  %z = onnx.constant dense<0.0> : tensor<f32>
  %b = onnx.constant dense<0x7FC00000> : tensor<f32>
  // expected-error @+1 {{Quant node 'n' (domain 'qonnx.custom_op.general'): bit width nan is not an integer from 1 to 8}}
  %y = onnx.node "Quant" <"qonnx.custom_op.general", 1> name "n" (%x, %s, %z, %b) {} : (tensor<4xf32>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @quant_rounding(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = onnx.constant dense<0.5> : tensor<f32>
  %z = onnx.constant dense<0.0> : tensor<f32>
  %b = onnx.constant dense<4.0> : tensor<f32>
  // expected-error @+1 {{Quant node 'n' (domain 'qonnx.custom_op.general'): unsupported rounding_mode 'STOCHASTIC'}}
  %y = onnx.node "Quant" <"qonnx.custom_op.general", 1> name "n" (%x, %s, %z, %b) {rounding_mode = "STOCHASTIC"} : (tensor<4xf32>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @quant_scale(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = onnx.constant dense<-0.5> : tensor<f32>
  %z = onnx.constant dense<0.0> : tensor<f32>
  %b = onnx.constant dense<4.0> : tensor<f32>
  // expected-error @+1 {{Quant node 'n' (domain 'qonnx.custom_op.general'): scale -0.5 is not positive and finite}}
  %y = onnx.node "Quant" <"qonnx.custom_op.general", 1> name "n" (%x, %s, %z, %b) {} : (tensor<4xf32>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @quant_runtime_scale(%x: tensor<4xf32>, %s: tensor<f32> {qnn.name = "s"}) -> tensor<4xf32> {
  %z = onnx.constant dense<0.0> : tensor<f32>
  %b = onnx.constant dense<4.0> : tensor<f32>
  // expected-error @+1 {{Quant node 'n' (domain 'qonnx.custom_op.general'): input 1 (scale) must be known at compile time}}
  %y = onnx.node "Quant" <"qonnx.custom_op.general", 1> name "n" (%x, %s, %z, %b) {} : (tensor<4xf32>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @quant_channels(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %s = onnx.constant dense<[0.5, 0.25]> : tensor<2xf32>
  %z = onnx.constant dense<0.0> : tensor<f32>
  %b = onnx.constant dense<4.0> : tensor<f32>
  // expected-error @+1 {{Quant node 'n' (domain 'qonnx.custom_op.general'): scale / zero point must be per tensor or per channel along one axis of x}}
  %y = onnx.node "Quant" <"qonnx.custom_op.general", 1> name "n" (%x, %s, %z, %b) {} : (tensor<2x3xf32>, tensor<2xf32>, tensor<f32>, tensor<f32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @bipolar_scale(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = onnx.constant dense<0.0> : tensor<f32>
  // expected-error @+1 {{BipolarQuant node 'n' (domain 'qonnx.custom_op.general'): scale 0 is not positive and finite}}
  %y = onnx.node "BipolarQuant" <"qonnx.custom_op.general", 1> name "n" (%x, %s) {} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// Trunc with an infinite scale: out_scale / scale is 2^-inf (it used to go
// on and divide by it).
func.func @trunc_infinite_scale(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = onnx.constant dense<0x7F800000> : tensor<f32>
  %z = onnx.constant dense<0.0> : tensor<f32>
  %ib = onnx.constant dense<8.0> : tensor<f32>
  %os = onnx.constant dense<0.5> : tensor<f32>
  %ob = onnx.constant dense<4.0> : tensor<f32>
  // expected-error @+1 {{Trunc node 'n' (domain 'qonnx.custom_op.general'): scales must be positive and finite}}
  %y = onnx.node "Trunc" <"qonnx.custom_op.general", 1> name "n" (%x, %s, %z, %ib, %os, %ob) {} : (tensor<4xf32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @trunc_zero_point(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = onnx.constant dense<0.125> : tensor<f32>
  %z = onnx.constant dense<0x7FC00000> : tensor<f32>
  %ib = onnx.constant dense<8.0> : tensor<f32>
  %os = onnx.constant dense<0.5> : tensor<f32>
  %ob = onnx.constant dense<4.0> : tensor<f32>
  // expected-error @+1 {{Trunc node 'n' (domain 'qonnx.custom_op.general'): zeropt nan is not finite}}
  %y = onnx.node "Trunc" <"qonnx.custom_op.general", 1> name "n" (%x, %s, %z, %ib, %os, %ob) {} : (tensor<4xf32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @trunc_scale_ratio(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = onnx.constant dense<1.0e-38> : tensor<f32>
  %z = onnx.constant dense<0.0> : tensor<f32>
  %ib = onnx.constant dense<8.0> : tensor<f32>
  %os = onnx.constant dense<3.0e38> : tensor<f32>
  %ob = onnx.constant dense<4.0> : tensor<f32>
  // expected-error @+1 {{Trunc node 'n' (domain 'qonnx.custom_op.general'): out_scale / scale = 2^k is out of range}}
  %y = onnx.node "Trunc" <"qonnx.custom_op.general", 1> name "n" (%x, %s, %z, %ib, %os, %ob) {} : (tensor<4xf32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @multithreshold_layout(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %t = onnx.constant dense<0.0> : tensor<2x3xf32>
  // expected-error @+1 {{MultiThreshold node 'n' (domain 'qonnx.custom_op.general'): unsupported data_layout 'NDHWC'}}
  %y = onnx.node "MultiThreshold" <"qonnx.custom_op.general", 1> name "n" (%x, %t) {data_layout = "NDHWC"} : (tensor<1x2x2x2xf32>, tensor<2x3xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

func.func @multithreshold_rows(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %t = onnx.constant dense<0.0> : tensor<3x3xf32>
  // expected-error @+1 {{MultiThreshold node 'n' (domain 'qonnx.custom_op.general'): 3 threshold rows for 2 channels}}
  %y = onnx.node "MultiThreshold" <"qonnx.custom_op.general", 1> name "n" (%x, %t) {} : (tensor<1x2x2x2xf32>, tensor<3x3xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

func.func @multithreshold_bias(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %t = onnx.constant dense<0.0> : tensor<2x3xf32>
  // expected-error @+1 {{MultiThreshold node 'n' (domain 'qonnx.custom_op.general'): out_bias / out_scale must be an integer and out_scale positive (got 0.5 / 2)}}
  %y = onnx.node "MultiThreshold" <"qonnx.custom_op.general", 1> name "n" (%x, %t) {out_scale = 2.0 : f32, out_bias = 0.5 : f32} : (tensor<1x2x2x2xf32>, tensor<2x3xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

// An out_bias far beyond any integer zero point (it used to be converted
// to int64 regardless).
func.func @multithreshold_huge_bias(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %t = onnx.constant dense<0.0> : tensor<2x3xf32>
  // expected-error @+1 {{MultiThreshold node 'n' (domain 'qonnx.custom_op.general'): out_bias / out_scale must be an integer and out_scale positive (got 3e+38 / 1)}}
  %y = onnx.node "MultiThreshold" <"qonnx.custom_op.general", 1> name "n" (%x, %t) {out_bias = 3.0e38 : f32} : (tensor<1x2x2x2xf32>, tensor<2x3xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

func.func @multithreshold_table(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %t = onnx.constant dense<0.0> : tensor<6xf32>
  // expected-error @+1 {{MultiThreshold node 'n' (domain 'qonnx.custom_op.general'): takes f32 input and a [channels, T] f32 threshold table}}
  %y = onnx.node "MultiThreshold" <"qonnx.custom_op.general", 1> name "n" (%x, %t) {} : (tensor<1x2x2x2xf32>, tensor<6xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}
