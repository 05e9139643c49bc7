//===- QNNTypes.h - qnn quantized element types -----------------*- C++ -*-===//
//
// This file declares qnn's quantized element types, their shared interface
// and the helpers that check a tensor of them.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_IR_QNNTYPES_H
#define QNN_DIALECT_QNN_IR_QNNTYPES_H

#include "qnn/Reference/Reference.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Types.h"

#include "qnn/Dialect/QNN/IR/QNNTypeInterfaces.h.inc"

namespace mlir::qnn::detail {
struct UniformQuantTypeStorage;
struct CodebookQuantTypeStorage;
} // namespace mlir::qnn::detail

#define GET_TYPEDEF_CLASSES
#include "qnn/Dialect/QNN/IR/QNNTypes.h.inc"

namespace mlir::qnn {

/// The quantized element type of `type` (a tensor or a scalar), or null.
QuantizedTypeInterface getQuantizedElementType(Type type);

/// Checks that a tensor of a per-channel quantized type has the quantized
/// axis and as many channels along it as the type has parameters. `what`
/// names the value in the message ("result", "operand #0").
LogicalResult verifyQuantizedTensorType(function_ref<InFlightDiagnostic()> emitError,
                                        ShapedType type, StringRef what);

} // namespace mlir::qnn

#endif // QNN_DIALECT_QNN_IR_QNNTYPES_H
