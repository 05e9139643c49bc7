// A small W2A2 model: PACT input quantizer, SAWB weights, a dense layer.
func.func @forward(%x: tensor<1x3xf32> {qnn.name = "image"}) -> (tensor<1x2xi32> {qnn.name = "scores"}) {
  %a = qnn.multithreshold %x {thresholds = dense<[[0.25, 0.75, 1.25]]> : tensor<1x3xf32>} : tensor<1x3xf32> -> tensor<1x3x!qnn.uniform<u2:f32, 0.5>>
  %w = qnn.constant dense<[[3, 0, 2], [0, 2, 2]]> : tensor<2x3xui8> -> tensor<2x3x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.1>>
  %acc = qnn.dense %a, %w : tensor<1x3x!qnn.uniform<u2:f32, 0.5>>, tensor<2x3x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.1>> -> tensor<1x2xi32>
  return %acc : tensor<1x2xi32>
}

// A second entry point, returning codes.
func.func @codes(%x: tensor<4xf32>) -> tensor<4x!qnn.uniform<u2:f32, 0.5>> {
  %q = qnn.quantize %x : tensor<4xf32> -> tensor<4x!qnn.uniform<u2:f32, 0.5>>
  return %q : tensor<4x!qnn.uniform<u2:f32, 0.5>>
}
