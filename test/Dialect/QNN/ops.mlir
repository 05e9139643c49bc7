// RUN: qnn-opt %s | qnn-opt | FileCheck %s
// RUN: qnn-opt %s --mlir-print-op-generic | qnn-opt | FileCheck %s

// Every qnn type and op, parsed, printed and parsed again (once more through
// the generic form).

// CHECK-LABEL: func.func @uniform_types
// CHECK-SAME: tensor<4x!qnn.uniform<u2:f32, 0.5>>
// CHECK-SAME: tensor<4x!qnn.uniform<i4:f32, 0.25:-1>>
// CHECK-SAME: tensor<4x!qnn.uniform<i4<-7:7>:f32, 0.1>>
// CHECK-SAME: tensor<2x3x!qnn.uniform<u8:f32:1, {0.5:128, 0.25:120, 1.0e-05}>>
// CHECK-SAME: tensor<4x!qnn.uniform<i2<-1:1>:f16, 3.0>>
// CHECK-SAME: tensor<8x!qnn.uniform<u1:bf16, 0.799>>
// An integer scale wider than 64 bits is read at its value, not truncated.
// CHECK-SAME: tensor<4x!qnn.uniform<u2:f32, 1.0e+23>>
func.func @uniform_types(%a: tensor<4x!qnn.uniform<u2:f32, 0.5>>,
                         %b: tensor<4x!qnn.uniform<i4:f32, 0.25:-1>>,
                         %c: tensor<4x!qnn.uniform<i4<-7:7>:f32, 0.1:0>>,
                         %d: tensor<2x3x!qnn.uniform<u8:f32:1, {0.5:128, 0.25:120, 0.00001}>>,
                         %e: tensor<4x!qnn.uniform<i2<-1:1>:f16, 3>>,
                         %f: tensor<8x!qnn.uniform<u1:bf16, 0.799>>,
                         %g: tensor<4x!qnn.uniform<u2:f32, 100000000000000000000000>>) {
  return
}

// CHECK-LABEL: func.func @codebook_types
// SAWB 2-bit, APoT 4-bit (integers over 48), DQ learned levels, binary per
// channel, ternary in 2 bits, per-channel tables with and without scales.
// CHECK-SAME: tensor<4x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.25>>
// CHECK-SAME: tensor<16x!qnn.codebook<u4:f32, [0, 1, 2, 3, 4, 6, 8, 9, 12, 16, 18, 24, 32, 33, 36, 48] * 0.0625>>
// CHECK-SAME: tensor<4x!qnn.codebook<u2:f32, [-0.71, -0.2, 0.3, 1.2]>>
// CHECK-SAME: tensor<2x4x!qnn.codebook<u1:f32:0, [-1, 1] * {0.5, 0.25}>>
// CHECK-SAME: tensor<4x!qnn.codebook<u2:f32, [-1, 0, 1] * 0.5>>
// CHECK-SAME: tensor<3x2x!qnn.codebook<u2:f32:1, {[-1, 0.5, 2], [-0.5, 0.1, 0.7]}>>
// CHECK-SAME: tensor<3x2x!qnn.codebook<u2:f32:1, {[-1, 0.5, 2], [-0.5, 0.1, 0.7]} * {2.0, 0.5}>>
// CHECK-SAME: tensor<1x!qnn.codebook<u3:f32:0, [0, 1, 2] * {1.5}>>
func.func @codebook_types(%a: tensor<4x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.25>>,
                          %b: tensor<16x!qnn.codebook<u4:f32, [0, 1, 2, 3, 4, 6, 8, 9, 12, 16, 18, 24, 32, 33, 36, 48] * 0.0625>>,
                          %c: tensor<4x!qnn.codebook<u2:f32, [-0.71, -0.2, 0.3, 1.2] * 1.0>>,
                          %d: tensor<2x4x!qnn.codebook<u1:f32:0, [-1, 1] * {0.5, 0.25}>>,
                          %e: tensor<4x!qnn.codebook<u2:f32, [-1, 0, 1] * 0.5>>,
                          %f: tensor<3x2x!qnn.codebook<u2:f32:1, {[-1.0, 0.5, 2.0], [-0.5, 0.1, 0.7]}>>,
                          %g: tensor<3x2x!qnn.codebook<u2:f32:1, {[-1.0, 0.5, 2.0], [-0.5, 0.1, 0.7]} * {2.0, 0.5}>>,
                          %h: tensor<1x!qnn.codebook<u3:f32:0, [0, 1, 2] * {1.5}>>) {
  return
}

// CHECK-LABEL: func.func @generic_ops
func.func @generic_ops(%x: tensor<4x8xf32>, %i: tensor<4x8xi2>) {
  // CHECK: qnn.quantize %{{.*}} : tensor<4x8xf32> -> tensor<4x8x!qnn.uniform<u2:f32, 0.5>>
  %q = qnn.quantize %x : tensor<4x8xf32> -> tensor<4x8x!qnn.uniform<u2:f32, 0.5>>
  // CHECK: qnn.quantize %{{.*}} {rounding = #qnn.rounding<floor>}
  %r = qnn.quantize %x {rounding = #qnn.rounding<floor>} : tensor<4x8xf32> -> tensor<4x8x!qnn.uniform<i4:f32, 0.25>>
  // CHECK: qnn.quantize %{{.*}} : tensor<4x8xf32> -> tensor<4x8x!qnn.codebook<u2:f32:0, [-3, -1, 1, 3] * {1.0, 2.0, 3.0, 4.0}>>
  %c = qnn.quantize %x : tensor<4x8xf32> -> tensor<4x8x!qnn.codebook<u2:f32:0, [-3, -1, 1, 3] * {1.0, 2.0, 3.0, 4.0}>>
  // CHECK: qnn.multithreshold %{{.*}} {thresholds = dense<{{\[}}[2.500000e-01, 7.500000e-01, 1.250000e+00]]> : tensor<1x3xf32>} : tensor<4x8xf32> -> tensor<4x8x!qnn.uniform<u2:f32, 0.5>>
  %m = qnn.multithreshold %x {thresholds = dense<[[0.25, 0.75, 1.25]]> : tensor<1x3xf32>} : tensor<4x8xf32> -> tensor<4x8x!qnn.uniform<u2:f32, 0.5>>
  // CHECK: qnn.multithreshold %{{.*}} {axis = 0 : i64, thresholds = dense<{{.*}}> : tensor<4x2xf32>} : tensor<4x8xf32> -> tensor<4x8x!qnn.codebook<u2:f32, [-1, 0, 1] * 0.5>>
  %mt = qnn.multithreshold %x {axis = 0 : i64, thresholds = dense<[[-0.1, 0.1], [-0.2, 0.2], [-0.3, 0.3], [0.0, 0.0]]> : tensor<4x2xf32>} : tensor<4x8xf32> -> tensor<4x8x!qnn.codebook<u2:f32, [-1, 0, 1] * 0.5>>
  // CHECK: qnn.dequantize %{{.*}} : tensor<4x8x!qnn.uniform<u2:f32, 0.5>> -> tensor<4x8xf32>
  %d = qnn.dequantize %q : tensor<4x8x!qnn.uniform<u2:f32, 0.5>> -> tensor<4x8xf32>
  // CHECK: qnn.constant dense<[0, 3, 1, 2]> : tensor<4xui8> -> tensor<4x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.25>>
  %k = qnn.constant dense<[0, 3, 1, 2]> : tensor<4xui8> -> tensor<4x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.25>>
  // CHECK: qnn.constant dense<[-7, 7]> : tensor<2xi8> -> tensor<2x!qnn.uniform<i4<-7:7>:f32, 0.1>>
  %n = qnn.constant dense<[-7, 7]> : tensor<2xi8> -> tensor<2x!qnn.uniform<i4<-7:7>:f32, 0.1>>
  // CHECK: qnn.storage_cast %{{.*}} : tensor<4x8x!qnn.uniform<u2:f32, 0.5>> -> tensor<4x8xi2>
  %s = qnn.storage_cast %q : tensor<4x8x!qnn.uniform<u2:f32, 0.5>> -> tensor<4x8xi2>
  // CHECK: qnn.storage_cast %{{.*}} : tensor<4x8xi2> -> tensor<4x8x!qnn.uniform<u2:f32, 0.5>>
  %t = qnn.storage_cast %i : tensor<4x8xi2> -> tensor<4x8x!qnn.uniform<u2:f32, 0.5>>
  return
}

// CHECK-LABEL: func.func @packing
func.func @packing(%q: tensor<16x5x!qnn.uniform<u2:f32, 0.5>>, %w: tensor<3x7x!qnn.codebook<u3:f32, [0, 1, 2, 3, 4, 6, 8, 10] * 0.1>>) {
  // CHECK: qnn.pack %{{.*}} : tensor<16x5x!qnn.uniform<u2:f32, 0.5>> -> tensor<16x2xi8, #qnn.packed<bits = 2>>
  %p = qnn.pack %q : tensor<16x5x!qnn.uniform<u2:f32, 0.5>> -> tensor<16x2xi8, #qnn.packed<bits = 2>>
  // CHECK: qnn.unpack %{{.*}} : tensor<16x2xi8, #qnn.packed<bits = 2>> -> tensor<16x5x!qnn.uniform<u2:f32, 0.5>>
  %u = qnn.unpack %p : tensor<16x2xi8, #qnn.packed<bits = 2>> -> tensor<16x5x!qnn.uniform<u2:f32, 0.5>>
  // 7 three-bit codes take 21 bits: 3 bytes.
  // CHECK: qnn.pack %{{.*}} -> tensor<3x3xi8, #qnn.packed<bits = 3>>
  %p3 = qnn.pack %w : tensor<3x7x!qnn.codebook<u3:f32, [0, 1, 2, 3, 4, 6, 8, 10] * 0.1>> -> tensor<3x3xi8, #qnn.packed<bits = 3>>
  return
}

// CHECK-LABEL: func.func @schemes
func.func @schemes(%x: tensor<2x4xf32>, %logits: tensor<2x4x4xf32>, %codes: tensor<2x4xi8>, %h: tensor<2x4xf16>) {
  // CHECK: qnn.pact %{{.*}} {alpha = 6.000000e+00 : f32} : tensor<2x4xf32>
  %0 = qnn.pact %x {alpha = 6.0 : f32, bits = 2 : i32} : tensor<2x4xf32>
  // CHECK: qnn.pact %{{.*}} {alpha = 1.000000e+00 : f32, bits = 4 : i32} : tensor<2x4xf16>
  %1 = qnn.pact %h {alpha = 1.0 : f32, bits = 4 : i32} : tensor<2x4xf16>
  // CHECK: qnn.sawb %{{.*}} : tensor<2x4xf32>
  %2 = qnn.sawb %x : tensor<2x4xf32>
  // CHECK: qnn.sawb %{{.*}} {c1 = 3.120000e+00 : f64, c2 = 2.064000e+00 : f64} : tensor<2x4xf32>
  %3 = qnn.sawb %x {bits = 2 : i32, c1 = 3.12, c2 = 2.064} : tensor<2x4xf32>
  // CHECK: qnn.sawb %{{.*}} {ternary} : tensor<2x4xf32>
  %4 = qnn.sawb %x {ternary} : tensor<2x4xf32>
  // CHECK: qnn.sawb %{{.*}} {bits = 6 : i32, c1 = 2.200000e+01 : f64, c2 = 2.300000e+01 : f64}
  %5 = qnn.sawb %x {bits = 6 : i32, c1 = 22.0, c2 = 23.0} : tensor<2x4xf32>
  // CHECK: qnn.apot %{{.*}} {alpha = 3.000000e+00 : f32, bits = 4 : i32, is_signed, normalize} : tensor<2x4xf32>
  %6 = qnn.apot %x {alpha = 3.0 : f32, bits = 4 : i32, is_signed, normalize} : tensor<2x4xf32>
  // CHECK: qnn.apot %{{.*}} {alpha = 8.000000e+00 : f32, bits = 3 : i32} : tensor<2x4xf32>
  %7 = qnn.apot %x {alpha = 8.0 : f32, bits = 3 : i32} : tensor<2x4xf32>
  // CHECK: qnn.hwgq %{{.*}} : tensor<2x4xf32>
  %8 = qnn.hwgq %x {bits = 2 : i32} : tensor<2x4xf32>
  // CHECK: qnn.hwgq %{{.*}} {non_uniform} : tensor<2x4xf32>
  %9 = qnn.hwgq %x {non_uniform} : tensor<2x4xf32>
  // CHECK: qnn.learned_levels %{{.*}} {levels = dense<[-8.000000e-01, -1.000000e-01, 3.000000e-01, 1.100000e+00]> : tensor<4xf64>} : tensor<2x4xf32>
  %10 = qnn.learned_levels %x {levels = dense<[-0.8, -0.1, 0.3, 1.1]> : tensor<4xf64>} : tensor<2x4xf32>
  // CHECK: qnn.learned_levels %{{.*}} {axis = 0 : i64, levels = dense<{{.*}}> : tensor<2x3xf64>} : tensor<2x4xf32>
  %11 = qnn.learned_levels %x {axis = 0 : i64, levels = dense<[[0.0, 0.5, 1.0], [0.0, 0.2, 0.9]]> : tensor<2x3xf64>} : tensor<2x4xf32>
  // CHECK: qnn.slb %{{.*}} : tensor<2x4x4xf32> -> tensor<2x4xf32>
  %12 = qnn.slb %logits {bits = 2 : i32} : tensor<2x4x4xf32> -> tensor<2x4xf32>
  // CHECK: qnn.slb %{{.*}} : tensor<2x4xi8> -> tensor<2x4xf32>
  %13 = qnn.slb %codes : tensor<2x4xi8> -> tensor<2x4xf32>
  // CHECK: qnn.slb %{{.*}} {bits = 3 : i32, values = array<f64: -1.000000e+00, 0.000000e+00, 2.000000e+00>} : tensor<2x4xi8> -> tensor<2x4xf32>
  %14 = qnn.slb %codes {bits = 3 : i32, values = array<f64: -1.0, 0.0, 2.0>} : tensor<2x4xi8> -> tensor<2x4xf32>
  // CHECK: qnn.binary %{{.*}} {scale = array<f32: 1.000000e+00>} : tensor<2x4xf32>
  %15 = qnn.binary %x {scale = array<f32: 1.0>} : tensor<2x4xf32>
  // CHECK: qnn.binary %{{.*}} {axis = 0 : i64} : tensor<2x4xf32>
  %16 = qnn.binary %x {axis = 0 : i64} : tensor<2x4xf32>
  // CHECK: qnn.binary %{{.*}} {axis = 1 : i64, scale = array<f32: 1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00>} : tensor<2x4xf32>
  %17 = qnn.binary %x {axis = 1 : i64, scale = array<f32: 1.0, 2.0, 3.0, 4.0>} : tensor<2x4xf32>
  // CHECK: qnn.ternary %{{.*}} {scale = 5.000000e-01 : f32, threshold = 1.000000e-01 : f32} : tensor<2x4xf32>
  %18 = qnn.ternary %x {scale = 0.5 : f32, threshold = 0.1 : f32} : tensor<2x4xf32>
  // CHECK: qnn.ternary %{{.*}} : tensor<2x4xf32>
  %19 = qnn.ternary %x : tensor<2x4xf32>
  return
}

// CHECK-LABEL: func.func @layers
func.func @layers(%a: tensor<2x16x!qnn.uniform<u2:f32, 0.5>>, %w: tensor<8x16x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.01>>,
                  %x: tensor<1x8x8x4x!qnn.uniform<u4:f32, 0.1:3>>, %k: tensor<6x3x3x4x!qnn.codebook<u1:f32:0, [-1, 1] * {1.0, 2.0, 3.0, 4.0, 5.0, 6.0}>>) {
  // CHECK: %[[ACC:.*]] = qnn.dense %{{.*}}, %{{.*}} : tensor<2x16x!qnn.uniform<u2:f32, 0.5>>, tensor<8x16x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.01>> -> tensor<2x8xi32>
  %acc = qnn.dense %a, %w : tensor<2x16x!qnn.uniform<u2:f32, 0.5>>, tensor<8x16x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.01>> -> tensor<2x8xi32>
  // CHECK: qnn.multithreshold %[[ACC]] {axis = 1 : i64, thresholds = dense<{{.*}}> : tensor<8x3xi64>} : tensor<2x8xi32> -> tensor<2x8x!qnn.uniform<u2:f32, 0.5>>
  %q = qnn.multithreshold %acc {axis = 1 : i64, thresholds = dense<[[-4, 0, 4], [-4, 0, 4], [-4, 0, 4], [-4, 0, 4], [-4, 0, 4], [-4, 0, 4], [-4, 0, 4], [-4, 0, 4]]> : tensor<8x3xi64>} : tensor<2x8xi32> -> tensor<2x8x!qnn.uniform<u2:f32, 0.5>>
  // CHECK: qnn.conv2d %{{.*}}, %{{.*}} {padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : {{.*}} -> tensor<1x4x4x6xi32>
  %c = qnn.conv2d %x, %k {padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x8x8x4x!qnn.uniform<u4:f32, 0.1:3>>, tensor<6x3x3x4x!qnn.codebook<u1:f32:0, [-1, 1] * {1.0, 2.0, 3.0, 4.0, 5.0, 6.0}>> -> tensor<1x4x4x6xi32>
  // CHECK: qnn.rescale %[[ACC]] {axis = 1 : i64, bias = array<f64: {{.*}}>, scale = array<f64: {{.*}}>} : tensor<2x8xi32> -> tensor<2x8xf32>
  %r = qnn.rescale %acc {axis = 1 : i64, bias = array<f64: 0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7>, scale = array<f64: 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, -1.0>} : tensor<2x8xi32> -> tensor<2x8xf32>
  // CHECK: qnn.multithreshold %[[ACC]] {negate = array<i1: true>, thresholds = dense<0> : tensor<1x1xi64>}
  %n = qnn.multithreshold %acc {negate = array<i1: true>, thresholds = dense<0> : tensor<1x1xi64>} : tensor<2x8xi32> -> tensor<2x8x!qnn.uniform<u1:f32, 0.5>>
  // CHECK: qnn.conv2d %{{.*}}, %{{.*}} {dilations = array<i64: 2, 2>} : {{.*}} -> tensor<1x4x4x6xi32>
  %d = qnn.conv2d %x, %k {dilations = array<i64: 2, 2>} : tensor<1x8x8x4x!qnn.uniform<u4:f32, 0.1:3>>, tensor<6x3x3x4x!qnn.codebook<u1:f32:0, [-1, 1] * {1.0, 2.0, 3.0, 4.0, 5.0, 6.0}>> -> tensor<1x4x4x6xi32>
  return
}

// CHECK-LABEL: func.func @pooling
func.func @pooling(%x: tensor<1x8x8x4x!qnn.uniform<u2:f32, 0.5>>) {
  // CHECK: qnn.max_pool2d %{{.*}} {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x8x8x4x!qnn.uniform<u2:f32, 0.5>> -> tensor<1x4x4x4x!qnn.uniform<u2:f32, 0.5>>
  %y = qnn.max_pool2d %x {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x8x8x4x!qnn.uniform<u2:f32, 0.5>> -> tensor<1x4x4x4x!qnn.uniform<u2:f32, 0.5>>
  return
}
