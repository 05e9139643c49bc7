//===- QNNOps.cpp - qnn operation verifiers and folders -------------------===//
//
// This file implements the verifiers of the qnn operations and their folders.
// Every folder evaluates through the reference numerics library
// (qnn/Reference), the same code the unit and execution tests compare with.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Support/Limits.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/OpImplementation.h"

#include <charconv>
#include <cmath>

using namespace mlir;
using namespace mlir::qnn;
namespace ref = ::qnn::ref;

/// The shortest text that reads back as the f32 `value` ("0.1", not
/// "1.000000e-01"), for diagnostics about f32 parameters.
static std::string formatF32(float value) {
  char buf[32];
  auto res = std::to_chars(buf, buf + sizeof(buf), value);
  return std::string(buf, res.ptr);
}

//===----------------------------------------------------------------------===//
// Constant helpers
//===----------------------------------------------------------------------===//

static std::vector<int64_t> shapeOf(ShapedType type) {
  return std::vector<int64_t>(type.getShape().begin(), type.getShape().end());
}

/// Rounds an f32 result to the float type `type` (round to nearest even).
static APFloat toFloatType(float value, Type type) {
  APFloat v(value);
  bool lost;
  v.convert(cast<FloatType>(type).getFloatSemantics(),
            APFloat::rmNearestTiesToEven, &lost);
  return v;
}

/// `value` rounded to `type` and read back as f32: what a tensor of `type`
/// holding the f32 result `value` contains.
static float throughFloatType(float value, Type type) {
  APFloat v = toFloatType(value, type);
  bool lost;
  v.convert(APFloat::IEEEsingle(), APFloat::rmNearestTiesToEven, &lost);
  return v.convertToFloat();
}

/// The elements of a constant float tensor, rounded to f32 (the reference
/// library's evaluation type).
static std::optional<std::vector<float>> getFloatValues(Attribute attr) {
  auto dense = dyn_cast_if_present<DenseFPElementsAttr>(attr);
  if (!dense)
    return std::nullopt;
  std::vector<float> values;
  values.reserve(dense.getNumElements());
  for (APFloat v : dense.getValues<APFloat>()) {
    bool lost;
    v.convert(APFloat::IEEEsingle(), APFloat::rmNearestTiesToEven, &lost);
    values.push_back(v.convertToFloat());
  }
  return values;
}

static DenseElementsAttr makeFloatAttr(ShapedType type,
                                       ArrayRef<float> values) {
  SmallVector<APFloat> elements;
  elements.reserve(values.size());
  for (float v : values)
    elements.push_back(toFloatType(v, type.getElementType()));
  return DenseElementsAttr::get(type, elements);
}

/// The integer values of a constant, read with the element type's signedness
/// (signless counts as signed).
static std::optional<std::vector<int64_t>> getIntValues(Attribute attr) {
  auto dense = dyn_cast_if_present<DenseIntElementsAttr>(attr);
  if (!dense)
    return std::nullopt;
  bool isUnsigned = dense.getElementType().isUnsignedInteger();
  std::vector<int64_t> values;
  values.reserve(dense.getNumElements());
  for (const APInt &v : dense.getValues<APInt>())
    values.push_back(isUnsigned ? int64_t(v.getZExtValue()) : v.getSExtValue());
  return values;
}

/// Codes of a quantized tensor type as a constant attribute: `i8` elements for
/// signed storage, `ui8` for unsigned (the form qnn.constant holds).
static DenseElementsAttr makeCodesAttr(ShapedType quantType,
                                       ArrayRef<int64_t> codes) {
  QuantizedTypeInterface quant = getQuantizedElementType(quantType);
  MLIRContext *ctx = quantType.getContext();
  auto elementType = IntegerType::get(
      ctx, 8, quant.isSigned() ? IntegerType::Signless : IntegerType::Unsigned);
  auto type = RankedTensorType::get(quantType.getShape(), elementType);
  SmallVector<APInt> values;
  for (int64_t c : codes)
    values.push_back(APInt(8, uint64_t(c), /*isSigned=*/quant.isSigned()));
  return DenseElementsAttr::get(type, values);
}

/// Whether `code` is a valid code of `quant`.
static bool isValidCode(QuantizedTypeInterface quant, int64_t code) {
  return code >= quant.getStorageMin() && code <= quant.getStorageMax();
}

template <typename OpTy>
static LogicalResult verifyQuantTensor(OpTy op, Type type, StringRef what) {
  return verifyQuantizedTensorType([&] { return op.emitOpError(); },
                                   cast<ShapedType>(type), what);
}

//===----------------------------------------------------------------------===//
// QuantizeOp
//===----------------------------------------------------------------------===//

/// Checks a conversion between floats and codes: `in` and `out` have one
/// shape, and the float side's element type is the quantized side's
/// expressed type.
static LogicalResult verifyFloatCodesPair(Operation *op, ShapedType in,
                                          ShapedType out, bool quantizes) {
  if (in.getShape() != out.getShape())
    return op->emitOpError("input shape ")
           << in << " differs from result shape " << out;
  ShapedType floats = quantizes ? in : out, codes = quantizes ? out : in;
  QuantizedTypeInterface quant = getQuantizedElementType(codes);
  if (floats.getElementType() != quant.getExpressedType())
    return op->emitOpError(quantizes ? "input" : "result")
           << " element type " << floats.getElementType()
           << " differs from the " << (quantizes ? "result" : "input")
           << "'s expressed type " << quant.getExpressedType();
  return success();
}

LogicalResult QuantizeOp::verify() {
  auto inType = getInput().getType();
  auto outType = getOutput().getType();
  if (failed(verifyFloatCodesPair(*this, inType, outType, /*quantizes=*/true)))
    return failure();
  QuantizedTypeInterface quant = getQuantizedElementType(outType);
  if (isa<CodebookQuantType>(quant) && getRounding() != RoundingMode::HalfEven)
    return emitOpError("a rounding mode applies to uniform types; codebook "
                       "types take the nearest level");
  return verifyQuantTensor(*this, outType, "result");
}

/// Whether quantize(dequantize(c)) == c for every code of every channel of
/// `quant`, with values rounded to its expressed type in between.
static bool roundTripsExactly(QuantizedTypeInterface quant,
                              ref::RoundingMode mode) {
  ref::QuantSpec spec = quant.getSpec();
  for (size_t c = 0; c < spec.numChannels(); ++c)
    for (int64_t code = quant.getStorageMin(); code <= quant.getStorageMax();
         ++code) {
      float v =
          throughFloatType(spec.dequantize(code, c), quant.getExpressedType());
      if (spec.quantize(v, c, mode) != code)
        return false;
    }
  return true;
}

OpFoldResult QuantizeOp::fold(FoldAdaptor adaptor) {
  auto outType = getOutput().getType();
  QuantizedTypeInterface quant = getQuantizedElementType(outType);
  if (auto values = getFloatValues(adaptor.getInput())) {
    ref::QuantSpec spec = quant.getSpec();
    return makeCodesAttr(outType, spec.quantize(*values, shapeOf(outType),
                                                toReference(getRounding())));
  }
  if (auto dq = getInput().getDefiningOp<DequantizeOp>())
    if (dq.getInput().getType() == outType &&
        roundTripsExactly(quant, toReference(getRounding())))
      return dq.getInput();
  return {};
}

//===----------------------------------------------------------------------===//
// MultiThresholdOp
//===----------------------------------------------------------------------===//

static LogicalResult verifyAxis(Operation *op, std::optional<int64_t> axis,
                                ShapedType type, int64_t channels);

LogicalResult MultiThresholdOp::verify() {
  auto inType = getInput().getType();
  auto outType = getOutput().getType();
  if (inType.getShape() != outType.getShape())
    return emitOpError("input shape ")
           << inType << " differs from result shape " << outType;
  QuantizedTypeInterface quant = getQuantizedElementType(outType);
  bool isFloat = isa<FloatType>(inType.getElementType());
  if (isFloat && inType.getElementType() != quant.getExpressedType())
    return emitOpError("input element type ")
           << inType.getElementType()
           << " differs from the result's expressed type "
           << quant.getExpressedType();
  auto thresholds = getThresholds();
  auto tType = cast<ShapedType>(thresholds.getType());
  Type wanted = isFloat ? Type(Float32Type::get(getContext()))
                        : Type(IntegerType::get(getContext(), 64));
  if (tType.getElementType() != wanted)
    return emitOpError("thresholds of a ")
           << (isFloat ? "float" : "integer") << " input must be " << wanted
           << ", got " << tType.getElementType();
  int64_t codes = quant.getStorageMax() - quant.getStorageMin() + 1;
  if (tType.getRank() != 2 || tType.getDimSize(1) != codes - 1)
    return emitOpError("thresholds must be a [rows, ")
           << codes - 1 << "] table (one fewer than the " << codes
           << " codes of " << quant << "), got " << tType;
  if (!getAxis() && tType.getDimSize(0) != 1)
    return emitOpError("several threshold rows need 'axis'");
  if (getAxis() &&
      failed(verifyAxis(*this, getAxis(), inType, tType.getDimSize(0))))
    return failure();
  if (std::optional<ArrayRef<bool>> negate = getNegate()) {
    if (isFloat)
      return emitOpError("'negate' applies to integer inputs");
    if (int64_t(negate->size()) != tType.getDimSize(0))
      return emitOpError("'negate' needs one flag per threshold row (")
             << tType.getDimSize(0) << "), got " << negate->size();
  }
  int64_t n = codes - 1;
  if (isFloat) {
    auto values = thresholds.getValues<float>();
    for (int64_t i = 0, e = tType.getNumElements(); i < e; ++i) {
      if (std::isnan(values[i]))
        return emitOpError("thresholds must not be NaN");
      if (i % n && values[i] < values[i - 1])
        return emitOpError("thresholds must be non-decreasing in each row, "
                           "but ")
               << formatF32(values[i]) << " follows "
               << formatF32(values[i - 1]);
    }
  } else {
    auto values = thresholds.getValues<int64_t>();
    for (int64_t i = 0, e = tType.getNumElements(); i < e; ++i)
      if (i % n && values[i] < values[i - 1])
        return emitOpError("thresholds must be non-decreasing in each row, "
                           "but ")
               << values[i] << " follows " << values[i - 1];
  }
  return verifyQuantTensor(*this, outType, "result");
}

OpFoldResult MultiThresholdOp::fold(FoldAdaptor adaptor) {
  auto outType = getOutput().getType();
  QuantizedTypeInterface quant = getQuantizedElementType(outType);
  size_t n = size_t(cast<ShapedType>(getThresholds().getType()).getDimSize(1));
  ref::QuantSpec layout;
  layout.axis = getAxis().value_or(-1);
  std::vector<int64_t> shape = shapeOf(outType), codes;
  if (auto values = getFloatValues(adaptor.getInput())) {
    std::vector<float> t(getThresholds().getValues<float>().begin(),
                         getThresholds().getValues<float>().end());
    for (size_t i = 0; i < values->size(); ++i)
      codes.push_back(ref::thresholdCode(
          (*values)[i], t.data() + layout.channelOf(i, shape) * n, n,
          quant.getStorageMin()));
    return makeCodesAttr(outType, codes);
  }
  if (auto values = getIntValues(adaptor.getInput())) {
    std::vector<int64_t> t(getThresholds().getValues<int64_t>().begin(),
                           getThresholds().getValues<int64_t>().end());
    std::optional<ArrayRef<bool>> negate = getNegate();
    for (size_t i = 0; i < values->size(); ++i) {
      size_t row = layout.channelOf(i, shape);
      int64_t x = negate && (*negate)[row] ? -(*values)[i] : (*values)[i];
      codes.push_back(
          ref::thresholdCode(x, t.data() + row * n, n, quant.getStorageMin()));
    }
    return makeCodesAttr(outType, codes);
  }
  return {};
}

//===----------------------------------------------------------------------===//
// RescaleOp
//===----------------------------------------------------------------------===//

LogicalResult RescaleOp::verify() {
  auto inType = cast<RankedTensorType>(getInput().getType());
  auto outType = getOutput().getType();
  if (inType.getShape() != outType.getShape())
    return emitOpError("input shape ")
           << inType << " differs from result shape " << outType;
  size_t n = getScale().size();
  if (n == 0 || getBias().size() != n)
    return emitOpError("'scale' and 'bias' need the same, non-zero number of "
                       "values, got ")
           << n << " and " << getBias().size();
  for (double v : getScale())
    if (!std::isfinite(v))
      return emitOpError("scales must be finite");
  for (double v : getBias())
    if (!std::isfinite(v))
      return emitOpError("biases must be finite");
  if (n > 1 && !getAxis())
    return emitOpError("per-channel 'scale' and 'bias' need 'axis'");
  return verifyAxis(*this, getAxis(), inType, n > 1 ? int64_t(n) : 0);
}

OpFoldResult RescaleOp::fold(FoldAdaptor adaptor) {
  auto values = getIntValues(adaptor.getInput());
  if (!values)
    return {};
  auto outType = getOutput().getType();
  ref::QuantSpec layout;
  layout.axis = getScale().size() > 1 ? getAxis().value_or(-1) : -1;
  std::vector<int64_t> shape = shapeOf(outType);
  SmallVector<APFloat> out;
  for (size_t i = 0; i < values->size(); ++i) {
    size_t c = layout.channelOf(i, shape);
    APFloat v(ref::rescale((*values)[i], getScale()[c], getBias()[c]));
    bool lost;
    v.convert(cast<FloatType>(outType.getElementType()).getFloatSemantics(),
              APFloat::rmNearestTiesToEven, &lost);
    out.push_back(v);
  }
  return DenseElementsAttr::get(outType, out);
}

//===----------------------------------------------------------------------===//
// DenseOp / Conv2DOp
//===----------------------------------------------------------------------===//

/// Checks that both operands have integer levels and that no accumulation of
/// `terms` products can overflow i32.
static LogicalResult verifyIntegerLayer(Operation *op,
                                        QuantizedTypeInterface input,
                                        QuantizedTypeInterface weight,
                                        int64_t terms) {
  for (auto [what, type] :
       {std::pair<StringRef, QuantizedTypeInterface>{"input", input},
        {"weight", weight}})
    if (!type.hasIntegerLevels())
      return op->emitOpError("layers with real-valued levels (float "
                             "codebooks) are not supported: the ")
             << what << " type " << type << " has non-integer levels";
  if (terms < 0)
    return success(); // Dynamic reduction size: checked where it is known.
  int64_t bound =
      ref::accumulatorBound(input.getSpec(), weight.getSpec(), terms);
  if (bound > int64_t(INT32_MAX))
    return op->emitOpError("accumulator may reach ")
           << bound << " (" << terms
           << " products of the largest levels), which overflows i32";
  return success();
}

LogicalResult DenseOp::verify() {
  auto in = getInput().getType(), w = getWeight().getType();
  auto out = getOutput().getType();
  if (in.getRank() != 2 || w.getRank() != 2)
    return emitOpError("input [M, K] and weight [N, K] must be 2-D, got ")
           << in << " and " << w;
  if (in.getDimSize(1) != w.getDimSize(1))
    return emitOpError("input has K = ")
           << in.getDimSize(1) << " but weight has K = " << w.getDimSize(1);
  if (out.getRank() != 2 || out.getDimSize(0) != in.getDimSize(0) ||
      out.getDimSize(1) != w.getDimSize(0))
    return emitOpError("result must be [M, N] = [")
           << in.getDimSize(0) << ", " << w.getDimSize(0) << "], got " << out;
  if (failed(verifyQuantTensor(*this, in, "input")) ||
      failed(verifyQuantTensor(*this, w, "weight")))
    return failure();
  int64_t k = in.getDimSize(1);
  return verifyIntegerLayer(*this, getQuantizedElementType(in),
                            getQuantizedElementType(w),
                            ShapedType::isDynamic(k) ? -1 : k);
}

OpFoldResult DenseOp::fold(FoldAdaptor adaptor) {
  auto a = getIntValues(adaptor.getInput());
  auto w = getIntValues(adaptor.getWeight());
  if (!a || !w)
    return {};
  auto in = getInput().getType(), wt = getWeight().getType();
  std::vector<int64_t> acc = ref::denseAccumulate(
      *a, getQuantizedElementType(in).getSpec(), *w,
      getQuantizedElementType(wt).getSpec(), in.getDimSize(0), in.getDimSize(1),
      wt.getDimSize(0));
  SmallVector<APInt> values;
  for (int64_t v : acc)
    values.push_back(APInt(32, uint64_t(v), /*isSigned=*/true));
  return DenseElementsAttr::get(getOutput().getType(), values);
}

/// Strides [h, w] and padding [top, left, bottom, right] of a window op.
static void setWindow(ref::Conv2DGeometry &g, ArrayRef<int64_t> strides,
                      ArrayRef<int64_t> padding) {
  g.strideH = strides[0];
  g.strideW = strides[1];
  g.padTop = padding[0];
  g.padLeft = padding[1];
  g.padBottom = padding[2];
  g.padRight = padding[3];
}

ref::Conv2DGeometry Conv2DOp::getGeometry() {
  auto in = getInput().getType(), w = getWeight().getType();
  ref::Conv2DGeometry g{in.getDimSize(0), in.getDimSize(1), in.getDimSize(2),
                        in.getDimSize(3), w.getDimSize(0),  w.getDimSize(1),
                        w.getDimSize(2)};
  setWindow(g, getStrides(), getPadding());
  g.dilationH = getDilations()[0];
  g.dilationW = getDilations()[1];
  g.groups = getGroups();
  return g;
}

LogicalResult Conv2DOp::verify() {
  auto in = getInput().getType(), w = getWeight().getType();
  auto out = getOutput().getType();
  if (in.getRank() != 4 || w.getRank() != 4 || out.getRank() != 4)
    return emitOpError("input (NHWC), weight (OHWI) and result (NHWC) must "
                       "be 4-D");
  if (getStrides().size() != 2 || getDilations().size() != 2 ||
      getPadding().size() != 4)
    return emitOpError("'strides' and 'dilations' hold 2 values and "
                       "'padding' 4 (top, left, bottom, right)");
  if (llvm::any_of(getStrides(), [](int64_t s) { return s < 1; }) ||
      llvm::any_of(getDilations(), [](int64_t d) { return d < 1; }))
    return emitOpError("strides and dilations must be positive");
  if (llvm::any_of(getPadding(), [](int64_t p) { return p < 0; }))
    return emitOpError("padding must not be negative");
  int64_t groups = getGroups();
  if (groups < 1)
    return emitOpError("groups must be positive, got ") << groups;
  if (!ShapedType::isDynamic(w.getDimSize(0)) && w.getDimSize(0) % groups)
    return emitOpError("the ")
           << w.getDimSize(0) << " output channels do not split into " << groups
           << " groups";
  if (!ShapedType::isDynamic(in.getDimSize(3)) &&
      !ShapedType::isDynamic(w.getDimSize(3)) &&
      in.getDimSize(3) != w.getDimSize(3) * groups)
    return emitOpError("input has ")
           << in.getDimSize(3) << " channels but weight expects "
           << w.getDimSize(3) << " per group in " << groups << " groups";
  if (failed(verifyQuantTensor(*this, in, "input")) ||
      failed(verifyQuantTensor(*this, w, "weight")))
    return failure();
  if (in.hasStaticShape() && w.hasStaticShape()) {
    ref::Conv2DGeometry g = getGeometry();
    if (g.outH() < 1 || g.outW() < 1)
      return emitOpError("the kernel does not fit the padded input");
    SmallVector<int64_t> expected = {g.batch, g.outH(), g.outW(), g.outC};
    if (out.getShape() != ArrayRef<int64_t>(expected))
      return emitOpError("result must be [")
             << g.batch << ", " << g.outH() << ", " << g.outW() << ", "
             << g.outC << "], got " << out;
  }
  int64_t terms = w.hasStaticShape()
                      ? w.getDimSize(1) * w.getDimSize(2) * w.getDimSize(3)
                      : -1;
  return verifyIntegerLayer(*this, getQuantizedElementType(in),
                            getQuantizedElementType(w), terms);
}

OpFoldResult Conv2DOp::fold(FoldAdaptor adaptor) {
  auto x = getIntValues(adaptor.getInput());
  auto w = getIntValues(adaptor.getWeight());
  if (!x || !w)
    return {};
  std::vector<int64_t> acc = ref::conv2dAccumulate(
      *x, getQuantizedElementType(getInput().getType()).getSpec(), *w,
      getQuantizedElementType(getWeight().getType()).getSpec(), getGeometry());
  SmallVector<APInt> values;
  for (int64_t v : acc)
    values.push_back(APInt(32, uint64_t(v), /*isSigned=*/true));
  return DenseElementsAttr::get(getOutput().getType(), values);
}

//===----------------------------------------------------------------------===//
// MaxPool2DOp
//===----------------------------------------------------------------------===//

ref::Conv2DGeometry MaxPool2DOp::getGeometry() {
  auto in = getInput().getType();
  ref::Conv2DGeometry g{in.getDimSize(0), in.getDimSize(1), in.getDimSize(2),
                        in.getDimSize(3), in.getDimSize(3), getKernel()[0],
                        getKernel()[1]};
  setWindow(g, getStrides(), getPadding());
  return g;
}

LogicalResult MaxPool2DOp::verify() {
  auto in = getInput().getType(), out = getOutput().getType();
  if (in.getRank() != 4 || out.getRank() != 4)
    return emitOpError("input and result must be 4-D (NHWC)");
  if (in.getElementType() != out.getElementType())
    return emitOpError("input and result must have the same quantized type");
  if (getKernel().size() != 2 || getStrides().size() != 2 ||
      getPadding().size() != 4)
    return emitOpError("'kernel' and 'strides' hold 2 values and 'padding' 4 "
                       "(top, left, bottom, right)");
  if (llvm::any_of(getKernel(), [](int64_t k) { return k < 1; }) ||
      llvm::any_of(getStrides(), [](int64_t s) { return s < 1; }))
    return emitOpError("kernel sizes and strides must be positive");
  ArrayRef<int64_t> pad = getPadding();
  if (llvm::any_of(pad, [](int64_t p) { return p < 0; }))
    return emitOpError("padding must not be negative");
  if (pad[0] >= getKernel()[0] || pad[2] >= getKernel()[0] ||
      pad[1] >= getKernel()[1] || pad[3] >= getKernel()[1])
    return emitOpError("padding must be smaller than the kernel, so that "
                       "every window holds an input element");
  int64_t axis = getQuantizedElementType(in).getAxis();
  if (axis >= 0 && axis != 3)
    return emitOpError("a per-channel type must be per channel along C "
                       "(axis 3), got axis ")
           << axis;
  if (in.hasStaticShape()) {
    ref::Conv2DGeometry g = getGeometry();
    if (g.outH() < 1 || g.outW() < 1)
      return emitOpError("the kernel does not fit the padded input");
    SmallVector<int64_t> expected = {g.batch, g.outH(), g.outW(), g.inC};
    if (out.getShape() != ArrayRef<int64_t>(expected))
      return emitOpError("result must be [")
             << g.batch << ", " << g.outH() << ", " << g.outW() << ", " << g.inC
             << "], got " << out;
  }
  return verifyQuantTensor(*this, in, "input");
}

OpFoldResult MaxPool2DOp::fold(FoldAdaptor adaptor) {
  auto x = getIntValues(adaptor.getInput());
  if (!x)
    return {};
  return makeCodesAttr(getOutput().getType(),
                       ref::maxPool2dCodes(*x, getGeometry()));
}

//===----------------------------------------------------------------------===//
// DequantizeOp
//===----------------------------------------------------------------------===//

LogicalResult DequantizeOp::verify() {
  auto inType = getInput().getType();
  if (failed(verifyFloatCodesPair(*this, inType, getOutput().getType(),
                                  /*quantizes=*/false)))
    return failure();
  return verifyQuantTensor(*this, inType, "input");
}

/// Whether requantizing any value of `from` to `to` and back reproduces it:
/// dequantize_to(quantize_to(dequantize_from(c))) == dequantize_from(c) for
/// every code and every pair of channels an element can have in both types.
static bool requantizationIsExact(QuantizedTypeInterface from,
                                  QuantizedTypeInterface to,
                                  ref::RoundingMode mode) {
  if (from.getAxis() >= 0 && to.getAxis() >= 0 &&
      from.getAxis() != to.getAxis())
    return false;
  bool sameAxis = from.getAxis() >= 0 && from.getAxis() == to.getAxis();
  if (sameAxis && from.getNumChannels() != to.getNumChannels())
    return false;
  ref::QuantSpec fromSpec = from.getSpec(), toSpec = to.getSpec();
  Type fromFloat = from.getExpressedType(), toFloat = to.getExpressedType();
  for (size_t cf = 0; cf < fromSpec.numChannels(); ++cf)
    for (size_t ct = 0; ct < toSpec.numChannels(); ++ct) {
      if (sameAxis && cf != ct)
        continue;
      for (int64_t code = from.getStorageMin(); code <= from.getStorageMax();
           ++code) {
        float v = throughFloatType(fromSpec.dequantize(code, cf), fromFloat);
        int64_t requant = toSpec.quantize(v, ct, mode);
        float back = throughFloatType(toSpec.dequantize(requant, ct), toFloat);
        if (back != v)
          return false;
      }
    }
  return true;
}

OpFoldResult DequantizeOp::fold(FoldAdaptor adaptor) {
  auto inType = getInput().getType();
  auto outType = getOutput().getType();
  QuantizedTypeInterface quant = getQuantizedElementType(inType);
  if (auto codes = getIntValues(adaptor.getInput())) {
    ref::QuantSpec spec = quant.getSpec();
    return makeFloatAttr(outType, spec.dequantize(*codes, shapeOf(inType)));
  }
  auto q = getInput().getDefiningOp<QuantizeOp>();
  if (!q)
    return {};
  auto inner = q.getInput().getDefiningOp<DequantizeOp>();
  if (!inner || inner.getOutput().getType() != outType)
    return {};
  if (requantizationIsExact(getQuantizedElementType(inner.getInput().getType()),
                            quant, toReference(q.getRounding())))
    return inner.getOutput();
  return {};
}

//===----------------------------------------------------------------------===//
// ConstantOp
//===----------------------------------------------------------------------===//

LogicalResult ConstantOp::verify() {
  auto outType = getOutput().getType();
  auto valueType = cast<ShapedType>(getValue().getType());
  if (valueType.getShape() != outType.getShape())
    return emitOpError("value shape ")
           << valueType << " differs from result shape " << outType;
  if (failed(verifyQuantTensor(*this, outType, "result")))
    return failure();
  QuantizedTypeInterface quant = getQuantizedElementType(outType);
  std::vector<int64_t> codes = *getIntValues(getValue());
  for (auto [i, code] : llvm::enumerate(codes))
    if (!isValidCode(quant, code))
      return emitOpError("code ")
             << code << " at flat index " << i
             << " is outside the valid codes [" << quant.getStorageMin() << ", "
             << quant.getStorageMax() << "] of " << quant;
  return success();
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

//===----------------------------------------------------------------------===//
// StorageCastOp
//===----------------------------------------------------------------------===//

LogicalResult StorageCastOp::verify() {
  auto inType = cast<RankedTensorType>(getInput().getType());
  auto outType = cast<RankedTensorType>(getOutput().getType());
  QuantizedTypeInterface inQuant = getQuantizedElementType(inType);
  QuantizedTypeInterface outQuant = getQuantizedElementType(outType);
  if (bool(inQuant) == bool(outQuant))
    return emitOpError("casts between a quantized tensor and its storage "
                       "integers: exactly one side must be quantized");
  if (inType.getShape() != outType.getShape())
    return emitOpError("input shape ")
           << inType << " differs from result shape " << outType;
  QuantizedTypeInterface quant = inQuant ? inQuant : outQuant;
  Type storage = inQuant ? outType.getElementType() : inType.getElementType();
  auto intType = dyn_cast<IntegerType>(storage);
  if (!intType || intType.getWidth() != quant.getBits())
    return emitOpError("storage element type must be a ")
           << quant.getBits() << "-bit integer for " << quant << ", got "
           << storage;
  return verifyQuantTensor(*this, inQuant ? inType : outType,
                           inQuant ? "input" : "result");
}

OpFoldResult StorageCastOp::fold(FoldAdaptor adaptor) {
  if (auto other = getInput().getDefiningOp<StorageCastOp>())
    if (other.getInput().getType() == getOutput().getType())
      return other.getInput();
  auto values = getIntValues(adaptor.getInput());
  if (!values)
    return {};
  auto outType = cast<ShapedType>(getOutput().getType());
  if (QuantizedTypeInterface quant = getQuantizedElementType(outType)) {
    // Bits -> codes: reinterpret with the type's signedness.
    std::vector<int64_t> codes;
    unsigned bits = quant.getBits();
    for (int64_t v : *values) {
      APInt raw(bits, uint64_t(v), /*isSigned=*/true, /*implicitTrunc=*/true);
      int64_t code =
          quant.isSigned() ? raw.getSExtValue() : int64_t(raw.getZExtValue());
      if (!isValidCode(quant, code))
        return {}; // Not a code of the type: leave the cast in place.
      codes.push_back(code);
    }
    return makeCodesAttr(outType, codes);
  }
  // Codes -> bits.
  auto intType = cast<IntegerType>(outType.getElementType());
  SmallVector<APInt> bits;
  for (int64_t code : *values)
    bits.push_back(APInt(intType.getWidth(), uint64_t(code), /*isSigned=*/true,
                         /*implicitTrunc=*/true));
  return DenseElementsAttr::get(outType, bits);
}

//===----------------------------------------------------------------------===//
// PackOp / UnpackOp
//===----------------------------------------------------------------------===//

/// Checks that `packed` is the packing of `logical` in a `#qnn.packed` layout.
static LogicalResult verifyPacking(Operation *op, RankedTensorType logical,
                                   RankedTensorType packed) {
  auto layout = dyn_cast_if_present<PackedLayoutAttr>(packed.getEncoding());
  if (!layout)
    return op->emitOpError("packed tensor ")
           << packed << " needs a #qnn.packed layout encoding";
  QuantizedTypeInterface quant = getQuantizedElementType(logical);
  if (layout.getBits() != quant.getBits())
    return op->emitOpError("layout packs ")
           << layout.getBits() << "-bit codes but " << quant << " has "
           << quant.getBits();
  if (logical.getRank() == 0 || logical.getRank() != packed.getRank())
    return op->emitOpError("packed and unpacked tensors must have the same "
                           "non-zero rank, got ")
           << packed << " and " << logical;
  for (int64_t d = 0; d + 1 < logical.getRank(); ++d)
    if (logical.getDimSize(d) != packed.getDimSize(d))
      return op->emitOpError("dimension ")
             << d << " differs between " << logical << " and " << packed;
  int64_t k = logical.getShape().back();
  if (!ShapedType::isDynamic(k)) {
    int64_t bytes = ref::packedRowBytes(k, quant.getBits());
    if (packed.getShape().back() != bytes)
      return op->emitOpError("rows of ")
             << k << " " << quant.getBits() << "-bit codes pack into " << bytes
             << " bytes, not " << packed.getShape().back();
  }
  return verifyQuantizedTensorType([&] { return op->emitOpError(); }, logical,
                                   "unpacked tensor");
}

LogicalResult PackOp::verify() {
  return verifyPacking(*this, getInput().getType(), getOutput().getType());
}

OpFoldResult PackOp::fold(FoldAdaptor adaptor) {
  if (auto unpack = getInput().getDefiningOp<UnpackOp>())
    if (unpack.getInput().getType() == getOutput().getType())
      return unpack.getInput();
  auto codes = getIntValues(adaptor.getInput());
  if (!codes)
    return {};
  auto inType = getInput().getType();
  unsigned bits = getQuantizedElementType(inType).getBits();
  std::vector<uint8_t> bytes =
      ref::pack(*codes, inType.getShape().back(), bits);
  SmallVector<APInt> values;
  for (uint8_t b : bytes)
    values.push_back(APInt(8, b));
  return DenseElementsAttr::get(getOutput().getType(), values);
}

LogicalResult UnpackOp::verify() {
  return verifyPacking(*this, getOutput().getType(), getInput().getType());
}

OpFoldResult UnpackOp::fold(FoldAdaptor adaptor) {
  if (auto pack = getInput().getDefiningOp<PackOp>())
    if (pack.getInput().getType() == getOutput().getType())
      return pack.getInput();
  auto values = getIntValues(adaptor.getInput());
  if (!values)
    return {};
  auto outType = getOutput().getType();
  QuantizedTypeInterface quant = getQuantizedElementType(outType);
  std::vector<uint8_t> bytes;
  for (int64_t v : *values)
    bytes.push_back(uint8_t(v));
  std::vector<int64_t> codes = ref::unpack(bytes, outType.getShape().back(),
                                           quant.getBits(), quant.isSigned());
  if (!llvm::all_of(codes, [&](int64_t c) { return isValidCode(quant, c); }))
    return {};
  return makeCodesAttr(outType, codes);
}

//===----------------------------------------------------------------------===//
// Scheme quantizers
//===----------------------------------------------------------------------===//

/// Verifies a bit-width attribute against [lo, hi].
static LogicalResult verifyBits(Operation *op, int64_t bits, int64_t lo,
                                int64_t hi, StringRef scheme) {
  if (bits < lo || bits > hi)
    return op->emitOpError() << scheme << " supports " << lo << " to " << hi
                             << " bits, got " << bits;
  return success();
}

static LogicalResult verifyPositive(Operation *op, double value,
                                    StringRef name) {
  if (!std::isfinite(value) || !(value > 0.0))
    return op->emitOpError()
           << "'" << name << "' must be positive and finite, got "
           << formatF32(float(value));
  if (isSubnormalScale(value))
    return op->emitOpError() << "'" << name << "' " << formatF32(float(value))
                             << " " << kSubnormalScaleReason;
  return success();
}

/// Verifies an optional per-channel `axis` against `type`'s rank and, when
/// the dimension is static, `channels` (0: any).
static LogicalResult verifyAxis(Operation *op, std::optional<int64_t> axis,
                                ShapedType type, int64_t channels) {
  if (!axis)
    return success();
  if (*axis < 0 || *axis >= type.getRank())
    return op->emitOpError("axis ")
           << *axis << " is out of range for a tensor of rank "
           << type.getRank();
  int64_t dim = type.getDimSize(*axis);
  if (channels && !ShapedType::isDynamic(dim) && dim != channels)
    return op->emitOpError("dimension ")
           << *axis << " has " << dim << " channels but " << channels
           << " per-channel parameters are given";
  return success();
}

/// Folds an elementwise scheme op on a constant: `fn(values)` computes the
/// f32 results.
template <typename Fn>
static OpFoldResult foldElementwise(Attribute input, Type resultType, Fn fn) {
  auto values = getFloatValues(input);
  if (!values)
    return {};
  std::vector<float> out = fn(*values);
  return makeFloatAttr(cast<ShapedType>(resultType), out);
}

// PACT.
LogicalResult PactOp::verify() {
  if (failed(verifyBits(*this, getBits(), 1, 8, "PACT")))
    return failure();
  return verifyPositive(*this, getAlpha().convertToDouble(), "alpha");
}

OpFoldResult PactOp::fold(FoldAdaptor adaptor) {
  unsigned bits = getBits();
  float alpha = getAlpha().convertToFloat();
  return foldElementwise(adaptor.getInput(), getType(), [&](auto &values) {
    for (float &v : values)
      v = ref::pactValue(ref::pactCode(v, bits, alpha), bits, alpha);
    return values;
  });
}

// SAWB.
std::optional<ref::SawbCoefficients> SawbOp::getCoefficients() {
  std::optional<ref::SawbCoefficients> defaults =
      getTernary() ? ref::sawbTernaryCoefficients()
                   : ref::sawbDefaultCoefficients(getBits());
  if (getC1() && getC2())
    return ref::SawbCoefficients{getC1()->convertToDouble(),
                                 getC2()->convertToDouble()};
  if (!defaults)
    return std::nullopt;
  if (getC1())
    defaults->c1 = getC1()->convertToDouble();
  if (getC2())
    defaults->c2 = getC2()->convertToDouble();
  return defaults;
}

LogicalResult SawbOp::verify() {
  if (failed(verifyBits(*this, getBits(), 1, 8, "SAWB")))
    return failure();
  if (getTernary() && getBits() != 2)
    return emitOpError("the ternary SAWB variant uses 2 bits, got ")
           << getBits();
  std::optional<ref::SawbCoefficients> c = getCoefficients();
  if (!c)
    return emitOpError("no default SAWB coefficients for ")
           << getBits() << " bits (the table covers 2, 3, 4, 5 and 8): set "
           << "'c1' and 'c2'";
  if (!std::isfinite(c->c1) || !std::isfinite(c->c2))
    return emitOpError("SAWB coefficients must be finite");
  return success();
}

OpFoldResult SawbOp::fold(FoldAdaptor adaptor) {
  unsigned bits = getBits();
  bool ternary = getTernary();
  ref::SawbCoefficients c = *getCoefficients();
  return foldElementwise(adaptor.getInput(), getType(), [&](auto &values) {
    float alpha = ref::sawbAlpha(values, c);
    for (float &v : values)
      v = ternary ? ref::sawbTernaryValue(ref::sawbTernaryCode(v, alpha), alpha)
                  : ref::sawbValue(ref::sawbCode(v, bits, alpha), bits, alpha);
    return values;
  });
}

// APoT.
ref::RationalLevels ApotOp::getLevelSet() {
  return *(getIsSigned() ? ref::apotSignedLevels(getBits())
                         : ref::apotUnsignedLevels(getBits()));
}

LogicalResult ApotOp::verify() {
  if (getIsSigned()
          ? failed(verifyBits(*this, getBits(), 2, 7, "signed APoT"))
          : failed(verifyBits(*this, getBits(), 1, 6, "unsigned APoT")))
    return failure();
  return verifyPositive(*this, getAlpha().convertToDouble(), "alpha");
}

OpFoldResult ApotOp::fold(FoldAdaptor adaptor) {
  ref::RationalLevels levels = getLevelSet();
  bool isSigned = getIsSigned(), normalize = getNormalize();
  float alpha = getAlpha().convertToFloat();
  return foldElementwise(adaptor.getInput(), getType(), [&](auto &values) {
    if (normalize)
      values = ref::apotNormalize(values);
    for (float &v : values)
      v = ref::apotValue(ref::apotCode(v, levels, isSigned, alpha), levels,
                         alpha);
    return values;
  });
}

// HWGQ.
LogicalResult HwgqOp::verify() {
  if (getNonUniform() && getBits() != 2)
    return emitOpError("the non-uniform HWGQ variant is defined for 2 bits, "
                       "got ")
           << getBits();
  return verifyBits(*this, getBits(), 1, 4, "uniform HWGQ");
}

OpFoldResult HwgqOp::fold(FoldAdaptor adaptor) {
  std::vector<float> levels = *ref::hwgqLevels(getBits(), !getNonUniform());
  return foldElementwise(adaptor.getInput(), getType(), [&](auto &values) {
    for (float &v : values)
      v = levels[size_t(ref::hwgqCode(v, levels))];
    return values;
  });
}

// Learned levels (DQ).
LogicalResult LearnedLevelsOp::verify() {
  auto levelsType = cast<ShapedType>(getLevels().getType());
  int64_t rank = levelsType.getRank();
  if (rank != 1 && rank != 2)
    return emitOpError("'levels' must be a 1-D table or a 2-D [channels, "
                       "levels] table, got ")
           << levelsType;
  if (rank == 2 && !getAxis())
    return emitOpError("a 2-D per-channel 'levels' table needs 'axis'");
  if (rank == 1 && getAxis())
    return emitOpError("'axis' needs a 2-D [channels, levels] table");
  int64_t size = levelsType.getShape().back();
  if (size < 1 || size > 256)
    return emitOpError("a level table holds 1 to 256 levels, got ") << size;
  if (failed(verifyAxis(*this, getAxis(), getType(),
                        rank == 2 ? levelsType.getDimSize(0) : 0)))
    return failure();
  std::vector<float> levels = *getFloatValues(getLevels());
  for (size_t i = 0; i < levels.size(); ++i) {
    if (!std::isfinite(levels[i]))
      return emitOpError("levels must be finite f32 values");
    if (i % size && !(levels[i - 1] < levels[i]))
      return emitOpError("levels must be strictly increasing, but ")
             << formatF32(levels[i]) << " follows " << formatF32(levels[i - 1]);
  }
  return success();
}

OpFoldResult LearnedLevelsOp::fold(FoldAdaptor adaptor) {
  auto type = getType();
  std::vector<float> all = *getFloatValues(getLevels());
  size_t size =
      size_t(cast<ShapedType>(getLevels().getType()).getShape().back());
  ref::QuantSpec layout;
  layout.axis = getAxis().value_or(-1);
  std::vector<int64_t> shape = shapeOf(type);
  return foldElementwise(adaptor.getInput(), type, [&](auto &values) {
    for (size_t i = 0; i < values.size(); ++i) {
      size_t c = layout.channelOf(i, shape);
      std::vector<float> table(all.begin() + c * size,
                               all.begin() + (c + 1) * size);
      values[i] = table[ref::nearestLevel(values[i], table)];
    }
    return values;
  });
}

// SLB.
SmallVector<float> SlbOp::getValueSet() {
  if (auto values = getValues())
    return llvm::map_to_vector(*values, [](double v) { return float(v); });
  std::optional<std::vector<float>> set = ref::slbValueSet(getBits());
  return SmallVector<float>(set->begin(), set->end());
}

LogicalResult SlbOp::verify() {
  if (failed(verifyBits(*this, getBits(), 1, 8, "SLB")))
    return failure();
  if (getValues()) {
    size_t n = getValues()->size();
    if (n < 1 || n > (size_t(1) << getBits()))
      return emitOpError("a ") << getBits() << "-bit value set holds 1 to "
                               << (1u << getBits()) << " values, got " << n;
    if (!llvm::all_of(*getValues(),
                      [](double v) { return std::isfinite(float(v)); }))
      return emitOpError("'values' must be finite f32 values");
  } else if (!ref::slbValueSet(getBits())) {
    return emitOpError("SLB defines value sets for 1, 2 and 4 bits; set "
                       "'values' for ")
           << getBits() << " bits";
  }
  auto inType = cast<RankedTensorType>(getInput().getType());
  auto outType = getOutput().getType();
  if (isa<FloatType>(inType.getElementType())) {
    int64_t n = int64_t(getValueSet().size());
    SmallVector<int64_t> expected(outType.getShape());
    expected.push_back(n);
    if (inType.getShape() != ArrayRef<int64_t>(expected))
      return emitOpError("logits must have the result's shape plus a "
                         "trailing dimension of ")
             << n << " (one logit per value), got " << inType;
    if (inType.getElementType() != outType.getElementType())
      return emitOpError("logits and result must have the same float type");
  } else if (inType.getShape() != outType.getShape()) {
    return emitOpError("codes must have the result's shape, got ") << inType;
  }
  return success();
}

OpFoldResult SlbOp::fold(FoldAdaptor adaptor) {
  SmallVector<float> set = getValueSet();
  std::vector<float> out;
  if (auto logits = getFloatValues(adaptor.getInput())) {
    for (size_t i = 0; i < logits->size(); i += set.size())
      out.push_back(
          set[size_t(ref::argmaxFirst(logits->data() + i, set.size()))]);
  } else if (auto codes = getIntValues(adaptor.getInput())) {
    for (int64_t c : *codes) {
      if (c < 0 || c >= int64_t(set.size()))
        return {};
      out.push_back(set[size_t(c)]);
    }
  } else {
    return {};
  }
  return makeFloatAttr(getOutput().getType(), out);
}

// Binary.
LogicalResult BinaryOp::verify() {
  size_t n = getScale() ? getScale()->size() : 0;
  if (std::optional<ArrayRef<float>> scales = getScale()) {
    if (n == 0)
      return emitOpError("'scale' must hold at least one value");
    for (float s : *scales)
      if (failed(verifyPositive(*this, s, "scale")))
        return failure();
    if (n > 1 && !getAxis())
      return emitOpError("per-channel 'scale' values need 'axis'");
  }
  return verifyAxis(*this, getAxis(), getType(), n > 1 ? int64_t(n) : 0);
}

OpFoldResult BinaryOp::fold(FoldAdaptor adaptor) {
  auto type = getType();
  std::vector<int64_t> shape = shapeOf(type);
  ref::QuantSpec layout;
  std::optional<ArrayRef<float>> given = getScale();
  bool perChannel = getAxis() && (!given || given->size() > 1);
  layout.axis = perChannel ? *getAxis() : -1;
  return foldElementwise(adaptor.getInput(), type, [&](auto &values) {
    std::vector<float> scales;
    if (given)
      scales.assign(given->begin(), given->end());
    else if (perChannel)
      scales = ref::meanAbsPerChannel(values, shape, *getAxis());
    else
      scales = ref::meanAbsPerChannel(values, {int64_t(values.size())}, 0);
    for (size_t i = 0; i < values.size(); ++i)
      values[i] = ref::binaryValue(ref::binaryCode(values[i]),
                                   scales[layout.channelOf(i, shape)]);
    return values;
  });
}

// Ternary.
LogicalResult TernaryOp::verify() {
  if (bool(getThreshold()) != bool(getScale()))
    return emitOpError("set both 'threshold' and 'scale', or neither (to "
                       "derive them from the tensor)");
  if (getThreshold()) {
    double t = getThreshold()->convertToDouble();
    if (!std::isfinite(t) || t < 0.0)
      return emitOpError("'threshold' must be finite and non-negative, got ")
             << formatF32(float(t));
    return verifyPositive(*this, getScale()->convertToDouble(), "scale");
  }
  return success();
}

OpFoldResult TernaryOp::fold(FoldAdaptor adaptor) {
  return foldElementwise(adaptor.getInput(), getType(), [&](auto &values) {
    ref::TernaryParams p =
        getThreshold() ? ref::TernaryParams{getThreshold()->convertToFloat(),
                                            getScale()->convertToFloat()}
                       : ref::ternaryTwnParams(values);
    for (float &v : values)
      v = float(ref::ternaryCode(v, p.delta) - 1) * p.alpha;
    return values;
  });
}

#define GET_OP_CLASSES
#include "qnn/Dialect/QNN/IR/QNNOps.cpp.inc"
