"""Rewrites the QONNX / FINN custom operators of a model into standard ONNX
operators, so that onnxruntime runs it: the second oracle of the exporters'
tests, beside qonnx_numpy's NumPy execution.

Each custom node becomes the arithmetic of its QONNX definition (docs/
qonnx-custom-ops, src/qonnx/custom_op), spelled in standard operators of
opset 11 and later:

- Quant / IntQuant: Div, Add, the clamp as two Where (QONNX clamps with
  np.where, before rounding), the rounding mode (ROUND / HALF_EVEN: Round;
  CEIL: Ceil; FLOOR: Floor; UP, DOWN, HALF_UP, HALF_DOWN: Sign times Ceil or
  Floor of Abs, offset by one half for the HALF modes), Sub, Mul; a 1-bit
  signed Quant is Where(y >= 0, 1, -1). It computes in the float type of x,
  scale and zero point (a DOUBLE parameter makes it DOUBLE, integer zero
  points are Cast), then Casts to x's type, as QONNX's execution does.
- BipolarQuant: Where(x >= 0, 1, -1) times scale.
- Trunc (5 inputs: version 1; 6 inputs: version 2, with its clamp).
- MultiThreshold: x unsqueezed against the thresholds (reshaped to the
  channel axis), x >= t counted by a ReduceSum, times out_scale plus
  out_bias.
- MaxPoolNHWC, the qonnx.custom_op.channels_last Conv / MaxPool /
  BatchNormalization, QuantAvgPool2d with data_layout NHWC: Transposes to
  NCHW around the standard operator (channels_last Conv's weights are
  [O, KH, KW, I]).
- QuantAvgPool2d: AveragePool times kernel^2, Round (the integer window
  sum), then Floor of a division by 2^shift (the arithmetic right shift).

x >= t is spelled Or(Greater, Equal), false for NaN as in NumPy. The ranks
of the custom nodes' inputs (which MultiThreshold's reshape needs) come
from a shape-only run (`ranks`) or the graph's value_info.

Im2Col and XnorPopcountMatMul are refused (no model of the tests uses them).

usage: to_standard_onnx.py in.onnx out.onnx
"""

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

QONNX_DOMAINS = ("qonnx.custom_op.general", "finn.custom_op.general",
                 "onnx.brevitas", "qonnx")
CHANNELS_LAST_DOMAIN = "qonnx.custom_op.channels_last"
MIN_OPSET = 11

FLOAT_TYPES = {TensorProto.FLOAT16: 1, TensorProto.FLOAT: 2, TensorProto.DOUBLE: 3}


class Rewriter:
    def __init__(self, model, ranks, types):
        self.model = model
        self.graph = model.graph
        self.opset = max(o.version for o in model.opset_import
                         if o.domain in ("", "ai.onnx"))
        self.inits = {i.name: i for i in self.graph.initializer}
        self.ranks = ranks
        self.types = types
        self.counter = 0
        self.nodes = []
        self.new_inits = []

    # -- helpers ------------------------------------------------------------
    def fresh(self, base):
        self.counter += 1
        return "%s__std%d" % (base, self.counter)

    def const(self, base, value):
        name = self.fresh(base)
        self.new_inits.append(numpy_helper.from_array(np.asarray(value), name))
        return name

    def op(self, op_type, inputs, base, **attrs):
        out = self.fresh(base)
        self.nodes.append(helper.make_node(op_type, inputs, [out], name=out, **attrs))
        return out

    def constant_value(self, name, what, node):
        if name not in self.inits:
            raise ValueError("%s %r: %s must be an initializer" % (node.op_type, node.name, what))
        return numpy_helper.to_array(self.inits[name])

    def elem_type(self, name):
        if name in self.inits:
            return self.inits[name].data_type
        return self.types.get(name, TensorProto.FLOAT)

    def cast(self, name, to, base):
        if self.elem_type(name) == to:
            return name
        return self.op("Cast", [name], base, to=to)

    def ge(self, a, b, base):
        """a >= b, false where either is NaN."""
        return self.op("Or", [self.op("Greater", [a, b], base),
                              self.op("Equal", [a, b], base)], base)

    def where_sign(self, y, base, one, minus_one):
        """Where(y >= 0, one, minus_one)."""
        zero = self.const(base + "_zero", np.zeros((), one.dtype))
        return self.op("Where", [self.ge(y, zero, base), self.const(base + "_one", one),
                                 self.const(base + "_minus_one", minus_one)], base)

    def clamp(self, y, lo, hi, base, np_type):
        lo_c = self.const(base + "_min", np.asarray(lo, np_type))
        hi_c = self.const(base + "_max", np.asarray(hi, np_type))
        y = self.op("Where", [self.op("Greater", [y, hi_c], base), hi_c, y], base)
        return self.op("Where", [self.op("Less", [y, lo_c], base), lo_c, y], base)

    def round(self, y, mode, base, np_type):
        mode = mode.upper()
        if mode in ("ROUND", "HALF_EVEN"):
            return self.op("Round", [y], base)
        if mode == "CEIL":
            return self.op("Ceil", [y], base)
        if mode == "FLOOR":
            return self.op("Floor", [y], base)
        sign = self.op("Sign", [y], base)
        mag = self.op("Abs", [y], base)
        half = self.const(base + "_half", np.asarray(0.5, np_type))
        if mode == "UP":
            mag = self.op("Ceil", [mag], base)
        elif mode == "DOWN":
            mag = self.op("Floor", [mag], base)
        elif mode == "HALF_UP":
            mag = self.op("Floor", [self.op("Add", [mag, half], base)], base)
        elif mode == "HALF_DOWN":
            mag = self.op("Ceil", [self.op("Sub", [mag, half], base)], base)
        else:
            raise ValueError("unknown rounding_mode %r" % mode)
        return self.op("Mul", [sign, mag], base)

    def compute_type(self, *names):
        floats = [self.elem_type(n) for n in names if self.elem_type(n) in FLOAT_TYPES]
        if not floats:
            return TensorProto.DOUBLE
        return max(floats, key=lambda t: FLOAT_TYPES[t])

    @staticmethod
    def np_type(onnx_type):
        return {TensorProto.FLOAT16: np.float16, TensorProto.FLOAT: np.float32,
                TensorProto.DOUBLE: np.float64}[onnx_type]

    def finish(self, value, node, out_type):
        """Connects `value` (of out_type) to node's output, as x's type."""
        x_type = self.elem_type(node.input[0])
        if x_type not in FLOAT_TYPES:
            x_type = TensorProto.FLOAT
        if out_type != x_type:
            value = self.op("Cast", [value], node.output[0], to=x_type)
        self.nodes.append(helper.make_node("Identity", [value], [node.output[0]],
                                           name=self.fresh(node.output[0])))

    # -- the custom operators -------------------------------------------------
    def quant(self, node, attrs):
        base = node.output[0]
        x, scale, zeropt, bits_name = node.input[:4]
        bits = float(np.asarray(self.constant_value(bits_name, "the bit width", node)).reshape(()))
        if bits != int(bits) or bits < 1:
            raise ValueError("Quant %r: bit width %g" % (node.name, bits))
        bits = int(bits)
        signed, narrow = attrs.get("signed", 1), attrs.get("narrow", 0)
        t = self.compute_type(x, scale, zeropt)
        npt = self.np_type(t)
        xs, s, z = (self.cast(x, t, base), self.cast(scale, t, base),
                    self.cast(zeropt, t, base))
        y = self.op("Add", [self.op("Div", [xs, s], base), z], base)
        if bits == 1 and signed:
            y = self.where_sign(y, base, np.asarray(1, npt), np.asarray(-1, npt))
        else:
            lo = -(2 ** (bits - 1)) + (1 if narrow else 0) if signed else 0
            hi = 2 ** (bits - 1) - 1 if signed else 2 ** bits - 1 - (1 if narrow else 0)
            y = self.clamp(y, lo, hi, base, npt)
            y = self.round(y, _str(attrs.get("rounding_mode", "ROUND")), base, npt)
        self.finish(self.op("Mul", [self.op("Sub", [y, z], base), s], base), node, t)

    def bipolar_quant(self, node, attrs):
        base = node.output[0]
        x, scale = node.input[:2]
        t = self.compute_type(x, scale)
        npt = self.np_type(t)
        xs, s = self.cast(x, t, base), self.cast(scale, t, base)
        sign = self.where_sign(xs, base, np.asarray(1, npt), np.asarray(-1, npt))
        self.finish(self.op("Mul", [sign, s], base), node, t)

    def trunc(self, node, attrs):
        base = node.output[0]
        mode = _str(attrs.get("rounding_mode", "FLOOR"))
        x, scale, zeropt = node.input[:3]
        v2 = len(node.input) == 6
        names = [x, scale, zeropt] + ([node.input[4]] if v2 else [])
        t = self.compute_type(*names)
        npt = self.np_type(t)
        xs, s, z = (self.cast(x, t, base), self.cast(scale, t, base),
                    self.cast(zeropt, t, base))
        y = self.op("Round", [self.op("Add", [self.op("Div", [xs, s], base), z], base)], base)
        if not v2:
            in_bits = self.constant_value(node.input[3], "the input bit width", node)
            out_bits = self.constant_value(node.input[4], "the output bit width", node)
            shift = float(np.asarray(in_bits).reshape(())) - float(np.asarray(out_bits).reshape(()))
            y = self.op("Div", [y, self.const(base + "_shift", np.asarray(2.0 ** shift, npt))], base)
            y = self.round(y, mode, base, npt)
            out = self.op("Mul", [self.op("Sub", [y, z], base), s], base)
        else:
            out_scale = self.cast(node.input[4], t, base)
            out_bits = int(float(np.asarray(self.constant_value(
                node.input[5], "the output bit width", node)).reshape(())))
            # t = 2^round(log2(out_scale / scale)), in the graph.
            ratio = self.op("Div", [out_scale, s], base)
            ln2 = self.const(base + "_ln2", np.asarray(np.log(2.0), npt))
            log2 = self.op("Div", [self.op("Log", [ratio], base), ln2], base)
            two = self.const(base + "_two", np.asarray(2, npt))
            tr = self.op("Pow", [two, self.op("Round", [log2], base)], base)
            y = self.op("Div", [y, tr], base)
            signed, narrow = attrs.get("signed", 1), attrs.get("narrow", 0)
            lo = -(2 ** (out_bits - 1)) + (1 if narrow else 0) if signed else 0
            hi = 2 ** (out_bits - 1) - 1 if signed else 2 ** out_bits - 1 - (1 if narrow else 0)
            y = self.round(self.clamp(y, lo, hi, base, npt), mode, base, npt)
            zt = self.op("Div", [z, tr], base)
            out = self.op("Mul", [self.op("Sub", [y, zt], base), out_scale], base)
        self.finish(out, node, t)

    def reduce_sum_last(self, v, base):
        if self.opset >= 13:
            axes = self.const(base + "_axes", np.asarray([-1], np.int64))
            return self.op("ReduceSum", [v, axes], base, keepdims=0)
        return self.op("ReduceSum", [v], base, axes=[-1], keepdims=0)

    def unsqueeze_last(self, v, rank, base):
        if self.opset >= 13:
            axes = self.const(base + "_axes", np.asarray([rank], np.int64))
            return self.op("Unsqueeze", [v, axes], base)
        return self.op("Unsqueeze", [v], base, axes=[rank])

    def multithreshold(self, node, attrs):
        base = node.output[0]
        x, thr = node.input[:2]
        rank = self.ranks[x]
        layout = _str(attrs.get("data_layout", "NCHW"))
        thresholds = self.constant_value(thr, "the thresholds", node)
        if thresholds.ndim != 2:
            raise ValueError("MultiThreshold %r: thresholds of rank %d" % (node.name, thresholds.ndim))
        if layout[-1] == "C" or rank <= 2:
            tshape = thresholds.shape          # channels on x's last axis
        else:
            tshape = (thresholds.shape[0],) + (1,) * (rank - 2) + (thresholds.shape[1],)
        t_name = self.op("Reshape", [thr, self.const(base + "_tshape", np.asarray(tshape, np.int64))],
                         base)
        x_type = self.elem_type(x)
        t_name = self.cast(t_name, x_type, base) if self.elem_type(thr) != x_type else t_name
        cmp = self.ge(self.unsqueeze_last(x, rank, base), t_name, base)
        count = self.reduce_sum_last(self.op("Cast", [cmp], base, to=x_type), base)
        npt = self.np_type(x_type)
        out_scale = self.const(base + "_out_scale", np.asarray(np.float32(attrs.get("out_scale", 1.0)), npt))
        out_bias = self.const(base + "_out_bias", np.asarray(np.float32(attrs.get("out_bias", 0.0)), npt))
        out = self.op("Add", [self.op("Mul", [count, out_scale], base), out_bias], base)
        self.nodes.append(helper.make_node("Identity", [out], [node.output[0]],
                                           name=self.fresh(node.output[0])))

    def wrapped(self, node, op_type, attrs, transpose_weights=False, keep=None):
        """op_type on NCHW data between Transposes from and back to NHWC."""
        base = node.output[0]
        ins = list(node.input)
        ins[0] = self.op("Transpose", [ins[0]], base, perm=[0, 3, 1, 2])
        if transpose_weights:
            ins[1] = self.op("Transpose", [ins[1]], base, perm=[0, 3, 1, 2])
        kept = {k: v for k, v in attrs.items() if keep is None or k in keep}
        y = self.op(op_type, ins, base, **kept)
        self.nodes.append(helper.make_node("Transpose", [y], [node.output[0]], perm=[0, 2, 3, 1],
                                           name=self.fresh(base)))

    def quant_avg_pool(self, node, attrs):
        base = node.output[0]
        k, s = attrs["kernel"], attrs["stride"]
        ibits, obits = attrs["ibits"], attrs["obits"]
        nhwc = _str(attrs.get("data_layout", "NCHW")) == "NHWC"
        x = node.input[0]
        if nhwc:
            x = self.op("Transpose", [x], base, perm=[0, 3, 1, 2])
        avg = self.op("AveragePool", [x], base, kernel_shape=[k, k], strides=[s, s])
        total = self.op("Round", [self.op("Mul", [avg, self.const(base + "_area", np.float32(k * k))],
                                          base)], base)
        shift = max(0, int((2 ** ibits - 1) * k * k).bit_length() - obits)
        y = self.op("Floor", [self.op("Div", [total, self.const(base + "_shift",
                                                                np.float32(2 ** shift))], base)],
                    base)
        if nhwc:
            y = self.op("Transpose", [y], base, perm=[0, 2, 3, 1])
        self.nodes.append(helper.make_node("Identity", [y], [node.output[0]], name=self.fresh(base)))

    # -- driver ---------------------------------------------------------------
    def rewrite(self):
        for node in self.graph.node:
            attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
            if node.domain in QONNX_DOMAINS:
                if node.op_type in ("Quant", "IntQuant"):
                    self.quant(node, attrs)
                elif node.op_type == "BipolarQuant":
                    self.bipolar_quant(node, attrs)
                elif node.op_type == "Trunc":
                    self.trunc(node, attrs)
                elif node.op_type == "MultiThreshold":
                    self.multithreshold(node, attrs)
                elif node.op_type == "MaxPoolNHWC":
                    self.wrapped(node, "MaxPool", attrs)
                elif node.op_type == "QuantAvgPool2d":
                    self.quant_avg_pool(node, attrs)
                else:
                    raise ValueError("%s %r: no standard-ONNX rewrite" % (node.op_type, node.name))
            elif node.domain == CHANNELS_LAST_DOMAIN:
                if node.op_type not in ("Conv", "MaxPool", "BatchNormalization"):
                    raise ValueError("channels_last %s %r: no standard-ONNX rewrite" %
                                     (node.op_type, node.name))
                self.wrapped(node, node.op_type, attrs, transpose_weights=node.op_type == "Conv")
            else:
                self.nodes.append(node)
        del self.graph.node[:]
        self.graph.node.extend(self.nodes)
        self.graph.initializer.extend(self.new_inits)
        keep = [o for o in self.model.opset_import
                if o.domain not in QONNX_DOMAINS + (CHANNELS_LAST_DOMAIN,)]
        del self.model.opset_import[:]
        self.model.opset_import.extend(keep)
        for o in self.model.opset_import:
            if o.domain in ("", "ai.onnx") and o.version < MIN_OPSET:
                raise ValueError("opset %d: the rewrite needs opset %d or later" %
                                 (o.version, MIN_OPSET))
        return self.model


def _str(v):
    return v.decode() if isinstance(v, bytes) else v


def value_types(model, values=None):
    """ONNX element types of the graph's values: from value_info, inputs,
    outputs, and (where given) arrays of a run."""
    types = {}
    for vi in list(model.graph.value_info) + list(model.graph.input) + list(model.graph.output):
        if vi.type.tensor_type.elem_type:
            types[vi.name] = vi.type.tensor_type.elem_type
    for name, v in (values or {}).items():
        types[name] = helper.np_dtype_to_tensor_dtype(np.asarray(v).dtype) \
            if hasattr(helper, "np_dtype_to_tensor_dtype") else \
            onnx.mapping.NP_TYPE_TO_TENSOR_TYPE[np.asarray(v).dtype]
    return types


def to_standard_onnx(model, values=None):
    """A copy of `model` with every QONNX / FINN custom node rewritten into
    standard ONNX. `values` ({name: array}, e.g. qonnx_numpy.run_model's
    keep_all result) gives the ranks and types of the custom nodes' inputs
    where value_info does not."""
    out = onnx.ModelProto()
    out.CopyFrom(model)
    ranks = {}
    for vi in list(model.graph.value_info) + list(model.graph.input):
        if vi.type.tensor_type.HasField("shape"):
            ranks[vi.name] = len(vi.type.tensor_type.shape.dim)
    for name, v in (values or {}).items():
        ranks[name] = np.asarray(v).ndim
    return Rewriter(out, ranks, value_types(model, values)).rewrite()


if __name__ == "__main__":
    import sys
    sys.path.insert(0, __import__("os").path.dirname(__file__))
    import qonnx_numpy
    if len(sys.argv) != 3:
        sys.exit("usage: to_standard_onnx.py in.onnx out.onnx")
    m = onnx.load(sys.argv[1])
    if not all(vi.type.tensor_type.HasField("shape") for vi in m.graph.input):
        sys.exit("to_standard_onnx.py: graph inputs need static shapes")
    inputs = {}
    init_names = {i.name for i in m.graph.initializer}
    for vi in m.graph.input:
        if vi.name in init_names:
            continue
        shape = [d.dim_value for d in vi.type.tensor_type.shape.dim]
        dtype = onnx.mapping.TENSOR_TYPE_TO_NP_TYPE[vi.type.tensor_type.elem_type]
        inputs[vi.name] = np.zeros(shape, dtype)
    values = qonnx_numpy.run_model(m, inputs, check_datatypes=False, keep_all=True)
    onnx.save(to_standard_onnx(m, values), sys.argv[2])
