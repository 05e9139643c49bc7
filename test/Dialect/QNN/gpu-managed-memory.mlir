// RUN: qnn-opt %s --pass-pipeline='builtin.module(func.func(qnn-gpu-managed-memory))' --split-input-file --verify-diagnostics | FileCheck %s

memref.global "private" constant @table : memref<4xi32> = dense<[1, 2, 3, 4]>

// Arguments are copied into managed memory on entry and back before the
// return; allocations and globals move to managed memory too.
// CHECK-LABEL: func.func @f(
// CHECK-SAME: %[[X:.*]]: memref<4xf32>, %[[Y:.*]]: memref<4xi32>)
// CHECK-DAG: %[[MX:.*]] = gpu.alloc host_shared () : memref<4xf32>
// CHECK-DAG: memref.copy %[[X]], %[[MX]]
// CHECK-DAG: %[[MY:.*]] = gpu.alloc host_shared () : memref<4xi32>
// CHECK-DAG: memref.copy %[[Y]], %[[MY]]
// CHECK: %[[G:.*]] = memref.get_global @table
// CHECK: %[[MG:.*]] = gpu.alloc host_shared () : memref<4xi32>
// CHECK: memref.copy %[[G]], %[[MG]]
// CHECK: %[[T:.*]] = gpu.alloc host_shared () : memref<4xf32>
// CHECK: memref.load %[[MX]]
// CHECK: memref.store {{.*}}, %[[T]]
// CHECK: memref.load %[[MG]]
// CHECK: memref.store {{.*}}, %[[MY]]
// CHECK: %[[W:.*]] = gpu.wait async
// CHECK: %[[D:.*]] = gpu.dealloc async [%[[W]]] %[[T]]
// CHECK: gpu.wait [%[[D]]]
// CHECK: gpu.dealloc async {{.*}} %[[MG]]
// CHECK: memref.copy %[[MX]], %[[X]]
// CHECK: gpu.dealloc async {{.*}} %[[MX]]
// CHECK: memref.copy %[[MY]], %[[Y]]
// CHECK: gpu.dealloc async {{.*}} %[[MY]]
// CHECK: return
func.func @f(%x: memref<4xf32>, %y: memref<4xi32>) {
  %c0 = arith.constant 0 : index
  %g = memref.get_global @table : memref<4xi32>
  %t = memref.alloc() : memref<4xf32>
  %v = memref.load %x[%c0] : memref<4xf32>
  memref.store %v, %t[%c0] : memref<4xf32>
  %i = memref.load %g[%c0] : memref<4xi32>
  memref.store %i, %y[%c0] : memref<4xi32>
  memref.dealloc %t : memref<4xf32>
  return
}

// -----

// Dynamic shapes cannot move.
func.func @dynamic(%n: index) {
  // expected-error @below {{'memref.alloc' op has a buffer of type 'memref<?xf32>' that qnn-gpu-managed-memory cannot move: GPU models need static shapes and identity layouts}}
  %t = memref.alloc(%n) : memref<?xf32>
  return
}
