// Parses qnn IR with the installed dialect library, folds it, and prints the
// folded codes, so that the test sees the library work, not just link.
#include "qnn/Dialect/QNN/IR/QNNOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/raw_ostream.h"

int main() {
  mlir::MLIRContext ctx;
  ctx.loadDialect<mlir::qnn::QNNDialect, mlir::func::FuncDialect>();
  const char *source = R"mlir(
    func.func @f() -> tensor<3x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.25>> {
      %x = arith.constant dense<[-1.0, 0.1, 0.6]> : tensor<3xf32>
      %q = qnn.quantize %x : tensor<3xf32> -> tensor<3x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.25>>
      return %q : tensor<3x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.25>>
    })mlir";
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(source, &ctx);
  if (!module)
    return 1;
  mlir::PassManager pm(&ctx);
  pm.addPass(mlir::createCanonicalizerPass());
  if (mlir::failed(pm.run(*module)))
    return 1;
  module->walk([](mlir::qnn::ConstantOp op) {
    llvm::outs() << "codes: " << op.getValue() << "\n";
  });
  return 0;
}
