// Hand-written IR (qnn or onnx) whose tensor types hold 10^12 elements or
// an element count past int64: convert-onnx-to-qnn, the first pass of the
// pipelines, refuses them before any lowering sizes a buffer, naming the op,
// the value and the limit (4 GiB per tensor). Within 4 GiB of address space
// and the time limit (%limited).
//
// RUN: %limited qnn-opt %s --convert-onnx-to-qnn -split-input-file -verify-diagnostics
// RUN: %limited qnn-opt %s --qnn-cpu-pipeline=target=avx2 -split-input-file -verify-diagnostics

func.func @tera_codes(%x: tensor<1000000x1000000xf32>) -> tensor<1000000x1000000xf32> {
  // expected-error @+1 {{'qnn.quantize' op result #0 of type 'tensor<1000000x1000000x!qnn.uniform<i8:f32, 0.5>>': 1000000000000 elements of 1 byte are more than qnn's limit of 4 GiB (4294967296 bytes) per tensor}}
  %q = qnn.quantize %x : tensor<1000000x1000000xf32> -> tensor<1000000x1000000x!qnn.uniform<i8:f32, 0.5>>
  %y = qnn.dequantize %q : tensor<1000000x1000000x!qnn.uniform<i8:f32, 0.5>> -> tensor<1000000x1000000xf32>
  return %y : tensor<1000000x1000000xf32>
}

// -----

// 3 * 0x2AAAAAAAAAAAAAAB * 3 * 0x2AAAAAAAAAAAAAAB is 1 modulo 2^64.
func.func @wrapping_product(%x: tensor<3x3074457345618258603x3x3074457345618258603xf32>) -> tensor<3x3074457345618258603x3x3074457345618258603xf32> {
  // expected-error @+1 {{'qnn.quantize' op result #0 of type 'tensor<3x3074457345618258603x3x3074457345618258603x!qnn.uniform<i8:f32, 0.5>>': its element count overflows 64 bits}}
  %q = qnn.quantize %x : tensor<3x3074457345618258603x3x3074457345618258603xf32> -> tensor<3x3074457345618258603x3x3074457345618258603x!qnn.uniform<i8:f32, 0.5>>
  %y = qnn.dequantize %q : tensor<3x3074457345618258603x3x3074457345618258603x!qnn.uniform<i8:f32, 0.5>> -> tensor<3x3074457345618258603x3x3074457345618258603xf32>
  return %y : tensor<3x3074457345618258603x3x3074457345618258603xf32>
}

// -----

// expected-error @+1 {{'func.func' op argument #0 of type 'tensor<1000000x1000000xf32>': 1000000000000 elements of 4 bytes are more than qnn's limit of 4 GiB (4294967296 bytes) per tensor}}
func.func @tera_argument(%x: tensor<1000000x1000000xf32>) -> tensor<1000000x1000000xf32> {
  return %x : tensor<1000000x1000000xf32>
}

// -----

// 2^30 f32 elements: 4 GiB, at the limit.
func.func @at_the_limit(%x: tensor<1073741824xf32>) -> tensor<1073741824xf32> {
  return %x : tensor<1073741824xf32>
}

// -----

// One element past the limit.
// expected-error @+1 {{'func.func' op argument #0 of type 'tensor<1073741825xf32>': 1073741825 elements of 4 bytes are more than qnn's limit of 4 GiB (4294967296 bytes) per tensor}}
func.func @past_the_limit(%x: tensor<1073741825xf32>) -> tensor<1073741825xf32> {
  return %x : tensor<1073741825xf32>
}

// -----

// The onnx dialect written by hand: a node's declared result.
func.func @onnx_node(%x: tensor<1x1xf32>) -> tensor<1000000x1000000xf32> {
  %s = onnx.constant dense<[1000000, 1000000]> : tensor<2xsi64>
  // expected-error @+1 {{'onnx.node' op result #0 of type 'tensor<1000000x1000000xf32>': 1000000000000 elements of 4 bytes are more than qnn's limit of 4 GiB (4294967296 bytes) per tensor}}
  %y = onnx.node "Expand" <"ai.onnx", 13> name "e" (%x, %s) {} : (tensor<1x1xf32>, tensor<2xsi64>) -> tensor<1000000x1000000xf32>
  return %y : tensor<1000000x1000000xf32>
}

// -----

// The onnx dialect written by hand: a shape computed from constants.
func.func @onnx_expand(%x: tensor<1x1xf32>) -> !onnx.unknown {
  %s = onnx.constant dense<[4294967296, 4294967296]> : tensor<2xsi64>
  // expected-error @+1 {{Expand node 'e': output 0 [4294967296, 4294967296]: its element count overflows 64 bits}}
  %y = onnx.node "Expand" <"ai.onnx", 13> name "e" (%x, %s) {} : (tensor<1x1xf32>, tensor<2xsi64>) -> !onnx.unknown
  return %y : !onnx.unknown
}
