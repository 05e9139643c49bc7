#!/usr/bin/env python3
"""Runs the ONNX project's backend tests (Debian's libonnx-testdata: node,
pytorch-converted, pytorch-operator, simple) through qnn.compile and checks
every output against the stored one: rtol 1e-3 / atol 1e-7 for floats, exact
for integers and booleans, dtype and shape included.

Each test runs in its own process (a crash is a failure, not the end of the
run). A test whose shape-determining inputs (Reshape's shape, Slice's
bounds, ...) qnn must know at compile time is compiled again with those
inputs given as constants (constant_inputs), as qnn's error asks: it counts
as passing "with constant shape inputs".

The run compares the results with the expectation file (one line per test
that does not pass: `suite/test: reason`) and fails on any difference in
either direction: a test listed that passes, or one not listed that fails.
`--update` rewrites the file from the results (with --filter, the lines of
the tests it did not run stay as they are).

usage: onnx_backend.py [--data DIR] [--expect FILE] [--update] [--jobs N]
                       [--filter REGEX] [--table FILE] [--one SUITE/TEST]
"""
import argparse
import collections
import concurrent.futures
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
SUITES = ["node", "pytorch-converted", "pytorch-operator", "simple"]
RTOL, ATOL = 1e-3, 1e-7


def run_one(model_dir):
    """Compiles and runs one test (in this process); returns a result dict."""
    sys.path.insert(0, os.path.join(ROOT, "python"))
    import numpy as np
    import onnx
    from onnx import numpy_helper
    import qnn

    sets = sorted(glob.glob(os.path.join(model_dir, "test_data_set_*")))
    if not sets:
        return {"status": "fail", "reason": "no test data"}
    model_path = os.path.join(model_dir, "model.onnx")
    model = onnx.load(model_path)
    input_names = [i.name for i in model.graph.input
                   if i.name not in {t.name for t in model.graph.initializer}]

    def load(ds, kind):
        files = sorted(glob.glob(os.path.join(ds, kind + "_*.pb")),
                       key=lambda f: int(re.search(r"_(\d+)\.pb$", f).group(1)))
        return [numpy_helper.to_array(onnx.load_tensor(f)) for f in files]

    compiled = {}
    constant = False
    for ds in sets:
        try:
            inputs = load(ds, "input")
            expected = load(ds, "output")
        except Exception:
            # Sequence and optional test data (onnx cannot read them as
            # tensors): the model's own error says what qnn does not read.
            try:
                qnn.compile(model_path)
            except qnn.QNNError as e:
                return {"status": "fail", "reason": first_error(str(e))}
            raise
        if len(inputs) != len(input_names):
            return {"status": "fail",
                    "reason": "test data has %d inputs, the model %d"
                              % (len(inputs), len(input_names))}
        # Test data may hold a declared scalar as [1] (and the like): the
        # same elements, given the declared shape.
        declared = {i.name: [d.dim_value for d in i.type.tensor_type.shape.dim]
                    for i in model.graph.input}
        for k, name in enumerate(input_names):
            shape = declared.get(name)
            if (shape is not None and all(d > 0 for d in shape) and
                    list(inputs[k].shape) != shape and
                    inputs[k].size == int(np.prod(shape, dtype=np.int64))):
                inputs[k] = inputs[k].reshape(shape)
        for k, name in enumerate(input_names):
            shape = declared.get(name)
            if (shape is not None and all(d > 0 for d in shape) and
                    list(inputs[k].shape) != shape):
                return {"status": "fail",
                        "reason": "the test data give input '%s' shape %s, the model "
                                  "declares %s" % (name, list(inputs[k].shape), shape)}
        by_name = dict(zip(input_names, inputs))
        frozen = {}
        key = None
        model_obj = None
        for attempt in range(4):
            key = tuple(sorted((k, v.tobytes(), v.shape) for k, v in frozen.items()))
            if key in compiled:
                model_obj = compiled[key]
                break
            try:
                model_obj = qnn.compile(model_path, constant_inputs=frozen or None)
                compiled[key] = model_obj
                break
            except qnn.QNNError as e:
                msg = str(e)
                wanted = re.findall(r"give graph input '([^']+)' a value", msg)
                wanted = [w for w in wanted if w in by_name and w not in frozen]
                if not wanted and "must be known at compile time" in msg:
                    # A value computed from graph inputs (a window's size
                    # through Range): the small integer inputs become
                    # constants.
                    wanted = [k for k, v in by_name.items()
                              if k not in frozen and v.dtype.kind in "iu"
                              and v.size <= 16]
                if not wanted:
                    return {"status": "fail", "reason": first_error(msg)}
                for w in wanted:
                    frozen[w] = by_name[w]
                constant = True
        if model_obj is None:
            return {"status": "fail", "reason": "could not compile"}
        args = [by_name[n] for n in input_names if n not in frozen]
        try:
            got = model_obj(*args)
        except qnn.QNNError as e:
            return {"status": "fail", "reason": "run: " + first_error(str(e))}
        if not isinstance(got, tuple):
            got = (got,)
        if len(got) != len(expected):
            return {"status": "fail", "reason": "%d outputs, expected %d"
                    % (len(got), len(expected))}
        for i, (g, e) in enumerate(zip(got, expected)):
            why = compare(g, e)
            if why:
                return {"status": "fail",
                        "reason": "output %d: %s" % (i, why)}
    return {"status": "pass", "constant_inputs": constant}


# Tests whose stored data disagree with the standard or with their own
# model: the reason qnn does not pass them, added to the expectation file.
TEST_DATA_NOTES = {
    "node/test_cast_FLOAT_to_BFLOAT16":
        "onnx 1.12's data truncate to BFLOAT16; qnn rounds to nearest even, "
        "as onnxruntime and onnx's current reference (ml_dtypes) do",
    "node/test_castlike_BFLOAT16_to_FLOAT":
        "onnx 1.12's data give 'like' a shape other than the model declares",
    "node/test_castlike_BFLOAT16_to_FLOAT_expanded":
        "onnx 1.12's data give 'like' a shape other than the model declares",
    "node/test_castlike_FLOAT_to_BFLOAT16":
        "onnx 1.12's data give 'like' a shape other than the model declares",
    "node/test_castlike_FLOAT_to_BFLOAT16_expanded":
        "onnx 1.12's data give 'like' a shape other than the model declares",
}


def first_error(message):
    for line in message.splitlines():
        if "error:" in line:
            return line.split("error:", 1)[1].strip()
    lines = [l for l in message.splitlines() if l.strip()]
    return lines[-1].strip() if lines else message


def compare(got, expected):
    import numpy as np
    if got.dtype != expected.dtype:
        return "dtype %s, expected %s" % (got.dtype, expected.dtype)
    if got.shape != expected.shape:
        return "shape %s, expected %s" % (list(got.shape), list(expected.shape))
    if expected.dtype.kind == "f":
        g = got.astype(np.float64)
        e = expected.astype(np.float64)
        nan_ok = np.array_equal(np.isnan(g), np.isnan(e))
        close = np.isclose(g, e, rtol=RTOL, atol=ATOL, equal_nan=True)
        if not nan_ok or not close.all():
            bad = np.argwhere(~close)
            idx = tuple(bad[0]) if len(bad) else ()
            return ("%d of %d values differ (first at %s: %r, expected %r)"
                    % (int((~close).sum()), close.size, list(idx),
                       g[idx].item() if idx else None,
                       e[idx].item() if idx else None))
        return None
    if not np.array_equal(got, expected):
        diff = np.argwhere(got != expected)
        return "%d values differ (first at %s)" % (len(diff), list(diff[0]))
    return None


def subject_operator(test, ops):
    """The operator a test is named after (node tests), else its first."""
    name = test[len("test_"):].replace("_", "").lower()
    best = None
    for op in ops:
        key = op.lower()
        if name.startswith(key) and (best is None or len(key) > len(best)):
            best = op
    return best or (ops[0] if ops else "")


def registry():
    """{(domain, op): family} of the operators qnn reads (qnn-onnx-ops)."""
    build = os.environ.get("QNN_BUILD_DIR", os.path.join(ROOT, "build"))
    out = subprocess.run([os.path.join(build, "bin", "qnn-onnx-ops")],
                         stdout=subprocess.PIPE, check=True, text=True).stdout
    table = {}
    for line in out.splitlines():
        domain, op, _, _, family = line.split("\t")
        table[(domain, op)] = family
    return table


def describe(model_dir):
    import onnx
    m = onnx.load(os.path.join(model_dir, "model.onnx"), load_external_data=False)
    ops = []
    for n in m.graph.node:
        d = n.domain or "ai.onnx"
        if (d, n.op_type) not in ops:
            ops.append((d, n.op_type))
    return ops


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="/usr/share/libonnx-testdata/data")
    parser.add_argument("--expect", default=os.path.join(HERE, "onnx-backend-expected.txt"))
    parser.add_argument("--update", action="store_true")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--filter", default="")
    parser.add_argument("--table", help="write the per-family table (Markdown)")
    parser.add_argument("--timeout", type=int, default=300)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.one:
        try:
            result = run_one(args.one)
        except Exception as e:  # reported as the test's failure
            result = {"status": "fail", "reason": "%s: %s" % (type(e).__name__, e)}
        print("RESULT " + json.dumps(result))
        return 0

    tests = []
    for suite in SUITES:
        for t in sorted(os.listdir(os.path.join(args.data, suite))):
            name = suite + "/" + t
            if re.search(args.filter, name):
                tests.append(name)
    known = registry()

    def launch(name):
        start = time.time()
        try:
            proc = subprocess.run(
                [sys.executable, os.path.abspath(__file__), "--one",
                 os.path.join(args.data, name)],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                timeout=args.timeout)
            line = [l for l in proc.stdout.splitlines() if l.startswith("RESULT ")]
            if line:
                result = json.loads(line[-1][len("RESULT "):])
            else:
                result = {"status": "fail",
                          "reason": "crashed (exit %d): %s" % (
                              proc.returncode,
                              first_error(proc.stderr)[:200])}
        except subprocess.TimeoutExpired:
            result = {"status": "fail", "reason": "timed out after %d s" % args.timeout}
        result["seconds"] = time.time() - start
        return name, result

    results = {}
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for name, result in pool.map(launch, tests):
            results[name] = result

    expected = {}
    if os.path.exists(args.expect):
        with open(args.expect) as f:
            for line in f:
                line = line.rstrip("\n")
                if not line or line.startswith("#"):
                    continue
                name, _, reason = line.partition(": ")
                expected[name] = reason

    # Per-family counts (node tests by the operator they are named after).
    family_counts = collections.defaultdict(lambda: [0, 0, 0])
    claimed_total = claimed_pass = 0
    for name in tests:
        suite, test = name.split("/", 1)
        ops = describe(os.path.join(args.data, name))
        claimed = all(o in known for o in ops)
        if suite == "node":
            subject = subject_operator(test, [o for d, o in ops])
            family = known.get(("ai.onnx", subject), "unclaimed operators")
        else:
            family = "models (%s)" % suite
        passed = results[name]["status"] == "pass"
        c = family_counts[family]
        c[0] += 1
        c[1] += passed
        if suite == "node" and claimed:
            claimed_total += 1
            claimed_pass += passed
    node = [n for n in tests if n.startswith("node/")]
    node_pass = sum(results[n]["status"] == "pass" for n in node)
    constant = sum(1 for n in tests if results[n].get("constant_inputs")
                   and results[n]["status"] == "pass")
    lines = ["| family | tests | pass |", "| --- | --- | --- |"]
    for family in sorted(family_counts):
        total, passed, _ = family_counts[family]
        lines.append("| %s | %d | %d |" % (family, total, passed))
    table = "\n".join(lines)
    print(table)
    print()
    print("node tests: %d of %d pass (%.1f%%); of claimed operators: %d of %d (%.1f%%)"
          % (node_pass, len(node), 100.0 * node_pass / max(len(node), 1),
             claimed_pass, claimed_total, 100.0 * claimed_pass / max(claimed_total, 1)))
    print("all suites: %d of %d pass; %d of them with constant shape inputs"
          % (sum(r["status"] == "pass" for r in results.values()), len(tests), constant))
    if args.table:
        with open(args.table, "w") as f:
            f.write(table + "\n\n")
            f.write("node tests: %d of %d pass (%.1f%%); of claimed operators: "
                    "%d of %d (%.1f%%)\n" % (
                        node_pass, len(node), 100.0 * node_pass / max(len(node), 1),
                        claimed_pass, claimed_total,
                        100.0 * claimed_pass / max(claimed_total, 1)))
            f.write("all suites: %d of %d pass\n"
                    % (sum(r["status"] == "pass" for r in results.values()),
                       len(tests)))

    if args.update:
        # Tests outside --filter keep their lines; those run get this run's.
        failing = {n: r for n, r in expected.items() if n not in results}
        for name in tests:
            r = results[name]
            if r["status"] != "pass":
                failing[name] = r["reason"].replace("\n", " ")
                if name in TEST_DATA_NOTES:
                    failing[name] += " (%s)" % TEST_DATA_NOTES[name]
        with open(args.expect, "w") as f:
            f.write("# ONNX backend tests qnn does not pass, with the reason "
                    "(test/Conformance/onnx_backend.py --update writes it).\n")
            for name in sorted(failing):
                f.write("%s: %s\n" % (name, failing[name]))
        return 0

    changed = []
    for name in tests:
        r = results[name]
        if r["status"] == "pass" and name in expected:
            changed.append("UNEXPECTED PASS %s (listed: %s)" % (name, expected[name]))
        elif r["status"] != "pass" and name not in expected:
            changed.append("UNEXPECTED FAIL %s: %s" % (name, r["reason"]))
    for line in changed:
        print(line)
    if changed:
        print("%d tests changed: update %s (--update) or fix them"
              % (len(changed), args.expect))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
