// RUN: qnn-opt %s -convert-qnn-to-quant -split-input-file -verify-diagnostics

func.func @codebook(%x: tensor<4xf32>) {
  // expected-error @+1 {{'!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.25>' has no upstream !quant equivalent (codebook levels)}}
  %q = qnn.quantize %x : tensor<4xf32> -> tensor<4x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.25>>
  return
}

// -----

func.func @rounding(%x: tensor<4xf32>) {
  // expected-error @+1 {{quant.qcast rounds half to even; rounding mode 'floor' has no upstream equivalent}}
  %q = qnn.quantize %x {rounding = #qnn.rounding<floor>} : tensor<4xf32> -> tensor<4x!qnn.uniform<u2:f32, 0.5>>
  return
}

// -----

func.func @pack(%q: tensor<4x8x!qnn.uniform<u2:f32, 0.5>>) {
  // expected-error @+1 {{'qnn.pack' has no upstream quant counterpart}}
  %p = qnn.pack %q : tensor<4x8x!qnn.uniform<u2:f32, 0.5>> -> tensor<4x2xi8, #qnn.packed<bits = 2>>
  return
}
