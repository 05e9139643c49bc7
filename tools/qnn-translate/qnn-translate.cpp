//===- qnn-translate.cpp - The qnn translation driver ---------------------===//
//
// This file implements qnn-translate: translations into and out of MLIR
// (`--mlir-to-llvmir` and the upstream ones) and qnn's --mlir-to-object,
// --mlir-to-header and --import-onnx.
//
//===----------------------------------------------------------------------===//

#include "qnn/InitAllTranslations.h"

#include "mlir/Support/LogicalResult.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"

#include <cstdlib>

int main(int argc, char **argv) {
  mlir::qnn::registerAllTranslations();
  return mlir::failed(
             mlir::mlirTranslateMain(argc, argv, "qnn translation driver\n"))
             ? EXIT_FAILURE
             : EXIT_SUCCESS;
}
