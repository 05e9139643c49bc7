// The model qnn-runtime-fuzzer drives: two entry points, one of them a
// convolution whose loops run on the runtime's thread pool.
func.func @forward(%x: tensor<1x6x6x3xf32> {qnn.name = "image"}) -> (tensor<1x6x6x4xf32> {qnn.name = "features"}) {
  %a = qnn.multithreshold %x {thresholds = dense<[[-0.5, 0.1, 0.7]]> : tensor<1x3xf32>} : tensor<1x6x6x3xf32> -> tensor<1x6x6x3x!qnn.uniform<u2:f32, 0.5>>
  %w = qnn.constant dense<[[[[3,2,3],[1,2,2],[0,1,0]],[[0,3,2],[3,0,2],[0,3,0]],[[3,1,1],[3,0,3],[0,1,3]]],[[[1,3,2],[0,2,1],[2,2,1]],[[1,2,1],[1,2,1],[2,3,0]],[[2,1,2],[0,0,0],[2,0,1]]],[[[3,3,3],[2,0,2],[1,3,3]],[[2,1,1],[3,0,0],[1,2,2]],[[3,3,3],[0,1,3],[3,3,2]]],[[[3,1,1],[1,1,3],[0,2,2]],[[2,3,1],[2,3,0],[1,2,1]],[[3,0,1],[2,3,0],[3,0,0]]]]> : tensor<4x3x3x3xui8> -> tensor<4x3x3x3x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.1>>
  %c = qnn.conv2d %a, %w {padding = array<i64: 1, 1, 1, 1>} : tensor<1x6x6x3x!qnn.uniform<u2:f32, 0.5>>, tensor<4x3x3x3x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.1>> -> tensor<1x6x6x4xi32>
  %y = qnn.rescale %c {axis = 3 : i64, bias = array<f64: 0.5, -0.25, 0.125, 1.0>, scale = array<f64: 0.05, 0.1, -0.03, 0.2>} : tensor<1x6x6x4xi32> -> tensor<1x6x6x4xf32>
  return %y : tensor<1x6x6x4xf32>
}

func.func @codes(%x: tensor<8xf32>) -> tensor<8x!qnn.uniform<u2:f32, 0.5>> {
  %q = qnn.quantize %x : tensor<8xf32> -> tensor<8x!qnn.uniform<u2:f32, 0.5>>
  return %q : tensor<8x!qnn.uniform<u2:f32, 0.5>>
}
