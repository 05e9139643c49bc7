//===- Normalization.cpp - ONNX normalizations, reductions, Softmax -------===//
//
// The reductions (ReduceSum ... ReduceLogSumExp), the normalizations
// (BatchNormalization, LayerNormalization, InstanceNormalization,
// GroupNormalization, RMSNormalization, MeanVarianceNormalization, LRN),
// Softmax, LogSoftmax and Hardmax, ArgMax / ArgMin, TopK, CumSum and the two
// losses (NegativeLogLikelihoodLoss, SoftmaxCrossEntropyLoss).
//
// Reductions are linalg.generic ops over the reduced dimensions, for every
// element type ONNX allows; f16 and bf16 accumulate in f32, and every
// statistic is computed in two passes (the variance is the mean of squared
// deviations). BatchNormalization with constant f32 statistics stays a TOSA
// multiply and add per channel, which qnn-fuse-epilogues folds into a
// quantized layer's thresholds.
//
//===----------------------------------------------------------------------===//

#include "Common.h"
#include "PopulateHandlers.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "llvm/ADT/StringSwitch.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::onnx_to_qnn;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

//===----------------------------------------------------------------------===//
// Element types and scalars
//===----------------------------------------------------------------------===//

/// The type arithmetic on `element` runs in: f32 for f16 and bf16 (libm has
/// no half-precision functions, and every step would round), the type itself
/// otherwise.
Type computeType(Type element) {
  if (isa<FloatType>(element) && element.getIntOrFloatBitWidth() < 32)
    return Float32Type::get(element.getContext());
  return element;
}

/// `value` as an attribute of `element` (small integers for integer types).
TypedAttr attrOf(Builder &b, Type element, double value) {
  if (auto f = dyn_cast<FloatType>(element))
    return b.getFloatAttr(f, value);
  unsigned w = element.getIntOrFloatBitWidth();
  return b.getIntegerAttr(element, APInt(w, uint64_t(int64_t(value)),
                                         /*isSigned=*/true,
                                         /*implicitTrunc=*/true));
}

/// The largest (or smallest) value of `element`: +-inf for floats, the
/// integer extremes (unsigned ones when `isUnsigned`), true / false for bool.
TypedAttr extremeAttr(Builder &b, Type element, bool largest, bool isUnsigned) {
  if (auto f = dyn_cast<FloatType>(element))
    return b.getFloatAttr(f, largest ? kInf : -kInf);
  unsigned w = element.getIntOrFloatBitWidth();
  APInt v = isUnsigned || w == 1
                ? (largest ? APInt::getMaxValue(w) : APInt::getMinValue(w))
                : (largest ? APInt::getSignedMaxValue(w)
                           : APInt::getSignedMinValue(w));
  return b.getIntegerAttr(element, v);
}

Value add(OpBuilder &b, Location loc, Value x, Value y) {
  if (isa<FloatType>(x.getType()))
    return arith::AddFOp::create(b, loc, x, y);
  return arith::AddIOp::create(b, loc, x, y);
}

Value mul(OpBuilder &b, Location loc, Value x, Value y) {
  if (isa<FloatType>(x.getType()))
    return arith::MulFOp::create(b, loc, x, y);
  return arith::MulIOp::create(b, loc, x, y);
}

/// Whether a float is NaN.
Value isNaN(OpBuilder &b, Location loc, Value x) {
  return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, x, x);
}

/// A float converted to an integer type, truncated toward zero and
/// saturated (NaN gives 0): no poison from out-of-range conversions.
Value floatToIntSaturating(OpBuilder &b, Location loc, Value v, IntegerType to,
                           bool isUnsigned) {
  Type f = v.getType();
  unsigned w = to.getWidth();
  double lo = isUnsigned ? 0.0 : -std::ldexp(1.0, int(w) - 1);
  double hi = std::ldexp(1.0, isUnsigned ? int(w) : int(w) - 1);
  Value tooBig = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGE, v,
                                       scalar(b, loc, f, hi));
  Value tooSmall = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, v,
                                         scalar(b, loc, f, lo));
  Value bad = arith::OrIOp::create(
      b, loc, arith::OrIOp::create(b, loc, tooBig, tooSmall), isNaN(b, loc, v));
  Value safe = arith::SelectOp::create(b, loc, bad, scalar(b, loc, f, 0.0), v);
  Value i = isUnsigned ? Value(arith::FPToUIOp::create(b, loc, to, safe))
                       : Value(arith::FPToSIOp::create(b, loc, to, safe));
  Value max = arith::ConstantOp::create(
      b, loc, extremeAttr(b, to, /*largest=*/true, isUnsigned));
  Value min = arith::ConstantOp::create(
      b, loc, extremeAttr(b, to, /*largest=*/false, isUnsigned));
  i = arith::SelectOp::create(b, loc, tooBig, max, i);
  return arith::SelectOp::create(b, loc, tooSmall, min, i);
}

/// `v` (of a compute type) converted to the result element type: floats
/// rounded, floats to integers saturated.
Value toResult(OpBuilder &b, Location loc, Value v, Type element,
               bool isUnsigned) {
  if (v.getType() == element)
    return v;
  if (isa<FloatType>(v.getType()) && isa<IntegerType>(element))
    return floatToIntSaturating(b, loc, v, cast<IntegerType>(element),
                                isUnsigned);
  return convertScalar(b, loc, v, element, isUnsigned, isUnsigned);
}

/// "float types" check for the operators defined on them only.
LogicalResult requireFloat(NodeBinder &n, unsigned i) {
  Type t = n.onnxElementType(i);
  if (!t || isa<FloatType>(t))
    return success();
  return n.error() << "input " << i << " of type " << t
                   << " is not supported (float types are)";
}

//===----------------------------------------------------------------------===//
// Reductions in linalg
//===----------------------------------------------------------------------===//

/// The new accumulators from one element of each input and the accumulators.
using ReduceBody = function_ref<SmallVector<Value>(
    OpBuilder &, Location, ValueRange inputs, ValueRange accumulators)>;

/// `shape` with size 1 at the reduced dimensions.
SmallVector<int64_t> keptShape(ArrayRef<int64_t> shape,
                               ArrayRef<bool> reduced) {
  SmallVector<int64_t> out(shape);
  for (auto [d, r] : llvm::enumerate(reduced))
    if (r)
      out[d] = 1;
  return out;
}

/// `shape` without the reduced dimensions.
SmallVector<int64_t> droppedShape(ArrayRef<int64_t> shape,
                                  ArrayRef<bool> reduced) {
  SmallVector<int64_t> out;
  for (auto [d, r] : llvm::enumerate(reduced))
    if (!r)
      out.push_back(shape[d]);
  return out;
}

/// The number of elements each reduction combines.
int64_t reducedCount(ArrayRef<int64_t> shape, ArrayRef<bool> reduced) {
  int64_t count = 1;
  for (auto [d, r] : llvm::enumerate(reduced))
    if (r)
      count *= shape[d];
  return count;
}

/// A linalg.generic over the iteration space `shape` that reduces the
/// dimensions marked in `reduced`: input i is read through `inputMaps[i]`,
/// accumulator i starts at `inits[i]` and has `shape` without the reduced
/// dimensions. The body may read the iteration indices (linalg.index).
SmallVector<Value> reduceWithMaps(ImplicitLocOpBuilder &b, ValueRange inputs,
                                  ArrayRef<AffineMap> inputMaps,
                                  ArrayRef<int64_t> shape,
                                  ArrayRef<bool> reduced,
                                  ArrayRef<TypedAttr> inits, ReduceBody body) {
  MLIRContext *ctx = b.getContext();
  const int64_t rank = int64_t(shape.size());
  SmallVector<AffineExpr> outExprs;
  SmallVector<utils::IteratorType> iterators;
  for (int64_t d = 0; d < rank; ++d) {
    iterators.push_back(reduced[d] ? utils::IteratorType::reduction
                                   : utils::IteratorType::parallel);
    if (!reduced[d])
      outExprs.push_back(getAffineDimExpr(unsigned(d), ctx));
  }
  SmallVector<int64_t> outShape = droppedShape(shape, reduced);
  SmallVector<AffineMap> maps(inputMaps);
  SmallVector<Value> outs;
  SmallVector<Type> types;
  for (TypedAttr init : inits) {
    Value empty = tensor::EmptyOp::create(b, outShape, init.getType());
    Value c = arith::ConstantOp::create(b, init);
    outs.push_back(linalg::FillOp::create(b, c, empty).getResult(0));
    types.push_back(outs.back().getType());
    maps.push_back(AffineMap::get(unsigned(rank), 0, outExprs, ctx));
  }
  auto generic = linalg::GenericOp::create(
      b, types, inputs, outs, maps, iterators,
      [&](OpBuilder &nb, Location loc, ValueRange args) {
        SmallVector<Value> next = body(nb, loc, args.take_front(inputs.size()),
                                       args.drop_front(inputs.size()));
        linalg::YieldOp::create(nb, loc, next);
      });
  return SmallVector<Value>(generic.getResults());
}

/// reduceWithMaps with the inputs broadcast over `shape`.
SmallVector<Value> reduce(ImplicitLocOpBuilder &b, ValueRange inputs,
                          ArrayRef<int64_t> shape, ArrayRef<bool> reduced,
                          ArrayRef<TypedAttr> inits, ReduceBody body) {
  return reduceWithMaps(b, inputs, broadcastMaps(b.getContext(), inputs, shape),
                        shape, reduced, inits, body);
}

/// The sum, in `ct`, of `fn(element)` over the reduced dimensions (which
/// the result drops). Sums start at -0.0, the identity of float addition.
Value sumOf(ImplicitLocOpBuilder &b, ValueRange inputs, ArrayRef<int64_t> shape,
            ArrayRef<bool> reduced, Type ct,
            function_ref<Value(OpBuilder &, Location, ValueRange)> fn) {
  TypedAttr zero = isa<FloatType>(ct) ? TypedAttr(b.getFloatAttr(ct, -0.0))
                                      : attrOf(b, ct, 0);
  Value s = reduce(b, inputs, shape, reduced, {zero},
                   [&](OpBuilder &nb, Location loc, ValueRange in,
                       ValueRange acc) -> SmallVector<Value> {
                     return {add(nb, loc, acc[0], fn(nb, loc, in))};
                   })[0];
  return s;
}

/// The mean and the biased variance of `x` over the reduced dimensions, in
/// the float type `ct`, each in the kept shape. Two passes: the variance is
/// the mean of squared deviations (E[x^2] - E[x]^2 cancels).
std::pair<Value, Value> moments(ImplicitLocOpBuilder &b, Value x,
                                ArrayRef<bool> reduced, Type ct) {
  ArrayRef<int64_t> shape = NodeBinder::typeOf(x).getShape();
  SmallVector<int64_t> kept = keptShape(shape, reduced);
  double count = double(reducedCount(shape, reduced));
  auto byCount = [&](Value s) {
    return reshape(
        b,
        elementwise(b, s, droppedShape(shape, reduced), ct,
                    [&](OpBuilder &nb, Location loc, ValueRange v) {
                      return Value(arith::DivFOp::create(
                          nb, loc, v[0], scalar(nb, loc, ct, count)));
                    }),
        kept);
  };
  Value mean = byCount(sumOf(b, x, shape, reduced, ct,
                             [&](OpBuilder &nb, Location loc, ValueRange v) {
                               return convertScalar(nb, loc, v[0], ct, false);
                             }));
  Value var = byCount(
      sumOf(b, {x, mean}, shape, reduced, ct,
            [&](OpBuilder &nb, Location loc, ValueRange v) -> Value {
              Value d = arith::SubFOp::create(
                  nb, loc, convertScalar(nb, loc, v[0], ct, false), v[1]);
              return arith::MulFOp::create(nb, loc, d, d);
            }));
  return {mean, var};
}

/// 1 / sqrt(var + epsilon), elementwise in var's type.
Value invStdDev(ImplicitLocOpBuilder &b, Value var, double epsilon) {
  auto t = NodeBinder::typeOf(var);
  Type ct = t.getElementType();
  return elementwise(
      b, var, t.getShape(), ct,
      [&](OpBuilder &nb, Location loc, ValueRange v) -> Value {
        Value s = math::SqrtOp::create(
            nb, loc,
            arith::AddFOp::create(nb, loc, v[0], scalar(nb, loc, ct, epsilon)));
        return arith::DivFOp::create(nb, loc, scalar(nb, loc, ct, 1.0), s);
      });
}

/// Reads the reduced dimensions from `axes` (empty: all of them, or none when
/// `noopWhenEmpty`); an error for an axis out of range or given twice.
FailureOr<SmallVector<bool>> reducedDims(NodeBinder &n, ArrayRef<int64_t> axes,
                                         int64_t rank, bool noopWhenEmpty) {
  SmallVector<bool> reduced(rank, axes.empty() && !noopWhenEmpty);
  for (int64_t a : axes) {
    std::optional<int64_t> d = normalizeAxis(a, rank);
    if (!d)
      return n.error() << "axis " << a << " is out of range for rank " << rank;
    if (reduced[*d])
      return n.error() << "axis " << a << " is given twice";
    reduced[*d] = true;
  }
  return reduced;
}

//===----------------------------------------------------------------------===//
// ReduceSum, ReduceMean, ... ReduceLogSumExp
//===----------------------------------------------------------------------===//

enum class Reduction {
  Sum,
  SumSquare,
  Mean,
  Prod,
  Max,
  Min,
  L1,
  L2,
  LogSum,
  LogSumExp
};

Reduction reductionOf(StringRef op) {
  return llvm::StringSwitch<Reduction>(op)
      .Case("ReduceSum", Reduction::Sum)
      .Case("ReduceSumSquare", Reduction::SumSquare)
      .Case("ReduceMean", Reduction::Mean)
      .Case("ReduceProd", Reduction::Prod)
      .Case("ReduceMax", Reduction::Max)
      .Case("ReduceMin", Reduction::Min)
      .Case("ReduceL1", Reduction::L1)
      .Case("ReduceL2", Reduction::L2)
      .Case("ReduceLogSum", Reduction::LogSum)
      .Default(Reduction::LogSumExp);
}

/// The result of a reduction over no elements (the ONNX reference's):
/// 0 for sums, 1 for products, the type's lowest (highest) value for Max
/// (Min), -inf for the logarithms (the lowest integer for integer types),
/// NaN for the float mean (0 / 0) and 0 for the integer one.
TypedAttr emptyReduction(Builder &b, Reduction kind, Type element,
                         bool isUnsigned) {
  bool isFloat = isa<FloatType>(element);
  switch (kind) {
  case Reduction::Prod:
    return attrOf(b, element, 1);
  case Reduction::Max:
    return extremeAttr(b, element, /*largest=*/false, isUnsigned);
  case Reduction::Min:
    return extremeAttr(b, element, /*largest=*/true, isUnsigned);
  case Reduction::LogSum:
  case Reduction::LogSumExp:
    return extremeAttr(b, element, /*largest=*/false, isUnsigned);
  case Reduction::Mean:
    return isFloat ? attrOf(b, element, std::nan("")) : attrOf(b, element, 0);
  default:
    return attrOf(b, element, 0);
  }
}

LogicalResult convertReduce(NodeBinder &n) {
  Reduction kind = reductionOf(n.opType());
  // The axes became an input in ReduceSum-13 and in the others' 18, with
  // noop_with_empty_axes.
  bool axesInput = n.since() >= (kind == Reduction::Sum ? 13 : 18);
  bool keepdims = n.i64("keepdims", 1) != 0;
  bool noop = axesInput && n.i64("noop_with_empty_axes", 0) != 0;
  SmallVector<int64_t> axes;
  if (axesInput) {
    if (n.has(1)) {
      FailureOr<SmallVector<int64_t>> a = n.constantInts(1, "axes");
      if (failed(a))
        return failure();
      axes = *a;
    }
  } else {
    axes = n.i64s("axes");
  }
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  auto xt = NodeBinder::typeOf(*x);
  Type element = xt.getElementType();
  bool isUnsigned = n.isUnsigned(0);
  bool isFloat = isa<FloatType>(element);
  if (element.isInteger(1) && kind != Reduction::Max && kind != Reduction::Min)
    return n.error() << "input of type bool is not supported (ReduceMax and "
                        "ReduceMin reduce bool)";
  int64_t rank = xt.getRank();
  FailureOr<SmallVector<bool>> reduced = reducedDims(n, axes, rank, noop);
  if (failed(reduced))
    return failure();
  ArrayRef<int64_t> shape = xt.getShape();
  SmallVector<int64_t> kept = keptShape(shape, *reduced);
  SmallVector<int64_t> dropped = droppedShape(shape, *reduced);
  SmallVector<int64_t> outShape = keepdims ? kept : dropped;
  ImplicitLocOpBuilder &b = n.b;
  if (xt.getNumElements() == 0) {
    auto outType = RankedTensorType::get(outShape, element);
    return n.output(
        0, arith::ConstantOp::create(
               b, DenseElementsAttr::get(
                      outType, emptyReduction(b, kind, element, isUnsigned))));
  }
  // Integers accumulate in their own type (wrapping, as NumPy with the
  // input's dtype), except under the square root and the logarithms.
  bool viaFloat = kind == Reduction::L2 || kind == Reduction::LogSum ||
                  kind == Reduction::LogSumExp;
  Type ct = isFloat    ? computeType(element)
            : viaFloat ? Type(b.getF64Type())
                       : element;
  auto in = [&](OpBuilder &nb, Location loc, Value v) {
    return convertScalar(nb, loc, v, ct, isUnsigned);
  };
  Value result; // in ct, of the dropped shape
  switch (kind) {
  case Reduction::Max:
  case Reduction::Min: {
    bool isMax = kind == Reduction::Max;
    result = reduce(
        b, *x, shape, *reduced, {extremeAttr(b, ct, !isMax, isUnsigned)},
        [&](OpBuilder &nb, Location loc, ValueRange v,
            ValueRange acc) -> SmallVector<Value> {
          Value e = in(nb, loc, v[0]);
          Value a = acc[0];
          if (isa<FloatType>(ct)) // NaN propagates
            return {isMax ? Value(arith::MaximumFOp::create(nb, loc, a, e))
                          : Value(arith::MinimumFOp::create(nb, loc, a, e))};
          if (ct.isInteger(1))
            return {isMax ? Value(arith::OrIOp::create(nb, loc, a, e))
                          : Value(arith::AndIOp::create(nb, loc, a, e))};
          if (isUnsigned)
            return {isMax ? Value(arith::MaxUIOp::create(nb, loc, a, e))
                          : Value(arith::MinUIOp::create(nb, loc, a, e))};
          return {isMax ? Value(arith::MaxSIOp::create(nb, loc, a, e))
                        : Value(arith::MinSIOp::create(nb, loc, a, e))};
        })[0];
    break;
  }
  case Reduction::Prod:
    result = reduce(b, *x, shape, *reduced, {attrOf(b, ct, 1)},
                    [&](OpBuilder &nb, Location loc, ValueRange v,
                        ValueRange acc) -> SmallVector<Value> {
                      return {mul(nb, loc, acc[0], in(nb, loc, v[0]))};
                    })[0];
    break;
  case Reduction::LogSumExp: {
    // log(sum(exp(x - m))) + m with m the maximum where it is finite (all
    // -inf gives -inf, a +inf gives +inf, NaN propagates).
    Value m = reduce(b, *x, shape, *reduced, {extremeAttr(b, ct, false, false)},
                     [&](OpBuilder &nb, Location loc, ValueRange v,
                         ValueRange acc) -> SmallVector<Value> {
                       return {arith::MaximumFOp::create(nb, loc, acc[0],
                                                         in(nb, loc, v[0]))};
                     })[0];
    Value shift = elementwise(
        b, m, dropped, ct, [&](OpBuilder &nb, Location loc, ValueRange v) {
          Value finite = arith::CmpFOp::create(
              nb, loc, arith::CmpFPredicate::OLT,
              math::AbsFOp::create(nb, loc, v[0]), scalar(nb, loc, ct, kInf));
          return Value(arith::SelectOp::create(nb, loc, finite, v[0],
                                               scalar(nb, loc, ct, 0.0)));
        });
    Value s = sumOf(
        b, {*x, reshape(b, shift, kept)}, shape, *reduced, ct,
        [&](OpBuilder &nb, Location loc, ValueRange v) -> Value {
          return math::ExpOp::create(
              nb, loc, arith::SubFOp::create(nb, loc, in(nb, loc, v[0]), v[1]));
        });
    result =
        elementwise(b, {s, shift}, dropped, ct,
                    [&](OpBuilder &nb, Location loc, ValueRange v) {
                      return Value(arith::AddFOp::create(
                          nb, loc, math::LogOp::create(nb, loc, v[0]), v[1]));
                    });
    break;
  }
  default: {
    Value s = sumOf(b, *x, shape, *reduced, ct,
                    [&](OpBuilder &nb, Location loc, ValueRange v) -> Value {
                      Value e = in(nb, loc, v[0]);
                      switch (kind) {
                      case Reduction::SumSquare:
                      case Reduction::L2:
                        return mul(nb, loc, e, e);
                      case Reduction::L1:
                        if (isa<FloatType>(ct))
                          return math::AbsFOp::create(nb, loc, e);
                        return isUnsigned
                                   ? e
                                   : Value(math::AbsIOp::create(nb, loc, e));
                      default:
                        return e;
                      }
                    });
    int64_t count = reducedCount(shape, *reduced);
    if (kind == Reduction::Sum || kind == Reduction::SumSquare ||
        kind == Reduction::L1) {
      result = s;
      break;
    }
    result = elementwise(
        b, s, dropped, ct,
        [&](OpBuilder &nb, Location loc, ValueRange v) -> Value {
          switch (kind) {
          case Reduction::L2:
            return math::SqrtOp::create(nb, loc, v[0]);
          case Reduction::LogSum:
            return math::LogOp::create(nb, loc, v[0]);
          case Reduction::Mean: {
            if (isa<FloatType>(ct))
              return arith::DivFOp::create(nb, loc, v[0],
                                           scalar(nb, loc, ct, double(count)));
            // In i64: the count may not fit the element type; it is at
            // least 1 (empty inputs were handled above).
            Type i64 = nb.getI64Type();
            Value wide = convertScalar(nb, loc, v[0], i64, isUnsigned);
            Value c = scalar(nb, loc, i64, double(count));
            Value q = isUnsigned
                          ? Value(arith::DivUIOp::create(nb, loc, wide, c))
                          : Value(arith::DivSIOp::create(nb, loc, wide, c));
            return convertScalar(nb, loc, q, ct, false);
          }
          default:
            return v[0];
          }
        });
    break;
  }
  }
  if (ct != element)
    result = elementwise(b, result, dropped, element,
                         [&](OpBuilder &nb, Location loc, ValueRange v) {
                           return toResult(nb, loc, v[0], element, isUnsigned);
                         });
  return n.output(0, reshape(b, result, outShape));
}

//===----------------------------------------------------------------------===//
// Normalizations
//===----------------------------------------------------------------------===//

Value mulShift(ImplicitLocOpBuilder &b) {
  return splat(b, RankedTensorType::get({1}, b.getI8Type()), 0);
}

/// `p` (one value per channel) shaped to broadcast along dimension 1 of a
/// rank-`rank` tensor.
Value perChannel(ImplicitLocOpBuilder &b, Value p, int64_t rank) {
  SmallVector<int64_t> shape(rank, 1);
  shape[1] = NodeBinder::typeOf(p).getNumElements();
  return reshape(b, p, shape);
}

} // namespace

FailureOr<Value> mlir::qnn::onnx_to_qnn::buildBatchNorm(NodeBinder &n,
                                                        Value x) {
  n.ignore("consumed_inputs");
  if (n.since() < 7)
    if (n.i64("is_test", 0) == 0 && n.outputUsed(1))
      return n.error() << "training (is_test = 0) is not supported";
  if (n.since() < 9 && n.i64("spatial", 1) != 1)
    return n.error() << "spatial = 0 (per-activation statistics) is not "
                        "supported";
  bool training = n.since() >= 14 && n.i64("training_mode", 0) != 0;
  float momentum = n.f32("momentum", 0.9f);
  float epsilon = n.f32("epsilon", 1e-5f);
  if (!training)
    for (unsigned i = 1; i < n.numOutputs(); ++i)
      if (n.outputUsed(i))
        return n.error()
               << "training outputs (running mean and variance) "
                  "are supported with training_mode = 1 (opset 14) only";
  for (unsigned i = 0; i <= 4; ++i)
    if (failed(requireFloat(n, i)))
      return failure();
  auto xt = NodeBinder::typeOf(x);
  Type element = xt.getElementType();
  Type ct = computeType(element);
  int64_t rank = xt.getRank();
  if (rank < 2)
    return n.error() << "input must have a channel dimension";
  int64_t channels = xt.getDimSize(1);
  SmallVector<Value> params;
  for (unsigned i = 1; i <= 4; ++i) {
    FailureOr<Value> p = n.input(i);
    if (failed(p))
      return failure();
    if (NodeBinder::typeOf(*p).getNumElements() != channels ||
        NodeBinder::typeOf(*p).getRank() != 1)
      return n.error() << "scale, B, mean and var must have one value per "
                          "channel ("
                       << channels << ")";
    params.push_back(*p);
  }
  ImplicitLocOpBuilder &b = n.b;
  SmallVector<int64_t> shape(rank, 1);
  shape[1] = channels;
  if (training) {
    // The batch's statistics (over every dimension but the channels)
    // normalize; the running ones are updated with the momentum.
    SmallVector<bool> reduced(rank, true);
    reduced[1] = false;
    auto [mean, var] = moments(b, x, reduced, ct);
    Value inv = invStdDev(b, var, epsilon);
    Value y = elementwise(
        b,
        {x, mean, inv, perChannel(b, params[0], rank),
         perChannel(b, params[1], rank)},
        xt.getShape(), element,
        [&](OpBuilder &nb, Location loc, ValueRange v) -> Value {
          auto c = [&](Value s) {
            return convertScalar(nb, loc, s, ct, false);
          };
          Value d = arith::SubFOp::create(nb, loc, c(v[0]), v[1]);
          Value r = arith::AddFOp::create(
              nb, loc,
              arith::MulFOp::create(
                  nb, loc, arith::MulFOp::create(nb, loc, d, v[2]), c(v[3])),
              c(v[4]));
          return convertScalar(nb, loc, r, element, false);
        });
    for (unsigned i = 1; i <= 2; ++i) {
      Value running = params[i + 1];
      Type re = NodeBinder::typeOf(running).getElementType();
      Value batch = reshape(b, i == 1 ? mean : var, {channels});
      Value updated = elementwise(
          b, {running, batch}, {channels}, re,
          [&](OpBuilder &nb, Location loc, ValueRange v) -> Value {
            Value r = convertScalar(nb, loc, v[0], ct, false);
            Value u = arith::AddFOp::create(
                nb, loc,
                arith::MulFOp::create(nb, loc, r,
                                      scalar(nb, loc, ct, momentum)),
                arith::MulFOp::create(nb, loc, v[1],
                                      scalar(nb, loc, ct, 1.0 - momentum)));
            return convertScalar(nb, loc, u, re, false);
          });
      if (failed(n.output(i, updated)))
        return failure();
    }
    return y;
  }
  // Constant statistics: a = scale / sqrt(var + epsilon), c = B - mean * a
  // in double, each rounded once.
  SmallVector<std::optional<SmallVector<double>>> consts;
  for (unsigned i = 1; i <= 4; ++i) {
    ElementsAttr c = n.constant(i);
    consts.push_back(c ? readDoubles(c, false) : std::nullopt);
  }
  if (llvm::all_of(consts, [](auto &c) { return c.has_value(); })) {
    SmallVector<double> as, cs;
    for (int64_t c = 0; c < channels; ++c) {
      double a = (*consts[0])[c] / std::sqrt((*consts[3])[c] + epsilon);
      if (ct.isF32())
        a = double(float(a));
      as.push_back(a);
      cs.push_back((*consts[1])[c] - (*consts[2])[c] * a);
    }
    auto pType = RankedTensorType::get(shape, ct);
    Value av = constantOf(b, pType, as), cv = constantOf(b, pType, cs);
    if (element.isF32()) {
      Value scaled = tosa::MulOp::create(b, xt, x, av, mulShift(b));
      return Value(tosa::AddOp::create(b, xt, scaled, cv));
    }
    Value y = elementwise(
        b, {x, av, cv}, xt.getShape(), element,
        [&](OpBuilder &nb, Location loc, ValueRange v) {
          Value r = arith::AddFOp::create(
              nb, loc,
              arith::MulFOp::create(
                  nb, loc, convertScalar(nb, loc, v[0], ct, false), v[1]),
              v[2]);
          return convertScalar(nb, loc, r, element, false);
        });
    return y;
  }
  // Run-time statistics: (x - mean) / sqrt(var + epsilon) * scale + B.
  SmallVector<Value> ins = {x};
  for (Value p : params)
    ins.push_back(reshape(b, p, shape));
  Value y = elementwise(
      b, ins, xt.getShape(), element,
      [&](OpBuilder &nb, Location loc, ValueRange v) -> Value {
        auto c = [&](Value s) { return convertScalar(nb, loc, s, ct, false); };
        Value centered = arith::SubFOp::create(nb, loc, c(v[0]), c(v[3]));
        Value denom = math::SqrtOp::create(
            nb, loc,
            arith::AddFOp::create(nb, loc, c(v[4]),
                                  scalar(nb, loc, ct, epsilon)));
        Value normalized = arith::DivFOp::create(nb, loc, centered, denom);
        Value r = arith::AddFOp::create(
            nb, loc, arith::MulFOp::create(nb, loc, normalized, c(v[1])),
            c(v[2]));
        return convertScalar(nb, loc, r, element, false);
      });
  return y;
}

namespace {

LogicalResult convertBatchNorm(NodeBinder &n) {
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  FailureOr<Value> y = buildBatchNorm(n, *x);
  if (failed(y))
    return failure();
  return n.output(0, *y);
}

/// Reads stash_type, which must be 1 (float): the precision of the
/// statistics.
LogicalResult readStashType(NodeBinder &n) {
  int64_t stash = n.i64("stash_type", 1);
  if (stash != 1)
    return n.error() << "stash_type = " << stash
                     << " is not supported (1, float, is)";
  return success();
}

/// The type of the statistics of stash_type 1 (float): f32, or f64 for
/// f64 inputs (no precision is lost to the stash type).
Type statsType(Type element) {
  return element.isF64() ? element : Float32Type::get(element.getContext());
}

/// A parameter that must broadcast (unidirectionally) to `shape`.
LogicalResult requireBroadcastsTo(NodeBinder &n, Value p, StringRef what,
                                  ArrayRef<int64_t> shape) {
  ArrayRef<int64_t> ps = NodeBinder::typeOf(p).getShape();
  std::optional<SmallVector<int64_t>> s = broadcastShapes({shape, ps});
  if (!s || ArrayRef<int64_t>(*s) != shape)
    return n.error() << what << " of shape [" << ps
                     << "] does not broadcast to the input's [" << shape << "]";
  return success();
}

/// LayerNormalization (17) and RMSNormalization (23): statistics over the
/// dimensions from `axis` on, in f32 (stash_type 1; f64 inputs keep f64, as
/// the ONNX reference computes them); the normalized input is rounded to X's
/// type, then scaled (and shifted).
LogicalResult convertLayerNorm(NodeBinder &n) {
  bool rms = n.opType() == "RMSNormalization";
  int64_t axisAttr = n.i64("axis", -1);
  float epsilon = n.f32("epsilon", 1e-5f);
  if (failed(readStashType(n)))
    return failure();
  FailureOr<Value> x = n.input(0), scale = n.input(1);
  if (failed(x) || failed(scale))
    return failure();
  Value bias = rms ? Value() : n.optionalInput(2);
  for (unsigned i = 0; i < 3; ++i)
    if (failed(requireFloat(n, i)))
      return failure();
  auto xt = NodeBinder::typeOf(*x);
  Type element = xt.getElementType();
  int64_t rank = xt.getRank();
  std::optional<int64_t> axis = normalizeAxis(axisAttr, rank);
  if (!axis)
    return n.error() << "axis " << axisAttr << " is out of range for rank "
                     << rank;
  ArrayRef<int64_t> shape = xt.getShape();
  if (failed(requireBroadcastsTo(n, *scale, "scale", shape)) ||
      (bias && failed(requireBroadcastsTo(n, bias, "B", shape))))
    return failure();
  ImplicitLocOpBuilder &b = n.b;
  Type f32 = b.getF32Type();
  Type st = statsType(element);
  SmallVector<bool> reduced(rank, false);
  for (int64_t d = *axis; d < rank; ++d)
    reduced[d] = true;
  SmallVector<int64_t> kept = keptShape(shape, reduced);
  // Stage one in the stash type: the normalized input, rounded to X's type.
  Value mean, inv;
  if (rms) {
    double count = double(reducedCount(shape, reduced));
    Value ss = sumOf(b, *x, shape, reduced, st,
                     [&](OpBuilder &nb, Location loc, ValueRange v) -> Value {
                       Value e = convertScalar(nb, loc, v[0], st, false);
                       return arith::MulFOp::create(nb, loc, e, e);
                     });
    Value ms = elementwise(b, ss, droppedShape(shape, reduced), st,
                           [&](OpBuilder &nb, Location loc, ValueRange v) {
                             return Value(arith::DivFOp::create(
                                 nb, loc, v[0], scalar(nb, loc, st, count)));
                           });
    ms = reshape(b, ms, kept);
    inv = invStdDev(b, ms, epsilon);
  } else {
    auto [m, var] = moments(b, *x, reduced, st);
    mean = m;
    inv = invStdDev(b, var, epsilon);
  }
  SmallVector<Value> ins = {*x, inv, *scale};
  if (mean)
    ins.push_back(mean);
  if (bias)
    ins.push_back(bias);
  // RMSNormalization's result has the scale's type.
  Type yElement = rms ? NodeBinder::typeOf(*scale).getElementType() : element;
  Type yct = computeType(yElement);
  Value y = elementwise(
      b, ins, shape, yElement,
      [&](OpBuilder &nb, Location loc, ValueRange v) -> Value {
        Value e = convertScalar(nb, loc, v[0], st, false);
        if (mean)
          e = arith::SubFOp::create(nb, loc, e, v[3]);
        Value normalized = convertScalar(
            nb, loc, arith::MulFOp::create(nb, loc, e, v[1]), element, false);
        Value r = arith::MulFOp::create(
            nb, loc, convertScalar(nb, loc, normalized, yct, false),
            convertScalar(nb, loc, v[2], yct, false));
        if (bias)
          r = arith::AddFOp::create(
              nb, loc, r, convertScalar(nb, loc, v.back(), yct, false));
        return convertScalar(nb, loc, r, yElement, false);
      });
  if (failed(n.output(0, y)))
    return failure();
  if (rms)
    return success();
  // Mean and InvStdDev have the stash type.
  auto stashed = [&](Value v) {
    auto t = NodeBinder::typeOf(v);
    if (st == f32)
      return v;
    return elementwise(b, v, t.getShape(), f32,
                       [&](OpBuilder &nb, Location loc, ValueRange a) {
                         return convertScalar(nb, loc, a[0], f32, false);
                       });
  };
  if (failed(n.output(1, stashed(mean), f32)))
    return failure();
  return n.output(2, stashed(inv), f32);
}

/// InstanceNormalization: per instance and channel, over the spatial
/// dimensions.
LogicalResult convertInstanceNorm(NodeBinder &n) {
  n.ignore("consumed_inputs"); // opset 1's optimization hint
  float epsilon = n.f32("epsilon", 1e-5f);
  FailureOr<Value> x = n.input(0), scale = n.input(1), bias = n.input(2);
  if (failed(x) || failed(scale) || failed(bias))
    return failure();
  for (unsigned i = 0; i < 3; ++i)
    if (failed(requireFloat(n, i)))
      return failure();
  auto xt = NodeBinder::typeOf(*x);
  Type element = xt.getElementType();
  Type ct = computeType(element);
  int64_t rank = xt.getRank();
  if (rank < 2)
    return n.error() << "input must have a channel dimension";
  int64_t channels = xt.getDimSize(1);
  for (Value p : {*scale, *bias})
    if (NodeBinder::typeOf(p).getRank() != 1 ||
        NodeBinder::typeOf(p).getDimSize(0) != channels)
      return n.error() << "scale and B must have one value per channel ("
                       << channels << ")";
  ImplicitLocOpBuilder &b = n.b;
  SmallVector<bool> reduced(rank, false);
  for (int64_t d = 2; d < rank; ++d)
    reduced[d] = true;
  auto [mean, var] = moments(b, *x, reduced, ct);
  Value inv = invStdDev(b, var, epsilon);
  Value y = elementwise(
      b,
      {*x, mean, inv, perChannel(b, *scale, rank), perChannel(b, *bias, rank)},
      xt.getShape(), element,
      [&](OpBuilder &nb, Location loc, ValueRange v) -> Value {
        auto c = [&](Value s) { return convertScalar(nb, loc, s, ct, false); };
        Value d = arith::MulFOp::create(
            nb, loc, arith::SubFOp::create(nb, loc, c(v[0]), v[1]), v[2]);
        Value r = arith::AddFOp::create(
            nb, loc, arith::MulFOp::create(nb, loc, d, c(v[3])), c(v[4]));
        return convertScalar(nb, loc, r, element, false);
      });
  return n.output(0, y);
}

/// GroupNormalization: statistics per instance and group of channels. The
/// scale and bias are per group in opset 18, per channel in 21 (where the
/// statistics have the stash type and the normalized input is rounded to
/// X's type before them).
LogicalResult convertGroupNorm(NodeBinder &n) {
  bool perChannelParams = n.since() >= 21;
  float epsilon = n.f32("epsilon", 1e-5f);
  if (!n.hasAttr("num_groups"))
    return n.error() << "attribute 'num_groups' is required";
  int64_t groups = n.i64("num_groups", 1);
  if (perChannelParams && failed(readStashType(n)))
    return failure();
  FailureOr<Value> x = n.input(0), scale = n.input(1), bias = n.input(2);
  if (failed(x) || failed(scale) || failed(bias))
    return failure();
  for (unsigned i = 0; i < 3; ++i)
    if (failed(requireFloat(n, i)))
      return failure();
  auto xt = NodeBinder::typeOf(*x);
  Type element = xt.getElementType();
  int64_t rank = xt.getRank();
  if (rank < 2)
    return n.error() << "input must have a channel dimension";
  int64_t channels = xt.getDimSize(1);
  if (groups <= 0 || channels % groups != 0)
    return n.error() << "num_groups = " << groups
                     << " does not divide the channels (" << channels << ")";
  int64_t params = perChannelParams ? channels : groups;
  for (Value p : {*scale, *bias})
    if (NodeBinder::typeOf(p).getRank() != 1 ||
        NodeBinder::typeOf(p).getDimSize(0) != params)
      return n.error() << "scale and bias must have " << params
                       << " values (one per "
                       << (perChannelParams ? "channel" : "group") << ")";
  ImplicitLocOpBuilder &b = n.b;
  Type ct = perChannelParams ? statsType(element) : computeType(element);
  int64_t batch = xt.getDimSize(0);
  int64_t perGroup = xt.getNumElements() / std::max<int64_t>(batch * groups, 1);
  SmallVector<int64_t> grouped = {batch, groups, perGroup};
  Value xg = reshape(b, *x, grouped);
  auto [mean, var] = moments(b, xg, {false, false, true}, ct);
  Value inv = invStdDev(b, var, epsilon);
  auto normalize = [&](OpBuilder &nb, Location loc, ValueRange v) -> Value {
    Value e = convertScalar(nb, loc, v[0], ct, false);
    return arith::MulFOp::create(nb, loc,
                                 arith::SubFOp::create(nb, loc, e, v[1]), v[2]);
  };
  Type xct = computeType(element);
  auto affine = [&](OpBuilder &nb, Location loc, Value normalized, Value s,
                    Value c) -> Value {
    Value r = arith::AddFOp::create(
        nb, loc,
        arith::MulFOp::create(nb, loc, normalized,
                              convertScalar(nb, loc, s, xct, false)),
        convertScalar(nb, loc, c, xct, false));
    return convertScalar(nb, loc, r, element, false);
  };
  if (!perChannelParams) {
    Value y = elementwise(
        b, {xg, mean, inv, perChannel(b, *scale, 3), perChannel(b, *bias, 3)},
        grouped, element,
        [&](OpBuilder &nb, Location loc, ValueRange v) -> Value {
          return affine(nb, loc, normalize(nb, loc, v), v[3], v[4]);
        });
    return n.output(0, reshape(b, y, xt.getShape()));
  }
  Value normalized = elementwise(
      b, {xg, mean, inv}, grouped, element,
      [&](OpBuilder &nb, Location loc, ValueRange v) -> Value {
        return convertScalar(nb, loc, normalize(nb, loc, v), element, false);
      });
  Value y = elementwise(
      b,
      {reshape(b, normalized, xt.getShape()), perChannel(b, *scale, rank),
       perChannel(b, *bias, rank)},
      xt.getShape(), element,
      [&](OpBuilder &nb, Location loc, ValueRange v) -> Value {
        return affine(nb, loc, convertScalar(nb, loc, v[0], xct, false), v[1],
                      v[2]);
      });
  return n.output(0, y);
}

/// MeanVarianceNormalization: (x - mean) / (sqrt(variance) + 1e-9) over
/// `axes`, as its function body.
LogicalResult convertMVN(NodeBinder &n) {
  SmallVector<int64_t> axes = n.i64s("axes", {0, 2, 3});
  FailureOr<Value> x = n.input(0);
  if (failed(x) || failed(requireFloat(n, 0)))
    return failure();
  auto xt = NodeBinder::typeOf(*x);
  Type element = xt.getElementType();
  Type ct = computeType(element);
  FailureOr<SmallVector<bool>> reduced =
      reducedDims(n, axes, xt.getRank(), /*noopWhenEmpty=*/true);
  if (failed(reduced))
    return failure();
  ImplicitLocOpBuilder &b = n.b;
  auto [mean, var] = moments(b, *x, *reduced, ct);
  Value y = elementwise(
      b, {*x, mean, var}, xt.getShape(), element,
      [&](OpBuilder &nb, Location loc, ValueRange v) -> Value {
        Value d = arith::SubFOp::create(
            nb, loc, convertScalar(nb, loc, v[0], ct, false), v[1]);
        Value sd =
            arith::AddFOp::create(nb, loc, math::SqrtOp::create(nb, loc, v[2]),
                                  scalar(nb, loc, ct, 1e-9));
        return convertScalar(nb, loc, arith::DivFOp::create(nb, loc, d, sd),
                             element, false);
      });
  return n.output(0, y);
}

/// LRN: x / (bias + alpha / size * sum of squares over the `size` channels
/// around)^beta; the channels are zero-padded and each window summed.
LogicalResult convertLRN(NodeBinder &n) {
  if (!n.hasAttr("size"))
    return n.error() << "attribute 'size' is required";
  int64_t size = n.i64("size", 1);
  float alpha = n.f32("alpha", 1e-4f);
  float beta = n.f32("beta", 0.75f);
  float bias = n.f32("bias", 1.0f);
  FailureOr<Value> x = n.input(0);
  if (failed(x) || failed(requireFloat(n, 0)))
    return failure();
  if (size <= 0)
    return n.error() << "size = " << size << " must be positive";
  auto xt = NodeBinder::typeOf(*x);
  Type element = xt.getElementType();
  Type ct = computeType(element);
  int64_t rank = xt.getRank();
  if (rank < 2)
    return n.error() << "input must have a channel dimension";
  if (xt.getNumElements() == 0)
    return n.output(0, *x);
  ImplicitLocOpBuilder &b = n.b;
  MLIRContext *ctx = b.getContext();
  // Channels c - before ... c + after.
  int64_t before = (size - 1) / 2, after = size - 1 - before;
  SmallVector<int64_t> paddedShape(xt.getShape());
  paddedShape[1] += size - 1;
  SmallVector<OpFoldResult> lo(rank, b.getIndexAttr(0)),
      hi(rank, b.getIndexAttr(0));
  lo[1] = b.getIndexAttr(before);
  hi[1] = b.getIndexAttr(after);
  Value padded =
      tensor::PadOp::create(b, RankedTensorType::get(paddedShape, element), *x,
                            lo, hi, scalar(b, b.getLoc(), element, 0.0));
  // Iteration space: x's dimensions and the window.
  SmallVector<int64_t> space(xt.getShape());
  space.push_back(size);
  SmallVector<bool> reduced(rank + 1, false);
  reduced[rank] = true;
  SmallVector<AffineExpr> exprs;
  for (int64_t d = 0; d < rank; ++d)
    exprs.push_back(d == 1 ? getAffineDimExpr(1, ctx) +
                                 getAffineDimExpr(unsigned(rank), ctx)
                           : getAffineDimExpr(unsigned(d), ctx));
  AffineMap map = AffineMap::get(unsigned(rank + 1), 0, exprs, ctx);
  // The window, an operand only its shape matters for (as linalg's pooling
  // ops take one): the loop bound of the window dimension.
  Value window =
      tensor::EmptyOp::create(b, ArrayRef<int64_t>{size}, b.getI8Type());
  AffineMap windowMap = AffineMap::get(
      unsigned(rank + 1), 0, getAffineDimExpr(unsigned(rank), ctx), ctx);
  Value squares = reduceWithMaps(
      b, {padded, window}, {map, windowMap}, space, reduced,
      {b.getFloatAttr(ct, -0.0)},
      [&](OpBuilder &nb, Location loc, ValueRange v,
          ValueRange acc) -> SmallVector<Value> {
        Value e = convertScalar(nb, loc, v[0], ct, false);
        return {arith::AddFOp::create(nb, loc, acc[0],
                                      arith::MulFOp::create(nb, loc, e, e))};
      })[0];
  Value y = elementwise(
      b, {*x, squares}, xt.getShape(), element,
      [&](OpBuilder &nb, Location loc, ValueRange v) -> Value {
        Value base = arith::AddFOp::create(
            nb, loc, scalar(nb, loc, ct, bias),
            arith::MulFOp::create(
                nb, loc, scalar(nb, loc, ct, double(alpha) / size), v[1]));
        Value denom =
            math::PowFOp::create(nb, loc, base, scalar(nb, loc, ct, beta));
        Value r = arith::DivFOp::create(
            nb, loc, convertScalar(nb, loc, v[0], ct, false), denom);
        return convertScalar(nb, loc, r, element, false);
      });
  return n.output(0, y);
}

//===----------------------------------------------------------------------===//
// Softmax, LogSoftmax, Hardmax, ArgMax, ArgMin
//===----------------------------------------------------------------------===//

/// The index of the largest (smallest) element along `axis`, the first or
/// the last of equal ones, as i64 of x's shape without `axis` (a linalg
/// reduction of (value, index)). NaN counts as the extreme, as NumPy's
/// argmax / argmin have it.
Value argExtreme(ImplicitLocOpBuilder &b, Value x, int64_t axis, bool isMax,
                 bool last, bool isUnsigned) {
  auto t = NodeBinder::typeOf(x);
  Type element = t.getElementType();
  SmallVector<bool> reduced(t.getRank(), false);
  reduced[axis] = true;
  bool u = isUnsigned || element.isInteger(1);
  // -1: nothing taken yet (the first element always replaces it).
  TypedAttr inits[] = {extremeAttr(b, element, !isMax, u),
                       b.getI64IntegerAttr(-1)};
  return reduce(
      b, x, t.getShape(), reduced, inits,
      [&](OpBuilder &nb, Location loc, ValueRange v,
          ValueRange acc) -> SmallVector<Value> {
        Value i = linalg::IndexOp::create(nb, loc, uint64_t(axis));
        Value idx = arith::IndexCastOp::create(nb, loc, nb.getI64Type(), i);
        Value better;
        if (isa<FloatType>(element)) {
          auto p = isMax ? (last ? arith::CmpFPredicate::OGE
                                 : arith::CmpFPredicate::OGT)
                         : (last ? arith::CmpFPredicate::OLE
                                 : arith::CmpFPredicate::OLT);
          better = arith::CmpFOp::create(nb, loc, p, v[0], acc[0]);
          Value nan = isNaN(nb, loc, v[0]);
          if (!last)
            nan = arith::AndIOp::create(
                nb, loc, nan,
                arith::XOrIOp::create(nb, loc, isNaN(nb, loc, acc[0]),
                                      scalar(nb, loc, nb.getI1Type(), 1)));
          better = arith::OrIOp::create(nb, loc, better, nan);
        } else {
          auto p = isMax ? (last ? (u ? arith::CmpIPredicate::uge
                                      : arith::CmpIPredicate::sge)
                                 : (u ? arith::CmpIPredicate::ugt
                                      : arith::CmpIPredicate::sgt))
                         : (last ? (u ? arith::CmpIPredicate::ule
                                      : arith::CmpIPredicate::sle)
                                 : (u ? arith::CmpIPredicate::ult
                                      : arith::CmpIPredicate::slt));
          better = arith::CmpIOp::create(nb, loc, p, v[0], acc[0]);
        }
        Value none =
            arith::CmpIOp::create(nb, loc, arith::CmpIPredicate::slt, acc[1],
                                  scalar(nb, loc, nb.getI64Type(), 0));
        better = arith::OrIOp::create(nb, loc, better, none);
        return {arith::SelectOp::create(nb, loc, better, v[0], acc[0]),
                arith::SelectOp::create(nb, loc, better, idx, acc[1])};
      })[1];
}

/// Softmax (or LogSoftmax) of `x` over the reduced dimensions, in x's
/// type: exp(x - m) / s (or x - m - log(s)) with m the maximum and s the
/// sum of exp(x - m), computed in f32 for f16 and bf16.
Value softmax(ImplicitLocOpBuilder &b, Value x, ArrayRef<bool> reduced,
              bool log) {
  auto xt = NodeBinder::typeOf(x);
  ArrayRef<int64_t> shape = xt.getShape();
  Type element = xt.getElementType();
  Type ct = computeType(element);
  SmallVector<int64_t> kept = keptShape(shape, reduced);
  Value m = reshape(
      b,
      reduce(b, x, shape, reduced, {extremeAttr(b, ct, false, false)},
             [&](OpBuilder &nb, Location loc, ValueRange v,
                 ValueRange acc) -> SmallVector<Value> {
               return {arith::MaximumFOp::create(
                   nb, loc, acc[0], convertScalar(nb, loc, v[0], ct, false))};
             })[0],
      kept);
  auto shifted = [&](OpBuilder &nb, Location loc, ValueRange v) -> Value {
    return arith::SubFOp::create(nb, loc,
                                 convertScalar(nb, loc, v[0], ct, false), v[1]);
  };
  Value s =
      reshape(b,
              sumOf(b, {x, m}, shape, reduced, ct,
                    [&](OpBuilder &nb, Location loc, ValueRange v) -> Value {
                      return math::ExpOp::create(nb, loc, shifted(nb, loc, v));
                    }),
              kept);
  return elementwise(
      b, {x, m, s}, shape, element,
      [&](OpBuilder &nb, Location loc, ValueRange v) -> Value {
        Value d = shifted(nb, loc, v);
        Value r = log ? Value(arith::SubFOp::create(
                            nb, loc, d, math::LogOp::create(nb, loc, v[2])))
                      : Value(arith::DivFOp::create(
                            nb, loc, math::ExpOp::create(nb, loc, d), v[2]));
        return convertScalar(nb, loc, r, element, false);
      });
}

/// Softmax, LogSoftmax and Hardmax: along `axis` from opset 13, over the
/// dimensions from `axis` on (flattened) before.
LogicalResult convertSoftmax(NodeBinder &n) {
  StringRef op = n.opType();
  int64_t axisAttr = n.i64("axis", n.since() < 13 ? 1 : -1);
  FailureOr<Value> x = n.input(0);
  if (failed(x) || failed(requireFloat(n, 0)))
    return failure();
  auto xt = NodeBinder::typeOf(*x);
  Type element = xt.getElementType();
  int64_t rank = xt.getRank();
  std::optional<int64_t> axis =
      normalizeAxis(axisAttr, std::max<int64_t>(rank, 1));
  if (!axis)
    return n.error() << "axis " << axisAttr << " is out of range for rank "
                     << rank;
  if (xt.getNumElements() == 0)
    return n.output(0, *x);
  ImplicitLocOpBuilder &b = n.b;
  ArrayRef<int64_t> shape = xt.getShape();
  SmallVector<bool> reduced(rank, false);
  for (int64_t d = *axis; d < rank && (n.since() < 13 || d == *axis); ++d)
    reduced[d] = true;
  if (op == "Hardmax") {
    // 1 at the first maximum along the (flattened) axis.
    Value v = *x;
    int64_t a = *axis;
    if (n.since() < 13 || rank == 0) {
      v = reshape(
          b, v,
          {numElements(shape.take_front(a)), numElements(shape.drop_front(a))});
      a = 1;
    }
    auto t = NodeBinder::typeOf(v);
    SmallVector<int64_t> kept(t.getShape());
    kept[a] = 1;
    SmallVector<int64_t> iotaShape(t.getRank(), 1);
    iotaShape[a] = t.getDimSize(a);
    SmallVector<int64_t> iota;
    for (int64_t i = 0; i < t.getDimSize(a); ++i)
      iota.push_back(i);
    Value positions = constantOfInts(
        b, RankedTensorType::get(iotaShape, b.getI64Type()), iota);
    Value first = reshape(b, argExtreme(b, v, a, true, false, false), kept);
    Value y = elementwise(
        b, {positions, first}, t.getShape(), element,
        [&](OpBuilder &nb, Location loc, ValueRange w) -> Value {
          Value hit = arith::CmpIOp::create(nb, loc, arith::CmpIPredicate::eq,
                                            w[0], w[1]);
          return arith::SelectOp::create(nb, loc, hit,
                                         scalar(nb, loc, element, 1.0),
                                         scalar(nb, loc, element, 0.0));
        });
    return n.output(0, reshape(b, y, shape));
  }
  Value y = softmax(b, *x, reduced, op == "LogSoftmax");
  return n.output(0, y);
}

LogicalResult convertArgMax(NodeBinder &n) {
  bool isMax = n.opType() == "ArgMax";
  int64_t axisAttr = n.i64("axis", 0);
  bool keepdims = n.i64("keepdims", 1) != 0;
  bool last = n.since() >= 12 && n.i64("select_last_index", 0) != 0;
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  auto xt = NodeBinder::typeOf(*x);
  if (xt.getElementType().isInteger(1))
    return n.error() << "input of type bool is not supported (numeric types "
                        "are)";
  std::optional<int64_t> axis = normalizeAxis(axisAttr, xt.getRank());
  if (!axis)
    return n.error() << "axis " << axisAttr << " is out of range";
  if (xt.getDimSize(*axis) == 0)
    return n.error() << "cannot take the arg-extreme of an empty axis";
  Value idx = argExtreme(n.b, *x, *axis, isMax, last, n.isUnsigned(0));
  SmallVector<int64_t> shape(xt.getShape());
  if (keepdims)
    shape[*axis] = 1;
  else
    shape.erase(shape.begin() + *axis);
  Type i64 = IntegerType::get(n.b.getContext(), 64, IntegerType::Signed);
  return n.output(0, reshape(n.b, idx, shape), i64);
}

//===----------------------------------------------------------------------===//
// TopK
//===----------------------------------------------------------------------===//

/// Whether (a, ia) comes before (b, ib) in TopK's output: the larger
/// (smaller) value first, NaN above every number (NumPy's sort order), equal
/// values by index.
Value comesBefore(OpBuilder &nb, Location loc, Value a, Value ia, Value b,
                  Value ib, bool largest, bool isUnsigned) {
  Value ahead, equal;
  if (isa<FloatType>(a.getType())) {
    Value aNaN = isNaN(nb, loc, a), bNaN = isNaN(nb, loc, b);
    Value t = scalar(nb, loc, nb.getI1Type(), 1);
    // Largest: a NaN is ahead of a number; smallest: a number is ahead of
    // a NaN.
    Value nanOrder =
        largest ? arith::AndIOp::create(nb, loc, aNaN,
                                        arith::XOrIOp::create(nb, loc, bNaN, t))
                : arith::AndIOp::create(
                      nb, loc, arith::XOrIOp::create(nb, loc, aNaN, t), bNaN);
    ahead = arith::OrIOp::create(
        nb, loc, nanOrder,
        arith::CmpFOp::create(nb, loc,
                              largest ? arith::CmpFPredicate::OGT
                                      : arith::CmpFPredicate::OLT,
                              a, b));
    equal = arith::OrIOp::create(
        nb, loc, arith::AndIOp::create(nb, loc, aNaN, bNaN),
        arith::CmpFOp::create(nb, loc, arith::CmpFPredicate::OEQ, a, b));
  } else {
    auto p = largest ? (isUnsigned ? arith::CmpIPredicate::ugt
                                   : arith::CmpIPredicate::sgt)
                     : (isUnsigned ? arith::CmpIPredicate::ult
                                   : arith::CmpIPredicate::slt);
    ahead = arith::CmpIOp::create(nb, loc, p, a, b);
    equal = arith::CmpIOp::create(nb, loc, arith::CmpIPredicate::eq, a, b);
  }
  Value earlier =
      arith::CmpIOp::create(nb, loc, arith::CmpIPredicate::slt, ia, ib);
  return arith::OrIOp::create(nb, loc, ahead,
                              arith::AndIOp::create(nb, loc, equal, earlier));
}

/// Up to this K, TopK selects in K passes over the input; above, it ranks
/// every element (n^2 comparisons, two ops whatever K).
constexpr int64_t kTopKSelectionLimit = 16;

LogicalResult convertTopK(NodeBinder &n) {
  int64_t axisAttr = n.i64("axis", -1);
  bool largest = n.since() < 11 || n.i64("largest", 1) != 0;
  if (n.since() >= 11)
    n.ignore("sorted"); // sorted output is what unsorted may be as well
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  int64_t k;
  if (n.since() < 10) {
    if (!n.hasAttr("k"))
      return n.error() << "attribute 'k' is required";
    k = n.i64("k", 0);
  } else {
    FailureOr<SmallVector<int64_t>> kv = n.constantInts(1, "K");
    if (failed(kv))
      return failure();
    if (kv->size() != 1)
      return n.error() << "K must hold one value";
    k = (*kv)[0];
  }
  auto xt = NodeBinder::typeOf(*x);
  Type element = xt.getElementType();
  if (element.isInteger(1))
    return n.error() << "input of type bool is not supported (numeric types "
                        "are)";
  bool isUnsigned = n.isUnsigned(0);
  int64_t rank = xt.getRank();
  std::optional<int64_t> axis = normalizeAxis(axisAttr, rank);
  if (!axis)
    return n.error() << "axis " << axisAttr << " is out of range";
  int64_t size = xt.getDimSize(*axis);
  if (k < 0 || k > size)
    return n.error() << "K = " << k << " is out of range for size " << size;
  ImplicitLocOpBuilder &b = n.b;
  MLIRContext *ctx = b.getContext();
  ArrayRef<int64_t> shape = xt.getShape();
  SmallVector<int64_t> outShape(shape);
  outShape[*axis] = k;
  Type i64 = IntegerType::get(ctx, 64, IntegerType::Signed);
  if (k == 0 || xt.getNumElements() == 0) {
    Value values = tensor::EmptyOp::create(b, outShape, element);
    Value indices = tensor::EmptyOp::create(b, outShape, b.getI64Type());
    if (failed(n.output(0, values)))
      return failure();
    return n.output(1, indices, i64);
  }
  auto before = [&](OpBuilder &nb, Location loc, Value a, Value ia, Value c,
                    Value ic) {
    return comesBefore(nb, loc, a, ia, c, ic, largest, isUnsigned);
  };
  auto indexOf = [](OpBuilder &nb, Location loc, int64_t dim) -> Value {
    return arith::IndexCastOp::create(nb, loc, nb.getI64Type(),
                                      linalg::IndexOp::create(nb, loc, dim));
  };
  TypedAttr inits[] = {attrOf(b, element, 0), b.getI64IntegerAttr(-1)};
  Value values, indices;
  if (k <= kTopKSelectionLimit) {
    // Pass r takes the first element in output order after pass r - 1's.
    SmallVector<bool> reduced(rank, false);
    reduced[*axis] = true;
    SmallVector<int64_t> kept = keptShape(shape, reduced);
    SmallVector<Value> picked, pickedIdx;
    Value prev, prevIdx;
    for (int64_t r = 0; r < k; ++r) {
      SmallVector<Value> ins = {*x};
      if (prev)
        ins.append({prev, prevIdx});
      SmallVector<Value> next =
          reduce(b, ins, shape, reduced, inits,
                 [&](OpBuilder &nb, Location loc, ValueRange v,
                     ValueRange acc) -> SmallVector<Value> {
                   Value j = indexOf(nb, loc, *axis);
                   Value none = arith::CmpIOp::create(
                       nb, loc, arith::CmpIPredicate::slt, acc[1],
                       scalar(nb, loc, nb.getI64Type(), 0));
                   Value take = arith::OrIOp::create(
                       nb, loc, none, before(nb, loc, v[0], j, acc[0], acc[1]));
                   if (v.size() > 1)
                     take = arith::AndIOp::create(
                         nb, loc, take, before(nb, loc, v[1], v[2], v[0], j));
                   return {arith::SelectOp::create(nb, loc, take, v[0], acc[0]),
                           arith::SelectOp::create(nb, loc, take, j, acc[1])};
                 });
      prev = reshape(b, next[0], kept);
      prevIdx = reshape(b, next[1], kept);
      picked.push_back(prev);
      pickedIdx.push_back(prevIdx);
    }
    auto concat = [&](ArrayRef<Value> parts, Type e) -> Value {
      if (parts.size() == 1)
        return parts.front();
      return tosa::ConcatOp::create(b, RankedTensorType::get(outShape, e),
                                    parts, b.getI32IntegerAttr(int32_t(*axis)));
    };
    values = concat(picked, element);
    indices = concat(pickedIdx, b.getI64Type());
  } else {
    // rank(i) = the number of elements before element i; output position r
    // takes the element of rank r.
    unsigned dims = unsigned(rank + 1);
    SmallVector<int64_t> space(shape);
    space.push_back(size);
    SmallVector<bool> reduced(rank + 1, false);
    reduced[rank] = true;
    AffineMap identity =
        AffineMap::getMultiDimIdentityMap(dims, ctx).getMajorSubMap(
            unsigned(rank));
    SmallVector<AffineExpr> exprs = llvm::to_vector(identity.getResults());
    exprs[*axis] = getAffineDimExpr(unsigned(rank), ctx);
    AffineMap alongLast = AffineMap::get(dims, 0, exprs, ctx);
    Value ranks = reduceWithMaps(
        b, {*x, *x}, {identity, alongLast}, space, reduced,
        {b.getI64IntegerAttr(0)},
        [&](OpBuilder &nb, Location loc, ValueRange v,
            ValueRange acc) -> SmallVector<Value> {
          Value i = indexOf(nb, loc, *axis);
          Value j = indexOf(nb, loc, rank);
          Value ahead = before(nb, loc, v[1], j, v[0], i);
          return {arith::AddIOp::create(
              nb, loc, acc[0],
              arith::ExtUIOp::create(nb, loc, nb.getI64Type(), ahead))};
        })[0];
    SmallVector<int64_t> outSpace(outShape);
    outSpace.push_back(size);
    SmallVector<Value> taken = reduceWithMaps(
        b, {*x, ranks}, {alongLast, alongLast}, outSpace, reduced, inits,
        [&](OpBuilder &nb, Location loc, ValueRange v,
            ValueRange acc) -> SmallVector<Value> {
          Value r = indexOf(nb, loc, *axis);
          Value hit =
              arith::CmpIOp::create(nb, loc, arith::CmpIPredicate::eq, v[1], r);
          return {arith::SelectOp::create(nb, loc, hit, v[0], acc[0]),
                  arith::SelectOp::create(nb, loc, hit, indexOf(nb, loc, rank),
                                          acc[1])};
        });
    values = taken[0];
    indices = taken[1];
  }
  if (failed(n.output(0, values)))
    return failure();
  return n.output(1, indices, i64);
}

//===----------------------------------------------------------------------===//
// CumSum
//===----------------------------------------------------------------------===//

/// CumSum: y[i] sums x[j] for j <= i (j < i when exclusive; j >= i, j > i
/// when reversed) along the axis, a reduction over a second index j.
LogicalResult convertCumSum(NodeBinder &n) {
  bool exclusive = n.i64("exclusive", 0) != 0;
  bool reverse = n.i64("reverse", 0) != 0;
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  FailureOr<SmallVector<int64_t>> axisValue = n.constantInts(1, "axis");
  if (failed(axisValue))
    return failure();
  if (axisValue->size() != 1)
    return n.error() << "axis must hold one value";
  auto xt = NodeBinder::typeOf(*x);
  Type element = xt.getElementType();
  if (element.isInteger(1))
    return n.error() << "input of type bool is not supported (numeric types "
                        "are)";
  bool isUnsigned = n.isUnsigned(0);
  int64_t rank = xt.getRank();
  std::optional<int64_t> axis = normalizeAxis((*axisValue)[0], rank);
  if (!axis)
    return n.error() << "axis " << (*axisValue)[0]
                     << " is out of range for rank " << rank;
  if (xt.getNumElements() == 0)
    return n.output(0, *x);
  ImplicitLocOpBuilder &b = n.b;
  MLIRContext *ctx = b.getContext();
  Type ct = computeType(element);
  unsigned dims = unsigned(rank + 1);
  SmallVector<int64_t> space(xt.getShape());
  space.push_back(xt.getDimSize(*axis));
  SmallVector<bool> reduced(rank + 1, false);
  reduced[rank] = true;
  SmallVector<AffineExpr> exprs;
  for (int64_t d = 0; d < rank; ++d)
    exprs.push_back(getAffineDimExpr(d == *axis ? dims - 1 : unsigned(d), ctx));
  AffineMap alongLast = AffineMap::get(dims, 0, exprs, ctx);
  auto pred =
      reverse
          ? (exclusive ? arith::CmpIPredicate::ugt : arith::CmpIPredicate::uge)
          : (exclusive ? arith::CmpIPredicate::ult : arith::CmpIPredicate::ule);
  TypedAttr zero = isa<FloatType>(ct) ? TypedAttr(b.getFloatAttr(ct, 0.0))
                                      : attrOf(b, ct, 0);
  Value y = reduceWithMaps(
      b, *x, alongLast, space, reduced, {zero},
      [&](OpBuilder &nb, Location loc, ValueRange v,
          ValueRange acc) -> SmallVector<Value> {
        Value i = linalg::IndexOp::create(nb, loc, uint64_t(*axis));
        Value j = linalg::IndexOp::create(nb, loc, uint64_t(rank));
        Value in = arith::CmpIOp::create(nb, loc, pred, j, i);
        Value e = convertScalar(nb, loc, v[0], ct, isUnsigned);
        Value s = add(nb, loc, acc[0], e);
        return {arith::SelectOp::create(nb, loc, in, s, acc[0])};
      })[0];
  if (ct != element)
    y = elementwise(b, y, xt.getShape(), element,
                    [&](OpBuilder &nb, Location loc, ValueRange v) {
                      return convertScalar(nb, loc, v[0], element, false);
                    });
  return n.output(0, y);
}

//===----------------------------------------------------------------------===//
// NegativeLogLikelihoodLoss, SoftmaxCrossEntropyLoss
//===----------------------------------------------------------------------===//

/// The negative log-likelihood of `logProb` ([N, C, d...]) at `target`
/// ([N, d...]), weighted per class, 0 where the target is `ignoreIndex`,
/// then reduced ("none", "sum", "mean": divided by the weights taken).
/// Targets out of [0, C) read the nearest class (ONNX leaves them
/// undefined; nothing is read out of bounds).
FailureOr<Value> negativeLogLikelihood(NodeBinder &n, Value logProb,
                                       Value target, Value weight,
                                       std::optional<int64_t> ignoreIndex,
                                       StringRef reduction) {
  auto xt = NodeBinder::typeOf(logProb);
  auto tt = NodeBinder::typeOf(target);
  Type element = xt.getElementType();
  Type ct = computeType(element);
  int64_t rank = xt.getRank();
  if (rank < 2)
    return n.error() << "input must have a class dimension (rank >= 2)";
  SmallVector<int64_t> targetShape(xt.getShape());
  targetShape.erase(targetShape.begin() + 1);
  if (tt.getShape() != ArrayRef<int64_t>(targetShape))
    return n.error() << "target of shape [" << tt.getShape()
                     << "] does not match the input's [" << xt.getShape()
                     << "] without its class dimension";
  if (!isa<IntegerType>(tt.getElementType()) ||
      tt.getElementType().isInteger(1))
    return n.error() << "target must hold integers";
  int64_t classes = xt.getDimSize(1);
  if (weight && (NodeBinder::typeOf(weight).getRank() != 1 ||
                 NodeBinder::typeOf(weight).getDimSize(0) != classes))
    return n.error() << "weight must have one value per class (" << classes
                     << ")";
  if (reduction != "none" && reduction != "sum" && reduction != "mean")
    return n.error() << "reduction '" << reduction
                     << "' is not one of none, sum, mean";
  ImplicitLocOpBuilder &b = n.b;
  // The class read, clamped into range.
  auto classOf = [&](OpBuilder &nb, Location loc, Value t) -> Value {
    Value c = convertScalar(nb, loc, t, nb.getI64Type(), false);
    c = arith::MaxSIOp::create(nb, loc, c, scalar(nb, loc, nb.getI64Type(), 0));
    c = arith::MinSIOp::create(nb, loc, c,
                               scalar(nb, loc, nb.getI64Type(), classes - 1));
    return arith::IndexCastOp::create(nb, loc, nb.getIndexType(), c);
  };
  Value picked = gatherByIndex(
      b, logProb, targetShape,
      [&](OpBuilder &nb, Location loc, ValueRange a) {
        SmallVector<Value> idx(a.take_front(rank - 1));
        idx.insert(idx.begin() + 1, classOf(nb, loc, a.back()));
        return idx;
      },
      target);
  Value w;
  if (weight)
    w = gatherByIndex(
        b, weight, targetShape,
        [&](OpBuilder &nb, Location loc, ValueRange a) -> SmallVector<Value> {
          return {classOf(nb, loc, a.back())};
        },
        target);
  // The weight each target takes: 0 where ignored.
  auto weightOf = [&](OpBuilder &nb, Location loc, ValueRange v) -> Value {
    Value wv =
        w ? convertScalar(nb, loc, v[2], ct, false) : scalar(nb, loc, ct, 1.0);
    if (!ignoreIndex)
      return wv;
    Value t = convertScalar(nb, loc, v[1], nb.getI64Type(), false);
    Value ignored =
        arith::CmpIOp::create(nb, loc, arith::CmpIPredicate::eq, t,
                              scalar(nb, loc, nb.getI64Type(), *ignoreIndex));
    return arith::SelectOp::create(nb, loc, ignored, scalar(nb, loc, ct, 0.0),
                                   wv);
  };
  SmallVector<Value> ins = {picked, target};
  if (w)
    ins.push_back(w);
  Value loss =
      elementwise(b, ins, targetShape, ct,
                  [&](OpBuilder &nb, Location loc, ValueRange v) -> Value {
                    Value p = convertScalar(nb, loc, v[0], ct, false);
                    Value l =
                        arith::MulFOp::create(nb, loc, p, weightOf(nb, loc, v));
                    return arith::NegFOp::create(nb, loc, l);
                  });
  auto toElement = [&](Value v) {
    auto t = NodeBinder::typeOf(v);
    if (ct == element)
      return v;
    return elementwise(b, v, t.getShape(), element,
                       [&](OpBuilder &nb, Location loc, ValueRange a) {
                         return convertScalar(nb, loc, a[0], element, false);
                       });
  };
  if (reduction == "none")
    return toElement(loss);
  SmallVector<bool> all(targetShape.size(), true);
  auto total = [&](Value v) {
    return reshape(
        b,
        sumOf(b, v, targetShape, all, ct,
              [](OpBuilder &, Location, ValueRange a) { return a[0]; }),
        {});
  };
  Value sum = total(loss);
  if (reduction == "sum")
    return toElement(sum);
  Value weights = total(elementwise(
      b, ins, targetShape, ct, [&](OpBuilder &nb, Location loc, ValueRange v) {
        return weightOf(nb, loc, v);
      }));
  return toElement(
      elementwise(b, {sum, weights}, {}, ct,
                  [&](OpBuilder &nb, Location loc, ValueRange v) {
                    return Value(arith::DivFOp::create(nb, loc, v[0], v[1]));
                  }));
}

LogicalResult convertNLLLoss(NodeBinder &n) {
  std::string reduction = n.str("reduction", "mean");
  std::optional<int64_t> ignoreIndex;
  if (n.hasAttr("ignore_index"))
    ignoreIndex = n.i64("ignore_index", 0);
  FailureOr<Value> x = n.input(0), target = n.input(1);
  if (failed(x) || failed(target) || failed(requireFloat(n, 0)) ||
      failed(requireFloat(n, 2)))
    return failure();
  FailureOr<Value> loss = negativeLogLikelihood(
      n, *x, *target, n.optionalInput(2), ignoreIndex, reduction);
  if (failed(loss))
    return failure();
  return n.output(0, *loss);
}

/// SoftmaxCrossEntropyLoss: LogSoftmax over the classes (dimension 1),
/// then the negative log-likelihood; the log-probabilities are output 1.
LogicalResult convertSCELoss(NodeBinder &n) {
  std::string reduction = n.str("reduction", "mean");
  std::optional<int64_t> ignoreIndex;
  if (n.hasAttr("ignore_index"))
    ignoreIndex = n.i64("ignore_index", 0);
  FailureOr<Value> x = n.input(0), target = n.input(1);
  if (failed(x) || failed(target) || failed(requireFloat(n, 0)) ||
      failed(requireFloat(n, 2)))
    return failure();
  int64_t rank = NodeBinder::typeOf(*x).getRank();
  if (rank < 2)
    return n.error() << "scores must have a class dimension (rank >= 2)";
  ImplicitLocOpBuilder &b = n.b;
  SmallVector<bool> reduced(rank, false);
  reduced[1] = true;
  Value logProb = softmax(b, *x, reduced, /*log=*/true);
  FailureOr<Value> loss = negativeLogLikelihood(
      n, logProb, *target, n.optionalInput(2), ignoreIndex, reduction);
  if (failed(loss) || failed(n.output(0, *loss)))
    return failure();
  return n.output(1, logProb);
}

} // namespace

void mlir::qnn::onnx_to_qnn::populateNormalizationHandlers(OpRegistry &r) {
  r.add("BatchNormalization", {1, 6, 7, 9, 14, 15}, convertBatchNorm);
  r.add("LayerNormalization", {17}, convertLayerNorm);
  r.add("RMSNormalization", {23}, convertLayerNorm);
  r.add("InstanceNormalization", {1, 6, 22}, convertInstanceNorm);
  r.add("GroupNormalization", {18, 21}, convertGroupNorm);
  r.add("MeanVarianceNormalization", {9, 13}, convertMVN);
  r.add("LRN", {1, 13}, convertLRN);
  for (StringRef op : {"ReduceMean", "ReduceL1", "ReduceL2", "ReduceLogSum",
                       "ReduceLogSumExp", "ReduceProd", "ReduceSumSquare"})
    r.add(op, {1, 11, 13, 18}, convertReduce);
  r.add("ReduceSum", {1, 11, 13}, convertReduce);
  r.add("ReduceMax", {1, 11, 12, 13, 18, 20}, convertReduce);
  r.add("ReduceMin", {1, 11, 12, 13, 18, 20}, convertReduce);
  r.add("Softmax", {1, 11, 13}, convertSoftmax);
  r.add("LogSoftmax", {1, 11, 13}, convertSoftmax);
  r.add("Hardmax", {1, 11, 13}, convertSoftmax);
  r.add("ArgMax", {1, 11, 12, 13}, convertArgMax);
  r.add("ArgMin", {1, 11, 12, 13}, convertArgMax);
  r.add("TopK", {1, 10, 11, 24}, convertTopK);
  r.add("CumSum", {11, 14}, convertCumSum);
  r.add("NegativeLogLikelihoodLoss", {12, 13, 22}, convertNLLLoss);
  r.add("SoftmaxCrossEntropyLoss", {12, 13}, convertSCELoss);
}
