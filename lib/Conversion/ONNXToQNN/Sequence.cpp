//===- Sequence.cpp - ONNX recurrent layers: RNN, GRU, LSTM ---------------===//
//
// This file implements the recurrent operators: RNN, GRU and LSTM in every
// direction, with their activation functions and alpha / beta, clip, GRU's
// linear_before_reset, LSTM's peepholes and input_forget, initial states,
// sequence_lens (constant or run-time) and the layout of opset 14.
//
// Each direction is one scf.for over the time steps carrying the hidden
// state (and LSTM's cell state) and the output sequence as tensors. The
// input projection X * W^T + biases of every step is one linalg.matmul
// before the loop; a step multiplies the previous hidden state by R^T
// (linalg.matmul) and applies the gate equations as linalg.generic ops.
// The reverse direction reads the sequence of each batch entry backwards
// from its last valid step (a gather before the loop and after it), so
// the loop always runs forward; steps at or past a batch entry's length
// keep its states and write zeros to Y, as onnxruntime does (run-time
// lengths are clamped to [0, seq_length]). f16 and bf16 compute in f32,
// f64 in f64.
//
//===----------------------------------------------------------------------===//

#include "Common.h"
#include "PopulateHandlers.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::onnx_to_qnn;

namespace {

//===----------------------------------------------------------------------===//
// Activation functions
//===----------------------------------------------------------------------===//

enum class ActKind {
  Relu,
  Tanh,
  Sigmoid,
  Affine,
  LeakyRelu,
  ThresholdedRelu,
  ScaledTanh,
  HardSigmoid,
  Elu,
  Softsign,
  Softplus
};

/// One activation function with its alpha and beta.
struct Activation {
  ActKind kind;
  double alpha = 0, beta = 0;
};

struct ActInfo {
  StringRef name;
  ActKind kind;
  /// How many of alpha, beta the function reads, and their defaults.
  int params;
  double alpha, beta;
};

const ActInfo kActivations[] = {
    {"Relu", ActKind::Relu, 0, 0, 0},
    {"Tanh", ActKind::Tanh, 0, 0, 0},
    {"Sigmoid", ActKind::Sigmoid, 0, 0, 0},
    {"Affine", ActKind::Affine, 2, 1.0, 0.0},
    {"LeakyRelu", ActKind::LeakyRelu, 1, 0.01, 0},
    {"ThresholdedRelu", ActKind::ThresholdedRelu, 1, 1.0, 0},
    {"ScaledTanh", ActKind::ScaledTanh, 2, 1.0, 1.0},
    {"HardSigmoid", ActKind::HardSigmoid, 2, 0.2, 0.5},
    {"Elu", ActKind::Elu, 1, 1.0, 0},
    {"Softsign", ActKind::Softsign, 0, 0, 0},
    {"Softplus", ActKind::Softplus, 0, 0, 0},
};

/// Reads `activations`, `activation_alpha` and `activation_beta`: the
/// functions of every direction (`perDirection` defaults of one direction,
/// repeated for both when the node lists one direction's), the alphas and
/// betas consumed in order by the functions that take them (defaults once
/// the lists run out), as onnxruntime reads them.
FailureOr<SmallVector<Activation>>
readActivations(NodeBinder &n, ArrayRef<StringRef> perDirection,
                int64_t numDirections) {
  SmallVector<std::string> names = n.strs("activations");
  SmallVector<float> alphas = n.f32s("activation_alpha");
  SmallVector<float> betas = n.f32s("activation_beta");
  if (n.failed())
    return failure();
  int64_t each = int64_t(perDirection.size());
  if (names.empty())
    for (int64_t d = 0; d < numDirections; ++d)
      for (StringRef s : perDirection)
        names.push_back(s.str());
  else if (int64_t(names.size()) == each && numDirections == 2)
    for (int64_t i = 0; i < each; ++i)
      names.push_back(names[i]);
  if (int64_t(names.size()) != each * numDirections)
    return n.error() << "activations lists " << names.size()
                     << " functions; the node takes " << each
                     << " per direction, " << each * numDirections << " in all";
  SmallVector<Activation> out;
  size_t nextAlpha = 0, nextBeta = 0;
  for (const std::string &name : names) {
    const ActInfo *info = nullptr;
    for (const ActInfo &a : kActivations)
      if (StringRef(name).equals_insensitive(a.name))
        info = &a;
    if (!info)
      return n.error() << "activation '" << name << "' is not supported";
    Activation act{info->kind, info->alpha, info->beta};
    if (info->params >= 1 && nextAlpha < alphas.size())
      act.alpha = alphas[nextAlpha++];
    if (info->params >= 2 && nextBeta < betas.size())
      act.beta = betas[nextBeta++];
    out.push_back(act);
  }
  if (nextAlpha < alphas.size())
    return n.error() << "activation_alpha has " << alphas.size()
                     << " values; the activations read " << nextAlpha;
  if (nextBeta < betas.size())
    return n.error() << "activation_beta has " << betas.size()
                     << " values; the activations read " << nextBeta;
  return out;
}

/// `act(x)` on a scalar.
Value applyActivation(OpBuilder &b, Location loc, const Activation &act,
                      Value x) {
  Type t = x.getType();
  auto c = [&](double v) { return scalar(b, loc, t, v); };
  auto mul = [&](Value l, Value r) {
    return Value(arith::MulFOp::create(b, loc, l, r));
  };
  auto add = [&](Value l, Value r) {
    return Value(arith::AddFOp::create(b, loc, l, r));
  };
  auto select = [&](arith::CmpFPredicate p, Value l, Value r, Value yes,
                    Value no) {
    Value cond = arith::CmpFOp::create(b, loc, p, l, r);
    return Value(arith::SelectOp::create(b, loc, cond, yes, no));
  };
  switch (act.kind) {
  case ActKind::Relu:
    return arith::MaximumFOp::create(b, loc, x, c(0));
  case ActKind::Tanh:
    return math::TanhOp::create(b, loc, x);
  case ActKind::Sigmoid: {
    Value e = math::ExpOp::create(b, loc, arith::NegFOp::create(b, loc, x));
    return arith::DivFOp::create(b, loc, c(1), add(c(1), e));
  }
  case ActKind::Affine:
    return add(mul(c(act.alpha), x), c(act.beta));
  case ActKind::LeakyRelu:
    return select(arith::CmpFPredicate::OGE, x, c(0), x, mul(c(act.alpha), x));
  case ActKind::ThresholdedRelu:
    return select(arith::CmpFPredicate::OGT, x, c(act.alpha), x, c(0));
  case ActKind::ScaledTanh:
    return mul(c(act.alpha), math::TanhOp::create(b, loc, mul(c(act.beta), x)));
  case ActKind::HardSigmoid: {
    Value y = add(mul(c(act.alpha), x), c(act.beta));
    y = arith::MaximumFOp::create(b, loc, y, c(0));
    return arith::MinimumFOp::create(b, loc, y, c(1));
  }
  case ActKind::Elu: {
    Value em1 = math::ExpM1Op::create(b, loc, x);
    return select(arith::CmpFPredicate::OGE, x, c(0), x,
                  mul(c(act.alpha), em1));
  }
  case ActKind::Softsign:
    return arith::DivFOp::create(b, loc, x,
                                 add(c(1), math::AbsFOp::create(b, loc, x)));
  case ActKind::Softplus: {
    // max(x, 0) + log1p(exp(-|x|)): no overflow for large x.
    Value negAbs =
        arith::NegFOp::create(b, loc, math::AbsFOp::create(b, loc, x));
    return add(
        arith::MaximumFOp::create(b, loc, x, c(0)),
        math::Log1pOp::create(b, loc, math::ExpOp::create(b, loc, negAbs)));
  }
  }
  llvm_unreachable("activation kinds are covered");
}

//===----------------------------------------------------------------------===//
// Tensor helpers
//===----------------------------------------------------------------------===//

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

/// `x` with its dimensions permuted (linalg.transpose: any element type).
Value permute(ImplicitLocOpBuilder &b, Value x, ArrayRef<int64_t> perm) {
  auto t = NodeBinder::typeOf(x);
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(t.getDimSize(p));
  Value init = tensor::EmptyOp::create(b, shape, t.getElementType());
  return linalg::TransposeOp::create(b, x, init, perm).getResult()[0];
}

/// The static slice of `x` at `offsets` of `sizes`, dimensions of size 1
/// listed in `drop` removed.
Value slice(ImplicitLocOpBuilder &b, Value x, ArrayRef<int64_t> offsets,
            ArrayRef<int64_t> sizes, ArrayRef<int64_t> resultShape) {
  auto t = NodeBinder::typeOf(x);
  SmallVector<int64_t> strides(offsets.size(), 1);
  auto type = RankedTensorType::get(resultShape, t.getElementType());
  return tensor::ExtractSliceOp::create(
      b, type, x, ValueRange{}, ValueRange{}, ValueRange{},
      b.getDenseI64ArrayAttr(offsets), b.getDenseI64ArrayAttr(sizes),
      b.getDenseI64ArrayAttr(strides));
}

/// a [m, k] * w [k, n] -> [m, n] (linalg.matmul).
Value matmul(ImplicitLocOpBuilder &b, Value a, Value w) {
  auto at = NodeBinder::typeOf(a), wt = NodeBinder::typeOf(w);
  Type e = at.getElementType();
  auto type = RankedTensorType::get({at.getDimSize(0), wt.getDimSize(1)}, e);
  Value init = linalg::FillOp::create(
                   b, scalar(b, b.getLoc(), e, 0.0),
                   Value(tensor::EmptyOp::create(b, type.getShape(), e)))
                   .getResult(0);
  return linalg::MatmulOp::create(b, TypeRange{type}, ValueRange{a, w},
                                  ValueRange{init})
      .getResult(0);
}

/// The sum of the inputs, broadcast to `shape`.
Value sum(ImplicitLocOpBuilder &b, ValueRange xs, ArrayRef<int64_t> shape) {
  Type e = NodeBinder::typeOf(xs.front()).getElementType();
  return elementwise(b, xs, shape, e,
                     [](OpBuilder &nb, Location loc, ValueRange a) {
                       Value s = a[0];
                       for (Value v : a.drop_front())
                         s = arith::AddFOp::create(nb, loc, s, v);
                       return s;
                     });
}

/// `x` [seq, batch, f] with the steps of each batch entry reversed: step t
/// of entry b reads step len[b] - 1 - t while t < len[b], itself after
/// (all of them reversed when `lens`, [batch] i64 clamped to [0, seq], is
/// null).
Value reverseSteps(ImplicitLocOpBuilder &b, Value x, Value lens) {
  auto t = NodeBinder::typeOf(x);
  int64_t seq = t.getDimSize(0);
  SmallVector<Value> extra;
  if (lens)
    extra.push_back(reshape(b, lens, {1, t.getDimSize(1), 1}));
  return gatherByIndex(
      b, x, t.getShape(),
      [&](OpBuilder &nb, Location loc, ValueRange a) -> SmallVector<Value> {
        Value step = a[0];
        Value from;
        if (lens) {
          Value len =
              arith::IndexCastOp::create(nb, loc, nb.getIndexType(), a[3]);
          Value one = arith::ConstantIndexOp::create(nb, loc, 1);
          Value rev = arith::SubIOp::create(
              nb, loc, arith::SubIOp::create(nb, loc, len, one), step);
          Value valid = arith::CmpIOp::create(
              nb, loc, arith::CmpIPredicate::slt, step, len);
          from = arith::SelectOp::create(nb, loc, valid, rev, step);
        } else {
          from = arith::SubIOp::create(
              nb, loc, arith::ConstantIndexOp::create(nb, loc, seq - 1), step);
        }
        return {from, a[1], a[2]};
      },
      extra);
}

//===----------------------------------------------------------------------===//
// RNN, GRU, LSTM
//===----------------------------------------------------------------------===//

enum class Cell { RNN, GRU, LSTM };

struct Gates {
  /// Gates per cell: RNN 1, GRU 3 (z, r, h), LSTM 4 (i, o, f, c).
  int64_t count;
  /// Activation functions per direction.
  int64_t activations;
};

Gates gatesOf(Cell cell) {
  switch (cell) {
  case Cell::RNN:
    return {1, 1};
  case Cell::GRU:
    return {3, 2};
  case Cell::LSTM:
    return {4, 3};
  }
  llvm_unreachable("cells are covered");
}

/// The shape check of an input: `what` names it.
LogicalResult expectShape(NodeBinder &n, Value v, StringRef what,
                          ArrayRef<int64_t> shape) {
  ArrayRef<int64_t> got = NodeBinder::typeOf(v).getShape();
  if (got == shape)
    return success();
  return n.error() << what << " has shape [" << got << "], expected [" << shape
                   << "]";
}

LogicalResult convertRecurrent(NodeBinder &n, Cell cell) {
  ImplicitLocOpBuilder &b = n.b;
  const Gates gates = gatesOf(cell);
  std::string direction = n.str("direction", "forward");
  int64_t hiddenAttr = n.i64("hidden_size", -1);
  bool hasClip = n.hasAttr("clip");
  double clip = n.f32("clip", 0.0f);
  int64_t layout = n.since() >= 14 ? n.i64("layout", 0) : 0;
  bool linearBeforeReset =
      cell == Cell::GRU && n.i64("linear_before_reset", 0) != 0;
  bool inputForget = cell == Cell::LSTM && n.i64("input_forget", 0) != 0;
  if (n.failed())
    return failure();
  int64_t numDirections;
  if (direction == "forward" || direction == "reverse")
    numDirections = 1;
  else if (direction == "bidirectional")
    numDirections = 2;
  else
    return n.error() << "direction '" << direction
                     << "' is not forward, reverse or bidirectional";
  if (layout != 0 && layout != 1)
    return n.error() << "layout " << layout << " is not 0 or 1";
  if (hasClip && !(clip > 0))
    return n.error() << "clip " << clip << " is not positive";
  SmallVector<StringRef> defaults;
  if (cell == Cell::RNN)
    defaults = {"Tanh"};
  else if (cell == Cell::GRU)
    defaults = {"Sigmoid", "Tanh"};
  else
    defaults = {"Sigmoid", "Tanh", "Tanh"};
  FailureOr<SmallVector<Activation>> acts =
      readActivations(n, defaults, numDirections);
  if (failed(acts))
    return failure();

  FailureOr<Value> xIn = n.input(0), wIn = n.input(1), rIn = n.input(2);
  if (failed(xIn) || failed(wIn) || failed(rIn))
    return failure();
  Value bIn = n.optionalInput(3), lensIn = n.optionalInput(4),
        h0In = n.optionalInput(5);
  Value c0In, pIn;
  if (cell == Cell::LSTM) {
    c0In = n.optionalInput(6);
    pIn = n.optionalInput(7);
  }
  auto xt = NodeBinder::typeOf(*xIn);
  Type element = xt.getElementType();
  if (!isa<FloatType>(element))
    return n.error() << "X of element type " << element
                     << " is not a float type";
  if (xt.getRank() != 3)
    return n.error() << "X has rank " << xt.getRank() << ", expected 3";
  int64_t seq = xt.getDimSize(layout == 0 ? 0 : 1);
  int64_t batch = xt.getDimSize(layout == 0 ? 1 : 0);
  int64_t inputSize = xt.getDimSize(2);
  auto rt = NodeBinder::typeOf(*rIn);
  if (rt.getRank() != 3)
    return n.error() << "R has rank " << rt.getRank() << ", expected 3";
  int64_t hidden = rt.getDimSize(2);
  if (hiddenAttr >= 0 && hiddenAttr != hidden)
    return n.error() << "hidden_size " << hiddenAttr
                     << " differs from R's last dimension " << hidden;
  if (seq == 0 || batch == 0 || hidden == 0)
    return n.error() << "empty sequences, batches or hidden states are not "
                        "supported";
  int64_t width = gates.count * hidden;
  if (failed(expectShape(n, *wIn, "W", {numDirections, width, inputSize})) ||
      failed(expectShape(n, *rIn, "R", {numDirections, width, hidden})))
    return failure();
  if (bIn && failed(expectShape(n, bIn, "B", {numDirections, 2 * width})))
    return failure();
  SmallVector<int64_t> stateShape =
      layout == 0 ? SmallVector<int64_t>{numDirections, batch, hidden}
                  : SmallVector<int64_t>{batch, numDirections, hidden};
  if (h0In && failed(expectShape(n, h0In, "initial_h", stateShape)))
    return failure();
  if (c0In && failed(expectShape(n, c0In, "initial_c", stateShape)))
    return failure();
  if (pIn && failed(expectShape(n, pIn, "P", {numDirections, 3 * hidden})))
    return failure();
  for (auto [v, what] : {std::pair{*wIn, "W"}, std::pair{*rIn, "R"},
                         std::pair{bIn, "B"}, std::pair{h0In, "initial_h"},
                         std::pair{c0In, "initial_c"}, std::pair{pIn, "P"}})
    if (v && NodeBinder::typeOf(v).getElementType() != element)
      return n.error() << what << " has element type "
                       << NodeBinder::typeOf(v).getElementType() << ", X has "
                       << element;

  // sequence_lens: a full-length constant is the same as none; otherwise
  // [batch] i64 clamped to [0, seq].
  Value lens;
  if (lensIn) {
    auto lt = NodeBinder::typeOf(lensIn);
    if (!isa<IntegerType>(lt.getElementType()))
      return n.error() << "sequence_lens of element type "
                       << lt.getElementType() << " is not an integer type";
    if (failed(expectShape(n, lensIn, "sequence_lens", {batch})))
      return failure();
    bool full = false;
    std::optional<SmallVector<int64_t>> known;
    if (ElementsAttr c = n.constant(4))
      known = readInts(c, n.isUnsigned(4));
    if (known) {
      for (int64_t l : *known)
        if (l < 0 || l > seq)
          return n.error() << "sequence_lens holds " << l << ", outside [0, "
                           << seq << "]";
      full = llvm::all_of(*known, [&](int64_t l) { return l == seq; });
    }
    if (!full) {
      bool isUnsigned = n.isUnsigned(4);
      Type i64 = b.getI64Type();
      lens = elementwise(
          b, lensIn, {batch}, i64,
          [&](OpBuilder &nb, Location loc, ValueRange a) -> Value {
            Value l = convertScalar(nb, loc, a[0], i64, isUnsigned);
            l = arith::MaxSIOp::create(nb, loc, l, scalar(nb, loc, i64, 0));
            return arith::MinSIOp::create(nb, loc, l,
                                          scalar(nb, loc, i64, double(seq)));
          });
    }
  }

  // Everything in the compute type, layout 0.
  Type ct = element.isF64() ? element : b.getF32Type();
  Value x = toElement(b, *xIn, ct), w = toElement(b, *wIn, ct),
        r = toElement(b, *rIn, ct);
  if (layout == 1)
    x = permute(b, x, {1, 0, 2});
  auto stateOf = [&](Value v) -> Value {
    if (!v)
      return splat(b, RankedTensorType::get({numDirections, batch, hidden}, ct),
                   0.0);
    v = toElement(b, v, ct);
    return layout == 1 ? permute(b, v, {1, 0, 2}) : v;
  };
  Value h0 = stateOf(h0In);
  Value c0 = cell == Cell::LSTM ? stateOf(c0In) : Value();
  Value bias = bIn ? toElement(b, bIn, ct) : Value();
  Value peep = pIn ? toElement(b, pIn, ct) : Value();

  Value cmin, cmax;
  if (hasClip) {
    cmin = scalar(b, b.getLoc(), ct, -clip);
    cmax = scalar(b, b.getLoc(), ct, clip);
  }
  auto clipped = [&](OpBuilder &nb, Location loc, Value v) -> Value {
    if (!hasClip)
      return v;
    v = arith::MaximumFOp::create(nb, loc, v, cmin);
    return arith::MinimumFOp::create(nb, loc, v, cmax);
  };
  SmallVector<int64_t> stepShape = {batch, hidden};

  SmallVector<Value> ys, hs, cs;
  for (int64_t d = 0; d < numDirections; ++d) {
    bool reverse =
        direction == "reverse" || (direction == "bidirectional" && d == 1);
    ArrayRef<Activation> act =
        ArrayRef(*acts).slice(d * gates.activations, gates.activations);
    Value wd =
        slice(b, w, {d, 0, 0}, {1, width, inputSize}, {width, inputSize});
    Value rd = slice(b, r, {d, 0, 0}, {1, width, hidden}, {width, hidden});
    Value wT = permute(b, wd, {1, 0}); // [input, width]
    Value rT = permute(b, rd, {1, 0}); // [hidden, width]
    // The biases added to the input projection: Wb + Rb, except GRU's Rbh
    // with linear_before_reset, which the reset gate scales.
    Value projBias, rbh;
    if (bias) {
      Value wb = slice(b, bias, {d, 0}, {1, width}, {width});
      Value rb = slice(b, bias, {d, width}, {1, width}, {width});
      if (linearBeforeReset) {
        rbh = slice(b, rb, {2 * hidden}, {hidden}, {hidden});
        Value rbzr = slice(b, rb, {0}, {2 * hidden}, {2 * hidden});
        Value zeros = splat(b, RankedTensorType::get({hidden}, ct), 0.0);
        Value init = tensor::EmptyOp::create(b, ArrayRef<int64_t>{width}, ct);
        rb = tensor::InsertSliceOp::create(
            b, rbzr, init, ValueRange{}, ValueRange{}, ValueRange{},
            b.getDenseI64ArrayAttr({0}), b.getDenseI64ArrayAttr({2 * hidden}),
            b.getDenseI64ArrayAttr({1}));
        rb = tensor::InsertSliceOp::create(
            b, zeros, rb, ValueRange{}, ValueRange{}, ValueRange{},
            b.getDenseI64ArrayAttr({2 * hidden}),
            b.getDenseI64ArrayAttr({hidden}), b.getDenseI64ArrayAttr({1}));
      }
      projBias = sum(b, {wb, rb}, {width});
    }
    SmallVector<Value> pd;
    if (peep)
      for (int64_t g = 0; g < 3; ++g) // i, o, f
        pd.push_back(slice(b, peep, {d, g * hidden}, {1, hidden}, {hidden}));

    Value xd = reverse ? reverseSteps(b, x, lens) : x;
    Value proj = matmul(b, reshape(b, xd, {seq * batch, inputSize}), wT);
    if (projBias)
      proj = sum(b, {proj, projBias}, {seq * batch, width});
    proj = reshape(b, proj, {seq, batch, width});

    Value hInit = slice(b, h0, {d, 0, 0}, {1, batch, hidden}, stepShape);
    SmallVector<Value> iterInit = {hInit};
    if (cell == Cell::LSTM)
      iterInit.push_back(
          slice(b, c0, {d, 0, 0}, {1, batch, hidden}, stepShape));
    iterInit.push_back(
        splat(b, RankedTensorType::get({seq, batch, hidden}, ct), 0.0));

    Value lensCol = lens ? reshape(b, lens, {batch, 1}) : Value();
    // GRU's R^T of the update and reset gates, and of the hidden gate.
    Value rzr, rh;
    if (cell == Cell::GRU) {
      rzr = slice(b, rT, {0, 0}, {hidden, 2 * hidden}, {hidden, 2 * hidden});
      rh = slice(b, rT, {0, 2 * hidden}, {hidden, hidden}, {hidden, hidden});
    }
    Value lb = arith::ConstantIndexOp::create(b, 0);
    Value ub = arith::ConstantIndexOp::create(b, seq);
    Value one = arith::ConstantIndexOp::create(b, 1);
    auto loop = scf::ForOp::create(
        b, lb, ub, one, iterInit,
        [&](OpBuilder &ob, Location loc, Value s, ValueRange iter) {
          ImplicitLocOpBuilder sb(loc, ob);
          Value h = iter[0];
          Value c = cell == Cell::LSTM ? iter[1] : Value();
          Value y = iter.back();
          Value xs = tensor::ExtractSliceOp::create(
              sb, RankedTensorType::get({batch, width}, ct), proj,
              ValueRange{s}, ValueRange{}, ValueRange{},
              sb.getDenseI64ArrayAttr({ShapedType::kDynamic, 0, 0}),
              sb.getDenseI64ArrayAttr({1, batch, width}),
              sb.getDenseI64ArrayAttr({1, 1, 1}));
          auto gate = [&](Value v, int64_t g) {
            return slice(sb, v, {0, g * hidden}, {batch, hidden}, stepShape);
          };
          auto actOf = [&](const Activation &a) {
            return [&, a](OpBuilder &nb, Location l, Value v) {
              return applyActivation(nb, l, a, clipped(nb, l, v));
            };
          };
          Value hNew, cNew;
          if (cell == Cell::RNN) {
            Value pre = sum(sb, {xs, matmul(sb, h, rT)}, stepShape);
            auto f = actOf(act[0]);
            hNew = elementwise(sb, pre, stepShape, ct,
                               [&](OpBuilder &nb, Location l, ValueRange a) {
                                 return f(nb, l, a[0]);
                               });
          } else if (cell == Cell::GRU) {
            auto f = actOf(act[0]), g = actOf(act[1]);
            Value hzr = matmul(sb, h, rzr);
            auto gateOf = [&](int64_t k) {
              return elementwise(
                  sb, {gate(xs, k), gate(hzr, k)}, stepShape, ct,
                  [&](OpBuilder &nb, Location l, ValueRange a) {
                    return f(nb, l, arith::AddFOp::create(nb, l, a[0], a[1]));
                  });
            };
            Value z = gateOf(0), rg = gateOf(1);
            Value xh = gate(xs, 2);
            Value cand;
            if (linearBeforeReset) {
              Value hh = matmul(sb, h, rh);
              SmallVector<Value> in = {xh, rg, hh};
              if (rbh)
                in.push_back(rbh);
              cand = elementwise(
                  sb, in, stepShape, ct,
                  [&](OpBuilder &nb, Location l, ValueRange a) {
                    Value lin = a[2];
                    if (a.size() > 3)
                      lin = arith::AddFOp::create(nb, l, lin, a[3]);
                    Value v = arith::AddFOp::create(
                        nb, l, a[0], arith::MulFOp::create(nb, l, a[1], lin));
                    return g(nb, l, v);
                  });
            } else {
              Value reset = elementwise(
                  sb, {rg, h}, stepShape, ct,
                  [](OpBuilder &nb, Location l, ValueRange a) {
                    return Value(arith::MulFOp::create(nb, l, a[0], a[1]));
                  });
              Value hh = matmul(sb, reset, rh);
              cand = elementwise(
                  sb, {xh, hh}, stepShape, ct,
                  [&](OpBuilder &nb, Location l, ValueRange a) {
                    return g(nb, l, arith::AddFOp::create(nb, l, a[0], a[1]));
                  });
            }
            // (1 - z) h~ + z h = h~ + z (h - h~).
            hNew = elementwise(
                sb, {z, cand, h}, stepShape, ct,
                [](OpBuilder &nb, Location l, ValueRange a) {
                  Value diff = arith::SubFOp::create(nb, l, a[2], a[1]);
                  return Value(arith::AddFOp::create(
                      nb, l, a[1], arith::MulFOp::create(nb, l, a[0], diff)));
                });
          } else {
            auto f = actOf(act[0]), g = actOf(act[1]);
            const Activation hAct = act[2];
            Value pre = sum(sb, {xs, matmul(sb, h, rT)}, {batch, width});
            // i, f and c~ give the cell state: i = f(pre_i + Pi c),
            // f = f(pre_f + Pf c) (1 - i with input_forget), c~ = g(pre_c).
            SmallVector<Value> in = {gate(pre, 0), gate(pre, 2), gate(pre, 3),
                                     c};
            if (!pd.empty())
              llvm::append_range(in, ArrayRef<Value>{pd[0], pd[2]});
            cNew = elementwise(
                sb, in, stepShape, ct,
                [&](OpBuilder &nb, Location l, ValueRange a) {
                  Value pi = a[0], pf = a[1], pc = a[2], cPrev = a[3];
                  if (a.size() > 4) {
                    pi = arith::AddFOp::create(
                        nb, l, pi, arith::MulFOp::create(nb, l, a[4], cPrev));
                    pf = arith::AddFOp::create(
                        nb, l, pf, arith::MulFOp::create(nb, l, a[5], cPrev));
                  }
                  Value ig = f(nb, l, pi);
                  Value fg = inputForget
                                 ? Value(arith::SubFOp::create(
                                       nb, l, scalar(nb, l, ct, 1.0), ig))
                                 : f(nb, l, pf);
                  Value cg = g(nb, l, pc);
                  return Value(arith::AddFOp::create(
                      nb, l, arith::MulFOp::create(nb, l, fg, cPrev),
                      arith::MulFOp::create(nb, l, ig, cg)));
                });
            // o = f(pre_o + Po C), H = o h(C).
            SmallVector<Value> oin = {gate(pre, 1), cNew};
            if (!pd.empty())
              oin.push_back(pd[1]);
            hNew = elementwise(
                sb, oin, stepShape, ct,
                [&](OpBuilder &nb, Location l, ValueRange a) {
                  Value po = a[0];
                  if (a.size() > 2)
                    po = arith::AddFOp::create(
                        nb, l, po, arith::MulFOp::create(nb, l, a[2], a[1]));
                  Value og = f(nb, l, po);
                  return Value(arith::MulFOp::create(
                      nb, l, og, applyActivation(nb, l, hAct, a[1])));
                });
          }
          // Steps at or past a batch entry's length keep its states and
          // write zeros.
          Value ys = hNew;
          if (lens) {
            auto keep = [&](Value next, Value prev) {
              SmallVector<Value> in = {lensCol, next};
              if (prev)
                in.push_back(prev);
              return elementwise(
                  sb, in, stepShape, ct,
                  [&](OpBuilder &nb, Location l, ValueRange a) {
                    Value si =
                        arith::IndexCastOp::create(nb, l, nb.getI64Type(), s);
                    Value valid = arith::CmpIOp::create(
                        nb, l, arith::CmpIPredicate::slt, si, a[0]);
                    Value other = a.size() > 2 ? a[2] : scalar(nb, l, ct, 0.0);
                    return Value(
                        arith::SelectOp::create(nb, l, valid, a[1], other));
                  });
            };
            ys = keep(hNew, Value());
            hNew = keep(hNew, h);
            if (cNew)
              cNew = keep(cNew, c);
          }
          Value ys3 = reshape(sb, ys, {1, batch, hidden});
          y = tensor::InsertSliceOp::create(
              sb, ys3, y, ValueRange{s}, ValueRange{}, ValueRange{},
              sb.getDenseI64ArrayAttr({ShapedType::kDynamic, 0, 0}),
              sb.getDenseI64ArrayAttr({1, batch, hidden}),
              sb.getDenseI64ArrayAttr({1, 1, 1}));
          // The states are copied into the buffers they came in (what
          // bufferization needs of scf.for's yielded values).
          auto into = [&](Value v, Value dest) {
            return linalg::CopyOp::create(sb, TypeRange{dest.getType()}, v,
                                          dest)
                .getResult(0);
          };
          SmallVector<Value> next = {into(hNew, h)};
          if (cNew)
            next.push_back(into(cNew, c));
          next.push_back(y);
          scf::YieldOp::create(sb, next);
        });
    Value yd = loop.getResults().back();
    if (reverse)
      yd = reverseSteps(b, yd, lens);
    ys.push_back(yd);
    hs.push_back(loop.getResult(0));
    if (cell == Cell::LSTM)
      cs.push_back(loop.getResult(1));
  }

  // Y [seq, dirs, batch, hidden] (layout 1: [batch, seq, dirs, hidden]);
  // Y_h, Y_c [dirs, batch, hidden] (layout 1: [batch, dirs, hidden]).
  auto stack = [&](ArrayRef<Value> parts, int64_t axis) -> Value {
    auto pt = NodeBinder::typeOf(parts.front());
    SmallVector<int64_t> shape(pt.getShape());
    shape.insert(shape.begin() + axis, numDirections);
    Value out = tensor::EmptyOp::create(b, shape, ct);
    for (auto [d, p] : llvm::enumerate(parts)) {
      SmallVector<int64_t> offsets(shape.size(), 0), sizes(shape);
      offsets[axis] = int64_t(d);
      sizes[axis] = 1;
      SmallVector<int64_t> strides(shape.size(), 1);
      out = tensor::InsertSliceOp::create(
          b, reshape(b, p, sizes), out, ValueRange{}, ValueRange{},
          ValueRange{}, b.getDenseI64ArrayAttr(offsets),
          b.getDenseI64ArrayAttr(sizes), b.getDenseI64ArrayAttr(strides));
    }
    return out;
  };
  auto finish = [&](Value v, ArrayRef<int64_t> perm) {
    if (layout == 1)
      v = permute(b, v, perm);
    return toElement(b, v, element);
  };
  if (failed(n.output(0, finish(stack(ys, 1), {2, 0, 1, 3}))) ||
      failed(n.output(1, finish(stack(hs, 0), {1, 0, 2}))))
    return failure();
  if (cell == Cell::LSTM &&
      failed(n.output(2, finish(stack(cs, 0), {1, 0, 2}))))
    return failure();
  return success();
}

} // namespace

void mlir::qnn::onnx_to_qnn::populateSequenceHandlers(OpRegistry &r) {
  r.add("RNN", {7, 14, 22},
        [](NodeBinder &n) { return convertRecurrent(n, Cell::RNN); });
  r.add("GRU", {7, 14, 22},
        [](NodeBinder &n) { return convertRecurrent(n, Cell::GRU); });
  r.add("LSTM", {7, 14, 22},
        [](NodeBinder &n) { return convertRecurrent(n, Cell::LSTM); });
}
