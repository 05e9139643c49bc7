"""The model of weights.test: y = x W + b, W a 128 x 64 f32 weight blob
(32 KiB: written into the object directly) and b 64 floats (256 bytes:
left to LLVM). Values are multiples of 1/4 small enough that every sum is
exact in f32, so the result equals numpy's bit for bit.

    weights.py gen OUT.mlir     writes the model
    weights.py run MODEL.so     runs it against numpy
"""
import os
import sys

import numpy as np

rng = np.random.default_rng(15)
W = (rng.integers(-8, 9, (128, 64)) / 4).astype(np.float32)
B = (rng.integers(-8, 9, (64,)) / 4).astype(np.float32)
X = (rng.integers(-8, 9, (1, 128)) / 4).astype(np.float32)


def gen(path):
    blob = "0x04000000" + W.tobytes().hex().upper()
    bias = ", ".join("%.2f" % v for v in B)
    with open(path, "w") as f:
        f.write("""func.func @forward(%%x: tensor<1x128xf32>) -> tensor<1x64xf32> {
  %%w = arith.constant dense_resource<weight> : tensor<128x64xf32>
  %%b = arith.constant dense<[[%s]]> : tensor<1x64xf32>
  %%zero = arith.constant 0.0 : f32
  %%init = tensor.empty() : tensor<1x64xf32>
  %%acc = linalg.fill ins(%%zero : f32) outs(%%init : tensor<1x64xf32>) -> tensor<1x64xf32>
  %%y = linalg.matmul ins(%%x, %%w : tensor<1x128xf32>, tensor<128x64xf32>) outs(%%acc : tensor<1x64xf32>) -> tensor<1x64xf32>
  %%z = arith.addf %%y, %%b : tensor<1x64xf32>
  return %%z : tensor<1x64xf32>
}

{-#
  dialect_resources: {
    builtin: {
      weight: "%s"
    }
  }
#-}
""" % (bias, blob))


def run(library):
    from qnn.compiler import CompiledModel
    got = CompiledModel(os.path.abspath(library))(X)
    want = X @ W + B
    print("equal to numpy:", bool(np.array_equal(got, want)),
          "max difference:", float(np.abs(got - want).max()))


if __name__ == "__main__":
    {"gen": gen, "run": run}[sys.argv[1]](sys.argv[2])
