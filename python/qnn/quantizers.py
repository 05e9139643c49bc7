"""The forward math of every scheme in QUANTIZERS.md, on torch tensors, as
qnn's C++ reference library computes it: f32 arithmetic in the reference's
order (no fused operations), statistics accumulated in double and rounded
once to f32, round half to even, the documented tie rule for nearest-level
projection. These are the values the compiled model computes; the tests
compare them bit for bit with the reference (folded by qnn-opt).

Each function returns (values, codes). None of them is differentiable: the
modules in qnn.nn add the training gradients.
"""
import math

import torch

F32 = torch.float32

SAWB_COEFFICIENTS = {2: (3.212, 2.178), 3: (7.509, 6.892), 4: (12.68, 12.80),
                     5: (17.74, 18.64), 8: (31.76, 35.04)}
SAWB_TERNARY_COEFFICIENTS = (2.6, 1.71)
HWGQ_STEPS = {1: 0.799, 2: 0.538, 3: 0.3217, 4: 0.185}

# Exponents e of the base terms 2^-e of APoT's additive bases, per bit width
# (the authors' build_power_value).
_APOT_BASES = {2: [[1, 2, 3]], 3: [[1, 2, 4], [3]], 4: [[1, 3, 5], [2, 4, 6]],
               5: [[1, 3, 6], [2, 4, 7], [5]], 6: [[1, 4, 7], [2, 5, 8], [3, 6, 9]]}


def _sanitize(x):
    return torch.where(torch.isnan(x), torch.zeros_like(x), x)


def _as_f32(x):
    return x if x.dtype == F32 else x.to(F32)


def _f32(value):
    return torch.tensor(value, dtype=torch.float64).to(F32)


def nearest(v, levels, axis=None):
    """Index of the nearest level: `levels` sorted, [L] or [C, L] with one
    row per channel of `v`'s dimension `axis`. Midpoints in f32; a value on
    a midpoint takes the level of smaller magnitude (the positive one on
    equal magnitudes); NaN counts as 0."""
    v = _sanitize(_as_f32(v))
    levels = levels.to(F32)
    if levels.dim() == 1:
        table = levels.expand(v.shape + levels.shape)
    else:
        shape = [1] * v.dim() + [levels.shape[1]]
        shape[axis] = levels.shape[0]
        table = levels.reshape(shape).expand(v.shape + (levels.shape[1],))
    mids = (table[..., :-1] + table[..., 1:]) * 0.5
    code = (v.unsqueeze(-1) > mids).sum(-1)
    at = code.clamp(max=mids.shape[-1] - 1).unsqueeze(-1)
    lo, hi = table.gather(-1, at).squeeze(-1), table.gather(-1, at + 1).squeeze(-1)
    tie = (code < mids.shape[-1]) & (v == mids.gather(-1, at).squeeze(-1))
    up = tie & ((hi.abs() < lo.abs()) | ((hi.abs() == lo.abs()) & (hi > 0)))
    return code + up.to(code.dtype)


def pact(x, alpha, bits):
    """PACT: codes round(clamp(x, 0, alpha) * s), s = (2^b - 1) / alpha;
    values code / s."""
    alpha = torch.as_tensor(alpha, dtype=F32)
    s = torch.tensor(float(2 ** bits - 1), dtype=F32) / alpha
    y = torch.minimum(torch.clamp(_sanitize(_as_f32(x)), min=0.0), alpha)
    code = torch.round(y * s)
    return code / s, code.to(torch.int64)


def sawb_alpha(w, bits, c1=None, c2=None, ternary=False):
    """alpha_w = c1 sqrt(mean w^2) - c2 mean |w| in double, rounded to f32;
    max |w| when that is not positive."""
    if c1 is None or c2 is None:
        c1, c2 = SAWB_TERNARY_COEFFICIENTS if ternary else SAWB_COEFFICIENTS[bits]
    d = _sanitize(w.detach().to(torch.float64)).reshape(-1)
    n = max(d.numel(), 1)
    alpha = _f32(c1 * math.sqrt(float((d * d).sum()) / n) - c2 * (float(d.abs().sum()) / n))
    if not (alpha > 0) or not torch.isfinite(alpha):
        alpha = d.abs().max().to(F32)
    return alpha


def sawb(w, bits=2, c1=None, c2=None, ternary=False):
    """SAWB: levels odd multiples of alpha_w / (2^b - 1) (ternary: -a, 0, a)."""
    alpha = sawb_alpha(w, bits, c1, c2, ternary)
    t = torch.clamp(_sanitize(_as_f32(w)) / alpha, -1.0, 1.0)
    if ternary:
        code = torch.round(t) + 1
        return (code - 1) * alpha, code.to(torch.int64)
    m = torch.tensor(float(2 ** bits - 1), dtype=F32)
    code = torch.round((t * 0.5 + 0.5) * m)
    return ((code * 2) / m - 1.0) * alpha, code.to(torch.int64)


def apot_levels(bits, signed):
    """APoT's level set as f32 fractions of alpha (sorted)."""
    b = bits - 1 if signed else bits
    if b == 1:
        nums, den = [0, 1], 1
    else:
        bases = _APOT_BASES[b]
        top_exp = max(e for base in bases for e in base)
        sums = {0}
        for base in bases:
            sums = sums | {s + 2 ** (top_exp - e) for s in sums for e in base}
        top = max(sums)
        g = 0
        for s in sums:
            g = math.gcd(g, s)
        g = math.gcd(g, top)
        nums, den = sorted(s // g for s in sums), top // g
    if signed:
        nums = [-n for n in reversed(nums) if n] + nums
    return torch.tensor([n / den for n in nums], dtype=torch.float64).to(F32)


def apot_normalize(w):
    """(w - mean) / std (unbiased) in double, rounded to f32."""
    d = _sanitize(w.detach().to(torch.float64))
    centered = d - d.mean()
    sd = float(centered.pow(2).sum() / (d.numel() - 1)) ** 0.5 if d.numel() > 1 else 0.0
    return (centered / sd if sd > 0 else centered).to(F32)


def apot(x, alpha, bits, signed=False, normalize=False):
    """APoT: alpha * nearest level of clamp(x / alpha, lo, 1)."""
    alpha = torch.as_tensor(alpha, dtype=F32)
    if normalize:
        x = apot_normalize(x)
    levels = apot_levels(bits, signed)
    v = torch.clamp(_sanitize(_as_f32(x)) / alpha, -1.0 if signed else 0.0, 1.0)
    code = nearest(v, levels)
    return alpha * levels[code], code


def hwgq_levels(bits, non_uniform=False):
    if non_uniform:
        return torch.tensor([0.0, 0.453, 1.51], dtype=torch.float64).to(F32)
    step = _f32(HWGQ_STEPS[bits])
    return step * torch.arange(2 ** bits, dtype=F32)


def hwgq(x, bits=2, non_uniform=False):
    """HWGQ: 0 for x <= 0, else the first c_j with x <= (c_j + c_j+1) / 2."""
    levels = hwgq_levels(bits, non_uniform)
    x = _sanitize(_as_f32(x))
    code = torch.full(x.shape, len(levels) - 1, dtype=torch.int64)
    for j in range(len(levels) - 2, 0, -1):
        code = torch.where(x <= (levels[j] + levels[j + 1]) * 0.5, torch.tensor(j), code)
    code = torch.where(x <= 0, torch.tensor(0), code)
    return levels[code], code


def learned_levels(x, levels, axis=None):
    """DQ: the nearest of the learned levels ([L], or [C, L] per channel of
    dimension `axis`)."""
    code = nearest(x, levels, axis)
    levels = levels.to(F32)
    if levels.dim() == 1:
        return levels[code], code
    shape = [1] * x.dim() + [levels.shape[1]]
    shape[axis] = levels.shape[0]
    table = levels.reshape(shape).expand(x.shape + (levels.shape[1],))
    return table.gather(-1, code.unsqueeze(-1)).squeeze(-1), code


def binary_scale(w, axis=None):
    """mean |w| in double, per tensor or per channel of `axis`, as f32."""
    d = _sanitize(w.detach().to(torch.float64)).abs()
    if axis is None:
        return d.mean().to(F32)
    dims = [i for i in range(w.dim()) if i != axis]
    return d.mean(dim=dims).to(F32)


def binary(w, scale=None, axis=None):
    """Binary: (w >= 0 ? +1 : -1) * scale (sign(0) = +1); scale mean |w|
    when not given."""
    if scale is None:
        scale = binary_scale(w, axis)
    scale = torch.as_tensor(scale, dtype=F32)
    if axis is not None and scale.dim() == 1:
        shape = [1] * w.dim()
        shape[axis] = -1
        scale = scale.reshape(shape)
    code = (_sanitize(_as_f32(w)) >= 0).to(torch.int64)
    return torch.where(code == 1, scale, -scale), code


def ternary_params(w):
    """TWN: delta = 0.7 mean |w|, alpha = mean of |w| over |w| > delta."""
    d = _sanitize(w.detach().to(torch.float64)).abs()
    delta = (0.7 * d.sum() / max(d.numel(), 1)).to(F32)
    sel = d[_sanitize(_as_f32(w.detach())).abs() > delta]
    alpha = sel.mean().to(F32) if sel.numel() else torch.tensor(0.0)
    return delta, alpha


def ternary(w, threshold=None, scale=None):
    if threshold is None:
        threshold, scale = ternary_params(w)
    threshold, scale = torch.as_tensor(threshold, dtype=F32), torch.as_tensor(scale, dtype=F32)
    x = _sanitize(_as_f32(w))
    code = torch.where(x > threshold, 2, torch.where(x < -threshold, 0, 1))
    return (code - 1).to(F32) * scale, code


def slb_values(bits):
    """SLB's value set: {-1, 1}, or linspace(-1, 1, 2^b) as f32((2i - (n-1)) / (n-1))."""
    n = 2 ** bits
    return torch.tensor([float(2 * i - (n - 1)) for i in range(n)], dtype=F32) / float(n - 1)


def slb(logits, bits=2):
    """SLB deploy form: the value at the argmax of each weight's logits
    (innermost dimension; the first maximum on ties)."""
    code = torch.argmax(logits, dim=-1)
    # torch.argmax returns the first maximal index, as the reference does.
    return slb_values(bits)[code], code


def int_quant(x, scale, bits, signed=True, narrow=False, axis=None):
    """QONNX Quant with zero point 0, ROUND: clamp(round(x / scale)) * scale."""
    scale = torch.as_tensor(scale, dtype=F32)
    if axis is not None and scale.dim() == 1:
        shape = [1] * x.dim()
        shape[axis] = -1
        scale = scale.reshape(shape)
    lo = -(2 ** (bits - 1)) + (1 if narrow else 0) if signed else 0
    hi = 2 ** (bits - 1) - 1 if signed else 2 ** bits - 1 - (1 if narrow else 0)
    code = torch.clamp(torch.round(_sanitize(_as_f32(x)) / scale), lo, hi)
    return code * scale, code.to(torch.int64)
