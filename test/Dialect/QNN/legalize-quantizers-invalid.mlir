// RUN: qnn-opt %s -qnn-legalize-quantizers -split-input-file -verify-diagnostics

func.func @sawb_runtime(%w: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'qnn.sawb' op computes alpha_w from its input, which must be a constant to legalize}}
  %q = qnn.sawb %w : tensor<4xf32>
  return %q : tensor<4xf32>
}

// -----

func.func @apot_normalize_runtime(%w: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'qnn.apot' op computes the weight normalisation from its input, which must be a constant to legalize}}
  %q = qnn.apot %w {alpha = 3.0 : f32, bits = 4 : i32, is_signed, normalize} : tensor<4xf32>
  return %q : tensor<4xf32>
}

// -----

func.func @binary_runtime_mean(%w: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'qnn.binary' op computes mean |x| as its scale from its input, which must be a constant to legalize}}
  %q = qnn.binary %w : tensor<4xf32>
  return %q : tensor<4xf32>
}

// -----

func.func @ternary_runtime_twn(%w: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'qnn.ternary' op computes its threshold and scale from its input, which must be a constant to legalize}}
  %q = qnn.ternary %w : tensor<4xf32>
  return %q : tensor<4xf32>
}

// -----

func.func @slb_runtime_logits(%l: tensor<4x4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'qnn.slb' op takes the argmax of its logits, which must be a constant to legalize}}
  %q = qnn.slb %l : tensor<4x4xf32> -> tensor<4xf32>
  return %q : tensor<4xf32>
}

// -----

func.func @sawb_all_zero() -> tensor<4xf32> {
  %w = arith.constant dense<0.0> : tensor<4xf32>
  // expected-error @+1 {{'qnn.sawb' op cannot be typed: scale 0 is not a positive finite f32 value}}
  %q = qnn.sawb %w : tensor<4xf32>
  return %q : tensor<4xf32>
}

// -----

func.func @slb_runtime_unsorted(%c: tensor<4xi8>) -> tensor<4xf32> {
  // expected-error @+1 {{'qnn.slb' op run-time codes index 'values' in their given order; legalizing needs them sorted}}
  %q = qnn.slb %c {bits = 2 : i32, values = array<f64: 1.0, -1.0>} : tensor<4xi8> -> tensor<4xf32>
  return %q : tensor<4xf32>
}

// -----

func.func @slb_duplicate_values() -> tensor<2xf32> {
  %c = arith.constant dense<[0, 1]> : tensor<2xi8>
  // expected-error @+1 {{'qnn.slb' op cannot be typed: levels must be strictly increasing}}
  %q = qnn.slb %c {bits = 2 : i32, values = array<f64: 1.0, 1.0>} : tensor<2xi8> -> tensor<2xf32>
  return %q : tensor<2xf32>
}

// -----

func.func @slb_code_out_of_range() -> tensor<2xf32> {
  %c = arith.constant dense<[0, 4]> : tensor<2xi8>
  // expected-error @+1 {{'qnn.slb' op code 4 does not index its 4 values}}
  %q = qnn.slb %c {bits = 2 : i32} : tensor<2xi8> -> tensor<2xf32>
  return %q : tensor<2xf32>
}
