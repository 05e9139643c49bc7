// RUN: qnn-opt %s -qnn-set-target-features | FileCheck %s

// Without the option, the module's #qnn.target gives the features and each
// defined function's target_cpu; the module attribute, which LLVM tools do
// not know, is dropped. Functions keep a CPU they have.
// CHECK: module {
// CHECK-LABEL: llvm.func @kernel()
// CHECK-SAME: target_cpu = "znver4"
// CHECK-SAME: target_features = #llvm.target_features<["+avx512f", "+avx512vnni"]>
// CHECK-LABEL: llvm.func @tuned()
// CHECK-SAME: target_cpu = "skylake-avx512"
// CHECK: llvm.func @external()
// CHECK-NOT: target_
module attributes {qnn.target = #qnn.target<arch = "x86_64", cpu = "znver4", features = ["avx512f", "avx512vnni"]>} {
  llvm.func @kernel() {
    llvm.return
  }
  llvm.func @tuned() attributes {target_cpu = "skylake-avx512"} {
    llvm.return
  }
  llvm.func @external()
}
