"""Shared steps of the C++-harness benchmarks (gemm.py, conv.py).

Builds a harness from bench/<name>.cpp against libqnn_runtime, compiles a
.mlir model into a shared library with qnn-opt + qnn-translate, and runs the
harness, which prints "<contender> median_ms min_ms" lines.
"""

import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


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

    def model(self, name, text, options=""):
        """Compiles the model `text` for the target; returns the .so path."""
        src = os.path.join(self.work, name + ".mlir")
        with open(src, "w") as f:
            f.write(text)
        lowered = os.path.join(self.work, name + ".ll.mlir")
        obj = os.path.join(self.work, name + ".o")
        so = os.path.join(self.work, name + ".so")
        pipeline = "--qnn-cpu-pipeline=target=" + self.target
        if options:
            pipeline += " " + options
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
        env = dict(os.environ, OMP_NUM_THREADS=str(threads))
        out = subprocess.run([exe] + [str(a) for a in args], check=True,
                             capture_output=True, text=True, env=env).stdout
        res = {}
        for line in out.split("\n"):
            if line:
                name, med, mn = line.split()
                res[name] = (float(med), float(mn))
        return res
