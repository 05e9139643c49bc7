// RUN: qnn-opt %s --convert-onnx-to-qnn -split-input-file -verify-diagnostics -allow-unregistered-dialect

// Errors of the driver and the binder: operators, versions, the signature,
// the operands, where nodes sit.

func.func @unsupported(%x: tensor<2x2xf32>) -> !onnx.unknown {
  // expected-error @+1 {{Unique node 'n': unsupported operator Unique (domain 'ai.onnx', opset 17)}}
  %y = onnx.node "Unique" <"ai.onnx", 17> name "n" (%x) {} : (tensor<2x2xf32>) -> !onnx.unknown
  return %y : !onnx.unknown
}

// -----

func.func @not_onnx(%x: tensor<2xf32>) -> !onnx.unknown {
  // expected-error @+1 {{Frobnicate node 'n': unsupported operator Frobnicate (domain 'ai.onnx', opset 13): ONNX defines no such operator}}
  %y = onnx.node "Frobnicate" <"ai.onnx", 13> name "n" (%x) {} : (tensor<2xf32>) -> !onnx.unknown
  return %y : !onnx.unknown
}

// -----

func.func @too_new(%x: tensor<2xf32>) -> !onnx.unknown {
  // expected-error @+1 {{Relu node 'n': opset 29 is newer than qnn knows (28)}}
  %y = onnx.node "Relu" <"ai.onnx", 29> name "n" (%x) {} : (tensor<2xf32>) -> !onnx.unknown
  return %y : !onnx.unknown
}

// -----

func.func @not_yet_defined(%x: tensor<2xf32>) -> !onnx.unknown {
  // expected-error @+1 {{Gelu node 'n': Gelu is not defined in opset 13 (it first appears in opset 20)}}
  %y = onnx.node "Gelu" <"ai.onnx", 13> name "n" (%x) {} : (tensor<2xf32>) -> !onnx.unknown
  return %y : !onnx.unknown
}

// -----

func.func @version_not_read(%x: tensor<2xf32>, %r: tensor<2xf32>, %a: tensor<1xf32>) -> !onnx.unknown {
  // expected-error @+1 {{Tile node 'n': Tile-1 (the definition opset 5 reads) is not supported; qnn reads Tile-6, Tile-13}}
  %y = onnx.node "Tile" <"ai.onnx", 5> name "n" (%x, %r, %a) {} : (tensor<2xf32>, tensor<2xf32>, tensor<1xf32>) -> !onnx.unknown
  return %y : !onnx.unknown
}

// -----

func.func @other_domain(%x: tensor<2xf32>) -> !onnx.unknown {
  // expected-error @+1 {{Not node 'n' (domain 'com.example'): unsupported operator Not (domain 'com.example', opset 1)}}
  %y = onnx.node "Not" <"com.example", 1> name "n" (%x) {} : (tensor<2xf32>) -> !onnx.unknown
  return %y : !onnx.unknown
}

// -----


// expected-error @+1 {{argument #0 has type 'tensor<?x2xf32>': qnn compiles static shapes}}
func.func @dynamic_argument(%x: tensor<?x2xf32>) -> !onnx.unknown {
  %y = onnx.node "Relu" <"ai.onnx", 14> (%x) {} : (tensor<?x2xf32>) -> !onnx.unknown
  return %y : !onnx.unknown
}

// -----

// expected-error @+1 {{argument #1 has unsupported type 'tensor<2xindex>'}}
func.func @index_argument(%x: tensor<2xf32>, %i: tensor<2xindex>) -> !onnx.unknown {
  %y = onnx.node "Relu" <"ai.onnx", 14> (%x) {} : (tensor<2xf32>) -> !onnx.unknown
  return %y : !onnx.unknown
}

// -----

// expected-error @+1 {{argument #0 is not a ranked tensor}}
func.func @memref_argument(%m: memref<2xf32>, %x: tensor<2xsi8>) -> tensor<2xsi8> {
  %y = onnx.node "Identity" <"ai.onnx", 16> (%x) {} : (tensor<2xsi8>) -> tensor<2xsi8>
  return %y : tensor<2xsi8>
}

// -----

// Nodes are converted in the entry block: one in a region would be left
// behind.
func.func @nested(%x: tensor<2xf32>, %c: i1) -> tensor<2xf32> {
  %r = scf.if %c -> tensor<2xf32> {
    // expected-error @+1 {{onnx operations must be in the function's entry block, not in a nested region or another block}}
    %y = onnx.node "Relu" <"ai.onnx", 14> (%x) {} : (tensor<2xf32>) -> tensor<2xf32>
    scf.yield %y : tensor<2xf32>
  } else {
    scf.yield %x : tensor<2xf32>
  }
  return %r : tensor<2xf32>
}

// -----

// A value of another dialect that is not a static tensor of signless
// integers or floats cannot feed a node.
func.func @foreign_operand(%x: tensor<2xf32>) -> !onnx.unknown {
  %n = arith.constant 2 : index
  %c = tensor.empty(%n) : tensor<?xf32>
  // expected-error @+1 {{Add node 'n': input 1 of type 'tensor<?xf32>' is not a statically shaped tensor of floats or signless integers}}
  %y = onnx.node "Add" <"ai.onnx", 14> name "n" (%x, %c) {} : (tensor<2xf32>, tensor<?xf32>) -> !onnx.unknown
  return %y : !onnx.unknown
}

// -----

// (An op of an unregistered dialect: the pass used to crash on its null
// dialect.)
func.func @none_read_elsewhere(%x: tensor<2xf32>) -> tensor<2xf32> {
  %none = onnx.none
  %y = onnx.node "Relu" <"ai.onnx", 14> (%x) {} : (tensor<2xf32>) -> tensor<2xf32>
  // expected-error @+1 {{reads an onnx value that has no converted value}}
  "test.use"(%none) : (none) -> ()
  return %y : tensor<2xf32>
}

// -----

func.func @output_not_defined(%x: tensor<4xf32>) -> tensor<4xf32> {
  // Dropout's mask: defined. The Relu's second output: no such output.
  // expected-error @+1 {{Relu node 'n': output 1 is not supported}}
  %y:2 = onnx.node "Relu" <"ai.onnx", 14> name "n" (%x) {} : (tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
  return %y#1 : tensor<4xf32>
}

// -----


func.func @none_output(%x: tensor<4xf32>) -> none {
  %none = onnx.none
  %y = onnx.node "Relu" <"ai.onnx", 14> (%x) {} : (tensor<4xf32>) -> tensor<4xf32>
  // expected-error @+1 {{graph output #0 is 'none': outputs must be statically shaped tensors}}
  return %none : none
}
