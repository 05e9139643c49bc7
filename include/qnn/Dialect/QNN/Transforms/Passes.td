//===- Passes.td - qnn dialect transforms ------------------*- tablegen -*-===//
//
// This file declares the passes that transform qnn IR within the dialect.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_TRANSFORMS_PASSES_TD
#define QNN_DIALECT_QNN_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def QNNLegalizeQuantizers : Pass<"qnn-legalize-quantizers"> {
  let summary = "Rewrite scheme quantizers into typed codes and dequantize";
  let description = [{
    Replaces every scheme op (`qnn.pact`, `qnn.sawb`, `qnn.apot`, `qnn.hwgq`,
    `qnn.learned_levels`, `qnn.slb`, `qnn.binary`, `qnn.ternary`) by codes of
    a quantized type followed by `qnn.dequantize`, with the codes the reference
    library gives, bit for bit:

    - On a constant input (weights), the codes are computed now and become a
      `qnn.constant`; statistics the scheme takes from the data (SAWB's alpha,
      APoT's normalisation, mean |w| of binary weights, TWN's threshold) come
      from the constant.
    - On a run-time input (activations), a `qnn.multithreshold` computes the
      codes, with thresholds derived exactly from the scheme's quantizer, so
      `multithreshold` and the scheme give the same code for every f32 input.

    The typed forms: PACT `!qnn.uniform<uK, alpha / (2^K - 1)>`; SAWB the odd
    integers times `alpha / (2^b - 1)` (ternary `[-1, 0, 1] * alpha`); APoT
    the integer numerators of its level set times `alpha / denominator`; HWGQ
    `!qnn.uniform<uB, step>` (non-uniform: `[0, 0.453, 1.51]`); learned levels
    their real tables (per channel with `axis`); SLB `2i - (n - 1)` times
    `1 / (n - 1)`; binary `[-1, 1] * scale`; ternary `[-1, 0, 1] * scale`.
    Dequantized values are `scale * level`, which can differ from the paper's
    float formula in the last ulp; the codes are exact.

    ```mlir
    // Before
    %w = arith.constant dense<[[0.3, -0.1], [0.05, -0.4]]> : tensor<2x2xf32>
    %wq = qnn.sawb %w {bits = 2 : i32} : tensor<2x2xf32>
    %a = qnn.pact %x {alpha = 1.5 : f32} : tensor<1x2xf32>
    // After
    %c = qnn.constant dense<[[3, 1], [2, 0]]> : tensor<2x2xui8>
        -> tensor<2x2x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.1315...>>
    %wq = qnn.dequantize %c : ... -> tensor<2x2xf32>
    %q = qnn.multithreshold %x {thresholds = dense<[[0.25, 0.75, 1.25]]> : tensor<1x3xf32>}
        : tensor<1x2xf32> -> tensor<1x2x!qnn.uniform<u2:f32, 0.5>>
    %a = qnn.dequantize %q : ... -> tensor<1x2xf32>
    ```

    Schemes that need their input's values (SAWB, APoT with `normalize`,
    binary without `scale`, ternary without parameters, SLB logits) are
    reported when that input is not a constant.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

def QNNOptimizeLayout : Pass<"qnn-optimize-layout"> {
  let summary = "Cancel and move the layout transposes around NHWC layers";
  let description = [{
    `convert-onnx-to-qnn` keeps ONNX's NCHW semantics and wraps each NHWC
    TOSA layer (convolution, pooling) in a transpose in and one out. This
    pass first sinks transposes through elementwise ops (TOSA's, and qnn's
    quantizers with their channel axis moved) whose other operands are
    transposed alike or constant, composing transposes and folding them
    into constants (resource blobs included), so chains of layers stay NHWC
    between their ends. Then it hoists what remains in front of a layer
    above its quantizers (a reshape too, when the quantizer's channel
    survives it; a transpose above a pad) so layers read `qnn.dequantize`
    of codes, as `qnn-form-integer-layers` needs, and folds a zero pad of
    the image into the next convolution's padding.

    ```mlir
    // Before: conv -> relu -> conv, each conv between transposes
    %a = tosa.transpose %c1 {perms = array<i32: 0, 3, 1, 2>} : ...
    %r = tosa.clamp %a {...} : ...
    %b = tosa.transpose %r {perms = array<i32: 0, 2, 3, 1>} : ...
    %c2 = tosa.conv2d %b, ...
    // After
    %r = tosa.clamp %c1 {...} : ...
    %c2 = tosa.conv2d %r, ...
    ```
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::tosa::TosaDialect"];
}

def QNNFormIntegerLayers : Pass<"qnn-form-integer-layers"> {
  let summary = "Turn float layers over dequantized codes into integer layers";
  let description = [{
    Rewrites `tosa.conv2d` and `tosa.matmul` (batch 1) whose input is the
    `qnn.dequantize` of codes and whose weight is the `qnn.dequantize` of
    constant codes into `qnn.conv2d` / `qnn.dense` on the codes, followed by
    `qnn.rescale` with `scale = s_in * s_w[o]` and the layer's bias:

    ```mlir
    // Before
    %x = qnn.dequantize %xq : tensor<1x8x8x4x!qnn.uniform<u2:f32, 0.5>> -> tensor<1x8x8x4xf32>
    %w = qnn.dequantize %wq : tensor<6x3x3x4x!qnn.codebook<u2:f32, [-3, -1, 1, 3] * 0.1>> -> tensor<6x3x3x4xf32>
    %y = tosa.conv2d %x, %w, %b, %zp, %zp {pad = array<i64: 1, 1, 1, 1>, ...}
    // After
    %acc = qnn.conv2d %xq, %wq {padding = array<i64: 1, 1, 1, 1>} : ... -> tensor<1x8x8x6xi32>
    %y = qnn.rescale %acc {axis = 3 : i64, bias = array<f64: ...>, scale = array<f64: 0.05, ...>}
    ```

    The input's type must be per tensor (its scale factors out of the sum)
    and both types need integer levels; layers that don't qualify, or whose
    accumulator could overflow i32, stay in float.
  }];
  let dependentDialects = ["::mlir::tensor::TensorDialect"];
}

def QNNFuseEpilogues : Pass<"qnn-fuse-epilogues"> {
  let summary = "Fold a layer's float epilogue and next quantizer into integer thresholds";
  let description = [{
    Matches `qnn.rescale` -> a chain of monotone elementwise TOSA ops with
    constant operands (`tosa.add`, `tosa.sub`, `tosa.mul` — bias, batch
    norm, scales — `tosa.clamp`, `tosa.maximum`, `tosa.minimum` — ReLU,
    PACT / HWGQ clipping) -> `qnn.multithreshold` or `qnn.quantize` of the
    f32 values (the next activation quantizer: FINN MultiThreshold, QONNX
    Quant and BipolarQuant, QuantizeLinear; positive scales), and replaces
    it by one `qnn.multithreshold` on the integer accumulator. Reshapes in
    the chain that keep the channels innermost (Gemm's 2-D <-> 3-D) are
    looked through; the codes take the quantizer's shape. The integer
    thresholds are exact: for each channel, the
    epilogue is evaluated in f32 exactly as the float ops would, and the
    smallest accumulator reaching each code is found by bisection. Channels
    whose epilogue decreases (negative scale or gamma) compare the negated
    accumulator (`negate`).

    ```mlir
    // Before
    %y = qnn.rescale %acc {axis = 3 : i64, bias = ..., scale = ...} : tensor<1x8x8x6xi32> -> tensor<1x8x8x6xf32>
    %r = tosa.clamp %y {max_val = 3.4e38 : f32, min_val = 0.0 : f32} : ...
    %q = qnn.multithreshold %r {thresholds = dense<[[0.25, 0.75, 1.25]]> : tensor<1x3xf32>} : ...
    // After
    %q = qnn.multithreshold %acc {axis = 3 : i64, thresholds = dense<[[...], ...]> : tensor<6x3xi64>} : ...
    ```
  }];
}

def QNNRecordModelInterface : Pass<"qnn-record-model-interface", "ModuleOp"> {
  let summary = "Record each entry point's tensors for the runtime";
  let description = [{
    Every public function with a body is an entry point of the compiled
    model. This pass records, while types are still tensors, each argument's
    and result's element type (as a `qnn_dtype` of qnn/qnn_runtime.h;
    quantized tensors travel as one code per byte) and static shape in a
    `qnn.interface` attribute, and requests MLIR's C interface wrappers.
    Dynamic shapes and other element types are reported.

    ```mlir
    func.func @forward(%x: tensor<1x4xf32>) -> tensor<1x2xf32>
    // becomes
    func.func @forward(%x: tensor<1x4xf32>) -> tensor<1x2xf32> attributes {
      llvm.emit_c_interface,
      qnn.interface = {inputs = [[1 : i32, 1, 4]], names = ["x", "output0"], outputs = [[1 : i32, 1, 2]]}}
    ```
  }];
}

def QNNEmitModelInterface : Pass<"qnn-emit-model-interface", "ModuleOp"> {
  let summary = "Emit the model descriptor and packed entry points";
  let description = [{
    Runs on the LLVM dialect, after `qnn-record-model-interface` and the
    lowering (results are out-parameters). For each entry point it emits
    `void qnn_packed_<name>(void **descriptors)`, which calls the C interface
    wrapper with one memref descriptor per input and output, and one
    constant `qnn_model_desc` (see qnn/qnn_runtime.h) named `symbol` that
    lists the entry points with their tensors' names, element types and
    shapes. `qnn_model_run` of libqnn_runtime checks caller tensors against
    it and calls the packed function.
  }];
  let options = [
    Option<"symbol", "symbol", "std::string", /*default=*/"\"qnn_model\"",
           "Name of the exported model descriptor">,
  ];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def QNNFuseElementwise : Pass<"qnn-fuse-elementwise"> {
  let summary = "Fuse chains of elementwise linalg ops, sparing marked layers";
  let description = [{
    Runs on tensors, after `convert-qnn-to-linalg`. Each all-parallel
    `linalg.generic` whose result has a single use is fused into the
    `linalg.generic` that consumes it (upstream's elementwise fusion), so
    that a chain such as bias subtraction, thresholds and the byte shift of
    the next layer's activations makes one pass over memory instead of one
    per op. Generics marked `qnn.layer` never absorb a producer: their
    kernel pass matches them operand for operand.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

#endif // QNN_DIALECT_QNN_TRANSFORMS_PASSES_TD
