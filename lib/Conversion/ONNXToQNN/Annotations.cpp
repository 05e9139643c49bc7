//===- Annotations.cpp - The graph's quantization annotations -------------===//
//
// `onnx.annotation`, one entry of the graph's quantization_annotation. FINN
// and QONNX write `finn_datatype`, the FINN DataType of the values a tensor
// holds (INT2, UINT4, BIPOLAR, FIXED<8,4>, ...). qnn checks it against what
// it infers of the value: every level of a quantized tensor (a Quant,
// MultiThreshold or BipolarQuant output), every element of a constant. An
// integer-valued float constant annotated with an integer type of at most 8
// bits (INTn, UINTn, BINARY, BIPOLAR, TERNARY) that a MatMul, Gemm or Conv
// reads as its weights becomes constant codes of that type, so that the
// layer -- FINN's streamlined MatMul between MultiThresholds -- becomes an
// integer layer. Other keys describe the file and change nothing.
//
//===----------------------------------------------------------------------===//

#include "Common.h"

#include "qnn/Conversion/ONNXToQNN/ONNXToQNN.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/QNNTypes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

#include "llvm/Support/Format.h"

#include <cmath>

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::onnx_to_qnn;

namespace {

std::string shortNumber(double v) {
  std::string text;
  llvm::raw_string_ostream(text) << llvm::format("%g", v);
  return text;
}

/// The values qnn knows `v` takes, when it knows them: every level of a
/// dequantized tensor, every element of a constant.
std::optional<SmallVector<double>> inferredValues(Value v, bool isUnsigned) {
  if (auto dq = v.getDefiningOp<mlir::qnn::DequantizeOp>()) {
    auto quant = dyn_cast<QuantizedTypeInterface>(
        cast<RankedTensorType>(dq.getInput().getType()).getElementType());
    if (!quant)
      return std::nullopt;
    ::qnn::ref::QuantSpec spec = quant.getSpec();
    SmallVector<double> values;
    for (size_t c = 0; c < spec.numChannels(); ++c)
      for (int64_t i = 0; i < spec.numCodes(); ++i)
        values.push_back(
            spec.dequantize(spec.isCodebook ? i : spec.storageMin + i, c));
    return values;
  }
  if (ElementsAttr elements = getConstantElements(v))
    return readDoubles(elements, isUnsigned);
  return std::nullopt;
}

/// Whether every use of `annotation` is the weight operand (#1) of a
/// MatMul, Gemm or Conv.
bool onlyWeights(onnx_ir::AnnotationOp annotation) {
  if (annotation->use_empty())
    return false;
  return llvm::all_of(annotation->getUses(), [](OpOperand &use) {
    auto node = dyn_cast<onnx_ir::NodeOp>(use.getOwner());
    return node && node.getDomain() == "ai.onnx" &&
           use.getOperandNumber() == 1 &&
           llvm::is_contained({"MatMul", "Gemm", "Conv"}, node.getOpType());
  });
}

/// Integer-valued f32 `elements` as constant codes of `type`, dequantized.
Value quantizedWeights(OpBuilder &b, Location loc, ArrayRef<double> values,
                       RankedTensorType type, const FinnDataType &dataType) {
  MLIRContext *ctx = b.getContext();
  Type f32 = b.getF32Type();
  Type element;
  SmallVector<int8_t> codes;
  if (dataType.kind == FinnDataType::Kind::Int) {
    element = UniformQuantType::get(
        ctx, dataType.bits, dataType.isSigned, int64_t(dataType.min()),
        int64_t(dataType.max()), f32, -1, ArrayRef<double>{1.0},
        ArrayRef<int64_t>{0});
    for (double v : values)
      codes.push_back(int8_t(v));
  } else {
    bool bipolar = dataType.kind == FinnDataType::Kind::Bipolar;
    SmallVector<double> levels =
        bipolar ? SmallVector<double>{-1, 1} : SmallVector<double>{-1, 0, 1};
    element = CodebookQuantType::get(ctx, bipolar ? 1 : 2, f32, -1,
                                     ArrayRef<double>{1.0}, levels,
                                     unsigned(levels.size()));
    for (double v : values)
      codes.push_back(int8_t(bipolar ? (v > 0 ? 1 : 0) : v + 1));
  }
  auto codeType = RankedTensorType::get(type.getShape(), b.getI8Type());
  Value q = mlir::qnn::ConstantOp::create(
      b, loc, RankedTensorType::get(type.getShape(), element),
      cast<DenseIntElementsAttr>(
          DenseElementsAttr::get(codeType, ArrayRef<int8_t>(codes))));
  return mlir::qnn::DequantizeOp::create(b, loc, type, q);
}

} // namespace

LogicalResult
mlir::qnn::onnx_to_qnn::convertAnnotation(onnx_ir::AnnotationOp annotation,
                                          ConversionState &state) {
  Value v = state.converted.lookup(annotation.getInput());
  if (!v)
    return annotation.emitError("annotates a value that has no converted "
                                "value");
  Value result = v;
  StringRef tensor = annotation.getTensorName();
  if (auto name = annotation.getEntries().getAs<StringAttr>("finn_datatype")) {
    std::optional<FinnDataType> dataType = FinnDataType::parse(name.getValue());
    if (!dataType)
      return annotation.emitError("tensor '")
             << tensor << "': unknown finn_datatype '" << name.getValue()
             << "' (FINN's DataTypes: BINARY, BIPOLAR, TERNARY, INTn, UINTn, "
                "FIXED<w,i>, SCALEDINT<n>, FLOAT32, FLOAT16, FLOAT<e,m[,b]>)";
    Type onnxElement = state.onnxElementTypes.lookup(v);
    if (std::optional<SmallVector<double>> values =
            inferredValues(v, onnxElement && onnxElement.isUnsignedInteger())) {
      for (double value : *values)
        if (!dataType->allows(value))
          return annotation.emitError("tensor '")
                 << tensor << "' is annotated finn_datatype " << name.getValue()
                 << ", which does not hold " << shortNumber(value)
                 << ", one of the values qnn computes "
                 << "for it";
      auto type = cast<RankedTensorType>(v.getType());
      if (dataType->isNarrowInteger() && type.getElementType().isF32() &&
          getConstantElements(v) && onlyWeights(annotation)) {
        OpBuilder b(annotation);
        result =
            quantizedWeights(b, annotation.getLoc(), *values, type, *dataType);
      }
    }
  }
  state.converted[annotation.getResult()] = result;
  if (Type onnxElement = state.onnxElementTypes.lookup(v))
    state.onnxElementTypes[result] = onnxElement;
  return success();
}
