// RUN: qnn-opt %s -split-input-file --convert-onnx-to-qnn -verify-diagnostics | FileCheck %s

// f32 MatMul: tosa.matmul on [batch, M, K] x [batch, K, N], both sides
// broadcast to the batch [2, 3].
// CHECK-LABEL: func.func @matmul_f32
// CHECK: %[[A:.*]] = tosa.reshape {{.*}} -> tensor<6x3x4xf32>
// CHECK: %[[B:.*]] = tosa.reshape {{.*}} -> tensor<6x4x5xf32>
// CHECK: %[[Y:.*]] = tosa.matmul %[[A]], %[[B]], {{.*}} -> tensor<6x3x5xf32>
// CHECK: tosa.reshape %[[Y]], {{.*}} -> tensor<2x3x3x5xf32>
func.func @matmul_f32(%a: tensor<2x1x3x4xf32>, %b: tensor<3x4x5xf32>) -> tensor<2x3x3x5xf32> {
  %y = onnx.node "MatMul"<"ai.onnx", 13> name "m"(%a, %b) {} : (tensor<2x1x3x4xf32>, tensor<3x4x5xf32>) -> tensor<2x3x3x5xf32>
  return %y : tensor<2x3x3x5xf32>
}

// -----

// Integers accumulate in their own type (a vector operand is one row).
// CHECK-LABEL: func.func @matmul_u32
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x1x4xi32>, tensor<1x4x5xi32>) outs(%{{.*}} : tensor<1x1x5xi32>)
// CHECK: arith.muli %{{.*}} : i32
// CHECK: arith.addi %{{.*}} : i32
// CHECK: tosa.reshape {{.*}} -> tensor<5xi32>
func.func @matmul_u32(%a: tensor<4xui32>, %b: tensor<4x5xui32>) -> tensor<5xui32> {
  %y = onnx.node "MatMul"<"ai.onnx", 13> name "m"(%a, %b) {} : (tensor<4xui32>, tensor<4x5xui32>) -> tensor<5xui32>
  return %y : tensor<5xui32>
}

// -----

// Gemm: transposes, alpha on the product, beta on C broadcast by tosa.add.
// CHECK-LABEL: func.func @gemm
// CHECK: %[[AT:.*]] = tosa.transpose %arg0 {perms = array<i32: 1, 0>}
// CHECK: %[[BT:.*]] = tosa.transpose %arg1 {perms = array<i32: 1, 0>}
// CHECK: tosa.matmul
// CHECK: %[[P:.*]] = tosa.reshape {{.*}} -> tensor<3x5xf32>
// CHECK: %[[ALPHA:.*]] = arith.constant dense<5.000000e-01> : tensor<1x1xf32>
// CHECK: %[[AP:.*]] = tosa.mul %[[P]], %[[ALPHA]]
// CHECK: %[[BETA:.*]] = arith.constant dense<-2.000000e+00> : tensor<1x1xf32>
// CHECK: %[[BC:.*]] = tosa.mul %arg2, %[[BETA]]
// CHECK: tosa.add %[[AP]], %[[BC]] : (tensor<3x5xf32>, tensor<3x1xf32>) -> tensor<3x5xf32>
func.func @gemm(%a: tensor<4x3xf32>, %b: tensor<5x4xf32>, %c: tensor<3x1xf32>) -> tensor<3x5xf32> {
  %y = onnx.node "Gemm"<"ai.onnx", 13> name "g"(%a, %b, %c) {transA = 1 : i64, transB = 1 : i64, alpha = 0.5 : f32, beta = -2.0 : f32} : (tensor<4x3xf32>, tensor<5x4xf32>, tensor<3x1xf32>) -> tensor<3x5xf32>
  return %y : tensor<3x5xf32>
}

// -----

// INT32 Gemm without C (version 11 and later): an integer alpha.
// CHECK-LABEL: func.func @gemm_i32
// CHECK: arith.muli %{{.*}} : i32
// CHECK: %[[ALPHA:.*]] = arith.constant 3 : i32
// CHECK: arith.muli %{{.*}}, %[[ALPHA]] : i32
// CHECK-NOT: arith.addi
// CHECK: return
func.func @gemm_i32(%a: tensor<3x4xsi32>, %b: tensor<4x5xsi32>) -> tensor<3x5xsi32> {
  %y = onnx.node "Gemm"<"ai.onnx", 13> name "g"(%a, %b) {alpha = 3.0 : f32} : (tensor<3x4xsi32>, tensor<4x5xsi32>) -> tensor<3x5xsi32>
  return %y : tensor<3x5xsi32>
}

// -----

// Einsum: one linalg.generic, a loop per label (output labels first, then
// the summed ones); spaces in the equation are ignored.
// CHECK-DAG: #[[$A:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
// CHECK-DAG: #[[$B:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>
// CHECK-DAG: #[[$Y:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @einsum_batch
// CHECK: linalg.generic {indexing_maps = [#[[$A]], #[[$B]], #[[$Y]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%arg0, %arg1 : {{.*}}) outs(%{{.*}} : tensor<2x3x5xf32>)
// CHECK: arith.mulf
// CHECK: arith.addf
func.func @einsum_batch(%a: tensor<2x3x4xf32>, %b: tensor<2x4x5xf32>) -> tensor<2x3x5xf32> {
  %y = onnx.node "Einsum"<"ai.onnx", 12> name "e"(%a, %b) {equation = "bij, bjk -> bik"} : (tensor<2x3x4xf32>, tensor<2x4x5xf32>) -> tensor<2x3x5xf32>
  return %y : tensor<2x3x5xf32>
}

// -----

// A label repeated in one operand reads its diagonal; f16 sums in f32.
// CHECK-DAG: #[[$DIAG:.*]] = affine_map<(d0, d1) -> (d0, d1, d1)>
// CHECK-LABEL: func.func @einsum_diagonal
// CHECK: linalg.generic {indexing_maps = [#[[$DIAG]], {{.*}}} ins(%arg0 : tensor<2x3x3xf16>) outs(%{{.*}} : tensor<2x3xf32>)
// CHECK: arith.extf
// CHECK: arith.truncf
func.func @einsum_diagonal(%a: tensor<2x3x3xf16>) -> tensor<2x3xf16> {
  %y = onnx.node "Einsum"<"ai.onnx", 12> name "e"(%a) {equation = "...ii->...i"} : (tensor<2x3x3xf16>) -> tensor<2x3xf16>
  return %y : tensor<2x3xf16>
}

// -----

// Implicit output: the labels that appear once, in ASCII order (C before
// a).
// CHECK-DAG: #[[$A:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[$B:.*]] = affine_map<(d0, d1, d2) -> (d2, d0)>
// CHECK-LABEL: func.func @einsum_implicit
// CHECK: linalg.generic {indexing_maps = [#[[$A]], #[[$B]], {{.*}}} {{.*}} outs(%{{.*}} : tensor<4x2xi64>)
// CHECK: arith.muli %{{.*}} : i64
func.func @einsum_implicit(%a: tensor<2x3xsi64>, %b: tensor<3x4xsi64>) -> tensor<4x2xsi64> {
  %y = onnx.node "Einsum"<"ai.onnx", 12> name "e"(%a, %b) {equation = "ab,bC"} : (tensor<2x3xsi64>, tensor<3x4xsi64>) -> tensor<4x2xsi64>
  return %y : tensor<4x2xsi64>
}

// -----

// The ellipsis broadcasts: a dimension of size 1 reads index 0.
// CHECK-DAG: #[[$A:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, 0, d2, d4)>
// CHECK-DAG: #[[$B:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d1, d4, d3)>
// CHECK-LABEL: func.func @einsum_broadcast
// CHECK: linalg.generic {indexing_maps = [#[[$A]], #[[$B]], {{.*}}} {{.*}} outs(%{{.*}} : tensor<2x3x3x2xf32>)
func.func @einsum_broadcast(%a: tensor<2x1x3x4xf32>, %b: tensor<3x4x2xf32>) -> tensor<2x3x3x2xf32> {
  %y = onnx.node "Einsum"<"ai.onnx", 12> name "e"(%a, %b) {equation = "...ij,...jk->...ik"} : (tensor<2x1x3x4xf32>, tensor<3x4x2xf32>) -> tensor<2x3x3x2xf32>
  return %y : tensor<2x3x3x2xf32>
}

// -----

func.func @matmul_inner(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) -> tensor<2x5xf32> {
  // expected-error @+1 {{MatMul node 'm': inner dimensions differ: [2, 3] x [4, 5]}}
  %y = onnx.node "MatMul"<"ai.onnx", 13> name "m"(%a, %b) {} : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  return %y : tensor<2x5xf32>
}

// -----

func.func @matmul_batch(%a: tensor<2x2x3xf32>, %b: tensor<3x3x5xf32>) -> tensor<2x2x5xf32> {
  // expected-error @+1 {{MatMul node 'm': batch dimensions [2] and [3] do not broadcast}}
  %y = onnx.node "MatMul"<"ai.onnx", 13> name "m"(%a, %b) {} : (tensor<2x2x3xf32>, tensor<3x3x5xf32>) -> tensor<2x2x5xf32>
  return %y : tensor<2x2x5xf32>
}

// -----

func.func @matmul_bool(%a: tensor<2x3xi1>, %b: tensor<3x5xi1>) -> tensor<2x5xi1> {
  // expected-error @+1 {{MatMul node 'm': BOOL inputs are not supported}}
  %y = onnx.node "MatMul"<"ai.onnx", 13> name "m"(%a, %b) {} : (tensor<2x3xi1>, tensor<3x5xi1>) -> tensor<2x5xi1>
  return %y : tensor<2x5xi1>
}

// -----

func.func @gemm_alpha(%a: tensor<3x4xsi32>, %b: tensor<4x5xsi32>) -> tensor<3x5xsi32> {
  // expected-error @+1 {{Gemm node 'g': alpha 5.000000e-01 and beta 1.000000e+00 must be integers for integer inputs}}
  %y = onnx.node "Gemm"<"ai.onnx", 13> name "g"(%a, %b) {alpha = 0.5 : f32} : (tensor<3x4xsi32>, tensor<4x5xsi32>) -> tensor<3x5xsi32>
  return %y : tensor<3x5xsi32>
}

// -----

func.func @gemm_c_shape(%a: tensor<3x4xf32>, %b: tensor<4x5xf32>, %c: tensor<3xf32>) -> tensor<3x5xf32> {
  // expected-error @+1 {{Gemm node 'g': C of shape [3] does not broadcast to [3, 5]}}
  %y = onnx.node "Gemm"<"ai.onnx", 13> name "g"(%a, %b, %c) {} : (tensor<3x4xf32>, tensor<4x5xf32>, tensor<3xf32>) -> tensor<3x5xf32>
  return %y : tensor<3x5xf32>
}

// -----

// C is optional from version 11.
func.func @gemm_v9_no_c(%a: tensor<3x4xf32>, %b: tensor<4x5xf32>) -> tensor<3x5xf32> {
  // expected-error @+1 {{Gemm node 'g': input 2 (C) is missing}}
  %y = onnx.node "Gemm"<"ai.onnx", 10> name "g"(%a, %b) {} : (tensor<3x4xf32>, tensor<4x5xf32>) -> tensor<3x5xf32>
  return %y : tensor<3x5xf32>
}

// -----

func.func @einsum_term(%a: tensor<2x3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{Einsum node 'e': equation term 'i1' is not letters with at most one '...'}}
  %y = onnx.node "Einsum"<"ai.onnx", 12> name "e"(%a) {equation = "i1->i"} : (tensor<2x3xf32>) -> tensor<3xf32>
  return %y : tensor<3xf32>
}

// -----

func.func @einsum_rank(%a: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{Einsum node 'e': equation term 'ijk' names 3 dimensions of an operand of rank 2}}
  %y = onnx.node "Einsum"<"ai.onnx", 12> name "e"(%a) {equation = "ijk->i"} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %y : tensor<2xf32>
}

// -----

func.func @einsum_sizes(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) -> tensor<2x5xf32> {
  // expected-error @+1 {{Einsum node 'e': dimension 'j' is 3 and 4}}
  %y = onnx.node "Einsum"<"ai.onnx", 12> name "e"(%a, %b) {equation = "ij,jk->ik"} : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  return %y : tensor<2x5xf32>
}

// -----

func.func @einsum_terms(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{Einsum node 'e': equation 'ij,jk->ik' has 2 input terms for 1 inputs}}
  %y = onnx.node "Einsum"<"ai.onnx", 12> name "e"(%a) {equation = "ij,jk->ik"} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @einsum_output_label(%a: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{Einsum node 'e': output label 'k' is not in the inputs}}
  %y = onnx.node "Einsum"<"ai.onnx", 12> name "e"(%a) {equation = "ij->k"} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %y : tensor<2xf32>
}

// -----

func.func @einsum_repeated_output(%a: tensor<3x3xf32>) -> tensor<3x3xf32> {
  // expected-error @+1 {{Einsum node 'e': output label 'i' is repeated}}
  %y = onnx.node "Einsum"<"ai.onnx", 12> name "e"(%a) {equation = "ij->ii"} : (tensor<3x3xf32>) -> tensor<3x3xf32>
  return %y : tensor<3x3xf32>
}

// -----

// As NumPy: an explicit output keeps what '...' covers.
func.func @einsum_drop_ellipsis(%a: tensor<2x3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{Einsum node 'e': equation '...i->i' drops the dimensions '...' covers from its output}}
  %y = onnx.node "Einsum"<"ai.onnx", 12> name "e"(%a) {equation = "...i->i"} : (tensor<2x3xf32>) -> tensor<3xf32>
  return %y : tensor<3xf32>
}

// -----

func.func @einsum_types(%a: tensor<2x3xf32>, %b: tensor<3xf64>) -> tensor<2xf32> {
  // expected-error @+1 {{Einsum node 'e': inputs differ in element type: 'f32' and 'f64'}}
  %y = onnx.node "Einsum"<"ai.onnx", 12> name "e"(%a, %b) {equation = "ij,j->i"} : (tensor<2x3xf32>, tensor<3xf64>) -> tensor<2xf32>
  return %y : tensor<2xf32>
}
