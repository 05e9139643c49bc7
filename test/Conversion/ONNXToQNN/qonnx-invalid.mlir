// RUN: qnn-opt %s --convert-onnx-to-qnn -split-input-file -verify-diagnostics

// Errors of the QONNX / FINN quantizers.

func.func @quant_bits(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = onnx.constant dense<0.5> : tensor<f32>
  %z = onnx.constant dense<0.0> : tensor<f32>
  %b = onnx.constant dense<2.5> : tensor<f32>
  // expected-error @+1 {{Quant node 'n' (domain 'qonnx.custom_op.general'): bit width 2.5 is not an integer from 1 to 32}}
  %y = onnx.node "Quant" <"qonnx.custom_op.general", 1> name "n" (%x, %s, %z, %b) {signed = 1, narrow = 0} : (tensor<4xf32>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @quant_bits_nan(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = onnx.constant dense<0.5> : tensor<f32>
  %z = onnx.constant dense<0.0> : tensor<f32>
  %b = onnx.constant dense<0x7FC00000> : tensor<f32>
  // expected-error @+1 {{Quant node 'n' (domain 'qonnx.custom_op.general'): bit width nan is not an integer from 1 to 32}}
  %y = onnx.node "Quant" <"qonnx.custom_op.general", 1> name "n" (%x, %s, %z, %b) {signed = 1, narrow = 0} : (tensor<4xf32>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// INT64 bit widths as QKeras writes them; 33 is past QONNX's int32 range.
func.func @quant_bits_33(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = onnx.constant dense<0.5> : tensor<f64>
  %z = onnx.constant dense<0> : tensor<si64>
  %b = onnx.constant dense<33> : tensor<si64>
  // expected-error @+1 {{Quant node 'n' (domain 'qonnx.custom_op.general'): bit width 33 is not an integer from 1 to 32}}
  %y = onnx.node "Quant" <"qonnx.custom_op.general", 1> name "n" (%x, %s, %z, %b) {signed = 1, narrow = 0} : (tensor<4xf32>, tensor<f64>, tensor<si64>, tensor<si64>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @quant_bits_shape(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = onnx.constant dense<0.5> : tensor<f32>
  %z = onnx.constant dense<0.0> : tensor<f32>
  %b = onnx.constant dense<[4.0, 4.0]> : tensor<2xf32>
  // expected-error @+1 {{Quant node 'n' (domain 'qonnx.custom_op.general'): bit width must be one value, got 2}}
  %y = onnx.node "Quant" <"qonnx.custom_op.general", 1> name "n" (%x, %s, %z, %b) {signed = 1, narrow = 0} : (tensor<4xf32>, tensor<f32>, tensor<f32>, tensor<2xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// QONNX's IntQuant has `signed` and `narrow` as required attributes.
func.func @quant_no_signed(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = onnx.constant dense<0.5> : tensor<f32>
  %z = onnx.constant dense<0.0> : tensor<f32>
  %b = onnx.constant dense<4.0> : tensor<f32>
  // expected-error @+1 {{Quant node 'n' (domain 'qonnx.custom_op.general'): attribute 'signed' is missing (QONNX's IntQuant requires it)}}
  %y = onnx.node "Quant" <"qonnx.custom_op.general", 1> name "n" (%x, %s, %z, %b) {narrow = 0} : (tensor<4xf32>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @quant_no_narrow(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = onnx.constant dense<0.5> : tensor<f32>
  %z = onnx.constant dense<0.0> : tensor<f32>
  %b = onnx.constant dense<4.0> : tensor<f32>
  // expected-error @+1 {{IntQuant node 'n' (domain 'onnx.brevitas'): attribute 'narrow' is missing (QONNX's IntQuant requires it)}}
  %y = onnx.node "IntQuant" <"onnx.brevitas", 1> name "n" (%x, %s, %z, %b) {signed = 1} : (tensor<4xf32>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @quant_rounding(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = onnx.constant dense<0.5> : tensor<f32>
  %z = onnx.constant dense<0.0> : tensor<f32>
  %b = onnx.constant dense<4.0> : tensor<f32>
  // expected-error @+1 {{Quant node 'n' (domain 'qonnx.custom_op.general'): unsupported rounding_mode 'STOCHASTIC'}}
  %y = onnx.node "Quant" <"qonnx.custom_op.general", 1> name "n" (%x, %s, %z, %b) {signed = 1, narrow = 0, rounding_mode = "STOCHASTIC"} : (tensor<4xf32>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @quant_runtime_scale(%x: tensor<4xf32>, %s: tensor<f32> {qnn.name = "s"}) -> tensor<4xf32> {
  %z = onnx.constant dense<0.0> : tensor<f32>
  %b = onnx.constant dense<4.0> : tensor<f32>
  // expected-error @+1 {{Quant node 'n' (domain 'qonnx.custom_op.general'): input 1 (scale) must be known at compile time}}
  %y = onnx.node "Quant" <"qonnx.custom_op.general", 1> name "n" (%x, %s, %z, %b) {signed = 1, narrow = 0} : (tensor<4xf32>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @quant_bool_scale(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = onnx.constant dense<true> : tensor<i1>
  %z = onnx.constant dense<0.0> : tensor<f32>
  %b = onnx.constant dense<4.0> : tensor<f32>
  // expected-error @+1 {{Quant node 'n' (domain 'qonnx.custom_op.general'): scale of element type 'i1' is not a number type}}
  %y = onnx.node "Quant" <"qonnx.custom_op.general", 1> name "n" (%x, %s, %z, %b) {signed = 1, narrow = 0} : (tensor<4xf32>, tensor<i1>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @quant_bool_input(%x: tensor<4xi1>) -> tensor<4xf32> {
  %s = onnx.constant dense<0.5> : tensor<f32>
  %z = onnx.constant dense<0.0> : tensor<f32>
  %b = onnx.constant dense<4.0> : tensor<f32>
  // expected-error @+1 {{Quant node 'n' (domain 'qonnx.custom_op.general'): input of element type 'i1' is not a number type}}
  %y = onnx.node "Quant" <"qonnx.custom_op.general", 1> name "n" (%x, %s, %z, %b) {signed = 1, narrow = 0} : (tensor<4xi1>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @quant_broadcast(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %s = onnx.constant dense<[0.5, 0.25]> : tensor<2xf32>
  %z = onnx.constant dense<0.0> : tensor<f32>
  %b = onnx.constant dense<4.0> : tensor<f32>
  // expected-error @+1 {{Quant node 'n' (domain 'qonnx.custom_op.general'): scale [2], zeropt [] and bitwidth [] do not broadcast to x [2, 3]}}
  %y = onnx.node "Quant" <"qonnx.custom_op.general", 1> name "n" (%x, %s, %z, %b) {signed = 1, narrow = 0} : (tensor<2x3xf32>, tensor<2xf32>, tensor<f32>, tensor<f32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @bipolar_broadcast(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %s = onnx.constant dense<[0.5, 0.25]> : tensor<2xf32>
  // expected-error @+1 {{BipolarQuant node 'n' (domain 'qonnx.custom_op.general'): scale [2] does not broadcast to x [2, 3]}}
  %y = onnx.node "BipolarQuant" <"qonnx.custom_op.general", 1> name "n" (%x, %s) {} : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

// A 6-input Trunc read at opset 1: QONNX's Trunc_v1 would take out_scale
// for output_bit_width.
func.func @trunc_v1_six_inputs(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = onnx.constant dense<0.125> : tensor<f32>
  %z = onnx.constant dense<0.0> : tensor<f32>
  %ib = onnx.constant dense<8.0> : tensor<f32>
  %os = onnx.constant dense<0.5> : tensor<f32>
  %ob = onnx.constant dense<4.0> : tensor<f32>
  // expected-error @+1 {{Trunc node 'n' (domain 'qonnx.custom_op.general'): Trunc-1 takes 5 inputs (X, scale, zeropt, input_bit_width, output_bit_width), got 6 (the 6-input Trunc is version 2: the model must import its domain at opset 2)}}
  %y = onnx.node "Trunc" <"qonnx.custom_op.general", 1> name "n" (%x, %s, %z, %ib, %os, %ob) {rounding_mode = "FLOOR"} : (tensor<4xf32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @trunc_v2_five_inputs(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = onnx.constant dense<0.125> : tensor<f32>
  %z = onnx.constant dense<0.0> : tensor<f32>
  %ib = onnx.constant dense<8.0> : tensor<f32>
  %ob = onnx.constant dense<4.0> : tensor<f32>
  // expected-error @+1 {{Trunc node 'n' (domain 'qonnx.custom_op.general'): Trunc-2 takes 6 inputs (X, scale, zeropt, input_bit_width, out_scale, output_bit_width), got 5}}
  %y = onnx.node "Trunc" <"qonnx.custom_op.general", 2> name "n" (%x, %s, %z, %ib, %ob) {rounding_mode = "FLOOR"} : (tensor<4xf32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @trunc_no_rounding(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = onnx.constant dense<0.125> : tensor<f32>
  %z = onnx.constant dense<0.0> : tensor<f32>
  %ib = onnx.constant dense<8.0> : tensor<f32>
  %os = onnx.constant dense<0.5> : tensor<f32>
  %ob = onnx.constant dense<4.0> : tensor<f32>
  // expected-error @+1 {{Trunc node 'n' (domain 'qonnx.custom_op.general'): attribute 'rounding_mode' is missing (QONNX's Trunc-2 requires it)}}
  %y = onnx.node "Trunc" <"qonnx.custom_op.general", 2> name "n" (%x, %s, %z, %ib, %os, %ob) {} : (tensor<4xf32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// QONNX's NumPy would compute NaN everywhere from a NaN scale, and infinity
// from a subnormal one: qnn reports the model.
func.func @quant_nan_scale(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = onnx.constant dense<[0x7FC00000]> : tensor<1xf32>
  %z = onnx.constant dense<0.0> : tensor<f32>
  %b = onnx.constant dense<4.0> : tensor<f32>
  // expected-error @+1 {{Quant node 'n' (domain 'qonnx.custom_op.general'): scale nan (element 0) is not finite}}
  %y = onnx.node "Quant" <"qonnx.custom_op.general", 1> name "n" (%x, %s, %z, %b) {signed = 1, narrow = 0} : (tensor<4xf32>, tensor<1xf32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @quant_infinite_scale(%x: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %s = onnx.constant dense<[[0.5], [0x7F800000]]> : tensor<2x1xf32>
  %z = onnx.constant dense<0.0> : tensor<f32>
  %b = onnx.constant dense<4.0> : tensor<f32>
  // expected-error @+1 {{Quant node 'n' (domain 'qonnx.custom_op.general'): scale inf (element 1) is not finite}}
  %y = onnx.node "Quant" <"qonnx.custom_op.general", 1> name "n" (%x, %s, %z, %b) {signed = 1, narrow = 0} : (tensor<2x2xf32>, tensor<2x1xf32>, tensor<f32>, tensor<f32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// -----

func.func @bipolar_subnormal_scale(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = onnx.constant dense<1.0e-45> : tensor<f32>
  // expected-error @+1 {{BipolarQuant node 'n' (domain 'qonnx.custom_op.general'): scale 1.4013e-45 (element 0) is subnormal as f32 (smaller in magnitude than 1.17549435e-38, the smallest normal f32): its reciprocal overflows f32}}
  %y = onnx.node "BipolarQuant" <"qonnx.custom_op.general", 1> name "n" (%x, %s) {} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @trunc_nan_out_scale(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = onnx.constant dense<0.5> : tensor<f32>
  %z = onnx.constant dense<0.0> : tensor<f32>
  %ib = onnx.constant dense<8.0> : tensor<f32>
  %os = onnx.constant dense<0x7FC00000> : tensor<f32>
  %ob = onnx.constant dense<4.0> : tensor<f32>
  // expected-error @+1 {{Trunc node 'n' (domain 'qonnx.custom_op.general'): out_scale nan (element 0) is not finite}}
  %y = onnx.node "Trunc" <"qonnx.custom_op.general", 2> name "n" (%x, %s, %z, %ib, %os, %ob) {rounding_mode = "FLOOR"} : (tensor<4xf32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @trunc_input_bits_zero(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = onnx.constant dense<0.5> : tensor<f32>
  %z = onnx.constant dense<0.0> : tensor<f32>
  %ib = onnx.constant dense<0.0> : tensor<f32>
  %os = onnx.constant dense<1.0> : tensor<f32>
  %ob = onnx.constant dense<4.0> : tensor<f32>
  // expected-error @+1 {{Trunc node 'n' (domain 'qonnx.custom_op.general'): input_bit_width 0 is not an integer from 1 to 32}}
  %y = onnx.node "Trunc" <"qonnx.custom_op.general", 2> name "n" (%x, %s, %z, %ib, %os, %ob) {rounding_mode = "FLOOR"} : (tensor<4xf32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @trunc_v1_output_bits_1000(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = onnx.constant dense<0.5> : tensor<f32>
  %z = onnx.constant dense<0.0> : tensor<f32>
  %ib = onnx.constant dense<8.0> : tensor<f32>
  %ob = onnx.constant dense<1000.0> : tensor<f32>
  // expected-error @+1 {{Trunc node 'n' (domain 'qonnx.custom_op.general'): output_bit_width 1000 is not an integer from 1 to 32}}
  %y = onnx.node "Trunc" <"qonnx.custom_op.general", 1> name "n" (%x, %s, %z, %ib, %ob) {rounding_mode = "FLOOR"} : (tensor<4xf32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// out_scale / scale overflows f32: the trunc scale 2^round(log2(inf)).
func.func @trunc_scale_ratio(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = onnx.constant dense<1.2e-38> : tensor<f32>
  %z = onnx.constant dense<0.0> : tensor<f32>
  %ib = onnx.constant dense<8.0> : tensor<f32>
  %os = onnx.constant dense<3.0e38> : tensor<f32>
  %ob = onnx.constant dense<4.0> : tensor<f32>
  // expected-error @+1 {{Trunc node 'n' (domain 'qonnx.custom_op.general'): out_scale / scale = inf: the trunc scale 2^round(log2(inf)) is out of range of float32}}
  %y = onnx.node "Trunc" <"qonnx.custom_op.general", 2> name "n" (%x, %s, %z, %ib, %os, %ob) {rounding_mode = "FLOOR"} : (tensor<4xf32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @trunc_scales_broadcast(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %s = onnx.constant dense<[0.5, 0.25]> : tensor<2xf32>
  %z = onnx.constant dense<0.0> : tensor<f32>
  %ib = onnx.constant dense<8.0> : tensor<f32>
  %os = onnx.constant dense<[0.5, 0.5, 0.5]> : tensor<3xf32>
  %ob = onnx.constant dense<4.0> : tensor<f32>
  // expected-error @+1 {{Trunc node 'n' (domain 'qonnx.custom_op.general'): scale [2] and out_scale [3] do not broadcast}}
  %y = onnx.node "Trunc" <"qonnx.custom_op.general", 2> name "n" (%x, %s, %z, %ib, %os, %ob) {rounding_mode = "FLOOR"} : (tensor<2x3xf32>, tensor<2xf32>, tensor<f32>, tensor<f32>, tensor<3xf32>, tensor<f32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @trunc_scales_axes(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %s = onnx.constant dense<[[0.5], [0.25]]> : tensor<2x1xf32>
  %z = onnx.constant dense<0.0> : tensor<f32>
  %ib = onnx.constant dense<8.0> : tensor<f32>
  %os = onnx.constant dense<[0.5, 0.5, 0.5]> : tensor<3xf32>
  %ob = onnx.constant dense<4.0> : tensor<f32>
  // expected-error @+1 {{Trunc node 'n' (domain 'qonnx.custom_op.general'): scale and out_scale that vary along several axes are not supported}}
  %y = onnx.node "Trunc" <"qonnx.custom_op.general", 2> name "n" (%x, %s, %z, %ib, %os, %ob) {rounding_mode = "FLOOR"} : (tensor<2x3xf32>, tensor<2x1xf32>, tensor<f32>, tensor<f32>, tensor<3xf32>, tensor<f32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @trunc_x_broadcast(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %s = onnx.constant dense<0.125> : tensor<f32>
  %z = onnx.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %ib = onnx.constant dense<8.0> : tensor<f32>
  %os = onnx.constant dense<0.5> : tensor<f32>
  %ob = onnx.constant dense<4.0> : tensor<f32>
  // expected-error @+1 {{Trunc node 'n' (domain 'qonnx.custom_op.general'): x [2, 3] and the scales and zero point do not broadcast}}
  %y = onnx.node "Trunc" <"qonnx.custom_op.general", 2> name "n" (%x, %s, %z, %ib, %os, %ob) {rounding_mode = "FLOOR"} : (tensor<2x3xf32>, tensor<f32>, tensor<2xf32>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @trunc_out_bits(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = onnx.constant dense<0.125> : tensor<f32>
  %z = onnx.constant dense<0.0> : tensor<f32>
  %ib = onnx.constant dense<8.0> : tensor<f32>
  %os = onnx.constant dense<0.5> : tensor<f32>
  %ob = onnx.constant dense<0.0> : tensor<f32>
  // expected-error @+1 {{Trunc node 'n' (domain 'qonnx.custom_op.general'): output_bit_width 0 is not an integer from 1 to 32}}
  %y = onnx.node "Trunc" <"qonnx.custom_op.general", 2> name "n" (%x, %s, %z, %ib, %os, %ob) {rounding_mode = "FLOOR"} : (tensor<4xf32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @trunc_v1_bits_shape(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = onnx.constant dense<0.125> : tensor<f32>
  %z = onnx.constant dense<0.0> : tensor<f32>
  %ib = onnx.constant dense<[8.0, 8.0]> : tensor<2xf32>
  %ob = onnx.constant dense<4.0> : tensor<f32>
  // expected-error @+1 {{Trunc node 'n' (domain 'onnx.brevitas'): input_bit_width and output_bit_width must be one value each}}
  %y = onnx.node "Trunc" <"onnx.brevitas", 1> name "n" (%x, %s, %z, %ib, %ob) {rounding_mode = "FLOOR"} : (tensor<4xf32>, tensor<f32>, tensor<f32>, tensor<2xf32>, tensor<f32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @trunc_v1_bits_fraction(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = onnx.constant dense<0.125> : tensor<f32>
  %z = onnx.constant dense<0.0> : tensor<f32>
  %ib = onnx.constant dense<8.0> : tensor<f32>
  %ob = onnx.constant dense<0.8> : tensor<f32>
  // expected-error @+1 {{Trunc node 'n' (domain 'onnx.brevitas'): output_bit_width 0.8 is not an integer from 1 to 32}}
  %y = onnx.node "Trunc" <"onnx.brevitas", 1> name "n" (%x, %s, %z, %ib, %ob) {rounding_mode = "FLOOR"} : (tensor<4xf32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// float16 has no 2^20.
func.func @trunc_v1_f16_shift(%x: tensor<4xf16>) -> tensor<4xf16> {
  %s = onnx.constant dense<0.125> : tensor<f16>
  %z = onnx.constant dense<0.0> : tensor<f16>
  %ib = onnx.constant dense<24.0> : tensor<f16>
  %ob = onnx.constant dense<4.0> : tensor<f16>
  // expected-error @+1 {{Trunc node 'n' (domain 'onnx.brevitas'): the trunc scale 2^20 is out of range of float16}}
  %y = onnx.node "Trunc" <"onnx.brevitas", 1> name "n" (%x, %s, %z, %ib, %ob) {rounding_mode = "FLOOR"} : (tensor<4xf16>, tensor<f16>, tensor<f16>, tensor<f16>, tensor<f16>) -> tensor<4xf16>
  return %y : tensor<4xf16>
}

// -----

func.func @multithreshold_layout(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %t = onnx.constant dense<0.0> : tensor<2x3xf32>
  // expected-error @+1 {{MultiThreshold node 'n' (domain 'qonnx.custom_op.general'): data_layout is empty}}
  %y = onnx.node "MultiThreshold" <"qonnx.custom_op.general", 1> name "n" (%x, %t) {data_layout = ""} : (tensor<1x2x2x2xf32>, tensor<2x3xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

func.func @multithreshold_rank(%x: tensor<4xf32>) -> tensor<4xf32> {
  %t = onnx.constant dense<0.0> : tensor<1x3xf32>
  // expected-error @+1 {{MultiThreshold node 'n' (domain 'qonnx.custom_op.general'): input of rank 1 has no channel axis for data_layout 'NCHW'}}
  %y = onnx.node "MultiThreshold" <"qonnx.custom_op.general", 1> name "n" (%x, %t) {} : (tensor<4xf32>, tensor<1x3xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @multithreshold_rows(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %t = onnx.constant dense<0.0> : tensor<3x3xf32>
  // expected-error @+1 {{MultiThreshold node 'n' (domain 'qonnx.custom_op.general'): 3 threshold rows for 2 channels (data_layout 'NHWC')}}
  %y = onnx.node "MultiThreshold" <"qonnx.custom_op.general", 1> name "n" (%x, %t) {data_layout = "NHWC"} : (tensor<1x2x2x2xf32>, tensor<3x3xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

func.func @multithreshold_table(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %t = onnx.constant dense<0.0> : tensor<6xf32>
  // expected-error @+1 {{MultiThreshold node 'n' (domain 'qonnx.custom_op.general'): thresholds must be a [channels, T] table, got shape [6]}}
  %y = onnx.node "MultiThreshold" <"qonnx.custom_op.general", 1> name "n" (%x, %t) {} : (tensor<1x2x2x2xf32>, tensor<6xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

func.func @multithreshold_bool_table(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %t = onnx.constant dense<true> : tensor<2x3xi1>
  // expected-error @+1 {{MultiThreshold node 'n' (domain 'qonnx.custom_op.general'): thresholds of element type 'i1' are not a number type}}
  %y = onnx.node "MultiThreshold" <"qonnx.custom_op.general", 1> name "n" (%x, %t) {} : (tensor<1x2x2x2xf32>, tensor<2x3xi1>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

func.func @multithreshold_runtime(%x: tensor<1x2x2x2xf32>, %t: tensor<2x3xf32> {qnn.name = "t"}) -> tensor<1x2x2x2xf32> {
  // expected-error @+1 {{MultiThreshold node 'n' (domain 'qonnx.custom_op.general'): input 1 (thresholds) must be known at compile time}}
  %y = onnx.node "MultiThreshold" <"qonnx.custom_op.general", 1> name "n" (%x, %t) {} : (tensor<1x2x2x2xf32>, tensor<2x3xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

func.func @multithreshold_unknown_dtype(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %t = onnx.constant dense<0.0> : tensor<2x3xf32>
  // expected-error @+1 {{MultiThreshold node 'n' (domain 'finn.custom_op.general'): unknown out_dtype 'QUATERNARY' (not a FINN DataType)}}
  %y = onnx.node "MultiThreshold" <"finn.custom_op.general", 1> name "n" (%x, %t) {out_dtype = "QUATERNARY"} : (tensor<1x2x2x2xf32>, tensor<2x3xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

// Three thresholds with out_bias -1 give -1 .. 2, which INT2 does not hold.
func.func @multithreshold_dtype(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %t = onnx.constant dense<0.0> : tensor<2x3xf32>
  // expected-error @+1 {{MultiThreshold node 'n' (domain 'finn.custom_op.general'): out_dtype INT2 does not hold 2 = 1 * 3 + -1}}
  %y = onnx.node "MultiThreshold" <"finn.custom_op.general", 1> name "n" (%x, %t) {out_dtype = "INT2", out_bias = -1.0 : f32} : (tensor<1x2x2x2xf32>, tensor<2x3xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

func.func @multithreshold_bipolar_dtype(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %t = onnx.constant dense<0.0> : tensor<1x1xf32>
  // expected-error @+1 {{MultiThreshold node 'n' (domain 'finn.custom_op.general'): out_dtype BIPOLAR does not hold 0 = 1 * 0 + 0}}
  %y = onnx.node "MultiThreshold" <"finn.custom_op.general", 1> name "n" (%x, %t) {out_dtype = "BIPOLAR"} : (tensor<1x2x2x2xf32>, tensor<1x1xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

func.func @floatquant(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = onnx.constant dense<1.0> : tensor<f32>
  %e = onnx.constant dense<4.0> : tensor<f32>
  %m = onnx.constant dense<3.0> : tensor<f32>
  %b = onnx.constant dense<7.0> : tensor<f32>
  %v = onnx.constant dense<448.0> : tensor<f32>
  // expected-error @+1 {{FloatQuant node 'n' (domain 'qonnx.custom_op.general'): FloatQuant (minifloat) is not supported}}
  %y = onnx.node "FloatQuant" <"qonnx.custom_op.general", 1> name "n" (%x, %s, %e, %m, %b, %v) {has_inf = 0, has_nan = 1, has_subnormal = 1, rounding_mode = "ROUND", saturation = 1} : (tensor<4xf32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}
