"""One low-bit MLP in every quantizer form qnn reads, for integer-layers.test.

The network: x [4, 32] -> 2-bit unsigned activation quantizer (scale 0.5)
-> Linear 32 -> 16 (2-bit narrow signed weights, one scale per output
channel, bias) -> 2-bit unsigned activation quantizer (scale 0.5) ->
Linear 16 -> 16 (the same) -> float output. Written as

  qonnx   QONNX Quant nodes (Brevitas's QONNX export),
  mt      FINN MultiThreshold activations and Quant weights (FINN-ONNX after
          ConvertQuantActToMultiThreshold),
  qcdq    QuantizeLinear -> Clip -> DequantizeLinear (Brevitas's standard
          ONNX export: INT8 weight codes clipped to [-1, 1], UINT8
          activation codes clipped to [0, 3] after a Relu, INT32 biases),
  qnn     qnn's own exporter (python/qnn: PACT activations, IntWeight
          weights),

and, 1-bit, the same topology with BipolarQuant weights and activations:

  bipolar BipolarQuant nodes.

Every form's weights are codes times their scales, so that every form
holds the same quantizers. `python integer_layers.py write FORM PATH` writes
a model; `python integer_layers.py check DIR` compiles every model in DIR
with qnn.compile and compares the outputs with each other and with a NumPy
execution of the QONNX / FINN / ONNX definitions (qonnx_numpy.py).
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import qonnx_numpy as qn  # noqa: E402

QONNX = "qonnx.custom_op.general"
FINN = "finn.custom_op.general"
FORMS = ["qonnx", "mt", "qcdq", "qnn", "bipolar"]
ACT_SCALE = np.float32(0.5)
BATCH, SIZES = 4, (32, 16, 16)


def parameters():
    """Per layer: (codes [out, in] in {-1, 0, 1} with a nonzero code in
    every row, scales [out] (f32), bias codes [out]: the bias is
    bias_codes * act_scale * scale, as an INT32 bias quantizer writes it)."""
    rng = np.random.default_rng(16)
    layers = []
    for fan_in, fan_out in zip(SIZES[:-1], SIZES[1:]):
        codes = rng.integers(-1, 2, (fan_out, fan_in)).astype(np.int8)
        codes[np.arange(fan_out), rng.integers(0, fan_in, fan_out)] = 1
        scales = rng.uniform(0.05, 0.4, fan_out).astype(np.float32)
        bias_codes = rng.integers(-6, 7, fan_out).astype(np.int32)
        layers.append((codes, scales, bias_codes))
    return layers


def bias_scale(scales):
    return (ACT_SCALE * scales).astype(np.float32)


def bias_value(scales, bias_codes):
    return (bias_codes.astype(np.float32) * bias_scale(scales)).astype(np.float32)


def weights(codes, scales):
    return (codes.astype(np.float32) * scales[:, None]).astype(np.float32)


def inputs():
    rng = np.random.default_rng(1616)
    return (rng.standard_normal((BATCH, SIZES[0])) * 1.2).astype(np.float32)


# --- Writers ------------------------------------------------------------------

class Graph:
    def __init__(self):
        self.nodes, self.inits, self.count = [], [], 0

    def const(self, name, value):
        self.inits.append(numpy_helper.from_array(np.asarray(value), name))
        return name

    def node(self, op, ins, domain="", **attrs):
        self.count += 1
        out = "%s%d" % (op.lower(), self.count)
        self.nodes.append(helper.make_node(op, ins, [out], name=out, domain=domain, **attrs))
        return out

    def save(self, path, domains, opset=13, output="y"):
        self.nodes[-1].output[0] = output
        graph = helper.make_graph(
            self.nodes, "integer_layers",
            [helper.make_tensor_value_info("x", TensorProto.FLOAT, [BATCH, SIZES[0]])],
            [helper.make_tensor_value_info(output, TensorProto.FLOAT, [BATCH, SIZES[-1]])],
            self.inits)
        imports = [helper.make_opsetid("", opset)] + [helper.make_opsetid(d, 1) for d in domains]
        model = helper.make_model(graph, opset_imports=imports)
        onnx.save(model, path)


def quant(g, x, scale, bits, signed, narrow, domain=QONNX):
    n = g.count
    return g.node("Quant", [x, g.const("s%d" % n, np.asarray(scale, np.float32)),
                            g.const("z%d" % n, np.float32(0)),
                            g.const("b%d" % n, np.float32(bits))],
                  domain=domain, signed=signed, narrow=narrow, rounding_mode="ROUND")


def write_qonnx(path, domain=QONNX, mt=False):
    g = Graph()
    a = "x"
    for i, (codes, scales, bias_codes) in enumerate(parameters()):
        if mt:
            # count(x >= (k - 1/2) * 0.5) * 0.5, k = 1..3: the quantizer
            # away from ties.
            t = ((np.arange(1, 4, dtype=np.float32) - np.float32(0.5)) * ACT_SCALE)[None, :]
            a = g.node("MultiThreshold", [a, g.const("t%d" % i, t)], domain=FINN,
                       out_dtype="UINT2", out_scale=float(ACT_SCALE), data_layout="NC")
        else:
            a = quant(g, a, ACT_SCALE, 2, 0, 0, domain)
        w = quant(g, g.const("w%d" % i, weights(codes, scales)), scales[:, None], 2, 1, 1,
                  QONNX if mt else domain)
        a = g.node("Gemm", [a, w, g.const("bias%d" % i, bias_value(scales, bias_codes))],
                   transB=1)
    g.save(path, [FINN, QONNX] if mt else [domain])


def write_qcdq(path):
    """Brevitas's StdQCDQONNXManager form: weights exported as INT8 codes
    (export_weight_q_node=False), a QuantReLU's Relu before its quantizer,
    the input quantizer a QuantIdentity (unsigned here), INT32 biases
    through DequantizeLinear with scale input_scale * weight_scale."""
    g = Graph()
    a = "x"
    for i, (codes, scales, bias_codes) in enumerate(parameters()):
        if i > 0:
            a = g.node("Relu", [a])
        s, z = g.const("as%d" % i, ACT_SCALE), g.const("az%d" % i, np.uint8(0))
        q = g.node("QuantizeLinear", [a, s, z])
        c = g.node("Clip", [q, g.const("alo%d" % i, np.uint8(0)), g.const("ahi%d" % i, np.uint8(3))])
        a = g.node("DequantizeLinear", [c, s, z])
        wc = g.node("Clip", [g.const("w%d" % i, codes), g.const("wlo%d" % i, np.int8(-1)),
                             g.const("whi%d" % i, np.int8(1))])
        w = g.node("DequantizeLinear", [wc, g.const("ws%d" % i, scales),
                                        g.const("wz%d" % i, np.zeros(len(scales), np.int8))],
                   axis=0)
        b = g.node("DequantizeLinear", [g.const("bias%d" % i, bias_codes),
                                        g.const("bs%d" % i, bias_scale(scales)),
                                        g.const("bz%d" % i, np.zeros(len(scales), np.int32))],
                   axis=0)
        a = g.node("Gemm", [a, w, b], transB=1)
    g.save(path, [])


def write_bipolar(path):
    g = Graph()
    a = "x"
    for i, (codes, scales, bias_codes) in enumerate(parameters()):
        a = g.node("BipolarQuant", [a, g.const("as%d" % i, np.float32(1.0))], domain=QONNX)
        # Bipolar weights (the zero codes become +1: x >= 0), one scale per
        # tensor (qnn reads BipolarQuant's scale per tensor only).
        w = g.node("BipolarQuant", [g.const("w%d" % i, weights(codes, scales)),
                                    g.const("ws%d" % i, scales[:1])], domain=QONNX)
        a = g.node("Gemm", [a, w, g.const("bias%d" % i, bias_value(scales, bias_codes))],
                   transB=1)
    g.save(path, [QONNX])


def write_qnn(path):
    """qnn.nn modules exported with qnn.export: PACT(2, alpha 1.5) is the
    unsigned 2-bit quantizer of scale 0.5; IntWeight(2) takes max |w| per
    output channel as the scale, which is the scale the codes were made
    with (every row holds a code of magnitude 1)."""
    import torch
    import qnn
    from qnn import nn as qnn_nn

    layers = []
    for codes, scales, bias_codes in parameters():
        lin = qnn_nn.QLinear(codes.shape[1], codes.shape[0], weight_quantizer=qnn_nn.IntWeight(2))
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(weights(codes, scales)))
            lin.bias.copy_(torch.from_numpy(bias_value(scales, bias_codes)))
        layers += [qnn_nn.PACT(bits=2, alpha=1.5), lin]
    model = torch.nn.Sequential(*layers)
    qnn.export(model, torch.from_numpy(inputs()), path)


# --- The oracle ----------------------------------------------------------------

def oracle(form, x):
    """NumPy execution of the form's definitions (QONNX Quant, BipolarQuant,
    MultiThreshold; ONNX QuantizeLinear, Clip, DequantizeLinear, Gemm)."""
    a = x
    for i, (codes, scales, bias_codes) in enumerate(parameters()):
        w, b = weights(codes, scales), bias_value(scales, bias_codes)
        if form == "bipolar":
            a = qn.bipolar_quant(a, np.float32(1.0))
            w = qn.bipolar_quant(w, scales[:1])
        elif form == "mt":
            t = ((np.arange(1, 4, dtype=np.float32) - np.float32(0.5)) * ACT_SCALE)[None, :]
            a = qn.multithreshold(a, t, out_scale=ACT_SCALE, data_layout="NC")
            w = qn.quant(w, scales[:, None], np.float32(0), 2, signed=1, narrow=1)
        elif form == "qcdq":
            if i > 0:
                a = np.maximum(a, np.float32(0))
            # QuantizeLinear: saturate(round(x / s) + zp); Clip; then
            # DequantizeLinear: (q - zp) * s. Weights: Clip of the codes.
            q = np.clip(np.round(a / ACT_SCALE), 0, 255)
            a = (np.clip(q, 0, 3) * ACT_SCALE).astype(np.float32)
            w = (np.clip(codes, -1, 1).astype(np.float32) * scales[:, None]).astype(np.float32)
            b = (bias_codes.astype(np.float32) * bias_scale(scales)).astype(np.float32)
        else:  # qonnx, and qnn's PACT + IntWeight (the same quantizers)
            a = qn.quant(a, ACT_SCALE, np.float32(0), 2, signed=0, narrow=0)
            w = qn.quant(w, scales[:, None], np.float32(0), 2, signed=1, narrow=1)
        # Gemm, A * B then + C in f32: ONNX fixes no order of the f32 sums
        # of A * B; the oracle takes their exact value (every product and
        # sum here is exact in f64) rounded once to f32, which is what an
        # integer layer computes.
        product = (a.astype(np.float64) @ w.astype(np.float64).T).astype(np.float32)
        a = (product + b).astype(np.float32)
    return a


def check(directory):
    sys.path.insert(0, os.path.join(HERE, "..", "..", "python"))
    import qnn

    x = inputs()
    # No input on a tie of the 2-bit quantizer (x / 0.5 half an odd
    # integer), where round half to even and MultiThreshold's x >= t part.
    assert not np.any(np.abs(x / ACT_SCALE - np.round(x / ACT_SCALE)) == 0.5)
    outputs = {}
    for form in FORMS:
        y = np.asarray(qnn.compile(os.path.join(directory, form + ".onnx"))(x))
        ref = oracle(form, x)
        print("%s: shape %s, equal to the NumPy oracle: %s" % (
            form, list(y.shape), bool(np.array_equal(y, ref))))
        if not np.array_equal(y, ref):
            print("  max |diff| %g" % float(np.max(np.abs(y - ref))))
        outputs[form] = y
    same = [f for f in FORMS[1:-1] if np.array_equal(outputs[f], outputs["qonnx"])]
    print("2-bit forms equal to qonnx: %s" % " ".join(same))
    print("bipolar differs from the 2-bit forms: %s" % (
        not np.array_equal(outputs["bipolar"], outputs["qonnx"])))


if __name__ == "__main__":
    if sys.argv[1] == "write":
        {"qonnx": write_qonnx,
         "mt": lambda p: write_qonnx(p, mt=True),
         "qcdq": write_qcdq,
         "qnn": write_qnn,
         "bipolar": write_bipolar}[sys.argv[2]](sys.argv[3])
    elif sys.argv[1] == "check":
        check(sys.argv[2])
    else:
        sys.exit("usage: integer_layers.py write FORM PATH | check DIR")
