//===- QNN.td - qnn dialect umbrella -----------------------*- tablegen -*-===//

#ifndef QNN_DIALECT_QNN_IR_QNN_TD
#define QNN_DIALECT_QNN_IR_QNN_TD

include "qnn/Dialect/QNN/IR/QNNDialect.td"
include "qnn/Dialect/QNN/IR/QNNAttrs.td"
include "qnn/Dialect/QNN/IR/QNNTypes.td"
include "qnn/Dialect/QNN/IR/QNNOps.td"

#endif // QNN_DIALECT_QNN_IR_QNN_TD
