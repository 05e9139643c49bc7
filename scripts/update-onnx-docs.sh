#!/usr/bin/env bash
# Regenerates docs/ONNX.md's operator table from the registry
# (qnn-onnx-ops --markdown); test/Docs/onnx-operators.test checks it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${QNN_BUILD_DIR:-$root/build}"
doc="$root/docs/ONNX.md"
table="$("$build/bin/qnn-onnx-ops" --markdown)"
/usr/bin/python3 - "$doc" "$table" <<'PY'
import re, sys
path, table = sys.argv[1], sys.argv[2]
text = open(path).read()
text = re.sub(r"(<!-- BEGIN OPERATORS -->\n).*?(<!-- END OPERATORS -->)",
              lambda m: m.group(1) + table + "\n" + m.group(2), text, flags=re.S)
open(path, "w").write(text)
PY
