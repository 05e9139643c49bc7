#!/usr/bin/env bash
# Configures and builds qnn in build/ (a fixed directory, so ccache hits)
# with clang-22, lld and ninja against Debian's LLVM/MLIR 22.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${QNN_BUILD_DIR:-$root/build}"
llvm_bindir="$(llvm-config-22 --bindir)"

if [ ! -f "$build/build.ninja" ]; then
  cmake -G Ninja -S "$root" -B "$build" \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DLLVM_USE_LINKER=lld \
    -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache \
    -DMLIR_DIR="$(llvm-config-22 --cmakedir)/../mlir" \
    -DLLVM_EXTERNAL_LIT="$llvm_bindir/lit"
fi
cmake --build "$build" "$@"
