"""Runs the signal handlers (Signal.cpp) where the ONNX 1.12 node tests do
not reach: DFT 17 and 20 (the axis as attribute and as input, negative
axes, real and complex input, inverse, onesided forward (RFFT) and inverse
(IRFFT), dft_length padding and truncating, f16 and f64), STFT (with and
without a window, frame_length, onesided 0 and 1, complex signals), the
windows (periodic and symmetric, output_datatype) and MelWeightMatrix
(FLOAT and DOUBLE edges, output_datatype). Each model is compiled with
qnn.compile and its outputs compared with NumPy: numpy.fft for the
transforms, the ONNX reference implementation (onnx/reference/ops) for the
windows and the mel matrix.

    check_signal.py <work dir>

Prints `model: ok` per output, `model: differs ...` where one does not
agree, and the number of outputs checked.
"""
import os
import sys

import numpy as np
import onnx
from onnx import helper, mapping, numpy_helper, TensorProto

import qnn

work = sys.argv[1]
rng = np.random.default_rng(5)
checked = 0
failed = 0


def report(name, why):
    global checked, failed
    checked += 1
    if why:
        failed += 1
        print("%s: differs: %s" % (name, why))
    else:
        print("%s: ok" % name)


def compare(got, want):
    if got.dtype != want.dtype:
        return "dtype %s, expected %s" % (got.dtype, want.dtype)
    if got.shape != want.shape:
        return "shape %s, expected %s" % (list(got.shape), list(want.shape))
    if want.dtype.kind != "f":
        if np.array_equal(got, want):
            return None
        bad = np.argwhere(got != want)[0]
        return "at %s: %r, expected %r" % (list(bad), got[tuple(bad)], want[tuple(bad)])
    rtol, atol = {2: (1e-2, 1e-2), 4: (1e-4, 1e-4), 8: (1e-9, 1e-9)}[
        want.dtype.itemsize]
    g, w = got.astype(np.float64), want.astype(np.float64)
    scale = max(1.0, np.nan_to_num(np.abs(w)).max()) if w.size else 1.0
    close = np.isclose(g, w, rtol=rtol, atol=atol * scale, equal_nan=True)
    if close.all():
        return None
    bad = np.argwhere(~close)[0]
    return "at %s: %r, expected %r" % (list(bad), g[tuple(bad)], w[tuple(bad)])


def run(name, op, opset, inputs, attrs, want, consts=()):
    """One `op` node over `inputs` ({name: array or None for an absent
    optional input}; the names in `consts` become initializers)."""
    names = list(inputs)
    present = [k for k in names if inputs[k] is not None]
    vi = lambda k, v: helper.make_tensor_value_info(
        k, mapping.NP_TYPE_TO_TENSOR_TYPE[v.dtype], list(v.shape))
    node = helper.make_node(op, [k if inputs[k] is not None else ""
                                 for k in names], ["y"], name=name, **attrs)
    graph = helper.make_graph(
        [node], name,
        [vi(k, inputs[k]) for k in present if k not in consts],
        [vi("y", want)],
        [numpy_helper.from_array(inputs[k], k) for k in present if k in consts])
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 8
    path = os.path.join(work, name + ".onnx")
    onnx.save(model, path)
    try:
        got = qnn.compile(path)(*[inputs[k] for k in present
                                  if k not in consts])
    except qnn.QNNError as e:
        report(name, str(e).replace("\n", " | "))
        return
    report(name, compare(got, want))


def as_complex(x):
    return x[..., 0] + 1j * x[..., 1] if x.shape[-1] == 2 else x[..., 0]


def split(c):
    return np.stack([c.real, c.imag], -1)


def i64(v):
    return np.array(v, np.int64)


#===-------------------------------------------------------------------===#
# DFT
#===-------------------------------------------------------------------===#

def dft_oracle(x, length, axis, inverse, onesided):
    c = as_complex(x.astype(np.float64))
    if inverse and onesided:
        return np.fft.irfft(c, n=length, axis=axis)[..., np.newaxis]
    y = (np.fft.ifft if inverse else np.fft.fft)(c, n=length, axis=axis)
    if onesided:
        y = np.take(y, range(length // 2 + 1), axis=axis)
    return split(y)


def check_dft():
    cases = [
        # name, opset, shape, axis, inverse, onesided, dft_length, dtype
        ("dft17_real_axis1", 17, (2, 8, 3, 1), 1, 0, 0, None, np.float32),
        ("dft17_complex_axis2_inverse", 17, (2, 3, 6, 2), 2, 1, 0, None,
         np.float32),
        ("dft17_rfft_pad", 17, (1, 7, 1), 1, 0, 1, 10, np.float32),
        ("dft17_neg_axis_truncate", 17, (3, 9, 2), -2, 0, 0, 5, np.float32),
        ("dft20_default_axis", 20, (2, 4, 6, 2), None, 0, 0, None, np.float32),
        ("dft20_axis_input_rfft", 20, (2, 5, 4, 1), 1, 0, 1, None,
         np.float32),
        ("dft20_irfft_even", 20, (2, 5, 2), 1, 1, 1, None, np.float32),
        ("dft20_irfft_odd_length", 20, (3, 4, 2), -2, 1, 1, 7, np.float32),
        ("dft20_inverse_f64", 20, (2, 12, 2), 1, 1, 0, 16, np.float64),
        ("dft20_f16", 20, (1, 8, 2), 1, 0, 0, None, np.float16),
        ("dft20_prime_length", 20, (1, 13, 1), 1, 0, 0, None, np.float32),
    ]
    for name, opset, shape, axis, inverse, onesided, length, dtype in cases:
        x = rng.standard_normal(shape).astype(dtype)
        attrs = {"inverse": inverse, "onesided": onesided}
        inputs = {"x": x, "dft_length": None if length is None else i64(length)}
        a = axis
        if opset < 20:
            attrs["axis"] = axis
        elif axis is not None:
            inputs["axis"] = i64(axis)
        else:
            a = -2
        a = a % len(shape)
        n = length if length is not None else (
            2 * (shape[a] - 1) if inverse and onesided else shape[a])
        want = dft_oracle(x, n, a, inverse, onesided).astype(dtype)
        run(name, "DFT", opset, inputs, attrs, want,
            consts=("dft_length", "axis"))


#===-------------------------------------------------------------------===#
# STFT
#===-------------------------------------------------------------------===#

def stft_oracle(x, step, window, length, onesided):
    c = as_complex(x.astype(np.float64))
    w = np.ones(length) if window is None else window.astype(np.float64)
    frames = 1 + (c.shape[1] - length) // step
    out = np.stack([np.fft.fft(c[:, f * step:f * step + length] * w, axis=1)
                    for f in range(frames)], 1)
    if onesided:
        out = out[:, :, :length // 2 + 1]
    return split(out)


def check_stft():
    cases = [
        # name, signal shape, step, window length, frame_length, onesided
        ("stft_window_onesided", (2, 40, 1), 6, 12, None, None),
        ("stft_frame_length_full", (1, 33, 1), 4, None, 10, 0),
        ("stft_window_and_length", (2, 20, 1), 3, 8, 8, 1),
        ("stft_complex", (1, 24, 2), 5, 9, None, 0),
        ("stft_whole_signal", (2, 16, 1), 2, None, None, 1),
    ]
    for name, shape, step, wlen, flen, onesided in cases:
        x = rng.standard_normal(shape).astype(np.float32)
        window = None if wlen is None else np.hanning(wlen).astype(np.float32)
        length = flen or wlen or shape[1]
        attrs = {} if onesided is None else {"onesided": onesided}
        want = stft_oracle(x, step, window, length,
                           1 if onesided is None else onesided)
        run(name, "STFT", 17,
            {"signal": x, "frame_step": i64(step), "window": window,
             "frame_length": None if flen is None else i64(flen)},
            attrs, want.astype(np.float32),
            consts=("frame_step", "frame_length"))


#===-------------------------------------------------------------------===#
# Windows and MelWeightMatrix (onnx/reference/ops)
#===-------------------------------------------------------------------===#

def window_oracle(op, size, periodic, dtype):
    ni = np.arange(size, dtype=dtype)
    n1 = size if periodic else size - 1
    if op == "HannWindow":
        res = np.sin(ni * np.pi / n1) ** 2
    elif op == "HammingWindow":
        alpha = 25.0 / 46.0
        res = alpha - np.cos(ni * np.pi * 2 / n1) * (1 - alpha)
    else:
        ni = np.arange(size)
        res = np.cos((ni * (np.pi * 2)) / n1) * (-0.5)
        res += np.cos((ni * (np.pi * 4)) / n1) * 0.08
        res += 0.42
    return res.astype(dtype)


def check_windows():
    for op in ("HannWindow", "HammingWindow", "BlackmanWindow"):
        # A symmetric window of 1 divides 0 by 0, as the reference does.
        for periodic, size, dtype in ((1, 16, np.float32), (0, 9, np.float64),
                                      (0, 1, np.float32), (1, 8, np.int32),
                                      (1, 0, np.float32)):
            attrs = {"periodic": periodic}
            if dtype != np.float32:
                attrs["output_datatype"] = mapping.NP_TYPE_TO_TENSOR_TYPE[
                    np.dtype(dtype)]
            with np.errstate(all="ignore"):
                want = window_oracle(op, size, periodic, dtype)
            run("%s_p%d_%d_%s" % (op, periodic, size, np.dtype(dtype).name),
                op, 17, {"size": np.array(size, np.int32)}, attrs, want,
                consts=("size",))


def mel_oracle(num_mel_bins, dft_length, sample_rate, lower_edge_hertz,
               upper_edge_hertz):
    num_spectrogram_bins = dft_length // 2 + 1
    frequency_bins = np.arange(0, num_mel_bins + 2)
    low_frequency_mel = 2595 * np.log10(1 + lower_edge_hertz / 700)
    high_frequency_mel = 2595 * np.log10(1 + upper_edge_hertz / 700)
    mel_step = (high_frequency_mel - low_frequency_mel) / frequency_bins.shape[0]
    frequency_bins = frequency_bins * mel_step + low_frequency_mel
    frequency_bins = 700 * (np.power(10, (frequency_bins / 2595)) - 1)
    frequency_bins = ((dft_length + 1) * frequency_bins) // sample_rate
    frequency_bins = frequency_bins.astype(int)
    output = np.zeros((num_spectrogram_bins, num_mel_bins))
    for i in range(num_mel_bins):
        lower_frequency_value = frequency_bins[i]
        center_frequency_point = frequency_bins[i + 1]
        higher_frequency_point = frequency_bins[i + 2]
        low_to_center = center_frequency_point - lower_frequency_value
        if low_to_center == 0:
            output[center_frequency_point, i] = 1
        else:
            for j in range(lower_frequency_value, center_frequency_point + 1):
                output[j, i] = float(j - lower_frequency_value) / float(
                    low_to_center)
        center_to_high = higher_frequency_point - center_frequency_point
        if center_to_high > 0:
            for j in range(center_frequency_point, higher_frequency_point):
                output[j, i] = float(higher_frequency_point - j) / float(
                    center_to_high)
    return output


def check_mel():
    for name, mels, dft, rate, lo, hi, edge, out in (
            ("mel_f32", 10, 64, 16000, 20.0, 7000.0, np.float32, np.float32),
            ("mel_f64_out", 6, 31, 8000, 0.0, 4000.0, np.float64, np.float64),
            ("mel_narrow", 4, 128, 22050, 300.0, 900.0, np.float32, np.float32)):
        inputs = {"num_mel_bins": np.array(mels, np.int64),
                  "dft_length": np.array(dft, np.int64),
                  "sample_rate": np.array(rate, np.int64),
                  "lower_edge_hertz": np.array(lo, edge),
                  "upper_edge_hertz": np.array(hi, edge)}
        want = mel_oracle(*inputs.values()).astype(out)
        attrs = {} if out == np.float32 else {
            "output_datatype": mapping.NP_TYPE_TO_TENSOR_TYPE[np.dtype(out)]}
        run(name, "MelWeightMatrix", 17, inputs, attrs, want,
            consts=tuple(inputs))


check_dft()
check_stft()
check_windows()
check_mel()
print("checked %d outputs, %d differ" % (checked, failed))
