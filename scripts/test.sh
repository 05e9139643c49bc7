#!/usr/bin/env bash
# Installs, builds and runs every test: the lit suites (FileCheck, install,
# docs, the model zoo against onnxruntime) and the GoogleTest binaries, then
# prints one summary line. onnxruntime-node, the zoo's oracle, goes into the
# npm cache (QNN_NPM_CACHE, default ~/.cache/qnn/npm); QNN_SKIP_ZOO=1 runs
# without it (the zoo is then reported unsupported).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${QNN_BUILD_DIR:-$root/build}"
"$root/scripts/install-deps.sh" || exit 1
if [ "${QNN_SKIP_ZOO:-0}" != 1 ]; then
  "$root/scripts/install-onnxruntime.sh" || {
    echo "qnn: cannot install onnxruntime-node (QNN_SKIP_ZOO=1 tests without the model zoo)" >&2
    exit 1
  }
fi
"$root/scripts/build.sh" || exit 1

log="$build/test-results.log"
lit="$(llvm-config-22 --bindir)/lit"
# lit runs the FileCheck tests and every GoogleTest case; its summary is the
# main one. -v prints failures in full.
"$lit" -v "$build/test" "$build/test/Unit" 2>&1 | tee "$log"
lit_status=${PIPESTATUS[0]}

echo
echo "GoogleTest summaries:"
gtest_status=0
for t in "$build"/unittests/*Tests; do
  echo "== $(basename "$t")"
  "$t" --gtest_brief=1 > "$build/gtest.log" 2>&1 || gtest_status=1
  tail -n 3 "$build/gtest.log"
done

count() { sed -n "s/^ *$1 *: *\([0-9]*\).*/\1/p" "$log" | head -n 1; }
passed=$(count Passed); passed=${passed:-0}
failed=0
for kind in Failed "Unexpectedly Passed" "Timed Out"; do
  n=$(count "$kind"); failed=$((failed + ${n:-0}))
done
skipped=0
for kind in Unsupported Skipped "Expectedly Failed" Excluded; do
  n=$(count "$kind"); skipped=$((skipped + ${n:-0}))
done
echo
echo "qnn: $passed passed, $failed failed, $skipped skipped"
if [ "$lit_status" -ne 0 ] || [ "$gtest_status" -ne 0 ] || [ "$failed" -ne 0 ]; then
  exit 1
fi
