//===- LayerKernels.cpp - Integer layers as NVVM kernels ------------------===//
//
// This file implements qnn-nvvm-layer-kernels: the u8 x s8 convolutions and
// dense layers that convert-qnn-to-linalg marks `qnn.layer` become GPU
// kernels on buffers, with their weights repacked in the GPU layout
// (ref::packGPUWeights) and the elementwise consumer of their accumulators
// (thresholds, requantization, rescaling) fused into the kernel's epilogue.
// Layers of few rows get the weight-streaming GEMV kernel (Gemv.cpp), the
// others the mma.sync GEMM kernel (Gemm.cpp).
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include "qnn/Codegen/GPU/Passes.h"
#include "qnn/Codegen/Common/KernelUtils.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/Utils/MemRefUtils.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNNVVMLAYERKERNELS
#include "qnn/Codegen/GPU/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::nvvm;

//===----------------------------------------------------------------------===//
// Emission helpers
//===----------------------------------------------------------------------===//

Value KernelBuilder::index(int64_t v) const {
  return arith::ConstantIndexOp::create(b, loc, v);
}
Value KernelBuilder::i32(int64_t v) const {
  return arith::ConstantIntOp::create(b, loc, b.getI32Type(), v);
}
Value KernelBuilder::add(Value x, Value y) const {
  return arith::AddIOp::create(b, loc, x, y);
}
Value KernelBuilder::mul(Value x, Value y) const {
  return arith::MulIOp::create(b, loc, x, y);
}
Value KernelBuilder::divU(Value x, int64_t y) const {
  if (y == 1)
    return x;
  return arith::DivUIOp::create(b, loc, x, index(y));
}
Value KernelBuilder::remU(Value x, int64_t y) const {
  if (y == 1)
    return index(0);
  return arith::RemUIOp::create(b, loc, x, index(y));
}
Value KernelBuilder::lt(Value x, Value y) const {
  return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, x, y);
}
Value KernelBuilder::minIndex(Value x, Value y) const {
  return arith::MinUIOp::create(b, loc, x, y);
}
Value KernelBuilder::toIndex(Value v) const {
  return arith::IndexCastUIOp::create(b, loc, b.getIndexType(), v);
}
Value KernelBuilder::toI32(Value v) const {
  return arith::IndexCastUIOp::create(b, loc, b.getI32Type(), v);
}

Value KernelBuilder::decode(Value word, Value shift,
                            const ref::GPUPackedWeights &w) const {
  if (w.bits == 8)
    return word;
  // The lookup table: level bytes of codes 0..3 in the first word, 4..7 in
  // the second, ...
  uint32_t lut[4] = {};
  for (size_t c = 0; c < w.levels.size(); ++c)
    lut[c / 4] |= uint32_t(uint8_t(w.levels[c])) << (8 * (c % 4));
  auto prmt = [&](Value lo, Value hi, Value selector) -> Value {
    return NVVM::PermuteOp::create(b, loc, b.getI32Type(), lo, hi, selector,
                                   NVVM::PermuteMode::DEFAULT);
  };
  auto andI = [&](Value x, int64_t mask) -> Value {
    return arith::AndIOp::create(b, loc, x, i32(mask));
  };
  Value selector = arith::ShRUIOp::create(b, loc, word, shift);
  if (w.bits == 1)
    return prmt(i32(int32_t(lut[0])), i32(0), andI(selector, 0x1111));
  if (w.bits == 2)
    return prmt(i32(int32_t(lut[0])), i32(0), andI(selector, 0x3333));
  // 16 levels: codes 0-7 and 8-15 from two pools by the low 3 bits, then a
  // byte mask from bit 3 (a permute of 0x00 and 0xff bytes) picks one.
  Value low3 = andI(selector, 0x7777);
  Value low = prmt(i32(int32_t(lut[0])), i32(int32_t(lut[1])), low3);
  Value high = prmt(i32(int32_t(lut[2])), i32(int32_t(lut[3])), low3);
  Value mask =
      prmt(i32(0), i32(-1),
           andI(arith::ShRUIOp::create(b, loc, selector, i32(1)), 0x4444));
  Value keepLow = arith::XOrIOp::create(b, loc, mask, i32(-1));
  return arith::OrIOp::create(b, loc,
                              arith::AndIOp::create(b, loc, low, keepLow),
                              arith::AndIOp::create(b, loc, high, mask));
}

Value KernelBuilder::dot4(Value activations, Value weights, Value acc) const {
  auto bytes = VectorType::get({4}, b.getI8Type());
  Value x = LLVM::BitcastOp::create(b, loc, bytes, activations);
  Value w = LLVM::BitcastOp::create(b, loc, bytes, weights);
  return NVVM::DotAccumulate4WayOp::create(
      b, loc, b.getI32Type(), x, NVVM::DotAccumulateType::UNSIGNED, w,
      NVVM::DotAccumulateType::SIGNED, acc);
}

Value KernelBuilder::warpSum(Value v) const {
  Value width = i32(32);
  for (int64_t offset : {16, 8, 4, 2, 1}) {
    Value other = gpu::ShuffleOp::create(b, loc, v, i32(offset), width,
                                         gpu::ShuffleMode::XOR)
                      .getShuffleResult();
    v = add(v, other);
  }
  return v;
}

//===----------------------------------------------------------------------===//
// Epilogue
//===----------------------------------------------------------------------===//

void Epilogue::emit(OpBuilder &b, Location loc, Value m, Value n,
                    Value acc) const {
  KernelBuilder kb{b, loc};
  linalg::GenericOp consumer = this->consumer;
  if (!consumer) {
    memref::StoreOp::create(b, loc, acc, out, ValueRange{m, n});
    return;
  }
  // The consumer's iteration indices of element (m, n).
  SmallVector<Value> indices(shape.size());
  indices.back() = n;
  Value rest = m;
  for (int64_t d = int64_t(shape.size()) - 2; d >= 0; --d) {
    indices[d] = d == 0 ? rest : kb.remU(rest, shape[d]);
    rest = kb.divU(rest, shape[d]);
  }
  auto at = [&](AffineMap map) {
    SmallVector<Value> result;
    for (AffineExpr e : map.getResults())
      result.push_back(indices[cast<AffineDimExpr>(e).getPosition()]);
    return result;
  };
  Block &body = consumer.getRegion().front();
  IRMapping mapping;
  for (OpOperand *input : consumer.getDpsInputOperands()) {
    BlockArgument arg = consumer.getMatchingBlockArgument(input);
    Value v;
    if (input->getOperandNumber() == accInput)
      v = acc;
    else if (!isa<MemRefType>(input->get().getType()))
      v = input->get();
    else
      v = memref::LoadOp::create(b, loc, input->get(),
                                 at(consumer.getMatchingIndexingMap(input)));
    mapping.map(arg, v);
  }
  for (OpOperand &init : consumer.getDpsInitsMutable()) {
    BlockArgument arg = consumer.getMatchingBlockArgument(&init);
    if (!arg.use_empty())
      mapping.map(arg, memref::LoadOp::create(
                           b, loc, init.get(),
                           at(consumer.getMatchingIndexingMap(&init))));
  }
  for (Operation &op : body.without_terminator()) {
    if (auto index = dyn_cast<linalg::IndexOp>(op)) {
      mapping.map(index.getResult(), indices[index.getDim()]);
      continue;
    }
    b.clone(op, mapping);
  }
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  for (auto [init, value] :
       llvm::zip_equal(consumer.getDpsInitsMutable(), yield.getValues()))
    memref::StoreOp::create(b, loc, mapping.lookupOrDefault(value), init.get(),
                            at(consumer.getMatchingIndexingMap(&init)));
}

//===----------------------------------------------------------------------===//
// Matching
//===----------------------------------------------------------------------===//

namespace {

/// Collects `v`'s users through views; false when one is neither a view,
/// one of `allowed`, nor a dealloc.
bool usersThroughViews(Value v, SmallVectorImpl<Operation *> &views,
                       SmallVectorImpl<OpOperand *> &uses) {
  for (OpOperand &use : v.getUses()) {
    Operation *user = use.getOwner();
    auto view = dyn_cast<ViewLikeOpInterface>(user);
    if (view && view.getViewSource() == v) {
      views.push_back(user);
      for (Value r : user->getResults())
        if (!usersThroughViews(r, views, uses))
          return false;
      continue;
    }
    uses.push_back(&use);
  }
  return true;
}

/// Ops that can move before the layer when the consumer needs their
/// results there: allocations, globals, constants and views of those.
bool hoistable(Operation *op) {
  return isa<memref::AllocOp, memref::GetGlobalOp, arith::ConstantOp,
             ViewLikeOpInterface>(op) &&
         op->getNumRegions() == 0;
}

/// The elementwise consumer of `layer`'s accumulators that the kernel can
/// run as its epilogue, moving what it needs before the layer; nothing
/// (store the accumulators) otherwise.
Epilogue findEpilogue(const Layer &layer, linalg::FillOp fill,
                      SmallVectorImpl<Operation *> &dead) {
  Epilogue none;
  Value out = layer.out;
  if (!out.getDefiningOp<memref::AllocOp>())
    return none;
  SmallVector<Operation *> views;
  SmallVector<OpOperand *> uses;
  if (!usersThroughViews(out, views, uses))
    return none;
  linalg::GenericOp consumer;
  unsigned accInput = 0;
  SmallVector<Operation *> deallocs;
  for (OpOperand *use : uses) {
    Operation *user = use->getOwner();
    if (user == layer.op || user == fill)
      continue;
    if (isa<memref::DeallocOp>(user)) {
      deallocs.push_back(user);
      continue;
    }
    auto generic = dyn_cast<linalg::GenericOp>(user);
    if (!generic || consumer || !generic.isDpsInput(use))
      return none;
    consumer = generic;
    accInput = use->getOperandNumber();
  }
  // The kernel reads the activations while it writes the consumer's
  // output: they must not share a buffer.
  auto rootOf = [](Value v) {
    return memref::skipViewLikeOps(cast<MemrefValue>(v));
  };
  if (consumer &&
      rootOf(consumer.getDpsInits()[0]) == rootOf(layer.op->getOperand(0)))
    return none;
  if (!consumer || consumer->getBlock() != layer.op->getBlock() ||
      !layer.op->isBeforeInBlock(consumer) ||
      !consumer.hasPureBufferSemantics() || consumer.getNumDpsInits() != 1 ||
      consumer.getNumParallelLoops() != consumer.getNumLoops() ||
      !llvm::all_of(consumer.getIndexingMapsArray(),
                    [](AffineMap m) { return m.isProjectedPermutation(); }) ||
      !consumer.getMatchingIndexingMap(&consumer->getOpOperand(accInput))
           .isIdentity())
    return none;
  SmallVector<int64_t> shape = consumer.getStaticLoopRanges();
  if (shape.empty() || ShapedType::isDynamicShape(shape) ||
      shape.back() != layer.n ||
      ShapedType::getNumElements(shape) != layer.m * layer.n)
    return none;
  // What runs between the layer and the consumer must not write memory the
  // kernel reads; what the consumer needs from there moves before the
  // layer.
  for (Operation *op = layer.op->getNextNode(); op != consumer;
       op = op->getNextNode())
    if (!isMemoryEffectFree(op) &&
        !isa<memref::AllocOp, memref::DeallocOp, memref::GetGlobalOp>(op))
      return none;
  SmallVector<Operation *> toHoist;
  std::function<bool(Value)> available = [&](Value v) {
    Operation *def = v.getDefiningOp();
    if (!def || def->getBlock() != layer.op->getBlock() ||
        def->isBeforeInBlock(layer.op))
      return true;
    if (!hoistable(def) || llvm::is_contained(views, def))
      return false;
    for (Value operand : def->getOperands())
      if (!available(operand))
        return false;
    if (!llvm::is_contained(toHoist, def))
      toHoist.push_back(def);
    return true;
  };
  for (OpOperand &operand : consumer->getOpOperands())
    if (operand.getOperandNumber() != accInput && !available(operand.get()))
      return none;
  for (Operation &op : consumer.getRegion().front())
    for (Value operand : op.getOperands())
      if (operand.getParentRegion() != &consumer.getRegion() &&
          !available(operand))
        return none;
  llvm::sort(toHoist,
             [](Operation *a, Operation *b) { return a->isBeforeInBlock(b); });
  for (Operation *op : toHoist)
    op->moveBefore(layer.op);
  Epilogue e;
  e.consumer = consumer;
  e.accInput = accInput;
  e.shape = shape;
  // Erased after the kernel is built: consumer, views (users first), the
  // deallocations and the accumulator buffer.
  dead.push_back(consumer);
  dead.append(views.rbegin(), views.rend());
  dead.append(deallocs.begin(), deallocs.end());
  dead.push_back(out.getDefiningOp());
  return e;
}

struct NVVMLayerKernelsPass
    : public mlir::qnn::impl::QNNNVVMLayerKernelsBase<NVVMLayerKernelsPass> {
  using Base::Base;

  void runOnOperation() override {
    SymbolTableCollection tables;
    unsigned counter = 0;
    for (linalg::GenericOp op : markedLayers(getOperation()))
      (void)rewrite(op, tables, counter);
  }

  /// Replaces one marked layer by its kernel; fails (changing nothing) for
  /// layers the kernels do not take, which stay portable loops.
  LogicalResult rewrite(linalg::GenericOp op, SymbolTableCollection &tables,
                        unsigned &counter) {
    IntegerLayerAttr params = getLayer(op);
    if (!params || op.getNumDpsInputs() != 2 ||
        op.getNumDpsInits() != 1)
      return failure();
    Value x = op.getDpsInputs()[0], w = op.getDpsInputs()[1];
    Value out = op.getDpsInits()[0];
    // A strided convolution reads a crop at the origin of its padded input
    // (the pixels its windows reach): the kernel addresses the whole
    // buffer.
    if (auto crop = x.getDefiningOp<memref::SubViewOp>())
      if (crop.getSourceType().getLayout().isIdentity() &&
          llvm::all_of(crop.getStaticOffsets(),
                       [](int64_t o) { return o == 0; }) &&
          llvm::all_of(crop.getStaticStrides(),
                       [](int64_t s) { return s == 1; }) &&
          crop.getStaticSizes().back() ==
              crop.getSourceType().getShape().back())
        x = crop.getSource();
    auto xType = dyn_cast<MemRefType>(x.getType());
    auto wType = dyn_cast<MemRefType>(w.getType());
    auto outType = dyn_cast<MemRefType>(out.getType());
    DenseIntElementsAttr weights = globalConstant(w, tables, op);
    if (!xType || !wType || !outType || !weights || xType.getRank() != 4 ||
        wType.getRank() != 4 || outType.getRank() != 4 ||
        !xType.hasStaticShape() || !outType.hasStaticShape() ||
        !xType.getLayout().isIdentity() || !outType.getLayout().isIdentity() ||
        !xType.getElementType().isInteger(8) ||
        !weights.getElementType().isInteger(8) ||
        xType.getDimSize(3) % 4 != 0 ||
        wType.getDimSize(3) != xType.getDimSize(3))
      return failure();
    linalg::FillOp fill = findZeroFill(op, out);
    if (!fill)
      return failure();

    Layer layer;
    layer.op = op;
    layer.out = out;
    layer.batch = xType.getDimSize(0);
    layer.h = xType.getDimSize(1);
    layer.w = xType.getDimSize(2);
    layer.c = xType.getDimSize(3);
    layer.oh = outType.getDimSize(1);
    layer.ow = outType.getDimSize(2);
    layer.n = outType.getDimSize(3);
    layer.kh = wType.getDimSize(1);
    layer.kw = wType.getDimSize(2);
    layer.sh = params.getStrides()[0];
    layer.sw = params.getStrides()[1];
    layer.dh = params.getDilations()[0];
    layer.dw = params.getDilations()[1];
    layer.m = layer.batch * layer.oh * layer.ow;
    layer.k = layer.kh * layer.kw * layer.c;
    const bool gemv = gemvApplies(layer, gemvMaxRows);
    if (!gemv && !tensorCores)
      return failure();
    auto values = weights.getValues<int8_t>();
    std::vector<int8_t> levels(values.begin(), values.end());
    layer.weights = ref::packGPUWeights(levels, layer.n, layer.k);

    SmallVector<Operation *> dead;
    Epilogue epilogue = findEpilogue(layer, fill, dead);

    Location loc = op.getLoc();
    OpBuilder b(op);
    // The activations as 32-bit words (4 channels each).
    int64_t bytes = xType.getNumElements();
    Value flat = memref::CollapseShapeOp::create(
        b, loc, x, SmallVector<ReassociationIndices>{{0, 1, 2, 3}});
    Value c0 = arith::ConstantIndexOp::create(b, loc, 0);
    layer.xWords = memref::ViewOp::create(
        b, loc, MemRefType::get({bytes / 4}, b.getI32Type()), flat, c0,
        ValueRange());
    // The packed weights.
    const ref::GPUPackedWeights &packed = layer.weights;
    auto wordsType =
        RankedTensorType::get({int64_t(packed.words.size())}, b.getI32Type());
    std::string name = addKernelConstant(
        op, "__qnn_gpu_weights_",
        DenseElementsAttr::get(
            wordsType,
            ArrayRef(reinterpret_cast<const int32_t *>(packed.words.data()),
                     packed.words.size())),
        counter);
    layer.packed = memref::GetGlobalOp::create(
        b, loc, MemRefType::get(wordsType.getShape(), b.getI32Type()), name);
    if (!epilogue.consumer)
      epilogue.out = memref::CollapseShapeOp::create(
          b, loc, out, SmallVector<ReassociationIndices>{{0, 1, 2}, {3}});

    if (gemv)
      buildGemv(b, layer, epilogue);
    else
      buildGemm(b, layer, epilogue);

    op.erase();
    fill.erase();
    for (Operation *d : dead)
      d->erase();
    eraseDeadGlobal(w, tables);
    return success();
  }
};

} // namespace
