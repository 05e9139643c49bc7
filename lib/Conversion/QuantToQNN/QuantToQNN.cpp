//===- QuantToQNN.cpp - Upstream quant to qnn -----------------------------===//
//
// This file implements the lossless conversion of upstream `!quant.uniform`
// IR into qnn's uniform types and ops.
//
//===----------------------------------------------------------------------===//

#include "qnn/Conversion/QuantToQNN/QuantToQNN.h"
#include "qnn/Conversion/Utils.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"

#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_CONVERTQUANTTOQNN
#include "qnn/Conversion/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

/// The qnn type for a per-tensor or per-axis upstream type. Fails quietly:
/// reportUnconvertible has explained why beforehand.
static Type convertQuantType(quant::QuantizedType type) {
  MLIRContext *ctx = type.getContext();
  unsigned bits = type.getStorageTypeIntegralWidth();
  if (auto u = dyn_cast<quant::UniformQuantizedType>(type))
    return UniformQuantType::getChecked(
        [] { return InFlightDiagnostic(); }, ctx, bits, u.isSigned(),
        u.getStorageTypeMin(), u.getStorageTypeMax(), u.getExpressedType(),
        /*axis=*/int64_t(-1), ArrayRef<double>{u.getScale()},
        ArrayRef<int64_t>{u.getZeroPoint()});
  if (auto a = dyn_cast<quant::UniformQuantizedPerAxisType>(type))
    return UniformQuantType::getChecked(
        [] { return InFlightDiagnostic(); }, ctx, bits, a.isSigned(),
        a.getStorageTypeMin(), a.getStorageTypeMax(), a.getExpressedType(),
        int64_t(a.getQuantizedDimension()), a.getScales(), a.getZeroPoints());
  return {};
}

/// Why `type` has no qnn equivalent, or std::nullopt.
static std::optional<std::string> whyNotRepresentable(Type type) {
  auto quantType = dyn_cast<quant::QuantizedType>(type);
  if (!quantType)
    return std::nullopt;
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "'" << type << "' is not representable in qnn: ";
  if (isa<quant::UniformQuantizedSubChannelType>(type)) {
    os << "sub-channel (blockwise) scales are not supported; qnn types are "
          "per tensor or per channel";
    return text;
  }
  if (!isa<quant::UniformQuantizedType, quant::UniformQuantizedPerAxisType>(
          type)) {
    os << "it has no scale (only !quant.uniform converts)";
    return text;
  }
  if (quantType.getStorageTypeIntegralWidth() > 8) {
    os << quantType.getStorageTypeIntegralWidth()
       << "-bit storage exceeds qnn's 1 to 8 bits";
    return text;
  }
  // What else is off (a zero point outside the storage range, ...) is
  // what the qnn verifier would say.
  ::qnn::ref::QuantSpec spec;
  if (auto u = dyn_cast<quant::UniformQuantizedType>(type))
    spec =
        uniformQuantSpec(quantType.getStorageTypeIntegralWidth(), u.isSigned(),
                         u.getStorageTypeMin(), u.getStorageTypeMax(),
                         /*axis=*/-1, u.getScale(), u.getZeroPoint());
  else if (auto a = dyn_cast<quant::UniformQuantizedPerAxisType>(type))
    spec = uniformQuantSpec(quantType.getStorageTypeIntegralWidth(),
                            a.isSigned(), a.getStorageTypeMin(),
                            a.getStorageTypeMax(), a.getQuantizedDimension(),
                            a.getScales(), a.getZeroPoints());
  std::string why = spec.validate();
  if (why.empty())
    return std::nullopt;
  os << why;
  return text;
}

QuantToQNNTypeConverter::QuantToQNNTypeConverter() {
  addConversion([](Type type) { return type; });
  addConversion([](quant::QuantizedType type) -> std::optional<Type> {
    if (Type converted = convertQuantType(type))
      return converted;
    return std::nullopt;
  });
  addTensorElementConversion(*this);
}

namespace {

struct ConvertQuantToQNNPass
    : public mlir::qnn::impl::ConvertQuantToQNNBase<ConvertQuantToQNNPass> {
  void runOnOperation() override {
    Operation *root = getOperation();
    if (failed(reportUnconvertibleTypes(root, whyNotRepresentable)))
      return signalPassFailure();
    QuantToQNNTypeConverter typeConverter;
    RewritePatternSet patterns(&getContext());
    populateQuantToQNNConversionPatterns(typeConverter, patterns);
    ConversionTarget target(getContext());
    markLegalWhenTypesAre(target, typeConverter);
    target.addIllegalOp<quant::QuantizeCastOp, quant::DequantizeCastOp,
                        quant::StorageCastOp>();
    if (failed(
            applyRepresentationConversion(root, target, std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void mlir::qnn::populateQuantToQNNConversionPatterns(
    TypeConverter &typeConverter, RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<ReplaceCastOp<quant::QuantizeCastOp, QuantizeOp>,
               ReplaceCastOp<quant::DequantizeCastOp, DequantizeOp>,
               ReplaceCastOp<quant::StorageCastOp, qnn::StorageCastOp>>(
      typeConverter, ctx, /*benefit=*/2);
  populateRetypingPatterns(typeConverter, patterns);
}
