"""Shared steps of the C++-harness benchmarks (gemm.py, conv.py).

Builds a harness from bench/<name>.cpp against libqnn_runtime, compiles a
.mlir model into a shared library with qnn-opt + qnn-translate, and runs the
harness, which prints "<contender> median_ms min_ms" lines.
"""

import os
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Weight types by bit width: 2-bit SAWB levels, binary levels.
WEIGHT_TYPES = {
    1: "!qnn.codebook<u1:f32, [-1, 1] * 0.03>",
    2: "!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.03>",
}


def interleaved(runs, reps):
    """Times each callable of `runs` (name -> callable) as bench/harness.h
    does: 5 rounds in which each runs untimed for at least 50 ms, then
    reps / 5 times timed, so that another library's idle workers, which spin
    for a while after a call, do not take the cores of timed runs. Returns
    name -> list of seconds."""
    times = {name: [] for name in runs}
    for _ in range(5):
        for name, run in runs.items():
            t0 = time.perf_counter()
            while time.perf_counter() - t0 < 0.05:
                run()
            for _ in range(max(1, reps // 5)):
                t0 = time.perf_counter()
                run()
                times[name].append(time.perf_counter() - t0)
    return times


def add_common_arguments(parser):
    """The options gemm.py and conv.py share."""
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--target", default="avx512-vnni",
                        choices=["generic", "avx2", "avx512-vnni", "avx512-vpopcntdq", "native"])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--weight-bits", type=int, default=2, choices=sorted(WEIGHT_TYPES),
                        help="2: SAWB levels -3, -1, 1, 3; 1: binary levels -1, 1")
    parser.add_argument("--no-pack", dest="pack", action="store_false",
                        help="weights as one byte each instead of packed codes")


class Bench:
    def __init__(self, build, work, target):
        self.tools = os.path.join(build, "bin")
        self.lib = os.path.join(build, "lib")
        self.work = work
        self.target = target

    def harness(self, name, libs):
        """Compiles bench/<name>.cpp; returns the executable's path."""
        exe = os.path.join(self.work, name)
        subprocess.run(["clang++-22", "-O2", "-march=native", "-std=c++17",
                        "-I" + os.path.join(ROOT, "runtime", "include"),
                        os.path.join(ROOT, "bench", name + ".cpp"), "-o", exe,
                        "-L" + self.lib, "-lqnn_runtime", "-Wl,-rpath," + self.lib]
                       + ["-l" + l for l in libs], check=True)
        return exe

    def model(self, name, text, pack=True):
        """Compiles the model `text` for the target, with weights packed
        or not; returns the .so path."""
        src = os.path.join(self.work, name + ".mlir")
        with open(src, "w") as f:
            f.write(text)
        lowered = os.path.join(self.work, name + ".ll.mlir")
        obj = os.path.join(self.work, name + ".o")
        so = os.path.join(self.work, name + ".so")
        pipeline = "--qnn-cpu-pipeline=target=%s pack-weights=%s" % (
            self.target, str(pack).lower())
        subprocess.run([os.path.join(self.tools, "qnn-opt"), src, pipeline,
                        "-o", lowered], check=True)
        subprocess.run([os.path.join(self.tools, "qnn-translate"), "--mlir-to-object",
                        "--qnn-target-cpu=native", lowered, "-o", obj], check=True)
        subprocess.run(["clang-22", "-shared", obj, "-o", so, "-L" + self.lib,
                        "-lqnn_runtime", "-Wl,-rpath," + self.lib], check=True)
        return so

    @staticmethod
    def run(exe, args, threads):
        """Runs a harness; returns {contender: (median ms, min ms)}."""
        # OpenMP baselines take their threads from the environment.
        env = dict(os.environ, OMP_NUM_THREADS=str(threads))
        out = subprocess.run([exe] + [str(a) for a in args], check=True,
                             capture_output=True, text=True, env=env).stdout
        res = {}
        for line in out.split("\n"):
            if line:
                name, med, mn = line.split()
                res[name] = (float(med), float(mn))
        return res
