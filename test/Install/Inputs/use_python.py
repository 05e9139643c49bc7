"""The installed Python package: where it finds the tools and the runtime,
and a model compiled and run with them.

    use_python.py <model.onnx>
"""
import sys

import numpy as np

import qnn

print(qnn.find_tool("qnn-opt"))
print(qnn.compiler._runtime_path())
model = qnn.compile(sys.argv[1])
print(model, model(np.zeros((1, 1, 8, 8), np.float32)).shape)
