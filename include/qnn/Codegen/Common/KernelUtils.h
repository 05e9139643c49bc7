//===- KernelUtils.h - What target kernel generators share -----*- C++ -*-===//
//
// This file declares the helpers the target-specific kernel generators
// (lib/Codegen/CPU, lib/Codegen/GPU) share.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_CODEGEN_COMMON_KERNELUTILS_H
#define QNN_CODEGEN_COMMON_KERNELUTILS_H

#include "qnn/Dialect/QNN/IR/QNNAttrs.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/SymbolTable.h"

#include <string>

namespace mlir::qnn {

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
/// before `op` (see KernelUtils.cpp), or null.
linalg::FillOp findZeroFill(Operation *op, Value out);

/// The attribute by which convert-qnn-to-linalg marks an integer layer for
/// the kernels (a #qnn.layer on a u8 x s8 -> i32 linalg.generic).
inline constexpr llvm::StringLiteral kLayerAttrName = "qnn.layer";

/// The #qnn.layer of `op`, or null.
IntegerLayerAttr getLayer(Operation *op);

/// Sets the #qnn.layer of `op`.
void setLayer(Operation *op, IntegerLayerAttr layer);

/// The layers convert-qnn-to-linalg marked `qnn.layer` (u8 x s8 -> i32
/// convolutions) under `root`, on buffers.
SmallVector<linalg::GenericOp> markedLayers(Operation *root);

/// The constant behind a memref.get_global, or null.
DenseIntElementsAttr globalConstant(Value memref, SymbolTableCollection &tables,
                                    Operation *from);

/// Erases the memref.get_global defining `memref` when nothing uses it, and
/// its private global when nothing else refers to it (weights a kernel
/// repacked).
void eraseDeadGlobal(Value memref, SymbolTableCollection &tables);

} // namespace mlir::qnn

#endif // QNN_CODEGEN_COMMON_KERNELUTILS_H
