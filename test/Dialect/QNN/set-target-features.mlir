// RUN: qnn-opt %s -qnn-set-target-features='features=+avx2,+fma' -split-input-file -verify-diagnostics | FileCheck %s

// Functions with a body get the features, merged with those they have;
// declarations are left alone.
// CHECK-LABEL: llvm.func @kernel()
// CHECK-SAME: target_features = #llvm.target_features<["+avx2", "+fma"]>
// CHECK-LABEL: llvm.func @tuned()
// CHECK-SAME: target_features = #llvm.target_features<["+sse4.2", "+avx2", "+fma"]>
// CHECK: llvm.func @external()
// CHECK-NOT: target_features
module {
  llvm.func @kernel() {
    llvm.return
  }
  llvm.func @tuned() attributes {target_features = #llvm.target_features<["+sse4.2", "+avx2"]>} {
    llvm.return
  }
  llvm.func @external()
}
