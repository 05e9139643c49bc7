//===- Signal.cpp - ONNX spectral operators and windows -------------------===//
//
// This file implements the signal-processing operators: DFT (17, 20: the
// full transform, its inverse, the one-sided RFFT and IRFFT, dft_length
// padding or truncating, the axis as attribute or input), STFT, and the
// operators whose outputs depend on compile-time scalars only: HannWindow,
// HammingWindow, BlackmanWindow and MelWeightMatrix, which become constants
// computed as the ONNX reference computes them.
//
// A transform is one linalg.generic reducing over the signal: output
// element k of frequency or time sums x[n] times e^(-+2 pi i k n / N), the
// factor read from tables of cos and sin of 2 pi j / N at j = k n mod N.
// f16 and bf16 compute in f32, f64 in f64.
//
//===----------------------------------------------------------------------===//

#include "Common.h"
#include "PopulateHandlers.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cmath>
#include <cstdio>

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::onnx_to_qnn;

namespace {

/// The element type the transforms compute in.
Type computeType(ImplicitLocOpBuilder &b, Type element) {
  return element.isF64() ? element : b.getF32Type();
}

/// `x` with float elements converted to `to`.
Value toElement(ImplicitLocOpBuilder &b, Value x, Type to) {
  auto t = NodeBinder::typeOf(x);
  if (t.getElementType() == to)
    return x;
  return elementwise(b, x, t.getShape(), to,
                     [&](OpBuilder &nb, Location loc, ValueRange a) {
                       return convertScalar(nb, loc, a[0], to, false);
                     });
}

/// The slice [..., c:c+1] of `x` along its last dimension.
Value component(ImplicitLocOpBuilder &b, Value x, int64_t c) {
  auto t = NodeBinder::typeOf(x);
  int64_t rank = t.getRank();
  SmallVector<int64_t> offsets(rank, 0), sizes(t.getShape()), strides(rank, 1);
  offsets.back() = c;
  sizes.back() = 1;
  return tensor::ExtractSliceOp::create(
      b, RankedTensorType::get(sizes, t.getElementType()), x, ValueRange{},
      ValueRange{}, ValueRange{}, b.getDenseI64ArrayAttr(offsets),
      b.getDenseI64ArrayAttr(sizes), b.getDenseI64ArrayAttr(strides));
}

/// The tables this file computes at compile time (twiddle factors, windows,
/// mel weights) hold at most this many elements: far more than any real
/// signal needs, far less than exhausts the compiler's memory, which a
/// dft_length of 2^62 would otherwise ask for.
constexpr int64_t kMaxTableElements = int64_t(1) << 24;

/// cos and sin of 2 pi j / n for j in [0, n), as constants of `ct`.
std::pair<Value, Value> twiddles(ImplicitLocOpBuilder &b, int64_t n, Type ct) {
  SmallVector<double> c(n), s(n);
  for (int64_t j = 0; j < n; ++j) {
    // Exact at the quarter turns.
    if (4 * j % n == 0) {
      int64_t q = 4 * j / n;
      c[j] = q == 0 ? 1 : q == 2 ? -1 : 0;
      s[j] = q == 1 ? 1 : q == 3 ? -1 : 0;
      continue;
    }
    double a = 2 * M_PI * double(j) / double(n);
    c[j] = std::cos(a);
    s[j] = std::sin(a);
  }
  auto type = RankedTensorType::get({n}, ct);
  return {constantOf(b, type, c), constantOf(b, type, s)};
}

/// How a transform weighs x[n] into output element k.
enum class Transform {
  /// sum_n x[n] e^(-2 pi i k n / N).
  Forward,
  /// sum_n x[n] e^(2 pi i k n / N) (the caller divides by N).
  Inverse,
  /// The real part of sum_n w[n] x[n] e^(2 pi i k n / N), w 1 at n = 0
  /// and n = N / 2, 2 elsewhere: the inverse of a one-sided spectrum
  /// (the caller divides by N).
  InverseOneSided,
};

/// The transform of `x` (real [..., 1] or complex [..., 2], compute type)
/// along `axis` over its first `count` elements, at `outLength` output
/// positions, period `period`; complex results [..., 2] unless
/// InverseOneSided (real, [..., 1]). `window` (or null) weighs x[n];
/// `step` > 0 frames the signal: output position f along `frameAxis`
/// reads x[f * step + n] along `axis` (STFT).
Value transform(ImplicitLocOpBuilder &b, Value x, int64_t axis, int64_t count,
                SmallVector<int64_t> outShape, int64_t freqAxis, int64_t period,
                Transform kind, Value window = {}, int64_t frameAxis = -1,
                int64_t step = 0) {
  MLIRContext *ctx = b.getContext();
  Type ct = NodeBinder::typeOf(x).getElementType();
  if (step == 0 && NodeBinder::typeOf(x).getDimSize(axis) > count) {
    // The first `count` elements (dft_length truncates).
    auto t = NodeBinder::typeOf(x);
    SmallVector<int64_t> offsets(t.getRank(), 0), sizes(t.getShape()),
        strides(t.getRank(), 1);
    sizes[axis] = count;
    x = tensor::ExtractSliceOp::create(
        b, RankedTensorType::get(sizes, ct), x, ValueRange{}, ValueRange{},
        ValueRange{}, b.getDenseI64ArrayAttr(offsets),
        b.getDenseI64ArrayAttr(sizes), b.getDenseI64ArrayAttr(strides));
  }
  // A framed signal's reads do not bound the reduction: a window of ones
  // does.
  if (step > 0 && !window)
    window = splat(b, RankedTensorType::get({count}, ct), 1.0);
  auto xt = NodeBinder::typeOf(x);
  bool complex = xt.getShape().back() == 2;
  const int64_t rank = int64_t(outShape.size());
  const unsigned dims = unsigned(rank + 1);
  auto tables = twiddles(b, period, ct);
  Value cosTab = tables.first, sinTab = tables.second;

  // x's map: the output's dimensions, the reduction at `axis` (plus the
  // frame's start with `step`), component 0.
  SmallVector<Value> inputs;
  SmallVector<AffineMap> maps;
  auto xMap = [&]() {
    SmallVector<AffineExpr> e;
    int64_t xrank = xt.getRank();
    for (int64_t d = 0; d + 1 < xrank; ++d) {
      if (d == axis) {
        AffineExpr r = getAffineDimExpr(unsigned(rank), ctx);
        if (step > 0)
          r = r + getAffineDimExpr(unsigned(frameAxis), ctx) * step;
        e.push_back(r);
      } else {
        // STFT's output has the frame dimension before the frequency one.
        int64_t od = step > 0 && d > axis ? d + 1 : d;
        e.push_back(getAffineDimExpr(unsigned(od), ctx));
      }
    }
    e.push_back(getAffineConstantExpr(0, ctx));
    return AffineMap::get(dims, 0, e, ctx);
  };
  inputs.push_back(complex ? component(b, x, 0) : x);
  maps.push_back(xMap());
  if (complex) {
    inputs.push_back(component(b, x, 1));
    maps.push_back(xMap());
  }
  if (window) {
    inputs.push_back(window);
    maps.push_back(
        AffineMap::get(dims, 0, {getAffineDimExpr(unsigned(rank), ctx)}, ctx));
  }
  SmallVector<AffineExpr> outExprs;
  for (int64_t d = 0; d < rank; ++d)
    outExprs.push_back(getAffineDimExpr(unsigned(d), ctx));
  maps.push_back(AffineMap::get(dims, 0, outExprs, ctx));
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  iterators.push_back(utils::IteratorType::reduction);
  Value zero = scalar(b, b.getLoc(), ct, 0.0);
  Value init = linalg::FillOp::create(
                   b, zero, Value(tensor::EmptyOp::create(b, outShape, ct)))
                   .getResult(0);
  auto generic = linalg::GenericOp::create(
      b, init.getType(), inputs, init, maps, iterators,
      [&](OpBuilder &nb, Location loc, ValueRange args) {
        Value k = linalg::IndexOp::create(nb, loc, uint64_t(freqAxis));
        Value n = linalg::IndexOp::create(nb, loc, uint64_t(rank));
        Value c = linalg::IndexOp::create(nb, loc, uint64_t(rank - 1));
        Value j = arith::RemUIOp::create(
            nb, loc, arith::MulIOp::create(nb, loc, k, n),
            arith::ConstantIndexOp::create(nb, loc, period));
        Value cs = tensor::ExtractOp::create(nb, loc, cosTab, j);
        Value sn = tensor::ExtractOp::create(nb, loc, sinTab, j);
        if (kind == Transform::Forward)
          sn = arith::NegFOp::create(nb, loc, sn);
        Value xr = args[0];
        Value xi = complex ? args[1] : Value();
        if (window) {
          Value w = args[complex ? 2 : 1];
          xr = arith::MulFOp::create(nb, loc, xr, w);
          if (xi)
            xi = arith::MulFOp::create(nb, loc, xi, w);
        }
        if (kind == Transform::InverseOneSided) {
          // The frequency is the reduction index here.
          Value first =
              arith::CmpIOp::create(nb, loc, arith::CmpIPredicate::eq, n,
                                    arith::ConstantIndexOp::create(nb, loc, 0));
          Value twice = arith::MulIOp::create(
              nb, loc, n, arith::ConstantIndexOp::create(nb, loc, 2));
          Value middle = arith::CmpIOp::create(
              nb, loc, arith::CmpIPredicate::eq, twice,
              arith::ConstantIndexOp::create(nb, loc, period));
          Value once = arith::OrIOp::create(nb, loc, first, middle);
          Value w =
              arith::SelectOp::create(nb, loc, once, scalar(nb, loc, ct, 1.0),
                                      scalar(nb, loc, ct, 2.0));
          cs = arith::MulFOp::create(nb, loc, cs, w);
          sn = arith::MulFOp::create(nb, loc, sn, w);
        }
        // (xr + i xi)(cs + i sn).
        Value re = arith::MulFOp::create(nb, loc, xr, cs);
        Value im = arith::MulFOp::create(nb, loc, xr, sn);
        if (xi) {
          re = arith::SubFOp::create(nb, loc, re,
                                     arith::MulFOp::create(nb, loc, xi, sn));
          im = arith::AddFOp::create(nb, loc, im,
                                     arith::MulFOp::create(nb, loc, xi, cs));
        }
        Value v = re;
        if (kind != Transform::InverseOneSided) {
          Value isRe =
              arith::CmpIOp::create(nb, loc, arith::CmpIPredicate::eq, c,
                                    arith::ConstantIndexOp::create(nb, loc, 0));
          v = arith::SelectOp::create(nb, loc, isRe, re, im);
        }
        linalg::YieldOp::create(
            nb, loc, Value(arith::AddFOp::create(nb, loc, args.back(), v)));
      });
  return generic.getResult(0);
}

/// `x` divided by `d`.
Value divideBy(ImplicitLocOpBuilder &b, Value x, double d) {
  auto t = NodeBinder::typeOf(x);
  Type ct = t.getElementType();
  return elementwise(
      b, x, t.getShape(), ct, [&](OpBuilder &nb, Location loc, ValueRange a) {
        return Value(
            arith::DivFOp::create(nb, loc, a[0], scalar(nb, loc, ct, d)));
      });
}

/// `d` as printf's %g writes it (errors).
std::string number(double d) {
  char buf[32];
  snprintf(buf, sizeof buf, "%g", d);
  return buf;
}

/// A scalar input that must be a compile-time integer.
FailureOr<int64_t> scalarInt(NodeBinder &n, unsigned i, StringRef what) {
  FailureOr<SmallVector<int64_t>> v = n.constantInts(i, what);
  if (failed(v))
    return failure();
  if (v->size() != 1)
    return n.error() << what << " has " << v->size()
                     << " elements, expected a scalar";
  return v->front();
}

LogicalResult convertDFT(NodeBinder &n) {
  ImplicitLocOpBuilder &b = n.b;
  bool inverse = n.i64("inverse", 0) != 0;
  bool onesided = n.i64("onesided", 0) != 0;
  int64_t axis = n.since() < 20 ? n.i64("axis", 1) : -2;
  if (n.failed())
    return failure();
  FailureOr<Value> xIn = n.input(0);
  if (failed(xIn))
    return failure();
  auto xt = NodeBinder::typeOf(*xIn);
  Type element = xt.getElementType();
  if (!isa<FloatType>(element))
    return n.error() << "input of element type " << element
                     << " is not a float type";
  int64_t rank = xt.getRank();
  if (rank < 2 || (xt.getShape().back() != 1 && xt.getShape().back() != 2))
    return n.error() << "input of shape [" << xt.getShape()
                     << "] is not [..., 1] (real) or [..., 2] (complex)";
  if (n.since() >= 20 && n.has(2)) {
    FailureOr<int64_t> a = scalarInt(n, 2, "axis");
    if (failed(a))
      return failure();
    axis = *a;
  }
  if (axis < -rank || axis > rank - 2 || axis == -1)
    return n.error() << "axis " << axis << " is outside [" << -rank
                     << ", -2] and [0, " << rank - 2 << "]";
  if (axis < 0)
    axis += rank;
  bool complex = xt.getShape().back() == 2;
  if (onesided && !inverse && complex)
    return n.error() << "onesided forward transforms (RFFT) of complex "
                        "input are not defined";
  if (onesided && inverse && !complex)
    return n.error() << "onesided inverse transforms (IRFFT) of real input "
                        "are not defined";
  int64_t length = xt.getDimSize(axis);
  int64_t period = onesided && inverse ? 2 * (length - 1) : length;
  if (n.has(1)) {
    FailureOr<int64_t> l = scalarInt(n, 1, "dft_length");
    if (failed(l))
      return failure();
    period = *l;
  }
  if (period < 1)
    return n.error() << "dft_length " << period << " is not positive";
  if (period > kMaxTableElements)
    return n.error() << "dft_length " << period << " is above "
                     << kMaxTableElements
                     << ", the largest transform qnn computes tables for";

  Type ct = computeType(b, element);
  Value x = toElement(b, *xIn, ct);
  SmallVector<int64_t> shape(xt.getShape());
  Value y;
  if (onesided && inverse) {
    shape[axis] = period;
    shape.back() = 1;
    int64_t count = std::min(length, period / 2 + 1);
    y = transform(b, x, axis, count, shape, axis, period,
                  Transform::InverseOneSided);
  } else {
    shape[axis] = onesided ? period / 2 + 1 : period;
    shape.back() = 2;
    int64_t count = std::min(length, period);
    y = transform(b, x, axis, count, shape, axis, period,
                  inverse ? Transform::Inverse : Transform::Forward);
  }
  if (inverse)
    y = divideBy(b, y, double(period));
  return n.output(0, toElement(b, y, element));
}

LogicalResult convertSTFT(NodeBinder &n) {
  ImplicitLocOpBuilder &b = n.b;
  bool onesided = n.i64("onesided", 1) != 0;
  if (n.failed())
    return failure();
  FailureOr<Value> xIn = n.input(0);
  if (failed(xIn))
    return failure();
  auto xt = NodeBinder::typeOf(*xIn);
  Type element = xt.getElementType();
  if (!isa<FloatType>(element))
    return n.error() << "signal of element type " << element
                     << " is not a float type";
  if (xt.getRank() != 3 || (xt.getDimSize(2) != 1 && xt.getDimSize(2) != 2))
    return n.error() << "signal of shape [" << xt.getShape()
                     << "] is not [batch, length, 1 or 2]";
  bool complex = xt.getDimSize(2) == 2;
  if (onesided && complex)
    return n.error() << "onesided transforms of a complex signal are not "
                        "defined";
  FailureOr<int64_t> step = scalarInt(n, 1, "frame_step");
  if (failed(step))
    return failure();
  if (*step < 1)
    return n.error() << "frame_step " << *step << " is not positive";
  Value window = n.optionalInput(2);
  int64_t length = xt.getDimSize(1);
  int64_t frameLength = length;
  if (window) {
    auto wt = NodeBinder::typeOf(window);
    if (wt.getRank() != 1)
      return n.error() << "window has rank " << wt.getRank() << ", expected 1";
    if (wt.getElementType() != element)
      return n.error() << "window has element type " << wt.getElementType()
                       << ", the signal " << element;
    frameLength = wt.getDimSize(0);
  }
  if (n.has(3)) {
    FailureOr<int64_t> l = scalarInt(n, 3, "frame_length");
    if (failed(l))
      return failure();
    if (window && *l != frameLength)
      return n.error() << "frame_length " << *l << " differs from the "
                       << "window's length " << frameLength;
    frameLength = *l;
  }
  if (frameLength < 1 || frameLength > length)
    return n.error() << "frame_length " << frameLength << " is outside [1, "
                     << length << "] (the signal's length)";
  if (frameLength > kMaxTableElements)
    return n.error() << "frame_length " << frameLength << " is above "
                     << kMaxTableElements
                     << ", the largest transform qnn computes tables for";
  int64_t frames = 1 + (length - frameLength) / *step;
  int64_t bins = onesided ? frameLength / 2 + 1 : frameLength;
  Type ct = computeType(b, element);
  Value x = toElement(b, *xIn, ct);
  Value w = window ? toElement(b, window, ct) : Value();
  // Output [batch, frames, bins, 2]: x[b, f * step + n] along axis 1.
  Value y =
      transform(b, x, /*axis=*/1, frameLength,
                {xt.getDimSize(0), frames, bins, 2}, /*freqAxis=*/2,
                frameLength, Transform::Forward, w, /*frameAxis=*/1, *step);
  return n.output(0, toElement(b, y, element));
}

//===----------------------------------------------------------------------===//
// Constants of compile-time scalars
//===----------------------------------------------------------------------===//

/// The output element type of `output_datatype` (float by default): the
/// ONNX type, and the signless type of the constant.
FailureOr<std::pair<Type, Type>> outputType(NodeBinder &n) {
  int64_t code = n.i64("output_datatype", 1);
  if (n.failed())
    return failure();
  Type onnx = elementTypeOfDataType(n.b.getContext(), code);
  if (!onnx)
    return n.error() << "output_datatype " << code << " is not supported";
  Type signless = onnx;
  if (auto i = dyn_cast<IntegerType>(onnx))
    signless = IntegerType::get(n.b.getContext(), i.getWidth());
  return std::pair{onnx, signless};
}

/// A constant 1-D output of `values`, converted to the output type as
/// NumPy's astype converts (floats truncate toward zero into integers).
LogicalResult outputConstant(NodeBinder &n, ArrayRef<double> values,
                             ArrayRef<int64_t> shape, Type onnx,
                             Type signless) {
  SmallVector<double> v(values);
  if (isa<IntegerType>(signless))
    for (double &d : v)
      d = std::isfinite(d) ? std::trunc(d) : 0.0;
  auto type = RankedTensorType::get(shape, signless);
  return n.output(0, constantOf(n.b, type, v), onnx);
}

enum class Window { Hann, Hamming, Blackman };

LogicalResult convertWindow(NodeBinder &n, Window kind) {
  bool periodic = n.i64("periodic", 1) != 0;
  FailureOr<std::pair<Type, Type>> types = outputType(n);
  if (failed(types))
    return failure();
  FailureOr<int64_t> size = scalarInt(n, 0, "size");
  if (failed(size))
    return failure();
  if (*size < 0)
    return n.error() << "size " << *size << " is negative";
  if (*size > kMaxTableElements)
    return n.error() << "size " << *size << " is above " << kMaxTableElements
                     << ", the largest window qnn computes";
  // As the ONNX reference: N = size (periodic) or size - 1 (symmetric).
  double period = double(periodic ? *size : *size - 1);
  SmallVector<double> w;
  for (int64_t i = 0; i < *size; ++i) {
    double t = double(i);
    switch (kind) {
    case Window::Hann: {
      double s = std::sin(t * M_PI / period);
      w.push_back(s * s);
      break;
    }
    case Window::Hamming: {
      double alpha = 25.0 / 46.0;
      w.push_back(alpha - std::cos(t * M_PI * 2 / period) * (1 - alpha));
      break;
    }
    case Window::Blackman:
      w.push_back(std::cos(t * (M_PI * 2) / period) * -0.5 +
                  std::cos(t * (M_PI * 4) / period) * 0.08 + 0.42);
      break;
    }
  }
  return outputConstant(n, w, {*size}, types->first, types->second);
}

LogicalResult convertMelWeightMatrix(NodeBinder &n) {
  FailureOr<std::pair<Type, Type>> types = outputType(n);
  if (failed(types))
    return failure();
  // Every input must be known at compile time: each one that is not is
  // reported, so that all of them can be given values at once.
  const char *names[] = {"num_mel_bins", "dft_length", "sample_rate",
                         "lower_edge_hertz", "upper_edge_hertz"};
  bool missing = false;
  for (unsigned i = 0; i < 5; ++i)
    missing |= failed(n.requireConstant(i, names[i]));
  if (missing)
    return failure();
  FailureOr<int64_t> mels = scalarInt(n, 0, "num_mel_bins");
  if (failed(mels))
    return failure();
  FailureOr<int64_t> dftLength = scalarInt(n, 1, "dft_length");
  if (failed(dftLength))
    return failure();
  FailureOr<SmallVector<double>> rate = n.constantFloats(2, "sample_rate");
  if (failed(rate))
    return failure();
  FailureOr<SmallVector<double>> lower =
      n.constantFloats(3, "lower_edge_hertz");
  if (failed(lower))
    return failure();
  FailureOr<SmallVector<double>> upper =
      n.constantFloats(4, "upper_edge_hertz");
  if (failed(upper))
    return failure();
  if (rate->size() != 1 || lower->size() != 1 || upper->size() != 1)
    return n.error() << "sample_rate, lower_edge_hertz and upper_edge_hertz "
                        "must be scalars";
  if (*mels < 1 || *dftLength < 1)
    return n.error() << "num_mel_bins " << *mels << " and dft_length "
                     << *dftLength << " must be positive";
  if (!(rate->front() > 0))
    return n.error() << "sample_rate " << number(rate->front())
                     << " is not positive";
  if (*mels > kMaxTableElements || *dftLength > 2 * kMaxTableElements ||
      (*dftLength / 2 + 1) * *mels > kMaxTableElements)
    return n.error() << "num_mel_bins " << *mels << " and dft_length "
                     << *dftLength << " ask for a matrix of more than "
                     << kMaxTableElements << " elements";
  // The ONNX reference, its single-precision steps rounded as it rounds
  // them for FLOAT edges.
  bool single = n.onnxElementType(3).isF32();
  auto r = [&](double v) { return single ? double(float(v)) : v; };
  auto mel = [&](double hz) {
    return r(2595 * r(std::log10(r(1 + r(hz / 700)))));
  };
  int64_t spectrogramBins = *dftLength / 2 + 1;
  double lowMel = mel(lower->front()), highMel = mel(upper->front());
  double step = r(r(highMel - lowMel) / double(*mels + 2));
  SmallVector<int64_t> edges;
  for (int64_t i = 0; i < *mels + 2; ++i) {
    double m = double(i) * step + lowMel;
    double hz = 700 * (std::pow(10.0, m / 2595) - 1);
    double bin = std::floor(double(*dftLength + 1) * hz / rate->front());
    if (!(bin >= 0 && bin < double(spectrogramBins)))
      return n.error() << "mel edge " << i << " falls in frequency bin "
                       << number(bin) << ", outside the " << spectrogramBins
                       << " bins of the spectrogram";
    edges.push_back(int64_t(bin));
  }
  SmallVector<double> out(spectrogramBins * *mels, 0.0);
  auto at = [&](int64_t j, int64_t i) -> double & {
    return out[j * *mels + i];
  };
  for (int64_t i = 0; i < *mels; ++i) {
    int64_t lo = edges[i], center = edges[i + 1], hi = edges[i + 2];
    if (center == lo)
      at(center, i) = 1;
    else
      for (int64_t j = lo; j <= center; ++j)
        at(j, i) = double(j - lo) / double(center - lo);
    if (hi > center)
      for (int64_t j = center; j < hi; ++j)
        at(j, i) = double(hi - j) / double(hi - center);
  }
  return outputConstant(n, out, {spectrogramBins, *mels}, types->first,
                        types->second);
}

} // namespace

void mlir::qnn::onnx_to_qnn::populateSignalHandlers(OpRegistry &r) {
  r.add("DFT", {17, 20}, convertDFT);
  r.add("STFT", {17}, convertSTFT);
  r.add("HannWindow", {17},
        [](NodeBinder &n) { return convertWindow(n, Window::Hann); });
  r.add("HammingWindow", {17},
        [](NodeBinder &n) { return convertWindow(n, Window::Hamming); });
  r.add("BlackmanWindow", {17},
        [](NodeBinder &n) { return convertWindow(n, Window::Blackman); });
  r.add("MelWeightMatrix", {17}, convertMelWeightMatrix);
}
