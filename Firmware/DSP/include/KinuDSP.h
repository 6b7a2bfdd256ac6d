// KinuDSP: the few inner loops that want the Cortex-M4's DSP instructions (SIMD on two
// 16-bit lanes), which Swift cannot emit. Each function has one portable C body too; the
// two give the same result bit for bit (exact integer sums), so the host and the firmware
// decide alike. The firmware's smoke test compares them on the emulated M4.
#ifndef KINU_DSP_H
#define KINU_DSP_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// L1 distance from one row `a` of `width` Int16 values to each of `rows` consecutive
/// rows of `b` (also `width` apart): out[r] = sum over k of |a[k] - b[r * width + k]|.
/// `width` is a multiple of 4. Every difference must fit in Int16 and every sum in Int32
/// (the template matcher's values are below 2^13 in magnitude).
void kinu_l1_rows_int16(const int16_t *a, const int16_t *b, int32_t width, int32_t rows, int32_t *out);

/// Dot product of `count` Int16 pairs: sum of a[k] * b[k]. `count` is even; the sum must
/// fit in Int32 (the template encoder's sums stay below 2^28).
int32_t kinu_dot_int16(const int16_t *a, const int16_t *b, int32_t count);

/// 1 when this build uses the DSP instructions, 0 for the portable body.
int32_t kinu_dsp_uses_simd(void);

#ifdef __cplusplus
}
#endif

#endif
