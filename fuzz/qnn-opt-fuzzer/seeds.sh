#!/usr/bin/env bash
# seeds.sh <source-root> <normal-build-dir-or-empty> <out-dir>: the seed
# corpus of qnn-opt-fuzzer, the lit tests' .mlir files under test/, each
# split at `// -----` as -split-input-file splits it, with whole-line
# comments (RUN and CHECK lines) dropped: the fuzzer's mutations belong on
# the IR. expected-error cases are kept, they are the interesting ones.
# Seeds are named by their content's hash (duplicates collapse). The build
# directory is not used.
set -euo pipefail
if [ $# -ne 3 ]; then
  echo "usage: $0 <source-root> <normal-build-dir-or-empty> <out-dir>" >&2
  exit 2
fi
src="$1" out="$3"
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
find "$src/test" -name '*.mlir' -type f -print0 |
  xargs -0 -r awk -v dir="$tmp" '
    FNR == 1 { part = 0; file = dir "/" ++files "." part }
    /^\/\/ -----/ { close(file); file = dir "/" files "." ++part; next }
    /^[[:space:]]*\/\// { next }
    { print > file }
  '
# Parts that hold only blank lines are no seeds, nor ones longer than the
# fuzzer's -max_len (qnn-opt-fuzzer.options), which libFuzzer would cut.
find "$tmp" -type f -size -17k -print0 | xargs -0 -r grep -lZ '[^[:space:]]' |
  xargs -0 -r sha1sum |
  while read -r hash file; do
    cp "$file" "$out/$hash"
  done
