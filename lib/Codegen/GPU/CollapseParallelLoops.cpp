//===- CollapseParallelLoops.cpp - One dimension per parallel loop --------===//
//
// This file implements qnn-collapse-parallel-loops, which the GPU pipeline
// runs before tiling parallel loops into blocks of threads.
//
//===----------------------------------------------------------------------===//

#include "qnn/Codegen/GPU/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Utils/Utils.h"
#include "mlir/IR/PatternMatch.h"

#include <numeric>

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNCOLLAPSEPARALLELLOOPS
#include "qnn/Codegen/GPU/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;

namespace {

struct CollapseParallelLoopsPass
    : public mlir::qnn::impl::QNNCollapseParallelLoopsBase<
          CollapseParallelLoopsPass> {
  void runOnOperation() override {
    SmallVector<scf::ParallelOp> loops;
    getOperation().walk([&](scf::ParallelOp loop) {
      if (!loop->getParentOfType<scf::ParallelOp>() && loop.getNumLoops() > 1)
        loops.push_back(loop);
    });
    IRRewriter rewriter(&getContext());
    for (scf::ParallelOp loop : loops) {
      std::vector<unsigned> all(loop.getNumLoops());
      std::iota(all.begin(), all.end(), 0u);
      rewriter.setInsertionPoint(loop);
      collapseParallelLoops(rewriter, loop, {all});
    }
  }
};

} // namespace
