//===- FoldTest.cpp - qnn folders against the reference library -----------===//
//
// Executes every qnn folder on random constants and compares each element
// with the reference library called directly: codes bit-exact, values
// bit-exact after rounding to the result's float type. This checks what lit
// cannot: per-channel indexing, attribute plumbing, float-type rounding.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Reference/Reference.h"

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

using namespace mlir;
using namespace mlir::qnn;
namespace ref = ::qnn::ref;

namespace {

class FoldTest : public ::testing::Test {
protected:
  FoldTest() : builder(&ctx) {
    ctx.loadDialect<QNNDialect, func::FuncDialect, arith::ArithDialect>();
    module = ModuleOp::create(builder.getUnknownLoc());
    builder.setInsertionPointToEnd(module->getBody());
  }

  /// Random values over [-range, range], with exact ties and zeros mixed in.
  std::vector<float> randomValues(size_t n, float range, float tieStep) {
    std::uniform_real_distribution<float> dist(-range, range);
    std::vector<float> v(n);
    for (size_t i = 0; i < n; ++i) {
      if (i % 5 == 0)
        v[i] = tieStep * (std::floor(dist(rng) / tieStep) + 0.5f);
      else if (i % 17 == 0)
        v[i] = 0.0f;
      else
        v[i] = dist(rng);
    }
    return v;
  }

  DenseElementsAttr floatAttr(ArrayRef<int64_t> shape, ArrayRef<float> values,
                              Type elementType = {}) {
    if (!elementType)
      elementType = builder.getF32Type();
    auto type = RankedTensorType::get(shape, elementType);
    SmallVector<APFloat> elements;
    for (float v : values) {
      APFloat f(v);
      bool lost;
      f.convert(cast<FloatType>(elementType).getFloatSemantics(),
                APFloat::rmNearestTiesToEven, &lost);
      elements.push_back(f);
    }
    return DenseElementsAttr::get(type, elements);
  }

  Type parseType(StringRef text) {
    Type t = mlir::parseType(text, &ctx);
    EXPECT_TRUE(t) << text.str();
    return t;
  }

  /// A placeholder operand of `type` for ops that are only folded.
  Value placeholder(Type type) {
    auto fn = func::FuncOp::create(builder, builder.getUnknownLoc(), "f",
                                   builder.getFunctionType({type}, {}));
    Block *block = fn.addEntryBlock();
    return block->getArgument(0);
  }

  /// Folds `op` given constant `operand` and returns the folded attribute.
  Attribute fold(Operation *op, Attribute operand) {
    SmallVector<OpFoldResult> results;
    EXPECT_TRUE(succeeded(op->fold({operand}, results)))
        << "did not fold: " << op->getName().getStringRef().str();
    if (results.size() != 1)
      return {};
    return dyn_cast<Attribute>(results[0]);
  }

  static std::vector<float> floats(Attribute attr) {
    std::vector<float> out;
    for (APFloat v : cast<DenseFPElementsAttr>(attr).getValues<APFloat>()) {
      bool lost;
      v.convert(APFloat::IEEEsingle(), APFloat::rmNearestTiesToEven, &lost);
      out.push_back(v.convertToFloat());
    }
    return out;
  }
  static std::vector<int64_t> ints(Attribute attr) {
    auto dense = cast<DenseIntElementsAttr>(attr);
    bool isUnsigned = dense.getElementType().isUnsignedInteger();
    std::vector<int64_t> out;
    for (const APInt &v : dense.getValues<APInt>())
      out.push_back(isUnsigned ? int64_t(v.getZExtValue()) : v.getSExtValue());
    return out;
  }

  /// Folds a scheme op built by `make` on `x` and returns the f32 results.
  template <typename Make>
  std::vector<float> foldScheme(ArrayRef<int64_t> shape,
                                const std::vector<float> &x, Make make) {
    auto type = RankedTensorType::get(shape, builder.getF32Type());
    Operation *op = make(placeholder(type));
    return floats(fold(op, floatAttr(shape, x)));
  }

  MLIRContext ctx;
  OpBuilder builder;
  OwningOpRef<ModuleOp> module;
  std::mt19937 rng{12345};
};

TEST_F(FoldTest, QuantizeAndDequantizeEveryTypeKind) {
  const char *types[] = {
      "!qnn.uniform<u1:f32, 0.5>",
      "!qnn.uniform<u2:f32, 0.37>",
      "!qnn.uniform<i3:f32, 0.25:-1>",
      "!qnn.uniform<i4<-7:7>:f32, 0.13>",
      "!qnn.uniform<u8:f32, 0.011:128>",
      "!qnn.uniform<i8:f32:1, {0.02, 0.05:3, 0.011:-5}>",
      "!qnn.uniform<u2:f32:0, {0.5, 0.25, 1.0, 0.3}>",
      "!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.21>",
      "!qnn.codebook<u4:f32, [0, 1, 2, 3, 4, 6, 8, 9, 12, 16, 18, 24, 32, 33, "
      "36, 48] * 0.03>",
      "!qnn.codebook<u2:f32, [-0.71, -0.2, 0.3, 1.2]>",
      "!qnn.codebook<u1:f32:0, [-1, 1] * {0.5, 0.25, 0.7, 1.0}>",
      "!qnn.codebook<u2:f32:1, {[-1.0, 0.5, 2.0], [-0.5, 0.1, 0.7], [0, 1, "
      "2]} * {1.0, 2.0, 0.5}>",
      "!qnn.uniform<u4:f16, 0.1>",
  };
  std::vector<int64_t> shape = {4, 3};
  for (const char *text : types) {
    auto quant = cast<QuantizedTypeInterface>(parseType(text));
    ref::QuantSpec spec = quant.getSpec();
    Type floatType = quant.getExpressedType();
    auto quantTensor = RankedTensorType::get(shape, quant);
    auto floatTensor = RankedTensorType::get(shape, floatType);
    std::vector<float> x = randomValues(12, 2.5f, 0.125f);
    // Inputs as the tensor holds them (f16 rounds).
    DenseElementsAttr input = floatAttr(shape, x, floatType);
    std::vector<float> held = floats(input);
    for (auto mode :
         {RoundingMode::HalfEven, RoundingMode::HalfUp, RoundingMode::HalfDown,
          RoundingMode::Floor, RoundingMode::Ceil, RoundingMode::Up,
          RoundingMode::Down}) {
      auto q = QuantizeOp::create(builder, builder.getUnknownLoc(), quantTensor,
                                  placeholder(floatTensor), mode);
      std::vector<int64_t> codes = ints(fold(q, input));
      EXPECT_EQ(codes, spec.quantize(held, shape, toReference(mode))) << text;
      if (spec.isCodebook)
        break; // Rounding modes apply to uniform types only.
    }
    // Dequantize every valid code in every position.
    std::vector<int64_t> codes;
    for (size_t i = 0; i < 12; ++i)
      codes.push_back(quant.getStorageMin() +
                      int64_t(i) %
                          (quant.getStorageMax() - quant.getStorageMin() + 1));
    auto codeType = RankedTensorType::get(
        shape, builder.getIntegerType(8, /*isSigned=*/quant.isSigned()));
    SmallVector<APInt> raw;
    for (int64_t c : codes)
      raw.push_back(APInt(8, uint64_t(c), true));
    auto d = DequantizeOp::create(builder, builder.getUnknownLoc(), floatTensor,
                                  placeholder(quantTensor));
    std::vector<float> values =
        floats(fold(d, DenseElementsAttr::get(codeType, raw)));
    std::vector<float> expected = spec.dequantize(codes, shape);
    for (size_t i = 0; i < values.size(); ++i) {
      APFloat e(expected[i]);
      bool lost;
      e.convert(cast<FloatType>(floatType).getFloatSemantics(),
                APFloat::rmNearestTiesToEven, &lost);
      e.convert(APFloat::IEEEsingle(), APFloat::rmNearestTiesToEven, &lost);
      EXPECT_EQ(values[i], e.convertToFloat()) << text << " code " << codes[i];
    }
  }
}

TEST_F(FoldTest, Pact) {
  for (unsigned bits : {1u, 2u, 4u, 8u}) {
    std::vector<float> x =
        randomValues(64, 3.0f, 1.5f / float((1 << bits) - 1));
    auto got = foldScheme({8, 8}, x, [&](Value v) {
      return PactOp::create(builder, builder.getUnknownLoc(), v,
                            builder.getF32FloatAttr(1.5f),
                            builder.getI32IntegerAttr(bits));
    });
    for (size_t i = 0; i < x.size(); ++i)
      EXPECT_EQ(got[i],
                ref::pactValue(ref::pactCode(x[i], bits, 1.5f), bits, 1.5f));
  }
}

TEST_F(FoldTest, SawbWithDefaultAndExplicitCoefficients) {
  std::vector<float> w = randomValues(96, 0.4f, 0.05f);
  for (unsigned bits : {2u, 3u, 4u, 5u, 8u}) {
    auto got = foldScheme({96}, w, [&](Value v) {
      return SawbOp::create(builder, builder.getUnknownLoc(), v,
                            builder.getI32IntegerAttr(bits), nullptr, nullptr,
                            nullptr);
    });
    float alpha = ref::sawbAlpha(w, *ref::sawbDefaultCoefficients(bits));
    for (size_t i = 0; i < w.size(); ++i)
      EXPECT_EQ(got[i],
                ref::sawbValue(ref::sawbCode(w[i], bits, alpha), bits, alpha))
          << bits;
  }
  auto got = foldScheme({96}, w, [&](Value v) {
    return SawbOp::create(
        builder, builder.getUnknownLoc(), v, builder.getI32IntegerAttr(2),
        builder.getF64FloatAttr(3.12), builder.getF64FloatAttr(2.064), nullptr);
  });
  float alpha = ref::sawbAlpha(w, {3.12, 2.064});
  for (size_t i = 0; i < w.size(); ++i)
    EXPECT_EQ(got[i], ref::sawbValue(ref::sawbCode(w[i], 2, alpha), 2, alpha));
  got = foldScheme({96}, w, [&](Value v) {
    return SawbOp::create(builder, builder.getUnknownLoc(), v,
                          builder.getI32IntegerAttr(2), nullptr, nullptr,
                          builder.getUnitAttr());
  });
  alpha = ref::sawbAlpha(w, ref::sawbTernaryCoefficients());
  for (size_t i = 0; i < w.size(); ++i)
    EXPECT_EQ(got[i],
              ref::sawbTernaryValue(ref::sawbTernaryCode(w[i], alpha), alpha));
}

TEST_F(FoldTest, ApotSignedUnsignedNormalized) {
  std::vector<float> x = randomValues(64, 4.0f, 0.25f);
  for (bool isSigned : {false, true})
    for (bool normalize : {false, true})
      for (unsigned bits : {2u, 3u, 4u}) {
        auto got = foldScheme({4, 16}, x, [&](Value v) {
          return ApotOp::create(builder, builder.getUnknownLoc(), v,
                                builder.getF32FloatAttr(3.0f),
                                builder.getI32IntegerAttr(bits),
                                isSigned ? builder.getUnitAttr() : nullptr,
                                normalize ? builder.getUnitAttr() : nullptr);
        });
        auto levels = *(isSigned ? ref::apotSignedLevels(bits)
                                 : ref::apotUnsignedLevels(bits));
        std::vector<float> in = normalize ? ref::apotNormalize(x) : x;
        for (size_t i = 0; i < x.size(); ++i)
          EXPECT_EQ(got[i],
                    ref::apotValue(ref::apotCode(in[i], levels, isSigned, 3.0f),
                                   levels, 3.0f));
      }
}

TEST_F(FoldTest, Hwgq) {
  std::vector<float> x = randomValues(64, 3.0f, 0.538f);
  for (unsigned bits : {1u, 2u, 3u, 4u})
    for (bool uniform : {true, false}) {
      if (!uniform && bits != 2)
        continue;
      auto got = foldScheme({64}, x, [&](Value v) {
        return HwgqOp::create(builder, builder.getUnknownLoc(), v,
                              builder.getI32IntegerAttr(bits),
                              uniform ? nullptr : builder.getUnitAttr());
      });
      auto levels = *ref::hwgqLevels(bits, uniform);
      for (size_t i = 0; i < x.size(); ++i)
        EXPECT_EQ(got[i], levels[size_t(ref::hwgqCode(x[i], levels))]);
    }
}

TEST_F(FoldTest, LearnedLevelsPerTensorAndPerChannel) {
  std::vector<float> x = randomValues(24, 2.0f, 0.1f);
  std::vector<double> table = {-0.8, -0.1, 0.3, 1.1};
  auto got = foldScheme({4, 6}, x, [&](Value v) {
    auto levels = DenseElementsAttr::get(
        RankedTensorType::get({4}, builder.getF64Type()), ArrayRef(table));
    return LearnedLevelsOp::create(builder, builder.getUnknownLoc(), v,
                                   cast<DenseFPElementsAttr>(levels), nullptr);
  });
  std::vector<float> t32(table.begin(), table.end());
  for (size_t i = 0; i < x.size(); ++i)
    EXPECT_EQ(got[i], t32[ref::nearestLevel(x[i], t32)]);

  // One table per column (axis 1 of 4x6).
  std::vector<double> tables;
  for (int c = 0; c < 6; ++c)
    for (double l : {-1.0, 0.1 * c, 0.5 + 0.1 * c})
      tables.push_back(l);
  got = foldScheme({4, 6}, x, [&](Value v) {
    auto levels = DenseElementsAttr::get(
        RankedTensorType::get({6, 3}, builder.getF64Type()), ArrayRef(tables));
    return LearnedLevelsOp::create(builder, builder.getUnknownLoc(), v,
                                   cast<DenseFPElementsAttr>(levels),
                                   builder.getI64IntegerAttr(1));
  });
  for (size_t i = 0; i < x.size(); ++i) {
    size_t c = i % 6;
    std::vector<float> t(tables.begin() + 3 * c, tables.begin() + 3 * c + 3);
    EXPECT_EQ(got[i], t[ref::nearestLevel(x[i], t)]) << i;
  }
}

TEST_F(FoldTest, SlbFromLogitsAndCodes) {
  for (unsigned bits : {1u, 2u, 4u}) {
    size_t n = size_t(1) << bits;
    std::vector<float> logits = randomValues(6 * n, 2.0f, 0.5f);
    auto type = RankedTensorType::get({6}, builder.getF32Type());
    auto logitsType =
        RankedTensorType::get({6, int64_t(n)}, builder.getF32Type());
    auto op = SlbOp::create(builder, builder.getUnknownLoc(), type,
                            placeholder(logitsType),
                            builder.getI32IntegerAttr(bits), nullptr);
    std::vector<float> got =
        floats(fold(op, floatAttr({6, int64_t(n)}, logits)));
    auto set = *ref::slbValueSet(bits);
    for (size_t i = 0; i < 6; ++i)
      EXPECT_EQ(got[i], set[size_t(ref::argmaxFirst(&logits[i * n], n))]);
  }
}

TEST_F(FoldTest, BinaryAndTernary) {
  std::vector<float> x = randomValues(24, 1.0f, 0.5f);
  std::vector<int64_t> shape = {4, 6};
  auto got = foldScheme(shape, x, [&](Value v) {
    return BinaryOp::create(builder, builder.getUnknownLoc(), v, nullptr,
                            builder.getI64IntegerAttr(0));
  });
  auto scales = ref::meanAbsPerChannel(x, shape, 0);
  for (size_t i = 0; i < x.size(); ++i)
    EXPECT_EQ(got[i], ref::binaryValue(ref::binaryCode(x[i]), scales[i / 6]));

  got = foldScheme(shape, x, [&](Value v) {
    return TernaryOp::create(builder, builder.getUnknownLoc(), v, nullptr,
                             nullptr);
  });
  auto twn = ref::ternaryTwnParams(x);
  for (size_t i = 0; i < x.size(); ++i)
    EXPECT_EQ(got[i], float(ref::ternaryCode(x[i], twn.delta) - 1) * twn.alpha);
}

TEST_F(FoldTest, PackAndUnpackEveryWidth) {
  for (unsigned bits : {1u, 2u, 3u, 4u, 8u}) {
    std::string text = "!qnn.uniform<i" + std::to_string(bits) + ":f32, 0.5>";
    auto quant = cast<QuantizedTypeInterface>(parseType(text));
    int64_t k = 11, rowBytes = ref::packedRowBytes(k, bits);
    std::vector<int64_t> codes;
    for (int64_t i = 0; i < 3 * k; ++i)
      codes.push_back(quant.getStorageMin() +
                      (i * 5) %
                          (quant.getStorageMax() - quant.getStorageMin() + 1));
    auto quantTensor = RankedTensorType::get({3, k}, quant);
    auto packedTensor = RankedTensorType::get(
        {3, rowBytes}, builder.getI8Type(), PackedLayoutAttr::get(&ctx, bits));
    SmallVector<APInt> raw;
    for (int64_t c : codes)
      raw.push_back(APInt(8, uint64_t(c), true));
    auto codesAttr = DenseElementsAttr::get(
        RankedTensorType::get({3, k}, builder.getI8Type()), raw);
    auto pack = PackOp::create(builder, builder.getUnknownLoc(), packedTensor,
                               placeholder(quantTensor));
    Attribute bytes = fold(pack, codesAttr);
    std::vector<uint8_t> expected = ref::pack(codes, k, bits);
    std::vector<int64_t> got = ints(bytes);
    ASSERT_EQ(got.size(), expected.size());
    for (size_t i = 0; i < got.size(); ++i)
      EXPECT_EQ(uint8_t(got[i]), expected[i]) << bits;
    auto unpack = UnpackOp::create(builder, builder.getUnknownLoc(),
                                   quantTensor, placeholder(packedTensor));
    EXPECT_EQ(ints(fold(unpack, bytes)), codes) << bits;
  }
}

TEST_F(FoldTest, DenseAndConv2DAgainstReference) {
  auto act =
      cast<QuantizedTypeInterface>(parseType("!qnn.uniform<u4:f32, 0.1:3>"));
  auto wgt = cast<QuantizedTypeInterface>(parseType(
      "!qnn.codebook<u2:f32:0, {[-3, -1, 1, 3], [-2, 0, 2, 4], [-1, 0, 1, "
      "2]} * {0.5, 0.25, 1.0}>"));
  std::uniform_int_distribution<int> a4(0, 15), w2(0, 3);
  auto codesAttr = [&](ArrayRef<int64_t> shape, std::vector<int64_t> &codes,
                       std::uniform_int_distribution<int> &dist) {
    int64_t n = 1;
    for (int64_t d : shape)
      n *= d;
    SmallVector<APInt> raw;
    for (int64_t i = 0; i < n; ++i) {
      codes.push_back(dist(rng));
      raw.push_back(APInt(8, uint64_t(codes.back())));
    }
    return DenseElementsAttr::get(
        RankedTensorType::get(shape, builder.getIntegerType(8, false)), raw);
  };
  auto accs = [](Attribute attr) {
    std::vector<int64_t> out;
    for (const APInt &v : cast<DenseIntElementsAttr>(attr).getValues<APInt>())
      out.push_back(v.getSExtValue());
    return out;
  };
  // dense: [5, 7] x [3, 7].
  std::vector<int64_t> a, w;
  Attribute aAttr = codesAttr({5, 7}, a, a4), wAttr = codesAttr({3, 7}, w, w2);
  auto dense =
      DenseOp::create(builder, builder.getUnknownLoc(),
                      RankedTensorType::get({5, 3}, builder.getI32Type()),
                      placeholder(RankedTensorType::get({5, 7}, act)),
                      placeholder(RankedTensorType::get({3, 7}, wgt)));
  SmallVector<OpFoldResult> results;
  ASSERT_TRUE(succeeded(dense->fold({aAttr, wAttr}, results)));
  EXPECT_EQ(accs(cast<Attribute>(results[0])),
            ref::denseAccumulate(a, act.getSpec(), w, wgt.getSpec(), 5, 7, 3));

  // conv2d: asymmetric stride, padding and dilation.
  ref::Conv2DGeometry g{2, 9, 7, 4, 3, 3, 2};
  g.strideH = 2;
  g.strideW = 1;
  g.padTop = 1;
  g.padLeft = 0;
  g.padBottom = 2;
  g.padRight = 1;
  g.dilationH = 1;
  g.dilationW = 2;
  std::vector<int64_t> x, k;
  Attribute xAttr = codesAttr({2, 9, 7, 4}, x, a4);
  Attribute kAttr = codesAttr({3, 3, 2, 4}, k, w2);
  auto conv = Conv2DOp::create(
      builder, builder.getUnknownLoc(),
      RankedTensorType::get({2, g.outH(), g.outW(), 3}, builder.getI32Type()),
      placeholder(RankedTensorType::get({2, 9, 7, 4}, act)),
      placeholder(RankedTensorType::get({3, 3, 2, 4}, wgt)),
      builder.getDenseI64ArrayAttr({2, 1}),
      builder.getDenseI64ArrayAttr({1, 0, 2, 1}),
      builder.getDenseI64ArrayAttr({1, 2}));
  ASSERT_TRUE(succeeded(conv.verify()));
  results.clear();
  ASSERT_TRUE(succeeded(conv->fold({xAttr, kAttr}, results)));
  EXPECT_EQ(accs(cast<Attribute>(results[0])),
            ref::conv2dAccumulate(x, act.getSpec(), k, wgt.getSpec(), g));
}

} // namespace
