#!/usr/bin/python3
"""GEMV / GEMM benchmark: a qnn dense layer vs OpenBLAS and oneDNN int8.

For each M x K x N problem, builds a model whose entry takes M x K activation
codes (2- or 8-bit) and returns the M x N i32 accumulators of a dense layer
with random 2-bit weight codes (levels -3, -1, 1, 3), compiles it with
qnn-cpu-pipeline + qnn-translate into a shared library, and runs
bench/gemm_harness.cpp, which times it interleaved with OpenBLAS
sgemv/sgemm (fp32) and oneDNN's u8 x s8 -> s32 matmul on the same shape.

    /usr/bin/python3 bench/gemm.py [--shapes 1x4096x4096,64x4096x4096]
        [--act-bits 2|8] [--weight-bits 2|1] [--target avx512-vpopcntdq|avx512-vnni|avx2|generic]
        [--threads N] [--no-pack]

Needs libopenblas-dev and libdnnl-dev (Debian). Not a test.
"""

import argparse
import os
import sys
import tempfile

import numpy as np

from harness import WEIGHT_TYPES, Bench, add_common_arguments


def model_text(m, k, n, act_bits, seed, weight_bits=2):
    rng = np.random.default_rng(seed)
    codes = rng.integers(0, 2 ** weight_bits, size=(n, k), dtype=np.uint8)
    act = "!qnn.uniform<u%d:f32, 0.5>" % act_bits
    wq = WEIGHT_TYPES[weight_bits]
    return (
        "func.func @forward(%%x: tensor<%dx%dx%s>) -> tensor<%dx%dxi32> {\n"
        "  %%w = qnn.constant dense<\"0x%s\"> : tensor<%dx%dxui8> -> tensor<%dx%dx%s>\n"
        "  %%y = qnn.dense %%x, %%w : tensor<%dx%dx%s>, tensor<%dx%dx%s> -> tensor<%dx%dxi32>\n"
        "  return %%y : tensor<%dx%dxi32>\n}\n"
        % (m, k, act, m, n, codes.tobytes().hex().upper(), n, k, n, k, wq,
           m, k, act, n, k, wq, m, n, m, n))


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shapes", default="1x4096x4096,64x4096x4096,256x4096x4096")
    parser.add_argument("--act-bits", type=int, default=2, choices=[2, 8])
    add_common_arguments(parser)
    args = parser.parse_args()
    os.environ.pop("OPENBLAS_CORETYPE", None)  # baselines run at their best
    bench = Bench(args.build, tempfile.mkdtemp(prefix="qnn-gemm-"), args.target)
    harness = bench.harness("gemm_harness", ["openblas", "dnnl"])
    print("target=%s, activations %d-bit, weights %d-bit, %d thread(s), %d interleaved runs"
          % (args.target, args.act_bits, args.weight_bits, args.threads, args.reps))
    for shape in args.shapes.split(","):
        m, k, n = (int(v) for v in shape.split("x"))
        so = bench.model("dense_" + shape, model_text(m, k, n, args.act_bits, seed=m * 31 + k,
                                                      weight_bits=args.weight_bits),
                         args.pack)
        res = Bench.run(harness, [so, m, k, n, args.reps, args.threads], args.threads)
        blas = "openblas_sgemv" if m == 1 else "openblas_sgemm"
        q = res["qnn"]
        ops = 2.0 * m * k * n
        print("%s: qnn %.3f / %.3f ms (median / min), %.1f GOP/s; %s %.3f / %.3f ms; "
              "oneDNN u8s8s32 %.3f / %.3f ms; qnn speed-up %.2fx vs OpenBLAS, %.2fx vs oneDNN "
              "(medians)"
              % (shape, q[0], q[1], ops / q[0] / 1e6, blas, res[blas][0], res[blas][1],
                 res["onednn_u8s8s32"][0], res["onednn_u8s8s32"][1],
                 res[blas][0] / q[0], res["onednn_u8s8s32"][0] / q[0]))
        if m == 1:
            # Bytes of the weights packed at their bit width, which the
            # packed kernel reads, against one thread streaming 256 MiB in
            # the same run.
            read = (256 << 20) / res["read_256mib"][0] / 1e6
            size = k * n * args.weight_bits / 8
            bw = size / q[0] / 1e6
            print("  effective bandwidth over packed %d-bit weights (%.1f MiB): %.1f GB/s "
                  "(median), %.1f GB/s (min time) = %.0f%% of the measured read "
                  "bandwidth, %.1f GB/s (1 thread, median)"
                  % (args.weight_bits, size / 2**20, bw, size / q[1] / 1e6, 100 * bw / read, read))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
