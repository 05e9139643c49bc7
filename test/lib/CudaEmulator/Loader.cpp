//===- Loader.cpp - NVPTX bitcode compiled for the host ------------------===//
//
// This file loads the kernels of a module image: LLVM bitcode for NVPTX
// (qnn-gpu-pipeline format=llvm) is retargeted to the host, every NVVM
// intrinsic becomes a call of qnn_emu_intrinsic with its arguments in
// 64-bit slots, libdevice's __nv_* functions resolve to libm, and each
// kernel gets a trampoline taking the driver's kernelParams array. ORC
// compiles the result.
//
//===----------------------------------------------------------------------===//

#include "Emulator.h"

#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/ExecutionEngine/Orc/AbsoluteSymbols.h"
#include "llvm/ExecutionEngine/Orc/ExecutionUtils.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

#include <cmath>
#include <cstdlib>
#include <dlfcn.h>
#include <mutex>

using namespace llvm;

extern "C" void qnn_emu_intrinsic(uint32_t id, const uint64_t *args,
                                  uint64_t *results);
extern "C" void qnn_emu_misaligned(void *address, uint64_t alignment);

namespace qnn::emu {

std::vector<Intrinsic> &intrinsics() {
  static std::vector<Intrinsic> table;
  return table;
}

namespace {

/// Bytes of dynamic shared memory a block may use (the most an sm_90 block
/// can have).
constexpr uint64_t kDynamicSharedBytes = 227 * 1024;

/// The size of an LLVM bitcode image from its top-level blocks (the driver
/// API passes images without sizes): identification, module, symbol table
/// and string table, the last. Zero when `image` is not bitcode.
size_t bitcodeSize(const unsigned char *image) {
  if (image[0] != 'B' || image[1] != 'C' || image[2] != 0xC0 ||
      image[3] != 0xDE)
    return 0;
  size_t bit = 32;
  auto read = [&](unsigned width) {
    uint64_t v = 0;
    for (unsigned i = 0; i < width; ++i, ++bit)
      v |= uint64_t((image[bit / 8] >> (bit % 8)) & 1) << i;
    return v;
  };
  auto readVBR = [&](unsigned width) {
    uint64_t v = 0;
    unsigned shift = 0;
    for (;;) {
      uint64_t piece = read(width);
      v |= (piece & ((1u << (width - 1)) - 1)) << shift;
      if (!(piece & (1u << (width - 1))))
        return v;
      shift += width - 1;
      if (shift > 63)
        return ~uint64_t(0);
    }
  };
  // Top-level blocks use 2-bit abbreviation ids; ENTER_SUBBLOCK is 1.
  for (int blocks = 0; blocks < 16; ++blocks) {
    if (read(2) != 1)
      return 0;
    uint64_t id = readVBR(8);
    readVBR(4);
    bit = (bit + 31) / 32 * 32;
    uint64_t words = read(32);
    bit += words * 32;
    if (id == 23) // STRTAB_BLOCK: the last one LLVM writes.
      return bit / 8;
    if (id != 13 && id != 8 && id != 25 && id != 0)
      return 0;
  }
  return 0;
}

/// The scalars a value of `type` flattens into (each one 64-bit slot).
void flattenTypes(Type *type, SmallVectorImpl<Type *> &out) {
  if (auto *st = dyn_cast<StructType>(type)) {
    for (Type *e : st->elements())
      flattenTypes(e, out);
  } else if (auto *vt = dyn_cast<FixedVectorType>(type)) {
    for (unsigned i = 0; i < vt->getNumElements(); ++i)
      out.push_back(vt->getElementType());
  } else if (auto *at = dyn_cast<ArrayType>(type)) {
    for (uint64_t i = 0; i < at->getNumElements(); ++i)
      flattenTypes(at->getElementType(), out);
  } else {
    out.push_back(type);
  }
}

Value *toSlot(IRBuilder<> &b, Value *v) {
  Type *t = v->getType();
  if (t->isPointerTy())
    return b.CreatePtrToInt(v, b.getInt64Ty());
  if (t->isFloatingPointTy())
    v = b.CreateBitCast(
        v, b.getIntNTy(unsigned(t->getPrimitiveSizeInBits().getFixedValue())));
  return b.CreateZExtOrTrunc(v, b.getInt64Ty());
}

Value *fromSlot(IRBuilder<> &b, Value *slot, Type *t) {
  if (t->isPointerTy())
    return b.CreateIntToPtr(slot, t);
  if (t->isFloatingPointTy())
    return b.CreateBitCast(
        b.CreateTrunc(slot, b.getIntNTy(unsigned(
                                t->getPrimitiveSizeInBits().getFixedValue()))),
        t);
  return b.CreateZExtOrTrunc(slot, t);
}

/// Stores the scalars of `v` into consecutive slots from `index`.
void storeFlat(IRBuilder<> &b, Value *v, Value *slots, unsigned &index) {
  Type *t = v->getType();
  if (auto *st = dyn_cast<StructType>(t)) {
    for (unsigned i = 0; i < st->getNumElements(); ++i)
      storeFlat(b, b.CreateExtractValue(v, i), slots, index);
  } else if (auto *vt = dyn_cast<FixedVectorType>(t)) {
    for (unsigned i = 0; i < vt->getNumElements(); ++i)
      storeFlat(b, b.CreateExtractElement(v, i), slots, index);
  } else if (auto *at = dyn_cast<ArrayType>(t)) {
    for (unsigned i = 0; i < at->getNumElements(); ++i)
      storeFlat(b, b.CreateExtractValue(v, i), slots, index);
  } else {
    b.CreateStore(toSlot(b, v),
                  b.CreateConstGEP1_32(b.getInt64Ty(), slots, index++));
  }
}

/// Rebuilds a value of type `t` from consecutive slots from `index`.
Value *loadFlat(IRBuilder<> &b, Type *t, Value *slots, unsigned &index) {
  if (auto *st = dyn_cast<StructType>(t)) {
    Value *v = PoisonValue::get(t);
    for (unsigned i = 0; i < st->getNumElements(); ++i)
      v = b.CreateInsertValue(
          v, loadFlat(b, st->getElementType(i), slots, index), i);
    return v;
  }
  if (auto *vt = dyn_cast<FixedVectorType>(t)) {
    Value *v = PoisonValue::get(t);
    for (unsigned i = 0; i < vt->getNumElements(); ++i)
      v = b.CreateInsertElement(
          v, loadFlat(b, vt->getElementType(), slots, index), i);
    return v;
  }
  if (auto *at = dyn_cast<ArrayType>(t)) {
    Value *v = PoisonValue::get(t);
    for (unsigned i = 0; i < at->getNumElements(); ++i)
      v = b.CreateInsertValue(
          v, loadFlat(b, at->getElementType(), slots, index), i);
    return v;
  }
  Value *slot = b.CreateLoad(
      b.getInt64Ty(), b.CreateConstGEP1_32(b.getInt64Ty(), slots, index++));
  return fromSlot(b, slot, t);
}

/// A function of `type` passing its arguments to qnn_emu_intrinsic as
/// intrinsic `id`.
Function *buildWrapper(Module &m, FunctionType *type, const Twine &name,
                       uint32_t id, FunctionCallee entry) {
  LLVMContext &ctx = m.getContext();
  Function *wrapper =
      Function::Create(type, GlobalValue::InternalLinkage, name, m);
  IRBuilder<> b(BasicBlock::Create(ctx, "entry", wrapper));
  SmallVector<Type *> argScalars, resultScalars;
  for (Type *p : type->params())
    flattenTypes(p, argScalars);
  if (!type->getReturnType()->isVoidTy())
    flattenTypes(type->getReturnType(), resultScalars);
  // At least the 16 slots the executor copies for a waiting thread.
  Value *args = b.CreateAlloca(
      b.getInt64Ty(), b.getInt32(std::max<size_t>(16, argScalars.size())));
  Value *results = b.CreateAlloca(
      b.getInt64Ty(), b.getInt32(std::max<size_t>(1, resultScalars.size())));
  unsigned index = 0;
  for (Argument &a : wrapper->args())
    storeFlat(b, &a, args, index);
  b.CreateCall(entry, {b.getInt32(id), args, results});
  if (type->getReturnType()->isVoidTy()) {
    b.CreateRetVoid();
  } else {
    index = 0;
    b.CreateRet(loadFlat(b, type->getReturnType(), results, index));
  }
  return wrapper;
}

/// The intrinsic name of a one-instruction inline PTX string such as
/// libdevice's "rcp.approx.ftz.f32 $0,$1;" ("llvm.nvvm.rcp.approx.ftz.f"),
/// or an empty string.
std::string inlinePtxIntrinsic(StringRef text) {
  text = text.trim();
  if (!text.consume_back(";") || text.contains(';') || text.contains('\n'))
    return "";
  auto [opcode, operands] = text.split(' ');
  if (!operands.trim().starts_with("$"))
    return "";
  std::string name = "llvm.nvvm." + opcode.str();
  if (StringRef(name).ends_with(".f32"))
    name = name.substr(0, name.size() - 2);
  else if (StringRef(name).ends_with(".f64"))
    name = name.substr(0, name.size() - 3) + "d";
  return name;
}

/// Whether `f` (or a function it calls in its module) calls a collective
/// intrinsic's wrapper.
bool callsCollective(Function &f, const DenseSet<Function *> &collectives,
                     DenseSet<Function *> &visited) {
  if (!visited.insert(&f).second)
    return false;
  for (Instruction &inst : instructions(f))
    if (auto *call = dyn_cast<CallBase>(&inst)) {
      Function *callee = call->getCalledFunction();
      if (!callee)
        return true; // Indirect: assume the worst.
      if (collectives.contains(callee))
        return true;
      if (!callee->isDeclaration() &&
          callsCollective(*callee, collectives, visited))
        return true;
    }
  return false;
}

/// The trampoline of kernel `k`: loads each parameter through the driver's
/// kernelParams array and calls `k`.
Function *buildTrampoline(Function *k) {
  Module &m = *k->getParent();
  LLVMContext &ctx = m.getContext();
  auto *type = FunctionType::get(Type::getVoidTy(ctx),
                                 {PointerType::get(ctx, 0)}, false);
  Function *t = Function::Create(type, GlobalValue::ExternalLinkage,
                                 "__qnn_emu_launch." + k->getName(), m);
  IRBuilder<> b(BasicBlock::Create(ctx, "entry", t));
  SmallVector<Value *> args;
  Value *params = t->getArg(0);
  for (unsigned i = 0; i < k->arg_size(); ++i) {
    Value *slot = b.CreateLoad(b.getPtrTy(),
                               b.CreateConstGEP1_32(b.getPtrTy(), params, i));
    args.push_back(b.CreateLoad(k->getArg(i)->getType(), slot));
  }
  b.CreateCall(k, args);
  b.CreateRetVoid();
  return t;
}

struct JIT {
  std::unique_ptr<orc::LLJIT> jit;
  unsigned modules = 0;
};

JIT *getJIT(std::string &error) {
  static std::once_flag once;
  static JIT state;
  static std::string initError;
  std::call_once(once, [] {
    InitializeNativeTarget();
    InitializeNativeTargetAsmPrinter();
    auto jit = orc::LLJITBuilder().create();
    if (!jit) {
      initError = toString(jit.takeError());
      return;
    }
    state.jit = std::move(*jit);
  });
  if (!state.jit) {
    error = "cannot create the JIT: " + initError;
    return nullptr;
  }
  return &state;
}

/// Checks the alignment of every load and store as the hardware does: an
/// access the backend emits whole (its declared alignment at least its
/// size; otherwise it is split into accesses of the declared alignment)
/// needs an address aligned to min(declared alignment, size); x86 does not
/// care, so a misaligned vector access would pass unnoticed.
void checkAlignment(Module &m) {
  LLVMContext &ctx = m.getContext();
  FunctionCallee report =
      m.getOrInsertFunction("qnn_emu_misaligned", Type::getVoidTy(ctx),
                            PointerType::get(ctx, 0), Type::getInt64Ty(ctx));
  const DataLayout &layout = m.getDataLayout();
  for (Function &f : m) {
    if (f.isDeclaration() || f.getName().starts_with("__qnn_emu"))
      continue;
    SmallVector<Instruction *> accesses;
    for (Instruction &i : instructions(f))
      if (isa<LoadInst, StoreInst>(&i))
        accesses.push_back(&i);
    for (Instruction *i : accesses) {
      Value *ptr = getLoadStorePointerOperand(i);
      Type *type = getLoadStoreType(i);
      uint64_t size = layout.getTypeStoreSize(type).getFixedValue();
      uint64_t align = getLoadStoreAlignment(i).value();
      uint64_t required = std::min(size, align);
      if (required <= 1 || (required & (required - 1)))
        continue;
      IRBuilder<> b(i);
      Value *address = b.CreatePtrToInt(ptr, b.getInt64Ty());
      Value *bad = b.CreateICmpNE(
          b.CreateAnd(address, b.getInt64(required - 1)), b.getInt64(0));
      // A misaligned access is reported and skipped (a load gives zero):
      // the host would fault on aligned vector instructions.
      Instruction *thenTerm = nullptr, *elseTerm = nullptr;
      SplitBlockAndInsertIfThenElse(bad, i, &thenTerm, &elseTerm);
      IRBuilder<> tb(thenTerm);
      tb.CreateCall(report, {tb.CreateIntToPtr(address, tb.getPtrTy()),
                             tb.getInt64(required)});
      BasicBlock *tail = i->getParent();
      i->moveBefore(elseTerm->getIterator());
      if (auto *load = dyn_cast<LoadInst>(i)) {
        IRBuilder<> pb(tail, tail->begin());
        PHINode *phi = pb.CreatePHI(load->getType(), 2);
        load->replaceAllUsesWith(phi);
        phi->addIncoming(Constant::getNullValue(load->getType()),
                         thenTerm->getParent());
        phi->addIncoming(load, elseTerm->getParent());
      }
    }
  }
}

} // namespace

LoadedModule *loadModule(const void *image, std::string &error) {
  static std::mutex lock;
  std::lock_guard<std::mutex> guard(lock);
  size_t size = bitcodeSize(static_cast<const unsigned char *>(image));
  if (!size) {
    error = "the qnn CUDA emulator runs LLVM bitcode kernels "
            "(qnn-gpu-pipeline format=llvm); this image is not bitcode";
    return nullptr;
  }
  JIT *state = getJIT(error);
  if (!state)
    return nullptr;
  auto context = std::make_unique<LLVMContext>();
  auto buffer = MemoryBuffer::getMemBuffer(
      StringRef(static_cast<const char *>(image), size), "kernels",
      /*RequiresNullTerminator=*/false);
  Expected<std::unique_ptr<llvm::Module>> parsed =
      parseBitcodeFile(buffer->getMemBufferRef(), *context);
  if (!parsed) {
    error = "invalid bitcode: " + toString(parsed.takeError());
    return nullptr;
  }
  std::unique_ptr<llvm::Module> m = std::move(*parsed);
  if (!StringRef(m->getTargetTriple().str()).starts_with("nvptx")) {
    error =
        "the kernels' target is " + m->getTargetTriple().str() + ", not NVPTX";
    return nullptr;
  }
  m->setTargetTriple(Triple(sys::getProcessTriple()));
  m->setDataLayout(state->jit->getDataLayout());
  NamedMDNode *annotations = m->getNamedMetadata("nvvm.annotations");
  if (annotations)
    m->eraseNamedMetadata(annotations);

  // Intrinsics become calls of the emulator.
  LLVMContext &ctx = m->getContext();
  FunctionCallee entry = m->getOrInsertFunction(
      "qnn_emu_intrinsic", Type::getVoidTy(ctx), Type::getInt32Ty(ctx),
      PointerType::get(ctx, 0), PointerType::get(ctx, 0));
  DenseSet<Function *> collectives;
  SmallVector<Function *> declarations;
  for (Function &f : *m)
    if (f.isDeclaration() && f.getName().starts_with("llvm.nvvm."))
      declarations.push_back(&f);
  for (Function *f : declarations) {
    Intrinsic info;
    std::string why;
    if (!parseIntrinsic(f->getName().str(), info, why)) {
      error = why;
      return nullptr;
    }
    uint32_t id = uint32_t(intrinsics().size());
    intrinsics().push_back(info);
    Function *wrapper =
        buildWrapper(*m, f->getFunctionType(),
                     "__qnn_emu." + f->getName().drop_front(5), id, entry);
    f->replaceAllUsesWith(wrapper);
    f->eraseFromParent();
    if (info.collective())
      collectives.insert(wrapper);
  }
  // libdevice's inline PTX: emulated like the intrinsic of that name.
  SmallVector<CallInst *> asmCalls;
  for (Function &f : *m)
    for (Instruction &i : instructions(f))
      if (auto *call = dyn_cast<CallInst>(&i))
        if (isa<InlineAsm>(call->getCalledOperand()))
          asmCalls.push_back(call);
  for (CallInst *call : asmCalls) {
    auto *inlineAsm = cast<InlineAsm>(call->getCalledOperand());
    std::string name = inlinePtxIntrinsic(inlineAsm->getAsmString());
    Intrinsic info;
    std::string why;
    if (name.empty() || !parseIntrinsic(name, info, why) || info.collective()) {
      error = std::string(
                  "the qnn CUDA emulator does not implement the inline PTX '") +
              inlineAsm->getAsmString().str() + "'";
      return nullptr;
    }
    uint32_t id = uint32_t(intrinsics().size());
    intrinsics().push_back(info);
    Function *wrapper = buildWrapper(*m, call->getFunctionType(),
                                     "__qnn_emu.asm." + Twine(id), id, entry);
    call->setCalledFunction(wrapper);
  }

  // Shared memory lives in an arena of the module's (every block runs
  // alone, so one copy serves), each variable aligned to exactly its
  // declared alignment and no more, so that an access that assumes more
  // alignment than the variable declares is caught (checkAlignment).
  SmallVector<GlobalVariable *> shared;
  for (GlobalVariable &g : m->globals())
    if (g.getAddressSpace() == 3)
      shared.push_back(&g);
  uint64_t arenaBytes = 0;
  SmallVector<uint64_t> offsets;
  for (GlobalVariable *g : shared) {
    // What PTX's .align guarantees: the declared alignment, else the
    // type's ABI alignment (not the host's preferred one, which rounds
    // large arrays up to 16).
    uint64_t align =
        g->getAlign()
            .value_or(m->getDataLayout().getABITypeAlign(g->getValueType()))
            .value();
    // Dynamic shared memory: a declaration, or (as MLIR writes it) a
    // zero-sized array, the start of what the launch asks for.
    uint64_t size = g->isDeclaration()
                        ? 0
                        : m->getDataLayout()
                              .getTypeAllocSize(g->getValueType())
                              .getFixedValue();
    if (size == 0)
      size = kDynamicSharedBytes;
    uint64_t offset =
        (arenaBytes + 2 * align - 1) / (2 * align) * (2 * align) + align;
    offsets.push_back(offset);
    arenaBytes = offset + size;
  }
  auto result = std::make_unique<LoadedModule>();
  if (!shared.empty()) {
    auto *arena = static_cast<char *>(
        std::aligned_alloc(4096, (arenaBytes + 4095) / 4096 * 4096));
    result->sharedArena.reset(arena);
    for (auto [g, offset] : llvm::zip_equal(shared, offsets)) {
      Constant *address = ConstantExpr::getIntToPtr(
          ConstantInt::get(Type::getInt64Ty(ctx), uint64_t(arena + offset)),
          g->getType());
      g->replaceAllUsesWith(address);
      g->eraseFromParent();
    }
  }

  SmallVector<Function *> kernels;
  for (Function &f : *m) {
    // Device-specific attributes mean nothing to the host's backend.
    f.removeFnAttr("target-cpu");
    f.removeFnAttr("target-features");
    if (f.getCallingConv() == CallingConv::PTX_Kernel) {
      f.setCallingConv(CallingConv::C);
      kernels.push_back(&f);
    }
  }
  for (Function *k : kernels) {
    Kernel kernel;
    kernel.name = k->getName().str();
    for (Argument &a : k->args())
      kernel.pointerParams.push_back(a.getType()->isPointerTy());
    DenseSet<Function *> visited;
    kernel.collective = callsCollective(*k, collectives, visited);
    k->setLinkage(GlobalValue::InternalLinkage);
    buildTrampoline(k);
    result->kernels.push_back(std::move(kernel));
  }
  for (CallBase *call : [&] {
         SmallVector<CallBase *> calls;
         for (Function &f : *m)
           for (Instruction &i : instructions(f))
             if (auto *c = dyn_cast<CallBase>(&i))
               calls.push_back(c);
         return calls;
       }())
    if (call->getCallingConv() == CallingConv::PTX_Kernel)
      call->setCallingConv(CallingConv::C);
  checkAlignment(*m);
  std::string verifyErrors;
  raw_string_ostream os(verifyErrors);
  if (verifyModule(*m, &os)) {
    error = "the retargeted kernels do not verify: " + verifyErrors;
    return nullptr;
  }

  // $QNN_CUDA_EMULATOR_DUMP: the host IR of each module, for debugging.
  if (const char *dump = std::getenv("QNN_CUDA_EMULATOR_DUMP")) {
    std::error_code ec;
    raw_fd_ostream out(std::string(dump) + "/module" +
                           std::to_string(state->modules) + ".ll",
                       ec);
    if (!ec)
      m->print(out, nullptr);
  }
  // Each module gets its own library: kernels of different models share
  // names.
  auto jd =
      state->jit->createJITDylib("module" + std::to_string(state->modules++));
  if (!jd) {
    error = toString(jd.takeError());
    return nullptr;
  }
  orc::SymbolMap symbols;
  orc::MangleAndInterner mangle(state->jit->getExecutionSession(),
                                state->jit->getDataLayout());
  symbols[mangle("qnn_emu_intrinsic")] = {
      orc::ExecutorAddr::fromPtr(&qnn_emu_intrinsic), JITSymbolFlags::Exported};
  symbols[mangle("qnn_emu_misaligned")] = {
      orc::ExecutorAddr::fromPtr(&qnn_emu_misaligned),
      JITSymbolFlags::Exported};
  // libdevice's functions, where it was not linked: their libm namesakes.
  for (Function &f : *m)
    if (f.isDeclaration() && f.getName().starts_with("__nv_")) {
      std::string libm = f.getName().drop_front(5).str();
      void *address = dlsym(RTLD_DEFAULT, libm.c_str());
      if (!address) {
        error = "no host function for " + f.getName().str();
        return nullptr;
      }
      symbols[mangle(f.getName())] = {orc::ExecutorAddr::fromPtr(address),
                                      JITSymbolFlags::Exported};
    }
  if (Error e = jd->define(orc::absoluteSymbols(std::move(symbols)))) {
    error = toString(std::move(e));
    return nullptr;
  }
  auto generator = orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(
      state->jit->getDataLayout().getGlobalPrefix());
  if (!generator) {
    error = toString(generator.takeError());
    return nullptr;
  }
  jd->addGenerator(std::move(*generator));
  if (Error e = state->jit->addIRModule(
          *jd, orc::ThreadSafeModule(std::move(m), std::move(context)))) {
    error = toString(std::move(e));
    return nullptr;
  }
  for (Kernel &kernel : result->kernels) {
    auto address = state->jit->lookup(*jd, "__qnn_emu_launch." + kernel.name);
    if (!address) {
      error = toString(address.takeError());
      return nullptr;
    }
    kernel.launch = address->toPtr<void (*)(void **)>();
  }
  return result.release();
}

} // namespace qnn::emu
