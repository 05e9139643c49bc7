#!/usr/bin/python3
"""ResNet-18's 3x3 convolution layers: qnn W2A2 against oneDNN fp32 and int8.

For each layer (batch 1, C = O channels at H x W, 3x3 window, stride 1,
padding 1) builds a model whose entry takes the NHWC activation codes (2-bit)
and returns the i32 accumulators of a qnn.conv2d with random 2-bit weight
codes (levels -3, -1, 1, 3), compiles it with qnn-cpu-pipeline +
qnn-translate into a shared library, and runs bench/conv_harness.cpp, which
times it interleaved with oneDNN's fp32 convolution and its u8 x s8 -> s32
convolution on the same shape (each in the layouts oneDNN prefers).

    /usr/bin/python3 bench/conv.py [--layers 64x56,128x28,256x14,512x7]
        [--weight-bits 2|1] [--target avx512-vpopcntdq|avx512-vnni|avx2|generic] [--threads N]
        [--reps N] [--no-pack]

Needs libdnnl-dev (Debian). Not a test.
"""

import argparse
import sys
import tempfile

import numpy as np

from harness import WEIGHT_TYPES, Bench, add_common_arguments


def model_text(h, w, c, o, seed, weight_bits=2):
    rng = np.random.default_rng(seed)
    codes = rng.integers(0, 2 ** weight_bits, size=(o, 3, 3, c), dtype=np.uint8)
    act = "!qnn.uniform<u2:f32, 0.5>"
    wq = WEIGHT_TYPES[weight_bits]
    x = "tensor<1x%dx%dx%dx%s>" % (h, w, c, act)
    wt = "tensor<%dx3x3x%dx%s>" % (o, c, wq)
    y = "tensor<1x%dx%dx%dxi32>" % (h, w, o)
    return (
        "func.func @forward(%%x: %s) -> %s {\n"
        "  %%w = qnn.constant dense<\"0x%s\"> : tensor<%dx3x3x%dxui8> -> %s\n"
        "  %%y = qnn.conv2d %%x, %%w {padding = array<i64: 1, 1, 1, 1>} : %s, %s -> %s\n"
        "  return %%y : %s\n}\n"
        % (x, y, codes.tobytes().hex().upper(), o, c, wt, x, wt, y, y))


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--layers", default="64x56,128x28,256x14,512x7",
                        help="comma-separated CxHW: C = O channels, H = W pixels")
    add_common_arguments(parser)
    args = parser.parse_args()
    bench = Bench(args.build, tempfile.mkdtemp(prefix="qnn-conv-"), args.target)
    harness = bench.harness("conv_harness", ["dnnl"])
    print("target=%s, W%dA2 3x3 convolutions, batch 1, %d thread(s), %d interleaved runs"
          % (args.target, args.weight_bits, args.threads, args.reps))
    for layer in args.layers.split(","):
        c, hw = (int(v) for v in layer.split("x"))
        so = bench.model("conv_" + layer, model_text(hw, hw, c, c, seed=c,
                                                     weight_bits=args.weight_bits),
                         args.pack)
        res = Bench.run(harness, [so, hw, hw, c, c, args.reps, args.threads], args.threads)
        q, f, i = res["qnn"], res["onednn_f32"], res["onednn_u8s8s32"]
        ops = 2.0 * hw * hw * c * c * 9
        print("%d@%dx%d: qnn %.3f / %.3f ms (median / min), %.0f GOP/s; oneDNN fp32 %.3f / "
              "%.3f ms; oneDNN u8s8s32 %.3f / %.3f ms; qnn speed-up %.2fx vs fp32, %.2fx vs "
              "int8 (medians)"
              % (c, hw, hw, q[0], q[1], ops / q[0] / 1e6, f[0], f[1], i[0], i[1],
                 f[0] / q[0], i[0] / q[0]))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
