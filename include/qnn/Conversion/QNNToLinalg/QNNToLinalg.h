//===- QNNToLinalg.h - qnn to linalg ----------------------------*- C++ -*-===//
//
// This file declares the portable lowering of qnn ops to linalg, tensor and
// arith ops on i8 code tensors.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_CONVERSION_QNNTOLINALG_QNNTOLINALG_H
#define QNN_CONVERSION_QNNTOLINALG_QNNTOLINALG_H

#include "mlir/Pass/Pass.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::qnn {

#define GEN_PASS_DECL_CONVERTQNNTOLINALG
#include "qnn/Conversion/Passes.h.inc"

/// Converts tensors of qnn quantized types to `i8` tensors of code bits.
class QNNToLinalgTypeConverter : public TypeConverter {
public:
  QNNToLinalgTypeConverter();
};

/// Adds the patterns that lower qnn ops (not scheme quantizers, not packing)
/// to linalg, tensor and arith ops, and retype everything else. With
/// `vnniConv`, convolutions with 8-bit levels become generics marked for the
/// AVX-512 VNNI kernel.
void populateQNNToLinalgConversionPatterns(TypeConverter &typeConverter,
                                           RewritePatternSet &patterns,
                                           bool vnniConv = false);

} // namespace mlir::qnn

#endif // QNN_CONVERSION_QNNTOLINALG_QNNTOLINALG_H
