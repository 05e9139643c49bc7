//===- Translations.h - qnn-translate translations --------------*- C++ -*-===//
//
// This file declares the translations qnn adds to mlir-translate's:
// --mlir-to-object (the LLVM dialect to an object file for a chosen target)
// and --mlir-to-header (the C header of a compiled model's entry points),
// and --import-onnx (ONNX / QONNX models in).
//
//===----------------------------------------------------------------------===//

#ifndef QNN_TARGET_TRANSLATIONS_H
#define QNN_TARGET_TRANSLATIONS_H

namespace mlir::qnn {

/// Registers --mlir-to-object and --mlir-to-header with their options
/// (--qnn-target-triple, --qnn-target-cpu, --qnn-target-features).
void registerTranslations();

/// Registers --import-onnx (an ONNX / QONNX ModelProto to qnn IR).
void registerImportONNX();

} // namespace mlir::qnn

#endif // QNN_TARGET_TRANSLATIONS_H
