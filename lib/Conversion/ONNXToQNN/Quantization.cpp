//===- Quantization.cpp - ONNX quantization operators ---------------------===//
//
// QuantizeLinear and DequantizeLinear (per tensor, per axis, blocked; scales
// and zero points constant or run-time), the QOperator layers QLinearConv
// and QLinearMatMul, ConvInteger, MatMulInteger and DynamicQuantizeLinear.
//
// With constant parameters and codes of at most 8 bits, quantization is
// qnn's own: `qnn.quantize` to a `!qnn.uniform` type and a storage cast to
// the ONNX integers; dequantization the storage cast back and
// `qnn.dequantize`. The casts of a QuantizeLinear -> DequantizeLinear pair
// fold away, leaving dequantize(quantize(x)), which qnn-form-integer-layers
// turns into integer layers. Everything else is computed as ONNX defines
// it, in f32.
//
//===----------------------------------------------------------------------===//

#include "Common.h"
#include "PopulateHandlers.h"

#include "qnn/Dialect/ONNX/IR/ONNXDialect.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/QNNTypes.h"
#include "qnn/Support/Limits.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"

#include <algorithm>
#include <cmath>

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::onnx_to_qnn;

namespace {

/// The range of an ONNX integer type.
std::pair<int64_t, int64_t> rangeOf(IntegerType t) {
  unsigned w = t.getWidth();
  if (t.isUnsigned())
    return {0, w >= 63 ? INT64_MAX : (int64_t(1) << w) - 1};
  return {w >= 64 ? INT64_MIN : -(int64_t(1) << (w - 1)),
          w >= 64 ? INT64_MAX : (int64_t(1) << (w - 1)) - 1};
}

/// The signless storage type of an ONNX integer type.
Type storageOf(Type onnxType) {
  auto i = cast<IntegerType>(onnxType);
  return IntegerType::get(onnxType.getContext(), i.getWidth());
}

/// Quantization parameters of one QuantizeLinear / DequantizeLinear.
struct QParams {
  Value scale, zeroPoint; // zeroPoint may be null
  int64_t axis = -1;      // -1: per tensor
  int64_t blockSize = 0;
  IntegerType codeType;                      // ONNX integer type of the codes
  std::optional<SmallVector<double>> scales; // when constant
  std::optional<SmallVector<int64_t>> zeroPoints;
};

/// Reads and checks the parameters against a tensor of `shape`.
LogicalResult readParams(NodeBinder &n, QParams &p, ArrayRef<int64_t> shape,
                         int64_t axisAttr) {
  auto st = NodeBinder::typeOf(p.scale);
  int64_t rank = int64_t(shape.size());
  if (!isa<FloatType>(st.getElementType()))
    return n.error() << "scale must be a float";
  if (p.blockSize > 0) {
    std::optional<int64_t> axis = normalizeAxis(axisAttr, rank);
    if (!axis)
      return n.error() << "axis " << axisAttr << " is out of range";
    p.axis = *axis;
    if (st.getRank() != rank ||
        st.getDimSize(p.axis) !=
            (shape[p.axis] + p.blockSize - 1) / p.blockSize)
      return n.error() << "blocked scale of shape [" << st.getShape()
                       << "] does not match block_size " << p.blockSize;
    for (int64_t d = 0; d < rank; ++d)
      if (d != p.axis && st.getDimSize(d) != shape[d])
        return n.error() << "blocked scale of shape [" << st.getShape()
                         << "] does not match the input's [" << shape << "]";
  } else if (st.getRank() > 0 && st.getNumElements() != 1) {
    if (st.getRank() != 1)
      return n.error() << "scale must be a scalar or 1-D (per axis)";
    std::optional<int64_t> axis = normalizeAxis(axisAttr, rank);
    if (!axis)
      return n.error() << "axis " << axisAttr << " is out of range";
    p.axis = *axis;
    if (shape[p.axis] != st.getDimSize(0))
      return n.error() << "per-axis scale of " << st.getDimSize(0)
                       << " values does not match axis " << axisAttr
                       << " of size " << shape[p.axis];
  }
  if (p.zeroPoint &&
      NodeBinder::typeOf(p.zeroPoint).getShape() != st.getShape())
    return n.error() << "scale and zero point differ in shape";
  if (ElementsAttr c = getConstantElements(p.scale)) {
    p.scales = readDoubles(c, false);
    for (double s : p.scales ? *p.scales : SmallVector<double>()) {
      if (!(s > 0) || !std::isfinite(s))
        return n.error() << "scale " << s << " is not positive and finite";
      if (isSubnormalScale(s))
        return n.error() << "scale " << s << " " << kSubnormalScaleReason;
    }
  }
  if (!p.zeroPoint)
    p.zeroPoints = SmallVector<int64_t>(st.getNumElements(), 0);
  else if (ElementsAttr c = getConstantElements(p.zeroPoint))
    p.zeroPoints = readInts(c, p.codeType.isUnsigned());
  return success();
}

/// The `!qnn.uniform` type of constant per-tensor or per-axis parameters
/// with codes of at most 8 bits; null otherwise.
Type uniformType(NodeBinder &n, const QParams &p) {
  if (!p.scales || !p.zeroPoints || p.blockSize || p.codeType.getWidth() > 8)
    return {};
  auto [lo, hi] = rangeOf(p.codeType);
  SmallVector<double> scales;
  for (double s : *p.scales)
    scales.push_back(double(float(s)));
  for (int64_t z : *p.zeroPoints)
    if (z < lo || z > hi)
      return {};
  return mlir::qnn::UniformQuantType::getChecked(
      [&] { return n.error(); }, n.b.getContext(), p.codeType.getWidth(),
      p.codeType.isSigned(), lo, hi, Type(n.b.getF32Type()),
      p.scales->size() > 1 ? p.axis : int64_t(-1), ArrayRef<double>(scales),
      ArrayRef<int64_t>(*p.zeroPoints));
}

/// A parameter (scale or zero point) broadcastable against `shape`:
/// per tensor as a scalar, per axis along `axis`, blocked expanded.
Value expandParam(ImplicitLocOpBuilder &b, Value param, ArrayRef<int64_t> shape,
                  const QParams &p) {
  auto t = cast<RankedTensorType>(param.getType());
  int64_t rank = int64_t(shape.size());
  if (p.blockSize > 0) {
    return gatherByIndex(
        b, param, shape, [&](OpBuilder &nb, Location loc, ValueRange idx) {
          SmallVector<Value> from(idx.begin(), idx.begin() + rank);
          from[p.axis] = arith::DivUIOp::create(
              nb, loc, idx[p.axis],
              arith::ConstantIndexOp::create(nb, loc, p.blockSize));
          return from;
        });
  }
  if (t.getNumElements() == 1 || p.axis < 0)
    return reshape(b, param, {});
  SmallVector<int64_t> s(rank, 1);
  s[p.axis] = t.getNumElements();
  return reshape(b, param, s);
}

/// `qnn.quantize` of the float tensor `x` (in f32) to codes of `quant`.
/// Constant weights held in a resource blob become dense: the quantize's
/// folder (and so qnn-form-integer-layers) reads dense elements only.
Value quantizeTo(ImplicitLocOpBuilder &b, Value x, Type quant) {
  x = densified(b, x);
  auto xt = NodeBinder::typeOf(x);
  Value xf = x;
  if (!xt.getElementType().isF32())
    xf = elementwise(b, x, xt.getShape(), b.getF32Type(),
                     [&](OpBuilder &nb, Location loc, ValueRange v) {
                       return convertScalar(nb, loc, v[0], nb.getF32Type(),
                                            false);
                     });
  return mlir::qnn::QuantizeOp::create(
      b, RankedTensorType::get(xt.getShape(), quant), xf);
}

/// The index of the parameter of each element of a tensor of `shape`:
/// 0 per tensor, the index along `p.axis` per axis. Not for blocks.
SmallVector<int64_t> paramIndices(ArrayRef<int64_t> shape, const QParams &p) {
  int64_t size = numElements(shape);
  SmallVector<int64_t> at(size, 0);
  if (p.axis < 0 || !p.scales || p.scales->size() == 1)
    return at;
  int64_t inner = 1;
  for (int64_t d = int64_t(shape.size()) - 1; d > p.axis; --d)
    inner *= shape[d];
  for (int64_t i = 0; i < size; ++i)
    at[i] = (i / inner) % shape[p.axis];
  return at;
}

/// The codes ONNX's QuantizeLinear gives a constant `x` with constant
/// per-tensor or per-axis parameters, computed here: x / scale in f32 (f64
/// for f64 inputs), rounded half to even, plus the zero point, saturated.
/// Nullopt when anything is not constant (or blocked).
std::optional<SmallVector<int64_t>> foldQuantize(Value x, const QParams &p) {
  ElementsAttr c = getConstantElements(x);
  if (!c || !p.scales || !p.zeroPoints || p.blockSize)
    return std::nullopt;
  std::optional<SmallVector<double>> values = readDoubles(c, false);
  if (!values)
    return std::nullopt;
  auto xt = NodeBinder::typeOf(x);
  bool wide = xt.getElementType().isF64();
  auto [lo, hi] = rangeOf(p.codeType);
  SmallVector<int64_t> at = paramIndices(xt.getShape(), p);
  SmallVector<int64_t> codes;
  for (auto [i, v] : llvm::enumerate(*values)) {
    double s = (*p.scales)[at[i]];
    double q = wide ? std::nearbyint(v / s)
                    : double(std::nearbyint(float(v) / float(s)));
    if (std::isnan(q))
      return std::nullopt; // NaN has no code; the run-time path decides
    q += double((*p.zeroPoints)[at[i]]);
    codes.push_back(q <= double(lo) ? lo : q >= double(hi) ? hi : int64_t(q));
  }
  return codes;
}

/// x -> integer codes of `p`, as ONNX's QuantizeLinear.
FailureOr<Value> quantize(NodeBinder &n, Value x, QParams &p) {
  ImplicitLocOpBuilder &b = n.b;
  auto xt = NodeBinder::typeOf(x);
  if (Type quant = uniformType(n, p))
    return b.createOrFold<mlir::qnn::StorageCastOp>(
        RankedTensorType::get(xt.getShape(), storageOf(p.codeType)),
        quantizeTo(b, x, quant));
  // Constant inputs (a float bias quantized to INT32) fold exactly: the
  // f32 clamp below cannot hold INT32's bounds.
  if (std::optional<SmallVector<int64_t>> codes = foldQuantize(x, p))
    return constantOfInts(
        b, RankedTensorType::get(xt.getShape(), storageOf(p.codeType)), *codes);
  // Run-time (or wide, or blocked) parameters: ONNX's definition in f32
  // (f64 for f64 inputs), round half to even, saturate.
  Type f = xt.getElementType().isF64() ? b.getF64Type() : b.getF32Type();
  SmallVector<Value> ins = {x, expandParam(b, p.scale, xt.getShape(), p)};
  if (p.zeroPoint)
    ins.push_back(expandParam(b, p.zeroPoint, xt.getShape(), p));
  // (Not structured bindings: the lambda below captures them.)
  int64_t lo = rangeOf(p.codeType).first, hi = rangeOf(p.codeType).second;
  bool zpUnsigned = p.codeType.isUnsigned();
  Type storage = storageOf(p.codeType);
  // The rounded quotient plus the zero point, and the saturation, are
  // exact in f32 for codes of up to 16 bits; INT32's need f64 (f32 has no
  // 2^31 - 1).
  Type sum = p.codeType.getWidth() > 16 ? b.getF64Type() : f;
  return elementwise(
      b, ins, xt.getShape(), storage,
      [&](OpBuilder &nb, Location loc, ValueRange v) -> Value {
        Value xv = convertScalar(nb, loc, v[0], f, false);
        Value s = convertScalar(nb, loc, v[1], f, false);
        Value r = math::RoundEvenOp::create(
            nb, loc, arith::DivFOp::create(nb, loc, xv, s));
        r = convertScalar(nb, loc, r, sum, false);
        if (v.size() > 2)
          r = arith::AddFOp::create(
              nb, loc, r, convertScalar(nb, loc, v[2], sum, zpUnsigned));
        r = arith::MaximumFOp::create(nb, loc, r,
                                      scalar(nb, loc, sum, double(lo)));
        r = arith::MinimumFOp::create(nb, loc, r,
                                      scalar(nb, loc, sum, double(hi)));
        return convertScalar(nb, loc, r, storage, false, zpUnsigned);
      });
}

/// The float type DequantizeLinear produces: the scale's (f32 before opset
/// 19, which had no other).
Type dequantizedType(NodeBinder &n, const QParams &p) {
  if (n.since() < 19)
    return n.b.getF32Type();
  return NodeBinder::typeOf(p.scale).getElementType();
}

/// `qnn.dequantize` of codes `q`, in `outType`.
Value dequantizeTo(ImplicitLocOpBuilder &b, Value q, Type outType) {
  auto shape = NodeBinder::typeOf(q).getShape();
  Value y = mlir::qnn::DequantizeOp::create(
      b, RankedTensorType::get(shape, b.getF32Type()), q);
  if (outType.isF32())
    return y;
  return elementwise(b, y, shape, outType,
                     [&](OpBuilder &nb, Location loc, ValueRange v) {
                       return convertScalar(nb, loc, v[0], outType, false);
                     });
}

/// Integer codes -> real values of `p`, as ONNX's DequantizeLinear, in the
/// scale's float type (f32 before opset 19, which had no other).
FailureOr<Value> dequantize(NodeBinder &n, Value x, QParams &p) {
  ImplicitLocOpBuilder &b = n.b;
  auto xt = NodeBinder::typeOf(x);
  Type outType = dequantizedType(n, p);
  bool xUnsigned = p.codeType.isUnsigned();
  // Constant codes and parameters: the real values, folded (bias vectors).
  ElementsAttr codes = getConstantElements(x);
  if (codes && p.scales && p.zeroPoints && !uniformType(n, p)) {
    std::optional<SmallVector<int64_t>> ints = readInts(codes, xUnsigned);
    if (ints) {
      SmallVector<int64_t> strides(xt.getRank(), 1);
      for (int64_t d = xt.getRank() - 2; d >= 0; --d)
        strides[d] = strides[d + 1] * xt.getDimSize(d + 1);
      auto st = NodeBinder::typeOf(p.scale);
      SmallVector<double> real;
      for (int64_t i = 0; i < int64_t(ints->size()); ++i) {
        int64_t at = 0;
        if (p.blockSize) {
          int64_t sstride = 1;
          for (int64_t d = xt.getRank() - 1; d >= 0; --d) {
            int64_t idx = (i / strides[d]) % xt.getDimSize(d);
            at += (d == p.axis ? idx / p.blockSize : idx) * sstride;
            sstride *= st.getDimSize(d);
          }
        } else if (p.scales->size() > 1) {
          at = (i / strides[p.axis]) % xt.getDimSize(p.axis);
        }
        // f32 arithmetic as onnxruntime: float(x - zp) * scale.
        double diff = double(float((*ints)[i] - (*p.zeroPoints)[at]));
        real.push_back(diff * double(float((*p.scales)[at])));
      }
      return constantOf(b, RankedTensorType::get(xt.getShape(), outType), real);
    }
  }
  if (Type quant = uniformType(n, p)) {
    // Constant codes (weights) become a qnn.constant, which
    // qnn-form-integer-layers reads as a layer's weights: storage_cast folds
    // dense elements only, and initializers arrive as resource blobs.
    if (codes)
      if (DenseElementsAttr dense = toDense(codes))
        x = arith::ConstantOp::create(b, dense);
    Value q = b.createOrFold<mlir::qnn::StorageCastOp>(
        RankedTensorType::get(xt.getShape(), quant), x);
    return dequantizeTo(b, q, outType);
  }
  SmallVector<Value> ins = {x, expandParam(b, p.scale, xt.getShape(), p)};
  if (p.zeroPoint)
    ins.push_back(expandParam(b, p.zeroPoint, xt.getShape(), p));
  Type wide = b.getI64Type();
  Type f = outType.isF64() ? b.getF64Type() : b.getF32Type();
  return elementwise(b, ins, xt.getShape(), outType,
                     [&](OpBuilder &nb, Location loc, ValueRange v) -> Value {
                       Value xi = convertScalar(nb, loc, v[0], wide, xUnsigned);
                       if (v.size() > 2)
                         xi = arith::SubIOp::create(
                             nb, loc, xi,
                             convertScalar(nb, loc, v[2], wide, xUnsigned));
                       Value xf = convertScalar(nb, loc, xi, f, false);
                       Value r = arith::MulFOp::create(
                           nb, loc, xf, convertScalar(nb, loc, v[1], f, false));
                       return convertScalar(nb, loc, r, outType, false);
                     });
}

/// The ONNX element type of `output_dtype`, for the integer types
/// QuantizeLinear produces.
IntegerType codeTypeOf(MLIRContext *ctx, int64_t dtype) {
  switch (dtype) {
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

/// Reads inputs (scale at `scaleIndex`, zero point after it) into `p`.
LogicalResult bindParams(NodeBinder &n, QParams &p, unsigned scaleIndex,
                         ArrayRef<int64_t> shape, int64_t axis) {
  FailureOr<Value> scale = n.input(scaleIndex);
  if (failed(scale))
    return failure();
  p.scale = *scale;
  p.zeroPoint = n.optionalInput(scaleIndex + 1);
  if (p.zeroPoint) {
    auto zt = dyn_cast<IntegerType>(n.onnxElementType(scaleIndex + 1));
    if (!zt || zt.getWidth() == 1)
      return n.error() << "zero point must be an integer tensor, got "
                       << n.onnxElementType(scaleIndex + 1);
    if (p.codeType && zt != p.codeType)
      return n.error() << "zero point of type " << zt << " differs from the "
                       << "codes' " << p.codeType;
    p.codeType = zt;
  }
  return readParams(n, p, shape, axis);
}

LogicalResult convertQuantizeLinear(NodeBinder &n) {
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  if (!isa<FloatType>(n.onnxElementType(0)))
    return n.error() << "input must be a float";
  QParams p;
  int64_t axis = n.since() >= 13 ? n.i64("axis", 1) : 1;
  if (n.since() >= 21) {
    p.blockSize = n.i64("block_size", 0);
    if (int64_t dtype = n.i64("output_dtype", 0)) {
      p.codeType = codeTypeOf(n.b.getContext(), dtype);
      if (!p.codeType)
        return n.error() << "output_dtype " << dtype
                         << " is not an integer type qnn produces";
    }
  }
  if (n.since() >= 19)
    n.ignore("saturate"); // float8 outputs only, which qnn does not have
  if (p.blockSize < 0)
    return n.error() << "block_size must not be negative";
  if (failed(bindParams(n, p, 1, NodeBinder::typeOf(*x).getShape(), axis)))
    return failure();
  if (!p.codeType)
    p.codeType = IntegerType::get(n.b.getContext(), 8, IntegerType::Unsigned);
  FailureOr<Value> y = quantize(n, *x, p);
  if (failed(y))
    return failure();
  return n.output(0, *y, p.codeType);
}

//===----------------------------------------------------------------------===//
// QuantizeLinear -> Clip -> DequantizeLinear: one quantizer of the clipped
// range (Brevitas's QCDQ export of quantizers below 8 bits).
//===----------------------------------------------------------------------===//

/// The ai.onnx node `opType` that defines `v` in the onnx graph, or null.
onnx_ir::NodeOp producerOf(Value v, StringRef opType) {
  auto node = v.getDefiningOp<onnx_ir::NodeOp>();
  if (!node || node.getDomain() != "ai.onnx" || node.getOpType() != opType)
    return {};
  return node;
}

/// Whether `node` lists input `i` and it is not empty.
bool hasInput(onnx_ir::NodeOp node, unsigned i) {
  return i < node.getNumOperands() &&
         !isa<NoneType>(node.getOperand(i).getType());
}

/// The codes Clip node `clip` keeps of codes of `codeType`: its bounds
/// (attributes before opset 11, inputs from 11) within the type's range.
/// Nullopt for a run-time bound.
std::optional<std::pair<int64_t, int64_t>>
clipRange(NodeBinder &n, onnx_ir::NodeOp clip, IntegerType codeType) {
  int64_t lo = rangeOf(codeType).first, hi = rangeOf(codeType).second;
  if (clip.getVersion() < 11) {
    // Integral (the Clip's own conversion refuses fractional bounds on
    // integers); saturated to the type, as comparisons with them are.
    int64_t typeLo = lo, typeHi = hi;
    auto bound = [&](StringRef name, int64_t &v, bool isMin) {
      auto a = dyn_cast_if_present<FloatAttr>(clip.getAttrs().get(name));
      if (!a || std::isnan(a.getValueAsDouble()))
        return;
      double d =
          std::clamp(a.getValueAsDouble(), double(typeLo), double(typeHi));
      v = int64_t(isMin ? std::ceil(d) : std::floor(d));
    };
    bound("min", lo, true);
    bound("max", hi, false);
    return std::make_pair(lo, hi);
  }
  for (unsigned i : {1u, 2u}) {
    if (!hasInput(clip, i))
      continue;
    ElementsAttr c = getConstantElements(n.converted(clip.getOperand(i)));
    std::optional<SmallVector<int64_t>> v =
        c ? readInts(c, codeType.isUnsigned()) : std::nullopt;
    if (!v || v->size() != 1)
      return std::nullopt;
    (i == 1 ? lo : hi) = (*v)[0];
  }
  return std::make_pair(lo, hi);
}

/// The `!qnn.uniform` type of `p`'s constant parameters for codes in
/// [lo, hi]: the fewest bits that hold the range, signed when it holds
/// negative codes, the range itself as the storage range (narrow ranges
/// stay narrow). Null when the parameters are run-time or blocked, or the
/// range needs more than 8 bits.
Type clippedUniformType(NodeBinder &n, const QParams &p, int64_t lo,
                        int64_t hi) {
  if (!p.scales || !p.zeroPoints || p.blockSize || lo > hi)
    return {};
  bool isSigned = lo < 0;
  unsigned bits = 1;
  while (bits <= 8 && (isSigned ? lo < -(int64_t(1) << (bits - 1)) ||
                                      hi > (int64_t(1) << (bits - 1)) - 1
                                : hi > (int64_t(1) << bits) - 1))
    ++bits;
  if (bits > 8)
    return {};
  SmallVector<double> scales;
  for (double s : *p.scales)
    scales.push_back(double(float(s)));
  // A range the type cannot hold (a zero point outside the clipped range)
  // is no error: the nodes are then computed one by one. Its diagnostic
  // must not reach the user, whose model converts.
  ScopedDiagnosticHandler quiet(n.b.getContext(),
                                [](Diagnostic &) { return success(); });
  return mlir::qnn::UniformQuantType::getChecked(
      [&] { return n.error(); }, n.b.getContext(), bits, isSigned, lo, hi,
      Type(n.b.getF32Type()), p.scales->size() > 1 ? p.axis : int64_t(-1),
      ArrayRef<double>(scales), ArrayRef<int64_t>(*p.zeroPoints));
}

/// Whether QuantizeLinear node `ql` quantizes with the scale, zero point
/// and axis of `p` (those its DequantizeLinear reads back with), all
/// constant, to a tensor of `rank`.
bool quantizesWith(NodeBinder &n, onnx_ir::NodeOp ql, const QParams &p,
                   int64_t rank) {
  if (!p.scales || !p.zeroPoints || p.blockSize || !hasInput(ql, 1))
    return false;
  DictionaryAttr attrs = ql.getAttrs();
  if (auto block = dyn_cast_if_present<IntegerAttr>(attrs.get("block_size"));
      block && block.getInt() != 0)
    return false;
  ElementsAttr sc = getConstantElements(n.converted(ql.getOperand(1)));
  std::optional<SmallVector<double>> scales =
      sc ? readDoubles(sc, false) : std::nullopt;
  if (!scales || scales->size() != p.scales->size())
    return false;
  for (auto [a, b] : llvm::zip(*scales, *p.scales))
    if (float(a) != float(b))
      return false;
  SmallVector<int64_t> zeros(scales->size(), 0);
  if (hasInput(ql, 2)) {
    ElementsAttr zc = getConstantElements(n.converted(ql.getOperand(2)));
    std::optional<SmallVector<int64_t>> z =
        zc ? readInts(zc, p.codeType.isUnsigned()) : std::nullopt;
    if (!z || z->size() != zeros.size())
      return false;
    zeros = *z;
  }
  if (ArrayRef<int64_t>(zeros) != ArrayRef<int64_t>(*p.zeroPoints))
    return false;
  if (scales->size() == 1)
    return true;
  int64_t axis = 1;
  if (auto a = dyn_cast_if_present<IntegerAttr>(attrs.get("axis")))
    axis = a.getInt();
  return normalizeAxis(axis, rank) == p.axis;
}

/// DequantizeLinear of Clip(codes) with constant bounds as one quantizer
/// of the clipped range: the codes of QuantizeLinear with the same
/// parameters become `qnn.quantize` to that range's b-bit type, constant
/// codes (weights, biases) are clipped here. Null when the chain is not of
/// that form; the nodes are then computed one by one, as ONNX defines them.
FailureOr<Value> dequantizeClipped(NodeBinder &n, onnx_ir::NodeOp clip,
                                   QParams &p) {
  std::optional<std::pair<int64_t, int64_t>> range =
      clipRange(n, clip, p.codeType);
  if (!range || range->first > range->second)
    return Value();
  auto [lo, hi] = *range;
  ImplicitLocOpBuilder &b = n.b;
  Value codes = clip.getOperand(0);
  // (The onnx graph's types may be unknown; the converted ones are not.)
  ArrayRef<int64_t> shape = NodeBinder::typeOf(*n.input(0)).getShape();
  Type quant = clippedUniformType(n, p, lo, hi);
  Type outType = dequantizedType(n, p);
  if (ElementsAttr c = getConstantElements(n.converted(codes))) {
    std::optional<SmallVector<int64_t>> ints =
        readInts(c, p.codeType.isUnsigned());
    if (!ints)
      return Value();
    for (int64_t &v : *ints)
      v = std::clamp(v, lo, hi);
    if (!quant) {
      // Wider codes (a 16-bit bias clipped in INT32): ONNX's
      // DequantizeLinear of the clipped constant, which folds.
      Value clipped = constantOfInts(
          b, RankedTensorType::get(shape, storageOf(p.codeType)), *ints);
      return dequantize(n, clipped, p);
    }
    auto qt = cast<mlir::qnn::QuantizedTypeInterface>(quant);
    Value raw = constantOfInts(
        b, RankedTensorType::get(shape, b.getIntegerType(qt.getBits())), *ints);
    Value q = b.createOrFold<mlir::qnn::StorageCastOp>(
        RankedTensorType::get(shape, quant), raw);
    return dequantizeTo(b, q, outType);
  }
  onnx_ir::NodeOp ql = producerOf(codes, "QuantizeLinear");
  if (!quant || !ql || !quantizesWith(n, ql, p, int64_t(shape.size())))
    return Value();
  Value x = n.converted(ql.getOperand(0));
  if (!x)
    return Value();
  return dequantizeTo(b, quantizeTo(b, x, quant), outType);
}

LogicalResult convertDequantizeLinear(NodeBinder &n) {
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  auto ct = dyn_cast<IntegerType>(n.onnxElementType(0));
  if (!ct || ct.getWidth() == 1)
    return n.error() << "input must be integers, got " << n.onnxElementType(0);
  QParams p;
  p.codeType = ct;
  int64_t axis = n.since() >= 13 ? n.i64("axis", 1) : 1;
  if (n.since() >= 21)
    p.blockSize = n.i64("block_size", 0);
  if (n.since() >= 23)
    if (int64_t dtype = n.i64("output_dtype", 0);
        dtype && dtype != 1 && dtype != 10 && dtype != 16)
      return n.error() << "output_dtype " << dtype << " is not supported";
  if (p.blockSize < 0)
    return n.error() << "block_size must not be negative";
  if (failed(bindParams(n, p, 1, NodeBinder::typeOf(*x).getShape(), axis)))
    return failure();
  if (onnx_ir::NodeOp clip = producerOf(n.node().getOperand(0), "Clip")) {
    FailureOr<Value> y = dequantizeClipped(n, clip, p);
    if (failed(y))
      return failure();
    if (*y)
      return n.output(0, *y);
  }
  FailureOr<Value> y = dequantize(n, *x, p);
  if (failed(y))
    return failure();
  return n.output(0, *y);
}

/// QLinearConv and QLinearMatMul: the QDQ form in one node.
LogicalResult convertQLinear(NodeBinder &n) {
  bool conv = n.opType() == "QLinearConv";
  for (unsigned i = 0; i < 8; ++i)
    if (!n.has(i))
      return n.error() << "input " << i << " is missing";
  Value x = *n.input(0), w = *n.input(3);
  auto codes = [&](unsigned i) {
    return dyn_cast<IntegerType>(n.onnxElementType(i));
  };
  if (!codes(0) || !codes(3) || !codes(7))
    return n.error() << "x, w and y_zero_point must be integers";
  QParams px, pw, py;
  px.codeType = codes(0);
  pw.codeType = codes(3);
  py.codeType = codes(7);
  auto wt = NodeBinder::typeOf(w);
  int64_t xRank = NodeBinder::typeOf(x).getRank();
  // Weights per output channel: axis 0 of convolution weights, the
  // columns (last axis) of a matmul's right operand. A matmul's left
  // operand may be quantized per row; a convolution's input per tensor.
  int64_t wAxis = conv ? 0 : wt.getRank() - 1;
  int64_t xAxis = conv || xRank < 2 ? 0 : xRank - 2;
  for (auto [i, name] :
       {std::pair<unsigned, const char *>{1, "x_scale"}, {6, "y_scale"}})
    if ((conv || xRank < 2) &&
        NodeBinder::typeOf(*n.input(i)).getNumElements() != 1)
      return n.error() << name << " must be one value (per tensor)";
  if (failed(bindParams(n, px, 1, NodeBinder::typeOf(x).getShape(), xAxis)) ||
      failed(bindParams(n, pw, 4, wt.getShape(), wAxis)))
    return failure();
  FailureOr<Value> xf = dequantize(n, x, px), wf = dequantize(n, w, pw);
  if (failed(xf) || failed(wf))
    return failure();
  Value bias;
  if (conv && n.has(8)) {
    // B (INT32) * x_scale * w_scale[c], rounded once.
    ElementsAttr bc = n.constant(8);
    if (!bc || !n.onnxElementType(8).isSignedInteger(32))
      return n.error() << "the bias must be a constant INT32 tensor";
    if (!px.scales || !pw.scales)
      return n.error() << "a bias needs constant x and w scales";
    std::optional<SmallVector<int64_t>> bv = readInts(bc, false);
    if (!bv || wt.getRank() < 1 || int64_t(bv->size()) != wt.getDimSize(0))
      return n.error() << "the bias must hold one value per output channel ("
                       << (wt.getRank() ? wt.getDimSize(0) : 0) << ")";
    SmallVector<double> real;
    for (auto [c, v] : llvm::enumerate(*bv))
      real.push_back(
          double(v) * double(float((*px.scales)[0])) *
          double(float((*pw.scales)[pw.scales->size() == 1 ? 0 : c])));
    bias = constantOf(
        n.b, RankedTensorType::get({int64_t(real.size())}, n.b.getF32Type()),
        real);
  }
  FailureOr<Value> yf =
      conv ? buildConv(n, *xf, *wf, bias) : buildMatMul(n, *xf, *wf);
  if (failed(yf))
    return failure();
  int64_t yRank = NodeBinder::typeOf(*yf).getRank();
  if (failed(bindParams(n, py, 6, NodeBinder::typeOf(*yf).getShape(),
                        conv || yRank < 2 ? 0 : yRank - 2)))
    return failure();
  FailureOr<Value> y = quantize(n, *yf, py);
  if (failed(y))
    return failure();
  return n.output(0, *y, py.codeType);
}

/// x - zero point in i32 (per tensor, or per `axis` when the zero point
/// has one value per element along it).
FailureOr<Value> offsetInt32(NodeBinder &n, unsigned xi, unsigned zpi,
                             int64_t axis) {
  FailureOr<Value> x = n.input(xi);
  if (failed(x))
    return failure();
  auto xType = dyn_cast<IntegerType>(n.onnxElementType(xi));
  if (!xType || xType.getWidth() > 8)
    return n.error() << "input " << xi << " must be 8-bit integers";
  bool xUnsigned = xType.isUnsigned();
  auto xt = NodeBinder::typeOf(*x);
  Type i32 = n.b.getI32Type();
  SmallVector<Value> ins = {*x};
  bool zpUnsigned = false;
  if (Value zp = n.optionalInput(zpi)) {
    auto zt = NodeBinder::typeOf(zp);
    zpUnsigned = n.isUnsigned(zpi);
    if (zt.getNumElements() == 1) {
      ins.push_back(reshape(n.b, zp, {}));
    } else if (zt.getRank() == 1 && axis >= 0 && axis < xt.getRank() &&
               zt.getDimSize(0) == xt.getDimSize(axis)) {
      SmallVector<int64_t> s(xt.getRank(), 1);
      s[axis] = zt.getDimSize(0);
      ins.push_back(reshape(n.b, zp, s));
    } else {
      return n.error() << "zero point of shape [" << zt.getShape()
                       << "] is neither per tensor nor per "
                       << (axis >= 0 ? "channel" : "tensor");
    }
  }
  return elementwise(n.b, ins, xt.getShape(), i32,
                     [&](OpBuilder &b, Location loc, ValueRange v) -> Value {
                       Value r = convertScalar(b, loc, v[0], i32, xUnsigned);
                       if (v.size() > 1)
                         r = arith::SubIOp::create(
                             b, loc, r,
                             convertScalar(b, loc, v[1], i32, zpUnsigned));
                       return r;
                     });
}

LogicalResult convertConvInteger(NodeBinder &n) {
  FailureOr<Value> x = offsetInt32(n, 0, 2, -1);
  FailureOr<Value> w = offsetInt32(n, 1, 3, 0);
  if (failed(x) || failed(w))
    return failure();
  FailureOr<Value> y = buildIntegerConv(n, *x, *w);
  if (failed(y))
    return failure();
  return n.output(0, *y,
                  IntegerType::get(n.b.getContext(), 32, IntegerType::Signed));
}

LogicalResult convertMatMulInteger(NodeBinder &n) {
  FailureOr<Value> a0 = n.input(0), b0 = n.input(1);
  if (failed(a0) || failed(b0))
    return failure();
  int64_t aRank = NodeBinder::typeOf(*a0).getRank();
  int64_t bRank = NodeBinder::typeOf(*b0).getRank();
  // a's zero point per row (axis -2), b's per column (the last axis).
  FailureOr<Value> a = offsetInt32(n, 0, 2, aRank >= 2 ? aRank - 2 : -1);
  FailureOr<Value> w = offsetInt32(n, 1, 3, bRank - 1);
  if (failed(a) || failed(w))
    return failure();
  FailureOr<Value> y = buildMatMul(n, *a, *w);
  if (failed(y))
    return failure();
  return n.output(0, *y,
                  IntegerType::get(n.b.getContext(), 32, IntegerType::Signed));
}

LogicalResult convertDynamicQuantizeLinear(NodeBinder &n) {
  // y_scale = (max(0, max x) - min(0, min x), or 1 where that is 0) / 255,
  // y_zero_point = saturate(round(-min(0, min x) / y_scale)),
  // y = saturate(round(x / y_scale) + y_zero_point), computed at run time.
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  auto xt = NodeBinder::typeOf(*x);
  if (!xt.getElementType().isF32())
    return n.error() << "input must be f32";
  if (xt.getNumElements() == 0)
    return n.error() << "input is empty: its range, and so the scale, is "
                        "undefined";
  ImplicitLocOpBuilder &b = n.b;
  Type f32 = b.getF32Type();
  auto one = RankedTensorType::get({1}, f32);
  Value flat = reshape(b, *x, {xt.getNumElements()});
  auto axis0 = b.getI32IntegerAttr(0);
  auto nan = tosa::NanPropagationModeAttr::get(
      b.getContext(), tosa::NanPropagationMode::PROPAGATE);
  Value zero1 = splat(b, one, 0.0);
  Value lo = tosa::MinimumOp::create(
      b, one, tosa::ReduceMinOp::create(b, one, flat, axis0), zero1, nan);
  Value hi = tosa::MaximumOp::create(
      b, one, tosa::ReduceMaxOp::create(b, one, flat, axis0), zero1, nan);
  // An input of zeros has the range 1 (not 0: its codes would be 0 / 0).
  Value scale = elementwise(
      b, {hi, lo}, {1}, f32, [&](OpBuilder &nb, Location loc, ValueRange v) {
        Value same = arith::CmpFOp::create(nb, loc, arith::CmpFPredicate::OEQ,
                                           v[0], v[1]);
        Value range =
            arith::SelectOp::create(nb, loc, same, scalar(nb, loc, f32, 1.0),
                                    arith::SubFOp::create(nb, loc, v[0], v[1]));
        return Value(
            arith::DivFOp::create(nb, loc, range, scalar(nb, loc, f32, 255.0)));
      });
  Type u8 = b.getI8Type();
  auto clampRound = [&](OpBuilder &nb, Location loc, Value v) -> Value {
    Value r = math::RoundEvenOp::create(nb, loc, v);
    r = arith::MaximumFOp::create(nb, loc, r, scalar(nb, loc, f32, 0.0));
    return arith::MinimumFOp::create(nb, loc, r, scalar(nb, loc, f32, 255.0));
  };
  Value zpF = elementwise(
      b, {lo, scale}, {1}, f32, [&](OpBuilder &nb, Location loc, ValueRange v) {
        Value q = arith::DivFOp::create(nb, loc, v[0], v[1]);
        return clampRound(nb, loc, arith::NegFOp::create(nb, loc, q));
      });
  Value sScalar = reshape(b, scale, {}), zScalar = reshape(b, zpF, {});
  Value y = elementwise(
      b, {*x, sScalar, zScalar}, xt.getShape(), u8,
      [&](OpBuilder &nb, Location loc, ValueRange v) -> Value {
        Value q = math::RoundEvenOp::create(
            nb, loc, arith::DivFOp::create(nb, loc, v[0], v[1]));
        q = arith::AddFOp::create(nb, loc, q, v[2]);
        q = arith::MaximumFOp::create(nb, loc, q, scalar(nb, loc, f32, 0.0));
        q = arith::MinimumFOp::create(nb, loc, q, scalar(nb, loc, f32, 255.0));
        return arith::FPToUIOp::create(nb, loc, u8, q);
      });
  Value zp = elementwise(
      b, zScalar, {}, u8, [&](OpBuilder &nb, Location loc, ValueRange v) {
        return Value(arith::FPToUIOp::create(nb, loc, u8, v[0]));
      });
  Type ui8 = IntegerType::get(b.getContext(), 8, IntegerType::Unsigned);
  if (failed(n.output(0, y, ui8)) || failed(n.output(1, sScalar, f32)))
    return failure();
  return n.output(2, zp, ui8);
}

//===----------------------------------------------------------------------===//
// com.microsoft QOperator ops: dequantize the operands, the float operator,
// quantize the result (the QDQ form in one node, as onnxruntime defines
// them).
//===----------------------------------------------------------------------===//

/// Dequantizes the integer input at `x` with the scale and zero point that
/// follow it (per tensor, or per `axis`).
FailureOr<Value> dequantizeInput(NodeBinder &n, unsigned x, unsigned scale,
                                 int64_t axis = 1) {
  FailureOr<Value> v = n.input(x);
  if (failed(v))
    return failure();
  auto ct = dyn_cast<IntegerType>(n.onnxElementType(x));
  if (!ct || ct.getWidth() == 1)
    return n.error() << "input " << x << " must be integers, got "
                     << n.onnxElementType(x);
  QParams p;
  p.codeType = ct;
  if (failed(bindParams(n, p, scale, NodeBinder::typeOf(*v).getShape(), axis)))
    return failure();
  return dequantize(n, *v, p);
}

/// Quantizes `y` with the scale and zero point at `scale`, `scale + 1` and
/// defines output 0.
LogicalResult quantizeOutput(NodeBinder &n, Value y, unsigned scale) {
  QParams p;
  if (Value zp = n.optionalInput(scale + 1)) {
    auto zt = dyn_cast<IntegerType>(n.onnxElementType(scale + 1));
    if (!zt || zt.getWidth() == 1)
      return n.error() << "the output zero point must be integers";
    p.codeType = zt;
  } else {
    p.codeType = IntegerType::get(n.b.getContext(), 8, IntegerType::Unsigned);
  }
  if (failed(bindParams(n, p, scale, NodeBinder::typeOf(y).getShape(), 1)))
    return failure();
  FailureOr<Value> q = quantize(n, y, p);
  if (failed(q))
    return failure();
  return n.output(0, *q, p.codeType);
}

/// f32 `l op r` with NumPy broadcasting (TOSA, equal ranks).
FailureOr<Value> floatBinary(NodeBinder &n, Value l, Value r, bool add) {
  ImplicitLocOpBuilder &b = n.b;
  int64_t rank = std::max(NodeBinder::typeOf(l).getRank(),
                          NodeBinder::typeOf(r).getRank());
  l = padRank(b, l, rank);
  r = padRank(b, r, rank);
  std::optional<SmallVector<int64_t>> shape = broadcastShapes(
      {NodeBinder::typeOf(l).getShape(), NodeBinder::typeOf(r).getShape()});
  if (!shape)
    return n.error() << "inputs do not broadcast";
  auto type = RankedTensorType::get(*shape, b.getF32Type());
  if (add)
    return Value(tosa::AddOp::create(b, type, l, r));
  Value shift = splat(b, RankedTensorType::get({1}, b.getI8Type()), 0);
  return Value(tosa::MulOp::create(b, type, l, r, shift));
}

/// QLinearAdd / QLinearMul(A, A_scale, A_zp, B, B_scale, B_zp, C_scale,
/// C_zp).
LogicalResult convertQLinearBinary(NodeBinder &n) {
  FailureOr<Value> a = dequantizeInput(n, 0, 1), bv = dequantizeInput(n, 3, 4);
  if (failed(a) || failed(bv))
    return failure();
  FailureOr<Value> y = floatBinary(n, *a, *bv, n.opType() == "QLinearAdd");
  if (failed(y))
    return failure();
  return quantizeOutput(n, *y, 6);
}

/// QLinearConcat(Y_scale, Y_zp, X0, X0_scale, X0_zp, X1, ...) {axis}.
LogicalResult convertQLinearConcat(NodeBinder &n) {
  int64_t axisAttr = n.i64("axis", 0);
  if (n.numInputs() < 5 || (n.numInputs() - 2) % 3 != 0)
    return n.error() << "takes Y_scale, Y_zero_point and triples of (X, "
                        "X_scale, X_zero_point), got "
                     << n.numInputs() << " inputs";
  SmallVector<Value> parts;
  for (unsigned i = 2; i < n.numInputs(); i += 3) {
    FailureOr<Value> v = dequantizeInput(n, i, i + 1);
    if (failed(v))
      return failure();
    parts.push_back(*v);
  }
  auto first = NodeBinder::typeOf(parts.front());
  std::optional<int64_t> axis = normalizeAxis(axisAttr, first.getRank());
  if (!axis)
    return n.error() << "axis " << axisAttr << " is out of range";
  SmallVector<int64_t> shape(first.getShape());
  shape[*axis] = 0;
  for (Value v : parts) {
    auto t = NodeBinder::typeOf(v);
    for (int64_t d = 0; d < first.getRank(); ++d)
      if (t.getRank() != first.getRank() ||
          (d != *axis && t.getDimSize(d) != first.getDimSize(d)))
        return n.error() << "inputs differ outside the concatenated axis";
    shape[*axis] += t.getDimSize(*axis);
  }
  Value y = parts.size() == 1
                ? parts.front()
                : tosa::ConcatOp::create(
                      n.b, RankedTensorType::get(shape, n.b.getF32Type()),
                      parts, n.b.getI32IntegerAttr(int32_t(*axis)))
                      .getResult();
  return quantizeOutput(n, y, 0);
}

/// QLinearLeakyRelu and QLinearSigmoid(X, X_scale, X_zp, Y_scale, Y_zp).
LogicalResult convertQLinearActivation(NodeBinder &n) {
  bool leaky = n.opType() == "QLinearLeakyRelu";
  float alpha = leaky ? n.f32("alpha", 0.01f) : 0.0f;
  FailureOr<Value> x = dequantizeInput(n, 0, 1);
  if (failed(x))
    return failure();
  auto xt = NodeBinder::typeOf(*x);
  Value y = elementwise(
      n.b, *x, xt.getShape(), n.b.getF32Type(),
      [&](OpBuilder &b, Location loc, ValueRange v) -> Value {
        Type f = v[0].getType();
        if (leaky) {
          Value neg = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT,
                                            v[0], scalar(b, loc, f, 0.0));
          return arith::SelectOp::create(
              b, loc, neg,
              arith::MulFOp::create(b, loc, v[0], scalar(b, loc, f, alpha)),
              v[0]);
        }
        Value e =
            math::ExpOp::create(b, loc, arith::NegFOp::create(b, loc, v[0]));
        return arith::DivFOp::create(
            b, loc, scalar(b, loc, f, 1.0),
            arith::AddFOp::create(b, loc, scalar(b, loc, f, 1.0), e));
      });
  return quantizeOutput(n, y, 3);
}

/// QLinearGlobalAveragePool(X, x_scale, x_zp, y_scale, y_zp)
/// {channels_last}: the mean over the spatial dimensions.
LogicalResult convertQLinearGlobalAveragePool(NodeBinder &n) {
  bool channelsLast = n.i64("channels_last", 0) != 0;
  FailureOr<Value> x = dequantizeInput(n, 0, 1);
  if (failed(x))
    return failure();
  auto xt = NodeBinder::typeOf(*x);
  int64_t rank = xt.getRank();
  if (rank < 3)
    return n.error() << "input must have a spatial dimension";
  ImplicitLocOpBuilder &b = n.b;
  Value y = *x;
  int64_t count = 1;
  int64_t first = channelsLast ? 1 : 2,
          last = channelsLast ? rank - 2 : rank - 1;
  for (int64_t d = first; d <= last; ++d) {
    SmallVector<int64_t> shape(NodeBinder::typeOf(y).getShape());
    count *= shape[d];
    shape[d] = 1;
    y = tosa::ReduceSumOp::create(b,
                                  RankedTensorType::get(shape, b.getF32Type()),
                                  y, b.getI32IntegerAttr(int32_t(d)));
  }
  Value shift = splat(b, RankedTensorType::get({1}, b.getI8Type()), 0);
  y = tosa::MulOp::create(
      b, y.getType(), y,
      broadcastScalar(b, b.getF32Type(), rank, 1.0 / double(count)), shift);
  return quantizeOutput(n, y, 3);
}

/// QLinearAveragePool(X, x_scale, x_zp, y_scale, y_zp) {AveragePool's
/// attributes, channels_last}.
LogicalResult convertQLinearAveragePool(NodeBinder &n) {
  bool channelsLast = n.i64("channels_last", 0) != 0;
  FailureOr<Value> x = dequantizeInput(n, 0, 1);
  if (failed(x))
    return failure();
  int64_t rank = NodeBinder::typeOf(*x).getRank();
  if (rank < 3)
    return n.error() << "input of rank " << rank << " has no spatial dimension";
  Value xf = channelsLast ? transpose(n.b, *x, channelsFirstPerm(rank)) : *x;
  FailureOr<Value> y = buildAveragePool(n, xf);
  if (failed(y))
    return failure();
  Value yv = channelsLast ? transpose(n.b, *y, channelsLastPerm(rank)) : *y;
  return quantizeOutput(n, yv, 3);
}

/// QGemm(A, a_scale, a_zp, B, b_scale, b_zp, C, y_scale, y_zp) {alpha,
/// transA, transB}: C is an INT32 bias in the scale a_scale * b_scale;
/// without y_scale the output is the float result.
LogicalResult convertQGemm(NodeBinder &n) {
  float alpha = n.f32("alpha", 1.0f);
  bool transA = n.i64("transA", 0) != 0, transB = n.i64("transB", 0) != 0;
  FailureOr<Value> a0 = n.input(0), b0 = n.input(3);
  if (failed(a0) || failed(b0))
    return failure();
  auto bt = NodeBinder::typeOf(*b0);
  if (NodeBinder::typeOf(*a0).getRank() != 2 || bt.getRank() != 2)
    return n.error() << "A and B must be matrices";
  // b's scale runs along its output columns: axis 1, or 0 when transposed.
  FailureOr<Value> a = dequantizeInput(n, 0, 1),
                   w = dequantizeInput(n, 3, 4, transB ? 0 : 1);
  if (failed(a) || failed(w))
    return failure();
  ImplicitLocOpBuilder &b = n.b;
  Value lhs = transA ? transpose(b, *a, {1, 0}) : *a;
  Value rhs = transB ? transpose(b, *w, {1, 0}) : *w;
  FailureOr<Value> y = buildMatMul(n, lhs, rhs);
  if (failed(y))
    return failure();
  auto yt = NodeBinder::typeOf(*y);
  Value shift = splat(b, RankedTensorType::get({1}, b.getI8Type()), 0);
  if (alpha != 1.0f)
    y = Value(tosa::MulOp::create(
        b, yt, *y, broadcastScalar(b, b.getF32Type(), 2, alpha), shift));
  if (n.has(6)) {
    ElementsAttr c = n.constant(6);
    ElementsAttr as = n.constant(1), bs = n.constant(4);
    if (!c || !as || !bs || !n.onnxElementType(6).isSignedInteger(32))
      return n.error() << "C must be a constant INT32 bias with constant "
                          "a_scale and b_scale";
    std::optional<SmallVector<int64_t>> cv = readInts(c, false);
    std::optional<SmallVector<double>> av = readDoubles(as, false),
                                       bv = readDoubles(bs, false);
    if (!cv || !av || !bv)
      return n.error() << "C cannot be read";
    int64_t cols = yt.getDimSize(1);
    auto ct = c.getShapedType();
    if (ct.getNumElements() != 1 && ct.getNumElements() != cols &&
        ct.getNumElements() != yt.getNumElements())
      return n.error() << "C of shape [" << ct.getShape()
                       << "] does not broadcast to [" << yt.getShape() << "]";
    SmallVector<double> real;
    for (int64_t i = 0; i < int64_t(cv->size()); ++i) {
      int64_t col = i % cols;
      double scale = double(float((*av)[0])) *
                     double(float((*bv)[bv->size() == 1 ? 0 : col]));
      real.push_back(double((*cv)[i]) * scale);
    }
    SmallVector<int64_t> shape(ct.getShape());
    Value bias = padRank(
        b, constantOf(b, RankedTensorType::get(shape, b.getF32Type()), real),
        2);
    y = Value(tosa::AddOp::create(b, yt, *y, bias));
  }
  if (!n.has(7))
    return n.output(0, *y, b.getF32Type());
  return quantizeOutput(n, *y, 7);
}

} // namespace

void mlir::qnn::onnx_to_qnn::populateQuantizationHandlers(OpRegistry &r) {
  r.add("QuantizeLinear", {10, 13, 19, 21, 23, 24, 25}, convertQuantizeLinear);
  r.add("DequantizeLinear", {10, 13, 19, 21, 23, 24, 25},
        convertDequantizeLinear);
  r.add("QLinearConv", {10}, convertQLinear);
  r.add("QLinearMatMul", {10, 21}, convertQLinear);
  r.add("ConvInteger", {10}, convertConvInteger);
  r.add("MatMulInteger", {10}, convertMatMulInteger);
  r.add("DynamicQuantizeLinear", {11}, convertDynamicQuantizeLinear);
  // onnxruntime's contrib ops of the QOperator format (version 1).
  const char *ms = "com.microsoft";
  r.add(ms, "QLinearAdd", {1}, convertQLinearBinary);
  r.add(ms, "QLinearMul", {1}, convertQLinearBinary);
  r.add(ms, "QLinearConcat", {1}, convertQLinearConcat);
  r.add(ms, "QLinearLeakyRelu", {1}, convertQLinearActivation);
  r.add(ms, "QLinearSigmoid", {1}, convertQLinearActivation);
  r.add(ms, "QLinearGlobalAveragePool", {1}, convertQLinearGlobalAveragePool);
  r.add(ms, "QLinearAveragePool", {1}, convertQLinearAveragePool);
  r.add(ms, "QGemm", {1}, convertQGemm);
}
