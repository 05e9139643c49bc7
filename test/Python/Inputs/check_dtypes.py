"""Element types end to end: for every ONNX type a compiled model takes and
returns, a small model (qnn.compile) whose input, an initializer and a cast
to a float come back as numpy arrays of exactly the type qnn_dtypes.def
names for it, with the right values; and calls with a wrong dtype or shape
refused with the runtime's message.

The model of type T: inputs x: T[2, 3]; initializer c: T[2, 3];
outputs y = Identity(x): T, k = Identity(c): T, f = Cast(x) to DOUBLE
(FLOAT for DOUBLE itself), so that each value crosses the boundary in
both directions and through the compiled code's own arithmetic.

BFLOAT16 has no numpy type: its tensors travel as their uint16 bit
patterns (the upper half of the float32's bits). INT4 / UINT4 / INT2 /
UINT2 travel one value per byte, as int8 (sign-extended) or uint8.

    check_dtypes.py <work dir>
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper

import qnn

work = sys.argv[1]


def bf16_bits(values):
    """The bfloat16 bit patterns of float32 values that bfloat16 holds
    exactly."""
    bits = np.asarray(values, np.float32).view(np.uint32)
    assert np.all(bits & 0xFFFF == 0), "not exact in bfloat16"
    return (bits >> 16).astype(np.uint16)


def bf16_values(bits):
    return (np.asarray(bits, np.uint32) << 16).view(np.float32)


# ONNX type -> (numpy dtype of its arrays, x, c, x as the reals it holds).
# x and c reach each type's extremes: a UINT8 200 must come back 200 (not
# -56), a UINT64 2^64-1 exactly, an INT4 -8 as -8.
CASES = {
    "FLOAT": (np.float32, [[1.5, -2.25, 0.0], [3e38, -1e-38, 7.0]],
              [[0.1, 0.2, 0.3], [-0.4, 1e10, -3e-3]]),
    "FLOAT16": (np.float16, [[1.5, -2.25, 0.0], [65504.0, -6.1e-5, 7.0]],
                [[0.1, 0.2, 0.3], [-0.4, 1000.0, -3e-3]]),
    "BFLOAT16": (np.uint16, [[1.5, -2.25, 0.0], [2.0**127, -1.0, 7.0]],
                 [[0.5, 0.25, -0.125], [256.0, 1.0, -2.0]]),
    "DOUBLE": (np.float64, [[1.5, -2.25, 0.0], [1e300, -1e-300, 7.0]],
               [[0.1, 0.2, 0.3], [-0.4, 1e200, -3e-3]]),
    "INT8": (np.int8, [[-128, 127, 0], [-1, 1, 100]], [[5, -5, 127], [-128, 0, 3]]),
    "INT16": (np.int16, [[-32768, 32767, 0], [-1, 1, 1000]],
              [[5, -5, 32767], [-32768, 0, 3]]),
    "INT32": (np.int32, [[-2**31, 2**31 - 1, 0], [-1, 1, 100000]],
              [[5, -5, 2**31 - 1], [-2**31, 0, 3]]),
    "INT64": (np.int64, [[-2**63, 2**63 - 1, 0], [-1, 1, 2**40]],
              [[5, -5, 2**63 - 1], [-2**63, 0, 3]]),
    "UINT8": (np.uint8, [[200, 255, 0], [1, 128, 127]], [[250, 0, 128], [255, 1, 200]]),
    "UINT16": (np.uint16, [[40000, 65535, 0], [1, 32768, 7]],
               [[65535, 0, 40000], [1, 2, 3]]),
    "UINT32": (np.uint32, [[3000000000, 2**32 - 1, 0], [1, 2**31, 7]],
               [[2**32 - 1, 0, 2**31], [1, 2, 3]]),
    "UINT64": (np.uint64, [[2**64 - 1, 2**63, 0], [1, 2**40, 7]],
               [[2**64 - 1, 0, 2**63], [1, 2, 3]]),
    "BOOL": (np.bool_, [[True, False, True], [False, False, True]],
             [[False, True, True], [True, False, False]]),
    "INT4": (np.int8, [[-8, 7, 0], [-1, 1, 5]], [[7, -8, 3], [-3, 0, 2]]),
    "UINT4": (np.uint8, [[15, 8, 0], [1, 7, 12]], [[0, 15, 9], [3, 4, 5]]),
    "INT2": (np.int8, [[-2, 1, 0], [-1, 1, -2]], [[1, -2, 0], [-1, 0, 1]]),
    "UINT2": (np.uint8, [[3, 2, 0], [1, 3, 0]], [[0, 3, 1], [2, 2, 3]]),
}
# Data types newer than Debian's onnx 1.12 (by number), and the bits of the
# packed ones.
NEWER_TYPES = {"UINT4": 21, "INT4": 22, "UINT2": 25, "INT2": 26}
NARROW = {21: 4, 22: 4, 25: 2, 26: 2}


def arrays(name):
    dtype, x, c = CASES[name]
    if name == "BFLOAT16":
        return bf16_bits(x), bf16_bits(c)
    return np.array(x, dtype), np.array(c, dtype)


def tensor(name, onnx_type, array):
    """A TensorProto of `array` (for 4-, 2-bit and bfloat16 types, built
    from raw bytes as ONNX stores them)."""
    t = TensorProto(name=name, data_type=onnx_type, dims=list(array.shape))
    if onnx_type in NARROW:
        bits = NARROW[onnx_type]
        per = 8 // bits
        flat = array.reshape(-1).astype(np.int64) & ((1 << bits) - 1)
        packed = bytearray((len(flat) + per - 1) // per)
        for i, v in enumerate(flat):
            packed[i // per] |= int(v) << (bits * (i % per))
        t.raw_data = bytes(packed)
    else:
        t.raw_data = np.ascontiguousarray(array).tobytes()
    return t


def build(name, path):
    onnx_type = NEWER_TYPES.get(name) or getattr(TensorProto, name)
    to = TensorProto.FLOAT if name == "DOUBLE" else TensorProto.DOUBLE
    x, c = arrays(name)
    nodes = [helper.make_node("Identity", ["x"], ["y"], name="id_x"),
             helper.make_node("Identity", ["c"], ["k"], name="id_c"),
             helper.make_node("Cast", ["x"], ["f"], name="cast", to=to)]
    graph = helper.make_graph(
        nodes, "dtypes",
        [helper.make_tensor_value_info("x", onnx_type, [2, 3])],
        [helper.make_tensor_value_info("y", onnx_type, [2, 3]),
         helper.make_tensor_value_info("k", onnx_type, [2, 3]),
         helper.make_tensor_value_info("f", to, [2, 3])],
        initializer=[tensor("c", onnx_type, c)])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 21)])
    model.ir_version = 10
    with open(path, "wb") as f:
        f.write(model.SerializeToString())
    return x, c


def reals(name, array):
    """The real values an array of ONNX type `name` holds."""
    if name == "BFLOAT16":
        return bf16_values(array).astype(np.float64)
    return array.astype(np.float64) if name != "BOOL" else array.astype(np.float64)


def expected_cast(name, x):
    if name == "DOUBLE":
        with np.errstate(over="ignore"):  # 1e300 is inf in float32
            return x.astype(np.float32)
    if name in ("INT64", "UINT64"):
        # Exactly as the conversion to double rounds.
        return np.array([[float(int(v)) for v in row] for row in x.tolist()], np.float64)
    return reals(name, x)


failures = 0
for name in CASES:
    dtype = np.dtype(CASES[name][0])
    path = os.path.join(work, name.lower() + ".onnx")
    x, c = build(name, path)
    try:
        model = qnn.compile(path, workdir=os.path.join(work, name.lower()))
    except qnn.QNNError as e:
        print("%s: QNNError: %s" % (name, str(e).replace("\n", " | ")))
        failures += 1
        continue
    y, k, f = model(x)
    problems = []
    for what, got, want in (("y", y, x), ("k", k, c)):
        if got.dtype != dtype:
            problems.append("%s is %s, expected %s" % (what, got.dtype, dtype))
        elif got.shape != want.shape or not np.array_equal(got, want):
            problems.append("%s is %s, expected %s" % (what, got.tolist(), want.tolist()))
    want_f = expected_cast(name, x)
    if f.dtype != want_f.dtype:
        problems.append("f is %s, expected %s" % (f.dtype, want_f.dtype))
    elif not np.array_equal(f, want_f):
        problems.append("f is %s, expected %s" % (f.tolist(), want_f.tolist()))
    info = [(t.name, str(t.dtype), t.dtype_name) for t in model.inputs + model.outputs]
    print("%s: %s %s" % (name, "ok" if not problems else "; ".join(problems), info))
    failures += bool(problems)

    # The runtime refuses arrays of another dtype or shape with its message.
    # (uint16 arrays are u16 to the runtime, also where bf16 travels as
    # uint16.)
    other = np.uint16 if dtype != np.uint16 else np.float32
    for what, arg in (("dtype", np.zeros((2, 3), other)),
                      ("shape", np.zeros((3, 2), dtype))):
        try:
            model(arg)
        except qnn.QNNError as e:
            print("  %s: QNNError: %s" % (what, e))
        else:
            print("  %s: accepted" % what)
            failures += 1

print("failures: %d" % failures)
