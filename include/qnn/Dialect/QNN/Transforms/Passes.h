//===- Passes.h - qnn dialect transforms ------------------------*- C++ -*-===//
//
// This file declares the qnn dialect's transformation passes.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_TRANSFORMS_PASSES_H
#define QNN_DIALECT_QNN_TRANSFORMS_PASSES_H

#include "qnn/Dialect/QNN/IR/QNNOps.h"

#include "mlir/Pass/Pass.h"

namespace mlir::qnn {

#define GEN_PASS_DECL
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"

} // namespace mlir::qnn

#endif // QNN_DIALECT_QNN_TRANSFORMS_PASSES_H
