// RUN: qnn-opt %s -qnn-attach-target=target=avx512-vnni -convert-qnn-to-linalg=vnni-conv=true "-one-shot-bufferize=bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" -qnn-x86-vnni-conv -split-input-file | FileCheck %s
// RUN: qnn-opt %s -qnn-attach-target=target=avx512-vnni -convert-qnn-to-linalg=vnni-conv=true "-one-shot-bufferize=bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" -qnn-x86-vnni-conv=pack=false -split-input-file | FileCheck %s --check-prefix=BYTES
// RUN: qnn-opt %s -qnn-attach-target=target=avx2 -convert-qnn-to-linalg=vnni-conv=true "-one-shot-bufferize=bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" -qnn-x86-vnni-conv -split-input-file | FileCheck %s --check-prefix=AVX2

// Code generation only (no execution): runs on any machine.

// 16 output channels x 16 input channels of SAWB levels [-3, -1, 1, 3]:
// weight (o, c) has code (o + c) mod 4. Packed 2-bit, the 4 groups of 4
// input channels are the 4 bit fields of one 64-byte vector: byte (o, j)
// holds the codes of channels j, 4 + j, 8 + j and 12 + j, all (o + j) mod 4,
// so it is 85 times that code.
// CHECK-LABEL: memref.global "private" constant @__qnn_vnni_weights_0 : memref<64xi8> = dense<[0, 85, -86, -1, 85, -86, -1, 0, -86, -1, 0, 85, -1, 0, 85, -86, 0, 85, -86, -1, 85, -86, -1, 0, -86, -1, 0, 85, -1, 0, 85, -86, 0, 85, -86, -1, 85, -86, -1, 0, -86, -1, 0, 85, -1, 0, 85, -86, 0, 85, -86, -1, 85, -86, -1, 0, -86, -1, 0, 85, -1, 0, 85, -86]>
// Fields 0 and 1 are the low nibble of each byte, fields 2 and 3 the high
// one: one mask per nibble, then per field a table, per 128-bit lane, from
// the whole nibble to the level of the field's code in it (field 0 (and 2):
// bits 0-1, field 1 (and 3): bits 2-3).
// CHECK-DAG: %[[SHIFT:.*]] = arith.constant dense<4> : vector<64xi8>
// CHECK-DAG: %[[NIBBLE:.*]] = arith.constant dense<15> : vector<64xi8>
// CHECK-DAG: %[[T0:.*]] = arith.constant dense<[-3, -1, 1, 3, -3, -1, 1, 3, -3, -1, 1, 3, -3, -1, 1, 3, -3,
// CHECK-DAG: %[[T1:.*]] = arith.constant dense<[-3, -3, -3, -3, -1, -1, -1, -1, 1, 1, 1, 1, 3, 3, 3, 3, -3,
// CHECK: scf.parallel
// The 8 output pixels of a row share each decoded vector.
// CHECK: %[[V:.*]] = vector.load %{{.*}} : memref<64xi8>, vector<64xi8>
// CHECK: %[[LO:.*]] = arith.andi %[[V]], %[[NIBBLE]] : vector<64xi8>
// CHECK: %[[W0:.*]] = llvm.call_intrinsic "llvm.x86.avx512.pshuf.b.512"(%[[T0]], %[[LO]])
// CHECK: llvm.call_intrinsic "llvm.x86.avx512.pshuf.b.512"(%[[T1]], %[[LO]])
// CHECK: %[[H:.*]] = arith.shrui %[[V]], %[[SHIFT]] : vector<64xi8>
// CHECK: %[[HI:.*]] = arith.andi %[[H]], %[[NIBBLE]] : vector<64xi8>
// CHECK: llvm.call_intrinsic "llvm.x86.avx512.pshuf.b.512"(%{{.*}}, %[[HI]])
// CHECK: llvm.call_intrinsic "llvm.x86.avx512.pshuf.b.512"(%{{.*}}, %[[HI]])
// CHECK-COUNT-8: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"(%{{.*}}, %{{.*}}, %[[W0]])
// One byte per weight: [O/16][KH][KW][C/4][16][4], levels -3, -1, 1, 3 for
// output channel 0, input channels 0 to 3.
// BYTES-LABEL: memref.global "private" constant @__qnn_vnni_weights_0 : memref<256xi8> = dense<"0xFDFF0103FF0103FD
// BYTES-NOT: pshuf.b
// AVX2 decodes 32-byte vectors (2 blocks of 8 channels x 32 bytes).
// AVX2-LABEL: memref.global "private" constant @__qnn_vnni_weights_0 : memref<64xi8>
// AVX2: llvm.call_intrinsic "llvm.x86.avx2.pshuf.b"({{.*}}) : (vector<32xi8>, vector<32xi8>) -> vector<32xi8>
// AVX2: llvm.call_intrinsic "llvm.x86.avx2.pmadd.ub.sw"
func.func @two_bit(%x: tensor<1x8x8x16x!qnn.uniform<u2:f32, 0.5>>) -> tensor<1x8x8x16xi32> {
  %w = qnn.constant dense<[[[[0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3]]], [[[1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0]]], [[[2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1]]], [[[3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2]]], [[[0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3]]], [[[1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0]]], [[[2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1]]], [[[3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2]]], [[[0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3]]], [[[1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0]]], [[[2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1]]], [[[3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2]]], [[[0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3]]], [[[1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0]]], [[[2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1]]], [[[3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2]]]]> : tensor<16x1x1x16xui8> -> tensor<16x1x1x16x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.03>>
  %acc = qnn.conv2d %x, %w : tensor<1x8x8x16x!qnn.uniform<u2:f32, 0.5>>, tensor<16x1x1x16x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.03>> -> tensor<1x8x8x16xi32>
  return %acc : tensor<1x8x8x16xi32>
}

// -----

// A GEMV (one pixel) of 4-bit weights, 20 outputs: 2 blocks of 16 channels
// (the second partly padding) computed together, sharing each activation
// broadcast. 12 input channels are 3 groups of 4: one full vector of 2
// fields and a last vector holding only field 0. Each field of each block
// has its own accumulator; the two of a block are summed before its store.
// The accumulators start from zero registers: the zero fill of the output
// buffer is gone.
// CHECK-LABEL: func.func @gemv
// CHECK-NOT: linalg.fill
// CHECK: memref.get_global @__qnn_vnni_weights_0 : memref<256xi8>
// CHECK: %[[Z:.*]] = arith.constant dense<0> : vector<16xi32>
// CHECK-NOT: vector.transfer_read
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %[[Z]], %{{.*}} = %[[Z]], %{{.*}} = %[[Z]], %{{.*}} = %[[Z]])
// CHECK: vector.load %{{.*}} : memref<256xi8>, vector<64xi8>
// CHECK: arith.shrui
// CHECK: vector.load %{{.*}} : memref<256xi8>, vector<64xi8>
// CHECK: arith.shrui
// CHECK-COUNT-4: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"
// CHECK: scf.yield
// CHECK: vector.load %{{.*}} : memref<256xi8>, vector<64xi8>
// CHECK-NOT: arith.shrui
// CHECK: vector.load %{{.*}} : memref<256xi8>, vector<64xi8>
// CHECK-NOT: arith.shrui
// CHECK-COUNT-2: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"
// CHECK: arith.addi %{{.*}}, %{{.*}} : vector<16xi32>
// CHECK: vector.transfer_write
// CHECK: arith.addi %{{.*}}, %{{.*}} : vector<16xi32>
// CHECK: vector.transfer_write
func.func @gemv(%x: tensor<1x12x!qnn.uniform<u4:f32, 0.5>>) -> tensor<1x20xi32> {
  %w = qnn.constant dense<[[-8, -7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3], [-7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4], [-6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5], [-5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6], [-4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7], [-3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, -8], [-2, -1, 0, 1, 2, 3, 4, 5, 6, 7, -8, -7], [-1, 0, 1, 2, 3, 4, 5, 6, 7, -8, -7, -6], [0, 1, 2, 3, 4, 5, 6, 7, -8, -7, -6, -5], [1, 2, 3, 4, 5, 6, 7, -8, -7, -6, -5, -4], [2, 3, 4, 5, 6, 7, -8, -7, -6, -5, -4, -3], [3, 4, 5, 6, 7, -8, -7, -6, -5, -4, -3, -2], [4, 5, 6, 7, -8, -7, -6, -5, -4, -3, -2, -1], [5, 6, 7, -8, -7, -6, -5, -4, -3, -2, -1, 0], [6, 7, -8, -7, -6, -5, -4, -3, -2, -1, 0, 1], [7, -8, -7, -6, -5, -4, -3, -2, -1, 0, 1, 2], [-8, -7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3], [-7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4], [-6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5], [-5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6]]> : tensor<20x12xi8> -> tensor<20x12x!qnn.uniform<i4:f32, 0.1>>
  %y = qnn.dense %x, %w : tensor<1x12x!qnn.uniform<u4:f32, 0.5>>, tensor<20x12x!qnn.uniform<i4:f32, 0.1>> -> tensor<1x20xi32>
  return %y : tensor<1x20xi32>
}
