// RUN: qnn-opt %s -convert-qnn-to-linalg -split-input-file -verify-diagnostics

func.func @scheme(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'qnn.pact' op is a scheme quantizer: run qnn-legalize-quantizers before convert-qnn-to-linalg}}
  %y = qnn.pact %x {alpha = 1.0 : f32} : tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @pack(%q: tensor<4x8x!qnn.uniform<u2:f32, 0.5>>) {
  // expected-error @+1 {{'qnn.pack' op has no portable lowering yet (packed layouts are lowered by the vectorized CPU targets)}}
  %p = qnn.pack %q : tensor<4x8x!qnn.uniform<u2:f32, 0.5>> -> tensor<4x2xi8, #qnn.packed<bits = 2>>
  return
}
