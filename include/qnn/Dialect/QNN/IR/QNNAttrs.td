//===- QNNAttrs.td - qnn attributes ------------------------*- tablegen -*-===//
//
// This file declares the rounding-mode enum, the packed-storage layout, the
// compilation target and the integer-layer contract of the kernels.
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

// A list of strings written in square brackets: `["avx2", "fma"]`.
class QNN_StringListParameter<string desc>
    : OptionalArrayRefParameter<"::mlir::StringAttr", desc> {
  let printer = [{
    $_printer << '[';
    ::llvm::interleaveComma($_self, $_printer);
    $_printer << ']';
  }];
  let parser = [{
    [&]() -> ::mlir::FailureOr<::llvm::SmallVector<::mlir::StringAttr>> {
      ::llvm::SmallVector<::mlir::StringAttr> values;
      if ($_parser.parseCommaSeparatedList(
              ::mlir::AsmParser::Delimiter::Square,
              [&] { return $_parser.parseAttribute(values.emplace_back()); }))
        return ::mlir::failure();
      return values;
    }()
  }];
}

def QNN_TargetAttr : AttrDef<QNN_Dialect, "Target"> {
  let mnemonic = "target";
  let summary = "The machine a module is compiled for";
  let description = [{
    Set on the module as `qnn.target`; every code generation step reads it:
    the cost model that picks each layer's kernel, the kernel generators,
    the target features of generated functions, object emission. `arch` is
    `x86_64` or `nvptx64`. For x86, `cpu` is an LLVM CPU name (`znver4`,
    `sapphirerapids`, `generic`, ...; it selects the cost model's
    instruction rates and the backend's scheduling) and `features` are LLVM
    feature names without a sign (`avx2`, `avx512vnni`, `avx512vpopcntdq`,
    `amx-int8`, ...): the instructions generated code may use. For NVIDIA
    GPUs, `cpu` is the chip (`sm_90`) and `features` the PTX features
    (`ptx80`). `qnn-attach-target` sets it from a preset (`target=avx2`,
    `native`, ...).

    ```mlir
    module attributes {qnn.target = #qnn.target<arch = "x86_64", cpu = "znver4",
        features = ["avx2", "avx512f", "avx512bw", "avx512vnni", "avx512vpopcntdq"]>} {
    }
    ```
  }];
  let parameters = (ins
    StringRefParameter<"architecture">:$arch,
    StringRefParameter<"CPU or GPU chip">:$cpu,
    QNN_StringListParameter<"features">:$features
  );
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// Whether generated code may use the instructions of `feature`.
    bool hasFeature(::llvm::StringRef feature) const;
    bool isX86() const { return getArch() == "x86_64"; }
    bool isNVPTX() const { return getArch() == "nvptx64"; }
    /// The features as LLVM writes them: "+avx2,+fma".
    std::string getLLVMFeatures() const;
    /// Whether qnn has kernels for integer layers on this target (AVX2,
    /// AVX-512 VNNI, AMX, NVIDIA GPUs): convert-qnn-to-linalg then marks
    /// them (`#qnn.layer`).
    bool hasLayerKernels() const;
    /// The module attribute that holds the target.
    static constexpr ::llvm::StringLiteral kModuleAttrName = "qnn.target";
    /// The target of `op`'s closest enclosing module (or `op` itself when
    /// it is a module) with a `qnn.target` attribute, or null.
    static TargetAttr lookup(::mlir::Operation *op);
  }];
}

def QNN_LayerKernel : I32EnumAttr<"LayerKernel",
    "the kernel family that computes an integer layer", [
      I32EnumAttrCase<"Unselected", 0, "unselected">,
      I32EnumAttrCase<"Loops", 1, "loops">,
      I32EnumAttrCase<"Vnni", 2, "vnni">,
      I32EnumAttrCase<"Avx2", 3, "avx2">,
      I32EnumAttrCase<"BitSerial", 4, "bit_serial">,
      I32EnumAttrCase<"Amx", 5, "amx">,
    ]> {
  let cppNamespace = "::mlir::qnn";
  let genSpecializedAttr = 0;
}

// A list of integers written in square brackets: `[1, 1]`.
class QNN_IntListParameter<string desc> : ArrayRefParameter<"int64_t", desc> {
  let printer = [{
    $_printer << '[';
    ::llvm::interleaveComma($_self, $_printer);
    $_printer << ']';
  }];
  let parser = [{
    [&]() -> ::mlir::FailureOr<::llvm::SmallVector<int64_t>> {
      ::llvm::SmallVector<int64_t> values;
      if ($_parser.parseCommaSeparatedList(
              ::mlir::AsmParser::Delimiter::Square,
              [&] { return $_parser.parseInteger(values.emplace_back()); }))
        return ::mlir::failure();
      return values;
    }()
  }];
}

def QNN_IntegerLayerAttr : AttrDef<QNN_Dialect, "IntegerLayer"> {
  let mnemonic = "layer";
  let summary = "The contract of a lowered integer layer with its kernels";
  let description = [{
    `convert-qnn-to-linalg{vnni-conv}` marks each integer convolution or
    dense layer it lowers for target kernels with `qnn.layer`: a
    `linalg.generic` of zero-extended u8 activations `[N][H][W][C]` (already
    padded), sign-extended s8 weights `[O][KH][KW][C]` and i32 accumulators
    `[N][OH][OW][O]`. The operand types give the shape; the attribute gives
    what the types do not:

    - `strides`, `dilations`: the window's (height, width);
    - `padding`: the (top, left, bottom, right) zero pixels the activations
      carry (the padded pixels hold the activation byte of level 0);
    - `input_max`: the largest activation byte (the activation levels span
      `[0, input_max]`; the bit-serial kernel reads its bit count from it,
      AVX2 bounds its 16-bit partial sums with it);
    - `channels`: the input channels before padding to a multiple of 4
      (channels past it have zero weights);
    - `weight_levels`: the number of distinct weight levels (at most 16
      lets kernels store 1-, 2- or 4-bit codes);
    - `kernel`: the kernel family chosen by `qnn-select-kernels` (the cost
      model of the module's `#qnn.target`), `unselected` before.

    ```mlir
    linalg.generic {...} ins(%x, %w : memref<1x58x58x64xi8>, memref<64x3x3x64xi8>)
        outs(%acc : memref<1x56x56x64xi32>)
        attrs = {qnn.layer = #qnn.layer<strides = [1, 1], dilations = [1, 1],
                 padding = [1, 1, 1, 1], input_max = 3, channels = 64,
                 weight_levels = 4, kernel = vnni>}
    ```
  }];
  let parameters = (ins
    QNN_IntListParameter<"strides">:$strides,
    QNN_IntListParameter<"dilations">:$dilations,
    QNN_IntListParameter<"padding">:$padding,
    "int64_t":$input_max,
    "int64_t":$channels,
    "int64_t":$weight_levels,
    DefaultValuedParameter<"LayerKernel", "LayerKernel::Unselected">:$kernel
  );
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// This layer with `kernel` chosen.
    IntegerLayerAttr withKernel(LayerKernel kernel) const;
  }];
}

#endif // QNN_DIALECT_QNN_IR_QNNATTRS_TD
