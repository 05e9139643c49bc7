//===- Passes.h - qnn conversion passes -------------------------*- C++ -*-===//
//
// This file declares the conversion passes and their registration.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_CONVERSION_PASSES_H
#define QNN_CONVERSION_PASSES_H

#include "qnn/Conversion/ONNXToQNN/ONNXToQNN.h"
#include "qnn/Conversion/QNNToLinalg/QNNToLinalg.h"
#include "qnn/Conversion/QNNToQuant/QNNToQuant.h"
#include "qnn/Conversion/QuantToQNN/QuantToQNN.h"

#include "mlir/Pass/Pass.h"

namespace mlir::qnn {

#define GEN_PASS_REGISTRATION
#include "qnn/Conversion/Passes.h.inc"

} // namespace mlir::qnn

#endif // QNN_CONVERSION_PASSES_H
