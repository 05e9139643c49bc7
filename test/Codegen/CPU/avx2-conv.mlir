// RUN: qnn-opt %s -qnn-attach-target=target=avx2 -convert-qnn-to-linalg=vnni-conv=true "-one-shot-bufferize=bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" -qnn-x86-vnni-conv -split-input-file | FileCheck %s
// RUN: qnn-opt %s '--qnn-cpu-pipeline=target=avx2' -split-input-file | FileCheck %s --check-prefix=LLVM

// Code generation only (no execution): runs on any machine.

// 2-bit activations (bytes up to 3) times 2-bit weights: the AVX2 kernel.
// All weights share one level, so they pack as 1-bit codes: 3 blocks of 8
// channels x 3 x 3 taps x one 32-byte vector (the 2 groups of 4 channels are
// 2 of its 8 bit fields). Pairs of u8 x s8 products go in i16 lanes, then
// are summed into i32 lanes.
// CHECK-LABEL: func.func @two_bit
// CHECK-NOT: linalg.generic {{.*}}qnn.layer
// CHECK: memref.get_global @__qnn_vnni_weights_0 : memref<864xi8>
// CHECK: scf.parallel
// CHECK: vector.load {{.*}} : memref<864xi8>, vector<32xi8>
// CHECK: llvm.call_intrinsic "llvm.x86.avx2.pshuf.b"
// CHECK: llvm.call_intrinsic "llvm.x86.avx2.pmadd.ub.sw"({{.*}}) : (vector<32xi8>, vector<32xi8>) -> vector<16xi16>
// CHECK: llvm.call_intrinsic "llvm.x86.avx2.pmadd.wd"({{.*}}) : (vector<16xi16>, vector<16xi16>) -> vector<8xi32>
// CHECK: arith.addi {{.*}} : vector<8xi32>
// LLVM-LABEL: llvm.func internal @two_bit__par
// LLVM: llvm.call_intrinsic "llvm.x86.avx2.pmadd.ub.sw"
// LLVM-NOT: vpdpbusd
func.func @two_bit(%x: tensor<1x8x8x8x!qnn.uniform<u2:f32, 0.5>>) -> tensor<1x8x8x20xi32> {
  %w = qnn.constant dense<1> : tensor<20x3x3x8xui8> -> tensor<20x3x3x8x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.03>>
  %acc = qnn.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>} : tensor<1x8x8x8x!qnn.uniform<u2:f32, 0.5>>, tensor<20x3x3x8x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.03>> -> tensor<1x8x8x20xi32>
  return %acc : tensor<1x8x8x20xi32>
}

// -----

// 8-bit activations (bytes up to 255) times weights 100 and 100: a pair
// reaches 51000 > 32767, which vpmaddubsw would saturate. Weights become i16
// words in channel pairs, activations are widened, and each group of 4
// channels takes two vpmaddwd.
// CHECK-LABEL: func.func @saturating
// CHECK-NOT: qnn.layer
// CHECK: memref.get_global @__qnn_vnni_weights_0 : memref<32xi16>
// CHECK: vector.load {{.*}} : memref<32xi16>, vector<16xi16>
// CHECK: vector.load {{.*}} : memref<32xi16>, vector<16xi16>
// CHECK: arith.extui {{.*}} : vector<4xi8> to vector<4xi16>
// CHECK: llvm.call_intrinsic "llvm.x86.avx2.pmadd.wd"({{.*}}) : (vector<16xi16>, vector<16xi16>) -> vector<8xi32>
// CHECK: llvm.call_intrinsic "llvm.x86.avx2.pmadd.wd"({{.*}}) : (vector<16xi16>, vector<16xi16>) -> vector<8xi32>
// CHECK-NOT: pmadd.ub.sw
// LLVM-LABEL: llvm.func internal @saturating__par
// LLVM-NOT: pmadd.ub.sw
func.func @saturating(%x: tensor<1x4x4x4x!qnn.uniform<u8:f32, 0.5>>) -> tensor<1x4x4x8xi32> {
  %w = qnn.constant dense<100> : tensor<8x1x1x4xi8> -> tensor<8x1x1x4x!qnn.uniform<i8:f32, 0.01>>
  %acc = qnn.conv2d %x, %w : tensor<1x4x4x4x!qnn.uniform<u8:f32, 0.5>>, tensor<8x1x1x4x!qnn.uniform<i8:f32, 0.01>> -> tensor<1x4x4x8xi32>
  return %acc : tensor<1x4x4x8xi32>
}
