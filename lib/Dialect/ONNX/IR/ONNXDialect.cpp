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

LogicalResult NodeOp::verify() {
  if (getOpType().empty())
    return emitOpError("needs an operator type");
  if (getVersion() < 1)
    return emitOpError("opset version must be positive, got ") << getVersion();
  for (NamedAttribute attr : getAttrs()) {
    Attribute value = attr.getValue();
    if (!isa<IntegerAttr, FloatAttr, StringAttr, ElementsAttr,
             DenseI64ArrayAttr, DenseF32ArrayAttr, ArrayAttr>(value))
      return emitOpError("attribute '")
             << attr.getName().getValue()
             << "' is not an ONNX attribute value (int, float, string, "
                "tensor or a list of them): "
             << value;
  }
  return success();
}

LogicalResult ConstantOp::verify() {
  if (getValue().getShapedType() != getType())
    return emitOpError("value of type ")
           << getValue().getShapedType() << " differs from the result type "
           << getType();
  return success();
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }
