// RUN: qnn-opt %s --convert-onnx-to-qnn -split-input-file -verify-diagnostics

// Errors of the quantization handlers.

func.func @quantize_int_input(%x: tensor<4xsi32>) -> !onnx.unknown {
  %s = onnx.constant dense<0.5> : tensor<f32>
  // expected-error @+1 {{QuantizeLinear node 'n': input must be a float}}
  %q = onnx.node "QuantizeLinear" <"ai.onnx", 13> name "n" (%x, %s) {} : (tensor<4xsi32>, tensor<f32>) -> !onnx.unknown
  return %q : !onnx.unknown
}

// -----

func.func @dequantize_bool(%x: tensor<4xi1>) -> !onnx.unknown {
  %s = onnx.constant dense<0.5> : tensor<f32>
  // expected-error @+1 {{DequantizeLinear node 'n': input must be integers, got 'i1'}}
  %q = onnx.node "DequantizeLinear" <"ai.onnx", 13> name "n" (%x, %s) {} : (tensor<4xi1>, tensor<f32>) -> !onnx.unknown
  return %q : !onnx.unknown
}

// -----

func.func @integer_scale(%x: tensor<4xf32>) -> !onnx.unknown {
  %s = onnx.constant dense<2> : tensor<si32>
  // expected-error @+1 {{QuantizeLinear node 'n': scale must be a float}}
  %q = onnx.node "QuantizeLinear" <"ai.onnx", 13> name "n" (%x, %s) {} : (tensor<4xf32>, tensor<si32>) -> !onnx.unknown
  return %q : !onnx.unknown
}

// -----

func.func @zero_scale(%x: tensor<4xf32>) -> !onnx.unknown {
  %s = onnx.constant dense<0.0> : tensor<f32>
  // expected-error @+1 {{QuantizeLinear node 'n': scale 0.000000e+00 is not positive and finite}}
  %q = onnx.node "QuantizeLinear" <"ai.onnx", 13> name "n" (%x, %s) {} : (tensor<4xf32>, tensor<f32>) -> !onnx.unknown
  return %q : !onnx.unknown
}

// -----

func.func @nan_scale(%x: tensor<4xf32>) -> !onnx.unknown {
  %s = onnx.constant dense<0x7FC00000> : tensor<f32>
  // expected-error @+1 {{QuantizeLinear node 'n': scale nan is not positive and finite}}
  %q = onnx.node "QuantizeLinear" <"ai.onnx", 13> name "n" (%x, %s) {} : (tensor<4xf32>, tensor<f32>) -> !onnx.unknown
  return %q : !onnx.unknown
}

// -----

// A subnormal scale: 1 / scale overflows f32.
func.func @subnormal_scale(%x: tensor<4xf32>) -> !onnx.unknown {
  %s = onnx.constant dense<1.0e-45> : tensor<f32>
  // expected-error @+1 {{QuantizeLinear node 'n': scale 1.401298e-45 is subnormal as f32 (smaller in magnitude than 1.17549435e-38, the smallest normal f32): its reciprocal overflows f32}}
  %q = onnx.node "QuantizeLinear" <"ai.onnx", 13> name "n" (%x, %s) {} : (tensor<4xf32>, tensor<f32>) -> !onnx.unknown
  return %q : !onnx.unknown
}

// -----

func.func @subnormal_axis_scale(%q: tensor<2x3xsi8>) -> tensor<2x3xf32> {
  %s = onnx.constant dense<[0.5, 1.0e-40]> : tensor<2xf32>
  // expected-error @+1 {{DequantizeLinear node 'n': scale 9.999946e-41 is subnormal as f32}}
  %y = onnx.node "DequantizeLinear" <"ai.onnx", 13> name "n" (%q, %s) {axis = 0} : (tensor<2x3xsi8>, tensor<2xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @axis_out_of_range(%x: tensor<2x3xf32>) -> !onnx.unknown {
  %s = onnx.constant dense<[0.5, 0.25, 1.0]> : tensor<3xf32>
  // expected-error @+1 {{QuantizeLinear node 'n': axis 2 is out of range}}
  %q = onnx.node "QuantizeLinear" <"ai.onnx", 13> name "n" (%x, %s) {axis = 2} : (tensor<2x3xf32>, tensor<3xf32>) -> !onnx.unknown
  return %q : !onnx.unknown
}

// -----

func.func @per_axis_size(%x: tensor<2x3xf32>) -> !onnx.unknown {
  %s = onnx.constant dense<[0.5, 0.25]> : tensor<2xf32>
  // expected-error @+1 {{QuantizeLinear node 'n': per-axis scale of 2 values does not match axis 1 of size 3}}
  %q = onnx.node "QuantizeLinear" <"ai.onnx", 13> name "n" (%x, %s) {axis = 1} : (tensor<2x3xf32>, tensor<2xf32>) -> !onnx.unknown
  return %q : !onnx.unknown
}

// -----

func.func @scale_rank(%x: tensor<2x3xf32>) -> !onnx.unknown {
  %s = onnx.constant dense<0.5> : tensor<2x3xf32>
  // expected-error @+1 {{QuantizeLinear node 'n': scale must be a scalar or 1-D (per axis)}}
  %q = onnx.node "QuantizeLinear" <"ai.onnx", 13> name "n" (%x, %s) {} : (tensor<2x3xf32>, tensor<2x3xf32>) -> !onnx.unknown
  return %q : !onnx.unknown
}

// -----

func.func @blocked_shape(%x: tensor<2x4xf32>) -> !onnx.unknown {
  %s = onnx.constant dense<0.5> : tensor<2x3xf32>
  // expected-error @+1 {{QuantizeLinear node 'n': blocked scale of shape [2, 3] does not match block_size 2}}
  %q = onnx.node "QuantizeLinear" <"ai.onnx", 21> name "n" (%x, %s) {axis = 1, block_size = 2} : (tensor<2x4xf32>, tensor<2x3xf32>) -> !onnx.unknown
  return %q : !onnx.unknown
}

// -----

func.func @negative_block_size(%x: tensor<2x4xf32>) -> !onnx.unknown {
  %s = onnx.constant dense<0.5> : tensor<f32>
  // expected-error @+1 {{QuantizeLinear node 'n': block_size must not be negative}}
  %q = onnx.node "QuantizeLinear" <"ai.onnx", 21> name "n" (%x, %s) {block_size = -1} : (tensor<2x4xf32>, tensor<f32>) -> !onnx.unknown
  return %q : !onnx.unknown
}

// -----

func.func @zero_point_shape(%x: tensor<2x3xf32>) -> !onnx.unknown {
  %s = onnx.constant dense<[0.5, 0.25, 1.0]> : tensor<3xf32>
  %z = onnx.constant dense<0> : tensor<si8>
  // expected-error @+1 {{QuantizeLinear node 'n': scale and zero point differ in shape}}
  %q = onnx.node "QuantizeLinear" <"ai.onnx", 13> name "n" (%x, %s, %z) {axis = 1} : (tensor<2x3xf32>, tensor<3xf32>, tensor<si8>) -> !onnx.unknown
  return %q : !onnx.unknown
}

// -----

func.func @zero_point_float(%x: tensor<4xf32>) -> !onnx.unknown {
  %s = onnx.constant dense<0.5> : tensor<f32>
  // expected-error @+1 {{QuantizeLinear node 'n': zero point must be an integer tensor, got 'f32'}}
  %q = onnx.node "QuantizeLinear" <"ai.onnx", 13> name "n" (%x, %s, %s) {} : (tensor<4xf32>, tensor<f32>, tensor<f32>) -> !onnx.unknown
  return %q : !onnx.unknown
}

// -----

func.func @zero_point_vs_output_dtype(%x: tensor<4xf32>) -> !onnx.unknown {
  %s = onnx.constant dense<0.5> : tensor<f32>
  %z = onnx.constant dense<0> : tensor<ui8>
  // expected-error @+1 {{QuantizeLinear node 'n': zero point of type 'ui8' differs from the codes' 'si8'}}
  %q = onnx.node "QuantizeLinear" <"ai.onnx", 21> name "n" (%x, %s, %z) {output_dtype = 3} : (tensor<4xf32>, tensor<f32>, tensor<ui8>) -> !onnx.unknown
  return %q : !onnx.unknown
}

// -----

func.func @output_dtype_float(%x: tensor<4xf32>) -> !onnx.unknown {
  %s = onnx.constant dense<0.5> : tensor<f32>
  // expected-error @+1 {{QuantizeLinear node 'n': output_dtype 17 is not an integer type qnn produces}}
  %q = onnx.node "QuantizeLinear" <"ai.onnx", 21> name "n" (%x, %s) {output_dtype = 17} : (tensor<4xf32>, tensor<f32>) -> !onnx.unknown
  return %q : !onnx.unknown
}

// -----

func.func @dequantize_output_dtype(%x: tensor<4xsi8>) -> !onnx.unknown {
  %s = onnx.constant dense<0.5> : tensor<f32>
  // expected-error @+1 {{DequantizeLinear node 'n': output_dtype 11 is not supported}}
  %q = onnx.node "DequantizeLinear" <"ai.onnx", 23> name "n" (%x, %s) {output_dtype = 11} : (tensor<4xsi8>, tensor<f32>) -> !onnx.unknown
  return %q : !onnx.unknown
}

// -----

// Attributes of a later version are not read by an earlier one.
func.func @block_size_before_21(%x: tensor<2x4xf32>) -> !onnx.unknown {
  %s = onnx.constant dense<0.5> : tensor<f32>
  // expected-error @+1 {{QuantizeLinear node 'n': attribute 'block_size' (2 : i64) is not supported by qnn's reading of QuantizeLinear-19}}
  %q = onnx.node "QuantizeLinear" <"ai.onnx", 19> name "n" (%x, %s) {block_size = 2} : (tensor<2x4xf32>, tensor<f32>) -> !onnx.unknown
  return %q : !onnx.unknown
}

// -----

// QLinearConv: the bias has one INT32 value per output channel (it used to
// be read past the per-channel weight scales), x_scale is one value.
func.func @qlinearconv_bias_length(%x: tensor<1x3x4x4xui8>, %w: tensor<4x3x1x1xsi8>) -> !onnx.unknown {
  %xs = onnx.constant dense<0.5> : tensor<f32>
  %xz = onnx.constant dense<128> : tensor<ui8>
  %ws = onnx.constant dense<[0.5, 0.25, 0.125, 1.0]> : tensor<4xf32>
  %wz = onnx.constant dense<0> : tensor<4xsi8>
  %b = onnx.constant dense<[1, 2, 3, 4, 5, 6, 7, 8]> : tensor<8xsi32>
  // expected-error @+1 {{QLinearConv node 'n': the bias must hold one value per output channel (4)}}
  %y = onnx.node "QLinearConv" <"ai.onnx", 10> name "n" (%x, %xs, %xz, %w, %ws, %wz, %xs, %xz, %b) {} : (tensor<1x3x4x4xui8>, tensor<f32>, tensor<ui8>, tensor<4x3x1x1xsi8>, tensor<4xf32>, tensor<4xsi8>, tensor<f32>, tensor<ui8>, tensor<8xsi32>) -> !onnx.unknown
  return %y : !onnx.unknown
}

// -----

func.func @qlinearconv_x_scale(%x: tensor<3x3x4x4xui8>, %w: tensor<4x3x1x1xsi8>) -> !onnx.unknown {
  %xs = onnx.constant dense<[0.5, 0.25, 1.0]> : tensor<3xf32>
  %xz = onnx.constant dense<128> : tensor<3xui8>
  %ys = onnx.constant dense<0.5> : tensor<f32>
  %yz = onnx.constant dense<128> : tensor<ui8>
  %ws = onnx.constant dense<0.5> : tensor<f32>
  %wz = onnx.constant dense<0> : tensor<si8>
  // expected-error @+1 {{QLinearConv node 'n': x_scale must be one value (per tensor)}}
  %y = onnx.node "QLinearConv" <"ai.onnx", 10> name "n" (%x, %xs, %xz, %w, %ws, %wz, %ys, %yz) {} : (tensor<3x3x4x4xui8>, tensor<3xf32>, tensor<3xui8>, tensor<4x3x1x1xsi8>, tensor<f32>, tensor<si8>, tensor<f32>, tensor<ui8>) -> !onnx.unknown
  return %y : !onnx.unknown
}

// -----

func.func @qlinear_missing(%x: tensor<2x3xui8>) -> !onnx.unknown {
  // expected-error @+1 {{QLinearMatMul node 'n': input 1 is missing}}
  %y = onnx.node "QLinearMatMul" <"ai.onnx", 10> name "n" (%x) {} : (tensor<2x3xui8>) -> !onnx.unknown
  return %y : !onnx.unknown
}

// -----

func.func @dynamic_quantize_f16(%x: tensor<4xf16>) -> (!onnx.unknown, !onnx.unknown, !onnx.unknown) {
  // expected-error @+1 {{DynamicQuantizeLinear node 'n': input must be f32}}
  %y:3 = onnx.node "DynamicQuantizeLinear" <"ai.onnx", 11> name "n" (%x) {} : (tensor<4xf16>) -> (!onnx.unknown, !onnx.unknown, !onnx.unknown)
  return %y#0, %y#1, %y#2 : !onnx.unknown, !onnx.unknown, !onnx.unknown
}

// -----

func.func @dynamic_quantize_empty(%x: tensor<0x3xf32>) -> (!onnx.unknown, !onnx.unknown, !onnx.unknown) {
  // expected-error @+1 {{DynamicQuantizeLinear node 'n': input is empty: its range, and so the scale, is undefined}}
  %y:3 = onnx.node "DynamicQuantizeLinear" <"ai.onnx", 11> name "n" (%x) {} : (tensor<0x3xf32>) -> (!onnx.unknown, !onnx.unknown, !onnx.unknown)
  return %y#0, %y#1, %y#2 : !onnx.unknown, !onnx.unknown, !onnx.unknown
}

// -----

func.func @matmulinteger_float(%a: tensor<2x3xf32>, %b: tensor<3x2xsi8>) -> !onnx.unknown {
  // expected-error @+1 {{MatMulInteger node 'n': input 0 must be 8-bit integers}}
  %y = onnx.node "MatMulInteger" <"ai.onnx", 10> name "n" (%a, %b) {} : (tensor<2x3xf32>, tensor<3x2xsi8>) -> !onnx.unknown
  return %y : !onnx.unknown
}

// -----

func.func @qlinear_average_pool_rank2(%x: tensor<4x4xui8>) -> !onnx.unknown {
  %s = onnx.constant dense<0.5> : tensor<f32>
  %z = onnx.constant dense<128> : tensor<ui8>
  // expected-error @+1 {{QLinearAveragePool node 'n' (domain 'com.microsoft'): input of rank 2 has no spatial dimension}}
  %y = onnx.node "QLinearAveragePool" <"com.microsoft", 1> name "n" (%x, %s, %z, %s, %z) {kernel_shape = array<i64: 2, 2>} : (tensor<4x4xui8>, tensor<f32>, tensor<ui8>, tensor<f32>, tensor<ui8>) -> !onnx.unknown
  return %y : !onnx.unknown
}

// -----

// Clip-6 (bounds as attributes) on codes: bounds that are not integers
// have no meaning on integers.
func.func @qcdq_clip_fractional_bound(%x: tensor<4xf32>) -> !onnx.unknown {
  %s = onnx.constant dense<0.25> : tensor<f32>
  %z = onnx.constant dense<0> : tensor<si8>
  %q = onnx.node "QuantizeLinear" <"ai.onnx", 10> name "q" (%x, %s, %z) {} : (tensor<4xf32>, tensor<f32>, tensor<si8>) -> tensor<4xsi8>
  // expected-error @+1 {{Clip node 'c': bound min = -1.500000e+00 is not an integer, and the input holds 'si8' codes}}
  %c = onnx.node "Clip" <"ai.onnx", 10> name "c" (%q) {min = -1.5 : f32, max = 1.0 : f32} : (tensor<4xsi8>) -> !onnx.unknown
  return %c : !onnx.unknown
}

// -----

// Clip-6 on booleans: neither floats nor codes.
func.func @clip6_bool(%x: tensor<4xi1>) -> !onnx.unknown {
  // expected-error @+1 {{Clip node 'c': input of type 'i1' is not a float}}
  %c = onnx.node "Clip" <"ai.onnx", 6> name "c" (%x) {min = 0.0 : f32, max = 1.0 : f32} : (tensor<4xi1>) -> !onnx.unknown
  return %c : !onnx.unknown
}
