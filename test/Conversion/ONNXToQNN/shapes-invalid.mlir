// RUN: qnn-opt %s --convert-onnx-to-qnn -split-input-file -verify-diagnostics

// Errors of Constant, ConstantOfShape and Range (Dropout's: dropout.mlir),
// and nodes the constant folder must hand to their handlers (which report
// them) rather than read past their inputs.

func.func @constant_two_values() -> tensor<f32> {
  // expected-error @+1 {{Constant node 'n': needs exactly one value attribute, got 2}}
  %0 = onnx.node "Constant" <"ai.onnx", 13> name "n" () {value_float = 1.0 : f32, value_int = 1} : () -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @constant_string() -> !onnx.unknown {
  // expected-error @+1 {{Constant node 'n': string constants are not supported}}
  %0 = onnx.node "Constant" <"ai.onnx", 13> name "n" () {value_string = "a"} : () -> !onnx.unknown
  return %0 : !onnx.unknown
}

// -----

func.func @constant_unknown() -> !onnx.unknown {
  // expected-error @+1 {{Constant node 'n': unknown attribute 'values'}}
  %0 = onnx.node "Constant" <"ai.onnx", 13> name "n" () {values = 1} : () -> !onnx.unknown
  return %0 : !onnx.unknown
}

// -----

func.func @constant_value_kind() -> !onnx.unknown {
  // expected-error @+1 {{Constant node 'n': attribute 'value' must be a tensor, got 1 : i64}}
  %0 = onnx.node "Constant" <"ai.onnx", 13> name "n" () {value = 1} : () -> !onnx.unknown
  return %0 : !onnx.unknown
}

// -----

func.func @constant_of_shape_negative() -> !onnx.unknown {
  %s = onnx.constant dense<[2, -2]> : tensor<2xsi64>
  // expected-error @+1 {{ConstantOfShape node 'n': negative dimension -2}}
  %0 = onnx.node "ConstantOfShape" <"ai.onnx", 20> name "n" (%s) {} : (tensor<2xsi64>) -> !onnx.unknown
  return %0 : !onnx.unknown
}

// -----

func.func @constant_of_shape_overflow() -> !onnx.unknown {
  %s = onnx.constant dense<[4294967296, 4294967296]> : tensor<2xsi64>
  // expected-error @+1 {{ConstantOfShape node 'n': the element count of shape [4294967296, 4294967296] overflows 64 bits}}
  %0 = onnx.node "ConstantOfShape" <"ai.onnx", 20> name "n" (%s) {} : (tensor<2xsi64>) -> !onnx.unknown
  return %0 : !onnx.unknown
}

// -----

func.func @constant_of_shape_value() -> !onnx.unknown {
  %s = onnx.constant dense<[2]> : tensor<1xsi64>
  // expected-error @+1 {{ConstantOfShape node 'n': value must hold one element}}
  %0 = onnx.node "ConstantOfShape" <"ai.onnx", 20> name "n" (%s) {value = dense<[1, 2]> : tensor<2xsi32>} : (tensor<1xsi64>) -> !onnx.unknown
  return %0 : !onnx.unknown
}

// -----

func.func @constant_of_shape_runtime(%s: tensor<2xsi64> {qnn.name = "shape"}) -> !onnx.unknown {
  // expected-error @+1 {{ConstantOfShape node 'n': input 0 (shape) must be known at compile time: qnn compiles static shapes; give graph input 'shape' a value with --input-value shape=<TensorProto file> (Python: constant_inputs)}}
  %0 = onnx.node "ConstantOfShape" <"ai.onnx", 20> name "n" (%s) {} : (tensor<2xsi64>) -> !onnx.unknown
  return %0 : !onnx.unknown
}

// -----

func.func @range_zero_delta() -> !onnx.unknown {
  %s = onnx.constant dense<0> : tensor<si32>
  %l = onnx.constant dense<4> : tensor<si32>
  %d = onnx.constant dense<0> : tensor<si32>
  // expected-error @+1 {{Range node 'n': delta is 0}}
  %0 = onnx.node "Range" <"ai.onnx", 11> name "n" (%s, %l, %d) {} : (tensor<si32>, tensor<si32>, tensor<si32>) -> !onnx.unknown
  return %0 : !onnx.unknown
}

// -----

func.func @range_too_long() -> !onnx.unknown {
  %s = onnx.constant dense<0> : tensor<si64>
  %l = onnx.constant dense<1000000000000> : tensor<si64>
  %d = onnx.constant dense<1> : tensor<si64>
  // expected-error @+1 {{Range node 'n': the range from 0 to 1e+12 by 1 is longer than qnn evaluates at compile time}}
  %0 = onnx.node "Range" <"ai.onnx", 11> name "n" (%s, %l, %d) {} : (tensor<si64>, tensor<si64>, tensor<si64>) -> !onnx.unknown
  return %0 : !onnx.unknown
}

// -----

func.func @range_not_finite() -> !onnx.unknown {
  %s = onnx.constant dense<0.0> : tensor<f32>
  %l = onnx.constant dense<0x7F800000> : tensor<f32>
  %d = onnx.constant dense<1.0> : tensor<f32>
  // expected-error @+1 {{Range node 'n': start, limit and delta must be finite}}
  %0 = onnx.node "Range" <"ai.onnx", 11> name "n" (%s, %l, %d) {} : (tensor<f32>, tensor<f32>, tensor<f32>) -> !onnx.unknown
  return %0 : !onnx.unknown
}

// -----

// Mixed types: the folder used to read the float start's limit from the
// integer's (empty) float values.
func.func @range_mixed() -> !onnx.unknown {
  %s = onnx.constant dense<0.0> : tensor<f32>
  %l = onnx.constant dense<4> : tensor<si64>
  %d = onnx.constant dense<1> : tensor<si64>
  // expected-error @+1 {{Range node 'n': start, limit and delta differ in type: 'f32' and 'si64'}}
  %0 = onnx.node "Range" <"ai.onnx", 11> name "n" (%s, %l, %d) {} : (tensor<f32>, tensor<si64>, tensor<si64>) -> !onnx.unknown
  return %0 : !onnx.unknown
}

// -----

func.func @range_not_scalar() -> !onnx.unknown {
  %s = onnx.constant dense<[0, 1]> : tensor<2xsi64>
  %l = onnx.constant dense<4> : tensor<si64>
  // expected-error @+1 {{Range node 'n': start must be a scalar, got 2 values}}
  %0 = onnx.node "Range" <"ai.onnx", 11> name "n" (%s, %l, %l) {} : (tensor<2xsi64>, tensor<si64>, tensor<si64>) -> !onnx.unknown
  return %0 : !onnx.unknown
}

// -----

// A comparison of one constant input: the folder used to read the second
// input past the end of its list.
func.func @less_one_input() -> !onnx.unknown {
  %a = onnx.constant dense<[1, 2]> : tensor<2xsi64>
  // expected-error @+1 {{Less node 'n': input 1 is missing}}
  %0 = onnx.node "Less" <"ai.onnx", 13> name "n" (%a) {} : (tensor<2xsi64>) -> !onnx.unknown
  return %0 : !onnx.unknown
}

// -----

// Where of a float condition, and of values of two types: the folder used
// to read the condition's (absent) integers and to mix the values' kinds.
func.func @where_float_condition() -> !onnx.unknown {
  %c = onnx.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %a = onnx.constant dense<[1, 2]> : tensor<2xsi64>
  // expected-error @+1 {{Where node 'n': condition must be BOOL}}
  %0 = onnx.node "Where" <"ai.onnx", 16> name "n" (%c, %a, %a) {} : (tensor<2xf32>, tensor<2xsi64>, tensor<2xsi64>) -> !onnx.unknown
  return %0 : !onnx.unknown
}

// -----

func.func @where_mixed_values() -> !onnx.unknown {
  %c = onnx.constant dense<[true, false]> : tensor<2xi1>
  %a = onnx.constant dense<[1, 2]> : tensor<2xsi64>
  %b = onnx.constant dense<[1.5, 2.5]> : tensor<2xf32>
  // expected-error @+1 {{Where node 'n': X and Y differ in element type}}
  %0 = onnx.node "Where" <"ai.onnx", 16> name "n" (%c, %a, %b) {} : (tensor<2xi1>, tensor<2xsi64>, tensor<2xf32>) -> !onnx.unknown
  return %0 : !onnx.unknown
}

// -----

func.func @and_of_floats() -> !onnx.unknown {
  %a = onnx.constant dense<[1.0, 0.0]> : tensor<2xf32>
  // expected-error @+1 {{And node 'n': inputs must be BOOL, got 'f32'}}
  %0 = onnx.node "And" <"ai.onnx", 7> name "n" (%a, %a) {} : (tensor<2xf32>, tensor<2xf32>) -> !onnx.unknown
  return %0 : !onnx.unknown
}

// -----

func.func @gather_out_of_range() -> !onnx.unknown {
  %a = onnx.constant dense<[1, 2]> : tensor<2xsi64>
  %i = onnx.constant dense<[2]> : tensor<1xsi64>
  // expected-error @+1 {{Gather node 'n': index 2 is out of range for size 2}}
  %0 = onnx.node "Gather" <"ai.onnx", 13> name "n" (%a, %i) {axis = 0} : (tensor<2xsi64>, tensor<1xsi64>) -> !onnx.unknown
  return %0 : !onnx.unknown
}

// -----

// A Gather of one constant input: the folder used to read its indices past
// the end of its inputs.
func.func @gather_one_input() -> !onnx.unknown {
  %a = onnx.constant dense<[1, 2]> : tensor<2xsi64>
  // expected-error @+1 {{Gather node 'n': input 1 is missing}}
  %0 = onnx.node "Gather" <"ai.onnx", 13> name "n" (%a) {axis = 0} : (tensor<2xsi64>) -> !onnx.unknown
  return %0 : !onnx.unknown
}

