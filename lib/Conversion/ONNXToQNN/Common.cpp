//===- Common.cpp - Helpers the ONNX handler families share ---------------===//
//
// This file implements Common.h: constants, broadcasting, elementwise
// linalg.generic ops and TOSA reshapes and transposes.
//
//===----------------------------------------------------------------------===//

#include "Common.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Tosa/Utils/ConversionUtils.h"
#include "mlir/IR/DialectResourceBlobManager.h"

#include <cmath>

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::onnx_to_qnn;

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

ElementsAttr mlir::qnn::onnx_to_qnn::getConstantElements(Value v) {
  if (!v)
    return {};
  if (auto c = v.getDefiningOp<arith::ConstantOp>())
    return dyn_cast<ElementsAttr>(c.getValue());
  return {};
}

DenseElementsAttr mlir::qnn::onnx_to_qnn::toDense(ElementsAttr attr) {
  if (auto dense = dyn_cast<DenseElementsAttr>(attr))
    return dense;
  auto resource = dyn_cast<DenseResourceElementsAttr>(attr);
  if (!resource)
    return {};
  AsmResourceBlob *blob = resource.getRawHandle().getBlob();
  if (!blob)
    return {};
  ArrayRef<char> data = blob->getData();
  bool splat = false;
  if (!DenseElementsAttr::isValidRawBuffer(resource.getType(), data, splat))
    return {};
  return DenseElementsAttr::getFromRawBuffer(resource.getType(), data);
}

std::optional<SmallVector<int64_t>>
mlir::qnn::onnx_to_qnn::readInts(ElementsAttr attr, bool isUnsigned) {
  DenseElementsAttr dense = toDense(attr);
  if (!dense)
    return std::nullopt;
  SmallVector<int64_t> out;
  Type element = dense.getElementType();
  if (isa<IntegerType>(element)) {
    bool zext =
        isUnsigned || element.isUnsignedInteger() || element.isInteger(1);
    for (const APInt &v : dense.getValues<APInt>())
      out.push_back(zext ? int64_t(v.getZExtValue()) : v.getSExtValue());
    return out;
  }
  if (isa<FloatType>(element)) {
    for (const APFloat &v : dense.getValues<APFloat>()) {
      double d = v.convertToDouble();
      if (d != std::trunc(d) || !(std::abs(d) < 9.2e18))
        return std::nullopt;
      out.push_back(int64_t(d));
    }
    return out;
  }
  return std::nullopt;
}

std::optional<SmallVector<double>>
mlir::qnn::onnx_to_qnn::readDoubles(ElementsAttr attr, bool isUnsigned) {
  DenseElementsAttr dense = toDense(attr);
  if (!dense)
    return std::nullopt;
  SmallVector<double> out;
  Type element = dense.getElementType();
  if (isa<FloatType>(element)) {
    for (const APFloat &v : dense.getValues<APFloat>())
      out.push_back(v.convertToDouble());
    return out;
  }
  if (isa<IntegerType>(element)) {
    bool zext =
        isUnsigned || element.isUnsignedInteger() || element.isInteger(1);
    for (const APInt &v : dense.getValues<APInt>())
      out.push_back(zext ? double(v.getZExtValue()) : double(v.getSExtValue()));
    return out;
  }
  return std::nullopt;
}

/// `type` with signless integers.
static RankedTensorType signless(ShapedType type) {
  Type element = type.getElementType();
  if (auto i = dyn_cast<IntegerType>(element); i && !i.isSignless())
    element = IntegerType::get(type.getContext(), i.getWidth());
  return RankedTensorType::get(type.getShape(), element);
}

Value mlir::qnn::onnx_to_qnn::materializeConstant(OpBuilder &b, Location loc,
                                                  ElementsAttr attr) {
  RankedTensorType type = signless(attr.getShapedType());
  TypedAttr value;
  if (type == attr.getShapedType())
    value = cast<TypedAttr>(attr);
  else if (auto dense = dyn_cast<DenseElementsAttr>(attr))
    value = dense.bitcast(type.getElementType());
  else if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr))
    value = DenseResourceElementsAttr::get(type, resource.getRawHandle());
  else
    value = cast<TypedAttr>(attr);
  return arith::ConstantOp::create(b, loc, value);
}

Value mlir::qnn::onnx_to_qnn::densified(ImplicitLocOpBuilder &b, Value v) {
  ElementsAttr c = getConstantElements(v);
  if (!c || isa<DenseElementsAttr>(c))
    return v;
  DenseElementsAttr dense = toDense(c);
  return dense ? arith::ConstantOp::create(b, dense).getResult() : v;
}

/// An attribute of `element` holding `value`.
static TypedAttr scalarAttr(Builder &b, Type element, double value) {
  if (auto f = dyn_cast<FloatType>(element))
    return b.getFloatAttr(f, value);
  auto i = cast<IntegerType>(element);
  if (i.getWidth() == 1)
    return b.getIntegerAttr(i, APInt(1, value != 0 ? 1 : 0));
  return b.getIntegerAttr(i, APInt(i.getWidth(), uint64_t(int64_t(value)),
                                   /*isSigned=*/true,
                                   /*implicitTrunc=*/true));
}

Value mlir::qnn::onnx_to_qnn::splat(ImplicitLocOpBuilder &b,
                                    RankedTensorType type, double value) {
  return arith::ConstantOp::create(
      b, DenseElementsAttr::get(type,
                                scalarAttr(b, type.getElementType(), value)));
}

Value mlir::qnn::onnx_to_qnn::broadcastScalar(ImplicitLocOpBuilder &b,
                                              Type element, int64_t rank,
                                              double value) {
  return splat(b, RankedTensorType::get(SmallVector<int64_t>(rank, 1), element),
               value);
}

Value mlir::qnn::onnx_to_qnn::scalar(OpBuilder &b, Location loc, Type element,
                                     double value) {
  return arith::ConstantOp::create(b, loc, scalarAttr(b, element, value));
}

Value mlir::qnn::onnx_to_qnn::constantOf(ImplicitLocOpBuilder &b,
                                         RankedTensorType type,
                                         ArrayRef<double> values) {
  SmallVector<Attribute> attrs;
  for (double v : values)
    attrs.push_back(scalarAttr(b, type.getElementType(), v));
  return arith::ConstantOp::create(b, DenseElementsAttr::get(type, attrs));
}

Value mlir::qnn::onnx_to_qnn::constantOfInts(ImplicitLocOpBuilder &b,
                                             RankedTensorType type,
                                             ArrayRef<int64_t> values) {
  auto i = cast<IntegerType>(type.getElementType());
  SmallVector<APInt> bits;
  for (int64_t v : values)
    bits.push_back(APInt(i.getWidth(), uint64_t(v), /*isSigned=*/true,
                         /*implicitTrunc=*/true));
  return arith::ConstantOp::create(b, DenseElementsAttr::get(type, bits));
}

//===----------------------------------------------------------------------===//
// Shapes
//===----------------------------------------------------------------------===//

std::optional<SmallVector<int64_t>>
mlir::qnn::onnx_to_qnn::broadcastShapes(ArrayRef<ArrayRef<int64_t>> shapes) {
  size_t rank = 0;
  for (ArrayRef<int64_t> s : shapes)
    rank = std::max(rank, s.size());
  SmallVector<int64_t> out(rank, 1);
  for (ArrayRef<int64_t> s : shapes)
    for (size_t i = 0; i < s.size(); ++i) {
      int64_t &o = out[rank - s.size() + i];
      int64_t d = s[i];
      if (d == o || d == 1)
        continue;
      if (o != 1)
        return std::nullopt;
      o = d;
    }
  return out;
}

std::optional<int64_t> mlir::qnn::onnx_to_qnn::normalizeAxis(int64_t axis,
                                                             int64_t rank) {
  if (axis < -rank || axis >= rank)
    return std::nullopt;
  return axis < 0 ? axis + rank : axis;
}

int64_t mlir::qnn::onnx_to_qnn::numElements(ArrayRef<int64_t> shape) {
  // Saturates instead of wrapping: a product past int64 (a hostile shape,
  // reported by the tensor limits) reads as larger than any limit.
  int64_t n = 1;
  for (int64_t d : shape)
    if (llvm::MulOverflow(n, d, n))
      return std::numeric_limits<int64_t>::max();
  return n;
}

Value mlir::qnn::onnx_to_qnn::reshape(ImplicitLocOpBuilder &b, Value x,
                                      ArrayRef<int64_t> shape) {
  auto type = cast<RankedTensorType>(x.getType());
  if (type.getShape() == shape)
    return x;
  auto result = RankedTensorType::get(shape, type.getElementType());
  // Constants are reshaped here: the elements do not move.
  if (ElementsAttr c = getConstantElements(x)) {
    if (auto dense = dyn_cast<DenseElementsAttr>(c))
      return arith::ConstantOp::create(b, dense.reshape(result));
    if (auto resource = dyn_cast<DenseResourceElementsAttr>(c))
      return arith::ConstantOp::create(
          b, DenseResourceElementsAttr::get(result, resource.getRawHandle()));
  }
  if (numElements(shape) == 0 || llvm::is_contained(type.getShape(), 0)) {
    Value dims = constantOfInts(
        b, RankedTensorType::get({int64_t(shape.size())}, b.getI64Type()),
        shape);
    return tensor::ReshapeOp::create(b, result, x, dims);
  }
  return tosa::ReshapeOp::create(b, result, x,
                                 tosa::getTosaConstShape(b, shape));
}

Value mlir::qnn::onnx_to_qnn::transpose(ImplicitLocOpBuilder &b, Value x,
                                        ArrayRef<int32_t> perm) {
  auto type = cast<RankedTensorType>(x.getType());
  SmallVector<int64_t> shape;
  bool identity = true;
  for (auto [i, p] : llvm::enumerate(perm)) {
    shape.push_back(type.getDimSize(p));
    identity &= int64_t(i) == p;
  }
  if (identity)
    return x;
  auto result = RankedTensorType::get(shape, type.getElementType());
  if (numElements(shape) == 0) {
    Value init = tensor::EmptyOp::create(b, shape, type.getElementType());
    SmallVector<int64_t> perm64(perm.begin(), perm.end());
    return linalg::TransposeOp::create(b, x, init, perm64).getResult()[0];
  }
  return tosa::TransposeOp::create(b, result, x, b.getDenseI32ArrayAttr(perm));
}

SmallVector<int32_t> mlir::qnn::onnx_to_qnn::channelsLastPerm(int64_t rank) {
  SmallVector<int32_t> perm = {0};
  for (int32_t d = 2; d < rank; ++d)
    perm.push_back(d);
  perm.push_back(1);
  return perm;
}

SmallVector<int32_t> mlir::qnn::onnx_to_qnn::channelsFirstPerm(int64_t rank) {
  SmallVector<int32_t> perm = {0, int32_t(rank - 1)};
  for (int32_t d = 1; d + 1 < rank; ++d)
    perm.push_back(d);
  return perm;
}

Value mlir::qnn::onnx_to_qnn::broadcastTo(ImplicitLocOpBuilder &b, Value x,
                                          ArrayRef<int64_t> shape) {
  auto type = cast<RankedTensorType>(x.getType());
  if (type.getShape() == shape)
    return x;
  return elementwise(
      b, x, shape, type.getElementType(),
      [](OpBuilder &, Location, ValueRange args) { return args[0]; });
}

Value mlir::qnn::onnx_to_qnn::padRank(ImplicitLocOpBuilder &b, Value x,
                                      int64_t rank) {
  auto type = cast<RankedTensorType>(x.getType());
  if (type.getRank() >= rank)
    return x;
  SmallVector<int64_t> shape(rank - type.getRank(), 1);
  llvm::append_range(shape, type.getShape());
  return reshape(b, x, shape);
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

SmallVector<AffineMap>
mlir::qnn::onnx_to_qnn::broadcastMaps(MLIRContext *ctx, ValueRange inputs,
                                      ArrayRef<int64_t> shape) {
  const int64_t rank = int64_t(shape.size());
  SmallVector<AffineMap> maps;
  for (Value in : inputs) {
    ArrayRef<int64_t> s = cast<RankedTensorType>(in.getType()).getShape();
    int64_t offset = rank - int64_t(s.size());
    SmallVector<AffineExpr> exprs;
    for (int64_t d = 0; d < int64_t(s.size()); ++d)
      exprs.push_back(s[d] == 1 && shape[offset + d] != 1
                          ? getAffineConstantExpr(0, ctx)
                          : getAffineDimExpr(unsigned(offset + d), ctx));
    maps.push_back(AffineMap::get(unsigned(rank), 0, exprs, ctx));
  }
  return maps;
}

Value mlir::qnn::onnx_to_qnn::elementwise(ImplicitLocOpBuilder &b,
                                          ValueRange inputs,
                                          ArrayRef<int64_t> shape,
                                          Type resultElement, ScalarFn fn) {
  MLIRContext *ctx = b.getContext();
  const int64_t rank = int64_t(shape.size());
  SmallVector<AffineMap> maps = broadcastMaps(ctx, inputs, shape);
  maps.push_back(AffineMap::getMultiDimIdentityMap(unsigned(rank), ctx));
  Value init = tensor::EmptyOp::create(b, shape, resultElement);
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, init.getType(), inputs, init, maps, iterators,
      [&](OpBuilder &nb, Location loc, ValueRange args) {
        Value r = fn(nb, loc, args.drop_back());
        linalg::YieldOp::create(nb, loc, r);
      });
  return generic.getResult(0);
}

FailureOr<Value>
mlir::qnn::onnx_to_qnn::broadcastElementwise(NodeBinder &n, ValueRange inputs,
                                             Type resultElement, ScalarFn fn) {
  SmallVector<ArrayRef<int64_t>> shapes;
  for (Value v : inputs)
    shapes.push_back(cast<RankedTensorType>(v.getType()).getShape());
  std::optional<SmallVector<int64_t>> shape = broadcastShapes(shapes);
  if (!shape) {
    InFlightDiagnostic diag = n.error() << "inputs of shapes";
    for (ArrayRef<int64_t> s : shapes)
      diag << " [" << s << "]";
    return diag << " do not broadcast";
  }
  return elementwise(n.b, inputs, *shape, resultElement, fn);
}

Value mlir::qnn::onnx_to_qnn::gatherByIndex(ImplicitLocOpBuilder &b,
                                            Value source,
                                            ArrayRef<int64_t> shape, IndexFn fn,
                                            ValueRange extraInputs) {
  MLIRContext *ctx = b.getContext();
  auto type = cast<RankedTensorType>(source.getType());
  const int64_t rank = int64_t(shape.size());
  SmallVector<AffineMap> maps = broadcastMaps(ctx, extraInputs, shape);
  maps.push_back(AffineMap::getMultiDimIdentityMap(unsigned(rank), ctx));
  Value init = tensor::EmptyOp::create(b, shape, type.getElementType());
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, init.getType(), extraInputs, init, maps, iterators,
      [&](OpBuilder &nb, Location loc, ValueRange args) {
        SmallVector<Value> indices;
        for (int64_t d = 0; d < rank; ++d)
          indices.push_back(linalg::IndexOp::create(nb, loc, uint64_t(d)));
        SmallVector<Value> operands(indices);
        llvm::append_range(operands, args.drop_back());
        SmallVector<Value> from = fn(nb, loc, operands);
        Value v = tensor::ExtractOp::create(nb, loc, source, from);
        linalg::YieldOp::create(nb, loc, v);
      });
  return generic.getResult(0);
}

Value mlir::qnn::onnx_to_qnn::convertScalar(OpBuilder &b, Location loc, Value v,
                                            Type to, bool fromUnsigned,
                                            bool toUnsigned) {
  Type from = v.getType();
  if (from == to)
    return v;
  auto fromFloat = dyn_cast<FloatType>(from);
  auto toFloat = dyn_cast<FloatType>(to);
  if (fromFloat && toFloat) {
    // f64 -> bf16 through f32, as ONNX's reference and onnxruntime round
    // it (twice).
    if (fromFloat.getWidth() > 32 && toFloat.isBF16())
      v = arith::TruncFOp::create(b, loc, b.getF32Type(), v);
    if (fromFloat.getWidth() == toFloat.getWidth()) {
      // f16 <-> bf16 go through f32.
      v = arith::ExtFOp::create(b, loc, b.getF32Type(), v);
      return arith::TruncFOp::create(b, loc, to, v);
    }
    if (fromFloat.getWidth() < toFloat.getWidth())
      return arith::ExtFOp::create(b, loc, to, v);
    return arith::TruncFOp::create(b, loc, to, v);
  }
  if (toFloat) {
    if (fromUnsigned || from.isInteger(1))
      return arith::UIToFPOp::create(b, loc, to, v);
    return arith::SIToFPOp::create(b, loc, to, v);
  }
  auto toInt = cast<IntegerType>(to);
  if (fromFloat) {
    if (toInt.getWidth() == 1)
      return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, v,
                                   scalar(b, loc, from, 0.0));
    if (toUnsigned)
      return arith::FPToUIOp::create(b, loc, to, v);
    return arith::FPToSIOp::create(b, loc, to, v);
  }
  auto fromInt = cast<IntegerType>(from);
  if (toInt.getWidth() == 1)
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, v,
                                 scalar(b, loc, from, 0));
  if (fromInt.getWidth() < toInt.getWidth()) {
    if (fromUnsigned || fromInt.getWidth() == 1)
      return arith::ExtUIOp::create(b, loc, to, v);
    return arith::ExtSIOp::create(b, loc, to, v);
  }
  return arith::TruncIOp::create(b, loc, to, v);
}

//===----------------------------------------------------------------------===//
// Data types
//===----------------------------------------------------------------------===//

Type mlir::qnn::onnx_to_qnn::elementTypeOfDataType(MLIRContext *ctx,
                                                   int64_t code) {
  auto si = [&](unsigned w) {
    return IntegerType::get(ctx, w, IntegerType::Signed);
  };
  auto ui = [&](unsigned w) {
    return IntegerType::get(ctx, w, IntegerType::Unsigned);
  };
  switch (code) {
  case 1:
    return Float32Type::get(ctx);
  case 2:
    return ui(8);
  case 3:
    return si(8);
  case 4:
    return ui(16);
  case 5:
    return si(16);
  case 6:
    return si(32);
  case 7:
    return si(64);
  case 9:
    return IntegerType::get(ctx, 1);
  case 10:
    return Float16Type::get(ctx);
  case 11:
    return Float64Type::get(ctx);
  case 12:
    return ui(32);
  case 13:
    return ui(64);
  case 16:
    return BFloat16Type::get(ctx);
  default:
    return {};
  }
}

/// The numbers `text` holds between `prefix<` and `>`, comma separated.
static std::optional<SmallVector<int64_t>> finnParameters(StringRef text,
                                                          StringRef prefix) {
  if (!text.consume_front(prefix) || !text.consume_front("<") ||
      !text.consume_back(">"))
    return std::nullopt;
  SmallVector<StringRef> parts;
  text.split(parts, ',');
  SmallVector<int64_t> values;
  for (StringRef part : parts) {
    int64_t v;
    if (part.trim().getAsInteger(10, v))
      return std::nullopt;
    values.push_back(v);
  }
  return values;
}

std::optional<FinnDataType>
mlir::qnn::onnx_to_qnn::FinnDataType::parse(StringRef name) {
  FinnDataType t;
  if (name == "FLOAT32" || name == "FLOAT16")
    return t;
  if (name == "BIPOLAR") {
    t.kind = Kind::Bipolar;
    return t;
  }
  if (name == "TERNARY") {
    t.kind = Kind::Ternary;
    return t;
  }
  if (name == "BINARY") {
    t.kind = Kind::Int;
    t.bits = 1;
    return t;
  }
  for (auto [prefix, isSigned] :
       {std::pair<StringRef, bool>{"UINT", false}, {"INT", true}}) {
    StringRef rest = name;
    unsigned bits;
    if (rest.consume_front(prefix) && !rest.getAsInteger(10, bits) &&
        bits >= 1 && bits <= 64) {
      t.kind = Kind::Int;
      t.bits = bits;
      t.isSigned = isSigned;
      return t;
    }
  }
  if (auto p = finnParameters(name, "FIXED")) {
    if (p->size() != 2 || (*p)[0] < 1 || (*p)[0] > 64 || (*p)[1] < 0 ||
        (*p)[1] > (*p)[0])
      return std::nullopt;
    t.kind = Kind::Fixed;
    t.bits = unsigned((*p)[0]);
    t.intBits = (*p)[1];
    t.isSigned = true;
    return t;
  }
  if (auto p = finnParameters(name, "SCALEDINT")) {
    if (p->size() != 1 || (*p)[0] < 1)
      return std::nullopt;
    t.kind = Kind::ScaledInt;
    t.bits = unsigned((*p)[0]);
    return t;
  }
  if (auto p = finnParameters(name, "FLOAT")) {
    if (p->size() != 2 && p->size() != 3)
      return std::nullopt;
    t.kind = Kind::MiniFloat;
    return t;
  }
  return std::nullopt;
}
