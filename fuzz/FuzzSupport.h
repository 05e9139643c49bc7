//===- FuzzSupport.h - Pieces the fuzz targets share ------------*- C++ -*-===//
//
// Diagnostics captured per input (counted, printed only with
// QNN_FUZZ_VERBOSE=1) and the small deterministic generator structured
// mutators and input data draw from.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_FUZZ_FUZZSUPPORT_H
#define QNN_FUZZ_FUZZSUPPORT_H

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <cstdlib>

namespace mlir::qnn::fuzz {

/// Counts error diagnostics instead of printing them; QNN_FUZZ_VERBOSE=1
/// prints them (to see why an input is rejected).
struct CapturedDiagnostics {
  explicit CapturedDiagnostics(mlir::MLIRContext &ctx)
      : handler(&ctx, [this](mlir::Diagnostic &d) {
          if (d.getSeverity() == mlir::DiagnosticSeverity::Error)
            ++errors;
          if (verbose)
            llvm::errs() << d.getLocation() << ": " << d << "\n";
          return mlir::success();
        }) {}
  unsigned errors = 0;
  bool verbose = std::getenv("QNN_FUZZ_VERBOSE") != nullptr;
  mlir::ScopedDiagnosticHandler handler;
};

/// SplitMix64: a small deterministic generator seeded from fuzzer bytes.
struct Rng {
  uint64_t state;
  uint64_t next() {
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  unsigned below(unsigned n) { return unsigned(next() % n); }
  bool chance(unsigned n) { return below(n) == 0; }
};

} // namespace mlir::qnn::fuzz

#endif // QNN_FUZZ_FUZZSUPPORT_H
