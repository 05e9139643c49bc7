// RUN: qnn-opt %s | qnn-opt | FileCheck %s
// RUN: qnn-opt %s --mlir-print-op-generic | qnn-opt | FileCheck %s
// RUN: qnn-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

// Every onnx op and type, printed, parsed again and printed (once more
// through the generic form): node names, domains and versions, each ONNX
// attribute kind, omitted inputs, results of unknown type, constants of
// each element-type class (signedness kept) and resource blobs.

// GENERIC-LABEL: "func.func"()
// GENERIC: "onnx.constant"() <{value = dense<1.000000e+00> : tensor<4x3x3x3xf32>}> : () -> tensor<4x3x3x3xf32>
// GENERIC-NEXT: "onnx.none"() : () -> none
// GENERIC-NEXT: "onnx.node"(%{{.*}}, %{{.*}}, %{{.*}}) <{attrs = {pads = array<i64: 1, 1, 1, 1>}, domain = "ai.onnx", name = "conv1", op_type = "Conv", version = 13 : i64}> : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, none) -> tensor<1x4x8x8xf32>
// GENERIC-NEXT: "onnx.node"(%{{.*}}) <{attrs = {}, domain = "ai.onnx", op_type = "Relu", version = 14 : i64}> : (tensor<1x4x8x8xf32>) -> !onnx.unknown
// GENERIC: "onnx.constant"() <{value = dense_resource<blob> : tensor<2xf32>}> : () -> tensor<2xf32>

// CHECK-LABEL: func.func @nodes
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x8x8xf32>, %[[I:.*]]: tensor<4xsi8>, %[[U:.*]]: tensor<4xui8>, %[[B:.*]]: tensor<4xi1>)
func.func @nodes(%x: tensor<1x3x8x8xf32>, %i: tensor<4xsi8>, %u: tensor<4xui8>, %b: tensor<4xi1>) -> tensor<1x4x8x8xf32> {
  // CHECK: %[[W:.*]] = onnx.constant dense<1.000000e+00> : tensor<4x3x3x3xf32>
  %w = onnx.constant dense<1.0> : tensor<4x3x3x3xf32>
  // CHECK: %[[NONE:.*]] = onnx.none
  %none = onnx.none
  // CHECK: %[[C:.*]] = onnx.node "Conv"<"ai.onnx", 13> name "conv1"(%[[X]], %[[W]], %[[NONE]]) {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, none) -> tensor<1x4x8x8xf32>
  %c = onnx.node "Conv" <"ai.onnx", 13> name "conv1" (%x, %w, %none) {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, none) -> tensor<1x4x8x8xf32>
  // A node without a name, without attributes, with an unknown result type
  // and with none.
  // CHECK: %[[R:.*]] = onnx.node "Relu"<"ai.onnx", 14>(%[[C]]) {} : (tensor<1x4x8x8xf32>) -> !onnx.unknown
  %r = onnx.node "Relu" <"ai.onnx", 14> (%c) {} : (tensor<1x4x8x8xf32>) -> !onnx.unknown
  // CHECK: onnx.node "Identity"<"ai.onnx", 16>(%[[R]]) {} : (!onnx.unknown) -> tensor<1x4x8x8xf32>
  %y = onnx.node "Identity" <"ai.onnx", 16> (%r) {} : (!onnx.unknown) -> tensor<1x4x8x8xf32>
  // Several results, another domain, a node with no inputs.
  // CHECK: %{{.*}}:3 = onnx.node "DynamicQuantizeLinear"<"ai.onnx", 11> name "dq"(%[[X]]) {} : (tensor<1x3x8x8xf32>) -> (tensor<1x3x8x8xui8>, tensor<f32>, tensor<ui8>)
  %q:3 = onnx.node "DynamicQuantizeLinear" <"ai.onnx", 11> name "dq" (%x) {} : (tensor<1x3x8x8xf32>) -> (tensor<1x3x8x8xui8>, tensor<f32>, tensor<ui8>)
  // CHECK: onnx.node "Custom"<"com.example", 3> name "c"() {} : () -> !onnx.unknown
  %k = onnx.node "Custom" <"com.example", 3> name "c" () {} : () -> !onnx.unknown
  // Signed, unsigned and boolean inputs keep their types.
  // CHECK: onnx.node "Add"<"ai.onnx", 14>(%[[I]], %[[I]]) {} : (tensor<4xsi8>, tensor<4xsi8>) -> tensor<4xsi8>
  %ii = onnx.node "Add" <"ai.onnx", 14> (%i, %i) {} : (tensor<4xsi8>, tensor<4xsi8>) -> tensor<4xsi8>
  // CHECK: onnx.node "Add"<"ai.onnx", 14>(%[[U]], %[[U]]) {} : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %uu = onnx.node "Add" <"ai.onnx", 14> (%u, %u) {} : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  // CHECK: onnx.node "Not"<"ai.onnx", 1>(%[[B]]) {} : (tensor<4xi1>) -> tensor<4xi1>
  %nb = onnx.node "Not" <"ai.onnx", 1> (%b) {} : (tensor<4xi1>) -> tensor<4xi1>
  return %y : tensor<1x4x8x8xf32>
}

// Every ONNX attribute kind: INT, FLOAT, STRING, TENSOR, INTS, FLOATS,
// STRINGS, TENSORS, and empty lists. Dictionary keys print sorted.
// CHECK-LABEL: func.func @attributes
// CHECK: onnx.node "Custom"<"com.example", 1> name "all"(%{{.*}}) {e = [], f = 5.000000e-01 : f32, fs = array<f32: 1.000000e+00, -2.500000e-01>, i = -7 : i64, is = array<i64: 1, -2, 9223372036854775807>, s = "text \22quoted\22", ss = ["a", ""], t = dense<[1, -2]> : tensor<2xsi64>, ts = [dense<1.000000e+00> : tensor<f32>, dense<[true, false]> : tensor<2xi1>]}
func.func @attributes(%x: tensor<2xf32>) {
  %0 = onnx.node "Custom" <"com.example", 1> name "all" (%x) {i = -7 : i64, f = 0.5 : f32, s = "text \"quoted\"", t = dense<[1, -2]> : tensor<2xsi64>, is = array<i64: 1, -2, 9223372036854775807>, fs = array<f32: 1.0, -0.25>, ss = ["a", ""], ts = [dense<1.0> : tensor<f32>, dense<[true, false]> : tensor<2xi1>], e = []} : (tensor<2xf32>) -> !onnx.unknown
  return
}

// Constants of every element-type class the importer writes, and a
// resource blob (kept, with its bytes, through bytecode-free text).
// CHECK-LABEL: func.func @constants
// CHECK: onnx.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf16>
// CHECK: onnx.constant dense<5.000000e-01> : tensor<bf16>
// CHECK: onnx.constant dense<1.000000e+00> : tensor<3xf64>
// CHECK: onnx.constant dense<[-128, 127]> : tensor<2xsi8>
// CHECK: onnx.constant dense<[0, 255]> : tensor<2xui8>
// CHECK: onnx.constant dense<[-8, 7]> : tensor<2xsi4>
// CHECK: onnx.constant dense<[0, 3]> : tensor<2xui2>
// CHECK: onnx.constant dense<[true, false]> : tensor<2xi1>
// CHECK: onnx.constant dense<18446744073709551615> : tensor<1xui64>
// CHECK: onnx.constant dense<> : tensor<0x3xsi32>
// CHECK: onnx.constant dense_resource<blob> : tensor<2xf32>
func.func @constants() {
  %0 = onnx.constant dense<[1.0, 2.0]> : tensor<2xf16>
  %1 = onnx.constant dense<0.5> : tensor<bf16>
  %2 = onnx.constant dense<1.0> : tensor<3xf64>
  %3 = onnx.constant dense<[-128, 127]> : tensor<2xsi8>
  %4 = onnx.constant dense<[0, 255]> : tensor<2xui8>
  %5 = onnx.constant dense<[-8, 7]> : tensor<2xsi4>
  %6 = onnx.constant dense<[0, 3]> : tensor<2xui2>
  %7 = onnx.constant dense<[true, false]> : tensor<2xi1>
  %8 = onnx.constant dense<18446744073709551615> : tensor<1xui64>
  %9 = onnx.constant dense<> : tensor<0x3xsi32>
  %10 = onnx.constant dense_resource<blob> : tensor<2xf32>
  return
}

// CHECK-LABEL: func.func @annotations
// CHECK-NEXT: %[[A:.*]] = onnx.annotation "x" %arg0 {finn_datatype = "UINT2"} : tensor<2xf32>
// CHECK-NEXT: %[[N:.*]] = onnx.node "Relu"<"ai.onnx", 14>(%[[A]]) {} : (tensor<2xf32>) -> !onnx.unknown
// CHECK-NEXT: onnx.annotation "y" %[[N]] {finn_datatype = "INT4", other = "t"} : !onnx.unknown
func.func @annotations(%x: tensor<2xf32>) {
  %a = onnx.annotation "x" %x {finn_datatype = "UINT2"} : tensor<2xf32>
  %n = onnx.node "Relu" <"ai.onnx", 14> (%a) {} : (tensor<2xf32>) -> !onnx.unknown
  %b = onnx.annotation "y" %n {finn_datatype = "INT4", other = "t"} : !onnx.unknown
  return
}

// CHECK: dialect_resources
// CHECK-NEXT: builtin
// CHECK-NEXT: blob: "0x040000000000803F00000040"
{-#
  dialect_resources: {
    builtin: {
      blob: "0x040000000000803F00000040"
    }
  }
#-}
