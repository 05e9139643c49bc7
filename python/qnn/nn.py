"""Quantization-aware-training modules for every scheme in QUANTIZERS.md.

Activation quantizers (PACT, HWGQ, APoTAct, LearnedLevelsAct, IntQuantAct)
are modules placed where a ReLU would be. Weight quantizers (SAWB, APoT,
Binary, Ternary, SLB, LearnedLevels, IntWeight) go into QConv2d / QLinear,
drop-in replacements for torch.nn.Conv2d / Linear:

    conv = qnn.nn.QConv2d(16, 32, 3, padding=1, weight_quantizer=qnn.nn.SAWB(2))
    act = qnn.nn.PACT(bits=2, alpha=4.0)

Forward values are exactly qnn.quantizers' (the reference library's);
gradients are the papers' straight-through estimators. torch.onnx.export
(through qnn.export) writes each quantizer as its qnn-domain or QONNX node.
"""
import torch
from torch import nn

from . import quantizers as Q

QONNX_DOMAIN = "qonnx.custom_op.general"


def _ste(q, y):
    """Forward: q exactly (y - y.detach() is exactly 0); backward: y's
    gradient."""
    return q.detach() + (y - y.detach())


class _Node(torch.autograd.Function):
    """Exports a quantizer as one ONNX node: `op` ("domain::Name"), the
    input `x`, constant extra inputs and attributes (name_suffix: value);
    its forward is the precomputed quantized value."""

    @staticmethod
    def forward(ctx, x, value, op, consts, attrs):
        return value.clone()

    @staticmethod
    def symbolic(g, x, value, op, consts, attrs):
        inputs = [x] + [g.op("Constant", value_t=c) for c in consts]
        out = g.op(op, *inputs, **dict(attrs))
        # The traced value's type: ONNX shape inference knows no custom op.
        out.setType(value.type())
        return out


def _export_node(x, value, op, consts=(), **attrs):
    return _Node.apply(x, value.detach(), op, tuple(consts), tuple(sorted(attrs.items())))


def _exporting():
    return torch.onnx.is_in_onnx_export()


# --- Activation quantizers ------------------------------------------------

class PACT(nn.Module):
    """PACT: clip to a learned alpha, 2^b uniform levels (Choi et al.)."""

    def __init__(self, bits=2, alpha=6.0):
        super().__init__()
        self.bits = bits
        self.alpha = nn.Parameter(torch.tensor(float(alpha)))

    def forward(self, x):
        q, _ = Q.pact(x, self.alpha.detach(), self.bits)
        if _exporting():
            return _export_node(x, q, "qnn::Pact", alpha_f=float(self.alpha), bits_i=self.bits)
        # dx = g on [0, alpha]; dalpha = sum(g * [x >= alpha]).
        y = torch.where(x >= self.alpha, self.alpha, torch.clamp(x, min=0.0))
        return _ste(q, y)


class HWGQ(nn.Module):
    """Half-wave Gaussian quantizer (Cai et al.) for batch-normalised input;
    backward a ReLU clipped at the top level."""

    def __init__(self, bits=2, non_uniform=False):
        super().__init__()
        self.bits, self.non_uniform = bits, non_uniform
        self.top = float(Q.hwgq_levels(bits, non_uniform)[-1])

    def forward(self, x):
        q, _ = Q.hwgq(x, self.bits, self.non_uniform)
        if _exporting():
            return _export_node(x, q, "qnn::Hwgq", bits_i=self.bits,
                                non_uniform_i=int(self.non_uniform))
        return _ste(q, torch.clamp(x, 0.0, self.top))


class APoTAct(nn.Module):
    """APoT activations: unsigned additive powers of two times a learned
    alpha (Li et al.)."""

    def __init__(self, bits=2, alpha=6.0):
        super().__init__()
        self.bits = bits
        self.alpha = nn.Parameter(torch.tensor(float(alpha)))

    def forward(self, x):
        q, _ = Q.apot(x, self.alpha.detach(), self.bits)
        if _exporting():
            return _export_node(x, q, "qnn::Apot", alpha_f=float(self.alpha), bits_i=self.bits)
        return _ste(q, torch.where(x >= self.alpha, self.alpha, torch.clamp(x, min=0.0)))


def _sorted_levels(levels):
    """Levels kept strictly increasing for the forward pass."""
    return torch.sort(levels, dim=-1).values


class LearnedLevelsAct(nn.Module):
    """DQ activations: 2^b learned levels per channel (Hoang et al.); the
    levels get the gradient of the values assigned to them, the input a
    straight-through gradient inside the levels' range."""

    def __init__(self, channels, bits=2, init_max=2.0, axis=1):
        super().__init__()
        self.bits, self.axis = bits, axis
        row = torch.linspace(0.0, init_max, 2 ** bits)
        self.levels = nn.Parameter(row.repeat(channels, 1))

    def forward(self, x):
        levels = _sorted_levels(self.levels)
        q, code = Q.learned_levels(x, levels.detach(), self.axis)
        if _exporting():
            return _export_node(x, q, "qnn::LearnedLevels", [levels.detach().float()],
                                axis_i=self.axis)
        shape = [1] * x.dim() + [levels.shape[1]]
        shape[self.axis] = levels.shape[0]
        table = levels.reshape(shape).expand(x.shape + (levels.shape[1],))
        picked = table.gather(-1, code.unsqueeze(-1)).squeeze(-1)
        lo = levels[:, 0].reshape(shape[:-1])
        hi = levels[:, -1].reshape(shape[:-1])
        inside = ((x >= lo) & (x <= hi)).to(x.dtype)
        return picked + (x - x.detach()) * inside


class IntQuantAct(nn.Module):
    """A fixed uniform quantizer (QONNX Quant), e.g. an 8-bit input."""

    def __init__(self, bits=8, scale=1.0 / 255, signed=False, narrow=False):
        super().__init__()
        self.bits, self.scale, self.signed, self.narrow = bits, float(scale), signed, narrow

    def forward(self, x):
        q, _ = Q.int_quant(x, self.scale, self.bits, self.signed, self.narrow)
        if _exporting():
            return _export_node(
                x, q, QONNX_DOMAIN + "::Quant",
                [torch.tensor(self.scale), torch.tensor(0.0), torch.tensor(float(self.bits))],
                signed_i=int(self.signed), narrow_i=int(self.narrow), rounding_mode_s="ROUND")
        return _ste(q, x)


# --- Weight quantizers ------------------------------------------------------

class WeightQuantizer(nn.Module):
    """Maps a float weight to its quantized value; `attach` lets a quantizer
    that owns parameters (SLB logits, DQ levels) see the layer's weight."""

    def attach(self, weight):
        pass


class SAWB(WeightQuantizer):
    """SAWB weights: alpha_w from the weights' statistics (not learned)."""

    def __init__(self, bits=2, ternary=False, c1=None, c2=None):
        super().__init__()
        self.bits, self.ternary, self.c1, self.c2 = bits, ternary, c1, c2

    def forward(self, w):
        q, _ = Q.sawb(w, self.bits, self.c1, self.c2, self.ternary)
        if _exporting():
            attrs = {"bits_i": self.bits, "ternary_i": int(self.ternary)}
            if self.c1 is not None:
                attrs.update(c1_f=float(self.c1), c2_f=float(self.c2))
            return _export_node(w, q, "qnn::Sawb", **attrs)
        alpha = Q.sawb_alpha(w, self.bits, self.c1, self.c2, self.ternary)
        return _ste(q, torch.clamp(w, -float(alpha), float(alpha)))


class APoT(WeightQuantizer):
    """APoT weights: normalised, signed levels times a learned alpha."""

    def __init__(self, bits=2, alpha=3.0):
        super().__init__()
        self.bits = bits
        self.alpha = nn.Parameter(torch.tensor(float(alpha)))

    def forward(self, w):
        q, _ = Q.apot(w, self.alpha.detach(), self.bits, signed=True, normalize=True)
        if _exporting():
            return _export_node(w, q, "qnn::Apot", alpha_f=float(self.alpha), bits_i=self.bits,
                                signed_i=1, normalize_i=1)
        # Gradients through the normalisation (computed differentiably) and
        # the clamp to [-alpha, alpha].
        wn = (w - w.mean()) / w.std()
        y = torch.maximum(torch.minimum(wn, self.alpha), -self.alpha)
        return _ste(q, y)


class Binary(WeightQuantizer):
    """Binary weights, per output channel scale mean |w| (HWGQ-Net, XNOR)."""

    def __init__(self, axis=0):
        super().__init__()
        self.axis = axis

    def forward(self, w):
        q, _ = Q.binary(w, axis=self.axis)
        if _exporting():
            return _export_node(w, q, "qnn::Binary", axis_i=self.axis)
        return _ste(q, torch.clamp(w, -1.0, 1.0))


class Ternary(WeightQuantizer):
    """Ternary weights with TWN's threshold and scale."""

    def forward(self, w):
        q, _ = Q.ternary(w)
        if _exporting():
            return _export_node(w, q, "qnn::Ternary")
        return _ste(q, w)


class SLB(WeightQuantizer):
    """SLB: each weight a softmax over the value set's logits, sharpened by
    a temperature (set_temperature; the schedule is the training loop's);
    evaluation and export take the argmax (Yang et al.)."""

    def __init__(self, bits=2, temperature=1.0):
        super().__init__()
        self.bits, self.temperature = bits, float(temperature)
        self.register_buffer("values", Q.slb_values(bits))
        self.logits = None

    def attach(self, weight):
        # Logits that start at the weight's nearest value, softly.
        scale = weight.detach().abs().max().clamp(min=1e-8)
        dist = (weight.detach().unsqueeze(-1) / scale - self.values) ** 2
        self.logits = nn.Parameter(-4.0 * dist)
        weight.requires_grad_(False)

    def set_temperature(self, t):
        self.temperature = float(t)

    def forward(self, w):
        q, _ = Q.slb(self.logits.detach(), self.bits)
        if _exporting():
            return _export_node(self.logits, q, "qnn::Slb", bits_i=self.bits)
        if not self.training:
            return q
        p = torch.softmax(self.logits / self.temperature, dim=-1)
        return (p * self.values).sum(-1)


class LearnedLevels(WeightQuantizer):
    """DQ weights: 2^b learned levels per layer; the levels get the gradient
    of the weights assigned to them, the weights a straight-through one."""

    def __init__(self, bits=2):
        super().__init__()
        self.bits = bits
        self.levels = None

    def attach(self, weight):
        q = torch.linspace(0.1, 0.9, 2 ** self.bits)
        self.levels = nn.Parameter(torch.quantile(weight.detach().reshape(-1), q))

    def forward(self, w):
        levels = _sorted_levels(self.levels)
        q, code = Q.learned_levels(w, levels.detach())
        if _exporting():
            return _export_node(w, q, "qnn::LearnedLevels", [levels.detach().float()])
        return levels[code] + (w - w.detach())


class IntWeight(WeightQuantizer):
    """Uniform signed weights, narrow range, per output channel scale
    max |w| / (2^(b-1) - 1): QONNX Quant (8-bit first and last layers)."""

    def __init__(self, bits=8):
        super().__init__()
        self.bits = bits

    def scale(self, w):
        dims = list(range(1, w.dim()))
        m = w.detach().abs().amax(dim=dims).clamp(min=1e-8)
        return (m / float(2 ** (self.bits - 1) - 1)).to(torch.float32)

    def forward(self, w):
        scale = self.scale(w)
        q, _ = Q.int_quant(w, scale, self.bits, signed=True, narrow=True, axis=0)
        if _exporting():
            shape = [-1] + [1] * (w.dim() - 1)
            return _export_node(
                w, q, QONNX_DOMAIN + "::Quant",
                [scale.reshape(shape), torch.tensor(0.0), torch.tensor(float(self.bits))],
                signed_i=1, narrow_i=1, rounding_mode_s="ROUND")
        return _ste(q, w)


class _QuantizedWeight:
    """What QConv2d and QLinear add to their torch layer: the weight read
    through `weight_quantizer` (None: the float weight)."""

    def _attach(self, weight_quantizer):
        self.weight_quantizer = weight_quantizer
        if weight_quantizer is not None:
            weight_quantizer.attach(self.weight)

    def quantized_weight(self):
        if self.weight_quantizer is None:
            return self.weight
        return self.weight_quantizer(self.weight)


class QConv2d(_QuantizedWeight, nn.Conv2d):
    """torch.nn.Conv2d whose weight goes through `weight_quantizer`."""

    def __init__(self, *args, weight_quantizer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._attach(weight_quantizer)

    def forward(self, x):
        return self._conv_forward(x, self.quantized_weight(), self.bias)


class QLinear(_QuantizedWeight, nn.Linear):
    """torch.nn.Linear whose weight goes through `weight_quantizer`."""

    def __init__(self, *args, weight_quantizer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._attach(weight_quantizer)

    def forward(self, x):
        return nn.functional.linear(x, self.quantized_weight(), self.bias)


def set_temperature(model, t):
    """Sets every SLB quantizer's temperature in `model`."""
    for m in model.modules():
        if isinstance(m, SLB):
            m.set_temperature(t)
