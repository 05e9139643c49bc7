//===- DataMovement.cpp - ONNX reshapes, slices, gathers, pads ------------===//
//
// Operators that move elements without computing: Reshape, Flatten,
// Squeeze, Unsqueeze, Transpose, Concat, Split, Slice, Gather, Expand,
// Tile, Pad, DepthToSpace and SpaceToDepth, on run-time data of any
// element type. Shapes, axes, pads and slice bounds must be known at
// compile time (qnn compiles static shapes); gather indices may be run-time
// values.
//
//===----------------------------------------------------------------------===//

#include "Common.h"
#include "PopulateHandlers.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Tosa/Utils/ConversionUtils.h"

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::onnx_to_qnn;

namespace {

Value indexConst(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
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
    known *= d;
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
        Value i =
            isUnsigned
                ? arith::IndexCastUIOp::create(b, loc, b.getIndexType(), raw)
                      .getResult()
                : arith::IndexCastOp::create(b, loc, b.getIndexType(), raw)
                      .getResult();
        // Negative indices count from the end; others are clamped into
        // range (out-of-range indices read a valid element, never memory
        // outside the tensor).
        Value sizeV = indexConst(b, loc, size);
        Value neg = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, i,
                                          indexConst(b, loc, 0));
        i = arith::SelectOp::create(b, loc, neg,
                                    arith::AddIOp::create(b, loc, i, sizeV), i);
        i = arith::MaxSIOp::create(b, loc, i, indexConst(b, loc, 0));
        i = arith::MinSIOp::create(b, loc, i, indexConst(b, loc, size - 1));
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
}
