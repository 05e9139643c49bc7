#!/usr/bin/env python3
"""Brevitas's ResNet-18 exports against the same network in qnn IR.

Writes the W2A2 ResNet-18 of test/Exporters/resnet18.py (Brevitas
QuantConv2d / QuantReLU, 8-bit first and last layers, batch 1) three ways:
Brevitas's QONNX export, its QCDQ export and qnn IR; compiles each with the
same commands qnn.compile runs (qnn.compiler.compile_commands; the qnn-IR
form skips the import step), each step pinned to one core under GNU time
(bench/compile.py's `measure`: wall and CPU seconds, peak RSS); checks that
the three give the same logits on one image; then times the three in one
process, interleaved in blocks as bench/resnet18.py does (5 rounds; in each
every form runs untimed for at least 50 ms, then reps / 5 timed runs), at
each thread count. Reports median and minimum latencies and the
QONNX / qnn-IR and QCDQ / qnn-IR ratios. Run with Debian's interpreter:

    /usr/bin/python3 bench/exporters_resnet18.py [--reps 20] [--threads 1,2]
        [--target native|avx512-vpopcntdq|avx512-vnni|avx2|generic]
        [--image 224] [--seed 0] [--workdir DIR] [--check-only]
        [--forms qnn-IR,QONNX,QCDQ[,qnn-IR-quantize]]

The first of --forms is the reference of the comparisons. qnn-IR-quantize
is the qnn-IR form with its 2-bit activation quantizers written as
qnn.quantize (the form the importer gives QONNX Quant and QCDQ) instead of
qnn.multithreshold: it separates the cost of that difference.

QNN_BUILD_DIR selects the build (default: build/ of this tree).
"""
import argparse
import os
import statistics
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "python"))
sys.path.insert(0, HERE)

import importlib.util  # noqa: E402

import numpy as np  # noqa: E402

import qnn.compiler  # noqa: E402
from compile import cpu_model, measure  # noqa: E402  (bench/compile.py)
import harness  # noqa: E402  (bench/harness.py)


def _load_writers():
    """test/Exporters/resnet18.py (its name is bench/resnet18.py's too)."""
    path = os.path.join(ROOT, "test", "Exporters", "resnet18.py")
    spec = importlib.util.spec_from_file_location("exporters_resnet18_writers", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


writers = _load_writers()

FORMS = ("qnn-IR", "QONNX", "QCDQ")
# Also available: qnn IR whose 2-bit activation quantizers are qnn.quantize,
# as the importer writes QONNX Quant and QCDQ, rather than
# qnn.multithreshold: separates the cost of that form from the rest.
VARIANT = "qnn-IR-quantize"


def write_forms(work, seed, image, forms):
    import onnx
    paths = {"QONNX": os.path.join(work, "qonnx.onnx"), "QCDQ": os.path.join(work, "qcdq.onnx"),
             "qnn-IR": os.path.join(work, "qnn.mlir"), VARIANT: os.path.join(work, "qnn-quantize.mlir")}
    if "QONNX" in forms:
        onnx.save(writers.qonnx_model(seed, image), paths["QONNX"])
    if "QCDQ" in forms:
        onnx.save(writers.qcdq_model(seed, image), paths["QCDQ"])
    if "qnn-IR" in forms:
        with open(paths["qnn-IR"], "w") as f:
            f.write(writers.qnn_ir(seed, image))
    if VARIANT in forms:
        with open(paths[VARIANT], "w") as f:
            f.write(writers.qnn_ir(seed, image, thresholds=False))
    return paths


def compile_form(form, path, work, target):
    """Compiles one form with qnn.compile's commands; returns the library
    and [(step, wall s, CPU s, peak RSS bytes)]."""
    wd = os.path.join(work, form)
    os.makedirs(wd, exist_ok=True)
    ir = path.endswith(".mlir")
    source = path if not ir else os.path.join(wd, "unused.onnx")
    steps, lib = qnn.compiler.compile_commands(source, wd, target=target)
    if ir:
        # The same pipeline on the .mlir the import step would have written.
        imported = os.path.join(wd, "model.mlirbc")
        steps = [(what, [path if a == imported else a for a in cmd]) for what, cmd in steps[1:]]
    results = []
    for what, cmd in steps:
        log = os.path.join(wd, "step%d.log" % len(results))
        wall, cpu, rss, rc = measure(cmd, log)
        if rc != 0:
            with open(log) as f:
                sys.exit("%s: %s failed:\n%s" % (form, what, f.read()[-3000:]))
        results.append((what.split(" ")[0], wall, cpu, rss))
    return lib, results


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--threads", default="1,%d" % os.cpu_count(),
                        help="comma-separated thread counts (default: 1 and every core)")
    parser.add_argument("--target", default="native",
                        choices=["native", "generic", "avx2", "avx512-vnni", "avx512-vpopcntdq"])
    parser.add_argument("--image", type=int, default=224)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", help="keep the models and compiled files here")
    parser.add_argument("--check-only", action="store_true",
                        help="compile and compare the outputs, no timing")
    parser.add_argument("--forms", default=",".join(FORMS),
                        help="comma-separated, the first the reference (default %s; also %s: "
                             "qnn IR with the 2-bit activation quantizers as qnn.quantize)"
                             % (",".join(FORMS), VARIANT))
    args = parser.parse_args()
    work = args.workdir or tempfile.mkdtemp(prefix="qnn-exporters-")
    os.makedirs(work, exist_ok=True)
    print("CPU: %s (%d cores), load average %s; target %s; workdir %s"
          % (cpu_model(), os.cpu_count(), " ".join("%.2f" % l for l in os.getloadavg()),
             args.target, work))

    forms = tuple(args.forms.split(","))
    unknown = set(forms) - set(FORMS + (VARIANT,))
    if unknown:
        parser.error("unknown forms: %s" % ", ".join(sorted(unknown)))
    paths = write_forms(work, args.seed, args.image, forms)
    libs = {}
    print("\ncompile (each step pinned to one core; CPU time = user + system):")
    print("| form | steps | CPU time | wall time | peak RSS (step) |")
    print("| --- | --- | --- | --- | --- |")
    for form in forms:
        lib, steps = compile_form(form, paths[form], work, args.target)
        libs[form] = lib
        peak = max(steps, key=lambda s: s[3])
        print("| %s | %s | %.2f s | %.2f s | %.0f MiB (%s) |"
              % (form, ", ".join("%s %.2f s" % (s[0], s[2]) for s in steps),
                 sum(s[2] for s in steps), sum(s[1] for s in steps), peak[3] / 2**20, peak[0]))

    models = {form: qnn.compiler.CompiledModel(lib) for form, lib in libs.items()}
    image = np.random.default_rng(args.seed).uniform(-2.5, 2.5, (1, 3, args.image, args.image))
    image = image.astype(np.float32)
    inputs = {form: image.transpose(0, 2, 3, 1).copy() if paths[form].endswith(".mlir") else image
              for form in forms}
    logits = {form: np.asarray(models[form](inputs[form])).reshape(1, -1) for form in forms}
    ref = logits[forms[0]]
    print("\noutputs on one image (logits std %.3f):" % ref.std())
    same = True
    for form in forms[1:]:
        identical = np.array_equal(logits[form], ref)
        same = same and identical
        print("  %s vs %s: %s (max |difference| %.3g)"
              % (form, forms[0], "identical" if identical else "DIFFERENT", np.abs(logits[form] - ref).max()))
    if args.check_only:
        return 0 if same else 1

    rt = qnn.compiler.runtime()
    for threads in [int(t) for t in args.threads.split(",")]:
        rt.qnn_set_num_threads(threads)
        runs = {form: (lambda m=models[form], x=inputs[form]: m(x)) for form in forms}
        times = harness.interleaved(runs, args.reps)
        med = {f: statistics.median(t) * 1e3 for f, t in times.items()}
        low = {f: min(t) * 1e3 for f, t in times.items()}
        print("\nlatency, batch 1, %dx%d, %d thread(s), %d runs each, interleaved in 5 blocks:"
              % (args.image, args.image, threads, len(times[forms[0]])))
        print("| form | median | min | / %s (median) | / %s (min) |" % (forms[0], forms[0]))
        print("| --- | --- | --- | --- | --- |")
        for form in forms:
            print("| %s | %.2f ms | %.2f ms | %.2fx | %.2fx |"
                  % (form, med[form], low[form], med[form] / med[forms[0]], low[form] / low[forms[0]]))
    print("\nload average after: %s" % " ".join("%.2f" % l for l in os.getloadavg()))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
