//===- InitAllPasses.h - Register every pass qnn uses -----------*- C++ -*-===//
//
// This file is the one registration point of passes and pipelines shared by
// qnn-opt, the C++ API and the Python package.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_INITALLPASSES_H
#define QNN_INITALLPASSES_H

namespace mlir::qnn {

/// Registers qnn's passes and every upstream pass.
void registerAllPasses();

} // namespace mlir::qnn

#endif // QNN_INITALLPASSES_H
