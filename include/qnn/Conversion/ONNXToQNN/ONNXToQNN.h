//===- ONNXToQNN.h - ONNX nodes to TOSA, linalg and qnn ---------*- C++ -*-===//
//
// This file declares the interface of convert-onnx-to-qnn: the registry of
// operator handlers keyed by (domain, operator type, since-version) and the
// binder through which a handler reads one node's inputs and attributes and
// defines its outputs. Handlers live in lib/Conversion/ONNXToQNN, one file
// per operator family; docs/ONNX.md ("Adding an operator") walks through
// writing one.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_CONVERSION_ONNXTOQNN_ONNXTOQNN_H
#define QNN_CONVERSION_ONNXTOQNN_ONNXTOQNN_H

#include "qnn/Dialect/ONNX/IR/ONNXDialect.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/Pass/Pass.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <functional>
#include <map>

namespace mlir::qnn {

#define GEN_PASS_DECL_CONVERTONNXTOQNN
#include "qnn/Conversion/Passes.h.inc"

namespace onnx_to_qnn {

class NodeBinder;

/// Converts one node; errors go through the binder.
using Handler = std::function<LogicalResult(NodeBinder &)>;

/// The state of a conversion that outlives one node: converted values and
/// the ONNX element type (signedness included) of each.
struct ConversionState {
  /// Original (onnx dialect) value -> converted value; null for absent
  /// optional inputs.
  DenseMap<Value, Value> converted;
  /// Converted value -> its ONNX element type (si8, ui8, i1, f32, ...).
  DenseMap<Value, Type> onnxElementTypes;
  /// Elements the constant folder has read and written so far: it stops at
  /// a budget (ConstantFolding.cpp), so that compile time and the memory
  /// of folded constants stay bounded however many nodes fold.
  int64_t foldedElements = 0;
};

/// What one handler sees of one `onnx.node`: typed access to its inputs and
/// attributes, and the definition of its outputs. Every attribute a handler
/// does not read is an error after it returns (nothing is ignored
/// silently). Errors name the node ("Conv node 'conv1': ...").
class NodeBinder {
public:
  NodeBinder(onnx_ir::NodeOp node, int64_t since, ConversionState &state);

  /// The builder, at the node, with the node's location.
  ImplicitLocOpBuilder b;

  onnx_ir::NodeOp node() const { return op; }
  StringRef opType() const { return op.getOpType(); }
  /// The opset version the model imports for the node's domain.
  int64_t opset() const { return op.getVersion(); }
  /// The since-version of the definition the node is read by.
  int64_t since() const { return sinceVersion; }

  /// An error about the node, its message started.
  InFlightDiagnostic error();

  //===--- Inputs --------------------------------------------------------===//
  /// The number of inputs the node lists (absent optional ones included).
  unsigned numInputs() const { return op.getNumOperands(); }
  /// Whether input `i` is given (listed and not empty).
  bool has(unsigned i) const;
  /// Input `i`, which must be given; an error otherwise.
  FailureOr<Value> input(unsigned i);
  /// Input `i`, or null when absent.
  Value optionalInput(unsigned i);
  /// The ranked tensor type of a converted value.
  static RankedTensorType typeOf(Value v) {
    return cast<RankedTensorType>(v.getType());
  }
  /// The ONNX element type of input `i` (si8 and ui8 distinguished).
  Type onnxElementType(unsigned i);
  /// The ONNX element type of a converted value.
  Type onnxElementTypeOf(Value v);
  /// Whether input `i` holds unsigned integers.
  bool isUnsigned(unsigned i);
  /// The converted value of `original`, a value of the onnx graph that an
  /// earlier node, a constant or an argument defines; null when it has none.
  /// A handler that reads a chain of nodes as one operation
  /// (QuantizeLinear -> Clip -> DequantizeLinear) reaches the chain's
  /// inputs with it.
  Value converted(Value original) const;
  /// The value of input `i` when it is a compile-time constant.
  ElementsAttr constant(unsigned i);
  /// Input `i`'s value, which must be known at compile time (`what` names
  /// it in the error).
  FailureOr<ElementsAttr> requireConstant(unsigned i, StringRef what);
  /// Integer (or integral float) constant input `i` as int64 values.
  FailureOr<SmallVector<int64_t>> constantInts(unsigned i, StringRef what);
  /// Constant input `i` as doubles.
  FailureOr<SmallVector<double>> constantFloats(unsigned i, StringRef what);

  //===--- Attributes ----------------------------------------------------===//
  /// Each reads (and consumes) an attribute, with a default when absent.
  /// A value of the wrong ONNX type is an error.
  bool hasAttr(StringRef name) const;
  int64_t i64(StringRef name, int64_t init);
  float f32(StringRef name, float init);
  std::string str(StringRef name, StringRef init);
  SmallVector<int64_t> i64s(StringRef name, ArrayRef<int64_t> init = {});
  SmallVector<float> f32s(StringRef name, ArrayRef<float> init = {});
  SmallVector<std::string> strs(StringRef name);
  /// A TENSOR attribute, or null.
  ElementsAttr tensor(StringRef name);
  /// Marks an attribute read without reading it (one whose every value
  /// means the same to qnn, such as a documentation string).
  void ignore(StringRef name);
  /// Whether an attribute access failed (wrong type): the node fails.
  bool failed() const { return attributeFailed; }

  //===--- Outputs -------------------------------------------------------===//
  unsigned numOutputs() const { return op.getNumResults(); }
  /// Whether output `i` is listed and used.
  bool outputUsed(unsigned i) const;
  /// Defines output `i`. `onnxElement` is its ONNX element type; by
  /// default the value's own, with integers taking input 0's signedness
  /// when it has the same width (signed otherwise).
  LogicalResult output(unsigned i, Value v, Type onnxElement = {});
  /// Defines outputs 0, 1, ... in order.
  LogicalResult outputs(ValueRange vs);

  /// After the handler: every attribute consumed and every listed output
  /// defined. Reports the first violation.
  LogicalResult finish();

  /// The state shared by the nodes of one conversion.
  ConversionState &conversionState() { return state; }

private:
  mutable onnx_ir::NodeOp op;
  int64_t sinceVersion;
  ConversionState &state;
  llvm::StringSet<> consumed;
  SmallVector<Value> defined;
  bool attributeFailed = false;

  Attribute attr(StringRef name);
  InFlightDiagnostic attrError(StringRef name, StringRef expected);
};

/// The handlers: one per (domain, operator type), each reading a list of
/// since-versions of the operator's definition.
class OpRegistry {
public:
  /// Registers `handler` for `opType` in `domain`, reading the definitions
  /// of `since` (a subset of the operator's since-versions in the ONNX
  /// changelog, for the default domain).
  void add(StringRef domain, StringRef opType, ArrayRef<int64_t> since,
           Handler handler);
  /// `add` in the default domain ("ai.onnx").
  void add(StringRef opType, ArrayRef<int64_t> since, Handler handler) {
    add("ai.onnx", opType, since, std::move(handler));
  }

  struct Entry {
    SmallVector<int64_t> since;
    Handler handler;
    /// The operator family (the handler's file): "Elementwise", ...
    std::string family;
  };
  /// The family the following `add`s register into.
  void setFamily(StringRef name) { family = name.str(); }
  /// The entry of (domain, opType), or null.
  const Entry *lookup(StringRef domain, StringRef opType) const;
  /// Every registered operator, domain by domain (docs, tests).
  const std::map<std::string, std::map<std::string, Entry>> &entries() const {
    return table;
  }

private:
  std::map<std::string, std::map<std::string, Entry>> table;
  std::string family;
};

/// The registry with every handler qnn has.
const OpRegistry &getDefaultRegistry();

/// The since-versions of a default-domain operator in the ONNX changelog
/// (opsets 1 to kLatestOpset); empty for an operator ONNX does not define.
ArrayRef<int64_t> getSinceVersions(StringRef opType);
/// The newest default-domain opset whose changes qnn knows.
constexpr int64_t kLatestOpset = 28;

/// Converts one node with the registry: picks the since-version its opset
/// reads, folds constant shape arithmetic, runs the handler.
LogicalResult convertNode(onnx_ir::NodeOp node, const OpRegistry &registry,
                          ConversionState &state);

/// Converts one quantization annotation: checks `finn_datatype` against the
/// values qnn infers, gives annotated integer weights a quantized type.
LogicalResult convertAnnotation(onnx_ir::AnnotationOp annotation,
                                ConversionState &state);

} // namespace onnx_to_qnn
} // namespace mlir::qnn

#endif // QNN_CONVERSION_ONNXTOQNN_ONNXTOQNN_H
