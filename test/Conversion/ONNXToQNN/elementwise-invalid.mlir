// RUN: qnn-opt %s --convert-onnx-to-qnn -split-input-file -verify-diagnostics

// The elementwise handlers' errors, each naming the node.

func.func @differ(%a: tensor<4xsi8>, %b: tensor<4xui8>) -> tensor<4xsi8> {
  // expected-error @+1 {{Add node 'n': inputs differ in element type: 'si8' and 'ui8'}}
  %y = onnx.node "Add" <"ai.onnx", 14> name "n" (%a, %b) {} : (tensor<4xsi8>, tensor<4xui8>) -> tensor<4xsi8>
  return %y : tensor<4xsi8>
}

// -----

func.func @bool_add(%a: tensor<4xi1>) -> tensor<4xi1> {
  // expected-error @+1 {{Add node 'n': input type 'i1' is not supported}}
  %y = onnx.node "Add" <"ai.onnx", 14> name "n" (%a, %a) {} : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %y : tensor<4xi1>
}

// -----

func.func @no_broadcast_f32(%a: tensor<2x3xf32>, %b: tensor<2xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{Add node 'n': inputs of shapes [2, 3] and [1, 2] do not broadcast}}
  %y = onnx.node "Add" <"ai.onnx", 14> name "n" (%a, %b) {} : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @no_broadcast_int(%a: tensor<2x3xsi32>, %b: tensor<2xsi32>) -> tensor<2x3xsi32> {
  // expected-error @+1 {{Sub node 'n': inputs of shapes [2, 3] [2] do not broadcast}}
  %y = onnx.node "Sub" <"ai.onnx", 14> name "n" (%a, %b) {} : (tensor<2x3xsi32>, tensor<2xsi32>) -> tensor<2x3xsi32>
  return %y : tensor<2x3xsi32>
}

// -----

func.func @missing_input(%a: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{Add node 'n': input 1 is missing}}
  %y = onnx.node "Add" <"ai.onnx", 14> name "n" (%a) {} : (tensor<2xf32>) -> tensor<2xf32>
  return %y : tensor<2xf32>
}

// -----

func.func @relu_unsigned(%a: tensor<4xui8>) -> tensor<4xui8> {
  // expected-error @+1 {{Relu node 'n': input of type 'ui8' is not supported}}
  %y = onnx.node "Relu" <"ai.onnx", 14> name "n" (%a) {} : (tensor<4xui8>) -> tensor<4xui8>
  return %y : tensor<4xui8>
}

// -----

func.func @neg_unsigned(%a: tensor<4xui8>) -> tensor<4xui8> {
  // expected-error @+1 {{Neg node 'n': input of type 'ui8' is not signed}}
  %y = onnx.node "Neg" <"ai.onnx", 13> name "n" (%a) {} : (tensor<4xui8>) -> tensor<4xui8>
  return %y : tensor<4xui8>
}

// -----

func.func @sqrt_int(%a: tensor<4xsi32>) -> tensor<4xsi32> {
  // expected-error @+1 {{Sqrt node 'n': input of type 'si32' is not a float}}
  %y = onnx.node "Sqrt" <"ai.onnx", 13> name "n" (%a) {} : (tensor<4xsi32>) -> tensor<4xsi32>
  return %y : tensor<4xsi32>
}

// -----

func.func @mean_int(%a: tensor<4xsi32>) -> tensor<4xsi32> {
  // expected-error @+1 {{Mean node 'n': input of type 'si32' is not a float}}
  %y = onnx.node "Mean" <"ai.onnx", 13> name "n" (%a, %a) {} : (tensor<4xsi32>, tensor<4xsi32>) -> tensor<4xsi32>
  return %y : tensor<4xsi32>
}

// -----

func.func @max_differ(%a: tensor<4xsi32>, %b: tensor<4xsi64>) -> tensor<4xsi32> {
  // expected-error @+1 {{Max node 'n': inputs differ in element type}}
  %y = onnx.node "Max" <"ai.onnx", 13> name "n" (%a, %b) {} : (tensor<4xsi32>, tensor<4xsi64>) -> tensor<4xsi32>
  return %y : tensor<4xsi32>
}

// -----

func.func @clip_bound_type(%a: tensor<4xf32>, %lo: tensor<f16>) -> tensor<4xf32> {
  // expected-error @+1 {{Clip node 'n': bound 1 has type 'f16', not 'f32'}}
  %y = onnx.node "Clip" <"ai.onnx", 13> name "n" (%a, %lo) {} : (tensor<4xf32>, tensor<f16>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @clip_bound_shape(%a: tensor<4xf32>, %hi: tensor<2xf32>) -> tensor<4xf32> {
  %none = onnx.none
  // expected-error @+1 {{Clip node 'n': max must be a scalar}}
  %y = onnx.node "Clip" <"ai.onnx", 13> name "n" (%a, %none, %hi) {} : (tensor<4xf32>, none, tensor<2xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @clip6_int(%a: tensor<4xsi32>) -> tensor<4xsi32> {
  // expected-error @+1 {{Clip node 'n': input of type 'si32' is not a float}}
  %y = onnx.node "Clip" <"ai.onnx", 6> name "n" (%a) {min = 0.0 : f32} : (tensor<4xsi32>) -> tensor<4xsi32>
  return %y : tensor<4xsi32>
}

// -----

func.func @where_condition(%c: tensor<4xsi8>, %a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{Where node 'n': condition must be BOOL}}
  %y = onnx.node "Where" <"ai.onnx", 16> name "n" (%c, %a, %a) {} : (tensor<4xsi8>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @where_differ(%c: tensor<4xi1>, %a: tensor<4xf32>, %b: tensor<4xf16>) -> tensor<4xf32> {
  // expected-error @+1 {{Where node 'n': X and Y differ in element type}}
  %y = onnx.node "Where" <"ai.onnx", 16> name "n" (%c, %a, %b) {} : (tensor<4xi1>, tensor<4xf32>, tensor<4xf16>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @cast_string(%a: tensor<4xf32>) -> !onnx.unknown {
  // expected-error @+1 {{Cast node 'n': casting to ONNX data type 8 is not supported}}
  %y = onnx.node "Cast" <"ai.onnx", 21> name "n" (%a) {to = 8} : (tensor<4xf32>) -> !onnx.unknown
  return %y : !onnx.unknown
}

// -----

func.func @cast_float8(%a: tensor<4xf32>) -> !onnx.unknown {
  // expected-error @+1 {{Cast node 'n': casting to ONNX data type 17 is not supported}}
  %y = onnx.node "Cast" <"ai.onnx", 21> name "n" (%a) {to = 17} : (tensor<4xf32>) -> !onnx.unknown
  return %y : !onnx.unknown
}

// -----

func.func @cast1_unknown_name(%a: tensor<4xf32>) -> !onnx.unknown {
  // expected-error @+1 {{Cast node 'n': casting to ONNX data type 0 is not supported}}
  %y = onnx.node "Cast" <"ai.onnx", 1> name "n" (%a) {to = "FLOAT128"} : (tensor<4xf32>) -> !onnx.unknown
  return %y : !onnx.unknown
}

// -----

func.func @castlike_missing(%a: tensor<4xf32>) -> !onnx.unknown {
  // expected-error @+1 {{CastLike node 'n': input 1 (target_type) is missing}}
  %y = onnx.node "CastLike" <"ai.onnx", 21> name "n" (%a) {} : (tensor<4xf32>) -> !onnx.unknown
  return %y : !onnx.unknown
}

// -----

func.func @bitshift_direction(%a: tensor<4xui8>) -> tensor<4xui8> {
  // expected-error @+1 {{BitShift node 'n': direction 'UP' is neither LEFT nor RIGHT}}
  %y = onnx.node "BitShift" <"ai.onnx", 11> name "n" (%a, %a) {direction = "UP"} : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  return %y : tensor<4xui8>
}

// -----

func.func @bitshift_signed(%a: tensor<4xsi8>) -> tensor<4xsi8> {
  // expected-error @+1 {{BitShift node 'n': inputs must be unsigned integers}}
  %y = onnx.node "BitShift" <"ai.onnx", 11> name "n" (%a, %a) {direction = "LEFT"} : (tensor<4xsi8>, tensor<4xsi8>) -> tensor<4xsi8>
  return %y : tensor<4xsi8>
}

// -----

func.func @fmod_float(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{Mod node 'n': fmod must be 1 for float inputs}}
  %y = onnx.node "Mod" <"ai.onnx", 13> name "n" (%a, %a) {} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @legacy_axis(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{Add node 'n': axis 2 does not fit B of rank 1 in A of rank 2}}
  %y = onnx.node "Add" <"ai.onnx", 6> name "n" (%a, %b) {broadcast = 1, axis = 2} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @legacy_no_broadcast(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{Add node 'n': inputs of shapes [2, 3] and [3] differ and broadcast is not set}}
  %y = onnx.node "Add" <"ai.onnx", 6> name "n" (%a, %b) {} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @legacy_higher_rank(%a: tensor<3xf32>, %b: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{Mul node 'n': B has a higher rank than A}}
  %y = onnx.node "Mul" <"ai.onnx", 6> name "n" (%a, %b) {broadcast = 1} : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @gelu_approximate(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{Gelu node 'n': approximate 'fast' is neither none nor tanh}}
  %y = onnx.node "Gelu" <"ai.onnx", 20> name "n" (%a) {approximate = "fast"} : (tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @prelu_type(%a: tensor<4xf32>, %s: tensor<4xf16>) -> tensor<4xf32> {
  // expected-error @+1 {{PRelu node 'n': slope of type 'f16' differs from x's 'f32'}}
  %y = onnx.node "PRelu" <"ai.onnx", 16> name "n" (%a, %s) {} : (tensor<4xf32>, tensor<4xf16>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @prelu_shape(%a: tensor<4xf32>, %s: tensor<2x4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{PRelu node 'n': slope of shape [2, 4] does not broadcast to x's [4]}}
  %y = onnx.node "PRelu" <"ai.onnx", 16> name "n" (%a, %s) {} : (tensor<4xf32>, tensor<2x4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @not_float(%a: tensor<4xf32>) -> tensor<4xi1> {
  // expected-error @+1 {{Not node 'n': input must be BOOL}}
  %y = onnx.node "Not" <"ai.onnx", 1> name "n" (%a) {} : (tensor<4xf32>) -> tensor<4xi1>
  return %y : tensor<4xi1>
}

// -----

func.func @and_int(%a: tensor<4xsi8>) -> tensor<4xi1> {
  // expected-error @+1 {{And node 'n': inputs must be BOOL, got 'si8'}}
  %y = onnx.node "And" <"ai.onnx", 7> name "n" (%a, %a) {} : (tensor<4xsi8>, tensor<4xsi8>) -> tensor<4xi1>
  return %y : tensor<4xi1>
}

// -----

func.func @bitwise_bool(%a: tensor<4xi1>) -> tensor<4xi1> {
  // expected-error @+1 {{BitwiseAnd node 'n': inputs must be integers, got 'i1'}}
  %y = onnx.node "BitwiseAnd" <"ai.onnx", 18> name "n" (%a, %a) {} : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %y : tensor<4xi1>
}

// -----

func.func @isnan_int(%a: tensor<4xsi32>) -> tensor<4xi1> {
  // expected-error @+1 {{IsNaN node 'n': input must be a float}}
  %y = onnx.node "IsNaN" <"ai.onnx", 20> name "n" (%a) {} : (tensor<4xsi32>) -> tensor<4xi1>
  return %y : tensor<4xi1>
}

// -----

// Every attribute must be read: one the reading of the version does not
// know is an error, as is an attribute of the wrong kind.
func.func @unknown_attribute(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{Relu node 'n': attribute 'alpha' (5.000000e-01 : f32) is not supported by qnn's reading of Relu-14}}
  %y = onnx.node "Relu" <"ai.onnx", 14> name "n" (%a) {alpha = 0.5 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @attribute_kind(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{LeakyRelu node 'n': attribute 'alpha' must be a float, got 1 : i64}}
  %y = onnx.node "LeakyRelu" <"ai.onnx", 16> name "n" (%a) {alpha = 1} : (tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @declared_type(%a: tensor<4xsi8>) -> tensor<4xui8> {
  // expected-error @+1 {{Abs node 'n': output 0 is declared 'tensor<4xui8>' but computes 'tensor<4xsi8>'}}
  %y = onnx.node "Abs" <"ai.onnx", 13> name "n" (%a) {} : (tensor<4xsi8>) -> tensor<4xui8>
  return %y : tensor<4xui8>
}
