"""A streamlined FINN MLP with finn_datatype annotations: MultiThreshold
(UINT2 activations) -> MatMul with INT2 weights -> MultiThreshold ->
MatMul with BIPOLAR weights -> Mul by a scale -> TopK, the weights float32
initializers holding integers, as FINN leaves them after streamlining.

usage: finn_annotated_mlp.py write OUT.onnx [--bad-annotation]
       finn_annotated_mlp.py check DIR   (compiles with qnn, compares with
                                          the NumPy definitions)
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qonnx_numpy  # noqa: E402

FINN = "finn.custom_op.general"


def parameters():
    rng = np.random.default_rng(7)
    return {
        "t0": np.sort(rng.normal(size=(16, 3)), axis=1).astype(np.float32),
        "w1": rng.integers(-2, 2, size=(16, 8)).astype(np.float32),
        "t1": np.sort(rng.normal(size=(8, 3)) * 3, axis=1).astype(np.float32),
        "w2": np.where(rng.random((8, 4)) > 0.5, 1, -1).astype(np.float32),
        "s": np.float32([0.5]),
        "k": np.int64([2]),
    }


def model(bad_annotation=False):
    p = parameters()
    nodes = [
        helper.make_node("MultiThreshold", ["x", "t0"], ["a0"], domain=FINN,
                         out_dtype="UINT2", name="mt0"),
        helper.make_node("MatMul", ["a0", "w1"], ["m1"], name="mm1"),
        helper.make_node("MultiThreshold", ["m1", "t1"], ["a1"], domain=FINN,
                         out_dtype="UINT2", name="mt1"),
        helper.make_node("MatMul", ["a1", "w2"], ["m2"], name="mm2"),
        helper.make_node("Mul", ["m2", "s"], ["y"], name="mul"),
        helper.make_node("TopK", ["y", "k"], ["values", "indices"], name="topk"),
    ]
    graph = helper.make_graph(
        nodes, "finn_mlp", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [3, 16])],
        [helper.make_tensor_value_info("values", TensorProto.FLOAT, [3, 2]),
         helper.make_tensor_value_info("indices", TensorProto.INT64, [3, 2])],
        [numpy_helper.from_array(v, k) for k, v in p.items()])
    annotations = [("a0", "UINT2"), ("w1", "INT2"), ("a1", "UINT2"),
                   ("w2", "BIPOLAR"), ("y", "FLOAT32")]
    if bad_annotation:
        annotations[2] = ("a1", "INT2")
    for tensor, dtype in annotations:
        a = graph.quantization_annotation.add()
        a.tensor_name = tensor
        e = a.quant_parameter_tensor_names.add()
        e.key, e.value = "finn_datatype", dtype
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13),
                                                   helper.make_opsetid(FINN, 1)])


def reference(x):
    p = parameters()
    a0 = qonnx_numpy.multithreshold(x, p["t0"], data_layout="NC")
    a1 = qonnx_numpy.multithreshold(a0 @ p["w1"], p["t1"], data_layout="NC")
    y = (a1 @ p["w2"]) * p["s"]
    return y


def check(folder):
    import qnn
    path = os.path.join(folder, "finn_mlp.onnx")
    onnx.save(model(), path)
    run = qnn.compile(path)
    rng = np.random.default_rng(1)
    x = rng.normal(size=(3, 16)).astype(np.float32) * 2
    values, indices = run(x)
    y = reference(x)
    # TopK of exact small integers times 0.5: values exact; ties broken
    # towards the lower index (ONNX).
    order = np.argsort(-y, axis=1, kind="stable")[:, :2]
    print("values equal:", np.array_equal(values, np.take_along_axis(y, order, 1)))
    print("indices equal:", np.array_equal(indices, order))


if __name__ == "__main__":
    if sys.argv[1] == "write":
        onnx.save(model("--bad-annotation" in sys.argv), sys.argv[2])
    else:
        check(sys.argv[2])
