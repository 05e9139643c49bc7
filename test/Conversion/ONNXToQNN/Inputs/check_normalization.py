"""Runs the normalization family's handlers (Normalization.cpp) where the
ONNX 1.12 node tests do not reach: every element type ONNX allows (f16,
bf16, f64, signed and unsigned integers, bool), opsets past 17 (axes as an
input, noop_with_empty_axes, bool ReduceMax, GroupNormalization 18 and 21,
RMSNormalization 23), empty reductions, NaN and infinities, TopK's ranking
path (K > 16), N-D losses. Each model is compiled with qnn.compile and its
outputs compared with NumPy oracles written from the ONNX reference
implementation (onnx/reference/ops), exactly for integers and bool, to the
rounding of the type for floats.

    check_normalization.py <work dir>

Prints `model/output: ok` per output, `model/output: differs ...` where one
does not agree, and the number of outputs checked.
"""
import os
import sys

import numpy as np
import onnx
from onnx import helper, mapping, numpy_helper, TensorProto

import qnn

work = sys.argv[1]
rng = np.random.default_rng(7)
# The oracles take logarithms of 0 and compare NaN on purpose.
np.seterr(all="ignore")
checked = 0
failed = 0


class BF16:
    """bfloat16 data: float values rounded to bf16, held as uint16 bits
    (qnn's arrays of BFLOAT16 tensors)."""

    def __init__(self, values):
        f = np.asarray(values, np.float32)
        bits = f.view(np.uint32).astype(np.uint64)
        rounded = (bits + np.uint64(0x7FFF) + ((bits >> np.uint64(16)) & np.uint64(1)))
        self.bits = (rounded >> np.uint64(16)).astype(np.uint16)

    @staticmethod
    def of_bits(bits):
        v = BF16(0)
        v.bits = bits
        return v

    def floats(self):
        return (self.bits.astype(np.uint32) << 16).view(np.float32)


def elem_type(a):
    if isinstance(a, BF16):
        return TensorProto.BFLOAT16
    return mapping.NP_TYPE_TO_TENSOR_TYPE[a.dtype]


def shape_of(a):
    return list((a.bits if isinstance(a, BF16) else a).shape)


def initializer(name, a):
    if isinstance(a, BF16):
        return helper.make_tensor(name, TensorProto.BFLOAT16, shape_of(a),
                                  a.bits.tobytes(), raw=True)
    return numpy_helper.from_array(a, name)


def run(name, opset, inputs, nodes, expected, consts=None):
    """Compiles a graph of `nodes` (op, inputs, outputs, attributes) with
    graph inputs `inputs` and initializers `consts` ({name: array}), runs it
    on `inputs` and compares each output with `expected` ({name: array})."""
    global checked, failed
    consts = consts or {}
    graph = helper.make_graph(
        [helper.make_node(op, ins, outs, name="%s%d" % (op, i), **attrs)
         for i, (op, ins, outs, attrs) in enumerate(nodes)],
        name,
        [helper.make_tensor_value_info(k, elem_type(v), shape_of(v))
         for k, v in inputs.items()],
        [helper.make_tensor_value_info(k, elem_type(v), shape_of(v))
         for k, v in expected.items()],
        [initializer(k, v) for k, v in consts.items()])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 8
    path = os.path.join(work, name + ".onnx")
    onnx.save(model, path)
    try:
        compiled = qnn.compile(path)
        got = compiled(*[v.bits if isinstance(v, BF16) else v
                         for v in inputs.values()])
    except qnn.QNNError as e:
        for k in expected:
            checked += 1
            failed += 1
            print("%s/%s: differs: %s" % (name, k, str(e).replace("\n", " | ")))
        return
    if not isinstance(got, tuple):
        got = (got,)
    if len(got) != len(expected):
        checked += 1
        failed += 1
        print("%s: differs: %d outputs, expected %d" % (name, len(got), len(expected)))
        return
    for (k, want), g in zip(expected.items(), got):
        checked += 1
        why = compare(g, want)
        if why:
            failed += 1
            print("%s/%s: differs: %s" % (name, k, why))
        else:
            print("%s/%s: ok" % (name, k))


def compare(got, want):
    bf16 = isinstance(want, BF16)
    if bf16:
        if got.dtype != np.uint16:
            return "dtype %s, expected bf16 (uint16 bits)" % got.dtype
        got, want = BF16.of_bits(got).floats(), want.floats()
    elif got.dtype != want.dtype:
        return "dtype %s, expected %s" % (got.dtype, want.dtype)
    if got.shape != want.shape:
        return "shape %s, expected %s" % (list(got.shape), list(want.shape))
    if want.dtype.kind == "f":
        rtol, atol = {2: (2e-3, 2e-3), 4: (1e-5, 1e-6), 8: (1e-10, 1e-12)}[
            want.dtype.itemsize]
        if bf16:
            rtol, atol = 1e-2, 1e-2
        g, w = got.astype(np.float64), want.astype(np.float64)
        same_nan = np.array_equal(np.isnan(g), np.isnan(w))
        close = np.isclose(g, w, rtol=rtol, atol=atol, equal_nan=True)
        if same_nan and close.all():
            return None
        bad = np.argwhere(~close | (np.isnan(g) != np.isnan(w)))[0]
        return "at %s: %r, expected %r" % (list(bad), g[tuple(bad)], w[tuple(bad)])
    if not np.array_equal(got, want):
        bad = np.argwhere(got != want)[0]
        return "at %s: %r, expected %r" % (list(bad), got[tuple(bad)], want[tuple(bad)])
    return None


#===-------------------------------------------------------------------===#
# Oracles (onnx/reference/ops)
#===-------------------------------------------------------------------===#

def f32(v):
    """A FLOAT attribute's value (epsilon, alpha, ...): rounded to f32."""
    return float(np.float32(v))


def reduce_ref(kind, x, axes=None, keepdims=1, noop=0):
    """ReduceX as the reference computes it, floats in double."""
    ax = (() if noop else None) if axes is None or len(axes) == 0 else tuple(axes)
    kd = bool(keepdims)
    isint = x.dtype.kind in "iub"
    shape = np.sum(np.zeros(x.shape), axis=ax, keepdims=kd).shape
    if x.size == 0:
        if kind in ("Sum", "SumSquare", "L1", "L2"):
            v = 0
        elif kind == "Prod":
            v = 1
        elif kind == "Mean":
            v = 0 if isint else np.nan
        elif kind == "Max":
            v = False if x.dtype == bool else (np.iinfo(x.dtype).min if isint else -np.inf)
        elif kind == "Min":
            v = True if x.dtype == bool else (np.iinfo(x.dtype).max if isint else np.inf)
        else:
            v = np.iinfo(x.dtype).min if isint else -np.inf
        return np.full(shape, v, x.dtype)
    f = x.astype(np.float64)
    if kind == "Max":
        return np.maximum.reduce(x, axis=ax, keepdims=kd).astype(x.dtype).reshape(shape)
    if kind == "Min":
        return np.minimum.reduce(x, axis=ax, keepdims=kd).astype(x.dtype).reshape(shape)
    if isint and kind in ("Sum", "Prod", "SumSquare", "L1", "Mean"):
        # Wrapping arithmetic in the element type.
        w = x.astype(np.int64) if x.dtype != np.uint64 else x
        v = {"Sum": w, "Mean": w, "Prod": w, "SumSquare": w * w, "L1": np.abs(w)}[kind]
        r = (np.prod if kind == "Prod" else np.sum)(v, axis=ax, keepdims=kd).astype(x.dtype)
        if kind == "Mean":
            count = x.size // max(r.size, 1)
            r = np.trunc(r.astype(np.float64) / count).astype(x.dtype)
        return r.reshape(shape)
    if kind == "LogSumExp":
        m = np.max(f, axis=ax, keepdims=True)
        m = np.where(np.isfinite(m), m, 0)
        r = np.log(np.sum(np.exp(f - m), axis=ax, keepdims=True)) + m
        r = r.reshape(shape)
    else:
        v = {"Sum": f, "Mean": f, "Prod": f, "SumSquare": f * f, "L1": np.abs(f),
             "L2": f * f, "LogSum": f}[kind]
        r = (np.prod if kind == "Prod" else np.sum)(v, axis=ax, keepdims=kd)
        if kind == "Mean":
            r = r / (x.size // max(r.size, 1))
        elif kind == "L2":
            r = np.sqrt(r)
        elif kind == "LogSum":
            r = np.log(r)
    r = np.asarray(r).reshape(shape)
    return np.trunc(r).astype(x.dtype) if isint else r.astype(x.dtype)


def softmax_ref(x, axis, log=False, flatten=False):
    f = x.astype(np.float64)
    if flatten:
        f = f.reshape(int(np.prod(x.shape[:axis])), -1)
        axis = 1
    m = f.max(axis=axis, keepdims=True)
    e = np.exp(f - m)
    s = e.sum(axis=axis, keepdims=True)
    r = (f - m - np.log(s)) if log else e / s
    return r.reshape(x.shape).astype(x.dtype)


def hardmax_ref(x, axis, flatten=False):
    f = x.reshape(int(np.prod(x.shape[:axis])), -1) if flatten else x
    a = 1 if flatten else axis
    idx = np.expand_dims(np.argmax(f, axis=a), a)
    r = np.zeros(f.shape, x.dtype)
    np.put_along_axis(r, idx, 1, axis=a)
    return r.reshape(x.shape)


def argmax_ref(x, axis, keepdims=1, last=0, smallest=False):
    fn = np.argmin if smallest else np.argmax
    if last:
        r = x.shape[axis] - 1 - fn(np.flip(x, axis), axis=axis)
    else:
        r = fn(x, axis=axis)
    r = r.astype(np.int64)
    return np.expand_dims(r, axis) if keepdims else r


def topk_ref(x, k, axis=-1, largest=1):
    ind = np.indices(x.shape)[axis]
    if largest:
        ind = -ind
    order = np.lexsort((ind, x), axis=axis)
    values = np.take_along_axis(x, order, axis=axis)
    if largest:
        order, values = np.flip(order, axis), np.flip(values, axis)
    return (np.take(values, np.arange(k), axis=axis),
            np.take(order, np.arange(k), axis=axis).astype(np.int64))


def cumsum_ref(x, axis, exclusive=0, reverse=0):
    w = x.astype(np.float64) if x.dtype.kind == "f" else x
    if reverse:
        w = np.flip(w, axis)
    r = np.cumsum(w, axis=axis)
    if exclusive:
        r = np.concatenate([np.zeros_like(np.take(r, [0], axis)),
                            np.take(r, np.arange(x.shape[axis] - 1), axis)], axis)
    if reverse:
        r = np.flip(r, axis)
    return r.astype(x.dtype)


def stats(x, axes):
    m = x.mean(axis=axes, keepdims=True)
    return m, ((x - m) ** 2).mean(axis=axes, keepdims=True)


def layer_norm_ref(x, scale, bias, axis=-1, eps=1e-5):
    axis = axis % x.ndim
    f = x.astype(np.float64)
    m, v = stats(f, tuple(range(axis, x.ndim)))
    inv = 1 / np.sqrt(v + f32(eps))
    normalized = ((f - m) * inv).astype(x.dtype).astype(np.float64)
    y = normalized * scale.astype(np.float64)
    if bias is not None:
        y = y + bias.astype(np.float64)
    return y.astype(x.dtype), m.astype(np.float32), inv.astype(np.float32)


def rms_norm_ref(x, scale, axis=-1, eps=1e-5):
    axis = axis % x.ndim
    f = x.astype(np.float64)
    ms = (f * f).mean(axis=tuple(range(axis, x.ndim)), keepdims=True)
    normalized = (f / np.sqrt(ms + f32(eps))).astype(x.dtype).astype(np.float64)
    return (normalized * scale.astype(np.float64)).astype(scale.dtype)


def group_norm_ref(x, scale, bias, groups, eps=1e-5, per_channel=True):
    n, c = x.shape[:2]
    f = x.astype(np.float64).reshape(n, groups, -1)
    m, v = stats(f, (2,))
    normalized = ((f - m) / np.sqrt(v + f32(eps)))
    if not per_channel:
        y = normalized * scale.reshape(1, groups, 1) + bias.reshape(1, groups, 1)
        return y.reshape(x.shape).astype(x.dtype)
    normalized = normalized.astype(x.dtype).astype(np.float64).reshape(x.shape)
    shape = (1, c) + (1,) * (x.ndim - 2)
    return (normalized * scale.reshape(shape) + bias.reshape(shape)).astype(x.dtype)


def instance_norm_ref(x, scale, bias, eps=1e-5):
    f = x.astype(np.float64)
    m, v = stats(f, tuple(range(2, x.ndim)))
    shape = (1, -1) + (1,) * (x.ndim - 2)
    y = scale.reshape(shape) * (f - m) / np.sqrt(v + f32(eps)) + bias.reshape(shape)
    return y.astype(x.dtype)


def batch_norm_ref(x, scale, bias, mean, var, eps=1e-5):
    shape = (1, -1) + (1,) * (x.ndim - 2)
    f = x.astype(np.float64)
    y = (f - np.reshape(mean, shape)) / np.sqrt(np.reshape(var, shape) + f32(eps))
    return (y * scale.reshape(shape) + bias.reshape(shape)).astype(x.dtype)


def lrn_ref(x, size, alpha=1e-4, beta=0.75, bias=1.0):
    alpha, beta, bias = f32(alpha), f32(beta), f32(bias)
    f = x.astype(np.float64)
    sq = np.zeros(f.shape)
    c1, c2 = (size - 1) // 2, -(-(size - 1) // 2) + 1
    for c in range(x.shape[1]):
        sq[:, c] = np.sum(f[:, max(0, c - c1):min(x.shape[1], c + c2)] ** 2, axis=1)
    return (f / (bias + alpha / size * sq) ** beta).astype(x.dtype)


def mvn_ref(x, axes):
    f = x.astype(np.float64)
    m, v = stats(f, axes)
    return ((f - m) / (np.sqrt(v) + 1e-9)).astype(x.dtype)


def nll_ref(logp, target, weight=None, ignore_index=None, reduction="mean"):
    """The ONNX definition on float64 log-probabilities."""
    c = logp.shape[1]
    t = np.clip(target, 0, c - 1)
    picked = np.take_along_axis(logp, np.expand_dims(t, 1), axis=1)[:, 0]
    w = weight[t] if weight is not None else np.ones(t.shape)
    if ignore_index is not None:
        w = np.where(target == ignore_index, 0, w)
    loss = -picked * w
    if reduction == "none":
        return loss
    if reduction == "sum":
        return np.array(loss.sum())
    return np.array(loss.sum() / w.sum())


def log_softmax64(x):
    f = x.astype(np.float64)
    m = f.max(axis=1, keepdims=True)
    return f - m - np.log(np.exp(f - m).sum(axis=1, keepdims=True))


#===-------------------------------------------------------------------===#
# Reductions
#===-------------------------------------------------------------------===#

KINDS = ["Sum", "SumSquare", "Mean", "Prod", "Max", "Min", "L1", "L2", "LogSum",
         "LogSumExp"]


def reduce_model(name, opset, x, cases, consts=None):
    """cases: (kind, axes or None, keepdims, noop); axes go as an input from
    opset 18 (13 for ReduceSum), as an attribute before."""
    nodes, expected, consts = [], {}, dict(consts or {})
    for i, (kind, axes, keepdims, noop) in enumerate(cases):
        attrs = {"keepdims": keepdims}
        ins = ["x"]
        as_input = opset >= (13 if kind == "Sum" else 18)
        if as_input:
            if noop:
                attrs["noop_with_empty_axes"] = noop
            if axes is not None:
                consts["axes%d" % i] = np.array(axes, np.int64)
                ins.append("axes%d" % i)
        elif axes is not None:
            attrs["axes"] = axes
        out = "%s_%d" % (kind.lower(), i)
        nodes.append(("Reduce" + kind, ins, [out], attrs))
        expected[out] = reduce_ref(kind, x, axes, keepdims, noop)
    run(name, opset, {"x": x}, nodes, expected, consts)


pos = rng.uniform(0.5, 2.0, (2, 3, 4)).astype(np.float32)
every = [(k, [0, -1], 1, 0) for k in KINDS] + [(k, None, 0, 0) for k in KINDS]
# Reduction over the empty set of axes: composite reductions still apply
# their elementwise steps.
noop = [(k, [], 1, 1) for k in KINDS] + [(k, None, 0, 1) for k in ["L1", "SumSquare"]]
reduce_model("reduce18_f32", 18, pos, every + noop + [("Mean", [1], 0, 0)])
reduce_model("reduce13_f64", 13, pos.astype(np.float64) - 1.0,
             [(k, [1], 0, 0) for k in ["Sum", "Mean", "Max", "Min", "L1", "L2",
                                       "SumSquare", "Prod"]] +
             [("Sum", [], 1, 1), ("Sum", None, 1, 0)])
reduce_model("reduce18_f16", 18, (pos - 1.0).astype(np.float16),
             [(k, [0, 2], 0, 0) for k in ["Sum", "Mean", "Max", "Min", "L2",
                                          "LogSumExp", "Prod"]])
# Opset 11: axes as attributes, negative ones included.
reduce_model("reduce11_f32", 11, pos - 1.0,
             [(k, [-2], 1, 0) for k in ["Sum", "Max", "LogSumExp", "L1"]])
reduce_model("reduce18_empty", 18, np.zeros((2, 0, 3), np.float32),
             [(k, [1], 1, 0) for k in KINDS] + [("Sum", [0], 0, 0)])
reduce_model("reduce18_empty_i32", 18, np.zeros((0, 3), np.int32),
             [(k, [0], 0, 0) for k in ["Sum", "Prod", "Max", "Min", "Mean"]])
special = np.array([[1.0, np.nan, 3.0], [-np.inf, -np.inf, -np.inf],
                    [np.inf, 1.0, 2.0], [-np.inf, 0.0, 5.0]], np.float32)
reduce_model("reduce18_special", 18, special,
             [(k, [1], 0, 0) for k in ["Max", "Min", "LogSumExp", "Sum"]])
ints = rng.integers(-9, 10, (3, 4)).astype(np.int32)
ints[0, 0] = -7
reduce_model("reduce18_i32", 18, ints,
             [(k, [1], 0, 0) for k in ["Sum", "Mean", "Prod", "Max", "Min", "L1",
                                       "L2", "SumSquare"]] +
             [("Mean", None, 1, 0), ("Sum", [], 1, 1)])
reduce_model("reduce13_i64", 13, ints.astype(np.int64) * 1000000007,
             [(k, [0], 1, 0) for k in ["Sum", "Max", "Min", "L1", "Prod"]])
reduce_model("reduce18_u32", 18, rng.integers(1, 4000000000, (3, 4), dtype=np.uint32),
             [(k, [1], 0, 0) for k in ["Sum", "Mean", "Max", "Min", "L1"]] +
             [("LogSum", [1], 0, 0), ("LogSumExp", [0], 0, 0)])
reduce_model("reduce18_u8", 18, rng.integers(0, 256, (3, 5), dtype=np.uint8),
             [("Max", [1], 0, 0), ("Min", [1], 0, 0), ("Max", None, 1, 0)])
reduce_model("reduce13_u64", 13, np.array([[1, 2**64 - 1], [5, 3]], np.uint64),
             [("Max", [1], 0, 0), ("Min", [1], 0, 0), ("Sum", [0], 0, 0)])
reduce_model("reduce20_bool", 20, np.array([[True, False, False], [False, False, False]]),
             [("Max", [1], 0, 0), ("Min", [1], 0, 0), ("Max", None, 0, 0),
              ("Min", [0], 1, 0)])
bf = BF16(rng.uniform(-2, 2, (3, 4)))
run("reduce18_bf16", 18, {"x": bf},
    [("ReduceSum", ["x", "a"], ["s"], {"keepdims": 0}),
     ("ReduceMax", ["x", "a"], ["m"], {"keepdims": 0})],
    {"s": BF16(bf.floats().astype(np.float64).sum(axis=1)),
     "m": BF16(bf.floats().max(axis=1))},
    {"a": np.array([1], np.int64)})

#===-------------------------------------------------------------------===#
# Softmax, LogSoftmax, Hardmax, ArgMax, ArgMin
#===-------------------------------------------------------------------===#

x3 = rng.normal(size=(2, 3, 4)).astype(np.float32)
x3[1, 1, 2] = x3[1, 1, 0]  # a tie for Hardmax
for dtype in [np.float16, np.float64]:
    xd = x3.astype(dtype)
    tag = np.dtype(dtype).name
    run("softmax13_" + tag, 13, {"x": xd},
        [("Softmax", ["x"], ["s"], {"axis": 1}),
         ("LogSoftmax", ["x"], ["l"], {}),
         ("Hardmax", ["x"], ["h"], {"axis": 0})],
        {"s": softmax_ref(xd, 1), "l": softmax_ref(xd, -1, log=True),
         "h": hardmax_ref(xd, 0)})
    # Before 13: over the dimensions from axis on, flattened.
    run("softmax11_" + tag, 11, {"x": xd},
        [("Softmax", ["x"], ["s"], {}),
         ("LogSoftmax", ["x"], ["l"], {"axis": 1}),
         ("Hardmax", ["x"], ["h"], {"axis": 1})],
        {"s": softmax_ref(xd, 1, flatten=True),
         "l": softmax_ref(xd, 1, log=True, flatten=True),
         "h": hardmax_ref(xd, 1, flatten=True)})
bf = BF16(x3)
run("softmax13_bf16", 13, {"x": bf}, [("Softmax", ["x"], ["s"], {})],
    {"s": BF16(softmax_ref(bf.floats(), -1))})

ai = np.array([[3, -128, 3, 7, 7], [-5, -5, 0, 127, -128]], np.int8)
au = np.array([[200, 3, 200, 7], [0, 255, 0, 255]], np.uint8)
af = np.array([[1.0, np.nan, 3.0, np.nan], [2.0, 2.0, -1.0, -1.0]], np.float16)
for tag, a in [("i8", ai), ("u8", au), ("f16", af)]:
    run("argmax_" + tag, 13, {"x": a},
        [("ArgMax", ["x"], ["mx"], {"axis": 1}),
         ("ArgMax", ["x"], ["mxl"], {"axis": -1, "keepdims": 0, "select_last_index": 1}),
         ("ArgMin", ["x"], ["mn"], {"axis": 1, "keepdims": 0}),
         ("ArgMin", ["x"], ["mnl"], {"axis": 1, "select_last_index": 1}),
         ("ArgMax", ["x"], ["m0"], {"axis": 0})],
        {"mx": argmax_ref(a, 1), "mxl": argmax_ref(a, 1, 0, 1),
         "mn": argmax_ref(a, 1, 0, smallest=True),
         "mnl": argmax_ref(a, 1, 1, 1, smallest=True), "m0": argmax_ref(a, 0)})

#===-------------------------------------------------------------------===#
# TopK
#===-------------------------------------------------------------------===#

def topk_model(name, opset, x, cases):
    """cases: (k, axis, largest); K is an input from opset 10."""
    nodes, expected, consts = [], {}, {}
    for i, (k, axis, largest) in enumerate(cases):
        attrs = {"axis": axis}
        ins = ["x"]
        if opset >= 11:
            attrs["largest"] = largest
        if opset >= 10:
            consts["k%d" % i] = np.array([k], np.int64)
            ins.append("k%d" % i)
        else:
            attrs["k"] = k
        v, idx = topk_ref(x, k, axis, largest)
        nodes.append(("TopK", ins, ["v%d" % i, "i%d" % i], attrs))
        expected["v%d" % i], expected["i%d" % i] = v, idx
    run(name, opset, {"x": x}, nodes, expected, consts)


# Ties (a small range) and NaN, through selection (K <= 16) and ranking.
tk = rng.integers(-4, 5, (3, 30)).astype(np.float32)
tk[0, 5] = tk[2, 7] = np.nan
tk[1, 3] = -np.inf
topk_model("topk11_f32", 11, tk, [(3, 1, 1), (3, -1, 0), (20, 1, 1), (30, 1, 0),
                                   (2, 0, 1), (0, 1, 1)])
topk_model("topk11_i32", 11, np.nan_to_num(tk[:, :12]).astype(np.int32) * 1000,
           [(4, 1, 1), (12, 1, 0), (3, 0, 0)])
topk_model("topk11_u8", 11, rng.integers(0, 256, (2, 24), dtype=np.uint8),
           [(5, 1, 1), (5, 1, 0), (24, 1, 1)])
topk_model("topk11_f16", 11, tk.astype(np.float16), [(4, 1, 1), (18, 1, 0)])
topk_model("topk10_f64", 10, tk.astype(np.float64), [(5, 1, 1)])
topk_model("topk1_f32", 1, tk, [(2, -1, 1)])

#===-------------------------------------------------------------------===#
# CumSum
#===-------------------------------------------------------------------===#

def cumsum_model(name, opset, x, cases):
    nodes, expected, consts = [], {}, {}
    for i, (axis, exclusive, reverse) in enumerate(cases):
        consts["a%d" % i] = np.array(axis, np.int32 if i % 2 else np.int64)
        nodes.append(("CumSum", ["x", "a%d" % i], ["y%d" % i],
                      {"exclusive": exclusive, "reverse": reverse}))
        expected["y%d" % i] = cumsum_ref(x, axis, exclusive, reverse)
    run(name, opset, {"x": x}, nodes, expected, consts)


flags = [(e, r) for e in (0, 1) for r in (0, 1)]
cx = rng.normal(size=(2, 5, 3))
cumsum_model("cumsum14_f64", 14, cx, [(-2, e, r) for e, r in flags] + [(0, 1, 1), (2, 0, 0)])
cumsum_model("cumsum14_f16", 14, cx.astype(np.float16), [(1, e, r) for e, r in flags])
cumsum_model("cumsum11_i32", 11, rng.integers(-100, 100, (4, 6)).astype(np.int32),
             [(1, e, r) for e, r in flags])
cumsum_model("cumsum11_u64", 11, rng.integers(0, 2**62, (6,), dtype=np.uint64),
             [(0, 0, 0), (0, 1, 1)])

#===-------------------------------------------------------------------===#
# Normalizations
#===-------------------------------------------------------------------===#

x4 = rng.normal(1.0, 2.0, (2, 4, 3, 5)).astype(np.float32)
for dtype in [np.float16, np.float64]:
    tag = np.dtype(dtype).name
    xd = x4.astype(dtype)
    s3 = rng.normal(size=(3, 5)).astype(dtype)
    b3 = rng.normal(size=(5,)).astype(dtype)
    y, m, inv = layer_norm_ref(xd, s3, b3, axis=2)
    y0, m0, inv0 = layer_norm_ref(xd, s3[0], None, axis=-1, eps=1e-2)
    sc = rng.normal(size=(4,)).astype(dtype)
    bc = rng.normal(size=(4,)).astype(dtype)
    run("norm_" + tag, 17, {"x": xd},
        [("LayerNormalization", ["x", "s3", "b3"], ["y", "m", "inv"], {"axis": 2}),
         ("LayerNormalization", ["x", "s0"], ["y0"], {"epsilon": 1e-2}),
         ("InstanceNormalization", ["x", "sc", "bc"], ["yi"], {"epsilon": 1e-3}),
         ("LRN", ["x"], ["yl"], {"size": 2, "alpha": 0.01, "beta": 0.6, "bias": 1.5}),
         ("LRN", ["x"], ["yl5"], {"size": 5}),
         ("MeanVarianceNormalization", ["x"], ["ym"], {"axes": [1, 2]}),
         ("BatchNormalization", ["x", "sc", "bc", "mc", "vc"], ["yb"], {"epsilon": 1e-3})],
        {"y": y, "m": m, "inv": inv, "y0": y0,
         "yi": instance_norm_ref(xd, sc, bc, 1e-3),
         "yl": lrn_ref(xd, 2, 0.01, 0.6, 1.5), "yl5": lrn_ref(xd, 5),
         "ym": mvn_ref(xd, (1, 2)),
         "yb": batch_norm_ref(xd, sc, bc, np.arange(4), np.linspace(0.5, 2, 4), 1e-3)},
        {"s3": s3, "b3": b3, "s0": s3[0], "sc": sc, "bc": bc,
         "mc": np.arange(4).astype(dtype), "vc": np.linspace(0.5, 2, 4).astype(dtype)})

# Run-time BatchNormalization statistics, and training mode (opset 15):
# the batch's statistics normalize, the running ones move by the momentum.
xb = x4.astype(np.float64)
p = {k: rng.uniform(0.5, 1.5, (4,)) for k in ["s", "b", "m", "v"]}
bm, bv = stats(xb, (0, 2, 3))
run("batchnorm15_f64", 15, {"x": xb, **p},
    [("BatchNormalization", ["x", "s", "b", "m", "v"], ["y"], {}),
     ("BatchNormalization", ["x", "s", "b", "m", "v"], ["yt", "rm", "rv"],
      {"training_mode": 1, "momentum": 0.8, "epsilon": 1e-3})],
    {"y": batch_norm_ref(xb, p["s"], p["b"], p["m"], p["v"]),
     "yt": batch_norm_ref(xb, p["s"], p["b"], bm, bv, 1e-3),
     "rm": p["m"] * f32(0.8) + bm.reshape(4) * (1 - f32(0.8)),
     "rv": p["v"] * f32(0.8) + bv.reshape(4) * (1 - f32(0.8))})

gs = rng.normal(size=(4,)).astype(np.float32)
gb = rng.normal(size=(4,)).astype(np.float32)
run("groupnorm21_f32", 21, {"x": x4},
    [("GroupNormalization", ["x", "gs", "gb"], ["y2"], {"num_groups": 2}),
     ("GroupNormalization", ["x", "gs", "gb"], ["y4"], {"num_groups": 4, "epsilon": 1e-2})],
    {"y2": group_norm_ref(x4, gs, gb, 2), "y4": group_norm_ref(x4, gs, gb, 4, 1e-2)},
    {"gs": gs, "gb": gb})
run("groupnorm18_f16", 18, {"x": x4.astype(np.float16)},
    [("GroupNormalization", ["x", "gs", "gb"], ["y"], {"num_groups": 2})],
    {"y": group_norm_ref(x4.astype(np.float16), gs[:2].astype(np.float16),
                         gb[:2].astype(np.float16), 2, per_channel=False)},
    {"gs": gs[:2].astype(np.float16), "gb": gb[:2].astype(np.float16)})
rs = rng.normal(size=(3, 5)).astype(np.float32)
run("rmsnorm23", 23, {"x": x4, "xh": x4.astype(np.float16)},
    [("RMSNormalization", ["x", "rs"], ["y"], {"axis": -2}),
     ("RMSNormalization", ["xh", "rs"], ["yh"], {"axis": 2, "epsilon": 1e-3})],
    {"y": rms_norm_ref(x4, rs, -2), "yh": rms_norm_ref(x4.astype(np.float16), rs, 2, 1e-3)},
    {"rs": rs})

#===-------------------------------------------------------------------===#
# Losses
#===-------------------------------------------------------------------===#

scores = rng.normal(size=(3, 5, 2, 2))
target = rng.integers(0, 5, (3, 2, 2)).astype(np.int32)
target[0, 0, 0] = target[2, 1, 1] = -1
weight = rng.uniform(0.2, 1.0, (5,))
for dtype, opset in [(np.float64, 13), (np.float16, 22)]:
    tag = np.dtype(dtype).name
    sd, wd = scores.astype(dtype), weight.astype(dtype)
    lp = log_softmax64(sd)
    nodes, expected = [], {}
    for i, (red, w, ii) in enumerate([("none", True, -1), ("sum", False, -1),
                                      ("mean", True, -1), ("mean", False, None)]):
        attrs = {"reduction": red}
        if ii is not None:
            attrs["ignore_index"] = ii
        ins = ["x", "t"] + (["w"] if w else [])
        nodes.append(("NegativeLogLikelihoodLoss", ins, ["n%d" % i], attrs))
        expected["n%d" % i] = nll_ref(sd.astype(np.float64), target, weight if w else None,
                                      ii, red).astype(dtype)
        if opset <= 13:
            nodes.append(("SoftmaxCrossEntropyLoss", ins, ["c%d" % i, "lp%d" % i], attrs))
            expected["c%d" % i] = nll_ref(lp, target, weight if w else None, ii,
                                          red).astype(dtype)
            expected["lp%d" % i] = lp.astype(dtype)
    run("loss_" + tag, opset, {"x": sd, "t": target}, nodes, expected, {"w": wd})

print("checked %d outputs, %d differ" % (checked, failed))
