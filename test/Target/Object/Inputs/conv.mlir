func.func @conv(%x: tensor<1x8x8x8x!qnn.uniform<u2:f32, 0.5>>) -> tensor<1x8x8x16xi32> {
  %w = qnn.constant dense<1> : tensor<16x3x3x8xui8> -> tensor<16x3x3x8x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.03>>
  %acc = qnn.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>} : tensor<1x8x8x8x!qnn.uniform<u2:f32, 0.5>>, tensor<16x3x3x8x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.03>> -> tensor<1x8x8x16xi32>
  return %acc : tensor<1x8x8x16xi32>
}
