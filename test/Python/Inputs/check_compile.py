"""qnn.compile and CompiledModel: ONNX files and PyTorch models in, numpy
arrays out, and every failure a QNNError carrying the diagnostic.

    check_compile.py <make_models.py's directory> <work dir>
"""
import os
import sys

import numpy as np
import torch

import qnn
from qnn import nn as qn

models_dir, work = sys.argv[1], sys.argv[2]
sys.path.insert(0, models_dir)
import check_model  # noqa: E402
import make_models  # noqa: E402
import onnx  # noqa: E402


def make_models_path(work, name):
    path = os.path.join(work, name + ".onnx")
    onnx.save(make_models.MODELS[name](), path)
    return path


def expect_error(what, fn):
    try:
        fn()
    except qnn.QNNError as e:
        print("%s: QNNError: %s" % (what, str(e).replace("\n", " | ")))
    else:
        print("%s: no error" % what)


# An ONNX file with two outputs (the qnn-domain CNN): numpy in, a tuple of
# numpy arrays out, equal to the numpy evaluation of the ONNX definitions.
model = make_models.schemes()
path = os.path.join(work, "schemes.onnx")
onnx.save(model, path)
compiled = qnn.compile(path)
print(compiled)
feeds = check_model.inputs(model)
got = compiled(*feeds.values())
want = check_model.evaluate(model, feeds)
# (numpy sums in double, the layers exactly: equal to f32 rounding.)
print("onnx: %d outputs, equal to 1e-6: %s" % (
    len(got), all(np.allclose(g, w, rtol=1e-6, atol=1e-6) for g, w in zip(got, want))))
got_named = compiled(**feeds)
print("by name: equal %s" % all(np.array_equal(a, b) for a, b in zip(got, got_named)))

# 4- and 2-bit inputs and outputs travel as int8 / uint8 arrays, one value
# per element.
low = qnn.compile(make_models_path(work, "lowbit"))
print(low)
xi = np.array([[7, -8, 0, 1, 2, 3, -1, -2]] * 2, np.int8)
u = np.array([[0, 1, 2, 3, 3, 2, 1, 0]] * 2, np.uint8)
y, q, v, z = low(xi, u)
print("lowbit: q %s %s, v[0] %s" % (q.dtype, q.min() >= -2 and q.max() <= 1, v[0].tolist()))

# A PyTorch model of qnn.nn modules, compiled directly (exported at the
# example's shapes) for the portable target: the same logits as PyTorch.
torch.manual_seed(0)
net = torch.nn.Sequential(
    qn.IntQuantAct(8, 1.0 / 16),
    qn.QConv2d(1, 4, 3, padding=1, bias=False, weight_quantizer=qn.SAWB(2)),
    torch.nn.BatchNorm2d(4), qn.PACT(2, 2.0), torch.nn.Flatten(),
    qn.QLinear(4 * 36, 3, weight_quantizer=qn.Ternary()))
x = torch.randint(0, 17, (1, 1, 6, 6)).float() / 16
net.train()
net(torch.rand(8, 1, 6, 6))
net.eval()
compiled2 = qnn.compile(net, target="generic", example_inputs=x)
with torch.no_grad():
    ref = net(x).numpy()
out = compiled2(x.numpy())
print("torch: shape %s, equal to 1e-5: %s, same argmax %s" % (
    out.shape, np.allclose(out, ref, rtol=1e-5, atol=1e-5), out.argmax() == ref.argmax()))

# Misuse at run time: the runtime's status message.
expect_error("shape", lambda: compiled2(np.zeros((1, 1, 6, 5), np.float32)))
expect_error("dtype", lambda: compiled2(np.zeros((1, 1, 6, 6), np.float64)))
expect_error("count", lambda: compiled2(x.numpy(), x.numpy()))
expect_error("names", lambda: compiled(image=feeds["x"]))

# Compiler failures: the diagnostic.
bad = os.path.join(work, "bad.onnx")
with open(bad, "wb") as f:
    f.write(b"\xff\xfe not a protobuf")
expect_error("corrupt", lambda: qnn.compile(bad))
unsupported = os.path.join(work, "det.onnx")
onnx.save(make_models.unsupported_op(), unsupported)
expect_error("unsupported", lambda: qnn.compile(unsupported))
expect_error("missing", lambda: qnn.compile(os.path.join(work, "nope.onnx")))
expect_error("target", lambda: qnn.compile(path, target="riscv"))
# A GPU build compiles here; without a CUDA driver, running it says so.
gpu = qnn.compile(path, target="gpu")
print("gpu:", gpu)
expect_error("gpu run", lambda: gpu(*feeds.values()))
expect_error("example", lambda: qnn.compile(net))
