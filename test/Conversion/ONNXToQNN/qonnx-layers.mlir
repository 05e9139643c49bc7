// RUN: qnn-opt %s --convert-onnx-to-qnn | FileCheck %s
// RUN: qnn-opt %s --convert-onnx-to-qnn --qnn-optimize-layout | FileCheck %s --check-prefix=LAYOUT

// The QONNX / FINN layer operators and the channels-last domain.
// (test/Exporters/layer-ops.test checks their values.)

// The windows of QuantAvgPool2d below, NCHW (stride 2) and NHWC (stride 1):
// CHECK-DAG: #[[$NCHW:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 * 2 + d4, d3 * 2 + d5)>
// CHECK-DAG: #[[$NHWC:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 + d4, d2 + d5, d3)>
// CHECK-DAG: #[[$WIN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d4, d5)>

// Im2Col: the NHWC input padded with pad_value by pad_amount [top, left,
// bottom, right], then each output column j = (kh * KW + kw) * C + c reads
// row oh * stride + kh * dilation, column ow * stride + kw * dilation.
// CHECK-LABEL: func.func @im2col
// CHECK: %[[PV:.*]] = arith.constant 3.000000e+00 : f32
// CHECK: %[[P:.*]] = tensor.pad %arg0 low[0, 1, 0, 0] high[0, 0, 1, 0]
// CHECK: tensor.yield %[[PV]]
// CHECK: } : tensor<1x4x5x2xf32> to tensor<1x5x6x2xf32>
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x2x3x12xf32>)
// CHECK: %[[N:.*]] = linalg.index 0
// CHECK: %[[OH:.*]] = linalg.index 1
// CHECK: %[[OW:.*]] = linalg.index 2
// CHECK: %[[J:.*]] = linalg.index 3
// CHECK: %[[C:.*]] = arith.remui %[[J]], %c2
// CHECK: %[[K:.*]] = arith.divui %[[J]], %c2
// CHECK: %[[KW:.*]] = arith.remui %[[K]], %c2
// CHECK: %[[KH:.*]] = arith.divui %[[K]], %c2
// CHECK: %[[R0:.*]] = arith.muli %[[OH]], %c2
// CHECK: %[[R1:.*]] = arith.muli %[[KH]], %c1
// CHECK: %[[R:.*]] = arith.addi %[[R0]], %[[R1]]
// CHECK: %[[S0:.*]] = arith.muli %[[OW]], %c1
// CHECK: %[[S1:.*]] = arith.muli %[[KW]], %c3
// CHECK: %[[S:.*]] = arith.addi %[[S0]], %[[S1]]
// CHECK: tensor.extract %[[P]][%[[N]], %[[R]], %[[S]], %[[C]]] : tensor<1x5x6x2xf32>
func.func @im2col(%x: tensor<1x4x5x2xf32>) -> tensor<1x2x3x12xf32> {
  %y = onnx.node "Im2Col"<"qonnx.custom_op.general", 1> name "i"(%x) {stride = array<i64: 2, 1>, kernel_size = array<i64: 3, 2>, input_shape = "(1, 4, 5, 2)", pad_amount = array<i64: 1, 0, 0, 1>, pad_value = 3 : i64, dilations = array<i64: 1, 3>, depthwise = 1 : i64} : (tensor<1x4x5x2xf32>) -> tensor<1x2x3x12xf32>
  return %y : tensor<1x2x3x12xf32>
}

// MaxPoolNHWC: MaxPool-11 (ceil_mode read) between layout transposes,
// which qnn-optimize-layout cancels.
// CHECK-LABEL: func.func @maxpool_nhwc
// CHECK: %[[T:.*]] = tosa.transpose %arg0 {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x5x5x2xf32>) -> tensor<1x2x5x5xf32>
// CHECK: tosa.max_pool2d {{.*}}kernel = array<i64: 2, 2>, pad = array<i64: 0, 1, 0, 1>, stride = array<i64: 2, 2>
// CHECK: tosa.transpose %{{.*}} {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x2x3x3xf32>) -> tensor<1x3x3x2xf32>
// LAYOUT-LABEL: func.func @maxpool_nhwc
// LAYOUT-NEXT: %[[Y:.*]] = tosa.max_pool2d %arg0 {{.*}} : (tensor<1x5x5x2xf32>) -> tensor<1x3x3x2xf32>
// LAYOUT-NEXT: return %[[Y]]
func.func @maxpool_nhwc(%x: tensor<1x5x5x2xf32>) -> tensor<1x3x3x2xf32> {
  %y = onnx.node "MaxPoolNHWC"<"finn.custom_op.general", 1> name "m"(%x) {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, ceil_mode = 1 : i64} : (tensor<1x5x5x2xf32>) -> tensor<1x3x3x2xf32>
  return %y : tensor<1x3x3x2xf32>
}

// QuantAvgPool2d: the window sums (no padding), rounded half to even, then
// shifted right by bit_length(15 * 3 * 3) - 4 = 4 bits (times 1/16,
// floor).
// CHECK-LABEL: func.func @quant_avg_pool
// CHECK: %[[Z:.*]] = linalg.fill
// CHECK: %[[W:.*]] = tensor.empty() : tensor<3x3xf32>
// CHECK: %[[S:.*]] = linalg.generic {indexing_maps = [#[[$NCHW]], #[[$WIN]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%arg0, %[[W]] : tensor<1x2x7x7xf32>, tensor<3x3xf32>) outs(%[[Z]] : tensor<1x2x3x3xf32>)
// CHECK: arith.addf
// CHECK: linalg.generic {{.*}} ins(%[[S]]
// CHECK: %[[R:.*]] = math.roundeven
// CHECK: %[[F:.*]] = arith.constant 6.250000e-02 : f32
// CHECK: %[[Q:.*]] = arith.mulf %[[R]], %[[F]]
// CHECK: math.floor %[[Q]]
func.func @quant_avg_pool(%x: tensor<1x2x7x7xf32>) -> tensor<1x2x3x3xf32> {
  %y = onnx.node "QuantAvgPool2d"<"qonnx.custom_op.general", 1> name "q"(%x) {stride = 2 : i64, kernel = 3 : i64, ibits = 4 : i64, obits = 4 : i64, signed = 0 : i64, data_layout = "NCHW"} : (tensor<1x2x7x7xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// NHWC windows run over dimensions 1 and 2; obits at least the sum's bits:
// no shift (times 1).
// CHECK-LABEL: func.func @quant_avg_pool_nhwc
// CHECK: linalg.generic {indexing_maps = [#[[$NHWC]],
// CHECK: math.roundeven
// CHECK-NEXT: arith.constant 1.000000e+00 : f32
func.func @quant_avg_pool_nhwc(%x: tensor<1x3x3x2xf32>) -> tensor<1x2x2x2xf32> {
  %y = onnx.node "QuantAvgPool2d"<"onnx.brevitas", 1> name "q"(%x) {stride = 1 : i64, kernel = 2 : i64, ibits = 2 : i64, obits = 8 : i64, signed = 1 : i64, data_layout = "NHWC"} : (tensor<1x3x3x2xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// XnorPopcountMatMul: (bipolar(a) x bipolar(b) + K) / 2, bipolar(v) = 2v - 1.
// CHECK-LABEL: func.func @xnor_popcount
// CHECK: %[[A:.*]] = linalg.generic {{.*}} ins(%arg0
// CHECK: arith.constant 2.000000e+00 : f32
// CHECK-NEXT: arith.mulf
// CHECK-NEXT: arith.constant 1.000000e+00 : f32
// CHECK-NEXT: arith.subf
// CHECK: %[[B:.*]] = linalg.generic {{.*}} ins(%arg1
// CHECK: tosa.matmul
// CHECK: linalg.generic
// CHECK: arith.constant 8.000000e+00 : f32
// CHECK-NEXT: %[[P:.*]] = arith.addf
// CHECK-NEXT: arith.constant 5.000000e-01 : f32
// CHECK-NEXT: arith.mulf %[[P]]
func.func @xnor_popcount(%a: tensor<3x8xf32>, %b: tensor<8x4xf32>) -> tensor<3x4xf32> {
  %y = onnx.node "XnorPopcountMatMul"<"finn.custom_op.general", 1> name "x"(%a, %b) {} : (tensor<3x8xf32>, tensor<8x4xf32>) -> tensor<3x4xf32>
  return %y : tensor<3x4xf32>
}

// Channels-last Conv: input and weights ([M, kH, kW, C]) to the standard
// layout, the standard Conv, the result back; after qnn-optimize-layout
// one NHWC tosa.conv2d on the operands as they are.
// CHECK-LABEL: func.func @conv
// CHECK: tosa.transpose %arg0 {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x5x5x2xf32>) -> tensor<1x2x5x5xf32>
// CHECK: tosa.transpose %arg1 {perms = array<i32: 0, 3, 1, 2>} : (tensor<3x3x3x2xf32>) -> tensor<3x2x3x3xf32>
// CHECK: tosa.conv2d
// CHECK: tosa.transpose %{{.*}} {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x3x5x5xf32>) -> tensor<1x5x5x3xf32>
// LAYOUT-LABEL: func.func @conv
// LAYOUT-NOT: tosa.transpose
// LAYOUT: %[[Y:.*]] = tosa.conv2d %arg0, %arg1, %arg2, {{.*}} pad = array<i64: 1, 1, 1, 1>{{.*}} : (tensor<1x5x5x2xf32>, tensor<3x3x3x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x5x5x3xf32>
// LAYOUT-NEXT: return %[[Y]]
func.func @conv(%x: tensor<1x5x5x2xf32>, %w: tensor<3x3x3x2xf32>, %bias: tensor<3xf32>) -> tensor<1x5x5x3xf32> {
  %y = onnx.node "Conv"<"qonnx.custom_op.channels_last", 13> name "c"(%x, %w, %bias) {kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, group = 1 : i64} : (tensor<1x5x5x2xf32>, tensor<3x3x3x2xf32>, tensor<3xf32>) -> tensor<1x5x5x3xf32>
  return %y : tensor<1x5x5x3xf32>
}

// Channels-last MaxPool.
// LAYOUT-LABEL: func.func @maxpool
// LAYOUT-NEXT: %[[Y:.*]] = tosa.max_pool2d %arg0 {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32>
// LAYOUT-NEXT: return %[[Y]]
func.func @maxpool(%x: tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32> {
  %y = onnx.node "MaxPool"<"qonnx.custom_op.channels_last", 13> name "m"(%x) {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// Channels-last BatchNormalization: the standard one's per-channel
// scale and shift, along the last dimension once the transposes cancel.
// CHECK-LABEL: func.func @batch_norm
// CHECK: tosa.transpose %arg0 {perms = array<i32: 0, 2, 1>} : (tensor<1x5x2xf32>) -> tensor<1x2x5xf32>
// CHECK: tosa.mul %{{.*}}, %{{.*}} : (tensor<1x2x5xf32>, tensor<1x2x1xf32>, tensor<1xi8>)
// LAYOUT-LABEL: func.func @batch_norm
// LAYOUT-DAG: %[[A:.*]] = arith.constant dense<{{\[\[\[}}0.999994993, 0.999998748]]]> : tensor<1x1x2xf32>
// LAYOUT-DAG: %[[C:.*]] = arith.constant dense<{{\[\[\[}}5.000000e-01, -0.749998748]]]> : tensor<1x1x2xf32>
// LAYOUT: %[[M:.*]] = tosa.mul %arg0, %[[A]]
// LAYOUT-NEXT: %[[Y:.*]] = tosa.add %[[M]], %[[C]]
// LAYOUT-NEXT: return %[[Y]]
func.func @batch_norm(%x: tensor<1x5x2xf32>) -> tensor<1x5x2xf32> {
  %s = onnx.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %b = onnx.constant dense<[0.5, 0.25]> : tensor<2xf32>
  %m = onnx.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %v = onnx.constant dense<[1.0, 4.0]> : tensor<2xf32>
  %y = onnx.node "BatchNormalization"<"qonnx.custom_op.channels_last", 15> name "b"(%x, %s, %b, %m, %v) {epsilon = 1.0e-5 : f32, momentum = 0.9 : f32} : (tensor<1x5x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x5x2xf32>
  return %y : tensor<1x5x2xf32>
}
