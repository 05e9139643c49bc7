//===- Passes.h - qnn Common code generation passes -------------*- C++ -*-===//
//
// This file declares qnn's Common code generation passes (Passes.td).
//
//===----------------------------------------------------------------------===//

#ifndef QNN_CODEGEN_COMMON_PASSES_H
#define QNN_CODEGEN_COMMON_PASSES_H

#include "qnn/Dialect/QNN/IR/QNNDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Pass/Pass.h"

namespace mlir::qnn {

#define GEN_PASS_DECL
#include "qnn/Codegen/Common/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "qnn/Codegen/Common/Passes.h.inc"

} // namespace mlir::qnn

#endif // QNN_CODEGEN_COMMON_PASSES_H
