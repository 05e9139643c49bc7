//===- ONNXDialect.h - The onnx dialect -------------------------*- C++ -*-===//
//
// This file declares the onnx dialect, its type and its operations: ONNX
// graphs as the op-agnostic importer writes them.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_ONNX_IR_ONNXDIALECT_H
#define QNN_DIALECT_ONNX_IR_ONNXDIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "qnn/Dialect/ONNX/IR/ONNXDialect.h.inc"

#define GET_TYPEDEF_CLASSES
#include "qnn/Dialect/ONNX/IR/ONNXTypes.h.inc"

#define GET_OP_CLASSES
#include "qnn/Dialect/ONNX/IR/ONNXOps.h.inc"

#endif // QNN_DIALECT_ONNX_IR_ONNXDIALECT_H
