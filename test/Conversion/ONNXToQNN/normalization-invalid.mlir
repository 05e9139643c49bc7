// RUN: qnn-opt %s --convert-onnx-to-qnn -split-input-file -verify-diagnostics

// Every error of the normalization family (Normalization.cpp).

func.func @reduce_bool(%x: tensor<2x3xi1>) -> tensor<2xi1> {
  // expected-error @+1 {{ReduceSum node 'rs': input of type bool is not supported (ReduceMax and ReduceMin reduce bool)}}
  %y = onnx.node "ReduceSum"<"ai.onnx", 11> name "rs"(%x) {axes = array<i64: 1>, keepdims = 0 : i64} : (tensor<2x3xi1>) -> tensor<2xi1>
  return %y : tensor<2xi1>
}

// -----

func.func @reduce_axis_range(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  %a = onnx.constant dense<[2]> : tensor<1xi64>
  // expected-error @+1 {{ReduceMean node 'rm': axis 2 is out of range for rank 2}}
  %y = onnx.node "ReduceMean"<"ai.onnx", 18> name "rm"(%x, %a) {keepdims = 0 : i64} : (tensor<2x3xf32>, tensor<1xi64>) -> tensor<2xf32>
  return %y : tensor<2xf32>
}

// -----

func.func @reduce_axis_twice(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{ReduceMax node 'rm': axis -1 is given twice}}
  %y = onnx.node "ReduceMax"<"ai.onnx", 13> name "rm"(%x) {axes = array<i64: 1, -1>, keepdims = 0 : i64} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %y : tensor<2xf32>
}

// -----

func.func @reduce_axes_runtime(%x: tensor<2x3xf32>, %a: tensor<1xi64>) -> tensor<2xf32> {
  // expected-error @+1 {{ReduceSum node 'rs': input 1 (axes) must be known at compile time}}
  %y = onnx.node "ReduceSum"<"ai.onnx", 13> name "rs"(%x, %a) {keepdims = 0 : i64} : (tensor<2x3xf32>, tensor<1xi64>) -> tensor<2xf32>
  return %y : tensor<2xf32>
}

// -----

func.func @reduce_axes_attribute_v18(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{ReduceL1 node 'l1': attribute 'axes' (array<i64: 1>) is not supported by qnn's reading of ReduceL1-18}}
  %y = onnx.node "ReduceL1"<"ai.onnx", 18> name "l1"(%x) {axes = array<i64: 1>, keepdims = 0 : i64} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %y : tensor<2xf32>
}

// -----

func.func @batchnorm_training_v9(%x: tensor<1x2x2x2xf32>, %p: tensor<2xf32>) -> (tensor<1x2x2x2xf32>, tensor<2xf32>) {
  // expected-error @+1 {{BatchNormalization node 'bn': training outputs (running mean and variance) are supported with training_mode = 1 (opset 14) only}}
  %y, %m = onnx.node "BatchNormalization"<"ai.onnx", 9> name "bn"(%x, %p, %p, %p, %p) {} : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<1x2x2x2xf32>, tensor<2xf32>)
  return %y, %m : tensor<1x2x2x2xf32>, tensor<2xf32>
}

// -----

func.func @batchnorm_is_test(%x: tensor<1x2x2x2xf32>, %p: tensor<2xf32>) -> (tensor<1x2x2x2xf32>, tensor<2xf32>) {
  // expected-error @+1 {{BatchNormalization node 'bn': training (is_test = 0) is not supported}}
  %y, %m = onnx.node "BatchNormalization"<"ai.onnx", 6> name "bn"(%x, %p, %p, %p, %p) {} : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<1x2x2x2xf32>, tensor<2xf32>)
  return %y, %m : tensor<1x2x2x2xf32>, tensor<2xf32>
}

// -----

func.func @batchnorm_spatial(%x: tensor<1x2x2x2xf32>, %p: tensor<2xf32>) -> tensor<1x2x2x2xf32> {
  // expected-error @+1 {{BatchNormalization node 'bn': spatial = 0 (per-activation statistics) is not supported}}
  %y = onnx.node "BatchNormalization"<"ai.onnx", 7> name "bn"(%x, %p, %p, %p, %p) {spatial = 0 : i64} : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

func.func @batchnorm_int(%x: tensor<1x2xsi32>, %p: tensor<2xsi32>) -> tensor<1x2xsi32> {
  // expected-error @+1 {{BatchNormalization node 'bn': input 0 of type 'si32' is not supported (float types are)}}
  %y = onnx.node "BatchNormalization"<"ai.onnx", 15> name "bn"(%x, %p, %p, %p, %p) {} : (tensor<1x2xsi32>, tensor<2xsi32>, tensor<2xsi32>, tensor<2xsi32>, tensor<2xsi32>) -> tensor<1x2xsi32>
  return %y : tensor<1x2xsi32>
}

// -----

func.func @batchnorm_rank(%x: tensor<2xf32>, %p: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{BatchNormalization node 'bn': input must have a channel dimension}}
  %y = onnx.node "BatchNormalization"<"ai.onnx", 15> name "bn"(%x, %p, %p, %p, %p) {} : (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %y : tensor<2xf32>
}

// -----

func.func @batchnorm_params(%x: tensor<1x2xf32>, %p: tensor<3xf32>) -> tensor<1x2xf32> {
  // expected-error @+1 {{BatchNormalization node 'bn': scale, B, mean and var must have one value per channel (2)}}
  %y = onnx.node "BatchNormalization"<"ai.onnx", 15> name "bn"(%x, %p, %p, %p, %p) {} : (tensor<1x2xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

func.func @layernorm_stash(%x: tensor<2x3xf32>, %s: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{LayerNormalization node 'ln': stash_type = 11 is not supported (1, float, is)}}
  %y = onnx.node "LayerNormalization"<"ai.onnx", 17> name "ln"(%x, %s) {stash_type = 11 : i64} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @layernorm_axis(%x: tensor<2x3xf32>, %s: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{LayerNormalization node 'ln': axis -3 is out of range for rank 2}}
  %y = onnx.node "LayerNormalization"<"ai.onnx", 17> name "ln"(%x, %s) {axis = -3 : i64} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @layernorm_scale(%x: tensor<2x3xf32>, %s: tensor<2x1x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{LayerNormalization node 'ln': scale of shape [2, 1, 3] does not broadcast to the input's [2, 3]}}
  %y = onnx.node "LayerNormalization"<"ai.onnx", 17> name "ln"(%x, %s) {} : (tensor<2x3xf32>, tensor<2x1x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @rmsnorm_int(%x: tensor<2x3xsi32>, %s: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{RMSNormalization node 'rms': input 0 of type 'si32' is not supported (float types are)}}
  %y = onnx.node "RMSNormalization"<"ai.onnx", 23> name "rms"(%x, %s) {} : (tensor<2x3xsi32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @instancenorm_params(%x: tensor<1x2x3xf32>, %s: tensor<3xf32>) -> tensor<1x2x3xf32> {
  // expected-error @+1 {{InstanceNormalization node 'in': scale and B must have one value per channel (2)}}
  %y = onnx.node "InstanceNormalization"<"ai.onnx", 6> name "in"(%x, %s, %s) {} : (tensor<1x2x3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x2x3xf32>
  return %y : tensor<1x2x3xf32>
}

// -----

func.func @instancenorm_rank(%x: tensor<3xf32>, %s: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{InstanceNormalization node 'in': input must have a channel dimension}}
  %y = onnx.node "InstanceNormalization"<"ai.onnx", 22> name "in"(%x, %s, %s) {} : (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %y : tensor<3xf32>
}

// -----

func.func @groupnorm_groups_missing(%x: tensor<1x4x2xf32>, %s: tensor<4xf32>) -> tensor<1x4x2xf32> {
  // expected-error @+1 {{GroupNormalization node 'gn': attribute 'num_groups' is required}}
  %y = onnx.node "GroupNormalization"<"ai.onnx", 21> name "gn"(%x, %s, %s) {} : (tensor<1x4x2xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2xf32>
  return %y : tensor<1x4x2xf32>
}

// -----

func.func @groupnorm_groups(%x: tensor<1x4x2xf32>, %s: tensor<4xf32>) -> tensor<1x4x2xf32> {
  // expected-error @+1 {{GroupNormalization node 'gn': num_groups = 3 does not divide the channels (4)}}
  %y = onnx.node "GroupNormalization"<"ai.onnx", 21> name "gn"(%x, %s, %s) {num_groups = 3 : i64} : (tensor<1x4x2xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2xf32>
  return %y : tensor<1x4x2xf32>
}

// -----

// Opset 18 reads one scale per group, 21 one per channel.
func.func @groupnorm_params(%x: tensor<1x4x2xf32>, %s: tensor<4xf32>) -> tensor<1x4x2xf32> {
  // expected-error @+1 {{GroupNormalization node 'gn': scale and bias must have 2 values (one per group)}}
  %y = onnx.node "GroupNormalization"<"ai.onnx", 18> name "gn"(%x, %s, %s) {num_groups = 2 : i64} : (tensor<1x4x2xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2xf32>
  return %y : tensor<1x4x2xf32>
}

// -----

func.func @groupnorm_rank(%x: tensor<4xf32>, %s: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{GroupNormalization node 'gn': input must have a channel dimension}}
  %y = onnx.node "GroupNormalization"<"ai.onnx", 21> name "gn"(%x, %s, %s) {num_groups = 2 : i64} : (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @mvn_axes(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{MeanVarianceNormalization node 'mvn': axis 2 is out of range for rank 2}}
  %y = onnx.node "MeanVarianceNormalization"<"ai.onnx", 13> name "mvn"(%x) {} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @lrn_size_missing(%x: tensor<1x3x2x2xf32>) -> tensor<1x3x2x2xf32> {
  // expected-error @+1 {{LRN node 'lrn': attribute 'size' is required}}
  %y = onnx.node "LRN"<"ai.onnx", 13> name "lrn"(%x) {} : (tensor<1x3x2x2xf32>) -> tensor<1x3x2x2xf32>
  return %y : tensor<1x3x2x2xf32>
}

// -----

func.func @lrn_size(%x: tensor<1x3x2x2xf32>) -> tensor<1x3x2x2xf32> {
  // expected-error @+1 {{LRN node 'lrn': size = 0 must be positive}}
  %y = onnx.node "LRN"<"ai.onnx", 13> name "lrn"(%x) {size = 0 : i64} : (tensor<1x3x2x2xf32>) -> tensor<1x3x2x2xf32>
  return %y : tensor<1x3x2x2xf32>
}

// -----

func.func @lrn_rank(%x: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{LRN node 'lrn': input must have a channel dimension}}
  %y = onnx.node "LRN"<"ai.onnx", 13> name "lrn"(%x) {size = 3 : i64} : (tensor<3xf32>) -> tensor<3xf32>
  return %y : tensor<3xf32>
}

// -----

func.func @softmax_axis(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{Softmax node 'sm': axis 2 is out of range for rank 2}}
  %y = onnx.node "Softmax"<"ai.onnx", 13> name "sm"(%x) {axis = 2 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @softmax_int(%x: tensor<2x3xsi32>) -> tensor<2x3xsi32> {
  // expected-error @+1 {{Hardmax node 'hm': input 0 of type 'si32' is not supported (float types are)}}
  %y = onnx.node "Hardmax"<"ai.onnx", 13> name "hm"(%x) {} : (tensor<2x3xsi32>) -> tensor<2x3xsi32>
  return %y : tensor<2x3xsi32>
}

// -----

func.func @argmax_bool(%x: tensor<2x3xi1>) -> tensor<2x1xsi64> {
  // expected-error @+1 {{ArgMax node 'am': input of type bool is not supported (numeric types are)}}
  %y = onnx.node "ArgMax"<"ai.onnx", 13> name "am"(%x) {axis = 1 : i64} : (tensor<2x3xi1>) -> tensor<2x1xsi64>
  return %y : tensor<2x1xsi64>
}

// -----

func.func @argmin_axis(%x: tensor<2x3xf32>) -> tensor<2x1xsi64> {
  // expected-error @+1 {{ArgMin node 'am': axis 5 is out of range}}
  %y = onnx.node "ArgMin"<"ai.onnx", 13> name "am"(%x) {axis = 5 : i64} : (tensor<2x3xf32>) -> tensor<2x1xsi64>
  return %y : tensor<2x1xsi64>
}

// -----

func.func @argmax_empty(%x: tensor<2x0xf32>) -> tensor<2x1xsi64> {
  // expected-error @+1 {{ArgMax node 'am': cannot take the arg-extreme of an empty axis}}
  %y = onnx.node "ArgMax"<"ai.onnx", 13> name "am"(%x) {axis = 1 : i64} : (tensor<2x0xf32>) -> tensor<2x1xsi64>
  return %y : tensor<2x1xsi64>
}

// -----

func.func @topk_k_missing(%x: tensor<2x3xf32>) -> (tensor<2x1xf32>, tensor<2x1xsi64>) {
  // expected-error @+1 {{TopK node 'tk': attribute 'k' is required}}
  %v, %i = onnx.node "TopK"<"ai.onnx", 1> name "tk"(%x) {} : (tensor<2x3xf32>) -> (tensor<2x1xf32>, tensor<2x1xsi64>)
  return %v, %i : tensor<2x1xf32>, tensor<2x1xsi64>
}

// -----

func.func @topk_k_values(%x: tensor<2x3xf32>) -> (tensor<2x1xf32>, tensor<2x1xsi64>) {
  %k = onnx.constant dense<[1, 2]> : tensor<2xi64>
  // expected-error @+1 {{TopK node 'tk': K must hold one value}}
  %v, %i = onnx.node "TopK"<"ai.onnx", 11> name "tk"(%x, %k) {} : (tensor<2x3xf32>, tensor<2xi64>) -> (tensor<2x1xf32>, tensor<2x1xsi64>)
  return %v, %i : tensor<2x1xf32>, tensor<2x1xsi64>
}

// -----

func.func @topk_k_range(%x: tensor<2x3xf32>) -> (tensor<2x4xf32>, tensor<2x4xsi64>) {
  %k = onnx.constant dense<[4]> : tensor<1xi64>
  // expected-error @+1 {{TopK node 'tk': K = 4 is out of range for size 3}}
  %v, %i = onnx.node "TopK"<"ai.onnx", 11> name "tk"(%x, %k) {} : (tensor<2x3xf32>, tensor<1xi64>) -> (tensor<2x4xf32>, tensor<2x4xsi64>)
  return %v, %i : tensor<2x4xf32>, tensor<2x4xsi64>
}

// -----

func.func @topk_bool(%x: tensor<2x3xi1>) -> (tensor<2x1xi1>, tensor<2x1xsi64>) {
  %k = onnx.constant dense<[1]> : tensor<1xi64>
  // expected-error @+1 {{TopK node 'tk': input of type bool is not supported (numeric types are)}}
  %v, %i = onnx.node "TopK"<"ai.onnx", 11> name "tk"(%x, %k) {} : (tensor<2x3xi1>, tensor<1xi64>) -> (tensor<2x1xi1>, tensor<2x1xsi64>)
  return %v, %i : tensor<2x1xi1>, tensor<2x1xsi64>
}

// -----

func.func @topk_axis(%x: tensor<2x3xf32>) -> (tensor<2x1xf32>, tensor<2x1xsi64>) {
  %k = onnx.constant dense<[1]> : tensor<1xi64>
  // expected-error @+1 {{TopK node 'tk': axis 2 is out of range}}
  %v, %i = onnx.node "TopK"<"ai.onnx", 11> name "tk"(%x, %k) {axis = 2 : i64} : (tensor<2x3xf32>, tensor<1xi64>) -> (tensor<2x1xf32>, tensor<2x1xsi64>)
  return %v, %i : tensor<2x1xf32>, tensor<2x1xsi64>
}

// -----

func.func @cumsum_axis_runtime(%x: tensor<2x3xf32>, %a: tensor<si64>) -> tensor<2x3xf32> {
  // expected-error @+1 {{CumSum node 'cs': input 1 (axis) must be known at compile time}}
  %y = onnx.node "CumSum"<"ai.onnx", 14> name "cs"(%x, %a) {} : (tensor<2x3xf32>, tensor<si64>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @cumsum_axis_values(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %a = onnx.constant dense<[0, 1]> : tensor<2xi64>
  // expected-error @+1 {{CumSum node 'cs': axis must hold one value}}
  %y = onnx.node "CumSum"<"ai.onnx", 14> name "cs"(%x, %a) {} : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @cumsum_axis_range(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %a = onnx.constant dense<-3> : tensor<i64>
  // expected-error @+1 {{CumSum node 'cs': axis -3 is out of range for rank 2}}
  %y = onnx.node "CumSum"<"ai.onnx", 14> name "cs"(%x, %a) {} : (tensor<2x3xf32>, tensor<i64>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @cumsum_bool(%x: tensor<2x3xi1>) -> tensor<2x3xi1> {
  %a = onnx.constant dense<0> : tensor<i64>
  // expected-error @+1 {{CumSum node 'cs': input of type bool is not supported (numeric types are)}}
  %y = onnx.node "CumSum"<"ai.onnx", 14> name "cs"(%x, %a) {} : (tensor<2x3xi1>, tensor<i64>) -> tensor<2x3xi1>
  return %y : tensor<2x3xi1>
}

// -----

func.func @nll_rank(%x: tensor<3xf32>, %t: tensor<si64>) -> tensor<f32> {
  // expected-error @+1 {{NegativeLogLikelihoodLoss node 'nll': input must have a class dimension (rank >= 2)}}
  %y = onnx.node "NegativeLogLikelihoodLoss"<"ai.onnx", 13> name "nll"(%x, %t) {} : (tensor<3xf32>, tensor<si64>) -> tensor<f32>
  return %y : tensor<f32>
}

// -----

func.func @nll_target_shape(%x: tensor<2x3x4xf32>, %t: tensor<2x3xsi64>) -> tensor<f32> {
  // expected-error @+1 {{NegativeLogLikelihoodLoss node 'nll': target of shape [2, 3] does not match the input's [2, 3, 4] without its class dimension}}
  %y = onnx.node "NegativeLogLikelihoodLoss"<"ai.onnx", 13> name "nll"(%x, %t) {} : (tensor<2x3x4xf32>, tensor<2x3xsi64>) -> tensor<f32>
  return %y : tensor<f32>
}

// -----

func.func @nll_target_float(%x: tensor<2x3xf32>, %t: tensor<2xf32>) -> tensor<f32> {
  // expected-error @+1 {{NegativeLogLikelihoodLoss node 'nll': target must hold integers}}
  %y = onnx.node "NegativeLogLikelihoodLoss"<"ai.onnx", 13> name "nll"(%x, %t) {} : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<f32>
  return %y : tensor<f32>
}

// -----

func.func @nll_weight(%x: tensor<2x3xf32>, %t: tensor<2xsi64>, %w: tensor<2xf32>) -> tensor<f32> {
  // expected-error @+1 {{NegativeLogLikelihoodLoss node 'nll': weight must have one value per class (3)}}
  %y = onnx.node "NegativeLogLikelihoodLoss"<"ai.onnx", 13> name "nll"(%x, %t, %w) {} : (tensor<2x3xf32>, tensor<2xsi64>, tensor<2xf32>) -> tensor<f32>
  return %y : tensor<f32>
}

// -----

func.func @sce_reduction(%x: tensor<2x3xf32>, %t: tensor<2xsi64>) -> tensor<f32> {
  // expected-error @+1 {{SoftmaxCrossEntropyLoss node 'sce': reduction 'max' is not one of none, sum, mean}}
  %y = onnx.node "SoftmaxCrossEntropyLoss"<"ai.onnx", 13> name "sce"(%x, %t) {reduction = "max"} : (tensor<2x3xf32>, tensor<2xsi64>) -> tensor<f32>
  return %y : tensor<f32>
}

// -----

func.func @sce_rank(%x: tensor<3xf32>, %t: tensor<si64>) -> tensor<f32> {
  // expected-error @+1 {{SoftmaxCrossEntropyLoss node 'sce': scores must have a class dimension (rank >= 2)}}
  %y = onnx.node "SoftmaxCrossEntropyLoss"<"ai.onnx", 13> name "sce"(%x, %t) {} : (tensor<3xf32>, tensor<si64>) -> tensor<f32>
  return %y : tensor<f32>
}
