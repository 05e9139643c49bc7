//===- FormIntegerLayers.cpp - Float layers over codes to integer layers --===//
//
// This file implements qnn-form-integer-layers: tosa.conv2d / tosa.matmul on
// dequantized codes become qnn.conv2d / qnn.dense on the codes and a
// qnn.rescale to their real values.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/Transforms/Passes.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cstring>

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNFORMINTEGERLAYERS
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;
namespace ref = ::qnn::ref;

namespace {

/// The quantized value behind `value = qnn.dequantize(codes)`, or null.
Value dequantizedCodes(Value value) {
  auto dq = value.getDefiningOp<DequantizeOp>();
  return dq ? dq.getInput() : Value();
}

/// The codes of constant weights `codes`: a qnn.constant's, or the folded
/// quantization of a float constant (typed 8-bit layers write their weights
/// that way). Null when the weights are not constant. Creates nothing: a
/// pattern may still fail after asking.
DenseIntElementsAttr constantWeightCodes(Value codes) {
  DenseIntElementsAttr attr;
  if (matchPattern(codes, m_Constant(&attr)))
    return attr;
  auto quantize = codes.getDefiningOp<QuantizeOp>();
  Attribute input;
  if (!quantize || !matchPattern(quantize.getInput(), m_Constant(&input)))
    return {};
  SmallVector<OpFoldResult> folded;
  if (failed(quantize->fold({input}, folded)) || folded.size() != 1)
    return {};
  return dyn_cast_if_present<DenseIntElementsAttr>(
      dyn_cast<Attribute>(folded[0]));
}

/// `codes` as a constant op holding `attr`: itself when it is one, else a
/// new qnn.constant where its quantize is.
Value materializeWeightCodes(Value codes, DenseIntElementsAttr attr,
                             PatternRewriter &rewriter) {
  if (matchPattern(codes, m_Constant()))
    return codes;
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPointAfterValue(codes);
  return ConstantOp::create(rewriter, codes.getLoc(), codes.getType(), attr);
}

/// Whether `value` is a constant whose elements are all zero.
bool isZeroConstant(Value value) {
  DenseFPElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)))
    return false;
  return llvm::all_of(attr.getValues<APFloat>(),
                      [](const APFloat &v) { return v.isZero(); });
}

/// The per-tensor scale of a type with integer levels, or std::nullopt.
std::optional<double> perTensorScale(QuantizedTypeInterface quant) {
  if (quant.getAxis() >= 0 || !quant.hasIntegerLevels())
    return std::nullopt;
  return quant.getSpec().scales[0];
}

/// Output-channel scales of a weight type with integer levels: per tensor,
/// or per channel along `axis`; `channels` entries.
std::optional<SmallVector<double>>
weightScales(QuantizedTypeInterface quant, int64_t axis, int64_t channels) {
  if (!quant.hasIntegerLevels() ||
      (quant.getAxis() >= 0 && quant.getAxis() != axis))
    return std::nullopt;
  ref::QuantSpec spec = quant.getSpec();
  SmallVector<double> scales;
  for (int64_t c = 0; c < channels; ++c)
    scales.push_back(spec.scales.size() == 1 ? spec.scales[0]
                                             : spec.scales[size_t(c)]);
  return scales;
}

/// Per-output-channel biases from a constant of `channels` values (or one),
/// or from the dequantization of constant codes (a quantized bias, as QKeras
/// and QONNX write it: dequantize(quantize(constant)) or of a qnn.constant),
/// each value the f32 that dequantization gives.
std::optional<SmallVector<double>> constantBias(Value bias, int64_t channels) {
  if (!bias)
    return std::nullopt;
  SmallVector<double> values;
  ElementsAttr elements;
  if (matchPattern(bias, m_Constant(&elements))) {
    if (auto dense = dyn_cast<DenseFPElementsAttr>(elements)) {
      for (const APFloat &v : dense.getValues<APFloat>())
        values.push_back(v.convertToDouble());
    } else if (auto resource = dyn_cast<DenseResourceElementsAttr>(elements)) {
      // An ONNX initializer the importer kept as a blob (torch.onnx's conv
      // biases, batch normalization folded in).
      AsmResourceBlob *blob = resource.getRawHandle().getBlob();
      if (!blob || !resource.getElementType().isF32() ||
          blob->getData().size() !=
              size_t(resource.getNumElements()) * sizeof(float))
        return std::nullopt;
      ArrayRef<char> raw = blob->getData();
      for (size_t i = 0; i < raw.size() / sizeof(float); ++i) {
        float v;
        std::memcpy(&v, raw.data() + i * sizeof(float), sizeof(float));
        values.push_back(v);
      }
    } else {
      return std::nullopt;
    }
  } else if (auto dq = bias.getDefiningOp<DequantizeOp>()) {
    auto type = cast<RankedTensorType>(dq.getInput().getType());
    DenseIntElementsAttr codes = constantWeightCodes(dq.getInput());
    auto quant = getQuantizedElementType(type);
    if (!codes || !quant || type.getRank() != 1 ||
        !cast<RankedTensorType>(dq.getType()).getElementType().isF32())
      return std::nullopt;
    ref::QuantSpec spec = quant.getSpec();
    for (auto [i, code] : llvm::enumerate(codes.getValues<APInt>()))
      values.push_back(spec.dequantize(
          spec.isSigned ? code.getSExtValue() : int64_t(code.getZExtValue()),
          spec.axis >= 0 ? i : 0));
  } else {
    return std::nullopt;
  }
  if (int64_t(values.size()) != channels && values.size() != 1)
    return std::nullopt;
  SmallVector<double> out;
  for (int64_t c = 0; c < channels; ++c)
    out.push_back(values[values.size() == 1 ? 0 : size_t(c)]);
  return out;
}

/// The constant values of a !tosa.shape operand.
std::optional<SmallVector<int64_t>> constShape(Value shape) {
  auto op = shape.getDefiningOp<tosa::ConstShapeOp>();
  if (!op)
    return std::nullopt;
  SmallVector<int64_t> values;
  for (const APInt &v : op.getValuesAttr().getValues<APInt>())
    values.push_back(v.getSExtValue());
  return values;
}

/// Codes behind a layer input: dequantize(codes), or a static tosa.slice of
/// it (how TOSA expresses a strided window that does not cover the input),
/// which becomes a slice of the codes. Found without creating anything;
/// `materialize` creates the slice once the pattern is sure to apply.
struct InputCodes {
  Value codes;
  tosa::SliceOp slice;
  SmallVector<int64_t> start, sizes;

  explicit operator bool() const { return bool(codes); }
  RankedTensorType getType() const {
    auto codesType = cast<RankedTensorType>(codes.getType());
    return slice ? RankedTensorType::get(sizes, codesType.getElementType())
                 : codesType;
  }
  Value materialize(PatternRewriter &rewriter) {
    if (!slice)
      return codes;
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPoint(slice);
    SmallVector<int64_t> strides(sizes.size(), 1);
    return tensor::ExtractSliceOp::create(
        rewriter, slice.getLoc(), getType(), codes, ValueRange{}, ValueRange{},
        ValueRange{}, rewriter.getDenseI64ArrayAttr(start),
        rewriter.getDenseI64ArrayAttr(sizes),
        rewriter.getDenseI64ArrayAttr(strides));
  }
};

InputCodes layerInputCodes(Value value) {
  InputCodes in;
  if (Value codes = dequantizedCodes(value)) {
    in.codes = codes;
    return in;
  }
  auto slice = value.getDefiningOp<tosa::SliceOp>();
  if (!slice)
    return {};
  Value codes = dequantizedCodes(slice.getInput1());
  auto start = constShape(slice.getStart());
  auto size = constShape(slice.getSize());
  if (!codes || !start || !size)
    return {};
  auto codesType = cast<RankedTensorType>(codes.getType());
  in.codes = codes;
  in.slice = slice;
  in.start = *start;
  in.sizes = *size;
  for (auto [d, s] : llvm::enumerate(in.sizes))
    if (s == -1)
      s = codesType.getDimSize(d) - in.start[d];
  return in;
}

/// Codes behind static tosa.reshape steps of dequantize(codes) of a
/// per-tensor type (a Flatten between a pooled feature map and a dense
/// layer), each step a pure collapse or expansion: the same steps on the
/// codes. Found without creating anything.
struct ReshapedCodes {
  Value codes;
  SmallVector<tosa::ReshapeOp> steps;

  explicit operator bool() const { return bool(codes); }
  Value materialize(PatternRewriter &rewriter) {
    Value v = codes;
    for (tosa::ReshapeOp step : steps) {
      OpBuilder::InsertionGuard guard(rewriter);
      rewriter.setInsertionPoint(step);
      auto from = cast<RankedTensorType>(v.getType());
      auto to = RankedTensorType::get(step.getType().getShape(),
                                      from.getElementType());
      if (to.getRank() < from.getRank())
        v = tensor::CollapseShapeOp::create(
            rewriter, step.getLoc(), to, v,
            *getReassociationIndicesForCollapse(from.getShape(),
                                                to.getShape()));
      else if (to.getRank() > from.getRank())
        v = tensor::ExpandShapeOp::create(rewriter, step.getLoc(), to, v,
                                          *getReassociationIndicesForCollapse(
                                              to.getShape(), from.getShape()));
    }
    return v;
  }
};

ReshapedCodes reshapedCodes(Value value) {
  ReshapedCodes found;
  SmallVector<tosa::ReshapeOp> steps;
  while (auto reshape = value.getDefiningOp<tosa::ReshapeOp>()) {
    auto from = cast<RankedTensorType>(reshape.getInput1().getType());
    auto to = cast<RankedTensorType>(reshape.getType());
    if (!from.hasStaticShape() || !to.hasStaticShape())
      return {};
    bool pure = to.getRank() < from.getRank()
                    ? bool(getReassociationIndicesForCollapse(from.getShape(),
                                                              to.getShape()))
                : to.getRank() > from.getRank()
                    ? bool(getReassociationIndicesForCollapse(to.getShape(),
                                                              from.getShape()))
                    : from.getShape() == to.getShape();
    if (!pure)
      return {};
    steps.push_back(reshape);
    value = reshape.getInput1();
  }
  Value codes = dequantizedCodes(value);
  auto quant = codes ? getQuantizedElementType(codes.getType())
                     : QuantizedTypeInterface();
  if (!codes || steps.empty() || quant.getAxis() >= 0)
    return {};
  found.codes = codes;
  found.steps.assign(steps.rbegin(), steps.rend());
  return found;
}

/// tosa.conv2d(dequantize(x), dequantize(w), bias) -> qnn.rescale(qnn.conv2d).
struct FormConv2D : public OpRewritePattern<tosa::Conv2DOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(tosa::Conv2DOp op,
                                PatternRewriter &rewriter) const override {
    Value w = dequantizedCodes(op.getWeight());
    DenseIntElementsAttr wCodes = w ? constantWeightCodes(w) : nullptr;
    InputCodes xIn = wCodes ? layerInputCodes(op.getInput()) : InputCodes();
    if (!xIn || !wCodes)
      return rewriter.notifyMatchFailure(op, "operands are not codes");
    if (!isZeroConstant(op.getInputZp()) || !isZeroConstant(op.getWeightZp()))
      return rewriter.notifyMatchFailure(op, "non-zero float zero points");
    auto outType = cast<RankedTensorType>(op.getOutput().getType());
    if (!outType.hasStaticShape() || !isa<FloatType>(outType.getElementType()))
      return rewriter.notifyMatchFailure(op, "dynamic or non-float result");
    int64_t channels = outType.getDimSize(3);
    auto xQuant = getQuantizedElementType(xIn.getType());
    auto wQuant = getQuantizedElementType(w.getType());
    std::optional<double> xScale = perTensorScale(xQuant);
    auto wScales = weightScales(wQuant, /*axis=*/0, channels);
    auto bias = constantBias(op.getBias(), channels);
    if (!xScale || !wScales || !bias)
      return rewriter.notifyMatchFailure(op, "scales or bias do not factor");
    auto wType = cast<ShapedType>(w.getType());
    int64_t terms =
        wType.getDimSize(1) * wType.getDimSize(2) * wType.getDimSize(3);
    if (ref::accumulatorBound(xQuant.getSpec(), wQuant.getSpec(), terms) >
        int64_t(INT32_MAX))
      return rewriter.notifyMatchFailure(op, "accumulator may overflow i32");

    // TOSA pads [top, bottom, left, right]; qnn [top, left, bottom, right].
    ArrayRef<int64_t> pad = op.getPad();
    auto accType = outType.clone(rewriter.getI32Type());
    Location loc = op.getLoc();
    Value x = xIn.materialize(rewriter);
    w = materializeWeightCodes(w, wCodes, rewriter);
    Value acc = Conv2DOp::create(
        rewriter, loc, accType, x, w,
        rewriter.getDenseI64ArrayAttr(op.getStride()),
        rewriter.getDenseI64ArrayAttr({pad[0], pad[2], pad[1], pad[3]}),
        rewriter.getDenseI64ArrayAttr(op.getDilation()));
    SmallVector<double> scales;
    for (double s : *wScales)
      scales.push_back(*xScale * s);
    rewriter.replaceOpWithNewOp<RescaleOp>(
        op, outType, acc, rewriter.getDenseF64ArrayAttr(scales),
        rewriter.getDenseF64ArrayAttr(*bias), rewriter.getI64IntegerAttr(3));
    return success();
  }
};

/// tosa.depthwise_conv2d(dequantize(x), dequantize(w [KH, KW, C, M]), bias)
/// -> qnn.rescale(qnn.conv2d {groups = C}) with the weights as OHWI
/// [C * M, KH, KW, 1] codes.
struct FormDepthwiseConv2D : public OpRewritePattern<tosa::DepthwiseConv2DOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(tosa::DepthwiseConv2DOp op,
                                PatternRewriter &rewriter) const override {
    Value w = dequantizedCodes(op.getWeight());
    DenseIntElementsAttr codes = w ? constantWeightCodes(w) : nullptr;
    InputCodes xIn = codes ? layerInputCodes(op.getInput()) : InputCodes();
    if (!xIn || !codes)
      return rewriter.notifyMatchFailure(op, "operands are not codes");
    if (!isZeroConstant(op.getInputZp()) || !isZeroConstant(op.getWeightZp()))
      return rewriter.notifyMatchFailure(op, "non-zero float zero points");
    auto outType = cast<RankedTensorType>(op.getOutput().getType());
    if (!outType.hasStaticShape() || !isa<FloatType>(outType.getElementType()))
      return rewriter.notifyMatchFailure(op, "dynamic or non-float result");
    auto wType = cast<RankedTensorType>(w.getType());
    int64_t kh = wType.getDimSize(0), kw = wType.getDimSize(1),
            c = wType.getDimSize(2), m = wType.getDimSize(3);
    auto wQuant = getQuantizedElementType(wType);
    // Per channel along C (multiplier 1), or per tensor.
    if (wQuant.getAxis() >= 0 && !(wQuant.getAxis() == 2 && m == 1))
      return rewriter.notifyMatchFailure(op, "weight scales do not factor");
    Type element = wType.getElementType();
    if (wQuant.getAxis() >= 0) {
      if (auto u = dyn_cast<UniformQuantType>(element))
        element = UniformQuantType::get(getContext(), u.getBits(),
                                        u.getSignedStorage(), u.getStorageMin(),
                                        u.getStorageMax(), u.getExpressedType(),
                                        0, u.getScales(), u.getZeroPoints());
      else if (auto cb = dyn_cast<CodebookQuantType>(element))
        element = CodebookQuantType::get(
            getContext(), cb.getBits(), cb.getExpressedType(), 0,
            cb.getScales(), cb.getLevels(), cb.getTableSize());
    }
    // [KH, KW, C, M] -> [C * M, KH, KW, 1]: out[(ci * M + mi)][y][x] =
    // in[y][x][ci][mi].
    SmallVector<APInt> in(codes.getValues<APInt>()), out;
    out.reserve(in.size());
    for (int64_t ci = 0; ci < c; ++ci)
      for (int64_t mi = 0; mi < m; ++mi)
        for (int64_t y = 0; y < kh; ++y)
          for (int64_t xx = 0; xx < kw; ++xx)
            out.push_back(in[size_t(((y * kw + xx) * c + ci) * m + mi)]);
    auto ohwi = RankedTensorType::get({c * m, kh, kw, 1}, element);
    auto storage = RankedTensorType::get({c * m, kh, kw, 1},
                                         codes.getType().getElementType());
    Location loc = op.getLoc();
    auto xQuant = getQuantizedElementType(xIn.getType());
    auto newQuant = getQuantizedElementType(ohwi);
    std::optional<double> xScale = perTensorScale(xQuant);
    auto wScales = weightScales(newQuant, /*axis=*/0, c * m);
    auto bias = constantBias(op.getBias(), c * m);
    if (!xScale || !wScales || !bias)
      return rewriter.notifyMatchFailure(op, "scales or bias do not factor");
    if (ref::accumulatorBound(xQuant.getSpec(), newQuant.getSpec(), kh * kw) >
        int64_t(INT32_MAX))
      return rewriter.notifyMatchFailure(op, "accumulator may overflow i32");
    ArrayRef<int64_t> pad = op.getPad();
    Value weights = ConstantOp::create(
        rewriter, loc, ohwi,
        cast<DenseIntElementsAttr>(DenseElementsAttr::get(storage, out)));
    Value x = xIn.materialize(rewriter);
    Value acc = Conv2DOp::create(
        rewriter, loc, outType.clone(rewriter.getI32Type()), x, weights,
        rewriter.getDenseI64ArrayAttr(op.getStride()),
        rewriter.getDenseI64ArrayAttr({pad[0], pad[2], pad[1], pad[3]}),
        rewriter.getDenseI64ArrayAttr(op.getDilation()),
        rewriter.getI64IntegerAttr(c));
    SmallVector<double> scales;
    for (double s : *wScales)
      scales.push_back(*xScale * s);
    rewriter.replaceOpWithNewOp<RescaleOp>(
        op, outType, acc, rewriter.getDenseF64ArrayAttr(scales),
        rewriter.getDenseF64ArrayAttr(*bias), rewriter.getI64IntegerAttr(3));
    return success();
  }
};

/// tosa.matmul(dequantize(a [1,M,K]), dequantize(w [1,K,N])) ->
/// expand(qnn.rescale(qnn.dense(collapse(a), transpose(w)))).
struct FormDense : public OpRewritePattern<tosa::MatMulOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(tosa::MatMulOp op,
                                PatternRewriter &rewriter) const override {
    Value a = dequantizedCodes(op.getA());
    ReshapedCodes reshaped = a ? ReshapedCodes() : reshapedCodes(op.getA());
    auto aType = cast<RankedTensorType>(op.getA().getType());
    if (reshaped)
      a = reshaped.codes;
    Value w = dequantizedCodes(op.getB());
    DenseIntElementsAttr wCodes = a && w ? constantWeightCodes(w) : nullptr;
    if (!wCodes)
      return rewriter.notifyMatchFailure(op, "operands are not codes");
    aType = aType.clone(getQuantizedElementType(a.getType()));
    if (!isZeroConstant(op.getAZp()) || !isZeroConstant(op.getBZp()))
      return rewriter.notifyMatchFailure(op, "non-zero float zero points");
    auto wType = cast<RankedTensorType>(w.getType());
    auto outType = cast<RankedTensorType>(op.getOutput().getType());
    if (!aType.hasStaticShape() || !wType.hasStaticShape() ||
        aType.getDimSize(0) != 1 || !isa<FloatType>(outType.getElementType()))
      return rewriter.notifyMatchFailure(op, "batched or dynamic matmul");
    int64_t m = aType.getDimSize(1), k = aType.getDimSize(2),
            n = wType.getDimSize(2);
    auto aQuant = getQuantizedElementType(aType);
    auto wQuant = getQuantizedElementType(wType);
    std::optional<double> aScale = perTensorScale(aQuant);
    auto wScales = weightScales(wQuant, /*axis=*/2, n);
    if (!aScale || !wScales)
      return rewriter.notifyMatchFailure(op, "scales do not factor");
    if (ref::accumulatorBound(aQuant.getSpec(), wQuant.getSpec(), k) >
        int64_t(INT32_MAX))
      return rewriter.notifyMatchFailure(op, "accumulator may overflow i32");

    Location loc = op.getLoc();
    // Weights become [N, K] codes, per channel along axis 0.
    Type wElement = wQuant;
    if (auto u = dyn_cast<UniformQuantType>(wQuant); u && u.isPerChannel())
      wElement = UniformQuantType::get(
          u.getContext(), u.getBits(), u.isSigned(), u.getStorageMin(),
          u.getStorageMax(), u.getExpressedType(), int64_t(0), u.getScales(),
          u.getZeroPoints());
    else if (auto c = dyn_cast<CodebookQuantType>(wQuant);
             c && c.isPerChannel())
      wElement = CodebookQuantType::get(
          c.getContext(), c.getBits(), c.getExpressedType(), int64_t(0),
          c.getScales(), c.getLevels(), c.getTableSize());
    SmallVector<APInt> transposed;
    auto values = wCodes.getValues<APInt>();
    for (int64_t j = 0; j < n; ++j)
      for (int64_t p = 0; p < k; ++p)
        transposed.push_back(values[p * n + j]);
    auto codesType = RankedTensorType::get({n, k}, wCodes.getElementType());
    auto wT = ConstantOp::create(
        rewriter, loc, RankedTensorType::get({n, k}, wElement),
        cast<DenseIntElementsAttr>(
            DenseElementsAttr::get(codesType, transposed)));
    if (reshaped)
      a = reshaped.materialize(rewriter);
    Value a2 = tensor::CollapseShapeOp::create(
        rewriter, loc, RankedTensorType::get({m, k}, aQuant), a,
        ArrayRef<ReassociationIndices>{{0, 1}, {2}});
    Value acc = DenseOp::create(
        rewriter, loc, RankedTensorType::get({m, n}, rewriter.getI32Type()), a2,
        wT);
    SmallVector<double> scales, zeros(size_t(n), 0.0);
    for (double s : *wScales)
      scales.push_back(*aScale * s);
    Value real = RescaleOp::create(
        rewriter, loc, RankedTensorType::get({m, n}, outType.getElementType()),
        acc, rewriter.getDenseF64ArrayAttr(scales),
        rewriter.getDenseF64ArrayAttr(zeros), rewriter.getI64IntegerAttr(1));
    rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(
        op, outType, real, ArrayRef<ReassociationIndices>{{0, 1}, {2}});
    return success();
  }
};

/// tosa.max_pool2d(dequantize(x)) -> dequantize(qnn.max_pool2d(x)): exact,
/// since dequantization is monotone.
struct FormMaxPool2D : public OpRewritePattern<tosa::MaxPool2dOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(tosa::MaxPool2dOp op,
                                PatternRewriter &rewriter) const override {
    Value x = dequantizedCodes(op.getInput());
    if (!x)
      return rewriter.notifyMatchFailure(op, "input is not codes");
    auto xType = cast<RankedTensorType>(x.getType());
    auto quant = getQuantizedElementType(xType);
    auto outType = cast<RankedTensorType>(op.getOutput().getType());
    if (!xType.hasStaticShape() ||
        (quant.getAxis() >= 0 && quant.getAxis() != 3))
      return rewriter.notifyMatchFailure(op, "dynamic or not per C");
    ArrayRef<int64_t> pad = op.getPad(); // [top, bottom, left, right]
    Location loc = op.getLoc();
    Value pooled = MaxPool2DOp::create(
        rewriter, loc, outType.clone(xType.getElementType()), x,
        rewriter.getDenseI64ArrayAttr(op.getKernel()),
        rewriter.getDenseI64ArrayAttr(op.getStride()),
        rewriter.getDenseI64ArrayAttr({pad[0], pad[2], pad[1], pad[3]}));
    rewriter.replaceOpWithNewOp<DequantizeOp>(op, outType, pooled);
    return success();
  }
};

struct FormIntegerLayersPass
    : public mlir::qnn::impl::QNNFormIntegerLayersBase<FormIntegerLayersPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FormConv2D, FormDepthwiseConv2D, FormDense, FormMaxPool2D>(
        &getContext());
    // Only these patterns: folding dequantize(constant codes) here would
    // destroy the codes the layers need.
    GreedyRewriteConfig config;
    config.enableFolding(false);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns),
                                     config))) {
      getOperation()->emitError("qnn-form-integer-layers did not converge");
      signalPassFailure();
    }
  }
};

} // namespace
