"""ONNX Cast between every pair of the element types qnn supports, executed:
one model with an input per source type and its casts to every type
(itself included) as outputs, compared with ONNX's definition computed here in exact
arithmetic.

The inputs hold values every target represents or defines: small integers
(0, 1, 3, and -1, -2 from signed and float sources), and 1.5 / 2.75 from
float sources (truncated toward zero by integer targets). ONNX leaves a
negative float cast to an unsigned integer undefined, so unsigned targets
compare float sources' values only where they are in range (-2 and 3 do
not fit INT2). Integer to integer casts wrap (two's
complement, 4- and 2-bit results as their narrow value), anything to BOOL
is "not zero", BOOL to a number is 0 or 1.

    check_casts.py <work dir>
"""
import math
import os
import sys
from fractions import Fraction

import numpy as np
from onnx import TensorProto, helper

import qnn

work = sys.argv[1]
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

# ONNX type -> (data type number, numpy dtype at the boundary, kind, bits)
TYPES = {
    "FLOAT": (1, np.float32, "f", 32), "FLOAT16": (10, np.float16, "f", 16),
    "BFLOAT16": (16, np.uint16, "f", 16), "DOUBLE": (11, np.float64, "f", 64),
    "INT8": (3, np.int8, "s", 8), "INT16": (5, np.int16, "s", 16),
    "INT32": (6, np.int32, "s", 32), "INT64": (7, np.int64, "s", 64),
    "UINT8": (2, np.uint8, "u", 8), "UINT16": (4, np.uint16, "u", 16),
    "UINT32": (12, np.uint32, "u", 32), "UINT64": (13, np.uint64, "u", 64),
    "BOOL": (9, np.bool_, "b", 1), "INT4": (22, np.int8, "s", 4),
    "UINT4": (21, np.uint8, "u", 4), "INT2": (26, np.int8, "s", 2),
    "UINT2": (25, np.uint8, "u", 2),
}


def source_values(kind, bits):
    """The values a source of this type holds in the test."""
    if kind == "f":
        return [0.0, 1.0, 3.0, -1.0, -2.0, 1.5, 2.75, -1.5]
    if kind == "b":
        return [0, 1, 1, 0, 1, 0, 0, 1]
    if kind == "s":
        hi = 1 if bits == 2 else 3
        return [0, 1, hi, -1, -2, 0, 1, -1]
    return [0, 1, 3, 2, 1, 0, 3, 2] if bits > 2 else [0, 1, 3, 2, 1, 0, 3, 2]


def to_array(name, values):
    code, dtype, kind, bits = TYPES[name]
    if name == "BFLOAT16":
        bits32 = np.asarray(values, np.float32).view(np.uint32)
        return (bits32 >> 16).astype(np.uint16)
    return np.array(values, dtype)


def oracle(src, dst, values):
    """ONNX's Cast of `values` (exact Python numbers) from `src` to `dst`:
    (expected array, mask of the elements ONNX defines)."""
    _, dtype, kind, bits = TYPES[dst]
    out, mask = [], []
    skind = TYPES[src][2]
    for v in values:
        defined = True
        if kind == "b":
            r = v != 0
        elif kind == "f":
            r = float(v)
        else:
            if skind == "f":
                # Out of the target's range ONNX leaves the result
                # undefined (C's conversion).
                t = math.trunc(v)
                lo = 0 if kind == "u" else -(1 << (bits - 1))
                hi = (1 << bits) - 1 if kind == "u" else (1 << (bits - 1)) - 1
                if not lo <= t <= hi:
                    defined, t = False, 0
            else:
                t = int(v)
            m = t % (1 << bits)
            if kind == "s" and m >= 1 << (bits - 1):
                m -= 1 << bits
            r = m
        out.append(r)
        mask.append(defined)
    if dst == "BFLOAT16":
        return to_array("BFLOAT16", out), np.array(mask)
    return np.array(out, dtype), np.array(mask)


def tensor_value_info(name, code, n):
    return helper.make_tensor_value_info(name, code, [n])


failures = 0
names = list(TYPES)
# One model: an input per source type, an output per (source, target).
nodes, inputs, outputs, feeds = [], [], [], []
for src in names:
    code, dtype, kind, bits = TYPES[src]
    values = source_values(kind, bits)
    inputs.append(tensor_value_info("x_" + src.lower(), code, len(values)))
    feeds.append(to_array(src, values))
    for dst in names:
        out = "%s_to_%s" % (src.lower(), dst.lower())
        nodes.append(helper.make_node("Cast", ["x_" + src.lower()], [out], name=out,
                                      to=TYPES[dst][0]))
        outputs.append(tensor_value_info(out, TYPES[dst][0], len(values)))
graph = helper.make_graph(nodes, "casts", inputs, outputs)
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 21)])
model.ir_version = 10
path = os.path.join(work, "casts.onnx")
with open(path, "wb") as f:
    f.write(model.SerializeToString())
results = iter(qnn.compile(path, workdir=os.path.join(work, "casts"))(*feeds))
for src in names:
    values = source_values(TYPES[src][2], TYPES[src][3])
    wrong = []
    for dst in names:
        got = next(results)
        want, mask = oracle(src, dst, values)
        if got.dtype != want.dtype or got.shape != want.shape or \
                not np.array_equal(got[mask], want[mask]):
            wrong.append("%s: got %s %s, want %s" % (dst, got.dtype, got.tolist(),
                                                      want.tolist()))
    print("from %s: %d targets %s" % (src, len(names), "ok" if not wrong else "WRONG"))
    for w in wrong:
        print("  " + w)
    failures += len(wrong)

# Rounding to the 16-bit floats: FLOAT and DOUBLE to BFLOAT16 and FLOAT16,
# for random bit patterns, ties, subnormals, overflow, infinities and NaN,
# against exact arithmetic (BFLOAT16: nearest, ties to even; from DOUBLE
# through FLOAT as ONNX's reference rounds it) and numpy (FLOAT16).
def bf16_nearest(f32):
    """bfloat16 bits nearest to a float32, ties to even, by exact
    comparison of the two candidates."""
    bits = int(np.float32(f32).view(np.uint32))
    if math.isnan(f32):
        return None
    if math.isinf(f32):
        return bits >> 16
    sign, mag = bits & 0x80000000, bits & 0x7FFFFFFF
    lo = mag >> 16
    value = Fraction(float(np.float32(f32)))

    def real(b):
        return Fraction(float(np.array([(sign | (b << 16))], np.uint32).view(np.float32)[0])) \
            if b < 0x7F80 else None
    lo_v, hi_v = real(lo), real(lo + 1)
    if hi_v is None:  # beyond the largest finite bfloat16: halfway is 2^128
        limit = Fraction(2) ** 128 - Fraction(2) ** (127 - 8)
        pick = lo if abs(value) < limit else 0x7F80
    else:
        dl, dh = abs(value - lo_v), abs(hi_v - value)
        pick = lo if dl < dh else lo + 1 if dh < dl else (lo if lo % 2 == 0 else lo + 1)
    return (sign >> 16) | pick


rng = np.random.default_rng(7)
f32 = np.concatenate([
    rng.integers(0, 1 << 32, 3000, dtype=np.uint64).astype(np.uint32).view(np.float32),
    np.array([0x3F808000, 0x3F818000, 0x3F80C000, 0x7F7FFFFF, 0x7F7F8000, 0x7F7F7FFF,
              0x00008000, 0x00018000, 0x80008000, 0x00000001, 0x7F800000, 0xFF800000,
              0x7FC00000, 0x7F800001, 0x477FF000, 0x477FEFFF, 0x387FC000, 0x33000000],
             np.uint32).view(np.float32)])
with np.errstate(invalid="ignore"):
    wide = f32.astype(np.float64)
f64 = np.concatenate([wide * (1 + 2.0 ** -30),
                      np.array([1e300, -1e-300, 2.0 ** -140, 1 + 2.0 ** -8, 1 + 2.0 ** -8 + 2.0 ** -40])])
n32, n64 = len(f32), len(f64)
nodes = [helper.make_node("Cast", ["x"], ["xb"], name="xb", to=16),
         helper.make_node("Cast", ["x"], ["xh"], name="xh", to=10),
         helper.make_node("Cast", ["d"], ["db"], name="db", to=16),
         helper.make_node("Cast", ["d"], ["dh"], name="dh", to=10)]
graph = helper.make_graph(
    nodes, "rounding", [tensor_value_info("x", 1, n32), tensor_value_info("d", 11, n64)],
    [tensor_value_info("xb", 16, n32), tensor_value_info("xh", 10, n32),
     tensor_value_info("db", 16, n64), tensor_value_info("dh", 10, n64)])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 21)])
model.ir_version = 10
path = os.path.join(work, "rounding.onnx")
with open(path, "wb") as f:
    f.write(model.SerializeToString())
xb, xh, db, dh = qnn.compile(path, workdir=os.path.join(work, "rounding"))(f32, f64)
with np.errstate(over="ignore"):
    checks = (("FLOAT to BFLOAT16", f32, xb, lambda v: bf16_nearest(v)),
              ("DOUBLE to BFLOAT16", f64, db, lambda v: bf16_nearest(np.float32(v))),
              ("FLOAT to FLOAT16", f32, xh, None), ("DOUBLE to FLOAT16", f64, dh, None))
    for what, src, got, nearest in checks:
        bad = 0
        for i, v in enumerate(src):
            if nearest is None:
                want = np.array([v]).astype(np.float16)[0]
                ok = (np.isnan(want) and np.isnan(got[i])) or \
                    want.view(np.uint16) == got[i].view(np.uint16)
            else:
                w = nearest(v)
                g = int(got[i])
                ok = (g & 0x7FFF) > 0x7F80 if w is None else w == g
            if not ok:
                bad += 1
                if bad <= 3:
                    print("  %s of %r: got %s" % (what, float(v), got[i]))
        print("%s: %d values, %d wrong" % (what, len(src), bad))
        failures += bad
print("failures: %d" % failures)
