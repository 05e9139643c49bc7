//===- InitAllTranslations.h - Every translation qnn uses -------*- C++ -*-===//
//
// This file is the one registration point of translations: upstream's
// (mlir-translate's) and qnn's --import-onnx, --mlir-to-object and
// --mlir-to-header.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_INITALLTRANSLATIONS_H
#define QNN_INITALLTRANSLATIONS_H

namespace mlir::qnn {

/// Registers upstream's translations and qnn's.
void registerAllTranslations();

} // namespace mlir::qnn

#endif // QNN_INITALLTRANSLATIONS_H
