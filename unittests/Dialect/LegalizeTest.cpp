//===- LegalizeTest.cpp - qnn-legalize-quantizers keeps codes exact -------===//
//
// For every scheme, legalizes it on a constant input (codes in qnn.constant)
// and on a run-time input (codes from the qnn.multithreshold it produces,
// folded on random values and on every threshold and its f32 neighbours),
// and compares with the reference library's codes.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/Transforms/Passes.h"
#include "qnn/Reference/Reference.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <random>

using namespace mlir;
using namespace mlir::qnn;
namespace ref = ::qnn::ref;

namespace {

using CodesFn = std::function<std::vector<int64_t>(const std::vector<float> &)>;

/// Reference codes of an elementwise quantizer.
CodesFn elementwise(std::function<int64_t(float)> code) {
  return [code](const std::vector<float> &v) {
    std::vector<int64_t> out;
    for (float x : v)
      out.push_back(code(x));
    return out;
  };
}

class LegalizeTest : public ::testing::Test {
protected:
  LegalizeTest() {
    ctx.loadDialect<QNNDialect, func::FuncDialect, arith::ArithDialect>();
  }

  /// Parses `func.func @f(%x: <type>) { %y = <op>; return %y }`.
  OwningOpRef<ModuleOp> parse(const std::string &op, const std::string &type) {
    std::string text = "func.func @f(%x: " + type + ") -> " + type +
                       " {\n  %y = " + op + " : " + type +
                       "\n  return %y : " + type + "\n}";
    auto module = parseSourceString<ModuleOp>(text, &ctx);
    EXPECT_TRUE(module) << text;
    return module;
  }

  LogicalResult legalize(ModuleOp module) {
    PassManager pm(&ctx);
    pm.addPass(createQNNLegalizeQuantizers());
    return pm.run(module);
  }

  std::vector<float> randomValues(size_t n, float range) {
    std::uniform_real_distribution<float> dist(-range, range);
    std::vector<float> v(n);
    for (float &x : v)
      x = dist(rng);
    v[0] = 0.0f;
    v[1] = -0.0f;
    v[2] = range * 10.0f;
    v[3] = -range * 10.0f;
    return v;
  }

  static std::vector<int64_t> ints(Attribute attr) {
    auto dense = cast<DenseIntElementsAttr>(attr);
    bool isUnsigned = dense.getElementType().isUnsignedInteger();
    std::vector<int64_t> out;
    for (const APInt &v : dense.getValues<APInt>())
      out.push_back(isUnsigned ? int64_t(v.getZExtValue()) : v.getSExtValue());
    return out;
  }

  DenseElementsAttr floats(ArrayRef<int64_t> shape, ArrayRef<float> v) {
    return DenseElementsAttr::get(
        RankedTensorType::get(shape, Float32Type::get(&ctx)), v);
  }

  /// The constant path: replaces %x by a constant of `values` and returns
  /// the legalized codes.
  std::vector<int64_t> constantCodes(const std::string &op,
                                     ArrayRef<int64_t> shape,
                                     const std::vector<float> &values) {
    std::string type = tensorType(shape);
    OwningOpRef<ModuleOp> module = parse(op, type);
    auto fn = cast<func::FuncOp>(module->getBody()->front());
    OpBuilder builder(&fn.getBody().front(), fn.getBody().front().begin());
    auto cst =
        arith::ConstantOp::create(builder, fn.getLoc(), floats(shape, values));
    fn.getArgument(0).replaceAllUsesWith(cst);
    EXPECT_TRUE(succeeded(legalize(*module))) << op;
    std::vector<int64_t> codes;
    module->walk([&](ConstantOp c) { codes = ints(c.getValue()); });
    return codes;
  }

  /// The run-time path: legalizes with %x an argument, then folds the
  /// multithreshold on `values` plus every threshold and its neighbours
  /// (appended to `values`, which must be one row long per channel set).
  std::vector<int64_t> runtimeCodes(const std::string &op,
                                    ArrayRef<int64_t> shape,
                                    std::vector<float> &values) {
    OwningOpRef<ModuleOp> module = parse(op, tensorType(shape));
    EXPECT_TRUE(succeeded(legalize(*module))) << op;
    MultiThresholdOp mt;
    module->walk([&](MultiThresholdOp m) { mt = m; });
    EXPECT_TRUE(mt) << op;
    if (!mt)
      return {};
    // Overwrite the first values with thresholds and neighbours.
    size_t i = 4;
    for (float t : mt.getThresholds().getValues<float>())
      for (float x :
           {std::nextafter(t, -INFINITY), t, std::nextafter(t, INFINITY)})
        if (i < values.size())
          values[i++] = x;
    SmallVector<OpFoldResult> results;
    EXPECT_TRUE(succeeded(mt->fold({floats(shape, values)}, results)));
    return ints(cast<Attribute>(results[0]));
  }

  static std::string tensorType(ArrayRef<int64_t> shape) {
    std::string t = "tensor<";
    for (int64_t d : shape)
      t += std::to_string(d) + "x";
    return t + "f32>";
  }

  /// Checks both paths (or only the constant one) against `expected`.
  void check(const std::string &op, const CodesFn &expected,
             bool runtime = true, ArrayRef<int64_t> shape = {256},
             float range = 3.0f) {
    size_t n = 1;
    for (int64_t d : shape)
      n *= size_t(d);
    std::vector<float> values = randomValues(n, range);
    EXPECT_EQ(constantCodes(op, shape, values), expected(values)) << op;
    if (runtime) {
      std::vector<int64_t> got = runtimeCodes(op, shape, values);
      EXPECT_EQ(got, expected(values)) << op;
    }
  }

  MLIRContext ctx;
  std::mt19937 rng{2024};
};

TEST_F(LegalizeTest, Pact) {
  for (unsigned bits : {1u, 2u, 4u, 8u})
    check("qnn.pact %x {alpha = 1.5 : f32, bits = " + std::to_string(bits) +
              " : i32}",
          elementwise([=](float x) { return ref::pactCode(x, bits, 1.5f); }));
}

TEST_F(LegalizeTest, Hwgq) {
  for (unsigned bits : {1u, 2u, 3u, 4u}) {
    auto levels = *ref::hwgqLevels(bits, true);
    check("qnn.hwgq %x {bits = " + std::to_string(bits) + " : i32}",
          elementwise([=](float x) { return ref::hwgqCode(x, levels); }));
  }
  auto levels = *ref::hwgqLevels(2, false);
  check("qnn.hwgq %x {non_uniform}",
        elementwise([=](float x) { return ref::hwgqCode(x, levels); }));
}

TEST_F(LegalizeTest, Apot) {
  for (unsigned bits : {2u, 3u, 4u}) {
    auto set = *ref::apotUnsignedLevels(bits);
    check("qnn.apot %x {alpha = 2.0 : f32, bits = " + std::to_string(bits) +
              " : i32}",
          elementwise(
              [=](float x) { return ref::apotCode(x, set, false, 2.0f); }));
    auto sset = *ref::apotSignedLevels(bits);
    check("qnn.apot %x {alpha = 2.0 : f32, bits = " + std::to_string(bits) +
              " : i32, is_signed}",
          elementwise(
              [=](float x) { return ref::apotCode(x, sset, true, 2.0f); }));
  }
  auto set = *ref::apotSignedLevels(4);
  check(
      "qnn.apot %x {alpha = 3.0 : f32, bits = 4 : i32, is_signed, normalize}",
      [=](const std::vector<float> &v) {
        std::vector<int64_t> out;
        for (float x : ref::apotNormalize(v))
          out.push_back(ref::apotCode(x, set, true, 3.0f));
        return out;
      },
      /*runtime=*/false);
}

TEST_F(LegalizeTest, LearnedLevels) {
  std::vector<float> table = {-0.8f, -0.1f, 0.3f, 1.1f};
  check("qnn.learned_levels %x {levels = dense<[-0.8, -0.1, 0.3, 1.1]> : "
        "tensor<4xf64>}",
        elementwise([=](float x) { return ref::nearestLevel(x, table); }));
  // One table per column of a 64x3 tensor.
  std::vector<std::vector<float>> tables = {
      {0.0f, 0.5f, 1.0f}, {-1.0f, 0.2f, 0.9f}, {0.1f, 0.3f, 2.5f}};
  check("qnn.learned_levels %x {axis = 1 : i64, levels = dense<[[0.0, 0.5, "
        "1.0], [-1.0, 0.2, 0.9], [0.1, 0.3, 2.5]]> : tensor<3x3xf64>}",
        [=](const std::vector<float> &v) {
          std::vector<int64_t> out;
          for (size_t i = 0; i < v.size(); ++i)
            out.push_back(ref::nearestLevel(v[i], tables[i % 3]));
          return out;
        },
        /*runtime=*/true, {64, 3});
}

TEST_F(LegalizeTest, BinaryAndTernary) {
  check("qnn.binary %x {scale = array<f32: 0.5>}",
        elementwise([](float x) { return ref::binaryCode(x); }));
  check("qnn.binary %x {axis = 0 : i64}",
        elementwise([](float x) { return ref::binaryCode(x); }),
        /*runtime=*/false, {16, 16});
  check("qnn.ternary %x {scale = 0.5 : f32, threshold = 0.3 : f32}",
        elementwise([](float x) { return ref::ternaryCode(x, 0.3f); }));
  check(
      "qnn.ternary %x",
      [](const std::vector<float> &v) {
        ref::TernaryParams p = ref::ternaryTwnParams(v);
        std::vector<int64_t> out;
        for (float x : v)
          out.push_back(ref::ternaryCode(x, p.delta));
        return out;
      },
      /*runtime=*/false);
}

TEST_F(LegalizeTest, Sawb) {
  for (unsigned bits : {2u, 3u, 4u, 5u, 8u})
    check(
        "qnn.sawb %x {bits = " + std::to_string(bits) + " : i32}",
        [=](const std::vector<float> &v) {
          float alpha = ref::sawbAlpha(v, *ref::sawbDefaultCoefficients(bits));
          std::vector<int64_t> out;
          for (float x : v)
            out.push_back(ref::sawbCode(x, bits, alpha));
          return out;
        },
        /*runtime=*/false, {256}, 0.3f);
  check(
      "qnn.sawb %x {ternary}",
      [](const std::vector<float> &v) {
        float alpha = ref::sawbAlpha(v, ref::sawbTernaryCoefficients());
        std::vector<int64_t> out;
        for (float x : v)
          out.push_back(ref::sawbTernaryCode(x, alpha));
        return out;
      },
      /*runtime=*/false, {256}, 0.3f);
}

} // namespace
