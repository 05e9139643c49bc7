#!/usr/bin/env bash
# The main job: install, build, then compile the bundled PACT+SAWB W2A2
# digits model (examples/digits/models/pact_sawb.onnx) with qnn and run it
# on the held-out split, printing its accuracy, its agreement with the
# PyTorch QAT model and its latency per image.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" --target qnn-opt qnn-translate qnn_runtime
build="${QNN_BUILD_DIR:-$root/build}"
echo "qnn: compiling and running examples/digits/models/pact_sawb.onnx"
cd "$root/examples/digits"
QNN_BUILD_DIR="$build" /usr/bin/python3 -W ignore evaluate.py pact_sawb
