"""Writes the small ONNX / QONNX models the import tests read: python3-onnx
(Debian) builds them, so the tests need no files checked in.

    make_models.py <name> <output.onnx>
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

QONNX = "qonnx.custom_op.general"


def quant(name, x, out, scale, zero_point, bits, signed=1, narrow=0,
          rounding="ROUND", domain=QONNX):
    inits = [numpy_helper.from_array(np.asarray(scale, np.float32), name + "_scale"),
             numpy_helper.from_array(np.asarray(zero_point, np.float32), name + "_zp"),
             numpy_helper.from_array(np.asarray(bits, np.float32), name + "_bits")]
    node = helper.make_node("Quant", [x, name + "_scale", name + "_zp", name + "_bits"], [out],
                            name=name, domain=domain, signed=signed, narrow=narrow,
                            rounding_mode=rounding)
    return node, inits


def model(nodes, inits, inputs, outputs, opset=13, domains=(QONNX,)):
    graph = helper.make_graph(nodes, "g", inputs, outputs, initializer=inits)
    imports = [helper.make_opsetid("", opset)] + [helper.make_opsetid(d, 1) for d in domains]
    return helper.make_model(graph, opset_imports=imports, producer_name="qnn-tests")


def mlp():
    """x -> Quant(u2) -> Gemm(transB, Quant(i2 per-channel) weights) + bias
    -> Relu -> Flatten -> Quant(u4, narrow, floor)."""
    rng = np.random.default_rng(1)
    w = rng.uniform(-0.5, 0.5, (6, 8)).astype(np.float32)
    b = rng.uniform(-0.1, 0.1, (6,)).astype(np.float32)
    nodes, inits = [], []
    for n, i in (quant("qx", "x", "xq", 0.25, 0, 2, signed=0),
                 quant("qw", "w", "wq", [[0.1], [0.2], [0.15], [0.1], [0.3], [0.25]], 0, 2)):
        nodes.append(n)
        inits += i
    inits += [numpy_helper.from_array(w, "w"), numpy_helper.from_array(b, "b")]
    nodes += [helper.make_node("Gemm", ["xq", "wq", "b"], ["g"], name="fc", transB=1),
              helper.make_node("Relu", ["g"], ["r"], name="relu")]
    n, i = quant("qy", "r", "y", 0.125, 1, 4, signed=0, narrow=1, rounding="FLOOR")
    nodes.append(n)
    inits += i
    return model(nodes, inits,
                 [helper.make_tensor_value_info("x", TensorProto.FLOAT, [3, 8])],
                 [helper.make_tensor_value_info("y", TensorProto.FLOAT, [3, 6])])


def cnn():
    """NCHW convolutions: x -> Quant(i8) -> Conv 3->8 3x3 pad 1 (per-channel
    2-bit weights, bias) -> Relu -> Quant(u2) -> MaxPool 2x2/2 -> Conv 8->4
    3x3 stride 2 pad 1 (ternary weights) -> Relu -> Quant(u3) -> Flatten ->
    Gemm (2-bit weights) -> Quant(i8 narrow)."""
    rng = np.random.default_rng(2)
    w1 = rng.uniform(-0.6, 0.6, (8, 3, 3, 3)).astype(np.float32)
    b1 = rng.uniform(-0.2, 0.2, (8,)).astype(np.float32)
    w2 = rng.uniform(-0.6, 0.6, (4, 8, 3, 3)).astype(np.float32)
    b2 = rng.uniform(-0.2, 0.2, (4,)).astype(np.float32)
    w3 = rng.uniform(-0.6, 0.6, (5, 16)).astype(np.float32)
    inits = [numpy_helper.from_array(a, n) for a, n in
             ((w1, "w1"), (b1, "b1"), (w2, "w2"), (b2, "b2"), (w3, "w3"))]
    nodes = []

    def add(pair):
        nodes.append(pair[0])
        inits.extend(pair[1])

    add(quant("qx", "x", "xq", 1.0 / 64, 0, 8))
    add(quant("qw1", "w1", "w1q", np.linspace(0.1, 0.3, 8).reshape(8, 1, 1, 1), 0, 2))
    nodes.append(helper.make_node("Conv", ["xq", "w1q", "b1"], ["c1"], name="conv1",
                                  kernel_shape=[3, 3], pads=[1, 1, 1, 1]))
    nodes.append(helper.make_node("Relu", ["c1"], ["r1"], name="relu1"))
    add(quant("qa1", "r1", "a1", 0.25, 0, 2, signed=0))
    nodes.append(helper.make_node("MaxPool", ["a1"], ["p1"], name="pool1",
                                  kernel_shape=[2, 2], strides=[2, 2]))
    add(quant("qw2", "w2", "w2q", 0.2, 0, 2, signed=1, narrow=1))
    nodes.append(helper.make_node("Conv", ["p1", "w2q", "b2"], ["c2"], name="conv2",
                                  kernel_shape=[3, 3], pads=[1, 1, 1, 1], strides=[2, 2]))
    nodes.append(helper.make_node("Relu", ["c2"], ["r2"], name="relu2"))
    add(quant("qa2", "r2", "a2", 0.125, 0, 3, signed=0))
    nodes.append(helper.make_node("Flatten", ["a2"], ["f"], name="flat"))
    add(quant("qw3", "w3", "w3q", 0.15, 0, 2))
    nodes.append(helper.make_node("Gemm", ["f", "w3q"], ["g"], name="fc", transB=1))
    add(quant("qy", "g", "y", 0.05, 0, 8, narrow=1))
    return model(nodes, inits,
                 [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 8, 8])],
                 [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 5])])


def bn_cnn():
    """Conv (no bias) -> BatchNormalization -> Clip -> Quant(u2) ->
    GlobalAveragePool -> Flatten -> Gemm -> Quant(i8 narrow), opset 13."""
    rng = np.random.default_rng(3)
    w1 = rng.uniform(-0.6, 0.6, (6, 2, 3, 3)).astype(np.float32)
    gamma = rng.uniform(0.5, 1.5, 6).astype(np.float32)
    beta = rng.uniform(-0.3, 0.3, 6).astype(np.float32)
    mean = rng.uniform(-0.2, 0.2, 6).astype(np.float32)
    var = rng.uniform(0.5, 2.0, 6).astype(np.float32)
    w2 = rng.uniform(-0.6, 0.6, (3, 6)).astype(np.float32)
    b2 = rng.uniform(-0.1, 0.1, 3).astype(np.float32)
    inits = [numpy_helper.from_array(a, n) for a, n in
             ((w1, "w1"), (gamma, "gamma"), (beta, "beta"), (mean, "mean"), (var, "var"),
              (w2, "w2"), (b2, "b2"), (np.float32(0.0), "lo"), (np.float32(1.5), "hi"))]
    nodes = []

    def add(pair):
        nodes.append(pair[0])
        inits.extend(pair[1])

    add(quant("qx", "x", "xq", 1.0 / 32, 0, 8))
    add(quant("qw1", "w1", "w1q", 0.25, 0, 2))
    nodes.append(helper.make_node("Conv", ["xq", "w1q"], ["c1"], name="conv",
                                  kernel_shape=[3, 3], pads=[1, 1, 1, 1]))
    nodes.append(helper.make_node("BatchNormalization", ["c1", "gamma", "beta", "mean", "var"],
                                  ["n1"], name="bn", epsilon=1e-3))
    nodes.append(helper.make_node("Clip", ["n1", "lo", "hi"], ["k1"], name="clip"))
    add(quant("qa", "k1", "a1", 0.5, 0, 2, signed=0))
    nodes.append(helper.make_node("GlobalAveragePool", ["a1"], ["p"], name="gap"))
    nodes.append(helper.make_node("Flatten", ["p"], ["f"], name="flat"))
    add(quant("qw2", "w2", "w2q", 0.2, 0, 2))
    nodes.append(helper.make_node("Gemm", ["f", "w2q", "b2"], ["g"], name="fc", transB=1))
    add(quant("qy", "g", "y", 0.05, 0, 8, narrow=1))
    return model(nodes, inits,
                 [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 2, 6, 6])],
                 [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 3])])


def finn_mlp():
    """FINN MultiThreshold quantizers (per channel with out_scale and
    out_bias, then per tensor) around a Gemm with Quant weights."""
    rng = np.random.default_rng(4)
    t1 = np.sort(rng.uniform(-0.5, 1.0, (5, 3)), axis=1).astype(np.float32)
    t2 = np.sort(rng.uniform(-1.0, 1.0, (1, 7)), axis=1).astype(np.float32)
    w = rng.uniform(-0.5, 0.5, (4, 5)).astype(np.float32)
    inits = [numpy_helper.from_array(a, n) for a, n in ((t1, "t1"), (t2, "t2"), (w, "w"))]
    nodes = [helper.make_node("MultiThreshold", ["x", "t1"], ["a"], name="mt1",
                              domain="finn.custom_op.general", out_scale=0.5, out_bias=-0.5,
                              out_dtype="INT2")]
    n, i = quant("qw", "w", "wq", 0.125, 0, 3)
    nodes.append(n)
    inits += i
    nodes.append(helper.make_node("Gemm", ["a", "wq"], ["g"], name="fc", transB=1))
    nodes.append(helper.make_node("MultiThreshold", ["g", "t2"], ["y"], name="mt2",
                                  domain="finn.custom_op.general", out_scale=0.25,
                                  out_dtype="UINT3"))
    return model(nodes, inits,
                 [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 5])],
                 [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 4])],
                 domains=("finn.custom_op.general", QONNX))


def shapes():
    """Unsqueeze, Transpose and Squeeze (axes as inputs, opset 13), two
    quantizers concatenated, then a Gemm: shape operators between
    quantizers and a layer."""
    rng = np.random.default_rng(5)
    w = rng.uniform(-0.5, 0.5, (3, 12)).astype(np.float32)
    inits = [numpy_helper.from_array(w, "w"),
             numpy_helper.from_array(np.array([1], np.int64), "ax1"),
             numpy_helper.from_array(np.array([0], np.int64), "ax0")]
    nodes = [helper.make_node("Unsqueeze", ["x", "ax1"], ["u"], name="unsq"),
             helper.make_node("Transpose", ["u"], ["t"], name="tr", perm=[1, 0, 2]),
             helper.make_node("Squeeze", ["t", "ax0"], ["s"], name="sq")]
    for pair in (quant("qa", "s", "a", 0.25, 0, 2, signed=0),
                 quant("qb", "s", "bq", 0.5, 1, 3, signed=0),
                 quant("qw", "w", "wq", 0.125, 0, 2)):
        nodes.append(pair[0])
        inits += pair[1]
    nodes += [helper.make_node("Concat", ["a", "bq"], ["c"], name="cat", axis=1),
              helper.make_node("Gemm", ["c", "wq"], ["g"], name="fc", transB=1)]
    n, i = quant("qy", "g", "y", 0.0625, 0, 6)
    nodes.append(n)
    inits += i
    return model(nodes, inits,
                 [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 6])],
                 [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 3])])


def binary():
    """BipolarQuant activations and weights (binary, per-tensor scales)
    into a Gemm, an IntQuant (Quant's newer name) on the output."""
    rng = np.random.default_rng(6)
    w = rng.uniform(-1.0, 1.0, (4, 16)).astype(np.float32)
    inits = [numpy_helper.from_array(w, "w"),
             numpy_helper.from_array(np.float32(0.5), "sx"),
             numpy_helper.from_array(np.float32(0.25), "sw")]
    nodes = [helper.make_node("BipolarQuant", ["x", "sx"], ["xb"], name="bx", domain=QONNX),
             helper.make_node("BipolarQuant", ["w", "sw"], ["wb"], name="bw", domain=QONNX),
             helper.make_node("Gemm", ["xb", "wb"], ["g"], name="fc", transB=1)]
    n, i = quant("qy", "g", "y", 0.125, 0, 6)
    n.op_type = "IntQuant"
    nodes.append(n)
    inits += i
    return model(nodes, inits,
                 [helper.make_tensor_value_info("x", TensorProto.FLOAT, [3, 16])],
                 [helper.make_tensor_value_info("y", TensorProto.FLOAT, [3, 4])])


def qdq():
    """ONNX QDQ: QuantizeLinear / DequantizeLinear on the activations (UINT8
    zero point 128), INT8 weights dequantized per axis, int8 output."""
    rng = np.random.default_rng(8)
    w = rng.integers(-127, 128, (4, 6)).astype(np.int8)
    inits = [numpy_helper.from_array(w, "w"),
             numpy_helper.from_array(np.float32(0.05), "sx"),
             numpy_helper.from_array(np.uint8(128), "zx"),
             numpy_helper.from_array(np.array([0.01, 0.02, 0.005, 0.015], np.float32), "sw"),
             numpy_helper.from_array(np.zeros(4, np.int8), "zw"),
             numpy_helper.from_array(np.float32(0.1), "sy"),
             numpy_helper.from_array(np.int8(0), "zy")]
    nodes = [helper.make_node("QuantizeLinear", ["x", "sx", "zx"], ["xq"], name="qx"),
             helper.make_node("DequantizeLinear", ["xq", "sx", "zx"], ["xd"], name="dqx"),
             helper.make_node("DequantizeLinear", ["w", "sw", "zw"], ["wd"], name="dqw", axis=0),
             helper.make_node("Gemm", ["xd", "wd"], ["g"], name="fc", transB=1),
             helper.make_node("QuantizeLinear", ["g", "sy", "zy"], ["yq"], name="qy"),
             helper.make_node("DequantizeLinear", ["yq", "sy", "zy"], ["y"], name="dqy")]
    return model(nodes, inits,
                 [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 6])],
                 [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 4])], domains=())


def codes_misuse():
    """A QuantizeLinear output read by Relu (only DequantizeLinear may)."""
    inits = [numpy_helper.from_array(np.float32(0.1), "s"),
             numpy_helper.from_array(np.int8(0), "z")]
    nodes = [helper.make_node("QuantizeLinear", ["x", "s", "z"], ["q"], name="ql"),
             helper.make_node("Relu", ["q"], ["y"], name="relu9")]
    return model(nodes, inits,
                 [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3])],
                 [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 3])], domains=())


def misc():
    """LeakyRelu, Div by a scalar constant and AveragePool between a
    quantized convolution and the output quantizer."""
    rng = np.random.default_rng(9)
    w = rng.uniform(-0.5, 0.5, (4, 2, 3, 3)).astype(np.float32)
    inits = [numpy_helper.from_array(w, "w"), numpy_helper.from_array(np.float32(2.0), "two")]
    nodes = []
    for pair in (quant("qx", "x", "xq", 0.125, 0, 4), quant("qw", "w", "wq", 0.1, 0, 2)):
        nodes.append(pair[0])
        inits += pair[1]
    nodes += [helper.make_node("Conv", ["xq", "wq"], ["c"], name="conv", kernel_shape=[3, 3],
                               pads=[1, 1, 1, 1]),
              helper.make_node("LeakyRelu", ["c"], ["l"], name="leaky", alpha=0.125),
              helper.make_node("Div", ["l", "two"], ["d"], name="div"),
              helper.make_node("AveragePool", ["d"], ["p"], name="avg", kernel_shape=[2, 2],
                               strides=[2, 2])]
    n, i = quant("qy", "p", "y", 1.0 / 64, 0, 8)
    nodes.append(n)
    inits += i
    return model(nodes, inits,
                 [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 2, 4, 4])],
                 [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4, 2, 2])])


def schemes():
    """The qnn domain: an APoT input quantizer, a convolution with SAWB
    weights, DQ learned levels per channel, a convolution with per-channel
    binary weights (mean |w|), HWGQ, a 1x1 convolution with normalised
    signed APoT weights, PACT, and two Gemms, with SLB (logits) and TWN
    ternary weights."""
    rng = np.random.default_rng(9)
    w1 = rng.normal(0, 0.4, (4, 2, 3, 3)).astype(np.float32)
    b1 = rng.uniform(-0.2, 0.2, (4,)).astype(np.float32)
    levels = np.sort(rng.uniform(-1.0, 2.0, (4, 4)), axis=1).astype(np.float32)
    w2 = rng.normal(0, 0.3, (3, 4, 3, 3)).astype(np.float32)
    w3 = rng.normal(0.1, 0.5, (3, 3, 1, 1)).astype(np.float32)
    logits = rng.normal(0, 1, (27, 5, 4)).astype(np.float32)
    w5 = rng.normal(0, 0.3, (5, 27)).astype(np.float32)
    inits = [numpy_helper.from_array(a, n) for a, n in
             ((w1, "w1"), (b1, "b1"), (levels, "levels"), (w2, "w2"), (w3, "w3"),
              (logits, "logits"), (w5, "w5"))]

    def q(op, ins, out, **attrs):
        return helper.make_node(op, ins, [out], name=out, domain="qnn", **attrs)

    nodes = [
        q("Apot", ["x"], "xq", alpha=2.0, bits=4),
        q("Sawb", ["w1"], "w1q", bits=2),
        helper.make_node("Conv", ["xq", "w1q", "b1"], ["c1"], name="conv1",
                         kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        q("LearnedLevels", ["c1", "levels"], "a1", axis=1),
        q("Binary", ["w2"], "w2q", axis=0),
        helper.make_node("Conv", ["a1", "w2q"], ["c2"], name="conv2",
                         kernel_shape=[3, 3], pads=[1, 1, 1, 1], strides=[2, 2]),
        q("Hwgq", ["c2"], "a2", bits=2),
        q("Apot", ["w3"], "w3q", alpha=3.0, bits=3, signed=1, normalize=1),
        helper.make_node("Conv", ["a2", "w3q"], ["c3"], name="conv3", kernel_shape=[1, 1]),
        q("Pact", ["c3"], "a3", alpha=2.0, bits=2),
        helper.make_node("Flatten", ["a3"], ["f"], name="flatten"),
        q("Slb", ["logits"], "w4q", bits=2),
        helper.make_node("Gemm", ["f", "w4q"], ["y"], name="fc1"),
        q("Ternary", ["w5"], "w5q"),
        helper.make_node("Gemm", ["f", "w5q"], ["z"], name="fc2", transB=1),
    ]
    return model(nodes, inits,
                 [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 2, 6, 6])],
                 [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 5]),
                  helper.make_tensor_value_info("z", TensorProto.FLOAT, [1, 5])],
                 domains=("qnn",))


def heads():
    """Pad (zero, taken into the next convolution's padding), AveragePool
    with padding excluded from and included in the divisor, Pow, a Gemm, and
    the heads classifiers end with: Softmax, ArgMax, TopK (largest and
    smallest)."""
    rng = np.random.default_rng(11)
    w = rng.uniform(-0.5, 0.5, (4, 2, 3, 3)).astype(np.float32)
    w2 = rng.uniform(-0.5, 0.5, (4 * 16, 6)).astype(np.float32)
    c = lambda a, n: numpy_helper.from_array(np.asarray(a), n)  # noqa: E731
    inits = [c(w, "w"), c(w2, "w2"), c(np.array([0, 0, 1, 1, 0, 0, 1, 1], np.int64), "pads"),
             c(np.array([2.0], np.float32), "two"), c(np.array([0.5], np.float32), "half"),
             c(np.array([3], np.int64), "k"), c(np.array([2], np.int64), "k2")]
    nodes, inits2 = quant("qx", "x", "xq", 0.125, 0, 4)
    inits += inits2
    nodes = [nodes,
             helper.make_node("Pad", ["xq", "pads"], ["p"], name="pad", mode="constant"),
             helper.make_node("Conv", ["p", "w"], ["c"], name="conv", kernel_shape=[3, 3]),
             helper.make_node("AveragePool", ["c"], ["a1"], name="avg1", kernel_shape=[3, 3],
                              strides=[2, 2], pads=[1, 1, 1, 1]),
             helper.make_node("AveragePool", ["a1"], ["a2"], name="avg2", kernel_shape=[2, 2],
                              pads=[1, 1, 1, 1], count_include_pad=1),
             helper.make_node("Pow", ["a2", "two"], ["sq"], name="square"),
             helper.make_node("Relu", ["a2"], ["r"], name="relu"),
             helper.make_node("Pow", ["r", "half"], ["root"], name="root"),
             helper.make_node("Add", ["sq", "root"], ["s"], name="add"),
             helper.make_node("Flatten", ["s"], ["f"], name="flatten"),
             helper.make_node("MatMul", ["f", "w2"], ["g"], name="fc"),
             helper.make_node("Softmax", ["g"], ["y"], name="softmax", axis=-1),
             helper.make_node("ArgMax", ["g"], ["cls"], name="argmax", axis=1, keepdims=0),
             helper.make_node("TopK", ["g", "k"], ["top", "topi"], name="topk", axis=-1),
             helper.make_node("TopK", ["g", "k2"], ["bottom", ""], name="bottomk", largest=0)]
    return model(nodes, inits,
                 [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 2, 5, 5])],
                 [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 6]),
                  helper.make_tensor_value_info("cls", TensorProto.INT64, [2]),
                  helper.make_tensor_value_info("top", TensorProto.FLOAT, [2, 3]),
                  helper.make_tensor_value_info("topi", TensorProto.INT64, [2, 3]),
                  helper.make_tensor_value_info("bottom", TensorProto.FLOAT, [2, 2])])


def shape_arith():
    """The shape arithmetic of `x.view(x.size(0), -1)` as torch exports it
    (Shape, Gather, Unsqueeze, Concat, Reshape), plus Cast, Slice, Mul,
    ConstantOfShape and Range on constants: all folded at import."""
    rng = np.random.default_rng(12)
    w = rng.uniform(-0.5, 0.5, (3, 2, 3, 3)).astype(np.float32)
    w2 = rng.uniform(-0.5, 0.5, (4, 12)).astype(np.float32)
    c = lambda a, n: numpy_helper.from_array(np.asarray(a), n)  # noqa: E731
    inits = [c(w, "w"), c(w2, "w2"), c(np.array(0, np.int64), "zero"),
             c(np.array([0], np.int64), "axes0"), c(np.array([-1], np.int64), "minus1"),
             c(np.array([1], np.int64), "one"), c(np.array([2], np.int64), "two"),
             c(np.array([4], np.int64), "four"),
             c(np.array(0, np.int64), "r0"), c(np.array(4, np.int64), "r4"),
             c(np.array(1, np.int64), "r1")]
    nodes = [helper.make_node("Conv", ["x", "w"], ["c"], name="conv", kernel_shape=[3, 3]),
             helper.make_node("Relu", ["c"], ["r"], name="relu"),
             helper.make_node("Shape", ["r"], ["s"], name="shape"),
             helper.make_node("Gather", ["s", "zero"], ["n"], name="gather", axis=0),
             helper.make_node("Unsqueeze", ["n", "axes0"], ["n1"], name="unsqueeze"),
             helper.make_node("Concat", ["n1", "minus1"], ["target"], name="concat", axis=0),
             helper.make_node("Reshape", ["r", "target"], ["flat"], name="reshape"),
             # Slice of the shape (channels), Cast to float and back, Mul:
             # a second Reshape to [n, 3 * 4], made the long way round.
             helper.make_node("Slice", ["s", "one", "two"], ["chw"], name="slice"),
             helper.make_node("Cast", ["chw"], ["chwf"], name="tofloat", to=TensorProto.FLOAT),
             helper.make_node("Cast", ["chwf"], ["chwi"], name="toint", to=TensorProto.INT64),
             helper.make_node("Gather", ["chwi", "zero"], ["ch"], name="gather2"),
             helper.make_node("Mul", ["ch", "four"], ["cols"], name="mul"),
             helper.make_node("Concat", ["n1", "cols"], ["target2"], name="concat2", axis=0),
             helper.make_node("Reshape", ["flat", "target2"], ["flat2"], name="reshape2"),
             helper.make_node("Range", ["r0", "r4", "r1"], ["iota"], name="range"),
             helper.make_node("Cast", ["iota"], ["iotaf"], name="iotaf", to=TensorProto.FLOAT),
             helper.make_node("ConstantOfShape", ["one"], ["bias0"], name="cos",
                              value=numpy_helper.from_array(np.array([0.25], np.float32))),
             helper.make_node("Add", ["iotaf", "bias0"], ["bias"], name="bias"),
             helper.make_node("Gemm", ["flat2", "w2", "bias"], ["y"], name="fc", transB=1)]
    return model(nodes, inits,
                 [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 2, 4, 4])],
                 [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 4])])


def one_scheme(op, inputs=("x",), **attrs):
    """x [2, 3] -> one qnn-domain node -> y: the qnn domain's errors."""
    return model([helper.make_node(op, list(inputs), ["y"], name="q7", domain="qnn", **attrs)],
                 [numpy_helper.from_array(np.ones((2, 3), np.float32), "w")],
                 [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3])],
                 [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 3])],
                 domains=("qnn",))


def trunc():
    """QONNX Trunc (version 2) after an 8-bit Quant, as Brevitas writes for
    truncating average pools: FLOOR to signed 4 bits, and ROUND to unsigned
    3 bits with a zero point."""
    c = lambda a, n: numpy_helper.from_array(np.asarray(a, np.float32), n)  # noqa: E731
    nodes, inits = quant("qx", "x", "xq", 0.05, 0, 8)
    inits += [c(0.05, "s"), c(0.0, "zp"), c(8.0, "b8"), c(0.8, "os"), c(4.0, "b4"),
              c(0.05, "s2"), c(8.0, "z2"), c(0.4, "os2"), c(3.0, "b3")]
    nodes = [nodes,
             helper.make_node("Trunc", ["xq", "s", "zp", "b8", "os", "b4"], ["y"], name="t1",
                              domain=QONNX, rounding_mode="FLOOR"),
             helper.make_node("Trunc", ["xq", "s2", "z2", "b8", "os2", "b3"], ["z"], name="t2",
                              domain=QONNX, rounding_mode="ROUND", signed=0)]
    m = model(nodes, inits,
              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [4, 16])],
              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [4, 16]),
               helper.make_tensor_value_info("z", TensorProto.FLOAT, [4, 16])])
    # The 6-input Trunc is version 2 of the domain (Brevitas imports it so).
    for o in m.opset_import:
        if o.domain == QONNX:
            o.version = 2
    return m


def qlinear():
    """QLinearConv (u8 activations, per-channel i8 weights, int32 bias,
    padding) and QLinearMatMul (float16 scales, per-column weights), between
    QuantizeLinear and DequantizeLinear."""
    rng = np.random.default_rng(13)
    c = lambda a, n: numpy_helper.from_array(np.asarray(a), n)  # noqa: E731
    inits = [
        c(np.float32(0.02), "xs"), c(np.uint8(128), "xz"),
        c(rng.integers(-100, 100, (3, 2, 3, 3)).astype(np.int8), "w"),
        c(np.array([0.004, 0.002, 0.003], np.float32), "ws"), c(np.zeros(3, np.int8), "wz"),
        c(np.float32(0.05), "ys"), c(np.uint8(100), "yz"),
        c(rng.integers(-500, 500, 3).astype(np.int32), "bias"),
        c(np.float16(0.0625), "as"), c(np.uint8(8), "az"),
        c(rng.integers(-8, 8, (8, 4)).astype(np.int8), "b"),
        c(np.array([0.25, 0.5, 0.125, 0.25], np.float16), "bs"), c(np.zeros(4, np.int8), "bz"),
        c(np.float16(0.5), "ms"), c(np.int8(0), "mz"),
        c(np.float32(0.0625), "as32")]
    nodes = [helper.make_node("QuantizeLinear", ["x", "xs", "xz"], ["xq"], name="qx"),
             helper.make_node("QLinearConv", ["xq", "xs", "xz", "w", "ws", "wz", "ys", "yz", "bias"],
                              ["yq"], name="qconv", kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
             helper.make_node("DequantizeLinear", ["yq", "ys", "yz"], ["y"], name="dqy"),
             helper.make_node("QuantizeLinear", ["a", "as32", "az"], ["aq"], name="qa"),
             helper.make_node("QLinearMatMul", ["aq", "as", "az", "b", "bs", "bz", "ms", "mz"],
                              ["mq"], name="qmatmul"),
             helper.make_node("DequantizeLinear", ["mq", "ms", "mz"], ["m"], name="dqm")]
    return model(nodes, inits,
                 [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 2, 5, 5]),
                  helper.make_tensor_value_info("a", TensorProto.FLOAT, [3, 8])],
                 [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 3, 5, 5]),
                  helper.make_tensor_value_info("m", TensorProto.FLOAT, [3, 4])])


def integer_ops():
    """The dynamic quantization onnxruntime writes: DynamicQuantizeLinear,
    ConvInteger (u8 activations, i8 weights with zero points, padding) and
    MatMulInteger (per-column weight zero points, an INT32 graph output),
    Cast to FLOAT and rescaling Muls."""
    rng = np.random.default_rng(14)
    c = lambda a, n: numpy_helper.from_array(np.asarray(a), n)  # noqa: E731
    inits = [c(rng.integers(-60, 60, (3, 2, 3, 3)).astype(np.int8), "w"), c(np.int8(2), "wz"),
             c(np.float32(0.01), "ws"),
             c(rng.integers(-100, 100, (8, 4)).astype(np.int8), "b"),
             c(np.array([1, -2, 0, 3], np.int8), "bz"), c(np.float32(0.02), "bs")]
    nodes = [helper.make_node("DynamicQuantizeLinear", ["x"], ["xq", "xs", "xz"], name="dqx"),
             helper.make_node("ConvInteger", ["xq", "w", "xz", "wz"], ["ci"], name="convi",
                              kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
             helper.make_node("Cast", ["ci"], ["cf"], name="cast", to=TensorProto.FLOAT),
             helper.make_node("Mul", ["xs", "ws"], ["s"], name="scale"),
             helper.make_node("Mul", ["cf", "s"], ["y"], name="rescale"),
             helper.make_node("DynamicQuantizeLinear", ["a"], ["aq", "as", "az"], name="dqa"),
             helper.make_node("MatMulInteger", ["aq", "b", "az", "bz"], ["mi"], name="matmuli"),
             helper.make_node("Cast", ["mi"], ["mf"], name="cast2", to=TensorProto.FLOAT),
             helper.make_node("Mul", ["as", "bs"], ["s2"], name="scale2"),
             helper.make_node("Mul", ["mf", "s2"], ["m"], name="rescale2")]
    return model(nodes, inits,
                 [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 2, 5, 5]),
                  helper.make_tensor_value_info("a", TensorProto.FLOAT, [3, 8])],
                 [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 3, 5, 5]),
                  helper.make_tensor_value_info("m", TensorProto.FLOAT, [3, 4]),
                  helper.make_tensor_value_info("mi", TensorProto.INT32, [3, 4])])


# The 4- and 2-bit types of recent opsets; Debian's onnx 1.12 predates them
# but stores data types as plain integers.
UINT4, INT4, UINT2, INT2 = 21, 22, 25, 26
NARROW = {UINT4: (4, False), INT4: (4, True), UINT2: (2, False), INT2: (2, True)}


def narrow_tensor(values, data_type, name):
    """A TensorProto of 4- or 2-bit integers, packed first-in-lowest-bits."""
    bits, _ = NARROW[data_type]
    flat = np.asarray(values).reshape(-1).astype(np.int64) & ((1 << bits) - 1)
    per = 8 // bits
    packed = bytearray((len(flat) + per - 1) // per)
    for i, v in enumerate(flat):
        packed[i // per] |= int(v) << ((i % per) * bits)
    t = onnx.TensorProto()
    t.name, t.data_type, t.raw_data = name, data_type, bytes(packed)
    t.dims.extend(np.asarray(values).shape)
    return t


def lowbit():
    """INT4, UINT4, INT2 and UINT2 graph inputs, initializers (per-row
    zero points) and a graph output, and a blocked DequantizeLinear (INT4
    weights, blocks of 4 along the input dimension), opset 21."""
    rng = np.random.default_rng(15)
    f = lambda a, n: numpy_helper.from_array(np.asarray(a, np.float32), n)  # noqa: E731
    w = rng.integers(0, 16, (4, 8))
    w2 = rng.integers(-8, 8, (8, 6))
    inits = [f(0.25, "xs"), narrow_tensor(np.array(1), INT4, "xz"),
             narrow_tensor(w, UINT4, "w"), f([0.1, 0.2, 0.05, 0.15], "ws"),
             narrow_tensor(np.array([8, 7, 8, 9]), UINT4, "wz"),
             f(0.5, "qs"), narrow_tensor(np.array(0), INT2, "qz"),
             f(0.5, "us"), narrow_tensor(np.array(1), UINT2, "uz"),
             narrow_tensor(w2, INT4, "w2"), f(rng.uniform(0.05, 0.2, (2, 6)), "w2s"),
             f([[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]], "k")]
    nodes = [helper.make_node("DequantizeLinear", ["xi", "xs", "xz"], ["x"], name="dqx"),
             helper.make_node("DequantizeLinear", ["w", "ws", "wz"], ["wf"], name="dqw", axis=0),
             helper.make_node("Gemm", ["x", "wf"], ["g"], name="fc", transB=1),
             helper.make_node("QuantizeLinear", ["g", "qs", "qz"], ["q"], name="qg"),
             helper.make_node("DequantizeLinear", ["q", "qs", "qz"], ["y"], name="dqg"),
             helper.make_node("DequantizeLinear", ["u", "us", "uz"], ["uf"], name="dqu"),
             helper.make_node("Mul", ["uf", "k"], ["v"], name="mul"),
             helper.make_node("DequantizeLinear", ["w2", "w2s"], ["w2f"], name="dqw2", axis=0,
                              block_size=4),
             helper.make_node("MatMul", ["x", "w2f"], ["z"], name="mm")]
    return model(nodes, inits,
                 [helper.make_tensor_value_info("xi", INT4, [2, 8]),
                  helper.make_tensor_value_info("u", UINT2, [2, 8])],
                 [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 4]),
                  helper.make_tensor_value_info("q", INT2, [2, 4]),
                  helper.make_tensor_value_info("v", TensorProto.FLOAT, [2, 8]),
                  helper.make_tensor_value_info("z", TensorProto.FLOAT, [2, 6])],
                 opset=21)


def one_node(op, inputs, inits=(), **attrs):
    """x [2, 3] -> one default-domain node -> y: import errors."""
    return model([helper.make_node(op, list(inputs), ["y"], name="n7", **attrs)],
                 [numpy_helper.from_array(np.asarray(a), n) for n, a in inits],
                 [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3])],
                 [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 3])])


OP_ERRORS = {
    "matmulinteger_float": lambda: one_node("MatMulInteger", ["x", "w"],
                                            [("w", np.ones((3, 3), np.int8))]),
    "trunc_v1": lambda: model(
        [helper.make_node("Trunc", ["x", "s", "s", "s", "s"], ["y"], name="n7", domain=QONNX)],
        [numpy_helper.from_array(np.array(1.0, np.float32), "s")],
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 3])]),
    "pad_reflect": lambda: one_node("Pad", ["x", "p"], [("p", np.zeros(4, np.int64))],
                                    mode="reflect"),
    "gather_runtime": lambda: one_node("Gather", ["x", "i"], [("i", np.array([0], np.int64))]),
    "cast_runtime": lambda: one_node("Cast", ["x"], to=TensorProto.INT32),
    "topk_unsorted": lambda: one_node("TopK", ["x", "k"], [("k", np.array([2], np.int64))],
                                      sorted=0),
    "slice_zero_step": lambda: one_node(
        "Slice", ["s", "b", "e", "a", "st"],
        [(n, np.array([v], np.int64)) for n, v in (("s", 5), ("b", 0), ("e", 1), ("a", 0),
                                                   ("st", 0))]),
}

SCHEME_ERRORS = {
    "qnn_unknown_op": lambda: one_scheme("Lsq"),
    "qnn_unknown_attr": lambda: one_scheme("Pact", alpha=1.0, bits=2, gamma=3),
    "qnn_bad_bits": lambda: one_scheme("Pact", alpha=1.0, bits=9),
    "qnn_bad_axis": lambda: one_scheme("Binary", ["w"], axis=2),
    "qnn_runtime_sawb": lambda: one_scheme("Sawb", bits=2),
    "qnn_missing_alpha": lambda: one_scheme("Apot", bits=2),
}


def unsupported_op():
    # Unique: its output shapes depend on the data (qnn compiles static
    # shapes).
    return model([helper.make_node("Unique", ["x"], ["y"], name="u7")], [],
                 [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3, 3])],
                 [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2])], opset=17)


def unsupported_domain():
    return model([helper.make_node("Custom", ["x"], ["y"], name="c1", domain="com.example")], [],
                 [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3])],
                 [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 3])],
                 domains=("com.example",))


def dynamic_shape():
    return model([helper.make_node("Relu", ["x"], ["y"], name="relu")], [],
                 [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 3])],
                 [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 3])])


def bad_dtype():
    return model([helper.make_node("Relu", ["x"], ["y"], name="relu")], [],
                 [helper.make_tensor_value_info("x", TensorProto.DOUBLE, [2, 3])],
                 [helper.make_tensor_value_info("y", TensorProto.DOUBLE, [2, 3])])


def missing_initializer():
    return model([helper.make_node("Add", ["x", "bias"], ["y"], name="add0")], [],
                 [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3])],
                 [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 3])])


def old_opset():
    return model([helper.make_node("Relu", ["x"], ["y"], name="relu")], [],
                 [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3])],
                 [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 3])], opset=7)


def bad_quant():
    n, i = quant("q9", "x", "y", 0.5, 0, 33)
    return model([n], i,
                 [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3])],
                 [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 3])])


MODELS = {f.__name__: f for f in (mlp, cnn, bn_cnn, finn_mlp, shapes, binary, qdq, misc, schemes, heads, shape_arith, trunc, qlinear, integer_ops, lowbit, codes_misuse, unsupported_op, unsupported_domain, dynamic_shape,
                                  bad_dtype, missing_initializer, old_opset, bad_quant)}

if __name__ == "__main__":
    name, path = sys.argv[1], sys.argv[2]
    if name == "truncated":
        data = mlp().SerializeToString()
        open(path, "wb").write(data[: len(data) // 2])
    elif name == "garbage":
        open(path, "wb").write(b"\xff\xfe this is not a protobuf \x00\x01")
    elif name in SCHEME_ERRORS:
        onnx.save(SCHEME_ERRORS[name](), path)
    elif name in OP_ERRORS:
        onnx.save(OP_ERRORS[name](), path)
    else:
        onnx.save(MODELS[name](), path)
