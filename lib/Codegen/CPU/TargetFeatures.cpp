//===- TargetFeatures.cpp - CPU features of generated functions -----------===//
//
// This file implements qnn-set-target-features: the features a kernel variant
// needs become the target_features of every function the model defines.
//
//===----------------------------------------------------------------------===//

#include "qnn/Codegen/CPU/Passes.h"

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
    SmallVector<StringRef> added;
    StringRef(features).split(added, ',', /*MaxSplit=*/-1,
                              /*KeepEmpty=*/false);
    for (StringRef feature : added) {
      StringRef name = feature.trim();
      if (name.size() < 2 || (name.front() != '+' && name.front() != '-')) {
        getOperation().emitError()
            << "qnn-set-target-features: '" << feature
            << "' is not a target feature (expected '+name' or '-name')";
        return signalPassFailure();
      }
    }
    if (added.empty())
      return;
    getOperation().walk([&](LLVM::LLVMFuncOp func) {
      if (func.isExternal())
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
