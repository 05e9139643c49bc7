// RUN: qnn-opt %s -convert-quant-to-qnn -split-input-file -verify-diagnostics

// expected-error @+1 {{'!quant.uniform<i16:f32, 5.000000e-01>' is not representable in qnn: 16-bit storage exceeds qnn's 1 to 8 bits}}
func.func @wide(%x: tensor<4xf32>) -> tensor<4x!quant.uniform<i16:f32, 0.5>> {
  // expected-error @+1 {{16-bit storage exceeds qnn's 1 to 8 bits}}
  %q = quant.qcast %x : tensor<4xf32> to tensor<4x!quant.uniform<i16:f32, 0.5>>
  // expected-error @+1 {{16-bit storage exceeds qnn's 1 to 8 bits}}
  return %q : tensor<4x!quant.uniform<i16:f32, 0.5>>
}

// -----

func.func @sub_channel(%x: tensor<2x4xf32>) {
  // expected-error @+1 {{is not representable in qnn: sub-channel (blockwise) scales are not supported; qnn types are per tensor or per channel}}
  %q = quant.qcast %x : tensor<2x4xf32> to tensor<2x4x!quant.uniform<i8:f32:{0:1, 1:2}, {{2.0, 3.0}, {4.0, 5.0}}>>
  return
}

// -----

func.func @any(%x: tensor<4x!quant.any<i8:f32>>) {
  // expected-error @-1 {{'!quant.any<i8:f32>' is not representable in qnn: it has no scale (only !quant.uniform converts)}}
  return
}

// -----

// expected-error @+1 {{is not representable in qnn: zero point 300 is outside the storage range [0, 255]}}
func.func private @zero_point(tensor<4x!quant.uniform<u8:f32, 0.5:300>>)
