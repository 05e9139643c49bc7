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


def _pool_out(size, k, stride, pad_total, dilation=1, ceil_mode=0):
    span = size + pad_total - dilation * (k - 1) - 1
    if ceil_mode:
        return -(-span // stride) + 1
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
    oh = _pool_out(h, kh, strides[0], pads[0] + pads[2], dilations[0], ceil_mode)
    ow = _pool_out(w, kw, strides[1], pads[1] + pads[3], dilations[1], ceil_mode)
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
    assert multithreshold(np.float32([[0, 1, 2]]), np.float32([[0.5, 1.5]]), 2, -1,
                          "NC").tolist() == [[-1, 1, 3]]
    print("qonnx_numpy: self-check passed")
