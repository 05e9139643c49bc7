"""Invalid or unsupported ONNX models for errors.test: each breaks one rule
the importer or convert-onnx-to-qnn checks.

usage: make_errors.py NAME OUT.onnx [EXTRA_DIR]
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_models import model  # noqa: E402


def vi(name, shape, t=TensorProto.FLOAT):
    return helper.make_tensor_value_info(name, t, shape)


def string_input():
    return model([helper.make_node("Identity", ["x"], ["y"], name="id")], [],
                 [vi("x", [2], TensorProto.STRING)], [vi("y", [2], TensorProto.STRING)])


def cycle():
    return model([helper.make_node("Add", ["x", "b"], ["a"], name="n1"),
                  helper.make_node("Relu", ["a"], ["b"], name="n2")], [],
                 [vi("x", [2])], [vi("b", [2])])


def duplicate_output():
    return model([helper.make_node("Relu", ["x"], ["y"], name="n1"),
                  helper.make_node("Neg", ["x"], ["y"], name="n2")], [],
                 [vi("x", [2])], [vi("y", [2])])


def short_raw_data():
    w = TensorProto(name="w", data_type=TensorProto.FLOAT, dims=[2, 3],
                    raw_data=b"\0" * 20)
    return model([helper.make_node("Add", ["x", "w"], ["y"], name="add")], [w],
                 [vi("x", [2, 3])], [vi("y", [2, 3])])


def subgraph():
    branch = helper.make_graph([helper.make_node("Identity", ["x"], ["z"])], "b", [],
                               [vi("z", [2])])
    return model([helper.make_node("If", ["c"], ["y"], name="if1",
                                   then_branch=branch, else_branch=branch)], [],
                 [vi("c", [], TensorProto.BOOL), vi("x", [2])], [vi("y", [2])])


def external_missing():
    w = helper.make_tensor("w", TensorProto.FLOAT, [2], [0.0, 0.0])
    w.ClearField("float_data")
    w.data_location = TensorProto.EXTERNAL
    entry = w.external_data.add()
    entry.key, entry.value = "location", "weights.bin"
    return model([helper.make_node("Add", ["x", "w"], ["y"], name="add")], [w],
                 [vi("x", [2])], [vi("y", [2])])


def external_escape():
    m = external_missing()
    m.graph.initializer[0].external_data[0].value = "../outside.bin"
    return m


def runtime_shape():
    return model([helper.make_node("Reshape", ["x", "shape"], ["y"], name="r7")], [],
                 [vi("x", [2, 3]), vi("shape", [2], TensorProto.INT64)], [vi("y", [3, 2])])


def old_version():
    return model([helper.make_node("Tile", ["x", "t", "a"], ["y"], name="t5")], [],
                 [vi("x", [2]), vi("t", [], TensorProto.INT64), vi("a", [], TensorProto.INT64)],
                 [vi("y", [4])], opset=5)


def newer_opset():
    return model([helper.make_node("Relu", ["x"], ["y"], name="relu")], [],
                 [vi("x", [2])], [vi("y", [2])], opset=30)


def unknown_attribute():
    return model([helper.make_node("Relu", ["x"], ["y"], name="relu", slope=0.5)], [],
                 [vi("x", [2])], [vi("y", [2])])


def attribute_type():
    w = numpy_helper.from_array(np.zeros((4, 3, 1, 1), np.float32), "w")
    return model([helper.make_node("Conv", ["x", "w"], ["y"], name="c1", group=1.0)], [w],
                 [vi("x", [1, 3, 4, 4])], [vi("y", [1, 4, 4, 4])])


def declared_mismatch():
    return model([helper.make_node("Relu", ["x"], ["y"], name="relu")], [],
                 [vi("x", [2, 3])], [vi("y", [3, 2])])


def not_onnx_operator():
    return model([helper.make_node("Frobnicate", ["x"], ["y"], name="f1")], [],
                 [vi("x", [2])], [vi("y", [2])])


def undeclared_domain():
    m = model([helper.make_node("Custom", ["x"], ["y"], name="c1", domain="com.example")], [],
              [vi("x", [2])], [vi("y", [2])])
    return m


MODELS = {f.__name__: f for f in (
    string_input, cycle, duplicate_output, short_raw_data, subgraph, external_missing,
    external_escape, runtime_shape, old_version, newer_opset, unknown_attribute,
    attribute_type, declared_mismatch, not_onnx_operator, undeclared_domain)}

if __name__ == "__main__":
    name, path = sys.argv[1], sys.argv[2]
    m = MODELS[name]()
    # The checker would refuse some of these on purpose: write them raw.
    with open(path, "wb") as f:
        f.write(m.SerializeToString())
