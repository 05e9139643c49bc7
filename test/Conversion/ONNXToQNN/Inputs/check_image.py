"""Runs AffineGrid (no ONNX 1.12 node test) and GridSample (Image.cpp) where the ONNX 1.12 node tests do not reach:
opsets 20 and 22 (linear / cubic names), 1-D and 3-D spatial inputs, every
mode with every padding mode and both align_corners, coordinates far
outside the image, f16 and f64. Each model is compiled with qnn.compile
and its output compared with PyTorch's grid_sample (a 1-D input sampled
as an image of height 1), which computes what the ONNX definition says
except that cubic sampling with border padding first moves coordinates
outside the borders to the nearest pixel center in ONNX (and onnxruntime):
the oracle moves them before calling PyTorch.

    check_image.py <work dir>

Prints `model: ok` per output, `model: differs ...` where one does not
agree, and the number of outputs checked.
"""
import os
import sys

import numpy as np
import onnx
import torch
from onnx import helper, mapping

import qnn

work = sys.argv[1]
rng = np.random.default_rng(9)
checked = 0
failed = 0


def report(name, why):
    global checked, failed
    checked += 1
    if why:
        failed += 1
        print("%s: differs: %s" % (name, why))
    else:
        print("%s: ok" % name)


def compare(got, want):
    if got.dtype != want.dtype:
        return "dtype %s, expected %s" % (got.dtype, want.dtype)
    if got.shape != want.shape:
        return "shape %s, expected %s" % (list(got.shape), list(want.shape))
    rtol, atol = {2: (1e-2, 1e-2), 4: (1e-4, 1e-5), 8: (1e-9, 1e-9)}[
        want.dtype.itemsize]
    close = np.isclose(got.astype(np.float64), want.astype(np.float64),
                       rtol=rtol, atol=atol)
    if close.all():
        return None
    bad = np.argwhere(~close)[0]
    return "at %s: %r, expected %r" % (list(bad), got[tuple(bad)], want[tuple(bad)])


def clamp_outside(grid, dims, align):
    """The definition's border padding for cubic sampling: a coordinate
    outside the borders moves to the nearest pixel center before the taps
    (PyTorch clamps only the taps)."""
    grid = grid.astype(np.float64).copy()
    for i, size in enumerate(reversed(dims)):
        g = grid[..., i]
        v = (g + 1) / 2 * (size - 1) if align else ((g + 1) * size - 1) / 2
        lo, hi = (0, size - 1) if align else (-0.5, size - 0.5)
        v = np.where((v < lo) | (v > hi), np.clip(v, 0, size - 1), v)
        grid[..., i] = (v / (size - 1) * 2 - 1 if align
                        else (2 * v + 1) / size - 1)
    return grid


def oracle(x, grid, mode, padding, align):
    if mode in ("cubic", "bicubic") and padding == "border":
        grid = clamp_outside(grid, x.shape[2:], align)
    tx = torch.from_numpy(x.astype(np.float64))
    tg = torch.from_numpy(grid.astype(np.float64))
    one_d = x.ndim == 3
    if one_d:
        tx = tx[:, :, None, :]
        tg = torch.stack([tg[..., 0], torch.zeros_like(tg[..., 0])], -1)[:, None]
    mode = {"linear": "bilinear", "cubic": "bicubic"}.get(mode, mode)
    y = torch.nn.functional.grid_sample(tx, tg, mode=mode, padding_mode=padding,
                                        align_corners=bool(align)).numpy()
    return (y[:, :, 0] if one_d else y).astype(x.dtype)


def run(name, opset, x, grid, mode, padding, align):
    want = oracle(x, grid, mode, padding, align)
    vi = lambda k, v: helper.make_tensor_value_info(
        k, mapping.NP_TYPE_TO_TENSOR_TYPE[v.dtype], list(v.shape))
    node = helper.make_node("GridSample", ["X", "grid"], ["Y"], name=name,
                            mode=mode, padding_mode=padding,
                            align_corners=align)
    graph = helper.make_graph([node], name, [vi("X", x), vi("grid", grid)],
                              [vi("Y", want)])
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 8
    path = os.path.join(work, name + ".onnx")
    onnx.save(model, path)
    try:
        got = qnn.compile(path)(x, grid)
    except qnn.QNNError as e:
        report(name, str(e).replace("\n", " | "))
        return
    report(name, compare(got, want))


def main():
    for opset in (20, 22):
        for mode in ("nearest", "linear", "cubic"):
            for padding in ("zeros", "border", "reflection"):
                for align in (0, 1):
                    x = rng.standard_normal((2, 3, 5, 6)).astype(np.float32)
                    # Far outside too: reflections more than once.
                    grid = rng.uniform(-3.2, 3.2, (2, 4, 7, 2)).astype(np.float32)
                    if opset == 22 and (mode, padding, align) != ("linear", "zeros", 0):
                        continue
                    run("gs%d_2d_%s_%s_%d" % (opset, mode, padding, align), opset,
                        x, grid, mode, padding, align)
    for mode in ("nearest", "linear"):
        for padding in ("zeros", "border", "reflection"):
            x = rng.standard_normal((1, 2, 3, 4, 5)).astype(np.float32)
            grid = rng.uniform(-1.6, 1.6, (1, 2, 3, 4, 3)).astype(np.float32)
            run("gs20_3d_%s_%s" % (mode, padding), 20, x, grid, mode, padding, 1)
    for mode in ("nearest", "linear", "cubic"):
        x = rng.standard_normal((2, 2, 7)).astype(np.float32)
        grid = rng.uniform(-1.5, 1.5, (2, 5, 1)).astype(np.float32)
        run("gs20_1d_%s" % mode, 20, x, grid, mode, "reflection", 0)
    x = rng.standard_normal((1, 2, 4, 4)).astype(np.float64)
    grid = rng.uniform(-1.2, 1.2, (1, 3, 3, 2)).astype(np.float64)
    run("gs16_f64_bicubic", 16, x, grid, "bicubic", "border", 0)
    x = rng.standard_normal((1, 2, 4, 4)).astype(np.float16)
    grid = rng.uniform(-1.2, 1.2, (1, 3, 3, 2)).astype(np.float16)
    run("gs16_f16_bilinear", 16, x, grid, "bilinear", "zeros", 1)
    check_affine_grid()
    print("checked %d outputs, %d differ" % (checked, failed))


def check_affine_grid():
    """AffineGrid-20 against PyTorch's affine_grid: 2-D and 3-D, both
    align_corners, sizes of 1 (with align_corners 0: PyTorch puts a single
    aligned pixel at 0, the ONNX reference at -1), f64."""
    from onnx import numpy_helper
    for name, size, align, dtype in (
            ("ag_2d_align0_unit", (2, 3, 4, 1), 0, np.float32),
            ("ag_2d_align1", (2, 1, 3, 5), 1, np.float32),
            ("ag_3d_align0", (1, 2, 3, 4, 2), 0, np.float64),
            ("ag_3d_align1", (2, 1, 2, 3, 4), 1, np.float32)):
        r = len(size) - 2
        theta = rng.standard_normal((size[0], r, r + 1)).astype(dtype)
        want = torch.nn.functional.affine_grid(
            torch.from_numpy(theta.astype(np.float64)), list(size),
            align_corners=bool(align)).numpy().astype(dtype)
        vi = lambda k, v: helper.make_tensor_value_info(
            k, mapping.NP_TYPE_TO_TENSOR_TYPE[v.dtype], list(v.shape))
        node = helper.make_node("AffineGrid", ["theta", "size"], ["grid"],
                                name=name, align_corners=align)
        graph = helper.make_graph(
            [node], name, [vi("theta", theta)], [vi("grid", want)],
            [numpy_helper.from_array(np.array(size, np.int64), "size")])
        model = helper.make_model(
            graph, opset_imports=[helper.make_opsetid("", 20)])
        model.ir_version = 8
        path = os.path.join(work, name + ".onnx")
        onnx.save(model, path)
        try:
            got = qnn.compile(path)(theta)
        except qnn.QNNError as e:
            report(name, str(e).replace("\n", " | "))
            continue
        report(name, compare(got, want))


main()
