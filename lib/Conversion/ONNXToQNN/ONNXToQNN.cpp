//===- ONNXToQNN.cpp - The convert-onnx-to-qnn pass -----------------------===//
//
// This file implements the pass, the registry lookup by since-version and
// the node binder. The pass walks each function's nodes in order (the
// importer wrote them topologically): constants become arith constants,
// each `onnx.node` goes to its handler, and the function's signature takes
// the converted (signless) types, with the ONNX element type recorded as
// `qnn.dtype` for the model descriptor.
//
//===----------------------------------------------------------------------===//

#include "qnn/Conversion/ONNXToQNN/ONNXToQNN.h"

#include "Common.h"
#include "PopulateHandlers.h"

#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Support/Limits.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "llvm/ADT/StringExtras.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_CONVERTONNXTOQNN
#include "qnn/Conversion/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::onnx_to_qnn;

//===----------------------------------------------------------------------===//
// Since-versions and the registry
//===----------------------------------------------------------------------===//

namespace {
struct SinceEntry {
  const char *op;
  std::initializer_list<int64_t> versions;
};
const SinceEntry kSinceVersions[] = {
#include "SinceVersions.inc"
};
} // namespace

ArrayRef<int64_t> mlir::qnn::onnx_to_qnn::getSinceVersions(StringRef opType) {
  static const llvm::StringMap<SmallVector<int64_t>> table = [] {
    llvm::StringMap<SmallVector<int64_t>> t;
    for (const SinceEntry &e : kSinceVersions)
      t[e.op] = SmallVector<int64_t>(e.versions);
    return t;
  }();
  auto it = table.find(opType);
  return it == table.end() ? ArrayRef<int64_t>() : ArrayRef(it->second);
}

void OpRegistry::add(StringRef domain, StringRef opType,
                     ArrayRef<int64_t> since, Handler handler) {
  Entry &entry = table[domain.str()][opType.str()];
  entry.since.assign(since.begin(), since.end());
  llvm::sort(entry.since);
  entry.handler = std::move(handler);
  entry.family = family;
}

const OpRegistry::Entry *OpRegistry::lookup(StringRef domain,
                                            StringRef opType) const {
  auto d = table.find(domain.str());
  if (d == table.end())
    return nullptr;
  auto e = d->second.find(opType.str());
  return e == d->second.end() ? nullptr : &e->second;
}

const OpRegistry &mlir::qnn::onnx_to_qnn::getDefaultRegistry() {
  static const OpRegistry registry = [] {
    OpRegistry r;
    r.setFamily("Elementwise");
    populateElementwiseHandlers(r);
    r.setFamily("ConvPool");
    populateConvPoolHandlers(r);
    r.setFamily("MatMul");
    populateMatMulHandlers(r);
    r.setFamily("Normalization");
    populateNormalizationHandlers(r);
    r.setFamily("DataMovement");
    populateDataMovementHandlers(r);
    r.setFamily("Shapes");
    populateShapeHandlers(r);
    r.setFamily("Quantization");
    populateQuantizationHandlers(r);
    r.setFamily("QONNX");
    populateQONNXHandlers(r);
    r.setFamily("QONNXLayers");
    populateQONNXLayerHandlers(r);
    r.setFamily("Sequence");
    populateSequenceHandlers(r);
    r.setFamily("Signal");
    populateSignalHandlers(r);
    r.setFamily("Image");
    populateImageHandlers(r);
    r.setFamily("LinearAlgebra");
    populateLinearAlgebraHandlers(r);
    r.setFamily("QNNDomain");
    populateQNNDomainHandlers(r);
    return r;
  }();
  return registry;
}

//===----------------------------------------------------------------------===//
// NodeBinder
//===----------------------------------------------------------------------===//

NodeBinder::NodeBinder(onnx_ir::NodeOp node, int64_t since,
                       ConversionState &state)
    : b(node.getLoc(), node), op(node), sinceVersion(since), state(state),
      defined(node.getNumResults()) {}

InFlightDiagnostic NodeBinder::error() {
  std::string name;
  if (std::optional<StringRef> given = op.getName())
    name = given->str();
  else if (auto loc = dyn_cast<NameLoc>(op.getLoc()))
    name = loc.getName().str();
  InFlightDiagnostic diag = op.emitError();
  diag << op.getOpType() << " node '" << name << "'";
  if (op.getDomain() != "ai.onnx")
    diag << " (domain '" << op.getDomain() << "')";
  diag << ": ";
  return diag;
}

bool NodeBinder::has(unsigned i) const {
  return i < op.getNumOperands() && !isa<NoneType>(op.getOperand(i).getType());
}

FailureOr<Value> NodeBinder::input(unsigned i) {
  if (!has(i))
    return error() << "input " << i << " is missing";
  Value v = state.converted.lookup(op.getOperand(i));
  if (!v)
    return error() << "input " << i << " has no converted value";
  return v;
}

Value NodeBinder::optionalInput(unsigned i) {
  return has(i) ? state.converted.lookup(op.getOperand(i)) : Value();
}

Value NodeBinder::converted(Value original) const {
  return state.converted.lookup(original);
}

Type NodeBinder::onnxElementTypeOf(Value v) {
  if (Type t = state.onnxElementTypes.lookup(v))
    return t;
  return getElementTypeOrSelf(v.getType());
}

Type NodeBinder::onnxElementType(unsigned i) {
  Value v = optionalInput(i);
  return v ? onnxElementTypeOf(v) : Type();
}

bool NodeBinder::isUnsigned(unsigned i) {
  return onnxElementType(i) && onnxElementType(i).isUnsignedInteger();
}

ElementsAttr NodeBinder::constant(unsigned i) {
  Value v = optionalInput(i);
  return v ? getConstantElements(v) : ElementsAttr();
}

FailureOr<ElementsAttr> NodeBinder::requireConstant(unsigned i,
                                                    StringRef what) {
  if (!has(i))
    return error() << "input " << i << " (" << what << ") is missing";
  if (ElementsAttr c = constant(i))
    return c;
  std::string name;
  if (auto arg = dyn_cast<BlockArgument>(op.getOperand(i))) {
    auto func = dyn_cast<func::FuncOp>(arg.getOwner()->getParentOp());
    if (auto n = func ? func.getArgAttrOfType<StringAttr>(arg.getArgNumber(),
                                                          "qnn.name")
                      : StringAttr())
      name = n.getValue().str();
  }
  InFlightDiagnostic diag = error() << "input " << i << " (" << what
                                    << ") must be known at compile time: "
                                       "qnn compiles static shapes";
  if (!name.empty())
    diag << "; give graph input '" << name << "' a value with --input-value "
         << name << "=<TensorProto file> (Python: constant_inputs)";
  return diag;
}

FailureOr<SmallVector<int64_t>> NodeBinder::constantInts(unsigned i,
                                                         StringRef what) {
  FailureOr<ElementsAttr> c = requireConstant(i, what);
  if (::mlir::failed(c))
    return failure();
  std::optional<SmallVector<int64_t>> ints = readInts(*c, isUnsigned(i));
  if (!ints)
    return error() << "input " << i << " (" << what << ") must hold integers";
  return *ints;
}

FailureOr<SmallVector<double>> NodeBinder::constantFloats(unsigned i,
                                                          StringRef what) {
  FailureOr<ElementsAttr> c = requireConstant(i, what);
  if (::mlir::failed(c))
    return failure();
  std::optional<SmallVector<double>> values = readDoubles(*c, isUnsigned(i));
  if (!values)
    return error() << "input " << i << " (" << what << ") cannot be read";
  return *values;
}

Attribute NodeBinder::attr(StringRef name) {
  consumed.insert(name);
  return op.getAttrs().get(name);
}

bool NodeBinder::hasAttr(StringRef name) const {
  return bool(op.getAttrs().get(name));
}

InFlightDiagnostic NodeBinder::attrError(StringRef name, StringRef expected) {
  attributeFailed = true;
  return error() << "attribute '" << name << "' must be " << expected
                 << ", got " << op.getAttrs().get(name);
}

int64_t NodeBinder::i64(StringRef name, int64_t init) {
  Attribute a = attr(name);
  if (!a)
    return init;
  if (auto i = dyn_cast<IntegerAttr>(a))
    return i.getInt();
  attrError(name, "an int");
  return init;
}

float NodeBinder::f32(StringRef name, float init) {
  Attribute a = attr(name);
  if (!a)
    return init;
  if (auto f = dyn_cast<FloatAttr>(a))
    return float(f.getValueAsDouble());
  attrError(name, "a float");
  return init;
}

std::string NodeBinder::str(StringRef name, StringRef init) {
  Attribute a = attr(name);
  if (!a)
    return init.str();
  if (auto s = dyn_cast<StringAttr>(a))
    return s.getValue().str();
  attrError(name, "a string");
  return init.str();
}

SmallVector<int64_t> NodeBinder::i64s(StringRef name, ArrayRef<int64_t> init) {
  Attribute a = attr(name);
  if (!a)
    return SmallVector<int64_t>(init);
  if (auto ints = dyn_cast<DenseI64ArrayAttr>(a))
    return SmallVector<int64_t>(ints.asArrayRef());
  // An empty list written without a type reads as an empty array.
  if (auto arr = dyn_cast<ArrayAttr>(a); arr && arr.empty())
    return {};
  attrError(name, "a list of ints");
  return SmallVector<int64_t>(init);
}

SmallVector<float> NodeBinder::f32s(StringRef name, ArrayRef<float> init) {
  Attribute a = attr(name);
  if (!a)
    return SmallVector<float>(init);
  if (auto floats = dyn_cast<DenseF32ArrayAttr>(a))
    return SmallVector<float>(floats.asArrayRef());
  if (auto arr = dyn_cast<ArrayAttr>(a); arr && arr.empty())
    return {};
  attrError(name, "a list of floats");
  return SmallVector<float>(init);
}

SmallVector<std::string> NodeBinder::strs(StringRef name) {
  Attribute a = attr(name);
  SmallVector<std::string> out;
  if (!a)
    return out;
  auto arr = dyn_cast<ArrayAttr>(a);
  if (!arr ||
      !llvm::all_of(arr, [](Attribute e) { return isa<StringAttr>(e); })) {
    attrError(name, "a list of strings");
    return out;
  }
  for (Attribute e : arr)
    out.push_back(cast<StringAttr>(e).getValue().str());
  return out;
}

ElementsAttr NodeBinder::tensor(StringRef name) {
  Attribute a = attr(name);
  if (!a)
    return {};
  if (auto e = dyn_cast<ElementsAttr>(a))
    return e;
  attrError(name, "a tensor");
  return {};
}

void NodeBinder::ignore(StringRef name) { consumed.insert(name); }

bool NodeBinder::outputUsed(unsigned i) const {
  return i < op.getNumResults() && !op.getResult(i).use_empty();
}

LogicalResult NodeBinder::output(unsigned i, Value v, Type onnxElement) {
  if (i >= op.getNumResults())
    return success(); // an optional output the node does not list
  // Shapes computed from the file's numbers (Expand, Tile, Reshape,
  // ConstantOfShape, Resize) stay within qnn's limit on a tensor's size.
  if (auto shaped = dyn_cast<ShapedType>(v.getType());
      shaped && shaped.hasRank()) {
    std::string tooLarge =
        tensorLimitViolation(shaped.getShape(), shaped.getElementType());
    if (!tooLarge.empty())
      return error() << "output " << i << " [" << shaped.getShape()
                     << "]: " << tooLarge;
  }
  defined[i] = v;
  state.converted[op.getResult(i)] = v;
  if (!onnxElement) {
    onnxElement = getElementTypeOrSelf(v.getType());
    if (auto it = dyn_cast<IntegerType>(onnxElement);
        it && it.isSignless() && it.getWidth() > 1) {
      Type in = op.getNumOperands() ? onnxElementType(0) : Type();
      auto inInt = dyn_cast_if_present<IntegerType>(in);
      onnxElement = IntegerType::get(
          v.getContext(), it.getWidth(),
          inInt && inInt.getWidth() == it.getWidth() && inInt.isUnsigned()
              ? IntegerType::Unsigned
              : IntegerType::Signed);
    }
  }
  state.onnxElementTypes[v] = onnxElement;
  return success();
}

LogicalResult NodeBinder::outputs(ValueRange vs) {
  for (auto [i, v] : llvm::enumerate(vs))
    if (::mlir::failed(output(unsigned(i), v)))
      return failure();
  return success();
}

LogicalResult NodeBinder::finish() {
  if (attributeFailed)
    return failure();
  for (NamedAttribute a : op.getAttrs())
    if (!consumed.contains(a.getName().getValue()))
      return error() << "attribute '" << a.getName().getValue() << "' ("
                     << a.getValue()
                     << ") is not supported by qnn's reading of "
                     << op.getOpType() << "-" << sinceVersion;
  for (auto [i, v] : llvm::enumerate(defined)) {
    if (v)
      continue;
    if (op.getResult(unsigned(i)).use_empty())
      continue; // an output nothing reads
    return error() << "output " << i << " is not supported";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Converting one node
//===----------------------------------------------------------------------===//

/// Checks a computed output against the type the file declares for it.
static LogicalResult checkDeclared(NodeBinder &n, unsigned i, Value v) {
  auto declared = dyn_cast<RankedTensorType>(n.node().getResult(i).getType());
  auto computed = dyn_cast<RankedTensorType>(v.getType());
  if (!declared)
    return success();
  if (!computed)
    return n.error() << "output " << i << " is not a ranked tensor";
  Type onnxElement = n.onnxElementTypeOf(v);
  bool sameElement = declared.getElementType() == onnxElement;
  if (!sameElement ||
      failed(verifyCompatibleShape(declared.getShape(), computed.getShape())))
    return n.error() << "output " << i << " is declared "
                     << RankedTensorType::get(declared.getShape(),
                                              declared.getElementType())
                     << " but computes "
                     << RankedTensorType::get(computed.getShape(), onnxElement);
  return success();
}

/// Gives every input of the node a converted value, so that handlers may
/// read any given input: values of earlier nodes, and statically shaped
/// tensors of other dialects (hand-written IR) as they are.
static LogicalResult bindOperands(NodeBinder &n, ConversionState &state) {
  for (unsigned i = 0; i < n.numInputs(); ++i) {
    if (!n.has(i))
      continue;
    Value v = n.node().getOperand(i);
    if (state.converted.lookup(v))
      continue;
    auto type = dyn_cast<RankedTensorType>(v.getType());
    Operation *def = v.getDefiningOp();
    bool foreign =
        !def || !isa_and_present<onnx_ir::ONNXDialect>(def->getDialect());
    if (!foreign || !type)
      return n.error() << "input " << i << " of type " << v.getType()
                       << " has no converted value";
    auto element = dyn_cast<IntegerType>(type.getElementType());
    if (!type.hasStaticShape() || !(isa<FloatType>(type.getElementType()) ||
                                    (element && element.isSignless())))
      return n.error() << "input " << i << " of type " << type
                       << " is not a statically shaped tensor of floats or "
                          "signless integers";
    state.converted[v] = v;
  }
  return success();
}

LogicalResult mlir::qnn::onnx_to_qnn::convertNode(onnx_ir::NodeOp node,
                                                  const OpRegistry &registry,
                                                  ConversionState &state) {
  StringRef domain = node.getDomain(), opType = node.getOpType();
  int64_t opset = node.getVersion();
  const OpRegistry::Entry *entry = registry.lookup(domain, opType);
  ArrayRef<int64_t> all =
      domain == "ai.onnx" ? getSinceVersions(opType) : ArrayRef<int64_t>();
  if (!entry) {
    NodeBinder n(node, 0, state);
    InFlightDiagnostic diag = n.error() << "unsupported operator " << opType
                                        << " (domain '" << domain << "', opset "
                                        << opset << ")";
    if (domain == "ai.onnx" && all.empty())
      diag << ": ONNX defines no such operator";
    auto known = registry.entries().find(domain.str());
    if (domain != "ai.onnx" && known != registry.entries().end()) {
      diag << ": the domain has";
      for (const auto &e : known->second)
        diag << " " << e.first;
    }
    return diag;
  }
  if (all.empty())
    all = entry->since;
  // The definition the model's opset reads: the newest since-version at
  // or below it.
  int64_t since = 0;
  for (int64_t v : all)
    if (v <= opset)
      since = v;
  if (domain == "ai.onnx" && opset > kLatestOpset) {
    NodeBinder n(node, since, state);
    return n.error() << "opset " << opset << " is newer than qnn knows ("
                     << kLatestOpset << ")";
  }
  if (since == 0) {
    NodeBinder n(node, since, state);
    return n.error() << opType << " is not defined in opset " << opset
                     << " (it first appears in opset " << all.front() << ")";
  }
  NodeBinder n(node, since, state);
  if (failed(bindOperands(n, state)))
    return failure();
  if (!llvm::is_contained(entry->since, since)) {
    InFlightDiagnostic diag =
        n.error() << opType << "-" << since << " (the definition "
                  << "opset " << opset << " reads) is not supported; qnn reads";
    llvm::interleave(
        entry->since, [&](int64_t v) { diag << " " << opType << "-" << v; },
        [&] { diag << ","; });
    return diag;
  }
  // Shape arithmetic on constants is evaluated here: later nodes need the
  // values (a Reshape's shape) to know their types.
  FailureOr<bool> folded = foldConstantNode(n);
  if (failed(folded))
    return failure();
  if (!*folded) {
    if (failed(entry->handler(n)))
      return failure();
  }
  if (failed(n.finish()))
    return failure();
  for (unsigned i = 0; i < node.getNumResults(); ++i) {
    Value v = state.converted.lookup(node.getResult(i));
    if (v && failed(checkDeclared(n, i, v)))
      return failure();
  }
  return success();
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

namespace {

/// qnn.dtype name of an ONNX element type at a graph boundary.
std::string dtypeName(Type onnxElement) {
  if (onnxElement.isF32())
    return "f32";
  if (onnxElement.isF64())
    return "f64";
  if (onnxElement.isF16())
    return "f16";
  if (onnxElement.isBF16())
    return "bf16";
  auto i = dyn_cast<IntegerType>(onnxElement);
  if (!i)
    return "";
  if (i.getWidth() == 1)
    return "bool";
  return (i.isUnsigned() ? "u" : "i") + std::to_string(i.getWidth());
}

/// The boundary (C ABI) element type: signless, narrow integers one per
/// byte.
Type boundaryElement(Type onnxElement) {
  auto i = dyn_cast<IntegerType>(onnxElement);
  if (!i)
    return onnxElement;
  unsigned width = i.getWidth() > 1 && i.getWidth() < 8 ? 8 : i.getWidth();
  return IntegerType::get(onnxElement.getContext(), width);
}

struct ConvertONNXToQNNPass
    : public mlir::qnn::impl::ConvertONNXToQNNBase<ConvertONNXToQNNPass> {
  void runOnOperation() override {
    // Every tensor the module holds stays within qnn's limit on a tensor's
    // size: hand-written IR (onnx or qnn) enters the pipelines here.
    WalkResult sizes = getOperation()->walk([](Operation *op) {
      auto check = [&](Type type, StringRef what, unsigned index) {
        auto shaped = dyn_cast<ShapedType>(type);
        if (!shaped || !shaped.hasRank())
          return true;
        std::string tooLarge =
            tensorLimitViolation(shaped.getShape(), shaped.getElementType());
        if (tooLarge.empty())
          return true;
        op->emitOpError() << what << " #" << index << " of type " << type
                          << ": " << tooLarge;
        return false;
      };
      for (Region &region : op->getRegions())
        for (Block &block : region)
          for (BlockArgument arg : block.getArguments())
            if (!check(arg.getType(), "argument", arg.getArgNumber()))
              return WalkResult::interrupt();
      for (OpResult result : op->getResults())
        if (!check(result.getType(), "result", result.getResultNumber()))
          return WalkResult::interrupt();
      return WalkResult::advance();
    });
    if (sizes.wasInterrupted())
      return signalPassFailure();
    for (auto func : getOperation().getOps<func::FuncOp>())
      if (!func.isExternal() && failed(convertFunction(func)))
        return signalPassFailure();
  }

  LogicalResult convertFunction(func::FuncOp func) {
    bool hasOnnx = false;
    func.walk([&](Operation *op) {
      if (isa_and_present<onnx_ir::ONNXDialect>(op->getDialect()))
        hasOnnx = true;
    });
    bool onnxTypes = llvm::any_of(func.getArgumentTypes(), [](Type t) {
      auto e = dyn_cast<IntegerType>(getElementTypeOrSelf(t));
      return e && !e.isSignless();
    });
    if (!hasOnnx && !onnxTypes)
      return success();
    // Nodes are converted in the entry block's order; a node anywhere else
    // would be left behind.
    WalkResult nested = func.walk([&](Operation *op) {
      if (isa_and_present<onnx_ir::ONNXDialect>(op->getDialect()) &&
          op->getBlock() != &func.front()) {
        op->emitError("onnx operations must be in the function's entry "
                      "block, not in a nested region or another block");
        return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
    if (nested.wasInterrupted())
      return failure();
    ConversionState state;
    Block &entry = func.front();
    // The ops to convert: those of the imported function, not the ones
    // the conversion adds.
    SmallVector<Operation *> original;
    for (Operation &op : entry)
      original.push_back(&op);
    OpBuilder b(func.getContext());
    b.setInsertionPointToStart(&entry);
    // Arguments take their boundary types; narrow integers are truncated
    // from their byte.
    SmallVector<Type> argTypes;
    for (BlockArgument arg : entry.getArguments()) {
      auto type = dyn_cast<RankedTensorType>(arg.getType());
      if (!type)
        return func.emitError("argument #")
               << arg.getArgNumber() << " is not a ranked tensor";
      if (!type.hasStaticShape())
        return func.emitError("argument #")
               << arg.getArgNumber() << " has type " << type
               << ": qnn compiles static shapes";
      Type onnxElement = type.getElementType();
      std::string dtype = dtypeName(onnxElement);
      if (dtype.empty())
        return func.emitError("argument #")
               << arg.getArgNumber() << " has unsupported type " << type;
      Type boundary = boundaryElement(onnxElement);
      arg.setType(RankedTensorType::get(type.getShape(), boundary));
      func.setArgAttr(arg.getArgNumber(), "qnn.dtype", b.getStringAttr(dtype));
      argTypes.push_back(arg.getType());
      Value v = arg;
      auto narrow = dyn_cast<IntegerType>(onnxElement);
      if (narrow && narrow.getWidth() > 1 && narrow.getWidth() < 8)
        v = arith::TruncIOp::create(
            b, arg.getLoc(),
            RankedTensorType::get(type.getShape(),
                                  b.getIntegerType(narrow.getWidth())),
            arg);
      state.converted[arg] = v;
      state.onnxElementTypes[v] = onnxElement;
    }
    // Nodes in order.
    const OpRegistry &registry = getDefaultRegistry();
    SmallVector<Operation *> dead;
    for (Operation *opPtr : original) {
      Operation &op = *opPtr;
      if (auto c = dyn_cast<onnx_ir::ConstantOp>(op)) {
        b.setInsertionPoint(c);
        Value v = materializeConstant(b, c.getLoc(), c.getValue());
        state.converted[c] = v;
        state.onnxElementTypes[v] = c.getType().getElementType();
        dead.push_back(c);
        continue;
      }
      if (isa<onnx_ir::NoneOp>(op)) {
        dead.push_back(&op);
        continue;
      }
      if (auto annotation = dyn_cast<onnx_ir::AnnotationOp>(op)) {
        if (failed(convertAnnotation(annotation, state)))
          return failure();
        dead.push_back(annotation);
        continue;
      }
      if (auto node = dyn_cast<onnx_ir::NodeOp>(op)) {
        if (failed(convertNode(node, registry, state)))
          return failure();
        dead.push_back(node);
        continue;
      }
      if (auto ret = dyn_cast<func::ReturnOp>(op)) {
        if (failed(convertReturn(func, ret, state)))
          return failure();
        continue;
      }
      if (isa_and_present<onnx_ir::ONNXDialect>(op.getDialect()))
        return op.emitError("unexpected onnx operation");
      // Other ops (hand-written IR mixing dialects) read converted values.
      for (OpOperand &use : op.getOpOperands())
        if (Value v = state.converted.lookup(use.get()))
          use.set(v);
    }
    // What other dialects' ops read was redirected to converted values;
    // a use left means a value that has none (an onnx.none, say).
    llvm::SmallPtrSet<Operation *, 16> erased(dead.begin(), dead.end());
    for (Operation *op : dead)
      for (Operation *user : op->getUsers())
        if (!erased.contains(user))
          return user->emitError("reads an onnx value that has no converted "
                                 "value");
    for (Operation *op : llvm::reverse(dead)) {
      op->dropAllUses();
      op->erase();
    }
    return success();
  }

  LogicalResult convertReturn(func::FuncOp func, func::ReturnOp ret,
                              ConversionState &state) {
    OpBuilder b(ret);
    SmallVector<Value> results;
    SmallVector<Type> resultTypes;
    for (auto [i, operand] : llvm::enumerate(ret.getOperands())) {
      Value v = state.converted.lookup(operand);
      if (!v)
        v = operand;
      auto type = dyn_cast<RankedTensorType>(v.getType());
      if (!type || !type.hasStaticShape())
        return ret.emitError("graph output #")
               << i << " is " << v.getType()
               << ": outputs must be statically shaped tensors";
      Type onnxElement = state.onnxElementTypes.lookup(v);
      if (!onnxElement)
        onnxElement = type.getElementType();
      // The type the file declares for the output.
      auto declared =
          dyn_cast<RankedTensorType>(func.getFunctionType().getResult(i));
      if (declared &&
          (declared.getElementType() != onnxElement ||
           failed(verifyCompatibleShape(declared.getShape(), type.getShape()))))
        return ret.emitError("graph output '")
               << nameOf(func, unsigned(i)) << "' is declared " << declared
               << " but computed as "
               << RankedTensorType::get(type.getShape(), onnxElement);
      std::string dtype = dtypeName(onnxElement);
      if (dtype.empty())
        return ret.emitError("graph output #")
               << i << " has unsupported type " << type;
      auto narrow = dyn_cast<IntegerType>(onnxElement);
      if (narrow && narrow.getWidth() > 1 && narrow.getWidth() < 8) {
        auto wide = RankedTensorType::get(type.getShape(), b.getI8Type());
        v = narrow.isUnsigned()
                ? Value(arith::ExtUIOp::create(b, ret.getLoc(), wide, v))
                : Value(arith::ExtSIOp::create(b, ret.getLoc(), wide, v));
      }
      func.setResultAttr(unsigned(i), "qnn.dtype", b.getStringAttr(dtype));
      results.push_back(v);
      resultTypes.push_back(v.getType());
    }
    ret->setOperands(results);
    SmallVector<Type> argTypes(func.front().getArgumentTypes());
    func.setFunctionType(b.getFunctionType(argTypes, resultTypes));
    return success();
  }

  static std::string nameOf(func::FuncOp func, unsigned result) {
    auto name = func.getResultAttrOfType<StringAttr>(result, "qnn.name");
    return name ? name.getValue().str() : "#" + std::to_string(result);
  }
};

} // namespace
