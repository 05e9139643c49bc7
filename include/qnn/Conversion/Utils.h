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

/// Makes `typeConverter` convert ranked tensors by converting their element
/// type (failing when the element type fails).
void addTensorElementConversion(TypeConverter &typeConverter);

/// Adds patterns that rebuild any operation, and convert any function
/// signature, whose types `typeConverter` changes.
void populateRetypingPatterns(TypeConverter &typeConverter,
                              RewritePatternSet &patterns);

/// Marks every operation legal exactly when its types (operands, results,
/// block arguments, function signature) are legal for `typeConverter`.
void markLegalWhenTypesAre(ConversionTarget &target,
                           const TypeConverter &typeConverter);

/// Replaces a one-operand, one-result cast `SourceOp` with `TargetOp` of the
/// converted result type (quant.qcast <-> qnn.quantize and the like).
template <typename SourceOp, typename TargetOp>
struct ReplaceCastOp : public OpConversionPattern<SourceOp> {
  using OpConversionPattern<SourceOp>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SourceOp op, typename SourceOp::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type resultType =
        this->getTypeConverter()->convertType(op->getResult(0).getType());
    if (!resultType)
      return failure();
    rewriter.replaceOpWithNewOp<TargetOp>(op, resultType,
                                          adaptor.getOperands().front());
    return success();
  }
};

/// Applies a partial conversion that only changes representation: folding is
/// off, because upstream quant folds dcast(qcast(x)) to x, which would drop a
/// quantization.
LogicalResult applyRepresentationConversion(Operation *root,
                                            const ConversionTarget &target,
                                            RewritePatternSet &&patterns);

/// Reports, at each operation, every type nested in its operand, result,
/// block-argument or function types for which `whyNot` returns a reason.
/// Fails when anything was reported.
LogicalResult
reportUnconvertibleTypes(Operation *root,
                         function_ref<std::optional<std::string>(Type)> whyNot);

} // namespace mlir::qnn

#endif // QNN_CONVERSION_UTILS_H
