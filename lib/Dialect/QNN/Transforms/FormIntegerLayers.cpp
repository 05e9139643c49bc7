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
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

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

/// Codes of constant weights, found without changing the IR (a pattern that
/// created ops and then failed to match would leave them for the greedy
/// driver to erase, and never converge): a qnn.constant as it is, or the
/// quantization of a float constant, folded (typed 8-bit layers write their
/// weights that way) and created by `materialize` once the layer matches.
struct WeightCodes {
  Value constant;
  QuantizeOp quantize;
  DenseIntElementsAttr folded;

  explicit operator bool() const { return constant || quantize; }
  Type getType() {
    return constant ? constant.getType() : quantize.getOutput().getType();
  }
  /// The codes' values, when they are dense integers.
  DenseIntElementsAttr values() {
    DenseIntElementsAttr attr = folded;
    if (constant)
      matchPattern(constant, m_Constant(&attr));
    return attr;
  }
  Value materialize(PatternRewriter &rewriter) {
    if (constant)
      return constant;
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPoint(quantize);
    return ConstantOp::create(rewriter, quantize.getLoc(),
                              quantize.getOutput().getType(), folded);
  }
};

WeightCodes constantWeightCodes(Value codes) {
  WeightCodes result;
  if (!codes)
    return result;
  if (matchPattern(codes, m_Constant())) {
    result.constant = codes;
    return result;
  }
  auto quantize = codes.getDefiningOp<QuantizeOp>();
  Attribute input;
  if (!quantize || !matchPattern(quantize.getInput(), m_Constant(&input)))
    return result;
  SmallVector<OpFoldResult> folded;
  if (failed(quantize->fold({input}, folded)) || folded.size() != 1)
    return result;
  auto attr =
      dyn_cast_if_present<DenseIntElementsAttr>(dyn_cast<Attribute>(folded[0]));
  if (!attr)
    return result;
  result.quantize = quantize;
  result.folded = attr;
  return result;
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

/// Per-output-channel biases from a constant of `channels` values (or one).
std::optional<SmallVector<double>> constantBias(Value bias, int64_t channels) {
  DenseFPElementsAttr attr;
  if (!bias || !matchPattern(bias, m_Constant(&attr)))
    return std::nullopt;
  if (attr.getNumElements() != channels && attr.getNumElements() != 1)
    return std::nullopt;
  SmallVector<double> out;
  auto values = attr.getValues<APFloat>();
  for (int64_t c = 0; c < channels; ++c)
    out.push_back(values[attr.getNumElements() == 1 ? 0 : c].convertToDouble());
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

/// Codes behind a layer input, found without changing the IR:
/// dequantize(codes), or a static tosa.slice of it (how TOSA expresses a
/// strided window that does not cover the input), which `materialize` makes
/// a slice of the codes once the layer matches.
struct LayerInput {
  Value codes;
  tosa::SliceOp slice;
  SmallVector<int64_t> start, sizes;

  explicit operator bool() const { return bool(codes); }
  Type getType() {
    if (!slice)
      return codes.getType();
    return RankedTensorType::get(
        sizes, cast<RankedTensorType>(codes.getType()).getElementType());
  }
  Value materialize(PatternRewriter &rewriter) {
    if (!slice)
      return codes;
    SmallVector<int64_t> strides(sizes.size(), 1);
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPoint(slice);
    return tensor::ExtractSliceOp::create(
        rewriter, slice.getLoc(), cast<RankedTensorType>(getType()), codes,
        ValueRange{}, ValueRange{}, ValueRange{},
        rewriter.getDenseI64ArrayAttr(start),
        rewriter.getDenseI64ArrayAttr(sizes),
        rewriter.getDenseI64ArrayAttr(strides));
  }
};

LayerInput layerInputCodes(Value value) {
  LayerInput result;
  if (Value codes = dequantizedCodes(value)) {
    result.codes = codes;
    return result;
  }
  auto slice = value.getDefiningOp<tosa::SliceOp>();
  if (!slice)
    return result;
  Value codes = dequantizedCodes(slice.getInput1());
  auto start = constShape(slice.getStart());
  auto size = constShape(slice.getSize());
  if (!codes || !start || !size)
    return result;
  auto codesType = cast<RankedTensorType>(codes.getType());
  result.sizes.assign(size->begin(), size->end());
  for (auto [d, s] : llvm::enumerate(result.sizes))
    if (s == -1)
      s = codesType.getDimSize(d) - (*start)[d];
  result.start.assign(start->begin(), start->end());
  result.codes = codes;
  result.slice = slice;
  return result;
}

/// tosa.conv2d(dequantize(x), dequantize(w), bias) -> qnn.rescale(qnn.conv2d).
struct FormConv2D : public OpRewritePattern<tosa::Conv2DOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(tosa::Conv2DOp op,
                                PatternRewriter &rewriter) const override {
    WeightCodes w = constantWeightCodes(dequantizedCodes(op.getWeight()));
    LayerInput x = w ? layerInputCodes(op.getInput()) : LayerInput();
    if (!x || !w)
      return rewriter.notifyMatchFailure(op, "operands are not codes");
    if (!isZeroConstant(op.getInputZp()) || !isZeroConstant(op.getWeightZp()))
      return rewriter.notifyMatchFailure(op, "non-zero float zero points");
    auto outType = cast<RankedTensorType>(op.getOutput().getType());
    if (!outType.hasStaticShape() || !isa<FloatType>(outType.getElementType()))
      return rewriter.notifyMatchFailure(op, "dynamic or non-float result");
    int64_t channels = outType.getDimSize(3);
    auto xQuant = getQuantizedElementType(x.getType());
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
    Value acc = Conv2DOp::create(
        rewriter, loc, accType, x.materialize(rewriter),
        w.materialize(rewriter), rewriter.getDenseI64ArrayAttr(op.getStride()),
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
    WeightCodes w = constantWeightCodes(dequantizedCodes(op.getWeight()));
    LayerInput x = w ? layerInputCodes(op.getInput()) : LayerInput();
    DenseIntElementsAttr codes = w ? w.values() : DenseIntElementsAttr();
    if (!x || !w || !codes)
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
    auto xQuant = getQuantizedElementType(x.getType());
    auto newQuant = getQuantizedElementType(ohwi);
    std::optional<double> xScale = perTensorScale(xQuant);
    auto wScales = weightScales(newQuant, /*axis=*/0, c * m);
    auto bias = constantBias(op.getBias(), c * m);
    if (!xScale || !wScales || !bias)
      return rewriter.notifyMatchFailure(op, "scales or bias do not factor");
    if (ref::accumulatorBound(xQuant.getSpec(), newQuant.getSpec(), kh * kw) >
        int64_t(INT32_MAX))
      return rewriter.notifyMatchFailure(op, "accumulator may overflow i32");
    Location loc = op.getLoc();
    Value weights = ConstantOp::create(
        rewriter, loc, ohwi,
        cast<DenseIntElementsAttr>(DenseElementsAttr::get(storage, out)));
    ArrayRef<int64_t> pad = op.getPad();
    Value acc = Conv2DOp::create(
        rewriter, loc, outType.clone(rewriter.getI32Type()),
        x.materialize(rewriter), weights,
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
    WeightCodes w =
        a ? constantWeightCodes(dequantizedCodes(op.getB())) : WeightCodes();
    DenseIntElementsAttr wCodes = w ? w.values() : DenseIntElementsAttr();
    if (!a || !w || !wCodes)
      return rewriter.notifyMatchFailure(op, "operands are not codes");
    if (!isZeroConstant(op.getAZp()) || !isZeroConstant(op.getBZp()))
      return rewriter.notifyMatchFailure(op, "non-zero float zero points");
    auto aType = cast<RankedTensorType>(a.getType());
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
    if (failed(
            applyPatternsGreedily(getOperation(), std::move(patterns), config)))
      signalPassFailure();
  }
};

} // namespace
