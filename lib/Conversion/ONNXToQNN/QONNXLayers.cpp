//===- QONNXLayers.cpp - QONNX and FINN layer operators -------------------===//
//
// The operators of the QONNX domain (also written under the FINN and
// Brevitas domain names) that are not quantizers: Im2Col, MaxPoolNHWC,
// QuantAvgPool2d and XnorPopcountMatMul, each computing QONNX's reference
// execution; and the `qonnx.custom_op.channels_last` domain (Conv,
// MaxPool, BatchNormalization on channels-last tensors), which QONNX
// executes as the standard operator between layout transposes. Those
// become the standard operator's lowering between tosa.transpose ops that
// qnn-optimize-layout cancels against the standard lowering's own, so a
// quantized channels-last Conv still becomes an integer layer.
//
//===----------------------------------------------------------------------===//

#include "Common.h"
#include "PopulateHandlers.h"

#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/QNNTypes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::onnx_to_qnn;

namespace {

constexpr const char *kDomains[] = {"qonnx.custom_op.general",
                                    "finn.custom_op.general", "onnx.brevitas"};
constexpr const char *kChannelsLast = "qonnx.custom_op.channels_last";

/// QONNX's required attributes: an error naming the first one missing.
LogicalResult requireAttrs(NodeBinder &n, ArrayRef<StringRef> names) {
  for (StringRef name : names)
    if (!n.hasAttr(name))
      return n.error() << "attribute '" << name << "' is missing";
  return success();
}

/// An attribute list of `count` values, each at least `min`.
LogicalResult checkInts(NodeBinder &n, StringRef name, ArrayRef<int64_t> values,
                        size_t count, int64_t min) {
  if (values.size() != count ||
      llvm::any_of(values, [&](int64_t v) { return v < min; }))
    return n.error() << "attribute '" << name << "' [" << values << "] must be "
                     << count << " values of at least " << min;
  return success();
}

/// floor(v / 2^shift): an arithmetic right shift of the integer `v`, exact
/// in floats (a power-of-two scaling).
Value floorShift(OpBuilder &b, Location loc, Value v, int64_t shift) {
  Value scaled = arith::MulFOp::create(
      b, loc, v, scalar(b, loc, v.getType(), std::ldexp(1.0, -int(shift))));
  return math::FloorOp::create(b, loc, scaled);
}

//===----------------------------------------------------------------------===//
// Im2Col
//===----------------------------------------------------------------------===//

/// Im2Col(x) {stride, kernel_size, input_shape, pad_amount, pad_value,
/// depthwise, dilations} on an NHWC x: [1, OH, OW, KH * KW * C], each row
/// one window in (kh, kw, c) order, the input padded with pad_value.
LogicalResult convertIm2Col(NodeBinder &n) {
  if (failed(requireAttrs(n, {"stride", "kernel_size", "input_shape"})))
    return failure();
  SmallVector<int64_t> stride = n.i64s("stride");
  SmallVector<int64_t> kernel = n.i64s("kernel_size");
  std::string inputShape = n.str("input_shape", "");
  SmallVector<int64_t> pads = n.i64s("pad_amount", {0, 0, 0, 0});
  int64_t padValue = n.i64("pad_value", 0);
  // depthwise only tells FINN which hardware generator to infer; the
  // columns are the same.
  int64_t depthwise = n.i64("depthwise", 0);
  SmallVector<int64_t> dilations = n.i64s("dilations", {1, 1});
  FailureOr<Value> xIn = n.input(0);
  if (n.failed() || failed(xIn))
    return failure();
  if (failed(checkInts(n, "stride", stride, 2, 1)) ||
      failed(checkInts(n, "kernel_size", kernel, 2, 1)) ||
      failed(checkInts(n, "dilations", dilations, 2, 1)) ||
      failed(checkInts(n, "pad_amount", pads, 4, 0)))
    return failure();
  if (depthwise != 0 && depthwise != 1)
    return n.error() << "attribute 'depthwise' " << depthwise
                     << " is not 0 or 1";
  Value x = *xIn;
  auto xt = NodeBinder::typeOf(x);
  if (xt.getRank() != 4)
    return n.error() << "input of rank " << xt.getRank()
                     << " is not NHWC (rank 4)";
  // input_shape as QONNX writes it: "(1, 4, 4, 3)".
  SmallVector<int64_t> declared;
  {
    StringRef text = StringRef(inputShape).trim().ltrim("([").rtrim(")]");
    SmallVector<StringRef> parts;
    text.split(parts, ',');
    for (StringRef p : parts) {
      int64_t v;
      if (p.trim().getAsInteger(10, v))
        return n.error() << "attribute 'input_shape' \"" << inputShape
                         << "\" is not a list of integers";
      declared.push_back(v);
    }
  }
  if (ArrayRef<int64_t>(declared) != xt.getShape())
    return n.error() << "attribute 'input_shape' \"" << inputShape
                     << "\" differs from the input's shape [" << xt.getShape()
                     << "]";
  int64_t batch = xt.getDimSize(0), h = xt.getDimSize(1), w = xt.getDimSize(2),
          c = xt.getDimSize(3);
  // QONNX's execution interleaves the images of a batch (and its shape
  // inference gives batch 1): only batch 1 is defined.
  if (batch != 1)
    return n.error() << "batch " << batch
                     << " is not supported (QONNX defines Im2Col for batch 1)";
  int64_t padH = pads[0] + pads[2], padW = pads[1] + pads[3];
  if (h == 1 && (kernel[0] != 1 || padH != 0))
    return n.error() << "an input of height 1 needs kernel height 1 and no "
                        "vertical padding, got kernel_size ["
                     << kernel << "] and pad_amount [" << pads << "]";
  if (w == 1 && (kernel[1] != 1 || padW != 0))
    return n.error() << "an input of width 1 needs kernel width 1 and no "
                        "horizontal padding, got kernel_size ["
                     << kernel << "] and pad_amount [" << pads << "]";
  int64_t in[2] = {h + padH, w + padW}, out[2];
  for (int d = 0; d < 2; ++d) {
    int64_t extent = dilations[d] * (kernel[d] - 1) + 1;
    if (extent > in[d])
      return n.error() << "the window's " << (d ? "width" : "height") << " ("
                       << extent << ") is larger than the padded input ("
                       << in[d] << ")";
    out[d] = (in[d] - extent) / stride[d] + 1;
  }
  ImplicitLocOpBuilder &b = n.b;
  Type element = xt.getElementType();
  Value xp = x;
  if (padH || padW) {
    SmallVector<OpFoldResult> lo = {b.getIndexAttr(0), b.getIndexAttr(pads[0]),
                                    b.getIndexAttr(pads[1]), b.getIndexAttr(0)};
    SmallVector<OpFoldResult> hi = {b.getIndexAttr(0), b.getIndexAttr(pads[2]),
                                    b.getIndexAttr(pads[3]), b.getIndexAttr(0)};
    xp = tensor::PadOp::create(
        b, RankedTensorType::get({1, in[0], in[1], c}, element), x, lo, hi,
        scalar(b, b.getLoc(), element, double(padValue)));
  }
  int64_t kw = kernel[1];
  Value y = gatherByIndex(
      b, xp, {1, out[0], out[1], kernel[0] * kw * c},
      [&](OpBuilder &nb, Location loc, ValueRange i) -> SmallVector<Value> {
        auto cst = [&](int64_t v) {
          return arith::ConstantIndexOp::create(nb, loc, v).getResult();
        };
        auto mul = [&](Value a, int64_t v) {
          return arith::MulIOp::create(nb, loc, a, cst(v)).getResult();
        };
        auto add = [&](Value a, Value v) {
          return arith::AddIOp::create(nb, loc, a, v).getResult();
        };
        Value cc = arith::RemUIOp::create(nb, loc, i[3], cst(c));
        Value k = arith::DivUIOp::create(nb, loc, i[3], cst(c));
        Value kx = arith::RemUIOp::create(nb, loc, k, cst(kw));
        Value ky = arith::DivUIOp::create(nb, loc, k, cst(kw));
        return {i[0], add(mul(i[1], stride[0]), mul(ky, dilations[0])),
                add(mul(i[2], stride[1]), mul(kx, dilations[1])), cc};
      });
  return n.output(0, y, n.onnxElementType(0));
}

//===----------------------------------------------------------------------===//
// MaxPoolNHWC, QuantAvgPool2d
//===----------------------------------------------------------------------===//

/// Output 0: the channels-first result `y` made channels last.
LogicalResult channelsLastOutput(NodeBinder &n, FailureOr<Value> y) {
  if (failed(y))
    return failure();
  int64_t rank = NodeBinder::typeOf(*y).getRank();
  return n.output(0, transpose(n.b, *y, channelsLastPerm(rank)));
}

/// MaxPoolNHWC(x) {kernel_shape, pads, strides, ceil_mode}: QONNX runs it
/// as a default-domain MaxPool of its preferred opset (11) on the input
/// transposed to NCHW.
LogicalResult convertMaxPoolNHWC(NodeBinder &n) {
  if (failed(requireAttrs(n, {"kernel_shape", "pads", "strides"})))
    return failure();
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  if (n.outputUsed(1))
    return n.error() << "the Indices output is not defined for MaxPoolNHWC";
  int64_t rank = NodeBinder::typeOf(*x).getRank();
  if (rank != 4)
    return n.error() << "input of rank " << rank << " is not NHWC (rank 4)";
  return channelsLastOutput(
      n,
      buildPool(n, transpose(n.b, *x, channelsFirstPerm(rank)), "MaxPool", 11));
}

/// QuantAvgPool2d(x) {stride, kernel, ibits, obits, signed, data_layout}:
/// the sum of each kernel x kernel window (no padding) rounded half to
/// even, then shifted right (rounding down) by the bits the sum has beyond
/// obits for ibits-bit inputs: max(0, bit_length((2^ibits - 1) * kernel^2)
/// - obits). The sum is f32, as QONNX's (onnxruntime's AveragePool times
/// kernel^2); the shift is exact.
LogicalResult convertQuantAvgPool2d(NodeBinder &n) {
  if (failed(requireAttrs(n, {"stride", "kernel", "ibits", "obits", "signed"})))
    return failure();
  int64_t stride = n.i64("stride", 1), kernel = n.i64("kernel", 1);
  int64_t ibits = n.i64("ibits", 1), obits = n.i64("obits", 1);
  // signed only names the output's data type: the shift is arithmetic
  // either way.
  int64_t isSigned = n.i64("signed", 0);
  std::string layout = n.str("data_layout", "NCHW");
  FailureOr<Value> xIn = n.input(0);
  if (n.failed() || failed(xIn))
    return failure();
  if (kernel < 1 || stride < 1)
    return n.error() << "kernel " << kernel << " and stride " << stride
                     << " must be positive";
  if (ibits < 1 || ibits > 32)
    return n.error() << "ibits " << ibits << " is not from 1 to 32";
  if (obits < 2 || obits > 32)
    return n.error() << "obits " << obits
                     << " is not from 2 to 32 (QONNX's output data types)";
  if (isSigned != 0 && isSigned != 1)
    return n.error() << "attribute 'signed' " << isSigned << " is not 0 or 1";
  if (layout != "NCHW" && layout != "NHWC")
    return n.error() << "data_layout '" << layout << "' is not NCHW or NHWC";
  Value x = *xIn;
  auto xt = NodeBinder::typeOf(x);
  if (!xt.getElementType().isF32())
    return n.error() << "input of type " << n.onnxElementType(0)
                     << " is not supported (FLOAT, as QONNX executes it)";
  if (xt.getRank() != 4)
    return n.error() << "input of rank " << xt.getRank() << " is not " << layout
                     << " (rank 4)";
  bool nhwc = layout == "NHWC";
  int64_t hDim = nhwc ? 1 : 2;
  SmallVector<int64_t> shape(xt.getShape());
  for (int64_t d = hDim; d < hDim + 2; ++d) {
    if (shape[d] < kernel)
      return n.error() << "the kernel (" << kernel
                       << ") is larger than the input (" << shape[d] << ")";
    shape[d] = (shape[d] - kernel) / stride + 1;
  }
  uint64_t maxSum = ((uint64_t(1) << ibits) - 1) * uint64_t(kernel * kernel);
  int64_t shift = std::max<int64_t>(0, llvm::bit_width(maxSum) - obits);

  ImplicitLocOpBuilder &b = n.b;
  MLIRContext *ctx = b.getContext();
  // Loops n, d1, d2, d3 (the output, in the input's layout), then the
  // window's rows and columns (reductions).
  SmallVector<AffineExpr> in;
  for (unsigned d = 0; d < 4; ++d)
    in.push_back(getAffineDimExpr(d, ctx));
  in[hDim] = in[hDim] * stride + getAffineDimExpr(4, ctx);
  in[hDim + 1] = in[hDim + 1] * stride + getAffineDimExpr(5, ctx);
  // The window operand only gives the reduction loops their extent, as in
  // linalg's pooling ops.
  SmallVector<AffineMap> maps = {
      AffineMap::get(6, 0, in, ctx),
      AffineMap::get(6, 0, {getAffineDimExpr(4, ctx), getAffineDimExpr(5, ctx)},
                     ctx),
      AffineMap::getMultiDimIdentityMap(6, ctx).getMajorSubMap(4)};
  SmallVector<utils::IteratorType> iterators(4, utils::IteratorType::parallel);
  iterators.append(2, utils::IteratorType::reduction);
  Type f32 = b.getF32Type();
  Value init =
      linalg::FillOp::create(b, scalar(b, b.getLoc(), f32, 0.0),
                             tensor::EmptyOp::create(b, shape, f32).getResult())
          .getResult(0);
  Value window = tensor::EmptyOp::create(b, {kernel, kernel}, f32);
  Value sums =
      linalg::GenericOp::create(
          b, TypeRange{init.getType()}, ValueRange{x, window}, ValueRange{init},
          maps, iterators,
          [](OpBuilder &nb, Location loc, ValueRange v) {
            linalg::YieldOp::create(
                nb, loc, Value(arith::AddFOp::create(nb, loc, v[2], v[0])));
          })
          .getResult(0);
  Value y = elementwise(b, {sums}, shape, f32,
                        [&](OpBuilder &nb, Location loc, ValueRange v) {
                          Value r = math::RoundEvenOp::create(nb, loc, v[0]);
                          return floorShift(nb, loc, r, shift);
                        });
  return n.output(0, y);
}

//===----------------------------------------------------------------------===//
// XnorPopcountMatMul
//===----------------------------------------------------------------------===//

/// 2v - 1. Dequantized binary codes (levels {0, 1}: unsigned 1-bit, scale
/// 1, zero point 0) keep their codes, dequantized as the codebook [-1, 1],
/// and binary constants become such codes, so that the product can become
/// an integer layer; other values compute it in their float type.
Value bipolarOf(ImplicitLocOpBuilder &b, Value v) {
  auto t = NodeBinder::typeOf(v);
  if (auto deq = v.getDefiningOp<mlir::qnn::DequantizeOp>()) {
    auto codes = cast<RankedTensorType>(deq.getInput().getType());
    auto u = dyn_cast<mlir::qnn::UniformQuantType>(codes.getElementType());
    if (u && u.getBits() == 1 && !u.isSigned() && u.getStorageMin() == 0 &&
        u.getStorageMax() == 1 && u.getScales().size() == 1 &&
        u.getScales()[0] == 1.0 && u.getZeroPoints()[0] == 0 &&
        u.getExpressedType() == t.getElementType()) {
      Type bipolar = mlir::qnn::CodebookQuantType::get(
          b.getContext(), 1u, t.getElementType(), int64_t(-1),
          ArrayRef<double>{1.0}, ArrayRef<double>{-1.0, 1.0}, 2u);
      Value bits = mlir::qnn::StorageCastOp::create(
          b, RankedTensorType::get(t.getShape(), b.getI1Type()),
          deq.getInput());
      Value recoded = mlir::qnn::StorageCastOp::create(
          b, RankedTensorType::get(t.getShape(), bipolar), bits);
      return mlir::qnn::DequantizeOp::create(b, t, recoded);
    }
  }
  // Binary constants (FINN's weights) become constant bipolar codes.
  if (ElementsAttr c = getConstantElements(v); c && t.getElementType().isF32())
    if (std::optional<SmallVector<double>> vals = readDoubles(c, false);
        vals &&
        llvm::all_of(*vals, [](double e) { return e == 0 || e == 1; })) {
      SmallVector<double> signs;
      for (double e : *vals)
        signs.push_back(2 * e - 1);
      Type bipolar = mlir::qnn::CodebookQuantType::get(
          b.getContext(), 1u, t.getElementType(), int64_t(-1),
          ArrayRef<double>{1.0}, ArrayRef<double>{-1.0, 1.0}, 2u);
      Value q = mlir::qnn::QuantizeOp::create(
          b, RankedTensorType::get(t.getShape(), bipolar),
          constantOf(b, t, signs));
      return mlir::qnn::DequantizeOp::create(b, t, q);
    }
  return elementwise(
      b, {v}, t.getShape(), t.getElementType(),
      [](OpBuilder &nb, Location loc, ValueRange e) -> Value {
        Type ft = e[0].getType();
        return arith::SubFOp::create(
            nb, loc,
            arith::MulFOp::create(nb, loc, e[0], scalar(nb, loc, ft, 2.0)),
            scalar(nb, loc, ft, 1.0));
      });
}

/// XnorPopcountMatMul(a, b) on binary {0, 1} operands: the number of equal
/// bits, computed as QONNX does, (bipolar(a) x bipolar(b) + K) / 2 with
/// bipolar(v) = 2v - 1: exact in f32 for binary operands, an integer layer
/// when both are binary codes or constants.
LogicalResult convertXnorPopcountMatMul(NodeBinder &n) {
  FailureOr<Value> a = n.input(0), w = n.input(1);
  if (failed(a) || failed(w))
    return failure();
  auto at = NodeBinder::typeOf(*a), wt = NodeBinder::typeOf(*w);
  if (!at.getElementType().isF32() || !wt.getElementType().isF32())
    return n.error() << "inputs of types " << n.onnxElementType(0) << " and "
                     << n.onnxElementType(1)
                     << " are not supported (FLOAT, as QONNX executes it)";
  // QONNX reads K as the first dimension of the second operand.
  if (at.getRank() < 1 || wt.getRank() != 2 ||
      at.getShape().back() != wt.getDimSize(0))
    return n.error() << "operands [" << at.getShape() << "] x ["
                     << wt.getShape()
                     << "] are not [..., K] x [K, N] (the second a matrix)";
  int64_t k = wt.getDimSize(0);
  ImplicitLocOpBuilder &b = n.b;
  auto bipolar = [&](Value v) { return bipolarOf(b, v); };
  FailureOr<Value> dot = buildMatMul(n, bipolar(*a), bipolar(*w));
  if (failed(dot))
    return failure();
  auto dt = NodeBinder::typeOf(*dot);
  Value y =
      elementwise(b, {*dot}, dt.getShape(), dt.getElementType(),
                  [&](OpBuilder &nb, Location loc, ValueRange e) -> Value {
                    Type ft = e[0].getType();
                    return arith::MulFOp::create(
                        nb, loc,
                        arith::AddFOp::create(nb, loc, e[0],
                                              scalar(nb, loc, ft, double(k))),
                        scalar(nb, loc, ft, 0.5));
                  });
  return n.output(0, y);
}

//===----------------------------------------------------------------------===//
// qonnx.custom_op.channels_last
//===----------------------------------------------------------------------===//

/// The wrapper allows one output (the standard operator's first).
LogicalResult onlyFirstOutput(NodeBinder &n) {
  for (unsigned i = 1; i < n.numOutputs(); ++i)
    if (n.outputUsed(i))
      return n.error() << "output " << i
                       << " is not supported: QONNX's channels-last "
                          "operators have one output";
  return success();
}

/// An input of at least `minRank` dimensions, channels last.
FailureOr<Value> channelsLastInput(NodeBinder &n, unsigned i, int64_t minRank) {
  FailureOr<Value> x = n.input(i);
  if (failed(x))
    return failure();
  int64_t rank = NodeBinder::typeOf(*x).getRank();
  if (rank < minRank)
    return n.error() << "input " << i << " of rank " << rank
                     << " has no channels-last layout (rank " << minRank
                     << " or more)";
  return transpose(n.b, *x, channelsFirstPerm(rank));
}

/// Conv(x, w, B) with x [N, spatial..., C] and w [M, kernel..., C/group]
/// (QONNX transposes both, the bias not).
LogicalResult convertChannelsLastConv(NodeBinder &n) {
  if (failed(onlyFirstOutput(n)))
    return failure();
  FailureOr<Value> x = channelsLastInput(n, 0, 3);
  if (failed(x))
    return failure();
  FailureOr<Value> w = channelsLastInput(n, 1, 3);
  if (failed(w))
    return failure();
  if (n.onnxElementType(1) != n.onnxElementType(0))
    return n.error() << "inputs differ in element type: "
                     << n.onnxElementType(0) << " and " << n.onnxElementType(1);
  FailureOr<Value> y = buildConv(n, *x, *w, n.optionalInput(2));
  return channelsLastOutput(n, y);
}

/// MaxPool(x) with x [N, spatial..., C]: the standard MaxPool of the
/// since-version the domain's opset reads.
LogicalResult convertChannelsLastMaxPool(NodeBinder &n) {
  if (failed(onlyFirstOutput(n)))
    return failure();
  FailureOr<Value> x = channelsLastInput(n, 0, 3);
  if (failed(x))
    return failure();
  FailureOr<Value> y = buildPool(n, *x, "MaxPool", n.since());
  return channelsLastOutput(n, y);
}

/// BatchNormalization(x, scale, B, mean, var) with x [N, ..., C].
LogicalResult convertChannelsLastBatchNorm(NodeBinder &n) {
  if (failed(onlyFirstOutput(n)))
    return failure();
  FailureOr<Value> x = channelsLastInput(n, 0, 2);
  if (failed(x))
    return failure();
  FailureOr<Value> y = buildBatchNorm(n, *x);
  return channelsLastOutput(n, y);
}

} // namespace

void mlir::qnn::onnx_to_qnn::populateQONNXLayerHandlers(OpRegistry &r) {
  for (const char *domain : kDomains) {
    r.add(domain, "Im2Col", {1}, convertIm2Col);
    r.add(domain, "MaxPoolNHWC", {1}, convertMaxPoolNHWC);
    r.add(domain, "QuantAvgPool2d", {1}, convertQuantAvgPool2d);
    r.add(domain, "XnorPopcountMatMul", {1}, convertXnorPopcountMatMul);
  }
  // The domain's opset is the model's ONNX opset (QONNX's channels-last
  // transformation imports it so): the standard operators' since-versions.
  r.add(kChannelsLast, "Conv", {1, 11, 22}, convertChannelsLastConv);
  r.add(kChannelsLast, "MaxPool", {1, 8, 10, 11, 12, 22},
        convertChannelsLastMaxPool);
  r.add(kChannelsLast, "BatchNormalization", {1, 6, 7, 9, 14, 15},
        convertChannelsLastBatchNorm);
}
