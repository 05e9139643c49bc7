//===- QNNToLinalg.cpp - qnn to linalg on code tensors --------------------===//
//
// This file implements the portable lowering of qnn ops. Quantized tensors
// become i8 tensors of code bits; tables the ops need (dequantized values,
// integer levels, thresholds) are constants computed by the reference
// library, so the lowered code computes exactly what the reference does.
//
//===----------------------------------------------------------------------===//

#include "qnn/Conversion/QNNToLinalg/QNNToLinalg.h"
#include "qnn/Conversion/Utils.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_CONVERTQNNTOLINALG
#include "qnn/Conversion/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;
namespace ref = ::qnn::ref;

QNNToLinalgTypeConverter::QNNToLinalgTypeConverter() {
  addConversion([](Type type) { return type; });
  addConversion([](RankedTensorType type) -> Type {
    if (getQuantizedElementType(type))
      return type.clone(IntegerType::get(type.getContext(), 8));
    return type;
  });
}

namespace {

/// An elementwise linalg.generic over `resultType`'s shape; `body` maps the
/// inputs' elements (and builds in the region) to the result element.
Value buildElementwise(
    OpBuilder &builder, Location loc, ValueRange inputs,
    RankedTensorType resultType,
    function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
  Value init = tensor::EmptyOp::create(builder, loc, resultType.getShape(),
                                       resultType.getElementType());
  auto identity = builder.getMultiDimIdentityMap(resultType.getRank());
  SmallVector<AffineMap> maps(inputs.size() + 1, identity);
  SmallVector<utils::IteratorType> iterators(resultType.getRank(),
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      builder, loc, TypeRange{resultType}, inputs, ValueRange{init}, maps,
      iterators, [&](OpBuilder &b, Location l, ValueRange args) {
        linalg::YieldOp::create(b, l, body(b, l, args.drop_back()));
      });
  return generic.getResult(0);
}

/// The code an i8 storage element holds, as i32 (sign- or zero-extended).
Value codeOf(OpBuilder &b, Location loc, Value storage,
             QuantizedTypeInterface quant) {
  Type i32 = b.getI32Type();
  if (quant.isSigned())
    return arith::ExtSIOp::create(b, loc, i32, storage);
  return arith::ExtUIOp::create(b, loc, i32, storage);
}

/// Looks up `table[channel][code - min]` inside a linalg region, the channel
/// being the iteration index along the type's axis.
Value lookup(OpBuilder &b, Location loc, Value table, Value storage,
             QuantizedTypeInterface quant) {
  Value code = codeOf(b, loc, storage, quant);
  Value min = arith::ConstantIntOp::create(b, loc, b.getI32Type(),
                                           quant.getStorageMin());
  Value index = arith::IndexCastOp::create(
      b, loc, b.getIndexType(), arith::SubIOp::create(b, loc, code, min));
  Value channel = quant.getAxis() >= 0
                      ? Value(linalg::IndexOp::create(b, loc, quant.getAxis()))
                      : Value(arith::ConstantIndexOp::create(b, loc, 0));
  return tensor::ExtractOp::create(b, loc, table, ValueRange{channel, index});
}

/// A constant [channels, codes] table with `entry(channel, code)`.
Value buildTable(OpBuilder &builder, Location loc, QuantizedTypeInterface quant,
                 Type elementType,
                 function_ref<Attribute(size_t, int64_t)> entry) {
  int64_t codes = quant.getStorageMax() - quant.getStorageMin() + 1;
  size_t channels = quant.getNumChannels();
  SmallVector<Attribute> values;
  for (size_t c = 0; c < channels; ++c)
    for (int64_t code = quant.getStorageMin(); code <= quant.getStorageMax();
         ++code)
      values.push_back(entry(c, code));
  auto type = RankedTensorType::get({int64_t(channels), codes}, elementType);
  return arith::ConstantOp::create(builder, loc,
                                   DenseElementsAttr::get(type, values));
}

/// Integer levels of every element of `codes` as an i32 tensor; for
/// constant codes (`quantized`, weights) a constant computed now, i8 when
/// every level fits (a quarter of the bytes to read per run).
Value buildLevels(OpBuilder &builder, Location loc, Value codes,
                  RankedTensorType quantTensor, Value quantized = {}) {
  QuantizedTypeInterface quant = getQuantizedElementType(quantTensor);
  ref::QuantSpec spec = quant.getSpec();
  DenseIntElementsAttr constantCodes;
  if (quantized && matchPattern(quantized, m_Constant(&constantCodes))) {
    std::vector<int64_t> shape(quantTensor.getShape().begin(),
                               quantTensor.getShape().end());
    bool isUnsigned = constantCodes.getElementType().isUnsignedInteger();
    SmallVector<int32_t> levels;
    bool fitsI8 = true;
    size_t i = 0;
    for (const APInt &v : constantCodes.getValues<APInt>()) {
      int64_t code = isUnsigned ? int64_t(v.getZExtValue()) : v.getSExtValue();
      int64_t level = spec.level(code, spec.channelOf(i++, shape));
      fitsI8 &= level >= -128 && level <= 127;
      levels.push_back(int32_t(level));
    }
    if (fitsI8) {
      SmallVector<int8_t> narrow(levels.begin(), levels.end());
      return arith::ConstantOp::create(
          builder, loc,
          DenseElementsAttr::get(RankedTensorType::get(quantTensor.getShape(),
                                                       builder.getI8Type()),
                                 ArrayRef<int8_t>(narrow)));
    }
    return arith::ConstantOp::create(
        builder, loc,
        DenseElementsAttr::get(
            RankedTensorType::get(quantTensor.getShape(), builder.getI32Type()),
            ArrayRef<int32_t>(levels)));
  }
  Value table = buildTable(
      builder, loc, quant, builder.getI32Type(), [&](size_t c, int64_t code) {
        return builder.getI32IntegerAttr(int32_t(spec.level(code, c)));
      });
  auto type =
      RankedTensorType::get(quantTensor.getShape(), builder.getI32Type());
  return buildElementwise(builder, loc, codes, type,
                          [&](OpBuilder &b, Location l, ValueRange args) {
                            return lookup(b, l, table, args[0], quant);
                          });
}

/// For a row of non-decreasing f32 thresholds `t` spaced about evenly: the
/// estimate `e(x) = clamp(trunc(clamp((x - t[0]) * inv, -1, n)) + 1, 0, n)`
/// (f32 arithmetic and a truncating conversion, as the generated code
/// evaluates it; no floor, which would need libm) of the number of
/// thresholds x reaches, with `inv = (n - 1) / (t[n-1] - t[0])`, when it is
/// within one of the true count for every x; none otherwise. e and the count
/// are both non-decreasing in x, so it suffices to check both sides of each
/// threshold: on each interval between thresholds the count is constant and
/// e lies between its values at the ends.
std::optional<float> evenThresholdSlope(ArrayRef<float> t) {
  int64_t n = t.size();
  if (n < 2 || !std::isfinite(t.front()) || !std::isfinite(t.back()) ||
      !(t.back() > t.front()))
    return std::nullopt;
  float inv = float(n - 1) / (t.back() - t.front());
  if (!std::isfinite(inv) || !(inv > 0))
    return std::nullopt;
  auto estimate = [&](float x) -> int64_t {
    float m = (x - t.front()) * inv;
    m = std::min(std::max(m, -1.0f), float(n));
    return std::clamp<int64_t>(int64_t(m) + 1, 0, n);
  };
  auto count = [&](float x) -> int64_t {
    return std::upper_bound(t.begin(), t.end(), x) - t.begin();
  };
  for (float at : t)
    for (float x : {at, std::nextafter(at, -INFINITY)})
      if (std::abs(estimate(x) - count(x)) > 1)
        return std::nullopt;
  return inv;
}

/// Codes = min + #{j : input >= thresholds[row][j]}, as an i8 tensor.
/// `thresholds` is [rows, n] f32 (float input) or i64 (integer input); row
/// is the index along `axis`, or 0. Up to 16 thresholds a row are all
/// compared, unrolled; more, e.g. the 255 of an 8-bit quantizer, are found
/// by binary search over the non-decreasing row. Either way one elementwise
/// pass writes the codes.
Value buildThresholdCodes(OpBuilder &builder, Location loc, Value input,
                          DenseElementsAttr thresholds,
                          std::optional<int64_t> axis, int64_t min,
                          std::optional<ArrayRef<bool>> negate = {}) {
  auto inType = cast<RankedTensorType>(input.getType());
  auto tableType = cast<RankedTensorType>(thresholds.getType());
  int64_t rows = tableType.getDimSize(0), n = tableType.getDimSize(1);
  bool isFloat = isa<FloatType>(inType.getElementType());
  // Rows flagged by `negate` compare -x: multiply by a per-row sign.
  Value signs;
  if (negate && llvm::is_contained(*negate, true)) {
    SmallVector<int64_t> values;
    for (bool neg : *negate)
      values.push_back(neg ? -1 : 1);
    auto signType =
        RankedTensorType::get({int64_t(values.size())}, builder.getI64Type());
    signs = arith::ConstantOp::create(
        builder, loc, DenseElementsAttr::get(signType, ArrayRef(values)));
  }
  auto rowOf = [&](OpBuilder &b, Location l) -> Value {
    return axis ? Value(linalg::IndexOp::create(b, l, *axis))
                : Value(arith::ConstantIndexOp::create(b, l, 0));
  };
  // The compared value: f32 with NaN read as 0.0, or i64 times the row's
  // sign.
  auto compared = [&](OpBuilder &b, Location l, Value x) -> Value {
    if (isFloat) {
      if (x.getType() != b.getF32Type())
        x = arith::ExtFOp::create(b, l, b.getF32Type(), x);
      Value isNan =
          arith::CmpFOp::create(b, l, arith::CmpFPredicate::UNO, x, x);
      Value zero = arith::ConstantOp::create(b, l, b.getF32FloatAttr(0.0f));
      return arith::SelectOp::create(b, l, isNan, zero, x);
    }
    x = arith::ExtSIOp::create(b, l, b.getI64Type(), x);
    if (signs)
      x = arith::MulIOp::create(
          b, l, x, tensor::ExtractOp::create(b, l, signs, rowOf(b, l)));
    return x;
  };
  auto reaches = [&](OpBuilder &b, Location l, Value x, Value t) -> Value {
    if (isFloat)
      return arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGE, x, t);
    return arith::CmpIOp::create(b, l, arith::CmpIPredicate::sge, x, t);
  };
  auto codeType = RankedTensorType::get(inType.getShape(), builder.getI8Type());

  // Many evenly spaced f32 thresholds (a uniform quantizer's): an
  // arithmetic estimate, proven at compile time to be within one of the
  // count, corrected by comparing with the thresholds on either side; rows
  // are padded with -inf before and NaN after, which every x passes and
  // none reaches.
  if (n > 16 && isFloat && tableType.getElementType().isF32()) {
    auto values = thresholds.getValues<float>();
    SmallVector<float> firsts, slopes, padded;
    for (int64_t r = 0; r < rows; ++r) {
      SmallVector<float> row(values.begin() + r * n,
                             values.begin() + (r + 1) * n);
      std::optional<float> inv = evenThresholdSlope(row);
      if (!inv)
        break;
      firsts.push_back(row.front());
      slopes.push_back(*inv);
      padded.push_back(-INFINITY);
      padded.append(row.begin(), row.end());
      padded.push_back(std::numeric_limits<float>::quiet_NaN());
    }
    if (int64_t(firsts.size()) == rows) {
      auto f32 = builder.getF32Type();
      auto constant = [&](ArrayRef<int64_t> shape, ArrayRef<float> data) {
        return arith::ConstantOp::create(
            builder, loc,
            DenseElementsAttr::get(RankedTensorType::get(shape, f32), data));
      };
      Value firstTable = constant({rows}, firsts);
      Value slopeTable = constant({rows}, slopes);
      Value table = constant({rows, n + 2}, padded);
      return buildElementwise(
          builder, loc, input, codeType,
          [&](OpBuilder &b, Location l, ValueRange args) -> Value {
            Value x = compared(b, l, args[0]);
            Value row = rowOf(b, l);
            auto f = [&](float v) -> Value {
              return arith::ConstantOp::create(b, l, b.getF32FloatAttr(v));
            };
            // Index arithmetic in i32, sign-extended only to index the
            // table: vector gathers then take 32-bit indices (16 lanes).
            auto i32 = [&](int64_t v) -> Value {
              return arith::ConstantIntOp::create(b, l, b.getI32Type(), v);
            };
            auto toIndex = [&](Value v) -> Value {
              return arith::IndexCastOp::create(b, l, b.getIndexType(), v);
            };
            Value m = arith::MulFOp::create(
                b, l,
                arith::SubFOp::create(
                    b, l, x, tensor::ExtractOp::create(b, l, firstTable, row)),
                tensor::ExtractOp::create(b, l, slopeTable, row));
            m = arith::MaximumFOp::create(
                b, l, arith::MinimumFOp::create(b, l, m, f(float(n))), f(-1));
            Value e = arith::AddIOp::create(
                b, l, arith::FPToSIOp::create(b, l, b.getI32Type(), m), i32(1));
            e = arith::MaxSIOp::create(
                b, l, arith::MinSIOp::create(b, l, e, i32(n)), i32(0));
            // count = e + [x >= T[e + 1]] - [x < T[e]] (padded indices).
            Value above = reaches(
                b, l, x,
                tensor::ExtractOp::create(
                    b, l, table,
                    ValueRange{
                        row, toIndex(arith::AddIOp::create(b, l, e, i32(1)))}));
            Value below = arith::CmpFOp::create(
                b, l, arith::CmpFPredicate::OLT, x,
                tensor::ExtractOp::create(b, l, table,
                                          ValueRange{row, toIndex(e)}));
            Value count = arith::SubIOp::create(
                b, l,
                arith::AddIOp::create(
                    b, l, e,
                    arith::ExtUIOp::create(b, l, b.getI32Type(), above)),
                arith::ExtUIOp::create(b, l, b.getI32Type(), below));
            Value code = arith::AddIOp::create(
                b, l, count,
                arith::ConstantIntOp::create(b, l, b.getI32Type(), min));
            return arith::TruncIOp::create(b, l, b.getI8Type(), code);
          });
    }
  }

  if (n > 16 && (tableType.getElementType().isF32() ||
                 tableType.getElementType().isInteger(64))) {
    // Rows padded to 2^k - 1 entries with values nothing reaches (NaN, or
    // the i64 maximum, beyond any sign-adjusted i32 accumulator); then k
    // halving steps find the number of thresholds reached.
    int64_t k = llvm::Log2_64_Ceil(uint64_t(n) + 1), width = (1 << k) - 1;
    auto padded =
        RankedTensorType::get({rows, width}, tableType.getElementType());
    auto pad = [&](auto unreachable) {
      using T = decltype(unreachable);
      SmallVector<T> values;
      auto src = thresholds.getValues<T>();
      for (int64_t r = 0; r < rows; ++r)
        for (int64_t j = 0; j < width; ++j)
          values.push_back(j < n ? src[r * n + j] : unreachable);
      return DenseElementsAttr::get(padded, ArrayRef(values));
    };
    DenseElementsAttr table = isFloat
                                  ? pad(std::numeric_limits<float>::quiet_NaN())
                                  : pad(std::numeric_limits<int64_t>::max());
    Value tableValue = arith::ConstantOp::create(builder, loc, table);
    return buildElementwise(
        builder, loc, input, codeType,
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          Value x = compared(b, l, args[0]);
          Value row = rowOf(b, l);
          Value pos = arith::ConstantIndexOp::create(b, l, 0);
          for (int64_t step = int64_t(1) << (k - 1); step > 0; step /= 2) {
            Value next = arith::AddIOp::create(
                b, l, pos, arith::ConstantIndexOp::create(b, l, step));
            Value t = tensor::ExtractOp::create(
                b, l, tableValue,
                ValueRange{row, arith::SubIOp::create(
                                    b, l, next,
                                    arith::ConstantIndexOp::create(b, l, 1))});
            pos = arith::SelectOp::create(b, l, reaches(b, l, x, t), next, pos);
          }
          Value count = arith::IndexCastOp::create(b, l, b.getI32Type(), pos);
          Value code = arith::AddIOp::create(
              b, l, count,
              arith::ConstantIntOp::create(b, l, b.getI32Type(), min));
          return arith::TruncIOp::create(b, l, b.getI8Type(), code);
        });
  }

  // Few thresholds: every one compared, unrolled, in one elementwise pass.
  // Integers of at most 32 bits whose thresholds fit i32 compare in i32
  // (twice the vector lanes of i64); a negated row compares -x >= t as
  // ~x >= t - 1, and ~x (x xor -1) cannot overflow.
  Value table;
  std::function<Value(OpBuilder &, Location, Value)> prepare = compared;
  auto intType = dyn_cast<IntegerType>(inType.getElementType());
  if (intType && intType.getWidth() <= 32 &&
      tableType.getElementType().isInteger(64)) {
    auto values = thresholds.getValues<int64_t>();
    SmallVector<int32_t> narrow, masks;
    bool fits = true;
    for (int64_t r = 0; r < rows && fits; ++r) {
      bool neg = negate && (*negate)[size_t(r)];
      masks.push_back(neg ? -1 : 0);
      for (int64_t j = 0; j < n && fits; ++j) {
        int64_t t = values[r * n + j] - (neg ? 1 : 0);
        fits = t >= INT32_MIN && t <= INT32_MAX;
        narrow.push_back(int32_t(t));
      }
    }
    if (fits) {
      auto i32Type = builder.getI32Type();
      table = arith::ConstantOp::create(
          builder, loc,
          DenseElementsAttr::get(RankedTensorType::get({rows, n}, i32Type),
                                 ArrayRef(narrow)));
      Value maskTable = signs ? Value(arith::ConstantOp::create(
                                    builder, loc,
                                    DenseElementsAttr::get(
                                        RankedTensorType::get({rows}, i32Type),
                                        ArrayRef(masks))))
                              : Value();
      prepare = [&, maskTable](OpBuilder &b, Location l, Value x) -> Value {
        if (intType.getWidth() < 32)
          x = arith::ExtSIOp::create(b, l, b.getI32Type(), x);
        if (maskTable)
          x = arith::XOrIOp::create(
              b, l, x, tensor::ExtractOp::create(b, l, maskTable, rowOf(b, l)));
        return x;
      };
    }
  }
  if (!table)
    table = arith::ConstantOp::create(builder, loc, thresholds);
  return buildElementwise(
      builder, loc, input, codeType,
      [&](OpBuilder &b, Location l, ValueRange args) -> Value {
        Value x = prepare(b, l, args[0]);
        Value row = rowOf(b, l);
        Value code = arith::ConstantIntOp::create(b, l, b.getI8Type(), min);
        for (int64_t j = 0; j < n; ++j) {
          Value t = tensor::ExtractOp::create(
              b, l, table,
              ValueRange{row, arith::ConstantIndexOp::create(b, l, j)});
          code = arith::AddIOp::create(
              b, l, code,
              arith::ExtUIOp::create(b, l, b.getI8Type(), reaches(b, l, x, t)));
        }
        return code;
      });
}

/// Lowers qnn.constant to an arith.constant of code bits.
struct ConstantLowering : public OpConversionPattern<ConstantOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConstantOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(
        getTypeConverter()->convertType(op.getOutput().getType()));
    bool isUnsigned = op.getValue().getElementType().isUnsignedInteger();
    SmallVector<APInt> bits;
    for (const APInt &v : op.getValue().getValues<APInt>())
      bits.push_back(
          APInt(8, isUnsigned ? v.getZExtValue() : uint64_t(v.getSExtValue()),
                /*isSigned=*/false, /*implicitTrunc=*/true));
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(
        op, DenseElementsAttr::get(type, bits));
    return success();
  }
};

/// Lowers qnn.dequantize to a lookup of the reference's values.
struct DequantizeLowering : public OpConversionPattern<DequantizeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(DequantizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    QuantizedTypeInterface quant =
        getQuantizedElementType(op.getInput().getType());
    ref::QuantSpec spec = quant.getSpec();
    auto outType = op.getOutput().getType();
    auto floatType = cast<FloatType>(outType.getElementType());
    Location loc = op.getLoc();
    if (!spec.isCodebook) {
      // Uniform levels: the reference's f32 `scale * float(code - zero
      // point)` as arithmetic (exact: both are one f32 multiply), which
      // vectorizes where a table lookup would gather.
      SmallVector<float> scales;
      SmallVector<int32_t> zeroPoints;
      for (size_t c = 0; c < quant.getNumChannels(); ++c) {
        scales.push_back(
            float(spec.scales.size() == 1 ? spec.scales[0] : spec.scales[c]));
        zeroPoints.push_back(int32_t(spec.zeroPoints.size() == 1
                                         ? spec.zeroPoints[0]
                                         : spec.zeroPoints[c]));
      }
      auto vector = [&](Type type, auto values) -> Value {
        return arith::ConstantOp::create(
            rewriter, loc,
            DenseElementsAttr::get(
                RankedTensorType::get({int64_t(values.size())}, type),
                ArrayRef(values)));
      };
      Value scaleTable = vector(rewriter.getF32Type(), scales);
      Value zeroTable = vector(rewriter.getI32Type(), zeroPoints);
      std::optional<int64_t> axis;
      if (quant.getNumChannels() > 1)
        axis = quant.getAxis();
      rewriter.replaceOp(
          op, buildElementwise(
                  rewriter, loc, adaptor.getInput(), outType,
                  [&](OpBuilder &b, Location l, ValueRange args) -> Value {
                    Value c =
                        axis ? Value(linalg::IndexOp::create(b, l, *axis))
                             : Value(arith::ConstantIndexOp::create(b, l, 0));
                    Value level = arith::SubIOp::create(
                        b, l, codeOf(b, l, args[0], quant),
                        tensor::ExtractOp::create(b, l, zeroTable, c));
                    Value value = arith::MulFOp::create(
                        b, l, tensor::ExtractOp::create(b, l, scaleTable, c),
                        arith::SIToFPOp::create(b, l, b.getF32Type(), level));
                    if (floatType == b.getF32Type())
                      return value;
                    if (floatType.getWidth() > 32)
                      return arith::ExtFOp::create(b, l, floatType, value);
                    return arith::TruncFOp::create(b, l, floatType, value);
                  }));
      return success();
    }
    Value table = buildTable(rewriter, op.getLoc(), quant, floatType,
                             [&](size_t c, int64_t code) {
                               APFloat v(spec.dequantize(code, c));
                               bool lost;
                               v.convert(floatType.getFloatSemantics(),
                                         APFloat::rmNearestTiesToEven, &lost);
                               return rewriter.getFloatAttr(floatType, v);
                             });
    rewriter.replaceOp(
        op, buildElementwise(rewriter, op.getLoc(), adaptor.getInput(), outType,
                             [&](OpBuilder &b, Location l, ValueRange args) {
                               return lookup(b, l, table, args[0], quant);
                             }));
    return success();
  }
};

/// Lowers qnn.multithreshold to one elementwise counting pass.
struct MultiThresholdLowering : public OpConversionPattern<MultiThresholdOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MultiThresholdOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    QuantizedTypeInterface quant =
        getQuantizedElementType(op.getOutput().getType());
    auto thresholds = dyn_cast<DenseElementsAttr>(op.getThresholds());
    if (!thresholds)
      return rewriter.notifyMatchFailure(op, "thresholds are not dense");
    rewriter.replaceOp(
        op, buildThresholdCodes(rewriter, op.getLoc(), adaptor.getInput(),
                                thresholds, op.getAxis(), quant.getStorageMin(),
                                op.getNegate()));
    return success();
  }
};

/// Lowers qnn.rescale to double arithmetic, as the reference evaluates it.
struct RescaleLowering : public OpConversionPattern<RescaleOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(RescaleOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto f64 = rewriter.getF64Type();
    auto vector = [&](ArrayRef<double> values) -> Value {
      auto type = RankedTensorType::get({int64_t(values.size())}, f64);
      return arith::ConstantOp::create(rewriter, loc,
                                       DenseElementsAttr::get(type, values));
    };
    Value scales = vector(op.getScale()), biases = vector(op.getBias());
    std::optional<int64_t> axis;
    if (op.getScale().size() > 1)
      axis = op.getAxis();
    auto outType = op.getOutput().getType();
    rewriter.replaceOp(
        op,
        buildElementwise(
            rewriter, loc, adaptor.getInput(), outType,
            [&](OpBuilder &b, Location l, ValueRange args) -> Value {
              Value c = axis ? Value(linalg::IndexOp::create(b, l, *axis))
                             : Value(arith::ConstantIndexOp::create(b, l, 0));
              Value acc = arith::SIToFPOp::create(b, l, f64, args[0]);
              Value scale = tensor::ExtractOp::create(b, l, scales, c);
              Value bias = tensor::ExtractOp::create(b, l, biases, c);
              Value y = arith::AddFOp::create(
                  b, l, arith::MulFOp::create(b, l, scale, acc), bias);
              if (outType.getElementType() == f64)
                return y;
              return arith::TruncFOp::create(b, l, outType.getElementType(), y);
            }));
    return success();
  }
};

/// Lowers qnn.quantize to the exact thresholds of its rounding, per channel.
struct QuantizeLowering : public OpConversionPattern<QuantizeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(QuantizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    QuantizedTypeInterface quant =
        getQuantizedElementType(op.getOutput().getType());
    ref::QuantSpec spec = quant.getSpec();
    ref::RoundingMode mode = toReference(op.getRounding());
    int64_t lo = quant.getStorageMin(), hi = quant.getStorageMax();
    SmallVector<float> all;
    for (size_t c = 0; c < spec.numChannels(); ++c) {
      auto t = ref::exactThresholds(
          [&](float x) { return spec.quantize(x, c, mode); }, lo, hi);
      if (!t)
        return op.emitOpError("has codes that no input reaches; it has no "
                              "threshold form");
      all.append(t->begin(), t->end());
    }
    auto type = RankedTensorType::get({int64_t(spec.numChannels()), hi - lo},
                                      rewriter.getF32Type());
    std::optional<int64_t> axis;
    if (quant.getAxis() >= 0)
      axis = quant.getAxis();
    rewriter.replaceOp(
        op, buildThresholdCodes(rewriter, op.getLoc(), adaptor.getInput(),
                                DenseElementsAttr::get(type, ArrayRef(all)),
                                axis, lo));
    return success();
  }
};

/// A zero-filled i32 tensor of `shape`: the initial accumulators of a layer.
Value zeroAccumulators(OpBuilder &b, Location loc, ArrayRef<int64_t> shape) {
  Value zero = arith::ConstantIntOp::create(b, loc, b.getI32Type(), 0);
  Value init = tensor::EmptyOp::create(b, loc, shape, b.getI32Type());
  return linalg::FillOp::create(b, loc, zero, init).getResult(0);
}

/// Pads an NHWC tensor of integers by `pad` (top, left, bottom, right) in H
/// and W and by `padC` channels at the end, with `value`; returns `x` when
/// there is nothing to pad.
Value padNHWC(OpBuilder &b, Location loc, Value x, ArrayRef<int64_t> pad,
              int64_t padC, int64_t value) {
  if (!padC && llvm::all_of(pad, [](int64_t p) { return p == 0; }))
    return x;
  auto type = cast<RankedTensorType>(x.getType());
  SmallVector<int64_t> shape(type.getShape());
  shape[1] += pad[0] + pad[2];
  shape[2] += pad[1] + pad[3];
  shape[3] += padC;
  SmallVector<OpFoldResult> low = {b.getIndexAttr(0), b.getIndexAttr(pad[0]),
                                   b.getIndexAttr(pad[1]), b.getIndexAttr(0)};
  // A filled tensor with `x` inserted, rather than tensor.pad: bufferization
  // can then let the producer of `x` write into the padded buffer
  // (eliminate-empty-tensors) instead of copying it there.
  Value padValue =
      arith::ConstantIntOp::create(b, loc, type.getElementType(), value);
  Value padded =
      linalg::FillOp::create(b, loc, padValue,
                             ValueRange{tensor::EmptyOp::create(
                                 b, loc, shape, type.getElementType())})
          .getResult(0);
  SmallVector<OpFoldResult> sizes, strides(4, b.getIndexAttr(1));
  for (int64_t d : type.getShape())
    sizes.push_back(b.getIndexAttr(d));
  return tensor::InsertSliceOp::create(b, loc, x, padded, low, sizes, strides);
}

/// The range of integer levels of a quantized type, over all channels.
std::pair<int64_t, int64_t> levelRange(QuantizedTypeInterface quant) {
  ref::QuantSpec spec = quant.getSpec();
  int64_t lo = INT64_MAX, hi = INT64_MIN;
  for (size_t c = 0; c < spec.numChannels(); ++c)
    for (int64_t code = quant.getStorageMin(); code <= quant.getStorageMax();
         ++code) {
      int64_t l = int64_t(spec.level(code, c));
      lo = std::min(lo, l);
      hi = std::max(hi, l);
    }
  return {lo, hi};
}

/// Lowers qnn.conv2d for the AVX-512 VNNI kernel: activation levels as u8
/// (shifted by `offset` when some are negative), weight levels as s8, zero
/// padding (the shifted level of 0), and an explicit u8 x s8 -> i32
/// linalg.generic marked `#qnn.layer` (strides, dilations, padding, largest
/// activation byte, input channels before padding, weight levels) that the
/// kernel generators (qnn-x86-vnni-conv, qnn-nvvm-layer-kernels) turn
/// into vpdpbusd (or AVX2 vpmaddubsw) loops after bufferization (the generic
/// itself is the portable fallback). The shift adds offset * sum(w[o]) to every
/// output; a constant per-channel correction removes it.
///
/// `input` holds the codes of `inType` (NHWC), `wCodes` those of `wType`
/// (OHWI); the result has the shape of `outType` (i32).
FailureOr<Value>
buildKernelConv(ConversionPatternRewriter &rewriter, Location loc, Value input,
                RankedTensorType inType, DenseIntElementsAttr wCodes,
                RankedTensorType wType, RankedTensorType outType,
                ArrayRef<int64_t> pad, ArrayRef<int64_t> strides,
                ArrayRef<int64_t> dilations) {
  // The kernel takes input channels in groups of 4: pad C with zero weights
  // (the padded activations then contribute nothing).
  int64_t channels = inType.getDimSize(3);
  int64_t padC = (4 - channels % 4) % 4;
  QuantizedTypeInterface xq = getQuantizedElementType(inType);
  QuantizedTypeInterface wq = getQuantizedElementType(wType);
  auto [xlo, xhi] = levelRange(xq);
  auto [wlo, whi] = levelRange(wq);
  int64_t offset = xlo < 0 ? 128 : 0;
  if (xlo + offset < 0 || xhi + offset > 255 || wlo < -128 || whi > 127)
    return failure();
  MLIRContext *ctx = rewriter.getContext();
  ref::QuantSpec xs = xq.getSpec(), ws = wq.getSpec();
  // Activation levels (+ offset) as u8 bits: the codes plus a constant when
  // every code's byte is its code shifted by the same amount (nothing when
  // by zero, e.g. unsigned levels equal to the codes; 128 for signed
  // levels equal to the codes), else looked up from a table.
  auto byteOf = [&](size_t c, int64_t code) {
    return uint8_t(int64_t(xs.level(code, c)) + offset);
  };
  const uint8_t shift =
      uint8_t(byteOf(0, xq.getStorageMin()) - uint8_t(xq.getStorageMin()));
  bool affine = true;
  for (size_t c = 0; c < xs.numChannels(); ++c)
    for (int64_t code = xq.getStorageMin(); code <= xq.getStorageMax(); ++code)
      affine &= byteOf(c, code) == uint8_t(uint8_t(code) + shift);
  Value x = input;
  auto xLevelsType =
      RankedTensorType::get(inType.getShape(), rewriter.getI8Type());
  if (!affine) {
    Value table = buildTable(
        rewriter, loc, xq, rewriter.getI8Type(), [&](size_t c, int64_t code) {
          return rewriter.getIntegerAttr(rewriter.getI8Type(),
                                         APInt(8, byteOf(c, code)));
        });
    x = buildElementwise(rewriter, loc, input, xLevelsType,
                         [&](OpBuilder &b, Location l, ValueRange args) {
                           return lookup(b, l, table, args[0], xq);
                         });
  } else if (shift != 0) {
    x = buildElementwise(
        rewriter, loc, input, xLevelsType,
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          Value code = codeOf(b, l, args[0], xq);
          Value shifted = arith::AddIOp::create(
              b, l, code,
              arith::ConstantIntOp::create(b, l, b.getI32Type(), shift));
          return arith::TruncIOp::create(b, l, b.getI8Type(), shifted);
        });
  }
  // Padding holds the (shifted) level 0.
  x = padNHWC(rewriter, loc, x, pad, padC, offset);
  // Weight levels as an s8 constant; per-channel sums for the correction.
  std::vector<int64_t> shapeW(wType.getShape().begin(), wType.getShape().end());
  std::vector<int8_t> wLevels;
  int64_t outC = wType.getDimSize(0);
  SmallVector<int64_t> sums(outC, 0);
  int64_t perChannel = wType.getNumElements() / outC;
  bool isUnsigned = wCodes.getElementType().isUnsignedInteger();
  int64_t i = 0;
  for (const APInt &v : wCodes.getValues<APInt>()) {
    int64_t code = isUnsigned ? int64_t(v.getZExtValue()) : v.getSExtValue();
    int64_t level = int64_t(ws.level(code, ws.channelOf(size_t(i), shapeW)));
    wLevels.push_back(int8_t(level));
    sums[i / perChannel] += level;
    ++i;
    if (padC && i % channels == 0) // zero weights for the padded channels
      wLevels.insert(wLevels.end(), size_t(padC), int8_t(0));
  }
  SmallVector<int64_t> wShape(wType.getShape());
  wShape[3] += padC;
  auto wLevelsType = RankedTensorType::get(wShape, rewriter.getI8Type());
  Value w = arith::ConstantOp::create(
      rewriter, loc, DenseElementsAttr::get(wLevelsType, ArrayRef(wLevels)));
  outType = RankedTensorType::get(outType.getShape(), rewriter.getI32Type());
  Value init = zeroAccumulators(rewriter, loc, outType.getShape());
  int64_t sh = strides[0], sw = strides[1];
  int64_t dh = dilations[0], dw = dilations[1];
  AffineExpr b = getAffineDimExpr(0, ctx), oy = getAffineDimExpr(1, ctx),
             ox = getAffineDimExpr(2, ctx), o = getAffineDimExpr(3, ctx),
             ky = getAffineDimExpr(4, ctx), kx = getAffineDimExpr(5, ctx),
             c = getAffineDimExpr(6, ctx);
  SmallVector<AffineMap> maps = {
      AffineMap::get(7, 0, {b, oy * sh + ky * dh, ox * sw + kx * dw, c}, ctx),
      AffineMap::get(7, 0, {o, ky, kx, c}, ctx),
      AffineMap::get(7, 0, {b, oy, ox, o}, ctx)};
  SmallVector<utils::IteratorType> iterators(4, utils::IteratorType::parallel);
  iterators.append(3, utils::IteratorType::reduction);
  auto conv = linalg::GenericOp::create(
      rewriter, loc, TypeRange{outType}, ValueRange{x, w}, ValueRange{init},
      maps, iterators, [](OpBuilder &bb, Location l, ValueRange args) {
        Value a = arith::ExtUIOp::create(bb, l, bb.getI32Type(), args[0]);
        Value v = arith::ExtSIOp::create(bb, l, bb.getI32Type(), args[1]);
        Value p = arith::MulIOp::create(bb, l, a, v);
        linalg::YieldOp::create(
            bb, l, Value(arith::AddIOp::create(bb, l, args[2], p)));
      });
  // The largest activation byte bounds the 16-bit partial sums of the AVX2
  // variant, which checks them against the weights; the channels before
  // padding are those whose weights the kernels' level counts consider.
  std::array<bool, 256> usedLevel{};
  for (auto [k, level] : llvm::enumerate(wLevels))
    if (int64_t(k) % (channels + padC) < channels)
      usedLevel[uint8_t(level)] = true;
  SmallVector<int64_t, 4> padding(pad);
  padding.resize(4, 0);
  conv->setAttr("qnn.layer",
                IntegerLayerAttr::get(
                    ctx, {sh, sw}, {dh, dw}, padding, xhi + offset, channels,
                    llvm::count(usedLevel, true), LayerKernel::Unselected));
  Value result = conv.getResult(0);
  if (offset != 0) {
    SmallVector<int32_t> corrections;
    for (int64_t s : sums)
      corrections.push_back(int32_t(offset * s));
    Value corr = arith::ConstantOp::create(
        rewriter, loc,
        DenseElementsAttr::get(
            RankedTensorType::get({outC}, rewriter.getI32Type()),
            ArrayRef(corrections)));
    result = buildElementwise(
        rewriter, loc, result, outType,
        [&](OpBuilder &bb, Location l, ValueRange args) -> Value {
          Value ch = linalg::IndexOp::create(bb, l, 3);
          Value k = tensor::ExtractOp::create(bb, l, corr, ch);
          return arith::SubIOp::create(bb, l, args[0], k);
        });
  }
  return result;
}

/// Lowers qnn.conv2d with constant weights for the x86 kernels.
LogicalResult lowerConvForVnni(Conv2DOp op, Value input,
                               ConversionPatternRewriter &rewriter) {
  // The kernels read every input channel; grouped convolutions take the
  // portable lowering.
  if (op.getGroups() != 1)
    return failure();
  DenseIntElementsAttr wCodes;
  if (!matchPattern(op.getWeight(), m_Constant(&wCodes)))
    return failure();
  FailureOr<Value> result = buildKernelConv(
      rewriter, op.getLoc(), input, op.getInput().getType(), wCodes,
      op.getWeight().getType(), op.getOutput().getType(), op.getPadding(),
      op.getStrides(), op.getDilations());
  if (failed(result))
    return failure();
  rewriter.replaceOp(op, *result);
  return success();
}

/// Lowers qnn.dense [M, K] x [N, K] with constant weights for the x86
/// kernels as the 1x1 convolution of a 1 x 1 x M x K image: rows are pixels,
/// so M rows share each weight load, and a GEMV (M = 1) splits over blocks
/// of output channels. Per-channel activations (a channel per K) have no
/// per-pixel form there and stay portable.
LogicalResult lowerDenseForVnni(DenseOp op, Value input,
                                ConversionPatternRewriter &rewriter) {
  DenseIntElementsAttr wCodes;
  auto inType = op.getInput().getType();
  auto wType = op.getWeight().getType();
  if (!matchPattern(op.getWeight(), m_Constant(&wCodes)) ||
      getQuantizedElementType(inType).getAxis() >= 0 ||
      !inType.hasStaticShape() || !wType.hasStaticShape())
    return failure();
  int64_t m = inType.getDimSize(0), k = inType.getDimSize(1),
          n = wType.getDimSize(0);
  Location loc = op.getLoc();
  auto codesType = cast<RankedTensorType>(input.getType());
  Value image = tensor::ExpandShapeOp::create(
      rewriter, loc,
      RankedTensorType::get({1, 1, m, k}, codesType.getElementType()), input,
      SmallVector<ReassociationIndices>{{0, 1, 2}, {3}});
  auto outType = RankedTensorType::get({1, 1, m, n}, rewriter.getI32Type());
  FailureOr<Value> result = buildKernelConv(
      rewriter, loc, image,
      RankedTensorType::get({1, 1, m, k}, inType.getElementType()), wCodes,
      RankedTensorType::get({n, 1, 1, k}, wType.getElementType()), outType,
      {0, 0, 0, 0}, {1, 1}, {1, 1});
  if (failed(result))
    return failure();
  rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(
      op, op.getOutput().getType(), *result,
      SmallVector<ReassociationIndices>{{0, 1, 2}, {3}});
  return success();
}

/// A layer lowering that first tries the x86 kernels' form (`vnni-conv`).
template <typename OpTy>
struct KernelAwareLowering : public OpConversionPattern<OpTy> {
  KernelAwareLowering(const TypeConverter &converter, MLIRContext *ctx,
                      PatternBenefit benefit, bool vnni)
      : OpConversionPattern<OpTy>(converter, ctx, benefit), vnni(vnni) {}
  bool vnni;
};

/// Lowers qnn.dense to level lookups and an i32 matmul over K.
struct DenseLowering : public KernelAwareLowering<DenseOp> {
  using KernelAwareLowering::KernelAwareLowering;
  LogicalResult
  matchAndRewrite(DenseOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (vnni && succeeded(lowerDenseForVnni(op, adaptor.getInput(), rewriter)))
      return success();
    Location loc = op.getLoc();
    Value a =
        buildLevels(rewriter, loc, adaptor.getInput(), op.getInput().getType());
    Value w = buildLevels(rewriter, loc, adaptor.getWeight(),
                          op.getWeight().getType(), op.getWeight());
    auto outType = op.getOutput().getType();
    Value init = zeroAccumulators(rewriter, loc, outType.getShape());
    MLIRContext *ctx = rewriter.getContext();
    AffineExpr m = getAffineDimExpr(0, ctx), n = getAffineDimExpr(1, ctx),
               k = getAffineDimExpr(2, ctx);
    SmallVector<AffineMap> maps = {AffineMap::get(3, 0, {m, k}, ctx),
                                   AffineMap::get(3, 0, {n, k}, ctx),
                                   AffineMap::get(3, 0, {m, n}, ctx)};
    auto matmul = linalg::GenericOp::create(
        rewriter, loc, TypeRange{outType}, ValueRange{a, w}, ValueRange{init},
        maps,
        {utils::IteratorType::parallel, utils::IteratorType::parallel,
         utils::IteratorType::reduction},
        [](OpBuilder &b, Location l, ValueRange args) {
          // i8 constant weight levels widen to the i32 accumulator type.
          Value weight = args[1];
          if (weight.getType() != args[0].getType())
            weight = arith::ExtSIOp::create(b, l, args[0].getType(), weight);
          Value product = arith::MulIOp::create(b, l, args[0], weight);
          linalg::YieldOp::create(
              b, l, Value(arith::AddIOp::create(b, l, args[2], product)));
        });
    rewriter.replaceOp(op, matmul.getResult(0));
    return success();
  }
};

/// Lowers qnn.conv2d to level lookups, zero padding of the levels and an
/// i32 linalg.conv_2d_nhwc_fhwc.
struct Conv2DLowering : public KernelAwareLowering<Conv2DOp> {
  using KernelAwareLowering::KernelAwareLowering;
  LogicalResult
  matchAndRewrite(Conv2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inType = op.getInput().getType();
    if (!inType.hasStaticShape() || !op.getWeight().getType().hasStaticShape())
      return rewriter.notifyMatchFailure(op, "dynamic shapes");
    if (vnni && succeeded(lowerConvForVnni(op, adaptor.getInput(), rewriter)))
      return success();
    Value x = buildLevels(rewriter, loc, adaptor.getInput(), inType);
    Value w = buildLevels(rewriter, loc, adaptor.getWeight(),
                          op.getWeight().getType(), op.getWeight());
    x = padNHWC(rewriter, loc, x, op.getPadding(), /*padC=*/0, /*value=*/0);
    auto outType = op.getOutput().getType();
    int64_t groups = op.getGroups();
    if (groups == 1) {
      Value init = zeroAccumulators(rewriter, loc, outType.getShape());
      auto conv = linalg::Conv2DNhwcFhwcOp::create(
          rewriter, loc, TypeRange{outType}, ValueRange{x, w}, ValueRange{init},
          rewriter.getI64TensorAttr(op.getStrides()),
          rewriter.getI64TensorAttr(op.getDilations()));
      rewriter.replaceOp(op, conv.getResult(0));
      return success();
    }
    // Groups: NHWC -> NHW(G, C/G), OHWI -> (G, O/G)HWI, a grouped
    // convolution, and the groups' outputs side by side again.
    auto xt = cast<RankedTensorType>(x.getType());
    auto wt = cast<RankedTensorType>(w.getType());
    ArrayRef<int64_t> xs = xt.getShape(), ws = wt.getShape(),
                      os = outType.getShape();
    int64_t cg = xs[3] / groups, og = ws[0] / groups;
    auto expand = [&](Value v, ArrayRef<int64_t> shape,
                      ArrayRef<ReassociationIndices> groupsOfDims) {
      auto type = RankedTensorType::get(
          shape, cast<RankedTensorType>(v.getType()).getElementType());
      return tensor::ExpandShapeOp::create(rewriter, loc, type, v, groupsOfDims)
          .getResult();
    };
    Value xg =
        expand(x, {xs[0], xs[1], xs[2], groups, cg}, {{0}, {1}, {2}, {3, 4}});
    Value wg =
        expand(w, {groups, og, ws[1], ws[2], ws[3]}, {{0, 1}, {2}, {3}, {4}});
    SmallVector<int64_t> gShape = {os[0], os[1], os[2], groups, og};
    Value init = zeroAccumulators(rewriter, loc, gShape);
    Value conv =
        linalg::Conv2DNhwgcGfhwcOp::create(
            rewriter, loc, TypeRange{init.getType()}, ValueRange{xg, wg},
            ValueRange{init}, rewriter.getI64TensorAttr(op.getStrides()),
            rewriter.getI64TensorAttr(op.getDilations()))
            .getResult(0);
    rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(
        op, outType, conv,
        ArrayRef<ReassociationIndices>{{0}, {1}, {2}, {3, 4}});
    return success();
  }
};

/// Lowers qnn.max_pool2d to linalg max pooling of the i8 code bits (signed
/// or unsigned), padded with the smallest code (which never wins).
struct MaxPool2DLowering : public OpConversionPattern<MaxPool2DOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MaxPool2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inType = op.getInput().getType();
    if (!inType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "dynamic shapes");
    QuantizedTypeInterface quant = getQuantizedElementType(inType);
    // Levels are increasing in the code, so the largest code is the largest
    // level: pool the i8 code bits directly, as signed or unsigned bytes,
    // with the smallest code as padding.
    Type i8 = rewriter.getI8Type();
    Value x = padNHWC(rewriter, loc, adaptor.getInput(), op.getPadding(),
                      /*padC=*/0, quant.getStorageMin());
    auto codeType =
        RankedTensorType::get(op.getOutput().getType().getShape(), i8);
    Value init =
        tensor::EmptyOp::create(rewriter, loc, codeType.getShape(), i8);
    Value lowest =
        arith::ConstantIntOp::create(rewriter, loc, i8, quant.getStorageMin());
    init = linalg::FillOp::create(rewriter, loc, lowest, init).getResult(0);
    Value window = tensor::EmptyOp::create(rewriter, loc, op.getKernel(), i8);
    auto strides = rewriter.getI64TensorAttr(op.getStrides());
    auto dilations = rewriter.getI64TensorAttr({1, 1});
    Value pooled =
        quant.isSigned()
            ? linalg::PoolingNhwcMaxOp::create(
                  rewriter, loc, TypeRange{codeType}, ValueRange{x, window},
                  ValueRange{init}, strides, dilations)
                  .getResult(0)
            : linalg::PoolingNhwcMaxUnsignedOp::create(
                  rewriter, loc, TypeRange{codeType}, ValueRange{x, window},
                  ValueRange{init}, strides, dilations)
                  .getResult(0);
    rewriter.replaceOp(op, pooled);
    return success();
  }
};

/// Lowers qnn.storage_cast between i8 code bits and iN storage integers.
struct StorageCastLowering : public OpConversionPattern<StorageCastOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(StorageCastOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto inQuant = getQuantizedElementType(op.getInput().getType());
    auto outType = cast<RankedTensorType>(
        getTypeConverter()->convertType(op.getOutput().getType()));
    Value in = adaptor.getInput();
    auto inType = cast<RankedTensorType>(in.getType());
    unsigned from = inType.getElementType().getIntOrFloatBitWidth();
    unsigned to = outType.getElementType().getIntOrFloatBitWidth();
    QuantizedTypeInterface quant =
        inQuant ? inQuant : getQuantizedElementType(op.getOutput().getType());
    Value result = in;
    if (to < from)
      result = arith::TruncIOp::create(rewriter, op.getLoc(), outType, in);
    else if (to > from && quant.isSigned())
      result = arith::ExtSIOp::create(rewriter, op.getLoc(), outType, in);
    else if (to > from)
      result = arith::ExtUIOp::create(rewriter, op.getLoc(), outType, in);
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct ConvertQNNToLinalgPass
    : public mlir::qnn::impl::ConvertQNNToLinalgBase<ConvertQNNToLinalgPass> {
  using ConvertQNNToLinalgBase::ConvertQNNToLinalgBase;
  void runOnOperation() override {
    Operation *root = getOperation();
    bool failed = false;
    root->walk([&](Operation *op) {
      if (isa<PactOp, SawbOp, ApotOp, HwgqOp, LearnedLevelsOp, SlbOp, BinaryOp,
              TernaryOp>(op)) {
        op->emitOpError("is a scheme quantizer: run qnn-legalize-quantizers "
                        "before convert-qnn-to-linalg");
        failed = true;
      } else if (isa<PackOp, UnpackOp>(op)) {
        op->emitOpError("has no portable lowering yet (packed layouts are "
                        "lowered by the vectorized CPU targets)");
        failed = true;
      }
    });
    if (failed)
      return signalPassFailure();
    QNNToLinalgTypeConverter typeConverter;
    RewritePatternSet patterns(&getContext());
    // Layers take the kernels' form when asked, or when the module's target
    // has kernels for them.
    TargetAttr machine = TargetAttr::lookup(root);
    populateQNNToLinalgConversionPatterns(
        typeConverter, patterns,
        vnniConv || (machine && machine.hasLayerKernels()));
    ConversionTarget target(getContext());
    markLegalWhenTypesAre(target, typeConverter);
    target.addIllegalDialect<QNNDialect>();
    if (mlir::failed(
            applyRepresentationConversion(root, target, std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void mlir::qnn::populateQNNToLinalgConversionPatterns(
    TypeConverter &typeConverter, RewritePatternSet &patterns, bool vnniConv) {
  patterns.add<Conv2DLowering, DenseLowering>(
      typeConverter, patterns.getContext(), /*benefit=*/2, vnniConv);
  patterns.add<ConstantLowering, DequantizeLowering, MultiThresholdLowering,
               QuantizeLowering, RescaleLowering, MaxPool2DLowering,
               StorageCastLowering>(typeConverter, patterns.getContext(),
                                    /*benefit=*/2);
  populateRetypingPatterns(typeConverter, patterns);
}
