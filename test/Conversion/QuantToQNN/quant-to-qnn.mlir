// RUN: qnn-opt %s -convert-quant-to-qnn -split-input-file -allow-unregistered-dialect | FileCheck %s

// CHECK-LABEL: func.func @casts
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>, %[[I:.*]]: tensor<4xi8>) -> (tensor<4xi8>, tensor<4xf32>)
// CHECK: %[[Q:.*]] = qnn.quantize %[[X]] : tensor<4xf32> -> tensor<4x!qnn.uniform<i8:f32, 0.5:-3>>
// CHECK: %[[B:.*]] = qnn.storage_cast %[[Q]] : tensor<4x!qnn.uniform<i8:f32, 0.5:-3>> -> tensor<4xi8>
// CHECK: %[[Q2:.*]] = qnn.storage_cast %[[I]] : tensor<4xi8> -> tensor<4x!qnn.uniform<i8:f32, 0.5:-3>>
// CHECK: %[[D:.*]] = qnn.dequantize %[[Q2]] : tensor<4x!qnn.uniform<i8:f32, 0.5:-3>> -> tensor<4xf32>
// CHECK: return %[[B]], %[[D]]
func.func @casts(%x: tensor<4xf32>, %i: tensor<4xi8>) -> (tensor<4xi8>, tensor<4xf32>) {
  %q = quant.qcast %x : tensor<4xf32> to tensor<4x!quant.uniform<i8:f32, 0.5:-3>>
  %b = quant.scast %q : tensor<4x!quant.uniform<i8:f32, 0.5:-3>> to tensor<4xi8>
  %q2 = quant.scast %i : tensor<4xi8> to tensor<4x!quant.uniform<i8:f32, 0.5:-3>>
  %d = quant.dcast %q2 : tensor<4x!quant.uniform<i8:f32, 0.5:-3>> to tensor<4xf32>
  return %b, %d : tensor<4xi8>, tensor<4xf32>
}

// -----

// Signatures, block arguments, regions and unknown ops are retyped; the
// storage range, signedness and per-axis parameters carry over exactly.
// CHECK-LABEL: func.func @everywhere
// CHECK-SAME: (%{{.*}}: tensor<2x3x!qnn.uniform<u8:f32:1, {0.5:128, 0.25:120, 2.0}>>, %{{.*}}: tensor<4x!qnn.uniform<i4<-7:7>:f16, 0.1>>, %{{.*}}: i1)
// CHECK-SAME: -> tensor<4x!qnn.uniform<i4<-7:7>:f16, 0.1>>
// CHECK: scf.if
// CHECK-SAME: -> (tensor<4x!qnn.uniform<i4<-7:7>:f16, 0.1>>)
// CHECK: "test.opaque"(%{{.*}}) : (tensor<2x3x!qnn.uniform<u8:f32:1, {0.5:128, 0.25:120, 2.0}>>) -> tensor<4x!qnn.uniform<i4<-7:7>:f16, 0.1>>
// CHECK: call @callee(%{{.*}}) : (tensor<4x!qnn.uniform<i4<-7:7>:f16, 0.1>>)
// CHECK: func.func private @callee(tensor<4x!qnn.uniform<i4<-7:7>:f16, 0.1>>)
func.func @everywhere(%a: tensor<2x3x!quant.uniform<u8:f32:1, {0.5:128, 0.25:120, 2.0}>>,
                      %b: tensor<4x!quant.uniform<i4<-7:7>:f16, 0.1>>, %c: i1) -> tensor<4x!quant.uniform<i4<-7:7>:f16, 0.1>> {
  %r = scf.if %c -> tensor<4x!quant.uniform<i4<-7:7>:f16, 0.1>> {
    %o = "test.opaque"(%a) : (tensor<2x3x!quant.uniform<u8:f32:1, {0.5:128, 0.25:120, 2.0}>>) -> tensor<4x!quant.uniform<i4<-7:7>:f16, 0.1>>
    scf.yield %o : tensor<4x!quant.uniform<i4<-7:7>:f16, 0.1>>
  } else {
    scf.yield %b : tensor<4x!quant.uniform<i4<-7:7>:f16, 0.1>>
  }
  func.call @callee(%r) : (tensor<4x!quant.uniform<i4<-7:7>:f16, 0.1>>) -> ()
  return %r : tensor<4x!quant.uniform<i4<-7:7>:f16, 0.1>>
}
func.func private @callee(tensor<4x!quant.uniform<i4<-7:7>:f16, 0.1>>)

// -----

// Untouched IR stays as it is.
// CHECK-LABEL: func.func @no_quant
// CHECK-NEXT: arith.addf
func.func @no_quant(%x: f32) -> f32 {
  %y = arith.addf %x, %x : f32
  return %y : f32
}

// -----

// Upstream quant folds dcast(qcast(x)) to x; a conversion must keep the
// quantization (it changes values).
// CHECK-LABEL: func.func @keeps_quantization
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK: %[[Q:.*]] = qnn.quantize %[[X]]
// CHECK: %[[D:.*]] = qnn.dequantize %[[Q]]
// CHECK: return %[[D]]
func.func @keeps_quantization(%x: tensor<4xf32>) -> tensor<4xf32> {
  %q = quant.qcast %x : tensor<4xf32> to tensor<4x!quant.uniform<u8:f32, 0.0235>>
  %d = quant.dcast %q : tensor<4x!quant.uniform<u8:f32, 0.0235>> to tensor<4xf32>
  return %d : tensor<4xf32>
}
