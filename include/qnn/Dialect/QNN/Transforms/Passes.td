//===- Passes.td - qnn dialect transforms ------------------*- tablegen -*-===//
//
// This file declares the passes that transform qnn IR within the dialect.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_TRANSFORMS_PASSES_TD
#define QNN_DIALECT_QNN_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def QNNLegalizeQuantizers : Pass<"qnn-legalize-quantizers"> {
  let summary = "Rewrite scheme quantizers into typed codes and dequantize";
  let description = [{
    Replaces every scheme op (`qnn.pact`, `qnn.sawb`, `qnn.apot`, `qnn.hwgq`,
    `qnn.learned_levels`, `qnn.slb`, `qnn.binary`, `qnn.ternary`) by codes of
    a quantized type followed by `qnn.dequantize`, with the codes the reference
    library gives, bit for bit:

    - On a constant input (weights), the codes are computed now and become a
      `qnn.constant`; statistics the scheme takes from the data (SAWB's alpha,
      APoT's normalisation, mean |w| of binary weights, TWN's threshold) come
      from the constant.
    - On a run-time input (activations), a `qnn.multithreshold` computes the
      codes, with thresholds derived exactly from the scheme's quantizer, so
      `multithreshold` and the scheme give the same code for every f32 input.

    The typed forms: PACT `!qnn.uniform<uK, alpha / (2^K - 1)>`; SAWB the odd
    integers times `alpha / (2^b - 1)` (ternary `[-1, 0, 1] * alpha`); APoT
    the integer numerators of its level set times `alpha / denominator`; HWGQ
    `!qnn.uniform<uB, step>` (non-uniform: `[0, 0.453, 1.51]`); learned levels
    their real tables (per channel with `axis`); SLB `2i - (n - 1)` times
    `1 / (n - 1)`; binary `[-1, 1] * scale`; ternary `[-1, 0, 1] * scale`.
    Dequantized values are `scale * level`, which can differ from the paper's
    float formula in the last ulp; the codes are exact.

    ```mlir
    // Before
    %w = arith.constant dense<[[0.3, -0.1], [0.05, -0.4]]> : tensor<2x2xf32>
    %wq = qnn.sawb %w {bits = 2 : i32} : tensor<2x2xf32>
    %a = qnn.pact %x {alpha = 1.5 : f32} : tensor<1x2xf32>
    // After
    %c = qnn.constant dense<[[3, 1], [2, 0]]> : tensor<2x2xui8>
        -> tensor<2x2x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.1315...>>
    %wq = qnn.dequantize %c : ... -> tensor<2x2xf32>
    %q = qnn.multithreshold %x {thresholds = dense<[[0.25, 0.75, 1.25]]> : tensor<1x3xf32>}
        : tensor<1x2xf32> -> tensor<1x2x!qnn.uniform<u2:f32, 0.5>>
    %a = qnn.dequantize %q : ... -> tensor<1x2xf32>
    ```

    Schemes that need their input's values (SAWB, APoT with `normalize`,
    binary without `scale`, ternary without parameters, SLB logits) are
    reported when that input is not a constant.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

def QNNOptimizeLayout : Pass<"qnn-optimize-layout"> {
  let summary = "Cancel and move the layout transposes around NHWC layers";
  let description = [{
    `convert-onnx-to-qnn` keeps ONNX's NCHW semantics and wraps each NHWC
    TOSA layer (convolution, pooling) in a transpose in and one out. This
    pass first sinks transposes through elementwise ops (TOSA's, and qnn's
    quantizers with their channel axis moved) whose other operands are
    transposed alike or constant, composing transposes and folding them
    into constants (resource blobs included), so chains of layers stay NHWC
    between their ends. Then it hoists what remains in front of a layer
    above its quantizers (a reshape too, when the quantizer's channel
    survives it; a transpose above a pad) so layers read `qnn.dequantize`
    of codes, as `qnn-form-integer-layers` needs, and folds a zero pad of
    the image into the next convolution's padding.

    ```mlir
    // Before: conv -> relu -> conv, each conv between transposes
    %a = tosa.transpose %c1 {perms = array<i32: 0, 3, 1, 2>} : ...
    %r = tosa.clamp %a {...} : ...
    %b = tosa.transpose %r {perms = array<i32: 0, 2, 3, 1>} : ...
    %c2 = tosa.conv2d %b, ...
    // After
    %r = tosa.clamp %c1 {...} : ...
    %c2 = tosa.conv2d %r, ...
    ```
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::tosa::TosaDialect"];
}

def QNNFormIntegerLayers : Pass<"qnn-form-integer-layers"> {
  let summary = "Turn float layers over dequantized codes into integer layers";
  let description = [{
    Rewrites `tosa.conv2d` and `tosa.matmul` (batch 1) whose input is the
    `qnn.dequantize` of codes and whose weight is the `qnn.dequantize` of
    constant codes into `qnn.conv2d` / `qnn.dense` on the codes, followed by
    `qnn.rescale` with `scale = s_in * s_w[o]` and the layer's bias:

    ```mlir
    // Before
    %x = qnn.dequantize %xq : tensor<1x8x8x4x!qnn.uniform<u2:f32, 0.5>> -> tensor<1x8x8x4xf32>
    %w = qnn.dequantize %wq : tensor<6x3x3x4x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.1>> -> tensor<6x3x3x4xf32>
    %y = tosa.conv2d %x, %w, %b, %zp, %zp {pad = array<i64: 1, 1, 1, 1>, ...}
    // After
    %acc = qnn.conv2d %xq, %wq {padding = array<i64: 1, 1, 1, 1>} : ... -> tensor<1x8x8x6xi32>
    %y = qnn.rescale %acc {axis = 3 : i64, bias = array<f64: ...>, scale = array<f64: 0.05, ...>}
    ```

    The input's type must be per tensor (its scale factors out of the sum)
    and both types need integer levels; layers that don't qualify, or whose
    accumulator could overflow i32, stay in float.
  }];
  let dependentDialects = ["::mlir::tensor::TensorDialect"];
}

def QNNFuseEpilogues : Pass<"qnn-fuse-epilogues"> {
  let summary = "Fold a layer's float epilogue and next quantizer into integer thresholds";
  let description = [{
    Matches `qnn.rescale` -> a chain of monotone elementwise TOSA ops with
    constant operands (`tosa.add`, `tosa.sub`, `tosa.mul` — bias, batch
    norm, scales — `tosa.clamp`, `tosa.maximum`, `tosa.minimum` — ReLU,
    PACT / HWGQ clipping) -> `qnn.multithreshold` or `qnn.quantize` of the
    f32 values (the next activation quantizer: FINN MultiThreshold, QONNX
    Quant and BipolarQuant, QuantizeLinear; positive scales), and replaces
    it by one `qnn.multithreshold` on the integer accumulator. Reshapes in
    the chain that keep the channels innermost (Gemm's 2-D <-> 3-D) are
    looked through; the codes take the quantizer's shape. The integer
    thresholds are exact: for each channel, the
    epilogue is evaluated in f32 exactly as the float ops would, and the
    smallest accumulator reaching each code is found by bisection. Channels
    whose epilogue decreases (negative scale or gamma) compare the negated
    accumulator (`negate`).

    ```mlir
    // Before
    %y = qnn.rescale %acc {axis = 3 : i64, bias = ..., scale = ...} : tensor<1x8x8x6xi32> -> tensor<1x8x8x6xf32>
    %r = tosa.clamp %y {max_val = 3.4e38 : f32, min_val = 0.0 : f32} : ...
    %q = qnn.multithreshold %r {thresholds = dense<[[0.25, 0.75, 1.25]]> : tensor<1x3xf32>} : ...
    // After
    %q = qnn.multithreshold %acc {axis = 3 : i64, thresholds = dense<[[...], ...]> : tensor<6x3xi64>} : ...
    ```
  }];
}

def QNNRecordModelInterface : Pass<"qnn-record-model-interface", "ModuleOp"> {
  let summary = "Record each entry point's tensors for the runtime";
  let description = [{
    Every public function with a body is an entry point of the compiled
    model. This pass records, while types are still tensors, each argument's
    and result's element type (as a `qnn_dtype` of qnn/qnn_runtime.h;
    quantized tensors travel as one code per byte) and static shape in a
    `qnn.interface` attribute, and requests MLIR's C interface wrappers.
    Dynamic shapes and other element types are reported.

    ```mlir
    func.func @forward(%x: tensor<1x4xf32>) -> tensor<1x2xf32>
    // becomes
    func.func @forward(%x: tensor<1x4xf32>) -> tensor<1x2xf32> attributes {
      llvm.emit_c_interface,
      qnn.interface = {inputs = [[1 : i32, 1, 4]], names = ["x", "output0"], outputs = [[1 : i32, 1, 2]]}}
    ```
  }];
}

def QNNEmitModelInterface : Pass<"qnn-emit-model-interface", "ModuleOp"> {
  let summary = "Emit the model descriptor and packed entry points";
  let description = [{
    Runs on the LLVM dialect, after `qnn-record-model-interface` and the
    lowering (results are out-parameters). For each entry point it emits
    `void qnn_packed_<name>(void **descriptors)`, which calls the C interface
    wrapper with one memref descriptor per input and output, and one
    constant `qnn_model_desc` (see qnn/qnn_runtime.h) named `symbol` that
    lists the entry points with their tensors' names, element types and
    shapes. `qnn_model_run` of libqnn_runtime checks caller tensors against
    it and calls the packed function.
  }];
  let options = [
    Option<"symbol", "symbol", "std::string", /*default=*/"\"qnn_model\"",
           "Name of the exported model descriptor">,
  ];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def QNNOutlineParallelLoops : Pass<"qnn-outline-parallel-loops", "ModuleOp"> {
  let summary = "Outline top-level parallel loops into range functions";
  let description = [{
    Each `scf.parallel` at the top level of a function (no reductions) is
    moved into a private function `<func>__par<N>(begin, end, captured...)`
    that runs iterations `[begin, end)` of its first dimension with two or
    more iterations (all iterations of the others), marked `qnn.parallel`.
    The loop becomes a call covering the whole range, so the program means
    the same; `qnn-parallelize-outlined-loops` later turns the call into a
    `qnn_parallel_for` that splits the range over the runtime's threads.
    Constants and globals' addresses (`memref.get_global`) used by the body
    are cloned into the function, so that LLVM sees loads from constant
    globals as such (no alias checks: table lookups vectorize).
  }];
  let dependentDialects = ["::mlir::func::FuncDialect",
                           "::mlir::scf::SCFDialect", "::mlir::arith::ArithDialect"];
}

def QNNDeduplicateFunctions
    : Pass<"qnn-deduplicate-functions", "ModuleOp"> {
  let summary = "Merge private functions with identical bodies";
  let description = [{
    Private functions (any function op) whose types, attributes other than
    the name, and bodies are identical up to value names and locations are
    one function: every use of a duplicate's symbol is redirected to the
    first and the duplicates are erased. Layers of the same shape repeat in
    a network (ResNet-50's bottleneck blocks), and the parallel loop bodies
    `qnn-outline-parallel-loops` makes of them are identical; each would
    otherwise be lowered, optimized and compiled to machine code again.

    ```mlir
    func.func private @f__par0(%b: index, %e: index, %x: memref<8xf32>) ...
    func.func private @f__par1(%b: index, %e: index, %x: memref<8xf32>) ...
    call @f__par0(%c0, %c8, %a)
    call @f__par1(%c0, %c8, %b)
    ```
    becomes
    ```mlir
    func.func private @f__par0(%b: index, %e: index, %x: memref<8xf32>) ...
    call @f__par0(%c0, %c8, %a)
    call @f__par0(%c0, %c8, %b)
    ```
  }];
}

def QNNParallelizeOutlinedLoops
    : Pass<"qnn-parallelize-outlined-loops", "ModuleOp"> {
  let summary = "Run outlined parallel loops on libqnn_runtime's threads";
  let description = [{
    Runs on the LLVM dialect. Each call of a function marked `qnn.parallel`
    (from `qnn-outline-parallel-loops`) becomes: its captured arguments stored
    in a stack struct, a trampoline `<callee>__task(ctx, begin, end)` that
    reloads them and calls the function, and
    `qnn_parallel_for(trampoline, ctx, iterations)` of libqnn_runtime, which
    splits `[0, iterations)` over the requested threads.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def QNNSetTargetFeatures : Pass<"qnn-set-target-features", "ModuleOp"> {
  let summary = "Require CPU features on every function the model defines";
  let description = [{
    Runs on the LLVM dialect. Adds `features` (LLVM's comma-separated
    `+feature` list, e.g. `+avx2`) to the `target_features` of every
    `llvm.func` with a body, so that code using a target's intrinsics
    compiles whatever CPU `qnn-translate --mlir-to-object` is given (by
    default the baseline `x86-64`). `qnn-cpu-pipeline` runs it with the
    features its kernel variant needs; the object then runs only on CPUs
    that have them.

    ```mlir
    llvm.func @f() attributes {target_features = #llvm.target_features<["+avx2"]>}
    ```

    A list that does not parse as features (each must start with `+` or
    `-`) is reported.
  }];
  let options = [
    Option<"features", "features", "std::string", /*default=*/"\"\"",
           "Features to add, e.g. +avx512f,+avx512vnni">,
  ];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def QNNFuseElementwise : Pass<"qnn-fuse-elementwise"> {
  let summary = "Fuse chains of elementwise linalg ops, sparing marked layers";
  let description = [{
    Runs on tensors, after `convert-qnn-to-linalg`. Each all-parallel
    `linalg.generic` whose result has a single use is fused into the
    `linalg.generic` that consumes it (upstream's elementwise fusion), so
    that a chain such as bias subtraction, thresholds and the byte shift of
    the next layer's activations makes one pass over memory instead of one
    per op. Generics marked `qnn.vnni_conv` never absorb a producer: their
    kernel pass matches them operand for operand.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def QNNX86VnniConv : Pass<"qnn-x86-vnni-conv"> {
  let summary = "Turn marked u8 x s8 convolutions into AVX-512 VNNI or AVX2 loops";
  let description = [{
    Runs on buffers. A `linalg.generic` marked `qnn.vnni_conv` (from
    `convert-qnn-to-linalg{vnni-conv}`: zero-extended u8 activations, padded,
    times sign-extended s8 constant weights, summed into i32) becomes loops
    issuing `llvm.x86.avx512.vpdpbusd.512`. Output pixels, numbered row by
    row over the whole output image, are taken 8 at a time (the remainder 4,
    then one by one), output channels 2 blocks of 16 at a time (a step);
    for each tap of the window and group of 4 input channels, every 64-byte
    weight vector of the step feeds one vpdpbusd per pixel, and each
    pixel's 4 activation bytes, broadcast to 16 lanes, feed both blocks.
    Weights are repacked at compile time into a new constant
    `[O/32][KH][KW][C/4][2][16][4]` (the two blocks of a step interleaved,
    so that a step reads one stream), zero-padded to whole steps; a layer
    with a single block has steps of one. Accumulators start from zero
    registers when the output buffer's only earlier access is a zero
    `linalg.fill`, which is then erased; tail lanes past the last output
    channel use masked transfers. The outer loop is an `scf.parallel` over
    (batch, run of 8 pixels, step), which `qnn-outline-parallel-loops`
    spreads over the runtime's threads. Generics whose weights are not a
    known constant keep their scalar semantics.

    With `avx2`, vectors have 8 i32 lanes and steps one block (16 registers
    hold one block's 8 accumulators; weights `[O/8][KH][KW][C/4][8][4]`),
    and each vpdpbusd becomes `llvm.x86.avx2.pmadd.ub.sw` (pairs of u8 x s8
    products summed into saturating i16) then `llvm.x86.avx2.pmadd.wd` with
    ones and an add. That is exact only if no pair can leave the i16 range:
    the pass checks every adjacent weight pair against the largest
    activation byte recorded in the marker (the 5th value). When one could
    saturate (e.g. 8-bit activations times 8-bit weights), weights are
    stored as i16 channel pairs (`[O/8][KH][KW][C/4][2][8][2]`), activations
    are widened, and each group of 4 channels takes two `pmadd.wd`, which is
    exact for any 8-bit levels. The weights' original global is erased when
    nothing else uses it.

    With `pack` (the default), weights whose distinct levels number at most
    2, 4 or 16 are stored as 1-, 2- or 4-bit codes, the indices of their
    levels in increasing order. One weight vector (64 bytes, or 32 for
    AVX2) then holds `8 / bits` groups of 4 input channels, one per bit
    field: byte `lane * 4 + j` of a block's vector `v` of a tap holds in
    bits `[k * bits, (k + 1) * bits)` the code of output channel `lane` of
    the block, input channel `4 * (v * 8 / bits + k) + j` (zero past the
    last group). Fields are decoded in registers before their vpdpbusd:
    each byte's low nibble, and its high nibble shifted down, is masked
    once, and `vpshufb` maps it through a 16-entry table per field
    (replicated per 128-bit lane) to the s8 level of that field's code. A lone output pixel (a GEMV) accumulates each field
    separately, so that successive multiply-adds are independent. i16
    weights (AVX2, saturating pairs) and layers with more than 16 levels
    keep one byte (or word) per weight.

    With `bit-serial` (AVX-512 only; the code needs AVX512_VPOPCNTDQ), a
    layer whose weights have 2 to 4 levels `l0 + sum_i d_i b_i` (bit planes
    of the level indices; 4 levels when `l3 - l0 = d0 + d1`) and whose
    activation bytes have `p` bits (from the marker's largest byte) becomes
    loops of `arith.andi` + `math.ctpop` + `arith.addi` on `vector<8xi64>`:
    `sum w x = l0 sum x + sum_i d_i sum_j 2^j popcount(b_i & a_j)`, one i64
    lane per output channel, 64 input channels per word. It is taken when
    `16 * weight planes * p * ceil(C / 64) <= C` (at most half the
    vpdpbusd count); other layers keep vpdpbusd. Weights are repacked into
    `[O/16][KH][KW][ceil(C/64)][planes][2][8]` words (global
    `__qnn_popcnt_weights_N`); a parallel pre-pass splits the activations
    into planes (`cmpi ne` of each bit, `vector<64xi1>` bitcast to `i64`,
    padded channels masked off) plus each pixel's activation sum when `l0`
    is not 0, into a buffer freed after the layer. An input that is a
    zero-filled buffer read by nothing but the layer and one window
    `[0, top, left, 0]` (a padded tensor after bufferization) has its planes
    built from the window, padding pixels giving zero words, and the fill
    is erased: when the window is written in place by its first user (a
    fill, or an all-parallel linalg op that does not read its output), or
    is the target of a copy from a smaller buffer, which is then read
    instead and the copy and the buffer are erased too. The marker's optional
    sixth value, the input channels before padding to a multiple of 4,
    keeps the padded channels out of the level count.
  }];
  let options = [
    Option<"avx2", "avx2", "bool", /*default=*/"false",
           "Emit AVX2 (vpmaddubsw + vpmaddwd) instead of AVX-512 VNNI code">,
    Option<"pack", "pack", "bool", /*default=*/"true",
           "Store weights with at most 16 distinct levels as 1-, 2- or 4-bit "
           "codes decoded in registers (off: one byte per weight)">,
    Option<"bitSerial", "bit-serial", "bool", /*default=*/"false",
           "Bit-serial kernels (vpandq + vpopcntq over bit planes; needs "
           "AVX512_VPOPCNTDQ) for layers with at most 4 weight levels and "
           "few activation bits, where they need at most half the "
           "instructions">,
  ];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect", "::mlir::scf::SCFDialect",
                           "::mlir::vector::VectorDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::math::MathDialect"];
}

def QNNNVVMLayerKernels : Pass<"qnn-nvvm-layer-kernels", "ModuleOp"> {
  let summary = "Replace marked integer layers with NVIDIA GPU kernels";
  let description = [{
    Runs on bufferized code before loops become GPU kernels. Every u8 x s8
    convolution or dense layer that `convert-qnn-to-linalg` marks
    `qnn.vnni_conv` (a linalg.generic over the activations, a constant s8
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
    linalg.generic {... qnn.vnni_conv = array<i64: 1, 1, 1, 1, 3, 64>}
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

#endif // QNN_DIALECT_QNN_TRANSFORMS_PASSES_TD
