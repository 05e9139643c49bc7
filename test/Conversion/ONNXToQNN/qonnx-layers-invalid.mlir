// RUN: qnn-opt %s --convert-onnx-to-qnn -split-input-file -verify-diagnostics

// Errors of the QONNX / FINN layer operators and the channels-last domain.

func.func @im2col_missing(%x: tensor<1x4x4x2xf32>) -> tensor<1x2x2x18xf32> {
  // expected-error @+1 {{Im2Col node 'i' (domain 'qonnx.custom_op.general'): attribute 'stride' is missing}}
  %y = onnx.node "Im2Col"<"qonnx.custom_op.general", 1> name "i"(%x) {kernel_size = array<i64: 3, 3>, input_shape = "(1, 4, 4, 2)"} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x18xf32>
  return %y : tensor<1x2x2x18xf32>
}

// -----

func.func @im2col_stride(%x: tensor<1x4x4x2xf32>) -> tensor<1x2x2x18xf32> {
  // expected-error @+1 {{Im2Col node 'i' (domain 'qonnx.custom_op.general'): attribute 'stride' [1] must be 2 values of at least 1}}
  %y = onnx.node "Im2Col"<"qonnx.custom_op.general", 1> name "i"(%x) {stride = array<i64: 1>, kernel_size = array<i64: 3, 3>, input_shape = "(1, 4, 4, 2)"} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x18xf32>
  return %y : tensor<1x2x2x18xf32>
}

// -----

func.func @im2col_kernel(%x: tensor<1x4x4x2xf32>) -> tensor<1x2x2x18xf32> {
  // expected-error @+1 {{Im2Col node 'i' (domain 'qonnx.custom_op.general'): attribute 'kernel_size' [0, 3] must be 2 values of at least 1}}
  %y = onnx.node "Im2Col"<"qonnx.custom_op.general", 1> name "i"(%x) {stride = array<i64: 1, 1>, kernel_size = array<i64: 0, 3>, input_shape = "(1, 4, 4, 2)"} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x18xf32>
  return %y : tensor<1x2x2x18xf32>
}

// -----

func.func @im2col_dilations(%x: tensor<1x4x4x2xf32>) -> tensor<1x2x2x18xf32> {
  // expected-error @+1 {{Im2Col node 'i' (domain 'qonnx.custom_op.general'): attribute 'dilations' [1, 0] must be 2 values of at least 1}}
  %y = onnx.node "Im2Col"<"qonnx.custom_op.general", 1> name "i"(%x) {kernel_size = array<i64: 3, 3>, stride = array<i64: 1, 1>, input_shape = "(1, 4, 4, 2)", dilations = array<i64: 1, 0>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x18xf32>
  return %y : tensor<1x2x2x18xf32>
}

// -----

func.func @im2col_pads(%x: tensor<1x4x4x2xf32>) -> tensor<1x2x2x18xf32> {
  // expected-error @+1 {{Im2Col node 'i' (domain 'qonnx.custom_op.general'): attribute 'pad_amount' [1, -1, 1, 1] must be 4 values of at least 0}}
  %y = onnx.node "Im2Col"<"qonnx.custom_op.general", 1> name "i"(%x) {kernel_size = array<i64: 3, 3>, stride = array<i64: 1, 1>, input_shape = "(1, 4, 4, 2)", pad_amount = array<i64: 1, -1, 1, 1>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x18xf32>
  return %y : tensor<1x2x2x18xf32>
}

// -----

func.func @im2col_depthwise(%x: tensor<1x4x4x2xf32>) -> tensor<1x2x2x18xf32> {
  // expected-error @+1 {{Im2Col node 'i' (domain 'qonnx.custom_op.general'): attribute 'depthwise' 2 is not 0 or 1}}
  %y = onnx.node "Im2Col"<"qonnx.custom_op.general", 1> name "i"(%x) {kernel_size = array<i64: 3, 3>, stride = array<i64: 1, 1>, input_shape = "(1, 4, 4, 2)", depthwise = 2 : i64} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x18xf32>
  return %y : tensor<1x2x2x18xf32>
}

// -----

func.func @im2col_rank(%x: tensor<4x4x2xf32>) -> tensor<1x2x2x18xf32> {
  // expected-error @+1 {{Im2Col node 'i' (domain 'qonnx.custom_op.general'): input of rank 3 is not NHWC (rank 4)}}
  %y = onnx.node "Im2Col"<"qonnx.custom_op.general", 1> name "i"(%x) {kernel_size = array<i64: 3, 3>, stride = array<i64: 1, 1>, input_shape = "(4, 4, 2)"} : (tensor<4x4x2xf32>) -> tensor<1x2x2x18xf32>
  return %y : tensor<1x2x2x18xf32>
}

// -----

func.func @im2col_shape_text(%x: tensor<1x4x4x2xf32>) -> tensor<1x2x2x18xf32> {
  // expected-error @+1 {{Im2Col node 'i' (domain 'qonnx.custom_op.general'): attribute 'input_shape' "(1, four, 4, 2)" is not a list of integers}}
  %y = onnx.node "Im2Col"<"qonnx.custom_op.general", 1> name "i"(%x) {kernel_size = array<i64: 3, 3>, stride = array<i64: 1, 1>, input_shape = "(1, four, 4, 2)"} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x18xf32>
  return %y : tensor<1x2x2x18xf32>
}

// -----

func.func @im2col_shape(%x: tensor<1x4x4x2xf32>) -> tensor<1x2x2x18xf32> {
  // expected-error @+1 {{Im2Col node 'i' (domain 'qonnx.custom_op.general'): attribute 'input_shape' "(1, 4, 5, 2)" differs from the input's shape [1, 4, 4, 2]}}
  %y = onnx.node "Im2Col"<"qonnx.custom_op.general", 1> name "i"(%x) {kernel_size = array<i64: 3, 3>, stride = array<i64: 1, 1>, input_shape = "(1, 4, 5, 2)"} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x18xf32>
  return %y : tensor<1x2x2x18xf32>
}

// -----

func.func @im2col_batch(%x: tensor<2x4x4x2xf32>) -> tensor<2x2x2x18xf32> {
  // expected-error @+1 {{Im2Col node 'i' (domain 'qonnx.custom_op.general'): batch 2 is not supported (QONNX defines Im2Col for batch 1)}}
  %y = onnx.node "Im2Col"<"qonnx.custom_op.general", 1> name "i"(%x) {kernel_size = array<i64: 3, 3>, stride = array<i64: 1, 1>, input_shape = "(2, 4, 4, 2)"} : (tensor<2x4x4x2xf32>) -> tensor<2x2x2x18xf32>
  return %y : tensor<2x2x2x18xf32>
}

// -----

func.func @im2col_height1(%x: tensor<1x1x4x2xf32>) -> tensor<1x1x2x18xf32> {
  // expected-error @+1 {{Im2Col node 'i' (domain 'qonnx.custom_op.general'): an input of height 1 needs kernel height 1 and no vertical padding, got kernel_size [3, 3] and pad_amount [0, 0, 0, 0]}}
  %y = onnx.node "Im2Col"<"qonnx.custom_op.general", 1> name "i"(%x) {kernel_size = array<i64: 3, 3>, stride = array<i64: 1, 1>, input_shape = "(1, 1, 4, 2)"} : (tensor<1x1x4x2xf32>) -> tensor<1x1x2x18xf32>
  return %y : tensor<1x1x2x18xf32>
}

// -----

func.func @im2col_width1(%x: tensor<1x4x1x2xf32>) -> tensor<1x2x1x6xf32> {
  // expected-error @+1 {{Im2Col node 'i' (domain 'qonnx.custom_op.general'): an input of width 1 needs kernel width 1 and no horizontal padding, got kernel_size [3, 1] and pad_amount [0, 1, 0, 0]}}
  %y = onnx.node "Im2Col"<"qonnx.custom_op.general", 1> name "i"(%x) {kernel_size = array<i64: 3, 1>, stride = array<i64: 1, 1>, input_shape = "(1, 4, 1, 2)", pad_amount = array<i64: 0, 1, 0, 0>} : (tensor<1x4x1x2xf32>) -> tensor<1x2x1x6xf32>
  return %y : tensor<1x2x1x6xf32>
}

// -----

func.func @im2col_window(%x: tensor<1x4x4x2xf32>) -> tensor<1x2x2x18xf32> {
  // expected-error @+1 {{Im2Col node 'i' (domain 'qonnx.custom_op.general'): the window's width (5) is larger than the padded input (4)}}
  %y = onnx.node "Im2Col"<"qonnx.custom_op.general", 1> name "i"(%x) {kernel_size = array<i64: 3, 3>, stride = array<i64: 1, 1>, dilations = array<i64: 1, 2>, input_shape = "(1, 4, 4, 2)"} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x18xf32>
  return %y : tensor<1x2x2x18xf32>
}


// -----

func.func @mpnhwc_missing(%x: tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32> {
  // expected-error @+1 {{MaxPoolNHWC node 'n' (domain 'qonnx.custom_op.general'): attribute 'pads' is missing}}
  %y = onnx.node "MaxPoolNHWC"<"qonnx.custom_op.general", 1> name "n"(%x) {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

func.func @mpnhwc_indices(%x: tensor<1x4x4x2xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xsi64>) {
  // expected-error @+1 {{MaxPoolNHWC node 'n' (domain 'qonnx.custom_op.general'): the Indices output is not defined for MaxPoolNHWC}}
  %y, %i = onnx.node "MaxPoolNHWC"<"qonnx.custom_op.general", 1> name "n"(%x) {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x4x4x2xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xsi64>)
  return %y, %i : tensor<1x2x2x2xf32>, tensor<1x2x2x2xsi64>
}

// -----

func.func @mpnhwc_rank(%x: tensor<1x4x2xf32>) -> tensor<1x2x2xf32> {
  // expected-error @+1 {{MaxPoolNHWC node 'n' (domain 'finn.custom_op.general'): input of rank 3 is not NHWC (rank 4)}}
  %y = onnx.node "MaxPoolNHWC"<"finn.custom_op.general", 1> name "n"(%x) {kernel_shape = array<i64: 2>, strides = array<i64: 2>, pads = array<i64: 0, 0>} : (tensor<1x4x2xf32>) -> tensor<1x2x2xf32>
  return %y : tensor<1x2x2xf32>
}

// -----

func.func @mpnhwc_pads(%x: tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32> {
  // expected-error @+1 {{MaxPoolNHWC node 'n' (domain 'qonnx.custom_op.general'): pads must have 4 values}}
  %y = onnx.node "MaxPoolNHWC"<"qonnx.custom_op.general", 1> name "n"(%x) {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

func.func @qap_missing(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32> {
  // expected-error @+1 {{QuantAvgPool2d node 'n' (domain 'qonnx.custom_op.general'): attribute 'signed' is missing}}
  %y = onnx.node "QuantAvgPool2d"<"qonnx.custom_op.general", 1> name "n"(%x) {stride = 2 : i64, kernel = 2 : i64, ibits = 4 : i64, obits = 4 : i64} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

func.func @qap_kernel(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32> {
  // expected-error @+1 {{QuantAvgPool2d node 'n' (domain 'qonnx.custom_op.general'): kernel 0 and stride 2 must be positive}}
  %y = onnx.node "QuantAvgPool2d"<"qonnx.custom_op.general", 1> name "n"(%x) {stride = 2 : i64, kernel = 0 : i64, ibits = 4 : i64, obits = 4 : i64, signed = 0 : i64} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

func.func @qap_ibits(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32> {
  // expected-error @+1 {{QuantAvgPool2d node 'n' (domain 'finn.custom_op.general'): ibits 0 is not from 1 to 32}}
  %y = onnx.node "QuantAvgPool2d"<"finn.custom_op.general", 1> name "n"(%x) {stride = 2 : i64, kernel = 2 : i64, ibits = 0 : i64, obits = 4 : i64, signed = 0 : i64} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

func.func @qap_obits(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32> {
  // expected-error @+1 {{QuantAvgPool2d node 'n' (domain 'onnx.brevitas'): obits 1 is not from 2 to 32 (QONNX's output data types)}}
  %y = onnx.node "QuantAvgPool2d"<"onnx.brevitas", 1> name "n"(%x) {stride = 2 : i64, kernel = 2 : i64, ibits = 4 : i64, obits = 1 : i64, signed = 0 : i64} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

func.func @qap_signed(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32> {
  // expected-error @+1 {{QuantAvgPool2d node 'n' (domain 'qonnx.custom_op.general'): attribute 'signed' 2 is not 0 or 1}}
  %y = onnx.node "QuantAvgPool2d"<"qonnx.custom_op.general", 1> name "n"(%x) {stride = 2 : i64, kernel = 2 : i64, ibits = 4 : i64, obits = 4 : i64, signed = 2 : i64} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

func.func @qap_layout(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32> {
  // expected-error @+1 {{QuantAvgPool2d node 'n' (domain 'qonnx.custom_op.general'): data_layout 'NWHC' is not NCHW or NHWC}}
  %y = onnx.node "QuantAvgPool2d"<"qonnx.custom_op.general", 1> name "n"(%x) {stride = 2 : i64, kernel = 2 : i64, ibits = 4 : i64, obits = 4 : i64, signed = 0 : i64, data_layout = "NWHC"} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

func.func @qap_type(%x: tensor<1x2x4x4xf16>) -> tensor<1x2x2x2xf16> {
  // expected-error @+1 {{QuantAvgPool2d node 'n' (domain 'qonnx.custom_op.general'): input of type 'f16' is not supported (FLOAT, as QONNX executes it)}}
  %y = onnx.node "QuantAvgPool2d"<"qonnx.custom_op.general", 1> name "n"(%x) {stride = 2 : i64, kernel = 2 : i64, ibits = 4 : i64, obits = 4 : i64, signed = 0 : i64} : (tensor<1x2x4x4xf16>) -> tensor<1x2x2x2xf16>
  return %y : tensor<1x2x2x2xf16>
}

// -----

func.func @qap_rank(%x: tensor<2x4x4xf32>) -> tensor<2x2x2xf32> {
  // expected-error @+1 {{QuantAvgPool2d node 'n' (domain 'qonnx.custom_op.general'): input of rank 3 is not NCHW (rank 4)}}
  %y = onnx.node "QuantAvgPool2d"<"qonnx.custom_op.general", 1> name "n"(%x) {stride = 2 : i64, kernel = 2 : i64, ibits = 4 : i64, obits = 4 : i64, signed = 0 : i64} : (tensor<2x4x4xf32>) -> tensor<2x2x2xf32>
  return %y : tensor<2x2x2xf32>
}

// -----

func.func @qap_window(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32> {
  // expected-error @+1 {{QuantAvgPool2d node 'n' (domain 'qonnx.custom_op.general'): the kernel (3) is larger than the input (2)}}
  %y = onnx.node "QuantAvgPool2d"<"qonnx.custom_op.general", 1> name "n"(%x) {stride = 1 : i64, kernel = 3 : i64, ibits = 4 : i64, obits = 4 : i64, signed = 0 : i64, data_layout = "NHWC"} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

func.func @xnor_type(%a: tensor<3x8xf32>, %b: tensor<8x4xf64>) -> tensor<3x4xf32> {
  // expected-error @+1 {{XnorPopcountMatMul node 'n' (domain 'finn.custom_op.general'): inputs of types 'f32' and 'f64' are not supported (FLOAT, as QONNX executes it)}}
  %y = onnx.node "XnorPopcountMatMul"<"finn.custom_op.general", 1> name "n"(%a,%b) {} : (tensor<3x8xf32>, tensor<8x4xf64>) -> tensor<3x4xf32>
  return %y : tensor<3x4xf32>
}

// -----

func.func @xnor_shape(%a: tensor<3x8xf32>, %b: tensor<2x8x4xf32>) -> tensor<2x3x4xf32> {
  // expected-error @+1 {{XnorPopcountMatMul node 'n' (domain 'qonnx.custom_op.general'): operands [3, 8] x [2, 8, 4] are not [..., K] x [K, N] (the second a matrix)}}
  %y = onnx.node "XnorPopcountMatMul"<"qonnx.custom_op.general", 1> name "n"(%a,%b) {} : (tensor<3x8xf32>, tensor<2x8x4xf32>) -> tensor<2x3x4xf32>
  return %y : tensor<2x3x4xf32>
}

// -----

func.func @xnor_inner(%a: tensor<3x8xf32>, %b: tensor<6x4xf32>) -> tensor<3x4xf32> {
  // expected-error @+1 {{XnorPopcountMatMul node 'n' (domain 'qonnx.custom_op.general'): operands [3, 8] x [6, 4] are not [..., K] x [K, N] (the second a matrix)}}
  %y = onnx.node "XnorPopcountMatMul"<"qonnx.custom_op.general", 1> name "n"(%a,%b) {} : (tensor<3x8xf32>, tensor<6x4xf32>) -> tensor<3x4xf32>
  return %y : tensor<3x4xf32>
}

// -----

func.func @cl_conv_rank(%x: tensor<4x2xf32>, %w: tensor<3x2xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{Conv node 'n' (domain 'qonnx.custom_op.channels_last'): input 0 of rank 2 has no channels-last layout (rank 3 or more)}}
  %y = onnx.node "Conv"<"qonnx.custom_op.channels_last", 13> name "n"(%x,%w) {} : (tensor<4x2xf32>, tensor<3x2xf32>) -> tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}

// -----

func.func @cl_conv_types(%x: tensor<1x5x5x2xf32>, %w: tensor<3x3x3x2xf16>) -> tensor<1x3x3x3xf32> {
  // expected-error @+1 {{Conv node 'n' (domain 'qonnx.custom_op.channels_last'): inputs differ in element type: 'f32' and 'f16'}}
  %y = onnx.node "Conv"<"qonnx.custom_op.channels_last", 13> name "n"(%x,%w) {} : (tensor<1x5x5x2xf32>, tensor<3x3x3x2xf16>) -> tensor<1x3x3x3xf32>
  return %y : tensor<1x3x3x3xf32>
}

// -----

func.func @cl_conv_kernel(%x: tensor<1x5x5x2xf32>, %w: tensor<3x3x3x2xf32>) -> tensor<1x3x3x3xf32> {
  // expected-error @+1 {{Conv node 'n' (domain 'qonnx.custom_op.channels_last'): kernel_shape [2, 2] differs from the weights' [3, 3]}}
  %y = onnx.node "Conv"<"qonnx.custom_op.channels_last", 13> name "n"(%x,%w) {kernel_shape = array<i64: 2, 2>} : (tensor<1x5x5x2xf32>, tensor<3x3x3x2xf32>) -> tensor<1x3x3x3xf32>
  return %y : tensor<1x3x3x3xf32>
}

// -----

func.func @cl_maxpool_indices(%x: tensor<1x4x4x2xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xsi64>) {
  // expected-error @+1 {{MaxPool node 'n' (domain 'qonnx.custom_op.channels_last'): output 1 is not supported: QONNX's channels-last operators have one output}}
  %y, %i = onnx.node "MaxPool"<"qonnx.custom_op.channels_last", 13> name "n"(%x) {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x4x4x2xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xsi64>)
  return %y, %i : tensor<1x2x2x2xf32>, tensor<1x2x2x2xsi64>
}

// -----

func.func @cl_maxpool_auto_pad(%x: tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32> {
  // expected-error @+1 {{MaxPool node 'n' (domain 'qonnx.custom_op.channels_last'): auto_pad 'SAME' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID}}
  %y = onnx.node "MaxPool"<"qonnx.custom_op.channels_last", 13> name "n"(%x) {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, auto_pad = "SAME"} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

func.func @cl_bn_rank(%x: tensor<2xf32>, %s: tensor<2xf32>, %b: tensor<2xf32>, %m: tensor<2xf32>, %v: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{BatchNormalization node 'n' (domain 'qonnx.custom_op.channels_last'): input 0 of rank 1 has no channels-last layout (rank 2 or more)}}
  %y = onnx.node "BatchNormalization"<"qonnx.custom_op.channels_last", 13> name "n"(%x,%s,%b,%m,%v) {} : (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %y : tensor<2xf32>
}

// -----

func.func @cl_bn_params(%x: tensor<1x4x4x2xf32>, %s: tensor<4xf32>, %b: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) -> tensor<1x4x4x2xf32> {
  // expected-error @+1 {{BatchNormalization node 'n' (domain 'qonnx.custom_op.channels_last'): scale, B, mean and var must have one value per channel (2)}}
  %y = onnx.node "BatchNormalization"<"qonnx.custom_op.channels_last", 13> name "n"(%x,%s,%b,%m,%v) {epsilon = 1.0e-5 : f32} : (tensor<1x4x4x2xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x4x2xf32>
  return %y : tensor<1x4x4x2xf32>
}

// -----

func.func @im2col_attr_type(%x: tensor<1x4x4x2xf32>) -> tensor<1x2x2x18xf32> {
  // expected-error @+1 {{Im2Col node 'i' (domain 'qonnx.custom_op.general'): attribute 'stride' must be a list of ints, got "1, 1"}}
  %y = onnx.node "Im2Col"<"qonnx.custom_op.general", 1> name "i"(%x) {stride = "1, 1", kernel_size = array<i64: 3, 3>, input_shape = "(1, 4, 4, 2)"} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x18xf32>
  return %y : tensor<1x2x2x18xf32>
}

// -----

func.func @im2col_unknown_attr(%x: tensor<1x4x4x2xf32>) -> tensor<1x2x2x18xf32> {
  // expected-error @+1 {{Im2Col node 'i' (domain 'qonnx.custom_op.general'): attribute 'pad_mode' ("reflect") is not supported by qnn's reading of Im2Col-1}}
  %y = onnx.node "Im2Col"<"qonnx.custom_op.general", 1> name "i"(%x) {stride = array<i64: 1, 1>, kernel_size = array<i64: 3, 3>, input_shape = "(1, 4, 4, 2)", pad_mode = "reflect"} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x18xf32>
  return %y : tensor<1x2x2x18xf32>
}
