// RUN: qnn-opt %s --convert-onnx-to-qnn | FileCheck %s

// Det (LinearAlgebra.cpp): Gaussian elimination with partial pivoting
// unrolled in one linalg.generic over the batch, in f64. The numbers are
// checked by linear-algebra-run.test and the ONNX node tests; this file
// checks what the handler emits.

// 2 x 2 matrices of f32 in a batch of 3: four elements read and widened;
// the pivot of column 0 chosen by |a|, rows exchanged by selects (the sign
// flips), the determinant the signed product of the pivots; a zero pivot
// eliminates nothing.
// CHECK-LABEL: func.func @det
// CHECK:       linalg.generic {{.*}} iterator_types = ["parallel"]} outs({{.*}} : tensor<3xf32>)
// CHECK-COUNT-4: tensor.extract %arg0
// CHECK:         math.absf
// CHECK:         math.absf
// CHECK:         arith.cmpf ogt
// CHECK:         arith.xori
// CHECK:         arith.negf
// CHECK:         arith.mulf
// CHECK:         arith.cmpf oeq
// CHECK:         arith.divf
// CHECK:         arith.select
// CHECK:         arith.subf
// CHECK:         arith.truncf {{.*}} : f64 to f32
// CHECK:         linalg.yield
func.func @det(%x: tensor<3x2x2xf32>) -> tensor<3xf32> {
  %y = onnx.node "Det"<"ai.onnx", 22> name "d"(%x) {} : (tensor<3x2x2xf32>) -> tensor<3xf32>
  return %y : tensor<3xf32>
}

// An empty matrix has determinant 1.
// CHECK-LABEL: func.func @det_empty
// CHECK:       linalg.generic
// CHECK-NOT:     tensor.extract
// CHECK:         arith.constant 1.000000e+00 : f64
func.func @det_empty(%x: tensor<0x0xf64>) -> tensor<f64> {
  %y = onnx.node "Det"<"ai.onnx", 11> name "d"(%x) {} : (tensor<0x0xf64>) -> tensor<f64>
  return %y : tensor<f64>
}
