//===- Kernels.h - x86 convolution kernel generators -----------*- C++ -*-===//
//
// Internal to qnn-x86-vnni-conv: the kernel generators it chooses between
// and the helpers they share.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_LIB_TARGET_X86_KERNELS_H
#define QNN_LIB_TARGET_X86_KERNELS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/SymbolTable.h"

#include <cstdint>

namespace mlir::qnn::x86 {

/// A marked convolution: the u8 activations `x` [N][H][W][C], the s8
/// weights [O][KH][KW][C] read out of their constant, the i32 output
/// [N][OH][OW][O], and the window geometry of the `qnn.vnni_conv` marker.
struct MarkedConv {
  linalg::GenericOp op;
  Value x, out;
  ArrayRef<int8_t> weights;
  int64_t outC, kh, kw, c;
  /// Input channels before padding: channels [channels, c) have zero
  /// weights.
  int64_t channels;
  int64_t strideH, strideW, dilationH, dilationW;
  /// The largest activation byte.
  int64_t xmax;
};

/// The row-major offset of `indices` in an array whose dimensions after
/// the first are `sizes` (one fewer than the indices): ((i0 * s1 + i1) *
/// s2 + i2) ...
Value linearIndex(OpBuilder &b, Location loc, ValueRange indices,
                  ArrayRef<int64_t> sizes);

/// Adds a private constant global named `prefix` + a number not taken yet,
/// 64-byte aligned, holding `values`, at the start of `op`'s module; returns
/// its name.
std::string addKernelConstant(Operation *op, StringRef prefix,
                              DenseElementsAttr values, unsigned &counter);

/// The linalg.fill of zeros into `out` when it is the only access to `out`
/// before `op` (see VnniConv.cpp), or null.
linalg::FillOp findZeroFill(Operation *op, Value out);

/// Emits the kernels' outer loop: an scf.parallel over (image, run of
/// `pixelsPerRun` output pixels numbered across rows, step of channel
/// blocks) calling `emitRun(builder, loc, image, first pixel, step,
/// pixels)`. The last run takes the `pixelsTotal % pixelsPerRun` pixels
/// left: one run of `restRun` when that many remain, then one at a time.
void emitPixelRuns(
    OpBuilder &b, Location loc, int64_t batch, int64_t pixelsTotal,
    int64_t pixelsPerRun, int64_t restRun, int64_t steps,
    function_ref<void(OpBuilder &, Location, Value, Value, Value, int64_t)>
        emitRun);

/// Replaces `conv.op` by the bit-serial kernel (vpandq + vpopcntq) when its
/// weights and activations have few enough bit planes for it to need at
/// most half the instructions of the vpdpbusd kernel; otherwise changes
/// nothing and fails.
LogicalResult buildBitSerialConv(const MarkedConv &conv, unsigned &counter);

} // namespace mlir::qnn::x86

#endif // QNN_LIB_TARGET_X86_KERNELS_H
