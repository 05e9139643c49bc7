#!/usr/bin/env python3
"""A Brevitas W2A2 ResNet-18 in the two ONNX forms Brevitas exports, and the
same network in qnn IR.

The network is Brevitas's QuantResNet / QuantBasicBlock
(brevitas_examples/bnn_pynq/models/resnet.py) on torchvision's ImageNet
topology: an 8-bit QuantIdentity on the image, conv1 7x7/2 (8-bit weights)
+ BatchNorm + QuantReLU + 3x3/2 max pool, four stages of two basic blocks
(3x3 QuantConv2d, BatchNorm, QuantReLU; 1x1 downsampling QuantConv2d +
BatchNorm + QuantReLU on the first block of stages 2-4), global average
pool, flatten, and a QuantLinear with an 8-bit unsigned input quantizer,
8-bit per-tensor weights and an Int32Bias. Every other convolution has
2-bit weights (Int8WeightPerChannelFloat at bit width 2: signed, narrow,
codes -1..1, one scale per output channel) and the activations are 2-bit
QuantReLUs (Uint8ActPerTensorFloat at bit width 2: codes 0..3). As in
QuantBasicBlock, both operands of every residual add come from one shared
quantizer (the previous block's output QuantReLU, or the downsampling
branch's), and the sum goes through Relu and the block's output QuantReLU.

- `qonnx_model(seed)`: Brevitas's QONNX export (export_qonnx): every
  quantizer a `Quant` node of the qonnx.custom_op.general domain (or
  onnx.brevitas, Brevitas before 0.10) on float tensors; weights float
  initializers through a Quant with rounding ROUND, the bias through a
  32-bit Quant with the input scale times the weight scale.
- `qcdq_model(seed)`: Brevitas's standard-ONNX QCDQ export
  (export_onnx_qcdq): activations QuantizeLinear (int8 / uint8 zero point),
  Clip of the codes to the bit width's range where it is narrower than the
  byte, DequantizeLinear; weights int8 code initializers, Clip,
  DequantizeLinear (per channel: axis 0, 1-D scales and zero points); the
  bias int32 codes through DequantizeLinear.
- `qnn_ir(seed)`: the same weights, statistics and quantizers as qnn IR
  (NHWC TOSA, qnn.constant codes of !qnn.uniform types, qnn.quantize /
  qnn.dequantize), the form examples/resnet18 writes.

The three compute the same function: the ONNX forms take an NCHW image and
return [batch, classes] logits, the qnn-IR form an NHWC image and
[1, batch, classes] logits. Parameters come from a seeded NumPy generator;
batch norm statistics and activation scales are chosen from the layer
shapes so that the activation codes spread over their range.

    /usr/bin/python3 test/Exporters/resnet18.py qonnx out.onnx [--seed 0] [--image 224]
    /usr/bin/python3 test/Exporters/resnet18.py qcdq out.onnx
    /usr/bin/python3 test/Exporters/resnet18.py qnn out.mlir
"""
import argparse
import os
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "examples", "resnet18"))
from generate import pads, tensor  # noqa: E402

QONNX_DOMAIN = "qonnx.custom_op.general"
BN_EPSILON = 1e-5


class Quantizer:
    """A Brevitas integer quantizer: bit width, signedness, narrow range and
    its scale (a float32 array: one value, or one per output channel)."""

    def __init__(self, name, bits, signed, narrow, scale):
        self.name = name
        self.bits, self.signed, self.narrow = bits, signed, narrow
        self.scale = np.asarray(scale, np.float32)

    @property
    def min(self):
        return -(1 << (self.bits - 1)) + int(self.narrow) if self.signed else 0

    @property
    def max(self):
        return (1 << (self.bits - 1)) - 1 if self.signed else (1 << self.bits) - 1 - int(self.narrow)

    @property
    def per_channel(self):
        return self.scale.size > 1


class Builder:
    """Draws the parameters of the network layer by layer, in the order the
    writers emit them: a list of (op, output, inputs, attributes)."""

    def __init__(self, seed, classes, width):
        self.rng = np.random.RandomState(seed)
        self.ops = []
        self.count = 0
        self.classes, self.width = classes, width

    def value(self, prefix):
        self.count += 1
        return "%s_%d" % (prefix, self.count)

    def act(self, bits, signed, scale):
        return Quantizer(self.value("act_quant"), bits, signed, False, np.float32(scale))

    def weights(self, out_c, in_c, k, bits, per_channel):
        """Float weights, their codes and quantizer: codes drawn first, the
        float weights within 0.4 of a step from them (or past the end of the
        range, where the Quant clamps), so that rounding has no ties."""
        rng = self.rng
        shape = (out_c, in_c, k, k)
        if bits == 2:
            codes = rng.choice([-1, 0, 1], size=shape, p=[0.3, 0.4, 0.3])
            scales = rng.uniform(0.02, 0.08, out_c if per_channel else 1)
        else:
            codes = np.clip(np.rint(rng.normal(0, 40, shape)), -127, 127)
            scales = rng.uniform(0.002, 0.01, out_c if per_channel else 1)
        q = Quantizer(self.value("weight_quant"), bits, True, True, scales.astype(np.float32))
        offset = rng.uniform(-0.4, 0.4, shape)
        # A fifth of the extreme codes come from weights beyond the range.
        beyond = (np.abs(codes) == q.max) & (rng.random_sample(shape) < 0.2)
        offset = np.where(beyond, np.sign(codes) * rng.uniform(0.6, 2.0, shape), offset)
        s = q.scale.reshape(-1, 1, 1, 1)
        w = ((codes + offset) * s).astype(np.float32)
        # The codes Brevitas's int() gives these weights (round half even).
        codes = np.clip(np.rint(w / s), q.min, q.max).astype(np.int8)
        return w, codes, q

    def conv(self, x, in_c, out_c, k, stride, pad, bits, act_rms):
        """QuantConv2d without bias; act_rms is the root mean square of its
        input (to choose the next batch norm's statistics)."""
        w, codes, q = self.weights(out_c, in_c, k, bits, True)
        y = self.value("conv")
        self.ops.append(("conv", y, [x], dict(w=w, codes=codes, q=q, k=k, stride=stride, pad=pad)))
        # Variance of the accumulated products, per output channel.
        var = (w.astype(np.float64) ** 2).reshape(out_c, -1).sum(axis=1) * act_rms ** 2
        return y, var

    def bn(self, x, c, var):
        rng = self.rng
        gamma = rng.uniform(0.5, 1.5, c) * np.where(rng.random_sample(c) < 0.05, -1, 1)
        beta = rng.uniform(-0.3, 0.6, c)
        mean = rng.normal(0, 0.3, c) * np.sqrt(var)
        running_var = var * rng.uniform(0.5, 2.0, c)
        y = self.value("bn")
        self.ops.append(("bn", y, [x], dict(gamma=gamma.astype(np.float32), beta=beta.astype(np.float32),
                                            mean=mean.astype(np.float32),
                                            var=running_var.astype(np.float32))))
        return y

    def relu_quant(self, x, q):
        r = self.value("relu")
        self.ops.append(("relu", r, [x], {}))
        y = self.value("act")
        self.ops.append(("quant", y, [r], dict(q=q)))
        return y

    def block(self, x, in_c, out_c, stride, shared):
        """QuantBasicBlock; `shared` is the quantizer that quantized x (the
        previous block's output QuantReLU). Returns the output and its
        quantizer."""
        rms = float(shared.scale) * 1.8
        y, var = self.conv(x, in_c, out_c, 3, stride, 1, 2, rms)
        q1 = self.act(2, False, self.rng.uniform(0.3, 0.6))
        y = self.relu_quant(self.bn(y, out_c, var), q1)
        y, var = self.conv(y, out_c, out_c, 3, 1, 1, 2, float(q1.scale) * 1.8)
        y = self.bn(y, out_c, var)
        if stride != 1 or in_c != out_c:
            d, dvar = self.conv(x, in_c, out_c, 1, stride, 0, 2, rms)
            shared = self.act(2, False, self.rng.uniform(0.3, 0.6))
            x = self.relu_quant(self.bn(d, out_c, dvar), shared)
        y = self.relu_quant(y, shared)  # relu2 = the shared quantizer
        s = self.value("add")
        self.ops.append(("add", s, [y, x], {}))
        out_q = self.act(2, False, float(shared.scale) * self.rng.uniform(1.2, 1.8))
        return self.relu_quant(s, out_q), out_q

    def build(self):
        rng = self.rng
        in_q = self.act(8, True, 0.02)
        x = self.value("inp")
        self.ops.append(("quant", x, ["input"], dict(q=in_q)))
        y, var = self.conv(x, 3, self.width, 7, 2, 3, 8, 1.0)
        q = self.act(2, False, rng.uniform(0.3, 0.6))
        y = self.relu_quant(self.bn(y, self.width, var), q)
        p = self.value("pool")
        self.ops.append(("maxpool", p, [y], {}))
        y, c = p, self.width
        for stage in range(4):
            out_c = self.width << stage
            for blk in range(2):
                stride = 2 if stage > 0 and blk == 0 else 1
                y, q = self.block(y, c, out_c, stride, q)
                c = out_c
        g = self.value("gap")
        self.ops.append(("gap", g, [y], {}))
        f = self.value("flat")
        self.ops.append(("flatten", f, [g], {}))
        fc_in = self.act(8, False, float(q.scale) * 3 / 255 * rng.uniform(0.8, 1.2))
        fq = self.value("fcin")
        self.ops.append(("quant", fq, [f], dict(q=fc_in)))
        w, codes, wq = self.weights(self.classes, c, 1, 8, False)
        w, codes = w.reshape(self.classes, c), codes.reshape(self.classes, c)
        # Int32Bias: scale = input scale * weight scale, 32-bit signed codes.
        bias_scale = np.float32(fc_in.scale * wq.scale[0])
        bias_codes = rng.randint(-2000, 2000, self.classes).astype(np.int32)
        self.ops.append(("gemm", "output", [fq], dict(w=w, codes=codes, q=wq, bias_codes=bias_codes,
                                                      bias_q=Quantizer("bias_quant", 32, True, False, bias_scale))))
        return self.ops


def network(seed, classes=1000, width=64):
    return Builder(seed, classes, width).build()


# ---------------------------------------------------------------------------
# ONNX forms


def _onnx():
    import onnx
    from onnx import helper, numpy_helper
    return onnx, helper, numpy_helper


class OnnxWriter:
    def __init__(self, form, image, batch, domain):
        self.onnx, self.helper, self.nh = _onnx()
        self.form, self.image, self.batch, self.domain = form, image, batch, domain
        self.nodes, self.inits = [], []
        self.names = set()
        self.n = 0

    def init(self, name, array):
        if name not in self.names:
            self.names.add(name)
            self.inits.append(self.nh.from_array(np.asarray(array), name))
        return name

    def node(self, op, inputs, outputs, name, domain="", **attrs):
        self.nodes.append(self.helper.make_node(op, inputs, outputs, name=name, domain=domain, **attrs))
        return outputs[0]

    def qonnx_quant(self, x, q, out, name, scale_shape=()):
        """Brevitas's QONNX Quant: the scale shaped to broadcast (per
        channel: [C, 1, 1, 1]), the zero point and bit width 0-dim floats
        (ZeroZeroPoint's tensor(0.))."""
        tag = q.name
        scale = self.init(tag + ".scale", q.scale.reshape(scale_shape))
        zero = self.init("zero_point", np.array(0, np.float32))
        bits = self.init("bit_width.%d" % q.bits, np.array(q.bits, np.float32))
        return self.node("Quant", [x, scale, zero, bits], [out], name, self.domain,
                         narrow=int(q.narrow), rounding_mode="ROUND", signed=int(q.signed))

    def clip(self, x, q, out, name):
        """Brevitas's Clip of codes: only where the range is narrower than
        the storage byte (or int32)."""
        narrower = q.narrow or q.bits not in (8, 32)
        if not narrower:
            return x
        dtype = np.int8 if q.signed and q.bits <= 8 else np.uint8 if q.bits <= 8 else np.int32
        lo = self.init("clip.%s.%d" % (np.dtype(dtype).name, q.min), np.array(q.min, dtype))
        hi = self.init("clip.%s.%d" % (np.dtype(dtype).name, q.max), np.array(q.max, dtype))
        return self.node("Clip", [x, lo, hi], [out], name)

    def qcdq_act(self, x, q, out, name):
        tag = q.name
        zdtype = np.int8 if q.signed else np.uint8
        scale = self.init(tag + ".scale", q.scale.reshape(()))
        zero = self.init(tag + ".zero_point", np.array(0, zdtype))
        codes = self.node("QuantizeLinear", [x, scale, zero], [out + "_q"], name + "/QuantizeLinear")
        codes = self.clip(codes, q, out + "_c", name + "/Clip")
        return self.node("DequantizeLinear", [codes, scale, zero], [out], name + "/DequantizeLinear")

    def qcdq_weight(self, codes, q, prefix):
        """Integer weights (Brevitas's quant_weight().int()), Clip,
        DequantizeLinear; per channel along axis 0 with 1-D parameters."""
        w = self.init(prefix + ".weight_int", codes.astype(np.int8))
        c = self.clip(w, q, prefix + ".weight_clip", prefix + "/weight_quant/Clip")
        if q.per_channel:
            scale = self.init(prefix + ".weight_scale", q.scale.reshape(-1))
            zero = self.init(prefix + ".weight_zero_point", np.zeros(q.scale.size, np.int8))
            return self.node("DequantizeLinear", [c, scale, zero], [prefix + ".weight_dq"],
                             prefix + "/weight_quant/DequantizeLinear", axis=0)
        scale = self.init(prefix + ".weight_scale", q.scale.reshape(()))
        zero = self.init(prefix + ".weight_zero_point", np.array(0, np.int8))
        return self.node("DequantizeLinear", [c, scale, zero], [prefix + ".weight_dq"],
                         prefix + "/weight_quant/DequantizeLinear")

    def weight(self, op, prefix):
        a = op[3]
        if self.form == "qonnx":
            w = self.init(prefix + ".weight", a["w"])
            shape = (a["q"].scale.size,) + (1,) * (a["w"].ndim - 1) if a["q"].per_channel else ()
            return self.qonnx_quant(w, a["q"], prefix + ".weight_q", prefix + "/weight_quant/Quant", shape)
        return self.qcdq_weight(a["codes"], a["q"], prefix)

    def write(self, ops):
        h = self.helper
        convs = 0
        for kind, out, ins, a in ops:
            x = ins[0]
            if kind == "quant":
                name = "/%s/act_quant" % out
                if self.form == "qonnx":
                    self.qonnx_quant(x, a["q"], out, name + "/Quant")
                else:
                    self.qcdq_act(x, a["q"], out, name)
            elif kind == "conv":
                convs += 1
                prefix = "conv%d" % convs
                w = self.weight((kind, out, ins, a), prefix)
                k, s, p = a["k"], a["stride"], a["pad"]
                self.node("Conv", [x, w], [out], "/%s/Conv" % prefix, dilations=[1, 1], group=1,
                          kernel_shape=[k, k], pads=[p, p, p, p], strides=[s, s])
            elif kind == "bn":
                names = [self.init("%s.%s" % (out, n), a[n]) for n in ("gamma", "beta", "mean", "var")]
                self.node("BatchNormalization", [x] + names, [out], "/%s/BatchNormalization" % out,
                          epsilon=BN_EPSILON, momentum=0.9)
            elif kind == "relu":
                self.node("Relu", [x], [out], "/%s/Relu" % out)
            elif kind == "maxpool":
                self.node("MaxPool", [x], [out], "/maxpool/MaxPool", ceil_mode=0, kernel_shape=[3, 3],
                          pads=[1, 1, 1, 1], strides=[2, 2])
            elif kind == "add":
                self.node("Add", ins, [out], "/%s/Add" % out)
            elif kind == "gap":
                self.node("GlobalAveragePool", [x], [out], "/avgpool/GlobalAveragePool")
            elif kind == "flatten":
                self.node("Flatten", [x], [out], "/Flatten", axis=1)
            elif kind == "gemm":
                w = self.weight((kind, out, ins, a), "fc")
                bq = a["bias_q"]
                if self.form == "qonnx":
                    b = self.init("fc.bias", (a["bias_codes"] * bq.scale).astype(np.float32))
                    b = self.qonnx_quant(b, bq, "fc.bias_q", "/fc/bias_quant/Quant")
                else:
                    codes = self.init("fc.bias_int", a["bias_codes"])
                    scale = self.init("fc.bias_scale", bq.scale.reshape(()))
                    zero = self.init("fc.bias_zero_point", np.array(0, np.int32))
                    b = self.node("DequantizeLinear", [codes, scale, zero], ["fc.bias_dq"],
                                  "/fc/bias_quant/DequantizeLinear")
                self.node("Gemm", [x, w, b], [out], "/fc/Gemm", alpha=1.0, beta=1.0, transB=1)
        tp = self.onnx.TensorProto
        classes = ops[-1][3]["codes"].shape[0]
        graph = h.make_graph(
            self.nodes, "brevitas_resnet18_w2a2",
            [h.make_tensor_value_info("input", tp.FLOAT, [self.batch, 3, self.image, self.image])],
            [h.make_tensor_value_info("output", tp.FLOAT, [self.batch, classes])], self.inits)
        opsets = [h.make_opsetid("", 13)]
        if self.form == "qonnx":
            opsets.append(h.make_opsetid(self.domain, 2 if self.domain == QONNX_DOMAIN else 1))
        model = h.make_model(graph, opset_imports=opsets, producer_name="pytorch",
                             producer_version="1.13.1")
        model.ir_version = 7
        self.onnx.checker.check_model(model)
        return model


def qonnx_model(seed, image=224, batch=1, classes=1000, width=64, domain=QONNX_DOMAIN):
    """Brevitas's QONNX export (an onnx.ModelProto)."""
    return OnnxWriter("qonnx", image, batch, domain).write(network(seed, classes, width))


def qcdq_model(seed, image=224, batch=1, classes=1000, width=64):
    """Brevitas's QCDQ export (an onnx.ModelProto)."""
    return OnnxWriter("qcdq", image, batch, None).write(network(seed, classes, width))


# ---------------------------------------------------------------------------
# qnn IR


def _f(v):
    """A float32 as the decimal that parses back to it."""
    return repr(float(np.float32(v)))


def exact_thresholds(q):
    """The f32 thresholds of an unsigned per-tensor quantizer with zero
    point 0 as qnn.quantize computes it (x / scale in f32, rounded half to
    even, clamped): for each code k > 0 the least f32 x whose code is at
    least k, found by bisection over the ordered bit patterns of positive
    floats. Then #{t <= x} is the code of every x."""
    assert not q.signed and not q.per_channel
    scale = np.float32(q.scale.reshape(-1)[0])

    def code(bits):
        x = np.array([bits], np.int32).view(np.float32)[0]
        return min(max(float(np.rint(np.float32(x / scale))), q.min), q.max)

    out = []
    for k in range(q.min + 1, q.max + 1):
        lo, hi = 0, 0x7F800000  # code(lo) < k <= code(hi)
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if code(mid) >= k:
                hi = mid
            else:
                lo = mid
        out.append(np.array([hi], np.int32).view(np.float32)[0])
    return out


def _uniform(q, axis=None):
    elem = ("i" if q.signed else "u") + str(q.bits)
    full_min = -(1 << (q.bits - 1)) if q.signed else 0
    full_max = (1 << (q.bits - 1)) - 1 if q.signed else (1 << q.bits) - 1
    if (q.min, q.max) != (full_min, full_max):
        elem += "<%d:%d>" % (q.min, q.max)
    if axis is None:
        return "!qnn.uniform<%s:f32, %s>" % (elem, _f(q.scale.reshape(-1)[0]))
    return "!qnn.uniform<%s:f32:%d, {%s}>" % (elem, axis, ", ".join(_f(s) for s in q.scale))


class IrWriter:
    def __init__(self, image, batch, thresholds):
        self.image, self.batch, self.thresholds = image, batch, thresholds
        self.lines = []
        self.shapes = {}
        self.n = 0

    def emit(self, line):
        self.lines.append("  " + line)

    def name(self, prefix):
        self.n += 1
        return "%%%s%d" % (prefix, self.n)

    def const(self, values, shape):
        c = self.name("c")
        v = np.asarray(values, np.float32).reshape(-1)
        if v.size == 1:  # a splat
            body = _f(v[0])
        else:
            body = ", ".join(_f(x) for x in v)
            body = "[" * len(shape) + body + "]" * len(shape)
        self.emit('%s = "tosa.const"() <{values = dense<%s> : %s}> : () -> %s'
                  % (c, body, tensor(shape), tensor(shape)))
        return c

    def codes(self, codes, qtype):
        shape = list(codes.shape)
        raw = codes.astype(np.int8).tobytes().hex().upper()
        w = self.name("wq")
        self.emit('%s = qnn.constant dense<"0x%s"> : %s -> %s'
                  % (w, raw, tensor(shape, "i8"), tensor(shape, qtype)))
        d = self.name("w")
        self.emit("%s = qnn.dequantize %s : %s -> %s" % (d, w, tensor(shape, qtype), tensor(shape)))
        return d

    def quant(self, x, shape, q):
        """An activation quantizer: the low-bit ones (which follow a layer's
        epilogue) in their deploy form, a qnn.multithreshold with the exact
        thresholds of qnn.quantize's rounding, which qnn-fuse-epilogues folds
        into the layer; the 8-bit ones (on the image and after the average
        pool, where there is no layer to fuse into) as qnn.quantize."""
        t = tensor(shape, _uniform(q))
        c = self.name("q")
        if q.bits <= 4 and self.thresholds:
            body = ", ".join(_f(v) for v in exact_thresholds(q))
            self.emit("%s = qnn.multithreshold %s {thresholds = dense<[[%s]]> : tensor<1x%dxf32>} : %s -> %s"
                      % (c, x, body, q.max - q.min, tensor(shape), t))
        else:
            self.emit("%s = qnn.quantize %s : %s -> %s" % (c, x, tensor(shape), t))
        d = self.name("dq")
        self.emit("%s = qnn.dequantize %s : %s -> %s" % (d, c, t, tensor(shape)))
        return d

    def conv(self, x, shape, a):
        b, h, w, c = shape
        k, stride, pad = a["k"], a["stride"], a["pad"]
        codes = a["codes"].transpose(0, 2, 3, 1)  # OIHW -> OHWI
        out_c = codes.shape[0]
        wt = self.codes(codes, _uniform(a["q"], 0))
        zero = self.const([0.0], [out_c])
        zp = self.const([0.0], [1])
        top, bottom = pads(h, k, stride, pad)
        left, right = pads(w, k, stride, pad)
        if bottom < 0 or right < 0:
            h2, w2 = h + min(bottom, 0), w + min(right, 0)
            st, sz, sl = self.name("start"), self.name("size"), self.name("slice")
            self.emit("%s = tosa.const_shape {values = dense<[0, 0, 0, 0]> : tensor<4xindex>} : () -> !tosa.shape<4>" % st)
            self.emit("%s = tosa.const_shape {values = dense<[%d, %d, %d, %d]> : tensor<4xindex>} : () -> !tosa.shape<4>"
                      % (sz, b, h2, w2, c))
            self.emit("%s = tosa.slice %s, %s, %s : (%s, !tosa.shape<4>, !tosa.shape<4>) -> %s"
                      % (sl, x, st, sz, tensor(shape), tensor([b, h2, w2, c])))
            x, shape, h, w = sl, [b, h2, w2, c], h2, w2
            bottom, right = max(bottom, 0), max(right, 0)
        oh = (h + top + bottom - k) // stride + 1
        ow = (w + left + right - k) // stride + 1
        out = [b, oh, ow, out_c]
        y = self.name("conv")
        self.emit("%s = tosa.conv2d %s, %s, %s, %s, %s {acc_type = f32, dilation = array<i64: 1, 1>, "
                  "pad = array<i64: %d, %d, %d, %d>, stride = array<i64: %d, %d>} : (%s, %s, %s, %s, %s) -> %s"
                  % (y, x, wt, zero, zp, zp, top, bottom,
                     left, right, stride, stride, tensor(shape), tensor(list(codes.shape)), tensor([out_c]),
                     tensor([1]), tensor([1]), tensor(out)))
        return y, out

    def bn(self, x, shape, a):
        """BatchNormalization with constant statistics as qnn reads it: a
        multiply by a = gamma / sqrt(var + epsilon) and an add of
        c = beta - mean * a, computed in double and rounded to f32."""
        c = shape[-1]
        eps = float(np.float32(BN_EPSILON))
        mul = (a["gamma"].astype(np.float64) / np.sqrt(a["var"].astype(np.float64) + eps))
        mul = mul.astype(np.float32).astype(np.float64)
        add = a["beta"].astype(np.float64) - a["mean"].astype(np.float64) * mul
        g, bt = self.const(mul, [1, 1, 1, c]), self.const(add, [1, 1, 1, c])
        sh = self.name("shift")
        self.emit('%s = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>' % sh)
        m, r = self.name("bn"), self.name("bn")
        self.emit("%s = tosa.mul %s, %s, %s : (%s, %s, tensor<1xi8>) -> %s"
                  % (m, x, g, sh, tensor(shape), tensor([1, 1, 1, c]), tensor(shape)))
        self.emit("%s = tosa.add %s, %s : (%s, %s) -> %s"
                  % (r, m, bt, tensor(shape), tensor([1, 1, 1, c]), tensor(shape)))
        return r

    def write(self, ops):
        shapes = {"input": [self.batch, self.image, self.image, 3]}
        vals = {"input": "%image"}
        for kind, out, ins, a in ops:
            x, shape = vals[ins[0]], shapes[ins[0]]
            if kind == "quant":
                y = self.quant(x, shape, a["q"])
            elif kind == "conv":
                y, shape = self.conv(x, shape, a)
            elif kind == "bn":
                y = self.bn(x, shape, a)
            elif kind == "relu":
                y = self.name("relu")
                self.emit("%s = tosa.clamp %s {max_val = 3.40282347E+38 : f32, min_val = 0.0 : f32} : (%s) -> %s"
                          % (y, x, tensor(shape), tensor(shape)))
            elif kind == "maxpool":
                b, h, w, c = shape
                top, bottom = pads(h, 3, 2, 1)
                left, right = pads(w, 3, 2, 1)
                out_shape = [b, (h + top + bottom - 3) // 2 + 1, (w + left + right - 3) // 2 + 1, c]
                y = self.name("pool")
                self.emit("%s = tosa.max_pool2d %s {kernel = array<i64: 3, 3>, pad = array<i64: %d, %d, %d, %d>, "
                          "stride = array<i64: 2, 2>} : (%s) -> %s"
                          % (y, x, top, bottom, left, right, tensor(shape), tensor(out_shape)))
                shape = out_shape
            elif kind == "add":
                y = self.name("sum")
                self.emit("%s = tosa.add %s, %s : (%s, %s) -> %s"
                          % (y, x, vals[ins[1]], tensor(shape), tensor(shape), tensor(shape)))
            elif kind == "gap":
                b, h, w, c = shape
                zp = self.const([0.0], [1])
                y = self.name("gap")
                self.emit("%s = tosa.avg_pool2d %s, %s, %s {acc_type = f32, kernel = array<i64: %d, %d>, "
                          "pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (%s, %s, %s) -> %s"
                          % (y, x, zp, zp, h, w, tensor(shape), tensor([1]), tensor([1]), tensor([b, 1, 1, c])))
                shape = [b, 1, 1, c]
            elif kind == "flatten":
                b, _, _, c = shape
                s = self.name("shape")
                self.emit("%s = tosa.const_shape {values = dense<[1, %d, %d]> : tensor<3xindex>} : () -> !tosa.shape<3>"
                          % (s, b, c))
                y = self.name("flat")
                self.emit("%s = tosa.reshape %s, %s : (%s, !tosa.shape<3>) -> %s"
                          % (y, x, s, tensor(shape), tensor([1, b, c])))
                shape = [1, b, c]
            elif kind == "gemm":
                _, b, c = shape
                classes = a["codes"].shape[0]
                wt = self.codes(a["codes"].T.reshape(1, c, classes), _uniform(a["q"]))
                zq = self.const([0.0], [1])
                mm = self.name("logits")
                self.emit("%s = tosa.matmul %s, %s, %s, %s : (%s, %s, %s, %s) -> %s"
                          % (mm, x, wt, zq, zq, tensor(shape), tensor([1, c, classes]), tensor([1]),
                             tensor([1]), tensor([1, b, classes])))
                bias = (a["bias_codes"] * a["bias_q"].scale).astype(np.float32)
                bc = self.const(bias, [1, 1, classes])
                y = self.name("out")
                self.emit("%s = tosa.add %s, %s : (%s, %s) -> %s"
                          % (y, mm, bc, tensor([1, b, classes]), tensor([1, 1, classes]), tensor([1, b, classes])))
                shape = [1, b, classes]
            else:
                raise ValueError(kind)
            vals[out], shapes[out] = y, shape
        result = vals[ops[-1][1]]
        out_t = tensor(shapes[ops[-1][1]])
        text = ["// Brevitas W2A2 ResNet-18 (test/Exporters/resnet18.py) in qnn IR.",
                'func.func @forward(%%image: %s {qnn.name = "input"}) -> (%s {qnn.name = "output"}) {'
                % (tensor(shapes["input"]), out_t)]
        text += self.lines
        text += ["  return %s : %s" % (result, out_t), "}"]
        return "\n".join(text) + "\n"


def qnn_ir(seed, image=224, batch=1, classes=1000, width=64, thresholds=True):
    """The same network as qnn IR text (NHWC). thresholds=False writes the
    2-bit activation quantizers as qnn.quantize too, the form the ONNX
    importer gives QONNX Quant and QuantizeLinear (for comparing the two)."""
    return IrWriter(image, batch, thresholds).write(network(seed, classes, width))


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("form", choices=["qonnx", "qcdq", "qnn"])
    parser.add_argument("output")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--image", type=int, default=224)
    parser.add_argument("--batch", type=int, default=1)
    parser.add_argument("--classes", type=int, default=1000)
    parser.add_argument("--width", type=int, default=64, help="channels of the first stage")
    parser.add_argument("--no-thresholds", dest="thresholds", action="store_false",
                        help="qnn: the 2-bit activation quantizers as qnn.quantize, not qnn.multithreshold")
    parser.add_argument("--domain", default=QONNX_DOMAIN,
                        help="domain of the QONNX Quant nodes (onnx.brevitas: Brevitas before 0.10)")
    args = parser.parse_args()
    if args.form == "qnn":
        with open(args.output, "w") as f:
            f.write(qnn_ir(args.seed, args.image, args.batch, args.classes, args.width,
                           args.thresholds))
        return
    import onnx
    if args.form == "qonnx":
        model = qonnx_model(args.seed, args.image, args.batch, args.classes, args.width, args.domain)
    else:
        model = qcdq_model(args.seed, args.image, args.batch, args.classes, args.width)
    onnx.save(model, args.output)


if __name__ == "__main__":
    main()
