// Warp shuffles and a block barrier in one kernel: 64 threads, two warps.
// Row 0: shfl.bfly 5; row 1: shfl.down 3 (lanes 29-31 keep their own);
// row 2: shfl.up 3 (lanes 0-2 keep their own); row 3: shfl.idx 5 (each
// warp's lane 5); row 4: whether the down shuffle's source was in range;
// row 5: through shared memory and a barrier, thread 63 - t's value.
func.func @main() {
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %out = gpu.alloc host_shared () : memref<6x64xi32>
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c64, %sy = %c1, %sz = %c1)
             workgroup(%shared : memref<64xi32, #gpu.address_space<workgroup>>) {
    %t = arith.index_cast %tx : index to i32
    %w = arith.constant 32 : i32
    %c3 = arith.constant 3 : i32
    %c5 = arith.constant 5 : i32
    %v = arith.muli %t, %c3 : i32
    %x, %p0 = gpu.shuffle xor %v, %c5, %w : i32
    %d, %p1 = gpu.shuffle down %v, %c3, %w : i32
    %u, %p2 = gpu.shuffle up %v, %c3, %w : i32
    %i, %p3 = gpu.shuffle idx %v, %c5, %w : i32
    %r0 = arith.constant 0 : index
    %r1 = arith.constant 1 : index
    %r2 = arith.constant 2 : index
    %r3 = arith.constant 3 : index
    %r4 = arith.constant 4 : index
    %r5 = arith.constant 5 : index
    memref.store %x, %out[%r0, %tx] : memref<6x64xi32>
    memref.store %d, %out[%r1, %tx] : memref<6x64xi32>
    memref.store %u, %out[%r2, %tx] : memref<6x64xi32>
    memref.store %i, %out[%r3, %tx] : memref<6x64xi32>
    %valid = arith.extui %p1 : i1 to i32
    memref.store %valid, %out[%r4, %tx] : memref<6x64xi32>
    memref.store %t, %shared[%tx] : memref<64xi32, #gpu.address_space<workgroup>>
    gpu.barrier
    %c63 = arith.constant 63 : index
    %mirror = arith.subi %c63, %tx : index
    %m = memref.load %shared[%mirror] : memref<64xi32, #gpu.address_space<workgroup>>
    memref.store %m, %out[%r5, %tx] : memref<6x64xi32>
    gpu.terminator
  }
  %u = memref.cast %out : memref<6x64xi32> to memref<*xi32>
  call @printMemrefI32(%u) : (memref<*xi32>) -> ()
  return
}
func.func private @printMemrefI32(memref<*xi32>)
