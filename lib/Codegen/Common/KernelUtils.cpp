//===- KernelUtils.cpp - What target kernel generators share -------------===//
//
// This file implements the helpers of the target-specific kernel
// generators (x86, NVVM): finding a layer's zero-filled accumulator,
// row-major offsets, and constants for repacked weights.
//
//===----------------------------------------------------------------------===//

#include "qnn/Codegen/Common/KernelUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

using namespace mlir;
using namespace mlir::qnn;

/// The linalg.fill of zeros into `out` when it is the only access to `out`
/// before `op`: `out` a fresh allocation, or a function's (output) argument
/// filled with nothing but pure ops between the fill and `op`, so that no
/// alias of the argument is read in between.
linalg::FillOp mlir::qnn::findZeroFill(Operation *op, Value out) {
  if (auto arg = dyn_cast<BlockArgument>(out)) {
    if (arg.getOwner() != op->getBlock() ||
        !isa<FunctionOpInterface>(op->getParentOp()))
      return {};
    // The closest earlier op with memory effects must be the fill.
    Operation *prev = op->getPrevNode();
    while (prev && (isMemoryEffectFree(prev) || isa<memref::GetGlobalOp>(prev)))
      prev = prev->getPrevNode();
    auto fill = dyn_cast_or_null<linalg::FillOp>(prev);
    if (!fill || !fill.hasPureBufferSemantics() ||
        fill.getOutputs()[0] != out || !matchPattern(fill.value(), m_Zero()))
      return {};
    return fill;
  }
  if (!out.getDefiningOp<memref::AllocOp>())
    return {};
  linalg::FillOp fill;
  for (Operation *user : out.getUsers()) {
    if (user == op)
      continue;
    Operation *inBlock = op->getBlock()->findAncestorOpInBlock(*user);
    if (!inBlock)
      return {};
    if (!inBlock->isBeforeInBlock(op))
      continue;
    auto candidate = dyn_cast<linalg::FillOp>(user);
    if (fill || !candidate || !candidate.hasPureBufferSemantics() ||
        !matchPattern(candidate.value(), m_Zero()))
      return {};
    fill = candidate;
  }
  return fill;
}

Value mlir::qnn::linearIndex(OpBuilder &b, Location loc, ValueRange indices,
                             ArrayRef<int64_t> sizes) {
  assert(indices.size() == sizes.size() + 1 && "one size per inner index");
  Value offset = indices.front();
  for (auto [index, size] : llvm::zip_equal(indices.drop_front(), sizes))
    offset = arith::AddIOp::create(
        b, loc,
        arith::MulIOp::create(b, loc, offset,
                              arith::ConstantIndexOp::create(b, loc, size)),
        index);
  return offset;
}

std::string mlir::qnn::addKernelConstant(Operation *op, StringRef prefix,
                                         DenseElementsAttr values,
                                         unsigned &counter) {
  auto module = op->getParentOfType<ModuleOp>();
  std::string name = (prefix + Twine(counter++)).str();
  while (module.lookupSymbol(name))
    name = (prefix + Twine(counter++)).str();
  OpBuilder mb(module.getBodyRegion());
  auto type = cast<ShapedType>(values.getType());
  memref::GlobalOp::create(
      mb, op->getLoc(), name, mb.getStringAttr("private"),
      MemRefType::get(type.getShape(), type.getElementType()), values,
      /*constant=*/true, mb.getI64IntegerAttr(64));
  return name;
}

void mlir::qnn::eraseDeadGlobal(Value memref, SymbolTableCollection &tables) {
  auto get = memref.getDefiningOp<memref::GetGlobalOp>();
  if (!get || !get->use_empty())
    return;
  auto module = get->getParentOfType<ModuleOp>();
  StringAttr symbol = get.getNameAttr().getAttr();
  get.erase();
  SymbolTable &table = tables.getSymbolTable(module);
  auto global = table.lookup<memref::GlobalOp>(symbol);
  if (global && global.isPrivate() &&
      SymbolTable::symbolKnownUseEmpty(global, module))
    table.erase(global);
}

IntegerLayerAttr mlir::qnn::getLayer(Operation *op) {
  return op->getAttrOfType<IntegerLayerAttr>(kLayerAttrName);
}

void mlir::qnn::setLayer(Operation *op, IntegerLayerAttr layer) {
  op->setAttr(kLayerAttrName, layer);
}

SmallVector<linalg::GenericOp> mlir::qnn::markedLayers(Operation *root) {
  SmallVector<linalg::GenericOp> layers;
  root->walk([&](linalg::GenericOp op) {
    if (getLayer(op) && op.hasPureBufferSemantics())
      layers.push_back(op);
  });
  return layers;
}

DenseIntElementsAttr mlir::qnn::globalConstant(Value memref,
                                               SymbolTableCollection &tables,
                                               Operation *from) {
  auto get = memref.getDefiningOp<memref::GetGlobalOp>();
  if (!get)
    return {};
  auto global =
      tables.lookupNearestSymbolFrom<memref::GlobalOp>(from, get.getNameAttr());
  if (!global || !global.getConstant() || !global.getInitialValue())
    return {};
  return dyn_cast<DenseIntElementsAttr>(*global.getInitialValue());
}
