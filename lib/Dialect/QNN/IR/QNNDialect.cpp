//===- QNNDialect.cpp - qnn dialect registration and attributes -----------===//
//
// This file registers the qnn dialect's types, attributes and operations and
// materializes folded constants.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Dialect/QNN/IR/QNNAttrs.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/QNNTypes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/Transforms/InliningUtils.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::qnn;

#include "qnn/Dialect/QNN/IR/QNNDialect.cpp.inc"
#include "qnn/Dialect/QNN/IR/QNNEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "qnn/Dialect/QNN/IR/QNNAttrs.cpp.inc"

namespace {
/// Every qnn op is pure and region-free, so inlining one is always legal.
struct QNNInlinerInterface : public DialectInlinerInterface {
  using DialectInlinerInterface::DialectInlinerInterface;
  bool isLegalToInline(Operation *, Region *, bool, IRMapping &) const final {
    return true;
  }
};
} // namespace

void QNNDialect::initialize() {
  registerTypes();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "qnn/Dialect/QNN/IR/QNNAttrs.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "qnn/Dialect/QNN/IR/QNNOps.cpp.inc"
      >();
  addInterfaces<QNNInlinerInterface>();
}

Operation *QNNDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                           Type type, Location loc) {
  // Folders return codes as integer elements for quantized results.
  if (getQuantizedElementType(type)) {
    auto codes = dyn_cast<DenseIntElementsAttr>(value);
    if (!codes)
      return nullptr;
    return ConstantOp::create(builder, loc, type, codes);
  }
  if (auto typed = dyn_cast<TypedAttr>(value);
      typed && arith::ConstantOp::isBuildableWith(typed, type))
    return arith::ConstantOp::create(builder, loc, type, typed);
  return nullptr;
}

LogicalResult
PackedLayoutAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                         unsigned bits) {
  if (bits < 1 || bits > 8)
    return emitError() << "packed bit width " << bits << " is outside [1, 8]";
  return success();
}

::qnn::ref::RoundingMode mlir::qnn::toReference(RoundingMode mode) {
  using R = ::qnn::ref::RoundingMode;
  switch (mode) {
  case RoundingMode::HalfEven:
    return R::HalfEven;
  case RoundingMode::HalfUp:
    return R::HalfUp;
  case RoundingMode::HalfDown:
    return R::HalfDown;
  case RoundingMode::Ceil:
    return R::Ceil;
  case RoundingMode::Floor:
    return R::Floor;
  case RoundingMode::Up:
    return R::Up;
  case RoundingMode::Down:
    return R::Down;
  }
  llvm_unreachable("unknown rounding mode");
}
