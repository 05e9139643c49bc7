//===- AmxToVector.cpp - AMX tiles emulated with vector code --------------===//
//
// This file implements qnn-amx-to-vector: every `amx` op becomes vector,
// scf and memref code that computes the same values, tiles becoming
// vectors of their shape, so that the AMX kernels' tiling, packing and
// addressing run (and are checked bit-exact) on CPUs without AMX.
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include "qnn/Codegen/CPU/Passes.h"

#include "mlir/Dialect/AMX/AMXDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/Patterns.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNAMXTOVECTOR
#include "qnn/Codegen/CPU/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

namespace {

/// The vector a tile becomes: same shape and element type.
VectorType tileVector(amx::TileType type) {
  return VectorType::get(type.getShape(), type.getElementType());
}

/// The indices of row `row` of a tile at `indices` of `base`: `stride`
/// elements further along a 1-D buffer, or one row further along the
/// second innermost dimension without a stride.
SmallVector<Value> rowIndices(OpBuilder &b, Location loc, ValueRange indices,
                              Value stride, int64_t row) {
  SmallVector<Value> at(indices);
  if (row == 0)
    return at;
  Value &moved = stride ? at.back() : at[at.size() - 2];
  Value step =
      stride ? arith::MulIOp::create(
                   b, loc, stride, arith::ConstantIndexOp::create(b, loc, row))
                   .getResult()
             : arith::ConstantIndexOp::create(b, loc, row).getResult();
  moved = arith::AddIOp::create(b, loc, moved, step);
  return at;
}

/// amx.tile_zero -> a zero vector constant.
struct TileZeroToVector : OpConversionPattern<amx::TileZeroOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(amx::TileZeroOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    VectorType type = tileVector(op.getTileType());
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, type,
                                                   rewriter.getZeroAttr(type));
    return success();
  }
};

/// amx.tile_load -> one vector.load per tile row, inserted into the tile's
/// vector.
struct TileLoadToVector : OpConversionPattern<amx::TileLoadOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(amx::TileLoadOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    VectorType type = tileVector(op.getTileType());
    auto rowType = VectorType::get({type.getDimSize(1)}, type.getElementType());
    Value tile = arith::ConstantOp::create(rewriter, loc, type,
                                           rewriter.getZeroAttr(type));
    for (int64_t r = 0; r < type.getDimSize(0); ++r) {
      Value row =
          vector::LoadOp::create(rewriter, loc, rowType, adaptor.getBase(),
                                 rowIndices(rewriter, loc, adaptor.getIndices(),
                                            adaptor.getStride(), r));
      tile = vector::InsertOp::create(rewriter, loc, row, tile,
                                      ArrayRef<int64_t>{r});
    }
    rewriter.replaceOp(op, tile);
    return success();
  }
};

/// amx.tile_store -> one vector.store per tile row.
struct TileStoreToVector : OpConversionPattern<amx::TileStoreOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(amx::TileStoreOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<VectorType>(adaptor.getVal().getType());
    for (int64_t r = 0; r < type.getDimSize(0); ++r) {
      Value row = vector::ExtractOp::create(rewriter, loc, adaptor.getVal(),
                                            ArrayRef<int64_t>{r});
      vector::StoreOp::create(rewriter, loc, row, adaptor.getBase(),
                              rowIndices(rewriter, loc, adaptor.getIndices(),
                                         adaptor.getStride(), r));
    }
    rewriter.eraseOp(op);
    return success();
  }
};

/// amx.tile_muli (M x K bytes, K/4 x 4N bytes, M x N i32) -> C[m][n] +=
/// sum_{k,j} ext(A[m][4k + j]) * ext(B[k][4n + j]) as a loop over the K/4
/// quads: both operands go to stack scratch (vectors cannot be indexed by a
/// loop variable past their last dimension), each quad's 4 weight columns
/// are shuffled out of B's row, and every accumulator row adds 4 broadcast
/// products. The scratch lives between a stack save and restore, so the
/// code stays valid inside loops and parallel loops.
struct TileMulIToVector : OpConversionPattern<amx::TileMulIOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(amx::TileMulIOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto aType = cast<VectorType>(adaptor.getLhs().getType());
    auto bType = cast<VectorType>(adaptor.getRhs().getType());
    auto cType = cast<VectorType>(adaptor.getAcc().getType());
    const int64_t m = aType.getDimSize(0), k = aType.getDimSize(1),
                  n = cType.getDimSize(1);
    Type i32 = rewriter.getI32Type();
    auto rowType = VectorType::get({n}, i32);
    Value sp = LLVM::StackSaveOp::create(
        rewriter, loc, LLVM::LLVMPointerType::get(rewriter.getContext()));
    auto spill = [&](Value tile, VectorType type) -> Value {
      Value buffer = memref::AllocaOp::create(
          rewriter, loc,
          MemRefType::get(type.getShape(), type.getElementType()));
      Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
      for (int64_t r = 0; r < type.getDimSize(0); ++r)
        vector::StoreOp::create(
            rewriter, loc,
            vector::ExtractOp::create(rewriter, loc, tile,
                                      ArrayRef<int64_t>{r}),
            buffer,
            ValueRange{arith::ConstantIndexOp::create(rewriter, loc, r), zero});
      return buffer;
    };
    Value aBuf = spill(adaptor.getLhs(), aType);
    Value bBuf = spill(adaptor.getRhs(), bType);
    SmallVector<Value> rows;
    for (int64_t r = 0; r < m; ++r)
      rows.push_back(vector::ExtractOp::create(rewriter, loc, adaptor.getAcc(),
                                               ArrayRef<int64_t>{r}));
    auto idx = [&](OpBuilder &b, int64_t v) -> Value {
      return arith::ConstantIndexOp::create(b, loc, v);
    };
    const bool zextA = op.getIsZextLhs(), zextB = op.getIsZextRhs();
    auto loop = scf::ForOp::create(
        rewriter, loc, idx(rewriter, 0), idx(rewriter, k / 4), idx(rewriter, 1),
        rows, [&](OpBuilder &b, Location l, Value quad, ValueRange acc) {
          Value bRow = vector::LoadOp::create(
              b, l, VectorType::get({4 * n}, bType.getElementType()), bBuf,
              ValueRange{quad, idx(b, 0)});
          SmallVector<Value> columns;
          for (int64_t j = 0; j < 4; ++j) {
            SmallVector<int64_t> mask;
            for (int64_t c = 0; c < n; ++c)
              mask.push_back(4 * c + j);
            Value col = vector::ShuffleOp::create(b, l, bRow, bRow, mask);
            columns.push_back(
                zextB ? Value(arith::ExtUIOp::create(b, l, rowType, col))
                      : Value(arith::ExtSIOp::create(b, l, rowType, col)));
          }
          Value base = arith::MulIOp::create(b, l, quad, idx(b, 4));
          SmallVector<Value> next(acc);
          for (int64_t r = 0; r < m; ++r)
            for (int64_t j = 0; j < 4; ++j) {
              Value a = memref::LoadOp::create(
                  b, l, aBuf,
                  ValueRange{idx(b, r),
                             arith::AddIOp::create(b, l, base, idx(b, j))});
              Value a32 = zextA ? Value(arith::ExtUIOp::create(b, l, i32, a))
                                : Value(arith::ExtSIOp::create(b, l, i32, a));
              Value splat = vector::BroadcastOp::create(b, l, rowType, a32);
              next[r] = arith::AddIOp::create(
                  b, l, next[r],
                  arith::MulIOp::create(b, l, splat, columns[j]));
            }
          scf::YieldOp::create(b, l, next);
        });
    LLVM::StackRestoreOp::create(rewriter, loc, sp);
    Value result = arith::ConstantOp::create(rewriter, loc, cType,
                                             rewriter.getZeroAttr(cType));
    for (int64_t r = 0; r < m; ++r)
      result = vector::InsertOp::create(rewriter, loc, loop.getResult(r),
                                        result, ArrayRef<int64_t>{r});
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Whether `type` is an AMX tile.
bool isTile(Type type) { return isa<amx::TileType>(type); }

struct AmxToVectorPass
    : public mlir::qnn::impl::QNNAmxToVectorBase<AmxToVectorPass> {
  using Base::Base;

  /// Reports what the rewrite cannot express, before anything changes.
  LogicalResult checkEmulable(Operation *root) {
    WalkResult result = root->walk([&](Operation *op) {
      if (isa<amx::TileMulFOp>(op)) {
        op->emitError("qnn-amx-to-vector: floating-point tiles "
                      "(amx.tile_mulf) are not emulated; qnn's kernels use "
                      "integer tiles only");
        return WalkResult::interrupt();
      }
      auto strided = [&](Value stride, Value base) {
        if (!stride || cast<MemRefType>(base.getType()).getRank() == 1)
          return false;
        op->emitError("qnn-amx-to-vector: an explicit row stride is "
                      "emulated on a 1-D memref only (this one has rank ")
            << cast<MemRefType>(base.getType()).getRank() << ")";
        return true;
      };
      if (auto load = dyn_cast<amx::TileLoadOp>(op))
        if (strided(load.getStride(), load.getBase()))
          return WalkResult::interrupt();
      if (auto store = dyn_cast<amx::TileStoreOp>(op))
        if (strided(store.getStride(), store.getBase()))
          return WalkResult::interrupt();
      if (isa<amx::AMXDialect>(op->getDialect()) ||
          isa<scf::ForOp, scf::IfOp, scf::YieldOp>(op))
        return WalkResult::advance();
      // Tiles reach other ops only as operands, results or block
      // arguments (function signatures, calls, other control flow).
      bool carries = llvm::any_of(op->getOperandTypes(), isTile) ||
                     llvm::any_of(op->getResultTypes(), isTile);
      for (Region &region : op->getRegions())
        for (Block &block : region)
          carries |= llvm::any_of(block.getArgumentTypes(), isTile);
      if (carries) {
        op->emitError("qnn-amx-to-vector: '")
            << op->getName()
            << "' carries an AMX tile; tiles are rewritten only through "
               "amx ops, scf.for, scf.if and scf.yield";
        return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
    return failure(result.wasInterrupted());
  }

  void runOnOperation() override {
    Operation *root = getOperation();
    if (failed(checkEmulable(root)))
      return signalPassFailure();
    MLIRContext *ctx = &getContext();
    TypeConverter converter;
    converter.addConversion([](Type type) { return type; });
    converter.addConversion(
        [](amx::TileType type) -> Type { return tileVector(type); });
    ConversionTarget target(*ctx);
    target.addIllegalDialect<amx::AMXDialect>();
    target.addLegalDialect<arith::ArithDialect, vector::VectorDialect,
                           memref::MemRefDialect, LLVM::LLVMDialect,
                           scf::SCFDialect>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    RewritePatternSet patterns(ctx);
    patterns.add<TileZeroToVector, TileLoadToVector, TileStoreToVector,
                 TileMulIToVector>(converter, ctx);
    scf::populateSCFStructuralTypeConversionsAndLegality(converter, patterns,
                                                         target);
    if (failed(applyPartialConversion(root, target, std::move(patterns))))
      return signalPassFailure();
    dropPermissionRequests(root);
  }

  /// The kernels' request for the tile-data permission (x86::amxRequest-
  /// Function) is granted by definition once no tile op is left: it
  /// becomes 0, and its declaration goes when nothing else calls it.
  void dropPermissionRequests(Operation *root) {
    SmallVector<func::CallOp> calls;
    root->walk([&](func::CallOp call) {
      if (call.getCallee() == x86::kAmxRequestName)
        calls.push_back(call);
    });
    for (func::CallOp call : calls) {
      OpBuilder b(call);
      call.replaceAllUsesWith(ValueRange{
          arith::ConstantIntOp::create(b, call.getLoc(), b.getI32Type(), 0)});
      call.erase();
    }
    root->walk([&](func::FuncOp decl) {
      if (decl.getName() == x86::kAmxRequestName && decl.isDeclaration() &&
          SymbolTable::symbolKnownUseEmpty(decl, decl->getParentOp()))
        decl.erase();
    });
  }
};

} // namespace
