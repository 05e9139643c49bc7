"""A model exported by someone else's tool: quantizers written the way
Brevitas exports them (an autograd Function whose ONNX symbolic is
onnx.brevitas::Quant with scale, zero point and bit width as inputs), a
plain torch CNN around them, `x.view(x.size(0), -1)` (Shape, Gather,
Unsqueeze, Concat, Reshape), batch norm and pooling, exported by
torch.onnx.export. qnn compiles the file and gives PyTorch's answers.

    check_brevitas_style.py <work dir>
"""
import os
import sys
import warnings

import numpy as np
import torch

import qnn


class QuantFn(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, scale, zero_point, bit_width, narrow, signed):
        bits = int(bit_width)
        lo = -(2 ** (bits - 1)) + narrow if signed else 0
        hi = 2 ** (bits - 1) - 1 if signed else 2 ** bits - 1 - narrow
        q = torch.clamp(torch.round(x / scale + zero_point), lo, hi)
        return (q - zero_point) * scale

    @staticmethod
    def symbolic(g, x, scale, zero_point, bit_width, narrow, signed):
        out = g.op("onnx.brevitas::Quant", x, scale, zero_point, bit_width,
                   narrow_i=narrow, signed_i=signed, rounding_mode_s="ROUND")
        out.setType(x.type())
        return out


class Quant(torch.nn.Module):
    def __init__(self, bits, scale, signed=True, narrow=False):
        super().__init__()
        self.register_buffer("scale", torch.tensor(scale, dtype=torch.float32))
        self.register_buffer("zero_point", torch.tensor(0.0))
        self.register_buffer("bit_width", torch.tensor(float(bits)))
        self.signed, self.narrow = int(signed), int(narrow)

    def forward(self, x):
        return QuantFn.apply(x, self.scale, self.zero_point, self.bit_width, self.narrow,
                             self.signed)


class WeightQuantConv(torch.nn.Conv2d):
    """A per-output-channel 4-bit narrow weight quantizer; its scale leaves
    as a constant, as Brevitas evaluates scales when exporting."""

    def forward(self, x):
        scale = torch.tensor((self.weight.detach().abs().amax(dim=(1, 2, 3), keepdim=True)
                              / 7).tolist())
        w = QuantFn.apply(self.weight, scale, torch.tensor(0.0), torch.tensor(4.0), 1, 1)
        return self._conv_forward(x, w, self.bias)


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.inq = Quant(8, 1.0 / 64)
        self.c1 = WeightQuantConv(3, 8, 3, padding=1)
        self.bn = torch.nn.BatchNorm2d(8)
        self.a1 = Quant(4, 0.1, signed=False)
        self.pool = torch.nn.MaxPool2d(2)
        self.c2 = WeightQuantConv(8, 8, 3, padding=1, bias=False)
        self.a2 = Quant(2, 0.3, signed=False)
        self.gap = torch.nn.AdaptiveAvgPool2d(1)
        self.fc = torch.nn.Linear(8, 10)
        self.outq = Quant(8, 0.05)

    def forward(self, x):
        x = self.a1(torch.relu(self.bn(self.c1(self.inq(x)))))
        x = self.a2(torch.relu(self.c2(self.pool(x))))
        x = self.gap(x)
        x = x.view(x.size(0), -1)
        return self.outq(self.fc(x))


torch.manual_seed(0)
net = Net()
net.train()
net(torch.randn(16, 3, 8, 8))
net.eval()
x = torch.randn(2, 3, 8, 8)
path = os.path.join(sys.argv[1], "brevitas_style.onnx")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    torch.onnx.export(net, x, path, opset_version=13, input_names=["image"],
                      output_names=["logits"], custom_opsets={"onnx.brevitas": 1})
import onnx  # noqa: E402
ops = sorted({n.op_type for n in onnx.load(path).graph.node})
print("exported ops:", " ".join(ops))
compiled = qnn.compile(path)
print(compiled)
with torch.no_grad():
    want = net(x).numpy()
got = compiled(x.numpy())
# The output quantizer's step is 0.05: equal codes give equal values.
print("codes equal: %s" % np.array_equal(np.round(got / 0.05), np.round(want / 0.05)))
