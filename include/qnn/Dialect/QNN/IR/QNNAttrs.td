//===- QNNAttrs.td - qnn attributes ------------------------*- tablegen -*-===//
//
// This file declares the rounding-mode enum and the packed-storage layout.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_IR_QNNATTRS_TD
#define QNN_DIALECT_QNN_IR_QNNATTRS_TD

include "qnn/Dialect/QNN/IR/QNNDialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def QNN_RoundingMode : I32EnumAttr<"RoundingMode",
    "rounding of x / scale to an integer", [
      I32EnumAttrCase<"HalfEven", 0, "half_even">,
      I32EnumAttrCase<"HalfUp", 1, "half_up">,
      I32EnumAttrCase<"HalfDown", 2, "half_down">,
      I32EnumAttrCase<"Ceil", 3, "ceil">,
      I32EnumAttrCase<"Floor", 4, "floor">,
      I32EnumAttrCase<"Up", 5, "up">,
      I32EnumAttrCase<"Down", 6, "down">,
    ]> {
  let cppNamespace = "::mlir::qnn";
  let genSpecializedAttr = 0;
}

def QNN_RoundingModeAttr : EnumAttr<QNN_Dialect, QNN_RoundingMode, "rounding"> {
  let assemblyFormat = "`<` $value `>`";
}

def QNN_PackedLayoutAttr : AttrDef<QNN_Dialect, "PackedLayout"> {
  let mnemonic = "packed";
  let summary = "Layout of b-bit codes packed into bytes";
  let description = [{
    The encoding of a packed `i8` tensor. `#qnn.packed<bits = b>` is the
    canonical layout: the innermost dimension of the logical tensor is packed
    into an LSB-first bit stream, element `k` of a row occupying stream bits
    `[k*b, k*b + b)`, and stream bit `j` being bit `j % 8` of byte `j / 8` of
    the row. Rows are padded with zero bits to whole bytes, so a row of `K`
    codes takes `ceil(K * b / 8)` bytes. A code is stored as its low `b` bits
    (two's complement for signed storage). docs/Packing.md draws it bit by bit.

    ```mlir
    tensor<64x32xi8, #qnn.packed<bits = 2>>   // 64 rows of 128 two-bit codes
    ```
  }];
  let parameters = (ins "unsigned":$bits);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

#endif // QNN_DIALECT_QNN_IR_QNNATTRS_TD
