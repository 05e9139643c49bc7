//===- VnniConv.cpp - x86 u8 x s8 convolution kernels ---------------------===//
//
// This file implements qnn-x86-vnni-conv: u8 x s8 -> i32 convolutions marked
// by convert-qnn-to-linalg become loops of vpdpbusd (AVX-512 VNNI) or of
// vpmaddubsw + vpmaddwd (AVX2) over weights repacked at compile time. It is
// the only x86-specific code generator; the pipeline runs it for
// target=avx512-vnni and target=avx2.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/SymbolTable.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNX86VNNICONV
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

namespace {

/// The constant behind a memref.get_global, or null.
DenseIntElementsAttr globalConstant(Value memref, SymbolTableCollection &tables,
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

struct X86VnniConvPass
    : public mlir::qnn::impl::QNNX86VnniConvBase<X86VnniConvPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<linalg::GenericOp> convs;
    getOperation()->walk([&](linalg::GenericOp op) {
      if (op->hasAttr("qnn.vnni_conv") && op.hasPureBufferSemantics())
        convs.push_back(op);
    });
    SymbolTableCollection tables;
    unsigned counter = 0;
    for (linalg::GenericOp op : convs)
      (void)rewrite(op, tables, counter);
  }

  LogicalResult rewrite(linalg::GenericOp op, SymbolTableCollection &tables,
                        unsigned &counter) {
    Value x = op.getDpsInputOperand(0)->get();
    Value w = op.getDpsInputOperand(1)->get();
    Value out = op.getDpsInitOperand(0)->get();
    auto xType = cast<MemRefType>(x.getType());
    auto wType = cast<MemRefType>(w.getType());
    auto outType = cast<MemRefType>(out.getType());
    DenseIntElementsAttr weights = globalConstant(w, tables, op);
    if (!weights || !xType.hasStaticShape() || !outType.hasStaticShape() ||
        !xType.getLayout().isIdentity() || !outType.getLayout().isIdentity())
      return failure();
    auto params = op->getAttrOfType<DenseI64ArrayAttr>("qnn.vnni_conv");
    if (!params || params.size() != 5)
      return failure();
    int64_t sh = params[0], sw = params[1], dh = params[2], dwl = params[3];
    int64_t xmax = params[4];
    int64_t outC = wType.getDimSize(0), kh = wType.getDimSize(1),
            kw = wType.getDimSize(2), c = wType.getDimSize(3);
    if (c % 4 != 0)
      return failure();
    // i32 lanes per vector: 16 for vpdpbusd.512, 8 for AVX2's 256 bits.
    const int64_t lanes = avx2 ? 8 : 16, groupBytes = lanes * 4;
    int64_t c4 = c / 4, blocks = (outC + lanes - 1) / lanes;

    SmallVector<int8_t> src;
    for (const APInt &v : weights.getValues<APInt>())
      src.push_back(int8_t(v.getSExtValue()));
    // vpmaddubsw adds two u8 x s8 products into a saturating i16: exact only
    // when every pair of adjacent weights keeps the sum in range for all
    // activations in [0, xmax]. Otherwise the generic stays portable.
    if (avx2)
      for (size_t i = 0; i + 1 < src.size(); i += 2) {
        int64_t a = src[i], b = src[i + 1];
        int64_t hi = xmax * (std::max<int64_t>(a, 0) + std::max<int64_t>(b, 0));
        int64_t lo = xmax * (std::min<int64_t>(a, 0) + std::min<int64_t>(b, 0));
        if (hi > INT16_MAX || lo < INT16_MIN)
          return failure();
      }

    // Repack the weights: [O/lanes][KH][KW][C/4][lanes][4 bytes], zero past
    // O.
    SmallVector<int8_t> packed(size_t(blocks * kh * kw * c4 * groupBytes), 0);
    for (int64_t ob = 0; ob < blocks; ++ob)
      for (int64_t y = 0; y < kh; ++y)
        for (int64_t xk = 0; xk < kw; ++xk)
          for (int64_t g = 0; g < c4; ++g)
            for (int64_t lane = 0; lane < lanes; ++lane) {
              int64_t o = ob * lanes + lane;
              if (o >= outC)
                continue;
              for (int64_t j = 0; j < 4; ++j)
                packed[size_t((((ob * kh + y) * kw + xk) * c4 + g) *
                                  groupBytes +
                              lane * 4 + j)] =
                    src[size_t(((o * kh + y) * kw + xk) * c + g * 4 + j)];
            }
    auto module = op->getParentOfType<ModuleOp>();
    OpBuilder mb(module.getBodyRegion());
    auto i8 = mb.getI8Type();
    auto packedType = MemRefType::get({int64_t(packed.size())}, i8);
    std::string name = "__qnn_vnni_weights_" + std::to_string(counter++);
    while (module.lookupSymbol(name))
      name = "__qnn_vnni_weights_" + std::to_string(counter++);
    memref::GlobalOp::create(
        mb, op.getLoc(), name, mb.getStringAttr("private"), packedType,
        DenseElementsAttr::get(
            RankedTensorType::get({int64_t(packed.size())}, i8),
            ArrayRef(packed)),
        /*constant=*/true, mb.getI64IntegerAttr(64));

    OpBuilder b(op);
    Location loc = op.getLoc();
    Value wp = memref::GetGlobalOp::create(b, loc, packedType, name);
    auto i32 = b.getI32Type();
    auto accType = VectorType::get({lanes}, i32);
    auto bytesType = VectorType::get({groupBytes}, i8);
    auto pairsType = VectorType::get({lanes * 2}, b.getI16Type());
    Value zero32 = arith::ConstantIntOp::create(b, loc, i32, 0);
    Value ones = avx2 ? arith::ConstantOp::create(
                            b, loc,
                            DenseElementsAttr::get(pairsType,
                                                   b.getI16IntegerAttr(1)))
                      : Value();
    // acc + sum over 4 bytes of x[j] (u8) * w[j] (s8), per i32 lane; LLVM 22
    // takes the byte operands as <N x i8>.
    auto dot = [&](OpBuilder &cb, Location lc, Value acc, Value xb,
                   Value wv) -> Value {
      if (!avx2)
        return LLVM::CallIntrinsicOp::create(
                   cb, lc, accType,
                   cb.getStringAttr("llvm.x86.avx512.vpdpbusd.512"),
                   ValueRange{acc, xb, wv})
            .getResult(0);
      Value pairs =
          LLVM::CallIntrinsicOp::create(
              cb, lc, pairsType, cb.getStringAttr("llvm.x86.avx2.pmadd.ub.sw"),
              ValueRange{xb, wv})
              .getResult(0);
      Value quads =
          LLVM::CallIntrinsicOp::create(
              cb, lc, accType, cb.getStringAttr("llvm.x86.avx2.pmadd.wd"),
              ValueRange{pairs, ones})
              .getResult(0);
      return arith::AddIOp::create(cb, lc, acc, quads);
    };
    int64_t batch = outType.getDimSize(0), oh = outType.getDimSize(1),
            ow = outType.getDimSize(2);
    // Output pixels are computed `kPixels` at a time along x, so that each
    // weight load feeds that many vpdpbusd; a remainder loop does
    // the last pixels one by one.
    constexpr int64_t kPixels = 4;
    int64_t owMain = ow / kPixels * kPixels;

    // Emits the computation of `pixels` output pixels starting at `ox0` for
    // channel block `blk` of row `oy` in image `bi`.
    auto emitBlock = [&](OpBuilder &ob, Location l, Value bi, Value oy,
                         Value ox0, Value blk, int64_t pixels) {
      auto q = [&](OpBuilder &bb, int64_t v) -> Value {
        return arith::ConstantIndexOp::create(bb, l, v);
      };
      Value o0 = arith::MulIOp::create(ob, l, blk, q(ob, lanes));
      SmallVector<Value> oxs, inits;
      for (int64_t p = 0; p < pixels; ++p) {
        Value ox = arith::AddIOp::create(ob, l, ox0, q(ob, p));
        oxs.push_back(ox);
        inits.push_back(vector::TransferReadOp::create(
            ob, l, accType, out, ValueRange{bi, oy, ox, o0}, zero32,
            ArrayRef<bool>{false}));
      }
      auto loopY = scf::ForOp::create(
          ob, l, q(ob, 0), q(ob, kh), q(ob, 1), inits,
          [&](OpBuilder &yb, Location ly, Value ky, ValueRange accY) {
            auto loopX = scf::ForOp::create(
                yb, ly, q(yb, 0), q(yb, kw), q(yb, 1), accY,
                [&](OpBuilder &kb, Location lk, Value kx, ValueRange accX) {
                  Value iy = arith::AddIOp::create(
                      kb, lk, arith::MulIOp::create(kb, lk, oy, q(kb, sh)),
                      arith::MulIOp::create(kb, lk, ky, q(kb, dh)));
                  SmallVector<Value> ixs;
                  for (Value ox : oxs)
                    ixs.push_back(arith::AddIOp::create(
                        kb, lk, arith::MulIOp::create(kb, lk, ox, q(kb, sw)),
                        arith::MulIOp::create(kb, lk, kx, q(kb, dwl))));
                  // ((blk * KH + ky) * KW + kx) * C4 * groupBytes
                  Value tap = arith::AddIOp::create(
                      kb, lk,
                      arith::MulIOp::create(
                          kb, lk,
                          arith::AddIOp::create(
                              kb, lk,
                              arith::MulIOp::create(kb, lk, blk, q(kb, kh)),
                              ky),
                          q(kb, kw)),
                      kx);
                  Value base =
                      arith::MulIOp::create(kb, lk, tap, q(kb, c4 * groupBytes));
                  auto loopC = scf::ForOp::create(
                      kb, lk, q(kb, 0), q(kb, c4), q(kb, 1), accX,
                      [&](OpBuilder &cb, Location lc, Value g,
                          ValueRange accC) {
                        Value woff = arith::AddIOp::create(
                            cb, lc, base,
                            arith::MulIOp::create(cb, lc, g,
                                                  q(cb, groupBytes)));
                        Value wv = vector::LoadOp::create(cb, lc, bytesType, wp,
                                                          ValueRange{woff});
                        Value ch = arith::MulIOp::create(cb, lc, g, q(cb, 4));
                        SmallVector<Value> next;
                        for (auto [p, ix] : llvm::enumerate(ixs)) {
                          Value x4 = vector::LoadOp::create(
                              cb, lc, VectorType::get({4}, i8), x,
                              ValueRange{bi, iy, ix, ch});
                          Value xi = vector::BitCastOp::create(
                              cb, lc, VectorType::get({1}, i32), x4);
                          Value xs = vector::ExtractOp::create(
                              cb, lc, xi, ArrayRef<int64_t>{0});
                          Value xb = vector::BitCastOp::create(
                              cb, lc, bytesType,
                              vector::BroadcastOp::create(cb, lc, accType,
                                                          xs));
                          next.push_back(dot(cb, lc, accC[p], xb, wv));
                        }
                        scf::YieldOp::create(cb, lc, next);
                      });
                  scf::YieldOp::create(kb, lk, loopC.getResults());
                });
            scf::YieldOp::create(yb, ly, loopX.getResults());
          });
      for (auto [p, ox] : llvm::enumerate(oxs))
        vector::TransferWriteOp::create(ob, l, loopY.getResult(p), out,
                                        ValueRange{bi, oy, ox, o0},
                                        ArrayRef<bool>{false});
    };

    Value c0 = arith::ConstantIndexOp::create(b, loc, 0);
    Value c1 = arith::ConstantIndexOp::create(b, loc, 1);
    scf::ParallelOp::create(
        b, loc, ValueRange{c0, c0},
        ValueRange{arith::ConstantIndexOp::create(b, loc, batch),
                   arith::ConstantIndexOp::create(b, loc, oh)},
        ValueRange{c1, c1}, [&](OpBuilder &pb, Location l, ValueRange bo) {
          Value bi = bo[0], oy = bo[1];
          auto cst = [&](int64_t v) -> Value {
            return arith::ConstantIndexOp::create(pb, l, v);
          };
          auto pixelLoop = [&](int64_t from, int64_t to, int64_t pixels) {
            if (from >= to)
              return;
            scf::ForOp::create(
                pb, l, cst(from), cst(to), cst(pixels), ValueRange{},
                [&](OpBuilder &xb, Location l2, Value ox0, ValueRange) {
                  scf::ForOp::create(
                      xb, l2, arith::ConstantIndexOp::create(xb, l2, 0),
                      arith::ConstantIndexOp::create(xb, l2, blocks),
                      arith::ConstantIndexOp::create(xb, l2, 1), ValueRange{},
                      [&](OpBuilder &ob, Location l3, Value blk, ValueRange) {
                        emitBlock(ob, l3, bi, oy, ox0, blk, pixels);
                        scf::YieldOp::create(ob, l3);
                      });
                  scf::YieldOp::create(xb, l2);
                });
          };
          pixelLoop(0, owMain, kPixels);
          pixelLoop(owMain, ow, 1);
          scf::ReduceOp::create(pb, l);
        });
    op.erase();
    return success();
  }
};

} // namespace
