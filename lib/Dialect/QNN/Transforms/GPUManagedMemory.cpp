//===- GPUManagedMemory.cpp - Buffers GPU kernels can reach ---------------===//
//
// This file implements qnn-gpu-managed-memory: the buffers of a bufferized
// entry point (its allocations, the constant globals it reads, the caller's
// argument buffers) move to CUDA managed memory, which host code and GPU
// kernels share.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/Transforms/Passes.h"

#include "mlir/IR/Builders.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNGPUMANAGEDMEMORY
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;

namespace {

/// A managed buffer of `type` (static shapes; identity layout).
Value managedAlloc(OpBuilder &b, Location loc, MemRefType type) {
  auto plain = MemRefType::get(type.getShape(), type.getElementType());
  return gpu::AllocOp::create(b, loc, plain, /*asyncToken=*/Type(),
                              /*asyncDependencies=*/ValueRange(),
                              /*dynamicSizes=*/ValueRange(),
                              /*symbolOperands=*/ValueRange(),
                              /*hostShared=*/true)
      .getMemref();
}

/// Frees a managed buffer (in the asynchronous form the GPU-to-LLVM
/// lowering takes, waited for at once).
void managedFree(OpBuilder &b, Location loc, Value memref) {
  auto token = gpu::AsyncTokenType::get(b.getContext());
  Value ready =
      gpu::WaitOp::create(b, loc, token, ValueRange()).getAsyncToken();
  Value done = gpu::DeallocOp::create(b, loc, token, ValueRange{ready}, memref)
                   .getAsyncToken();
  gpu::WaitOp::create(b, loc, Type(), ValueRange{done});
}

struct GPUManagedMemoryPass
    : public mlir::qnn::impl::QNNGPUManagedMemoryBase<GPUManagedMemoryPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    auto unsupported = [&](Operation *op, Type type) {
      op->emitOpError("has a buffer of type ")
          << type
          << " that qnn-gpu-managed-memory cannot move: GPU models "
             "need static shapes and identity layouts";
      signalPassFailure();
    };
    auto movable = [](Type type) {
      auto m = dyn_cast<MemRefType>(type);
      return m && m.hasStaticShape() && m.getLayout().isIdentity();
    };
    // Allocations and deallocations.
    SmallVector<Operation *> allocs, deallocs, globals;
    func.walk([&](Operation *op) {
      if (isa<memref::AllocOp>(op))
        allocs.push_back(op);
      else if (isa<memref::DeallocOp>(op))
        deallocs.push_back(op);
      else if (isa<memref::GetGlobalOp>(op))
        globals.push_back(op);
    });
    for (Operation *op : allocs) {
      auto alloc = cast<memref::AllocOp>(op);
      if (!movable(alloc.getType()))
        return unsupported(op, alloc.getType());
      OpBuilder b(op);
      Value managed = managedAlloc(b, op->getLoc(), alloc.getType());
      alloc.getResult().replaceAllUsesWith(managed);
      op->erase();
    }
    for (Operation *op : deallocs) {
      OpBuilder b(op);
      managedFree(b, op->getLoc(), op->getOperand(0));
      op->erase();
    }
    // Constant globals: one managed copy per use site (they are read by
    // kernels, which cannot address the host's globals).
    for (Operation *op : globals) {
      auto get = cast<memref::GetGlobalOp>(op);
      if (!movable(get.getType()))
        return unsupported(op, get.getType());
      OpBuilder b(op->getContext());
      b.setInsertionPointAfter(op);
      Value managed = managedAlloc(b, op->getLoc(), get.getType());
      get.getResult().replaceAllUsesExcept(managed, {});
      memref::CopyOp::create(b, op->getLoc(), get.getResult(), managed);
      func.walk([&](func::ReturnOp ret) {
        OpBuilder rb(ret);
        managedFree(rb, ret.getLoc(), managed);
      });
    }
    // The caller's buffers: in on entry, back (outputs and inputs alike)
    // before each return.
    Block &entry = func.getBody().front();
    OpBuilder b = OpBuilder::atBlockBegin(&entry);
    for (BlockArgument arg : entry.getArguments()) {
      if (!isa<MemRefType>(arg.getType()))
        continue;
      if (!movable(arg.getType()))
        return unsupported(func, arg.getType());
      Value managed =
          managedAlloc(b, func.getLoc(), cast<MemRefType>(arg.getType()));
      arg.replaceAllUsesWith(managed);
      memref::CopyOp::create(b, func.getLoc(), arg, managed);
      func.walk([&](func::ReturnOp ret) {
        OpBuilder rb(ret);
        memref::CopyOp::create(rb, ret.getLoc(), managed, arg);
        managedFree(rb, ret.getLoc(), managed);
      });
    }
  }
};

} // namespace
