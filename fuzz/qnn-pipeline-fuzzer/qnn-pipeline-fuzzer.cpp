//===- qnn-pipeline-fuzzer.cpp - Compiles and runs mutated qnn layers -----===//
//
// This file implements the fuzz target behind qnn-pipeline-fuzzer. Its input
// is a Description (Description.h): one quantizer, layer and epilogue given
// by their numbers. The target writes that layer as qnn IR text, parses and
// verifies it, and compiles it with qnn-cpu-pipeline for each selected
// target. What compiles for a target this CPU has is JIT-compiled in
// process (MLIR's ExecutionEngine), run through libqnn_runtime's
// qnn_model_run on inputs derived from the record, and every output
// compared bit for bit with the reference library (qnn/Reference).
//
// Invalid numbers must be rejected with a diagnostic. The target traps on:
// a type or op the verifier accepts but the reference library calls
// invalid; a pass pipeline that fails without an error diagnostic; a
// compiled model that does not load or run; and any output that differs
// from the reference. QNN_FUZZ_VERBOSE=1 prints the IR and every
// diagnostic.
//
//===----------------------------------------------------------------------===//

#include "Description.h"

#include "../FuzzSupport.h"

#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Dialect/QNN/IR/QNNTypes.h"
#include "qnn/InitAllDialects.h"
#include "qnn/InitAllPasses.h"
#include "qnn/Pipelines/Pipelines.h"
#include "qnn/Reference/Reference.h"
#include "qnn/qnn_runtime.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Host.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

using namespace mlir;
using namespace ::qnn::fuzz;
using ::mlir::qnn::fuzz::Rng;
namespace ref = ::qnn::ref;

namespace {

bool verbose() {
  static bool v = std::getenv("QNN_FUZZ_VERBOSE") != nullptr;
  return v;
}

[[noreturn]] void fail(const std::string &ir, const llvm::Twine &what) {
  llvm::errs() << "qnn-pipeline-fuzzer: " << what << "\n--- IR ---\n"
               << ir << "\n";
  std::abort();
}

//===----------------------------------------------------------------------===//
// The layer as qnn IR text, with the values the reference needs.
//===----------------------------------------------------------------------===//

/// A code range as the description asks for it (bits may be invalid: the
/// range is then only used to pick codes, and the verifier rejects the type).
struct CodeRange {
  int64_t lo = 0, hi = 0;
  int64_t count() const { return hi - lo + 1; }
};

CodeRange codeRange(const TypeDesc &t, const Description &d) {
  if (t.codebook)
    return {0, std::max<int64_t>(int64_t(d.tableSize) - 1, 0)};
  unsigned bits = std::min<unsigned>(t.bits, 16);
  if (bits == 0)
    return {0, 0};
  CodeRange r = t.isSigned ? CodeRange{-(int64_t(1) << (bits - 1)),
                                       (int64_t(1) << (bits - 1)) - 1}
                           : CodeRange{0, (int64_t(1) << bits) - 1};
  if (t.narrow && r.lo < r.hi)
    ++r.lo;
  return r;
}

std::string number(double v) {
  if (std::isnan(v) || std::isinf(v)) // Not expressible in qnn type syntax.
    return std::isnan(v) ? "nan" : (v > 0 ? "inf" : "-inf");
  return llvm::formatv("{0:e16}", v).str();
}

/// `!qnn.uniform<...>` / `!qnn.codebook<...>` with `channels` scales along
/// `axis` when per channel.
std::string typeText(const TypeDesc &t, const Description &d, int64_t axis,
                     int64_t channels) {
  std::string s;
  llvm::raw_string_ostream os(s);
  bool perChannel = t.perChannel && axis >= 0;
  auto scale = [&](int64_t c) { return number(t.scales[c % 4]); };
  if (t.codebook) {
    os << "!qnn.codebook<u" << unsigned(t.bits) << ":f32";
    if (perChannel)
      os << ":" << axis;
    os << ", [";
    for (unsigned i = 0; i < d.tableSize && i < 16; ++i)
      os << (i ? ", " : "") << int(d.levels[i]) << ((d.flags & 4) ? ".5" : "");
    os << "] * ";
    if (perChannel) {
      os << "{";
      for (int64_t c = 0; c < channels; ++c)
        os << (c ? ", " : "") << scale(c);
      os << "}";
    } else {
      os << scale(0);
    }
    os << ">";
    return s;
  }
  os << "!qnn.uniform<" << (t.isSigned ? "i" : "u") << unsigned(t.bits);
  if (t.narrow) {
    CodeRange r = codeRange(t, d);
    os << "<" << r.lo << ":" << r.hi << ">";
  }
  os << ":f32";
  if (perChannel)
    os << ":" << axis << ", {";
  else
    os << ", ";
  for (int64_t c = 0; c < (perChannel ? channels : 1); ++c)
    os << (c ? ", " : "") << scale(c) << ":" << int(t.zeroPoint);
  if (perChannel)
    os << "}";
  os << ">";
  return s;
}

std::string tensorType(const std::vector<int64_t> &shape,
                       const std::string &element) {
  std::string s = "tensor<";
  for (int64_t d : shape)
    s += std::to_string(d) + "x";
  return s + element + ">";
}

/// `dense<"0x...">` from raw little-endian bytes (`dense<>` when empty).
template <typename T> std::string denseHex(const std::vector<T> &values) {
  if (values.empty())
    return "dense<>";
  std::string s = "dense<\"0x";
  const auto *bytes = reinterpret_cast<const uint8_t *>(values.data());
  for (size_t i = 0; i < values.size() * sizeof(T); ++i)
    s += llvm::formatv("{0:X-2}", unsigned(bytes[i])).str();
  return s + "\">";
}

std::string f64Array(const std::vector<double> &values) {
  std::string s = "array<f64: ";
  for (size_t i = 0; i < values.size(); ++i) {
    double v = values[i];
    if (std::isfinite(v)) {
      s += (i ? ", " : "") + number(v);
    } else {
      uint64_t bits;
      std::memcpy(&bits, &v, sizeof(bits));
      s += (i ? ", " : "") + llvm::formatv("{0:x16}", bits).str();
      s.insert(s.size() - 16, "0x");
    }
  }
  return s + ">";
}

int64_t product(const std::vector<int64_t> &shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

/// Threshold rows: row r, threshold j as Description.h says, then one
/// duplicated and one swapped pair when dupAt / swapAt are in range.
template <typename T, typename Base>
std::vector<T> thresholdRows(int64_t rows, int64_t count, Base base,
                             const Description &d) {
  std::vector<T> t;
  t.reserve(size_t(rows * count));
  for (int64_t r = 0; r < rows; ++r) {
    size_t start = t.size();
    for (int64_t j = 0; j < count; ++j)
      t.push_back(base(r, j));
    if (d.dupAt >= 1 && d.dupAt < count)
      t[start + d.dupAt] = t[start + d.dupAt - 1];
    if (d.swapAt + 1 < count)
      std::swap(t[start + d.swapAt], t[start + d.swapAt + 1]);
  }
  return t;
}

/// The program and everything the reference evaluation needs.
struct Program {
  std::string ir;
  Layer layer;
  Epilogue epilogue;
  bool multithresholdInput;
  std::vector<int64_t> inShape, resultShape;
  std::vector<float> input;
  std::vector<float> fThresholds;
  int64_t fCount = 0;
  std::vector<int64_t> weights;
  ref::Conv2DGeometry geometry{};
  std::vector<int64_t> iThresholds;
  int64_t iCount = 0;
  std::vector<bool> negate;
  std::vector<double> rescaleScale, rescaleBias;
  /// Result element: 'c' codes, 'i' i32, 'f' f32.
  char result = 'c';
};

/// Output spatial size of a window (0 when the geometry makes none; the
/// verifier decides whether that is valid).
int64_t windowOut(int64_t in, int64_t padA, int64_t padB, int64_t k,
                  int64_t stride, int64_t dilation) {
  if (stride <= 0)
    return 1;
  int64_t span = in + padA + padB - dilation * (k - 1) - 1;
  return span < 0 ? 0 : span / stride + 1;
}

float specialInput(Rng &rng, const Description &d) {
  switch (rng.next() % 10) {
  case 0:
    return std::numeric_limits<float>::quiet_NaN();
  case 1:
    return rng.next() % 2 ? std::numeric_limits<float>::infinity()
                          : -std::numeric_limits<float>::infinity();
  case 2:
    return -0.0f;
  case 3:
    return 1e-45f;
  case 4:
    return -3.4e38f;
  case 5: // A threshold itself, and its neighbours.
  {
    float t = d.fThresholds[rng.next() % 16];
    unsigned k = unsigned(rng.next() % 3);
    return k == 0 ? t : std::nextafter(t, k == 1 ? 1e30f : -1e30f);
  }
  default: { // Ties of round(x / scale).
    float s = float(d.act.scales[0]);
    return (float(int64_t(rng.next() % 17) - 8) + 0.5f) * s;
  }
  }
}

/// Builds the program, or nothing when it is over the size bounds.
std::optional<Program> buildProgram(const Description &d) {
  Program p;
  p.layer = Layer(d.layer % uint8_t(Layer::Count));
  p.epilogue = Epilogue(d.epilogue % uint8_t(Epilogue::Count));
  p.multithresholdInput = d.inputQuantizer & 1;
  bool accumulates = p.layer == Layer::Dense || p.layer == Layer::Conv2D;
  if (!accumulates && p.epilogue != Epilogue::None)
    p.epilogue = Epilogue::Thresholds; // The dequantization of codes.

  auto dimOk = [](int64_t v) { return v <= kMaxDim; };
  int64_t n = d.n, h = d.h, w = d.w, c = d.c, o = d.o, kh = d.kh, kw = d.kw;
  for (int64_t v : {n, h, w, c, o, kh, kw})
    if (!dimOk(v))
      return std::nullopt;
  p.inShape = p.layer == Layer::Dense ? std::vector<int64_t>{n, c}
                                      : std::vector<int64_t>{n, h, w, c};
  int64_t rank = int64_t(p.inShape.size());
  bool negativeDims = std::any_of(p.inShape.begin(), p.inShape.end(),
                                  [](int64_t v) { return v < 0; });

  std::vector<int64_t> wShape;
  ref::Conv2DGeometry &g = p.geometry;
  g = {};
  g.batch = n;
  g.inH = h;
  g.inW = w;
  g.inC = c;
  g.outC = p.layer == Layer::MaxPool2D ? c : o;
  g.kH = kh;
  g.kW = kw;
  g.strideH = d.strides[0];
  g.strideW = d.strides[1];
  g.padTop = d.padding[0];
  g.padLeft = d.padding[1];
  g.padBottom = d.padding[2];
  g.padRight = d.padding[3];
  // Pooling has no dilation (the reference's outH() would apply one).
  g.dilationH = p.layer == Layer::Conv2D ? d.dilations[0] : 1;
  g.dilationW = p.layer == Layer::Conv2D ? d.dilations[1] : 1;
  g.groups = d.groups;
  int64_t outH =
      windowOut(h, g.padTop, g.padBottom, kh, g.strideH, g.dilationH);
  int64_t outW =
      windowOut(w, g.padLeft, g.padRight, kw, g.strideW, g.dilationW);
  int64_t macs = 0;
  switch (p.layer) {
  case Layer::None:
    p.resultShape = p.inShape;
    break;
  case Layer::Dense:
    wShape = {o, c + d.weightChannelDelta};
    p.resultShape = {n, o + d.outputDelta};
    macs = n * o * c;
    break;
  case Layer::Conv2D:
    wShape = {o, kh, kw,
              (d.groups > 0 ? c / d.groups : c) + d.weightChannelDelta};
    p.resultShape = {n, outH + d.outputDelta, outW, o};
    macs = n * outH * outW * o * kh * kw * std::max<int64_t>(wShape[3], 0);
    break;
  case Layer::MaxPool2D:
    p.resultShape = {n, outH + d.outputDelta, outW, c};
    macs = n * outH * outW * c * kh * kw;
    break;
  default:
    return std::nullopt;
  }
  for (const auto *shape : {&p.inShape, &wShape, &p.resultShape})
    for (int64_t v : *shape)
      if (!dimOk(v) || v < -kMaxDim)
        return std::nullopt;
  auto elements = [](const std::vector<int64_t> &s) {
    int64_t e = 1;
    for (int64_t v : s)
      e *= std::max<int64_t>(v, 0);
    return e;
  };
  if (elements(p.inShape) > kMaxElements || elements(wShape) > kMaxElements ||
      elements(p.resultShape) > kMaxElements || macs > kMaxMacs || macs < 0)
    return std::nullopt;

  // Input values.
  Rng rng{d.seed};
  float range = std::ldexp(1.0f, int(d.range % 16) - 6);
  if (!negativeDims) {
    p.input.resize(size_t(elements(p.inShape)));
    for (size_t i = 0; i < p.input.size(); ++i) {
      if (d.specialEvery && rng.next() % d.specialEvery == 0) {
        p.input[i] = specialInput(rng, d);
        continue;
      }
      double u = double(rng.next() >> 11) * 0x1.0p-53;
      p.input[i] = float((2.0 * u - 1.0) * range);
    }
  }

  std::string ir;
  llvm::raw_string_ostream os(ir);
  std::string actType = typeText(d.act, d, rank - 1, c);
  std::string inTensor = tensorType(p.inShape, "f32");
  std::string actTensor = tensorType(p.inShape, actType);

  // The result.
  std::string resultTensor;
  std::string outType;
  int64_t resultRank = int64_t(p.resultShape.size());
  int64_t outChannels = p.resultShape.back();
  if (accumulates) {
    if (p.epilogue == Epilogue::None) {
      p.result = 'i';
      resultTensor = tensorType(p.resultShape, "i32");
    } else if (p.epilogue == Epilogue::Rescale) {
      p.result = 'f';
      resultTensor = tensorType(p.resultShape, "f32");
    } else {
      outType = typeText(d.out, d, resultRank - 1, outChannels);
      resultTensor = tensorType(p.resultShape, outType);
    }
  } else if (p.epilogue == Epilogue::Thresholds) {
    p.result = 'f';
    resultTensor = tensorType(p.resultShape, "f32");
  } else {
    resultTensor = tensorType(p.resultShape, actType);
  }

  os << "func.func @fuzz(%x: " << inTensor << ") -> " << resultTensor << " {\n";
  // The activation quantizer.
  if (p.multithresholdInput) {
    CodeRange r = codeRange(d.act, d);
    p.fCount = std::max<int64_t>(r.count() - 1 + d.thresholdCountDelta, 0);
    int64_t rows = d.act.perChannel ? std::max<int64_t>(c, 0) : 1;
    if (rows * p.fCount > kMaxElements)
      return std::nullopt;
    p.fThresholds = thresholdRows<float>(
        rows, p.fCount,
        [&](int64_t row, int64_t j) {
          float t = p.fCount <= 15 ? d.fThresholds[j]
                                   : d.fThresholds[0] + float(j) * d.fStep;
          return row ? t + float(row) * d.fThresholds[15] : t;
        },
        d);
    os << "  %a = qnn.multithreshold %x {";
    if (d.act.perChannel)
      os << "axis = " << rank - 1 << " : i64, ";
    os << "thresholds = " << denseHex(p.fThresholds) << " : tensor<" << rows
       << "x" << p.fCount << "xf32>} : " << inTensor << " -> " << actTensor
       << "\n";
  } else {
    static const char *modes[] = {"half_even", "half_up", "half_down", "ceil",
                                  "floor",     "up",      "down"};
    os << "  %a = qnn.quantize %x";
    if (d.rounding % 8 < 7)
      os << " {rounding = #qnn.rounding<" << modes[d.rounding % 8] << ">}";
    os << " : " << inTensor << " -> " << actTensor << "\n";
  }

  // The layer.
  std::string value = "%a", valueTensor = actTensor;
  if (accumulates) {
    std::string wType = typeText(d.weight, d, 0, o);
    std::string wTensor = tensorType(wShape, wType);
    CodeRange r = codeRange(d.weight, d);
    bool negativeWeights = std::any_of(wShape.begin(), wShape.end(),
                                       [](int64_t v) { return v < 0; });
    if (!negativeWeights) {
      std::vector<int32_t> codes(size_t(product(wShape)));
      for (size_t i = 0; i < codes.size(); ++i)
        codes[i] = int32_t(r.lo + int64_t(rng.next() % uint64_t(r.count())));
      if ((d.flags & 2) && !codes.empty())
        codes[rng.next() % codes.size()] = int32_t(r.hi + 1);
      p.weights.assign(codes.begin(), codes.end());
      os << "  %w = qnn.constant " << denseHex(codes) << " : "
         << tensorType(wShape, "i32") << " -> " << wTensor << "\n";
    } else {
      os << "  %w = qnn.constant dense<0> : " << tensorType(wShape, "i32")
         << " -> " << wTensor << "\n";
    }
    std::string accTensor = tensorType(p.resultShape, "i32");
    if (p.layer == Layer::Dense) {
      os << "  %acc = qnn.dense %a, %w : " << actTensor << ", " << wTensor
         << " -> " << accTensor << "\n";
    } else {
      os << "  %acc = qnn.conv2d %a, %w {dilations = array<i64: "
         << d.dilations[0] << ", " << d.dilations[1]
         << ">, groups = " << d.groups
         << " : i64, padding = array<i64: " << d.padding[0] << ", "
         << d.padding[1] << ", " << d.padding[2] << ", " << d.padding[3]
         << ">, strides = array<i64: " << d.strides[0] << ", " << d.strides[1]
         << ">} : " << actTensor << ", " << wTensor << " -> " << accTensor
         << "\n";
    }
    value = "%acc";
    valueTensor = accTensor;
  } else if (p.layer == Layer::MaxPool2D) {
    std::string poolTensor = tensorType(p.resultShape, actType);
    os << "  %p = qnn.max_pool2d %a {kernel = array<i64: " << kh << ", " << kw
       << ">, padding = array<i64: " << d.padding[0] << ", " << d.padding[1]
       << ", " << d.padding[2] << ", " << d.padding[3]
       << ">, strides = array<i64: " << d.strides[0] << ", " << d.strides[1]
       << ">} : " << actTensor << " -> " << poolTensor << "\n";
    value = "%p";
    valueTensor = poolTensor;
  }

  // The epilogue.
  std::string last = value;
  if (accumulates && p.epilogue == Epilogue::Thresholds) {
    CodeRange r = codeRange(d.out, d);
    p.iCount = std::max<int64_t>(r.count() - 1 + d.thresholdCountDelta, 0);
    int64_t rows = d.out.perChannel ? std::max<int64_t>(outChannels, 0) : 1;
    if (rows * p.iCount > kMaxElements)
      return std::nullopt;
    p.iThresholds = thresholdRows<int64_t>(
        rows, p.iCount,
        [&](int64_t row, int64_t j) {
          int64_t t = p.iCount <= 15 ? d.iThresholds[j]
                                     : int64_t(d.iThresholds[0]) + j * d.iStep;
          return t + row * int64_t(d.iThresholds[15]);
        },
        d);
    os << "  %y = qnn.multithreshold %acc {";
    if (d.out.perChannel)
      os << "axis = " << resultRank - 1 << " : i64, ";
    if (d.negate) {
      os << "negate = array<i1: ";
      for (int64_t row = 0; row < rows; ++row) {
        p.negate.push_back((d.negate >> (row % 8)) & 1);
        os << (row ? ", " : "") << (p.negate.back() ? "true" : "false");
      }
      os << ">, ";
    }
    os << "thresholds = " << denseHex(p.iThresholds) << " : tensor<" << rows
       << "x" << p.iCount << "xi64>} : " << valueTensor << " -> "
       << resultTensor << "\n";
    last = "%y";
  } else if (accumulates && p.epilogue != Epilogue::None) {
    int64_t channels = d.rescalePerChannel ? outChannels : 1;
    for (int64_t ch = 0; ch < std::max<int64_t>(channels, 0); ++ch) {
      // Copies: the record is packed, and push_back binds a reference.
      double scale = d.rescaleScale[ch % 4], bias = d.rescaleBias[ch % 4];
      p.rescaleScale.push_back(scale);
      p.rescaleBias.push_back(bias);
    }
    std::string floatTensor = tensorType(p.resultShape, "f32");
    os << "  %r = qnn.rescale %acc {";
    if (d.rescalePerChannel)
      os << "axis = " << resultRank - 1 << " : i64, ";
    os << "bias = " << f64Array(p.rescaleBias)
       << ", scale = " << f64Array(p.rescaleScale) << "} : " << valueTensor
       << " -> " << floatTensor << "\n";
    last = "%r";
    if (p.epilogue == Epilogue::RescaleQuantize) {
      os << "  %y = qnn.quantize %r : " << floatTensor << " -> " << resultTensor
         << "\n";
      last = "%y";
    }
  } else if (!accumulates && p.epilogue == Epilogue::Thresholds) {
    os << "  %y = qnn.dequantize " << value << " : " << valueTensor << " -> "
       << resultTensor << "\n";
    last = "%y";
  }
  os << "  return " << last << " : " << resultTensor << "\n}\n";
  p.ir = std::move(ir);
  return p;
}

//===----------------------------------------------------------------------===//
// The reference evaluation.
//===----------------------------------------------------------------------===//

ref::QuantSpec specOf(Type tensor) {
  return cast<mlir::qnn::QuantizedTypeInterface>(
             cast<RankedTensorType>(tensor).getElementType())
      .getSpec();
}

int64_t lowestCode(const ref::QuantSpec &s) {
  return s.isCodebook ? 0 : s.storageMin;
}

/// Expected results: codes, i32 accumulators (as int64) or f32 values.
struct Expected {
  std::vector<int64_t> ints;
  std::vector<float> floats;
};

Expected evaluate(const Program &p, func::FuncOp func) {
  // The specs as the compiler sees them, from the parsed types.
  SmallVector<Operation *> ops;
  for (Operation &op : func.getBody().front())
    ops.push_back(&op);
  ref::QuantSpec act = specOf(ops[0]->getResult(0).getType());
  ref::RoundingMode mode = ref::RoundingMode::HalfEven;
  if (auto attr = ops[0]->getAttr("rounding")) {
    std::string text;
    llvm::raw_string_ostream os(text);
    attr.print(os);
    for (ref::RoundingMode m :
         {ref::RoundingMode::HalfEven, ref::RoundingMode::HalfUp,
          ref::RoundingMode::HalfDown, ref::RoundingMode::Ceil,
          ref::RoundingMode::Floor, ref::RoundingMode::Up,
          ref::RoundingMode::Down})
      if (text.find(std::string("<") + ref::stringifyRoundingMode(m) + ">") !=
          std::string::npos)
        mode = m;
  }

  std::vector<int64_t> codes;
  if (p.multithresholdInput) {
    int64_t c = p.inShape.back();
    bool perChannel = int64_t(p.fThresholds.size()) != p.fCount;
    codes.resize(p.input.size());
    for (size_t i = 0; i < p.input.size(); ++i) {
      int64_t row = perChannel ? int64_t(i) % c : 0;
      codes[i] =
          ref::thresholdCode(p.input[i], p.fThresholds.data() + row * p.fCount,
                             size_t(p.fCount), lowestCode(act));
    }
  } else {
    codes = act.quantize(p.input, p.inShape, mode);
  }

  Expected e;
  switch (p.layer) {
  case Layer::None:
    if (p.epilogue == Epilogue::Thresholds)
      e.floats = act.dequantize(codes, p.inShape);
    else
      e.ints = codes;
    return e;
  case Layer::MaxPool2D: {
    std::vector<int64_t> pooled = ref::maxPool2dCodes(codes, p.geometry);
    if (p.epilogue == Epilogue::Thresholds)
      e.floats = act.dequantize(pooled, p.resultShape);
    else
      e.ints = pooled;
    return e;
  }
  default:
    break;
  }

  ref::QuantSpec weight = specOf(ops[1]->getResult(0).getType());
  std::vector<int64_t> acc =
      p.layer == Layer::Dense
          ? ref::denseAccumulate(codes, act, p.weights, weight, p.inShape[0],
                                 p.inShape[1], p.geometry.outC)
          : ref::conv2dAccumulate(codes, act, p.weights, weight, p.geometry);
  int64_t channels = p.resultShape.back();
  switch (p.epilogue) {
  case Epilogue::None:
    e.ints = acc;
    break;
  case Epilogue::Thresholds: {
    ref::QuantSpec out = specOf(ops[3]->getResult(0).getType());
    bool perChannel = int64_t(p.iThresholds.size()) != p.iCount;
    e.ints.resize(acc.size());
    for (size_t i = 0; i < acc.size(); ++i) {
      int64_t row = perChannel ? int64_t(i) % channels : 0;
      bool neg = !p.negate.empty() && p.negate[size_t(row)];
      e.ints[i] = ref::thresholdCode(neg ? -acc[i] : acc[i],
                                     p.iThresholds.data() + row * p.iCount,
                                     size_t(p.iCount), lowestCode(out));
    }
    break;
  }
  case Epilogue::Rescale:
  case Epilogue::RescaleQuantize: {
    std::vector<float> values(acc.size());
    bool perChannel = p.rescaleScale.size() > 1;
    for (size_t i = 0; i < acc.size(); ++i) {
      size_t ch = perChannel ? size_t(int64_t(i) % channels) : 0;
      values[i] =
          float(ref::rescale(acc[i], p.rescaleScale[ch], p.rescaleBias[ch]));
    }
    if (p.epilogue == Epilogue::Rescale) {
      e.floats = std::move(values);
    } else {
      ref::QuantSpec out = specOf(ops[4]->getResult(0).getType());
      e.ints = out.quantize(values, p.resultShape);
    }
    break;
  }
  default:
    break;
  }
  return e;
}

/// The verifier accepted the program: every type in it must also be valid
/// for the reference library (QuantSpec::validate mirrors the verifier).
void checkTypesValid(const Program &p, func::FuncOp func) {
  func.walk([&](Operation *op) {
    for (Type t : op->getResultTypes()) {
      auto tensor = dyn_cast<RankedTensorType>(t);
      if (!tensor)
        continue;
      if (auto q = dyn_cast<mlir::qnn::QuantizedTypeInterface>(
              tensor.getElementType())) {
        std::string why = q.getSpec().validate();
        if (!why.empty())
          fail(p.ir, "the verifier accepted a type the reference library "
                     "rejects: " +
                         why);
      }
    }
  });
}

//===----------------------------------------------------------------------===//
// Compiling and running.
//===----------------------------------------------------------------------===//

struct Target {
  const char *name;
  mlir::qnn::CPUTarget target;
  std::vector<const char *> features;
};

const Target kTargets[] = {
    {"generic", mlir::qnn::CPUTarget::Generic, {}},
    {"avx2", mlir::qnn::CPUTarget::Avx2, {"avx2"}},
    {"avx512-vnni",
     mlir::qnn::CPUTarget::Avx512Vnni,
     {"avx512f", "avx512bw", "avx512vnni"}},
    {"avx512-vpopcntdq",
     mlir::qnn::CPUTarget::Avx512Vpopcntdq,
     {"avx512f", "avx512bw", "avx512vnni", "avx512vpopcntdq", "popcnt"}},
};

bool hostHas(const Target &t) {
  static llvm::StringMap<bool> host = llvm::sys::getHostCPUFeatures();
  return llvm::all_of(t.features, [](const char *f) { return host.lookup(f); });
}

/// The registry every input's context is made from: each input gets a fresh
/// context, so that nothing (uniqued weights, types) carries over from one
/// input to the next and a crash replays alone.
DialectRegistry &registry() {
  static DialectRegistry r;
  return r;
}

/// Counts error diagnostics; prints them with QNN_FUZZ_VERBOSE.
struct CapturedDiagnostics {
  explicit CapturedDiagnostics(MLIRContext &ctx)
      : handler(&ctx, [this](Diagnostic &d) {
          if (d.getSeverity() == DiagnosticSeverity::Error)
            ++errors;
          if (verbose())
            llvm::errs() << d.getLocation() << ": " << d << "\n";
          return success();
        }) {}
  unsigned errors = 0;
  ScopedDiagnosticHandler handler;
};

void runAndCompare(const Program &p, const Expected &expected,
                   ModuleOp compiled, const Target &target, bool optimize) {
  std::string where = std::string("target ") + target.name + ": ";
  auto transformer = makeOptimizingTransformer(optimize ? 2 : 0, 0, nullptr);
  ExecutionEngineOptions options;
  options.transformer = transformer;
  options.jitCodeGenOptLevel =
      optimize ? llvm::CodeGenOptLevel::Default : llvm::CodeGenOptLevel::None;
  options.enableGDBNotificationListener = false;
  options.enablePerfNotificationListener = false;
  auto engine = ExecutionEngine::create(compiled, options);
  if (!engine)
    fail(p.ir, where + "the compiled module does not JIT: " +
                   llvm::toString(engine.takeError()));
  auto symbol = (*engine)->lookup("qnn_model");
  if (!symbol)
    fail(p.ir, where + "no qnn_model: " + llvm::toString(symbol.takeError()));
  const auto *model = static_cast<const qnn_model_desc *>(*symbol);

  size_t outElements = size_t(product(p.resultShape));
  size_t outBytes = p.result == 'c' ? 1 : 4;
  std::vector<uint8_t> output(std::max<size_t>(outElements * outBytes, 1),
                              0xA5);
  qnn_tensor in{const_cast<float *>(p.input.data()), QNN_DTYPE_F32,
                int32_t(p.inShape.size()), p.inShape.data()};
  static float empty;
  if (p.input.empty())
    in.data = &empty;
  qnn_tensor out{output.data(),
                 p.result == 'c'   ? QNN_DTYPE_CODES
                 : p.result == 'i' ? QNN_DTYPE_I32
                                   : QNN_DTYPE_F32,
                 int32_t(p.resultShape.size()), p.resultShape.data()};
  // The JIT-compiled descriptor lies in no loaded library: the runtime runs
  // it once registered.
  qnn_loaded_model *registered = nullptr;
  if (qnn_model_register(model, &registered) != QNN_OK)
    fail(p.ir, where + "qnn_model_register failed: " + qnn_last_error());
  qnn_status status = qnn_model_run(model, nullptr, &in, 1, &out, 1);
  if (status != QNN_OK)
    fail(p.ir, where + "qnn_model_run failed: " + qnn_last_error());
  if (qnn_model_unload(registered) != QNN_OK)
    fail(p.ir, where + "qnn_model_unload failed: " + qnn_last_error());

  for (size_t i = 0; i < outElements; ++i) {
    if (p.result == 'f') {
      float got;
      std::memcpy(&got, &output[i * 4], 4);
      float want = expected.floats[i];
      if (std::memcmp(&got, &want, 4) != 0 &&
          !(std::isnan(got) && std::isnan(want)))
        fail(p.ir, where + llvm::formatv("element {0}: got {1:e9}, the "
                                         "reference says {2:e9}",
                                         i, got, want)
                               .str());
      continue;
    }
    int64_t got;
    if (p.result == 'i') {
      int32_t v;
      std::memcpy(&v, &output[i * 4], 4);
      got = v;
    } else {
      // Codes travel as their low byte; compare modulo 256.
      got = output[i];
    }
    int64_t want = expected.ints[i];
    if (p.result == 'c' ? uint8_t(want) != uint8_t(got) : want != got)
      fail(p.ir, where + llvm::formatv("element {0}: got {1}, the reference "
                                       "says {2}",
                                       i, got, want)
                             .str());
  }
}

} // namespace

/// ASan's defaults for this binary. qnn's instrumented code and Debian's
/// uninstrumented libMLIR share LLVM's BumpPtrAllocator, whose inline
/// Allocate poisons slabs only where ASan compiled it: memory libMLIR hands
/// out of a slab qnn's code created stays poisoned, a false use-after-poison
/// (found parsing a tensor type). Without user poisoning ASan still checks
/// every heap, stack and global access.
extern "C" const char *__asan_default_options() {
  return "allow_user_poisoning=0";
}

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  // The pipelines name upstream passes by their registered names.
  mlir::qnn::registerAllPasses();
  mlir::qnn::registerAllDialects(registry());
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  Description d = readDescription(data, size);
  std::optional<Program> program = buildProgram(d);
  if (!program)
    return 0;
  const Program &p = *program;
  if (verbose())
    llvm::errs() << p.ir;
  MLIRContext ctx(registry(), MLIRContext::Threading::DISABLED);
  OwningOpRef<ModuleOp> module;
  {
    CapturedDiagnostics diagnostics(ctx);
    module = parseSourceString<ModuleOp>(p.ir, &ctx);
    if (!module)
      return 0; // Rejected by the parser or the verifier: expected.
  }
  auto func = cast<func::FuncOp>(module->getBody()->front());
  checkTypesValid(p, func);
  Expected expected = evaluate(p, func);

  uint8_t mask = d.targets & 15 ? d.targets & 15 : 15;
  for (unsigned i = 0; i < 4; ++i) {
    if (!(mask & (1u << i)))
      continue;
    const Target &target = kTargets[i];
    OwningOpRef<ModuleOp> copy = cast<ModuleOp>((*module)->clone());
    CapturedDiagnostics diagnostics(ctx);
    PassManager pm(&ctx);
    mlir::qnn::CPUPipelineOptions options;
    options.target = target.target;
    options.fuseEpilogues = d.fuseEpilogues & 1;
    options.packWeights = d.packWeights & 1;
    mlir::qnn::buildCPUPipeline(pm, options);
    if (failed(pm.run(*copy))) {
      if (diagnostics.errors == 0)
        fail(p.ir, std::string("qnn-cpu-pipeline target=") + target.name +
                       " failed without an error diagnostic");
      continue; // A diagnostic: the pipeline does not take this layer.
    }
    if (hostHas(target))
      runAndCompare(p, expected, *copy, target, d.flags & 1);
  }
  return 0;
}
