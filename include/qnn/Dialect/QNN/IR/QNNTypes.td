//===- QNNTypes.td - Quantized element types ---------------*- tablegen -*-===//
//
// This file declares qnn's quantized element types and the interface they
// share.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_IR_QNNTYPES_TD
#define QNN_DIALECT_QNN_IR_QNNTYPES_TD

include "qnn/Dialect/QNN/IR/QNNDialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/Interfaces.td"

def QNN_QuantizedTypeInterface : TypeInterface<"QuantizedTypeInterface"> {
  let cppNamespace = "::mlir::qnn";
  let description = [{
    A quantized element type: b-bit codes with `value = scale[channel] *
    level[code]`. Passes query codes, levels and scales through this interface
    so that they treat uniform and codebook types alike.
  }];
  let methods = [
    InterfaceMethod<"The number of bits of a code (1 to 8).", "unsigned",
                    "getBits">,
    InterfaceMethod<"Whether stored codes are signed (two's complement).",
                    "bool", "isSigned">,
    InterfaceMethod<"The smallest valid code.", "int64_t", "getStorageMin">,
    InterfaceMethod<"The largest valid code.", "int64_t", "getStorageMax">,
    InterfaceMethod<"The float type values are expressed in.", "::mlir::Type",
                    "getExpressedType">,
    InterfaceMethod<"The quantized dimension, or -1 when per-tensor.",
                    "int64_t", "getAxis">,
    InterfaceMethod<"The number of channels (1 when per-tensor).", "size_t",
                    "getNumChannels">,
    InterfaceMethod<"Whether every level is an integer, so that dot products "
                    "over codes are exact in integer arithmetic.",
                    "bool", "hasIntegerLevels">,
    InterfaceMethod<"The MLIR-free description the reference library uses.",
                    "::qnn::ref::QuantSpec", "getSpec">,
  ];
}

class QNN_Type<string name, string typeMnemonic, list<Trait> traits = []>
    : TypeDef<QNN_Dialect, name, traits> {
  let mnemonic = typeMnemonic;
}

def QNN_UniformQuantType
    : QNN_Type<"UniformQuant", "uniform", [QNN_QuantizedTypeInterface]> {
  let summary = "Uniform affine quantized element type";
  let description = [{
    Codes are integers `q` in `[min, max]`; `value = scale * (q - zero_point)`,
    per tensor or per channel along one axis. The syntax follows upstream
    `!quant.uniform`, with storage widths of 1 to 8 bits:

    ```mlir
    !qnn.uniform<u2:f32, 0.5>                      // PACT 2-bit, alpha = 1.5
    !qnn.uniform<i4:f32, 0.25:-1>                  // scale 0.25, zero point -1
    !qnn.uniform<i4<-7:7>:f32, 0.1>                // narrow signed range
    !qnn.uniform<u8:f32:1, {0.5:128, 0.25:120}>    // per channel along axis 1
    ```

    `uN` is unsigned `N`-bit storage, `iN` signed; an explicit `<min:max>`
    narrows the range. A zero point defaults to 0.
  }];
  let parameters = (ins "unsigned":$bits, "bool":$signedStorage,
                        "int64_t":$storageMin, "int64_t":$storageMax,
                        "::mlir::Type":$expressedType, "int64_t":$axis,
                        ArrayRefParameter<"double">:$scales,
                        ArrayRefParameter<"int64_t">:$zeroPoints);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  // Storage is hand-written: llvm::hash_value has no double overload.
  let genStorageClass = 0;
  let extraClassDeclaration = [{
    bool isSigned() const { return getSignedStorage(); }
    bool isPerChannel() const { return getAxis() >= 0; }
    size_t getNumChannels() const { return getScales().size(); }
    bool hasIntegerLevels() const { return true; }
    ::qnn::ref::QuantSpec getSpec() const;
  }];
}

def QNN_CodebookQuantType
    : QNN_Type<"CodebookQuant", "codebook", [QNN_QuantizedTypeInterface]> {
  let summary = "Quantized element type with an explicit table of levels";
  let description = [{
    Codes are unsigned indices into a strictly increasing table of levels:
    `value = scale * levels[code]`. Integer levels times a scale keep layers in
    exact integer arithmetic (SAWB, APoT, SLB, binary, ternary); real levels
    are the general float codebook (DQ's learned levels, Lloyd-optimal sets).
    A table may hold fewer than `2^bits` levels. Per channel, each channel has
    its own scale and either a shared table or a table of its own.

    ```mlir
    !qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.25>           // SAWB 2-bit
    !qnn.codebook<u4:f32, [0, 1, 2, 3, 4, 6, 8, 9, 12, 16, 18, 24, 32, 33, 36, 48] * 0.0625>
    !qnn.codebook<u2:f32, [-0.71, -0.2, 0.3, 1.2]>         // learned, scale 1
    !qnn.codebook<u1:f32:0, [-1, 1] * {0.5, 0.25}>         // binary per channel
    !qnn.codebook<u2:f32:1, {[-1.0, 0.5, 2.0], [-0.5, 0.1, 0.7]}>
    ```
  }];
  let parameters = (ins "unsigned":$bits, "::mlir::Type":$expressedType,
                        "int64_t":$axis, ArrayRefParameter<"double">:$scales,
                        ArrayRefParameter<"double">:$levels,
                        "unsigned":$tableSize);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let genStorageClass = 0;
  let extraClassDeclaration = [{
    bool isSigned() const { return false; }
    int64_t getStorageMin() const { return 0; }
    int64_t getStorageMax() const { return int64_t(getTableSize()) - 1; }
    bool isPerChannel() const { return getAxis() >= 0; }
    size_t getNumChannels() const { return getScales().size(); }
    size_t getNumTables() const { return getLevels().size() / getTableSize(); }
    /// The levels of channel `channel`'s table.
    ::llvm::ArrayRef<double> getTable(size_t channel) const;
    bool hasIntegerLevels() const;
    ::qnn::ref::QuantSpec getSpec() const;
  }];
}

#endif // QNN_DIALECT_QNN_IR_QNNTYPES_TD
