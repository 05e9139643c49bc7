//===- InitAllTranslations.cpp - Register every translation ---------------===//
//
// This file implements the registration point qnn/InitAllTranslations.h
// declares.
//
//===----------------------------------------------------------------------===//

#include "qnn/InitAllTranslations.h"

#include "qnn/Target/Translations.h"

#include "mlir/InitAllTranslations.h"

void mlir::qnn::registerAllTranslations() {
  mlir::registerAllTranslations();
  registerTranslations();
  registerImportONNX();
}
