//===- OptimizeLayout.cpp - Layout transposes sunk, cancelled and hoisted -===//
//
// This file implements qnn-optimize-layout. ONNX's layers are NCHW and
// TOSA's NHWC, so convert-onnx-to-qnn wraps each NHWC op in a transpose in
// and one out. This pass removes them along chains and moves the rest to
// where they cost least:
//
// 1. Transposes sink through elementwise ops (TOSA's, and qnn's quantizers
//    with their channel axis moved) whose other operands are transposed the
//    same way or are constants; a transpose of a transpose composes, one of
//    a constant folds (resource blobs too). A chain conv -> ReLU ->
//    quantizer -> conv is then NHWC throughout.
// 2. What remains in front of a layer is hoisted above its quantizers (and
//    a reshape above per-tensor ones, a transpose above a pad), so that
//    layers read qnn.dequantize of codes directly, as
//    qnn-form-integer-layers needs; a zero pad right before a convolution
//    becomes the convolution's padding.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/QNNTypes.h"
#include "qnn/Dialect/QNN/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Tosa/Utils/ConversionUtils.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/Support/Process.h"

#include <cstring>
#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNOPTIMIZELAYOUT
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

namespace {

/// The permutation of a transpose.
SmallVector<int32_t> permOf(tosa::TransposeOp op) {
  return SmallVector<int32_t>(op.getPerms());
}

SmallVector<int32_t> inverse(ArrayRef<int32_t> perm) {
  SmallVector<int32_t> inv(perm.size());
  for (auto [i, p] : llvm::enumerate(perm))
    inv[p] = int32_t(i);
  return inv;
}

/// `type` with its dimensions permuted (result dim i = input dim perm[i]).
RankedTensorType permuted(RankedTensorType type, ArrayRef<int32_t> perm,
                          Type element = {}) {
  SmallVector<int64_t> shape;
  for (int32_t p : perm)
    shape.push_back(type.getDimSize(p));
  return RankedTensorType::get(shape,
                               element ? element : type.getElementType());
}

/// A quantized element type with its channel axis moved to `axis`.
Type withAxis(Type element, int64_t axis) {
  MLIRContext *ctx = element.getContext();
  if (auto u = dyn_cast<UniformQuantType>(element))
    return UniformQuantType::get(ctx, u.getBits(), u.getSignedStorage(),
                                 u.getStorageMin(), u.getStorageMax(),
                                 u.getExpressedType(), axis, u.getScales(),
                                 u.getZeroPoints());
  if (auto c = dyn_cast<CodebookQuantType>(element))
    return CodebookQuantType::get(ctx, c.getBits(), c.getExpressedType(), axis,
                                  c.getScales(), c.getLevels(),
                                  c.getTableSize());
  return element;
}

/// `element` (quantized or not) for a tensor whose dims were permuted by
/// `perm` (new dim i = old dim perm[i]).
Type permutedElement(Type element, ArrayRef<int32_t> perm) {
  auto quant = dyn_cast<QuantizedTypeInterface>(element);
  if (!quant || quant.getAxis() < 0)
    return element;
  int64_t oldAxis = quant.getAxis();
  int64_t newAxis = llvm::find(perm, int32_t(oldAxis)) - perm.begin();
  return withAxis(element, newAxis);
}

/// Copies the `width`-byte elements of `in` (shape `inShape`, row-major)
/// to `out` permuted: out dim i = in dim perm[i]. The output is written in
/// tiles of its innermost dimension and the one the input is contiguous in,
/// so that both sides move whole cache lines (a 4096 x 9216 matrix
/// transposes at memory speed, not one miss per element).
void permuteBytes(const char *in, char *out, ArrayRef<int64_t> inShape,
                  ArrayRef<int32_t> perm, size_t width) {
  const int64_t rank = inShape.size();
  SmallVector<int64_t> inStrides(rank, 1);
  for (int64_t d = rank - 2; d >= 0; --d)
    inStrides[d] = inStrides[d + 1] * inShape[d + 1];
  // Per output dim: its size, input stride and output stride (elements).
  SmallVector<int64_t> size(rank), from(rank), to(rank, 1);
  for (int64_t d = 0; d < rank; ++d) {
    size[d] = inShape[perm[d]];
    from[d] = inStrides[perm[d]];
  }
  for (int64_t d = rank - 2; d >= 0; --d)
    to[d] = to[d + 1] * size[d + 1];
  if (rank == 0 || llvm::is_contained(size, 0)) {
    if (rank == 0)
      std::memcpy(out, in, width);
    return;
  }
  // The tile's dimensions: `a` the output's innermost, `b` the input's
  // (output dim of perm[b] == rank - 1).
  const int64_t a = rank - 1;
  const int64_t b = llvm::find(perm, int32_t(rank - 1)) - perm.begin();
  SmallVector<int64_t> outer;
  for (int64_t d = 0; d < rank; ++d)
    if (d != a && d != b)
      outer.push_back(d);
  constexpr int64_t kTile = 32;
  SmallVector<int64_t> index(outer.size(), 0);
  int64_t inBase = 0, outBase = 0;
  while (true) {
    if (a == b) {
      std::memcpy(out + outBase * width, in + inBase * width, size[a] * width);
    } else {
      for (int64_t b0 = 0; b0 < size[b]; b0 += kTile)
        for (int64_t a0 = 0; a0 < size[a]; a0 += kTile)
          for (int64_t j = b0; j < std::min(size[b], b0 + kTile); ++j) {
            const char *src = in + (inBase + j) * width;
            char *dst = out + (outBase + j * to[b]) * width;
            for (int64_t i = a0; i < std::min(size[a], a0 + kTile); ++i)
              std::memcpy(dst + i * width, src + i * from[a] * width, width);
          }
    }
    // Next index of the outer dims (odometer, innermost last).
    int64_t k = int64_t(outer.size()) - 1;
    for (; k >= 0; --k) {
      int64_t d = outer[k];
      inBase += from[d];
      outBase += to[d];
      if (++index[k] < size[d])
        break;
      inBase -= from[d] * size[d];
      outBase -= to[d] * size[d];
      index[k] = 0;
    }
    if (k < 0)
      return;
  }
}

/// Gives the pages of `data` back to the kernel: a transposed weight's
/// source blob usually lies in the mapping of the input file (bytecode
/// blobs are read without a copy), and once transposed it is not read
/// again, so its pages need not stay resident next to the new blob. A hint
/// only: the data reads the same afterwards (file pages reload on access,
/// heap pages are kept or swapped), so any blob may be passed.
void releasePages(ArrayRef<char> data) {
#if defined(__linux__) && defined(MADV_PAGEOUT)
  const uintptr_t page = llvm::sys::Process::getPageSizeEstimate();
  uintptr_t begin = llvm::alignTo(uintptr_t(data.data()), page);
  uintptr_t end = llvm::alignDown(uintptr_t(data.data() + data.size()), page);
  if (end > begin)
    (void)::madvise(reinterpret_cast<void *>(begin), end - begin, MADV_PAGEOUT);
#else
  (void)data;
#endif
}

/// The elements of `attr` permuted by `perm`, in the same kind of
/// attribute (dense stays dense, a resource blob becomes a new blob).
ElementsAttr transposeElements(ElementsAttr attr, ArrayRef<int32_t> perm,
                               ShapedType resultType) {
  auto type = cast<ShapedType>(attr.getShapedType());
  int64_t count = type.getNumElements();
  if (auto dense = dyn_cast<DenseElementsAttr>(attr)) {
    if (dense.isSplat())
      return dense.resizeSplat(resultType);
    // Whole bytes: move raw bytes; booleans and narrow types by value.
    Type element = type.getElementType();
    unsigned bits =
        element.isIntOrFloat() ? element.getIntOrFloatBitWidth() : 0;
    if (bits >= 8 && bits % 8 == 0) {
      ArrayRef<char> raw = dense.getRawData();
      std::vector<char> out(raw.size());
      permuteBytes(raw.data(), out.data(), type.getShape(), perm, bits / 8);
      return DenseElementsAttr::getFromRawBuffer(resultType, out);
    }
    SmallVector<int64_t> inStrides(type.getRank(), 1);
    for (int64_t d = type.getRank() - 2; d >= 0; --d)
      inStrides[d] = inStrides[d + 1] * type.getDimSize(d + 1);
    SmallVector<Attribute> in(dense.getValues<Attribute>()), out(count);
    for (int64_t i = 0; i < count; ++i) {
      int64_t rest = i, from = 0;
      for (int64_t d = type.getRank() - 1; d >= 0; --d) {
        int64_t size = resultType.getDimSize(d);
        from += (rest % size) * inStrides[perm[d]];
        rest /= size;
      }
      out[i] = in[from];
    }
    return DenseElementsAttr::get(resultType, out);
  }
  auto resource = dyn_cast<DenseResourceElementsAttr>(attr);
  if (!resource)
    return {};
  AsmResourceBlob *blob = resource.getRawHandle().getBlob();
  Type element = type.getElementType();
  if (!blob || !element.isIntOrFloat() ||
      element.getIntOrFloatBitWidth() % 8 != 0)
    return {};
  size_t width = element.getIntOrFloatBitWidth() / 8;
  ArrayRef<char> raw = blob->getData();
  if (raw.size() != size_t(count) * width)
    return {};
  AsmResourceBlob moved = HeapAsmResourceBlob::allocate(raw.size(), width);
  permuteBytes(raw.data(), moved.getMutableData().data(), type.getShape(), perm,
               width);
  releasePages(raw);
  return DenseResourceElementsAttr::get(
      resultType, resource.getRawHandle().getKey().str() + "_t",
      std::move(moved));
}

/// The elements of `x` when it is an arith or TOSA constant.
ElementsAttr constantElements(Value x) {
  if (auto c = x.getDefiningOp<arith::ConstantOp>())
    return dyn_cast<ElementsAttr>(c.getValue());
  if (auto c = x.getDefiningOp<tosa::ConstOp>())
    return c.getValues();
  return {};
}

/// Whether `x` is a constant whose elements transposeElements can move: a
/// transpose of it folds. (A transpose of any other constant stays, and
/// the patterns must not move it around without end.)
bool isFoldableConstant(Value x) {
  if (x.getDefiningOp<ConstantOp>())
    return true;
  ElementsAttr elements = constantElements(x);
  if (!elements)
    return false;
  if (isa<DenseElementsAttr>(elements))
    return true;
  auto resource = dyn_cast<DenseResourceElementsAttr>(elements);
  if (!resource)
    return false;
  AsmResourceBlob *blob = resource.getRawHandle().getBlob();
  Type element = elements.getShapedType().getElementType();
  return blob && element.isIntOrFloat() &&
         element.getIntOrFloatBitWidth() % 8 == 0 &&
         blob->getData().size() == size_t(elements.getNumElements()) *
                                       (element.getIntOrFloatBitWidth() / 8);
}

/// tosa.transpose(x, p) for x a (transposed or not) value.
Value makeTranspose(PatternRewriter &rewriter, Location loc, Value x,
                    ArrayRef<int32_t> perm) {
  bool identity = true;
  for (auto [i, p] : llvm::enumerate(perm))
    identity &= int64_t(i) == p;
  if (identity)
    return x;
  if (auto t = x.getDefiningOp<tosa::TransposeOp>()) {
    // Compose: T(T(y, q), p)[i] = y[q[p[i]]].
    SmallVector<int32_t> q = permOf(t), composed;
    for (int32_t p : perm)
      composed.push_back(q[p]);
    return makeTranspose(rewriter, loc, t.getInput1(), composed);
  }
  auto type = cast<RankedTensorType>(x.getType());
  Type element = permutedElement(type.getElementType(), perm);
  auto resultType = permuted(type, perm, element);
  // Constants transpose now.
  if (auto c = x.getDefiningOp<ConstantOp>()) {
    auto codes = cast<DenseIntElementsAttr>(c.getValue());
    auto codesType = permuted(cast<RankedTensorType>(codes.getType()), perm);
    ElementsAttr moved = transposeElements(codes, perm, codesType);
    return ConstantOp::create(rewriter, loc, resultType,
                              cast<DenseIntElementsAttr>(moved));
  }
  if (ElementsAttr elements = constantElements(x))
    if (ElementsAttr moved = transposeElements(elements, perm, resultType)) {
      if (x.getDefiningOp<tosa::ConstOp>())
        return tosa::ConstOp::create(rewriter, loc, resultType, moved);
      return arith::ConstantOp::create(rewriter, loc, cast<TypedAttr>(moved));
    }
  return tosa::TransposeOp::create(rewriter, loc, resultType, x,
                                   rewriter.getDenseI32ArrayAttr(perm));
}

/// reshape(x) to `type`; constants (dense, resource, codes) reshape now.
Value makeReshape(PatternRewriter &rewriter, Location loc, Value x,
                  RankedTensorType type) {
  if (auto c = x.getDefiningOp<ConstantOp>()) {
    auto codes = c.getValue();
    return ConstantOp::create(
        rewriter, loc, type,
        cast<DenseIntElementsAttr>(codes.reshape(RankedTensorType::get(
            type.getShape(), codes.getType().getElementType()))));
  }
  if (auto c = x.getDefiningOp<arith::ConstantOp>()) {
    if (auto dense = dyn_cast<DenseElementsAttr>(c.getValue()))
      return arith::ConstantOp::create(rewriter, loc, dense.reshape(type));
    if (auto resource = dyn_cast<DenseResourceElementsAttr>(c.getValue()))
      return arith::ConstantOp::create(
          rewriter, loc,
          DenseResourceElementsAttr::get(type, resource.getRawHandle()));
  }
  return tosa::ReshapeOp::create(
      rewriter, loc, type, x,
      tosa::getTosaConstShape(rewriter, loc, type.getShape()));
}

/// Folds transposes of constants and of transposes.
struct FoldTranspose : public OpRewritePattern<tosa::TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(tosa::TransposeOp op,
                                PatternRewriter &rewriter) const override {
    Value input = op.getInput1();
    bool identity = true;
    for (auto [i, p] : llvm::enumerate(op.getPerms()))
      identity &= int64_t(i) == p;
    if (!identity && !input.getDefiningOp<tosa::TransposeOp>() &&
        !isFoldableConstant(input))
      return failure();
    Value folded = makeTranspose(rewriter, op.getLoc(), input, permOf(op));
    if (folded.getDefiningOp() == op.getOperation() ||
        folded.getType() != op.getType())
      return failure();
    rewriter.replaceOp(op, folded);
    return success();
  }
};

/// Whether `op` is elementwise in a way transposes commute with: TOSA's
/// elementwise ops and qnn's quantizers.
bool isLayoutAgnostic(Operation *op) {
  if (isa<QuantizeOp, DequantizeOp, MultiThresholdOp, StorageCastOp>(op))
    return true;
  // tosa.mul is elementwise without the trait (its shift operand is not).
  if (isa<tosa::MulOp>(op))
    return true;
  return op->hasTrait<OpTrait::tosa::TosaElementwiseOperator>() &&
         op->getNumResults() == 1;
}

/// Rebuilds elementwise `op` on `operands` with result type `type`, its
/// axis attribute (multithreshold) moved to `axis`.
Operation *cloneWith(PatternRewriter &rewriter, Operation *op,
                     ValueRange operands, Type type,
                     std::optional<int64_t> axis) {
  OperationState state(op->getLoc(), op->getName());
  state.addOperands(operands);
  state.addTypes(type);
  state.addAttributes(op->getAttrs());
  if (auto mt = dyn_cast<MultiThresholdOp>(op); mt && mt.getAxis() && axis)
    state.addAttribute("axis", rewriter.getI64IntegerAttr(*axis));
  if (auto props = op->getPropertiesAsAttribute()) {
    Operation *created = rewriter.create(state);
    (void)created->setPropertiesFromAttribute(props, nullptr);
    if (auto mt = dyn_cast<MultiThresholdOp>(created);
        mt && mt.getAxis() && axis)
      mt.setAxis(uint64_t(*axis));
    return created;
  }
  return rewriter.create(state);
}

/// E(T(a, p), T(b, p), c) -> T(E(a, b, T(c, p^-1)), p): a transpose sinks
/// below an elementwise op whose other layout operands are transposed the
/// same way or constants.
struct SinkTranspose : public RewritePattern {
  SinkTranspose(MLIRContext *ctx)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, ctx) {}
  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    if (!isLayoutAgnostic(op))
      return failure();
    auto resultType = dyn_cast<RankedTensorType>(op->getResult(0).getType());
    if (!resultType)
      return failure();
    int64_t rank = resultType.getRank();
    std::optional<SmallVector<int32_t>> perm;
    for (Value v : op->getOperands()) {
      auto t = v.getDefiningOp<tosa::TransposeOp>();
      if (!t || cast<RankedTensorType>(v.getType()).getRank() != rank)
        continue;
      perm = permOf(t);
      break;
    }
    if (!perm)
      return failure();
    SmallVector<int32_t> inv = inverse(*perm);
    // Each layout operand is transposed alike or a constant that folds
    // (checked before anything is built).
    auto isLayoutOperand = [&](Value v) {
      auto vt = dyn_cast<RankedTensorType>(v.getType());
      return vt && vt.getRank() == rank;
    };
    auto transposedAlike = [&](Value v) {
      auto t = v.getDefiningOp<tosa::TransposeOp>();
      return t && permOf(t) == *perm;
    };
    for (Value v : op->getOperands())
      if (isLayoutOperand(v) && !transposedAlike(v) && !isFoldableConstant(v))
        return failure();
    SmallVector<Value> operands;
    for (Value v : op->getOperands()) {
      if (!isLayoutOperand(v))
        operands.push_back(v); // TOSA's shift and zero-point operands
      else if (transposedAlike(v))
        operands.push_back(v.getDefiningOp<tosa::TransposeOp>().getInput1());
      else
        operands.push_back(makeTranspose(rewriter, op->getLoc(), v, inv));
    }
    // The result in the untransposed layout: dims permuted back.
    Type element = permutedElement(resultType.getElementType(), inv);
    auto innerType = permuted(resultType, inv, element);
    std::optional<int64_t> axis;
    if (auto mt = dyn_cast<MultiThresholdOp>(op); mt && mt.getAxis())
      axis = (*perm)[*mt.getAxis()];
    Operation *inner = cloneWith(rewriter, op, operands, innerType, axis);
    Value outer =
        makeTranspose(rewriter, op->getLoc(), inner->getResult(0), *perm);
    rewriter.replaceOp(op, outer);
    return success();
  }
};

/// T(E(x), p) -> E'(T(x, p)) for qnn's one-operand quantizers: layers then
/// read qnn.dequantize of codes.
struct HoistTransposeAboveQuantizer
    : public OpRewritePattern<tosa::TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(tosa::TransposeOp op,
                                PatternRewriter &rewriter) const override {
    Operation *def = op.getInput1().getDefiningOp();
    if (!def ||
        !isa<QuantizeOp, DequantizeOp, MultiThresholdOp, StorageCastOp>(def))
      return failure();
    SmallVector<int32_t> perm = permOf(op);
    Value x = def->getOperand(0);
    Value moved = makeTranspose(rewriter, op.getLoc(), x, perm);
    auto defType = cast<RankedTensorType>(def->getResult(0).getType());
    Type element = permutedElement(defType.getElementType(), perm);
    std::optional<int64_t> axis;
    if (auto mt = dyn_cast<MultiThresholdOp>(def); mt && mt.getAxis())
      axis = llvm::find(perm, int32_t(*mt.getAxis())) - perm.begin();
    Operation *created =
        cloneWith(rewriter, def, moved, permuted(defType, perm, element), axis);
    rewriter.replaceOp(op, created->getResult(0));
    return success();
  }
};

/// reshape(E(x)) -> E'(reshape(x)) for qnn's one-operand quantizers when
/// the quantizer is per tensor, or its channel survives the reshape (only
/// unit dimensions added or removed).
struct HoistReshapeAboveQuantizer : public OpRewritePattern<tosa::ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(tosa::ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    Operation *def = op.getInput1().getDefiningOp();
    if (!def ||
        !isa<QuantizeOp, DequantizeOp, MultiThresholdOp, StorageCastOp>(def))
      return failure();
    auto inType = cast<RankedTensorType>(def->getResult(0).getType());
    auto outType = cast<RankedTensorType>(op.getType());
    // An axis maps when its dimension corresponds to one of the same size,
    // only unit dimensions around it changing.
    ArrayRef<int64_t> in = inType.getShape(), out = outType.getShape();
    auto nonUnit = [](ArrayRef<int64_t> shape) {
      SmallVector<int64_t> idx;
      for (auto [i, d] : llvm::enumerate(shape))
        if (d != 1)
          idx.push_back(int64_t(i));
      return idx;
    };
    SmallVector<int64_t> from = nonUnit(in), to = nonUnit(out);
    bool aligned = from.size() == to.size() &&
                   llvm::all_of(llvm::zip(from, to), [&](auto p) {
                     return in[std::get<0>(p)] == out[std::get<1>(p)];
                   });
    auto mapAxis = [&](int64_t axis) -> std::optional<int64_t> {
      auto at = llvm::find(from, axis);
      if (!aligned || at == from.end())
        return std::nullopt;
      return to[at - from.begin()];
    };
    // Every channel axis involved (the types', the thresholds') must map.
    auto retype = [&](Type element) -> std::optional<Type> {
      auto q = dyn_cast<QuantizedTypeInterface>(element);
      if (!q || q.getAxis() < 0)
        return element;
      std::optional<int64_t> axis = mapAxis(q.getAxis());
      if (!axis)
        return std::nullopt;
      return withAxis(element, *axis);
    };
    Value x = def->getOperand(0);
    auto xType = cast<RankedTensorType>(x.getType());
    std::optional<Type> xElement = retype(xType.getElementType());
    std::optional<Type> element = retype(inType.getElementType());
    std::optional<int64_t> thresholdAxis;
    if (auto mt = dyn_cast<MultiThresholdOp>(def); mt && mt.getAxis()) {
      thresholdAxis = mapAxis(int64_t(*mt.getAxis()));
      if (!thresholdAxis)
        return failure();
    }
    if (!xElement || !element)
      return failure();
    Value reshaped =
        makeReshape(rewriter, op.getLoc(), x,
                    RankedTensorType::get(outType.getShape(), *xElement));
    Operation *created = cloneWith(
        rewriter, def, reshaped,
        RankedTensorType::get(outType.getShape(), *element), thresholdAxis);
    rewriter.replaceOp(op, created->getResult(0));
    return success();
  }
};

/// The constant shape operand of tosa.pad / tosa.reshape.
std::optional<SmallVector<int64_t>> constShape(Value shape) {
  auto op = shape.getDefiningOp<tosa::ConstShapeOp>();
  if (!op)
    return std::nullopt;
  return SmallVector<int64_t>(
      cast<DenseIntElementsAttr>(op.getValues()).getValues<int64_t>());
}

/// T(pad(x), p) -> pad'(T(x, p)).
struct HoistTransposeAbovePad : public OpRewritePattern<tosa::TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(tosa::TransposeOp op,
                                PatternRewriter &rewriter) const override {
    auto pad = op.getInput1().getDefiningOp<tosa::PadOp>();
    if (!pad)
      return failure();
    std::optional<SmallVector<int64_t>> pads = constShape(pad.getPadding());
    if (!pads)
      return failure();
    SmallVector<int32_t> perm = permOf(op);
    SmallVector<int64_t> moved;
    for (int32_t p : perm) {
      moved.push_back((*pads)[2 * p]);
      moved.push_back((*pads)[2 * p + 1]);
    }
    Value x = makeTranspose(rewriter, op.getLoc(), pad.getInput1(), perm);
    rewriter.replaceOpWithNewOp<tosa::PadOp>(
        op, op.getType(), x,
        tosa::getTosaConstShape(rewriter, op.getLoc(), moved),
        pad.getPadConst());
    return success();
  }
};

/// conv(pad(x, 0 on H and W only)) -> conv(x) with the pad added to the
/// convolution's.
template <typename ConvOp>
struct FoldZeroPadIntoConv : public OpRewritePattern<ConvOp> {
  using OpRewritePattern<ConvOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(ConvOp op,
                                PatternRewriter &rewriter) const override {
    auto pad = op.getInput().template getDefiningOp<tosa::PadOp>();
    if (!pad)
      return failure();
    std::optional<SmallVector<int64_t>> pads = constShape(pad.getPadding());
    DenseFPElementsAttr value;
    if (!pads || pads->size() != 8 ||
        !matchPattern(pad.getPadConst(), m_Constant(&value)) ||
        !llvm::all_of(value.getValues<APFloat>(),
                      [](const APFloat &v) { return v.isZero(); }))
      return failure();
    // NHWC: batch and channel unpadded.
    if ((*pads)[0] || (*pads)[1] || (*pads)[6] || (*pads)[7])
      return failure();
    SmallVector<int64_t> convPads(op.getPad());
    // TOSA's order: top, bottom, left, right.
    convPads[0] += (*pads)[2];
    convPads[1] += (*pads)[3];
    convPads[2] += (*pads)[4];
    convPads[3] += (*pads)[5];
    rewriter.modifyOpInPlace(op, [&] {
      op.getInputMutable().assign(pad.getInput1());
      op.setPad(convPads);
    });
    return success();
  }
};

struct OptimizeLayoutPass
    : public mlir::qnn::impl::QNNOptimizeLayoutBase<OptimizeLayoutPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    GreedyRewriteConfig config;
    config.enableFolding(false);
    {
      RewritePatternSet patterns(ctx);
      patterns.add<FoldTranspose, SinkTranspose>(ctx);
      if (failed(applyPatternsGreedily(getOperation(), std::move(patterns),
                                       config)))
        return signalPassFailure();
    }
    {
      RewritePatternSet patterns(ctx);
      patterns.add<FoldTranspose, HoistTransposeAboveQuantizer,
                   HoistReshapeAboveQuantizer, HoistTransposeAbovePad,
                   FoldZeroPadIntoConv<tosa::Conv2DOp>,
                   FoldZeroPadIntoConv<tosa::DepthwiseConv2DOp>>(ctx);
      if (failed(applyPatternsGreedily(getOperation(), std::move(patterns),
                                       config)))
        return signalPassFailure();
    }
  }
};

} // namespace
