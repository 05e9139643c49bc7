//===- DataMovement.cpp - ONNX reshapes, slices, gathers, pads ------------===//
//
// Operators that move elements: Reshape, Flatten, Squeeze, Unsqueeze,
// Transpose, Concat, Split, Slice, Gather, GatherElements, GatherND,
// Scatter, ScatterElements, ScatterND, Expand, Tile, Pad, CenterCropPad,
// DepthToSpace, SpaceToDepth, OneHot, Trilu, EyeLike, ReverseSequence,
// Compress, Resize and Upsample, on run-time data of any element type.
// Shapes, axes, pads, slice bounds, resize scales and sizes must be known
// at compile time (qnn compiles static shapes); gather and scatter indices
// may be run-time values, and are clamped so that no access leaves a
// tensor.
//
//===----------------------------------------------------------------------===//

#include "Common.h"
#include "PopulateHandlers.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Tosa/Utils/ConversionUtils.h"

#include <cmath>
#include <cstdio>
#include <limits>

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::onnx_to_qnn;

namespace {

Value indexConst(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}

/// `raw`, an integer read from run-time data, as an index into a dimension
/// of `size`: negative values count from the end (as ONNX says), and the
/// result is clamped into [0, size) so that no access leaves the tensor
/// (ONNX calls indices out of range an error; qnn reads a valid element).
Value wrapIndex(OpBuilder &b, Location loc, Value raw, bool isUnsigned,
                int64_t size) {
  Value i = raw;
  if (!i.getType().isIndex())
    i = isUnsigned ? arith::IndexCastUIOp::create(b, loc, b.getIndexType(), raw)
                         .getResult()
                   : arith::IndexCastOp::create(b, loc, b.getIndexType(), raw)
                         .getResult();
  Value last = indexConst(b, loc, std::max<int64_t>(size - 1, 0));
  if (isUnsigned)
    return arith::MinUIOp::create(b, loc, i, last);
  Value zero = indexConst(b, loc, 0);
  Value neg = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, i, zero);
  i = arith::SelectOp::create(
      b, loc, neg, arith::AddIOp::create(b, loc, i, indexConst(b, loc, size)),
      i);
  i = arith::MaxSIOp::create(b, loc, i, zero);
  return arith::MinSIOp::create(b, loc, i, last);
}

/// `v` as a diagnostic shows it: 0.5, not 5.000000e-01.
std::string formatNumber(double v) {
  char text[32];
  std::snprintf(text, sizeof(text), "%g", v);
  return text;
}

LogicalResult convertReshape(NodeBinder &n) {
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  auto xt = NodeBinder::typeOf(*x);
  SmallVector<int64_t> shape;
  if (n.since() < 5) {
    n.ignore("consumed_inputs");
    shape = n.i64s("shape");
  } else {
    FailureOr<SmallVector<int64_t>> s = n.constantInts(1, "shape");
    if (failed(s))
      return failure();
    shape = *s;
  }
  bool allowZero = n.since() >= 14 && n.i64("allowzero", 0) != 0;
  int64_t known = 1, inferred = -1;
  for (auto [i, d] : llvm::enumerate(shape)) {
    if (d == 0 && !allowZero) {
      if (int64_t(i) >= xt.getRank())
        return n.error() << "shape entry " << i
                         << " is 0 (copy) past the input's rank";
      d = xt.getDimSize(int64_t(i));
    }
    if (d == -1) {
      if (inferred >= 0)
        return n.error() << "more than one -1 in the shape";
      inferred = int64_t(i);
      continue;
    }
    if (d < 0)
      return n.error() << "invalid shape entry " << d;
    if (llvm::MulOverflow(known, d, known))
      return n.error() << "output 0 [" << shape
                       << "]: its element count overflows 64 bits";
  }
  if (inferred >= 0) {
    if (known == 0 || xt.getNumElements() % known != 0)
      return n.error() << "cannot infer the -1 entry of shape [" << shape
                       << "] for " << xt.getNumElements() << " elements";
    shape[size_t(inferred)] = xt.getNumElements() / known;
  }
  if (numElements(shape) != xt.getNumElements())
    return n.error() << "cannot reshape [" << xt.getShape() << "] to [" << shape
                     << "]";
  return n.output(0, reshape(n.b, *x, shape));
}

LogicalResult convertFlatten(NodeBinder &n) {
  int64_t axisAttr = n.i64("axis", 1);
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  auto xt = NodeBinder::typeOf(*x);
  int64_t axis = axisAttr < 0 ? axisAttr + xt.getRank() : axisAttr;
  if (axis < 0 || axis > xt.getRank())
    return n.error() << "axis " << axisAttr << " is out of range for rank "
                     << xt.getRank();
  int64_t outer = numElements(xt.getShape().take_front(axis));
  int64_t inner = numElements(xt.getShape().drop_front(axis));
  return n.output(0, reshape(n.b, *x, {outer, inner}));
}

/// Squeeze and Unsqueeze: axes as an attribute before opset 13, an input
/// from 13.
LogicalResult convertSqueeze(NodeBinder &n) {
  bool squeeze = n.opType() == "Squeeze";
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  SmallVector<int64_t> axes;
  bool given;
  if (n.since() < 13) {
    given = n.hasAttr("axes");
    axes = n.i64s("axes");
  } else {
    given = n.has(1);
    if (given) {
      FailureOr<SmallVector<int64_t>> a = n.constantInts(1, "axes");
      if (failed(a))
        return failure();
      axes = *a;
    }
  }
  auto xt = NodeBinder::typeOf(*x);
  int64_t outRank =
      squeeze ? xt.getRank() : xt.getRank() + int64_t(axes.size());
  SmallVector<bool> marked(outRank, false);
  for (int64_t a : axes) {
    std::optional<int64_t> axis = normalizeAxis(a, outRank);
    if (!axis)
      return n.error() << "axis " << a << " is out of range for rank "
                       << outRank;
    if (marked[*axis])
      return n.error() << "axis " << a << " is given twice";
    marked[*axis] = true;
  }
  SmallVector<int64_t> shape;
  if (squeeze) {
    for (int64_t d = 0; d < xt.getRank(); ++d) {
      bool drop = given ? marked[d] : xt.getDimSize(d) == 1;
      if (drop && xt.getDimSize(d) != 1)
        return n.error() << "dimension " << d << " has size "
                         << xt.getDimSize(d) << ", not 1";
      if (!drop)
        shape.push_back(xt.getDimSize(d));
    }
  } else {
    if (axes.empty())
      return n.error() << "axes are required";
    int64_t next = 0;
    for (int64_t d = 0; d < outRank; ++d)
      shape.push_back(marked[d] ? 1 : xt.getDimSize(next++));
  }
  return n.output(0, reshape(n.b, *x, shape));
}

LogicalResult convertTranspose(NodeBinder &n) {
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  int64_t rank = NodeBinder::typeOf(*x).getRank();
  SmallVector<int64_t> perm = n.i64s("perm");
  if (perm.empty())
    for (int64_t d = rank - 1; d >= 0; --d)
      perm.push_back(d);
  SmallVector<int64_t> sorted(perm);
  llvm::sort(sorted);
  if (int64_t(perm.size()) != rank ||
      llvm::any_of(llvm::enumerate(sorted),
                   [](auto e) { return int64_t(e.index()) != e.value(); }))
    return n.error() << "perm [" << perm << "] is not a permutation of rank "
                     << rank;
  SmallVector<int32_t> p(perm.begin(), perm.end());
  return n.output(0, transpose(n.b, *x, p));
}

LogicalResult convertConcat(NodeBinder &n) {
  int64_t axisAttr = n.i64("axis", n.since() < 4 ? 1 : 0);
  SmallVector<Value> inputs;
  for (unsigned i = 0; i < n.numInputs(); ++i) {
    FailureOr<Value> v = n.input(i);
    if (failed(v))
      return failure();
    if (n.onnxElementType(i) != n.onnxElementType(0))
      return n.error() << "inputs differ in element type";
    inputs.push_back(*v);
  }
  if (inputs.empty())
    return n.error() << "needs at least one input";
  auto first = NodeBinder::typeOf(inputs.front());
  std::optional<int64_t> axis = normalizeAxis(axisAttr, first.getRank());
  if (!axis)
    return n.error() << "axis " << axisAttr << " is out of range";
  SmallVector<int64_t> shape(first.getShape());
  shape[*axis] = 0;
  SmallVector<Value> parts;
  for (Value v : inputs) {
    auto t = NodeBinder::typeOf(v);
    if (t.getRank() != first.getRank())
      return n.error() << "inputs differ in rank";
    for (int64_t d = 0; d < first.getRank(); ++d)
      if (d != *axis && t.getDimSize(d) != first.getDimSize(d))
        return n.error() << "inputs differ outside the concatenated axis: ["
                         << first.getShape() << "] and [" << t.getShape()
                         << "]";
    shape[*axis] += t.getDimSize(*axis);
    if (t.getNumElements() > 0)
      parts.push_back(v);
  }
  auto type = RankedTensorType::get(shape, first.getElementType());
  if (parts.empty())
    return n.output(
        0, tensor::EmptyOp::create(n.b, shape, first.getElementType()));
  if (parts.size() == 1)
    return n.output(0, parts.front());
  if (numElements(shape) == 0)
    return n.output(0, tensor::ConcatOp::create(n.b, type, *axis, parts));
  return n.output(0, tosa::ConcatOp::create(n.b, type, parts,
                                            n.b.getI32IntegerAttr(*axis)));
}

/// The elements [begin, begin + size * step) of `x` (steps positive or
/// negative).
Value strided(ImplicitLocOpBuilder &b, Value x, ArrayRef<int64_t> begin,
              ArrayRef<int64_t> size, ArrayRef<int64_t> step) {
  auto t = cast<RankedTensorType>(x.getType());
  if (llvm::all_of(step, [](int64_t s) { return s == 1; })) {
    if (ArrayRef<int64_t>(size) == t.getShape())
      return x;
    if (numElements(size) != 0)
      return tosa::SliceOp::create(
          b, RankedTensorType::get(size, t.getElementType()), x,
          tosa::getTosaConstShape(b, begin), tosa::getTosaConstShape(b, size));
  }
  if (numElements(size) == 0)
    return tensor::EmptyOp::create(b, size, t.getElementType());
  return gatherByIndex(
      b, x, size, [&](OpBuilder &nb, Location loc, ValueRange idx) {
        SmallVector<Value> from;
        for (size_t d = 0; d < size.size(); ++d)
          from.push_back(arith::AddIOp::create(
              nb, loc, indexConst(nb, loc, begin[d]),
              arith::MulIOp::create(nb, loc, idx[d],
                                    indexConst(nb, loc, step[d]))));
        return from;
      });
}

} // namespace

FailureOr<SliceBounds>
mlir::qnn::onnx_to_qnn::resolveSlice(NodeBinder &n, ArrayRef<int64_t> shape) {
  SmallVector<int64_t> starts, ends, axes, steps;
  if (n.since() < 10) {
    starts = n.i64s("starts");
    ends = n.i64s("ends");
    axes = n.i64s("axes");
  } else {
    FailureOr<SmallVector<int64_t>> s = n.constantInts(1, "starts"),
                                    e = n.constantInts(2, "ends");
    if (failed(s) || failed(e))
      return failure();
    starts = *s;
    ends = *e;
    if (n.has(3)) {
      FailureOr<SmallVector<int64_t>> a = n.constantInts(3, "axes");
      if (failed(a))
        return failure();
      axes = *a;
    }
    if (n.has(4)) {
      FailureOr<SmallVector<int64_t>> st = n.constantInts(4, "steps");
      if (failed(st))
        return failure();
      steps = *st;
    }
  }
  int64_t rank = int64_t(shape.size());
  if (axes.empty())
    for (size_t i = 0; i < starts.size(); ++i)
      axes.push_back(int64_t(i));
  if (steps.empty())
    steps.assign(starts.size(), 1);
  if (ends.size() != starts.size() || axes.size() != starts.size() ||
      steps.size() != starts.size())
    return n.error() << "starts, ends, axes and steps differ in length";
  SliceBounds bounds;
  bounds.begin.assign(rank, 0);
  bounds.step.assign(rank, 1);
  bounds.count.assign(shape.begin(), shape.end());
  SmallVector<bool> seen(rank, false);
  for (size_t i = 0; i < starts.size(); ++i) {
    std::optional<int64_t> a = normalizeAxis(axes[i], rank);
    if (!a)
      return n.error() << "axis " << axes[i] << " is out of range";
    if (seen[*a])
      return n.error() << "axis " << axes[i] << " is given twice";
    seen[*a] = true;
    int64_t size = shape[*a], st = steps[i];
    if (st == 0)
      return n.error() << "a step is 0";
    // ONNX's clamping: [0, size] going forward; backward, starts to
    // [0, size - 1] and ends to [-1, size - 1].
    auto clampIndex = [&](int64_t v, bool forEnd) {
      if (v < 0)
        v = v < -size ? (st > 0 || !forEnd ? 0 : -1) : v + size;
      if (st > 0)
        return std::clamp<int64_t>(v, 0, size);
      return std::clamp<int64_t>(v, forEnd ? -1 : 0, size - 1);
    };
    int64_t s = clampIndex(starts[i], false), e = clampIndex(ends[i], true);
    int64_t c = st > 0 ? std::max<int64_t>(0, (e - s + st - 1) / st)
                       : std::max<int64_t>(0, (s - e + (-st) - 1) / -st);
    bounds.begin[*a] = s;
    bounds.step[*a] = st;
    bounds.count[*a] = c;
  }
  return bounds;
}

namespace {

LogicalResult convertSlice(NodeBinder &n) {
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  FailureOr<SliceBounds> bounds =
      resolveSlice(n, NodeBinder::typeOf(*x).getShape());
  if (failed(bounds))
    return failure();
  return n.output(0,
                  strided(n.b, *x, bounds->begin, bounds->count, bounds->step));
}

LogicalResult convertSplit(NodeBinder &n) {
  int64_t axisAttr = n.i64("axis", 0);
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  auto xt = NodeBinder::typeOf(*x);
  std::optional<int64_t> axis = normalizeAxis(axisAttr, xt.getRank());
  if (!axis)
    return n.error() << "axis " << axisAttr << " is out of range";
  int64_t size = xt.getDimSize(*axis);
  SmallVector<int64_t> split;
  if (n.since() < 13) {
    split = n.i64s("split");
    if (n.since() < 2 && n.has(1)) {
      FailureOr<SmallVector<int64_t>> s = n.constantInts(1, "split");
      if (failed(s))
        return failure();
      split = *s;
    }
  } else if (n.has(1)) {
    FailureOr<SmallVector<int64_t>> s = n.constantInts(1, "split");
    if (failed(s))
      return failure();
    split = *s;
  }
  int64_t outputs = int64_t(n.numOutputs());
  if (n.since() >= 18 && n.hasAttr("num_outputs")) {
    int64_t num = n.i64("num_outputs", 0);
    if (num != outputs)
      return n.error() << "num_outputs " << num << " differs from the "
                       << outputs << " outputs";
    if (split.empty()) {
      // Equal parts, the last smaller.
      int64_t part = (size + num - 1) / num;
      for (int64_t i = 0; i < num; ++i)
        split.push_back(std::max<int64_t>(0, std::min(part, size - i * part)));
    }
  }
  if (split.empty()) {
    if (outputs < 1 || size % outputs != 0)
      return n.error() << "dimension of size " << size
                       << " does not split into " << outputs << " equal parts";
    split.assign(outputs, size / outputs);
  }
  if (int64_t(split.size()) != outputs)
    return n.error() << "split has " << split.size() << " parts for " << outputs
                     << " outputs";
  int64_t total = 0;
  for (int64_t s : split) {
    if (s < 0)
      return n.error() << "negative split size " << s;
    total += s;
  }
  if (total != size)
    return n.error() << "split sizes add up to " << total << ", not " << size;
  int64_t offset = 0;
  SmallVector<int64_t> ones(xt.getRank(), 1);
  for (int64_t i = 0; i < outputs; ++i) {
    SmallVector<int64_t> begin(xt.getRank(), 0), count(xt.getShape());
    begin[*axis] = offset;
    count[*axis] = split[i];
    offset += split[i];
    if (failed(n.output(unsigned(i), strided(n.b, *x, begin, count, ones))))
      return failure();
  }
  return success();
}

LogicalResult convertGather(NodeBinder &n) {
  int64_t axisAttr = n.i64("axis", 0);
  FailureOr<Value> data = n.input(0), indices = n.input(1);
  if (failed(data) || failed(indices))
    return failure();
  auto dt = NodeBinder::typeOf(*data), it = NodeBinder::typeOf(*indices);
  if (!isa<IntegerType>(it.getElementType()))
    return n.error() << "indices must be integers";
  std::optional<int64_t> axis = normalizeAxis(axisAttr, dt.getRank());
  if (!axis)
    return n.error() << "axis " << axisAttr << " is out of range for rank "
                     << dt.getRank();
  int64_t size = dt.getDimSize(*axis);
  if (ElementsAttr c = n.constant(1)) {
    std::optional<SmallVector<int64_t>> picks = readInts(c, n.isUnsigned(1));
    for (int64_t p : picks ? *picks : SmallVector<int64_t>())
      if (p < -size || p >= size)
        return n.error() << "index " << p << " is out of range for size "
                         << size;
  }
  SmallVector<int64_t> shape(dt.getShape().take_front(*axis));
  llvm::append_range(shape, it.getShape());
  llvm::append_range(shape, dt.getShape().drop_front(*axis + 1));
  if (numElements(shape) == 0)
    return n.output(0,
                    tensor::EmptyOp::create(n.b, shape, dt.getElementType()));
  if (size == 0)
    return n.error() << "cannot gather from axis " << *axis << " of size 0";
  int64_t irank = it.getRank();
  bool isUnsigned = n.isUnsigned(1);
  Value y = gatherByIndex(
      n.b, *data, shape, [&](OpBuilder &b, Location loc, ValueRange idx) {
        SmallVector<Value> at;
        for (int64_t d = 0; d < irank; ++d)
          at.push_back(idx[*axis + d]);
        Value raw =
            irank == 0
                ? tensor::ExtractOp::create(b, loc, *indices, ValueRange{})
                      .getResult()
                : tensor::ExtractOp::create(b, loc, *indices, at).getResult();
        Value i = wrapIndex(b, loc, raw, isUnsigned, size);
        SmallVector<Value> from;
        for (int64_t d = 0; d < *axis; ++d)
          from.push_back(idx[d]);
        from.push_back(i);
        for (int64_t d = *axis + 1; d < dt.getRank(); ++d)
          from.push_back(idx[d - 1 + irank]);
        return from;
      });
  return n.output(0, y, n.onnxElementType(0));
}

LogicalResult convertExpand(NodeBinder &n) {
  FailureOr<Value> x = n.input(0);
  FailureOr<SmallVector<int64_t>> shape = n.constantInts(1, "shape");
  if (failed(x) || failed(shape))
    return failure();
  auto xt = NodeBinder::typeOf(*x);
  std::optional<SmallVector<int64_t>> out =
      broadcastShapes({xt.getShape(), *shape});
  if (!out)
    return n.error() << "input of shape [" << xt.getShape()
                     << "] does not broadcast with [" << *shape << "]";
  return n.output(0, broadcastTo(n.b, *x, *out));
}

LogicalResult convertTile(NodeBinder &n) {
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  SmallVector<int64_t> repeats;
  FailureOr<SmallVector<int64_t>> r = n.constantInts(1, "repeats");
  if (failed(r))
    return failure();
  repeats = *r;
  auto xt = NodeBinder::typeOf(*x);
  if (int64_t(repeats.size()) != xt.getRank())
    return n.error() << "repeats has " << repeats.size() << " values for rank "
                     << xt.getRank();
  SmallVector<int64_t> shape;
  for (auto [d, rep] : llvm::enumerate(repeats)) {
    if (rep < 0)
      return n.error() << "negative repeat " << rep;
    shape.push_back(xt.getDimSize(int64_t(d)) * rep);
  }
  if (numElements(shape) == 0)
    return n.output(0,
                    tensor::EmptyOp::create(n.b, shape, xt.getElementType()));
  Value y = gatherByIndex(
      n.b, *x, shape, [&](OpBuilder &b, Location loc, ValueRange idx) {
        SmallVector<Value> from;
        for (int64_t d = 0; d < xt.getRank(); ++d)
          from.push_back(arith::RemUIOp::create(
              b, loc, idx[d], indexConst(b, loc, xt.getDimSize(d))));
        return from;
      });
  return n.output(0, y);
}

LogicalResult convertPad(NodeBinder &n) {
  std::string mode = n.str("mode", "constant");
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  auto xt = NodeBinder::typeOf(*x);
  int64_t rank = xt.getRank();
  Type element = xt.getElementType();
  SmallVector<int64_t> pads, axes;
  double value = 0.0;
  Value valueTensor;
  if (n.since() < 11) {
    pads = n.i64s(n.since() < 2 ? "paddings" : "pads");
    value = n.f32("value", 0.0f);
  } else {
    FailureOr<SmallVector<int64_t>> p = n.constantInts(1, "pads");
    if (failed(p))
      return failure();
    pads = *p;
    if (n.has(2)) {
      valueTensor = n.optionalInput(2);
      if (NodeBinder::typeOf(valueTensor).getNumElements() != 1)
        return n.error() << "constant_value must be a scalar";
      if (ElementsAttr c = n.constant(2)) {
        std::optional<SmallVector<double>> v = readDoubles(c, n.isUnsigned(2));
        if (v)
          value = (*v)[0];
        valueTensor = {};
      }
    }
    if (n.has(3)) {
      FailureOr<SmallVector<int64_t>> a = n.constantInts(3, "axes");
      if (failed(a))
        return failure();
      axes = *a;
    }
  }
  if (axes.empty())
    for (int64_t d = 0; d < rank; ++d)
      axes.push_back(d);
  if (pads.size() != 2 * axes.size())
    return n.error() << "pads has " << pads.size() << " values for "
                     << axes.size() << " axes";
  SmallVector<int64_t> lo(rank, 0), hi(rank, 0);
  for (auto [i, a] : llvm::enumerate(axes)) {
    std::optional<int64_t> d = normalizeAxis(a, rank);
    if (!d)
      return n.error() << "axis " << a << " is out of range";
    lo[*d] = pads[i];
    hi[*d] = pads[i + axes.size()];
  }
  if (mode != "constant" && mode != "reflect" && mode != "edge" &&
      mode != "wrap")
    return n.error() << "mode '" << mode << "' is not constant, reflect, edge "
                     << "or wrap";
  if (mode == "wrap" && n.since() < 19)
    return n.error() << "mode 'wrap' needs opset 19";
  ImplicitLocOpBuilder &b = n.b;
  // Negative pads crop first.
  SmallVector<int64_t> begin(rank, 0), size(xt.getShape()), ones(rank, 1);
  for (int64_t d = 0; d < rank; ++d) {
    if (lo[d] < 0) {
      begin[d] = -lo[d];
      size[d] += lo[d];
      lo[d] = 0;
    }
    if (hi[d] < 0) {
      size[d] += hi[d];
      hi[d] = 0;
    }
    if (size[d] < 0)
      return n.error() << "negative pads crop more than dimension " << d
                       << " holds";
  }
  Value v = strided(b, *x, begin, size, ones);
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < rank; ++d)
    shape.push_back(size[d] + lo[d] + hi[d]);
  if (llvm::all_of(lo, [](int64_t p) { return p == 0; }) &&
      llvm::all_of(hi, [](int64_t p) { return p == 0; }))
    return n.output(0, v);
  if (mode != "constant")
    for (int64_t d = 0; d < rank; ++d)
      if ((lo[d] || hi[d]) && size[d] == 0)
        return n.error() << "cannot pad an empty dimension in mode '" << mode
                         << "'";
  if (mode == "reflect")
    for (int64_t d = 0; d < rank; ++d)
      if (lo[d] >= size[d] || hi[d] >= size[d])
        return n.error() << "reflect pads of dimension " << d
                         << " must be smaller than its size " << size[d];
  if (mode == "constant" && !valueTensor && numElements(shape) > 0 &&
      numElements(size) > 0) {
    SmallVector<int64_t> padding;
    for (int64_t d = 0; d < rank; ++d) {
      padding.push_back(lo[d]);
      padding.push_back(hi[d]);
    }
    Value padConst = splat(b, RankedTensorType::get({1}, element), value);
    return n.output(
        0, tosa::PadOp::create(b, RankedTensorType::get(shape, element), v,
                               tosa::getTosaConstShape(b, padding), padConst));
  }
  if (numElements(shape) == 0)
    return n.output(0, tensor::EmptyOp::create(b, shape, element));
  if (mode == "constant") {
    // Run-time fill value (or an empty input): select per element.
    Value fill = valueTensor
                     ? reshape(b, valueTensor, {})
                     : splat(b, RankedTensorType::get({}, element), value);
    SmallVector<int64_t> safeSize(size);
    bool empty = numElements(size) == 0;
    Value src = empty ? Value() : v;
    Value y = elementwise(
        b, fill, shape, element,
        [&](OpBuilder &nb, Location loc, ValueRange f) -> Value {
          if (empty)
            return f[0];
          Value inside = scalar(nb, loc, nb.getI1Type(), 1);
          SmallVector<Value> from;
          for (int64_t d = 0; d < rank; ++d) {
            Value i = linalg::IndexOp::create(nb, loc, uint64_t(d));
            Value s =
                arith::SubIOp::create(nb, loc, i, indexConst(nb, loc, lo[d]));
            Value ok = arith::AndIOp::create(
                nb, loc,
                arith::CmpIOp::create(nb, loc, arith::CmpIPredicate::sge, s,
                                      indexConst(nb, loc, 0)),
                arith::CmpIOp::create(nb, loc, arith::CmpIPredicate::slt, s,
                                      indexConst(nb, loc, safeSize[d])));
            inside = arith::AndIOp::create(nb, loc, inside, ok);
            s = arith::MaxSIOp::create(nb, loc, s, indexConst(nb, loc, 0));
            s = arith::MinSIOp::create(nb, loc, s,
                                       indexConst(nb, loc, safeSize[d] - 1));
            from.push_back(s);
          }
          Value read = tensor::ExtractOp::create(nb, loc, src, from);
          return arith::SelectOp::create(nb, loc, inside, read, f[0]);
        });
    return n.output(0, y);
  }
  Value y = gatherByIndex(
      b, v, shape, [&](OpBuilder &nb, Location loc, ValueRange idx) {
        SmallVector<Value> from;
        for (int64_t d = 0; d < rank; ++d) {
          Value s = arith::SubIOp::create(nb, loc, idx[d],
                                          indexConst(nb, loc, lo[d]));
          Value zero = indexConst(nb, loc, 0);
          Value last = indexConst(nb, loc, size[d] - 1);
          if (mode == "edge") {
            s = arith::MaxSIOp::create(nb, loc, s, zero);
            s = arith::MinSIOp::create(nb, loc, s, last);
          } else if (mode == "reflect") {
            // -k -> k; last + k -> last - k.
            Value neg = arith::CmpIOp::create(
                nb, loc, arith::CmpIPredicate::slt, s, zero);
            s = arith::SelectOp::create(
                nb, loc, neg, arith::SubIOp::create(nb, loc, zero, s), s);
            Value over = arith::CmpIOp::create(
                nb, loc, arith::CmpIPredicate::sgt, s, last);
            Value twiceLast = indexConst(nb, loc, 2 * (size[d] - 1));
            s = arith::SelectOp::create(
                nb, loc, over, arith::SubIOp::create(nb, loc, twiceLast, s), s);
          } else { // wrap
            Value sz = indexConst(nb, loc, size[d]);
            Value r = arith::RemSIOp::create(nb, loc, s, sz);
            Value neg = arith::CmpIOp::create(
                nb, loc, arith::CmpIPredicate::slt, r, zero);
            s = arith::SelectOp::create(
                nb, loc, neg, arith::AddIOp::create(nb, loc, r, sz), r);
          }
          from.push_back(s);
        }
        return from;
      });
  return n.output(0, y);
}

/// DepthToSpace (DCR / CRD) and SpaceToDepth: a reshape, a transpose and a
/// reshape.
LogicalResult convertDepthSpace(NodeBinder &n) {
  bool toSpace = n.opType() == "DepthToSpace";
  int64_t bs = n.i64("blocksize", 0);
  std::string mode = toSpace && n.since() >= 11 ? n.str("mode", "DCR") : "DCR";
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  auto xt = NodeBinder::typeOf(*x);
  if (xt.getRank() != 4)
    return n.error() << "input must be 4-D";
  if (bs < 1)
    return n.error() << "blocksize must be positive";
  if (mode != "DCR" && mode != "CRD")
    return n.error() << "mode '" << mode << "' is neither DCR nor CRD";
  int64_t N = xt.getDimSize(0), C = xt.getDimSize(1), H = xt.getDimSize(2),
          W = xt.getDimSize(3);
  ImplicitLocOpBuilder &b = n.b;
  if (toSpace) {
    if (C % (bs * bs) != 0)
      return n.error() << "channels " << C << " are not a multiple of "
                       << bs * bs;
    int64_t c = C / (bs * bs);
    Value t;
    if (mode == "DCR") {
      t = reshape(b, *x, {N, bs, bs, c, H, W});
      t = transpose(b, t, {0, 3, 4, 1, 5, 2});
    } else {
      t = reshape(b, *x, {N, c, bs, bs, H, W});
      t = transpose(b, t, {0, 1, 4, 2, 5, 3});
    }
    return n.output(0, reshape(b, t, {N, c, H * bs, W * bs}));
  }
  if (H % bs != 0 || W % bs != 0)
    return n.error() << "height " << H << " and width " << W
                     << " must be multiples of the block size " << bs;
  Value t = reshape(b, *x, {N, C, H / bs, bs, W / bs, bs});
  t = transpose(b, t, {0, 3, 5, 1, 2, 4});
  return n.output(0, reshape(b, t, {N, C * bs * bs, H / bs, W / bs}));
}

//===----------------------------------------------------------------------===//
// Gathers and scatters by run-time indices
//===----------------------------------------------------------------------===//

/// A tensor of `shape` whose element at i is `fn(i, extras[i])`, the
/// extras broadcast to `shape` (a linalg.generic; `fn` may read any tensor
/// with tensor.extract).
using GenerateFn = function_ref<Value(OpBuilder &, Location, ValueRange idx,
                                      ValueRange extras)>;
Value generate(ImplicitLocOpBuilder &b, ArrayRef<int64_t> shape, Type element,
               ValueRange extras, GenerateFn fn) {
  return elementwise(b, extras, shape, element,
                     [&](OpBuilder &nb, Location loc, ValueRange args) {
                       SmallVector<Value> idx;
                       for (size_t d = 0; d < shape.size(); ++d)
                         idx.push_back(
                             linalg::IndexOp::create(nb, loc, uint64_t(d)));
                       return fn(nb, loc, idx, args);
                     });
}

/// Checks the values of constant indices (input `i`) against [-size, size).
LogicalResult checkConstantIndices(NodeBinder &n, unsigned i, int64_t size) {
  ElementsAttr c = n.constant(i);
  if (!c)
    return success();
  std::optional<SmallVector<int64_t>> values = readInts(c, n.isUnsigned(i));
  for (int64_t v : values ? *values : SmallVector<int64_t>())
    if (v < -size || v >= size)
      return n.error() << "index " << v << " is out of range for size " << size;
  return success();
}

LogicalResult requireIntegerIndices(NodeBinder &n, unsigned i) {
  auto t = dyn_cast<IntegerType>(n.onnxElementType(i));
  if (!t || t.getWidth() == 1)
    return n.error() << "indices must be integers, not "
                     << n.onnxElementType(i);
  return success();
}

LogicalResult convertGatherElements(NodeBinder &n) {
  int64_t axisAttr = n.i64("axis", 0);
  FailureOr<Value> data = n.input(0), indices = n.input(1);
  if (failed(data) || failed(indices) || failed(requireIntegerIndices(n, 1)))
    return failure();
  auto dt = NodeBinder::typeOf(*data), it = NodeBinder::typeOf(*indices);
  if (dt.getRank() != it.getRank() || dt.getRank() < 1)
    return n.error() << "data [" << dt.getShape() << "] and indices ["
                     << it.getShape()
                     << "] must have the same rank, at least 1";
  std::optional<int64_t> axis = normalizeAxis(axisAttr, dt.getRank());
  if (!axis)
    return n.error() << "axis " << axisAttr << " is out of range for rank "
                     << dt.getRank();
  for (int64_t d = 0; d < dt.getRank(); ++d)
    if (d != *axis && it.getDimSize(d) > dt.getDimSize(d))
      return n.error() << "indices [" << it.getShape() << "] exceed data ["
                       << dt.getShape() << "] in dimension " << d;
  int64_t size = dt.getDimSize(*axis);
  if (failed(checkConstantIndices(n, 1, size)))
    return failure();
  if (it.getNumElements() == 0)
    return n.output(
        0, tensor::EmptyOp::create(n.b, it.getShape(), dt.getElementType()));
  if (size == 0)
    return n.error() << "cannot gather from axis " << *axis << " of size 0";
  bool isUnsigned = n.isUnsigned(1);
  Value y = gatherByIndex(
      n.b, *data, it.getShape(),
      [&](OpBuilder &b, Location loc, ValueRange args) {
        SmallVector<Value> from(args.take_front(dt.getRank()));
        from[*axis] = wrapIndex(b, loc, args.back(), isUnsigned, size);
        return from;
      },
      *indices);
  return n.output(0, y, n.onnxElementType(0));
}

LogicalResult convertGatherND(NodeBinder &n) {
  int64_t b = n.since() >= 12 ? n.i64("batch_dims", 0) : 0;
  FailureOr<Value> data = n.input(0), indices = n.input(1);
  if (failed(data) || failed(indices) || failed(requireIntegerIndices(n, 1)))
    return failure();
  auto dt = NodeBinder::typeOf(*data), it = NodeBinder::typeOf(*indices);
  int64_t r = dt.getRank(), q = it.getRank();
  if (r < 1 || q < 1)
    return n.error() << "data and indices must have rank 1 or more";
  if (b < 0 || b >= std::min(r, q))
    return n.error() << "batch_dims " << b << " must be in [0, "
                     << std::min(r, q) << ")";
  int64_t k = it.getDimSize(q - 1);
  if (k < 1 || k > r - b)
    return n.error() << "the last dimension of indices (" << k
                     << ") must be in [1, " << r - b << "]";
  for (int64_t d = 0; d < b; ++d)
    if (it.getDimSize(d) != dt.getDimSize(d))
      return n.error() << "batch dimension " << d << " differs: indices ["
                       << it.getShape() << "], data [" << dt.getShape() << "]";
  SmallVector<int64_t> shape(it.getShape().drop_back());
  llvm::append_range(shape, dt.getShape().drop_front(b + k));
  if (numElements(shape) == 0)
    return n.output(0,
                    tensor::EmptyOp::create(n.b, shape, dt.getElementType()));
  for (int64_t j = 0; j < k; ++j)
    if (dt.getDimSize(b + j) == 0)
      return n.error() << "cannot gather from dimension " << b + j
                       << " of size 0";
  bool isUnsigned = n.isUnsigned(1);
  Value y = gatherByIndex(
      n.b, *data, shape, [&](OpBuilder &nb, Location loc, ValueRange idx) {
        SmallVector<Value> from(idx.take_front(b));
        SmallVector<Value> at(idx.take_front(q - 1));
        at.push_back(Value());
        for (int64_t j = 0; j < k; ++j) {
          at.back() = indexConst(nb, loc, j);
          Value raw = tensor::ExtractOp::create(nb, loc, *indices, at);
          from.push_back(
              wrapIndex(nb, loc, raw, isUnsigned, dt.getDimSize(b + j)));
        }
        llvm::append_range(from, idx.drop_front(q - 1));
        return from;
      });
  return n.output(0, y, n.onnxElementType(0));
}

/// The reductions a scatter combines an update with.
enum class ScatterReduction { None, Add, Mul, Max, Min };

FailureOr<ScatterReduction> readScatterReduction(NodeBinder &n) {
  if (n.since() < 16)
    return ScatterReduction::None;
  std::string name = n.str("reduction", "none");
  if (name == "none")
    return ScatterReduction::None;
  if (name == "add")
    return ScatterReduction::Add;
  if (name == "mul")
    return ScatterReduction::Mul;
  if (n.since() >= 18 && name == "max")
    return ScatterReduction::Max;
  if (n.since() >= 18 && name == "min")
    return ScatterReduction::Min;
  return n.error() << "reduction '" << name << "' is not one of none, add, mul"
                   << (n.since() >= 18 ? ", max, min" : "") << " ("
                   << n.opType() << "-" << n.since() << ")";
}

/// `old` combined with `update` (scalars of `element`; bool as logic,
/// f16 / bf16 computed in f32 and rounded once).
Value combineScalar(OpBuilder &b, Location loc, ScatterReduction red, Value old,
                    Value update, bool isUnsigned) {
  Type element = old.getType();
  if (red == ScatterReduction::None)
    return update;
  if (element.isInteger(1)) {
    if (red == ScatterReduction::Add || red == ScatterReduction::Max)
      return arith::OrIOp::create(b, loc, old, update);
    return arith::AndIOp::create(b, loc, old, update);
  }
  if (auto f = dyn_cast<FloatType>(element)) {
    bool narrow = f.getWidth() < 32;
    if (narrow) {
      old = arith::ExtFOp::create(b, loc, b.getF32Type(), old);
      update = arith::ExtFOp::create(b, loc, b.getF32Type(), update);
    }
    Value r;
    switch (red) {
    case ScatterReduction::Add:
      r = arith::AddFOp::create(b, loc, old, update);
      break;
    case ScatterReduction::Mul:
      r = arith::MulFOp::create(b, loc, old, update);
      break;
    case ScatterReduction::Max:
      r = arith::MaximumFOp::create(b, loc, old, update);
      break;
    default:
      r = arith::MinimumFOp::create(b, loc, old, update);
      break;
    }
    return narrow ? arith::TruncFOp::create(b, loc, element, r).getResult() : r;
  }
  switch (red) {
  case ScatterReduction::Add:
    return arith::AddIOp::create(b, loc, old, update);
  case ScatterReduction::Mul:
    return arith::MulIOp::create(b, loc, old, update);
  case ScatterReduction::Max:
    return isUnsigned ? arith::MaxUIOp::create(b, loc, old, update).getResult()
                      : arith::MaxSIOp::create(b, loc, old, update).getResult();
  default:
    return isUnsigned ? arith::MinUIOp::create(b, loc, old, update).getResult()
                      : arith::MinSIOp::create(b, loc, old, update).getResult();
  }
}

/// The destination of one update: the indices into the output and the
/// update's value, from the loop indices over the updates.
using ScatterTargetFn = function_ref<std::pair<SmallVector<Value>, Value>(
    OpBuilder &, Location, ValueRange)>;

/// A copy of `data` with every update of the `space` (the updates' index
/// space, walked in row-major order) combined into its destination: an
/// scf.for nest carrying the tensor, so duplicates apply in order (the
/// last write wins without a reduction).
Value scatterInto(ImplicitLocOpBuilder &b, Value data, ArrayRef<int64_t> space,
                  ScatterReduction red, bool isUnsigned,
                  ScatterTargetFn target) {
  auto type = cast<RankedTensorType>(data.getType());
  // A copy of its own: the loop writes in place, and `data` may be a
  // caller's buffer or a constant.
  Value init =
      tensor::EmptyOp::create(b, type.getShape(), type.getElementType());
  Value copy = linalg::CopyOp::create(b, data, init).getResult(0);
  Value zero = indexConst(b, b.getLoc(), 0), one = indexConst(b, b.getLoc(), 1);
  SmallVector<Value> lbs(space.size(), zero), steps(space.size(), one), ubs;
  for (int64_t s : space)
    ubs.push_back(s == 1 ? one : indexConst(b, b.getLoc(), s));
  scf::LoopNest nest = scf::buildLoopNest(
      b, b.getLoc(), lbs, ubs, steps, copy,
      [&](OpBuilder &nb, Location loc, ValueRange ivs,
          ValueRange iter) -> scf::ValueVector {
        auto [dst, update] = target(nb, loc, ivs);
        Value acc = iter.front();
        Value value = update;
        if (red != ScatterReduction::None) {
          Value old = tensor::ExtractOp::create(nb, loc, acc, dst);
          value = combineScalar(nb, loc, red, old, update, isUnsigned);
        }
        return {tensor::InsertOp::create(nb, loc, value, acc, dst)};
      });
  return nest.results.front();
}

/// ScatterElements and the deprecated Scatter: an update per element of
/// `indices`, into the position the index gives along `axis`.
LogicalResult convertScatterElements(NodeBinder &n) {
  int64_t axisAttr = n.i64("axis", 0);
  FailureOr<ScatterReduction> red = n.opType() == "Scatter"
                                        ? ScatterReduction::None
                                        : readScatterReduction(n);
  FailureOr<Value> data = n.input(0), indices = n.input(1),
                   updates = n.input(2);
  if (failed(red) || failed(data) || failed(indices) || failed(updates) ||
      failed(requireIntegerIndices(n, 1)))
    return failure();
  auto dt = NodeBinder::typeOf(*data), it = NodeBinder::typeOf(*indices),
       ut = NodeBinder::typeOf(*updates);
  if (n.onnxElementType(2) != n.onnxElementType(0))
    return n.error() << "updates (" << n.onnxElementType(2) << ") and data ("
                     << n.onnxElementType(0) << ") differ in element type";
  if (it.getShape() != ut.getShape())
    return n.error() << "indices [" << it.getShape() << "] and updates ["
                     << ut.getShape() << "] differ in shape";
  if (dt.getRank() != it.getRank() || dt.getRank() < 1)
    return n.error() << "data [" << dt.getShape() << "] and indices ["
                     << it.getShape()
                     << "] must have the same rank, at least 1";
  std::optional<int64_t> axis = normalizeAxis(axisAttr, dt.getRank());
  if (!axis)
    return n.error() << "axis " << axisAttr << " is out of range for rank "
                     << dt.getRank();
  for (int64_t d = 0; d < dt.getRank(); ++d)
    if (d != *axis && it.getDimSize(d) > dt.getDimSize(d))
      return n.error() << "indices [" << it.getShape() << "] exceed data ["
                       << dt.getShape() << "] in dimension " << d;
  int64_t size = dt.getDimSize(*axis);
  if (failed(checkConstantIndices(n, 1, size)))
    return failure();
  if (it.getNumElements() == 0)
    return n.output(0, *data, n.onnxElementType(0));
  if (size == 0)
    return n.error() << "cannot scatter into axis " << *axis << " of size 0";
  bool indexUnsigned = n.isUnsigned(1), dataUnsigned = n.isUnsigned(0);
  Value y = scatterInto(
      n.b, *data, it.getShape(), *red, dataUnsigned,
      [&](OpBuilder &b, Location loc, ValueRange ivs) {
        SmallVector<Value> dst(ivs);
        Value raw = tensor::ExtractOp::create(b, loc, *indices, ivs);
        dst[*axis] = wrapIndex(b, loc, raw, indexUnsigned, size);
        Value update = tensor::ExtractOp::create(b, loc, *updates, ivs);
        return std::make_pair(dst, update);
      });
  return n.output(0, y, n.onnxElementType(0));
}

LogicalResult convertScatterND(NodeBinder &n) {
  FailureOr<ScatterReduction> red = readScatterReduction(n);
  FailureOr<Value> data = n.input(0), indices = n.input(1),
                   updates = n.input(2);
  if (failed(red) || failed(data) || failed(indices) || failed(updates) ||
      failed(requireIntegerIndices(n, 1)))
    return failure();
  if (n.onnxElementType(2) != n.onnxElementType(0))
    return n.error() << "updates (" << n.onnxElementType(2) << ") and data ("
                     << n.onnxElementType(0) << ") differ in element type";
  auto dt = NodeBinder::typeOf(*data), it = NodeBinder::typeOf(*indices),
       ut = NodeBinder::typeOf(*updates);
  int64_t r = dt.getRank(), q = it.getRank();
  if (r < 1 || q < 1)
    return n.error() << "data and indices must have rank 1 or more";
  int64_t k = it.getDimSize(q - 1);
  if (k < 1 || k > r)
    return n.error() << "the last dimension of indices (" << k
                     << ") must be in [1, " << r << "]";
  SmallVector<int64_t> expected(it.getShape().drop_back());
  llvm::append_range(expected, dt.getShape().drop_front(k));
  if (ut.getShape() != ArrayRef<int64_t>(expected))
    return n.error() << "updates [" << ut.getShape() << "] must have shape ["
                     << expected << "] (indices [" << it.getShape()
                     << "], data [" << dt.getShape() << "])";
  if (ut.getNumElements() == 0)
    return n.output(0, *data, n.onnxElementType(0));
  for (int64_t j = 0; j < k; ++j)
    if (dt.getDimSize(j) == 0)
      return n.error() << "cannot scatter into dimension " << j << " of size 0";
  bool indexUnsigned = n.isUnsigned(1), dataUnsigned = n.isUnsigned(0);
  Value y = scatterInto(
      n.b, *data, ut.getShape(), *red, dataUnsigned,
      [&](OpBuilder &b, Location loc, ValueRange ivs) {
        SmallVector<Value> dst;
        SmallVector<Value> at(ivs.take_front(q - 1));
        at.push_back(Value());
        for (int64_t j = 0; j < k; ++j) {
          at.back() = indexConst(b, loc, j);
          Value raw = tensor::ExtractOp::create(b, loc, *indices, at);
          dst.push_back(
              wrapIndex(b, loc, raw, indexUnsigned, dt.getDimSize(j)));
        }
        llvm::append_range(dst, ivs.drop_front(q - 1));
        Value update = tensor::ExtractOp::create(b, loc, *updates, ivs);
        return std::make_pair(dst, update);
      });
  return n.output(0, y, n.onnxElementType(0));
}

/// The scalar a rank-0 or one-element tensor holds (run-time).
Value extractOnly(OpBuilder &b, Location loc, Value t) {
  auto type = cast<RankedTensorType>(t.getType());
  SmallVector<Value> zeros(type.getRank(), indexConst(b, loc, 0));
  return tensor::ExtractOp::create(b, loc, t, zeros);
}

LogicalResult convertOneHot(NodeBinder &n) {
  int64_t axisAttr = n.i64("axis", -1);
  FailureOr<Value> indices = n.input(0), values = n.input(2);
  FailureOr<SmallVector<double>> depthValues = n.constantFloats(1, "depth");
  if (failed(indices) || failed(values) || failed(depthValues))
    return failure();
  Type indexType = n.onnxElementType(0);
  if (!isa<FloatType>(indexType) &&
      !(isa<IntegerType>(indexType) && !indexType.isInteger(1)))
    return n.error() << "indices must be numeric, not " << indexType;
  if (depthValues->size() != 1)
    return n.error() << "depth must hold one value, not "
                     << depthValues->size();
  double depthValue = depthValues->front();
  if (!(depthValue >= 1 && depthValue < 9.0e15))
    return n.error() << "depth " << formatNumber(depthValue)
                     << " must be positive";
  // A non-integer depth is cast to int64 (truncated).
  int64_t depth = int64_t(depthValue);
  auto vt = NodeBinder::typeOf(*values);
  if (vt.getNumElements() != 2 || vt.getRank() != 1)
    return n.error() << "values must be [off_value, on_value], not of shape ["
                     << vt.getShape() << "]";
  auto it = NodeBinder::typeOf(*indices);
  int64_t rank = it.getRank() + 1;
  std::optional<int64_t> axis = normalizeAxis(axisAttr, rank);
  if (!axis || (n.since() < 11 && axisAttr < -1))
    return n.error() << "axis " << axisAttr << " is out of range for rank "
                     << rank;
  SmallVector<int64_t> shape(it.getShape());
  shape.insert(shape.begin() + *axis, depth);
  Type element = vt.getElementType();
  if (numElements(shape) == 0)
    return n.output(0, tensor::EmptyOp::create(n.b, shape, element),
                    n.onnxElementType(2));
  ImplicitLocOpBuilder &b = n.b;
  Value off = tensor::ExtractOp::create(
      b, *values, ValueRange{indexConst(b, b.getLoc(), 0)});
  Value on = tensor::ExtractOp::create(
      b, *values, ValueRange{indexConst(b, b.getLoc(), 1)});
  bool isUnsigned = n.isUnsigned(0);
  bool wrapNegative = n.since() >= 11;
  Value y = generate(
      b, shape, element, {},
      [&](OpBuilder &nb, Location loc, ValueRange idx, ValueRange) -> Value {
        SmallVector<Value> at(idx);
        at.erase(at.begin() + *axis);
        Value raw = tensor::ExtractOp::create(nb, loc, *indices, at);
        Type i64 = nb.getI64Type();
        Value valid = scalar(nb, loc, nb.getI1Type(), 1);
        Value v;
        if (auto f = dyn_cast<FloatType>(raw.getType())) {
          // Cast to int64 (toward zero); values no int64 holds, and NaN,
          // match nothing.
          Value wide =
              f.getWidth() < 32
                  ? arith::ExtFOp::create(nb, loc, nb.getF32Type(), raw)
                        .getResult()
                  : raw;
          Type wt = wide.getType();
          Value limit = scalar(nb, loc, wt, 9.0e18);
          valid = arith::AndIOp::create(
              nb, loc,
              arith::CmpFOp::create(nb, loc, arith::CmpFPredicate::OLT, wide,
                                    limit),
              arith::CmpFOp::create(nb, loc, arith::CmpFPredicate::OGT, wide,
                                    scalar(nb, loc, wt, -9.0e18)));
          Value safe = arith::SelectOp::create(nb, loc, valid, wide,
                                               scalar(nb, loc, wt, 0.0));
          v = arith::FPToSIOp::create(nb, loc, i64, safe);
        } else {
          v = raw.getType() == i64
                  ? raw
                  : convertScalar(nb, loc, raw, i64, isUnsigned);
          if (isUnsigned && raw.getType().getIntOrFloatBitWidth() == 64)
            // Above INT64_MAX: no class.
            valid = arith::CmpIOp::create(nb, loc, arith::CmpIPredicate::sge, v,
                                          scalar(nb, loc, i64, 0));
        }
        Value depthV = scalar(nb, loc, i64, double(depth));
        Value zero = scalar(nb, loc, i64, 0);
        if (wrapNegative) {
          Value neg = arith::CmpIOp::create(nb, loc, arith::CmpIPredicate::slt,
                                            v, zero);
          v = arith::SelectOp::create(
              nb, loc, neg, arith::AddIOp::create(nb, loc, v, depthV), v);
        }
        Value pos = arith::IndexCastOp::create(nb, loc, i64, idx[*axis]);
        Value match =
            arith::CmpIOp::create(nb, loc, arith::CmpIPredicate::eq, v, pos);
        match = arith::AndIOp::create(nb, loc, match, valid);
        return arith::SelectOp::create(nb, loc, match, on, off);
      });
  return n.output(0, y, n.onnxElementType(2));
}

LogicalResult convertTrilu(NodeBinder &n) {
  bool upper = n.i64("upper", 1) != 0;
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  auto xt = NodeBinder::typeOf(*x);
  int64_t rank = xt.getRank();
  if (rank < 2)
    return n.error() << "input must have rank 2 or more, not " << rank;
  ImplicitLocOpBuilder &b = n.b;
  // k: a constant, or a run-time scalar.
  Value k;
  if (n.has(1)) {
    FailureOr<Value> kv = n.input(1);
    if (failed(kv))
      return failure();
    if (NodeBinder::typeOf(*kv).getNumElements() != 1 ||
        !isa<IntegerType>(NodeBinder::typeOf(*kv).getElementType()))
      return n.error() << "k must be one integer";
    if (n.constant(1)) {
      FailureOr<SmallVector<int64_t>> v = n.constantInts(1, "k");
      if (failed(v))
        return failure();
      // Beyond the matrix, every k keeps all or nothing.
      int64_t bound = xt.getDimSize(rank - 2) + xt.getDimSize(rank - 1) + 1;
      k = indexConst(b, b.getLoc(),
                     std::clamp<int64_t>(v->front(), -bound, bound));
    } else {
      Value raw = extractOnly(b, b.getLoc(), *kv);
      k = arith::IndexCastOp::create(b, b.getIndexType(), raw);
    }
  } else {
    k = indexConst(b, b.getLoc(), 0);
  }
  if (xt.getNumElements() == 0)
    return n.output(0, *x);
  Type element = xt.getElementType();
  Value y = generate(
      b, xt.getShape(), element, *x,
      [&](OpBuilder &nb, Location loc, ValueRange idx, ValueRange v) -> Value {
        Value diff =
            arith::SubIOp::create(nb, loc, idx[rank - 1], idx[rank - 2]);
        Value keep = arith::CmpIOp::create(nb, loc,
                                           upper ? arith::CmpIPredicate::sge
                                                 : arith::CmpIPredicate::sle,
                                           diff, k);
        return arith::SelectOp::create(nb, loc, keep, v[0],
                                       scalar(nb, loc, element, 0.0));
      });
  return n.output(0, y);
}

LogicalResult convertEyeLike(NodeBinder &n) {
  int64_t k = n.i64("k", 0);
  bool hasDtype = n.hasAttr("dtype");
  int64_t dtype = n.i64("dtype", 0);
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  auto xt = NodeBinder::typeOf(*x);
  if (xt.getRank() != 2)
    return n.error() << "input must be 2-D, not of shape [" << xt.getShape()
                     << "]";
  Type onnxElement = n.onnxElementType(0);
  if (hasDtype) {
    onnxElement = elementTypeOfDataType(n.b.getContext(), dtype);
    if (!onnxElement)
      return n.error() << "dtype " << dtype << " is not supported";
  }
  Type element = onnxElement;
  if (auto i = dyn_cast<IntegerType>(element); i && !i.isSignless())
    element = IntegerType::get(n.b.getContext(), i.getWidth());
  if (xt.getNumElements() == 0)
    return n.output(0, tensor::EmptyOp::create(n.b, xt.getShape(), element),
                    onnxElement);
  Value y = generate(
      n.b, xt.getShape(), element, {},
      [&](OpBuilder &nb, Location loc, ValueRange idx, ValueRange) -> Value {
        Value diff = arith::SubIOp::create(nb, loc, idx[1], idx[0]);
        Value on = arith::CmpIOp::create(nb, loc, arith::CmpIPredicate::eq,
                                         diff, indexConst(nb, loc, k));
        return arith::SelectOp::create(nb, loc, on,
                                       scalar(nb, loc, element, 1.0),
                                       scalar(nb, loc, element, 0.0));
      });
  return n.output(0, y, onnxElement);
}

LogicalResult convertReverseSequence(NodeBinder &n) {
  int64_t timeAxis = n.i64("time_axis", 0), batchAxis = n.i64("batch_axis", 1);
  FailureOr<Value> x = n.input(0), lens = n.input(1);
  if (failed(x) || failed(lens) || failed(requireIntegerIndices(n, 1)))
    return failure();
  auto xt = NodeBinder::typeOf(*x), lt = NodeBinder::typeOf(*lens);
  if (xt.getRank() < 2)
    return n.error() << "input must have rank 2 or more";
  if ((timeAxis != 0 && timeAxis != 1) || (batchAxis != 0 && batchAxis != 1) ||
      timeAxis == batchAxis)
    return n.error() << "time_axis " << timeAxis << " and batch_axis "
                     << batchAxis << " must be 0 and 1 in some order";
  int64_t batch = xt.getDimSize(batchAxis), steps = xt.getDimSize(timeAxis);
  if (lt.getRank() != 1 || lt.getDimSize(0) != batch)
    return n.error() << "sequence_lens [" << lt.getShape()
                     << "] must have one length per batch entry (" << batch
                     << ")";
  if (xt.getNumElements() == 0)
    return n.output(0, *x);
  bool isUnsigned = n.isUnsigned(1);
  Value y = gatherByIndex(
      n.b, *x, xt.getShape(), [&](OpBuilder &b, Location loc, ValueRange idx) {
        Value raw = tensor::ExtractOp::create(b, loc, *lens, idx[batchAxis]);
        // Lengths are clamped into [0, steps].
        Value len =
            isUnsigned
                ? arith::IndexCastUIOp::create(b, loc, b.getIndexType(), raw)
                      .getResult()
                : arith::IndexCastOp::create(b, loc, b.getIndexType(), raw)
                      .getResult();
        if (isUnsigned)
          len = arith::MinUIOp::create(b, loc, len, indexConst(b, loc, steps));
        else
          len = arith::MinSIOp::create(
              b, loc,
              arith::MaxSIOp::create(b, loc, len, indexConst(b, loc, 0)),
              indexConst(b, loc, steps));
        Value t = idx[timeAxis];
        Value inside =
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, t, len);
        Value reversed = arith::SubIOp::create(
            b, loc, arith::SubIOp::create(b, loc, len, indexConst(b, loc, 1)),
            t);
        SmallVector<Value> from(idx);
        from[timeAxis] = arith::SelectOp::create(b, loc, inside, reversed, t);
        return from;
      });
  return n.output(0, y);
}

LogicalResult convertCompress(NodeBinder &n) {
  std::optional<int64_t> axisAttr;
  if (n.hasAttr("axis"))
    axisAttr = n.i64("axis", 0);
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  if (!n.onnxElementType(1) || !n.onnxElementType(1).isInteger(1))
    return n.error() << "condition must be BOOL";
  FailureOr<SmallVector<int64_t>> cond = n.constantInts(1, "condition");
  if (failed(cond))
    return failure();
  Value v = *x;
  auto xt = NodeBinder::typeOf(v);
  int64_t axis = 0;
  if (axisAttr) {
    std::optional<int64_t> a = normalizeAxis(*axisAttr, xt.getRank());
    if (!a || (n.since() < 11 && *axisAttr < 0))
      return n.error() << "axis " << *axisAttr << " is out of range for rank "
                       << xt.getRank();
    axis = *a;
  } else {
    v = reshape(n.b, v, {xt.getNumElements()});
    xt = NodeBinder::typeOf(v);
  }
  int64_t size = xt.getDimSize(axis);
  SmallVector<int64_t> picked;
  for (auto [i, c] : llvm::enumerate(*cond)) {
    if (!c)
      continue;
    if (int64_t(i) >= size)
      return n.error() << "condition selects index " << i << ", past the size "
                       << size << " of the axis";
    picked.push_back(int64_t(i));
  }
  SmallVector<int64_t> shape(xt.getShape());
  shape[axis] = int64_t(picked.size());
  if (numElements(shape) == 0)
    return n.output(0,
                    tensor::EmptyOp::create(n.b, shape, xt.getElementType()));
  if (shape == xt.getShape())
    return n.output(0, v);
  Value table = constantOfInts(
      n.b, RankedTensorType::get({int64_t(picked.size())}, n.b.getI64Type()),
      picked);
  Value y = gatherByIndex(
      n.b, v, shape, [&](OpBuilder &b, Location loc, ValueRange idx) {
        SmallVector<Value> from(idx);
        Value at = tensor::ExtractOp::create(b, loc, table, idx[axis]);
        from[axis] = arith::IndexCastOp::create(b, loc, b.getIndexType(), at);
        return from;
      });
  return n.output(0, y);
}

LogicalResult convertCenterCropPad(NodeBinder &n) {
  SmallVector<int64_t> axes = n.i64s("axes");
  FailureOr<Value> x = n.input(0);
  FailureOr<SmallVector<int64_t>> target = n.constantInts(1, "shape");
  if (failed(x) || failed(target))
    return failure();
  auto xt = NodeBinder::typeOf(*x);
  int64_t rank = xt.getRank();
  if (axes.empty())
    for (int64_t d = 0; d < rank; ++d)
      axes.push_back(d);
  if (target->size() != axes.size())
    return n.error() << "shape has " << target->size() << " values for "
                     << axes.size() << " axes";
  SmallVector<int64_t> shape(xt.getShape()), cropBegin(rank, 0),
      padBegin(rank, 0), kept(xt.getShape());
  SmallVector<bool> seen(rank, false);
  for (auto [a, s] : llvm::zip(axes, *target)) {
    std::optional<int64_t> d = normalizeAxis(a, rank);
    if (!d)
      return n.error() << "axis " << a << " is out of range for rank " << rank;
    if (seen[*d])
      return n.error() << "axis " << a << " is given twice";
    seen[*d] = true;
    if (s < 0)
      return n.error() << "negative size " << s;
    int64_t dim = xt.getDimSize(*d);
    shape[*d] = s;
    // The window starts half the difference in, rounded down.
    if (s < dim)
      cropBegin[*d] = (dim - s) / 2;
    else
      padBegin[*d] = (s - dim) / 2;
    kept[*d] = std::min(s, dim);
  }
  Type element = xt.getElementType();
  if (numElements(shape) == 0)
    return n.output(0, tensor::EmptyOp::create(n.b, shape, element));
  if (numElements(kept) == 0)
    return n.output(0, splat(n.b, RankedTensorType::get(shape, element), 0.0));
  Value y = generate(
      n.b, shape, element, {},
      [&](OpBuilder &b, Location loc, ValueRange idx, ValueRange) -> Value {
        Value inside = scalar(b, loc, b.getI1Type(), 1);
        SmallVector<Value> from;
        for (int64_t d = 0; d < rank; ++d) {
          Value s = arith::SubIOp::create(b, loc, idx[d],
                                          indexConst(b, loc, padBegin[d]));
          if (padBegin[d] != 0 || kept[d] != shape[d]) {
            Value ok = arith::AndIOp::create(
                b, loc,
                arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, s,
                                      indexConst(b, loc, 0)),
                arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, s,
                                      indexConst(b, loc, kept[d])));
            inside = arith::AndIOp::create(b, loc, inside, ok);
            s = arith::MaxSIOp::create(b, loc, s, indexConst(b, loc, 0));
            s = arith::MinSIOp::create(b, loc, s,
                                       indexConst(b, loc, kept[d] - 1));
          }
          from.push_back(arith::AddIOp::create(
              b, loc, s, indexConst(b, loc, cropBegin[d])));
        }
        Value read = tensor::ExtractOp::create(b, loc, *x, from);
        return arith::SelectOp::create(b, loc, inside, read,
                                       scalar(b, loc, element, 0.0));
      });
  return n.output(0, y);
}

//===----------------------------------------------------------------------===//
// Resize and Upsample
//===----------------------------------------------------------------------===//

/// How one Resize (or Upsample) node samples: its attributes, with the
/// fixed choices of the definitions that predate them.
struct ResizeMode {
  std::string mode;        // nearest, linear, cubic
  std::string coordinates; // coordinate_transformation_mode
  /// nearest_mode; "simple" for Upsample and Resize-10, which round down
  /// when upsampling and up when downsampling (as onnxruntime reads them).
  std::string nearest;
  double cubicA = -0.75;
  bool excludeOutside = false;
  bool antialias = false;
  double extrapolation = 0.0;
};

/// One resized axis as tables over its output positions, computed at
/// compile time: `taps` input positions each (clamped into the input)
/// with their weights, and the positions tf_crop_and_resize places outside
/// the input.
struct AxisTable {
  int64_t axis = 0, out = 0, taps = 0;
  SmallVector<int64_t> index;     // out x taps
  SmallVector<double> weight;     // out x taps
  SmallVector<bool> extrapolated; // out
  bool anyExtrapolated = false, anyZero = false;
};

/// The weights of the neighbours of a point `ratio` (in (0, 1]) past its
/// left neighbour, as the ONNX reference implementation computes them
/// (onnx/reference/ops/op_resize.py: _nearest_coeffs, _linear_coeffs,
/// _cubic_coeffs and their antialiased forms).
SmallVector<double> resizeCoefficients(const ResizeMode &m, double ratio,
                                       double scale) {
  if (m.mode == "nearest") {
    if (ratio == std::floor(ratio))
      return {0, 1};
    StringRef rounding = m.nearest;
    if (rounding == "simple")
      rounding = scale < 1 ? "ceil" : "floor";
    if (rounding == "round_prefer_floor")
      return {double(ratio <= 0.5), double(ratio > 0.5)};
    if (rounding == "round_prefer_ceil")
      return {double(ratio < 0.5), double(ratio >= 0.5)};
    if (rounding == "floor")
      return {1, 0};
    return {0, 1};
  }
  SmallVector<double> c;
  if (m.mode == "linear") {
    if (!m.antialias)
      return {1 - ratio, ratio};
    double s = std::min(scale, 1.0);
    int64_t start = int64_t(std::floor(-1 / s) + 1);
    int64_t footprint = 2 - 2 * start;
    for (int64_t i = start; i < start + footprint; ++i)
      c.push_back(std::clamp(1 - std::abs((double(i) - ratio) * s), 0.0, 1.0));
  } else {
    double a = m.cubicA;
    if (!m.antialias) {
      double r1 = ratio + 1, l = 1 - ratio, l1 = l + 1;
      return {((a * r1 - 5 * a) * r1 + 8 * a) * r1 - 4 * a,
              ((a + 2) * ratio - (a + 3)) * ratio * ratio + 1,
              ((a + 2) * l - (a + 3)) * l * l + 1,
              ((a * l1 - 5 * a) * l1 + 8 * a) * l1 - 4 * a};
    }
    double s = std::min(scale, 1.0);
    auto kernel = [&](double x) {
      x = std::abs(x);
      double x2 = x * x, x3 = x * x2;
      if (x <= 1)
        return (a + 2) * x3 - (a + 3) * x2 + 1;
      if (x < 2)
        return a * x3 - 5 * a * x2 + 8 * a * x - 4 * a;
      return 0.0;
    };
    int64_t start = int64_t(std::floor(-2 / s) + 1), end = 2 - start;
    for (int64_t i = start; i < end; ++i)
      c.push_back(kernel(s * (double(i) - ratio)));
  }
  double sum = 0;
  for (double v : c)
    sum += v;
  for (double &v : c)
    v /= sum;
  return c;
}

/// The sampling tables of one axis of `in` elements resized to `out` with
/// `scale`, ported from the reference's _compute_x_ori and
/// _interpolate_1d_along_axis (coordinates in double, as there). `roi`
/// rounds the difference the reference computes in the roi's own
/// precision.
AxisTable buildAxisTable(const ResizeMode &m, int64_t axis, int64_t in,
                         int64_t out, double scale, double roiStart,
                         double roiEnd, function_ref<double(double)> roi) {
  AxisTable t;
  t.axis = axis;
  t.out = out;
  double outputWidth = scale * double(in);
  const StringRef cm = m.coordinates;
  for (int64_t yi = 0; yi < out; ++yi) {
    double y = double(yi), x;
    bool extrapolated = false;
    if (cm == "align_corners") {
      x = outputWidth == 1 ? 0.0 : y * double(in - 1) / (outputWidth - 1);
    } else if (cm == "asymmetric") {
      x = y / scale;
    } else if (cm == "tf_crop_and_resize") {
      double span = roi(roiEnd - roiStart);
      x = outputWidth == 1 ? span * double(in - 1) / 2
                           : y * span * double(in - 1) / (outputWidth - 1);
      x = x + roiStart * double(in - 1);
      extrapolated = x < 0 || x > double(in - 1);
    } else if (cm == "pytorch_half_pixel") {
      // The specification's (and onnxruntime's) 0 for a single output;
      // the reference implementation has -0.5, which only cubic tells
      // apart.
      x = out > 1 ? (y + 0.5) / scale - 0.5 : 0.0;
    } else if (cm == "half_pixel_symmetric") {
      double adjustment = double(out) / outputWidth;
      double center = double(in) / 2;
      double offset = center * (1 - adjustment);
      x = offset + (y + 0.5) / scale - 0.5;
    } else if (cm == "tf_half_pixel_for_nn") {
      x = (y + 0.5) / scale;
    } else { // half_pixel
      x = (y + 0.5) / scale - 0.5;
    }
    // Far outside the input every neighbour is an edge element.
    x = std::clamp(x, -1.0e12, 1.0e12);
    double floorX = std::floor(x);
    double ratio = x == floorX ? 1.0 : x - floorX;
    SmallVector<double> c = resizeCoefficients(m, ratio, scale);
    int64_t taps = int64_t(c.size());
    // The `taps` positions nearest x, ties to the smaller (the
    // reference's _get_neighbor_idxes on an edge-padded axis).
    int64_t pad = (taps + 1) / 2;
    double padded = x + double(pad);
    double floorPadded = std::floor(padded);
    double frac = padded - floorPadded;
    int64_t offset;
    if (taps % 2 == 0) {
      offset = frac == 0 ? -(taps / 2) : -(taps / 2) + 1;
    } else {
      int64_t base = -((taps - 1) / 2);
      offset = frac <= 0.5 ? base : base + 1;
    }
    int64_t start = int64_t(floorPadded) + offset - pad;
    SmallVector<double> w(c);
    if (m.excludeOutside) {
      double sum = 0;
      for (int64_t k = 0; k < taps; ++k) {
        if (start + k < 0 || start + k >= in)
          w[k] = 0;
        sum += w[k];
      }
      if (sum == 0)
        sum = 1;
      for (double &v : w)
        v /= sum;
    }
    if (m.mode == "nearest") {
      // One neighbour has weight 1 (0 when exclude_outside dropped it).
      int64_t k = c[0] > c[1] ? 0 : 1;
      t.taps = 1;
      t.index.push_back(std::clamp<int64_t>(start + k, 0, in - 1));
      t.weight.push_back(w[k]);
      t.anyZero |= w[k] == 0;
    } else {
      t.taps = taps;
      for (int64_t k = 0; k < taps; ++k) {
        t.index.push_back(std::clamp<int64_t>(start + k, 0, in - 1));
        t.weight.push_back(w[k]);
      }
    }
    t.extrapolated.push_back(extrapolated);
    t.anyExtrapolated |= extrapolated;
  }
  return t;
}

/// A constant of `values` shaped [values / rest..., 1, ..., 1] so that it
/// broadcasts along dimension `axis` of a rank-`rank` result.
Value axisConstant(ImplicitLocOpBuilder &b, Type element, int64_t axis,
                   int64_t rank, ArrayRef<int64_t> leading,
                   ArrayRef<double> values) {
  SmallVector<int64_t> shape(leading);
  shape.append(size_t(rank - axis - 1), 1);
  return constantOf(b, RankedTensorType::get(shape, element), values);
}

/// `v`, computed in f32 or f64, as an element of type `to`: floats
/// rounded, integers rounded half to even and saturated (the reference's
/// saturate_cast).
Value fromComputeType(OpBuilder &b, Location loc, Value v, Type to,
                      bool toUnsigned) {
  if (v.getType() == to)
    return v;
  if (isa<FloatType>(to))
    return convertScalar(b, loc, v, to, false);
  auto i = cast<IntegerType>(to);
  unsigned width = i.getWidth();
  double lo = toUnsigned ? 0.0 : -std::ldexp(1.0, int(width) - 1);
  // The largest doubles the integer type holds.
  double hi = toUnsigned ? std::ldexp(1.0, int(width)) - 1
                         : std::ldexp(1.0, int(width) - 1) - 1;
  if (width == 64)
    hi = toUnsigned ? 18446744073709549568.0 : 9223372036854774784.0;
  Type ft = v.getType();
  Value r = math::RoundEvenOp::create(b, loc, v);
  r = arith::MaximumFOp::create(b, loc, r, scalar(b, loc, ft, lo));
  r = arith::MinimumFOp::create(b, loc, r, scalar(b, loc, ft, hi));
  if (toUnsigned)
    return arith::FPToUIOp::create(b, loc, to, r);
  return arith::FPToSIOp::create(b, loc, to, r);
}

/// A scalar `value` as an element of `element` (saturated like
/// fromComputeType).
double saturated(double value, Type element, bool isUnsigned) {
  auto i = dyn_cast<IntegerType>(element);
  if (!i)
    return value;
  if (i.getWidth() == 1)
    return value != 0;
  double r = std::nearbyint(value);
  double lo = isUnsigned ? 0.0 : -std::ldexp(1.0, int(i.getWidth()) - 1);
  double hi = isUnsigned ? std::ldexp(1.0, int(i.getWidth())) - 1
                         : std::ldexp(1.0, int(i.getWidth()) - 1) - 1;
  return std::clamp(r, lo, hi);
}

/// Nearest-neighbour resizing: one gather through the axes' index tables,
/// then the positions tf_crop_and_resize extrapolates (and those
/// exclude_outside zeroes) in the order the reference resizes the axes.
Value resizeNearest(ImplicitLocOpBuilder &b, Value x, ArrayRef<AxisTable> axes,
                    ArrayRef<int64_t> shape, double extrapolation,
                    bool isUnsigned) {
  auto xt = cast<RankedTensorType>(x.getType());
  int64_t rank = xt.getRank();
  Type element = xt.getElementType();
  SmallVector<Value> tables;
  for (const AxisTable &t : axes)
    tables.push_back(
        axisConstant(b, b.getI32Type(), t.axis, rank, {t.out},
                     SmallVector<double>(t.index.begin(), t.index.end())));
  Value y = gatherByIndex(
      b, x, shape,
      [&](OpBuilder &nb, Location loc, ValueRange args) {
        SmallVector<Value> from(args.take_front(rank));
        for (auto [t, at] : llvm::zip(axes, args.drop_front(rank)))
          from[t.axis] =
              arith::IndexCastOp::create(nb, loc, nb.getIndexType(), at);
        return from;
      },
      tables);
  // Per axis: 0 keeps, 1 is zero (exclude_outside), 2 extrapolates.
  SmallVector<Value> codes;
  SmallVector<const AxisTable *> coded;
  for (const AxisTable &t : axes) {
    if (!t.anyZero && !t.anyExtrapolated)
      continue;
    SmallVector<double> code;
    for (int64_t o = 0; o < t.out; ++o)
      code.push_back(t.extrapolated[o] ? 2 : t.weight[o] == 0 ? 1 : 0);
    codes.push_back(
        axisConstant(b, b.getI8Type(), t.axis, rank, {t.out}, code));
    coded.push_back(&t);
  }
  if (codes.empty())
    return y;
  SmallVector<Value> inputs = {y};
  llvm::append_range(inputs, codes);
  double fill = saturated(extrapolation, element, isUnsigned);
  return elementwise(
      b, inputs, shape, element,
      [&](OpBuilder &nb, Location loc, ValueRange args) -> Value {
        Value v = args[0];
        Value zero = scalar(nb, loc, element, 0.0);
        Value extra = scalar(nb, loc, element, fill);
        for (Value code : args.drop_front()) {
          Value isZero =
              arith::CmpIOp::create(nb, loc, arith::CmpIPredicate::eq, code,
                                    scalar(nb, loc, nb.getI8Type(), 1));
          Value isExtra =
              arith::CmpIOp::create(nb, loc, arith::CmpIPredicate::eq, code,
                                    scalar(nb, loc, nb.getI8Type(), 2));
          v = arith::SelectOp::create(nb, loc, isZero, zero, v);
          v = arith::SelectOp::create(nb, loc, isExtra, extra, v);
        }
        return v;
      });
}

/// Linear and cubic resizing, one axis at a time (the kernels are
/// separable): each axis a linalg.generic reducing over its taps, in f32
/// (f64 for f64 and integer data, as exact as the reference's float64),
/// converted to the element type at the end.
Value resizeInterpolated(ImplicitLocOpBuilder &b, Value x,
                         ArrayRef<AxisTable> axes, double extrapolation,
                         bool isUnsigned) {
  MLIRContext *ctx = b.getContext();
  auto xt = cast<RankedTensorType>(x.getType());
  int64_t rank = xt.getRank();
  Type element = xt.getElementType();
  Type compute = element.isF64() || isa<IntegerType>(element)
                     ? Type(b.getF64Type())
                     : Type(b.getF32Type());
  Value cur = x;
  bool curUnsigned = isUnsigned;
  for (const AxisTable &t : axes) {
    auto ct = cast<RankedTensorType>(cur.getType());
    SmallVector<int64_t> shape(ct.getShape());
    shape[t.axis] = t.out;
    Value indexTable =
        constantOf(b, RankedTensorType::get({t.out, t.taps}, b.getI32Type()),
                   SmallVector<double>(t.index.begin(), t.index.end()));
    Value weightTable = constantOf(
        b, RankedTensorType::get({t.out, t.taps}, compute), t.weight);
    Value init = tensor::EmptyOp::create(b, shape, compute);
    init = linalg::FillOp::create(b, scalar(b, b.getLoc(), compute, 0.0), init)
               .getResult(0);
    AffineExpr axisDim = getAffineDimExpr(unsigned(t.axis), ctx);
    AffineExpr tapDim = getAffineDimExpr(unsigned(rank), ctx);
    SmallVector<AffineMap> maps = {
        AffineMap::get(unsigned(rank + 1), 0, {axisDim, tapDim}, ctx),
        AffineMap::get(unsigned(rank + 1), 0, {axisDim, tapDim}, ctx),
        AffineMap::getMultiDimIdentityMap(unsigned(rank + 1), ctx)
            .dropResult(unsigned(rank))};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    iterators.push_back(utils::IteratorType::reduction);
    Value source = cur;
    bool sourceUnsigned = curUnsigned;
    cur =
        linalg::GenericOp::create(
            b, init.getType(), ValueRange{indexTable, weightTable}, init, maps,
            iterators,
            [&](OpBuilder &nb, Location loc, ValueRange args) {
              SmallVector<Value> from;
              for (int64_t d = 0; d < rank; ++d)
                from.push_back(linalg::IndexOp::create(nb, loc, uint64_t(d)));
              from[t.axis] = arith::IndexCastOp::create(
                  nb, loc, nb.getIndexType(), args[0]);
              Value v = tensor::ExtractOp::create(nb, loc, source, from);
              v = convertScalar(nb, loc, v, compute, sourceUnsigned);
              Value acc = arith::AddFOp::create(
                  nb, loc, args[2], arith::MulFOp::create(nb, loc, args[1], v));
              linalg::YieldOp::create(nb, loc, acc);
            })
            .getResult(0);
    curUnsigned = false;
    if (t.anyExtrapolated) {
      SmallVector<double> mask(t.extrapolated.begin(), t.extrapolated.end());
      Value maskTable =
          axisConstant(b, b.getI1Type(), t.axis, rank, {t.out}, mask);
      cur = elementwise(
          b, {cur, maskTable}, shape, compute,
          [&](OpBuilder &nb, Location loc, ValueRange args) -> Value {
            return arith::SelectOp::create(
                nb, loc, args[1], scalar(nb, loc, compute, extrapolation),
                args[0]);
          });
    }
  }
  auto ct = cast<RankedTensorType>(cur.getType());
  if (ct.getElementType() == element)
    return cur;
  return elementwise(b, cur, ct.getShape(), element,
                     [&](OpBuilder &nb, Location loc, ValueRange args) {
                       return fromComputeType(nb, loc, args[0], element,
                                              isUnsigned);
                     });
}

/// Resize (10, 11, 13, 18, 19) and Upsample (7, 9): the output size and
/// every sampling position are compile-time values (scales, sizes and roi
/// are constants), so coordinates, neighbours and weights are tables; the
/// generated code only reads and weighs.
LogicalResult convertResize(NodeBinder &n) {
  bool upsample = n.opType() == "Upsample";
  int64_t since = n.since();
  ResizeMode m;
  m.mode = n.str("mode", "nearest");
  bool modern = !upsample && since >= 11;
  std::string policy = "stretch";
  SmallVector<int64_t> axesAttr;
  bool hasAxes = false;
  if (modern) {
    m.coordinates = n.str("coordinate_transformation_mode", "half_pixel");
    m.nearest = n.str("nearest_mode", "round_prefer_floor");
    m.cubicA = n.f32("cubic_coeff_a", -0.75f);
    m.excludeOutside = n.i64("exclude_outside", 0) != 0;
    m.extrapolation = n.f32("extrapolation_value", 0.0f);
    if (since >= 18) {
      m.antialias = n.i64("antialias", 0) != 0;
      policy = n.str("keep_aspect_ratio_policy", "stretch");
      hasAxes = n.hasAttr("axes");
      axesAttr = n.i64s("axes");
    }
  } else {
    // Upsample and Resize-10 sample the input at y / scale.
    m.coordinates = "asymmetric";
    m.nearest = "simple";
  }
  SmallVector<float> scalesAttr;
  if (upsample && since < 9) {
    if (!n.hasAttr("scales"))
      return n.error() << "attribute 'scales' is required";
    scalesAttr = n.f32s("scales");
  }
  if (n.failed())
    return failure();
  if (m.mode != "nearest" && m.mode != "linear" &&
      (m.mode != "cubic" || !modern))
    return n.error() << "mode '" << m.mode << "' is not "
                     << (modern ? "nearest, linear or cubic"
                                : "nearest or linear");
  if (modern) {
    SmallVector<StringRef> valid = {"half_pixel", "pytorch_half_pixel",
                                    "align_corners", "asymmetric",
                                    "tf_crop_and_resize"};
    if (since < 13)
      valid.push_back("tf_half_pixel_for_nn");
    if (since >= 19)
      valid.push_back("half_pixel_symmetric");
    if (!llvm::is_contained(valid, m.coordinates)) {
      InFlightDiagnostic diag = n.error() << "coordinate_transformation_mode '"
                                          << m.coordinates << "' is not one of";
      for (StringRef v : valid)
        diag << " " << v;
      return diag << " (Resize-" << since << ")";
    }
    if (m.nearest != "round_prefer_floor" && m.nearest != "round_prefer_ceil" &&
        m.nearest != "floor" && m.nearest != "ceil")
      return n.error() << "nearest_mode '" << m.nearest
                       << "' is not round_prefer_floor, round_prefer_ceil, "
                          "floor or ceil";
    if (policy != "stretch" && policy != "not_larger" &&
        policy != "not_smaller")
      return n.error() << "keep_aspect_ratio_policy '" << policy
                       << "' is not stretch, not_larger or not_smaller";
    if (m.antialias && m.mode == "nearest")
      return n.error() << "antialias applies to the linear and cubic modes, "
                          "not nearest";
  }

  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  auto xt = NodeBinder::typeOf(*x);
  int64_t rank = xt.getRank();
  Type element = xt.getElementType();
  if (m.mode != "nearest" && element.isInteger(1))
    return n.error() << "mode '" << m.mode << "' needs numeric data, not bool";

  // The axes that scales, sizes and roi list.
  SmallVector<int64_t> axes;
  if (hasAxes) {
    SmallVector<bool> seen(rank, false);
    for (int64_t a : axesAttr) {
      std::optional<int64_t> d = normalizeAxis(a, rank);
      if (!d)
        return n.error() << "axis " << a << " is out of range for rank "
                         << rank;
      if (seen[*d])
        return n.error() << "axis " << a << " is given twice";
      seen[*d] = true;
      axes.push_back(*d);
    }
  } else {
    for (int64_t d = 0; d < rank; ++d)
      axes.push_back(d);
  }
  int64_t count = int64_t(axes.size());

  // Scales or sizes.
  SmallVector<double> scales;
  SmallVector<int64_t> sizes;
  bool bySizes = false;
  if (upsample && since < 9) {
    scales.assign(scalesAttr.begin(), scalesAttr.end());
  } else if (!modern) {
    FailureOr<SmallVector<double>> s = n.constantFloats(1, "scales");
    if (failed(s))
      return failure();
    scales = *s;
  } else {
    auto given = [&](unsigned i) {
      return n.has(i) &&
             NodeBinder::typeOf(n.optionalInput(i)).getNumElements() > 0;
    };
    bool hasScales = given(2), hasSizes = given(3);
    if (hasScales == hasSizes)
      return n.error() << "exactly one of scales and sizes must be given "
                          "(and not empty)";
    if (hasScales) {
      FailureOr<SmallVector<double>> s = n.constantFloats(2, "scales");
      if (failed(s))
        return failure();
      scales = *s;
    } else {
      FailureOr<SmallVector<int64_t>> s = n.constantInts(3, "sizes");
      if (failed(s))
        return failure();
      sizes = *s;
      bySizes = true;
    }
  }
  if (!bySizes && policy != "stretch")
    return n.error() << "keep_aspect_ratio_policy '" << policy
                     << "' applies to sizes, not scales";
  int64_t given = int64_t(bySizes ? sizes.size() : scales.size());
  if (given != count)
    return n.error() << (bySizes ? "sizes" : "scales") << " has " << given
                     << " values for " << count << " axes";

  SmallVector<double> scale(rank, 1.0);
  SmallVector<int64_t> shape(xt.getShape());
  if (!bySizes) {
    for (auto [i, d] : llvm::enumerate(axes)) {
      double s = scales[i];
      if (!(s > 0) || !std::isfinite(s))
        return n.error() << "scale " << formatNumber(s) << " must be positive";
      if (upsample && s < 1)
        return n.error() << "scale " << formatNumber(s)
                         << " must be at least 1";
      double size = std::floor(s * double(xt.getDimSize(d)));
      if (size > double(std::numeric_limits<int32_t>::max()))
        return n.error() << "scale " << formatNumber(s) << " makes dimension "
                         << d << " too large";
      scale[d] = s;
      shape[d] = int64_t(size);
    }
  } else {
    for (auto [i, d] : llvm::enumerate(axes)) {
      if (sizes[i] < 0 || sizes[i] > std::numeric_limits<int32_t>::max())
        return n.error() << "size " << sizes[i] << " is out of range";
      if (xt.getDimSize(d) == 0 && sizes[i] != 0)
        return n.error() << "cannot resize dimension " << d << " of size 0 to "
                         << sizes[i];
    }
    if (policy == "stretch") {
      for (auto [i, d] : llvm::enumerate(axes)) {
        shape[d] = sizes[i];
        if (xt.getDimSize(d) != 0)
          scale[d] = double(sizes[i]) / double(xt.getDimSize(d));
      }
    } else {
      double s =
          policy == "not_larger" ? std::numeric_limits<double>::max() : 0.0;
      for (auto [i, d] : llvm::enumerate(axes)) {
        if (xt.getDimSize(d) == 0)
          return n.error() << "keep_aspect_ratio_policy '" << policy
                           << "' cannot scale dimension " << d << " of size 0";
        double r = double(sizes[i]) / double(xt.getDimSize(d));
        s = policy == "not_larger" ? std::min(s, r) : std::max(s, r);
      }
      for (int64_t d : axes) {
        scale[d] = s;
        shape[d] = int64_t(s * double(xt.getDimSize(d)) + 0.5);
      }
    }
  }

  // roi, for tf_crop_and_resize only.
  SmallVector<double> roiStart(rank, 0.0), roiEnd(rank, 1.0);
  FloatType roiType;
  if (m.coordinates == "tf_crop_and_resize") {
    FailureOr<SmallVector<double>> roi = n.constantFloats(1, "roi");
    if (failed(roi))
      return failure();
    if (int64_t(roi->size()) != 2 * count)
      return n.error() << "roi has " << roi->size() << " values for " << count
                       << " axes (it needs " << 2 * count << ")";
    for (double v : *roi)
      if (!std::isfinite(v))
        return n.error() << "roi value " << formatNumber(v) << " is not finite";
    for (auto [i, d] : llvm::enumerate(axes)) {
      roiStart[d] = (*roi)[i];
      roiEnd[d] = (*roi)[i + count];
    }
    roiType = dyn_cast<FloatType>(n.onnxElementType(1));
  }
  // The reference subtracts roi values in the roi's precision (numpy
  // float32 arithmetic for a FLOAT roi); the rest in double.
  auto roiRound = [&](double v) {
    if (!roiType || roiType.isF64())
      return v;
    APFloat f(v);
    bool lost;
    f.convert(roiType.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
    return f.convertToDouble();
  };

  if (numElements(shape) == 0)
    return n.output(0, tensor::EmptyOp::create(n.b, shape, element));
  SmallVector<AxisTable> tables;
  for (int64_t d : axes) {
    int64_t in = xt.getDimSize(d);
    // An axis the reference leaves alone.
    bool identity =
        std::abs(scale[d] - 1.0) <= 1e-9 * std::max(std::abs(scale[d]), 1.0) &&
        shape[d] == in &&
        (m.coordinates != "tf_crop_and_resize" ||
         (roiStart[d] == 0 && roiEnd[d] == 1));
    if (identity)
      continue;
    tables.push_back(buildAxisTable(m, d, in, shape[d], scale[d], roiStart[d],
                                    roiEnd[d], roiRound));
  }
  if (tables.empty())
    return n.output(0, *x);
  bool isUnsigned = n.isUnsigned(0);
  Value y =
      m.mode == "nearest"
          ? resizeNearest(n.b, *x, tables, shape, m.extrapolation, isUnsigned)
          : resizeInterpolated(n.b, *x, tables, m.extrapolation, isUnsigned);
  return n.output(0, y);
}

} // namespace

void mlir::qnn::onnx_to_qnn::populateDataMovementHandlers(OpRegistry &r) {
  r.add("Reshape", {1, 5, 13, 14, 19, 21, 23, 24, 25}, convertReshape);
  r.add("Flatten", {1, 9, 11, 13, 21, 23, 24, 25}, convertFlatten);
  r.add("Squeeze", {1, 11, 13, 21, 23, 24, 25}, convertSqueeze);
  r.add("Unsqueeze", {1, 11, 13, 21, 23, 24, 25}, convertSqueeze);
  r.add("Transpose", {1, 13, 21, 23, 24, 25}, convertTranspose);
  r.add("Concat", {1, 4, 11, 13}, convertConcat);
  r.add("Split", {1, 2, 11, 13, 18}, convertSplit);
  r.add("Slice", {1, 10, 11, 13}, convertSlice);
  r.add("Gather", {1, 11, 13}, convertGather);
  r.add("Expand", {8, 13}, convertExpand);
  r.add("Tile", {6, 13}, convertTile);
  r.add("Pad", {1, 2, 11, 13, 18, 19, 21, 23, 24, 25}, convertPad);
  r.add("DepthToSpace", {1, 11, 13}, convertDepthSpace);
  r.add("SpaceToDepth", {1, 13}, convertDepthSpace);
  r.add("GatherElements", {11, 13}, convertGatherElements);
  r.add("GatherND", {11, 12, 13}, convertGatherND);
  r.add("ScatterElements", {11, 13, 16, 18}, convertScatterElements);
  // Scatter-11 and Upsample-10 are deprecated: no definition to read.
  r.add("Scatter", {9}, convertScatterElements);
  r.add("ScatterND", {11, 13, 16, 18}, convertScatterND);
  r.add("OneHot", {9, 11}, convertOneHot);
  r.add("Trilu", {14}, convertTrilu);
  r.add("EyeLike", {9, 22}, convertEyeLike);
  r.add("ReverseSequence", {10}, convertReverseSequence);
  r.add("Compress", {9, 11}, convertCompress);
  r.add("CenterCropPad", {18}, convertCenterCropPad);
  r.add("Resize", {10, 11, 13, 18, 19}, convertResize);
  r.add("Upsample", {7, 9}, convertResize);
}
