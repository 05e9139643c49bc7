//===- MatMul.cpp - ONNX Gemm and MatMul ----------------------------------===//
//
// Gemm with every attribute, and MatMul with NumPy semantics: 1-D operands,
// batch dimensions broadcast. f32 products are tosa.matmul on [batch, M, K]
// x [batch, K, N] (what qnn-form-integer-layers turns into integer dense
// layers; a batch that only one side has folds into M); other element
// types are a linalg.generic accumulating in the element type (f32 for
// f16 and bf16).
//
//===----------------------------------------------------------------------===//

#include "Common.h"
#include "PopulateHandlers.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::onnx_to_qnn;

namespace {

/// a [B, M, K] x w [B, K, N] -> [B, M, N], accumulated in `acc` (a float
/// wider than the elements, or the element type) and cast back.
Value batchMatmulGeneric(ImplicitLocOpBuilder &b, Value a, Value w,
                         bool isUnsigned) {
  auto at = cast<RankedTensorType>(a.getType()),
       wt = cast<RankedTensorType>(w.getType());
  Type element = at.getElementType();
  Type acc = element;
  if (auto f = dyn_cast<FloatType>(element); f && f.getWidth() < 32)
    acc = b.getF32Type();
  int64_t batch = at.getDimSize(0), m = at.getDimSize(1), k = at.getDimSize(2),
          n = wt.getDimSize(2);
  MLIRContext *ctx = b.getContext();
  AffineExpr d0, d1, d2, d3;
  bindDims(ctx, d0, d1, d2, d3);
  SmallVector<AffineMap> maps = {AffineMap::get(4, 0, {d0, d1, d3}, ctx),
                                 AffineMap::get(4, 0, {d0, d3, d2}, ctx),
                                 AffineMap::get(4, 0, {d0, d1, d2}, ctx)};
  auto outType = RankedTensorType::get({batch, m, n}, acc);
  Value init = linalg::FillOp::create(
                   b, scalar(b, b.getLoc(), acc, 0.0),
                   Value(tensor::EmptyOp::create(b, outType.getShape(), acc)))
                   .getResult(0);
  (void)k;
  SmallVector<utils::IteratorType> iterators = {
      utils::IteratorType::parallel, utils::IteratorType::parallel,
      utils::IteratorType::parallel, utils::IteratorType::reduction};
  Value y =
      linalg::GenericOp::create(
          b, outType, ValueRange{a, w}, init, maps, iterators,
          [&](OpBuilder &nb, Location loc, ValueRange v) {
            Value x = convertScalar(nb, loc, v[0], acc, isUnsigned);
            Value z = convertScalar(nb, loc, v[1], acc, isUnsigned);
            Value r =
                isa<FloatType>(acc)
                    ? Value(arith::AddFOp::create(
                          nb, loc, v[2], arith::MulFOp::create(nb, loc, x, z)))
                    : Value(arith::AddIOp::create(
                          nb, loc, v[2], arith::MulIOp::create(nb, loc, x, z)));
            linalg::YieldOp::create(nb, loc, r);
          })
          .getResult(0);
  if (acc == element)
    return y;
  return elementwise(b, y, outType.getShape(), element,
                     [&](OpBuilder &nb, Location loc, ValueRange v) {
                       return convertScalar(nb, loc, v[0], element, false);
                     });
}

/// [B, M, K] x [B, K, N] in the element type's form.
Value batchMatmul(ImplicitLocOpBuilder &b, Value a, Value w, bool isUnsigned) {
  auto at = cast<RankedTensorType>(a.getType()),
       wt = cast<RankedTensorType>(w.getType());
  if (!at.getElementType().isF32())
    return batchMatmulGeneric(b, a, w, isUnsigned);
  Value zp = splat(b, RankedTensorType::get({1}, b.getF32Type()), 0.0);
  return tosa::MatMulOp::create(
      b,
      RankedTensorType::get(
          {at.getDimSize(0), at.getDimSize(1), wt.getDimSize(2)},
          b.getF32Type()),
      a, w, zp, zp);
}

} // namespace

FailureOr<Value> mlir::qnn::onnx_to_qnn::buildMatMul(NodeBinder &n, Value a,
                                                     Value w) {
  ImplicitLocOpBuilder &b = n.b;
  auto at = NodeBinder::typeOf(a), wt = NodeBinder::typeOf(w);
  if (at.getRank() == 0 || wt.getRank() == 0)
    return n.error() << "operands must have rank 1 or more";
  bool vecA = at.getRank() == 1, vecW = wt.getRank() == 1;
  if (vecA)
    a = reshape(b, a, {1, at.getDimSize(0)});
  if (vecW)
    w = reshape(b, w, {wt.getDimSize(0), 1});
  at = NodeBinder::typeOf(a);
  wt = NodeBinder::typeOf(w);
  int64_t m = at.getDimSize(at.getRank() - 2), k = at.getShape().back();
  int64_t k2 = wt.getDimSize(wt.getRank() - 2), nn = wt.getShape().back();
  if (k != k2)
    return n.error() << "inner dimensions differ: [" << at.getShape() << "] x ["
                     << wt.getShape() << "]";
  ArrayRef<int64_t> aBatch = at.getShape().drop_back(2),
                    wBatch = wt.getShape().drop_back(2);
  std::optional<SmallVector<int64_t>> batch = broadcastShapes({aBatch, wBatch});
  if (!batch)
    return n.error() << "batch dimensions [" << aBatch << "] and [" << wBatch
                     << "] do not broadcast";
  int64_t batchSize = numElements(*batch);
  bool isUnsigned = n.onnxElementTypeOf(a).isUnsignedInteger();
  Value y;
  if (numElements(wBatch) == 1 && batchSize > 0) {
    // One weight matrix for every batch: the batch folds into M.
    Value a3 = reshape(b,
                       broadcastTo(b, a,
                                   [&] {
                                     SmallVector<int64_t> s(*batch);
                                     s.append({m, k});
                                     return s;
                                   }()),
                       {1, batchSize * m, k});
    Value w3 = reshape(b, w, {1, k, nn});
    y = batchMatmul(b, a3, w3, isUnsigned);
  } else {
    SmallVector<int64_t> as(*batch), ws(*batch);
    as.append({m, k});
    ws.append({k, nn});
    Value a3 = reshape(b, broadcastTo(b, a, as), {batchSize, m, k});
    Value w3 = reshape(b, broadcastTo(b, w, ws), {batchSize, k, nn});
    y = batchMatmul(b, a3, w3, isUnsigned);
  }
  SmallVector<int64_t> shape(*batch);
  if (!vecA)
    shape.push_back(m);
  if (!vecW)
    shape.push_back(nn);
  return reshape(b, y, shape);
}

namespace {

LogicalResult convertMatMul(NodeBinder &n) {
  FailureOr<Value> a = n.input(0), w = n.input(1);
  if (failed(a) || failed(w))
    return failure();
  if (n.onnxElementType(0) != n.onnxElementType(1))
    return n.error() << "inputs differ in element type: "
                     << n.onnxElementType(0) << " and " << n.onnxElementType(1);
  if (n.onnxElementType(0).isInteger(1))
    return n.error() << "BOOL inputs are not supported";
  FailureOr<Value> y = buildMatMul(n, *a, *w);
  if (failed(y))
    return failure();
  return n.output(0, *y);
}

LogicalResult convertGemm(NodeBinder &n) {
  float alpha = n.f32("alpha", 1.0f), beta = n.f32("beta", 1.0f);
  bool transA = n.i64("transA", 0) != 0, transB = n.i64("transB", 0) != 0;
  if (n.since() < 7)
    n.ignore("broadcast"); // C broadcasts unidirectionally either way
  FailureOr<Value> a = n.input(0), w = n.input(1);
  if (failed(a) || failed(w))
    return failure();
  Value c = n.optionalInput(2);
  if (n.since() < 11 && !c)
    return n.error() << "input 2 (C) is missing";
  auto at = NodeBinder::typeOf(*a), wt = NodeBinder::typeOf(*w);
  if (at.getRank() != 2 || wt.getRank() != 2)
    return n.error() << "A and B must be matrices, got [" << at.getShape()
                     << "] and [" << wt.getShape() << "]";
  if (n.onnxElementType(0) != n.onnxElementType(1))
    return n.error() << "A and B differ in element type";
  Type element = at.getElementType();
  ImplicitLocOpBuilder &b = n.b;
  Value lhs = transA ? transpose(b, *a, {1, 0}) : *a;
  Value rhs = transB ? transpose(b, *w, {1, 0}) : *w;
  int64_t m = NodeBinder::typeOf(lhs).getDimSize(0),
          k = NodeBinder::typeOf(lhs).getDimSize(1),
          nn = NodeBinder::typeOf(rhs).getDimSize(1);
  if (NodeBinder::typeOf(rhs).getDimSize(0) != k)
    return n.error() << "inner dimensions differ: A is [" << at.getShape()
                     << "], B [" << wt.getShape() << "]";
  Value y = batchMatmul(b, reshape(b, lhs, {1, m, k}),
                        reshape(b, rhs, {1, k, nn}), n.isUnsigned(0));
  y = reshape(b, y, {m, nn});
  bool isFloat = isa<FloatType>(element);
  auto yt = RankedTensorType::get({m, nn}, element);
  Value shift = splat(b, RankedTensorType::get({1}, b.getI8Type()), 0);
  if (alpha != 1.0f) {
    if (element.isF32())
      y = tosa::MulOp::create(b, yt, y, broadcastScalar(b, element, 2, alpha),
                              shift);
    else
      y = elementwise(
          b, y, yt.getShape(), element,
          [&](OpBuilder &nb, Location loc, ValueRange v) -> Value {
            Value s = scalar(nb, loc, element, alpha);
            return isFloat ? Value(arith::MulFOp::create(nb, loc, v[0], s))
                           : Value(arith::MulIOp::create(nb, loc, v[0], s));
          });
  }
  if (c && beta != 0.0f) {
    auto ct = NodeBinder::typeOf(c);
    std::optional<SmallVector<int64_t>> shape =
        broadcastShapes({yt.getShape(), ct.getShape()});
    if (!shape || ArrayRef<int64_t>(*shape) != yt.getShape())
      return n.error() << "C of shape [" << ct.getShape()
                       << "] does not broadcast to [" << yt.getShape() << "]";
    if (element.isF32()) {
      Value bias = padRank(b, c, 2);
      if (beta != 1.0f)
        bias = tosa::MulOp::create(b, NodeBinder::typeOf(bias), bias,
                                   broadcastScalar(b, element, 2, beta), shift);
      y = tosa::AddOp::create(b, yt, y, bias);
    } else {
      y = elementwise(
          b, {y, c}, yt.getShape(), element,
          [&](OpBuilder &nb, Location loc, ValueRange v) -> Value {
            Value s = scalar(nb, loc, element, beta);
            if (isFloat)
              return arith::AddFOp::create(
                  nb, loc, v[0], arith::MulFOp::create(nb, loc, v[1], s));
            return arith::AddIOp::create(
                nb, loc, v[0], arith::MulIOp::create(nb, loc, v[1], s));
          });
    }
  }
  return n.output(0, y);
}

} // namespace

void mlir::qnn::onnx_to_qnn::populateMatMulHandlers(OpRegistry &r) {
  r.add("MatMul", {1, 9, 13}, convertMatMul);
  r.add("Gemm", {1, 6, 7, 9, 11, 13}, convertGemm);
}
