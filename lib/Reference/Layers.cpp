//===- Layers.cpp - Integer dense and convolution layers ------------------===//
//
// This file implements the integer layers: sums of level products of codes,
// exact in 64-bit integers (the compiler proves i32 suffices before using
// it, see accumulatorBound).
//
//===----------------------------------------------------------------------===//

#include "qnn/Reference/Reference.h"

#include <algorithm>
#include <cmath>

using namespace qnn::ref;

/// The integer levels of every code, per channel: table[channel][code - min].
static std::vector<std::vector<int64_t>> integerLevels(const QuantSpec &spec) {
  int64_t lo = spec.isCodebook ? 0 : spec.storageMin;
  std::vector<std::vector<int64_t>> tables(spec.numChannels());
  for (size_t c = 0; c < spec.numChannels(); ++c)
    for (int64_t code = lo; code < lo + spec.numCodes(); ++code)
      tables[c].push_back(int64_t(spec.level(code, c)));
  return tables;
}

static int64_t codeBase(const QuantSpec &spec) {
  return spec.isCodebook ? 0 : spec.storageMin;
}

std::vector<int64_t>
qnn::ref::denseAccumulate(const std::vector<int64_t> &a, const QuantSpec &aSpec,
                          const std::vector<int64_t> &w, const QuantSpec &wSpec,
                          int64_t m, int64_t k, int64_t n) {
  auto la = integerLevels(aSpec), lw = integerLevels(wSpec);
  int64_t ba = codeBase(aSpec), bw = codeBase(wSpec);
  std::vector<int64_t> aShape = {m, k}, wShape = {n, k};
  std::vector<int64_t> acc(size_t(m * n), 0);
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      int64_t sum = 0;
      for (int64_t p = 0; p < k; ++p) {
        size_t ai = size_t(i * k + p), wi = size_t(j * k + p);
        sum += la[aSpec.channelOf(ai, aShape)][size_t(a[ai] - ba)] *
               lw[wSpec.channelOf(wi, wShape)][size_t(w[wi] - bw)];
      }
      acc[size_t(i * n + j)] = sum;
    }
  return acc;
}

std::vector<int64_t> qnn::ref::conv2dAccumulate(const std::vector<int64_t> &x,
                                                const QuantSpec &xSpec,
                                                const std::vector<int64_t> &w,
                                                const QuantSpec &wSpec,
                                                const Conv2DGeometry &g) {
  auto lx = integerLevels(xSpec), lw = integerLevels(wSpec);
  int64_t bx = codeBase(xSpec), bw = codeBase(wSpec);
  std::vector<int64_t> xShape = {g.batch, g.inH, g.inW, g.inC};
  const int64_t cg = g.groupInC(), og = g.outC / g.groups;
  std::vector<int64_t> wShape = {g.outC, g.kH, g.kW, cg};
  int64_t oh = g.outH(), ow = g.outW();
  std::vector<int64_t> acc(size_t(g.batch * oh * ow * g.outC), 0);
  for (int64_t b = 0; b < g.batch; ++b)
    for (int64_t oy = 0; oy < oh; ++oy)
      for (int64_t ox = 0; ox < ow; ++ox)
        for (int64_t o = 0; o < g.outC; ++o) {
          int64_t sum = 0;
          for (int64_t ky = 0; ky < g.kH; ++ky) {
            int64_t iy = oy * g.strideH - g.padTop + ky * g.dilationH;
            if (iy < 0 || iy >= g.inH)
              continue;
            for (int64_t kx = 0; kx < g.kW; ++kx) {
              int64_t ix = ox * g.strideW - g.padLeft + kx * g.dilationW;
              if (ix < 0 || ix >= g.inW)
                continue;
              for (int64_t c = 0; c < cg; ++c) {
                size_t xi = size_t(((b * g.inH + iy) * g.inW + ix) * g.inC +
                                   (o / og) * cg + c);
                size_t wi = size_t(((o * g.kH + ky) * g.kW + kx) * cg + c);
                sum += lx[xSpec.channelOf(xi, xShape)][size_t(x[xi] - bx)] *
                       lw[wSpec.channelOf(wi, wShape)][size_t(w[wi] - bw)];
              }
            }
          }
          acc[size_t(((b * oh + oy) * ow + ox) * g.outC + o)] = sum;
        }
  return acc;
}

std::vector<int64_t> qnn::ref::maxPool2dCodes(const std::vector<int64_t> &x,
                                              const Conv2DGeometry &g) {
  int64_t oh = g.outH(), ow = g.outW();
  std::vector<int64_t> out;
  out.reserve(size_t(g.batch * oh * ow * g.inC));
  for (int64_t b = 0; b < g.batch; ++b)
    for (int64_t oy = 0; oy < oh; ++oy)
      for (int64_t ox = 0; ox < ow; ++ox)
        for (int64_t c = 0; c < g.inC; ++c) {
          bool any = false;
          int64_t best = 0;
          for (int64_t ky = 0; ky < g.kH; ++ky)
            for (int64_t kx = 0; kx < g.kW; ++kx) {
              int64_t iy = oy * g.strideH - g.padTop + ky;
              int64_t ix = ox * g.strideW - g.padLeft + kx;
              if (iy < 0 || iy >= g.inH || ix < 0 || ix >= g.inW)
                continue;
              int64_t v =
                  x[size_t(((b * g.inH + iy) * g.inW + ix) * g.inC + c)];
              best = any ? std::max(best, v) : v;
              any = true;
            }
          out.push_back(best);
        }
  return out;
}

int64_t qnn::ref::accumulatorBound(const QuantSpec &aSpec,
                                   const QuantSpec &wSpec, int64_t terms) {
  auto maxAbs = [](const QuantSpec &spec) {
    int64_t m = 0;
    for (const auto &table : integerLevels(spec))
      for (int64_t l : table)
        m = std::max(m, l < 0 ? -l : l);
    return m;
  };
  return terms * maxAbs(aSpec) * maxAbs(wSpec);
}

double qnn::ref::rescale(int64_t acc, double scale, double bias) {
  return scale * double(acc) + bias;
}

int64_t qnn::ref::thresholdCode(int64_t acc, const int64_t *thresholds,
                                size_t count, int64_t lo) {
  int64_t code = lo;
  for (size_t j = 0; j < count; ++j)
    if (acc >= thresholds[j])
      ++code;
  return code;
}
