//===- Limits.h - Bounds on what qnn compiles ------------------*- C++ -*-===//
//
// This file holds the limits qnn puts on a model so that hostile but
// well-formed input (a tensor of 10^12 elements, a shape product past
// int64, 10 GB of constants) gets a diagnostic naming the limit instead of
// an allocation that kills the process. The importer, convert-onnx-to-qnn
// and the front of the compilation pipelines check them; docs/Reliability.md
// ("Bounds on hostile input") states them.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_SUPPORT_LIMITS_H
#define QNN_SUPPORT_LIMITS_H

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/ArrayRef.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>

namespace mlir::qnn {

/// The largest tensor qnn compiles: 4 GiB of elements (each element taken
/// at its storage size, whole bytes).
inline constexpr uint64_t kMaxTensorBytes = uint64_t(1) << 32;
/// The most constant data (initializers, tensor attributes, given input
/// values) the ONNX importer reads for one model: 4 GiB.
inline constexpr uint64_t kMaxConstantBytes = uint64_t(1) << 32;

/// A scale qnn quantizes with is a normal f32 value (or zero where the
/// operator allows it): a subnormal scale's reciprocal overflows f32, so
/// that every input would quantize to infinity.
inline bool isSubnormalScale(double scale) {
  float f = float(scale);
  return f != 0.0f && std::fabs(f) < std::numeric_limits<float>::min();
}
/// The message for a subnormal scale, after the scale's value.
inline constexpr const char *kSubnormalScaleReason =
    "is subnormal as f32 (smaller in magnitude than 1.17549435e-38, the "
    "smallest normal f32): its reciprocal overflows f32";

/// The element count of `shape` (static dimensions only), or nullopt when
/// it overflows int64.
inline std::optional<int64_t>
checkedElementCount(llvm::ArrayRef<int64_t> shape) {
  int64_t count = 1;
  for (int64_t d : shape) {
    if (d < 0)
      continue; // dynamic
    if (d != 0 && count > std::numeric_limits<int64_t>::max() / d)
      return std::nullopt;
    count *= d;
  }
  return count;
}

/// Bytes one element of `element` takes in memory: its bit width rounded up
/// to whole bytes, 1 for anything without a bit width (qnn codes, whose
/// storage is i8, and unknown types).
inline uint64_t elementBytes(Type element) {
  if (auto complex = dyn_cast<ComplexType>(element))
    return 2 * elementBytes(complex.getElementType());
  if (element.isIntOrIndexOrFloat())
    return element.isIndex() ? 8 : (element.getIntOrFloatBitWidth() + 7) / 8;
  return 1;
}

/// Why a tensor type with `shape` and `element` is beyond
/// kMaxTensorBytes, or an empty string when it is not.
inline std::string tensorLimitViolation(llvm::ArrayRef<int64_t> shape,
                                        Type element) {
  std::optional<int64_t> count = checkedElementCount(shape);
  if (!count)
    return "its element count overflows 64 bits";
  uint64_t per = elementBytes(element);
  if (uint64_t(*count) > kMaxTensorBytes / per)
    return std::to_string(*count) + " elements of " + std::to_string(per) +
           (per == 1 ? " byte" : " bytes") +
           " are more than qnn's limit of 4 GiB (4294967296 bytes) per "
           "tensor";
  return {};
}

} // namespace mlir::qnn

#endif // QNN_SUPPORT_LIMITS_H
