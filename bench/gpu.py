#!/usr/bin/env python3
"""GPU benchmarks: qnn's layer kernels and ResNet-18 against PyTorch (cuBLAS,
cuDNN) on the same GPU, in the same process.

    /usr/bin/python3 bench/gpu.py gemv     [--shapes 1x16384x16384]
    /usr/bin/python3 bench/gpu.py gemm     [--shapes 256x8192x8192,1024x8192x8192,4096x8192x8192]
    /usr/bin/python3 bench/gpu.py resnet18 [--batches 1,64]
    /usr/bin/python3 bench/gpu.py all
        [--chip sm_90] [--reps 50] [--build build] [--format isa]

- gemv: a batch-1 dense layer with 2-bit weights (levels -3, -1, 1, 3) and
  8-bit activations (the weight-streaming GEMV kernel); its kernel time,
  the effective bandwidth over the packed weight bytes as a fraction of the
  device's copy bandwidth measured in the same run (torch: device-to-device
  copy of 1 GiB, read + written bytes over time), against PyTorch fp16
  matmul (cuBLAS).
- gemm: W2A8 dense layers (the mma.sync GEMM kernel) against PyTorch fp16
  matmul and int8 torch._int_mm (cuBLAS), in TOPS.
- resnet18: the ResNet-18-shaped W2A2 network (examples/resnet18) end to end
  (224x224 images in, logits out) against PyTorch fp16 ResNet-18 (same
  topology, channels last, cuDNN).

Times: kernel time is the device time of the kernels each call launches
(torch.profiler, which records qnn's kernels as well as cuBLAS's: the qnn
runtime launches them through the driver in this process); end-to-end time
is the wall time of a call (for qnn: its input copy to the device, kernels,
output copy back and synchronization; for PyTorch: the call and a
synchronize, inputs already on the device). Medians and minimums over
--reps calls, the contenders interleaved in 5 blocks. The qnn kernels of a
layer's call are the layer kernel plus the small kernels of the model's
input and output handling; all are counted.

Needs PyTorch with CUDA (python3-torch is CPU-only on Debian: use the GPU
machine's). Without a CUDA PyTorch the baselines and kernel times are
skipped; with --format llvm and $QNN_CUDA_LIBRARY pointing at the CUDA
emulator (test/lib/CudaEmulator) the qnn side runs without a GPU (to check
the script, not to time anything). Not a test.
"""
import argparse
import os
import statistics
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "python"))

SAWB2 = "!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.03>"
U8 = "!qnn.uniform<u8:f32, 0.02>"


def torch_cuda():
    try:
        import torch
    except ImportError:
        return None
    return torch if torch.cuda.is_available() else None


class Qnn:
    """Compiles qnn IR for the GPU and loads it through libqnn_runtime; or
    loads the libraries `prepare` compiled ahead of time (--prebuilt), on a
    machine without qnn's toolchain."""

    def __init__(self, args):
        os.environ.setdefault("QNN_BUILD_DIR", args.build)
        from qnn import compiler
        self.compiler = compiler
        self.tools = os.path.join(args.build, "bin")
        self.lib = os.path.join(args.build, "lib")
        self.pipeline = "--qnn-gpu-pipeline=chip=%s format=%s" % (args.chip, args.format)
        self.prebuilt = getattr(args, "prebuilt", None)
        self.work = getattr(args, "out", None) or tempfile.mkdtemp(prefix="qnn-gpu-bench-")
        os.makedirs(self.work, exist_ok=True)

    def build(self, name, text):
        """Compiles `text` into <work>/<name>.so; returns (path, seconds)."""
        src = os.path.join(self.work, name + ".mlir")
        with open(src, "w") as f:
            f.write(text)
        lowered = os.path.join(self.work, name + ".ll.mlir")
        obj = os.path.join(self.work, name + ".o")
        so = os.path.join(self.work, name + ".so")
        t0 = time.perf_counter()
        subprocess.run([os.path.join(self.tools, "qnn-opt"), src, self.pipeline, "-o", lowered],
                       check=True)
        subprocess.run([os.path.join(self.tools, "qnn-translate"), "--mlir-to-object", lowered,
                        "-o", obj], check=True)
        subprocess.run(["clang-22", "-shared", obj, "-o", so, "-L" + self.lib, "-lqnn_runtime",
                        "-Wl,-rpath,$ORIGIN/../../lib", "-Wl,-rpath," + self.lib], check=True)
        seconds = time.perf_counter() - t0
        for path in (src, lowered, obj):
            os.remove(path)
        return so, seconds

    def load(self, name, text):
        if self.prebuilt:
            so = os.path.join(self.prebuilt, name + ".so")
            if not os.path.exists(so) and os.path.exists(so + ".xz"):
                import lzma
                with lzma.open(so + ".xz") as f, open(so, "wb") as g:
                    shutil.copyfileobj(f, g)
            return self.compiler.CompiledModel(so), float("nan")
        so, seconds = self.build(name, text())
        return self.compiler.CompiledModel(so), seconds


def dense_model(m, k, n, seed, period=None):
    """A dense layer: m x k 8-bit activation codes, n x k 2-bit weights,
    i32 accumulators out. With `period`, the weight codes repeat every
    `period` codes (a prebuilt library then compresses; the kernels' speed
    does not depend on the values)."""
    rng = np.random.default_rng(seed)
    if period:
        codes = np.resize(rng.integers(0, 4, size=period, dtype=np.uint8), n * k)
    else:
        codes = rng.integers(0, 4, size=(n, k), dtype=np.uint8)
    return ("func.func @forward(%%x: tensor<%dx%dx%s>) -> tensor<%dx%dxi32> {\n"
            "  %%w = qnn.constant dense<\"0x%s\"> : tensor<%dx%dxui8> -> tensor<%dx%dx%s>\n"
            "  %%y = qnn.dense %%x, %%w : tensor<%dx%dx%s>, tensor<%dx%dx%s> -> tensor<%dx%dxi32>\n"
            "  return %%y : tensor<%dx%dxi32>\n}\n"
            % (m, k, U8, m, n, codes.tobytes().hex().upper(), n, k, n, k, SAWB2,
               m, k, U8, n, k, SAWB2, m, n, m, n))


def resnet18_model(batch):
    return subprocess.run([sys.executable, os.path.join(ROOT, "examples", "resnet18", "generate.py"),
                           "--batch", str(batch)], check=True, capture_output=True,
                          text=True).stdout


def measure(contenders, reps, torch):
    """Times each contender (name -> callable) interleaved in 5 blocks after
    a warm-up; returns {name: (median s, min s)} of wall time and, with a
    CUDA PyTorch, {name: (median s, min s)} of device time of its kernels
    per call (torch.profiler)."""
    wall = {name: [] for name in contenders}
    per_block = max(1, reps // 5)
    for name, run in contenders.items():
        for _ in range(3):
            run()
    for _ in range(5):
        for name, run in contenders.items():
            for _ in range(per_block):
                t0 = time.perf_counter()
                run()
                wall[name].append(time.perf_counter() - t0)
    result = {n: (statistics.median(v), min(v)) for n, v in wall.items()}
    if torch is None:
        return result, {}
    from torch.profiler import ProfilerActivity, profile
    device = {}
    for name, run in contenders.items():
        calls = max(3, per_block)
        with profile(activities=[ProfilerActivity.CUDA]) as prof:
            for _ in range(calls):
                run()
            torch.cuda.synchronize()
        # Per call: the device time of every kernel it launched.
        kernels = [e for e in prof.events() if e.device_type.name == "CUDA"
                   and "memcpy" not in e.name.lower() and "memset" not in e.name.lower()]
        total = sum(e.device_time_total for e in kernels) * 1e-6 / calls
        longest = {}
        for e in kernels:
            longest.setdefault(e.name, []).append(e.device_time_total * 1e-6)
        device[name] = (total, {k: (statistics.median(v), min(v)) for k, v in longest.items()})
    return result, device


def copy_bandwidth(torch):
    """Device-to-device copy bandwidth of 1 GiB (read + written bytes per
    second), the median of 20 copies."""
    n = 1 << 30
    a = torch.empty(n, dtype=torch.uint8, device="cuda")
    b = torch.empty(n, dtype=torch.uint8, device="cuda")
    times = []
    for _ in range(22):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        b.copy_(a)
        end.record()
        end.synchronize()
        times.append(start.elapsed_time(end) * 1e-3)
    del a, b
    return 2 * n / statistics.median(times[2:])


def compiled(seconds):
    return "prebuilt" if seconds != seconds else "compiled in %.1f s" % seconds


def fmt(t):
    return "%.1f us" % (t * 1e6) if t < 1e-3 else "%.3f ms" % (t * 1e3)


def report(label, wall, device, name):
    line = "  %-28s end to end %s (median), %s (min)" % (label, fmt(wall[name][0]), fmt(wall[name][1]))
    if name in device:
        line += "; kernels %s per call" % fmt(device[name][0])
    print(line)


def dense_bench(args, qnn, torch, gemv):
    default = "1x16384x16384" if gemv else "256x8192x8192,1024x8192x8192,4096x8192x8192"
    copy_bw = copy_bandwidth(torch) if torch is not None and gemv else None
    if copy_bw:
        print("device copy bandwidth (1 GiB device to device, read + write): %.0f GB/s"
              % (copy_bw / 1e9))
    for shape in (args.shapes or default).split(","):
        m, k, n = (int(v) for v in shape.split("x"))
        model, compile_s = qnn.load("dense_%s" % shape,
                                    lambda: dense_model(m, k, n, seed=m + k + n))
        x = np.random.default_rng(1).integers(0, 256, size=(m, k)).astype(np.uint8)
        contenders = {"qnn": lambda: model(x)}
        if torch is not None:
            xf = torch.randn(m, k, device="cuda", dtype=torch.float16)
            wf = torch.randn(k, n, device="cuda", dtype=torch.float16)
            contenders["fp16"] = lambda: (torch.matmul(xf, wf), torch.cuda.synchronize())
            if not gemv:
                xi = torch.randint(-128, 127, (m, k), device="cuda", dtype=torch.int8)
                wi = torch.randint(-128, 127, (k, n), device="cuda", dtype=torch.int8)
                contenders["int8"] = lambda: (torch._int_mm(xi, wi), torch.cuda.synchronize())
        wall, device = measure(contenders, args.reps, torch)
        ops = 2.0 * m * k * n
        print("%s %s (M x K x N; 2-bit weights, 8-bit activations; %s):"
              % ("GEMV" if gemv else "GEMM", shape, compiled(compile_s)))
        report("qnn W2A8", wall, device, "qnn")
        if "fp16" in wall:
            report("PyTorch fp16 (cuBLAS)", wall, device, "fp16")
        if "int8" in wall:
            report("PyTorch int8 _int_mm", wall, device, "int8")
        if not device:
            continue
        q = device["qnn"][0]
        # The layer kernel: the longest one qnn launched.
        layer = max(device["qnn"][1].items(), key=lambda kv: kv[1][0])
        print("  qnn layer kernel %s: %s (median), %s (min)"
              % (layer[0], fmt(layer[1][0]), fmt(layer[1][1])))
        if gemv:
            packed = k * n * 2 / 8
            bw = packed / layer[1][0]
            print("  effective bandwidth over the %.0f MiB of packed weights: %.0f GB/s = %.0f%% "
                  "of the copy bandwidth; qnn %.2fx faster than fp16 cuBLAS (kernel time)"
                  % (packed / 2**20, bw / 1e9, 100 * bw / copy_bw, device["fp16"][0] / q))
        else:
            print("  TOPS (kernel time): qnn %.0f, fp16 %.0f, int8 %.0f; qnn %.2fx fp16, %.2fx int8"
                  % (ops / q / 1e12, ops / device["fp16"][0] / 1e12,
                     ops / device["int8"][0] / 1e12, device["fp16"][0] / q,
                     device["int8"][0] / q))
        sys.stdout.flush()


def torch_resnet18(torch, batch):
    from torch_models import resnet18
    model = resnet18(torch).cuda().half().to(memory_format=torch.channels_last)
    x = torch.randn(batch, 3, 224, 224, device="cuda").half().to(memory_format=torch.channels_last)

    def run():
        with torch.no_grad():
            model(x)
        torch.cuda.synchronize()
    return run


def resnet18_bench(args, qnn, torch):
    for batch in (int(b) for b in args.batches.split(",")):
        model, compile_s = qnn.load("resnet18_b%d" % batch, lambda: resnet18_model(batch))
        image = np.random.default_rng(0).standard_normal((batch, 224, 224, 3)).astype(np.float32)
        contenders = {"qnn": lambda: model(image)}
        if torch is not None:
            contenders["fp16"] = torch_resnet18(torch, batch)
        wall, device = measure(contenders, args.reps, torch)
        print("ResNet-18, batch %d, 224x224 (qnn %s):" % (batch, compiled(compile_s)))
        report("qnn W2A2", wall, device, "qnn")
        if "fp16" in wall:
            report("PyTorch fp16 (cuDNN)", wall, device, "fp16")
            print("  qnn speed-up: %.2fx end to end (median), %.2fx kernel time; "
                  "%.0f vs %.0f images/s end to end"
                  % (wall["fp16"][0] / wall["qnn"][0],
                     device["fp16"][0] / device["qnn"][0] if device else float("nan"),
                     batch / wall["qnn"][0], batch / wall["fp16"][0]))
        sys.stdout.flush()


def prepare(args):
    """Compiles every benchmark's models into --out, xz-compressed."""
    import lzma
    qnn = Qnn(args)
    gemv = "1x16384x16384"
    gemm = "256x8192x8192,1024x8192x8192,4096x8192x8192"
    for shape in (args.shapes or gemv + "," + gemm).split(","):
        m, k, n = (int(v) for v in shape.split("x"))
        name = "dense_%s" % shape
        # Codes repeating every 2^20: the library compresses to little.
        so, seconds = qnn.build(name, dense_model(m, k, n, seed=m + k + n, period=1 << 20))
        print("%s: compiled in %.1f s" % (name, seconds))
    for batch in (int(b) for b in args.batches.split(",")):
        so, seconds = qnn.build("resnet18_b%d" % batch, resnet18_model(batch))
        print("resnet18_b%d: compiled in %.1f s" % (batch, seconds))
    for entry in os.listdir(qnn.work):
        if entry.endswith(".so"):
            path = os.path.join(qnn.work, entry)
            with open(path, "rb") as f, lzma.open(path + ".xz", "wb", preset=6) as g:
                shutil.copyfileobj(f, g)
            os.remove(path)


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["gemv", "gemm", "resnet18", "all", "prepare"],
                        help="prepare: compile the benchmarks' models into --out (for "
                             "--prebuilt on a machine without qnn's toolchain)")
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--chip", default="sm_90")
    parser.add_argument("--format", default="isa", choices=["isa", "bin", "fatbin", "llvm"],
                        help="kernels embedded as PTX (isa, the default), cubin or fatbin "
                             "(these need the CUDA toolkit), or LLVM bitcode (the emulator)")
    parser.add_argument("--reps", type=int, default=50)
    parser.add_argument("--shapes", help="M x K x N problems, comma separated")
    parser.add_argument("--batches", default="1,64")
    parser.add_argument("--prebuilt", help="load the models from this directory (prepare's)")
    parser.add_argument("--out", help="prepare: the directory to compile the models into")
    args = parser.parse_args()
    if args.what == "prepare":
        prepare(args)
        return
    torch = torch_cuda()
    qnn = Qnn(args)
    if torch is None:
        print("no CUDA PyTorch: baselines and kernel times skipped")
    else:
        props = torch.cuda.get_device_properties(0)
        print("device: %s, %d SMs, %.0f GiB; PyTorch %s, CUDA %s; %s"
              % (props.name, props.multi_processor_count, props.total_memory / 2**30,
                 torch.__version__, torch.version.cuda, time.strftime("%Y-%m-%d")))
    if args.what in ("gemv", "all"):
        dense_bench(args, qnn, torch, gemv=True)
    if args.what in ("gemm", "all"):
        dense_bench(args, qnn, torch, gemv=False)
    if args.what in ("resnet18", "all"):
        resnet18_bench(args, qnn, torch)


if __name__ == "__main__":
    main()
