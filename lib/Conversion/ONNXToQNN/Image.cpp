//===- Image.cpp - ONNX sampling of images at run-time coordinates --------===//
//
// This file implements AffineGrid (20), the grid of an affine transform of
// the normalized pixel centers (one linalg.generic), and GridSample (16,
// 20, 22): X [N, C, D1, ..., Dr]
// sampled at the normalized coordinates of a grid [N, O1, ..., Or, r] with
// nearest, N-linear or N-cubic interpolation and zeros, border or
// reflection padding, as the ONNX reference computes it (coordinates made
// absolute, moved into the borders by the padding mode, then each tap read
// through the padding mode). One linalg.generic over the output reads the
// grid and X with tensor.extract; every index read from run-time data is
// clamped into X. f16 and bf16 compute in f32, f64 in f64.
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

enum class Interp { Nearest, Linear, Cubic };
enum class Padding { Zeros, Border, Reflection };

/// Scalar arithmetic in one float type.
struct Arith {
  OpBuilder &b;
  Location loc;
  Type t;
  Value c(double v) { return scalar(b, loc, t, v); }
  Value add(Value x, Value y) { return arith::AddFOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return arith::SubFOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return arith::MulFOp::create(b, loc, x, y); }
  Value div(Value x, Value y) { return arith::DivFOp::create(b, loc, x, y); }
  Value lt(Value x, Value y) {
    return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x, y);
  }
  Value gt(Value x, Value y) {
    return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, x, y);
  }
  Value sel(Value cond, Value x, Value y) {
    return arith::SelectOp::create(b, loc, cond, x, y);
  }
  Value floor(Value x) { return math::FloorOp::create(b, loc, x); }
  Value clamp(Value x, double lo, double hi) {
    return sel(lt(x, c(lo)), c(lo), sel(gt(x, c(hi)), c(hi), x));
  }
  /// The reference's _gs_reflect: reflected by the near border until
  /// within [lo, hi].
  Value reflect(Value x, double lo, double hi) {
    double range = hi - lo;
    if (range <= 0)
      return c(lo);
    auto side = [&](Value dx, bool low) {
      Value n = floor(div(dx, c(range)));
      Value r = sub(dx, mul(n, c(range)));
      Value even =
          arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ,
                                arith::RemFOp::create(b, loc, n, c(2)), c(0));
      Value nearSide = low ? add(c(lo), r) : sub(c(hi), r);
      Value farSide = low ? sub(c(hi), r) : add(c(lo), r);
      return sel(even, nearSide, farSide);
    };
    Value below = side(sub(c(lo), x), true);
    Value above = side(sub(x, c(hi)), false);
    return sel(lt(x, c(lo)), below, sel(gt(x, c(hi)), above, x));
  }
};

/// The reference's cubic coefficients (Keys, A = -0.75) of the four taps at
/// distance t from the first inner tap.
SmallVector<Value> cubicCoefficients(Arith &a, Value t) {
  const double A = -0.75;
  Value x1 = a.add(t, a.c(1));
  Value c0 = a.sub(
      a.mul(a.add(a.mul(a.sub(a.mul(a.c(A), x1), a.c(5 * A)), x1), a.c(8 * A)),
            x1),
      a.c(4 * A));
  Value c1 = a.add(a.mul(a.mul(a.sub(a.mul(a.c(A + 2), t), a.c(A + 3)), t), t),
                   a.c(1));
  Value u = a.sub(a.c(1), t);
  Value c2 = a.add(a.mul(a.mul(a.sub(a.mul(a.c(A + 2), u), a.c(A + 3)), u), u),
                   a.c(1));
  Value v = a.sub(a.c(2), t);
  Value c3 = a.sub(
      a.mul(a.add(a.mul(a.sub(a.mul(a.c(A), v), a.c(5 * A)), v), a.c(8 * A)),
            v),
      a.c(4 * A));
  return {c0, c1, c2, c3};
}

LogicalResult convertGridSample(NodeBinder &n) {
  ImplicitLocOpBuilder &b = n.b;
  bool v16 = n.since() < 20;
  std::string modeName = n.str("mode", v16 ? "bilinear" : "linear");
  std::string paddingName = n.str("padding_mode", "zeros");
  bool alignCorners = n.i64("align_corners", 0) != 0;
  if (n.failed())
    return failure();
  Interp mode;
  if (modeName == "nearest")
    mode = Interp::Nearest;
  else if (modeName == (v16 ? "bilinear" : "linear"))
    mode = Interp::Linear;
  else if (modeName == (v16 ? "bicubic" : "cubic"))
    mode = Interp::Cubic;
  else
    return n.error() << "mode '" << modeName << "' is not one of "
                     << (v16 ? "bilinear, nearest, bicubic"
                             : "linear, nearest, cubic");
  Padding padding;
  if (paddingName == "zeros")
    padding = Padding::Zeros;
  else if (paddingName == "border")
    padding = Padding::Border;
  else if (paddingName == "reflection")
    padding = Padding::Reflection;
  else
    return n.error() << "padding_mode '" << paddingName
                     << "' is not zeros, border or reflection";
  FailureOr<Value> xIn = n.input(0), gridIn = n.input(1);
  if (failed(xIn) || failed(gridIn))
    return failure();
  auto xt = NodeBinder::typeOf(*xIn), gt = NodeBinder::typeOf(*gridIn);
  Type element = xt.getElementType();
  if (!isa<FloatType>(element))
    return n.error() << "X of element type " << element
                     << " is not supported (float types are)";
  if (!isa<FloatType>(gt.getElementType()))
    return n.error() << "grid of element type " << gt.getElementType()
                     << " is not a float type";
  int64_t rank = xt.getRank();
  int64_t spatial = rank - 2;
  if (rank < 3 || (v16 && rank != 4))
    return n.error() << "X has rank " << rank << ", expected "
                     << (v16 ? "4" : "at least 3");
  if (gt.getRank() != rank || gt.getDimSize(0) != xt.getDimSize(0) ||
      gt.getShape().back() != spatial)
    return n.error() << "grid of shape [" << gt.getShape() << "] is not ["
                     << xt.getDimSize(0) << ", "
                     << "output dimensions..., " << spatial
                     << "] for X of shape [" << xt.getShape() << "]";
  ArrayRef<int64_t> dims = xt.getShape().drop_front(2);
  if (llvm::is_contained(dims, 0))
    return n.error() << "X of shape [" << xt.getShape()
                     << "] has no pixels to sample";

  Type ct = element.isF64() ? element : b.getF32Type();
  Value x = *xIn, grid = *gridIn;
  SmallVector<int64_t> outShape = {xt.getDimSize(0), xt.getDimSize(1)};
  llvm::append_range(outShape, gt.getShape().drop_front().drop_back());

  auto body = [&](OpBuilder &nb, Location loc, ValueRange idx) -> Value {
    Arith a{nb, loc, ct};
    Value batch = idx[0], channel = idx[1];
    // Absolute coordinates, moved into the borders.
    SmallVector<Value> coords;
    SmallVector<double> lo, hi;
    for (int64_t i = 0; i < spatial; ++i) {
      SmallVector<Value> gi = {batch};
      llvm::append_range(gi, idx.drop_front(2));
      gi.push_back(arith::ConstantIndexOp::create(nb, loc, spatial - 1 - i));
      Value g = tensor::ExtractOp::create(nb, loc, grid, gi);
      g = convertScalar(nb, loc, g, ct, false);
      double size = double(dims[i]);
      Value v = alignCorners
                    ? a.mul(a.div(a.add(g, a.c(1)), a.c(2)), a.c(size - 1))
                    : a.div(a.sub(a.mul(a.add(g, a.c(1)), a.c(size)), a.c(1)),
                            a.c(2));
      if (mode == Interp::Nearest)
        v = math::RoundEvenOp::create(nb, loc, v);
      lo.push_back(alignCorners ? 0.0 : -0.5);
      hi.push_back(alignCorners ? size - 1 : size - 0.5);
      if (padding == Padding::Border) {
        Value out = arith::OrIOp::create(nb, loc, a.lt(v, a.c(lo[i])),
                                         a.gt(v, a.c(hi[i])));
        v = a.sel(out, a.clamp(v, 0, size - 1), v);
      } else if (padding == Padding::Reflection) {
        v = a.reflect(v, lo[i], hi[i]);
      }
      coords.push_back(v);
    }
    // The taps of each dimension: the first index and the coefficients.
    int64_t taps = mode == Interp::Nearest ? 1 : mode == Interp::Linear ? 2 : 4;
    SmallVector<Value> first;
    SmallVector<SmallVector<Value>> coeffs;
    for (int64_t i = 0; i < spatial; ++i) {
      Value v = coords[i];
      if (mode == Interp::Nearest) {
        // Integral already; int() truncates toward zero.
        first.push_back(math::TruncOp::create(nb, loc, v));
        coeffs.push_back({a.c(1)});
        continue;
      }
      Value f = a.floor(v);
      Value t = a.sub(v, f);
      if (mode == Interp::Linear) {
        first.push_back(f);
        coeffs.push_back({a.sub(a.c(1), t), t});
      } else {
        first.push_back(a.sub(f, a.c(1)));
        coeffs.push_back(cubicCoefficients(a, t));
      }
    }
    // The pixel of tap j of dimension i: its index through the padding
    // mode, and whether it is inside X (zeros padding).
    Value zero = a.c(0);
    Value sum = zero;
    int64_t combos = 1;
    for (int64_t i = 0; i < spatial; ++i)
      combos *= taps;
    for (int64_t combo = 0; combo < combos; ++combo) {
      SmallVector<Value> at = {batch, channel};
      Value weight = a.c(1);
      Value valid;
      int64_t rest = combo;
      for (int64_t i = spatial - 1; i >= 0; --i) {
        int64_t j = rest % taps;
        rest /= taps;
        double size = double(dims[i]);
        Value p = a.add(first[i], a.c(double(j)));
        Value inside;
        if (padding == Padding::Zeros) {
          inside = arith::AndIOp::create(
              nb, loc,
              arith::CmpFOp::create(nb, loc, arith::CmpFPredicate::OGE, p,
                                    a.c(0)),
              a.lt(p, a.c(size)));
        } else if (padding == Padding::Border) {
          p = a.clamp(p, 0, size - 1);
        } else {
          p = math::TruncOp::create(nb, loc, a.reflect(p, lo[i], hi[i]));
        }
        // Clamped whatever the padding: NaN coordinates and rounding never
        // read outside X.
        p = a.clamp(p, 0, size - 1);
        p = arith::SelectOp::create(
            nb, loc,
            arith::CmpFOp::create(nb, loc, arith::CmpFPredicate::UNO, p, p),
            a.c(0), p);
        Value pi = arith::FPToSIOp::create(nb, loc, nb.getI64Type(), p);
        at.insert(at.begin() + 2,
                  arith::IndexCastOp::create(nb, loc, nb.getIndexType(), pi));
        weight = a.mul(weight, coeffs[i][j]);
        if (inside)
          valid =
              valid ? arith::AndIOp::create(nb, loc, valid, inside) : inside;
      }
      Value px = tensor::ExtractOp::create(nb, loc, x, at);
      px = convertScalar(nb, loc, px, ct, false);
      if (valid)
        px = a.sel(valid, px, zero);
      sum = mode == Interp::Nearest ? px : a.add(sum, a.mul(weight, px));
    }
    return convertScalar(nb, loc, sum, element, false);
  };
  Value init = tensor::EmptyOp::create(b, outShape, element);
  const int64_t outRank = int64_t(outShape.size());
  SmallVector<AffineMap> maps = {
      AffineMap::getMultiDimIdentityMap(unsigned(outRank), b.getContext())};
  SmallVector<utils::IteratorType> iterators(outRank,
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, init.getType(), ValueRange{}, init, maps, iterators,
      [&](OpBuilder &nb, Location loc, ValueRange) {
        SmallVector<Value> idx;
        for (int64_t d = 0; d < outRank; ++d)
          idx.push_back(linalg::IndexOp::create(nb, loc, uint64_t(d)));
        linalg::YieldOp::create(nb, loc, body(nb, loc, idx));
      });
  return n.output(0, generic.getResult(0));
}

LogicalResult convertAffineGrid(NodeBinder &n) {
  ImplicitLocOpBuilder &b = n.b;
  bool alignCorners = n.i64("align_corners", 0) != 0;
  if (n.failed())
    return failure();
  FailureOr<Value> thetaIn = n.input(0);
  if (failed(thetaIn))
    return failure();
  FailureOr<SmallVector<int64_t>> size = n.constantInts(1, "size");
  if (failed(size))
    return failure();
  auto tt = NodeBinder::typeOf(*thetaIn);
  Type element = tt.getElementType();
  if (!isa<FloatType>(element))
    return n.error() << "theta of element type " << element
                     << " is not a float type";
  if (size->size() != 4 && size->size() != 5)
    return n.error() << "size [" << *size
                     << "] is not [N, C, H, W] or [N, C, D, H, W]";
  int64_t spatial = int64_t(size->size()) - 2;
  if (tt.getRank() != 3 || tt.getDimSize(0) != (*size)[0] ||
      tt.getDimSize(1) != spatial || tt.getDimSize(2) != spatial + 1)
    return n.error() << "theta of shape [" << tt.getShape() << "] is not ["
                     << (*size)[0] << ", " << spatial << ", " << spatial + 1
                     << "] for size [" << *size << "]";
  if (llvm::any_of(*size, [](int64_t d) { return d < 0; }))
    return n.error() << "size [" << *size << "] has a negative dimension";
  Type ct = element.isF64() ? element : b.getF32Type();
  SmallVector<int64_t> outShape = {(*size)[0]};
  llvm::append_range(outShape, ArrayRef(*size).drop_front(2));
  outShape.push_back(spatial);
  const int64_t outRank = int64_t(outShape.size());
  Value theta = *thetaIn;
  Value init = tensor::EmptyOp::create(b, outShape, element);
  SmallVector<AffineMap> maps = {
      AffineMap::getMultiDimIdentityMap(unsigned(outRank), b.getContext())};
  SmallVector<utils::IteratorType> iterators(outRank,
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, init.getType(), ValueRange{}, init, maps, iterators,
      [&](OpBuilder &nb, Location loc, ValueRange) {
        Arith a{nb, loc, ct};
        Value batch = linalg::IndexOp::create(nb, loc, 0);
        Value c = linalg::IndexOp::create(nb, loc, uint64_t(outRank - 1));
        // The homogeneous coordinates (x, y[, z], 1): x of the last
        // dimension, each the normalized center of its pixel.
        Value sum = a.c(0);
        for (int64_t k = 0; k <= spatial; ++k) {
          Value h;
          if (k == spatial) {
            h = a.c(1);
          } else {
            int64_t d = spatial - 1 - k; // the output dimension 1 + d
            double s = double((*size)[2 + d]);
            Value i = linalg::IndexOp::create(nb, loc, uint64_t(1 + d));
            Value fi = arith::UIToFPOp::create(
                nb, loc, ct,
                arith::IndexCastUIOp::create(nb, loc, nb.getI64Type(), i));
            if (alignCorners)
              h = s > 1 ? a.add(a.c(-1), a.mul(fi, a.c(2.0 / (s - 1))))
                        : a.c(-1);
            else
              h = a.sub(a.div(a.add(a.mul(fi, a.c(2)), a.c(1)), a.c(s)),
                        a.c(1));
          }
          Value th = tensor::ExtractOp::create(
              nb, loc, theta,
              ValueRange{batch, c, arith::ConstantIndexOp::create(nb, loc, k)});
          th = convertScalar(nb, loc, th, ct, false);
          sum = a.add(sum, a.mul(th, h));
        }
        linalg::YieldOp::create(nb, loc,
                                convertScalar(nb, loc, sum, element, false));
      });
  return n.output(0, generic.getResult(0));
}

} // namespace

void mlir::qnn::onnx_to_qnn::populateImageHandlers(OpRegistry &r) {
  r.add("GridSample", {16, 20, 22}, convertGridSample);
  r.add("AffineGrid", {20}, convertAffineGrid);
}
