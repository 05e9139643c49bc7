//===- QONNX.cpp - QONNX and FINN quantizers ------------------------------===//
//
// The custom ops of the QONNX domain (also written under the FINN and
// Brevitas domain names): Quant / IntQuant, BipolarQuant, Trunc (versions 1
// and 2) and MultiThreshold, computing what QONNX's reference execution
// (qonnx.custom_op.general, NumPy) computes, value for value.
//
// Two paths:
//  * Packed: where the quantizer fits qnn's typed quantization (f32 input,
//    at most 8 bits, parameters per tensor or along one axis, output values
//    a qnn type dequantizes exactly), a qnn.quantize or an exact
//    qnn.multithreshold to a !qnn.uniform / !qnn.codebook tensor, then
//    qnn.dequantize, so that the layers it feeds become integer layers. The
//    codes are QONNX's: the thresholds are found by bisection
//    (::qnn::ref::exactThresholds) over QONNX's arithmetic emulated in the
//    precision NumPy uses, and qnn.quantize is kept only where its own
//    thresholds are the same; constants become qnn.constant codes. Every
//    dequantized value is checked against QONNX's at compile time (a
//    uniform type, else integer levels over a common scale, else a codebook
//    of the values; else the wide path).
//  * Wide: everything else (9 to 32 bits, broadcasts along several axes,
//    f16 / bf16 / f64 / integer inputs, Trunc-1, more than 255 thresholds,
//    negative scales, ...): QONNX's formula, operation by operation, in a
//    linalg.generic.
//
// The precision rule (the one test/Exporters/qonnx_numpy.py states): a
// quantizer computes in the float type NumPy's array promotion gives its
// float operands (x, scale, zero point; Trunc's out_scale), float64 when
// none is float; integer operands do not widen it (NumPy 1.x's reading of
// scalar parameters; NumPy 2 would widen float32 by an INT64 zero point).
// Each operation rounds to that type as NumPy's does (float16 included);
// the 0.5 of HALF_UP / HALF_DOWN and MultiThreshold's float attributes take
// the array's type. QONNX's min_int / max_int are rounded to it. bf16
// tensors compute as float32 (NumPy has no bfloat16). Quant's result is
// float32 (execute_node's astype), then the declared output type.
//
// NaN: BipolarQuant, 1-bit signed Quant and MultiThreshold send NaN where
// QONNX does (a tosa.maximum with -inf, NaN-ignoring, ahead of the
// thresholds, which the epilogue fusion absorbs); a multi-bit Quant or
// Trunc on the packed path gives NaN the code of 0.0 (codes hold no NaN),
// on the wide path NaN as QONNX.
//
//===----------------------------------------------------------------------===//

#include "Common.h"
#include "PopulateHandlers.h"

#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/QNNTypes.h"
#include "qnn/Reference/Reference.h"
#include "qnn/Support/Limits.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/Support/Format.h"

#include <algorithm>
#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::onnx_to_qnn;
namespace ref = ::qnn::ref;

namespace {

constexpr const char *kDomains[] = {"qonnx.custom_op.general",
                                    "finn.custom_op.general", "onnx.brevitas"};

/// `v` as printf's %g writes it (diagnostics).
std::string shortNumber(double v) {
  std::string text;
  llvm::raw_string_ostream(text) << llvm::format("%g", v);
  return text;
}

//===----------------------------------------------------------------------===//
// NumPy dtypes and their promotion
//===----------------------------------------------------------------------===//

enum class DType { Bool, I8, I16, I32, I64, U8, U16, U32, U64, F16, F32, F64 };

bool isFloat(DType t) {
  return t == DType::F16 || t == DType::F32 || t == DType::F64;
}
bool isUnsignedInt(DType t) {
  return t == DType::U8 || t == DType::U16 || t == DType::U32 ||
         t == DType::U64;
}
unsigned widthOf(DType t) {
  switch (t) {
  case DType::Bool:
    return 1;
  case DType::I8:
  case DType::U8:
    return 8;
  case DType::I16:
  case DType::U16:
  case DType::F16:
    return 16;
  case DType::I32:
  case DType::U32:
  case DType::F32:
    return 32;
  default:
    return 64;
  }
}
const char *nameOf(DType t) {
  static const char *names[] = {"bool",   "int8",    "int16",   "int32",
                                "int64",  "uint8",   "uint16",  "uint32",
                                "uint64", "float16", "float32", "float64"};
  return names[int(t)];
}
DType floatOfWidth(unsigned w) {
  return w <= 16 ? DType::F16 : w <= 32 ? DType::F32 : DType::F64;
}
DType intOf(unsigned w, bool isUnsigned) {
  switch (w) {
  case 8:
    return isUnsigned ? DType::U8 : DType::I8;
  case 16:
    return isUnsigned ? DType::U16 : DType::I16;
  case 32:
    return isUnsigned ? DType::U32 : DType::I32;
  default:
    return isUnsigned ? DType::U64 : DType::I64;
  }
}

/// np.result_type(a, b) of two array dtypes (NEP 50).
DType promote(DType a, DType b) {
  if (a == b || b == DType::Bool)
    return a;
  if (a == DType::Bool)
    return b;
  if (isFloat(a) && isFloat(b))
    return widthOf(a) >= widthOf(b) ? a : b;
  if (isFloat(a) || isFloat(b)) {
    DType f = isFloat(a) ? a : b, i = isFloat(a) ? b : a;
    DType need = floatOfWidth(2 * widthOf(i));
    return widthOf(f) >= widthOf(need) ? f : need;
  }
  if (isUnsignedInt(a) == isUnsignedInt(b))
    return widthOf(a) >= widthOf(b) ? a : b;
  DType u = isUnsignedInt(a) ? a : b, s = isUnsignedInt(a) ? b : a;
  if (widthOf(s) > widthOf(u))
    return s;
  if (widthOf(u) == 64)
    return DType::F64;
  return intOf(2 * widthOf(u), false);
}
/// The float type a quantizer computes in: np.result_type of its float
/// operands (integer operands do not widen it), float64 when none is float.
DType computeType(ArrayRef<DType> operands) {
  std::optional<DType> p;
  for (DType t : operands)
    if (isFloat(t))
      p = p ? promote(*p, t) : t;
  return p.value_or(DType::F64);
}

/// The NumPy dtype of an ONNX element type (bf16 computes as float32).
std::optional<DType> dtypeOf(Type t) {
  if (!t)
    return std::nullopt;
  if (t.isF16())
    return DType::F16;
  if (t.isF32() || t.isBF16())
    return DType::F32;
  if (t.isF64())
    return DType::F64;
  auto i = dyn_cast<IntegerType>(t);
  if (!i)
    return std::nullopt;
  if (i.getWidth() == 1)
    return DType::Bool;
  if (i.getWidth() != 8 && i.getWidth() != 16 && i.getWidth() != 32 &&
      i.getWidth() != 64)
    return std::nullopt;
  return intOf(i.getWidth(), i.isUnsigned());
}

Type mlirTypeOf(MLIRContext *ctx, DType t) {
  Builder b(ctx);
  switch (t) {
  case DType::F16:
    return b.getF16Type();
  case DType::F32:
    return b.getF32Type();
  case DType::F64:
    return b.getF64Type();
  default:
    return b.getIntegerType(widthOf(t));
  }
}

const llvm::fltSemantics &semanticsOf(DType t) {
  return t == DType::F16   ? llvm::APFloat::IEEEhalf()
         : t == DType::F32 ? llvm::APFloat::IEEEsingle()
                           : llvm::APFloat::IEEEdouble();
}

/// `v` rounded to float dtype `t` (nearest, ties to even), as a double.
double roundTo(double v, DType t) {
  if (t == DType::F64 || std::isnan(v))
    return v;
  if (t == DType::F32)
    return double(float(v));
  llvm::APFloat a(v);
  bool lost;
  a.convert(semanticsOf(t), llvm::APFloat::rmNearestTiesToEven, &lost);
  a.convert(llvm::APFloat::IEEEdouble(), llvm::APFloat::rmNearestTiesToEven,
            &lost);
  return a.convertToDouble();
}

/// `v` (a value of dtype `from`) converted to `to` inside a linalg body.
Value castTo(OpBuilder &b, Location loc, Value v, DType from, DType to) {
  Type target = mlirTypeOf(b.getContext(), to);
  if (v.getType() == target)
    return v;
  return convertScalar(b, loc, v, target, isUnsignedInt(from),
                       isUnsignedInt(to));
}

//===----------------------------------------------------------------------===//
// QONNX's arithmetic at compile time and in IR
//===----------------------------------------------------------------------===//

/// resolve_rounding_mode's functions applied to `y`, a value of float dtype
/// `p`: np.round, np.ceil, np.floor, np.fix, and sign(y) * floor(|y| + 0.5)
/// (HALF_UP), sign(y) * ceil(|y| - 0.5) (HALF_DOWN), sign(y) * ceil(|y|)
/// (UP) with the sums rounded to `p` as NumPy computes them.
double qonnxRound(double y, ref::RoundingMode mode, DType p) {
  auto sign = [](double v) { return v > 0 ? 1.0 : v < 0 ? -1.0 : v; };
  switch (mode) {
  case ref::RoundingMode::HalfEven:
    return std::nearbyint(y);
  case ref::RoundingMode::Ceil:
    return std::ceil(y);
  case ref::RoundingMode::Floor:
    return std::floor(y);
  case ref::RoundingMode::Down:
    return std::trunc(y);
  case ref::RoundingMode::Up:
    return sign(y) * std::ceil(std::fabs(y));
  case ref::RoundingMode::HalfUp:
    return sign(y) * std::floor(roundTo(std::fabs(y) + 0.5, p));
  case ref::RoundingMode::HalfDown:
    return sign(y) * std::ceil(roundTo(std::fabs(y) - 0.5, p));
  }
  return y;
}

/// The same in IR, on a float scalar.
Value emitRound(OpBuilder &b, Location loc, Value y, ref::RoundingMode mode) {
  Type t = y.getType();
  auto sign = [&] {
    Value zero = scalar(b, loc, t, 0.0);
    Value pos =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, y, zero);
    Value neg =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, y, zero);
    Value s = arith::SelectOp::create(b, loc, neg, scalar(b, loc, t, -1.0), y);
    return arith::SelectOp::create(b, loc, pos, scalar(b, loc, t, 1.0), s);
  };
  switch (mode) {
  case ref::RoundingMode::HalfEven:
    return math::RoundEvenOp::create(b, loc, y);
  case ref::RoundingMode::Ceil:
    return math::CeilOp::create(b, loc, y);
  case ref::RoundingMode::Floor:
    return math::FloorOp::create(b, loc, y);
  case ref::RoundingMode::Down:
    return math::TruncOp::create(b, loc, y);
  case ref::RoundingMode::Up: {
    Value m = math::CeilOp::create(b, loc, math::AbsFOp::create(b, loc, y));
    return arith::MulFOp::create(b, loc, sign(), m);
  }
  case ref::RoundingMode::HalfUp: {
    Value a = arith::AddFOp::create(b, loc, math::AbsFOp::create(b, loc, y),
                                    scalar(b, loc, t, 0.5));
    return arith::MulFOp::create(b, loc, sign(),
                                 math::FloorOp::create(b, loc, a));
  }
  case ref::RoundingMode::HalfDown: {
    Value a = arith::SubFOp::create(b, loc, math::AbsFOp::create(b, loc, y),
                                    scalar(b, loc, t, 0.5));
    return arith::MulFOp::create(b, loc, sign(),
                                 math::CeilOp::create(b, loc, a));
  }
  }
  return y;
}

/// np.where(y > hi, hi, y) then np.where(y < lo, lo, y): NaN stays.
Value emitClamp(OpBuilder &b, Location loc, Value y, double lo, double hi) {
  Type t = y.getType();
  Value h = scalar(b, loc, t, hi), l = scalar(b, loc, t, lo);
  Value above = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, y, h);
  y = arith::SelectOp::create(b, loc, above, h, y);
  Value below = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, y, l);
  return arith::SelectOp::create(b, loc, below, l, y);
}

/// QONNX's min_int / max_int of a bit width, rounded to the computing
/// type `to` (float16 has no 2^16 - 1: it becomes inf, as in NumPy).
struct Bounds {
  double lo, hi;
};
Bounds qonnxBounds(int64_t bits, bool isSigned, bool narrow, DType to) {
  double lo =
      isSigned ? -std::ldexp(1.0, int(bits - 1)) + (narrow ? 1 : 0) : 0.0;
  double hi = isSigned ? std::ldexp(1.0, int(bits - 1)) - 1
                       : std::ldexp(1.0, int(bits)) - (narrow ? 2 : 1);
  return Bounds{roundTo(lo, to), roundTo(hi, to)};
}

/// A constant parameter: its values (as doubles), dtype and shape.
struct Param {
  SmallVector<double> values;
  DType type = DType::F32;
  SmallVector<int64_t> shape;
  /// The value of channel `c` along the output axis (one value or one per
  /// channel).
  double at(int64_t c) const {
    return values.size() == 1 ? values[0] : values[size_t(c)];
  }
};

FailureOr<Param> readParam(NodeBinder &n, unsigned i, StringRef what) {
  FailureOr<ElementsAttr> attr = n.requireConstant(i, what);
  if (failed(attr))
    return failure();
  std::optional<DType> t = dtypeOf(n.onnxElementType(i));
  if (!t || *t == DType::Bool)
    return n.error() << what << " of element type "
                     << attr->getShapedType().getElementType()
                     << " is not a number type";
  std::optional<SmallVector<double>> v = readDoubles(*attr, isUnsignedInt(*t));
  if (!v)
    return n.error() << what << " cannot be read";
  Param p;
  p.values = std::move(*v);
  p.type = *t;
  p.shape.assign(attr->getShapedType().getShape().begin(),
                 attr->getShapedType().getShape().end());
  return p;
}

/// A scale parameter: finite and, unless zero, a normal f32 value. QONNX
/// computes whatever NumPy makes of a NaN, infinite or subnormal scale (NaN
/// or infinity everywhere); qnn reports the model instead.
FailureOr<Param> readScale(NodeBinder &n, unsigned i, StringRef what) {
  FailureOr<Param> p = readParam(n, i, what);
  if (failed(p))
    return failure();
  for (auto [k, v] : llvm::enumerate(p->values)) {
    if (!std::isfinite(v))
      return n.error() << what << " " << shortNumber(v) << " (element " << k
                       << ") is not finite";
    if (isSubnormalScale(v))
      return n.error() << what << " " << shortNumber(v) << " (element " << k
                       << ") " << kSubnormalScaleReason;
  }
  return p;
}

/// A bit width: one integral value from `lo` to 32.
FailureOr<int64_t> readBits(NodeBinder &n, const Param &p, StringRef what,
                            int64_t lo = 1) {
  if (p.values.size() != 1)
    return n.error() << what << " must be one value, got " << p.values.size();
  double v = p.values[0];
  if (!(v >= double(lo) && v <= 32.0) || v != std::floor(v))
    return n.error() << what << " " << shortNumber(v)
                     << " is not an integer from " << lo << " to 32";
  return int64_t(v);
}

/// The axis of `outShape` along which the parameters vary, -1 when none
/// does; nullopt when they vary along several axes.
std::optional<int64_t> channelAxis(ArrayRef<int64_t> outShape,
                                   ArrayRef<const Param *> params) {
  int64_t axis = -1, rank = int64_t(outShape.size());
  for (const Param *p : params) {
    if (p->values.size() == 1)
      continue;
    int64_t offset = rank - int64_t(p->shape.size());
    for (auto [d, size] : llvm::enumerate(p->shape)) {
      if (size == 1)
        continue;
      int64_t at = offset + int64_t(d);
      if (axis >= 0 && axis != at)
        return std::nullopt;
      axis = at;
    }
  }
  return axis;
}

/// The element type the file declares for output 0, or `computed` when it
/// declares none (or a non-float one, which the declared-type check then
/// reports).
Type outputElement(NodeBinder &n, Type computed) {
  auto t = dyn_cast<RankedTensorType>(n.node().getResult(0).getType());
  if (t && isa<FloatType>(t.getElementType()))
    return t.getElementType();
  return computed;
}

/// `x` with NaN made -inf (tosa.maximum with -inf, NaN ignored): ahead of
/// thresholds, NaN then reaches none of them, as NumPy's `x >= t` is false
/// for NaN. qnn-fuse-epilogues reads it as a max step.
Value nanToNegInf(ImplicitLocOpBuilder &b, Value x) {
  // Constants (weights) without NaN stay constants, which the quantizer
  // folds.
  if (ElementsAttr c = getConstantElements(x)) {
    std::optional<SmallVector<double>> v = readDoubles(c, false);
    if (v && llvm::none_of(*v, [](double d) { return std::isnan(d); }))
      return x;
  }
  auto t = NodeBinder::typeOf(x);
  Value negInf = broadcastScalar(b, t.getElementType(), t.getRank(),
                                 -std::numeric_limits<double>::infinity());
  auto max = tosa::MaximumOp::create(b, t, x, negInf);
  max.setNanModeAttr(tosa::NanPropagationModeAttr::get(
      b.getContext(), tosa::NanPropagationMode::IGNORE));
  return max;
}

//===----------------------------------------------------------------------===//
// The packed path: codes and values of a quantizer, and the qnn type that
// holds them exactly.
//===----------------------------------------------------------------------===//

/// A monotone quantizer of f32 inputs, channel by channel: `codeOf(x, c)`
/// in [lo, hi] and the exact f32 output value of each code.
struct PackedQuantizer {
  int64_t lo = 0, hi = 0;
  int64_t axis = -1, channels = 1;
  std::function<int64_t(float, int64_t)> codeOf;
  /// values[c][k - lo].
  SmallVector<SmallVector<float>> values;
  /// The uniform reading to try first: scale and zero point per channel.
  SmallVector<double> scales, zeroPoints;
  bool isSigned = true;
  /// The rounding mode qnn.quantize would use (nullopt: never qnn.quantize).
  std::optional<ref::RoundingMode> quantizeMode;
  /// Whether QONNX sends NaN to the lowest code (no NaN on the output).
  bool nanToLowest = false;
};

/// The qnn type whose dequantized values are exactly `q.values`: uniform
/// with the given scales and zero points, else a codebook of integer
/// levels times a common scale, else a codebook of the values themselves.
std::optional<ref::QuantSpec> chooseSpec(const PackedQuantizer &full) {
  // One type for every channel where their values and parameters agree
  // (per-channel thresholds of one per-tensor type).
  PackedQuantizer q = full;
  bool same = true;
  for (int64_t c = 1; c < q.channels && same; ++c)
    same = q.values[c] == q.values[0] &&
           (q.scales.empty() ||
            (q.scales[c] == q.scales[0] && q.zeroPoints[c] == q.zeroPoints[0]));
  if (same && q.channels > 1) {
    q.channels = 1;
    q.axis = -1;
    q.values.resize(1);
    if (!q.scales.empty()) {
      q.scales.resize(1);
      q.zeroPoints.resize(1);
    }
  }
  int64_t numCodes = q.hi - q.lo + 1;
  if (numCodes < 2)
    return std::nullopt;
  unsigned codeBits =
      std::max(1u, unsigned(llvm::bit_width(uint64_t(numCodes - 1))));
  auto matches = [&](const ref::QuantSpec &spec) {
    if (!spec.validate().empty())
      return false;
    for (int64_t c = 0; c < q.channels; ++c)
      for (int64_t k = q.lo; k <= q.hi; ++k) {
        int64_t code = spec.isCodebook ? k - q.lo : k;
        float v = spec.dequantize(code, size_t(c));
        float want = q.values[c][k - q.lo];
        if (!(v == want) || std::signbit(v) != std::signbit(want))
          return false;
      }
    return true;
  };
  // Uniform: the quantizer's own scale and integer zero point.
  if (!q.scales.empty() && numCodes <= 256) {
    ref::QuantSpec s;
    s.bits = 0;
    for (unsigned b = 1; b <= 8 && !s.bits; ++b) {
      int64_t fullMin = q.isSigned ? -(int64_t(1) << (b - 1)) : 0;
      int64_t fullMax =
          q.isSigned ? (int64_t(1) << (b - 1)) - 1 : (int64_t(1) << b) - 1;
      if (q.lo >= fullMin && q.hi <= fullMax)
        s.bits = b;
    }
    s.isSigned = q.isSigned;
    s.storageMin = q.lo;
    s.storageMax = q.hi;
    s.axis = q.channels > 1 ? q.axis : -1;
    s.scales.clear();
    s.zeroPoints.clear();
    bool integral = s.bits != 0;
    for (int64_t c = 0; c < q.channels && integral; ++c) {
      double z = q.zeroPoints[c];
      integral = z == std::floor(z) && std::abs(z) < 1e15;
      s.scales.push_back(double(float(q.scales[c])));
      s.zeroPoints.push_back(integral ? int64_t(z) : 0);
    }
    if (integral && matches(s))
      return s;
  }
  if (numCodes > 256)
    return std::nullopt;
  // Codebooks: integer levels over a common scale (the quantizer's scale,
  // 1, or the smallest magnitude among the values), else the values.
  auto codebook = [&](ArrayRef<double> scales,
                      bool integerLevels) -> std::optional<ref::QuantSpec> {
    ref::QuantSpec s;
    s.bits = codeBits;
    s.isCodebook = true;
    s.storageMin = 0;
    s.storageMax = numCodes - 1;
    s.tableSize = unsigned(numCodes);
    s.axis = q.channels > 1 ? q.axis : -1;
    s.scales.clear();
    bool shared = true;
    for (int64_t c = 0; c < q.channels; ++c) {
      s.scales.push_back(double(float(scales[c])));
      for (int64_t k = 0; k < numCodes; ++k) {
        double level = double(q.values[c][k]) / double(float(scales[c]));
        if (integerLevels &&
            (level != std::floor(level) || std::abs(level) > 1e7))
          return std::nullopt;
        s.levels.push_back(level);
        if (c && level != s.levels[size_t(k)])
          shared = false;
      }
    }
    if (shared)
      s.levels.resize(size_t(numCodes));
    if (matches(s))
      return s;
    return std::nullopt;
  };
  SmallVector<SmallVector<double>> candidates;
  if (!q.scales.empty())
    candidates.push_back(q.scales);
  candidates.push_back(SmallVector<double>(q.channels, 1.0));
  SmallVector<double> smallest;
  for (int64_t c = 0; c < q.channels; ++c) {
    double m = std::numeric_limits<double>::infinity();
    for (float v : q.values[c])
      if (v != 0.0f)
        m = std::min(m, double(std::fabs(v)));
    smallest.push_back(std::isfinite(m) ? m : 1.0);
  }
  candidates.push_back(smallest);
  for (ArrayRef<double> scales : candidates)
    if (auto s = codebook(scales, true))
      return s;
  return codebook(SmallVector<double>(q.channels, 1.0), false);
}

/// qnn's type of `spec` (validated already).
Type quantTypeOf(MLIRContext *ctx, const ref::QuantSpec &s) {
  Type f32 = Float32Type::get(ctx);
  if (s.isCodebook)
    return CodebookQuantType::get(ctx, s.bits, f32, s.axis, s.scales, s.levels,
                                  s.tableSize);
  return UniformQuantType::get(ctx, s.bits, s.isSigned, s.storageMin,
                               s.storageMax, f32, s.axis, s.scales,
                               s.zeroPoints);
}

/// Emits the packed quantizer on f32 `x` (qnn.quantize or an exact
/// qnn.multithreshold, then qnn.dequantize); failure (nothing emitted)
/// when the codes or values do not fit a qnn type.
FailureOr<Value> emitPacked(ImplicitLocOpBuilder &b, Value x,
                            const PackedQuantizer &q) {
  std::optional<ref::QuantSpec> spec = chooseSpec(q);
  if (!spec)
    return failure();
  // QONNX's thresholds, channel by channel.
  SmallVector<float> thresholds;
  bool anyNegInf = false;
  for (int64_t c = 0; c < q.channels; ++c) {
    auto code = [&](float v) { return q.codeOf(v, c); };
    std::optional<std::vector<float>> t =
        ref::exactThresholds(code, q.lo, q.hi);
    if (!t)
      return failure();
    for (float v : *t)
      anyNegInf |= std::isinf(v) && v < 0;
    thresholds.append(t->begin(), t->end());
  }
  // QONNX's NaN goes to the lowest code only while no threshold is -inf.
  if (q.nanToLowest && anyNegInf)
    return failure();
  auto xType = NodeBinder::typeOf(x);
  auto codesType = RankedTensorType::get(xType.getShape(),
                                         quantTypeOf(b.getContext(), *spec));
  // qnn.quantize where its own thresholds are QONNX's (and, where QONNX
  // sends NaN to the lowest code, on constants without NaN: qnn.quantize
  // reads NaN as 0.0).
  bool nanFree = false;
  if (ElementsAttr c = getConstantElements(x)) {
    std::optional<SmallVector<double>> v = readDoubles(c, false);
    nanFree = v && llvm::none_of(*v, [](double d) { return std::isnan(d); });
  }
  bool sameAsQuantize = q.quantizeMode && (!q.nanToLowest || nanFree);
  for (int64_t c = 0; c < q.channels && sameAsQuantize; ++c) {
    auto code = [&](float v) {
      return spec->quantize(v, spec->scales.size() == 1 ? 0 : size_t(c),
                            *q.quantizeMode);
    };
    std::optional<std::vector<float>> t =
        ref::exactThresholds(code, q.lo, q.hi);
    size_t n = size_t(q.hi - q.lo);
    sameAsQuantize =
        t && std::equal(t->begin(), t->end(), thresholds.begin() + c * n,
                        [](float a, float b) {
                          return ref::orderedKey(a) == ref::orderedKey(b);
                        });
  }
  Value codes;
  DenseElementsAttr constant;
  if (ElementsAttr c = getConstantElements(x))
    constant = toDense(c);
  if (constant && !sameAsQuantize) {
    // Constant weights: their codes now (what a folded quantizer gives),
    // so that the layers they feed see constant codes.
    ArrayRef<int64_t> shape = xType.getShape();
    int64_t stride = 1;
    for (int64_t d = q.axis + 1; q.axis >= 0 && d < xType.getRank(); ++d)
      stride *= shape[d];
    size_t n = size_t(q.hi - q.lo);
    SmallVector<int64_t> values;
    int64_t i = 0;
    for (float v : constant.getValues<float>()) {
      int64_t c = q.channels > 1 ? (i++ / stride) % shape[q.axis] : 0;
      if (std::isnan(v))
        v = q.nanToLowest ? -std::numeric_limits<float>::infinity() : 0.0f;
      // #{j : v >= t[j]} of the sorted row (a search: weights are large).
      const float *row = thresholds.data() + c * n;
      int64_t code = q.lo + (std::upper_bound(row, row + n, v) - row);
      values.push_back(spec->isCodebook ? code - q.lo : code);
    }
    auto codesAttr = DenseIntElementsAttr::get(
        RankedTensorType::get(shape, b.getI64Type()), ArrayRef(values));
    codes = ConstantOp::create(b, codesType, codesAttr);
  } else if (sameAsQuantize) {
    std::optional<mlir::qnn::RoundingMode> mode =
        mlir::qnn::symbolizeRoundingMode(
            ref::stringifyRoundingMode(*q.quantizeMode));
    codes = spec->isCodebook ? QuantizeOp::create(b, codesType, x)
                             : QuantizeOp::create(b, codesType, x, *mode);
  } else {
    if (q.nanToLowest)
      x = nanToNegInf(b, x);
    int64_t rows = q.channels;
    auto tType = RankedTensorType::get({rows, q.hi - q.lo}, b.getF32Type());
    codes = MultiThresholdOp::create(
        b, codesType, x,
        cast<DenseFPElementsAttr>(
            DenseElementsAttr::get(tType, ArrayRef<float>(thresholds))),
        rows > 1 ? b.getI64IntegerAttr(q.axis) : IntegerAttr(),
        DenseBoolArrayAttr());
  }
  return Value(DequantizeOp::create(b, xType, codes));
}

//===----------------------------------------------------------------------===//
// Quant / IntQuant
//===----------------------------------------------------------------------===//

/// The rounding mode attribute, parsed as resolve_rounding_mode does.
FailureOr<ref::RoundingMode> readRounding(NodeBinder &n, StringRef dflt,
                                          bool required) {
  if (required && !n.hasAttr("rounding_mode"))
    return n.error() << "attribute 'rounding_mode' is missing (QONNX's "
                     << n.opType() << "-" << n.since() << " requires it)";
  std::string name = n.str("rounding_mode", dflt);
  std::optional<ref::RoundingMode> mode = ref::parseRoundingMode(name);
  if (!mode)
    return n.error() << "unsupported rounding_mode '" << name << "'";
  return *mode;
}

/// The NumPy dtype of input 0 (of type `xType`); an error for a type that
/// is not a number.
FailureOr<DType> inputDType(NodeBinder &n, RankedTensorType xType) {
  std::optional<DType> t = dtypeOf(n.onnxElementType(0));
  if (!t || *t == DType::Bool)
    return n.error() << "input of element type " << xType.getElementType()
                     << " is not a number type";
  return *t;
}

/// QONNX's IntQuant of one value up to its code: x / scale + zeropt in
/// NumPy's dtypes `p1`, `p2`, then bipolar (+-1, NaN -1) or clamped to
/// `bounds` and rounded by `mode`.
double quantCode(double x, double scale, double zeropt, DType p1, DType p2,
                 Bounds bounds, bool bipolar, ref::RoundingMode mode) {
  double y = roundTo(x / roundTo(scale, p1), p1);
  y = roundTo(y + roundTo(zeropt, p2), p2);
  if (bipolar)
    return y >= 0.0 ? 1.0 : -1.0;
  if (y > bounds.hi)
    y = bounds.hi;
  if (y < bounds.lo)
    y = bounds.lo;
  return qonnxRound(y, mode, p2);
}

/// A code's value: (code - zeropt) * scale in NumPy's dtypes `p3`, `p4`.
double quantValue(double code, double scale, double zeropt, DType p3,
                  DType p4) {
  double y = roundTo(code - roundTo(zeropt, p3), p3);
  return roundTo(y * roundTo(scale, p4), p4);
}

LogicalResult convertQuant(NodeBinder &n) {
  // IntQuant's signed and narrow are required attributes in QONNX (its
  // get_nodeattr raises without them).
  for (StringRef name : {"signed", "narrow"})
    if (!n.hasAttr(name))
      return n.error() << "attribute '" << name
                       << "' is missing (QONNX's IntQuant requires it)";
  bool isSigned = n.i64("signed", 1) != 0, narrow = n.i64("narrow", 0) != 0;
  FailureOr<ref::RoundingMode> mode = readRounding(n, "ROUND", false);
  FailureOr<Value> xIn = n.input(0);
  if (failed(mode) || failed(xIn))
    return failure();
  FailureOr<Param> s = readScale(n, 1, "scale"), z = readParam(n, 2, "zeropt"),
                   bw = readParam(n, 3, "bitwidth");
  if (failed(s) || failed(z) || failed(bw))
    return failure();
  FailureOr<int64_t> bits = readBits(n, *bw, "bit width");
  if (failed(bits))
    return failure();
  Value x = densified(n.b, *xIn);
  auto xType = NodeBinder::typeOf(x);
  FailureOr<DType> X = inputDType(n, xType);
  if (failed(X))
    return failure();
  std::optional<SmallVector<int64_t>> shape =
      broadcastShapes({xType.getShape(), s->shape, z->shape, bw->shape});
  if (!shape)
    return n.error() << "scale [" << s->shape << "], zeropt [" << z->shape
                     << "] and bitwidth [" << bw->shape
                     << "] do not broadcast to x [" << xType.getShape() << "]";

  // NumPy's dtypes: x / scale, + zeropt, (clamp, round), - zeropt, * scale.
  DType p1 = computeType({*X, s->type, z->type}), p2 = p1, p3 = p1, p4 = p1;
  bool bipolar = *bits == 1 && isSigned;
  Bounds bounds = qonnxBounds(*bits, isSigned, narrow, p2);
  MLIRContext *ctx = n.b.getContext();
  Type outElement = outputElement(n, n.b.getF32Type());

  // Packed: f32 x, the output shape x's, parameters along one axis.
  std::optional<int64_t> axis = channelAxis(*shape, {&*s, &*z});
  if (xType.getElementType().isF32() && outElement.isF32() &&
      ArrayRef<int64_t>(*shape) == xType.getShape() && axis && (*bits <= 8)) {
    PackedQuantizer q;
    q.axis = *axis;
    q.channels = *axis >= 0 ? (*shape)[*axis] : 1;
    bool monotone = true;
    for (int64_t c = 0; c < q.channels; ++c)
      monotone &=
          roundTo(s->at(c), p1) > 0 && std::isfinite(roundTo(s->at(c), p1));
    if (bipolar) {
      q.lo = 0;
      q.hi = 1;
      q.nanToLowest = true;
      q.quantizeMode = ref::RoundingMode::HalfEven; // unused by codebooks
    } else {
      // Codes: the clamped, rounded y_int.
      q.lo = int64_t(bounds.lo);
      q.hi = int64_t(bounds.hi);
      q.isSigned = isSigned;
      if (*mode == ref::RoundingMode::HalfEven ||
          *mode == ref::RoundingMode::Ceil ||
          *mode == ref::RoundingMode::Floor || *mode == ref::RoundingMode::Up ||
          *mode == ref::RoundingMode::Down)
        q.quantizeMode = *mode;
    }
    const Param &sp = *s, &zp = *z;
    ref::RoundingMode m = *mode;
    Bounds bd = bounds;
    q.codeOf = [=](float v, int64_t c) -> int64_t {
      double y = quantCode(v, sp.at(c), zp.at(c), p1, p2, bd, bipolar, m);
      return bipolar ? (y > 0 ? 1 : 0) : int64_t(y);
    };
    for (int64_t c = 0; c < q.channels; ++c) {
      SmallVector<float> values;
      for (int64_t k = q.lo; k <= q.hi; ++k) {
        double y = bipolar ? (k ? 1.0 : -1.0) : double(k);
        values.push_back(float(quantValue(y, s->at(c), z->at(c), p3, p4)));
      }
      q.values.push_back(values);
      q.scales.push_back(s->at(c));
      // Bipolar levels -1 - z and 1 - z: a codebook (the zero point 0.5
      // of a uniform reading is never integral).
      q.zeroPoints.push_back(bipolar ? 0.5 : z->at(c));
    }
    if (monotone) {
      OpBuilder::InsertionGuard guard(n.b);
      if (FailureOr<Value> packed = emitPacked(n.b, x, q); succeeded(packed))
        return n.output(0, *packed);
    }
  }

  // Wide: the formula in NumPy's dtypes.
  Value sv = *n.input(1), zv = *n.input(2);
  DType S = s->type, Z = z->type, XT = *X;
  ref::RoundingMode m = *mode;
  Bounds bd = bounds;
  // On a constant (Brevitas's Int32Bias, a weight past 8 bits) at compile
  // time, element by element as below, so that the layer reading it sees a
  // constant.
  if (ElementsAttr constant = getConstantElements(x);
      constant && outElement.isF32()) {
    std::optional<SmallVector<double>> xs =
        readDoubles(constant, isUnsignedInt(XT));
    if (xs) {
      auto rank = int64_t(shape->size());
      // The element of a broadcast operand of `operandShape` at `index`.
      auto at = [&](ArrayRef<double> values, ArrayRef<int64_t> operandShape,
                    ArrayRef<int64_t> index) {
        int64_t flat = 0, offset = rank - int64_t(operandShape.size());
        for (auto [d, size] : llvm::enumerate(operandShape))
          flat = flat * size + (size == 1 ? 0 : index[offset + int64_t(d)]);
        return values[size_t(flat)];
      };
      SmallVector<float> out;
      SmallVector<int64_t> index(size_t(rank), 0);
      int64_t count = 1;
      for (int64_t d : *shape)
        count *= d;
      for (int64_t i = 0; i < count; ++i) {
        for (int64_t d = rank - 1, rest = i; d >= 0; --d) {
          index[size_t(d)] = rest % (*shape)[size_t(d)];
          rest /= (*shape)[size_t(d)];
        }
        double xv = roundTo(at(*xs, xType.getShape(), index), p1);
        double sc = at(s->values, s->shape, index);
        double zp = at(z->values, z->shape, index);
        double code = quantCode(xv, sc, zp, p1, p2, bd, bipolar, m);
        out.push_back(float(quantValue(code, sc, zp, p3, p4)));
      }
      auto type = RankedTensorType::get(*shape, n.b.getF32Type());
      return n.output(
          0, arith::ConstantOp::create(
                 n.b, DenseElementsAttr::get(type, ArrayRef<float>(out))));
    }
  }
  Value y = elementwise(
      n.b, {x, sv, zv}, *shape, outElement,
      [&](OpBuilder &b, Location loc, ValueRange a) -> Value {
        Value v = arith::DivFOp::create(b, loc, castTo(b, loc, a[0], XT, p1),
                                        castTo(b, loc, a[1], S, p1));
        v = arith::AddFOp::create(b, loc, castTo(b, loc, v, p1, p2),
                                  castTo(b, loc, a[2], Z, p2));
        Type t = mlirTypeOf(ctx, p2);
        if (bipolar) {
          Value ge = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGE, v,
                                           scalar(b, loc, t, 0.0));
          v = arith::SelectOp::create(b, loc, ge, scalar(b, loc, t, 1.0),
                                      scalar(b, loc, t, -1.0));
        } else {
          v = emitRound(b, loc, emitClamp(b, loc, v, bd.lo, bd.hi), m);
        }
        v = arith::SubFOp::create(b, loc, castTo(b, loc, v, p2, p3),
                                  castTo(b, loc, a[2], Z, p3));
        v = arith::MulFOp::create(b, loc, castTo(b, loc, v, p3, p4),
                                  castTo(b, loc, a[1], S, p4));
        // execute_node's astype(np.float32), then the declared type.
        v = castTo(b, loc, v, p4, DType::F32);
        return convertScalar(b, loc, v, outElement, false);
      });
  return n.output(0, y);
}

//===----------------------------------------------------------------------===//
// BipolarQuant
//===----------------------------------------------------------------------===//

LogicalResult convertBipolarQuant(NodeBinder &n) {
  // np.where(x >= 0, 1, -1) * scale, in result_type(x, scale).
  FailureOr<Value> xIn = n.input(0);
  FailureOr<Param> s = readScale(n, 1, "scale");
  if (failed(xIn) || failed(s))
    return failure();
  Value x = densified(n.b, *xIn);
  auto xType = NodeBinder::typeOf(x);
  FailureOr<DType> X = inputDType(n, xType);
  if (failed(X))
    return failure();
  std::optional<SmallVector<int64_t>> shape =
      broadcastShapes({xType.getShape(), s->shape});
  if (!shape)
    return n.error() << "scale [" << s->shape << "] does not broadcast to x ["
                     << xType.getShape() << "]";
  DType p = computeType({*X, s->type});
  MLIRContext *ctx = n.b.getContext();
  Type outElement = outputElement(n, mlirTypeOf(ctx, p));
  std::optional<int64_t> axis = channelAxis(*shape, {&*s});
  if (xType.getElementType().isF32() && outElement.isF32() &&
      ArrayRef<int64_t>(*shape) == xType.getShape() && axis && isFloat(p)) {
    PackedQuantizer q;
    q.lo = 0;
    q.hi = 1;
    q.axis = *axis;
    q.channels = *axis >= 0 ? (*shape)[*axis] : 1;
    q.nanToLowest = true;
    q.quantizeMode = ref::RoundingMode::HalfEven; // unused by codebooks
    DType X0 = *X;
    q.codeOf = [X0](float v, int64_t) -> int64_t {
      return roundTo(double(v), X0) >= 0.0 ? 1 : 0;
    };
    for (int64_t c = 0; c < q.channels; ++c) {
      double sc = roundTo(s->at(c), p);
      q.values.push_back({float(-sc), float(sc)});
      q.scales.push_back(s->at(c));
      q.zeroPoints.push_back(0.5);
    }
    OpBuilder::InsertionGuard guard(n.b);
    if (FailureOr<Value> packed = emitPacked(n.b, x, q); succeeded(packed))
      return n.output(0, *packed);
  }
  Value sv = *n.input(1);
  DType S = s->type, XT = *X;
  Value y = elementwise(
      n.b, {x, sv}, *shape, outElement,
      [&](OpBuilder &b, Location loc, ValueRange a) -> Value {
        Type xt = mlirTypeOf(ctx, XT);
        Value xv = castTo(b, loc, a[0], XT, XT);
        Value ge =
            isFloat(XT)
                ? Value(arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGE,
                                              xv, scalar(b, loc, xt, 0.0)))
                : Value(arith::CmpIOp::create(b, loc,
                                              isUnsignedInt(XT)
                                                  ? arith::CmpIPredicate::uge
                                                  : arith::CmpIPredicate::sge,
                                              xv, scalar(b, loc, xt, 0.0)));
        Type t = mlirTypeOf(ctx, p);
        Value v = arith::SelectOp::create(b, loc, ge, scalar(b, loc, t, 1.0),
                                          scalar(b, loc, t, -1.0));
        v = arith::MulFOp::create(b, loc, v, castTo(b, loc, a[1], S, p));
        return convertScalar(b, loc, v, outElement, false);
      });
  return n.output(0, y);
}

//===----------------------------------------------------------------------===//
// Trunc
//===----------------------------------------------------------------------===//

LogicalResult convertTrunc(NodeBinder &n) {
  // Version 1 (5 inputs): floor(round(x / s + z) / 2^(in - out)) - z) * s,
  // no clamp. Version 2 (6 inputs, Brevitas since 2025): the same with a
  // power-of-two trunc scale from out_scale / scale, a clamp to the output
  // bit width and the output rescaled by out_scale.
  bool v2 = n.since() >= 2;
  unsigned want = v2 ? 6 : 5;
  if (n.numInputs() != want)
    return n.error()
           << "Trunc-" << n.since() << " takes " << want << " inputs ("
           << (v2 ? "X, scale, zeropt, input_bit_width, out_scale, "
                    "output_bit_width"
                  : "X, scale, zeropt, input_bit_width, output_bit_width")
           << "), got " << n.numInputs()
           << (v2 ? ""
                  : " (the 6-input Trunc is version 2: the model "
                    "must import its domain at opset 2)");
  FailureOr<ref::RoundingMode> mode = readRounding(n, "FLOOR", true);
  bool isSigned = true, narrow = false;
  if (v2) {
    isSigned = n.i64("signed", 1) != 0;
    narrow = n.i64("narrow", 0) != 0;
  }
  FailureOr<Value> xIn = n.input(0);
  if (failed(mode) || failed(xIn))
    return failure();
  FailureOr<Param> s = readScale(n, 1, "scale"), z = readParam(n, 2, "zeropt"),
                   ib = readParam(n, 3, "input_bit_width");
  if (failed(s) || failed(z) || failed(ib))
    return failure();
  FailureOr<Param> os = v2 ? readScale(n, 4, "out_scale") : FailureOr<Param>();
  FailureOr<Param> ob = readParam(n, v2 ? 5 : 4, "output_bit_width");
  if ((v2 && failed(os)) || failed(ob))
    return failure();
  Value x = densified(n.b, *xIn);
  auto xType = NodeBinder::typeOf(x);
  FailureOr<DType> X = inputDType(n, xType);
  if (failed(X))
    return failure();
  MLIRContext *ctx = n.b.getContext();

  // The trunc scale, a constant: v2 2 ** round(log2(out_scale / scale)),
  // v1 2.0 ** (input_bit_width - output_bit_width).
  Param ts;
  if (v2) {
    if (failed(readBits(n, *ib, "input_bit_width")))
      return failure();
    std::optional<SmallVector<int64_t>> tsShape =
        broadcastShapes({s->shape, os->shape});
    if (!tsShape)
      return n.error() << "scale [" << s->shape << "] and out_scale ["
                       << os->shape << "] do not broadcast";
    ts.type = computeType({*X, s->type, z->type, os->type});
    ts.shape = *tsShape;
    int64_t count = numElements(*tsShape);
    std::optional<int64_t> a = channelAxis(*tsShape, {&*s, &*os});
    if (count != 1 && !a)
      return n.error() << "scale and out_scale that vary along several axes "
                          "are not supported";
    for (int64_t i = 0; i < count; ++i) {
      double r = roundTo(
          roundTo(os->at(i), ts.type) / roundTo(s->at(i), ts.type), ts.type);
      double k = std::nearbyint(roundTo(std::log2(r), ts.type));
      double t = roundTo(std::ldexp(1.0, int(std::clamp(k, -2000.0, 2000.0))),
                         ts.type);
      if (!std::isfinite(k) || !(t > 0) || !std::isfinite(t))
        return n.error() << "out_scale / scale = " << shortNumber(r)
                         << ": the trunc scale 2^round(log2(" << shortNumber(r)
                         << ")) is out of range of " << nameOf(ts.type);
      ts.values.push_back(t);
    }
  } else {
    if (ib->values.size() != 1 || ob->values.size() != 1)
      return n.error() << "input_bit_width and output_bit_width must be one "
                          "value each";
    if (failed(readBits(n, *ib, "input_bit_width")) ||
        failed(readBits(n, *ob, "output_bit_width")))
      return failure();
    double diff = ib->values[0] - ob->values[0];
    if (diff != std::floor(diff) || std::abs(diff) > 64)
      return n.error() << "input_bit_width - output_bit_width = "
                       << shortNumber(diff)
                       << " is not an integer from -64 to 64";
    ts.type = computeType({*X, s->type, z->type});
    ts.values.push_back(roundTo(std::ldexp(1.0, int(diff)), ts.type));
    if (!std::isfinite(ts.values[0]) || ts.values[0] == 0)
      return n.error() << "the trunc scale 2^" << shortNumber(diff)
                       << " is out of range of " << nameOf(ts.type);
  }
  SmallVector<const Param *> params = {&*s, &*z};
  if (v2)
    params.push_back(&*os);
  SmallVector<ArrayRef<int64_t>> shapes = {xType.getShape(), s->shape,
                                           z->shape};
  if (v2)
    shapes.push_back(os->shape);
  std::optional<SmallVector<int64_t>> shape = broadcastShapes(shapes);
  if (!shape)
    return n.error() << "x [" << xType.getShape()
                     << "] and the scales and zero point do not broadcast";

  // NumPy's dtypes, step by step.
  DType p1 = ts.type, p2 = p1, p3 = p1, zt = p1, p4 = p1, p5 = p1;
  Bounds bounds{0, 0};
  int64_t outBits = 0;
  if (v2) {
    FailureOr<int64_t> b = readBits(n, *ob, "output_bit_width");
    if (failed(b))
      return failure();
    outBits = *b;
    bounds = qonnxBounds(outBits, isSigned, narrow, p3);
  }
  Type outElement = outputElement(n, mlirTypeOf(ctx, p5));

  // Packed (version 2 only: version 1 does not clamp).
  std::optional<int64_t> axis = channelAxis(*shape, params);
  if (v2 && xType.getElementType().isF32() && outElement.isF32() &&
      ArrayRef<int64_t>(*shape) == xType.getShape() && axis && outBits <= 8 &&
      isFloat(p5)) {
    PackedQuantizer q;
    q.axis = *axis;
    q.channels = *axis >= 0 ? (*shape)[*axis] : 1;
    q.lo = int64_t(bounds.lo);
    q.hi = int64_t(bounds.hi);
    q.isSigned = isSigned;
    bool monotone = true;
    for (int64_t c = 0; c < q.channels; ++c)
      monotone &=
          roundTo(s->at(c), p1) > 0 && std::isfinite(roundTo(s->at(c), p1));
    const Param sp = *s, zp = *z, tsp = ts;
    ref::RoundingMode m = *mode;
    Bounds bd = bounds;
    q.codeOf = [=](float v, int64_t c) -> int64_t {
      double y = roundTo(double(v) / roundTo(sp.at(c), p1), p1);
      y = std::nearbyint(roundTo(y + roundTo(zp.at(c), p2), p2));
      y = roundTo(y / roundTo(tsp.at(c), p3), p3);
      if (y > bd.hi)
        y = bd.hi;
      if (y < bd.lo)
        y = bd.lo;
      return int64_t(qonnxRound(y, m, p3));
    };
    for (int64_t c = 0; c < q.channels; ++c) {
      double ozp = roundTo(roundTo(z->at(c), zt) / roundTo(ts.at(c), zt), zt);
      SmallVector<float> values;
      for (int64_t k = q.lo; k <= q.hi; ++k) {
        double y = roundTo(double(k) - roundTo(ozp, p4), p4);
        values.push_back(float(roundTo(y * roundTo(os->at(c), p5), p5)));
      }
      q.values.push_back(values);
      q.scales.push_back(os->at(c));
      q.zeroPoints.push_back(ozp);
    }
    if (monotone) {
      OpBuilder::InsertionGuard guard(n.b);
      if (FailureOr<Value> packed = emitPacked(n.b, x, q); succeeded(packed))
        return n.output(0, *packed);
    }
  }

  // Wide.
  ImplicitLocOpBuilder &b = n.b;
  Value tsv = constantOf(
      b, RankedTensorType::get(ts.shape, mlirTypeOf(ctx, ts.type)), ts.values);
  SmallVector<Value> inputs = {x, *n.input(1), *n.input(2), tsv};
  if (v2)
    inputs.push_back(*n.input(4));
  DType XT = *X, S = s->type, Z = z->type, TS = ts.type,
        OS = v2 ? os->type : s->type;
  ref::RoundingMode m = *mode;
  Bounds bd = bounds;
  Value y = elementwise(
      b, inputs, *shape, outElement,
      [&](OpBuilder &nb, Location loc, ValueRange a) -> Value {
        Value v = arith::DivFOp::create(nb, loc, castTo(nb, loc, a[0], XT, p1),
                                        castTo(nb, loc, a[1], S, p1));
        v = arith::AddFOp::create(nb, loc, castTo(nb, loc, v, p1, p2),
                                  castTo(nb, loc, a[2], Z, p2));
        v = math::RoundEvenOp::create(nb, loc, v);
        v = arith::DivFOp::create(nb, loc, castTo(nb, loc, v, p2, p3),
                                  castTo(nb, loc, a[3], TS, p3));
        if (v2)
          v = emitClamp(nb, loc, v, bd.lo, bd.hi);
        v = emitRound(nb, loc, v, m);
        Value zero = castTo(nb, loc, a[2], Z, p4);
        if (v2)
          zero = castTo(nb, loc,
                        arith::DivFOp::create(nb, loc,
                                              castTo(nb, loc, a[2], Z, zt),
                                              castTo(nb, loc, a[3], TS, zt)),
                        zt, p4);
        v = arith::SubFOp::create(nb, loc, castTo(nb, loc, v, p3, p4), zero);
        v = arith::MulFOp::create(nb, loc, castTo(nb, loc, v, p4, p5),
                                  castTo(nb, loc, a[v2 ? 4 : 1], OS, p5));
        return convertScalar(nb, loc, v, outElement, false);
      });
  return n.output(0, y);
}

//===----------------------------------------------------------------------===//
// MultiThreshold
//===----------------------------------------------------------------------===//

/// Whether `v` is a value of the FINN DataType `name` (qonnx.core.datatype:
/// BINARY, BIPOLAR, TERNARY, INTn, UINTn, FIXED<w,i>; FLOAT32, FLOAT16,
/// SCALEDINT<n> and FLOAT<...> hold any value here). Nullopt for a name
/// QONNX does not resolve.
std::optional<bool> fitsDataType(StringRef name, double v) {
  std::optional<FinnDataType> type = FinnDataType::parse(name);
  if (!type)
    return std::nullopt;
  return type->allows(v);
}

LogicalResult convertMultiThreshold(NodeBinder &n) {
  // FINN / QONNX MultiThreshold(v, thresholds[C or 1, T]) {out_scale,
  // out_bias, data_layout, out_dtype}: out_scale * #{j : v >= t[c][j]} +
  // out_bias in v's dtype.
  double outScale = n.f32("out_scale", 1.0f), outBias = n.f32("out_bias", 0.0f);
  bool hasDtype = n.hasAttr("out_dtype");
  std::string outDtype = n.str("out_dtype", "");
  std::string layout = n.str("data_layout", "NCHW");
  FailureOr<Value> xIn = n.input(0);
  FailureOr<ElementsAttr> tAttr = n.requireConstant(1, "thresholds");
  if (failed(xIn) || failed(tAttr))
    return failure();
  Value x = densified(n.b, *xIn);
  auto xType = NodeBinder::typeOf(x);
  int64_t rank = xType.getRank();
  std::optional<DType> V = dtypeOf(n.onnxElementType(0));
  std::optional<DType> T = dtypeOf(n.onnxElementType(1));
  if (!V || *V == DType::Bool)
    return n.error() << "input of element type " << xType.getElementType()
                     << " is not a number type";
  if (!T || *T == DType::Bool)
    return n.error() << "thresholds of element type "
                     << tAttr->getShapedType().getElementType()
                     << " are not a number type";
  auto tType = tAttr->getShapedType();
  if (tType.getRank() != 2)
    return n.error() << "thresholds must be a [channels, T] table, got shape ["
                     << tType.getShape() << "]";
  if (layout.empty())
    return n.error() << "data_layout is empty";
  // QONNX: channels last when data_layout ends in 'C' (NHWC, NC, NWC),
  // else axis 1.
  bool channelsLast = layout.back() == 'C';
  if (rank < (channelsLast ? 1 : 2))
    return n.error() << "input of rank " << rank
                     << " has no channel axis for data_layout '" << layout
                     << "'";
  int64_t axis = channelsLast ? rank - 1 : 1;
  int64_t rows = tType.getDimSize(0), count = tType.getDimSize(1);
  if (rows != 1 && rows != xType.getDimSize(axis))
    return n.error() << rows << " threshold rows for " << xType.getDimSize(axis)
                     << " channels (data_layout '" << layout << "')";
  std::optional<SmallVector<double>> tv =
      readDoubles(*tAttr, isUnsignedInt(*T));
  if (!tv)
    return n.error() << "thresholds cannot be read";

  // The output values by count, in O = v's dtype (ints: the Python float
  // attributes make it float64).
  DType O = isFloat(*V) ? *V : DType::F64;
  SmallVector<double> values;
  for (int64_t c = 0; c <= count; ++c)
    values.push_back(roundTo(
        roundTo(roundTo(outScale, O) * double(c), O) + roundTo(outBias, O), O));
  // out_dtype: QONNX annotates it where out_scale and out_bias are
  // integers (FLOAT32 otherwise); every count's value must be one of it.
  if (hasDtype) {
    std::optional<bool> known = fitsDataType(outDtype, 0.0);
    if (!known)
      return n.error() << "unknown out_dtype '" << outDtype
                       << "' (not a FINN DataType)";
    if (outScale == std::floor(outScale) && outBias == std::floor(outBias))
      for (int64_t c = 0; c <= count; ++c)
        if (!*fitsDataType(outDtype, values[c]))
          return n.error() << "out_dtype " << outDtype << " does not hold "
                           << shortNumber(values[c]) << " = "
                           << shortNumber(outScale) << " * " << c << " + "
                           << shortNumber(outBias);
  }
  MLIRContext *ctx = n.b.getContext();
  Type outElement = outputElement(n, mlirTypeOf(ctx, O));

  // Packed: f32 input, f32 output, at most 255 thresholds, none NaN or -inf,
  // each made the smallest f32 at or above it (x >= t exactly, as NumPy
  // compares f32 with wider thresholds) and sorted (the count ignores
  // order).
  bool packable = xType.getElementType().isF32() && outElement.isF32() &&
                  isFloat(*T) && count >= 1 && count <= 255;
  SmallVector<float> sorted;
  for (int64_t r = 0; r < rows && packable; ++r) {
    SmallVector<float> row;
    for (int64_t j = 0; j < count && packable; ++j) {
      double t = (*tv)[size_t(r * count + j)];
      packable = !std::isnan(t) && !(std::isinf(t) && t < 0);
      float f = float(t);
      if (double(f) < t)
        f = std::nextafter(f, std::numeric_limits<float>::infinity());
      row.push_back(f);
    }
    llvm::sort(row);
    sorted.append(row.begin(), row.end());
  }
  if (packable) {
    PackedQuantizer q;
    q.lo = 0;
    q.hi = count;
    q.isSigned = false;
    q.axis = axis;
    q.channels = rows;
    q.nanToLowest = true;
    q.codeOf = [&sorted, count](float v, int64_t c) -> int64_t {
      return ref::thresholdCode(v, sorted.data() + c * count, size_t(count), 0);
    };
    SmallVector<float> row;
    for (double v : values)
      row.push_back(float(v));
    q.values.assign(size_t(rows), row);
    if (outScale > 0) {
      q.scales.assign(size_t(rows), outScale);
      q.zeroPoints.assign(size_t(rows), -outBias / outScale);
    }
    OpBuilder::InsertionGuard guard(n.b);
    // The per-channel quantizer's axis only where rows are per channel.
    if (rows == 1)
      q.axis = -1;
    if (FailureOr<Value> packed = emitPacked(n.b, x, q); succeeded(packed))
      return n.output(0, *packed);
  }

  // Wide: count in a reduction over the thresholds, then the affine map.
  ImplicitLocOpBuilder &b = n.b;
  DType C = promote(*V, *T);
  Value thresholds = *n.input(1);
  SmallVector<AffineExpr> dims;
  for (int64_t d = 0; d <= rank; ++d)
    dims.push_back(b.getAffineDimExpr(unsigned(d)));
  AffineMap xMap = AffineMap::get(unsigned(rank + 1), 0,
                                  ArrayRef(dims).take_front(rank), ctx);
  AffineMap tMap = AffineMap::get(
      unsigned(rank + 1), 0,
      {rows == 1 ? b.getAffineConstantExpr(0) : dims[axis], dims[rank]}, ctx);
  AffineMap outMap = xMap;
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  iterators.push_back(utils::IteratorType::reduction);
  Type i64 = b.getI64Type();
  Value init = linalg::FillOp::create(
                   b, scalar(b, b.getLoc(), i64, 0),
                   Value(tensor::EmptyOp::create(b, xType.getShape(), i64)))
                   .getResult(0);
  DType VT = *V, TT = *T;
  Value counts =
      linalg::GenericOp::create(
          b, init.getType(), ValueRange{x, thresholds}, init,
          ArrayRef<AffineMap>{xMap, tMap, outMap}, iterators,
          [&](OpBuilder &nb, Location loc, ValueRange a) {
            Value xv = castTo(nb, loc, a[0], VT, C);
            Value t = castTo(nb, loc, a[1], TT, C);
            Value ge = isFloat(C)
                           ? Value(arith::CmpFOp::create(
                                 nb, loc, arith::CmpFPredicate::OGE, xv, t))
                           : Value(arith::CmpIOp::create(
                                 nb, loc,
                                 isUnsignedInt(C) ? arith::CmpIPredicate::uge
                                                  : arith::CmpIPredicate::sge,
                                 xv, t));
            Value one = arith::ExtUIOp::create(nb, loc, i64, ge);
            linalg::YieldOp::create(
                nb, loc, ValueRange{arith::AddIOp::create(nb, loc, a[2], one)});
          })
          .getResult(0);
  Value y = elementwise(
      b, {counts}, xType.getShape(), outElement,
      [&](OpBuilder &nb, Location loc, ValueRange a) -> Value {
        // count.astype(v.dtype), then out_scale * ret + out_bias in O.
        Value cnt = castTo(nb, loc, a[0], DType::I64, VT);
        Value v = castTo(nb, loc, cnt, VT, O);
        Type ot = mlirTypeOf(ctx, O);
        v = arith::MulFOp::create(nb, loc, scalar(nb, loc, ot, outScale), v);
        v = arith::AddFOp::create(nb, loc, v, scalar(nb, loc, ot, outBias));
        return convertScalar(nb, loc, v, outElement, false);
      });
  return n.output(0, y);
}

//===----------------------------------------------------------------------===//
// FloatQuant
//===----------------------------------------------------------------------===//

LogicalResult convertFloatQuant(NodeBinder &n) {
  return n.error() << "FloatQuant (minifloat) is not supported";
}

} // namespace

void mlir::qnn::onnx_to_qnn::populateQONNXHandlers(OpRegistry &r) {
  for (const char *domain : kDomains) {
    r.add(domain, "Quant", {1}, convertQuant);
    r.add(domain, "IntQuant", {1}, convertQuant);
    r.add(domain, "BipolarQuant", {1}, convertBipolarQuant);
    r.add(domain, "Trunc", {1, 2}, convertTrunc);
    r.add(domain, "MultiThreshold", {1}, convertMultiThreshold);
    r.add(domain, "FloatQuant", {1}, convertFloatQuant);
  }
}
