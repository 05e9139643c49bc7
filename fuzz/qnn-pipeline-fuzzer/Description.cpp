//===- Description.cpp - The pipeline fuzzer's record and mutator ---------===//
//
// This file implements the default record, reading a record from fuzzer
// bytes, and LLVMFuzzerCustomMutator: each call edits one to three fields by
// what they mean, with values near the limits the verifiers and lowerings
// must handle (bit widths 0, 1, 8, 9; shapes 0, 1, odd, a few thousand;
// scales NaN, denormal, huge, negative; thresholds unsorted or duplicated;
// strides, pads, dilations and groups zero, negative or larger than the
// input), and now and then hands the bytes to libFuzzer's own mutator.
//
//===----------------------------------------------------------------------===//

#include "Description.h"

#include "../FuzzSupport.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <utility>

using namespace qnn::fuzz;

Description qnn::fuzz::defaultDescription() {
  Description d;
  std::memset(&d, 0, sizeof(d));
  d.layer = uint8_t(Layer::Conv2D);
  d.epilogue = uint8_t(Epilogue::Thresholds);
  d.inputQuantizer = 1;
  d.fuseEpilogues = 1;
  d.packWeights = 1;
  d.act = {2, 0, 0, 0, 0, 0, {0, 0}, {0.5, 0.5, 0.5, 0.5}};
  d.weight = {2, 0, 1, 0, 0, 0, {0, 0}, {0.1, 0.2, 0.3, 0.4}};
  d.out = {2, 0, 0, 0, 0, 0, {0, 0}, {0.5, 0.25, 0.125, 1.0}};
  const int8_t levels[16] = {-3, -1, 1,  3,  5,  7,  9,  11,
                             13, 15, 17, 19, 21, 23, 25, 27};
  std::memcpy(d.levels, levels, sizeof(levels));
  d.tableSize = 4;
  d.n = 1;
  d.h = 5;
  d.w = 6;
  d.c = 3;
  d.o = 4;
  d.kh = 3;
  d.kw = 3;
  d.strides[0] = d.strides[1] = 1;
  d.padding[0] = d.padding[1] = d.padding[2] = d.padding[3] = 1;
  d.dilations[0] = d.dilations[1] = 1;
  d.groups = 1;
  for (int i = 0; i < 16; ++i) {
    d.fThresholds[i] = -0.5f + 0.25f * float(i);
    d.iThresholds[i] = -6 + 4 * i;
  }
  d.fStep = 0.0078125f;
  d.iStep = 1;
  d.dupAt = d.swapAt = 255;
  for (int i = 0; i < 4; ++i) {
    d.rescaleScale[i] = 0.05 * (i + 1);
    d.rescaleBias[i] = 0.25 * i - 0.5;
  }
  d.seed = 1;
  d.range = 6;
  d.specialEvery = 11;
  return d;
}

Description qnn::fuzz::readDescription(const uint8_t *data, size_t size) {
  Description d = defaultDescription();
  std::memcpy(&d, data, size < sizeof(d) ? size : sizeof(d));
  return d;
}

namespace {

using ::mlir::qnn::fuzz::Rng;

template <typename T, size_t N> T pick(Rng &rng, const T (&values)[N]) {
  return values[rng.below(N)];
}

double mutateScale(Rng &rng, double s) {
  const double special[] = {std::numeric_limits<double>::quiet_NaN(),
                            std::numeric_limits<double>::infinity(),
                            0.0,
                            -0.0,
                            -0.5,
                            1e-45,
                            1.4e-45,
                            1e-39,
                            1e-300,
                            3.4e38,
                            1e39,
                            1e300,
                            1.0,
                            0.5,
                            0.1,
                            1.0 / 3.0,
                            65536.0};
  switch (rng.below(3)) {
  case 0:
    return pick(rng, special);
  case 1:
    return s * std::ldexp(1.0, int(rng.below(17)) - 8);
  default:
    return std::ldexp(double(rng.below(1000) + 1) / 1000.0,
                      int(rng.below(12)) - 6);
  }
}

uint8_t mutateBits(Rng &rng) {
  const uint8_t special[] = {0, 1, 2, 3, 4, 5, 7, 8, 9, 16, 32, 63, 64, 255};
  return rng.chance(3) ? pick(rng, special) : uint8_t(1 + rng.below(8));
}

/// Dimensions: mostly small, sometimes 0, negative or a few thousand (the
/// target skips inputs over its size bounds).
int16_t mutateDim(Rng &rng, int16_t v) {
  const int16_t special[] = {0,  1,   2,   3,   4,    5,    7,   8,  9,
                             15, 16,  17,  31,  32,   33,   63,  64, 65,
                             -1, 127, 128, 257, 1000, 4096, 4097};
  switch (rng.below(4)) {
  case 0:
    return pick(rng, special);
  case 1:
    return int16_t(v + int(rng.below(5)) - 2);
  default:
    return int16_t(1 + rng.below(9));
  }
}

int16_t mutateGeometry(Rng &rng, int16_t v) {
  const int16_t special[] = {-2, -1, 0, 1, 2, 3, 4, 7, 8, 100, 32767};
  return rng.chance(2) ? pick(rng, special)
                       : int16_t(v + int(rng.below(3)) - 1);
}

float mutateThreshold(Rng &rng, float t) {
  const float special[] = {std::numeric_limits<float>::quiet_NaN(),
                           std::numeric_limits<float>::infinity(),
                           -std::numeric_limits<float>::infinity(),
                           0.0f,
                           -0.0f,
                           1e-45f,
                           -1e-45f,
                           1.17549435e-38f,
                           3.4e38f,
                           0.5f,
                           -0.5f};
  switch (rng.below(3)) {
  case 0:
    return pick(rng, special);
  case 1:
    return t + float(int(rng.below(9)) - 4) * 0.125f;
  default:
    return std::nextafter(t, rng.chance(2) ? 1e30f : -1e30f);
  }
}

int32_t mutateIntThreshold(Rng &rng, int32_t t) {
  const int32_t special[] = {0,       1,          -1,  INT32_MIN, INT32_MAX,
                             1 << 20, -(1 << 20), 127, -128,      255};
  return rng.chance(3) ? pick(rng, special)
                       : int32_t(int64_t(t) + int64_t(rng.below(21)) - 10);
}

void mutateType(Rng &rng, TypeDesc &t) {
  switch (rng.below(6)) {
  case 0:
    t.bits = mutateBits(rng);
    break;
  case 1:
    t.isSigned ^= 1;
    break;
  case 2:
    t.narrow ^= 1;
    break;
  case 3:
    t.perChannel ^= 1;
    break;
  case 4: {
    const int8_t special[] = {0, 1, -1, 127, -128, 2, -2, 8, -8};
    t.zeroPoint = rng.chance(2) ? pick(rng, special)
                                : int8_t(t.zeroPoint + int(rng.below(5)) - 2);
    break;
  }
  default: {
    unsigned i = rng.below(4);
    t.scales[i] = mutateScale(rng, t.scales[i]);
    break;
  }
  }
}

void mutateOne(Rng &rng, Description &d) {
  switch (rng.below(24)) {
  case 0:
    d.layer = uint8_t(rng.below(unsigned(Layer::Count)));
    break;
  case 1:
    d.epilogue = uint8_t(rng.below(unsigned(Epilogue::Count)));
    break;
  case 2:
    d.inputQuantizer ^= 1;
    d.rounding = uint8_t(rng.below(8));
    break;
  case 3:
    d.targets = uint8_t(rng.below(16));
    d.fuseEpilogues = uint8_t(rng.below(2));
    d.packWeights = uint8_t(rng.below(2));
    break;
  case 4:
    d.flags ^= uint8_t(1u << rng.below(3));
    break;
  case 5:
    mutateType(rng, d.act);
    break;
  case 6:
  case 7:
    mutateType(rng, d.weight);
    if (rng.chance(4))
      d.weight.codebook ^= 1;
    break;
  case 8:
    mutateType(rng, d.out);
    break;
  case 9: {
    // Levels: a nudge can make them equal or out of order.
    unsigned i = rng.below(16);
    d.levels[i] = rng.chance(3) ? int8_t(rng.next())
                                : int8_t(d.levels[i] + int(rng.below(5)) - 2);
    if (rng.chance(3))
      d.tableSize = uint8_t(rng.below(20));
    break;
  }
  case 10:
  case 11: {
    // Fields of a packed record: copied, mutated and written back.
    int16_t dims[] = {d.n, d.h, d.w, d.c, d.o, d.kh, d.kw};
    unsigned i = rng.below(7);
    dims[i] = mutateDim(rng, dims[i]);
    d.n = dims[0], d.h = dims[1], d.w = dims[2], d.c = dims[3];
    d.o = dims[4], d.kh = dims[5], d.kw = dims[6];
    break;
  }
  case 12: {
    unsigned i = rng.below(2);
    d.strides[i] = mutateGeometry(rng, d.strides[i]);
    break;
  }
  case 13: {
    unsigned i = rng.below(4);
    d.padding[i] = mutateGeometry(rng, d.padding[i]);
    break;
  }
  case 14: {
    unsigned i = rng.below(2);
    d.dilations[i] = mutateGeometry(rng, d.dilations[i]);
    break;
  }
  case 15:
    d.groups = rng.chance(2) ? d.c : mutateGeometry(rng, d.groups);
    break;
  case 16:
    if (rng.chance(2))
      d.weightChannelDelta = int8_t(int(rng.below(3)) - 1);
    else
      d.outputDelta = int8_t(int(rng.below(3)) - 1);
    break;
  case 17: {
    unsigned i = rng.below(16);
    d.fThresholds[i] = mutateThreshold(rng, d.fThresholds[i]);
    if (rng.chance(4))
      d.fStep = mutateThreshold(rng, d.fStep);
    break;
  }
  case 18: {
    unsigned i = rng.below(16);
    d.iThresholds[i] = mutateIntThreshold(rng, d.iThresholds[i]);
    if (rng.chance(4))
      d.iStep = mutateIntThreshold(rng, d.iStep);
    break;
  }
  case 19:
    switch (rng.below(3)) {
    case 0:
      d.thresholdCountDelta = int8_t(int(rng.below(3)) - 1);
      break;
    case 1:
      d.dupAt = rng.chance(2) ? 255 : uint8_t(rng.below(20));
      break;
    default:
      d.swapAt = rng.chance(2) ? 255 : uint8_t(rng.below(20));
      break;
    }
    break;
  case 20:
    d.negate = uint8_t(rng.next());
    break;
  case 21: {
    unsigned i = rng.below(4);
    if (rng.chance(2))
      d.rescaleScale[i] = mutateScale(rng, d.rescaleScale[i]);
    else
      d.rescaleBias[i] = rng.chance(2) ? -mutateScale(rng, d.rescaleBias[i])
                                       : mutateScale(rng, d.rescaleBias[i]);
    if (rng.chance(4))
      d.rescalePerChannel ^= 1;
    break;
  }
  case 22:
    d.seed = uint32_t(rng.next());
    break;
  default:
    d.range = uint8_t(rng.below(16));
    d.specialEvery = uint8_t(rng.chance(3) ? 0 : 1 + rng.below(16));
    break;
  }
}

} // namespace

// libFuzzer's byte-level mutator; absent from the replayer, which never
// mutates.
extern "C" __attribute__((weak)) size_t
LLVMFuzzerMutate(uint8_t *data, size_t size, size_t maxSize);

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size,
                                          size_t maxSize, unsigned seed) {
  if (maxSize < sizeof(Description))
    return LLVMFuzzerMutate ? LLVMFuzzerMutate(data, size, maxSize) : size;
  Rng rng{seed};
  Description d = readDescription(data, size);
  std::memcpy(data, &d, sizeof(d));
  // Now and then a byte-level change, which reaches combinations the field
  // mutations do not.
  if (LLVMFuzzerMutate && rng.chance(8)) {
    size_t n = LLVMFuzzerMutate(data, sizeof(d), sizeof(d));
    Description completed = readDescription(data, n);
    std::memcpy(data, &completed, sizeof(completed));
    return sizeof(d);
  }
  unsigned edits = 1 + rng.below(3);
  for (unsigned i = 0; i < edits; ++i)
    mutateOne(rng, d);
  std::memcpy(data, &d, sizeof(d));
  return sizeof(d);
}
