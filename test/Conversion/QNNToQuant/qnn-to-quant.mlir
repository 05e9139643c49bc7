// RUN: qnn-opt %s -convert-qnn-to-quant -split-input-file | FileCheck %s
// RUN: qnn-opt %s -convert-qnn-to-quant -convert-quant-to-qnn -split-input-file | FileCheck %s --check-prefix=ROUND

// CHECK-LABEL: func.func @casts
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>, %[[I:.*]]: tensor<4xi2>)
// CHECK: %[[Q:.*]] = quant.qcast %[[X]] : tensor<4xf32> to tensor<4x!quant.uniform<u2:f32, 5.000000e-01>>
// CHECK: %[[B:.*]] = quant.scast %[[Q]] : tensor<4x!quant.uniform<u2:f32, 5.000000e-01>> to tensor<4xi2>
// CHECK: %[[Q2:.*]] = quant.scast %[[I]] : tensor<4xi2> to tensor<4x!quant.uniform<u2:f32, 5.000000e-01>>
// CHECK: %[[D:.*]] = quant.dcast %[[Q2]] : tensor<4x!quant.uniform<u2:f32, 5.000000e-01>> to tensor<4xf32>
// CHECK: return %[[B]], %[[D]]
// ROUND-LABEL: func.func @casts
// ROUND: qnn.quantize %{{.*}} : tensor<4xf32> -> tensor<4x!qnn.uniform<u2:f32, 0.5>>
// ROUND: qnn.storage_cast %{{.*}} : tensor<4x!qnn.uniform<u2:f32, 0.5>> -> tensor<4xi2>
// ROUND: qnn.storage_cast %{{.*}} : tensor<4xi2> -> tensor<4x!qnn.uniform<u2:f32, 0.5>>
// ROUND: qnn.dequantize %{{.*}} : tensor<4x!qnn.uniform<u2:f32, 0.5>> -> tensor<4xf32>
func.func @casts(%x: tensor<4xf32>, %i: tensor<4xi2>) -> (tensor<4xi2>, tensor<4xf32>) {
  %q = qnn.quantize %x : tensor<4xf32> -> tensor<4x!qnn.uniform<u2:f32, 0.5>>
  %b = qnn.storage_cast %q : tensor<4x!qnn.uniform<u2:f32, 0.5>> -> tensor<4xi2>
  %q2 = qnn.storage_cast %i : tensor<4xi2> -> tensor<4x!qnn.uniform<u2:f32, 0.5>>
  %d = qnn.dequantize %q2 : tensor<4x!qnn.uniform<u2:f32, 0.5>> -> tensor<4xf32>
  return %b, %d : tensor<4xi2>, tensor<4xf32>
}

// -----

// Per-axis, narrow signed range, zero points and a non-f32 expressed type
// survive the round trip exactly.
// CHECK-LABEL: func.func @signature
// CHECK-SAME: tensor<2x3x!quant.uniform<u8:f32:1, {5.000000e-01:128,2.500000e-01:120,1.000000e-05}>>
// CHECK-SAME: tensor<4x!quant.uniform<i4<-7:7>:f16, 1.000000e-01:-2>>
// ROUND-LABEL: func.func @signature
// ROUND-SAME: (%{{.*}}: tensor<2x3x!qnn.uniform<u8:f32:1, {0.5:128, 0.25:120, 1.0e-05}>>, %{{.*}}: tensor<4x!qnn.uniform<i4<-7:7>:f16, 0.1:-2>>)
// ROUND-SAME: -> tensor<4x!qnn.uniform<i4<-7:7>:f16, 0.1:-2>>
func.func @signature(%a: tensor<2x3x!qnn.uniform<u8:f32:1, {0.5:128, 0.25:120, 0.00001}>>,
                     %b: tensor<4x!qnn.uniform<i4<-7:7>:f16, 0.1:-2>>) -> tensor<4x!qnn.uniform<i4<-7:7>:f16, 0.1:-2>> {
  return %b : tensor<4x!qnn.uniform<i4<-7:7>:f16, 0.1:-2>>
}

// -----

// CHECK-LABEL: func.func @constant
// CHECK: %[[C:.*]] = arith.constant dense<[1, -1, 0]> : tensor<3xi2>
// CHECK: quant.scast %[[C]] : tensor<3xi2> to tensor<3x!quant.uniform<u2:f32, 5.000000e-01>>
// ROUND-LABEL: func.func @constant
// ROUND: qnn.storage_cast %{{.*}} : tensor<3xi2> -> tensor<3x!qnn.uniform<u2:f32, 0.5>>
func.func @constant() -> tensor<3x!qnn.uniform<u2:f32, 0.5>> {
  %q = qnn.constant dense<[1, 3, 0]> : tensor<3xui8> -> tensor<3x!qnn.uniform<u2:f32, 0.5>>
  return %q : tensor<3x!qnn.uniform<u2:f32, 0.5>>
}

// -----

// Scheme ops on float tensors have no quantized types to convert.
// CHECK-LABEL: func.func @schemes_untouched
// CHECK: qnn.pact
func.func @schemes_untouched(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = qnn.pact %x {alpha = 1.0 : f32} : tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @keeps_quantization
// CHECK: %[[Q:.*]] = quant.qcast
// CHECK: %[[D:.*]] = quant.dcast %[[Q]]
// CHECK: return %[[D]]
func.func @keeps_quantization(%x: tensor<4xf32>) -> tensor<4xf32> {
  %q = qnn.quantize %x : tensor<4xf32> -> tensor<4x!qnn.uniform<u8:f32, 0.0235>>
  %d = qnn.dequantize %q : tensor<4x!qnn.uniform<u8:f32, 0.0235>> -> tensor<4xf32>
  return %d : tensor<4xf32>
}
