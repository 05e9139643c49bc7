"""NumPy definitions of the QONNX / FINN custom operators.

The independent oracle of qnn's tests of the files low-bit training tools
write (Brevitas, FINN, QKeras, hls4ml). Written from the QONNX operator
documents (docs/qonnx-custom-ops) and QONNX's reference execution
(src/qonnx/custom_op), never from qnn's code, which it must not import.

Arithmetic follows QONNX's NumPy execution with one rule made explicit, so
that the result does not depend on the NumPy version or on whether a
parameter is a 0-d array: a quantizer computes in the float type that
NumPy's array promotion gives its float operands (x, scale, zero point;
float16 stays float16, one rounding per operation as NumPy does; a float64
parameter makes the computation float64). Integer operands do not widen it;
with no float operand at all it is float64. The caller casts the result to
the graph's output type.
"""

import numpy as np

# ---------------------------------------------------------------------------
# Integer ranges and rounding


def min_int(signed, narrow, bits):
    """The smallest code of a `bits`-bit integer (QONNX's min_int)."""
    bits = int(bits)
    if signed:
        return -(2 ** (bits - 1)) + (1 if narrow else 0)
    return 0


def max_int(signed, narrow, bits):
    """The largest code of a `bits`-bit integer (QONNX's max_int)."""
    bits = int(bits)
    if signed:
        return 2 ** (bits - 1) - 1
    return 2**bits - 1 - (1 if narrow else 0)


def _half_up(y):
    return np.sign(y) * np.floor(np.abs(y) + y.dtype.type(0.5))


def _half_down(y):
    return np.sign(y) * np.ceil(np.abs(y) - y.dtype.type(0.5))


def _up(y):
    return np.sign(y) * np.ceil(np.abs(y))


ROUNDING = {
    "ROUND": np.round,  # half to even
    "HALF_EVEN": np.round,
    "CEIL": np.ceil,
    "FLOOR": np.floor,
    "UP": _up,  # away from zero
    "DOWN": np.trunc,  # towards zero
    "HALF_UP": _half_up,  # ties away from zero
    "HALF_DOWN": _half_down,  # ties towards zero
}


def rounding(mode):
    """The rounding function of a QONNX rounding_mode (case-insensitive)."""
    fn = ROUNDING.get(str(mode).upper())
    if fn is None:
        raise ValueError("unknown rounding_mode %r" % (mode,))
    return fn


def compute_dtype(*operands):
    """The float type a quantizer computes in (see the module docstring)."""
    floats = [np.asarray(a).dtype for a in operands
              if np.issubdtype(np.asarray(a).dtype, np.floating)]
    if not floats:
        return np.dtype(np.float64)
    return np.result_type(*floats)


def _as(a, dtype):
    return np.asarray(a).astype(dtype)


def _scalar(a):
    """A parameter that is one value (a bit width)."""
    a = np.asarray(a)
    if a.size != 1:
        raise ValueError("expected one value, got shape %s" % (a.shape,))
    return a.reshape(()).item()


# ---------------------------------------------------------------------------
# Quantizers (qonnx.custom_op.general, also finn.custom_op.general and
# onnx.brevitas)


def quant(x, scale, zeropt, bitwidth, signed=1, narrow=0, rounding_mode="ROUND"):
    """Quant / IntQuant: clip(round(x / scale + zeropt)) - zeropt, times
    scale. A 1-bit signed Quant is bipolar (QONNX: y >= 0 ? 1 : -1 before
    the zero point and scale are taken back off), whatever `narrow` says."""
    dt = compute_dtype(x, scale, zeropt)
    x, scale, zeropt = _as(x, dt), _as(scale, dt), _as(zeropt, dt)
    bits = _scalar(bitwidth)
    y = x / scale + zeropt
    if bits == 1 and signed:
        y = np.where(y >= 0, dt.type(1), dt.type(-1))
    else:
        lo = dt.type(min_int(signed, narrow, bits))
        hi = dt.type(max_int(signed, narrow, bits))
        # QONNX clamps before rounding (with np.where, so NaN passes).
        y = np.where(y > hi, hi, y)
        y = np.where(y < lo, lo, y)
        y = rounding(rounding_mode)(y)
    return (y - zeropt) * scale


def bipolar_quant(x, scale):
    """BipolarQuant: (x >= 0 ? 1 : -1) * scale (NaN gives -1)."""
    dt = compute_dtype(x, scale)
    x, scale = _as(x, dt), _as(scale, dt)
    return np.where(x >= 0, dt.type(1), dt.type(-1)) * scale


def trunc_v1(x, scale, zeropt, in_bitwidth, out_bitwidth, rounding_mode="FLOOR"):
    """Trunc version 1 (5 inputs): round(x / scale + zeropt), divided by
    2^(in_bitwidth - out_bitwidth), rounded by rounding_mode, minus zeropt,
    times scale. No clamp."""
    dt = compute_dtype(x, scale, zeropt)
    x, scale, zeropt = _as(x, dt), _as(scale, dt), _as(zeropt, dt)
    y = np.round(x / scale + zeropt)
    shift = _scalar(in_bitwidth) - _scalar(out_bitwidth)
    y = y / dt.type(2.0**shift)
    y = rounding(rounding_mode)(y)
    return (y - zeropt) * scale


def trunc_v2(x, scale, zeropt, in_bitwidth, out_scale, out_bitwidth,
             signed=1, narrow=0, rounding_mode="FLOOR"):
    """Trunc version 2 (6 inputs): round(x / scale + zeropt) divided by
    t = 2^round(log2(out_scale / scale)), clamped to the out_bitwidth range,
    rounded by rounding_mode, minus zeropt / t, times out_scale."""
    dt = compute_dtype(x, scale, zeropt, out_scale)
    x, scale, zeropt, out_scale = (_as(x, dt), _as(scale, dt), _as(zeropt, dt),
                                   _as(out_scale, dt))
    y = np.round(x / scale + zeropt)
    t = dt.type(2) ** np.round(np.log2(out_scale / scale))
    y = y / t
    bits = _scalar(out_bitwidth)
    lo = dt.type(min_int(signed, narrow, bits))
    hi = dt.type(max_int(signed, narrow, bits))
    y = np.where(y > hi, hi, y)
    y = np.where(y < lo, lo, y)
    y = rounding(rounding_mode)(y)
    return (y - zeropt / t) * out_scale


def multithreshold(x, thresholds, out_scale=1.0, out_bias=0.0, data_layout="NCHW"):
    """FINN MultiThreshold: out_scale * #{j : x >= thresholds[c, j]} +
    out_bias, c the channel (axis 1, or the last axis when data_layout ends
    in C: NHWC, NC, NWC); one threshold row is shared by every channel. The
    attributes are float32; the result has x's type (float64 for integer
    x, as QONNX's Python-float arithmetic gives)."""
    x = np.asarray(x)
    thresholds = np.asarray(thresholds)
    if thresholds.ndim != 2:
        raise ValueError("thresholds must be [channels, T]")
    axis = x.ndim - 1 if data_layout[-1] == "C" else 1
    channels = x.shape[axis]
    if thresholds.shape[0] not in (1, channels):
        raise ValueError("%d threshold rows for %d channels" %
                         (thresholds.shape[0], channels))
    moved = np.moveaxis(x, axis, -1)[..., None]
    count = np.count_nonzero(moved >= thresholds, axis=-1)
    count = np.moveaxis(count, -1, axis).astype(x.dtype)
    # QONNX: out_scale * ret + out_bias with Python floats, which take a
    # float x's type and make an integer x's result float64.
    dt = x.dtype if np.issubdtype(x.dtype, np.floating) else np.dtype(np.float64)
    s = dt.type(np.float32(out_scale))
    b = dt.type(np.float32(out_bias))
    return s * count.astype(dt) + b


# ---------------------------------------------------------------------------
# Standard operators the layer ops are defined through (NCHW, float)


def _pool_out(size, k, stride, pad_total, dilation=1, ceil_mode=0, pad_begin=0):
    """Output size of a window op. ceil_mode adds a last window only when it
    starts inside the input or its begin padding (onnxruntime's MaxPool,
    which QONNX's MaxPoolNHWC and channels-last MaxPool execute)."""
    span = size + pad_total - dilation * (k - 1) - 1
    if ceil_mode:
        out = -(-span // stride) + 1
        if (out - 1) * stride >= size + pad_begin:
            out -= 1
        return out
    return span // stride + 1


def conv2d(x, w, b=None, strides=(1, 1), pads=(0, 0, 0, 0), dilations=(1, 1),
           group=1):
    """ONNX Conv on NCHW x and OIHW w, pads [top, left, bottom, right],
    accumulated in float64 and returned in x's type."""
    x = np.asarray(x)
    n, c, h, wd = x.shape
    o, cg, kh, kw = w.shape
    if c != cg * group or o % group:
        raise ValueError("channels %d / %d do not fit group %d" % (c, cg, group))
    xp = np.pad(x.astype(np.float64),
                ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])))
    oh = _pool_out(h, kh, strides[0], pads[0] + pads[2], dilations[0])
    ow = _pool_out(wd, kw, strides[1], pads[1] + pads[3], dilations[1])
    out = np.zeros((n, o, oh, ow))
    og = o // group
    for g in range(group):
        xs = xp[:, g * cg:(g + 1) * cg]
        ws = w[g * og:(g + 1) * og].astype(np.float64)
        for i in range(kh):
            for j in range(kw):
                r0, c0 = i * dilations[0], j * dilations[1]
                patch = xs[:, :, r0:r0 + strides[0] * (oh - 1) + 1:strides[0],
                           c0:c0 + strides[1] * (ow - 1) + 1:strides[1]]
                out[:, g * og:(g + 1) * og] += np.einsum(
                    "nchw,oc->nohw", patch, ws[:, :, i, j])
    if b is not None:
        out += np.asarray(b, np.float64).reshape(1, -1, 1, 1)
    return out.astype(x.dtype)


def max_pool2d(x, kernel_shape, strides=None, pads=(0, 0, 0, 0), dilations=(1, 1),
               ceil_mode=0):
    """ONNX MaxPool on NCHW x (padding never wins)."""
    x = np.asarray(x)
    strides = strides or (1, 1)
    n, c, h, w = x.shape
    kh, kw = kernel_shape
    oh = _pool_out(h, kh, strides[0], pads[0] + pads[2], dilations[0], ceil_mode, pads[0])
    ow = _pool_out(w, kw, strides[1], pads[1] + pads[3], dilations[1], ceil_mode, pads[1])
    out = np.full((n, c, oh, ow), -np.inf, dtype=x.dtype)
    for r in range(oh):
        for q in range(ow):
            for i in range(kh):
                for j in range(kw):
                    hi = r * strides[0] - pads[0] + i * dilations[0]
                    wi = q * strides[1] - pads[1] + j * dilations[1]
                    if 0 <= hi < h and 0 <= wi < w:
                        out[:, :, r, q] = np.maximum(out[:, :, r, q], x[:, :, hi, wi])
    return out


def batch_norm(x, scale, bias, mean, var, epsilon=1e-5, axis=1):
    """ONNX BatchNormalization (inference) along `axis`, in x's type."""
    x = np.asarray(x)
    shape = [1] * x.ndim
    shape[axis] = -1
    dt = x.dtype
    eps = dt.type(np.float32(epsilon))

    def p(v):
        return np.asarray(v).astype(dt).reshape(shape)

    return (x - p(mean)) / np.sqrt(p(var) + eps) * p(scale) + p(bias)


# ---------------------------------------------------------------------------
# Layer operators of the QONNX domain


def max_pool_nhwc(x, kernel_shape, pads=(0, 0, 0, 0), strides=None, ceil_mode=0):
    """MaxPoolNHWC: MaxPool on an NHWC tensor."""
    y = max_pool2d(np.transpose(x, (0, 3, 1, 2)), kernel_shape, strides, pads,
                   ceil_mode=ceil_mode)
    return np.transpose(y, (0, 2, 3, 1))


def quant_avg_pool2d(x, kernel, stride, ibits, obits, signed=0, data_layout="NCHW"):
    """QuantAvgPool2d: the integer sum over each kernel x kernel window (no
    padding), shifted right (arithmetic, rounding down) by
    max(0, bit_length((2^ibits - 1) * kernel^2) - obits); float32 result."""
    x = np.asarray(x)
    if data_layout == "NHWC":
        x = np.transpose(x, (0, 3, 1, 2))
    n, c, h, w = x.shape
    oh, ow = _pool_out(h, kernel, stride, 0), _pool_out(w, kernel, stride, 0)
    sums = np.zeros((n, c, oh, ow))
    for i in range(kernel):
        for j in range(kernel):
            sums += x[:, :, i:i + stride * (oh - 1) + 1:stride,
                      j:j + stride * (ow - 1) + 1:stride]
    shift = max(0, int((2**ibits - 1) * kernel * kernel).bit_length() - obits)
    y = np.right_shift(np.round(sums).astype(np.int64), shift).astype(np.float32)
    if data_layout == "NHWC":
        y = np.transpose(y, (0, 2, 3, 1))
    return y


def im2col(x, kernel_size, stride, pad_amount=(0, 0, 0, 0), pad_value=0,
           dilations=(1, 1)):
    """Im2Col on an NHWC tensor: [N, OH, OW, KH * KW * C], each row the
    window in (kh, kw, c) order; pad_amount is [top, left, bottom, right]."""
    x = np.asarray(x)
    n, h, w, c = x.shape
    kh, kw = kernel_size
    sh, sw = stride
    dh, dw = dilations
    pt, pl, pb, pr = pad_amount
    xp = np.pad(x, ((0, 0), (pt, pb), (pl, pr), (0, 0)), constant_values=pad_value)
    oh = _pool_out(h, kh, sh, pt + pb, dh)
    ow = _pool_out(w, kw, sw, pl + pr, dw)
    out = np.empty((n, oh, ow, kh, kw, c), dtype=x.dtype)
    for i in range(kh):
        for j in range(kw):
            out[:, :, :, i, j, :] = xp[:, i * dh:i * dh + sh * (oh - 1) + 1:sh,
                                       j * dw:j * dw + sw * (ow - 1) + 1:sw, :]
    return out.reshape(n, oh, ow, kh * kw * c)


def xnor_popcount_matmul(a, b):
    """XnorPopcountMatMul of binary {0, 1} operands: the number of equal
    bits of each row of a and column of b."""
    a, b = np.asarray(a), np.asarray(b)
    k = a.shape[-1]
    dot = np.matmul(2.0 * a.astype(np.float64) - 1, 2.0 * b.astype(np.float64) - 1)
    return ((dot + k) / 2).astype(np.result_type(a.dtype, np.float32))


def nhwc(fn, x, *args, **kwargs):
    """A qonnx.custom_op.channels_last operator: the standard NCHW `fn` on
    an NHWC (channels last) tensor."""
    x = np.asarray(x)
    perm = (0, x.ndim - 1) + tuple(range(1, x.ndim - 1))
    inverse = np.argsort(perm)
    return np.transpose(fn(np.transpose(x, perm), *args, **kwargs), inverse)


# ---------------------------------------------------------------------------
# FINN data types (finn_datatype annotations, MultiThreshold out_dtype)


def finn_datatype_allows(name, values):
    """Whether every value is allowed by the FINN/QONNX DataType `name`
    (INTn, UINTn, BIPOLAR, BINARY, TERNARY, FLOAT32, FLOAT16)."""
    v = np.asarray(values, dtype=np.float64)
    name = name.upper()
    if name in ("FLOAT32", "FLOAT16", "BFLOAT16"):
        return True
    if name == "BIPOLAR":
        return bool(np.all((v == -1) | (v == 1)))
    if name == "BINARY":
        return bool(np.all((v == 0) | (v == 1)))
    if name == "TERNARY":
        return bool(np.all((v == -1) | (v == 0) | (v == 1)))
    for prefix, signed in (("UINT", False), ("INT", True)):
        if name.startswith(prefix) and name[len(prefix):].isdigit():
            bits = int(name[len(prefix):])
            lo, hi = min_int(signed, False, bits), max_int(signed, False, bits)
            return bool(np.all((v == np.round(v)) & (v >= lo) & (v <= hi)))
    raise ValueError("unknown FINN DataType %r" % (name,))


# ---------------------------------------------------------------------------
# Whole-model execution: an onnx.ModelProto run on NumPy inputs, node by
# node in graph order. The standard operators the exporters' models use are
# written here from the ONNX operator documents (docs/Operators.md); the
# QONNX / FINN operators are the definitions above. Float results keep their
# input's type; Conv, Gemm, MatMul and the averages accumulate in float64
# and round once, the value nearest the exact one, so any float32
# implementation differs from it by that implementation's own rounding only.

STANDARD_DOMAINS = ("", "ai.onnx")
QONNX_DOMAINS = ("qonnx.custom_op.general", "finn.custom_op.general",
                 "onnx.brevitas", "qonnx")
CHANNELS_LAST_DOMAIN = "qonnx.custom_op.channels_last"


class UnsupportedNode(Exception):
    """A node the executor has no definition for."""


def _attrs(node):
    from onnx import helper
    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def _str(v):
    return v.decode() if isinstance(v, bytes) else v


def _np_type(onnx_type):
    from onnx import mapping
    return np.dtype(mapping.TENSOR_TYPE_TO_NP_TYPE[onnx_type])


def _accumulate(fn, like, *operands):
    """fn on float64 copies of the operands, rounded once to like's type."""
    return np.asarray(fn(*[np.asarray(o, np.float64) for o in operands])).astype(
        np.asarray(like).dtype)


def _binary(fn):
    def run(a, b):
        out = fn(a, b)
        return np.asarray(out).astype(np.result_type(a.dtype, b.dtype))
    return run


def _int_div(a, b):
    if np.issubdtype(np.result_type(a, b), np.integer):
        return np.trunc(a.astype(np.float64) / b).astype(np.result_type(a, b))
    return a / b


def _avg_pool(x, kernel_shape, strides, pads, count_include_pad, ceil_mode):
    n, c, h, w = x.shape
    kh, kw = kernel_shape
    oh = _pool_out(h, kh, strides[0], pads[0] + pads[2], 1, ceil_mode)
    ow = _pool_out(w, kw, strides[1], pads[1] + pads[3], 1, ceil_mode)
    out = np.zeros((n, c, oh, ow))
    for r in range(oh):
        for q in range(ow):
            h0, w0 = r * strides[0] - pads[0], q * strides[1] - pads[1]
            h1, w1 = min(h0 + kh, h + pads[2]), min(w0 + kw, w + pads[3])
            window = x[:, :, max(h0, 0):min(h1, h), max(w0, 0):min(w1, w)]
            total = window.astype(np.float64).sum(axis=(2, 3))
            if count_include_pad:
                count = (h1 - h0) * (w1 - w0)
            else:
                count = window.shape[2] * window.shape[3]
            out[:, :, r, q] = total / count
    return out.astype(x.dtype)


def _resize_coordinate(mode, out_index, scale, in_size, out_size):
    """The input coordinate of output index out_index along one axis."""
    i = np.asarray(out_index, np.float64)
    if mode == "half_pixel":
        return (i + 0.5) / scale - 0.5
    if mode == "pytorch_half_pixel":
        return (i + 0.5) / scale - 0.5 if out_size > 1 else np.zeros_like(i)
    if mode == "align_corners":
        return i * (in_size - 1) / (out_size - 1) if out_size > 1 else np.zeros_like(i)
    if mode == "asymmetric":
        return i / scale
    raise UnsupportedNode("Resize coordinate_transformation_mode %r" % mode)


def _nearest(mode, coord):
    if mode == "round_prefer_floor":
        return np.where(coord - np.floor(coord) == 0.5, np.floor(coord), np.round(coord))
    if mode == "round_prefer_ceil":
        return np.floor(coord + 0.5)
    if mode == "floor":
        return np.floor(coord)
    if mode == "ceil":
        return np.ceil(coord)
    raise UnsupportedNode("Resize nearest_mode %r" % mode)


def _resize(x, scales, sizes, attrs, opset):
    mode = _str(attrs.get("mode", "nearest"))
    if opset < 11:
        ctm, nearest_mode = "asymmetric", "floor"
    else:
        ctm = _str(attrs.get("coordinate_transformation_mode", "half_pixel"))
        nearest_mode = _str(attrs.get("nearest_mode", "round_prefer_floor"))
    if sizes is not None and np.size(sizes):
        sizes = [int(s) for s in sizes]
        scales = [s / d for s, d in zip(sizes, x.shape)]
    else:
        scales = [float(s) for s in np.asarray(scales, np.float32)]
        sizes = [int(np.floor(d * s)) for d, s in zip(x.shape, scales)]
    out = x.astype(np.float64)
    for axis, (n_in, n_out, s) in enumerate(zip(x.shape, sizes, scales)):
        if n_in == n_out and s == 1.0:
            continue
        coord = _resize_coordinate(ctm, np.arange(n_out), s, n_in, n_out)
        if mode == "nearest":
            idx = np.clip(_nearest(nearest_mode, coord), 0, n_in - 1).astype(np.int64)
            out = np.take(out, idx, axis=axis)
        elif mode == "linear":
            coord = np.clip(coord, 0, n_in - 1)
            lo = np.floor(coord).astype(np.int64)
            hi = np.minimum(lo + 1, n_in - 1)
            frac = coord - lo
            shape = [1] * x.ndim
            shape[axis] = n_out
            frac = frac.reshape(shape)
            out = (np.take(out, lo, axis=axis) * (1 - frac) +
                   np.take(out, hi, axis=axis) * frac)
        else:
            raise UnsupportedNode("Resize mode %r" % mode)
    return out.astype(x.dtype)


def _depth_to_space(x, blocksize, mode):
    n, c, h, w = x.shape
    b = blocksize
    if mode == "DCR":
        y = x.reshape(n, b, b, c // (b * b), h, w).transpose(0, 3, 4, 1, 5, 2)
    elif mode == "CRD":
        y = x.reshape(n, c // (b * b), b, b, h, w).transpose(0, 1, 4, 2, 5, 3)
    else:
        raise UnsupportedNode("DepthToSpace mode %r" % mode)
    return y.reshape(n, c // (b * b), h * b, w * b)


def _topk(x, k, axis, largest, sorted_):
    k = int(np.asarray(k).reshape(-1)[0])
    axis = axis % x.ndim
    keyed = -x if largest else x
    # A stable sort: of equal values, the lower index comes first.
    order = np.argsort(keyed, axis=axis, kind="stable")
    idx = np.take(order, np.arange(k), axis=axis)
    return np.take_along_axis(x, idx, axis=axis), idx.astype(np.int64)


def _softmax(x, axis, opset):
    if opset < 13:
        axis = axis % x.ndim
        flat = x.reshape(int(np.prod(x.shape[:axis])), -1).astype(np.float64)
        e = np.exp(flat - flat.max(axis=1, keepdims=True))
        return (e / e.sum(axis=1, keepdims=True)).reshape(x.shape).astype(x.dtype)
    v = x.astype(np.float64)
    e = np.exp(v - v.max(axis=axis, keepdims=True))
    return (e / e.sum(axis=axis, keepdims=True)).astype(x.dtype)


def _per_axis(param, x, axis):
    param = np.asarray(param)
    if param.ndim == 0 or param.size == 1 and param.ndim <= 1:
        return param.reshape(())
    shape = [1] * x.ndim
    shape[axis % x.ndim] = -1
    return param.reshape(shape)


def _quantize_linear(x, scale, zero_point, axis):
    zero_point = (np.zeros((), np.uint8) if zero_point is None
                  else np.asarray(zero_point))
    info = np.iinfo(zero_point.dtype)
    s = _per_axis(scale, x, axis).astype(np.float32)
    z = _per_axis(zero_point, x, axis).astype(np.float64)
    # x / scale in float32 (the ONNX definition), rounded half to even.
    y = np.round((x.astype(np.float32) / s).astype(np.float64)) + z
    return np.clip(y, info.min, info.max).astype(zero_point.dtype)


def _dequantize_linear(x, scale, zero_point, axis):
    s = _per_axis(scale, x, axis).astype(np.float32)
    z = 0 if zero_point is None else _per_axis(zero_point, x, axis).astype(np.int64)
    return ((x.astype(np.int64) - z).astype(np.float32) * s).astype(np.float32)


def _reshape(x, shape, allowzero):
    shape = [int(d) for d in shape]
    if not allowzero:
        shape = [x.shape[i] if d == 0 else d for i, d in enumerate(shape)]
    return x.reshape(shape)


def _constant(attrs):
    from onnx import numpy_helper
    if "value" in attrs:
        return numpy_helper.to_array(attrs["value"])
    for name, dtype in (("value_float", np.float32), ("value_floats", np.float32),
                        ("value_int", np.int64), ("value_ints", np.int64)):
        if name in attrs:
            return np.asarray(attrs[name], dtype)
    raise UnsupportedNode("Constant without a value")


def _standard(op, ins, attrs, opset, node):
    """One standard ONNX operator: its outputs as a list."""
    a = attrs
    x = ins[0] if ins else None
    if op in ("Add", "Sub", "Mul", "Div", "Pow"):
        fn = {"Add": np.add, "Sub": np.subtract, "Mul": np.multiply,
              "Div": _int_div, "Pow": np.power}[op]
        return [_binary(fn)(ins[0], ins[1])]
    if op in ("Max", "Min"):
        fn = np.maximum if op == "Max" else np.minimum
        out = ins[0]
        for other in ins[1:]:
            out = fn(out, other)
        return [out]
    unary = {"Relu": lambda v: np.maximum(v, v.dtype.type(0)),
             "Neg": np.negative, "Abs": np.abs, "Sign": np.sign,
             "Floor": np.floor, "Ceil": np.ceil, "Round": np.round,
             "Identity": lambda v: v, "Not": np.logical_not,
             "Sqrt": np.sqrt, "Reciprocal": lambda v: v.dtype.type(1) / v}
    if op in unary:
        return [np.asarray(unary[op](x)).astype(x.dtype)]
    if op in ("Sigmoid", "Tanh", "Exp"):
        fn = {"Sigmoid": lambda v: 1 / (1 + np.exp(-v)), "Tanh": np.tanh,
              "Exp": np.exp}[op]
        return [_accumulate(fn, x, x)]
    if op in ("Equal", "Less", "LessOrEqual", "Greater", "GreaterOrEqual"):
        fn = {"Equal": np.equal, "Less": np.less, "LessOrEqual": np.less_equal,
              "Greater": np.greater, "GreaterOrEqual": np.greater_equal}[op]
        return [fn(ins[0], ins[1])]
    if op == "Where":
        return [np.where(ins[0], ins[1], ins[2]).astype(
            np.result_type(ins[1].dtype, ins[2].dtype))]
    if op == "Clip":
        if opset < 11:
            lo, hi = a.get("min"), a.get("max")
        else:
            lo = ins[1] if len(ins) > 1 and ins[1] is not None else None
            hi = ins[2] if len(ins) > 2 and ins[2] is not None else None
        out = x
        if lo is not None:
            out = np.maximum(out, np.asarray(lo).astype(x.dtype))
        if hi is not None:
            out = np.minimum(out, np.asarray(hi).astype(x.dtype))
        return [out.astype(x.dtype)]
    if op == "Conv":
        if _str(a.get("auto_pad", "NOTSET")) != "NOTSET" or x.ndim != 4:
            raise UnsupportedNode("Conv other than 2-D with explicit pads")
        b = ins[2] if len(ins) > 2 else None
        return [conv2d(x, ins[1], b, a.get("strides", (1, 1)),
                       a.get("pads", (0, 0, 0, 0)), a.get("dilations", (1, 1)),
                       a.get("group", 1))]
    if op == "MatMul":
        return [_accumulate(np.matmul, x, ins[0], ins[1])]
    if op == "Gemm":
        A = ins[0].T if a.get("transA", 0) else ins[0]
        B = ins[1].T if a.get("transB", 0) else ins[1]
        C = ins[2] if len(ins) > 2 and ins[2] is not None else np.zeros((), x.dtype)
        alpha, beta = a.get("alpha", 1.0), a.get("beta", 1.0)
        return [_accumulate(lambda p, q, r: np.float64(np.float32(alpha)) * (p @ q) +
                            np.float64(np.float32(beta)) * r, x, A, B, C)]
    if op == "BatchNormalization":
        if a.get("training_mode", 0):
            raise UnsupportedNode("BatchNormalization training_mode=1")
        return [batch_norm(x, ins[1], ins[2], ins[3], ins[4], a.get("epsilon", 1e-5))]
    if op == "MaxPool":
        if _str(a.get("auto_pad", "NOTSET")) != "NOTSET" or len(node.output) > 1:
            raise UnsupportedNode("MaxPool with auto_pad or indices")
        return [max_pool2d(x, a["kernel_shape"], a.get("strides", (1, 1)),
                           a.get("pads", (0, 0, 0, 0)), a.get("dilations", (1, 1)),
                           a.get("ceil_mode", 0))]
    if op == "AveragePool":
        if _str(a.get("auto_pad", "NOTSET")) != "NOTSET":
            raise UnsupportedNode("AveragePool with auto_pad")
        return [_avg_pool(x, a["kernel_shape"], a.get("strides", (1, 1)),
                          a.get("pads", (0, 0, 0, 0)), a.get("count_include_pad", 0),
                          a.get("ceil_mode", 0))]
    if op == "GlobalAveragePool":
        axes = tuple(range(2, x.ndim))
        return [_accumulate(lambda v: v.mean(axis=axes, keepdims=True), x, x)]
    if op == "Reshape":
        return [_reshape(x, ins[1], a.get("allowzero", 0))]
    if op == "Flatten":
        axis = a.get("axis", 1)
        axis = axis + x.ndim if axis < 0 else axis
        return [x.reshape(int(np.prod(x.shape[:axis])), int(np.prod(x.shape[axis:])))]
    if op == "Transpose":
        return [np.transpose(x, a.get("perm"))]
    if op == "Concat":
        return [np.concatenate(ins, axis=a["axis"])]
    if op == "Resize":
        if opset < 11:
            scales, sizes = ins[1], None
        else:
            scales = ins[2] if len(ins) > 2 and ins[2] is not None else None
            sizes = ins[3] if len(ins) > 3 and ins[3] is not None else None
        return [_resize(x, scales, sizes, a, opset)]
    if op == "DepthToSpace":
        return [_depth_to_space(x, a["blocksize"], _str(a.get("mode", "DCR")))]
    if op == "TopK":
        if opset < 10:
            k = np.asarray([a["k"]])
        else:
            k = ins[1]
        return list(_topk(x, k, a.get("axis", -1), a.get("largest", 1), a.get("sorted", 1)))
    if op == "Softmax":
        return [_softmax(x, a.get("axis", -1 if opset >= 13 else 1), opset)]
    if op == "QuantizeLinear":
        if a.get("saturate", 1) != 1 or "block_size" in a:
            raise UnsupportedNode("QuantizeLinear with saturate/block_size")
        zp = ins[2] if len(ins) > 2 else None
        return [_quantize_linear(x, ins[1], zp, a.get("axis", 1))]
    if op == "DequantizeLinear":
        zp = ins[2] if len(ins) > 2 else None
        return [_dequantize_linear(x, ins[1], zp, a.get("axis", 1))]
    if op == "Cast":
        to = _np_type(a["to"])
        if np.issubdtype(to, np.integer) and np.issubdtype(x.dtype, np.floating):
            return [np.trunc(x).astype(to)]
        return [x.astype(to)]
    if op == "Constant":
        return [_constant(a)]
    if op == "Shape":
        return [np.asarray(x.shape, np.int64)]
    if op == "Gather":
        return [np.take(x, ins[1].astype(np.int64), axis=a.get("axis", 0))]
    if op == "Unsqueeze":
        axes = a["axes"] if opset < 13 else ins[1]
        out = x
        for ax in sorted(int(v) % (x.ndim + len(axes)) for v in axes):
            out = np.expand_dims(out, ax)
        return [out]
    if op == "Squeeze":
        axes = a.get("axes") if opset < 13 else (ins[1] if len(ins) > 1 else None)
        if axes is None:
            return [np.squeeze(x)]
        return [np.squeeze(x, axis=tuple(int(v) % x.ndim for v in axes))]
    if op == "Pad":
        pads = a["pads"] if opset < 11 else ins[1]
        value = a.get("value", 0.0) if opset < 11 else (
            ins[2] if len(ins) > 2 and ins[2] is not None else 0)
        if _str(a.get("mode", "constant")) != "constant":
            raise UnsupportedNode("Pad mode other than constant")
        half = len(pads) // 2
        return [np.pad(x, list(zip(pads[:half], pads[half:])),
                       constant_values=np.asarray(value).item())]
    raise UnsupportedNode("standard operator %s-%d" % (op, opset))


def _qonnx(op, ins, attrs, node):
    """One QONNX / FINN operator: its outputs as a list."""
    a = attrs
    x = ins[0]
    like = x.dtype if np.issubdtype(x.dtype, np.floating) else np.dtype(np.float32)
    if op in ("Quant", "IntQuant"):
        y = quant(x, ins[1], ins[2], ins[3], a.get("signed", 1), a.get("narrow", 0),
                  _str(a.get("rounding_mode", "ROUND")))
        return [y.astype(like)]
    if op == "BipolarQuant":
        return [bipolar_quant(x, ins[1]).astype(like)]
    if op == "Trunc":
        mode = _str(a.get("rounding_mode", "FLOOR"))
        if len(ins) == 5:
            y = trunc_v1(x, ins[1], ins[2], ins[3], ins[4], mode)
        else:
            y = trunc_v2(x, ins[1], ins[2], ins[3], ins[4], ins[5], a.get("signed", 1),
                         a.get("narrow", 0), mode)
        return [y.astype(like)]
    if op == "MultiThreshold":
        return [multithreshold(x, ins[1], a.get("out_scale", 1.0), a.get("out_bias", 0.0),
                               _str(a.get("data_layout", "NCHW")))]
    if op == "MaxPoolNHWC":
        return [max_pool_nhwc(x, a["kernel_shape"], a.get("pads", (0, 0, 0, 0)),
                              a.get("strides"), a.get("ceil_mode", 0))]
    if op == "QuantAvgPool2d":
        return [quant_avg_pool2d(x, a["kernel"], a["stride"], a["ibits"], a["obits"],
                                 a.get("signed", 0), _str(a.get("data_layout", "NCHW")))]
    if op == "Im2Col":
        return [im2col(x, a["kernel_size"], a["stride"], a.get("pad_amount", (0, 0, 0, 0)),
                       a.get("pad_value", 0), a.get("dilations", (1, 1)))]
    if op == "XnorPopcountMatMul":
        return [xnor_popcount_matmul(ins[0], ins[1])]
    raise UnsupportedNode("QONNX operator %s" % op)


def _channels_last(op, ins, attrs, opset, node):
    """A qonnx.custom_op.channels_last operator: the standard one on NHWC
    data (Conv's weights too are [O, KH, KW, I])."""
    x = ins[0]
    if x.ndim != 4:
        raise UnsupportedNode("channels_last %s on a %d-D tensor" % (op, x.ndim))
    rest = list(ins[1:])
    if op == "Conv":
        rest[0] = np.transpose(rest[0], (0, 3, 1, 2))
    elif op not in ("MaxPool", "BatchNormalization"):
        raise UnsupportedNode("channels_last operator %s" % op)
    return [nhwc(lambda v: _standard(op, [v] + rest, attrs, opset, node)[0], x)]


def run_model(model, inputs, check_datatypes=True, keep_all=False, hook=None):
    """Runs the onnx.ModelProto `model` on `inputs` ({name: array}) and
    returns {output name: array} (every value with keep_all). With
    check_datatypes, every finn_datatype annotation of the graph is checked
    against the values its tensor takes (ValueError when one is violated).
    `hook(name, value)`, when given, sees every computed value and returns
    the one the rest of the graph uses (a test changes one code with it)."""
    from onnx import numpy_helper
    graph = model.graph
    opsets = {o.domain: o.version for o in model.opset_import}
    opset = opsets.get("", opsets.get("ai.onnx", 1))
    values = {}
    for init in graph.initializer:
        values[init.name] = numpy_helper.to_array(init)
    for vi in graph.input:
        if vi.name in values and vi.name not in inputs:
            continue
        if vi.name not in inputs:
            raise ValueError("no value for graph input %r" % vi.name)
        values[vi.name] = np.asarray(inputs[vi.name])
    for node in graph.node:
        ins = [values[name] if name else None for name in node.input]
        for name, value in zip(node.input, ins):
            if name and value is None:
                raise ValueError("node %r reads %r before it is computed" % (node.name, name))
        attrs = _attrs(node)
        if node.domain in STANDARD_DOMAINS:
            outs = _standard(node.op_type, ins, attrs, opset, node)
        elif node.domain in QONNX_DOMAINS:
            outs = _qonnx(node.op_type, ins, attrs, node)
        elif node.domain == CHANNELS_LAST_DOMAIN:
            outs = _channels_last(node.op_type, ins, attrs,
                                  opsets.get(CHANNELS_LAST_DOMAIN, opset), node)
        else:
            raise UnsupportedNode("operator %s of domain %r" % (node.op_type, node.domain))
        for name, value in zip(node.output, outs):
            if name:
                values[name] = np.asarray(value if hook is None else hook(name, value))
    if check_datatypes:
        for qa in graph.quantization_annotation:
            for entry in qa.quant_parameter_tensor_names:
                if entry.key == "finn_datatype" and qa.tensor_name in values:
                    if not finn_datatype_allows(entry.value, values[qa.tensor_name]):
                        raise ValueError("tensor %r is annotated %s but holds values "
                                         "outside it" % (qa.tensor_name, entry.value))
    if keep_all:
        return values
    return {o.name: values[o.name] for o in graph.output}


# ---------------------------------------------------------------------------
# Self-check on values QONNX's documents spell out.

if __name__ == "__main__":
    assert min_int(True, True, 8) == -127 and max_int(False, True, 8) == 254
    x = np.array([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5], np.float32)
    one = np.float32(1)
    zero = np.float32(0)
    expected = {
        "ROUND": [-2, -2, 0, 0, 2, 2], "CEIL": [-2, -1, 0, 1, 2, 3],
        "FLOOR": [-3, -2, -1, 0, 1, 2], "UP": [-3, -2, -1, 1, 2, 3],
        "DOWN": [-2, -1, 0, 0, 1, 2], "HALF_UP": [-3, -2, -1, 1, 2, 3],
        "HALF_DOWN": [-2, -1, 0, 0, 1, 2]}
    for mode, want in expected.items():
        got = quant(x, one, zero, np.float32(8), 1, 0, mode)
        assert got.tolist() == want, (mode, got)
    assert quant(x, one, zero, 1, 1, 1).tolist() == [-1, -1, -1, 1, 1, 1]
    assert quant(np.float32([300]), one, zero, 8, 0, 1).tolist() == [254]
    assert quant(x, np.float64(0.5), np.int64(0), 4).dtype == np.float64
    assert bipolar_quant(np.float32([np.nan, 0, -1]), np.float32(2)).tolist() == [-2, 2, -2]
    # ceil_mode drops a last window that would start in the end padding.
    assert max_pool2d(np.zeros((1, 1, 6, 6), np.float32), (2, 2), (2, 2),
                      (0, 0, 1, 1), ceil_mode=1).shape == (1, 1, 3, 3)
    assert max_pool2d(np.zeros((1, 1, 7, 7), np.float32), (2, 2), (2, 2),
                      ceil_mode=1).shape == (1, 1, 4, 4)
    assert multithreshold(np.float32([[0, 1, 2]]), np.float32([[0.5, 1.5]]), 2, -1,
                          "NC").tolist() == [[-1, 1, 3]]
    print("qonnx_numpy: self-check passed")
