//===- Elementwise.cpp - ONNX elementwise operators -----------------------===//
//
// Arithmetic (NumPy broadcasting, run-time operands on both sides), math
// functions, activations, comparisons, logic, Where, Clip, Cast and
// CastLike, for every element type ONNX allows them.
//
// f32 Add, Sub, Mul, Max, Min, Relu, LeakyRelu and Clip with constant
// bounds become TOSA ops: qnn-fuse-epilogues folds those into the integer
// thresholds of a quantized layer. Everything else is a linalg.generic
// whose body is the operator's scalar definition.
//
//===----------------------------------------------------------------------===//

#include "Common.h"
#include "PopulateHandlers.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"

#include <algorithm>
#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::onnx_to_qnn;

namespace {

/// The scalar builder of a unary operator: (builder, loc, x, element type,
/// binder) -> y.
using UnaryFn = std::function<Value(OpBuilder &, Location, Value)>;

bool isFloat(Type t) { return isa<FloatType>(t); }

Value cst(OpBuilder &b, Location loc, Type t, double v) {
  return scalar(b, loc, t, v);
}

/// `fn` on floats narrower than f32 computed in f32 (libm has no f16 or
/// bf16 functions), rounded back once.
UnaryFn inF32(UnaryFn fn) {
  return [fn](OpBuilder &b, Location loc, Value x) -> Value {
    Type t = x.getType();
    if (!isa<FloatType>(t) || t.getIntOrFloatBitWidth() >= 32)
      return fn(b, loc, x);
    Value wide = arith::ExtFOp::create(b, loc, b.getF32Type(), x);
    return arith::TruncFOp::create(b, loc, t, fn(b, loc, wide));
  };
}

/// A unary elementwise handler; `makeFn` reads the node's attributes and
/// returns the scalar function (null when the input type is not accepted,
/// with the error emitted).
Handler unary(std::function<FailureOr<UnaryFn>(NodeBinder &, Type)> makeFn) {
  return [makeFn](NodeBinder &n) -> LogicalResult {
    n.ignore("consumed_inputs");
    FailureOr<Value> x = n.input(0);
    if (failed(x))
      return failure();
    Type element = NodeBinder::typeOf(*x).getElementType();
    FailureOr<UnaryFn> made = makeFn(n, n.onnxElementType(0));
    if (failed(made))
      return failure();
    UnaryFn fn = inF32(*made);
    Value y = elementwise(n.b, *x, NodeBinder::typeOf(*x).getShape(), element,
                          [&](OpBuilder &b, Location loc, ValueRange a) {
                            return fn(b, loc, a[0]);
                          });
    return n.output(0, y);
  };
}

/// A float-only unary operator built from `fn`.
Handler floatUnary(std::function<Value(OpBuilder &, Location, Value)> fn) {
  return unary([fn](NodeBinder &n, Type t) -> FailureOr<UnaryFn> {
    if (!isFloat(t))
      return n.error() << "input of type " << t << " is not a float";
    return UnaryFn(fn);
  });
}

template <typename MathOp> Handler mathUnary() {
  return floatUnary([](OpBuilder &b, Location loc, Value x) -> Value {
    return MathOp::create(b, loc, x);
  });
}

Value sigmoid(OpBuilder &b, Location loc, Value x) {
  Type t = x.getType();
  Value e = math::ExpOp::create(b, loc, arith::NegFOp::create(b, loc, x));
  return arith::DivFOp::create(
      b, loc, cst(b, loc, t, 1.0),
      arith::AddFOp::create(b, loc, cst(b, loc, t, 1.0), e));
}

/// log(1 + exp(x)) without overflow: max(x, 0) + log1p(exp(-|x|)).
Value softplus(OpBuilder &b, Location loc, Value x) {
  Type t = x.getType();
  Value pos = arith::MaximumFOp::create(b, loc, x, cst(b, loc, t, 0.0));
  Value negAbs = arith::NegFOp::create(b, loc, math::AbsFOp::create(b, loc, x));
  return arith::AddFOp::create(
      b, loc, pos,
      math::Log1pOp::create(b, loc, math::ExpOp::create(b, loc, negAbs)));
}

/// max(lo, min(hi, x)) for floats, propagating NaN.
Value clampFloat(OpBuilder &b, Location loc, Value x, Value lo, Value hi) {
  return arith::MinimumFOp::create(
      b, loc, arith::MaximumFOp::create(b, loc, x, lo), hi);
}

/// The legacy broadcast of Add, Sub, Mul, Div, And, ... before opset 7:
/// with `broadcast = 1`, B's dimensions line up with A's from `axis` (by
/// default, B's suffix); the result is NumPy broadcasting of the aligned B.
FailureOr<Value> legacyBroadcast(NodeBinder &n, Value a, Value bValue) {
  int64_t broadcast = n.i64("broadcast", 0);
  auto at = NodeBinder::typeOf(a), bt = NodeBinder::typeOf(bValue);
  bool hasAxis = n.hasAttr("axis");
  int64_t axis = n.i64("axis", at.getRank() - bt.getRank());
  if (!broadcast) {
    if (at.getShape() != bt.getShape())
      return n.error() << "inputs of shapes [" << at.getShape() << "] and ["
                       << bt.getShape() << "] differ and broadcast is not set";
    return bValue;
  }
  if (hasAxis && (axis < 0 || axis + bt.getRank() > at.getRank()))
    return n.error() << "axis " << axis << " does not fit B of rank "
                     << bt.getRank() << " in A of rank " << at.getRank();
  if (axis < 0)
    return n.error() << "B has a higher rank than A";
  SmallVector<int64_t> shape(bt.getShape());
  shape.append(size_t(at.getRank() - axis - bt.getRank()), 1);
  return reshape(n.b, bValue, shape);
}

/// A binary elementwise handler. `tosa` (optional) builds the f32 TOSA
/// form from rank-equalized operands; `fn` the scalar form for every type
/// (given the ONNX element type, to tell signed from unsigned).
struct Binary {
  std::function<FailureOr<Value>(NodeBinder &, Value, Value)> tosa;
  std::function<
      FailureOr<std::function<Value(OpBuilder &, Location, Value, Value)>>(
          NodeBinder &, Type)>
      fn;
  /// The result's element type (null: the operands').
  Type (*result)(MLIRContext *) = nullptr;
  /// Whether both operands must have the same element type.
  bool sameTypes = true;
};

Handler binary(Binary spec) {
  return [spec](NodeBinder &n) -> LogicalResult {
    n.ignore("consumed_inputs");
    FailureOr<Value> a = n.input(0), bValue = n.input(1);
    if (failed(a) || failed(bValue))
      return failure();
    Value rhs = *bValue;
    if (n.since() < 7 && n.opType() != "Pow" && n.opType() != "PRelu") {
      FailureOr<Value> aligned = legacyBroadcast(n, *a, rhs);
      if (failed(aligned))
        return failure();
      rhs = *aligned;
    }
    Type onnxType = n.onnxElementType(0);
    Type element = NodeBinder::typeOf(*a).getElementType();
    if (spec.sameTypes && n.onnxElementType(1) != onnxType)
      return n.error() << "inputs differ in element type: " << onnxType
                       << " and " << n.onnxElementType(1);
    if (spec.tosa && element.isF32() &&
        NodeBinder::typeOf(rhs).getElementType().isF32()) {
      int64_t rank = std::max(NodeBinder::typeOf(*a).getRank(),
                              NodeBinder::typeOf(rhs).getRank());
      Value l = padRank(n.b, *a, rank), r = padRank(n.b, rhs, rank);
      if (!broadcastShapes({NodeBinder::typeOf(l).getShape(),
                            NodeBinder::typeOf(r).getShape()}))
        return n.error() << "inputs of shapes ["
                         << NodeBinder::typeOf(l).getShape() << "] and ["
                         << NodeBinder::typeOf(r).getShape()
                         << "] do not broadcast";
      FailureOr<Value> y = spec.tosa(n, l, r);
      if (failed(y))
        return failure();
      return n.output(0, *y);
    }
    auto fn = spec.fn(n, onnxType);
    if (failed(fn))
      return failure();
    Type resultElement = spec.result ? spec.result(n.b.getContext()) : element;
    FailureOr<Value> y =
        broadcastElementwise(n, {*a, rhs}, resultElement,
                             [&](OpBuilder &b, Location loc, ValueRange v) {
                               return (*fn)(b, loc, v[0], v[1]);
                             });
    if (failed(y))
      return failure();
    return n.output(0, *y, spec.result ? resultElement : Type());
  };
}

using ScalarBinary = std::function<Value(OpBuilder &, Location, Value, Value)>;

/// Float / signed / unsigned variants of a binary operator.
std::function<FailureOr<ScalarBinary>(NodeBinder &, Type)>
byType(ScalarBinary f, ScalarBinary s, ScalarBinary u = nullptr,
       ScalarBinary boolean = nullptr) {
  return [=](NodeBinder &n, Type t) -> FailureOr<ScalarBinary> {
    if (isFloat(t) && f)
      return f;
    if (t.isInteger(1)) {
      if (boolean)
        return boolean;
    } else if (t.isUnsignedInteger() && (u || s)) {
      return u ? u : s;
    } else if (t.isSignedInteger() && s) {
      return s;
    }
    return n.error() << "input type " << t << " is not supported";
  };
}

template <typename Op> ScalarBinary op2() {
  return [](OpBuilder &b, Location loc, Value x, Value y) -> Value {
    return Op::create(b, loc, x, y);
  };
}

ScalarBinary cmpF(arith::CmpFPredicate p) {
  return [p](OpBuilder &b, Location loc, Value x, Value y) -> Value {
    return arith::CmpFOp::create(b, loc, p, x, y);
  };
}
ScalarBinary cmpI(arith::CmpIPredicate p) {
  return [p](OpBuilder &b, Location loc, Value x, Value y) -> Value {
    return arith::CmpIOp::create(b, loc, p, x, y);
  };
}

Type boolType(MLIRContext *ctx) { return IntegerType::get(ctx, 1); }

/// Integer division with x86's traps avoided: x / 0 is 0, MIN / -1 wraps.
Value divInt(OpBuilder &b, Location loc, Value x, Value y, bool isUnsigned) {
  Type t = x.getType();
  Value zero = cst(b, loc, t, 0), one = cst(b, loc, t, 1);
  Value isZero =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, y, zero);
  if (isUnsigned) {
    Value safe = arith::SelectOp::create(b, loc, isZero, one, y);
    Value q = arith::DivUIOp::create(b, loc, x, safe);
    return arith::SelectOp::create(b, loc, isZero, zero, q);
  }
  Value minusOne = cst(b, loc, t, -1);
  Value isMinusOne =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, y, minusOne);
  Value special = arith::OrIOp::create(b, loc, isZero, isMinusOne);
  Value safe = arith::SelectOp::create(b, loc, special, one, y);
  Value q = arith::DivSIOp::create(b, loc, x, safe);
  Value negated = arith::SubIOp::create(b, loc, zero, x);
  q = arith::SelectOp::create(b, loc, isMinusOne, negated, q);
  return arith::SelectOp::create(b, loc, isZero, zero, q);
}

/// Remainder with the sign of the dividend (C's fmod / %), x % 0 = 0.
Value remInt(OpBuilder &b, Location loc, Value x, Value y, bool isUnsigned) {
  Type t = x.getType();
  Value zero = cst(b, loc, t, 0), one = cst(b, loc, t, 1);
  Value isZero =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, y, zero);
  Value bad = isZero;
  if (!isUnsigned)
    bad = arith::OrIOp::create(b, loc, isZero,
                               arith::CmpIOp::create(b, loc,
                                                     arith::CmpIPredicate::eq,
                                                     y, cst(b, loc, t, -1)));
  Value safe = arith::SelectOp::create(b, loc, bad, one, y);
  Value r = isUnsigned ? Value(arith::RemUIOp::create(b, loc, x, safe))
                       : Value(arith::RemSIOp::create(b, loc, x, safe));
  return arith::SelectOp::create(b, loc, bad, zero, r);
}

LogicalResult convertMod(NodeBinder &n) {
  int64_t fmod = n.i64("fmod", 0);
  FailureOr<Value> a = n.input(0), bValue = n.input(1);
  if (failed(a) || failed(bValue))
    return failure();
  Type t = n.onnxElementType(0);
  if (t != n.onnxElementType(1))
    return n.error() << "inputs differ in element type";
  if (isFloat(t) && fmod != 1)
    return n.error() << "fmod must be 1 for float inputs";
  bool isUnsigned = t.isUnsignedInteger();
  FailureOr<Value> y = broadcastElementwise(
      n, {*a, *bValue}, NodeBinder::typeOf(*a).getElementType(),
      [&](OpBuilder &b, Location loc, ValueRange v) -> Value {
        if (isFloat(t))
          return arith::RemFOp::create(b, loc, v[0], v[1]);
        Value r = remInt(b, loc, v[0], v[1], isUnsigned);
        if (fmod || isUnsigned)
          return r;
        // Python's %: the sign of the divisor.
        Value zero = cst(b, loc, r.getType(), 0);
        Value rNeg =
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, r, zero);
        Value yNeg = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt,
                                           v[1], zero);
        Value rNonZero =
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, r, zero);
        Value fix = arith::AndIOp::create(
            b, loc, rNonZero, arith::XOrIOp::create(b, loc, rNeg, yNeg));
        return arith::SelectOp::create(
            b, loc, fix, arith::AddIOp::create(b, loc, r, v[1]), r);
      });
  if (failed(y))
    return failure();
  return n.output(0, *y);
}

LogicalResult convertPow(NodeBinder &n) {
  FailureOr<Value> x = n.input(0), e = n.input(1);
  if (failed(x) || failed(e))
    return failure();
  Value exponent = *e;
  if (n.since() < 7) {
    FailureOr<Value> aligned = legacyBroadcast(n, *x, exponent);
    if (failed(aligned))
      return failure();
    exponent = *aligned;
  }
  Type t = n.onnxElementType(0), et = n.onnxElementType(1);
  bool eUnsigned = et.isUnsignedInteger();
  Type element = NodeBinder::typeOf(*x).getElementType();
  // x * x for a constant 2: exact, and what FuseEpilogues reads.
  if (element.isF32()) {
    if (ElementsAttr c = n.constant(1)) {
      std::optional<SmallVector<double>> v = readDoubles(c, eUnsigned);
      if (v && !v->empty() &&
          llvm::all_of(*v, [](double d) { return d == 2.0; }) &&
          NodeBinder::typeOf(exponent).getRank() <=
              NodeBinder::typeOf(*x).getRank()) {
        Value shift =
            splat(n.b, RankedTensorType::get({1}, n.b.getI8Type()), 0);
        Value y = tosa::MulOp::create(n.b, x->getType(), *x, *x, shift);
        return n.output(0, y);
      }
    }
  }
  FailureOr<Value> y = broadcastElementwise(
      n, {*x, exponent}, element,
      [&](OpBuilder &b, Location loc, ValueRange v) -> Value {
        if (isFloat(t)) {
          Value p = convertScalar(b, loc, v[1], element, eUnsigned);
          return math::PowFOp::create(b, loc, v[0], p);
        }
        // Integer bases: pow in double, truncated (as onnxruntime).
        Type f64 = b.getF64Type();
        Value base = convertScalar(b, loc, v[0], f64, t.isUnsignedInteger());
        Value p = convertScalar(b, loc, v[1], f64, eUnsigned);
        Value r = math::PowFOp::create(b, loc, base, p);
        return convertScalar(b, loc, r, element, false, t.isUnsignedInteger());
      });
  if (failed(y))
    return failure();
  return n.output(0, *y);
}

/// Max, Min, Sum and Mean of any number of inputs.
Handler variadic(StringRef name) {
  std::string op = name.str();
  return [op](NodeBinder &n) -> LogicalResult {
    n.ignore("consumed_inputs");
    SmallVector<Value> inputs;
    for (unsigned i = 0; i < n.numInputs(); ++i) {
      FailureOr<Value> v = n.input(i);
      if (failed(v))
        return failure();
      if (n.onnxElementType(i) != n.onnxElementType(0))
        return n.error() << "inputs differ in element type";
      inputs.push_back(*v);
    }
    if (inputs.empty())
      return n.error() << "needs at least one input";
    Type t = n.onnxElementType(0);
    Type element = NodeBinder::typeOf(inputs[0]).getElementType();
    bool isUnsigned = t.isUnsignedInteger();
    if (op == "Mean" && !isFloat(t))
      return n.error() << "input of type " << t << " is not a float";
    // f32 Max / Min of two: TOSA, which epilogue fusion reads.
    if (element.isF32() && inputs.size() == 2 && (op == "Max" || op == "Min")) {
      int64_t rank = std::max(NodeBinder::typeOf(inputs[0]).getRank(),
                              NodeBinder::typeOf(inputs[1]).getRank());
      Value l = padRank(n.b, inputs[0], rank),
            r = padRank(n.b, inputs[1], rank);
      std::optional<SmallVector<int64_t>> shape = broadcastShapes(
          {NodeBinder::typeOf(l).getShape(), NodeBinder::typeOf(r).getShape()});
      if (!shape)
        return n.error() << "inputs do not broadcast";
      auto type = RankedTensorType::get(*shape, element);
      auto nan = tosa::NanPropagationModeAttr::get(
          n.b.getContext(), tosa::NanPropagationMode::PROPAGATE);
      Value y = op == "Max"
                    ? Value(tosa::MaximumOp::create(n.b, type, l, r, nan))
                    : Value(tosa::MinimumOp::create(n.b, type, l, r, nan));
      return n.output(0, y);
    }
    FailureOr<Value> y = broadcastElementwise(
        n, inputs, element, [&](OpBuilder &b, Location loc, ValueRange v) {
          Value acc = v[0];
          for (Value x : v.drop_front()) {
            if (op == "Max")
              acc =
                  isFloat(t) ? Value(arith::MaximumFOp::create(b, loc, acc, x))
                  : isUnsigned ? Value(arith::MaxUIOp::create(b, loc, acc, x))
                               : Value(arith::MaxSIOp::create(b, loc, acc, x));
            else if (op == "Min")
              acc =
                  isFloat(t) ? Value(arith::MinimumFOp::create(b, loc, acc, x))
                  : isUnsigned ? Value(arith::MinUIOp::create(b, loc, acc, x))
                               : Value(arith::MinSIOp::create(b, loc, acc, x));
            else
              acc = isFloat(t) ? Value(arith::AddFOp::create(b, loc, acc, x))
                               : Value(arith::AddIOp::create(b, loc, acc, x));
          }
          if (op == "Mean")
            acc = arith::DivFOp::create(
                b, loc, acc, cst(b, loc, acc.getType(), double(v.size())));
          return acc;
        });
    if (failed(y))
      return failure();
    return n.output(0, *y);
  };
}

LogicalResult convertClip(NodeBinder &n) {
  n.ignore("consumed_inputs");
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  Type t = n.onnxElementType(0);
  Type element = NodeBinder::typeOf(*x).getElementType();
  bool isUnsigned = t.isUnsignedInteger();
  // Bounds: attributes before opset 11, optional inputs from 11.
  Value lo, hi;
  std::optional<double> loConst, hiConst;
  if (n.since() < 11) {
    loConst = double(n.f32("min", -std::numeric_limits<float>::max()));
    hiConst = double(n.f32("max", std::numeric_limits<float>::max()));
    if (!isFloat(t)) {
      // Clip-1 and -6 define floats; QuantizeLinear's codes (a QCDQ export
      // at an old opset) are clipped as integers, by integral bounds
      // saturated to the type.
      auto it = dyn_cast<IntegerType>(t);
      if (!it || it.getWidth() == 1 || it.getWidth() > 16)
        return n.error() << "input of type " << t << " is not a float";
      double typeLo = isUnsigned ? 0.0 : -std::ldexp(1.0, it.getWidth() - 1);
      double typeHi = std::ldexp(1.0, it.getWidth() - (isUnsigned ? 0 : 1)) - 1;
      for (auto [name, v] :
           {std::pair<const char *, std::optional<double> &>{"min", loConst},
            {"max", hiConst}}) {
        if (std::trunc(*v) != *v)
          return n.error() << "bound " << name << " = " << *v
                           << " is not an integer, and the input holds " << t
                           << " codes";
        v = std::clamp(*v, typeLo, typeHi);
      }
    }
  } else {
    for (unsigned i : {1u, 2u}) {
      if (!n.has(i))
        continue;
      if (n.onnxElementType(i) != t)
        return n.error() << "bound " << i << " has type "
                         << n.onnxElementType(i) << ", not " << t;
      Value v = n.optionalInput(i);
      if (NodeBinder::typeOf(v).getNumElements() != 1)
        return n.error() << (i == 1 ? "min" : "max") << " must be a scalar";
      (i == 1 ? lo : hi) = v;
      if (ElementsAttr c = n.constant(i))
        if (auto d = readDoubles(c, isUnsigned))
          (i == 1 ? loConst : hiConst) = (*d)[0];
    }
  }
  // f32 with constant bounds: tosa.clamp (epilogue fusion reads it).
  bool constBounds = (!lo || loConst) && (!hi || hiConst);
  if (element.isF32() && constBounds) {
    float l =
        loConst ? float(*loConst) : -std::numeric_limits<float>::infinity();
    float h =
        hiConst ? float(*hiConst) : std::numeric_limits<float>::infinity();
    if (n.since() < 11) {
      l = float(*loConst);
      h = float(*hiConst);
    }
    Value y = tosa::ClampOp::create(
        n.b, x->getType(), *x, n.b.getF32FloatAttr(l), n.b.getF32FloatAttr(h),
        tosa::NanPropagationModeAttr::get(n.b.getContext(),
                                          tosa::NanPropagationMode::PROPAGATE));
    return n.output(0, y);
  }
  SmallVector<Value> operands = {*x};
  auto scalarOf = [&](Value v) { return reshape(n.b, v, {}); };
  if (lo)
    operands.push_back(scalarOf(lo));
  else if (loConst)
    operands.push_back(
        splat(n.b, RankedTensorType::get({}, element), *loConst));
  if (hi)
    operands.push_back(scalarOf(hi));
  else if (hiConst)
    operands.push_back(
        splat(n.b, RankedTensorType::get({}, element), *hiConst));
  bool hasLo = lo || loConst, hasHi = hi || hiConst;
  Value y = elementwise(
      n.b, operands, NodeBinder::typeOf(*x).getShape(), element,
      [&](OpBuilder &b, Location loc, ValueRange v) -> Value {
        Value r = v[0];
        unsigned k = 1;
        if (hasLo) {
          Value l = v[k++];
          r = isFloat(t)   ? Value(arith::MaximumFOp::create(b, loc, r, l))
              : isUnsigned ? Value(arith::MaxUIOp::create(b, loc, r, l))
                           : Value(arith::MaxSIOp::create(b, loc, r, l));
        }
        if (hasHi) {
          Value h = v[k++];
          r = isFloat(t)   ? Value(arith::MinimumFOp::create(b, loc, r, h))
              : isUnsigned ? Value(arith::MinUIOp::create(b, loc, r, h))
                           : Value(arith::MinSIOp::create(b, loc, r, h));
        }
        return r;
      });
  return n.output(0, y);
}

LogicalResult convertRelu(NodeBinder &n) {
  n.ignore("consumed_inputs");
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  Type t = n.onnxElementType(0);
  if (t.isF32()) {
    Value y = tosa::ClampOp::create(
        n.b, x->getType(), *x, n.b.getF32FloatAttr(0.0f),
        n.b.getF32FloatAttr(std::numeric_limits<float>::infinity()),
        tosa::NanPropagationModeAttr::get(n.b.getContext(),
                                          tosa::NanPropagationMode::PROPAGATE));
    return n.output(0, y);
  }
  if (!isFloat(t) && !t.isSignedInteger())
    return n.error() << "input of type " << t << " is not supported";
  Value y =
      elementwise(n.b, *x, NodeBinder::typeOf(*x).getShape(),
                  NodeBinder::typeOf(*x).getElementType(),
                  [&](OpBuilder &b, Location loc, ValueRange v) -> Value {
                    Value zero = cst(b, loc, v[0].getType(), 0.0);
                    if (isFloat(t))
                      return arith::MaximumFOp::create(b, loc, v[0], zero);
                    return arith::MaxSIOp::create(b, loc, v[0], zero);
                  });
  return n.output(0, y);
}

LogicalResult convertLeakyRelu(NodeBinder &n) {
  n.ignore("consumed_inputs");
  float alpha = n.f32("alpha", 0.01f);
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  Type t = n.onnxElementType(0);
  if (!isFloat(t))
    return n.error() << "input of type " << t << " is not a float";
  auto xt = NodeBinder::typeOf(*x);
  if (t.isF32() && alpha >= 0.0f && alpha <= 1.0f) {
    // max(x, alpha * x): x for x >= 0, alpha * x below.
    Value shift = splat(n.b, RankedTensorType::get({1}, n.b.getI8Type()), 0);
    Value a = broadcastScalar(n.b, n.b.getF32Type(), xt.getRank(), alpha);
    Value scaled = tosa::MulOp::create(n.b, xt, *x, a, shift);
    Value y = tosa::MaximumOp::create(
        n.b, xt, *x, scaled,
        tosa::NanPropagationModeAttr::get(n.b.getContext(),
                                          tosa::NanPropagationMode::PROPAGATE));
    return n.output(0, y);
  }
  Value y = elementwise(
      n.b, *x, xt.getShape(), xt.getElementType(),
      [&](OpBuilder &b, Location loc, ValueRange v) -> Value {
        Type e = v[0].getType();
        Value neg = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT,
                                          v[0], cst(b, loc, e, 0.0));
        Value scaled =
            arith::MulFOp::create(b, loc, v[0], cst(b, loc, e, alpha));
        return arith::SelectOp::create(b, loc, neg, scaled, v[0]);
      });
  return n.output(0, y);
}

LogicalResult convertPRelu(NodeBinder &n) {
  n.ignore("consumed_inputs");
  FailureOr<Value> x = n.input(0), slope = n.input(1);
  if (failed(x) || failed(slope))
    return failure();
  Type t = n.onnxElementType(0);
  if (n.onnxElementType(1) != t)
    return n.error() << "slope of type " << n.onnxElementType(1)
                     << " differs from x's " << t;
  bool isUnsigned = t.isUnsignedInteger();
  auto xt = NodeBinder::typeOf(*x);
  // Before PRelu-7 the slope holds one value per channel (dimension 1), or
  // one shared value.
  ArrayRef<int64_t> slopeShape = NodeBinder::typeOf(*slope).getShape();
  if (n.since() < 7 && xt.getRank() >= 2 && slopeShape.size() == 1 &&
      slopeShape[0] == xt.getDimSize(1) && slopeShape[0] != 1) {
    SmallVector<int64_t> perChannel(xt.getRank() - 1, 1);
    perChannel[0] = slopeShape[0];
    slope = reshape(n.b, *slope, perChannel);
  }
  // The slope broadcasts to x's shape (unidirectionally).
  std::optional<SmallVector<int64_t>> shape =
      broadcastShapes({xt.getShape(), NodeBinder::typeOf(*slope).getShape()});
  if (!shape || ArrayRef<int64_t>(*shape) != xt.getShape())
    return n.error() << "slope of shape ["
                     << NodeBinder::typeOf(*slope).getShape()
                     << "] does not broadcast to x's [" << xt.getShape() << "]";
  Value y = elementwise(
      n.b, {*x, *slope}, xt.getShape(), xt.getElementType(),
      [&](OpBuilder &b, Location loc, ValueRange v) -> Value {
        Type e = v[0].getType();
        if (isFloat(e)) {
          Value neg = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT,
                                            v[0], cst(b, loc, e, 0.0));
          return arith::SelectOp::create(
              b, loc, neg, arith::MulFOp::create(b, loc, v[0], v[1]), v[0]);
        }
        if (isUnsigned)
          return v[0];
        Value neg = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt,
                                          v[0], cst(b, loc, e, 0));
        return arith::SelectOp::create(
            b, loc, neg, arith::MulIOp::create(b, loc, v[0], v[1]), v[0]);
      });
  return n.output(0, y);
}

LogicalResult convertWhere(NodeBinder &n) {
  FailureOr<Value> c = n.input(0), x = n.input(1), y = n.input(2);
  if (failed(c) || failed(x) || failed(y))
    return failure();
  if (!n.onnxElementType(0).isInteger(1))
    return n.error() << "condition must be BOOL";
  if (n.onnxElementType(1) != n.onnxElementType(2))
    return n.error() << "X and Y differ in element type";
  FailureOr<Value> r = broadcastElementwise(
      n, {*c, *x, *y}, NodeBinder::typeOf(*x).getElementType(),
      [](OpBuilder &b, Location loc, ValueRange v) -> Value {
        return arith::SelectOp::create(b, loc, v[0], v[1], v[2]);
      });
  if (failed(r))
    return failure();
  return n.output(0, *r, n.onnxElementType(1));
}

/// The element type (signedness kept) of ONNX data type `type`; null for
/// types qnn does not compute with.
Type onnxDataType(MLIRContext *ctx, int64_t type) {
  switch (type) {
  case 1:
    return Float32Type::get(ctx);
  case 2:
    return IntegerType::get(ctx, 8, IntegerType::Unsigned);
  case 3:
    return IntegerType::get(ctx, 8, IntegerType::Signed);
  case 4:
    return IntegerType::get(ctx, 16, IntegerType::Unsigned);
  case 5:
    return IntegerType::get(ctx, 16, IntegerType::Signed);
  case 6:
    return IntegerType::get(ctx, 32, IntegerType::Signed);
  case 7:
    return IntegerType::get(ctx, 64, IntegerType::Signed);
  case 9:
    return IntegerType::get(ctx, 1);
  case 10:
    return Float16Type::get(ctx);
  case 11:
    return Float64Type::get(ctx);
  case 12:
    return IntegerType::get(ctx, 32, IntegerType::Unsigned);
  case 13:
    return IntegerType::get(ctx, 64, IntegerType::Unsigned);
  case 16:
    return BFloat16Type::get(ctx);
  case 21:
    return IntegerType::get(ctx, 4, IntegerType::Unsigned);
  case 22:
    return IntegerType::get(ctx, 4, IntegerType::Signed);
  case 25:
    return IntegerType::get(ctx, 2, IntegerType::Unsigned);
  case 26:
    return IntegerType::get(ctx, 2, IntegerType::Signed);
  default:
    return {};
  }
}

/// Cast-1's `to` is the data type's name.
int64_t dataTypeNamed(StringRef name) {
  return llvm::StringSwitch<int64_t>(name)
      .Case("FLOAT", 1)
      .Case("UINT8", 2)
      .Case("INT8", 3)
      .Case("UINT16", 4)
      .Case("INT16", 5)
      .Case("INT32", 6)
      .Case("INT64", 7)
      .Case("STRING", 8)
      .Case("BOOL", 9)
      .Case("FLOAT16", 10)
      .Case("DOUBLE", 11)
      .Case("UINT32", 12)
      .Case("UINT64", 13)
      .Default(0);
}

/// Casts `x` (ONNX element type `from`) to ONNX element type `to`.
Value castTo(ImplicitLocOpBuilder &b, Value x, Type from, Type to) {
  Type storage = to;
  if (auto i = dyn_cast<IntegerType>(to); i && !i.isSignless())
    storage = IntegerType::get(b.getContext(), i.getWidth());
  if (getElementTypeOrSelf(x.getType()) == storage && from == to)
    return x;
  bool fromUnsigned = from.isUnsignedInteger();
  bool toUnsigned = to.isUnsignedInteger();
  return elementwise(b, x, cast<RankedTensorType>(x.getType()).getShape(),
                     storage, [&](OpBuilder &nb, Location loc, ValueRange v) {
                       return convertScalar(nb, loc, v[0], storage,
                                            fromUnsigned, toUnsigned);
                     });
}

LogicalResult convertCast(NodeBinder &n) {
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  Type to;
  if (n.opType() == "CastLike") {
    if (!n.has(1))
      return n.error() << "input 1 (target_type) is missing";
    to = n.onnxElementType(1);
  } else {
    int64_t code = 0;
    Attribute a = n.node().getAttrs().get("to");
    if (auto s = dyn_cast_if_present<StringAttr>(a)) {
      code = dataTypeNamed(n.str("to", ""));
    } else {
      code = n.i64("to", 0);
    }
    to = onnxDataType(n.b.getContext(), code);
    if (!to)
      return n.error() << "casting to ONNX data type " << code
                       << " is not supported";
  }
  // `saturate` only applies to float8 targets, which qnn does not have.
  n.ignore("saturate");
  Type from = n.onnxElementType(0);
  if (!from.isIntOrFloat())
    return n.error() << "input of type " << from << " is not supported";
  return n.output(0, castTo(n.b, *x, from, to), to);
}

} // namespace

void mlir::qnn::onnx_to_qnn::populateElementwiseHandlers(OpRegistry &r) {
  using CmpF = arith::CmpFPredicate;
  using CmpI = arith::CmpIPredicate;
  auto tosaAdd = [](NodeBinder &n, Value l, Value rr) -> FailureOr<Value> {
    auto shape = *broadcastShapes(
        {NodeBinder::typeOf(l).getShape(), NodeBinder::typeOf(rr).getShape()});
    return Value(tosa::AddOp::create(
        n.b, RankedTensorType::get(shape, n.b.getF32Type()), l, rr));
  };
  auto tosaSub = [](NodeBinder &n, Value l, Value rr) -> FailureOr<Value> {
    auto shape = *broadcastShapes(
        {NodeBinder::typeOf(l).getShape(), NodeBinder::typeOf(rr).getShape()});
    return Value(tosa::SubOp::create(
        n.b, RankedTensorType::get(shape, n.b.getF32Type()), l, rr));
  };
  auto tosaMul = [](NodeBinder &n, Value l, Value rr) -> FailureOr<Value> {
    auto shape = *broadcastShapes(
        {NodeBinder::typeOf(l).getShape(), NodeBinder::typeOf(rr).getShape()});
    Value shift = splat(n.b, RankedTensorType::get({1}, n.b.getI8Type()), 0);
    return Value(tosa::MulOp::create(
        n.b, RankedTensorType::get(shape, n.b.getF32Type()), l, rr, shift));
  };
  auto boolean = [](ScalarBinary f) {
    return [f](NodeBinder &n, Type t) -> FailureOr<ScalarBinary> {
      if (!t.isInteger(1))
        return n.error() << "inputs must be BOOL, got " << t;
      return f;
    };
  };
  auto integer = [](ScalarBinary f) {
    return [f](NodeBinder &n, Type t) -> FailureOr<ScalarBinary> {
      if (!isa<IntegerType>(t) || t.isInteger(1))
        return n.error() << "inputs must be integers, got " << t;
      return f;
    };
  };

  r.add("Add", {1, 6, 7, 13, 14},
        binary({tosaAdd, byType(op2<arith::AddFOp>(), op2<arith::AddIOp>())}));
  r.add("Sub", {1, 6, 7, 13, 14},
        binary({tosaSub, byType(op2<arith::SubFOp>(), op2<arith::SubIOp>())}));
  r.add("Mul", {1, 6, 7, 13, 14},
        binary({tosaMul, byType(op2<arith::MulFOp>(), op2<arith::MulIOp>())}));
  r.add("Div", {1, 6, 7, 13, 14},
        binary({nullptr, byType(
                             op2<arith::DivFOp>(),
                             [](OpBuilder &b, Location loc, Value x, Value y) {
                               return divInt(b, loc, x, y, false);
                             },
                             [](OpBuilder &b, Location loc, Value x, Value y) {
                               return divInt(b, loc, x, y, true);
                             })}));
  r.add("Mod", {10, 13}, convertMod);
  r.add("Pow", {1, 7, 12, 13, 15}, convertPow);
  for (StringRef op : {"Max", "Min"})
    r.add(op, {1, 6, 8, 12, 13}, variadic(op));
  for (StringRef op : {"Sum", "Mean"})
    r.add(op, {1, 6, 8, 13}, variadic(op));

  Binary eq{
      nullptr,
      byType(cmpF(CmpF::OEQ), cmpI(CmpI::eq), cmpI(CmpI::eq), cmpI(CmpI::eq)),
      boolType};
  r.add("Equal", {1, 7, 11, 13, 19}, binary(eq));
  r.add("Greater", {1, 7, 9, 13},
        binary({nullptr,
                byType(cmpF(CmpF::OGT), cmpI(CmpI::sgt), cmpI(CmpI::ugt)),
                boolType}));
  r.add("GreaterOrEqual", {12, 16},
        binary({nullptr,
                byType(cmpF(CmpF::OGE), cmpI(CmpI::sge), cmpI(CmpI::uge)),
                boolType}));
  r.add("Less", {1, 7, 9, 13},
        binary({nullptr,
                byType(cmpF(CmpF::OLT), cmpI(CmpI::slt), cmpI(CmpI::ult)),
                boolType}));
  r.add("LessOrEqual", {12, 16},
        binary({nullptr,
                byType(cmpF(CmpF::OLE), cmpI(CmpI::sle), cmpI(CmpI::ule)),
                boolType}));
  r.add("And", {1, 7}, binary({nullptr, boolean(op2<arith::AndIOp>())}));
  r.add("Or", {1, 7}, binary({nullptr, boolean(op2<arith::OrIOp>())}));
  r.add("Xor", {1, 7}, binary({nullptr, boolean(op2<arith::XOrIOp>())}));
  r.add("BitwiseAnd", {18}, binary({nullptr, integer(op2<arith::AndIOp>())}));
  r.add("BitwiseOr", {18}, binary({nullptr, integer(op2<arith::OrIOp>())}));
  r.add("BitwiseXor", {18}, binary({nullptr, integer(op2<arith::XOrIOp>())}));
  r.add("BitShift", {11}, [](NodeBinder &n) -> LogicalResult {
    std::string direction = n.str("direction", "");
    if (direction != "LEFT" && direction != "RIGHT")
      return n.error() << "direction '" << direction
                       << "' is neither LEFT nor RIGHT";
    bool left = direction == "LEFT";
    return binary(
        {nullptr, [left](NodeBinder &n, Type t) -> FailureOr<ScalarBinary> {
           if (!t.isUnsignedInteger())
             return n.error() << "inputs must be unsigned integers";
           return ScalarBinary([left](OpBuilder &b, Location loc, Value x,
                                      Value y) -> Value {
             Type e = x.getType();
             // Shifting by the width or more gives 0.
             Value width = cst(b, loc, e, double(e.getIntOrFloatBitWidth()));
             Value tooFar = arith::CmpIOp::create(
                 b, loc, arith::CmpIPredicate::uge, y, width);
             Value s = left ? Value(arith::ShLIOp::create(b, loc, x, y))
                            : Value(arith::ShRUIOp::create(b, loc, x, y));
             return arith::SelectOp::create(b, loc, tooFar, cst(b, loc, e, 0),
                                            s);
           });
         }})(n);
  });
  r.add("PRelu", {1, 6, 7, 9, 16}, convertPRelu);
  r.add("Where", {9, 16}, convertWhere);
  r.add("Clip", {1, 6, 11, 12, 13}, convertClip);
  r.add("Relu", {1, 6, 13, 14}, convertRelu);
  r.add("LeakyRelu", {1, 6, 16}, convertLeakyRelu);
  r.add("Cast", {1, 6, 9, 13, 19, 21, 23, 24, 25}, convertCast);
  r.add("CastLike", {15, 19, 21, 23, 24, 25}, convertCast);

  // Unary math on floats.
  r.add("Exp", {1, 6, 13}, mathUnary<math::ExpOp>());
  r.add("Log", {1, 6, 13}, mathUnary<math::LogOp>());
  r.add("Sqrt", {1, 6, 13}, mathUnary<math::SqrtOp>());
  r.add("Erf", {9, 13}, mathUnary<math::ErfOp>());
  r.add("Floor", {1, 6, 13}, mathUnary<math::FloorOp>());
  r.add("Ceil", {1, 6, 13}, mathUnary<math::CeilOp>());
  r.add("Round", {11, 22}, mathUnary<math::RoundEvenOp>());
  r.add("Tanh", {1, 6, 13}, mathUnary<math::TanhOp>());
  r.add("Sin", {7, 22}, mathUnary<math::SinOp>());
  r.add("Cos", {7, 22}, mathUnary<math::CosOp>());
  r.add("Tan", {7, 22}, mathUnary<math::TanOp>());
  r.add("Asin", {7, 22}, mathUnary<math::AsinOp>());
  r.add("Acos", {7, 22}, mathUnary<math::AcosOp>());
  r.add("Atan", {7, 22}, mathUnary<math::AtanOp>());
  r.add("Sinh", {9, 22}, mathUnary<math::SinhOp>());
  r.add("Cosh", {9, 22}, mathUnary<math::CoshOp>());
  r.add("Asinh", {9, 22}, mathUnary<math::AsinhOp>());
  r.add("Acosh", {9, 22}, mathUnary<math::AcoshOp>());
  r.add("Atanh", {9, 22}, mathUnary<math::AtanhOp>());
  r.add("Reciprocal", {1, 6, 13},
        floatUnary([](OpBuilder &b, Location loc, Value x) -> Value {
          return arith::DivFOp::create(b, loc, cst(b, loc, x.getType(), 1.0),
                                       x);
        }));
  r.add("Sigmoid", {1, 6, 13}, floatUnary(sigmoid));
  r.add("Softplus", {1, 22}, floatUnary(softplus));
  r.add("Softsign", {1, 22},
        floatUnary([](OpBuilder &b, Location loc, Value x) -> Value {
          Type t = x.getType();
          return arith::DivFOp::create(
              b, loc, x,
              arith::AddFOp::create(b, loc, cst(b, loc, t, 1.0),
                                    math::AbsFOp::create(b, loc, x)));
        }));
  r.add("Mish", {18, 22},
        floatUnary([](OpBuilder &b, Location loc, Value x) -> Value {
          return arith::MulFOp::create(
              b, loc, x, math::TanhOp::create(b, loc, softplus(b, loc, x)));
        }));
  r.add("Abs", {1, 6, 13},
        unary([](NodeBinder &, Type t) -> FailureOr<UnaryFn> {
          bool isUnsigned = t.isUnsignedInteger();
          return UnaryFn([=](OpBuilder &b, Location loc, Value x) -> Value {
            if (isFloat(x.getType()))
              return math::AbsFOp::create(b, loc, x);
            if (isUnsigned)
              return x;
            return math::AbsIOp::create(b, loc, x);
          });
        }));
  r.add(
      "Neg", {1, 6, 13}, unary([](NodeBinder &n, Type t) -> FailureOr<UnaryFn> {
        if (t.isUnsignedInteger())
          return n.error() << "input of type " << t << " is not signed";
        return UnaryFn([](OpBuilder &b, Location loc, Value x) -> Value {
          if (isFloat(x.getType()))
            return arith::NegFOp::create(b, loc, x);
          return arith::SubIOp::create(b, loc, cst(b, loc, x.getType(), 0), x);
        });
      }));
  r.add("Sign", {9, 13}, unary([](NodeBinder &, Type t) -> FailureOr<UnaryFn> {
          bool isUnsigned = t.isUnsignedInteger();
          return UnaryFn([=](OpBuilder &b, Location loc, Value x) -> Value {
            Type e = x.getType();
            Value zero = cst(b, loc, e, 0), one = cst(b, loc, e, 1);
            if (isFloat(e)) {
              Value pos = arith::CmpFOp::create(
                  b, loc, arith::CmpFPredicate::OGT, x, zero);
              Value neg = arith::CmpFOp::create(
                  b, loc, arith::CmpFPredicate::OLT, x, zero);
              Value r =
                  arith::SelectOp::create(b, loc, neg, cst(b, loc, e, -1), x);
              return arith::SelectOp::create(b, loc, pos, one, r);
            }
            Value pos =
                arith::CmpIOp::create(b, loc,
                                      isUnsigned ? arith::CmpIPredicate::ugt
                                                 : arith::CmpIPredicate::sgt,
                                      x, zero);
            Value neg = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt,
                                              x, zero);
            Value r = arith::SelectOp::create(
                b, loc, neg, isUnsigned ? zero : cst(b, loc, e, -1), zero);
            return arith::SelectOp::create(b, loc, pos, one, r);
          });
        }));
  r.add("Not", {1}, unary([](NodeBinder &n, Type t) -> FailureOr<UnaryFn> {
          if (!t.isInteger(1))
            return n.error() << "input must be BOOL";
          return UnaryFn([](OpBuilder &b, Location loc, Value x) -> Value {
            return arith::XOrIOp::create(b, loc, x,
                                         cst(b, loc, x.getType(), 1));
          });
        }));
  r.add("BitwiseNot", {18},
        unary([](NodeBinder &n, Type t) -> FailureOr<UnaryFn> {
          if (!isa<IntegerType>(t) || t.isInteger(1))
            return n.error() << "input must be an integer";
          return UnaryFn([](OpBuilder &b, Location loc, Value x) -> Value {
            return arith::XOrIOp::create(b, loc, x,
                                         cst(b, loc, x.getType(), -1));
          });
        }));

  // Activations with attributes.
  r.add("Elu", {1, 6, 22},
        unary([](NodeBinder &n, Type t) -> FailureOr<UnaryFn> {
          double alpha = n.f32("alpha", 1.0f);
          if (!isFloat(t))
            return n.error() << "input must be a float";
          return UnaryFn([=](OpBuilder &b, Location loc, Value x) -> Value {
            Type e = x.getType();
            Value neg = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT,
                                              x, cst(b, loc, e, 0));
            Value em1 = arith::MulFOp::create(b, loc, cst(b, loc, e, alpha),
                                              math::ExpM1Op::create(b, loc, x));
            return arith::SelectOp::create(b, loc, neg, em1, x);
          });
        }));
  r.add("Selu", {1, 6, 22},
        unary([](NodeBinder &n, Type t) -> FailureOr<UnaryFn> {
          double alpha = n.f32("alpha", 1.67326319217681884765625f);
          double gamma = n.f32("gamma", 1.05070102214813232421875f);
          if (!isFloat(t))
            return n.error() << "input must be a float";
          return UnaryFn([=](OpBuilder &b, Location loc, Value x) -> Value {
            Type e = x.getType();
            Value pos = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT,
                                              x, cst(b, loc, e, 0));
            Value negPart = arith::SubFOp::create(
                b, loc,
                arith::MulFOp::create(b, loc, cst(b, loc, e, alpha),
                                      math::ExpOp::create(b, loc, x)),
                cst(b, loc, e, alpha));
            Value r = arith::SelectOp::create(b, loc, pos, x, negPart);
            return arith::MulFOp::create(b, loc, cst(b, loc, e, gamma), r);
          });
        }));
  r.add("Celu", {12, 28},
        unary([](NodeBinder &n, Type t) -> FailureOr<UnaryFn> {
          double alpha = n.f32("alpha", 1.0f);
          if (!isFloat(t))
            return n.error() << "input must be a float";
          return UnaryFn([=](OpBuilder &b, Location loc, Value x) -> Value {
            Type e = x.getType();
            Value zero = cst(b, loc, e, 0);
            Value em1 = arith::MulFOp::create(
                b, loc, cst(b, loc, e, alpha),
                math::ExpM1Op::create(
                    b, loc,
                    arith::DivFOp::create(b, loc, x, cst(b, loc, e, alpha))));
            return arith::AddFOp::create(
                b, loc, arith::MaximumFOp::create(b, loc, x, zero),
                arith::MinimumFOp::create(b, loc, em1, zero));
          });
        }));
  auto hardSigmoid = [](double alpha, double beta) {
    return [=](OpBuilder &b, Location loc, Value x) -> Value {
      Type e = x.getType();
      Value y = arith::AddFOp::create(
          b, loc, arith::MulFOp::create(b, loc, cst(b, loc, e, alpha), x),
          cst(b, loc, e, beta));
      return clampFloat(b, loc, y, cst(b, loc, e, 0), cst(b, loc, e, 1));
    };
  };
  r.add("HardSigmoid", {1, 6, 22},
        unary([hardSigmoid](NodeBinder &n, Type t) -> FailureOr<UnaryFn> {
          double alpha = n.f32("alpha", 0.2f), beta = n.f32("beta", 0.5f);
          if (!isFloat(t))
            return n.error() << "input must be a float";
          return UnaryFn(hardSigmoid(alpha, beta));
        }));
  r.add("HardSwish", {14, 22},
        unary([hardSigmoid](NodeBinder &n, Type t) -> FailureOr<UnaryFn> {
          if (!isFloat(t))
            return n.error() << "input must be a float";
          auto hs = hardSigmoid(1.0 / 6.0, 0.5);
          return UnaryFn([hs](OpBuilder &b, Location loc, Value x) -> Value {
            return arith::MulFOp::create(b, loc, x, hs(b, loc, x));
          });
        }));
  r.add("ThresholdedRelu", {10, 22},
        unary([](NodeBinder &n, Type t) -> FailureOr<UnaryFn> {
          double alpha = n.f32("alpha", 1.0f);
          if (!isFloat(t))
            return n.error() << "input must be a float";
          return UnaryFn([=](OpBuilder &b, Location loc, Value x) -> Value {
            Type e = x.getType();
            Value above = arith::CmpFOp::create(
                b, loc, arith::CmpFPredicate::OGT, x, cst(b, loc, e, alpha));
            return arith::SelectOp::create(b, loc, above, x, cst(b, loc, e, 0));
          });
        }));
  r.add("Shrink", {9}, unary([](NodeBinder &n, Type t) -> FailureOr<UnaryFn> {
          double bias = n.f32("bias", 0.0f), lambd = n.f32("lambd", 0.5f);
          bool isUnsigned = t.isUnsignedInteger();
          return UnaryFn([=](OpBuilder &b, Location loc, Value x) -> Value {
            Type e = x.getType();
            Value lo = cst(b, loc, e, -lambd), hi = cst(b, loc, e, lambd);
            Value zero = cst(b, loc, e, 0);
            Value below, above, plus, minus;
            if (isFloat(e)) {
              below = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT,
                                            x, lo);
              above = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT,
                                            x, hi);
              plus = arith::AddFOp::create(b, loc, x, cst(b, loc, e, bias));
              minus = arith::SubFOp::create(b, loc, x, cst(b, loc, e, bias));
            } else {
              below = isUnsigned
                          ? Value(cst(b, loc, b.getI1Type(), 0))
                          : Value(arith::CmpIOp::create(
                                b, loc, arith::CmpIPredicate::slt, x, lo));
              above =
                  arith::CmpIOp::create(b, loc,
                                        isUnsigned ? arith::CmpIPredicate::ugt
                                                   : arith::CmpIPredicate::sgt,
                                        x, hi);
              plus = arith::AddIOp::create(b, loc, x, cst(b, loc, e, bias));
              minus = arith::SubIOp::create(b, loc, x, cst(b, loc, e, bias));
            }
            Value r = arith::SelectOp::create(b, loc, above, minus, zero);
            return arith::SelectOp::create(b, loc, below, plus, r);
          });
        }));
  r.add("Gelu", {20}, unary([](NodeBinder &n, Type t) -> FailureOr<UnaryFn> {
          std::string approximate = n.str("approximate", "none");
          if (approximate != "none" && approximate != "tanh")
            return n.error() << "approximate '" << approximate
                             << "' is neither none nor tanh";
          if (!isFloat(t))
            return n.error() << "input must be a float";
          bool useTanh = approximate == "tanh";
          return UnaryFn([=](OpBuilder &b, Location loc, Value x) -> Value {
            Type e = x.getType();
            Value inner;
            if (useTanh) {
              Value x3 = arith::MulFOp::create(
                  b, loc, x, arith::MulFOp::create(b, loc, x, x));
              Value s = arith::AddFOp::create(
                  b, loc, x,
                  arith::MulFOp::create(b, loc, cst(b, loc, e, 0.044715), x3));
              inner = math::TanhOp::create(
                  b, loc,
                  arith::MulFOp::create(
                      b, loc, cst(b, loc, e, std::sqrt(2.0 / M_PI)), s));
            } else {
              inner = math::ErfOp::create(
                  b, loc,
                  arith::MulFOp::create(b, loc, x,
                                        cst(b, loc, e, 1.0 / std::sqrt(2.0))));
            }
            Value onePlus =
                arith::AddFOp::create(b, loc, cst(b, loc, e, 1.0), inner);
            return arith::MulFOp::create(
                b, loc, arith::MulFOp::create(b, loc, cst(b, loc, e, 0.5), x),
                onePlus);
          });
        }));
  r.add("Swish", {24}, unary([](NodeBinder &n, Type t) -> FailureOr<UnaryFn> {
          double alpha = n.f32("alpha", 1.0f);
          if (!isFloat(t))
            return n.error() << "input must be a float";
          return UnaryFn([=](OpBuilder &b, Location loc, Value x) -> Value {
            Value ax = arith::MulFOp::create(
                b, loc, cst(b, loc, x.getType(), alpha), x);
            return arith::MulFOp::create(b, loc, x, sigmoid(b, loc, ax));
          });
        }));
  r.add("IsNaN", {9, 13, 20}, [](NodeBinder &n) -> LogicalResult {
    FailureOr<Value> x = n.input(0);
    if (failed(x))
      return failure();
    if (!isFloat(n.onnxElementType(0)))
      return n.error() << "input must be a float";
    Value y =
        elementwise(n.b, *x, NodeBinder::typeOf(*x).getShape(), n.b.getI1Type(),
                    [](OpBuilder &b, Location loc, ValueRange v) -> Value {
                      return arith::CmpFOp::create(
                          b, loc, arith::CmpFPredicate::UNO, v[0], v[0]);
                    });
    return n.output(0, y, n.b.getI1Type());
  });
  r.add("IsInf", {10, 20}, [](NodeBinder &n) -> LogicalResult {
    bool negative = n.i64("detect_negative", 1) != 0;
    bool positive = n.i64("detect_positive", 1) != 0;
    FailureOr<Value> x = n.input(0);
    if (failed(x))
      return failure();
    if (!isFloat(n.onnxElementType(0)))
      return n.error() << "input must be a float";
    Value y = elementwise(
        n.b, *x, NodeBinder::typeOf(*x).getShape(), n.b.getI1Type(),
        [&](OpBuilder &b, Location loc, ValueRange v) -> Value {
          Type e = v[0].getType();
          double inf = std::numeric_limits<double>::infinity();
          Value r = cst(b, loc, b.getI1Type(), 0);
          if (positive)
            r = arith::OrIOp::create(
                b, loc, r,
                arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, v[0],
                                      cst(b, loc, e, inf)));
          if (negative)
            r = arith::OrIOp::create(
                b, loc, r,
                arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, v[0],
                                      cst(b, loc, e, -inf)));
          return r;
        });
    return n.output(0, y, n.b.getI1Type());
  });
}
