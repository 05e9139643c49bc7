// RUN: qnn-opt %s -split-input-file | qnn-opt -split-input-file | FileCheck %s

// The target and the layer contract print and parse back.
// CHECK: module attributes {qnn.target = #qnn.target<arch = "x86_64", cpu = "znver4", features = ["avx2", "avx512vnni"]>}
module attributes {qnn.target = #qnn.target<arch = "x86_64", cpu = "znver4", features = ["avx2", "avx512vnni"]>} {
}

// -----

// CHECK: module attributes {qnn.target = #qnn.target<arch = "nvptx64", cpu = "sm_90a", features = ["ptx80"]>}
module attributes {qnn.target = #qnn.target<arch = "nvptx64", cpu = "sm_90a", features = ["ptx80"]>} {
}

// -----

// A target without features, and a layer whose kernel is unselected (the
// default, not printed) and one with a kernel.
// CHECK: qnn.target = #qnn.target<arch = "x86_64", cpu = "x86-64">
// CHECK: qnn.a = #qnn.layer<strides = [1, 2], dilations = [1, 1], padding = [0, 1, 2, 3], input_max = 3, channels = 64, weight_levels = 4>
// CHECK-SAME: qnn.b = #qnn.layer<strides = [1, 1], dilations = [2, 2], padding = [0, 0, 0, 0], input_max = 255, channels = 3, weight_levels = 256, kernel = bit_serial>
module attributes {qnn.target = #qnn.target<arch = "x86_64", cpu = "x86-64">} {
  func.func @f() attributes {qnn.a = #qnn.layer<strides = [1, 2], dilations = [1, 1], padding = [0, 1, 2, 3], input_max = 3, channels = 64, weight_levels = 4>, qnn.b = #qnn.layer<strides = [1, 1], dilations = [2, 2], padding = [0, 0, 0, 0], input_max = 255, channels = 3, weight_levels = 256, kernel = bit_serial>} {
    return
  }
}
