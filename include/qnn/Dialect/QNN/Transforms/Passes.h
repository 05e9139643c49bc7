//===- Passes.h - qnn dialect transforms ------------------------*- C++ -*-===//
//
// This file declares the qnn dialect's transformation passes.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_TRANSFORMS_PASSES_H
#define QNN_DIALECT_QNN_TRANSFORMS_PASSES_H

#include "qnn/Dialect/QNN/IR/QNNOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Pass/Pass.h"

namespace mlir::qnn {

#define GEN_PASS_DECL
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"

/// Whether `op` is one of the scheme quantizers (qnn.pact, qnn.sawb, ...)
/// that qnn-legalize-quantizers rewrites.
bool isSchemeQuantizer(Operation *op);

/// Rewrites the scheme quantizer `op` as qnn-legalize-quantizers does (codes
/// of a quantized type, then qnn.dequantize) and erases it; returns the
/// dequantized values that replaced its result, or fails with a diagnostic
/// on `op` (left in place).
FailureOr<Value> legalizeQuantizer(Operation *op);

#define GEN_PASS_REGISTRATION
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"

} // namespace mlir::qnn

#endif // QNN_DIALECT_QNN_TRANSFORMS_PASSES_H
