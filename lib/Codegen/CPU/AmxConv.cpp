//===- AmxConv.cpp - x86 AMX-INT8 convolution kernel ----------------------===//
//
// The AMX kernel of qnn-x86-vnni-conv. A marked u8 x s8 -> i32 convolution
// becomes `amx.tile_muli` (tdpbusd) on tiles:
//
//   C[m][n] (16 x 16 i32) += sum_{k,j} A[m][4k + j] (u8) * B[k][4n + j] (s8)
//
// A holds 16 output pixels (rows) x 64 input channels of one tap, loaded
// straight from the padded activation buffer with a row stride of
// `stride_w` pixels; B holds 16 groups of 4 input channels (rows) x 16
// output channels x 4, repacked at compile time into a constant global
// (bytes, or 1-, 2- or 4-bit codes that each step decodes once). A
// step keeps 2 x 2 accumulator tiles (32 pixels x 32 output channels) over
// all taps and channel chunks, with 2 A and 2 B tiles: AMX's 8 tile
// registers. Tails (pixels past the last full block of a row, channels past
// the last full block, a last chunk of fewer than 64 input channels) take
// smaller tiles of their own static shape, so no tile reads or writes past a
// buffer and no mask is needed.
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include "mlir/Dialect/AMX/AMXDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

#include <array>

using namespace mlir;
using namespace mlir::qnn;

namespace {

/// Tile geometry: AMX tiles have at most 16 rows of at most 64 bytes.
constexpr int64_t kTileRows = 16, kTileBytes = 64;
/// Blocks of 16 pixels and of 16 output channels per step (2 x 2
/// accumulators).
constexpr int64_t kPixelBlocks = 2, kChannelBlocks = 2;

/// Splits `count` items into blocks of 16: full blocks then the rest.
SmallVector<int64_t> tileSizes(int64_t count) {
  SmallVector<int64_t> sizes;
  for (int64_t at = 0; at < count; at += kTileRows)
    sizes.push_back(std::min(kTileRows, count - at));
  return sizes;
}

} // namespace

func::FuncOp x86::amxRequestFunction(Operation *op) {
  auto module = op->getParentOfType<ModuleOp>();
  if (auto existing = module.lookupSymbol<func::FuncOp>(kAmxRequestName))
    return existing;
  OpBuilder b = OpBuilder::atBlockBegin(module.getBody());
  auto decl = func::FuncOp::create(
      b, module.getLoc(), kAmxRequestName,
      b.getFunctionType({}, {IntegerType::get(op->getContext(), 32)}));
  decl.setPrivate();
  return decl;
}

LogicalResult x86::buildAmxConv(const MarkedConv &conv, unsigned &counter,
                                bool pack) {
  linalg::GenericOp op = conv.op;
  auto xType = cast<MemRefType>(conv.x.getType());
  auto outType = cast<MemRefType>(conv.out.getType());
  // Tiles address rows linearly: the output must be dense, the activations
  // strided with static strides and contiguous channels (a window of a
  // padded buffer is).
  SmallVector<int64_t> xStrides;
  int64_t xOffset;
  if (!outType.getLayout().isIdentity() || conv.c % 4 != 0 ||
      failed(xType.getStridesAndOffset(xStrides, xOffset)) ||
      xStrides.back() != 1 || llvm::any_of(xStrides, ShapedType::isDynamic) ||
      ShapedType::isDynamic(xOffset))
    return failure();
  const int64_t batch = xType.getDimSize(0), c = conv.c;
  // Elements between images, input rows and input pixels.
  const int64_t imageStride = xStrides[0], rowStride = xStrides[1],
                pixelStride = xStrides[2];
  const int64_t oh = outType.getDimSize(1), ow = outType.getDimSize(2),
                outC = conv.outC, kh = conv.kh, kw = conv.kw;
  const int64_t sh = conv.strideH, sw = conv.strideW, dh = conv.dilationH,
                dw = conv.dilationW;

  // Pixels a tile's rows take are evenly spaced by `sw * C` bytes along an
  // output row (in a dense buffer); when each output row ends exactly where
  // the next one's input starts (`sh * W == OW * sw`: a 1x1 layer without
  // padding, a dense layer) a whole image is one line of pixels.
  const bool wholeImage = sh * rowStride == ow * sw * pixelStride;
  const int64_t lines = wholeImage ? batch : batch * oh;
  const int64_t linePixels = wholeImage ? oh * ow : ow;

  // Weights in tile layout: per block of 16 output channels, tap and chunk
  // of 64 input channels, one 16 x 64-byte B tile whose row k, bytes
  // 4n + j hold weight (o = 16 * block + n, c = 64 * chunk + 4k + j); zero
  // past O and past C. Blocks are padded to whole steps of 2.
  const int64_t stepChannels = kChannelBlocks * kTileRows;
  const int64_t steps = (outC + stepChannels - 1) / stepChannels;
  const int64_t blocks = steps * kChannelBlocks;
  const int64_t chunks = (c + kTileBytes - 1) / kTileBytes;
  const int64_t tileElems = kTileRows * kTileBytes;
  const int64_t tapTiles = kh * kw * chunks;
  std::vector<int8_t> tiles(size_t(blocks * tapTiles * tileElems), 0);
  for (int64_t o = 0; o < outC; ++o)
    for (int64_t y = 0; y < kh; ++y)
      for (int64_t xk = 0; xk < kw; ++xk)
        for (int64_t ci = 0; ci < c; ++ci) {
          int64_t tile =
              (((o / kTileRows) * kh + y) * kw + xk) * chunks + ci / kTileBytes;
          int64_t k = (ci % kTileBytes) / 4, j = ci % 4, n = o % kTileRows;
          tiles[size_t(tile * tileElems + k * kTileBytes + n * 4 + j)] =
              conv.weights[size_t(((o * kh + y) * kw + xk) * c + ci)];
        }
  // Weights with at most 16 distinct levels are stored as codes of 1, 2 or
  // 4 bits (indices into the sorted levels): `fields` rows of a tile share
  // one 64-byte row of codes, row p * fields + f in bits [f * bits, (f + 1)
  // * bits). A step decodes its tiles once into a scratch buffer that all
  // its lines reuse.
  std::array<bool, 256> used{};
  for (int8_t v : conv.weights)
    used[uint8_t(v)] = true;
  SmallVector<int8_t> levels;
  for (int v = INT8_MIN; v <= INT8_MAX; ++v)
    if (used[uint8_t(v)])
      levels.push_back(int8_t(v));
  const int64_t bits = !pack                 ? 8
                       : levels.size() <= 2  ? 1
                       : levels.size() <= 4  ? 2
                       : levels.size() <= 16 ? 4
                                             : 8;
  const bool codes = bits < 8;
  const int64_t fields = codes ? 8 / bits : 1;
  const int64_t codeRows = (kTileRows + fields - 1) / fields;
  std::vector<int8_t> stored;
  if (codes) {
    std::array<uint8_t, 256> codeOf{};
    for (auto [code, level] : llvm::enumerate(levels))
      codeOf[uint8_t(level)] = uint8_t(code);
    stored.assign(size_t(blocks * tapTiles * codeRows * kTileBytes), 0);
    for (int64_t t = 0; t < blocks * tapTiles; ++t)
      for (int64_t r = 0; r < kTileRows; ++r)
        for (int64_t x = 0; x < kTileBytes; ++x) {
          uint8_t code = codeOf[uint8_t(
              tiles[size_t(t * tileElems + r * kTileBytes + x)])];
          int8_t &slot =
              stored[size_t((t * codeRows + r / fields) * kTileBytes + x)];
          slot = int8_t(uint8_t(slot) | uint8_t(code << (r % fields * bits)));
        }
  } else {
    stored = std::move(tiles);
  }
  MLIRContext *ctx = op.getContext();
  auto i8 = IntegerType::get(ctx, 8), i32 = IntegerType::get(ctx, 32);
  auto storedTensor = RankedTensorType::get({int64_t(stored.size())}, i8);
  std::string name = addKernelConstant(
      op, "__qnn_amx_weights_",
      DenseElementsAttr::get(storedTensor, ArrayRef(stored)), counter);

  // Accumulators that start from a zero fill start from zero tiles; the
  // kernel writes every output element, so the fill goes.
  linalg::FillOp zeroFill = findZeroFill(op, conv.out);
  const bool fromZero = bool(zeroFill);
  if (zeroFill)
    zeroFill.erase();

  OpBuilder b(op);
  Location loc = op.getLoc();
  auto cst = [](OpBuilder &cb, Location l, int64_t v) -> Value {
    return arith::ConstantIndexOp::create(cb, l, v);
  };
  Value wp = memref::GetGlobalOp::create(
      b, loc, MemRefType::get({int64_t(stored.size())}, i8), name);
  // One-dimensional views: a tile row stride is counted in elements from
  // a linear index.
  auto flat = [&](Value buffer, MemRefType type) -> Value {
    SmallVector<ReassociationIndices> all(1);
    for (int64_t d = 0; d < type.getRank(); ++d)
      all[0].push_back(d);
    return memref::CollapseShapeOp::create(b, loc, buffer, all);
  };
  Value out1 = flat(conv.out, outType);
  // The activations as the 1-D span of their buffer they cover, from their
  // first element.
  Value x1;
  if (xType.getLayout().isIdentity()) {
    x1 = flat(conv.x, xType);
  } else {
    int64_t span = 1;
    for (auto [size, stride] : llvm::zip_equal(xType.getShape(), xStrides))
      span += (size - 1) * stride;
    x1 = memref::ReinterpretCastOp::create(
        b, loc,
        MemRefType::get(
            {span}, i8,
            StridedLayoutAttr::get(ctx, xOffset, ArrayRef<int64_t>{1})),
        conv.x, xOffset, ArrayRef<int64_t>{span}, ArrayRef<int64_t>{1});
  }

  // Emits one step: pixels [first, first + sum(pixelTiles)) of line `line`
  // times output channels [16 * block0, ...), each list holding the static
  // row / column counts of its (at most 2) tiles; B tiles come from
  // `weights`, block `wBlock0` being the step's first.
  auto emitStep = [&](OpBuilder &sb, Location l, Value line, Value first,
                      Value block0, Value weights, Value wBlock0,
                      ArrayRef<int64_t> pixelTiles,
                      ArrayRef<int64_t> channelTiles) {
    auto q = [&](OpBuilder &bb, int64_t v) { return cst(bb, l, v); };
    auto mul = [&](OpBuilder &bb, Value a, int64_t v) -> Value {
      return arith::MulIOp::create(bb, l, a, q(bb, v));
    };
    auto add = [&](OpBuilder &bb, Value a, Value v) -> Value {
      return arith::AddIOp::create(bb, l, a, v);
    };
    // Input byte of pixel `first` at tap (0, 0), channel 0.
    Value lineBase =
        wholeImage ? mul(sb, line, imageStride)
                   : add(sb,
                         mul(sb, arith::DivUIOp::create(sb, l, line, q(sb, oh)),
                             imageStride),
                         mul(sb, arith::RemUIOp::create(sb, l, line, q(sb, oh)),
                             sh * rowStride));
    Value pixelBase = add(sb, lineBase, mul(sb, first, sw * pixelStride));
    // Output element of pixel `first`, channel 16 * block0.
    Value outBase =
        add(sb, mul(sb, add(sb, mul(sb, line, linePixels), first), outC),
            mul(sb, block0, kTileRows));
    auto accType = [&](int64_t m, int64_t n) {
      return amx::TileType::get({m, n}, i32);
    };
    auto outAt = [&](OpBuilder &bb, size_t i, size_t jn) {
      return add(
          bb, outBase,
          q(bb, int64_t(i) * kTileRows * outC + int64_t(jn) * kTileRows));
    };
    SmallVector<Value> inits;
    for (auto [i, m] : llvm::enumerate(pixelTiles))
      for (auto [jn, n] : llvm::enumerate(channelTiles))
        inits.push_back(
            fromZero ? Value(amx::TileZeroOp::create(sb, l, accType(m, n)))
                     : Value(amx::TileLoadOp::create(sb, l, accType(m, n), out1,
                                                     outAt(sb, i, jn),
                                                     q(sb, outC))));
    // Multiply-adds of chunk `chunk` (static `bytes` wide) of tap (ky, kx).
    auto emitChunk = [&](OpBuilder &cb, Location lc, Value ky, Value kx,
                         Value chunk, int64_t bytes, ValueRange acc) {
      Value tapBase = add(
          cb, pixelBase,
          add(cb, mul(cb, ky, dh * rowStride), mul(cb, kx, dw * pixelStride)));
      Value aBase = add(cb, tapBase, mul(cb, chunk, kTileBytes));
      SmallVector<Value> as, bs;
      for (auto [i, m] : llvm::enumerate(pixelTiles))
        as.push_back(amx::TileLoadOp::create(
            cb, lc, amx::TileType::get({m, bytes}, i8), x1,
            add(cb, aBase, q(cb, int64_t(i) * kTileRows * sw * pixelStride)),
            q(cb, sw * pixelStride)));
      // B tile of block b at this tap and chunk.
      Value tap = linearIndex(cb, lc, {ky, kx, chunk}, {kw, chunks});
      for (auto [jn, n] : llvm::enumerate(channelTiles)) {
        Value tileIndex = add(
            cb, mul(cb, add(cb, wBlock0, q(cb, int64_t(jn))), tapTiles), tap);
        bs.push_back(amx::TileLoadOp::create(
            cb, lc, amx::TileType::get({bytes / 4, n * 4}, i8), weights,
            mul(cb, tileIndex, tileElems), q(cb, kTileBytes)));
      }
      SmallVector<Value> next;
      for (auto [i, m] : llvm::enumerate(pixelTiles))
        for (auto [jn, n] : llvm::enumerate(channelTiles))
          next.push_back(amx::TileMulIOp::create(
              cb, lc, accType(m, n), as[i], bs[jn],
              acc[i * channelTiles.size() + jn], /*isZextLhs=*/true,
              /*isZextRhs=*/false));
      return next;
    };
    const int64_t fullChunks = c / kTileBytes, lastBytes = c % kTileBytes;
    auto loopY = scf::ForOp::create(
        sb, l, q(sb, 0), q(sb, kh), q(sb, 1), inits,
        [&](OpBuilder &yb, Location ly, Value ky, ValueRange accY) {
          auto loopX = scf::ForOp::create(
              yb, ly, q(yb, 0), q(yb, kw), q(yb, 1), accY,
              [&](OpBuilder &xb, Location lx, Value kx, ValueRange accX) {
                SmallVector<Value> acc(accX);
                if (fullChunks > 0)
                  acc = llvm::to_vector_of<Value>(
                      scf::ForOp::create(xb, lx, q(xb, 0), q(xb, fullChunks),
                                         q(xb, 1), acc,
                                         [&](OpBuilder &cb, Location lc,
                                             Value chunk, ValueRange accC) {
                                           scf::YieldOp::create(
                                               cb, lc,
                                               emitChunk(cb, lc, ky, kx, chunk,
                                                         kTileBytes, accC));
                                         })
                          .getResults());
                if (lastBytes > 0)
                  acc = emitChunk(xb, lx, ky, kx, q(xb, fullChunks), lastBytes,
                                  acc);
                scf::YieldOp::create(xb, lx, acc);
              });
          scf::YieldOp::create(yb, ly, loopX.getResults());
        });
    for (auto [i, m] : llvm::enumerate(pixelTiles))
      for (auto [jn, n] : llvm::enumerate(channelTiles))
        amx::TileStoreOp::create(sb, l, out1, outAt(sb, i, jn),
                                 loopY.getResult(i * channelTiles.size() + jn),
                                 q(sb, outC));
  };

  const int64_t runPixels = kPixelBlocks * kTileRows;
  const int64_t runs = (linePixels + runPixels - 1) / runPixels;
  SmallVector<int64_t> fullPixels(kPixelBlocks, kTileRows),
      lastPixels = tileSizes(linePixels - (runs - 1) * runPixels),
      fullChannels(kChannelBlocks, kTileRows),
      lastChannels = tileSizes(outC - (steps - 1) * stepChannels);
  if (runs == 1)
    fullPixels = lastPixels;
  if (steps == 1)
    fullChannels = lastChannels;
  // Run `run` of line `line` times step `step`; the last run and step of a
  // line take the tails, each with tiles of its own shape.
  auto emitRun = [&](OpBuilder &pb, Location l, Value line, Value run,
                     Value step, Value weights, Value wBlock0) {
    Value first = arith::MulIOp::create(pb, l, run, cst(pb, l, runPixels));
    Value block0 =
        arith::MulIOp::create(pb, l, step, cst(pb, l, kChannelBlocks));
    auto emitChannels = [&](OpBuilder &cb, ArrayRef<int64_t> pixels) {
      if (lastChannels == fullChannels) {
        emitStep(cb, l, line, first, block0, weights, wBlock0, pixels,
                 fullChannels);
        return;
      }
      Value isFull = arith::CmpIOp::create(cb, l, arith::CmpIPredicate::ult,
                                           step, cst(cb, l, steps - 1));
      scf::IfOp::create(
          cb, l, isFull,
          [&](OpBuilder &tb, Location) {
            emitStep(tb, l, line, first, block0, weights, wBlock0, pixels,
                     fullChannels);
            scf::YieldOp::create(tb, l);
          },
          [&](OpBuilder &eb, Location) {
            emitStep(eb, l, line, first, block0, weights, wBlock0, pixels,
                     lastChannels);
            scf::YieldOp::create(eb, l);
          });
    };
    if (lastPixels == fullPixels) {
      emitChannels(pb, fullPixels);
      return;
    }
    Value isFull = arith::CmpIOp::create(pb, l, arith::CmpIPredicate::ult, run,
                                         cst(pb, l, runs - 1));
    scf::IfOp::create(
        pb, l, isFull,
        [&](OpBuilder &tb, Location) {
          emitChannels(tb, fullPixels);
          scf::YieldOp::create(tb, l);
        },
        [&](OpBuilder &eb, Location) {
          emitChannels(eb, lastPixels);
          scf::YieldOp::create(eb, l);
        });
  };
  Value c0 = cst(b, loc, 0), c1 = cst(b, loc, 1);
  // Linux hands out the tile registers only to processes that asked
  // (arch_prctl): libqnn_runtime asks once, and where it is refused (or the
  // CPU lacks AMX) records the error qnn_model_run returns; the layer then
  // runs no iteration instead of faulting. The loop stays top-level, so
  // that qnn-outline-parallel-loops still spreads it over threads.
  Value refused =
      func::CallOp::create(b, loc, amxRequestFunction(op), ValueRange{})
          .getResult(0);
  Value granted =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, refused,
                            arith::ConstantIntOp::create(b, loc, i32, 0));
  auto unlessRefused = [&](int64_t count) -> Value {
    return arith::SelectOp::create(b, loc, granted, cst(b, loc, count), c0);
  };
  if (!codes) {
    // Parallel over lines, runs of 32 pixels and steps of 32 output
    // channels, B tiles straight from the constant.
    scf::ParallelOp::create(
        b, loc, ValueRange{c0, c0, c0},
        ValueRange{unlessRefused(lines), cst(b, loc, runs), cst(b, loc, steps)},
        ValueRange{c1, c1, c1}, [&](OpBuilder &pb, Location l, ValueRange ix) {
          emitRun(
              pb, l, ix[0], ix[1], ix[2], wp,
              arith::MulIOp::create(pb, l, ix[2], cst(pb, l, kChannelBlocks)));
          scf::ReduceOp::create(pb, l);
        });
    op.erase();
    return success();
  }
  // Codes: parallel over steps and up to 4 groups of lines; each decodes
  // its step's tiles once into scratch (`2 x KH x KW x chunks` tiles), then
  // runs all runs of its lines from there.
  const int64_t groupLines = (lines + 3) / 4;
  const int64_t groups = (lines + groupLines - 1) / groupLines;
  auto bytesType = VectorType::get({kTileBytes}, i8);
  scf::ParallelOp::create(
      b, loc, ValueRange{c0, c0},
      ValueRange{cst(b, loc, steps), unlessRefused(groups)}, ValueRange{c1, c1},
      [&](OpBuilder &pb, Location l, ValueRange ix) {
        Value step = ix[0], group = ix[1];
        auto q = [&](int64_t v) { return cst(pb, l, v); };
        Value scratch = memref::AllocOp::create(
            pb, l, MemRefType::get({kChannelBlocks * tapTiles * tileElems}, i8),
            /*alignment=*/pb.getI64IntegerAttr(64));
        auto splat = [&](OpBuilder &vb, int64_t v) -> Value {
          return arith::ConstantOp::create(
              vb, l, DenseElementsAttr::get(bytesType, vb.getI8IntegerAttr(v)));
        };
        // Decode: row p * fields + f of tile t of block jn is field f of
        // stored row p, mapped through the levels (a select per level).
        scf::ForOp::create(
            pb, l, q(0), q(kChannelBlocks * tapTiles), q(1), ValueRange{},
            [&](OpBuilder &db, Location ld, Value t, ValueRange) {
              // Tile t of the step: block step * 2 + t / tapTiles.
              Value global = arith::AddIOp::create(
                  db, ld,
                  arith::MulIOp::create(db, ld, step,
                                        cst(db, ld, kChannelBlocks * tapTiles)),
                  t);
              Value mask = splat(db, (1 << bits) - 1);
              for (int64_t p = 0; p < codeRows; ++p) {
                Value at = arith::MulIOp::create(
                    db, ld,
                    arith::AddIOp::create(
                        db, ld,
                        arith::MulIOp::create(db, ld, global,
                                              cst(db, ld, codeRows)),
                        cst(db, ld, p)),
                    cst(db, ld, kTileBytes));
                Value v = vector::LoadOp::create(db, ld, bytesType, wp, at);
                for (int64_t f = 0; f < fields && p * fields + f < kTileRows;
                     ++f) {
                  Value field = f == 0 ? v
                                       : Value(arith::ShRUIOp::create(
                                             db, ld, v, splat(db, f * bits)));
                  Value code = arith::AndIOp::create(db, ld, field, mask);
                  Value level = splat(db, levels[0]);
                  for (size_t k = 1; k < levels.size(); ++k)
                    level = arith::SelectOp::create(
                        db, ld,
                        arith::CmpIOp::create(db, ld, arith::CmpIPredicate::eq,
                                              code, splat(db, int64_t(k))),
                        splat(db, levels[k]), level);
                  Value row = arith::AddIOp::create(
                      db, ld,
                      arith::MulIOp::create(db, ld, t, cst(db, ld, tileElems)),
                      cst(db, ld, (p * fields + f) * kTileBytes));
                  vector::StoreOp::create(db, ld, level, scratch, row);
                }
              }
              scf::YieldOp::create(db, ld);
            });
        Value firstLine = arith::MulIOp::create(pb, l, group, q(groupLines));
        Value lastLine = arith::MinUIOp::create(
            pb, l, arith::AddIOp::create(pb, l, firstLine, q(groupLines)),
            q(lines));
        scf::ForOp::create(
            pb, l, firstLine, lastLine, q(1), ValueRange{},
            [&](OpBuilder &lb, Location ll, Value line, ValueRange) {
              scf::ForOp::create(
                  lb, ll, cst(lb, ll, 0), cst(lb, ll, runs), cst(lb, ll, 1),
                  ValueRange{},
                  [&](OpBuilder &rb, Location lr, Value run, ValueRange) {
                    emitRun(rb, lr, line, run, step, scratch, cst(rb, lr, 0));
                    scf::YieldOp::create(rb, lr);
                  });
              scf::YieldOp::create(lb, ll);
            });
        memref::DeallocOp::create(pb, l, scratch);
        scf::ReduceOp::create(pb, l);
      });
  op.erase();
  return success();
}
