#!/usr/bin/env bash
# seeds.sh <source-root> <normal-build-dir-or-empty> <out-dir>: the seed
# corpus of qnn-import-onnx-fuzzer, every ONNX file the tests check in or
# make: the .onnx files under test/ and examples/, the ones a normal build's
# test run leaves under <build>/test/**/Output, and ONNX's node tests
# (/usr/share/libonnx-testdata, where installed). Files are named by their
# content's hash (duplicates collapse) and larger ones than the fuzzer's
# -max_len (qnn-import-onnx-fuzzer.options) are left out: libFuzzer would
# truncate them into unparsable protobufs.
set -euo pipefail
if [ $# -ne 3 ]; then
  echo "usage: $0 <source-root> <normal-build-dir-or-empty> <out-dir>" >&2
  exit 2
fi
src="$1" build="$2" out="$3"
max_kib=256
mkdir -p "$out"
dirs=("$src/test" "$src/examples")
if [ -n "$build" ] && [ -d "$build/test" ]; then
  dirs+=("$build/test")
fi
if [ -d /usr/share/libonnx-testdata/data/node ]; then
  dirs+=(/usr/share/libonnx-testdata/data/node)
fi
# Under a build directory only the tests' outputs (not, say, a copied model
# zoo); ONNX's node tests are all named model.onnx.
find "${dirs[@]}" -name '*.onnx' -type f -size -$((max_kib + 1))k \
    \( -path "$src/test/*" -o -path "$src/examples/*" -o -path '*/Output/*' \
       -o -path '/usr/share/libonnx-testdata/*' \) -print0 |
  xargs -0 -r sha1sum |
  while read -r hash file; do
    cp "$file" "$out/$hash"
  done
