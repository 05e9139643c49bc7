//===- QNNDomain.cpp - qnn's own ONNX domain ------------------------------===//
//
// Nodes of the ONNX domain `qnn` are the qnn dialect's scheme quantizers,
// attribute for attribute (docs/ONNX.md): Pact, Sawb, Apot, Hwgq,
// LearnedLevels, Slb, Binary and Ternary. Each is legalized at once, as
// qnn-legalize-quantizers does: constant weights become qnn.constant codes
// of the scheme's codebook, run-time activations an exact
// qnn.multithreshold, each followed by qnn.dequantize.
//
//===----------------------------------------------------------------------===//

#include "Common.h"
#include "PopulateHandlers.h"

#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/Transforms/Passes.h"

#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::onnx_to_qnn;

namespace {

enum class Kind { F32, F64, I32, Unit, F32Array, F64Array, Axis };
struct AttrSpec {
  const char *onnx, *mlir;
  Kind kind;
};

Handler scheme(std::string op, std::vector<AttrSpec> specs) {
  return [op, specs](NodeBinder &n) -> LogicalResult {
    FailureOr<Value> xIn = n.input(0);
    if (failed(xIn))
      return failure();
    Value x = densified(n.b, *xIn);
    auto xType = NodeBinder::typeOf(x);
    int64_t rank = xType.getRank();
    ImplicitLocOpBuilder &b = n.b;
    OperationState state(b.getLoc(),
                         "qnn." + llvm::convertToSnakeFromCamelCase(op));
    state.addOperands(x);
    for (const AttrSpec &spec : specs) {
      if (!n.hasAttr(spec.onnx))
        continue;
      Attribute attr;
      switch (spec.kind) {
      case Kind::F32:
        attr = b.getF32FloatAttr(n.f32(spec.onnx, 0.0f));
        break;
      case Kind::F64:
        attr = b.getF64FloatAttr(n.f32(spec.onnx, 0.0f));
        break;
      case Kind::I32: {
        int64_t v = n.i64(spec.onnx, 0);
        if (v != int64_t(int32_t(v)))
          return n.error() << "attribute '" << spec.onnx << "' (" << v
                           << ") is out of range";
        attr = b.getI32IntegerAttr(int32_t(v));
        break;
      }
      case Kind::Unit: {
        int64_t v = n.i64(spec.onnx, 0);
        if (v != 0 && v != 1)
          return n.error() << "attribute '" << spec.onnx << "' must be 0 or 1";
        if (v)
          attr = b.getUnitAttr();
        break;
      }
      case Kind::F32Array:
        attr = b.getDenseF32ArrayAttr(n.f32s(spec.onnx));
        break;
      case Kind::F64Array: {
        SmallVector<float> v = n.f32s(spec.onnx);
        attr = b.getDenseF64ArrayAttr(SmallVector<double>(v.begin(), v.end()));
        break;
      }
      case Kind::Axis: {
        int64_t a = n.i64(spec.onnx, 0);
        std::optional<int64_t> axis = normalizeAxis(a, rank);
        if (!axis)
          return n.error() << "axis " << a << " is out of range for rank "
                           << rank;
        attr = b.getI64IntegerAttr(*axis);
        break;
      }
      }
      if (n.failed())
        return failure();
      if (attr)
        state.addAttribute(spec.mlir, attr);
    }
    Type resultType = xType;
    if (op == "LearnedLevels") {
      // The level table: an f32 initializer, [levels] or [channels, levels].
      FailureOr<ElementsAttr> levels = n.requireConstant(1, "levels");
      if (failed(levels))
        return failure();
      std::optional<SmallVector<double>> table = readDoubles(*levels, false);
      if (!levels->getShapedType().getElementType().isF32() || !table)
        return n.error() << "levels must be f32";
      state.addAttribute(
          "levels", DenseElementsAttr::get(
                        RankedTensorType::get(
                            levels->getShapedType().getShape(), b.getF64Type()),
                        ArrayRef<double>(*table)));
    } else if (n.numInputs() > 1) {
      return n.error() << "takes one input, got " << n.numInputs();
    }
    if (op == "Slb") {
      // Logits carry the value set in an extra innermost dimension.
      if (xType.getElementType().isF32()) {
        if (rank < 1)
          return n.error() << "logits must have rank 1 or more";
        resultType =
            RankedTensorType::get(xType.getShape().drop_back(), b.getF32Type());
      } else {
        resultType = RankedTensorType::get(xType.getShape(), b.getF32Type());
      }
    } else if (!xType.getElementType().isF32()) {
      return n.error() << "input must be f32";
    }
    state.addTypes(resultType);
    // The op's verifier and legalization judge the attributes; their first
    // error is reported against the node.
    Operation *created = b.create(state);
    std::string message;
    FailureOr<Value> legal = failure();
    {
      ScopedDiagnosticHandler capture(b.getContext(), [&](Diagnostic &diag) {
        if (message.empty())
          message = diag.str();
        return success();
      });
      if (succeeded(mlir::verify(created)))
        legal = mlir::qnn::legalizeQuantizer(created);
    }
    if (failed(legal)) {
      created->erase();
      return n.error() << message;
    }
    return n.output(0, *legal, b.getF32Type());
  };
}

} // namespace

void mlir::qnn::onnx_to_qnn::populateQNNDomainHandlers(OpRegistry &r) {
  const char *d = "qnn";
  r.add(d, "Pact", {1},
        scheme("Pact",
               {{"alpha", "alpha", Kind::F32}, {"bits", "bits", Kind::I32}}));
  r.add(d, "Sawb", {1},
        scheme("Sawb", {{"bits", "bits", Kind::I32},
                        {"c1", "c1", Kind::F64},
                        {"c2", "c2", Kind::F64},
                        {"ternary", "ternary", Kind::Unit}}));
  r.add(d, "Apot", {1},
        scheme("Apot", {{"alpha", "alpha", Kind::F32},
                        {"bits", "bits", Kind::I32},
                        {"signed", "is_signed", Kind::Unit},
                        {"normalize", "normalize", Kind::Unit}}));
  r.add(d, "Hwgq", {1},
        scheme("Hwgq", {{"bits", "bits", Kind::I32},
                        {"non_uniform", "non_uniform", Kind::Unit}}));
  r.add(d, "LearnedLevels", {1},
        scheme("LearnedLevels", {{"axis", "axis", Kind::Axis}}));
  r.add(d, "Slb", {1},
        scheme("Slb", {{"bits", "bits", Kind::I32},
                       {"values", "values", Kind::F64Array}}));
  r.add(d, "Binary", {1},
        scheme("Binary", {{"scale", "scale", Kind::F32Array},
                          {"axis", "axis", Kind::Axis}}));
  r.add(d, "Ternary", {1},
        scheme("Ternary", {{"threshold", "threshold", Kind::F32},
                           {"scale", "scale", Kind::F32}}));
}
