//===- ThresholdsTest.cpp - Exact thresholds of monotone quantizers -------===//

#include "qnn/Reference/Reference.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

using namespace qnn::ref;

namespace {

TEST(Thresholds, OrderedKeysPreserveOrder) {
  const float values[] = {-INFINITY, -3.0e38f, -1.0f, -1e-45f, -0.0f,
                          0.0f,      1e-45f,   1.0f,  3.0e38f, INFINITY};
  for (size_t i = 0; i + 1 < std::size(values); ++i)
    EXPECT_LT(orderedKey(values[i]), orderedKey(values[i + 1])) << i;
  for (float v : values)
    EXPECT_EQ(fromOrderedKey(orderedKey(v)), v);
}

/// Checks thresholdCode against `code` on random values and on every
/// threshold and its f32 neighbours.
template <typename Fn>
void expectExact(Fn code, int64_t lo, int64_t hi, float range) {
  auto t = exactThresholds(code, lo, hi);
  ASSERT_TRUE(t);
  ASSERT_EQ(int64_t(t->size()), hi - lo);
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> dist(-range, range);
  std::vector<float> xs = {-INFINITY, INFINITY, 0.0f, -0.0f};
  for (int i = 0; i < 20000; ++i)
    xs.push_back(dist(rng));
  for (float th : *t)
    for (float x :
         {std::nextafter(th, -INFINITY), th, std::nextafter(th, INFINITY)})
      xs.push_back(x);
  for (float x : xs)
    ASSERT_EQ(thresholdCode(x, t->data(), t->size(), lo), code(x)) << x;
}

TEST(Thresholds, PactIsExact) {
  for (unsigned bits : {1u, 2u, 4u, 8u})
    expectExact([&](float x) { return pactCode(x, bits, 1.7f); }, 0,
                (1 << bits) - 1, 3.0f);
}

TEST(Thresholds, HwgqIsExact) {
  auto levels = *hwgqLevels(2, true);
  expectExact([&](float x) { return hwgqCode(x, levels); }, 0, 3, 3.0f);
  auto t = *exactThresholds([&](float x) { return hwgqCode(x, levels); }, 0, 3);
  // (0, 0.807] -> code 1: the first threshold is the smallest positive f32.
  EXPECT_EQ(t[0], std::nextafter(0.0f, 1.0f));
  EXPECT_EQ(t[1], std::nextafter(0.807f, 1.0f));
}

TEST(Thresholds, UniformAndCodebookAreExact) {
  QuantSpec s;
  s.bits = 4;
  s.isSigned = true;
  s.storageMin = -8;
  s.storageMax = 7;
  s.scales = {0.37};
  s.zeroPoints = {-1};
  expectExact([&](float x) { return s.quantize(x, 0); }, -8, 7, 5.0f);
  auto apot = *apotUnsignedLevels(4);
  expectExact([&](float x) { return apotCode(x, apot, false, 6.0f); }, 0, 15,
              8.0f);
}

TEST(Thresholds, TernaryBinaryAndUnreachableCodes) {
  expectExact([](float x) { return ternaryCode(x, 0.25f); }, 0, 2, 1.0f);
  expectExact([](float x) { return binaryCode(x); }, 0, 1, 1.0f);
  // A quantizer that never reaches code 2.
  EXPECT_FALSE(exactThresholds([](float x) { return x > 0 ? 1 : 0; }, 0, 2));
  // Every input reaches code 1: the threshold is -inf.
  auto all = exactThresholds([](float) { return int64_t(1); }, 0, 1);
  ASSERT_TRUE(all);
  EXPECT_EQ((*all)[0], -INFINITY);
}

} // namespace
