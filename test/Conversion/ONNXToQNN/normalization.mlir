// RUN: qnn-opt %s --convert-onnx-to-qnn | FileCheck %s

// The normalization family (Normalization.cpp): reductions as linalg.generic
// ops over the reduced dimensions, f16 / bf16 accumulated in f32, integers
// in their own type. The numbers are checked by normalization-run.test and
// the ONNX node tests; this file checks what each handler emits.

// Axes as an input (opset 18): one reduction over both, then the division
// by the 12 elements each combines; keepdims reshapes.
// CHECK-LABEL: func.func @reduce_mean_axes_input
// CHECK:       %[[ZERO:.*]] = arith.constant -0.000000e+00 : f32
// CHECK:       %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32)
// CHECK:       %[[SUM:.*]] = linalg.generic {{.*}}iterator_types = ["parallel", "reduction", "reduction"]} ins(%arg0 : tensor<2x3x4xf32>) outs(%[[INIT]] : tensor<2xf32>)
// CHECK:         arith.addf
// CHECK:       %[[MEAN:.*]] = linalg.generic {{.*}} ins(%[[SUM]] : tensor<2xf32>)
// CHECK:         arith.constant 1.200000e+01 : f32
// CHECK:         arith.divf
// CHECK:       tosa.reshape %[[MEAN]], {{.*}} -> tensor<2x1x1xf32>
func.func @reduce_mean_axes_input(%x: tensor<2x3x4xf32>) -> tensor<2x1x1xf32> {
  %a = onnx.constant dense<[1, -1]> : tensor<2xi64>
  %y = onnx.node "ReduceMean"<"ai.onnx", 18> name "rm"(%x, %a) {} : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<2x1x1xf32>
  return %y : tensor<2x1x1xf32>
}

// Axes as an attribute (opset 13); f16 reduces in f32: the maximum, finite
// or 0, shifts the exponentials; the log of their sum is shifted back and
// rounded to f16 once.
// CHECK-LABEL: func.func @reduce_logsumexp_f16
// CHECK:       arith.constant 0xFF800000 : f32
// CHECK:       %[[MAX:.*]] = linalg.generic {{.*}} ins(%arg0 : tensor<2x3xf16>) outs({{.*}} : tensor<2xf32>)
// CHECK:         arith.extf {{.*}} : f16 to f32
// CHECK:         arith.maximumf
// CHECK:       %[[SHIFT:.*]] = linalg.generic {{.*}} ins(%[[MAX]] : tensor<2xf32>)
// CHECK:         math.absf
// CHECK:         arith.cmpf olt
// CHECK:         arith.select
// CHECK:       %[[KEPT:.*]] = tosa.reshape %[[SHIFT]]
// CHECK:       %[[SUM:.*]] = linalg.generic {{.*}} ins(%arg0, %[[KEPT]] : tensor<2x3xf16>, tensor<2x1xf32>)
// CHECK:         arith.subf
// CHECK:         math.exp
// CHECK:         arith.addf
// CHECK:       %[[LSE:.*]] = linalg.generic {{.*}} ins(%[[SUM]], %[[SHIFT]] : tensor<2xf32>, tensor<2xf32>)
// CHECK:         math.log
// CHECK:         arith.addf
// CHECK:       linalg.generic {{.*}} ins(%[[LSE]] : tensor<2xf32>) outs({{.*}} : tensor<2xf16>)
// CHECK:         arith.truncf {{.*}} : f32 to f16
func.func @reduce_logsumexp_f16(%x: tensor<2x3xf16>) -> tensor<2xf16> {
  %y = onnx.node "ReduceLogSumExp"<"ai.onnx", 13> name "lse"(%x) {axes = array<i64: 1>, keepdims = 0 : i64} : (tensor<2x3xf16>) -> tensor<2xf16>
  return %y : tensor<2xf16>
}

// ReduceMax reads bool from opset 20: or, from false.
// CHECK-LABEL: func.func @reduce_max_bool
// CHECK:       %[[FALSE:.*]] = arith.constant false
// CHECK:       %[[INIT:.*]] = linalg.fill ins(%[[FALSE]] : i1)
// CHECK:       linalg.generic {{.*}} ins(%arg0 : tensor<2x3xi1>) outs(%[[INIT]] : tensor<2xi1>)
// CHECK:         arith.ori
func.func @reduce_max_bool(%x: tensor<2x3xi1>) -> tensor<2xi1> {
  %a = onnx.constant dense<[1]> : tensor<1xi64>
  %y = onnx.node "ReduceMax"<"ai.onnx", 20> name "rmax"(%x, %a) {keepdims = 0 : i64} : (tensor<2x3xi1>, tensor<1xi64>) -> tensor<2xi1>
  return %y : tensor<2xi1>
}

// ReduceMin of floats propagates NaN (arith.minimumf), from +inf.
// CHECK-LABEL: func.func @reduce_min_all
// CHECK:       arith.constant 0x7F800000 : f32
// CHECK:       linalg.generic {{.*}}iterator_types = ["reduction", "reduction"]{{.*}} outs({{.*}} : tensor<f32>)
// CHECK:         arith.minimumf
// CHECK:       tosa.reshape {{.*}} -> tensor<1x1xf32>
func.func @reduce_min_all(%x: tensor<2x3xf32>) -> tensor<1x1xf32> {
  %y = onnx.node "ReduceMin"<"ai.onnx", 13> name "rmin"(%x) {} : (tensor<2x3xf32>) -> tensor<1x1xf32>
  return %y : tensor<1x1xf32>
}

// A reduction over an empty axis is a constant: ReduceProd's 1.
// CHECK-LABEL: func.func @reduce_prod_empty
// CHECK:       %[[ONES:.*]] = arith.constant dense<1.000000e+00> : tensor<2x1xf32>
// CHECK-NOT:   linalg.generic
// CHECK:       return %[[ONES]]
func.func @reduce_prod_empty(%x: tensor<2x0xf32>) -> tensor<2x1xf32> {
  %a = onnx.constant dense<[1]> : tensor<1xi64>
  %y = onnx.node "ReduceProd"<"ai.onnx", 18> name "rp"(%x, %a) {} : (tensor<2x0xf32>, tensor<1xi64>) -> tensor<2x1xf32>
  return %y : tensor<2x1xf32>
}

// The unsigned mean sums in u32 (wrapping, as NumPy with the input's dtype)
// and divides unsigned in i64.
// CHECK-LABEL: func.func @reduce_mean_ui32
// CHECK:       %[[SUM:.*]] = linalg.generic {{.*}} ins(%arg0 : tensor<2x3xi32>) outs({{.*}} : tensor<2xi32>)
// CHECK:         arith.addi
// CHECK:       linalg.generic {{.*}} ins(%[[SUM]] : tensor<2xi32>)
// CHECK:         arith.extui {{.*}} : i32 to i64
// CHECK:         arith.divui
// CHECK:         arith.trunci
// CHECK:       return {{.*}} : tensor<2xi32>
func.func @reduce_mean_ui32(%x: tensor<2x3xui32>) -> tensor<2xui32> {
  %y = onnx.node "ReduceMean"<"ai.onnx", 13> name "rmi"(%x) {axes = array<i64: 1>, keepdims = 0 : i64} : (tensor<2x3xui32>) -> tensor<2xui32>
  return %y : tensor<2xui32>
}

// ReduceL2 of integers goes through f64 (the square root) and saturates
// back.
// CHECK-LABEL: func.func @reduce_l2_i32
// CHECK:       linalg.generic {{.*}} ins(%arg0 : tensor<2x3xi32>) outs({{.*}} : tensor<2xf64>)
// CHECK:         arith.sitofp {{.*}} : i32 to f64
// CHECK:         arith.mulf
// CHECK:       math.sqrt
// CHECK:       linalg.generic {{.*}} outs({{.*}} : tensor<2xi32>)
// CHECK:         arith.cmpf oge
// CHECK:         arith.fptosi
func.func @reduce_l2_i32(%x: tensor<2x3xsi32>) -> tensor<2xsi32> {
  %y = onnx.node "ReduceL2"<"ai.onnx", 11> name "l2"(%x) {axes = array<i64: -1>, keepdims = 0 : i64} : (tensor<2x3xsi32>) -> tensor<2xsi32>
  return %y : tensor<2xsi32>
}

// noop_with_empty_axes: a reduction over no axis, which still squares.
// CHECK-LABEL: func.func @reduce_sum_square_noop
// CHECK:       linalg.generic {{.*}}iterator_types = ["parallel", "parallel"]} ins(%arg0 : tensor<2x3xf32>) outs({{.*}} : tensor<2x3xf32>)
// CHECK:         arith.mulf
// CHECK:         arith.addf
func.func @reduce_sum_square_noop(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = onnx.node "ReduceSumSquare"<"ai.onnx", 18> name "rss"(%x) {noop_with_empty_axes = 1 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// Softmax before opset 13: over the dimensions from axis 1 on, in f32 for
// f16; the maximum and the sum keep dims and broadcast back.
// CHECK-LABEL: func.func @softmax_v11_f16
// CHECK:       %[[MAX:.*]] = linalg.generic {{.*}}iterator_types = ["parallel", "reduction", "reduction"]} ins(%arg0 : tensor<2x3x4xf16>) outs({{.*}} : tensor<2xf32>)
// CHECK:         arith.maximumf
// CHECK:       %[[M:.*]] = tosa.reshape %[[MAX]], {{.*}} -> tensor<2x1x1xf32>
// CHECK:       %[[SUM:.*]] = linalg.generic {{.*}} ins(%arg0, %[[M]] : tensor<2x3x4xf16>, tensor<2x1x1xf32>)
// CHECK:         math.exp
// CHECK:       %[[S:.*]] = tosa.reshape %[[SUM]], {{.*}} -> tensor<2x1x1xf32>
// CHECK:       linalg.generic {{.*}} ins(%arg0, %[[M]], %[[S]] : {{.*}}) outs({{.*}} : tensor<2x3x4xf16>)
// CHECK:         math.exp
// CHECK:         arith.divf
// CHECK:         arith.truncf
func.func @softmax_v11_f16(%x: tensor<2x3x4xf16>) -> tensor<2x3x4xf16> {
  %y = onnx.node "Softmax"<"ai.onnx", 11> name "sm"(%x) {} : (tensor<2x3x4xf16>) -> tensor<2x3x4xf16>
  return %y : tensor<2x3x4xf16>
}

// LogSoftmax from opset 13: along the one axis; x - m - log(s).
// CHECK-LABEL: func.func @log_softmax_f64
// CHECK:       linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]} ins(%arg0 : tensor<2x3xf64>)
// CHECK:       linalg.generic {{.*}} outs({{.*}} : tensor<2x3xf64>)
// CHECK:         arith.subf
// CHECK:         math.log
// CHECK:         arith.subf
func.func @log_softmax_f64(%x: tensor<2x3xf64>) -> tensor<2x3xf64> {
  %y = onnx.node "LogSoftmax"<"ai.onnx", 13> name "lsm"(%x) {} : (tensor<2x3xf64>) -> tensor<2x3xf64>
  return %y : tensor<2x3xf64>
}

// Hardmax: 1 where the position is the first maximum's (NaN counts as the
// maximum, as NumPy's argmax has it).
// CHECK-LABEL: func.func @hardmax
// CHECK-DAG:   %[[POS:.*]] = arith.constant dense<{{\[\[}}0], [1]]> : tensor<2x1xi64>
// CHECK:       %[[ARG:.*]]:2 = linalg.generic {{.*}}iterator_types = ["reduction", "parallel"]} ins(%arg0 : tensor<2x3xf64>)
// CHECK:         arith.cmpf ogt
// CHECK:         arith.cmpf uno
// CHECK:       %[[FIRST:.*]] = tosa.reshape %[[ARG]]#1
// CHECK:       linalg.generic {{.*}} ins(%[[POS]], %[[FIRST]] : tensor<2x1xi64>, tensor<1x3xi64>)
// CHECK:         arith.cmpi eq
func.func @hardmax(%x: tensor<2x3xf64>) -> tensor<2x3xf64> {
  %y = onnx.node "Hardmax"<"ai.onnx", 13> name "hm"(%x) {axis = 0 : i64} : (tensor<2x3xf64>) -> tensor<2x3xf64>
  return %y : tensor<2x3xf64>
}

// ArgMax of UINT8 compares unsigned; select_last_index takes equal ones.
// CHECK-LABEL: func.func @argmax_u8_last
// CHECK:       %[[ARG:.*]]:2 = linalg.generic {{.*}} ins(%arg0 : tensor<2x3xi8>) outs({{.*}} : tensor<2xi8>, tensor<2xi64>)
// CHECK:         arith.cmpi uge
// CHECK:       return %[[ARG]]#1 : tensor<2xi64>
func.func @argmax_u8_last(%x: tensor<2x3xui8>) -> tensor<2xsi64> {
  %y = onnx.node "ArgMax"<"ai.onnx", 13> name "am"(%x) {axis = 1 : i64, keepdims = 0 : i64, select_last_index = 1 : i64} : (tensor<2x3xui8>) -> tensor<2xsi64>
  return %y : tensor<2xsi64>
}

// TopK up to K = 16: K passes, each taking the first element in output
// order after the previous pass's; the picks are concatenated.
// CHECK-LABEL: func.func @topk_select
// CHECK:       %[[P0:.*]]:2 = linalg.generic {{.*}} ins(%arg0 : tensor<2x5xi32>) outs({{.*}} : tensor<2xi32>, tensor<2xi64>)
// CHECK:         arith.cmpi slt
// CHECK:       %[[V0:.*]] = tosa.reshape %[[P0]]#0
// CHECK:       %[[I0:.*]] = tosa.reshape %[[P0]]#1
// CHECK:       %[[P1:.*]]:2 = linalg.generic {{.*}} ins(%arg0, %[[V0]], %[[I0]] : tensor<2x5xi32>, tensor<2x1xi32>, tensor<2x1xi64>)
// CHECK:       %[[V1:.*]] = tosa.reshape %[[P1]]#0
// CHECK:       %[[I1:.*]] = tosa.reshape %[[P1]]#1
// CHECK:       %[[V:.*]] = tosa.concat %[[V0]], %[[V1]] {axis = 1 : i32}
// CHECK:       %[[I:.*]] = tosa.concat %[[I0]], %[[I1]] {axis = 1 : i32}
// CHECK:       return %[[V]], %[[I]] : tensor<2x2xi32>, tensor<2x2xi64>
func.func @topk_select(%x: tensor<2x5xsi32>) -> (tensor<2x2xsi32>, tensor<2x2xsi64>) {
  %k = onnx.constant dense<[2]> : tensor<1xi64>
  %v, %i = onnx.node "TopK"<"ai.onnx", 11> name "tk"(%x, %k) {largest = 0 : i64} : (tensor<2x5xsi32>, tensor<1xi64>) -> (tensor<2x2xsi32>, tensor<2x2xsi64>)
  return %v, %i : tensor<2x2xsi32>, tensor<2x2xsi64>
}

// TopK above K = 16: each element's rank (the elements before it), then
// output position r takes the element of rank r.
// CHECK-LABEL: func.func @topk_rank
// CHECK:       %[[RANK:.*]] = linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]} ins(%arg0, %arg0 : tensor<20xf32>, tensor<20xf32>) outs({{.*}} : tensor<20xi64>)
// CHECK:         arith.cmpf ogt
// CHECK:         arith.extui
// CHECK:         arith.addi
// CHECK:       %[[OUT:.*]]:2 = linalg.generic {{.*}} ins(%arg0, %[[RANK]] : tensor<20xf32>, tensor<20xi64>) outs({{.*}} : tensor<17xf32>, tensor<17xi64>)
// CHECK:         arith.cmpi eq
// CHECK:       return %[[OUT]]#0, %[[OUT]]#1
func.func @topk_rank(%x: tensor<20xf32>) -> (tensor<17xf32>, tensor<17xsi64>) {
  %k = onnx.constant dense<[17]> : tensor<1xi64>
  %v, %i = onnx.node "TopK"<"ai.onnx", 11> name "tk"(%x, %k) {} : (tensor<20xf32>, tensor<1xi64>) -> (tensor<17xf32>, tensor<17xsi64>)
  return %v, %i : tensor<17xf32>, tensor<17xsi64>
}

// CumSum, reversed and exclusive: y[i] sums x[j] for j > i, a reduction
// over a second index along the axis.
// CHECK-LABEL: func.func @cumsum_reverse_exclusive
// CHECK:       linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "reduction"]} ins(%arg0 : tensor<2x3xf32>) outs({{.*}} : tensor<2x3xf32>)
// CHECK:         %[[I:.*]] = linalg.index 1
// CHECK:         %[[J:.*]] = linalg.index 2
// CHECK:         arith.cmpi ugt, %[[J]], %[[I]]
// CHECK:         arith.select
func.func @cumsum_reverse_exclusive(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %a = onnx.constant dense<1> : tensor<i32>
  %y = onnx.node "CumSum"<"ai.onnx", 14> name "cs"(%x, %a) {exclusive = 1 : i64, reverse = 1 : i64} : (tensor<2x3xf32>, tensor<i32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// LayerNormalization: mean and variance (two passes) over the dimensions
// from axis on, 1 / sqrt(var + epsilon); Mean and InvStdDev are outputs.
// CHECK-LABEL: func.func @layer_norm
// CHECK:       %[[SUM:.*]] = linalg.generic {{.*}}iterator_types = ["parallel", "reduction", "reduction"]} ins(%arg0 : tensor<2x3x4xf32>)
// CHECK:       %[[MEAN:.*]] = tosa.reshape {{.*}} -> tensor<2x1x1xf32>
// CHECK:       linalg.generic {{.*}} ins(%arg0, %[[MEAN]] : tensor<2x3x4xf32>, tensor<2x1x1xf32>)
// CHECK:         arith.subf
// CHECK:         arith.mulf
// CHECK:         arith.addf
// CHECK:       %[[VAR:.*]] = tosa.reshape {{.*}} -> tensor<2x1x1xf32>
// CHECK:       %[[INV:.*]] = linalg.generic {{.*}} ins(%[[VAR]] : tensor<2x1x1xf32>)
// CHECK:         arith.constant 9.99999974E-6 : f32
// CHECK:         math.sqrt
// CHECK:       %[[Y:.*]] = linalg.generic {{.*}} ins(%arg0, %[[INV]], %arg1, %[[MEAN]], %arg2 : {{.*}}) outs({{.*}} : tensor<2x3x4xf32>)
// CHECK:       return %[[Y]], %[[MEAN]], %[[INV]]
func.func @layer_norm(%x: tensor<2x3x4xf32>, %s: tensor<3x4xf32>, %b: tensor<4xf32>) -> (tensor<2x3x4xf32>, tensor<2x1x1xf32>, tensor<2x1x1xf32>) {
  %y, %m, %i = onnx.node "LayerNormalization"<"ai.onnx", 17> name "ln"(%x, %s, %b) {axis = 1 : i64} : (tensor<2x3x4xf32>, tensor<3x4xf32>, tensor<4xf32>) -> (tensor<2x3x4xf32>, tensor<2x1x1xf32>, tensor<2x1x1xf32>)
  return %y, %m, %i : tensor<2x3x4xf32>, tensor<2x1x1xf32>, tensor<2x1x1xf32>
}

// RMSNormalization: the mean of squares, no centering; the result has the
// scale's type.
// CHECK-LABEL: func.func @rms_norm
// CHECK:       linalg.generic {{.*}} ins(%arg0 : tensor<2x4xf16>) outs({{.*}} : tensor<2xf32>)
// CHECK:         arith.extf
// CHECK:         arith.mulf
// CHECK:       math.sqrt
// CHECK:       linalg.generic {{.*}} outs({{.*}} : tensor<2x4xf32>)
// CHECK:         arith.truncf {{.*}} : f32 to f16
// CHECK:         arith.extf {{.*}} : f16 to f32
// CHECK:         arith.mulf
func.func @rms_norm(%x: tensor<2x4xf16>, %s: tensor<4xf32>) -> tensor<2x4xf32> {
  %y = onnx.node "RMSNormalization"<"ai.onnx", 23> name "rms"(%x, %s) {} : (tensor<2x4xf16>, tensor<4xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// InstanceNormalization: statistics over the spatial dimensions, the scale
// and bias per channel.
// CHECK-LABEL: func.func @instance_norm
// CHECK:       linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "reduction", "reduction"]} ins(%arg0 : tensor<1x2x3x3xf32>)
// CHECK:       %[[S:.*]] = tosa.reshape %arg1, {{.*}} -> tensor<1x2x1x1xf32>
// CHECK:       %[[B:.*]] = tosa.reshape %arg2, {{.*}} -> tensor<1x2x1x1xf32>
// CHECK:       linalg.generic {{.*}} ins(%arg0, {{.*}}, {{.*}}, %[[S]], %[[B]] : {{.*}}) outs({{.*}} : tensor<1x2x3x3xf32>)
func.func @instance_norm(%x: tensor<1x2x3x3xf32>, %s: tensor<2xf32>, %b: tensor<2xf32>) -> tensor<1x2x3x3xf32> {
  %y = onnx.node "InstanceNormalization"<"ai.onnx", 6> name "in"(%x, %s, %b) {epsilon = 1.0e-3 : f32} : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// GroupNormalization-21: [N, groups, C / groups * spatial] statistics; the
// normalized input is rounded to X's type, then scaled per channel.
// CHECK-LABEL: func.func @group_norm_21
// CHECK:       %[[G:.*]] = tosa.reshape %arg0, {{.*}} -> tensor<1x2x4xf32>
// CHECK:       linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[G]] : tensor<1x2x4xf32>)
// CHECK:       %[[N:.*]] = linalg.generic {{.*}} ins(%[[G]], {{.*}}) outs({{.*}} : tensor<1x2x4xf32>)
// CHECK:       %[[NX:.*]] = tosa.reshape %[[N]], {{.*}} -> tensor<1x4x2x1xf32>
// CHECK:       %[[S:.*]] = tosa.reshape %arg1, {{.*}} -> tensor<1x4x1x1xf32>
// CHECK:       linalg.generic {{.*}} ins(%[[NX]], %[[S]], {{.*}}) outs({{.*}} : tensor<1x4x2x1xf32>)
func.func @group_norm_21(%x: tensor<1x4x2x1xf32>, %s: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<1x4x2x1xf32> {
  %y = onnx.node "GroupNormalization"<"ai.onnx", 21> name "gn"(%x, %s, %b) {num_groups = 2 : i64} : (tensor<1x4x2x1xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x1xf32>
  return %y : tensor<1x4x2x1xf32>
}

// GroupNormalization-18: the scale and bias are per group.
// CHECK-LABEL: func.func @group_norm_18
// CHECK:       %[[G:.*]] = tosa.reshape %arg0, {{.*}} -> tensor<1x2x4xf32>
// CHECK:       %[[S:.*]] = tosa.reshape %arg1, {{.*}} -> tensor<1x2x1xf32>
// CHECK:       %[[Y:.*]] = linalg.generic {{.*}} ins(%[[G]], {{.*}}, {{.*}}, %[[S]], {{.*}}) outs({{.*}} : tensor<1x2x4xf32>)
// CHECK:       tosa.reshape %[[Y]], {{.*}} -> tensor<1x4x2x1xf32>
func.func @group_norm_18(%x: tensor<1x4x2x1xf32>, %s: tensor<2xf32>, %b: tensor<2xf32>) -> tensor<1x4x2x1xf32> {
  %y = onnx.node "GroupNormalization"<"ai.onnx", 18> name "gn"(%x, %s, %b) {num_groups = 2 : i64} : (tensor<1x4x2x1xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x2x1xf32>
  return %y : tensor<1x4x2x1xf32>
}

// MeanVarianceNormalization: (x - mean) / (sqrt(var) + 1e-9) over the
// default axes 0, 2, 3.
// CHECK-LABEL: func.func @mvn
// CHECK:       linalg.generic {{.*}}iterator_types = ["reduction", "parallel", "reduction", "reduction"]} ins(%arg0 : tensor<2x3x2x2xf32>)
// CHECK:       linalg.generic {{.*}} outs({{.*}} : tensor<2x3x2x2xf32>)
// CHECK:         math.sqrt
// CHECK:         arith.constant 9.99999971E-10 : f32
// CHECK:         arith.divf
func.func @mvn(%x: tensor<2x3x2x2xf32>) -> tensor<2x3x2x2xf32> {
  %y = onnx.node "MeanVarianceNormalization"<"ai.onnx", 13> name "mvn"(%x) {} : (tensor<2x3x2x2xf32>) -> tensor<2x3x2x2xf32>
  return %y : tensor<2x3x2x2xf32>
}

// LRN: the channels padded by (size - 1) / 2 before and the rest after, a
// window of `size` summed per channel (the window operand gives its bound).
// CHECK-LABEL: func.func @lrn
// CHECK:       %[[P:.*]] = tensor.pad %arg0 low[0, 1, 0, 0] high[0, 2, 0, 0]
// CHECK:       %[[W:.*]] = tensor.empty() : tensor<4xi8>
// CHECK:       %[[SQ:.*]] = linalg.generic {indexing_maps = [#{{.*}}, #{{.*}}, #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%[[P]], %[[W]] : tensor<1x8x2x2xf32>, tensor<4xi8>)
// CHECK:       linalg.generic {{.*}} ins(%arg0, %[[SQ]] : {{.*}})
// CHECK:         math.powf
// CHECK:         arith.divf
func.func @lrn(%x: tensor<1x5x2x2xf32>) -> tensor<1x5x2x2xf32> {
  %y = onnx.node "LRN"<"ai.onnx", 13> name "lrn"(%x) {size = 4 : i64} : (tensor<1x5x2x2xf32>) -> tensor<1x5x2x2xf32>
  return %y : tensor<1x5x2x2xf32>
}

// BatchNormalization with constant f32 statistics: a TOSA multiply and add
// per channel (what qnn-fuse-epilogues folds).
// CHECK-LABEL: func.func @batchnorm_constant
// CHECK:       %[[M:.*]] = tosa.mul %arg0
// CHECK:       tosa.add %[[M]]
func.func @batchnorm_constant(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %p = onnx.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %y = onnx.node "BatchNormalization"<"ai.onnx", 15> name "bn"(%x, %p, %p, %p, %p) {} : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// Training mode: the batch's statistics normalize, the running ones move
// by the momentum.
// CHECK-LABEL: func.func @batchnorm_training
// CHECK:       linalg.generic {{.*}}iterator_types = ["reduction", "parallel", "reduction", "reduction"]} ins(%arg0 : tensor<2x2x2x2xf32>)
// CHECK:       %[[Y:.*]] = linalg.generic {{.*}} outs({{.*}} : tensor<2x2x2x2xf32>)
// CHECK:       %[[RM:.*]] = linalg.generic {{.*}} ins(%arg3, {{.*}} : tensor<2xf32>, tensor<2xf32>)
// CHECK:         arith.constant 0.899999976 : f32
// CHECK:       %[[RV:.*]] = linalg.generic {{.*}} ins(%arg4, {{.*}} : tensor<2xf32>, tensor<2xf32>)
// CHECK:       return %[[Y]], %[[RM]], %[[RV]]
func.func @batchnorm_training(%x: tensor<2x2x2x2xf32>, %s: tensor<2xf32>, %b: tensor<2xf32>, %m: tensor<2xf32>, %v: tensor<2xf32>) -> (tensor<2x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>) {
  %y, %rm, %rv = onnx.node "BatchNormalization"<"ai.onnx", 15> name "bn"(%x, %s, %b, %m, %v) {training_mode = 1 : i64} : (tensor<2x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<2x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>)
  return %y, %rm, %rv : tensor<2x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>
}

// NegativeLogLikelihoodLoss: the input and the weight read at the class
// (clamped into range), 0 where the target is ignore_index; the mean
// divides by the weights taken.
// CHECK-LABEL: func.func @nll_mean
// CHECK:       %[[PICK:.*]] = linalg.generic {{.*}} ins(%arg1 : tensor<2x3xi64>) outs({{.*}} : tensor<2x3xf32>)
// CHECK:         arith.maxsi
// CHECK:         arith.minsi
// CHECK:         tensor.extract %arg0
// CHECK:       %[[W:.*]] = linalg.generic {{.*}} ins(%arg1 : tensor<2x3xi64>)
// CHECK:         tensor.extract %arg2
// CHECK:       %[[LOSS:.*]] = linalg.generic {{.*}} ins(%[[PICK]], %arg1, %[[W]] : {{.*}})
// CHECK:         arith.constant -1 : i64
// CHECK:         arith.cmpi eq
// CHECK:         arith.negf
// CHECK:       linalg.generic {{.*}}iterator_types = ["reduction", "reduction"]} ins(%[[LOSS]] : tensor<2x3xf32>)
// CHECK:       arith.divf
// CHECK:       return {{.*}} : tensor<f32>
func.func @nll_mean(%x: tensor<2x4x3xf32>, %t: tensor<2x3xsi64>, %w: tensor<4xf32>) -> tensor<f32> {
  %y = onnx.node "NegativeLogLikelihoodLoss"<"ai.onnx", 13> name "nll"(%x, %t, %w) {ignore_index = -1 : i64} : (tensor<2x4x3xf32>, tensor<2x3xsi64>, tensor<4xf32>) -> tensor<f32>
  return %y : tensor<f32>
}

// SoftmaxCrossEntropyLoss: LogSoftmax over the classes, whose result is
// also output 1, then the negative log-likelihood.
// CHECK-LABEL: func.func @sce_none
// CHECK:       %[[LP:.*]] = linalg.generic {{.*}} outs({{.*}} : tensor<3x5xf32>)
// CHECK:         math.log
// CHECK:       %[[PICK:.*]] = linalg.generic {{.*}} ins(%arg1 : tensor<3xi32>)
// CHECK:         tensor.extract %[[LP]]
// CHECK:       %[[LOSS:.*]] = linalg.generic {{.*}} ins(%[[PICK]], %arg1 : tensor<3xf32>, tensor<3xi32>)
// CHECK:       return %[[LOSS]], %[[LP]]
func.func @sce_none(%x: tensor<3x5xf32>, %t: tensor<3xsi32>) -> (tensor<3xf32>, tensor<3x5xf32>) {
  %y, %lp = onnx.node "SoftmaxCrossEntropyLoss"<"ai.onnx", 13> name "sce"(%x, %t) {reduction = "none"} : (tensor<3x5xf32>, tensor<3xsi32>) -> (tensor<3xf32>, tensor<3x5xf32>)
  return %y, %lp : tensor<3xf32>, tensor<3x5xf32>
}
