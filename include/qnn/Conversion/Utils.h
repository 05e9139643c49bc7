//===- Utils.h - Shared helpers of the type conversions ---------*- C++ -*-===//
//
// This file declares what the quant <-> qnn conversions share: retyping any
// operation whose types change and reporting types that cannot convert.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_CONVERSION_UTILS_H
#define QNN_CONVERSION_UTILS_H

#include "mlir/Transforms/DialectConversion.h"

namespace mlir::qnn {

/// Adds patterns that rebuild any operation, and convert any function
/// signature, whose types `typeConverter` changes.
void populateRetypingPatterns(TypeConverter &typeConverter,
                              RewritePatternSet &patterns);

/// Marks every operation legal exactly when its types (operands, results,
/// block arguments, function signature) are legal for `typeConverter`.
void markLegalWhenTypesAre(ConversionTarget &target,
                           const TypeConverter &typeConverter);

/// Reports, at each operation, every type nested in its operand, result,
/// block-argument or function types for which `whyNot` returns a reason.
/// Fails when anything was reported.
LogicalResult
reportUnconvertibleTypes(Operation *root,
                         function_ref<std::optional<std::string>(Type)> whyNot);

} // namespace mlir::qnn

#endif // QNN_CONVERSION_UTILS_H
