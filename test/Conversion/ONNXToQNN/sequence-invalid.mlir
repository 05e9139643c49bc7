// RUN: qnn-opt %s --convert-onnx-to-qnn -split-input-file -verify-diagnostics

// Every error of the recurrent family (Sequence.cpp).

// -----

func.func @f(%x: tensor<3x2x4xf32>, %w: tensor<2x5x4xf32>, %r: tensor<2x5x5xf32>) -> tensor<2x2x5xf32> {
  // expected-error @+1 {{RNN node 'n': activations lists 3 functions; the node takes 1 per direction, 2 in all}}
  %y:2 = onnx.node "RNN"<"ai.onnx", 14> name "n"(%x, %w, %r) {direction = "bidirectional", activations = ["Tanh", "Relu", "Tanh"]} : (tensor<3x2x4xf32>, tensor<2x5x4xf32>, tensor<2x5x5xf32>) -> (!onnx.unknown, tensor<2x2x5xf32>)
  return %y#1 : tensor<2x2x5xf32>
}

// -----

func.func @f(%x: tensor<3x2x4xf32>, %w: tensor<1x5x4xf32>, %r: tensor<1x5x5xf32>) -> tensor<1x2x5xf32> {
  // expected-error @+1 {{RNN node 'n': activation 'Swish' is not supported}}
  %y:2 = onnx.node "RNN"<"ai.onnx", 14> name "n"(%x, %w, %r) {activations = ["Swish"]} : (tensor<3x2x4xf32>, tensor<1x5x4xf32>, tensor<1x5x5xf32>) -> (!onnx.unknown, tensor<1x2x5xf32>)
  return %y#1 : tensor<1x2x5xf32>
}

// -----

func.func @f(%x: tensor<3x2x4xf32>, %w: tensor<1x5x4xf32>, %r: tensor<1x5x5xf32>) -> tensor<1x2x5xf32> {
  // expected-error @+1 {{RNN node 'n': activation_alpha has 2 values; the activations read 1}}
  %y:2 = onnx.node "RNN"<"ai.onnx", 14> name "n"(%x, %w, %r) {activations = ["LeakyRelu"], activation_alpha = array<f32: 0.1, 0.2>} : (tensor<3x2x4xf32>, tensor<1x5x4xf32>, tensor<1x5x5xf32>) -> (!onnx.unknown, tensor<1x2x5xf32>)
  return %y#1 : tensor<1x2x5xf32>
}

// -----

func.func @f(%x: tensor<3x2x4xf32>, %w: tensor<1x5x4xf32>, %r: tensor<1x5x5xf32>) -> tensor<1x2x5xf32> {
  // expected-error @+1 {{RNN node 'n': activation_beta has 1 values; the activations read 0}}
  %y:2 = onnx.node "RNN"<"ai.onnx", 14> name "n"(%x, %w, %r) {activations = ["Elu"], activation_beta = array<f32: 0.1>} : (tensor<3x2x4xf32>, tensor<1x5x4xf32>, tensor<1x5x5xf32>) -> (!onnx.unknown, tensor<1x2x5xf32>)
  return %y#1 : tensor<1x2x5xf32>
}

// -----

func.func @f(%x: tensor<3x2x4xf32>, %w: tensor<1x5x4xf32>, %r: tensor<1x5x5xf32>) -> tensor<1x2x5xf32> {
  // expected-error @+1 {{RNN node 'n': direction 'up' is not forward, reverse or bidirectional}}
  %y:2 = onnx.node "RNN"<"ai.onnx", 14> name "n"(%x, %w, %r) {direction = "up"} : (tensor<3x2x4xf32>, tensor<1x5x4xf32>, tensor<1x5x5xf32>) -> (!onnx.unknown, tensor<1x2x5xf32>)
  return %y#1 : tensor<1x2x5xf32>
}

// -----

func.func @f(%x: tensor<3x2x4xf32>, %w: tensor<1x5x4xf32>, %r: tensor<1x5x5xf32>) -> tensor<1x2x5xf32> {
  // expected-error @+1 {{RNN node 'n': layout 2 is not 0 or 1}}
  %y:2 = onnx.node "RNN"<"ai.onnx", 14> name "n"(%x, %w, %r) {layout = 2 : i64} : (tensor<3x2x4xf32>, tensor<1x5x4xf32>, tensor<1x5x5xf32>) -> (!onnx.unknown, tensor<1x2x5xf32>)
  return %y#1 : tensor<1x2x5xf32>
}

// -----

func.func @f(%x: tensor<3x2x4xf32>, %w: tensor<1x5x4xf32>, %r: tensor<1x5x5xf32>) -> tensor<1x2x5xf32> {
  // expected-error @+1 {{RNN node 'n': attribute 'layout' (1 : i64) is not supported by qnn's reading of RNN-7}}
  %y:2 = onnx.node "RNN"<"ai.onnx", 7> name "n"(%x, %w, %r) {layout = 1 : i64} : (tensor<3x2x4xf32>, tensor<1x5x4xf32>, tensor<1x5x5xf32>) -> (!onnx.unknown, tensor<1x2x5xf32>)
  return %y#1 : tensor<1x2x5xf32>
}

// -----

func.func @f(%x: tensor<3x2x4xf32>, %w: tensor<1x5x4xf32>, %r: tensor<1x5x5xf32>) -> tensor<1x2x5xf32> {
  // expected-error @+1 {{RNN node 'n': clip -1.000000e+00 is not positive}}
  %y:2 = onnx.node "RNN"<"ai.onnx", 14> name "n"(%x, %w, %r) {clip = -1.0 : f32} : (tensor<3x2x4xf32>, tensor<1x5x4xf32>, tensor<1x5x5xf32>) -> (!onnx.unknown, tensor<1x2x5xf32>)
  return %y#1 : tensor<1x2x5xf32>
}

// -----

func.func @f(%x: tensor<3x2x4xi32>, %w: tensor<1x5x4xf32>, %r: tensor<1x5x5xf32>) -> tensor<1x2x5xf32> {
  // expected-error @+1 {{RNN node 'n': X of element type 'i32' is not a float type}}
  %y:2 = onnx.node "RNN"<"ai.onnx", 14> name "n"(%x, %w, %r) {} : (tensor<3x2x4xi32>, tensor<1x5x4xf32>, tensor<1x5x5xf32>) -> (!onnx.unknown, tensor<1x2x5xf32>)
  return %y#1 : tensor<1x2x5xf32>
}

// -----

func.func @f(%x: tensor<3x4xf32>, %w: tensor<1x5x4xf32>, %r: tensor<1x5x5xf32>) -> tensor<1x2x5xf32> {
  // expected-error @+1 {{RNN node 'n': X has rank 2, expected 3}}
  %y:2 = onnx.node "RNN"<"ai.onnx", 14> name "n"(%x, %w, %r) {} : (tensor<3x4xf32>, tensor<1x5x4xf32>, tensor<1x5x5xf32>) -> (!onnx.unknown, tensor<1x2x5xf32>)
  return %y#1 : tensor<1x2x5xf32>
}

// -----

func.func @f(%x: tensor<3x2x4xf32>, %w: tensor<1x5x4xf32>, %r: tensor<5x5xf32>) -> tensor<1x2x5xf32> {
  // expected-error @+1 {{RNN node 'n': R has rank 2, expected 3}}
  %y:2 = onnx.node "RNN"<"ai.onnx", 14> name "n"(%x, %w, %r) {} : (tensor<3x2x4xf32>, tensor<1x5x4xf32>, tensor<5x5xf32>) -> (!onnx.unknown, tensor<1x2x5xf32>)
  return %y#1 : tensor<1x2x5xf32>
}

// -----

func.func @f(%x: tensor<3x2x4xf32>, %w: tensor<1x5x4xf32>, %r: tensor<1x5x5xf32>) -> tensor<1x2x5xf32> {
  // expected-error @+1 {{RNN node 'n': hidden_size 4 differs from R's last dimension 5}}
  %y:2 = onnx.node "RNN"<"ai.onnx", 14> name "n"(%x, %w, %r) {hidden_size = 4 : i64} : (tensor<3x2x4xf32>, tensor<1x5x4xf32>, tensor<1x5x5xf32>) -> (!onnx.unknown, tensor<1x2x5xf32>)
  return %y#1 : tensor<1x2x5xf32>
}

// -----

func.func @f(%x: tensor<0x2x4xf32>, %w: tensor<1x5x4xf32>, %r: tensor<1x5x5xf32>) -> tensor<1x2x5xf32> {
  // expected-error @+1 {{RNN node 'n': empty sequences, batches or hidden states are not supported}}
  %y:2 = onnx.node "RNN"<"ai.onnx", 14> name "n"(%x, %w, %r) {} : (tensor<0x2x4xf32>, tensor<1x5x4xf32>, tensor<1x5x5xf32>) -> (!onnx.unknown, tensor<1x2x5xf32>)
  return %y#1 : tensor<1x2x5xf32>
}

// -----

func.func @f(%x: tensor<3x2x4xf32>, %w: tensor<1x5x3xf32>, %r: tensor<1x5x5xf32>) -> tensor<1x2x5xf32> {
  // expected-error @+1 {{RNN node 'n': W has shape [1, 5, 3], expected [1, 5, 4]}}
  %y:2 = onnx.node "RNN"<"ai.onnx", 14> name "n"(%x, %w, %r) {} : (tensor<3x2x4xf32>, tensor<1x5x3xf32>, tensor<1x5x5xf32>) -> (!onnx.unknown, tensor<1x2x5xf32>)
  return %y#1 : tensor<1x2x5xf32>
}

// -----

func.func @f(%x: tensor<3x2x4xf32>, %w: tensor<1x5x4xf32>, %r: tensor<1x5x5xf32>) -> tensor<2x2x5xf32> {
  // expected-error @+1 {{RNN node 'n': W has shape [1, 5, 4], expected [2, 5, 4]}}
  %y:2 = onnx.node "RNN"<"ai.onnx", 14> name "n"(%x, %w, %r) {direction = "bidirectional"} : (tensor<3x2x4xf32>, tensor<1x5x4xf32>, tensor<1x5x5xf32>) -> (!onnx.unknown, tensor<2x2x5xf32>)
  return %y#1 : tensor<2x2x5xf32>
}

// -----

func.func @f(%x: tensor<3x2x4xf32>, %w: tensor<1x5x4xf32>, %r: tensor<1x5x5xf32>, %b: tensor<1x5xf32>) -> tensor<1x2x5xf32> {
  // expected-error @+1 {{RNN node 'n': B has shape [1, 5], expected [1, 10]}}
  %y:2 = onnx.node "RNN"<"ai.onnx", 14> name "n"(%x, %w, %r, %b) {} : (tensor<3x2x4xf32>, tensor<1x5x4xf32>, tensor<1x5x5xf32>, tensor<1x5xf32>) -> (!onnx.unknown, tensor<1x2x5xf32>)
  return %y#1 : tensor<1x2x5xf32>
}

// -----

func.func @f(%x: tensor<3x2x4xf32>, %w: tensor<1x5x4xf32>, %r: tensor<1x5x5xf32>, %h: tensor<1x2x5xf32>) -> tensor<2x1x5xf32> {
  %none = onnx.none
  // expected-error @+1 {{RNN node 'n': initial_h has shape [1, 2, 5], expected [3, 1, 5]}}
  %y:2 = onnx.node "RNN"<"ai.onnx", 14> name "n"(%x, %w, %r, %none, %none, %h) {layout = 1 : i64} : (tensor<3x2x4xf32>, tensor<1x5x4xf32>, tensor<1x5x5xf32>, none, none, tensor<1x2x5xf32>) -> (!onnx.unknown, tensor<2x1x5xf32>)
  return %y#1 : tensor<2x1x5xf32>
}

// -----

func.func @f(%x: tensor<3x2x4xf32>, %w: tensor<1x5x4xf32>, %r: tensor<1x5x5xf32>, %b: tensor<1x10xf16>) -> tensor<1x2x5xf32> {
  // expected-error @+1 {{RNN node 'n': B has element type 'f16', X has 'f32'}}
  %y:2 = onnx.node "RNN"<"ai.onnx", 14> name "n"(%x, %w, %r, %b) {} : (tensor<3x2x4xf32>, tensor<1x5x4xf32>, tensor<1x5x5xf32>, tensor<1x10xf16>) -> (!onnx.unknown, tensor<1x2x5xf32>)
  return %y#1 : tensor<1x2x5xf32>
}

// -----

func.func @f(%x: tensor<3x2x4xf32>, %w: tensor<1x5x4xf32>, %r: tensor<1x5x5xf32>, %l: tensor<2xf32>) -> tensor<1x2x5xf32> {
  %none = onnx.none
  // expected-error @+1 {{RNN node 'n': sequence_lens of element type 'f32' is not an integer type}}
  %y:2 = onnx.node "RNN"<"ai.onnx", 14> name "n"(%x, %w, %r, %none, %l) {} : (tensor<3x2x4xf32>, tensor<1x5x4xf32>, tensor<1x5x5xf32>, none, tensor<2xf32>) -> (!onnx.unknown, tensor<1x2x5xf32>)
  return %y#1 : tensor<1x2x5xf32>
}

// -----

func.func @f(%x: tensor<3x2x4xf32>, %w: tensor<1x5x4xf32>, %r: tensor<1x5x5xf32>, %l: tensor<3xi32>) -> tensor<1x2x5xf32> {
  %none = onnx.none
  // expected-error @+1 {{RNN node 'n': sequence_lens has shape [3], expected [2]}}
  %y:2 = onnx.node "RNN"<"ai.onnx", 14> name "n"(%x, %w, %r, %none, %l) {} : (tensor<3x2x4xf32>, tensor<1x5x4xf32>, tensor<1x5x5xf32>, none, tensor<3xi32>) -> (!onnx.unknown, tensor<1x2x5xf32>)
  return %y#1 : tensor<1x2x5xf32>
}

// -----

func.func @f(%x: tensor<3x2x4xf32>, %w: tensor<1x5x4xf32>, %r: tensor<1x5x5xf32>) -> tensor<1x2x5xf32> {
  %none = onnx.none
  %c = onnx.constant dense<[3, 4]> : tensor<2xsi32>
  // expected-error @+1 {{RNN node 'n': sequence_lens holds 4, outside [0, 3]}}
  %y:2 = onnx.node "RNN"<"ai.onnx", 14> name "n"(%x, %w, %r, %none, %c) {} : (tensor<3x2x4xf32>, tensor<1x5x4xf32>, tensor<1x5x5xf32>, none, tensor<2xsi32>) -> (!onnx.unknown, tensor<1x2x5xf32>)
  return %y#1 : tensor<1x2x5xf32>
}

// -----

func.func @f(%x: tensor<3x2x4xf32>, %w: tensor<1x12x4xf32>, %r: tensor<1x12x3xf32>, %p: tensor<1x12xf32>) -> tensor<1x2x3xf32> {
  %none = onnx.none
  // expected-error @+1 {{LSTM node 'n': P has shape [1, 12], expected [1, 9]}}
  %y:3 = onnx.node "LSTM"<"ai.onnx", 14> name "n"(%x, %w, %r, %none, %none, %none, %none, %p) {} : (tensor<3x2x4xf32>, tensor<1x12x4xf32>, tensor<1x12x3xf32>, none, none, none, none, tensor<1x12xf32>) -> (!onnx.unknown, tensor<1x2x3xf32>, tensor<1x2x3xf32>)
  return %y#1 : tensor<1x2x3xf32>
}

// -----

func.func @f(%x: tensor<3x2x4xf32>, %w: tensor<1x12x4xf32>, %r: tensor<1x12x3xf32>, %ic: tensor<1x3x3xf32>) -> tensor<1x2x3xf32> {
  %none = onnx.none
  // expected-error @+1 {{LSTM node 'n': initial_c has shape [1, 3, 3], expected [1, 2, 3]}}
  %y:3 = onnx.node "LSTM"<"ai.onnx", 14> name "n"(%x, %w, %r, %none, %none, %none, %ic) {} : (tensor<3x2x4xf32>, tensor<1x12x4xf32>, tensor<1x12x3xf32>, none, none, none, tensor<1x3x3xf32>) -> (!onnx.unknown, tensor<1x2x3xf32>, tensor<1x2x3xf32>)
  return %y#1 : tensor<1x2x3xf32>
}

// -----

func.func @f(%x: tensor<3x2x4xf32>, %w: tensor<1x12x4xf32>, %r: tensor<1x12x3xf32>) -> tensor<1x2x3xf32> {
  // expected-error @+1 {{LSTM node 'n': attribute 'linear_before_reset' (1 : i64) is not supported by qnn's reading of LSTM-14}}
  %y:3 = onnx.node "LSTM"<"ai.onnx", 14> name "n"(%x, %w, %r) {linear_before_reset = 1 : i64} : (tensor<3x2x4xf32>, tensor<1x12x4xf32>, tensor<1x12x3xf32>) -> (!onnx.unknown, tensor<1x2x3xf32>, tensor<1x2x3xf32>)
  return %y#1 : tensor<1x2x3xf32>
}

// -----

func.func @f(%x: tensor<3x2x4xf32>, %w: tensor<1x15x4xf32>, %r: tensor<1x15x5xf32>) -> tensor<1x2x5xf32> {
  // expected-error @+1 {{GRU node 'n': activations lists 1 functions; the node takes 2 per direction, 2 in all}}
  %y:2 = onnx.node "GRU"<"ai.onnx", 14> name "n"(%x, %w, %r) {activations = ["Tanh"]} : (tensor<3x2x4xf32>, tensor<1x15x4xf32>, tensor<1x15x5xf32>) -> (!onnx.unknown, tensor<1x2x5xf32>)
  return %y#1 : tensor<1x2x5xf32>
}
