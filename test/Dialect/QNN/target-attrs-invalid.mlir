// RUN: qnn-opt %s -split-input-file -verify-diagnostics

// expected-error @below {{target architecture 'arm64' is neither 'x86_64' nor 'nvptx64'}}
module attributes {qnn.target = #qnn.target<arch = "arm64", cpu = "generic">} {
}

// -----

// expected-error @below {{target CPU (or GPU chip) is empty}}
module attributes {qnn.target = #qnn.target<arch = "x86_64", cpu = "">} {
}

// -----

// expected-error @below {{GPU chip 'gfx90a' is not an NVIDIA architecture (sm_80, sm_90a, ...)}}
module attributes {qnn.target = #qnn.target<arch = "nvptx64", cpu = "gfx90a">} {
}

// -----

// expected-error @below {{target feature '+avx2' is not a feature name (write 'avx2', not '+avx2'; one feature per string)}}
module attributes {qnn.target = #qnn.target<arch = "x86_64", cpu = "x86-64", features = ["+avx2"]>} {
}

// -----

// expected-error @below {{target feature 'avx2,fma' is not a feature name}}
module attributes {qnn.target = #qnn.target<arch = "x86_64", cpu = "x86-64", features = ["avx2,fma"]>} {
}

// -----

// expected-error @below {{target feature 'avx2' is repeated}}
module attributes {qnn.target = #qnn.target<arch = "x86_64", cpu = "x86-64", features = ["avx2", "avx2"]>} {
}

// -----

// expected-error @below {{layer strides and dilations need 2 values each (height, width), got 1 and 2}}
func.func @f() attributes {qnn.a = #qnn.layer<strides = [1], dilations = [1, 1], padding = [0, 0, 0, 0], input_max = 3, channels = 4, weight_levels = 4>}

// -----

// expected-error @below {{layer padding needs 4 values (top, left, bottom, right), got 2}}
func.func @f() attributes {qnn.a = #qnn.layer<strides = [1, 1], dilations = [1, 1], padding = [0, 0], input_max = 3, channels = 4, weight_levels = 4>}

// -----

// expected-error @below {{layer strides and dilations must be positive, got 0}}
func.func @f() attributes {qnn.a = #qnn.layer<strides = [1, 1], dilations = [0, 1], padding = [0, 0, 0, 0], input_max = 3, channels = 4, weight_levels = 4>}

// -----

// expected-error @below {{layer padding must not be negative, got -1}}
func.func @f() attributes {qnn.a = #qnn.layer<strides = [1, 1], dilations = [1, 1], padding = [0, -1, 0, 0], input_max = 3, channels = 4, weight_levels = 4>}

// -----

// expected-error @below {{largest activation byte 256 is outside [0, 255]}}
func.func @f() attributes {qnn.a = #qnn.layer<strides = [1, 1], dilations = [1, 1], padding = [0, 0, 0, 0], input_max = 256, channels = 4, weight_levels = 4>}

// -----

// expected-error @below {{layer input channels must be positive, got 0}}
func.func @f() attributes {qnn.a = #qnn.layer<strides = [1, 1], dilations = [1, 1], padding = [0, 0, 0, 0], input_max = 3, channels = 0, weight_levels = 4>}

// -----

// expected-error @below {{layer weight levels 0 are outside [1, 256]}}
func.func @f() attributes {qnn.a = #qnn.layer<strides = [1, 1], dilations = [1, 1], padding = [0, 0, 0, 0], input_max = 3, channels = 4, weight_levels = 0>}

// -----

// expected-error @below {{expected one of [unselected, loops, vnni, avx2, bit_serial, amx] for the kernel family that computes an integer layer, got: fast}}
// expected-error @below {{failed to parse QNN_IntegerLayerAttr parameter 'kernel' which is to be a `LayerKernel`}}
func.func @f() attributes {qnn.a = #qnn.layer<strides = [1, 1], dilations = [1, 1], padding = [0, 0, 0, 0], input_max = 3, channels = 4, weight_levels = 4, kernel = fast>}
