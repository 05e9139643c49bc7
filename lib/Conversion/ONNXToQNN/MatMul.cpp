//===- MatMul.cpp - ONNX Gemm, MatMul and Einsum --------------------------===//
//
// Gemm with every attribute, MatMul with NumPy semantics (1-D operands,
// batch dimensions broadcast) and Einsum. f32 products are tosa.matmul on
// [batch, M, K] x [batch, K, N] (what qnn-form-integer-layers turns into
// integer dense layers; a batch that only one side has folds into M);
// other element types are a linalg.generic accumulating in the element
// type (f32 for f16 and bf16). Einsum is one linalg.generic for any
// equation.
//
//===----------------------------------------------------------------------===//

#include "Common.h"
#include "PopulateHandlers.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "llvm/ADT/StringExtras.h"

#include <map>

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
  if (!isa<FloatType>(element) &&
      (alpha != std::trunc(alpha) || beta != std::trunc(beta)))
    return n.error() << "alpha " << alpha << " and beta " << beta
                     << " must be integers for integer inputs";
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

namespace {

/// One operand's subscripts: a label per dimension. Letters are their
/// character; the dimensions an ellipsis covers are -1, -2, ... counted
/// from the last (so that they align to the right across operands).
using Subscripts = SmallVector<int>;

/// Parses one term of an Einsum equation ("ij", "...ii", "b...j") for an
/// operand of `rank` dimensions (-1 for the output, whose ellipsis covers
/// `ellipsisRank`).
FailureOr<Subscripts> parseTerm(NodeBinder &n, StringRef term, int64_t rank,
                                int64_t ellipsisRank) {
  Subscripts labels;
  bool ellipsis = false;
  int64_t letters = 0;
  for (char c : term)
    letters += llvm::isAlpha(c);
  for (size_t i = 0; i < term.size();) {
    char c = term[i];
    if (llvm::isAlpha(c)) {
      labels.push_back(c);
      ++i;
      continue;
    }
    if (!term.substr(i).starts_with("...") || ellipsis)
      return n.error() << "equation term '" << term << "' is not letters with "
                       << "at most one '...'";
    ellipsis = true;
    i += 3;
    int64_t covered = rank >= 0 ? rank - letters : ellipsisRank;
    if (covered < 0)
      return n.error() << "equation term '" << term << "' has more letters "
                       << "than its operand's " << rank << " dimensions";
    for (int64_t e = covered; e >= 1; --e)
      labels.push_back(int(-e));
  }
  if (rank >= 0 && int64_t(labels.size()) != rank)
    return n.error() << "equation term '" << term << "' names " << labels.size()
                     << " dimensions of an operand of rank " << rank;
  return labels;
}

/// Einsum as one linalg.generic: a loop per distinct label (the output's
/// first, in its order, then the summed ones), each operand read through
/// its labels (a label repeated in one operand reads its diagonal; a
/// dimension of size 1 broadcasts), the products summed. Floats below f32
/// accumulate in f32.
LogicalResult convertEinsum(NodeBinder &n) {
  std::string equation = n.str("equation", "");
  llvm::erase_if(equation, [](char c) { return c == ' '; });
  StringRef eq(equation);
  SmallVector<Value> inputs;
  for (unsigned i = 0; i < n.numInputs(); ++i) {
    FailureOr<Value> v = n.input(i);
    if (failed(v))
      return failure();
    inputs.push_back(*v);
  }
  if (inputs.empty())
    return n.error() << "no inputs";
  Type element = NodeBinder::typeOf(inputs[0]).getElementType();
  for (unsigned i = 0; i < inputs.size(); ++i)
    if (n.onnxElementType(i) != n.onnxElementType(0))
      return n.error() << "inputs differ in element type: "
                       << n.onnxElementType(0) << " and "
                       << n.onnxElementType(i);
  if (element.isInteger(1))
    return n.error() << "BOOL inputs are not supported";
  auto [lhs, rhs] = eq.split("->");
  bool explicitOutput = eq.contains("->");
  SmallVector<StringRef> terms;
  lhs.split(terms, ',');
  if (terms.size() != inputs.size())
    return n.error() << "equation '" << equation << "' has " << terms.size()
                     << " input terms for " << inputs.size() << " inputs";
  // Labels and sizes: equal, or 1 (broadcast).
  SmallVector<Subscripts> operands;
  std::map<int, int64_t> sizes;
  std::map<int, int64_t> counts;
  int64_t ellipsisRank = 0;
  for (auto [i, term] : llvm::enumerate(terms)) {
    auto t = NodeBinder::typeOf(inputs[i]);
    FailureOr<Subscripts> labels = parseTerm(n, term, t.getRank(), 0);
    if (failed(labels))
      return failure();
    for (auto [d, label] : llvm::enumerate(*labels)) {
      int64_t size = t.getDimSize(d);
      auto [it, inserted] = sizes.try_emplace(label, size);
      if (!inserted && it->second != size) {
        if (it->second != 1 && size != 1)
          return n.error() << "dimension '"
                           << (label < 0 ? std::string("...")
                                         : std::string(1, char(label)))
                           << "' is " << it->second << " and " << size;
        it->second = std::max(it->second, size);
      }
      ++counts[label];
      if (label < 0)
        ellipsisRank = std::max<int64_t>(ellipsisRank, -label);
    }
    operands.push_back(*labels);
  }
  Subscripts output;
  if (explicitOutput) {
    if (ellipsisRank > 0 && !rhs.contains("..."))
      return n.error() << "equation '" << equation << "' drops the "
                       << "dimensions '...' covers from its output";
    FailureOr<Subscripts> labels = parseTerm(n, rhs, -1, ellipsisRank);
    if (failed(labels))
      return failure();
    output = *labels;
    for (int label : output) {
      if (!sizes.count(label))
        return n.error() << "output label '" << char(label)
                         << "' is not in the inputs";
      if (llvm::count(output, label) != 1)
        return n.error() << "output label '" << char(label) << "' is repeated";
    }
  } else {
    // NumPy's implicit output: the ellipsis, then the letters that appear
    // once, in ASCII order.
    for (int64_t e = ellipsisRank; e >= 1; --e)
      output.push_back(int(-e));
    for (auto [label, count] : counts)
      if (label > 0 && count == 1)
        output.push_back(label);
  }
  // Loops: the output's labels, then the others.
  SmallVector<int> loops(output);
  for (auto [label, size] : sizes)
    if (!llvm::is_contained(loops, label))
      loops.push_back(label);
  MLIRContext *ctx = n.b.getContext();
  auto dimOf = [&](int label) {
    return getAffineDimExpr(unsigned(llvm::find(loops, label) - loops.begin()),
                            ctx);
  };
  SmallVector<AffineMap> maps;
  for (auto [i, labels] : llvm::enumerate(operands)) {
    auto t = NodeBinder::typeOf(inputs[i]);
    SmallVector<AffineExpr> exprs;
    for (auto [d, label] : llvm::enumerate(labels))
      exprs.push_back(t.getDimSize(d) == 1 && sizes[label] != 1
                          ? getAffineConstantExpr(0, ctx)
                          : dimOf(label));
    maps.push_back(AffineMap::get(unsigned(loops.size()), 0, exprs, ctx));
  }
  SmallVector<AffineExpr> outExprs;
  SmallVector<int64_t> shape;
  for (int label : output) {
    outExprs.push_back(dimOf(label));
    shape.push_back(sizes[label]);
  }
  maps.push_back(AffineMap::get(unsigned(loops.size()), 0, outExprs, ctx));
  SmallVector<utils::IteratorType> iterators(output.size(),
                                             utils::IteratorType::parallel);
  iterators.append(loops.size() - output.size(),
                   utils::IteratorType::reduction);
  ImplicitLocOpBuilder &b = n.b;
  Type acc = element;
  if (auto f = dyn_cast<FloatType>(element); f && f.getWidth() < 32)
    acc = b.getF32Type();
  bool isFloat = isa<FloatType>(acc);
  Value init =
      linalg::FillOp::create(b, scalar(b, b.getLoc(), acc, 0.0),
                             Value(tensor::EmptyOp::create(b, shape, acc)))
          .getResult(0);
  Value y =
      linalg::GenericOp::create(
          b, init.getType(), inputs, init, maps, iterators,
          [&](OpBuilder &nb, Location loc, ValueRange v) {
            Value product;
            for (Value x : v.drop_back()) {
              x = convertScalar(nb, loc, x, acc, false);
              product = !product ? x
                        : isFloat
                            ? Value(arith::MulFOp::create(nb, loc, product, x))
                            : Value(arith::MulIOp::create(nb, loc, product, x));
            }
            Value r =
                isFloat
                    ? Value(arith::AddFOp::create(nb, loc, v.back(), product))
                    : Value(arith::AddIOp::create(nb, loc, v.back(), product));
            linalg::YieldOp::create(nb, loc, r);
          })
          .getResult(0);
  if (acc != element)
    y = elementwise(b, y, shape, element,
                    [&](OpBuilder &nb, Location loc, ValueRange v) {
                      return convertScalar(nb, loc, v[0], element, false);
                    });
  return n.output(0, y);
}

} // namespace

void mlir::qnn::onnx_to_qnn::populateMatMulHandlers(OpRegistry &r) {
  r.add("MatMul", {1, 9, 13}, convertMatMul);
  r.add("Gemm", {1, 6, 7, 9, 11, 13}, convertGemm);
  r.add("Einsum", {12}, convertEinsum);
}
