//===- CostModel.h - Kernel choice per x86 CPU ------------------*- C++ -*-===//
//
// This file declares the cost model that picks each integer layer's kernel
// family from the instruction rates of the target CPU.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_CODEGEN_CPU_COSTMODEL_H
#define QNN_CODEGEN_CPU_COSTMODEL_H

#include "qnn/Dialect/QNN/IR/QNNAttrs.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/SymbolTable.h"

#include <cstdint>
#include <optional>

namespace mlir::qnn::x86 {

/// Reciprocal throughputs (cycles per instruction sequence, in the steady
/// state of each kernel's inner loop) of a CPU family.
struct CPUProfile {
  /// The family, for remarks ("Intel AVX-512", "AMD Zen 4", ...).
  llvm::StringRef family;
  /// One 512-bit vpdpbusd: 64 u8 x s8 multiply-adds.
  double vnni;
  /// One 512-bit vpandq + vpopcntq + vpaddq: 512 weight bits times 512
  /// activation bits of one plane each.
  double bitSerial;
  /// One 256-bit vpmaddubsw + vpmaddwd + vpaddd: 32 multiply-adds.
  double avx2;
  /// One tdpbusd on 16 x 64-byte tiles (16 x 16 x 64 multiply-adds) with
  /// its share of tile loads.
  double amx;
  /// One scalar multiply-add of the portable loops.
  double loops;
  /// Where the rates come from.
  llvm::StringRef source;
};

/// The profile of the CPU named `cpu` (an LLVM CPU name): Intel AVX-512
/// cores, AMD Zen 4, Zen 5, other AMD cores, or a generic profile.
const CPUProfile &getCPUProfile(llvm::StringRef cpu);

/// What the cost model needs to know of a marked layer.
struct LayerFacts {
  /// Output pixels (batch x height x width) and input pixels.
  int64_t pixels = 0, inputPixels = 0;
  /// Output channels, window taps, input channels (padded to 4) and the
  /// channels before padding.
  int64_t outChannels = 0, taps = 0, channels = 0, realChannels = 0;
  /// Distinct weight levels among the real channels; bit planes of the
  /// levels when the bit-serial kernel can represent them (0 otherwise).
  int64_t weightLevels = 0, weightPlanes = 0;
  /// Bits of the largest activation byte.
  int64_t inputBits = 0;
  /// Whether the weights are a known constant and the buffers static,
  /// the activations' channels contiguous and the output dense (every
  /// kernel needs that).
  bool constantWeights = false, denseBuffers = false;
};

/// The facts of `op`, a linalg.generic marked `qnn.layer` on buffers.
LayerFacts getLayerFacts(linalg::GenericOp op, IntegerLayerAttr layer,
                         SymbolTableCollection &tables);

/// The bit planes the bit-serial kernel needs for `weights` ([..][c], the
/// first `channels` of each row counted): 1 for 2 levels, 2 for 3 levels or
/// for 4 levels l0 + d0 b0 + d1 b1; 0 when it cannot represent them.
int64_t getBitSerialWeightPlanes(llvm::ArrayRef<int8_t> weights, int64_t c,
                                 int64_t channels);

/// One candidate kernel and its estimated cycles.
struct KernelEstimate {
  LayerKernel kernel;
  double cycles;
};

/// The kernels `target` can run for a layer with `facts`, cheapest first
/// (the portable loops always among them).
SmallVector<KernelEstimate> estimateKernels(const LayerFacts &facts,
                                            TargetAttr target);

} // namespace mlir::qnn::x86

#endif // QNN_CODEGEN_CPU_COSTMODEL_H
