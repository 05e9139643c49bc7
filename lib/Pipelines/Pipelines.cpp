//===- Pipelines.cpp - qnn IR to the LLVM dialect for CPUs and GPUs -------===//
//
// This file builds qnn-cpu-pipeline and qnn-gpu-pipeline: legalize the
// scheme quantizers, fold constants, lower qnn to linalg, bufferize, and
// lower to the LLVM dialect (with NVVM kernels embedded for GPUs).
//
//===----------------------------------------------------------------------===//

#include "qnn/Pipelines/Pipelines.h"

#include "qnn/Conversion/Passes.h"
#include "qnn/Codegen/CPU/Passes.h"
#include "qnn/Codegen/Common/Passes.h"
#include "qnn/Codegen/GPU/Passes.h"
#include "qnn/Dialect/QNN/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/TargetParser/Host.h"

#include <cstdlib>

using namespace mlir;
using namespace mlir::qnn;

/// Appends an upstream pipeline given in textual form; the names are the
/// stable interface of upstream passes.
static void addUpstream(OpPassManager &pm, const Twine &pipeline) {
  if (failed(parsePassPipeline(pipeline.str(), pm, llvm::errs())))
    llvm::report_fatal_error("qnn pipelines: invalid upstream pipeline");
}

StringRef mlir::qnn::stringifyCPUTarget(CPUTarget target) {
  switch (target) {
  case CPUTarget::Generic:
    return "generic";
  case CPUTarget::Avx512Vnni:
    return "avx512-vnni";
  case CPUTarget::Avx512Vpopcntdq:
    return "avx512-vpopcntdq";
  case CPUTarget::Avx2:
    return "avx2";
  case CPUTarget::Avx512Amx:
    return "avx512-amx";
  case CPUTarget::Native:
    return "native";
  }
  llvm_unreachable("unknown CPU target");
}

/// The part both pipelines share: qnn IR to bufferized functions whose
/// entry points take caller-provided buffers.
static void buildBufferizedFront(OpPassManager &pm, bool vnniConv,
                                 bool fuseEpilogues) {
  // Imported ONNX models (the onnx dialect) get their meaning, and the
  // layout transposes around NHWC layers cancel along chains; qnn IR
  // passes through both unchanged.
  pm.addPass(createConvertONNXToQNN());
  pm.addNestedPass<func::FuncOp>(createQNNOptimizeLayout());
  // Entry points' tensors, recorded while types are still tensors, become the
  // model descriptor libqnn_runtime checks callers against.
  pm.addPass(createQNNRecordModelInterface());
  // Scheme quantizers become typed codes (constants for weights, exact
  // multithresholds for activations), then constant weights fold to codes.
  pm.addPass(createQNNLegalizeQuantizers());
  // Float layers over codes become integer layers, and their epilogues with
  // the next quantizer become integer thresholds; both must see the codes
  // before canonicalization folds dequantized constant weights to floats.
  pm.addPass(createQNNFormIntegerLayers());
  if (fuseEpilogues)
    pm.addPass(createQNNFuseEpilogues());
  pm.addPass(createCanonicalizerPass());
  // Codes become i8 tensors; tables come from the reference library.
  ConvertQNNToLinalgOptions lowering;
  lowering.vnniConv = vnniConv;
  pm.addPass(createConvertQNNToLinalg(lowering));
  // Float work that remains (input quantization, unfused epilogues, softmax)
  // lowers through the upstream TOSA path; elementwise arith on tensors
  // becomes linalg so that it bufferizes.
  addUpstream(pm, "func.func(tosa-to-linalg-named,tosa-to-linalg,"
                  "tosa-to-arith,tosa-to-tensor)");
  addUpstream(pm, "convert-elementwise-to-linalg");
  // Chains of elementwise ops make one pass over memory.
  pm.addPass(createQNNFuseElementwise());
  pm.addPass(createCanonicalizerPass());
  // Tensors to buffers, including at function boundaries, so that entry
  // points take and return memrefs.
  // Producers of padded tensors write into the padded buffer (pads are a
  // fill and an insert_slice), not into a buffer copied there.
  addUpstream(pm, "eliminate-empty-tensors");
  addUpstream(pm, "one-shot-bufferize{bufferize-function-boundaries "
                  "function-boundary-type-conversion=identity-layout-map}");
  // Results become caller-provided buffers: the runtime passes the user's
  // output tensors, and no buffer changes owner across the ABI.
  addUpstream(pm, "buffer-results-to-out-params{hoist-static-allocs=true "
                  "modify-public-functions=true}");
  addUpstream(pm, "buffer-deallocation-pipeline");
}

void mlir::qnn::buildCPUPipeline(OpPassManager &pm,
                                 const CPUPipelineOptions &options) {
  // The target every later step reads (#qnn.target): the preset asked
  // for, else the module's own, else generic. AMX emulated: AVX2 with the
  // AMX kernels, whose tiles become vector code, so that the whole model
  // runs on any CPU with AVX2.
  const bool emulateAmx =
      options.target == CPUTarget::Avx512Amx && options.emulateAmx;
  QNNAttachTargetOptions attach;
  attach.preset = stringifyCPUTarget(options.target).str();
  attach.cpu = options.cpu;
  attach.force = options.target.hasValue() || !options.cpu.empty();
  pm.addPass(createQNNAttachTarget(attach));
  // Layers take the kernels' form where the target has kernels.
  buildBufferizedFront(pm, /*vnniConv=*/false, options.fuseEpilogues);
  // The cost model picks each layer's kernel; the kernels replace the
  // marked layers on buffers.
  QNNSelectKernelsOptions select;
  select.explain = options.explainKernels;
  select.prefer = options.kernel;
  pm.addPass(createQNNSelectKernels(select));
  // Emulated, the kernels chosen for the AMX CPU are generated for AVX2
  // with AMX tiles (vector kernels become AVX2's).
  if (emulateAmx) {
    QNNAttachTargetOptions emulated;
    emulated.preset = "avx2";
    emulated.features = "amx-tile,amx-int8";
    emulated.force = true;
    pm.addPass(createQNNAttachTarget(emulated));
  }
  QNNX86VnniConvOptions kernel;
  kernel.pack = options.packWeights;
  pm.addPass(createQNNX86VnniConv(kernel));
  if (emulateAmx)
    pm.addPass(createQNNAmxToVector());
  // AMX tiles need their own lowering where the target may have them.
  auto hostHasAmx = [] {
    llvm::StringMap<bool> host = llvm::sys::getHostCPUFeatures();
    return host.lookup("amx-int8") && host.lookup("amx-tile");
  };
  const bool amx = !emulateAmx && (options.target == CPUTarget::Avx512Amx ||
                                   (options.target == CPUTarget::Native &&
                                    hostHasAmx()));
  // Portable loops; the outermost parallel loop of each layer becomes a
  // range function the runtime's threads share.
  addUpstream(pm, "convert-linalg-to-parallel-loops");
  pm.addPass(createQNNOutlineParallelLoops());
  // Layers of one shape give identical range functions: each is lowered and
  // compiled to machine code once.
  pm.addPass(createQNNDeduplicateFunctions());
  // Vector code of the target kernels: masked transfers to loads/stores.
  addUpstream(pm, "convert-vector-to-scf{full-unroll=true}");
  addUpstream(pm, "expand-strided-metadata,lower-affine,convert-scf-to-cf");
  // bf16 <-> f32 conversions become integer bit operations: x86 without
  // AVX512-BF16 would call __truncsfbf2, which neither libqnn_runtime nor
  // the libgcc_s it brings provides.
  addUpstream(pm, "arith-expand{include-bf16=true}");
  // AMX tiles lower to LLVM's x86_amx values; tiles carried by loops need
  // the branch conversion to know that type, which only the dialect's
  // convert-to-llvm interface gives.

  // Buffers come from libqnn_runtime's allocation hooks (a cache of blocks
  // reused across runs), not from malloc directly.
  addUpstream(pm, std::string(amx ? "convert-vector-to-llvm{enable-amx},"
                                       : "convert-vector-to-llvm,") +
                      "finalize-memref-to-llvm{use-generic-functions=true},"
                  // Math functions LLVM has no intrinsic for (erf, asinh, ...)
                  // call libm, which libqnn_runtime links. (convert-onnx-to-qnn
                  // computes f16 / bf16 math in f32.)
                  "convert-math-to-llvm,convert-math-to-libm,"
                      "convert-arith-to-llvm,convert-index-to-llvm," +
                      (amx ? "convert-to-llvm{filter-dialects=cf,amx},"
                                : "convert-cf-to-llvm,") +
                      "convert-func-to-llvm,reconcile-unrealized-casts");
  pm.addPass(createQNNParallelizeOutlinedLoops());
  // Functions using the target's intrinsics compile for any CPU given to
  // the backend: its features become part of each function.
  pm.addPass(createQNNSetTargetFeatures());
  // Packed entry points and the qnn_model_desc table.
  QNNEmitModelInterfaceOptions interface;
  interface.symbol = options.modelSymbol;
  pm.addPass(createQNNEmitModelInterface(interface));
}

/// libdevice (the math functions kernels call: __nv_expf, __nv_powf, ...)
/// of the CUDA toolkit at $CUDA_HOME, else /usr/local/cuda; empty when
/// there is none.
static std::string findLibdevice() {
  SmallVector<std::string> roots;
  if (const char *home = std::getenv("CUDA_HOME"))
    roots.push_back(home);
  roots.push_back("/usr/local/cuda");
  for (const std::string &root : roots) {
    SmallString<128> path(root);
    llvm::sys::path::append(path, "nvvm", "libdevice", "libdevice.10.bc");
    if (llvm::sys::fs::exists(path))
      return std::string(path);
  }
  return "";
}

void mlir::qnn::buildGPUPipeline(OpPassManager &pm,
                                 const GPUPipelineOptions &options) {
  // Integer layers take the u8 x s8 form the layer kernels read.
  buildBufferizedFront(pm, /*vnniConv=*/true, options.fuseEpilogues);
  // Kernels replace the marked layers, their epilogues fused.
  QNNNVVMLayerKernelsOptions kernels;
  kernels.gemvMaxRows = options.gemvMaxRows;
  // mma.sync with 8-bit operands needs sm_80.
  int sm = 0;
  StringRef chip = options.chip;
  if (chip.consume_front("sm_"))
    chip.take_while(llvm::isDigit).getAsInteger(10, sm);
  kernels.tensorCores = sm >= 80;
  pm.addPass(createQNNNVVMLayerKernels(kernels));
  // Parallel loops in blocks of `block-size` threads (bounds checked in
  // the kernel), then kernels.
  addUpstream(pm, "convert-linalg-to-parallel-loops");
  // One dimension per loop, so that every thread of a block has work.
  pm.addNestedPass<func::FuncOp>(createQNNCollapseParallelLoops());
  addUpstream(pm,
              "func.func(scf-parallel-loop-tiling{parallel-loop-tile-sizes=" +
                  std::to_string(options.blockSize) +
                  " no-min-max-bounds=true},gpu-map-parallel-loops)");
  addUpstream(pm, "convert-parallel-loops-to-gpu");
  // Buffers go where the code that touches them runs: device memory for
  // those only kernels and copies use (constants uploaded once), managed
  // memory for those host code uses too.
  pm.addPass(createQNNGPUDeviceMemory());
  addUpstream(pm, "canonicalize,gpu-kernel-outlining,lower-affine,"
                  "convert-scf-to-cf");
  // Each function's launches, copies, allocations and frees go on one
  // stream, waited for only where host code needs their results.
  addUpstream(pm, "func.func(gpu-async-region)");
  // Kernels to NVVM for the chip (a PTX level it accepts: the default
  // +ptx60 does not assemble for sm_90).
  std::string libdevice = options.libdevice;
  if (libdevice.empty())
    libdevice = findLibdevice();
  addUpstream(pm, "nvvm-attach-target{chip=" + options.chip +
                      " features=" + options.features + " O=3" +
                      (libdevice.empty() ? "" : " l=" + libdevice) + "}");
  addUpstream(pm, "gpu.module(convert-gpu-to-nvvm,canonicalize,"
                  "reconcile-unrealized-casts)");
  // Host code to LLVM, calling the mgpu* functions libqnn_runtime provides.
  addUpstream(pm,
              "expand-strided-metadata,lower-affine,"
              "finalize-memref-to-llvm{use-generic-functions=true},"
              "convert-math-to-llvm,convert-arith-to-llvm,"
              "convert-index-to-llvm,convert-cf-to-llvm,"
              "convert-func-to-llvm,gpu-to-llvm,reconcile-unrealized-casts");
  std::string binary = "gpu-module-to-binary{format=" + options.format;
  if (!options.toolkit.empty())
    binary += " toolkit=" + options.toolkit;
  addUpstream(pm, binary + "}");
  QNNEmitModelInterfaceOptions interface;
  interface.symbol = options.modelSymbol;
  pm.addPass(createQNNEmitModelInterface(interface));
}

void mlir::qnn::registerPipelines() {
  PassPipelineRegistration<CPUPipelineOptions>(
      "qnn-cpu-pipeline",
      "Compile qnn quantizer IR to the LLVM dialect for CPUs",
      buildCPUPipeline);
  PassPipelineRegistration<GPUPipelineOptions>(
      "qnn-gpu-pipeline",
      "Compile qnn quantizer IR to the LLVM dialect with NVVM kernels",
      buildGPUPipeline);
}
