//===- QNNTypes.cpp - qnn quantized element types -------------------------===//
//
// This file implements the syntax, verification and reference description of
// `!qnn.uniform` and `!qnn.codebook`.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/IR/QNNTypes.h"
#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Support/Limits.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

#include <charconv>
#include <cmath>

using namespace mlir;
using namespace mlir::qnn;

#include "qnn/Dialect/QNN/IR/QNNTypeInterfaces.cpp.inc"

namespace mlir::qnn::detail {

static llvm::hash_code hashDoubles(ArrayRef<double> values) {
  llvm::hash_code h = llvm::hash_value(values.size());
  for (double v : values)
    h = llvm::hash_combine(h, llvm::bit_cast<uint64_t>(v));
  return h;
}

/// Storage of !qnn.uniform. Scales compare by value, so 0.0 and -0.0 would
/// be one key; both are invalid scales anyway.
struct UniformQuantTypeStorage : public TypeStorage {
  using KeyTy = std::tuple<unsigned, bool, int64_t, int64_t, Type, int64_t,
                           ArrayRef<double>, ArrayRef<int64_t>>;
  UniformQuantTypeStorage(unsigned bits, bool signedStorage, int64_t storageMin,
                          int64_t storageMax, Type expressedType, int64_t axis,
                          ArrayRef<double> scales, ArrayRef<int64_t> zeroPoints)
      : bits(bits), signedStorage(signedStorage), storageMin(storageMin),
        storageMax(storageMax), expressedType(expressedType), axis(axis),
        scales(scales), zeroPoints(zeroPoints) {}

  KeyTy getAsKey() const {
    return {bits,          signedStorage, storageMin, storageMax,
            expressedType, axis,          scales,     zeroPoints};
  }
  bool operator==(const KeyTy &key) const { return key == getAsKey(); }
  static llvm::hash_code hashKey(const KeyTy &key) {
    auto [bits, isSigned, lo, hi, expressed, axis, scales, zps] = key;
    return llvm::hash_combine(bits, isSigned, lo, hi, expressed, axis,
                              hashDoubles(scales), zps);
  }
  static UniformQuantTypeStorage *construct(TypeStorageAllocator &allocator,
                                            const KeyTy &key) {
    auto [bits, isSigned, lo, hi, expressed, axis, scales, zps] = key;
    return new (allocator.allocate<UniformQuantTypeStorage>())
        UniformQuantTypeStorage(bits, isSigned, lo, hi, expressed, axis,
                                allocator.copyInto(scales),
                                allocator.copyInto(zps));
  }

  unsigned bits;
  bool signedStorage;
  int64_t storageMin, storageMax;
  Type expressedType;
  int64_t axis;
  ArrayRef<double> scales;
  ArrayRef<int64_t> zeroPoints;
};

/// Storage of !qnn.codebook.
struct CodebookQuantTypeStorage : public TypeStorage {
  using KeyTy = std::tuple<unsigned, Type, int64_t, ArrayRef<double>,
                           ArrayRef<double>, unsigned>;
  CodebookQuantTypeStorage(unsigned bits, Type expressedType, int64_t axis,
                           ArrayRef<double> scales, ArrayRef<double> levels,
                           unsigned tableSize)
      : bits(bits), expressedType(expressedType), axis(axis), scales(scales),
        levels(levels), tableSize(tableSize) {}

  KeyTy getAsKey() const {
    return {bits, expressedType, axis, scales, levels, tableSize};
  }
  bool operator==(const KeyTy &key) const { return key == getAsKey(); }
  static llvm::hash_code hashKey(const KeyTy &key) {
    auto [bits, expressed, axis, scales, levels, tableSize] = key;
    return llvm::hash_combine(bits, expressed, axis, hashDoubles(scales),
                              hashDoubles(levels), tableSize);
  }
  static CodebookQuantTypeStorage *construct(TypeStorageAllocator &allocator,
                                             const KeyTy &key) {
    auto [bits, expressed, axis, scales, levels, tableSize] = key;
    return new (allocator.allocate<CodebookQuantTypeStorage>())
        CodebookQuantTypeStorage(bits, expressed, axis,
                                 allocator.copyInto(scales),
                                 allocator.copyInto(levels), tableSize);
  }

  unsigned bits;
  Type expressedType;
  int64_t axis;
  ArrayRef<double> scales;
  ArrayRef<double> levels;
  unsigned tableSize;
};

} // namespace mlir::qnn::detail

#define GET_TYPEDEF_CLASSES
#include "qnn/Dialect/QNN/IR/QNNTypes.cpp.inc"

// Accessors of the hand-written storage classes.
unsigned UniformQuantType::getBits() const { return getImpl()->bits; }
bool UniformQuantType::getSignedStorage() const {
  return getImpl()->signedStorage;
}
int64_t UniformQuantType::getStorageMin() const {
  return getImpl()->storageMin;
}
int64_t UniformQuantType::getStorageMax() const {
  return getImpl()->storageMax;
}
Type UniformQuantType::getExpressedType() const {
  return getImpl()->expressedType;
}
int64_t UniformQuantType::getAxis() const { return getImpl()->axis; }
ArrayRef<double> UniformQuantType::getScales() const {
  return getImpl()->scales;
}
ArrayRef<int64_t> UniformQuantType::getZeroPoints() const {
  return getImpl()->zeroPoints;
}
unsigned CodebookQuantType::getBits() const { return getImpl()->bits; }
Type CodebookQuantType::getExpressedType() const {
  return getImpl()->expressedType;
}
int64_t CodebookQuantType::getAxis() const { return getImpl()->axis; }
ArrayRef<double> CodebookQuantType::getScales() const {
  return getImpl()->scales;
}
ArrayRef<double> CodebookQuantType::getLevels() const {
  return getImpl()->levels;
}
unsigned CodebookQuantType::getTableSize() const {
  return getImpl()->tableSize;
}

void QNNDialect::registerTypes() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "qnn/Dialect/QNN/IR/QNNTypes.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// Printing and parsing helpers
//===----------------------------------------------------------------------===//

/// Prints `value` in the shortest form that parses back to the same double;
/// integral values print as integers when `asInteger`, else with a ".0".
static void printNumber(AsmPrinter &printer, double value, bool asInteger) {
  if (asInteger && value == std::trunc(value) && std::fabs(value) < 1e15) {
    printer << int64_t(value);
    return;
  }
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), value);
  std::string text(buf, res.ptr);
  // MLIR's float literal needs a '.' before any exponent.
  if (text.find_first_of(".ni") == std::string::npos) {
    size_t e = text.find('e');
    text.insert(e == std::string::npos ? text.size() : e, ".0");
  }
  printer << text;
}

/// Parses an integer or float literal, optionally negative.
static ParseResult parseNumber(AsmParser &parser, double &value) {
  bool negative = succeeded(parser.parseOptionalMinus());
  APInt integer;
  OptionalParseResult intResult = parser.parseOptionalInteger(integer);
  if (intResult.has_value()) {
    if (failed(*intResult))
      return failure();
    // The literal's magnitude (the sign was parsed above), at any width,
    // rounded to the nearest double: an integer past 64 bits is a large
    // scale, not a truncated one.
    APFloat converted(APFloat::IEEEdouble());
    converted.convertFromAPInt(integer, /*IsSigned=*/false,
                               APFloat::rmNearestTiesToEven);
    value = converted.convertToDouble();
  } else if (parser.parseFloat(value)) {
    return failure();
  }
  if (negative)
    value = -value;
  return success();
}

/// Parses `u<N>` / `i<N>` with an optional `<min:max>` range.
static ParseResult parseStorage(AsmParser &parser, unsigned &bits,
                                bool &isSigned, int64_t &min, int64_t &max,
                                bool &hasRange) {
  SMLoc loc = parser.getCurrentLocation();
  // `iN` lexes as an integer type, which parseOptionalKeyword accepts too.
  StringRef keyword;
  if (parser.parseOptionalKeyword(&keyword) ||
      !(keyword.starts_with("u") || keyword.starts_with("i")) ||
      keyword.drop_front().empty() ||
      !llvm::all_of(keyword.drop_front(), llvm::isDigit))
    return parser.emitError(loc, "expected storage type 'uN' or 'iN'");
  // A width too large for `unsigned` is out of range like any other.
  if (keyword.drop_front().getAsInteger(10, bits))
    return parser.emitError(loc, "bit width ")
           << keyword.drop_front() << " is outside [1, 8]";
  isSigned = keyword.starts_with("i");
  hasRange = false;
  if (succeeded(parser.parseOptionalLess())) {
    hasRange = true;
    if (parser.parseInteger(min) || parser.parseColon() ||
        parser.parseInteger(max) || parser.parseGreater())
      return failure();
  } else if (bits >= 1 && bits <= 62) {
    min = isSigned ? -(int64_t(1) << (bits - 1)) : 0;
    max = isSigned ? (int64_t(1) << (bits - 1)) - 1 : (int64_t(1) << bits) - 1;
  }
  return success();
}

/// What precedes the parameters of both types: `<storage>:<float>[:<axis>],`.
struct TypeHeader {
  unsigned bits = 0;
  bool isSigned = false, hasRange = false;
  int64_t min = 0, max = 0, axis = -1;
  Type expressed;
};

static ParseResult parseHeader(AsmParser &parser, TypeHeader &h) {
  if (parser.parseLess() ||
      parseStorage(parser, h.bits, h.isSigned, h.min, h.max, h.hasRange) ||
      parser.parseColon() || parser.parseType(h.expressed))
    return failure();
  if (succeeded(parser.parseOptionalColon()) && parser.parseInteger(h.axis))
    return failure();
  return parser.parseComma();
}

static void printHeader(AsmPrinter &printer, unsigned bits, bool isSigned,
                        int64_t min, int64_t max, Type expressed,
                        int64_t axis) {
  printer << "<" << (isSigned ? "i" : "u") << bits;
  int64_t fullMin = isSigned ? -(int64_t(1) << (bits - 1)) : 0;
  int64_t fullMax =
      isSigned ? (int64_t(1) << (bits - 1)) - 1 : (int64_t(1) << bits) - 1;
  if (min != fullMin || max != fullMax)
    printer << "<" << min << ":" << max << ">";
  printer << ":" << expressed;
  if (axis >= 0)
    printer << ":" << axis;
  printer << ", ";
}

/// Translates the reference library's verdict into a diagnostic.
static LogicalResult verifySpec(function_ref<InFlightDiagnostic()> emitError,
                                const ::qnn::ref::QuantSpec &spec,
                                Type expressedType) {
  if (!isa<FloatType>(expressedType))
    return emitError() << "expressed type must be a float type, got "
                       << expressedType;
  std::string why = spec.validate();
  if (!why.empty())
    return emitError() << why;
  for (double scale : spec.scales)
    if (isSubnormalScale(scale))
      return emitError() << "scale " << scale << " " << kSubnormalScaleReason;
  return success();
}

//===----------------------------------------------------------------------===//
// UniformQuantType
//===----------------------------------------------------------------------===//

::qnn::ref::QuantSpec mlir::qnn::uniformQuantSpec(
    unsigned bits, bool isSigned, int64_t storageMin, int64_t storageMax,
    int64_t axis, ArrayRef<double> scales, ArrayRef<int64_t> zeroPoints) {
  ::qnn::ref::QuantSpec spec;
  spec.bits = bits;
  spec.isSigned = isSigned;
  spec.storageMin = storageMin;
  spec.storageMax = storageMax;
  spec.axis = axis;
  spec.scales.assign(scales.begin(), scales.end());
  spec.zeroPoints.assign(zeroPoints.begin(), zeroPoints.end());
  return spec;
}

::qnn::ref::QuantSpec UniformQuantType::getSpec() const {
  return uniformQuantSpec(getBits(), isSigned(), getStorageMin(),
                          getStorageMax(), getAxis(), getScales(),
                          getZeroPoints());
}

LogicalResult
UniformQuantType::verify(function_ref<InFlightDiagnostic()> emitError,
                         unsigned bits, bool signedStorage, int64_t storageMin,
                         int64_t storageMax, Type expressedType, int64_t axis,
                         ArrayRef<double> scales,
                         ArrayRef<int64_t> zeroPoints) {
  return verifySpec(emitError,
                    uniformQuantSpec(bits, signedStorage, storageMin,
                                     storageMax, axis, scales, zeroPoints),
                    expressedType);
}

Type UniformQuantType::parse(AsmParser &parser) {
  SMLoc loc = parser.getCurrentLocation();
  TypeHeader h;
  if (parseHeader(parser, h))
    return {};
  SmallVector<double> scales;
  SmallVector<int64_t> zeroPoints;
  auto parseScaleZeroPoint = [&]() -> ParseResult {
    double scale;
    int64_t zp = 0;
    if (parseNumber(parser, scale))
      return failure();
    if (succeeded(parser.parseOptionalColon()) && parser.parseInteger(zp))
      return failure();
    scales.push_back(scale);
    zeroPoints.push_back(zp);
    return success();
  };
  if (h.axis >= 0) {
    if (parser.parseCommaSeparatedList(AsmParser::Delimiter::Braces,
                                       parseScaleZeroPoint))
      return {};
  } else if (parseScaleZeroPoint()) {
    return {};
  }
  if (parser.parseGreater())
    return {};
  return parser.getChecked<UniformQuantType>(
      loc, parser.getContext(), h.bits, h.isSigned, h.min, h.max, h.expressed,
      h.axis, scales, zeroPoints);
}

void UniformQuantType::print(AsmPrinter &printer) const {
  printHeader(printer, getBits(), isSigned(), getStorageMin(), getStorageMax(),
              getExpressedType(), getAxis());
  auto printOne = [&](size_t i) {
    printNumber(printer, getScales()[i], /*asInteger=*/false);
    if (getZeroPoints()[i] != 0)
      printer << ":" << getZeroPoints()[i];
  };
  if (isPerChannel()) {
    printer << "{";
    llvm::interleaveComma(llvm::seq<size_t>(0, getScales().size()), printer,
                          printOne);
    printer << "}";
  } else {
    printOne(0);
  }
  printer << ">";
}

//===----------------------------------------------------------------------===//
// CodebookQuantType
//===----------------------------------------------------------------------===//

ArrayRef<double> CodebookQuantType::getTable(size_t channel) const {
  size_t table = getNumTables() == 1 ? 0 : channel;
  return getLevels().slice(table * getTableSize(), getTableSize());
}

bool CodebookQuantType::hasIntegerLevels() const {
  return llvm::all_of(getLevels(), [](double l) { return l == std::trunc(l); });
}

::qnn::ref::QuantSpec mlir::qnn::codebookQuantSpec(unsigned bits, int64_t axis,
                                                   ArrayRef<double> scales,
                                                   ArrayRef<double> levels,
                                                   unsigned tableSize) {
  ::qnn::ref::QuantSpec spec;
  spec.bits = bits;
  spec.isCodebook = true;
  spec.storageMin = 0;
  spec.storageMax = bits >= 1 && bits <= 8 ? (int64_t(1) << bits) - 1 : 0;
  spec.axis = axis;
  spec.scales.assign(scales.begin(), scales.end());
  spec.levels.assign(levels.begin(), levels.end());
  spec.tableSize = tableSize;
  return spec;
}

::qnn::ref::QuantSpec CodebookQuantType::getSpec() const {
  return codebookQuantSpec(getBits(), getAxis(), getScales(), getLevels(),
                           getTableSize());
}

LogicalResult
CodebookQuantType::verify(function_ref<InFlightDiagnostic()> emitError,
                          unsigned bits, Type expressedType, int64_t axis,
                          ArrayRef<double> scales, ArrayRef<double> levels,
                          unsigned tableSize) {
  return verifySpec(emitError,
                    codebookQuantSpec(bits, axis, scales, levels, tableSize),
                    expressedType);
}

Type CodebookQuantType::parse(AsmParser &parser) {
  SMLoc loc = parser.getCurrentLocation();
  TypeHeader h;
  if (parseHeader(parser, h))
    return {};
  int64_t axis = h.axis;
  if (h.isSigned || h.hasRange) {
    parser.emitError(loc, "codebook codes are unsigned table indices: use 'uN' "
                          "storage without a range");
    return {};
  }
  // Tables: `[l0, l1, ...]`, or per channel `{[...], [...]}`.
  SmallVector<SmallVector<double>> tables;
  auto parseTable = [&]() -> ParseResult {
    tables.emplace_back();
    return parser.parseCommaSeparatedList(AsmParser::Delimiter::Square, [&]() {
      return parseNumber(parser, tables.back().emplace_back());
    });
  };
  SMLoc tablesLoc = parser.getCurrentLocation();
  bool perChannelTables = succeeded(parser.parseOptionalLBrace());
  if (perChannelTables) {
    if (parser.parseCommaSeparatedList(parseTable) || parser.parseRBrace())
      return {};
  } else if (parseTable()) {
    return {};
  }
  // Scales: nothing (all 1), `* s`, or per channel `* {s0, s1, ...}`.
  SmallVector<double> scales;
  bool perChannelScales = false;
  SMLoc scalesLoc = parser.getCurrentLocation();
  if (succeeded(parser.parseOptionalStar())) {
    perChannelScales = succeeded(parser.parseOptionalLBrace());
    if (perChannelScales) {
      if (parser.parseCommaSeparatedList(
              [&]() { return parseNumber(parser, scales.emplace_back()); }) ||
          parser.parseRBrace())
        return {};
    } else if (parseNumber(parser, scales.emplace_back())) {
      return {};
    }
  }
  if (parser.parseGreater())
    return {};

  if ((perChannelTables || perChannelScales) != (axis >= 0)) {
    parser.emitError(perChannelTables ? tablesLoc : scalesLoc)
        << (axis >= 0 ? "a per-channel codebook needs '{...}' per-channel "
                        "scales or tables"
                      : "'{...}' per-channel parameters need a quantized "
                        "axis ('uN:f32:<axis>')");
    return {};
  }
  size_t channels = perChannelScales ? scales.size() : tables.size();
  if (perChannelTables && perChannelScales && tables.size() != scales.size()) {
    parser.emitError(scalesLoc) << scales.size() << " per-channel scales for "
                                << tables.size() << " per-channel tables";
    return {};
  }
  if (scales.empty())
    scales.assign(channels ? channels : 1, 1.0);
  else if (!perChannelScales && axis >= 0)
    scales.assign(channels, scales.front());
  size_t tableSize = tables.front().size();
  SmallVector<double> levels;
  for (const auto &table : tables) {
    if (table.size() != tableSize) {
      parser.emitError(tablesLoc, "per-channel tables must all have the same "
                                  "number of levels");
      return {};
    }
    levels.append(table.begin(), table.end());
  }
  return parser.getChecked<CodebookQuantType>(loc, parser.getContext(), h.bits,
                                              h.expressed, axis, scales, levels,
                                              unsigned(tableSize));
}

void CodebookQuantType::print(AsmPrinter &printer) const {
  printHeader(printer, getBits(), /*isSigned=*/false, 0,
              (int64_t(1) << getBits()) - 1, getExpressedType(), getAxis());
  auto printTable = [&](ArrayRef<double> table) {
    printer << "[";
    llvm::interleaveComma(table, printer, [&](double l) {
      printNumber(printer, l, /*asInteger=*/true);
    });
    printer << "]";
  };
  bool perChannelTables = getNumTables() > 1;
  if (perChannelTables) {
    printer << "{";
    llvm::interleaveComma(llvm::seq<size_t>(0, getNumTables()), printer,
                          [&](size_t t) { printTable(getTable(t)); });
    printer << "}";
  } else {
    printTable(getTable(0));
  }
  bool allOne = llvm::all_of(getScales(), [](double s) { return s == 1.0; });
  // A per-channel type must show its channel count somewhere: in the tables
  // or, failing that, in the scales.
  if (isPerChannel() && (!allOne || !perChannelTables)) {
    printer << " * {";
    llvm::interleaveComma(getScales(), printer, [&](double s) {
      printNumber(printer, s, /*asInteger=*/false);
    });
    printer << "}";
  } else if (!isPerChannel() && !allOne) {
    printer << " * ";
    printNumber(printer, getScales()[0], /*asInteger=*/false);
  }
  printer << ">";
}

//===----------------------------------------------------------------------===//
// Tensor helpers
//===----------------------------------------------------------------------===//

QuantizedTypeInterface mlir::qnn::getQuantizedElementType(Type type) {
  if (auto shaped = dyn_cast<ShapedType>(type))
    type = shaped.getElementType();
  return dyn_cast<QuantizedTypeInterface>(type);
}

LogicalResult mlir::qnn::verifyQuantizedTensorType(
    function_ref<InFlightDiagnostic()> emitError, ShapedType type,
    StringRef what) {
  auto quant = dyn_cast<QuantizedTypeInterface>(type.getElementType());
  if (!quant || quant.getAxis() < 0)
    return success();
  int64_t axis = quant.getAxis();
  if (!type.hasRank() || axis >= type.getRank())
    return emitError() << what << " quantized axis " << axis
                       << " is out of range for a tensor of rank "
                       << (type.hasRank() ? type.getRank() : 0);
  int64_t dim = type.getDimSize(axis);
  if (!ShapedType::isDynamic(dim) && dim != int64_t(quant.getNumChannels()))
    return emitError() << what << " has " << dim
                       << " channels along quantized axis " << axis
                       << " but its type has " << quant.getNumChannels()
                       << " per-channel parameters";
  return success();
}
