#!/usr/bin/env bash
# Installs, builds and runs every test: the lit suites (FileCheck, install,
# docs, the model zoo against onnxruntime) and the GoogleTest binaries, then
# prints one summary line. Then the reliability stage (docs/Reliability.md):
# the suite again under ASan + UBSan + LeakSanitizer in build-asan
# (scripts/test-sanitized.sh) and every fuzzer for QNN_FUZZ_SECONDS (30) s
# on its seeds (scripts/fuzz.sh); QNN_SKIP_SANITIZERS=1 leaves that stage
# out. onnxruntime-node, the zoo's oracle, goes into the
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
summary="qnn: $passed passed, $failed failed, $skipped skipped"
echo
echo "$summary"
status=0
if [ "$lit_status" -ne 0 ] || [ "$gtest_status" -ne 0 ] || [ "$failed" -ne 0 ]; then
  status=1
fi

if [ "${QNN_SKIP_SANITIZERS:-0}" != 1 ]; then
  echo
  echo "== The sanitizer suite (scripts/test-sanitized.sh)"
  "$root/scripts/test-sanitized.sh" 2>&1 | tee "$build/test-sanitized.log"
  san_status=${PIPESTATUS[0]}
  echo
  echo "== The fuzzers, ${QNN_FUZZ_SECONDS:-30} s each (scripts/fuzz.sh)"
  QNN_FUZZ_SEED_BUILD_DIR="$build" "$root/scripts/fuzz.sh" 2>&1 |
    tee "$build/fuzz.log"
  fuzz_status=${PIPESTATUS[0]}
  echo
  echo "$summary"
  grep -h '^qnn (asan): [0-9]* passed' "$build/test-sanitized.log" ||
    echo "qnn (asan): did not finish (exit $san_status)"
  grep -h '^qnn fuzz: ' "$build/fuzz.log" | tail -n 1
  [ "$san_status" -eq 0 ] && [ "$fuzz_status" -eq 0 ] || status=1
fi
exit $status
