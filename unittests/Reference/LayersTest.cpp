//===- LayersTest.cpp - Integer dense and convolution layers --------------===//

#include "qnn/Reference/Reference.h"

#include <gtest/gtest.h>

#include <random>

using namespace qnn::ref;

namespace {

QuantSpec uniform(unsigned bits, bool isSigned, int64_t zp = 0) {
  QuantSpec s;
  s.bits = bits;
  s.isSigned = isSigned;
  s.storageMin = isSigned ? -(int64_t(1) << (bits - 1)) : 0;
  s.storageMax =
      isSigned ? (int64_t(1) << (bits - 1)) - 1 : (int64_t(1) << bits) - 1;
  s.zeroPoints = {zp};
  return s;
}

QuantSpec sawb2() {
  QuantSpec s;
  s.bits = 2;
  s.isCodebook = true;
  s.storageMax = 3;
  s.levels = {-3, -1, 1, 3};
  s.tableSize = 4;
  return s;
}

TEST(Layers, DenseByHand) {
  // a = [[1, 2, 3], [0, 1, 0]] (u2 levels = codes), w codes -> SAWB levels.
  std::vector<int64_t> a = {1, 2, 3, 0, 1, 0};
  std::vector<int64_t> w = {3, 0, 1, 2, 2, 2}; // levels {3,-3,-1}, {1,1,1}
  auto acc = denseAccumulate(a, uniform(2, false), w, sawb2(), 2, 3, 2);
  // Row 0: 1*3 + 2*-3 + 3*-1 = -6; 1+2+3 = 6. Row 1: -3; 1.
  EXPECT_EQ(acc, (std::vector<int64_t>{-6, 6, -3, 1}));
}

TEST(Layers, DenseZeroPointAndPerChannelTables) {
  // Activation zero point 2: levels = code - 2.
  QuantSpec a = uniform(4, false, 2);
  QuantSpec w;
  w.bits = 2;
  w.isCodebook = true;
  w.storageMax = 3;
  w.axis = 0;
  w.scales = {1.0, 1.0};
  w.levels = {-1, 0, 1, -2, 0, 2}; // row 0 and row 1 tables
  w.tableSize = 3;
  auto acc = denseAccumulate({5, 0}, a, {2, 0, 2, 0}, w, 1, 2, 2);
  // Row 0: 3*1 + (-2)*(-1) = 5. Row 1: 3*2 + (-2)*(-2) = 10.
  EXPECT_EQ(acc, (std::vector<int64_t>{5, 10}));
}

TEST(Layers, ConvPaddingContributesZero) {
  Conv2DGeometry g{1, 3, 3, 1, 1, 3, 3};
  g.padTop = g.padLeft = g.padBottom = g.padRight = 1;
  std::vector<int64_t> x(9, 1), w(9, 1);
  auto acc = conv2dAccumulate(x, uniform(2, false), w, uniform(2, false), g);
  EXPECT_EQ(acc, (std::vector<int64_t>{4, 6, 4, 6, 9, 6, 4, 6, 4}));
}

/// The convolution as a dense layer on an im2col matrix the test builds
/// itself (padded taps hold a code whose level is 0).
TEST(Layers, ConvEqualsDenseOnIm2col) {
  std::mt19937 rng(3);
  struct Case {
    int64_t h, w, c, o, k, stride, pad, dil;
  } cases[] = {{7, 5, 3, 4, 3, 1, 1, 1},
               {8, 8, 5, 2, 3, 2, 1, 1},
               {9, 6, 2, 3, 1, 1, 0, 1},
               {11, 9, 3, 2, 7, 2, 3, 1},
               {10, 10, 2, 2, 3, 1, 2, 2}};
  QuantSpec xs = uniform(2, false); // level 0 at code 0 for padding
  QuantSpec ws = sawb2();
  for (const Case &cs : cases) {
    Conv2DGeometry g{2, cs.h, cs.w, cs.c, cs.o, cs.k, cs.k};
    g.strideH = g.strideW = cs.stride;
    g.padTop = g.padLeft = g.padBottom = g.padRight = cs.pad;
    g.dilationH = g.dilationW = cs.dil;
    std::vector<int64_t> x(size_t(2 * cs.h * cs.w * cs.c)),
        w(size_t(cs.o * cs.k * cs.k * cs.c));
    for (auto &v : x)
      v = int64_t(rng() % 4);
    for (auto &v : w)
      v = int64_t(rng() % 4);
    int64_t oh = g.outH(), ow = g.outW(), kk = cs.k * cs.k * cs.c;
    std::vector<int64_t> cols;
    for (int64_t b = 0; b < 2; ++b)
      for (int64_t oy = 0; oy < oh; ++oy)
        for (int64_t ox = 0; ox < ow; ++ox)
          for (int64_t ky = 0; ky < cs.k; ++ky)
            for (int64_t kx = 0; kx < cs.k; ++kx)
              for (int64_t c = 0; c < cs.c; ++c) {
                int64_t iy = oy * cs.stride - cs.pad + ky * cs.dil;
                int64_t ix = ox * cs.stride - cs.pad + kx * cs.dil;
                bool inside = iy >= 0 && iy < cs.h && ix >= 0 && ix < cs.w;
                cols.push_back(
                    inside ? x[size_t(((b * cs.h + iy) * cs.w + ix) * cs.c + c)]
                           : 0);
              }
    auto dense = denseAccumulate(cols, xs, w, ws, 2 * oh * ow, kk, cs.o);
    EXPECT_EQ(conv2dAccumulate(x, xs, w, ws, g), dense) << cs.h << "x" << cs.w;
  }
}

TEST(Layers, AccumulatorBound) {
  EXPECT_EQ(accumulatorBound(uniform(2, false), sawb2(), 100), 100 * 3 * 3);
  EXPECT_EQ(accumulatorBound(uniform(8, true), uniform(8, true), 10),
            10 * 128 * 128);
  const int64_t t[] = {-5, 0, 7};
  EXPECT_EQ(thresholdCode(int64_t(-6), t, 3, 0), 0);
  EXPECT_EQ(thresholdCode(int64_t(0), t, 3, 0), 2);
  EXPECT_EQ(thresholdCode(int64_t(7), t, 3, -1), 2);
}

} // namespace
