// RUN: qnn-opt %s '--qnn-cpu-pipeline=target=avx512-vnni' | FileCheck %s
// RUN: qnn-opt %s -convert-qnn-to-linalg=vnni-conv=true | FileCheck %s --check-prefix=MARKED
// RUN: qnn-opt %s -convert-qnn-to-linalg | FileCheck %s --check-prefix=PORTABLE

// Code generation only (no execution): runs on any machine.

// The convolution becomes a u8 x s8 generic marked for the kernel...
// MARKED: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x10x10x8xi8>, tensor<20x3x3x8xi8>) outs(%{{.*}} : tensor<1x8x8x20xi32>) attrs = {qnn.layer = #qnn.layer<strides = [1, 1], dilations = [1, 1], padding = [1, 1, 1, 1], input_max = 3, channels = 8, weight_levels = 1>}
// MARKED: arith.extui
// MARKED: arith.extsi
// ...only for the VNNI target.
// PORTABLE: linalg.conv_2d_nhwc_fhwc
// PORTABLE-NOT: qnn.layer

// The kernel: repacked weights, all one level and so 1-bit codes (2 blocks
// of 16 channels x 3 x 3 taps x one 64-byte vector whose 8 bit fields hold
// up to 8 groups of 4 channels), decoded by vpshufb, vpdpbusd on 16 i32
// lanes, masked stores for the tail block.
// CHECK: llvm.mlir.global private constant @__qnn_vnni_weights_0(dense<{{.*}}> : tensor<1152xi8>)
// CHECK: llvm.call_intrinsic "llvm.x86.avx512.pshuf.b.512"
// CHECK: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"(%{{.*}}, %{{.*}}, %{{.*}}) : (vector<16xi32>, vector<64xi8>, vector<64xi8>) -> vector<16xi32>
// CHECK: llvm.intr.masked.store
func.func @conv(%x: tensor<1x8x8x8x!qnn.uniform<u2:f32, 0.5>>) -> tensor<1x8x8x20xi32> {
  %w = qnn.constant dense<1> : tensor<20x3x3x8xui8> -> tensor<20x3x3x8x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.03>>
  %acc = qnn.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>} : tensor<1x8x8x8x!qnn.uniform<u2:f32, 0.5>>, tensor<20x3x3x8x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.03>> -> tensor<1x8x8x20xi32>
  return %acc : tensor<1x8x8x20xi32>
}
