//===- QNNToQuant.cpp - qnn to upstream quant -----------------------------===//
//
// This file implements the lossless conversion of qnn uniform IR into
// upstream `!quant.uniform` types and quant / arith ops.
//
//===----------------------------------------------------------------------===//

#include "qnn/Conversion/QNNToQuant/QNNToQuant.h"
#include "qnn/Conversion/Utils.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_CONVERTQNNTOQUANT
#include "qnn/Conversion/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

static Type convertUniform(UniformQuantType type) {
  MLIRContext *ctx = type.getContext();
  unsigned flags = type.isSigned() ? quant::QuantizationFlags::Signed : 0;
  auto storage = IntegerType::get(ctx, type.getBits());
  if (type.isPerChannel())
    return quant::UniformQuantizedPerAxisType::getChecked(
        [] { return InFlightDiagnostic(); }, flags, storage,
        type.getExpressedType(), type.getScales(), type.getZeroPoints(),
        int32_t(type.getAxis()), type.getStorageMin(), type.getStorageMax());
  return quant::UniformQuantizedType::getChecked(
      [] { return InFlightDiagnostic(); }, flags, storage,
      type.getExpressedType(), type.getScales()[0], type.getZeroPoints()[0],
      type.getStorageMin(), type.getStorageMax());
}

QNNToQuantTypeConverter::QNNToQuantTypeConverter() {
  addConversion([](Type type) { return type; });
  addConversion([](UniformQuantType type) -> std::optional<Type> {
    if (Type converted = convertUniform(type))
      return converted;
    return std::nullopt;
  });
  addConversion(
      [](CodebookQuantType) -> std::optional<Type> { return std::nullopt; });
  addTensorElementConversion(*this);
}

/// Why `op` cannot be expressed with upstream quant, or std::nullopt.
static std::optional<std::string> whyNotConvertible(Operation *op) {
  if (!isa<QNNDialect>(op->getDialect()))
    return std::nullopt;
  if (auto quantize = dyn_cast<QuantizeOp>(op)) {
    if (quantize.getRounding() != RoundingMode::HalfEven)
      return std::string("quant.qcast rounds half to even; rounding mode '") +
             stringifyRoundingMode(quantize.getRounding()).str() +
             "' has no upstream equivalent";
    return std::nullopt;
  }
  if (isa<DequantizeOp, StorageCastOp, ConstantOp>(op))
    return std::nullopt;
  auto usesQuantizedTensor = [](Type type) {
    return bool(getQuantizedElementType(type));
  };
  if (llvm::any_of(op->getOperandTypes(), usesQuantizedTensor) ||
      llvm::any_of(op->getResultTypes(), usesQuantizedTensor))
    return "'" + op->getName().getStringRef().str() +
           "' has no upstream quant counterpart";
  return std::nullopt;
}

namespace {

/// Rewrites `qnn.constant` into storage integers and a `quant.scast`.
struct ConstantToQuant : public OpConversionPattern<ConstantOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConstantOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type resultType = getTypeConverter()->convertType(op.getOutput().getType());
    if (!resultType)
      return failure();
    auto outType = op.getOutput().getType();
    unsigned bits = getQuantizedElementType(outType).getBits();
    auto storageType = outType.clone(IntegerType::get(getContext(), bits));
    auto values = op.getValue();
    bool isUnsigned = values.getElementType().isUnsignedInteger();
    SmallVector<APInt> raw;
    for (const APInt &v : values.getValues<APInt>())
      raw.push_back(APInt(
          bits, isUnsigned ? v.getZExtValue() : uint64_t(v.getSExtValue()),
          /*isSigned=*/!isUnsigned, /*implicitTrunc=*/true));
    auto storage =
        arith::ConstantOp::create(rewriter, op.getLoc(), storageType,
                                  DenseElementsAttr::get(storageType, raw));
    rewriter.replaceOpWithNewOp<quant::StorageCastOp>(op, resultType, storage);
    return success();
  }
};

struct ConvertQNNToQuantPass
    : public mlir::qnn::impl::ConvertQNNToQuantBase<ConvertQNNToQuantPass> {
  void runOnOperation() override {
    Operation *root = getOperation();
    bool failed = false;
    root->walk([&](Operation *op) {
      if (std::optional<std::string> why = whyNotConvertible(op)) {
        op->emitError() << *why;
        failed = true;
      }
    });
    if (failed || mlir::failed(reportUnconvertibleTypes(root, [](Type type) {
          std::optional<std::string> why;
          if (isa<CodebookQuantType>(type)) {
            std::string text;
            llvm::raw_string_ostream(text)
                << "'" << type
                << "' has no upstream !quant equivalent (codebook levels)";
            why = text;
          }
          return why;
        })))
      return signalPassFailure();
    QNNToQuantTypeConverter typeConverter;
    RewritePatternSet patterns(&getContext());
    populateQNNToQuantConversionPatterns(typeConverter, patterns);
    ConversionTarget target(getContext());
    markLegalWhenTypesAre(target, typeConverter);
    target.addIllegalOp<QuantizeOp, DequantizeOp, StorageCastOp, ConstantOp>();
    if (mlir::failed(
            applyRepresentationConversion(root, target, std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void mlir::qnn::populateQNNToQuantConversionPatterns(
    TypeConverter &typeConverter, RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  patterns
      .add<ReplaceCastOp<QuantizeOp, quant::QuantizeCastOp>,
           ReplaceCastOp<DequantizeOp, quant::DequantizeCastOp>,
           ReplaceCastOp<StorageCastOp, quant::StorageCastOp>, ConstantToQuant>(
          typeConverter, ctx, /*benefit=*/2);
  populateRetypingPatterns(typeConverter, patterns);
}
