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

#include "qnn/Codegen/GPU/Passes.h"

#include "mlir/Conversion/LLVMCommon/MemRefBuilder.h"
#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/Utils/MemRefUtils.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNGPUDEVICEMEMORY
#include "qnn/Codegen/GPU/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;

namespace {

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
Value rootOf(Value v) { return memref::skipViewLikeOps(cast<MemrefValue>(v)); }

/// Whether `v` is (a view of) device memory: a gpu.alloc, or a resident
/// constant or managed buffer from the runtime (the latter marked
/// `qnn.managed`); `andManaged` counts managed buffers too.
bool onDevice(Value v, bool andManaged = false) {
  Operation *def = rootOf(v).getDefiningOp();
  if (isa_and_nonnull<gpu::AllocOp>(def))
    return true;
  if (!isa_and_nonnull<UnrealizedConversionCastOp>(def))
    return false;
  return andManaged || !def->hasAttr("qnn.managed");
}

bool movable(Type type) {
  auto m = dyn_cast<MemRefType>(type);
  return m && m.hasStaticShape() && m.getLayout().isIdentity();
}

/// Calls the libqnn_runtime function `name` (declared in the module on
/// first use) of LLVM type `type`.
Value callRuntime(OpBuilder &b, Location loc, StringRef name,
                  LLVM::LLVMFunctionType type, ValueRange args) {
  auto module =
      b.getInsertionBlock()->getParentOp()->getParentOfType<ModuleOp>();
  if (!module.lookupSymbol(name)) {
    OpBuilder mb = OpBuilder::atBlockEnd(module.getBody());
    LLVM::LLVMFuncOp::create(mb, loc, name, type);
  }
  Operation *call = LLVM::CallOp::create(b, loc, type, name, args);
  return type.getReturnType() == LLVM::LLVMVoidType::get(b.getContext())
             ? Value()
             : call->getResult(0);
}

/// The memref of static `type` at address `ptr`: its descriptor in the
/// LLVM dialect, cast back to the memref (the cast folds away when the
/// function is lowered to the LLVM dialect).
Value memrefAt(OpBuilder &b, Location loc, MemRefType type, Value ptr) {
  LLVMTypeConverter converter(b.getContext());
  Value descriptor =
      MemRefDescriptor::fromStaticShape(b, loc, converter, type, ptr);
  return UnrealizedConversionCastOp::create(b, loc, type, descriptor)
      .getResult(0);
}

/// The address of `memref`'s first element as an LLVM pointer; `extract`
/// is set to the op that reads it.
Value addressOf(OpBuilder &b, Location loc, Value memref,
                Operation **extract = nullptr) {
  auto address = memref::ExtractAlignedPointerAsIndexOp::create(b, loc, memref);
  if (extract)
    *extract = address;
  Value asInt = arith::IndexCastOp::create(b, loc, b.getI64Type(), address);
  return LLVM::IntToPtrOp::create(
      b, loc, LLVM::LLVMPointerType::get(b.getContext()), asInt);
}

int64_t bytesOf(MemRefType type) {
  return type.getNumElements() * ((type.getElementTypeBitWidth() + 7) / 8);
}

/// The device copy of constant global `get`, uploaded by the runtime on
/// first use: `qnn_gpu_constant(host address, bytes)` returns the device
/// address.
void residentCopy(OpBuilder &b, memref::GetGlobalOp get) {
  Location loc = get.getLoc();
  auto ptrType = LLVM::LLVMPointerType::get(b.getContext());
  auto i64 = b.getI64Type();
  auto type = cast<MemRefType>(get.getType());
  Operation *hostAddress;
  Value host = addressOf(b, loc, get, &hostAddress);
  Value device =
      callRuntime(b, loc, "qnn_gpu_constant",
                  LLVM::LLVMFunctionType::get(ptrType, {ptrType, i64}),
                  {host, LLVM::ConstantOp::create(b, loc, i64, bytesOf(type))});
  Value resident = memrefAt(b, loc, type, device);
  get.getResult().replaceAllUsesExcept(resident, hostAddress);
}

/// A managed or device buffer. Device allocations, frees and copies are
/// written in their synchronous form: gpu-async-region (run after kernel
/// outlining) puts them on the function's stream with its kernels.
/// Managed buffers come from the runtime (`qnn_gpu_managed_alloc`): host
/// code reads them, so they are no part of the stream.
Value allocate(OpBuilder &b, Location loc, MemRefType type, bool managed) {
  auto plain = MemRefType::get(type.getShape(), type.getElementType());
  if (managed) {
    auto ptrType = LLVM::LLVMPointerType::get(b.getContext());
    Value ptr = callRuntime(
        b, loc, "qnn_gpu_managed_alloc",
        LLVM::LLVMFunctionType::get(ptrType, {b.getI64Type()}),
        {LLVM::ConstantOp::create(b, loc, b.getI64Type(), bytesOf(plain))});
    Value memref = memrefAt(b, loc, plain, ptr);
    memref.getDefiningOp()->setAttr("qnn.managed", b.getUnitAttr());
    return memref;
  }
  return gpu::AllocOp::create(b, loc, plain, /*asyncToken=*/Type(),
                              /*asyncDependencies=*/ValueRange(),
                              /*dynamicSizes=*/ValueRange(),
                              /*symbolOperands=*/ValueRange(),
                              /*hostShared=*/false)
      .getMemref();
}

/// Frees a GPU buffer: managed ones through the runtime.
void free(OpBuilder &b, Location loc, Value memref) {
  auto cast = rootOf(memref).getDefiningOp<UnrealizedConversionCastOp>();
  if (cast && cast->hasAttr("qnn.managed")) {
    auto ctx = b.getContext();
    callRuntime(b, loc, "qnn_gpu_managed_free",
                LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(ctx),
                                            {LLVM::LLVMPointerType::get(ctx)}),
                {addressOf(b, loc, memref)});
    return;
  }
  gpu::DeallocOp::create(b, loc, Type(), ValueRange(), memref);
}

/// A copy by the device's copy engine.
void deviceCopy(OpBuilder &b, Location loc, Value from, Value to) {
  gpu::MemcpyOp::create(b, loc, Type(), ValueRange(), to, from);
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
      alloc.getResult().replaceAllUsesWith(buffer);
      alloc.erase();
    }
    SmallVector<memref::DeallocOp> deallocs;
    func.walk([&](memref::DeallocOp op) { deallocs.push_back(op); });
    for (memref::DeallocOp dealloc : deallocs) {
      if (!onDevice(dealloc.getMemref(), /*andManaged=*/true))
        continue;
      OpBuilder b(dealloc);
      free(b, dealloc.getLoc(), dealloc.getMemref());
      dealloc.erase();
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
      // At the function's start: the runtime's uploads (and the copies of
      // constants host code reads) precede the stream of kernels.
      get->moveBefore(&func.getBody().front().front());
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
        continue;
      }
      residentCopy(b, get);
    }

    // Copies that involve device memory run on the device.
    SmallVector<memref::CopyOp> copies;
    func.walk([&](memref::CopyOp op) {
      if (!inKernel(op))
        copies.push_back(op);
    });
    for (memref::CopyOp copy : copies) {
      Value from = copy.getSource(), to = copy.getTarget();
      if (!onDevice(from) && !onDevice(to))
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
      Value kernelFrom = from, kernelTo = to;
      SmallVector<std::pair<Value, Value>> copyBack;
      SmallVector<Value> stagings;
      for (Value side : {from, to}) {
        if (onDevice(side, /*andManaged=*/true))
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
};

} // namespace
