#!/usr/bin/env python3
"""Whole networks: qnn against onnxruntime 1.30 on the same ONNX files.

For each network and precision one ONNX file (dynamic batch axis) is written
once into --workdir (deterministic: fixed seeds), compiled by qnn for each
batch (the commands of qnn.compile; the time from import to linked library
is the compile time), and run by qnn (through libqnn_runtime's C API,
loaded once) and by onnxruntime-node 1.30 (CPU execution provider, graph
optimization level `all`, intraOpNumThreads = qnn's threads,
interOpNumThreads 1, one long-lived node process: bench/ort_bench.js) on the
same input. Every contender of a (network, batch, threads) group is timed in
the same run, interleaved in --reps blocks: in each block each contender
first runs untimed for at least 50 ms (not when one of its runs takes a
second or more; another library's idle workers spin
on the cores for a while after a call), then about 0.25 s of timed runs
(1 to 20); a contender whose one run takes a second or more is timed in the
first 3 blocks only. Medians and minimums over all timed runs.

Networks (torchvision 0.14 builds with random weights, torch seed 0, batch
norm statistics drawn as test/Zoo/zoo.py draws them, 224x224 input):
resnet18, resnet50, mobilenet_v2; digits (examples/digits' float CNN with
its trained weights, 8x8 input); transformer (torch.nn.TransformerEncoder,
4 layers, d = 256, 4 heads, feed-forward 1024, sequence 64, batch first).

Precisions:
  fp32       the float file torch.onnx (torch 1.13, opset 17) writes.
  int8-sym   onnxruntime's static-quantization QDQ form with its defaults
             (test/Zoo/qdq.py: u8 asymmetric activations, s8 symmetric
             per-channel weights, int32 bias; MinMax calibration).
  int8-asym  the same with asymmetric u8 per-channel weights (weight_type
             QUInt8: zero point per channel), the form for which onnxruntime
             takes its im2col (+ AMX) path.
  wNaM       QONNX: Quant nodes (qonnx.custom_op.general) on the float
             weights (signed, narrow range, per output channel) and on the
             activations that feed the layers (unsigned after Relu / Clip,
             signed elsewhere; per tensor), N-bit weights and M-bit
             activations, the first and the last layer 8-bit (CNNs); 1-bit
             weights are BipolarQuant with the per-channel scale mean |w|.
             batch norm is folded into the convolutions (torch.onnx) before
             the weights are quantized, and each convolution keeps its
             float bias input as torch.onnx writes it. Layer
             outputs that no activation follows (a residual Add's operands)
             get a signed M-bit quantizer, as in a Brevitas ResNet. w4a4, w2a2, w1a2 for the CNNs, w4a8
             for digits and the transformer (every linear layer W4A8 there).

Output agreement, in the same run: an fp32 file against onnxruntime on the
same file; a QDQ file against onnxruntime on it with optimizations disabled
(the standard's arithmetic operator by operator; its fused int8 kernels
round differently, and without VNNI their u8 x s8 products saturate in 16
bits: their distance from the reference is shown too); a QONNX file against
onnxruntime on its standard-ONNX rewrite (test/Exporters/to_standard_onnx.py,
optimizations disabled). Shown: the largest |difference| in output codes
(QDQ) or relative to the largest |reference| value, and the fraction of
rows whose argmax
agrees. A benchmark of a wrong answer is void (its times are not shown):
fp32 beyond 1e-3 relative; QDQ more than 2 output codes from the
reference; QONNX beyond 25% relative. The reference computes in float32,
qnn's integer layers exactly: a sum within float32 rounding of a
quantizer's rounding tie can come out one code apart, and in a deep 4-bit
network that code spreads (ResNet-18 W4A4: one element of layer2.1's first
ReLU, conv + bias = 13.4999977 steps exactly, float32 rounds it to 14 and
qnn to 13; ten codes apart at the classifier's input, 3-4% of the largest
logit). A wrong kernel is off by the size of the logits.

Baselines: fp32 and QDQ rows against onnxruntime on the same file; a QONNX
row against onnxruntime's faster int8 form (int8-sym or int8-asym, whichever
median is lower in the same group) of the same network, named in the row
(onnxruntime cannot run QONNX's custom operators at speed). The ratio is
onnxruntime median / qnn median: above 1 qnn is faster.

    /usr/bin/python3 bench/network.py [--models resnet18,...] [--precisions fp32,...]
        [--threads 1,2] [--batch 1,8] [--reps 5] [--target native]
        [--workdir bench/.models] [--json FILE]

Needs torch, torchvision, onnx (Debian's python3), node and
onnxruntime-node 1.30 in qnn's npm cache (bash scripts/install-onnxruntime.sh;
QNN_NPM_CACHE overrides ~/.cache/qnn/npm), and a qnn build (QNN_BUILD_DIR,
default build/ of this tree).
"""
import argparse
import ctypes
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "python"))
sys.path.insert(0, os.path.join(ROOT, "test", "Zoo"))
sys.path.insert(0, os.path.join(ROOT, "test", "Exporters"))

import numpy as np  # noqa: E402

import qdq  # noqa: E402  (test/Zoo/qdq.py)
import zoo  # noqa: E402  (test/Zoo/zoo.py)

QONNX_DOMAIN = "qonnx.custom_op.general"
CNNS = ("resnet18", "resnet50", "mobilenet_v2")
NETWORKS = CNNS + ("digits", "transformer")
CNN_PRECISIONS = ("fp32", "int8-sym", "int8-asym", "w4a4", "w2a2", "w1a2")
SMALL_PRECISIONS = ("fp32", "int8-sym", "int8-asym", "w4a8")
PRECISIONS = ("fp32", "int8-sym", "int8-asym", "w4a4", "w2a2", "w1a2", "w4a8")
INT8 = ("int8-sym", "int8-asym")
OPSET = 17
CALIBRATION_SEEDS = (100, 101, 102, 103)
INPUT_SEED = 1
WARM_MS = 50
# A contender whose one run takes SLOW_MS or more (qnn's float networks at
# batch 8) is timed in the first SLOW_BLOCKS blocks only.
SLOW_MS = 1000
SLOW_BLOCKS = 3
BLOCK_S = 0.25
FP32_TOLERANCE = 1e-3
OUTPUT_CODES = 2
QONNX_TOLERANCE = 0.25


def log(message):
    print(message, file=sys.stderr, flush=True)


def short_error(message):
    return zoo.short_error(message).replace("|", "\\|")[:300]


# --- the machine --------------------------------------------------------------

def cpu_features():
    """(model name, the flags that matter for the kernels)."""
    flags = set()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("flags"):
                    flags = set(line.split(":", 1)[1].split())
                    break
    except OSError:
        pass
    wanted = sorted(f for f in flags
                    if f in ("avx", "avx2", "fma", "f16c", "avx_vnni", "avx_vnni_int8",
                             "gfni", "vpclmulqdq")
                    or f.startswith("avx512") or f.startswith("amx"))
    return zoo.cpu_model(), wanted


# --- the networks ---------------------------------------------------------

class _Relu(object):
    """A plain function as the transformer's activation: torch 1.13 takes
    its fused inference kernel (which torch.onnx cannot export) only for
    F.relu / F.gelu."""

    def __call__(self, x):
        import torch
        return torch.relu(x)


def build_network(name):
    """(torch module in eval mode, input shape at batch 1)."""
    import torch
    if name in CNNS:
        return zoo.build_torch(zoo.BY_NAME[name]), (3, 224, 224)
    if name == "digits":
        sys.path.insert(0, os.path.join(ROOT, "examples", "digits"))
        import digits
        return digits.load("float"), (1, 8, 8)
    if name == "transformer":
        torch.manual_seed(0)
        layer = torch.nn.TransformerEncoderLayer(
            256, 4, 1024, dropout=0.1, activation=_Relu(), batch_first=True)
        net = torch.nn.TransformerEncoder(layer, 4, enable_nested_tensor=False)
        # TransformerEncoder deep-copies one layer: drawn again, the four
        # differ (torch.onnx would share equal weights through Identity).
        with torch.no_grad():
            for param in net.parameters():
                if param.dim() > 1:
                    torch.nn.init.xavier_uniform_(param)
                else:
                    param.normal_(0.0, 0.1)
            for m in net.modules():
                if isinstance(m, torch.nn.LayerNorm):
                    m.weight.uniform_(0.5, 1.5)
        return net.eval(), (64, 256)
    raise ValueError("unknown network %s" % name)


def network_input(name, shape, seed, batch):
    """The input of `name` at `batch` drawn with `seed`: N(0, 1), digits'
    pixels uniform in [0, 1]."""
    rng = np.random.default_rng(seed)
    if name == "digits":
        return rng.uniform(0.0, 1.0, (batch,) + shape).astype(np.float32)
    return rng.standard_normal((batch,) + shape).astype(np.float32)


def export_fp32(net, shape, path):
    import torch
    x = torch.from_numpy(network_input("", shape, INPUT_SEED, 1))
    with torch.no_grad():
        torch.onnx.export(net, x, path, opset_version=OPSET, input_names=["input"],
                          output_names=["output"], do_constant_folding=True,
                          dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})


def calibrate(fp32_path, names, inputs, workdir):
    """{tensor: float32 array} of `names` over the calibration inputs,
    concatenated along the batch axis (one onnxruntime run)."""
    import onnx
    model = onnx.load(fp32_path)
    probe = os.path.join(workdir, "calibrate.onnx")
    onnx.save(qdq.with_outputs(model, names), probe)
    outs = dict(zoo.ort_run(probe, [("input", inputs)], os.path.join(workdir, "calibrate")))
    os.remove(probe)
    return {n: outs[n] for n in names}


class _AsymmetricWeights(qdq._Quantizer):
    """qdq.py's quantize_static with weight_type QUInt8: per output channel
    compute_scale_zp(min(w, 0), max(w, 0), 0, 255) (asymmetric), codes
    round(w / scale) + zero point clipped to [0, 255], u8 initializers and
    zero points (quantize_weight_per_channel_impl with an unsigned type)."""

    symmetric_weights = False


def _layers(model):
    """The Conv / Gemm / MatMul nodes with an initializer weight, in graph
    order, with the axis of their output channels in the weight."""
    from onnx import helper
    inits = {t.name for t in model.graph.initializer}
    out = []
    for n in model.graph.node:
        if n.op_type not in ("Conv", "Gemm", "MatMul") or len(n.input) < 2:
            continue
        if n.input[1] not in inits:
            continue
        if n.op_type == "Conv":
            axis = 0
        elif n.op_type == "Gemm":
            attrs = {a.name: helper.get_attribute_value(a) for a in n.attribute}
            axis = 0 if attrs.get("transB", 0) else 1
        else:
            axis = -1
        out.append((n, axis))
    return out


def quant_points(model, edge_bits, act_bits):
    """{tensor: bits} of the activations a QONNX form quantizes: the data
    input of every layer, moved above MaxPool (which commutes with a
    monotone quantizer) so that pooling runs on codes, the first and the
    last layer's input at edge_bits (None: act_bits everywhere); and the
    layer outputs no activation follows."""
    producers = {o: n for n in model.graph.node for o in n.output}
    layers = [n for n, _ in _layers(model)]
    points = {}
    for i, n in enumerate(layers):
        bits = act_bits
        if edge_bits and (i == 0 or i == len(layers) - 1):
            bits = edge_bits
        t = n.input[0]
        while t in producers and producers[t].op_type == "MaxPool":
            t = producers[t].input[0]
        points[t] = max(points.get(t, 0), bits)
    # A layer output that no activation quantizer follows (ResNet's second
    # convolution of a block and its downsampling, MobileNet-v2's linear
    # bottleneck ahead of a residual Add) is quantized itself, as Brevitas
    # quantizes both operands of a residual add: qnn makes integer layers
    # only of convolutions whose output is requantized.
    consumers = {}
    for n in model.graph.node:
        for x in n.input:
            consumers.setdefault(x, []).append(n)
    for n in layers[:-1]:
        out = n.output[0]
        after = consumers.get(out, [])
        if out in points or (after and all(c.op_type in ("Relu", "Clip") for c in after)):
            continue
        points[out] = act_bits
    return points


def write_qonnx(fp32_model, acts, weight_bits, act_bits, edge_bits):
    """The QONNX form of fp32_model (see the module docstring); `acts` holds
    the calibration values of every quant_points tensor."""
    import onnx
    from onnx import helper, numpy_helper
    model = onnx.ModelProto()
    model.CopyFrom(fp32_model)
    g = model.graph
    inits = {t.name: t for t in g.initializer}
    layers = _layers(model)
    points = quant_points(model, edge_bits, act_bits)
    new_nodes, new_inits = [], []

    def const(name, array):
        new_inits.append(numpy_helper.from_array(np.asarray(array), name))
        return name

    zero = const("qonnx.zero_point", np.array(0.0, np.float32))
    bit_inits = {}

    def bits_init(b):
        if b not in bit_inits:
            bit_inits[b] = const("qonnx.bit_width.%d" % b, np.array(float(b), np.float32))
        return bit_inits[b]

    for i, (node, axis) in enumerate(layers):
        bits = weight_bits
        if edge_bits and (i == 0 or i == len(layers) - 1):
            bits = edge_bits
        name = node.input[1]
        w = numpy_helper.to_array(inits[name]).astype(np.float32)
        axis = axis % w.ndim
        reduce = tuple(d for d in range(w.ndim) if d != axis)
        shape = [w.shape[d] if d == axis else 1 for d in range(w.ndim)]
        absw = np.abs(w)
        out = name + "_quant"
        if bits == 1:
            scale = np.maximum(absw.mean(axis=reduce), 1e-8).astype(np.float32)
            new_nodes.append(helper.make_node(
                "BipolarQuant", [name, const(name + "_scale", scale.reshape(shape))], [out],
                name + "_BipolarQuant", domain=QONNX_DOMAIN))
        else:
            qmax = 2 ** (bits - 1) - 1
            # 2-bit narrow codes are -1, 0, 1: a scale of 1.5 mean |w|
            # zeroes the smaller third of a Gaussian's weights; wider ones
            # take the channel's largest |w| as the top code.
            spread = 1.5 * absw.mean(axis=reduce) if bits == 2 else absw.max(axis=reduce) / qmax
            scale = np.maximum(spread, 1e-8).astype(np.float32)
            new_nodes.append(helper.make_node(
                "Quant", [name, const(name + "_scale", scale.reshape(shape)), zero,
                          bits_init(bits)], [out], name + "_Quant", domain=QONNX_DOMAIN,
                signed=1, narrow=1, rounding_mode="ROUND"))
        node.input[1] = out

    for t, bits in points.items():
        values = acts[t]
        signed = bool(values.min() < 0)
        mags = np.abs(values).ravel()
        # 8 bits take the whole range; fewer clip at the 99.9th percentile.
        top = float(mags.max()) if bits >= 8 else float(np.percentile(mags, 99.9))
        qmax = 2 ** (bits - 1) - 1 if signed else 2 ** bits - 1
        scale = np.float32(max(top, 1e-6) / qmax)
        out = t + "_quant"
        for n in g.node:
            for k, x in enumerate(n.input):
                if x == t:
                    n.input[k] = out
        new_nodes.append(helper.make_node(
            "Quant", [t, const(t + "_act_scale", scale), zero, bits_init(bits)], [out],
            t + "_act_Quant", domain=QONNX_DOMAIN, signed=int(signed), narrow=0,
            rounding_mode="ROUND"))

    g.node.extend(new_nodes)
    g.initializer.extend(new_inits)
    qdq._topological_sort(g)
    model.opset_import.append(helper.make_opsetid(QONNX_DOMAIN, 1))
    model.producer_name = "qnn bench/network.py"
    onnx.checker.check_model(model)
    return model


def write_files(name, precisions, workdir):
    """Writes the ONNX files of `name` that are missing; returns
    ({precision: path or error string}, input shape at batch 1)."""
    import onnx
    mdir = os.path.join(workdir, "models", name)
    os.makedirs(mdir, exist_ok=True)
    paths = {p: os.path.join(mdir, p + ".onnx") for p in precisions}
    fp32 = os.path.join(mdir, "fp32.onnx")
    net, shape = build_network(name)
    if not os.path.exists(fp32):
        log("%s: exporting fp32" % name)
        export_fp32(net, shape, fp32)
    missing = [p for p in precisions if p != "fp32" and not os.path.exists(paths[p])]
    out = {p: paths[p] for p in precisions}
    if not missing:
        return out, shape
    model = onnx.load(fp32)
    calibration = np.concatenate([network_input(name, shape, s, 1) for s in CALIBRATION_SEEDS])
    names = set()
    int8_names = []
    if any(p in INT8 for p in missing):
        try:
            int8_names = qdq.calibration_tensors(model)
        except Exception as e:  # noqa: BLE001
            int8_names = []
            for p in missing:
                if p in INT8:
                    out[p] = "QDQ writer: %s" % e
        names.update(int8_names)
    qonnx = [p for p in missing if p not in INT8]
    edge = 8 if name in CNNS or name == "digits" else None
    for p in qonnx:
        wb, ab = parse_wa(p)
        names.update(quant_points(model, edge, ab))
    log("%s: calibrating on %d inputs (%d tensors)" % (name, len(CALIBRATION_SEEDS), len(names)))
    values = calibrate(fp32, sorted(names), calibration, mdir)
    for p in missing:
        if out[p] != paths[p]:
            continue  # the QDQ writer refused it
        log("%s: writing %s" % (name, p))
        try:
            if p in INT8:
                ranges = {n: (np.float32(values[n].min()), np.float32(values[n].max()))
                          for n in int8_names}
                quantizer = qdq._Quantizer if p == "int8-sym" else _AsymmetricWeights
                qmodel = quantizer(model, ranges).run()
            else:
                wb, ab = parse_wa(p)
                qmodel = write_qonnx(model, values, wb, ab, edge)
            onnx.save(qmodel, paths[p])
        except NotImplementedError as e:
            out[p] = "QDQ writer: %s" % e
    return out, shape


def parse_wa(precision):
    w, a = precision[1:].split("a")
    return int(w), int(a)


# --- qnn --------------------------------------------------------------------

def compile_qnn(path, wd, target, shape):
    """Compiles `path` for the input `shape` with qnn.compile's commands;
    returns (CompiledModel, wall s, CPU s) or raises QNNError."""
    import qnn.compiler
    os.makedirs(wd, exist_ok=True)
    steps, lib = qnn.compiler.compile_commands(path, wd, target=target,
                                               input_shapes={"input": list(shape)})
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    for what, cmd in steps:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if proc.returncode != 0:
            raise qnn.compiler.QNNError("%s failed: %s" % (
                what.split(" ")[0], proc.stderr.strip() or proc.stdout.strip()))
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return qnn.compiler.CompiledModel(lib), wall, cpu


class QnnRunner:
    """One compiled model and its input, called through qnn_model_run with
    the tensors built once (no per-call allocation)."""

    def __init__(self, compiled, x):
        import qnn.compiler as qc
        self.compiled = compiled
        self.rt = qc.runtime()
        info = compiled.inputs[0]
        if len(compiled.inputs) != 1 or tuple(info.shape) != x.shape:
            raise qc.QNNError("compiled inputs %s, expected one [%s]"
                              % (compiled.inputs, ",".join(map(str, x.shape))))
        self.x = np.ascontiguousarray(x)
        self.outputs = [np.empty(o.shape, o.dtype) for o in compiled.outputs]
        self._keep = []
        self.ins = self._tensors([self.x], [info.qnn_dtype])
        self.outs = self._tensors(self.outputs, [o.qnn_dtype for o in compiled.outputs])
        self.entry = compiled.entry.encode()

    def _tensors(self, arrays, dtypes):
        import qnn.compiler as qc
        ts = (qc._Tensor * len(arrays))()
        for t, a, d in zip(ts, arrays, dtypes):
            shape = (ctypes.c_int64 * max(a.ndim, 1))(*a.shape)
            self._keep.append(shape)
            t.data, t.dtype, t.rank, t.shape = a.ctypes.data, d, a.ndim, shape
        return ts

    def run(self):
        status = self.rt.qnn_model_run(self.compiled._desc, self.entry, self.ins, 1,
                                       self.outs, len(self.outputs))
        if status != 0:
            import qnn.compiler as qc
            raise qc.QNNError(self.rt.qnn_last_error().decode())
        return self.outputs[0]

    def time(self, n, warm_ms):
        start = time.perf_counter()
        while (time.perf_counter() - start) * 1e3 < warm_ms:
            self.run()
        ms = []
        for _ in range(n):
            t0 = time.perf_counter()
            self.run()
            ms.append((time.perf_counter() - t0) * 1e3)
        return ms


# --- onnxruntime -----------------------------------------------------------

class Ort:
    """bench/ort_bench.js: one node process for the whole run."""

    def __init__(self, workdir):
        env = dict(os.environ, NODE_PATH=zoo.npm_modules())
        self.dir = os.path.join(workdir, "ort")
        os.makedirs(self.dir, exist_ok=True)
        self.proc = subprocess.Popen([zoo.node_binary(), os.path.join(HERE, "ort_bench.js")],
                                     env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True)
        self.count = 0

    def ask(self, line):
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline()
        if not answer:
            raise RuntimeError("ort_bench.js exited (%s)" % self.proc.wait())
        answer = json.loads(answer)
        if "error" in answer:
            raise RuntimeError("onnxruntime: " + answer["error"])
        return answer

    def session(self, path, threads, x, level="all"):
        self.count += 1
        sid = "s%d" % self.count
        data = os.path.join(self.dir, "input%d.bin" % self.count)
        x.astype("<f4").tofile(data)
        self.ask("load %s %s %d %s %s float32 %s" % (
            sid, path, threads, level, data, ",".join(map(str, x.shape))))
        return OrtSession(self, sid, data)

    def close(self):
        try:
            self.proc.stdin.write("quit\n")
            self.proc.stdin.flush()
        except OSError:
            pass
        self.proc.wait(timeout=60)


class OrtSession:
    def __init__(self, ort, sid, data):
        self.ort, self.sid, self.data = ort, sid, data

    def run(self):
        out = os.path.join(self.ort.dir, self.sid + ".out")
        answer = self.ort.ask("run %s %s" % (self.sid, out))
        return np.fromfile(out, "<f4").reshape(answer["shape"])

    def time(self, n, warm_ms):
        return self.ort.ask("time %s %d %d" % (self.sid, n, warm_ms))["ms"]

    def drop(self):
        self.ort.ask("drop %s" % self.sid)
        os.remove(self.data)


# --- comparing and timing -------------------------------------------------

def ort_output(ort, path, x, level):
    session = ort.session(path, 1, x, level=level)
    try:
        return session.run()
    finally:
        session.drop()


def code_difference(got, ref, step):
    """The largest difference in output codes of `step` (None: no step or
    the shapes differ)."""
    if step is None or got.shape != ref.shape:
        return None
    return int(np.max(np.rint(np.abs(got.astype(np.float64) - ref) / step)))


def agreement(got, ref, precision):
    """(relative error, argmax agreement fraction, ok by the relative
    tolerance)."""
    if got.shape != ref.shape:
        return None, None, False
    rel = zoo.relative_error(got, ref)
    rows_g = got.reshape(-1, got.shape[-1]).argmax(1)
    rows_r = ref.reshape(-1, ref.shape[-1]).argmax(1)
    agree = float((rows_g == rows_r).mean())
    limit = FP32_TOLERANCE if precision == "fp32" else QONNX_TOLERANCE
    return rel, agree, bool(np.isfinite(rel) and rel <= limit)


def interleaved(contenders, blocks):
    """contenders: {key: object with time(n, warm_ms) -> [ms]}; returns
    {key: [ms]} (see the module docstring)."""
    per_block, once_ms = {}, {}
    for key, c in contenders.items():
        once = once_ms[key] = min(c.time(1, 0))
        per_block[key] = int(min(20, max(1, BLOCK_S * 1e3 / max(once, 1e-3))))
    times = {key: [] for key in contenders}
    for block in range(blocks):
        for key, c in contenders.items():
            if once_ms[key] >= SLOW_MS and block >= SLOW_BLOCKS:
                continue
            # A run of a second or more outlasts any spinning worker: no
            # untimed run before it.
            warm = WARM_MS if min(times[key] or [once_ms[key]]) < 1e3 else 0
            times[key].extend(c.time(per_block[key], warm))
    return times


def fmt_ms(ms):
    if ms >= 100:
        return "%.0f" % ms
    if ms >= 10:
        return "%.1f" % ms
    if ms >= 1:
        return "%.2f" % ms
    return "%.3f" % ms


# --- the driver ---------------------------------------------------------------

def run_network(name, precisions, args, ort, cpu, rows):
    needed = list(precisions)
    qonnx_rows = any(p.startswith("w") for p in needed)
    # The baseline of the QONNX rows: onnxruntime's int8 forms, timed in
    # the same group even when their qnn rows are not asked for.
    files, shape = write_files(name, sorted(set(needed) | (set(INT8) if qonnx_rows else set()),
                                            key=PRECISIONS.index), args.workdir)
    import onnx
    from to_standard_onnx import to_standard_onnx  # test/Exporters

    for batch in args.batch:
        x = network_input(name, shape, INPUT_SEED, batch)
        xshape = x.shape
        qnn_models, info = {}, {}
        for p in needed:
            path = files[p]
            row = {"cpu": cpu, "model": name, "precision": p, "batch": batch}
            info[p] = row
            if not os.path.exists(path):
                row["error"] = path
                continue
            wd = os.path.join(args.workdir, "qnn", name, p, "b%d" % batch)
            log("%s %s batch %d: compiling" % (name, p, batch))
            try:
                compiled, wall, cpu_s = compile_qnn(path, wd, args.target, xshape)
                row["compile_wall_s"], row["compile_cpu_s"] = wall, cpu_s
                runner = QnnRunner(compiled, x)
                got = runner.run().copy()
            except Exception as e:  # noqa: BLE001 - any failure is the row's
                row["error"] = "qnn: " + short_error(str(e))
                log("  " + row["error"])
                continue
            # The reference output, on one thread: the same file (a QDQ file
            # operator by operator as the standard defines it: onnxruntime's
            # fused int8 kernels round differently, and on CPUs without
            # VNNI their u8 x s8 products saturate), or a QONNX file's
            # standard-ONNX rewrite.
            try:
                if p.startswith("w"):
                    std = os.path.join(args.workdir, "models", name, p + ".standard.onnx")
                    if not os.path.exists(std):
                        onnx.save(to_standard_onnx(onnx.load(path)), std)
                    ref = ort_output(ort, std, x, "disabled")
                elif p in INT8:
                    ref = ort_output(ort, path, x, "disabled")
                    fused = ort_output(ort, path, x, "all")
                    step = zoo.output_scales(path).get("output")
                    row["step"] = step
                    row["fused_codes"] = code_difference(fused, ref, step)
                else:
                    ref = ort_output(ort, path, x, "all")
            except Exception as e:  # noqa: BLE001
                row["error"] = "reference: " + short_error(str(e))
                log("  " + row["error"])
                continue
            rel, agree, ok = agreement(got, ref, p)
            row["rel_error"], row["argmax_agree"], row["ok"] = rel, agree, ok
            if p in INT8:
                row["codes"] = code_difference(got, ref, row["step"])
                row["ok"] = row["codes"] is not None and row["codes"] <= OUTPUT_CODES
            qnn_models[p] = runner
            log("  compiled in %.1f s (CPU %.1f s); vs reference: %.2g relative, %s codes, "
                "argmax %.0f%%%s" % (wall, cpu_s, rel if rel is not None else float("nan"),
                                     row.get("codes", "-"), 100 * (agree or 0),
                                     "" if row["ok"] else " VOID"))
        ort_forms = [p for p in ("fp32",) + INT8
                     if (p in needed or (p in INT8 and qonnx_rows))
                     and os.path.exists(files.get(p, ""))]
        for threads in args.threads:
            import qnn.compiler as qc
            qc.runtime().qnn_set_num_threads(threads)
            contenders = {}
            sessions = {}
            for p in ort_forms:
                try:
                    sessions[p] = ort.session(files[p], threads, x)
                    contenders[("ort", p)] = sessions[p]
                except Exception as e:  # noqa: BLE001
                    info.setdefault(p, {})["ort_error"] = short_error(str(e))
            for p, runner in qnn_models.items():
                if info[p].get("ok"):
                    contenders[("qnn", p)] = runner
            log("%s batch %d, %d thread(s): timing %d contenders, %d blocks"
                % (name, batch, threads, len(contenders), args.reps))
            times = interleaved(contenders, args.reps)
            for s in sessions.values():
                s.drop()
            stats = {k: (statistics.median(v), min(v), len(v)) for k, v in times.items()}
            int8_ort = [(stats[("ort", p)][0], p) for p in INT8 if ("ort", p) in stats]
            fastest_int8 = min(int8_ort)[1] if int8_ort else None
            for p in needed:
                row = dict(info[p], threads=threads)
                if ("qnn", p) in stats:
                    row["qnn_ms"] = stats[("qnn", p)]
                base = p if not p.startswith("w") else fastest_int8
                if p.startswith("w") and base is None:
                    base = "fp32" if ("ort", "fp32") in stats else None
                if base and ("ort", base) in stats:
                    row["ort_ms"] = stats[("ort", base)]
                    row["ort_form"] = base
                rows.append(row)
                print_row(row)


HEADER = ("| CPU | model | precision | threads | batch | qnn median / min (ms) | "
          "onnxruntime median / min (ms) | ratio (ort / qnn median) | output agreement | "
          "compile time (wall / CPU) |")


def print_row(row):
    cells = [row["cpu"], row["model"], row["precision"], str(row["threads"]),
             str(row["batch"])]
    if "error" in row:
        if row["error"].startswith("QDQ writer: "):
            what = "not written: test/Zoo/" + row["error"][len("QDQ writer: "):]
        else:
            what = "**fails**: " + row["error"]
        cells += [what, "-", "-", "-", "-"]
        print("| " + " | ".join(cells) + " |", flush=True)
        return
    q = row.get("qnn_ms")
    o = row.get("ort_ms")
    void = not row.get("ok")
    cells.append("void" if void else "%s / %s" % (fmt_ms(q[0]), fmt_ms(q[1])) if q else "-")
    if o:
        label = "" if row["ort_form"] == row["precision"] else " (%s)" % row["ort_form"]
        cells.append("%s / %s%s" % (fmt_ms(o[0]), fmt_ms(o[1]), label))
    else:
        cells.append(row.get("ort_error", "-"))
    cells.append("%.2f" % (o[0] / q[0]) if (q and o and not void) else "-")
    if row.get("rel_error") is None:
        agree = "shape differs"
    elif "codes" in row:
        agree = ("%s codes vs reference, argmax %.0f%% (onnxruntime fused: %s codes)"
                 % (row["codes"], 100 * row["argmax_agree"], row["fused_codes"]))
    else:
        agree = "%.1e rel. vs %s, argmax %.0f%%" % (
            row["rel_error"], "QONNX reference" if row["precision"].startswith("w")
            else "onnxruntime", 100 * row["argmax_agree"])
    if void:
        agree += " **VOID**"
    cells.append(agree)
    cells.append("%.1f / %.1f s" % (row["compile_wall_s"], row["compile_cpu_s"]))
    print("| " + " | ".join(cells) + " |", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models", default=",".join(NETWORKS))
    ap.add_argument("--precisions", default="default",
                    help="comma-separated (%s); default: %s for the CNNs, %s for "
                    "digits and the transformer" % (", ".join(PRECISIONS),
                                                     ",".join(CNN_PRECISIONS),
                                                     ",".join(SMALL_PRECISIONS)))
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--batch", default="1,8")
    ap.add_argument("--reps", type=int, default=5, help="interleaved blocks")
    ap.add_argument("--target", default="native",
                    choices=["native", "generic", "avx2", "avx512-vnni", "avx512-vpopcntdq", "avx512-amx"])
    ap.add_argument("--workdir", default=os.path.join(HERE, ".models"),
                    help="the ONNX files (written once) and compiled models")
    ap.add_argument("--json", help="also write the rows here")
    args = ap.parse_args()
    args.threads = [int(t) for t in args.threads.split(",")]
    args.batch = [int(b) for b in args.batch.split(",")]
    models = args.models.split(",")
    for m in models:
        if m not in NETWORKS:
            ap.error("unknown model %s (one of %s)" % (m, ", ".join(NETWORKS)))
    if args.precisions != "default":
        for p in args.precisions.split(","):
            if p not in PRECISIONS:
                ap.error("unknown precision %s (one of %s)" % (p, ", ".join(PRECISIONS)))
    os.makedirs(args.workdir, exist_ok=True)
    # onnxruntime-node into qnn's npm cache (nothing to do when it is there).
    proc = subprocess.run(["bash", os.path.join(ROOT, "scripts", "install-onnxruntime.sh")],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if proc.returncode != 0:
        sys.exit("bench/network.py: installing onnxruntime-node failed:\n" + proc.stdout)
    log(proc.stdout.strip())

    model, features = cpu_features()
    print("CPU: %s, %d logical CPUs; features: %s; no AMX: %s; no AVX-512: %s"
          % (model, os.cpu_count(), " ".join(features) or "none of AVX / AVX-512 / AMX",
             "yes" if not any(f.startswith("amx") for f in features) else "no",
             "yes" if not any(f.startswith("avx512") for f in features) else "no"))
    print("Date: %s UTC; qnn target %s; onnxruntime-node %s (CPU EP, optimization all, "
          "interOp 1); %d interleaved blocks; load average %s; %s"
          % (time.strftime("%Y-%m-%d %H:%M", time.gmtime()), args.target, ort_version(),
             args.reps, " ".join("%.2f" % v for v in os.getloadavg()), platform.platform()))
    print()
    print(HEADER)
    print("|" + " --- |" * (HEADER.count(" | ") + 1))
    ort = Ort(args.workdir)
    rows = []
    short_cpu = model
    try:
        for name in models:
            if args.precisions == "default":
                precisions = CNN_PRECISIONS if name in CNNS else SMALL_PRECISIONS
            else:
                precisions = [p for p in args.precisions.split(",")]
            run_network(name, list(precisions), args, ort, short_cpu, rows)
    finally:
        ort.close()
    print("\nload average after: %s" % " ".join("%.2f" % v for v in os.getloadavg()))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=1)
    return 0


def ort_version():
    try:
        with open(os.path.join(zoo.npm_modules(), "onnxruntime-node", "package.json")) as f:
            return json.load(f)["version"]
    except (OSError, ValueError, KeyError):
        return "not installed"


if __name__ == "__main__":
    sys.exit(main())
