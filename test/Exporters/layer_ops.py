"""The QONNX / FINN layer operators (Im2Col, MaxPoolNHWC, QuantAvgPool2d,
XnorPopcountMatMul) and the qonnx.custom_op.channels_last operators (Conv,
MaxPool, BatchNormalization), in single-node models and small Quant -> op
models as FINN and QONNX's channels-last transformation write them, built
with onnx's helpers.

usage: layer_ops.py write DIR   (writes DIR/<model>.onnx)
       layer_ops.py check DIR   (compiles each with qnn and compares with
                                 the NumPy definitions of qonnx_numpy.py)
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qonnx_numpy as Q  # noqa: E402

GENERAL = "qonnx.custom_op.general"
FINN = "finn.custom_op.general"
BREVITAS = "onnx.brevitas"
CL = "qonnx.custom_op.channels_last"
F = np.float32


def rng():
    return np.random.default_rng(16)


def make(name, nodes, inputs, outputs, inits=()):
    """A model of `nodes`; `inputs` are (name, shape) pairs, `outputs`
    names (with_shapes gives them their shapes)."""
    g = helper.make_graph(
        nodes, name,
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, s) for n, s in inputs],
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, None) for n in outputs],
        [numpy_helper.from_array(np.asarray(v), k) for k, v in inits])
    opsets = [helper.make_opsetid("", 13), helper.make_opsetid(GENERAL, 1),
              helper.make_opsetid(FINN, 1), helper.make_opsetid(BREVITAS, 1),
              helper.make_opsetid(CL, 13)]
    return helper.make_model(g, opset_imports=opsets)


def ints(r, lo, hi, shape):
    return r.integers(lo, hi + 1, size=shape).astype(F)


# Each case: (model, {input: array}, [expected outputs], tolerance or None
# for exact equality). Expected values come from qonnx_numpy alone.
def cases():
    r = rng()
    out = {}

    # Im2Col: padding with pad_value, stride, dilation (FINN's domain name);
    # and a depthwise one without padding.
    x = ints(r, -8, 7, (1, 5, 6, 3))
    nodes = [helper.make_node("Im2Col", ["x"], ["y0"], domain=FINN, name="im2col0",
                              stride=[2, 1], kernel_size=[3, 2],
                              input_shape="(1, 5, 6, 3)", pad_amount=[1, 0, 1, 1],
                              pad_value=2, dilations=[1, 2]),
             helper.make_node("Im2Col", ["x"], ["y1"], domain=GENERAL, name="im2col1",
                              stride=[1, 1], kernel_size=[2, 2],
                              input_shape="(1,5,6,3)", depthwise=1)]
    out["im2col"] = (make("im2col", nodes, [("x", x.shape)], ["y0", "y1"]), {"x": x},
                     [Q.im2col(x, (3, 2), (2, 1), (1, 0, 1, 1), 2, (1, 2)),
                      Q.im2col(x, (2, 2), (1, 1))], None)

    # MaxPoolNHWC: symmetric padding; ceil_mode with a last window that
    # starts inside the input.
    x = r.normal(size=(1, 7, 7, 2)).astype(F)
    nodes = [helper.make_node("MaxPoolNHWC", ["x"], ["y0"], domain=GENERAL, name="mp0",
                              kernel_shape=[3, 3], pads=[1, 1, 1, 1], strides=[2, 2]),
             helper.make_node("MaxPoolNHWC", ["x"], ["y1"], domain=FINN, name="mp1",
                              kernel_shape=[2, 2], pads=[0, 0, 0, 0], strides=[2, 2],
                              ceil_mode=1)]
    out["maxpoolnhwc"] = (make("maxpoolnhwc", nodes, [("x", x.shape)], ["y0", "y1"]),
                          {"x": x},
                          [Q.max_pool_nhwc(x, (3, 3), (1, 1, 1, 1), (2, 2)),
                           Q.max_pool_nhwc(x, (2, 2), (0, 0, 0, 0), (2, 2), 1)], None)

    # QuantAvgPool2d: unsigned NCHW (shift 4), signed NHWC with negative
    # sums (arithmetic shift rounds down), and obits wide enough for no
    # shift.
    xu = ints(r, 0, 15, (1, 2, 7, 7))
    xs = ints(r, -8, 7, (1, 6, 6, 3))
    nodes = [helper.make_node("QuantAvgPool2d", ["xu"], ["y0"], domain=GENERAL, name="qap0",
                              stride=2, kernel=3, ibits=4, obits=4, signed=0,
                              data_layout="NCHW"),
             helper.make_node("QuantAvgPool2d", ["xs"], ["y1"], domain=FINN, name="qap1",
                              stride=2, kernel=2, ibits=4, obits=3, signed=1,
                              data_layout="NHWC"),
             helper.make_node("QuantAvgPool2d", ["xu"], ["y2"], domain=BREVITAS, name="qap2",
                              stride=1, kernel=2, ibits=4, obits=8, signed=0)]
    out["quantavgpool"] = (
        make("quantavgpool", nodes, [("xu", xu.shape), ("xs", xs.shape)], ["y0", "y1", "y2"]),
        {"xu": xu, "xs": xs},
        [Q.quant_avg_pool2d(xu, 3, 2, 4, 4, 0, "NCHW"),
         Q.quant_avg_pool2d(xs, 2, 2, 4, 3, 1, "NHWC"),
         Q.quant_avg_pool2d(xu, 2, 1, 4, 8, 0)], None)

    # FINN's QuantAvgPool2d form: Quant (4-bit unsigned) -> Div by the scale
    # -> QuantAvgPool2d -> Mul by the scale.
    x = (r.random((1, 3, 6, 6)) * 4).astype(F)
    s = F(0.25)
    nodes = [helper.make_node("Quant", ["x", "s", "z", "b"], ["q"], domain=GENERAL,
                              name="quant", signed=0, narrow=0, rounding_mode="ROUND"),
             helper.make_node("Div", ["q", "s"], ["qi"], name="div"),
             helper.make_node("QuantAvgPool2d", ["qi"], ["p"], domain=GENERAL, name="qap",
                              stride=2, kernel=2, ibits=4, obits=4, signed=0),
             helper.make_node("Mul", ["p", "s"], ["y"], name="mul")]
    q = Q.quant(x, s, F(0), F(4), 0, 0, "ROUND").astype(F)
    want = Q.quant_avg_pool2d(q / s, 2, 2, 4, 4, 0) * s
    out["quant_avgpool"] = (
        make("quant_avgpool", nodes, [("x", x.shape)], ["y"],
             [("s", s), ("z", F(0)), ("b", F(4))]),
        {"x": x}, [want], None)

    # XnorPopcountMatMul: binary activations by a binary weight matrix
    # (an initializer, as FINN's ConvertBipolarMatMulToXnorPopcount leaves
    # it), and two binary inputs with a batch dimension.
    a = ints(r, 0, 1, (3, 16))
    w = ints(r, 0, 1, (16, 5))
    a3 = ints(r, 0, 1, (2, 3, 9))
    b3 = ints(r, 0, 1, (9, 4))
    nodes = [helper.make_node("XnorPopcountMatMul", ["a", "w"], ["y0"], domain=FINN, name="xnor0"),
             helper.make_node("XnorPopcountMatMul", ["a3", "b3"], ["y1"], domain=GENERAL,
                              name="xnor1")]
    out["xnorpopcount"] = (
        make("xnorpopcount", nodes, [("a", a.shape), ("a3", a3.shape), ("b3", b3.shape)],
             ["y0", "y1"], [("w", w)]),
        {"a": a, "a3": a3, "b3": b3},
        [Q.xnor_popcount_matmul(a, w), Q.xnor_popcount_matmul(a3, b3)], None)

    # Channels-last Conv (weights [M, kH, kW, C/group], as QONNX's
    # transformation transposes them), grouped, and 1-D; MaxPool;
    # BatchNormalization in 4-D and 3-D. Float layers: compared to 1e-5.
    x = r.normal(size=(1, 6, 6, 4)).astype(F)
    w = r.normal(size=(5, 3, 3, 4)).astype(F)
    bias = r.normal(size=(5,)).astype(F)
    wg = r.normal(size=(4, 3, 3, 2)).astype(F)
    x1 = r.normal(size=(1, 9, 3)).astype(F)
    w1 = r.normal(size=(2, 3, 3)).astype(F)
    bn = [r.normal(size=4).astype(F), r.normal(size=4).astype(F),
          r.normal(size=4).astype(F), r.random(4).astype(F) + F(0.5)]
    bn3 = [v[:3] for v in bn]
    nodes = [helper.make_node("Conv", ["x", "w", "bias"], ["c0"], domain=CL, name="conv0",
                              kernel_shape=[3, 3], strides=[2, 1], dilations=[1, 1],
                              pads=[1, 1, 1, 0], group=1),
             helper.make_node("Conv", ["x", "wg"], ["c1"], domain=CL, name="conv1",
                              kernel_shape=[3, 3], strides=[1, 1], dilations=[2, 1],
                              pads=[2, 1, 2, 1], group=2),
             helper.make_node("Conv", ["x1", "w1"], ["c2"], domain=CL, name="conv2",
                              kernel_shape=[3], strides=[2], dilations=[1], pads=[1, 1],
                              group=1),
             helper.make_node("MaxPool", ["x"], ["m0"], domain=CL, name="pool0",
                              kernel_shape=[2, 2], strides=[2, 2], pads=[0, 0, 0, 0]),
             helper.make_node("BatchNormalization", ["x", "s4", "b4", "m4", "v4"], ["n0"],
                              domain=CL, name="bn0", epsilon=1e-3, momentum=0.9),
             helper.make_node("BatchNormalization", ["x1", "s3", "b3", "m3", "v3"], ["n1"],
                              domain=CL, name="bn1", epsilon=1e-5, momentum=0.9)]
    chw = (0, 3, 1, 2)

    def conv1d(xv, wv, **kw):
        y = Q.conv2d(xv[:, :, None, :], wv[:, :, None, :], **kw)
        return y[:, :, 0, :]

    want = [Q.nhwc(Q.conv2d, x, np.transpose(w, chw), bias, strides=(2, 1), pads=(1, 1, 1, 0)),
            Q.nhwc(Q.conv2d, x, np.transpose(wg, chw), strides=(1, 1), pads=(2, 1, 2, 1),
                   dilations=(2, 1), group=2),
            Q.nhwc(conv1d, x1, np.transpose(w1, (0, 2, 1)), strides=(1, 2), pads=(0, 1, 0, 1)),
            Q.nhwc(Q.max_pool2d, x, (2, 2), (2, 2)),
            Q.nhwc(Q.batch_norm, x, *bn, epsilon=1e-3),
            Q.nhwc(Q.batch_norm, x1, *bn3, epsilon=1e-5)]
    inits = [("w", w), ("bias", bias), ("wg", wg), ("w1", w1)]
    inits += list(zip(["s4", "b4", "m4", "v4"], bn)) + list(zip(["s3", "b3", "m3", "v3"], bn3))
    out["channels_last"] = (
        make("channels_last", nodes, [("x", x.shape), ("x1", x1.shape)],
             ["c0", "c1", "c2", "m0", "n0", "n1"], inits),
        {"x": x, "x1": x1}, want, 1e-5)

    # Quant -> channels-last Conv, as QONNX's channels-last transformation
    # leaves a Brevitas CNN (the weight transpose folded into the Quant's
    # initializer): 4-bit unsigned activations, 2-bit signed narrow weights
    # per output channel (scale [M, 1, 1, 1]). Every product and sum is a
    # small multiple of a power of two: exact.
    x = (r.random((1, 6, 6, 3)) * 4).astype(F)
    w = r.normal(size=(4, 3, 3, 3)).astype(F)
    ws = np.array([0.5, 0.25, 1.0, 0.5], F).reshape(4, 1, 1, 1)
    nodes = [helper.make_node("Quant", ["x", "xs", "z", "b4"], ["xq"], domain=GENERAL,
                              name="qx", signed=0, narrow=0, rounding_mode="ROUND"),
             helper.make_node("Quant", ["w", "ws", "z", "b2"], ["wq"], domain=GENERAL,
                              name="qw", signed=1, narrow=1, rounding_mode="ROUND"),
             helper.make_node("Conv", ["xq", "wq"], ["c"], domain=CL, name="conv",
                              kernel_shape=[3, 3], strides=[1, 1], dilations=[1, 1],
                              pads=[1, 1, 1, 1], group=1),
             helper.make_node("Quant", ["c", "cs", "z", "b4"], ["y"], domain=GENERAL,
                              name="qy", signed=1, narrow=0, rounding_mode="ROUND")]
    xq = Q.quant(x, F(0.25), F(0), F(4), 0, 0).astype(F)
    wq = Q.quant(w, ws, F(0), F(2), 1, 1).astype(F)
    c = Q.nhwc(Q.conv2d, xq, np.transpose(wq, chw), pads=(1, 1, 1, 1))
    want = Q.quant(c, F(0.5), F(0), F(4), 1, 0).astype(F)
    out["quant_conv"] = (
        make("quant_conv", nodes, [("x", x.shape)], ["y"],
             [("w", w), ("xs", F(0.25)), ("ws", ws), ("z", F(0)), ("b4", F(4)),
              ("b2", F(2)), ("cs", F(0.5))]),
        {"x": x}, [want], None)
    return out


def with_shapes(case):
    """The case's model given its outputs' shapes (its expected values')."""
    model, feed, want, tol = case
    g = model.graph
    outputs = [helper.make_tensor_value_info(o.name, TensorProto.FLOAT, np.shape(w))
               for o, w in zip(g.output, want)]
    del g.output[:]
    g.output.extend(outputs)
    return model, feed, want, tol


def main():
    mode, d = sys.argv[1], sys.argv[2]
    all_cases = {k: with_shapes(v) for k, v in cases().items()}
    if mode == "write":
        os.makedirs(d, exist_ok=True)
        for name, (model, _, _, _) in all_cases.items():
            onnx.save(model, os.path.join(d, name + ".onnx"))
        return
    import qnn
    for name, (_, inputs, want, tol) in all_cases.items():
        cm = qnn.compile(os.path.join(d, name + ".onnx"),
                         workdir=os.path.join(d, name))
        got = cm(*inputs.values())
        if not isinstance(got, tuple):
            got = (got,)
        ok = len(got) == len(want)
        for g, e in zip(got, want):
            e = np.asarray(e, F)
            if g.shape != e.shape or g.dtype != np.float32:
                ok = False
            elif tol is None:
                ok &= bool(np.array_equal(g, e))
            else:
                ok &= bool(np.allclose(g, e, rtol=tol, atol=tol))
        print("%s: %s" % (name, "equal" if tol is None else "close") if ok
              else "%s: MISMATCH" % name)
        if not ok:
            for g, e in zip(got, want):
                print("  got", np.asarray(g).ravel()[:12], "want", np.asarray(e).ravel()[:12])


if __name__ == "__main__":
    main()
