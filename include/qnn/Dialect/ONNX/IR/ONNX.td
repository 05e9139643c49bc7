//===- ONNX.td - The onnx dialect: ONNX graphs as imported -*- tablegen -*-===//
//
// This file declares the onnx dialect: the op-agnostic form an ONNX model
// takes right after import. Every node is one generic `onnx.node` carrying
// its domain, operator type, the domain's opset version and its attributes;
// `convert-onnx-to-qnn` gives the nodes their meaning.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_ONNX_IR_ONNX_TD
#define QNN_DIALECT_ONNX_IR_ONNX_TD

include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/IR/DialectBase.td"
include "mlir/IR/OpBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def ONNX_Dialect : Dialect {
  let name = "onnx";
  let cppNamespace = "::mlir::onnx_ir";
  let summary = "ONNX graphs as imported, one generic op per node";
  let description = [{
    `qnn-translate --import-onnx` writes a model in this dialect without
    interpreting any operator: graph inputs become function arguments,
    initializers `onnx.constant` (large ones as `dense_resource` blobs),
    and each node one `onnx.node` with the node's domain, operator type,
    the opset version the model imports for that domain and its attributes
    as MLIR attributes. Element types keep ONNX's signedness: INT8 is
    `si8`, UINT8 `ui8`, BOOL `i1`. A result whose type the file does not
    declare has type `!onnx.unknown`. `convert-onnx-to-qnn` then reads each
    node by the definition of its operator's since-version.

    ```mlir
    func.func @forward(%x: tensor<1x3x8x8xf32> {qnn.name = "x"}) -> (tensor<1x4x8x8xf32> {qnn.name = "y"}) {
      %w = onnx.constant dense_resource<w> : tensor<4x3x3x3xf32>
      %none = onnx.none
      %y = onnx.node "Conv" <"ai.onnx", 13> name "conv1" (%x, %w, %none)
             {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, none) -> tensor<1x4x8x8xf32>
      return %y : tensor<1x4x8x8xf32>
    }
    ```
  }];
  let useDefaultTypePrinterParser = 1;
}

class ONNX_Op<string mnemonic, list<Trait> traits = []>
    : Op<ONNX_Dialect, mnemonic, traits>;

def ONNX_UnknownType : TypeDef<ONNX_Dialect, "Unknown"> {
  let mnemonic = "unknown";
  let summary = "The type of a node result the file does not declare";
  let description = [{
    ONNX files need not declare the types of intermediate values;
    `convert-onnx-to-qnn` computes them from the node's inputs.
  }];
}

/// What an `onnx.node` reads: a tensor, an omitted optional input or a
/// value whose type the file leaves to be computed.
def ONNX_Input : AnyTypeOf<[AnyRankedTensor, NoneType, ONNX_UnknownType]>;
def ONNX_Output : AnyTypeOf<[AnyRankedTensor, ONNX_UnknownType]>;

def ONNX_NodeOp : ONNX_Op<"node"> {
  let summary = "One ONNX node, uninterpreted";
  let description = [{
    An ONNX NodeProto: `op_type` in `domain` (`ai.onnx` for the default
    domain), read with the opset `version` the model imports for that
    domain. Inputs are in the node's order; an omitted optional input is an
    `onnx.none` value. `attrs` holds the node's attributes: INT as
    `i64`, FLOAT as `f32`, STRING as a string, TENSOR as an elements
    attribute, INTS as `array<i64>`, FLOATS as `array<f32>`, STRINGS as an
    array of strings. `name` is the node's name (diagnostics name it; the
    location does too, when it survives). Inputs are ranked tensors, the
    `none` of an omitted input or `!onnx.unknown`; results ranked tensors or
    `!onnx.unknown`. INT attributes are `i64` (FLOAT ones may be any float
    type) and every tensor holds integers or floats.

    ```mlir
    %y = onnx.node "Relu" <"ai.onnx", 14> name "relu1" (%x) {} : (tensor<4xf32>) -> tensor<4xf32>
    ```
  }];
  let arguments = (ins Variadic<ONNX_Input>:$inputs, StrAttr:$op_type,
                       StrAttr:$domain, I64Attr:$version,
                       DictionaryAttr:$attrs, OptionalAttr<StrAttr>:$name);
  let results = (outs Variadic<ONNX_Output>:$outputs);
  let assemblyFormat = [{
    $op_type `<` $domain `,` $version `>` (`name` $name^)? `(` $inputs `)`
    $attrs attr-dict
    `:` functional-type($inputs, $outputs)
  }];
  let hasVerifier = 1;
}

def ONNX_NoneOp : ONNX_Op<"none", [Pure]> {
  let summary = "An omitted optional input";
  let description = [{
    ```mlir
    %none = onnx.none
    ```
  }];
  let results = (outs NoneType:$result);
  let assemblyFormat = "attr-dict";
  let builders = [OpBuilder<(ins), [{
    build($_builder, $_state, $_builder.getNoneType());
  }]>];
}

def ONNX_ConstantOp : ONNX_Op<"constant", [ConstantLike, Pure,
    AllTypesMatch<["value", "result"]>]> {
  let summary = "An initializer";
  let description = [{
    A graph initializer (or a tensor the importer reads from a file):
    its elements, with ONNX's element type (an integer or a float). Large
    ones are `dense_resource` blobs, which the tools pass between them in
    bytecode without printing.

    ```mlir
    %shape = onnx.constant dense<[1, -1]> : tensor<2xsi64>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs AnyStaticShapeTensor:$result);
  let builders = [OpBuilder<(ins "::mlir::ElementsAttr":$value), [{
    build($_builder, $_state, value.getShapedType(), value);
  }]>];
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
  let hasVerifier = 1;
}

def ONNX_AnnotationOp : ONNX_Op<"annotation", [Pure,
    AllTypesMatch<["input", "result"]>]> {
  let summary = "The quantization annotation of one graph value";
  let description = [{
    An entry of the graph's `quantization_annotation`: the value named
    `tensor_name` and its `quant_parameter_tensor_names`, key to string
    value (FINN writes `finn_datatype`, e.g. `"INT2"`). The importer puts it
    right after the value's definition; every later use reads the result,
    which is the input unchanged. `convert-onnx-to-qnn` checks the values it
    infers against `finn_datatype` and gives annotated integer constants a
    quantized type.

    ```mlir
    %a = onnx.annotation "t0" %x {finn_datatype = "UINT2"} : tensor<1x8xf32>
    ```
  }];
  let arguments = (ins ONNX_Output:$input, StrAttr:$tensor_name,
                       DictionaryAttr:$entries);
  let results = (outs ONNX_Output:$result);
  let assemblyFormat = "$tensor_name $input $entries attr-dict `:` type($input)";
  let hasVerifier = 1;
}

#endif // QNN_DIALECT_ONNX_IR_ONNX_TD
