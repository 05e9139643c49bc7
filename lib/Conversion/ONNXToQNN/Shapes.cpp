//===- Shapes.cpp - ONNX constants and the control of shapes --------------===//
//
// Constant, Identity, Dropout in inference, and the operators that compute
// shapes: Shape, Size, ConstantOfShape, Range. With static shapes these are
// constants (Range and ConstantOfShape need their inputs known at compile
// time, which ConstantFolding.cpp evaluates).
//
//===----------------------------------------------------------------------===//

#include "Common.h"
#include "PopulateHandlers.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/Support/Format.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::onnx_to_qnn;

namespace {

Type si64(MLIRContext *ctx) {
  return IntegerType::get(ctx, 64, IntegerType::Signed);
}

LogicalResult convertConstant(NodeBinder &n) {
  ImplicitLocOpBuilder &b = n.b;
  MLIRContext *ctx = b.getContext();
  SmallVector<StringRef> given;
  for (NamedAttribute a : n.node().getAttrs())
    given.push_back(a.getName().getValue());
  if (given.size() != 1)
    return n.error() << "needs exactly one value attribute, got "
                     << given.size();
  StringRef name = given.front();
  ElementsAttr value;
  Type onnxElement;
  if (name == "value") {
    value = n.tensor("value");
  } else if (name == "value_float") {
    value = DenseElementsAttr::get(RankedTensorType::get({}, b.getF32Type()),
                                   n.f32("value_float", 0.0f));
  } else if (name == "value_floats") {
    SmallVector<float> v = n.f32s("value_floats");
    value = DenseElementsAttr::get(
        RankedTensorType::get({int64_t(v.size())}, b.getF32Type()),
        ArrayRef<float>(v));
  } else if (name == "value_int") {
    value = DenseElementsAttr::get(RankedTensorType::get({}, si64(ctx)),
                                   APInt(64, uint64_t(n.i64("value_int", 0)),
                                         /*isSigned=*/true));
  } else if (name == "value_ints") {
    SmallVector<int64_t> v = n.i64s("value_ints");
    SmallVector<APInt> bits;
    for (int64_t i : v)
      bits.push_back(APInt(64, uint64_t(i), /*isSigned=*/true));
    value = DenseElementsAttr::get(
        RankedTensorType::get({int64_t(v.size())}, si64(ctx)), bits);
  } else if (name == "value_string" || name == "value_strings") {
    return n.error() << "string constants are not supported";
  } else if (name == "sparse_value") {
    return n.error() << "sparse constants are not supported";
  } else {
    return n.error() << "unknown attribute '" << name << "'";
  }
  if (!value)
    return failure();
  onnxElement = value.getShapedType().getElementType();
  return n.output(0, materializeConstant(b, b.getLoc(), value), onnxElement);
}

LogicalResult convertIdentity(NodeBinder &n) {
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  return n.output(0, *x, n.onnxElementType(0));
}

LogicalResult convertDropout(NodeBinder &n) {
  // Inference: the input passes through; the mask is all true.
  n.ignore("consumed_inputs");
  n.ignore("seed");
  if (n.since() < 7)
    n.ignore("is_test");
  n.ignore("ratio");
  if (n.since() >= 12 && n.has(2)) {
    FailureOr<ElementsAttr> mode = n.requireConstant(2, "training_mode");
    if (failed(mode))
      return failure();
    std::optional<SmallVector<int64_t>> v = readInts(*mode, false);
    if (!v || v->size() != 1)
      return n.error() << "training_mode must hold one boolean";
    // Training with ratio 0 drops nothing: the identity, deterministic
    // (exporters write it for F.dropout(x, p=0.0), training by default).
    if ((*v)[0] != 0) {
      std::optional<SmallVector<double>> r;
      if (n.has(1)) {
        FailureOr<ElementsAttr> ratio = n.requireConstant(1, "ratio");
        if (failed(ratio))
          return failure();
        r = readDoubles(*ratio, false);
      }
      if (!r || r->size() != 1 || (*r)[0] != 0.0)
        return n.error() << "training_mode = true is supported with a "
                            "constant ratio of 0 only (dropping at random is "
                            "not)";
    }
  }
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  if (failed(n.output(0, *x, n.onnxElementType(0))))
    return failure();
  if (n.numOutputs() > 1) {
    auto xt = NodeBinder::typeOf(*x);
    // Before opset 10 the mask has the input's type.
    Type maskType = n.since() < 10 ? xt.getElementType() : n.b.getI1Type();
    Value mask = splat(n.b, RankedTensorType::get(xt.getShape(), maskType), 1);
    return n.output(1, mask,
                    n.since() < 10 ? n.onnxElementType(0) : n.b.getI1Type());
  }
  return success();
}

LogicalResult convertShape(NodeBinder &n) {
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  ArrayRef<int64_t> shape = NodeBinder::typeOf(*x).getShape();
  int64_t rank = int64_t(shape.size());
  int64_t start = 0, end = rank;
  if (n.since() >= 15) {
    auto bound = [&](int64_t v) {
      return std::clamp<int64_t>(v < 0 ? v + rank : v, 0, rank);
    };
    start = bound(n.i64("start", 0));
    end = bound(n.i64("end", rank));
  }
  SmallVector<int64_t> dims(shape.begin() + start,
                            shape.begin() + std::max(start, end));
  Value c = constantOfInts(
      n.b, RankedTensorType::get({int64_t(dims.size())}, n.b.getI64Type()),
      dims);
  return n.output(0, c, si64(n.b.getContext()));
}

LogicalResult convertSize(NodeBinder &n) {
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  Value c = constantOfInts(n.b, RankedTensorType::get({}, n.b.getI64Type()),
                           {NodeBinder::typeOf(*x).getNumElements()});
  return n.output(0, c, si64(n.b.getContext()));
}

LogicalResult convertConstantOfShape(NodeBinder &n) {
  FailureOr<SmallVector<int64_t>> shape = n.constantInts(0, "shape");
  ElementsAttr value = n.tensor("value");
  if (failed(shape))
    return failure();
  int64_t count = 1;
  for (int64_t d : *shape) {
    if (d < 0)
      return n.error() << "negative dimension " << d;
    if (d != 0 && count > std::numeric_limits<int64_t>::max() / d)
      return n.error() << "the element count of shape [" << *shape
                       << "] overflows 64 bits";
    count *= d;
  }
  ImplicitLocOpBuilder &b = n.b;
  Type onnxElement = b.getF32Type();
  Attribute fill = b.getF32FloatAttr(0.0f);
  if (value) {
    if (value.getNumElements() != 1)
      return n.error() << "value must hold one element";
    DenseElementsAttr dense = toDense(value);
    if (!dense)
      return n.error() << "value cannot be read";
    onnxElement = dense.getElementType();
    fill = dense.getValues<Attribute>()[0];
  }
  Type storage = onnxElement;
  if (auto i = dyn_cast<IntegerType>(onnxElement); i && !i.isSignless()) {
    storage = b.getIntegerType(i.getWidth());
    fill = b.getIntegerAttr(storage, cast<IntegerAttr>(fill).getValue());
  }
  auto type = RankedTensorType::get(*shape, storage);
  return n.output(
      0, arith::ConstantOp::create(b, DenseElementsAttr::get(type, fill)),
      onnxElement);
}

LogicalResult convertRange(NodeBinder &n) {
  // The output's length is computed from the values: they must be known at
  // compile time (ConstantFolding.cpp evaluates the node when they are).
  n.ignore("stash_type"); // read by ConstantFolding.cpp when it evaluates
  static const char *names[] = {"start", "limit", "delta"};
  SmallVector<double> values;
  for (unsigned i = 0; i < 3; ++i) {
    FailureOr<SmallVector<double>> v = n.constantFloats(i, names[i]);
    if (failed(v))
      return failure();
    if (v->size() != 1)
      return n.error() << names[i] << " must be a scalar, got " << v->size()
                       << " values";
    if (n.onnxElementType(i) != n.onnxElementType(0))
      return n.error() << "start, limit and delta differ in type: "
                       << n.onnxElementType(0) << " and "
                       << n.onnxElementType(i);
    values.push_back(v->front());
  }
  if (values[2] == 0)
    return n.error() << "delta is 0";
  if (!llvm::all_of(values, [](double v) { return std::isfinite(v); }))
    return n.error() << "start, limit and delta must be finite";
  auto text = [](double v) {
    std::string out;
    llvm::raw_string_ostream(out) << llvm::format("%g", v);
    return out;
  };
  return n.error() << "the range from " << text(values[0]) << " to "
                   << text(values[1]) << " by " << text(values[2])
                   << " is longer than qnn evaluates at compile time";
}

} // namespace

void mlir::qnn::onnx_to_qnn::populateShapeHandlers(OpRegistry &r) {
  r.add("Constant", {1, 9, 11, 12, 13, 19, 21, 23, 24, 25}, convertConstant);
  r.add("Identity", {1, 13, 14, 16, 19, 21, 23, 24, 25}, convertIdentity);
  r.add("Dropout", {1, 6, 7, 10, 12, 13, 22}, convertDropout);
  r.add("Shape", {1, 13, 15, 19, 21, 23, 24, 25}, convertShape);
  r.add("Size", {1, 13, 19, 21, 23, 24, 25}, convertSize);
  r.add("ConstantOfShape", {9, 20, 21, 23, 24, 25}, convertConstantOfShape);
  r.add("Range", {11, 27}, convertRange);
}
