//===- QuantToQNN.h - Upstream quant to qnn ---------------------*- C++ -*-===//
//
// This file declares the conversion of upstream `!quant.uniform` IR to qnn.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_CONVERSION_QUANTTOQNN_QUANTTOQNN_H
#define QNN_CONVERSION_QUANTTOQNN_QUANTTOQNN_H

#include "mlir/Pass/Pass.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::qnn {

#define GEN_PASS_DECL_CONVERTQUANTTOQNN
#include "qnn/Conversion/Passes.h.inc"

/// Converts `!quant.uniform` types (inside tensors too) to `!qnn.uniform`.
class QuantToQNNTypeConverter : public TypeConverter {
public:
  QuantToQNNTypeConverter();
};

/// Adds the patterns that rewrite quant casts into qnn ops and retype every
/// other operation and function signature.
void populateQuantToQNNConversionPatterns(TypeConverter &typeConverter,
                                          RewritePatternSet &patterns);

} // namespace mlir::qnn

#endif // QNN_CONVERSION_QUANTTOQNN_QUANTTOQNN_H
