// RUN: qnn-opt %s --convert-onnx-to-qnn -split-input-file -verify-diagnostics | FileCheck %s

// Shape arithmetic on constants is evaluated before the handlers run
// (ConstantFolding.cpp), so later nodes see constants.

// Mod: fmod 0 takes the divisor's sign (Python's %), fmod 1 the dividend's.
// CHECK-LABEL: func.func @mod
// CHECK: %[[M:.*]] = arith.constant dense<[1, 2, -2, -1]> : tensor<4xi64>
// CHECK: %[[F:.*]] = arith.constant dense<[1, -1, 1, -1]> : tensor<4xi64>
// CHECK: return %[[M]], %[[F]]
func.func @mod() -> (tensor<4xsi64>, tensor<4xsi64>) {
  %a = onnx.constant dense<[7, -7, 7, -7]> : tensor<4xsi64>
  %b = onnx.constant dense<[3, 3, -3, -3]> : tensor<4xsi64>
  %m = onnx.node "Mod" <"ai.onnx", 13> name "m" (%a, %b) {} : (tensor<4xsi64>, tensor<4xsi64>) -> tensor<4xsi64>
  %f = onnx.node "Mod" <"ai.onnx", 13> name "f" (%a, %b) {fmod = 1 : i64} : (tensor<4xsi64>, tensor<4xsi64>) -> tensor<4xsi64>
  return %m, %f : tensor<4xsi64>, tensor<4xsi64>
}

// -----

// A divisor of 0 is left to run time (and to its guard).
// CHECK-LABEL: func.func @mod_by_zero
// CHECK: linalg.generic
func.func @mod_by_zero() -> tensor<2xsi64> {
  %a = onnx.constant dense<[7, 5]> : tensor<2xsi64>
  %b = onnx.constant dense<[0, 2]> : tensor<2xsi64>
  %y = onnx.node "Mod" <"ai.onnx", 13> name "m" (%a, %b) {} : (tensor<2xsi64>, tensor<2xsi64>) -> tensor<2xsi64>
  return %y : tensor<2xsi64>
}

// -----

// torchvision's Swin pads to whole windows with pads computed this way
// (Unsqueeze, Concat, Reshape, Slice, Transpose): the Pad sees constants.
// CHECK-LABEL: func.func @pads
// CHECK: %[[P:.*]] = tosa.const_shape {values = dense<[0, 0, 0, 0, 0, 0, 2, 1]> : tensor<8xindex>}
// CHECK: tosa.pad %{{.*}}, %[[P]]
func.func @pads(%x: tensor<1x3x5x5xf32>) -> tensor<1x3x5x8xf32> {
  %a = onnx.constant dense<[2, 1]> : tensor<2xsi64>
  %b = onnx.constant dense<[0, 0, 0, 0, 0, 0]> : tensor<6xsi64>
  %ax = onnx.constant dense<[0]> : tensor<1xsi64>
  %u = onnx.node "Unsqueeze" <"ai.onnx", 13> name "u" (%a, %ax) {} : (tensor<2xsi64>, tensor<1xsi64>) -> tensor<1x2xsi64>
  %f = onnx.node "Flatten" <"ai.onnx", 13> name "f" (%u) {axis = 0 : i64} : (tensor<1x2xsi64>) -> tensor<1x2xsi64>
  %s = onnx.node "Squeeze" <"ai.onnx", 13> name "s" (%f) {} : (tensor<1x2xsi64>) -> tensor<2xsi64>
  %c = onnx.node "Concat" <"ai.onnx", 13> name "c" (%b, %s) {axis = 0 : i64} : (tensor<6xsi64>, tensor<2xsi64>) -> tensor<8xsi64>
  %shape = onnx.constant dense<[-1, 2]> : tensor<2xsi64>
  %r = onnx.node "Reshape" <"ai.onnx", 14> name "r" (%c, %shape) {} : (tensor<8xsi64>, tensor<2xsi64>) -> tensor<4x2xsi64>
  %t = onnx.node "Transpose" <"ai.onnx", 13> name "t" (%r) {perm = array<i64: 1, 0>} : (tensor<4x2xsi64>) -> tensor<2x4xsi64>
  %i = onnx.node "Identity" <"ai.onnx", 16> name "i" (%t) {} : (tensor<2x4xsi64>) -> tensor<2x4xsi64>
  %shape2 = onnx.constant dense<[8]> : tensor<1xsi64>
  %p = onnx.node "Reshape" <"ai.onnx", 14> name "r2" (%i, %shape2) {} : (tensor<2x4xsi64>, tensor<1xsi64>) -> tensor<8xsi64>
  %y = onnx.node "Pad" <"ai.onnx", 18> name "p" (%x, %p) {} : (tensor<1x3x5x5xf32>, tensor<8xsi64>) -> tensor<1x3x5x8xf32>
  return %y : tensor<1x3x5x8xf32>
}

// -----

// Reshape's 0 copies the input's dimension; Unsqueeze-11 reads its axes
// attribute.
// CHECK-LABEL: func.func @reshape_zero_unsqueeze_11
// CHECK: %[[R:.*]] = arith.constant dense<{{\[}}[1, 2, 3, 4, 5, 6]]> : tensor<1x6xi64>
// CHECK: %[[U:.*]] = arith.constant dense<{{\[}}[1, 2, 3, 4, 5, 6]]> : tensor<1x6xi64>
// CHECK: return %[[R]], %[[U]]
func.func @reshape_zero_unsqueeze_11() -> (tensor<1x6xsi64>, tensor<1x6xsi64>) {
  %a = onnx.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xsi64>
  %one = onnx.constant dense<[1, 6]> : tensor<2xsi64>
  %flat = onnx.constant dense<[6]> : tensor<1xsi64>
  %r = onnx.node "Reshape" <"ai.onnx", 14> name "r" (%a, %one) {} : (tensor<2x3xsi64>, tensor<2xsi64>) -> tensor<1x6xsi64>
  %f = onnx.node "Reshape" <"ai.onnx", 14> name "f" (%a, %flat) {} : (tensor<2x3xsi64>, tensor<1xsi64>) -> tensor<6xsi64>
  %u = onnx.node "Unsqueeze" <"ai.onnx", 11> name "u" (%f) {axes = array<i64: 0>} : (tensor<6xsi64>) -> tensor<1x6xsi64>
  return %r, %u : tensor<1x6xsi64>, tensor<1x6xsi64>
}

// -----

// What does not fold is left to the handler, which reports it.
func.func @squeeze_not_one() -> tensor<2xsi64> {
  %a = onnx.constant dense<[7, 5]> : tensor<2xsi64>
  %ax = onnx.constant dense<[0]> : tensor<1xsi64>
  // expected-error @+1 {{Squeeze node 's': dimension 0 has size 2, not 1}}
  %y = onnx.node "Squeeze" <"ai.onnx", 13> name "s" (%a, %ax) {} : (tensor<2xsi64>, tensor<1xsi64>) -> tensor<2xsi64>
  return %y : tensor<2xsi64>
}
