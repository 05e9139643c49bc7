//===- FuseEpilogues.cpp - Float epilogues into integer thresholds --------===//
//
// This file implements qnn-fuse-epilogues: qnn.rescale, a chain of monotone
// elementwise TOSA ops with constant operands (and reshapes that keep the
// channels innermost), and a float qnn.multithreshold or qnn.quantize
// collapse into one qnn.multithreshold on the integer accumulator whose
// thresholds reproduce the float computation exactly.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/Transforms/Passes.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>
#include <functional>

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNFUSEEPILOGUES
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;
namespace ref = ::qnn::ref;

namespace {

/// One elementwise step of an epilogue, with its constant per channel (one
/// value when it is the same for every channel).
struct Step {
  enum Kind { Add, Sub, SubFrom, Mul, Max, Min, Clamp } kind;
  SmallVector<float> values;
  float clampMin = 0.0f, clampMax = 0.0f;

  float at(size_t c) const {
    return values.size() == 1 ? values[0] : values[c];
  }

  /// Applies the step in f32, as the float op computes it.
  float apply(float y, size_t c) const {
    switch (kind) {
    case Add:
      return y + at(c);
    case Sub:
      return y - at(c);
    case SubFrom:
      return at(c) - y;
    case Mul:
      return y * at(c);
    case Max:
      return std::fmax(y, at(c));
    case Min:
      return std::fmin(y, at(c));
    case Clamp:
      return std::fmin(std::fmax(y, clampMin), clampMax);
    }
    return y;
  }
  /// -1 when the step reverses the order of its input in channel c.
  int direction(size_t c) const {
    if (kind == SubFrom)
      return -1;
    if (kind == Mul)
      return at(c) < 0.0f ? -1 : 1;
    return 1;
  }
};

/// The values of a constant operand that broadcasts along `axis` only (or
/// not at all); std::nullopt when it is not such a constant.
std::optional<SmallVector<float>>
channelConstant(Value value, RankedTensorType shape, int64_t axis) {
  DenseFPElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)))
    return std::nullopt;
  auto type = cast<ShapedType>(attr.getType());
  if (type.getRank() != shape.getRank())
    return std::nullopt;
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (type.getDimSize(d) != 1 &&
        (d != axis || type.getDimSize(d) != shape.getDimSize(d)))
      return std::nullopt;
  SmallVector<float> values;
  for (APFloat v : attr.getValues<APFloat>()) {
    bool lost;
    v.convert(APFloat::IEEEsingle(), APFloat::rmNearestTiesToEven, &lost);
    values.push_back(v.convertToFloat());
  }
  return values;
}

/// The last op of an epilogue: a quantizer of f32 values whose code is a
/// monotone non-decreasing function of the value, per channel along the
/// innermost axis (`perChannel`) or the same for every channel.
struct FinalQuantizer {
  Operation *op;
  Value input;
  RankedTensorType outType;
  bool perChannel;
  /// The code of f32 value `y` in channel `c`.
  std::function<int64_t(float y, size_t c)> code;
};

/// qnn.rescale -> monotone TOSA chain (and reshapes that keep the innermost
/// axis) -> `final` becomes a qnn.multithreshold on the accumulator whose
/// integer thresholds reproduce the float computation exactly.
LogicalResult fuseEpilogue(const FinalQuantizer &final,
                           PatternRewriter &rewriter) {
  Operation *op = final.op;
  auto valueType = dyn_cast<RankedTensorType>(final.input.getType());
  if (!valueType || !valueType.getElementType().isF32() ||
      !valueType.hasStaticShape() || valueType.getRank() == 0)
    return rewriter.notifyMatchFailure(op, "not a static f32 quantizer");
  int64_t innermost = valueType.getShape().back();
  // Walk back to the rescale, collecting the steps (last first).
  SmallVector<Step> steps;
  Value value = final.input;
  RescaleOp rescale;
  while (true) {
    Operation *def = value.getDefiningOp();
    if (!def)
      return rewriter.notifyMatchFailure(op, "no rescale");
    if ((rescale = dyn_cast<RescaleOp>(def)))
      break;
    if (!def->hasOneUse())
      return rewriter.notifyMatchFailure(op, "epilogue value is shared");
    auto type = cast<RankedTensorType>(value.getType());
    int64_t axis = type.getRank() - 1;
    // Reshapes that keep the innermost (channel) axis: dense layers formed
    // from a batch-1 tosa.matmul expand their accumulator, and Gemm's
    // lowering reshapes between 2-D and 3-D. The thresholds apply to the
    // accumulator; the codes take the quantizer's shape at the end.
    if (isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp, tosa::ReshapeOp>(
            def)) {
      Value source = def->getOperand(0);
      auto sourceType = dyn_cast<RankedTensorType>(source.getType());
      if (!sourceType || sourceType.getRank() == 0 ||
          sourceType.getShape().back() != innermost || axis < 0 ||
          type.getShape().back() != innermost)
        return rewriter.notifyMatchFailure(op, "reshape moves the channels");
      value = source;
      continue;
    }
    if (auto clamp = dyn_cast<tosa::ClampOp>(def)) {
      auto lo = dyn_cast<FloatAttr>(clamp.getMinValAttr());
      auto hi = dyn_cast<FloatAttr>(clamp.getMaxValAttr());
      if (!lo || !hi)
        return failure();
      Step s{Step::Clamp, {}};
      s.clampMin = float(lo.getValueAsDouble());
      s.clampMax = float(hi.getValueAsDouble());
      steps.push_back(s);
      value = clamp.getInput();
      continue;
    }
    auto binary = [&](Value lhs, Value rhs, Step::Kind kind,
                      Step::Kind reversed) -> LogicalResult {
      if (auto c = channelConstant(rhs, type, axis)) {
        steps.push_back(Step{kind, *c});
        value = lhs;
        return success();
      }
      if (auto c = channelConstant(lhs, type, axis)) {
        steps.push_back(Step{reversed, *c});
        value = rhs;
        return success();
      }
      return failure();
    };
    LogicalResult matched = failure();
    if (auto add = dyn_cast<tosa::AddOp>(def))
      matched = binary(add.getInput1(), add.getInput2(), Step::Add, Step::Add);
    else if (auto sub = dyn_cast<tosa::SubOp>(def))
      matched =
          binary(sub.getInput1(), sub.getInput2(), Step::Sub, Step::SubFrom);
    else if (auto mul = dyn_cast<tosa::MulOp>(def))
      matched = binary(mul.getInput1(), mul.getInput2(), Step::Mul, Step::Mul);
    else if (auto max = dyn_cast<tosa::MaximumOp>(def))
      matched = binary(max.getInput1(), max.getInput2(), Step::Max, Step::Max);
    else if (auto min = dyn_cast<tosa::MinimumOp>(def))
      matched = binary(min.getInput1(), min.getInput2(), Step::Min, Step::Min);
    if (failed(matched))
      return rewriter.notifyMatchFailure(op, "not a monotone epilogue");
  }
  std::reverse(steps.begin(), steps.end());
  Value acc = rescale.getInput();
  auto accType = cast<RankedTensorType>(acc.getType());
  if (accType.getShape().back() != innermost)
    return rewriter.notifyMatchFailure(op, "accumulator channels differ");
  // Channels: along the rescale's axis when anything is per channel.
  int64_t channels = 1;
  bool perChannel =
      rescale.getScale().size() > 1 || final.perChannel ||
      llvm::any_of(steps, [](const Step &s) { return s.values.size() > 1; });
  int64_t accAxis = accType.getRank() - 1;
  if (rescale.getScale().size() > 1 &&
      (!rescale.getAxis() || int64_t(*rescale.getAxis()) != accAxis))
    return rewriter.notifyMatchFailure(op, "rescale axis is not innermost");
  if (perChannel)
    channels = innermost;
  // The codes on the accumulator's shape, reshaped to the quantizer's.
  auto outType = final.outType;
  auto codesType = outType.clone(accType.getShape());
  std::optional<SmallVector<ReassociationIndices>> reassociation;
  if (codesType.getRank() != outType.getRank()) {
    reassociation = getReassociationIndicesForReshape(codesType, outType);
    if (!reassociation)
      return rewriter.notifyMatchFailure(op, "codes cannot take its shape");
  } else if (codesType.getShape() != outType.getShape()) {
    return rewriter.notifyMatchFailure(op, "codes cannot take its shape");
  }

  QuantizedTypeInterface quant = getQuantizedElementType(outType);
  int64_t lo = quant.getStorageMin(), hi = quant.getStorageMax();
  size_t n = size_t(hi - lo);
  SmallVector<int64_t> thresholds;
  SmallVector<bool> negate;
  for (int64_t c = 0; c < channels; ++c) {
    size_t sc = rescale.getScale().size() == 1 ? 0 : size_t(c);
    double scale = rescale.getScale()[sc], bias = rescale.getBias()[sc];
    int sign = scale < 0.0 ? -1 : 1;
    for (const Step &s : steps)
      sign *= s.direction(size_t(c));
    // The code of accumulator u, made non-decreasing by the sign.
    auto code = [&](int64_t u) {
      int64_t acc = sign * u;
      float y = float(ref::rescale(acc, scale, bias));
      for (const Step &s : steps)
        y = s.apply(y, size_t(c));
      return final.code(y, size_t(c));
    };
    std::vector<int64_t> t = ref::exactIntegerThresholds(
        code, lo, hi, int64_t(INT32_MIN) + 1, int64_t(INT32_MAX));
    thresholds.append(t.begin(), t.end());
    negate.push_back(sign < 0);
  }
  auto tType =
      RankedTensorType::get({channels, int64_t(n)}, rewriter.getI64Type());
  bool anyNegated = llvm::is_contained(negate, true);
  Value codes = MultiThresholdOp::create(
      rewriter, op->getLoc(), codesType, acc,
      DenseElementsAttr::get(tType, ArrayRef(thresholds)),
      channels > 1 ? rewriter.getI64IntegerAttr(accAxis) : IntegerAttr(),
      anyNegated ? rewriter.getDenseBoolArrayAttr(negate)
                 : DenseBoolArrayAttr());
  if (reassociation && codesType.getRank() < outType.getRank())
    codes = tensor::ExpandShapeOp::create(rewriter, op->getLoc(), outType,
                                          codes, *reassociation);
  else if (reassociation)
    codes = tensor::CollapseShapeOp::create(rewriter, op->getLoc(), outType,
                                            codes, *reassociation);
  rewriter.replaceOp(op, codes);
  return success();
}

/// qnn.rescale -> epilogue -> float qnn.multithreshold: the thresholds.
struct FuseEpilogue : public OpRewritePattern<MultiThresholdOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(MultiThresholdOp op,
                                PatternRewriter &rewriter) const override {
    auto valueType = dyn_cast<RankedTensorType>(op.getInput().getType());
    if (!valueType || !valueType.getElementType().isF32())
      return rewriter.notifyMatchFailure(op, "not an f32 multithreshold");
    if (op.getAxis() && int64_t(*op.getAxis()) != valueType.getRank() - 1)
      return rewriter.notifyMatchFailure(op, "threshold axis differs");
    QuantizedTypeInterface quant =
        getQuantizedElementType(op.getOutput().getType());
    int64_t lo = quant.getStorageMin(), hi = quant.getStorageMax();
    size_t n = size_t(hi - lo);
    SmallVector<float> floatThresholds(op.getThresholds().getValues<float>());
    size_t rows = floatThresholds.size() / n;
    return fuseEpilogue({op, op.getInput(), op.getOutput().getType(), rows > 1,
                         [&](float y, size_t c) {
                           const float *row =
                               floatThresholds.data() + (rows == 1 ? 0 : c) * n;
                           return ref::thresholdCode(y, row, n, lo);
                         }},
                        rewriter);
  }
};

/// qnn.rescale -> epilogue -> qnn.quantize of the f32 values (QONNX Quant,
/// QuantizeLinear, BipolarQuant): the quantization's exact thresholds. The
/// quantization must be monotone: positive scales, and a codebook's levels
/// increasing (which the type guarantees).
struct FuseEpilogueIntoQuantize : public OpRewritePattern<QuantizeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(QuantizeOp op,
                                PatternRewriter &rewriter) const override {
    auto valueType = dyn_cast<RankedTensorType>(op.getInput().getType());
    if (!valueType || !valueType.getElementType().isF32())
      return rewriter.notifyMatchFailure(op, "not an f32 quantize");
    QuantizedTypeInterface quant =
        getQuantizedElementType(op.getOutput().getType());
    ref::QuantSpec spec = quant.getSpec();
    if (llvm::any_of(spec.scales, [](double s) { return !(s > 0.0); }))
      return rewriter.notifyMatchFailure(op, "not monotone");
    bool perChannel = spec.numChannels() > 1;
    if (perChannel && quant.getAxis() != valueType.getRank() - 1)
      return rewriter.notifyMatchFailure(op, "quantized axis not innermost");
    ref::RoundingMode mode = toReference(op.getRounding());
    return fuseEpilogue({op, op.getInput(), op.getOutput().getType(),
                         perChannel,
                         [&](float y, size_t c) {
                           return spec.quantize(y, perChannel ? c : 0, mode);
                         }},
                        rewriter);
  }
};

struct FuseEpiloguesPass
    : public mlir::qnn::impl::QNNFuseEpiloguesBase<FuseEpiloguesPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FuseEpilogue, FuseEpilogueIntoQuantize>(&getContext());
    GreedyRewriteConfig config;
    config.enableFolding(false);
    if (failed(
            applyPatternsGreedily(getOperation(), std::move(patterns), config)))
      signalPassFailure();
  }
};

} // namespace
