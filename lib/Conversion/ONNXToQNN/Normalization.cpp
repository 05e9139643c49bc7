//===- Normalization.cpp - ONNX normalizations, reductions, Softmax -------===//
//
// BatchNormalization in inference form (constant statistics folded into a
// multiply and an add per channel, which qnn-fuse-epilogues folds into a
// quantized layer's thresholds; run-time ones computed as ONNX defines
// them), Softmax, LogSoftmax and Hardmax, ArgMax / ArgMin and TopK.
//
//===----------------------------------------------------------------------===//

#include "Common.h"
#include "PopulateHandlers.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::onnx_to_qnn;

namespace {

Value mulShift(ImplicitLocOpBuilder &b) {
  return splat(b, RankedTensorType::get({1}, b.getI8Type()), 0);
}

LogicalResult convertBatchNorm(NodeBinder &n) {
  n.ignore("consumed_inputs");
  if (n.since() < 7)
    if (n.i64("is_test", 0) == 0 && n.outputUsed(1))
      return n.error() << "training (is_test = 0) is not supported";
  if (n.since() < 9 && n.i64("spatial", 1) != 1)
    return n.error() << "spatial = 0 (per-activation statistics) is not "
                        "supported";
  if (n.since() >= 14 && n.i64("training_mode", 0) != 0)
    return n.error() << "training_mode = 1 is not supported";
  n.ignore("momentum"); // running statistics are training outputs
  float epsilon = n.f32("epsilon", 1e-5f);
  for (unsigned i = 1; i < n.numOutputs(); ++i)
    if (n.outputUsed(i))
      return n.error() << "training outputs (running mean and variance) are "
                          "not supported";
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  auto xt = NodeBinder::typeOf(*x);
  Type element = xt.getElementType();
  if (!isa<FloatType>(element))
    return n.error() << "input must be a float";
  if (xt.getRank() < 2)
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
  SmallVector<int64_t> shape(xt.getRank(), 1);
  shape[1] = channels;
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
      if (element.isF32())
        a = double(float(a));
      as.push_back(a);
      cs.push_back((*consts[1])[c] - (*consts[2])[c] * a);
    }
    auto pType = RankedTensorType::get(shape, element);
    Value av = constantOf(b, pType, as), cv = constantOf(b, pType, cs);
    if (element.isF32()) {
      Value scaled = tosa::MulOp::create(b, xt, *x, av, mulShift(b));
      return n.output(0, tosa::AddOp::create(b, xt, scaled, cv));
    }
    Value y = elementwise(
        b, {*x, av, cv}, xt.getShape(), element,
        [](OpBuilder &nb, Location loc, ValueRange v) {
          return Value(arith::AddFOp::create(
              nb, loc, arith::MulFOp::create(nb, loc, v[0], v[1]), v[2]));
        });
    return n.output(0, y);
  }
  // Run-time statistics: (x - mean) / sqrt(var + epsilon) * scale + B.
  SmallVector<Value> ins = {*x};
  for (Value p : params)
    ins.push_back(reshape(b, p, shape));
  Value y = elementwise(
      b, ins, xt.getShape(), element,
      [&](OpBuilder &nb, Location loc, ValueRange v) -> Value {
        Type e = v[0].getType();
        auto toE = [&](Value s) { return convertScalar(nb, loc, s, e, false); };
        Value centered = arith::SubFOp::create(nb, loc, v[0], toE(v[3]));
        Value denom = math::SqrtOp::create(
            nb, loc,
            arith::AddFOp::create(nb, loc, toE(v[4]),
                                  scalar(nb, loc, e, epsilon)));
        Value normalized = arith::DivFOp::create(nb, loc, centered, denom);
        return arith::AddFOp::create(
            nb, loc, arith::MulFOp::create(nb, loc, normalized, toE(v[1])),
            toE(v[2]));
      });
  return n.output(0, y);
}

/// Softmax, LogSoftmax and Hardmax: along `axis` from opset 13, over the
/// dimensions from `axis` on (flattened) before.
LogicalResult convertSoftmax(NodeBinder &n) {
  StringRef op = n.opType();
  int64_t axisAttr = n.i64("axis", n.since() < 13 ? 1 : -1);
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  auto xt = NodeBinder::typeOf(*x);
  Type element = xt.getElementType();
  if (!isa<FloatType>(element))
    return n.error() << "input must be a float";
  int64_t rank = xt.getRank();
  std::optional<int64_t> axis =
      normalizeAxis(axisAttr, std::max<int64_t>(rank, 1));
  if (!axis)
    return n.error() << "axis " << axisAttr << " is out of range for rank "
                     << rank;
  ImplicitLocOpBuilder &b = n.b;
  Value v = *x;
  int64_t a = *axis;
  if (n.since() < 13 || rank == 0) {
    // Flatten to [outer, inner] and work along 1.
    int64_t outer = numElements(xt.getShape().take_front(a));
    int64_t inner = numElements(xt.getShape().drop_front(a));
    v = reshape(b, v, {outer, inner});
    a = 1;
  }
  auto t = NodeBinder::typeOf(v);
  if (t.getNumElements() == 0)
    return n.output(0, *x);
  SmallVector<int64_t> reduced(t.getShape());
  reduced[a] = 1;
  auto rt = RankedTensorType::get(reduced, element);
  auto axisAttrT = b.getI32IntegerAttr(int32_t(a));
  Value m = tosa::ReduceMaxOp::create(b, rt, v, axisAttrT);
  Value y;
  if (op == "Hardmax") {
    // 1 at the first maximum along the axis.
    SmallVector<int64_t> iotaShape(t.getRank(), 1);
    iotaShape[a] = t.getDimSize(a);
    SmallVector<double> iota;
    for (int64_t i = 0; i < t.getDimSize(a); ++i)
      iota.push_back(double(i));
    Value positions =
        constantOf(b, RankedTensorType::get(iotaShape, b.getI32Type()), iota);
    SmallVector<int64_t> dropped(t.getShape());
    dropped.erase(dropped.begin() + a);
    Value idx = tosa::ArgMaxOp::create(
        b, RankedTensorType::get(dropped, b.getI32Type()), v, axisAttrT);
    Value first = reshape(b, idx, reduced);
    y = elementwise(b, {positions, first}, t.getShape(), element,
                    [&](OpBuilder &nb, Location loc, ValueRange w) -> Value {
                      Value hit = arith::CmpIOp::create(
                          nb, loc, arith::CmpIPredicate::eq, w[0], w[1]);
                      return arith::SelectOp::create(
                          nb, loc, hit, scalar(nb, loc, element, 1.0),
                          scalar(nb, loc, element, 0.0));
                    });
  } else {
    Value shifted = tosa::SubOp::create(b, t, v, m);
    Value e = tosa::ExpOp::create(b, t, shifted);
    Value sum = tosa::ReduceSumOp::create(b, rt, e, axisAttrT);
    if (op == "LogSoftmax")
      y = tosa::SubOp::create(b, t, shifted, tosa::LogOp::create(b, rt, sum));
    else
      y = tosa::MulOp::create(b, t, e, tosa::ReciprocalOp::create(b, rt, sum),
                              mulShift(b));
  }
  return n.output(0, reshape(b, y, xt.getShape()));
}

/// The index of the largest (smallest) element along `axis`, the first or
/// the last of equal ones, as i64 (a linalg reduction of (value, index)).
Value argExtreme(ImplicitLocOpBuilder &b, Value x, int64_t axis, bool isMax,
                 bool last, bool isUnsigned) {
  auto t = cast<RankedTensorType>(x.getType());
  Type element = t.getElementType();
  MLIRContext *ctx = b.getContext();
  int64_t rank = t.getRank();
  SmallVector<int64_t> outShape;
  SmallVector<AffineExpr> outExprs;
  SmallVector<utils::IteratorType> iterators;
  for (int64_t d = 0; d < rank; ++d) {
    iterators.push_back(d == axis ? utils::IteratorType::reduction
                                  : utils::IteratorType::parallel);
    if (d != axis) {
      outShape.push_back(t.getDimSize(d));
      outExprs.push_back(getAffineDimExpr(unsigned(d), ctx));
    }
  }
  double init;
  if (auto f = dyn_cast<FloatType>(element)) {
    init = isMax ? -std::numeric_limits<double>::infinity()
                 : std::numeric_limits<double>::infinity();
  } else {
    unsigned w = element.getIntOrFloatBitWidth();
    if (isUnsigned || w == 1)
      init = isMax ? 0.0 : double(APInt::getMaxValue(w).getZExtValue());
    else
      init = isMax ? double(APInt::getSignedMinValue(w).getSExtValue())
                   : double(APInt::getSignedMaxValue(w).getSExtValue());
  }
  Value bestInit = linalg::FillOp::create(
                       b, scalar(b, b.getLoc(), element, init),
                       Value(tensor::EmptyOp::create(b, outShape, element)))
                       .getResult(0);
  // -1: nothing taken yet (the first element always replaces it).
  Value indexInit =
      linalg::FillOp::create(
          b, scalar(b, b.getLoc(), b.getI64Type(), -1),
          Value(tensor::EmptyOp::create(b, outShape, b.getI64Type())))
          .getResult(0);
  SmallVector<AffineMap> maps = {
      AffineMap::getMultiDimIdentityMap(unsigned(rank), ctx),
      AffineMap::get(unsigned(rank), 0, outExprs, ctx),
      AffineMap::get(unsigned(rank), 0, outExprs, ctx)};
  auto generic = linalg::GenericOp::create(
      b, TypeRange{bestInit.getType(), indexInit.getType()}, ValueRange{x},
      ValueRange{bestInit, indexInit}, maps, iterators,
      [&](OpBuilder &nb, Location loc, ValueRange v) {
        Value i = linalg::IndexOp::create(nb, loc, uint64_t(axis));
        Value idx = arith::IndexCastOp::create(nb, loc, nb.getI64Type(), i);
        Value better;
        if (isa<FloatType>(element)) {
          auto p = isMax ? (last ? arith::CmpFPredicate::OGE
                                 : arith::CmpFPredicate::OGT)
                         : (last ? arith::CmpFPredicate::OLE
                                 : arith::CmpFPredicate::OLT);
          better = arith::CmpFOp::create(nb, loc, p, v[0], v[1]);
        } else {
          bool u = isUnsigned || element.isInteger(1);
          auto p = isMax ? (last ? (u ? arith::CmpIPredicate::uge
                                      : arith::CmpIPredicate::sge)
                                 : (u ? arith::CmpIPredicate::ugt
                                      : arith::CmpIPredicate::sgt))
                         : (last ? (u ? arith::CmpIPredicate::ule
                                      : arith::CmpIPredicate::sle)
                                 : (u ? arith::CmpIPredicate::ult
                                      : arith::CmpIPredicate::slt));
          better = arith::CmpIOp::create(nb, loc, p, v[0], v[1]);
        }
        Value none =
            arith::CmpIOp::create(nb, loc, arith::CmpIPredicate::slt, v[2],
                                  scalar(nb, loc, nb.getI64Type(), 0));
        better = arith::OrIOp::create(nb, loc, better, none);
        Value best = arith::SelectOp::create(nb, loc, better, v[0], v[1]);
        Value bestIdx = arith::SelectOp::create(nb, loc, better, idx, v[2]);
        linalg::YieldOp::create(nb, loc, ValueRange{best, bestIdx});
      });
  return generic.getResult(1);
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
    k = n.i64("k", -1);
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
  if (!element.isF32())
    return n.error() << "input of type " << n.onnxElementType(0)
                     << " is not supported (f32 is)";
  std::optional<int64_t> axis = normalizeAxis(axisAttr, xt.getRank());
  if (!axis)
    return n.error() << "axis " << axisAttr << " is out of range";
  int64_t size = xt.getDimSize(*axis);
  if (k < 0 || k > size)
    return n.error() << "K = " << k << " is out of range for size " << size;
  ImplicitLocOpBuilder &b = n.b;
  SmallVector<int64_t> outShape(xt.getShape());
  outShape[*axis] = k;
  Type i64 = IntegerType::get(b.getContext(), 64, IntegerType::Signed);
  if (k == 0) {
    Value values = tensor::EmptyOp::create(b, outShape, element);
    Value indices = tensor::EmptyOp::create(b, outShape, b.getI64Type());
    return success(succeeded(n.output(0, values)) &&
                   succeeded(n.output(1, indices, i64)));
  }
  // k rounds of (extreme, its first index, mask it out): equal values come
  // in index order, as ONNX specifies.
  SmallVector<int64_t> kept(xt.getShape());
  kept[*axis] = 1;
  auto keptF = RankedTensorType::get(kept, element);
  SmallVector<double> iota;
  SmallVector<int64_t> iotaShape(xt.getRank(), 1);
  iotaShape[*axis] = size;
  for (int64_t i = 0; i < size; ++i)
    iota.push_back(double(i));
  Value positions =
      constantOf(b, RankedTensorType::get(iotaShape, b.getI64Type()), iota);
  double masked = largest ? -std::numeric_limits<double>::infinity()
                          : std::numeric_limits<double>::infinity();
  Value work = *x;
  SmallVector<Value> picked, indices;
  for (int64_t round = 0; round < k; ++round) {
    Value idx =
        reshape(b, argExtreme(b, work, *axis, largest, false, false), kept);
    indices.push_back(idx);
    // The picked value: where positions == idx.
    Value pick =
        elementwise(b, {work, positions, idx}, xt.getShape(), element,
                    [&](OpBuilder &nb, Location loc, ValueRange v) -> Value {
                      Value hit = arith::CmpIOp::create(
                          nb, loc, arith::CmpIPredicate::eq, v[1], v[2]);
                      return arith::SelectOp::create(
                          nb, loc, hit, v[0],
                          scalar(nb, loc, element,
                                 -std::numeric_limits<double>::infinity()));
                    });
    picked.push_back(tosa::ReduceMaxOp::create(
        b, keptF, pick, b.getI32IntegerAttr(int32_t(*axis))));
    if (round + 1 == k)
      break;
    work =
        elementwise(b, {work, positions, idx}, xt.getShape(), element,
                    [&](OpBuilder &nb, Location loc, ValueRange v) -> Value {
                      Value hit = arith::CmpIOp::create(
                          nb, loc, arith::CmpIPredicate::eq, v[1], v[2]);
                      return arith::SelectOp::create(
                          nb, loc, hit, scalar(nb, loc, element, masked), v[0]);
                    });
  }
  auto concat = [&](ArrayRef<Value> parts, Type e) -> Value {
    if (parts.size() == 1)
      return parts.front();
    return tosa::ConcatOp::create(b, RankedTensorType::get(outShape, e), parts,
                                  b.getI32IntegerAttr(int32_t(*axis)));
  };
  if (failed(n.output(0, concat(picked, element))))
    return failure();
  return n.output(1, concat(indices, b.getI64Type()), i64);
}

} // namespace

void mlir::qnn::onnx_to_qnn::populateNormalizationHandlers(OpRegistry &r) {
  r.add("BatchNormalization", {1, 6, 7, 9, 14, 15}, convertBatchNorm);
  r.add("Softmax", {1, 11, 13}, convertSoftmax);
  r.add("LogSoftmax", {1, 11, 13}, convertSoftmax);
  r.add("Hardmax", {1, 11, 13}, convertSoftmax);
  r.add("ArgMax", {1, 11, 12, 13}, convertArgMax);
  r.add("ArgMin", {1, 11, 12, 13}, convertArgMax);
  r.add("TopK", {1, 10, 11, 24}, convertTopK);
}
