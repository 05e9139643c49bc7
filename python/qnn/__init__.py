"""qnn: quantization-aware training modules, an ONNX exporter and the
compiler, for 1-4-bit networks (docs/Python.md).

    import qnn
    model = ...                        # built with qnn.nn modules, trained
    qnn.export(model, torch.zeros(1, 1, 8, 8), "model.onnx")
    compiled = qnn.compile("model.onnx")   # or qnn.compile(model, example_inputs=...)
    logits = compiled(images)          # numpy in, numpy out

The PyTorch parts (qnn.nn, qnn.quantizers, qnn.export) load on first use,
so compiling and running ONNX files does not import torch.
"""
import importlib

from .compiler import CompiledModel, QNNError, compile, find_tool

__all__ = ["nn", "quantizers", "export", "compile", "CompiledModel", "QNNError", "find_tool"]


def __getattr__(name):
    if name in ("nn", "quantizers"):
        return importlib.import_module("." + name, __name__)
    if name == "export":
        return importlib.import_module(".export", __name__).export
    raise AttributeError("module 'qnn' has no attribute '%s'" % name)
