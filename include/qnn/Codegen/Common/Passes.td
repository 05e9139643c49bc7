//===- Passes.td - qnn Common code generation --------------*- tablegen -*-===//
//
// This file declares the code generation passes every target shares.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_CODEGEN_COMMON_PASSES_TD
#define QNN_CODEGEN_COMMON_PASSES_TD

include "mlir/Pass/PassBase.td"

def QNNDeduplicateFunctions
    : Pass<"qnn-deduplicate-functions", "ModuleOp"> {
  let summary = "Merge private functions with identical bodies";
  let description = [{
    Private functions (any function op) whose types, attributes other than
    the name, and bodies are identical up to value names and locations are
    one function: every use of a duplicate's symbol is redirected to the
    first and the duplicates are erased. Layers of the same shape repeat in
    a network (ResNet-50's bottleneck blocks), and the parallel loop bodies
    `qnn-outline-parallel-loops` makes of them are identical; each would
    otherwise be lowered, optimized and compiled to machine code again.

    ```mlir
    func.func private @f__par0(%b: index, %e: index, %x: memref<8xf32>) ...
    func.func private @f__par1(%b: index, %e: index, %x: memref<8xf32>) ...
    call @f__par0(%c0, %c8, %a)
    call @f__par1(%c0, %c8, %b)
    ```
    becomes
    ```mlir
    func.func private @f__par0(%b: index, %e: index, %x: memref<8xf32>) ...
    call @f__par0(%c0, %c8, %a)
    call @f__par0(%c0, %c8, %b)
    ```
  }];
}

#endif // QNN_CODEGEN_COMMON_PASSES_TD
