#!/usr/bin/env bash
# seeds.sh <source-root> <normal-build-dir-or-empty> <out-dir>: the seed
# corpus of qnn-pipeline-fuzzer, a handful of Description records
# (Description.h). A record shorter than the struct is completed from
# defaultDescription() (a 3x3 convolution of 2-bit codes, padded, with
# multithreshold input and epilogue), so each seed writes only the leading
# bytes it changes:
#   0 layer (0 none, 1 dense, 2 conv2d, 3 max_pool2d)
#   1 epilogue (0 none, 1 thresholds / dequantize, 2 rescale,
#     3 rescale + quantize)
#   2 input quantizer (0 qnn.quantize, 1 qnn.multithreshold)
#   3 rounding, 4 targets (bit mask, 0 all), 5 fuse-epilogues,
#   6 pack-weights, 7 flags
#   8.. the activation type: bits, signed, codebook, narrow, per channel,
#   zero point
#  48.. the weight type, 88.. the output type (the same fields).
# Neither the source nor the build directory is read.
set -euo pipefail
if [ $# -ne 3 ]; then
  echo "usage: $0 <source-root> <normal-build-dir-or-empty> <out-dir>" >&2
  exit 2
fi
out="$3"
mkdir -p "$out"
seed() { printf "$2" > "$out/$1"; }
seed conv-default ''
# Dense layers: i32 accumulators of u8 inputs quantized with half_even.
seed dense-acc-u8 '\x01\x00\x00\x00\x00\x01\x01\x00\x08'
# Dense, rescale then quantize: qnn-fuse-epilogues folds both to thresholds.
seed dense-rescale-quantize '\x01\x03\x00\x00\x00\x01\x01\x00\x04\x00\x00\x00\x00\x03'
# Signed uniform per-channel weights, float epilogue kept (no fusion).
seed conv-rescale-i4 '\x02\x02\x01\x00\x00\x00\x01\x00\x02\x00\x00\x00\x00\x00\x00\x00'
seed conv-i4-weights '\x02\x01\x00\x00\x00\x01\x00\x00\x03\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x04\x01\x00\x00\x01'
# Max pooling of codes, then their dequantization.
seed maxpool-dequantize '\x03\x01\x01\x00\x00\x01\x01\x00'
# A quantizer alone: floor rounding, signed narrow 3-bit codes.
seed quantize-floor '\x00\x00\x00\x04\x00\x01\x01\x00\x03\x01\x00\x01'
# Bit-serial and 1-bit codes: binary weights, 1-bit activations.
seed conv-binary '\x02\x01\x01\x00\x00\x01\x01\x01\x01'
