//===- qnn-import-onnx-fuzzer.cpp - Fuzzes ONNX import and conversion -----===//
//
// This file implements the fuzz target behind qnn-import-onnx-fuzzer: the
// input bytes are a serialized ModelProto, imported as `qnn-translate
// --import-onnx` does and, when that succeeds, given meaning by
// `convert-onnx-to-qnn` with the verifier after it. Each input gets a fresh
// context whose diagnostics are captured, not printed.
//
// Besides the sanitizers' reports, the target traps on broken contracts: an
// import or a conversion that fails without an error diagnostic (or
// succeeds after one), and a module the importer or the conversion returns
// that does not verify.
//
//===----------------------------------------------------------------------===//

#include "qnn/Conversion/Passes.h"
#include "qnn/Dialect/ONNX/IR/ONNXDialect.h"
#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Target/ONNX/ImportONNX.h"

#include "../FuzzSupport.h"

#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/raw_ostream.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace mlir;
using mlir::qnn::fuzz::CapturedDiagnostics;

namespace {
/// A failure that says nothing is a bug in its own right: the user gets a
/// non-zero exit status and no reason.
void requireDiagnostic(const CapturedDiagnostics &diags, const char *stage) {
  if (diags.errors)
    return;
  llvm::errs() << "qnn-import-onnx-fuzzer: " << stage
               << " failed without an error diagnostic\n";
  __builtin_trap();
}
} // namespace

/// ASan's defaults for this binary. qnn's instrumented code and Debian's
/// uninstrumented libMLIR share LLVM's BumpPtrAllocator, whose inline
/// Allocate poisons slabs only where ASan compiled it: memory libMLIR
/// hands out of a slab qnn's code created stays poisoned, a false
/// use-after-poison (in MLIR's attribute storage). Without user poisoning
/// ASan still checks every heap, stack and global access.
extern "C" const char *__asan_default_options() {
  return "allow_user_poisoning=0";
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const DialectRegistry *registry = [] {
    // qnn::registerAllDialects without the LLVM IR translations: the
    // fuzzer links the importer and the conversion, not code generation.
    auto *r = new DialectRegistry();
    r->insert<qnn::QNNDialect, onnx_ir::ONNXDialect>();
    mlir::registerAllDialects(*r);
    mlir::registerAllExtensions(*r);
    return r;
  }();
  MLIRContext ctx(*registry, MLIRContext::Threading::DISABLED);
  CapturedDiagnostics diags(ctx);
  // A directory that does not exist: external data in a fuzzed model must
  // fail to open, never read a file of the machine.
  StringRef path = "/nonexistent/qnn-import-onnx-fuzzer/input.onnx";
  onnx_import::ImportOptions options;
  OwningOpRef<ModuleOp> module = onnx_import::importONNX(
      StringRef(reinterpret_cast<const char *>(data), size), path, &ctx,
      options);
  if (!module) {
    requireDiagnostic(diags, "import");
    return 0;
  }
  if (diags.errors || failed(verify(*module))) {
    llvm::errs() << "qnn-import-onnx-fuzzer: the importer returned a module "
                    "after an error, or one that does not verify\n";
    __builtin_trap();
  }
  PassManager pm(&ctx);
  pm.enableVerifier(false);
  pm.addPass(qnn::createConvertONNXToQNN());
  if (failed(pm.run(*module))) {
    requireDiagnostic(diags, "convert-onnx-to-qnn");
    return 0;
  }
  if (diags.errors) {
    llvm::errs() << "qnn-import-onnx-fuzzer: convert-onnx-to-qnn emitted an "
                    "error but succeeded\n";
    __builtin_trap();
  }
  if (failed(verify(*module))) {
    llvm::errs() << "qnn-import-onnx-fuzzer: convert-onnx-to-qnn left IR "
                    "that does not verify\n";
    __builtin_trap();
  }
  return 0;
}
