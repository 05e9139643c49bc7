//===- QONNX.cpp - QONNX and FINN quantizers ------------------------------===//
//
// The custom ops of the QONNX domain (also written under the FINN and
// Brevitas domain names): Quant / IntQuant, BipolarQuant, Trunc and
// MultiThreshold, each as qnn's typed quantization (qnn.quantize or an
// exact qnn.multithreshold, then qnn.dequantize), so that the layers they
// feed become integer layers.
//
//===----------------------------------------------------------------------===//

#include "Common.h"
#include "PopulateHandlers.h"

#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/QNNTypes.h"
#include "qnn/Reference/Reference.h"

#include "llvm/Support/Format.h"

#include <cmath>

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::onnx_to_qnn;

namespace {

constexpr const char *kDomains[] = {"qonnx.custom_op.general",
                                    "finn.custom_op.general", "onnx.brevitas"};

/// `v` as printf's %g writes it (diagnostics).
std::string shortNumber(double v) {
  std::string text;
  llvm::raw_string_ostream(text) << llvm::format("%g", v);
  return text;
}

/// The attributes Quant and Trunc share, and the integer range they give a
/// bit width.
struct IntRange {
  int64_t isSigned = 1, narrow = 0;
  std::string rounding;

  int64_t min(int64_t bits) const {
    return isSigned ? -(int64_t(1) << (bits - 1)) + (narrow ? 1 : 0) : 0;
  }
  int64_t max(int64_t bits) const {
    return isSigned ? (int64_t(1) << (bits - 1)) - 1
                    : (int64_t(1) << bits) - 1 - (narrow ? 1 : 0);
  }
};

IntRange readRange(NodeBinder &n, StringRef defaultRounding) {
  IntRange r;
  r.isSigned = n.i64("signed", 1);
  r.narrow = n.i64("narrow", 0);
  r.rounding = n.str("rounding_mode", defaultRounding);
  return r;
}

/// One float value of a constant input.
FailureOr<double> scalarInput(NodeBinder &n, unsigned i, StringRef what) {
  FailureOr<SmallVector<double>> v = n.constantFloats(i, what);
  if (failed(v))
    return failure();
  if (v->size() != 1)
    return n.error() << what << " must be one value (per tensor)";
  return (*v)[0];
}

LogicalResult convertQuant(NodeBinder &n) {
  IntRange range = readRange(n, "ROUND");
  FailureOr<Value> xIn = n.input(0);
  FailureOr<ElementsAttr> scale = n.requireConstant(1, "scale"),
                          zeroPoint = n.requireConstant(2, "zeropt");
  FailureOr<double> bitsValue = scalarInput(n, 3, "bitwidth");
  if (failed(xIn) || failed(scale) || failed(zeroPoint) || failed(bitsValue))
    return failure();
  Value x = densified(n.b, *xIn);
  auto xType = NodeBinder::typeOf(x);
  if (!xType.getElementType().isF32())
    return n.error() << "input must be f32";
  int64_t bits = *bitsValue >= 1 && *bitsValue <= 8 ? int64_t(*bitsValue) : 0;
  if (*bitsValue != double(bits) || bits < 1 || bits > 8)
    return n.error() << "bit width " << shortNumber(*bitsValue)
                     << " is not an integer from 1 to 8";
  std::optional<mlir::qnn::RoundingMode> mode;
  if (std::optional<::qnn::ref::RoundingMode> parsed =
          ::qnn::ref::parseRoundingMode(range.rounding))
    mode = mlir::qnn::symbolizeRoundingMode(
        ::qnn::ref::stringifyRoundingMode(*parsed));
  if (!mode)
    return n.error() << "unsupported rounding_mode '" << range.rounding << "'";
  int64_t min = range.min(bits), max = range.max(bits);
  // Scale and zero point: one value, or one per channel along the single
  // axis where they are not 1 (broadcast against x).
  int64_t rank = xType.getRank(), axis = -1;
  for (ElementsAttr p : {*scale, *zeroPoint}) {
    if (p.getNumElements() == 1)
      continue;
    ArrayRef<int64_t> shape = p.getShapedType().getShape();
    if (int64_t(shape.size()) > rank)
      return n.error() << "scale / zero point of rank " << shape.size()
                       << " do not broadcast to x of rank " << rank;
    int64_t offset = rank - int64_t(shape.size());
    for (auto [d, size] : llvm::enumerate(shape)) {
      if (size == 1)
        continue;
      int64_t at = offset + int64_t(d);
      if ((axis >= 0 && axis != at) || size != xType.getDimSize(at))
        return n.error() << "scale / zero point must be per tensor or per "
                            "channel along one axis of x";
      axis = at;
    }
  }
  std::optional<SmallVector<double>> sv = readDoubles(*scale, false),
                                     zv = readDoubles(*zeroPoint, false);
  if (!sv || !zv)
    return n.error() << "scale and zero point cannot be read";
  int64_t channels = axis >= 0 ? xType.getDimSize(axis) : 1;
  SmallVector<double> scales;
  SmallVector<int64_t> zeroPoints;
  for (int64_t c = 0; c < channels; ++c) {
    double sc = (*sv)[sv->size() == 1 ? 0 : c];
    double z = (*zv)[zv->size() == 1 ? 0 : c];
    if (!(sc > 0) || !std::isfinite(sc))
      return n.error() << "scale " << shortNumber(sc)
                       << " is not positive and finite";
    if (z != std::floor(z) || z < double(min) || z > double(max))
      return n.error() << "zero point " << shortNumber(z)
                       << " is not an integer within the code range [" << min
                       << ", " << max << "]";
    scales.push_back(double(float(sc)));
    zeroPoints.push_back(int64_t(z));
  }
  Type quantType = mlir::qnn::UniformQuantType::getChecked(
      [&] { return n.error(); }, n.b.getContext(), unsigned(bits),
      bool(range.isSigned), min, max, Type(n.b.getF32Type()), axis,
      ArrayRef<double>(scales), ArrayRef<int64_t>(zeroPoints));
  if (!quantType)
    return failure();
  Value q = mlir::qnn::QuantizeOp::create(
      n.b, RankedTensorType::get(xType.getShape(), quantType), x, *mode);
  return n.output(0, mlir::qnn::DequantizeOp::create(n.b, xType, q));
}

LogicalResult convertBipolarQuant(NodeBinder &n) {
  // BipolarQuant(x, scale) = (x >= 0 ? 1 : -1) * scale: the binary codebook
  // [-1, 1] * scale, whose quantize takes 0 to +1. (NaN also goes to +1
  // here, -1 in QONNX.)
  FailureOr<Value> xIn = n.input(0);
  FailureOr<double> sc = scalarInput(n, 1, "scale");
  if (failed(xIn) || failed(sc))
    return failure();
  Value x = densified(n.b, *xIn);
  auto xType = NodeBinder::typeOf(x);
  if (!xType.getElementType().isF32())
    return n.error() << "input must be f32";
  if (!(*sc > 0) || !std::isfinite(*sc))
    return n.error() << "scale " << shortNumber(*sc)
                     << " is not positive and finite";
  Type quant = mlir::qnn::CodebookQuantType::getChecked(
      [&] { return n.error(); }, n.b.getContext(), 1u, Type(n.b.getF32Type()),
      int64_t(-1), ArrayRef<double>{double(float(*sc))},
      ArrayRef<double>{-1.0, 1.0}, 2u);
  if (!quant)
    return failure();
  Value q = mlir::qnn::QuantizeOp::create(
      n.b, RankedTensorType::get(xType.getShape(), quant), x);
  return n.output(0, mlir::qnn::DequantizeOp::create(n.b, xType, q));
}

LogicalResult convertTrunc(NodeBinder &n) {
  // Trunc (version 2): X, scale, zeropt, in_bitwidth, out_scale,
  // out_bitwidth: the exact thresholds of the whole step function (round,
  // divide by 2^k, clamp, round) on X.
  IntRange range = readRange(n, "FLOOR");
  if (n.numInputs() != 6)
    return n.error() << "takes 6 inputs (X, scale, zeropt, in_bitwidth, "
                        "out_scale, out_bitwidth: version 2), got "
                     << n.numInputs();
  FailureOr<Value> x = n.input(0);
  SmallVector<double> params;
  static const char *names[] = {"scale", "zeropt", "in_bitwidth", "out_scale",
                                "out_bitwidth"};
  for (unsigned i = 1; i < 6; ++i) {
    FailureOr<double> p = scalarInput(n, i, names[i - 1]);
    if (failed(p))
      return failure();
    params.push_back(*p);
  }
  if (failed(x))
    return failure();
  auto xType = NodeBinder::typeOf(*x);
  if (!xType.getElementType().isF32())
    return n.error() << "input must be f32";
  float scale = float(params[0]), zeroPoint = float(params[1]);
  double outScale = params[3], outBitsValue = params[4];
  int64_t bits =
      outBitsValue >= 1 && outBitsValue <= 8 ? int64_t(outBitsValue) : 0;
  if (double(bits) != outBitsValue || bits < 1 || bits > 8)
    return n.error() << "out_bitwidth " << shortNumber(outBitsValue)
                     << " is not an integer from 1 to 8";
  if (!(scale > 0) || !std::isfinite(scale) || !(outScale > 0) ||
      !std::isfinite(outScale))
    return n.error() << "scales must be positive and finite";
  if (!std::isfinite(zeroPoint))
    return n.error() << "zeropt " << shortNumber(params[1]) << " is not finite";
  std::optional<::qnn::ref::RoundingMode> mode =
      ::qnn::ref::parseRoundingMode(range.rounding);
  if (!mode)
    return n.error() << "unsupported rounding_mode '" << range.rounding << "'";
  float t = float(std::exp2(std::nearbyint(std::log2(outScale / scale))));
  if (!std::isnormal(t))
    return n.error() << "out_scale / scale = 2^k is out of range";
  double outZero = double(zeroPoint) / double(t);
  int64_t lo = range.min(bits), hi = range.max(bits);
  if (outZero != std::floor(outZero) || std::abs(outZero) > 1e15)
    return n.error() << "zeropt / 2^k = " << shortNumber(outZero)
                     << " is not an integer";
  auto code = [&](float v) -> int64_t {
    float y = std::nearbyint(v / scale + zeroPoint) / t;
    y = std::clamp(y, float(lo), float(hi));
    return int64_t(::qnn::ref::roundToIntegral(y, *mode));
  };
  std::optional<std::vector<float>> thresholds =
      ::qnn::ref::exactThresholds(code, lo, hi);
  if (!thresholds)
    return n.error() << "some output codes are never reached";
  ImplicitLocOpBuilder &b = n.b;
  Type quant = mlir::qnn::UniformQuantType::getChecked(
      [&] { return n.error(); }, b.getContext(), unsigned(bits),
      bool(range.isSigned), lo, hi, Type(b.getF32Type()), int64_t(-1),
      ArrayRef<double>{outScale}, ArrayRef<int64_t>{int64_t(outZero)});
  if (!quant)
    return failure();
  auto tType =
      RankedTensorType::get({1, int64_t(thresholds->size())}, b.getF32Type());
  Value codes = mlir::qnn::MultiThresholdOp::create(
      b, RankedTensorType::get(xType.getShape(), quant), *x,
      cast<DenseFPElementsAttr>(
          DenseElementsAttr::get(tType, ArrayRef<float>(*thresholds))),
      IntegerAttr(), DenseBoolArrayAttr());
  return n.output(0, mlir::qnn::DequantizeOp::create(b, xType, codes));
}

LogicalResult convertMultiThreshold(NodeBinder &n) {
  // FINN MultiThreshold(x, thresholds) {out_scale, out_bias, data_layout}:
  // out_scale * #{j : x >= thresholds[c][j]} + out_bias, i.e.
  // qnn.multithreshold to codes 0..T of a uniform type with that scale and
  // zero point -out_bias / out_scale, then qnn.dequantize.
  double outScale = n.f32("out_scale", 1.0f), outBias = n.f32("out_bias", 0.0f);
  n.ignore("out_dtype");
  FailureOr<Value> x = n.input(0);
  FailureOr<ElementsAttr> thresholds = n.requireConstant(1, "thresholds");
  if (failed(x) || failed(thresholds))
    return failure();
  auto xType = NodeBinder::typeOf(*x);
  std::string layout =
      n.str("data_layout", xType.getRank() == 4 ? "NCHW" : "NC");
  auto tType = thresholds->getShapedType();
  DenseElementsAttr tDense = toDense(*thresholds);
  if (!xType.getElementType().isF32() || !tType.getElementType().isF32() ||
      tType.getRank() != 2 || !tDense)
    return n.error() << "takes f32 input and a [channels, T] f32 threshold "
                        "table";
  if (layout != "NCHW" && layout != "NHWC" && layout != "NC")
    return n.error() << "unsupported data_layout '" << layout << "'";
  int64_t axis = layout == "NHWC" ? xType.getRank() - 1 : 1;
  int64_t rows = tType.getDimSize(0), count = tType.getDimSize(1);
  if (axis >= xType.getRank())
    return n.error() << "input of rank " << xType.getRank()
                     << " has no channel axis";
  if (rows != 1 && rows != xType.getDimSize(axis))
    return n.error() << rows << " threshold rows for " << xType.getDimSize(axis)
                     << " channels";
  if (count < 1 || count > 255)
    return n.error() << count << " thresholds per row (1 to 255 supported)";
  double zp = -outBias / outScale;
  if (!(outScale > 0) || zp != std::floor(zp) || std::abs(zp) > 1e15)
    return n.error() << "out_bias / out_scale must be an integer and "
                        "out_scale positive (got "
                     << shortNumber(outBias) << " / " << shortNumber(outScale)
                     << ")";
  unsigned bits = llvm::bit_width(uint64_t(count));
  Type quant = mlir::qnn::UniformQuantType::getChecked(
      [&] { return n.error(); }, n.b.getContext(), bits, false, int64_t(0),
      count, Type(n.b.getF32Type()), int64_t(-1), ArrayRef<double>{outScale},
      ArrayRef<int64_t>{int64_t(zp)});
  if (!quant)
    return failure();
  Value codes = mlir::qnn::MultiThresholdOp::create(
      n.b, RankedTensorType::get(xType.getShape(), quant), *x,
      cast<DenseFPElementsAttr>(tDense),
      rows > 1 ? n.b.getI64IntegerAttr(axis) : IntegerAttr(),
      DenseBoolArrayAttr());
  return n.output(0, mlir::qnn::DequantizeOp::create(n.b, xType, codes));
}

} // namespace

void mlir::qnn::onnx_to_qnn::populateQONNXHandlers(OpRegistry &r) {
  for (const char *domain : kDomains) {
    r.add(domain, "Quant", {1}, convertQuant);
    r.add(domain, "IntQuant", {1}, convertQuant);
    r.add(domain, "BipolarQuant", {1}, convertBipolarQuant);
    r.add(domain, "Trunc", {1}, convertTrunc);
    r.add(domain, "MultiThreshold", {1}, convertMultiThreshold);
  }
}
