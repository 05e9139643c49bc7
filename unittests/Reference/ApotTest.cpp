//===- ApotTest.cpp - APoT level construction and projection --------------===//

#include "qnn/Reference/Reference.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace qnn::ref;

namespace {

TEST(Apot, UnsignedSetsMatchThePaper) {
  // QUANTIZERS.md, "Level sets as produced by the authors' build_power_value".
  auto b2 = apotUnsignedLevels(2);
  ASSERT_TRUE(b2);
  EXPECT_EQ(b2->denominator, 4);
  EXPECT_EQ(b2->numerators, (std::vector<int64_t>{0, 1, 2, 4}));

  auto b3 = apotUnsignedLevels(3);
  ASSERT_TRUE(b3);
  EXPECT_EQ(b3->denominator, 10);
  EXPECT_EQ(b3->numerators, (std::vector<int64_t>{0, 1, 2, 3, 4, 6, 8, 10}));

  auto b4 = apotUnsignedLevels(4);
  ASSERT_TRUE(b4);
  EXPECT_EQ(b4->denominator, 48);
  EXPECT_EQ(b4->numerators, (std::vector<int64_t>{0, 1, 2, 3, 4, 6, 8, 9, 12,
                                                  16, 18, 24, 32, 33, 36, 48}));
}

TEST(Apot, FloatLevelsAreTheFractions) {
  auto b4 = apotUnsignedLevels(4)->asFloats();
  const double expected[] = {
      0,      1. / 48, 1. / 24, 1. / 16, 1. / 12, 1. / 8,   1. / 6, 3. / 16,
      1. / 4, 1. / 3,  3. / 8,  1. / 2,  2. / 3,  11. / 16, 3. / 4, 1};
  ASSERT_EQ(b4.size(), 16u);
  for (size_t i = 0; i < 16; ++i)
    EXPECT_EQ(b4[i], float(expected[i])) << i;
}

TEST(Apot, SignedSets) {
  auto s2 = apotSignedLevels(2);
  EXPECT_EQ(s2->numerators, (std::vector<int64_t>{-1, 0, 1}));
  EXPECT_EQ(s2->denominator, 1);
  auto s3 = apotSignedLevels(3);
  EXPECT_EQ(s3->numerators, (std::vector<int64_t>{-4, -2, -1, 0, 1, 2, 4}));
  EXPECT_EQ(s3->denominator, 4);
  auto s4 = apotSignedLevels(4);
  EXPECT_EQ(s4->denominator, 10);
  EXPECT_EQ(s4->numerators.size(), 15u);
  EXPECT_EQ(s4->numerators.front(), -10);
  EXPECT_EQ(s4->numerators[7], 0);
  EXPECT_FALSE(apotSignedLevels(1));
  EXPECT_FALSE(apotUnsignedLevels(7));
}

TEST(Apot, LargerSetsHaveAtMostTwoToTheBLevels) {
  for (unsigned b = 1; b <= 6; ++b) {
    auto l = apotUnsignedLevels(b);
    ASSERT_TRUE(l);
    EXPECT_LE(l->numerators.size(), size_t(1) << b);
    EXPECT_EQ(l->numerators.back(), l->denominator) << "normalised to 1";
    for (size_t i = 1; i < l->numerators.size(); ++i)
      EXPECT_LT(l->numerators[i - 1], l->numerators[i]);
  }
}

TEST(Apot, ProjectionAndTies) {
  auto b2 = *apotUnsignedLevels(2); // {0, 1/4, 1/2, 1}
  const float alpha = 2.0f;
  EXPECT_EQ(apotCode(-5.0f, b2, /*isSigned=*/false, alpha), 0);
  EXPECT_EQ(apotCode(0.24f, b2, false, alpha), 0); // 0.12 < 0.125
  EXPECT_EQ(apotCode(0.26f, b2, false, alpha), 1); // 0.13 > 0.125
  // Exact midpoint 0.125 of {0, 1/4}: the smaller magnitude wins.
  EXPECT_EQ(apotCode(0.25f, b2, false, alpha), 0);
  // Exact midpoint 0.75 of {1/2, 1}.
  EXPECT_EQ(apotCode(1.5f, b2, false, alpha), 2);
  EXPECT_EQ(apotCode(100.0f, b2, false, alpha), 3);
  EXPECT_EQ(apotValue(3, b2, alpha), 2.0f);
  EXPECT_EQ(apotValue(1, b2, alpha), 0.5f);

  auto s3 = *apotSignedLevels(3); // {-1, -1/2, -1/4, 0, 1/4, 1/2, 1}
  EXPECT_EQ(apotCode(-100.0f, s3, true, 1.0f), 0);
  EXPECT_EQ(apotCode(-0.125f, s3, true, 1.0f), 3); // tie -> 0
  EXPECT_EQ(apotCode(0.125f, s3, true, 1.0f), 3);  // tie -> 0
  EXPECT_EQ(apotCode(-0.75f, s3, true, 1.0f), 1);  // tie -> -1/2
  EXPECT_EQ(apotCode(0.3f, s3, true, 1.0f), 4);
}

TEST(Apot, WeightNormalisation) {
  std::vector<float> w = {1.0f, 2.0f, 3.0f, 4.0f};
  auto n = apotNormalize(w);
  // mean 2.5, unbiased std sqrt(5/3).
  double sd = std::sqrt(5.0 / 3.0);
  EXPECT_EQ(n[0], float(-1.5 / sd));
  EXPECT_EQ(n[3], float(1.5 / sd));
  auto c = apotNormalize({3.0f, 3.0f});
  EXPECT_EQ(c, (std::vector<float>{0.0f, 0.0f}));
}

} // namespace
