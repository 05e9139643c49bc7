//===- ONNXDialect.cpp - The onnx dialect ---------------------------------===//
//
// This file implements the onnx dialect: registration, the verifiers of
// `onnx.node` and `onnx.constant`, and the constant folder.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/ONNX/IR/ONNXDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::onnx_ir;

#include "qnn/Dialect/ONNX/IR/ONNXDialect.cpp.inc"

#define GET_TYPEDEF_CLASSES
#include "qnn/Dialect/ONNX/IR/ONNXTypes.cpp.inc"

#define GET_OP_CLASSES
#include "qnn/Dialect/ONNX/IR/ONNXOps.cpp.inc"

void ONNXDialect::initialize() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "qnn/Dialect/ONNX/IR/ONNXTypes.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "qnn/Dialect/ONNX/IR/ONNXOps.cpp.inc"
      >();
}

/// Whether `type` is an element type ONNX tensors have here: an integer
/// (BOOL is i1) or a float.
static bool isONNXElementType(Type type) {
  return isa<IntegerType, FloatType>(type);
}

/// Why `value` is not an ONNX attribute value, or an empty string.
static std::string invalidAttributeValue(Attribute value) {
  if (auto i = dyn_cast<IntegerAttr>(value))
    return i.getType().isSignlessInteger(64) ? ""
                                             : "an INT attribute must be i64";
  if (isa<FloatAttr, StringAttr, DenseI64ArrayAttr, DenseF32ArrayAttr>(value))
    return "";
  if (auto e = dyn_cast<ElementsAttr>(value))
    return isONNXElementType(e.getShapedType().getElementType())
               ? ""
               : "a TENSOR attribute must hold integers or floats";
  if (auto list = dyn_cast<ArrayAttr>(value)) {
    // STRINGS or TENSORS (INTS and FLOATS are dense arrays).
    bool strings =
        llvm::all_of(list, [](Attribute e) { return isa<StringAttr>(e); });
    bool tensors = llvm::all_of(list, [](Attribute e) {
      auto t = dyn_cast<ElementsAttr>(e);
      return t && isONNXElementType(t.getShapedType().getElementType());
    });
    return strings || tensors ? ""
                              : "a list attribute must hold only strings or "
                                "only integer or float tensors";
  }
  return "not an ONNX attribute value (int, float, string, tensor or a list "
         "of them)";
}

LogicalResult NodeOp::verify() {
  if (getOpType().empty())
    return emitOpError("needs an operator type");
  if (getDomain().empty())
    return emitOpError("needs a domain ('ai.onnx' for the default one)");
  // (getVersion() reads the i64 as unsigned: -3 would pass as 2^64 - 3.)
  int64_t version = getVersionAttr().getValue().getSExtValue();
  if (version < 1)
    return emitOpError("opset version must be positive, got ") << version;
  for (NamedAttribute attr : getAttrs()) {
    std::string why = invalidAttributeValue(attr.getValue());
    if (!why.empty())
      return emitOpError("attribute '") << attr.getName().getValue() << "' ("
                                        << attr.getValue() << "): " << why;
  }
  for (Value v : getOperands())
    if (auto t = dyn_cast<RankedTensorType>(v.getType());
        t && !isONNXElementType(t.getElementType()))
      return emitOpError("input of type ")
             << t << ": ONNX tensors hold integers or floats";
  for (Value v : getResults())
    if (auto t = dyn_cast<RankedTensorType>(v.getType());
        t && !isONNXElementType(t.getElementType()))
      return emitOpError("result of type ")
             << t << ": ONNX tensors hold integers or floats";
  return success();
}

LogicalResult ConstantOp::verify() {
  // AllTypesMatch has checked that the value's type is the result's.
  if (!isONNXElementType(getType().getElementType()))
    return emitOpError("of type ")
           << getType() << ": ONNX tensors hold integers or floats";
  return success();
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

LogicalResult AnnotationOp::verify() {
  if (getTensorName().empty())
    return emitOpError("needs the name of the annotated tensor");
  for (NamedAttribute entry : getEntries())
    if (!isa<StringAttr>(entry.getValue()))
      return emitOpError("entry '")
             << entry.getName().getValue()
             << "' is not a string (quantization annotations map keys to "
                "strings)";
  return success();
}
