// RUN: qnn-opt %s -convert-qnn-to-linalg=vnni-conv=true -split-input-file | FileCheck %s

// The u8 activation bytes of the kernel convolution: levels shifted to be
// non-negative. When every code's byte is the code plus one constant, the
// codes get an add, not a table lookup.

// Signed 8-bit codes equal to their levels: + 128 (levels -128..127 become
// bytes 0..255), padding holds 128 (the byte of level 0).
// CHECK-LABEL: func.func @signed
// CHECK: linalg.generic
// CHECK: %[[CODE:.*]] = arith.extsi %{{.*}} : i8 to i32
// CHECK: %[[BYTE:.*]] = arith.addi %[[CODE]], %c128_i32 : i32
// CHECK: arith.trunci %[[BYTE]] : i32 to i8
// CHECK-NOT: tensor.extract
// CHECK: linalg.fill ins(%c-128_i8 : i8)
// CHECK: tensor.insert_slice
func.func @signed(%x: tensor<1x4x4x8x!qnn.uniform<i8:f32, 0.1>>) -> tensor<1x4x4x4xi32> {
  %w = qnn.constant dense<1> : tensor<4x3x3x8xi8> -> tensor<4x3x3x8x!qnn.uniform<i2:f32, 0.5>>
  %acc = qnn.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>} : tensor<1x4x4x8x!qnn.uniform<i8:f32, 0.1>>, tensor<4x3x3x8x!qnn.uniform<i2:f32, 0.5>> -> tensor<1x4x4x4xi32>
  return %acc : tensor<1x4x4x4xi32>
}

// -----

// Unsigned 4-bit codes with zero point 2: levels -2..13, shifted by 128,
// are the codes + 126.
// CHECK-LABEL: func.func @zero_point
// CHECK: %[[CODE:.*]] = arith.extui %{{.*}} : i8 to i32
// CHECK: arith.addi %[[CODE]], %c126_i32 : i32
// CHECK-NOT: tensor.extract
// CHECK: tensor.insert_slice
func.func @zero_point(%x: tensor<1x4x4x8x!qnn.uniform<u4:f32, 0.1:2>>) -> tensor<1x4x4x4xi32> {
  %w = qnn.constant dense<1> : tensor<4x3x3x8xi8> -> tensor<4x3x3x8x!qnn.uniform<i2:f32, 0.5>>
  %acc = qnn.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>} : tensor<1x4x4x8x!qnn.uniform<u4:f32, 0.1:2>>, tensor<4x3x3x8x!qnn.uniform<i2:f32, 0.5>> -> tensor<1x4x4x4xi32>
  return %acc : tensor<1x4x4x4xi32>
}

// -----

// Unsigned codes equal to their levels are the bytes: nothing before the
// convolution.
// CHECK-LABEL: func.func @identity
// CHECK-NOT: arith.addi
// CHECK-NOT: tensor.extract
// CHECK: linalg.generic {{.*}} attrs = {qnn.layer = #qnn.layer<
func.func @identity(%x: tensor<1x4x4x8x!qnn.uniform<u2:f32, 0.5>>) -> tensor<1x4x4x4xi32> {
  %w = qnn.constant dense<1> : tensor<4x3x3x8xi8> -> tensor<4x3x3x8x!qnn.uniform<i2:f32, 0.5>>
  %acc = qnn.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>} : tensor<1x4x4x8x!qnn.uniform<u2:f32, 0.5>>, tensor<4x3x3x8x!qnn.uniform<i2:f32, 0.5>> -> tensor<1x4x4x4xi32>
  return %acc : tensor<1x4x4x4xi32>
}

// -----

// Integer codebook levels that are no shift of the codes (0, 1, 2, 4): a
// table lookup.
// CHECK-LABEL: func.func @codebook
// CHECK: %[[TABLE:.*]] = arith.constant dense<{{\[\[}}0, 1, 2, 4]]> : tensor<1x4xi8>
// CHECK: tensor.extract %[[TABLE]]
func.func @codebook(%x: tensor<1x4x4x8x!qnn.codebook<u2:f32, [0, 1, 2, 4] * 0.5>>) -> tensor<1x4x4x4xi32> {
  %w = qnn.constant dense<1> : tensor<4x3x3x8xi8> -> tensor<4x3x3x8x!qnn.uniform<i2:f32, 0.5>>
  %acc = qnn.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>} : tensor<1x4x4x8x!qnn.codebook<u2:f32, [0, 1, 2, 4] * 0.5>>, tensor<4x3x3x8x!qnn.uniform<i2:f32, 0.5>> -> tensor<1x4x4x4xi32>
  return %acc : tensor<1x4x4x4xi32>
}
