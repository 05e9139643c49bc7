//===- ConvPool.cpp - ONNX convolutions and pooling -----------------------===//
//
// Conv, ConvTranspose, the pooling operators and MaxUnpool, in any number
// of spatial dimensions. f32 1-D and 2-D convolutions and pooling (a 1-D
// operator is the 2-D one on a height of 1) become the TOSA NHWC op between
// two layout transposes, which qnn-optimize-layout cancels along a chain and
// qnn-form-integer-layers turns into integer layers over codes. Everything
// else (3-D and N-D, f16 / bf16 / f64 and integer elements, dilated
// pooling, MaxPool's Indices, LpPool, ConvTranspose) is a linalg.generic
// over the ONNX layout, reading the input padded with tensor.pad and
// accumulating in f32 for f16 / bf16. Window geometry follows ONNX exactly:
// auto_pad, asymmetric pads, ceil_mode, dilations, and strides that leave
// input rows unread.
//
//===----------------------------------------------------------------------===//

#include "Common.h"
#include "PopulateHandlers.h"

#include "qnn/Dialect/QNN/IR/QNNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Tosa/Utils/ConversionUtils.h"
#include "llvm/Support/MathExtras.h"

#include <limits>

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::onnx_to_qnn;

namespace {

//===----------------------------------------------------------------------===//
// Window geometry
//===----------------------------------------------------------------------===//

/// The largest input size, kernel, stride, dilation, window extent and pad
/// of a window op: int32, as TOSA's attributes and real models have them.
constexpr int64_t kMaxWindowSize = std::numeric_limits<int32_t>::max();
/// The most output positions (over the spatial dimensions) of a window op:
/// 4096 x 4096, well above any model's and within the compile-time tables
/// (average divisors) built per position.
constexpr int64_t kMaxWindowPositions = int64_t(1) << 24;

/// The geometry of a window op over its spatial dimensions, in ONNX's
/// terms.
struct Window {
  SmallVector<int64_t> kernel, strides, dilations;
  /// Begin pads of each spatial dimension, then end pads (ONNX's order).
  SmallVector<int64_t> pads;
  SmallVector<int64_t> outputs;

  int64_t rank() const { return int64_t(kernel.size()); }
  /// The input rows one window spans.
  int64_t extent(int64_t d) const { return (kernel[d] - 1) * dilations[d] + 1; }
  int64_t padBegin(int64_t d) const { return pads[d]; }
  int64_t padEnd(int64_t d) const { return pads[rank() + d]; }
  bool undilated() const {
    return llvm::all_of(dilations, [](int64_t d) { return d == 1; });
  }
};

/// Reads kernel_shape (`kernel` holds the weights' when there are weights),
/// strides, dilations (when the version has them), pads, auto_pad and
/// ceil_mode (when the version has it) for input spatial sizes `in`, and
/// computes the output sizes.
FailureOr<Window> readWindow(NodeBinder &n, ArrayRef<int64_t> in,
                             SmallVector<int64_t> kernel, bool hasDilations,
                             bool hasCeilMode) {
  int64_t spatial = int64_t(in.size());
  SmallVector<int64_t> k = n.i64s("kernel_shape");
  if (!k.empty()) {
    if (!kernel.empty() && ArrayRef<int64_t>(k) != ArrayRef<int64_t>(kernel))
      return n.error() << "kernel_shape [" << k
                       << "] differs from the weights' [" << kernel << "]";
    kernel = k;
  }
  if (kernel.empty())
    return n.error() << "kernel_shape is missing";
  if (int64_t(kernel.size()) != spatial)
    return n.error() << "kernel_shape has " << kernel.size()
                     << " values for an input with " << spatial
                     << " spatial dimensions";
  SmallVector<int64_t> strides = n.i64s("strides");
  SmallVector<int64_t> dilations =
      hasDilations ? n.i64s("dilations") : SmallVector<int64_t>();
  SmallVector<int64_t> pads = n.i64s("pads");
  std::string autoPad = n.str("auto_pad", "NOTSET");
  bool ceil = hasCeilMode && n.i64("ceil_mode", 0) != 0;
  if (strides.empty())
    strides.assign(spatial, 1);
  if (dilations.empty())
    dilations.assign(spatial, 1);
  if (int64_t(strides.size()) != spatial ||
      int64_t(dilations.size()) != spatial)
    return n.error() << "strides and dilations must have " << spatial
                     << " values";
  for (int64_t d = 0; d < spatial; ++d)
    if (kernel[d] < 1 || strides[d] < 1 || dilations[d] < 1)
      return n.error() << "kernel, strides and dilations must be positive";
  Window w;
  w.kernel = kernel;
  w.strides = strides;
  w.dilations = dilations;
  // Sizes past 2^31 describe no real window and would overflow the
  // arithmetic below; a bounded sum stays exact in 64 bits.
  for (int64_t d = 0; d < spatial; ++d)
    if (in[d] > kMaxWindowSize || kernel[d] > kMaxWindowSize ||
        strides[d] > kMaxWindowSize || dilations[d] > kMaxWindowSize ||
        w.extent(d) > kMaxWindowSize)
      return n.error() << "spatial dimension " << d << ": input " << in[d]
                       << ", kernel " << kernel[d] << ", stride " << strides[d]
                       << " or dilation " << dilations[d]
                       << " makes a window above " << kMaxWindowSize;
  if (autoPad == "NOTSET") {
    if (pads.empty())
      pads.assign(2 * spatial, 0);
    if (int64_t(pads.size()) != 2 * spatial)
      return n.error() << "pads must have " << 2 * spatial << " values";
    if (llvm::any_of(pads, [](int64_t p) { return p < 0; }))
      return n.error() << "negative pads [" << pads << "] are not supported";
    if (llvm::any_of(pads, [](int64_t p) { return p > kMaxWindowSize; }))
      return n.error() << "pads [" << pads << "] are above " << kMaxWindowSize;
  } else if (autoPad == "VALID") {
    pads.assign(2 * spatial, 0);
  } else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    pads.assign(2 * spatial, 0);
    for (int64_t d = 0; d < spatial; ++d) {
      int64_t out = (in[d] + strides[d] - 1) / strides[d];
      int64_t total =
          std::max<int64_t>(0, (out - 1) * strides[d] + w.extent(d) - in[d]);
      int64_t small = total / 2, large = total - small;
      pads[d] = autoPad == "SAME_UPPER" ? small : large;
      pads[d + spatial] = autoPad == "SAME_UPPER" ? large : small;
    }
  } else {
    return n.error() << "auto_pad '" << autoPad << "' is not one of NOTSET, "
                     << "SAME_UPPER, SAME_LOWER, VALID";
  }
  w.pads = pads;
  for (int64_t d = 0; d < spatial; ++d) {
    int64_t padded = in[d] + w.padBegin(d) + w.padEnd(d);
    int64_t span = padded - w.extent(d);
    if (span < 0)
      return n.error() << "the window (" << w.extent(d)
                       << ") is larger than the padded input (" << padded
                       << ")";
    int64_t out = span / strides[d] + 1;
    // ceil_mode: one more window, which must start inside the input or its
    // begin padding.
    if (ceil && span % strides[d] != 0 &&
        out * strides[d] < in[d] + w.padBegin(d))
      ++out;
    w.outputs.push_back(out);
  }
  // Average pools compute a divisor per output position at compile time.
  int64_t positions = 1;
  for (int64_t out : w.outputs)
    if (llvm::MulOverflow(positions, out, positions) ||
        positions > kMaxWindowPositions)
      return n.error() << "the output's spatial sizes [" << w.outputs
                       << "] have more than " << kMaxWindowPositions
                       << " positions";
  return w;
}

/// A 1-D or 2-D window made exact for TOSA, as 2-D: the end padding or an
/// input crop covers exactly the rows the last window reads.
struct Tosa2D {
  SmallVector<int64_t> kernel, strides, dilations, outputs;
  /// Begin H, begin W, end H, end W (ONNX's order).
  SmallVector<int64_t> pads;
  /// Input rows / columns cropped from the end (never read by a window).
  SmallVector<int64_t> crop = {0, 0};
  /// TOSA's order: top, bottom, left, right.
  SmallVector<int64_t> tosaPads() const {
    return {pads[0], pads[2], pads[1], pads[3]};
  }
};

Tosa2D toTosa2D(const Window &w, ArrayRef<int64_t> in) {
  Tosa2D t;
  t.kernel = w.kernel;
  t.strides = w.strides;
  t.dilations = w.dilations;
  t.outputs = w.outputs;
  t.pads = w.pads;
  SmallVector<int64_t> size(in);
  if (w.rank() == 1) {
    t.kernel.insert(t.kernel.begin(), 1);
    t.strides.insert(t.strides.begin(), 1);
    t.dilations.insert(t.dilations.begin(), 1);
    t.outputs.insert(t.outputs.begin(), 1);
    t.pads = {0, w.pads[0], 0, w.pads[1]};
    size.insert(size.begin(), 1);
  }
  for (int64_t d = 0; d < 2; ++d) {
    int64_t extent = (t.kernel[d] - 1) * t.dilations[d] + 1;
    // The padded input's rows the windows read: exactly (out - 1) * stride
    // + extent. End padding (or input rows) past them go.
    int64_t needed = (t.outputs[d] - 1) * t.strides[d] + extent;
    int64_t have = size[d] + t.pads[d] + t.pads[d + 2];
    if (needed > have) {
      t.pads[d + 2] += needed - have; // ceil_mode's extra window
    } else if (needed < have) {
      int64_t extra = have - needed;
      int64_t fromPad = std::min(extra, t.pads[d + 2]);
      t.pads[d + 2] -= fromPad;
      t.crop[d] = extra - fromPad;
    }
  }
  return t;
}

//===----------------------------------------------------------------------===//
// TOSA helpers (f32, 1-D and 2-D)
//===----------------------------------------------------------------------===//

/// An NHWC value's spatial dimensions cropped at the end (tosa.slice, which
/// qnn-form-integer-layers reads through).
Value cropNHWC(ImplicitLocOpBuilder &b, Value xn, ArrayRef<int64_t> crop) {
  if (crop[0] == 0 && crop[1] == 0)
    return xn;
  auto t = cast<RankedTensorType>(xn.getType());
  SmallVector<int64_t> size(t.getShape());
  size[1] -= crop[0];
  size[2] -= crop[1];
  return tosa::SliceOp::create(b,
                               RankedTensorType::get(size, t.getElementType()),
                               xn, tosa::getTosaConstShape(b, {0, 0, 0, 0}),
                               tosa::getTosaConstShape(b, size));
}

/// `x` (N, C, spatial...) as 4-D NCHW: 1-D gets a height of 1.
Value to4D(ImplicitLocOpBuilder &b, Value x) {
  auto t = cast<RankedTensorType>(x.getType());
  if (t.getRank() == 4)
    return x;
  SmallVector<int64_t> shape(t.getShape());
  shape.insert(shape.begin() + 2, 1);
  return reshape(b, x, shape);
}

/// An NHWC result back in ONNX's layout and rank.
Value fromNHWC(ImplicitLocOpBuilder &b, Value y, int64_t rank) {
  Value nchw = transpose(b, y, channelsFirstPerm(4));
  if (rank == 4)
    return nchw;
  SmallVector<int64_t> shape(cast<RankedTensorType>(nchw.getType()).getShape());
  shape.erase(shape.begin() + 2);
  return reshape(b, nchw, shape);
}

//===----------------------------------------------------------------------===//
// linalg helpers (any rank, any element type)
//===----------------------------------------------------------------------===//

/// The type sums and products of `element` accumulate in: f32 for f16 and
/// bf16, the element type otherwise.
Type accumulatorType(Type element) {
  if (auto f = dyn_cast<FloatType>(element); f && f.getWidth() < 32)
    return Float32Type::get(element.getContext());
  return element;
}

/// The smallest value of `element` (-inf for floats).
Value lowest(OpBuilder &b, Location loc, Type element, bool isUnsigned) {
  if (auto f = dyn_cast<FloatType>(element))
    return arith::ConstantOp::create(
        b, loc,
        b.getFloatAttr(f, APFloat::getInf(f.getFloatSemantics(),
                                          /*Negative=*/true)));
  unsigned width = element.getIntOrFloatBitWidth();
  APInt v =
      isUnsigned ? APInt::getMinValue(width) : APInt::getSignedMinValue(width);
  return arith::ConstantOp::create(b, loc, b.getIntegerAttr(element, v));
}

/// A tensor of `shape` filled with `value`.
Value filled(ImplicitLocOpBuilder &b, ArrayRef<int64_t> shape, Value value) {
  Value empty = tensor::EmptyOp::create(b, shape, value.getType());
  return linalg::FillOp::create(b, value, empty).getResult(0);
}

/// `x` (N, C, spatial...) padded with `value` by `lo` / `hi` along its
/// spatial dimensions.
Value padSpatial(ImplicitLocOpBuilder &b, Value x, ArrayRef<int64_t> lo,
                 ArrayRef<int64_t> hi, Value value) {
  if (llvm::all_of(lo, [](int64_t p) { return p == 0; }) &&
      llvm::all_of(hi, [](int64_t p) { return p == 0; }))
    return x;
  auto t = cast<RankedTensorType>(x.getType());
  SmallVector<int64_t> shape(t.getShape());
  SmallVector<OpFoldResult> low(2, b.getIndexAttr(0)),
      high(2, b.getIndexAttr(0));
  for (size_t d = 0; d < lo.size(); ++d) {
    shape[d + 2] += lo[d] + hi[d];
    low.push_back(b.getIndexAttr(lo[d]));
    high.push_back(b.getIndexAttr(hi[d]));
  }
  return tensor::PadOp::create(
      b, RankedTensorType::get(shape, t.getElementType()), x, low, high, value);
}

/// `x` padded for the windows of `w`: its begin pads, and at the end up to
/// the last window's reach (rows past it are never read).
Value padForWindow(ImplicitLocOpBuilder &b, Value x, const Window &w,
                   Value value) {
  auto t = cast<RankedTensorType>(x.getType());
  SmallVector<int64_t> lo, hi;
  for (int64_t d = 0; d < w.rank(); ++d) {
    int64_t reach = (w.outputs[d] - 1) * w.strides[d] + w.extent(d);
    lo.push_back(w.padBegin(d));
    hi.push_back(
        std::max<int64_t>(0, reach - t.getDimSize(d + 2) - w.padBegin(d)));
  }
  return padSpatial(b, x, lo, hi, value);
}

/// `v` (rank 1) broadcast along dimension `dim` of a tensor of `shape`,
/// converted to `element`.
Value broadcastAlong(ImplicitLocOpBuilder &b, Value v, ArrayRef<int64_t> shape,
                     int64_t dim, Type element) {
  MLIRContext *ctx = b.getContext();
  unsigned rank = unsigned(shape.size());
  SmallVector<AffineMap> maps = {
      AffineMap::get(rank, 0, {getAffineDimExpr(unsigned(dim), ctx)}, ctx),
      AffineMap::getMultiDimIdentityMap(rank, ctx)};
  Value init = tensor::EmptyOp::create(b, shape, element);
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             b, init.getType(), v, init, maps, iterators,
             [&](OpBuilder &nb, Location loc, ValueRange args) {
               linalg::YieldOp::create(
                   nb, loc, convertScalar(nb, loc, args[0], element, false));
             })
      .getResult(0);
}

/// `v` converted elementwise to `element` (nothing when it has it).
Value convertTensor(ImplicitLocOpBuilder &b, Value v, Type element,
                    bool isUnsigned = false) {
  auto t = cast<RankedTensorType>(v.getType());
  if (t.getElementType() == element)
    return v;
  return elementwise(b, v, t.getShape(), element,
                     [&](OpBuilder &nb, Location loc, ValueRange args) {
                       return convertScalar(nb, loc, args[0], element,
                                            isUnsigned);
                     });
}

/// The geometry of a convolution computed by `convLoops`.
struct ConvLoops {
  int64_t group = 1;
  SmallVector<int64_t> strides, dilations, outputs;
  /// Added to every input position (a shift of the padded input).
  SmallVector<int64_t> offsets;
};

/// y[n, m, o...] = init[n, m, o...] + sum over c, k... of
///   xp[n, g(m) * Cg + c, o * stride + k * dilation + offset] * w[m, c, k...]
/// with g(m) = m / (M / group): the convolution of an input already padded
/// (xp), in `acc` (the elements converted to it).
Value convLoops(ImplicitLocOpBuilder &b, Value xp, Value w, Value init,
                const ConvLoops &g) {
  MLIRContext *ctx = b.getContext();
  auto xt = cast<RankedTensorType>(xp.getType()),
       wt = cast<RankedTensorType>(w.getType());
  Type acc = cast<RankedTensorType>(init.getType()).getElementType();
  int64_t spatial = xt.getRank() - 2;
  int64_t cg = wt.getDimSize(1), mg = wt.getDimSize(0) / g.group;
  // Loops: n, m, o..., c, k...
  unsigned numDims = unsigned(3 + 2 * spatial);
  AffineExpr n = getAffineDimExpr(0, ctx), m = getAffineDimExpr(1, ctx),
             c = getAffineDimExpr(unsigned(2 + spatial), ctx);
  SmallVector<AffineExpr> xExprs = {n}, wExprs = {m, c}, yExprs = {n, m};
  xExprs.push_back(g.group == 1 ? c : m.floorDiv(mg) * cg + c);
  for (int64_t d = 0; d < spatial; ++d) {
    AffineExpr o = getAffineDimExpr(unsigned(2 + d), ctx);
    AffineExpr k = getAffineDimExpr(unsigned(3 + spatial + d), ctx);
    xExprs.push_back(o * g.strides[d] + k * g.dilations[d] +
                     (g.offsets.empty() ? 0 : g.offsets[d]));
    wExprs.push_back(k);
    yExprs.push_back(o);
  }
  SmallVector<AffineMap> maps = {AffineMap::get(numDims, 0, xExprs, ctx),
                                 AffineMap::get(numDims, 0, wExprs, ctx),
                                 AffineMap::get(numDims, 0, yExprs, ctx)};
  SmallVector<utils::IteratorType> iterators(2 + spatial,
                                             utils::IteratorType::parallel);
  iterators.append(1 + spatial, utils::IteratorType::reduction);
  return linalg::GenericOp::create(
             b, init.getType(), ValueRange{xp, w}, init, maps, iterators,
             [&](OpBuilder &nb, Location loc, ValueRange v) {
               Value x = convertScalar(nb, loc, v[0], acc, false);
               Value k = convertScalar(nb, loc, v[1], acc, false);
               Value r = isa<FloatType>(acc)
                             ? Value(arith::AddFOp::create(
                                   nb, loc, v[2],
                                   arith::MulFOp::create(nb, loc, x, k)))
                             : Value(arith::AddIOp::create(
                                   nb, loc, v[2],
                                   arith::MulIOp::create(nb, loc, x, k)));
               linalg::YieldOp::create(nb, loc, r);
             })
      .getResult(0);
}

/// The initial accumulator of a convolution's output: the bias along the
/// channels, or zeros.
Value convInit(ImplicitLocOpBuilder &b, ArrayRef<int64_t> shape, Value bias,
               Type acc) {
  if (bias)
    return broadcastAlong(b, bias, shape, 1, acc);
  return filled(b, shape, scalar(b, b.getLoc(), acc, 0.0));
}

/// The checks Conv and ConvInteger share: ranks, group, channels.
LogicalResult checkConvOperands(NodeBinder &n, RankedTensorType xt,
                                RankedTensorType wt, int64_t group) {
  int64_t rank = xt.getRank();
  if (rank < 3)
    return n.error() << "input of rank " << rank << " has no spatial dimension";
  if (wt.getRank() != rank)
    return n.error() << "weights of rank " << wt.getRank() << " for input of "
                     << "rank " << rank;
  int64_t channels = xt.getDimSize(1), outChannels = wt.getDimSize(0);
  if (group < 1 || channels % group != 0 || outChannels % group != 0)
    return n.error() << "group " << group << " does not divide the " << channels
                     << " input and " << outChannels << " output channels";
  if (wt.getDimSize(1) * group != channels)
    return n.error() << "input has " << channels << " channels, weights of "
                     << "group " << group << " expect "
                     << wt.getDimSize(1) * group;
  return success();
}

/// Conv in TOSA: f32, 1-D or 2-D.
Value buildTosaConv(ImplicitLocOpBuilder &b, Value x, Value w, Value bias,
                    int64_t group, const Window &win) {
  auto xt = NodeBinder::typeOf(x), wt = NodeBinder::typeOf(w);
  Type element = xt.getElementType();
  int64_t rank = xt.getRank();
  int64_t channels = xt.getDimSize(1), outChannels = wt.getDimSize(0);
  Tosa2D t = toTosa2D(win, xt.getShape().drop_front(2));
  Value x4 = to4D(b, x), w4 = to4D(b, w);
  auto x4t = NodeBinder::typeOf(x4), w4t = NodeBinder::typeOf(w4);
  Value xn = cropNHWC(b, transpose(b, x4, channelsLastPerm(4)), t.crop);
  if (!bias)
    bias = splat(b, RankedTensorType::get({outChannels}, element), 0.0);
  Value zp = splat(b, RankedTensorType::get({1}, element), 0.0);
  auto outType = [&](int64_t out) {
    return RankedTensorType::get(
        {x4t.getDimSize(0), t.outputs[0], t.outputs[1], out}, element);
  };
  auto convOf = [&](Value in, Value weights, Value b0, int64_t out) {
    return tosa::Conv2DOp::create(
        b, outType(out), in, transpose(b, weights, channelsLastPerm(4)), b0, zp,
        zp, b.getDenseI64ArrayAttr(t.tosaPads()),
        b.getDenseI64ArrayAttr(t.strides), b.getDenseI64ArrayAttr(t.dilations),
        TypeAttr::get(element));
  };
  Value y;
  if (group == 1) {
    y = convOf(xn, w4, bias, outChannels);
  } else if (group == channels) {
    // Depthwise: weights [C*M, 1, kh, kw] -> [kh, kw, C, M].
    int64_t m = outChannels / channels;
    Value wd =
        reshape(b, w4, {channels, m, w4t.getDimSize(2), w4t.getDimSize(3)});
    wd = transpose(b, wd, {2, 3, 0, 1});
    y = tosa::DepthwiseConv2DOp::create(
        b, outType(outChannels), xn, wd, bias, zp, zp,
        b.getDenseI64ArrayAttr(t.tosaPads()), b.getDenseI64ArrayAttr(t.strides),
        b.getDenseI64ArrayAttr(t.dilations), TypeAttr::get(element));
  } else {
    // Groups: one convolution per group on its channels, concatenated.
    // (Quantized operands keep each group an integer layer.)
    int64_t cin = channels / group, cout = outChannels / group;
    auto xnt = NodeBinder::typeOf(xn);
    SmallVector<Value> parts;
    for (int64_t g = 0; g < group; ++g) {
      SmallVector<int64_t> size(xnt.getShape());
      size[3] = cin;
      Value xs =
          tosa::SliceOp::create(b, RankedTensorType::get(size, element), xn,
                                tosa::getTosaConstShape(b, {0, 0, 0, g * cin}),
                                tosa::getTosaConstShape(b, size));
      SmallVector<int64_t> wsize(w4t.getShape());
      wsize[0] = cout;
      Value ws =
          tosa::SliceOp::create(b, RankedTensorType::get(wsize, element), w4,
                                tosa::getTosaConstShape(b, {g * cout, 0, 0, 0}),
                                tosa::getTosaConstShape(b, wsize));
      Value bs =
          tosa::SliceOp::create(b, RankedTensorType::get({cout}, element), bias,
                                tosa::getTosaConstShape(b, {g * cout}),
                                tosa::getTosaConstShape(b, {cout}));
      parts.push_back(convOf(xs, ws, bs, cout));
    }
    y = tosa::ConcatOp::create(b, outType(outChannels), parts,
                               b.getI32IntegerAttr(3));
  }
  return fromNHWC(b, y, rank);
}

/// Conv as a linalg.generic (any rank; floats accumulate in f32 or wider,
/// integers in their own type).
Value buildLoopConv(ImplicitLocOpBuilder &b, Value x, Value w, Value bias,
                    int64_t group, const Window &win) {
  auto xt = NodeBinder::typeOf(x), wt = NodeBinder::typeOf(w);
  Type element = xt.getElementType();
  Type acc = accumulatorType(element);
  Value xp = padForWindow(b, x, win, scalar(b, b.getLoc(), element, 0.0));
  SmallVector<int64_t> shape = {xt.getDimSize(0), wt.getDimSize(0)};
  llvm::append_range(shape, win.outputs);
  ConvLoops g;
  g.group = group;
  g.strides = win.strides;
  g.dilations = win.dilations;
  g.outputs = win.outputs;
  Value y = convLoops(b, xp, w, convInit(b, shape, bias, acc), g);
  return convertTensor(b, y, element);
}

} // namespace

FailureOr<Value> mlir::qnn::onnx_to_qnn::buildConv(NodeBinder &n, Value x,
                                                   Value w, Value bias) {
  auto xt = NodeBinder::typeOf(x), wt = NodeBinder::typeOf(w);
  Type element = xt.getElementType();
  if (!isa<FloatType>(element) || wt.getElementType() != element)
    return n.error() << "inputs must be floats of one type, got " << element
                     << " and " << wt.getElementType();
  int64_t group = n.i64("group", 1);
  if (failed(checkConvOperands(n, xt, wt, group)))
    return failure();
  int64_t outChannels = wt.getDimSize(0);
  if (bias && (NodeBinder::typeOf(bias).getRank() != 1 ||
               NodeBinder::typeOf(bias).getDimSize(0) != outChannels ||
               NodeBinder::typeOf(bias).getElementType() != element))
    return n.error() << "bias must have " << outChannels << " values of "
                     << element;
  FailureOr<Window> win =
      readWindow(n, xt.getShape().drop_front(2),
                 SmallVector<int64_t>(wt.getShape().drop_front(2)),
                 /*hasDilations=*/true, /*hasCeilMode=*/false);
  if (failed(win))
    return failure();
  if (element.isF32() && (xt.getRank() == 3 || xt.getRank() == 4))
    return buildTosaConv(n.b, x, w, bias, group, *win);
  return buildLoopConv(n.b, x, w, bias, group, *win);
}

FailureOr<Value> mlir::qnn::onnx_to_qnn::buildIntegerConv(NodeBinder &n,
                                                          Value x, Value w) {
  auto xt = NodeBinder::typeOf(x), wt = NodeBinder::typeOf(w);
  int64_t group = n.i64("group", 1);
  if (failed(checkConvOperands(n, xt, wt, group)))
    return failure();
  FailureOr<Window> win =
      readWindow(n, xt.getShape().drop_front(2),
                 SmallVector<int64_t>(wt.getShape().drop_front(2)),
                 /*hasDilations=*/true, /*hasCeilMode=*/false);
  if (failed(win))
    return failure();
  // Zero padding: the operands are already offset by their zero points.
  return buildLoopConv(n.b, x, w, Value(), group, *win);
}

namespace {

//===----------------------------------------------------------------------===//
// Conv, ConvTranspose
//===----------------------------------------------------------------------===//

LogicalResult convertConv(NodeBinder &n) {
  FailureOr<Value> x = n.input(0), w = n.input(1);
  if (failed(x) || failed(w))
    return failure();
  if (n.onnxElementType(1) != n.onnxElementType(0))
    return n.error() << "inputs differ in element type: "
                     << n.onnxElementType(0) << " and " << n.onnxElementType(1);
  FailureOr<Value> y = buildConv(n, *x, *w, n.optionalInput(2));
  if (failed(y))
    return failure();
  return n.output(0, *y);
}

/// ConvTranspose: the input with stride - 1 zeros inserted between its
/// elements, padded by (kernel extent - 1 - pads), convolved with the
/// weights flipped and their channel axes swapped (per group).
LogicalResult convertConvTranspose(NodeBinder &n) {
  FailureOr<Value> xr = n.input(0), wr = n.input(1);
  if (failed(xr) || failed(wr))
    return failure();
  Value x = *xr, w = *wr, bias = n.optionalInput(2);
  auto xt = NodeBinder::typeOf(x), wt = NodeBinder::typeOf(w);
  Type element = xt.getElementType();
  if (!isa<FloatType>(element) || wt.getElementType() != element)
    return n.error() << "inputs must be floats of one type, got " << element
                     << " and " << wt.getElementType();
  int64_t rank = xt.getRank(), spatial = rank - 2;
  if (rank < 3)
    return n.error() << "input of rank " << rank << " has no spatial dimension";
  if (wt.getRank() != rank)
    return n.error() << "weights of rank " << wt.getRank() << " for input of "
                     << "rank " << rank;
  int64_t group = n.i64("group", 1);
  int64_t channels = xt.getDimSize(1);
  if (group < 1 || channels % group != 0)
    return n.error() << "group " << group << " does not divide the " << channels
                     << " input channels";
  if (wt.getDimSize(0) != channels)
    return n.error() << "input has " << channels << " channels, weights "
                     << wt.getDimSize(0);
  int64_t cg = channels / group, mg = wt.getDimSize(1);
  int64_t outChannels = mg * group;
  if (bias && (NodeBinder::typeOf(bias).getRank() != 1 ||
               NodeBinder::typeOf(bias).getDimSize(0) != outChannels ||
               NodeBinder::typeOf(bias).getElementType() != element))
    return n.error() << "bias must have " << outChannels << " values of "
                     << element;
  ArrayRef<int64_t> in = xt.getShape().drop_front(2);
  SmallVector<int64_t> kernel(wt.getShape().drop_front(2));
  SmallVector<int64_t> k = n.i64s("kernel_shape");
  if (!k.empty() && ArrayRef<int64_t>(k) != ArrayRef<int64_t>(kernel))
    return n.error() << "kernel_shape [" << k << "] differs from the weights' ["
                     << kernel << "]";
  SmallVector<int64_t> strides = n.i64s("strides");
  SmallVector<int64_t> dilations = n.i64s("dilations");
  SmallVector<int64_t> outputPadding = n.i64s("output_padding");
  SmallVector<int64_t> outputShape = n.i64s("output_shape");
  SmallVector<int64_t> pads = n.i64s("pads");
  std::string autoPad = n.str("auto_pad", "NOTSET");
  if (strides.empty())
    strides.assign(spatial, 1);
  if (dilations.empty())
    dilations.assign(spatial, 1);
  if (outputPadding.empty())
    outputPadding.assign(spatial, 0);
  if (int64_t(strides.size()) != spatial ||
      int64_t(dilations.size()) != spatial ||
      int64_t(outputPadding.size()) != spatial)
    return n.error() << "strides, dilations and output_padding must have "
                     << spatial << " values";
  for (int64_t d = 0; d < spatial; ++d)
    if (strides[d] < 1 || dilations[d] < 1 || outputPadding[d] < 0)
      return n.error() << "strides and dilations must be positive and "
                          "output_padding not negative";
  // output_shape may name the batch and channels too (as onnxruntime
  // reads it).
  if (int64_t(outputShape.size()) == rank)
    outputShape.erase(outputShape.begin(), outputShape.begin() + 2);
  if (!outputShape.empty() && int64_t(outputShape.size()) != spatial)
    return n.error() << "output_shape [" << outputShape << "] must have "
                     << spatial << " values";
  if (autoPad != "NOTSET" && autoPad != "VALID" && autoPad != "SAME_UPPER" &&
      autoPad != "SAME_LOWER")
    return n.error() << "auto_pad '" << autoPad << "' is not one of NOTSET, "
                     << "SAME_UPPER, SAME_LOWER, VALID";
  bool same = autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER";
  if (same && outputShape.empty())
    for (int64_t d = 0; d < spatial; ++d)
      outputShape.push_back(in[d] * strides[d]);
  SmallVector<int64_t> full; // output size without padding
  for (int64_t d = 0; d < spatial; ++d)
    full.push_back(strides[d] * (in[d] - 1) + outputPadding[d] +
                   (kernel[d] - 1) * dilations[d] + 1);
  SmallVector<int64_t> outputs;
  if (!outputShape.empty()) {
    // Pads follow from the output shape (any pads given are ignored).
    pads.assign(2 * spatial, 0);
    for (int64_t d = 0; d < spatial; ++d) {
      if (outputShape[d] < 1)
        return n.error() << "output_shape [" << outputShape
                         << "] must be positive";
      int64_t total = full[d] - outputShape[d];
      int64_t half = total >= 0 ? total / 2 : -((-total + 1) / 2);
      pads[d] = autoPad == "SAME_UPPER" ? half : total - half;
      pads[d + spatial] = total - pads[d];
      outputs.push_back(outputShape[d]);
    }
  } else {
    if (autoPad == "VALID" || pads.empty())
      pads.assign(2 * spatial, 0);
    if (int64_t(pads.size()) != 2 * spatial)
      return n.error() << "pads must have " << 2 * spatial << " values";
    if (llvm::any_of(pads, [](int64_t p) { return p < 0; }))
      return n.error() << "negative pads [" << pads << "] are not supported";
    for (int64_t d = 0; d < spatial; ++d) {
      int64_t out = full[d] - pads[d] - pads[d + spatial];
      if (out < 1)
        return n.error() << "pads [" << pads << "] leave no output";
      outputs.push_back(out);
    }
  }
  ImplicitLocOpBuilder &b = n.b;
  Type acc = accumulatorType(element);
  // The zero-inserted, padded input: x[i] at i * stride + begin[d], where
  // the convolution reads position o + k * dilation + offset[d] for output
  // o (a begin padding that would be negative is an offset instead).
  SmallVector<int64_t> zShape = {xt.getDimSize(0), channels}, begin, offsets;
  for (int64_t d = 0; d < spatial; ++d) {
    int64_t lead = (kernel[d] - 1) * dilations[d] - pads[d];
    begin.push_back(std::max<int64_t>(lead, 0));
    offsets.push_back(begin[d] - lead);
    int64_t reach =
        outputs[d] - 1 + (kernel[d] - 1) * dilations[d] + offsets[d] + 1;
    zShape.push_back(std::max(reach, begin[d] + strides[d] * (in[d] - 1) + 1));
  }
  Value z = filled(b, zShape, scalar(b, b.getLoc(), element, 0.0));
  SmallVector<OpFoldResult> zOffsets(2, b.getIndexAttr(0)), zSizes,
      zStrides(2, b.getIndexAttr(1));
  for (int64_t size : xt.getShape())
    zSizes.push_back(b.getIndexAttr(size));
  for (int64_t d = 0; d < spatial; ++d) {
    zOffsets.push_back(b.getIndexAttr(begin[d]));
    zStrides.push_back(b.getIndexAttr(strides[d]));
  }
  z = tensor::InsertSliceOp::create(b, x, z, zOffsets, zSizes, zStrides);
  // Weights [C, M/group, k...] -> [M, C/group, k...] flipped:
  // w'[m, c, k] = w[(m / Mg) * Cg + c, m % Mg, K - 1 - k].
  SmallVector<int64_t> wShape = {outChannels, cg};
  llvm::append_range(wShape, kernel);
  Value wf = gatherByIndex(
      b, w, wShape, [&](OpBuilder &nb, Location loc, ValueRange i) {
        auto cst = [&](int64_t v) {
          return arith::ConstantIndexOp::create(nb, loc, v).getResult();
        };
        Value g = arith::DivUIOp::create(nb, loc, i[0], cst(mg));
        SmallVector<Value> from = {
            arith::AddIOp::create(
                nb, loc, arith::MulIOp::create(nb, loc, g, cst(cg)), i[1]),
            arith::RemUIOp::create(nb, loc, i[0], cst(mg))};
        for (int64_t d = 0; d < spatial; ++d)
          from.push_back(
              arith::SubIOp::create(nb, loc, cst(kernel[d] - 1), i[2 + d]));
        return from;
      });
  SmallVector<int64_t> shape = {xt.getDimSize(0), outChannels};
  llvm::append_range(shape, outputs);
  ConvLoops g;
  g.group = group;
  g.strides.assign(spatial, 1);
  g.dilations = dilations;
  g.outputs = outputs;
  g.offsets = offsets;
  Value y = convLoops(b, z, wf, convInit(b, shape, bias, acc), g);
  return n.output(0, convertTensor(b, y, element));
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

/// A linalg.generic over the windows of `w` on `xp` (N, C, spatial...,
/// padded for the windows): loops n, c, o..., k..., the k loops reductions,
/// `xp[n, c, o * stride + k * dilation]` the body's first argument, then
/// the outputs' accumulators (`inits`, of shape [N, C, o...]).
using PoolBody =
    function_ref<SmallVector<Value>(OpBuilder &, Location, ValueRange)>;
SmallVector<Value> windowLoops(ImplicitLocOpBuilder &b, Value xp,
                               const Window &w, ValueRange inits,
                               PoolBody body) {
  MLIRContext *ctx = b.getContext();
  int64_t spatial = w.rank();
  unsigned numDims = unsigned(2 + 2 * spatial);
  SmallVector<AffineExpr> xExprs = {getAffineDimExpr(0, ctx),
                                    getAffineDimExpr(1, ctx)};
  SmallVector<AffineExpr> yExprs(xExprs);
  for (int64_t d = 0; d < spatial; ++d) {
    AffineExpr o = getAffineDimExpr(unsigned(2 + d), ctx);
    AffineExpr k = getAffineDimExpr(unsigned(2 + spatial + d), ctx);
    xExprs.push_back(o * w.strides[d] + k * w.dilations[d]);
    yExprs.push_back(o);
  }
  SmallVector<AffineMap> maps = {AffineMap::get(numDims, 0, xExprs, ctx)};
  for (size_t i = 0; i < inits.size(); ++i)
    maps.push_back(AffineMap::get(numDims, 0, yExprs, ctx));
  // The kernel's taps: a (tensor) operand of the kernel's shape, so that
  // the k loops' sizes are known.
  SmallVector<AffineExpr> kExprs;
  for (int64_t d = 0; d < spatial; ++d)
    kExprs.push_back(getAffineDimExpr(unsigned(2 + spatial + d), ctx));
  maps.insert(maps.begin() + 1, AffineMap::get(numDims, 0, kExprs, ctx));
  Value taps = tensor::EmptyOp::create(b, w.kernel, b.getI1Type());
  SmallVector<utils::IteratorType> iterators(2 + spatial,
                                             utils::IteratorType::parallel);
  iterators.append(spatial, utils::IteratorType::reduction);
  SmallVector<Type> types;
  for (Value v : inits)
    types.push_back(v.getType());
  auto op = linalg::GenericOp::create(
      b, types, ValueRange{xp, taps}, inits, maps, iterators,
      [&](OpBuilder &nb, Location loc, ValueRange args) {
        SmallVector<Value> operands = {args[0]};
        llvm::append_range(operands, args.drop_front(2));
        linalg::YieldOp::create(nb, loc, body(nb, loc, operands));
      });
  return SmallVector<Value>(op.getResults());
}

/// The number of elements each window of dimension `d` averages over:
/// input elements only, or the explicit padding too (`countPad`), never
/// the rows ceil_mode adds past the padding.
SmallVector<int64_t> windowCounts(const Window &w, int64_t d, int64_t in,
                                  bool countPad) {
  int64_t lo = countPad ? -w.padBegin(d) : 0;
  int64_t hi = countPad ? in + w.padEnd(d) : in;
  SmallVector<int64_t> counts;
  for (int64_t o = 0; o < w.outputs[d]; ++o) {
    int64_t count = 0;
    for (int64_t k = 0; k < w.kernel[d]; ++k) {
      int64_t pos = o * w.strides[d] + k * w.dilations[d] - w.padBegin(d);
      count += pos >= lo && pos < hi;
    }
    counts.push_back(count);
  }
  return counts;
}

/// The divisor of each output position of an average pool (a constant of
/// shape [o...] in `acc`).
Value averageDivisors(ImplicitLocOpBuilder &b, const Window &w,
                      ArrayRef<int64_t> in, bool countPad, Type acc) {
  SmallVector<SmallVector<int64_t>> perDim;
  for (int64_t d = 0; d < w.rank(); ++d)
    perDim.push_back(windowCounts(w, d, in[d], countPad));
  SmallVector<double> values;
  int64_t total = numElements(w.outputs);
  for (int64_t i = 0; i < total; ++i) {
    int64_t rest = i, count = 1;
    for (int64_t d = w.rank() - 1; d >= 0; --d) {
      count *= perDim[d][rest % w.outputs[d]];
      rest /= w.outputs[d];
    }
    values.push_back(double(count));
  }
  return constantOf(b, RankedTensorType::get(w.outputs, acc), values);
}

enum class PoolKind { Max, Average, Lp };

/// The Lp power of a scalar: |x|^p (x * x for 2).
Value lpPower(OpBuilder &b, Location loc, Value x, double p) {
  if (p == 2.0)
    return arith::MulFOp::create(b, loc, x, x);
  Value a = math::AbsFOp::create(b, loc, x);
  if (p == 1.0)
    return a;
  return math::PowFOp::create(b, loc, a, scalar(b, loc, x.getType(), p));
}

/// The Lp root: s^(1/p) (sqrt for 2).
Value lpRoot(OpBuilder &b, Location loc, Value s, double p) {
  if (p == 2.0)
    return math::SqrtOp::create(b, loc, s);
  if (p == 1.0)
    return s;
  return math::PowFOp::create(b, loc, s, scalar(b, loc, s.getType(), 1.0 / p));
}

/// LpPool's and GlobalLpPool's p: a float in version 1, an integer since.
FailureOr<double> readP(NodeBinder &n) {
  if (n.since() == 1) {
    float p = n.f32("p", 2.0f);
    if (!(p > 0.0f))
      return n.error() << "p " << p << " is not positive";
    return double(p);
  }
  int64_t p = n.i64("p", 2);
  if (p < 1)
    return n.error() << "p " << p << " is not positive";
  return double(p);
}

/// MaxPool, AveragePool or LpPool as linalg (any rank and element type;
/// MaxPool's Indices when `indices`).
SmallVector<Value> buildLoopPool(NodeBinder &n, Value x, const Window &w,
                                 PoolKind kind, bool countPad, double p,
                                 bool indices, bool columnMajor) {
  ImplicitLocOpBuilder &b = n.b;
  auto xt = NodeBinder::typeOf(x);
  Type element = xt.getElementType();
  bool isUnsigned = n.isUnsigned(0);
  bool isFloat = isa<FloatType>(element);
  ArrayRef<int64_t> in = xt.getShape().drop_front(2);
  SmallVector<int64_t> shape(xt.getShape().take_front(2));
  llvm::append_range(shape, w.outputs);
  Location loc = b.getLoc();
  if (kind == PoolKind::Max) {
    Value low = lowest(b, loc, element, isUnsigned);
    Value xp = padForWindow(b, x, w, low);
    auto maxOf = [&](OpBuilder &nb, Location l, Value a, Value c) -> Value {
      if (isFloat)
        return arith::MaximumFOp::create(nb, l, a, c);
      if (isUnsigned)
        return arith::MaxUIOp::create(nb, l, a, c);
      return arith::MaxSIOp::create(nb, l, a, c);
    };
    if (!indices)
      return windowLoops(b, xp, w, filled(b, shape, low),
                         [&](OpBuilder &nb, Location l, ValueRange v) {
                           return SmallVector<Value>{maxOf(nb, l, v[1], v[0])};
                         });
    // With indices: the first maximum of the window's input elements (not
    // its padding) in row-major order, and its flat index in the input
    // (spatial dimensions column-major with storage_order 1).
    Type i64 = b.getI64Type();
    Value none = scalar(b, loc, i64, -1.0);
    int64_t spatial = w.rank();
    return windowLoops(
        b, xp, w, {filled(b, shape, low), filled(b, shape, none)},
        [&](OpBuilder &nb, Location l, ValueRange v) {
          auto cst = [&](int64_t c) {
            return arith::ConstantIndexOp::create(nb, l, c).getResult();
          };
          Value valid = arith::ConstantIntOp::create(nb, l, 1, 1);
          SmallVector<Value> pos;
          for (int64_t d = 0; d < spatial; ++d) {
            Value o = linalg::IndexOp::create(nb, l, uint64_t(2 + d));
            Value k = linalg::IndexOp::create(nb, l, uint64_t(2 + spatial + d));
            // o * stride + k * dilation - pad, computed without going
            // below zero.
            Value at = arith::AddIOp::create(
                nb, l, arith::MulIOp::create(nb, l, o, cst(w.strides[d])),
                arith::MulIOp::create(nb, l, k, cst(w.dilations[d])));
            Value inside = arith::AndIOp::create(
                nb, l,
                arith::CmpIOp::create(nb, l, arith::CmpIPredicate::uge, at,
                                      cst(w.padBegin(d))),
                arith::CmpIOp::create(nb, l, arith::CmpIPredicate::ult, at,
                                      cst(w.padBegin(d) + in[d])));
            valid = arith::AndIOp::create(nb, l, valid, inside);
            pos.push_back(arith::SubIOp::create(nb, l, at, cst(w.padBegin(d))));
          }
          // Flat index: ((n * C + c) * spatial size) + position.
          Value flat = arith::AddIOp::create(
              nb, l,
              arith::MulIOp::create(nb, l, linalg::IndexOp::create(nb, l, 0),
                                    cst(xt.getDimSize(1))),
              linalg::IndexOp::create(nb, l, 1));
          Value inner = cst(0);
          for (int64_t j = 0; j < spatial; ++j) {
            int64_t d = columnMajor ? spatial - 1 - j : j;
            inner = arith::AddIOp::create(
                nb, l, arith::MulIOp::create(nb, l, inner, cst(in[d])), pos[d]);
          }
          flat = arith::AddIOp::create(
              nb, l, arith::MulIOp::create(nb, l, flat, cst(numElements(in))),
              inner);
          Value idx = arith::IndexCastOp::create(nb, l, i64, flat);
          Value greater =
              isFloat
                  ? Value(arith::CmpFOp::create(
                        nb, l, arith::CmpFPredicate::OGT, v[0], v[1]))
                  : Value(arith::CmpIOp::create(nb, l,
                                                isUnsigned
                                                    ? arith::CmpIPredicate::ugt
                                                    : arith::CmpIPredicate::sgt,
                                                v[0], v[1]));
          Value first = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::slt,
                                              v[2], scalar(nb, l, i64, 0));
          Value take = arith::AndIOp::create(
              nb, l, valid, arith::OrIOp::create(nb, l, first, greater));
          return SmallVector<Value>{
              arith::SelectOp::create(nb, l, take, v[0], v[1]),
              arith::SelectOp::create(nb, l, take, idx, v[2])};
        });
  }
  // Sums (of x, or of |x|^p), in the accumulator type.
  Type acc = accumulatorType(element);
  Value xp = padForWindow(b, x, w, scalar(b, loc, element, 0.0));
  Value sum = windowLoops(b, xp, w, filled(b, shape, scalar(b, loc, acc, 0.0)),
                          [&](OpBuilder &nb, Location l, ValueRange v) {
                            Value e = convertScalar(nb, l, v[0], acc, false);
                            if (kind == PoolKind::Lp)
                              e = lpPower(nb, l, e, p);
                            return SmallVector<Value>{
                                arith::AddFOp::create(nb, l, v[1], e)};
                          })[0];
  if (kind == PoolKind::Lp && p == 1.0)
    return {convertTensor(b, sum, element)};
  if (kind == PoolKind::Lp)
    return {elementwise(
        b, sum, shape, element, [&](OpBuilder &nb, Location l, ValueRange v) {
          return convertScalar(nb, l, lpRoot(nb, l, v[0], p), element, false);
        })};
  Value divisors = averageDivisors(b, w, in, countPad, acc);
  return {elementwise(b, {sum, divisors}, shape, element,
                      [&](OpBuilder &nb, Location l, ValueRange v) {
                        return convertScalar(
                            nb, l, arith::DivFOp::create(nb, l, v[0], v[1]),
                            element, false);
                      })};
}

/// MaxPool or AveragePool of f32 (or int8 for max) in 1-D or 2-D as TOSA;
/// a null value when TOSA cannot express the window (pads not smaller
/// than the kernel).
Value buildTosaPool(ImplicitLocOpBuilder &b, Value x, const Window &w,
                    bool isMax, bool countPad) {
  auto xt = NodeBinder::typeOf(x);
  Type element = xt.getElementType();
  int64_t rank = xt.getRank();
  Tosa2D t = toTosa2D(w, xt.getShape().drop_front(2));
  SmallVector<int64_t> pads = t.pads; // begin H, W, end H, W
  SmallVector<int64_t> explicitPads;
  if (countPad) {
    // The explicit pads count in the divisor: zeros padded in first.
    // (ceil_mode's extra rows past them do not count, nor the padding of
    // an input crop.)
    explicitPads =
        rank == 3 ? SmallVector<int64_t>{0, w.pads[0], 0, w.pads[1]} : w.pads;
    for (int d = 0; d < 4; ++d)
      explicitPads[d] = std::min(explicitPads[d], pads[d]);
    for (int d = 0; d < 4; ++d)
      pads[d] -= explicitPads[d];
  }
  // TOSA caps padding below the kernel size.
  for (int d = 0; d < 2; ++d)
    if (pads[d] >= t.kernel[d] || pads[d + 2] >= t.kernel[d])
      return Value();
  Value xn = cropNHWC(b, transpose(b, to4D(b, x), channelsLastPerm(4)), t.crop);
  auto nt = NodeBinder::typeOf(xn);
  if (countPad && llvm::any_of(explicitPads, [](int64_t p) { return p; })) {
    xn = tosa::PadOp::create(
        b,
        RankedTensorType::get(
            {nt.getDimSize(0),
             nt.getDimSize(1) + explicitPads[0] + explicitPads[2],
             nt.getDimSize(2) + explicitPads[1] + explicitPads[3],
             nt.getDimSize(3)},
            element),
        xn,
        tosa::getTosaConstShape(b, {0, 0, explicitPads[0], explicitPads[2],
                                    explicitPads[1], explicitPads[3], 0, 0}),
        splat(b, RankedTensorType::get({1}, element), 0.0));
    nt = NodeBinder::typeOf(xn);
  }
  auto outType = RankedTensorType::get(
      {nt.getDimSize(0), t.outputs[0], t.outputs[1], nt.getDimSize(3)},
      element);
  SmallVector<int64_t> tosaPads = {pads[0], pads[2], pads[1], pads[3]};
  Value y;
  if (isMax) {
    y = tosa::MaxPool2dOp::create(
        b, outType, xn, b.getDenseI64ArrayAttr(t.kernel),
        b.getDenseI64ArrayAttr(t.strides), b.getDenseI64ArrayAttr(tosaPads));
  } else {
    Value zp = splat(b, RankedTensorType::get({1}, element), 0.0);
    y = tosa::AvgPool2dOp::create(
        b, outType, xn, zp, zp, b.getDenseI64ArrayAttr(t.kernel),
        b.getDenseI64ArrayAttr(t.strides), b.getDenseI64ArrayAttr(tosaPads),
        TypeAttr::get(b.getF32Type()));
  }
  return fromNHWC(b, y, rank);
}

/// `opType` (MaxPool, AveragePool or LpPool) of `x`, with the node's
/// attributes read as the operator's definition `since`: the values, then
/// MaxPool's indices when `indices`.
FailureOr<SmallVector<Value>> buildPoolOf(NodeBinder &n, Value x,
                                          StringRef opType, int64_t since,
                                          bool indices) {
  PoolKind kind = opType == "MaxPool"       ? PoolKind::Max
                  : opType == "AveragePool" ? PoolKind::Average
                                            : PoolKind::Lp;
  auto xt = NodeBinder::typeOf(x);
  Type element = xt.getElementType();
  Type onnxElement = n.onnxElementType(0);
  bool maxTypes = kind == PoolKind::Max && since >= 12;
  if (!isa<FloatType>(element) && !(maxTypes && isa<IntegerType>(element) &&
                                    element.getIntOrFloatBitWidth() == 8))
    return n.error() << "input of type " << onnxElement
                     << " is not supported (floats"
                     << (maxTypes ? ", INT8 and UINT8)" : ")");
  int64_t rank = xt.getRank();
  if (rank < 3)
    return n.error() << "input of rank " << rank << " has no spatial dimension";
  indices = indices && kind == PoolKind::Max;
  bool columnMajor = false;
  if (kind == PoolKind::Max && since >= 8) {
    int64_t order = n.i64("storage_order", 0);
    if (order != 0 && order != 1)
      return n.error() << "storage_order " << order << " is not 0 or 1";
    columnMajor = order == 1;
  }
  bool countPad = false;
  if (kind == PoolKind::Average && since >= 7)
    countPad = n.i64("count_include_pad", 0) != 0;
  double p = 2.0;
  if (kind == PoolKind::Lp) {
    FailureOr<double> pv = readP(n);
    if (failed(pv))
      return failure();
    p = *pv;
  }
  bool hasDilations = kind == PoolKind::Max       ? since >= 10
                      : kind == PoolKind::Average ? since >= 19
                                                  : since >= 18;
  bool hasCeil = kind == PoolKind::Lp ? since >= 18 : since >= 10;
  FailureOr<Window> w =
      readWindow(n, xt.getShape().drop_front(2), {}, hasDilations, hasCeil);
  if (failed(w))
    return failure();
  // f32 (and signed 8-bit max) in 1-D / 2-D windows without dilation:
  // TOSA, which qnn turns into integer pooling over codes.
  bool tosaType = onnxElement.isF32() ||
                  (kind == PoolKind::Max && onnxElement.isSignedInteger(8));
  if (kind != PoolKind::Lp && tosaType && (rank == 3 || rank == 4) &&
      w->undilated() && !indices)
    if (Value y = buildTosaPool(n.b, x, *w, kind == PoolKind::Max, countPad))
      return SmallVector<Value>{y};
  return buildLoopPool(n, x, *w, kind, countPad, p, indices, columnMajor);
}

/// MaxPool, AveragePool and LpPool.
LogicalResult convertPool(NodeBinder &n) {
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  bool indices = n.opType() == "MaxPool" && n.outputUsed(1);
  FailureOr<SmallVector<Value>> ys =
      buildPoolOf(n, *x, n.opType(), n.since(), indices);
  if (failed(ys) || failed(n.output(0, (*ys)[0])))
    return failure();
  if (indices)
    return n.output(
        1, (*ys)[1],
        IntegerType::get(n.b.getContext(), 64, IntegerType::Signed));
  return success();
}

/// GlobalAveragePool, GlobalMaxPool and GlobalLpPool: a window over all the
/// spatial dimensions. f32 2-D images are TOSA pools.
LogicalResult convertGlobalPool(NodeBinder &n) {
  PoolKind kind = n.opType() == "GlobalMaxPool"       ? PoolKind::Max
                  : n.opType() == "GlobalAveragePool" ? PoolKind::Average
                                                      : PoolKind::Lp;
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  auto xt = NodeBinder::typeOf(*x);
  Type element = xt.getElementType();
  if (!isa<FloatType>(element))
    return n.error() << "input of type " << n.onnxElementType(0)
                     << " is not supported (floats)";
  double p = 2.0;
  if (kind == PoolKind::Lp) {
    FailureOr<double> pv = readP(n);
    if (failed(pv))
      return failure();
    p = *pv;
  }
  int64_t rank = xt.getRank();
  if (rank < 3)
    return n.error() << "input of rank " << rank << " has no spatial dimension";
  ImplicitLocOpBuilder &b = n.b;
  if (rank == 4 && element.isF32() && kind != PoolKind::Lp) {
    Value xn = transpose(b, *x, channelsLastPerm(4));
    auto nt = NodeBinder::typeOf(xn);
    auto outType = RankedTensorType::get(
        {nt.getDimSize(0), 1, 1, nt.getDimSize(3)}, element);
    SmallVector<int64_t> kernel = {nt.getDimSize(1), nt.getDimSize(2)};
    Value y;
    if (kind == PoolKind::Max) {
      y = tosa::MaxPool2dOp::create(
          b, outType, xn, b.getDenseI64ArrayAttr(kernel),
          b.getDenseI64ArrayAttr({1, 1}), b.getDenseI64ArrayAttr({0, 0, 0, 0}));
    } else {
      Value zp = splat(b, RankedTensorType::get({1}, element), 0.0);
      y = tosa::AvgPool2dOp::create(
          b, outType, xn, zp, zp, b.getDenseI64ArrayAttr(kernel),
          b.getDenseI64ArrayAttr({1, 1}), b.getDenseI64ArrayAttr({0, 0, 0, 0}),
          TypeAttr::get(b.getF32Type()));
    }
    return n.output(0, transpose(b, y, channelsFirstPerm(4)));
  }
  // Any other rank or type: the pooling loops with one window.
  Window w;
  w.kernel.assign(xt.getShape().begin() + 2, xt.getShape().end());
  w.strides.assign(rank - 2, 1);
  w.dilations.assign(rank - 2, 1);
  w.pads.assign(2 * (rank - 2), 0);
  w.outputs.assign(rank - 2, 1);
  SmallVector<Value> ys = buildLoopPool(n, *x, w, kind, /*countPad=*/false, p,
                                        /*indices=*/false, false);
  return n.output(0, ys[0]);
}

/// MaxUnpool: zeros of the shape MaxPool's input had, with each input
/// element written at the flat position its index names (a later element
/// wins, as in the ONNX reference; indices outside are skipped); an
/// output_shape larger than that shape pads it with zeros at the end (the
/// ONNX reference's reading).
LogicalResult convertMaxUnpool(NodeBinder &n) {
  FailureOr<Value> xr = n.input(0), ir = n.input(1);
  if (failed(xr) || failed(ir))
    return failure();
  Value x = *xr, idx = *ir;
  auto xt = NodeBinder::typeOf(x), it = NodeBinder::typeOf(idx);
  int64_t rank = xt.getRank(), spatial = rank - 2;
  if (rank < 3)
    return n.error() << "input of rank " << rank << " has no spatial dimension";
  if (it.getShape() != xt.getShape() || !it.getElementType().isInteger(64))
    return n.error() << "indices must be INT64 of the input's shape ["
                     << xt.getShape() << "]";
  SmallVector<int64_t> kernel = n.i64s("kernel_shape");
  SmallVector<int64_t> strides = n.i64s("strides");
  SmallVector<int64_t> pads = n.i64s("pads");
  if (strides.empty())
    strides.assign(spatial, 1);
  if (pads.empty())
    pads.assign(2 * spatial, 0);
  if (int64_t(kernel.size()) != spatial || int64_t(strides.size()) != spatial ||
      int64_t(pads.size()) != 2 * spatial)
    return n.error() << "kernel_shape, strides and pads must have " << spatial
                     << ", " << spatial << " and " << 2 * spatial << " values";
  SmallVector<int64_t> inferred(xt.getShape().take_front(2));
  for (int64_t d = 0; d < spatial; ++d)
    inferred.push_back((xt.getDimSize(d + 2) - 1) * strides[d] + kernel[d] -
                       pads[d] - pads[d + spatial]);
  if (llvm::any_of(inferred, [](int64_t d) { return d < 1; }))
    return n.error() << "the unpooled shape [" << inferred << "] is empty";
  SmallVector<int64_t> shape = inferred;
  if (n.has(2)) {
    FailureOr<SmallVector<int64_t>> given = n.constantInts(2, "output_shape");
    if (failed(given))
      return failure();
    bool fits = int64_t(given->size()) == rank && (*given)[0] == inferred[0] &&
                (*given)[1] == inferred[1];
    for (int64_t d = 2; fits && d < rank; ++d)
      fits = (*given)[d] >= inferred[d];
    if (!fits)
      return n.error() << "output_shape [" << *given << "] does not hold the "
                       << "unpooled shape [" << inferred << "]";
    shape = *given;
  }
  ImplicitLocOpBuilder &b = n.b;
  Type element = xt.getElementType();
  int64_t total = numElements(inferred), count = xt.getNumElements();
  auto flatten = [&](Value v) -> Value {
    auto t = NodeBinder::typeOf(v);
    ReassociationIndices all;
    for (int64_t d = 0; d < t.getRank(); ++d)
      all.push_back(d);
    return tensor::CollapseShapeOp::create(
        b, RankedTensorType::get({t.getNumElements()}, t.getElementType()), v,
        ArrayRef<ReassociationIndices>{all});
  };
  Value xf = flatten(x), idf = flatten(idx);
  Value zero = scalar(b, b.getLoc(), element, 0.0);
  Value y = filled(b, {total}, zero);
  Value lb = arith::ConstantIndexOp::create(b, 0);
  Value ub = arith::ConstantIndexOp::create(b, count);
  Value step = arith::ConstantIndexOp::create(b, 1);
  auto loop = scf::ForOp::create(
      b, lb, ub, step, ValueRange{y},
      [&](OpBuilder &nb, Location l, Value i, ValueRange iter) {
        Value to = tensor::ExtractOp::create(nb, l, idf, i);
        Value valid = arith::AndIOp::create(
            nb, l,
            arith::CmpIOp::create(nb, l, arith::CmpIPredicate::sge, to,
                                  scalar(nb, l, to.getType(), 0)),
            arith::CmpIOp::create(nb, l, arith::CmpIPredicate::slt, to,
                                  scalar(nb, l, to.getType(), double(total))));
        Value at = arith::IndexCastOp::create(
            nb, l, nb.getIndexType(),
            arith::SelectOp::create(nb, l, valid, to,
                                    scalar(nb, l, to.getType(), 0)));
        // An index outside the output rewrites element 0 with itself.
        Value v = arith::SelectOp::create(
            nb, l, valid, tensor::ExtractOp::create(nb, l, xf, i),
            tensor::ExtractOp::create(nb, l, iter[0], at));
        scf::YieldOp::create(
            nb, l, Value(tensor::InsertOp::create(nb, l, v, iter[0], at)));
      });
  ReassociationIndices all;
  for (int64_t d = 0; d < rank; ++d)
    all.push_back(d);
  Value out = tensor::ExpandShapeOp::create(
      b, RankedTensorType::get(inferred, element), loop.getResult(0),
      ArrayRef<ReassociationIndices>{all});
  SmallVector<int64_t> lo(spatial, 0), hi;
  for (int64_t d = 2; d < rank; ++d)
    hi.push_back(shape[d] - inferred[d]);
  out = padSpatial(b, out, lo, hi, zero);
  return n.output(0, out, n.onnxElementType(0));
}

} // namespace

FailureOr<Value> mlir::qnn::onnx_to_qnn::buildAveragePool(NodeBinder &n,
                                                          Value x) {
  auto xt = NodeBinder::typeOf(x);
  if (xt.getRank() < 3)
    return n.error() << "input of rank " << xt.getRank()
                     << " has no spatial dimension";
  bool countPad = n.i64("count_include_pad", 0) != 0;
  FailureOr<Window> w = readWindow(n, xt.getShape().drop_front(2), {},
                                   /*hasDilations=*/false,
                                   /*hasCeilMode=*/true);
  if (failed(w))
    return failure();
  if (xt.getRank() <= 4)
    if (Value y = buildTosaPool(n.b, x, *w, /*max=*/false, countPad))
      return y;
  return buildLoopPool(n, x, *w, PoolKind::Average, countPad, 2.0,
                       /*indices=*/false, /*columnMajor=*/false)[0];
}

FailureOr<Value> mlir::qnn::onnx_to_qnn::buildPool(NodeBinder &n, Value x,
                                                   StringRef opType,
                                                   int64_t since) {
  FailureOr<SmallVector<Value>> ys =
      buildPoolOf(n, x, opType, since, /*indices=*/false);
  if (failed(ys))
    return failure();
  return (*ys)[0];
}

void mlir::qnn::onnx_to_qnn::populateConvPoolHandlers(OpRegistry &r) {
  r.add("Conv", {1, 11, 22}, convertConv);
  r.add("ConvTranspose", {1, 11, 22}, convertConvTranspose);
  r.add("MaxPool", {1, 8, 10, 11, 12, 22}, convertPool);
  r.add("AveragePool", {1, 7, 10, 11, 19, 22}, convertPool);
  r.add("LpPool", {1, 2, 11, 18, 22}, convertPool);
  r.add("GlobalAveragePool", {1, 22}, convertGlobalPool);
  r.add("GlobalMaxPool", {1, 22}, convertGlobalPool);
  r.add("GlobalLpPool", {1, 2, 22}, convertGlobalPool);
  r.add("MaxUnpool", {9, 11, 22}, convertMaxUnpool);
}
