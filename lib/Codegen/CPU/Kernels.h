//===- Kernels.h - x86 convolution kernel generators -----------*- C++ -*-===//
//
// Internal to qnn-x86-vnni-conv: the kernel generators it chooses between
// and the helpers they share.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_LIB_TARGET_X86_KERNELS_H
#define QNN_LIB_TARGET_X86_KERNELS_H

#include "qnn/Codegen/Common/KernelUtils.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/SymbolTable.h"

#include <cstdint>

namespace mlir::qnn::x86 {

/// A marked convolution: the u8 activations `x` [N][H][W][C], the s8
/// weights [O][KH][KW][C] read out of their constant, the i32 output
/// [N][OH][OW][O], and the window geometry of the `#qnn.layer` marker.
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
/// weights are at most 4 levels in bit planes and its activations have
/// bits (qnn-select-kernels weighs whether it pays); otherwise changes
/// nothing and fails.
LogicalResult buildBitSerialConv(const MarkedConv &conv, unsigned &counter);

/// Replaces `conv.op` by the AMX-INT8 kernel (`amx.tile_muli` on 16 x 64
/// byte tiles, weights repacked into `__qnn_amx_weights_N`, with `pack` as
/// 1-, 2- or 4-bit codes where they have at most 16 levels) when the
/// output is dense and the activations statically strided with contiguous
/// channels; otherwise changes nothing and fails.
LogicalResult buildAmxConv(const MarkedConv &conv, unsigned &counter,
                           bool pack);

/// libqnn_runtime's `int32_t qnn_amx_request(void)`: 0 once Linux granted
/// this process the AMX tile data, else the error status it recorded for
/// qnn_model_run. Every AMX kernel calls it before its loops run.
inline constexpr llvm::StringLiteral kAmxRequestName = "qnn_amx_request";

/// The declaration of `kAmxRequestName` in `op`'s module, added if absent.
func::FuncOp amxRequestFunction(Operation *op);

} // namespace mlir::qnn::x86

#endif // QNN_LIB_TARGET_X86_KERNELS_H
