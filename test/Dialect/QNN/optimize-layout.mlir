// RUN: qnn-opt %s --qnn-optimize-layout --split-input-file | FileCheck %s

// qnn-optimize-layout: transposes sunk through TOSA elementwise ops and qnn
// quantizers (channel axes moved), composed, cancelled and folded into
// constants (dense, resource and qnn.constant codes); what is left in front
// of a layer hoisted above quantizers, reshapes and pads; zero pads folded
// into convolutions. And what it must leave alone.

// conv -> transpose to NCHW -> ReLU -> transpose to NHWC -> conv: NHWC
// throughout.
// CHECK-LABEL: func.func @chain
// CHECK-NOT: tosa.transpose
// CHECK: %[[C1:.*]] = tosa.conv2d %arg0
// CHECK-NEXT: %[[R:.*]] = tosa.clamp %[[C1]] {{.*}} : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
// CHECK-NEXT: tosa.conv2d %[[R]]
// CHECK-NOT: tosa.transpose
func.func @chain(%x: tensor<1x4x4x2xf32>, %w: tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %c1 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %a = tosa.transpose %c1 {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x4x4xf32>
  %r = tosa.clamp %a {max_val = 3.4e38 : f32, min_val = 0.0 : f32} : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %t = tosa.transpose %r {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x2x4x4xf32>) -> tensor<1x4x4x2xf32>
  %c2 = tosa.conv2d %t, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  return %c2 : tensor<1x4x4x2xf32>
}

// -----

// A transpose and its inverse cancel; two others compose into one.
// CHECK-LABEL: func.func @cancel_pair
// CHECK-NEXT: return %arg0
func.func @cancel_pair(%x: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  %a = tosa.transpose %x {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x2x3x4xf32>) -> tensor<1x3x4x2xf32>
  %b = tosa.transpose %a {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x3x4x2xf32>) -> tensor<1x2x3x4xf32>
  return %b : tensor<1x2x3x4xf32>
}

// CHECK-LABEL: func.func @compose
// CHECK-NEXT: %[[T:.*]] = tosa.transpose %arg0 {perms = array<i32: 3, 2, 1, 0>} : (tensor<1x2x3x4xf32>) -> tensor<4x3x2x1xf32>
// CHECK-NEXT: return %[[T]]
func.func @compose(%x: tensor<1x2x3x4xf32>) -> tensor<4x3x2x1xf32> {
  %a = tosa.transpose %x {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x2x3x4xf32>) -> tensor<1x3x4x2xf32>
  %b = tosa.transpose %a {perms = array<i32: 2, 1, 3, 0>} : (tensor<1x3x4x2xf32>) -> tensor<4x3x2x1xf32>
  return %b : tensor<4x3x2x1xf32>
}

// -----

// Both operands transposed alike: one transpose after the op.
// CHECK-LABEL: func.func @sink_both
// CHECK-NEXT: %[[S:.*]] = tosa.sub %arg0, %arg1 : (tensor<1x3x4x2xf32>, tensor<1x3x4x2xf32>) -> tensor<1x3x4x2xf32>
// CHECK-NEXT: %[[T:.*]] = tosa.transpose %[[S]] {perms = array<i32: 0, 3, 1, 2>}
// CHECK-NEXT: return %[[T]]
func.func @sink_both(%a: tensor<1x3x4x2xf32>, %b: tensor<1x3x4x2xf32>) -> tensor<1x2x3x4xf32> {
  %ta = tosa.transpose %a {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x3x4x2xf32>) -> tensor<1x2x3x4xf32>
  %tb = tosa.transpose %b {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x3x4x2xf32>) -> tensor<1x2x3x4xf32>
  %s = tosa.sub %ta, %tb : (tensor<1x2x3x4xf32>, tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32>
  return %s : tensor<1x2x3x4xf32>
}

// -----

// A constant operand is transposed the other way, its values moved: the
// 1x2x1x4 [c][w] table becomes 1x1x4x2 [w][c].
// CHECK-LABEL: func.func @dense_constant
// CHECK: %[[C:.*]] = arith.constant dense<{{\[\[\[}}[1.000000e+00, 5.000000e+00], [2.000000e+00, 6.000000e+00], [3.000000e+00, 7.000000e+00], [4.000000e+00, 8.000000e+00]]]]> : tensor<1x1x4x2xf32>
// CHECK-NEXT: %[[A:.*]] = tosa.add %arg0, %[[C]] : (tensor<1x3x4x2xf32>, tensor<1x1x4x2xf32>) -> tensor<1x3x4x2xf32>
// CHECK-NEXT: tosa.transpose %[[A]] {perms = array<i32: 0, 3, 1, 2>}
func.func @dense_constant(%a: tensor<1x3x4x2xf32>) -> tensor<1x2x3x4xf32> {
  %ta = tosa.transpose %a {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x3x4x2xf32>) -> tensor<1x2x3x4xf32>
  %c = arith.constant dense<[[[[1.0, 2.0, 3.0, 4.0]], [[5.0, 6.0, 7.0, 8.0]]]]> : tensor<1x2x1x4xf32>
  %s = tosa.add %ta, %c : (tensor<1x2x3x4xf32>, tensor<1x2x1x4xf32>) -> tensor<1x2x3x4xf32>
  return %s : tensor<1x2x3x4xf32>
}

// -----

// A tosa.const operand folds as well (it used to be transposed back and
// forth without end).
// CHECK-LABEL: func.func @tosa_const
// CHECK: %[[C:.*]] = "tosa.const"() <{values = dense<{{\[\[\[}}[1.000000e+00, 2.000000e+00]]]]> : tensor<1x1x1x2xf32>}>
// CHECK-NEXT: %[[A:.*]] = tosa.add %arg0, %[[C]] : (tensor<1x3x4x2xf32>, tensor<1x1x1x2xf32>) -> tensor<1x3x4x2xf32>
// CHECK-NEXT: tosa.transpose %[[A]] {perms = array<i32: 0, 3, 1, 2>}
func.func @tosa_const(%x: tensor<1x3x4x2xf32>) -> tensor<1x2x3x4xf32> {
  %t = tosa.transpose %x {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x3x4x2xf32>) -> tensor<1x2x3x4xf32>
  %c = "tosa.const"() <{values = dense<[[[[1.0]], [[2.0]]]]> : tensor<1x2x1x1xf32>}> : () -> tensor<1x2x1x1xf32>
  %a = tosa.add %t, %c : (tensor<1x2x3x4xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x3x4xf32>
  return %a : tensor<1x2x3x4xf32>
}

// CHECK-LABEL: func.func @transpose_of_tosa_const
// CHECK-NEXT: %[[C:.*]] = "tosa.const"() <{values = dense<{{\[}}[1.000000e+00, 4.000000e+00], [2.000000e+00, 5.000000e+00], [3.000000e+00, 6.000000e+00]]> : tensor<3x2xf32>}>
// CHECK-NEXT: return %[[C]]
func.func @transpose_of_tosa_const() -> tensor<3x2xf32> {
  %c = "tosa.const"() <{values = dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>}> : () -> tensor<2x3xf32>
  %t = tosa.transpose %c {perms = array<i32: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %t : tensor<3x2xf32>
}

// -----

// A resource blob transposes into a new blob (its bytes permuted): w is
// [[-1, 1], [2, 3], [4, 5]] (3x2), the new blob [[-1, 2, 4], [1, 3, 5]].
// CHECK-LABEL: func.func @resource_constant
// CHECK: %[[C:.*]] = arith.constant dense_resource<w_t> : tensor<2x3xf32>
// CHECK: %[[M:.*]] = tosa.mul %arg0, %[[C]], %{{.*}} : (tensor<2x3xf32>, tensor<2x3xf32>, tensor<1xi8>) -> tensor<2x3xf32>
// CHECK-NEXT: tosa.transpose %[[M]] {perms = array<i32: 1, 0>}
// CHECK: w_t: "0x04000000000080BF00000040000080400000803F000040400000A040"
func.func @resource_constant(%a: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %ta = tosa.transpose %a {perms = array<i32: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %c = arith.constant dense_resource<w> : tensor<3x2xf32>
  %sh = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %s = tosa.mul %ta, %c, %sh : (tensor<3x2xf32>, tensor<3x2xf32>, tensor<1xi8>) -> tensor<3x2xf32>
  return %s : tensor<3x2xf32>
}

{-#
  dialect_resources: {
    builtin: {
      w: "0x04000000000080BF0000803F0000004000004040000080400000A040"
    }
  }
#-}

// -----

// Per-channel quantizers between two NHWC layers: their channel axis moves
// from 1 (NCHW) to 3, and the layers read NHWC codes directly.
// CHECK-LABEL: func.func @per_channel_quantizer
// CHECK-NOT: tosa.transpose
// CHECK: %[[C:.*]] = tosa.conv2d %arg0
// CHECK-NEXT: %[[Q:.*]] = qnn.quantize %[[C]] : tensor<1x4x4x2xf32> -> tensor<1x4x4x2x!qnn.uniform<i4:f32:3, {0.5, 0.25}>>
// CHECK-NEXT: %[[D:.*]] = qnn.dequantize %[[Q]] : tensor<1x4x4x2x!qnn.uniform<i4:f32:3, {0.5, 0.25}>> -> tensor<1x4x4x2xf32>
// CHECK-NEXT: tosa.conv2d %[[D]]
// CHECK-NOT: tosa.transpose
func.func @per_channel_quantizer(%x: tensor<1x4x4x2xf32>, %w: tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %c1 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %a = tosa.transpose %c1 {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x4x4xf32>
  %q = qnn.quantize %a : tensor<1x2x4x4xf32> -> tensor<1x2x4x4x!qnn.uniform<i4:f32:1, {0.5, 0.25}>>
  %d = qnn.dequantize %q : tensor<1x2x4x4x!qnn.uniform<i4:f32:1, {0.5, 0.25}>> -> tensor<1x2x4x4xf32>
  %t = tosa.transpose %d {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x2x4x4xf32>) -> tensor<1x4x4x2xf32>
  %c2 = tosa.conv2d %t, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  return %c2 : tensor<1x4x4x2xf32>
}

// -----

// A multithreshold's threshold axis moves with the layout (1 -> 3).
// CHECK-LABEL: func.func @multithreshold_axis
// CHECK-NOT: tosa.transpose
// CHECK: %[[C:.*]] = tosa.conv2d %arg0
// CHECK-NEXT: %[[M:.*]] = qnn.multithreshold %[[C]] {axis = 3 : i64, thresholds = dense<{{\[}}[5.000000e-01], [1.500000e+00]]> : tensor<2x1xf32>} : tensor<1x4x4x2xf32> -> tensor<1x4x4x2x!qnn.uniform<u1:f32, 1.0>>
// CHECK-NEXT: %[[D:.*]] = qnn.dequantize %[[M]]
// CHECK-NEXT: tosa.conv2d %[[D]]
// CHECK-NOT: tosa.transpose
func.func @multithreshold_axis(%x: tensor<1x4x4x2xf32>, %w: tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %c1 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %a = tosa.transpose %c1 {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x4x4xf32>
  %m = qnn.multithreshold %a {axis = 1 : i64, thresholds = dense<[[0.5], [1.5]]> : tensor<2x1xf32>} : tensor<1x2x4x4xf32> -> tensor<1x2x4x4x!qnn.uniform<u1:f32, 1.0>>
  %d = qnn.dequantize %m : tensor<1x2x4x4x!qnn.uniform<u1:f32, 1.0>> -> tensor<1x2x4x4xf32>
  %t = tosa.transpose %d {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x2x4x4xf32>) -> tensor<1x4x4x2xf32>
  %c2 = tosa.conv2d %t, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  return %c2 : tensor<1x4x4x2xf32>
}

// -----

// A transpose of dequantized constant codes: hoisted above the dequantize
// and folded into the codes (axis 0 of the 2x3 codes is axis 1 of 3x2).
// CHECK-LABEL: func.func @codes_constant
// CHECK-NEXT: %[[K:.*]] = qnn.constant dense<{{\[}}[0, 3], [1, 0], [2, 1]]> : tensor<3x2xui8> -> tensor<3x2x!qnn.uniform<u2:f32:1, {0.5, 0.25}>>
// CHECK-NEXT: %[[D:.*]] = qnn.dequantize %[[K]]
// CHECK-NEXT: return %[[D]]
func.func @codes_constant() -> tensor<3x2xf32> {
  %k = qnn.constant dense<[[0, 1, 2], [3, 0, 1]]> : tensor<2x3xui8> -> tensor<2x3x!qnn.uniform<u2:f32:0, {0.5, 0.25}>>
  %d = qnn.dequantize %k : tensor<2x3x!qnn.uniform<u2:f32:0, {0.5, 0.25}>> -> tensor<2x3xf32>
  %t = tosa.transpose %d {perms = array<i32: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %t : tensor<3x2xf32>
}

// -----

// The transpose in front of a layer goes above its input's quantizers.
// CHECK-LABEL: func.func @hoist_above_quantizer
// CHECK: %[[T:.*]] = tosa.transpose %arg0 {perms = array<i32: 0, 2, 3, 1>}
// CHECK-NEXT: %[[Q:.*]] = qnn.quantize %[[T]] : tensor<1x4x4x2xf32> -> tensor<1x4x4x2x!qnn.uniform<u4:f32, 0.5>>
// CHECK-NEXT: %[[D:.*]] = qnn.dequantize %[[Q]]
// CHECK-NEXT: tosa.conv2d %[[D]]
func.func @hoist_above_quantizer(%x: tensor<1x2x4x4xf32>, %w: tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32> {
  %q = qnn.quantize %x : tensor<1x2x4x4xf32> -> tensor<1x2x4x4x!qnn.uniform<u4:f32, 0.5>>
  %d = qnn.dequantize %q : tensor<1x2x4x4x!qnn.uniform<u4:f32, 0.5>> -> tensor<1x2x4x4xf32>
  %t = tosa.transpose %d {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x2x4x4xf32>) -> tensor<1x4x4x2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %c = tosa.conv2d %t, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  return %c : tensor<1x4x4x2xf32>
}

// -----

// A reshape goes above a per-tensor quantizer, and above a per-channel one
// when only unit dimensions change around the channel (axis 1 -> 3).
// CHECK-LABEL: func.func @hoist_reshape_per_tensor
// CHECK: %[[R:.*]] = tosa.reshape %arg0, %{{.*}} : (tensor<2x6xf32>, !tosa.shape<2>) -> tensor<3x4xf32>
// CHECK-NEXT: %[[Q:.*]] = qnn.quantize %[[R]] : tensor<3x4xf32> -> tensor<3x4x!qnn.uniform<u4:f32, 0.5>>
// CHECK-NEXT: qnn.dequantize %[[Q]]
func.func @hoist_reshape_per_tensor(%x: tensor<2x6xf32>) -> tensor<3x4xf32> {
  %q = qnn.quantize %x : tensor<2x6xf32> -> tensor<2x6x!qnn.uniform<u4:f32, 0.5>>
  %d = qnn.dequantize %q : tensor<2x6x!qnn.uniform<u4:f32, 0.5>> -> tensor<2x6xf32>
  %s = tosa.const_shape {values = dense<[3, 4]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %r = tosa.reshape %d, %s : (tensor<2x6xf32>, !tosa.shape<2>) -> tensor<3x4xf32>
  return %r : tensor<3x4xf32>
}

// CHECK-LABEL: func.func @hoist_reshape_per_channel
// CHECK: %[[R:.*]] = tosa.reshape %arg0
// CHECK-NEXT: %[[Q:.*]] = qnn.quantize %[[R]] : tensor<1x4x1x3xf32> -> tensor<1x4x1x3x!qnn.uniform<i8:f32:3, {0.5, 0.25, 0.125}>>
// CHECK-NEXT: qnn.dequantize %[[Q]] : tensor<1x4x1x3x!qnn.uniform<i8:f32:3, {0.5, 0.25, 0.125}>> -> tensor<1x4x1x3xf32>
func.func @hoist_reshape_per_channel(%x: tensor<4x3xf32>) -> tensor<1x4x1x3xf32> {
  %q = qnn.quantize %x : tensor<4x3xf32> -> tensor<4x3x!qnn.uniform<i8:f32:1, {0.5, 0.25, 0.125}>>
  %d = qnn.dequantize %q : tensor<4x3x!qnn.uniform<i8:f32:1, {0.5, 0.25, 0.125}>> -> tensor<4x3xf32>
  %s = tosa.const_shape {values = dense<[1, 4, 1, 3]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %r = tosa.reshape %d, %s : (tensor<4x3xf32>, !tosa.shape<4>) -> tensor<1x4x1x3xf32>
  return %r : tensor<1x4x1x3xf32>
}

// A reshape that merges the channel with another dimension stays below.
// CHECK-LABEL: func.func @reshape_merging_channel
// CHECK: %[[Q:.*]] = qnn.quantize %arg0 : tensor<4x3xf32> -> tensor<4x3x!qnn.uniform<i8:f32:1, {0.5, 0.25, 0.125}>>
// CHECK-NEXT: %[[D:.*]] = qnn.dequantize %[[Q]]
// CHECK-NEXT: tosa.reshape %[[D]]
func.func @reshape_merging_channel(%x: tensor<4x3xf32>) -> tensor<12xf32> {
  %q = qnn.quantize %x : tensor<4x3xf32> -> tensor<4x3x!qnn.uniform<i8:f32:1, {0.5, 0.25, 0.125}>>
  %d = qnn.dequantize %q : tensor<4x3x!qnn.uniform<i8:f32:1, {0.5, 0.25, 0.125}>> -> tensor<4x3xf32>
  %s = tosa.const_shape {values = dense<[12]> : tensor<1xindex>} : () -> !tosa.shape<1>
  %r = tosa.reshape %d, %s : (tensor<4x3xf32>, !tosa.shape<1>) -> tensor<12xf32>
  return %r : tensor<12xf32>
}

// -----

// A transpose goes above a pad, the pad amounts permuted with it.
// CHECK-LABEL: func.func @hoist_above_pad
// CHECK-DAG: %[[P:.*]] = tosa.const_shape {values = dense<[0, 0, 1, 1, 1, 1, 0, 0]> : tensor<8xindex>}
// CHECK-DAG: %[[T:.*]] = tosa.transpose %arg0 {perms = array<i32: 0, 2, 3, 1>}
// CHECK: tosa.pad %[[T]], %[[P]], %{{.*}} : (tensor<1x4x4x2xf32>, !tosa.shape<8>, tensor<1xf32>) -> tensor<1x6x6x2xf32>
func.func @hoist_above_pad(%x: tensor<1x2x4x4xf32>) -> tensor<1x6x6x2xf32> {
  %p = tosa.const_shape {values = dense<[0, 0, 0, 0, 1, 1, 1, 1]> : tensor<8xindex>} : () -> !tosa.shape<8>
  %z = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.pad %x, %p, %z : (tensor<1x2x4x4xf32>, !tosa.shape<8>, tensor<1xf32>) -> tensor<1x2x6x6xf32>
  %t = tosa.transpose %y {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x2x6x6xf32>) -> tensor<1x6x6x2xf32>
  return %t : tensor<1x6x6x2xf32>
}

// -----

// A zero pad of H and W before a convolution becomes its padding: pad
// (top 1, right 2) plus the conv's [1, 0, 1, 1] is [2, 0, 1, 3].
// CHECK-LABEL: func.func @zero_pad_into_conv
// CHECK-NOT: tosa.pad
// CHECK: tosa.conv2d %arg0, %arg1, {{.*}} pad = array<i64: 2, 0, 1, 3>
func.func @zero_pad_into_conv(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x3x2xf32>) -> tensor<1x4x6x3xf32> {
  %p = tosa.const_shape {values = dense<[0, 0, 1, 0, 0, 2, 0, 0]> : tensor<8xindex>} : () -> !tosa.shape<8>
  %z = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.pad %x, %p, %z : (tensor<1x4x4x2xf32>, !tosa.shape<8>, tensor<1xf32>) -> tensor<1x5x6x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<3xf32>}> : () -> tensor<3xf32>
  %c = tosa.conv2d %y, %w, %b, %z, %z {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 0, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x5x6x2xf32>, tensor<3x3x3x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x6x3xf32>
  return %c : tensor<1x4x6x3xf32>
}

// CHECK-LABEL: func.func @zero_pad_into_depthwise
// CHECK-NOT: tosa.pad
// CHECK: tosa.depthwise_conv2d %arg0, %arg1, {{.*}} pad = array<i64: 1, 1, 1, 1>
func.func @zero_pad_into_depthwise(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x2x1xf32>) -> tensor<1x4x4x2xf32> {
  %p = tosa.const_shape {values = dense<[0, 0, 1, 1, 1, 1, 0, 0]> : tensor<8xindex>} : () -> !tosa.shape<8>
  %z = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.pad %x, %p, %z : (tensor<1x4x4x2xf32>, !tosa.shape<8>, tensor<1xf32>) -> tensor<1x6x6x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %c = tosa.depthwise_conv2d %y, %w, %b, %z, %z {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x6x6x2xf32>, tensor<3x3x2x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  return %c : tensor<1x4x4x2xf32>
}

// -----

// Left alone: a pad of another value, a pad of the channels, operands
// transposed differently, a run-time operand in the other layout, a
// transpose before an op that is not elementwise, and a constant whose
// blob is not there (its transpose cannot fold).
// CHECK-LABEL: func.func @nonzero_pad_kept
// CHECK: %[[P:.*]] = tosa.pad %arg0
// CHECK: tosa.conv2d %[[P]], {{.*}} pad = array<i64: 0, 0, 0, 0>
func.func @nonzero_pad_kept(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x3x2xf32>) -> tensor<1x4x4x3xf32> {
  %p = tosa.const_shape {values = dense<[0, 0, 1, 1, 1, 1, 0, 0]> : tensor<8xindex>} : () -> !tosa.shape<8>
  %one = "tosa.const"() <{values = dense<1.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %z = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.pad %x, %p, %one : (tensor<1x4x4x2xf32>, !tosa.shape<8>, tensor<1xf32>) -> tensor<1x6x6x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<3xf32>}> : () -> tensor<3xf32>
  %c = tosa.conv2d %y, %w, %b, %z, %z {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x6x6x2xf32>, tensor<3x3x3x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x3xf32>
  return %c : tensor<1x4x4x3xf32>
}

// CHECK-LABEL: func.func @channel_pad_kept
// CHECK: %[[P:.*]] = tosa.pad %arg0
// CHECK: tosa.conv2d %[[P]], {{.*}} pad = array<i64: 0, 0, 0, 0>
func.func @channel_pad_kept(%x: tensor<1x4x4x2xf32>, %w: tensor<3x1x1x3xf32>) -> tensor<1x4x4x3xf32> {
  %p = tosa.const_shape {values = dense<[0, 0, 0, 0, 0, 0, 0, 1]> : tensor<8xindex>} : () -> !tosa.shape<8>
  %z = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.pad %x, %p, %z : (tensor<1x4x4x2xf32>, !tosa.shape<8>, tensor<1xf32>) -> tensor<1x4x4x3xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<3xf32>}> : () -> tensor<3xf32>
  %c = tosa.conv2d %y, %w, %b, %z, %z {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x3xf32>, tensor<3x1x1x3xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x3xf32>
  return %c : tensor<1x4x4x3xf32>
}

// CHECK-LABEL: func.func @different_perms
// CHECK-DAG: %[[A:.*]] = tosa.transpose %arg0 {perms = array<i32: 0, 3, 1, 2>}
// CHECK-DAG: %[[B:.*]] = tosa.transpose %arg1 {perms = array<i32: 0, 2, 3, 1>}
// CHECK: tosa.sub %[[A]], %[[B]] : (tensor<1x2x3x4xf32>, tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32>
func.func @different_perms(%a: tensor<1x3x4x2xf32>, %b: tensor<1x4x2x3xf32>) -> tensor<1x2x3x4xf32> {
  %ta = tosa.transpose %a {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x3x4x2xf32>) -> tensor<1x2x3x4xf32>
  %tb = tosa.transpose %b {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x4x2x3xf32>) -> tensor<1x2x3x4xf32>
  %s = tosa.sub %ta, %tb : (tensor<1x2x3x4xf32>, tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32>
  return %s : tensor<1x2x3x4xf32>
}

// CHECK-LABEL: func.func @runtime_operand
// CHECK: %[[A:.*]] = tosa.transpose %arg0
// CHECK-NEXT: tosa.add %[[A]], %arg1 : (tensor<1x2x3x4xf32>, tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32>
func.func @runtime_operand(%a: tensor<1x3x4x2xf32>, %b: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  %ta = tosa.transpose %a {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x3x4x2xf32>) -> tensor<1x2x3x4xf32>
  %s = tosa.add %ta, %b : (tensor<1x2x3x4xf32>, tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32>
  return %s : tensor<1x2x3x4xf32>
}

// CHECK-LABEL: func.func @not_elementwise
// CHECK: %[[A:.*]] = tosa.transpose %arg0
// CHECK-NEXT: tosa.reduce_sum %[[A]] {axis = 1 : i32}
func.func @not_elementwise(%x: tensor<1x4x4x2xf32>) -> tensor<1x1x4x4xf32> {
  %a = tosa.transpose %x {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x4x4xf32>
  %r = tosa.reduce_sum %a {axis = 1 : i32} : (tensor<1x2x4x4xf32>) -> tensor<1x1x4x4xf32>
  return %r : tensor<1x1x4x4xf32>
}

// CHECK-LABEL: func.func @missing_blob
// CHECK-DAG: %[[C:.*]] = arith.constant dense_resource<absent> : tensor<3x2xf32>
// CHECK-DAG: %[[A:.*]] = tosa.transpose %arg0 {perms = array<i32: 1, 0>}
// CHECK: tosa.add %[[A]], %[[C]] : (tensor<3x2xf32>, tensor<3x2xf32>) -> tensor<3x2xf32>
func.func @missing_blob(%a: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %ta = tosa.transpose %a {perms = array<i32: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %c = arith.constant dense_resource<absent> : tensor<3x2xf32>
  %s = tosa.add %ta, %c : (tensor<3x2xf32>, tensor<3x2xf32>) -> tensor<3x2xf32>
  return %s : tensor<3x2xf32>
}
