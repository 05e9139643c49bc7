// RUN: qnn-opt %s --convert-onnx-to-qnn | FileCheck %s

// Constant, Shape, Size, Identity, Dropout, ConstantOfShape, and the
// constant folding of shape arithmetic (ConstantFolding.cpp).

// Constant's value kinds; integers keep ONNX's signedness in qnn.dtype.
// CHECK-LABEL: func.func @constants
// CHECK-SAME: -> (tensor<2xf32> {qnn.dtype = "f32"}, tensor<f32> {qnn.dtype = "f32"}, tensor<3xi64> {qnn.dtype = "i64"}, tensor<i64> {qnn.dtype = "i64"}, tensor<2xf32> {qnn.dtype = "f32"})
// CHECK-DAG: %[[V:.*]] = arith.constant dense<[1.500000e+00, -2.000000e+00]> : tensor<2xf32>
// CHECK-DAG: %[[F:.*]] = arith.constant dense<2.500000e-01> : tensor<f32>
// CHECK-DAG: %[[IS:.*]] = arith.constant dense<[1, -1, 7]> : tensor<3xi64>
// CHECK-DAG: %[[I:.*]] = arith.constant dense<-5> : tensor<i64>
// CHECK-DAG: %[[FS:.*]] = arith.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK: return %[[V]], %[[F]], %[[IS]], %[[I]], %[[FS]]
func.func @constants() -> (tensor<2xf32>, tensor<f32>, tensor<3xsi64>, tensor<si64>, tensor<2xf32>) {
  %0 = onnx.node "Constant" <"ai.onnx", 13> name "c0" () {value = dense<[1.5, -2.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %1 = onnx.node "Constant" <"ai.onnx", 13> name "c1" () {value_float = 0.25 : f32} : () -> tensor<f32>
  %2 = onnx.node "Constant" <"ai.onnx", 13> name "c2" () {value_ints = array<i64: 1, -1, 7>} : () -> tensor<3xsi64>
  %3 = onnx.node "Constant" <"ai.onnx", 13> name "c3" () {value_int = -5} : () -> tensor<si64>
  %4 = onnx.node "Constant" <"ai.onnx", 13> name "c4" () {value_floats = array<f32: 1.0, 2.0>} : () -> tensor<2xf32>
  return %0, %1, %2, %3, %4 : tensor<2xf32>, tensor<f32>, tensor<3xsi64>, tensor<si64>, tensor<2xf32>
}

// Shape (with Shape-15's start), Size: constants of the static shape.
// CHECK-LABEL: func.func @shape_size
// CHECK-DAG: %[[S:.*]] = arith.constant dense<[2, 3, 4]> : tensor<3xi64>
// CHECK-DAG: %[[T:.*]] = arith.constant dense<[3, 4]> : tensor<2xi64>
// CHECK-DAG: %[[N:.*]] = arith.constant dense<24> : tensor<i64>
// CHECK: return %[[S]], %[[T]], %[[N]]
func.func @shape_size(%x: tensor<2x3x4xf32>) -> (tensor<3xsi64>, tensor<2xsi64>, tensor<si64>) {
  %s = onnx.node "Shape" <"ai.onnx", 13> (%x) {} : (tensor<2x3x4xf32>) -> tensor<3xsi64>
  %t = onnx.node "Shape" <"ai.onnx", 15> (%x) {start = -2} : (tensor<2x3x4xf32>) -> tensor<2xsi64>
  %n = onnx.node "Size" <"ai.onnx", 13> (%x) {} : (tensor<2x3x4xf32>) -> tensor<si64>
  return %s, %t, %n : tensor<3xsi64>, tensor<2xsi64>, tensor<si64>
}

// Identity keeps an unsigned type; Dropout in inference passes its input
// and an all-true mask.
// CHECK-LABEL: func.func @identity_dropout
// CHECK-SAME: (%[[X:.*]]: tensor<4xi8> {qnn.dtype = "u8"}, %[[F:.*]]: tensor<4xf32> {qnn.dtype = "f32"}) -> (tensor<4xi8> {qnn.dtype = "u8"}, tensor<4xf32> {qnn.dtype = "f32"}, tensor<4xi1> {qnn.dtype = "bool"})
// CHECK: %[[M:.*]] = arith.constant dense<true> : tensor<4xi1>
// CHECK: return %[[X]], %[[F]], %[[M]]
func.func @identity_dropout(%x: tensor<4xui8>, %f: tensor<4xf32>) -> (tensor<4xui8>, tensor<4xf32>, tensor<4xi1>) {
  %i = onnx.node "Identity" <"ai.onnx", 16> (%x) {} : (tensor<4xui8>) -> tensor<4xui8>
  %d:2 = onnx.node "Dropout" <"ai.onnx", 13> (%f) {ratio = 0.5 : f32} : (tensor<4xf32>) -> (tensor<4xf32>, tensor<4xi1>)
  return %i, %d#0, %d#1 : tensor<4xui8>, tensor<4xf32>, tensor<4xi1>
}

// CHECK-LABEL: func.func @constant_of_shape
// CHECK-DAG: %[[C:.*]] = arith.constant dense<7> : tensor<2x3xi32>
// CHECK-DAG: %[[Z:.*]] = arith.constant dense<0.000000e+00> : tensor<2xf32>
// CHECK: return %[[C]], %[[Z]]
func.func @constant_of_shape() -> (tensor<2x3xsi32>, tensor<2xf32>) {
  %s = onnx.constant dense<[2, 3]> : tensor<2xsi64>
  %c = onnx.node "ConstantOfShape" <"ai.onnx", 20> (%s) {value = dense<7> : tensor<1xsi32>} : (tensor<2xsi64>) -> tensor<2x3xsi32>
  %t = onnx.constant dense<[2]> : tensor<1xsi64>
  %z = onnx.node "ConstantOfShape" <"ai.onnx", 20> (%t) {} : (tensor<1xsi64>) -> tensor<2xf32>
  return %c, %z : tensor<2x3xsi32>, tensor<2xf32>
}

// Shape arithmetic on constants is evaluated before the handlers run
// (ConstantFolding.cpp): Gather, Concat, Mul, integer Div, Range, Cast
// (truncating), Less, a backward Slice and Where all become constants.
// CHECK-LABEL: func.func @shape_arithmetic
// CHECK-NOT: linalg.generic
// CHECK-NOT: tosa.
// CHECK-DAG: %[[CAT:.*]] = arith.constant dense<[2, -1]> : tensor<2xi64>
// CHECK-DAG: %[[PROD:.*]] = arith.constant dense<4> : tensor<i64>
// CHECK-DAG: %[[DIV:.*]] = arith.constant dense<[1, 1, 2]> : tensor<3xi64>
// CHECK-DAG: %[[RANGE:.*]] = arith.constant dense<[0.000000e+00, 5.000000e-01, 1.000000e+00, 1.500000e+00]> : tensor<4xf32>
// CHECK-DAG: %[[CAST:.*]] = arith.constant dense<[2, -2]> : tensor<2xi32>
// CHECK-DAG: %[[LT:.*]] = arith.constant dense<false> : tensor<3xi1>
// CHECK-DAG: %[[SLICE:.*]] = arith.constant dense<[4, 2]> : tensor<2xi64>
// CHECK-DAG: %[[WHERE:.*]] = arith.constant dense<[1, 1, 2]> : tensor<3xi64>
// CHECK: return %[[CAT]], %[[PROD]], %[[DIV]], %[[RANGE]], %[[CAST]], %[[LT]], %[[SLICE]], %[[WHERE]]
func.func @shape_arithmetic(%x: tensor<2x3x4xf32>) -> (tensor<2xsi64>, tensor<si64>, tensor<3xsi64>, tensor<4xf32>, tensor<2xsi32>, tensor<3xi1>, tensor<2xsi64>, tensor<3xsi64>) {
  %s = onnx.node "Shape" <"ai.onnx", 13> (%x) {} : (tensor<2x3x4xf32>) -> tensor<3xsi64>
  %i = onnx.constant dense<0> : tensor<si64>
  %g = onnx.node "Gather" <"ai.onnx", 13> (%s, %i) {axis = 0} : (tensor<3xsi64>, tensor<si64>) -> tensor<si64>
  %m1 = onnx.constant dense<[-1]> : tensor<1xsi64>
  %idx = onnx.constant dense<[0]> : tensor<1xsi64>
  %g1 = onnx.node "Gather" <"ai.onnx", 13> (%s, %idx) {axis = 0} : (tensor<3xsi64>, tensor<1xsi64>) -> tensor<1xsi64>
  %cat = onnx.node "Concat" <"ai.onnx", 13> (%g1, %m1) {axis = 0} : (tensor<1xsi64>, tensor<1xsi64>) -> tensor<2xsi64>
  %two = onnx.constant dense<2> : tensor<si64>
  %prod = onnx.node "Mul" <"ai.onnx", 14> (%g, %two) {} : (tensor<si64>, tensor<si64>) -> tensor<si64>
  %d = onnx.node "Div" <"ai.onnx", 14> (%s, %two) {} : (tensor<3xsi64>, tensor<si64>) -> tensor<3xsi64>
  %st = onnx.constant dense<0.0> : tensor<f32>
  %li = onnx.constant dense<2.0> : tensor<f32>
  %de = onnx.constant dense<0.5> : tensor<f32>
  %r = onnx.node "Range" <"ai.onnx", 11> (%st, %li, %de) {} : (tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  %f = onnx.constant dense<[2.7, -2.7]> : tensor<2xf32>
  %c = onnx.node "Cast" <"ai.onnx", 13> (%f) {to = 6} : (tensor<2xf32>) -> tensor<2xsi32>
  %lt = onnx.node "Less" <"ai.onnx", 13> (%s, %two) {} : (tensor<3xsi64>, tensor<si64>) -> tensor<3xi1>
  %sl_s = onnx.constant dense<[-1]> : tensor<1xsi64>
  %sl_e = onnx.constant dense<[-4]> : tensor<1xsi64>
  %sl_a = onnx.constant dense<[0]> : tensor<1xsi64>
  %sl_st = onnx.constant dense<[-2]> : tensor<1xsi64>
  %sl = onnx.node "Slice" <"ai.onnx", 13> (%s, %sl_s, %sl_e, %sl_a, %sl_st) {} : (tensor<3xsi64>, tensor<1xsi64>, tensor<1xsi64>, tensor<1xsi64>, tensor<1xsi64>) -> tensor<2xsi64>
  %w = onnx.node "Where" <"ai.onnx", 16> (%lt, %s, %d) {} : (tensor<3xi1>, tensor<3xsi64>, tensor<3xsi64>) -> tensor<3xsi64>
  return %cat, %prod, %d, %r, %c, %lt, %sl, %w : tensor<2xsi64>, tensor<si64>, tensor<3xsi64>, tensor<4xf32>, tensor<2xsi32>, tensor<3xi1>, tensor<2xsi64>, tensor<3xsi64>
}

// Folded integers wrap as the run-time ops do (UINT8 250 + 10 = 4, INT8
// -128 / -1 = -128); a division by zero is left to run time, where it is
// guarded.
// CHECK-LABEL: func.func @folded_wraps
// CHECK: %[[SUM:.*]] = arith.constant dense<4> : tensor<i8>
// CHECK: arith.constant dense<-1> : tensor<i8>
// CHECK-NEXT: %[[QUO:.*]] = arith.constant dense<-128> : tensor<i8>
// CHECK: %[[RT:.*]] = linalg.generic
// CHECK: arith.divsi
// CHECK: return %[[SUM]], %[[QUO]], %[[RT]]
func.func @folded_wraps() -> (tensor<ui8>, tensor<si8>, tensor<si64>) {
  %a = onnx.constant dense<250> : tensor<ui8>
  %b = onnx.constant dense<10> : tensor<ui8>
  %s = onnx.node "Add" <"ai.onnx", 14> (%a, %b) {} : (tensor<ui8>, tensor<ui8>) -> tensor<ui8>
  %c = onnx.constant dense<-128> : tensor<si8>
  %m = onnx.constant dense<-1> : tensor<si8>
  %d = onnx.node "Div" <"ai.onnx", 14> (%c, %m) {} : (tensor<si8>, tensor<si8>) -> tensor<si8>
  %z = onnx.constant dense<0> : tensor<si64>
  %e = onnx.node "Div" <"ai.onnx", 14> (%z, %z) {} : (tensor<si64>, tensor<si64>) -> tensor<si64>
  return %s, %d, %e : tensor<ui8>, tensor<si8>, tensor<si64>
}
// Results too large to fold run at run time: a broadcast of 16384- and 65536-element
// constants to 2^30 elements, a gather of 2^24.
// CHECK-LABEL: func.func @too_large_to_fold
// CHECK-NOT: arith.constant {{.*}} : tensor<16384x65536xf32>
// CHECK: tosa.add %{{.*}}, %{{.*}} : (tensor<16384x1xf32>, tensor<1x65536xf32>) -> tensor<16384x65536xf32>
// CHECK-NOT: arith.constant {{.*}} : tensor<256x256x256xi64>
// CHECK: return
func.func @too_large_to_fold() -> (tensor<16384x65536xf32>, tensor<256x256x256xsi64>) {
  %a = onnx.constant dense<1.0> : tensor<16384x1xf32>
  %b = onnx.constant dense<2.0> : tensor<1x65536xf32>
  %s = onnx.node "Add" <"ai.onnx", 14> (%a, %b) {} : (tensor<16384x1xf32>, tensor<1x65536xf32>) -> tensor<16384x65536xf32>
  %d = onnx.constant dense<3> : tensor<256x256xsi64>
  %i = onnx.constant dense<0> : tensor<256x256xsi64>
  %g = onnx.node "Gather" <"ai.onnx", 13> (%d, %i) {axis = 0} : (tensor<256x256xsi64>, tensor<256x256xsi64>) -> tensor<256x256x256xsi64>
  return %s, %g : tensor<16384x65536xf32>, tensor<256x256x256xsi64>
}

// Cast-1 names its type: the folder leaves it to the handler (it used to
// report the string as an attribute of the wrong kind).
// CHECK-LABEL: func.func @cast1_of_constant
// CHECK: arith.uitofp %{{.*}} : i8 to f32
func.func @cast1_of_constant() -> tensor<2xf32> {
  %a = onnx.constant dense<[200, 3]> : tensor<2xui8>
  %c = onnx.node "Cast" <"ai.onnx", 1> (%a) {to = "FLOAT"} : (tensor<2xui8>) -> tensor<2xf32>
  return %c : tensor<2xf32>
}
