//===- ImportONNX.cpp - ONNX models to the onnx dialect -------------------===//
//
// This file implements the op-agnostic ONNX importer behind
// `qnn-translate --import-onnx`: the graph walk (in topological order, a
// cycle is an error), tensors (raw, typed or external data, checked against
// their dims and type; large ones as dense resource blobs taken over from
// the protobuf without a copy), value types, names and attributes. Each
// node becomes one `onnx.node`; no operator is interpreted here.
//
//===----------------------------------------------------------------------===//

#include "qnn/Target/ONNX/ImportONNX.h"
#include "qnn/Target/Translations.h"

#include "qnn/Dialect/ONNX/IR/ONNXDialect.h"
#include "qnn/Support/Limits.h"

#include "mlir/Bytecode/BytecodeWriter.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"

#include "onnx/onnx_pb.h"

#include <cstring>
#include <limits>
#include <optional>
#include <queue>

using namespace mlir;
using namespace mlir::onnx_import;

namespace {

/// ONNX data types newer than Debian's onnx 1.12 headers; TensorProto's
/// data_type field is an int32 and holds them all the same.
enum DataType : int {
  kFloat = 1,
  kUint8 = 2,
  kInt8 = 3,
  kUint16 = 4,
  kInt16 = 5,
  kInt32 = 6,
  kInt64 = 7,
  kString = 8,
  kBool = 9,
  kFloat16 = 10,
  kDouble = 11,
  kUint32 = 12,
  kUint64 = 13,
  kComplex64 = 14,
  kComplex128 = 15,
  kBfloat16 = 16,
  kFloat8E4M3FN = 17,
  kFloat8E4M3FNUZ = 18,
  kFloat8E5M2 = 19,
  kFloat8E5M2FNUZ = 20,
  kUint4 = 21,
  kInt4 = 22,
  kFloat4E2M1 = 23,
  kFloat8E8M0 = 24,
  kUint2 = 25,
  kInt2 = 26,
};

const char *dataTypeName(int type) {
  switch (type) {
  case kFloat:
    return "FLOAT";
  case kUint8:
    return "UINT8";
  case kInt8:
    return "INT8";
  case kUint16:
    return "UINT16";
  case kInt16:
    return "INT16";
  case kInt32:
    return "INT32";
  case kInt64:
    return "INT64";
  case kString:
    return "STRING";
  case kBool:
    return "BOOL";
  case kFloat16:
    return "FLOAT16";
  case kDouble:
    return "DOUBLE";
  case kUint32:
    return "UINT32";
  case kUint64:
    return "UINT64";
  case kComplex64:
    return "COMPLEX64";
  case kComplex128:
    return "COMPLEX128";
  case kBfloat16:
    return "BFLOAT16";
  case kFloat8E4M3FN:
    return "FLOAT8E4M3FN";
  case kFloat8E4M3FNUZ:
    return "FLOAT8E4M3FNUZ";
  case kFloat8E5M2:
    return "FLOAT8E5M2";
  case kFloat8E5M2FNUZ:
    return "FLOAT8E5M2FNUZ";
  case kUint4:
    return "UINT4";
  case kInt4:
    return "INT4";
  case kFloat4E2M1:
    return "FLOAT4E2M1";
  case kFloat8E8M0:
    return "FLOAT8E8M0";
  case kUint2:
    return "UINT2";
  case kInt2:
    return "INT2";
  default:
    return "an unknown data type";
  }
}

/// The MLIR element type of an ONNX data type (signedness kept), or null.
Type elementTypeOf(int type, MLIRContext *ctx) {
  auto i = [&](unsigned bits, IntegerType::SignednessSemantics s) {
    return IntegerType::get(ctx, bits, s);
  };
  switch (type) {
  case kFloat:
    return Float32Type::get(ctx);
  case kDouble:
    return Float64Type::get(ctx);
  case kFloat16:
    return Float16Type::get(ctx);
  case kBfloat16:
    return BFloat16Type::get(ctx);
  case kBool:
    return IntegerType::get(ctx, 1);
  case kInt8:
    return i(8, IntegerType::Signed);
  case kInt16:
    return i(16, IntegerType::Signed);
  case kInt32:
    return i(32, IntegerType::Signed);
  case kInt64:
    return i(64, IntegerType::Signed);
  case kUint8:
    return i(8, IntegerType::Unsigned);
  case kUint16:
    return i(16, IntegerType::Unsigned);
  case kUint32:
    return i(32, IntegerType::Unsigned);
  case kUint64:
    return i(64, IntegerType::Unsigned);
  case kInt4:
    return i(4, IntegerType::Signed);
  case kUint4:
    return i(4, IntegerType::Unsigned);
  case kInt2:
    return i(2, IntegerType::Signed);
  case kUint2:
    return i(2, IntegerType::Unsigned);
  default:
    return {};
  }
}

/// Why a data type has no MLIR element type here.
std::string unsupportedTypeReason(int type) {
  std::string name = dataTypeName(type);
  std::string text =
      "unsupported data type " + name + " (" + std::to_string(type) + ")";
  if (type == kString)
    return text + ": string tensors are not supported";
  if (type == kComplex64 || type == kComplex128)
    return text + ": complex tensors are not supported";
  if (type >= kFloat8E4M3FN && type != kUint4 && type != kInt4 &&
      type != kUint2 && type != kInt2 && type <= kFloat8E8M0)
    return text + ": float8 and float4 tensors are not supported";
  return text;
}

/// Bits one element of `type` takes in raw_data.
unsigned rawBits(int type) {
  switch (type) {
  case kBool:
  case kInt8:
  case kUint8:
    return 8;
  case kInt16:
  case kUint16:
  case kFloat16:
  case kBfloat16:
    return 16;
  case kFloat:
  case kInt32:
  case kUint32:
    return 32;
  case kDouble:
  case kInt64:
  case kUint64:
    return 64;
  case kInt4:
  case kUint4:
    return 4;
  case kInt2:
  case kUint2:
    return 2;
  default:
    return 0;
  }
}

/// A resource key for `name`: identifier characters only, so that the
/// textual form parses back.
std::string resourceKey(StringRef name) {
  std::string key;
  for (char c : name)
    key.push_back(llvm::isAlnum(c) || c == '_' || c == '.' ? c : '_');
  if (key.empty() || llvm::isDigit(key.front()))
    key.insert(key.begin(), '_');
  return key;
}

/// Bytes a tensor's elements take as raw_data does (4- and 2-bit values
/// packed), from its dims and data type; nullopt when the dims are negative
/// or their product overflows, or the type has no raw form.
std::optional<uint64_t> dataBytes(const onnx::TensorProto &t) {
  const unsigned bits = rawBits(t.data_type());
  std::optional<int64_t> count = qnn::checkedElementCount(
      llvm::ArrayRef(t.dims().data(), size_t(t.dims().size())));
  if (!bits || !count ||
      llvm::any_of(t.dims(), [](int64_t d) { return d < 0; }))
    return std::nullopt;
  if (bits < 8)
    return (uint64_t(*count) + 8 / bits - 1) / (8 / bits);
  if (uint64_t(*count) > std::numeric_limits<uint64_t>::max() / (bits / 8))
    return std::numeric_limits<uint64_t>::max();
  return uint64_t(*count) * (bits / 8);
}

class Importer {
public:
  Importer(MLIRContext *ctx, onnx::ModelProto &model, StringRef path,
           const ImportOptions &options)
      : ctx(ctx), model(model), path(path), options(options),
        fileLoc(FileLineColLoc::get(ctx, path, 0, 0)), builder(ctx) {}

  OwningOpRef<ModuleOp> run();

private:
  MLIRContext *ctx;
  onnx::ModelProto &model;
  StringRef path;
  const ImportOptions &options;
  Location fileLoc;
  OpBuilder builder;
  llvm::StringMap<int64_t> opsets;
  llvm::StringMap<Value> values;
  llvm::StringMap<const onnx::ValueInfoProto *> valueInfos;
  /// Bytes of constant data read so far (at most qnn::kMaxConstantBytes).
  uint64_t constantBytes = 0;
  /// The graph's quantization_annotation, by tensor name; an entry is
  /// erased when its value is defined.
  llvm::StringMap<DictionaryAttr> annotations;

  /// Reads the graph's quantization_annotation into `annotations`.
  LogicalResult readAnnotations(const onnx::GraphProto &graph);
  /// Defines the graph value `name` as `v`, behind its annotation if it has
  /// one.
  void define(StringRef name, Value v, Location loc);

  Location namedLoc(StringRef name) {
    return NameLoc::get(StringAttr::get(ctx, name), fileLoc);
  }
  static std::string domainName(const std::string &domain) {
    return domain.empty() ? "ai.onnx" : domain;
  }
  static std::string nodeName(const onnx::NodeProto &node, size_t index) {
    return node.name().empty() ? node.op_type() + "#" + std::to_string(index)
                               : node.name();
  }

  /// The element type of `type` for `what`, or an error.
  Type elementType(int type, Location loc, const Twine &what);
  /// A value's tensor type from its ValueInfoProto: dynamic dimensions
  /// stay dynamic (`?`).
  FailureOr<RankedTensorType> declaredType(const onnx::ValueInfoProto &info,
                                           Location loc);
  /// The type of a graph input: every dimension static (given by
  /// --input-shape where the file leaves it open).
  FailureOr<RankedTensorType> inputType(const onnx::ValueInfoProto &info);
  /// A tensor's elements as an attribute (resource blob when large).
  FailureOr<ElementsAttr> tensor(onnx::TensorProto &t, Location loc,
                                 const Twine &what);
  FailureOr<Attribute> attribute(onnx::AttributeProto &a, Location loc,
                                 const Twine &node);
  LogicalResult importNode(onnx::NodeProto &node, size_t index);
  /// The nodes in an order where each comes after its inputs' producers.
  FailureOr<SmallVector<size_t>> topologicalOrder();
};

Type Importer::elementType(int type, Location loc, const Twine &what) {
  if (Type t = elementTypeOf(type, ctx))
    return t;
  emitError(loc) << what << ": " << unsupportedTypeReason(type);
  return {};
}

FailureOr<RankedTensorType>
Importer::declaredType(const onnx::ValueInfoProto &info, Location loc) {
  const std::string &name = info.name();
  if (!info.has_type())
    return emitError(loc) << "graph value '" << name << "' has no type";
  if (!info.type().has_tensor_type()) {
    const char *kind =
        info.type().has_sequence_type() ? "a sequence"
        : info.type().has_optional_type()
            ? "an optional"
            : (info.type().has_map_type() ? "a map" : "not a tensor");
    return emitError(loc) << "graph value '" << name << "' is " << kind
                          << ": only tensors are supported";
  }
  const auto &tensorType = info.type().tensor_type();
  Type element =
      elementType(tensorType.elem_type(), loc, "graph value '" + name + "'");
  if (!element)
    return failure();
  if (!tensorType.has_shape())
    return emitError(loc) << "graph value '" << name
                          << "' has no shape (not even a rank): qnn compiles "
                             "static shapes only";
  SmallVector<int64_t> shape;
  int64_t count = 1;
  for (const auto &dim : tensorType.shape().dim()) {
    if (!dim.has_dim_value()) {
      shape.push_back(ShapedType::kDynamic);
      continue;
    }
    int64_t d = dim.dim_value();
    if (d < 0)
      return emitError(loc)
             << "graph value '" << name << "' has a negative dimension " << d;
    if (d != 0 && count > std::numeric_limits<int64_t>::max() / d)
      return emitError(loc) << "graph value '" << name
                            << "': the element count of its dimensions "
                               "overflows 64 bits";
    count *= d;
    shape.push_back(d);
  }
  std::string tooLarge = qnn::tensorLimitViolation(shape, element);
  if (!tooLarge.empty())
    return emitError(loc) << "graph value '" << name << "' [" << shape
                          << "]: " << tooLarge;
  return RankedTensorType::get(shape, element);
}

FailureOr<RankedTensorType>
Importer::inputType(const onnx::ValueInfoProto &info) {
  Location loc = namedLoc(info.name());
  FailureOr<RankedTensorType> declared = declaredType(info, loc);
  if (failed(declared))
    return failure();
  SmallVector<int64_t> shape(declared->getShape());
  auto given = options.inputShapes.find(info.name());
  if (given != options.inputShapes.end()) {
    if (given->second.size() != shape.size())
      return emitError(loc) << "--input-shape gives graph input '"
                            << info.name() << "' " << given->second.size()
                            << " dimensions, the model " << shape.size();
    for (auto [d, size] : llvm::enumerate(given->second)) {
      if (!ShapedType::isDynamic(shape[d]) && shape[d] != size)
        return emitError(loc) << "--input-shape gives dimension " << d
                              << " of graph input '" << info.name() << "' as "
                              << size << ", the model fixes it at " << shape[d];
      shape[d] = size;
    }
    int64_t count = 1;
    for (int64_t size : shape)
      if (!ShapedType::isDynamic(size)) {
        if (size != 0 && count > std::numeric_limits<int64_t>::max() / size)
          return emitError(loc)
                 << "--input-shape gives graph input '" << info.name()
                 << "' dimensions whose element count "
                    "overflows 64 bits";
        count *= size;
      }
    std::string tooLarge =
        qnn::tensorLimitViolation(shape, declared->getElementType());
    if (!tooLarge.empty())
      return emitError(loc)
             << "--input-shape gives graph input '" << info.name()
             << "' dimensions [" << shape << "]: " << tooLarge;
  }
  const auto &dims = info.type().tensor_type().shape().dim();
  for (auto [d, size] : llvm::enumerate(shape)) {
    if (!ShapedType::isDynamic(size))
      continue;
    InFlightDiagnostic diag = emitError(loc)
                              << "graph input '" << info.name()
                              << "' has a dynamic dimension " << d;
    if (dims[int(d)].has_dim_param() && !dims[int(d)].dim_param().empty())
      diag << " ('" << dims[int(d)].dim_param() << "')";
    return diag << ": qnn compiles static shapes only; fix it with "
                   "--input-shape "
                << info.name() << "=...";
  }
  return RankedTensorType::get(shape, declared->getElementType());
}

FailureOr<ElementsAttr> Importer::tensor(onnx::TensorProto &t, Location loc,
                                         const Twine &what) {
  auto fail = [&]() { return emitError(loc) << what << ": "; };
  if (t.has_segment())
    return fail() << "segmented tensors are not supported";
  Type element = elementTypeOf(t.data_type(), ctx);
  if (!element)
    return fail() << unsupportedTypeReason(t.data_type());
  SmallVector<int64_t> shape;
  int64_t count = 1;
  for (int64_t d : t.dims()) {
    if (d < 0)
      return fail() << "negative dimension " << d;
    if (d != 0 && count > std::numeric_limits<int64_t>::max() / d)
      return fail() << "the element count of dims ["
                    << llvm::ArrayRef(t.dims().data(), t.dims().size())
                    << "] overflows 64 bits";
    count *= d;
    shape.push_back(d);
  }
  auto type = RankedTensorType::get(shape, element);
  const unsigned bits = rawBits(t.data_type());
  // Bytes the elements take packed as raw_data does (4- and 2-bit values
  // share bytes), computed without overflow: count * bits / 8.
  const uint64_t perByte = bits < 8 ? 8 / bits : 1;
  const uint64_t bytes =
      bits < 8
          ? (uint64_t(count) + perByte - 1) / perByte
          : (uint64_t(count) > std::numeric_limits<uint64_t>::max() / (bits / 8)
                 ? std::numeric_limits<uint64_t>::max()
                 : uint64_t(count) * (bits / 8));

  // Before any data is read: the tensor and the model's constants so far
  // must stay within qnn's limits.
  std::string tooLarge = qnn::tensorLimitViolation(shape, element);
  if (!tooLarge.empty())
    return fail() << "dims [" << shape << "]: " << tooLarge;
  constantBytes += bytes;
  if (constantBytes > qnn::kMaxConstantBytes)
    return fail() << "its " << bytes << " bytes take the model's constants to "
                  << constantBytes
                  << " bytes, more than qnn's limit of 4 GiB (4294967296 "
                     "bytes) of constants per model";

  // The raw bytes: raw_data, or external data read from beside the model.
  std::string external;
  bool isRaw = t.has_raw_data();
  if (t.data_location() == onnx::TensorProto::EXTERNAL) {
    std::string location;
    uint64_t offset = 0, length = std::numeric_limits<uint64_t>::max();
    for (const auto &kv : t.external_data()) {
      auto number = [&](uint64_t &out) {
        if (StringRef(kv.value()).getAsInteger(10, out))
          return false;
        return true;
      };
      if (kv.key() == "location")
        location = kv.value();
      else if (kv.key() == "offset"   ? !number(offset)
               : kv.key() == "length" ? !number(length)
                                      : false)
        return fail() << "external data " << kv.key() << " '" << kv.value()
                      << "' is not a number";
    }
    if (location.empty())
      return fail() << "external data without a location";
    if (llvm::sys::path::is_absolute(location) ||
        llvm::is_contained(llvm::make_range(llvm::sys::path::begin(location),
                                            llvm::sys::path::end(location)),
                           ".."))
      return fail() << "external data location '" << location
                    << "' must be a path inside the model's directory";
    SmallString<256> file(llvm::sys::path::parent_path(path));
    llvm::sys::path::append(file, location);
    if (length == std::numeric_limits<uint64_t>::max())
      length = bytes;
    if (length != bytes)
      return fail() << "external data of " << length << " bytes, the dims and "
                    << dataTypeName(t.data_type()) << " need " << bytes;
    // The slice must lie inside the file: a mapping past its end would
    // fault when read.
    llvm::sys::fs::file_status status;
    if (std::error_code ec = llvm::sys::fs::status(file, status))
      return fail() << "cannot read " << length << " bytes at offset " << offset
                    << " of external data file '" << file
                    << "': " << ec.message();
    if (status.type() != llvm::sys::fs::file_type::regular_file)
      return fail() << "external data file '" << file
                    << "' is not a regular file";
    uint64_t fileSize = status.getSize();
    if (offset > fileSize || length > fileSize - offset)
      return fail() << "external data file '" << file << "' holds " << fileSize
                    << " bytes: it ends before the " << length
                    << " bytes at offset " << offset;
    auto buffer = llvm::MemoryBuffer::getFileSlice(file, length, offset,
                                                   /*IsVolatile=*/false);
    if (!buffer)
      return fail() << "cannot read " << length << " bytes at offset " << offset
                    << " of external data file '" << file
                    << "': " << buffer.getError().message();
    if ((*buffer)->getBufferSize() != length)
      return fail() << "external data file '" << file << "' ends before "
                    << offset + length << " bytes";
    external = (*buffer)->getBuffer().str();
    isRaw = true;
  }
  const std::string &raw = external.empty() ? t.raw_data() : external;

  // Typed fields hold one entry per element, except 4- and 2-bit values
  // (one packed byte per int32_data entry).
  auto fieldCount = [&]() -> int64_t {
    switch (t.data_type()) {
    case kFloat:
      return t.float_data_size();
    case kDouble:
      return t.double_data_size();
    case kInt64:
      return t.int64_data_size();
    case kUint32:
    case kUint64:
      return t.uint64_data_size();
    default:
      return t.int32_data_size();
    }
  };
  if (isRaw) {
    if (raw.size() != bytes)
      return fail() << raw.size() << " bytes of raw data, but dims ["
                    << llvm::ArrayRef(t.dims().data(), t.dims().size())
                    << "] of " << dataTypeName(t.data_type()) << " need "
                    << bytes;
  } else {
    int64_t expected = bits < 8 ? int64_t(bytes) : count;
    if (fieldCount() != expected)
      return fail() << fieldCount() << " values, but dims ["
                    << llvm::ArrayRef(t.dims().data(), t.dims().size())
                    << "] need " << expected;
    // Types narrower than their field: each value must fit (16-bit floats
    // are their bit patterns, 4- and 2-bit values packed bytes).
    int64_t lo = 0, hi = 0;
    switch (t.data_type()) {
    case kBool:
      hi = 1;
      break;
    case kInt8:
      lo = -128, hi = 127;
      break;
    case kUint8:
      hi = 255;
      break;
    case kInt16:
      lo = -32768, hi = 32767;
      break;
    case kUint16:
    case kFloat16:
    case kBfloat16:
      hi = 65535;
      break;
    case kInt4:
    case kUint4:
    case kInt2:
    case kUint2:
      lo = -128, hi = 255;
      break;
    case kUint32:
      for (int i = 0; i < t.uint64_data_size(); ++i)
        if (t.uint64_data(i) > std::numeric_limits<uint32_t>::max())
          return fail() << "value " << t.uint64_data(i) << " at index " << i
                        << " of uint64_data is out of range for UINT32";
      break;
    default:
      break;
    }
    if (lo != hi)
      for (int i = 0; i < t.int32_data_size(); ++i)
        if (t.int32_data(i) < lo || t.int32_data(i) > hi)
          return fail() << "value " << t.int32_data(i) << " at index " << i
                        << " of int32_data is out of range for "
                        << dataTypeName(t.data_type());
  }

  // Large tensors of whole bytes: a resource blob, the protobuf's own
  // string taken over where possible.
  if (bits >= 8 && t.data_type() != kBool &&
      bytes >= options.resourceThreshold) {
    std::string key = resourceKey(t.name().empty() ? "tensor" : t.name());
    size_t align = bits / 8;
    AsmResourceBlob blob;
    if (isRaw && external.empty() &&
        reinterpret_cast<uintptr_t>(t.raw_data().data()) % align == 0) {
      std::string *owned = t.release_raw_data();
      blob = AsmResourceBlob(
          ArrayRef<char>(owned->data(), owned->size()), align,
          [owned](void *, size_t, size_t) { delete owned; },
          /*dataIsMutable=*/true);
    } else {
      ArrayRef<char> data;
      if (isRaw) {
        data = ArrayRef<char>(raw.data(), raw.size());
      } else {
        switch (t.data_type()) {
        case kFloat:
          data = ArrayRef<char>(
              reinterpret_cast<const char *>(t.float_data().data()), bytes);
          break;
        case kDouble:
          data = ArrayRef<char>(
              reinterpret_cast<const char *>(t.double_data().data()), bytes);
          break;
        case kInt64:
          data = ArrayRef<char>(
              reinterpret_cast<const char *>(t.int64_data().data()), bytes);
          break;
        default:
          break;
        }
      }
      if (!data.empty()) {
        blob = HeapAsmResourceBlob::allocateAndCopyWithAlign(data, align);
      } else {
        // Narrower typed values: each int32_data / uint64_data entry
        // truncated to the element.
        std::vector<char> packed(bytes);
        for (int64_t i = 0; i < count; ++i) {
          uint64_t v = t.data_type() == kUint32 || t.data_type() == kUint64
                           ? t.uint64_data(int(i))
                           : uint64_t(int64_t(t.int32_data(int(i))));
          std::memcpy(packed.data() + i * (bits / 8), &v, bits / 8);
        }
        blob = HeapAsmResourceBlob::allocateAndCopyWithAlign(
            ArrayRef<char>(packed.data(), packed.size()), align);
      }
      if (isRaw && external.empty())
        t.clear_raw_data();
    }
    return cast<ElementsAttr>(
        DenseResourceElementsAttr::get(type, key, std::move(blob)));
  }

  // Small tensors: dense attributes, element by element.
  SmallVector<APInt> ints;
  SmallVector<APFloat> floats;
  auto rawWord = [&](int64_t i) {
    uint64_t v = 0;
    if (bits >= 8) {
      std::memcpy(&v, raw.data() + i * (bits / 8), bits / 8);
      return v;
    }
    uint64_t byte = uint8_t(raw[size_t(uint64_t(i) / perByte)]);
    return (byte >> ((uint64_t(i) % perByte) * bits)) & ((1u << bits) - 1);
  };
  auto word = [&](int64_t i) -> uint64_t {
    if (isRaw)
      return rawWord(i);
    switch (t.data_type()) {
    case kInt64:
      return uint64_t(t.int64_data(int(i)));
    case kUint32:
    case kUint64:
      return t.uint64_data(int(i));
    default:
      break;
    }
    if (bits < 8) {
      uint64_t byte = uint8_t(t.int32_data(int(uint64_t(i) / perByte)));
      return (byte >> ((uint64_t(i) % perByte) * bits)) & ((1u << bits) - 1);
    }
    return uint64_t(int64_t(t.int32_data(int(i))));
  };
  if (t.data_type() == kFloat && !isRaw)
    return cast<ElementsAttr>(DenseElementsAttr::get(
        type, ArrayRef<float>(t.float_data().data(), size_t(count))));
  if (t.data_type() == kDouble && !isRaw)
    return cast<ElementsAttr>(DenseElementsAttr::get(
        type, ArrayRef<double>(t.double_data().data(), size_t(count))));
  if (t.data_type() == kBool) {
    SmallVector<bool> flags;
    for (int64_t i = 0; i < count; ++i)
      flags.push_back(word(i) != 0);
    return cast<ElementsAttr>(DenseElementsAttr::get(type, flags));
  }
  if (auto f = dyn_cast<FloatType>(element)) {
    for (int64_t i = 0; i < count; ++i)
      floats.push_back(APFloat(f.getFloatSemantics(), APInt(bits, word(i))));
    return cast<ElementsAttr>(DenseElementsAttr::get(type, floats));
  }
  for (int64_t i = 0; i < count; ++i)
    ints.push_back(APInt(bits, word(i), /*isSigned=*/false,
                         /*implicitTrunc=*/true));
  return cast<ElementsAttr>(DenseElementsAttr::get(type, ints));
}

/// The name of an AttributeProto type.
const char *attributeTypeName(int type) {
  switch (type) {
  case onnx::AttributeProto::FLOAT:
    return "FLOAT";
  case onnx::AttributeProto::INT:
    return "INT";
  case onnx::AttributeProto::STRING:
    return "STRING";
  case onnx::AttributeProto::TENSOR:
    return "TENSOR";
  case onnx::AttributeProto::GRAPH:
    return "GRAPH";
  case onnx::AttributeProto::SPARSE_TENSOR:
    return "SPARSE_TENSOR";
  case onnx::AttributeProto::TYPE_PROTO:
    return "TYPE_PROTO";
  case onnx::AttributeProto::FLOATS:
    return "FLOATS";
  case onnx::AttributeProto::INTS:
    return "INTS";
  case onnx::AttributeProto::STRINGS:
    return "STRINGS";
  case onnx::AttributeProto::TENSORS:
    return "TENSORS";
  case onnx::AttributeProto::GRAPHS:
    return "GRAPHS";
  case onnx::AttributeProto::SPARSE_TENSORS:
    return "SPARSE_TENSORS";
  case onnx::AttributeProto::TYPE_PROTOS:
    return "TYPE_PROTOS";
  default:
    return "UNDEFINED";
  }
}

/// The attribute types whose value fields `a` sets, in field order.
SmallVector<int> attributeFieldsSet(const onnx::AttributeProto &a) {
  SmallVector<int> set;
  if (a.has_f())
    set.push_back(onnx::AttributeProto::FLOAT);
  if (a.has_i())
    set.push_back(onnx::AttributeProto::INT);
  if (a.has_s())
    set.push_back(onnx::AttributeProto::STRING);
  if (a.has_t())
    set.push_back(onnx::AttributeProto::TENSOR);
  if (a.has_g())
    set.push_back(onnx::AttributeProto::GRAPH);
  if (a.has_sparse_tensor())
    set.push_back(onnx::AttributeProto::SPARSE_TENSOR);
  if (a.has_tp())
    set.push_back(onnx::AttributeProto::TYPE_PROTO);
  if (a.floats_size())
    set.push_back(onnx::AttributeProto::FLOATS);
  if (a.ints_size())
    set.push_back(onnx::AttributeProto::INTS);
  if (a.strings_size())
    set.push_back(onnx::AttributeProto::STRINGS);
  if (a.tensors_size())
    set.push_back(onnx::AttributeProto::TENSORS);
  if (a.graphs_size())
    set.push_back(onnx::AttributeProto::GRAPHS);
  if (a.sparse_tensors_size())
    set.push_back(onnx::AttributeProto::SPARSE_TENSORS);
  if (a.type_protos_size())
    set.push_back(onnx::AttributeProto::TYPE_PROTOS);
  return set;
}

FailureOr<Attribute> Importer::attribute(onnx::AttributeProto &a, Location loc,
                                         const Twine &node) {
  auto fail = [&]() {
    return emitError(loc) << node << ": attribute '" << a.name() << "' ";
  };
  if (!a.ref_attr_name().empty())
    return fail() << "refers to a function attribute ('" << a.ref_attr_name()
                  << "'), which only a function body may do";
  int type = a.type();
  if (type == onnx::AttributeProto::UNDEFINED) {
    // Files from before the type field: the field that is set.
    if (a.has_f())
      type = onnx::AttributeProto::FLOAT;
    else if (a.has_i())
      type = onnx::AttributeProto::INT;
    else if (a.has_s())
      type = onnx::AttributeProto::STRING;
    else if (a.has_t())
      type = onnx::AttributeProto::TENSOR;
    else if (a.has_g())
      type = onnx::AttributeProto::GRAPH;
    else if (a.floats_size())
      type = onnx::AttributeProto::FLOATS;
    else if (a.ints_size())
      type = onnx::AttributeProto::INTS;
    else if (a.strings_size())
      type = onnx::AttributeProto::STRINGS;
    else
      return fail() << "has no type and no value";
  }
  // The value is in the field of the declared type: a value in another
  // field is a mismatch, not a default. (A scalar or list field left unset
  // holds its default: 0, "" or the empty list.)
  SmallVector<int> set = attributeFieldsSet(a);
  if (!set.empty() && !llvm::is_contained(set, type))
    return fail() << "is declared " << attributeTypeName(type)
                  << " but holds a " << attributeTypeName(set.front())
                  << " value";
  if (type == onnx::AttributeProto::TENSOR && !a.has_t())
    return fail() << "is declared TENSOR but holds no tensor";
  switch (type) {
  case onnx::AttributeProto::FLOAT:
    return Attribute(builder.getF32FloatAttr(a.f()));
  case onnx::AttributeProto::INT:
    return Attribute(builder.getI64IntegerAttr(a.i()));
  case onnx::AttributeProto::STRING:
    return Attribute(builder.getStringAttr(a.s()));
  case onnx::AttributeProto::TENSOR: {
    FailureOr<ElementsAttr> t =
        tensor(*a.mutable_t(), loc, node + ": attribute '" + a.name() + "'");
    if (failed(t))
      return failure();
    return Attribute(*t);
  }
  case onnx::AttributeProto::FLOATS:
    return Attribute(builder.getDenseF32ArrayAttr(
        ArrayRef<float>(a.floats().data(), a.floats_size())));
  case onnx::AttributeProto::INTS:
    return Attribute(builder.getDenseI64ArrayAttr(
        ArrayRef<int64_t>(a.ints().data(), a.ints_size())));
  case onnx::AttributeProto::STRINGS: {
    SmallVector<Attribute> strings;
    for (const std::string &s : a.strings())
      strings.push_back(builder.getStringAttr(s));
    return Attribute(builder.getArrayAttr(strings));
  }
  case onnx::AttributeProto::TENSORS: {
    SmallVector<Attribute> tensors;
    for (auto &t : *a.mutable_tensors()) {
      FailureOr<ElementsAttr> e =
          tensor(t, loc, node + ": attribute '" + a.name() + "'");
      if (failed(e))
        return failure();
      tensors.push_back(*e);
    }
    return Attribute(builder.getArrayAttr(tensors));
  }
  case onnx::AttributeProto::GRAPH:
  case onnx::AttributeProto::GRAPHS:
    return fail() << "holds a subgraph: control flow (If, Loop, Scan) is not "
                     "supported";
  case onnx::AttributeProto::SPARSE_TENSOR:
  case onnx::AttributeProto::SPARSE_TENSORS:
    return fail() << "holds a sparse tensor, which is not supported";
  case onnx::AttributeProto::TYPE_PROTO:
  case onnx::AttributeProto::TYPE_PROTOS:
    return fail() << "holds a type, which is not supported";
  default:
    return fail() << "has unknown attribute type " << type;
  }
}

FailureOr<SmallVector<size_t>> Importer::topologicalOrder() {
  const onnx::GraphProto &graph = model.graph();
  const size_t n = size_t(graph.node_size());
  // Which node produces each value; values defined before any node (graph
  // inputs, initializers) have none.
  llvm::StringMap<size_t> producer;
  for (size_t i = 0; i < n; ++i)
    for (const std::string &out : graph.node(int(i)).output())
      if (!out.empty())
        producer[out] = i;
  SmallVector<SmallVector<size_t>> consumers(n);
  SmallVector<size_t> waiting(n, 0);
  for (size_t i = 0; i < n; ++i)
    for (const std::string &in : graph.node(int(i)).input()) {
      auto it = producer.find(in);
      if (in.empty() || it == producer.end() || values.count(in))
        continue;
      consumers[it->second].push_back(i);
      ++waiting[i];
    }
  // Kahn's algorithm, keeping the file's order among ready nodes.
  std::priority_queue<size_t, std::vector<size_t>, std::greater<size_t>> ready;
  for (size_t i = 0; i < n; ++i)
    if (waiting[i] == 0)
      ready.push(i);
  SmallVector<size_t> order;
  while (!ready.empty()) {
    size_t i = ready.top();
    ready.pop();
    order.push_back(i);
    for (size_t c : consumers[i])
      if (--waiting[c] == 0)
        ready.push(c);
  }
  if (order.size() != n) {
    for (size_t i = 0; i < n; ++i)
      if (waiting[i]) {
        const onnx::NodeProto &node = graph.node(int(i));
        return emitError(namedLoc(nodeName(node, i)))
               << node.op_type() << " node '" << nodeName(node, i)
               << "' is on a cycle: the graph is not acyclic";
      }
  }
  return order;
}

LogicalResult Importer::importNode(onnx::NodeProto &node, size_t index) {
  std::string name = nodeName(node, index);
  std::string what = node.op_type() + " node '" + name + "'";
  Location loc = namedLoc(name);
  if (node.op_type().empty())
    return emitError(loc) << "node '" << name << "' has no operator type";
  std::string domain = domainName(node.domain());
  auto opset = opsets.find(domain);
  // QONNX and FINN files often leave their custom domains out of
  // opset_import; QONNX's execution reads them at its preferred version 1.
  if (opset == opsets.end() &&
      llvm::is_contained({"qonnx.custom_op.general",
                          "qonnx.custom_op.channels_last",
                          "finn.custom_op.general", "onnx.brevitas"},
                         domain))
    opset = opsets.try_emplace(domain, 1).first;
  if (opset == opsets.end()) {
    for (const auto &f : model.functions())
      if (f.name() == node.op_type() && domainName(f.domain()) == domain)
        return emitError(loc)
               << what << " calls the model-local function '" << domain << "."
               << f.name() << "', which qnn does not inline";
    return emitError(loc) << what << " is in domain '" << domain
                          << "', which the model does not import "
                             "(opset_import)";
  }
  SmallVector<Value> operands;
  for (const std::string &in : node.input()) {
    if (in.empty()) {
      operands.push_back(onnx_ir::NoneOp::create(builder, loc));
      continue;
    }
    Value v = values.lookup(in);
    if (!v)
      return emitError(loc) << what << ": input '" << in
                            << "' is neither a graph input, an initializer "
                               "nor a node output";
    operands.push_back(v);
  }
  SmallVector<Type> resultTypes;
  for (const std::string &out : node.output()) {
    Type type = onnx_ir::UnknownType::get(ctx);
    if (const onnx::ValueInfoProto *info = valueInfos.lookup(out)) {
      // A declared type the importer cannot read (a sequence, an unknown
      // data type) leaves the result to be computed.
      ScopedDiagnosticHandler quiet(ctx,
                                    [](Diagnostic &) { return success(); });
      FailureOr<RankedTensorType> declared = declaredType(*info, loc);
      if (succeeded(declared))
        type = *declared;
    }
    resultTypes.push_back(type);
  }
  SmallVector<NamedAttribute> attrs;
  llvm::StringSet<> seen;
  for (auto &a : *node.mutable_attribute()) {
    if (a.name().empty())
      return emitError(loc) << what << ": an attribute has no name";
    if (!seen.insert(a.name()).second)
      return emitError(loc)
             << what << ": attribute '" << a.name() << "' is given twice";
    FailureOr<Attribute> attr = attribute(a, loc, what);
    if (failed(attr))
      return failure();
    attrs.push_back(builder.getNamedAttr(a.name(), *attr));
  }
  auto op = onnx_ir::NodeOp::create(builder, loc, resultTypes, operands,
                                    node.op_type(), domain, opset->second,
                                    builder.getDictionaryAttr(attrs),
                                    builder.getStringAttr(name));
  for (auto [out, result] : llvm::zip_equal(node.output(), op.getResults())) {
    if (out.empty())
      continue;
    if (values.count(out))
      return emitError(loc) << what << ": output '" << out
                            << "' is already defined (an ONNX value has one "
                               "producer)";
    define(out, result, loc);
  }
  return success();
}

LogicalResult Importer::readAnnotations(const onnx::GraphProto &graph) {
  for (const auto &a : graph.quantization_annotation()) {
    const std::string &name = a.tensor_name();
    if (name.empty())
      return emitError(fileLoc) << "a quantization_annotation names no tensor";
    Location loc = namedLoc(name);
    SmallVector<NamedAttribute> entries;
    llvm::StringSet<> keys;
    for (const auto &entry : a.quant_parameter_tensor_names()) {
      if (entry.key().empty())
        return emitError(loc) << "quantization_annotation of '" << name
                              << "' has an entry without a key";
      if (!keys.insert(entry.key()).second)
        return emitError(loc) << "quantization_annotation of '" << name
                              << "' gives '" << entry.key() << "' twice";
      entries.push_back(builder.getNamedAttr(
          entry.key(), builder.getStringAttr(entry.value())));
    }
    if (!annotations.try_emplace(name, builder.getDictionaryAttr(entries))
             .second)
      return emitError(loc)
             << "quantization_annotation annotates '" << name << "' twice";
  }
  return success();
}

void Importer::define(StringRef name, Value v, Location loc) {
  auto it = annotations.find(name);
  if (it != annotations.end()) {
    v = onnx_ir::AnnotationOp::create(builder, loc, v.getType(), v,
                                      builder.getStringAttr(name), it->second);
    annotations.erase(it);
  }
  values[name] = v;
}

OwningOpRef<ModuleOp> Importer::run() {
  if (!model.has_graph()) {
    emitError(fileLoc) << "not a valid ONNX model: it has no graph";
    return {};
  }
  for (const auto &set : model.opset_import()) {
    std::string domain = domainName(set.domain());
    if (set.version() < 1) {
      emitError(fileLoc) << "opset_import of domain '" << domain
                         << "' has version " << set.version();
      return {};
    }
    if (opsets.count(domain)) {
      emitError(fileLoc) << "opset_import lists domain '" << domain
                         << "' twice";
      return {};
    }
    opsets[domain] = set.version();
  }
  // IR versions before 3 had no opset_import: the default domain's opset 1.
  if (model.opset_import_size() == 0)
    opsets["ai.onnx"] = 1;
  onnx::GraphProto &graph = *model.mutable_graph();
  if (graph.sparse_initializer_size())
    return (emitError(fileLoc) << "graph '" << graph.name()
                               << "' has sparse initializers, which are not "
                                  "supported",
            OwningOpRef<ModuleOp>());
  if (failed(readAnnotations(graph)))
    return {};
  for (const auto &info : graph.value_info())
    valueInfos[info.name()] = &info;
  for (const auto &info : graph.output())
    valueInfos[info.name()] = &info;

  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  builder.setInsertionPointToEnd(module->getBody());
  if (!model.producer_name().empty())
    (*module)->setAttr(
        "onnx.producer",
        builder.getStringAttr(model.producer_version().empty()
                                  ? model.producer_name()
                                  : model.producer_name() + " " +
                                        model.producer_version()));

  // Initializers (an initializer may also be listed as a graph input, as
  // older exporters do: it is a constant then).
  llvm::StringMap<onnx::TensorProto *> initializers;
  for (auto &init : *graph.mutable_initializer()) {
    if (init.name().empty()) {
      emitError(fileLoc) << "an initializer has no name";
      return {};
    }
    if (!initializers.try_emplace(init.name(), &init).second) {
      emitError(namedLoc(init.name()))
          << "initializer '" << init.name() << "' is defined twice";
      return {};
    }
  }
  // Graph inputs known at compile time (--input-value), as TensorProtos.
  std::vector<std::unique_ptr<onnx::TensorProto>> given;
  for (const auto &entry : options.inputValues) {
    bool isInput = llvm::any_of(graph.input(), [&](const auto &in) {
      return in.name() == entry.getKey() && !initializers.count(in.name());
    });
    if (!isInput) {
      emitError(fileLoc) << "--input-value names '" << entry.getKey()
                         << "', which is not a graph input";
      return {};
    }
    auto buffer = llvm::MemoryBuffer::getFile(entry.getValue());
    auto t = std::make_unique<onnx::TensorProto>();
    if (!buffer ||
        (*buffer)->getBufferSize() > size_t(std::numeric_limits<int>::max()) ||
        !t->ParseFromArray((*buffer)->getBufferStart(),
                           int((*buffer)->getBufferSize()))) {
      emitError(fileLoc) << "--input-value " << entry.getKey() << "="
                         << entry.getValue()
                         << ": not a readable serialized TensorProto";
      return {};
    }
    t->set_name(entry.getKey().str());
    initializers[entry.getKey()] = t.get();
    given.push_back(std::move(t));
  }

  for (const auto &entry : options.inputShapes)
    if (!llvm::any_of(graph.input(), [&](const auto &in) {
          return in.name() == entry.getKey();
        })) {
      emitError(fileLoc) << "--input-shape names '" << entry.getKey()
                         << "', which is not a graph input";
      return {};
    }
  SmallVector<Type> argTypes;
  SmallVector<const onnx::ValueInfoProto *> args;
  llvm::StringSet<> inputNames;
  for (const auto &in : graph.input()) {
    if (in.name().empty()) {
      emitError(fileLoc) << "a graph input has no name";
      return {};
    }
    if (!inputNames.insert(in.name()).second) {
      emitError(namedLoc(in.name()))
          << "graph input '" << in.name() << "' is listed twice";
      return {};
    }
    if (initializers.count(in.name()))
      continue;
    FailureOr<RankedTensorType> type = inputType(in);
    if (failed(type))
      return {};
    argTypes.push_back(*type);
    args.push_back(&in);
  }
  SmallVector<Type> resultTypes;
  llvm::StringSet<> outputNames;
  for (const auto &out : graph.output()) {
    if (out.name().empty()) {
      emitError(fileLoc) << "a graph output has no name";
      return {};
    }
    if (!outputNames.insert(out.name()).second) {
      emitError(namedLoc(out.name()))
          << "graph output '" << out.name() << "' is listed twice";
      return {};
    }
    FailureOr<RankedTensorType> type = declaredType(out, namedLoc(out.name()));
    if (failed(type))
      return {};
    resultTypes.push_back(*type);
  }
  auto func =
      func::FuncOp::create(builder, fileLoc, "forward",
                           builder.getFunctionType(argTypes, resultTypes));
  Block *entry = func.addEntryBlock();
  for (auto [i, in] : llvm::enumerate(args))
    func.setArgAttr(unsigned(i), "qnn.name", builder.getStringAttr(in->name()));
  for (auto [i, out] : llvm::enumerate(graph.output()))
    func.setResultAttr(unsigned(i), "qnn.name",
                       builder.getStringAttr(out.name()));
  builder.setInsertionPointToStart(entry);
  for (auto [i, in] : llvm::enumerate(args))
    define(in->name(), entry->getArgument(unsigned(i)), namedLoc(in->name()));

  // Constants in the file's order: initializers, then given input values.
  SmallVector<onnx::TensorProto *> constants;
  for (auto &init : *graph.mutable_initializer())
    constants.push_back(&init);
  for (auto &t : given)
    constants.push_back(t.get());
  // All of them within the limit on constants, checked from their dims
  // before the first is read (external data included).
  uint64_t total = 0;
  for (onnx::TensorProto *init : constants) {
    std::optional<uint64_t> bytes = dataBytes(*init);
    Type element = elementTypeOf(init->data_type(), ctx);
    if (!bytes || !element)
      continue; // tensor() reports the dims or the type
    std::string tooLarge = qnn::tensorLimitViolation(
        llvm::ArrayRef(init->dims().data(), size_t(init->dims().size())),
        element);
    if (!tooLarge.empty()) {
      emitError(namedLoc(init->name()))
          << "initializer '" << init->name() << "': dims ["
          << llvm::ArrayRef(init->dims().data(), size_t(init->dims().size()))
          << "]: " << tooLarge;
      return {};
    }
    total += *bytes;
    if (total > qnn::kMaxConstantBytes) {
      emitError(namedLoc(init->name()))
          << "initializer '" << init->name() << "': its " << *bytes
          << " bytes take the model's constants to " << total
          << " bytes, more than qnn's limit of 4 GiB (4294967296 bytes) of "
             "constants per model";
      return {};
    }
  }
  for (onnx::TensorProto *init : constants) {
    const std::string &name = init->name();
    if (values.count(name) || initializers.lookup(name) != init)
      continue;
    Location loc = namedLoc(name);
    FailureOr<ElementsAttr> attr =
        tensor(*init, loc, "initializer '" + name + "'");
    if (failed(attr))
      return {};
    define(name, onnx_ir::ConstantOp::create(builder, loc, *attr), loc);
  }
  // Given input values must fit the declared input.
  for (const auto &in : graph.input()) {
    if (!options.inputValues.count(in.name()))
      continue;
    FailureOr<RankedTensorType> declared =
        declaredType(in, namedLoc(in.name()));
    if (failed(declared))
      return {};
    auto actual = cast<RankedTensorType>(values[in.name()].getType());
    if (actual.getElementType() != declared->getElementType() ||
        failed(verifyCompatibleShape(actual, *declared))) {
      emitError(namedLoc(in.name()))
          << "--input-value gives '" << in.name() << "' as " << actual
          << ", the model declares " << *declared;
      return {};
    }
  }

  FailureOr<SmallVector<size_t>> order = topologicalOrder();
  if (failed(order))
    return {};
  for (size_t i : *order)
    if (failed(importNode(*graph.mutable_node(int(i)), i)))
      return {};

  // An annotation of a name no value has is a broken file.
  for (const auto &a : graph.quantization_annotation())
    if (annotations.count(a.tensor_name())) {
      emitError(namedLoc(a.tensor_name()))
          << "quantization_annotation annotates '" << a.tensor_name()
          << "', which is no value of the graph";
      return {};
    }

  SmallVector<Value> results;
  for (const auto &out : graph.output()) {
    Value v = values.lookup(out.name());
    if (!v) {
      emitError(namedLoc(out.name()))
          << "graph output '" << out.name() << "' is not produced by any node";
      return {};
    }
    results.push_back(v);
  }
  func::ReturnOp::create(builder, fileLoc, results);
  // Outputs returned straight from an input or a constant have that type.
  SmallVector<Type> returned;
  for (auto [v, declared] : llvm::zip_equal(results, resultTypes))
    returned.push_back(isa<onnx_ir::UnknownType>(v.getType()) ? declared
                                                              : v.getType());
  for (auto [i, v] : llvm::enumerate(results))
    if (!isa<onnx_ir::UnknownType>(v.getType()) &&
        (cast<RankedTensorType>(v.getType()).getElementType() !=
             cast<RankedTensorType>(resultTypes[i]).getElementType() ||
         failed(verifyCompatibleShape(v.getType(), resultTypes[i])))) {
      emitError(namedLoc(graph.output(int(i)).name()))
          << "graph output '" << graph.output(int(i)).name() << "' is declared "
          << resultTypes[i] << " but is " << v.getType();
      return {};
    }
  func.setFunctionType(builder.getFunctionType(argTypes, returned));
  return module;
}

} // namespace

bool mlir::onnx_import::parseInputShape(StringRef spec, ImportOptions &options,
                                        std::string &error) {
  auto [name, dims] = spec.rsplit('=');
  if (name.empty() || dims.empty() || !spec.contains('=')) {
    error = "--input-shape '" + spec.str() + "' is not name=d0,d1,...";
    return false;
  }
  SmallVector<int64_t> shape;
  SmallVector<StringRef> parts;
  dims.split(parts, ',');
  for (StringRef part : parts) {
    int64_t d;
    if (part.trim().getAsInteger(10, d) || d < 0) {
      error = "--input-shape '" + spec.str() + "': '" + part.str() +
              "' is not a dimension";
      return false;
    }
    shape.push_back(d);
  }
  options.inputShapes[name] = shape;
  return true;
}

OwningOpRef<ModuleOp>
mlir::onnx_import::importONNX(StringRef buffer, StringRef path,
                              MLIRContext *ctx, const ImportOptions &options) {
  ctx->loadDialect<func::FuncDialect, onnx_ir::ONNXDialect>();
  onnx::ModelProto model;
  if (buffer.size() > size_t(std::numeric_limits<int>::max())) {
    emitError(FileLineColLoc::get(ctx, path, 0, 0))
        << "the file is " << buffer.size()
        << " bytes: ONNX files hold at most 2 GiB (larger weights go to "
           "external data files)";
    return {};
  }
  if (!model.ParseFromArray(buffer.data(), int(buffer.size()))) {
    emitError(FileLineColLoc::get(ctx, path, 0, 0))
        << "not a valid ONNX model: the file is corrupt, truncated or not an "
           "ONNX ModelProto";
    return {};
  }
  OwningOpRef<ModuleOp> module = Importer(ctx, model, path, options).run();
  if (module && failed(verify(*module)))
    return {};
  return module;
}

void mlir::qnn::registerImportONNX() {
  static llvm::cl::OptionCategory category("ONNX import options");
  static llvm::cl::list<std::string> inputShapes(
      "input-shape",
      llvm::cl::desc("--import-onnx: the shape of a graph input with dynamic "
                     "dimensions, name=d0,d1,... (repeatable)"),
      llvm::cl::cat(category));
  static llvm::cl::list<std::string> inputValues(
      "input-value",
      llvm::cl::desc("--import-onnx: a graph input known at compile time, "
                     "name=path of a serialized TensorProto (repeatable)"),
      llvm::cl::cat(category));
  static llvm::cl::opt<bool> bytecode(
      "emit-bytecode",
      llvm::cl::desc("--import-onnx: write MLIR bytecode (weights as "
                     "resource blobs, not text)"),
      llvm::cl::init(false), llvm::cl::cat(category));
  TranslateRegistration importer(
      "import-onnx", "Import an ONNX model (ModelProto) as onnx dialect IR",
      [](const std::shared_ptr<llvm::SourceMgr> &sources,
         llvm::raw_ostream &output, MLIRContext *ctx) -> LogicalResult {
        const llvm::MemoryBuffer *buffer =
            sources->getMemoryBuffer(sources->getMainFileID());
        ImportOptions options;
        Location fileLoc =
            FileLineColLoc::get(ctx, buffer->getBufferIdentifier(), 0, 0);
        for (const std::string &spec : inputShapes) {
          std::string error;
          if (!onnx_import::parseInputShape(spec, options, error))
            return emitError(fileLoc) << error;
        }
        for (const std::string &spec : inputValues) {
          auto [name, file] = StringRef(spec).split('=');
          if (name.empty() || file.empty())
            return emitError(fileLoc)
                   << "--input-value '" << spec << "' is not name=path";
          options.inputValues[name] = file.str();
        }
        OwningOpRef<ModuleOp> module = onnx_import::importONNX(
            buffer->getBuffer(), buffer->getBufferIdentifier(), ctx, options);
        if (!module)
          return failure();
        if (bytecode)
          return writeBytecodeToFile(*module, output);
        module->print(output);
        return success();
      });
}
