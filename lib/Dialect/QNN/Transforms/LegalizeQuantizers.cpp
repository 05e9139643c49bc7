//===- LegalizeQuantizers.cpp - Scheme ops to typed codes -----------------===//
//
// This file implements qnn-legalize-quantizers: every scheme quantizer becomes
// codes of a quantized type (a qnn.constant for constant inputs, a
// qnn.multithreshold with exact thresholds for run-time inputs) followed by
// qnn.dequantize. The codes come from the reference library, so the rewrite
// preserves them bit for bit.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/TypeSwitch.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <functional>

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNLEGALIZEQUANTIZERS
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;
namespace ref = ::qnn::ref;

namespace {

/// How one scheme op is legalized: the element type of its codes and how to
/// compute them.
struct LegalForm {
  QuantizedTypeInterface type;
  /// Codes of a constant input, element by element in row-major order.
  std::function<std::vector<int64_t>(const std::vector<float> &)> constantCodes;
  /// For run-time inputs: the code of `x` in threshold row `row` (rows are
  /// the channels along `axis`, or one row). Empty when the scheme needs its
  /// input's values.
  std::function<int64_t(float x, size_t row)> rowCode;
  size_t rows = 1;
  std::optional<int64_t> axis;
};

/// The f32 values of a constant operand, or std::nullopt.
std::optional<std::vector<float>> constantFloats(Value value) {
  DenseFPElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)))
    return std::nullopt;
  std::vector<float> out;
  for (APFloat v : attr.getValues<APFloat>()) {
    bool lost;
    v.convert(APFloat::IEEEsingle(), APFloat::rmNearestTiesToEven, &lost);
    out.push_back(v.convertToFloat());
  }
  return out;
}

std::vector<int64_t> shapeOf(ShapedType type) {
  return std::vector<int64_t>(type.getShape().begin(), type.getShape().end());
}

/// Applies a scalar code function to every element.
std::vector<int64_t> mapCodes(const std::vector<float> &values,
                              const std::function<int64_t(float)> &code) {
  std::vector<int64_t> codes;
  codes.reserve(values.size());
  for (float v : values)
    codes.push_back(code(v));
  return codes;
}

/// The shortest decimal that rounds to the f32 `value`, as a double: type
/// parameters are rounded to f32 where used, so this is the same parameter,
/// printed as people wrote it (0.538, not 0.5379999876022339).
double asParameter(float value) {
  char buf[32];
  auto res = std::to_chars(buf, buf + sizeof(buf) - 1, value);
  *res.ptr = '\0';
  return std::strtod(buf, nullptr);
}

/// The smallest bit width whose codes index `n` levels.
unsigned bitsFor(size_t n) {
  unsigned bits = 1;
  while ((size_t(1) << bits) < n)
    ++bits;
  return bits;
}

class Legalizer {
public:
  Legalizer(MLIRContext *ctx) : ctx(ctx) {}

  /// Describes how to legalize `op`; `values` holds its input's constant
  /// values when there are any. Emits a diagnostic and fails otherwise.
  FailureOr<LegalForm>
  describe(Operation *op, const std::optional<std::vector<float>> &values);

private:
  Type floatType(Operation *op) {
    return cast<ShapedType>(op->getResult(0).getType()).getElementType();
  }
  QuantizedTypeInterface uniform(Operation *op, unsigned bits, double scale) {
    return cast<QuantizedTypeInterface>(UniformQuantType::get(
        ctx, bits, /*signedStorage=*/false, 0, (int64_t(1) << bits) - 1,
        floatType(op), /*axis=*/int64_t(-1), ArrayRef<double>{scale},
        ArrayRef<int64_t>{0}));
  }
  /// A codebook type, or a diagnostic when the parameters are invalid (a
  /// zero scale from all-zero weights, duplicate levels, ...).
  FailureOr<QuantizedTypeInterface>
  codebook(Operation *op, unsigned bits, int64_t axis, ArrayRef<double> scales,
           ArrayRef<double> levels, unsigned tableSize) {
    auto type = CodebookQuantType::getChecked(
        [&] { return op->emitOpError("cannot be typed: "); }, ctx, bits,
        floatType(op), axis, scales, levels, tableSize);
    if (!type)
      return failure();
    return cast<QuantizedTypeInterface>(type);
  }
  LogicalResult needsConstant(Operation *op, StringRef what) {
    return op->emitOpError("computes ")
           << what << " from its input, which must be a constant to legalize";
  }

  MLIRContext *ctx;
};

FailureOr<LegalForm>
Legalizer::describe(Operation *op,
                    const std::optional<std::vector<float>> &values) {
  LegalForm form;
  auto resultType = cast<ShapedType>(op->getResult(0).getType());
  std::vector<int64_t> shape = shapeOf(resultType);
  auto setScalar = [&](std::function<int64_t(float)> code) {
    form.rowCode = [code](float x, size_t) { return code(x); };
    form.constantCodes = [code](const std::vector<float> &v) {
      return mapCodes(v, code);
    };
  };

  return TypeSwitch<Operation *, FailureOr<LegalForm>>(op)
      .Case([&](PactOp pact) -> FailureOr<LegalForm> {
        unsigned bits = pact.getBits();
        float alpha = pact.getAlpha().convertToFloat();
        form.type = uniform(op, bits, double(alpha) / double((1u << bits) - 1));
        setScalar([=](float x) { return ref::pactCode(x, bits, alpha); });
        return form;
      })
      .Case([&](SawbOp sawb) -> FailureOr<LegalForm> {
        if (!values)
          return needsConstant(op, "alpha_w");
        unsigned bits = sawb.getBits();
        float alpha = ref::sawbAlpha(*values, *sawb.getCoefficients());
        if (sawb.getTernary()) {
          auto type = codebook(op, 2, -1, {asParameter(alpha)}, {-1, 0, 1}, 3);
          if (failed(type))
            return failure();
          form.type = *type;
          form.constantCodes = [=](const std::vector<float> &v) {
            return mapCodes(
                v, [=](float x) { return ref::sawbTernaryCode(x, alpha); });
          };
          return form;
        }
        int64_t n = int64_t(1) << bits;
        SmallVector<double> levels;
        for (int64_t i = 0; i < n; ++i)
          levels.push_back(double(ref::sawbLevel(i, bits)));
        auto type = codebook(op, bits, -1, {double(alpha) / double(n - 1)},
                             levels, unsigned(n));
        if (failed(type))
          return failure();
        form.type = *type;
        form.constantCodes = [=](const std::vector<float> &v) {
          return mapCodes(
              v, [=](float x) { return ref::sawbCode(x, bits, alpha); });
        };
        return form;
      })
      .Case([&](ApotOp apot) -> FailureOr<LegalForm> {
        if (apot.getNormalize() && !values)
          return needsConstant(op, "the weight normalisation");
        ref::RationalLevels set = apot.getLevelSet();
        bool isSigned = apot.getIsSigned();
        float alpha = apot.getAlpha().convertToFloat();
        SmallVector<double> levels(set.numerators.begin(),
                                   set.numerators.end());
        auto type = codebook(op, apot.getBits(), -1,
                             {double(alpha) / double(set.denominator)}, levels,
                             unsigned(levels.size()));
        if (failed(type))
          return failure();
        form.type = *type;
        auto code = [=](float x) {
          return ref::apotCode(x, set, isSigned, alpha);
        };
        if (apot.getNormalize()) {
          form.constantCodes = [=](const std::vector<float> &v) {
            return mapCodes(ref::apotNormalize(v), code);
          };
          return form;
        }
        setScalar(code);
        return form;
      })
      .Case([&](HwgqOp hwgq) -> FailureOr<LegalForm> {
        unsigned bits = hwgq.getBits();
        bool isUniform = !hwgq.getNonUniform();
        std::vector<float> levels = *ref::hwgqLevels(bits, isUniform);
        if (isUniform) {
          form.type =
              uniform(op, bits, asParameter(*ref::hwgqUniformStep(bits)));
        } else {
          SmallVector<double> table;
          for (float l : levels)
            table.push_back(asParameter(l));
          auto type =
              codebook(op, bits, -1, {1.0}, table, unsigned(table.size()));
          if (failed(type))
            return failure();
          form.type = *type;
        }
        setScalar([=](float x) { return ref::hwgqCode(x, levels); });
        return form;
      })
      .Case([&](LearnedLevelsOp learned) -> FailureOr<LegalForm> {
        auto levelsType = cast<ShapedType>(learned.getLevels().getType());
        size_t size = size_t(levelsType.getShape().back());
        size_t tables = size_t(levelsType.getNumElements()) / size;
        std::vector<float> all;
        for (APFloat v : learned.getLevels().getValues<APFloat>()) {
          bool lost;
          v.convert(APFloat::IEEEsingle(), APFloat::rmNearestTiesToEven, &lost);
          all.push_back(v.convertToFloat());
        }
        SmallVector<double> levels;
        for (float l : all)
          levels.push_back(asParameter(l));
        int64_t axis = learned.getAxis().value_or(-1);
        SmallVector<double> scales(tables, 1.0);
        auto type =
            codebook(op, bitsFor(size), axis, scales, levels, unsigned(size));
        if (failed(type))
          return failure();
        form.type = *type;
        form.rows = tables;
        form.axis = learned.getAxis();
        auto rowCode = [all, size](float x, size_t row) -> int64_t {
          std::vector<float> table(all.begin() + row * size,
                                   all.begin() + (row + 1) * size);
          return ref::nearestLevel(x, table);
        };
        form.rowCode = rowCode;
        ref::QuantSpec layout;
        layout.axis = axis;
        form.constantCodes = [=](const std::vector<float> &v) {
          std::vector<int64_t> codes;
          for (size_t i = 0; i < v.size(); ++i)
            codes.push_back(rowCode(v[i], layout.channelOf(i, shape)));
          return codes;
        };
        return form;
      })
      .Case([&](BinaryOp binary) -> FailureOr<LegalForm> {
        std::optional<ArrayRef<float>> given = binary.getScale();
        bool perChannel = binary.getAxis() && (!given || given->size() > 1);
        if (!given && !values)
          return needsConstant(op, "mean |x| as its scale");
        std::vector<float> scales;
        if (given)
          scales.assign(given->begin(), given->end());
        else if (perChannel)
          scales = ref::meanAbsPerChannel(*values, shape, *binary.getAxis());
        else
          scales =
              ref::meanAbsPerChannel(*values, {int64_t(values->size())}, 0);
        SmallVector<double> typeScales;
        for (float scale : scales)
          typeScales.push_back(asParameter(scale));
        auto type = codebook(op, 1, perChannel ? *binary.getAxis() : -1,
                             typeScales, {-1, 1}, 2);
        if (failed(type))
          return failure();
        form.type = *type;
        setScalar([](float x) { return ref::binaryCode(x); });
        return form;
      })
      .Case([&](TernaryOp ternary) -> FailureOr<LegalForm> {
        if (!ternary.getThreshold() && !values)
          return needsConstant(op, "its threshold and scale");
        ref::TernaryParams p =
            ternary.getThreshold()
                ? ref::TernaryParams{ternary.getThreshold()->convertToFloat(),
                                     ternary.getScale()->convertToFloat()}
                : ref::ternaryTwnParams(*values);
        auto type = codebook(op, 2, -1, {asParameter(p.alpha)}, {-1, 0, 1}, 3);
        if (failed(type))
          return failure();
        form.type = *type;
        setScalar([=](float x) { return ref::ternaryCode(x, p.delta); });
        return form;
      })
      .Default([&](Operation *) -> FailureOr<LegalForm> {
        op->emitOpError("is not a scheme quantizer");
        return failure();
      });
}

/// Codes as the integer attribute qnn.constant holds.
DenseElementsAttr codesAttr(ShapedType quantTensor, ArrayRef<int64_t> codes) {
  QuantizedTypeInterface quant = getQuantizedElementType(quantTensor);
  auto element = IntegerType::get(quantTensor.getContext(), 8,
                                  quant.isSigned() ? IntegerType::Signless
                                                   : IntegerType::Unsigned);
  SmallVector<APInt> values;
  for (int64_t c : codes)
    values.push_back(APInt(8, uint64_t(c), /*isSigned=*/quant.isSigned()));
  return DenseElementsAttr::get(
      RankedTensorType::get(quantTensor.getShape(), element), values);
}

/// Legalizes `qnn.slb`, whose input is logits or codes rather than values.
FailureOr<Value> legalizeSlb(SlbOp slb, OpBuilder &builder) {
  SmallVector<float> set = slb.getValueSet();
  // Sorted distinct values index the codebook; `rank[i]` is value i's code.
  SmallVector<size_t> order(set.size());
  for (size_t i = 0; i < set.size(); ++i)
    order[i] = i;
  llvm::sort(order, [&](size_t a, size_t b) {
    return set[a] < set[b] || (set[a] == set[b] && a < b);
  });
  SmallVector<int64_t> rank(set.size());
  SmallVector<double> levels;
  for (size_t k = 0; k < order.size(); ++k) {
    rank[order[k]] = int64_t(k);
    levels.push_back(asParameter(set[order[k]]));
  }
  // The default linspace sets are odd integers over n - 1.
  double scale = 1.0;
  if (!slb.getValues()) {
    int64_t n = int64_t(set.size());
    for (int64_t i = 0; i < n; ++i)
      levels[size_t(i)] = double(2 * i - (n - 1));
    scale = 1.0 / double(n - 1);
  }
  auto outType = slb.getOutput().getType();
  auto quant = CodebookQuantType::getChecked(
      [&] { return slb.emitOpError("cannot be typed: "); }, slb.getContext(),
      slb.getBits(), outType.getElementType(), int64_t(-1),
      ArrayRef<double>{scale}, ArrayRef<double>(levels),
      unsigned(levels.size()));
  if (!quant)
    return failure();
  auto quantTensor = RankedTensorType::get(outType.getShape(), quant);
  Location loc = slb.getLoc();
  Value codes;
  if (auto logits = constantFloats(slb.getInput())) {
    std::vector<int64_t> out;
    for (size_t i = 0; i < logits->size(); i += set.size())
      out.push_back(
          rank[size_t(ref::argmaxFirst(logits->data() + i, set.size()))]);
    codes = ConstantOp::create(
        builder, loc, quantTensor,
        cast<DenseIntElementsAttr>(codesAttr(quantTensor, out)));
  } else if (DenseIntElementsAttr given;
             matchPattern(slb.getInput(), m_Constant(&given))) {
    std::vector<int64_t> out;
    for (const APInt &c : given.getValues<APInt>()) {
      int64_t index = c.getSExtValue();
      if (index < 0 || index >= int64_t(set.size()))
        return slb.emitOpError("code ")
               << index << " does not index its " << set.size() << " values";
      out.push_back(rank[size_t(index)]);
    }
    codes = ConstantOp::create(
        builder, loc, quantTensor,
        cast<DenseIntElementsAttr>(codesAttr(quantTensor, out)));
  } else if (auto intType = dyn_cast<IntegerType>(
                 cast<ShapedType>(slb.getInput().getType()).getElementType())) {
    if (slb.getValues() && !llvm::is_sorted(set))
      return slb.emitOpError("run-time codes index 'values' in their given "
                             "order; legalizing needs them sorted");
    // Run-time codes: narrow them to the code width and reinterpret.
    auto storage = RankedTensorType::get(outType.getShape(),
                                         builder.getIntegerType(slb.getBits()));
    Value in = slb.getInput();
    if (intType.getWidth() > slb.getBits())
      in = arith::TruncIOp::create(builder, loc, storage, in);
    else if (intType.getWidth() < slb.getBits())
      in = arith::ExtUIOp::create(builder, loc, storage, in);
    codes = StorageCastOp::create(builder, loc, quantTensor, in);
  } else {
    return slb.emitOpError("takes the argmax of its logits, which must be a "
                           "constant to legalize");
  }
  Value values = DequantizeOp::create(builder, loc, outType, codes);
  slb.replaceAllUsesWith(values);
  slb.erase();
  return values;
}

/// Rewrites one scheme op (not SLB) into its codes and a dequantize.
FailureOr<Value> rewrite(Operation *op, const LegalForm &form,
                         const std::optional<std::vector<float>> &values,
                         OpBuilder &builder) {
  auto floatTensor = cast<RankedTensorType>(op->getResult(0).getType());
  auto quantTensor = RankedTensorType::get(floatTensor.getShape(), form.type);
  Location loc = op->getLoc();
  Value codes;
  if (values) {
    codes = ConstantOp::create(builder, loc, quantTensor,
                               cast<DenseIntElementsAttr>(codesAttr(
                                   quantTensor, form.constantCodes(*values))));
  } else {
    int64_t lo = form.type.getStorageMin(), hi = form.type.getStorageMax();
    SmallVector<float> thresholds;
    for (size_t row = 0; row < form.rows; ++row) {
      auto rowThresholds = ref::exactThresholds(
          [&](float x) { return form.rowCode(x, row); }, lo, hi);
      if (!rowThresholds)
        return op->emitOpError("has codes that no input reaches; it has no "
                               "threshold form");
      thresholds.append(rowThresholds->begin(), rowThresholds->end());
    }
    auto tType = RankedTensorType::get({int64_t(form.rows), hi - lo},
                                       builder.getF32Type());
    codes = MultiThresholdOp::create(
        builder, loc, quantTensor, op->getOperand(0),
        cast<DenseFPElementsAttr>(
            DenseElementsAttr::get(tType, ArrayRef<float>(thresholds))),
        form.axis ? builder.getI64IntegerAttr(*form.axis) : IntegerAttr(),
        /*negate=*/DenseBoolArrayAttr());
  }
  Value result = DequantizeOp::create(builder, loc, floatTensor, codes);
  op->getResult(0).replaceAllUsesWith(result);
  op->erase();
  return result;
}

FailureOr<Value> legalize(Operation *op, Legalizer &legalizer) {
  OpBuilder builder(op);
  if (auto slb = dyn_cast<SlbOp>(op))
    return legalizeSlb(slb, builder);
  std::optional<std::vector<float>> values = constantFloats(op->getOperand(0));
  FailureOr<LegalForm> form = legalizer.describe(op, values);
  if (failed(form))
    return failure();
  return rewrite(op, *form, values, builder);
}

struct LegalizeQuantizersPass
    : public mlir::qnn::impl::QNNLegalizeQuantizersBase<
          LegalizeQuantizersPass> {
  void runOnOperation() override {
    SmallVector<Operation *> schemes;
    getOperation()->walk([&](Operation *op) {
      if (isSchemeQuantizer(op))
        schemes.push_back(op);
    });
    Legalizer legalizer(&getContext());
    bool failed = false;
    for (Operation *op : schemes)
      failed |= mlir::failed(legalize(op, legalizer));
    if (failed)
      signalPassFailure();
  }
};

} // namespace

bool mlir::qnn::isSchemeQuantizer(Operation *op) {
  return isa<PactOp, SawbOp, ApotOp, HwgqOp, LearnedLevelsOp, SlbOp, BinaryOp,
             TernaryOp>(op);
}

FailureOr<Value> mlir::qnn::legalizeQuantizer(Operation *op) {
  Legalizer legalizer(op->getContext());
  return legalize(op, legalizer);
}
