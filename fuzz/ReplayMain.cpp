//===- ReplayMain.cpp - Runs a fuzz target on files -------------------------===//
//
// The main of a fuzzer built without libFuzzer (QNN_ENABLE_FUZZERS off): it
// runs LLVMFuzzerTestOneInput once on the contents of every file named on
// the command line, so the normal test suite replays the inputs that once
// crashed a fuzzer (test/Fuzz). A target that crashes still crashes here;
// the replayer itself only reports files it cannot read.
//
//===----------------------------------------------------------------------===//

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int *argc,
                                                          char ***argv);

int main(int argc, char **argv) {
  if (LLVMFuzzerInitialize)
    LLVMFuzzerInitialize(&argc, &argv);
  int status = 0;
  for (int i = 1; i < argc; ++i) {
    auto buffer = llvm::MemoryBuffer::getFile(argv[i], /*IsText=*/false,
                                              /*RequiresNullTerminator=*/false);
    if (!buffer) {
      llvm::errs() << argv[i] << ": " << buffer.getError().message() << "\n";
      status = 1;
      continue;
    }
    LLVMFuzzerTestOneInput(
        reinterpret_cast<const uint8_t *>((*buffer)->getBufferStart()),
        (*buffer)->getBufferSize());
    llvm::outs() << "replayed " << argv[i] << "\n";
  }
  return status;
}
