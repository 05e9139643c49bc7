"""Runs the recurrent handlers (Sequence.cpp) where the ONNX 1.12 node tests
do not reach: reverse and bidirectional directions, every activation
function with its alpha and beta, clip, GRU's linear_before_reset = 0 and
1, LSTM's peepholes and input_forget, initial states, sequence_lens shorter
than the sequence (run-time and constant), layout 1, absent outputs, f16
and f64, opsets 7, 14 and 22. Each model is compiled with qnn.compile and
its outputs compared with a NumPy oracle written from the ONNX operator
definitions (onnxruntime's reading of sequence_lens: steps past a batch
entry's length keep its state and write zeros to Y; the reverse direction
starts at the entry's last step). The oracle itself is first checked
against PyTorch's nn.RNN, nn.GRU and nn.LSTM where they compute the same.

    check_sequence.py <work dir>

Prints `model/output: ok` per output, `model/output: differs ...` where one
does not agree, and the number of outputs checked.
"""
import os
import sys

import numpy as np
import onnx
from onnx import helper, mapping, numpy_helper

import qnn

work = sys.argv[1]
rng = np.random.default_rng(11)
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
    rtol, atol = {2: (3e-3, 3e-3), 4: (1e-4, 1e-5), 8: (1e-10, 1e-12)}[
        want.dtype.itemsize]
    g, w = got.astype(np.float64), want.astype(np.float64)
    close = np.isclose(g, w, rtol=rtol, atol=atol)
    if close.all():
        return None
    bad = np.argwhere(~close)[0]
    return "at %s: %r, expected %r" % (list(bad), g[tuple(bad)], w[tuple(bad)])


#===-------------------------------------------------------------------===#
# The oracle
#===-------------------------------------------------------------------===#

# name: (parameters read, default alpha, default beta, function)
ACTIVATIONS = {
    "relu": (0, 0, 0, lambda x, a, b: np.maximum(x, 0)),
    "tanh": (0, 0, 0, lambda x, a, b: np.tanh(x)),
    "sigmoid": (0, 0, 0, lambda x, a, b: 1 / (1 + np.exp(-x))),
    "affine": (2, 1.0, 0.0, lambda x, a, b: a * x + b),
    "leakyrelu": (1, 0.01, 0, lambda x, a, b: np.where(x >= 0, x, a * x)),
    "thresholdedrelu": (1, 1.0, 0, lambda x, a, b: np.where(x > a, x, 0)),
    "scaledtanh": (2, 1.0, 1.0, lambda x, a, b: a * np.tanh(b * x)),
    "hardsigmoid": (2, 0.2, 0.5,
                    lambda x, a, b: np.minimum(np.maximum(a * x + b, 0), 1)),
    "elu": (1, 1.0, 0, lambda x, a, b: np.where(x >= 0, x, a * np.expm1(x))),
    "softsign": (0, 0, 0, lambda x, a, b: x / (1 + np.abs(x))),
    "softplus": (0, 0, 0, lambda x, a, b: np.log1p(np.exp(x))),
}


def functions(names, alphas, betas):
    """The activation functions, alphas and betas consumed in order by the
    functions that read them."""
    alphas, betas = list(alphas), list(betas)
    out = []
    for name in names:
        params, a, b, fn = ACTIVATIONS[name.lower()]
        if params >= 1 and alphas:
            a = np.float32(alphas.pop(0))
        if params >= 2 and betas:
            b = np.float32(betas.pop(0))
        out.append(lambda x, fn=fn, a=float(a), b=float(b): fn(x, a, b))
    return out


def recurrent(cell, X, W, R, B=None, lens=None, h0=None, c0=None, P=None,
              direction="forward", clip=None, activations=None, alphas=(),
              betas=(), linear_before_reset=0, input_forget=0, layout=0):
    """Y, Y_h (and Y_c for LSTM) by the ONNX equations, in float64."""
    X, W, R = (a.astype(np.float64) for a in (X, W, R))
    if layout == 1:
        X = X.swapaxes(0, 1)
        h0 = None if h0 is None else h0.swapaxes(0, 1)
        c0 = None if c0 is None else c0.swapaxes(0, 1)
    seq, batch, _ = X.shape
    D, hidden = W.shape[0], R.shape[2]
    G = {"RNN": 1, "GRU": 3, "LSTM": 4}[cell]
    per = {"RNN": ["Tanh"], "GRU": ["Sigmoid", "Tanh"],
           "LSTM": ["Sigmoid", "Tanh", "Tanh"]}[cell]
    names = activations or per * D
    if len(names) == len(per) and D == 2:
        names = names * 2
    fns = functions(names, alphas, betas)
    B = np.zeros((D, 2 * G * hidden)) if B is None else B.astype(np.float64)
    h0 = np.zeros((D, batch, hidden)) if h0 is None else h0.astype(np.float64)
    c0 = np.zeros((D, batch, hidden)) if c0 is None else c0.astype(np.float64)
    P = np.zeros((D, 3 * hidden)) if P is None else P.astype(np.float64)
    lens = [seq] * batch if lens is None else list(lens)
    cl = (lambda v: v) if clip is None else (
        lambda v: np.clip(v, -float(np.float32(clip)), float(np.float32(clip))))
    Y = np.zeros((seq, D, batch, hidden))
    Yh = np.zeros((D, batch, hidden))
    Yc = np.zeros((D, batch, hidden))
    for d in range(D):
        rev = direction == "reverse" or d == 1
        f = fns[d * len(per):(d + 1) * len(per)]
        Wg = np.split(W[d], G)
        Rg = np.split(R[d], G)
        Wb = np.split(B[d][:G * hidden], G)
        Rb = np.split(B[d][G * hidden:], G)
        Pi, Po, Pf = np.split(P[d], 3)
        for b in range(batch):
            h, c = h0[d, b], c0[d, b]
            steps = range(lens[b])
            for t in (reversed(steps) if rev else steps):
                x = X[t, b]
                pre = [Wg[k] @ x + Wb[k] for k in range(G)]
                if cell == "RNN":
                    h = f[0](cl(pre[0] + Rg[0] @ h + Rb[0]))
                elif cell == "GRU":
                    z = f[0](cl(pre[0] + Rg[0] @ h + Rb[0]))
                    r = f[0](cl(pre[1] + Rg[1] @ h + Rb[1]))
                    if linear_before_reset:
                        hh = f[1](cl(pre[2] + r * (Rg[2] @ h + Rb[2])))
                    else:
                        hh = f[1](cl(pre[2] + Rg[2] @ (r * h) + Rb[2]))
                    h = (1 - z) * hh + z * h
                else:
                    i = f[0](cl(pre[0] + Rg[0] @ h + Pi * c + Rb[0]))
                    if input_forget:
                        fg = 1 - i
                    else:
                        fg = f[0](cl(pre[2] + Rg[2] @ h + Pf * c + Rb[2]))
                    cc = f[1](cl(pre[3] + Rg[3] @ h + Rb[3]))
                    c = fg * c + i * cc
                    o = f[0](cl(pre[1] + Rg[1] @ h + Po * c + Rb[1]))
                    h = o * f[2](c)
                Y[t, d, b] = h
            Yh[d, b], Yc[d, b] = h, c
    if layout == 1:
        Y = Y.transpose(2, 0, 1, 3)
        Yh, Yc = Yh.swapaxes(0, 1), Yc.swapaxes(0, 1)
    return Y, Yh, Yc


def check_oracle_with_torch():
    """The oracle against PyTorch: bidirectional RNN (tanh, relu), GRU
    (PyTorch's GRU is linear_before_reset = 1) and LSTM with biases and
    initial states."""
    import torch
    torch.manual_seed(3)
    seq, batch, inp, hidden = 5, 3, 4, 6
    X = rng.standard_normal((seq, batch, inp)).astype(np.float32)
    # PyTorch's gate order -> ONNX's.
    for cell, nonlin, order in (("RNN", "tanh", [0]), ("RNN", "relu", [0]),
                                ("GRU", None, [1, 0, 2]),
                                ("LSTM", None, [0, 3, 1, 2])):
        kw = {} if nonlin is None else {"nonlinearity": nonlin}
        mod = getattr(torch.nn, cell)(inp, hidden, bidirectional=True, **kw)
        G = len(order)
        h0 = rng.standard_normal((2, batch, hidden)).astype(np.float32)
        c0 = rng.standard_normal((2, batch, hidden)).astype(np.float32)
        state = torch.from_numpy(h0)
        if cell == "LSTM":
            state = (state, torch.from_numpy(c0))
        with torch.no_grad():
            y, hn = mod(torch.from_numpy(X), state)
        reorder = lambda a: np.concatenate(
            [np.split(a, G)[k] for k in order])
        Ws, Rs, Bs = [], [], []
        for sfx in ("_l0", "_l0_reverse"):
            p = {k: v.detach().numpy() for k, v in mod.named_parameters()}
            Ws.append(reorder(p["weight_ih" + sfx]))
            Rs.append(reorder(p["weight_hh" + sfx]))
            Bs.append(np.concatenate([reorder(p["bias_ih" + sfx]),
                                      reorder(p["bias_hh" + sfx])]))
        acts = ["Relu", "Relu"] if nonlin == "relu" else None
        Y, Yh, Yc = recurrent(cell, X, np.stack(Ws), np.stack(Rs),
                              np.stack(Bs), h0=h0, c0=c0,
                              direction="bidirectional", activations=acts,
                              linear_before_reset=1)
        want = y.numpy().reshape(seq, batch, 2, hidden).transpose(0, 2, 1, 3)
        hn = hn[0] if cell == "LSTM" else hn
        for what, a, b in (("Y", Y, want), ("Y_h", Yh, hn.numpy())):
            report("oracle/torch_%s%s/%s" % (cell.lower(), nonlin or "", what),
                   compare(a.astype(np.float32), b.astype(np.float32)))


#===-------------------------------------------------------------------===#
# Models
#===-------------------------------------------------------------------===#

INPUTS = ["X", "W", "R", "B", "sequence_lens", "initial_h", "initial_c", "P"]


def run(name, cell, opset, arrays, attrs, outputs=("Y", "Y_h", "Y_c"),
        consts=(), dtype=np.float32):
    """Builds one `cell` node over `arrays` ({input name: array}; the names
    in `consts` become initializers), compiles it and compares the listed
    `outputs` ('' for absent ones) with the oracle's."""
    names = [k for k in INPUTS if k in arrays]
    last = max(INPUTS.index(k) for k in names)
    node_inputs = [k if k in arrays else "" for k in INPUTS[:last + 1]]
    arrays = {k: (v if k == "sequence_lens" else v.astype(dtype))
              for k, v in arrays.items()}
    ref = {"direction": attrs.get("direction", "forward"),
           "clip": attrs.get("clip"),
           "activations": attrs.get("activations"),
           "alphas": attrs.get("activation_alpha", ()),
           "betas": attrs.get("activation_beta", ()),
           "linear_before_reset": attrs.get("linear_before_reset", 0),
           "input_forget": attrs.get("input_forget", 0),
           "layout": attrs.get("layout", 0)}
    kw = {"lens" if k == "sequence_lens" else
          {"initial_h": "h0", "initial_c": "c0"}.get(k, k): v
          for k, v in arrays.items() if k not in ("X", "W", "R")}
    want = dict(zip(("Y", "Y_h", "Y_c"),
                    recurrent(cell, arrays["X"], arrays["W"], arrays["R"],
                              **kw, **ref)))
    outputs = list(outputs)[:3 if cell == "LSTM" else 2]
    expected = {k: want[k].astype(dtype) for k in outputs if k}
    node = helper.make_node(cell, node_inputs, outputs, name=name, **attrs)
    vi = lambda k, v: helper.make_tensor_value_info(
        k, mapping.NP_TYPE_TO_TENSOR_TYPE[v.dtype], list(v.shape))
    graph = helper.make_graph(
        [node], name,
        [vi(k, arrays[k]) for k in names if k not in consts],
        [vi(k, v) for k, v in expected.items()],
        [numpy_helper.from_array(arrays[k], k) for k in names if k in consts])
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 8
    path = os.path.join(work, name + ".onnx")
    onnx.save(model, path)
    try:
        got = qnn.compile(path)(*[arrays[k] for k in names if k not in consts])
    except qnn.QNNError as e:
        for k in expected:
            report("%s/%s" % (name, k), str(e).replace("\n", " | "))
        return
    if not isinstance(got, tuple):
        got = (got,)
    for (k, w), g in zip(expected.items(), got):
        report("%s/%s" % (name, k), compare(g, w))


def weights(cell, D, seq, batch, inp, hidden, layout=0, peepholes=False):
    G = {"RNN": 1, "GRU": 3, "LSTM": 4}[cell]
    n = lambda *s: rng.standard_normal(s).astype(np.float32) * 0.6
    state = (D, batch, hidden) if layout == 0 else (batch, D, hidden)
    a = {"X": n(seq, batch, inp) if layout == 0 else n(batch, seq, inp),
         "W": n(D, G * hidden, inp), "R": n(D, G * hidden, hidden),
         "B": n(D, 2 * G * hidden), "initial_h": n(*state)}
    if cell == "LSTM":
        a["initial_c"] = n(*state)
        if peepholes:
            a["P"] = n(D, 3 * hidden)
    return a


def main():
    check_oracle_with_torch()
    lens3 = np.array([4, 1, 3], np.int32)

    a = weights("RNN", 2, 4, 3, 5, 6)
    run("rnn7_bidirectional", "RNN", 7, a,
        {"hidden_size": 6, "direction": "bidirectional",
         "activations": ["Relu", "Tanh"]})
    a = weights("RNN", 1, 4, 3, 5, 6)
    a["sequence_lens"] = lens3
    run("rnn14_reverse_lens", "RNN", 14, a,
        {"hidden_size": 6, "direction": "reverse", "clip": 0.7})
    a = weights("RNN", 2, 4, 3, 5, 6, layout=1)
    a["sequence_lens"] = np.array([2, 4, 0], np.int32)
    run("rnn22_layout1_const_lens", "RNN", 22, a,
        {"direction": "bidirectional", "layout": 1,
         "activations": ["Affine", "LeakyRelu"],
         "activation_alpha": [0.5, 0.2], "activation_beta": [0.1]},
        consts=("W", "R", "B", "sequence_lens"))
    a = weights("RNN", 1, 3, 2, 4, 5)
    run("rnn14_f64", "RNN", 14, a, {"activations": ["Softsign"]},
        dtype=np.float64)

    for lbr in (0, 1):
        a = weights("GRU", 2, 5, 3, 4, 6)
        a["sequence_lens"] = lens3
        run("gru14_bidirectional_lbr%d" % lbr, "GRU", 14, a,
            {"hidden_size": 6, "direction": "bidirectional",
             "linear_before_reset": lbr})
    a = weights("GRU", 1, 5, 2, 3, 4, layout=1)
    run("gru22_layout1_clip_acts", "GRU", 22, a,
        {"layout": 1, "clip": 0.5, "direction": "reverse",
         "activations": ["HardSigmoid", "ScaledTanh"],
         "activation_alpha": [0.3, 0.9], "activation_beta": [0.4, 1.5]},
        outputs=("", "Y_h"))
    a = weights("GRU", 1, 4, 2, 3, 4)
    del a["B"], a["initial_h"]
    run("gru7_f16", "GRU", 7, a, {"linear_before_reset": 1},
        dtype=np.float16)

    a = weights("LSTM", 2, 5, 3, 4, 3, peepholes=True)
    a["sequence_lens"] = lens3
    run("lstm14_bidirectional_peepholes", "LSTM", 14, a,
        {"hidden_size": 3, "direction": "bidirectional"})
    a = weights("LSTM", 1, 4, 2, 3, 5, layout=1, peepholes=True)
    a["sequence_lens"] = np.array([3, 4], np.int32)
    run("lstm22_layout1_input_forget", "LSTM", 22, a,
        {"layout": 1, "direction": "reverse", "input_forget": 1, "clip": 1.5,
         "activations": ["Sigmoid", "Elu", "ThresholdedRelu"],
         "activation_alpha": [0.8, 0.1]},
        outputs=("", "Y_h", "Y_c"), consts=("sequence_lens",))
    a = weights("LSTM", 2, 3, 2, 3, 4)
    run("lstm7_acts", "LSTM", 7, a,
        {"direction": "bidirectional",
         "activations": ["Sigmoid", "Softplus", "Relu"]},
        outputs=("Y", "", "Y_c"))
    a = weights("LSTM", 1, 3, 2, 3, 4)
    run("lstm14_f64", "LSTM", 14, a, {}, dtype=np.float64)

    print("checked %d outputs, %d differ" % (checked, failed))


main()
