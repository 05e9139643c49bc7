// RUN: qnn-opt %s --qnn-cpu-pipeline | FileCheck %s
// RUN: qnn-opt %s '--qnn-cpu-pipeline=target=generic' | FileCheck %s
// RUN: qnn-opt %s '--qnn-cpu-pipeline=model-symbol=resnet' | FileCheck %s --check-prefix=SYMBOL
// RUN: not qnn-opt %s '--qnn-cpu-pipeline=target=neon' 2>&1 | FileCheck %s --check-prefix=TARGET

// From scheme quantizers to the LLVM dialect in one pipeline: the weights
// fold to constant codes, the activation quantizer becomes thresholds, the
// layer an i32 loop nest.

// The loop nests are range functions, internal to the object, that the
// entry point hands to the runtime's threads.
// CHECK-NOT: = qnn.
// CHECK-NOT: linalg.
// CHECK: llvm.func internal @layer__par
// CHECK-NOT: = qnn.
// CHECK-NOT: linalg.
// CHECK: llvm.fcmp "oge"
// CHECK: llvm.mul {{.*}} : i32
// CHECK-LABEL: llvm.func @layer(
// CHECK: llvm.call @qnn_parallel_for
// CHECK: llvm.return
// The result is an out-parameter; the C wrapper, the packed entry point and
// the model descriptor follow.
// CHECK: llvm.func @_mlir_ciface_layer(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr)
// CHECK: llvm.func @qnn_packed_layer(%{{.*}}: !llvm.ptr)
// CHECK: llvm.call @_mlir_ciface_layer
// CHECK: llvm.mlir.global external constant @qnn_model()
// SYMBOL: llvm.mlir.global external constant @resnet()
// TARGET: for the --target option: Cannot find option named 'neon'!
func.func @layer(%x: tensor<1x4xf32>) -> tensor<1x2xi32> {
  %w = arith.constant dense<[[0.3, -0.1, 0.05, -0.4], [0.02, 0.27, -0.35, 0.18]]> : tensor<2x4xf32>
  %wq = qnn.sawb %w : tensor<2x4xf32>
  %wc = qnn.quantize %w : tensor<2x4xf32> -> tensor<2x4x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.1>>
  %a = qnn.multithreshold %x {thresholds = dense<[[0.25, 0.75, 1.25]]> : tensor<1x3xf32>} : tensor<1x4xf32> -> tensor<1x4x!qnn.uniform<u2:f32, 0.5>>
  %acc = qnn.dense %a, %wc : tensor<1x4x!qnn.uniform<u2:f32, 0.5>>, tensor<2x4x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.1>> -> tensor<1x2xi32>
  return %acc : tensor<1x2xi32>
}
