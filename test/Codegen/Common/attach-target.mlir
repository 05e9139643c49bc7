// RUN: qnn-opt %s -qnn-attach-target=target=avx2 | FileCheck %s --check-prefix=AVX2
// RUN: qnn-opt %s -qnn-attach-target="target=avx512-vpopcntdq cpu=znver4" | FileCheck %s --check-prefix=ZEN4
// RUN: qnn-opt %s -qnn-attach-target | FileCheck %s --check-prefix=GENERIC
// RUN: qnn-opt %s -qnn-attach-target=target=native | FileCheck %s --check-prefix=NATIVE
// RUN: qnn-opt %s -qnn-attach-target=target=avx2 -qnn-attach-target=target=avx512-vnni | FileCheck %s --check-prefix=KEEP
// RUN: qnn-opt %s -qnn-attach-target=target=avx2 -qnn-attach-target="target=avx512-vnni force=true" | FileCheck %s --check-prefix=FORCE
// RUN: not qnn-opt %s -qnn-attach-target=target=avx1024 2>&1 | FileCheck %s --check-prefix=UNKNOWN

// AVX2: module attributes {qnn.target = #qnn.target<arch = "x86_64", cpu = "x86-64-v3", features = ["avx2"]>}
// ZEN4: module attributes {qnn.target = #qnn.target<arch = "x86_64", cpu = "znver4", features = ["avx512f", "avx512bw", "avx512vnni", "avx512vpopcntdq", "popcnt"]>}
// GENERIC: module attributes {qnn.target = #qnn.target<arch = "x86_64", cpu = "x86-64">}
// The host's CPU name and the features kernels read that it has.
// NATIVE: module attributes {qnn.target = #qnn.target<arch = "x86_64", cpu = "{{[a-z0-9-]+}}"
// A target the module has stays unless forced.
// KEEP: cpu = "x86-64-v3", features = ["avx2"]
// FORCE: cpu = "x86-64-v4", features = ["avx512f", "avx512bw", "avx512vnni"]
// UNKNOWN: error: qnn-attach-target: unknown CPU target 'avx1024' (one of generic, avx2, avx512-vnni, avx512-vpopcntdq, avx512-amx, native)
module {
}
