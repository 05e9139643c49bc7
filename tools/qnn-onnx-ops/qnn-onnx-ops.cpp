//===- qnn-onnx-ops.cpp - The ONNX operators qnn reads --------------------===//
//
// This file implements qnn-onnx-ops: it prints convert-onnx-to-qnn's
// registry, one operator per line: domain, operator, the since-versions qnn
// reads, the operator's since-versions in ONNX (default domain) and its
// handler family; `--markdown` prints docs/ONNX.md's table. Tests read it to
// know which operators qnn claims.
//
//===----------------------------------------------------------------------===//

#include "qnn/Conversion/ONNXToQNN/ONNXToQNN.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

using namespace mlir::qnn::onnx_to_qnn;

static std::string join(llvm::ArrayRef<int64_t> versions) {
  std::string out;
  llvm::raw_string_ostream os(out);
  llvm::interleave(versions, os, ", ");
  return out;
}

int main(int argc, char **argv) {
  llvm::cl::opt<bool> markdown("markdown",
                               llvm::cl::desc("Print a Markdown table"));
  llvm::cl::ParseCommandLineOptions(argc, argv,
                                    "the ONNX operators qnn reads\n");
  llvm::raw_ostream &os = llvm::outs();
  if (markdown) {
    os << "| domain | operator | since-versions read | ONNX since-versions "
          "| family |\n| --- | --- | --- | --- | --- |\n";
  }
  for (const auto &[domain, ops] : getDefaultRegistry().entries())
    for (const auto &[op, entry] : ops) {
      std::string all = domain == "ai.onnx" ? join(getSinceVersions(op)) : "";
      if (markdown)
        os << "| " << domain << " | " << op << " | " << join(entry.since)
           << " | " << all << " | " << entry.family << " |\n";
      else
        os << domain << "\t" << op << "\t" << join(entry.since) << "\t" << all
           << "\t" << entry.family << "\n";
    }
  return EXIT_SUCCESS;
}
