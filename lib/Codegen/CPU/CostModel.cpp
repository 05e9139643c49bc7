//===- CostModel.cpp - Kernel choice per x86 CPU --------------------------===//
//
// This file implements the kernel cost model: each candidate kernel's inner
// loop issues a known number of instruction sequences per layer, and the
// target CPU's family gives each sequence's reciprocal throughput. The
// cheapest estimate wins.
//
//===----------------------------------------------------------------------===//

#include "qnn/Codegen/CPU/CostModel.h"

#include "qnn/Codegen/Common/KernelUtils.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/StringSwitch.h"


using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::x86;

// Rates (cycles per sequence). The Intel ones are issue 18's measurements on
// a Xeon with AMX: vpdpbusd 7.2 per ns on two ports, vpopcntq 3.9 per ns on
// one port (vpandq and vpaddq then compete for the other vector port: three
// uops on two ports), tdpbusd about 3.5 T multiply-adds per second, 7 to 8
// times VNNI. Zen 4 executes 512-bit operations as two 256-bit halves; qnn
// measured a triple at 1.4 vpdpbusd there (docs/Design.md, "Bit-serial
// kernels"). Zen 5 has a full 512-bit datapath: its rates are Zen 4's
// ratio at twice the width, not measured. The generic profile keeps the rule qnn used before the
// model: the bit-serial kernel where it needs at most half the vpdpbusd
// count.
static const CPUProfile kGeneric = {
    "generic x86-64", 0.5, 1.0, 1.0, 17.0, 1.0,
    "no CPU family: a bit-serial triple costs two vpdpbusd"};
static const CPUProfile kIntel = {
    "Intel AVX-512 (one vpopcntq port)", 0.5, 1.5, 1.0, 17.0, 1.0,
    "measured on an Intel Xeon (issue 18): vpdpbusd 2 per cycle, vpopcntq 1, "
    "tdpbusd 3.5 T multiply-adds/s"};
static const CPUProfile kZen4 = {
    "AMD Zen 4 (512-bit ops in two halves)", 1.0, 1.4, 1.0, 17.0, 1.0,
    "measured on a Zen 4 EPYC (docs/Design.md): 6.4 G vpdpbusd/s and 4.6 G "
    "bit-serial triples/s on one thread"};
static const CPUProfile kZen5 = {
    "AMD Zen 5 (512-bit datapath)", 0.5, 0.7, 0.5, 17.0, 1.0,
    "Zen 4's ratio at twice the width (not measured)"};
static const CPUProfile kZenAVX2 = {
    "AMD Zen 1-3 (AVX2)", 0.5, 1.0, 1.0, 17.0, 1.0,
    "Zen 1-3: no AVX-512; vpmaddubsw + vpmaddwd + vpaddd per 32 "
    "multiply-adds"};

const CPUProfile &mlir::qnn::x86::getCPUProfile(StringRef cpu) {
  if (cpu == "znver4")
    return kZen4;
  if (cpu == "znver5")
    return kZen5;
  if (cpu.starts_with("znver"))
    return kZenAVX2;
  bool intel = llvm::StringSwitch<bool>(cpu)
                   .Cases({"skylake-avx512", "cascadelake", "cooperlake",
                           "cannonlake", "icelake-client", "icelake-server",
                           "tigerlake", "rocketlake", "sapphirerapids",
                           "emeraldrapids", "graniterapids",
                           "graniterapids-d", "diamondrapids"},
                          true)
                   .Default(false);
  return intel ? kIntel : kGeneric;
}

LayerFacts mlir::qnn::x86::getLayerFacts(linalg::GenericOp op,
                                         IntegerLayerAttr layer,
                                         SymbolTableCollection &tables) {
  LayerFacts facts;
  auto xType = cast<ShapedType>(op.getDpsInputOperand(0)->get().getType());
  auto wType = cast<ShapedType>(op.getDpsInputOperand(1)->get().getType());
  auto outType = cast<ShapedType>(op.getDpsInitOperand(0)->get().getType());
  if (!xType.hasStaticShape() || !wType.hasStaticShape() ||
      !outType.hasStaticShape() || xType.getRank() != 4 ||
      wType.getRank() != 4 || outType.getRank() != 4)
    return facts;
  auto xBuffer = dyn_cast<MemRefType>(xType);
  auto outBuffer = dyn_cast<MemRefType>(outType);
  facts.denseBuffers = xBuffer && outBuffer && xBuffer.isLastDimUnitStride() &&
                       outBuffer.getLayout().isIdentity();
  facts.pixels = outType.getDimSize(0) * outType.getDimSize(1) *
                 outType.getDimSize(2);
  facts.inputPixels =
      xType.getDimSize(0) * xType.getDimSize(1) * xType.getDimSize(2);
  facts.outChannels = wType.getDimSize(0);
  facts.taps = wType.getDimSize(1) * wType.getDimSize(2);
  facts.channels = wType.getDimSize(3);
  facts.realChannels = std::min(layer.getChannels(), facts.channels);
  facts.weightLevels = layer.getWeightLevels();
  facts.inputBits = llvm::bit_width(uint64_t(layer.getInputMax()));
  DenseIntElementsAttr weights =
      globalConstant(op.getDpsInputOperand(1)->get(), tables, op);
  facts.constantWeights =
      weights && weights.getElementType().isInteger(8) && facts.channels > 0;
  if (facts.constantWeights) {
    auto raw = weights.getValues<int8_t>();
    std::vector<int8_t> bytes(raw.begin(), raw.end());
    facts.weightPlanes =
        getBitSerialWeightPlanes(bytes, facts.channels, facts.realChannels);
  }
  return facts;
}

static int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

SmallVector<KernelEstimate>
mlir::qnn::x86::estimateKernels(const LayerFacts &f, TargetAttr target) {
  const CPUProfile &cpu = getCPUProfile(target ? target.getCpu() : "");
  auto has = [&](StringRef feature) {
    return target && target.hasFeature(feature);
  };
  const double pixels = double(f.pixels), taps = double(f.taps);
  const double macs = pixels * double(f.outChannels) * taps * double(f.channels);
  SmallVector<KernelEstimate> out;
  out.push_back({LayerKernel::Loops, macs * cpu.loops});
  bool usable = f.constantWeights && f.denseBuffers && f.channels % 4 == 0 &&
               f.pixels > 0;
  bool avx512 = has("avx512f") && has("avx512bw") && has("avx512vnni");
  if (usable && avx512) {
    // 8 output channels (i64 lanes) x 64 input channels per triple, for
    // every pair of weight and activation planes. (First: a tie goes to
    // the kernel with fewer instructions.)
    if (has("avx512vpopcntdq") && f.weightPlanes > 0 && f.inputBits > 0)
      out.push_back(
          {LayerKernel::BitSerial,
           pixels * ceilDiv(f.outChannels, 8) * taps *
               double(f.weightPlanes * f.inputBits *
                      ceilDiv(f.realChannels, 64)) *
               cpu.bitSerial});
    // 16 output channels x 4 input channels per vpdpbusd and pixel.
    out.push_back({LayerKernel::Vnni, pixels * ceilDiv(f.outChannels, 16) *
                                          taps * double(f.channels / 4) *
                                          cpu.vnni});
  }
  if (usable && has("avx2") && !avx512)
    // 8 output channels x 4 input channels per sequence and pixel.
    out.push_back({LayerKernel::Avx2, pixels * ceilDiv(f.outChannels, 8) *
                                          taps * double(f.channels / 4) *
                                          cpu.avx2});
  if (usable && has("amx-tile") && has("amx-int8"))
    // 16 pixels x 16 output channels x 64 input bytes per tdpbusd.
    out.push_back({LayerKernel::Amx, ceilDiv(f.pixels, 16) *
                                         double(ceilDiv(f.outChannels, 16)) *
                                         taps * ceilDiv(f.channels, 64) *
                                         cpu.amx});
  // Cheapest first; among equal estimates, the earlier candidate.
  SmallVector<KernelEstimate> sorted;
  for (const KernelEstimate &e : out) {
    auto *at = llvm::find_if(
        sorted, [&](const KernelEstimate &s) { return e.cycles < s.cycles; });
    sorted.insert(at, e);
  }
  return sorted;
}
