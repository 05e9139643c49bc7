#!/usr/bin/env bash
# Builds qnn with AddressSanitizer + UndefinedBehaviorSanitizer (LeakSanitizer
# included) in build-asan and runs the test suite there: the lit suites, whose
# configuration sets the sanitizer options, preloads the ASan runtime into
# python3 and mlir-runner and instruments the compiled models
# (test/lit.cfg.py, test/sanitizers/), and the GoogleTest binaries. Every
# report is fatal. Prints one summary line and fails on any failure or report
# (docs/Reliability.md).
#
# The slowest execution tests are left out (lit --filter-out): under the
# sanitizers they would take about twice the rest of the suite together, and
# what they run is covered elsewhere in the run. Their times, from the normal
# build's lit run on this 2-core machine (build/test/.lit_test_times.txt):
#   Conformance/onnx-backend.test       607 s  ONNX's node tests through the
#       importer and the CPU pipeline: the importer and the conversion are
#       fuzzed under the same sanitizers (fuzz/), every operator family is run
#       by Conversion/ONNXToQNN/*-run.test.
#   Target/GPU/ptxas.test               160 s  mostly NVIDIA's ptxas, which is
#       not ours; the NVVM lowering runs in the Target/GPU and emulated tests.
#   Zoo/zoo.test                        158 s  24 models against
#       onnxruntime-node; the same importer and pipelines run in
#       Exporters/*.test and Examples/digits.test.
#   Integration/GPU/resnet18-emulated.test  71 s  the emulator runs the same
#       kernels in Integration/GPU/emulated-models.test.
#   Exporters/models.test                55 s  the exporters' layers run in
#       Exporters/integer-layers.test and layer-ops.test.
# QNN_SANITIZE_ALL=1 runs them too.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${QNN_ASAN_BUILD_DIR:-$root/build-asan}"
"$root/scripts/install-deps.sh" || exit 1
start=$SECONDS
QNN_SANITIZE=1 QNN_BUILD_DIR="$build" "$root/scripts/build.sh" || exit 1
echo "qnn (asan): built in $((SECONDS - start)) s"

slow=(
  'Conformance/onnx-backend\.test'
  'Target/GPU/ptxas\.test'
  'Zoo/zoo\.test'
  'Integration/GPU/resnet18-emulated\.test'
  'Exporters/models\.test'
)
filter=()
if [ "${QNN_SANITIZE_ALL:-0}" != 1 ]; then
  filter=(--filter-out "$(IFS='|'; echo "${slow[*]}")")
fi

# The GoogleTest binaries (directly and through lit's Unit suite) read the
# options from the environment; the main lit suite sets its own
# (test/lit.cfg.py), the same.
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=1:check_initialization_order=1:strict_init_order=1:allow_user_poisoning=0"
export UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1:report_error_type=1"
export LSAN_OPTIONS="suppressions=$root/test/sanitizers/lsan.supp"
export ASAN_SYMBOLIZER_PATH="$(llvm-config-22 --bindir)/llvm-symbolizer"

log="$build/test-results.log"
lit="$(llvm-config-22 --bindir)/lit"
start=$SECONDS
"$lit" -v "${filter[@]}" "$build/test" "$build/test/Unit" 2>&1 | tee "$log"
lit_status=${PIPESTATUS[0]}
echo "qnn (asan): lit ran in $((SECONDS - start)) s"

echo
echo "GoogleTest summaries:"
gtest_status=0
: > "$build/gtest.log"
for t in "$build"/unittests/*Tests; do
  echo "== $(basename "$t")"
  "$t" --gtest_brief=1 > "$build/gtest.one.log" 2>&1 || gtest_status=1
  cat "$build/gtest.one.log" >> "$build/gtest.log"
  tail -n 3 "$build/gtest.one.log"
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
# A report makes its test fail already (abort_on_error); this also catches
# one printed by a process whose status a test did not look at.
reports=$(cat "$log" "$build/gtest.log" |
  grep -cE '^(==[0-9]+==ERROR: (Address|Leak)Sanitizer|SUMMARY: (Address|Leak|UndefinedBehavior)Sanitizer)|runtime error: ')
echo
echo "qnn (asan): $passed passed, $failed failed, $skipped skipped"
if [ "$reports" -ne 0 ]; then
  echo "qnn (asan): $reports sanitizer report lines in $log / $build/gtest.log" >&2
fi
if [ "$lit_status" -ne 0 ] || [ "$gtest_status" -ne 0 ] ||
   [ "$failed" -ne 0 ] || [ "$reports" -ne 0 ]; then
  exit 1
fi
