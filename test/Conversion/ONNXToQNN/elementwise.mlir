// RUN: qnn-opt %s --convert-onnx-to-qnn | FileCheck %s

// Elementwise operators: f32 Add / Sub / Mul / Max / Min / Relu / Clip as
// TOSA (epilogue fusion reads those), every other type as a linalg.generic
// whose body is the scalar definition, signed and unsigned integers told
// apart, bool logic, legacy (opset < 7) broadcasting, Cast between type
// classes, and f16 math computed in f32.

// The broadcasting maps the generics below use.
// CHECK-DAG: #[[$ID2:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$COL:map[0-9]*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-DAG: #[[$SCALAR:map[0-9]*]] = affine_map<(d0) -> ()>
// CHECK-DAG: #[[$LAST:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d2)>
// CHECK-DAG: #[[$FIRST:map[0-9]*]] = affine_map<(d0) -> (0)>

// CHECK-LABEL: func.func @add_f32_broadcast
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32> {qnn.dtype = "f32"}, %[[B:.*]]: tensor<3xf32> {qnn.dtype = "f32"})
// CHECK: %[[R:.*]] = tosa.reshape %[[B]], %{{.*}} : (tensor<3xf32>, !tosa.shape<2>) -> tensor<1x3xf32>
// CHECK: %[[Y:.*]] = tosa.add %[[A]], %[[R]] : (tensor<2x3xf32>, tensor<1x3xf32>) -> tensor<2x3xf32>
// CHECK: return %[[Y]]
func.func @add_f32_broadcast(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %y = onnx.node "Add" <"ai.onnx", 14> (%a, %b) {} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// Integers: a linalg.generic, the 2x1 operand broadcast by its map.
// CHECK-LABEL: func.func @add_si32
// CHECK-SAME: tensor<2x3xi32> {qnn.dtype = "i32"}
// CHECK: linalg.generic {indexing_maps = [#[[$ID2]], #[[$COL]], #[[$ID2]]]
// CHECK: arith.addi %{{.*}}, %{{.*}} : i32
func.func @add_si32(%a: tensor<2x3xsi32>, %b: tensor<2x1xsi32>) -> tensor<2x3xsi32> {
  %y = onnx.node "Add" <"ai.onnx", 14> (%a, %b) {} : (tensor<2x3xsi32>, tensor<2x1xsi32>) -> tensor<2x3xsi32>
  return %y : tensor<2x3xsi32>
}

// f16 arithmetic is not TOSA.
// CHECK-LABEL: func.func @sub_f16
// CHECK-NOT: tosa.
// CHECK: arith.subf %{{.*}}, %{{.*}} : f16
func.func @sub_f16(%a: tensor<4xf16>, %b: tensor<4xf16>) -> tensor<4xf16> {
  %y = onnx.node "Sub" <"ai.onnx", 14> (%a, %b) {} : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xf16>
  return %y : tensor<4xf16>
}

// Integer division never traps: x / 0 is 0 and MIN / -1 wraps (signed),
// the divisor replaced by 1 before dividing.
// CHECK-LABEL: func.func @div_si8
// CHECK: ^bb0(%[[X:.*]]: i8, %[[D:.*]]: i8, %{{.*}}: i8):
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0 : i8
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1 : i8
// CHECK-DAG: %[[M1:.*]] = arith.constant -1 : i8
// CHECK-DAG: %[[ISZERO:.*]] = arith.cmpi eq, %[[D]], %[[ZERO]] : i8
// CHECK-DAG: %[[ISM1:.*]] = arith.cmpi eq, %[[D]], %[[M1]] : i8
// CHECK: %[[BAD:.*]] = arith.ori %[[ISZERO]], %[[ISM1]] : i1
// CHECK: %[[SAFE:.*]] = arith.select %[[BAD]], %[[ONE]], %[[D]] : i8
// CHECK: %[[Q:.*]] = arith.divsi %[[X]], %[[SAFE]] : i8
// CHECK: %[[NEG:.*]] = arith.subi %[[ZERO]], %[[X]] : i8
// CHECK: %[[Q2:.*]] = arith.select %[[ISM1]], %[[NEG]], %[[Q]] : i8
// CHECK: %[[R:.*]] = arith.select %[[ISZERO]], %[[ZERO]], %[[Q2]] : i8
// CHECK: linalg.yield %[[R]]
func.func @div_si8(%a: tensor<4xsi8>, %b: tensor<4xsi8>) -> tensor<4xsi8> {
  %y = onnx.node "Div" <"ai.onnx", 14> (%a, %b) {} : (tensor<4xsi8>, tensor<4xsi8>) -> tensor<4xsi8>
  return %y : tensor<4xsi8>
}

// CHECK-LABEL: func.func @div_ui8
// CHECK-SAME: {qnn.dtype = "u8"}
// CHECK: %[[SAFE:.*]] = arith.select
// CHECK: arith.divui %{{.*}}, %[[SAFE]] : i8
// CHECK-NOT: arith.divsi
func.func @div_ui8(%a: tensor<4xui8>, %b: tensor<4xui8>) -> tensor<4xui8> {
  %y = onnx.node "Div" <"ai.onnx", 14> (%a, %b) {} : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  return %y : tensor<4xui8>
}

// Comparisons by signedness, results BOOL.
// CHECK-LABEL: func.func @less
// CHECK-SAME: -> (tensor<4xi1> {qnn.dtype = "bool"}, tensor<4xi1> {qnn.dtype = "bool"}, tensor<4xi1> {qnn.dtype = "bool"})
// CHECK: arith.cmpi ult, %{{.*}}, %{{.*}} : i8
// CHECK: arith.cmpi slt, %{{.*}}, %{{.*}} : i8
// CHECK: arith.cmpf olt, %{{.*}}, %{{.*}} : f32
func.func @less(%a: tensor<4xui8>, %b: tensor<4xui8>, %c: tensor<4xsi8>, %d: tensor<4xf32>) -> (tensor<4xi1>, tensor<4xi1>, tensor<4xi1>) {
  %u = onnx.node "Less" <"ai.onnx", 13> (%a, %b) {} : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xi1>
  %s = onnx.node "Less" <"ai.onnx", 13> (%c, %c) {} : (tensor<4xsi8>, tensor<4xsi8>) -> tensor<4xi1>
  %f = onnx.node "Less" <"ai.onnx", 13> (%d, %d) {} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  return %u, %s, %f : tensor<4xi1>, tensor<4xi1>, tensor<4xi1>
}

// CHECK-LABEL: func.func @and_bool
// CHECK: arith.andi %{{.*}}, %{{.*}} : i1
func.func @and_bool(%a: tensor<4xi1>, %b: tensor<4xi1>) -> tensor<4xi1> {
  %y = onnx.node "And" <"ai.onnx", 7> (%a, %b) {} : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %y : tensor<4xi1>
}

// Max: unsigned, signed over three inputs, and f32 of two as TOSA.
// CHECK-LABEL: func.func @max
// CHECK: arith.maxui %{{.*}}, %{{.*}} : i8
// CHECK: %[[M:.*]] = arith.maxsi %{{.*}}, %{{.*}} : i8
// CHECK-NEXT: arith.maxsi %[[M]], %{{.*}} : i8
// CHECK: tosa.maximum %{{.*}}, %{{.*}} : (tensor<2x4xf32>, tensor<1x4xf32>) -> tensor<2x4xf32>
func.func @max(%a: tensor<4xui8>, %b: tensor<4xsi8>, %c: tensor<2x4xf32>, %d: tensor<4xf32>) -> (tensor<4xui8>, tensor<4xsi8>, tensor<2x4xf32>) {
  %u = onnx.node "Max" <"ai.onnx", 13> (%a, %a) {} : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %s = onnx.node "Max" <"ai.onnx", 13> (%b, %b, %b) {} : (tensor<4xsi8>, tensor<4xsi8>, tensor<4xsi8>) -> tensor<4xsi8>
  %f = onnx.node "Max" <"ai.onnx", 13> (%c, %d) {} : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %u, %s, %f : tensor<4xui8>, tensor<4xsi8>, tensor<2x4xf32>
}

// CHECK-LABEL: func.func @relu
// CHECK: tosa.clamp %{{.*}} {max_val = 0x7F800000 : f32, min_val = 0.000000e+00 : f32}
// CHECK: arith.maxsi %{{.*}}, %{{.*}} : i8
func.func @relu(%a: tensor<4xf32>, %b: tensor<4xsi8>) -> (tensor<4xf32>, tensor<4xsi8>) {
  %f = onnx.node "Relu" <"ai.onnx", 14> (%a) {} : (tensor<4xf32>) -> tensor<4xf32>
  %s = onnx.node "Relu" <"ai.onnx", 14> (%b) {} : (tensor<4xsi8>) -> tensor<4xsi8>
  return %f, %s : tensor<4xf32>, tensor<4xsi8>
}

// Clip: constant f32 bounds (inputs from opset 11, attributes before) as
// tosa.clamp; a run-time unsigned lower bound as maxui.
// CHECK-LABEL: func.func @clip
// CHECK-SAME: %[[LO:[^:]*]]: tensor<i8> {qnn.dtype = "u8"})
// CHECK: tosa.clamp %{{.*}} {max_val = 0x7F800000 : f32, min_val = -1.000000e+00 : f32}
// CHECK: tosa.clamp %{{.*}} {max_val = 6.000000e+00 : f32, min_val = 0.000000e+00 : f32}
// CHECK: linalg.generic {{.*}}#[[$SCALAR]]{{.*}} ins(%{{.*}}, %[[LO]] : tensor<4xi8>, tensor<i8>)
// CHECK: arith.maxui
// CHECK-NOT: arith.minui
func.func @clip(%a: tensor<4xf32>, %b: tensor<4xui8>, %lo: tensor<ui8>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xui8>) {
  %mn = onnx.constant dense<-1.0> : tensor<f32>
  %none = onnx.none
  %f = onnx.node "Clip" <"ai.onnx", 13> (%a, %mn, %none) {} : (tensor<4xf32>, tensor<f32>, none) -> tensor<4xf32>
  %o = onnx.node "Clip" <"ai.onnx", 6> (%a) {min = 0.0 : f32, max = 6.0 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  %u = onnx.node "Clip" <"ai.onnx", 13> (%b, %lo) {} : (tensor<4xui8>, tensor<ui8>) -> tensor<4xui8>
  return %f, %o, %u : tensor<4xf32>, tensor<4xf32>, tensor<4xui8>
}

// Opset 6's broadcast: B lines up with A from `axis` (B of [3] at axis 1
// of [2, 3, 4] is [1, 3, 1]), by default with A's suffix.
// CHECK-LABEL: func.func @legacy_broadcast
// CHECK: tosa.reshape %{{.*}} -> tensor<3x1xf32>
// CHECK: %[[B:.*]] = tosa.reshape %{{.*}} -> tensor<1x3x1xf32>
// CHECK: tosa.add %{{.*}}, %[[B]] : (tensor<2x3x4xf32>, tensor<1x3x1xf32>) -> tensor<2x3x4xf32>
// CHECK: linalg.generic {{.*}}#[[$LAST]]{{.*}} ins(%{{.*}}, %{{.*}} : tensor<2x3x4xi32>, tensor<4xi32>)
// CHECK: arith.muli
func.func @legacy_broadcast(%a: tensor<2x3x4xf32>, %b: tensor<3xf32>, %c: tensor<2x3x4xsi32>, %d: tensor<4xsi32>) -> (tensor<2x3x4xf32>, tensor<2x3x4xsi32>) {
  %f = onnx.node "Add" <"ai.onnx", 6> (%a, %b) {broadcast = 1, axis = 1} : (tensor<2x3x4xf32>, tensor<3xf32>) -> tensor<2x3x4xf32>
  %i = onnx.node "Mul" <"ai.onnx", 6> (%c, %d) {broadcast = 1} : (tensor<2x3x4xsi32>, tensor<4xsi32>) -> tensor<2x3x4xsi32>
  return %f, %i : tensor<2x3x4xf32>, tensor<2x3x4xsi32>
}

// PRelu before version 7: a slope of x's channel count is per channel.
// CHECK-LABEL: func.func @prelu_per_channel
// CHECK: %[[S:.*]] = tosa.reshape %{{.*}} -> tensor<3x1xf32>
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %[[S]] : tensor<2x3x4xf32>, tensor<3x1xf32>)
func.func @prelu_per_channel(%x: tensor<2x3x4xf32>, %s: tensor<3xf32>) -> tensor<2x3x4xf32> {
  %y = onnx.node "PRelu" <"ai.onnx", 6> (%x, %s) {} : (tensor<2x3x4xf32>, tensor<3xf32>) -> tensor<2x3x4xf32>
  return %y : tensor<2x3x4xf32>
}

// Cast between the type classes: float to signed / unsigned / bool,
// signed / unsigned / bool to float, widening by signedness, narrowing,
// f16 to bf16 through f32, Cast-1's type names, and 4-bit results
// sign-extended at the boundary.
// CHECK-LABEL: func.func @cast
// CHECK-SAME: -> (tensor<2xi8> {qnn.dtype = "i8"}, tensor<2xi8> {qnn.dtype = "u8"}, tensor<2xf32> {qnn.dtype = "f32"}, tensor<2xf32> {qnn.dtype = "f32"}, tensor<2xf32> {qnn.dtype = "f32"}, tensor<2xi1> {qnn.dtype = "bool"}, tensor<2xi32> {qnn.dtype = "i32"}, tensor<2xi32> {qnn.dtype = "i32"}, tensor<2xi8> {qnn.dtype = "i8"}, tensor<2xbf16> {qnn.dtype = "bf16"}, tensor<2xf64> {qnn.dtype = "f64"}, tensor<2xi1> {qnn.dtype = "bool"}, tensor<2xi32> {qnn.dtype = "i32"}, tensor<2xf32> {qnn.dtype = "f32"}, tensor<2xi64> {qnn.dtype = "u64"}, tensor<2xi8> {qnn.dtype = "i4"})
// CHECK: arith.fptosi %{{.*}} : f32 to i8
// CHECK: arith.fptoui %{{.*}} : f32 to i8
// CHECK: arith.sitofp %{{.*}} : i8 to f32
// CHECK: arith.uitofp %{{.*}} : i8 to f32
// CHECK: arith.uitofp %{{.*}} : i1 to f32
// CHECK: %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: arith.cmpf une, %{{.*}}, %[[Z]] : f32
// CHECK: arith.extsi %{{.*}} : i8 to i32
// CHECK: arith.extui %{{.*}} : i8 to i32
// CHECK: arith.trunci %{{.*}} : i32 to i8
// CHECK: %[[W:.*]] = arith.extf %{{.*}} : f16 to f32
// CHECK-NEXT: arith.truncf %[[W]] : f32 to bf16
// CHECK: arith.extf %{{.*}} : f32 to f64
// CHECK: arith.cmpi ne, %{{.*}}, %{{.*}} : i8
// CHECK: arith.extui %{{.*}} : i1 to i32
// CHECK: arith.uitofp %{{.*}} : i8 to f32
// CHECK: arith.extsi %{{.*}} : i32 to i64
// CHECK: %[[N:.*]] = linalg.generic
// CHECK: arith.trunci %{{.*}} : i32 to i4
// CHECK: %[[NB:.*]] = arith.extsi %[[N]] : tensor<2xi4> to tensor<2xi8>
// CHECK: return {{.*}}, %[[NB]] :
func.func @cast(%f: tensor<2xf32>, %i: tensor<2xsi8>, %u: tensor<2xui8>, %b: tensor<2xi1>, %h: tensor<2xf16>, %w: tensor<2xsi32>) -> (tensor<2xsi8>, tensor<2xui8>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xi1>, tensor<2xsi32>, tensor<2xsi32>, tensor<2xsi8>, tensor<2xbf16>, tensor<2xf64>, tensor<2xi1>, tensor<2xsi32>, tensor<2xf32>, tensor<2xui64>, tensor<2xsi4>) {
  %0 = onnx.node "Cast" <"ai.onnx", 21> (%f) {to = 3} : (tensor<2xf32>) -> tensor<2xsi8>
  %1 = onnx.node "Cast" <"ai.onnx", 21> (%f) {to = 2} : (tensor<2xf32>) -> tensor<2xui8>
  %2 = onnx.node "Cast" <"ai.onnx", 21> (%i) {to = 1} : (tensor<2xsi8>) -> tensor<2xf32>
  %3 = onnx.node "Cast" <"ai.onnx", 21> (%u) {to = 1} : (tensor<2xui8>) -> tensor<2xf32>
  %4 = onnx.node "Cast" <"ai.onnx", 21> (%b) {to = 1} : (tensor<2xi1>) -> tensor<2xf32>
  %5 = onnx.node "Cast" <"ai.onnx", 21> (%f) {to = 9} : (tensor<2xf32>) -> tensor<2xi1>
  %6 = onnx.node "Cast" <"ai.onnx", 21> (%i) {to = 6} : (tensor<2xsi8>) -> tensor<2xsi32>
  %7 = onnx.node "Cast" <"ai.onnx", 21> (%u) {to = 6} : (tensor<2xui8>) -> tensor<2xsi32>
  %8 = onnx.node "Cast" <"ai.onnx", 21> (%w) {to = 3} : (tensor<2xsi32>) -> tensor<2xsi8>
  %9 = onnx.node "Cast" <"ai.onnx", 21> (%h) {to = 16} : (tensor<2xf16>) -> tensor<2xbf16>
  %10 = onnx.node "Cast" <"ai.onnx", 21> (%f) {to = 11} : (tensor<2xf32>) -> tensor<2xf64>
  %11 = onnx.node "Cast" <"ai.onnx", 21> (%i) {to = 9} : (tensor<2xsi8>) -> tensor<2xi1>
  %12 = onnx.node "Cast" <"ai.onnx", 21> (%b) {to = 6} : (tensor<2xi1>) -> tensor<2xsi32>
  %13 = onnx.node "Cast" <"ai.onnx", 1> (%u) {to = "FLOAT"} : (tensor<2xui8>) -> tensor<2xf32>
  %14 = onnx.node "Cast" <"ai.onnx", 21> (%w) {to = 13} : (tensor<2xsi32>) -> tensor<2xui64>
  %15 = onnx.node "Cast" <"ai.onnx", 21> (%w) {to = 22} : (tensor<2xsi32>) -> tensor<2xsi4>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15 : tensor<2xsi8>, tensor<2xui8>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xi1>, tensor<2xsi32>, tensor<2xsi32>, tensor<2xsi8>, tensor<2xbf16>, tensor<2xf64>, tensor<2xi1>, tensor<2xsi32>, tensor<2xf32>, tensor<2xui64>, tensor<2xsi4>
}

// CastLike takes the second input's type (unsigned source: uitofp).
// CHECK-LABEL: func.func @castlike
// CHECK: arith.uitofp %{{.*}} : i8 to f16
func.func @castlike(%u: tensor<2xui8>, %t: tensor<1xf16>) -> tensor<2xf16> {
  %y = onnx.node "CastLike" <"ai.onnx", 21> (%u, %t) {} : (tensor<2xui8>, tensor<1xf16>) -> tensor<2xf16>
  return %y : tensor<2xf16>
}

// CHECK-LABEL: func.func @sqrt_f16
// CHECK: %[[W:.*]] = arith.extf %{{.*}} : f16 to f32
// CHECK-NEXT: %[[S:.*]] = math.sqrt %[[W]] : f32
// CHECK-NEXT: %[[N:.*]] = arith.truncf %[[S]] : f32 to f16
// CHECK-NEXT: linalg.yield %[[N]] : f16
func.func @sqrt_f16(%x: tensor<4xf16>) -> tensor<4xf16> {
  %y = onnx.node "Sqrt" <"ai.onnx", 13> (%x) {} : (tensor<4xf16>) -> tensor<4xf16>
  return %y : tensor<4xf16>
}

// CHECK-LABEL: func.func @where
// CHECK-SAME: -> (tensor<4xi8> {qnn.dtype = "u8"})
// CHECK: linalg.generic {{.*}}#[[$FIRST]]
// CHECK: ^bb0(%[[C:.*]]: i1, %[[A:.*]]: i8, %[[B:.*]]: i8, %{{.*}}: i8):
// CHECK-NEXT: arith.select %[[C]], %[[A]], %[[B]] : i8
func.func @where(%c: tensor<4xi1>, %a: tensor<4xui8>, %b: tensor<1xui8>) -> tensor<4xui8> {
  %y = onnx.node "Where" <"ai.onnx", 16> (%c, %a, %b) {} : (tensor<4xi1>, tensor<4xui8>, tensor<1xui8>) -> tensor<4xui8>
  return %y : tensor<4xui8>
}

// Shifting by the width or more gives 0 (LLVM's shift would be poison).
// CHECK-LABEL: func.func @bitshift
// CHECK: ^bb0(%[[X:.*]]: i8, %[[S:.*]]: i8, %{{.*}}: i8):
// CHECK: %[[W:.*]] = arith.constant 8 : i8
// CHECK: %[[FAR:.*]] = arith.cmpi uge, %[[S]], %[[W]] : i8
// CHECK: %[[R:.*]] = arith.shrui %[[X]], %[[S]] : i8
// CHECK: arith.select %[[FAR]], %{{.*}}, %[[R]] : i8
func.func @bitshift(%a: tensor<4xui8>, %b: tensor<4xui8>) -> tensor<4xui8> {
  %y = onnx.node "BitShift" <"ai.onnx", 11> (%a, %b) {direction = "RIGHT"} : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  return %y : tensor<4xui8>
}

// Pow by a constant 2 is x * x (exact; epilogue fusion reads tosa.mul).
// CHECK-LABEL: func.func @pow_square
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>
// CHECK: tosa.mul %[[X]], %[[X]], %{{.*}} : (tensor<4xf32>, tensor<4xf32>, tensor<1xi8>) -> tensor<4xf32>
// CHECK-NOT: math.powf
func.func @pow_square(%x: tensor<4xf32>) -> tensor<4xf32> {
  %two = onnx.constant dense<2.0> : tensor<f32>
  %y = onnx.node "Pow" <"ai.onnx", 15> (%x, %two) {} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// Mod with fmod = 0 on signed integers: Python's %, the divisor's sign;
// the remainder guarded like division.
// CHECK-LABEL: func.func @mod_signed
// CHECK: ^bb0(%{{.*}}: i32, %[[D:.*]]: i32, %{{.*}}: i32):
// CHECK: %[[R:.*]] = arith.remsi
// CHECK: %[[G:.*]] = arith.select %{{.*}}, %{{.*}}, %[[R]] : i32
// CHECK: %[[FIX:.*]] = arith.andi
// CHECK: %[[ADJ:.*]] = arith.addi %[[G]], %[[D]] : i32
// CHECK: arith.select %[[FIX]], %[[ADJ]], %[[G]] : i32
func.func @mod_signed(%a: tensor<4xsi32>, %b: tensor<4xsi32>) -> tensor<4xsi32> {
  %y = onnx.node "Mod" <"ai.onnx", 13> (%a, %b) {} : (tensor<4xsi32>, tensor<4xsi32>) -> tensor<4xsi32>
  return %y : tensor<4xsi32>
}

// Abs of unsigned integers is the identity; Neg of signed ones 0 - x.
// CHECK-LABEL: func.func @abs_neg
// CHECK: ^bb0(%[[U:.*]]: i8, %{{.*}}: i8):
// CHECK-NEXT: linalg.yield %[[U]] : i8
// CHECK: ^bb0(%[[S:.*]]: i8, %{{.*}}: i8):
// CHECK: arith.subi %{{.*}}, %[[S]] : i8
func.func @abs_neg(%u: tensor<4xui8>, %s: tensor<4xsi8>) -> (tensor<4xui8>, tensor<4xsi8>) {
  %a = onnx.node "Abs" <"ai.onnx", 13> (%u) {} : (tensor<4xui8>) -> tensor<4xui8>
  %n = onnx.node "Neg" <"ai.onnx", 13> (%s) {} : (tensor<4xsi8>) -> tensor<4xsi8>
  return %a, %n : tensor<4xui8>, tensor<4xsi8>
}

// DOUBLE to BFLOAT16 rounds through FLOAT, as ONNX's reference and
// onnxruntime do.
// CHECK-LABEL: func.func @cast_f64_to_bf16
// CHECK: %[[F:.*]] = arith.truncf %{{.*}} : f64 to f32
// CHECK-NEXT: arith.truncf %[[F]] : f32 to bf16
func.func @cast_f64_to_bf16(%d: tensor<2xf64>) -> tensor<2xbf16> {
  %y = onnx.node "Cast" <"ai.onnx", 21> (%d) {to = 16} : (tensor<2xf64>) -> tensor<2xbf16>
  return %y : tensor<2xbf16>
}
