//===- ConvPool.cpp - ONNX convolutions and pooling -----------------------===//
//
// Conv and the pooling operators, 1-D and 2-D (a 1-D operator is the 2-D
// one on a height of 1), in ONNX's NCHW: each becomes the TOSA NHWC op
// between two layout transposes, which qnn-optimize-layout cancels along a
// chain. Window geometry follows ONNX exactly: auto_pad, asymmetric pads,
// ceil_mode, and strides that leave input rows unread (those rows are
// cropped, as TOSA wants every row read).
//
//===----------------------------------------------------------------------===//

#include "Common.h"
#include "PopulateHandlers.h"

#include "qnn/Dialect/QNN/IR/QNNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Tosa/Utils/ConversionUtils.h"

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::onnx_to_qnn;

namespace {

/// The geometry of a 2-D window op, per spatial dimension (H, W).
struct Window {
  SmallVector<int64_t> kernel, strides, dilations;
  /// Begin H, begin W, end H, end W (ONNX's order).
  SmallVector<int64_t> pads;
  SmallVector<int64_t> outputs;
  /// Input rows / columns cropped from the end (never read by a window).
  SmallVector<int64_t> crop = {0, 0};
};

/// Reads kernel_shape (when `kernel` is empty), strides, dilations, pads,
/// auto_pad and ceil_mode for `spatial` (1 or 2) spatial dimensions of
/// sizes `in`, then makes the window exact for TOSA: the end padding or an
/// input crop covers exactly the rows the last window reads.
FailureOr<Window> readWindow(NodeBinder &n, ArrayRef<int64_t> in,
                             SmallVector<int64_t> kernel, bool hasDilations,
                             bool hasCeilMode) {
  int64_t spatial = int64_t(in.size());
  Window w;
  SmallVector<int64_t> k = n.i64s("kernel_shape");
  if (!k.empty()) {
    if (!kernel.empty() && ArrayRef<int64_t>(k) != ArrayRef<int64_t>(kernel))
      return n.error() << "kernel_shape [" << k
                       << "] differs from the weights' [" << kernel << "]";
    kernel = k;
  }
  if (int64_t(kernel.size()) != spatial)
    return n.error() << "kernel_shape must have " << spatial << " values";
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
  if (autoPad == "NOTSET") {
    if (pads.empty())
      pads.assign(2 * spatial, 0);
    if (int64_t(pads.size()) != 2 * spatial)
      return n.error() << "pads must have " << 2 * spatial << " values";
    if (llvm::any_of(pads, [](int64_t p) { return p < 0; }))
      return n.error() << "negative pads are not supported";
  } else if (autoPad == "VALID") {
    pads.assign(2 * spatial, 0);
  } else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    pads.assign(2 * spatial, 0);
    for (int64_t d = 0; d < spatial; ++d) {
      int64_t out = (in[d] + strides[d] - 1) / strides[d];
      int64_t extent = (kernel[d] - 1) * dilations[d] + 1;
      int64_t total =
          std::max<int64_t>(0, (out - 1) * strides[d] + extent - in[d]);
      int64_t small = total / 2, large = total - small;
      pads[d] = autoPad == "SAME_UPPER" ? small : large;
      pads[d + spatial] = autoPad == "SAME_UPPER" ? large : small;
    }
  } else {
    return n.error() << "auto_pad '" << autoPad << "' is not one of NOTSET, "
                     << "SAME_UPPER, SAME_LOWER, VALID";
  }
  // To 2-D: a 1-D window is the 2-D one of height 1.
  if (spatial == 1) {
    kernel.insert(kernel.begin(), 1);
    strides.insert(strides.begin(), 1);
    dilations.insert(dilations.begin(), 1);
    pads = {0, pads[0], 0, pads[1]};
  }
  SmallVector<int64_t> size(in);
  if (spatial == 1)
    size.insert(size.begin(), 1);
  w.kernel = kernel;
  w.strides = strides;
  w.dilations = dilations;
  w.pads = pads;
  for (int64_t d = 0; d < 2; ++d) {
    int64_t extent = (kernel[d] - 1) * dilations[d] + 1;
    int64_t span = size[d] + pads[d] + pads[d + 2] - extent;
    if (span < 0)
      return n.error() << "the window (" << extent
                       << ") is larger than the padded input ("
                       << size[d] + pads[d] + pads[d + 2] << ")";
    int64_t out = span / strides[d] + 1;
    if (ceil && span % strides[d] != 0) {
      // One more window, which must start inside the input or its
      // begin padding.
      if (out * strides[d] < size[d] + pads[d])
        ++out;
    }
    // The padded input's rows the windows read: exactly (out - 1) * stride
    // + extent. End padding (or input rows) past them go.
    int64_t needed = (out - 1) * strides[d] + extent;
    int64_t have = size[d] + pads[d] + pads[d + 2];
    if (needed > have) {
      w.pads[d + 2] += needed - have; // ceil_mode's extra window
    } else if (needed < have) {
      int64_t extra = have - needed;
      int64_t fromPad = std::min(extra, w.pads[d + 2]);
      w.pads[d + 2] -= fromPad;
      w.crop[d] = extra - fromPad;
    }
    w.outputs.push_back(out);
  }
  return w;
}

/// An NCHW value's spatial dimensions cropped at the end (tosa.slice in
/// NHWC, which qnn-form-integer-layers reads through).
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

/// Whether `v` is dequantized codes (a layer qnn turns into integers).
bool isDequantized(Value v) {
  return bool(v.getDefiningOp<mlir::qnn::DequantizeOp>());
}

/// The checks Conv and ConvInteger share: ranks, group, channels.
LogicalResult checkConvOperands(NodeBinder &n, RankedTensorType xt,
                                RankedTensorType wt, int64_t group) {
  int64_t rank = xt.getRank();
  if (rank != 3 && rank != 4)
    return n.error() << "only 1-D and 2-D convolutions are supported (input "
                        "of rank "
                     << rank << ")";
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

} // namespace

FailureOr<Value> mlir::qnn::onnx_to_qnn::buildConv(NodeBinder &n, Value xv,
                                                   Value wv, Value bias) {
  Value *x = &xv, *w = &wv;
  auto xt = NodeBinder::typeOf(*x), wt = NodeBinder::typeOf(*w);
  Type element = xt.getElementType();
  if (!isa<FloatType>(element) || wt.getElementType() != element)
    return n.error() << "inputs must be floats of one type, got " << element
                     << " and " << wt.getElementType();
  int64_t rank = xt.getRank();
  int64_t group = n.i64("group", 1);
  if (failed(checkConvOperands(n, xt, wt, group)))
    return failure();
  int64_t channels = xt.getDimSize(1), outChannels = wt.getDimSize(0);
  if (bias && (NodeBinder::typeOf(bias).getRank() != 1 ||
               NodeBinder::typeOf(bias).getDimSize(0) != outChannels))
    return n.error() << "bias must have " << outChannels << " values";
  FailureOr<Window> win =
      readWindow(n, xt.getShape().drop_front(2),
                 SmallVector<int64_t>(wt.getShape().drop_front(2)),
                 /*hasDilations=*/true, /*hasCeilMode=*/false);
  if (failed(win))
    return failure();
  ImplicitLocOpBuilder &b = n.b;
  Value x4 = to4D(b, *x), w4 = to4D(b, *w);
  auto x4t = NodeBinder::typeOf(x4), w4t = NodeBinder::typeOf(w4);
  Value xn = cropNHWC(b, transpose(b, x4, channelsLastPerm(4)), win->crop);
  if (!bias)
    bias = splat(b, RankedTensorType::get({outChannels}, element), 0.0);
  Value zp = splat(b, RankedTensorType::get({1}, element), 0.0);
  SmallVector<int64_t> tosaPads = {win->pads[0], win->pads[2], win->pads[1],
                                   win->pads[3]};
  auto convOf = [&](Value in, Value weights, Value b0, int64_t out) {
    auto outType = RankedTensorType::get(
        {x4t.getDimSize(0), win->outputs[0], win->outputs[1], out}, element);
    return tosa::Conv2DOp::create(
        b, outType, in, transpose(b, weights, channelsLastPerm(4)), b0, zp, zp,
        b.getDenseI64ArrayAttr(tosaPads), b.getDenseI64ArrayAttr(win->strides),
        b.getDenseI64ArrayAttr(win->dilations), TypeAttr::get(element));
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
    auto outType = RankedTensorType::get(
        {x4t.getDimSize(0), win->outputs[0], win->outputs[1], outChannels},
        element);
    y = tosa::DepthwiseConv2DOp::create(
        b, outType, xn, wd, bias, zp, zp, b.getDenseI64ArrayAttr(tosaPads),
        b.getDenseI64ArrayAttr(win->strides),
        b.getDenseI64ArrayAttr(win->dilations), TypeAttr::get(element));
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
    y = tosa::ConcatOp::create(
        b,
        RankedTensorType::get(
            {x4t.getDimSize(0), win->outputs[0], win->outputs[1], outChannels},
            element),
        parts, b.getI32IntegerAttr(3));
  }
  return fromNHWC(b, y, rank);
}

FailureOr<Value> mlir::qnn::onnx_to_qnn::buildIntegerConv(NodeBinder &n,
                                                          Value x, Value w) {
  auto xt = NodeBinder::typeOf(x), wt = NodeBinder::typeOf(w);
  int64_t rank = xt.getRank();
  int64_t group = n.i64("group", 1);
  if (failed(checkConvOperands(n, xt, wt, group)))
    return failure();
  FailureOr<Window> win =
      readWindow(n, xt.getShape().drop_front(2),
                 SmallVector<int64_t>(wt.getShape().drop_front(2)),
                 /*hasDilations=*/true, /*hasCeilMode=*/false);
  if (failed(win))
    return failure();
  ImplicitLocOpBuilder &b = n.b;
  Type i32 = b.getI32Type();
  Value x4 = to4D(b, x), w4 = to4D(b, w);
  auto x4t = NodeBinder::typeOf(x4), w4t = NodeBinder::typeOf(w4);
  int64_t N = x4t.getDimSize(0), C = x4t.getDimSize(1), F = w4t.getDimSize(0);
  int64_t cg = C / group, fg = F / group;
  // Zero padding (the operands are already offset by their zero points),
  // the end cropped to the rows the windows read.
  SmallVector<int64_t> size = {x4t.getDimSize(2) - win->crop[0],
                               x4t.getDimSize(3) - win->crop[1]};
  Value cropped = x4;
  if (win->crop[0] || win->crop[1])
    cropped = tensor::ExtractSliceOp::create(
        b, RankedTensorType::get({N, C, size[0], size[1]}, i32), x4,
        ArrayRef<OpFoldResult>{b.getIndexAttr(0), b.getIndexAttr(0),
                               b.getIndexAttr(0), b.getIndexAttr(0)},
        ArrayRef<OpFoldResult>{b.getIndexAttr(N), b.getIndexAttr(C),
                               b.getIndexAttr(size[0]),
                               b.getIndexAttr(size[1])},
        ArrayRef<OpFoldResult>{b.getIndexAttr(1), b.getIndexAttr(1),
                               b.getIndexAttr(1), b.getIndexAttr(1)});
  Value padded = cropped;
  if (llvm::any_of(win->pads, [](int64_t p) { return p != 0; })) {
    SmallVector<OpFoldResult> lo = {b.getIndexAttr(0), b.getIndexAttr(0),
                                    b.getIndexAttr(win->pads[0]),
                                    b.getIndexAttr(win->pads[1])};
    SmallVector<OpFoldResult> hi = {b.getIndexAttr(0), b.getIndexAttr(0),
                                    b.getIndexAttr(win->pads[2]),
                                    b.getIndexAttr(win->pads[3])};
    auto paddedType =
        RankedTensorType::get({N, C, size[0] + win->pads[0] + win->pads[2],
                               size[1] + win->pads[1] + win->pads[3]},
                              i32);
    padded = tensor::PadOp::create(b, paddedType, cropped, lo, hi,
                                   scalar(b, b.getLoc(), i32, 0));
  }
  auto pt = NodeBinder::typeOf(padded);
  Value xg =
      reshape(b, padded, {N, group, cg, pt.getDimSize(2), pt.getDimSize(3)});
  Value wg =
      reshape(b, w4, {group, fg, cg, w4t.getDimSize(2), w4t.getDimSize(3)});
  SmallVector<int64_t> outShape = {N, group, fg, win->outputs[0],
                                   win->outputs[1]};
  Value init =
      linalg::FillOp::create(b, scalar(b, b.getLoc(), i32, 0),
                             Value(tensor::EmptyOp::create(b, outShape, i32)))
          .getResult(0);
  Value y =
      linalg::Conv2DNgchwGfchwOp::create(
          b, TypeRange{init.getType()}, ValueRange{xg, wg}, ValueRange{init},
          b.getI64TensorAttr(win->strides), b.getI64TensorAttr(win->dilations))
          .getResult(0);
  SmallVector<int64_t> shape = {N, F};
  if (rank == 4)
    shape.push_back(win->outputs[0]);
  shape.push_back(win->outputs[1]);
  return reshape(b, y, shape);
}

namespace {

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

/// MaxPool and AveragePool.
LogicalResult convertPool(NodeBinder &n) {
  bool isMax = n.opType() == "MaxPool";
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  auto xt = NodeBinder::typeOf(*x);
  Type element = xt.getElementType();
  if (!isa<FloatType>(n.onnxElementType(0)) &&
      !(isMax && isa<IntegerType>(element) &&
        element.getIntOrFloatBitWidth() == 8))
    return n.error() << "input of type " << n.onnxElementType(0)
                     << " is not supported";
  int64_t rank = xt.getRank();
  if (rank != 3 && rank != 4)
    return n.error() << "only 1-D and 2-D pooling is supported (input of "
                        "rank "
                     << rank << ")";
  if (isMax && n.outputUsed(1))
    return n.error() << "the Indices output is not supported";
  if (isMax && n.i64("storage_order", 0) != 0 && n.outputUsed(1))
    return n.error() << "storage_order 1 is not supported";
  bool hasDilations = isMax ? n.since() >= 10 : n.since() >= 19;
  bool hasCeil = n.since() >= 10;
  FailureOr<Window> win =
      readWindow(n, xt.getShape().drop_front(2), {}, hasDilations, hasCeil);
  if (failed(win))
    return failure();
  if (win->dilations[0] != 1 || win->dilations[1] != 1)
    return n.error() << "dilated pooling is not supported";
  bool countPad = !isMax && n.i64("count_include_pad", 0) != 0;
  ImplicitLocOpBuilder &b = n.b;
  Value xn =
      cropNHWC(b, transpose(b, to4D(b, *x), channelsLastPerm(4)), win->crop);
  auto nt = NodeBinder::typeOf(xn);
  SmallVector<int64_t> pads = win->pads; // begin H, W, end H, W
  if (countPad) {
    // Explicit pads count in the divisor: pad with zeros first. (The extra
    // end of a ceil_mode window is not counted, as in onnxruntime.)
    SmallVector<int64_t> explicitPads = n.i64s("pads");
    if (rank == 3 && explicitPads.size() == 2)
      explicitPads = {0, explicitPads[0], 0, explicitPads[1]};
    std::string autoPad = n.str("auto_pad", "NOTSET");
    if (autoPad != "NOTSET")
      explicitPads = pads;
    if (explicitPads.size() != 4)
      explicitPads.assign(4, 0);
    SmallVector<int64_t> lo = {std::min(explicitPads[0], pads[0]),
                               std::min(explicitPads[1], pads[1])};
    SmallVector<int64_t> hi = {std::min(explicitPads[2], pads[2]),
                               std::min(explicitPads[3], pads[3])};
    if (lo[0] || lo[1] || hi[0] || hi[1]) {
      xn = tosa::PadOp::create(
          b,
          RankedTensorType::get(
              {nt.getDimSize(0), nt.getDimSize(1) + lo[0] + hi[0],
               nt.getDimSize(2) + lo[1] + hi[1], nt.getDimSize(3)},
              element),
          xn,
          tosa::getTosaConstShape(b, {0, 0, lo[0], hi[0], lo[1], hi[1], 0, 0}),
          splat(b, RankedTensorType::get({1}, element), 0.0));
      pads = {pads[0] - lo[0], pads[1] - lo[1], pads[2] - hi[0],
              pads[3] - hi[1]};
      nt = NodeBinder::typeOf(xn);
    }
  }
  auto outType = RankedTensorType::get(
      {nt.getDimSize(0), win->outputs[0], win->outputs[1], nt.getDimSize(3)},
      element);
  // TOSA order: top, bottom, left, right.
  SmallVector<int64_t> tosaPads = {pads[0], pads[2], pads[1], pads[3]};
  // TOSA caps padding below the kernel size.
  for (int d = 0; d < 2; ++d)
    if (pads[d] >= win->kernel[d] || pads[d + 2] >= win->kernel[d])
      return n.error() << "padding of " << std::max(pads[d], pads[d + 2])
                       << " is not smaller than the kernel (" << win->kernel[d]
                       << ")";
  Value y;
  if (isMax) {
    y = tosa::MaxPool2dOp::create(
        b, outType, xn, b.getDenseI64ArrayAttr(win->kernel),
        b.getDenseI64ArrayAttr(win->strides), b.getDenseI64ArrayAttr(tosaPads));
  } else {
    Value zp = splat(b, RankedTensorType::get({1}, element), 0.0);
    y = tosa::AvgPool2dOp::create(
        b, outType, xn, zp, zp, b.getDenseI64ArrayAttr(win->kernel),
        b.getDenseI64ArrayAttr(win->strides), b.getDenseI64ArrayAttr(tosaPads),
        TypeAttr::get(b.getF32Type()));
  }
  return n.output(0, fromNHWC(b, y, rank));
}

/// GlobalAveragePool and GlobalMaxPool of 2-D images; other ranks reduce
/// over their spatial dimensions.
LogicalResult convertGlobalPool(NodeBinder &n) {
  bool isMax = n.opType() == "GlobalMaxPool";
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  auto xt = NodeBinder::typeOf(*x);
  Type element = xt.getElementType();
  if (!isa<FloatType>(element))
    return n.error() << "input must be a float";
  int64_t rank = xt.getRank();
  if (rank < 3)
    return n.error() << "input must have a spatial dimension";
  ImplicitLocOpBuilder &b = n.b;
  if (rank == 4) {
    Value xn = transpose(b, *x, channelsLastPerm(4));
    auto nt = NodeBinder::typeOf(xn);
    auto outType = RankedTensorType::get(
        {nt.getDimSize(0), 1, 1, nt.getDimSize(3)}, element);
    SmallVector<int64_t> kernel = {nt.getDimSize(1), nt.getDimSize(2)};
    Value y;
    if (isMax) {
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
  // Any other rank: reduce the spatial dimensions one by one.
  Value y = *x;
  int64_t count = 1;
  for (int64_t d = 2; d < rank; ++d) {
    auto t = NodeBinder::typeOf(y);
    SmallVector<int64_t> shape(t.getShape());
    shape[d] = 1;
    count *= t.getDimSize(d);
    auto rt = RankedTensorType::get(shape, element);
    y = isMax
            ? Value(tosa::ReduceMaxOp::create(b, rt, y,
                                              b.getI32IntegerAttr(int32_t(d))))
            : Value(tosa::ReduceSumOp::create(b, rt, y,
                                              b.getI32IntegerAttr(int32_t(d))));
  }
  if (!isMax) {
    auto t = NodeBinder::typeOf(y);
    Value shift = splat(b, RankedTensorType::get({1}, b.getI8Type()), 0);
    y = tosa::MulOp::create(
        b, t, y, broadcastScalar(b, element, rank, 1.0 / double(count)), shift);
  }
  return n.output(0, y);
}

} // namespace

void mlir::qnn::onnx_to_qnn::populateConvPoolHandlers(OpRegistry &r) {
  r.add("Conv", {1, 11, 22}, convertConv);
  r.add("MaxPool", {1, 8, 10, 11, 12, 22}, convertPool);
  r.add("AveragePool", {1, 7, 10, 11, 19, 22}, convertPool);
  r.add("GlobalAveragePool", {1, 22}, convertGlobalPool);
  r.add("GlobalMaxPool", {1, 22}, convertGlobalPool);
}
