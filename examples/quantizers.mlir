// Every quantizer of shared/QUANTIZERS.md in qnn IR, on a tiny two-layer
// network's constant weights and on its float activations.
//
//   qnn-opt examples/quantizers.mlir --convert-quant-to-qnn --canonicalize
//
// folds each quantizer applied to a constant into constant codes or values
// (evaluated with the reference numerics library), keeps the quantizers on
// run-time activations, and turns the upstream !quant.uniform input
// quantizer into qnn's own type.

// Weight quantizers on constants: these all fold.
func.func @weights() -> (tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>,
                         tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>,
                         tensor<2x4xf32>) {
  %w = arith.constant dense<[[0.31, -0.12, 0.05, -0.44], [0.02, 0.27, -0.35, 0.18]]> : tensor<2x4xf32>
  // SAWB 2-bit: alpha from the weights with the paper's (3.212, 2.178).
  %sawb = qnn.sawb %w {bits = 2 : i32} : tensor<2x4xf32>
  // APoT 4-bit signed weights with weight normalisation.
  %apot = qnn.apot %w {alpha = 3.0 : f32, bits = 4 : i32, is_signed, normalize} : tensor<2x4xf32>
  // HWGQ-Net binary weights: alpha_c = mean |W_c| per output channel.
  %bin = qnn.binary %w {axis = 0 : i64} : tensor<2x4xf32>
  // Ternary weights (TWN statistics).
  %ter = qnn.ternary %w : tensor<2x4xf32>
  // DQ learned levels, one table per output channel.
  %dq = qnn.learned_levels %w {axis = 0 : i64,
      levels = dense<[[-0.4, -0.1, 0.05, 0.3], [-0.3, -0.05, 0.1, 0.25]]> : tensor<2x4xf64>} : tensor<2x4xf32>
  // SLB: argmax over each weight's 4 latent logits.
  %logits = arith.constant dense<[[[0.1, 2.0, 0.3, 0.0], [1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 3.0], [0.2, 0.1, 0.9, 0.4]],
                                  [[0.0, 0.0, 1.0, 0.0], [0.5, 0.5, 0.1, 0.0], [2.0, 0.0, 0.0, 1.0], [0.0, 0.3, 0.0, 0.2]]]> : tensor<2x4x4xf32>
  %slb = qnn.slb %logits {bits = 2 : i32} : tensor<2x4x4xf32> -> tensor<2x4xf32>
  // The typed form: SAWB-shaped codebook codes, packed 4 per byte.
  %codes = qnn.quantize %w : tensor<2x4xf32> -> tensor<2x4x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.1>>
  %packed = qnn.pack %codes : tensor<2x4x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.1>> -> tensor<2x1xi8, #qnn.packed<bits = 2>>
  %unpacked = qnn.unpack %packed : tensor<2x1xi8, #qnn.packed<bits = 2>> -> tensor<2x4x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.1>>
  %deq = qnn.dequantize %unpacked : tensor<2x4x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.1>> -> tensor<2x4xf32>
  return %sawb, %apot, %bin, %ter, %dq, %slb, %deq : tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>
}

// Activation quantizers on run-time values stay in place.
func.func @activations(%x: tensor<1x4xf32>) -> (tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>) {
  // PACT 2-bit with a learned clip of 1.5.
  %pact = qnn.pact %x {alpha = 1.5 : f32, bits = 2 : i32} : tensor<1x4xf32>
  // HWGQ 2-bit on batch-normalised inputs.
  %hwgq = qnn.hwgq %x {bits = 2 : i32} : tensor<1x4xf32>
  // APoT 4-bit unsigned activations.
  %apot = qnn.apot %x {alpha = 8.0 : f32, bits = 4 : i32} : tensor<1x4xf32>
  // DQ per-channel activation quantizer along the feature axis.
  %dq = qnn.learned_levels %x {axis = 1 : i64,
      levels = dense<[[0.0, 0.5, 1.0, 2.0], [0.0, 0.4, 0.9, 1.5], [0.0, 0.3, 0.8, 1.6], [0.0, 0.6, 1.1, 2.2]]> : tensor<4x4xf64>} : tensor<1x4xf32>
  return %pact, %hwgq, %apot, %dq : tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>
}

// IR written for the upstream quant dialect flows in.
func.func @upstream_input(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %q = quant.qcast %x : tensor<1x4xf32> to tensor<1x4x!quant.uniform<u8:f32, 0.0235:0>>
  %d = quant.dcast %q : tensor<1x4x!quant.uniform<u8:f32, 0.0235:0>> to tensor<1x4xf32>
  return %d : tensor<1x4xf32>
}
