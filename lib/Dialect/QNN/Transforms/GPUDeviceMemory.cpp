//===- GPUDeviceMemory.cpp - Buffers where GPU kernels reach them ---------===//
//
// This file implements qnn-gpu-device-memory: the buffers of a bufferized
// entry point whose loops are gpu.launch regions move to device memory when
// only kernels and copies touch them (managed memory when host code does
// too), constant globals become resident device copies uploaded once, the
// caller's buffers are copied in and out, and copies that involve device
// memory run on the device.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/Transforms/Passes.h"

#include "mlir/Conversion/LLVMCommon/MemRefBuilder.h"
#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNGPUDEVICEMEMORY
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;

namespace {

/// Where a buffer lives.
enum class Placement {
  /// Host memory, untouched (only host code uses it).
  Host,
  /// Device memory: only kernels and copies use it.
  Device,
  /// Managed memory: host code and kernels both use it.
  Managed,
};

/// How the code of a function uses one buffer, through all its views.
struct BufferUses {
  bool host = false;
  bool deviceReads = false, deviceWrites = false;
  bool copiedFrom = false, copiedTo = false;
  bool anyDevice = false;
};

/// Whether `op` is nested in a kernel.
bool inKernel(Operation *op) {
  return op->getParentOfType<gpu::LaunchOp>() != nullptr;
}

/// Records in `uses` how `v` and its views are used.
void collectUses(Value v, BufferUses &uses) {
  for (OpOperand &use : v.getUses()) {
    Operation *user = use.getOwner();
    auto view = dyn_cast<ViewLikeOpInterface>(user);
    if (view && view.getViewSource() == v) {
      for (Value r : user->getResults())
        collectUses(r, uses);
      continue;
    }
    if (inKernel(user)) {
      uses.anyDevice = true;
      auto effects = dyn_cast<MemoryEffectOpInterface>(user);
      if (!effects) {
        uses.deviceReads = uses.deviceWrites = true;
        continue;
      }
      SmallVector<MemoryEffects::EffectInstance> list;
      effects.getEffectsOnValue(v, list);
      for (auto &e : list) {
        uses.deviceReads |= isa<MemoryEffects::Read>(e.getEffect());
        uses.deviceWrites |= isa<MemoryEffects::Write>(e.getEffect());
      }
      continue;
    }
    if (auto copy = dyn_cast<memref::CopyOp>(user)) {
      (copy.getSource() == v ? uses.copiedFrom : uses.copiedTo) = true;
      continue;
    }
    if (isa<memref::DeallocOp>(user))
      continue;
    uses.host = true;
  }
}

/// The buffer (allocation, global or argument) `v` is a view of.
Value rootOf(Value v) {
  while (auto view = v.getDefiningOp<ViewLikeOpInterface>())
    v = view.getViewSource();
  return v;
}

bool movable(Type type) {
  auto m = dyn_cast<MemRefType>(type);
  return m && m.hasStaticShape() && m.getLayout().isIdentity();
}

/// A managed or device buffer (device allocations take the asynchronous
/// form the GPU-to-LLVM lowering needs, waited for at once).
Value allocate(OpBuilder &b, Location loc, MemRefType type, bool managed) {
  auto plain = MemRefType::get(type.getShape(), type.getElementType());
  if (managed)
    return gpu::AllocOp::create(b, loc, plain, /*asyncToken=*/Type(),
                                /*asyncDependencies=*/ValueRange(),
                                /*dynamicSizes=*/ValueRange(),
                                /*symbolOperands=*/ValueRange(),
                                /*hostShared=*/true)
        .getMemref();
  auto token = gpu::AsyncTokenType::get(b.getContext());
  Value ready =
      gpu::WaitOp::create(b, loc, token, ValueRange()).getAsyncToken();
  auto alloc = gpu::AllocOp::create(b, loc, plain, token, ValueRange{ready},
                                    ValueRange(), ValueRange(),
                                    /*hostShared=*/false);
  gpu::WaitOp::create(b, loc, Type(), ValueRange{alloc.getAsyncToken()});
  return alloc.getMemref();
}

/// Frees a GPU buffer (in the asynchronous form the GPU-to-LLVM lowering
/// takes, waited for at once).
void free(OpBuilder &b, Location loc, Value memref) {
  auto token = gpu::AsyncTokenType::get(b.getContext());
  Value ready =
      gpu::WaitOp::create(b, loc, token, ValueRange()).getAsyncToken();
  Value done = gpu::DeallocOp::create(b, loc, token, ValueRange{ready}, memref)
                   .getAsyncToken();
  gpu::WaitOp::create(b, loc, Type(), ValueRange{done});
}

/// A copy by the device's copy engine, waited for.
void deviceCopy(OpBuilder &b, Location loc, Value from, Value to) {
  auto token = gpu::AsyncTokenType::get(b.getContext());
  Value ready =
      gpu::WaitOp::create(b, loc, token, ValueRange()).getAsyncToken();
  Value done = gpu::MemcpyOp::create(b, loc, token, ValueRange{ready}, to, from)
                   .getAsyncToken();
  gpu::WaitOp::create(b, loc, Type(), ValueRange{done});
}

/// A copy between buffers of the same shape and any layouts as a kernel:
/// one thread per element, in blocks of 256.
void kernelCopy(OpBuilder &b, Location loc, Value from, Value to) {
  auto type = cast<MemRefType>(from.getType());
  int64_t n = type.getNumElements();
  const int64_t block = 256;
  auto cst = [&](OpBuilder &cb, int64_t v) -> Value {
    return arith::ConstantIndexOp::create(cb, loc, v);
  };
  Value one = cst(b, 1);
  auto launch = gpu::LaunchOp::create(b, loc, cst(b, (n + block - 1) / block),
                                      one, one, cst(b, block), one, one);
  OpBuilder kb = OpBuilder::atBlockBegin(&launch.getBody().front());
  Value linear = arith::AddIOp::create(
      kb, loc,
      arith::MulIOp::create(kb, loc, launch.getBlockIds().x, cst(kb, block)),
      launch.getThreadIds().x);
  Value inRange = arith::CmpIOp::create(kb, loc, arith::CmpIPredicate::ult,
                                        linear, cst(kb, n));
  scf::IfOp::create(kb, loc, inRange, [&](OpBuilder &ib, Location l) {
    SmallVector<Value> indices(type.getRank());
    Value rest = linear;
    for (int64_t d = type.getRank() - 1; d >= 0; --d) {
      Value size = cst(ib, type.getDimSize(d));
      indices[d] = d == 0 ? rest : arith::RemUIOp::create(ib, l, rest, size);
      rest = arith::DivUIOp::create(ib, l, rest, size);
    }
    Value v = memref::LoadOp::create(ib, l, from, indices);
    memref::StoreOp::create(ib, l, v, to, indices);
    scf::YieldOp::create(ib, l);
  });
  gpu::TerminatorOp::create(kb, loc);
}

struct GPUDeviceMemoryPass
    : public mlir::qnn::impl::QNNGPUDeviceMemoryBase<GPUDeviceMemoryPass> {
  void runOnOperation() override {
    for (auto func : getOperation().getOps<func::FuncOp>())
      if (!func.isExternal() && failed(place(func)))
        return signalPassFailure();
  }

  LogicalResult place(func::FuncOp func) {
    auto unsupported = [&](Operation *op, Type type) {
      return op->emitOpError("has a buffer of type ")
             << type
             << " that qnn-gpu-device-memory cannot place: GPU models need "
                "static shapes and identity layouts";
    };
    // Device buffers, for deciding how copies run, and the managed ones
    // kernels can reach too.
    DenseSet<Value> onDevice, managed;

    // Allocations.
    SmallVector<memref::AllocOp> allocs;
    func.walk([&](memref::AllocOp op) {
      if (!inKernel(op))
        allocs.push_back(op);
    });
    for (memref::AllocOp alloc : allocs) {
      BufferUses uses;
      collectUses(alloc, uses);
      if (!uses.anyDevice)
        continue;
      if (!movable(alloc.getType()))
        return unsupported(alloc, alloc.getType());
      OpBuilder b(alloc);
      Value buffer = allocate(b, alloc.getLoc(), alloc.getType(), uses.host);
      (uses.host ? managed : onDevice).insert(buffer);
      alloc.getResult().replaceAllUsesWith(buffer);
      alloc.erase();
    }
    SmallVector<memref::DeallocOp> deallocs;
    func.walk([&](memref::DeallocOp op) { deallocs.push_back(op); });
    for (memref::DeallocOp dealloc : deallocs) {
      if (!rootOf(dealloc.getMemref()).getDefiningOp<gpu::AllocOp>())
        continue;
      OpBuilder b(dealloc);
      free(b, dealloc.getLoc(), dealloc.getMemref());
      dealloc.erase();
    }

    // Constant globals.
    SmallVector<memref::GetGlobalOp> globals;
    func.walk([&](memref::GetGlobalOp op) {
      if (!inKernel(op))
        globals.push_back(op);
    });
    SymbolTableCollection tables;
    for (memref::GetGlobalOp get : globals) {
      BufferUses uses;
      collectUses(get, uses);
      if (!uses.anyDevice && !uses.copiedFrom && !uses.copiedTo)
        continue;
      if (!movable(get.getType()))
        return unsupported(get, get.getType());
      auto global = tables.lookupNearestSymbolFrom<memref::GlobalOp>(
          get, get.getNameAttr());
      if (!global || !global.getConstant() || uses.deviceWrites ||
          uses.copiedTo) {
        return get.emitOpError(
            "reads a global that GPU kernels write or that is not constant; "
            "qnn-gpu-device-memory places only constant globals");
      }
      OpBuilder b(get->getContext());
      b.setInsertionPointAfter(get);
      if (uses.host) {
        // Host code reads it too: a managed copy per call.
        Value copy = allocate(b, get.getLoc(), get.getType(), true);
        get.getResult().replaceAllUsesWith(copy);
        memref::CopyOp::create(b, get.getLoc(), get.getResult(), copy);
        func.walk([&](func::ReturnOp ret) {
          OpBuilder rb(ret);
          free(rb, ret.getLoc(), copy);
        });
        managed.insert(copy);
        continue;
      }
      onDevice.insert(residentCopy(b, get));
    }

    // The caller's buffers.
    Block &entry = func.getBody().front();
    for (BlockArgument arg : entry.getArguments()) {
      if (!isa<MemRefType>(arg.getType()))
        continue;
      BufferUses uses;
      collectUses(arg, uses);
      if (!uses.anyDevice)
        continue;
      if (!movable(arg.getType()))
        return unsupported(func, arg.getType());
      OpBuilder b = OpBuilder::atBlockBegin(&entry);
      Location loc = func.getLoc();
      Value staging =
          allocate(b, loc, cast<MemRefType>(arg.getType()), uses.host);
      arg.replaceAllUsesWith(staging);
      if (uses.deviceReads || uses.copiedFrom || uses.host)
        deviceCopy(b, loc, arg, staging);
      func.walk([&](func::ReturnOp ret) {
        OpBuilder rb(ret);
        if (uses.deviceWrites || uses.copiedTo || uses.host)
          deviceCopy(rb, ret.getLoc(), staging, arg);
        free(rb, ret.getLoc(), staging);
      });
      (uses.host ? managed : onDevice).insert(staging);
    }

    // Copies that involve device memory run on the device.
    SmallVector<memref::CopyOp> copies;
    func.walk([&](memref::CopyOp op) {
      if (!inKernel(op))
        copies.push_back(op);
    });
    for (memref::CopyOp copy : copies) {
      Value from = copy.getSource(), to = copy.getTarget();
      if (!onDevice.contains(rootOf(from)) && !onDevice.contains(rootOf(to)))
        continue;
      OpBuilder b(copy);
      Location loc = copy.getLoc();
      if (movable(from.getType()) && movable(to.getType())) {
        deviceCopy(b, loc, from, to);
        copy.erase();
        continue;
      }
      // A strided side: a copy kernel, which reaches host memory only
      // through device buffers the copy engine fills or empties. A strided
      // host side is a view of a contiguous host buffer: the kernel copies
      // through the same view of a device copy of that buffer.
      auto reachable = [&](Value v) {
        return onDevice.contains(rootOf(v)) || managed.contains(rootOf(v));
      };
      Value kernelFrom = from, kernelTo = to;
      SmallVector<std::pair<Value, Value>> copyBack;
      SmallVector<Value> stagings;
      for (Value side : {from, to}) {
        if (reachable(side))
          continue;
        Value root = rootOf(side);
        if (!movable(root.getType()))
          return copy.emitOpError("copies between a strided host buffer and "
                                  "device memory; qnn-gpu-device-memory "
                                  "cannot place it");
        Value staging =
            allocate(b, loc, cast<MemRefType>(root.getType()), false);
        deviceCopy(b, loc, root, staging);
        stagings.push_back(staging);
        SmallVector<Operation *> chain;
        for (Value v = side; v != root;
             v = cast<ViewLikeOpInterface>(v.getDefiningOp()).getViewSource())
          chain.push_back(v.getDefiningOp());
        IRMapping mapping;
        mapping.map(root, staging);
        Value view = staging;
        for (Operation *op : llvm::reverse(chain))
          view = b.clone(*op, mapping)->getResult(0);
        (side == from ? kernelFrom : kernelTo) = view;
        if (side == to)
          copyBack.push_back({staging, root});
      }
      kernelCopy(b, loc, kernelFrom, kernelTo);
      for (auto [staging, root] : copyBack)
        deviceCopy(b, loc, staging, root);
      for (Value staging : stagings)
        free(b, loc, staging);
      copy.erase();
    }
    return success();
  }

  /// The device copy of constant global `get`, uploaded by the runtime on
  /// first use: `qnn_gpu_constant(host address, bytes)` returns the device
  /// address, which becomes a memref descriptor of the same type.
  Value residentCopy(OpBuilder &b, memref::GetGlobalOp get) {
    Location loc = get.getLoc();
    MLIRContext *ctx = b.getContext();
    auto module = get->getParentOfType<ModuleOp>();
    auto ptrType = LLVM::LLVMPointerType::get(ctx);
    auto i64 = b.getI64Type();
    auto fnType = LLVM::LLVMFunctionType::get(ptrType, {ptrType, i64});
    if (!module.lookupSymbol("qnn_gpu_constant")) {
      OpBuilder mb = OpBuilder::atBlockEnd(module.getBody());
      LLVM::LLVMFuncOp::create(mb, loc, "qnn_gpu_constant", fnType);
    }
    auto type = cast<MemRefType>(get.getType());
    Value address = memref::ExtractAlignedPointerAsIndexOp::create(b, loc, get);
    Value asInt = arith::IndexCastOp::create(b, loc, i64, address);
    Value host = LLVM::IntToPtrOp::create(b, loc, ptrType, asInt);
    int64_t bytes =
        type.getNumElements() * ((type.getElementTypeBitWidth() + 7) / 8);
    Value size = LLVM::ConstantOp::create(b, loc, i64, bytes);
    Value device = LLVM::CallOp::create(b, loc, fnType, "qnn_gpu_constant",
                                        ValueRange{host, size})
                       .getResult();
    LLVMTypeConverter converter(ctx);
    Value descriptor =
        MemRefDescriptor::fromStaticShape(b, loc, converter, type, device);
    Value resident =
        UnrealizedConversionCastOp::create(b, loc, type, descriptor)
            .getResult(0);
    get.getResult().replaceAllUsesExcept(resident, address.getDefiningOp());
    return resident;
  }
};

} // namespace
