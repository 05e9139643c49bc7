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

/// The most operations a fused body may hold. Each fusion clones both
/// bodies, so fusing a chain of n elementwise ops without a bound clones
/// 1 + 2 + ... + n bodies: quadratic (a 10,000-node chain of Adds took
/// minutes). With the bound a chain becomes generics of at most this many
/// operations, in time linear in its length.
constexpr size_t kMaxFusedBodyOps = 64;

size_t bodySize(Operation *op) {
  auto generic = dyn_cast<linalg::GenericOp>(op);
  return generic ? generic.getBody()->getOperations().size() : 0;
}

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
                 !consumer->hasAttr("qnn.layer") &&
                 bodySize(producer) + bodySize(consumer) <= kMaxFusedBodyOps;
        });
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
