//===- TargetFeatures.cpp - CPU features of generated functions -----------===//
//
// This file implements qnn-set-target-features: the features of the target
// (#qnn.target, or the pass's option) become the target_features of every
// function the model defines.
//
//===----------------------------------------------------------------------===//

#include "qnn/Codegen/CPU/Passes.h"
#include "qnn/Codegen/Common/Target.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/SetVector.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNSETTARGETFEATURES
#include "qnn/Codegen/CPU/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

namespace {

struct SetTargetFeaturesPass
    : public mlir::qnn::impl::QNNSetTargetFeaturesBase<SetTargetFeaturesPass> {
  using Base::Base;

  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    // The option's features, else the module's #qnn.target's, whose CPU
    // becomes each function's target_cpu. The attribute itself has no LLVM
    // meaning (nor dialect in LLVM tools) and is dropped.
    std::string list = features;
    StringAttr cpu;
    if (TargetAttr target = TargetAttr::lookup(getOperation())) {
      if (target.isX86()) {
        cpu = StringAttr::get(ctx, target.getCpu());
        if (list.empty())
          list = target.getLLVMFeatures();
      }
      getOperation()->removeAttr(kTargetAttrName);
    }
    SmallVector<StringRef> added;
    StringRef(list).split(added, ',', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
    for (StringRef feature : added) {
      StringRef name = feature.trim();
      if (name.size() < 2 || (name.front() != '+' && name.front() != '-')) {
        getOperation().emitError()
            << "qnn-set-target-features: '" << feature
            << "' is not a target feature (expected '+name' or '-name')";
        return signalPassFailure();
      }
    }
    getOperation().walk([&](LLVM::LLVMFuncOp func) {
      if (func.isExternal())
        return;
      if (cpu && !func.getTargetCpuAttr())
        func.setTargetCpuAttr(cpu);
      if (added.empty())
        return;
      llvm::SetVector<StringAttr> merged;
      if (LLVM::TargetFeaturesAttr existing = func.getTargetFeaturesAttr())
        merged.insert_range(existing.getFeatures());
      for (StringRef feature : added)
        merged.insert(StringAttr::get(ctx, feature.trim()));
      func.setTargetFeaturesAttr(
          LLVM::TargetFeaturesAttr::get(ctx, merged.getArrayRef()));
    });
  }
};

} // namespace
