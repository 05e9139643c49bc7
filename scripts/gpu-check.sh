#!/usr/bin/env bash
# The GPU checks and benchmarks, on a machine with an NVIDIA GPU: run from
# the bundle scripts/gpu-bundle.sh built (as its check.sh). Every test model
# runs on the GPU and must give the output its CPU build gave (bit for
# bit); then bench/gpu.py measures against PyTorch (when it has CUDA).
# `check.sh tests` runs only the tests.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null || true
failed=0
for so in "$here"/models/*.so; do
  name=$(basename "$so" .so)
  if "$here/bin/run_any" "$so" > "/tmp/qnn-$name.out" 2> "/tmp/qnn-$name.err" &&
     diff -q "$here/models/$name.expected" "/tmp/qnn-$name.out" > /dev/null; then
    echo "PASS $name"
  else
    echo "FAIL $name"
    failed=$((failed + 1))
    head -c 400 "/tmp/qnn-$name.out"; echo
    diff "$here/models/$name.expected" "/tmp/qnn-$name.out" | head -n 4 | cut -c 1-200
    head -n 3 "/tmp/qnn-$name.err"
  fi
done
echo "qnn GPU tests: $failed failed"
if [ "${1:-all}" != tests ]; then
  python3 "$here/bench/gpu.py" all --build "$here" --prebuilt "$here/bench/models"
fi
[ "$failed" -eq 0 ]
