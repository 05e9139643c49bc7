//===- Registration.cpp - Dialect and pass registration -------------------===//
//
// This file implements the registration points declared in
// qnn/InitAllDialects.h and qnn/InitAllPasses.h.
//
//===----------------------------------------------------------------------===//

#include "qnn/InitAllDialects.h"
#include "qnn/InitAllPasses.h"

#include "qnn/Conversion/Passes.h"
#include "qnn/Dialect/ONNX/IR/ONNXDialect.h"
#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Codegen/CPU/Passes.h"
#include "qnn/Codegen/Common/Passes.h"
#include "qnn/Codegen/GPU/Passes.h"
#include "qnn/Dialect/QNN/Transforms/Passes.h"
#include "qnn/Pipelines/Pipelines.h"

#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"

void mlir::qnn::registerAllDialects(DialectRegistry &registry) {
  registry.insert<QNNDialect, onnx_ir::ONNXDialect>();
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  // GPU modules serialize through LLVM IR (gpu-module-to-binary).
  mlir::registerAllToLLVMIRTranslations(registry);
}

void mlir::qnn::registerAllPasses() {
  mlir::registerAllPasses();
  registerQNNConversionPasses();
  registerQNNTransformsPasses();
  registerQNNCodegenCommonPasses();
  registerQNNCodegenCPUPasses();
  registerQNNCodegenGPUPasses();
  registerPipelines();
}
