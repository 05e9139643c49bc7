// RUN: qnn-opt %s -split-input-file -verify-diagnostics

// Every error of the onnx dialect's verifiers and type constraints.

func.func @empty_op_type(%x: tensor<2xf32>) {
  // expected-error @+1 {{'onnx.node' op needs an operator type}}
  %0 = onnx.node "" <"ai.onnx", 13> (%x) {} : (tensor<2xf32>) -> !onnx.unknown
  return
}

// -----

func.func @empty_domain(%x: tensor<2xf32>) {
  // expected-error @+1 {{'onnx.node' op needs a domain ('ai.onnx' for the default one)}}
  %0 = onnx.node "Relu" <"", 13> (%x) {} : (tensor<2xf32>) -> !onnx.unknown
  return
}

// -----

func.func @zero_version(%x: tensor<2xf32>) {
  // expected-error @+1 {{'onnx.node' op opset version must be positive, got 0}}
  %0 = onnx.node "Relu" <"ai.onnx", 0> (%x) {} : (tensor<2xf32>) -> !onnx.unknown
  return
}

// -----

func.func @negative_version(%x: tensor<2xf32>) {
  // expected-error @+1 {{'onnx.node' op opset version must be positive, got -3}}
  %0 = onnx.node "Relu" <"ai.onnx", -3> (%x) {} : (tensor<2xf32>) -> !onnx.unknown
  return
}

// -----

func.func @unit_attribute(%x: tensor<2xf32>) {
  // expected-error @+1 {{'onnx.node' op attribute 'flag' (unit): not an ONNX attribute value (int, float, string, tensor or a list of them)}}
  %0 = onnx.node "Relu" <"ai.onnx", 14> (%x) {flag} : (tensor<2xf32>) -> !onnx.unknown
  return
}

// -----

func.func @dictionary_attribute(%x: tensor<2xf32>) {
  // expected-error @+1 {{'onnx.node' op attribute 'd' ({a = 1 : i64}): not an ONNX attribute value}}
  %0 = onnx.node "Relu" <"ai.onnx", 14> (%x) {d = {a = 1}} : (tensor<2xf32>) -> !onnx.unknown
  return
}

// -----

func.func @i32_attribute(%x: tensor<2xf32>) {
  // expected-error @+1 {{'onnx.node' op attribute 'axis' (1 : i32): an INT attribute must be i64}}
  %0 = onnx.node "Softmax" <"ai.onnx", 13> (%x) {axis = 1 : i32} : (tensor<2xf32>) -> !onnx.unknown
  return
}

// -----

func.func @unsigned_attribute(%x: tensor<2xf32>) {
  // expected-error @+1 {{'onnx.node' op attribute 'axis' (1 : ui64): an INT attribute must be i64}}
  %0 = onnx.node "Softmax" <"ai.onnx", 13> (%x) {axis = 1 : ui64} : (tensor<2xf32>) -> !onnx.unknown
  return
}

// -----

func.func @bool_attribute(%x: tensor<2xf32>) {
  // expected-error @+1 {{'onnx.node' op attribute 'keepdims' (true): an INT attribute must be i64}}
  %0 = onnx.node "ReduceSum" <"ai.onnx", 13> (%x) {keepdims = true} : (tensor<2xf32>) -> !onnx.unknown
  return
}

// -----

func.func @index_tensor_attribute(%x: tensor<2xf32>) {
  // expected-error @+1 {{'onnx.node' op attribute 't' (dense<1> : tensor<2xindex>): a TENSOR attribute must hold integers or floats}}
  %0 = onnx.node "Custom" <"com.example", 1> (%x) {t = dense<1> : tensor<2xindex>} : (tensor<2xf32>) -> !onnx.unknown
  return
}

// -----

func.func @mixed_list_attribute(%x: tensor<2xf32>) {
  // expected-error @+1 {{'onnx.node' op attribute 'l' (["a", 1]): a list attribute must hold only strings or only integer or float tensors}}
  %0 = onnx.node "Custom" <"com.example", 1> (%x) {l = ["a", 1]} : (tensor<2xf32>) -> !onnx.unknown
  return
}

// -----

func.func @int_list_attribute(%x: tensor<2xf32>) {
  // INTS are array<i64: ...>, not a list of integer attributes.
  // expected-error @+1 {{'onnx.node' op attribute 'l' ([1, 2]): a list attribute must hold only strings}}
  %0 = onnx.node "Custom" <"com.example", 1> (%x) {l = [1, 2]} : (tensor<2xf32>) -> !onnx.unknown
  return
}

// -----

func.func @f64_array_attribute(%x: tensor<2xf32>) {
  // expected-error @+1 {{'onnx.node' op attribute 'l' (array<f64: 1.000000e+00>): not an ONNX attribute value}}
  %0 = onnx.node "Custom" <"com.example", 1> (%x) {l = array<f64: 1.0>} : (tensor<2xf32>) -> !onnx.unknown
  return
}

// -----

func.func @index_input(%x: tensor<2xindex>) {
  // expected-error @+1 {{'onnx.node' op input of type 'tensor<2xindex>': ONNX tensors hold integers or floats}}
  %0 = onnx.node "Relu" <"ai.onnx", 14> (%x) {} : (tensor<2xindex>) -> !onnx.unknown
  return
}

// -----

func.func @complex_result(%x: tensor<2xf32>) {
  // expected-error @+1 {{'onnx.node' op result of type 'tensor<2xcomplex<f32>>': ONNX tensors hold integers or floats}}
  %0 = onnx.node "Relu" <"ai.onnx", 14> (%x) {} : (tensor<2xf32>) -> tensor<2xcomplex<f32>>
  return
}

// -----

func.func @unranked_input(%x: tensor<*xf32>) {
  // expected-error @+1 {{'onnx.node' op operand #0 must be variadic of ranked tensor of any type values or none type or}}
  %0 = onnx.node "Relu" <"ai.onnx", 14> (%x) {} : (tensor<*xf32>) -> !onnx.unknown
  return
}

// -----

func.func @memref_input(%x: memref<2xf32>) {
  // expected-error @+1 {{'onnx.node' op operand #0 must be variadic of ranked tensor of any type values or none type or}}
  %0 = onnx.node "Relu" <"ai.onnx", 14> (%x) {} : (memref<2xf32>) -> !onnx.unknown
  return
}

// -----

func.func @none_result(%x: tensor<2xf32>) {
  // expected-error @+1 {{'onnx.node' op result #0 must be variadic of ranked tensor of any type values or}}
  %0 = onnx.node "Relu" <"ai.onnx", 14> (%x) {} : (tensor<2xf32>) -> none
  return
}

// -----

func.func @index_constant() {
  // expected-error @+1 {{'onnx.constant' op of type 'tensor<2xindex>': ONNX tensors hold integers or floats}}
  %0 = onnx.constant dense<1> : tensor<2xindex>
  return
}

// -----

func.func @complex_constant() {
  // expected-error @+1 {{'onnx.constant' op of type 'tensor<complex<f32>>': ONNX tensors hold integers or floats}}
  %0 = onnx.constant dense<(1.0, 2.0)> : tensor<complex<f32>>
  return
}

// -----

func.func @dynamic_constant() {
  // expected-error @+1 {{'onnx.constant' op result #0 must be statically shaped tensor of any type values}}
  %0 = "onnx.constant"() {value = dense<1.0> : tensor<2xf32>} : () -> tensor<?xf32>
  return
}

// -----

func.func @constant_type_mismatch() {
  // expected-error @+1 {{'onnx.constant' op failed to verify that all of {value, result} have same type}}
  %0 = "onnx.constant"() {value = dense<1.0> : tensor<2xf32>} : () -> tensor<3xf32>
  return
}

// -----

func.func @constant_not_elements() {
  // expected-error @+1 {{'onnx.constant' op attribute 'value' failed to satisfy constraint: constant vector/tensor attribute}}
  %0 = "onnx.constant"() {value = 1.0 : f32} : () -> tensor<f32>
  return
}

// -----

func.func @none_with_result_type() {
  // expected-error @+1 {{'onnx.none' op result #0 must be none type, but got 'tensor<f32>'}}
  %0 = "onnx.none"() : () -> tensor<f32>
  return
}

// -----

func.func @node_without_attrs(%x: tensor<2xf32>) {
  // expected-error @+1 {{'onnx.node' op requires attribute 'attrs'}}
  %0 = "onnx.node"(%x) <{domain = "ai.onnx", op_type = "Relu", version = 14 : i64}> : (tensor<2xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @annotation_without_tensor(%x: tensor<2xf32>) {
  // expected-error @+1 {{'onnx.annotation' op needs the name of the annotated tensor}}
  %0 = onnx.annotation "" %x {finn_datatype = "INT2"} : tensor<2xf32>
  return
}

// -----

func.func @annotation_entry_not_string(%x: tensor<2xf32>) {
  // expected-error @+1 {{'onnx.annotation' op entry 'finn_datatype' is not a string (quantization annotations map keys to strings)}}
  %0 = onnx.annotation "x" %x {finn_datatype = 2 : i64} : tensor<2xf32>
  return
}
