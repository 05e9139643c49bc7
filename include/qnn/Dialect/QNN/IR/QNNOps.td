//===- QNNOps.td - qnn operations --------------------------*- tablegen -*-===//
//
// This file declares the qnn operations: generic quantize / dequantize and
// storage ops, packing, and one quantizer op per scheme.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_IR_QNNOPS_TD
#define QNN_DIALECT_QNN_IR_QNNOPS_TD

include "qnn/Dialect/QNN/IR/QNNAttrs.td"
include "qnn/Dialect/QNN/IR/QNNTypes.td"
include "mlir/IR/OpBase.td"
include "mlir/IR/CommonAttrConstraints.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

class QNN_Op<string mnemonic, list<Trait> traits = []>
    : Op<QNN_Dialect, mnemonic, traits>;

def QNN_QuantizedElement : Type<
    CPred<"::llvm::isa<::mlir::qnn::QuantizedTypeInterface>($_self)">,
    "qnn quantized type">;
def QNN_QuantizedTensor : RankedTensorOf<[QNN_QuantizedElement]>;
def QNN_FloatTensor : RankedTensorOf<[AnyFloat]>;
def QNN_IntTensor : RankedTensorOf<[AnyInteger]>;
def QNN_PackedTensor : RankedTensorOf<[I8]>;

//===----------------------------------------------------------------------===//
// Generic quantize / dequantize, constants and storage
//===----------------------------------------------------------------------===//

def QNN_QuantizeOp : QNN_Op<"quantize", [Pure]> {
  let summary = "Quantize a float tensor to codes of a quantized type";
  let description = [{
    Maps each element `x` to a code of the result's element type. Uniform:
    `clamp(round(x / scale) + zero_point, min, max)` with the `rounding` mode
    (default `half_even`; uniform types only). Codebook: the nearest level of `x / scale`, an exact
    midpoint going to the level of smaller magnitude (the positive one on equal
    magnitudes). `x / scale` is one f32 division; NaN counts as 0.

    ```mlir
    %q = qnn.quantize %x : tensor<4x8xf32> -> tensor<4x8x!qnn.uniform<u2:f32, 0.5>>
    %r = qnn.quantize %x {rounding = #qnn.rounding<floor>}
        : tensor<4x8xf32> -> tensor<4x8x!qnn.uniform<i4:f32, 0.25>>
    ```

    Quantizing a constant folds to a `qnn.constant`; quantizing the
    dequantization of codes of the same type folds to those codes.
  }];
  let arguments = (ins QNN_FloatTensor:$input,
      DefaultValuedAttr<QNN_RoundingModeAttr, "::mlir::qnn::RoundingMode::HalfEven">:$rounding);
  let results = (outs QNN_QuantizedTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def QNN_MultiThresholdOp : QNN_Op<"multithreshold", [Pure]> {
  let summary = "Quantize by counting the thresholds an input reaches";
  let description = [{
    The exact form of any monotone scalar quantizer (FINN's MultiThreshold):
    `code = min + #{j : x >= thresholds[c][j]}`, where `min` is the result
    type's smallest code and `c` the channel of the element along `axis` (row
    0 without `axis`). Each row holds `#codes - 1` non-decreasing thresholds.
    Float inputs take f32 thresholds (inputs compared as f32, NaN counts as
    0.0); integer inputs — the accumulators of `qnn.dense` / `qnn.conv2d` —
    take i64 thresholds, the fused epilogue of a layer; `negate` (one flag
    per row) compares `-x` instead of `x` in the flagged rows, for epilogues
    that decrease with the accumulator (a negative scale or batch-norm gamma).
    `qnn-legalize-quantizers` computes the thresholds of PACT, HWGQ, APoT and
    learned-level activations exactly from the reference library.

    ```mlir
    // HWGQ 2-bit: (0, 0.807] -> 1, (0.807, 1.345] -> 2, above -> 3.
    %q = qnn.multithreshold %x {thresholds = dense<[[1.0e-45, 0.80700004, 1.34500003]]> : tensor<1x3xf32>}
        : tensor<1x64xf32> -> tensor<1x64x!qnn.uniform<u2:f32, 0.538>>
    ```
  }];
  let arguments = (ins RankedTensorOf<[AnyFloat, AnySignlessInteger]>:$input,
                       ElementsAttr:$thresholds, OptionalAttr<I64Attr>:$axis,
                       OptionalAttr<DenseBoolArrayAttr>:$negate);
  let results = (outs QNN_QuantizedTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def QNN_DenseOp : QNN_Op<"dense", [Pure]> {
  let summary = "Integer dense layer: accumulate level products of codes";
  let description = [{
    `acc[m][n] = sum_k level_in(input[m][k]) * level_w(weight[n][k])` for
    input codes `[M, K]` and weight codes `[N, K]` (PyTorch's Linear layout),
    in exact integer arithmetic: both types need integer levels (uniform
    types always have them: `code - zero_point`). Scales are not applied; the
    epilogue (a `qnn.multithreshold` on the accumulator, or a dequantization)
    does. The verifier proves `|acc|` fits i32 from the level ranges and `K`.

    ```mlir
    %acc = qnn.dense %a, %w : tensor<1x512x!qnn.uniform<u2:f32, 0.5>>,
        tensor<10x512x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.01>> -> tensor<1x10xi32>
    ```
  }];
  let arguments = (ins QNN_QuantizedTensor:$input, QNN_QuantizedTensor:$weight);
  let results = (outs RankedTensorOf<[I32]>:$output);
  let assemblyFormat = [{
    $input `,` $weight attr-dict `:` type($input) `,` type($weight) `->`
    type($output)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

def QNN_Conv2DOp : QNN_Op<"conv2d", [Pure]> {
  let summary = "Integer 2-D convolution: accumulate level products of codes";
  let description = [{
    NHWC input codes, OHWI weight codes, NHWC i32 accumulators:
    `acc[b][y][x][o] = sum_{ky,kx,c} level_in(in[b][y*sh - pt + ky*dh][x*sw - pl + kx*dw][c]) * level_w(w[o][ky][kx][c])`.
    `padding` is `[top, left, bottom, right]`; padded positions contribute
    0 (the real value 0, whether or not a code has level 0). With `groups`
    g, output channel `o` reads only the `C / g` input channels of its group
    `o / (O / g)`, and the weights are `O x KH x KW x (C / g)` (depthwise:
    g = C). Levels must be integers; the verifier proves `|acc|` fits i32.

    ```mlir
    %acc = qnn.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>}
        : tensor<1x56x56x64x!qnn.uniform<u2:f32, 0.5>>,
          tensor<64x3x3x64x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.01>> -> tensor<1x56x56x64xi32>
    ```
  }];
  let arguments = (ins QNN_QuantizedTensor:$input, QNN_QuantizedTensor:$weight,
      DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
      DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$padding,
      DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
      DefaultValuedAttr<I64Attr, "1">:$groups);
  let results = (outs RankedTensorOf<[I32]>:$output);
  let assemblyFormat = [{
    $input `,` $weight attr-dict `:` type($input) `,` type($weight) `->`
    type($output)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
  let extraClassDeclaration = [{
    /// The geometry of this convolution (static shapes).
    ::qnn::ref::Conv2DGeometry getGeometry();
  }];
}

def QNN_RescaleOp : QNN_Op<"rescale", [Pure]> {
  let summary = "Scale integer accumulators to real values";
  let description = [{
    `y = scale[c] * acc + bias[c]`, evaluated in double and rounded once to
    the result's float type; `c` is the channel along `axis` (one scale and
    bias without it). The real value of a layer's output before its
    epilogue: `qnn-form-integer-layers` produces it with `scale` the product
    of the input's and the weight's scales; `qnn-fuse-epilogues` folds it,
    with the epilogue that follows, into integer thresholds.

    ```mlir
    %y = qnn.rescale %acc {axis = 3 : i64, bias = array<f64: 0.1, -0.2>, scale = array<f64: 0.01, 0.02>}
        : tensor<1x8x8x2xi32> -> tensor<1x8x8x2xf32>
    ```
  }];
  let arguments = (ins RankedTensorOf<[AnySignlessInteger]>:$input,
                       DenseF64ArrayAttr:$scale, DenseF64ArrayAttr:$bias,
                       OptionalAttr<I64Attr>:$axis);
  let results = (outs QNN_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def QNN_MaxPool2DOp : QNN_Op<"max_pool2d", [Pure]> {
  let summary = "Max pooling of codes";
  let description = [{
    NHWC max pooling directly on codes: every qnn type orders its codes like
    their values (uniform levels are `code - zero_point`, codebook levels are
    sorted), so the largest code of a window is the code of its largest value
    — exactly the max pooling of the dequantized tensor. Padded positions
    never win; every window must hold an input element. The type must be per
    tensor or per channel along C.

    ```mlir
    %y = qnn.max_pool2d %x {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
        : tensor<1x112x112x64x!qnn.uniform<u2:f32, 0.5>> -> tensor<1x56x56x64x!qnn.uniform<u2:f32, 0.5>>
    ```
  }];
  let arguments = (ins QNN_QuantizedTensor:$input, DenseI64ArrayAttr:$kernel,
      DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
      DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$padding);
  let results = (outs QNN_QuantizedTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
  let extraClassDeclaration = [{
    /// The pooling geometry (static shapes; outC is the channel count).
    ::qnn::ref::Conv2DGeometry getGeometry();
  }];
}

def QNN_DequantizeOp : QNN_Op<"dequantize", [Pure]> {
  let summary = "Map codes to their real values";
  let description = [{
    `value = f32(scale[channel]) * f32(level[code])`, one f32 multiplication,
    then rounded to the result's float type.

    ```mlir
    %x = qnn.dequantize %q : tensor<4x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.25>> -> tensor<4xf32>
    ```

    Dequantizing a constant folds to an `arith.constant`.
    `dequantize(quantize(dequantize(%y : T1) : T2))` folds to
    `dequantize(%y)` when every code of `T1` survives the round trip through
    `T2` unchanged, which the folder checks code by code.
  }];
  let arguments = (ins QNN_QuantizedTensor:$input);
  let results = (outs QNN_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def QNN_ConstantOp : QNN_Op<"constant", [ConstantLike, Pure]> {
  let summary = "A constant tensor of codes";
  let description = [{
    Holds codes as integers (any integer element type wide enough to hold
    them; the values, not the bits, are the codes). Every code must be valid
    for the result type: in `[min, max]` for uniform types, a table index for
    codebooks.

    ```mlir
    %w = qnn.constant dense<[0, 3, 1, 2]> : tensor<4xui8>
        -> tensor<4x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.25>>
    ```
  }];
  let arguments = (ins AnyIntElementsAttr:$value);
  let results = (outs QNN_QuantizedTensor:$output);
  let assemblyFormat = "$value attr-dict `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def QNN_StorageCastOp : QNN_Op<"storage_cast", [Pure]> {
  let summary = "Reinterpret codes as their b-bit storage integers, or back";
  let description = [{
    Converts between a quantized tensor and a tensor of `iN` integers, `N` the
    type's bit width, holding each code's bits (two's complement for signed
    storage). The counterpart of upstream `quant.scast`.

    ```mlir
    %i = qnn.storage_cast %q : tensor<4x!qnn.uniform<u2:f32, 0.5>> -> tensor<4xi2>
    %q2 = qnn.storage_cast %i : tensor<4xi2> -> tensor<4x!qnn.uniform<u2:f32, 0.5>>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$input);
  let results = (outs AnyRankedTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def QNN_PackOp : QNN_Op<"pack", [Pure]> {
  let summary = "Pack b-bit codes into bytes";
  let description = [{
    Packs the innermost dimension of a quantized tensor into bytes in the
    layout named by the result's encoding (see `#qnn.packed`). A `[..., K]`
    tensor of b-bit codes becomes `[..., ceil(K * b / 8)]` bytes.

    ```mlir
    %p = qnn.pack %q : tensor<16x5x!qnn.uniform<u2:f32, 0.5>>
        -> tensor<16x2xi8, #qnn.packed<bits = 2>>
    ```
  }];
  let arguments = (ins QNN_QuantizedTensor:$input);
  let results = (outs QNN_PackedTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def QNN_UnpackOp : QNN_Op<"unpack", [Pure]> {
  let summary = "Unpack bytes into b-bit codes";
  let description = [{
    The inverse of `qnn.pack`: the result type gives the logical shape and
    element type; signed storage is sign-extended.

    ```mlir
    %q = qnn.unpack %p : tensor<16x2xi8, #qnn.packed<bits = 2>>
        -> tensor<16x5x!qnn.uniform<u2:f32, 0.5>>
    ```
  }];
  let arguments = (ins QNN_PackedTensor:$input);
  let results = (outs QNN_QuantizedTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Scheme quantizers: float in, fake-quantized float out.
//===----------------------------------------------------------------------===//

class QNN_SchemeOp<string mnemonic, list<Trait> traits = []>
    : QNN_Op<mnemonic, !listconcat(traits, [Pure, SameOperandsAndResultType])> {
  let results = (outs QNN_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def QNN_PactOp : QNN_SchemeOp<"pact"> {
  let summary = "PACT activation quantizer (Choi et al. 2018)";
  let description = [{
    `y = clip(x, 0, alpha)`, `s = (2^bits - 1) / alpha`,
    `result = round(y * s) / s` (half-to-even). `alpha` is the learned clipping
    level of the layer. Codes are unsigned `0 .. 2^bits - 1`.

    ```mlir
    %y = qnn.pact %x {alpha = 6.0 : f32, bits = 2 : i32} : tensor<1x64x56x56xf32>
    ```
  }];
  let arguments = (ins QNN_FloatTensor:$input, F32Attr:$alpha,
                       DefaultValuedAttr<I32Attr, "2">:$bits);
}

def QNN_SawbOp : QNN_SchemeOp<"sawb"> {
  let summary = "SAWB statistics-aware weight binning (Choi et al. 2018)";
  let description = [{
    `alpha_w = c1 * sqrt(mean(w^2)) - c2 * mean(|w|)` over the whole tensor
    (`max |w|` if that is not positive), then
    `w_q = (2 * round((clamp(w / alpha_w, -1, 1) * 0.5 + 0.5) * (2^b - 1)) / (2^b - 1) - 1) * alpha_w`.
    The levels are the odd integers `{-(2^b-1), ..., -1, 1, ..., 2^b-1}` times
    `alpha_w / (2^b - 1)`: no zero. `c1` / `c2` default to the paper's table
    (2: 3.212/2.178, 3: 7.509/6.892, 4: 12.68/12.80, 5: 17.74/18.64, 8:
    31.76/35.04); other widths must set them. With `ternary` (2 bits only) the
    levels are `{-alpha_w, 0, alpha_w}`, `round(clamp(w / alpha_w, -1, 1))`,
    with default coefficients 2.6/1.71.

    ```mlir
    %wq = qnn.sawb %w {bits = 2 : i32} : tensor<64x64x3x3xf32>
    %wi = qnn.sawb %w {bits = 2 : i32, c1 = 3.12, c2 = 2.064} : tensor<64x64x3x3xf32>
    ```
  }];
  let arguments = (ins QNN_FloatTensor:$input,
                       DefaultValuedAttr<I32Attr, "2">:$bits,
                       OptionalAttr<F64Attr>:$c1, OptionalAttr<F64Attr>:$c2,
                       UnitAttr:$ternary);
  let extraClassDeclaration = [{
    /// c1 / c2: the attributes when set, else the defaults for the width;
    /// std::nullopt when a width without defaults leaves them unset.
    std::optional<::qnn::ref::SawbCoefficients> getCoefficients();
  }];
}

def QNN_ApotOp : QNN_SchemeOp<"apot"> {
  let summary = "APoT additive powers-of-two quantizer (Li et al. 2020)";
  let description = [{
    `result = alpha * Proj(clamp(x / alpha, lo, 1))`, `Proj` the nearest
    level of the additive powers-of-two set (`lo = -1` and the signed set when
    `is_signed`, else `lo = 0`). With `normalize`, the input is first replaced by
    `(x - mean(x)) / std(x)` (unbiased) over the whole tensor. Unsigned sets
    exist for 1 to 6 bits, signed ones for 2 to 7 bits. Midpoint ties go to
    the level of smaller magnitude.

    ```mlir
    %w4 = qnn.apot %w {alpha = 3.0 : f32, bits = 4 : i32, is_signed, normalize} : tensor<64x64x3x3xf32>
    %a4 = qnn.apot %x {alpha = 8.0 : f32, bits = 4 : i32} : tensor<1x64x56x56xf32>
    ```
  }];
  let arguments = (ins QNN_FloatTensor:$input, F32Attr:$alpha,
                       DefaultValuedAttr<I32Attr, "2">:$bits,
                       UnitAttr:$is_signed, UnitAttr:$normalize);
  let extraClassDeclaration = [{
    /// The level set for `bits` and `signed`.
    ::qnn::ref::RationalLevels getLevelSet();
  }];
}

def QNN_HwgqOp : QNN_SchemeOp<"hwgq"> {
  let summary = "Half-wave Gaussian quantizer (Cai et al. 2017)";
  let description = [{
    For batch-normalised (non-affine) inputs: `Q(x) = 0` for `x <= 0`, else
    `c_j` for the first `j` with `x <= t_j = (c_j + c_{j+1}) / 2`.
    Uniform levels are `step * {0, 1, ..., 2^b - 1}` with the step for 1 to 4
    bits (0.799, 0.538, 0.3217, 0.185); `non_uniform` selects the 2-bit
    `{0, 0.453, 1.51}` set.

    ```mlir
    %y = qnn.hwgq %x {bits = 2 : i32} : tensor<1x64x56x56xf32>
    ```
  }];
  let arguments = (ins QNN_FloatTensor:$input,
                       DefaultValuedAttr<I32Attr, "2">:$bits,
                       UnitAttr:$non_uniform);
}

def QNN_LearnedLevelsOp : QNN_SchemeOp<"learned_levels"> {
  let summary = "DQ learned-level quantizer (Hoang et al. 2020)";
  let description = [{
    Projects each element onto the nearest level of a learned, strictly
    increasing table of at most 256 real levels. `levels` is a 1-D table for
    the whole tensor, or a 2-D `[channels, levels]` table with one row per
    channel of dimension `axis` (DQ's per-channel activation quantizers).

    ```mlir
    %y = qnn.learned_levels %x {levels = dense<[-0.8, -0.1, 0.3, 1.1]> : tensor<4xf64>}
        : tensor<8x16xf32>
    %z = qnn.learned_levels %x {axis = 1 : i64,
        levels = dense<[[0.0, 0.5, 1.0, 2.0], [0.0, 0.2, 0.9, 1.4]]> : tensor<2x4xf64>}
        : tensor<8x2xf32>
    ```
  }];
  let arguments = (ins QNN_FloatTensor:$input, F64ElementsAttr:$levels,
                       OptionalAttr<I64Attr>:$axis);
}

def QNN_SlbOp : QNN_Op<"slb", [Pure]> {
  let summary = "SLB searched low-bit weights (Yang et al. 2020)";
  let description = [{
    Selects each weight's value from a discrete set: from `logits` (the
    innermost dimension holds the set's size of latent logits; the code is
    their argmax, the first maximum on ties), or from integer `codes` of the
    result's shape. The set defaults to `{-1, 1}` for 1 bit and
    `linspace(-1, 1, 2^b)` for 2 and 4 bits; `values` overrides it.

    ```mlir
    %w = qnn.slb %logits {bits = 2 : i32} : tensor<64x64x3x3x4xf32> -> tensor<64x64x3x3xf32>
    %v = qnn.slb %codes {bits = 2 : i32} : tensor<64x64x3x3xi8> -> tensor<64x64x3x3xf32>
    ```
  }];
  let arguments = (ins RankedTensorOf<[AnyFloat, AnyInteger]>:$input,
                       DefaultValuedAttr<I32Attr, "2">:$bits,
                       OptionalAttr<DenseF64ArrayAttr>:$values);
  let results = (outs QNN_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
  let extraClassDeclaration = [{
    /// The value set as f32: `values` when set, else the default for `bits`.
    ::llvm::SmallVector<float> getValueSet();
  }];
}

def QNN_BinaryOp : QNN_SchemeOp<"binary"> {
  let summary = "Binary (bipolar) quantizer";
  let description = [{
    `result = (x >= 0 ? +1 : -1) * scale` (QONNX BipolarQuant; sign(0) = +1).
    `scale` holds one value, or one per channel of dimension `axis`; without
    it the scale is `mean |x|` over the tensor, or per channel along `axis`
    (HWGQ-Net's and XNOR's binary weights).

    ```mlir
    %b = qnn.binary %x {scale = array<f32: 1.0>} : tensor<16xf32>
    %w = qnn.binary %w0 {axis = 0 : i64} : tensor<64x64x3x3xf32>
    ```
  }];
  let arguments = (ins QNN_FloatTensor:$input,
                       OptionalAttr<DenseF32ArrayAttr>:$scale,
                       OptionalAttr<I64Attr>:$axis);
}

def QNN_TernaryOp : QNN_SchemeOp<"ternary"> {
  let summary = "Ternary weight quantizer";
  let description = [{
    `result = x > threshold ? scale : (x < -threshold ? -scale : 0)`.
    Without `threshold` and `scale`, both come from the tensor as in ternary
    weight networks: `threshold = 0.7 * mean|x|`, `scale = mean{|x| : |x| >
    threshold}`.

    ```mlir
    %t = qnn.ternary %w {scale = 0.5 : f32, threshold = 0.1 : f32} : tensor<64x64xf32>
    %u = qnn.ternary %w : tensor<64x64xf32>
    ```
  }];
  let arguments = (ins QNN_FloatTensor:$input,
                       OptionalAttr<F32Attr>:$threshold,
                       OptionalAttr<F32Attr>:$scale);
}

#endif // QNN_DIALECT_QNN_IR_QNNOPS_TD
