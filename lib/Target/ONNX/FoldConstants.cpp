//===- FoldConstants.cpp - Shape arithmetic of ONNX graphs at import ------===//
//
// Values are held as doubles (exact for the integers of shapes and for f32)
// with their element type; results are rebuilt as f32, i32 or i64 dense
// attributes. Broadcasting is NumPy's, as ONNX defines it.
//
//===----------------------------------------------------------------------===//

#include "FoldConstants.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSwitch.h"

#include "onnx/onnx_pb.h"

#include <cmath>
#include <cstring>

using namespace mlir;

namespace {

struct Tensor {
  SmallVector<int64_t> shape;
  Type element;
  SmallVector<double> values;

  int64_t rank() const { return int64_t(shape.size()); }
};

Tensor read(DenseElementsAttr attr) {
  Tensor t;
  t.shape.assign(attr.getType().getShape().begin(),
                 attr.getType().getShape().end());
  t.element = attr.getElementType();
  if (isa<FloatType>(t.element))
    for (const APFloat &v : attr.getValues<APFloat>())
      t.values.push_back(v.convertToDouble());
  else
    for (const APInt &v : attr.getValues<APInt>())
      t.values.push_back(double(v.getSExtValue()));
  return t;
}

DenseElementsAttr write(const Tensor &t) {
  auto type = RankedTensorType::get(t.shape, t.element);
  if (t.element.isF32()) {
    SmallVector<float> v(t.values.begin(), t.values.end());
    return DenseElementsAttr::get(type, ArrayRef<float>(v));
  }
  unsigned width = t.element.getIntOrFloatBitWidth();
  SmallVector<APInt> v;
  for (double d : t.values)
    v.push_back(APInt(width, uint64_t(int64_t(d)), /*isSigned=*/true));
  return DenseElementsAttr::get(type, v);
}

int64_t attrInt(const onnx::NodeProto &node, StringRef name, int64_t init) {
  for (const auto &a : node.attribute())
    if (a.name() == name)
      return a.i();
  return init;
}

std::optional<SmallVector<int64_t>> attrInts(const onnx::NodeProto &node,
                                             StringRef name) {
  for (const auto &a : node.attribute())
    if (a.name() == name)
      return SmallVector<int64_t>(a.ints().begin(), a.ints().end());
  return std::nullopt;
}

SmallVector<int64_t> asInts(const Tensor &t) {
  SmallVector<int64_t> out;
  for (double d : t.values)
    out.push_back(int64_t(d));
  return out;
}

/// Row-major strides of `shape`.
SmallVector<int64_t> strides(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> s(shape.size(), 1);
  for (int64_t d = int64_t(shape.size()) - 2; d >= 0; --d)
    s[d] = s[d + 1] * shape[d + 1];
  return s;
}

/// Steps a row-major multi-index through `shape`.
void advance(MutableArrayRef<int64_t> index, ArrayRef<int64_t> shape) {
  for (int64_t d = int64_t(shape.size()) - 1; d >= 0; --d) {
    if (++index[d] < shape[d])
      return;
    index[d] = 0;
  }
}

class Folder {
public:
  Folder(const onnx::NodeProto &node, ArrayRef<DenseElementsAttr> inputs,
         int64_t opset, std::string &error)
      : node(node), attrs(inputs), opset(opset), error(error) {}

  std::optional<Tensor> run();

private:
  const onnx::NodeProto &node;
  ArrayRef<DenseElementsAttr> attrs;
  int64_t opset;
  std::string &error;

  std::nullopt_t fail(const std::string &message) {
    error = message;
    return std::nullopt;
  }
  std::optional<Tensor> in(size_t i) {
    if (i >= attrs.size() || !attrs[i])
      return fail("input " + std::to_string(i) + " is missing");
    return read(attrs[i]);
  }
  bool has(size_t i) const { return i < attrs.size() && attrs[i]; }
  std::optional<int64_t> axis(int64_t value, int64_t rank) {
    int64_t a = value < 0 ? value + rank : value;
    if (a < 0 || a >= rank)
      return fail("axis " + std::to_string(value) +
                  " is out of range for rank " + std::to_string(rank));
    return a;
  }

  std::optional<Tensor> gather();
  std::optional<Tensor> concat();
  std::optional<Tensor> slice();
  std::optional<Tensor> cast();
  std::optional<Tensor> arithmetic(StringRef op);
  std::optional<Tensor> constantOfShape();
  std::optional<Tensor> range();
};

std::optional<Tensor> Folder::gather() {
  std::optional<Tensor> data = in(0), indices = in(1);
  if (!data || !indices)
    return std::nullopt;
  if (data->rank() == 0)
    return fail("cannot gather from a scalar");
  std::optional<int64_t> a = axis(attrInt(node, "axis", 0), data->rank());
  if (!a)
    return std::nullopt;
  Tensor out;
  out.element = data->element;
  out.shape.append(data->shape.begin(), data->shape.begin() + *a);
  out.shape.append(indices->shape.begin(), indices->shape.end());
  out.shape.append(data->shape.begin() + *a + 1, data->shape.end());
  int64_t outer = 1, inner = 1, size = data->shape[*a];
  for (int64_t d = 0; d < *a; ++d)
    outer *= data->shape[d];
  for (int64_t d = *a + 1; d < data->rank(); ++d)
    inner *= data->shape[d];
  SmallVector<int64_t> picks = asInts(*indices);
  for (int64_t &p : picks) {
    if (p < -size || p >= size)
      return fail("index " + std::to_string(p) + " is out of range for size " +
                  std::to_string(size));
    if (p < 0)
      p += size;
  }
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t p : picks)
      for (int64_t i = 0; i < inner; ++i)
        out.values.push_back(data->values[(o * size + p) * inner + i]);
  return out;
}

std::optional<Tensor> Folder::concat() {
  SmallVector<Tensor> parts;
  for (size_t i = 0; i < attrs.size(); ++i) {
    std::optional<Tensor> t = in(i);
    if (!t)
      return std::nullopt;
    parts.push_back(*t);
  }
  if (parts.empty())
    return fail("no inputs");
  const Tensor &first = parts.front();
  std::optional<int64_t> a = axis(attrInt(node, "axis", 0), first.rank());
  if (!a)
    return std::nullopt;
  Tensor out;
  out.element = first.element;
  out.shape = first.shape;
  out.shape[*a] = 0;
  for (const Tensor &t : parts) {
    if (t.rank() != first.rank() || t.element != first.element)
      return fail("inputs differ in rank or element type");
    for (int64_t d = 0; d < t.rank(); ++d)
      if (d != *a && t.shape[d] != first.shape[d])
        return fail("inputs differ outside the concatenated axis");
    out.shape[*a] += t.shape[*a];
  }
  int64_t outer = 1;
  for (int64_t d = 0; d < *a; ++d)
    outer *= first.shape[d];
  for (int64_t o = 0; o < outer; ++o)
    for (const Tensor &t : parts) {
      int64_t chunk = int64_t(t.values.size()) / std::max<int64_t>(outer, 1);
      out.values.append(t.values.begin() + o * chunk,
                        t.values.begin() + (o + 1) * chunk);
    }
  return out;
}

std::optional<Tensor> Folder::slice() {
  std::optional<Tensor> data = in(0);
  if (!data)
    return std::nullopt;
  SmallVector<int64_t> starts, ends, axes, steps;
  if (opset < 10) {
    starts = attrInts(node, "starts").value_or(SmallVector<int64_t>{});
    ends = attrInts(node, "ends").value_or(SmallVector<int64_t>{});
    axes = attrInts(node, "axes").value_or(SmallVector<int64_t>{});
  } else {
    std::optional<Tensor> s = in(1), e = in(2);
    if (!s || !e)
      return std::nullopt;
    starts = asInts(*s);
    ends = asInts(*e);
    if (has(3))
      axes = asInts(read(attrs[3]));
    if (has(4))
      steps = asInts(read(attrs[4]));
  }
  if (axes.empty())
    for (size_t i = 0; i < starts.size(); ++i)
      axes.push_back(int64_t(i));
  if (steps.empty())
    steps.assign(starts.size(), 1);
  if (ends.size() != starts.size() || axes.size() != starts.size() ||
      steps.size() != starts.size())
    return fail("starts, ends, axes and steps differ in length");
  int64_t rank = data->rank();
  SmallVector<int64_t> begin(rank, 0), step(rank, 1), count(data->shape);
  for (size_t i = 0; i < starts.size(); ++i) {
    std::optional<int64_t> a = axis(axes[i], rank);
    if (!a)
      return std::nullopt;
    int64_t size = data->shape[*a], st = steps[i];
    if (st == 0)
      return fail("a step is 0");
    // ONNX's clamping: [0, size] going forward; backward, starts to
    // [0, size - 1] and ends to [-1, size - 1].
    auto clampIndex = [&](int64_t v, bool forEnd) {
      if (v < 0)
        v += size;
      if (st > 0)
        return std::clamp<int64_t>(v, 0, size);
      return std::clamp<int64_t>(v, forEnd ? -1 : 0, size - 1);
    };
    int64_t s = clampIndex(starts[i], false), e = clampIndex(ends[i], true);
    int64_t n = st > 0 ? std::max<int64_t>(0, (e - s + st - 1) / st)
                       : std::max<int64_t>(0, (s - e - st - 1) / -st);
    begin[*a] = s;
    step[*a] = st;
    count[*a] = n;
  }
  Tensor out;
  out.element = data->element;
  out.shape = count;
  SmallVector<int64_t> inStrides = strides(data->shape);
  int64_t total = 1;
  for (int64_t c : count)
    total *= c;
  SmallVector<int64_t> index(rank, 0);
  for (int64_t k = 0; k < total; ++k) {
    int64_t offset = 0;
    for (int64_t d = 0; d < rank; ++d)
      offset += (begin[d] + index[d] * step[d]) * inStrides[d];
    out.values.push_back(data->values[offset]);
    advance(index, count);
  }
  return out;
}

std::optional<Tensor> Folder::cast() {
  std::optional<Tensor> x = in(0);
  if (!x)
    return std::nullopt;
  MLIRContext *ctx = x->element.getContext();
  int64_t to = attrInt(node, "to", 0);
  switch (to) {
  case onnx::TensorProto::FLOAT:
    x->element = Float32Type::get(ctx);
    for (double &v : x->values)
      v = double(float(v));
    return x;
  case onnx::TensorProto::INT32:
  case onnx::TensorProto::INT64:
    x->element =
        IntegerType::get(ctx, to == onnx::TensorProto::INT32 ? 32 : 64);
    for (double &v : x->values)
      v = std::trunc(v);
    return x;
  default:
    return fail("casts to data type " + std::to_string(to) +
                " are not folded (FLOAT, INT32 and INT64 are)");
  }
}

std::optional<Tensor> Folder::arithmetic(StringRef op) {
  std::optional<Tensor> l = in(0), r = in(1);
  if (!l || !r)
    return std::nullopt;
  if (l->element != r->element)
    return fail("operands differ in element type");
  int64_t rank = std::max(l->rank(), r->rank());
  auto padded = [&](const Tensor &t) {
    SmallVector<int64_t> s(rank - t.rank(), 1);
    s.append(t.shape.begin(), t.shape.end());
    return s;
  };
  SmallVector<int64_t> ls = padded(*l), rs = padded(*r), shape;
  for (int64_t d = 0; d < rank; ++d) {
    if (ls[d] != rs[d] && ls[d] != 1 && rs[d] != 1)
      return fail("operands do not broadcast");
    shape.push_back(std::max(ls[d], rs[d]));
  }
  SmallVector<int64_t> lst = strides(ls), rst = strides(rs);
  Tensor out;
  out.element = l->element;
  out.shape = shape;
  bool isInt = !isa<FloatType>(out.element);
  int64_t total = 1;
  for (int64_t s : shape)
    total *= s;
  SmallVector<int64_t> index(rank, 0);
  for (int64_t k = 0; k < total; ++k) {
    int64_t lo = 0, ro = 0;
    for (int64_t d = 0; d < rank; ++d) {
      lo += (ls[d] == 1 ? 0 : index[d]) * lst[d];
      ro += (rs[d] == 1 ? 0 : index[d]) * rst[d];
    }
    double a = l->values[lo], c = r->values[ro], v;
    if (op == "Add")
      v = a + c;
    else if (op == "Sub")
      v = a - c;
    else if (op == "Mul")
      v = a * c;
    else if (isInt && c == 0)
      return fail("integer division by zero");
    else
      v = isInt ? std::trunc(a / c) : a / c;
    if (!isInt)
      v = double(float(v));
    out.values.push_back(v);
    advance(index, shape);
  }
  return out;
}

std::optional<Tensor> Folder::constantOfShape() {
  std::optional<Tensor> shape = in(0);
  if (!shape)
    return std::nullopt;
  Tensor out;
  out.shape = asInts(*shape);
  out.element = Float32Type::get(shape->element.getContext());
  double fill = 0.0;
  for (const auto &a : node.attribute()) {
    if (a.name() != "value")
      continue;
    const onnx::TensorProto &t = a.t();
    const std::string &raw = t.raw_data();
    if (t.data_type() == onnx::TensorProto::FLOAT &&
        (t.float_data_size() == 1 || raw.size() == 4)) {
      float f;
      if (raw.size() == 4)
        std::memcpy(&f, raw.data(), 4);
      else
        f = t.float_data(0);
      fill = f;
    } else if (t.data_type() == onnx::TensorProto::INT64 &&
               (t.int64_data_size() == 1 || raw.size() == 8)) {
      int64_t i;
      if (raw.size() == 8)
        std::memcpy(&i, raw.data(), 8);
      else
        i = t.int64_data(0);
      fill = double(i);
      out.element = IntegerType::get(shape->element.getContext(), 64);
    } else {
      return fail("value must be one FLOAT or INT64");
    }
  }
  int64_t total = 1;
  for (int64_t d : out.shape) {
    if (d < 0)
      return fail("negative dimension " + std::to_string(d));
    total *= d;
  }
  out.values.assign(size_t(total), fill);
  return out;
}

std::optional<Tensor> Folder::range() {
  std::optional<Tensor> start = in(0), limit = in(1), delta = in(2);
  if (!start || !limit || !delta)
    return std::nullopt;
  double s = start->values[0], l = limit->values[0], d = delta->values[0];
  if (d == 0)
    return fail("delta is 0");
  Tensor out;
  out.element = start->element;
  int64_t n = std::max<int64_t>(0, int64_t(std::ceil((l - s) / d)));
  out.shape = {n};
  for (int64_t i = 0; i < n; ++i)
    out.values.push_back(s + double(i) * d);
  return out;
}

std::optional<Tensor> Folder::run() {
  StringRef op = node.op_type();
  if (op == "Gather")
    return gather();
  if (op == "Concat")
    return concat();
  if (op == "Slice")
    return slice();
  if (op == "Cast")
    return cast();
  if (op == "ConstantOfShape")
    return constantOfShape();
  if (op == "Range")
    return range();
  return arithmetic(op);
}

} // namespace

bool qnn::onnx_import::isFoldable(StringRef op) {
  return llvm::StringSwitch<bool>(op)
      .Cases({"Gather", "Concat", "Slice", "Cast", "ConstantOfShape", "Range",
              "Add", "Sub", "Mul", "Div"},
             true)
      .Default(false);
}

std::optional<DenseElementsAttr>
qnn::onnx_import::foldNode(const onnx::NodeProto &node,
                           ArrayRef<DenseElementsAttr> inputs, int64_t opset,
                           std::string &error) {
  std::optional<Tensor> result = Folder(node, inputs, opset, error).run();
  if (!result)
    return std::nullopt;
  return write(*result);
}
