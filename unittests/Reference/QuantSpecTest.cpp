//===- QuantSpecTest.cpp - Uniform and codebook code <-> value ------------===//

#include "qnn/Reference/Reference.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace qnn::ref;

namespace {

QuantSpec uniform(unsigned bits, bool isSigned, double scale, int64_t zp) {
  QuantSpec s;
  s.bits = bits;
  s.isSigned = isSigned;
  s.storageMin = isSigned ? -(int64_t(1) << (bits - 1)) : 0;
  s.storageMax =
      isSigned ? (int64_t(1) << (bits - 1)) - 1 : (int64_t(1) << bits) - 1;
  s.scales = {scale};
  s.zeroPoints = {zp};
  return s;
}

TEST(QuantSpec, UniformRoundsHalfEvenAndClamps) {
  QuantSpec s = uniform(4, true, 0.5, 0); // i4: [-8, 7]
  EXPECT_EQ(s.validate(), "");
  EXPECT_EQ(s.quantize(0.25f, 0), 0); // 0.5 -> 0
  EXPECT_EQ(s.quantize(0.75f, 0), 2); // 1.5 -> 2
  EXPECT_EQ(s.quantize(-0.75f, 0), -2);
  EXPECT_EQ(s.quantize(100.0f, 0), 7);
  EXPECT_EQ(s.quantize(-100.0f, 0), -8);
  EXPECT_EQ(s.quantize(std::numeric_limits<float>::infinity(), 0), 7);
  EXPECT_EQ(s.quantize(NAN, 0), 0);
  EXPECT_EQ(s.dequantize(-8, 0), -4.0f);
  EXPECT_EQ(s.quantize(0.75f, 0, RoundingMode::Floor), 1);
}

TEST(QuantSpec, UniformZeroPointAndNarrowRange) {
  QuantSpec s = uniform(8, false, 0.1, 128);
  EXPECT_EQ(s.quantize(0.0f, 0), 128);
  EXPECT_EQ(s.quantize(-12.8f, 0), 0);
  EXPECT_EQ(s.dequantize(129, 0), 0.1f);
  QuantSpec n = uniform(2, true, 1.0, 0);
  n.storageMin = -1; // narrow i2: {-1, 0, 1}
  EXPECT_EQ(n.validate(), "");
  EXPECT_EQ(n.quantize(-5.0f, 0), -1);
  EXPECT_EQ(n.numCodes(), 3);
}

TEST(QuantSpec, PerChannelUsesTheAxis) {
  QuantSpec s = uniform(8, true, 1.0, 0);
  s.axis = 1;
  s.scales = {1.0, 0.5, 0.25};
  s.zeroPoints = {0, 1, -1};
  EXPECT_EQ(s.validate(), "");
  std::vector<int64_t> shape = {2, 3};
  std::vector<float> x = {1, 1, 1, 2, 2, 2};
  EXPECT_EQ(s.quantize(x, shape), (std::vector<int64_t>{1, 3, 3, 2, 5, 7}));
  auto back = s.dequantize(s.quantize(x, shape), shape);
  EXPECT_EQ(back, x);
}

TEST(QuantSpec, CodebookNearestLevel) {
  QuantSpec s;
  s.bits = 2;
  s.isCodebook = true;
  s.storageMin = 0;
  s.storageMax = 3;
  s.levels = {-3, -1, 1, 3};
  s.tableSize = 4;
  s.scales = {0.25};
  EXPECT_EQ(s.validate(), "");
  EXPECT_EQ(s.quantize(-1.0f, 0), 0);
  EXPECT_EQ(s.quantize(0.0f, 0), 2); // midpoint 0 of -1 and 1: positive
  // v = 2 is the midpoint of 1 and 3: the smaller magnitude wins.
  EXPECT_EQ(s.quantize(0.5f, 0), 2);
  EXPECT_EQ(s.quantize(0.51f, 0), 3);
  EXPECT_EQ(s.dequantize(0, 0), -0.75f);
}

TEST(QuantSpec, PerChannelCodebookTables) {
  QuantSpec s;
  s.bits = 2;
  s.isCodebook = true;
  s.storageMax = 3;
  s.axis = 0;
  s.levels = {-1.0, 0.5, 2.0, -0.5, 0.1, 0.7};
  s.tableSize = 3;
  s.scales = {1.0, 2.0};
  EXPECT_EQ(s.validate(), "");
  EXPECT_EQ(s.quantize({0.4f, 0.4f}, {2, 1}), (std::vector<int64_t>{1, 1}));
  EXPECT_EQ(s.quantize({1.3f, 1.3f}, {2, 1}), (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(s.dequantize(2, 1), 1.4f);
  EXPECT_EQ(s.levelTable(1), (std::vector<float>{-0.5f, 0.1f, 0.7f}));
}

TEST(QuantSpec, ValidationMessages) {
  QuantSpec s = uniform(2, false, 1.0, 0);
  s.bits = 9;
  EXPECT_NE(s.validate().find("bit width 9"), std::string::npos);
  s = uniform(2, false, -1.0, 0);
  EXPECT_NE(s.validate().find("not a positive finite"), std::string::npos);
  s = uniform(2, false, 1.0, 0);
  s.storageMax = 4;
  EXPECT_NE(s.validate().find("does not fit"), std::string::npos);
  s = uniform(2, false, 1.0, 7);
  EXPECT_NE(s.validate().find("zero point 7"), std::string::npos);
  QuantSpec c;
  c.bits = 1;
  c.isCodebook = true;
  c.storageMax = 1;
  c.levels = {0, 1, 2};
  c.tableSize = 3;
  EXPECT_NE(c.validate().find("3 levels do not fit in 1 bits"),
            std::string::npos);
  c.bits = 2;
  c.storageMax = 3;
  c.levels = {0, 2, 1};
  EXPECT_NE(c.validate().find("strictly increasing"), std::string::npos);
}

} // namespace
