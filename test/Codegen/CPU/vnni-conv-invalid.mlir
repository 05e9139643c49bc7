// RUN: qnn-opt %s -split-input-file -qnn-x86-vnni-conv -verify-diagnostics

// A layer whose chosen kernel it does not fit is reported, not rewritten
// into something else: bit-serial weights need at most 4 levels in bit
// planes (these have 5).
#x = affine_map<(n, y, x, o, c) -> (n, y, x, c)>
#w = affine_map<(n, y, x, o, c) -> (o, 0, 0, c)>
#y = affine_map<(n, y, x, o, c) -> (n, y, x, o)>
memref.global "private" constant @w : memref<4x1x1x4xi8> = dense<[[[[-2, -1, 0, 1]]], [[[2, 0, 0, 0]]], [[[0, 0, 0, 0]]], [[[1, 1, 1, 1]]]]>
func.func @five_levels(%x: memref<1x2x2x4xi8>, %y: memref<1x2x2x4xi32>) {
  %w = memref.get_global @w : memref<4x1x1x4xi8>
  // expected-error @below {{qnn-x86-vnni-conv: the layer does not fit its kernel 'bit_serial': its weights have more than 4 levels or levels that are not bit planes, or its activations no bits}}
  linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%x, %w : memref<1x2x2x4xi8>, memref<4x1x1x4xi8>) outs(%y : memref<1x2x2x4xi32>) attrs = {qnn.layer = #qnn.layer<strides = [1, 1], dilations = [1, 1], padding = [0, 0, 0, 0], input_max = 3, channels = 4, weight_levels = 5, kernel = bit_serial>} {
  ^bb0(%a: i8, %b: i8, %acc: i32):
    %a32 = arith.extui %a : i8 to i32
    %b32 = arith.extsi %b : i8 to i32
    %p = arith.muli %a32, %b32 : i32
    %s = arith.addi %acc, %p : i32
    linalg.yield %s : i32
  }
  return
}

// -----

// Weights that are not a constant global.
#x = affine_map<(n, y, x, o, c) -> (n, y, x, c)>
#w = affine_map<(n, y, x, o, c) -> (o, 0, 0, c)>
#y = affine_map<(n, y, x, o, c) -> (n, y, x, o)>
func.func @argument_weights(%x: memref<1x2x2x4xi8>, %w: memref<4x1x1x4xi8>, %y: memref<1x2x2x4xi32>) {
  // expected-error @below {{qnn-x86-vnni-conv: the layer does not fit its kernel 'vnni': its weights are not a constant s8 global}}
  linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%x, %w : memref<1x2x2x4xi8>, memref<4x1x1x4xi8>) outs(%y : memref<1x2x2x4xi32>) attrs = {qnn.layer = #qnn.layer<strides = [1, 1], dilations = [1, 1], padding = [0, 0, 0, 0], input_max = 3, channels = 4, weight_levels = 4, kernel = vnni>} {
  ^bb0(%a: i8, %b: i8, %acc: i32):
    %a32 = arith.extui %a : i8 to i32
    %b32 = arith.extsi %b : i8 to i32
    %p = arith.muli %a32, %b32 : i32
    %s = arith.addi %acc, %p : i32
    linalg.yield %s : i32
  }
  return
}
