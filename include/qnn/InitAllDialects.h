//===- InitAllDialects.h - Register every dialect qnn uses ------*- C++ -*-===//
//
// This file is the one registration point of dialects shared by qnn-opt,
// qnn-translate, the C++ API and the Python package.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_INITALLDIALECTS_H
#define QNN_INITALLDIALECTS_H

#include "mlir/IR/DialectRegistry.h"

namespace mlir::qnn {

/// Registers the qnn dialect and every upstream dialect and extension, so
/// that qnn tools parse and lower anything mlir-opt does.
void registerAllDialects(DialectRegistry &registry);

} // namespace mlir::qnn

#endif // QNN_INITALLDIALECTS_H
