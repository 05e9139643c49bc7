"""ONNX Resize compiled by qnn against PyTorch's interpolate (an independent
implementation): nearest, nearest-exact, (bi/tri)linear and bicubic, with
and without align_corners, antialiasing (Resize-18, which torch's
antialias matches with exclude_outside=1 and, for bicubic, A=-0.5), axes
and keep_aspect_ratio_policy (Resize-18), and UINT8 data (rounded half to
even). Prints one line per case.

    check_onnx_resize.py <work dir>
"""
import os
import sys

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper

import qnn

work = sys.argv[1]
ONNX_TYPES = {np.dtype(np.float32): TensorProto.FLOAT,
              np.dtype(np.uint8): TensorProto.UINT8}


def compile_resize(name, x, out_shape, opset, attrs, scales=None, sizes=None):
    inits = []
    names = ["x", ""]
    if scales is not None:
        inits.append(numpy_helper.from_array(np.array(scales, np.float32), "scales"))
        names.append("scales")
    else:
        names += ["", "sizes"]
        inits.append(numpy_helper.from_array(np.array(sizes, np.int64), "sizes"))
    node = helper.make_node("Resize", names, ["y"], name=name, **attrs)
    element = ONNX_TYPES[x.dtype]
    graph = helper.make_graph(
        [node], name, [helper.make_tensor_value_info("x", element, list(x.shape))],
        [helper.make_tensor_value_info("y", element, list(out_shape))], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 8
    path = os.path.join(work, name + ".onnx")
    onnx.save(model, path)
    return qnn.compile(path)


def check(name, x, expected, opset, attrs, scales=None, sizes=None, exact=False):
    model = compile_resize(name, x, expected.shape, opset, attrs, scales, sizes)
    got = model(x)
    if exact:
        ok = got.dtype == expected.dtype and np.array_equal(got, expected)
        detail = "exact"
    else:
        err = float(np.max(np.abs(got.astype(np.float64) - expected)))
        ok = got.shape == expected.shape and err <= 1e-5 * max(1.0, float(np.abs(expected).max()))
        detail = "max error %.1e" % err
    print("%s: ok" % name if ok else "%s: MISMATCH, %s" % (name, detail))


def torch_interp(x, **kw):
    return torch.nn.functional.interpolate(torch.from_numpy(x), **kw).numpy()


rng = np.random.default_rng(7)
x4 = rng.standard_normal((2, 3, 5, 7)).astype(np.float32)

check("nearest_up", x4, torch_interp(x4, size=(11, 16), mode="nearest"), 13,
      {"mode": "nearest", "coordinate_transformation_mode": "asymmetric",
       "nearest_mode": "floor"}, sizes=[2, 3, 11, 16])
check("nearest_exact_down", x4, torch_interp(x4, size=(3, 4), mode="nearest-exact"), 19,
      {"mode": "nearest", "coordinate_transformation_mode": "half_pixel",
       "nearest_mode": "round_prefer_ceil"}, sizes=[2, 3, 3, 4])
check("bilinear_half_pixel", x4,
      torch_interp(x4, scale_factor=2.0, mode="bilinear", align_corners=False), 13,
      {"mode": "linear"}, scales=[1, 1, 2, 2])
check("bilinear_align_corners", x4,
      torch_interp(x4, size=(9, 4), mode="bilinear", align_corners=True), 11,
      {"mode": "linear", "coordinate_transformation_mode": "align_corners"},
      sizes=[2, 3, 9, 4])
check("bicubic_half_pixel", x4,
      torch_interp(x4, size=(8, 13), mode="bicubic", align_corners=False), 13,
      {"mode": "cubic"}, sizes=[2, 3, 8, 13])
check("bicubic_align_corners", x4,
      torch_interp(x4, size=(4, 10), mode="bicubic", align_corners=True), 19,
      {"mode": "cubic", "coordinate_transformation_mode": "align_corners"},
      sizes=[2, 3, 4, 10])
x5 = rng.standard_normal((1, 2, 3, 4, 5)).astype(np.float32)
check("trilinear", x5,
      torch_interp(x5, size=(5, 3, 9), mode="trilinear", align_corners=False), 13,
      {"mode": "linear"}, sizes=[1, 2, 5, 3, 9])
x3 = rng.standard_normal((2, 3, 6)).astype(np.float32)
check("linear_1d_pytorch_half_pixel", x3,
      torch_interp(x3, size=4, mode="linear", align_corners=False), 13,
      {"mode": "linear", "coordinate_transformation_mode": "pytorch_half_pixel"},
      sizes=[2, 3, 4])
x_big = rng.standard_normal((1, 2, 17, 13)).astype(np.float32)
check("bilinear_antialias", x_big,
      torch_interp(x_big, size=(5, 4), mode="bilinear", align_corners=False, antialias=True),
      18, {"mode": "linear", "antialias": 1, "exclude_outside": 1},
      sizes=[1, 2, 5, 4])
check("bicubic_antialias", x_big,
      torch_interp(x_big, size=(6, 3), mode="bicubic", align_corners=False, antialias=True),
      18, {"mode": "cubic", "antialias": 1, "exclude_outside": 1, "cubic_coeff_a": -0.5},
      sizes=[1, 2, 6, 3])
check("axes", x4, torch_interp(x4, size=(10, 3), mode="bilinear", align_corners=False), 18,
      {"mode": "linear", "axes": [-2, 3]}, sizes=[10, 3])
# sizes [10, 100] keep the aspect ratio at scale 2 (not_larger): 10 x 14.
check("not_larger", x4,
      torch_interp(x4, scale_factor=2.0, mode="bilinear", align_corners=False), 18,
      {"mode": "linear", "axes": [2, 3], "keep_aspect_ratio_policy": "not_larger"},
      sizes=[10, 100])
xu8 = rng.integers(0, 256, (1, 1, 4, 5)).astype(np.uint8)
rounded = np.clip(np.round(torch_interp(xu8.astype(np.float32), size=(8, 10), mode="bilinear",
                                        align_corners=False)), 0, 255).astype(np.uint8)
check("bilinear_uint8", xu8, rounded, 13, {"mode": "linear"}, sizes=[1, 1, 8, 10], exact=True)
