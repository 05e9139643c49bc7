//===- Kernels.h - NVVM layer kernel generators -----------------*- C++ -*-===//
//
// Internal to qnn-nvvm-layer-kernels: the layer a kernel replaces, its
// fused epilogue, and the two kernel generators (weight-streaming GEMV,
// mma.sync GEMM) with the code they share.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_LIB_TARGET_NVVM_KERNELS_H
#define QNN_LIB_TARGET_NVVM_KERNELS_H

#include "qnn/Reference/Reference.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Builders.h"

namespace mlir::qnn::nvvm {

namespace ref = ::qnn::ref;

/// A u8 x s8 -> i32 convolution marked `qnn.layer` (a dense layer is
/// the 1x1 convolution of a 1 x 1 x M x K image), seen as the GEMM
/// acc[m][n] = sum_k A[m][k] * W[n][k]: m a output pixel (batch, row,
/// column), n an output channel, k = (ky * KW + kx) * C + c a tap and input
/// channel, A the activations of pixel m under tap (ky, kx).
struct Layer {
  linalg::GenericOp op;
  /// The activations (u8, [batch][H][W][C], identity layout, C % 4 == 0)
  /// as 32-bit words, and the i32 accumulators [batch][OH][OW][O].
  Value xWords, out;
  int64_t batch, h, w, c;
  int64_t oh, ow, kh, kw, sh, sw, dh, dw;
  int64_t m, n, k;
  /// The weights W [n][k] in the GPU layout, and the global holding their
  /// words ([n * rowWords] i32).
  ref::GPUPackedWeights weights;
  Value packed;
};

/// What the kernel does with each accumulator: store it to the layer's
/// output, or run the elementwise consumer of the accumulators (the fused
/// epilogue: thresholds, requantization, rescaling) on it and store that.
struct Epilogue {
  /// Null: store the accumulator to `out` (as [m][n]).
  linalg::GenericOp consumer;
  /// The consumer's input that reads the accumulators.
  unsigned accInput = 0;
  /// The consumer's iteration shape (its last dimension is n).
  SmallVector<int64_t> shape;
  Value out;

  /// Emits, in a kernel, the epilogue of the accumulator `acc` of row `m`
  /// and column `n` (indices).
  void emit(OpBuilder &b, Location loc, Value m, Value n, Value acc) const;
};

/// Emission helpers of the kernels.
struct KernelBuilder {
  OpBuilder &b;
  Location loc;

  Value index(int64_t v) const;
  Value i32(int64_t v) const;
  Value add(Value x, Value y) const;
  Value mul(Value x, Value y) const;
  Value divU(Value x, int64_t y) const;
  Value remU(Value x, int64_t y) const;
  Value lt(Value x, Value y) const;
  Value minIndex(Value x, Value y) const;
  Value toIndex(Value i32Value) const;
  Value toI32(Value indexValue) const;

  /// The 4 level bytes of group `q` (weights 4q .. 4q + 3) of a packed
  /// word, `shift` being gpuCodeBit(bits, 4q) (an i32 value): one prmt for
  /// up to 4 levels, three and a select for up to 16; the word itself for
  /// 8-bit levels.
  Value decode(Value word, Value shift, const ref::GPUPackedWeights &w) const;
  /// acc + the dot product of 4 u8 activations and 4 s8 weights (dp4a).
  Value dot4(Value activations, Value weights, Value acc) const;
  /// The sum of `v` over the warp's 32 lanes, in every lane.
  Value warpSum(Value v) const;
};

/// Replaces `layer.op` by a weight-streaming GEMV kernel (few rows: each
/// warp streams the packed rows of a few output channels, decoding codes
/// in registers, dp4a against the activations, a warp reduction, the
/// epilogue).
void buildGemv(OpBuilder &b, const Layer &layer, const Epilogue &epilogue);

/// Whether the GEMV kernel handles `layer` (1x1 stride-1 convolutions and
/// dense layers of at most `maxRows` rows).
bool gemvApplies(const Layer &layer, int64_t maxRows);

/// Replaces `layer.op` by a tensor-core GEMM kernel (mma.sync m16n8k32
/// u8 x s8 with weights decoded on the fly, activation tiles through shared
/// memory, implicit im2col, the epilogue on the accumulator fragments).
void buildGemm(OpBuilder &b, const Layer &layer, const Epilogue &epilogue);

} // namespace mlir::qnn::nvvm

#endif // QNN_LIB_TARGET_NVVM_KERNELS_H
