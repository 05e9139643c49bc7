//===- ParallelLoops.cpp - Parallel loops on the runtime's threads --------===//
//
// This file implements qnn-outline-parallel-loops (top-level scf.parallel ->
// a range function and a call) and qnn-parallelize-outlined-loops (that call
// -> qnn_parallel_for of libqnn_runtime, after lowering to LLVM).
//
//===----------------------------------------------------------------------===//

#include "qnn/Codegen/CPU/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/RegionUtils.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNOUTLINEPARALLELLOOPS
#define GEN_PASS_DEF_QNNPARALLELIZEOUTLINEDLOOPS
#include "qnn/Codegen/CPU/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

namespace {

constexpr StringLiteral kParallelAttr = "qnn.parallel";

/// Outlines one top-level scf.parallel into `<func>__par<index>`.
LogicalResult outline(scf::ParallelOp loop, func::FuncOp parent,
                      unsigned index) {
  if (loop.getNumReductions() != 0)
    return failure();
  // The first dimension with a constant trip count of two or more.
  std::optional<unsigned> dim;
  int64_t lb = 0, ub = 0, step = 1;
  for (unsigned d = 0; d < loop.getNumLoops(); ++d) {
    APInt l, u, s;
    if (!matchPattern(loop.getLowerBound()[d], m_ConstantInt(&l)) ||
        !matchPattern(loop.getUpperBound()[d], m_ConstantInt(&u)) ||
        !matchPattern(loop.getStep()[d], m_ConstantInt(&s)) ||
        s.getSExtValue() <= 0)
      continue;
    int64_t trips =
        (u.getSExtValue() - l.getSExtValue() + s.getSExtValue() - 1) /
        s.getSExtValue();
    if (trips >= 2) {
      dim = d;
      lb = l.getSExtValue();
      ub = u.getSExtValue();
      step = s.getSExtValue();
      break;
    }
  }
  if (!dim)
    return failure();
  int64_t trips = (ub - lb + step - 1) / step;

  // Values from above: constants and globals' addresses are cloned, the
  // rest passed. (A global referenced in the body is one LLVM knows: loads
  // from a constant global need no alias checks, which lets loops that look
  // up constant tables vectorize.)
  llvm::SetVector<Value> captured;
  getUsedValuesDefinedAbove(loop.getRegion(), captured);
  // The other dimensions' bounds are used by the cloned loop too.
  for (Value v : loop.getOperands())
    captured.insert(v);
  SmallVector<Value> passed, cloned;
  for (Value v : captured) {
    Operation *def = v.getDefiningOp();
    if (def && (def->hasTrait<OpTrait::ConstantLike>() ||
                isa<memref::GetGlobalOp>(def)))
      cloned.push_back(v);
    else
      passed.push_back(v);
  }

  OpBuilder builder(parent);
  MLIRContext *ctx = builder.getContext();
  Location loc = loop.getLoc();
  SmallVector<Type> argTypes = {builder.getIndexType(), builder.getIndexType()};
  for (Value v : passed)
    argTypes.push_back(v.getType());
  std::string name = (parent.getName() + "__par" + std::to_string(index)).str();
  auto fn = func::FuncOp::create(builder, loc, name,
                                 FunctionType::get(ctx, argTypes, {}));
  fn.setPrivate();
  fn->setAttr(kParallelAttr, builder.getUnitAttr());
  Block *entry = fn.addEntryBlock();
  OpBuilder body = OpBuilder::atBlockBegin(entry);
  IRMapping map;
  for (auto [i, v] : llvm::enumerate(passed))
    map.map(v, entry->getArgument(unsigned(i) + 2));
  for (Value v : cloned)
    map.map(v, body.clone(*v.getDefiningOp())->getResult(0));
  // Iterations [begin, end) of dimension `dim`: lb + i * step.
  Value begin = entry->getArgument(0), end = entry->getArgument(1);
  Value lbv = arith::ConstantIndexOp::create(body, loc, lb);
  Value stepv = arith::ConstantIndexOp::create(body, loc, step);
  Value ubv = arith::ConstantIndexOp::create(body, loc, ub);
  Value from = arith::AddIOp::create(
      body, loc, lbv, arith::MulIOp::create(body, loc, begin, stepv));
  Value to = arith::MinSIOp::create(
      body, loc, ubv,
      arith::AddIOp::create(body, loc, lbv,
                            arith::MulIOp::create(body, loc, end, stepv)));
  auto clone = cast<scf::ParallelOp>(body.clone(*loop, map));
  clone.getLowerBoundMutable().slice(*dim, 1).assign(from);
  clone.getUpperBoundMutable().slice(*dim, 1).assign(to);
  func::ReturnOp::create(body, loc);

  // The loop becomes a call over the whole range.
  OpBuilder at(loop);
  SmallVector<Value> operands = {
      arith::ConstantIndexOp::create(at, loc, 0),
      arith::ConstantIndexOp::create(at, loc, trips)};
  operands.append(passed.begin(), passed.end());
  func::CallOp::create(at, loc, fn, operands);
  loop.erase();
  return success();
}

struct OutlineParallelLoopsPass
    : public mlir::qnn::impl::QNNOutlineParallelLoopsBase<
          OutlineParallelLoopsPass> {
  void runOnOperation() override {
    SmallVector<func::FuncOp> funcs(getOperation().getOps<func::FuncOp>());
    for (func::FuncOp func : funcs) {
      if (func.isExternal() || func->hasAttr(kParallelAttr))
        continue;
      SmallVector<scf::ParallelOp> loops;
      func.walk([&](scf::ParallelOp loop) {
        if (!loop->getParentOfType<scf::ParallelOp>())
          loops.push_back(loop);
      });
      unsigned index = 0;
      for (scf::ParallelOp loop : loops)
        if (succeeded(outline(loop, func, index)))
          ++index;
    }
  }
};

struct ParallelizeOutlinedLoopsPass
    : public mlir::qnn::impl::QNNParallelizeOutlinedLoopsBase<
          ParallelizeOutlinedLoopsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();
    auto ptr = LLVM::LLVMPointerType::get(ctx);
    auto i64 = IntegerType::get(ctx, 64);
    auto voidType = LLVM::LLVMVoidType::get(ctx);
    OpBuilder builder(ctx);
    builder.setInsertionPointToEnd(module.getBody());
    LLVM::LLVMFuncOp parallelFor =
        module.lookupSymbol<LLVM::LLVMFuncOp>("qnn_parallel_for");
    SmallVector<LLVM::CallOp> calls;
    module.walk([&](LLVM::CallOp call) {
      auto callee = call.getCallee();
      if (!callee)
        return;
      auto fn = module.lookupSymbol<LLVM::LLVMFuncOp>(*callee);
      if (fn && fn->hasAttr(kParallelAttr))
        calls.push_back(call);
    });
    if (calls.empty())
      return;
    if (!parallelFor)
      parallelFor = LLVM::LLVMFuncOp::create(
          builder, module.getLoc(), "qnn_parallel_for",
          LLVM::LLVMFunctionType::get(voidType, {ptr, ptr, i64}));
    llvm::StringMap<LLVM::LLVMFuncOp> trampolines;
    for (LLVM::CallOp call : calls) {
      auto callee = module.lookupSymbol<LLVM::LLVMFuncOp>(*call.getCallee());
      SmallVector<Type> fields;
      for (Value v : call.getArgOperands().drop_front(2))
        fields.push_back(v.getType());
      auto ctxType = LLVM::LLVMStructType::getLiteral(ctx, fields);
      Location loc = call.getLoc();
      // void <callee>__task(ptr ctx, i64 begin, i64 end)
      LLVM::LLVMFuncOp &task = trampolines[callee.getName()];
      if (!task) {
        // Only the trampoline calls the range function: internal, it is
        // inlined there and compiled once (external, LLVM would keep and
        // compile a second copy).
        callee.setLinkage(LLVM::Linkage::Internal);
        OpBuilder b(ctx);
        b.setInsertionPointToEnd(module.getBody());
        task = LLVM::LLVMFuncOp::create(
            b, loc, (callee.getName() + "__task").str(),
            LLVM::LLVMFunctionType::get(voidType, {ptr, i64, i64}),
            LLVM::Linkage::Internal);
        Block *entry = task.addEntryBlock(b);
        b.setInsertionPointToStart(entry);
        SmallVector<Value> args = {entry->getArgument(1),
                                   entry->getArgument(2)};
        for (auto [i, type] : llvm::enumerate(fields)) {
          Value slot =
              LLVM::GEPOp::create(b, loc, ptr, ctxType, entry->getArgument(0),
                                  ArrayRef<LLVM::GEPArg>{0, int32_t(i)});
          args.push_back(LLVM::LoadOp::create(b, loc, type, slot));
        }
        LLVM::CallOp::create(b, loc, callee, args);
        LLVM::ReturnOp::create(b, loc, ValueRange{});
      }
      // Store the captured values, then split the range over the threads.
      OpBuilder b(call);
      auto parent = call->getParentOfType<LLVM::LLVMFuncOp>();
      Value context;
      {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToStart(&parent.getBody().front());
        Value one =
            LLVM::ConstantOp::create(b, loc, i64, b.getI64IntegerAttr(1));
        context = LLVM::AllocaOp::create(b, loc, ptr, ctxType, one);
      }
      for (auto [i, v] : llvm::enumerate(call.getArgOperands().drop_front(2))) {
        Value slot = LLVM::GEPOp::create(b, loc, ptr, ctxType, context,
                                         ArrayRef<LLVM::GEPArg>{0, int32_t(i)});
        LLVM::StoreOp::create(b, loc, v, slot);
      }
      Value taskPtr = LLVM::AddressOfOp::create(b, loc, ptr, task.getName());
      Value trips = call.getArgOperands()[1];
      if (trips.getType() != i64)
        trips = LLVM::SExtOp::create(b, loc, i64, trips);
      LLVM::CallOp::create(b, loc, parallelFor,
                           ValueRange{taskPtr, context, trips});
      call.erase();
    }
  }
};

} // namespace
