// RUN: qnn-opt %s --convert-onnx-to-qnn | FileCheck %s

// The recurrent family (Sequence.cpp): the input projection of every step
// is one linalg.matmul before an scf.for over the steps, which carries the
// states and Y as tensors; a step multiplies the hidden state by R^T and
// applies the gates as linalg.generic ops. The numbers are checked by
// sequence-run.test and the ONNX node tests; this file checks what each
// handler emits.

// RNN-7 forward: X [seq * batch, input] x W^T, then per step H x R^T and
// tanh; Y gets the step's H at [s], Y_h is the last H.
// CHECK-LABEL: func.func @rnn_forward
// CHECK:       %[[WT:.*]] = linalg.transpose ins({{.*}} : tensor<5x4xf32>) outs({{.*}} : tensor<4x5xf32>) permutation = [1, 0]
// CHECK:       %[[RT:.*]] = linalg.transpose ins({{.*}} : tensor<5x5xf32>) outs({{.*}} : tensor<5x5xf32>) permutation = [1, 0]
// CHECK:       %[[X2:.*]] = tosa.reshape %arg0, {{.*}} -> tensor<6x4xf32>
// CHECK:       %[[PROJ:.*]] = linalg.matmul ins(%[[X2]], %[[WT]] : tensor<6x4xf32>, tensor<4x5xf32>)
// CHECK:       %[[STEPS:.*]] = tosa.reshape %[[PROJ]], {{.*}} -> tensor<3x2x5xf32>
// CHECK:       %[[LOOP:.*]]:2 = scf.for %[[S:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[H:.*]] = %{{.*}}, %[[Y:.*]] = %{{.*}}) -> (tensor<2x5xf32>, tensor<3x2x5xf32>)
// CHECK:         %[[XS:.*]] = tensor.extract_slice %[[STEPS]][%[[S]], 0, 0] [1, 2, 5] [1, 1, 1] : tensor<3x2x5xf32> to tensor<2x5xf32>
// CHECK:         %[[HR:.*]] = linalg.matmul ins(%[[H]], %[[RT]] : tensor<2x5xf32>, tensor<5x5xf32>)
// CHECK:         %[[PRE:.*]] = linalg.generic {{.*}} ins(%[[XS]], %[[HR]] :
// CHECK:           arith.addf
// CHECK:         %[[HN:.*]] = linalg.generic {{.*}} ins(%[[PRE]] :
// CHECK:           math.tanh
// CHECK:         %[[HN3:.*]] = tosa.reshape %[[HN]], {{.*}} -> tensor<1x2x5xf32>
// CHECK:         %[[YN:.*]] = tensor.insert_slice %[[HN3]] into %[[Y]][%[[S]], 0, 0] [1, 2, 5] [1, 1, 1]
// CHECK:         %[[HC:.*]] = linalg.copy ins(%[[HN]] : tensor<2x5xf32>) outs(%[[H]] : tensor<2x5xf32>)
// CHECK:         scf.yield %[[HC]], %[[YN]]
// CHECK:       tosa.reshape %[[LOOP]]#1, {{.*}} -> tensor<3x1x2x5xf32>
// CHECK:       tosa.reshape %[[LOOP]]#0, {{.*}} -> tensor<1x2x5xf32>
func.func @rnn_forward(%x: tensor<3x2x4xf32>, %w: tensor<1x5x4xf32>, %r: tensor<1x5x5xf32>) -> (tensor<3x1x2x5xf32>, tensor<1x2x5xf32>) {
  %y:2 = onnx.node "RNN"<"ai.onnx", 7> name "r"(%x, %w, %r) {hidden_size = 5 : i64} : (tensor<3x2x4xf32>, tensor<1x5x4xf32>, tensor<1x5x5xf32>) -> (tensor<3x1x2x5xf32>, tensor<1x2x5xf32>)
  return %y#0, %y#1 : tensor<3x1x2x5xf32>, tensor<1x2x5xf32>
}

// GRU-14 reverse with run-time sequence_lens, linear_before_reset and clip:
// the lengths clamped to [0, 3]; X read backwards from each entry's last
// step; Wb + Rb (Rbh left out) added to the projection; the gates clipped
// to [-2, 2]; r scales H x Rh^T + Rbh; steps past an entry's length keep H
// and write 0; Y read backwards again.
// CHECK-LABEL: func.func @gru_reverse_lens
// CHECK:       %[[LENS:.*]] = linalg.generic {{.*}} ins(%arg4 : tensor<2xi32>) outs({{.*}} : tensor<2xi64>)
// CHECK:         arith.extsi
// CHECK:         arith.maxsi
// CHECK:         arith.minsi
// CHECK-DAG:   %[[CMIN:.*]] = arith.constant -2.000000e+00 : f32
// CHECK-DAG:   %[[CMAX:.*]] = arith.constant 2.000000e+00 : f32
// CHECK:       %[[RB:.*]] = tensor.extract_slice %arg3[0, 9] [1, 9] [1, 1]
// CHECK:       %[[RBH:.*]] = tensor.extract_slice %[[RB]][6] [3] [1]
// CHECK:       %[[RBZR:.*]] = tensor.extract_slice %[[RB]][0] [6] [1]
// CHECK:       %[[RB1:.*]] = tensor.insert_slice %[[RBZR]] into
// CHECK:       %[[RB2:.*]] = tensor.insert_slice %{{.*}} into %[[RB1]][6] [3] [1]
// CHECK:       %[[XREV:.*]] = linalg.generic {{.*}} outs({{.*}} : tensor<3x2x4xf32>)
// CHECK:         arith.cmpi slt
// CHECK:         arith.select
// CHECK:         tensor.extract %arg0
// CHECK:       %[[RZR:.*]] = tensor.extract_slice %{{.*}}[0, 0] [3, 6] [1, 1]
// CHECK:       %[[RH:.*]] = tensor.extract_slice %{{.*}}[0, 6] [3, 3] [1, 1]
// CHECK:       scf.for %[[S:.*]] = {{.*}} iter_args(%[[H:.*]] = %{{.*}}, %[[Y:.*]] = %{{.*}}) -> (tensor<2x3xf32>, tensor<3x2x3xf32>)
// CHECK:         linalg.matmul ins(%[[H]], %[[RZR]] :
// CHECK:         linalg.generic
// CHECK:           arith.maximumf %{{.*}}, %[[CMIN]]
// CHECK:           arith.minimumf %{{.*}}, %[[CMAX]]
// CHECK:           math.exp
// CHECK:         %[[R:.*]] = linalg.generic
// CHECK:           math.exp
// CHECK:         %[[HH:.*]] = linalg.matmul ins(%[[H]], %[[RH]] :
// CHECK:         %[[CAND:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %[[R]], %[[HH]], %[[RBH]] :
// CHECK:           arith.addf
// CHECK:           arith.mulf
// CHECK:           arith.addf
// CHECK:           math.tanh
// CHECK:         %[[HN:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %[[CAND]], %[[H]] :
// CHECK:         %[[YS:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %[[HN]] : tensor<2x1xi64>, tensor<2x3xf32>)
// CHECK:           arith.index_cast %[[S]]
// CHECK:           arith.cmpi slt
// CHECK:           arith.select
// CHECK:         %[[HK:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %[[HN]], %[[H]] : tensor<2x1xi64>, tensor<2x3xf32>, tensor<2x3xf32>)
// CHECK:         linalg.copy ins(%[[HK]] : tensor<2x3xf32>) outs(%[[H]] : tensor<2x3xf32>)
// CHECK:       linalg.generic {{.*}} outs({{.*}} : tensor<3x2x3xf32>)
// CHECK:         tensor.extract
func.func @gru_reverse_lens(%x: tensor<3x2x4xf32>, %w: tensor<1x9x4xf32>, %r: tensor<1x9x3xf32>, %b: tensor<1x18xf32>, %l: tensor<2xi32>) -> tensor<1x2x3xf32> {
  %y:2 = onnx.node "GRU"<"ai.onnx", 14> name "g"(%x, %w, %r, %b, %l) {hidden_size = 3 : i64, direction = "reverse", linear_before_reset = 1 : i64, clip = 2.0 : f32} : (tensor<3x2x4xf32>, tensor<1x9x4xf32>, tensor<1x9x3xf32>, tensor<1x18xf32>, tensor<2xi32>) -> (!onnx.unknown, tensor<1x2x3xf32>)
  return %y#1 : tensor<1x2x3xf32>
}

// A constant sequence_lens of full length is no sequence_lens: no masks.
// CHECK-LABEL: func.func @rnn_full_lens
// CHECK-NOT:   arith.cmpi
// CHECK:       scf.for
// CHECK-NOT:   arith.cmpi
// CHECK:       return
func.func @rnn_full_lens(%x: tensor<3x2x4xf32>, %w: tensor<1x5x4xf32>, %r: tensor<1x5x5xf32>) -> tensor<1x2x5xf32> {
  %none = onnx.none
  %l = onnx.constant dense<3> : tensor<2xsi32>
  %y:2 = onnx.node "RNN"<"ai.onnx", 14> name "r"(%x, %w, %r, %none, %l) {} : (tensor<3x2x4xf32>, tensor<1x5x4xf32>, tensor<1x5x5xf32>, none, tensor<2xsi32>) -> (!onnx.unknown, tensor<1x2x5xf32>)
  return %y#1 : tensor<1x2x5xf32>
}

// LSTM-22 bidirectional, layout 1, f16, peepholes, input_forget: computed
// in f32; X [batch, seq, input] transposed to [seq, batch, input]; one loop
// per direction carrying H, C and Y; the cell state from i, 1 - i, c~ and
// the peepholes of i and f; H from o (peephole on the new C) and tanh(C);
// Y [seq, dirs, batch, hidden] and Y_c transposed to layout 1 and
// rounded to f16.
// CHECK-LABEL: func.func @lstm_bidirectional_layout1_f16
// CHECK:       %[[X:.*]] = linalg.generic {{.*}} ins(%arg0 : tensor<2x3x4xf16>) outs({{.*}} : tensor<2x3x4xf32>)
// CHECK:         arith.extf
// CHECK:       linalg.transpose ins(%[[X]] : tensor<2x3x4xf32>) outs({{.*}} : tensor<3x2x4xf32>) permutation = [1, 0, 2]
// CHECK:       %[[F:.*]]:3 = scf.for {{.*}} iter_args(%[[H:.*]] = %{{.*}}, %[[C:.*]] = %{{.*}}, %[[Y:.*]] = %{{.*}}) -> (tensor<2x2xf32>, tensor<2x2xf32>, tensor<3x2x2xf32>)
// CHECK:         %[[CN:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %{{.*}}, %{{.*}}, %[[C]], %{{.*}}, %{{.*}} : tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2xf32>, tensor<2xf32>)
// CHECK:           math.exp
// CHECK:           arith.subf
// CHECK:           math.tanh
// CHECK:         %[[HN:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %[[CN]], %{{.*}} : tensor<2x2xf32>, tensor<2x2xf32>, tensor<2xf32>)
// CHECK:           math.tanh
// CHECK:         %[[HC:.*]] = linalg.copy ins(%[[HN]] : {{.*}}) outs(%[[H]] :
// CHECK:         %[[CC:.*]] = linalg.copy ins(%[[CN]] : {{.*}}) outs(%[[C]] :
// CHECK:         scf.yield %[[HC]], %[[CC]],
// CHECK:       %[[B:.*]]:3 = scf.for
// CHECK:       %[[Y0:.*]] = tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 0, 0] [3, 1, 2, 2]
// CHECK:       %[[Y1:.*]] = tensor.insert_slice %{{.*}} into %[[Y0]][0, 1, 0, 0] [3, 1, 2, 2]
// CHECK:       %[[YT:.*]] = linalg.transpose ins(%[[Y1]] : tensor<3x2x2x2xf32>) outs({{.*}} : tensor<2x3x2x2xf32>) permutation = [2, 0, 1, 3]
// CHECK:       %[[YO:.*]] = linalg.generic {{.*}} ins(%[[YT]] : tensor<2x3x2x2xf32>) outs({{.*}} : tensor<2x3x2x2xf16>)
// CHECK:         arith.truncf
// Y_h, which nothing reads, then Y_c.
// CHECK:       linalg.generic {{.*}} outs({{.*}} : tensor<2x2x2xf16>)
// CHECK:       %[[YC:.*]] = linalg.generic {{.*}} outs({{.*}} : tensor<2x2x2xf16>)
// CHECK:       return %[[YO]], %[[YC]]
func.func @lstm_bidirectional_layout1_f16(%x: tensor<2x3x4xf16>, %w: tensor<2x8x4xf16>, %r: tensor<2x8x2xf16>, %p: tensor<2x6xf16>) -> (tensor<2x3x2x2xf16>, tensor<2x2x2xf16>) {
  %none = onnx.none
  %y:3 = onnx.node "LSTM"<"ai.onnx", 22> name "l"(%x, %w, %r, %none, %none, %none, %none, %p) {direction = "bidirectional", layout = 1 : i64, input_forget = 1 : i64} : (tensor<2x3x4xf16>, tensor<2x8x4xf16>, tensor<2x8x2xf16>, none, none, none, none, tensor<2x6xf16>) -> (tensor<2x3x2x2xf16>, !onnx.unknown, tensor<2x2x2xf16>)
  return %y#0, %y#2 : tensor<2x3x2x2xf16>, tensor<2x2x2xf16>
}

// Activation functions with their alpha and beta, consumed in order by the
// functions that read them: LeakyRelu takes 0.5, Affine 2.0 and beta 0.25
// (the second direction's ScaledTanh and HardSigmoid fall back to their
// defaults 1.0, 1.0 and 0.2, 0.5).
// CHECK-LABEL: func.func @rnn_activations
// CHECK:       scf.for
// CHECK:         linalg.generic
// CHECK:           arith.constant 5.000000e-01 : f64
// CHECK:           arith.cmpf oge
// CHECK:           arith.select
// CHECK:       scf.for
// CHECK:         linalg.generic
// CHECK:           arith.constant 2.000000e+00 : f64
// CHECK:           arith.mulf
// CHECK:           arith.constant 2.500000e-01 : f64
// CHECK:           arith.addf
func.func @rnn_activations(%x: tensor<3x2x4xf64>, %w: tensor<2x5x4xf64>, %r: tensor<2x5x5xf64>) -> tensor<2x2x5xf64> {
  %y:2 = onnx.node "RNN"<"ai.onnx", 14> name "r"(%x, %w, %r) {direction = "bidirectional", activations = ["LeakyRelu", "affine"], activation_alpha = array<f32: 0.5, 2.0>, activation_beta = array<f32: 0.25>} : (tensor<3x2x4xf64>, tensor<2x5x4xf64>, tensor<2x5x5xf64>) -> (!onnx.unknown, tensor<2x2x5xf64>)
  return %y#1 : tensor<2x2x5xf64>
}
