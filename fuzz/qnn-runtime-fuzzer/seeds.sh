#!/usr/bin/env bash
# Writes qnn-runtime-fuzzer's seed inputs to <out-dir>: one per operation of
# RuntimeFuzzer.cpp (its first byte picks the operation, the bytes after it
# its choices), and one running them all in turn. The inputs need no build.
# Usage: seeds.sh <source-root> <normal-build-dir-or-empty> <out-dir>
set -euo pipefail
out="${3:?usage: seeds.sh <source-root> <build-dir-or-empty> <out-dir>}"
mkdir -p "$out"

# <operation> <pattern byte> <length>: the operation's byte, then `length`
# bytes cycling from the pattern byte (varied choices, inputs around zero).
seed() {
  local op=$1 start=$2 length=$3 i byte bytes
  printf -v bytes '\\x%02x' "$op"
  for ((i = 0; i < length; ++i)); do
    printf -v byte '\\x%02x' $(((start + i * 37) % 256))
    bytes+=$byte
  done
  printf '%b' "$bytes"
}

names=(run-model run-model-2 descriptor descriptor-2 load-copy
       load-truncated load-other made-up-handle dtypes-threads alloc
       parallel-for)
for op in "${!names[@]}"; do
  seed "$op" $((op * 11 + 5)) 700 > "$out/seed-${names[$op]}"
done
# Every operation in turn.
{
  for op in "${!names[@]}"; do
    seed "$op" $((op * 7 + 1)) 120
  done
} > "$out/seed-all"
