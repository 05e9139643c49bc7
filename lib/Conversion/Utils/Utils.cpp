//===- Utils.cpp - Shared helpers of the type conversions -----------------===//
//
// This file implements retyping of arbitrary operations and the reporting of
// types a conversion cannot handle.
//
//===----------------------------------------------------------------------===//

#include "qnn/Conversion/Utils.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

using namespace mlir;

namespace {

/// Rebuilds an operation of any kind with converted operand, result and
/// block-argument types; its attributes, successors and regions carry over.
struct RetypeAnyOp : public ConversionPattern {
  RetypeAnyOp(const TypeConverter &converter, MLIRContext *ctx)
      : ConversionPattern(converter, MatchAnyOpTypeTag(), /*benefit=*/1, ctx) {}

  LogicalResult
  matchAndRewrite(Operation *op, ArrayRef<Value> operands,
                  ConversionPatternRewriter &rewriter) const override {
    if (isa<FunctionOpInterface>(op))
      return failure(); // Signatures are converted by the function pattern.
    SmallVector<Type> resultTypes;
    if (failed(getTypeConverter()->convertTypes(op->getResultTypes(),
                                                resultTypes)))
      return failure();
    OperationState state(op->getLoc(), op->getName().getStringRef(), operands,
                         resultTypes, op->getAttrs(), op->getSuccessors());
    for (Region &region : op->getRegions()) {
      Region *newRegion = state.addRegion();
      rewriter.inlineRegionBefore(region, *newRegion, newRegion->begin());
      if (failed(rewriter.convertRegionTypes(newRegion, *getTypeConverter())))
        return failure();
    }
    Operation *newOp = rewriter.create(state);
    rewriter.replaceOp(op, newOp->getResults());
    return success();
  }
};

} // namespace

void mlir::qnn::addTensorElementConversion(TypeConverter &typeConverter) {
  typeConverter.addConversion(
      [&typeConverter](RankedTensorType type) -> std::optional<Type> {
        Type element = typeConverter.convertType(type.getElementType());
        if (!element)
          return std::nullopt;
        return type.clone(element);
      });
}

void mlir::qnn::populateRetypingPatterns(TypeConverter &typeConverter,
                                         RewritePatternSet &patterns) {
  patterns.add<RetypeAnyOp>(typeConverter, patterns.getContext());
  populateAnyFunctionOpInterfaceTypeConversionPattern(patterns, typeConverter);
}

void mlir::qnn::markLegalWhenTypesAre(ConversionTarget &target,
                                      const TypeConverter &typeConverter) {
  target.markUnknownOpDynamicallyLegal([&typeConverter](Operation *op) {
    if (auto func = dyn_cast<FunctionOpInterface>(op)) {
      auto type = dyn_cast<FunctionType>(func.getFunctionType());
      if (type && !typeConverter.isSignatureLegal(type))
        return false;
    }
    return typeConverter.isLegal(op) &&
           llvm::all_of(op->getRegions(), [&](Region &region) {
             return typeConverter.isLegal(&region);
           });
  });
}

LogicalResult
mlir::qnn::applyRepresentationConversion(Operation *root,
                                         const ConversionTarget &target,
                                         RewritePatternSet &&patterns) {
  ConversionConfig config;
  config.foldingMode = DialectConversionFoldingMode::Never;
  return applyPartialConversion(root, target, std::move(patterns), config);
}

LogicalResult mlir::qnn::reportUnconvertibleTypes(
    Operation *root, function_ref<std::optional<std::string>(Type)> whyNot) {
  bool failed = false;
  root->walk([&](Operation *op) {
    SmallVector<Type> types(op->getOperandTypes());
    llvm::append_range(types, op->getResultTypes());
    for (Region &region : op->getRegions())
      for (Block &block : region)
        llvm::append_range(types, block.getArgumentTypes());
    if (auto func = dyn_cast<FunctionOpInterface>(op))
      types.push_back(func.getFunctionType());
    llvm::SmallPtrSet<const void *, 4> reported;
    for (Type type : types)
      type.walk([&](Type nested) {
        if (!reported.insert(nested.getAsOpaquePointer()).second)
          return;
        if (std::optional<std::string> why = whyNot(nested)) {
          op->emitError() << why->c_str();
          failed = true;
        }
      });
  });
  return failure(failed);
}
