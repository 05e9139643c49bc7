#!/usr/bin/env python3
"""ResNet-18 W2A2 end to end: qnn against PyTorch fp32, and compile cost.

Generates the ResNet-18-shaped W2A2 network (examples/resnet18), compiles it
with qnn-cpu-pipeline and qnn-translate (wall time and peak memory of each
step), links it into a shared library, and times one 224x224 image through
libqnn_runtime (ctypes) interleaved with PyTorch fp32 ResNet-18 (channels
last, same topology, random weights) in the same process. Reports medians and
minimums. Run with Debian's interpreter:

    /usr/bin/python3 bench/resnet18.py --build build [--reps 10] [--threads 1]
        [--target generic|avx2|avx512-vnni|avx512-vpopcntdq|native]
"""
import argparse
import ctypes
import os
import re
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import harness  # noqa: E402  (bench/harness.py)


def timed(cmd, **kwargs):
    """Runs cmd under /usr/bin/time -v; returns (seconds, peak MiB)."""
    out = subprocess.run(["/usr/bin/time", "-v"] + cmd, stderr=subprocess.PIPE,
                         text=True, check=True, **kwargs).stderr
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", out).group(1)
    parts = [float(p) for p in wall.split(":")]
    seconds = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", out).group(1))
    return seconds, rss / 1024.0


class QnnTensor(ctypes.Structure):
    _fields_ = [("data", ctypes.c_void_p), ("dtype", ctypes.c_int32),
                ("rank", ctypes.c_int32), ("shape", ctypes.POINTER(ctypes.c_int64))]


def qnn_runner(build, library, threads):
    rt = ctypes.CDLL(os.path.join(build, "lib", "libqnn_runtime.so"))
    rt.qnn_model_load.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p)]
    rt.qnn_loaded_model_desc.restype = ctypes.c_void_p
    rt.qnn_loaded_model_desc.argtypes = [ctypes.c_void_p]
    rt.qnn_model_run.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(QnnTensor),
                                 ctypes.c_size_t, ctypes.POINTER(QnnTensor), ctypes.c_size_t]
    rt.qnn_last_error.restype = ctypes.c_char_p
    rt.qnn_set_num_threads.argtypes = [ctypes.c_int]
    rt.qnn_set_num_threads(threads)
    handle = ctypes.c_void_p()
    if rt.qnn_model_load(library.encode(), None, ctypes.byref(handle)) != 0:
        sys.exit("qnn_model_load: " + rt.qnn_last_error().decode())
    desc = rt.qnn_loaded_model_desc(handle)
    image = (ctypes.c_float * (224 * 224 * 3))()
    for i in range(len(image)):
        image[i] = ((i * 7919) % 1000) / 250.0 - 2.0
    logits = (ctypes.c_float * 1000)()
    in_shape = (ctypes.c_int64 * 4)(1, 224, 224, 3)
    out_shape = (ctypes.c_int64 * 3)(1, 1, 1000)
    inp = QnnTensor(ctypes.cast(image, ctypes.c_void_p), 1, 4, in_shape)
    out = QnnTensor(ctypes.cast(logits, ctypes.c_void_p), 1, 3, out_shape)

    def run():
        status = rt.qnn_model_run(desc, b"forward", ctypes.byref(inp), 1, ctypes.byref(out), 1)
        if status != 0:
            sys.exit("qnn_model_run: " + rt.qnn_last_error().decode())
    return run


def torch_runner(threads):
    import torch
    from torch_models import resnet18
    torch.set_num_threads(threads)
    model = resnet18(torch).to(memory_format=torch.channels_last)
    x = torch.randn(1, 3, 224, 224).to(memory_format=torch.channels_last)

    def run():
        with torch.no_grad():
            model(x)
    return run, torch.__version__


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--reps", type=int, default=10)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--target", default="generic", choices=["generic", "avx2", "avx512-vnni", "avx512-vpopcntdq", "native"],
                        help="qnn-cpu-pipeline target (kernel variants' objects are "
                             "tuned for this machine's CPU)")
    args = parser.parse_args()
    os.environ.pop("OPENBLAS_CORETYPE", None)  # baselines run at their best
    tools = os.path.join(args.build, "bin")
    work = tempfile.mkdtemp(prefix="qnn-bench-")
    model = os.path.join(work, "resnet18.mlir")
    with open(model, "w") as f:
        subprocess.run([sys.executable, os.path.join(ROOT, "examples", "resnet18", "generate.py")],
                       stdout=f, check=True)
    lowered = os.path.join(work, "resnet18.ll.mlir")
    obj = os.path.join(work, "resnet18.o")
    lib = os.path.join(work, "resnet18.so")
    t_opt, m_opt = timed([os.path.join(tools, "qnn-opt"), model,
                          "--qnn-cpu-pipeline=target=" + args.target, "-o", lowered])
    cpu = ["--qnn-target-cpu=native"] if args.target != "generic" else []
    t_obj, m_obj = timed([os.path.join(tools, "qnn-translate"), "--mlir-to-object"] + cpu +
                         [lowered, "-o", obj])
    libdir = os.path.join(args.build, "lib")
    subprocess.run(["clang-22", "-shared", obj, "-o", lib, "-L" + libdir, "-lqnn_runtime",
                    "-Wl,-rpath," + libdir], check=True)
    print("compile: qnn-opt --qnn-cpu-pipeline %.2f s, %.0f MiB peak; "
          "qnn-translate --mlir-to-object %.2f s, %.0f MiB peak; total %.2f s"
          % (t_opt, m_opt, t_obj, m_obj, t_opt + t_obj))
    qnn = qnn_runner(args.build, lib, args.threads)
    torch_run, version = torch_runner(args.threads)
    times = harness.interleaved({"qnn": qnn, "torch": torch_run}, args.reps)
    med = {k: statistics.median(v) for k, v in times.items()}
    mins = {k: min(v) for k, v in times.items()}
    print("latency, batch 1, 224x224, %d thread(s), %d runs each, interleaved in 5 blocks:"
          % (args.threads, len(times["qnn"])))
    print("  qnn W2A2 (target=%s): median %.1f ms, min %.1f ms"
          % (args.target, med["qnn"] * 1e3, mins["qnn"] * 1e3))
    print("  PyTorch %s fp32 channels-last: median %.1f ms, min %.1f ms"
          % (version, med["torch"] * 1e3, mins["torch"] * 1e3))
    print("  speed-up of qnn over PyTorch: %.2fx (median), %.2fx (min)"
          % (med["torch"] / med["qnn"], mins["torch"] / mins["qnn"]))


if __name__ == "__main__":
    main()
