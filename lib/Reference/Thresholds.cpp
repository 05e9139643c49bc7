//===- Thresholds.cpp - Multi-threshold quantization ----------------------===//
//
// This file implements the threshold form of quantizers: a code is the number
// of thresholds an input reaches, and any monotone quantizer has exact f32
// thresholds (Reference.h, exactThresholds).
//
//===----------------------------------------------------------------------===//

#include "qnn/Reference/Reference.h"

#include <cmath>
#include <cstring>

using namespace qnn::ref;

uint32_t qnn::ref::orderedKey(float x) {
  uint32_t bits;
  std::memcpy(&bits, &x, sizeof(bits));
  // Negative values: flip all bits (more negative -> smaller key); positive
  // values: set the sign bit so that they follow every negative one.
  return (bits & 0x80000000u) ? ~bits : (bits | 0x80000000u);
}

float qnn::ref::fromOrderedKey(uint32_t key) {
  uint32_t bits = (key & 0x80000000u) ? (key & 0x7FFFFFFFu) : ~key;
  float x;
  std::memcpy(&x, &bits, sizeof(x));
  return x;
}

int64_t qnn::ref::thresholdCode(float x, const float *thresholds, size_t count,
                                int64_t lo) {
  if (std::isnan(x))
    x = 0.0f;
  int64_t code = lo;
  for (size_t j = 0; j < count; ++j)
    if (x >= thresholds[j])
      ++code;
  return code;
}
