// RUN: qnn-opt %s --convert-onnx-to-qnn | FileCheck %s
// RUN: qnn-opt %s --convert-onnx-to-qnn --qnn-optimize-layout --qnn-legalize-quantizers --qnn-form-integer-layers | FileCheck %s --check-prefix=LAYERS

// QuantizeLinear / DequantizeLinear with constant and run-time parameters,
// per tensor, per axis and blocked, 4- to 16-bit codes, and
// DynamicQuantizeLinear.

// Constant parameters and codes of at most 8 bits: qnn's own quantize to
// a !qnn.uniform type, then the storage cast to the ONNX integers.
// CHECK-LABEL: func.func @quantize_per_tensor
// CHECK-SAME: -> (tensor<2x3xi8> {qnn.dtype = "u8"})
// CHECK: %[[Q:.*]] = qnn.quantize %arg0 : tensor<2x3xf32> -> tensor<2x3x!qnn.uniform<u8:f32, 0.5:128>>
// CHECK: %[[C:.*]] = qnn.storage_cast %[[Q]] : tensor<2x3x!qnn.uniform<u8:f32, 0.5:128>> -> tensor<2x3xi8>
// CHECK: return %[[C]]
func.func @quantize_per_tensor(%x: tensor<2x3xf32>) -> tensor<2x3xui8> {
  %s = onnx.constant dense<0.5> : tensor<f32>
  %z = onnx.constant dense<128> : tensor<ui8>
  %q = onnx.node "QuantizeLinear" <"ai.onnx", 13> (%x, %s, %z) {} : (tensor<2x3xf32>, tensor<f32>, tensor<ui8>) -> tensor<2x3xui8>
  return %q : tensor<2x3xui8>
}

// No zero point: UINT8 codes, zero point 0.
// CHECK-LABEL: func.func @quantize_default_zero_point
// CHECK: qnn.quantize %arg0 : tensor<4xf32> -> tensor<4x!qnn.uniform<u8:f32, 0.25>>
func.func @quantize_default_zero_point(%x: tensor<4xf32>) -> tensor<4xui8> {
  %s = onnx.constant dense<0.25> : tensor<f32>
  %q = onnx.node "QuantizeLinear" <"ai.onnx", 13> (%x, %s) {} : (tensor<4xf32>, tensor<f32>) -> tensor<4xui8>
  return %q : tensor<4xui8>
}

// CHECK-LABEL: func.func @quantize_per_axis
// CHECK: qnn.quantize %arg0 : tensor<2x3xf32> -> tensor<2x3x!qnn.uniform<i8:f32:1, {0.5, 0.25:-1, 0.125:2}>>
func.func @quantize_per_axis(%x: tensor<2x3xf32>) -> tensor<2x3xsi8> {
  %s = onnx.constant dense<[0.5, 0.25, 0.125]> : tensor<3xf32>
  %z = onnx.constant dense<[0, -1, 2]> : tensor<3xsi8>
  %q = onnx.node "QuantizeLinear" <"ai.onnx", 13> (%x, %s, %z) {axis = 1} : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xsi8>) -> tensor<2x3xsi8>
  return %q : tensor<2x3xsi8>
}

// A run-time scale: ONNX's definition in f32, x / scale rounded half to
// even, plus the zero point, saturated to the code range.
// CHECK-LABEL: func.func @quantize_runtime_scale
// CHECK-NOT: qnn.quantize
// CHECK: ^bb0(%[[X:.*]]: f32, %[[S:.*]]: f32, %[[Z:.*]]: i8, %{{.*}}: i8):
// CHECK: %[[D:.*]] = arith.divf %[[X]], %[[S]] : f32
// CHECK: %[[R:.*]] = math.roundeven %[[D]] : f32
// CHECK: %[[ZF:.*]] = arith.sitofp %[[Z]] : i8 to f32
// CHECK: %[[A:.*]] = arith.addf %[[R]], %[[ZF]] : f32
// CHECK: %[[LO:.*]] = arith.constant -1.280000e+02 : f32
// CHECK: %[[M:.*]] = arith.maximumf %[[A]], %[[LO]] : f32
// CHECK: %[[HI:.*]] = arith.constant 1.270000e+02 : f32
// CHECK: %[[N:.*]] = arith.minimumf %[[M]], %[[HI]] : f32
// CHECK: arith.fptosi %[[N]] : f32 to i8
func.func @quantize_runtime_scale(%x: tensor<4xf32>, %s: tensor<f32>) -> tensor<4xsi8> {
  %z = onnx.constant dense<3> : tensor<si8>
  %q = onnx.node "QuantizeLinear" <"ai.onnx", 13> (%x, %s, %z) {} : (tensor<4xf32>, tensor<f32>, tensor<si8>) -> tensor<4xsi8>
  return %q : tensor<4xsi8>
}

// INT16 codes: the run-time definition with INT16's range.
// CHECK-LABEL: func.func @quantize_int16
// CHECK-SAME: -> (tensor<4xi16> {qnn.dtype = "i16"})
// CHECK: arith.constant -3.276800e+04 : f32
// CHECK: arith.constant 3.276700e+04 : f32
// CHECK: arith.fptosi %{{.*}} : f32 to i16
func.func @quantize_int16(%x: tensor<4xf32>) -> tensor<4xsi16> {
  %s = onnx.constant dense<0.5> : tensor<f32>
  %z = onnx.constant dense<7> : tensor<si16>
  %q = onnx.node "QuantizeLinear" <"ai.onnx", 21> (%x, %s, %z) {} : (tensor<4xf32>, tensor<f32>, tensor<si16>) -> tensor<4xsi16>
  return %q : tensor<4xsi16>
}

// Blocked (opset 21): the scale and zero point of element [i, j] are
// those of block [i, j / block_size], expanded by gathers.
// CHECK-LABEL: func.func @quantize_blocked
// CHECK: %[[J:.*]] = linalg.index 1 : index
// CHECK: %[[B:.*]] = arith.constant 2 : index
// CHECK: %[[JB:.*]] = arith.divui %[[J]], %[[B]] : index
// CHECK: tensor.extract %{{.*}}[%{{.*}}, %[[JB]]] : tensor<2x2xf32>
// CHECK: tensor.extract %{{.*}}[%{{.*}}, %{{.*}}] : tensor<2x2xi8>
// CHECK: math.roundeven
func.func @quantize_blocked(%x: tensor<2x4xf32>) -> tensor<2x4xsi8> {
  %s = onnx.constant dense<[[0.5, 0.25], [1.0, 2.0]]> : tensor<2x2xf32>
  %z = onnx.constant dense<0> : tensor<2x2xsi8>
  %q = onnx.node "QuantizeLinear" <"ai.onnx", 21> (%x, %s, %z) {axis = 1, block_size = 2} : (tensor<2x4xf32>, tensor<2x2xf32>, tensor<2x2xsi8>) -> tensor<2x4xsi8>
  return %q : tensor<2x4xsi8>
}

// output_dtype INT4 without a zero point: 4-bit codes, sign-extended to a
// byte at the boundary.
// CHECK-LABEL: func.func @quantize_int4_output_dtype
// CHECK-SAME: -> (tensor<4xi8> {qnn.dtype = "i4"})
// CHECK: %[[Q:.*]] = qnn.quantize %arg0 : tensor<4xf32> -> tensor<4x!qnn.uniform<i4:f32, 0.5>>
// CHECK: %[[C:.*]] = qnn.storage_cast %[[Q]] : tensor<4x!qnn.uniform<i4:f32, 0.5>> -> tensor<4xi4>
// CHECK: %[[E:.*]] = arith.extsi %[[C]] : tensor<4xi4> to tensor<4xi8>
// CHECK: return %[[E]]
func.func @quantize_int4_output_dtype(%x: tensor<4xf32>) -> tensor<4xsi4> {
  %s = onnx.constant dense<0.5> : tensor<f32>
  %q = onnx.node "QuantizeLinear" <"ai.onnx", 21> (%x, %s) {output_dtype = 22} : (tensor<4xf32>, tensor<f32>) -> tensor<4xsi4>
  return %q : tensor<4xsi4>
}

// CHECK-LABEL: func.func @dequantize
// CHECK-SAME: (%[[C:.*]]: tensor<2x3xi8> {qnn.dtype = "u8"})
// CHECK: %[[Q:.*]] = qnn.storage_cast %[[C]] : tensor<2x3xi8> -> tensor<2x3x!qnn.uniform<u8:f32, 0.5:128>>
// CHECK: qnn.dequantize %[[Q]] : tensor<2x3x!qnn.uniform<u8:f32, 0.5:128>> -> tensor<2x3xf32>
func.func @dequantize(%c: tensor<2x3xui8>) -> tensor<2x3xf32> {
  %s = onnx.constant dense<0.5> : tensor<f32>
  %z = onnx.constant dense<128> : tensor<ui8>
  %d = onnx.node "DequantizeLinear" <"ai.onnx", 13> (%c, %s, %z) {} : (tensor<2x3xui8>, tensor<f32>, tensor<ui8>) -> tensor<2x3xf32>
  return %d : tensor<2x3xf32>
}

// Constant INT32 codes (a bias) with constant parameters: the real
// values, folded: [100 * 0.5, -7 * 0.25, 0 * 0.125].
// CHECK-LABEL: func.func @dequantize_bias
// CHECK: %[[B:.*]] = arith.constant dense<[5.000000e+01, -1.750000e+00, 0.000000e+00]> : tensor<3xf32>
// CHECK: return %[[B]]
func.func @dequantize_bias() -> tensor<3xf32> {
  %b = onnx.constant dense<[100, -7, 0]> : tensor<3xsi32>
  %s = onnx.constant dense<[0.5, 0.25, 0.125]> : tensor<3xf32>
  %d = onnx.node "DequantizeLinear" <"ai.onnx", 13> (%b, %s) {axis = 0} : (tensor<3xsi32>, tensor<3xf32>) -> tensor<3xf32>
  return %d : tensor<3xf32>
}

// A run-time scale: (x - zero point) in i64, times the scale.
// CHECK-LABEL: func.func @dequantize_runtime
// CHECK: ^bb0(%[[X:.*]]: i8, %[[S:.*]]: f32, %[[Z:.*]]: i8, %{{.*}}: f32):
// CHECK: %[[XW:.*]] = arith.extsi %[[X]] : i8 to i64
// CHECK: %[[ZW:.*]] = arith.extsi %[[Z]] : i8 to i64
// CHECK: %[[D:.*]] = arith.subi %[[XW]], %[[ZW]] : i64
// CHECK: %[[F:.*]] = arith.sitofp %[[D]] : i64 to f32
// CHECK: arith.mulf %[[F]], %[[S]] : f32
func.func @dequantize_runtime(%c: tensor<4xsi8>, %s: tensor<f32>) -> tensor<4xf32> {
  %z = onnx.constant dense<-2> : tensor<si8>
  %d = onnx.node "DequantizeLinear" <"ai.onnx", 13> (%c, %s, %z) {} : (tensor<4xsi8>, tensor<f32>, tensor<si8>) -> tensor<4xf32>
  return %d : tensor<4xf32>
}

// From opset 19 the result has the scale's type.
// CHECK-LABEL: func.func @dequantize_f16
// CHECK-SAME: -> (tensor<4xf16> {qnn.dtype = "f16"})
// CHECK: qnn.dequantize
// CHECK: arith.truncf %{{.*}} : f32 to f16
func.func @dequantize_f16(%c: tensor<4xui8>) -> tensor<4xf16> {
  %s = onnx.constant dense<0.5> : tensor<f16>
  %d = onnx.node "DequantizeLinear" <"ai.onnx", 21> (%c, %s) {} : (tensor<4xui8>, tensor<f16>) -> tensor<4xf16>
  return %d : tensor<4xf16>
}

// QuantizeLinear -> DequantizeLinear: the storage casts cancel, leaving
// dequantize(quantize(x)) for qnn-form-integer-layers.
// CHECK-LABEL: func.func @qdq_pair
// CHECK: %[[Q:.*]] = qnn.quantize %arg0 : tensor<4xf32> -> tensor<4x!qnn.uniform<i8:f32, 0.5>>
// CHECK: %[[D:.*]] = qnn.dequantize %[[Q]] : tensor<4x!qnn.uniform<i8:f32, 0.5>> -> tensor<4xf32>
// CHECK: return %[[D]]
func.func @qdq_pair(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = onnx.constant dense<0.5> : tensor<f32>
  %z = onnx.constant dense<0> : tensor<si8>
  %q = onnx.node "QuantizeLinear" <"ai.onnx", 13> (%x, %s, %z) {} : (tensor<4xf32>, tensor<f32>, tensor<si8>) -> tensor<4xsi8>
  %d = onnx.node "DequantizeLinear" <"ai.onnx", 13> (%q, %s, %z) {} : (tensor<4xsi8>, tensor<f32>, tensor<si8>) -> tensor<4xf32>
  return %d : tensor<4xf32>
}

// DynamicQuantizeLinear: the range of x and 0, 1 where that range is 0
// (an input of zeros), over 255.
// CHECK-LABEL: func.func @dynamic_quantize
// CHECK-SAME: -> (tensor<2x3xi8> {qnn.dtype = "u8"}, tensor<f32> {qnn.dtype = "f32"}, tensor<i8> {qnn.dtype = "u8"})
// CHECK: tosa.reduce_min
// CHECK: tosa.reduce_max
// CHECK: ^bb0(%[[HI:.*]]: f32, %[[LO:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[SAME:.*]] = arith.cmpf oeq, %[[HI]], %[[LO]] : f32
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK: %[[DIFF:.*]] = arith.subf %[[HI]], %[[LO]] : f32
// CHECK: %[[R:.*]] = arith.select %[[SAME]], %[[ONE]], %[[DIFF]] : f32
// CHECK: %[[N:.*]] = arith.constant 2.550000e+02 : f32
// CHECK: arith.divf %[[R]], %[[N]] : f32
// CHECK: arith.fptoui %{{.*}} : f32 to i8
func.func @dynamic_quantize(%x: tensor<2x3xf32>) -> (tensor<2x3xui8>, tensor<f32>, tensor<ui8>) {
  %y:3 = onnx.node "DynamicQuantizeLinear" <"ai.onnx", 11> (%x) {} : (tensor<2x3xf32>) -> (tensor<2x3xui8>, tensor<f32>, tensor<ui8>)
  return %y#0, %y#1, %y#2 : tensor<2x3xui8>, tensor<f32>, tensor<ui8>
}
// QLinearMatMul's left operand quantized per row (axis 0 of a 2-D a, not
// its columns: the rows' scales used to be matched against the columns).
// CHECK-LABEL: func.func @qlinear_matmul_per_row
// CHECK: %[[A:.*]] = qnn.storage_cast %arg0 : tensor<2x3xi8> -> tensor<2x3x!qnn.uniform<u8:f32:0, {0.5:128, 0.25:120}>>
// CHECK: qnn.dequantize %[[A]]
// CHECK: qnn.quantize %{{.*}} : tensor<2x4xf32> -> tensor<2x4x!qnn.uniform<u8:f32, 0.5:128>>
func.func @qlinear_matmul_per_row(%a: tensor<2x3xui8>, %b: tensor<3x4xsi8>) -> tensor<2x4xui8> {
  %as = onnx.constant dense<[0.5, 0.25]> : tensor<2xf32>
  %az = onnx.constant dense<[128, 120]> : tensor<2xui8>
  %bs = onnx.constant dense<0.125> : tensor<f32>
  %bz = onnx.constant dense<0> : tensor<si8>
  %ys = onnx.constant dense<0.5> : tensor<f32>
  %yz = onnx.constant dense<128> : tensor<ui8>
  %y = onnx.node "QLinearMatMul" <"ai.onnx", 21> (%a, %as, %az, %b, %bs, %bz, %ys, %yz) {} : (tensor<2x3xui8>, tensor<2xf32>, tensor<2xui8>, tensor<3x4xsi8>, tensor<f32>, tensor<si8>, tensor<f32>, tensor<ui8>) -> tensor<2x4xui8>
  return %y : tensor<2x4xui8>
}

// Constant codes arrive as resource blobs (the importer writes initializers
// that way); DequantizeLinear makes them a qnn.constant, which
// qnn-form-integer-layers reads as a layer's weights.
// CHECK-LABEL: func.func @weights_from_blob
// CHECK: %[[W:.*]] = qnn.constant dense<{{\[}}{{\[}}{{\[}}[3, -2]]], {{\[}}{{\[}}[127, -128]]]]> : tensor<2x1x1x2xi8> -> tensor<2x1x1x2x!qnn.uniform<i8:f32:0, {0.5, 0.25}>>
// CHECK: qnn.dequantize %[[W]]
func.func @weights_from_blob() -> tensor<2x1x1x2xf32> {
  %w = onnx.constant dense_resource<w> : tensor<2x1x1x2xsi8>
  %s = onnx.constant dense<[0.5, 0.25]> : tensor<2xf32>
  %z = onnx.constant dense<0> : tensor<2xsi8>
  %y = onnx.node "DequantizeLinear" <"ai.onnx", 13> name "dq" (%w, %s, %z) {axis = 0 : i64} : (tensor<2x1x1x2xsi8>, tensor<2xf32>, tensor<2xsi8>) -> tensor<2x1x1x2xf32>
  return %y : tensor<2x1x1x2xf32>
}

// onnxruntime's QDQ convolution (uint8 activations, per-channel int8
// weights from a blob, INT32 bias through DequantizeLinear) becomes an
// integer layer.
// LAYERS-LABEL: func.func @qdq_conv
// LAYERS: qnn.conv2d
// LAYERS-NOT: tosa.conv2d
func.func @qdq_conv(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %xs = onnx.constant dense<0.05> : tensor<f32>
  %xz = onnx.constant dense<128> : tensor<ui8>
  %xq = onnx.node "QuantizeLinear" <"ai.onnx", 13> name "xq" (%x, %xs, %xz) {} : (tensor<1x2x4x4xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x2x4x4xui8>
  %xd = onnx.node "DequantizeLinear" <"ai.onnx", 13> name "xd" (%xq, %xs, %xz) {} : (tensor<1x2x4x4xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x2x4x4xf32>
  %w = onnx.constant dense_resource<w2> : tensor<2x2x1x1xsi8>
  %ws = onnx.constant dense<[0.5, 0.25]> : tensor<2xf32>
  %wz = onnx.constant dense<0> : tensor<2xsi8>
  %wd = onnx.node "DequantizeLinear" <"ai.onnx", 13> name "wd" (%w, %ws, %wz) {axis = 0 : i64} : (tensor<2x2x1x1xsi8>, tensor<2xf32>, tensor<2xsi8>) -> tensor<2x2x1x1xf32>
  %b = onnx.constant dense<[40, -8]> : tensor<2xsi32>
  %bs = onnx.constant dense<[0.025, 0.0125]> : tensor<2xf32>
  %bz = onnx.constant dense<0> : tensor<2xsi32>
  %bd = onnx.node "DequantizeLinear" <"ai.onnx", 13> name "bd" (%b, %bs, %bz) {axis = 0 : i64} : (tensor<2xsi32>, tensor<2xf32>, tensor<2xsi32>) -> tensor<2xf32>
  %y = onnx.node "Conv" <"ai.onnx", 11> name "c" (%xd, %wd, %bd) {} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}
{-#
  dialect_resources: {
    builtin: {
      w: "0x0100000003FE7F80",
      w2: "0x0100000001FF0203"
    }
  }
#-}

// com.microsoft QLinearAveragePool: dequantize, AveragePool (channels_last
// moved to channels first and back), quantize.
// CHECK-LABEL: func.func @qlinear_average_pool_channels_last
// CHECK: %[[D:.*]] = qnn.dequantize %{{.*}} -> tensor<1x4x4x2xf32>
// CHECK: tosa.transpose %[[D]] {perms = array<i32: 0, 3, 1, 2>}
// CHECK: tosa.avg_pool2d {{.*}}kernel = array<i64: 2, 2>{{.*}}stride = array<i64: 2, 2>
// CHECK: tosa.transpose {{.*}} {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
// CHECK: qnn.quantize %{{.*}} : tensor<1x2x2x2xf32> -> tensor<1x2x2x2x!qnn.uniform<u8:f32, 0.5:128>>
func.func @qlinear_average_pool_channels_last(%x: tensor<1x4x4x2xui8>) -> tensor<1x2x2x2xui8> {
  %s = onnx.constant dense<0.5> : tensor<f32>
  %z = onnx.constant dense<128> : tensor<ui8>
  %y = onnx.node "QLinearAveragePool" <"com.microsoft", 1> (%x, %s, %z, %s, %z) {channels_last = 1, kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x4x4x2xui8>, tensor<f32>, tensor<ui8>, tensor<f32>, tensor<ui8>) -> tensor<1x2x2x2xui8>
  return %y : tensor<1x2x2x2xui8>
}

//===----------------------------------------------------------------------===//
// QuantizeLinear -> Clip -> DequantizeLinear (Brevitas's QCDQ export of
// quantizers below 8 bits): one quantizer of the clipped range, whose bit
// width is the range's.
//===----------------------------------------------------------------------===//

// A signed 2-bit activation (Clip to [-2, 1] of INT8 codes): qnn.quantize
// to 2-bit codes; the 8-bit quantize and the integer Clip are left unused.
// CHECK-LABEL: func.func @qcdq_signed_2bit
// CHECK: %[[Q:.*]] = qnn.quantize %arg0 : tensor<1x4xf32> -> tensor<1x4x!qnn.uniform<i2:f32, 0.25>>
// CHECK: %[[D:.*]] = qnn.dequantize %[[Q]] : tensor<1x4x!qnn.uniform<i2:f32, 0.25>> -> tensor<1x4xf32>
// CHECK: return %[[D]]
func.func @qcdq_signed_2bit(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %s = onnx.constant dense<0.25> : tensor<f32>
  %z = onnx.constant dense<0> : tensor<si8>
  %lo = onnx.constant dense<-2> : tensor<si8>
  %hi = onnx.constant dense<1> : tensor<si8>
  %q = onnx.node "QuantizeLinear" <"ai.onnx", 13> name "q" (%x, %s, %z) {} : (tensor<1x4xf32>, tensor<f32>, tensor<si8>) -> tensor<1x4xsi8>
  %c = onnx.node "Clip" <"ai.onnx", 13> name "c" (%q, %lo, %hi) {} : (tensor<1x4xsi8>, tensor<si8>, tensor<si8>) -> tensor<1x4xsi8>
  %d = onnx.node "DequantizeLinear" <"ai.onnx", 13> name "d" (%c, %s, %z) {} : (tensor<1x4xsi8>, tensor<f32>, tensor<si8>) -> tensor<1x4xf32>
  return %d : tensor<1x4xf32>
}

// An unsigned 2-bit activation with a zero point (UINT8 codes clipped to
// [0, 3], QuantReLU's form), a signed narrow 4-bit one ([-7, 7]), and a
// Clip with only a lower bound ([0, 127] of INT8: 7 unsigned bits).
// CHECK-LABEL: func.func @qcdq_ranges
// CHECK: qnn.quantize %arg0 : tensor<4xf32> -> tensor<4x!qnn.uniform<u2:f32, 0.5:1>>
// CHECK: qnn.quantize %arg0 : tensor<4xf32> -> tensor<4x!qnn.uniform<i4<-7:7>:f32, 0.125>>
// CHECK: qnn.quantize %arg0 : tensor<4xf32> -> tensor<4x!qnn.uniform<u7:f32, 0.125>>
func.func @qcdq_ranges(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %s = onnx.constant dense<0.5> : tensor<f32>
  %z = onnx.constant dense<1> : tensor<ui8>
  %lo = onnx.constant dense<0> : tensor<ui8>
  %hi = onnx.constant dense<3> : tensor<ui8>
  %q = onnx.node "QuantizeLinear" <"ai.onnx", 13> (%x, %s, %z) {} : (tensor<4xf32>, tensor<f32>, tensor<ui8>) -> tensor<4xui8>
  %c = onnx.node "Clip" <"ai.onnx", 13> (%q, %lo, %hi) {} : (tensor<4xui8>, tensor<ui8>, tensor<ui8>) -> tensor<4xui8>
  %d = onnx.node "DequantizeLinear" <"ai.onnx", 13> (%c, %s, %z) {} : (tensor<4xui8>, tensor<f32>, tensor<ui8>) -> tensor<4xf32>
  %s4 = onnx.constant dense<0.125> : tensor<f32>
  %z4 = onnx.constant dense<0> : tensor<si8>
  %lo4 = onnx.constant dense<-7> : tensor<si8>
  %hi4 = onnx.constant dense<7> : tensor<si8>
  %q4 = onnx.node "QuantizeLinear" <"ai.onnx", 13> (%x, %s4, %z4) {} : (tensor<4xf32>, tensor<f32>, tensor<si8>) -> tensor<4xsi8>
  %c4 = onnx.node "Clip" <"ai.onnx", 13> (%q4, %lo4, %hi4) {} : (tensor<4xsi8>, tensor<si8>, tensor<si8>) -> tensor<4xsi8>
  %d4 = onnx.node "DequantizeLinear" <"ai.onnx", 13> (%c4, %s4, %z4) {} : (tensor<4xsi8>, tensor<f32>, tensor<si8>) -> tensor<4xf32>
  %lo7 = onnx.constant dense<0> : tensor<si8>
  %none = onnx.none
  %c7 = onnx.node "Clip" <"ai.onnx", 13> (%q4, %lo7, %none) {} : (tensor<4xsi8>, tensor<si8>, none) -> tensor<4xsi8>
  %d7 = onnx.node "DequantizeLinear" <"ai.onnx", 13> (%c7, %s4, %z4) {} : (tensor<4xsi8>, tensor<f32>, tensor<si8>) -> tensor<4xf32>
  return %d, %d4, %d7 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// Clip-6 (opset 10: bounds as attributes) on codes: the same quantizer;
// bounds past the type saturate to it (8 bits here).
// CHECK-LABEL: func.func @qcdq_clip_attributes
// CHECK: qnn.quantize %arg0 : tensor<4xf32> -> tensor<4x!qnn.uniform<i3<-3:3>:f32, 0.25>>
// CHECK: qnn.quantize %arg0 : tensor<4xf32> -> tensor<4x!qnn.uniform<i8:f32, 0.25>>
func.func @qcdq_clip_attributes(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %s = onnx.constant dense<0.25> : tensor<f32>
  %z = onnx.constant dense<0> : tensor<si8>
  %q = onnx.node "QuantizeLinear" <"ai.onnx", 10> (%x, %s, %z) {} : (tensor<4xf32>, tensor<f32>, tensor<si8>) -> tensor<4xsi8>
  %c = onnx.node "Clip" <"ai.onnx", 10> (%q) {min = -3.0 : f32, max = 3.0 : f32} : (tensor<4xsi8>) -> tensor<4xsi8>
  %d = onnx.node "DequantizeLinear" <"ai.onnx", 10> (%c, %s, %z) {} : (tensor<4xsi8>, tensor<f32>, tensor<si8>) -> tensor<4xf32>
  %w = onnx.node "Clip" <"ai.onnx", 10> (%q) {min = -1000.0 : f32, max = 1000.0 : f32} : (tensor<4xsi8>) -> tensor<4xsi8>
  %dw = onnx.node "DequantizeLinear" <"ai.onnx", 10> (%w, %s, %z) {} : (tensor<4xsi8>, tensor<f32>, tensor<si8>) -> tensor<4xf32>
  return %d, %dw : tensor<4xf32>, tensor<4xf32>
}

// Constant INT8 weights clipped to signed 4 bits per output channel
// (Brevitas's default weight export): 4-bit constant codes, clipped here
// (9 becomes 7, -9 becomes -8).
// CHECK-LABEL: func.func @qcdq_weights
// CHECK: %[[W:.*]] = qnn.constant dense<{{\[}}[7, -8, 3], [1, 0, -1]]> : tensor<2x3xi8> -> tensor<2x3x!qnn.uniform<i4:f32:0, {0.5, 0.25}>>
// CHECK: qnn.dequantize %[[W]]
func.func @qcdq_weights() -> tensor<2x3xf32> {
  %w = onnx.constant dense<[[9, -9, 3], [1, 0, -1]]> : tensor<2x3xsi8>
  %s = onnx.constant dense<[0.5, 0.25]> : tensor<2xf32>
  %z = onnx.constant dense<0> : tensor<2xsi8>
  %lo = onnx.constant dense<-8> : tensor<si8>
  %hi = onnx.constant dense<7> : tensor<si8>
  %c = onnx.node "Clip" <"ai.onnx", 13> (%w, %lo, %hi) {} : (tensor<2x3xsi8>, tensor<si8>, tensor<si8>) -> tensor<2x3xsi8>
  %d = onnx.node "DequantizeLinear" <"ai.onnx", 13> (%c, %s, %z) {axis = 0 : i64} : (tensor<2x3xsi8>, tensor<2xf32>, tensor<2xsi8>) -> tensor<2x3xf32>
  return %d : tensor<2x3xf32>
}

// Float weights through QuantizeLinear (export_weight_q_node): quantized
// per channel straight to 2-bit codes.
// CHECK-LABEL: func.func @qcdq_float_weights
// CHECK: qnn.quantize %{{.*}} : tensor<2x3xf32> -> tensor<2x3x!qnn.uniform<i2<-1:1>:f32:0, {0.5, 0.25}>>
func.func @qcdq_float_weights() -> tensor<2x3xf32> {
  %w = onnx.constant dense<[[0.9, -0.2, 0.3], [-0.1, 0.0, 0.6]]> : tensor<2x3xf32>
  %s = onnx.constant dense<[0.5, 0.25]> : tensor<2xf32>
  %z = onnx.constant dense<0> : tensor<2xsi8>
  %lo = onnx.constant dense<-1> : tensor<si8>
  %hi = onnx.constant dense<1> : tensor<si8>
  %q = onnx.node "QuantizeLinear" <"ai.onnx", 13> (%w, %s, %z) {axis = 0 : i64} : (tensor<2x3xf32>, tensor<2xf32>, tensor<2xsi8>) -> tensor<2x3xsi8>
  %c = onnx.node "Clip" <"ai.onnx", 13> (%q, %lo, %hi) {} : (tensor<2x3xsi8>, tensor<si8>, tensor<si8>) -> tensor<2x3xsi8>
  %d = onnx.node "DequantizeLinear" <"ai.onnx", 13> (%c, %s, %z) {axis = 0 : i64} : (tensor<2x3xsi8>, tensor<2xf32>, tensor<2xsi8>) -> tensor<2x3xf32>
  return %d : tensor<2x3xf32>
}

// INT32 biases, every route: DequantizeLinear of INT32 codes clipped to 16
// bits (a 16-bit bias quantizer), and a float bias quantized to INT32 by
// QuantizeLinear then dequantized: folded to their f32 values here.
// 70000 clips to 32767 (* 0.5), 3 * 0.25; 1.3 / 0.5 rounds to 3 (* 0.5),
// -0.375 / 0.25 = -1.5 rounds half to even to -2 (* 0.25).
// CHECK-LABEL: func.func @qcdq_int32_bias
// CHECK-DAG: %[[A:.*]] = arith.constant dense<[1.638350e+04, 7.500000e-01]> : tensor<2xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[1.500000e+00, -5.000000e-01]> : tensor<2xf32>
// CHECK: return %[[A]], %[[B]]
func.func @qcdq_int32_bias() -> (tensor<2xf32>, tensor<2xf32>) {
  %b = onnx.constant dense<[70000, 3]> : tensor<2xsi32>
  %s = onnx.constant dense<[0.5, 0.25]> : tensor<2xf32>
  %z = onnx.constant dense<0> : tensor<2xsi32>
  %lo = onnx.constant dense<-32768> : tensor<si32>
  %hi = onnx.constant dense<32767> : tensor<si32>
  %c = onnx.node "Clip" <"ai.onnx", 13> (%b, %lo, %hi) {} : (tensor<2xsi32>, tensor<si32>, tensor<si32>) -> tensor<2xsi32>
  %d = onnx.node "DequantizeLinear" <"ai.onnx", 13> (%c, %s, %z) {axis = 0 : i64} : (tensor<2xsi32>, tensor<2xf32>, tensor<2xsi32>) -> tensor<2xf32>
  %f = onnx.constant dense<[1.3, -0.375]> : tensor<2xf32>
  %q = onnx.node "QuantizeLinear" <"ai.onnx", 21> (%f, %s) {axis = 0 : i64, output_dtype = 6 : i64} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xsi32>
  %fd = onnx.node "DequantizeLinear" <"ai.onnx", 21> (%q, %s) {axis = 0 : i64} : (tensor<2xsi32>, tensor<2xf32>) -> tensor<2xf32>
  return %d, %fd : tensor<2xf32>, tensor<2xf32>
}

// Chains that are not one quantizer are computed node by node, as ONNX
// defines them: run-time bounds, a DequantizeLinear whose scale differs
// from the QuantizeLinear's, and a lower bound above the upper one (every
// code becomes the upper bound).
// CHECK-LABEL: func.func @qcdq_not_one_quantizer
// CHECK: qnn.quantize %arg0 : tensor<4xf32> -> tensor<4x!qnn.uniform<i8:f32, 0.25>>
// CHECK: arith.maxsi
// CHECK: arith.minsi
// CHECK: qnn.dequantize %{{.*}} : tensor<4x!qnn.uniform<i8:f32, 0.25>>
// CHECK: qnn.quantize %arg0 : tensor<4xf32> -> tensor<4x!qnn.uniform<i8:f32, 0.25>>
// CHECK: arith.maxsi
// CHECK: arith.minsi
// CHECK: qnn.dequantize %{{.*}} : tensor<4x!qnn.uniform<i8:f32, 0.5>>
// CHECK: qnn.quantize %arg0 : tensor<4xf32> -> tensor<4x!qnn.uniform<i8:f32, 0.25>>
// CHECK: arith.maxsi
// CHECK: arith.minsi
// CHECK: qnn.dequantize %{{.*}} : tensor<4x!qnn.uniform<i8:f32, 0.25>>
func.func @qcdq_not_one_quantizer(%x: tensor<4xf32>, %hi: tensor<si8>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %s = onnx.constant dense<0.25> : tensor<f32>
  %s2 = onnx.constant dense<0.5> : tensor<f32>
  %z = onnx.constant dense<0> : tensor<si8>
  %lo = onnx.constant dense<-2> : tensor<si8>
  %one = onnx.constant dense<1> : tensor<si8>
  %q = onnx.node "QuantizeLinear" <"ai.onnx", 13> (%x, %s, %z) {} : (tensor<4xf32>, tensor<f32>, tensor<si8>) -> tensor<4xsi8>
  %c = onnx.node "Clip" <"ai.onnx", 13> (%q, %lo, %hi) {} : (tensor<4xsi8>, tensor<si8>, tensor<si8>) -> tensor<4xsi8>
  %d = onnx.node "DequantizeLinear" <"ai.onnx", 13> (%c, %s, %z) {} : (tensor<4xsi8>, tensor<f32>, tensor<si8>) -> tensor<4xf32>
  %q2 = onnx.node "QuantizeLinear" <"ai.onnx", 13> (%x, %s, %z) {} : (tensor<4xf32>, tensor<f32>, tensor<si8>) -> tensor<4xsi8>
  %c2 = onnx.node "Clip" <"ai.onnx", 13> (%q2, %lo, %one) {} : (tensor<4xsi8>, tensor<si8>, tensor<si8>) -> tensor<4xsi8>
  %d2 = onnx.node "DequantizeLinear" <"ai.onnx", 13> (%c2, %s2, %z) {} : (tensor<4xsi8>, tensor<f32>, tensor<si8>) -> tensor<4xf32>
  %q3 = onnx.node "QuantizeLinear" <"ai.onnx", 13> (%x, %s, %z) {} : (tensor<4xf32>, tensor<f32>, tensor<si8>) -> tensor<4xsi8>
  %c3 = onnx.node "Clip" <"ai.onnx", 13> (%q3, %one, %lo) {} : (tensor<4xsi8>, tensor<si8>, tensor<si8>) -> tensor<4xsi8>
  %d3 = onnx.node "DequantizeLinear" <"ai.onnx", 13> (%c3, %s, %z) {} : (tensor<4xsi8>, tensor<f32>, tensor<si8>) -> tensor<4xf32>
  return %d, %d2, %d3 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// A Brevitas QCDQ linear layer (2-bit signed activations, 4-bit weights
// per channel from a blob, Gemm with transB) becomes an integer layer on
// the narrow codes.
// LAYERS-LABEL: func.func @qcdq_linear
// LAYERS: qnn.dense %{{.*}}, %{{.*}} : tensor<2x3x!qnn.uniform<i2:f32, 0.25>>, tensor<2x3x!qnn.uniform<i4:f32:0, {0.5, 0.25}>> -> tensor<2x2xi32>
// LAYERS-NOT: tosa.matmul
func.func @qcdq_linear(%x: tensor<2x3xf32>) -> tensor<2x2xf32> {
  %s = onnx.constant dense<0.25> : tensor<f32>
  %z = onnx.constant dense<0> : tensor<si8>
  %lo = onnx.constant dense<-2> : tensor<si8>
  %hi = onnx.constant dense<1> : tensor<si8>
  %q = onnx.node "QuantizeLinear" <"ai.onnx", 13> (%x, %s, %z) {} : (tensor<2x3xf32>, tensor<f32>, tensor<si8>) -> tensor<2x3xsi8>
  %c = onnx.node "Clip" <"ai.onnx", 13> (%q, %lo, %hi) {} : (tensor<2x3xsi8>, tensor<si8>, tensor<si8>) -> tensor<2x3xsi8>
  %xd = onnx.node "DequantizeLinear" <"ai.onnx", 13> (%c, %s, %z) {} : (tensor<2x3xsi8>, tensor<f32>, tensor<si8>) -> tensor<2x3xf32>
  %w = onnx.constant dense_resource<w4> : tensor<2x3xsi8>
  %ws = onnx.constant dense<[0.5, 0.25]> : tensor<2xf32>
  %wz = onnx.constant dense<0> : tensor<2xsi8>
  %wlo = onnx.constant dense<-8> : tensor<si8>
  %whi = onnx.constant dense<7> : tensor<si8>
  %wc = onnx.node "Clip" <"ai.onnx", 13> (%w, %wlo, %whi) {} : (tensor<2x3xsi8>, tensor<si8>, tensor<si8>) -> tensor<2x3xsi8>
  %wd = onnx.node "DequantizeLinear" <"ai.onnx", 13> (%wc, %ws, %wz) {axis = 0 : i64} : (tensor<2x3xsi8>, tensor<2xf32>, tensor<2xsi8>) -> tensor<2x3xf32>
  %y = onnx.node "Gemm" <"ai.onnx", 13> (%xd, %wd) {transB = 1 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}
{-#
  dialect_resources: {
    builtin: {
      w4: "0x0100000007F80301FF00"
    }
  }
#-}
