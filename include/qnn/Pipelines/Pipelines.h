//===- Pipelines.h - qnn compilation pipelines ------------------*- C++ -*-===//
//
// This file declares the pipelines that take qnn IR to the LLVM dialect. The
// tools, the C++ API and the Python package all build them from here.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_PIPELINES_PIPELINES_H
#define QNN_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace mlir::qnn {

/// The CPU code generation strategy.
enum class CPUTarget {
  /// Portable code: linalg lowered to loops, no target-specific kernels.
  Generic,
  /// AVX-512 VNNI convolution kernels (vpdpbusd); the rest portable.
  Avx512Vnni,
  /// Avx512Vnni plus bit-serial kernels (vpandq + vpopcntq over bit planes)
  /// for layers with few weight levels and activation bits.
  Avx512Vpopcntdq,
  /// AVX2 convolution kernels (vpmaddubsw + vpmaddwd) where they are exact;
  /// the rest portable.
  Avx2,
  /// Avx512Vnni plus AMX-INT8 tile kernels (tdpbusd) for every layer whose
  /// buffers are dense.
  Avx512Amx,
  /// The best of the above for the CPU that runs the compiler.
  Native,
};

/// The preset name of `target` (qnn-attach-target's `target`).
llvm::StringRef stringifyCPUTarget(CPUTarget target);

struct CPUPipelineOptions : public PassPipelineOptions<CPUPipelineOptions> {
  PassOptions::Option<CPUTarget> target{
      *this, "target",
      llvm::cl::desc("The machine to compile for (a #qnn.target preset; "
                     "default: the module's qnn.target, else generic)"),
      llvm::cl::init(CPUTarget::Generic),
      llvm::cl::values(
          clEnumValN(CPUTarget::Generic, "generic", "portable loops"),
          clEnumValN(CPUTarget::Avx512Vnni, "avx512-vnni",
                     "AVX-512 VNNI kernels; run on CPUs with avx512f, "
                     "avx512bw and avx512vnni"),
          clEnumValN(CPUTarget::Avx512Vpopcntdq, "avx512-vpopcntdq",
                     "avx512-vnni plus bit-serial (vpopcntq) kernels where "
                     "the cost model prefers them; run on CPUs with "
                     "avx512f, avx512vnni and avx512vpopcntdq"),
          clEnumValN(CPUTarget::Avx2, "avx2",
                     "AVX2 kernels; run on CPUs with avx2"),
          clEnumValN(CPUTarget::Avx512Amx, "avx512-amx",
                     "avx512-vnni plus AMX-INT8 tile kernels where the cost "
                     "model prefers them; run on CPUs with avx512f, "
                     "avx512vnni, amx-tile and amx-int8 (or anywhere with "
                     "avx2 and emulate-amx)"),
          clEnumValN(CPUTarget::Native, "native",
                     "the CPU running the compiler: its name and features"))};
  PassOptions::Option<std::string> cpu{
      *this, "cpu",
      llvm::cl::desc("CPU name replacing the preset's, for the cost model's "
                     "instruction rates and the backend (znver4, "
                     "sapphirerapids, ...)"),
      llvm::cl::init("")};
  PassOptions::Option<std::string> kernel{
      *this, "kernel",
      llvm::cl::desc("A kernel family (vnni, avx2, bit_serial, amx, loops) "
                     "every layer takes where the target can run it, "
                     "instead of the cost model's choice"),
      llvm::cl::init("")};
  PassOptions::Option<bool> explainKernels{
      *this, "explain-kernels",
      llvm::cl::desc("Remark, per integer layer, the kernel the cost model "
                     "chose and its estimates"),
      llvm::cl::init(false)};
  PassOptions::Option<bool> fuseEpilogues{
      *this, "fuse-epilogues",
      llvm::cl::desc("Fold layer epilogues and the next quantizer into integer "
                     "thresholds (off: evaluate them in float)"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> packWeights{
      *this, "pack-weights",
      llvm::cl::desc("Kernels read weights with at most 16 distinct levels as "
                     "1-, 2- or 4-bit codes (off: one byte per weight)"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> emulateAmx{
      *this, "emulate-amx",
      llvm::cl::desc("With target=avx512-amx: rewrite the AMX tile code into "
                     "vector code (qnn-amx-to-vector) and the other layers' "
                     "kernels for AVX2, so that the AMX kernels run on any "
                     "CPU with avx2"),
      llvm::cl::init(false)};
  PassOptions::Option<std::string> modelSymbol{
      *this, "model-symbol",
      llvm::cl::desc("Name of the exported qnn_model_desc"),
      llvm::cl::init("qnn_model")};
};

/// qnn quantizer IR (plus func/arith/tensor) -> LLVM dialect.
void buildCPUPipeline(OpPassManager &pm, const CPUPipelineOptions &options);

struct GPUPipelineOptions : public PassPipelineOptions<GPUPipelineOptions> {
  PassOptions::Option<std::string> chip{
      *this, "chip",
      llvm::cl::desc("NVIDIA GPU architecture (sm_80, sm_90, ...)"),
      llvm::cl::init("sm_90")};
  PassOptions::Option<std::string> features{
      *this, "features",
      llvm::cl::desc("PTX features; the PTX ISA version must be one the chip "
                     "and the driver accept (+ptx80 or newer for sm_90)"),
      llvm::cl::init("+ptx80")};
  PassOptions::Option<std::string> format{
      *this, "format",
      llvm::cl::desc("Embedded kernels: isa (PTX, compiled by the driver when "
                     "loaded), bin (cubin) or fatbin (both need the CUDA "
                     "toolkit's ptxas)"),
      llvm::cl::init("isa")};
  PassOptions::Option<std::string> toolkit{
      *this, "toolkit",
      llvm::cl::desc("CUDA toolkit directory for format=bin/fatbin"),
      llvm::cl::init("")};
  PassOptions::Option<std::string> libdevice{
      *this, "libdevice",
      llvm::cl::desc("libdevice bitcode linked into kernels that call math "
                     "functions (default: the CUDA toolkit's at $CUDA_HOME or "
                     "/usr/local/cuda, when present)"),
      llvm::cl::init("")};
  PassOptions::Option<int64_t> blockSize{
      *this, "block-size",
      llvm::cl::desc("Threads per block of the loop kernels"),
      llvm::cl::init(256)};
  PassOptions::Option<int64_t> gemvMaxRows{
      *this, "gemv-max-rows",
      llvm::cl::desc("Dense layers (and 1x1 convolutions) of at most this "
                     "many rows use the weight-streaming GEMV kernel, the "
                     "others the tensor-core GEMM"),
      llvm::cl::init(4)};
  PassOptions::Option<bool> fuseEpilogues{
      *this, "fuse-epilogues",
      llvm::cl::desc("Fold layer epilogues and the next quantizer into integer "
                     "thresholds (off: evaluate them in float)"),
      llvm::cl::init(true)};
  PassOptions::Option<std::string> modelSymbol{
      *this, "model-symbol",
      llvm::cl::desc("Name of the exported qnn_model_desc"),
      llvm::cl::init("qnn_model")};
};

/// qnn quantizer IR -> LLVM dialect host code calling libqnn_runtime's mgpu*
/// functions, with NVVM kernels embedded (gpu.binary). Every parallel loop
/// of the portable lowering becomes a kernel over managed memory.
void buildGPUPipeline(OpPassManager &pm, const GPUPipelineOptions &options);

/// Registers `qnn-cpu-pipeline` and `qnn-gpu-pipeline`.
void registerPipelines();

} // namespace mlir::qnn

#endif // QNN_PIPELINES_PIPELINES_H
