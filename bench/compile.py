#!/usr/bin/env python3
"""Compile cost of float ONNX models: wall time, CPU time and peak memory per step.

Exports torchvision's AlexNet, ResNet-50 and VGG-11 (random weights, seed 0,
batch 1, 224x224, torch.onnx at its default opset) and compiles each with
exactly the commands qnn.compile runs (qnn.compiler.compile_commands: import
to bytecode, qnn-opt --qnn-cpu-pipeline, --mlir-to-object, ld.lld), every
step pinned to one core (taskset -c 0). For each model and step it reports
the wall time, the CPU time and the maximum resident set size (GNU time's
report on the step's process), and the model's weight bytes (its initializers), against
issue 15's targets: AlexNet and ResNet-50 under 10 s, VGG-11 under 30 s,
every step's peak memory under three times the weight bytes. Prints a
Markdown section for RESULTS.md.

    /usr/bin/python3 bench/compile.py [--models alexnet,resnet50,vgg11]
        [--workdir DIR] [--target native] [--check]

--check also runs each compiled model on one random image against PyTorch
(max relative error over the logits). QNN_BUILD_DIR selects the build
(default: build/ of this tree).
"""
import argparse
import datetime
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "python"))

import qnn.compiler  # noqa: E402

# Issue 15's limits: seconds from import to linked library on one core.
TIME_LIMIT = {"alexnet": 10.0, "resnet50": 10.0, "vgg11": 30.0}
MEMORY_FACTOR = 3.0
STEPS = ("import", "qnn-opt", "object", "link")


def export(name, path):
    """torchvision's `name` with random weights (seed 0), exported as ONNX
    (batch 1) unless `path` exists (a --workdir of an earlier run)."""
    import torch
    import torchvision
    torch.manual_seed(0)
    model = getattr(torchvision.models, name)(weights=None).eval()
    if os.path.exists(path):
        return model
    example = torch.randn(1, 3, 224, 224)
    torch.onnx.export(model, example, path, input_names=["input"],
                      output_names=["logits"])
    return model


def weight_bytes(path):
    """Bytes of the model's initializers (its weights)."""
    import onnx
    import numpy as np
    from onnx import numpy_helper
    model = onnx.load(path)
    return sum(numpy_helper.to_array(t).nbytes for t in model.graph.initializer)


def measure(cmd, log):
    """Runs cmd pinned to core 0 under /usr/bin/time -v; returns (wall
    seconds, CPU seconds (user and system), max RSS bytes, exit status).
    (GNU time, a small process, forks the step: Linux carries a process's
    peak RSS across fork and exec, so the step's must not be a child of
    this Python process, which holds the models.)"""
    report = log + ".time"
    argv = ["/usr/bin/time", "-v", "-o", report, "taskset", "-c", "0"] + cmd
    with open(log, "wb") as err:
        start = time.perf_counter()
        rc = subprocess.call(argv, stdout=err, stderr=subprocess.STDOUT)
        wall = time.perf_counter() - start
    with open(report) as f:
        text = f.read()

    def field(name):
        return float(re.search(re.escape(name) + r": (\S+)", text).group(1))
    cpu = field("User time (seconds)") + field("System time (seconds)")
    rss = field("Maximum resident set size (kbytes)") * 1024
    return wall, cpu, rss, rc


def check(model, lib):
    """Max error of the compiled model's logits against PyTorch's, relative
    to the largest PyTorch logit."""
    import numpy as np
    import torch
    compiled = qnn.compiler.CompiledModel(lib)
    image = np.random.default_rng(0).standard_normal((1, 3, 224, 224)).astype(np.float32)
    got = compiled(image)
    with torch.no_grad():
        want = model(torch.from_numpy(image)).numpy()
    return float(np.abs(got - want).max() / np.abs(want).max())


def cpu_model():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return "unknown"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--models", default="alexnet,resnet50,vgg11")
    parser.add_argument("--workdir", help="keep the ONNX files and outputs here")
    parser.add_argument("--target", default="native")
    parser.add_argument("--check", action="store_true",
                        help="compare each compiled model with PyTorch")
    args = parser.parse_args()
    if not os.environ.get("QNN_BUILD_DIR"):
        os.environ["QNN_BUILD_DIR"] = os.path.join(ROOT, "build")
    workdir = args.workdir or tempfile.mkdtemp(prefix="qnn-bench-compile-")
    mib = 1024.0 * 1024.0

    rows = []
    for name in args.models.split(","):
        mdir = os.path.join(workdir, name)
        os.makedirs(mdir, exist_ok=True)
        onnx_path = os.path.join(mdir, "model.onnx")
        torch_model = export(name, onnx_path)
        weights = weight_bytes(onnx_path)
        steps, lib = qnn.compiler.compile_commands(onnx_path, mdir, args.target)
        results, error = [], None
        for step, (_, cmd) in zip(STEPS, steps):
            log = os.path.join(mdir, step + ".log")
            wall, cpu, rss, rc = measure(cmd, log)
            results.append((step, wall, cpu, rss))
            print("%-9s %-8s %7.2f s wall %7.2f s CPU %8.0f MiB"
                  % (name, step, wall, cpu, rss / mib), file=sys.stderr, flush=True)
            if rc != 0:
                with open(log, errors="replace") as f:
                    error = "%s failed (status %d): %s" % (
                        step, rc, f.read().strip().splitlines()[-1:])
                break
        error_of_check = None
        if error is None and args.check:
            error_of_check = check(torch_model, lib)
        rows.append((name, weights, results, error, error_of_check))

    print("## Issue 15: compile cost of float ONNX models (`bench/compile.py`)\n")
    print("Date: %s. CPU: %s; every step pinned to one core (`taskset -c 0`). "
          "Target `%s`. torchvision 0.14 models, random weights (seed 0), "
          "batch 1, 224x224, exported by torch.onnx (torch 1.13). Each step "
          "of `qnn.compile` (import to bytecode, `qnn-opt "
          "--qnn-cpu-pipeline`, `--mlir-to-object`, `ld.lld`) as one "
          "process: wall time, CPU time (user + system) and maximum resident "
          "set size from GNU time. Limits (issue 15): AlexNet and ResNet-50 "
          "under 10 s, VGG-11 under 30 s from import to linked library; every "
          "step's peak memory under %.0fx the weight bytes (the initializers). "
          "The machine is shared: wall time includes waiting for the core "
          "while other work runs on it, CPU time does not; the time limit is "
          "judged on CPU time, and the wall time is shown beside it."
          % (datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
             cpu_model(), args.target, MEMORY_FACTOR))
    print()
    header = ["model", "step", "wall (s)", "CPU (s)", "peak RSS (MiB)",
              "weights (MiB)", "limit", "met"]
    if args.check:
        header.append("max error vs PyTorch")
    print("| " + " | ".join(header) + " |")
    print("|" + " --- |" * len(header))
    for name, weights, results, error, err in rows:
        mem_limit = MEMORY_FACTOR * weights
        for step, wall, cpu, rss in results:
            cells = [name, step, "%.2f" % wall, "%.2f" % cpu, "%.0f" % (rss / mib),
                     "%.1f" % (weights / mib),
                     "RSS < %.0f MiB" % (mem_limit / mib),
                     "yes" if rss < mem_limit else "**no**"]
            if args.check:
                cells.append("")
            print("| " + " | ".join(cells) + " |")
        total = sum(w for _, w, _, _ in results)
        cpu = sum(c for _, _, c, _ in results)
        peak = max(r for _, _, _, r in results)
        limit = TIME_LIMIT.get(name, float("inf"))
        cells = ["**%s**" % name, "total", "%.2f" % total, "%.2f" % cpu,
                 "%.0f (%.2fx weights)" % (peak / mib, peak / weights),
                 "%.1f" % (weights / mib),
                 "CPU < %.0f s, RSS < %.0fx" % (limit, MEMORY_FACTOR)]
        if error:
            cells.append("**no**: " + error.replace("|", "\\|"))
        else:
            ok_time = cpu < limit
            ok_mem = peak < mem_limit
            cells.append("yes" if ok_time and ok_mem else
                         "**no** (%s)" % ", ".join(
                             w for w, bad in (("time", not ok_time),
                                              ("memory", not ok_mem)) if bad))
        if args.check:
            cells.append("-" if err is None else "%.1e" % err)
        print("| " + " | ".join(cells) + " |")
    if not args.workdir:
        import shutil
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
