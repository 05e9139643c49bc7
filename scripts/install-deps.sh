#!/usr/bin/env bash
# Installs the Debian 12 packages qnn builds and tests with: LLVM/MLIR 22,
# clang, lld, ninja, ccache, GoogleTest and lit, and for the tests the ONNX
# test data, torchvision (the model zoo) and node + npm (which install the
# zoo's oracle, onnxruntime-node: scripts/install-onnxruntime.sh).
set -euo pipefail

packages=(
  cmake ninja-build ccache
  clang-22 lld-22 libclang-rt-22-dev
  llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools
  libgtest-dev
  libonnx-dev libprotobuf-dev python3-onnx python3-numpy
  python3-torch python3-sklearn python3-torchvision
  libonnx-testdata
  nodejs
  python3
)
# npm: Debian's package, unless an npm is already there (nodesource's nodejs
# carries its own and conflicts with Debian's npm).
if ! command -v npm >/dev/null; then
  packages+=(npm)
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd=(sudo)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$p")
done
if [ "${#missing[@]}" -eq 0 ]; then
  echo "qnn: all build dependencies are installed"
  exit 0
fi
echo "qnn: installing ${missing[*]}"
"${sudo_cmd[@]}" apt-get update
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y \
  --no-install-recommends "${missing[@]}"
