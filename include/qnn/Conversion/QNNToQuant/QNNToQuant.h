//===- QNNToQuant.h - qnn to upstream quant ---------------------*- C++ -*-===//
//
// This file declares the conversion of qnn uniform IR to upstream quant.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_CONVERSION_QNNTOQUANT_QNNTOQUANT_H
#define QNN_CONVERSION_QNNTOQUANT_QNNTOQUANT_H

#include "mlir/Pass/Pass.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::qnn {

#define GEN_PASS_DECL_CONVERTQNNTOQUANT
#include "qnn/Conversion/Passes.h.inc"

/// Converts `!qnn.uniform` types (inside tensors too) to `!quant.uniform`.
class QNNToQuantTypeConverter : public TypeConverter {
public:
  QNNToQuantTypeConverter();
};

/// Adds the patterns that rewrite qnn casts and constants into quant and
/// arith ops and retype every other operation and function signature.
void populateQNNToQuantConversionPatterns(TypeConverter &typeConverter,
                                          RewritePatternSet &patterns);

} // namespace mlir::qnn

#endif // QNN_CONVERSION_QNNTOQUANT_QNNTOQUANT_H
