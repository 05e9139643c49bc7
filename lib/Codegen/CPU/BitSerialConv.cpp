//===- BitSerialConv.cpp - x86 bit-serial convolution kernel --------------===//
//
// The bit-serial kernel of qnn-x86-vnni-conv. Weights with at most 4 levels
// are l0 + sum_i d_i b_i over bit planes b_i (the bits of each weight's
// code), activations of few bits are sum_j 2^j a_j over bit planes a_j, so
//
//   sum_c w[c] x[c] = l0 sum_c x[c] + sum_i d_i sum_j 2^j popcount(b_i & a_j)
//
// with one vpandq + vpopcntq + vpaddq per 64 input channels of 8 output
// channels (i64 lanes): 512 one-bit products, where vpdpbusd does 64 byte
// products.
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include "qnn/Codegen/CPU/CostModel.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/bit.h"

#include <array>
#include <numeric>
#include <optional>

using namespace mlir;
using namespace mlir::qnn;

namespace {

/// Weights as bit planes: a weight whose level has index `code` in
/// `levels` (increasing) is levels[0] + sum_i coefficients[i] * bit i of
/// `code`.
struct WeightPlanes {
  SmallVector<int64_t, 4> levels;
  SmallVector<int64_t, 2> coefficients;
};

/// The planes of `weights` [..][c], counting only the first `channels` of
/// each row of `c`: 2 levels take one plane, 3 two (codes 1 and 2
/// one bit each), 4 two when code 3's level is the sum of the steps of
/// codes 1 and 2 (evenly spaced levels are); none otherwise.
std::optional<WeightPlanes> weightPlanes(ArrayRef<int8_t> weights, int64_t c,
                                         int64_t channels) {
  std::array<bool, 256> used{};
  for (size_t i = 0; i < weights.size(); ++i)
    if (int64_t(i) % c < channels)
      used[uint8_t(weights[i])] = true;
  WeightPlanes planes;
  for (int v = INT8_MIN; v <= INT8_MAX; ++v)
    if (used[uint8_t(v)])
      planes.levels.push_back(v);
  ArrayRef<int64_t> l = planes.levels;
  if (l.size() < 2 || l.size() > 4 ||
      (l.size() == 4 && l[0] + l[3] != l[1] + l[2]))
    return std::nullopt;
  planes.coefficients.push_back(l[1] - l[0]);
  if (l.size() > 2)
    planes.coefficients.push_back(l[2] - l[0]);
  return planes;
}

/// A zero-padded buffer whose padding only the layer reads: `x` a fresh
/// buffer that is zero-filled and read by nothing but the layer, except
/// through one window [0, top, left, 0] (all images, the first channels)
/// that is either a copy of a smaller buffer or written in place by its
/// producer. The kernel reads the window (or the copy's source) and treats
/// the rest as zero, so the fill (and a copy with its buffer) can go.
struct PaddedCopy {
  Value src;
  int64_t top, left;
  /// What the kernel makes dead, in an order that erases uses first.
  SmallVector<Operation *> ops;
};

/// Whether the fill `user` writes zero to all of `x`.
bool isZeroFill(Operation *user, Value x) {
  if (auto fill = dyn_cast<linalg::FillOp>(user))
    return fill.hasPureBufferSemantics() && fill.getOutputs()[0] == x &&
           matchPattern(fill.value(), m_Zero());
  auto map = dyn_cast<linalg::MapOp>(user);
  if (!map || !map.hasPureBufferSemantics() || !map.getInputs().empty() ||
      map.getInit() != x)
    return false;
  Operation *yield = map.getMapper().front().getTerminator();
  return yield->getNumOperands() == 1 &&
         matchPattern(yield->getOperand(0), m_Zero());
}

/// Whether `user` writes every element of `view` without reading any: a
/// fill, or an all-parallel linalg op whose only output is `view` (through
/// a permutation) and whose body ignores the output's old values.
bool writesAllOf(Operation *user, Value view) {
  if (auto fill = dyn_cast<linalg::FillOp>(user))
    return fill.hasPureBufferSemantics() && fill.getOutputs()[0] == view;
  auto linalgOp = dyn_cast<linalg::LinalgOp>(user);
  if (!linalgOp || !linalgOp.hasPureBufferSemantics() ||
      linalgOp.getNumDpsInits() != 1 ||
      linalgOp.getDpsInitOperand(0)->get() != view ||
      llvm::any_of(linalgOp.getDpsInputs(),
                   [&](Value in) { return in == view; }) ||
      linalgOp.getNumLoops() != linalgOp.getNumParallelLoops())
    return false;
  OpOperand *init = linalgOp.getDpsInitOperand(0);
  return linalgOp.getMatchingIndexingMap(init).isPermutation() &&
         !linalgOp.payloadUsesValueFromOperand(init);
}

std::optional<PaddedCopy> findPaddedCopy(linalg::GenericOp op, Value x,
                                         Value out) {
  auto alloc = x.getDefiningOp<memref::AllocOp>();
  if (!alloc || alloc->getBlock() != op->getBlock())
    return std::nullopt;
  Operation *fill = nullptr, *dealloc = nullptr;
  memref::SubViewOp view;
  for (Operation *user : x.getUsers()) {
    if (user == op)
      continue;
    if (user->getBlock() != op->getBlock())
      return std::nullopt;
    if (!fill && isZeroFill(user, x))
      fill = user;
    else if (auto v = dyn_cast<memref::SubViewOp>(user); v && !view)
      view = v;
    else if (isa<memref::DeallocOp>(user) && !dealloc)
      dealloc = user;
    else
      return std::nullopt;
  }
  if (!fill || !view || !fill->isBeforeInBlock(op) ||
      (dealloc && dealloc->isBeforeInBlock(op)))
    return std::nullopt;
  auto xType = cast<MemRefType>(x.getType());
  ArrayRef<int64_t> offsets = view.getStaticOffsets(),
                    sizes = view.getStaticSizes(),
                    strides = view.getStaticStrides();
  if (offsets.size() != 4 || ShapedType::isDynamicShape(offsets) ||
      ShapedType::isDynamicShape(sizes) || offsets[0] != 0 || offsets[3] != 0 ||
      llvm::any_of(strides, [](int64_t s) { return s != 1; }) ||
      sizes[0] != xType.getDimSize(0))
    return std::nullopt;
  // Every use of the window lies in the layer's block.
  Operation *first = nullptr;
  for (Operation *user : view->getUsers()) {
    if (user->getBlock() != op->getBlock())
      return std::nullopt;
    if (!first || user->isBeforeInBlock(first))
      first = user;
  }
  if (!first || !fill->isBeforeInBlock(first) || !first->isBeforeInBlock(op))
    return std::nullopt;

  // A copy of a smaller buffer into the window: read that buffer, provided
  // nothing between the copy and the layer writes it (only pure ops,
  // globals, fresh allocations and the zero fill of the layer's own output
  // lie there).
  if (auto copy = dyn_cast<memref::CopyOp>(first);
      copy && view->hasOneUse() && copy.getTarget() == view) {
    auto srcType = dyn_cast<MemRefType>(copy.getSource().getType());
    if (!srcType || !srcType.hasStaticShape() ||
        !srcType.isLastDimUnitStride() || ArrayRef(sizes) != srcType.getShape())
      return std::nullopt;
    for (Operation *it = copy->getNextNode(); it != op; it = it->getNextNode())
      if (!isMemoryEffectFree(it) &&
          !isa<memref::GetGlobalOp, memref::AllocOp>(it) &&
          !(isa<linalg::FillOp>(it) &&
            cast<linalg::FillOp>(it).getOutputs()[0] == out &&
            out != copy.getSource()))
        return std::nullopt;
    PaddedCopy padded{copy.getSource(), offsets[1], offsets[2], {}};
    padded.ops = {copy, view, fill};
    if (dealloc)
      padded.ops.push_back(dealloc);
    padded.ops.push_back(alloc);
    return padded;
  }
  // The window written in place: its first user writes all of it, so only
  // the fill of the padding goes.
  if (!writesAllOf(first, view) ||
      !cast<MemRefType>(view.getType()).isLastDimUnitStride())
    return std::nullopt;
  return PaddedCopy{view, offsets[1], offsets[2], {fill}};
}

} // namespace

int64_t x86::getBitSerialWeightPlanes(ArrayRef<int8_t> weights, int64_t c,
                                      int64_t channels) {
  std::optional<WeightPlanes> planes = weightPlanes(weights, c, channels);
  return planes ? int64_t(planes->coefficients.size()) : 0;
}

LogicalResult x86::buildBitSerialConv(const MarkedConv &conv,
                                      unsigned &counter) {
  const int64_t c = conv.c, kh = conv.kh, kw = conv.kw, outC = conv.outC;
  // Padded channels have no bits in either operand's planes.
  const int64_t channels = conv.channels;
  std::optional<WeightPlanes> planes = weightPlanes(conv.weights, c, channels);
  if (!planes || conv.xmax < 1)
    return failure();
  const int64_t wPlanes = planes->coefficients.size();
  const int64_t xPlanes = llvm::bit_width(uint64_t(conv.xmax));
  const int64_t words = (channels + 63) / 64;
  const int64_t l0 = planes->levels[0];
  const bool needSum = l0 != 0;

  // 8 output channels (i64 lanes) per block; steps of R blocks share each
  // activation broadcast, runs of P output pixels each weight load, within
  // 16 accumulator registers.
  const int64_t lanes = 8;
  int64_t blocks = (outC + lanes - 1) / lanes;
  const int64_t blocksPerStep = std::min<int64_t>(2, blocks);
  const int64_t steps = (blocks + blocksPerStep - 1) / blocksPerStep;
  blocks = steps * blocksPerStep;
  const int64_t pixelsPerRun =
      std::clamp<int64_t>(16 / (blocksPerStep * wPlanes * xPlanes), 1, 8);

  // Weight planes [O/(8R)][KH][KW][C/64][planes][R][8] of 64-bit words, bit
  // k of word (.., v, i, r, lane) bit i of the code of output channel
  // 8 * (R * step + r) + lane, input channel 64 * v + k; zero past O and
  // `channels`.
  std::array<uint8_t, 256> codeOf{};
  for (auto [code, level] : llvm::enumerate(planes->levels))
    codeOf[uint8_t(level)] = uint8_t(code);
  std::vector<int64_t> packed(
      size_t(blocks * lanes * kh * kw * words * wPlanes), 0);
  for (int64_t o = 0; o < outC; ++o)
    for (int64_t y = 0; y < kh; ++y)
      for (int64_t xk = 0; xk < kw; ++xk)
        for (int64_t ch = 0; ch < channels; ++ch) {
          int64_t block = o / lanes;
          uint8_t code =
              codeOf[uint8_t(conv.weights[((o * kh + y) * kw + xk) * c + ch])];
          for (int64_t i = 0; i < wPlanes; ++i) {
            if (!((code >> i) & 1))
              continue;
            int64_t at =
                (((((block / blocksPerStep) * kh + y) * kw + xk) * words +
                  ch / 64) *
                     wPlanes +
                 i) *
                    blocksPerStep * lanes +
                block % blocksPerStep * lanes + o % lanes;
            packed[size_t(at)] |= int64_t(uint64_t(1) << (ch % 64));
          }
        }

  linalg::GenericOp op = conv.op;
  // Planes of a zero-padded copy come from its source; the padding's are
  // zero. (Looked for before this adds ops in between.)
  std::optional<PaddedCopy> padded = findPaddedCopy(op, conv.x, conv.out);
  OpBuilder b(op);
  Location loc = op.getLoc();
  auto i8 = b.getI8Type(), i32 = b.getI32Type(), i64 = b.getI64Type();
  auto packedType = RankedTensorType::get({int64_t(packed.size())}, i64);
  std::string name = addKernelConstant(
      op, "__qnn_popcnt_weights_",
      DenseElementsAttr::get(packedType, ArrayRef(packed)), counter);
  Value wp = memref::GetGlobalOp::create(
      b, loc, MemRefType::get(packedType.getShape(), i64), name);

  linalg::FillOp zeroFill = findZeroFill(op, conv.out);
  const bool fromZero = bool(zeroFill);
  if (zeroFill)
    zeroFill.erase();

  // Activation planes, built once per layer: per input pixel, for each
  // 64-channel word v and plane j, word v * xPlanes + j holds bit j of
  // channels 64 v .. 64 v + 63 (zero from `channels` on), then with `needSum`
  // the sum of the pixel's activations.
  auto xType = cast<MemRefType>(conv.x.getType());
  auto outType = cast<MemRefType>(conv.out.getType());
  const int64_t batch = xType.getDimSize(0), h = xType.getDimSize(1),
                w = xType.getDimSize(2);
  const int64_t perPixel = words * xPlanes + (needSum ? 1 : 0);
  auto planesType = MemRefType::get({batch * h * w * perPixel}, i64);
  Value xPlanesBuf =
      memref::AllocOp::create(b, loc, planesType, b.getI64IntegerAttr(64));
  auto cst = [](OpBuilder &cb, Location l, int64_t v) -> Value {
    return arith::ConstantIndexOp::create(cb, l, v);
  };
  auto bytesType = VectorType::get({64}, i8);
  auto vecType = VectorType::get({lanes}, i64);
  Value c0 = cst(b, loc, 0), c1 = cst(b, loc, 1);
  Value src = padded ? padded->src : conv.x;
  auto srcType = cast<MemRefType>(src.getType());
  const int64_t srcC = srcType.getDimSize(3);
  scf::ParallelOp::create(
      b, loc, ValueRange{c0, c0},
      ValueRange{cst(b, loc, batch), cst(b, loc, h)}, ValueRange{c1, c1},
      [&](OpBuilder &pb, Location l, ValueRange nh) {
        Value zeroByte = arith::ConstantIntOp::create(pb, l, i8, 0);
        Value zeroBytes = arith::ConstantOp::create(
            pb, l, DenseElementsAttr::get(bytesType, pb.getI8IntegerAttr(0)));
        Value zeroWord = arith::ConstantIntOp::create(pb, l, i64, 0);
        // Stores the planes (and sum) of source pixel (iy, ix) at `base`.
        auto emitPlanes = [&](OpBuilder &fb, Location lf, Value iy, Value ix,
                              Value base) {
          auto store = [&](Value word, int64_t at) {
            memref::StoreOp::create(fb, lf, word, xPlanesBuf,
                                    ValueRange{arith::AddIOp::create(
                                        fb, lf, base, cst(fb, lf, at))});
          };
          Value sum = zeroWord;
          for (int64_t v = 0; v < words; ++v) {
            Value bytes = vector::TransferReadOp::create(
                fb, lf, bytesType, src,
                ValueRange{nh[0], iy, ix, cst(fb, lf, v * 64)}, zeroByte,
                ArrayRef<bool>{(v + 1) * 64 <= srcC});
            for (int64_t j = 0; j < xPlanes; ++j) {
              Value bit = arith::ConstantOp::create(
                  fb, lf,
                  DenseElementsAttr::get(bytesType,
                                         fb.getI8IntegerAttr(int8_t(1 << j))));
              Value set = arith::CmpIOp::create(
                  fb, lf, arith::CmpIPredicate::ne,
                  arith::AndIOp::create(fb, lf, bytes, bit), zeroBytes);
              Value word = vector::ExtractOp::create(
                  fb, lf,
                  vector::BitCastOp::create(fb, lf, VectorType::get({1}, i64),
                                            set),
                  ArrayRef<int64_t>{0});
              if (int64_t rest = channels - v * 64; rest < 64)
                word = arith::AndIOp::create(
                    fb, lf, word,
                    arith::ConstantIntOp::create(
                        fb, lf, i64, int64_t((uint64_t(1) << rest) - 1)));
              store(word, v * xPlanes + j);
              if (needSum)
                sum = arith::AddIOp::create(
                    fb, lf, sum,
                    arith::ShLIOp::create(
                        fb, lf, math::CtPopOp::create(fb, lf, word),
                        arith::ConstantIntOp::create(fb, lf, i64, j)));
            }
          }
          if (needSum)
            store(sum, words * xPlanes);
        };
        scf::ForOp::create(
            pb, l, cst(pb, l, 0), cst(pb, l, w), cst(pb, l, 1), ValueRange{},
            [&](OpBuilder &fb, Location lf, Value xi, ValueRange) {
              Value pixel = linearIndex(fb, lf, {nh[0], nh[1], xi}, {h, w});
              Value base =
                  arith::MulIOp::create(fb, lf, pixel, cst(fb, lf, perPixel));
              if (!padded) {
                emitPlanes(fb, lf, nh[1], xi, base);
                scf::YieldOp::create(fb, lf);
                return;
              }
              // Inside the copied window (unsigned compares of the shifted
              // coordinates), or padding.
              Value iy = arith::SubIOp::create(fb, lf, nh[1],
                                               cst(fb, lf, padded->top));
              Value ix =
                  arith::SubIOp::create(fb, lf, xi, cst(fb, lf, padded->left));
              Value inside = arith::AndIOp::create(
                  fb, lf,
                  arith::CmpIOp::create(fb, lf, arith::CmpIPredicate::ult, iy,
                                        cst(fb, lf, srcType.getDimSize(1))),
                  arith::CmpIOp::create(fb, lf, arith::CmpIPredicate::ult, ix,
                                        cst(fb, lf, srcType.getDimSize(2))));
              scf::IfOp::create(
                  fb, lf, inside,
                  [&](OpBuilder &tb, Location lt) {
                    emitPlanes(tb, lt, iy, ix, base);
                    scf::YieldOp::create(tb, lt);
                  },
                  [&](OpBuilder &eb, Location le) {
                    for (int64_t k = 0; k < perPixel; ++k)
                      memref::StoreOp::create(
                          eb, le, zeroWord, xPlanesBuf,
                          ValueRange{arith::AddIOp::create(eb, le, base,
                                                           cst(eb, le, k))});
                    scf::YieldOp::create(eb, le);
                  });
              scf::YieldOp::create(fb, lf);
            });
        scf::ReduceOp::create(pb, l);
      });

  const int64_t oh = outType.getDimSize(1), ow = outType.getDimSize(2);
  const bool inBounds = outC == blocks * lanes;
  // Accumulator (pixel p, block r, weight plane i, activation plane j) of a
  // run of `pixels`, then with `needSum` each pixel's window sum of x.
  auto accIndex = [&](int64_t p, int64_t r, int64_t i, int64_t j) {
    return ((p * blocksPerStep + r) * wPlanes + i) * xPlanes + j;
  };
  // Emits output pixels [first, first + pixels) (flat over the image) of
  // image `n`, channel blocks [R * step, R * step + R).
  auto emitRun = [&](OpBuilder &ob, Location l, Value n, Value first,
                     Value step, int64_t pixels) {
    auto q = [&](OpBuilder &bb, int64_t v) { return cst(bb, l, v); };
    const int64_t numAcc = pixels * blocksPerStep * wPlanes * xPlanes;
    SmallVector<Value> oys, oxs;
    for (int64_t p = 0; p < pixels; ++p) {
      Value flat = arith::AddIOp::create(ob, l, first, q(ob, p));
      oys.push_back(arith::DivUIOp::create(ob, l, flat, q(ob, ow)));
      oxs.push_back(arith::RemUIOp::create(ob, l, flat, q(ob, ow)));
    }
    Value zeros = arith::ConstantOp::create(
        ob, l, DenseElementsAttr::get(vecType, ob.getI64IntegerAttr(0)));
    SmallVector<Value> inits(numAcc, zeros);
    if (needSum)
      inits.append(pixels, arith::ConstantIntOp::create(ob, l, i64, 0));
    auto loopY = scf::ForOp::create(
        ob, l, q(ob, 0), q(ob, kh), q(ob, 1), inits,
        [&](OpBuilder &yb, Location ly, Value ky, ValueRange accY) {
          auto loopX = scf::ForOp::create(
              yb, ly, q(yb, 0), q(yb, kw), q(yb, 1), accY,
              [&](OpBuilder &kb, Location lk, Value kx, ValueRange accX) {
                SmallVector<Value> acc(accX);
                // Each pixel's input pixel at this tap, as the offset of its
                // planes.
                SmallVector<Value> bases;
                for (int64_t p = 0; p < pixels; ++p) {
                  Value iy = arith::AddIOp::create(
                      kb, lk,
                      arith::MulIOp::create(kb, lk, oys[p],
                                            q(kb, conv.strideH)),
                      arith::MulIOp::create(kb, lk, ky, q(kb, conv.dilationH)));
                  Value ix = arith::AddIOp::create(
                      kb, lk,
                      arith::MulIOp::create(kb, lk, oxs[p],
                                            q(kb, conv.strideW)),
                      arith::MulIOp::create(kb, lk, kx, q(kb, conv.dilationW)));
                  Value pixel = linearIndex(kb, lk, {n, iy, ix}, {h, w});
                  bases.push_back(
                      arith::MulIOp::create(kb, lk, pixel, q(kb, perPixel)));
                  if (needSum) {
                    Value s = memref::LoadOp::create(
                        kb, lk, xPlanesBuf,
                        ValueRange{arith::AddIOp::create(
                            kb, lk, bases[p], q(kb, words * xPlanes))});
                    acc[numAcc + p] =
                        arith::AddIOp::create(kb, lk, acc[numAcc + p], s);
                  }
                }
                // Weight words of this tap start at tap * words * planes *
                // R * 8.
                Value tap = linearIndex(kb, lk, {step, ky, kx}, {kh, kw});
                Value tapBase = arith::MulIOp::create(
                    kb, lk, tap,
                    q(kb, words * wPlanes * blocksPerStep * lanes));
                auto emitWord = [&](OpBuilder &cb, Location lc, Value v,
                                    ValueRange in) {
                  SmallVector<Value> next(in);
                  SmallVector<Value> ws;
                  for (int64_t i = 0; i < wPlanes; ++i)
                    for (int64_t r = 0; r < blocksPerStep; ++r) {
                      Value at = arith::AddIOp::create(
                          cb, lc, tapBase,
                          arith::AddIOp::create(
                              cb, lc,
                              arith::MulIOp::create(
                                  cb, lc, v,
                                  q(cb, wPlanes * blocksPerStep * lanes)),
                              q(cb, (i * blocksPerStep + r) * lanes)));
                      ws.push_back(
                          vector::LoadOp::create(cb, lc, vecType, wp, at));
                    }
                  for (int64_t p = 0; p < pixels; ++p)
                    for (int64_t j = 0; j < xPlanes; ++j) {
                      Value at = arith::AddIOp::create(
                          cb, lc, bases[p],
                          arith::AddIOp::create(
                              cb, lc,
                              arith::MulIOp::create(cb, lc, v, q(cb, xPlanes)),
                              q(cb, j)));
                      Value xb = vector::BroadcastOp::create(
                          cb, lc, vecType,
                          memref::LoadOp::create(cb, lc, xPlanesBuf, at));
                      for (int64_t r = 0; r < blocksPerStep; ++r)
                        for (int64_t i = 0; i < wPlanes; ++i) {
                          Value &a = next[accIndex(p, r, i, j)];
                          a = arith::AddIOp::create(
                              cb, lc, a,
                              math::CtPopOp::create(
                                  cb, lc,
                                  arith::AndIOp::create(
                                      cb, lc, ws[i * blocksPerStep + r], xb)));
                        }
                    }
                  return next;
                };
                if (words == 1)
                  acc = emitWord(kb, lk, q(kb, 0), acc);
                else
                  acc = scf::ForOp::create(
                            kb, lk, q(kb, 0), q(kb, words), q(kb, 1), acc,
                            [&](OpBuilder &cb, Location lc, Value v,
                                ValueRange in) {
                              scf::YieldOp::create(cb, lc,
                                                   emitWord(cb, lc, v, in));
                            })
                            .getResults();
                scf::YieldOp::create(kb, lk, acc);
              });
          scf::YieldOp::create(yb, ly, loopX.getResults());
        });
    auto splat = [&](int64_t v) -> Value {
      return arith::ConstantOp::create(
          ob, l, DenseElementsAttr::get(vecType, ob.getI64IntegerAttr(v)));
    };
    // The blocks of a step are adjacent channels: their i32 results are
    // concatenated and stored (or added to the output) as one vector, which
    // costs less than a truncating store per block.
    const int64_t stepLanes = blocksPerStep * lanes;
    auto stepType = VectorType::get({stepLanes}, i32);
    for (int64_t p = 0; p < pixels; ++p) {
      Value sum;
      for (int64_t r = 0; r < blocksPerStep; ++r) {
        // l0 * window sum + sum_i d_i sum_j 2^j popcount(b_i & a_j).
        Value result;
        for (int64_t i = 0; i < wPlanes; ++i) {
          Value plane;
          for (int64_t j = 0; j < xPlanes; ++j) {
            Value a = loopY.getResult(accIndex(p, r, i, j));
            if (j)
              a = arith::ShLIOp::create(ob, l, a, splat(j));
            plane = plane ? Value(arith::AddIOp::create(ob, l, plane, a)) : a;
          }
          int64_t d = planes->coefficients[i];
          if (d != 1)
            plane = arith::MulIOp::create(ob, l, plane, splat(d));
          result = result ? Value(arith::AddIOp::create(ob, l, result, plane))
                          : plane;
        }
        if (needSum)
          result = arith::AddIOp::create(
              ob, l, result,
              vector::BroadcastOp::create(
                  ob, l, vecType,
                  arith::MulIOp::create(
                      ob, l, loopY.getResult(numAcc + p),
                      arith::ConstantIntOp::create(ob, l, i64, l0))));
        Value block = arith::TruncIOp::create(
            ob, l, VectorType::get({lanes}, i32), result);
        if (!sum) {
          sum = block;
          continue;
        }
        SmallVector<int64_t> lanesOf(stepLanes);
        std::iota(lanesOf.begin(), lanesOf.end(), 0);
        sum = vector::ShuffleOp::create(ob, l, sum, block, lanesOf);
      }
      Value o0 = arith::MulIOp::create(ob, l, step, q(ob, stepLanes));
      SmallVector<Value> at = {n, oys[p], oxs[p], o0};
      if (!fromZero)
        sum = arith::AddIOp::create(
            ob, l, sum,
            vector::TransferReadOp::create(
                ob, l, stepType, conv.out, at,
                arith::ConstantIntOp::create(ob, l, i32, 0),
                ArrayRef<bool>{inBounds}));
      vector::TransferWriteOp::create(ob, l, sum, conv.out, at,
                                      ArrayRef<bool>{inBounds});
    }
  };

  // Parallel over images, runs of output pixels and steps; the last run
  // takes the pixels that do not fill one: half a run, then one by one.
  emitPixelRuns(b, loc, outType.getDimSize(0), oh * ow, pixelsPerRun,
                pixelsPerRun / 2, steps, emitRun);
  memref::DeallocOp::create(b, loc, xPlanesBuf);
  op.erase();
  if (padded)
    for (Operation *dead : padded->ops)
      dead->erase();
  return success();
}
