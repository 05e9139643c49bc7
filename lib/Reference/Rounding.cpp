//===- Rounding.cpp - Exact rounding and nearest-level projection ---------===//
//
// This file implements the rounding modes and the nearest-level rule shared by
// every codebook quantizer. Both are evaluated exactly on f32 values.
//
//===----------------------------------------------------------------------===//

#include "qnn/Reference/Reference.h"

#include <algorithm>
#include <cassert>
#include <cctype>
#include <cfenv>
#include <cmath>

using namespace qnn::ref;

float qnn::ref::roundToIntegral(float x, RoundingMode mode) {
  if (std::isnan(x))
    return 0.0f;
  switch (mode) {
  case RoundingMode::HalfEven:
    // nearbyint honours the current rounding mode; the library never changes
    // it, and callers are documented to run in the default FE_TONEAREST.
    return std::nearbyint(x);
  case RoundingMode::HalfUp:
    return std::round(x); // C round(): ties away from zero, exact.
  case RoundingMode::HalfDown: {
    float t = std::trunc(x);
    // x - trunc(x) is exact in f32, so the tie test is exact.
    if (std::fabs(x - t) == 0.5f)
      return t;
    return std::round(x);
  }
  case RoundingMode::Ceil:
    return std::ceil(x);
  case RoundingMode::Floor:
    return std::floor(x);
  case RoundingMode::Up:
    return x >= 0.0f ? std::ceil(x) : std::floor(x);
  case RoundingMode::Down:
    return std::trunc(x);
  }
  return x;
}

std::optional<RoundingMode>
qnn::ref::parseRoundingMode(const std::string &name) {
  std::string n;
  for (char c : name)
    n.push_back(char(std::toupper(static_cast<unsigned char>(c))));
  if (n == "ROUND" || n == "HALF_EVEN")
    return RoundingMode::HalfEven;
  if (n == "HALF_UP")
    return RoundingMode::HalfUp;
  if (n == "HALF_DOWN")
    return RoundingMode::HalfDown;
  if (n == "CEIL")
    return RoundingMode::Ceil;
  if (n == "FLOOR")
    return RoundingMode::Floor;
  if (n == "UP")
    return RoundingMode::Up;
  if (n == "DOWN")
    return RoundingMode::Down;
  return std::nullopt;
}

const char *qnn::ref::stringifyRoundingMode(RoundingMode mode) {
  switch (mode) {
  case RoundingMode::HalfEven:
    return "half_even";
  case RoundingMode::HalfUp:
    return "half_up";
  case RoundingMode::HalfDown:
    return "half_down";
  case RoundingMode::Ceil:
    return "ceil";
  case RoundingMode::Floor:
    return "floor";
  case RoundingMode::Up:
    return "up";
  case RoundingMode::Down:
    return "down";
  }
  return "half_even";
}

unsigned qnn::ref::nearestLevel(float v, const std::vector<float> &levels) {
  assert(!levels.empty() && "empty level table");
  if (std::isnan(v))
    v = 0.0f;
  // The first level whose midpoint with its successor is not below v.
  for (size_t j = 0; j + 1 < levels.size(); ++j) {
    float lo = levels[j], hi = levels[j + 1];
    // (lo + hi) * 0.5 in f32: halving is exact, so this is the correctly
    // rounded midpoint (barring subnormals, where it still is monotone).
    float mid = (lo + hi) * 0.5f;
    if (v < mid)
      return unsigned(j);
    if (v == mid) {
      float alo = std::fabs(lo), ahi = std::fabs(hi);
      if (alo < ahi)
        return unsigned(j);
      if (ahi < alo)
        return unsigned(j + 1);
      return hi > 0.0f ? unsigned(j + 1) : unsigned(j);
    }
  }
  return unsigned(levels.size() - 1);
}
