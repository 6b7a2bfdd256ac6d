#include "KinuDSP.h"
#include "Simd16.h"

#if KINU_SIMD

// Words are loaded with __builtin_memcpy (one LDR; the firmware has no libc headers).
// Two lanes at a time: d = a - b per lane (SSUB16), then sum |d| as d . sign(d) with one
// SMLAD. sign(d) is built without the GE flags (a SEL would depend on flags the compiler
// does not track): 2 per negative lane from the lanes' sign bits, subtracted lane-wise
// from 1, gives +1 or -1 per lane.
static inline __attribute__((always_inline)) int32_t l1_row(const int16_t *a, const int16_t *b, int32_t width) {
    int32_t sum = 0;
    for (int32_t k = 0; k < width; k += 4) {
        uint32_t a01, a23, b01, b23;
        __builtin_memcpy(&a01, a + k, 4);
        __builtin_memcpy(&a23, a + k + 2, 4);
        __builtin_memcpy(&b01, b + k, 4);
        __builtin_memcpy(&b23, b + k + 2, 4);
        int16x2_t d01 = __ssub16((int16x2_t)a01, (int16x2_t)b01);
        int16x2_t d23 = __ssub16((int16x2_t)a23, (int16x2_t)b23);
        int16x2_t s01 = __ssub16(0x00010001, (int16x2_t)(((uint32_t)d01 >> 14) & 0x00020002u));
        int16x2_t s23 = __ssub16(0x00010001, (int16x2_t)(((uint32_t)d23 >> 14) & 0x00020002u));
        sum = __smlad(d01, s01, sum);
        sum = __smlad(d23, s23, sum);
    }
    return sum;
}

int32_t kinu_dsp_uses_simd(void) { return 1; }

#else

static inline __attribute__((always_inline)) int32_t l1_row(const int16_t *a, const int16_t *b, int32_t width) {
    int32_t sum = 0;
    for (int32_t k = 0; k < width; k++) {
        int32_t d = (int32_t)a[k] - (int32_t)b[k];
        sum += d < 0 ? -d : d;
    }
    return sum;
}

int32_t kinu_dsp_uses_simd(void) { return 0; }

#endif

// The template matcher's two widths get their own copies, unrolled by the compiler.
static inline __attribute__((always_inline)) void l1_rows(const int16_t *a, const int16_t *b, int32_t width, int32_t rows, int32_t *out) {
    for (int32_t r = 0; r < rows; r++) {
        out[r] = l1_row(a, b + r * width, width);
    }
}

void kinu_l1_rows_int16(const int16_t *a, const int16_t *b, int32_t width, int32_t rows, int32_t *out) {
    if (width == 12) {
        l1_rows(a, b, 12, rows, out);
    } else if (width == 24) {
        l1_rows(a, b, 24, rows, out);
    } else {
        l1_rows(a, b, width, rows, out);
    }
}
