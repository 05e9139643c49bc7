//===- Passes.td - qnn conversion passes -------------------*- tablegen -*-===//
//
// This file declares the passes that convert between qnn and other dialects.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_CONVERSION_PASSES_TD
#define QNN_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertQuantToQNN : Pass<"convert-quant-to-qnn"> {
  let summary = "Convert upstream !quant.uniform types and quant casts to qnn";
  let description = [{
    Rewrites every upstream `!quant.uniform` type (per tensor and per axis)
    into the equivalent `!qnn.uniform`, wherever it appears: function
    signatures, block arguments and the results of any operation. The casts
    become qnn ops: `quant.qcast` -> `qnn.quantize`, `quant.dcast` ->
    `qnn.dequantize`, `quant.scast` -> `qnn.storage_cast`. The conversion is
    lossless: scale, zero point, storage range and axis carry over exactly.

    ```mlir
    // Before
    func.func @f(%x: tensor<4xf32>) -> tensor<4x!quant.uniform<i8:f32, 0.5:-3>> {
      %q = quant.qcast %x : tensor<4xf32> to tensor<4x!quant.uniform<i8:f32, 0.5:-3>>
      return %q : tensor<4x!quant.uniform<i8:f32, 0.5:-3>>
    }
    // After
    func.func @f(%x: tensor<4xf32>) -> tensor<4x!qnn.uniform<i8:f32, 0.5:-3>> {
      %q = qnn.quantize %x : tensor<4xf32> -> tensor<4x!qnn.uniform<i8:f32, 0.5:-3>>
      return %q : tensor<4x!qnn.uniform<i8:f32, 0.5:-3>>
    }
    ```

    Types qnn cannot represent (storage wider than 8 bits, sub-channel
    blockwise scales, `!quant.any` / `!quant.calibrated` without a scale) are
    reported at each operation that uses them and the pass fails.
  }];
  let dependentDialects = ["::mlir::qnn::QNNDialect"];
}

def ConvertQNNToQuant : Pass<"convert-qnn-to-quant"> {
  let summary = "Convert qnn uniform types and casts to upstream quant";
  let description = [{
    The inverse of `convert-quant-to-qnn`: `!qnn.uniform` becomes
    `!quant.uniform`, `qnn.quantize` / `qnn.dequantize` / `qnn.storage_cast`
    become `quant.qcast` / `quant.dcast` / `quant.scast`, and `qnn.constant`
    becomes an `arith.constant` of storage integers followed by `quant.scast`.

    ```mlir
    // Before
    %q = qnn.constant dense<[1, 3]> : tensor<2xui8> -> tensor<2x!qnn.uniform<u2:f32, 0.5>>
    // After
    %c = arith.constant dense<[1, -1]> : tensor<2xi2>
    %q = quant.scast %c : tensor<2xi2> to tensor<2x!quant.uniform<u2:f32, 5.000000e-01>>
    ```

    Codebook types, non-default rounding modes and qnn ops without an upstream
    counterpart (such as `qnn.pack`) are reported and the pass fails.
  }];
  let dependentDialects = ["::mlir::quant::QuantDialect",
                           "::mlir::arith::ArithDialect"];
}

def ConvertQNNToLinalg : Pass<"convert-qnn-to-linalg"> {
  let summary = "Lower qnn codes and integer layers to linalg on i8 code tensors";
  let description = [{
    The portable lowering of the CPU pipeline (`target=generic`). Quantized
    tensors become `i8` tensors holding each code's bits; every op becomes
    linalg, tensor and arith ops whose constants the reference library
    computes:

    - `qnn.constant` -> `arith.constant` of codes;
    - `qnn.dequantize` -> for uniform types the reference's f32
      `scale * float(code - zero point)`, computed; for codebooks a lookup
      in a `[channels, codes]` table of the reference's values;
    - `qnn.multithreshold` -> one elementwise `linalg.generic` that counts,
      per element, the thresholds of its channel the input reaches: up to
      16 compared one by one; more by an arithmetic estimate corrected by a
      compare each way (evenly spaced f32 rows, the estimate proven within
      one of the count at compile time) or else a binary search;
      `qnn.quantize` -> the same, with the exact thresholds of its rounding;
    - `qnn.dense` / `qnn.conv2d` -> a lookup of integer levels, then an i32
      `linalg.generic` matmul / `tensor.pad` with 0 and
      `linalg.conv_2d_nhwc_fhwc` (with `vnni-conv`, a marked u8 x s8
      generic for the x86 kernels where they apply);
    - `qnn.max_pool2d` -> max pooling of the i8 code bits;
    - `qnn.storage_cast` -> `arith.trunci` / `arith.extsi` / `arith.extui`.

    ```mlir
    // Before
    %q = qnn.multithreshold %x {thresholds = dense<[[0.25, 0.75, 1.25]]> : tensor<1x3xf32>}
        : tensor<4xf32> -> tensor<4x!qnn.uniform<u2:f32, 0.5>>
    // After (abridged)
    %q = linalg.generic {iterator_types = ["parallel"]}
        ins(%x : tensor<4xf32>) outs(%e : tensor<4xi8>) {
      ... three arith.cmpf oge against tensor.extract %thresholds, summed ...
    }
    ```

    Scheme quantizers must be legalized first (`qnn-legalize-quantizers`);
    `qnn.pack` / `qnn.unpack` have no portable lowering yet. Both are
    reported.
  }];
  let options = [
    Option<"vnniConv", "vnni-conv", "bool", /*default=*/"false",
           "Lower qnn.conv2d and qnn.dense with constant weights and 8-bit "
           "levels to u8 x s8 generics marked for the x86 kernels "
           "(qnn-x86-vnni-conv); implied when the module's #qnn.target has "
           "layer kernels (AVX2, AVX-512 VNNI, AMX, NVIDIA GPUs)">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect"];
}

def ConvertONNXToQNN : Pass<"convert-onnx-to-qnn", "::mlir::ModuleOp"> {
  let summary = "Give imported ONNX nodes their meaning in TOSA, linalg and qnn";
  let description = [{
    Converts the `onnx` dialect the importer writes: each `onnx.node` goes
    to the handler registered for its (domain, operator type) and read by
    the definition of the operator's since-version that the node's opset
    selects (docs/ONNX.md lists every operator, domain and since-version
    qnn reads). Constants become `arith.constant` (resource blobs kept);
    shape arithmetic on constants is evaluated. Float layers and the
    elementwise ops quantized layers fold are TOSA, in ONNX's layout with
    explicit layout transposes around NHWC ops (`qnn-optimize-layout`
    removes them along chains); other computation is `linalg.generic`;
    quantizers are qnn ops. The function's signature takes signless types
    and records each input's and output's ONNX element type as `qnn.dtype`.
    A node qnn cannot convert is an error naming it, never skipped: an
    unknown operator, a since-version qnn does not read, an attribute a
    handler does not consume, a value that must be known at compile time.

    ```mlir
    // Before
    func.func @forward(%x: tensor<2x3xf32> {qnn.name = "x"}) -> (tensor<2x3xf32> {qnn.name = "y"}) {
      %y = onnx.node "Relu" <"ai.onnx", 14> (%x) {} : (tensor<2x3xf32>) -> tensor<2x3xf32>
      return %y : tensor<2x3xf32>
    }
    // After
    func.func @forward(%x: tensor<2x3xf32> {qnn.dtype = "f32", qnn.name = "x"}) -> (tensor<2x3xf32> {qnn.dtype = "f32", qnn.name = "y"}) {
      %y = tosa.clamp %x {max_val = 0x7F800000 : f32, min_val = 0.000000e+00 : f32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
      return %y : tensor<2x3xf32>
    }
    ```
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::tosa::TosaDialect",
                           "::mlir::qnn::QNNDialect"];
}

#endif // QNN_CONVERSION_PASSES_TD
