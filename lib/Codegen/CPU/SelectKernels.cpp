//===- SelectKernels.cpp - Each layer's kernel from the cost model --------===//
//
// This file implements qnn-select-kernels: the cost model of the module's
// target picks the kernel family of every marked integer layer, recorded in
// its #qnn.layer and, on request, explained in a remark.
//
//===----------------------------------------------------------------------===//

#include "qnn/Codegen/CPU/CostModel.h"
#include "qnn/Codegen/CPU/Passes.h"
#include "qnn/Codegen/Common/KernelUtils.h"
#include "qnn/Codegen/Common/Target.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNSELECTKERNELS
#include "qnn/Codegen/CPU/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

static llvm::cl::opt<bool> clExplainKernels(
    "qnn-explain-kernels",
    llvm::cl::desc("Remark, per integer layer, the kernel the cost model "
                   "chose and its estimates (qnn-select-kernels)"),
    llvm::cl::init(false));

namespace {

struct SelectKernelsPass
    : public mlir::qnn::impl::QNNSelectKernelsBase<SelectKernelsPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<linalg::GenericOp> layers = markedLayers(getOperation());
    if (layers.empty())
      return;
    TargetAttr target = TargetAttr::lookup(getOperation());
    if (!target || !target.isX86()) {
      layers.front().emitError()
          << "qnn-select-kernels: the module has no x86 #qnn.target (run "
             "qnn-attach-target)";
      return signalPassFailure();
    }
    std::optional<LayerKernel> preferred;
    if (!prefer.empty()) {
      preferred = symbolizeLayerKernel(prefer);
      if (!preferred || *preferred == LayerKernel::Unselected) {
        getOperation()->emitError()
            << "qnn-select-kernels: unknown kernel family '" << prefer
            << "' (loops, vnni, avx2, bit_serial or amx)";
        return signalPassFailure();
      }
    }
    SymbolTableCollection tables;
    for (linalg::GenericOp op : layers) {
      IntegerLayerAttr layer = getLayer(op);
      if (layer.getKernel() != LayerKernel::Unselected)
        continue;
      x86::LayerFacts facts = x86::getLayerFacts(op, layer, tables);
      SmallVector<x86::KernelEstimate> estimates =
          x86::estimateKernels(facts, target);
      LayerKernel chosen = estimates.front().kernel;
      if (preferred && llvm::any_of(estimates, [&](const auto &e) {
            return e.kernel == *preferred;
          }))
        chosen = *preferred;
      setLayer(op, layer.withKernel(chosen));
      if (explain || clExplainKernels)
        remark(op, facts, target, estimates, chosen);
    }
  }

  static void remark(linalg::GenericOp op, const x86::LayerFacts &facts,
                     TargetAttr target,
                     ArrayRef<x86::KernelEstimate> estimates,
                     LayerKernel chosen) {
    auto outType = cast<ShapedType>(op.getDpsInitOperand(0)->get().getType());
    auto wType = cast<ShapedType>(op.getDpsInputOperand(1)->get().getType());
    // At the layer's location, without the op (a whole generic) as a note.
    InFlightDiagnostic diag =
        mlir::emitRemark(op.getLoc()) << "qnn-select-kernels: ";
    llvm::interleave(outType.getShape(), diag, "x");
    diag << " <- ";
    llvm::interleave(wType.getShape().drop_front(), diag, "x");
    diag << " (" << facts.weightLevels << " weight levels, "
         << facts.inputBits << "-bit activations"
         << (facts.constantWeights ? "" : ", weights not constant") << ") on "
         << target.getCpu() << " ("
         << x86::getCPUProfile(target.getCpu()).family << "): ";
    // Cheapest first: the choice, then the others.
    for (auto [i, e] : llvm::enumerate(estimates))
      diag << (i == 0 ? "" : i == 1 ? " over " : ", ")
           << stringifyLayerKernel(e.kernel) << " ("
           << llvm::formatv("{0:e1}", e.cycles).str()
           << (i == 0 ? " cycles)" : ")");
    if (chosen != estimates.front().kernel)
      diag << "; " << stringifyLayerKernel(chosen) << " as preferred";
  }
};

} // namespace
