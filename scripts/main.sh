#!/usr/bin/env bash
# The main job: install, build, and compile the bundled example through the
# qnn dialect's passes, printing the result.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" --target qnn-opt
build="${QNN_BUILD_DIR:-$root/build}"
echo "qnn: qnn-opt examples/quantizers.mlir --convert-quant-to-qnn --canonicalize"
"$build/bin/qnn-opt" "$root/examples/quantizers.mlir" \
  --convert-quant-to-qnn --canonicalize
