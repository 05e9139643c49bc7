"""Runs the exporters' models (writers.py) through qnn and checks them
against two independent oracles: qonnx_numpy's NumPy execution of the
QONNX / FINN definitions, and onnxruntime-node (test/Zoo/ort_run.js, graph
optimizations disabled) on the model with its custom operators rewritten
into standard ONNX by to_standard_onnx.

For each model and each of --inputs random inputs:
- the two oracles must agree (so that each checks the other: the rewrite
  against the NumPy definitions, and the NumPy standard operators against
  onnxruntime's);
- qnn.compile's model must agree with both.
"Agree" is bit for bit where the model is `exact` (it ends in a quantizer,
whose codes must match, or every value on its way is exact in float32);
else within the model's atol, which its writer derives from the least
change one wrong code makes (see writers.py), and which the check shows
catches one code of the last layer's input changed by one step. Where
outputs are floats the oracles differ in their last bits for a reason:
qonnx_numpy accumulates Conv / Gemm / MatMul in float64 and rounds once,
onnxruntime (and qnn) accumulate float32 in their own order; the line
reports the largest difference seen.

One line per model: `<name>: ok (<form>; <how compared>)`, or
`<name>: FAIL <what>`. Exit status 1 if any model fails.

usage: check_models.py WORKDIR [--models a,b] [--inputs N] [--jobs N]
                         [--oracles-only] [--no-ort] [--list]

Without onnxruntime-node (--no-ort, QNN_SKIP_ZOO=1, or node cannot load it
from QNN_NPM_CACHE) the onnxruntime oracle is skipped with a printed note.
"""
import argparse
import concurrent.futures
import os
import subprocess
import sys
import traceback

import numpy as np
import onnx

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "Zoo"))

import qonnx_numpy  # noqa: E402
import to_standard_onnx  # noqa: E402
import writers  # noqa: E402


def ort_available():
    if os.environ.get("QNN_SKIP_ZOO", "0") == "1":
        return False, "QNN_SKIP_ZOO=1"
    import zoo
    env = dict(os.environ, NODE_PATH=zoo.npm_modules())
    try:
        subprocess.run([zoo.node_binary(), "-e", "require('onnxruntime-node')"], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                       timeout=60)
    except (OSError, subprocess.SubprocessError):
        return False, "node cannot load onnxruntime-node from %s" % zoo.npm_modules()
    return True, ""


def compare(got, want, model, what, errors=None):
    """None if `got` agrees with `want` as the model says, else a message.
    The largest difference of a model compared within atol goes to
    `errors` (a list), if given."""
    if len(got) != len(want):
        return "%s: %d outputs, expected %d" % (what, len(got), len(want))
    for i, (g, w) in enumerate(zip(got, want)):
        g, w = np.asarray(g), np.asarray(w)
        if g.shape != w.shape:
            return "%s: output %d has shape %s, expected %s" % (what, i, g.shape, w.shape)
        if model.exact:
            if not np.array_equal(g, w):
                bad = np.argwhere(g != w)
                first = tuple(bad[0])
                return ("%s: output %d differs at %d of %d elements (first at %s: %r vs %r)"
                        % (what, i, len(bad), g.size, first, g[first].item(), w[first].item()))
        else:
            err = float(np.max(np.abs(g.astype(np.float64) - w.astype(np.float64))))
            if errors is not None:
                errors.append(err)
            if not err <= model.atol:
                return "%s: output %d max |difference| %.3g > atol %.3g" % (what, i, err,
                                                                             model.atol)
    return None


class _Skipped(Exception):
    pass


def one_wrong_code(model, feed):
    """For a model compared within atol: the NumPy outputs with one code of
    the last layer's input changed by one step (a bipolar code flipped), so
    that the check shows its tolerance would catch it. None for exact
    models (there the codes themselves are compared)."""
    if model.exact:
        return None
    graph = model.proto.graph
    producers = {o: n for n in graph.node for o in n.output}
    inits = {i.name: onnx.numpy_helper.to_array(i) for i in graph.initializer}
    layer = [n for n in graph.node if n.op_type in ("MatMul", "Gemm")][-1]
    name = layer.input[0]
    quantizer = producers[name]
    if quantizer.op_type == "BipolarQuant":
        change = lambda v: -v  # noqa: E731
    elif quantizer.op_type in ("Quant", "DequantizeLinear"):
        step = float(np.asarray(inits[quantizer.input[1]]).reshape(-1)[0])
        change = lambda v: v - step if v > 0 else v + step  # noqa: E731
    else:
        raise ValueError("%s: last layer's input comes from %s" % (model.name,
                                                                   quantizer.op_type))

    def hook(tensor, value):
        if tensor != name:
            return value
        value = np.array(value)
        flat = value.reshape(-1)
        flat[0] = change(flat[0])
        return value
    return outputs_of(qonnx_numpy.run_model(model.proto, feed, hook=hook), model.proto)


def outputs_of(values, proto):
    return [values[o.name] for o in proto.graph.output]


def run_ort(std_path, inputs, directory):
    import zoo
    results = zoo.ort_run(std_path, list(inputs.items()), directory, optimization="disabled")
    return [a for _, a in results]


def check(model, workdir, n_inputs, use_ort, pool, errors, use_qnn=True):
    """Checks one model; a message per failure, [] when it passes. The
    differences of a model compared within atol go to errors["qnn"] and
    errors["onnxruntime"] (against numpy)."""
    failures = []
    path = os.path.join(workdir, model.name + ".onnx")
    onnx.checker.check_model(model.proto)
    onnx.save(model.proto, path)
    inputs = [model.make_inputs(seed) for seed in range(n_inputs)]
    numpy_out, ort_futures = [], []
    for k, feed in enumerate(inputs):
        values = qonnx_numpy.run_model(model.proto, feed, keep_all=True)
        numpy_out.append(outputs_of(values, model.proto))
        if use_ort:
            if k == 0:
                std = to_standard_onnx.to_standard_onnx(model.proto, values)
                onnx.checker.check_model(std, full_check=True)
                std_path = os.path.join(workdir, model.name + ".std.onnx")
                onnx.save(std, std_path)
            ort_futures.append(pool.submit(run_ort, std_path, feed,
                                           os.path.join(workdir, "%s.ort%d" % (model.name, k))))
    wrong = one_wrong_code(model, inputs[0])
    if wrong is not None and compare(wrong, numpy_out[0], model, "") is None:
        failures.append("atol %.3g does not catch one wrong code of the last layer's input"
                        % model.atol)
    import qnn
    try:
        if not use_qnn:
            raise _Skipped()
        compiled = qnn.compile(path, workdir=os.path.join(workdir, model.name + ".qnn"))
        qnn_out = []
        for feed in inputs:
            got = compiled(**feed)
            qnn_out.append(list(got) if isinstance(got, (list, tuple)) else [got])
    except _Skipped:
        qnn_out = None
    except Exception as e:  # qnn's error is the model's result
        qnn_out = None
        lines = str(e).strip().splitlines() or [repr(e)]
        errors_ = [ln.split(" error: ", 1)[1] for ln in lines if " error: " in ln]
        failures.append("qnn: %s" % ("; ".join(errors_) if errors_ else lines[-1]))
    for k in range(n_inputs):
        if use_ort:
            ort_out = ort_futures[k].result()
            msg = compare(ort_out, numpy_out[k], model, "onnxruntime vs numpy, input %d" % k,
                          errors["onnxruntime"])
            if msg:
                failures.append(msg)
        if qnn_out is not None:
            msg = compare(qnn_out[k], numpy_out[k], model, "qnn vs numpy, input %d" % k,
                          errors["qnn"])
            if msg:
                failures.append(msg)
            if use_ort:
                msg = compare(qnn_out[k], ort_out, model, "qnn vs onnxruntime, input %d" % k)
                if msg:
                    failures.append(msg)
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workdir")
    parser.add_argument("--models", help="comma-separated names (default: all)")
    parser.add_argument("--inputs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2, help="models checked at once")
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--no-ort", action="store_true",
                        help="skip the onnxruntime oracle (lit passes it where the "
                             "onnxruntime-node feature is missing)")
    parser.add_argument("--oracles-only", action="store_true",
                        help="check the oracles against each other, not qnn")
    args = parser.parse_args()
    by_name = {w.__name__: w for w in writers.WRITERS + writers.OP_WRITERS}
    if args.list:
        for w in writers.WRITERS + writers.OP_WRITERS:
            m = w()
            print("%s: %s" % (m.name, m.form))
        return 0
    names = args.models.split(",") if args.models else list(by_name)
    unknown = [n for n in names if n not in by_name]
    if unknown:
        sys.exit("unknown models: %s" % ", ".join(unknown))
    os.makedirs(args.workdir, exist_ok=True)
    use_ort, why = (False, "onnxruntime-node not installed or QNN_SKIP_ZOO=1") \
        if args.no_ort else ort_available()
    if not use_ort:
        print("note: onnxruntime oracle skipped (%s); qnn is checked against numpy only" % why)
    status = 0

    def run(name):
        model = by_name[name]()
        errors = {"qnn": [], "onnxruntime": []}
        try:
            failures = check(model, args.workdir, args.inputs, use_ort, ort_pool, errors,
                             use_qnn=not args.oracles_only)
        except Exception:
            failures = ["checker: " + traceback.format_exc().strip().splitlines()[-1]]
        return model, errors, failures

    # Models compile side by side (qnn's tools are subprocesses); lines
    # come out in the order asked.
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as ort_pool, \
            concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as model_pool:
        for model, errors, failures in model_pool.map(run, names):
            if failures:
                status = 1
                print("%s: FAIL (%s) %s" % (model.name, model.form, "; ".join(failures)))
            else:
                if model.exact:
                    how = "exact" if model.why else "codes exact"
                else:
                    how = "within %.3g, one wrong code fails; max difference %s" % (
                        model.atol, ", ".join("%s %.2g" % (k, max(v))
                                              for k, v in errors.items() if v))
                if args.oracles_only:
                    print("%s: oracles %s (%s; %s, %d inputs)" % (
                        model.name, "agree" if use_ort else "skipped, numpy ran", model.form,
                        how, args.inputs))
                else:
                    oracles = "numpy and onnxruntime" if use_ort else "numpy"
                    print("%s: ok (%s; qnn == %s, %s, %d inputs)" % (
                        model.name, model.form, oracles, how, args.inputs))
            sys.stdout.flush()
    return status


if __name__ == "__main__":
    sys.exit(main())
