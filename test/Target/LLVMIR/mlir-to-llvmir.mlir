// RUN: qnn-opt %s -canonicalize -convert-to-llvm | qnn-translate --mlir-to-llvmir | FileCheck %s

// qnn IR folds to constants, lowers through upstream passes and translates
// to LLVM IR.

// CHECK-LABEL: define float @second_weight()
// CHECK: ret float 7.500000e-01
func.func @second_weight() -> f32 {
  %q = qnn.constant dense<[0, 3, 1, 2]> : tensor<4xui8> -> tensor<4x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.25>>
  %x = qnn.dequantize %q : tensor<4x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.25>> -> tensor<4xf32>
  %c1 = arith.constant 1 : index
  %e = tensor.extract %x[%c1] : tensor<4xf32>
  return %e : f32
}

// CHECK-LABEL: define i32 @pact_code()
// CHECK: ret i32 2
func.func @pact_code() -> i32 {
  // 0.75 / 0.5 = 1.5: a tie, rounded to the even code 2.
  %x = arith.constant dense<[0.75]> : tensor<1xf32>
  %q = qnn.quantize %x : tensor<1xf32> -> tensor<1x!qnn.uniform<u2:f32, 0.5>>
  %i = qnn.storage_cast %q : tensor<1x!qnn.uniform<u2:f32, 0.5>> -> tensor<1xi2>
  %c0 = arith.constant 0 : index
  %e = tensor.extract %i[%c0] : tensor<1xi2>
  %w = arith.extui %e : i2 to i32
  return %w : i32
}
