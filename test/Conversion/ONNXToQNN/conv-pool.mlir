// RUN: qnn-opt %s -split-input-file --convert-onnx-to-qnn -verify-diagnostics | FileCheck %s

// f32 2-D: tosa.conv2d in NHWC. Stride 2 on 10 rows with one pad reads
// rows 0..8 of the padded input's 11: the unread last column is cropped
// (TOSA wants every row read), the pads in TOSA's order.
// CHECK-LABEL: func.func @conv2d_crop
// CHECK: %[[XN:.*]] = tosa.transpose %arg0 {perms = array<i32: 0, 2, 3, 1>}
// CHECK: %[[SIZE:.*]] = tosa.const_shape {values = dense<[1, 10, 9, 3]>
// CHECK: %[[CROP:.*]] = tosa.slice %[[XN]], %{{.*}}, %[[SIZE]]
// CHECK: %[[Y:.*]] = tosa.conv2d %[[CROP]], {{.*}} {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 0, 0, 0>, stride = array<i64: 2, 2>} {{.*}} -> tensor<1x5x4x4xf32>
// CHECK: tosa.transpose %[[Y]] {perms = array<i32: 0, 3, 1, 2>}
func.func @conv2d_crop(%x: tensor<1x3x10x10xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x5x4xf32> {
  %y = onnx.node "Conv"<"ai.onnx", 11> name "c"(%x, %w) {strides = array<i64: 2, 2>, pads = array<i64: 1, 0, 0, 0>} : (tensor<1x3x10x10xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x5x4xf32>
  return %y : tensor<1x4x5x4xf32>
}

// -----

// SAME_LOWER: 8 rows at stride 2 need 1 pad row, at the beginning; 6
// columns need none.
// CHECK-LABEL: func.func @conv2d_same_lower
// CHECK: tosa.conv2d {{.*}} pad = array<i64: 1, 0, 0, 0>, stride = array<i64: 2, 2>} {{.*}} -> tensor<1x4x3x4xf32>
func.func @conv2d_same_lower(%x: tensor<1x2x8x6xf32>, %w: tensor<4x2x3x2xf32>) -> tensor<1x4x4x3xf32> {
  %y = onnx.node "Conv"<"ai.onnx", 11> name "c"(%x, %w) {strides = array<i64: 2, 2>, auto_pad = "SAME_LOWER"} : (tensor<1x2x8x6xf32>, tensor<4x2x3x2xf32>) -> tensor<1x4x4x3xf32>
  return %y : tensor<1x4x4x3xf32>
}

// -----

// group == channels: depthwise, weights [C * M, 1, kh, kw] as
// [kh, kw, C, M].
// CHECK-LABEL: func.func @conv2d_depthwise
// CHECK: %[[W:.*]] = tosa.reshape %arg1, {{.*}} -> tensor<4x2x3x3xf32>
// CHECK: %[[WD:.*]] = tosa.transpose %[[W]] {perms = array<i32: 2, 3, 0, 1>}
// CHECK: tosa.depthwise_conv2d %{{.*}}, %[[WD]], {{.*}} -> tensor<1x4x4x8xf32>
func.func @conv2d_depthwise(%x: tensor<1x4x6x6xf32>, %w: tensor<8x1x3x3xf32>) -> tensor<1x8x4x4xf32> {
  %y = onnx.node "Conv"<"ai.onnx", 1> name "c"(%x, %w) {group = 4 : i64} : (tensor<1x4x6x6xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x4x4xf32>
  return %y : tensor<1x8x4x4xf32>
}

// -----

// 1-D with groups: a height of 1, one tosa.conv2d per group on its
// channels, concatenated.
// CHECK-LABEL: func.func @conv1d_groups
// CHECK: tosa.reshape %arg0, {{.*}} -> tensor<1x4x1x9xf32>
// CHECK: %[[A:.*]] = tosa.conv2d {{.*}} -> tensor<1x1x7x3xf32>
// CHECK: %[[B:.*]] = tosa.conv2d {{.*}} -> tensor<1x1x7x3xf32>
// CHECK: tosa.concat %[[A]], %[[B]] {axis = 3 : i32}
// CHECK: tosa.reshape {{.*}} -> tensor<1x6x7xf32>
func.func @conv1d_groups(%x: tensor<1x4x9xf32>, %w: tensor<6x2x3xf32>) -> tensor<1x6x7xf32> {
  %y = onnx.node "Conv"<"ai.onnx", 22> name "c"(%x, %w) {group = 2 : i64} : (tensor<1x4x9xf32>, tensor<6x2x3xf32>) -> tensor<1x6x7xf32>
  return %y : tensor<1x6x7xf32>
}

// -----

// 3-D: the input padded (begin pads low, end pads up to the last window's
// reach), one linalg.generic over n, m, o..., c, k...: group g(m) reads
// input channels g * 2 + c; strides and dilations in the input map; the
// bias is the accumulator's initial value.
// CHECK-DAG: #[[$BIAS:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d1)>
// CHECK-DAG: #[[$X:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7, d8) -> (d0, (d1 floordiv 3) * 2 + d5, d2 * 2 + d6, d3 + d7 * 2, d4 * 3 + d8)>
// CHECK-DAG: #[[$W:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7, d8) -> (d1, d5, d6, d7, d8)>
// CHECK-LABEL: func.func @conv3d_groups
// CHECK: %[[XP:.*]] = tensor.pad %arg0 low[0, 0, 1, 0, 2] high[0, 0, 0, 1, 0]
// CHECK: } : tensor<1x4x5x6x7xf32> to tensor<1x4x6x7x9xf32>
// CHECK: %[[INIT:.*]] = linalg.generic {indexing_maps = [#[[$BIAS]], {{.*}}]{{.*}} ins(%arg2 : tensor<6xf32>)
// CHECK: linalg.generic {indexing_maps = [#[[$X]], #[[$W]], {{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "reduction"]} ins(%[[XP]], %arg1 : {{.*}}) outs(%[[INIT]] : tensor<1x6x3x3x3xf32>)
// CHECK: arith.mulf
// CHECK: arith.addf
func.func @conv3d_groups(%x: tensor<1x4x5x6x7xf32>, %w: tensor<6x2x2x3x2xf32>, %b: tensor<6xf32>) -> tensor<1x6x3x3x3xf32> {
  %y = onnx.node "Conv"<"ai.onnx", 11> name "c"(%x, %w, %b) {strides = array<i64: 2, 1, 3>, dilations = array<i64: 1, 2, 1>, group = 2 : i64, pads = array<i64: 1, 0, 2, 0, 1, 1>} : (tensor<1x4x5x6x7xf32>, tensor<6x2x2x3x2xf32>, tensor<6xf32>) -> tensor<1x6x3x3x3xf32>
  return %y : tensor<1x6x3x3x3xf32>
}

// -----

// f16 accumulates in f32 and rounds once.
// CHECK-LABEL: func.func @conv1d_f16
// CHECK: linalg.generic {{.*}} ins(%arg0, %arg1 : tensor<1x2x9xf16>, tensor<4x2x3xf16>) outs(%{{.*}} : tensor<1x4x7xf32>)
// CHECK: arith.extf %{{.*}} : f16 to f32
// CHECK: arith.extf %{{.*}} : f16 to f32
// CHECK: arith.mulf %{{.*}} : f32
// CHECK: arith.truncf %{{.*}} : f32 to f16
func.func @conv1d_f16(%x: tensor<1x2x9xf16>, %w: tensor<4x2x3xf16>) -> tensor<1x4x7xf16> {
  %y = onnx.node "Conv"<"ai.onnx", 22> name "c"(%x, %w) {} : (tensor<1x2x9xf16>, tensor<4x2x3xf16>) -> tensor<1x4x7xf16>
  return %y : tensor<1x4x7xf16>
}

// -----

// f64 is not TOSA: the loops, in f64.
// CHECK-LABEL: func.func @conv2d_f64
// CHECK-NOT: tosa.
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x3x4x2xf64>)
// CHECK: arith.mulf %{{.*}} : f64
func.func @conv2d_f64(%x: tensor<1x2x5x5xf64>, %w: tensor<3x2x2x2xf64>, %b: tensor<3xf64>) -> tensor<1x3x4x2xf64> {
  %y = onnx.node "Conv"<"ai.onnx", 11> name "c"(%x, %w, %b) {strides = array<i64: 1, 2>} : (tensor<1x2x5x5xf64>, tensor<3x2x2x2xf64>, tensor<3xf64>) -> tensor<1x3x4x2xf64>
  return %y : tensor<1x3x4x2xf64>
}

// -----

// ConvTranspose: x[i] at i * stride + (kernel extent - 1 - pad) of a zero
// tensor (rows 1 and 3 ahead of a 3x4 input at strides 2, 3); weights
// [C, M / group, k...] read as [M, C / group, k...] flipped; then the
// convolution at stride 1.
// CHECK-DAG: #[[$XT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, (d1 floordiv 3) * 2 + d4, d2 + d5, d3 + d6)>
// CHECK-LABEL: func.func @convtranspose_groups
// CHECK: %[[ZERO:.*]] = linalg.fill {{.*}} -> tensor<1x4x11x13xf32>
// CHECK: %[[Z:.*]] = tensor.insert_slice %arg0 into %[[ZERO]][0, 0, 3, 1] [1, 4, 3, 4] [1, 1, 2, 3]
// CHECK: %[[WF:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<6x2x3x2xf32>)
// CHECK: %[[G:.*]] = arith.divui %{{.*}}, %[[C3:.*]] : index
// CHECK: %[[C:.*]] = arith.addi
// CHECK: %[[M:.*]] = arith.remui
// CHECK: %[[KH:.*]] = arith.subi %{{.*}}, %{{.*}} : index
// CHECK: %[[KW:.*]] = arith.subi %{{.*}}, %{{.*}} : index
// CHECK: tensor.extract %arg1[%[[C]], %[[M]], %[[KH]], %[[KW]]] : tensor<4x3x3x2xf32>
// CHECK: linalg.generic {indexing_maps = [#[[$XT]], {{.*}}} ins(%[[Z]], %[[WF]] : {{.*}}) outs({{.*}} : tensor<1x6x9x12xf32>)
func.func @convtranspose_groups(%x: tensor<1x4x3x4xf32>, %w: tensor<4x3x3x2xf32>, %b: tensor<6xf32>) -> tensor<1x6x9x12xf32> {
  %y = onnx.node "ConvTranspose"<"ai.onnx", 11> name "t"(%x, %w, %b) {strides = array<i64: 2, 3>, group = 2 : i64, output_shape = array<i64: 9, 12>} : (tensor<1x4x3x4xf32>, tensor<4x3x3x2xf32>, tensor<6xf32>) -> tensor<1x6x9x12xf32>
  return %y : tensor<1x6x9x12xf32>
}

// -----

// A pad larger than the kernel extent less 1: the zero-inserted input
// starts at 0 and the convolution reads it 2 rows further on.
// CHECK-DAG: #[[$XT:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d3, d2 + d4 * 2 + 2)>
// CHECK-LABEL: func.func @convtranspose_pads
// CHECK: tensor.insert_slice %arg0 into %{{.*}}[0, 0, 0] [1, 2, 5] [1, 1, 3] : tensor<1x2x5xf32> into tensor<1x2x18xf32>
// CHECK: linalg.generic {indexing_maps = [#[[$XT]], {{.*}} outs({{.*}} : tensor<1x3x12xf32>)
func.func @convtranspose_pads(%x: tensor<1x2x5xf32>, %w: tensor<2x3x3xf32>) -> tensor<1x3x12xf32> {
  %y = onnx.node "ConvTranspose"<"ai.onnx", 22> name "t"(%x, %w) {strides = array<i64: 3>, dilations = array<i64: 2>, pads = array<i64: 6, 0>, output_padding = array<i64: 1>} : (tensor<1x2x5xf32>, tensor<2x3x3xf32>) -> tensor<1x3x12xf32>
  return %y : tensor<1x3x12xf32>
}

// -----

// f32 MaxPool: tosa.max_pool2d; ceil_mode's extra window is end padding.
// CHECK-LABEL: func.func @maxpool_ceil
// CHECK: tosa.max_pool2d %{{.*}} {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 1>, stride = array<i64: 2, 2>} : (tensor<1x6x7x2xf32>) -> tensor<1x3x4x2xf32>
func.func @maxpool_ceil(%x: tensor<1x2x6x7xf32>) -> tensor<1x2x3x4xf32> {
  %y = onnx.node "MaxPool"<"ai.onnx", 12> name "m"(%x) {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, ceil_mode = 1 : i64} : (tensor<1x2x6x7xf32>) -> tensor<1x2x3x4xf32>
  return %y : tensor<1x2x3x4xf32>
}

// -----

// Indices: the first maximum of the window's input elements (never its
// -inf padding) and its flat index (n * C + c) * 42 + w * 6 + h with
// storage_order 1.
// CHECK-LABEL: func.func @maxpool_indices
// CHECK: %[[XP:.*]] = tensor.pad %arg0 low[0, 0, 1, 0] high[0, 0, 0, 1]
// CHECK: tensor.yield %[[NEGINF:.*]] : f32
// CHECK: %[[NONE:.*]] = arith.constant -1 : i64
// CHECK: %[[V:.*]] = linalg.fill ins(%[[NEGINF]] : f32)
// CHECK: %[[I:.*]] = linalg.fill ins(%[[NONE]] : i64)
// CHECK: linalg.generic {{.*}} ins(%[[XP]], %{{.*}} : tensor<1x2x7x8xf32>, tensor<3x2xi1>) outs(%[[V]], %[[I]] : tensor<1x2x3x4xf32>, tensor<1x2x3x4xi64>)
// CHECK: ^bb0(%[[IN:.*]]: f32, %{{.*}}: i1, %[[BEST:.*]]: f32, %[[AT:.*]]: i64):
// CHECK: %[[W:.*]] = arith.subi %{{.*}}, %{{.*}} : index
// CHECK: %[[COL:.*]] = arith.muli %{{.*}}, %[[SIX:.*]] : index
// CHECK: %[[INNER:.*]] = arith.addi %[[COL]], %[[H:.*]] : index
// CHECK: %[[IDX:.*]] = arith.index_cast
// CHECK: %[[GT:.*]] = arith.cmpf ogt, %[[IN]], %[[BEST]] : f32
// CHECK: %[[FIRST:.*]] = arith.cmpi slt, %[[AT]]
// CHECK: %[[ANY:.*]] = arith.ori %[[FIRST]], %[[GT]]
// CHECK: %[[TAKE:.*]] = arith.andi %{{.*}}, %[[ANY]]
// CHECK: %[[NV:.*]] = arith.select %[[TAKE]], %[[IN]], %[[BEST]]
// CHECK: %[[NI:.*]] = arith.select %[[TAKE]], %[[IDX]], %[[AT]]
// CHECK: linalg.yield %[[NV]], %[[NI]]
func.func @maxpool_indices(%x: tensor<1x2x6x7xf32>) -> (tensor<1x2x3x4xf32>, tensor<1x2x3x4xsi64>) {
  %y, %i = onnx.node "MaxPool"<"ai.onnx", 12> name "m"(%x) {kernel_shape = array<i64: 3, 2>, strides = array<i64: 2, 2>, pads = array<i64: 1, 0, 1, 1>, storage_order = 1 : i64} : (tensor<1x2x6x7xf32>) -> (tensor<1x2x3x4xf32>, tensor<1x2x3x4xsi64>)
  return %y, %i : tensor<1x2x3x4xf32>, tensor<1x2x3x4xsi64>
}

// -----

// UINT8 compares unsigned (TOSA's i8 max would be signed); INT8 stays TOSA.
// CHECK-LABEL: func.func @maxpool_uint8
// CHECK-NOT: tosa.max_pool2d
// CHECK: arith.maxui %{{.*}} : i8
// CHECK-LABEL: func.func @maxpool_int8
// CHECK: tosa.max_pool2d {{.*}} -> tensor<1x5x5x2xi8>
func.func @maxpool_uint8(%x: tensor<1x2x6x6xui8>) -> tensor<1x2x5x5xui8> {
  %y = onnx.node "MaxPool"<"ai.onnx", 12> name "m"(%x) {kernel_shape = array<i64: 2, 2>} : (tensor<1x2x6x6xui8>) -> tensor<1x2x5x5xui8>
  return %y : tensor<1x2x5x5xui8>
}
func.func @maxpool_int8(%x: tensor<1x2x6x6xsi8>) -> tensor<1x2x5x5xsi8> {
  %y = onnx.node "MaxPool"<"ai.onnx", 12> name "m"(%x) {kernel_shape = array<i64: 2, 2>} : (tensor<1x2x6x6xsi8>) -> tensor<1x2x5x5xsi8>
  return %y : tensor<1x2x5x5xsi8>
}

// -----

// 3-D f16 (MaxPool-8): the pooling loops, the kernel's taps an operand of
// the kernel's shape.
// CHECK-DAG: #[[$X:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2 * 2 + d5, d3 * 2 + d6, d4 * 2 + d7)>
// CHECK-LABEL: func.func @maxpool_3d
// CHECK: %[[NEGINF:.*]] = arith.constant 0xFC00 : f16
// CHECK: linalg.generic {indexing_maps = [#[[$X]], {{.*}} ins(%arg0, %{{.*}} : tensor<1x1x4x4x4xf16>, tensor<2x2x2xi1>)
// CHECK: arith.maximumf %{{.*}} : f16
func.func @maxpool_3d(%x: tensor<1x1x4x4x4xf16>) -> tensor<1x1x2x2x2xf16> {
  %y = onnx.node "MaxPool"<"ai.onnx", 8> name "m"(%x) {kernel_shape = array<i64: 2, 2, 2>, strides = array<i64: 2, 2, 2>} : (tensor<1x1x4x4x4xf16>) -> tensor<1x1x2x2x2xf16>
  return %y : tensor<1x1x2x2x2xf16>
}

// -----

// count_include_pad: the explicit pads are zeros padded in first (they
// count), ceil_mode's extra row stays TOSA padding (it does not).
// CHECK-LABEL: func.func @avgpool_count_pad
// CHECK: %[[PADS:.*]] = tosa.const_shape {values = dense<[0, 0, 1, 1, 1, 0, 0, 0]>
// CHECK: %[[XP:.*]] = tosa.pad %{{.*}}, %[[PADS]], {{.*}} -> tensor<1x9x7x2xf32>
// CHECK: tosa.avg_pool2d %[[XP]], {{.*}} {acc_type = f32, kernel = array<i64: 3, 3>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} {{.*}} -> tensor<1x4x3x2xf32>
func.func @avgpool_count_pad(%x: tensor<1x2x7x6xf32>) -> tensor<1x2x4x3xf32> {
  %y = onnx.node "AveragePool"<"ai.onnx", 11> name "a"(%x) {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 0>, ceil_mode = 1 : i64, count_include_pad = 1 : i64} : (tensor<1x2x7x6xf32>) -> tensor<1x2x4x3xf32>
  return %y : tensor<1x2x4x3xf32>
}

// -----

// Dilations (AveragePool-19): sums over the zero-padded input, divided by
// each window's count of input elements (positions -1 1, 0 2, 1 3, 2 4,
// 3 5 of 0..4), or of elements and pads with count_include_pad.
// CHECK-LABEL: func.func @avgpool_dilated
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x1x7xf32>, tensor<2xi1>)
// CHECK: arith.addf
// CHECK: %[[COUNT:.*]] = arith.constant dense<[1.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 1.000000e+00]> : tensor<5xf32>
// CHECK: linalg.generic {{.*}} ins(%[[SUM]], %[[COUNT]] : tensor<1x1x5xf32>, tensor<5xf32>)
// CHECK: arith.divf
// CHECK-LABEL: func.func @avgpool_dilated_count_pad
// CHECK: arith.constant dense<2.000000e+00> : tensor<5xf32>
func.func @avgpool_dilated(%x: tensor<1x1x5xf32>) -> tensor<1x1x5xf32> {
  %y = onnx.node "AveragePool"<"ai.onnx", 19> name "a"(%x) {kernel_shape = array<i64: 2>, dilations = array<i64: 2>, pads = array<i64: 1, 1>} : (tensor<1x1x5xf32>) -> tensor<1x1x5xf32>
  return %y : tensor<1x1x5xf32>
}
func.func @avgpool_dilated_count_pad(%x: tensor<1x1x5xf32>) -> tensor<1x1x5xf32> {
  %y = onnx.node "AveragePool"<"ai.onnx", 22> name "a"(%x) {kernel_shape = array<i64: 2>, dilations = array<i64: 2>, pads = array<i64: 1, 1>, count_include_pad = 1 : i64} : (tensor<1x1x5xf32>) -> tensor<1x1x5xf32>
  return %y : tensor<1x1x5xf32>
}

// -----

// LpPool: sums of |x|^p, then the p-th root (x * x and sqrt for 2; p a
// float in LpPool-1).
// CHECK-LABEL: func.func @lppool
// CHECK: %[[A:.*]] = math.absf
// CHECK: %[[P:.*]] = arith.constant 3.000000e+00 : f32
// CHECK: math.powf %[[A]], %[[P]]
// CHECK: %[[R:.*]] = arith.constant 0.333333343 : f32
// CHECK: math.powf %{{.*}}, %[[R]]
// CHECK-LABEL: func.func @lppool_v1
// CHECK: arith.mulf %[[IN:.*]], %[[IN]]
// CHECK: math.sqrt
func.func @lppool(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x3x3xf32> {
  %y = onnx.node "LpPool"<"ai.onnx", 18> name "l"(%x) {kernel_shape = array<i64: 2, 2>, p = 3 : i64} : (tensor<1x2x4x4xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}
func.func @lppool_v1(%x: tensor<1x2x4xf32>) -> tensor<1x2x3xf32> {
  %y = onnx.node "LpPool"<"ai.onnx", 1> name "l"(%x) {kernel_shape = array<i64: 2>, p = 2.0 : f32} : (tensor<1x2x4xf32>) -> tensor<1x2x3xf32>
  return %y : tensor<1x2x3xf32>
}

// -----

// Global pools: f32 images are TOSA pools of the image's size; other
// ranks (and GlobalLpPool) one window of the loops.
// CHECK-LABEL: func.func @global_pools
// CHECK: linalg.generic {{.*}} ins(%arg0, %{{.*}} : tensor<1x2x5xf32>, tensor<5xi1>) outs(%{{.*}} : tensor<1x2x1xf32>)
// CHECK: arith.constant dense<5.000000e+00> : tensor<1xf32>
// CHECK: arith.divf
// CHECK: tosa.max_pool2d %{{.*}} {kernel = array<i64: 3, 4>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
// CHECK: linalg.generic {{.*}} ins(%arg1, %{{.*}} : tensor<1x2x3x4xf32>, tensor<3x4xi1>) outs(%{{.*}} : tensor<1x2x1x1xf32>)
// CHECK: math.absf
// CHECK-NOT: math
// CHECK: return
func.func @global_pools(%x: tensor<1x2x5xf32>, %x4: tensor<1x2x3x4xf32>) -> (tensor<1x2x1xf32>, tensor<1x2x1x1xf32>, tensor<1x2x1x1xf32>) {
  %a = onnx.node "GlobalAveragePool"<"ai.onnx", 1> name "a"(%x) {} : (tensor<1x2x5xf32>) -> tensor<1x2x1xf32>
  %m = onnx.node "GlobalMaxPool"<"ai.onnx", 22> name "m"(%x4) {} : (tensor<1x2x3x4xf32>) -> tensor<1x2x1x1xf32>
  %l = onnx.node "GlobalLpPool"<"ai.onnx", 2> name "l"(%x4) {p = 1 : i64} : (tensor<1x2x3x4xf32>) -> tensor<1x2x1x1xf32>
  return %a, %m, %l : tensor<1x2x1xf32>, tensor<1x2x1x1xf32>, tensor<1x2x1x1xf32>
}

// -----

// MaxUnpool: a loop writing each element at its index into zeros of
// MaxPool's input shape (4x4; an index outside writes nothing new), then
// padded at the end to output_shape.
// CHECK-LABEL: func.func @maxunpool
// CHECK: %[[X:.*]] = tensor.collapse_shape %arg0 {{.*}} into tensor<4xf32>
// CHECK: %[[I:.*]] = tensor.collapse_shape %arg1 {{.*}} into tensor<4xi64>
// CHECK: %[[ZERO:.*]] = linalg.fill {{.*}} -> tensor<16xf32>
// CHECK: %[[Y:.*]] = scf.for %[[K:.*]] = {{.*}} iter_args(%[[ACC:.*]] = %[[ZERO]])
// CHECK: %[[TO:.*]] = tensor.extract %[[I]][%[[K]]]
// CHECK: %[[GE:.*]] = arith.cmpi sge, %[[TO]]
// CHECK: %[[C16:.*]] = arith.constant 16 : i64
// CHECK: %[[LT:.*]] = arith.cmpi slt, %[[TO]], %[[C16]]
// CHECK: %[[OK:.*]] = arith.andi %[[GE]], %[[LT]]
// CHECK: %[[SAFE:.*]] = arith.select %[[OK]], %[[TO]]
// CHECK: %[[AT:.*]] = arith.index_cast %[[SAFE]]
// CHECK: %[[NEW:.*]] = tensor.extract %[[X]][%[[K]]]
// CHECK: %[[OLD:.*]] = tensor.extract %[[ACC]][%[[AT]]]
// CHECK: %[[V:.*]] = arith.select %[[OK]], %[[NEW]], %[[OLD]]
// CHECK: tensor.insert %[[V]] into %[[ACC]][%[[AT]]]
// CHECK: %[[E:.*]] = tensor.expand_shape %[[Y]] {{.*}} into tensor<1x1x4x4xf32>
// CHECK: tensor.pad %[[E]] low[0, 0, 0, 0] high[0, 0, 1, 1]
func.func @maxunpool(%x: tensor<1x1x2x2xf32>, %i: tensor<1x1x2x2xsi64>) -> tensor<1x1x5x5xf32> {
  %s = onnx.constant dense<[1, 1, 5, 5]> : tensor<4xsi64>
  %y = onnx.node "MaxUnpool"<"ai.onnx", 11> name "u"(%x, %i, %s) {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xsi64>, tensor<4xsi64>) -> tensor<1x1x5x5xf32>
  return %y : tensor<1x1x5x5xf32>
}

// -----

func.func @conv_group(%x: tensor<1x4x6x6xf32>, %w: tensor<6x2x3x3xf32>) -> tensor<1x6x4x4xf32> {
  // expected-error @+1 {{Conv node 'c': group 3 does not divide the 4 input and 6 output channels}}
  %y = onnx.node "Conv"<"ai.onnx", 11> name "c"(%x, %w) {group = 3 : i64} : (tensor<1x4x6x6xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x4x4xf32>
  return %y : tensor<1x6x4x4xf32>
}

// -----

func.func @conv_channels(%x: tensor<1x4x6x6xf32>, %w: tensor<6x3x3x3xf32>) -> tensor<1x6x4x4xf32> {
  // expected-error @+1 {{Conv node 'c': input has 4 channels, weights of group 1 expect 3}}
  %y = onnx.node "Conv"<"ai.onnx", 11> name "c"(%x, %w) {} : (tensor<1x4x6x6xf32>, tensor<6x3x3x3xf32>) -> tensor<1x6x4x4xf32>
  return %y : tensor<1x6x4x4xf32>
}

// -----

func.func @conv_kernel_shape(%x: tensor<1x2x6x6xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{Conv node 'c': kernel_shape [2, 2] differs from the weights' [3, 3]}}
  %y = onnx.node "Conv"<"ai.onnx", 11> name "c"(%x, %w) {kernel_shape = array<i64: 2, 2>} : (tensor<1x2x6x6xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

func.func @conv_auto_pad(%x: tensor<1x2x6x6xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{Conv node 'c': auto_pad 'SAME' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID}}
  %y = onnx.node "Conv"<"ai.onnx", 11> name "c"(%x, %w) {auto_pad = "SAME"} : (tensor<1x2x6x6xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_negative_pads(%x: tensor<1x2x6x6xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x4x3x4xf32> {
  // expected-error @+1 {{Conv node 'c': negative pads [-1, 0, 0, 0] are not supported}}
  %y = onnx.node "Conv"<"ai.onnx", 11> name "c"(%x, %w) {pads = array<i64: -1, 0, 0, 0>} : (tensor<1x2x6x6xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x3x4xf32>
  return %y : tensor<1x4x3x4xf32>
}

// -----

func.func @conv_window(%x: tensor<1x2x3x3xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x4x1x1xf32> {
  // expected-error @+1 {{Conv node 'c': the window (5) is larger than the padded input (3)}}
  %y = onnx.node "Conv"<"ai.onnx", 11> name "c"(%x, %w) {dilations = array<i64: 2, 1>} : (tensor<1x2x3x3xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x1x1xf32>
  return %y : tensor<1x4x1x1xf32>
}

// -----

func.func @conv_rank(%x: tensor<2x6xf32>, %w: tensor<4x6xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{Conv node 'c': input of rank 2 has no spatial dimension}}
  %y = onnx.node "Conv"<"ai.onnx", 11> name "c"(%x, %w) {} : (tensor<2x6xf32>, tensor<4x6xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

func.func @conv_bias(%x: tensor<1x2x6x6xf32>, %w: tensor<4x2x3x3xf32>, %b: tensor<3xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{Conv node 'c': bias must have 4 values of 'f32'}}
  %y = onnx.node "Conv"<"ai.onnx", 11> name "c"(%x, %w, %b) {} : (tensor<1x2x6x6xf32>, tensor<4x2x3x3xf32>, tensor<3xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

func.func @convtranspose_output_shape(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x3x3xf32>) -> tensor<1x2x7x7xf32> {
  // expected-error @+1 {{ConvTranspose node 't': output_shape [7, 7, 7] must have 2 values}}
  %y = onnx.node "ConvTranspose"<"ai.onnx", 11> name "t"(%x, %w) {output_shape = array<i64: 7, 7, 7>} : (tensor<1x2x3x3xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x7x7xf32>
  return %y : tensor<1x2x7x7xf32>
}

// -----

func.func @convtranspose_no_output(%x: tensor<1x2x3xf32>, %w: tensor<2x2x3xf32>) -> tensor<1x2x1xf32> {
  // expected-error @+1 {{ConvTranspose node 't': pads [3, 3] leave no output}}
  %y = onnx.node "ConvTranspose"<"ai.onnx", 11> name "t"(%x, %w) {pads = array<i64: 3, 3>} : (tensor<1x2x3xf32>, tensor<2x2x3xf32>) -> tensor<1x2x1xf32>
  return %y : tensor<1x2x1xf32>
}

// -----

func.func @convtranspose_channels(%x: tensor<1x3x3xf32>, %w: tensor<2x2x3xf32>) -> tensor<1x2x5xf32> {
  // expected-error @+1 {{ConvTranspose node 't': input has 3 channels, weights 2}}
  %y = onnx.node "ConvTranspose"<"ai.onnx", 11> name "t"(%x, %w) {} : (tensor<1x3x3xf32>, tensor<2x2x3xf32>) -> tensor<1x2x5xf32>
  return %y : tensor<1x2x5xf32>
}

// -----

func.func @maxpool_storage_order(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32> {
  // expected-error @+1 {{MaxPool node 'm': storage_order 2 is not 0 or 1}}
  %y = onnx.node "MaxPool"<"ai.onnx", 12> name "m"(%x) {kernel_shape = array<i64: 2, 2>, storage_order = 2 : i64} : (tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32>
  return %y : tensor<1x1x3x3xf32>
}

// -----

func.func @maxpool_kernel_shape(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32> {
  // expected-error @+1 {{MaxPool node 'm': kernel_shape is missing}}
  %y = onnx.node "MaxPool"<"ai.onnx", 12> name "m"(%x) {} : (tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32>
  return %y : tensor<1x1x3x3xf32>
}

// -----

// INT8 MaxPool is MaxPool-12's.
func.func @maxpool_int8_v11(%x: tensor<1x1x4x4xsi8>) -> tensor<1x1x3x3xsi8> {
  // expected-error @+1 {{MaxPool node 'm': input of type 'si8' is not supported (floats)}}
  %y = onnx.node "MaxPool"<"ai.onnx", 11> name "m"(%x) {kernel_shape = array<i64: 2, 2>} : (tensor<1x1x4x4xsi8>) -> tensor<1x1x3x3xsi8>
  return %y : tensor<1x1x3x3xsi8>
}

// -----

// MaxPool-1 has no storage_order.
func.func @maxpool_v1_storage_order(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32> {
  // expected-error @+1 {{MaxPool node 'm': attribute 'storage_order' (0 : i64) is not supported by qnn's reading of MaxPool-1}}
  %y = onnx.node "MaxPool"<"ai.onnx", 7> name "m"(%x) {kernel_shape = array<i64: 2, 2>, storage_order = 0 : i64} : (tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32>
  return %y : tensor<1x1x3x3xf32>
}

// -----

// AveragePool dilates from version 19.
func.func @avgpool_v11_dilations(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32> {
  // expected-error @+1 {{AveragePool node 'a': attribute 'dilations' (array<i64: 1, 1>) is not supported by qnn's reading of AveragePool-11}}
  %y = onnx.node "AveragePool"<"ai.onnx", 18> name "a"(%x) {kernel_shape = array<i64: 2, 2>, dilations = array<i64: 1, 1>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32>
  return %y : tensor<1x1x3x3xf32>
}

// -----

func.func @lppool_p(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32> {
  // expected-error @+1 {{LpPool node 'l': p 0 is not positive}}
  %y = onnx.node "LpPool"<"ai.onnx", 18> name "l"(%x) {kernel_shape = array<i64: 2, 2>, p = 0 : i64} : (tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32>
  return %y : tensor<1x1x3x3xf32>
}

// -----

func.func @global_pool_int(%x: tensor<1x2x4x4xsi32>) -> tensor<1x2x1x1xsi32> {
  // expected-error @+1 {{GlobalAveragePool node 'g': input of type 'si32' is not supported (floats)}}
  %y = onnx.node "GlobalAveragePool"<"ai.onnx", 1> name "g"(%x) {} : (tensor<1x2x4x4xsi32>) -> tensor<1x2x1x1xsi32>
  return %y : tensor<1x2x1x1xsi32>
}

// -----

func.func @maxunpool_indices(%x: tensor<1x1x2x2xf32>, %i: tensor<1x1x2x1xsi64>) -> tensor<1x1x4x4xf32> {
  // expected-error @+1 {{MaxUnpool node 'u': indices must be INT64 of the input's shape [1, 1, 2, 2]}}
  %y = onnx.node "MaxUnpool"<"ai.onnx", 11> name "u"(%x, %i) {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x1x2x2xf32>, tensor<1x1x2x1xsi64>) -> tensor<1x1x4x4xf32>
  return %y : tensor<1x1x4x4xf32>
}

// -----

func.func @maxunpool_output_shape(%x: tensor<1x1x2x2xf32>, %i: tensor<1x1x2x2xsi64>) -> tensor<1x1x3x3xf32> {
  %s = onnx.constant dense<[1, 1, 3, 3]> : tensor<4xsi64>
  // expected-error @+1 {{MaxUnpool node 'u': output_shape [1, 1, 3, 3] does not hold the unpooled shape [1, 1, 4, 4]}}
  %y = onnx.node "MaxUnpool"<"ai.onnx", 11> name "u"(%x, %i, %s) {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xsi64>, tensor<4xsi64>) -> tensor<1x1x3x3xf32>
  return %y : tensor<1x1x3x3xf32>
}

// -----

func.func @maxunpool_run_time_shape(%x: tensor<1x1x2x2xf32>, %i: tensor<1x1x2x2xsi64>, %s: tensor<4xsi64>) -> tensor<1x1x4x4xf32> {
  // expected-error @+1 {{MaxUnpool node 'u': input 2 (output_shape) must be known at compile time: qnn compiles static shapes}}
  %y = onnx.node "MaxUnpool"<"ai.onnx", 11> name "u"(%x, %i, %s) {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xsi64>, tensor<4xsi64>) -> tensor<1x1x4x4xf32>
  return %y : tensor<1x1x4x4xf32>
}
