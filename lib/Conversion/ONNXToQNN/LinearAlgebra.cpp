//===- LinearAlgebra.cpp - ONNX Det ---------------------------------------===//
//
// This file implements Det (11, 22): the determinant of each square matrix
// of X [*, M, M] by Gaussian elimination with partial pivoting (the LU
// factorization NumPy's det computes), unrolled in the body of one
// linalg.generic over the batch dimensions, in f64. The unrolled
// elimination takes O(M^3) operations of IR, so M is bounded.
//
//===----------------------------------------------------------------------===//

#include "Common.h"
#include "PopulateHandlers.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::onnx_to_qnn;

namespace {

/// The largest matrix Det unrolls.
constexpr int64_t kMaxDetSize = 16;

LogicalResult convertDet(NodeBinder &n) {
  ImplicitLocOpBuilder &b = n.b;
  FailureOr<Value> xIn = n.input(0);
  if (failed(xIn))
    return failure();
  auto xt = NodeBinder::typeOf(*xIn);
  Type element = xt.getElementType();
  if (!isa<FloatType>(element))
    return n.error() << "X of element type " << element
                     << " is not a float type";
  int64_t rank = xt.getRank();
  if (rank < 2 || xt.getDimSize(rank - 1) != xt.getDimSize(rank - 2))
    return n.error() << "X of shape [" << xt.getShape() << "] is not [*, M, M]";
  int64_t m = xt.getDimSize(rank - 1);
  if (m > kMaxDetSize)
    return n.error() << "matrices of " << m << " x " << m
                     << " are not supported (at most " << kMaxDetSize << " x "
                     << kMaxDetSize << ")";
  Value x = *xIn;
  SmallVector<int64_t> outShape(xt.getShape().drop_back(2));
  const int64_t outRank = int64_t(outShape.size());
  Value init = tensor::EmptyOp::create(b, outShape, element);
  SmallVector<AffineMap> maps = {
      AffineMap::getMultiDimIdentityMap(unsigned(outRank), b.getContext())};
  SmallVector<utils::IteratorType> iterators(outRank,
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, init.getType(), ValueRange{}, init, maps, iterators,
      [&](OpBuilder &nb, Location loc, ValueRange) {
        Type f64 = nb.getF64Type();
        auto c = [&](double v) { return scalar(nb, loc, f64, v); };
        SmallVector<Value> batch;
        for (int64_t d = 0; d < outRank; ++d)
          batch.push_back(linalg::IndexOp::create(nb, loc, uint64_t(d)));
        // The matrix, as scalars.
        SmallVector<SmallVector<Value>> a(m, SmallVector<Value>(m));
        for (int64_t i = 0; i < m; ++i)
          for (int64_t j = 0; j < m; ++j) {
            SmallVector<Value> at(batch);
            at.push_back(arith::ConstantIndexOp::create(nb, loc, i));
            at.push_back(arith::ConstantIndexOp::create(nb, loc, j));
            Value v = tensor::ExtractOp::create(nb, loc, x, at);
            a[i][j] = convertScalar(nb, loc, v, f64, false);
          }
        Value det = c(1);
        for (int64_t k = 0; k < m; ++k) {
          // The pivot: the first row r >= k of the largest |a[r][k]|.
          Value best = math::AbsFOp::create(nb, loc, a[k][k]);
          SmallVector<Value> isPivot(m);
          Value pivotRow = arith::ConstantIndexOp::create(nb, loc, k);
          for (int64_t r = k + 1; r < m; ++r) {
            Value v = math::AbsFOp::create(nb, loc, a[r][k]);
            Value larger = arith::CmpFOp::create(
                nb, loc, arith::CmpFPredicate::OGT, v, best);
            best = arith::SelectOp::create(nb, loc, larger, v, best);
            pivotRow = arith::SelectOp::create(
                nb, loc, larger, arith::ConstantIndexOp::create(nb, loc, r),
                pivotRow);
          }
          for (int64_t r = k; r < m; ++r)
            isPivot[r] = arith::CmpIOp::create(
                nb, loc, arith::CmpIPredicate::eq, pivotRow,
                arith::ConstantIndexOp::create(nb, loc, r));
          // Rows k and the pivot's swapped; the sign flips when they
          // differ.
          SmallVector<Value> rowK(a[k]);
          for (int64_t j = k; j < m; ++j) {
            Value v = a[k][j];
            for (int64_t r = k + 1; r < m; ++r)
              v = arith::SelectOp::create(nb, loc, isPivot[r], a[r][j], v);
            for (int64_t r = k + 1; r < m; ++r)
              a[r][j] = arith::SelectOp::create(nb, loc, isPivot[r], rowK[j],
                                                a[r][j]);
            a[k][j] = v;
          }
          Value swapped = arith::XOrIOp::create(
              nb, loc, isPivot[k],
              arith::ConstantIntOp::create(nb, loc, nb.getI1Type(), 1));
          det = arith::SelectOp::create(
              nb, loc, swapped, arith::NegFOp::create(nb, loc, det), det);
          Value pivot = a[k][k];
          det = arith::MulFOp::create(nb, loc, det, pivot);
          // Eliminate below; a zero pivot (a zero column) eliminates
          // nothing and makes the determinant 0.
          Value zeroPivot = arith::CmpFOp::create(
              nb, loc, arith::CmpFPredicate::OEQ, pivot, c(0));
          for (int64_t r = k + 1; r < m; ++r) {
            Value f = arith::DivFOp::create(nb, loc, a[r][k], pivot);
            f = arith::SelectOp::create(nb, loc, zeroPivot, c(0), f);
            for (int64_t j = k + 1; j < m; ++j)
              a[r][j] = arith::SubFOp::create(
                  nb, loc, a[r][j], arith::MulFOp::create(nb, loc, f, a[k][j]));
          }
        }
        linalg::YieldOp::create(nb, loc,
                                convertScalar(nb, loc, det, element, false));
      });
  return n.output(0, generic.getResult(0));
}

} // namespace

void mlir::qnn::onnx_to_qnn::populateLinearAlgebraHandlers(OpRegistry &r) {
  r.add("Det", {11, 22}, convertDet);
}
