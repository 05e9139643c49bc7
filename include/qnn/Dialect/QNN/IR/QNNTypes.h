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

/// The reference description of a uniform type's parameters (validated or
/// not: QuantSpec::validate says what is wrong).
::qnn::ref::QuantSpec uniformQuantSpec(unsigned bits, bool isSigned,
                                       int64_t storageMin, int64_t storageMax,
                                       int64_t axis, ArrayRef<double> scales,
                                       ArrayRef<int64_t> zeroPoints);
/// The reference description of a codebook type's parameters.
::qnn::ref::QuantSpec codebookQuantSpec(unsigned bits, int64_t axis,
                                        ArrayRef<double> scales,
                                        ArrayRef<double> levels,
                                        unsigned tableSize);

/// The quantized element type of `type` (a tensor or a scalar), or null.
QuantizedTypeInterface getQuantizedElementType(Type type);

/// Checks that a tensor of a per-channel quantized type has the quantized
/// axis and as many channels along it as the type has parameters. `what`
/// names the value in the message ("result", "operand #0").
LogicalResult
verifyQuantizedTensorType(function_ref<InFlightDiagnostic()> emitError,
                          ShapedType type, StringRef what);

} // namespace mlir::qnn

#endif // QNN_DIALECT_QNN_IR_QNNTYPES_H
