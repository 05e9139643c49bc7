//===- FoldConstants.h - Shape arithmetic of ONNX graphs at import -*- C++
//-*-===//
//
// Exporters compute shapes at run time (Shape -> Gather -> Unsqueeze ->
// Concat -> Reshape, for `x.view(x.size(0), -1)`). qnn compiles static
// shapes, so the importer evaluates such nodes when all their inputs are
// constants; this file is that evaluator.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_LIB_TARGET_ONNX_FOLDCONSTANTS_H
#define QNN_LIB_TARGET_ONNX_FOLDCONSTANTS_H

#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace onnx {
class NodeProto;
} // namespace onnx

namespace qnn::onnx_import {

/// Whether `op` (default domain) is one the folder evaluates.
bool isFoldable(llvm::StringRef op);

/// Evaluates `node` on constant inputs (f32, i32 or i64; an absent optional
/// input is a null attribute). Returns the result, or std::nullopt with
/// `error` set when the node is invalid or outside what the folder
/// evaluates (then `error` says why).
std::optional<mlir::DenseElementsAttr>
foldNode(const onnx::NodeProto &node,
         llvm::ArrayRef<mlir::DenseElementsAttr> inputs, int64_t opset,
         std::string &error);

} // namespace qnn::onnx_import

#endif // QNN_LIB_TARGET_ONNX_FOLDCONSTANTS_H
