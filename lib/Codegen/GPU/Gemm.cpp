//===- Gemm.cpp - The mma.sync GEMM kernel --------------------------------===//
//
// This file builds the tensor-core kernel of convolutions and dense layers
// with many rows: mma.sync.m16n8k32 with u8 activations and s8 weights into
// s32 accumulators (sm_80 and later).
//
// A block of 4 warps (2 x 2) computes a BM x 64 tile of the output (BM =
// 64, or 128 for large layers), each warp a (BM / 2) x 32 tile of TM x 4
// mma tiles. The K loop steps by 64: the activation tile (BM rows of 64
// bytes, gathered with implicit im2col addressing, zero past the edges) is
// loaded into registers one step ahead, stored into the other half of a
// double buffer in shared memory (rows padded to 80 bytes: the fragment
// reads are free of bank conflicts) and read as A fragments; each lane
// reads the packed weight words of its B fragments straight from global
// memory, also a step ahead (they are reused by the warp's TM row tiles),
// and decodes them in registers. The accumulator fragments then go through
// the epilogue.
//
// Fragment layouts (PTX ISA, mma.m16n8k32 .s8/.u8), lane = 4 * g + t:
//   A register r: row g + 8 * (r % 2), bytes k = 4 * t + 16 * (r / 2) ..+3
//   B register r: column g, bytes k = 4 * t + 16 * r ..+3
//   C element i: row g + 8 * (i / 2), column 2 * t + i % 2
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::nvvm;

namespace {

constexpr int64_t kWarpsM = 2, kWarpsN = 2, kTilesN = 4;
constexpr int64_t kThreads = 32 * kWarpsM * kWarpsN;
constexpr int64_t kStepK = 64, kRowWords = kStepK / 4 + 4;

/// Builds the kernel body; `kb` inserts into the launch region.
struct GemmBuilder {
  GemmBuilder(const Layer &layer, const Epilogue &epilogue, int64_t tilesM)
      : layer(layer), epilogue(epilogue), tilesM(tilesM) {}

  const Layer &layer;
  const Epilogue &epilogue;
  int64_t tilesM;
  int64_t blockM = 0, blockN = 0;
  gpu::LaunchOp launch;
  Value smem;

  /// Per-thread activation loads of one K step: `chunks` 16-byte chunks
  /// (channels a multiple of 16) or words.
  bool vectorA = false;
  int64_t loadsPerThread = 0;
  /// For each load: its tile row and column (in 16-byte chunks or words),
  /// whether its row is a real output pixel, and the byte offset of that
  /// pixel's window origin in the activations.
  SmallVector<Value> loadRow, loadCol, rowValid, rowBase;

  void emit(OpBuilder &b, Location loc);
  void prepareLoads(KernelBuilder &k, Value firstRow, Value tid);
  SmallVector<Value> loadStep(KernelBuilder &k, Value step);
  void storeStep(KernelBuilder &k, Value buffer, ArrayRef<Value> values);
};

void GemmBuilder::prepareLoads(KernelBuilder &k, Value firstRow, Value tid) {
  vectorA = layer.c % 16 == 0;
  const int64_t perRow = vectorA ? kStepK / 16 : kStepK / 4;
  loadsPerThread = blockM * perRow / kThreads;
  Value lastPixel = k.index(layer.m - 1);
  for (int64_t i = 0; i < loadsPerThread; ++i) {
    Value id = k.add(tid, k.index(i * kThreads));
    Value row = k.divU(id, perRow);
    loadRow.push_back(row);
    loadCol.push_back(k.remU(id, perRow));
    Value pixel = k.add(firstRow, row);
    rowValid.push_back(k.lt(pixel, k.index(layer.m)));
    pixel = k.minIndex(pixel, lastPixel);
    Value ox = k.remU(pixel, layer.ow);
    Value rest = k.divU(pixel, layer.ow);
    Value oy = k.remU(rest, layer.oh);
    Value image = k.divU(rest, layer.oh);
    Value y =
        k.add(k.mul(image, k.index(layer.h)), k.mul(oy, k.index(layer.sh)));
    Value x = k.add(k.mul(y, k.index(layer.w)), k.mul(ox, k.index(layer.sw)));
    rowBase.push_back(k.mul(x, k.index(layer.c)));
  }
}

SmallVector<Value> GemmBuilder::loadStep(KernelBuilder &k, Value step) {
  OpBuilder &b = k.b;
  Location loc = k.loc;
  auto i32 = b.getI32Type();
  auto v4 = VectorType::get({4}, i32);
  Value kBase = k.mul(step, k.index(kStepK));
  SmallVector<Value> values;
  for (int64_t i = 0; i < loadsPerThread; ++i) {
    // Weight index k of the load's first byte, its tap and channel.
    Value kk = k.add(kBase, k.mul(loadCol[i], k.index(vectorA ? 16 : 4)));
    Value valid =
        arith::AndIOp::create(b, loc, rowValid[i], k.lt(kk, k.index(layer.k)));
    Value tap = k.divU(kk, layer.c);
    Value channel = k.remU(kk, layer.c);
    Value ky = k.remU(k.divU(tap, layer.kw), layer.kh);
    Value kx = k.remU(tap, layer.kw);
    Value offset = k.add(
        k.add(rowBase[i], k.mul(k.add(k.mul(ky, k.index(layer.dh * layer.w)),
                                      k.mul(kx, k.index(layer.dw))),
                                k.index(layer.c))),
        channel);
    Value word =
        arith::SelectOp::create(b, loc, valid, k.divU(offset, 4), k.index(0));
    if (vectorA) {
      Value vec =
          vector::LoadOp::create(b, loc, v4, layer.xWords, ValueRange{word},
                                 /*nontemporal=*/false, llvm::MaybeAlign(16));
      Value zeros = arith::ConstantOp::create(
          b, loc, DenseElementsAttr::get(v4, b.getI32IntegerAttr(0)));
      values.push_back(arith::SelectOp::create(b, loc, valid, vec, zeros));
    } else {
      Value v = memref::LoadOp::create(b, loc, layer.xWords, word);
      values.push_back(arith::SelectOp::create(b, loc, valid, v, k.i32(0)));
    }
  }
  return values;
}

void GemmBuilder::storeStep(KernelBuilder &k, Value buffer,
                            ArrayRef<Value> values) {
  for (int64_t i = 0; i < loadsPerThread; ++i) {
    Value col = vectorA ? k.mul(loadCol[i], k.index(4)) : loadCol[i];
    SmallVector<Value> at{buffer, loadRow[i], col};
    if (vectorA)
      vector::StoreOp::create(k.b, k.loc, values[i], smem, at,
                              /*nontemporal=*/false, llvm::MaybeAlign(16));
    else
      memref::StoreOp::create(k.b, k.loc, values[i], smem, at);
  }
}

void GemmBuilder::emit(OpBuilder &builder, Location loc) {
  const ref::GPUPackedWeights &w = layer.weights;
  KernelBuilder outer{builder, loc};
  Value one = outer.index(1);
  blockN = kWarpsN * kTilesN * 8;
  blockM = kWarpsM * tilesM * 16;
  // The activation tiles in dynamic shared memory, whose base the NVVM
  // lowering aligns to 16 bytes and more (static workgroup buffers of i32
  // are only 4-byte aligned; the tiles are stored 16 bytes at a time).
  auto workgroup = gpu::AddressSpaceAttr::get(builder.getContext(),
                                              gpu::AddressSpace::Workgroup);
  auto smemType = MemRefType::get({2, blockM, kRowWords}, builder.getI32Type(),
                                  AffineMap(), workgroup);
  const int64_t smemBytes = 2 * blockM * kRowWords * 4;
  launch = gpu::LaunchOp::create(
      // Row tiles along x (up to 2^31 - 1 blocks; y and z stop at 65535),
      // channel tiles along y: consecutive blocks share a weight tile.
      builder, loc, outer.index((layer.m + blockM - 1) / blockM),
      outer.index((layer.n + blockN - 1) / blockN), one, outer.index(kThreads),
      one, one,
      /*dynamicSharedMemorySize=*/outer.i32(smemBytes));
  OpBuilder b = OpBuilder::atBlockBegin(&launch.getBody().front());
  Value raw = gpu::DynamicSharedMemoryOp::create(
      b, loc,
      MemRefType::get({ShapedType::kDynamic}, b.getI8Type(), AffineMap(),
                      workgroup));
  smem = memref::ViewOp::create(b, loc, smemType, raw,
                                arith::ConstantIndexOp::create(b, loc, 0),
                                ValueRange());
  KernelBuilder k{b, loc};
  auto i32 = b.getI32Type();

  Value tid = launch.getThreadIds().x;
  Value lane = k.remU(tid, 32), warp = k.divU(tid, 32);
  Value g = k.divU(lane, 4), t = k.remU(lane, 4);
  Value warpM = k.divU(warp, kWarpsN), warpN = k.remU(warp, kWarpsN);
  Value firstRow = k.mul(launch.getBlockIds().x, k.index(blockM));
  Value firstCol = k.mul(launch.getBlockIds().y, k.index(blockN));
  prepareLoads(k, firstRow, tid);

  // Per lane, loop-invariant: the packed row of each B tile, and where in a
  // K step's words its two registers' groups sit.
  const int64_t perWord = 32 / w.bits, groupsPerWord = perWord / 4;
  const int64_t stepWords = kStepK / perWord;
  Value warpCol = k.add(firstCol, k.mul(warpN, k.index(kTilesN * 8)));
  SmallVector<Value> bRow;
  Value lastChannel = k.index(layer.n - 1);
  for (int64_t nt = 0; nt < kTilesN; ++nt) {
    Value channel =
        k.minIndex(k.add(warpCol, k.add(k.index(nt * 8), g)), lastChannel);
    bRow.push_back(k.mul(channel, k.index(w.rowWords)));
  }
  // Register r of k step s covers weights 32 s + 16 r + 4 t ..+3: word
  // (32 s + 16 r + 4 t) / perWord of the step, group ((16 r + 4 t) %
  // perWord) / 4.
  Value shift[2];
  Value tI32 = k.toI32(t);
  for (int r = 0; r < 2; ++r) {
    if (w.bits == 8) {
      shift[r] = k.i32(0);
      continue;
    }
    // q = (4 r + t) % groupsPerWord; bit = 16 (q % 2) + b (q / 2).
    Value q = arith::RemUIOp::create(
        b, loc, arith::AddIOp::create(b, loc, tI32, k.i32(4 * r)),
        k.i32(groupsPerWord));
    Value qMod2 = arith::AndIOp::create(b, loc, q, k.i32(1));
    Value qDiv2 = arith::ShRUIOp::create(b, loc, q, k.i32(1));
    shift[r] = arith::AddIOp::create(
        b, loc, arith::MulIOp::create(b, loc, qMod2, k.i32(16)),
        arith::MulIOp::create(b, loc, qDiv2, k.i32(w.bits)));
  }
  Value rowA = k.add(k.mul(warpM, k.index(tilesM * 16)), g);

  // The first step's activations.
  const int64_t steps = (layer.k + kStepK - 1) / kStepK;
  storeStep(k, k.index(0), loadStep(k, k.index(0)));
  gpu::BarrierOp::create(b, loc);

  // The packed weight words of a K step for each B tile (the tiles one
  // after another), a step ahead like the activations: global loads are in
  // flight during the mma. Past the last step the last is loaded again
  // (the padded rows end there).
  auto loadWeights = [&](KernelBuilder &s, Value step) {
    SmallVector<Value> words;
    Value clamped = s.minIndex(step, s.index(steps - 1));
    Value firstWord = s.mul(clamped, s.index(stepWords));
    for (int64_t nt = 0; nt < kTilesN; ++nt) {
      Value at = s.add(bRow[nt], firstWord);
      int64_t width = std::min<int64_t>(stepWords, 4);
      auto type = VectorType::get({width}, i32);
      for (int64_t v = 0; v < stepWords; v += width) {
        Value vec = vector::LoadOp::create(s.b, s.loc, type, layer.packed,
                                           ValueRange{s.add(at, s.index(v))},
                                           false, llvm::MaybeAlign(4 * width));
        for (int64_t e = 0; e < width; ++e)
          words.push_back(vector::ExtractOp::create(s.b, s.loc, vec, e));
      }
    }
    return words;
  };
  const int64_t accs = tilesM * kTilesN * 4;
  SmallVector<Value> init(accs, k.i32(0));
  llvm::append_range(init, loadWeights(k, k.index(0)));
  auto fragType = LLVM::LLVMStructType::getLiteral(b.getContext(),
                                                   SmallVector<Type>(4, i32));
  auto loop = scf::ForOp::create(
      b, loc, k.index(0), k.index(steps), k.index(1), init,
      [&](OpBuilder &lb, Location l, Value step, ValueRange carried) {
        ValueRange sums = carried.take_front(accs);
        KernelBuilder s{lb, l};
        Value buffer = s.remU(step, 2);
        Value other = s.remU(s.add(step, s.index(1)), 2);
        // The next step's activations are in flight during this one's
        // mma (past K they are zeros).
        SmallVector<Value> next = loadStep(s, s.add(step, s.index(1)));
        // This step's packed weight words of each B tile, and the next
        // step's in flight.
        SmallVector<SmallVector<Value>> words(kTilesN);
        for (int64_t nt = 0; nt < kTilesN; ++nt)
          llvm::append_range(words[nt],
                             carried.slice(accs + nt * stepWords, stepWords));
        SmallVector<Value> nextWords = loadWeights(s, s.add(step, s.index(1)));
        SmallVector<Value> acc(sums);
        Value tIndex = t;
        for (int64_t ks = 0; ks < kStepK / 32; ++ks) {
          // A fragments from shared memory.
          SmallVector<std::array<Value, 4>> a(tilesM);
          for (int64_t mt = 0; mt < tilesM; ++mt)
            for (int r = 0; r < 4; ++r) {
              Value row = s.add(rowA, s.index(mt * 16 + 8 * (r % 2)));
              Value col = s.add(tIndex, s.index(8 * ks + 4 * (r / 2)));
              a[mt][r] = memref::LoadOp::create(lb, l, smem,
                                                ValueRange{buffer, row, col});
            }
          // B fragments decoded from the packed words: the word of lane
          // t, selected among the candidates of t = 0..3.
          SmallVector<std::array<Value, 2>> bf(kTilesN);
          for (int64_t nt = 0; nt < kTilesN; ++nt)
            for (int r = 0; r < 2; ++r) {
              Value word;
              for (int64_t cand = 3; cand >= 0; --cand) {
                Value candidate =
                    words[nt][(32 * ks + 16 * r + 4 * cand) / perWord];
                if (!word) {
                  word = candidate;
                  continue;
                }
                if (candidate == word)
                  continue;
                Value isCand = arith::CmpIOp::create(
                    lb, l, arith::CmpIPredicate::eq, tIndex, s.index(cand));
                word = arith::SelectOp::create(lb, l, isCand, candidate, word);
              }
              bf[nt][r] = s.decode(word, shift[r], w);
            }
          for (int64_t mt = 0; mt < tilesM; ++mt)
            for (int64_t nt = 0; nt < kTilesN; ++nt) {
              size_t base = size_t((mt * kTilesN + nt) * 4);
              auto mma = NVVM::MmaOp::create(
                  lb, l, fragType, ValueRange(a[mt]), ValueRange(bf[nt]),
                  ValueRange(ArrayRef(acc).slice(base, 4)), {16, 8, 32},
                  std::nullopt, NVVM::MMAIntOverflow::wrapped,
                  std::array<NVVM::MMATypes, 2>{NVVM::MMATypes::u8,
                                                NVVM::MMATypes::s8},
                  std::array<NVVM::MMALayout, 2>{NVVM::MMALayout::row,
                                                 NVVM::MMALayout::col});
              for (int64_t i = 0; i < 4; ++i)
                acc[base + i] = LLVM::ExtractValueOp::create(lb, l, mma, i);
            }
        }
        storeStep(s, other, next);
        gpu::BarrierOp::create(lb, l);
        llvm::append_range(acc, nextWords);
        scf::YieldOp::create(lb, l, acc);
      });

  // The epilogue of every accumulator this lane holds.
  Value warpRow = k.add(firstRow, k.mul(warpM, k.index(tilesM * 16)));
  for (int64_t mt = 0; mt < tilesM; ++mt)
    for (int64_t nt = 0; nt < kTilesN; ++nt)
      for (int64_t i = 0; i < 4; ++i) {
        Value row = k.add(warpRow, k.add(k.index(mt * 16 + 8 * (i / 2)), g));
        Value col = k.add(warpCol,
                          k.add(k.index(nt * 8 + i % 2), k.mul(t, k.index(2))));
        Value inside = arith::AndIOp::create(
            b, loc, k.lt(row, k.index(layer.m)), k.lt(col, k.index(layer.n)));
        Value value = loop.getResult(unsigned((mt * kTilesN + nt) * 4 + i));
        scf::IfOp::create(b, loc, inside, [&](OpBuilder &sb, Location l) {
          epilogue.emit(sb, l, row, col, value);
          scf::YieldOp::create(sb, l);
        });
      }
  gpu::TerminatorOp::create(b, loc);
}

} // namespace

void nvvm::buildGemm(OpBuilder &b, const Layer &layer,
                     const Epilogue &epilogue) {
  // Larger row tiles for layers with rows to spare: each weight fragment
  // then feeds twice the mma.
  GemmBuilder gemm(layer, epilogue, /*tilesM=*/layer.m >= 1024 ? 4 : 2);
  gemm.emit(b, layer.op->getLoc());
}
