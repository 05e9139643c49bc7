"""Single-node QONNX / FINN quantizer models, compiled by qnn and compared
value for value with the NumPy definitions of qonnx_numpy.py.

Each case is one node with its own graph input and output (one model holds
many, so that one compilation checks them all): Quant / IntQuant across bit
widths 1 to 32, every rounding mode, signed / narrow, float16 / float32 /
float64 / int8 inputs, DOUBLE and INT64 parameters (as the QKeras converter
writes them), per-tensor, per-channel and multi-axis parameters, the 1-bit
signed narrow case; BipolarQuant; Trunc versions 1 (onnx.brevitas, opset
1) and 2 (qonnx.custom_op.general, opset 2); MultiThreshold with bipolar
outputs, NHWC, shared and unsorted thresholds. Each input holds the
rounding ties of its node (and the float values next to them), its clamp
bounds, large values, infinities and, where QONNX's answer is a code, NaN.

    check_quant_ops.py <workdir>
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qonnx_numpy as ref  # noqa: E402

import qnn  # noqa: E402

QONNX = "qonnx.custom_op.general"
BREVITAS = "onnx.brevitas"
FINN = "finn.custom_op.general"
MODES = ["ROUND", "CEIL", "FLOOR", "UP", "DOWN", "HALF_UP", "HALF_DOWN"]
ONNX_TYPE = {np.dtype(np.float16): TensorProto.FLOAT16,
             np.dtype(np.float32): TensorProto.FLOAT,
             np.dtype(np.float64): TensorProto.DOUBLE,
             np.dtype(np.int8): TensorProto.INT8,
             np.dtype(np.int64): TensorProto.INT64}


def around(values, dtype):
    """`values` in `dtype` with the neighbouring values of each (the values
    next to a tie or a bound round the other way)."""
    v = np.asarray(values, np.float64).astype(dtype)
    if not np.issubdtype(np.dtype(dtype), np.floating):
        return v
    inf = np.array(np.inf, dtype)
    return np.concatenate([v, np.nextafter(v, inf), np.nextafter(v, -inf)])


def probe(dtype, scale, zeropt, lo, hi, divisor=1.0, nan=False):
    """Inputs of a quantizer y = f(x / scale + zeropt) with codes [lo, hi]:
    every tie (k + 1/2), every integer, the bounds and beyond, extremes."""
    s = float(np.min(np.abs(np.asarray(scale, np.float64)))) or 1.0
    z = float(np.asarray(zeropt, np.float64).reshape(-1)[0])
    span = min(hi - lo, 600) * divisor
    ks = np.arange(lo * divisor - 3, lo * divisor + span + 4, 0.5)
    if hi - lo > 600:  # wide codes: the ends of the range as well
        ks = np.concatenate([ks, np.arange(hi * divisor - 40, hi * divisor + 4, 0.5)])
    vals = [(k - z) * s for k in ks]
    vals += [0.0, -0.0, s / 4, -s / 4, 1e30, -1e30, 3.0e38, -3.0e38]
    x = around(vals, dtype)
    if np.issubdtype(np.dtype(dtype), np.floating):
        extra = [np.inf, -np.inf] + ([np.nan] if nan else [])
        x = np.concatenate([x, np.array(extra, dtype)])
    else:
        info = np.iinfo(dtype)
        x = np.concatenate([np.clip(np.round(np.asarray(vals[:len(ks)])), info.min,
                                    info.max).astype(dtype),
                            np.array([info.min, info.max, 0], dtype)])
    return x


class Model:
    """Nodes, each with its input x<i> and output y<i>, and their oracles."""

    def __init__(self, domains):
        self.nodes, self.inits, self.inputs, self.outputs = [], [], [], []
        self.feeds, self.expected, self.names = {}, {}, {}
        self.domains = domains

    def const(self, name, value, dtype):
        a = np.asarray(value).astype(dtype)
        self.inits.append(numpy_helper.from_array(a, name))
        return name

    def add(self, label, op, domain, x, params, result_dtype, oracle, constant=False,
            **attrs):
        """One node; `constant`: x is an initializer (weights), not an input."""
        i = len(self.nodes)
        xin, yout = "x%d" % i, "y%d" % i
        names = [xin]
        for j, (value, dtype) in enumerate(params):
            names.append(self.const("p%d_%d" % (i, j), value, dtype))
        self.nodes.append(helper.make_node(op, names, [yout], name=label,
                                           domain=domain, **attrs))
        if constant:
            self.const(xin, x, x.dtype)
        else:
            self.inputs.append(helper.make_tensor_value_info(
                xin, ONNX_TYPE[x.dtype], list(x.shape)))
            self.feeds[xin] = x
        self.outputs.append(helper.make_tensor_value_info(
            yout, ONNX_TYPE[np.dtype(result_dtype)], list(x.shape)))
        self.expected[yout] = np.asarray(oracle).astype(result_dtype)
        self.names[yout] = label

    def write(self, path):
        graph = helper.make_graph(self.nodes, "quant_ops", self.inputs, self.outputs,
                                  initializer=self.inits)
        imports = [helper.make_opsetid("", 13)] + [
            helper.make_opsetid(d, v) for d, v in self.domains]
        model = helper.make_model(graph, opset_imports=imports, producer_name="qnn-tests")
        onnx.save(model, path)


def quant(m, label, x, scale, zeropt, bits, signed, narrow, mode, sdt=np.float32,
          zdt=np.float32, bdt=np.float32, op="Quant", domain=QONNX, constant=False):
    s, z, b = (np.asarray(scale).astype(sdt), np.asarray(zeropt).astype(zdt),
               np.asarray(bits).astype(bdt))
    want = ref.quant(x, s, z, b, signed, narrow, mode)
    # QONNX's IntQuant.execute_node casts to float32.
    m.add(label, op, domain, x, [(s, sdt), (z, zdt), (b, bdt)], np.float32,
          np.asarray(want).astype(np.float32), constant=constant, signed=signed,
          narrow=narrow, rounding_mode=mode)


def quant_cases(m):
    rng = np.random.default_rng(16)
    # Bit widths 1..32, rounding modes and signed / narrow in rotation.
    forms = [(1, 0), (1, 1), (0, 0), (0, 1)]
    for i, bits in enumerate(list(range(1, 13)) + [15, 16, 17, 20, 23, 24, 25, 31, 32]):
        signed, narrow = forms[i % 4]
        mode = MODES[i % 7]
        scale = 2.0 ** -(i % 5) if bits > 8 else [0.25, 0.1, 0.3, 0.5, 1.5][i % 5]
        z = 0 if i % 3 else (2 if bits > 1 else 0)
        lo, hi = ref.min_int(signed, narrow, bits), ref.max_int(signed, narrow, bits)
        x = probe(np.float32, scale, z, lo, hi)
        quant(m, "q%d_%s" % (bits, mode.lower()), x, scale, z, bits, signed, narrow, mode)
    # Every rounding mode at 4 bits (packed) and 16 bits (wide), with a
    # zero point and a scale not exact in binary.
    for mode in MODES:
        for bits in (4, 16):
            x = probe(np.float32, 0.1, 3, -(2 ** (bits - 1)), 2 ** (bits - 1) - 1)
            quant(m, "mode_%s_%d" % (mode.lower(), bits), x, 0.1, 3, bits, 1, 0,
                  mode.lower())
    # Input and parameter types.
    x16 = probe(np.float16, 0.25, 0, -8, 7, nan=True)
    quant(m, "f16_f16", x16, 0.25, 0, 4, 1, 0, "ROUND", sdt=np.float16, zdt=np.float16)
    quant(m, "f16_f32", probe(np.float16, 0.1, 0, -8, 7), 0.1, 0, 4, 1, 0, "HALF_UP")
    quant(m, "f16_12bit", probe(np.float16, 0.01, 0, -2048, 2047), 0.01, 0, 12, 1, 0,
          "ROUND", sdt=np.float16, zdt=np.float16)
    quant(m, "f16_bits16_inf", probe(np.float16, 1.0, 0, 0, 65535), 1.0, 0, 16, 0, 0,
          "FLOOR", sdt=np.float16, zdt=np.float16)
    quant(m, "f64", probe(np.float64, 0.1, 1, -128, 127, nan=True), 0.1, 1, 8, 1, 0,
          "ROUND", sdt=np.float64, zdt=np.float64)
    quant(m, "i8", probe(np.int8, 0.5, 0, -8, 7), 0.5, 0, 4, 1, 0, "ROUND")
    # QKeras through the qonnx converter: DOUBLE scale, INT64 zero point and
    # bit width, and the binary quantizer (1-bit signed narrow, INT64 scale).
    quant(m, "qkeras_bits", probe(np.float32, 0.125, 0, -32, 31), 0.125, 0, 6, 1, 1,
          "ROUND", sdt=np.float64, zdt=np.int64, bdt=np.int64)
    quant(m, "qkeras_double", probe(np.float32, 0.1, 0, -8, 7), 0.1, 0, 4, 1, 0,
          "ROUND", sdt=np.float64, zdt=np.int64, bdt=np.int64)
    quant(m, "qkeras_binary", probe(np.float32, 1, 0, -1, 1, nan=True), 1, 0, 1, 1, 1,
          "ROUND", sdt=np.int64, zdt=np.int64, bdt=np.int64)
    quant(m, "bipolar_zp_scale", probe(np.float32, 0.5, 0.5, -1, 1, nan=True), 0.5, 0.5,
          1, 1, 0, "ROUND")
    quant(m, "u1", probe(np.float32, 0.5, 0, 0, 1), 0.5, 0, 1, 0, 0, "ROUND")
    quant(m, "zp_half", probe(np.float32, 0.25, 0.5, 0, 15), 0.25, 0.5, 4, 0, 0, "ROUND")
    quant(m, "neg_scale", probe(np.float32, -0.5, 0, -8, 7), -0.5, 0, 4, 1, 0, "ROUND",
          op="IntQuant", domain=FINN)
    # Per channel, several axes, a lower-rank scale.
    x4 = (rng.integers(-40, 40, (2, 3, 4, 5)) / 8.0 + 0.0625).astype(np.float32)
    quant(m, "per_channel", x4, np.array([0.25, 0.5, 0.1]).reshape(1, 3, 1, 1),
          np.array([0, 1, -2]).reshape(1, 3, 1, 1), 3, 1, 0, "ROUND", domain=BREVITAS)
    quant(m, "per_channel_3d", x4, np.array([0.25, 0.5, 0.1]).reshape(3, 1, 1), 0, 2, 1,
          1, "HALF_DOWN")
    quant(m, "multi_axis", x4, (rng.integers(1, 8, (1, 3, 1, 5)) / 16.0), 0, 4, 1, 0,
          "CEIL")
    # Constant weights (their codes computed at compile time), per channel,
    # HALF_UP with a zero point; and bipolar weights.
    w = probe(np.float32, 0.1, 1, -8, 7)[:96].reshape(3, 32)
    quant(m, "weights_half_up", w, np.array([[0.1], [0.2], [0.05]]), np.array([[1], [0], [-1]]),
          4, 1, 0, "HALF_UP", constant=True)
    quant(m, "weights_bipolar", w, 0.5, 0, 1, 1, 1, "ROUND", constant=True)
    quant(m, "per_channel_20bit", x4, np.array([0.25, 0.5, 0.1]).reshape(1, 3, 1, 1),
          0, 20, 1, 0, "UP", sdt=np.float64)


def bipolar_cases(m):
    x = probe(np.float32, 1.0, 0, -2, 2, nan=True)
    for label, s, sdt in (("bq", 0.5, np.float32), ("bq_f64", 0.1, np.float64),
                          ("bq_neg", -0.25, np.float32)):
        want = ref.bipolar_quant(x, np.asarray(s).astype(sdt))
        m.add(label, "BipolarQuant", QONNX, x, [(s, sdt)], want.dtype, want)
    x4 = np.random.default_rng(3).normal(size=(2, 3, 4)).astype(np.float32)
    x4[0, 0, 0], x4[1, 2, 3] = np.nan, -0.0
    s = np.array([0.5, 0.25, 0.125], np.float32).reshape(1, 3, 1)
    m.add("bq_per_channel", "BipolarQuant", QONNX, x4, [(s, np.float32)], np.float32,
          ref.bipolar_quant(x4, s))
    x16 = probe(np.float16, 1.0, 0, -2, 2, nan=True)
    m.add("bq_f16", "BipolarQuant", QONNX, x16, [(0.5, np.float16)], np.float16,
          ref.bipolar_quant(x16, np.float16(0.5)))


def trunc_cases(m):
    # Version 2 (6 inputs): after an 8-bit quantizer at scale 1/32.
    for label, out_scale, obits, signed, narrow, mode, z in (
            ("trunc2_floor", 0.25, 4, 1, 0, "FLOOR", 0),
            ("trunc2_round_zp", 0.125, 3, 0, 0, "ROUND", 8),
            ("trunc2_half_up", 0.0625, 5, 1, 1, "HALF_UP", 0),
            ("trunc2_12bit", 0.0625, 12, 1, 0, "FLOOR", 0)):
        x = probe(np.float32, 1 / 32, z, -512, 511)
        s, zz, ib, os_, ob = (np.float32(1 / 32), np.float32(z), np.float32(8),
                              np.float32(out_scale), np.float32(obits))
        want = ref.trunc_v2(x, s, zz, ib, os_, ob, signed, narrow, mode)
        m.add(label, "Trunc", QONNX, x, [(s, np.float32), (zz, np.float32),
                                         (ib, np.float32), (os_, np.float32),
                                         (ob, np.float32)],
              want.dtype, want, rounding_mode=mode, signed=signed, narrow=narrow)
    # Version 1 (5 inputs, onnx.brevitas at opset 1): no clamp, no rescale.
    for label, ibits, obits, mode in (("trunc1_floor", 8, 4, "FLOOR"),
                                      ("trunc1_round", 10, 3, "ROUND"),
                                      ("trunc1_down", 16, 8, "DOWN")):
        x = probe(np.float32, 0.25, 0, -(2 ** (ibits - 1)), 2 ** (ibits - 1))
        s, zz, ib, ob = np.float32(0.25), np.float32(0), np.float32(ibits), np.float32(obits)
        want = ref.trunc_v1(x, s, zz, ib, ob, mode)
        m.add(label, "Trunc", BREVITAS, x, [(s, np.float32), (zz, np.float32),
                                            (ib, np.float32), (ob, np.float32)],
              want.dtype, want, rounding_mode=mode)


def multithreshold_cases(m):
    rng = np.random.default_rng(7)

    def mt(label, x, t, tdt=np.float32, **attrs):
        t = np.asarray(t).astype(tdt)
        want = ref.multithreshold(x, t, attrs.get("out_scale", 1.0),
                                  attrs.get("out_bias", 0.0),
                                  attrs.get("data_layout", "NCHW"))
        m.add(label, "MultiThreshold", FINN, x, [(t, tdt)], x.dtype, want, **attrs)

    x = rng.integers(-12, 12, (2, 3, 4, 4)).astype(np.float32) / 4
    x[0, 0, 0, :2] = [np.nan, np.inf]
    t = np.sort(rng.integers(-8, 8, (3, 3)) / 4, axis=1)
    mt("mt_nchw", x, t, out_scale=1.0, out_bias=-2.0, out_dtype="INT2")
    mt("mt_bipolar", x, [[0.0]], out_scale=2.0, out_bias=-1.0, out_dtype="BIPOLAR")
    mt("mt_unsorted_f64", x, np.array([[0.1, -0.3, 0.7]] * 3) + 1e-12, tdt=np.float64,
       out_dtype="UINT2")
    mt("mt_scale_bias", x, t, out_scale=0.5, out_bias=-0.25, out_dtype="INT2")
    xh = np.transpose(x, (0, 2, 3, 1)).copy()
    mt("mt_nhwc", xh, t, data_layout="NHWC", out_dtype="UINT2")
    x3 = x.reshape(2, 3, 16)
    mt("mt_ncw_shared", x3, t[:1], data_layout="NCW", out_dtype="UINT2")
    x2 = x.reshape(6, 16)
    mt("mt_nc", x2, np.sort(rng.normal(size=(16, 7)), axis=1), data_layout="NC",
       out_scale=-1.0, out_dtype="INT4")
    mt("mt_300", x2, np.sort(rng.normal(size=(1, 300)) * 4, axis=1), out_dtype="UINT9")


def main():
    np.seterr(all="ignore")  # the probes overflow on purpose
    workdir = sys.argv[1]
    m = Model([(QONNX, 2), (BREVITAS, 1), (FINN, 1)])
    quant_cases(m)
    bipolar_cases(m)
    trunc_cases(m)
    multithreshold_cases(m)
    path = os.path.join(workdir, "quant_ops.onnx")
    m.write(path)
    compiled = qnn.compile(path, workdir=os.path.join(workdir, "build"))
    order = [i.name for i in compiled.inputs]
    results = compiled(*[m.feeds[name] for name in order])
    if not isinstance(results, (list, tuple)):
        results = [results]
    failures = 0
    for out, got in zip(compiled.outputs, results):
        want = m.expected[out.name]
        got = np.asarray(got)
        same = got.dtype == want.dtype and got.shape == want.shape and \
            np.array_equal(got, want, equal_nan=True)
        if not same:
            failures += 1
            bad = np.flatnonzero(~((got == want) | (np.isnan(got) & np.isnan(want))))
            print("MISMATCH %s (%s): %d of %d values, first at %s: got %r want %r" % (
                m.names[out.name], out.name, bad.size, want.size, bad[:5],
                got.reshape(-1)[bad[:5]], want.reshape(-1)[bad[:5]]))
    print("%d quantizer nodes, %d mismatches" % (len(m.nodes), failures))


if __name__ == "__main__":
    main()
