//===- FuseElementwise.cpp - Fuse elementwise linalg chains ---------------===//
//
// This file implements qnn-fuse-elementwise: upstream's elementwise fusion of
// linalg.generic producers into their consumers, restricted so that layers
// marked for a target kernel keep their exact form.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNFUSEELEMENTWISE
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

namespace {

struct FuseElementwisePass
    : public mlir::qnn::impl::QNNFuseElementwiseBase<FuseElementwisePass> {
  using Base::Base;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    linalg::populateElementwiseOpsFusionPatterns(
        patterns, [](OpOperand *fused) {
          Operation *producer = fused->get().getDefiningOp();
          Operation *consumer = fused->getOwner();
          // A producer used elsewhere would be computed twice; a marked
          // consumer is matched by its kernel pass as it stands.
          return producer && producer->hasOneUse() &&
                 !consumer->hasAttr("qnn.vnni_conv");
        });
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
