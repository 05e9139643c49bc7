#!/usr/bin/env bash
# Builds gpu-bundle/ (or $1): everything the GPU checks and benchmarks need
# on a machine with an NVIDIA GPU and a CUDA driver, but without qnn's
# toolchain (LLVM/MLIR 22): libqnn_runtime, the test models compiled by
# qnn-gpu-pipeline (PTX for $QNN_GPU_CHIP, default sm_90, which the driver
# compiles for the device) with the outputs their CPU builds give here,
# the benchmark models (compressed), the Python package and bench/gpu.py.
# Run it there with `bash gpu-bundle/check.sh` (scripts/gpu-check.sh).
# QNN_GPU_FORMAT=llvm builds it for the CUDA emulator instead (to check the
# bundle itself: QNN_CUDA_LIBRARY=build/lib/libqnn_cuda_emulator.so
# bash gpu-bundle/check.sh tests).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${QNN_BUILD_DIR:-$root/build}"
out="$(mkdir -p "${1:-$root/gpu-bundle}" && cd "${1:-$root/gpu-bundle}" && pwd)"
chip="${QNN_GPU_CHIP:-sm_90}"
# isa (PTX) for a GPU; llvm to check the bundle on the CUDA emulator.
format="${QNN_GPU_FORMAT:-isa}"
tools="$build/bin"
python=/usr/bin/python3
rm -rf "${out:?}"/*
mkdir -p "$out/lib" "$out/bin" "$out/models" "$out/bench/models" "$out/python"
cp -P "$build"/lib/libqnn_runtime.so* "$out/lib/"
cp -r "$root/python/qnn" "$out/python/"
rm -rf "$out/python/qnn/__pycache__"
cp "$root/bench/gpu.py" "$root/bench/torch_models.py" "$out/bench/"
cp "$root/scripts/gpu-check.sh" "$out/check.sh"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
clang-22 -O2 -I"$root/runtime/include" "$root/test/Target/GPU/Inputs/run_any.c" \
  -L"$build/lib" -lqnn_runtime -Wl,-rpath,'$ORIGIN/../lib' -o "$out/bin/run_any"
clang-22 -O2 -I"$root/runtime/include" "$root/test/Target/GPU/Inputs/run_any.c" \
  -L"$build/lib" -lqnn_runtime -Wl,-rpath,"$build/lib" -o "$work/run_any"

# A model: its GPU library, and the output of its CPU build (the GPU build
# must give it bit for bit).
model() {
  local name=$1 src=$2
  "$tools/qnn-opt" "$src" --qnn-cpu-pipeline -o "$work/$name.cpu.mlir"
  "$tools/qnn-translate" --mlir-to-object "$work/$name.cpu.mlir" -o "$work/$name.cpu.o"
  clang-22 -shared "$work/$name.cpu.o" -o "$work/$name.cpu.so" -L"$build/lib" -lqnn_runtime -lm
  "$work/run_any" "$work/$name.cpu.so" > "$out/models/$name.expected"
  "$tools/qnn-opt" "$src" "--qnn-gpu-pipeline=chip=$chip format=$format" -o "$work/$name.gpu.mlir"
  "$tools/qnn-translate" --mlir-to-object "$work/$name.gpu.mlir" -o "$work/$name.gpu.o"
  clang-22 -shared "$work/$name.gpu.o" -o "$out/models/$name.so" -L"$build/lib" -lqnn_runtime \
    -Wl,-rpath,'$ORIGIN/../lib'
  echo "bundled $name"
}
for m in cnn schemes qlinear lowbit; do
  "$python" "$root/test/Target/ONNX/make_models.py" $m "$work/$m.onnx"
  "$tools/qnn-translate" --import-onnx "$work/$m.onnx" -o "$work/$m.mlir"
  model "$m" "$work/$m.mlir"
done
for m in pact_sawb apot2 apot4 hwgq dq slb float; do
  "$tools/qnn-translate" --import-onnx "$root/examples/digits/models/$m.onnx" -o "$work/digits_$m.mlir"
  model "digits_$m" "$work/digits_$m.mlir"
done
# The execution tests' cases as the entry points of one model each (their
# @main prints through the MLIR runner's library; the bundle has none).
for f in "$root/test/Integration/CPU/layers.mlir" "$root/test/Integration/CPU/epilogues.mlir" \
         "$root/test/Integration/CPU/activations.mlir" "$root/test/Integration/GPU/Inputs/gpu-layers.mlir"; do
  name=$(basename "$f" .mlir)
  "$python" - "$f" "$work/$name.mlir" <<'PY'
import sys
text = open(sys.argv[1]).read()
open(sys.argv[2], "w").write(text[:text.index("func.func private @printMemref")])
PY
  model "$name" "$work/$name.mlir"
done
"$python" "$root/examples/resnet18/generate.py" > "$work/resnet18.mlir"
model resnet18 "$work/resnet18.mlir"
"$python" "$root/examples/resnet18/generate.py" --width 16 --resolution 64 --batch 2 > "$work/resnet18_b2.mlir"
model resnet18_b2 "$work/resnet18_b2.mlir"

# The benchmarks' models.
"$python" "$root/bench/gpu.py" prepare --build "$build" --chip "$chip" --format "$format" \
  --out "$out/bench/models"
du -sh "$out"
