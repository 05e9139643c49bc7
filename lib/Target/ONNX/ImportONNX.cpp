//===- ImportONNX.cpp - ONNX / QONNX models to qnn IR ---------------------===//
//
// This file implements `qnn-translate --import-onnx`: an ONNX ModelProto
// (read with Debian's libonnx protobuf classes) becomes a module with one
// function, `forward`, in TOSA (float layers) and qnn (quantizers), the
// form `qnn-cpu-pipeline` compiles. Graph inputs and outputs keep their
// names (`qnn.name`), shapes and element types. Every operator, data type
// or shape the importer does not handle is an error naming it and where it
// is; nothing is skipped.
//
//===----------------------------------------------------------------------===//

#include "qnn/Target/Translations.h"

#include "FoldConstants.h"

#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/QNNTypes.h"
#include "qnn/Dialect/QNN/Transforms/Passes.h"
#include "qnn/Reference/Reference.h"

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Tosa/Utils/ConversionUtils.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/SourceMgr.h"

#include "onnx/onnx_pb.h"

#include <cmath>
#include <limits>

using namespace mlir;

namespace {

/// Operator domains: the default ONNX one and the QONNX custom-op domains
/// whose Quant the importer reads.
bool isOnnxDomain(const std::string &domain) {
  return domain.empty() || domain == "ai.onnx";
}
bool isQonnxDomain(const std::string &domain) {
  return domain == "qonnx.custom_op.general" ||
         domain == "finn.custom_op.general" || domain == "onnx.brevitas";
}
/// qnn's own domain (docs/ONNX.md): the scheme quantizers QONNX cannot
/// express, one node per qnn dialect scheme op.
constexpr const char kQnnDomain[] = "qnn";

/// `v` as printf's %g writes it (diagnostics).
std::string shortNumber(double v) {
  std::string text;
  llvm::raw_string_ostream(text) << llvm::format("%g", v);
  return text;
}

/// ONNX data types newer than Debian's onnx 1.12 headers; TensorProto's
/// data_type field is an int32 and holds them all the same.
enum NewerDataType : int { kUint4 = 21, kInt4 = 22, kUint2 = 25, kInt2 = 26 };

const char *dataTypeName(int type) {
  switch (type) {
  case kUint4:
    return "UINT4";
  case kInt4:
    return "INT4";
  case kUint2:
    return "UINT2";
  case kInt2:
    return "INT2";
  default:
    break;
  }
  if (onnx::TensorProto_DataType_IsValid(type))
    return onnx::TensorProto_DataType_Name(
               static_cast<onnx::TensorProto_DataType>(type))
        .c_str();
  return "unknown";
}

/// The integer tensor types that hold codes: bit width and signedness.
struct IntKind {
  unsigned bits;
  bool isSigned;
};
std::optional<IntKind> intKind(int type) {
  switch (type) {
  case onnx::TensorProto::INT8:
    return IntKind{8, true};
  case onnx::TensorProto::UINT8:
    return IntKind{8, false};
  case kInt4:
    return IntKind{4, true};
  case kUint4:
    return IntKind{4, false};
  case kInt2:
    return IntKind{2, true};
  case kUint2:
    return IntKind{2, false};
  default:
    return std::nullopt;
  }
}

/// A tensor<1xf32> constant (TOSA's zero points, pad values, ...).
Value f32Constant(OpBuilder &b, Location loc, float v) {
  return arith::ConstantOp::create(
      b, loc,
      DenseElementsAttr::get(RankedTensorType::get({1}, b.getF32Type()),
                             b.getF32FloatAttr(v)));
}

/// tosa.mul's shift operand: a tensor<1xi8> zero.
Value mulShift(OpBuilder &b, Location loc) {
  return arith::ConstantOp::create(
      b, loc,
      DenseElementsAttr::get(RankedTensorType::get({1}, b.getI8Type()),
                             b.getI8IntegerAttr(0)));
}

/// The attributes QONNX's Quant and Trunc share, and the integer range
/// they give a bit width.
struct IntRangeAttrs {
  int64_t isSigned = 1, narrow = 0;
  std::string rounding;

  int64_t min(int64_t bits) const {
    return isSigned ? -(int64_t(1) << (bits - 1)) + (narrow ? 1 : 0) : 0;
  }
  int64_t max(int64_t bits) const {
    return isSigned ? (int64_t(1) << (bits - 1)) - 1
                    : (int64_t(1) << bits) - 1 - (narrow ? 1 : 0);
  }
};

/// Reads signed / narrow / rounding_mode; fails on any other attribute
/// (the error started by `fail`).
template <typename Fail>
LogicalResult readIntRangeAttrs(const onnx::NodeProto &node, IntRangeAttrs &out,
                                Fail fail) {
  for (const auto &a : node.attribute()) {
    if (a.name() == "signed")
      out.isSigned = a.i();
    else if (a.name() == "narrow")
      out.narrow = a.i();
    else if (a.name() == "rounding_mode")
      out.rounding = a.s();
    else
      return fail() << "unknown attribute '" << a.name() << "'";
  }
  return success();
}

class Importer {
public:
  Importer(MLIRContext *ctx, const onnx::ModelProto &model, StringRef file)
      : ctx(ctx), model(model), fileLoc(FileLineColLoc::get(ctx, file, 0, 0)) {}

  OwningOpRef<ModuleOp> run();

private:
  MLIRContext *ctx;
  const onnx::ModelProto &model;
  Location fileLoc;
  /// The opset version of the default domain.
  int64_t opset = 0;
  llvm::StringMap<Value> values;
  llvm::StringMap<const onnx::TensorProto *> initializers;
  /// Graph inputs of INT8, UINT8, INT4, UINT4, INT2 or UINT2 elements,
  /// passed one per byte (i8).
  llvm::DenseMap<Value, IntKind> narrowInputs;
  /// INT8 / UINT8 initializers: codes that only (De)QuantizeLinear read.
  llvm::StringMap<const onnx::TensorProto *> codeTensors;
  /// 4-D values held in NHWC (TOSA's layout) that ONNX sees as NCHW, and
  /// the conversions already made, so that a chain of convolutions and
  /// pooling stays NHWC between its ends.
  llvm::DenseSet<Value> nhwc;
  llvm::DenseMap<Value, Value> toNHWC, toNCHW;

  Location nodeLoc(const onnx::NodeProto &node) {
    return NameLoc::get(StringAttr::get(ctx, node.name()), fileLoc);
  }
  /// Defines `node`'s (first) output as `y`, in the layout of `like`
  /// (elementwise results keep their input's).
  LogicalResult defineOutput(const onnx::NodeProto &node, Value y,
                             Value like = {}) {
    if (like && nhwc.contains(like))
      nhwc.insert(y);
    values[node.output(0)] = y;
    return success();
  }
  /// An error about `node`, its message started: "<Op> node '<name>': ".
  InFlightDiagnostic nodeError(const onnx::NodeProto &node) {
    return emitError(nodeLoc(node))
           << node.op_type() << " node '" << node.name() << "': ";
  }
  Type elementType(int type, Location loc, StringRef what);
  /// The type of a graph value; `allowDynamic` (graph outputs, whose
  /// shapes follow from the inputs') keeps unknown dimensions dynamic.
  FailureOr<RankedTensorType> valueType(const onnx::ValueInfoProto &info,
                                        bool allowDynamic = false);
  FailureOr<Value> constant(const onnx::TensorProto &tensor, Location loc,
                            OpBuilder &b);
  FailureOr<Value> input(const onnx::NodeProto &node, int i, OpBuilder &b);
  FailureOr<DenseElementsAttr> constantInput(const onnx::NodeProto &node,
                                             int i);
  LogicalResult importNode(const onnx::NodeProto &node, OpBuilder &b);
  LogicalResult importQuant(const onnx::NodeProto &node,
                            ImplicitLocOpBuilder &b);
  LogicalResult importMultiThreshold(const onnx::NodeProto &node,
                                     ImplicitLocOpBuilder &b);
  LogicalResult importBipolarQuant(const onnx::NodeProto &node,
                                   ImplicitLocOpBuilder &b);
  LogicalResult importQDQ(const onnx::NodeProto &node, ImplicitLocOpBuilder &b);
  LogicalResult importScheme(const onnx::NodeProto &node,
                             ImplicitLocOpBuilder &b);
  static int64_t intAttr(const onnx::NodeProto &node, StringRef name,
                         int64_t init) {
    for (const auto &a : node.attribute())
      if (a.name() == name)
        return a.i();
    return init;
  }
  Value reshape(ImplicitLocOpBuilder &b, Value x, ArrayRef<int64_t> shape);
  Value transpose(ImplicitLocOpBuilder &b, Value x, ArrayRef<int32_t> perm);
  /// For `v` = dequantize(quantize(x)) of a uniform type: the same
  /// quantizer applied to x transposed by `perm` (its channel axis moved
  /// along), so that a layer reading the result sees dequantize(codes);
  /// null otherwise.
  Value transposeQuantized(ImplicitLocOpBuilder &b, Value v,
                           ArrayRef<int32_t> perm);
  /// `v` reshaped to `shape`, quantizer and all when `v` is a per-tensor
  /// quantizer's output (or a per-channel one's and `shape` only adds
  /// leading ones).
  Value reshapeQuantized(ImplicitLocOpBuilder &b, Value v,
                         ArrayRef<int64_t> shape);
  Value requantize(ImplicitLocOpBuilder &b, Value v,
                   function_ref<Value(Value)> reshape,
                   function_ref<int64_t(int64_t)> moveAxis,
                   function_ref<DenseElementsAttr(DenseElementsAttr)> moveAttr);
  /// `v` in ONNX's layout (NCHW for 4-D values).
  Value logical(ImplicitLocOpBuilder &b, Value v);
  /// The 4-D value `v` in NHWC.
  Value asNHWC(ImplicitLocOpBuilder &b, Value v);
  /// Add, Sub or Mul with ONNX broadcasting, in the layout of an NHWC
  /// operand if there is one.
  FailureOr<Value> binary(ImplicitLocOpBuilder &b, const onnx::NodeProto &node,
                          StringRef op, Value lhs, Value rhs);
  LogicalResult importConv(const onnx::NodeProto &node,
                           ImplicitLocOpBuilder &b);
  LogicalResult importPad(const onnx::NodeProto &node, ImplicitLocOpBuilder &b);
  LogicalResult importTrunc(const onnx::NodeProto &node,
                            ImplicitLocOpBuilder &b);
  LogicalResult importQLinear(const onnx::NodeProto &node,
                              ImplicitLocOpBuilder &b);
  LogicalResult importIntegerOps(const onnx::NodeProto &node,
                                 ImplicitLocOpBuilder &b);
  /// The values of an INT8 / UINT8 initializer read by `node`.
  LogicalResult readIntegers(const onnx::NodeProto &node,
                             const onnx::TensorProto &t,
                             SmallVectorImpl<int64_t> &out);
  /// Input `i` of `node` as f32 holding integers: an INT8 / UINT8 / INT32
  /// constant, or an integer-valued value (intValued).
  FailureOr<Value> integerOperand(const onnx::NodeProto &node, int i,
                                  ImplicitLocOpBuilder &b);
  /// Values ONNX types as integers (ConvInteger's INT32, DynamicQuantize-
  /// Linear's UINT8) that qnn holds as f32 holding those integers.
  llvm::DenseSet<Value> intValued;
  LogicalResult importSoftmax(const onnx::NodeProto &node,
                              ImplicitLocOpBuilder &b);
  LogicalResult importArgMaxTopK(const onnx::NodeProto &node,
                                 ImplicitLocOpBuilder &b);
  /// Zero padding of the spatial dimensions (Pad with constant 0): the
  /// unpadded NCHW value and [top, left, bottom, right], which a following
  /// convolution takes as its own padding.
  llvm::DenseMap<Value, std::pair<Value, SmallVector<int64_t>>> zeroPadded;
  LogicalResult importMaxPool(const onnx::NodeProto &node,
                              ImplicitLocOpBuilder &b);
};

/// Removes from the end padding of `pads` (ONNX order: begin H, W, end
/// H, W) the rows and columns past the last window, which ONNX ignores and
/// TOSA forbids; fails when the end padding does not cover them.
LogicalResult trimEndPadding(SmallVectorImpl<int64_t> &pads,
                             ArrayRef<int64_t> size, ArrayRef<int64_t> window,
                             ArrayRef<int64_t> strides) {
  for (int d = 0; d < 2; ++d) {
    int64_t rest = (size[d] + pads[d] + pads[d + 2] - window[d]) % strides[d];
    if (rest > pads[d + 2])
      return failure();
    pads[d + 2] -= rest;
  }
  return success();
}

/// `attr` with its dimensions permuted by `perm`.
DenseElementsAttr transposeAttr(DenseElementsAttr attr,
                                ArrayRef<int32_t> perm) {
  auto type = cast<RankedTensorType>(attr.getType());
  SmallVector<int64_t> shape;
  for (int32_t p : perm)
    shape.push_back(type.getDimSize(p));
  auto result = RankedTensorType::get(shape, type.getElementType());
  if (attr.isSplat())
    return attr.resizeSplat(result);
  SmallVector<Attribute> in(attr.getValues<Attribute>()), out(in.size());
  SmallVector<int64_t> inStrides(type.getRank(), 1);
  for (int64_t d = type.getRank() - 2; d >= 0; --d)
    inStrides[d] = inStrides[d + 1] * type.getDimSize(d + 1);
  for (int64_t i = 0, e = int64_t(in.size()); i < e; ++i) {
    int64_t rest = i, from = 0;
    for (int64_t d = result.getRank() - 1; d >= 0; --d) {
      from += (rest % shape[d]) * inStrides[perm[d]];
      rest /= shape[d];
    }
    out[i] = in[from];
  }
  return DenseElementsAttr::get(result, out);
}

/// NCHW -> NHWC and back.
constexpr int32_t kToNHWC[] = {0, 2, 3, 1};
constexpr int32_t kToNCHW[] = {0, 3, 1, 2};

Type Importer::elementType(int type, Location loc, StringRef what) {
  switch (type) {
  case onnx::TensorProto::FLOAT:
    return Float32Type::get(ctx);
  case onnx::TensorProto::INT64:
    return IntegerType::get(ctx, 64);
  case onnx::TensorProto::INT32:
    return IntegerType::get(ctx, 32);
  default:
    emitError(loc) << what << ": unsupported data type " << dataTypeName(type)
                   << " (" << type << ")";
    return {};
  }
}

FailureOr<RankedTensorType>
Importer::valueType(const onnx::ValueInfoProto &info, bool allowDynamic) {
  Location loc = NameLoc::get(StringAttr::get(ctx, info.name()), fileLoc);
  if (!info.type().has_tensor_type())
    return emitError(loc) << "graph value '" << info.name()
                          << "' is not a tensor";
  const auto &tensor = info.type().tensor_type();
  // Integer codes (INT8 ... UINT2) travel one per byte.
  Type element = intKind(tensor.elem_type())
                     ? IntegerType::get(ctx, 8)
                     : elementType(tensor.elem_type(), loc,
                                   "graph value '" + info.name() + "'");
  if (!element)
    return failure();
  if (!tensor.has_shape())
    return emitError(loc) << "graph value '" << info.name()
                          << "' has no shape: qnn compiles static shapes only";
  SmallVector<int64_t> shape;
  for (const auto &[i, dim] : llvm::enumerate(tensor.shape().dim())) {
    if (allowDynamic && (!dim.has_dim_value() || dim.dim_value() < 0)) {
      shape.push_back(ShapedType::kDynamic);
      continue;
    }
    if (!dim.has_dim_value() || dim.dim_value() < 0) {
      InFlightDiagnostic diag = emitError(loc)
                                << "graph value '" << info.name()
                                << "' has a dynamic dimension " << i;
      if (dim.has_dim_param())
        diag << " ('" << dim.dim_param() << "')";
      return diag << ": qnn compiles static shapes only";
    }
    shape.push_back(dim.dim_value());
  }
  return RankedTensorType::get(shape, element);
}

FailureOr<Value> Importer::constant(const onnx::TensorProto &tensor,
                                    Location loc, OpBuilder &b) {
  // FLOAT16 constants (QLinear scales) widen exactly to f32.
  if (tensor.data_type() == onnx::TensorProto::FLOAT16) {
    SmallVector<int64_t> shape(tensor.dims().begin(), tensor.dims().end());
    auto type = RankedTensorType::get(shape, b.getF32Type());
    SmallVector<uint16_t> bits;
    const std::string &raw = tensor.raw_data();
    for (size_t i = 0; i + 1 < raw.size(); i += 2)
      bits.push_back(uint16_t(uint8_t(raw[i]) | (uint8_t(raw[i + 1]) << 8)));
    if (raw.empty())
      for (int32_t v : tensor.int32_data())
        bits.push_back(uint16_t(v));
    if (int64_t(bits.size()) != type.getNumElements())
      return emitError(loc) << "tensor '" << tensor.name() << "' has "
                            << bits.size() << " FLOAT16 values for shape with "
                            << type.getNumElements() << " elements";
    SmallVector<float> widened;
    for (uint16_t h : bits) {
      APFloat v(APFloat::IEEEhalf(), APInt(16, h));
      bool lost;
      v.convert(APFloat::IEEEsingle(), APFloat::rmNearestTiesToEven, &lost);
      widened.push_back(v.convertToFloat());
    }
    return Value(arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(type, ArrayRef<float>(widened))));
  }
  Type element =
      elementType(tensor.data_type(), loc, "tensor '" + tensor.name() + "'");
  if (!element)
    return failure();
  if (tensor.data_location() == onnx::TensorProto::EXTERNAL)
    return emitError(loc) << "tensor '" << tensor.name()
                          << "': external data is not supported";
  SmallVector<int64_t> shape(tensor.dims().begin(), tensor.dims().end());
  auto type = RankedTensorType::get(shape, element);
  int64_t count = type.getNumElements();
  const std::string &raw = tensor.raw_data();
  size_t bytes = size_t(count) * (element.getIntOrFloatBitWidth() / 8);
  auto bad = [&](size_t got) {
    return emitError(loc) << "tensor '" << tensor.name() << "' has " << got
                          << " values for shape with " << count << " elements";
  };
  DenseElementsAttr attr;
  if (!raw.empty()) {
    if (raw.size() != bytes)
      return emitError(loc)
             << "tensor '" << tensor.name() << "' has " << raw.size()
             << " bytes of raw data, expected " << bytes;
    bool splat = false;
    if (!DenseElementsAttr::isValidRawBuffer(
            type, ArrayRef(raw.data(), raw.size()), splat))
      return emitError(loc)
             << "tensor '" << tensor.name() << "' has invalid raw data";
    attr = DenseElementsAttr::getFromRawBuffer(
        type, ArrayRef(raw.data(), raw.size()));
  } else if (element.isF32()) {
    if (tensor.float_data_size() != count)
      return bad(size_t(tensor.float_data_size()));
    attr = DenseElementsAttr::get(
        type, ArrayRef(tensor.float_data().data(), size_t(count)));
  } else if (element.isInteger(64)) {
    if (tensor.int64_data_size() != count)
      return bad(size_t(tensor.int64_data_size()));
    attr = DenseElementsAttr::get(
        type, ArrayRef(tensor.int64_data().data(), size_t(count)));
  } else {
    if (tensor.int32_data_size() != count)
      return bad(size_t(tensor.int32_data_size()));
    attr = DenseElementsAttr::get(
        type, ArrayRef(tensor.int32_data().data(), size_t(count)));
  }
  return Value(arith::ConstantOp::create(b, loc, attr));
}

FailureOr<Value> Importer::input(const onnx::NodeProto &node, int i,
                                 OpBuilder &b) {
  if (i >= node.input_size() || node.input(i).empty())
    return emitError(nodeLoc(node))
           << node.op_type() << " node '" << node.name() << "': input " << i
           << " is missing";
  const std::string &name = node.input(i);
  if (Value v = values.lookup(name))
    return v;
  return emitError(nodeLoc(node))
         << node.op_type() << " node '" << node.name() << "': input '" << name
         << "' is neither a graph input, an initializer nor a node output";
}

FailureOr<DenseElementsAttr>
Importer::constantInput(const onnx::NodeProto &node, int i) {
  OpBuilder b(ctx);
  FailureOr<Value> v = input(node, i, b);
  if (failed(v))
    return failure();
  DenseElementsAttr attr;
  if (auto c = v->getDefiningOp<arith::ConstantOp>())
    attr = dyn_cast<DenseElementsAttr>(c.getValue());
  if (!attr)
    return emitError(nodeLoc(node))
           << node.op_type() << " node '" << node.name() << "': input '"
           << node.input(i) << "' must be a constant (an initializer)";
  return attr;
}

Value Importer::reshape(ImplicitLocOpBuilder &b, Value x,
                        ArrayRef<int64_t> shape) {
  auto type = cast<RankedTensorType>(x.getType());
  if (type.getShape() == shape)
    return x;
  auto result = RankedTensorType::get(shape, type.getElementType());
  // Constants are reshaped here, like transposed ones.
  if (auto c = x.getDefiningOp<arith::ConstantOp>())
    return arith::ConstantOp::create(
        b, cast<DenseElementsAttr>(c.getValue()).reshape(result));
  return tosa::ReshapeOp::create(
      b, RankedTensorType::get(shape, type.getElementType()), x,
      tosa::getTosaConstShape(b, shape));
}

Value Importer::transpose(ImplicitLocOpBuilder &b, Value x,
                          ArrayRef<int32_t> perm) {
  auto type = cast<RankedTensorType>(x.getType());
  SmallVector<int64_t> shape;
  for (int32_t p : perm)
    shape.push_back(type.getDimSize(p));
  auto result = RankedTensorType::get(shape, type.getElementType());
  // Constants are transposed here (weights then reach the layers as
  // constants, which qnn folds into codes).
  if (auto c = x.getDefiningOp<arith::ConstantOp>())
    return arith::ConstantOp::create(
        b, transposeAttr(cast<DenseElementsAttr>(c.getValue()), perm));
  return tosa::TransposeOp::create(b, result, x, b.getDenseI32ArrayAttr(perm));
}

/// The quantized element type `element` with its channel axis (if any)
/// moved by `moveAxis`; null for other types.
static Type movedQuantType(Type element,
                           function_ref<int64_t(int64_t)> moveAxis) {
  auto quant = dyn_cast<mlir::qnn::QuantizedTypeInterface>(element);
  if (!quant)
    return {};
  int64_t axis = quant.getAxis() >= 0 ? moveAxis(quant.getAxis()) : -1;
  MLIRContext *ctx = element.getContext();
  if (auto u = dyn_cast<mlir::qnn::UniformQuantType>(element))
    return mlir::qnn::UniformQuantType::get(
        ctx, u.getBits(), u.getSignedStorage(), u.getStorageMin(),
        u.getStorageMax(), u.getExpressedType(), axis, u.getScales(),
        u.getZeroPoints());
  if (auto c = dyn_cast<mlir::qnn::CodebookQuantType>(element))
    return mlir::qnn::CodebookQuantType::get(
        ctx, c.getBits(), c.getExpressedType(), axis, c.getScales(),
        c.getLevels(), c.getTableSize());
  return {};
}

Value Importer::requantize(
    ImplicitLocOpBuilder &b, Value v, function_ref<Value(Value)> reshape,
    function_ref<int64_t(int64_t)> moveAxis,
    function_ref<DenseElementsAttr(DenseElementsAttr)> moveAttr) {
  auto dq = v.getDefiningOp<mlir::qnn::DequantizeOp>();
  if (!dq)
    return {};
  // Constant codes (DequantizeLinear of INT8 weights): move the codes.
  if (auto c = dq.getInput().getDefiningOp<mlir::qnn::ConstantOp>()) {
    Type moved = movedQuantType(
        cast<RankedTensorType>(c.getType()).getElementType(), moveAxis);
    if (!moved)
      return {};
    auto codes = cast<DenseIntElementsAttr>(moveAttr(c.getValue()));
    Value q = mlir::qnn::ConstantOp::create(
        b, RankedTensorType::get(codes.getType().getShape(), moved), codes);
    return mlir::qnn::DequantizeOp::create(
        b, RankedTensorType::get(codes.getType().getShape(), b.getF32Type()),
        q);
  }
  // Codes reinterpreted from integers (a narrow graph input): move the
  // integers.
  if (auto sc = dq.getInput().getDefiningOp<mlir::qnn::StorageCastOp>()) {
    Type moved = movedQuantType(
        cast<RankedTensorType>(sc.getType()).getElementType(), moveAxis);
    if (!moved)
      return {};
    Value ints = reshape(sc.getInput());
    auto shape = cast<RankedTensorType>(ints.getType()).getShape();
    Value q = mlir::qnn::StorageCastOp::create(
        b, RankedTensorType::get(shape, moved), ints);
    return mlir::qnn::DequantizeOp::create(
        b, RankedTensorType::get(shape, b.getF32Type()), q);
  }
  // A multithreshold is elementwise too: count on the moved input.
  if (auto mt = dq.getInput().getDefiningOp<mlir::qnn::MultiThresholdOp>()) {
    std::optional<uint64_t> axis = mt.getAxis();
    IntegerAttr movedAxis;
    if (axis)
      movedAxis = b.getI64IntegerAttr(moveAxis(int64_t(*axis)));
    Value x = reshape(mt.getInput());
    auto xType = cast<RankedTensorType>(x.getType());
    Value codes = mlir::qnn::MultiThresholdOp::create(
        b,
        RankedTensorType::get(
            xType.getShape(),
            cast<RankedTensorType>(mt.getType()).getElementType()),
        x, mt.getThresholds(), movedAxis, mt.getNegateAttr());
    return mlir::qnn::DequantizeOp::create(b, xType, codes);
  }
  auto q = dq.getInput().getDefiningOp<mlir::qnn::QuantizeOp>();
  if (!q)
    return {};
  Type moved = movedQuantType(
      cast<RankedTensorType>(q.getType()).getElementType(), moveAxis);
  if (!moved)
    return {};
  Value x = reshape(q.getInput());
  auto xType = cast<RankedTensorType>(x.getType());
  Value codes = mlir::qnn::QuantizeOp::create(
      b, RankedTensorType::get(xType.getShape(), moved), x, q.getRounding());
  return mlir::qnn::DequantizeOp::create(b, xType, codes);
}

Value Importer::transposeQuantized(ImplicitLocOpBuilder &b, Value v,
                                   ArrayRef<int32_t> perm) {
  return requantize(
      b, v, [&](Value x) { return transpose(b, x, perm); },
      [&](int64_t axis) {
        return int64_t(llvm::find(perm, int32_t(axis)) - perm.begin());
      },
      [&](DenseElementsAttr a) { return transposeAttr(a, perm); });
}

Value Importer::reshapeQuantized(ImplicitLocOpBuilder &b, Value v,
                                 ArrayRef<int64_t> shape) {
  auto type = cast<RankedTensorType>(v.getType());
  // A per-channel quantizer survives only leading ones being added.
  int64_t added = int64_t(shape.size()) - type.getRank();
  bool expands =
      added >= 0 &&
      llvm::all_of(shape.take_front(added), [](int64_t d) { return d == 1; }) &&
      shape.drop_front(added) == type.getShape();
  bool perTensor = false;
  if (auto dq = v.getDefiningOp<mlir::qnn::DequantizeOp>()) {
    perTensor =
        mlir::qnn::getQuantizedElementType(dq.getInput().getType()).getAxis() <
        0;
    if (auto mt = dq.getInput().getDefiningOp<mlir::qnn::MultiThresholdOp>())
      perTensor = perTensor && !mt.getAxis();
  }
  Value requantized;
  if (expands || perTensor)
    requantized = requantize(
        b, v, [&](Value x) { return reshape(b, x, shape); },
        [&](int64_t axis) { return axis + added; },
        [&](DenseElementsAttr a) {
          return a.reshape(
              RankedTensorType::get(shape, a.getType().getElementType()));
        });
  return requantized ? requantized : reshape(b, v, shape);
}

Value Importer::logical(ImplicitLocOpBuilder &b, Value v) {
  if (!nhwc.contains(v))
    return v;
  Value &cached = toNCHW[v];
  if (!cached)
    cached = transposeQuantized(b, v, kToNCHW);
  if (!cached)
    cached = transpose(b, v, kToNCHW);
  return cached;
}

Value Importer::asNHWC(ImplicitLocOpBuilder &b, Value v) {
  if (nhwc.contains(v))
    return v;
  Value &cached = toNHWC[v];
  if (cached)
    return cached;
  if (Value requantized = transposeQuantized(b, v, kToNHWC)) {
    cached = requantized;
    nhwc.insert(cached);
    return cached;
  }
  cached = transpose(b, v, kToNHWC);
  nhwc.insert(cached);
  return cached;
}

LogicalResult Importer::importConv(const onnx::NodeProto &node,
                                   ImplicitLocOpBuilder &b) {
  auto fail = [&]() { return nodeError(node); };
  FailureOr<Value> x = input(node, 0, b), w = input(node, 1, b);
  if (failed(x) || failed(w))
    return failure();
  auto xt = cast<RankedTensorType>(x->getType()),
       wt = cast<RankedTensorType>(w->getType());
  if (xt.getRank() != 4 || wt.getRank() != 4 || !xt.getElementType().isF32() ||
      !wt.getElementType().isF32())
    return fail() << "only 2-D convolutions of f32 NCHW tensors are supported";
  SmallVector<int64_t> pads = {0, 0, 0, 0}, strides = {1, 1},
                       dilations = {1, 1};
  int64_t group = 1;
  for (const auto &a : node.attribute()) {
    auto ints = [&](SmallVector<int64_t> &to, size_t n) {
      if (size_t(a.ints_size()) != n)
        return false;
      to.assign(a.ints().begin(), a.ints().end());
      return true;
    };
    if (a.name() == "pads") {
      if (!ints(pads, 4))
        return fail() << "pads must have 4 values";
    } else if (a.name() == "strides") {
      if (!ints(strides, 2))
        return fail() << "strides must have 2 values";
    } else if (a.name() == "dilations") {
      if (!ints(dilations, 2))
        return fail() << "dilations must have 2 values";
    } else if (a.name() == "group") {
      group = a.i();
    } else if (a.name() == "auto_pad") {
      if (a.s() != "NOTSET" && a.s() != "VALID")
        return fail() << "auto_pad " << a.s()
                      << " is not supported (give explicit pads)";
    } else if (a.name() != "kernel_shape") {
      return fail() << "unknown attribute '" << a.name() << "'";
    }
  }
  if (group != 1)
    return fail() << "group " << group << " is not supported";
  // A zero Pad of the image just before: the convolution pads instead.
  if (auto padded = zeroPadded.find(*x); padded != zeroPadded.end()) {
    x = padded->second.first;
    xt = cast<RankedTensorType>(x->getType());
    for (int i = 0; i < 4; ++i)
      pads[i] += padded->second.second[i];
  }
  // The logical (NCHW) shapes.
  SmallVector<int64_t> xs(xt.getShape()), ws(wt.getShape());
  if (nhwc.contains(*x))
    xs = {xt.getDimSize(0), xt.getDimSize(3), xt.getDimSize(1),
          xt.getDimSize(2)};
  if (nhwc.contains(*w))
    ws = {wt.getDimSize(0), wt.getDimSize(3), wt.getDimSize(1),
          wt.getDimSize(2)};
  if (xs[1] != ws[1])
    return fail() << "input has " << xs[1] << " channels, weights expect "
                  << ws[1];
  int64_t oh = (xs[2] + pads[0] + pads[2] - dilations[0] * (ws[2] - 1) - 1) /
                   strides[0] +
               1;
  int64_t ow = (xs[3] + pads[1] + pads[3] - dilations[1] * (ws[3] - 1) - 1) /
                   strides[1] +
               1;
  if (oh < 1 || ow < 1)
    return fail() << "the window does not fit the padded input";
  // ONNX drops the rows (columns) past the last window; TOSA wants none:
  // take them from the end padding.
  if (failed(trimEndPadding(
          pads, {xs[2], xs[3]},
          {dilations[0] * (ws[2] - 1) + 1, dilations[1] * (ws[3] - 1) + 1},
          strides)))
    return fail() << "input rows or columns past the last window are not "
                     "supported";
  Value bias;
  if (node.input_size() > 2 && !node.input(2).empty()) {
    FailureOr<Value> c = input(node, 2, b);
    if (failed(c))
      return failure();
    bias = *c;
  } else {
    bias = arith::ConstantOp::create(
        b,
        DenseElementsAttr::get(RankedTensorType::get({ws[0]}, b.getF32Type()),
                               b.getF32FloatAttr(0.0f)));
  }
  Value zp = f32Constant(b, b.getLoc(), 0.0f);
  auto outType = RankedTensorType::get({xs[0], oh, ow, ws[0]}, b.getF32Type());
  Value y = tosa::Conv2DOp::create(
      b, outType, asNHWC(b, *x), asNHWC(b, *w), bias, zp, zp,
      b.getDenseI64ArrayAttr({pads[0], pads[2], pads[1], pads[3]}),
      b.getDenseI64ArrayAttr(strides), b.getDenseI64ArrayAttr(dilations),
      TypeAttr::get(b.getF32Type()));
  nhwc.insert(y);
  return defineOutput(node, y);
}

LogicalResult Importer::readIntegers(const onnx::NodeProto &node,
                                     const onnx::TensorProto &t,
                                     SmallVectorImpl<int64_t> &out) {
  // 8-bit values one per byte; 4- and 2-bit ones packed, the first in the
  // lowest bits, in raw_data or one byte per int32_data entry.
  IntKind kind = intKind(t.data_type()).value_or(IntKind{8, true});
  int64_t count = 1;
  for (int64_t d : t.dims())
    count *= d;
  const int64_t perByte = 8 / kind.bits;
  const int64_t bytes = (count + perByte - 1) / perByte;
  SmallVector<uint8_t> packed;
  if (!t.raw_data().empty()) {
    if (int64_t(t.raw_data().size()) != bytes)
      return nodeError(node)
             << "tensor '" << t.name() << "' has " << t.raw_data().size()
             << " bytes for " << count << " " << kind.bits << "-bit values";
    packed.assign(t.raw_data().begin(), t.raw_data().end());
  } else {
    if (t.int32_data_size() != bytes)
      return nodeError(node)
             << "tensor '" << t.name() << "' has " << t.int32_data_size()
             << " int32_data entries for " << count << " " << kind.bits
             << "-bit values";
    for (int32_t v : t.int32_data())
      packed.push_back(uint8_t(v));
  }
  const unsigned mask = (1u << kind.bits) - 1;
  for (int64_t i = 0; i < count; ++i) {
    unsigned field =
        (packed[size_t(i / perByte)] >> ((i % perByte) * kind.bits)) & mask;
    int64_t v = int64_t(field);
    if (kind.isSigned && (field >> (kind.bits - 1)))
      v -= int64_t(1) << kind.bits;
    out.push_back(v);
  }
  return success();
}

FailureOr<Value> Importer::integerOperand(const onnx::NodeProto &node, int i,
                                          ImplicitLocOpBuilder &b) {
  const std::string &name = node.input(i);
  if (const onnx::TensorProto *t = codeTensors.lookup(name)) {
    SmallVector<int64_t> ints;
    if (failed(readIntegers(node, *t, ints)))
      return failure();
    SmallVector<float> f(ints.begin(), ints.end());
    SmallVector<int64_t> shape(t->dims().begin(), t->dims().end());
    return Value(arith::ConstantOp::create(
        b, DenseElementsAttr::get(RankedTensorType::get(shape, b.getF32Type()),
                                  ArrayRef<float>(f))));
  }
  Value v = values.lookup(name);
  if (v && intValued.contains(v))
    return logical(b, v);
  if (auto c = v ? v.getDefiningOp<arith::ConstantOp>() : nullptr) {
    auto attr = cast<DenseElementsAttr>(c.getValue());
    if (attr.getElementType().isInteger(32)) {
      SmallVector<float> f;
      for (const APInt &x : attr.getValues<APInt>())
        f.push_back(float(x.getSExtValue()));
      return Value(arith::ConstantOp::create(
          b,
          DenseElementsAttr::get(
              RankedTensorType::get(attr.getType().getShape(), b.getF32Type()),
              ArrayRef<float>(f))));
    }
  }
  return nodeError(node) << "input '" << name
                         << "' must be an INT8, UINT8 or INT32 initializer "
                            "or a DynamicQuantizeLinear output";
}

LogicalResult Importer::importIntegerOps(const onnx::NodeProto &node,
                                         ImplicitLocOpBuilder &b) {
  // ConvInteger(x, w[, x_zp[, w_zp]]) / MatMulInteger(a, b[, a_zp[, b_zp]]):
  // the layer of (x - x_zp) and (w - w_zp), exact integers held in f32
  // (exact while every sum stays below 2^24). DynamicQuantizeLinear(x):
  // y_scale = (max(0, max x) - min(0, min x)) / 255, y_zp = clamp(round(
  // -min(0, min x) / y_scale)), y = clamp(round(x / y_scale) + y_zp, 0, 255),
  // computed at run time.
  auto fail = [&]() { return nodeError(node); };
  const std::string &op = node.op_type();
  auto f32Scalar = [&](float v, int64_t rank) {
    return arith::ConstantOp::create(
        b, DenseElementsAttr::get(
               RankedTensorType::get(SmallVector<int64_t>(rank, 1),
                                     b.getF32Type()),
               b.getF32FloatAttr(v)));
  };
  if (op == "DynamicQuantizeLinear") {
    FailureOr<Value> xIn = input(node, 0, b);
    if (failed(xIn))
      return failure();
    Value x = logical(b, *xIn);
    auto xt = cast<RankedTensorType>(x.getType());
    if (!xt.getElementType().isF32())
      return fail() << "input must be f32";
    int64_t rank = xt.getRank();
    auto one = RankedTensorType::get({1}, b.getF32Type());
    Value flat = reshape(b, x, {xt.getNumElements()});
    auto axis0 = b.getI32IntegerAttr(0);
    Value lo = tosa::MinimumOp::create(
        b, one, tosa::ReduceMinOp::create(b, one, flat, axis0),
        f32Scalar(0, 1));
    Value hi = tosa::MaximumOp::create(
        b, one, tosa::ReduceMaxOp::create(b, one, flat, axis0),
        f32Scalar(0, 1));
    Value scale = arith::DivFOp::create(b, tosa::SubOp::create(b, one, hi, lo),
                                        f32Scalar(255, 1));
    auto clamp = [&](Value v) {
      return tosa::ClampOp::create(
          b, v.getType(), v, b.getF32FloatAttr(0.0f), b.getF32FloatAttr(255.0f),
          tosa::NanPropagationModeAttr::get(
              ctx, tosa::NanPropagationMode::PROPAGATE));
    };
    Value zp = clamp(math::RoundEvenOp::create(
        b, arith::NegFOp::create(b, arith::DivFOp::create(b, lo, scale))));
    // x / scale elementwise: the scale broadcast to x's shape first.
    SmallVector<int64_t> ones(rank, 1);
    Value zeros = arith::ConstantOp::create(
        b, DenseElementsAttr::get(xt, b.getF32FloatAttr(0.0f)));
    Value wide = tosa::AddOp::create(b, xt, zeros, reshape(b, scale, ones));
    Value q = clamp(tosa::AddOp::create(
        b, xt, math::RoundEvenOp::create(b, arith::DivFOp::create(b, x, wide)),
        reshape(b, zp, ones)));
    Value scalarScale = reshape(b, scale, {}), scalarZp = reshape(b, zp, {});
    SmallVector<Value> results = {q, scalarScale, scalarZp};
    for (auto [k, v] : llvm::enumerate(results))
      if (int(k) < node.output_size() && !node.output(int(k)).empty()) {
        values[node.output(int(k))] = v;
        if (k != 1)
          intValued.insert(v);
      }
    return success();
  }
  const bool conv = op == "ConvInteger";
  if (node.input_size() < 2)
    return fail() << "takes at least 2 inputs";
  FailureOr<Value> x = integerOperand(node, 0, b),
                   w = integerOperand(node, 1, b);
  if (failed(x) || failed(w))
    return failure();
  DenseElementsAttr wAttr;
  if (auto c = w->getDefiningOp<arith::ConstantOp>())
    wAttr = cast<DenseElementsAttr>(c.getValue());
  if (!wAttr)
    return fail() << "the weights must be constant";
  auto xt = cast<RankedTensorType>(x->getType());
  // x - x_zp (a scalar, constant or computed).
  if (node.input_size() > 2 && !node.input(2).empty()) {
    FailureOr<Value> zp = integerOperand(node, 2, b);
    if (failed(zp))
      return failure();
    if (cast<RankedTensorType>(zp->getType()).getNumElements() != 1)
      return fail() << "only a per-tensor x zero point is supported";
    x = Value(tosa::SubOp::create(
        b, xt, *x, reshape(b, *zp, SmallVector<int64_t>(xt.getRank(), 1))));
  }
  // w - w_zp at import: per tensor, or per output channel (the first
  // dimension of convolution weights, the columns of MatMul's b).
  SmallVector<float> wv(wAttr.getValues<float>());
  if (node.input_size() > 3 && !node.input(3).empty()) {
    FailureOr<Value> zp = integerOperand(node, 3, b);
    if (failed(zp))
      return failure();
    auto c = zp->getDefiningOp<arith::ConstantOp>();
    if (!c)
      return fail() << "the weight zero point must be constant";
    SmallVector<float> z(
        cast<DenseElementsAttr>(c.getValue()).getValues<float>());
    ArrayRef<int64_t> ws = wAttr.getType().getShape();
    int64_t channels = conv ? ws[0] : ws.back();
    if (z.size() != 1 && int64_t(z.size()) != channels)
      return fail() << "the weight zero point has " << z.size()
                    << " values for " << channels << " output channels";
    int64_t inner = conv ? wAttr.getNumElements() / channels : 1;
    for (size_t i = 0; i < wv.size(); ++i) {
      size_t ch = conv ? i / size_t(inner) : i % size_t(channels);
      wv[i] -= z[z.size() == 1 ? 0 : ch];
    }
  }
  const std::string base = node.output(0) + "#" + op + ".";
  values[base + "x"] = *x;
  values[base + "w"] = arith::ConstantOp::create(
      b, DenseElementsAttr::get(cast<RankedTensorType>(wAttr.getType()),
                                ArrayRef<float>(wv)));
  onnx::NodeProto layer;
  layer.set_op_type(conv ? "Conv" : "MatMul");
  layer.set_name(node.name());
  layer.add_input(base + "x");
  layer.add_input(base + "w");
  layer.add_output(node.output(0));
  if (conv)
    for (const auto &a : node.attribute())
      *layer.add_attribute() = a;
  if (failed(importNode(layer, b)))
    return failure();
  intValued.insert(values[node.output(0)]);
  return success();
}

LogicalResult Importer::importQLinear(const onnx::NodeProto &node,
                                      ImplicitLocOpBuilder &b) {
  // QLinearConv(x, x_scale, x_zp, w, w_scale, w_zp, y_scale, y_zp[, B]) and
  // QLinearMatMul(a, a_scale, a_zp, b, b_scale, b_zp, y_scale, y_zp) are
  // the QDQ form in one node: DequantizeLinear of both operands, the float
  // layer (the int32 bias B times x_scale * w_scale), QuantizeLinear of the
  // result, which qnn-form-integer-layers turns into an integer layer.
  auto fail = [&]() { return nodeError(node); };
  const bool conv = node.op_type() == "QLinearConv";
  if (node.input_size() < 8)
    return fail() << "takes 8 inputs" << (conv ? " (and an optional bias)" : "")
                  << ", got " << node.input_size();
  const std::string base = node.output(0) + "#" + node.op_type() + ".";
  auto synthesize = [&](StringRef op, ArrayRef<std::string> ins,
                        const std::string &out) {
    onnx::NodeProto n;
    n.set_op_type(op.str());
    n.set_name(node.name());
    for (const std::string &in : ins)
      n.add_input(in);
    n.add_output(out);
    return n;
  };
  onnx::NodeProto dx =
      synthesize("DequantizeLinear",
                 {node.input(0), node.input(1), node.input(2)}, base + "x");
  onnx::NodeProto dw =
      synthesize("DequantizeLinear",
                 {node.input(3), node.input(4), node.input(5)}, base + "w");
  // Per output channel weight scales: axis 0 of OIHW weights, axis 1 (the
  // columns) of a MatMul's right operand.
  auto *axis = dw.add_attribute();
  axis->set_name("axis");
  axis->set_type(onnx::AttributeProto::INT);
  axis->set_i(conv ? 0 : 1);
  if (failed(importNode(dx, b)) || failed(importNode(dw, b)))
    return failure();
  onnx::NodeProto layer = synthesize(conv ? "Conv" : "MatMul",
                                     {base + "x", base + "w"}, base + "y");
  if (conv) {
    for (const auto &a : node.attribute())
      *layer.add_attribute() = a;
    if (node.input_size() > 8 && !node.input(8).empty()) {
      FailureOr<DenseElementsAttr> bias = constantInput(node, 8),
                                   xs = constantInput(node, 1),
                                   ws = constantInput(node, 4);
      if (failed(bias) || failed(xs) || failed(ws))
        return failure();
      if (!bias->getElementType().isInteger(32))
        return fail() << "the bias must be INT32";
      auto wsAll = ws->getValues<APFloat>();
      double x0 = (*xs->getValues<APFloat>().begin()).convertToDouble();
      SmallVector<float> real;
      for (auto [c, v] : llvm::enumerate(bias->getValues<APInt>()))
        real.push_back(
            float(double(v.getSExtValue()) * x0 *
                  wsAll[ws->getNumElements() == 1 ? 0 : c].convertToDouble()));
      values[base + "b"] = arith::ConstantOp::create(
          b, DenseElementsAttr::get(
                 RankedTensorType::get({int64_t(real.size())}, b.getF32Type()),
                 ArrayRef<float>(real)));
      layer.add_input(base + "b");
    }
  }
  if (failed(importNode(layer, b)))
    return failure();
  onnx::NodeProto qy =
      synthesize("QuantizeLinear", {base + "y", node.input(6), node.input(7)},
                 node.output(0));
  return importNode(qy, b);
}

LogicalResult Importer::importTrunc(const onnx::NodeProto &node,
                                    ImplicitLocOpBuilder &b) {
  // QONNX Trunc (version 2): y = round(x / scale + zeropt) / t with t =
  // 2^round(log2(out_scale / scale)), clamped to the output range,
  // rounded with rounding_mode (FLOOR by default), then (y - zeropt / t) *
  // out_scale. A monotone step function of x: exact thresholds to codes of
  // the output's uniform type.
  auto fail = [&]() { return nodeError(node); };
  if (node.input_size() != 6)
    return fail() << "takes 6 inputs (X, scale, zeropt, in_bitwidth, "
                     "out_scale, out_bitwidth: version 2), got "
                  << node.input_size();
  FailureOr<Value> x = input(node, 0, b);
  SmallVector<double> params;
  for (int i = 1; i < 6; ++i) {
    FailureOr<DenseElementsAttr> p = constantInput(node, i);
    if (failed(p))
      return failure();
    if (p->getNumElements() != 1 || !isa<FloatType>(p->getElementType()))
      return fail() << "input " << i << " must be one float (per-tensor)";
    params.push_back((*p->getValues<APFloat>().begin()).convertToDouble());
  }
  if (failed(x))
    return failure();
  auto xType = cast<RankedTensorType>(x->getType());
  if (!xType.getElementType().isF32())
    return fail() << "input must be f32";
  IntRangeAttrs range;
  range.rounding = "FLOOR";
  if (failed(readIntRangeAttrs(node, range, fail)))
    return failure();
  const int64_t isSigned = range.isSigned;
  const std::string &rounding = range.rounding;
  float scale = float(params[0]), zeroPoint = float(params[1]);
  double outScale = params[3], outBitsValue = params[4];
  int64_t bits = int64_t(outBitsValue);
  if (double(bits) != outBitsValue || bits < 1 || bits > 8)
    return fail() << "out_bitwidth " << shortNumber(outBitsValue)
                  << " is not an integer from 1 to 8";
  if (!(scale > 0) || !(outScale > 0) || !std::isfinite(outScale))
    return fail() << "scales must be positive and finite";
  std::optional<::qnn::ref::RoundingMode> mode =
      ::qnn::ref::parseRoundingMode(rounding);
  if (!mode)
    return fail() << "unsupported rounding_mode '" << rounding << "'";
  float t = float(std::exp2(std::nearbyint(std::log2(outScale / scale))));
  double outZero = double(zeroPoint) / double(t);
  int64_t lo = range.min(bits), hi = range.max(bits);
  if (outZero != std::floor(outZero))
    return fail() << "zeropt / 2^k = " << shortNumber(outZero)
                  << " is not an integer";
  auto code = [&](float v) -> int64_t {
    float y = std::nearbyint(v / scale + zeroPoint) / t;
    y = std::clamp(y, float(lo), float(hi));
    return int64_t(::qnn::ref::roundToIntegral(y, *mode));
  };
  std::optional<std::vector<float>> thresholds =
      ::qnn::ref::exactThresholds(code, lo, hi);
  if (!thresholds)
    return fail() << "some output codes are never reached";
  Type quant = mlir::qnn::UniformQuantType::getChecked(
      [&] { return fail(); }, ctx, unsigned(bits), bool(isSigned), lo, hi,
      Type(b.getF32Type()), int64_t(-1), ArrayRef<double>{outScale},
      ArrayRef<int64_t>{int64_t(outZero)});
  if (!quant)
    return failure();
  auto tType =
      RankedTensorType::get({1, int64_t(thresholds->size())}, b.getF32Type());
  Value codes = mlir::qnn::MultiThresholdOp::create(
      b, RankedTensorType::get(xType.getShape(), quant), *x,
      cast<DenseFPElementsAttr>(
          DenseElementsAttr::get(tType, ArrayRef<float>(*thresholds))),
      IntegerAttr(), DenseBoolArrayAttr());
  return defineOutput(node, mlir::qnn::DequantizeOp::create(b, xType, codes),
                      *x);
}

LogicalResult Importer::importPad(const onnx::NodeProto &node,
                                  ImplicitLocOpBuilder &b) {
  // Pad(x, pads[, constant_value[, axes]]) {mode = "constant"}; before
  // opset 11 pads and value are attributes.
  auto fail = [&]() { return nodeError(node); };
  FailureOr<Value> x = input(node, 0, b);
  if (failed(x))
    return failure();
  auto xt = cast<RankedTensorType>(x->getType());
  if (!xt.getElementType().isF32())
    return fail() << "input must be f32";
  int64_t rank = xt.getRank();
  SmallVector<int64_t> pads, axes;
  double value = 0.0;
  for (const auto &a : node.attribute()) {
    if (a.name() == "mode") {
      if (a.s() != "constant")
        return fail() << "mode '" << a.s()
                      << "' is not supported (constant is)";
    } else if (a.name() == "pads" && opset < 11) {
      pads.assign(a.ints().begin(), a.ints().end());
    } else if (a.name() == "value" && opset < 11) {
      value = a.f();
    } else {
      return fail() << "unknown attribute '" << a.name() << "'";
    }
  }
  if (opset >= 11) {
    FailureOr<DenseElementsAttr> p = constantInput(node, 1);
    if (failed(p))
      return failure();
    for (const APInt &v : p->getValues<APInt>())
      pads.push_back(v.getSExtValue());
    if (node.input_size() > 2 && !node.input(2).empty()) {
      FailureOr<DenseElementsAttr> c = constantInput(node, 2);
      if (failed(c))
        return failure();
      if (c->getNumElements() != 1 || !c->getElementType().isF32())
        return fail() << "constant_value must be one f32";
      value = (*c->getValues<APFloat>().begin()).convertToDouble();
    }
    if (node.input_size() > 3 && !node.input(3).empty()) {
      FailureOr<DenseElementsAttr> c = constantInput(node, 3);
      if (failed(c))
        return failure();
      for (const APInt &v : c->getValues<APInt>())
        axes.push_back(v.getSExtValue() < 0 ? v.getSExtValue() + rank
                                            : v.getSExtValue());
    }
  }
  if (axes.empty())
    for (int64_t d = 0; d < rank; ++d)
      axes.push_back(d);
  if (pads.size() != 2 * axes.size())
    return fail() << "pads has " << pads.size() << " values for " << axes.size()
                  << " axes";
  // Per logical dimension: [begin, end].
  SmallVector<int64_t> lo(rank, 0), hi(rank, 0);
  for (auto [i, d] : llvm::enumerate(axes)) {
    if (d < 0 || d >= rank)
      return fail() << "axis " << d << " is out of range";
    lo[d] = pads[i];
    hi[d] = pads[i + axes.size()];
    if (lo[d] < 0 || hi[d] < 0)
      return fail() << "negative pads (cropping) are not supported";
  }
  // In the value's layout.
  const bool isNhwc = nhwc.contains(*x);
  SmallVector<int64_t> padding, shape;
  for (int64_t d = 0; d < rank; ++d) {
    int64_t l = isNhwc ? kToNHWC[d] : d;
    padding.push_back(lo[l]);
    padding.push_back(hi[l]);
    shape.push_back(xt.getDimSize(d) + lo[l] + hi[l]);
  }
  Value padConst = f32Constant(b, b.getLoc(), float(value));
  Value y =
      tosa::PadOp::create(b, RankedTensorType::get(shape, b.getF32Type()), *x,
                          tosa::getTosaConstShape(b, padding), padConst);
  if (rank == 4 && value == 0.0 && lo[0] == 0 && hi[0] == 0 && lo[1] == 0 &&
      hi[1] == 0)
    zeroPadded[y] = {*x, {lo[2], lo[3], hi[2], hi[3]}};
  return defineOutput(node, y, *x);
}

LogicalResult Importer::importSoftmax(const onnx::NodeProto &node,
                                      ImplicitLocOpBuilder &b) {
  // exp(x - max) / sum(exp(x - max)) along `axis`; before opset 13 over
  // the flattened dimensions from `axis` on (the same when `axis` is the
  // last, which is what qnn supports there).
  auto fail = [&]() { return nodeError(node); };
  FailureOr<Value> x = input(node, 0, b);
  if (failed(x))
    return failure();
  Value v = logical(b, *x);
  auto t = cast<RankedTensorType>(v.getType());
  if (!t.getElementType().isF32())
    return fail() << "input must be f32";
  int64_t rank = t.getRank(), axis = intAttr(node, "axis", opset < 13 ? 1 : -1);
  if (axis < 0)
    axis += rank;
  if (axis < 0 || axis >= rank)
    return fail() << "axis " << intAttr(node, "axis", -1) << " is out of range";
  if (opset < 13 && axis != rank - 1)
    return fail() << "before opset 13 only the last axis is supported";
  SmallVector<int64_t> reduced(t.getShape());
  reduced[axis] = 1;
  auto rt = RankedTensorType::get(reduced, b.getF32Type());
  auto axisAttr = b.getI32IntegerAttr(int32_t(axis));
  Value m = tosa::ReduceMaxOp::create(b, rt, v, axisAttr);
  Value e = tosa::ExpOp::create(b, t, tosa::SubOp::create(b, t, v, m));
  Value sum = tosa::ReduceSumOp::create(b, rt, e, axisAttr);
  Value shift = mulShift(b, b.getLoc());
  values[node.output(0)] = tosa::MulOp::create(
      b, t, e, tosa::ReciprocalOp::create(b, rt, sum), shift);
  return success();
}

LogicalResult Importer::importArgMaxTopK(const onnx::NodeProto &node,
                                         ImplicitLocOpBuilder &b) {
  // ArgMax {axis, keepdims, select_last_index = 0}: tosa.argmax (the first
  // maximum), as INT64. TopK(x, k) {axis, largest = 1, sorted = 1}: k
  // rounds of (max, first index of it, mask it out), values and INT64
  // indices; equal values come in index order, as ONNX specifies.
  auto fail = [&]() { return nodeError(node); };
  const bool topk = node.op_type() == "TopK";
  FailureOr<Value> x = input(node, 0, b);
  if (failed(x))
    return failure();
  Value v = logical(b, *x);
  auto t = cast<RankedTensorType>(v.getType());
  if (!t.getElementType().isF32())
    return fail() << "input must be f32";
  int64_t rank = t.getRank(), axis = intAttr(node, "axis", topk ? -1 : 0);
  if (axis < 0)
    axis += rank;
  if (axis < 0 || axis >= rank)
    return fail() << "axis is out of range";
  for (const auto &a : node.attribute())
    if ((a.name() == "select_last_index" && a.i() != 0) ||
        (a.name() == "sorted" && a.i() != 1))
      return fail() << "attribute " << a.name() << " = " << a.i()
                    << " is not supported";
  auto axisAttr = b.getI32IntegerAttr(int32_t(axis));
  SmallVector<int64_t> dropped(t.getShape()), kept(t.getShape());
  dropped.erase(dropped.begin() + axis);
  kept[axis] = 1;
  auto argmax = [&](Value in) {
    Value idx = tosa::ArgMaxOp::create(
        b, RankedTensorType::get(dropped, b.getI32Type()), in, axisAttr);
    Value wide = tosa::CastOp::create(
        b, RankedTensorType::get(dropped, b.getI64Type()), idx);
    return std::make_pair(idx, reshape(b, wide, kept));
  };
  if (!topk) {
    Value idx = argmax(v).second;
    if (!intAttr(node, "keepdims", 1))
      idx = reshape(b, idx, dropped);
    values[node.output(0)] = idx;
    return success();
  }
  FailureOr<DenseElementsAttr> kAttr = constantInput(node, 1);
  if (failed(kAttr))
    return failure();
  int64_t k = (*kAttr->getValues<APInt>().begin()).getSExtValue();
  if (k < 1 || k > t.getDimSize(axis))
    return fail() << "k = " << k << " is out of range for size "
                  << t.getDimSize(axis);
  // largest = 0: the largest of -x, negated back.
  auto negate = [&](Value in) -> Value {
    Value zero = f32Constant(b, b.getLoc(), 0.0f);
    return tosa::NegateOp::create(b, in.getType(), in, zero, zero);
  };
  Value work = v;
  if (intAttr(node, "largest", 1) == 0)
    work = negate(v);
  // The index of every element along the axis, to mask picked ones.
  SmallVector<int32_t> iota;
  SmallVector<int64_t> iotaShape(rank, 1);
  iotaShape[axis] = t.getDimSize(axis);
  for (int64_t i = 0; i < t.getDimSize(axis); ++i)
    iota.push_back(int32_t(i));
  Value positions = arith::ConstantOp::create(
      b,
      DenseElementsAttr::get(RankedTensorType::get(iotaShape, b.getI32Type()),
                             ArrayRef<int32_t>(iota)));
  Value lowest = arith::ConstantOp::create(
      b,
      DenseElementsAttr::get(
          RankedTensorType::get(SmallVector<int64_t>(rank, 1), b.getF32Type()),
          b.getF32FloatAttr(-std::numeric_limits<float>::infinity())));
  auto kt = RankedTensorType::get(kept, b.getF32Type());
  SmallVector<Value> picked, indices;
  for (int64_t round = 0; round < k; ++round) {
    auto [idx, wide] = argmax(work);
    indices.push_back(wide);
    picked.push_back(tosa::ReduceMaxOp::create(b, kt, work, axisAttr));
    if (round + 1 == k)
      break;
    Value hit = tosa::EqualOp::create(
        b, RankedTensorType::get(t.getShape(), b.getI1Type()), positions,
        reshape(b, idx, kept));
    work = tosa::SelectOp::create(b, t, hit, lowest, work);
  }
  SmallVector<int64_t> outShape(t.getShape());
  outShape[axis] = k;
  auto concat = [&](ArrayRef<Value> parts, Type element) -> Value {
    if (parts.size() == 1)
      return parts.front();
    return tosa::ConcatOp::create(b, RankedTensorType::get(outShape, element),
                                  parts, axisAttr);
  };
  Value topValues = concat(picked, b.getF32Type());
  if (intAttr(node, "largest", 1) == 0)
    topValues = negate(topValues);
  values[node.output(0)] = topValues;
  if (node.output_size() > 1 && !node.output(1).empty())
    values[node.output(1)] = concat(indices, b.getI64Type());
  return success();
}

LogicalResult Importer::importMaxPool(const onnx::NodeProto &node,
                                      ImplicitLocOpBuilder &b) {
  auto fail = [&]() { return nodeError(node); };
  FailureOr<Value> x = input(node, 0, b);
  if (failed(x))
    return failure();
  if (node.output_size() > 1 && !node.output(1).empty())
    return fail() << "the Indices output is not supported";
  auto xt = cast<RankedTensorType>(x->getType());
  if (xt.getRank() != 4 || !xt.getElementType().isF32())
    return fail() << "only 2-D pooling of f32 NCHW tensors is supported";
  SmallVector<int64_t> kernel, pads = {0, 0, 0, 0}, strides = {1, 1};
  for (const auto &a : node.attribute()) {
    SmallVector<int64_t> v(a.ints().begin(), a.ints().end());
    if (a.name() == "kernel_shape" && v.size() == 2)
      kernel = v;
    else if (a.name() == "pads" && v.size() == 4)
      pads = v;
    else if (a.name() == "strides" && v.size() == 2)
      strides = v;
    else if ((a.name() == "auto_pad" &&
              (a.s() == "NOTSET" || a.s() == "VALID")) ||
             (a.name() == "ceil_mode" && a.i() == 0) ||
             (a.name() == "dilations" &&
              llvm::all_of(v, [](int64_t d) { return d == 1; })) ||
             (a.name() == "storage_order" && a.i() == 0))
      continue;
    else
      return fail() << "attribute '" << a.name()
                    << "' has a value qnn does not support";
  }
  if (kernel.empty())
    return fail() << "kernel_shape must have 2 values";
  Value xn = asNHWC(b, *x);
  auto nt = cast<RankedTensorType>(xn.getType());
  if (failed(trimEndPadding(pads, {nt.getDimSize(1), nt.getDimSize(2)}, kernel,
                            strides)))
    return fail() << "input rows or columns past the last window are not "
                     "supported";
  int64_t oh =
      (nt.getDimSize(1) + pads[0] + pads[2] - kernel[0]) / strides[0] + 1;
  int64_t ow =
      (nt.getDimSize(2) + pads[1] + pads[3] - kernel[1]) / strides[1] + 1;
  Value y = tosa::MaxPool2dOp::create(
      b,
      RankedTensorType::get({nt.getDimSize(0), oh, ow, nt.getDimSize(3)},
                            b.getF32Type()),
      xn, b.getDenseI64ArrayAttr(kernel), b.getDenseI64ArrayAttr(strides),
      b.getDenseI64ArrayAttr({pads[0], pads[2], pads[1], pads[3]}));
  nhwc.insert(y);
  return defineOutput(node, y);
}

LogicalResult Importer::importMultiThreshold(const onnx::NodeProto &node,
                                             ImplicitLocOpBuilder &b) {
  // FINN MultiThreshold(x, thresholds) {out_scale, out_bias, data_layout}:
  // out_scale * #{j : x >= thresholds[c][j]} + out_bias, i.e.
  // qnn.multithreshold to codes 0..T of a uniform type with that scale and
  // zero point -out_bias / out_scale, then qnn.dequantize.
  auto fail = [&]() { return nodeError(node); };
  FailureOr<Value> x = input(node, 0, b);
  FailureOr<DenseElementsAttr> thresholds = constantInput(node, 1);
  if (failed(x) || failed(thresholds))
    return failure();
  auto xType = cast<RankedTensorType>(x->getType());
  auto tType = thresholds->getType();
  if (!xType.getElementType().isF32() || !tType.getElementType().isF32() ||
      tType.getRank() != 2)
    return fail() << "takes f32 input and a [channels, T] f32 threshold "
                     "table";
  double outScale = 1.0, outBias = 0.0;
  std::string layout = xType.getRank() == 4 ? "NCHW" : "NC";
  for (const auto &attr : node.attribute()) {
    if (attr.name() == "out_scale")
      outScale = attr.f();
    else if (attr.name() == "out_bias")
      outBias = attr.f();
    else if (attr.name() == "data_layout")
      layout = attr.s();
    else if (attr.name() != "out_dtype")
      return fail() << "unknown attribute '" << attr.name() << "'";
  }
  // The channel axis in ONNX's layout, then in the value's.
  int64_t axis = layout == "NHWC" ? xType.getRank() - 1 : 1;
  if (layout != "NCHW" && layout != "NHWC" && layout != "NC")
    return fail() << "unsupported data_layout '" << layout << "'";
  int64_t rows = tType.getDimSize(0), count = tType.getDimSize(1);
  int64_t physicalAxis = axis;
  if (nhwc.contains(*x)) {
    if (layout == "NHWC")
      return fail() << "data_layout NHWC on an NCHW value";
    physicalAxis = 3;
  }
  if (rows != 1 && rows != xType.getDimSize(physicalAxis))
    return fail() << rows << " threshold rows for "
                  << xType.getDimSize(physicalAxis) << " channels";
  if (count < 1 || count > 255)
    return fail() << count << " thresholds per row (1 to 255 supported)";
  double zp = -outBias / outScale;
  if (!(outScale > 0) || zp != std::floor(zp))
    return fail() << "out_bias / out_scale must be an integer and out_scale "
                     "positive (got "
                  << shortNumber(outBias) << " / " << shortNumber(outScale)
                  << ")";
  unsigned bits = llvm::bit_width(uint64_t(count));
  Type quant = mlir::qnn::UniformQuantType::getChecked(
      [&] { return fail(); }, ctx, bits, false, int64_t(0), count,
      Type(b.getF32Type()), int64_t(-1), ArrayRef<double>{outScale},
      ArrayRef<int64_t>{int64_t(zp)});
  if (!quant)
    return failure();
  Value codes = mlir::qnn::MultiThresholdOp::create(
      b, RankedTensorType::get(xType.getShape(), quant), *x, *thresholds,
      rows > 1 ? b.getI64IntegerAttr(physicalAxis) : IntegerAttr(),
      DenseBoolArrayAttr());
  Value y = mlir::qnn::DequantizeOp::create(b, xType, codes);
  return defineOutput(node, y, *x);
}

LogicalResult Importer::importScheme(const onnx::NodeProto &node,
                                     ImplicitLocOpBuilder &b) {
  // qnn-domain nodes are the qnn dialect's scheme ops, attribute for
  // attribute (docs/ONNX.md), legalized at once into codes and a
  // dequantize: the form the importer moves across layouts, and the one
  // the layers read.
  auto fail = [&]() { return nodeError(node); };
  enum class Kind { F32, F64, I32, Unit, F32Array, F64Array, Axis };
  struct AttrSpec {
    const char *onnx, *mlir;
    Kind kind;
  };
  static const llvm::StringMap<std::vector<AttrSpec>> kSchemes = {
      {"Pact", {{"alpha", "alpha", Kind::F32}, {"bits", "bits", Kind::I32}}},
      {"Sawb",
       {{"bits", "bits", Kind::I32},
        {"c1", "c1", Kind::F64},
        {"c2", "c2", Kind::F64},
        {"ternary", "ternary", Kind::Unit}}},
      {"Apot",
       {{"alpha", "alpha", Kind::F32},
        {"bits", "bits", Kind::I32},
        {"signed", "is_signed", Kind::Unit},
        {"normalize", "normalize", Kind::Unit}}},
      {"Hwgq",
       {{"bits", "bits", Kind::I32},
        {"non_uniform", "non_uniform", Kind::Unit}}},
      {"LearnedLevels", {{"axis", "axis", Kind::Axis}}},
      {"Slb",
       {{"bits", "bits", Kind::I32}, {"values", "values", Kind::F64Array}}},
      {"Binary",
       {{"scale", "scale", Kind::F32Array}, {"axis", "axis", Kind::Axis}}},
      {"Ternary",
       {{"threshold", "threshold", Kind::F32}, {"scale", "scale", Kind::F32}}},
  };
  const std::string &op = node.op_type();
  auto scheme = kSchemes.find(op);
  if (scheme == kSchemes.end())
    return emitError(nodeLoc(node))
           << "unsupported operator " << op << " (domain '" << kQnnDomain
           << "', node '" << node.name()
           << "'): the qnn domain has Pact, Sawb, Apot, Hwgq, LearnedLevels, "
              "Slb, Binary and Ternary";
  FailureOr<Value> x = input(node, 0, b);
  if (failed(x))
    return failure();
  // SLB reads weights (logits with an extra dimension, or codes) in ONNX's
  // layout; the others are elementwise and keep their input's.
  if (op == "Slb")
    x = logical(b, *x);
  auto xType = cast<RankedTensorType>(x->getType());
  const bool isNhwc = nhwc.contains(*x);
  int64_t rank = xType.getRank();
  OperationState state(b.getLoc(),
                       "qnn." + llvm::convertToSnakeFromCamelCase(op));
  state.addOperands(*x);
  for (const auto &a : node.attribute()) {
    const AttrSpec *spec = nullptr;
    for (const AttrSpec &candidate : scheme->second)
      if (a.name() == candidate.onnx)
        spec = &candidate;
    if (!spec)
      return fail() << "unknown attribute '" << a.name() << "'";
    Attribute attr;
    switch (spec->kind) {
    case Kind::F32:
      attr = b.getF32FloatAttr(a.f());
      break;
    case Kind::F64:
      attr = b.getF64FloatAttr(a.f());
      break;
    case Kind::I32:
      attr = b.getI32IntegerAttr(int32_t(a.i()));
      break;
    case Kind::Unit:
      if (a.i() != 0 && a.i() != 1)
        return fail() << "attribute '" << a.name() << "' must be 0 or 1";
      if (a.i())
        attr = b.getUnitAttr();
      break;
    case Kind::F32Array:
      attr = b.getDenseF32ArrayAttr(
          SmallVector<float>(a.floats().begin(), a.floats().end()));
      break;
    case Kind::F64Array:
      attr = b.getDenseF64ArrayAttr(
          SmallVector<double>(a.floats().begin(), a.floats().end()));
      break;
    case Kind::Axis: {
      // ONNX's axis (negative from the end), in the value's layout.
      int64_t axis = a.i() < 0 ? a.i() + rank : a.i();
      if (axis < 0 || axis >= rank)
        return fail() << "axis " << a.i() << " is out of range for rank "
                      << rank;
      if (isNhwc)
        axis = llvm::find(kToNHWC, int32_t(axis)) - std::begin(kToNHWC);
      attr = b.getI64IntegerAttr(axis);
      break;
    }
    }
    if (attr)
      state.addAttribute(spec->mlir, attr);
  }
  Type resultType = xType;
  if (op == "LearnedLevels") {
    // The level table: an f32 initializer, [levels] or [channels, levels].
    FailureOr<DenseElementsAttr> levels = constantInput(node, 1);
    if (failed(levels))
      return failure();
    if (!levels->getElementType().isF32())
      return fail() << "levels must be f32";
    SmallVector<double> table;
    for (const APFloat &v : levels->getValues<APFloat>())
      table.push_back(v.convertToDouble());
    state.addAttribute(
        "levels",
        DenseElementsAttr::get(
            RankedTensorType::get(levels->getType().getShape(), b.getF64Type()),
            ArrayRef<double>(table)));
  } else if (node.input_size() > 1) {
    return fail() << "takes one input, got " << node.input_size();
  }
  if (op == "Slb") {
    // Logits carry the value set in an extra innermost dimension.
    if (xType.getElementType().isF32()) {
      if (rank < 1)
        return fail() << "logits must have rank 1 or more";
      resultType =
          RankedTensorType::get(xType.getShape().drop_back(), b.getF32Type());
    } else {
      resultType = RankedTensorType::get(xType.getShape(), b.getF32Type());
    }
  } else if (!xType.getElementType().isF32()) {
    return fail() << "input must be f32";
  }
  state.addTypes(resultType);
  // The op's verifier and legalization judge the attributes; their first
  // error is reported against the node.
  Operation *created = b.create(state);
  std::string message;
  FailureOr<Value> legal = failure();
  {
    ScopedDiagnosticHandler capture(ctx, [&](Diagnostic &diag) {
      if (message.empty())
        message = diag.str();
      return success();
    });
    if (succeeded(mlir::verify(created)))
      legal = mlir::qnn::legalizeQuantizer(created);
  }
  if (failed(legal)) {
    created->erase();
    return fail() << message;
  }
  return defineOutput(node, *legal, op == "Slb" ? Value() : *x);
}

LogicalResult Importer::importQDQ(const onnx::NodeProto &node,
                                  ImplicitLocOpBuilder &b) {
  // QuantizeLinear(x, scale, zero_point) and DequantizeLinear(codes, scale,
  // zero_point), per tensor or per axis: a uniform type with that scale and
  // zero point and the codes' integer type (INT8, UINT8, INT4, UINT4, INT2,
  // UINT2: the zero point's, the codes', `output_dtype`'s, else UINT8 as
  // ONNX says). Blocked scales (block_size) on constant codes dequantize
  // at import.
  auto fail = [&]() { return nodeError(node); };
  const bool isQuantize = node.op_type() == "QuantizeLinear";
  FailureOr<DenseElementsAttr> scale = constantInput(node, 1);
  if (failed(scale))
    return failure();
  if (!scale->getElementType().isF32())
    return fail() << "only f32 and float16 scales are supported";
  std::optional<IntKind> kind;
  SmallVector<int64_t> zeroPoints;
  if (node.input_size() > 2 && !node.input(2).empty()) {
    const onnx::TensorProto *zp = codeTensors.lookup(node.input(2));
    if (!zp)
      return fail() << "zero point '" << node.input(2)
                    << "' must be an INT8, UINT8, INT4, UINT4, INT2 or UINT2 "
                       "initializer";
    kind = intKind(zp->data_type());
    if (failed(readIntegers(node, *zp, zeroPoints)))
      return failure();
  }
  int64_t blockSize = 0;
  for (const auto &a : node.attribute()) {
    if (a.name() == "block_size") {
      blockSize = a.i();
    } else if (a.name() == "output_dtype" && isQuantize) {
      std::optional<IntKind> k = intKind(int(a.i()));
      if (!k)
        return fail() << "output_dtype " << dataTypeName(int(a.i())) << " ("
                      << a.i() << ") is not a supported integer type";
      if (kind && (kind->bits != k->bits || kind->isSigned != k->isSigned))
        return fail() << "output_dtype and the zero point differ";
      kind = k;
    } else if (a.name() != "axis" && !(a.name() == "saturate" && a.i() == 1)) {
      return fail() << "attribute '" << a.name() << "' is not supported";
    }
  }

  // The codes' shape: x's, or the initializer's.
  const onnx::TensorProto *codes = codeTensors.lookup(node.input(0));
  FailureOr<Value> x = failure();
  SmallVector<int64_t> shape;
  if (codes) {
    if (isQuantize)
      return fail() << "input '" << node.input(0) << "' is already codes";
    shape.assign(codes->dims().begin(), codes->dims().end());
    std::optional<IntKind> k = intKind(codes->data_type());
    if (kind && (kind->bits != k->bits || kind->isSigned != k->isSigned))
      return fail() << "codes and zero point differ in type";
    kind = k;
  } else {
    x = input(node, 0, b);
    if (failed(x))
      return failure();
    x = logical(b, *x);
    auto xt = cast<RankedTensorType>(x->getType());
    shape.assign(xt.getShape().begin(), xt.getShape().end());
    if (auto in = narrowInputs.find(*x); in != narrowInputs.end()) {
      if (kind && (kind->bits != in->second.bits ||
                   kind->isSigned != in->second.isSigned))
        return fail() << "codes and zero point differ in type";
      kind = in->second;
    }
  }
  if (!kind)
    kind = IntKind{8, false};
  int64_t rank = int64_t(shape.size()), axis = -1;
  int64_t axisAttr = intAttr(node, "axis", 1);
  if (scale->getNumElements() > 1 || blockSize) {
    axis = axisAttr < 0 ? axisAttr + rank : axisAttr;
    if (axis < 0 || axis >= rank)
      return fail() << "axis " << axisAttr << " is out of range";
  }
  SmallVector<double> scales;
  for (const APFloat &v : scale->getValues<APFloat>()) {
    if (!(v.convertToDouble() > 0))
      return fail() << "scale " << shortNumber(v.convertToDouble())
                    << " is not positive";
    scales.push_back(v.convertToDouble());
  }
  if (zeroPoints.empty())
    zeroPoints.assign(scales.size(), 0);
  if (zeroPoints.size() != scales.size())
    return fail() << "scale and zero point differ in size";
  const int64_t lo = kind->isSigned ? -(int64_t(1) << (kind->bits - 1)) : 0;
  const int64_t hi = kind->isSigned ? (int64_t(1) << (kind->bits - 1)) - 1
                                    : (int64_t(1) << kind->bits) - 1;
  auto floatType = RankedTensorType::get(shape, b.getF32Type());
  if (blockSize) {
    // Blocks of `blockSize` along `axis`: scale[..., i / blockSize, ...].
    if (isQuantize || !codes)
      return fail() << "blocked quantization is supported for constant "
                       "codes (DequantizeLinear of an initializer) only";
    ArrayRef<int64_t> sshape = scale->getType().getShape();
    if (int64_t(sshape.size()) != rank ||
        sshape[axis] != (shape[axis] + blockSize - 1) / blockSize)
      return fail() << "blocked scale of shape [" << sshape
                    << "] does not match block_size " << blockSize;
    SmallVector<int64_t> raw;
    if (failed(readIntegers(node, *codes, raw)))
      return failure();
    SmallVector<int64_t> strides(rank, 1), sstrides(rank, 1);
    for (int64_t d = rank - 2; d >= 0; --d) {
      strides[d] = strides[d + 1] * shape[d + 1];
      sstrides[d] = sstrides[d + 1] * sshape[d + 1];
    }
    SmallVector<float> real;
    for (int64_t i = 0; i < int64_t(raw.size()); ++i) {
      int64_t at = 0;
      for (int64_t d = 0; d < rank; ++d) {
        int64_t idx = (i / strides[d]) % shape[d];
        at += (d == axis ? idx / blockSize : idx) * sstrides[d];
      }
      real.push_back(float(double(raw[i] - zeroPoints[size_t(at)]) *
                           double(float(scales[size_t(at)]))));
    }
    values[node.output(0)] = arith::ConstantOp::create(
        b, DenseElementsAttr::get(floatType, ArrayRef<float>(real)));
    return success();
  }
  if (scales.size() > 1 && shape[axis] != int64_t(scales.size()))
    return fail() << "per-axis scale of " << scales.size()
                  << " values does not match axis " << axisAttr;
  Type quant = mlir::qnn::UniformQuantType::getChecked(
      [&] { return fail(); }, ctx, kind->bits, kind->isSigned, lo, hi,
      Type(b.getF32Type()), axis, ArrayRef<double>(scales),
      ArrayRef<int64_t>(zeroPoints));
  if (!quant)
    return failure();
  auto codesType = RankedTensorType::get(shape, quant);
  if (isQuantize) {
    if (!cast<RankedTensorType>(x->getType()).getElementType().isF32())
      return fail() << "input must be f32";
    values[node.output(0)] = mlir::qnn::QuantizeOp::create(b, codesType, *x);
    return success();
  }
  Value q;
  if (codes) {
    SmallVector<int64_t> raw;
    if (failed(readIntegers(node, *codes, raw)))
      return failure();
    auto intType = RankedTensorType::get(
        shape, IntegerType::get(ctx, 8,
                                kind->isSigned ? IntegerType::Signed
                                               : IntegerType::Unsigned));
    SmallVector<APInt> bits;
    for (int64_t v : raw)
      bits.push_back(APInt(8, uint64_t(v), kind->isSigned));
    q = mlir::qnn::ConstantOp::create(
        b, codesType,
        cast<DenseIntElementsAttr>(DenseElementsAttr::get(intType, bits)));
  } else if (narrowInputs.count(*x)) {
    // A graph input of integers, one per byte: its low bits are the codes.
    Value narrow = *x;
    if (kind->bits < 8)
      narrow = arith::TruncIOp::create(
          b, RankedTensorType::get(shape, b.getIntegerType(kind->bits)), *x);
    q = mlir::qnn::StorageCastOp::create(b, codesType, narrow);
  } else {
    q = *x;
    if (q.getType() != codesType)
      return fail() << "input is " << q.getType() << ", not codes of "
                    << codesType
                    << " (a QuantizeLinear with the same scale "
                       "and zero point)";
  }
  values[node.output(0)] = mlir::qnn::DequantizeOp::create(b, floatType, q);
  return success();
}

LogicalResult Importer::importBipolarQuant(const onnx::NodeProto &node,
                                           ImplicitLocOpBuilder &b) {
  // BipolarQuant(x, scale) = (x >= 0 ? 1 : -1) * scale: the binary
  // codebook [-1, 1] * scale, whose quantize takes 0 (an exact midpoint
  // of equal magnitudes) to +1. (NaN also goes to +1 here, -1 in QONNX.)
  auto fail = [&]() { return nodeError(node); };
  FailureOr<Value> x = input(node, 0, b);
  FailureOr<DenseElementsAttr> scale = constantInput(node, 1);
  if (failed(x) || failed(scale))
    return failure();
  auto xType = cast<RankedTensorType>(x->getType());
  if (!xType.getElementType().isF32())
    return fail() << "input must be f32";
  if (scale->getNumElements() != 1)
    return fail() << "only a per-tensor scale is supported";
  double sc = (*scale->getValues<APFloat>().begin()).convertToDouble();
  if (!(sc > 0) || !std::isfinite(sc))
    return fail() << "scale " << shortNumber(sc)
                  << " is not positive and finite";
  Type quant = mlir::qnn::CodebookQuantType::getChecked(
      [&] { return fail(); }, ctx, 1u, Type(b.getF32Type()), int64_t(-1),
      ArrayRef<double>{double(float(sc))}, ArrayRef<double>{-1.0, 1.0}, 2u);
  if (!quant)
    return failure();
  Value q = mlir::qnn::QuantizeOp::create(
      b, RankedTensorType::get(xType.getShape(), quant), *x);
  Value y = mlir::qnn::DequantizeOp::create(b, xType, q);
  return defineOutput(node, y, *x);
}

LogicalResult Importer::importQuant(const onnx::NodeProto &node,
                                    ImplicitLocOpBuilder &b) {
  // Quant(x, scale, zeropt, bitwidth) {signed, narrow, rounding_mode}:
  // clamp(round(x / scale + zeropt)) dequantized, i.e. qnn.quantize then
  // qnn.dequantize of a uniform type with the same range.
  auto fail = [&]() {
    return emitError(nodeLoc(node)) << "Quant node '" << node.name()
                                    << "' (domain '" << node.domain() << "'): ";
  };
  FailureOr<Value> x = input(node, 0, b);
  FailureOr<DenseElementsAttr> scale = constantInput(node, 1),
                               zeroPoint = constantInput(node, 2),
                               bitwidth = constantInput(node, 3);
  if (failed(x) || failed(scale) || failed(zeroPoint) || failed(bitwidth))
    return failure();
  auto xType = cast<RankedTensorType>(x->getType());
  if (!xType.getElementType().isF32())
    return fail() << "input must be f32";
  // Scale and zero point broadcast against ONNX's (NCHW) shape; an NHWC
  // input keeps its layout, the channel axis moving with it.
  const bool isNhwc = nhwc.contains(*x);
  SmallVector<int64_t> logicalShape(xType.getShape());
  if (isNhwc)
    logicalShape = {xType.getDimSize(0), xType.getDimSize(3),
                    xType.getDimSize(1), xType.getDimSize(2)};
  IntRangeAttrs range;
  range.rounding = "ROUND";
  if (failed(readIntRangeAttrs(node, range, fail)))
    return failure();
  const int64_t isSigned = range.isSigned;
  const std::string &rounding = range.rounding;
  if (bitwidth->getNumElements() != 1)
    return fail() << "bitwidth must be a scalar";
  double bitsValue =
      (*bitwidth->getValues<APFloat>().begin()).convertToDouble();
  int64_t bits = int64_t(bitsValue);
  if (bitsValue != double(bits) || bits < 1 || bits > 8)
    return fail() << "bit width " << shortNumber(bitsValue)
                  << " is not an integer from 1 to 8";
  std::optional<mlir::qnn::RoundingMode> mode;
  if (std::optional<::qnn::ref::RoundingMode> parsed =
          ::qnn::ref::parseRoundingMode(rounding))
    mode = mlir::qnn::symbolizeRoundingMode(
        ::qnn::ref::stringifyRoundingMode(*parsed));
  if (!mode)
    return fail() << "unsupported rounding_mode '" << rounding << "'";
  int64_t min = range.min(bits), max = range.max(bits);
  // Scale and zero point: one value, or one per channel along the single
  // axis where they are not 1 (broadcast against x).
  int64_t rank = xType.getRank(), axis = -1;
  for (DenseElementsAttr p : {*scale, *zeroPoint}) {
    if (p.getNumElements() == 1)
      continue;
    ArrayRef<int64_t> shape = p.getType().getShape();
    if (int64_t(shape.size()) > rank)
      return fail() << "scale / zero point of rank " << shape.size()
                    << " do not broadcast to x of rank " << rank;
    int64_t offset = rank - int64_t(shape.size());
    for (auto [d, size] : llvm::enumerate(shape)) {
      if (size == 1)
        continue;
      int64_t at = offset + int64_t(d);
      if ((axis >= 0 && axis != at) || size != logicalShape[at])
        return fail() << "scale / zero point must be per tensor or per "
                         "channel along one axis of x";
      axis = at;
    }
  }
  int64_t channels = axis >= 0 ? logicalShape[axis] : 1;
  // The axis in the value's own layout.
  int64_t physicalAxis = axis;
  if (isNhwc && axis >= 0)
    physicalAxis = llvm::find(kToNHWC, int32_t(axis)) - std::begin(kToNHWC);
  auto valueAt = [](DenseElementsAttr p, int64_t c) {
    auto all = p.getValues<APFloat>();
    return all[p.getNumElements() == 1 ? 0 : c].convertToDouble();
  };
  SmallVector<double> scales;
  SmallVector<int64_t> zeroPoints;
  for (int64_t c = 0; c < channels; ++c) {
    double sc = valueAt(*scale, c), z = valueAt(*zeroPoint, c);
    if (!(sc > 0) || !std::isfinite(sc))
      return fail() << "scale " << shortNumber(sc)
                    << " is not positive and finite";
    if (z != std::floor(z) || z < double(min) || z > double(max))
      return fail() << "zero point " << shortNumber(z)
                    << " is not an integer within the code range [" << min
                    << ", " << max << "]";
    scales.push_back(double(float(sc)));
    zeroPoints.push_back(int64_t(z));
  }
  Type quantType = mlir::qnn::UniformQuantType::getChecked(
      [&] { return fail(); }, ctx, unsigned(bits), bool(isSigned), min, max,
      Type(b.getF32Type()), physicalAxis, ArrayRef<double>(scales),
      ArrayRef<int64_t>(zeroPoints));
  if (!quantType)
    return failure();
  auto codes = RankedTensorType::get(xType.getShape(), quantType);
  Value q = mlir::qnn::QuantizeOp::create(b, codes, *x, *mode);
  Value y = mlir::qnn::DequantizeOp::create(b, xType, q);
  return defineOutput(node, y, *x);
}

FailureOr<Value> Importer::binary(ImplicitLocOpBuilder &b,
                                  const onnx::NodeProto &node, StringRef op,
                                  Value lhs, Value rhs) {
  auto fail = [&]() { return nodeError(node); };
  // With an NHWC operand the other is brought to rank 4 as ONNX broadcasts
  // it (leading ones) and then to NHWC.
  const bool anyNhwc = nhwc.contains(lhs) || nhwc.contains(rhs);
  if (anyNhwc) {
    for (Value *v : {&lhs, &rhs}) {
      if (nhwc.contains(*v))
        continue;
      auto t = cast<RankedTensorType>(v->getType());
      if (t.getRank() > 4)
        return fail() << "operands do not broadcast";
      SmallVector<int64_t> shape(4 - t.getRank(), 1);
      llvm::append_range(shape, t.getShape());
      *v = asNHWC(b, reshape(b, *v, shape));
    }
  } else if (failed(tosa::EqualizeRanks(b, lhs, rhs))) {
    return fail() << "operands do not broadcast";
  }
  auto lt = cast<RankedTensorType>(lhs.getType()),
       rt = cast<RankedTensorType>(rhs.getType());
  SmallVector<int64_t> shape;
  for (auto [l, r] : llvm::zip_equal(lt.getShape(), rt.getShape())) {
    if (l != r && l != 1 && r != 1)
      return fail() << "operands of shapes " << lt << " and " << rt
                    << " do not broadcast";
    shape.push_back(std::max(l, r));
  }
  auto type = RankedTensorType::get(shape, b.getF32Type());
  Value result;
  if (op == "Add") {
    result = tosa::AddOp::create(b, type, lhs, rhs);
  } else if (op == "Sub") {
    result = tosa::SubOp::create(b, type, lhs, rhs);
  } else {
    Value shift = mulShift(b, b.getLoc());
    result = tosa::MulOp::create(b, type, lhs, rhs, shift);
  }
  if (anyNhwc)
    nhwc.insert(result);
  return result;
}

LogicalResult Importer::importNode(const onnx::NodeProto &node, OpBuilder &ob) {
  ImplicitLocOpBuilder b(nodeLoc(node), ob);
  const std::string &op = node.op_type();
  auto unsupported = [&]() {
    return emitError(nodeLoc(node))
           << "unsupported operator " << op << " (domain '"
           << (node.domain().empty() ? "ai.onnx" : node.domain()) << "', node '"
           << node.name() << "', opset " << opset << ")";
  };
  if (isQonnxDomain(node.domain())) {
    if (op == "Quant" || op == "IntQuant")
      return importQuant(node, b);
    if (op == "BipolarQuant")
      return importBipolarQuant(node, b);
    if (op == "MultiThreshold")
      return importMultiThreshold(node, b);
    if (op == "Trunc")
      return importTrunc(node, b);
    return unsupported();
  }
  if (node.domain() == kQnnDomain)
    return importScheme(node, b);
  if (!isOnnxDomain(node.domain()))
    return unsupported();
  auto fail = [&]() { return nodeError(node); };
  auto intAttr = [&](StringRef name, int64_t init) {
    for (const auto &a : node.attribute())
      if (a.name() == name)
        return int64_t(a.i());
    return init;
  };
  auto floatAttr = [&](StringRef name, float init) {
    for (const auto &a : node.attribute())
      if (a.name() == name)
        return a.f();
    return init;
  };
  auto define = [&](Value v) {
    values[node.output(0)] = v;
    return success();
  };
  auto f32Input = [&](int i) -> FailureOr<Value> {
    FailureOr<Value> v = input(node, i, b);
    if (succeeded(v) &&
        !cast<RankedTensorType>(v->getType()).getElementType().isF32())
      return fail() << "input " << i << " must be f32";
    return v;
  };

  if (op == "QuantizeLinear" || op == "DequantizeLinear")
    return importQDQ(node, b);
  if (op == "QLinearConv" || op == "QLinearMatMul")
    return importQLinear(node, b);
  if (op == "ConvInteger" || op == "MatMulInteger" ||
      op == "DynamicQuantizeLinear")
    return importIntegerOps(node, b);
  // Shape arithmetic on static shapes is evaluated here.
  if (op == "Shape") {
    FailureOr<Value> x = input(node, 0, b);
    if (failed(x))
      return failure();
    ArrayRef<int64_t> shape =
        cast<RankedTensorType>(logical(b, *x).getType()).getShape();
    int64_t rank = int64_t(shape.size());
    auto bound = [&](int64_t v) {
      return std::clamp<int64_t>(v < 0 ? v + rank : v, 0, rank);
    };
    int64_t start = bound(intAttr("start", 0)),
            end = bound(intAttr("end", rank));
    SmallVector<int64_t> dims(shape.begin() + start,
                              shape.begin() + std::max(start, end));
    return define(arith::ConstantOp::create(
        b, DenseElementsAttr::get(
               RankedTensorType::get({int64_t(dims.size())}, b.getI64Type()),
               ArrayRef<int64_t>(dims))));
  }
  if (::qnn::onnx_import::isFoldable(op)) {
    SmallVector<DenseElementsAttr> constants;
    bool allConstant = true;
    for (const std::string &name : node.input()) {
      if (name.empty()) {
        constants.push_back({});
        continue;
      }
      // (A constant held in NHWC goes back to ONNX's layout, as a constant.)
      Value v = values.lookup(name);
      auto c = v && v.getDefiningOp<arith::ConstantOp>()
                   ? logical(b, v).getDefiningOp<arith::ConstantOp>()
                   : nullptr;
      if (!c) {
        allConstant = false;
        break;
      }
      constants.push_back(cast<DenseElementsAttr>(c.getValue()));
    }
    if (allConstant) {
      std::string error;
      std::optional<DenseElementsAttr> folded =
          ::qnn::onnx_import::foldNode(node, constants, opset, error);
      if (!folded)
        return fail() << error;
      return define(arith::ConstantOp::create(b, *folded));
    }
    if (op == "Cast") {
      // At run time, only the cast of f32 to FLOAT (a no-op) is supported.
      FailureOr<Value> x = input(node, 0, b);
      if (failed(x))
        return failure();
      if (intAttr("to", 0) != onnx::TensorProto::FLOAT ||
          !cast<RankedTensorType>(x->getType()).getElementType().isF32())
        return fail() << "only casts of f32 values to FLOAT, and casts of "
                         "constants, are supported";
      return define(*x);
    }
    if (op != "Add" && op != "Sub" && op != "Mul" && op != "Div" &&
        op != "Concat")
      return fail() << "qnn evaluates " << op
                    << " at import (static shapes), which needs constant "
                       "inputs";
  }
  // Codes (QuantizeLinear outputs, INT8 / UINT8 tensors) feed nothing but
  // DequantizeLinear.
  for (const std::string &in : node.input()) {
    Value v = values.lookup(in);
    if (codeTensors.count(in) ||
        (v && mlir::qnn::getQuantizedElementType(v.getType())))
      return fail() << "input '" << in
                    << "' holds integer codes, which only DequantizeLinear "
                       "reads";
  }
  if (op == "Conv")
    return importConv(node, b);
  if (op == "MaxPool")
    return importMaxPool(node, b);
  if (op == "Identity") {
    FailureOr<Value> x = input(node, 0, b);
    return failed(x) ? failure() : define(*x);
  }
  if (op == "Relu") {
    FailureOr<Value> x = f32Input(0);
    if (failed(x))
      return failure();
    Value y = tosa::ClampOp::create(
        b, x->getType(), *x, b.getF32FloatAttr(0.0f),
        b.getF32FloatAttr(std::numeric_limits<float>::infinity()),
        tosa::NanPropagationModeAttr::get(ctx,
                                          tosa::NanPropagationMode::PROPAGATE));
    return defineOutput(node, y, *x);
  }
  if (op == "Add" || op == "Sub" || op == "Mul") {
    FailureOr<Value> x = f32Input(0), y = f32Input(1);
    if (failed(x) || failed(y))
      return failure();
    FailureOr<Value> result = binary(b, node, op, *x, *y);
    return failed(result) ? failure() : define(*result);
  }
  if (op == "BatchNormalization") {
    // Inference form, folded into one multiply and one add per channel:
    // a = scale / sqrt(var + epsilon), c = B - mean * a, in double, each
    // rounded once to f32.
    FailureOr<Value> x = f32Input(0);
    SmallVector<DenseElementsAttr> params;
    for (int i = 1; i <= 4; ++i) {
      FailureOr<DenseElementsAttr> p = constantInput(node, i);
      if (failed(p))
        return failure();
      params.push_back(*p);
    }
    if (failed(x))
      return failure();
    if (node.output_size() > 1)
      return fail() << "training outputs (running mean and variance) are "
                       "not supported";
    auto xt = cast<RankedTensorType>(x->getType());
    int64_t channels = nhwc.contains(*x)
                           ? xt.getDimSize(3)
                           : (xt.getRank() > 1 ? xt.getDimSize(1) : 1);
    for (DenseElementsAttr p : params)
      if (p.getNumElements() != channels)
        return fail() << "scale, B, mean and var must have one value per "
                         "channel ("
                      << channels << ")";
    double epsilon = floatAttr("epsilon", 1e-5f);
    SmallVector<float> as, cs;
    auto get = [&](int i, int64_t c) {
      return params[size_t(i)].getValues<APFloat>()[c].convertToDouble();
    };
    for (int64_t c = 0; c < channels; ++c) {
      double a = get(0, c) / std::sqrt(get(3, c) + epsilon);
      as.push_back(float(a));
      cs.push_back(float(get(1, c) - get(2, c) * a));
    }
    SmallVector<int64_t> shape(xt.getRank(), 1);
    if (xt.getRank() > 1)
      shape[1] = channels;
    auto pType = RankedTensorType::get(shape, b.getF32Type());
    FailureOr<Value> scaled =
        binary(b, node, "Mul", *x,
               arith::ConstantOp::create(
                   b, DenseElementsAttr::get(pType, ArrayRef(as))));
    if (failed(scaled))
      return failure();
    FailureOr<Value> shifted =
        binary(b, node, "Add", *scaled,
               arith::ConstantOp::create(
                   b, DenseElementsAttr::get(pType, ArrayRef(cs))));
    return failed(shifted) ? failure() : define(*shifted);
  }
  if (op == "Clip") {
    FailureOr<Value> x = f32Input(0);
    if (failed(x))
      return failure();
    float lo = -std::numeric_limits<float>::infinity(),
          hi = std::numeric_limits<float>::infinity();
    if (opset < 11) {
      lo = floatAttr("min", lo);
      hi = floatAttr("max", hi);
    } else {
      for (int i : {1, 2}) {
        if (node.input_size() <= i || node.input(i).empty())
          continue;
        FailureOr<DenseElementsAttr> bound = constantInput(node, i);
        if (failed(bound))
          return failure();
        if (bound->getNumElements() != 1)
          return fail() << "min and max must be scalars";
        (i == 1 ? lo : hi) =
            (*bound->getValues<APFloat>().begin()).convertToFloat();
      }
    }
    Value y = tosa::ClampOp::create(
        b, x->getType(), *x, b.getF32FloatAttr(lo), b.getF32FloatAttr(hi),
        tosa::NanPropagationModeAttr::get(ctx,
                                          tosa::NanPropagationMode::PROPAGATE));
    return defineOutput(node, y, *x);
  }
  if (op == "LeakyRelu") {
    // max(x, alpha * x), which is x for x >= 0 and alpha * x below when
    // 0 <= alpha <= 1.
    FailureOr<Value> x = f32Input(0);
    if (failed(x))
      return failure();
    float alpha = floatAttr("alpha", 0.01f);
    if (!(alpha >= 0.0f && alpha <= 1.0f))
      return fail() << "alpha " << shortNumber(alpha) << " is outside [0, 1]";
    auto xt = cast<RankedTensorType>(x->getType());
    Value shift = mulShift(b, b.getLoc());
    Value a = arith::ConstantOp::create(
        b, DenseElementsAttr::get(
               RankedTensorType::get(SmallVector<int64_t>(xt.getRank(), 1),
                                     b.getF32Type()),
               b.getF32FloatAttr(alpha)));
    Value scaled = tosa::MulOp::create(b, xt, *x, a, shift);
    Value y =
        tosa::MaximumOp::create(b, xt, *x, scaled,
                                tosa::NanPropagationModeAttr::get(
                                    ctx, tosa::NanPropagationMode::PROPAGATE));
    return defineOutput(node, y, *x);
  }
  if (op == "Div") {
    // Exact f32 division; a constant divisor is broadcast at import.
    FailureOr<Value> x = f32Input(0), y = f32Input(1);
    if (failed(x) || failed(y))
      return failure();
    // Operands in different layouts meet in ONNX's; a constant 4-D
    // divisor of an NHWC dividend is transposed at import.
    if (nhwc.contains(*x) != nhwc.contains(*y)) {
      if (y->getDefiningOp<arith::ConstantOp>() &&
          cast<RankedTensorType>(y->getType()).getRank() == 4) {
        y = asNHWC(b, *y);
      } else if (!y->getDefiningOp<arith::ConstantOp>()) {
        x = logical(b, *x);
        y = logical(b, *y);
      }
    }
    auto xt = cast<RankedTensorType>(x->getType());
    Value divisor = *y;
    if (divisor.getType() != xt) {
      auto c = divisor.getDefiningOp<arith::ConstantOp>();
      auto attr =
          c ? dyn_cast<DenseElementsAttr>(c.getValue()) : DenseElementsAttr();
      if (!attr || !attr.isSplat())
        return fail() << "the divisor must have the dividend's shape or be "
                         "a scalar constant";
      divisor = arith::ConstantOp::create(b, attr.resizeSplat(xt));
    }
    return defineOutput(node, arith::DivFOp::create(b, *x, divisor), *x);
  }
  if (op == "AveragePool") {
    // Padding is excluded from the divisor (count_include_pad = 0, TOSA's
    // rule) or padded with zeros first and counted (count_include_pad = 1).
    FailureOr<Value> x = f32Input(0);
    if (failed(x))
      return failure();
    if (cast<RankedTensorType>(x->getType()).getRank() != 4)
      return fail() << "only 2-D pooling of NCHW tensors is supported";
    SmallVector<int64_t> kernel, strides = {1, 1}, pads = {0, 0, 0, 0};
    bool countPad = false;
    for (const auto &a : node.attribute()) {
      SmallVector<int64_t> v(a.ints().begin(), a.ints().end());
      if (a.name() == "kernel_shape" && v.size() == 2)
        kernel = v;
      else if (a.name() == "strides" && v.size() == 2)
        strides = v;
      else if (a.name() == "pads" && v.size() == 4)
        pads = v;
      else if (a.name() == "count_include_pad")
        countPad = a.i() != 0;
      else if ((a.name() == "auto_pad" &&
                (a.s() == "NOTSET" || a.s() == "VALID")) ||
               (a.name() == "ceil_mode" && a.i() == 0) ||
               (a.name() == "dilations" &&
                llvm::all_of(v, [](int64_t d) { return d == 1; })))
        continue;
      else
        return fail() << "attribute '" << a.name()
                      << "' has a value qnn does not support (ceil_mode, "
                         "dilations and auto_pad SAME are not)";
    }
    if (kernel.empty())
      return fail() << "kernel_shape must have 2 values";
    Value xn = asNHWC(b, *x);
    auto nt = cast<RankedTensorType>(xn.getType());
    if (countPad && llvm::any_of(pads, [](int64_t p) { return p != 0; })) {
      Value zero = f32Constant(b, b.getLoc(), 0.0f);
      xn = tosa::PadOp::create(
          b,
          RankedTensorType::get(
              {nt.getDimSize(0), nt.getDimSize(1) + pads[0] + pads[2],
               nt.getDimSize(2) + pads[1] + pads[3], nt.getDimSize(3)},
              b.getF32Type()),
          xn,
          tosa::getTosaConstShape(
              b, {0, 0, pads[0], pads[2], pads[1], pads[3], 0, 0}),
          zero);
      nt = cast<RankedTensorType>(xn.getType());
      pads = {0, 0, 0, 0};
    }
    int64_t oh = (nt.getDimSize(1) + pads[0] + pads[2] - kernel[0]) /
                     strides[0] +
                 1,
            ow = (nt.getDimSize(2) + pads[1] + pads[3] - kernel[1]) /
                     strides[1] +
                 1;
    if (failed(trimEndPadding(pads, {nt.getDimSize(1), nt.getDimSize(2)},
                              kernel, strides)))
      return fail() << "input rows or columns past the last window are not "
                       "supported";
    // TOSA order: top, bottom, left, right.
    SmallVector<int64_t> tosaPads = {pads[0], pads[2], pads[1], pads[3]};
    Value zp = f32Constant(b, b.getLoc(), 0.0f);
    Value y = tosa::AvgPool2dOp::create(
        b,
        RankedTensorType::get({nt.getDimSize(0), oh, ow, nt.getDimSize(3)},
                              b.getF32Type()),
        xn, zp, zp, b.getDenseI64ArrayAttr(kernel),
        b.getDenseI64ArrayAttr(strides), b.getDenseI64ArrayAttr(tosaPads),
        TypeAttr::get(b.getF32Type()));
    nhwc.insert(y);
    return defineOutput(node, y);
  }
  if (op == "Transpose") {
    FailureOr<Value> x = input(node, 0, b);
    if (failed(x))
      return failure();
    Value v = logical(b, *x);
    int64_t rank = cast<RankedTensorType>(v.getType()).getRank();
    SmallVector<int32_t> perm;
    for (const auto &a : node.attribute())
      if (a.name() == "perm")
        perm.assign(a.ints().begin(), a.ints().end());
    if (perm.empty())
      for (int64_t d = rank - 1; d >= 0; --d)
        perm.push_back(int32_t(d));
    SmallVector<int32_t> sorted(perm);
    llvm::sort(sorted);
    for (auto [i, p] : llvm::enumerate(sorted))
      if (int64_t(sorted.size()) != rank || p != int32_t(i))
        return fail() << "perm is not a permutation of the " << rank
                      << " dimensions";
    Value requantized = transposeQuantized(b, v, perm);
    return define(requantized ? requantized : transpose(b, v, perm));
  }
  if (op == "Squeeze" || op == "Unsqueeze") {
    FailureOr<Value> x = input(node, 0, b);
    if (failed(x))
      return failure();
    Value v = logical(b, *x);
    auto t = cast<RankedTensorType>(v.getType());
    SmallVector<int64_t> axes;
    if (opset < 13) {
      for (const auto &a : node.attribute())
        if (a.name() == "axes")
          axes.assign(a.ints().begin(), a.ints().end());
    } else if (node.input_size() > 1 && !node.input(1).empty()) {
      FailureOr<DenseElementsAttr> attr = constantInput(node, 1);
      if (failed(attr))
        return failure();
      for (const APInt &a : attr->getValues<APInt>())
        axes.push_back(a.getSExtValue());
    }
    int64_t outRank = op == "Squeeze" ? t.getRank() - int64_t(axes.size())
                                      : t.getRank() + int64_t(axes.size());
    SmallVector<bool> marked(op == "Squeeze" ? t.getRank() : outRank, false);
    for (int64_t a : axes) {
      int64_t d = a < 0 ? a + int64_t(marked.size()) : a;
      if (d < 0 || d >= int64_t(marked.size()) || marked[d])
        return fail() << "axis " << a << " is out of range or repeated";
      marked[d] = true;
    }
    SmallVector<int64_t> shape;
    if (op == "Squeeze") {
      for (int64_t d = 0; d < t.getRank(); ++d) {
        bool drop = axes.empty() ? t.getDimSize(d) == 1 : marked[d];
        if (drop && t.getDimSize(d) != 1)
          return fail() << "dimension " << d << " has size " << t.getDimSize(d)
                        << ", not 1";
        if (!drop)
          shape.push_back(t.getDimSize(d));
      }
    } else {
      if (axes.empty())
        return fail() << "axes are required";
      int64_t next = 0;
      for (int64_t d = 0; d < outRank; ++d)
        shape.push_back(marked[d] ? 1 : t.getDimSize(next++));
    }
    return define(reshapeQuantized(b, v, shape));
  }
  if (op == "Concat") {
    int64_t axis = intAttr("axis", 0);
    SmallVector<Value> inputs;
    for (int i = 0; i < node.input_size(); ++i) {
      FailureOr<Value> v = f32Input(i);
      if (failed(v))
        return failure();
      inputs.push_back(logical(b, *v));
    }
    auto first = cast<RankedTensorType>(inputs.front().getType());
    if (axis < 0)
      axis += first.getRank();
    if (axis < 0 || axis >= first.getRank())
      return fail() << "axis " << intAttr("axis", 0) << " out of range";
    SmallVector<int64_t> shape(first.getShape());
    shape[axis] = 0;
    for (Value v : inputs) {
      auto t = cast<RankedTensorType>(v.getType());
      for (int64_t d = 0; d < first.getRank(); ++d)
        if (d != axis && (t.getRank() != first.getRank() ||
                          t.getDimSize(d) != first.getDimSize(d)))
          return fail() << "inputs differ outside the concatenated axis";
      shape[axis] += t.getDimSize(axis);
    }
    return define(
        tosa::ConcatOp::create(b, RankedTensorType::get(shape, b.getF32Type()),
                               inputs, b.getI32IntegerAttr(int32_t(axis))));
  }
  if (op == "GlobalAveragePool") {
    FailureOr<Value> x = f32Input(0);
    if (failed(x))
      return failure();
    if (cast<RankedTensorType>(x->getType()).getRank() != 4)
      return fail() << "only 2-D pooling of NCHW tensors is supported";
    Value xn = asNHWC(b, *x);
    auto nt = cast<RankedTensorType>(xn.getType());
    Value zp = f32Constant(b, b.getLoc(), 0.0f);
    Value y = tosa::AvgPool2dOp::create(
        b,
        RankedTensorType::get({nt.getDimSize(0), 1, 1, nt.getDimSize(3)},
                              b.getF32Type()),
        xn, zp, zp,
        b.getDenseI64ArrayAttr({nt.getDimSize(1), nt.getDimSize(2)}),
        b.getDenseI64ArrayAttr({1, 1}), b.getDenseI64ArrayAttr({0, 0, 0, 0}),
        TypeAttr::get(b.getF32Type()));
    nhwc.insert(y);
    return define(y);
  }
  if (op == "MatMul" || op == "Gemm") {
    FailureOr<Value> a = f32Input(0), w = f32Input(1);
    if (failed(a) || failed(w))
      return failure();
    a = logical(b, *a);
    w = logical(b, *w);
    auto at = cast<RankedTensorType>(a->getType()),
         wt = cast<RankedTensorType>(w->getType());
    if (at.getRank() != 2 || wt.getRank() != 2)
      return fail() << "only 2-D operands are supported, got " << at << " and "
                    << wt;
    bool transA = intAttr("transA", 0), transB = intAttr("transB", 0);
    if (op == "Gemm" && (transA || floatAttr("alpha", 1.0f) != 1.0f ||
                         floatAttr("beta", 1.0f) != 1.0f))
      return fail() << "only transA = 0, alpha = 1 and beta = 1 are supported";
    Value rhs = *w;
    if (transB) {
      Value requantized = transposeQuantized(b, rhs, {1, 0});
      rhs = requantized ? requantized : transpose(b, rhs, {1, 0});
    }
    auto rt = cast<RankedTensorType>(rhs.getType());
    int64_t m = at.getDimSize(0), k = at.getDimSize(1), n = rt.getDimSize(1);
    if (rt.getDimSize(0) != k)
      return fail() << "inner dimensions differ: " << at << " x " << rt;
    Value zp = f32Constant(b, b.getLoc(), 0.0f);
    Value y = tosa::MatMulOp::create(
        b, RankedTensorType::get({1, m, n}, b.getF32Type()),
        reshapeQuantized(b, *a, {1, m, k}), reshapeQuantized(b, rhs, {1, k, n}),
        zp, zp);
    y = reshape(b, y, {m, n});
    if (op == "Gemm" && node.input_size() > 2 && !node.input(2).empty()) {
      FailureOr<Value> c = f32Input(2);
      if (failed(c))
        return failure();
      Value lhs = y, bias = *c;
      if (failed(tosa::EqualizeRanks(b, lhs, bias)))
        return fail() << "bias does not broadcast";
      y = tosa::AddOp::create(b, y.getType(), lhs, bias);
    }
    return define(y);
  }
  if (op == "Flatten") {
    FailureOr<Value> x = input(node, 0, b);
    if (failed(x))
      return failure();
    x = logical(b, *x);
    auto xt = cast<RankedTensorType>(x->getType());
    int64_t axis = intAttr("axis", 1);
    if (axis < 0)
      axis += xt.getRank();
    if (axis < 0 || axis > xt.getRank())
      return fail() << "axis " << intAttr("axis", 1) << " out of range";
    int64_t outer = 1, inner = 1;
    for (int64_t d = 0; d < xt.getRank(); ++d)
      (d < axis ? outer : inner) *= xt.getDimSize(d);
    return define(reshapeQuantized(b, *x, {outer, inner}));
  }
  if (op == "Pad")
    return importPad(node, b);
  if (op == "Softmax")
    return importSoftmax(node, b);
  if (op == "ArgMax" || op == "TopK")
    return importArgMaxTopK(node, b);
  if (op == "Pow") {
    // x ^ y for a constant exponent: x * x for 2, tosa.pow otherwise.
    FailureOr<Value> x = f32Input(0);
    FailureOr<DenseElementsAttr> y = constantInput(node, 1);
    if (failed(x) || failed(y))
      return failure();
    if (!y->getElementType().isF32() || !y->isSplat())
      return fail() << "the exponent must be one f32 constant";
    auto xt = cast<RankedTensorType>(x->getType());
    if (y->getSplatValue<APFloat>().convertToDouble() == 2.0) {
      Value shift = mulShift(b, b.getLoc());
      return defineOutput(node, tosa::MulOp::create(b, xt, *x, *x, shift), *x);
    }
    Value exponent = arith::ConstantOp::create(
        b, y->resizeSplat(RankedTensorType::get(
               SmallVector<int64_t>(xt.getRank(), 1), b.getF32Type())));
    return defineOutput(node, tosa::PowOp::create(b, xt, *x, exponent), *x);
  }
  if (op == "Reshape") {
    FailureOr<Value> x = input(node, 0, b);
    FailureOr<DenseElementsAttr> shapeAttr = constantInput(node, 1);
    if (failed(x) || failed(shapeAttr))
      return failure();
    x = logical(b, *x);
    auto xt = cast<RankedTensorType>(x->getType());
    SmallVector<int64_t> shape;
    int64_t known = 1, inferred = -1;
    for (auto [i, v] : llvm::enumerate(shapeAttr->getValues<APInt>())) {
      int64_t d = v.getSExtValue();
      if (d == 0 && !intAttr("allowzero", 0)) {
        if (int64_t(i) >= xt.getRank())
          return fail() << "shape entry " << i << " copies a missing dimension";
        d = xt.getDimSize(int64_t(i));
      }
      if (d == -1) {
        if (inferred >= 0)
          return fail() << "more than one -1 in the shape";
        inferred = int64_t(i);
      } else if (d < 0) {
        return fail() << "invalid shape entry " << d;
      } else {
        known *= d;
      }
      shape.push_back(d);
    }
    if (inferred >= 0) {
      if (known == 0 || xt.getNumElements() % known != 0)
        return fail() << "cannot infer the -1 entry of the shape";
      shape[size_t(inferred)] = xt.getNumElements() / known;
    }
    auto result = RankedTensorType::get(shape, xt.getElementType());
    if (result.getNumElements() != xt.getNumElements())
      return fail() << "cannot reshape " << xt << " to " << result;
    return define(reshapeQuantized(b, *x, shape));
  }
  return unsupported();
}

OwningOpRef<ModuleOp> Importer::run() {
  for (const auto &set : model.opset_import())
    if (isOnnxDomain(set.domain()))
      opset = set.version();
  if (opset == 0)
    opset = model.ir_version() ? 1 : 0;
  if (opset < 9 || opset > 21) {
    emitError(fileLoc) << "unsupported ONNX opset " << opset
                       << " (qnn imports opsets 9 to 21)";
    return {};
  }
  const onnx::GraphProto &graph = model.graph();
  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  OpBuilder b(ctx);
  b.setInsertionPointToEnd(module->getBody());

  for (const auto &init : graph.initializer())
    initializers[init.name()] = &init;
  SmallVector<Type> argTypes;
  SmallVector<const onnx::ValueInfoProto *> args;
  for (const auto &in : graph.input()) {
    if (initializers.count(in.name()))
      continue; // an initializer listed as an input (older exporters)
    FailureOr<RankedTensorType> type = valueType(in);
    if (failed(type))
      return {};
    argTypes.push_back(*type);
    args.push_back(&in);
  }
  SmallVector<Type> resultTypes;
  for (const auto &out : graph.output()) {
    FailureOr<RankedTensorType> type = valueType(out, /*allowDynamic=*/true);
    if (failed(type))
      return {};
    resultTypes.push_back(*type);
  }
  auto func = func::FuncOp::create(b, fileLoc, "forward",
                                   b.getFunctionType(argTypes, resultTypes));
  Block *entry = func.addEntryBlock();
  for (auto [i, in] : llvm::enumerate(args)) {
    values[in->name()] = entry->getArgument(unsigned(i));
    if (std::optional<IntKind> kind =
            intKind(in->type().tensor_type().elem_type()))
      narrowInputs[entry->getArgument(unsigned(i))] = *kind;
    func.setArgAttr(unsigned(i), "qnn.name", b.getStringAttr(in->name()));
  }
  for (auto [i, out] : llvm::enumerate(graph.output()))
    func.setResultAttr(unsigned(i), "qnn.name", b.getStringAttr(out.name()));
  b.setInsertionPointToStart(entry);
  for (const auto &init : graph.initializer()) {
    if (intKind(init.data_type())) {
      codeTensors[init.name()] = &init;
      continue;
    }
    FailureOr<Value> c = constant(
        init, NameLoc::get(StringAttr::get(ctx, init.name()), fileLoc), b);
    if (failed(c))
      return {};
    values[init.name()] = *c;
  }
  for (const auto &node : graph.node()) {
    if (node.op_type() == "Constant" && isOnnxDomain(node.domain())) {
      const onnx::AttributeProto *value = nullptr;
      for (const auto &a : node.attribute())
        if (a.name() == "value" && a.has_t())
          value = &a;
      if (!value) {
        emitError(nodeLoc(node)) << "Constant node '" << node.name()
                                 << "': only the 'value' tensor form is "
                                    "supported";
        return {};
      }
      FailureOr<Value> c = constant(value->t(), nodeLoc(node), b);
      if (failed(c))
        return {};
      values[node.output(0)] = *c;
      continue;
    }
    if (failed(importNode(node, b)))
      return {};
  }
  SmallVector<Value> results;
  ImplicitLocOpBuilder ib(fileLoc, b);
  for (auto [i, out] : llvm::enumerate(graph.output())) {
    Value v = values.lookup(out.name());
    const bool integral = v && intValued.contains(v);
    if (v)
      v = logical(ib, v);
    // Integers held in f32 leave as the integer type ONNX declares.
    auto declared = cast<RankedTensorType>(resultTypes[i]);
    if (integral && isa<IntegerType>(declared.getElementType()) &&
        succeeded(verifyCompatibleShape(
            cast<RankedTensorType>(v.getType()).getShape(),
            declared.getShape())))
      v = tosa::CastOp::create(
          ib,
          RankedTensorType::get(cast<RankedTensorType>(v.getType()).getShape(),
                                declared.getElementType()),
          v);
    // Codes declared as INT8 ... UINT2 leave one per byte.
    std::optional<IntKind> kind = intKind(out.type().tensor_type().elem_type());
    auto quant = mlir::qnn::getQuantizedElementType(v.getType());
    if (kind && quant) {
      if (quant.getBits() != kind->bits || quant.isSigned() != kind->isSigned) {
        emitError(fileLoc) << "graph output '" << out.name() << "' is declared "
                           << dataTypeName(out.type().tensor_type().elem_type())
                           << " but holds codes of " << v.getType();
        return {};
      }
      auto shape = cast<RankedTensorType>(v.getType()).getShape();
      v = mlir::qnn::StorageCastOp::create(
          ib, RankedTensorType::get(shape, ib.getIntegerType(kind->bits)), v);
      if (kind->bits < 8) {
        auto wide = RankedTensorType::get(shape, ib.getI8Type());
        v = kind->isSigned ? Value(arith::ExtSIOp::create(ib, wide, v))
                           : Value(arith::ExtUIOp::create(ib, wide, v));
      }
    }
    if (!v) {
      emitError(fileLoc) << "graph output '" << out.name()
                         << "' is not produced by any node";
      return {};
    }
    // Dimensions the file leaves unknown are the computed ones.
    auto computed = cast<RankedTensorType>(v.getType());
    if (!declared.hasStaticShape() &&
        computed.getElementType() == declared.getElementType() &&
        succeeded(
            verifyCompatibleShape(computed.getShape(), declared.getShape())))
      resultTypes[i] = computed;
    if (v.getType() != resultTypes[i]) {
      emitError(fileLoc) << "graph output '" << out.name() << "' is declared "
                         << resultTypes[i] << " but computed as "
                         << v.getType();
      return {};
    }
    results.push_back(v);
  }
  func::ReturnOp::create(b, fileLoc, results);
  func.setFunctionType(b.getFunctionType(argTypes, resultTypes));
  // Values replaced on the way (a weight quantizer re-emitted on its
  // transposed constant, unused layout conversions) go.
  for (Operation &op : llvm::make_early_inc_range(llvm::reverse(*entry)))
    if (op.use_empty() && isMemoryEffectFree(&op) &&
        !op.hasTrait<OpTrait::IsTerminator>())
      op.erase();
  return module;
}

} // namespace

void mlir::qnn::registerImportONNX() {
  TranslateToMLIRRegistration importer(
      "import-onnx", "Import an ONNX / QONNX model (ModelProto) as qnn IR",
      [](const std::shared_ptr<llvm::SourceMgr> &sources,
         MLIRContext *ctx) -> OwningOpRef<Operation *> {
        const llvm::MemoryBuffer *buffer =
            sources->getMemoryBuffer(sources->getMainFileID());
        StringRef file = buffer->getBufferIdentifier();
        onnx::ModelProto model;
        if (buffer->getBufferSize() > size_t(std::numeric_limits<int>::max()) ||
            !model.ParseFromArray(buffer->getBufferStart(),
                                  int(buffer->getBufferSize())) ||
            !model.has_graph()) {
          emitError(FileLineColLoc::get(ctx, file, 0, 0))
              << "not a valid ONNX model: the file is corrupt, truncated or "
                 "not an ONNX ModelProto";
          return {};
        }
        ctx->loadDialect<arith::ArithDialect, func::FuncDialect,
                         math::MathDialect, tosa::TosaDialect,
                         mlir::qnn::QNNDialect>();
        return Importer(ctx, model, file).run();
      },
      [](DialectRegistry &registry) {
        registry
            .insert<arith::ArithDialect, func::FuncDialect, math::MathDialect,
                    tosa::TosaDialect, mlir::qnn::QNNDialect>();
      });
}
