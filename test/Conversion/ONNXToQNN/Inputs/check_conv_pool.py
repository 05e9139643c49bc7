"""Compiles small ONNX graphs of convolutions, pooling, MatMul, Gemm and
Einsum with qnn.compile and compares every output with an independent
reference: numpy loops written from the ONNX operator definitions (and
numpy's einsum / matmul). Floats within a relative 1e-4 (f32), 1e-10 (f64)
or 1e-2 (f16, computed in f32 and rounded once); integers exactly; dtype
and shape always.

    check_conv_pool.py <group> <workdir>

prints one line per output: "<name>: ok" or what differs.
"""
import itertools
import os
import sys

import numpy as np
from onnx import TensorProto, helper, numpy_helper

import qnn

RNG = np.random.default_rng(7)
ONNX_TYPES = {np.float32: TensorProto.FLOAT, np.float16: TensorProto.FLOAT16,
              np.float64: TensorProto.DOUBLE, np.int32: TensorProto.INT32,
              np.int64: TensorProto.INT64, np.uint32: TensorProto.UINT32,
              np.uint64: TensorProto.UINT64, np.int8: TensorProto.INT8,
              np.uint8: TensorProto.UINT8}


def rand(shape, dtype=np.float32):
    if np.issubdtype(dtype, np.integer):
        info = np.iinfo(dtype)
        lo, hi = max(info.min, -20), min(info.max, 20)
        if dtype in (np.int8, np.uint8):
            lo, hi = info.min, info.max
        return RNG.integers(lo, hi, size=shape, endpoint=True).astype(dtype)
    return RNG.uniform(-1, 1, shape).astype(dtype)


# --- References, from the operator definitions --------------------------


def window_geometry(in_shape, kernel, strides, pads, dilations, ceil_mode,
                    auto_pad="NOTSET"):
    r = len(kernel)
    strides = strides or [1] * r
    dilations = dilations or [1] * r
    pads = list(pads or [0] * (2 * r))
    if auto_pad in ("SAME_UPPER", "SAME_LOWER"):
        for d in range(r):
            out = -(-in_shape[d] // strides[d])
            total = max(0, (out - 1) * strides[d] +
                        (kernel[d] - 1) * dilations[d] + 1 - in_shape[d])
            small = total // 2
            pads[d], pads[d + r] = ((small, total - small)
                                    if auto_pad == "SAME_UPPER"
                                    else (total - small, small))
    elif auto_pad == "VALID":
        pads = [0] * (2 * r)
    outs = []
    for d in range(r):
        ext = (kernel[d] - 1) * dilations[d] + 1
        span = in_shape[d] + pads[d] + pads[d + r] - ext
        out = (-(-span // strides[d]) if ceil_mode else span // strides[d]) + 1
        if ceil_mode and (out - 1) * strides[d] >= in_shape[d] + pads[d]:
            out -= 1
        outs.append(out)
    return strides, dilations, pads, outs


def ref_conv(x, w, b=None, strides=None, pads=None, dilations=None, group=1,
             auto_pad="NOTSET"):
    x64, w64 = x.astype(np.float64), w.astype(np.float64)
    n, c = x.shape[:2]
    m = w.shape[0]
    kernel = w.shape[2:]
    r = len(kernel)
    strides, dilations, pads, outs = window_geometry(
        x.shape[2:], kernel, strides, pads, dilations, False, auto_pad)
    y = np.zeros((n, m, *outs))
    cg, mg = c // group, m // group
    for o in itertools.product(*[range(v) for v in outs]):
        for k in itertools.product(*[range(v) for v in kernel]):
            pos = [o[d] * strides[d] + k[d] * dilations[d] - pads[d]
                   for d in range(r)]
            if any(p < 0 or p >= x.shape[2 + d] for d, p in enumerate(pos)):
                continue
            for g in range(group):
                xs = x64[(slice(None), slice(g * cg, (g + 1) * cg), *pos)]
                ws = w64[(slice(g * mg, (g + 1) * mg), slice(None), *k)]
                y[(slice(None), slice(g * mg, (g + 1) * mg), *o)] += xs @ ws.T
    if b is not None:
        y += b.astype(np.float64).reshape([m] + [1] * r)
    return y


def ref_conv_transpose(x, w, b=None, strides=None, pads=None, dilations=None,
                       group=1, output_padding=None, output_shape=None,
                       auto_pad="NOTSET"):
    """y[n, m, o] += x[n, c, i] * w[c, m', k] for o = i * s + k * d - pad."""
    n, c = x.shape[:2]
    kernel = w.shape[2:]
    r = len(kernel)
    strides = strides or [1] * r
    dilations = dilations or [1] * r
    output_padding = output_padding or [0] * r
    full = [strides[d] * (x.shape[2 + d] - 1) + output_padding[d] +
            (kernel[d] - 1) * dilations[d] + 1 for d in range(r)]
    if auto_pad in ("SAME_UPPER", "SAME_LOWER") and output_shape is None:
        output_shape = [x.shape[2 + d] * strides[d] for d in range(r)]
    if output_shape is not None:
        pads = [0] * (2 * r)
        for d in range(r):
            total = full[d] - output_shape[d]
            if auto_pad == "SAME_UPPER":
                pads[d] = total // 2
            else:
                pads[d] = total - total // 2
            pads[d + r] = total - pads[d]
    pads = pads or [0] * (2 * r)
    outs = [full[d] - pads[d] - pads[d + r] for d in range(r)]
    cg, mg = c // group, w.shape[1]
    y = np.zeros((n, mg * group, *outs))
    x64, w64 = x.astype(np.float64), w.astype(np.float64)
    for i in itertools.product(*[range(v) for v in x.shape[2:]]):
        for k in itertools.product(*[range(v) for v in kernel]):
            o = [i[d] * strides[d] + k[d] * dilations[d] - pads[d]
                 for d in range(r)]
            if any(p < 0 or p >= outs[d] for d, p in enumerate(o)):
                continue
            for g in range(group):
                xs = x64[(slice(None), slice(g * cg, (g + 1) * cg), *i)]
                ws = w64[(slice(g * cg, (g + 1) * cg), slice(None), *k)]
                y[(slice(None), slice(g * mg, (g + 1) * mg), *o)] += xs @ ws
    if b is not None:
        y += b.astype(np.float64).reshape([mg * group] + [1] * r)
    return y


def ref_pool(x, kind, kernel_shape, strides=None, pads=None, dilations=None,
             ceil_mode=0, count_include_pad=0, p=2, storage_order=0,
             auto_pad="NOTSET"):
    """kind: max (returns values and indices), avg, lp."""
    kernel = kernel_shape
    r = len(kernel)
    in_shape = x.shape[2:]
    strides, dilations, pads, outs = window_geometry(
        in_shape, kernel, strides, pads, dilations, ceil_mode, auto_pad)
    n, c = x.shape[:2]
    y = np.zeros((n, c, *outs), np.float64 if kind != "max" else x.dtype)
    idx = np.zeros((n, c, *outs), np.int64)
    plane = int(np.prod(in_shape))
    for b_, ch in itertools.product(range(n), range(c)):
        for o in itertools.product(*[range(v) for v in outs]):
            vals, where, count = [], [], 0
            for k in itertools.product(*[range(v) for v in kernel]):
                pos = [o[d] * strides[d] + k[d] * dilations[d] - pads[d]
                       for d in range(r)]
                inside = all(0 <= q < in_shape[d] for d, q in enumerate(pos))
                padded = all(-pads[d] <= q < in_shape[d] + pads[d + r]
                             for d, q in enumerate(pos))
                if inside:
                    vals.append(x[(b_, ch, *pos)])
                    where.append(pos)
                if inside or (count_include_pad and padded):
                    count += 1
            if kind == "max":
                best = int(np.argmax(vals))  # the first maximum
                y[(b_, ch, *o)] = vals[best]
                q = where[best]
                order = range(r) if storage_order == 0 else reversed(range(r))
                flat = 0
                for d in order:
                    flat = flat * in_shape[d] + q[d]
                idx[(b_, ch, *o)] = (b_ * c + ch) * plane + flat
            elif kind == "avg":
                y[(b_, ch, *o)] = np.sum(np.array(vals, np.float64)) / count
            else:
                y[(b_, ch, *o)] = np.sum(
                    np.abs(np.array(vals, np.float64)) ** p) ** (1.0 / p)
    return (y, idx) if kind == "max" else y


def ref_max_unpool(x, i, kernel, strides=None, pads=None, output_shape=None):
    """Scattered into the shape MaxPool's input had, then placed at the
    start of output_shape (the ONNX reference)."""
    r = len(kernel)
    strides = strides or [1] * r
    pads = pads or [0] * (2 * r)
    inferred = list(x.shape[:2]) + [
        (x.shape[2 + d] - 1) * strides[d] + kernel[d] - pads[d] - pads[d + r]
        for d in range(r)]
    y = np.zeros(int(np.prod(inferred)), x.dtype)
    for v, at in zip(x.ravel(), i.ravel()):
        y[at] = v
    out = np.zeros(output_shape or inferred, x.dtype)
    out[tuple(slice(0, s) for s in inferred)] = y.reshape(inferred)
    return out


# --- Test graphs -----------------------------------------------------------


class Graph:
    def __init__(self, opset):
        self.opset = opset
        self.nodes, self.inputs, self.outputs, self.feeds = [], [], [], {}
        self.expected = {}
        self.tolerance = {}

    def input(self, name, value):
        self.inputs.append(helper.make_tensor_value_info(
            name, ONNX_TYPES[value.dtype.type], value.shape))
        self.feeds[name] = value
        return name

    def node(self, op, inputs, expected, dtype, tol=None, **attrs):
        """One node; `expected` a list (one array per output)."""
        name = "n%d" % len(self.nodes)
        outs = [name + "_y%d" % k for k in range(len(expected))]
        self.nodes.append(helper.make_node(op, inputs, outs, name=name,
                                           **attrs))
        for o, e, t in zip(outs, expected, dtype):
            self.outputs.append(helper.make_tensor_value_info(
                o, ONNX_TYPES[np.dtype(t).type], list(np.shape(e))))
            self.expected[o] = (np.asarray(e), np.dtype(t))
            self.tolerance[o] = tol
        return outs

    def run(self, workdir, label):
        graph = helper.make_graph(self.nodes, label, self.inputs, self.outputs)
        model = helper.make_model(
            graph, opset_imports=[helper.make_opsetid("", self.opset)])
        model.ir_version = 8
        path = os.path.join(workdir, label + ".onnx")
        with open(path, "wb") as f:
            f.write(model.SerializeToString())
        compiled = qnn.compile(path, workdir=os.path.join(workdir, label))
        results = compiled(**self.feeds)
        if not isinstance(results, (list, tuple)):
            results = [results]
        for out, got in zip(self.outputs, results):
            want, dtype = self.expected[out.name]
            print("%s %s: %s" % (label, out.name,
                                 compare(got, want, dtype,
                                         self.tolerance[out.name])))


def compare(got, want, dtype, tol):
    if got.dtype != dtype:
        return "dtype %s, expected %s" % (got.dtype, dtype)
    if got.shape != want.shape:
        return "shape %s, expected %s" % (got.shape, want.shape)
    if np.issubdtype(dtype, np.integer):
        bad = np.argwhere(got != want)
        return "ok" if bad.size == 0 else "%d differ, first at %s: %s vs %s" % (
            len(bad), bad[0], got[tuple(bad[0])], want[tuple(bad[0])])
    if tol is None:
        tol = {np.float16: 1e-2, np.float32: 1e-4,
               np.float64: 1e-10}[dtype.type]
    err = np.abs(got.astype(np.float64) - want.astype(np.float64))
    limit = tol * np.maximum(np.abs(want.astype(np.float64)), 1.0)
    if np.all(err <= limit):
        return "ok"
    at = np.unravel_index(np.argmax(err - limit), err.shape)
    return "max error %g at %s: %s vs %s" % (err[at], at, got[at], want[at])


def conv_group(workdir):
    g = Graph(19)
    # 3-D, groups, strides that do not divide, dilations, asymmetric pads.
    x = rand((2, 4, 5, 6, 7))
    w = rand((6, 2, 2, 3, 2))
    b = rand((6,))
    attrs = dict(strides=[2, 1, 3], dilations=[1, 2, 1], group=2,
                 pads=[1, 0, 2, 0, 1, 1])
    g.node("Conv", [g.input("c3x", x), g.input("c3w", w), g.input("c3b", b)],
           [ref_conv(x, w, b, **attrs)], [np.float32], **attrs)
    # 2-D f64, SAME_LOWER, stride 2.
    x = rand((1, 3, 7, 6), np.float64)
    w = rand((4, 3, 3, 2), np.float64)
    g.node("Conv", [g.input("c2x", x), g.input("c2w", w)],
           [ref_conv(x, w, strides=[2, 2], auto_pad="SAME_LOWER")],
           [np.float64], strides=[2, 2], auto_pad="SAME_LOWER")
    # 1-D f16 depthwise with a multiplier and a bias.
    x = rand((2, 3, 9), np.float16)
    w = rand((6, 1, 3), np.float16)
    b = rand((6,), np.float16)
    g.node("Conv", [g.input("c1x", x), g.input("c1w", w), g.input("c1b", b)],
           [ref_conv(x, w, b, group=3, pads=[2, 1], dilations=[2])],
           [np.float16], group=3, pads=[2, 1], dilations=[2])
    # 2-D f32 (TOSA) groups 3, dilations, stride 3 that leaves rows unread,
    # SAME_UPPER.
    x = rand((1, 6, 11, 10))
    w = rand((3, 2, 3, 3))
    attrs = dict(strides=[3, 2], dilations=[2, 1], group=3,
                 auto_pad="SAME_UPPER")
    g.node("Conv", [g.input("ctx", x), g.input("ctw", w)],
           [ref_conv(x, w, **attrs)], [np.float32], **attrs)
    # 4-D spatial (N-D): f32.
    x = rand((1, 2, 3, 4, 3, 4))
    w = rand((2, 2, 2, 2, 2, 3))
    g.node("Conv", [g.input("c4x", x), g.input("c4w", w)],
           [ref_conv(x, w, strides=[1, 2, 1, 1], pads=[0, 1, 0, 1, 1, 0, 1, 0])],
           [np.float32], strides=[1, 2, 1, 1], pads=[0, 1, 0, 1, 1, 0, 1, 0])
    # ConvTranspose 1-D: stride 3, dilation 2, asymmetric pads,
    # output_padding.
    x = rand((2, 2, 5))
    w = rand((2, 3, 3))
    b = rand((3,))
    attrs = dict(strides=[3], dilations=[2], pads=[1, 2], output_padding=[1])
    g.node("ConvTranspose",
           [g.input("t1x", x), g.input("t1w", w), g.input("t1b", b)],
           [ref_conv_transpose(x, w, b, **attrs)], [np.float32], **attrs)
    # 2-D, groups, output_shape larger than the full output (negative
    # padding at the end), with a bias.
    x = rand((1, 4, 3, 4))
    w = rand((4, 3, 3, 2))
    b = rand((6,))
    attrs = dict(strides=[2, 3], group=2, output_shape=[9, 12])
    g.node("ConvTranspose",
           [g.input("t2x", x), g.input("t2w", w), g.input("t2b", b)],
           [ref_conv_transpose(x, w, b, **attrs)], [np.float32], **attrs)
    # 2-D SAME_UPPER and SAME_LOWER (output = input * stride), odd total.
    x = rand((1, 2, 3, 3))
    w = rand((2, 2, 3, 3))
    for mode in ("SAME_UPPER", "SAME_LOWER"):
        g.node("ConvTranspose", [g.input("ts" + mode, x),
                                 g.input("tw" + mode, w)],
               [ref_conv_transpose(x, w, strides=[2, 2], auto_pad=mode)],
               [np.float32], strides=[2, 2], auto_pad=mode)
    # 3-D f64 with dilations and pads larger than the kernel extent less 1.
    x = rand((1, 2, 3, 2, 3), np.float64)
    w = rand((2, 2, 2, 3, 2), np.float64)
    attrs = dict(strides=[2, 1, 2], dilations=[1, 2, 2], pads=[2, 1, 0, 1, 3, 0])
    g.node("ConvTranspose", [g.input("t3x", x), g.input("t3w", w)],
           [ref_conv_transpose(x, w, **attrs)], [np.float64], **attrs)
    # f16 2-D depthwise transpose.
    x = rand((1, 3, 4, 4), np.float16)
    w = rand((3, 1, 3, 3), np.float16)
    g.node("ConvTranspose", [g.input("thx", x), g.input("thw", w)],
           [ref_conv_transpose(x, w, group=3, strides=[2, 2], pads=[1, 1, 1, 1])],
           [np.float16], group=3, strides=[2, 2], pads=[1, 1, 1, 1])
    g.run(workdir, "conv")


def pool_group(workdir):
    g = Graph(19)
    # MaxPool with Indices: pads, strides, both storage orders; 3-D with
    # ceil_mode and dilations.
    x = rand((2, 3, 6, 7))
    for order in (0, 1):
        attrs = dict(kernel_shape=[3, 2], strides=[2, 2], pads=[1, 0, 1, 1],
                     storage_order=order)
        y, i = ref_pool(x, "max", **attrs)
        g.node("MaxPool", [g.input("mx%d" % order, x)], [y, i],
               [np.float32, np.int64], **attrs)
    x = rand((1, 2, 5, 6, 5))
    attrs = dict(kernel_shape=[2, 2, 3], strides=[2, 2, 1], dilations=[1, 2, 1],
                 ceil_mode=1)
    y, i = ref_pool(x, "max", **attrs)
    g.node("MaxPool", [g.input("m3", x)], [y, i], [np.float32, np.int64],
           **attrs)
    # Without Indices: 3-D (loops), UINT8 and INT8 with dilations, f16 1-D,
    # f32 2-D with pads larger than TOSA takes.
    attrs = dict(kernel_shape=[3, 2, 2], pads=[1, 1, 0, 1, 0, 1], strides=[2, 2, 2])
    g.node("MaxPool", [g.input("m3b", x)], [ref_pool(x, "max", **attrs)[0]],
           [np.float32], **attrs)
    for t in (np.uint8, np.int8):
        xi = rand((1, 2, 7, 7), t)
        attrs = dict(kernel_shape=[2, 3], dilations=[2, 1], pads=[1, 1, 0, 0])
        g.node("MaxPool", [g.input("mi" + np.dtype(t).name, xi)],
               [ref_pool(xi, "max", **attrs)[0]], [t], **attrs)
    xu = rand((1, 1, 5, 5), np.uint8)
    g.node("MaxPool", [g.input("mu", xu)],
           [ref_pool(xu, "max", kernel_shape=[2, 2])[0]], [np.uint8],
           kernel_shape=[2, 2])
    xh = rand((2, 3, 9), np.float16)
    g.node("MaxPool", [g.input("mh", xh)],
           [ref_pool(xh, "max", kernel_shape=[3], strides=[2], ceil_mode=1)[0]],
           [np.float16], kernel_shape=[3], strides=[2], ceil_mode=1)
    # Pads as large as the kernel: windows wholly in the padding average
    # to 0 when the padding counts.
    x2 = rand((1, 2, 4, 5))
    attrs = dict(kernel_shape=[2, 2], pads=[2, 1, 2, 1], count_include_pad=1)
    g.node("AveragePool", [g.input("ap", x2)], [ref_pool(x2, "avg", **attrs)],
           [np.float32], **attrs)
    # AveragePool: ceil_mode with count_include_pad (TOSA and loops),
    # dilations, 3-D, f64, SAME_LOWER.
    x = rand((2, 2, 7, 6))
    for cip in (0, 1):
        attrs = dict(kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 0],
                     ceil_mode=1, count_include_pad=cip)
        g.node("AveragePool", [g.input("a%d" % cip, x)],
               [ref_pool(x, "avg", **attrs)], [np.float32], **attrs)
        attrs = dict(kernel_shape=[2, 3], strides=[2, 1], pads=[1, 1, 1, 1],
                     dilations=[2, 2], ceil_mode=1, count_include_pad=cip)
        g.node("AveragePool", [g.input("ad%d" % cip, x)],
               [ref_pool(x, "avg", **attrs)], [np.float32], **attrs)
    x3 = rand((1, 2, 5, 4, 6), np.float64)
    attrs = dict(kernel_shape=[2, 3, 2], strides=[2, 2, 2], pads=[1, 1, 0, 0, 1, 1],
                 count_include_pad=1, ceil_mode=1)
    g.node("AveragePool", [g.input("a3", x3)], [ref_pool(x3, "avg", **attrs)],
           [np.float64], **attrs)
    xh = rand((1, 3, 6, 5), np.float16)
    attrs = dict(kernel_shape=[3, 2], strides=[2, 2], auto_pad="SAME_LOWER")
    g.node("AveragePool", [g.input("ah", xh)], [ref_pool(xh, "avg", **attrs)],
           [np.float16], **attrs)
    # LpPool: p 1, 2, 3 with pads, dilations and ceil_mode (18).
    x = rand((1, 2, 6, 7))
    for p in (1, 2, 3):
        attrs = dict(kernel_shape=[2, 3], strides=[2, 2], pads=[0, 1, 1, 1],
                     dilations=[1, 2], ceil_mode=1, p=p)
        g.node("LpPool", [g.input("lp%d" % p, x)], [ref_pool(x, "lp", **attrs)],
               [np.float32], **attrs)
    # Global pools of every rank and type.
    for name, shape, t in (("g3", (2, 3, 5), np.float32),
                           ("g4", (1, 2, 3, 4), np.float64),
                           ("g5", (1, 2, 3, 2, 4), np.float16),
                           ("g4f", (2, 3, 4, 5), np.float32)):
        xg = rand(shape, t)
        axes = tuple(range(2, len(shape)))
        x64 = xg.astype(np.float64)
        g.node("GlobalMaxPool", [g.input(name + "m", xg)],
               [np.max(x64, axis=axes, keepdims=True)], [t])
        g.node("GlobalAveragePool", [g.input(name + "a", xg)],
               [np.mean(x64, axis=axes, keepdims=True)], [t])
        g.node("GlobalLpPool", [g.input(name + "l", xg)],
               [np.sum(np.abs(x64) ** 3, axis=axes, keepdims=True) ** (1 / 3)],
               [t], p=3)
    # MaxUnpool of MaxPool's indices, with and without output_shape.
    x = rand((1, 2, 4, 4))
    y, i = ref_pool(x, "max", kernel_shape=[2, 2], strides=[2, 2])
    g.node("MaxUnpool", [g.input("ux", y), g.input("ui", i)],
           [ref_max_unpool(y, i, [2, 2], [2, 2])], [np.float32],
           kernel_shape=[2, 2], strides=[2, 2])
    g.nodes.append(helper.make_node("Constant", [], ["ushape"],
                                    value=numpy_helper.from_array(
                                        np.array([1, 2, 5, 6], np.int64))))
    g.node("MaxUnpool", ["ux", "ui", "ushape"],
           [ref_max_unpool(y, i, [2, 2], [2, 2], output_shape=[1, 2, 5, 6])], [np.float32],
           kernel_shape=[2, 2], strides=[2, 2])
    g.run(workdir, "pool")


def matmul_group(workdir):
    g = Graph(13)
    # MatMul of every numeric type, with broadcast batches and 1-D operands.
    for t in (np.int32, np.int64, np.uint32, np.uint64, np.float16,
              np.float64, np.float32):
        a = rand((2, 1, 3, 4), t)
        b_ = rand((3, 4, 5), t)
        want = np.matmul(a.astype(np.float64), b_.astype(np.float64))
        name = np.dtype(t).name
        g.node("MatMul", [g.input("ma" + name, a), g.input("mb" + name, b_)],
               [want], [t])
        v = rand((4,), t)
        g.node("MatMul", [g.input("mv" + name, v), "mb" + name],
               [np.matmul(v.astype(np.float64), b_.astype(np.float64))], [t])
    # Gemm: transposes, alpha and beta, C of each broadcastable shape, C
    # absent; f32, f64 and INT32.
    for t in (np.float32, np.float64, np.int32):
        a = rand((4, 3), t)
        b_ = rand((5, 4), t)
        name = np.dtype(t).name
        alpha, beta = (0.5, -2.0) if t != np.int32 else (3.0, -2.0)
        a64, b64 = a.astype(np.float64), b_.astype(np.float64)
        prod = alpha * (a64.T @ b64.T)
        for cname, cshape in (("s", ()), ("v", (5,)), ("col", (3, 1)),
                              ("m", (3, 5))):
            c = rand(cshape, t)
            g.node("Gemm", [g.input("ga" + name + cname, a),
                            g.input("gb" + name + cname, b_),
                            g.input("gc" + name + cname, c)],
                   [prod + beta * c.astype(np.float64)], [t], transA=1,
                   transB=1, alpha=alpha, beta=beta)
        g.node("Gemm", ["ga%ss" % name, "gb%ss" % name],
               [prod], [t], transA=1, transB=1, alpha=alpha)
    # Einsum: matmul shapes, transposes, diagonals, sums, ellipsis
    # broadcasting, implicit output, three operands, integers.
    cases = [("ij,jk->ik", [(3, 4), (4, 5)], np.float32),
             ("bij,bjk->bik", [(2, 3, 4), (2, 4, 5)], np.float32),
             ("ij->ji", [(3, 4)], np.float32),
             ("ii->i", [(4, 4)], np.float64),
             ("...ii->...i", [(2, 3, 3)], np.float32),
             ("ij->", [(3, 4)], np.float32),
             ("i,i", [(5,), (5,)], np.float32),
             ("ij,kj", [(2, 3), (4, 3)], np.float32),
             ("ab,bC", [(2, 3), (3, 4)], np.float32),
             ("...ij,...jk->...ik", [(2, 1, 3, 4), (3, 4, 2)], np.float32),
             ("bn,anm,bm->ba", [(2, 3), (4, 3, 5), (2, 5)], np.float64),
             ("i j , j k", [(3, 4), (4, 2)], np.int64),
             ("iij->j", [(3, 3, 2)], np.int32),
             ("ij,ij->ij", [(2, 1), (2, 4)], np.float16)]
    for k, (eq, shapes, t) in enumerate(cases):
        ops = [rand(s, t) for s in shapes]
        want = np.einsum(eq.replace(" ", ""),
                         *[o.astype(np.float64) for o in ops])
        names = [g.input("e%d_%d" % (k, j), o) for j, o in enumerate(ops)]
        g.node("Einsum", names, [want], [t], equation=eq)
    g.run(workdir, "matmul")


if __name__ == "__main__":
    {"conv": conv_group, "pool": pool_group,
     "matmul": matmul_group}[sys.argv[1]](sys.argv[2])
