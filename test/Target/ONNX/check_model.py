"""Runs an imported model on fixed inputs and checks it against a numpy
evaluation of the ONNX / QONNX semantics.

    check_model.py main <model> <imported.mlir>   prints the module with a
        @main that runs @forward on the inputs and prints the outputs
    check_model.py check <model> <runner output>  compares with numpy
"""
import re
import sys

import numpy as np
import onnx
from onnx import TensorProto, numpy_helper

sys.path.insert(0, __import__("os").path.dirname(__file__))
import make_models  # noqa: E402

ROUNDING = {
    "ROUND": lambda v: np.round(v),  # half to even
    "FLOOR": np.floor,
    "CEIL": np.ceil,
}


F32 = np.float32


def nearest(v, levels):
    """Index of the nearest level (sorted f32 table) as qnn's reference
    picks it: f32 midpoints; on a midpoint the level of smaller magnitude
    (the positive one on equal magnitudes)."""
    levels = np.asarray(levels, F32)
    mids = ((levels[:-1] + levels[1:]) * F32(0.5)).astype(F32)
    code = np.searchsorted(mids, v, side="left")
    at = np.minimum(code, len(mids) - 1)
    lo, hi = levels[at], levels[at + 1]
    tie = (code < len(mids)) & (v == mids[at])
    up = tie & ((np.abs(hi) < np.abs(lo)) | ((np.abs(hi) == np.abs(lo)) & (hi > 0)))
    return code + up


def apot_levels(bits, signed):
    """APoT level sets (QUANTIZERS.md), as f32 fractions of alpha."""
    bases = {1: None, 2: [[1, 2, 3]], 3: [[1, 2, 4], [3]], 4: [[1, 3, 5], [2, 4, 6]]}
    b = bits - 1 if signed else bits
    sums = {0}
    for base in bases[b] or []:
        sums = sums | {s + 2.0 ** -e for s in sums for e in base}
    if bases[b] is None:
        sums = {0, 1}
    top = max(sums)
    half = sorted(np.float64(s) / top for s in sums)
    full = [-v for v in reversed(half) if v] + half if signed else half
    return np.array(full, F32)


def scheme(op, ins, attrs):
    """The qnn domain's quantizers, as qnn's reference library computes
    them (f32 arithmetic; statistics accumulated in double)."""
    x = ins[0]
    if op == "Pact":
        alpha, bits = F32(attrs["alpha"]), attrs.get("bits", 2)
        s = F32(2 ** bits - 1) / alpha
        code = np.rint((np.clip(x, F32(0), alpha) * s).astype(F32))
        return (code / s).astype(F32)
    if op == "Sawb":
        bits = attrs.get("bits", 2)
        c1, c2 = {2: (3.212, 2.178), 3: (7.509, 6.892), 4: (12.68, 12.80)}[bits]
        d = x.astype(np.float64)
        alpha = F32(c1 * np.sqrt((d * d).sum() / d.size) - c2 * (np.abs(d).sum() / d.size))
        m = F32(2 ** bits - 1)
        t = np.clip((x / alpha).astype(F32), F32(-1), F32(1))
        code = np.rint(((t * F32(0.5) + F32(0.5)) * m).astype(F32))
        return ((F32(2) * code / m - F32(1)) * alpha).astype(F32)
    if op == "Apot":
        alpha, bits, signed = F32(attrs["alpha"]), attrs.get("bits", 2), attrs.get("signed", 0)
        if attrs.get("normalize", 0):
            d = x.astype(np.float64)
            x = ((d - d.mean()) / d.std(ddof=1)).astype(F32)
        levels = apot_levels(bits, signed)
        v = np.clip((x / alpha).astype(F32), F32(-1 if signed else 0), F32(1))
        return (alpha * levels[nearest(v, levels)]).astype(F32)
    if op == "Hwgq":
        step = F32({1: 0.799, 2: 0.538, 3: 0.3217, 4: 0.185}[attrs.get("bits", 2)])
        levels = (step * np.arange(2 ** attrs.get("bits", 2), dtype=F32)).astype(F32)
        code = np.full(x.shape, len(levels) - 1)
        for j in range(len(levels) - 2, 0, -1):
            code = np.where(x <= (levels[j] + levels[j + 1]) * F32(0.5), j, code)
        return levels[np.where(x <= 0, 0, code)]
    if op == "LearnedLevels":
        table = ins[1]
        if table.ndim == 1:
            return table[nearest(x, table)]
        xs = np.moveaxis(x, attrs["axis"], 0)
        out = np.stack([row[nearest(xc, row)] for xc, row in zip(xs, table)])
        return np.moveaxis(out, 0, attrs["axis"])
    if op == "Binary":
        axis = attrs["axis"]
        xs = np.moveaxis(x, axis, 0)
        scale = np.array([F32(np.abs(c.astype(np.float64)).mean()) for c in xs], F32)
        out = np.where(xs >= 0, F32(1), F32(-1)) * scale.reshape((-1,) + (1,) * (x.ndim - 1))
        return np.moveaxis(out.astype(F32), 0, axis)
    if op == "Ternary":
        a = np.abs(x.astype(np.float64))
        delta = F32(0.7 * a.sum() / a.size)
        alpha = F32(a[np.abs(x) > delta].mean())
        return np.where(x > delta, alpha, np.where(x < -delta, -alpha, F32(0))).astype(F32)
    if op == "Slb":
        n = 2 ** attrs.get("bits", 2)
        values = np.array([F32(2 * i - (n - 1)) / F32(n - 1) for i in range(n)], F32)
        return values[np.argmax(x, axis=-1)]
    raise SystemExit("check_model.py: no numpy evaluation of qnn." + op)


# Integer types of codes: (bits, signed); the 4- and 2-bit ones postdate
# Debian's onnx 1.12.
KINDS = {TensorProto.INT8: (8, True), TensorProto.UINT8: (8, False),
         22: (4, True), 21: (4, False), 26: (2, True), 25: (2, False)}
# The kind of every narrow tensor met (name -> (bits, signed)).
kinds = {}


def kind_range(kind):
    bits, signed = kind
    return (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)


def tensor_value(t):
    """An initializer as numpy; 4- and 2-bit integers unpacked by hand."""
    if t.data_type in (21, 22, 25, 26):
        bits, signed = KINDS[t.data_type]
        kinds[t.name] = KINDS[t.data_type]
        count = int(np.prod(t.dims)) if len(t.dims) else 1
        per = 8 // bits
        raw = np.frombuffer(t.raw_data, np.uint8)
        v = np.array([(raw[i // per] >> ((i % per) * bits)) & ((1 << bits) - 1)
                      for i in range(count)], np.int64)
        if signed:
            v = np.where(v >= 1 << (bits - 1), v - (1 << bits), v)
        return v.astype(np.int8).reshape(tuple(t.dims))
    if t.data_type in KINDS:
        kinds[t.name] = KINDS[t.data_type]
    return numpy_helper.to_array(t)


def inputs(model):
    rng = np.random.default_rng(7)
    inits = {i.name for i in model.graph.initializer}
    feeds = {}
    for vi in model.graph.input:
        if vi.name in inits:
            continue
        shape = [d.dim_value for d in vi.type.tensor_type.shape.dim]
        kind = KINDS.get(vi.type.tensor_type.elem_type)
        if kind:
            kinds[vi.name] = kind
            lo, hi = kind_range(kind)
            feeds[vi.name] = rng.integers(lo, hi + 1, shape).astype(np.int8)
        else:
            feeds[vi.name] = rng.uniform(-0.5, 1.5, shape).astype(np.float32)
    return feeds


def evaluate(model, feeds):
    """numpy evaluation: Quant in float32 as QONNX defines it; Gemm and its
    bias summed exactly (float64) and rounded once to float32, the
    accumulation qnn documents for integer layers."""
    env = dict(feeds)
    for i in model.graph.initializer:
        env[i.name] = tensor_value(i)
    run(model.graph.node, env)
    return [env[o.name] for o in model.graph.output]


def qlinear_nodes(node):
    """QLinearConv / QLinearMatMul as the QDQ nodes qnn reads them as:
    dequantize both operands, the float layer with the int32 bias times
    x_scale * w_scale, quantize the result."""
    i, o = list(node.input), node.output[0]
    conv = node.op_type == "QLinearConv"
    layer_in = [o + ".x", o + ".w"] + ([o + ".b"] if conv and len(i) > 8 else [])
    return [onnx.helper.make_node("DequantizeLinear", i[0:3], [o + ".x"]),
            onnx.helper.make_node("DequantizeLinear", i[3:6], [o + ".w"], axis=0 if conv else 1),
            onnx.helper.make_node("Conv" if conv else "MatMul", layer_in, [o + ".y"],
                                  **{a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}),
            onnx.helper.make_node("QuantizeLinear", [o + ".y"] + i[6:8], [o])]


def run(nodes, env):
    for node in nodes:
        attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
        ins = [env[n] for n in node.input]
        if node.op_type in ("QLinearConv", "QLinearMatMul"):
            if len(node.input) > 8:
                scale = (env[node.input[1]].astype(np.float64)
                         * env[node.input[4]].astype(np.float64))
                env[node.output[0] + ".b"] = (env[node.input[8]] * scale).astype(np.float32)
            run(qlinear_nodes(node), env)
            continue
        if node.op_type == "DynamicQuantizeLinear":
            x = ins[0]
            lo, hi = np.minimum(F32(0), x.min()), np.maximum(F32(0), x.max())
            scale = ((hi - lo) / F32(255)).astype(F32)
            zp = np.clip(np.round(-lo / scale), 0, 255).astype(F32)
            env[node.output[1]], env[node.output[2]] = scale, zp.astype(np.uint8)
            out = np.clip(np.round((x / scale).astype(F32)) + zp, 0, 255).astype(np.uint8)
        elif node.op_type in ("ConvInteger", "MatMulInteger"):
            x = ins[0].astype(np.int64) - (ins[2].astype(np.int64) if len(ins) > 2 else 0)
            w = ins[1].astype(np.int64)
            if len(ins) > 3:
                zp = ins[3].astype(np.int64)
                w = w - (zp.reshape(-1, 1, 1, 1) if node.op_type == "ConvInteger" and zp.size > 1 else zp)
            if node.op_type == "MatMulInteger":
                out = (x @ w).astype(np.int32)
            else:
                sub = onnx.helper.make_node("Conv", ["x", "w"], ["y"], **attrs)
                scope = {"x": x.astype(np.float64), "w": w.astype(np.float64)}
                run([sub], scope)
                out = scope["y"].astype(np.int32)
        elif node.domain == "qnn":
            out = scheme(node.op_type, ins, attrs)
        elif node.op_type == "BipolarQuant":
            out = (np.where(ins[0] >= 0, 1, -1) * ins[1]).astype(np.float32)
        elif node.op_type in ("Quant", "IntQuant"):
            x, scale, zp, bits = ins
            bits = int(bits)
            signed, narrow = attrs.get("signed", 1), attrs.get("narrow", 0)
            mode = attrs.get("rounding_mode", b"ROUND")
            mode = mode.decode() if isinstance(mode, bytes) else mode
            lo = -(2 ** (bits - 1)) + narrow if signed else 0
            hi = 2 ** (bits - 1) - 1 if signed else 2 ** bits - 1 - narrow
            q = np.clip(ROUNDING[mode]((x / scale).astype(np.float32) + zp), lo, hi)
            out = ((q - zp) * scale).astype(np.float32)
        elif node.op_type == "Trunc":
            # QONNX Trunc version 2, in float32 as numpy evaluates it.
            x, scale, zp, _, out_scale, out_bits = ins
            signed, narrow = attrs.get("signed", 1), attrs.get("narrow", 0)
            mode = attrs.get("rounding_mode", b"FLOOR")
            mode = mode.decode() if isinstance(mode, bytes) else mode
            bits = int(out_bits)
            t = np.float32(2.0 ** np.round(np.log2(out_scale / scale)))
            y = np.round((x / scale).astype(np.float32) + zp) / t
            lo = -(2 ** (bits - 1)) + narrow if signed else 0
            hi = 2 ** (bits - 1) - 1 if signed else 2 ** bits - 1 - narrow
            y = ROUNDING[mode](np.clip(y, lo, hi))
            out = ((y - zp / t) * out_scale).astype(np.float32)
        elif node.op_type == "MultiThreshold":
            x, t = ins
            layout_axis = 1
            xs = np.moveaxis(x, layout_axis, -1)
            rows = t if t.shape[0] > 1 else np.repeat(t, xs.shape[-1], axis=0)
            count = (xs[..., None] >= rows).sum(-1).astype(np.float32)
            count = np.moveaxis(count, -1, layout_axis)
            out = (count * np.float32(attrs.get("out_scale", 1.0))
                   + np.float32(attrs.get("out_bias", 0.0))).astype(np.float32)
        elif node.op_type == "QuantizeLinear":
            x, scale, zp = ins
            scale = scale.astype(np.float32)
            kind = kinds.get(node.input[2]) or KINDS[{np.dtype(np.int8): TensorProto.INT8,
                                                       np.dtype(np.uint8): TensorProto.UINT8}[zp.dtype]]
            kinds[node.output[0]] = kind
            lo, hi = kind_range(kind)
            out = np.clip(np.round((x / scale).astype(np.float32)) + zp.astype(np.float32),
                          lo, hi).astype(np.int64)
        elif node.op_type == "DequantizeLinear":
            q, scale = ins[0], ins[1].astype(np.float32)
            zp = ins[2] if len(ins) > 2 else np.zeros_like(scale)
            axis = attrs.get("axis", 1)
            if attrs.get("block_size"):
                scale = np.repeat(scale, attrs["block_size"], axis=axis)[:q.shape[axis]]
                zp = np.repeat(zp, attrs["block_size"], axis=axis)[:q.shape[axis]]
            shape = [1] * q.ndim
            if scale.ndim == q.ndim:
                shape = list(q.shape)
            elif scale.size > 1:
                shape[axis] = -1
            out = ((q.astype(np.float32) - zp.astype(np.float32).reshape(shape))
                   * scale.reshape(shape)).astype(np.float32)
        elif node.op_type == "Gemm":
            a, w = ins[0].astype(np.float64), ins[1].astype(np.float64)
            if attrs.get("transB", 0):
                w = w.T
            out = a @ w
            if len(ins) > 2:
                out = out + ins[2].astype(np.float64)
            out = out.astype(np.float32)
        elif node.op_type == "Conv":
            x, w = ins[0].astype(np.float64), ins[1].astype(np.float64)
            pads = attrs.get("pads", [0, 0, 0, 0])
            sh, sw = attrs.get("strides", [1, 1])
            x = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])))
            n, c, h, wd = x.shape
            o, _, kh, kw = w.shape
            oh, ow = (h - kh) // sh + 1, (wd - kw) // sw + 1
            out = np.zeros((n, o, oh, ow))
            for i in range(oh):
                for j in range(ow):
                    patch = x[:, :, i * sh:i * sh + kh, j * sw:j * sw + kw]
                    out[:, :, i, j] = np.einsum("nchw,ochw->no", patch, w)
            if len(ins) > 2:
                out += ins[2].astype(np.float64).reshape(1, -1, 1, 1)
            out = out.astype(np.float32)
        elif node.op_type == "MaxPool":
            kh, kw = attrs["kernel_shape"]
            sh, sw = attrs.get("strides", [1, 1])
            x = ins[0]
            oh, ow = (x.shape[2] - kh) // sh + 1, (x.shape[3] - kw) // sw + 1
            out = np.stack([np.stack([x[:, :, i * sh:i * sh + kh, j * sw:j * sw + kw].max(axis=(2, 3))
                                      for j in range(ow)], -1) for i in range(oh)], -2)
        elif node.op_type == "BatchNormalization":
            # The importer's folding: a = scale / sqrt(var + eps) and
            # c = B - mean * a in double, each rounded once to f32.
            scale, bias, mean, var = (v.astype(np.float64) for v in ins[1:5])
            a = scale / np.sqrt(var + np.float64(np.float32(attrs.get("epsilon", 1e-5))))
            c = (bias - mean * a).astype(np.float32)
            a = a.astype(np.float32)
            shape = (1, -1) + (1,) * (ins[0].ndim - 2)
            out = (ins[0] * a.reshape(shape)).astype(np.float32) + c.reshape(shape)
        elif node.op_type == "Clip":
            out = np.clip(ins[0], ins[1], ins[2]).astype(np.float32)
        elif node.op_type == "GlobalAveragePool":
            out = ins[0].astype(np.float64).mean(axis=(2, 3), keepdims=True).astype(np.float32)
        elif node.op_type == "Unsqueeze":
            out = np.expand_dims(ins[0], tuple(int(a) for a in ins[1]))
        elif node.op_type == "Squeeze":
            out = np.squeeze(ins[0], tuple(int(a) for a in ins[1]))
        elif node.op_type == "Transpose":
            out = np.transpose(ins[0], attrs.get("perm"))
        elif node.op_type == "Concat":
            out = np.concatenate(ins, axis=attrs["axis"])
        elif node.op_type == "LeakyRelu":
            a = np.float32(attrs.get("alpha", 0.01))
            out = np.where(ins[0] >= 0, ins[0], ins[0] * a).astype(np.float32)
        elif node.op_type == "Div":
            out = (ins[0] / ins[1]).astype(np.float32)
        elif node.op_type == "AveragePool":
            kh, kw = attrs["kernel_shape"]
            sh, sw = attrs.get("strides", [1, 1])
            pt, pl, pb, pr = attrs.get("pads", [0, 0, 0, 0])
            x = np.pad(ins[0].astype(np.float64), ((0, 0), (0, 0), (pt, pb), (pl, pr)))
            valid = np.pad(np.ones(ins[0].shape[2:]), ((pt, pb), (pl, pr)))
            if attrs.get("count_include_pad", 0):
                valid = np.ones_like(valid)
            oh, ow = (x.shape[2] - kh) // sh + 1, (x.shape[3] - kw) // sw + 1
            out = np.stack([np.stack([x[:, :, i * sh:i * sh + kh, j * sw:j * sw + kw].sum(axis=(2, 3))
                                      / valid[i * sh:i * sh + kh, j * sw:j * sw + kw].sum()
                                      for j in range(ow)], -1) for i in range(oh)], -2)
            out = out.astype(np.float32)
        elif node.op_type in ("Add", "Sub", "Mul"):
            a, b = ins
            out = {"Add": np.add, "Sub": np.subtract, "Mul": np.multiply}[node.op_type](a, b)
            out = out.astype(np.result_type(a, b))
        elif node.op_type == "MatMul":
            out = (ins[0].astype(np.float64) @ ins[1].astype(np.float64)).astype(np.float32)
        elif node.op_type == "Pad":
            pads = ins[1]
            r = ins[0].ndim
            value = ins[2].item() if len(ins) > 2 else 0.0
            out = np.pad(ins[0], [(pads[d], pads[d + r]) for d in range(r)],
                         constant_values=value).astype(np.float32)
        elif node.op_type == "Pow":
            out = np.power(ins[0], ins[1]).astype(np.float32)
        elif node.op_type == "Softmax":
            axis = attrs.get("axis", -1)
            e = np.exp(ins[0] - ins[0].max(axis=axis, keepdims=True))
            out = (e / e.sum(axis=axis, keepdims=True)).astype(np.float32)
        elif node.op_type == "ArgMax":
            out = np.argmax(ins[0], axis=attrs.get("axis", 0))
            if attrs.get("keepdims", 1):
                out = np.expand_dims(out, attrs.get("axis", 0))
        elif node.op_type == "TopK":
            axis, k = attrs.get("axis", -1), int(ins[1][0])
            sign = 1 if attrs.get("largest", 1) == 0 else -1
            order = np.argsort(sign * ins[0], axis=axis, kind="stable")
            idx = np.take(order, np.arange(k), axis=axis)
            if len(node.output) > 1 and node.output[1]:
                env[node.output[1]] = idx.astype(np.int64)
            out = np.take_along_axis(ins[0], idx, axis=axis)
        elif node.op_type == "Shape":
            out = np.array(ins[0].shape, np.int64)
        elif node.op_type == "Gather":
            out = np.take(ins[0], ins[1], axis=attrs.get("axis", 0))
        elif node.op_type == "Slice":
            sl = [slice(None)] * ins[0].ndim
            axes = ins[3] if len(ins) > 3 else range(len(ins[1]))
            for a, b, e in zip(axes, ins[1], ins[2]):
                sl[a] = slice(b, e)
            out = ins[0][tuple(sl)]
        elif node.op_type == "Cast":
            out = ins[0].astype({TensorProto.FLOAT: np.float32, TensorProto.INT64: np.int64,
                                 TensorProto.INT32: np.int32}[attrs["to"]])
        elif node.op_type == "Range":
            out = np.arange(ins[0], ins[1], ins[2]).astype(ins[0].dtype)
        elif node.op_type == "ConstantOfShape":
            out = np.full(tuple(ins[0]), numpy_helper.to_array(attrs["value"]).reshape(-1)[0])
        elif node.op_type == "Reshape":
            out = ins[0].reshape(tuple(int(d) if d != 0 else ins[0].shape[i]
                                       for i, d in enumerate(ins[1])))
        elif node.op_type == "Flatten":
            out = ins[0].reshape(ins[0].shape[0], -1)
        elif node.op_type == "Relu":
            out = np.maximum(ins[0], np.float32(0))
        else:
            raise SystemExit("check_model.py: no numpy evaluation of " + node.op_type)
        env[node.output[0]] = out


def literal(a):
    return "dense<%s>" % np.array2string(
        a, separator=", ", threshold=1 << 30, formatter={"float_kind": lambda v: "%.9e" % v})


ELEMENT = {TensorProto.FLOAT: ("f32", "F32"), TensorProto.INT64: ("i64", "I64"),
           TensorProto.INT32: ("i32", "I32")}
# (codes print widened to i32: the runner utilities have no printMemrefI8.)
ELEMENT.update({k: ("i8", "I32") for k in KINDS})


def main_function(model, imported):
    feeds = inputs(model)
    text = open(imported).read().rstrip()
    # Resource blobs (large weights) follow the module: @main goes inside.
    text, _, resources = text.partition("\n{-#")
    text = text.rstrip()
    assert text.endswith("}")
    outs = [o for o in model.graph.output]
    out_kinds = [ELEMENT[o.type.tensor_type.elem_type] for o in outs]
    lines = ["  func.func private @printMemref%s(tensor<*x%s>)" % (p, p.lower())
             for p in sorted({p for _, p in out_kinds})]
    lines.append("  func.func @main() {")
    names = []
    for k, (name, value) in enumerate(feeds.items()):
        t = "tensor<%sx%s>" % ("x".join(map(str, value.shape)),
                               "i8" if value.dtype == np.int8 else "f32")
        lines.append("    %%in%d = arith.constant %s : %s" % (k, literal(value), t))
        names.append(("%%in%d" % k, t))
    otypes = ["tensor<%s%s>" % ("".join("%dx" % d.dim_value for d in o.type.tensor_type.shape.dim), e)
              for o, (e, _) in zip(outs, out_kinds)]
    lines.append("    %%r:%d = call @forward(%s) : (%s) -> (%s)" % (
        len(outs), ", ".join(n for n, _ in names), ", ".join(t for _, t in names), ", ".join(otypes)))
    for k, (t, (e, p)) in enumerate(zip(otypes, out_kinds)):
        value = "%%r#%d" % k
        if e == "i8":
            wide = t.replace("xi8>", "xi32>")
            lines.append("    %%w%d = arith.extsi %s : %s to %s" % (k, value, t, wide))
            value, t, e = "%%w%d" % k, wide, "i32"
        lines.append("    %%u%d = tensor.cast %s : %s to tensor<*x%s>" % (k, value, t, e))
        lines.append("    call @printMemref%s(%%u%d) : (tensor<*x%s>) -> ()" % (p, k, e))
    lines.append("    return\n  }")
    print(text[:-1] + "\n".join(lines) + "\n}")
    if resources:
        print("{-#" + resources)


# Models with float layers (f32 accumulation in an order of its own) and
# libm functions: outputs equal to this relative tolerance, not exactly.
TOLERANCE = {"heads": 1e-5}


def check(model, output, name):
    expected = evaluate(model, inputs(model))
    blocks = re.findall(r"data =\s*(\[.*?\]\]?)\s*(?=Unranked|$)", open(output).read(), re.S)
    if len(blocks) != len(expected):
        raise SystemExit("check_model.py: %d outputs printed, %d expected" % (len(blocks), len(expected)))
    rtol = TOLERANCE.get(name, 0.0)
    for k, (block, want) in enumerate(zip(blocks, expected)):
        # mlir-runner prints 6 significant digits: compare at that precision
        # (far finer than the step between two dequantized levels).
        got = np.array([float(v) for v in re.findall(r"[-+0-9.e]+(?:inf|nan)?", block)], np.float32)
        want = np.array([float("%.6g" % v) for v in want.reshape(-1)], np.float32)
        same = got.shape == want.shape and (
            np.array_equal(got, want) if not rtol else np.allclose(got, want, rtol=rtol, atol=1e-7))
        if not same:
            bad = np.nonzero(got != want)[0] if got.shape == want.shape else []
            raise SystemExit("check_model.py: output %d differs at %s: got %s, expected %s" % (
                k, list(bad[:8]), got[bad[:8]] if len(bad) else got.shape, want[bad[:8]] if len(bad) else want.shape))
    print("check_model.py: %d output(s), %d values %s" % (
        len(expected), sum(e.size for e in expected),
        "equal" if not rtol else "equal to %g" % rtol))


if __name__ == "__main__":
    what, name, path = sys.argv[1:4]
    model = make_models.MODELS[name]()
    if what == "main":
        main_function(model, path)
    else:
        check(model, path, name)
