// RUN: qnn-opt %s -qnn-fuse-elementwise -split-input-file | FileCheck %s

// A chain of elementwise generics becomes one.
// CHECK-LABEL: func.func @chain
// CHECK: linalg.generic
// CHECK: arith.subi
// CHECK: arith.trunci
// CHECK-NOT: linalg.generic
#id = affine_map<(d0) -> (d0)>
func.func @chain(%x: tensor<16xi32>, %b: tensor<16xi32>) -> tensor<16xi8> {
  %e0 = tensor.empty() : tensor<16xi32>
  %d = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]} ins(%x, %b : tensor<16xi32>, tensor<16xi32>) outs(%e0 : tensor<16xi32>) {
  ^bb0(%a: i32, %c: i32, %o: i32):
    %s = arith.subi %a, %c : i32
    linalg.yield %s : i32
  } -> tensor<16xi32>
  %e1 = tensor.empty() : tensor<16xi8>
  %t = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%d : tensor<16xi32>) outs(%e1 : tensor<16xi8>) {
  ^bb0(%a: i32, %o: i8):
    %s = arith.trunci %a : i32 to i8
    linalg.yield %s : i8
  } -> tensor<16xi8>
  return %t : tensor<16xi8>
}

// -----

// A generic marked for a kernel keeps its operands, even when its input
// has no other use.
// CHECK-LABEL: func.func @marked
// CHECK: %[[P:.*]] = linalg.generic
// CHECK: linalg.generic {{.*}} ins(%[[P]], %{{.*}} : tensor<1x4x4x4xi8>, tensor<8x1x1x4xi8>) {{.*}}qnn.layer
#x = affine_map<(n, h, w, o, c) -> (n, h, w, c)>
#w = affine_map<(n, h, w, o, c) -> (o, 0, 0, c)>
#y = affine_map<(n, h, w, o, c) -> (n, h, w, o)>
#e = affine_map<(n, h, w, c) -> (n, h, w, c)>
func.func @marked(%a: tensor<1x4x4x4xi8>, %wt: tensor<8x1x1x4xi8>, %acc: tensor<1x4x4x8xi32>) -> tensor<1x4x4x8xi32> {
  %e = tensor.empty() : tensor<1x4x4x4xi8>
  %p = linalg.generic {indexing_maps = [#e, #e], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%a : tensor<1x4x4x4xi8>) outs(%e : tensor<1x4x4x4xi8>) {
  ^bb0(%i: i8, %o: i8):
    %one = arith.constant 1 : i8
    %s = arith.addi %i, %one : i8
    linalg.yield %s : i8
  } -> tensor<1x4x4x4xi8>
  %y = linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%p, %wt : tensor<1x4x4x4xi8>, tensor<8x1x1x4xi8>) outs(%acc : tensor<1x4x4x8xi32>) attrs = {qnn.layer = #qnn.layer<strides = [1, 1], dilations = [1, 1], padding = [0, 0, 0, 0], input_max = 3, channels = 4, weight_levels = 256>} {
  ^bb0(%i: i8, %k: i8, %o: i32):
    %u = arith.extui %i : i8 to i32
    %v = arith.extsi %k : i8 to i32
    %m = arith.muli %u, %v : i32
    %s = arith.addi %o, %m : i32
    linalg.yield %s : i32
  } -> tensor<1x4x4x8xi32>
  return %y : tensor<1x4x4x8xi32>
}
