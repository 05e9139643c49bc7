#!/usr/bin/env bash
# scripts/fuzz.sh [seconds [name...]]: runs every fuzzer (fuzz/<name>/), or
# the ones named, whose binary the sanitizer build has (QNN_SANITIZE=1 scripts/build.sh; $root/build-asan, or
# QNN_FUZZ_BUILD_DIR) for `seconds` each (default 30, or QNN_FUZZ_SECONDS),
# then prints each one's executions and coverage; non-zero if one crashed,
# leaked, hung or ran out of memory.
#
# The convention each fuzz/<name>/ follows:
# - seeds.sh <source-root> <normal-build-dir-or-empty> <out-dir> fills
#   out-dir with the seed corpus (the normal build, $root/build or
#   QNN_FUZZ_SEED_BUILD_DIR, holds the files the tests wrote, where it exists);
# - <name>.options, if present: libFuzzer flags, one a line (-max_len,
#   -timeout, -rss_limit_mb suited to the fuzzer; '#' lines are comments);
# - <name>.dict, if present: a libFuzzer dictionary.
# Each run starts from the seeds in a scratch directory (QNN_FUZZ_WORK_DIR,
# default <build>/fuzz-work); the inputs that crash are kept in
# <work>/crashes/<name>/, which the failure message names.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${QNN_FUZZ_BUILD_DIR:-$root/build-asan}"
seconds="${1:-${QNN_FUZZ_SECONDS:-30}}"
shift $(($# > 0 ? 1 : 0))
only=("$@")
seed_build="${QNN_FUZZ_SEED_BUILD_DIR:-$root/build}"
[ -d "$seed_build" ] || seed_build=""
work="${QNN_FUZZ_WORK_DIR:-$build/fuzz-work}"
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: $0 [seconds [name...]] (a positive number of seconds, not '$seconds')" >&2
  exit 2
fi
for name in "${only[@]}"; do
  if [ ! -d "$root/fuzz/$name" ]; then
    echo "$0: no fuzzer fuzz/$name" >&2
    exit 2
  fi
done

ran=0
failed=()
for dir in "$root"/fuzz/*/; do
  name="$(basename "$dir")"
  if [ "${#only[@]}" != 0 ] && [[ " ${only[*]} " != *" $name "* ]]; then
    continue
  fi
  bin="$build/bin/$name"
  if [ ! -x "$bin" ]; then
    echo "$name: no $bin (QNN_SANITIZE=1 scripts/build.sh builds it); skipped"
    continue
  fi
  seeds="$work/$name/seeds"
  corpus="$work/$name/corpus"
  crashes="$work/crashes/$name"
  rm -rf "$seeds" "$corpus"
  mkdir -p "$seeds" "$corpus" "$crashes"
  if [ -x "$dir/seeds.sh" ] || [ -f "$dir/seeds.sh" ]; then
    if ! bash "$dir/seeds.sh" "$root" "$seed_build" "$seeds"; then
      echo "$name: $dir/seeds.sh failed" >&2
      failed+=("$name (seeds.sh failed)")
      continue
    fi
  fi
  flags=(-rss_limit_mb=4096 -timeout=25)
  if [ -f "$dir/$name.options" ]; then
    while read -r flag; do
      [[ -z "$flag" || "$flag" == \#* ]] || flags+=("$flag")
    done < "$dir/$name.options"
  fi
  [ -f "$dir/$name.dict" ] && flags+=("-dict=$dir/$name.dict")
  log="$work/$name/fuzz.log"
  echo "$name: $(find "$seeds" -type f | wc -l) seeds, ${seconds}s (log $log)"
  # New inputs go to the first directory (the scratch corpus), never into
  # the seeds.
  "$bin" "${flags[@]}" -max_total_time="$seconds" -print_final_stats=1 \
    -artifact_prefix="$crashes/" "$corpus" "$seeds" > "$log" 2>&1
  status=$?
  ran=$((ran + 1))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+' "$log" | tail -1)
  echo "$name: ${execs:-?} executions, ${cov:-no coverage line}, exit $status"
  if [ "$status" != 0 ]; then
    artifact=$(sed -n 's/.*Test unit written to //p' "$log" | tail -1)
    echo "$name: FAILED (exit $status): crash input ${artifact:-not written}" \
         "(crash inputs kept in $crashes/); the report:" >&2
    grep -m1 -B2 -A25 -E '^==[0-9]+==|SUMMARY|ERROR: libFuzzer|runtime error' \
      "$log" >&2
    failed+=("$name (${artifact:-exit $status})")
  fi
done

if [ "$ran" = 0 ]; then
  echo "qnn fuzz: no fuzzer built in $build (QNN_SANITIZE=1 scripts/build.sh)" >&2
  exit 1
fi
if [ "${#failed[@]}" != 0 ]; then
  echo "qnn fuzz: ${#failed[@]} of $ran fuzzers failed: ${failed[*]}" >&2
  exit 1
fi
echo "qnn fuzz: $ran fuzzers ran ${seconds}s each, no crash"
