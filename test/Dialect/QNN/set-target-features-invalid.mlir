// RUN: qnn-opt %s -qnn-set-target-features='features=+avx2,avx512f' -verify-diagnostics

// expected-error @below {{qnn-set-target-features: 'avx512f' is not a target feature (expected '+name' or '-name')}}
module {
  llvm.func @kernel() {
    llvm.return
  }
}
