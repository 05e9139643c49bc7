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
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/Transforms/InliningUtils.h"
#include "llvm/ADT/StringSet.h"
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

LogicalResult TargetAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                 StringRef arch, StringRef cpu,
                                 ArrayRef<StringAttr> features) {
  if (arch != "x86_64" && arch != "nvptx64")
    return emitError() << "target architecture '" << arch
                       << "' is neither 'x86_64' nor 'nvptx64'";
  if (cpu.empty())
    return emitError() << "target CPU (or GPU chip) is empty";
  if (arch == "nvptx64") {
    StringRef digits = cpu;
    if (!digits.consume_front("sm_") || digits.empty() ||
        !llvm::all_of(digits.drop_back(digits.ends_with("a")), llvm::isDigit))
      return emitError() << "GPU chip '" << cpu
                         << "' is not an NVIDIA architecture (sm_80, sm_90a, ...)";
  }
  llvm::StringSet<> seen;
  for (StringAttr feature : features) {
    StringRef name = feature.getValue();
    if (name.empty() || name.starts_with("+") || name.starts_with("-") ||
        name.contains(',') || llvm::any_of(name, llvm::isSpace))
      return emitError() << "target feature '" << name
                         << "' is not a feature name (write 'avx2', not "
                            "'+avx2'; one feature per string)";
    if (!seen.insert(name).second)
      return emitError() << "target feature '" << name << "' is repeated";
  }
  return success();
}

bool TargetAttr::hasFeature(StringRef feature) const {
  return llvm::any_of(getFeatures(), [&](StringAttr f) {
    return f.getValue() == feature;
  });
}

bool TargetAttr::hasLayerKernels() const {
  if (isNVPTX())
    return true;
  return hasFeature("avx2") ||
         (hasFeature("avx512f") && hasFeature("avx512bw") &&
          hasFeature("avx512vnni")) ||
         (hasFeature("amx-tile") && hasFeature("amx-int8"));
}

TargetAttr TargetAttr::lookup(Operation *op) {
  for (Operation *at = op; at; at = at->getParentOp())
    if (isa<ModuleOp>(at))
      if (auto target = at->getAttrOfType<TargetAttr>(kModuleAttrName))
        return target;
  return {};
}

std::string TargetAttr::getLLVMFeatures() const {
  std::string joined;
  for (StringAttr f : getFeatures()) {
    if (!joined.empty())
      joined += ",";
    joined += "+" + f.getValue().str();
  }
  return joined;
}

LogicalResult
IntegerLayerAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                         ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations,
                         ArrayRef<int64_t> padding, int64_t inputMax,
                         int64_t channels, int64_t weightLevels,
                         LayerKernel kernel) {
  if (strides.size() != 2 || dilations.size() != 2)
    return emitError() << "layer strides and dilations need 2 values each "
                          "(height, width), got "
                       << strides.size() << " and " << dilations.size();
  if (padding.size() != 4)
    return emitError() << "layer padding needs 4 values (top, left, bottom, "
                          "right), got "
                       << padding.size();
  for (int64_t v : llvm::concat<const int64_t>(strides, dilations))
    if (v < 1)
      return emitError() << "layer strides and dilations must be positive, got "
                         << v;
  for (int64_t v : padding)
    if (v < 0)
      return emitError() << "layer padding must not be negative, got " << v;
  if (inputMax < 0 || inputMax > 255)
    return emitError() << "largest activation byte " << inputMax
                       << " is outside [0, 255]";
  if (channels < 1)
    return emitError() << "layer input channels must be positive, got "
                       << channels;
  if (weightLevels < 1 || weightLevels > 256)
    return emitError() << "layer weight levels " << weightLevels
                       << " are outside [1, 256]";
  return success();
}

IntegerLayerAttr IntegerLayerAttr::withKernel(LayerKernel kernel) const {
  return IntegerLayerAttr::get(getContext(), getStrides(), getDilations(),
                               getPadding(), getInputMax(), getChannels(),
                               getWeightLevels(), kernel);
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
