// RUN: qnn-opt %s -split-input-file -verify-diagnostics

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

// expected-error @+1 {{bit width 9 is outside [1, 8]}}
func.func private @bits_too_wide(tensor<4x!qnn.uniform<u9:f32, 0.5>>)

// -----

// A width past `unsigned` is out of range like any other.
// expected-error @+1 {{bit width 99999999999999 is outside [1, 8]}}
func.func private @bits_huge(tensor<4x!qnn.uniform<u99999999999999:f32, 0.5>>)

// -----

// expected-error @+1 {{bit width 1000 is outside [1, 8]}}
func.func private @bits_1000(tensor<4x!qnn.codebook<u1000:f32, [0, 1]>>)

// -----

// A subnormal scale's reciprocal overflows f32.
// expected-error @+1 {{scale 1.000000e-45 is subnormal as f32 (smaller in magnitude than 1.17549435e-38, the smallest normal f32): its reciprocal overflows f32}}
func.func private @subnormal_scale(tensor<4x!qnn.uniform<i8:f32, 1.0e-45>>)

// -----

// expected-error @+1 {{scale 1.000000e-40 is subnormal as f32}}
func.func private @subnormal_channel_scale(tensor<2x!qnn.uniform<i8:f32:0, {0.5, 1.0e-40}>>)

// -----

// expected-error @+1 {{scale 1.000000e-45 is subnormal as f32}}
func.func private @subnormal_codebook_scale(tensor<4x!qnn.codebook<u2:f32, [0, 1] * 1.0e-45>>)

// -----

// The smallest normal f32 is a valid scale.
func.func private @smallest_normal_scale(tensor<4x!qnn.uniform<i8:f32, 1.17549435e-38>>)

// -----

// expected-error @+1 {{bit width 0 is outside [1, 8]}}
func.func private @bits_zero(tensor<4x!qnn.codebook<u0:f32, [0]>>)

// -----

// expected-error @+1 {{3 levels do not fit in 1 bits (at most 2)}}
func.func private @too_many_levels(tensor<4x!qnn.codebook<u1:f32, [0, 1, 2]>>)

// -----

// expected-error @+1 {{levels must be strictly increasing (as f32), but level 2 (1) does not exceed level 1 (2)}}
func.func private @unsorted_levels(tensor<4x!qnn.codebook<u2:f32, [0, 2, 1]>>)

// -----

// expected-error @+1 {{levels must be strictly increasing (as f32), but level 2 (1) does not exceed level 1 (1)}}
func.func private @duplicate_levels(tensor<4x!qnn.codebook<u2:f32, [0, 1, 1]>>)

// -----

// Distinct doubles that round to the same f32 are duplicates.
// expected-error @+1 {{levels must be strictly increasing (as f32)}}
func.func private @duplicate_as_f32(tensor<4x!qnn.codebook<u2:f32, [1.0, 1.00000000001]>>)

// -----

// expected-error @+1 {{levels must be strictly increasing (as f32), but level 1 (0.1) does not exceed level 0 (0.5)}}
func.func private @unsorted_per_channel_table(tensor<2x!qnn.codebook<u2:f32:0, {[0.0, 0.5], [0.5, 0.1]}>>)

// -----

// expected-error @+1 {{scale 0 is not a positive finite f32 value}}
func.func private @zero_scale(tensor<4x!qnn.uniform<u2:f32, 0.0>>)

// -----

// expected-error @+1 {{scale -0.5 is not a positive finite f32 value}}
func.func private @negative_scale(tensor<4x!qnn.codebook<u2:f32, [-1, 1] * -0.5>>)

// -----

// 1e39 overflows f32: the scale is not finite where it is used.
// expected-error @+1 {{scale 1e+39 is not a positive finite f32 value}}
func.func private @infinite_scale(tensor<4x!qnn.uniform<u2:f32, 1.0e39>>)

// -----

// expected-error @+1 {{scale 0 is not a positive finite f32 value}}
func.func private @zero_per_channel_scale(tensor<2x!qnn.uniform<i8:f32:0, {0.5, 0.0}>>)

// -----

// expected-error @+1 {{storage range [-9, 7] does not fit signed 4-bit storage [-8, 7]}}
func.func private @range_too_wide(tensor<4x!qnn.uniform<i4<-9:7>:f32, 0.5>>)

// -----

// expected-error @+1 {{storage range [0, 4] does not fit unsigned 2-bit storage [0, 3]}}
func.func private @unsigned_range_too_wide(tensor<4x!qnn.uniform<u2<0:4>:f32, 0.5>>)

// -----

// expected-error @+1 {{storage range [3, 1] does not fit unsigned 2-bit storage [0, 3]}}
func.func private @empty_range(tensor<4x!qnn.uniform<u2<3:1>:f32, 0.5>>)

// -----

// expected-error @+1 {{zero point 9 is outside the storage range [-8, 7]}}
func.func private @zero_point_outside(tensor<4x!qnn.uniform<i4:f32, 0.5:9>>)

// -----

// expected-error @+1 {{expressed type must be a float type, got 'i32'}}
func.func private @int_expressed(tensor<4x!qnn.uniform<u2:i32, 0.5>>)

// -----

// expected-error @+1 {{expected storage type 'uN' or 'iN'}}
func.func private @bad_storage(tensor<4x!qnn.uniform<f8:f32, 0.5>>)

// -----

// expected-error @+1 {{codebook codes are unsigned table indices}}
func.func private @signed_codebook(tensor<4x!qnn.codebook<i2:f32, [-1, 1]>>)

// -----

// expected-error @+1 {{'{...}' per-channel parameters need a quantized axis}}
func.func private @braces_without_axis(tensor<4x!qnn.codebook<u2:f32, [-1, 1] * {0.5, 0.5}>>)

// -----

// expected-error @+1 {{a per-channel codebook needs '{...}' per-channel scales or tables}}
func.func private @axis_without_braces(tensor<4x!qnn.codebook<u2:f32:0, [-1, 1] * 0.5>>)

// -----

// expected-error @+1 {{3 per-channel scales for 2 per-channel tables}}
func.func private @tables_scales_mismatch(tensor<2x!qnn.codebook<u2:f32:0, {[0, 1], [0, 2]} * {1.0, 2.0, 3.0}>>)

// -----

// expected-error @+1 {{per-channel tables must all have the same number of levels}}
func.func private @ragged_tables(tensor<2x!qnn.codebook<u2:f32:0, {[0, 1], [0, 1, 2]}>>)

// -----

// expected-error @+1 {{expected '{'}}
func.func private @uniform_axis_without_braces(tensor<4x!qnn.uniform<u8:f32:0, 0.5>>)

// -----

// expected-error @+1 {{packed bit width 9 is outside [1, 8]}}
func.func private @packed_bits(tensor<4xi8, #qnn.packed<bits = 9>>)

//===----------------------------------------------------------------------===//
// Per-channel types in tensors
//===----------------------------------------------------------------------===//

// -----

func.func @axis_out_of_range(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.quantize' op result quantized axis 1 is out of range for a tensor of rank 1}}
  %q = qnn.quantize %x : tensor<4xf32> -> tensor<4x!qnn.uniform<u8:f32:1, {0.5}>>
  return
}

// -----

func.func @channel_count_mismatch(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'qnn.quantize' op result has 3 channels along quantized axis 1 but its type has 2 per-channel parameters}}
  %q = qnn.quantize %x : tensor<2x3xf32> -> tensor<2x3x!qnn.uniform<u8:f32:1, {0.5, 0.25}>>
  return
}

// -----

func.func @codebook_channel_mismatch(%q: tensor<3x!qnn.codebook<u2:f32:0, {[0, 1], [0, 2]}>>) {
  // expected-error @+1 {{'qnn.dequantize' op input has 3 channels along quantized axis 0 but its type has 2 per-channel parameters}}
  %x = qnn.dequantize %q : tensor<3x!qnn.codebook<u2:f32:0, {[0, 1], [0, 2]}>> -> tensor<3xf32>
  return
}

//===----------------------------------------------------------------------===//
// Generic ops
//===----------------------------------------------------------------------===//

// -----

func.func @quantize_shape(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.quantize' op input shape 'tensor<4xf32>' differs from result shape 'tensor<5x!qnn.uniform<u2:f32, 0.5>>'}}
  %q = qnn.quantize %x : tensor<4xf32> -> tensor<5x!qnn.uniform<u2:f32, 0.5>>
  return
}

// -----

func.func @quantize_expressed(%x: tensor<4xf16>) {
  // expected-error @+1 {{'qnn.quantize' op input element type 'f16' differs from the result's expressed type 'f32'}}
  %q = qnn.quantize %x : tensor<4xf16> -> tensor<4x!qnn.uniform<u2:f32, 0.5>>
  return
}

// -----

func.func @quantize_int_input(%x: tensor<4xi32>) {
  // expected-error @+1 {{'qnn.quantize' op operand #0 must be ranked tensor of floating-point values}}
  %q = qnn.quantize %x : tensor<4xi32> -> tensor<4x!qnn.uniform<u2:f32, 0.5>>
  return
}

// -----

func.func @codebook_rounding(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.quantize' op a rounding mode applies to uniform types; codebook types take the nearest level}}
  %q = qnn.quantize %x {rounding = #qnn.rounding<floor>} : tensor<4xf32> -> tensor<4x!qnn.codebook<u2:f32, [-1, 1]>>
  return
}

// -----

func.func @multithreshold_count(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.multithreshold' op thresholds must be a [rows, 3] table (one fewer than the 4 codes of '!qnn.uniform<u2:f32, 0.5>'), got 'tensor<1x2xf32>'}}
  %q = qnn.multithreshold %x {thresholds = dense<[[0.0, 1.0]]> : tensor<1x2xf32>} : tensor<4xf32> -> tensor<4x!qnn.uniform<u2:f32, 0.5>>
  return
}

// -----

func.func @multithreshold_unsorted(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.multithreshold' op thresholds must be non-decreasing in each row, but 0.5 follows 1}}
  %q = qnn.multithreshold %x {thresholds = dense<[[0.0, 1.0, 0.5]]> : tensor<1x3xf32>} : tensor<4xf32> -> tensor<4x!qnn.uniform<u2:f32, 0.5>>
  return
}

// -----

func.func @multithreshold_nan(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.multithreshold' op thresholds must not be NaN}}
  %q = qnn.multithreshold %x {thresholds = dense<[[0.0, 0x7FC00000, 1.0]]> : tensor<1x3xf32>} : tensor<4xf32> -> tensor<4x!qnn.uniform<u2:f32, 0.5>>
  return
}

// -----

func.func @multithreshold_rows_without_axis(%x: tensor<2x4xf32>) {
  // expected-error @+1 {{'qnn.multithreshold' op several threshold rows need 'axis'}}
  %q = qnn.multithreshold %x {thresholds = dense<[[0.0], [1.0]]> : tensor<2x1xf32>} : tensor<2x4xf32> -> tensor<2x4x!qnn.uniform<u1:f32, 0.5>>
  return
}

// -----

func.func @multithreshold_rows(%x: tensor<2x4xf32>) {
  // expected-error @+1 {{'qnn.multithreshold' op dimension 1 has 4 channels but 2 per-channel parameters are given}}
  %q = qnn.multithreshold %x {axis = 1 : i64, thresholds = dense<[[0.0], [1.0]]> : tensor<2x1xf32>} : tensor<2x4xf32> -> tensor<2x4x!qnn.uniform<u1:f32, 0.5>>
  return
}

// -----

func.func @multithreshold_expressed(%x: tensor<4xf16>) {
  // expected-error @+1 {{'qnn.multithreshold' op input element type 'f16' differs from the result's expressed type 'f32'}}
  %q = qnn.multithreshold %x {thresholds = dense<[[0.0]]> : tensor<1x1xf32>} : tensor<4xf16> -> tensor<4x!qnn.uniform<u1:f32, 0.5>>
  return
}

// -----

func.func @dequantize_expressed(%q: tensor<4x!qnn.uniform<u2:f32, 0.5>>) {
  // expected-error @+1 {{'qnn.dequantize' op result element type 'f16' differs from the input's expressed type 'f32'}}
  %x = qnn.dequantize %q : tensor<4x!qnn.uniform<u2:f32, 0.5>> -> tensor<4xf16>
  return
}

// -----

func.func @dequantize_shape(%q: tensor<4x!qnn.uniform<u2:f32, 0.5>>) {
  // expected-error @+1 {{'qnn.dequantize' op input shape}}
  %x = qnn.dequantize %q : tensor<4x!qnn.uniform<u2:f32, 0.5>> -> tensor<2x2xf32>
  return
}

// -----

func.func @constant_code_out_of_range() {
  // expected-error @+1 {{'qnn.constant' op code 4 at flat index 1 is outside the valid codes [0, 3]}}
  %q = qnn.constant dense<[0, 4]> : tensor<2xui8> -> tensor<2x!qnn.uniform<u2:f32, 0.5>>
  return
}

// -----

func.func @constant_narrow_range() {
  // expected-error @+1 {{'qnn.constant' op code -8 at flat index 0 is outside the valid codes [-7, 7]}}
  %q = qnn.constant dense<[-8]> : tensor<1xi8> -> tensor<1x!qnn.uniform<i4<-7:7>:f32, 0.5>>
  return
}

// -----

func.func @constant_beyond_table() {
  // A 2-bit codebook with three levels has codes 0, 1 and 2 only.
  // expected-error @+1 {{'qnn.constant' op code 3 at flat index 0 is outside the valid codes [0, 2]}}
  %q = qnn.constant dense<[3]> : tensor<1xui8> -> tensor<1x!qnn.codebook<u2:f32, [-1, 0, 1]>>
  return
}

// -----

func.func @constant_shape() {
  // expected-error @+1 {{'qnn.constant' op value shape 'tensor<2xui8>' differs from result shape}}
  %q = qnn.constant dense<[0, 1]> : tensor<2xui8> -> tensor<3x!qnn.uniform<u2:f32, 0.5>>
  return
}

// -----

func.func @storage_cast_width(%q: tensor<4x!qnn.uniform<u2:f32, 0.5>>) {
  // expected-error @+1 {{'qnn.storage_cast' op storage element type must be a 2-bit integer for '!qnn.uniform<u2:f32, 0.5>', got 'i8'}}
  %i = qnn.storage_cast %q : tensor<4x!qnn.uniform<u2:f32, 0.5>> -> tensor<4xi8>
  return
}

// -----

func.func @storage_cast_neither(%i: tensor<4xi2>) {
  // expected-error @+1 {{'qnn.storage_cast' op casts between a quantized tensor and its storage integers: exactly one side must be quantized}}
  %j = qnn.storage_cast %i : tensor<4xi2> -> tensor<4xi2>
  return
}

// -----

func.func @storage_cast_shape(%i: tensor<4xi2>) {
  // expected-error @+1 {{'qnn.storage_cast' op input shape}}
  %q = qnn.storage_cast %i : tensor<4xi2> -> tensor<2x!qnn.uniform<u2:f32, 0.5>>
  return
}

// -----

func.func @pack_without_layout(%q: tensor<4x8x!qnn.uniform<u2:f32, 0.5>>) {
  // expected-error @+1 {{'qnn.pack' op packed tensor 'tensor<4x2xi8>' needs a #qnn.packed layout encoding}}
  %p = qnn.pack %q : tensor<4x8x!qnn.uniform<u2:f32, 0.5>> -> tensor<4x2xi8>
  return
}

// -----

func.func @pack_bits_mismatch(%q: tensor<4x8x!qnn.uniform<u2:f32, 0.5>>) {
  // expected-error @+1 {{'qnn.pack' op layout packs 4-bit codes but '!qnn.uniform<u2:f32, 0.5>' has 2}}
  %p = qnn.pack %q : tensor<4x8x!qnn.uniform<u2:f32, 0.5>> -> tensor<4x4xi8, #qnn.packed<bits = 4>>
  return
}

// -----

func.func @pack_row_bytes(%q: tensor<4x9x!qnn.uniform<u2:f32, 0.5>>) {
  // expected-error @+1 {{'qnn.pack' op rows of 9 2-bit codes pack into 3 bytes, not 2}}
  %p = qnn.pack %q : tensor<4x9x!qnn.uniform<u2:f32, 0.5>> -> tensor<4x2xi8, #qnn.packed<bits = 2>>
  return
}

// -----

func.func @pack_rank(%q: tensor<4x8x!qnn.uniform<u2:f32, 0.5>>) {
  // expected-error @+1 {{'qnn.pack' op packed and unpacked tensors must have the same non-zero rank}}
  %p = qnn.pack %q : tensor<4x8x!qnn.uniform<u2:f32, 0.5>> -> tensor<8xi8, #qnn.packed<bits = 2>>
  return
}

// -----

func.func @pack_leading_dims(%q: tensor<4x8x!qnn.uniform<u2:f32, 0.5>>) {
  // expected-error @+1 {{'qnn.pack' op dimension 0 differs between}}
  %p = qnn.pack %q : tensor<4x8x!qnn.uniform<u2:f32, 0.5>> -> tensor<3x2xi8, #qnn.packed<bits = 2>>
  return
}

// -----

func.func @unpack_row_bytes(%p: tensor<4x2xi8, #qnn.packed<bits = 2>>) {
  // expected-error @+1 {{'qnn.unpack' op rows of 12 2-bit codes pack into 3 bytes, not 2}}
  %q = qnn.unpack %p : tensor<4x2xi8, #qnn.packed<bits = 2>> -> tensor<4x12x!qnn.uniform<u2:f32, 0.5>>
  return
}

// -----

func.func @unpack_not_bytes(%p: tensor<4x2xi16, #qnn.packed<bits = 2>>) {
  // expected-error @+1 {{'qnn.unpack' op operand #0 must be ranked tensor of 8-bit signless integer values}}
  %q = qnn.unpack %p : tensor<4x2xi16, #qnn.packed<bits = 2>> -> tensor<4x8x!qnn.uniform<u2:f32, 0.5>>
  return
}

//===----------------------------------------------------------------------===//
// Scheme ops
//===----------------------------------------------------------------------===//

// -----

func.func @pact_bits(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.pact' op PACT supports 1 to 8 bits, got 9}}
  %y = qnn.pact %x {alpha = 1.0 : f32, bits = 9 : i32} : tensor<4xf32>
  return
}

// -----

func.func @pact_alpha(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.pact' op 'alpha' must be positive and finite, got 0}}
  %y = qnn.pact %x {alpha = 0.0 : f32} : tensor<4xf32>
  return
}

// -----

func.func @pact_alpha_nan(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.pact' op 'alpha' must be positive and finite, got nan}}
  %y = qnn.pact %x {alpha = 0x7FC00000 : f32} : tensor<4xf32>
  return
}

// -----

func.func @pact_alpha_subnormal(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.pact' op 'alpha' 1e-45 is subnormal as f32 (smaller in magnitude than 1.17549435e-38, the smallest normal f32): its reciprocal overflows f32}}
  %y = qnn.pact %x {alpha = 1.0e-45 : f32, bits = 8 : i32} : tensor<4xf32>
  return
}

// -----

func.func @apot_alpha_subnormal(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.apot' op 'alpha' 1e-45 is subnormal as f32}}
  %y = qnn.apot %x {alpha = 1.0e-45 : f32, bits = 4 : i32} : tensor<4xf32>
  return
}

// -----

func.func @pact_bits_1000(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.pact' op PACT supports 1 to 8 bits, got 1000}}
  %y = qnn.pact %x {alpha = 1.0 : f32, bits = 1000 : i32} : tensor<4xf32>
  return
}

// -----

func.func @pact_missing_alpha(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.pact' op requires attribute 'alpha'}}
  %y = qnn.pact %x : tensor<4xf32>
  return
}

// -----

func.func @pact_type_mismatch(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.pact' op requires the same type for all operands and results}}
  %y = "qnn.pact"(%x) {alpha = 1.0 : f32} : (tensor<4xf32>) -> tensor<4xf16>
  return
}

// -----

func.func @sawb_no_defaults(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.sawb' op no default SAWB coefficients for 6 bits (the table covers 2, 3, 4, 5 and 8): set 'c1' and 'c2'}}
  %y = qnn.sawb %x {bits = 6 : i32} : tensor<4xf32>
  return
}

// -----

func.func @sawb_half_coefficients(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.sawb' op no default SAWB coefficients for 7 bits}}
  %y = qnn.sawb %x {bits = 7 : i32, c1 = 1.0} : tensor<4xf32>
  return
}

// -----

func.func @sawb_ternary_bits(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.sawb' op the ternary SAWB variant uses 2 bits, got 3}}
  %y = qnn.sawb %x {bits = 3 : i32, ternary} : tensor<4xf32>
  return
}

// -----

func.func @sawb_bits(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.sawb' op SAWB supports 1 to 8 bits, got 0}}
  %y = qnn.sawb %x {bits = 0 : i32} : tensor<4xf32>
  return
}

// -----

func.func @apot_unsigned_bits(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.apot' op unsigned APoT supports 1 to 6 bits, got 7}}
  %y = qnn.apot %x {alpha = 1.0 : f32, bits = 7 : i32} : tensor<4xf32>
  return
}

// -----

func.func @apot_signed_bits(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.apot' op signed APoT supports 2 to 7 bits, got 1}}
  %y = qnn.apot %x {alpha = 1.0 : f32, bits = 1 : i32, is_signed} : tensor<4xf32>
  return
}

// -----

func.func @apot_alpha(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.apot' op 'alpha' must be positive and finite, got -3}}
  %y = qnn.apot %x {alpha = -3.0 : f32} : tensor<4xf32>
  return
}

// -----

func.func @hwgq_bits(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.hwgq' op uniform HWGQ supports 1 to 4 bits, got 5}}
  %y = qnn.hwgq %x {bits = 5 : i32} : tensor<4xf32>
  return
}

// -----

func.func @hwgq_non_uniform_bits(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.hwgq' op the non-uniform HWGQ variant is defined for 2 bits, got 3}}
  %y = qnn.hwgq %x {bits = 3 : i32, non_uniform} : tensor<4xf32>
  return
}

// -----

func.func @learned_unsorted(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.learned_levels' op levels must be strictly increasing, but 0.1 follows 0.5}}
  %y = qnn.learned_levels %x {levels = dense<[0.0, 0.5, 0.1]> : tensor<3xf64>} : tensor<4xf32>
  return
}

// -----

func.func @learned_rank(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.learned_levels' op 'levels' must be a 1-D table or a 2-D [channels, levels] table, got 'tensor<1x1x2xf64>'}}
  %y = qnn.learned_levels %x {levels = dense<[[[0.0, 1.0]]]> : tensor<1x1x2xf64>} : tensor<4xf32>
  return
}

// -----

func.func @learned_2d_without_axis(%x: tensor<2x4xf32>) {
  // expected-error @+1 {{'qnn.learned_levels' op a 2-D per-channel 'levels' table needs 'axis'}}
  %y = qnn.learned_levels %x {levels = dense<[[0.0, 1.0], [0.0, 2.0]]> : tensor<2x2xf64>} : tensor<2x4xf32>
  return
}

// -----

func.func @learned_axis_1d(%x: tensor<2x4xf32>) {
  // expected-error @+1 {{'qnn.learned_levels' op 'axis' needs a 2-D [channels, levels] table}}
  %y = qnn.learned_levels %x {axis = 0 : i64, levels = dense<[0.0, 1.0]> : tensor<2xf64>} : tensor<2x4xf32>
  return
}

// -----

func.func @learned_axis_range(%x: tensor<2x4xf32>) {
  // expected-error @+1 {{'qnn.learned_levels' op axis 2 is out of range for a tensor of rank 2}}
  %y = qnn.learned_levels %x {axis = 2 : i64, levels = dense<[[0.0, 1.0], [0.0, 2.0]]> : tensor<2x2xf64>} : tensor<2x4xf32>
  return
}

// -----

func.func @learned_channels(%x: tensor<2x4xf32>) {
  // expected-error @+1 {{'qnn.learned_levels' op dimension 1 has 4 channels but 2 per-channel parameters are given}}
  %y = qnn.learned_levels %x {axis = 1 : i64, levels = dense<[[0.0, 1.0], [0.0, 2.0]]> : tensor<2x2xf64>} : tensor<2x4xf32>
  return
}

// -----

func.func @learned_nonfinite(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.learned_levels' op levels must be finite f32 values}}
  %y = qnn.learned_levels %x {levels = dense<[0.0, 1.0e300]> : tensor<2xf64>} : tensor<4xf32>
  return
}

// -----

func.func @slb_bits(%c: tensor<4xi8>) {
  // expected-error @+1 {{'qnn.slb' op SLB defines value sets for 1, 2 and 4 bits; set 'values' for 3 bits}}
  %y = qnn.slb %c {bits = 3 : i32} : tensor<4xi8> -> tensor<4xf32>
  return
}

// -----

func.func @slb_logits_shape(%l: tensor<4x3xf32>) {
  // expected-error @+1 {{'qnn.slb' op logits must have the result's shape plus a trailing dimension of 4 (one logit per value), got 'tensor<4x3xf32>'}}
  %y = qnn.slb %l {bits = 2 : i32} : tensor<4x3xf32> -> tensor<4xf32>
  return
}

// -----

func.func @slb_too_many_values(%c: tensor<4xi8>) {
  // expected-error @+1 {{'qnn.slb' op a 1-bit value set holds 1 to 2 values, got 3}}
  %y = qnn.slb %c {bits = 1 : i32, values = array<f64: -1.0, 0.0, 1.0>} : tensor<4xi8> -> tensor<4xf32>
  return
}

// -----

func.func @slb_codes_shape(%c: tensor<3xi8>) {
  // expected-error @+1 {{'qnn.slb' op codes must have the result's shape, got 'tensor<3xi8>'}}
  %y = qnn.slb %c : tensor<3xi8> -> tensor<4xf32>
  return
}

// -----

func.func @binary_scale(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.binary' op 'scale' must be positive and finite, got -1}}
  %y = qnn.binary %x {scale = array<f32: -1.0>} : tensor<4xf32>
  return
}

// -----

func.func @binary_scales_without_axis(%x: tensor<2xf32>) {
  // expected-error @+1 {{'qnn.binary' op per-channel 'scale' values need 'axis'}}
  %y = qnn.binary %x {scale = array<f32: 1.0, 2.0>} : tensor<2xf32>
  return
}

// -----

func.func @binary_channels(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'qnn.binary' op dimension 1 has 3 channels but 2 per-channel parameters are given}}
  %y = qnn.binary %x {axis = 1 : i64, scale = array<f32: 1.0, 2.0>} : tensor<2x3xf32>
  return
}

// -----

func.func @binary_axis(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'qnn.binary' op axis -1 is out of range for a tensor of rank 2}}
  %y = qnn.binary %x {axis = -1 : i64} : tensor<2x3xf32>
  return
}

// -----

func.func @ternary_half_params(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.ternary' op set both 'threshold' and 'scale', or neither}}
  %y = qnn.ternary %x {threshold = 0.1 : f32} : tensor<4xf32>
  return
}

// -----

func.func @ternary_threshold(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.ternary' op 'threshold' must be finite and non-negative, got -0.1}}
  %y = qnn.ternary %x {scale = 1.0 : f32, threshold = -0.1 : f32} : tensor<4xf32>
  return
}

//===----------------------------------------------------------------------===//
// Integer layers
//===----------------------------------------------------------------------===//

// -----

func.func @dense_k(%a: tensor<2x16x!qnn.uniform<u2:f32, 0.5>>, %w: tensor<8x15x!qnn.uniform<i2:f32, 0.5>>) {
  // expected-error @+1 {{'qnn.dense' op input has K = 16 but weight has K = 15}}
  %acc = qnn.dense %a, %w : tensor<2x16x!qnn.uniform<u2:f32, 0.5>>, tensor<8x15x!qnn.uniform<i2:f32, 0.5>> -> tensor<2x8xi32>
  return
}

// -----

func.func @dense_result(%a: tensor<2x16x!qnn.uniform<u2:f32, 0.5>>, %w: tensor<8x16x!qnn.uniform<i2:f32, 0.5>>) {
  // expected-error @+1 {{'qnn.dense' op result must be [M, N] = [2, 8], got 'tensor<2x7xi32>'}}
  %acc = qnn.dense %a, %w : tensor<2x16x!qnn.uniform<u2:f32, 0.5>>, tensor<8x16x!qnn.uniform<i2:f32, 0.5>> -> tensor<2x7xi32>
  return
}

// -----

func.func @dense_rank(%a: tensor<16x!qnn.uniform<u2:f32, 0.5>>, %w: tensor<8x16x!qnn.uniform<i2:f32, 0.5>>) {
  // expected-error @+1 {{'qnn.dense' op input [M, K] and weight [N, K] must be 2-D}}
  %acc = qnn.dense %a, %w : tensor<16x!qnn.uniform<u2:f32, 0.5>>, tensor<8x16x!qnn.uniform<i2:f32, 0.5>> -> tensor<1x8xi32>
  return
}

// -----

func.func @dense_float_codebook(%a: tensor<2x16x!qnn.codebook<u2:f32, [-0.7, 0.1, 0.4]>>, %w: tensor<8x16x!qnn.uniform<i2:f32, 0.5>>) {
  // expected-error @+1 {{'qnn.dense' op layers with real-valued levels (float codebooks) are not supported: the input type '!qnn.codebook<u2:f32, [-0.7, 0.1, 0.4]>' has non-integer levels}}
  %acc = qnn.dense %a, %w : tensor<2x16x!qnn.codebook<u2:f32, [-0.7, 0.1, 0.4]>>, tensor<8x16x!qnn.uniform<i2:f32, 0.5>> -> tensor<2x8xi32>
  return
}

// -----

func.func @dense_overflow(%a: tensor<1x70000x!qnn.uniform<u8:f32, 0.5>>, %w: tensor<1x70000x!qnn.uniform<i8:f32, 0.5>>) {
  // expected-error @+1 {{'qnn.dense' op accumulator may reach 2284800000 (70000 products of the largest levels), which overflows i32}}
  %acc = qnn.dense %a, %w : tensor<1x70000x!qnn.uniform<u8:f32, 0.5>>, tensor<1x70000x!qnn.uniform<i8:f32, 0.5>> -> tensor<1x1xi32>
  return
}

// -----

func.func @conv_groups(%x: tensor<1x8x8x4x!qnn.uniform<u2:f32, 0.5>>, %w: tensor<6x3x3x1x!qnn.uniform<i2:f32, 0.5>>) {
  // expected-error @+1 {{'qnn.conv2d' op the 6 output channels do not split into 4 groups}}
  %c = qnn.conv2d %x, %w {groups = 4 : i64} : tensor<1x8x8x4x!qnn.uniform<u2:f32, 0.5>>, tensor<6x3x3x1x!qnn.uniform<i2:f32, 0.5>> -> tensor<1x6x6x6xi32>
  return
}

// -----

func.func @conv_groups_zero(%x: tensor<1x8x8x4x!qnn.uniform<u2:f32, 0.5>>, %w: tensor<4x3x3x1x!qnn.uniform<i2:f32, 0.5>>) {
  // expected-error @+1 {{'qnn.conv2d' op groups must be positive, got 0}}
  %c = qnn.conv2d %x, %w {groups = 0 : i64} : tensor<1x8x8x4x!qnn.uniform<u2:f32, 0.5>>, tensor<4x3x3x1x!qnn.uniform<i2:f32, 0.5>> -> tensor<1x6x6x4xi32>
  return
}

// -----

func.func @conv_channels(%x: tensor<1x8x8x4x!qnn.uniform<u2:f32, 0.5>>, %w: tensor<6x3x3x5x!qnn.uniform<i2:f32, 0.5>>) {
  // expected-error @+1 {{'qnn.conv2d' op input has 4 channels but weight expects 5 per group in 1 groups}}
  %c = qnn.conv2d %x, %w : tensor<1x8x8x4x!qnn.uniform<u2:f32, 0.5>>, tensor<6x3x3x5x!qnn.uniform<i2:f32, 0.5>> -> tensor<1x6x6x6xi32>
  return
}

// -----

func.func @conv_result(%x: tensor<1x8x8x4x!qnn.uniform<u2:f32, 0.5>>, %w: tensor<6x3x3x4x!qnn.uniform<i2:f32, 0.5>>) {
  // expected-error @+1 {{'qnn.conv2d' op result must be [1, 4, 4, 6], got 'tensor<1x8x8x6xi32>'}}
  %c = qnn.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x8x8x4x!qnn.uniform<u2:f32, 0.5>>, tensor<6x3x3x4x!qnn.uniform<i2:f32, 0.5>> -> tensor<1x8x8x6xi32>
  return
}

// -----

func.func @conv_stride(%x: tensor<1x8x8x4x!qnn.uniform<u2:f32, 0.5>>, %w: tensor<6x3x3x4x!qnn.uniform<i2:f32, 0.5>>) {
  // expected-error @+1 {{'qnn.conv2d' op strides and dilations must be positive}}
  %c = qnn.conv2d %x, %w {strides = array<i64: 0, 1>} : tensor<1x8x8x4x!qnn.uniform<u2:f32, 0.5>>, tensor<6x3x3x4x!qnn.uniform<i2:f32, 0.5>> -> tensor<1x6x6x6xi32>
  return
}

// -----

func.func @conv_padding(%x: tensor<1x8x8x4x!qnn.uniform<u2:f32, 0.5>>, %w: tensor<6x3x3x4x!qnn.uniform<i2:f32, 0.5>>) {
  // expected-error @+1 {{'qnn.conv2d' op padding must not be negative}}
  %c = qnn.conv2d %x, %w {padding = array<i64: -1, 0, 0, 0>} : tensor<1x8x8x4x!qnn.uniform<u2:f32, 0.5>>, tensor<6x3x3x4x!qnn.uniform<i2:f32, 0.5>> -> tensor<1x5x6x6xi32>
  return
}

// -----

func.func @conv_padding_count(%x: tensor<1x8x8x4x!qnn.uniform<u2:f32, 0.5>>, %w: tensor<6x3x3x4x!qnn.uniform<i2:f32, 0.5>>) {
  // expected-error @+1 {{'qnn.conv2d' op 'strides' and 'dilations' hold 2 values and 'padding' 4 (top, left, bottom, right)}}
  %c = qnn.conv2d %x, %w {padding = array<i64: 1, 1>} : tensor<1x8x8x4x!qnn.uniform<u2:f32, 0.5>>, tensor<6x3x3x4x!qnn.uniform<i2:f32, 0.5>> -> tensor<1x6x6x6xi32>
  return
}

// -----

func.func @conv_kernel_too_big(%x: tensor<1x2x2x4x!qnn.uniform<u2:f32, 0.5>>, %w: tensor<6x3x3x4x!qnn.uniform<i2:f32, 0.5>>) {
  // expected-error @+1 {{'qnn.conv2d' op the kernel does not fit the padded input}}
  %c = qnn.conv2d %x, %w : tensor<1x2x2x4x!qnn.uniform<u2:f32, 0.5>>, tensor<6x3x3x4x!qnn.uniform<i2:f32, 0.5>> -> tensor<1x1x1x6xi32>
  return
}

// -----

func.func @conv_rank(%x: tensor<8x8x4x!qnn.uniform<u2:f32, 0.5>>, %w: tensor<6x3x3x4x!qnn.uniform<i2:f32, 0.5>>) {
  // expected-error @+1 {{'qnn.conv2d' op input (NHWC), weight (OHWI) and result (NHWC) must be 4-D}}
  %c = qnn.conv2d %x, %w : tensor<8x8x4x!qnn.uniform<u2:f32, 0.5>>, tensor<6x3x3x4x!qnn.uniform<i2:f32, 0.5>> -> tensor<1x6x6x6xi32>
  return
}

// -----

func.func @multithreshold_int_thresholds(%acc: tensor<2x8xi32>) {
  // expected-error @+1 {{'qnn.multithreshold' op thresholds of a integer input must be 'i64', got 'f32'}}
  %q = qnn.multithreshold %acc {thresholds = dense<[[0.0]]> : tensor<1x1xf32>} : tensor<2x8xi32> -> tensor<2x8x!qnn.uniform<u1:f32, 0.5>>
  return
}

// -----

func.func @multithreshold_int_unsorted(%acc: tensor<2x8xi32>) {
  // expected-error @+1 {{'qnn.multithreshold' op thresholds must be non-decreasing in each row, but -3 follows 5}}
  %q = qnn.multithreshold %acc {thresholds = dense<[[0, 5, -3]]> : tensor<1x3xi64>} : tensor<2x8xi32> -> tensor<2x8x!qnn.uniform<u2:f32, 0.5>>
  return
}

// -----

func.func @rescale_counts(%acc: tensor<2x3xi32>) {
  // expected-error @+1 {{'qnn.rescale' op 'scale' and 'bias' need the same, non-zero number of values, got 3 and 2}}
  %y = qnn.rescale %acc {axis = 1 : i64, bias = array<f64: 0.0, 0.0>, scale = array<f64: 1.0, 1.0, 1.0>} : tensor<2x3xi32> -> tensor<2x3xf32>
  return
}

// -----

func.func @rescale_axis(%acc: tensor<2x3xi32>) {
  // expected-error @+1 {{'qnn.rescale' op per-channel 'scale' and 'bias' need 'axis'}}
  %y = qnn.rescale %acc {bias = array<f64: 0.0, 0.0, 0.0>, scale = array<f64: 1.0, 1.0, 1.0>} : tensor<2x3xi32> -> tensor<2x3xf32>
  return
}

// -----

func.func @rescale_channels(%acc: tensor<2x3xi32>) {
  // expected-error @+1 {{'qnn.rescale' op dimension 1 has 3 channels but 2 per-channel parameters are given}}
  %y = qnn.rescale %acc {axis = 1 : i64, bias = array<f64: 0.0, 0.0>, scale = array<f64: 1.0, 1.0>} : tensor<2x3xi32> -> tensor<2x3xf32>
  return
}

// -----

func.func @negate_float(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.multithreshold' op 'negate' applies to integer inputs}}
  %q = qnn.multithreshold %x {negate = array<i1: true>, thresholds = dense<[[0.0]]> : tensor<1x1xf32>} : tensor<4xf32> -> tensor<4x!qnn.uniform<u1:f32, 0.5>>
  return
}

// -----

func.func @negate_count(%acc: tensor<4xi32>) {
  // expected-error @+1 {{'qnn.multithreshold' op 'negate' needs one flag per threshold row (1), got 2}}
  %q = qnn.multithreshold %acc {negate = array<i1: true, false>, thresholds = dense<0> : tensor<1x1xi64>} : tensor<4xi32> -> tensor<4x!qnn.uniform<u1:f32, 0.5>>
  return
}

// -----

func.func @pool_padding(%x: tensor<1x8x8x4x!qnn.uniform<u2:f32, 0.5>>) {
  // expected-error @+1 {{'qnn.max_pool2d' op padding must be smaller than the kernel, so that every window holds an input element}}
  %y = qnn.max_pool2d %x {kernel = array<i64: 2, 2>, padding = array<i64: 2, 0, 0, 0>} : tensor<1x8x8x4x!qnn.uniform<u2:f32, 0.5>> -> tensor<1x9x7x4x!qnn.uniform<u2:f32, 0.5>>
  return
}

// -----

func.func @pool_result(%x: tensor<1x8x8x4x!qnn.uniform<u2:f32, 0.5>>) {
  // expected-error @+1 {{'qnn.max_pool2d' op result must be [1, 4, 4, 4], got 'tensor<1x8x8x4x!qnn.uniform<u2:f32, 0.5>>'}}
  %y = qnn.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x8x8x4x!qnn.uniform<u2:f32, 0.5>> -> tensor<1x8x8x4x!qnn.uniform<u2:f32, 0.5>>
  return
}

// -----

func.func @pool_axis(%x: tensor<1x2x2x4x!qnn.uniform<u2:f32:1, {0.5, 0.25}>>) {
  // expected-error @+1 {{'qnn.max_pool2d' op a per-channel type must be per channel along C (axis 3), got axis 1}}
  %y = qnn.max_pool2d %x {kernel = array<i64: 1, 1>} : tensor<1x2x2x4x!qnn.uniform<u2:f32:1, {0.5, 0.25}>> -> tensor<1x2x2x4x!qnn.uniform<u2:f32:1, {0.5, 0.25}>>
  return
}

// -----

func.func @pool_type(%x: tensor<1x2x2x4x!qnn.uniform<u2:f32, 0.5>>) {
  // expected-error @+1 {{'qnn.max_pool2d' op input and result must have the same quantized type}}
  %y = qnn.max_pool2d %x {kernel = array<i64: 1, 1>} : tensor<1x2x2x4x!qnn.uniform<u2:f32, 0.5>> -> tensor<1x2x2x4x!qnn.uniform<u2:f32, 0.25>>
  return
}
