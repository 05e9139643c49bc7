/*===- qnn_builtins.c - Conversions compiled models call ------------------===*\
 *
 * LLVM lowers a conversion to bfloat16 on CPUs without bf16 instructions
 * to a call of the compiler runtime's __truncsfbf2 / __truncdfbf2, which
 * the libgcc this project builds with (GCC 12) lacks: compiled models
 * using bfloat16 would not load. The runtime brings them, as it brings
 * libm. (The half-precision conversions are in libgcc since GCC 12.)
 *
\*===----------------------------------------------------------------------===*/

#include <math.h>
#include <stdint.h>
#include <string.h>

/* __bf16 is an arithmetic type (returned in xmm0) in clang and GCC 13+. */
#if defined(__clang__) || (defined(__GNUC__) && __GNUC__ >= 13)

#define QNN_BUILTIN __attribute__((visibility("default")))

/* The bfloat16 nearest to `f`, ties to even; NaNs stay NaNs, quieted. */
static uint16_t bf16_bits(float f) {
  uint32_t bits;
  memcpy(&bits, &f, sizeof bits);
  if ((bits & 0x7fffffffu) > 0x7f800000u)
    return (uint16_t)((bits >> 16) | 0x0040u);
  bits += 0x7fffu + ((bits >> 16) & 1u);
  return (uint16_t)(bits >> 16);
}

static __bf16 from_bits(uint16_t bits) {
  __bf16 value;
  memcpy(&value, &bits, sizeof value);
  return value;
}

QNN_BUILTIN __bf16 __truncsfbf2(float f);
QNN_BUILTIN __bf16 __truncdfbf2(double d);

__bf16 __truncsfbf2(float f) { return from_bits(bf16_bits(f)); }

/* Correctly rounded: `d` rounded to float toward zero with the lowest bit
 * set when inexact (round to odd) rounds to the same bfloat16 as `d`,
 * float having more than two bits beyond bfloat16's precision. */
__bf16 __truncdfbf2(double d) {
  float f = (float)d;
  if (isnan(d))
    return from_bits(bf16_bits(f));
  if (fabs((double)f) > fabs(d))
    f = nextafterf(f, 0.0f);
  if ((double)f != d) {
    uint32_t bits;
    memcpy(&bits, &f, sizeof bits);
    bits |= 1u;
    memcpy(&f, &bits, sizeof f);
  }
  return from_bits(bf16_bits(f));
}

#endif
