// RUN: qnn-opt %s --convert-onnx-to-qnn -split-input-file -verify-diagnostics | FileCheck %s

// Reshape's -1 and 0 entries, resolved at compile time.
// CHECK-LABEL: func.func @reshape
// CHECK: tosa.reshape %{{.*}} : (tensor<2x3x4xf32>, !tosa.shape<2>) -> tensor<2x12xf32>
func.func @reshape(%x: tensor<2x3x4xf32>) -> tensor<2x12xf32> {
  %s = onnx.constant dense<[0, -1]> : tensor<2xsi64>
  %y = onnx.node "Reshape" <"ai.onnx", 14> name "r" (%x, %s) {} : (tensor<2x3x4xf32>, tensor<2xsi64>) -> tensor<2x12xf32>
  return %y : tensor<2x12xf32>
}

// -----

func.func @reshape_two_inferred(%x: tensor<2x3x4xf32>) -> tensor<2x12xf32> {
  %s = onnx.constant dense<[-1, -1]> : tensor<2xsi64>
  // expected-error @+1 {{Reshape node 'r': more than one -1 in the shape}}
  %y = onnx.node "Reshape" <"ai.onnx", 14> name "r" (%x, %s) {} : (tensor<2x3x4xf32>, tensor<2xsi64>) -> tensor<2x12xf32>
  return %y : tensor<2x12xf32>
}

// -----

// CHECK-LABEL: func.func @flatten_transpose
// CHECK: %[[F:.*]] = tosa.reshape %{{.*}} -> tensor<6x4xf32>
// CHECK: tosa.transpose %[[F]] {perms = array<i32: 1, 0>} : (tensor<6x4xf32>) -> tensor<4x6xf32>
func.func @flatten_transpose(%x: tensor<2x3x4xf32>) -> tensor<4x6xf32> {
  %f = onnx.node "Flatten" <"ai.onnx", 13> name "f" (%x) {axis = -1 : i64} : (tensor<2x3x4xf32>) -> tensor<6x4xf32>
  %y = onnx.node "Transpose" <"ai.onnx", 13> name "t" (%f) {} : (tensor<6x4xf32>) -> tensor<4x6xf32>
  return %y : tensor<4x6xf32>
}

// -----

func.func @transpose_bad_perm(%x: tensor<2x3xf32>) -> tensor<2x2xf32> {
  // expected-error @+1 {{Transpose node 't': perm [0, 0] is not a permutation of rank 2}}
  %y = onnx.node "Transpose" <"ai.onnx", 13> name "t" (%x) {perm = array<i64: 0, 0>} : (tensor<2x3xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// -----

// Squeeze-13 and Unsqueeze-13 read their axes from an input.
// CHECK-LABEL: func.func @squeeze_unsqueeze
// CHECK: tosa.reshape %{{.*}} -> tensor<3xf32>
// CHECK: tosa.reshape %{{.*}} -> tensor<3x1xf32>
func.func @squeeze_unsqueeze(%x: tensor<1x3xf32>) -> tensor<3x1xf32> {
  %a = onnx.constant dense<[0]> : tensor<1xsi64>
  %b = onnx.constant dense<[-1]> : tensor<1xsi64>
  %s = onnx.node "Squeeze" <"ai.onnx", 13> name "s" (%x, %a) {} : (tensor<1x3xf32>, tensor<1xsi64>) -> tensor<3xf32>
  %y = onnx.node "Unsqueeze" <"ai.onnx", 13> name "u" (%s, %b) {} : (tensor<3xf32>, tensor<1xsi64>) -> tensor<3x1xf32>
  return %y : tensor<3x1xf32>
}

// -----

func.func @squeeze_not_one(%x: tensor<1x3xf32>) -> tensor<1xf32> {
  %a = onnx.constant dense<[1]> : tensor<1xsi64>
  // expected-error @+1 {{Squeeze node 's': dimension 1 has size 3, not 1}}
  %s = onnx.node "Squeeze" <"ai.onnx", 13> name "s" (%x, %a) {} : (tensor<1x3xf32>, tensor<1xsi64>) -> tensor<1xf32>
  return %s : tensor<1xf32>
}

// -----

// CHECK-LABEL: func.func @concat_split
// CHECK: %[[C:.*]] = tosa.concat %{{.*}}, %{{.*}} {axis = 1 : i32} : (tensor<2x3xi8>, tensor<2x1xi8>) -> tensor<2x4xi8>
// CHECK: tosa.slice %[[C]]
// CHECK-SAME: -> tensor<2x1xi8>
// CHECK: tosa.slice %[[C]]
// CHECK-SAME: -> tensor<2x3xi8>
func.func @concat_split(%a: tensor<2x3xsi8>, %b: tensor<2x1xsi8>) -> (tensor<2x1xsi8>, tensor<2x3xsi8>) {
  %c = onnx.node "Concat" <"ai.onnx", 13> name "c" (%a, %b) {axis = 1 : i64} : (tensor<2x3xsi8>, tensor<2x1xsi8>) -> tensor<2x4xsi8>
  %parts = onnx.constant dense<[1, 3]> : tensor<2xsi64>
  %s:2 = onnx.node "Split" <"ai.onnx", 18> name "s" (%c, %parts) {axis = -1 : i64} : (tensor<2x4xsi8>, tensor<2xsi64>) -> (tensor<2x1xsi8>, tensor<2x3xsi8>)
  return %s#0, %s#1 : tensor<2x1xsi8>, tensor<2x3xsi8>
}

// -----

func.func @split_bad_sizes(%a: tensor<4xf32>) -> (tensor<1xf32>, tensor<2xf32>) {
  %parts = onnx.constant dense<[1, 2]> : tensor<2xsi64>
  // expected-error @+1 {{Split node 's': split sizes add up to 3, not 4}}
  %s:2 = onnx.node "Split" <"ai.onnx", 13> name "s" (%a, %parts) {} : (tensor<4xf32>, tensor<2xsi64>) -> (tensor<1xf32>, tensor<2xf32>)
  return %s#0, %s#1 : tensor<1xf32>, tensor<2xf32>
}

// -----

// Slice with a negative step gathers; Expand broadcasts.
// CHECK-LABEL: func.func @slice_expand
// CHECK: linalg.generic
// CHECK: tensor.extract %{{.*}} : tensor<5xf32>
// CHECK: } -> tensor<2xf32>
// CHECK: linalg.generic
// CHECK: } -> tensor<3x2xf32>
func.func @slice_expand(%x: tensor<5xf32>) -> tensor<3x2xf32> {
  %starts = onnx.constant dense<[-1]> : tensor<1xsi64>
  %ends = onnx.constant dense<[0]> : tensor<1xsi64>
  %axes = onnx.constant dense<[0]> : tensor<1xsi64>
  %steps = onnx.constant dense<[-3]> : tensor<1xsi64>
  %s = onnx.node "Slice" <"ai.onnx", 13> name "s" (%x, %starts, %ends, %axes, %steps) {} : (tensor<5xf32>, tensor<1xsi64>, tensor<1xsi64>, tensor<1xsi64>, tensor<1xsi64>) -> tensor<2xf32>
  %shape = onnx.constant dense<[3, 1]> : tensor<2xsi64>
  %y = onnx.node "Expand" <"ai.onnx", 13> name "e" (%s, %shape) {} : (tensor<2xf32>, tensor<2xsi64>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

func.func @slice_zero_step(%x: tensor<5xf32>) -> tensor<2xf32> {
  %starts = onnx.constant dense<[0]> : tensor<1xsi64>
  %ends = onnx.constant dense<[2]> : tensor<1xsi64>
  %axes = onnx.constant dense<[0]> : tensor<1xsi64>
  %steps = onnx.constant dense<[0]> : tensor<1xsi64>
  // expected-error @+1 {{Slice node 's': a step is 0}}
  %s = onnx.node "Slice" <"ai.onnx", 13> name "s" (%x, %starts, %ends, %axes, %steps) {} : (tensor<5xf32>, tensor<1xsi64>, tensor<1xsi64>, tensor<1xsi64>, tensor<1xsi64>) -> tensor<2xf32>
  return %s : tensor<2xf32>
}

// -----

// Gather clamps run-time indices into the axis and wraps negative ones.
// CHECK-LABEL: func.func @gather
// CHECK: linalg.generic
// CHECK: %[[I:.*]] = arith.index_cast %{{.*}} : i64 to index
// CHECK: arith.cmpi slt, %[[I]]
// CHECK: arith.maxsi
// CHECK: arith.minsi
// CHECK: tensor.extract %{{.*}} : tensor<4x3xf32>
func.func @gather(%x: tensor<4x3xf32>, %i: tensor<2xsi64>) -> tensor<2x3xf32> {
  %y = onnx.node "Gather" <"ai.onnx", 13> name "g" (%x, %i) {} : (tensor<4x3xf32>, tensor<2xsi64>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @gather_constant_out_of_range(%x: tensor<4x3xf32>) -> tensor<1x3xf32> {
  %i = onnx.constant dense<[4]> : tensor<1xsi64>
  // expected-error @+1 {{Gather node 'g': index 4 is out of range for size 4}}
  %y = onnx.node "Gather" <"ai.onnx", 13> name "g" (%x, %i) {} : (tensor<4x3xf32>, tensor<1xsi64>) -> tensor<1x3xf32>
  return %y : tensor<1x3xf32>
}

// -----

// CHECK-LABEL: func.func @tile_pad
// CHECK: linalg.generic
// CHECK: arith.remui
// CHECK: } -> tensor<4x3xf32>
// CHECK: tosa.pad
// CHECK-SAME: -> tensor<6x4xf32>
func.func @tile_pad(%x: tensor<2x3xf32>) -> tensor<6x4xf32> {
  %r = onnx.constant dense<[2, 1]> : tensor<2xsi64>
  %t = onnx.node "Tile" <"ai.onnx", 13> name "t" (%x, %r) {} : (tensor<2x3xf32>, tensor<2xsi64>) -> tensor<4x3xf32>
  %p = onnx.constant dense<[1, 0, 1, 1]> : tensor<4xsi64>
  %y = onnx.node "Pad" <"ai.onnx", 19> name "p" (%t, %p) {} : (tensor<4x3xf32>, tensor<4xsi64>) -> tensor<6x4xf32>
  return %y : tensor<6x4xf32>
}

// -----

func.func @pad_wrap_too_old(%x: tensor<2x3xf32>) -> tensor<2x5xf32> {
  %p = onnx.constant dense<[0, 1, 0, 1]> : tensor<4xsi64>
  // expected-error @+1 {{Pad node 'p': mode 'wrap' needs opset 19}}
  %y = onnx.node "Pad" <"ai.onnx", 18> name "p" (%x, %p) {mode = "wrap"} : (tensor<2x3xf32>, tensor<4xsi64>) -> tensor<2x5xf32>
  return %y : tensor<2x5xf32>
}

// -----

// CHECK-LABEL: func.func @depth_space
// CHECK-COUNT-2: tosa.transpose
func.func @depth_space(%x: tensor<1x8x2x2xf32>) -> tensor<1x8x2x2xf32> {
  %d = onnx.node "DepthToSpace" <"ai.onnx", 13> name "d" (%x) {blocksize = 2 : i64, mode = "CRD"} : (tensor<1x8x2x2xf32>) -> tensor<1x2x4x4xf32>
  %s = onnx.node "SpaceToDepth" <"ai.onnx", 13> name "s" (%d) {blocksize = 2 : i64} : (tensor<1x2x4x4xf32>) -> tensor<1x8x2x2xf32>
  return %s : tensor<1x8x2x2xf32>
}

// -----

func.func @depth_to_space_channels(%x: tensor<1x6x2x2xf32>) -> tensor<1x1x4x4xf32> {
  // expected-error @+1 {{DepthToSpace node 'd': channels 6 are not a multiple of 4}}
  %d = onnx.node "DepthToSpace" <"ai.onnx", 13> name "d" (%x) {blocksize = 2 : i64} : (tensor<1x6x2x2xf32>) -> tensor<1x1x4x4xf32>
  return %d : tensor<1x1x4x4xf32>
}

// -----

// GatherElements reads through the index of each output element, wrapped
// and clamped into the axis.
// CHECK-LABEL: func.func @gather_elements
// CHECK-SAME: %[[X:.*]]: tensor<3x4xf32> {{.*}}, %[[I:.*]]: tensor<3x2xi32>
// CHECK: linalg.generic {{.*}} ins(%[[I]] : tensor<3x2xi32>)
// CHECK: ^bb0(%[[RAW:.*]]: i32, %{{.*}}: f32):
// CHECK: %[[R:.*]] = linalg.index 0
// CHECK: %[[IDX:.*]] = arith.index_cast %[[RAW]] : i32 to index
// CHECK: arith.cmpi slt, %[[IDX]]
// CHECK: arith.addi %[[IDX]], %c4
// CHECK: arith.maxsi
// CHECK: %[[C:.*]] = arith.minsi
// CHECK: tensor.extract %[[X]][%[[R]], %[[C]]] : tensor<3x4xf32>
func.func @gather_elements(%x: tensor<3x4xf32>, %i: tensor<3x2xsi32>) -> tensor<3x2xf32> {
  %y = onnx.node "GatherElements" <"ai.onnx", 13> name "g" (%x, %i) {axis = 1 : i64} : (tensor<3x4xf32>, tensor<3x2xsi32>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

func.func @gather_elements_too_many_rows(%x: tensor<3x4xf32>, %i: tensor<4x2xsi64>) -> tensor<4x2xf32> {
  // expected-error @+1 {{GatherElements node 'g': indices [4, 2] exceed data [3, 4] in dimension 0}}
  %y = onnx.node "GatherElements" <"ai.onnx", 13> name "g" (%x, %i) {axis = 1 : i64} : (tensor<3x4xf32>, tensor<4x2xsi64>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

// -----

func.func @gather_elements_constant_out_of_range(%x: tensor<3x4xf32>) -> tensor<1x1xf32> {
  %i = onnx.constant dense<[[-5]]> : tensor<1x1xsi64>
  // expected-error @+1 {{GatherElements node 'g': index -5 is out of range for size 4}}
  %y = onnx.node "GatherElements" <"ai.onnx", 13> name "g" (%x, %i) {axis = 1 : i64} : (tensor<3x4xf32>, tensor<1x1xsi64>) -> tensor<1x1xf32>
  return %y : tensor<1x1xf32>
}

// -----

func.func @gather_elements_float_indices(%x: tensor<3x4xf32>, %i: tensor<3x4xf32>) -> tensor<3x4xf32> {
  // expected-error @+1 {{GatherElements node 'g': indices must be integers, not 'f32'}}
  %y = onnx.node "GatherElements" <"ai.onnx", 13> name "g" (%x, %i) {} : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  return %y : tensor<3x4xf32>
}

// -----

// GatherND with a batch dimension: each index tuple reads its batch's
// slice.
// CHECK-LABEL: func.func @gather_nd
// CHECK-SAME: %[[X:.*]]: tensor<2x3x4xf32> {{.*}}, %[[I:.*]]: tensor<2x1xi64>
// CHECK: linalg.generic
// CHECK: %[[B:.*]] = linalg.index 0
// CHECK: %[[K:.*]] = linalg.index 1
// CHECK: tensor.extract %[[I]][%[[B]], %c0{{.*}}] : tensor<2x1xi64>
// CHECK: %[[J:.*]] = arith.minsi %{{.*}}, %c2
// CHECK: tensor.extract %[[X]][%[[B]], %[[J]], %[[K]]] : tensor<2x3x4xf32>
// CHECK: } -> tensor<2x4xf32>
func.func @gather_nd(%x: tensor<2x3x4xf32>, %i: tensor<2x1xsi64>) -> tensor<2x4xf32> {
  %y = onnx.node "GatherND" <"ai.onnx", 13> name "g" (%x, %i) {batch_dims = 1 : i64} : (tensor<2x3x4xf32>, tensor<2x1xsi64>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

func.func @gather_nd_long_tuples(%x: tensor<2x3x4xf32>, %i: tensor<2x3xsi64>) -> tensor<2xf32> {
  // expected-error @+1 {{GatherND node 'g': the last dimension of indices (3) must be in [1, 2]}}
  %y = onnx.node "GatherND" <"ai.onnx", 13> name "g" (%x, %i) {batch_dims = 1 : i64} : (tensor<2x3x4xf32>, tensor<2x3xsi64>) -> tensor<2xf32>
  return %y : tensor<2xf32>
}

// -----

func.func @gather_nd_batch_dims(%x: tensor<2x3x4xf32>, %i: tensor<2x1xsi64>) -> tensor<2xf32> {
  // expected-error @+1 {{GatherND node 'g': batch_dims 2 must be in [0, 2)}}
  %y = onnx.node "GatherND" <"ai.onnx", 12> name "g" (%x, %i) {batch_dims = 2 : i64} : (tensor<2x3x4xf32>, tensor<2x1xsi64>) -> tensor<2xf32>
  return %y : tensor<2xf32>
}

// -----

func.func @gather_nd_11_batch_dims(%x: tensor<2x3x4xf32>, %i: tensor<2x1xsi64>) -> tensor<2x4xf32> {
  // expected-error @+1 {{attribute 'batch_dims' (1 : i64) is not supported by qnn's reading of GatherND-11}}
  %y = onnx.node "GatherND" <"ai.onnx", 11> name "g" (%x, %i) {batch_dims = 1 : i64} : (tensor<2x3x4xf32>, tensor<2x1xsi64>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

// ScatterElements walks the updates in order in an scf.for nest over a
// copy of the data; with a reduction, each update combines with what is
// there (duplicates included).
// CHECK-LABEL: func.func @scatter_elements_mul
// CHECK-SAME: %[[D:.*]]: tensor<2x5xi32> {{.*}}, %[[I:.*]]: tensor<2x2xi64> {{.*}}, %[[U:.*]]: tensor<2x2xi32>
// CHECK: %[[E:.*]] = tensor.empty() : tensor<2x5xi32>
// CHECK: %[[COPY:.*]] = linalg.copy ins(%[[D]] : tensor<2x5xi32>) outs(%[[E]] : tensor<2x5xi32>)
// CHECK: %[[R:.*]] = scf.for %[[A:.*]] = %c0 to %c2 step %c1 iter_args(%[[T0:.*]] = %[[COPY]])
// CHECK: scf.for %[[B:.*]] = %c0 to %c2{{.*}} step %c1 iter_args(%[[T:.*]] = %[[T0]])
// CHECK: %[[RAW:.*]] = tensor.extract %[[I]][%[[A]], %[[B]]]
// CHECK: %[[COL:.*]] = arith.minsi
// CHECK: %[[UPD:.*]] = tensor.extract %[[U]][%[[A]], %[[B]]]
// CHECK: %[[OLD:.*]] = tensor.extract %[[T]][%[[A]], %[[COL]]]
// CHECK: %[[NEW:.*]] = arith.muli %[[OLD]], %[[UPD]] : i32
// CHECK: tensor.insert %[[NEW]] into %[[T]][%[[A]], %[[COL]]]
// CHECK: return %[[R]]
func.func @scatter_elements_mul(%d: tensor<2x5xsi32>, %i: tensor<2x2xsi64>, %u: tensor<2x2xsi32>) -> tensor<2x5xsi32> {
  %y = onnx.node "ScatterElements" <"ai.onnx", 18> name "s" (%d, %i, %u) {axis = 1 : i64, reduction = "mul"} : (tensor<2x5xsi32>, tensor<2x2xsi64>, tensor<2x2xsi32>) -> tensor<2x5xsi32>
  return %y : tensor<2x5xsi32>
}

// -----

// Unsigned data take unsigned maxima; bool data combine as logic.
// CHECK-LABEL: func.func @scatter_elements_max_min
// CHECK: arith.maxui %{{.*}}, %{{.*}} : i8
// CHECK: arith.andi %{{.*}}, %{{.*}} : i1
func.func @scatter_elements_max_min(%d: tensor<4xui8>, %i: tensor<2xsi64>, %u: tensor<2xui8>, %bd: tensor<4xi1>, %bu: tensor<2xi1>) -> (tensor<4xui8>, tensor<4xi1>) {
  %y = onnx.node "ScatterElements" <"ai.onnx", 18> name "s" (%d, %i, %u) {reduction = "max"} : (tensor<4xui8>, tensor<2xsi64>, tensor<2xui8>) -> tensor<4xui8>
  %b = onnx.node "ScatterElements" <"ai.onnx", 18> name "b" (%bd, %i, %bu) {reduction = "min"} : (tensor<4xi1>, tensor<2xsi64>, tensor<2xi1>) -> tensor<4xi1>
  return %y, %b : tensor<4xui8>, tensor<4xi1>
}

// -----

// The deprecated Scatter is ScatterElements without a reduction.
// CHECK-LABEL: func.func @scatter
// CHECK: scf.for
// CHECK-NOT: arith.addf
// CHECK: tensor.insert
func.func @scatter(%d: tensor<3xf32>, %i: tensor<2xsi64>, %u: tensor<2xf32>) -> tensor<3xf32> {
  %y = onnx.node "Scatter" <"ai.onnx", 9> name "s" (%d, %i, %u) {} : (tensor<3xf32>, tensor<2xsi64>, tensor<2xf32>) -> tensor<3xf32>
  return %y : tensor<3xf32>
}

// -----

func.func @scatter_11(%d: tensor<3xf32>, %i: tensor<2xsi64>, %u: tensor<2xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{Scatter node 's': Scatter-11 (the definition opset 11 reads) is not supported; qnn reads Scatter-9}}
  %y = onnx.node "Scatter" <"ai.onnx", 11> name "s" (%d, %i, %u) {} : (tensor<3xf32>, tensor<2xsi64>, tensor<2xf32>) -> tensor<3xf32>
  return %y : tensor<3xf32>
}

// -----

func.func @scatter_elements_max_16(%d: tensor<4xf32>, %i: tensor<2xsi64>, %u: tensor<2xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{ScatterElements node 's': reduction 'max' is not one of none, add, mul (ScatterElements-16)}}
  %y = onnx.node "ScatterElements" <"ai.onnx", 17> name "s" (%d, %i, %u) {reduction = "max"} : (tensor<4xf32>, tensor<2xsi64>, tensor<2xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @scatter_elements_shapes(%d: tensor<4xf32>, %i: tensor<2xsi64>, %u: tensor<3xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{ScatterElements node 's': indices [2] and updates [3] differ in shape}}
  %y = onnx.node "ScatterElements" <"ai.onnx", 18> name "s" (%d, %i, %u) {} : (tensor<4xf32>, tensor<2xsi64>, tensor<3xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @scatter_elements_types(%d: tensor<4xf32>, %i: tensor<2xsi64>, %u: tensor<2xf16>) -> tensor<4xf32> {
  // expected-error @+1 {{ScatterElements node 's': updates ('f16') and data ('f32') differ in element type}}
  %y = onnx.node "ScatterElements" <"ai.onnx", 18> name "s" (%d, %i, %u) {} : (tensor<4xf32>, tensor<2xsi64>, tensor<2xf16>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// ScatterND: each index tuple addresses a slice of the data.
// CHECK-LABEL: func.func @scatter_nd
// CHECK-SAME: %[[D:.*]]: tensor<4x3xf32> {{.*}}, %[[I:.*]]: tensor<2x1xi64> {{.*}}, %[[U:.*]]: tensor<2x3xf32>
// CHECK: scf.for %[[A:.*]] = %c0 to %c2
// CHECK: scf.for %[[B:.*]] = %c0 to %c3 {{.*}} iter_args(%[[T:.*]] = %{{.*}})
// CHECK: tensor.extract %[[I]][%[[A]], %c0{{.*}}] : tensor<2x1xi64>
// CHECK: %[[ROW:.*]] = arith.minsi %{{.*}}, %c3
// CHECK: %[[UPD:.*]] = tensor.extract %[[U]][%[[A]], %[[B]]]
// CHECK: tensor.insert %[[UPD]] into %[[T]][%[[ROW]], %[[B]]]
func.func @scatter_nd(%d: tensor<4x3xf32>, %i: tensor<2x1xsi64>, %u: tensor<2x3xf32>) -> tensor<4x3xf32> {
  %y = onnx.node "ScatterND" <"ai.onnx", 13> name "s" (%d, %i, %u) {} : (tensor<4x3xf32>, tensor<2x1xsi64>, tensor<2x3xf32>) -> tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}

// -----

func.func @scatter_nd_updates(%d: tensor<4x3xf32>, %i: tensor<2x1xsi64>, %u: tensor<2x2xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{ScatterND node 's': updates [2, 2] must have shape [2, 3] (indices [2, 1], data [4, 3])}}
  %y = onnx.node "ScatterND" <"ai.onnx", 13> name "s" (%d, %i, %u) {} : (tensor<4x3xf32>, tensor<2x1xsi64>, tensor<2x2xf32>) -> tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}

// -----

func.func @scatter_nd_13_reduction(%d: tensor<4x3xf32>, %i: tensor<2x1xsi64>, %u: tensor<2x3xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{attribute 'reduction' ("add") is not supported by qnn's reading of ScatterND-13}}
  %y = onnx.node "ScatterND" <"ai.onnx", 13> name "s" (%d, %i, %u) {reduction = "add"} : (tensor<4x3xf32>, tensor<2x1xsi64>, tensor<2x3xf32>) -> tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}

// -----

// OneHot: off and on are read at run time, the depth at compile time;
// negative indices count from the depth (OneHot-11).
// CHECK-LABEL: func.func @one_hot
// CHECK-SAME: %[[I:.*]]: tensor<2xi64> {{.*}}, %[[V:.*]]: tensor<2xf32>
// CHECK-DAG: %[[OFF:.*]] = tensor.extract %[[V]][%c0]
// CHECK-DAG: %[[ON:.*]] = tensor.extract %[[V]][%c1]
// CHECK: linalg.generic
// CHECK: %[[P:.*]] = linalg.index 0
// CHECK: %[[Q:.*]] = linalg.index 1
// CHECK: %[[RAW:.*]] = tensor.extract %[[I]][%[[Q]]]
// CHECK: %[[NEG:.*]] = arith.cmpi slt, %[[RAW]]
// CHECK: %[[W:.*]] = arith.select %[[NEG]]
// CHECK: %[[POS:.*]] = arith.index_cast %[[P]] : index to i64
// CHECK: %[[M:.*]] = arith.cmpi eq, %[[W]], %[[POS]]
// CHECK: arith.select %{{.*}}, %[[ON]], %[[OFF]] : f32
// CHECK: } -> tensor<3x2xf32>
func.func @one_hot(%i: tensor<2xsi64>, %v: tensor<2xf32>) -> tensor<3x2xf32> {
  %depth = onnx.constant dense<3.0> : tensor<f32>
  %y = onnx.node "OneHot" <"ai.onnx", 11> name "o" (%i, %depth, %v) {axis = 0 : i64} : (tensor<2xsi64>, tensor<f32>, tensor<2xf32>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

func.func @one_hot_runtime_depth(%i: tensor<2xsi64>, %depth: tensor<si64>, %v: tensor<2xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{OneHot node 'o': input 1 (depth) must be known at compile time: qnn compiles static shapes}}
  %y = onnx.node "OneHot" <"ai.onnx", 11> name "o" (%i, %depth, %v) {} : (tensor<2xsi64>, tensor<si64>, tensor<2xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @one_hot_zero_depth(%i: tensor<2xsi64>, %v: tensor<2xf32>) -> tensor<2x0xf32> {
  %depth = onnx.constant dense<0> : tensor<si64>
  // expected-error @+1 {{OneHot node 'o': depth 0 must be positive}}
  %y = onnx.node "OneHot" <"ai.onnx", 11> name "o" (%i, %depth, %v) {} : (tensor<2xsi64>, tensor<si64>, tensor<2xf32>) -> tensor<2x0xf32>
  return %y : tensor<2x0xf32>
}

// -----

func.func @one_hot_values(%i: tensor<2xsi64>, %v: tensor<3xf32>) -> tensor<2x3xf32> {
  %depth = onnx.constant dense<3> : tensor<si64>
  // expected-error @+1 {{OneHot node 'o': values must be [off_value, on_value], not of shape [3]}}
  %y = onnx.node "OneHot" <"ai.onnx", 11> name "o" (%i, %depth, %v) {} : (tensor<2xsi64>, tensor<si64>, tensor<3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

// Trilu with a run-time k: the diagonal offset is compared per element.
// CHECK-LABEL: func.func @trilu
// CHECK-SAME: %[[X:.*]]: tensor<3x4xf32> {{.*}}, %[[K:.*]]: tensor<i64>
// CHECK: %[[KV:.*]] = tensor.extract %[[K]][]
// CHECK: %[[KI:.*]] = arith.index_cast %[[KV]] : i64 to index
// CHECK: linalg.generic
// CHECK: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[R:.*]] = linalg.index 0
// CHECK: %[[C:.*]] = linalg.index 1
// CHECK: %[[D:.*]] = arith.subi %[[C]], %[[R]]
// CHECK: %[[KEEP:.*]] = arith.cmpi sle, %[[D]], %[[KI]]
// CHECK: arith.select %[[KEEP]], %[[IN]], %{{.*}} : f32
func.func @trilu(%x: tensor<3x4xf32>, %k: tensor<si64>) -> tensor<3x4xf32> {
  %y = onnx.node "Trilu" <"ai.onnx", 14> name "t" (%x, %k) {upper = 0 : i64} : (tensor<3x4xf32>, tensor<si64>) -> tensor<3x4xf32>
  return %y : tensor<3x4xf32>
}

// -----

// A constant k past the matrix keeps everything or nothing: clamped.
// CHECK-LABEL: func.func @trilu_constant_k
// CHECK: linalg.generic
// CHECK: arith.cmpi sge, %{{.*}}, %c8
func.func @trilu_constant_k(%x: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %k = onnx.constant dense<100> : tensor<si64>
  %y = onnx.node "Trilu" <"ai.onnx", 14> name "t" (%x, %k) {} : (tensor<3x4xf32>, tensor<si64>) -> tensor<3x4xf32>
  return %y : tensor<3x4xf32>
}

// -----

func.func @trilu_rank1(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{Trilu node 't': input must have rank 2 or more, not 1}}
  %y = onnx.node "Trilu" <"ai.onnx", 14> name "t" (%x) {} : (tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// EyeLike takes its element type from `dtype` (11: DOUBLE).
// CHECK-LABEL: func.func @eye_like
// CHECK: linalg.generic
// CHECK: %[[D:.*]] = arith.subi
// CHECK: %[[ON:.*]] = arith.cmpi eq, %[[D]], %c1
// CHECK: arith.select %[[ON]], %{{.*}}, %{{.*}} : f64
// CHECK: } -> tensor<2x3xf64>
func.func @eye_like(%x: tensor<2x3xsi32>) -> tensor<2x3xf64> {
  %y = onnx.node "EyeLike" <"ai.onnx", 9> name "e" (%x) {dtype = 11 : i64, k = 1 : i64} : (tensor<2x3xsi32>) -> tensor<2x3xf64>
  return %y : tensor<2x3xf64>
}

// -----

func.func @eye_like_string(%x: tensor<2x3xsi32>) -> tensor<2x3xf64> {
  // expected-error @+1 {{EyeLike node 'e': dtype 8 is not supported}}
  %y = onnx.node "EyeLike" <"ai.onnx", 22> name "e" (%x) {dtype = 8 : i64} : (tensor<2x3xsi32>) -> tensor<2x3xf64>
  return %y : tensor<2x3xf64>
}

// -----

func.func @eye_like_1d(%x: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{EyeLike node 'e': input must be 2-D, not of shape [3]}}
  %y = onnx.node "EyeLike" <"ai.onnx", 22> name "e" (%x) {} : (tensor<3xf32>) -> tensor<3xf32>
  return %y : tensor<3xf32>
}

// -----

// ReverseSequence: the first sequence_lens[b] steps reversed, the
// lengths clamped into [0, steps].
// CHECK-LABEL: func.func @reverse_sequence
// CHECK-SAME: %[[X:.*]]: tensor<4x2xf32> {{.*}}, %[[L:.*]]: tensor<2xi64>
// CHECK: linalg.generic
// CHECK: %[[T:.*]] = linalg.index 0
// CHECK: %[[B:.*]] = linalg.index 1
// CHECK: tensor.extract %[[L]][%[[B]]]
// CHECK: %[[LEN:.*]] = arith.minsi %{{.*}}, %c4
// CHECK: %[[IN:.*]] = arith.cmpi slt, %[[T]], %[[LEN]]
// CHECK: %[[S:.*]] = arith.select %[[IN]], %{{.*}}, %[[T]]
// CHECK: tensor.extract %[[X]][%[[S]], %[[B]]]
func.func @reverse_sequence(%x: tensor<4x2xf32>, %l: tensor<2xsi64>) -> tensor<4x2xf32> {
  %y = onnx.node "ReverseSequence" <"ai.onnx", 10> name "r" (%x, %l) {} : (tensor<4x2xf32>, tensor<2xsi64>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

// -----

func.func @reverse_sequence_axes(%x: tensor<4x2xf32>, %l: tensor<2xsi64>) -> tensor<4x2xf32> {
  // expected-error @+1 {{ReverseSequence node 'r': time_axis 1 and batch_axis 1 must be 0 and 1 in some order}}
  %y = onnx.node "ReverseSequence" <"ai.onnx", 10> name "r" (%x, %l) {time_axis = 1 : i64} : (tensor<4x2xf32>, tensor<2xsi64>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

// -----

func.func @reverse_sequence_lens(%x: tensor<4x2xf32>, %l: tensor<3xsi64>) -> tensor<4x2xf32> {
  // expected-error @+1 {{ReverseSequence node 'r': sequence_lens [3] must have one length per batch entry (2)}}
  %y = onnx.node "ReverseSequence" <"ai.onnx", 10> name "r" (%x, %l) {} : (tensor<4x2xf32>, tensor<3xsi64>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

// -----

// Compress with a constant condition: the kept indices are a table.
// CHECK-LABEL: func.func @compress
// CHECK: %[[TABLE:.*]] = arith.constant dense<[0, 2]> : tensor<2xi64>
// CHECK: linalg.generic
// CHECK: %[[R:.*]] = linalg.index 0
// CHECK: %[[C:.*]] = linalg.index 1
// CHECK: %[[AT:.*]] = tensor.extract %[[TABLE]][%[[C]]]
// CHECK: %[[I:.*]] = arith.index_cast %[[AT]] : i64 to index
// CHECK: tensor.extract %{{.*}}[%[[R]], %[[I]]] : tensor<2x3xf32>
// CHECK: } -> tensor<2x2xf32>
func.func @compress(%x: tensor<2x3xf32>) -> tensor<2x2xf32> {
  %c = onnx.constant dense<[true, false, true]> : tensor<3xi1>
  %y = onnx.node "Compress" <"ai.onnx", 11> name "c" (%x, %c) {axis = -1 : i64} : (tensor<2x3xf32>, tensor<3xi1>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// -----

func.func @compress_runtime_condition(%x: tensor<2x3xf32>, %c: tensor<3xi1>) -> tensor<2x2xf32> {
  // expected-error @+1 {{Compress node 'c': input 1 (condition) must be known at compile time: qnn compiles static shapes}}
  %y = onnx.node "Compress" <"ai.onnx", 11> name "c" (%x, %c) {axis = 1 : i64} : (tensor<2x3xf32>, tensor<3xi1>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// -----

func.func @compress_past_the_end(%x: tensor<2x3xf32>) -> tensor<2x2xf32> {
  %c = onnx.constant dense<[true, false, false, true]> : tensor<4xi1>
  // expected-error @+1 {{Compress node 'c': condition selects index 3, past the size 3 of the axis}}
  %y = onnx.node "Compress" <"ai.onnx", 11> name "c" (%x, %c) {axis = 1 : i64} : (tensor<2x3xf32>, tensor<4xi1>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// -----

// CenterCropPad crops rows (starting half the difference in) and pads
// columns with zeros.
// CHECK-LABEL: func.func @center_crop_pad
// CHECK-SAME: %[[X:.*]]: tensor<5x2xf32>
// CHECK: linalg.generic
// CHECK: %[[R:.*]] = linalg.index 0
// CHECK: %[[C:.*]] = linalg.index 1
// CHECK: %[[ROW:.*]] = arith.addi %{{.*}}, %c1
// CHECK: %[[SHIFT:.*]] = arith.subi %[[C]], %c1
// CHECK: %[[OK:.*]] = arith.andi
// CHECK: tensor.extract %[[X]][%[[ROW]], %{{.*}}]
// CHECK: arith.select %{{.*}}, %{{.*}}, %{{.*}} : f32
// CHECK: } -> tensor<3x5xf32>
func.func @center_crop_pad(%x: tensor<5x2xf32>) -> tensor<3x5xf32> {
  %s = onnx.constant dense<[3, 5]> : tensor<2xsi64>
  %y = onnx.node "CenterCropPad" <"ai.onnx", 18> name "c" (%x, %s) {} : (tensor<5x2xf32>, tensor<2xsi64>) -> tensor<3x5xf32>
  return %y : tensor<3x5xf32>
}

// -----

func.func @center_crop_pad_count(%x: tensor<5x2xf32>) -> tensor<3x2xf32> {
  %s = onnx.constant dense<[3]> : tensor<1xsi64>
  // expected-error @+1 {{CenterCropPad node 'c': shape has 1 values for 2 axes}}
  %y = onnx.node "CenterCropPad" <"ai.onnx", 18> name "c" (%x, %s) {} : (tensor<5x2xf32>, tensor<1xsi64>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

// Nearest resizing is one gather through per-axis index tables, computed
// at compile time (half_pixel, round_prefer_floor by default).
// CHECK-LABEL: func.func @resize_nearest
// CHECK-SAME: %[[X:.*]]: tensor<1x1x2x2xf32>
// CHECK-DAG: %[[H:.*]] = arith.constant dense<{{\[}}[0], [0], [1], [1]]> : tensor<4x1xi32>
// CHECK-DAG: %[[W:.*]] = arith.constant dense<[0, 0, 0, 1, 1, 1]> : tensor<6xi32>
// CHECK: linalg.generic {{.*}} ins(%[[H]], %[[W]] : tensor<4x1xi32>, tensor<6xi32>)
// CHECK: ^bb0(%[[HI:.*]]: i32, %[[WI:.*]]: i32, %{{.*}}: f32):
// CHECK: %[[N:.*]] = linalg.index 0
// CHECK: %[[C:.*]] = linalg.index 1
// CHECK: %[[HX:.*]] = arith.index_cast %[[HI]] : i32 to index
// CHECK: %[[WX:.*]] = arith.index_cast %[[WI]] : i32 to index
// CHECK: tensor.extract %[[X]][%[[N]], %[[C]], %[[HX]], %[[WX]]]
// CHECK: } -> tensor<1x1x4x6xf32>
func.func @resize_nearest(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x6xf32> {
  %none = onnx.none
  %scales = onnx.constant dense<[1.0, 1.0, 2.0, 3.0]> : tensor<4xf32>
  %y = onnx.node "Resize" <"ai.onnx", 19> name "r" (%x, %none, %scales) {mode = "nearest"} : (tensor<1x1x2x2xf32>, none, tensor<4xf32>) -> tensor<1x1x4x6xf32>
  return %y : tensor<1x1x4x6xf32>
}

// -----

// Linear resizing of UINT8: one reduction over the taps per resized axis,
// in f64 from tables of neighbours and weights, then rounded half to even
// and saturated.
// CHECK-LABEL: func.func @resize_linear_u8
// CHECK-SAME: %[[X:.*]]: tensor<1x1x2x2xi8>
// CHECK-DAG: %[[IDX:.*]] = arith.constant dense<{{\[}}[0, 0], [0, 1], [0, 1], [1, 1]]> : tensor<4x2xi32>
// CHECK-DAG: %[[WTS:.*]] = arith.constant dense<{{\[}}[2.500000e-01, 7.500000e-01], [7.500000e-01, 2.500000e-01], [2.500000e-01, 7.500000e-01], [7.500000e-01, 2.500000e-01]]> : tensor<4x2xf64>
// CHECK: %[[ZERO:.*]] = linalg.fill {{.*}} -> tensor<1x1x4x2xf64>
// CHECK: %[[H:.*]] = linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%[[IDX]], %[[WTS]] : tensor<4x2xi32>, tensor<4x2xf64>) outs(%[[ZERO]] : tensor<1x1x4x2xf64>)
// CHECK: ^bb0(%[[I:.*]]: i32, %[[WT:.*]]: f64, %[[ACC:.*]]: f64):
// CHECK: %[[HI:.*]] = arith.index_cast %[[I]] : i32 to index
// CHECK: %[[V:.*]] = tensor.extract %[[X]][%{{.*}}, %{{.*}}, %[[HI]], %{{.*}}] : tensor<1x1x2x2xi8>
// CHECK: %[[VF:.*]] = arith.uitofp %[[V]] : i8 to f64
// CHECK: %[[P:.*]] = arith.mulf %[[WT]], %[[VF]] : f64
// CHECK: arith.addf %[[ACC]], %[[P]] : f64
// CHECK: %[[W:.*]] = linalg.generic
// CHECK: tensor.extract %[[H]]
// CHECK: } -> tensor<1x1x4x4xf64>
// CHECK: linalg.generic {{.*}} ins(%[[W]] : tensor<1x1x4x4xf64>)
// CHECK: math.roundeven
// CHECK: arith.maximumf %{{.*}}, %{{.*}} : f64
// CHECK: arith.minimumf %{{.*}}, %{{.*}} : f64
// CHECK: arith.fptoui %{{.*}} : f64 to i8
// CHECK: } -> tensor<1x1x4x4xi8>
func.func @resize_linear_u8(%x: tensor<1x1x2x2xui8>) -> tensor<1x1x4x4xui8> {
  %none = onnx.none
  %sizes = onnx.constant dense<[1, 1, 4, 4]> : tensor<4xsi64>
  %y = onnx.node "Resize" <"ai.onnx", 13> name "r" (%x, %none, %none, %sizes) {mode = "linear"} : (tensor<1x1x2x2xui8>, none, none, tensor<4xsi64>) -> tensor<1x1x4x4xui8>
  return %y : tensor<1x1x4x4xui8>
}

// -----

// Cubic with tf_crop_and_resize: four taps, and positions outside the
// input take extrapolation_value (roi [0.5, 1.5] of 4 elements samples
// 1.5, 3 and 4.5).
// CHECK-LABEL: func.func @resize_cubic_crop
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<3x4xi32>, tensor<3x4xf32>)
// CHECK: } -> tensor<1x3xf32>
// CHECK: %[[MASK:.*]] = arith.constant dense<[false, false, true]> : tensor<3xi1>
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %[[MASK]] : tensor<1x3xf32>, tensor<3xi1>)
// CHECK: ^bb0(%[[V:.*]]: f32, %[[OUT:.*]]: i1, %{{.*}}: f32):
// CHECK: %[[E:.*]] = arith.constant 1.000000e+01 : f32
// CHECK: arith.select %[[OUT]], %[[E]], %[[V]] : f32
func.func @resize_cubic_crop(%x: tensor<1x4xf32>) -> tensor<1x3xf32> {
  %none = onnx.none
  %roi = onnx.constant dense<[0.0, 0.5, 1.0, 1.5]> : tensor<4xf32>
  %sizes = onnx.constant dense<[1, 3]> : tensor<2xsi64>
  %y = onnx.node "Resize" <"ai.onnx", 19> name "r" (%x, %roi, %none, %sizes) {mode = "cubic", coordinate_transformation_mode = "tf_crop_and_resize", extrapolation_value = 10.0 : f32} : (tensor<1x4xf32>, tensor<4xf32>, none, tensor<2xsi64>) -> tensor<1x3xf32>
  return %y : tensor<1x3xf32>
}

// -----

// Resize-18's axes and keep_aspect_ratio_policy: sizes [4, 9] for a 2x3
// input keep the aspect ratio at scale 2 (not_larger): 4x6.
// CHECK-LABEL: func.func @resize_axes_not_larger
// CHECK: linalg.generic
// CHECK: } -> tensor<1x4x6xf32>
func.func @resize_axes_not_larger(%x: tensor<1x2x3xf32>) -> tensor<1x4x6xf32> {
  %none = onnx.none
  %sizes = onnx.constant dense<[4, 9]> : tensor<2xsi64>
  %y = onnx.node "Resize" <"ai.onnx", 18> name "r" (%x, %none, %none, %sizes) {axes = array<i64: -2, -1>, keep_aspect_ratio_policy = "not_larger"} : (tensor<1x2x3xf32>, none, none, tensor<2xsi64>) -> tensor<1x4x6xf32>
  return %y : tensor<1x4x6xf32>
}

// -----

// Upsample-7 reads its scales from an attribute and samples at y / scale,
// rounding down.
// CHECK-LABEL: func.func @upsample_7
// CHECK: arith.constant dense<[0, 0, 0, 1, 1, 1]> : tensor<6xi32>
// CHECK: } -> tensor<2x6xi8>
func.func @upsample_7(%x: tensor<2x2xsi8>) -> tensor<2x6xsi8> {
  %y = onnx.node "Upsample" <"ai.onnx", 8> name "u" (%x) {scales = array<f32: 1.0, 3.0>} : (tensor<2x2xsi8>) -> tensor<2x6xsi8>
  return %y : tensor<2x6xsi8>
}

// -----

// Resize-10 rounds positions up when downsampling: 4 -> 2 at scale 0.6
// reads elements 0 and 2 (ceil(1 / 0.6)).
// CHECK-LABEL: func.func @resize_10_down
// CHECK: arith.constant dense<[0, 2]> : tensor<2xi32>
// CHECK: } -> tensor<1x2xf32>
func.func @resize_10_down(%x: tensor<2x4xf32>) -> tensor<1x2xf32> {
  %scales = onnx.constant dense<[0.6, 0.6]> : tensor<2xf32>
  %y = onnx.node "Resize" <"ai.onnx", 10> name "r" (%x, %scales) {} : (tensor<2x4xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

// Scales that are already 1 leave the input alone.
// CHECK-LABEL: func.func @resize_identity
// CHECK-SAME: %[[X:.*]]: tensor<2x4xf32>
// CHECK-NOT: linalg.generic
// CHECK: return %[[X]]
func.func @resize_identity(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %none = onnx.none
  %scales = onnx.constant dense<[1.0, 1.0]> : tensor<2xf32>
  %y = onnx.node "Resize" <"ai.onnx", 19> name "r" (%x, %none, %scales) {mode = "cubic"} : (tensor<2x4xf32>, none, tensor<2xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

func.func @resize_bad_mode(%x: tensor<2x4xf32>) -> tensor<4x8xf32> {
  %none = onnx.none
  %scales = onnx.constant dense<[2.0, 2.0]> : tensor<2xf32>
  // expected-error @+1 {{Resize node 'r': mode 'bilinear' is not nearest, linear or cubic}}
  %y = onnx.node "Resize" <"ai.onnx", 19> name "r" (%x, %none, %scales) {mode = "bilinear"} : (tensor<2x4xf32>, none, tensor<2xf32>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

func.func @resize_symmetric_18(%x: tensor<2x4xf32>) -> tensor<4x8xf32> {
  %none = onnx.none
  %scales = onnx.constant dense<[2.0, 2.0]> : tensor<2xf32>
  // expected-error @+1 {{Resize node 'r': coordinate_transformation_mode 'half_pixel_symmetric' is not one of half_pixel pytorch_half_pixel align_corners asymmetric tf_crop_and_resize (Resize-18)}}
  %y = onnx.node "Resize" <"ai.onnx", 18> name "r" (%x, %none, %scales) {coordinate_transformation_mode = "half_pixel_symmetric"} : (tensor<2x4xf32>, none, tensor<2xf32>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

func.func @resize_tf_half_pixel_13(%x: tensor<2x4xf32>) -> tensor<4x8xf32> {
  %none = onnx.none
  %scales = onnx.constant dense<[2.0, 2.0]> : tensor<2xf32>
  // expected-error @+1 {{Resize node 'r': coordinate_transformation_mode 'tf_half_pixel_for_nn' is not one of half_pixel pytorch_half_pixel align_corners asymmetric tf_crop_and_resize (Resize-13)}}
  %y = onnx.node "Resize" <"ai.onnx", 13> name "r" (%x, %none, %scales) {coordinate_transformation_mode = "tf_half_pixel_for_nn"} : (tensor<2x4xf32>, none, tensor<2xf32>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

func.func @resize_bad_nearest_mode(%x: tensor<2x4xf32>) -> tensor<4x8xf32> {
  %none = onnx.none
  %scales = onnx.constant dense<[2.0, 2.0]> : tensor<2xf32>
  // expected-error @+1 {{Resize node 'r': nearest_mode 'round' is not round_prefer_floor, round_prefer_ceil, floor or ceil}}
  %y = onnx.node "Resize" <"ai.onnx", 19> name "r" (%x, %none, %scales) {nearest_mode = "round"} : (tensor<2x4xf32>, none, tensor<2xf32>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

func.func @resize_scales_and_sizes(%x: tensor<2x4xf32>) -> tensor<4x8xf32> {
  %none = onnx.none
  %scales = onnx.constant dense<[2.0, 2.0]> : tensor<2xf32>
  %sizes = onnx.constant dense<[4, 8]> : tensor<2xsi64>
  // expected-error @+1 {{Resize node 'r': exactly one of scales and sizes must be given (and not empty)}}
  %y = onnx.node "Resize" <"ai.onnx", 19> name "r" (%x, %none, %scales, %sizes) {} : (tensor<2x4xf32>, none, tensor<2xf32>, tensor<2xsi64>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

func.func @resize_runtime_scales(%x: tensor<2x4xf32>, %scales: tensor<2xf32>) -> tensor<4x8xf32> {
  %none = onnx.none
  // expected-error @+1 {{Resize node 'r': input 2 (scales) must be known at compile time: qnn compiles static shapes}}
  %y = onnx.node "Resize" <"ai.onnx", 19> name "r" (%x, %none, %scales) {} : (tensor<2x4xf32>, none, tensor<2xf32>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

func.func @resize_runtime_roi(%x: tensor<2x4xf32>, %roi: tensor<4xf32>) -> tensor<4x8xf32> {
  %none = onnx.none
  %sizes = onnx.constant dense<[4, 8]> : tensor<2xsi64>
  // expected-error @+1 {{Resize node 'r': input 1 (roi) must be known at compile time: qnn compiles static shapes}}
  %y = onnx.node "Resize" <"ai.onnx", 19> name "r" (%x, %roi, %none, %sizes) {coordinate_transformation_mode = "tf_crop_and_resize"} : (tensor<2x4xf32>, tensor<4xf32>, none, tensor<2xsi64>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

func.func @resize_short_roi(%x: tensor<2x4xf32>) -> tensor<4x8xf32> {
  %roi = onnx.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %sizes = onnx.constant dense<[4, 8]> : tensor<2xsi64>
  %none = onnx.none
  // expected-error @+1 {{Resize node 'r': roi has 2 values for 2 axes (it needs 4)}}
  %y = onnx.node "Resize" <"ai.onnx", 19> name "r" (%x, %roi, %none, %sizes) {coordinate_transformation_mode = "tf_crop_and_resize"} : (tensor<2x4xf32>, tensor<2xf32>, none, tensor<2xsi64>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

func.func @resize_policy_with_scales(%x: tensor<2x4xf32>) -> tensor<4x8xf32> {
  %none = onnx.none
  %scales = onnx.constant dense<[2.0, 2.0]> : tensor<2xf32>
  // expected-error @+1 {{Resize node 'r': keep_aspect_ratio_policy 'not_smaller' applies to sizes, not scales}}
  %y = onnx.node "Resize" <"ai.onnx", 19> name "r" (%x, %none, %scales) {keep_aspect_ratio_policy = "not_smaller"} : (tensor<2x4xf32>, none, tensor<2xf32>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

func.func @resize_antialias_nearest(%x: tensor<2x4xf32>) -> tensor<1x2xf32> {
  %none = onnx.none
  %scales = onnx.constant dense<[0.5, 0.5]> : tensor<2xf32>
  // expected-error @+1 {{Resize node 'r': antialias applies to the linear and cubic modes, not nearest}}
  %y = onnx.node "Resize" <"ai.onnx", 19> name "r" (%x, %none, %scales) {antialias = 1 : i64} : (tensor<2x4xf32>, none, tensor<2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

func.func @resize_linear_bool(%x: tensor<2x4xi1>) -> tensor<4x8xi1> {
  %none = onnx.none
  %scales = onnx.constant dense<[2.0, 2.0]> : tensor<2xf32>
  // expected-error @+1 {{Resize node 'r': mode 'linear' needs numeric data, not bool}}
  %y = onnx.node "Resize" <"ai.onnx", 19> name "r" (%x, %none, %scales) {mode = "linear"} : (tensor<2x4xi1>, none, tensor<2xf32>) -> tensor<4x8xi1>
  return %y : tensor<4x8xi1>
}

// -----

func.func @resize_scales_count(%x: tensor<2x4xf32>) -> tensor<2x8xf32> {
  %none = onnx.none
  %scales = onnx.constant dense<[2.0]> : tensor<1xf32>
  // expected-error @+1 {{Resize node 'r': scales has 1 values for 2 axes}}
  %y = onnx.node "Resize" <"ai.onnx", 19> name "r" (%x, %none, %scales) {} : (tensor<2x4xf32>, none, tensor<1xf32>) -> tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}

// -----

func.func @resize_zero_scale(%x: tensor<2x4xf32>) -> tensor<2x0xf32> {
  %none = onnx.none
  %scales = onnx.constant dense<[1.0, 0.0]> : tensor<2xf32>
  // expected-error @+1 {{Resize node 'r': scale 0 must be positive}}
  %y = onnx.node "Resize" <"ai.onnx", 19> name "r" (%x, %none, %scales) {} : (tensor<2x4xf32>, none, tensor<2xf32>) -> tensor<2x0xf32>
  return %y : tensor<2x0xf32>
}

// -----

func.func @resize_10_coordinates(%x: tensor<2x4xf32>) -> tensor<4x8xf32> {
  %scales = onnx.constant dense<[2.0, 2.0]> : tensor<2xf32>
  // expected-error @+1 {{Resize node 'r': attribute 'coordinate_transformation_mode' ("align_corners") is not supported by qnn's reading of Resize-10}}
  %y = onnx.node "Resize" <"ai.onnx", 10> name "r" (%x, %scales) {coordinate_transformation_mode = "align_corners"} : (tensor<2x4xf32>, tensor<2xf32>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

func.func @upsample_down(%x: tensor<2x4xf32>) -> tensor<2x2xf32> {
  %scales = onnx.constant dense<[1.0, 0.5]> : tensor<2xf32>
  // expected-error @+1 {{Upsample node 'u': scale 0.5 must be at least 1}}
  %y = onnx.node "Upsample" <"ai.onnx", 9> name "u" (%x, %scales) {} : (tensor<2x4xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// -----

func.func @upsample_10(%x: tensor<2x4xf32>) -> tensor<4x8xf32> {
  %scales = onnx.constant dense<[2.0, 2.0]> : tensor<2xf32>
  // expected-error @+1 {{Upsample node 'u': Upsample-10 (the definition opset 10 reads) is not supported; qnn reads Upsample-7, Upsample-9}}
  %y = onnx.node "Upsample" <"ai.onnx", 10> name "u" (%x, %scales) {} : (tensor<2x4xf32>, tensor<2xf32>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

func.func @upsample_cubic(%x: tensor<2x4xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{Upsample node 'u': mode 'cubic' is not nearest or linear}}
  %y = onnx.node "Upsample" <"ai.onnx", 7> name "u" (%x) {mode = "cubic", scales = array<f32: 2.0, 2.0>} : (tensor<2x4xf32>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

func.func @gather_empty_axis(%x: tensor<0x3xf32>, %i: tensor<2xsi64>) -> tensor<2x3xf32> {
  // expected-error @+1 {{Gather node 'g': cannot gather from axis 0 of size 0}}
  %y = onnx.node "Gather" <"ai.onnx", 13> name "g" (%x, %i) {} : (tensor<0x3xf32>, tensor<2xsi64>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @gather_elements_rank(%x: tensor<3x4xf32>, %i: tensor<3xsi64>) -> tensor<3xf32> {
  // expected-error @+1 {{GatherElements node 'g': data [3, 4] and indices [3] must have the same rank, at least 1}}
  %y = onnx.node "GatherElements" <"ai.onnx", 13> name "g" (%x, %i) {} : (tensor<3x4xf32>, tensor<3xsi64>) -> tensor<3xf32>
  return %y : tensor<3xf32>
}

// -----

func.func @gather_elements_axis(%x: tensor<3x4xf32>, %i: tensor<3x4xsi64>) -> tensor<3x4xf32> {
  // expected-error @+1 {{GatherElements node 'g': axis 2 is out of range for rank 2}}
  %y = onnx.node "GatherElements" <"ai.onnx", 13> name "g" (%x, %i) {axis = 2 : i64} : (tensor<3x4xf32>, tensor<3x4xsi64>) -> tensor<3x4xf32>
  return %y : tensor<3x4xf32>
}

// -----

func.func @gather_elements_empty_axis(%x: tensor<3x0xf32>, %i: tensor<3x2xsi64>) -> tensor<3x2xf32> {
  // expected-error @+1 {{GatherElements node 'g': cannot gather from axis 1 of size 0}}
  %y = onnx.node "GatherElements" <"ai.onnx", 13> name "g" (%x, %i) {axis = 1 : i64} : (tensor<3x0xf32>, tensor<3x2xsi64>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

func.func @gather_nd_rank0(%x: tensor<f32>, %i: tensor<1xsi64>) -> tensor<f32> {
  // expected-error @+1 {{GatherND node 'g': data and indices must have rank 1 or more}}
  %y = onnx.node "GatherND" <"ai.onnx", 13> name "g" (%x, %i) {} : (tensor<f32>, tensor<1xsi64>) -> tensor<f32>
  return %y : tensor<f32>
}

// -----

func.func @gather_nd_batch_mismatch(%x: tensor<2x3xf32>, %i: tensor<3x1xsi64>) -> tensor<3xf32> {
  // expected-error @+1 {{GatherND node 'g': batch dimension 0 differs: indices [3, 1], data [2, 3]}}
  %y = onnx.node "GatherND" <"ai.onnx", 13> name "g" (%x, %i) {batch_dims = 1 : i64} : (tensor<2x3xf32>, tensor<3x1xsi64>) -> tensor<3xf32>
  return %y : tensor<3xf32>
}

// -----

func.func @gather_nd_empty_dim(%x: tensor<0x3xf32>, %i: tensor<2x1xsi64>) -> tensor<2x3xf32> {
  // expected-error @+1 {{GatherND node 'g': cannot gather from dimension 0 of size 0}}
  %y = onnx.node "GatherND" <"ai.onnx", 13> name "g" (%x, %i) {} : (tensor<0x3xf32>, tensor<2x1xsi64>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @scatter_elements_rank(%d: tensor<4x2xf32>, %i: tensor<2xsi64>, %u: tensor<2xf32>) -> tensor<4x2xf32> {
  // expected-error @+1 {{ScatterElements node 's': data [4, 2] and indices [2] must have the same rank, at least 1}}
  %y = onnx.node "ScatterElements" <"ai.onnx", 18> name "s" (%d, %i, %u) {} : (tensor<4x2xf32>, tensor<2xsi64>, tensor<2xf32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

// -----

func.func @scatter_elements_axis(%d: tensor<4xf32>, %i: tensor<2xsi64>, %u: tensor<2xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{ScatterElements node 's': axis -2 is out of range for rank 1}}
  %y = onnx.node "ScatterElements" <"ai.onnx", 18> name "s" (%d, %i, %u) {axis = -2 : i64} : (tensor<4xf32>, tensor<2xsi64>, tensor<2xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @scatter_elements_exceed(%d: tensor<4x2xf32>, %i: tensor<2x3xsi64>, %u: tensor<2x3xf32>) -> tensor<4x2xf32> {
  // expected-error @+1 {{ScatterElements node 's': indices [2, 3] exceed data [4, 2] in dimension 1}}
  %y = onnx.node "ScatterElements" <"ai.onnx", 18> name "s" (%d, %i, %u) {} : (tensor<4x2xf32>, tensor<2x3xsi64>, tensor<2x3xf32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

// -----

func.func @scatter_elements_constant_index(%d: tensor<4xf32>, %u: tensor<1xf32>) -> tensor<4xf32> {
  %i = onnx.constant dense<[7]> : tensor<1xsi64>
  // expected-error @+1 {{ScatterElements node 's': index 7 is out of range for size 4}}
  %y = onnx.node "ScatterElements" <"ai.onnx", 18> name "s" (%d, %i, %u) {} : (tensor<4xf32>, tensor<1xsi64>, tensor<1xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @scatter_elements_empty_axis(%d: tensor<2x0xf32>, %i: tensor<2x1xsi64>, %u: tensor<2x1xf32>) -> tensor<2x0xf32> {
  // expected-error @+1 {{ScatterElements node 's': cannot scatter into axis 1 of size 0}}
  %y = onnx.node "ScatterElements" <"ai.onnx", 18> name "s" (%d, %i, %u) {axis = 1 : i64} : (tensor<2x0xf32>, tensor<2x1xsi64>, tensor<2x1xf32>) -> tensor<2x0xf32>
  return %y : tensor<2x0xf32>
}

// -----

func.func @scatter_nd_types(%d: tensor<4xf32>, %i: tensor<2x1xsi64>, %u: tensor<2xsi32>) -> tensor<4xf32> {
  // expected-error @+1 {{ScatterND node 's': updates ('si32') and data ('f32') differ in element type}}
  %y = onnx.node "ScatterND" <"ai.onnx", 18> name "s" (%d, %i, %u) {} : (tensor<4xf32>, tensor<2x1xsi64>, tensor<2xsi32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @scatter_nd_rank0(%d: tensor<f32>, %i: tensor<1xsi64>, %u: tensor<f32>) -> tensor<f32> {
  // expected-error @+1 {{ScatterND node 's': data and indices must have rank 1 or more}}
  %y = onnx.node "ScatterND" <"ai.onnx", 18> name "s" (%d, %i, %u) {} : (tensor<f32>, tensor<1xsi64>, tensor<f32>) -> tensor<f32>
  return %y : tensor<f32>
}

// -----

func.func @scatter_nd_long_tuples(%d: tensor<4xf32>, %i: tensor<2x2xsi64>, %u: tensor<2xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{ScatterND node 's': the last dimension of indices (2) must be in [1, 1]}}
  %y = onnx.node "ScatterND" <"ai.onnx", 18> name "s" (%d, %i, %u) {} : (tensor<4xf32>, tensor<2x2xsi64>, tensor<2xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @scatter_nd_empty_dim(%d: tensor<0x2xf32>, %i: tensor<1x1xsi64>, %u: tensor<1x2xf32>) -> tensor<0x2xf32> {
  // expected-error @+1 {{ScatterND node 's': cannot scatter into dimension 0 of size 0}}
  %y = onnx.node "ScatterND" <"ai.onnx", 18> name "s" (%d, %i, %u) {} : (tensor<0x2xf32>, tensor<1x1xsi64>, tensor<1x2xf32>) -> tensor<0x2xf32>
  return %y : tensor<0x2xf32>
}

// -----

func.func @one_hot_bool_indices(%i: tensor<2xi1>, %v: tensor<2xf32>) -> tensor<2x3xf32> {
  %depth = onnx.constant dense<3> : tensor<si64>
  // expected-error @+1 {{OneHot node 'o': indices must be numeric, not 'i1'}}
  %y = onnx.node "OneHot" <"ai.onnx", 11> name "o" (%i, %depth, %v) {} : (tensor<2xi1>, tensor<si64>, tensor<2xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @one_hot_depth_count(%i: tensor<2xsi64>, %v: tensor<2xf32>) -> tensor<2x3xf32> {
  %depth = onnx.constant dense<[3, 4]> : tensor<2xsi64>
  // expected-error @+1 {{OneHot node 'o': depth must hold one value, not 2}}
  %y = onnx.node "OneHot" <"ai.onnx", 11> name "o" (%i, %depth, %v) {} : (tensor<2xsi64>, tensor<2xsi64>, tensor<2xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @one_hot_axis(%i: tensor<2xsi64>, %v: tensor<2xf32>) -> tensor<2x3xf32> {
  %depth = onnx.constant dense<3> : tensor<si64>
  // expected-error @+1 {{OneHot node 'o': axis -2 is out of range for rank 2}}
  %y = onnx.node "OneHot" <"ai.onnx", 9> name "o" (%i, %depth, %v) {axis = -2 : i64} : (tensor<2xsi64>, tensor<si64>, tensor<2xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @trilu_k_shape(%x: tensor<3x4xf32>, %k: tensor<2xsi64>) -> tensor<3x4xf32> {
  // expected-error @+1 {{Trilu node 't': k must be one integer}}
  %y = onnx.node "Trilu" <"ai.onnx", 14> name "t" (%x, %k) {} : (tensor<3x4xf32>, tensor<2xsi64>) -> tensor<3x4xf32>
  return %y : tensor<3x4xf32>
}

// -----

func.func @reverse_sequence_rank(%x: tensor<4xf32>, %l: tensor<1xsi64>) -> tensor<4xf32> {
  // expected-error @+1 {{ReverseSequence node 'r': input must have rank 2 or more}}
  %y = onnx.node "ReverseSequence" <"ai.onnx", 10> name "r" (%x, %l) {} : (tensor<4xf32>, tensor<1xsi64>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @compress_not_bool(%x: tensor<2x3xf32>) -> tensor<2x2xf32> {
  %c = onnx.constant dense<[1, 0, 1]> : tensor<3xsi64>
  // expected-error @+1 {{Compress node 'c': condition must be BOOL}}
  %y = onnx.node "Compress" <"ai.onnx", 11> name "c" (%x, %c) {axis = 1 : i64} : (tensor<2x3xf32>, tensor<3xsi64>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// -----

func.func @compress_9_negative_axis(%x: tensor<2x3xf32>) -> tensor<2x2xf32> {
  %c = onnx.constant dense<[true, false, true]> : tensor<3xi1>
  // expected-error @+1 {{Compress node 'c': axis -1 is out of range for rank 2}}
  %y = onnx.node "Compress" <"ai.onnx", 9> name "c" (%x, %c) {axis = -1 : i64} : (tensor<2x3xf32>, tensor<3xi1>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// -----

func.func @center_crop_pad_axis(%x: tensor<5x2xf32>) -> tensor<3x2xf32> {
  %s = onnx.constant dense<[3]> : tensor<1xsi64>
  // expected-error @+1 {{CenterCropPad node 'c': axis 2 is out of range for rank 2}}
  %y = onnx.node "CenterCropPad" <"ai.onnx", 18> name "c" (%x, %s) {axes = array<i64: 2>} : (tensor<5x2xf32>, tensor<1xsi64>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

func.func @center_crop_pad_axis_twice(%x: tensor<5x2xf32>) -> tensor<3x2xf32> {
  %s = onnx.constant dense<[3, 3]> : tensor<2xsi64>
  // expected-error @+1 {{CenterCropPad node 'c': axis -2 is given twice}}
  %y = onnx.node "CenterCropPad" <"ai.onnx", 18> name "c" (%x, %s) {axes = array<i64: 0, -2>} : (tensor<5x2xf32>, tensor<2xsi64>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

func.func @center_crop_pad_negative(%x: tensor<5x2xf32>) -> tensor<5x2xf32> {
  %s = onnx.constant dense<[-1]> : tensor<1xsi64>
  // expected-error @+1 {{CenterCropPad node 'c': negative size -1}}
  %y = onnx.node "CenterCropPad" <"ai.onnx", 18> name "c" (%x, %s) {axes = array<i64: 0>} : (tensor<5x2xf32>, tensor<1xsi64>) -> tensor<5x2xf32>
  return %y : tensor<5x2xf32>
}

// -----

func.func @upsample_7_no_scales(%x: tensor<2x4xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{Upsample node 'u': attribute 'scales' is required}}
  %y = onnx.node "Upsample" <"ai.onnx", 7> name "u" (%x) {} : (tensor<2x4xf32>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

func.func @resize_10_cubic(%x: tensor<2x4xf32>) -> tensor<4x8xf32> {
  %scales = onnx.constant dense<[2.0, 2.0]> : tensor<2xf32>
  // expected-error @+1 {{Resize node 'r': mode 'cubic' is not nearest or linear}}
  %y = onnx.node "Resize" <"ai.onnx", 10> name "r" (%x, %scales) {mode = "cubic"} : (tensor<2x4xf32>, tensor<2xf32>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

func.func @resize_bad_policy(%x: tensor<2x4xf32>) -> tensor<4x8xf32> {
  %none = onnx.none
  %sizes = onnx.constant dense<[4, 8]> : tensor<2xsi64>
  // expected-error @+1 {{Resize node 'r': keep_aspect_ratio_policy 'fit' is not stretch, not_larger or not_smaller}}
  %y = onnx.node "Resize" <"ai.onnx", 18> name "r" (%x, %none, %none, %sizes) {keep_aspect_ratio_policy = "fit"} : (tensor<2x4xf32>, none, none, tensor<2xsi64>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

func.func @resize_axis_out_of_range(%x: tensor<2x4xf32>) -> tensor<2x8xf32> {
  %none = onnx.none
  %sizes = onnx.constant dense<[8]> : tensor<1xsi64>
  // expected-error @+1 {{Resize node 'r': axis 2 is out of range for rank 2}}
  %y = onnx.node "Resize" <"ai.onnx", 18> name "r" (%x, %none, %none, %sizes) {axes = array<i64: 2>} : (tensor<2x4xf32>, none, none, tensor<1xsi64>) -> tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}

// -----

func.func @resize_axis_twice(%x: tensor<2x4xf32>) -> tensor<2x8xf32> {
  %none = onnx.none
  %sizes = onnx.constant dense<[8, 8]> : tensor<2xsi64>
  // expected-error @+1 {{Resize node 'r': axis -1 is given twice}}
  %y = onnx.node "Resize" <"ai.onnx", 18> name "r" (%x, %none, %none, %sizes) {axes = array<i64: 1, -1>} : (tensor<2x4xf32>, none, none, tensor<2xsi64>) -> tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}

// -----

func.func @resize_negative_size(%x: tensor<2x4xf32>) -> tensor<2x8xf32> {
  %none = onnx.none
  %sizes = onnx.constant dense<[2, -8]> : tensor<2xsi64>
  // expected-error @+1 {{Resize node 'r': size -8 is out of range}}
  %y = onnx.node "Resize" <"ai.onnx", 19> name "r" (%x, %none, %none, %sizes) {} : (tensor<2x4xf32>, none, none, tensor<2xsi64>) -> tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}

// -----

func.func @resize_empty_dim(%x: tensor<2x0xf32>) -> tensor<2x8xf32> {
  %none = onnx.none
  %sizes = onnx.constant dense<[2, 8]> : tensor<2xsi64>
  // expected-error @+1 {{Resize node 'r': cannot resize dimension 1 of size 0 to 8}}
  %y = onnx.node "Resize" <"ai.onnx", 19> name "r" (%x, %none, %none, %sizes) {} : (tensor<2x0xf32>, none, none, tensor<2xsi64>) -> tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}

// -----

func.func @resize_policy_empty_dim(%x: tensor<2x0x0xf32>) -> tensor<2x0x0xf32> {
  %none = onnx.none
  %sizes = onnx.constant dense<[0, 0]> : tensor<2xsi64>
  // expected-error @+1 {{Resize node 'r': keep_aspect_ratio_policy 'not_smaller' cannot scale dimension 1 of size 0}}
  %y = onnx.node "Resize" <"ai.onnx", 19> name "r" (%x, %none, %none, %sizes) {axes = array<i64: 1, 2>, keep_aspect_ratio_policy = "not_smaller"} : (tensor<2x0x0xf32>, none, none, tensor<2xsi64>) -> tensor<2x0x0xf32>
  return %y : tensor<2x0x0xf32>
}

// -----

func.func @resize_huge_scale(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %none = onnx.none
  %scales = onnx.constant dense<[1.0, 1.0e12]> : tensor<2xf32>
  // expected-error @+1 {{Resize node 'r': scale 1e+12 makes dimension 1 too large}}
  %y = onnx.node "Resize" <"ai.onnx", 19> name "r" (%x, %none, %scales) {} : (tensor<2x4xf32>, none, tensor<2xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

func.func @resize_roi_not_finite(%x: tensor<2x4xf32>) -> tensor<4x8xf32> {
  %roi = onnx.constant dense<[0.0, 0.0, 0x7F800000, 1.0]> : tensor<4xf32>
  %none = onnx.none
  %sizes = onnx.constant dense<[4, 8]> : tensor<2xsi64>
  // expected-error @+1 {{Resize node 'r': roi value inf is not finite}}
  %y = onnx.node "Resize" <"ai.onnx", 19> name "r" (%x, %roi, %none, %sizes) {coordinate_transformation_mode = "tf_crop_and_resize"} : (tensor<2x4xf32>, tensor<4xf32>, none, tensor<2xsi64>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}
