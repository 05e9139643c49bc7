//===- PopulateHandlers.h - Handler families of convert-onnx-to-qnn -------===//
//
// Each family of ONNX operators registers its handlers in its own file;
// this header lists the families (docs/ONNX.md says which family holds
// which operator).
//
//===----------------------------------------------------------------------===//

#ifndef QNN_LIB_CONVERSION_ONNXTOQNN_POPULATEHANDLERS_H
#define QNN_LIB_CONVERSION_ONNXTOQNN_POPULATEHANDLERS_H

#include "qnn/Conversion/ONNXToQNN/ONNXToQNN.h"

namespace mlir::qnn::onnx_to_qnn {

/// Arithmetic, math functions, activations, comparisons, logic, Where,
/// Clip, Cast (Elementwise.cpp).
void populateElementwiseHandlers(OpRegistry &registry);
/// Conv, ConvTranspose and pooling (ConvPool.cpp).
void populateConvPoolHandlers(OpRegistry &registry);
/// Gemm, MatMul, Einsum (MatMul.cpp).
void populateMatMulHandlers(OpRegistry &registry);
/// Normalizations, reductions, Softmax and friends, ArgMax, TopK
/// (Normalization.cpp).
void populateNormalizationHandlers(OpRegistry &registry);
/// Reshapes, transposes, slicing, gathers, scatters, padding, resizing
/// (DataMovement.cpp).
void populateDataMovementHandlers(OpRegistry &registry);
/// Constant, Shape, Size, ConstantOfShape, Range, Identity and other
/// control of shapes (Shapes.cpp).
void populateShapeHandlers(OpRegistry &registry);
/// QuantizeLinear / DequantizeLinear, QLinear*, the integer ops and the
/// com.microsoft QOperator ops (Quantization.cpp).
void populateQuantizationHandlers(OpRegistry &registry);
/// QONNX / FINN custom ops (QONNX.cpp).
void populateQONNXHandlers(OpRegistry &registry);
/// QONNX / FINN layer ops (Im2Col, MaxPoolNHWC, QuantAvgPool2d,
/// XnorPopcountMatMul) and the channels-last domain (QONNXLayers.cpp).
void populateQONNXLayerHandlers(OpRegistry &registry);
/// Recurrent layers: RNN, GRU, LSTM (Sequence.cpp).
void populateSequenceHandlers(OpRegistry &registry);
/// DFT, STFT, the windows and MelWeightMatrix (Signal.cpp).
void populateSignalHandlers(OpRegistry &registry);
/// GridSample, AffineGrid (Image.cpp).
void populateImageHandlers(OpRegistry &registry);
/// Det (LinearAlgebra.cpp).
void populateLinearAlgebraHandlers(OpRegistry &registry);
/// qnn's own domain: the scheme quantizers (QNNDomain.cpp).
void populateQNNDomainHandlers(OpRegistry &registry);

/// Evaluates a node of constant shape arithmetic (ConstantFolding.cpp):
/// true when it defined the node's outputs as constants, false when the
/// node is not such a node (its handler runs), failure on an error.
FailureOr<bool> foldConstantNode(NodeBinder &n);

} // namespace mlir::qnn::onnx_to_qnn

#endif // QNN_LIB_CONVERSION_ONNXTOQNN_POPULATEHANDLERS_H
