"""Static int8 quantization of a float ONNX model in the QDQ form that
onnxruntime's `quantize_static` writes (onnxruntime/python/tools/quantization:
quantize.py, qdq_quantizer.py, base_quantizer.py, quant_utils.py, registry.py
and operators/), for the model zoo (zoo.py). There is no Python onnxruntime
on Debian; this reproduces its defaults:

  quant_format=QDQ, activation_type=QUInt8 (asymmetric), weight_type=QInt8
  (symmetric), per_channel=True, reduce_range=False, calibrate_method=MinMax,
  op_types_to_quantize = every type of QLinearOpsRegistry and QDQRegistry.

- Calibration (MinMaxCalibrater): every float tensor that is an input or an
  output of a node, not an initializer, gets the min and the max over all
  calibration inputs (the caller runs the model with those tensors as
  outputs; `calibration_tensors` names them).
- Activation parameters (calc_quant_params / compute_scale_zp): rmin =
  min(min, 0), rmax = max(max, 0); scale = (rmax - rmin) / 255 (float64, then
  float32); zero point = round(0 - rmin / scale) as uint8. The input of a Relu
  or Clip with one consumer takes the range of the activation's output
  (adjust_tensor_ranges).
- Weights (quantize_weight_per_channel_impl): per output channel (Conv: axis
  0; Gemm: 0 with transB, else 1) absmax / 127 in float32, zero point 0;
  codes round(w / scale) (half to even) clipped to [-128, 127]; written as an
  int8 initializer `<w>_quantized` with `<w>_scale` and `<w>_zero_point`,
  dequantized by `<w>_DequantizeLinear` (axis) into
  `<w>_DequantizeLinear_Output`.
- Bias (quantize_bias_static_impl): INT32 `<b>_quantized` = round(b /
  (x_scale * w_scale * beta)), zero points int32 0, through
  DequantizeLinear(axis 0) back into `<b>`.
- Activations: `<t>_QuantizeLinear` -> `<t>_QuantizeLinear_Output` ->
  `<t>_DequantizeLinear` -> `<t>_DequantizeLinear_Output`, which every
  consumer reads (a graph output keeps its name on the DequantizeLinear and
  its producer writes `<t>_QuantizeLinear_Input`).
- Operators: Conv/Gemm (QDQConv, QDQGemm: input, output, weight, bias); Relu
  and Clip that follow a quantized tensor with one consumer are removed, the
  producer writing the activation's output (QDQRemovableActivation);
  MaxPool, AveragePool, Reshape, Transpose, Squeeze, Unsqueeze, Slice, TopK
  quantize their output with their input's parameters when the input is
  quantized (QDQDirect8BitOp); the other registered types (Add, Mul,
  GlobalAveragePool, Concat, Sigmoid, Softmax, ...) quantize every float
  input and output (QDQOperatorBase). Unregistered types (Flatten, ...) stay
  float between a DequantizeLinear and the next QuantizeLinear.
Operators with their own quantizers this writer does not reproduce
(Resize, Pad, Split, Gather, Where, the normalizations, MatMul, ArgMax)
raise NotImplementedError rather than being written differently.
"""
import collections

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

QLINEAR_OPS = {"ArgMax", "Conv", "Gemm", "MatMul", "Add", "Mul", "Relu",
               "Clip", "LeakyRelu", "Sigmoid", "MaxPool", "GlobalAveragePool",
               "Split", "Pad", "Reshape", "Squeeze", "Unsqueeze", "Resize",
               "AveragePool", "Concat", "Softmax", "Where", "Gather",
               "Transpose", "EmbedLayerNormalization"}
QDQ_OPS = {"Conv", "ConvTranspose", "Gemm", "Clip", "Relu", "Reshape",
           "Transpose", "Squeeze", "Unsqueeze", "Resize", "MaxPool",
           "AveragePool", "Slice", "Pad", "MatMul", "Split", "Gather",
           "GatherElements", "Where", "InstanceNormalization",
           "LayerNormalization", "BatchNormalization", "TopK", "CumSum"}
OP_TYPES_TO_QUANTIZE = QLINEAR_OPS | QDQ_OPS
DIRECT_8BIT = {"MaxPool", "AveragePool", "Reshape", "Transpose", "Squeeze",
               "Unsqueeze", "Slice", "TopK"}
REMOVABLE = {"Relu", "Clip"}
NOT_REPRODUCED = {"ConvTranspose", "Resize", "Pad", "Split", "Gather",
                  "GatherElements", "Where", "InstanceNormalization",
                  "LayerNormalization", "BatchNormalization", "MatMul",
                  "ArgMax", "EmbedLayerNormalization", "Softmax"}
FLOAT_TYPES = (TensorProto.FLOAT, TensorProto.FLOAT16)


def _value_types(model):
    """Element type of every value the shape inference knows."""
    inferred = onnx.shape_inference.infer_shapes(model)
    types = {}
    for vi in (list(inferred.graph.value_info) + list(inferred.graph.input) +
               list(inferred.graph.output)):
        if vi.type.HasField("tensor_type"):
            types[vi.name] = vi.type.tensor_type.elem_type
    for init in model.graph.initializer:
        types[init.name] = init.data_type
    return types


def calibration_tensors(model):
    """The tensors MinMaxCalibrater records: float inputs and outputs of
    the nodes of quantized types that are not initializers, in graph order."""
    types = _value_types(model)
    inits = {t.name for t in model.graph.initializer}
    names = []
    for node in model.graph.node:
        if node.op_type not in OP_TYPES_TO_QUANTIZE:
            continue
        for name in list(node.input) + list(node.output):
            if (name and name not in inits and types.get(name) in FLOAT_TYPES
                    and name not in names):
                names.append(name)
    return names


def with_outputs(model, names):
    """A copy of the model whose graph outputs include `names`."""
    inferred = onnx.shape_inference.infer_shapes(model)
    infos = {vi.name: vi for vi in inferred.graph.value_info}
    out = onnx.ModelProto()
    out.CopyFrom(model)
    present = {o.name for o in out.graph.output}
    for name in names:
        if name in present:
            continue
        if name in infos:
            out.graph.output.append(infos[name])
        else:
            out.graph.output.append(helper.make_tensor_value_info(
                name, TensorProto.FLOAT, None))
    return out


def compute_scale_zp(rmin, rmax, qmin, qmax, symmetric):
    """quant_utils.compute_scale_zp for float32 ranges."""
    rmin = np.minimum(np.float32(rmin), np.float32(0))
    rmax = np.maximum(np.float32(rmax), np.float32(0))
    if symmetric:
        absmax = np.maximum(np.abs(rmin), np.abs(rmax))
        rmin, rmax = -absmax, absmax
    dr = np.float64(rmax - rmin)
    scale = np.float64(dr / (np.float64(qmax) - np.float64(qmin)))
    if scale < np.finfo(np.float32).tiny:
        return 0, np.float32(1.0)
    if symmetric:
        zero = int(np.round((qmin + qmax) / 2.0))
    else:
        zero = int(np.round(qmin - rmin / scale))
    return zero, np.float32(scale)


def quantize_array(data, scale, zero, qmin, qmax, dtype):
    """quant_utils.quantize_nparray: round half to even in float32, clip."""
    q = np.asarray((data.astype(np.float32) / scale).round() + zero)
    return np.clip(q, qmin, qmax).astype(dtype)


class _Quantizer:
    def __init__(self, model, ranges):
        self.model = onnx.ModelProto()
        self.model.CopyFrom(model)
        self.graph = self.model.graph
        self.types = _value_types(model)
        self.inits = {t.name: t for t in self.graph.initializer}
        opset = [o.version for o in model.opset_import if o.domain in ("", "ai.onnx")]
        if not opset or opset[0] < 13:
            raise ValueError("per-channel QDQ needs opset 13 or newer")
        self.opset = opset[0]
        self.ranges = dict(ranges)
        self._adjust_ranges()
        self.params = {name: compute_scale_zp(lo, hi, 0, 255, False)
                       for name, (lo, hi) in self.ranges.items()}
        # name -> ("activation" | "weight", axis) / ("shared", provider)
        self.to_quantize = collections.OrderedDict()
        self.biases = collections.OrderedDict()  # bias -> (input, weight, beta)
        self.removed = []
        self.quantized = {}  # tensor -> (scale name, zero point name)
        self.new_nodes = []
        self.new_inits = []

    # -- graph queries ----------------------------------------------------
    def consumers(self, name):
        return [n for n in self.graph.node if name in n.input]

    def is_graph_output(self, name):
        return any(o.name == name for o in self.graph.output)

    def is_graph_input(self, name):
        return any(i.name == name for i in self.graph.input)

    def _adjust_ranges(self):
        # base_quantizer.adjust_tensor_ranges (activation_symmetric False).
        for node in self.graph.node:
            if node.op_type not in REMOVABLE:
                continue
            if len(self.consumers(node.input[0])) != 1:
                continue
            if node.input[0] in self.ranges and node.output[0] in self.ranges:
                self.ranges[node.input[0]] = self.ranges[node.output[0]]

    def quantizable(self, name):
        return bool(name) and self.types.get(name) in FLOAT_TYPES

    # -- marking (the op quantizers) --------------------------------------
    def mark_activation(self, name):
        if self.quantizable(name) and name not in self.to_quantize:
            self.to_quantize[name] = ("activation", None)

    def mark_weight(self, name, axis):
        init = self.inits.get(name)
        if init is not None and init.data_type in FLOAT_TYPES:
            self.to_quantize[name] = ("weight", axis)

    def mark_shared(self, output, input_name):
        if self.quantizable(output):
            self.to_quantize[output] = ("shared", input_name)

    def is_marked(self, name):
        return name in self.to_quantize or name in self.biases

    def try_replacing_upstream_output(self, upstream, output):
        if (output in self.params and len(self.consumers(upstream)) == 1 and
                not self.is_graph_output(upstream) and
                not self.is_graph_input(upstream)):
            for node in self.graph.node:
                for i, o in enumerate(node.output):
                    if o == upstream:
                        node.output[i] = output
            self.to_quantize.pop(upstream, None)
            return True
        return False

    def mark_bias(self, bias, input_name, weight_name, beta):
        if bias in self.biases:
            return  # quantize_bias_tensor: the first consumer's scales
        self.biases[bias] = (input_name, weight_name, beta)

    def quantize_node(self, node):
        op = node.op_type
        if op in NOT_REPRODUCED:
            raise NotImplementedError(
                "qdq.py does not reproduce onnxruntime's quantizer of %s "
                "(node %s)" % (op, node.name))
        if op == "Conv":
            self.mark_activation(node.input[0])
            self.mark_activation(node.output[0])
            self.mark_weight(node.input[1], 0)
            # quantize_bias_tensor: only an initializer (torch.onnx writes
            # repeated constants once, behind Identity nodes: those stay float).
            if len(node.input) == 3 and node.input[2] in self.inits:
                self.mark_bias(node.input[2], node.input[0], node.input[1], 1.0)
        elif op == "Gemm":
            attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
            self.mark_activation(node.input[0])
            self.mark_activation(node.output[0])
            self.mark_weight(node.input[1], 0 if attrs.get("transB", 0) else 1)
            if len(node.input) == 3 and node.input[2] in self.inits:
                self.mark_bias(node.input[2], node.input[0], node.input[1],
                               float(attrs.get("beta", 1.0)))
                # set_default_beta: the bias scale carries beta.
                for a in node.attribute:
                    if a.name == "beta":
                        a.f = 1.0
        elif op in REMOVABLE:
            if not self.is_marked(node.input[0]):
                return
            if self.try_replacing_upstream_output(node.input[0], node.output[0]):
                self.removed.append(node)
            else:
                self.mark_activation(node.input[0])
            self.mark_activation(node.output[0])
        elif op in DIRECT_8BIT:
            if op == "MaxPool" and self.opset < 12:
                return
            if self.is_marked(node.input[0]):
                self.mark_shared(node.output[0], node.input[0])
        else:
            for name in list(node.input) + list(node.output):
                self.mark_activation(name)

    # -- rewriting --------------------------------------------------------
    def add_init(self, array, name, elem_type=None):
        if elem_type is None:
            tensor = numpy_helper.from_array(array, name)
        else:
            tensor = helper.make_tensor(name, elem_type, list(array.shape),
                                        array.ravel().tolist())
        self.new_inits.append(tensor)
        return name

    def replace_input_everywhere(self, old, new):
        for node in list(self.graph.node) + self.new_nodes:
            for i, name in enumerate(node.input):
                if name == old:
                    node.input[i] = new

    def add_activation_qdq(self, name, scale_name, zp_name):
        q_out = name + "_QuantizeLinear_Output"
        if self.is_graph_output(name):
            q_in = name + "_QuantizeLinear_Input"
            dq_out = name
            for node in self.graph.node:
                for i, o in enumerate(node.output):
                    if o == name:
                        node.output[i] = q_in
        else:
            q_in = name
            dq_out = name + "_DequantizeLinear_Output"
            self.replace_input_everywhere(name, dq_out)
        self.new_nodes.append(helper.make_node(
            "QuantizeLinear", [q_in, scale_name, zp_name], [q_out],
            name + "_QuantizeLinear"))
        self.new_nodes.append(helper.make_node(
            "DequantizeLinear", [q_out, scale_name, zp_name], [dq_out],
            name + "_DequantizeLinear"))
        self.quantized[name] = (scale_name, zp_name)

    # onnxruntime's weight_type: QInt8 (symmetric, its default) or, when
    # False, QUInt8 (per channel compute_scale_zp(min(w, 0), max(w, 0), 0,
    # 255), codes round(w / scale) + zero point in [0, 255]).
    symmetric_weights = True

    def add_weight_dq(self, name, axis):
        w = numpy_helper.to_array(self.inits[name]).astype(np.float32)
        channels = w.shape[axis]
        if self.symmetric_weights:
            qmin, qmax, clip, dtype = -127, 127, (-128, 127), np.int8
        else:
            qmin, qmax, clip, dtype = 0, 255, (0, 255), np.uint8
        scales, zeros, codes = [], [], []
        for c in range(channels):
            data = w.take(c, axis).ravel()
            zero, scale = compute_scale_zp(data.min(), data.max(), qmin, qmax,
                                           self.symmetric_weights)
            scales.append(scale)
            zeros.append(zero)
            codes.append(quantize_array(data, scale, zero, clip[0], clip[1], dtype)
                         .reshape([1 if d == axis else s
                                   for d, s in enumerate(w.shape)]))
        q = np.concatenate(codes, axis).reshape(w.shape)
        scale = np.array(scales, np.float32)
        self.add_init(q, name + "_quantized")
        self.add_init(scale, name + "_scale")
        self.add_init(np.array(zeros, dtype), name + "_zero_point")
        dq_out = name + "_DequantizeLinear_Output"
        self.replace_input_everywhere(name, dq_out)
        self.new_nodes.append(helper.make_node(
            "DequantizeLinear", [name + "_quantized", name + "_scale",
                                 name + "_zero_point"], [dq_out],
            name + "_DequantizeLinear", axis=axis))
        self.quantized[name] = (name + "_scale", name + "_zero_point")
        self.weight_scales[name] = scale

    def add_bias_dq(self, name, input_name, weight_name, beta):
        input_scale = np.float32(self.params[input_name][1])
        weight_scale = self.weight_scales[weight_name]
        bias_scale = (input_scale * weight_scale * np.float32(beta)).astype(np.float32)
        b = numpy_helper.to_array(self.inits[name]).astype(np.float32)
        q = (b / bias_scale).round().astype(np.int32).reshape(b.shape)
        qname = name + "_quantized"
        self.add_init(q, qname)
        self.add_init(bias_scale.reshape(-1), qname + "_scale")
        self.add_init(np.zeros(bias_scale.shape, np.int32).reshape(-1),
                      qname + "_zero_point")
        axis = {"axis": 0} if bias_scale.size > 1 else {}
        self.new_nodes.append(helper.make_node(
            "DequantizeLinear", [qname, qname + "_scale", qname + "_zero_point"],
            [name], name + "_DequantizeLinear", **axis))

    def run(self):
        for node in list(self.graph.node):
            if node.op_type in OP_TYPES_TO_QUANTIZE:
                self.quantize_node(node)
        self.weight_scales = {}
        # _quantize_normal_tensors
        for name, (kind, arg) in list(self.to_quantize.items()):
            if kind == "shared" or name in self.quantized:
                continue
            if name in self.inits:
                if kind == "weight":
                    self.add_weight_dq(name, arg)
                else:
                    raise NotImplementedError(
                        "activation-typed initializer %s (a float constant "
                        "operand of a quantized operator)" % name)
            else:
                if name not in self.params:
                    raise ValueError("no calibration range for %s" % name)
                zero, scale = self.params[name]
                self.add_init(np.array(scale, np.float32), name + "_scale")
                self.add_init(np.array(zero, np.uint8), name + "_zero_point",
                              TensorProto.UINT8)
                self.add_activation_qdq(name, name + "_scale", name + "_zero_point")
            del self.to_quantize[name]
        # _quantize_sharing_param_tensors
        while self.to_quantize:
            progress = False
            for name, (kind, provider) in list(self.to_quantize.items()):
                if provider in self.quantized:
                    del self.to_quantize[name]
                    self.add_activation_qdq(name, *self.quantized[provider])
                    progress = True
            if not progress:
                raise ValueError("unresolved shared quantization: %s"
                                 % list(self.to_quantize))
        # _quantize_bias_tensors
        for name, (input_name, weight_name, beta) in self.biases.items():
            self.add_bias_dq(name, input_name, weight_name, beta)
            self.graph.initializer.remove(self.inits[name])
        # remove_nodes, clean_initializers
        for node in self.removed:
            self.graph.node.remove(node)
        self.graph.node.extend(self.new_nodes)
        self.graph.initializer.extend(self.new_inits)
        used = {i for n in self.graph.node for i in n.input}
        keep = [t for t in self.graph.initializer if t.name in used]
        del self.graph.initializer[:]
        self.graph.initializer.extend(keep)
        _topological_sort(self.graph)
        del self.graph.value_info[:]
        self.model.producer_name = "onnx.quantize"
        self.model.producer_version = "0.1.0"
        onnx.checker.check_model(self.model)
        return self.model


def _topological_sort(graph):
    """onnx_model.topological_sort: nodes after their producers."""
    available = {i.name for i in graph.input} | {t.name for t in graph.initializer}
    available.add("")
    pending = list(graph.node)
    ordered = []
    while pending:
        rest = []
        for node in pending:
            if all(i in available for i in node.input):
                ordered.append(node)
                available.update(node.output)
            else:
                rest.append(node)
        if len(rest) == len(pending):
            raise ValueError("graph has a cycle or a dangling input: %s"
                             % [n.name for n in rest])
        pending = rest
    del graph.node[:]
    graph.node.extend(ordered)


def quantize_static(model, ranges):
    """The QDQ model for `model` (an onnx.ModelProto) given the calibration
    ranges {tensor: (min, max)} of `calibration_tensors(model)`."""
    return _Quantizer(model, ranges).run()
