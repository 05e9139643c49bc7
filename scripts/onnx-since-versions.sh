#!/usr/bin/env bash
# Prints lib/Conversion/ONNXToQNN/SinceVersions.inc's table from ONNX's
# docs/Changelog.md (given as $1): every default-domain operator with the
# opset versions in which its definition changed.
set -euo pipefail
changelog="${1:?usage: onnx-since-versions.sh path/to/onnx/docs/Changelog.md}"
awk '/^# ai.onnx.preview/ { exit } /^### <a name=/ { print }' "$changelog" |
  sed -E 's/.*\*\*([A-Za-z0-9_]+)-([0-9]+)\*\*.*/\1 \2/' |
  awk '{ v[$1] = v[$1] ", " $2 }
       END { for (k in v) printf "{\"%s\", {%s}},\n", k, substr(v[k], 3) }' |
  sort
