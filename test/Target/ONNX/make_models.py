"""Writes the small ONNX / QONNX models the import tests read: python3-onnx
(Debian) builds them, so the tests need no files checked in.

    make_models.py <name> <output.onnx>
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

QONNX = "qonnx.custom_op.general"


def quant(name, x, out, scale, zero_point, bits, signed=1, narrow=0,
          rounding="ROUND", domain=QONNX):
    inits = [numpy_helper.from_array(np.asarray(scale, np.float32), name + "_scale"),
             numpy_helper.from_array(np.asarray(zero_point, np.float32), name + "_zp"),
             numpy_helper.from_array(np.asarray(bits, np.float32), name + "_bits")]
    node = helper.make_node("Quant", [x, name + "_scale", name + "_zp", name + "_bits"], [out],
                            name=name, domain=domain, signed=signed, narrow=narrow,
                            rounding_mode=rounding)
    return node, inits


def model(nodes, inits, inputs, outputs, opset=13, domains=(QONNX,)):
    graph = helper.make_graph(nodes, "g", inputs, outputs, initializer=inits)
    imports = [helper.make_opsetid("", opset)] + [helper.make_opsetid(d, 1) for d in domains]
    return helper.make_model(graph, opset_imports=imports, producer_name="qnn-tests")


def mlp():
    """x -> Quant(u2) -> Gemm(transB, Quant(i2 per-channel) weights) + bias
    -> Relu -> Flatten -> Quant(u4, narrow, floor)."""
    rng = np.random.default_rng(1)
    w = rng.uniform(-0.5, 0.5, (6, 8)).astype(np.float32)
    b = rng.uniform(-0.1, 0.1, (6,)).astype(np.float32)
    nodes, inits = [], []
    for n, i in (quant("qx", "x", "xq", 0.25, 0, 2, signed=0),
                 quant("qw", "w", "wq", [[0.1], [0.2], [0.15], [0.1], [0.3], [0.25]], 0, 2)):
        nodes.append(n)
        inits += i
    inits += [numpy_helper.from_array(w, "w"), numpy_helper.from_array(b, "b")]
    nodes += [helper.make_node("Gemm", ["xq", "wq", "b"], ["g"], name="fc", transB=1),
              helper.make_node("Relu", ["g"], ["r"], name="relu")]
    n, i = quant("qy", "r", "y", 0.125, 1, 4, signed=0, narrow=1, rounding="FLOOR")
    nodes.append(n)
    inits += i
    return model(nodes, inits,
                 [helper.make_tensor_value_info("x", TensorProto.FLOAT, [3, 8])],
                 [helper.make_tensor_value_info("y", TensorProto.FLOAT, [3, 6])])


def unsupported_op():
    return model([helper.make_node("Tanh", ["x"], ["y"], name="act7")], [],
                 [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3])],
                 [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 3])], opset=17)


def unsupported_domain():
    return model([helper.make_node("Custom", ["x"], ["y"], name="c1", domain="com.example")], [],
                 [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3])],
                 [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 3])],
                 domains=("com.example",))


def dynamic_shape():
    return model([helper.make_node("Relu", ["x"], ["y"], name="relu")], [],
                 [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 3])],
                 [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 3])])


def bad_dtype():
    return model([helper.make_node("Relu", ["x"], ["y"], name="relu")], [],
                 [helper.make_tensor_value_info("x", TensorProto.DOUBLE, [2, 3])],
                 [helper.make_tensor_value_info("y", TensorProto.DOUBLE, [2, 3])])


def missing_initializer():
    return model([helper.make_node("Add", ["x", "bias"], ["y"], name="add0")], [],
                 [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3])],
                 [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 3])])


def old_opset():
    return model([helper.make_node("Relu", ["x"], ["y"], name="relu")], [],
                 [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3])],
                 [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 3])], opset=7)


def bad_quant():
    n, i = quant("q9", "x", "y", 0.5, 0.5, 3)
    return model([n], i,
                 [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3])],
                 [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 3])])


MODELS = {f.__name__: f for f in (mlp, unsupported_op, unsupported_domain, dynamic_shape,
                                  bad_dtype, missing_initializer, old_opset, bad_quant)}

if __name__ == "__main__":
    name, path = sys.argv[1], sys.argv[2]
    if name == "truncated":
        data = mlp().SerializeToString()
        open(path, "wb").write(data[: len(data) // 2])
    elif name == "garbage":
        open(path, "wb").write(b"\xff\xfe this is not a protobuf \x00\x01")
    else:
        onnx.save(MODELS[name](), path)
