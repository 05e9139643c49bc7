"""Compiles the checked-in digits models with qnn and compares them with
their PyTorch models on the held-out split.

    /usr/bin/python3 examples/digits/evaluate.py            # every scheme: the README table
    /usr/bin/python3 examples/digits/evaluate.py pact_sawb  # one scheme, in words
    options: --target T (qnn.compile's target, default cpu), --check (exit 1
    unless every compiled model predicts every test image as PyTorch does)

Per scheme: accuracy of the float model, of the PyTorch QAT model and of the
qnn-compiled model (batch 1, one call per image), the fraction of test
images on which PyTorch and qnn predict the same class, and qnn's median
latency per image.
"""
import argparse
import sys
import time

import numpy as np

import digits


def evaluate(scheme, target, xte, yte, float_acc):
    model = digits.load(scheme)
    torch_pred = digits.predict(model, xte)
    compiled = digits.qnn.compile(digits.onnx_path(scheme), target=target)
    qnn_pred = np.empty_like(yte)
    times = []
    for i in range(len(xte)):
        image = xte[i:i + 1]
        start = time.perf_counter()
        logits = compiled(image)
        times.append(time.perf_counter() - start)
        qnn_pred[i] = logits.argmax()
    return {
        "scheme": scheme, "name": digits.SCHEMES[scheme][0], "float": float_acc,
        "torch": (torch_pred == yte).mean(), "qnn": (qnn_pred == yte).mean(),
        "agree": (torch_pred == qnn_pred).mean(), "us": 1e6 * float(np.median(times)),
    }


def torch_latency(xte):
    """PyTorch's float model, batch 1, one thread (qnn's default): the
    baseline, median microseconds per image."""
    import torch
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    model = digits.load("float")
    times = []
    with torch.no_grad():
        for i in range(len(xte)):
            image = torch.from_numpy(xte[i:i + 1])
            start = time.perf_counter()
            model(image)
            times.append(time.perf_counter() - start)
    torch.set_num_threads(threads)
    return 1e6 * float(np.median(times))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("schemes", nargs="*")
    parser.add_argument("--target", default="cpu")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    _, xte, _, yte = digits.data()
    float_acc = (digits.predict(digits.load("float"), xte) == yte).mean()
    rows = [evaluate(s, args.target, xte, yte, float_acc)
            for s in (args.schemes or list(digits.SCHEMES))]
    baseline = torch_latency(xte)
    if len(rows) == 1:
        r = rows[0]
        print("digits, %s (examples/digits/models/%s.onnx), %d test images:"
              % (r["name"], r["scheme"], len(yte)))
        print("  accuracy: float model %.2f%%, PyTorch QAT %.2f%%, qnn-compiled %.2f%%"
              % (100 * r["float"], 100 * r["torch"], 100 * r["qnn"]))
        print("  qnn agrees with PyTorch on %.2f%% of the test images"
              % (100 * r["agree"]))
        print("  qnn latency: %.1f us per image (batch 1, one thread, median); "
              "PyTorch fp32 float model: %.1f us (%.1fx)" % (r["us"], baseline, baseline / r["us"]))
    else:
        print("| scheme | float model | PyTorch QAT | qnn-compiled | agreement | qnn latency / image |")
        print("| --- | --- | --- | --- | --- | --- |")
        for r in rows:
            print("| %s | %.2f%% | %.2f%% | %.2f%% | %.2f%% | %.1f us |" % (
                r["name"], 100 * r["float"], 100 * r["torch"], 100 * r["qnn"],
                100 * r["agree"], r["us"]))
        print("\n%d test images of sklearn's digits; batch 1, one thread, median latency; "
              "qnn target %s; PyTorch fp32 (the float model) in the same run: %.1f us per image."
              % (len(yte), args.target, baseline))
    if args.check and any(r["agree"] < 1.0 for r in rows):
        print("evaluate.py: qnn and PyTorch disagree on some images", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
