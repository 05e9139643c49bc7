"""Exports a model built from qnn.nn modules to ONNX: qnn-domain nodes for
the schemes QONNX cannot express, QONNX Quant for uniform quantizers, ONNX
for the rest (docs/ONNX.md, docs/Python.md)."""
import warnings

import onnx
import torch

from .nn import QONNX_DOMAIN

__all__ = ["export"]


def _domains(model):
    """The custom domains `model`'s quantizers write."""
    from . import nn as qnn_nn
    domains = {}
    for m in model.modules():
        if isinstance(m, (qnn_nn.IntQuantAct, qnn_nn.IntWeight)):
            domains[QONNX_DOMAIN] = 1
        elif m.__class__.__module__ == qnn_nn.__name__ and not isinstance(
                m, (qnn_nn.QConv2d, qnn_nn.QLinear)):
            domains["qnn"] = 1
    return domains


def export(model, example_inputs, path, input_names=None, output_names=None, opset=13):
    """Writes `model` (in evaluation mode: batch norm with its running
    statistics, SLB's argmax) to the ONNX file `path`, traced at the shapes
    of `example_inputs` (a tensor or a tuple of tensors). Returns `path`."""
    if isinstance(example_inputs, torch.Tensor):
        example_inputs = (example_inputs,)
    was_training = model.training
    model.eval()
    # torch.onnx exports batch norm without affine parameters only when it
    # can infer the channel count, which it cannot past custom-domain nodes:
    # such layers get weight 1 and bias 0 while exporting (the same values).
    plain = [m for m in model.modules()
             if isinstance(m, torch.nn.modules.batchnorm._BatchNorm) and not m.affine]
    for m in plain:
        m.weight = torch.nn.Parameter(torch.ones(m.num_features))
        m.bias = torch.nn.Parameter(torch.zeros(m.num_features))
        m.affine = True
    try:
        n_in = len(example_inputs)
        with torch.no_grad():
            outputs = model(*example_inputs)
        n_out = 1 if isinstance(outputs, torch.Tensor) else len(outputs)
        with warnings.catch_warnings():
            # torch.onnx warns about custom domains' shape inference, its
            # own deprecations and tracing constants: none concern the file.
            warnings.simplefilter("ignore")
            torch.onnx.export(
                model, tuple(example_inputs), path, opset_version=opset,
                input_names=input_names or (["x"] if n_in == 1 else
                                            ["x%d" % i for i in range(n_in)]),
                output_names=output_names or (["y"] if n_out == 1 else
                                              ["y%d" % i for i in range(n_out)]),
                custom_opsets=_domains(model))
    finally:
        model.train(was_training)
        for m in plain:
            m.affine = False
            m.weight = m.bias = None
    # torch.onnx infers no shapes past custom-domain nodes: the graph's
    # outputs get their traced shapes, and intermediate guesses are dropped.
    proto = onnx.load(path)
    outs = [outputs] if isinstance(outputs, torch.Tensor) else list(outputs)
    for info, value in zip(proto.graph.output, outs):
        dims = info.type.tensor_type.shape.dim
        del dims[:]
        for size in value.shape:
            dims.add().dim_value = int(size)
    del proto.graph.value_info[:]
    onnx.save(proto, path)
    return path
