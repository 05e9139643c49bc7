// RUN: qnn-opt %s --qnn-gpu-device-memory --split-input-file --verify-diagnostics | FileCheck %s

memref.global "private" constant @table : memref<4xi32> = dense<[1, 2, 3, 4]>

// Buffers only kernels and copies use go to device memory; the constant
// becomes the runtime's resident copy, at the function's start; the input
// is copied in (a kernel reads it), the output out (a copy writes it),
// directly from the device buffer. Allocations, copies and frees are in
// their synchronous form (gpu-async-region puts them on the stream).
// CHECK-LABEL: func.func @kernels_only(
// CHECK-SAME: %[[X:.*]]: memref<4xf32>, %[[Y:.*]]: memref<4xf32>)
// CHECK: %[[G:.*]] = memref.get_global @table
// CHECK: %[[P:.*]] = memref.extract_aligned_pointer_as_index %[[G]]
// CHECK: %[[DEV:.*]] = llvm.call @qnn_gpu_constant({{.*}}) : (!llvm.ptr, i64) -> !llvm.ptr
// CHECK: %[[RG:.*]] = builtin.unrealized_conversion_cast {{.*}} to memref<4xi32>
// CHECK: %[[DX:.*]] = gpu.alloc () : memref<4xf32>
// CHECK: gpu.memcpy %[[DX]], %[[X]]
// CHECK: %[[T:.*]] = gpu.alloc () : memref<4xf32>
// CHECK: gpu.launch
// CHECK:   memref.load %[[DX]]
// CHECK:   memref.load %[[RG]]
// CHECK:   memref.store {{.*}}, %[[T]]
// CHECK: gpu.memcpy %[[Y]], %[[T]]
// CHECK: gpu.dealloc %[[T]]
// CHECK-NOT: gpu.memcpy
// CHECK: gpu.dealloc %[[DX]]
// CHECK-NEXT: return
func.func @kernels_only(%x: memref<4xf32>, %y: memref<4xf32>) {
  %c1 = arith.constant 1 : index
  %g = memref.get_global @table : memref<4xi32>
  %t = memref.alloc() : memref<4xf32>
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    %v = memref.load %x[%tx] : memref<4xf32>
    %i = memref.load %g[%tx] : memref<4xi32>
    %f = arith.sitofp %i : i32 to f32
    %s = arith.addf %v, %f : f32
    memref.store %s, %t[%tx] : memref<4xf32>
    gpu.terminator
  }
  memref.copy %t, %y : memref<4xf32> to memref<4xf32>
  memref.dealloc %t : memref<4xf32>
  return
}

// -----

memref.global "private" constant @table : memref<4xi32> = dense<[1, 2, 3, 4]>

// Host code reads the buffer a kernel writes, and the constant: both in
// managed memory, from the runtime. The output argument is written by a kernel: it gets a
// device buffer copied out (not in) before the return. A buffer only host
// code uses stays where it is.
// CHECK-LABEL: func.func @host_too(
// CHECK-SAME: %[[Y:.*]]: memref<4xi32>)
// CHECK: %[[G:.*]] = memref.get_global @table
// CHECK: llvm.call @qnn_gpu_managed_alloc
// CHECK: %[[MG:.*]] = builtin.unrealized_conversion_cast {{.*}} to memref<4xi32> {qnn.managed}
// CHECK: memref.copy %[[G]], %[[MG]]
// CHECK: %[[DY:.*]] = gpu.alloc () : memref<4xi32>
// CHECK-NOT: gpu.memcpy
// CHECK: llvm.call @qnn_gpu_managed_alloc
// CHECK: %[[T:.*]] = builtin.unrealized_conversion_cast {{.*}} to memref<4xi32> {qnn.managed}
// CHECK: %[[H:.*]] = memref.alloc() : memref<4xi32>
// CHECK: gpu.launch
// CHECK:   memref.load %[[MG]]
// CHECK:   memref.store {{.*}}, %[[T]]
// CHECK:   memref.store {{.*}}, %[[DY]]
// CHECK: memref.load %[[T]]
// CHECK: memref.load %[[MG]]
// CHECK: memref.store {{.*}}, %[[H]]
// CHECK: memref.extract_aligned_pointer_as_index %[[T]]
// CHECK: llvm.call @qnn_gpu_managed_free
// CHECK: gpu.memcpy %[[Y]], %[[DY]]
// CHECK: return
func.func @host_too(%y: memref<4xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %g = memref.get_global @table : memref<4xi32>
  %t = memref.alloc() : memref<4xi32>
  %h = memref.alloc() : memref<4xi32>
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    %i = memref.load %g[%tx] : memref<4xi32>
    memref.store %i, %t[%tx] : memref<4xi32>
    memref.store %i, %y[%tx] : memref<4xi32>
    gpu.terminator
  }
  %a = memref.load %t[%c0] : memref<4xi32>
  %b = memref.load %g[%c0] : memref<4xi32>
  %s = arith.addi %a, %b : i32
  memref.store %s, %h[%c0] : memref<4xi32>
  memref.dealloc %t : memref<4xi32>
  memref.dealloc %h : memref<4xi32>
  return
}

// -----

// A copy into a strided view of a device buffer runs as a kernel (one
// thread per element); a contiguous one on the copy engine. A copy from
// the caller's (host) buffer into a strided view goes through a device
// buffer the copy engine fills; a copy into a strided view of a host
// buffer, through the same view of a device copy of that buffer, copied
// back.
// CHECK-LABEL: func.func @strided_copy(
// CHECK-SAME: %[[IN:.*]]: memref<2x2xf32>, %[[OUT:.*]]: memref<4x4xf32>, %[[HOST:.*]]: memref<4x4xf32>)
// CHECK: %[[S:.*]] = gpu.alloc () : memref<2x2xf32>
// CHECK: %[[D:.*]] = gpu.alloc () : memref<4x4xf32>
// CHECK: %[[V:.*]] = memref.subview %[[D]]
// CHECK: gpu.launch
// CHECK: gpu.launch blocks({{.*}}) in ({{.*}} = %c1{{.*}}) threads({{.*}}) in ({{.*}} = %c256{{.*}})
// CHECK:   %[[I:.*]] = arith.addi
// CHECK:   scf.if
// CHECK:     %[[E:.*]] = memref.load %[[S]]
// CHECK:     memref.store %[[E]], %[[V]]
// CHECK: %[[T:.*]] = gpu.alloc () : memref<2x2xf32>
// CHECK: gpu.memcpy %[[T]], %[[IN]]
// CHECK: gpu.launch
// CHECK:     %[[F:.*]] = memref.load %[[T]]
// CHECK:     memref.store %[[F]], %[[V]]
// CHECK: gpu.dealloc %[[T]]
// CHECK: gpu.launch
// CHECK: %[[H:.*]] = gpu.alloc () : memref<4x4xf32>
// CHECK: gpu.memcpy %[[H]], %[[HOST]] : memref<4x4xf32>, memref<4x4xf32>
// CHECK: %[[HV:.*]] = memref.subview %[[H]][0, 1] [2, 2] [1, 1]
// CHECK: gpu.launch
// CHECK:     %[[G:.*]] = memref.load %[[S]]
// CHECK:     memref.store %[[G]], %[[HV]]
// CHECK: gpu.memcpy %[[HOST]], %[[H]]
// CHECK: gpu.dealloc %[[H]]
// CHECK: return
func.func @strided_copy(%in: memref<2x2xf32>, %out: memref<4x4xf32>, %host: memref<4x4xf32>) {
  %c1 = arith.constant 1 : index
  %s = memref.alloc() : memref<2x2xf32>
  %d = memref.alloc() : memref<4x4xf32>
  %v = memref.subview %d[1, 1] [2, 2] [1, 1] : memref<4x4xf32> to memref<2x2xf32, strided<[4, 1], offset: 5>>
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    %f = arith.constant 1.0 : f32
    memref.store %f, %s[%tx, %ty] : memref<2x2xf32>
    gpu.terminator
  }
  memref.copy %s, %v : memref<2x2xf32> to memref<2x2xf32, strided<[4, 1], offset: 5>>
  memref.copy %in, %v : memref<2x2xf32> to memref<2x2xf32, strided<[4, 1], offset: 5>>
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    %e = memref.load %d[%tx, %ty] : memref<4x4xf32>
    memref.store %e, %out[%tx, %ty] : memref<4x4xf32>
    gpu.terminator
  }
  %hv = memref.subview %host[0, 1] [2, 2] [1, 1] : memref<4x4xf32> to memref<2x2xf32, strided<[4, 1], offset: 1>>
  memref.copy %s, %hv : memref<2x2xf32> to memref<2x2xf32, strided<[4, 1], offset: 1>>
  memref.dealloc %s : memref<2x2xf32>
  memref.dealloc %d : memref<4x4xf32>
  return
}

// -----

memref.global "private" @state : memref<4xf32> = dense<0.0>

// Kernels may read constant globals only.
func.func @mutable_global() {
  %c1 = arith.constant 1 : index
  // expected-error @below {{'memref.get_global' op reads a global that GPU kernels write or that is not constant; qnn-gpu-device-memory places only constant globals}}
  %g = memref.get_global @state : memref<4xf32>
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    %f = arith.constant 1.0 : f32
    memref.store %f, %g[%tx] : memref<4xf32>
    gpu.terminator
  }
  return
}

// -----

// Dynamic shapes cannot be placed.
func.func @dynamic(%n: index) {
  %c1 = arith.constant 1 : index
  // expected-error @below {{'memref.alloc' op has a buffer of type 'memref<?xf32>' that qnn-gpu-device-memory cannot place: GPU models need static shapes and identity layouts}}
  %t = memref.alloc(%n) : memref<?xf32>
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    %f = arith.constant 1.0 : f32
    memref.store %f, %t[%tx] : memref<?xf32>
    gpu.terminator
  }
  return
}
