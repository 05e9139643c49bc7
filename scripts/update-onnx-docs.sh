#!/usr/bin/env bash
# Regenerates docs/ONNX.md's operator table from the registry
# (qnn-onnx-ops --markdown; test/Docs/onnx-operators.test checks it) and,
# given the table file of a conformance run
# (test/Conformance/onnx_backend.py --table FILE), its conformance table
# (test/Conformance/onnx-backend.test checks that one).
#
# usage: scripts/update-onnx-docs.sh [CONFORMANCE_TABLE]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${QNN_BUILD_DIR:-$root/build}"
doc="$root/docs/ONNX.md"
table="$("$build/bin/qnn-onnx-ops" --markdown)"
conformance=""
if [ $# -ge 1 ]; then
  conformance="$(cat "$1")"
fi
/usr/bin/python3 - "$doc" "$table" "$conformance" <<'PY'
import re, sys
path, table, conformance = sys.argv[1:4]
text = open(path).read()
def fill(text, marker, body):
    return re.sub(r"(<!-- BEGIN %s -->\n).*?(<!-- END %s -->)" % (marker, marker),
                  lambda m: m.group(1) + body + "\n" + m.group(2), text,
                  flags=re.S)
text = fill(text, "OPERATORS", table)
if conformance:
    text = fill(text, "CONFORMANCE", conformance.rstrip("\n"))
open(path, "w").write(text)
PY
