// RUN: qnn-opt %s --convert-onnx-to-qnn -split-input-file -verify-diagnostics | FileCheck %s

// Inference: the input passes through, the mask is all true.
// CHECK-LABEL: func.func @inference
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>
// CHECK: %[[M:.*]] = arith.constant dense<true> : tensor<2x3xi1>
// CHECK: return %[[X]], %[[M]]
func.func @inference(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xi1>) {
  %r = onnx.constant dense<0.5> : tensor<f32>
  %t = onnx.constant dense<false> : tensor<i1>
  %y, %m = onnx.node "Dropout" <"ai.onnx", 13> name "d" (%x, %r, %t) {} : (tensor<2x3xf32>, tensor<f32>, tensor<i1>) -> (tensor<2x3xf32>, tensor<2x3xi1>)
  return %y, %m : tensor<2x3xf32>, tensor<2x3xi1>
}

// -----

// Training with ratio 0 (F.dropout(x, p=0.0) as torch.onnx exports it, in
// torchvision's Swin) drops nothing.
// CHECK-LABEL: func.func @training_ratio_zero
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>
// CHECK: %[[M:.*]] = arith.constant dense<true> : tensor<2x3xi1>
// CHECK: return %[[X]], %[[M]]
func.func @training_ratio_zero(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xi1>) {
  %r = onnx.constant dense<0.0> : tensor<f32>
  %t = onnx.constant dense<true> : tensor<i1>
  %y, %m = onnx.node "Dropout" <"ai.onnx", 13> name "d" (%x, %r, %t) {} : (tensor<2x3xf32>, tensor<f32>, tensor<i1>) -> (tensor<2x3xf32>, tensor<2x3xi1>)
  return %y, %m : tensor<2x3xf32>, tensor<2x3xi1>
}

// -----

func.func @training_ratio_half(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %r = onnx.constant dense<0.5> : tensor<f32>
  %t = onnx.constant dense<true> : tensor<i1>
  // expected-error @+1 {{Dropout node 'd': training_mode = true is supported with a constant ratio of 0 only (dropping at random is not)}}
  %y = onnx.node "Dropout" <"ai.onnx", 13> name "d" (%x, %r, %t) {} : (tensor<2x3xf32>, tensor<f32>, tensor<i1>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

// Without a ratio input the ratio is 0.5.
func.func @training_default_ratio(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %n = onnx.none
  %t = onnx.constant dense<true> : tensor<i1>
  // expected-error @+1 {{Dropout node 'd': training_mode = true is supported with a constant ratio of 0 only (dropping at random is not)}}
  %y = onnx.node "Dropout" <"ai.onnx", 13> name "d" (%x, %n, %t) {} : (tensor<2x3xf32>, none, tensor<i1>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @training_mode_at_run_time(%x: tensor<2x3xf32>, %t: tensor<i1>) -> tensor<2x3xf32> {
  %r = onnx.constant dense<0.0> : tensor<f32>
  // expected-error @+1 {{Dropout node 'd': input 2 (training_mode) must be known at compile time: qnn compiles static shapes}}
  %y = onnx.node "Dropout" <"ai.onnx", 13> name "d" (%x, %r, %t) {} : (tensor<2x3xf32>, tensor<f32>, tensor<i1>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @training_mode_two_values(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %r = onnx.constant dense<0.0> : tensor<f32>
  %t = onnx.constant dense<[true, false]> : tensor<2xi1>
  // expected-error @+1 {{Dropout node 'd': training_mode must hold one boolean}}
  %y = onnx.node "Dropout" <"ai.onnx", 13> name "d" (%x, %r, %t) {} : (tensor<2x3xf32>, tensor<f32>, tensor<2xi1>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}
