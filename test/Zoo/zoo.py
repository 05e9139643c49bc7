#!/usr/bin/env python3
"""The model zoo: torchvision classification models, compiled by qnn and
checked against onnxruntime (onnxruntime-node from npm, run by ort_run.js)
and PyTorch.

Every model is built by torchvision 0.14 with random weights (torch seed 0),
in eval mode, exported by torch.onnx (torch 1.13) at batch 1 (opset 17
unless the model says otherwise), compiled with qnn.compile and run on one
random input (seed 1). The int8 models are the float ones quantized by
qdq.py exactly as onnxruntime's quantize_static writes them (QDQ, uint8
asymmetric activations, int8 symmetric per-channel weights, INT32 bias;
MinMax calibration over four random inputs run through onnxruntime).

Error of an output: max |qnn - ref| / max |ref| over all its elements (ref:
onnxruntime, and PyTorch for the float models). A float model passes when it
compiles, its outputs have onnxruntime's dtypes and shapes, and every error
is at most 1e-3.

An int8 model's reference is onnxruntime with graph optimizations disabled:
the graph operator by operator as the standard defines it (DequantizeLinear,
float operator, QuantizeLinear), not its fused integer kernels, which round
differently (their error is reported too). qnn computes the quantized layers
in integers; a sum that lands on a rounding tie in one and not in the other
is one code apart, and one output code is about 1/128 of the output's range,
so a relative 1e-3 cannot apply. An int8 model passes when (1) every
quantized tensor (each QuantizeLinear's output), computed by qnn from
onnxruntime's codes of its inputs, is within one code of onnxruntime's, with
at most 1e-4 of its elements (at least one) differing at all, and (2) the
model's outputs, end to end, are within one output code of onnxruntime's.

With --time, qnn (threads=1) and onnxruntime (one intra-op and one inter-op
thread) run the same input interleaved: `--rounds` rounds, each a batch of
qnn runs then a batch of onnxruntime runs in a persistent node process;
the table shows the median and the minimum of all runs.

Each model runs in its own process (a crash is that model's failure).

usage: zoo.py [--models a,b | --all] [--list] [--workdir DIR] [--jobs N]
              [--time] [--rounds R] [--table FILE] [--json FILE]

Without --models or --all it runs the default set (--list shows which);
--all runs every model. The exit status is 0 when every model run compiles
and matches (a model torch.onnx cannot export is reported, not counted).

Environment: QNN_BUILD_DIR (qnn's build), QNN_NPM_CACHE (the directory
whose node_modules holds onnxruntime-node; default ~/.cache/qnn/npm), NODE
(the node binary; default `node`).
"""
import argparse
import concurrent.futures
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
TOLERANCE = 1e-3
# int8 models (see the module docstring): each quantized tensor within one
# code of onnxruntime's at no more than this fraction of its elements (at
# least one element); the outputs end to end within this many output codes.
LAYER_FRACTION = 1e-4
OUTPUT_CODES = 1
OPSET = 17


class Model:
    def __init__(self, name, builder, size=224, kwargs=None, opset=OPSET,
                 default=True, dynamic_batch=None, int8=False, note=""):
        self.name = name
        self.builder = builder          # torchvision.models function name
        self.size = size                # input height and width
        self.kwargs = kwargs or {}
        self.opset = opset
        self.default = default          # in the default run (else --all)
        self.dynamic_batch = dynamic_batch  # batch compiled via input_shapes
        self.int8 = int8
        self.note = note


# One model of every classification architecture torchvision 0.14 defines
# (its smallest variant; both MobileNet v3 sizes). The default run (what
# test/Zoo/zoo.test runs in the test suite, a few minutes on two cores) is
# SqueezeNet 1.1, ResNet-18, the dynamic batch and the two int8 models;
# --all runs every one (about 1.5 hours on two cores: most of it compiling).
MODELS = [
    Model("alexnet", "alexnet", default=False),
    Model("convnext_tiny", "convnext_tiny", default=False),
    Model("densenet121", "densenet121", default=False),
    Model("efficientnet_b0", "efficientnet_b0", default=False),
    Model("efficientnet_v2_s", "efficientnet_v2_s", default=False),
    Model("googlenet", "googlenet", default=False,
          kwargs={"aux_logits": False, "init_weights": True}),
    Model("inception_v3", "inception_v3", size=299, default=False,
          kwargs={"aux_logits": False, "init_weights": True}),
    Model("maxvit_t", "maxvit_t", default=False),
    Model("mnasnet1_0", "mnasnet1_0", default=False),
    Model("mobilenet_v2", "mobilenet_v2", default=False),
    Model("mobilenet_v3_small", "mobilenet_v3_small", default=False),
    Model("mobilenet_v3_large", "mobilenet_v3_large", default=False),
    Model("regnet_x_400mf", "regnet_x_400mf", default=False),
    Model("regnet_y_400mf", "regnet_y_400mf", default=False),
    Model("resnet18", "resnet18"),
    Model("resnet50", "resnet50", default=False),
    Model("resnext50_32x4d", "resnext50_32x4d", default=False),
    Model("shufflenet_v2_x1_0", "shufflenet_v2_x1_0", default=False),
    Model("squeezenet1_0", "squeezenet1_0", default=False),
    Model("squeezenet1_1", "squeezenet1_1"),
    Model("swin_t", "swin_t", default=False),
    # torch.onnx 1.13 cannot export it: torchvision's
    # shifted_window_attention zeroes a slice of the qkv bias in place
    # (aten::zero); reported as not exported.
    Model("swin_v2_t", "swin_v2_t", default=False),
    Model("vgg11_bn", "vgg11_bn", default=False),
    Model("vit_b_16", "vit_b_16", default=False),
    Model("wide_resnet50_2", "wide_resnet50_2", default=False),
    # torch.onnx's default opset (14) with a dynamic batch axis, compiled
    # for batch 2 with input_shapes.
    Model("resnet18_dynamic", "resnet18", opset=14, dynamic_batch=2,
          note="dynamic batch, compiled at batch 2"),
    Model("resnet18_int8", "resnet18", int8=True),
    Model("mobilenet_v2_int8", "mobilenet_v2", int8=True),
]
BY_NAME = {m.name: m for m in MODELS}


def npm_modules():
    cache = os.environ.get("QNN_NPM_CACHE",
                           os.path.join(os.path.expanduser("~"), ".cache", "qnn", "npm"))
    return os.path.join(cache, "node_modules")


def node_binary():
    return os.environ.get("NODE", "node")


# --- onnxruntime through ort_run.js ---------------------------------------

def _write_tensors(directory, meta_name, tensors):
    import numpy as np
    entries = []
    for i, (name, array) in enumerate(tensors):
        array = np.ascontiguousarray(array)
        file = "input%d.bin" % i
        with open(os.path.join(directory, file), "wb") as f:
            f.write(array.astype(array.dtype.newbyteorder("<")).tobytes())
        entries.append({"name": name, "dtype": array.dtype.name,
                        "shape": list(array.shape), "file": file})
    with open(os.path.join(directory, meta_name), "w") as f:
        json.dump({"tensors": entries}, f)


def _read_tensors(directory, meta_name):
    import numpy as np
    with open(os.path.join(directory, meta_name)) as f:
        meta = json.load(f)
    out = []
    for t in meta["tensors"]:
        dtype = np.dtype(t["dtype"]).newbyteorder("<")
        data = np.fromfile(os.path.join(directory, t["file"]), dtype=dtype)
        out.append((t["name"], data.reshape(t["shape"]).astype(dtype.newbyteorder("="))))
    return out


def _ort_command(model_path, directory, serve=False):
    env = dict(os.environ, NODE_PATH=npm_modules())
    cmd = [node_binary(), os.path.join(HERE, "ort_run.js"), model_path, directory]
    if serve:
        cmd.append("--serve")
    return cmd, env


def ort_run(model_path, inputs, directory, optimization="all"):
    """Runs the model once with onnxruntime; [(name, array)] per output."""
    os.makedirs(directory, exist_ok=True)
    _write_tensors(directory, "inputs.json", inputs)
    cmd, env = _ort_command(model_path, directory)
    cmd.append("--optimization=" + optimization)
    proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        raise RuntimeError("onnxruntime failed: " + (proc.stderr or proc.stdout).strip())
    return _read_tensors(directory, "outputs.json")


class OrtServer:
    """A node process holding one onnxruntime session, timing on request."""

    def __init__(self, model_path, inputs, directory):
        os.makedirs(directory, exist_ok=True)
        _write_tensors(directory, "inputs.json", inputs)
        cmd, env = _ort_command(model_path, directory, serve=True)
        self.proc = subprocess.Popen(cmd, env=env, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        ready = json.loads(self.proc.stdout.readline() or "{}")
        if not ready.get("ready"):
            raise RuntimeError("onnxruntime server did not start")

    def time(self, n):
        self.proc.stdin.write("time %d\n" % n)
        self.proc.stdin.flush()
        answer = json.loads(self.proc.stdout.readline())
        if "ms" not in answer:
            raise RuntimeError("onnxruntime server: %s" % answer)
        return answer["ms"]

    def close(self):
        try:
            self.proc.stdin.write("quit\n")
            self.proc.stdin.flush()
        except OSError:
            pass
        self.proc.wait(timeout=60)


# --- the models --------------------------------------------------------------

def build_torch(model):
    import torch
    import torchvision
    torch.manual_seed(0)
    net = getattr(torchvision.models, model.builder)(weights=None, **model.kwargs)
    # torchvision initializes normalization layers to the identity (scale 1,
    # shift 0, running mean 0, variance 1): folded into the convolutions
    # their biases would all be 0. Drawn instead, every bias path runs.
    with torch.no_grad():
        for m in net.modules():
            if isinstance(m, torch.nn.modules.batchnorm._BatchNorm):
                m.running_mean.normal_(0.0, 0.1)
                m.running_var.uniform_(0.5, 1.5)
            if isinstance(m, (torch.nn.modules.batchnorm._BatchNorm,
                              torch.nn.LayerNorm, torch.nn.GroupNorm)):
                if m.weight is not None:
                    m.weight.uniform_(0.5, 1.5)
                    m.bias.normal_(0.0, 0.1)
            # torch.onnx 1.13 cannot export nn.MultiheadAttention's fused
            # inference kernel (aten::_native_multi_head_attention), which
            # the module takes in eval mode when its dropout is 0. A nonzero
            # probability keeps it on the composite path torch.onnx exports;
            # in eval mode the probability is never used
            # (F.multi_head_attention_forward drops only when training).
            # ViT's classifier starts at zero (nn.init.zeros_): its logits
            # would all be 0 and any comparison vacuous. Drawn instead.
            if (isinstance(m, (torch.nn.Linear, torch.nn.Conv2d))
                    and not m.weight.any()):
                m.weight.normal_(0.0, 0.02)
            if isinstance(m, torch.nn.MultiheadAttention) and not m.dropout:
                m.dropout = 0.1
    return net.eval()


def random_input(model, seed, batch=1):
    import torch
    g = torch.Generator().manual_seed(seed)
    return torch.randn(batch, 3, model.size, model.size, generator=g)


def export(model, net, path):
    import torch
    x = random_input(model, 1)
    dynamic = ({"input": {0: "batch"}, "logits": {0: "batch"}}
               if model.dynamic_batch else None)
    torch.onnx.export(net, x, path, opset_version=model.opset,
                      input_names=["input"], output_names=["logits"],
                      dynamic_axes=dynamic, do_constant_folding=True)


def quantize(model_path, out_path, workdir, calibration):
    """qdq.py's QDQ model of model_path, calibrated on `calibration` inputs
    run through onnxruntime."""
    import numpy as np
    import onnx
    sys.path.insert(0, HERE)
    import qdq
    float_model = onnx.load(model_path)
    names = qdq.calibration_tensors(float_model)
    probe = os.path.join(workdir, "calibrate.onnx")
    onnx.save(qdq.with_outputs(float_model, names), probe)
    ranges = {}
    for i, x in enumerate(calibration):
        outs = dict(ort_run(probe, [("input", x)], os.path.join(workdir, "calib%d" % i)))
        for name in names:
            lo, hi = np.float32(outs[name].min()), np.float32(outs[name].max())
            if name in ranges:
                lo, hi = min(lo, ranges[name][0]), max(hi, ranges[name][1])
            ranges[name] = (lo, hi)
    onnx.save(qdq.quantize_static(float_model, ranges), out_path)


def layer_model(path, workdir):
    """Every QuantizeLinear of a QDQ model as a graph of its own, all in one
    model: layer k reads the codes (or the float graph input) its
    QuantizeLinear depends on through DequantizeLinear, and writes that
    QuantizeLinear's codes, everything prefixed `L<k>/`. Returns the model
    path and [(layer output, [layer inputs])] in the original names."""
    import onnx
    from onnx import compose, utils
    model = onnx.load(path)
    producer = {o: n for n in model.graph.node for o in n.output}
    inits = {t.name for t in model.graph.initializer}
    graph_inputs = {i.name for i in model.graph.input}
    quantizers = [n for n in model.graph.node if n.op_type == "QuantizeLinear"]
    codes = {n.output[0] for n in quantizers}

    def frontier(tensor, seen):
        if tensor in codes or tensor in graph_inputs:
            return [tensor]
        if tensor in inits or tensor == "" or tensor in seen:
            return []
        seen.add(tensor)
        found = []
        for i in producer[tensor].input:
            for f in frontier(i, seen):
                if f not in found:
                    found.append(f)
        return found

    layers = []
    merged = None
    for k, q in enumerate(quantizers):
        inputs = frontier(q.input[0], set())
        part = os.path.join(workdir, "layer%d.onnx" % k)
        utils.extract_model(path, part, inputs, [q.output[0]])
        sub = compose.add_prefix(onnx.load(part), "L%d/" % k)
        os.remove(part)
        layers.append((q.output[0], inputs))
        if merged is None:
            merged = sub
            continue
        for field in ("node", "initializer", "input", "output", "value_info"):
            getattr(merged.graph, field).extend(getattr(sub.graph, field))
    out = os.path.join(workdir, "layers.onnx")
    onnx.save(merged, out)
    return out, layers


def check_layers(path, x, workdir, qnn):
    """qnn's codes of every quantized tensor of a QDQ model, each computed
    from onnxruntime's codes of its inputs, against onnxruntime's codes
    (optimizations disabled). Returns [(tensor, max code difference,
    elements differing, elements)]."""
    import numpy as np
    import onnx
    sys.path.insert(0, HERE)
    import qdq
    model = onnx.load(path)
    code_names = [n.output[0] for n in model.graph.node if n.op_type == "QuantizeLinear"]
    probe = os.path.join(workdir, "codes.onnx")
    onnx.save(qdq.with_outputs(model, code_names), probe)
    ref = dict(ort_run(probe, [("input", x)], os.path.join(workdir, "codes"), "disabled"))
    layers_path, layers = layer_model(path, workdir)
    compiled = qnn.compile(layers_path, threads=1)
    by_name = {"input": x}
    by_name.update(ref)
    feeds = [by_name[t.name.split("/", 1)[1]] for t in compiled.inputs]
    got = compiled(*feeds)
    got = got if isinstance(got, tuple) else (got,)
    report = []
    for (name, _), g in zip(layers, got):
        r = ref[name]
        if g.dtype != r.dtype or g.shape != r.shape:
            report.append((name, float("inf"), r.size, r.size))
            continue
        d = np.abs(g.astype(np.int64) - r.astype(np.int64))
        report.append((name, int(d.max()), int((d > 0).sum()), int(d.size)))
    return report


def output_scales(path):
    """{graph output: scale} for the outputs a DequantizeLinear writes."""
    import onnx
    from onnx import numpy_helper
    model = onnx.load(path)
    inits = {t.name: t for t in model.graph.initializer}
    outputs = {o.name for o in model.graph.output}
    return {n.output[0]: float(numpy_helper.to_array(inits[n.input[1]]).max())
            for n in model.graph.node
            if n.op_type == "DequantizeLinear" and n.output[0] in outputs
            and n.input[1] in inits}


def relative_error(got, ref):
    import numpy as np
    got = got.astype(np.float64)
    ref = ref.astype(np.float64)
    scale = np.max(np.abs(ref)) if ref.size else 0.0
    diff = np.max(np.abs(got - ref)) if ref.size else 0.0
    return float(diff / scale) if scale > 0 else float(diff)


def measure(compiled, x, server, rounds):
    """Interleaved timing: per round a batch of qnn runs, then a batch of
    onnxruntime runs; all times in ms."""
    start = time.perf_counter()
    compiled(x)
    once = max(time.perf_counter() - start, server.time(1)[0] / 1e3)
    per_batch = max(1, min(20, int(0.25 / max(once, 1e-6))))
    qnn_ms, ort_ms = [], []
    for _ in range(rounds):
        for _ in range(per_batch):
            start = time.perf_counter()
            compiled(x)
            qnn_ms.append((time.perf_counter() - start) * 1e3)
        ort_ms.extend(server.time(per_batch))
    return qnn_ms, ort_ms


def run_model(name, workdir, timing, rounds):
    """Runs one model (in this process); returns its result dict."""
    import numpy as np
    import onnx
    import torch
    sys.path.insert(0, os.path.join(ROOT, "python"))
    import qnn

    model = BY_NAME[name]
    result = {"model": name, "note": model.note}
    os.makedirs(workdir, exist_ok=True)
    net = build_torch(model)
    float_path = os.path.join(workdir, "model.onnx")
    start = time.perf_counter()
    try:
        export(model, net, float_path)
    except Exception as e:  # noqa: BLE001 - torch.onnx's own failure
        result["status"] = "not exported"
        result["error"] = "torch.onnx: %s" % str(e).split("\n")[0].split(". Please")[0]
        return result
    result["export_s"] = time.perf_counter() - start
    path = float_path
    batch = model.dynamic_batch or 1
    x = random_input(model, 1, batch)
    if model.int8:
        path = os.path.join(workdir, "model_int8.onnx")
        calibration = [random_input(model, 100 + i).numpy() for i in range(4)]
        quantize(float_path, path, workdir, calibration)
    result["opset"] = [o.version for o in onnx.load(path, load_external_data=False).opset_import
                       if o.domain in ("", "ai.onnx")][0]
    inputs = [("input", x.numpy())]

    # onnxruntime's fused int8 kernels are not its oracle (module docstring):
    # the int8 models' reference runs the graph operator by operator.
    ort_outs = ort_run(path, inputs, os.path.join(workdir, "ort"),
                       "disabled" if model.int8 else "all")
    refs = {"onnxruntime": ort_outs}
    if not model.int8:
        with torch.no_grad():
            out = net(x)
        outs = out if isinstance(out, (tuple, list)) else [out]
        refs["pytorch"] = [(n, o.numpy()) for (n, _), o in zip(ort_outs, outs)]
        result["ort_vs_pytorch"] = max(relative_error(o, t) for (_, o), (_, t)
                                       in zip(ort_outs, refs["pytorch"]))

    # A constant reference (weights that zero the logits) would make every
    # comparison pass: it is a failure of the zoo itself.
    for oname, r in ort_outs:
        if r.size > 1 and np.all(r == r.flat[0]):
            result["status"] = "error"
            result["error"] = ("onnxruntime's output %s is constant (%r): a "
                               "comparison would prove nothing" % (oname, r.flat[0]))
            return result

    options = {"threads": 1}
    if model.dynamic_batch:
        options["input_shapes"] = {"input": [batch, 3, model.size, model.size]}
    start = time.perf_counter()
    try:
        compiled = qnn.compile(path, **options)
    except qnn.QNNError as e:
        result["compile_s"] = time.perf_counter() - start
        result["status"] = "compile error"
        result["error"] = str(e)
        return result
    result["compile_s"] = time.perf_counter() - start
    got = compiled(x.numpy())
    got = got if isinstance(got, tuple) else (got,)
    problems = []
    if model.int8:
        fused = ort_run(path, inputs, os.path.join(workdir, "ort-fused"), "all")
        result["error_vs_onnxruntime_fused"] = max(
            relative_error(g, r) for g, (_, r) in zip(got, fused))
        scales = output_scales(path)
        if any(n not in scales for n, _ in ort_outs) or len(got) != len(ort_outs):
            problems.append("outputs not written by a DequantizeLinear")
        else:
            # Both are codes times the scale, in f32: the difference in
            # codes is the nearest integer.
            result["codes_vs_onnxruntime"] = max(
                int(np.max(np.rint(np.abs(g.astype(np.float64) - r) / scales[n])))
                for g, (n, r) in zip(got, ort_outs))
            if result["codes_vs_onnxruntime"] > OUTPUT_CODES:
                problems.append("outputs %d codes from onnxruntime's (at most %d)"
                                % (result["codes_vs_onnxruntime"], OUTPUT_CODES))
        layers = check_layers(path, x.numpy(), workdir, qnn)
        result["layers"] = layers
        bad = [(n, d, k, size) for n, d, k, size in layers
               if d > 1 or k > max(1, LAYER_FRACTION * size)]
        result["layer_max_codes"] = max(d for _, d, _, _ in layers)
        result["layer_max_fraction"] = max(k / size for _, _, k, size in layers)
        for n, d, k, size in bad:
            problems.append("quantized tensor %s: %d of %d codes differ, by up "
                            "to %s" % (n, k, size, d))
    if len(got) != len(ort_outs):
        problems.append("%d outputs, onnxruntime %d" % (len(got), len(ort_outs)))
    for ref_name, ref in refs.items():
        errors = []
        for g, (oname, r) in zip(got, ref):
            if g.dtype != r.dtype or g.shape != r.shape:
                problems.append("output %s: %s%s, %s %s%s" % (
                    oname, g.dtype, list(g.shape), ref_name, r.dtype, list(r.shape)))
                errors.append(float("inf"))
            else:
                errors.append(relative_error(g, r))
        result["error_vs_" + ref_name] = max(errors) if errors else float("inf")
        if not model.int8 and result["error_vs_" + ref_name] > TOLERANCE:
            problems.append("max error vs %s %.3g > %g" % (
                ref_name, result["error_vs_" + ref_name], TOLERANCE))
    result["status"] = "mismatch" if problems else "pass"
    if problems:
        result["error"] = "; ".join(problems)

    if timing:
        # The check survives a timing that runs past the model's timeout.
        with open(os.path.join(workdir, "result.partial.json"), "w") as f:
            json.dump(result, f)
        server = OrtServer(path, inputs, os.path.join(workdir, "ort-serve"))
        try:
            qnn_ms, ort_ms = measure(compiled, x.numpy(), server, rounds)
        finally:
            server.close()
        result["qnn_ms"] = [statistics.median(qnn_ms), min(qnn_ms)]
        result["ort_ms"] = [statistics.median(ort_ms), min(ort_ms)]
        result["runs"] = len(qnn_ms)
    return result


# --- the driver --------------------------------------------------------------

def _child(name, workdir, timing, rounds, out_json):
    try:
        result = run_model(name, workdir, timing, rounds)
    except Exception as e:  # noqa: BLE001 - any failure is this model's
        import traceback
        result = {"model": name, "status": "error",
                  "error": "%s: %s" % (type(e).__name__, e),
                  "traceback": traceback.format_exc()}
    with open(out_json, "w") as f:
        json.dump(result, f)


def run_isolated(name, workdir, timing, rounds, timeout, keep):
    out_json = os.path.join(workdir, "result.json")
    os.makedirs(workdir, exist_ok=True)
    cmd = [sys.executable, os.path.abspath(__file__), "--child", name,
           "--workdir", workdir, "--rounds", str(rounds)]
    if timing:
        cmd.append("--time")
    start = time.perf_counter()
    try:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        partial = os.path.join(workdir, "result.partial.json")
        if os.path.exists(partial):
            with open(partial) as f:
                result = json.load(f)
            result["timing"] = "timed out after %d s" % timeout
            return result
        return {"model": name, "status": "error",
                "error": "timed out after %d s" % timeout}
    wall = time.perf_counter() - start
    if os.path.exists(out_json):
        with open(out_json) as f:
            result = json.load(f)
    else:
        tail = "\n".join(proc.stdout.strip().splitlines()[-5:])
        result = {"model": name, "status": "error",
                  "error": "crashed (exit %d): %s" % (proc.returncode, tail)}
    result["wall_s"] = wall
    if not keep:
        shutil.rmtree(workdir, ignore_errors=True)
    return result


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def short_error(message):
    """The line of a failure that says what failed: the first diagnostic
    marked `error:` (MLIR prints notes after it), else the last line."""
    lines = [l.strip() for l in message.strip().splitlines() if l.strip()]
    for line in lines:
        if "error:" in line:
            return line.split("error:", 1)[1].strip()
    return lines[-1] if lines else ""


def _fmt_err(v):
    return "-" if v is None else ("%.1e" % v)


def table(results, timing):
    head = ["model", "opset", "compiles / matches", "max error vs onnxruntime",
            "max error vs PyTorch", "compile time"]
    if timing:
        head += ["qnn ms (median / min)", "onnxruntime ms (median / min)",
                 "qnn / onnxruntime (median)"]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for r in results:
        name = r["model"] + (" (%s)" % r["note"] if r.get("note") else "")
        status = r["status"]
        reason = short_error(r.get("error", ""))[:240].replace("|", "\\|")
        if status == "pass":
            verdict = "yes / yes"
        elif status == "mismatch":
            verdict = "yes / **no**: " + reason
        elif status == "not exported":
            verdict = "not exported: " + reason
        else:
            verdict = "**no**: " + reason
        ort_cell = _fmt_err(r.get("error_vs_onnxruntime"))
        if "codes_vs_onnxruntime" in r:
            ort_cell += " (%.0f output code; per tensor <= %d code at <= %.0e of elements)" % (
                r["codes_vs_onnxruntime"], r["layer_max_codes"], r["layer_max_fraction"])
        row = [name, str(r.get("opset", "-")), verdict, ort_cell,
               _fmt_err(r.get("error_vs_pytorch")),
               "%.1f s" % r["compile_s"] if status in ("pass", "mismatch") else "-"]
        if timing:
            for key in ("qnn_ms", "ort_ms"):
                row.append("%.2f / %.2f" % tuple(r[key]) if key in r
                           else r.get("timing", "-"))
            row.append("%.2f" % (r["qnn_ms"][0] / r["ort_ms"][0])
                       if "qnn_ms" in r and "ort_ms" in r else "-")
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--models", help="comma-separated model names")
    ap.add_argument("--all", action="store_true",
                    help="every model, the ones kept out of the default run too")
    ap.add_argument("--list", action="store_true", help="list the models")
    ap.add_argument("--workdir", help="where the models and intermediate files "
                    "go (kept; else a temporary directory, each model's removed "
                    "when it is done)")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--time", action="store_true", help="measure latencies")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--timeout", type=int, default=1800, help="seconds per model")
    ap.add_argument("--table", help="write the Markdown table here")
    ap.add_argument("--json", help="write the results here")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.child:
        _child(args.child, args.workdir, args.time, args.rounds,
               os.path.join(args.workdir, "result.json"))
        return 0
    if args.list:
        for m in MODELS:
            print("%-20s %s%s" % (m.name, "default" if m.default else "--all",
                                  " (%s)" % m.note if m.note else ""))
        return 0
    if args.models:
        names = [n.strip() for n in args.models.split(",") if n.strip()]
        unknown = [n for n in names if n not in BY_NAME]
        if unknown:
            ap.error("unknown models %s (--list lists them)" % unknown)
    else:
        names = [m.name for m in MODELS if args.all or m.default]
    if not os.path.isdir(os.path.join(npm_modules(), "onnxruntime-node")):
        print("zoo.py: onnxruntime-node is not installed in %s "
              "(scripts/install-onnxruntime.sh)" % npm_modules(), file=sys.stderr)
        return 2

    workdir = args.workdir or tempfile.mkdtemp(prefix="qnn-zoo-")
    jobs = 1 if args.time else max(1, args.jobs)
    start = time.perf_counter()
    results = {}
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        futures = {pool.submit(run_isolated, n, os.path.join(workdir, n), args.time,
                               args.rounds, args.timeout, bool(args.workdir)): n
                   for n in names}
        for fut in concurrent.futures.as_completed(futures):
            r = fut.result()
            results[r["model"]] = r
            detail = ("error vs onnxruntime %s" % _fmt_err(r.get("error_vs_onnxruntime"))
                      if r["status"] in ("pass", "mismatch") else "")
            if r.get("error"):
                detail += (" " if detail else "") + short_error(r["error"])[:300]
            print("%-20s %-14s %6.1f s  %s" % (r["model"], r["status"],
                                               r.get("wall_s", 0), detail), flush=True)
            if args.json:  # as it goes: a long run's results survive it
                with open(args.json, "w") as f:
                    json.dump([results[n] for n in names if n in results], f, indent=1)
    ordered = [results[n] for n in names]
    text = table(ordered, args.time)
    print()
    print(text)
    passed = sum(r["status"] == "pass" for r in ordered)
    unexported = [r["model"] for r in ordered if r["status"] == "not exported"]
    print()
    print("CPU: %s; %s; %d of %d models compile and match onnxruntime%s; %.0f s"
          % (cpu_model(), time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
             passed, len(ordered),
             " (%d not exported by torch.onnx: %s)" % (len(unexported), ", ".join(unexported))
             if unexported else "", time.perf_counter() - start))
    if args.table:
        with open(args.table, "w") as f:
            f.write(text + "\n")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(ordered, f, indent=1)
    if not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    # Models torch.onnx cannot export are reported, not qnn's failures.
    return 0 if passed + len(unexported) == len(ordered) else 1


if __name__ == "__main__":
    sys.exit(main())
