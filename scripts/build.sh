#!/usr/bin/env bash
# Configures and builds qnn in build/ (a fixed directory, so ccache hits)
# with clang-22, lld and ninja against Debian's LLVM/MLIR 22.
# QNN_SANITIZE=1 configures the sanitizer build instead, in build-asan/:
# AddressSanitizer + UndefinedBehaviorSanitizer (LeakSanitizer included) on
# all of qnn's code, with libFuzzer coverage and the fuzzers
# (docs/Reliability.md).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
llvm_bindir="$(llvm-config-22 --bindir)"
extra=()
if [ "${QNN_SANITIZE:-0}" = 1 ]; then
  build="${QNN_BUILD_DIR:-$root/build-asan}"
  extra=(-DLLVM_USE_SANITIZER="Address;Undefined"
         -DLLVM_USE_SANITIZE_COVERAGE=ON -DQNN_ENABLE_FUZZERS=ON)
else
  build="${QNN_BUILD_DIR:-$root/build}"
fi

if [ ! -f "$build/build.ninja" ]; then
  cmake -G Ninja -S "$root" -B "$build" \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DLLVM_USE_LINKER=lld \
    -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache \
    -DMLIR_DIR="$(llvm-config-22 --cmakedir)/../mlir" \
    -DLLVM_EXTERNAL_LIT="$llvm_bindir/lit" "${extra[@]}"
fi
cmake --build "$build" "$@"
