// RUN: not qnn-translate --mlir-to-object --qnn-target-triple=nonsense-unknown-none %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=TRIPLE
// RUN: not qnn-translate --mlir-to-header %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=HEADER

// TRIPLE: error: unknown target triple 'nonsense-unknown-none'
// HEADER: error: no model descriptor in the module: compile it with qnn-cpu-pipeline first
module {
  llvm.func @dynamic_placeholder() {
    llvm.return
  }
}
