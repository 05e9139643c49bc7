"""Runs Det (LinearAlgebra.cpp) where the ONNX 1.12 node tests do not
reach: opset 22, matrices from 1 x 1 to 16 x 16, singular matrices and
zero columns, matrices that need row exchanges, batch dimensions, f16 and
f64. Each model is compiled with qnn.compile and its output compared with
numpy.linalg.det.

    check_det.py <work dir>

Prints `model: ok` per output, `model: differs ...` where one does not
agree, and the number of outputs checked.
"""
import os
import sys

import numpy as np
import onnx
from onnx import helper, mapping

import qnn

work = sys.argv[1]
rng = np.random.default_rng(13)
checked = 0
failed = 0


def run(name, opset, x):
    global checked, failed
    want = np.linalg.det(x.astype(np.float64)).astype(x.dtype)
    vi = lambda k, v: helper.make_tensor_value_info(
        k, mapping.NP_TYPE_TO_TENSOR_TYPE[v.dtype], list(v.shape))
    graph = helper.make_graph(
        [helper.make_node("Det", ["X"], ["Y"], name=name)], name,
        [vi("X", x)], [vi("Y", np.asarray(want))])
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 8
    path = os.path.join(work, name + ".onnx")
    onnx.save(model, path)
    checked += 1
    try:
        got = qnn.compile(path)(x)
    except qnn.QNNError as e:
        failed += 1
        print("%s: differs: %s" % (name, str(e).replace("\n", " | ")))
        return
    rtol = {2: 1e-2, 4: 1e-4, 8: 1e-10}[x.dtype.itemsize]
    scale = np.abs(x.astype(np.float64)).max() ** x.shape[-1] if x.size else 1
    if (got.dtype != want.dtype or got.shape != np.shape(want) or not
            np.allclose(got, want, rtol=rtol, atol=rtol * scale)):
        failed += 1
        print("%s: differs: %r, expected %r" % (name, got, want))
    else:
        print("%s: ok" % name)


for m in (1, 2, 3, 5, 8, 16):
    run("det22_random_%d" % m, 22, rng.standard_normal((3, m, m)))
singular = rng.standard_normal((4, 4))
singular[2] = singular[0] * 2 - singular[1]
zero_col = rng.standard_normal((4, 4))
zero_col[:, 1] = 0
# Row exchanges: a zero on the diagonal, the largest entry below it.
permuted = np.array([[0.0, 2, 1], [3, 1, 0], [1, 5, 2]])
run("det11_special", 11, np.stack([singular, zero_col, np.eye(4)[[1, 0, 3, 2]],
                                   np.pad(permuted, ((0, 1), (0, 1)))
                                   + np.diag([0, 0, 0, 1.0])]).astype(np.float32))
run("det11_2d", 11, rng.standard_normal((6, 6)).astype(np.float32))
run("det22_batch", 22, rng.standard_normal((2, 3, 4, 4)).astype(np.float32))
run("det22_f16", 22, (rng.standard_normal((2, 3, 3)) * 0.5).astype(np.float16))
print("checked %d outputs, %d differ" % (checked, failed))
