//===- QNNAttrs.h - qnn attributes ------------------------------*- C++ -*-===//
//
// This file declares the rounding-mode enum and the packed-layout attribute.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_IR_QNNATTRS_H
#define QNN_DIALECT_QNN_IR_QNNATTRS_H

#include "qnn/Reference/Reference.h"

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"

#include "qnn/Dialect/QNN/IR/QNNEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "qnn/Dialect/QNN/IR/QNNAttrs.h.inc"

namespace mlir::qnn {
/// The reference library's rounding mode for an IR rounding mode.
::qnn::ref::RoundingMode toReference(RoundingMode mode);
} // namespace mlir::qnn

#endif // QNN_DIALECT_QNN_IR_QNNATTRS_H
