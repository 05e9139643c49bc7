// RUN: qnn-opt %s -convert-qnn-to-linalg -split-input-file | FileCheck %s

// Execution tests (test/Integration/CPU) check the numbers; these check the
// shape of the lowering.

// Unsigned codes are stored as their bits (255 -> -1) and zero-extended.
// Uniform levels dequantize as the reference's f32 scale * (code - zero
// point), arithmetic rather than a table.
// CHECK-LABEL: func.func @constant_and_dequantize
// CHECK-SAME: () -> tensor<3xf32>
// CHECK-DAG: %[[CODES:.*]] = arith.constant dense<[0, 3, -1]> : tensor<3xi8>
// CHECK-DAG: %[[SCALE:.*]] = arith.constant dense<5.000000e-01> : tensor<1xf32>
// CHECK-DAG: %[[ZP:.*]] = arith.constant dense<128> : tensor<1xi32>
// CHECK: linalg.generic {{.*}} ins(%[[CODES]] : tensor<3xi8>)
// CHECK: %[[CODE:.*]] = arith.extui %{{.*}} : i8 to i32
// CHECK: %[[Z:.*]] = tensor.extract %[[ZP]]
// CHECK: %[[LEVEL:.*]] = arith.subi %[[CODE]], %[[Z]] : i32
// CHECK: %[[S:.*]] = tensor.extract %[[SCALE]]
// CHECK: %[[F:.*]] = arith.sitofp %[[LEVEL]] : i32 to f32
// CHECK: arith.mulf %[[S]], %[[F]] : f32
func.func @constant_and_dequantize() -> tensor<3xf32> {
  %q = qnn.constant dense<[0, 3, 255]> : tensor<3xui8> -> tensor<3x!qnn.uniform<u8:f32, 0.5:128>>
  %x = qnn.dequantize %q : tensor<3x!qnn.uniform<u8:f32, 0.5:128>> -> tensor<3xf32>
  return %x : tensor<3xf32>
}

// -----

// Codebook levels dequantize through a table of the reference's values.
// CHECK-LABEL: func.func @codebook_dequantize
// CHECK: %[[TABLE:.*]] = arith.constant dense<{{\[}}[-7.500000e-01, -2.500000e-01, 2.500000e-01, 7.500000e-01]]> : tensor<1x4xf32>
// CHECK: linalg.generic
// CHECK: tensor.extract %[[TABLE]]
func.func @codebook_dequantize(%q: tensor<3x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.25>>) -> tensor<3xf32> {
  %x = qnn.dequantize %q : tensor<3x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.25>> -> tensor<3xf32>
  return %x : tensor<3xf32>
}

// -----

// Signatures carry i8 code tensors. Three thresholds a channel are compared
// one by one in a single elementwise pass: NaN reads as 0, each threshold
// reached adds 1 to the code.
// CHECK-LABEL: func.func @multithreshold
// CHECK-SAME: (%[[X:.*]]: tensor<2x4xf32>) -> tensor<2x4xi8>
// CHECK: %[[T:.*]] = arith.constant dense<{{.*}}> : tensor<4x3xf32>
// CHECK: %[[CODES:.*]] = linalg.generic {indexing_maps = [#{{.*}}, #{{.*}}], iterator_types = ["parallel", "parallel"]} ins(%[[X]] : tensor<2x4xf32>) outs(%{{.*}} : tensor<2x4xi8>)
// CHECK: arith.cmpf uno
// CHECK: %[[ROW:.*]] = linalg.index 1 : index
// CHECK-COUNT-3: tensor.extract %[[T]][%[[ROW]], %{{.*}}] : tensor<4x3xf32>
// CHECK-NOT: tensor.extract
// CHECK: return %[[CODES]] : tensor<2x4xi8>
func.func @multithreshold(%x: tensor<2x4xf32>) -> tensor<2x4x!qnn.uniform<u2:f32, 0.5>> {
  %q = qnn.multithreshold %x {axis = 1 : i64, thresholds = dense<[[0.1, 0.2, 0.3], [0.1, 0.2, 0.3], [0.1, 0.2, 0.3], [0.1, 0.2, 0.3]]> : tensor<4x3xf32>} : tensor<2x4xf32> -> tensor<2x4x!qnn.uniform<u2:f32, 0.5>>
  return %q : tensor<2x4x!qnn.uniform<u2:f32, 0.5>>
}

// -----

// CHECK-LABEL: func.func @dense
// CHECK-SAME: (%[[A:.*]]: tensor<2x8xi8>, %[[W:.*]]: tensor<3x8xi8>) -> tensor<2x3xi32>
// CHECK-DAG: arith.constant dense<{{\[}}[0, 1, 2, 3]]> : tensor<1x4xi32>
// CHECK-DAG: arith.constant dense<{{\[}}[-3, -1, 1, 3]]> : tensor<1x4xi32>
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]
// CHECK: arith.muli
// CHECK: arith.addi
func.func @dense(%a: tensor<2x8x!qnn.uniform<u2:f32, 0.5>>, %w: tensor<3x8x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.1>>) -> tensor<2x3xi32> {
  %acc = qnn.dense %a, %w : tensor<2x8x!qnn.uniform<u2:f32, 0.5>>, tensor<3x8x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.1>> -> tensor<2x3xi32>
  return %acc : tensor<2x3xi32>
}

// -----

// Constant weights: their levels are an i8 constant computed now (codes 3,
// 0, 1, 2 of the SAWB codebook are levels 3, -3, -1, 1), widened in the
// reduction; no lookup per run.
// CHECK-LABEL: func.func @dense_constant_weights
// CHECK: %[[L:.*]] = arith.constant dense<{{\[}}[3, -3, -1, 1]]> : tensor<1x4xi8>
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %[[L]] : tensor<1x4xi32>, tensor<1x4xi8>)
// CHECK: arith.extsi %{{.*}} : i8 to i32
// CHECK: arith.muli
func.func @dense_constant_weights(%a: tensor<1x4x!qnn.uniform<u2:f32, 0.5>>) -> tensor<1x1xi32> {
  %w = qnn.constant dense<[[3, 0, 1, 2]]> : tensor<1x4xui8> -> tensor<1x4x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.1>>
  %acc = qnn.dense %a, %w : tensor<1x4x!qnn.uniform<u2:f32, 0.5>>, tensor<1x4x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.1>> -> tensor<1x1xi32>
  return %acc : tensor<1x1xi32>
}

// -----

// CHECK-LABEL: func.func @conv2d
// Padding is a fill of the padded shape and the input inserted at the low
// padding (bufferization can let the producer write there in place).
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<1x11x10x4xi32>
// CHECK: %[[FILL:.*]] = linalg.fill ins(%c0_i32{{.*}} : i32) outs(%[[EMPTY]] : tensor<1x11x10x4xi32>)
// CHECK: tensor.insert_slice %{{.*}} into %[[FILL]][0, 1, 1, 0] [1, 8, 8, 4] [1, 1, 1, 1] : tensor<1x8x8x4xi32> into tensor<1x11x10x4xi32>
// CHECK: linalg.conv_2d_nhwc_fhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins({{.*}} : tensor<1x11x10x4xi32>, tensor<5x3x3x4xi32>) outs({{.*}} : tensor<1x5x4x5xi32>)
func.func @conv2d(%x: tensor<1x8x8x4x!qnn.uniform<u2:f32, 0.5>>, %w: tensor<5x3x3x4x!qnn.uniform<i2:f32, 0.5>>) -> tensor<1x5x4x5xi32> {
  %acc = qnn.conv2d %x, %w {padding = array<i64: 1, 1, 2, 1>, strides = array<i64: 2, 2>} : tensor<1x8x8x4x!qnn.uniform<u2:f32, 0.5>>, tensor<5x3x3x4x!qnn.uniform<i2:f32, 0.5>> -> tensor<1x5x4x5xi32>
  return %acc : tensor<1x5x4x5xi32>
}

// -----

// CHECK-LABEL: func.func @storage_casts
// CHECK-SAME: (%[[Q:.*]]: tensor<4xi8>, %[[I:.*]]: tensor<4xi2>)
// CHECK: %[[T:.*]] = arith.trunci %[[Q]] : tensor<4xi8> to tensor<4xi2>
// CHECK: %[[E:.*]] = arith.extsi %[[I]] : tensor<4xi2> to tensor<4xi8>
// CHECK: return %[[T]], %[[E]]
func.func @storage_casts(%q: tensor<4x!qnn.uniform<i2:f32, 0.5>>, %i: tensor<4xi2>) -> (tensor<4xi2>, tensor<4x!qnn.uniform<i2:f32, 0.5>>) {
  %a = qnn.storage_cast %q : tensor<4x!qnn.uniform<i2:f32, 0.5>> -> tensor<4xi2>
  %b = qnn.storage_cast %i : tensor<4xi2> -> tensor<4x!qnn.uniform<i2:f32, 0.5>>
  return %a, %b : tensor<4xi2>, tensor<4x!qnn.uniform<i2:f32, 0.5>>
}

// -----

// qnn.quantize lowers to the exact thresholds of its rounding: x / 0.5 =
// 0.5 rounds to even 0, so code 1 starts one ulp above 0.25; 1.5 rounds to
// 2, so code 2 starts at 0.75.
// CHECK-LABEL: func.func @quantize
// CHECK: arith.constant dense<{{\[}}[0.25000003, 7.500000e-01, 1.25000012]]> : tensor<1x3xf32>
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel"]
func.func @quantize(%x: tensor<4xf32>) -> tensor<4x!qnn.uniform<u2:f32, 0.5>> {
  %q = qnn.quantize %x : tensor<4xf32> -> tensor<4x!qnn.uniform<u2:f32, 0.5>>
  return %q : tensor<4x!qnn.uniform<u2:f32, 0.5>>
}

// -----

// More than 16 thresholds: a binary search. 20 integer thresholds are
// padded to 31 with the i64 maximum, which no accumulator reaches, and 5
// halving steps (16, 8, 4, 2, 1) count the thresholds reached.
// CHECK-LABEL: func.func @search
// CHECK: %[[T:.*]] = arith.constant dense<{{\[}}[0, 3, {{.*}}, 57, 9223372036854775807, {{.*}}, 9223372036854775807]]> : tensor<1x31xi64>
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel"]
// CHECK: %[[X:.*]] = arith.extsi %{{.*}} : i32 to i64
// CHECK: %[[C16:.*]] = arith.constant 16 : index
// CHECK: %[[N16:.*]] = arith.addi %{{.*}}, %[[C16]] : index
// CHECK: %[[T16:.*]] = tensor.extract %[[T]]
// CHECK: %[[R16:.*]] = arith.cmpi sge, %[[X]], %[[T16]] : i64
// CHECK: arith.select %[[R16]], %[[N16]], %{{.*}} : index
// CHECK-COUNT-4: arith.select
// CHECK-NOT: arith.select
// CHECK: arith.index_cast %{{.*}} : index to i32
// CHECK: arith.trunci %{{.*}} : i32 to i8
func.func @search(%acc: tensor<8xi32>) -> tensor<8x!qnn.uniform<u5<0:20>:f32, 1.0>> {
  %q = qnn.multithreshold %acc {thresholds = dense<[[0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 33, 36, 39, 42, 45, 48, 51, 54, 57]]> : tensor<1x20xi64>} : tensor<8xi32> -> tensor<8x!qnn.uniform<u5<0:20>:f32, 1.0>>
  return %q : tensor<8x!qnn.uniform<u5<0:20>:f32, 1.0>>
}

// -----

// An 8-bit uniform quantizer's 255 evenly spaced thresholds: an estimate
// from (x - t0) * slope, proven at compile time to be within one of the
// count, then one compare each way against the row padded with -inf and NaN.
// CHECK-LABEL: func.func @estimate
// The first threshold is one ulp above 0.5 (0.5 rounds to even 0); the
// table (hex, little-endian) starts with -inf.
// CHECK-DAG: arith.constant dense<0.50000006> : tensor<1xf32>
// CHECK-DAG: arith.constant dense<0.99999994> : tensor<1xf32>
// CHECK-DAG: arith.constant dense<"0x000080FF0100003F{{.*}}"> : tensor<1x257xf32>
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel"]
// CHECK: arith.subf
// CHECK: arith.mulf
// CHECK: arith.minimumf
// CHECK: arith.maximumf
// The estimate's index stays i32 (32-bit gather indices once vectorized),
// sign-extended only to index the table.
// CHECK: %[[EST:.*]] = arith.fptosi %{{.*}} : f32 to i32
// CHECK: %[[E1:.*]] = arith.addi %[[EST]], %c1_i32 : i32
// CHECK: %[[LO:.*]] = arith.minsi %[[E1]], %c255_i32 : i32
// CHECK: %[[E:.*]] = arith.maxsi %[[LO]], %c0_i32 : i32
// CHECK: arith.index_cast %{{.*}} : i32 to index
// CHECK: arith.cmpf oge
// CHECK: arith.index_cast %[[E]] : i32 to index
// CHECK: arith.cmpf olt
// CHECK: arith.trunci %{{.*}} : i32 to i8
func.func @estimate(%x: tensor<8xf32>) -> tensor<8x!qnn.uniform<u8:f32, 1.0>> {
  %q = qnn.quantize %x : tensor<8xf32> -> tensor<8x!qnn.uniform<u8:f32, 1.0>>
  return %q : tensor<8x!qnn.uniform<u8:f32, 1.0>>
}

// -----

// Few integer thresholds that fit i32 compare in i32; a negated row (the
// accumulator decreasing with the output) compares ~x with t - 1, which is
// -x >= t without the overflow of -x.
// CHECK-LABEL: func.func @narrow_thresholds
// CHECK-DAG: %[[T:.*]] = arith.constant dense<{{\[\[}}-5, 0, 5], [-8, -3, 2]]> : tensor<2x3xi32>
// CHECK-DAG: %[[M:.*]] = arith.constant dense<[0, -1]> : tensor<2xi32>
// CHECK: linalg.generic
// CHECK: %[[ROW:.*]] = linalg.index 1 : index
// CHECK: %[[MASK:.*]] = tensor.extract %[[M]][%[[ROW]]] : tensor<2xi32>
// CHECK: %[[X:.*]] = arith.xori %{{.*}}, %[[MASK]] : i32
// CHECK: %[[T0:.*]] = tensor.extract %[[T]][%{{.*}}, %c0] : tensor<2x3xi32>
// CHECK: arith.cmpi sge, %[[X]], %[[T0]] : i32
// CHECK-NOT: i64
// CHECK: linalg.yield
func.func @narrow_thresholds(%acc: tensor<4x2xi32>) -> tensor<4x2x!qnn.uniform<u2:f32, 0.5>> {
  %q = qnn.multithreshold %acc {axis = 1 : i64, negate = array<i1: false, true>, thresholds = dense<[[-5, 0, 5], [-7, -2, 3]]> : tensor<2x3xi64>} : tensor<4x2xi32> -> tensor<4x2x!qnn.uniform<u2:f32, 0.5>>
  return %q : tensor<4x2x!qnn.uniform<u2:f32, 0.5>>
}

// -----

// A threshold beyond i32 keeps the i64 comparison.
// CHECK-LABEL: func.func @wide_thresholds
// CHECK: arith.extsi %{{.*}} : i32 to i64
// CHECK: arith.cmpi sge, %{{.*}}, %{{.*}} : i64
func.func @wide_thresholds(%acc: tensor<4xi32>) -> tensor<4x!qnn.uniform<u2:f32, 0.5>> {
  %q = qnn.multithreshold %acc {thresholds = dense<[[-5, 0, 4294967296]]> : tensor<1x3xi64>} : tensor<4xi32> -> tensor<4x!qnn.uniform<u2:f32, 0.5>>
  return %q : tensor<4x!qnn.uniform<u2:f32, 0.5>>
}
