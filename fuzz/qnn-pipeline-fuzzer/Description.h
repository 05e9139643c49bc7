//===- Description.h - The pipeline fuzzer's input record -------*- C++ -*-===//
//
// This file declares the record qnn-pipeline-fuzzer reads: one small layer
// (a quantizer, then a dense layer, a convolution or a max pooling, then an
// epilogue) described by its numbers only. The fuzzer's input bytes are this
// record, little-endian and packed; shorter inputs are completed from
// `defaultDescription()`, longer ones truncated. The custom mutator edits
// fields by meaning (bit widths, shapes, scales, thresholds, strides, pads,
// dilations, groups), so most inputs stay valid IR in the neighbourhood of
// the interesting limits.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_FUZZ_PIPELINE_DESCRIPTION_H
#define QNN_FUZZ_PIPELINE_DESCRIPTION_H

#include <cstddef>
#include <cstdint>
#include <string>

namespace qnn::fuzz {

/// The layer after the activation quantizer.
enum class Layer : uint8_t { None, Dense, Conv2D, MaxPool2D, Count };

/// The epilogue after the layer. On accumulators (dense, conv2d): a
/// multithreshold on the i32 accumulator, a rescale to f32, or a rescale to
/// f32 followed by a quantize (which qnn-fuse-epilogues folds into integer
/// thresholds). On codes (none, max pooling): a dequantization.
enum class Epilogue : uint8_t {
  None,
  Thresholds,
  Rescale,
  RescaleQuantize,
  Count
};

/// A quantized element type. Uniform: `[u|i]bits[<min:max>]`, scale and zero
/// point; codebook: `u bits` with the description's level table.
struct __attribute__((packed)) TypeDesc {
  uint8_t bits;
  uint8_t isSigned;
  uint8_t codebook;
  /// Uniform: narrow the storage range by one at the bottom (`<min+1:max>`).
  uint8_t narrow;
  /// Per channel along the weights' output channels (axis 0) or the last
  /// dimension of activations; channel c takes scales[c % 4].
  uint8_t perChannel;
  int8_t zeroPoint;
  uint8_t pad[2];
  double scales[4];
};

struct __attribute__((packed)) Description {
  uint8_t layer;    // Layer, modulo Layer::Count
  uint8_t epilogue; // Epilogue, modulo Epilogue::Count
  /// 0: qnn.quantize (with `rounding`), 1: qnn.multithreshold on floats.
  uint8_t inputQuantizer;
  uint8_t rounding; // 0..6: half_even .. down
  /// Bit i: compile for target i (generic, avx2, avx512-vnni,
  /// avx512-vpopcntdq); 0 means all four.
  uint8_t targets;
  uint8_t fuseEpilogues;
  uint8_t packWeights;
  /// Bit 0: the JIT optimizes (O2); bit 1: weights hold one code outside the
  /// type's range; bit 2: codebook levels are halves (not integers).
  uint8_t flags;

  TypeDesc act, weight, out;
  /// Codebook levels, the first `tableSize` used (as written: the verifier
  /// checks that they increase).
  int8_t levels[16];
  uint8_t tableSize;

  /// Geometry: input N x H x W x C (dense: N x C), O output channels, the
  /// kernel, strides, padding [top, left, bottom, right], dilations, groups.
  int16_t n, h, w, c, o, kh, kw;
  int16_t strides[2], padding[4], dilations[2], groups;
  /// Added to the weights' input channels and to the result's spatial
  /// dimensions: non-zero values make shapes disagree.
  int8_t weightChannelDelta, outputDelta;

  /// Float thresholds of the input multithreshold: row r, threshold j is
  /// fThresholds[j] (rows of up to 15) or fThresholds[0] + j * fStep
  /// (longer rows: 5 bits and up), plus r *
  /// fThresholds[15] when per channel. thresholdCountDelta adds or drops
  /// thresholds, dupAt / swapAt duplicate or swap one (when in range).
  float fThresholds[16];
  float fStep;
  /// The same for the integer epilogue thresholds.
  int32_t iThresholds[16];
  int32_t iStep;
  int8_t thresholdCountDelta;
  uint8_t dupAt, swapAt;
  /// Bit r: negate row r of the integer thresholds.
  uint8_t negate;

  /// Rescale: scale and bias per output channel (c % 4) or one.
  double rescaleScale[4], rescaleBias[4];
  uint8_t rescalePerChannel;

  /// Inputs: a seed for the values, their range 2^(range % 16 - 6), and one
  /// special value (NaN, infinities, -0, denormals, ties) in every
  /// `specialEvery` elements (0: none).
  uint32_t seed;
  uint8_t range;
  uint8_t specialEvery;
};

// The record's size is the fuzzer's -max_len (qnn-pipeline-fuzzer.options)
// and its layout is what seeds.sh writes: both change with it.
static_assert(sizeof(TypeDesc) == 40 && sizeof(Description) == 390,
              "update seeds.sh and qnn-pipeline-fuzzer.options");

Description defaultDescription();
/// The record from fuzzer bytes (completed from the default).
Description readDescription(const uint8_t *data, size_t size);

/// The bounds that keep one execution fast: no dimension above kMaxDim and
/// no tensor or reduction above kMaxElements / kMaxMacs.
constexpr int64_t kMaxDim = 4096;
constexpr int64_t kMaxElements = 1 << 14;
constexpr int64_t kMaxMacs = 1 << 20;

} // namespace qnn::fuzz

#endif // QNN_FUZZ_PIPELINE_DESCRIPTION_H
