//===- qnn-opt.cpp - The qnn optimizer driver -----------------------------===//
//
// This file implements qnn-opt: mlir-opt with the qnn dialect, passes and
// pipelines registered.
//
//===----------------------------------------------------------------------===//

#include "qnn/InitAllDialects.h"
#include "qnn/InitAllPasses.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::qnn::registerAllPasses();
  mlir::DialectRegistry registry;
  mlir::qnn::registerAllDialects(registry);
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "qnn optimizer driver\n", registry));
}
