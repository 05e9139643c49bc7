//===- qnn-opt-fuzzer.cpp - Fuzzes parsing, verification and lowering -----===//
//
// This file implements the fuzz target behind qnn-opt-fuzzer: the input
// bytes are MLIR text (or bytecode) parsed with every dialect qnn-opt
// registers. Whatever parses and verifies goes, on a copy each, through
// canonicalization and through qnn's legalizations: the ONNX conversion and
// the front of the CPU pipeline up to linalg, the direct lowering to linalg,
// and both conversions between qnn and upstream quant. Each input gets a
// fresh context whose diagnostics are captured, not printed.
//
// Besides the sanitizers' reports, the target traps on two broken contracts:
// a pass that fails without an error diagnostic, and a pass that succeeds
// but leaves IR that does not verify. Each pass runs on its own (with the
// pass manager's verifier off and the verifier called after it) so that a
// trap names the pass.
//
//===----------------------------------------------------------------------===//

#include "qnn/InitAllDialects.h"
#include "qnn/InitAllPasses.h"

#include "../FuzzSupport.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/raw_ostream.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

using namespace mlir;
using mlir::qnn::fuzz::CapturedDiagnostics;

namespace {
[[noreturn]] void brokenContract(llvm::StringRef pass, const char *what) {
  llvm::errs() << "qnn-opt-fuzzer: " << pass << " " << what << "\n";
  __builtin_trap();
}

/// The pass sequences each verified module goes through, on a copy each.
/// The second is the front of qnn-cpu-pipeline (lib/Pipelines) up to
/// convert-qnn-to-linalg: the order real inputs meet these passes in.
const char *const kSequences[][8] = {
    {"canonicalize"},
    {"convert-onnx-to-qnn", "func.func(qnn-optimize-layout)",
     "qnn-legalize-quantizers", "qnn-form-integer-layers", "qnn-fuse-epilogues",
     "canonicalize", "convert-qnn-to-linalg"},
    {"convert-qnn-to-linalg"},
    {"convert-qnn-to-quant"},
    {"convert-quant-to-qnn"},
};

/// Runs `sequence` on `module`, one pass at a time; stops at the first
/// pass that fails (with a diagnostic).
void runSequence(ModuleOp module, const char *const *sequence,
                 CapturedDiagnostics &diags) {
  MLIRContext *ctx = module.getContext();
  for (; *sequence; ++sequence) {
    PassManager pm(ctx);
    pm.enableVerifier(false);
    std::string pipeline = std::string("builtin.module(") + *sequence + ")";
    if (failed(parsePassPipeline(pipeline, pm, llvm::errs())))
      brokenContract(*sequence, "is not a registered pass");
    unsigned errorsBefore = diags.errors;
    if (failed(pm.run(module))) {
      if (diags.errors == errorsBefore)
        brokenContract(*sequence, "failed without an error diagnostic");
      return;
    }
    if (diags.errors != errorsBefore)
      brokenContract(*sequence, "emitted an error but succeeded");
    if (failed(verify(module)))
      brokenContract(*sequence, "left IR that does not verify");
  }
}
} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  qnn::registerAllPasses();
  return 0;
}

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
    auto *r = new DialectRegistry();
    qnn::registerAllDialects(*r);
    return r;
  }();
  MLIRContext ctx(*registry, MLIRContext::Threading::DISABLED);
  CapturedDiagnostics diags(ctx);
  // MLIR's lexer reads the byte after the buffer, which must be a NUL (as
  // in files it reads): a std::string supplies one.
  std::string text(reinterpret_cast<const char *>(data), size);
  ParserConfig config(&ctx, /*verifyAfterParse=*/true);
  OwningOpRef<ModuleOp> module =
      parseSourceString<ModuleOp>(text, config, "fuzz-input");
  if (!module) {
    if (!diags.errors)
      brokenContract("the parser", "failed without an error diagnostic");
    return 0;
  }
  for (const auto &sequence : kSequences) {
    OwningOpRef<ModuleOp> copy = module->clone();
    runSequence(*copy, sequence, diags);
  }
  return 0;
}
