//===- QNNDialect.h - qnn dialect -------------------------------*- C++ -*-===//
//
// This file declares the qnn dialect class.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_IR_QNNDIALECT_H
#define QNN_DIALECT_QNN_IR_QNNDIALECT_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Dialect.h"

#include "qnn/Dialect/QNN/IR/QNNDialect.h.inc"

#endif // QNN_DIALECT_QNN_IR_QNNDIALECT_H
