//===- Passes.td - qnn GPU code generation -----------------*- tablegen -*-===//
//
// This file declares the NVIDIA GPU code generation passes: layer kernels,
// device memory and loop shapes.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_CODEGEN_GPU_PASSES_TD
#define QNN_CODEGEN_GPU_PASSES_TD

include "mlir/Pass/PassBase.td"

def QNNNVVMLayerKernels : Pass<"qnn-nvvm-layer-kernels", "ModuleOp"> {
  let summary = "Replace marked integer layers with NVIDIA GPU kernels";
  let description = [{
    Runs on bufferized code before loops become GPU kernels. Every u8 x s8
    convolution or dense layer that `convert-qnn-to-linalg` marks
    `#qnn.layer` (a linalg.generic over the activations, a constant s8
    weight global and zero-filled i32 accumulators) becomes a `gpu.launch`:

    - layers of at most `gemv-max-rows` rows (batch-1 dense layers; 1x1
      stride-1 convolutions) a weight-streaming GEMV: each warp streams
      the packed rows of 8 (or 4) output channels with 16-byte loads,
      decodes the codes in registers (`nvvm.prmt`), multiplies with
      `nvvm.dot.accumulate.4way` (dp4a) and sums the lanes with shuffles;
    - the others a tensor-core GEMM: `nvvm.mma.sync` m16n8k32 u8 x s8 ->
      s32 (sm_80 and later) over 64 x 64 (or 128 x 64) output tiles of 4
      warps, activation tiles gathered with implicit im2col addressing into
      double-buffered shared memory, weight fragments read from global
      memory and decoded in registers.

    The weights are repacked in the GPU layout of docs/Packing.md ("GPU
    kernel weights": b-bit codes into a table of at most 16 levels, b = 1,
    2 or 4, else the level bytes; rows padded to 128 weights) as a new
    constant global. When the accumulators feed exactly one elementwise
    `linalg.generic` (thresholds, requantization, rescaling; read with an
    identity map, iterating the layer's rows times its channels, not
    writing into the activations' buffer) and nothing between the two
    writes memory, that generic becomes the kernel's epilogue: it runs on each accumulator in registers, and the
    i32 accumulators never reach memory.

    ```mlir
    // Before
    linalg.fill ins(%c0_i32 : i32) outs(%acc : memref<1x1x1x64xi32>)
    linalg.generic {... qnn.layer = #qnn.layer<strides = [1, 1], ...>}
        ins(%x, %w : memref<1x1x1x64xi8>, memref<64x1x1x64xi8>)
        outs(%acc : memref<1x1x1x64xi32>) {...}
    linalg.generic {...} ins(%acc2d, ...) outs(%codes : memref<1x64xi8>) {
      ... thresholds ...
    }
    // After
    %words = memref.view ... : memref<64xi8> to memref<16xi32>
    %packed = memref.get_global @__qnn_gpu_weights_0 : memref<256xi32>
    gpu.launch blocks(...) in (... = %c1, ...) threads(...) in (... = %c256, ...) {
      ... nvvm.prmt ... nvvm.dot.accumulate.4way ... gpu.shuffle xor ...
      ... thresholds ...
      memref.store %code, %codes[%row, %channel] : memref<1x64xi8>
    }
    ```
  }];
  let options = [
    Option<"gemvMaxRows", "gemv-max-rows", "int64_t", /*default=*/"4",
           "Layers of at most this many rows (output pixels) use the GEMV "
           "kernel">,
    Option<"tensorCores", "tensor-cores", "bool", /*default=*/"true",
           "Use the mma.sync GEMM (sm_80 and later); off: only the GEMV, "
           "the other layers stay loop kernels">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::gpu::GPUDialect",
                           "::mlir::LLVM::LLVMDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::NVVM::NVVMDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::vector::VectorDialect"];
}

def QNNGPUDeviceMemory : Pass<"qnn-gpu-device-memory", "ModuleOp"> {
  let summary = "Place a bufferized entry point's buffers where its GPU "
                "kernels can reach them";
  let description = [{
    Runs on the bufferized functions of a module whose parallel loops are
    already `gpu.launch` regions, before they are outlined. Each buffer goes
    where the code that touches it runs, judged from all its uses through
    views:

    - A `memref.alloc` that only kernels and copies use becomes device
      memory (`gpu.alloc`, freed by `gpu.dealloc`); one that host code also
      reads or writes becomes managed memory from the runtime
      (`qnn_gpu_managed_alloc` / `qnn_gpu_managed_free`).
    - A constant global (`memref.get_global`) that only kernels and copies
      read becomes the model's resident device copy: `qnn_gpu_constant`
      (libqnn_runtime) uploads it on the first run and returns the same
      device buffer on every later one; these calls move to the function's
      start. One that host code also reads is copied into managed memory
      per call.
    - A memref argument (the caller's host buffer) that kernels use gets a
      device buffer (managed when host code also uses it), copied in on
      entry when anything reads it and out before every return when
      anything writes it. Arguments that only copies use are copied from
      or to directly.
    - `memref.copy` becomes `gpu.memcpy` when either side is in device
      memory (a one-dimensional copy kernel when a side is strided: a
      strided view of a host buffer goes through the same view of a device
      copy of the buffer).

    Host code never touches device memory afterwards, and kernels never
    touch host memory. Allocations, frees and copies are written in their
    synchronous form; `gpu-async-region`, after kernel outlining, puts them
    on one stream with the launches (qnn-gpu-pipeline does).

    ```mlir
    // Before
    func.func @f(%x: memref<4xf32>, %y: memref<4xf32>) {
      %t = memref.alloc() : memref<4xf32>
      gpu.launch ... { ... memref.load %x ... memref.store ..., %t ... }
      memref.copy %t, %y : memref<4xf32> to memref<4xf32>
      memref.dealloc %t : memref<4xf32>
      return
    }
    // After
    func.func @f(%x: memref<4xf32>, %y: memref<4xf32>) {
      %dx = gpu.alloc () : memref<4xf32>
      gpu.memcpy %dx, %x : memref<4xf32>, memref<4xf32>
      %t = gpu.alloc () : memref<4xf32>
      gpu.launch ... { ... memref.load %dx ... memref.store ..., %t ... }
      gpu.memcpy %y, %t : memref<4xf32>, memref<4xf32>
      gpu.dealloc %t : memref<4xf32>
      gpu.dealloc %dx : memref<4xf32>
      return
    }
    ```
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::gpu::GPUDialect",
                           "::mlir::LLVM::LLVMDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect"];
}

def QNNCollapseParallelLoops
    : Pass<"qnn-collapse-parallel-loops", "func::FuncOp"> {
  let summary = "Collapse each outermost parallel loop into one dimension";
  let description = [{
    Every outermost `scf.parallel` with several dimensions becomes a
    one-dimensional loop over their product (the indices recomputed with
    division and remainder). Tiling it by a GPU block size then fills every
    block with useful threads whatever the loop's shape: a batch-1 NHWC loop
    `(1, H, W, C)` tiled on its first dimension would leave all but one
    thread of each block idle.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::scf::SCFDialect"];
}

#endif // QNN_CODEGEN_GPU_PASSES_TD
