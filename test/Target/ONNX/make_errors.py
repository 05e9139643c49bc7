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


# Tensors: dims, sizes and values checked against the data before any IR
# is built.

def init_model(w, shape=(2,)):
    """x + w, w the initializer under test."""
    return model([helper.make_node("Add", ["x", w.name], ["y"], name="add")], [w],
                 [vi("x", list(shape))], [vi("y", list(shape))])


def negative_dim():
    return init_model(TensorProto(name="w", data_type=TensorProto.FLOAT, dims=[2, -1],
                                  raw_data=b""))


def dims_overflow():
    return init_model(TensorProto(name="w", data_type=TensorProto.FLOAT,
                                  dims=[1 << 32, 1 << 32], raw_data=b"\0" * 4))


def huge_claimed_size():
    # 2^40 floats claimed, 8 bytes given: refused before anything is allocated.
    return init_model(TensorProto(name="w", data_type=TensorProto.FLOAT, dims=[1 << 40],
                                  raw_data=b"\0" * 8))


def typed_count():
    return init_model(TensorProto(name="w", data_type=TensorProto.FLOAT, dims=[2],
                                  float_data=[1.0, 2.0, 3.0]))


def packed_count():
    # 5 INT4 values take 3 packed bytes.
    # (INT4 is 22: Debian's onnx 1.12 has no name for it.)
    return init_model(TensorProto(name="w", data_type=22, dims=[5], raw_data=b"\0\0"))


def int8_out_of_range():
    return init_model(TensorProto(name="w", data_type=TensorProto.INT8, dims=[2],
                                  int32_data=[1, 300]))


def float16_out_of_range():
    return init_model(TensorProto(name="w", data_type=TensorProto.FLOAT16, dims=[2],
                                  int32_data=[0x3C00, 70000]))


def bool_out_of_range():
    return init_model(TensorProto(name="w", data_type=TensorProto.BOOL, dims=[2],
                                  int32_data=[1, 2]))


def uint32_out_of_range():
    return init_model(TensorProto(name="w", data_type=TensorProto.UINT32, dims=[2],
                                  uint64_data=[1, 1 << 32]))


def complex_initializer():
    return init_model(TensorProto(name="w", data_type=TensorProto.COMPLEX64, dims=[2],
                                  raw_data=b"\0" * 16))


def float8_initializer():
    return init_model(TensorProto(name="w", data_type=17, dims=[2], raw_data=b"\0" * 2))


def unknown_data_type():
    return init_model(TensorProto(name="w", data_type=99, dims=[2], raw_data=b"\0" * 2))


def segmented():
    w = helper.make_tensor("w", TensorProto.FLOAT, [2], [1.0, 2.0])
    w.segment.begin, w.segment.end = 0, 2
    return init_model(w)


def external_model(location, length=None, offset=None, dims=(2,)):
    w = TensorProto(name="w", data_type=TensorProto.FLOAT, dims=list(dims))
    w.data_location = TensorProto.EXTERNAL
    for key, value in (("location", location), ("offset", offset), ("length", length)):
        if value is not None:
            entry = w.external_data.add()
            entry.key, entry.value = key, str(value)
    return init_model(w, dims)


def external_past_end():
    # weights.bin holds 8 bytes; the dims claim 2^20 floats (a mapping of
    # the claimed size would fault past the file's end).
    return external_model("weights.bin", dims=(1 << 20,))


def external_offset_past_end():
    return external_model("weights.bin", offset=4)


def external_length():
    return external_model("weights.bin", length=4)


def external_bad_offset():
    return external_model("weights.bin", offset="12abc")


def external_no_location():
    return external_model("", length=8)


def external_directory():
    return external_model("subdir")


# Attributes: the declared type and the field that holds the value agree.

def attr_model(attr):
    node = helper.make_node("Custom", ["x"], ["y"], name="c1", domain="com.example")
    node.attribute.append(attr)
    return model([node], [], [vi("x", [2])], [vi("y", [2])], domains=("com.example",))


def attribute_mismatch():
    a = onnx.AttributeProto(name="alpha", type=onnx.AttributeProto.INT, f=0.5)
    return attr_model(a)


def attribute_no_tensor():
    return attr_model(onnx.AttributeProto(name="value", type=onnx.AttributeProto.TENSOR))


def attribute_no_value():
    return attr_model(onnx.AttributeProto(name="alpha"))


def attribute_reference():
    return attr_model(onnx.AttributeProto(name="alpha", ref_attr_name="outer",
                                          type=onnx.AttributeProto.FLOAT))


def attribute_bad_tensor():
    t = TensorProto(name="t", data_type=TensorProto.INT64, dims=[3], int64_data=[1, 2])
    return attr_model(helper.make_attribute("value", t))


def attribute_sparse():
    sparse = helper.make_sparse_tensor(
        helper.make_tensor("v", TensorProto.FLOAT, [1], [1.0]),
        helper.make_tensor("i", TensorProto.INT64, [1], [0]), [2])
    return attr_model(helper.make_attribute("value", sparse))


def attribute_twice():
    node = helper.make_node("Custom", ["x"], ["y"], name="c1", domain="com.example",
                            alpha=1)
    node.attribute.append(helper.make_attribute("alpha", 2))
    return model([node], [], [vi("x", [2])], [vi("y", [2])], domains=("com.example",))


def attribute_no_name():
    return attr_model(helper.make_attribute("", 2))


# The graph: names, references and types.

def input_twice():
    return model([helper.make_node("Relu", ["x"], ["y"], name="r")], [],
                 [vi("x", [2]), vi("x", [2])], [vi("y", [2])])


def input_no_name():
    return model([helper.make_node("Relu", ["x"], ["y"], name="r")], [],
                 [vi("x", [2]), vi("", [2])], [vi("y", [2])])


def output_twice():
    return model([helper.make_node("Relu", ["x"], ["y"], name="r")], [],
                 [vi("x", [2])], [vi("y", [2]), vi("y", [2])])


def output_not_produced():
    return model([helper.make_node("Relu", ["x"], ["y"], name="r")], [],
                 [vi("x", [2])], [vi("z", [2])])


def output_overwrites_input():
    return model([helper.make_node("Relu", ["x"], ["x"], name="r")], [],
                 [vi("x", [2])], [vi("x", [2])])


def initializer_twice():
    w = numpy_helper.from_array(np.zeros(2, np.float32), "w")
    m = init_model(w)
    m.graph.initializer.append(w)
    return m


def initializer_no_name():
    return init_model(numpy_helper.from_array(np.zeros(2, np.float32), ""))


def sparse_initializer():
    m = init_model(numpy_helper.from_array(np.zeros(2, np.float32), "w"))
    m.graph.sparse_initializer.append(helper.make_sparse_tensor(
        helper.make_tensor("s", TensorProto.FLOAT, [1], [1.0]),
        helper.make_tensor("si", TensorProto.INT64, [1], [0]), [2]))
    return m


def input_negative_dim():
    return model([helper.make_node("Relu", ["x"], ["y"], name="r")], [],
                 [vi("x", [2, -3])], [vi("y", [2, 3])])


def input_dims_overflow():
    return model([helper.make_node("Relu", ["x"], ["y"], name="r")], [],
                 [vi("x", [1 << 32, 1 << 32])], [vi("y", [1 << 32, 1 << 32])])


def input_no_shape():
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, None)
    return model([helper.make_node("Relu", ["x"], ["y"], name="r")], [], [x],
                 [vi("y", [2])])


def input_no_type():
    return model([helper.make_node("Relu", ["x"], ["y"], name="r")], [],
                 [onnx.ValueInfoProto(name="x")], [vi("y", [2])])


def input_sequence():
    x = helper.make_tensor_sequence_value_info("x", TensorProto.FLOAT, [2])
    return model([helper.make_node("Relu", ["x"], ["y"], name="r")], [], [x],
                 [vi("y", [2])])


def no_op_type():
    return model([helper.make_node("", ["x"], ["y"], name="n0")], [],
                 [vi("x", [2])], [vi("y", [2])])


def opset_zero():
    return model([helper.make_node("Relu", ["x"], ["y"], name="r")], [],
                 [vi("x", [2])], [vi("y", [2])], opset=0)


def opset_twice():
    m = model([helper.make_node("Relu", ["x"], ["y"], name="r")], [],
              [vi("x", [2])], [vi("y", [2])])
    m.opset_import.append(helper.make_opsetid("", 14))
    return m


def no_graph():
    return onnx.ModelProto(ir_version=8, opset_import=[helper.make_opsetid("", 13)])


def local_function():
    m = model([helper.make_node("MyFn", ["x"], ["y"], name="f1", domain="local")], [],
              [vi("x", [2])], [vi("y", [2])])
    m.functions.append(helper.make_function(
        "local", "MyFn", ["a"], ["b"], [helper.make_node("Relu", ["a"], ["b"])],
        [helper.make_opsetid("", 13)]))
    return m


def annotated(entries_of):
    """Relu x -> y with the quantization annotations entries_of lists:
    (tensor name, [(key, value), ...])."""
    m = model([helper.make_node("Relu", ["x"], ["y"], name="relu")], [],
              [vi("x", [2])], [vi("y", [2])])
    for tensor, entries in entries_of:
        a = m.graph.quantization_annotation.add()
        a.tensor_name = tensor
        for key, value in entries:
            e = a.quant_parameter_tensor_names.add()
            e.key, e.value = key, value
    return m


def annotation_no_value():
    return annotated([("z", [("finn_datatype", "INT2")])])


def annotation_twice():
    return annotated([("y", [("finn_datatype", "INT2")]),
                      ("y", [("finn_datatype", "INT4")])])


def annotation_no_tensor():
    return annotated([("", [("finn_datatype", "INT2")])])


def annotation_key_twice():
    return annotated([("y", [("finn_datatype", "INT2"), ("finn_datatype", "INT4")])])


def annotation_no_key():
    return annotated([("y", [("", "INT2")])])


MODELS = {f.__name__: f for f in (
    string_input, cycle, duplicate_output, short_raw_data, subgraph, external_missing,
    external_escape, runtime_shape, old_version, newer_opset, unknown_attribute,
    attribute_type, declared_mismatch, not_onnx_operator, undeclared_domain,
    negative_dim, dims_overflow, huge_claimed_size, typed_count, packed_count,
    int8_out_of_range, float16_out_of_range, bool_out_of_range, uint32_out_of_range,
    complex_initializer, float8_initializer, unknown_data_type, segmented,
    external_past_end, external_offset_past_end, external_length, external_bad_offset,
    external_no_location, external_directory, attribute_mismatch, attribute_no_tensor,
    attribute_no_value, attribute_reference, attribute_bad_tensor,
    attribute_sparse, attribute_twice, attribute_no_name, input_twice, input_no_name,
    output_twice, output_not_produced, output_overwrites_input, initializer_twice,
    initializer_no_name, sparse_initializer, input_negative_dim, input_dims_overflow,
    input_no_shape, input_no_type, input_sequence, no_op_type, opset_zero, opset_twice,
    no_graph, local_function, annotation_no_value, annotation_twice,
    annotation_no_tensor, annotation_key_twice, annotation_no_key)}

if __name__ == "__main__":
    name, path = sys.argv[1], sys.argv[2]
    if name.startswith("external_") and name not in ("external_missing", "external_escape"):
        # The external data files beside the model: 8 bytes of weights and
        # a directory.
        folder = os.path.dirname(os.path.abspath(path))
        with open(os.path.join(folder, "weights.bin"), "wb") as f:
            f.write(np.array([1.0, 2.0], np.float32).tobytes())
        os.makedirs(os.path.join(folder, "subdir"), exist_ok=True)
    m = MODELS[name]()
    # The checker would refuse some of these on purpose: write them raw.
    with open(path, "wb") as f:
        f.write(m.SerializeToString())
