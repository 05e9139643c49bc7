"""A CNN in Brevitas's standard-ONNX QCDQ form, for brevitas-qcdq.test.

What StdQCDQONNXManager writes (src/brevitas/export/onnx/standard/qcdq and
export/common/handler/qcdq.py): each quantizer below 8 bits (or narrow) is
QuantizeLinear to INT8 / UINT8 codes -> Clip of the codes to the bit
width's range -> DequantizeLinear; 8-bit ones are QuantizeLinear ->
DequantizeLinear; weights are INT8 code initializers -> Clip ->
DequantizeLinear (per output channel, axis 0), or with
export_weight_q_node float weights -> QuantizeLinear -> Clip ->
DequantizeLinear; biases INT32 codes -> DequantizeLinear with scale
input_scale * weight_scale (and a Clip in INT32 below 32 bits); Cast nodes
around a float16 model.

  x (f16) -> Cast -> QuantIdentity (8-bit) -> Conv 3->8 3x3 (4-bit codes,
  INT32 bias) -> QuantReLU (Relu, UINT8 codes clipped to 2 bits) ->
  MaxPool 2x2 -> Conv 8->8 3x3 (float weights through QuantizeLinear, 2-bit
  narrow) -> QuantHardTanh (4-bit narrow) -> TruncAvgPool (AveragePool
  2x2, 4-bit) -> Flatten -> Gemm 32->10 (4-bit codes, 16-bit INT32 bias
  clipped) -> 8-bit output quantizer -> Cast (f16)

Scales are powers of two, so that every float product and sum is exact
and onnxruntime's float layers give the exact values qnn's integer layers
compute. `write PATH` writes the model; `check PATH` runs it with
qnn.compile and with onnxruntime (test/Zoo/ort_run.js) and compares.
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))


def write(path):
    rng = np.random.default_rng(1618)
    nodes, inits = [], []

    def const(name, value):
        inits.append(numpy_helper.from_array(np.asarray(value), name))
        return name

    def node(op, ins, out, **attrs):
        nodes.append(helper.make_node(op, ins, [out], name=out, **attrs))
        return out

    def qcdq(x, name, scale, lo, hi, unsigned=False):
        zt = np.uint8 if unsigned else np.int8
        s, z = const(name + "_s", np.float32(scale)), const(name + "_z", zt(0))
        q = node("QuantizeLinear", [x, s, z], name + "_q")
        if lo is not None:
            q = node("Clip", [q, const(name + "_lo", zt(lo)), const(name + "_hi", zt(hi))],
                     name + "_c")
        return node("DequantizeLinear", [q, s, z], name + "_dq")

    def int_weights(name, codes, scales, lo, hi):
        c = node("Clip", [const(name + "_w", codes.astype(np.int8)),
                          const(name + "_lo", np.int8(lo)), const(name + "_hi", np.int8(hi))],
                 name + "_wc")
        return node("DequantizeLinear", [c, const(name + "_ws", scales),
                                         const(name + "_wz", np.zeros(len(scales), np.int8))],
                    name + "_wdq", axis=0)

    def int32_bias(name, codes, scale, clip=None):
        b = const(name + "_b", codes.astype(np.int32))
        if clip:
            b = node("Clip", [b, const(name + "_blo", np.int32(-clip)),
                              const(name + "_bhi", np.int32(clip - 1))], name + "_bc")
        return node("DequantizeLinear", [b, const(name + "_bs", scale.astype(np.float32)),
                                         const(name + "_bz", np.zeros(len(scale), np.int32))],
                    name + "_bdq", axis=0)

    pow2 = lambda n, lo, hi: (2.0 ** -rng.integers(lo, hi + 1, n)).astype(np.float32)
    x = node("Cast", ["x"], "x32", to=TensorProto.FLOAT)
    a = qcdq(x, "in", 1 / 16, None, None)
    # Conv 1: 4-bit codes per output channel, INT32 bias.
    s1 = pow2(8, 3, 5)
    w1 = int_weights("c1", rng.integers(-8, 8, (8, 3, 3, 3)), s1, -8, 7)
    b1 = int32_bias("c1", rng.integers(-200, 200, 8), np.float32(1 / 16) * s1)
    a = node("Conv", [a, w1, b1], "conv1", pads=[1, 1, 1, 1])
    a = node("Relu", [a], "relu1")
    a = qcdq(a, "act1", 0.25, 0, 3, unsigned=True)
    a = node("MaxPool", [a], "pool1", kernel_shape=[2, 2], strides=[2, 2])
    # Conv 2: float weights through QuantizeLinear (export_weight_q_node).
    s2 = pow2(8, 2, 4)
    codes2 = rng.integers(-1, 2, (8, 8, 3, 3)).astype(np.float32)
    w2 = const("c2_wf", (codes2 * s2[:, None, None, None]).astype(np.float32))
    ws2, wz2 = const("c2_ws", s2), const("c2_wz", np.zeros(8, np.int8))
    w2 = node("QuantizeLinear", [w2, ws2, wz2], "c2_wq", axis=0)
    w2 = node("Clip", [w2, const("c2_lo", np.int8(-1)), const("c2_hi", np.int8(1))], "c2_wc")
    w2 = node("DequantizeLinear", [w2, ws2, wz2], "c2_wdq", axis=0)
    a = node("Conv", [a, w2], "conv2", pads=[1, 1, 1, 1])
    a = qcdq(a, "act2", 0.25, -7, 7)
    a = node("AveragePool", [a], "pool2", kernel_shape=[2, 2], strides=[2, 2])
    a = qcdq(a, "trunc", 0.125, -8, 7)
    a = node("Flatten", [a], "flat")
    # Gemm: 4-bit codes, a 16-bit bias quantizer (INT32 codes clipped).
    s3 = pow2(10, 3, 5)
    w3 = int_weights("fc", rng.integers(-8, 8, (10, 32)), s3, -8, 7)
    bias3 = rng.integers(-300, 300, 10)
    bias3[[2, 7]] = [40000, -50000]  # past 16 bits: clipped
    b3 = int32_bias("fc", bias3, np.float32(0.125) * s3, clip=1 << 15)
    a = node("Gemm", [a, w3, b3], "fc", transB=1)
    a = qcdq(a, "out", 0.125, None, None)
    node("Cast", [a], "y", to=TensorProto.FLOAT16)
    graph = helper.make_graph(
        nodes, "brevitas_qcdq",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT16, [2, 3, 8, 8])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT16, [2, 10])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    onnx.checker.check_model(model)
    onnx.save(model, path)


def check(path, workdir):
    sys.path.insert(0, os.path.join(HERE, "..", "Zoo"))
    import zoo
    import qnn

    rng = np.random.default_rng(3)
    x = (rng.standard_normal((2, 3, 8, 8)) * 3).astype(np.float16)
    (_, ref), = zoo.ort_run(path, [("x", x)], os.path.join(workdir, "ort"), "disabled")
    y = np.asarray(qnn.compile(path)(x))
    print("onnxruntime: %s %s, distinct values %d" % (ref.dtype, list(ref.shape),
                                                       len(np.unique(ref))))
    print("qnn equal to onnxruntime: %s" % bool(np.array_equal(y, ref)))
    if not np.array_equal(y, ref):
        print("  differing: %d of %d" % (int(np.sum(y != ref)), y.size))


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(sys.argv[2])
    elif sys.argv[1] == "check":
        check(sys.argv[2], sys.argv[3])
    else:
        sys.exit("usage: brevitas_qcdq.py write PATH | check PATH WORKDIR")
