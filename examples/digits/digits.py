"""The digits CNN per quantization scheme, the data split, and the
deterministic training loop (train.py) shared with evaluate.py.

The network (8x8 grey images of sklearn's handwritten digits):
8-bit input quantizer -> conv 1->16 (8-bit weights) -> BN -> act ->
conv 16->32 (scheme weights) -> BN -> act -> max pool ->
conv 32->32 (scheme weights) -> BN -> act -> max pool -> flatten ->
linear 128->10 (8-bit weights). First and last layers stay 8-bit, as in the
papers; `act` is the scheme's 2-bit (APoT 4-bit: 4-bit) activation quantizer.
"""
import os
import sys

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))
import qnn  # noqa: E402
from qnn import nn as qn  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = os.path.join(HERE, "models")

# scheme -> (description, weight quantizer factory, activation factory(channels),
#            batch norm affine)
SCHEMES = {
    "float": ("float baseline", None, lambda c: nn.ReLU(), True),
    "pact_sawb": ("PACT + SAWB W2A2", lambda: qn.SAWB(2), lambda c: qn.PACT(2, 3.0), True),
    "apot2": ("APoT W2A2", lambda: qn.APoT(2), lambda c: qn.APoTAct(2, 3.0), True),
    "apot4": ("APoT W4A4", lambda: qn.APoT(4), lambda c: qn.APoTAct(4, 3.0), True),
    "hwgq": ("HWGQ W1A2 (binary weights)", lambda: qn.Binary(0), lambda c: qn.HWGQ(2), False),
    "dq": ("DQ learned levels W2A2", lambda: qn.LearnedLevels(2),
           lambda c: qn.LearnedLevelsAct(c, 2, 2.0), True),
    "slb": ("SLB W2 + PACT A2", lambda: qn.SLB(2), lambda c: qn.PACT(2, 3.0), True),
}


class DigitsNet(nn.Module):
    def __init__(self, scheme):
        super().__init__()
        _, wq, act, affine = SCHEMES[scheme]
        quantized = wq is not None

        def conv(cin, cout, weights):
            if not quantized:
                return nn.Conv2d(cin, cout, 3, padding=1, bias=False)
            return qn.QConv2d(cin, cout, 3, padding=1, bias=False, weight_quantizer=weights())

        self.inq = qn.IntQuantAct(8, 1.0 / 16) if quantized else nn.Identity()
        self.c1 = conv(1, 16, lambda: qn.IntWeight(8))
        self.b1, self.a1 = nn.BatchNorm2d(16, affine=affine), act(16)
        self.c2 = conv(16, 32, wq)
        self.b2, self.a2 = nn.BatchNorm2d(32, affine=affine), act(32)
        self.c3 = conv(32, 32, wq)
        self.b3, self.a3 = nn.BatchNorm2d(32, affine=affine), act(32)
        self.pool = nn.MaxPool2d(2)
        self.fc = (qn.QLinear(128, 10, weight_quantizer=qn.IntWeight(8)) if quantized
                   else nn.Linear(128, 10))

    def forward(self, x):
        x = self.a1(self.b1(self.c1(self.inq(x))))
        x = self.pool(self.a2(self.b2(self.c2(x))))
        x = self.pool(self.a3(self.b3(self.c3(x))))
        return self.fc(torch.flatten(x, 1))


def data():
    """sklearn's digits, pixels / 16 in [0, 1], split 75/25 (fixed seed)."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    digits = load_digits()
    x = (digits.images / 16.0).astype(np.float32)[:, None]
    return train_test_split(x, digits.target.astype(np.int64), test_size=0.25,
                            random_state=0, stratify=digits.target)


def load(scheme):
    """The trained PyTorch model of `scheme` (evaluation mode)."""
    model = DigitsNet(scheme)
    model.load_state_dict(torch.load(os.path.join(MODELS, scheme + ".pt")))
    return model.eval()


def onnx_path(scheme):
    return os.path.join(MODELS, scheme + ".onnx")


def predict(model, x):
    with torch.no_grad():
        return model(torch.from_numpy(x)).argmax(1).numpy()
