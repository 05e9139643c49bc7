//===- Target.h - The machine code is generated for -------------*- C++ -*-===//
//
// This file declares how code generation finds the module's `#qnn.target`
// and the x86 presets `qnn-attach-target` and the pipelines name.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_CODEGEN_COMMON_TARGET_H
#define QNN_CODEGEN_COMMON_TARGET_H

#include "qnn/Dialect/QNN/IR/QNNAttrs.h"

#include "mlir/IR/Operation.h"

#include <string>

namespace mlir::qnn {

/// The module attribute holding the target (TargetAttr::lookup finds it).
inline constexpr llvm::StringLiteral kTargetAttrName =
    TargetAttr::kModuleAttrName;

/// The x86 presets: `generic` (no vector extension beyond x86-64),
/// `avx2`, `avx512-vnni`, `avx512-vpopcntdq`, `avx512-amx`, `native` (the
/// CPU running the compiler: its name and the features kernels use).
/// `cpu`, when not empty, names the CPU (its instruction rates) instead of
/// the preset's. Fails with a message naming the presets.
FailureOr<TargetAttr> getCPUTargetPreset(MLIRContext *ctx, StringRef preset,
                                         StringRef cpu, std::string &error);

/// The names of the x86 presets, comma-separated, for messages.
StringRef getCPUTargetPresetNames();

} // namespace mlir::qnn

#endif // QNN_CODEGEN_COMMON_TARGET_H
