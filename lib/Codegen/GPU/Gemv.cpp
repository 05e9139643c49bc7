//===- Gemv.cpp - The weight-streaming GEMV kernel ------------------------===//
//
// This file builds the kernel of layers with few rows (batch-1 dense
// layers): memory-bound, so each weight byte is read once, as 16-byte
// loads of packed codes decoded in registers.
//
// Blocks of 8 warps; each warp owns a few consecutive output channels
// (rows of the packed weights). Per step, lane l reads 16 bytes of each of
// its rows at weight l * chunk of the step's 32 * chunk (chunk = 128 / b
// weights), so a warp reads 512 contiguous bytes per row; it decodes them
// group by group (ref::gpuCodeBit) and accumulates dp4a products with the
// matching activation words, reused for all its rows. A butterfly of
// shuffles sums the lanes; one lane per (row, channel) runs the epilogue.
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::nvvm;

bool nvvm::gemvApplies(const Layer &layer, int64_t maxRows) {
  // Activation rows must be contiguous: 1x1, stride 1, no padding.
  return layer.m <= maxRows && layer.kh == 1 && layer.kw == 1 &&
         layer.sh == 1 && layer.sw == 1 && layer.h == layer.oh &&
         layer.w == layer.ow;
}

void nvvm::buildGemv(OpBuilder &builder, const Layer &layer,
                     const Epilogue &epilogue) {
  Location loc = layer.op->getLoc();
  const ref::GPUPackedWeights &w = layer.weights;
  const int64_t warps = 8, lanes = 32;
  const int64_t rows = layer.m, rowsPerWarp = rows == 1 ? 8 : 4;
  const int64_t perWord = 32 / w.bits, groupsPerWord = perWord / 4;
  // Weights per lane per step: 16 bytes of codes.
  const int64_t chunk = 4 * perWord, chunkWords = chunk / 4;
  const int64_t steps = (layer.k + lanes * chunk - 1) / (lanes * chunk);
  const int64_t rowWords = layer.k / 4;
  // 16-byte activation loads need every row 16-byte aligned.
  const bool vectorX = rows == 1 || layer.k % 16 == 0;
  const int64_t accs = rows * rowsPerWarp;

  KernelBuilder kb{builder, loc};
  Value one = kb.index(1);
  int64_t blocks = (layer.n + warps * rowsPerWarp - 1) / (warps * rowsPerWarp);
  auto launch = gpu::LaunchOp::create(builder, loc, kb.index(blocks), one, one,
                                      kb.index(warps * lanes), one, one);
  OpBuilder b = OpBuilder::atBlockBegin(&launch.getBody().front());
  KernelBuilder k{b, loc};
  Value tid = launch.getThreadIds().x;
  Value lane = k.remU(tid, lanes), warp = k.divU(tid, lanes);
  Value firstRow =
      k.mul(k.add(k.mul(launch.getBlockIds().x, k.index(warps)), warp),
            k.index(rowsPerWarp));
  Value zero = k.i32(0);
  SmallVector<Value> init(accs, zero);
  Value lastChannel = k.index(layer.n - 1);
  auto i32 = b.getI32Type();
  auto v4 = VectorType::get({4}, i32);

  auto loop = scf::ForOp::create(
      b, loc, k.index(0), k.index(steps), one, init,
      [&](OpBuilder &lb, Location l, Value step, ValueRange sums) {
        KernelBuilder s{lb, l};
        Value first =
            s.mul(s.add(s.mul(step, s.index(lanes)), lane), s.index(chunk));
        auto inRange = scf::IfOp::create(lb, l, SmallVector<Type>(accs, i32),
                                         s.lt(first, s.index(layer.k)),
                                         /*withElseRegion=*/true);
        {
          OpBuilder tb = inRange.getThenBodyBuilder();
          KernelBuilder t{tb, l};
          // Activation words of each row for this lane's weights: 16-byte
          // loads when the chunk is whole, else word by word, zero past K.
          auto loadWords = [&](OpBuilder &wb, int64_t row,
                               bool whole) -> SmallVector<Value> {
            KernelBuilder x{wb, l};
            Value base = x.add(x.index(row * rowWords), x.divU(first, 4));
            SmallVector<Value> words;
            if (whole) {
              for (int64_t v = 0; v < chunkWords; v += 4) {
                Value vec = vector::LoadOp::create(
                    wb, l, v4, layer.xWords,
                    ValueRange{x.add(base, x.index(v))},
                    /*nontemporal=*/false, llvm::MaybeAlign(16));
                for (int64_t e = 0; e < 4; ++e)
                  words.push_back(vector::ExtractOp::create(wb, l, vec, e));
              }
              return words;
            }
            Value lastWord = x.index(rows * rowWords - 1);
            for (int64_t j = 0; j < chunkWords; ++j) {
              Value valid =
                  x.lt(x.add(first, x.index(4 * j)), x.index(layer.k));
              Value at = x.minIndex(x.add(base, x.index(j)), lastWord);
              Value word = memref::LoadOp::create(wb, l, layer.xWords, at);
              words.push_back(
                  arith::SelectOp::create(wb, l, valid, word, x.i32(0)));
            }
            return words;
          };
          SmallVector<SmallVector<Value>> x(rows);
          for (int64_t row = 0; row < rows; ++row) {
            if (!vectorX) {
              x[row] = loadWords(tb, row, false);
              continue;
            }
            Value whole =
                t.lt(t.add(first, t.index(chunk - 1)), t.index(layer.k));
            auto pick = scf::IfOp::create(
                tb, l, SmallVector<Type>(chunkWords, i32), whole, true);
            OpBuilder wb = pick.getThenBodyBuilder();
            scf::YieldOp::create(wb, l, loadWords(wb, row, true));
            OpBuilder eb = pick.getElseBodyBuilder();
            scf::YieldOp::create(eb, l, loadWords(eb, row, false));
            x[row] = SmallVector<Value>(pick.getResults());
          }
          SmallVector<Value> next(sums);
          for (int64_t r = 0; r < rowsPerWarp; ++r) {
            Value channel =
                t.minIndex(t.add(firstRow, t.index(r)), lastChannel);
            Value at = t.add(t.mul(channel, t.index(w.rowWords)),
                             t.divU(first, perWord));
            Value packed = vector::LoadOp::create(
                tb, l, v4, layer.packed, ValueRange{at},
                /*nontemporal=*/false, llvm::MaybeAlign(16));
            for (int64_t wi = 0; wi < 4; ++wi) {
              Value word = vector::ExtractOp::create(tb, l, packed, wi);
              for (int64_t q = 0; q < groupsPerWord; ++q) {
                Value bytes = t.decode(
                    word, t.i32(ref::gpuCodeBit(w.bits, unsigned(4 * q))), w);
                for (int64_t row = 0; row < rows; ++row) {
                  Value &acc = next[size_t(row * rowsPerWarp + r)];
                  acc = t.dot4(x[row][wi * groupsPerWord + q], bytes, acc);
                }
              }
            }
          }
          scf::YieldOp::create(tb, l, next);
          OpBuilder eb = inRange.getElseBodyBuilder();
          scf::YieldOp::create(eb, l, sums);
        }
        scf::YieldOp::create(lb, l, inRange.getResults());
      });

  // Every lane gets every sum; lane j < rows * rowsPerWarp stores sum j.
  SmallVector<Value> totals;
  for (Value v : loop.getResults())
    totals.push_back(k.warpSum(v));
  Value laneI32 = k.toI32(lane);
  Value mine = totals[0];
  for (int64_t j = 1; j < accs; ++j) {
    Value isJ = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, laneI32,
                                      k.i32(j));
    mine = arith::SelectOp::create(b, loc, isJ, totals[size_t(j)], mine);
  }
  Value row = k.divU(lane, rowsPerWarp);
  Value channel = k.add(firstRow, k.remU(lane, rowsPerWarp));
  Value stores = arith::AndIOp::create(b, loc, k.lt(lane, k.index(accs)),
                                       k.lt(channel, k.index(layer.n)));
  scf::IfOp::create(b, loc, stores, [&](OpBuilder &sb, Location l) {
    epilogue.emit(sb, l, row, channel, mine);
    scf::YieldOp::create(sb, l);
  });
  gpu::TerminatorOp::create(b, loc);
}
