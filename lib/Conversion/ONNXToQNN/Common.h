//===- Common.h - Helpers the ONNX handler families share -------*- C++ -*-===//
//
// Constants (dense and resource), NumPy broadcasting, elementwise
// linalg.generic ops, TOSA reshapes and layout transposes, and axis
// arithmetic, for the handlers of convert-onnx-to-qnn.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_LIB_CONVERSION_ONNXTOQNN_COMMON_H
#define QNN_LIB_CONVERSION_ONNXTOQNN_COMMON_H

#include "qnn/Conversion/ONNXToQNN/ONNXToQNN.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"

#include <cmath>
#include <optional>

namespace mlir::qnn::onnx_to_qnn {

//===--- Constants
//---------------------------------------------------------===//

/// The elements of `v` when it is a constant (dense or resource), else null.
ElementsAttr getConstantElements(Value v);
/// `attr` as a dense attribute (resource blobs read), or null when its
/// blob is not available.
DenseElementsAttr toDense(ElementsAttr attr);
/// The elements as int64 (integers, or floats holding integers); unsigned
/// integers zero-extended. Nullopt when unreadable or not integral.
std::optional<SmallVector<int64_t>> readInts(ElementsAttr attr,
                                             bool isUnsigned);
/// The elements as doubles.
std::optional<SmallVector<double>> readDoubles(ElementsAttr attr,
                                               bool isUnsigned);
/// An `arith.constant` of `attr` with signless integers (ONNX's si8 / ui8
/// become i8; a resource keeps its blob).
Value materializeConstant(OpBuilder &b, Location loc, ElementsAttr attr);
/// `v`, a constant held in a resource blob made a dense constant (what
/// qnn's quantizer folders read); other values as they are.
Value densified(ImplicitLocOpBuilder &b, Value v);
/// A constant tensor of `type` with every element `value`.
Value splat(ImplicitLocOpBuilder &b, RankedTensorType type, double value);
/// A rank-`rank` constant of ones-shape holding `value` (TOSA operands).
Value broadcastScalar(ImplicitLocOpBuilder &b, Type element, int64_t rank,
                      double value);
/// A scalar `arith.constant` of `element` (inside linalg bodies).
Value scalar(OpBuilder &b, Location loc, Type element, double value);
/// A constant tensor from doubles / int64 values.
Value constantOf(ImplicitLocOpBuilder &b, RankedTensorType type,
                 ArrayRef<double> values);
Value constantOfInts(ImplicitLocOpBuilder &b, RankedTensorType type,
                     ArrayRef<int64_t> values);

//===--- Shapes
//------------------------------------------------------------===//

/// NumPy's multidirectional broadcast of `shapes`, or nullopt.
std::optional<SmallVector<int64_t>>
broadcastShapes(ArrayRef<ArrayRef<int64_t>> shapes);
/// An axis in [-rank, rank) made non-negative; nullopt when out of range.
std::optional<int64_t> normalizeAxis(int64_t axis, int64_t rank);
/// The number of elements of `shape`, saturated at INT64_MAX.
int64_t numElements(ArrayRef<int64_t> shape);

/// `x` reshaped (tosa.reshape; tensor.reshape for empty tensors).
Value reshape(ImplicitLocOpBuilder &b, Value x, ArrayRef<int64_t> shape);
/// `x` with its dimensions permuted (tosa.transpose).
Value transpose(ImplicitLocOpBuilder &b, Value x, ArrayRef<int32_t> perm);
/// NCHW <-> NHWC (and the 1-D / 3-D analogues: channels last).
SmallVector<int32_t> channelsLastPerm(int64_t rank);
SmallVector<int32_t> channelsFirstPerm(int64_t rank);
/// `x` broadcast to `shape` (NumPy rules).
Value broadcastTo(ImplicitLocOpBuilder &b, Value x, ArrayRef<int64_t> shape);
/// `x` with leading ones added up to `rank` (TOSA's equal-rank operands).
Value padRank(ImplicitLocOpBuilder &b, Value x, int64_t rank);

//===--- Elementwise
//-------------------------------------------------------===//

/// Builds one scalar result from the scalar operands.
/// The maps reading `inputs` broadcast (NumPy rules: trailing dimensions
/// aligned, size 1 repeated) over the iteration space `shape`.
SmallVector<AffineMap> broadcastMaps(MLIRContext *ctx, ValueRange inputs,
                                     ArrayRef<int64_t> shape);
using ScalarFn = function_ref<Value(OpBuilder &, Location, ValueRange)>;

/// A linalg.generic computing `fn` over `inputs` broadcast (NumPy rules) to
/// `shape`, with `resultElement` results.
Value elementwise(ImplicitLocOpBuilder &b, ValueRange inputs,
                  ArrayRef<int64_t> shape, Type resultElement, ScalarFn fn);
/// The same with the broadcast shape computed; an error on the node when
/// the inputs do not broadcast.
FailureOr<Value> broadcastElementwise(NodeBinder &n, ValueRange inputs,
                                      Type resultElement, ScalarFn fn);
/// Builds the source indices (index-typed) of one output element from its
/// indices.
using IndexFn =
    function_ref<SmallVector<Value>(OpBuilder &, Location, ValueRange)>;
/// A tensor of `shape` whose element at i is `source[fn(i)]` (a
/// linalg.generic reading `source` with tensor.extract): the data movement
/// of Slice with steps, Tile, Pad's modes, Gather, Resize. The indices
/// `fn` returns must be in range.
Value gatherByIndex(ImplicitLocOpBuilder &b, Value source,
                    ArrayRef<int64_t> shape, IndexFn fn,
                    ValueRange extraInputs = {});

/// `v` converted to `to` (scalars): float <-> float, int <-> float (with
/// the given signedness), int widths; bool is 0 / 1.
Value convertScalar(OpBuilder &b, Location loc, Value v, Type to,
                    bool fromUnsigned, bool toUnsigned = false);

/// The elements a Slice node reads from a tensor of `shape`, per
/// dimension: begin, count and step (negative steps go backward).
struct SliceBounds {
  SmallVector<int64_t> begin, count, step;
};
/// Reads a Slice node's starts, ends, axes and steps (attributes before
/// opset 10, constant inputs from 10) and clamps them as ONNX does.
FailureOr<SliceBounds> resolveSlice(NodeBinder &n, ArrayRef<int64_t> shape);

//===--- Layers the families share ----------------------------------------===//

/// Conv(x, w, bias) with the node's Conv attributes (ConvPool.cpp); `bias`
/// may be null. Also reads QLinearConv's attributes, which are Conv's.
FailureOr<Value> buildConv(NodeBinder &n, Value x, Value w, Value bias);
/// AveragePool of f32 `x` (channels first) with AveragePool-11's attributes
/// (ConvPool.cpp): kernel_shape, strides, pads, auto_pad, ceil_mode,
/// count_include_pad. QLinearAveragePool reads them.
FailureOr<Value> buildAveragePool(NodeBinder &n, Value x);
/// ConvInteger's exact i32 convolution of integer operands already
/// offset by their zero points, held in i32 (ConvPool.cpp).
FailureOr<Value> buildIntegerConv(NodeBinder &n, Value x, Value w);
/// NumPy matmul of `a` and `w` (MatMul.cpp): 1-D operands, broadcast
/// batch dimensions; accumulates in i32 when `accumulate` is given.
FailureOr<Value> buildMatMul(NodeBinder &n, Value a, Value w);

//===--- Data types -------------------------------------------------------===//

/// The element type (signedness kept: si8, ui8, i1, ...) of an ONNX
/// TensorProto data type code (an attribute such as EyeLike's `dtype`);
/// null for codes qnn does not compute with.
Type elementTypeOfDataType(MLIRContext *ctx, int64_t code);

//===--- Channels-first layers for channels-last wrappers ----------------===//

/// `opType` (MaxPool, AveragePool or LpPool) of `x`, channels first, with
/// the node's attributes as the operator's definition `since` reads them
/// (ConvPool.cpp): the pooled values (MaxPool's Indices not computed).
FailureOr<Value> buildPool(NodeBinder &n, Value x, StringRef opType,
                           int64_t since);
/// BatchNormalization of `x`, channels first, with the node's attributes
/// and inputs 1-4 as its since-version reads them (Normalization.cpp): Y;
/// in training mode the running mean and variance outputs are defined too.
FailureOr<Value> buildBatchNorm(NodeBinder &n, Value x);

/// A FINN / QONNX DataType (qonnx.core.datatype), by the values it allows.
struct FinnDataType {
  enum class Kind { Float, Int, Bipolar, Ternary, Fixed, ScaledInt, MiniFloat };
  Kind kind = Kind::Float;
  unsigned bits = 0;
  /// Fixed: the integer bits of FIXED<bits, intBits>.
  int64_t intBits = 0;
  bool isSigned = false;

  /// The type QONNX resolves `name` to; nullopt for a name it does not.
  static std::optional<FinnDataType> parse(StringRef name);

  /// The integer range of Int (and of Fixed's scaled values).
  double min() const {
    return isSigned ? -std::ldexp(1.0, int(bits) - 1) : 0.0;
  }
  double max() const {
    return isSigned ? std::ldexp(1.0, int(bits) - 1) - 1
                    : std::ldexp(1.0, int(bits)) - 1;
  }
  /// Whether `v` is one of the type's values. Float types, SCALEDINT and
  /// the minifloats FLOAT<e,m,b> are not checked (any value passes).
  bool allows(double v) const {
    switch (kind) {
    case Kind::Int:
      return v == std::floor(v) && v >= min() && v <= max();
    case Kind::Bipolar:
      return v == -1 || v == 1;
    case Kind::Ternary:
      return v == -1 || v == 0 || v == 1;
    case Kind::Fixed: {
      double scaled = std::ldexp(v, int(bits) - int(intBits));
      return scaled == std::floor(scaled) && scaled >= min() && scaled <= max();
    }
    default:
      return true;
    }
  }
  /// Whether values of the type are codes of at most 8 bits.
  bool isNarrowInteger() const {
    return (kind == Kind::Int && bits <= 8) || kind == Kind::Bipolar ||
           kind == Kind::Ternary;
  }
};

} // namespace mlir::qnn::onnx_to_qnn

#endif // QNN_LIB_CONVERSION_ONNXTOQNN_COMMON_H
