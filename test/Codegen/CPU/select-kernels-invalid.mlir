// RUN: qnn-opt %s -split-input-file -qnn-select-kernels -verify-diagnostics
// RUN: qnn-opt %s -split-input-file -qnn-x86-vnni-conv -verify-diagnostics

// A marked layer in a module without a target: neither pass can choose.
#x = affine_map<(n, y, x, o, c) -> (n, y, x, c)>
#w = affine_map<(n, y, x, o, c) -> (o, 0, 0, c)>
#y = affine_map<(n, y, x, o, c) -> (n, y, x, o)>
memref.global "private" constant @w : memref<4x1x1x4xi8> = dense<1>
func.func @no_target(%x: memref<1x2x2x4xi8>, %y: memref<1x2x2x4xi32>) {
  %w = memref.get_global @w : memref<4x1x1x4xi8>
  // expected-error @below {{the module has no x86 #qnn.target (run qnn-attach-target)}}
  linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%x, %w : memref<1x2x2x4xi8>, memref<4x1x1x4xi8>) outs(%y : memref<1x2x2x4xi32>) attrs = {qnn.layer = #qnn.layer<strides = [1, 1], dilations = [1, 1], padding = [0, 0, 0, 0], input_max = 3, channels = 4, weight_levels = 1>} {
  ^bb0(%a: i8, %b: i8, %acc: i32):
    %a32 = arith.extui %a : i8 to i32
    %b32 = arith.extsi %b : i8 to i32
    %p = arith.muli %a32, %b32 : i32
    %s = arith.addi %acc, %p : i32
    linalg.yield %s : i32
  }
  return
}
