// RUN: qnn-opt %s --convert-onnx-to-qnn -split-input-file -verify-diagnostics

// Every error of GridSample and AffineGrid (Image.cpp).

func.func @f(%x: tensor<1x2x5x6xf32>, %g: tensor<1x3x4x2xf32>) -> tensor<1x2x3x4xf32> {
  // expected-error @+1 {{GridSample node 'gs': mode 'linear' is not one of bilinear, nearest, bicubic}}
  %y = onnx.node "GridSample"<"ai.onnx", 16> name "gs"(%x, %g) {mode = "linear"} : (tensor<1x2x5x6xf32>, tensor<1x3x4x2xf32>) -> tensor<1x2x3x4xf32>
  return %y : tensor<1x2x3x4xf32>
}

// -----

func.func @f(%x: tensor<1x2x5x6xf32>, %g: tensor<1x3x4x2xf32>) -> tensor<1x2x3x4xf32> {
  // expected-error @+1 {{GridSample node 'gs': mode 'bicubic' is not one of linear, nearest, cubic}}
  %y = onnx.node "GridSample"<"ai.onnx", 20> name "gs"(%x, %g) {mode = "bicubic"} : (tensor<1x2x5x6xf32>, tensor<1x3x4x2xf32>) -> tensor<1x2x3x4xf32>
  return %y : tensor<1x2x3x4xf32>
}

// -----

func.func @f(%x: tensor<1x2x5x6xf32>, %g: tensor<1x3x4x2xf32>) -> tensor<1x2x3x4xf32> {
  // expected-error @+1 {{GridSample node 'gs': padding_mode 'wrap' is not zeros, border or reflection}}
  %y = onnx.node "GridSample"<"ai.onnx", 22> name "gs"(%x, %g) {padding_mode = "wrap"} : (tensor<1x2x5x6xf32>, tensor<1x3x4x2xf32>) -> tensor<1x2x3x4xf32>
  return %y : tensor<1x2x3x4xf32>
}

// -----

func.func @f(%x: tensor<1x2x5x6xi8>, %g: tensor<1x3x4x2xf32>) -> tensor<1x2x3x4xi8> {
  // expected-error @+1 {{GridSample node 'gs': X of element type 'i8' is not supported (float types are)}}
  %y = onnx.node "GridSample"<"ai.onnx", 20> name "gs"(%x, %g) {} : (tensor<1x2x5x6xi8>, tensor<1x3x4x2xf32>) -> tensor<1x2x3x4xi8>
  return %y : tensor<1x2x3x4xi8>
}

// -----

func.func @f(%x: tensor<1x2x5x6xf32>, %g: tensor<1x3x4x2xi32>) -> tensor<1x2x3x4xf32> {
  // expected-error @+1 {{GridSample node 'gs': grid of element type 'i32' is not a float type}}
  %y = onnx.node "GridSample"<"ai.onnx", 20> name "gs"(%x, %g) {} : (tensor<1x2x5x6xf32>, tensor<1x3x4x2xi32>) -> tensor<1x2x3x4xf32>
  return %y : tensor<1x2x3x4xf32>
}

// -----

func.func @f(%x: tensor<1x2x5x6x7xf32>, %g: tensor<1x3x4x5x3xf32>) -> tensor<1x2x3x4x5xf32> {
  // expected-error @+1 {{GridSample node 'gs': X has rank 5, expected 4}}
  %y = onnx.node "GridSample"<"ai.onnx", 16> name "gs"(%x, %g) {} : (tensor<1x2x5x6x7xf32>, tensor<1x3x4x5x3xf32>) -> tensor<1x2x3x4x5xf32>
  return %y : tensor<1x2x3x4x5xf32>
}

// -----

func.func @f(%x: tensor<1x2xf32>, %g: tensor<1x2xf32>) -> tensor<1x2xf32> {
  // expected-error @+1 {{GridSample node 'gs': X has rank 2, expected at least 3}}
  %y = onnx.node "GridSample"<"ai.onnx", 20> name "gs"(%x, %g) {} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

func.func @f(%x: tensor<1x2x5x6xf32>, %g: tensor<1x3x4x3xf32>) -> tensor<1x2x3x4xf32> {
  // expected-error @+1 {{GridSample node 'gs': grid of shape [1, 3, 4, 3] is not [1, output dimensions..., 2] for X of shape [1, 2, 5, 6]}}
  %y = onnx.node "GridSample"<"ai.onnx", 20> name "gs"(%x, %g) {} : (tensor<1x2x5x6xf32>, tensor<1x3x4x3xf32>) -> tensor<1x2x3x4xf32>
  return %y : tensor<1x2x3x4xf32>
}

// -----

func.func @f(%x: tensor<1x2x0x6xf32>, %g: tensor<1x3x4x2xf32>) -> tensor<1x2x3x4xf32> {
  // expected-error @+1 {{GridSample node 'gs': X of shape [1, 2, 0, 6] has no pixels to sample}}
  %y = onnx.node "GridSample"<"ai.onnx", 20> name "gs"(%x, %g) {} : (tensor<1x2x0x6xf32>, tensor<1x3x4x2xf32>) -> tensor<1x2x3x4xf32>
  return %y : tensor<1x2x3x4xf32>
}

// -----

func.func @f(%t: tensor<1x2x3xi32>) -> tensor<1x2x2x2xi32> {
  %s = onnx.constant dense<[1, 1, 2, 2]> : tensor<4xsi64>
  // expected-error @+1 {{AffineGrid node 'ag': theta of element type 'i32' is not a float type}}
  %y = onnx.node "AffineGrid"<"ai.onnx", 20> name "ag"(%t, %s) {} : (tensor<1x2x3xi32>, tensor<4xsi64>) -> tensor<1x2x2x2xi32>
  return %y : tensor<1x2x2x2xi32>
}

// -----

func.func @f(%t: tensor<1x2x3xf32>) -> tensor<1x2x2x2xf32> {
  %s = onnx.constant dense<[1, 1, 2]> : tensor<3xsi64>
  // expected-error @+1 {{AffineGrid node 'ag': size [1, 1, 2] is not [N, C, H, W] or [N, C, D, H, W]}}
  %y = onnx.node "AffineGrid"<"ai.onnx", 20> name "ag"(%t, %s) {} : (tensor<1x2x3xf32>, tensor<3xsi64>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

func.func @f(%t: tensor<1x2x3xf32>) -> tensor<1x2x2x2x3xf32> {
  %s = onnx.constant dense<[1, 1, 2, 2, 2]> : tensor<5xsi64>
  // expected-error @+1 {{AffineGrid node 'ag': theta of shape [1, 2, 3] is not [1, 3, 4] for size [1, 1, 2, 2, 2]}}
  %y = onnx.node "AffineGrid"<"ai.onnx", 20> name "ag"(%t, %s) {} : (tensor<1x2x3xf32>, tensor<5xsi64>) -> tensor<1x2x2x2x3xf32>
  return %y : tensor<1x2x2x2x3xf32>
}

// -----

func.func @f(%t: tensor<1x2x3xf32>) -> tensor<1x2x2x2xf32> {
  %s = onnx.constant dense<[1, 1, -2, 2]> : tensor<4xsi64>
  // expected-error @+1 {{AffineGrid node 'ag': size [1, 1, -2, 2] has a negative dimension}}
  %y = onnx.node "AffineGrid"<"ai.onnx", 20> name "ag"(%t, %s) {} : (tensor<1x2x3xf32>, tensor<4xsi64>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

func.func @f(%t: tensor<1x2x3xf32>, %s: tensor<4xsi64>) -> tensor<1x2x2x2xf32> {
  // expected-error @+1 {{AffineGrid node 'ag': input 1 (size) must be known at compile time: qnn compiles static shapes}}
  %y = onnx.node "AffineGrid"<"ai.onnx", 20> name "ag"(%t, %s) {} : (tensor<1x2x3xf32>, tensor<4xsi64>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}
