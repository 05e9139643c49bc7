//===- VnniConv.cpp - x86 u8 x s8 convolution kernels ---------------------===//
//
// This file implements qnn-x86-vnni-conv: u8 x s8 -> i32 convolutions marked
// by convert-qnn-to-linalg become loops of vpdpbusd (AVX-512 VNNI) or of
// vpmaddubsw + vpmaddwd (AVX2) over weights repacked at compile time. It is
// the only x86-specific code generator; the pipeline runs it for
// target=avx512-vnni and target=avx2.
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include "qnn/Codegen/CPU/CostModel.h"
#include "qnn/Codegen/CPU/Passes.h"
#include "qnn/Codegen/Common/Target.h"

#include "mlir/Dialect/AMX/AMXDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include <array>

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNX86VNNICONV
#include "qnn/Codegen/CPU/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

void x86::emitPixelRuns(
    OpBuilder &b, Location loc, int64_t batch, int64_t pixelsTotal,
    int64_t pixelsPerRun, int64_t restRun, int64_t steps,
    function_ref<void(OpBuilder &, Location, Value, Value, Value, int64_t)>
        emitRun) {
  const int64_t fullRuns = pixelsTotal / pixelsPerRun,
                rest = pixelsTotal % pixelsPerRun;
  auto cst = [](OpBuilder &cb, Location l, int64_t v) -> Value {
    return arith::ConstantIndexOp::create(cb, l, v);
  };
  Value c0 = cst(b, loc, 0), c1 = cst(b, loc, 1);
  scf::ParallelOp::create(
      b, loc, ValueRange{c0, c0, c0},
      ValueRange{cst(b, loc, batch), cst(b, loc, fullRuns + (rest ? 1 : 0)),
                 cst(b, loc, steps)},
      ValueRange{c1, c1, c1}, [&](OpBuilder &pb, Location l, ValueRange ix) {
        Value image = ix[0], run = ix[1], step = ix[2];
        auto emitFull = [&](OpBuilder &fb) {
          emitRun(fb, l, image,
                  arith::MulIOp::create(fb, l, run, cst(fb, l, pixelsPerRun)),
                  step, pixelsPerRun);
        };
        auto emitRest = [&](OpBuilder &rb) {
          int64_t from = fullRuns * pixelsPerRun;
          if (restRun > 1 && rest >= restRun) {
            emitRun(rb, l, image, cst(rb, l, from), step, restRun);
            from += restRun;
          }
          if (from < pixelsTotal)
            scf::ForOp::create(
                rb, l, cst(rb, l, from), cst(rb, l, pixelsTotal), cst(rb, l, 1),
                ValueRange{},
                [&](OpBuilder &xb, Location l2, Value px, ValueRange) {
                  emitRun(xb, l2, image, px, step, 1);
                  scf::YieldOp::create(xb, l2);
                });
        };
        if (rest == 0) {
          emitFull(pb);
        } else if (fullRuns == 0) {
          emitRest(pb);
        } else {
          Value isFull = arith::CmpIOp::create(pb, l, arith::CmpIPredicate::ult,
                                               run, cst(pb, l, fullRuns));
          scf::IfOp::create(
              pb, l, isFull,
              [&](OpBuilder &tb, Location) {
                emitFull(tb);
                scf::YieldOp::create(tb, l);
              },
              [&](OpBuilder &eb, Location) {
                emitRest(eb);
                scf::YieldOp::create(eb, l);
              });
        }
        scf::ReduceOp::create(pb, l);
      });
}

namespace {

struct X86VnniConvPass
    : public mlir::qnn::impl::QNNX86VnniConvBase<X86VnniConvPass> {
  using Base::Base;

  void runOnOperation() override {
    SymbolTableCollection tables;
    unsigned counter = 0;
    TargetAttr target = TargetAttr::lookup(getOperation());
    for (linalg::GenericOp op : markedLayers(getOperation())) {
      // The kernel qnn-select-kernels chose, else the cost model's choice
      // now.
      IntegerLayerAttr layer = getLayer(op);
      LayerKernel kernel = layer.getKernel();
      if (kernel == LayerKernel::Unselected) {
        if (!target || !target.isX86()) {
          op.emitError() << "qnn-x86-vnni-conv: the layer has no kernel "
                            "chosen, and the module has no x86 #qnn.target "
                            "(run qnn-attach-target)";
          return signalPassFailure();
        }
        kernel = x86::estimateKernels(x86::getLayerFacts(op, layer, tables),
                                      target)
                     .front()
                     .kernel;
      }
      if (kernel == LayerKernel::Loops)
        continue;
      // An AVX-512 kernel chosen for another machine (AMX emulation chooses
      // for the AMX CPU) is generated as the AVX2 target's.
      if ((kernel == LayerKernel::Vnni || kernel == LayerKernel::BitSerial) &&
          target && !target.hasFeature("avx512vnni") &&
          target.hasFeature("avx2"))
        kernel = LayerKernel::Avx2;
      if (failed(rewrite(op, kernel, tables, counter)))
        return signalPassFailure();
    }
  }

  /// Replaces `op` by `kernel`'s loops; fails with a diagnostic when the
  /// layer does not fit the kernel chosen for it.
  LogicalResult rewrite(linalg::GenericOp op, LayerKernel kernelChoice,
                        SymbolTableCollection &tables, unsigned &counter) {
    Value x = op.getDpsInputOperand(0)->get();
    Value w = op.getDpsInputOperand(1)->get();
    Value out = op.getDpsInitOperand(0)->get();
    auto xType = cast<MemRefType>(x.getType());
    auto wType = cast<MemRefType>(w.getType());
    auto outType = cast<MemRefType>(out.getType());
    auto unfit = [&](StringRef why) {
      return op.emitError() << "qnn-x86-vnni-conv: the layer does not fit "
                               "its kernel '"
                            << stringifyLayerKernel(kernelChoice)
                            << "': " << why;
    };
    DenseIntElementsAttr weights = globalConstant(w, tables, op);
    if (!weights || !weights.getElementType().isInteger(8))
      return unfit("its weights are not a constant s8 global");
    if (!xType.hasStaticShape() || !outType.hasStaticShape() ||
        !xType.isLastDimUnitStride() || !outType.getLayout().isIdentity())
      return unfit("its buffers are not static, contiguous NHWC");
    IntegerLayerAttr params = getLayer(op);
    int64_t sh = params.getStrides()[0], sw = params.getStrides()[1];
    int64_t dh = params.getDilations()[0], dwl = params.getDilations()[1];
    int64_t xmax = params.getInputMax();
    int64_t outC = wType.getDimSize(0), kh = wType.getDimSize(1),
            kw = wType.getDimSize(2), c = wType.getDimSize(3);
    // Input channels past `channels` are padding: zero weights that only
    // the vpdpbusd kernel's groups of 4 need.
    int64_t channels = params.getChannels();
    if (c % 4 != 0 || channels > c)
      return unfit("its input channels are not padded to a multiple of 4");
    // Read as raw bytes: large layers would not afford an APInt each.
    auto values = weights.getValues<int8_t>();
    std::vector<int8_t> src(values.begin(), values.end());
    // AMX tiles; a layer they do not take gets the target's vector kernel.
    if (kernelChoice == LayerKernel::Amx) {
      if (succeeded(x86::buildAmxConv({op, x, out, src, outC, kh, kw, c,
                                       channels, sh, sw, dh, dwl, xmax},
                                      counter, pack))) {
        eraseDeadGlobal(w, tables);
        return success();
      }
      TargetAttr target = TargetAttr::lookup(op);
      kernelChoice = target && target.hasFeature("avx512vnni")
                         ? LayerKernel::Vnni
                         : LayerKernel::Avx2;
    }
    // Few weight levels times few activation bits: the bit-serial kernel.
    if (kernelChoice == LayerKernel::BitSerial) {
      if (failed(x86::buildBitSerialConv(
              {op, x, out, src, outC, kh, kw, c, channels, sh, sw, dh, dwl,
               xmax},
              counter)))
        return unfit("its weights have more than 4 levels or levels that are "
                     "not bit planes, or its activations no bits");
      eraseDeadGlobal(w, tables);
      return success();
    }
    if (kernelChoice != LayerKernel::Vnni && kernelChoice != LayerKernel::Avx2)
      return unfit("no x86 generator makes it");
    const bool avx2 = kernelChoice == LayerKernel::Avx2;
    // The instruction sequence. vpmaddubsw adds two u8 x s8 products into a
    // saturating i16: AVX2 uses it only when every pair of adjacent weights
    // keeps that sum in range for all activations in [0, xmax], and
    // otherwise widens both operands to i16 for vpmaddwd, which is always
    // exact for 8-bit levels.
    enum class Kind { Vnni, Avx2Bytes, Avx2Words } kind = Kind::Vnni;
    if (avx2) {
      kind = Kind::Avx2Bytes;
      for (size_t i = 0; i + 1 < src.size(); i += 2) {
        int64_t a = src[i], b = src[i + 1];
        int64_t hi = xmax * (std::max<int64_t>(a, 0) + std::max<int64_t>(b, 0));
        int64_t lo = xmax * (std::min<int64_t>(a, 0) + std::min<int64_t>(b, 0));
        if (hi > INT16_MAX || lo < INT16_MIN)
          kind = Kind::Avx2Words;
      }
    }
    // i32 lanes per vector: 16 for vpdpbusd.512, 8 for AVX2's 256 bits; each
    // lane sums 4 input channels of one output channel.
    const int64_t lanes = avx2 ? 8 : 16, groupElems = lanes * 4;
    const unsigned elemBits = kind == Kind::Avx2Words ? 16 : 8;
    int64_t c4 = c / 4, blocks = (outC + lanes - 1) / lanes;
    // Each step computes `blocksPerStep` channel blocks, which share every
    // activation broadcast (AVX-512's 32 registers hold 2 x 8 accumulators;
    // AVX2's 16 only one block's). Weights are zero-padded to whole steps;
    // the padded block's lanes are never stored.
    const int64_t blocksPerStep = avx2 ? 1 : std::min<int64_t>(2, blocks);
    const int64_t steps = (blocks + blocksPerStep - 1) / blocksPerStep;
    blocks = steps * blocksPerStep;

    // Weights with at most 16 distinct levels are stored as codes of 1, 2
    // or 4 bits (indices into the sorted levels), `fields` codes per byte,
    // and decoded in registers by a table lookup (vpshufb).
    std::array<bool, 256> used{};
    for (int8_t w : src)
      used[uint8_t(w)] = true;
    SmallVector<int8_t> levels;
    for (int v = INT8_MIN; v <= INT8_MAX; ++v)
      if (used[uint8_t(v)])
        levels.push_back(int8_t(v));
    const int64_t bits = !pack || kind == Kind::Avx2Words ? 8
                         : levels.size() <= 2             ? 1
                         : levels.size() <= 4             ? 2
                         : levels.size() <= 16            ? 4
                                                          : 8;
    const bool packed = bits < 8;
    std::array<uint8_t, 256> codeOf{};
    for (auto [code, level] : llvm::enumerate(levels))
      codeOf[uint8_t(level)] = uint8_t(code);
    const int64_t fields = packed ? 8 / bits : 1;
    // Vectors of weights per tap: one per group of 4 input channels, or
    // when packed one per `fields` groups (the last possibly partial).
    const int64_t vectorsPerTap = (c4 + fields - 1) / fields;

    // Repack the weights, zero past O: [O/(lanes*R)][KH][KW][C/4][R] groups
    // of [lanes][4] bytes (R = blocksPerStep: the blocks of a step are read
    // as one stream), or for i16 words [2][lanes][2] (channel pairs, each a
    // vpmaddwd operand). Packed, group g of a tap lives in vector g / fields
    // as bit field g % fields of the same bytes.
    // Raw host-order storage: large layers would not afford an APInt each.
    std::vector<int16_t> repacked(
        size_t(blocks * kh * kw * vectorsPerTap * groupElems), 0);
    for (int64_t ob = 0; ob < blocks; ++ob)
      for (int64_t y = 0; y < kh; ++y)
        for (int64_t xk = 0; xk < kw; ++xk)
          for (int64_t g = 0; g < c4; ++g)
            for (int64_t lane = 0; lane < lanes; ++lane) {
              int64_t o = ob * lanes + lane;
              if (o >= outC)
                continue;
              int64_t vec =
                  ((((ob / blocksPerStep) * kh + y) * kw + xk) * vectorsPerTap +
                   g / fields) *
                      blocksPerStep +
                  ob % blocksPerStep;
              for (int64_t j = 0; j < 4; ++j) {
                int64_t at = kind == Kind::Avx2Words
                                 ? (j / 2) * lanes * 2 + lane * 2 + j % 2
                                 : lane * 4 + j;
                int8_t w =
                    src[size_t(((o * kh + y) * kw + xk) * c + g * 4 + j)];
                int16_t &slot = repacked[size_t(vec * groupElems + at)];
                if (packed)
                  slot |= int16_t(codeOf[uint8_t(w)] << (g % fields * bits));
                else
                  slot = w;
              }
            }
    auto i8 = IntegerType::get(op.getContext(), 8);
    auto elemType = IntegerType::get(op.getContext(), elemBits);
    auto packedType = MemRefType::get({int64_t(repacked.size())}, elemType);
    auto packedTensor =
        RankedTensorType::get({int64_t(repacked.size())}, elemType);
    DenseElementsAttr packedValues;
    if (elemBits == 16) {
      packedValues = DenseElementsAttr::get(packedTensor, ArrayRef(repacked));
    } else {
      std::vector<int8_t> bytes(repacked.begin(), repacked.end());
      packedValues = DenseElementsAttr::get(packedTensor, ArrayRef(bytes));
    }
    std::string name =
        addKernelConstant(op, "__qnn_vnni_weights_", packedValues, counter);

    // Accumulators that start from a zero fill start from zero registers
    // instead: the kernel writes every element, so the fill goes.
    linalg::FillOp zeroFill = findZeroFill(op, out);
    const bool fromZero = bool(zeroFill);
    if (zeroFill)
      zeroFill.erase();

    OpBuilder b(op);
    Location loc = op.getLoc();
    Value wp = memref::GetGlobalOp::create(b, loc, packedType, name);
    auto i16 = b.getI16Type(), i32 = b.getI32Type();
    auto accType = VectorType::get({lanes}, i32);
    auto bytesType = VectorType::get({groupElems}, i8);
    auto pairsType = VectorType::get({lanes * 2}, i16);
    Value zero32 = arith::ConstantIntOp::create(b, loc, i32, 0);
    Value ones =
        kind == Kind::Avx2Bytes
            ? arith::ConstantOp::create(
                  b, loc,
                  DenseElementsAttr::get(pairsType, b.getI16IntegerAttr(1)))
            : Value();
    auto call = [&](OpBuilder &cb, Location lc, Type type, StringRef name,
                    ValueRange args) -> Value {
      return LLVM::CallIntrinsicOp::create(cb, lc, type, cb.getStringAttr(name),
                                           args)
          .getResult(0);
    };
    // Decoding a packed vector: each byte's low nibble, and its high nibble
    // shifted down, index (vpshufb) a 16-entry table per field, replicated
    // per 128-bit lane, that maps the whole nibble to the level of the
    // field's code in it. One mask per nibble serves all the fields in it.
    SmallVector<Value> fieldTables;
    Value nibbleShift, nibbleMask;
    if (packed) {
      auto splat = [&](ArrayRef<int8_t> pattern) -> Value {
        SmallVector<int8_t> bytes;
        while (int64_t(bytes.size()) < groupElems)
          bytes.append(pattern.begin(), pattern.end());
        return arith::ConstantOp::create(
            b, loc, DenseElementsAttr::get(bytesType, ArrayRef(bytes)));
      };
      nibbleShift = splat({4});
      nibbleMask = splat({0x0F});
      for (int64_t k = 0; k < fields; ++k) {
        int64_t low = k * bits % 4;
        SmallVector<int8_t> table(16, 0);
        for (int64_t nibble = 0; nibble < 16; ++nibble) {
          size_t code = (nibble >> low) & ((1 << bits) - 1);
          if (code < levels.size())
            table[nibble] = levels[code];
        }
        fieldTables.push_back(splat(table));
      }
    }
    // The weight operands of the groups of 4 input channels in the weight
    // vector at `off`: one group, or the first `count` fields when packed.
    auto loadWeights = [&](OpBuilder &cb, Location lc, Value off,
                           int64_t count) -> SmallVector<SmallVector<Value>> {
      if (packed) {
        Value v = vector::LoadOp::create(cb, lc, bytesType, wp, off);
        Value nibbles[2];
        SmallVector<SmallVector<Value>> groups;
        for (int64_t k = 0; k < count; ++k) {
          int64_t half = k * bits / 4;
          if (!nibbles[half])
            nibbles[half] = arith::AndIOp::create(
                cb, lc,
                half ? Value(arith::ShRUIOp::create(cb, lc, v, nibbleShift))
                     : v,
                nibbleMask);
          groups.push_back({call(cb, lc, bytesType,
                                 avx2 ? "llvm.x86.avx2.pshuf.b"
                                      : "llvm.x86.avx512.pshuf.b.512",
                                 {fieldTables[k], nibbles[half]})});
        }
        return groups;
      }
      if (kind != Kind::Avx2Words)
        return {{vector::LoadOp::create(cb, lc, bytesType, wp, off)}};
      Value second = arith::AddIOp::create(
          cb, lc, off, arith::ConstantIndexOp::create(cb, lc, lanes * 2));
      return {{vector::LoadOp::create(cb, lc, pairsType, wp, off),
               vector::LoadOp::create(cb, lc, pairsType, wp, second)}};
    };
    // The activation operands: the 4 bytes `x4` broadcast to every lane, as
    // bytes, or as two pairs of i16 words.
    auto broadcastActivations = [&](OpBuilder &cb, Location lc,
                                    Value x4) -> SmallVector<Value> {
      if (kind != Kind::Avx2Words) {
        Value xi =
            vector::BitCastOp::create(cb, lc, VectorType::get({1}, i32), x4);
        Value xs = vector::ExtractOp::create(cb, lc, xi, ArrayRef<int64_t>{0});
        // LLVM 22 takes the byte operands as <N x i8>.
        return {vector::BitCastOp::create(
            cb, lc, bytesType,
            vector::BroadcastOp::create(cb, lc, accType, xs))};
      }
      Value words = vector::BitCastOp::create(
          cb, lc, VectorType::get({2}, i32),
          arith::ExtUIOp::create(cb, lc, VectorType::get({4}, i16), x4));
      SmallVector<Value> halves;
      for (int64_t h = 0; h < 2; ++h)
        halves.push_back(vector::BitCastOp::create(
            cb, lc, pairsType,
            vector::BroadcastOp::create(
                cb, lc, accType,
                vector::ExtractOp::create(cb, lc, words,
                                          ArrayRef<int64_t>{h}))));
      return halves;
    };
    // acc + sum over the 4 channels of x[j] (u8) * w[j] (s8), per i32 lane.
    auto dot = [&](OpBuilder &cb, Location lc, Value acc, ArrayRef<Value> xs,
                   ArrayRef<Value> ws) -> Value {
      switch (kind) {
      case Kind::Vnni:
        return call(cb, lc, accType, "llvm.x86.avx512.vpdpbusd.512",
                    {acc, xs[0], ws[0]});
      case Kind::Avx2Bytes: {
        Value pairs = call(cb, lc, pairsType, "llvm.x86.avx2.pmadd.ub.sw",
                           {xs[0], ws[0]});
        return arith::AddIOp::create(
            cb, lc, acc,
            call(cb, lc, accType, "llvm.x86.avx2.pmadd.wd", {pairs, ones}));
      }
      case Kind::Avx2Words:
        for (auto [xh, wh] : llvm::zip_equal(xs, ws))
          acc = arith::AddIOp::create(
              cb, lc, acc,
              call(cb, lc, accType, "llvm.x86.avx2.pmadd.wd", {xh, wh}));
        return acc;
      }
      llvm_unreachable("unknown kernel kind");
    };
    int64_t batch = outType.getDimSize(0), oh = outType.getDimSize(1),
            ow = outType.getDimSize(2);
    // Output pixels, numbered row by row across the whole output image, are
    // computed 8 at a time, so that each weight load feeds that many
    // multiply-adds (one accumulator register each), then 4 and one by one
    // for the remainder. 16 at a time measured 2x slower on a 4096 x 4096
    // GEMM (bench/RESULTS.md).
    const int64_t pixelsPerStep = 8, pixelsTotal = oh * ow;
    // Without tail or padding blocks every accumulator vector lies within
    // the output's channels: plain loads and stores, no masks.
    const bool inBounds = outC == blocks * lanes;

    // Emits the computation of `pixels` output pixels starting at flat
    // pixel `first` for channel blocks [step * blocksPerStep, ...) of image
    // `bi`.
    auto emitBlock = [&](OpBuilder &ob, Location l, Value bi, Value first,
                         Value step, int64_t pixels) {
      auto q = [&](OpBuilder &bb, int64_t v) -> Value {
        return arith::ConstantIndexOp::create(bb, l, v);
      };
      SmallVector<Value> o0s;
      for (int64_t r = 0; r < blocksPerStep; ++r)
        o0s.push_back(arith::MulIOp::create(
            ob, l,
            arith::AddIOp::create(
                ob, l, arith::MulIOp::create(ob, l, step, q(ob, blocksPerStep)),
                q(ob, r)),
            q(ob, lanes)));
      // A lone pixel gives each field of a packed vector its own
      // accumulator, so that consecutive vpdpbusd do not wait on each other.
      const int64_t splits = pixels == 1 ? fields : 1;
      // Accumulator of pixel p, block r, split k.
      auto accIndex = [&](int64_t p, int64_t r, int64_t k) {
        return (p * blocksPerStep + r) * splits + k;
      };
      Value zeros = arith::ConstantOp::create(
          ob, l, DenseElementsAttr::get(accType, ob.getI32IntegerAttr(0)));
      SmallVector<Value> oys, oxs, inits;
      for (int64_t p = 0; p < pixels; ++p) {
        Value flat = arith::AddIOp::create(ob, l, first, q(ob, p));
        oys.push_back(arith::DivUIOp::create(ob, l, flat, q(ob, ow)));
        oxs.push_back(arith::RemUIOp::create(ob, l, flat, q(ob, ow)));
        for (Value o0 : o0s) {
          inits.push_back(fromZero ? zeros
                                   : Value(vector::TransferReadOp::create(
                                         ob, l, accType, out,
                                         ValueRange{bi, oys[p], oxs[p], o0},
                                         zero32, ArrayRef<bool>{inBounds})));
          inits.append(splits - 1, zeros);
        }
      }
      auto loopY = scf::ForOp::create(
          ob, l, q(ob, 0), q(ob, kh), q(ob, 1), inits,
          [&](OpBuilder &yb, Location ly, Value ky, ValueRange accY) {
            auto loopX = scf::ForOp::create(
                yb, ly, q(yb, 0), q(yb, kw), q(yb, 1), accY,
                [&](OpBuilder &kb, Location lk, Value kx, ValueRange accX) {
                  SmallVector<Value> iys, ixs;
                  for (auto [oy, ox] : llvm::zip_equal(oys, oxs)) {
                    iys.push_back(arith::AddIOp::create(
                        kb, lk, arith::MulIOp::create(kb, lk, oy, q(kb, sh)),
                        arith::MulIOp::create(kb, lk, ky, q(kb, dh))));
                    ixs.push_back(arith::AddIOp::create(
                        kb, lk, arith::MulIOp::create(kb, lk, ox, q(kb, sw)),
                        arith::MulIOp::create(kb, lk, kx, q(kb, dwl))));
                  }
                  // Block r's vectors of this tap start at
                  // ((step * KH + ky) * KW + kx) * vectorsPerTap * R *
                  // groupElems + r * groupElems.
                  Value tap = linearIndex(kb, lk, {step, ky, kx}, {kh, kw});
                  Value tapBase = arith::MulIOp::create(
                      kb, lk, tap,
                      q(kb, vectorsPerTap * blocksPerStep * groupElems));
                  SmallVector<Value> bases;
                  for (int64_t r = 0; r < blocksPerStep; ++r)
                    bases.push_back(arith::AddIOp::create(
                        kb, lk, tapBase, q(kb, r * groupElems)));
                  // Multiply-adds of the first `count` groups of weight
                  // vector `vec` of this tap into `acc`.
                  auto emitVector = [&](OpBuilder &cb, Location lc, Value vec,
                                        int64_t count, ValueRange acc) {
                    Value at = arith::MulIOp::create(
                        cb, lc, vec, q(cb, blocksPerStep * groupElems));
                    SmallVector<SmallVector<SmallVector<Value>>> groups;
                    for (Value base : bases)
                      groups.push_back(loadWeights(
                          cb, lc, arith::AddIOp::create(cb, lc, base, at),
                          count));
                    SmallVector<Value> next(acc);
                    for (int64_t k = 0; k < count; ++k) {
                      // Channel (vec * fields + k) * 4.
                      Value ch = arith::MulIOp::create(
                          cb, lc,
                          arith::AddIOp::create(
                              cb, lc,
                              arith::MulIOp::create(cb, lc, vec, q(cb, fields)),
                              q(cb, k)),
                          q(cb, 4));
                      for (int64_t p = 0; p < pixels; ++p) {
                        Value x4 = vector::LoadOp::create(
                            cb, lc, VectorType::get({4}, i8), x,
                            ValueRange{bi, iys[p], ixs[p], ch});
                        SmallVector<Value> xs =
                            broadcastActivations(cb, lc, x4);
                        for (int64_t r = 0; r < blocksPerStep; ++r) {
                          Value &a = next[accIndex(p, r, k % splits)];
                          a = dot(cb, lc, a, xs, groups[r][k]);
                        }
                      }
                    }
                    return next;
                  };
                  SmallVector<Value> accT(accX);
                  if (c4 / fields > 0)
                    accT = scf::ForOp::create(
                               kb, lk, q(kb, 0), q(kb, c4 / fields), q(kb, 1),
                               accX,
                               [&](OpBuilder &cb, Location lc, Value vec,
                                   ValueRange accC) {
                                 scf::YieldOp::create(
                                     cb, lc,
                                     emitVector(cb, lc, vec, fields, accC));
                               })
                               .getResults();
                  // The last, partially filled packed vector.
                  if (c4 % fields != 0)
                    accT = emitVector(kb, lk, q(kb, c4 / fields), c4 % fields,
                                      accT);
                  scf::YieldOp::create(kb, lk, accT);
                });
            scf::YieldOp::create(yb, ly, loopX.getResults());
          });
      for (int64_t p = 0; p < pixels; ++p)
        for (auto [r, o0] : llvm::enumerate(o0s)) {
          Value sum = loopY.getResult(accIndex(p, r, 0));
          for (int64_t k = 1; k < splits; ++k)
            sum = arith::AddIOp::create(ob, l, sum,
                                        loopY.getResult(accIndex(p, r, k)));
          vector::TransferWriteOp::create(ob, l, sum, out,
                                          ValueRange{bi, oys[p], oxs[p], o0},
                                          ArrayRef<bool>{inBounds});
        }
    };

    // Parallel over images, runs of 8 output pixels and steps of channel
    // blocks (a GEMV, one pixel, still splits over its blocks). The last
    // parallel pixel run takes the pixels that do not fill 8: 4, then one by
    // one.
    x86::emitPixelRuns(b, loc, batch, pixelsTotal, pixelsPerStep,
                       /*restRun=*/4, steps, emitBlock);
    op.erase();
    eraseDeadGlobal(w, tables);
    return success();
  }

  /// The weights in their original layout are dead once a kernel replaced
  /// their layer: drop them rather than emit them twice.
};

} // namespace
