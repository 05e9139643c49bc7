"""qnn: quantization-aware training modules, an ONNX exporter and the
compiler, for 1-4-bit networks (docs/Python.md).

    import qnn
    model = ...                        # built with qnn.nn modules, trained
    qnn.export(model, torch.zeros(1, 1, 8, 8), "model.onnx")
    compiled = qnn.compile("model.onnx")   # or qnn.compile(model, example_inputs=...)
    logits = compiled(images)          # numpy in, numpy out
"""
from . import nn, quantizers
from .compiler import CompiledModel, QNNError, compile, find_tool
from .export import export

__all__ = ["nn", "quantizers", "export", "compile", "CompiledModel", "QNNError", "find_tool"]
