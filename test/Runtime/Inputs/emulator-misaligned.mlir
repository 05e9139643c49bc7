// A 16-byte store to a shared buffer of i32 that is only 4-byte aligned:
// a misaligned address on a GPU, whatever the host's allocator gives.
func.func @main() {
  %c1 = arith.constant 1 : index
  %out = gpu.alloc host_shared () : memref<4xi32>
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1)
             workgroup(%shared : memref<8xi32, #gpu.address_space<workgroup>>) {
    %c0 = arith.constant 0 : index
    %v = arith.constant dense<7> : vector<4xi32>
    vector.store %v, %shared[%c0] {alignment = 16 : i64} : memref<8xi32, #gpu.address_space<workgroup>>, vector<4xi32>
    gpu.barrier
    %r = memref.load %shared[%c0] : memref<8xi32, #gpu.address_space<workgroup>>
    memref.store %r, %out[%c0] : memref<4xi32>
    gpu.terminator
  }
  return
}
