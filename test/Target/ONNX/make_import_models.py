"""Models for import.test.

usage: make_import_models.py NAME OUT.onnx [EXTRA_OUT]
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def attributes(path, _):
    w = numpy_helper.from_array(np.arange(256, dtype=np.float32).reshape(16, 16) + 4, "w")
    w.data_type = TensorProto.FLOAT
    node = helper.make_node(
        "Custom", ["x", "", "w"], ["y"], name="c", domain="com.example",
        i=7, f=0.5, s="text", t=numpy_helper.from_array(np.array([1, 2], np.int64)),
        is_=[1, -2], fs=[1.0, 2.0], ss=["a", "b"])
    # make_node cannot take `is` as a keyword.
    for a in node.attribute:
        if a.name == "is_":
            a.name = "is"
    graph = helper.make_graph(
        [node], "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [16, 16])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [16, 16])], initializer=[w])
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17),
                                                helper.make_opsetid("com.example", 3)])
    onnx.save(m, path)


def reshape(path, shape_path):
    graph = helper.make_graph(
        [helper.make_node("Reshape", ["x", "shape"], ["y"], name="r")], "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3]),
         helper.make_tensor_value_info("shape", TensorProto.INT64, [2])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [3, 2])])
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)]), path)
    with open(shape_path, "wb") as f:
        f.write(numpy_helper.from_array(np.array([3, 2], np.int64)).SerializeToString())


if __name__ == "__main__":
    {"attributes": attributes, "reshape": reshape}[sys.argv[1]](
        sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
