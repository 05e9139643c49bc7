// RUN: qnn-opt %s --convert-onnx-to-qnn -split-input-file -verify-diagnostics

// Every error of the signal family (Signal.cpp).

func.func @f(%x: tensor<1x8x1xi32>) -> tensor<1x8x2xi32> {
  // expected-error @+1 {{DFT node 'n': input of element type 'i32' is not a float type}}
  %y = onnx.node "DFT"<"ai.onnx", 17> name "n"(%x) {} : (tensor<1x8x1xi32>) -> tensor<1x8x2xi32>
  return %y : tensor<1x8x2xi32>
}

// -----

func.func @f(%x: tensor<1x8x3xf32>) -> tensor<1x8x2xf32> {
  // expected-error @+1 {{DFT node 'n': input of shape [1, 8, 3] is not [..., 1] (real) or [..., 2] (complex)}}
  %y = onnx.node "DFT"<"ai.onnx", 17> name "n"(%x) {} : (tensor<1x8x3xf32>) -> tensor<1x8x2xf32>
  return %y : tensor<1x8x2xf32>
}

// -----

func.func @f(%x: tensor<1x8x1xf32>) -> tensor<1x8x2xf32> {
  // expected-error @+1 {{DFT node 'n': axis 2 is outside [-3, -2] and [0, 1]}}
  %y = onnx.node "DFT"<"ai.onnx", 17> name "n"(%x) {axis = 2 : i64} : (tensor<1x8x1xf32>) -> tensor<1x8x2xf32>
  return %y : tensor<1x8x2xf32>
}

// -----

func.func @f(%x: tensor<1x8x1xf32>) -> tensor<1x8x2xf32> {
  %none = onnx.none
  %a = onnx.constant dense<-1> : tensor<si64>
  // expected-error @+1 {{DFT node 'n': axis -1 is outside [-3, -2] and [0, 1]}}
  %y = onnx.node "DFT"<"ai.onnx", 20> name "n"(%x, %none, %a) {} : (tensor<1x8x1xf32>, none, tensor<si64>) -> tensor<1x8x2xf32>
  return %y : tensor<1x8x2xf32>
}

// -----

func.func @f(%x: tensor<1x8x1xf32>) -> tensor<1x8x2xf32> {
  %none = onnx.none
  %a = onnx.constant dense<[1, 1]> : tensor<2xsi64>
  // expected-error @+1 {{DFT node 'n': axis has 2 elements, expected a scalar}}
  %y = onnx.node "DFT"<"ai.onnx", 20> name "n"(%x, %none, %a) {} : (tensor<1x8x1xf32>, none, tensor<2xsi64>) -> tensor<1x8x2xf32>
  return %y : tensor<1x8x2xf32>
}

// -----

func.func @f(%x: tensor<1x8x2xf32>) -> tensor<1x5x2xf32> {
  // expected-error @+1 {{DFT node 'n': onesided forward transforms (RFFT) of complex input are not defined}}
  %y = onnx.node "DFT"<"ai.onnx", 20> name "n"(%x) {onesided = 1 : i64} : (tensor<1x8x2xf32>) -> tensor<1x5x2xf32>
  return %y : tensor<1x5x2xf32>
}

// -----

func.func @f(%x: tensor<1x8x1xf32>) -> tensor<1x14x1xf32> {
  // expected-error @+1 {{DFT node 'n': onesided inverse transforms (IRFFT) of real input are not defined}}
  %y = onnx.node "DFT"<"ai.onnx", 20> name "n"(%x) {onesided = 1 : i64, inverse = 1 : i64} : (tensor<1x8x1xf32>) -> tensor<1x14x1xf32>
  return %y : tensor<1x14x1xf32>
}

// -----

func.func @f(%x: tensor<1x8x1xf32>) -> tensor<1x8x2xf32> {
  %l = onnx.constant dense<0> : tensor<si64>
  // expected-error @+1 {{DFT node 'n': dft_length 0 is not positive}}
  %y = onnx.node "DFT"<"ai.onnx", 17> name "n"(%x, %l) {} : (tensor<1x8x1xf32>, tensor<si64>) -> tensor<1x8x2xf32>
  return %y : tensor<1x8x2xf32>
}

// -----

func.func @f(%x: tensor<1x8x1xf32>, %l: tensor<si64>) -> tensor<1x8x2xf32> {
  // expected-error @+1 {{DFT node 'n': input 1 (dft_length) must be known at compile time: qnn compiles static shapes}}
  %y = onnx.node "DFT"<"ai.onnx", 17> name "n"(%x, %l) {} : (tensor<1x8x1xf32>, tensor<si64>) -> tensor<1x8x2xf32>
  return %y : tensor<1x8x2xf32>
}

// -----

func.func @f(%x: tensor<1x8x1xf32>) -> tensor<1x8x2xf32> {
  // expected-error @+1 {{DFT node 'n': attribute 'axis' (1 : i64) is not supported by qnn's reading of DFT-20}}
  %y = onnx.node "DFT"<"ai.onnx", 20> name "n"(%x) {axis = 1 : i64} : (tensor<1x8x1xf32>) -> tensor<1x8x2xf32>
  return %y : tensor<1x8x2xf32>
}

// -----

func.func @f(%x: tensor<1x16x1xi8>) -> tensor<1x1x9x2xi8> {
  %s = onnx.constant dense<4> : tensor<si64>
  // expected-error @+1 {{STFT node 'n': signal of element type 'i8' is not a float type}}
  %y = onnx.node "STFT"<"ai.onnx", 17> name "n"(%x, %s) {} : (tensor<1x16x1xi8>, tensor<si64>) -> tensor<1x1x9x2xi8>
  return %y : tensor<1x1x9x2xi8>
}

// -----

func.func @f(%x: tensor<16x1xf32>) -> tensor<1x1x9x2xf32> {
  %s = onnx.constant dense<4> : tensor<si64>
  // expected-error @+1 {{STFT node 'n': signal of shape [16, 1] is not [batch, length, 1 or 2]}}
  %y = onnx.node "STFT"<"ai.onnx", 17> name "n"(%x, %s) {} : (tensor<16x1xf32>, tensor<si64>) -> tensor<1x1x9x2xf32>
  return %y : tensor<1x1x9x2xf32>
}

// -----

func.func @f(%x: tensor<1x16x2xf32>) -> tensor<1x1x9x2xf32> {
  %s = onnx.constant dense<4> : tensor<si64>
  // expected-error @+1 {{STFT node 'n': onesided transforms of a complex signal are not defined}}
  %y = onnx.node "STFT"<"ai.onnx", 17> name "n"(%x, %s) {} : (tensor<1x16x2xf32>, tensor<si64>) -> tensor<1x1x9x2xf32>
  return %y : tensor<1x1x9x2xf32>
}

// -----

func.func @f(%x: tensor<1x16x1xf32>) -> tensor<1x1x9x2xf32> {
  %s = onnx.constant dense<0> : tensor<si64>
  // expected-error @+1 {{STFT node 'n': frame_step 0 is not positive}}
  %y = onnx.node "STFT"<"ai.onnx", 17> name "n"(%x, %s) {} : (tensor<1x16x1xf32>, tensor<si64>) -> tensor<1x1x9x2xf32>
  return %y : tensor<1x1x9x2xf32>
}

// -----

func.func @f(%x: tensor<1x16x1xf32>, %w: tensor<2x4xf32>) -> tensor<1x4x3x2xf32> {
  %s = onnx.constant dense<4> : tensor<si64>
  // expected-error @+1 {{STFT node 'n': window has rank 2, expected 1}}
  %y = onnx.node "STFT"<"ai.onnx", 17> name "n"(%x, %s, %w) {} : (tensor<1x16x1xf32>, tensor<si64>, tensor<2x4xf32>) -> tensor<1x4x3x2xf32>
  return %y : tensor<1x4x3x2xf32>
}

// -----

func.func @f(%x: tensor<1x16x1xf32>, %w: tensor<4xf16>) -> tensor<1x4x3x2xf32> {
  %s = onnx.constant dense<4> : tensor<si64>
  // expected-error @+1 {{STFT node 'n': window has element type 'f16', the signal 'f32'}}
  %y = onnx.node "STFT"<"ai.onnx", 17> name "n"(%x, %s, %w) {} : (tensor<1x16x1xf32>, tensor<si64>, tensor<4xf16>) -> tensor<1x4x3x2xf32>
  return %y : tensor<1x4x3x2xf32>
}

// -----

func.func @f(%x: tensor<1x16x1xf32>, %w: tensor<4xf32>) -> tensor<1x4x3x2xf32> {
  %s = onnx.constant dense<4> : tensor<si64>
  %l = onnx.constant dense<6> : tensor<si64>
  // expected-error @+1 {{STFT node 'n': frame_length 6 differs from the window's length 4}}
  %y = onnx.node "STFT"<"ai.onnx", 17> name "n"(%x, %s, %w, %l) {} : (tensor<1x16x1xf32>, tensor<si64>, tensor<4xf32>, tensor<si64>) -> tensor<1x4x3x2xf32>
  return %y : tensor<1x4x3x2xf32>
}

// -----

func.func @f(%x: tensor<1x16x1xf32>) -> tensor<1x1x11x2xf32> {
  %s = onnx.constant dense<4> : tensor<si64>
  %none = onnx.none
  %l = onnx.constant dense<20> : tensor<si64>
  // expected-error @+1 {{STFT node 'n': frame_length 20 is outside [1, 16] (the signal's length)}}
  %y = onnx.node "STFT"<"ai.onnx", 17> name "n"(%x, %s, %none, %l) {} : (tensor<1x16x1xf32>, tensor<si64>, none, tensor<si64>) -> tensor<1x1x11x2xf32>
  return %y : tensor<1x1x11x2xf32>
}

// -----

func.func @f() -> tensor<4xf32> {
  %s = onnx.constant dense<4> : tensor<si64>
  // expected-error @+1 {{HannWindow node 'n': output_datatype 8 is not supported}}
  %y = onnx.node "HannWindow"<"ai.onnx", 17> name "n"(%s) {output_datatype = 8 : i64} : (tensor<si64>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @f() -> tensor<4xf32> {
  %s = onnx.constant dense<-2> : tensor<si64>
  // expected-error @+1 {{HammingWindow node 'n': size -2 is negative}}
  %y = onnx.node "HammingWindow"<"ai.onnx", 17> name "n"(%s) {} : (tensor<si64>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @f(%s: tensor<si64>) -> tensor<4xf32> {
  // expected-error @+1 {{BlackmanWindow node 'n': input 0 (size) must be known at compile time: qnn compiles static shapes}}
  %y = onnx.node "BlackmanWindow"<"ai.onnx", 17> name "n"(%s) {} : (tensor<si64>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @f() -> tensor<8x2xf32> {
  %m = onnx.constant dense<2> : tensor<si64>
  %d = onnx.constant dense<14> : tensor<si64>
  %r = onnx.constant dense<8000> : tensor<si64>
  %lo = onnx.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %hi = onnx.constant dense<3000.0> : tensor<f32>
  // expected-error @+1 {{MelWeightMatrix node 'n': sample_rate, lower_edge_hertz and upper_edge_hertz must be scalars}}
  %y = onnx.node "MelWeightMatrix"<"ai.onnx", 17> name "n"(%m, %d, %r, %lo, %hi) {} : (tensor<si64>, tensor<si64>, tensor<si64>, tensor<2xf32>, tensor<f32>) -> tensor<8x2xf32>
  return %y : tensor<8x2xf32>
}

// -----

func.func @f() -> tensor<8x2xf32> {
  %m = onnx.constant dense<0> : tensor<si64>
  %d = onnx.constant dense<14> : tensor<si64>
  %r = onnx.constant dense<8000> : tensor<si64>
  %lo = onnx.constant dense<0.0> : tensor<f32>
  %hi = onnx.constant dense<3000.0> : tensor<f32>
  // expected-error @+1 {{MelWeightMatrix node 'n': num_mel_bins 0 and dft_length 14 must be positive}}
  %y = onnx.node "MelWeightMatrix"<"ai.onnx", 17> name "n"(%m, %d, %r, %lo, %hi) {} : (tensor<si64>, tensor<si64>, tensor<si64>, tensor<f32>, tensor<f32>) -> tensor<8x2xf32>
  return %y : tensor<8x2xf32>
}

// -----

func.func @f() -> tensor<8x2xf32> {
  %m = onnx.constant dense<2> : tensor<si64>
  %d = onnx.constant dense<14> : tensor<si64>
  %r = onnx.constant dense<0> : tensor<si64>
  %lo = onnx.constant dense<0.0> : tensor<f32>
  %hi = onnx.constant dense<3000.0> : tensor<f32>
  // expected-error @+1 {{MelWeightMatrix node 'n': sample_rate 0 is not positive}}
  %y = onnx.node "MelWeightMatrix"<"ai.onnx", 17> name "n"(%m, %d, %r, %lo, %hi) {} : (tensor<si64>, tensor<si64>, tensor<si64>, tensor<f32>, tensor<f32>) -> tensor<8x2xf32>
  return %y : tensor<8x2xf32>
}

// -----

func.func @f() -> tensor<8x2xf32> {
  %m = onnx.constant dense<2> : tensor<si64>
  %d = onnx.constant dense<14> : tensor<si64>
  %r = onnx.constant dense<2000> : tensor<si64>
  %lo = onnx.constant dense<0.0> : tensor<f32>
  %hi = onnx.constant dense<3000.0> : tensor<f32>
  // expected-error @+1 {{MelWeightMatrix node 'n': mel edge 3 falls in frequency bin 13, outside the 8 bins of the spectrogram}}
  %y = onnx.node "MelWeightMatrix"<"ai.onnx", 17> name "n"(%m, %d, %r, %lo, %hi) {} : (tensor<si64>, tensor<si64>, tensor<si64>, tensor<f32>, tensor<f32>) -> tensor<8x2xf32>
  return %y : tensor<8x2xf32>
}

// -----

// Every mel input that is not a constant is reported at once.
func.func @f(%r: tensor<si64>, %hi: tensor<f32>) -> tensor<8x2xf32> {
  %m = onnx.constant dense<2> : tensor<si64>
  %d = onnx.constant dense<14> : tensor<si64>
  %lo = onnx.constant dense<0.0> : tensor<f32>
  // expected-error @+2 {{MelWeightMatrix node 'n': input 2 (sample_rate) must be known at compile time}}
  // expected-error @+1 {{MelWeightMatrix node 'n': input 4 (upper_edge_hertz) must be known at compile time}}
  %y = onnx.node "MelWeightMatrix"<"ai.onnx", 17> name "n"(%m, %d, %r, %lo, %hi) {} : (tensor<si64>, tensor<si64>, tensor<si64>, tensor<f32>, tensor<f32>) -> tensor<8x2xf32>
  return %y : tensor<8x2xf32>
}
