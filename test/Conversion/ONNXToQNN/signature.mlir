// RUN: qnn-opt %s --convert-onnx-to-qnn | FileCheck %s

// The function boundary: every ONNX element type as its signless C ABI
// type with a qnn.dtype naming it (qnn_dtypes.def), 4- and 2-bit integers
// one per byte (truncated on the way in, sign- or zero-extended on the way
// out), and hand-written IR mixing dialects.

// CHECK-LABEL: func.func @narrow
// CHECK-SAME: (%[[A:.*]]: tensor<4xi8> {qnn.dtype = "i4"}, %[[B:.*]]: tensor<4xi8> {qnn.dtype = "u2"}, %[[C:.*]]: tensor<4xi8> {qnn.dtype = "u4"})
// CHECK-SAME: -> (tensor<4xi8> {qnn.dtype = "i4"}, tensor<4xi8> {qnn.dtype = "u2"}, tensor<4xi8> {qnn.dtype = "u4"})
// CHECK-DAG: %[[A4:.*]] = arith.trunci %[[A]] : tensor<4xi8> to tensor<4xi4>
// CHECK-DAG: %[[B2:.*]] = arith.trunci %[[B]] : tensor<4xi8> to tensor<4xi2>
// CHECK-DAG: %[[C4:.*]] = arith.trunci %[[C]] : tensor<4xi8> to tensor<4xi4>
// CHECK-DAG: %[[X:.*]] = arith.extsi %[[A4]] : tensor<4xi4> to tensor<4xi8>
// CHECK-DAG: %[[Y:.*]] = arith.extui %[[B2]] : tensor<4xi2> to tensor<4xi8>
// CHECK-DAG: %[[Z:.*]] = arith.extui %[[C4]] : tensor<4xi4> to tensor<4xi8>
// CHECK: return %[[X]], %[[Y]], %[[Z]]
func.func @narrow(%a: tensor<4xsi4>, %b: tensor<4xui2>, %c: tensor<4xui4>) -> (tensor<4xsi4>, tensor<4xui2>, tensor<4xui4>) {
  %x = onnx.node "Identity" <"ai.onnx", 16> (%a) {} : (tensor<4xsi4>) -> tensor<4xsi4>
  %y = onnx.node "Identity" <"ai.onnx", 16> (%b) {} : (tensor<4xui2>) -> tensor<4xui2>
  return %x, %y, %c : tensor<4xsi4>, tensor<4xui2>, tensor<4xui4>
}

// CHECK-LABEL: func.func @dtypes
// CHECK-SAME: tensor<1xf32> {qnn.dtype = "f32"}
// CHECK-SAME: tensor<1xf64> {qnn.dtype = "f64"}
// CHECK-SAME: tensor<1xf16> {qnn.dtype = "f16"}
// CHECK-SAME: tensor<1xbf16> {qnn.dtype = "bf16"}
// CHECK-SAME: tensor<1xi8> {qnn.dtype = "i8"}
// CHECK-SAME: tensor<1xi16> {qnn.dtype = "i16"}
// CHECK-SAME: tensor<1xi32> {qnn.dtype = "i32"}
// CHECK-SAME: tensor<1xi64> {qnn.dtype = "i64"}
// CHECK-SAME: tensor<1xi8> {qnn.dtype = "u8"}
// CHECK-SAME: tensor<1xi16> {qnn.dtype = "u16"}
// CHECK-SAME: tensor<1xi32> {qnn.dtype = "u32"}
// CHECK-SAME: tensor<1xi64> {qnn.dtype = "u64"}
// CHECK-SAME: tensor<1xi1> {qnn.dtype = "bool"}
// CHECK-SAME: tensor<1xi8> {qnn.dtype = "i2"}
func.func @dtypes(%a: tensor<1xf32>, %b: tensor<1xf64>, %c: tensor<1xf16>, %d: tensor<1xbf16>, %e: tensor<1xsi8>, %f: tensor<1xsi16>, %g: tensor<1xsi32>, %h: tensor<1xsi64>, %i: tensor<1xui8>, %j: tensor<1xui16>, %k: tensor<1xui32>, %l: tensor<1xui64>, %m: tensor<1xi1>, %n: tensor<1xsi2>) {
  return
}

// Values of other dialects feed nodes as they are (a handler may read any
// given input, a bound's constant included), and other ops read converted
// values.
// CHECK-LABEL: func.func @mixed
// CHECK-SAME: (%[[X:.*]]: tensor<2xf32> {qnn.dtype = "f32"})
// CHECK: %[[C:.*]] = arith.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK: %[[Y:.*]] = tosa.add %[[X]], %[[C]]
// CHECK: %[[B:.*]] = tosa.clamp %[[Y]] {max_val = 0x7F800000 : f32, min_val = 5.000000e-01 : f32}
// CHECK: %[[Z:.*]] = arith.addf %[[B]], %[[B]] : tensor<2xf32>
// CHECK: return %[[Z]]
func.func @mixed(%x: tensor<2xf32>) -> tensor<2xf32> {
  %c = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %y = onnx.node "Add" <"ai.onnx", 14> (%x, %c) {} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %lo = arith.constant dense<0.5> : tensor<f32>
  %b = onnx.node "Clip" <"ai.onnx", 13> (%y, %lo) {} : (tensor<2xf32>, tensor<f32>) -> tensor<2xf32>
  %z = arith.addf %b, %b : tensor<2xf32>
  return %z : tensor<2xf32>
}

// A function without onnx ops or ONNX types is left alone.
// CHECK-LABEL: func.func @no_onnx
// CHECK-SAME: (%{{.*}}: tensor<2xi8>) -> tensor<2xi8>
// CHECK-NOT: qnn.dtype
func.func @no_onnx(%x: tensor<2xi8>) -> tensor<2xi8> {
  return %x : tensor<2xi8>
}
