//===- ConstantFolding.cpp - Shape arithmetic evaluated at compile time ---===//
//
// Exporters compute shapes at run time (Shape -> Gather -> Unsqueeze ->
// Concat -> Reshape, for `x.view(x.size(0), -1)`; Swin's padding to whole
// windows: Mod -> Unsqueeze -> Concat -> Reshape -> Slice -> Transpose ->
// Pad's pads). qnn compiles static
// shapes, so nodes of that arithmetic whose inputs are all small constants
// are evaluated here, before their handlers run, and later nodes see
// constants. Integers are held as int64 (exact for every shape), floats as
// doubles rounded to the element type after each operation, which is what
// the run-time operation computes for one IEEE operation.
//
//===----------------------------------------------------------------------===//

#include "Common.h"
#include "PopulateHandlers.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "llvm/ADT/StringSwitch.h"

#include <cmath>

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::onnx_to_qnn;

namespace {

/// Elements folded at most per input: shape arithmetic is small; anything
/// larger runs at run time.
constexpr int64_t kMaxFoldedElements = 1 << 16;
/// Elements the folder reads and writes at most per function (about 4
/// million): shape arithmetic takes a few thousand; past the budget nodes run
/// at run time, so that a long chain of foldable nodes on large constants
/// (10,000 Adds of 65,536 floats) neither takes minutes nor fills memory
/// with folded constants.
constexpr int64_t kMaxFoldedTotalElements = 1 << 22;

struct Tensor {
  SmallVector<int64_t> shape;
  /// The ONNX element type (signedness kept).
  Type element;
  SmallVector<int64_t> ints;
  SmallVector<double> floats;

  bool isFloat() const { return isa<FloatType>(element); }
  int64_t size() const { return numElements(shape); }
  double at(int64_t i) const { return isFloat() ? floats[i] : double(ints[i]); }
};

/// Rounds `v` to the values `element` holds.
double roundTo(Type element, double v) {
  if (element.isF32())
    return double(float(v));
  if (auto f = dyn_cast<FloatType>(element); f && f.getWidth() < 32) {
    APFloat a(v);
    bool lost;
    a.convert(f.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
    return a.convertToDouble();
  }
  return v;
}

/// Wraps `v` into `element`'s integer range (two's complement).
int64_t wrapTo(Type element, int64_t v) {
  auto i = cast<IntegerType>(element);
  unsigned w = i.getWidth();
  if (w >= 64)
    return v;
  APInt bits(w, uint64_t(v), /*isSigned=*/true, /*implicitTrunc=*/true);
  return i.isUnsigned() || w == 1 ? int64_t(bits.getZExtValue())
                                  : bits.getSExtValue();
}

class Folder {
public:
  explicit Folder(NodeBinder &n) : n(n) {}

  /// Folds the node: true when done, false when it is not foldable,
  /// failure on an error (emitted).
  FailureOr<bool> run();

private:
  NodeBinder &n;
  SmallVector<std::optional<Tensor>> inputs;

  std::optional<Tensor> read(unsigned i);
  LogicalResult define(unsigned i, const Tensor &t);
  Tensor like(const Tensor &t, ArrayRef<int64_t> shape, Type element) {
    Tensor out;
    out.shape.assign(shape.begin(), shape.end());
    out.element = element ? element : t.element;
    return out;
  }
  void push(Tensor &t, double v) {
    if (t.isFloat())
      t.floats.push_back(roundTo(t.element, v));
    else
      t.ints.push_back(wrapTo(t.element, int64_t(v)));
  }
  void pushInt(Tensor &t, int64_t v) {
    if (t.isFloat())
      t.floats.push_back(roundTo(t.element, double(v)));
    else
      t.ints.push_back(wrapTo(t.element, v));
  }

  FailureOr<bool> elementwise(StringRef op);
  FailureOr<bool> gather();
  FailureOr<bool> concat();
  FailureOr<bool> cast();
  FailureOr<bool> range();
  FailureOr<bool> slice();
  FailureOr<bool> reshapeLike(StringRef op);
  FailureOr<bool> transpose();
};

std::optional<Tensor> Folder::read(unsigned i) {
  ElementsAttr c = n.constant(i);
  if (!c || c.getNumElements() > kMaxFoldedElements)
    return std::nullopt;
  n.conversionState().foldedElements += c.getNumElements();
  Tensor t;
  t.element = n.onnxElementType(i);
  t.shape.assign(c.getShapedType().getShape().begin(),
                 c.getShapedType().getShape().end());
  if (t.isFloat()) {
    std::optional<SmallVector<double>> v = readDoubles(c, false);
    if (!v)
      return std::nullopt;
    t.floats = *v;
  } else {
    std::optional<SmallVector<int64_t>> v =
        readInts(c, t.element.isUnsignedInteger());
    if (!v)
      return std::nullopt;
    t.ints = *v;
  }
  return t;
}

LogicalResult Folder::define(unsigned i, const Tensor &t) {
  ImplicitLocOpBuilder &b = n.b;
  Type storage = t.element;
  if (auto it = dyn_cast<IntegerType>(storage); it && !it.isSignless())
    storage = b.getIntegerType(it.getWidth());
  auto type = RankedTensorType::get(t.shape, storage);
  n.conversionState().foldedElements += t.size();
  Value c = t.isFloat() ? constantOf(b, type, t.floats)
                        : constantOfInts(b, type, t.ints);
  return n.output(i, c, t.element);
}

FailureOr<bool> Folder::elementwise(StringRef op) {
  SmallVector<ArrayRef<int64_t>> shapes;
  for (auto &t : inputs)
    shapes.push_back(t->shape);
  std::optional<SmallVector<int64_t>> shape = broadcastShapes(shapes);
  // Inputs the operator does not take (their number, their types) and
  // results too large to fold: the handler reads the node.
  if (!shape || numElements(*shape) > kMaxFoldedElements)
    return false;
  bool compare = llvm::is_contained(
      {"Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual"}, op);
  bool logic = llvm::is_contained({"Not", "And", "Or", "Xor"}, op);
  bool unary =
      llvm::is_contained({"Not", "Neg", "Abs", "Floor", "Ceil", "Sqrt"}, op);
  size_t arity = op == "Where" ? 3 : unary ? 1 : 2;
  if (inputs.size() != arity)
    return false;
  Type boolean = IntegerType::get(n.b.getContext(), 1);
  if (op == "Where" ? inputs[0]->element != boolean ||
                          inputs[1]->element != inputs[2]->element
                    : logic && inputs[0]->element != boolean)
    return false;
  Type element = op == "Where" ? inputs[1]->element : inputs[0]->element;
  if (compare || logic)
    element = boolean;
  if (op != "Where")
    for (auto &t : inputs)
      if (t->element != inputs[0]->element)
        return false;
  Tensor out = like(*inputs[0], *shape, element);
  int64_t rank = int64_t(shape->size()), total = numElements(*shape);
  SmallVector<int64_t> index(rank, 0);
  auto offsetOf = [&](const Tensor &t) {
    int64_t off = 0, stride = 1;
    for (int64_t d = int64_t(t.shape.size()) - 1; d >= 0; --d) {
      int64_t od = rank - int64_t(t.shape.size()) + d;
      if (t.shape[d] != 1)
        off += index[od] * stride;
      stride *= t.shape[d];
    }
    return off;
  };
  bool isFloat = inputs[0]->isFloat();
  for (int64_t k = 0; k < total; ++k) {
    SmallVector<int64_t> offs;
    for (auto &t : inputs)
      offs.push_back(offsetOf(*t));
    const Tensor &a = *inputs[0];
    auto A = [&](unsigned j) { return inputs[j]->at(offs[j]); };
    auto I = [&](unsigned j) { return inputs[j]->ints[offs[j]]; };
    if (op == "Where") {
      const Tensor &pick = I(0) ? *inputs[1] : *inputs[2];
      int64_t o = I(0) ? offs[1] : offs[2];
      if (pick.isFloat())
        out.floats.push_back(pick.floats[o]);
      else
        out.ints.push_back(pick.ints[o]);
    } else if (compare) {
      double x = A(0), y = A(1);
      bool r = op == "Equal"         ? x == y
               : op == "Less"        ? x < y
               : op == "Greater"     ? x > y
               : op == "LessOrEqual" ? x <= y
                                     : x >= y;
      if (!isFloat) {
        int64_t xi = I(0), yi = I(1);
        r = op == "Equal"         ? xi == yi
            : op == "Less"        ? xi < yi
            : op == "Greater"     ? xi > yi
            : op == "LessOrEqual" ? xi <= yi
                                  : xi >= yi;
      }
      out.ints.push_back(r);
    } else if (logic) {
      int64_t x = I(0), y = inputs.size() > 1 ? I(1) : 0;
      out.ints.push_back(op == "Not"   ? !x
                         : op == "And" ? (x && y)
                         : op == "Or"  ? (x || y)
                                       : (bool(x) != bool(y)));
    } else if (isFloat) {
      double x = A(0), y = inputs.size() > 1 ? A(1) : 0.0, v;
      if (op == "Add" || op == "Sum")
        v = x + y;
      else if (op == "Sub")
        v = x - y;
      else if (op == "Mul")
        v = x * y;
      else if (op == "Div")
        v = x / y;
      else if (op == "Max")
        v = std::isnan(x) || std::isnan(y) ? NAN : std::max(x, y);
      else if (op == "Min")
        v = std::isnan(x) || std::isnan(y) ? NAN : std::min(x, y);
      else if (op == "Neg")
        v = -x;
      else if (op == "Abs")
        v = std::fabs(x);
      else if (op == "Floor")
        v = std::floor(x);
      else if (op == "Ceil")
        v = std::ceil(x);
      else if (op == "Sqrt")
        v = a.element.isF64() ? std::sqrt(x) : double(std::sqrt(float(x)));
      else if (op == "Mod" && n.i64("fmod", 0) == 1)
        v = std::fmod(x, y);
      else
        return false;
      push(out, v);
    } else {
      int64_t x = I(0), y = inputs.size() > 1 ? I(1) : 0, v;
      if (op == "Add" || op == "Sum")
        v = int64_t(uint64_t(x) + uint64_t(y));
      else if (op == "Sub")
        v = int64_t(uint64_t(x) - uint64_t(y));
      else if (op == "Mul")
        v = int64_t(uint64_t(x) * uint64_t(y));
      else if (op == "Div") {
        if (y == 0)
          return false; // left to run time
        v = (y == -1) ? int64_t(0 - uint64_t(x)) : x / y;
      } else if (op == "Max")
        v = std::max(x, y);
      else if (op == "Min")
        v = std::min(x, y);
      else if (op == "Neg")
        v = int64_t(0 - uint64_t(x));
      else if (op == "Abs")
        v = x < 0 ? int64_t(0 - uint64_t(x)) : x;
      else if (op == "Mod") {
        if (y == 0 || (a.element.isUnsignedInteger() && (x < 0 || y < 0)))
          return false; // left to run time (and to its guard)
        // fmod 0: the sign of the divisor (Python's %); 1: of the dividend.
        v = y == -1 ? 0 : x % y;
        if (n.i64("fmod", 0) == 0 && v != 0 && ((v < 0) != (y < 0)))
          v += y;
      } else
        return false;
      pushInt(out, v);
    }
    for (int64_t d = rank - 1; d >= 0; --d) {
      if (++index[d] < (*shape)[d])
        break;
      index[d] = 0;
    }
  }
  if (failed(define(0, out)))
    return failure();
  return true;
}

FailureOr<bool> Folder::gather() {
  int64_t axisAttr = n.i64("axis", 0);
  const Tensor &data = *inputs[0], &indices = *inputs[1];
  if (indices.isFloat())
    return false;
  std::optional<int64_t> axis =
      normalizeAxis(axisAttr, int64_t(data.shape.size()));
  if (!axis)
    return false;
  int64_t size = data.shape[*axis];
  SmallVector<int64_t> shape(data.shape.begin(), data.shape.begin() + *axis);
  llvm::append_range(shape, indices.shape);
  shape.append(data.shape.begin() + *axis + 1, data.shape.end());
  if (numElements(shape) > kMaxFoldedElements)
    return false;
  Tensor out = like(data, shape, {});
  int64_t outer = numElements(ArrayRef(data.shape).take_front(*axis));
  int64_t inner = numElements(ArrayRef(data.shape).drop_front(*axis + 1));
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t p : indices.ints) {
      if (p < -size || p >= size) {
        n.error() << "index " << p << " is out of range for size " << size;
        return failure();
      }
      if (p < 0)
        p += size;
      for (int64_t i = 0; i < inner; ++i) {
        int64_t from = (o * size + p) * inner + i;
        if (data.isFloat())
          out.floats.push_back(data.floats[from]);
        else
          out.ints.push_back(data.ints[from]);
      }
    }
  if (failed(define(0, out)))
    return failure();
  return true;
}

FailureOr<bool> Folder::concat() {
  int64_t axisAttr = n.i64("axis", n.since() < 4 ? 1 : 0);
  const Tensor &first = *inputs[0];
  int64_t rank = int64_t(first.shape.size());
  std::optional<int64_t> axis = normalizeAxis(axisAttr, rank);
  if (!axis)
    return false;
  SmallVector<int64_t> shape(first.shape);
  shape[*axis] = 0;
  for (auto &t : inputs) {
    if (int64_t(t->shape.size()) != rank || t->element != first.element)
      return false;
    for (int64_t d = 0; d < rank; ++d)
      if (d != *axis && t->shape[d] != first.shape[d])
        return false;
    shape[*axis] += t->shape[*axis];
  }
  if (numElements(shape) > kMaxFoldedElements)
    return false;
  Tensor out = like(first, shape, {});
  int64_t outer = numElements(ArrayRef(first.shape).take_front(*axis));
  for (int64_t o = 0; o < outer; ++o)
    for (auto &t : inputs) {
      int64_t chunk = numElements(ArrayRef(t->shape).drop_front(*axis));
      for (int64_t i = 0; i < chunk; ++i) {
        if (t->isFloat())
          out.floats.push_back(t->floats[o * chunk + i]);
        else
          out.ints.push_back(t->ints[o * chunk + i]);
      }
    }
  if (failed(define(0, out)))
    return failure();
  return true;
}

FailureOr<bool> Folder::cast() {
  // Only between the numeric types shape arithmetic uses (Cast-1 names
  // its type with a string: the handler reads that).
  if (!isa_and_present<IntegerAttr>(n.node().getAttrs().get("to")))
    return false;
  int64_t to = n.i64("to", 0);
  MLIRContext *ctx = n.b.getContext();
  Type element;
  switch (to) {
  case 1:
    element = Float32Type::get(ctx);
    break;
  case 11:
    element = Float64Type::get(ctx);
    break;
  case 6:
    element = IntegerType::get(ctx, 32, IntegerType::Signed);
    break;
  case 7:
    element = IntegerType::get(ctx, 64, IntegerType::Signed);
    break;
  case 9:
    element = IntegerType::get(ctx, 1);
    break;
  default:
    return false;
  }
  n.ignore("saturate");
  const Tensor &x = *inputs[0];
  Tensor out = like(x, x.shape, element);
  for (int64_t i = 0; i < x.size(); ++i) {
    double v = x.at(i);
    if (element.isInteger(1))
      out.ints.push_back(v != 0.0);
    else if (out.isFloat())
      push(out, v);
    else if (x.isFloat()) {
      if (!(std::abs(v) < 9.2e18))
        return false; // NaN or out of range: left to run time
      pushInt(out, int64_t(std::trunc(v)));
    } else
      pushInt(out, x.ints[i]);
  }
  if (failed(define(0, out)))
    return failure();
  return true;
}

FailureOr<bool> Folder::range() {
  // Three scalars of one type; a range that is empty-stepped, not finite
  // or too long is left to the handler, which reports it.
  if (inputs.size() != 3)
    return false;
  for (auto &t : inputs)
    if (t->size() != 1 || t->element != inputs[0]->element)
      return false;
  const Tensor &start = *inputs[0];
  Tensor out = like(start, {0}, {});
  if (start.isFloat()) {
    double s = start.floats[0], l = inputs[1]->floats[0],
           d = inputs[2]->floats[0];
    if (d == 0)
      return false;
    double length = std::ceil((l - s) / d);
    if (!(length <= double(kMaxFoldedElements)))
      return false;
    int64_t count = std::max<int64_t>(0, int64_t(length));
    // Range-27's stash_type 0 computes f16 / bf16 in their own precision
    // (i * delta rounded, then the sum); otherwise in f32 or wider.
    bool narrow = n.since() >= 27 && n.i64("stash_type", 1) == 0 &&
                  start.element.getIntOrFloatBitWidth() < 32;
    for (int64_t i = 0; i < count; ++i)
      push(out, narrow ? roundTo(start.element, double(i) * d) + s
                       : s + double(i) * d);
    out.shape = {count};
  } else {
    int64_t s = start.ints[0], l = inputs[1]->ints[0], d = inputs[2]->ints[0];
    if (d == 0)
      return false;
    // ceil((l - s) / d) without overflow: in 128 bits.
    __int128 span = __int128(l) - __int128(s);
    __int128 steps = span / d + ((span % d != 0) && ((span > 0) == (d > 0)));
    if (steps > kMaxFoldedElements)
      return false;
    int64_t count = std::max<int64_t>(0, int64_t(steps));
    for (int64_t i = 0; i < count; ++i)
      pushInt(out, s + i * d);
    out.shape = {count};
  }
  if (failed(define(0, out)))
    return failure();
  return true;
}

FailureOr<bool> Folder::slice() {
  const Tensor &x = *inputs[0];
  FailureOr<SliceBounds> bounds = resolveSlice(n, x.shape);
  if (failed(bounds))
    return failure();
  Tensor out = like(x, bounds->count, {});
  int64_t rank = int64_t(x.shape.size()), total = numElements(bounds->count);
  SmallVector<int64_t> strides(rank, 1), index(rank, 0);
  for (int64_t d = rank - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * x.shape[d + 1];
  for (int64_t k = 0; k < total; ++k) {
    int64_t offset = 0;
    for (int64_t d = 0; d < rank; ++d)
      offset += (bounds->begin[d] + index[d] * bounds->step[d]) * strides[d];
    if (x.isFloat())
      out.floats.push_back(x.floats[offset]);
    else
      out.ints.push_back(x.ints[offset]);
    for (int64_t d = rank - 1; d >= 0; --d) {
      if (++index[d] < bounds->count[d])
        break;
      index[d] = 0;
    }
  }
  if (failed(define(0, out)))
    return failure();
  return true;
}

/// Unsqueeze, Squeeze, Reshape, Flatten, Identity: the elements in their
/// order under a new shape. Anything invalid is left to the handler, which
/// reports it.
FailureOr<bool> Folder::reshapeLike(StringRef op) {
  const Tensor &x = *inputs[0];
  int64_t rank = int64_t(x.shape.size());
  SmallVector<int64_t> shape;
  auto axesOf = [&](unsigned input) -> std::optional<SmallVector<int64_t>> {
    if (n.since() < 13)
      return n.i64s("axes");
    if (inputs.size() <= input)
      return SmallVector<int64_t>();
    if (inputs[input]->isFloat())
      return std::nullopt;
    return inputs[input]->ints;
  };
  if (op == "Identity") {
    shape = x.shape;
  } else if (op == "Flatten") {
    int64_t axis = n.i64("axis", 1);
    if (axis < -rank || axis > rank)
      return false;
    if (axis < 0)
      axis += rank;
    shape = {numElements(ArrayRef(x.shape).take_front(axis)),
             numElements(ArrayRef(x.shape).drop_front(axis))};
  } else if (op == "Unsqueeze") {
    std::optional<SmallVector<int64_t>> axes = axesOf(1);
    if (!axes || axes->empty())
      return false;
    int64_t outRank = rank + int64_t(axes->size());
    SmallVector<bool> inserted(outRank, false);
    for (int64_t a : *axes) {
      std::optional<int64_t> axis = normalizeAxis(a, outRank);
      if (!axis || inserted[*axis])
        return false;
      inserted[*axis] = true;
    }
    const int64_t *next = x.shape.begin();
    for (int64_t d = 0; d < outRank; ++d)
      shape.push_back(inserted[d] ? 1 : *next++);
  } else if (op == "Squeeze") {
    std::optional<SmallVector<int64_t>> axes = axesOf(1);
    if (!axes)
      return false;
    SmallVector<bool> removed(rank, axes->empty());
    for (int64_t a : *axes) {
      std::optional<int64_t> axis = normalizeAxis(a, rank);
      if (!axis || x.shape[*axis] != 1)
        return false;
      removed[*axis] = true;
    }
    for (int64_t d = 0; d < rank; ++d)
      if (!removed[d] || x.shape[d] != 1)
        shape.push_back(x.shape[d]);
  } else { // Reshape
    const Tensor &to = *inputs[1];
    if (to.isFloat() || to.shape.size() != 1)
      return false;
    bool allowZero = n.since() >= 14 && n.i64("allowzero", 0) != 0;
    int64_t inferred = -1, known = 1;
    for (auto [d, entry] : llvm::enumerate(to.ints)) {
      int64_t v = entry;
      if (v == 0 && !allowZero) {
        if (int64_t(d) >= rank)
          return false;
        v = x.shape[d];
      }
      if (v == -1) {
        if (inferred >= 0)
          return false;
        inferred = int64_t(d);
      } else if (v < 0) {
        return false;
      } else {
        known *= v;
      }
      shape.push_back(v);
    }
    if (inferred >= 0) {
      if (known == 0 || x.size() % known != 0)
        return false;
      shape[inferred] = x.size() / known;
    }
  }
  if (numElements(shape) != x.size())
    return false;
  Tensor out = x;
  out.shape = shape;
  if (failed(define(0, out)))
    return failure();
  return true;
}

FailureOr<bool> Folder::transpose() {
  const Tensor &x = *inputs[0];
  int64_t rank = int64_t(x.shape.size());
  SmallVector<int64_t> perm = n.i64s("perm");
  if (perm.empty())
    for (int64_t d = rank - 1; d >= 0; --d)
      perm.push_back(d);
  if (int64_t(perm.size()) != rank)
    return false;
  SmallVector<bool> seen(rank, false);
  for (int64_t p : perm) {
    if (p < 0 || p >= rank || seen[p])
      return false; // the handler reports it
    seen[p] = true;
  }
  SmallVector<int64_t> shape, strides(rank, 1), index(rank, 0);
  for (int64_t d = rank - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * x.shape[d + 1];
  for (int64_t p : perm)
    shape.push_back(x.shape[p]);
  Tensor out = like(x, shape, {});
  for (int64_t k = 0, total = x.size(); k < total; ++k) {
    int64_t offset = 0;
    for (int64_t d = 0; d < rank; ++d)
      offset += index[d] * strides[perm[d]];
    if (x.isFloat())
      out.floats.push_back(x.floats[offset]);
    else
      out.ints.push_back(x.ints[offset]);
    for (int64_t d = rank - 1; d >= 0; --d) {
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
  }
  if (failed(define(0, out)))
    return failure();
  return true;
}

FailureOr<bool> Folder::run() {
  StringRef op = n.opType();
  if (n.node().getDomain() != "ai.onnx")
    return false;
  bool known =
      llvm::StringSwitch<bool>(op)
          .Cases({"Add", "Sub", "Mul", "Div", "Max", "Min", "Sum", "Neg", "Abs",
                  "Floor", "Ceil", "Sqrt", "Mod"},
                 true)
          .Cases({"Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual",
                  "Not", "And", "Or", "Xor", "Where"},
                 true)
          .Cases({"Gather", "Concat", "Cast", "Range", "Slice"}, true)
          .Cases({"Unsqueeze", "Squeeze", "Reshape", "Flatten", "Identity",
                  "Transpose"},
                 true)
          .Default(false);
  if (!known || n.numInputs() == 0 ||
      n.conversionState().foldedElements >= kMaxFoldedTotalElements)
    return false;
  // Legacy broadcasting attributes: the handler reads those.
  if (n.since() < 7 && (n.hasAttr("broadcast") || n.hasAttr("axis")) &&
      op != "Gather" && op != "Concat" && op != "Flatten")
    return false;
  for (unsigned i = 0; i < n.numInputs(); ++i) {
    if (!n.has(i))
      return false;
    inputs.push_back(read(i));
    if (!inputs.back())
      return false;
  }
  // Nodes with the wrong number of inputs go to their handlers, which
  // report it.
  if ((op == "Gather" && inputs.size() != 2) ||
      (op == "Cast" && inputs.size() != 1))
    return false;
  if (op == "Gather")
    return gather();
  if (op == "Concat")
    return concat();
  if (op == "Cast")
    return cast();
  if (op == "Range")
    return range();
  if (op == "Slice")
    return slice();
  if (op == "Transpose")
    return transpose();
  if (llvm::is_contained(
          {"Unsqueeze", "Squeeze", "Reshape", "Flatten", "Identity"}, op))
    return reshapeLike(op);
  if (op == "Sum" || op == "Max" || op == "Min") {
    if (inputs.size() != 2 && !(inputs.size() == 1))
      return false;
    if (inputs.size() == 1) {
      if (failed(define(0, *inputs[0])))
        return failure();
      return true;
    }
  }
  return elementwise(op);
}

} // namespace

FailureOr<bool> mlir::qnn::onnx_to_qnn::foldConstantNode(NodeBinder &n) {
  return Folder(n).run();
}
