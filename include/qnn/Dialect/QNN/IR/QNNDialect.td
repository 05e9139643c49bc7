//===- QNNDialect.td - The qnn dialect ---------------------*- tablegen -*-===//
//
// This file declares the qnn dialect: low-bit quantized tensor types and the
// quantizer operations of every scheme qnn supports.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_IR_QNNDIALECT_TD
#define QNN_DIALECT_QNN_IR_QNNDIALECT_TD

include "mlir/IR/DialectBase.td"

def QNN_Dialect : Dialect {
  let name = "qnn";
  let cppNamespace = "::mlir::qnn";
  let summary = "Low-bit quantized tensors and the quantizers that make them";
  let description = [{
    The qnn dialect represents networks whose weights and activations are
    quantized to 1 to 8 bits. Every quantized element type maps a b-bit code
    to a real value through a small table of levels times a scale,

        value = scale[channel] * level[code]

    where the levels are `code - zero_point` for the uniform affine types
    (`!qnn.uniform`) and an explicit sorted table for codebooks
    (`!qnn.codebook`: SAWB, APoT, SLB, binary, ternary, DQ's learned levels).

    Scheme-level ops (`qnn.pact`, `qnn.sawb`, `qnn.apot`, `qnn.hwgq`,
    `qnn.learned_levels`, `qnn.slb`, `qnn.binary`, `qnn.ternary`) carry each
    paper's parameters and compute its forward (fake-quantized) float result;
    `qnn.quantize` / `qnn.dequantize` move between float tensors and typed
    quantized tensors. Folders evaluate all of them on constants with the
    reference numerics library, so the compiler and the tests share one
    definition of the math.
  }];
  let useDefaultTypePrinterParser = 1;
  let useDefaultAttributePrinterParser = 1;
  let hasConstantMaterializer = 1;
  let dependentDialects = ["::mlir::arith::ArithDialect"];
  let extraClassDeclaration = [{
    /// Registers the types; lives beside their storage classes.
    void registerTypes();
  }];
}

#endif // QNN_DIALECT_QNN_IR_QNNDIALECT_TD
