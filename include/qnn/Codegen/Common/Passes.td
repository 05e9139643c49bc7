//===- Passes.td - qnn Common code generation --------------*- tablegen -*-===//
//
// This file declares the code generation passes every target shares.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_CODEGEN_COMMON_PASSES_TD
#define QNN_CODEGEN_COMMON_PASSES_TD

include "mlir/Pass/PassBase.td"

def QNNAttachTarget : Pass<"qnn-attach-target", "ModuleOp"> {
  let summary = "Record the machine code is generated for on the module";
  let description = [{
    Sets the module's `qnn.target` to the `#qnn.target` of an x86 preset,
    which every later step reads (kernel choice, kernel generation, target
    features, object emission):

    | preset | cpu | features |
    | --- | --- | --- |
    | `generic` | `x86-64` | none |
    | `avx2` | `x86-64-v3` | `avx2` |
    | `avx512-vnni` | `x86-64-v4` | `avx512f`, `avx512bw`, `avx512vnni` |
    | `avx512-vpopcntdq` | `x86-64-v4` | those and `avx512vpopcntdq`, `popcnt` |
    | `avx512-amx` | `sapphirerapids` | `avx512f`, `avx512bw`, `avx512vnni`, `amx-tile`, `amx-int8` |
    | `native` | the host's | the host's among those kernels use |

    `cpu` replaces the preset's CPU name (the cost model's instruction
    rates: `znver4`, `sapphirerapids`, ...); `features` (comma-separated,
    without signs) are added to the preset's. A module that already has a
    target keeps it unless `force` is set.

    ```mlir
    // qnn-opt -qnn-attach-target=target=avx2
    module attributes {qnn.target = #qnn.target<arch = "x86_64", cpu = "x86-64-v3", features = ["avx2"]>} {
    }
    ```
  }];
  let options = [
    Option<"preset", "target", "std::string", /*default=*/"\"generic\"",
           "x86 preset: generic, avx2, avx512-vnni, avx512-vpopcntdq, "
           "avx512-amx or native">,
    Option<"cpu", "cpu", "std::string", /*default=*/"\"\"",
           "CPU name replacing the preset's (e.g. znver4, sapphirerapids)">,
    Option<"features", "features", "std::string", /*default=*/"\"\"",
           "Features added to the preset's, comma-separated (e.g. "
           "amx-tile,amx-int8)">,
    Option<"force", "force", "bool", /*default=*/"false",
           "Replace a target the module already has">,
  ];  let dependentDialects = ["::mlir::qnn::QNNDialect"];
}

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
