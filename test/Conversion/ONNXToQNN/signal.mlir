// RUN: qnn-opt %s --convert-onnx-to-qnn | FileCheck %s

// The signal family (Signal.cpp): a transform is one linalg.generic that
// reduces over the signal, the factor e^(-+2 pi i k n / N) read from
// tables of cos and sin at k n mod N; windows and mel matrices of
// compile-time scalars are constants. The numbers are checked by
// signal-run.test and the ONNX node tests; this file checks what each
// handler emits.

// CHECK-DAG:   #[[$MX:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d3, 0)>
// CHECK-DAG:   #[[$FRAME:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d4 + d1 * 4, 0)>
// CHECK-DAG:   #[[$WIN:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d4)>

// DFT-20, complex f16 input, the axis as an input, inverse, dft_length 4
// truncating the 6 elements: computed in f32 over the first 4; the
// tables exact at the quarter turns; re = xr cos - xi sin, im = xr sin +
// xi cos; divided by N; rounded to f16.
// CHECK-LABEL: func.func @dft_inverse_truncate
// CHECK:       %[[X:.*]] = linalg.generic {{.*}} ins(%arg0 : tensor<2x6x2xf16>) outs({{.*}} : tensor<2x6x2xf32>)
// CHECK:       %[[XT:.*]] = tensor.extract_slice %[[X]][0, 0, 0] [2, 4, 2] [1, 1, 1]
// CHECK-DAG:   %[[COS:.*]] = arith.constant dense<[1.000000e+00, 0.000000e+00, -1.000000e+00, 0.000000e+00]> : tensor<4xf32>
// CHECK-DAG:   %[[SIN:.*]] = arith.constant dense<[0.000000e+00, 1.000000e+00, 0.000000e+00, -1.000000e+00]> : tensor<4xf32>
// CHECK-DAG:   %[[RE:.*]] = tensor.extract_slice %[[XT]][0, 0, 0] [2, 4, 1] [1, 1, 1]
// CHECK-DAG:   %[[IM:.*]] = tensor.extract_slice %[[XT]][0, 0, 1] [2, 4, 1] [1, 1, 1]
// CHECK:       %[[Y:.*]] = linalg.generic {indexing_maps = [#[[$MX]], #[[$MX]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%[[RE]], %[[IM]] : tensor<2x4x1xf32>, tensor<2x4x1xf32>) outs({{.*}} : tensor<2x4x2xf32>)
// CHECK:         %[[K:.*]] = linalg.index 1 : index
// CHECK:         %[[N:.*]] = linalg.index 3 : index
// CHECK:         %[[KN:.*]] = arith.muli %[[K]], %[[N]] : index
// CHECK:         %[[J:.*]] = arith.remui %[[KN]], %{{.*}} : index
// CHECK:         tensor.extract %[[COS]][%[[J]]]
// CHECK:         tensor.extract %[[SIN]][%[[J]]]
// CHECK-NOT:     arith.negf
// CHECK:         arith.subf
// CHECK:         arith.addf
// CHECK:         arith.select
// CHECK:       %[[D:.*]] = linalg.generic {{.*}} ins(%[[Y]] :
// CHECK:         arith.constant 4.000000e+00 : f32
// CHECK:         arith.divf
// CHECK:       linalg.generic {{.*}} ins(%[[D]] : tensor<2x4x2xf32>) outs({{.*}} : tensor<2x4x2xf16>)
// CHECK:         arith.truncf
func.func @dft_inverse_truncate(%x: tensor<2x6x2xf16>) -> tensor<2x4x2xf16> {
  %l = onnx.constant dense<4> : tensor<si64>
  %a = onnx.constant dense<1> : tensor<si64>
  %y = onnx.node "DFT"<"ai.onnx", 20> name "d"(%x, %l, %a) {inverse = 1 : i64} : (tensor<2x6x2xf16>, tensor<si64>, tensor<si64>) -> tensor<2x4x2xf16>
  return %y : tensor<2x4x2xf16>
}

// DFT-17 one-sided inverse (IRFFT) of 3 bins into 4 real samples: the
// bins of k = 0 and k = N / 2 count once, the others twice; real output.
// CHECK-LABEL: func.func @dft_irfft
// CHECK:       linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins({{.*}} : tensor<1x3x1xf32>, tensor<1x3x1xf32>) outs({{.*}} : tensor<1x4x1xf32>)
// CHECK:         arith.cmpi eq
// CHECK:         arith.cmpi eq
// CHECK:         arith.ori
// CHECK:         arith.select %{{.*}}, %{{.*}}, %{{.*}} : f32
// CHECK-NOT:     arith.select
// CHECK:         linalg.yield
// CHECK:       arith.divf
func.func @dft_irfft(%x: tensor<1x3x2xf32>) -> tensor<1x4x1xf32> {
  %y = onnx.node "DFT"<"ai.onnx", 17> name "d"(%x) {inverse = 1 : i64, onesided = 1 : i64, axis = 1 : i64} : (tensor<1x3x2xf32>) -> tensor<1x4x1xf32>
  return %y : tensor<1x4x1xf32>
}

// STFT without a window: frames of 8 every 4 samples, read at f * 4 + n; a
// window of ones bounds the reduction; forward: the sine negated.
// CHECK-LABEL: func.func @stft
// CHECK:       %[[ONES:.*]] = arith.constant dense<1.000000e+00> : tensor<8xf32>
// CHECK:       linalg.generic {indexing_maps = [#[[$FRAME]], #[[$WIN]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%arg0, %[[ONES]] : tensor<1x20x1xf32>, tensor<8xf32>) outs({{.*}} : tensor<1x4x5x2xf32>)
// CHECK:         arith.negf
// CHECK:         arith.mulf
func.func @stft(%x: tensor<1x20x1xf32>) -> tensor<1x4x5x2xf32> {
  %s = onnx.constant dense<4> : tensor<si64>
  %none = onnx.none
  %l = onnx.constant dense<8> : tensor<si64>
  %y = onnx.node "STFT"<"ai.onnx", 17> name "s"(%x, %s, %none, %l) {} : (tensor<1x20x1xf32>, tensor<si64>, none, tensor<si64>) -> tensor<1x4x5x2xf32>
  return %y : tensor<1x4x5x2xf32>
}

// A window of a compile-time size is a constant (f64 by output_datatype;
// int32 truncates as NumPy's astype).
// CHECK-LABEL: func.func @hann_f64
// CHECK:       %[[W:.*]] = arith.constant dense<[0.000000e+00, 0.49999999999999989, 1.000000e+00, 0.50000000000000011]> : tensor<4xf64>
// CHECK:       return %[[W]]
func.func @hann_f64() -> tensor<4xf64> {
  %s = onnx.constant dense<4> : tensor<si32>
  %y = onnx.node "HannWindow"<"ai.onnx", 17> name "h"(%s) {output_datatype = 11 : i64} : (tensor<si32>) -> tensor<4xf64>
  return %y : tensor<4xf64>
}

// CHECK-LABEL: func.func @blackman_symmetric_i32
// CHECK:       %[[W:.*]] = arith.constant dense<[0, 0, 1, 0, 0]> : tensor<5xi32>
// CHECK:       return %[[W]]
func.func @blackman_symmetric_i32() -> tensor<5xsi32> {
  %s = onnx.constant dense<5> : tensor<si64>
  %y = onnx.node "BlackmanWindow"<"ai.onnx", 17> name "b"(%s) {periodic = 0 : i64, output_datatype = 6 : i64} : (tensor<si64>) -> tensor<5xsi32>
  return %y : tensor<5xsi32>
}

// The mel matrix of 2 bins over 8 spectrogram bins, as the reference
// computes it: edges at frequency bins 0, 0, 1 and 3 (a first triangle of
// no width is 1 at its center).
// CHECK-LABEL: func.func @mel
// CHECK:       %[[M:.*]] = arith.constant dense<{{\[}}[1.000000e+00, 0.000000e+00], [0.000000e+00, 1.000000e+00], [0.000000e+00, 5.000000e-01], [0.000000e+00, 0.000000e+00], [0.000000e+00, 0.000000e+00], [0.000000e+00, 0.000000e+00], [0.000000e+00, 0.000000e+00], [0.000000e+00, 0.000000e+00]]> : tensor<8x2xf32>
// CHECK:       return %[[M]]
func.func @mel() -> tensor<8x2xf32> {
  %m = onnx.constant dense<2> : tensor<si64>
  %d = onnx.constant dense<14> : tensor<si64>
  %r = onnx.constant dense<8000> : tensor<si64>
  %lo = onnx.constant dense<0.0> : tensor<f32>
  %hi = onnx.constant dense<3000.0> : tensor<f32>
  %y = onnx.node "MelWeightMatrix"<"ai.onnx", 17> name "m"(%m, %d, %r, %lo, %hi) {} : (tensor<si64>, tensor<si64>, tensor<si64>, tensor<f32>, tensor<f32>) -> tensor<8x2xf32>
  return %y : tensor<8x2xf32>
}
