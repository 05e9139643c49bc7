// RUN: qnn-opt %s --convert-onnx-to-qnn -split-input-file -verify-diagnostics

// Errors of qnn's domain: the node's own, and the qnn op's verifier and
// legalization reported against the node.

// bits = 2^32 + 2 must not wrap to 2.
func.func @bits_out_of_range(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{Pact node 'n' (domain 'qnn'): attribute 'bits' (4294967298) is out of range}}
  %y = onnx.node "Pact" <"qnn", 1> name "n" (%x) {alpha = 2.0 : f32, bits = 4294967298} : (tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @bits_verifier(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{Pact node 'n' (domain 'qnn'): 'qnn.pact' op PACT supports 1 to 8 bits, got 9}}
  %y = onnx.node "Pact" <"qnn", 1> name "n" (%x) {alpha = 2.0 : f32, bits = 9} : (tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @unit_flag(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{Apot node 'n' (domain 'qnn'): attribute 'signed' must be 0 or 1}}
  %y = onnx.node "Apot" <"qnn", 1> name "n" (%x) {alpha = 1.0 : f32, bits = 4, signed = 2} : (tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @axis(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{Binary node 'n' (domain 'qnn'): axis -3 is out of range for rank 2}}
  %y = onnx.node "Binary" <"qnn", 1> name "n" (%x) {scale = array<f32: 0.5, 0.25>, axis = -3} : (tensor<2x4xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

func.func @two_inputs(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{Pact node 'n' (domain 'qnn'): takes one input, got 2}}
  %y = onnx.node "Pact" <"qnn", 1> name "n" (%x, %x) {alpha = 2.0 : f32, bits = 2} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @f16_input(%x: tensor<4xf16>) -> tensor<4xf32> {
  // expected-error @+1 {{Pact node 'n' (domain 'qnn'): input must be f32}}
  %y = onnx.node "Pact" <"qnn", 1> name "n" (%x) {alpha = 2.0 : f32, bits = 2} : (tensor<4xf16>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @levels_type(%x: tensor<4xf32>) -> tensor<4xf32> {
  %l = onnx.constant dense<[-1, 0, 1, 2]> : tensor<4xsi32>
  // expected-error @+1 {{LearnedLevels node 'n' (domain 'qnn'): levels must be f32}}
  %y = onnx.node "LearnedLevels" <"qnn", 1> name "n" (%x, %l) {} : (tensor<4xf32>, tensor<4xsi32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @levels_runtime(%x: tensor<4xf32>, %l: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{LearnedLevels node 'n' (domain 'qnn'): input 1 (levels) must be known at compile time}}
  %y = onnx.node "LearnedLevels" <"qnn", 1> name "n" (%x, %l) {} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @sawb_runtime(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{Sawb node 'n' (domain 'qnn'): 'qnn.sawb' op computes alpha_w from its input, which must be a constant to legalize}}
  %y = onnx.node "Sawb" <"qnn", 1> name "n" (%x) {bits = 2} : (tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @unknown_op(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{Lsq node 'n' (domain 'qnn'): unsupported operator Lsq (domain 'qnn', opset 1): the domain has Apot Binary Hwgq LearnedLevels Pact Sawb Slb Ternary}}
  %y = onnx.node "Lsq" <"qnn", 1> name "n" (%x) {} : (tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}
