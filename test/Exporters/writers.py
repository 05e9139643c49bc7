"""Writers of the files low-bit training tools export, one function per
model, each in the node forms its tool writes (learned from the tools'
sources: Brevitas's QONNX and QCDQ export handlers, FINN's QONNX-to-FINN
conversion and streamlining, qonnx's QKeras converter and channels-last
transformation, hls4ml's test models). Weights are random from a seeded
generator; quantized weights are stored as the tool stores them (float
weights through a Quant, or integer codes).

Every writer returns a Model: the ModelProto, a function making inputs
from a seed, and how outputs compare: `exact` (the model ends in a
quantizer, or every value on the way is exact in float32, so any correct
implementation gives the same bits), else `atol` with the reason it is
tight enough that one wrong code fails.
"""

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

BREVITAS = "onnx.brevitas"                 # Brevitas's older QONNX domain
QONNX = "qonnx.custom_op.general"          # Brevitas's newer one, qonnx's
FINN = "finn.custom_op.general"
CHANNELS_LAST = "qonnx.custom_op.channels_last"


class Model:
    def __init__(self, name, form, proto, make_inputs, exact=True, atol=None, why=""):
        self.name = name
        self.form = form
        self.proto = proto
        self.make_inputs = make_inputs   # seed -> {input name: array}
        self.exact = exact
        self.atol = atol
        self.why = why


class Graph:
    """A small builder of one ONNX graph."""

    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)
        self.nodes = []
        self.inits = []
        self.annotations = []
        self.count = 0

    def name(self, base):
        self.count += 1
        return "%s_%d" % (base, self.count)

    def init(self, base, value, exact_name=False):
        name = base if exact_name else self.name(base)
        self.inits.append(numpy_helper.from_array(np.asarray(value), name))
        return name

    def node(self, op, inputs, base=None, domain="", outputs=1, name=None, **attrs):
        base = base or op
        outs = [self.name(base) for _ in range(outputs)]
        self.nodes.append(helper.make_node(op, inputs, outs, name=name or self.name(op),
                                           domain=domain, **attrs))
        return outs[0] if outputs == 1 else outs

    def annotate(self, tensor, datatype):
        qa = onnx.TensorAnnotation()
        qa.tensor_name = tensor
        entry = qa.quant_parameter_tensor_names.add()
        entry.key, entry.value = "finn_datatype", datatype
        self.annotations.append(qa)

    def model(self, inputs, outputs, opset, extra_opsets=(), producer="qnn-tests"):
        graph = helper.make_graph(
            self.nodes, "g",
            [helper.make_tensor_value_info(n, t, s) for n, t, s in inputs],
            [helper.make_tensor_value_info(n, t, s) for n, t, s in outputs],
            self.inits)
        graph.quantization_annotation.extend(self.annotations)
        opsets = [helper.make_opsetid("", opset)] + [helper.make_opsetid(d, v)
                                                     for d, v in extra_opsets]
        m = helper.make_model(graph, opset_imports=opsets, producer_name=producer)
        m.ir_version = 8
        return m

    # -- QONNX quantizers -------------------------------------------------------
    def quant(self, x, scale, bits, signed=1, narrow=0, zeropt=0.0, domain=QONNX,
              rounding_mode="ROUND", dtypes=(np.float32, np.float32, np.float32)):
        """Quant(x, scale, zeropt, bitwidth) as Brevitas writes it: float32
        parameters (0-d for a per-tensor scale), or other types (QKeras:
        DOUBLE scale, INT64 zero point and bit width)."""
        s = self.init("scale", np.asarray(scale, dtypes[0]))
        z = self.init("zeropt", np.asarray(zeropt, dtypes[1]))
        b = self.init("bitwidth", np.asarray(bits, dtypes[2]))
        return self.node("Quant", [x, s, z, b], "quant", domain=domain, signed=signed,
                         narrow=narrow, rounding_mode=rounding_mode)

    def bipolar(self, x, scale, domain=QONNX):
        s = self.init("scale", np.asarray(scale, np.float32))
        return self.node("BipolarQuant", [x, s], "bipolar", domain=domain)

    # -- random parameters ------------------------------------------------------
    def weights(self, *shape):
        return self.rng.standard_normal(shape).astype(np.float32) * np.float32(0.5)

    def per_channel_scale(self, channels, bits, rank):
        """A per-output-channel weight scale as Brevitas learns it (max |w|
        over the channel divided by the largest code), shaped [O, 1, ...]."""
        s = self.rng.uniform(0.5, 1.0, channels) / max(2 ** (bits - 1) - 1, 1)
        return s.astype(np.float32).reshape((channels,) + (1,) * (rank - 1))

    def bn(self, x, channels, eps=1e-5):
        gamma = self.rng.uniform(0.5, 1.5, channels).astype(np.float32)
        beta = self.rng.uniform(-0.5, 0.5, channels).astype(np.float32)
        mean = self.rng.uniform(-0.5, 0.5, channels).astype(np.float32)
        var = self.rng.uniform(0.5, 2.0, channels).astype(np.float32)
        ins = [x] + [self.init(n, v) for n, v in
                     (("bn_gamma", gamma), ("bn_beta", beta), ("bn_mean", mean),
                      ("bn_var", var))]
        return self.node("BatchNormalization", ins, "bn", epsilon=eps, momentum=0.9)


def _images(name, shape, lo=0.0, hi=1.0, step=None):
    """Inputs {name: uniform [lo, hi) of `shape`}, multiples of `step` if
    given (fixed-point inputs, as hls4ml's tests make them)."""
    def make(seed):
        rng = np.random.default_rng(1000 + seed)
        x = rng.uniform(lo, hi, shape)
        if step:
            x = np.round(x / step) * step
        return {name: x.astype(np.float32)}
    return make


def _float_tolerance(step):
    """atol for a float output (a dot product of dequantized codes, plus a
    float bias or scale): a sixteenth of `step`, the least change one wrong
    input code of the last layer makes. float32 accumulation in another
    order moves such a sum by a few ulps of its magnitude, far below that
    here (check_models reports the largest difference seen, and shows by
    changing one code that the tolerance catches it)."""
    return step / 16.0


# ---------------------------------------------------------------------------
# Brevitas QONNX export: MNIST MLPs (the TFC topology of FINN's examples:
# view(N, -1), 2x - 1, an input quantizer, QuantLinear (no bias) with
# per-channel weight scales, BatchNorm1d, an activation quantizer).


def _tfc(name, seed, weight_bits, act_bits, hidden=(64, 64), domain=BREVITAS):
    """weight_bits / act_bits 1 mean BipolarQuant (Brevitas exports a 1-bit
    quantizer as BipolarQuant)."""
    g = Graph(seed)
    x = "global_in"
    flat = g.node("Reshape", [x, g.init("shape", np.asarray([1, -1], np.int64))], "flat")
    v = g.node("Mul", [flat, g.init("two", np.float32(2.0))], "mul")
    v = g.node("Sub", [v, g.init("one", np.float32(1.0))], "sub")
    v = g.quant(v, np.float32(2.0 ** -7), 8, signed=1, narrow=0, domain=domain)
    fan_in = 784
    a_scale = 2.0 ** -7
    step = None
    for i, width in enumerate(list(hidden) + [10]):
        w = g.weights(width, fan_in)
        if weight_bits == 1:
            w_scale = np.float32(g.rng.uniform(0.02, 0.05))
            wq = g.bipolar(g.init("weight", w), w_scale, domain=domain)
            min_w = float(w_scale)
        else:
            s = g.per_channel_scale(width, weight_bits, 2)
            wq = g.quant(g.init("weight", w * s * 4), s, weight_bits, signed=1, narrow=1,
                         domain=domain)
            min_w = float(s.min())
        wt = g.node("Transpose", [wq], "wt", perm=[1, 0])
        v = g.node("MatMul", [v, wt], "matmul")
        if i == len(hidden):
            step = a_scale * min_w
            break
        v = g.bn(v, width)
        if act_bits == 1:
            v = g.bipolar(v, np.float32(1.0), domain=domain)
            a_scale = 1.0
        else:
            a_scale = 2.0 ** -(act_bits - 1)
            v = g.quant(v, np.float32(a_scale), act_bits, signed=1, narrow=0, domain=domain)
        fan_in = width
    v = g.node("Identity", [v], "out")
    g.nodes[-1].output[0] = "global_out"
    proto = g.model([("global_in", TensorProto.FLOAT, [1, 1, 28, 28])],
                    [("global_out", TensorProto.FLOAT, [1, 10])], 13, [(domain, 1)])
    return Model(name, "Brevitas QONNX (%s)" % domain, proto, _images("global_in", [1, 1, 28, 28]),
                 exact=False, atol=_float_tolerance(step),
                 why="logits are a float dot product of %d terms; one code moves them by "
                     ">= %.3g" % (fan_in, step))


def tfc_w2a2(seed=1):
    """MNIST MLP, 2-bit weights and activations, batch norm."""
    return _tfc("tfc_w2a2", seed, 2, 2)


def tfc_w1a2(seed=2):
    """The same with bipolar weights (BipolarQuant)."""
    return _tfc("tfc_w1a2", seed, 1, 2, domain=QONNX)


def tfc_w1a1(seed=3):
    """Bipolar weights and activations."""
    return _tfc("tfc_w1a1", seed, 1, 1)


def mlp_w3a3_in8(seed=4):
    """A 3-bit MLP with an 8-bit input quantizer: QuantLinear with a float
    bias (Gemm, transB=1, as torch.onnx writes F.linear with a bias), Relu
    and unsigned 3-bit QuantReLU, an 8-bit signed output quantizer."""
    g = Graph(seed)
    v = g.node("Flatten", ["inp"], "flat", axis=1)
    v = g.quant(v, np.float32(1.0 / 255), 8, signed=0, narrow=0)
    fan_in = 64
    for width in (48, 32, 10):
        s = g.per_channel_scale(width, 3, 2)
        wq = g.quant(g.init("weight", g.weights(width, fan_in) * s * 6), s, 3, signed=1,
                     narrow=1)
        b = g.init("bias", g.rng.uniform(-0.2, 0.2, width).astype(np.float32))
        v = g.node("Gemm", [v, wq, b], "gemm", transB=1, alpha=1.0, beta=1.0)
        if width == 10:
            break
        v = g.node("Relu", [v], "relu")
        v = g.quant(v, np.float32(g.rng.uniform(0.05, 0.2)), 3, signed=0, narrow=0)
        fan_in = width
    g.quant(v, np.float32(0.05), 8, signed=1, narrow=0)
    g.nodes[-1].output[0] = "out"
    proto = g.model([("inp", TensorProto.FLOAT, [4, 1, 8, 8])],
                    [("out", TensorProto.FLOAT, [4, 10])], 13, [(QONNX, 1)])
    return Model("mlp_w3a3_in8", "Brevitas QONNX (Gemm, float bias)", proto,
                 _images("inp", [4, 1, 8, 8]))


def mlp_bipolar_out(seed=5):
    """An MLP whose last quantizer is a BipolarQuant (a binary output
    layer): 2-bit weights, Relu + 2-bit activations, BipolarQuant at the
    end with a scale."""
    g = Graph(seed)
    v = g.quant("inp", np.float32(2.0 ** -6), 8, signed=1, narrow=0, domain=BREVITAS)
    fan_in = 32
    for width in (32, 16):
        s = g.per_channel_scale(width, 2, 2)
        wq = g.quant(g.init("weight", g.weights(width, fan_in) * s * 4), s, 2, signed=1,
                     narrow=1, domain=BREVITAS)
        v = g.node("MatMul", [v, g.node("Transpose", [wq], "wt", perm=[1, 0])], "matmul")
        v = g.bn(v, width)
        if width == 16:
            break
        v = g.node("Relu", [v], "relu")
        v = g.quant(v, np.float32(0.25), 2, signed=0, narrow=0, domain=BREVITAS)
        fan_in = width
    g.bipolar(v, np.float32(0.5), domain=BREVITAS)
    g.nodes[-1].output[0] = "out"
    proto = g.model([("inp", TensorProto.FLOAT, [4, 32])],
                    [("out", TensorProto.FLOAT, [4, 16])], 13, [(BREVITAS, 1)])
    return Model("mlp_bipolar_out", "Brevitas QONNX (BipolarQuant output)", proto,
                 _images("inp", [4, 32], -1.0, 1.0))


# ---------------------------------------------------------------------------
# FINN after tidy-up and streamlining


def finn_tfc_streamlined(seed=6):
    """FINN's TFC after ConvertQONNXtoFINN, tidy-up, Streamline and
    InsertTopK: integer-valued float weights (annotated INT2 / BIPOLAR),
    the input scale and the weight scales as Mul by constants moved around
    the MatMuls, the batch norms and activation quantizers absorbed into
    MultiThreshold nodes (INT2 with out_bias -2; BIPOLAR with out_scale 2,
    out_bias -1), a per-channel Mul and Add after the last MatMul, and a
    TopK (k=1) whose indices are the output. Every tensor FINN knows the
    type of carries a finn_datatype annotation."""
    g = Graph(seed)
    x = "global_in"
    g.annotate(x, "UINT8")
    v = g.node("Mul", [x, g.init("in_scale", np.float32(1.0 / 255))], "mul")
    fan_in = 784
    layers = [("INT2", 64), ("BIPOLAR", 64)]
    for i, (out_dt, width) in enumerate(layers + [(None, 10)]):
        if i == 0:
            w = g.rng.integers(-2, 2, (fan_in, width)).astype(np.float32)
            w_dt = "INT2"
        else:
            w = np.where(g.rng.random((fan_in, width)) < 0.5, -1.0, 1.0).astype(np.float32)
            w_dt = "BIPOLAR"
        wn = g.init("weight", w)
        g.annotate(wn, w_dt)
        v = g.node("MatMul", [v, wn], "matmul")
        if out_dt is None:
            break
        if i == 0:
            # The weight scales, moved past the MatMul, then absorbed.
            v = g.node("Mul", [v, g.init("scale", g.rng.uniform(0.5, 1.5, width)
                                          .astype(np.float32))], "mul")
        steps = 3 if out_dt == "INT2" else 1
        base = g.rng.uniform(-4, 0, (width, 1))
        thr = (base + np.arange(steps) * g.rng.uniform(1, 3, (width, 1))).astype(np.float32)
        if i > 0:
            thr = np.round(thr)   # FINN's RoundAndClipThresholds on integer inputs
        t = g.init("thresholds", thr)
        if out_dt == "INT2":
            v = g.node("MultiThreshold", [v, t], "mt", domain=FINN, out_dtype="INT2",
                       out_bias=-2.0)
        else:
            v = g.node("MultiThreshold", [v, t], "mt", domain=FINN, out_dtype="BIPOLAR",
                       out_scale=2.0, out_bias=-1.0)
        g.annotate(v, out_dt)
        fan_in = width
    v = g.node("Mul", [v, g.init("out_scale", g.rng.uniform(0.01, 0.1, 10).astype(np.float32))],
               "mul")
    v = g.node("Add", [v, g.init("out_bias", g.rng.uniform(-1, 1, 10).astype(np.float32))],
               "add")
    k = g.init("k", np.asarray([1], np.int64))
    values, idx = g.node("TopK", [v, k], "topk", outputs=2, axis=-1, largest=1, sorted=1)
    g.nodes[-1].output[1] = "global_out"
    g.annotate("global_out", "UINT32")

    def make(seed):
        rng = np.random.default_rng(2000 + seed)
        return rng.integers(0, 256, (1, 784)).astype(np.float32)
    proto = g.model([("global_in", TensorProto.FLOAT, [1, 784])],
                    [("global_out", TensorProto.INT64, [1, 1])], 11, [(FINN, 1)],
                    producer="qonnx")
    return Model("finn_tfc_streamlined", "FINN streamlined (MultiThreshold, TopK)", proto,
                 lambda seed: {"global_in": make(seed)})


def finn_tfc_w1a1_streamlined(seed=15):
    """FINN's binarized TFC (w1a1) after streamlining: the input's 2x - 1
    and bipolar quantizer absorbed into one shared threshold row (a
    MultiThreshold straight on the image, out BIPOLAR: out_scale 2,
    out_bias -1), bipolar MatMuls each followed by a per-channel
    MultiThreshold with one integer threshold (batch norm and sign
    absorbed), the last MatMul's scale as a scalar Mul, and the TopK (k=1)
    whose indices are the output; finn_datatype annotations."""
    g = Graph(seed)
    x = "global_in"
    v = g.node("MultiThreshold", [x, g.init("thresholds", np.float32([[0.5]]))], "mt",
               domain=FINN, out_dtype="BIPOLAR", out_scale=2.0, out_bias=-1.0)
    g.annotate(v, "BIPOLAR")
    fan_in = 784
    for i, width in enumerate((64, 64, 10)):
        w = np.where(g.rng.random((fan_in, width)) < 0.5, -1.0, 1.0).astype(np.float32)
        wn = g.init("weight", w)
        g.annotate(wn, "BIPOLAR")
        v = g.node("MatMul", [v, wn], "matmul")
        g.annotate(v, "INT32")
        if width == 10:
            break
        # sign(bn(acc)) as acc >= t: t an integer of the right parity range.
        thr = np.round(g.rng.uniform(-6, 6, (width, 1))).astype(np.float32)
        v = g.node("MultiThreshold", [v, g.init("thresholds", thr)], "mt", domain=FINN,
                   out_dtype="BIPOLAR", out_scale=2.0, out_bias=-1.0)
        g.annotate(v, "BIPOLAR")
        fan_in = width
    v = g.node("Mul", [v, g.init("out_scale", np.float32(0.0375))], "mul")
    k = g.init("k", np.asarray([1], np.int64))
    g.node("TopK", [v, k], "topk", outputs=2, axis=-1, largest=1, sorted=1)
    g.nodes[-1].output[1] = "global_out"
    g.annotate("global_out", "UINT32")
    proto = g.model([("global_in", TensorProto.FLOAT, [1, 784])],
                    [("global_out", TensorProto.INT64, [1, 1])], 11, [(FINN, 1)],
                    producer="qonnx")
    return Model("finn_tfc_w1a1_streamlined", "FINN streamlined w1a1 (bipolar MultiThreshold "
                 "chain, TopK)", proto, _images("global_in", [1, 784]))


# ---------------------------------------------------------------------------
# QKeras through qonnx's converter (tf2onnx, then Quant nodes from the
# quantizers: DOUBLE scale 2^-(bits-integer-signed), INT64 zero point and bit
# width, 0-d; domain qonnx.custom_op.general after qonnx's cleanup).

_QKERAS_TYPES = (np.float64, np.int64, np.int64)


def _qk_quant(g, x, bits, integer, signed):
    return g.quant(x, 1.0 / 2 ** (bits - integer - signed), bits, signed=signed, narrow=0,
                   zeropt=0, dtypes=_QKERAS_TYPES)


def qkeras_dense(seed=7):
    """QDense(32, kernel quantized_bits(6,0,alpha=1), bias quantized_bits(6,0),
    activation quantized_relu(4)) -> QDense(16, ...) -> QActivation
    ('quantized_relu(3,1)') -> QDense(5, kernel quantized_bits(8,1)):
    MatMul(x, Quant(W)), Add(Quant(b)) (tf2onnx's BiasAdd), the activation
    quantizer after the Add (unsigned, so it is the relu), a Relu + Quant
    for QActivation."""
    g = Graph(seed)
    v = "input_1"
    fan_in = 16
    for i, (width, kbits, kint, act) in enumerate(
            [(32, 6, 0, (4, 0)), (16, 6, 0, "relu3"), (5, 8, 1, None)]):
        w = g.init("model/dense_%d/MatMul/ReadVariableOp:0" % i,
                   g.rng.uniform(-1, 1, (fan_in, width)).astype(np.float32), exact_name=True)
        wq = _qk_quant(g, w, kbits, kint, 1)
        v = g.node("MatMul", [v, wq], "model/dense_%d/MatMul" % i)
        b = g.init("model/dense_%d/BiasAdd/ReadVariableOp:0" % i,
                   g.rng.uniform(-0.5, 0.5, width).astype(np.float32), exact_name=True)
        v = g.node("Add", [v, _qk_quant(g, b, kbits, kint, 1)], "model/dense_%d/BiasAdd" % i)
        if act == "relu3":
            v = g.node("Relu", [v], "model/q_activation/Relu")
            v = _qk_quant(g, v, 3, 1, 0)
        elif act is not None:
            v = _qk_quant(g, v, act[0], act[1], 0)
        fan_in = width
    g.nodes[-1].output[0] = "dense_2"
    proto = g.model([("input_1", TensorProto.FLOAT, [1, 16])],
                    [("dense_2", TensorProto.FLOAT, [1, 5])], 13, [(QONNX, 1)],
                    producer="tf2onnx")

    make = _images("input_1", [1, 16], -2, 2, step=2.0 ** -8)
    return Model("qkeras_dense", "QKeras via qonnx (DOUBLE/INT64 Quant, bias Add)", proto,
                 make, exact=True,
                 why="power-of-two scales: every value is exact in float32")


def qkeras_conv(seed=8):
    """QConv2D(4, 3x3, same, kernel/bias quantized_bits(4,0)) +
    QActivation(quantized_relu(4,0)) -> QConv2D(8, 3x3, stride 2, valid,
    activation quantized_relu(3,0)) -> Flatten -> QDense(6): tf2onnx's
    NHWC input, each Conv between Transposes to NCHW and back (its
    transpose optimizer cannot move them through the Quant nodes), OIHW
    weights through Quant, the bias (fused into Conv) through Quant."""
    g = Graph(seed)
    v = "input_1"
    chans = 3
    for i, (oc, stride, pads, act) in enumerate([(4, 1, [1, 1, 1, 1], "relu"),
                                                (8, 2, [0, 0, 0, 0], (3, 0))]):
        t = g.node("Transpose", [v], "model/conv_%d/Conv2D__%d" % (i, i), perm=[0, 3, 1, 2])
        w = g.init("model/conv_%d/Conv2D/ReadVariableOp:0" % i,
                   g.rng.uniform(-1, 1, (oc, chans, 3, 3)).astype(np.float32), exact_name=True)
        b = g.init("model/conv_%d/BiasAdd/ReadVariableOp:0" % i,
                   g.rng.uniform(-0.5, 0.5, oc).astype(np.float32), exact_name=True)
        c = g.node("Conv", [t, _qk_quant(g, w, 4, 0, 1), _qk_quant(g, b, 4, 0, 1)],
                   "model/conv_%d/BiasAdd" % i, kernel_shape=[3, 3], strides=[stride, stride],
                   pads=pads, dilations=[1, 1], group=1)
        v = g.node("Transpose", [c], "model/conv_%d/BiasAdd__%d" % (i, i), perm=[0, 2, 3, 1])
        if act == "relu":
            v = g.node("Relu", [v], "model/q_activation/Relu")
            v = _qk_quant(g, v, 4, 0, 0)
        else:
            v = _qk_quant(g, v, act[0], act[1], 0)
        chans = oc
    v = g.node("Reshape", [v, g.init("const_fold_opt__1", np.asarray([-1, 72], np.int64))],
               "model/flatten/Reshape")
    w = g.init("model/dense/MatMul/ReadVariableOp:0",
               g.rng.uniform(-1, 1, (72, 6)).astype(np.float32), exact_name=True)
    v = g.node("MatMul", [v, _qk_quant(g, w, 6, 0, 1)], "model/dense/MatMul")
    b = g.init("model/dense/BiasAdd/ReadVariableOp:0",
               g.rng.uniform(-0.5, 0.5, 6).astype(np.float32), exact_name=True)
    g.node("Add", [v, _qk_quant(g, b, 6, 0, 1)], "model/dense/BiasAdd")
    g.nodes[-1].output[0] = "dense"
    proto = g.model([("input_1", TensorProto.FLOAT, [1, 7, 7, 3])],
                    [("dense", TensorProto.FLOAT, [1, 6])], 13, [(QONNX, 1)],
                    producer="tf2onnx")

    make = _images("input_1", [1, 7, 7, 3], -1, 1, step=2.0 ** -8)
    return Model("qkeras_conv", "QKeras via qonnx (Transpose-wrapped NHWC Conv)", proto,
                 make, exact=True, why="power-of-two scales: every value is exact in float32")


# ---------------------------------------------------------------------------
# hls4ml's channels-last models (qonnx's ConvertToChannelsLastAndClean with
# make_input_channels_last, then cleanup): qonnx.custom_op.channels_last
# Conv / MaxPool, weights [O, KH, KW, I/group] (the transpose folded into the
# Quant's initializer), a separable conv as depthwise (group = C) then
# pointwise, Flatten before the MatMul (the transpose absorbed into its
# weights).


def hls4ml_sepconv(seed=9):
    g = Graph(seed)
    v = _qk_quant(g, "global_in", 8, 0, 1)
    chans = 3
    dw = g.init("dw_weight", g.rng.uniform(-1, 1, (chans, 3, 3, 1)).astype(np.float32))
    v = g.node("Conv", [v, _qk_quant(g, dw, 4, 0, 1)], "dw", domain=CHANNELS_LAST,
               kernel_shape=[3, 3], strides=[1, 1], pads=[1, 1, 1, 1], dilations=[1, 1],
               group=chans)
    pw = g.init("pw_weight", g.rng.uniform(-1, 1, (8, 1, 1, chans)).astype(np.float32))
    pb = g.init("pw_bias", g.rng.uniform(-0.5, 0.5, 8).astype(np.float32))
    v = g.node("Conv", [v, _qk_quant(g, pw, 4, 0, 1), _qk_quant(g, pb, 4, 0, 1)], "pw",
               domain=CHANNELS_LAST, kernel_shape=[1, 1], strides=[1, 1], pads=[0, 0, 0, 0],
               dilations=[1, 1], group=1)
    v = g.node("Relu", [v], "relu")
    v = _qk_quant(g, v, 4, 1, 0)
    v = g.node("MaxPool", [v], "pool", domain=CHANNELS_LAST, kernel_shape=[2, 2],
               strides=[2, 2], pads=[0, 0, 0, 0])
    v = g.node("Flatten", [v], "flatten", axis=1)
    w = g.init("fc_weight", g.rng.uniform(-1, 1, (4 * 4 * 8, 5)).astype(np.float32))
    v = g.node("MatMul", [v, _qk_quant(g, w, 6, 0, 1)], "fc")
    b = g.init("fc_bias", g.rng.uniform(-0.5, 0.5, 5).astype(np.float32))
    g.node("Add", [v, _qk_quant(g, b, 6, 0, 1)], "fc_bias")
    g.nodes[-1].output[0] = "global_out"
    proto = g.model([("global_in", TensorProto.FLOAT, [1, 8, 8, 3])],
                    [("global_out", TensorProto.FLOAT, [1, 5])], 13,
                    [(QONNX, 1), (CHANNELS_LAST, 13)], producer="qonnx")

    make = _images("global_in", [1, 8, 8, 3], -1, 1)
    return Model("hls4ml_sepconv", "hls4ml channels_last (separable conv)", proto, make,
                 exact=True, why="power-of-two scales: every value is exact in float32")


# ---------------------------------------------------------------------------
# Brevitas QONNX super-resolution CNNs (the ESPCN-style and upsampling
# models of Brevitas's super-resolution examples): an 8-bit input
# quantizer, QuantConv2d with per-channel weight scales and a float bias,
# QuantReLU, nn.Upsample (Resize) or nn.PixelShuffle (DepthToSpace, CRD as
# torch.onnx writes it), an 8-bit output quantizer.


def _superres(name, seed, bits, upsample, linear=False):
    g = Graph(seed)
    v = g.quant("inp", np.float32(2.0 ** -8), 8, signed=0, narrow=0)
    widths = [8, 8] + ([4] if upsample == "d2s" else [])
    act_scale = 2.0 ** -2 if bits == 4 else 2.0 ** -6

    def conv(v, cin, cout, relu):
        s = g.per_channel_scale(cout, bits, 4)
        w = g.init("weight", g.weights(cout, cin, 3, 3) * s * (2 ** (bits - 1)))
        b = g.init("bias", g.rng.uniform(-0.1, 0.1, cout).astype(np.float32))
        v = g.node("Conv", [v, g.quant(w, s, bits, signed=1, narrow=1), b], "conv",
                   kernel_shape=[3, 3], strides=[1, 1], pads=[1, 1, 1, 1], dilations=[1, 1],
                   group=1)
        if relu:
            v = g.node("Relu", [v], "relu")
            v = g.quant(v, np.float32(act_scale), bits, signed=0, narrow=0)
        return v

    v = conv(v, 1, widths[0], True)
    if upsample == "resize":
        roi = g.init("roi", np.zeros(0, np.float32))
        scales = g.init("scales", np.asarray([1, 1, 2, 2], np.float32))
        if linear:
            v = g.node("Resize", [v, roi, scales], "resize", mode="linear",
                       coordinate_transformation_mode="pytorch_half_pixel",
                       cubic_coeff_a=-0.75, nearest_mode="floor")
        else:
            v = g.node("Resize", [v, roi, scales], "resize", mode="nearest",
                       coordinate_transformation_mode="asymmetric", cubic_coeff_a=-0.75,
                       nearest_mode="floor")
        v = conv(v, widths[0], widths[1], True)
        v = conv(v, widths[1], 1, False)
    else:
        v = conv(v, widths[0], widths[1], True)
        v = conv(v, widths[1], 4, False)
        v = g.node("DepthToSpace", [v], "d2s", blocksize=2, mode="CRD")
    g.quant(v, np.float32(2.0 ** -7), 8, signed=1, narrow=0)
    g.nodes[-1].output[0] = "out"
    proto = g.model([("inp", TensorProto.FLOAT, [1, 1, 8, 8])],
                    [("out", TensorProto.FLOAT, [1, 1, 16, 16])], 13, [(QONNX, 1)])
    form = "Brevitas QONNX (%s%s)" % (
        "Resize " + ("linear" if linear else "nearest") if upsample == "resize"
        else "DepthToSpace", ", %d-bit" % bits)
    return Model(name, form, proto, _images("inp", [1, 1, 8, 8]))


def superres_resize_w4a4(seed=10):
    return _superres("superres_resize_w4a4", seed, 4, "resize")


def superres_resize_w8a8(seed=11):
    return _superres("superres_resize_w8a8", seed, 8, "resize", linear=True)


def superres_d2s_w4a4(seed=12):
    return _superres("superres_d2s_w4a4", seed, 4, "d2s")


def superres_d2s_w8a8(seed=13):
    return _superres("superres_d2s_w8a8", seed, 8, "d2s")


def brevitas_truncavgpool(seed=16):
    """Brevitas's QONNX export (qonnx.custom_op.general version 2) of a CNN
    with a TruncAvgPool2d: AveragePool, Mul by the kernel area (a 0-d
    constant), Trunc version 2 (rounding FLOOR) from the window sum's 6 bits
    to 4, as FINN's AvgPoolAndTruncToQuantAvgPool expects it; QuantConv2d
    with a 32-bit bias Quant (Int32Bias: input scale times weight scale),
    QuantReLU, QuantLinear, an 8-bit output quantizer."""
    g = Graph(seed)
    v = g.quant("inp", np.float32(2.0 ** -7), 8, signed=1, narrow=0)
    s = g.per_channel_scale(8, 4, 4)
    w = g.init("weight", g.weights(8, 3, 3, 3) * s * 8)
    bias_scale = (np.float32(2.0 ** -7) * s.reshape(-1)).astype(np.float32)
    b = g.init("bias", (np.round(g.rng.uniform(-0.3, 0.3, 8) / bias_scale) * bias_scale)
               .astype(np.float32))
    bq = g.quant(b, bias_scale, 32, signed=1, narrow=0)
    v = g.node("Conv", [v, g.quant(w, s, 4, signed=1, narrow=1), bq], "conv",
               kernel_shape=[3, 3], strides=[1, 1], pads=[1, 1, 1, 1], dilations=[1, 1], group=1)
    v = g.node("Relu", [v], "relu")
    a_scale = np.float32(2.0 ** -3)
    v = g.quant(v, a_scale, 4, signed=0, narrow=0)
    v = g.node("AveragePool", [v], "avgpool", kernel_shape=[2, 2], strides=[2, 2],
               pads=[0, 0, 0, 0], ceil_mode=0, count_include_pad=0)
    v = g.node("Mul", [v, g.init("area", np.float32(4.0))], "mul")
    v = g.node("Trunc", [v, g.init("scale", a_scale), g.init("zeropt", np.float32(0.0)),
                         g.init("in_bits", np.float32(6.0)),
                         g.init("out_scale", np.float32(a_scale * 4)),
                         g.init("out_bits", np.float32(4.0))], "trunc", domain=QONNX,
               rounding_mode="FLOOR", signed=0, narrow=0)
    v = g.node("Flatten", [v], "flatten", axis=1)
    s2 = g.per_channel_scale(10, 4, 2)
    w2 = g.init("weight", g.weights(10, 8 * 4 * 4) * s2 * 8)
    v = g.node("Gemm", [v, g.quant(w2, s2, 4, signed=1, narrow=1),
                        g.init("bias", g.rng.uniform(-0.2, 0.2, 10).astype(np.float32))],
               "gemm", transB=1)
    g.quant(v, np.float32(2.0 ** -4), 8, signed=1, narrow=0)
    g.nodes[-1].output[0] = "out"
    proto = g.model([("inp", TensorProto.FLOAT, [2, 3, 8, 8])],
                    [("out", TensorProto.FLOAT, [2, 10])], 13, [(QONNX, 2)])
    return Model("brevitas_truncavgpool", "Brevitas QONNX (TruncAvgPool: AveragePool, Mul, "
                 "Trunc v2; Int32Bias)", proto, _images("inp", [2, 3, 8, 8], -1, 1))


# ---------------------------------------------------------------------------
# Brevitas QCDQ (export_onnx_qcdq, default export_weight_q_node=False):
# activations QuantizeLinear -> Clip of the codes -> DequantizeLinear (no
# Clip at 8 bits), weights stored as int8 codes -> Clip -> DequantizeLinear
# (per-channel scale, axis 0), the bias as INT32 codes -> DequantizeLinear
# with scale input scale x weight scale.


def _qcdq_act(g, x, scale, bits, signed):
    zp_type = np.int8 if signed else np.uint8
    s = g.init("act_scale", np.float32(scale))
    z = g.init("act_zp", np.asarray(0, zp_type))
    q = g.node("QuantizeLinear", [x, s, z], "quantize")
    if bits < 8:
        lo = -(2 ** (bits - 1)) if signed else 0
        hi = 2 ** (bits - 1) - 1 if signed else 2 ** bits - 1
        q = g.node("Clip", [q, g.init("clip_min", np.asarray(lo, zp_type)),
                            g.init("clip_max", np.asarray(hi, zp_type))], "clip")
    return g.node("DequantizeLinear", [q, s, z], "dequantize")


def _qcdq_weight(g, codes, scale, bits):
    q = g.init("weight_codes", codes.astype(np.int8))
    lim = 2 ** (bits - 1) - 1  # narrow range, Brevitas's weight default
    q = g.node("Clip", [q, g.init("clip_min", np.asarray(-lim, np.int8)),
                        g.init("clip_max", np.asarray(lim, np.int8))], "clip")
    s = g.init("weight_scale", scale.astype(np.float32))
    z = g.init("weight_zp", np.zeros(scale.shape, np.int8))
    return g.node("DequantizeLinear", [q, s, z], "dequantize", axis=0)


def _qcdq_bias(g, values, scale):
    codes = np.round(values / scale).astype(np.int32)
    return g.node("DequantizeLinear", [g.init("bias_codes", codes),
                                       g.init("bias_scale", scale.astype(np.float32)),
                                       g.init("bias_zp", np.zeros(scale.shape, np.int32))],
                  "dequantize", axis=0)


def brevitas_qcdq_cnn(seed=14):
    """8-bit input, QuantConv2d 4-bit weights + INT32 bias, QuantReLU 2-bit
    (uint8 codes clipped to [0, 3]), MaxPool, a second conv block,
    GlobalAveragePool, Flatten, QuantLinear (4-bit weights, INT32 bias)."""
    g = Graph(seed)
    in_scale = 2.0 ** -7
    v = _qcdq_act(g, "inp", in_scale, 8, True)
    chans = 3
    a_scale = in_scale
    for oc in (8, 16):
        s = g.per_channel_scale(oc, 4, 1).reshape(-1)
        codes = np.clip(np.round(g.weights(oc, chans, 3, 3) * 8), -7, 7)
        w = _qcdq_weight(g, codes, s, 4)
        b = _qcdq_bias(g, g.rng.uniform(-0.2, 0.2, oc), (a_scale * s).astype(np.float32))
        v = g.node("Conv", [v, w, b], "conv", kernel_shape=[3, 3], strides=[1, 1],
                   pads=[1, 1, 1, 1], dilations=[1, 1], group=1)
        v = g.node("Relu", [v], "relu")
        # The first scale as learned; the last a power of two, so that the
        # average pool's window sums are exact and its ties are true ties.
        a_scale = float(np.float32(g.rng.uniform(0.1, 0.3))) if oc == 8 else 0.25
        v = _qcdq_act(g, v, a_scale, 2, False)
        v = g.node("MaxPool", [v], "pool", kernel_shape=[2, 2], strides=[2, 2],
                   pads=[0, 0, 0, 0])
        chans = oc
    v = g.node("GlobalAveragePool", [v], "gap")
    v = g.node("Flatten", [v], "flatten", axis=1)
    # The average of a 2x2 window of 2-bit codes is not a code: the linear
    # layer's input is requantized, as Brevitas's TruncAvgPool / QuantIdentity.
    v = _qcdq_act(g, v, a_scale / 4, 4, False)
    s = g.per_channel_scale(10, 4, 1).reshape(-1)
    codes = np.clip(np.round(g.weights(10, 16) * 8), -7, 7)
    w = _qcdq_weight(g, codes, s, 4)
    b = _qcdq_bias(g, g.rng.uniform(-0.2, 0.2, 10), (np.float32(a_scale / 4) * s))
    g.node("Gemm", [v, w, b], "fc", transB=1)
    g.nodes[-1].output[0] = "out"
    proto = g.model([("inp", TensorProto.FLOAT, [2, 3, 16, 16])],
                    [("out", TensorProto.FLOAT, [2, 10])], 13)
    step = float(np.float32(a_scale / 4) * s.min())
    return Model("brevitas_qcdq_cnn", "Brevitas QCDQ (Clip on codes, INT32 bias)", proto,
                 _images("inp", [2, 3, 16, 16], -1, 1),
                 exact=False, atol=_float_tolerance(step),
                 why="logits are a float dot product of 16 terms; one code moves them by "
                     ">= %.3g" % step)


# Every model of the suite, in the order the test runs them.
WRITERS = [tfc_w2a2, tfc_w1a2, tfc_w1a1, mlp_w3a3_in8, mlp_bipolar_out,
           finn_tfc_streamlined, finn_tfc_w1a1_streamlined, qkeras_dense, qkeras_conv,
           hls4ml_sepconv,
           superres_resize_w4a4, superres_resize_w8a8, superres_d2s_w4a4,
           superres_d2s_w8a8, brevitas_truncavgpool, brevitas_qcdq_cnn]


# ---------------------------------------------------------------------------
# The custom operators one by one, in every form the exporters write (several
# outputs per model, all quantizer outputs, so compared bit for bit): they
# check the two oracles against each other where the models above do not
# reach (every rounding mode, ties, 1-bit signed narrow, zero points,
# per-channel parameters, bit widths past 8, Trunc, MultiThreshold layouts,
# the layer operators).


def _tie_inputs(name, shape, step=0.125, span=80):
    """Multiples of `step` (exact ties of x / scale for scales that are
    multiples of 2 * step) and, in every other element, random floats."""
    def make(seed):
        rng = np.random.default_rng(6000 + seed)
        ties = rng.integers(-span, span + 1, shape) * step
        free = rng.uniform(-span * step, span * step, shape)
        pick = rng.random(shape) < 0.5
        return {name: np.where(pick, ties, free).astype(np.float32)}
    return make


def _ops_model(name, form, g, inputs, outputs, opsets, make):
    proto = g.model(inputs, outputs, 13, opsets)
    return Model(name, form, proto, make)


def quant_rounding(seed=20):
    """Quant with each rounding mode (signed 4-bit, scale 0.25: x multiples
    of 0.125 land on ties), and unsigned narrow 3-bit FLOOR / CEIL."""
    g = Graph(seed)
    outs = []
    for mode in ("ROUND", "HALF_EVEN", "CEIL", "FLOOR", "UP", "DOWN", "HALF_UP", "HALF_DOWN"):
        outs.append(g.quant("x", np.float32(0.25), 4, signed=1, narrow=0,
                            rounding_mode=mode))
    for mode in ("FLOOR", "CEIL"):
        outs.append(g.quant("x", np.float32(0.5), 3, signed=0, narrow=1, rounding_mode=mode))
    return _ops_model("quant_rounding", "QONNX Quant, every rounding_mode", g,
                      [("x", TensorProto.FLOAT, [2, 64])],
                      [(o, TensorProto.FLOAT, [2, 64]) for o in outs], [(QONNX, 1)],
                      _tie_inputs("x", [2, 64]))


def quant_forms(seed=21):
    """Quant forms beside rounding: 1-bit signed narrow (QKeras's binary,
    DOUBLE / INT64 parameters), per-channel scale [1, C] with a non-zero
    zero point, signed narrow 8-bit, 16-bit (a bias quantizer),
    BipolarQuant with a scale."""
    g = Graph(seed)
    outs = [
        g.quant("x", 1.0, 1, signed=1, narrow=1, zeropt=0, dtypes=_QKERAS_TYPES),
        g.quant("x", (g.rng.uniform(0.1, 0.5, (1, 64))).astype(np.float32), 4, signed=0,
                narrow=0, zeropt=np.float32(3.0)),
        g.quant("x", np.float32(0.0625), 8, signed=1, narrow=1),
        g.quant("x", np.float32(2.0 ** -10), 16, signed=1, narrow=0),
        g.bipolar("x", np.float32(0.75)),
    ]
    return _ops_model("quant_forms", "QONNX Quant 1-bit / per-channel / zero point / 16-bit,"
                      " BipolarQuant", g, [("x", TensorProto.FLOAT, [2, 64])],
                      [(o, TensorProto.FLOAT, [2, 64]) for o in outs], [(QONNX, 1)],
                      _tie_inputs("x", [2, 64]))


def _trunc(name, seed, version):
    """Trunc after a Quant that gives it integer inputs (as Brevitas's
    TruncAvgPool: codes truncated to fewer bits). Version 1 (5 inputs, the
    older Brevitas's onnx.brevitas domain, version 1), rounding FLOOR;
    version 2 (6 inputs, qonnx.custom_op.general version 2 as Brevitas
    declares it now), signed FLOOR and unsigned ROUND."""
    g = Graph(seed)
    domain = BREVITAS if version == 1 else QONNX
    q = g.quant("x", np.float32(0.125), 8, signed=1, narrow=0, domain=domain)
    s = g.init("scale", np.float32(0.125))
    z = g.init("zeropt", np.float32(0.0))
    if version == 1:
        outs = [g.node("Trunc", [q, s, z, g.init("in_bits", np.float32(8)),
                                 g.init("out_bits", np.float32(5))], "trunc", domain=domain,
                       rounding_mode="FLOOR")]
    else:
        outs = [g.node("Trunc", [q, s, z, g.init("in_bits", np.float32(8)),
                                 g.init("out_scale", np.float32(1.0)),
                                 g.init("out_bits", np.float32(4))], "trunc", domain=domain,
                       rounding_mode=mode, signed=signed, narrow=0)
                for signed, mode in ((1, "FLOOR"), (0, "ROUND"))]
    return _ops_model(name, "QONNX Trunc v%d" % version, g,
                      [("x", TensorProto.FLOAT, [2, 64])],
                      [(o, TensorProto.FLOAT, [2, 64]) for o in outs], [(domain, version)],
                      _tie_inputs("x", [2, 64], step=0.0625, span=300))


def trunc_v1(seed=22):
    return _trunc("trunc_v1", seed, 1)


def trunc_v2(seed=25):
    return _trunc("trunc_v2", seed, 2)


def multithreshold_forms(seed=23):
    """MultiThreshold: NCHW per-channel (INT2, out_bias -2), NHWC per-channel
    (UINT2), one shared threshold row, bipolar (out_scale 2, out_bias -1),
    and a float out_scale (UINT2 codes times 0.5), in the domain FINN's
    ConvertQONNXtoFINN writes now (qonnx.custom_op.general; the streamlined
    TFC above has the older finn.custom_op.general). Thresholds on
    multiples of 0.125 so that x >= t is decided on equality too."""
    g = Graph(seed)
    c = 4
    thr = np.sort(g.rng.integers(-24, 24, (c, 3)) * 0.125, axis=1).astype(np.float32)
    t = g.init("thr", thr)
    outs = [
        g.node("MultiThreshold", ["x", t], "mt", domain=QONNX, out_dtype="INT2", out_bias=-2.0),
        g.node("MultiThreshold", ["xt", t], "mt", domain=QONNX, out_dtype="UINT2",
               data_layout="NHWC"),
        g.node("MultiThreshold", ["x", g.init("thr_shared", thr[:1])], "mt", domain=QONNX,
               out_dtype="UINT2"),
        g.node("MultiThreshold", ["x", g.init("thr_bipolar", thr[:, 1:2])], "mt", domain=QONNX,
               out_dtype="BIPOLAR", out_scale=2.0, out_bias=-1.0),
        g.node("MultiThreshold", ["x", t], "mt", domain=QONNX, out_dtype="UINT2",
               out_scale=0.5),
    ]
    g.nodes.insert(0, helper.make_node("Transpose", ["x"], ["xt"], perm=[0, 2, 3, 1],
                                       name="to_nhwc"))
    shapes = [[2, c, 5, 5], [2, 5, 5, c], [2, c, 5, 5], [2, c, 5, 5], [2, c, 5, 5]]
    return _ops_model("multithreshold_forms", "FINN MultiThreshold NCHW / NHWC / shared / "
                      "bipolar / out_scale", g, [("x", TensorProto.FLOAT, [2, c, 5, 5])],
                      [(o, TensorProto.FLOAT, s) for o, s in zip(outs, shapes)], [(QONNX, 1)],
                      _tie_inputs("x", [2, c, 5, 5], span=24))


def layer_forms(seed=24):
    """The layer operators on codes: MaxPoolNHWC, QuantAvgPool2d (NCHW and
    NHWC, unsigned and signed), channels_last MaxPool and
    BatchNormalization (then a Quant), channels_last Conv with bias."""
    g = Graph(seed)
    q = g.quant("x", np.float32(1.0), 4, signed=0, narrow=0)        # NHWC codes 0..15
    qs = g.quant("x", np.float32(1.0), 4, signed=1, narrow=0)       # -8..7
    outs = [
        g.node("MaxPoolNHWC", [q], "mp_nhwc", domain=FINN, kernel_shape=[2, 2],
               pads=[0, 0, 0, 0], strides=[2, 2]),
        g.node("QuantAvgPool2d", [q], "qap", domain=FINN, stride=2, kernel=2, ibits=4,
               obits=4, signed=0, data_layout="NHWC"),
        g.node("QuantAvgPool2d", [g.node("Transpose", [qs], "t", perm=[0, 3, 1, 2])], "qap",
               domain=FINN, stride=1, kernel=3, ibits=4, obits=6, signed=1,
               data_layout="NCHW"),
        g.node("MaxPool", [q], "cl_mp", domain=CHANNELS_LAST, kernel_shape=[3, 3],
               strides=[1, 1], pads=[1, 1, 1, 1]),
    ]
    bn = g.node("BatchNormalization", [q] + [g.init(n, v) for n, v in (
        ("gamma", np.float32([0.5, 0.25, 1.0, 2.0])), ("beta", np.float32([0, 0.5, -1, 1])),
        ("mean", np.float32([4, 8, 2, 0])), ("var", np.float32([0.25, 4, 1, 16])))],
        "cl_bn", domain=CHANNELS_LAST, epsilon=0.0, momentum=0.9)
    outs.append(g.quant(bn, np.float32(0.25), 6, signed=1, narrow=0))
    w = g.init("w", g.rng.integers(-2, 2, (3, 3, 3, 4)).astype(np.float32))
    b = g.init("b", np.float32([0.5, -1.0, 0.0]))
    conv = g.node("Conv", [q, w, b], "cl_conv", domain=CHANNELS_LAST, kernel_shape=[3, 3],
                  strides=[1, 1], pads=[1, 1, 1, 1], dilations=[1, 1], group=1)
    outs.append(g.quant(conv, np.float32(1.0), 8, signed=1, narrow=0))
    shapes = [[1, 3, 3, 4], [1, 3, 3, 4], [1, 4, 4, 4], [1, 6, 6, 4], [1, 6, 6, 4],
              [1, 6, 6, 3]]
    return _ops_model("layer_forms", "MaxPoolNHWC, QuantAvgPool2d, channels_last MaxPool / "
                      "BatchNormalization / Conv", g, [("x", TensorProto.FLOAT, [1, 6, 6, 4])],
                      [(o, TensorProto.FLOAT, s) for o, s in zip(outs, shapes)],
                      [(QONNX, 1), (FINN, 1), (CHANNELS_LAST, 13)],
                      _images("x", [1, 6, 6, 4], -9, 17))


OP_WRITERS = [quant_rounding, quant_forms, trunc_v1, trunc_v2, multithreshold_forms, layer_forms]


# ---------------------------------------------------------------------------
# Brevitas's W2A2 ResNet-18 (8-bit first and last layers) in its QONNX and
# QCDQ forms, from resnet18.py, at a small image and width so that the
# test stays fast (the topology is unchanged: 7x7/2 stem, max pool, four
# stages of two basic blocks with downsampling 1x1 convs, global average
# pool, the 8-bit classifier with an INT32 bias).

RESNET_SMALL = dict(image=32, batch=1, classes=10, width=8)


def _last_layer_step(proto):
    """The least change of the last MatMul / Gemm's output one code of its
    input makes: the input quantizer's scale times the smallest weight
    scale (QONNX Quant or DequantizeLinear scales)."""
    inits = {i.name: numpy_helper.to_array(i) for i in proto.graph.initializer}
    producers = {o: n for n in proto.graph.node for o in n.output}
    layer = [n for n in proto.graph.node if n.op_type in ("MatMul", "Gemm")][-1]

    def scale_of(name):
        node = producers[name]
        while node.op_type == "Transpose":
            node = producers[node.input[0]]
        return np.abs(np.asarray(inits[node.input[1]], np.float64))
    return float(scale_of(layer.input[0]).min() * scale_of(layer.input[1]).min())


def _resnet(name, form):
    import resnet18
    if form == "qonnx":
        proto = resnet18.qonnx_model(0, **RESNET_SMALL)
    else:
        proto = resnet18.qcdq_model(0, **RESNET_SMALL)
    step = _last_layer_step(proto)
    shape = [RESNET_SMALL["batch"], 3, RESNET_SMALL["image"], RESNET_SMALL["image"]]
    return Model(name, "Brevitas %s ResNet-18 W2A2 (8-bit first/last), %dx%d, width %d" % (
        "QONNX" if form == "qonnx" else "QCDQ", RESNET_SMALL["image"], RESNET_SMALL["image"],
        RESNET_SMALL["width"]), proto, _images("input", shape, -2, 2), exact=False,
        atol=_float_tolerance(step), why="logits are a float dot product; one code moves them by >= %.3g"
        % step)


def resnet18_qonnx(seed=0):
    return _resnet("resnet18_qonnx", "qonnx")


def resnet18_qcdq(seed=0):
    return _resnet("resnet18_qcdq", "qcdq")


WRITERS += [resnet18_qonnx, resnet18_qcdq]
