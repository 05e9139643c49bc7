//===- Reference.h - Reference numerics of every qnn quantizer --*- C++ -*-===//
//
// This file declares the reference library: the single source of truth for
// the math of every quantizer, level table and packing layout qnn supports.
// It has no MLIR dependency so that the runtime, the unit tests, the Python
// tests (through the `qnn-ref` tool) and the compiler's folders all share it.
//
// Evaluation rules (docs/Numerics.md has the long form):
//  * Parameters (scales, alphas, levels, paper constants) are rounded to f32
//    once; every per-element operation is an IEEE-754 f32 operation in the
//    order written in the function's comment. Results therefore agree bit for
//    bit with PyTorch's f32 operators evaluated in the same order.
//  * Statistics over a whole tensor (SAWB's alpha, APoT's mean and standard
//    deviation, HWGQ's per-channel mean |w|) are accumulated in double in
//    index order and rounded to f32 once.
//  * Rounding to an integer is round-half-to-even unless a RoundingMode says
//    otherwise; modes are evaluated exactly (no `floor(x + 0.5)` artifacts).
//  * Nearest-level projection onto a sorted table compares the input with the
//    f32 midpoints of adjacent levels; an input exactly on a midpoint goes to
//    the level with the smaller magnitude, and to the positive one when both
//    magnitudes are equal (the same convention as sign(0) = +1).
//  * NaN inputs are treated as 0.0; infinities clamp like any large value.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_REFERENCE_REFERENCE_H
#define QNN_REFERENCE_REFERENCE_H

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace qnn::ref {

//===----------------------------------------------------------------------===//
// Rounding
//===----------------------------------------------------------------------===//

/// Rounding modes of QONNX `Quant` (plus their aliases), evaluated exactly.
enum class RoundingMode {
  HalfEven, ///< QONNX ROUND / HALF_EVEN, torch.round, ONNX QuantizeLinear.
  HalfUp,   ///< Ties away from zero (QONNX HALF_UP).
  HalfDown, ///< Ties toward zero (QONNX HALF_DOWN).
  Ceil,     ///< Toward +inf.
  Floor,    ///< Toward -inf.
  Up,       ///< Away from zero (QONNX UP).
  Down,     ///< Toward zero (QONNX DOWN, truncation).
};

/// Rounds `x` to an integral float value with `mode`.
float roundToIntegral(float x, RoundingMode mode);

/// Parses a QONNX rounding mode name (case-insensitive: ROUND, HALF_EVEN,
/// HALF_UP, HALF_DOWN, CEIL, FLOOR, UP, DOWN).
std::optional<RoundingMode> parseRoundingMode(const std::string &name);
/// The canonical lower-case spelling used in qnn IR ("half_even", ...).
const char *stringifyRoundingMode(RoundingMode mode);

/// Index of the nearest entry of the sorted table `levels` to `v`, with the
/// tie rule in the file comment. `levels` must be non-empty and strictly
/// increasing.
unsigned nearestLevel(float v, const std::vector<float> &levels);

//===----------------------------------------------------------------------===//
// Quantized element types: value = scale[channel] * level[code]
//===----------------------------------------------------------------------===//

/// A description of a qnn quantized element type that needs no MLIR: the
/// dialect's types convert to it (QuantizedTypeInterface::getSpec).
struct QuantSpec {
  unsigned bits = 8;
  /// Uniform: whether storage values are signed. Codebook codes are always
  /// unsigned indices into the level table.
  bool isSigned = false;
  int64_t storageMin = 0, storageMax = 255;
  bool isCodebook = false;
  /// Quantized dimension, or -1 for per-tensor.
  int64_t axis = -1;
  /// One scale (per-tensor) or one per channel.
  std::vector<double> scales = {1.0};
  /// Uniform only: one zero point or one per channel.
  std::vector<int64_t> zeroPoints = {0};
  /// Codebook only: `numTables` tables of `tableSize` strictly increasing
  /// levels each, concatenated; numTables is 1 or the channel count.
  std::vector<double> levels;
  unsigned tableSize = 0;

  size_t numChannels() const { return scales.size(); }
  size_t numTables() const { return tableSize ? levels.size() / tableSize : 0; }
  /// Number of valid codes: storage range (uniform) or table size.
  int64_t numCodes() const {
    return isCodebook ? int64_t(tableSize) : storageMax - storageMin + 1;
  }
  /// The integer level of `code` (uniform: code - zero point).
  double level(int64_t code, size_t channel) const;
  /// Levels of one channel as f32, in code order (codebook only).
  std::vector<float> levelTable(size_t channel) const;

  /// x -> code. Uniform: clamp(round(x / f32(scale)) + zp, min, max).
  /// Codebook: nearestLevel(x / f32(scale), levels as f32).
  int64_t quantize(float x, size_t channel,
                   RoundingMode mode = RoundingMode::HalfEven) const;
  /// code -> value = f32(scale) * f32(level), one f32 multiplication.
  float dequantize(int64_t code, size_t channel) const;

  /// Channel of element `flatIndex` of a row-major tensor of `shape`.
  size_t channelOf(size_t flatIndex, const std::vector<int64_t> &shape) const;
  /// Whole-tensor forms (row-major).
  std::vector<int64_t>
  quantize(const std::vector<float> &x, const std::vector<int64_t> &shape,
           RoundingMode mode = RoundingMode::HalfEven) const;
  std::vector<float> dequantize(const std::vector<int64_t> &codes,
                                const std::vector<int64_t> &shape) const;

  /// Why this spec is invalid, or empty. Mirrors the dialect's verifier.
  std::string validate() const;
};

//===----------------------------------------------------------------------===//
// PACT (activations): y = clip(x, 0, alpha); code = round(y * s),
// s = (2^k - 1) / alpha; value = code / s.
//===----------------------------------------------------------------------===//

/// s = f32((2^bits - 1) / alpha).
float pactScale(unsigned bits, float alpha);
/// code = nearbyint(f32(clamp(x, 0, alpha) * s)).
int64_t pactCode(float x, unsigned bits, float alpha);
/// value = f32(code / s).
float pactValue(int64_t code, unsigned bits, float alpha);

//===----------------------------------------------------------------------===//
// SAWB (weights): alpha_w = c1 * sqrt(mean(w^2)) - c2 * mean(|w|).
//===----------------------------------------------------------------------===//

struct SawbCoefficients {
  double c1, c2;
};
/// The paper's table as kept in IBM's code (2..5 bits) and IBM's 8-bit
/// default; std::nullopt for other widths (they need explicit coefficients).
std::optional<SawbCoefficients> sawbDefaultCoefficients(unsigned bits);
/// IBM's ternary {-a, 0, a} coefficients.
SawbCoefficients sawbTernaryCoefficients();
/// alpha_w from the weights (double accumulation, rounded to f32 once); if
/// that is <= 0 (or not finite), max |w|.
float sawbAlpha(const std::vector<float> &w, SawbCoefficients c);
/// code i = nearbyint(f32(f32(f32(clamp(w / alpha, -1, 1) * 0.5) + 0.5) *
/// (2^b - 1))), in 0 .. 2^b - 1.
int64_t sawbCode(float w, unsigned bits, float alpha);
/// value = f32(f32(f32(2 * i / (2^b - 1)) - 1) * alpha); the integer level of
/// code i is 2i - (2^b - 1), an odd number, and value = level * alpha/(2^b-1).
float sawbValue(int64_t code, unsigned bits, float alpha);
/// The integer level of code i: 2i - (2^b - 1).
int64_t sawbLevel(int64_t code, unsigned bits);
/// Ternary variant: code = nearbyint(clamp(w / alpha, -1, 1)) + 1 in {0,1,2},
/// value = (code - 1) * alpha.
int64_t sawbTernaryCode(float w, float alpha);
float sawbTernaryValue(int64_t code, float alpha);

//===----------------------------------------------------------------------===//
// APoT: additive powers-of-two levels, as the authors' build_power_value.
//===----------------------------------------------------------------------===//

/// A level set as integers over a common denominator, sorted ascending.
struct RationalLevels {
  std::vector<int64_t> numerators;
  int64_t denominator = 1;
  std::vector<float> asFloats() const; ///< f32(num / den), correctly rounded.
};
/// The unsigned B-bit set (B = 1..6; B = 1 is {0, 1}), normalised to max 1.
/// Returns std::nullopt for unsupported widths.
std::optional<RationalLevels> apotUnsignedLevels(unsigned bits);
/// The signed b-bit weight set: 0 and +-(non-zero levels of the unsigned
/// (b-1)-bit set); b = 2..7.
std::optional<RationalLevels> apotSignedLevels(unsigned bits);
/// (w - mean(w)) / std(w), unbiased std, statistics in double, each result
/// rounded to f32 once. A constant tensor (std == 0) is returned centred.
std::vector<float> apotNormalize(const std::vector<float> &w);
/// code = nearestLevel(clamp(f32(x / alpha), lo, 1), levels), lo = -1 for
/// signed sets, 0 otherwise.
int64_t apotCode(float x, const RationalLevels &levels, bool isSigned,
                 float alpha);
/// value = f32(alpha * level[code]).
float apotValue(int64_t code, const RationalLevels &levels, float alpha);

//===----------------------------------------------------------------------===//
// HWGQ (activations after a non-affine batch norm).
//===----------------------------------------------------------------------===//

/// Uniform step for 1..4 bits (0.799, 0.538, 0.3217, 0.185).
std::optional<float> hwgqUniformStep(unsigned bits);
/// Output levels: {0, c_1, ..., c_n}; uniform: c_j = f32(step * j), the
/// non-uniform 2-bit variant: {0, 0.453, 1.51}.
std::optional<std::vector<float>> hwgqLevels(unsigned bits, bool uniform);
/// Q(x) = 0 for x <= 0; else the first j >= 1 with x <= t_j,
/// t_j = f32(f32(c_j + c_{j+1}) * 0.5), the last level when none.
int64_t hwgqCode(float x, const std::vector<float> &levels);

//===----------------------------------------------------------------------===//
// Binary, ternary, SLB, learned levels (DQ).
//===----------------------------------------------------------------------===//

/// BipolarQuant: code 1 (+1) for x >= 0, code 0 (-1) otherwise (NaN -> +1).
int64_t binaryCode(float x);
/// value = f32(scale * (code ? 1 : -1)).
float binaryValue(int64_t code, float scale);
/// mean |w| of each channel along `axis` (double accumulation), HWGQ-Net and
/// XNOR weights.
std::vector<float> meanAbsPerChannel(const std::vector<float> &w,
                                     const std::vector<int64_t> &shape,
                                     int64_t axis);
/// Ternary: code 2 (+a) for x > delta, code 0 (-a) for x < -delta, else 1.
int64_t ternaryCode(float x, float delta);
/// TWN statistics: delta = 0.7 * mean|w|; alpha = mean of |w| over |w| > delta.
struct TernaryParams {
  float delta, alpha;
};
TernaryParams ternaryTwnParams(const std::vector<float> &w);

/// SLB value set for 1, 2 or 4 bits: {-1, +1}, or linspace(-1, 1, 2^b) with
/// entry i = f32((2i - (n - 1)) / (n - 1)).
std::optional<std::vector<float>> slbValueSet(unsigned bits);
/// argmax over `n` logits (first maximum wins; NaN never wins unless all are).
int64_t argmaxFirst(const float *logits, size_t n);

//===----------------------------------------------------------------------===//
// Thresholds: the exact form of any monotone scalar quantizer.
//===----------------------------------------------------------------------===//

/// `code = lo + #{j : x >= thresholds[j]}` with NaN read as 0.0 (FINN's
/// MultiThreshold with qnn's NaN rule). `thresholds` must be non-decreasing.
int64_t thresholdCode(float x, const float *thresholds, size_t count,
                      int64_t lo);

/// The exact f32 thresholds of a monotone non-decreasing quantizer `code`
/// whose codes span [lo, hi]: thresholds[k] is the smallest f32 value (-inf
/// included) with code(x) >= lo + k + 1, found by bisection over the ordered
/// f32 bit patterns. Then thresholdCode(x, ...) == code(x) for every non-NaN
/// f32 x, bit for bit. std::nullopt when some code above lo is never reached
/// (even at +inf) or `code` is not monotone at a threshold.
template <typename CodeFn>
std::optional<std::vector<float>> exactThresholds(CodeFn code, int64_t lo,
                                                  int64_t hi);

/// The exact integer thresholds of a monotone non-decreasing `code(u)` over
/// integers u in [minU, maxU] with codes [lo, hi]: thresholds[k] is the
/// smallest u with code(u) >= lo + k + 1, minU when every u reaches it and
/// maxU + 1 when none does. Then thresholdCode(u, ...) == code(u) on
/// [minU, maxU].
template <typename CodeFn>
std::vector<int64_t> exactIntegerThresholds(CodeFn code, int64_t lo, int64_t hi,
                                            int64_t minU, int64_t maxU) {
  std::vector<int64_t> thresholds;
  for (int64_t target = lo + 1; target <= hi; ++target) {
    if (code(minU) >= target) {
      thresholds.push_back(minU);
      continue;
    }
    if (code(maxU) < target) {
      thresholds.push_back(maxU + 1);
      continue;
    }
    int64_t below = minU, above = maxU; // code(below) < target <= code(above)
    while (above - below > 1) {
      int64_t mid = below + (above - below) / 2;
      if (code(mid) >= target)
        above = mid;
      else
        below = mid;
    }
    thresholds.push_back(above);
  }
  return thresholds;
}

/// Maps f32 values to unsigned keys with the same order (-0.0 before +0.0);
/// NaNs are not ordered and must not be passed.
uint32_t orderedKey(float x);
float fromOrderedKey(uint32_t key);

//===----------------------------------------------------------------------===//
// Integer layers: accumulate level products of codes.
//===----------------------------------------------------------------------===//

/// dense: acc[m][n] = sum_k level_a(a[m][k]) * level_w(w[n][k]) for row-major
/// a [M, K] and w [N, K]; the channel of each operand follows its spec's axis
/// on its own shape. Levels must be integers (QuantSpec::level).
std::vector<int64_t> denseAccumulate(const std::vector<int64_t> &a,
                                     const QuantSpec &aSpec,
                                     const std::vector<int64_t> &w,
                                     const QuantSpec &wSpec, int64_t m,
                                     int64_t k, int64_t n);

/// 2-D convolution geometry: NHWC input, OHWI weights, NHWC output.
struct Conv2DGeometry {
  int64_t batch, inH, inW, inC;
  int64_t outC, kH, kW;
  int64_t strideH = 1, strideW = 1;
  int64_t padTop = 0, padLeft = 0, padBottom = 0, padRight = 0;
  int64_t dilationH = 1, dilationW = 1;
  /// Channel groups: output channel o reads the input channels of group
  /// o / (outC / groups), inC / groups of them (weights OHWI with I =
  /// inC / groups). Depthwise: groups == inC.
  int64_t groups = 1;
  int64_t groupInC() const { return inC / groups; }
  int64_t outH() const {
    return (inH + padTop + padBottom - dilationH * (kH - 1) - 1) / strideH + 1;
  }
  int64_t outW() const {
    return (inW + padLeft + padRight - dilationW * (kW - 1) - 1) / strideW + 1;
  }
};

/// conv2d: acc[b][oy][ox][o] = sum over (ky, kx, c) inside the input of
/// level_a(x[b][iy][ix][g * Cg + c]) * level_w(w[o][ky][kx][c]), g the group
/// of o and Cg the group's input channels; padded positions contribute 0
/// (the real value 0, whatever code that would be).
std::vector<int64_t> conv2dAccumulate(const std::vector<int64_t> &x,
                                      const QuantSpec &xSpec,
                                      const std::vector<int64_t> &w,
                                      const QuantSpec &wSpec,
                                      const Conv2DGeometry &g);

/// Max pooling of codes (NHWC): codes are ordered like their values, so the
/// largest code of each window is the code of the largest value. Padded
/// positions never win. Uses g's input and kernel sizes, strides, padding;
/// no dilation.
std::vector<int64_t> maxPool2dCodes(const std::vector<int64_t> &x,
                                    const Conv2DGeometry &g);

/// The largest |acc| a dense/conv reduction of `terms` products can reach:
/// terms * max|level_a| * max|level_w| over all channels.
int64_t accumulatorBound(const QuantSpec &aSpec, const QuantSpec &wSpec,
                         int64_t terms);

/// The real value of an accumulator: scale * acc + bias in double (the
/// result rounds to the consumer's float type once).
double rescale(int64_t acc, double scale, double bias);

/// thresholdCode for integer inputs (accumulators) and integer thresholds.
int64_t thresholdCode(int64_t acc, const int64_t *thresholds, size_t count,
                      int64_t lo);

//===----------------------------------------------------------------------===//
// Packing: b-bit codes into bytes.
//===----------------------------------------------------------------------===//

/// The canonical layout `#qnn.packed<bits = b>`: each row (the innermost
/// dimension) is an LSB-first bit stream. Element k of a row occupies stream
/// bits [k*b, k*b + b); stream bit j is bit (j % 8) of byte j / 8 of the row,
/// its code's bit 0 first. A row is padded with zero bits to whole bytes, so it
/// takes ceil(K * b / 8) bytes. A code is stored as its low b bits (two's
/// complement for signed storage); unpacking sign-extends signed storage.
int64_t packedRowBytes(int64_t rowLength, unsigned bits);
std::vector<uint8_t> pack(const std::vector<int64_t> &codes, int64_t rowLength,
                          unsigned bits);
std::vector<int64_t> unpack(const std::vector<uint8_t> &bytes,
                            int64_t rowLength, unsigned bits, bool isSigned);

/// The weights of qnn's GPU layer kernels (docs/Packing.md, "GPU kernel
/// weights"): an [N][K] matrix of integer levels in [-128, 127] as rows of
/// 32-bit words. With at most 16 distinct levels, each weight is a b-bit
/// code (b = 1, 2 or 4 for up to 2, 4 or 16 levels) indexing `levels`, the
/// distinct levels in ascending order; otherwise b = 8 and each weight is
/// its level byte. A word holds 32 / b consecutive weights of a row, in
/// groups of 4 (one 32-bit operand of dp4a or mma.sync each): code i of a
/// word sits at bit gpuCodeBit(b, i), so that group q of word w decodes with
/// one byte permute, prmt(lut, (w >> gpuCodeBit(b, 4q)) & mask). Rows are
/// padded with code 0 to a multiple of 128 weights (`rowWords` words).
struct GPUPackedWeights {
  unsigned bits = 8;
  std::vector<int8_t> levels;
  int64_t rowWords = 0;
  std::vector<uint32_t> words;
};

/// Bit position, within its 32-bit word, of the i-th code of the word: for
/// b < 8, i = 4q + j sits at 16 * (q % 2) + b * (q / 2) + 4 * j; for b = 8,
/// at 8 * i.
unsigned gpuCodeBit(unsigned bits, unsigned i);

/// Packs `rows` x `k` levels (row-major) for the GPU kernels; `minBits`
/// forces a wider code than the level count needs (8: the level bytes).
GPUPackedWeights packGPUWeights(const std::vector<int8_t> &levels,
                                int64_t rows, int64_t k, unsigned minBits = 1);

/// The levels of a packed matrix (row-major, `k` per row).
std::vector<int8_t> unpackGPUWeights(const GPUPackedWeights &packed,
                                     int64_t rows, int64_t k);

template <typename CodeFn>
std::optional<std::vector<float>> exactThresholds(CodeFn code, int64_t lo,
                                                  int64_t hi) {
  const uint32_t first = orderedKey(-__builtin_inff());
  const uint32_t last = orderedKey(__builtin_inff());
  std::vector<float> thresholds;
  for (int64_t target = lo + 1; target <= hi; ++target) {
    if (code(fromOrderedKey(last)) < target)
      return std::nullopt; // Never reached.
    // Smallest key whose code reaches `target`.
    uint32_t below = first, above = last;
    if (code(fromOrderedKey(first)) >= target) {
      above = first;
    } else {
      while (above - below > 1) {
        uint32_t mid = below + (above - below) / 2;
        if (code(fromOrderedKey(mid)) >= target)
          above = mid;
        else
          below = mid;
      }
    }
    float t = fromOrderedKey(above);
    // -0.0 and +0.0 compare equal: a threshold at -0.0 also admits +0.0.
    if (t == 0.0f)
      t = 0.0f;
    if (!thresholds.empty() && t < thresholds.back())
      return std::nullopt; // Not monotone.
    thresholds.push_back(t);
  }
  return thresholds;
}

} // namespace qnn::ref

#endif // QNN_REFERENCE_REFERENCE_H
