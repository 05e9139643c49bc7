//===- Passes.td - qnn CPU code generation -----------------*- tablegen -*-===//
//
// This file declares the x86 CPU code generation passes: kernels, threads
// and target features.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_CODEGEN_CPU_PASSES_TD
#define QNN_CODEGEN_CPU_PASSES_TD

include "mlir/Pass/PassBase.td"

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
    default the baseline `x86-64`). Without `features`, the features of the
    module's `#qnn.target` are added; `qnn-cpu-pipeline` runs it so. The
    object then runs only on CPUs that have them. The target's CPU becomes
    each such function's `target_cpu` (instruction scheduling), and the
    module's `qnn.target` is dropped: LLVM has no use for it and LLVM tools
    (mlir-runner, mlir-translate) do not know the qnn dialect.

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

def QNNSelectKernels : Pass<"qnn-select-kernels"> {
  let summary = "Choose each integer layer's kernel with the target's cost model";
  let description = [{
    Runs on buffers, before `qnn-x86-vnni-conv`. For every `linalg.generic`
    marked `#qnn.layer`, estimates the cycles of each kernel family the
    module's `#qnn.target` can run (its features) from the instruction
    rates of the target CPU's family (its `cpu`: Intel AVX-512 cores with
    one `vpopcntq` port, AMD Zen 4, Zen 5, other cores): the portable loops,
    `avx2` (vpmaddubsw + vpmaddwd), `vnni` (vpdpbusd), `bit_serial`
    (vpandq + vpopcntq over bit planes, for at most 4 weight levels) and
    `amx` (tdpbusd tiles). The cheapest becomes the layer's `kernel`, which
    the kernel generators follow.

    With `explain` (or qnn-opt's `--qnn-explain-kernels`), each layer gets
    a remark naming its shape, the candidates with their estimated cycles,
    the choice and the CPU profile:

    ```
    remark: qnn-select-kernels: 1x8x8x16 <- 1x1x64 (4 weight levels,
      2-bit activations) on sapphirerapids (Intel AVX-512 (one vpopcntq
      port)): vnni (5.1e+02 cycles) over bit_serial (7.7e+02), loops
      (6.6e+04)
    ```

    `prefer` names a kernel family every layer takes where it is a
    candidate (tests and measurements of one kernel). A module without a
    target is an error, as is an unknown `prefer`; a layer whose `kernel`
    is already chosen keeps it.
  }];
  let options = [
    Option<"explain", "explain", "bool", /*default=*/"false",
           "Emit a remark per layer with the estimates and the choice">,
    Option<"prefer", "prefer", "std::string", /*default=*/"\"\"",
           "A kernel family (vnni, avx2, bit_serial, amx, loops) every "
           "layer takes where the target can run it, whatever the "
           "estimates (to test or measure one kernel)">,
  ];
}

def QNNX86VnniConv : Pass<"qnn-x86-vnni-conv"> {
  let summary = "Turn marked u8 x s8 convolutions into AVX-512 VNNI, AVX2 or "
                "bit-serial loops";
  let description = [{
    Runs on buffers. A `linalg.generic` marked `#qnn.layer` (from
    `convert-qnn-to-linalg{vnni-conv}`: zero-extended u8 activations, padded,
    times sign-extended s8 constant weights, summed into i32) becomes the
    loops of the kernel its `kernel` names (`vnni`, `avx2`, `bit_serial`;
    `loops` keeps the generic). A layer whose kernel is `unselected` gets
    the choice `qnn-select-kernels` would make for the module's
    `#qnn.target`; a module without one is an error, as is a layer that
    does not fit its kernel (weights that are not a constant, more weight
    levels than bit planes hold).

    The `vnni` kernel issues `llvm.x86.avx512.vpdpbusd.512`. Output pixels, numbered row by
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

    The `avx2` kernel: vectors have 8 i32 lanes and steps one block (16 registers
    hold one block's 8 accumulators; weights `[O/8][KH][KW][C/4][8][4]`),
    and each vpdpbusd becomes `llvm.x86.avx2.pmadd.ub.sw` (pairs of u8 x s8
    products summed into saturating i16) then `llvm.x86.avx2.pmadd.wd` with
    ones and an add. That is exact only if no pair can leave the i16 range:
    the pass checks every adjacent weight pair against the largest
    activation byte recorded in the marker (`input_max`). When one could
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

    The `bit_serial` kernel (AVX-512 only; the code needs AVX512_VPOPCNTDQ):
    a layer whose weights have 2 to 4 levels `l0 + sum_i d_i b_i` (bit planes
    of the level indices; 4 levels when `l3 - l0 = d0 + d1`) and whose
    activation bytes have `p` bits (from the marker's largest byte) becomes
    loops of `arith.andi` + `math.ctpop` + `arith.addi` on `vector<8xi64>`:
    `sum w x = l0 sum x + sum_i d_i sum_j 2^j popcount(b_i & a_j)`, one i64
    lane per output channel, 64 input channels per word. Weights are repacked into
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
    instead and the copy and the buffer are erased too. The marker's
    `channels`, the input channels before padding to a multiple of 4,
    keeps the padded channels out of the level count.

    The `amx` kernel: a layer whose output buffer is dense and whose
    activations have static strides with contiguous channels (a window of
    a padded buffer qualifies) becomes `amx` dialect tiles (a layer it does
    not take gets the `vnni` kernel, or `avx2` on a target without
    AVX-512): `amx.tile_muli %a zext, %b, %c` (tdpbusd, u8 x s8 ->
    i32) with A tiles of 16 output pixels (rows) x 64 input channels of one
    tap, read straight from the padded activations (a 1-D view of their
    span) with a row stride of `stride_w` pixels, and B tiles of 16 groups of 4 input channels x 16
    output channels x 4 bytes, repacked at compile time into
    `__qnn_amx_weights_N`, `[O/16][KH][KW][ceil(C/64)][16][64]` bytes, zero
    past O and C. A step accumulates 2 x 2 C tiles (32 pixels of one output
    row, or of the whole image when rows are contiguous, as for 1x1 layers
    without padding and dense layers; 32 output channels) over all taps and
    chunks of 64 channels, with 2 A and 2 B tiles: the 8 tile registers.
    Pixel, channel and chunk tails use smaller tiles of their own static
    shape, so nothing is read or written past a buffer. The outer loop is
    an `scf.parallel` over (line, run of 32 pixels, step of 32 channels).
    With `pack` and at most 16 weight levels, the tiles are stored as 1-,
    2- or 4-bit codes instead (`8 / bits` tile rows share a 64-byte row,
    row `p * fields + f` in bit field `f`), and the loop runs over (step,
    group of up to a quarter of the lines): each iteration decodes its
    step's tiles once (shift, mask, a select per level) into a scratch
    buffer it allocates, and reads its B tiles from there for all the runs
    of its lines. Either loop's first bound is 0 unless `func.call @qnn_amx_request()` (libqnn_runtime: asks Linux for
    the tile data once, `arch_prctl(ARCH_REQ_XCOMP_PERM,
    XFEATURE_XTILEDATA)`) returns 0; a refusal is the status qnn_model_run
    returns.

    ```mlir
    %a = amx.tile_load %x[%i], %c32 : memref<800xi8> into !amx.tile<16x32xi8>
    %b = amx.tile_load %w[%j], %c64 : memref<9216xi8> into !amx.tile<8x64xi8>
    %c1 = amx.tile_muli %a zext, %b, %c0
        : !amx.tile<16x32xi8>, !amx.tile<8x64xi8>, !amx.tile<16x16xi32>
    ```
  }];
  let options = [
    Option<"pack", "pack", "bool", /*default=*/"true",
           "Store weights with at most 16 distinct levels as 1-, 2- or 4-bit "
           "codes decoded in registers (off: one byte per weight)">,
  ];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect", "::mlir::scf::SCFDialect",
                           "::mlir::vector::VectorDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::func::FuncDialect",
                           "::mlir::amx::AMXDialect"];
}

def QNNAmxToVector : Pass<"qnn-amx-to-vector"> {
  let summary = "Emulate AMX tile operations with vector code";
  let description = [{
    Rewrites every `amx` dialect op into vector, scf and memref code that
    computes the same values, so that code written for AMX tiles (the
    `amx` kernels of `qnn-x86-vnni-conv`) runs, and is checked bit-exact,
    on CPUs without AMX. A tile `!amx.tile<RxCxT>` becomes a
    `vector<RxCxT>`, through `scf.for` iteration arguments, `scf.if` and
    `scf.yield` too. `tile_zero` is a zero vector; `tile_load` and
    `tile_store` move one row per `vector.load` / `vector.store`, row `r` at
    the last index plus `r * stride` (a 1-D buffer) or one row further along
    the second innermost dimension (no stride); `tile_muli` computes

      C[m][n] += sum_{k,j} ext(A[m][4k + j]) * ext(B[k][4n + j])

    with zero or sign extension as its `zext` flags say, as a loop over the
    K/4 groups of 4 whose operands sit in stack scratch between
    `llvm.intr.stacksave` and `llvm.intr.stackrestore`. The kernels' calls
    of `qnn_amx_request` (the tile-data permission) become 0: emulated code
    needs none.

    ```mlir
    // Before:
    %c = amx.tile_muli %a zext, %b, %acc
        : !amx.tile<16x64xi8>, !amx.tile<16x64xi8>, !amx.tile<16x16xi32>
    // After: %acc's rows (vector<16xi32>) carried through
    scf.for %k = %c0 to %c16 step %c1 iter_args(...) -> (vector<16xi32>, ...) {
      %row = vector.load %bscratch[%k, %c0] : memref<16x64xi8>, vector<64xi8>
      %col0 = vector.shuffle %row, %row [0, 4, 8, ...] : vector<64xi8>, vector<64xi8>
      ...
    }
    ```

    Reported, before anything changes: `amx.tile_mulf` (floating-point
    tiles are not emulated), an explicit stride on a buffer of rank other
    than 1, and tiles carried by any other op (function arguments, calls,
    other control flow).
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect", "::mlir::scf::SCFDialect",
                           "::mlir::vector::VectorDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::func::FuncDialect"];
}

#endif // QNN_CODEGEN_CPU_PASSES_TD
