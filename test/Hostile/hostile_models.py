"""Hostile but well-formed ONNX models for test/Hostile: each is a valid
protobuf whose numbers ask for something qnn must refuse with a diagnostic
(a bit width of 0 or 1000, a NaN or subnormal scale, 10^12 elements, a
shape product past int64, 10 GB of constants, a cycle, short raw data) or
handle in linear time (a 10,000-node chain).

usage: hostile_models.py NAME OUT.onnx
Models with external data write their data file beside OUT.onnx (a sparse
file: 10 GB of it takes no disk).
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

QONNX = "qonnx.custom_op.general"


def vi(name, shape, t=TensorProto.FLOAT):
    return helper.make_tensor_value_info(name, t, shape)


def model(nodes, inits, inputs, outputs, opset=17, domains=()):
    graph = helper.make_graph(nodes, "hostile", inputs, outputs, inits)
    opsets = [helper.make_opsetid("", opset)]
    opsets += [helper.make_opsetid(d, 1) for d in domains]
    return helper.make_model(graph, opset_imports=opsets, ir_version=8)


def scalar(name, value, t=TensorProto.FLOAT):
    return helper.make_tensor(name, t, [], [value])


def ints(name, values):
    return helper.make_tensor(name, TensorProto.INT64, [len(values)], values)


# --- Bit widths ------------------------------------------------------------

def qonnx_quant(bits, op="Quant"):
    def build():
        return model(
            [helper.make_node(op, ["x", "s", "z", "b"], ["y"], name="q",
                              domain=QONNX, signed=1, narrow=0,
                              rounding_mode="ROUND")],
            [scalar("s", 0.5), scalar("z", 0.0), scalar("b", float(bits))],
            [vi("x", [4])], [vi("y", [4])], domains=[QONNX])
    return build


def trunc(bits):
    def build():
        return model(
            [helper.make_node("Trunc", ["x", "s", "z", "ib", "ob"], ["y"],
                              name="t", domain=QONNX, rounding_mode="FLOOR")],
            [scalar("s", 0.5), scalar("z", 0.0), scalar("ib", 8.0),
             scalar("ob", float(bits))],
            [vi("x", [4])], [vi("y", [4])], domains=[QONNX])
    return build


def qcdq_clip(lo, hi):
    """QuantizeLinear -> Clip -> DequantizeLinear, the clip giving the
    narrower range (a bit width of 0: one level)."""
    def build():
        return model(
            [helper.make_node("QuantizeLinear", ["x", "s", "zp"], ["q"], name="ql"),
             helper.make_node("Clip", ["q", "lo", "hi"], ["c"], name="clip"),
             helper.make_node("DequantizeLinear", ["c", "s", "zp"], ["y"], name="dq")],
            [scalar("s", 0.5), scalar("zp", 0, TensorProto.INT8),
             scalar("lo", lo, TensorProto.INT8), scalar("hi", hi, TensorProto.INT8)],
            [vi("x", [4])], [vi("y", [4])])
    return build


# --- Scales ------------------------------------------------------------------

def quantize_linear_scale(value):
    def build():
        return model(
            [helper.make_node("QuantizeLinear", ["x", "s", "zp"], ["q"], name="ql"),
             helper.make_node("DequantizeLinear", ["q", "s", "zp"], ["y"], name="dq")],
            [scalar("s", value), scalar("zp", 0, TensorProto.INT8)],
            [vi("x", [4])], [vi("y", [4])])
    return build


def dequantize_linear_scale(value):
    def build():
        return model(
            [helper.make_node("DequantizeLinear", ["q", "s", "zp"], ["y"], name="dq")],
            [scalar("s", value), scalar("zp", 0, TensorProto.INT8)],
            [vi("q", [4], TensorProto.INT8)], [vi("y", [4])])
    return build


def qonnx_scale(value):
    def build():
        return model(
            [helper.make_node("Quant", ["x", "s", "z", "b"], ["y"], name="q",
                              domain=QONNX, signed=1, narrow=0,
                              rounding_mode="ROUND")],
            [scalar("s", value), scalar("z", 0.0), scalar("b", 4.0)],
            [vi("x", [4])], [vi("y", [4])], domains=[QONNX])
    return build


# --- Element counts and shape products ---------------------------------------

TERA = 10**12
# Four positive int64 dimensions whose product is 1 modulo 2^64: a product
# computed with wrapping arithmetic says "one element".
WRAP = [3, 0x2AAAAAAAAAAAAAAB, 3, 0x2AAAAAAAAAAAAAAB]


def input_shape(shape):
    def build():
        return model([helper.make_node("Relu", ["x"], ["y"], name="relu")], [],
                     [vi("x", shape)], [vi("y", shape)])
    return build


def dynamic_input():
    return model([helper.make_node("Relu", ["x"], ["y"], name="relu")], [],
                 [vi("x", ["n", "m"])], [vi("y", ["n", "m"])])


def initializer_dims(dims):
    def build():
        w = TensorProto(name="w", data_type=TensorProto.FLOAT, dims=dims,
                        raw_data=b"\0" * 4)
        return model([helper.make_node("Add", ["x", "w"], ["y"], name="add")],
                     [w], [vi("x", [1])], [vi("y", [1])])
    return build


def shape_node(op, shape):
    """`op` computing an output of `shape` from constants, on a 1-element x."""
    def build():
        inits = [ints("shape", shape)]
        if op == "ConstantOfShape":
            nodes = [helper.make_node("ConstantOfShape", ["shape"], ["c"], name="cos"),
                     helper.make_node("Add", ["x", "c"], ["y"], name="add")]
        elif op == "Reshape":
            nodes = [helper.make_node("Reshape", ["x", "shape"], ["y"], name="reshape")]
        elif op == "Expand":
            nodes = [helper.make_node("Expand", ["x", "shape"], ["y"], name="expand")]
        elif op == "Tile":
            nodes = [helper.make_node("Tile", ["x", "shape"], ["y"], name="tile")]
        elif op == "Resize":
            inits = [helper.make_tensor("scales", TensorProto.FLOAT, [len(shape)],
                                        [float(s) for s in shape])]
            nodes = [helper.make_node("Resize", ["x", "", "scales"], ["y"],
                                      name="resize", mode="nearest")]
        elif op == "ResizeSizes":
            nodes = [helper.make_node("Resize", ["x", "", "", "shape"], ["y"],
                                      name="resize", mode="nearest")]
        x = vi("x", [1] * len(shape))
        rank = ["d%d" % i for i in range(len(shape))]
        return model(nodes, inits, [x], [vi("y", rank)])
    return build


def range_node(limit):
    def build():
        return model(
            [helper.make_node("Range", ["start", "limit", "delta"], ["r"], name="range"),
             helper.make_node("Add", ["x", "r"], ["y"], name="add")],
            [scalar("start", 0, TensorProto.INT64),
             scalar("limit", limit, TensorProto.INT64),
             scalar("delta", 1, TensorProto.INT64)],
            [vi("x", [1], TensorProto.INT64)], [vi("y", ["n"], TensorProto.INT64)])
    return build


# --- Graph structure ---------------------------------------------------------

def chain(op, length=10000):
    """A chain of `length` nodes, listed last to first so the importer's
    topological sort does the work."""
    def build():
        nodes, inits = [], []
        prev = "x"
        for i in range(length):
            out = "y" if i == length - 1 else "v%d" % i
            if op == "Relu":
                nodes.append(helper.make_node("Relu", [prev], [out], name="n%d" % i))
            elif op == "Add":
                nodes.append(helper.make_node("Add", [prev, "one"], [out], name="n%d" % i))
            elif op == "Quant":
                nodes.append(helper.make_node("Quant", [prev, "s", "z", "b"], [out],
                                              name="n%d" % i, domain=QONNX, signed=1,
                                              narrow=0, rounding_mode="ROUND"))
            prev = out
        if op == "Add":
            inits = [helper.make_tensor("one", TensorProto.FLOAT, [4], [1.0] * 4)]
        if op == "Quant":
            inits = [scalar("s", 0.5), scalar("z", 0.0), scalar("b", 4.0)]
        nodes.reverse()
        return model(nodes, inits, [vi("x", [4])], [vi("y", [4])],
                     domains=[QONNX] if op == "Quant" else ())
    return build


def folded_chain(length=10000):
    """A chain of Adds on constants of 65,536 floats, the most the folder
    evaluates per node: each would fold to a new 256 KB constant."""
    c = numpy_helper.from_array(np.arange(65536, dtype=np.float32), "c0")
    one = numpy_helper.from_array(np.ones(65536, dtype=np.float32), "one")
    nodes = [helper.make_node("Add", ["c%d" % i, "one"], ["c%d" % (i + 1)],
                              name="n%d" % i) for i in range(length)]
    nodes.append(helper.make_node("Add", ["x", "c%d" % length], ["y"], name="out"))
    return model(nodes, [c, one], [vi("x", [65536])], [vi("y", [65536])])


def long_cycle(length=10000):
    nodes = [helper.make_node("Relu", ["v%d" % (i - 1) if i else "v%d" % (length - 1)],
                              ["v%d" % i], name="n%d" % i) for i in range(length)]
    nodes.append(helper.make_node("Add", ["x", "v0"], ["y"], name="out"))
    return model(nodes, [], [vi("x", [4])], [vi("y", [4])])


def constant_node_tera():
    """A Constant node whose value attribute claims 10^12 elements."""
    value = TensorProto(name="value", data_type=TensorProto.FLOAT, dims=[TERA],
                        raw_data=b"\0" * 4)
    return model([helper.make_node("Constant", [], ["c"], name="const", value=value),
                  helper.make_node("Add", ["x", "c"], ["y"], name="add")], [],
                 [vi("x", [1])], [vi("y", ["n"])])


def short_raw_data():
    w = TensorProto(name="w", data_type=TensorProto.FLOAT, dims=[1000, 1000],
                    raw_data=b"\0" * 12)
    return model([helper.make_node("Add", ["x", "w"], ["y"], name="add")], [w],
                 [vi("x", [1000, 1000])], [vi("y", [1000, 1000])])


# --- Constants ---------------------------------------------------------------

def external(name, dims, location, offset=0):
    t = TensorProto(name=name, data_type=TensorProto.FLOAT, dims=dims)
    t.data_location = TensorProto.EXTERNAL
    for k, v in (("location", location), ("offset", str(offset))):
        e = t.external_data.add()
        e.key, e.value = k, v
    return t


def ten_gb_external(out):
    """Five 2 GB initializers in one sparse 10 GB data file."""
    n = 2 * 10**9 // 4
    path = os.path.join(os.path.dirname(out), "ten_gb.bin")
    with open(path, "wb") as f:
        f.truncate(10 * 10**9)
    inits = [external("w%d" % i, [n], "ten_gb.bin", i * 4 * n) for i in range(5)]
    nodes = [helper.make_node("Sum", ["w%d" % i for i in range(5)], ["y"], name="sum")]
    return model(nodes, inits, [], [vi("y", ["n"])])


def ten_gb_one_external(out):
    """One 10 GB initializer in a sparse data file."""
    n = 10 * 10**9 // 4
    path = os.path.join(os.path.dirname(out), "one_ten_gb.bin")
    with open(path, "wb") as f:
        f.truncate(4 * n)
    return model([helper.make_node("Relu", ["w"], ["y"], name="relu")],
                 [external("w", [n], "one_ten_gb.bin")], [], [vi("y", ["n"])])


def external_short(out):
    """External data whose file is shorter than the dims say."""
    path = os.path.join(os.path.dirname(out), "short.bin")
    with open(path, "wb") as f:
        f.write(b"\0" * 1000)
    return model([helper.make_node("Add", ["x", "w"], ["y"], name="add")],
                 [external("w", [1000, 1000], "short.bin")],
                 [vi("x", [1000, 1000])], [vi("y", [1000, 1000])])


def ten_gb_folded():
    """10 GB of constants computed at compile time: ConstantOfShape of
    2.5 * 10^9 floats."""
    return shape_node("ConstantOfShape", [2500000000])()


CASES = {
    "quant_bits_0": qonnx_quant(0),
    "quant_bits_1000": qonnx_quant(1000),
    "intquant_bits_0": qonnx_quant(0, "IntQuant"),
    "intquant_bits_1000": qonnx_quant(1000, "IntQuant"),
    "trunc_bits_0": trunc(0),
    "trunc_bits_1000": trunc(1000),
    "qcdq_clip_one_level": qcdq_clip(3, 3),
    "qcdq_clip_empty": qcdq_clip(3, -3),
    "ql_scale_nan": quantize_linear_scale(float("nan")),
    "ql_scale_tiny": quantize_linear_scale(1e-45),
    "ql_scale_inf": quantize_linear_scale(float("inf")),
    "dql_scale_nan": dequantize_linear_scale(float("nan")),
    "dql_scale_tiny": dequantize_linear_scale(1e-45),
    "quant_scale_nan": qonnx_scale(float("nan")),
    "quant_scale_tiny": qonnx_scale(1e-45),
    "input_tera": input_shape([10**6, 10**6]),
    "input_overflow": input_shape([2**32, 2**32]),
    "input_dynamic": dynamic_input,
    "init_tera": initializer_dims([TERA]),
    "init_wrap": initializer_dims(WRAP),
    "constantofshape_tera": shape_node("ConstantOfShape", [10**6, 10**6]),
    "constantofshape_overflow": shape_node("ConstantOfShape", [2**32, 2**32]),
    "reshape_wrap": shape_node("Reshape", WRAP),
    "expand_tera": shape_node("Expand", [10**6, 10**6]),
    "expand_wrap": shape_node("Expand", WRAP),
    "tile_tera": shape_node("Tile", [10**6, 10**6]),
    "tile_wrap": shape_node("Tile", WRAP),
    "resize_tera": shape_node("Resize", [10**6, 10**6]),
    "resize_sizes_wrap": shape_node("ResizeSizes", WRAP),
    "range_tera": range_node(TERA),
    "chain_relu": chain("Relu"),
    "chain_add": chain("Add"),
    "chain_quant": chain("Quant"),
    "long_cycle": long_cycle,
    "folded_chain": folded_chain,
    "short_raw_data": short_raw_data,
    "constant_node_tera": constant_node_tera,
    "ten_gb_folded": ten_gb_folded,
}
WITH_PATH = {
    "ten_gb_external": ten_gb_external,
    "ten_gb_one_external": ten_gb_one_external,
    "external_short": external_short,
}


def main():
    name, out = sys.argv[1], sys.argv[2]
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    m = WITH_PATH[name](out) if name in WITH_PATH else CASES[name]()
    with open(out, "wb") as f:
        f.write(m.SerializeToString())


if __name__ == "__main__":
    main()
