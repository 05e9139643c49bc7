#!/usr/bin/env python3
"""Generates a ResNet-18-shaped W2A2 network in qnn IR with random weights.

Layout NHWC. The first convolution and the classifier are 8-bit (i8 weights
per output channel, 8-bit activations); every other convolution has 2-bit
SAWB weights (codebook {-3, -1, 1, 3}) and 2-bit PACT activations. Batch norm
is a per-channel multiply and add (a few negative gammas), ReLU a clamp, the
downsampling shortcuts 8-bit 1x1 convolutions; residual adds and the global
average pool stay in float. Weights are written as codes (their deploy form),
hex-encoded, so the full network stays a few tens of MB.

    /usr/bin/python3 examples/resnet18/generate.py --width 64 --resolution 224 > resnet18.mlir
"""
import argparse
import random


def pads(size, k, stride, pad):
    """TOSA's [before, after] padding: the trailing pad shrinks until the
    window count is exact (same output size as symmetric padding)."""
    return pad, pad - (size - 1 + 2 * pad - (k - 1)) % stride


def tensor(shape, elem="f32"):
    return "tensor<" + "x".join(str(d) for d in shape) + "x" + elem + ">"


class Net:
    def __init__(self, rng, batch):
        self.rng = rng
        self.batch = batch
        self.lines = []
        self.count = 0

    def name(self, prefix):
        self.count += 1
        return "%%%s%d" % (prefix, self.count)

    def emit(self, line):
        self.lines.append("  " + line)

    def fconst(self, shape, values):
        n = self.name("c")
        body = ", ".join("%.5f" % v for v in values)
        if len(shape) > 1:
            body = "[" * (len(shape) - 1) + body + "]" * (len(shape) - 1)
        self.emit('%s = "tosa.const"() <{values = dense<[%s]> : %s}> : () -> %s'
                  % (n, body, tensor(shape), tensor(shape)))
        return n

    def codes(self, shape, qtype, lo, hi, signed):
        count = 1
        for d in shape:
            count *= d
        raw = bytes((self.rng.randint(lo, hi) & 0xFF) for _ in range(count))
        elem = "i8" if signed else "ui8"
        n = self.name("wq")
        self.emit('%s = qnn.constant dense<"0x%s"> : %s -> %s'
                  % (n, raw.hex().upper(), tensor(shape, elem), tensor(shape, qtype)))
        d = self.name("w")
        self.emit("%s = qnn.dequantize %s : %s -> %s"
                  % (d, n, tensor(shape, qtype), tensor(shape)))
        return d

    def conv(self, x, shape, out_c, k, stride, pad, bits):
        b, h, w, c = shape
        wshape = [out_c, k, k, c]
        if bits == 2:
            qtype = "!qnn.codebook<u2:f32, [-3, -1, 1, 3] * %.5f>" % self.rng.uniform(0.005, 0.02)
            wt = self.codes(wshape, qtype, 0, 3, False)
        else:
            scales = ", ".join("%.6f" % self.rng.uniform(0.001, 0.01) for _ in range(out_c))
            qtype = "!qnn.uniform<i8:f32:0, {%s}>" % scales
            wt = self.codes(wshape, qtype, -127, 127, True)
        bias = self.fconst([out_c], [self.rng.uniform(-0.1, 0.1) for _ in range(out_c)])
        zp = self.fconst([1], [0.0])
        top, bottom = pads(h, k, stride, pad)
        left, right = pads(w, k, stride, pad)
        if bottom < 0 or right < 0:
            # The last rows / columns are in no window: slice them off.
            h2, w2 = h + min(bottom, 0), w + min(right, 0)
            st = self.name("start")
            sz = self.name("size")
            self.emit("%s = tosa.const_shape {values = dense<[0, 0, 0, 0]> : tensor<4xindex>} : () -> !tosa.shape<4>" % st)
            self.emit("%s = tosa.const_shape {values = dense<[%d, %d, %d, %d]> : tensor<4xindex>} : () -> !tosa.shape<4>"
                      % (sz, b, h2, w2, c))
            sl = self.name("slice")
            self.emit("%s = tosa.slice %s, %s, %s : (%s, !tosa.shape<4>, !tosa.shape<4>) -> %s"
                      % (sl, x, st, sz, tensor(shape), tensor([b, h2, w2, c])))
            x, shape, h, w = sl, [b, h2, w2, c], h2, w2
            bottom, right = max(bottom, 0), max(right, 0)
        oh = (h + top + bottom - k) // stride + 1
        ow = (w + left + right - k) // stride + 1
        out = [b, oh, ow, out_c]
        y = self.name("conv")
        self.emit("%s = tosa.conv2d %s, %s, %s, %s, %s {acc_type = f32, dilation = array<i64: 1, 1>, "
                  "pad = array<i64: %d, %d, %d, %d>, stride = array<i64: %d, %d>} : (%s, %s, %s, %s, %s) -> %s"
                  % (y, x, wt, bias, zp, zp, top, bottom, left, right, stride, stride, tensor(shape),
                     tensor(wshape), tensor([out_c]), tensor([1]), tensor([1]), tensor(out)))
        return y, out

    def bn(self, x, shape):
        c = shape[-1]
        gamma = [self.rng.uniform(0.5, 1.5) * (-1 if self.rng.random() < 0.05 else 1) for _ in range(c)]
        beta = [self.rng.uniform(-0.2, 0.2) for _ in range(c)]
        g = self.fconst([1, 1, 1, c], gamma)
        bt = self.fconst([1, 1, 1, c], beta)
        sh = self.name("shift")
        self.emit('%s = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>' % sh)
        m = self.name("bn")
        self.emit("%s = tosa.mul %s, %s, %s : (%s, %s, tensor<1xi8>) -> %s"
                  % (m, x, g, sh, tensor(shape), tensor([1, 1, 1, c]), tensor(shape)))
        a = self.name("bn")
        self.emit("%s = tosa.add %s, %s : (%s, %s) -> %s"
                  % (a, m, bt, tensor(shape), tensor([1, 1, 1, c]), tensor(shape)))
        return a

    def relu(self, x, shape):
        r = self.name("relu")
        self.emit("%s = tosa.clamp %s {max_val = 3.4e38 : f32, min_val = 0.0 : f32} : (%s) -> %s"
                  % (r, x, tensor(shape), tensor(shape)))
        return r

    def pact(self, x, shape, bits=2):
        p = self.name("act")
        self.emit("%s = qnn.pact %s {alpha = %.3f : f32, bits = %d : i32} : %s"
                  % (p, x, self.rng.uniform(1.0, 4.0), bits, tensor(shape)))
        return p

    def block(self, x, shape, out_c, stride):
        y, s1 = self.conv(x, shape, out_c, 3, stride, 1, 2)
        y = self.pact(self.relu(self.bn(y, s1), s1), s1)
        y, s2 = self.conv(y, s1, out_c, 3, 1, 1, 2)
        y = self.bn(y, s2)
        if stride != 1 or shape[-1] != out_c:
            sc, _ = self.conv(x, shape, out_c, 1, stride, 0, 8)
            sc = self.bn(sc, s2)
        else:
            sc = x
        s = self.name("sum")
        self.emit("%s = tosa.add %s, %s : (%s, %s) -> %s"
                  % (s, y, sc, tensor(s2), tensor(s2), tensor(s2)))
        return self.pact(self.relu(s, s2), s2), s2


def generate(width, resolution, classes, seed, batch, with_main, input_file=None):
    rng = random.Random(seed)
    net = Net(rng, batch)
    shape = [batch, resolution, resolution, 3]
    x = "%image"
    q = net.name("q")
    net.emit("%s = qnn.quantize %s : %s -> %s" % (q, x, tensor(shape), tensor(shape, "!qnn.uniform<i8:f32, 0.02>")))
    xd = net.name("x")
    net.emit("%s = qnn.dequantize %s : %s -> %s" % (xd, q, tensor(shape, "!qnn.uniform<i8:f32, 0.02>"), tensor(shape)))
    # Stem: 8-bit 7x7/2 convolution, BN, ReLU, PACT, 3x3/2 max pool (on codes).
    y, s = net.conv(xd, shape, width, 7, 2, 3, 8)
    y = net.pact(net.relu(net.bn(y, s), s), s)
    b, h, w, c = s
    top, bottom = pads(h, 3, 2, 1)
    left, right = pads(w, 3, 2, 1)
    ps = [b, (h + top + bottom - 3) // 2 + 1, (w + left + right - 3) // 2 + 1, c]
    p = net.name("pool")
    net.emit("%s = tosa.max_pool2d %s {kernel = array<i64: 3, 3>, pad = array<i64: %d, %d, %d, %d>, stride = array<i64: 2, 2>} : (%s) -> %s"
             % (p, y, top, bottom, left, right, tensor(s), tensor(ps)))
    y, s = p, ps
    for stage, channels in enumerate([width, 2 * width, 4 * width, 8 * width]):
        for blk in range(2):
            stride = 2 if stage > 0 and blk == 0 else 1
            y, s = net.block(y, s, channels, stride)
    # Global average pool, 8-bit classifier.
    b, h, w, c = s
    zp = net.fconst([1], [0.0])
    g = net.name("gap")
    net.emit("%s = tosa.avg_pool2d %s, %s, %s {acc_type = f32, kernel = array<i64: %d, %d>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (%s, %s, %s) -> %s"
             % (g, y, zp, zp, h, w, tensor(s), tensor([1]), tensor([1]), tensor([b, 1, 1, c])))
    shp = net.name("shape")
    net.emit("%s = tosa.const_shape {values = dense<[1, %d, %d]> : tensor<3xindex>} : () -> !tosa.shape<3>" % (shp, b, c))
    f = net.name("flat")
    net.emit("%s = tosa.reshape %s, %s : (%s, !tosa.shape<3>) -> %s" % (f, g, shp, tensor([b, 1, 1, c]), tensor([1, b, c])))
    u8 = "!qnn.uniform<u8:f32, 0.0157>"
    fq = net.name("fq")
    net.emit("%s = qnn.quantize %s : %s -> %s" % (fq, f, tensor([1, b, c]), tensor([1, b, c], u8)))
    fd = net.name("fd")
    net.emit("%s = qnn.dequantize %s : %s -> %s" % (fd, fq, tensor([1, b, c], u8), tensor([1, b, c])))
    scales = ", ".join("%.6f" % rng.uniform(0.001, 0.01) for _ in range(classes))
    wt = net.codes([1, c, classes], "!qnn.uniform<i8:f32:2, {%s}>" % scales, -127, 127, True)
    zq = net.fconst([1], [0.0])
    logits = net.name("logits")
    net.emit("%s = tosa.matmul %s, %s, %s, %s : (%s, %s, %s, %s) -> %s"
             % (logits, fd, wt, zq, zq, tensor([1, b, c]), tensor([1, c, classes]), tensor([1]), tensor([1]),
                tensor([1, b, classes])))
    bias = net.fconst([1, 1, classes], [rng.uniform(-0.1, 0.1) for _ in range(classes)])
    out = net.name("out")
    net.emit("%s = tosa.add %s, %s : (%s, %s) -> %s" % (out, logits, bias, tensor([1, b, classes]),
                                                         tensor([1, 1, classes]), tensor([1, b, classes])))
    text = ["// ResNet-18-shaped W2A2 network; generated by examples/resnet18/generate.py",
            "// (width %d, resolution %d, %d classes, seed %d)." % (width, resolution, classes, seed),
            "func.func @forward(%%image: %s {qnn.name = \"image\"}) -> (%s {qnn.name = \"logits\"}) {"
            % (tensor(shape), tensor([1, batch, classes]))]
    text += net.lines
    text.append("  return %s : %s" % (out, tensor([1, batch, classes])))
    text.append("}")
    if with_main:
        count = batch * resolution * resolution * 3
        image = [round(rng.uniform(-2.0, 2.0), 4) for _ in range(count)]
        values = ", ".join("%.4f" % v for v in image)
        if input_file:
            import struct
            with open(input_file, "wb") as f:
                f.write(struct.pack("<%df" % count, *image))
        text += ["func.func private @printMemrefF32(tensor<*xf32>)",
                 "func.func @main() {",
                 "  %%x = arith.constant dense<[%s]> : %s" % (values, tensor([count])),
                 "  %%s = tosa.const_shape {values = dense<[%d, %d, %d, 3]> : tensor<4xindex>} : () -> !tosa.shape<4>"
                 % (batch, resolution, resolution),
                 "  %%img = tosa.reshape %%x, %%s : (%s, !tosa.shape<4>) -> %s" % (tensor([count]), tensor(shape)),
                 "  %%l = call @forward(%%img) : (%s) -> %s" % (tensor(shape), tensor([1, batch, classes])),
                 "  %%u = tensor.cast %%l : %s to tensor<*xf32>" % tensor([1, batch, classes]),
                 "  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()",
                 "  return",
                 "}"]
    return "\n".join(text) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--width", type=int, default=64, help="channels of the first stage")
    parser.add_argument("--resolution", type=int, default=224)
    parser.add_argument("--classes", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=1)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--main", action="store_true",
                        help="add a @main that runs one random image and prints the logits")
    parser.add_argument("--input-file",
                        help="with --main: also write the image as raw little-endian f32")
    args = parser.parse_args()
    print(generate(args.width, args.resolution, args.classes, args.seed, args.batch, args.main,
                   args.input_file), end="")


if __name__ == "__main__":
    main()
