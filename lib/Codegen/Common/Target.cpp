//===- Target.cpp - The machine code is generated for ---------------------===//
//
// This file implements the x86 target presets and qnn-attach-target, which
// records the target on the module for every later step.
//
//===----------------------------------------------------------------------===//

#include "qnn/Codegen/Common/Target.h"

#include "qnn/Codegen/Common/Passes.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/TargetParser/Host.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNATTACHTARGET
#include "qnn/Codegen/Common/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

StringRef mlir::qnn::getCPUTargetPresetNames() {
  return "generic, avx2, avx512-vnni, avx512-vpopcntdq, avx512-amx, native";
}

/// The host features kernels or their cost model read, in this order.
static constexpr StringLiteral kKernelFeatures[] = {
    "popcnt",          "fma",         "avx2",       "avx512f",
    "avx512bw",        "avx512vl",    "avx512vnni", "avx512vpopcntdq",
    "avx512vbmi",      "avx512bf16",  "avxvnni",    "amx-tile",
    "amx-int8",        "amx-bf16"};

FailureOr<TargetAttr> mlir::qnn::getCPUTargetPreset(MLIRContext *ctx,
                                                    StringRef preset,
                                                    StringRef cpu,
                                                    std::string &error) {
  SmallVector<StringRef> features;
  StringRef presetCPU;
  std::string hostCPU;
  if (preset == "generic") {
    presetCPU = "x86-64";
  } else if (preset == "avx2") {
    presetCPU = "x86-64-v3";
    features = {"avx2"};
  } else if (preset == "avx512-vnni") {
    presetCPU = "x86-64-v4";
    features = {"avx512f", "avx512bw", "avx512vnni"};
  } else if (preset == "avx512-vpopcntdq") {
    presetCPU = "x86-64-v4";
    features = {"avx512f", "avx512bw", "avx512vnni", "avx512vpopcntdq",
                "popcnt"};
  } else if (preset == "avx512-amx") {
    presetCPU = "sapphirerapids";
    features = {"avx512f", "avx512bw", "avx512vnni", "amx-tile", "amx-int8"};
  } else if (preset == "native") {
    hostCPU = llvm::sys::getHostCPUName().str();
    presetCPU = hostCPU;
    llvm::StringMap<bool> host = llvm::sys::getHostCPUFeatures();
    for (StringRef feature : kKernelFeatures)
      if (host.lookup(feature))
        features.push_back(feature);
  } else {
    error = ("unknown CPU target '" + preset + "' (one of " +
             getCPUTargetPresetNames() + ")")
                .str();
    return failure();
  }
  SmallVector<StringAttr> attrs;
  for (StringRef feature : features)
    attrs.push_back(StringAttr::get(ctx, feature));
  return TargetAttr::get(ctx, "x86_64", cpu.empty() ? presetCPU : cpu, attrs);
}

namespace {

struct AttachTargetPass
    : public mlir::qnn::impl::QNNAttachTargetBase<AttachTargetPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (!force && module->hasAttr(kTargetAttrName))
      return;
    std::string error;
    FailureOr<TargetAttr> target =
        getCPUTargetPreset(&getContext(), preset, cpu, error);
    if (failed(target)) {
      module.emitError() << "qnn-attach-target: " << error;
      return signalPassFailure();
    }
    // Features added to the preset's, each once.
    SmallVector<StringAttr> all(target->getFeatures());
    SmallVector<StringRef> extra;
    StringRef(features).split(extra, ',', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
    for (StringRef feature : extra) {
      auto name = StringAttr::get(&getContext(), feature.trim());
      if (!llvm::is_contained(all, name))
        all.push_back(name);
    }
    if (failed(TargetAttr::verify(
            [&] { return module.emitError() << "qnn-attach-target: "; },
            target->getArch(), target->getCpu(), all)))
      return signalPassFailure();
    module->setAttr(kTargetAttrName,
                    TargetAttr::get(&getContext(), target->getArch(),
                                    target->getCpu(), all));
  }
};

} // namespace
