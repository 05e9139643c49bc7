"""Trains the digits CNN once per scheme, deterministically on the CPU, and
writes examples/digits/models/<scheme>.pt (PyTorch state) and .onnx (the
exported model qnn compiles).

    /usr/bin/python3 examples/digits/train.py [scheme ...]

The float baseline trains first; each quantized model starts from its
weights and is fine-tuned with quantization-aware training (SLB with its
temperature annealed from 1 to 0.02).
"""
import os
import sys
import time

import numpy as np
import torch

import digits

EPOCHS_FLOAT, EPOCHS_QAT, BATCH = 40, 40, 64


def train(model, x, y, epochs, lr, slb=False):
    g = torch.Generator().manual_seed(1)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, epochs)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    for epoch in range(epochs):
        if slb:
            digits.qn.set_temperature(model, 1.0 * (0.02 / 1.0) ** (epoch / max(epochs - 1, 1)))
        model.train()
        for idx in torch.randperm(len(xt), generator=g).split(BATCH):
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(xt[idx]), yt[idx])
            loss.backward()
            opt.step()
        sched.step()
    return model.eval()


def main(schemes):
    torch.manual_seed(0)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    os.makedirs(digits.MODELS, exist_ok=True)
    xtr, xte, ytr, yte = digits.data()
    float_state = None
    float_path = os.path.join(digits.MODELS, "float.pt")
    for scheme in schemes:
        start = time.time()
        torch.manual_seed(0)
        model = digits.DigitsNet(scheme)
        if scheme == "float":
            train(model, xtr, ytr, EPOCHS_FLOAT, 1e-2)
        else:
            if float_state is None:
                float_state = torch.load(float_path)
            # Start from the float weights; quantizers that own parameters
            # (SLB logits, DQ levels) are initialised from them.
            # (strict=False: HWGQ's batch norms have no affine parameters.)
            model.load_state_dict(float_state, strict=False)
            for m in model.modules():
                if isinstance(m, (digits.qn.QConv2d, digits.qn.QLinear)) and m.weight_quantizer:
                    m.weight_quantizer.attach(m.weight)
            train(model, xtr, ytr, EPOCHS_QAT, 5e-3, slb=(scheme == "slb"))
        torch.save(model.state_dict(), os.path.join(digits.MODELS, scheme + ".pt"))
        if scheme == "float":
            float_state = model.state_dict()
        digits.qnn.export(model, torch.zeros(1, 1, 8, 8), digits.onnx_path(scheme))
        acc = (digits.predict(model, xte) == yte).mean()
        print("%-10s test accuracy %.4f (%.0f s)" % (scheme, acc, time.time() - start), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:] or list(digits.SCHEMES))
