// The template encoder's frame sums and floored DCT: two 16-bit products per SMLAD on the M4.
#include "KinuDSP.h"
#include "Simd16.h"

static inline uint32_t pair(const int16_t *x) {
    uint32_t word;
    __builtin_memcpy(&word, x, 4);
    return word;
}

#if KINU_SIMD

int32_t kinu_sum_int16(const int16_t *a, int32_t count) {
    int32_t sum = 0;
    for (int32_t k = 0; k < count; k += 2) sum = __smlad((int16x2_t)pair(a + k), (int16x2_t)0x00010001u, sum);
    return sum;
}

void kinu_floored_dct(const int16_t *frame, int16_t floor, const int16_t *dct, int32_t bands, int32_t coefficients,
                      int32_t *out) {
    /* Floored two at a time: SSUB16 sets each lane's GE flags where x >= floor, SEL keeps
       those lanes of x and takes the floor elsewhere. */
    uint32_t floored[KINU_MEL_BANDS / 2];
    const uint32_t floors = (uint16_t)floor | (uint32_t)(uint16_t)floor << 16;
    for (int32_t k = 0; k < bands / 2; k++) {
        const uint32_t x = pair(frame + 2 * k);
        (void)__ssub16((int16x2_t)x, (int16x2_t)floors);
        floored[k] = (uint32_t)__sel((uint8x4_t)x, (uint8x4_t)floors);
    }
    /* Two coefficients per pass, so each floored pair is loaded once for both. */
    for (int32_t i = 0; i < coefficients; i += 2, dct += 2 * bands) {
        int32_t first = 0, second = 0;
        for (int32_t k = 0; k < bands / 2; k++) {
            first = __smlad((int16x2_t)floored[k], (int16x2_t)pair(dct + 2 * k), first);
            second = __smlad((int16x2_t)floored[k], (int16x2_t)pair(dct + bands + 2 * k), second);
        }
        out[i] = (first + 32768) >> 16;
        out[i + 1] = (second + 32768) >> 16;
    }
}

#else

int32_t kinu_sum_int16(const int16_t *a, int32_t count) {
    int32_t sum = 0;
    for (int32_t k = 0; k < count; k++) sum += a[k];
    return sum;
}

void kinu_floored_dct(const int16_t *frame, int16_t floor, const int16_t *dct, int32_t bands, int32_t coefficients,
                      int32_t *out) {
    for (int32_t i = 0; i < coefficients; i++, dct += bands) {
        int32_t sum = 0;
        for (int32_t b = 0; b < bands; b++) sum += (int32_t)(frame[b] > floor ? frame[b] : floor) * (int32_t)dct[b];
        out[i] = (sum + 32768) >> 16;
    }
}

#endif
