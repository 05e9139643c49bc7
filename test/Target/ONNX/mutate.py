"""Mutation check of the ONNX front end: the models make_models.py writes,
damaged byte by byte (bits flipped, bytes overwritten, files truncated,
ranges deleted or repeated), field by field (a scalar of some message set
to a boundary value: 0, -1, 2^31, 2^62, an unknown enum, a name swapped
for another) and node by node (an operator replaced by another, inputs
dropped, added or swapped, attributes set to boundary values or added),
each imported with `qnn-translate --import-onnx` and, when
that succeeds, converted with `qnn-opt --convert-onnx-to-qnn` (and the
layout pass the pipeline runs after it). Either tool
must end with exit code 0, or 1 with an `error:` message: never a signal,
an abort, an assertion or an LLVM fatal error. Deterministic for a seed.

    mutate.py --translate BIN --opt BIN --work DIR [--count N] [--seed S]
              [--jobs J] [--keep DIR]

Prints one line per failing mutant (kept under --keep, or the work
directory, with the command that fails on it) and a summary; exits 1 when
any failed.
"""
import argparse
import concurrent.futures
import os
import random
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_models  # noqa: E402

from google.protobuf import descriptor  # noqa: E402

# Words in a tool's output that mean it died instead of reporting an error.
CRASH_MARKERS = ("LLVM ERROR", "Assertion", "Stack dump", "PLEASE submit",
                 "terminate called", "Segmentation fault", "AddressSanitizer",
                 "UndefinedBehaviorSanitizer", "runtime error:")

INTERESTING_INTS = [0, 1, -1, 2, 3, 7, 8, 9, 16, 17, 21, 22, 25, 26, 99, 255, 256,
                    1 << 31, -(1 << 31), (1 << 31) - 1, 1 << 32, 1 << 40, 1 << 62,
                    (1 << 63) - 1, -(1 << 63)]
INTERESTING_FLOATS = [0.0, -0.0, 1.0, -1.0, 0.5, 1e-45, 1e38, 3.5e38, float("inf"),
                      float("-inf"), float("nan"), 9.0, 1e300]


FD = descriptor.FieldDescriptor
INT_RANGES = {FD.TYPE_INT32: (-(1 << 31), 1 << 31), FD.TYPE_SINT32: (-(1 << 31), 1 << 31),
              FD.TYPE_SFIXED32: (-(1 << 31), 1 << 31), FD.TYPE_ENUM: (-(1 << 31), 1 << 31),
              FD.TYPE_UINT32: (0, 1 << 32), FD.TYPE_FIXED32: (0, 1 << 32),
              FD.TYPE_UINT64: (0, 1 << 64), FD.TYPE_FIXED64: (0, 1 << 64)}


def base_models():
    """(name, serialized model) of every model make_models.py builds."""
    out = []
    for name in sorted(make_models.MODELS):
        out.append((name, make_models.MODELS[name]().SerializeToString()))
    return out


def byte_mutant(data, rng):
    """`data` with one to three random byte-level changes."""
    data = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        if not data:
            break
        kind = rng.randrange(6)
        at = rng.randrange(len(data))
        if kind == 0:
            data[at] ^= 1 << rng.randrange(8)
        elif kind == 1:
            data[at] = rng.choice([0x00, 0xFF, 0x7F, 0x80, 0x01, rng.randrange(256)])
        elif kind == 2:
            del data[at:]
        elif kind == 3:
            del data[at:at + rng.randint(1, 16)]
        elif kind == 4:
            end = min(len(data), at + rng.randint(1, 32))
            data[at:at] = data[at:end]
        else:
            data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
    return bytes(data)


def messages(msg):
    """Every message in `msg`'s tree (itself included)."""
    out = [msg]
    for field, value in msg.ListFields():
        if field.type != descriptor.FieldDescriptor.TYPE_MESSAGE:
            continue
        if field.label == descriptor.FieldDescriptor.LABEL_REPEATED:
            for v in value:
                out += messages(v)
        else:
            out += messages(value)
    return out


def strings_of(model):
    """The names the model uses (value, node and initializer names)."""
    names = set()
    for m in messages(model.graph):
        for field, value in m.ListFields():
            if field.type == descriptor.FieldDescriptor.TYPE_STRING:
                if field.label == descriptor.FieldDescriptor.LABEL_REPEATED:
                    names.update(value)
                else:
                    names.add(value)
    return sorted(names) + [""]


def field_mutant(data, rng):
    """`data` parsed, one to three scalar fields of random messages set to
    boundary values (or a repeated field shortened, lengthened or cleared),
    serialized again."""
    model = make_models.onnx.ModelProto()
    model.ParseFromString(data)
    names = strings_of(model)
    for _ in range(rng.randint(1, 3)):
        msg = rng.choice(messages(model))
        fields = [f for f in msg.DESCRIPTOR.fields
                  if f.type != descriptor.FieldDescriptor.TYPE_MESSAGE]
        if not fields:
            continue
        f = rng.choice(fields)
        repeated = f.label == descriptor.FieldDescriptor.LABEL_REPEATED
        t = f.type
        if t in (descriptor.FieldDescriptor.TYPE_STRING, descriptor.FieldDescriptor.TYPE_BYTES):
            value = rng.choice(names) if t == descriptor.FieldDescriptor.TYPE_STRING else \
                bytes(rng.randrange(256) for _ in range(rng.choice([0, 1, 3, 4, 8, 16])))
        elif t in (descriptor.FieldDescriptor.TYPE_FLOAT, descriptor.FieldDescriptor.TYPE_DOUBLE):
            value = rng.choice(INTERESTING_FLOATS)
        elif t == descriptor.FieldDescriptor.TYPE_BOOL:
            value = rng.random() < 0.5
        else:
            # Wrapped into the field's range.
            lo, hi = INT_RANGES.get(t, (-(1 << 63), 1 << 63))
            value = lo + (rng.choice(INTERESTING_INTS) - lo) % (hi - lo)
        try:
            if repeated:
                field = getattr(msg, f.name)
                choice = rng.randrange(4)
                if choice == 0 or not len(field):
                    field.append(value)
                elif choice == 1:
                    field[rng.randrange(len(field))] = value
                elif choice == 2:
                    del field[rng.randrange(len(field)):]
                else:
                    field.append(field[rng.randrange(len(field))])
            else:
                setattr(msg, f.name, value)
        except (ValueError, TypeError):
            continue
    return model.SerializeToString()


OP_TYPES = ["Add", "Sub", "Mul", "Div", "Pow", "Max", "Min", "Sum", "Mean", "Relu",
            "LeakyRelu", "Clip", "Cast", "CastLike", "Where", "Equal", "Less", "Not",
            "And", "Abs", "Neg", "Sqrt", "Exp", "Sigmoid", "Identity", "Dropout",
            "Shape", "Size", "ConstantOfShape", "Range", "Constant", "Reshape",
            "Transpose", "Gather", "GatherElements", "Concat", "Slice", "Squeeze",
            "Unsqueeze", "Flatten", "Expand", "Tile", "Split", "Pad", "Resize",
            "Conv", "ConvTranspose", "MaxPool", "AveragePool", "GlobalAveragePool",
            "Gemm", "MatMul", "Einsum", "Softmax", "LogSoftmax", "ReduceMean",
            "ReduceSum", "ReduceMax", "ArgMax", "TopK", "CumSum",
            "BatchNormalization", "LayerNormalization", "InstanceNormalization",
            "QuantizeLinear", "DequantizeLinear", "QLinearConv", "QLinearMatMul",
            "MatMulInteger", "ConvInteger", "DynamicQuantizeLinear", "Quant",
            "BipolarQuant", "Trunc", "MultiThreshold", "Pact", "Sawb", "Binary"]
ATTR_NAMES = ["axis", "axes", "perm", "pads", "strides", "kernel_shape", "dilations",
              "group", "keepdims", "to", "transA", "transB", "alpha", "beta", "epsilon",
              "mode", "direction", "output_dtype", "block_size", "saturate", "allowzero",
              "auto_pad", "ceil_mode", "count_include_pad", "split", "starts", "ends",
              "value", "bits", "signed", "narrow", "rounding_mode", "fmod", "largest",
              "sorted", "exclusive", "reverse", "select_last_index", "noop_with_empty_axes"]
STRINGS = ["", "NCHW", "NHWC", "constant", "reflect", "edge", "wrap", "linear",
           "nearest", "cubic", "LEFT", "RIGHT", "tanh", "none", "ROUND", "FLOOR",
           "CEIL", "SAME_UPPER", "VALID", "NOTSET", "ij,jk->ik", "FLOAT", "x"]


def random_attribute(rng, name):
    """An AttributeProto called `name` of a random kind and value."""
    kind = rng.randrange(5)
    if kind == 0:
        return make_models.helper.make_attribute(name, rng.choice(INTERESTING_INTS[:-3] +
                                                                  [-2, -3, 4, 5, 6]))
    if kind == 1:
        return make_models.helper.make_attribute(name, rng.choice(INTERESTING_FLOATS))
    if kind == 2:
        return make_models.helper.make_attribute(name, rng.choice(STRINGS))
    if kind == 3:
        values = [rng.choice([-2, -1, 0, 1, 2, 3, 4, 1 << 31, 1 << 40])
                  for _ in range(rng.randrange(7))]
        a = make_models.onnx.AttributeProto(name=name, type=make_models.onnx.AttributeProto.INTS)
        a.ints.extend(values)
        return a
    a = make_models.onnx.AttributeProto(name=name, type=make_models.onnx.AttributeProto.FLOATS)
    a.floats.extend(rng.choice(INTERESTING_FLOATS) for _ in range(rng.randrange(5)))
    return a


def node_mutant(data, rng):
    """`data` parsed, one to three nodes changed: operator replaced, inputs
    dropped / added / swapped / emptied, attributes replaced, removed or
    added, the opset changed; serialized again."""
    model = make_models.onnx.ModelProto()
    model.ParseFromString(data)
    graph = model.graph
    if not graph.node:
        return data
    names = sorted({v for n in graph.node for v in list(n.input) + list(n.output)} |
                   {i.name for i in graph.input} | {t.name for t in graph.initializer})
    for _ in range(rng.randint(1, 3)):
        node = rng.choice(graph.node)
        kind = rng.randrange(9)
        if kind == 0:
            node.op_type = rng.choice(OP_TYPES)
        elif kind == 1 and node.input:
            del node.input[rng.randrange(len(node.input))]
        elif kind == 2:
            node.input.insert(rng.randrange(len(node.input) + 1), rng.choice(names + [""]))
        elif kind == 3 and len(node.input) > 1:
            i, j = rng.sample(range(len(node.input)), 2)
            node.input[i], node.input[j] = node.input[j], node.input[i]
        elif kind == 4 and node.attribute:
            a = node.attribute[rng.randrange(len(node.attribute))]
            replacement = random_attribute(rng, a.name)
            a.Clear()
            a.CopyFrom(replacement)
        elif kind == 5 and node.attribute:
            del node.attribute[rng.randrange(len(node.attribute))]
        elif kind == 6:
            name = rng.choice(ATTR_NAMES)
            if all(a.name != name for a in node.attribute):
                node.attribute.append(random_attribute(rng, name))
        elif kind == 7 and model.opset_import:
            model.opset_import[rng.randrange(len(model.opset_import))].version = \
                rng.choice([1, 5, 6, 7, 9, 10, 11, 12, 13, 17, 19, 21, 23, 25, 28])
        elif kind == 8 and node.output:
            node.output.append(rng.choice(["extra", ""]))
    return model.SerializeToString()


def run(cmd):
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60)
    return proc.returncode, proc.stderr.decode(errors="replace")


def judge(rc, err):
    """None when a tool ended properly, else why not."""
    if rc < 0:
        return "killed by signal %d" % -rc
    if rc not in (0, 1):
        return "exit code %d" % rc
    for marker in CRASH_MARKERS:
        if marker in err:
            return "'%s' in its output" % marker
    if rc == 1 and "error:" not in err:
        return "exit code 1 without an error message"
    return None


def check(args, index, name, data):
    """Imports and converts one mutant; (index, outcome, failure or None)."""
    path = os.path.join(args.work, "m%05d.onnx" % index)
    with open(path, "wb") as f:
        f.write(data)
    ir = path[:-5] + ".mlirbc"
    try:
        cmd = [args.translate, "--import-onnx", path, "--emit-bytecode", "-o", ir]
        rc, err = run(cmd)
        why = judge(rc, err)
        if why:
            return index, "crash", (name, cmd, why, err)
        if rc != 0:
            return index, "refused", None
        cmd = [args.opt, ir, "--convert-onnx-to-qnn", "--qnn-optimize-layout", "-o",
               os.devnull]
        rc, err = run(cmd)
        why = judge(rc, err)
        if why:
            return index, "crash", (name, cmd, why, err)
        return index, "converted" if rc == 0 else "imported", None
    except subprocess.TimeoutExpired as e:
        return index, "crash", (name, e.cmd, "timed out", "")
    finally:
        for p in (ir,):
            if os.path.exists(p):
                os.remove(p)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--translate", required=True)
    parser.add_argument("--opt", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--keep", help="where failing mutants are kept")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    keep = args.keep or args.work
    os.makedirs(keep, exist_ok=True)

    rng = random.Random(args.seed)
    bases = base_models()
    mutants = []
    for i in range(args.count):
        name, data = bases[i % len(bases)]
        # A third each: byte-, field- and node-level.
        kind = i % 3
        mutant = (byte_mutant if kind == 0 else field_mutant if kind == 1
                  else node_mutant)(data, rng)
        mutants.append((name, mutant))

    counts = {"refused": 0, "imported": 0, "converted": 0, "crash": 0}
    failures = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = [pool.submit(check, args, i, name, data)
                   for i, (name, data) in enumerate(mutants)]
        for fut in concurrent.futures.as_completed(futures):
            index, outcome, failure = fut.result()
            counts[outcome] += 1
            path = os.path.join(args.work, "m%05d.onnx" % index)
            if failure:
                failures.append((index, failure))
                kept = os.path.join(keep, "crash-%d-%05d.onnx" % (args.seed, index))
                os.replace(path, kept)
            elif os.path.exists(path):
                os.remove(path)
    for index, (name, cmd, why, err) in sorted(failures):
        tail = err.strip().splitlines()[-3:]
        print("FAIL mutant %d of %s: %s: %s\n  kept as %s\n  %s" % (
            index, name, " ".join(cmd), why,
            os.path.join(keep, "crash-%d-%05d.onnx" % (args.seed, index)),
            "\n  ".join(tail)))
    print("%d mutants of %d models (seed %d): %d refused by the importer, %d imported "
          "but not converted, %d converted; crashes: %d" % (
              args.count, len(bases), args.seed, counts["refused"], counts["imported"],
              counts["converted"], counts["crash"]))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
