"""qnn.quantizers (the Python QAT modules' forward math) against qnn's C++
reference library, bit for bit: each scheme op is applied by qnn-opt to
constant vectors, whose folders call the reference, and the folded
constants are compared with the Python values.

    check_quantizers.py   prints one line per case: "<case>: N values equal"
"""
import re
import subprocess
import sys

import numpy as np
import torch

import qnn
from qnn import quantizers as Q

rng = np.random.default_rng(3)


def vec(*shape, lo=-3.0, hi=3.0):
    return rng.uniform(lo, hi, shape).astype(np.float32)


def with_ties(x, points):
    """x with some entries replaced by exact tie points (midpoints)."""
    flat = x.reshape(-1).copy()
    pts = np.asarray(points, np.float32)
    flat[: len(pts)] = pts
    return flat.reshape(x.shape)


def hexattr(a):
    return 'dense<"0x%s">' % a.astype("<f4").tobytes().hex().upper()


def ttype(shape, elem="f32"):
    return "tensor<%sx%s>" % ("x".join(map(str, shape)), elem) if shape else "tensor<%s>" % elem


apot4 = Q.apot_levels(4, False).numpy()
mid4 = (apot4[:-1] + apot4[1:]) * np.float32(0.5)
levels_pc = np.sort(vec(3, 4), axis=1)
dq_mids = ((levels_pc[:, :-1] + levels_pc[:, 1:]) * np.float32(0.5)).astype(np.float32)
x34 = vec(2, 3, 4, lo=-3, hi=3)
x34[0, :, :3] = dq_mids
levels1 = np.array([-0.8, -0.1, 0.3, 1.1], np.float32)
# SAWB ties: w / alpha = k / 3 - 1 style points are not constructible in
# advance (alpha depends on w); random weights plus zeros and extremes.
w_sawb = with_ties(vec(8, 3, 3, 3, lo=-1, hi=1), [0.0, -1.0, 1.0, 5.0, -5.0])

CASES = [
    # name, op text (with %x), input, result shape, python function
    ("pact", "qnn.pact %x {alpha = 2.5 : f32, bits = 2 : i32}",
     with_ties(vec(500), [0.0, 2.5, 2.5 / 6, 2.5 / 2, 1e9, -1e9]),
     lambda x: Q.pact(x, 2.5, 2)),
    ("pact4", "qnn.pact %x {alpha = 0.7 : f32, bits = 4 : i32}", vec(500, lo=-0.2, hi=1.0),
     lambda x: Q.pact(x, 0.7, 4)),
    ("sawb2", "qnn.sawb %x {bits = 2 : i32}", w_sawb, lambda x: Q.sawb(x, 2)),
    ("sawb4", "qnn.sawb %x {bits = 4 : i32}", w_sawb, lambda x: Q.sawb(x, 4)),
    ("sawb-ternary", "qnn.sawb %x {bits = 2 : i32, ternary}", w_sawb,
     lambda x: Q.sawb(x, 2, ternary=True)),
    ("sawb-c1c2", "qnn.sawb %x {bits = 2 : i32, c1 = 3.12, c2 = 2.064}", w_sawb,
     lambda x: Q.sawb(x, 2, 3.12, 2.064)),
    ("apot4-act", "qnn.apot %x {alpha = 2.0 : f32, bits = 4 : i32}",
     with_ties(vec(600, lo=-0.5, hi=2.5), mid4 * 2.0), lambda x: Q.apot(x, 2.0, 4)),
    ("apot2-act", "qnn.apot %x {alpha = 3.0 : f32, bits = 2 : i32}", vec(300, lo=-1, hi=4),
     lambda x: Q.apot(x, 3.0, 2)),
    ("apot3-weight", "qnn.apot %x {alpha = 3.0 : f32, bits = 3 : i32, is_signed, normalize}",
     vec(4, 4, 3, 3), lambda x: Q.apot(x, 3.0, 3, signed=True, normalize=True)),
    ("apot4-weight", "qnn.apot %x {alpha = 2.5 : f32, bits = 4 : i32, is_signed, normalize}",
     vec(4, 4, 3, 3), lambda x: Q.apot(x, 2.5, 4, signed=True, normalize=True)),
    ("hwgq2", "qnn.hwgq %x {bits = 2 : i32}",
     with_ties(vec(400, lo=-1, hi=3), [0.0, 0.807, 1.345, 0.538 * 1.5]), lambda x: Q.hwgq(x, 2)),
    ("hwgq1", "qnn.hwgq %x {bits = 1 : i32}", vec(100, lo=-1, hi=3), lambda x: Q.hwgq(x, 1)),
    ("hwgq-nonuniform", "qnn.hwgq %x {bits = 2 : i32, non_uniform}", vec(200, lo=-1, hi=3),
     lambda x: Q.hwgq(x, 2, True)),
    ("levels", "qnn.learned_levels %%x {levels = dense<%s> : tensor<4xf64>}"
     % np.array2string(levels1.astype(np.float64), separator=", ", floatmode="unique"),
     with_ties(vec(300, lo=-2, hi=2), (levels1[:-1] + levels1[1:]) * np.float32(0.5)),
     lambda x: Q.learned_levels(x, torch.from_numpy(levels1))),
    ("levels-per-channel", "qnn.learned_levels %%x {axis = 1 : i64, levels = dense<%s> : tensor<3x4xf64>}"
     % np.array2string(levels_pc.astype(np.float64), separator=", ", floatmode="unique"),
     x34, lambda x: Q.learned_levels(x, torch.from_numpy(levels_pc), axis=1)),
    ("binary-per-channel", "qnn.binary %x {axis = 0 : i64}",
     with_ties(vec(6, 2, 3, 3), [0.0, -0.0]), lambda x: Q.binary(x, axis=0)),
    ("binary-scale", "qnn.binary %x {scale = array<f32: 0.75>}", vec(50),
     lambda x: Q.binary(x, 0.75)),
    ("ternary-twn", "qnn.ternary %x", vec(7, 9), lambda x: Q.ternary(x)),
    ("ternary-given", "qnn.ternary %x {scale = 0.5 : f32, threshold = 0.25 : f32}",
     with_ties(vec(64), [0.25, -0.25]), lambda x: Q.ternary(x, 0.25, 0.5)),
]


def slb_case(bits):
    logits = vec(5, 3, 2 ** bits)
    logits[0, 0, :] = 1.0  # a tie: the first maximum
    return ("slb%d" % bits, "qnn.slb %%x {bits = %d : i32}" % bits, logits,
            lambda x: Q.slb(x, bits))


CASES += [slb_case(1), slb_case(2), slb_case(4)]


def main():
    lines = []
    results = []
    for k, (name, op, x, fn) in enumerate(CASES):
        want = fn(torch.from_numpy(x))[0].numpy()
        lines.append("  %%in%d = arith.constant %s : %s" % (k, hexattr(x), ttype(x.shape)))
        text = op.replace("%x", "%%in%d" % k)
        if name.startswith("slb"):
            text += " : %s -> %s" % (ttype(x.shape), ttype(want.shape))
        else:
            text += " : %s" % ttype(x.shape)
        lines.append("  %%r%d = %s" % (k, text))
        results.append(want)
    lines.append("  return %s : %s" % (", ".join("%%r%d" % k for k in range(len(CASES))),
                                       ", ".join(ttype(w.shape) for w in results)))
    lines.insert(0, "func.func @f() -> (%s) {" % ", ".join(ttype(w.shape) for w in results))
    lines.append("}")
    proc = subprocess.run(
        [qnn.find_tool("qnn-opt"), "--canonicalize",
         "--mlir-print-elementsattrs-with-hex-if-larger=0"],
        input="\n".join(lines), capture_output=True, text=True)
    if proc.returncode:
        sys.exit("qnn-opt failed:\n" + proc.stderr)
    consts = dict(re.findall(r'(%\S+) = arith.constant dense<"0x([0-9A-F]+)">', proc.stdout))
    returned = re.search(r"return (.*) :", proc.stdout).group(1).split(", ")
    failed = False
    for (name, *_), want, ret in zip(CASES, results, returned):
        if ret not in consts:
            print("%s: not folded" % name)
            failed = True
            continue
        raw = bytes.fromhex(consts[ret])
        got = np.frombuffer(raw, "<u4")
        exp = want.astype("<f4").reshape(-1).view("<u4")
        if got.size == 1 and exp.size > 1:  # a splat
            got = np.repeat(got, exp.size)
        bad = np.nonzero(got != exp)[0]
        if bad.size:
            failed = True
            print("%s: %d of %d differ, e.g. index %d: reference %r, python %r" % (
                name, bad.size, exp.size, bad[0], got[bad[0]:bad[0] + 1].view("<f4")[0],
                exp[bad[0]:bad[0] + 1].view("<f4")[0]))
        else:
            print("%s: %d values equal" % (name, exp.size))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
