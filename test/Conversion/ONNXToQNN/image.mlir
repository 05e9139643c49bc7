// RUN: qnn-opt %s --convert-onnx-to-qnn | FileCheck %s

// GridSample (Image.cpp): one linalg.generic over the output reads the
// grid and X with tensor.extract. The numbers are checked by
// image-run.test and the ONNX node tests; this file checks what the
// handler emits.

// GridSample-20 linear, zeros padding, align_corners 0: per dimension the
// grid's component (x for W, y for H) made absolute ((g + 1) size - 1) / 2,
// two taps at floor and floor + 1 with weights 1 - t and t; a tap outside
// X reads 0, its index clamped into X.
// CHECK-LABEL: func.func @grid_sample_linear
// CHECK:       linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel"]} outs({{.*}} : tensor<1x2x3x4xf32>)
// CHECK:         %[[GX:.*]] = tensor.extract %arg1[%{{.*}}, %{{.*}}, %{{.*}}, %c1] : tensor<1x3x4x2xf32>
// CHECK:         tensor.extract %arg1[%{{.*}}, %{{.*}}, %{{.*}}, %c0] : tensor<1x3x4x2xf32>
// CHECK:         math.floor
// CHECK:         math.floor
// CHECK:         arith.cmpf oge
// CHECK:         arith.cmpf olt
// CHECK:         arith.fptosi
// CHECK:         %[[P:.*]] = tensor.extract %arg0[%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}] : tensor<1x2x5x6xf32>
// CHECK:         arith.select %{{.*}}, %[[P]], %{{.*}} : f32
// CHECK-COUNT-3: tensor.extract %arg0
// CHECK:         linalg.yield
func.func @grid_sample_linear(%x: tensor<1x2x5x6xf32>, %g: tensor<1x3x4x2xf32>) -> tensor<1x2x3x4xf32> {
  %y = onnx.node "GridSample"<"ai.onnx", 20> name "gs"(%x, %g) {} : (tensor<1x2x5x6xf32>, tensor<1x3x4x2xf32>) -> tensor<1x2x3x4xf32>
  return %y : tensor<1x2x3x4xf32>
}

// GridSample-16 nearest, reflection, f16 in f32: coordinates rounded half
// to even, reflected, truncated; one tap.
// CHECK-LABEL: func.func @grid_sample_nearest_reflection
// CHECK:       linalg.generic {{.*}} outs({{.*}} : tensor<1x1x2x2xf16>)
// CHECK:         arith.extf
// CHECK:         math.roundeven
// CHECK:         arith.remf
// CHECK:         math.trunc
// CHECK-COUNT-1: tensor.extract %arg0
// CHECK-NOT:     tensor.extract %arg0
// CHECK:         arith.truncf
// CHECK:         linalg.yield
func.func @grid_sample_nearest_reflection(%x: tensor<1x1x3x3xf16>, %g: tensor<1x2x2x2xf16>) -> tensor<1x1x2x2xf16> {
  %y = onnx.node "GridSample"<"ai.onnx", 16> name "gs"(%x, %g) {mode = "nearest", padding_mode = "reflection", align_corners = 1 : i64} : (tensor<1x1x3x3xf16>, tensor<1x2x2x2xf16>) -> tensor<1x1x2x2xf16>
  return %y : tensor<1x1x2x2xf16>
}

// Cubic in 1-D: four taps, Keys' coefficients with A = -0.75.
// CHECK-LABEL: func.func @grid_sample_cubic_1d
// CHECK:       linalg.generic
// CHECK:         arith.constant -7.500000e-01 : f64
// CHECK-COUNT-4: tensor.extract %arg0
// CHECK-NOT:     tensor.extract %arg0
// CHECK:         linalg.yield
func.func @grid_sample_cubic_1d(%x: tensor<1x1x8xf64>, %g: tensor<1x5x1xf64>) -> tensor<1x1x5xf64> {
  %y = onnx.node "GridSample"<"ai.onnx", 22> name "gs"(%x, %g) {mode = "cubic", padding_mode = "border"} : (tensor<1x1x8xf64>, tensor<1x5x1xf64>) -> tensor<1x1x5xf64>
  return %y : tensor<1x1x5xf64>
}

// AffineGrid-20, 2-D, align_corners 0: per output element the sum over
// (x, y, 1) of theta[n, c, k] times the normalized pixel center
// (2 i + 1) / size - 1.
// CHECK-LABEL: func.func @affine_grid
// CHECK:       linalg.generic {{.*}} outs({{.*}} : tensor<2x3x4x2xf32>)
// CHECK:         %[[N:.*]] = linalg.index 0 : index
// CHECK:         %[[C:.*]] = linalg.index 3 : index
// CHECK:         %[[W:.*]] = linalg.index 2 : index
// CHECK:         arith.constant 4.000000e+00 : f32
// CHECK:         tensor.extract %arg0[%[[N]], %[[C]], %c0] : tensor<2x2x3xf32>
// CHECK:         %[[H:.*]] = linalg.index 1 : index
// CHECK:         arith.constant 3.000000e+00 : f32
// CHECK:         tensor.extract %arg0[%[[N]], %[[C]], %c1] : tensor<2x2x3xf32>
// CHECK:         tensor.extract %arg0[%[[N]], %[[C]], %c2] : tensor<2x2x3xf32>
// CHECK:         linalg.yield
func.func @affine_grid(%t: tensor<2x2x3xf32>) -> tensor<2x3x4x2xf32> {
  %s = onnx.constant dense<[2, 1, 3, 4]> : tensor<4xsi64>
  %y = onnx.node "AffineGrid"<"ai.onnx", 20> name "ag"(%t, %s) {} : (tensor<2x2x3xf32>, tensor<4xsi64>) -> tensor<2x3x4x2xf32>
  return %y : tensor<2x3x4x2xf32>
}
