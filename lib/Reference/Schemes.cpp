//===- Schemes.cpp - The paper quantizers: PACT, SAWB, APoT, HWGQ, ... ----===//
//
// This file implements the forward deploy semantics of each scheme in
// shared/QUANTIZERS.md exactly as the papers (and their authors' code) state
// them, with the f32 evaluation order documented in Reference.h.
//
//===----------------------------------------------------------------------===//

#include "qnn/Reference/Reference.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

using namespace qnn::ref;

static float sanitize(float x) { return std::isnan(x) ? 0.0f : x; }

static float maxCode(unsigned bits) { return float((1u << bits) - 1); }

//===----------------------------------------------------------------------===//
// PACT
//===----------------------------------------------------------------------===//

float qnn::ref::pactScale(unsigned bits, float alpha) {
  return maxCode(bits) / alpha;
}

int64_t qnn::ref::pactCode(float x, unsigned bits, float alpha) {
  float y = std::clamp(sanitize(x), 0.0f, alpha);
  return int64_t(std::nearbyint(y * pactScale(bits, alpha)));
}

float qnn::ref::pactValue(int64_t code, unsigned bits, float alpha) {
  return float(code) / pactScale(bits, alpha);
}

//===----------------------------------------------------------------------===//
// SAWB
//===----------------------------------------------------------------------===//

std::optional<SawbCoefficients>
qnn::ref::sawbDefaultCoefficients(unsigned bits) {
  switch (bits) {
  case 2:
    return SawbCoefficients{3.212, 2.178};
  case 3:
    return SawbCoefficients{7.509, 6.892};
  case 4:
    return SawbCoefficients{12.68, 12.80};
  case 5:
    return SawbCoefficients{17.74, 18.64};
  case 8:
    return SawbCoefficients{31.76, 35.04};
  default:
    return std::nullopt;
  }
}

SawbCoefficients qnn::ref::sawbTernaryCoefficients() { return {2.6, 1.71}; }

float qnn::ref::sawbAlpha(const std::vector<float> &w, SawbCoefficients c) {
  double sumSq = 0.0, sumAbs = 0.0, maxAbs = 0.0;
  for (float v : w) {
    double d = double(sanitize(v));
    sumSq += d * d;
    sumAbs += std::fabs(d);
    maxAbs = std::max(maxAbs, std::fabs(d));
  }
  double n = w.empty() ? 1.0 : double(w.size());
  float alpha = float(c.c1 * std::sqrt(sumSq / n) - c.c2 * (sumAbs / n));
  if (!(alpha > 0.0f) || !std::isfinite(alpha))
    alpha = float(maxAbs);
  return alpha;
}

int64_t qnn::ref::sawbCode(float w, unsigned bits, float alpha) {
  float t = std::clamp(sanitize(w) / alpha, -1.0f, 1.0f);
  return int64_t(std::nearbyint((t * 0.5f + 0.5f) * maxCode(bits)));
}

float qnn::ref::sawbValue(int64_t code, unsigned bits, float alpha) {
  return (float(2 * code) / maxCode(bits) - 1.0f) * alpha;
}

int64_t qnn::ref::sawbLevel(int64_t code, unsigned bits) {
  return 2 * code - ((int64_t(1) << bits) - 1);
}

int64_t qnn::ref::sawbTernaryCode(float w, float alpha) {
  float t = std::clamp(sanitize(w) / alpha, -1.0f, 1.0f);
  return int64_t(std::nearbyint(t)) + 1;
}

float qnn::ref::sawbTernaryValue(int64_t code, float alpha) {
  return float(code - 1) * alpha;
}

//===----------------------------------------------------------------------===//
// APoT
//===----------------------------------------------------------------------===//

std::vector<float> RationalLevels::asFloats() const {
  std::vector<float> out;
  for (int64_t n : numerators)
    out.push_back(float(double(n) / double(denominator)));
  return out;
}

/// Builds the normalised level set from the additive bases of the authors'
/// build_power_value, in exact integer arithmetic: every base term is 2^-e,
/// so all sums are integers over 2^maxExp.
static RationalLevels
levelsFromBases(const std::vector<std::vector<int>> &exponents) {
  int maxExp = 0;
  for (const auto &base : exponents)
    for (int e : base)
      maxExp = std::max(maxExp, e);
  std::set<int64_t> sums = {0};
  for (const auto &base : exponents) {
    std::set<int64_t> next;
    for (int64_t s : sums) {
      next.insert(s); // the base's 0 term
      for (int e : base)
        next.insert(s + (int64_t(1) << (maxExp - e)));
    }
    sums = std::move(next);
  }
  int64_t top = *sums.rbegin();
  int64_t g = top;
  for (int64_t s : sums)
    g = std::gcd(g, s);
  RationalLevels out;
  out.denominator = top / g;
  for (int64_t s : sums)
    out.numerators.push_back(s / g);
  return out;
}

std::optional<RationalLevels> qnn::ref::apotUnsignedLevels(unsigned bits) {
  // Exponents e of the base terms 2^-e, per base (a, b, c), exactly as the
  // authors' build_power_value(B, additive=True) appends them.
  switch (bits) {
  case 1:
    return RationalLevels{{0, 1}, 1};
  case 2:
    return levelsFromBases({{1, 2, 3}});
  case 3:
    return levelsFromBases({{1, 2, 4}, {3}});
  case 4:
    return levelsFromBases({{1, 3, 5}, {2, 4, 6}});
  case 5:
    return levelsFromBases({{1, 3, 6}, {2, 4, 7}, {5}});
  case 6:
    return levelsFromBases({{1, 4, 7}, {2, 5, 8}, {3, 6, 9}});
  default:
    return std::nullopt;
  }
}

std::optional<RationalLevels> qnn::ref::apotSignedLevels(unsigned bits) {
  if (bits < 2)
    return std::nullopt;
  std::optional<RationalLevels> half = apotUnsignedLevels(bits - 1);
  if (!half)
    return std::nullopt;
  RationalLevels out;
  out.denominator = half->denominator;
  for (auto it = half->numerators.rbegin(); it != half->numerators.rend(); ++it)
    if (*it != 0)
      out.numerators.push_back(-*it);
  out.numerators.insert(out.numerators.end(), half->numerators.begin(),
                        half->numerators.end());
  return out;
}

std::vector<float> qnn::ref::apotNormalize(const std::vector<float> &w) {
  if (w.empty())
    return {};
  double sum = 0.0;
  for (float v : w)
    sum += double(sanitize(v));
  double mean = sum / double(w.size());
  double sq = 0.0;
  for (float v : w)
    sq += (double(sanitize(v)) - mean) * (double(sanitize(v)) - mean);
  double sd = w.size() > 1 ? std::sqrt(sq / double(w.size() - 1)) : 0.0;
  std::vector<float> out;
  for (float v : w) {
    double c = double(sanitize(v)) - mean;
    out.push_back(float(sd > 0.0 ? c / sd : c));
  }
  return out;
}

int64_t qnn::ref::apotCode(float x, const RationalLevels &levels, bool isSigned,
                           float alpha) {
  float v = std::clamp(sanitize(x) / alpha, isSigned ? -1.0f : 0.0f, 1.0f);
  return nearestLevel(v, levels.asFloats());
}

float qnn::ref::apotValue(int64_t code, const RationalLevels &levels,
                          float alpha) {
  return alpha * levels.asFloats()[size_t(code)];
}

//===----------------------------------------------------------------------===//
// HWGQ
//===----------------------------------------------------------------------===//

std::optional<float> qnn::ref::hwgqUniformStep(unsigned bits) {
  switch (bits) {
  case 1:
    return 0.799f;
  case 2:
    return 0.538f;
  case 3:
    return 0.3217f;
  case 4:
    return 0.185f;
  default:
    return std::nullopt;
  }
}

std::optional<std::vector<float>> qnn::ref::hwgqLevels(unsigned bits,
                                                       bool uniform) {
  if (!uniform) {
    if (bits != 2)
      return std::nullopt;
    return std::vector<float>{0.0f, 0.453f, 1.51f};
  }
  std::optional<float> step = hwgqUniformStep(bits);
  if (!step)
    return std::nullopt;
  std::vector<float> levels;
  for (unsigned j = 0; j < (1u << bits); ++j)
    levels.push_back(*step * float(j));
  return levels;
}

int64_t qnn::ref::hwgqCode(float x, const std::vector<float> &levels) {
  x = sanitize(x);
  if (x <= 0.0f)
    return 0;
  for (size_t j = 1; j + 1 < levels.size(); ++j)
    if (x <= (levels[j] + levels[j + 1]) * 0.5f)
      return int64_t(j);
  return int64_t(levels.size() - 1);
}

//===----------------------------------------------------------------------===//
// Binary, ternary, SLB
//===----------------------------------------------------------------------===//

int64_t qnn::ref::binaryCode(float x) { return sanitize(x) >= 0.0f ? 1 : 0; }

float qnn::ref::binaryValue(int64_t code, float scale) {
  return code ? scale : -scale;
}

std::vector<float>
qnn::ref::meanAbsPerChannel(const std::vector<float> &w,
                            const std::vector<int64_t> &shape, int64_t axis) {
  QuantSpec layout;
  layout.axis = axis;
  size_t channels = size_t(shape[size_t(axis)]);
  std::vector<double> sums(channels, 0.0);
  std::vector<size_t> counts(channels, 0);
  for (size_t i = 0; i < w.size(); ++i) {
    size_t c = layout.channelOf(i, shape);
    sums[c] += std::fabs(double(sanitize(w[i])));
    ++counts[c];
  }
  std::vector<float> out;
  for (size_t c = 0; c < channels; ++c)
    out.push_back(counts[c] ? float(sums[c] / double(counts[c])) : 0.0f);
  return out;
}

int64_t qnn::ref::ternaryCode(float x, float delta) {
  x = sanitize(x);
  if (x > delta)
    return 2;
  if (x < -delta)
    return 0;
  return 1;
}

TernaryParams qnn::ref::ternaryTwnParams(const std::vector<float> &w) {
  double sumAbs = 0.0;
  for (float v : w)
    sumAbs += std::fabs(double(sanitize(v)));
  float delta = float(0.7 * sumAbs / double(w.empty() ? 1 : w.size()));
  double sel = 0.0;
  size_t n = 0;
  for (float v : w)
    if (std::fabs(sanitize(v)) > delta) {
      sel += std::fabs(double(v));
      ++n;
    }
  return {delta, n ? float(sel / double(n)) : 0.0f};
}

std::optional<std::vector<float>> qnn::ref::slbValueSet(unsigned bits) {
  if (bits != 1 && bits != 2 && bits != 4)
    return std::nullopt;
  int n = 1 << bits;
  std::vector<float> values;
  for (int i = 0; i < n; ++i)
    values.push_back(float(2 * i - (n - 1)) / float(n - 1));
  return values;
}

int64_t qnn::ref::argmaxFirst(const float *logits, size_t n) {
  size_t best = 0;
  for (size_t i = 1; i < n; ++i)
    if (logits[i] > logits[best] ||
        (std::isnan(logits[best]) && !std::isnan(logits[i])))
      best = i;
  return int64_t(best);
}
