// A W2A2 layer: a PACT 2-bit input quantizer, SAWB 2-bit weights (their
// codes computed from the float weights at compile time), a dense layer
// (batch-1 tosa.matmul) run on integer codes, float scores out.
func.func @forward(%x: tensor<1x1x4xf32> {qnn.name = "features"})
    -> (tensor<1x1x3xf32> {qnn.name = "scores"}) {
  %a = qnn.pact %x {alpha = 1.5 : f32, bits = 2 : i32} : tensor<1x1x4xf32>
  %w = arith.constant dense<[[[0.5, -0.3, 0.1], [-0.25, 0.4, 0.1], [0.1, 0.2, -0.5], [-0.6, 0.05, 0.3]]]> : tensor<1x4x3xf32>
  %wq = qnn.sawb %w {bits = 2 : i32} : tensor<1x4x3xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.matmul %a, %wq, %zp, %zp : (tensor<1x1x4xf32>, tensor<1x4x3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x3xf32>
  return %y : tensor<1x1x3xf32>
}
