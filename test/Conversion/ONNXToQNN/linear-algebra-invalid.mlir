// RUN: qnn-opt %s --convert-onnx-to-qnn -split-input-file -verify-diagnostics

// Every error of Det (LinearAlgebra.cpp).

func.func @f(%x: tensor<2x2xi32>) -> tensor<i32> {
  // expected-error @+1 {{Det node 'd': X of element type 'i32' is not a float type}}
  %y = onnx.node "Det"<"ai.onnx", 11> name "d"(%x) {} : (tensor<2x2xi32>) -> tensor<i32>
  return %y : tensor<i32>
}

// -----

func.func @f(%x: tensor<2x3xf32>) -> tensor<f32> {
  // expected-error @+1 {{Det node 'd': X of shape [2, 3] is not [*, M, M]}}
  %y = onnx.node "Det"<"ai.onnx", 11> name "d"(%x) {} : (tensor<2x3xf32>) -> tensor<f32>
  return %y : tensor<f32>
}

// -----

func.func @f(%x: tensor<17x17xf32>) -> tensor<f32> {
  // expected-error @+1 {{Det node 'd': matrices of 17 x 17 are not supported (at most 16 x 16)}}
  %y = onnx.node "Det"<"ai.onnx", 22> name "d"(%x) {} : (tensor<17x17xf32>) -> tensor<f32>
  return %y : tensor<f32>
}
