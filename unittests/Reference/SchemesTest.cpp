//===- SchemesTest.cpp - PACT, SAWB, HWGQ, binary, ternary, SLB -----------===//

#include "qnn/Reference/Reference.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

using namespace qnn::ref;

namespace {

TEST(Pact, TwoBitsMapsZeroToAlphaOntoFourLevels) {
  const float alpha = 3.0f; // s = 1: codes are round(clamp(x, 0, 3)).
  EXPECT_EQ(pactCode(-1.0f, 2, alpha), 0);
  EXPECT_EQ(pactCode(0.4f, 2, alpha), 0);
  EXPECT_EQ(pactCode(0.6f, 2, alpha), 1);
  EXPECT_EQ(pactCode(2.9f, 2, alpha), 3);
  EXPECT_EQ(pactCode(7.0f, 2, alpha), 3);
  // Half-to-even ties: 0.5 -> 0, 1.5 -> 2, 2.5 -> 2.
  EXPECT_EQ(pactCode(0.5f, 2, alpha), 0);
  EXPECT_EQ(pactCode(1.5f, 2, alpha), 2);
  EXPECT_EQ(pactCode(2.5f, 2, alpha), 2);
  for (int c = 0; c < 4; ++c)
    EXPECT_EQ(pactValue(c, 2, alpha), float(c));
}

TEST(Pact, LevelsAreAlphaOverThreeMultiples) {
  const float alpha = 1.2f;
  std::set<float> seen;
  for (int i = -100; i <= 300; ++i)
    seen.insert(pactValue(pactCode(float(i) / 100.0f, 2, alpha), 2, alpha));
  ASSERT_EQ(seen.size(), 4u);
  float s = 3.0f / alpha;
  std::vector<float> expect = {0.0f, 1.0f / s, 2.0f / s, 3.0f / s};
  EXPECT_EQ(std::vector<float>(seen.begin(), seen.end()), expect);
  EXPECT_NEAR(expect[3], alpha, 1e-6);
}

TEST(Sawb, DefaultCoefficientTable) {
  EXPECT_EQ(sawbDefaultCoefficients(2)->c1, 3.212);
  EXPECT_EQ(sawbDefaultCoefficients(2)->c2, 2.178);
  EXPECT_EQ(sawbDefaultCoefficients(3)->c1, 7.509);
  EXPECT_EQ(sawbDefaultCoefficients(4)->c2, 12.80);
  EXPECT_EQ(sawbDefaultCoefficients(5)->c1, 17.74);
  EXPECT_EQ(sawbDefaultCoefficients(8)->c2, 35.04);
  EXPECT_FALSE(sawbDefaultCoefficients(6));
}

TEST(Sawb, AlphaOnAKnownTensor) {
  // w = {1, -1, 2, -2}: mean(w^2) = 2.5, mean|w| = 1.5.
  std::vector<float> w = {1.0f, -1.0f, 2.0f, -2.0f};
  float alpha = sawbAlpha(w, *sawbDefaultCoefficients(2));
  EXPECT_EQ(alpha, float(3.212 * std::sqrt(2.5) - 2.178 * 1.5));
  // A constant tensor gives c1*|w| - c2*|w| > 0 for 2 bits ...
  EXPECT_EQ(sawbAlpha({0.5f, 0.5f}, {3.212, 2.178}), float(1.034 * 0.5));
  // ... but a negative result falls back to max |w| (4-bit: 12.68 < 12.80).
  EXPECT_EQ(sawbAlpha({0.5f, -0.5f}, *sawbDefaultCoefficients(4)), 0.5f);
}

TEST(Sawb, TwoBitLevelsAreOddMultiplesOfAlphaOverThree) {
  const float alpha = 0.75f;
  std::set<int64_t> levels;
  for (int i = -200; i <= 200; ++i) {
    float w = float(i) / 100.0f;
    int64_t c = sawbCode(w, 2, alpha);
    ASSERT_GE(c, 0);
    ASSERT_LE(c, 3);
    levels.insert(sawbLevel(c, 2));
    // The paper's f32 formula lands within one ulp of level * alpha / 3.
    float exact = float(double(sawbLevel(c, 2)) * 0.25);
    EXPECT_LE(std::fabs(sawbValue(c, 2, alpha) - exact),
              std::nextafter(std::fabs(exact), INFINITY) - std::fabs(exact));
  }
  EXPECT_EQ(std::vector<int64_t>(levels.begin(), levels.end()),
            (std::vector<int64_t>{-3, -1, 1, 3}));
  // No zero level: tiny weights go to +-alpha/3.
  EXPECT_EQ(sawbLevel(sawbCode(1e-6f, 2, alpha), 2), 1);
  EXPECT_EQ(sawbLevel(sawbCode(-1e-6f, 2, alpha), 2), -1);
  EXPECT_EQ(sawbLevel(sawbCode(0.0f, 2, alpha), 2), 1);
  EXPECT_EQ(sawbValue(3, 2, alpha), alpha);
  EXPECT_EQ(sawbValue(0, 2, alpha), -alpha);
}

TEST(Sawb, Ternary) {
  EXPECT_EQ(sawbTernaryCode(-0.9f, 1.0f), 0);
  EXPECT_EQ(sawbTernaryCode(0.4f, 1.0f), 1);
  EXPECT_EQ(sawbTernaryCode(0.5f, 1.0f), 1); // half-even: 0.5 -> 0
  EXPECT_EQ(sawbTernaryCode(0.6f, 1.0f), 2);
  EXPECT_EQ(sawbTernaryValue(0, 2.0f), -2.0f);
  EXPECT_EQ(sawbTernaryValue(1, 2.0f), 0.0f);
}

TEST(Hwgq, UniformTwoBit) {
  auto levels = *hwgqLevels(2, /*uniform=*/true);
  ASSERT_EQ(levels.size(), 4u);
  EXPECT_EQ(levels[1], 0.538f);
  EXPECT_EQ(levels[2], 1.076f);
  EXPECT_EQ(levels[3], 0.538f * 3.0f);
  EXPECT_EQ(hwgqCode(-1.0f, levels), 0);
  EXPECT_EQ(hwgqCode(0.0f, levels), 0);
  // (0, 0.807] maps to 0.538, never to 0.
  EXPECT_EQ(hwgqCode(std::nextafter(0.0f, 1.0f), levels), 1);
  EXPECT_EQ(hwgqCode(0.1f, levels), 1);
  EXPECT_EQ(hwgqCode(0.807f, levels), 1);
  EXPECT_EQ(hwgqCode(0.8071f, levels), 2);
  EXPECT_EQ(hwgqCode(1.345f, levels), 2);
  EXPECT_EQ(hwgqCode(1.3451f, levels), 3);
  EXPECT_EQ(hwgqCode(1e9f, levels), 3);
}

TEST(Hwgq, StepsAndNonUniform) {
  EXPECT_EQ(*hwgqUniformStep(1), 0.799f);
  EXPECT_EQ(*hwgqUniformStep(3), 0.3217f);
  EXPECT_EQ(*hwgqUniformStep(4), 0.185f);
  EXPECT_FALSE(hwgqUniformStep(5));
  auto nu = *hwgqLevels(2, /*uniform=*/false);
  EXPECT_EQ(nu, (std::vector<float>{0.0f, 0.453f, 1.51f}));
  EXPECT_EQ(hwgqCode(0.98f, nu), 1);
  EXPECT_EQ(hwgqCode(0.99f, nu), 2);
  EXPECT_FALSE(hwgqLevels(3, false));
  auto one = *hwgqLevels(1, true);
  EXPECT_EQ(hwgqCode(1e-3f, one), 1);
}

TEST(Binary, SignOfZeroIsPlusOne) {
  EXPECT_EQ(binaryCode(0.0f), 1);
  EXPECT_EQ(binaryCode(-0.0f), 1);
  EXPECT_EQ(binaryCode(-1e-30f), 0);
  EXPECT_EQ(binaryValue(1, 0.5f), 0.5f);
  EXPECT_EQ(binaryValue(0, 0.5f), -0.5f);
}

TEST(Binary, MeanAbsPerOutputChannel) {
  // shape 2x3, axis 0.
  std::vector<float> w = {1, -2, 3, -0.5f, 0.5f, 0};
  auto a = meanAbsPerChannel(w, {2, 3}, 0);
  EXPECT_EQ(a, (std::vector<float>{2.0f, float(1.0 / 3.0)}));
  auto b = meanAbsPerChannel(w, {2, 3}, 1);
  EXPECT_EQ(b, (std::vector<float>{0.75f, 1.25f, 1.5f}));
}

TEST(Ternary, ThresholdAndTwn) {
  EXPECT_EQ(ternaryCode(0.5f, 0.5f), 1);
  EXPECT_EQ(ternaryCode(0.51f, 0.5f), 2);
  EXPECT_EQ(ternaryCode(-0.51f, 0.5f), 0);
  auto p = ternaryTwnParams({1.0f, -1.0f, 0.1f, -0.1f});
  EXPECT_EQ(p.delta, float(0.7 * 0.55));
  EXPECT_EQ(p.alpha, 1.0f);
}

TEST(Slb, ValueSetsAndArgmax) {
  EXPECT_EQ(*slbValueSet(1), (std::vector<float>{-1.0f, 1.0f}));
  EXPECT_EQ(*slbValueSet(2),
            (std::vector<float>{-1.0f, -1.0f / 3.0f, 1.0f / 3.0f, 1.0f}));
  auto s4 = *slbValueSet(4);
  ASSERT_EQ(s4.size(), 16u);
  EXPECT_EQ(s4[0], -1.0f);
  EXPECT_EQ(s4[8], 1.0f / 15.0f);
  EXPECT_FALSE(slbValueSet(3));
  const float logits[] = {0.1f, 2.0f, 2.0f, -1.0f};
  EXPECT_EQ(argmaxFirst(logits, 4), 1);
  const float nan[] = {NAN, -5.0f};
  EXPECT_EQ(argmaxFirst(nan, 2), 1);
}

TEST(Rounding, EveryMode) {
  struct Case {
    float x;
    float halfEven, halfUp, halfDown, ceil, floor, up, down;
  } cases[] = {
      {2.5f, 2, 3, 2, 3, 2, 3, 2},
      {-2.5f, -2, -3, -2, -2, -3, -3, -2},
      {1.5f, 2, 2, 1, 2, 1, 2, 1},
      {0.2f, 0, 0, 0, 1, 0, 1, 0},
      {-0.7f, -1, -1, -1, 0, -1, -1, 0},
      // 0.5 - 2^-25: floor(x + 0.5) would give 1 in f32; exact rounding 0.
      {0.49999997f, 0, 0, 0, 1, 0, 1, 0},
  };
  for (const Case &c : cases) {
    EXPECT_EQ(roundToIntegral(c.x, RoundingMode::HalfEven), c.halfEven) << c.x;
    EXPECT_EQ(roundToIntegral(c.x, RoundingMode::HalfUp), c.halfUp) << c.x;
    EXPECT_EQ(roundToIntegral(c.x, RoundingMode::HalfDown), c.halfDown) << c.x;
    EXPECT_EQ(roundToIntegral(c.x, RoundingMode::Ceil), c.ceil) << c.x;
    EXPECT_EQ(roundToIntegral(c.x, RoundingMode::Floor), c.floor) << c.x;
    EXPECT_EQ(roundToIntegral(c.x, RoundingMode::Up), c.up) << c.x;
    EXPECT_EQ(roundToIntegral(c.x, RoundingMode::Down), c.down) << c.x;
  }
  EXPECT_EQ(*parseRoundingMode("round"), RoundingMode::HalfEven);
  EXPECT_EQ(*parseRoundingMode("HALF_DOWN"), RoundingMode::HalfDown);
  EXPECT_FALSE(parseRoundingMode("nearest"));
}

} // namespace
