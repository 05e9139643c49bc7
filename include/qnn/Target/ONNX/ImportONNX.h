//===- ImportONNX.h - ONNX models to the onnx dialect -----------*- C++ -*-===//
//
// This file declares the op-agnostic ONNX importer: a ModelProto becomes a
// module of `onnx` dialect ops (one `onnx.node` per node), which
// `convert-onnx-to-qnn` then gives meaning. The importer validates every
// field it reads; it interprets no operator.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_TARGET_ONNX_IMPORTONNX_H
#define QNN_TARGET_ONNX_IMPORTONNX_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"

#include <string>

namespace mlir::onnx_import {

struct ImportOptions {
  /// Shapes for graph inputs with dynamic dimensions (`name=1,3,224,224`):
  /// they fix the dimensions the file leaves open and must agree with the
  /// ones it fixes.
  llvm::StringMap<llvm::SmallVector<int64_t>> inputShapes;
  /// Graph inputs known at compile time: the path of a serialized
  /// TensorProto (the format of ONNX's test data) holding each one's value.
  /// They become constants and leave the function's signature.
  llvm::StringMap<std::string> inputValues;
  /// Initializers of at least this many bytes become `dense_resource`
  /// blobs, which bytecode carries without printing them.
  size_t resourceThreshold = 1024;
};

/// Imports `buffer` (a serialized ModelProto read from `path`, whose
/// directory holds any external data) as a module with one function,
/// `@forward`. Errors are emitted on the context; null on failure.
OwningOpRef<ModuleOp> importONNX(llvm::StringRef buffer, llvm::StringRef path,
                                 MLIRContext *ctx,
                                 const ImportOptions &options);

/// Parses `name=d0,d1,...` into `options.inputShapes`; false with `error`
/// set when malformed.
bool parseInputShape(llvm::StringRef spec, ImportOptions &options,
                     std::string &error);

} // namespace mlir::onnx_import

#endif // QNN_TARGET_ONNX_IMPORTONNX_H
