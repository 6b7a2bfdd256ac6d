// The template encoder's frame sums and floored DCT: two 16-bit products per SMLAD on the M4.
#include "KinuDSP.h"
#include "Simd16.h"

#if KINU_SIMD

int32_t kinu_sum_int16(const int16_t *a, int32_t count) {
    int32_t sum = 0;
    for (int32_t k = 0; k < count; k += 2) sum = __smlad((int16x2_t)word_at(a + k), (int16x2_t)0x00010001u, sum);
    return sum;
}

void kinu_floored_dct(const int16_t *frame, int16_t floor, const int16_t *dct, int32_t bands, int32_t coefficients,
                      int32_t *out) {
    /* Floored two at a time: SSUB16 sets each lane's GE flags where x >= floor, SEL keeps
       those lanes of x and takes the floor elsewhere. */
    uint32_t floored[KINU_MEL_BANDS / 2];
    const uint32_t floors = (uint16_t)floor | (uint32_t)(uint16_t)floor << 16;
    for (int32_t k = 0; k < bands / 2; k++) {
        const uint32_t x = word_at(frame + 2 * k);
        (void)__ssub16((int16x2_t)x, (int16x2_t)floors);
        floored[k] = (uint32_t)__sel((uint8x4_t)x, (uint8x4_t)floors);
    }
    /* The DCT's rows are symmetric about the middle band (even c_i) or antisymmetric (odd
       c_i): folded, each takes half the products. Band 2k's mirror is 39 - 2k, the high
       lane of pair 19 - k, so that pair is swapped (ROR 16) before the lanes are added or
       subtracted (|x| < 2^14: the lanes stay within 16 bits). The sums are the same. */
    uint32_t sums[KINU_MEL_BANDS / 4], differences[KINU_MEL_BANDS / 4];
    const int32_t half = bands / 4;
    for (int32_t k = 0; k < half; k++) {
        const uint32_t mirror = __ror(floored[bands / 2 - 1 - k], 16);
        sums[k] = (uint32_t)__sadd16((int16x2_t)floored[k], (int16x2_t)mirror);
        differences[k] = (uint32_t)__ssub16((int16x2_t)floored[k], (int16x2_t)mirror);
    }
    /* Two coefficients per pass: rows i and i + 1 (i even), that is c_(i+1), odd, from the
       differences and c_(i+2), even, from the sums, each from the first half of its row. */
    for (int32_t i = 0; i < coefficients; i += 2, dct += 2 * bands) {
        int32_t first = 0, second = 0;
        for (int32_t k = 0; k < half; k++) {
            first = __smlad((int16x2_t)differences[k], (int16x2_t)word_at(dct + 2 * k), first);
            second = __smlad((int16x2_t)sums[k], (int16x2_t)word_at(dct + bands + 2 * k), second);
        }
        out[i] = (first + 32768) >> 16;
        out[i + 1] = (second + 32768) >> 16;
    }
}

void kinu_group_levels(const int16_t *frames, int32_t count, int16_t floor, int32_t *levels) {
    const uint32_t floors = (uint16_t)floor | (uint32_t)(uint16_t)floor << 16, ones = 0x00010001u;
    for (int32_t f = 0; f < count; f++, frames += KINU_MEL_BANDS, levels += KINU_GROUPS) {
        /* Two groups of five per ten bands (five pairs): the middle pair's low band ends
           the first group, its high band starts the second. Floored as kinu_floored_dct. */
        for (int32_t g = 0; g < KINU_GROUPS; g += 2) {
            uint32_t x[5];
            for (int32_t k = 0; k < 5; k++) {
                const uint32_t v = word_at(frames + 5 * g + 2 * k);
                (void)__ssub16((int16x2_t)v, (int16x2_t)floors);
                x[k] = (uint32_t)__sel((uint8x4_t)v, (uint8x4_t)floors);
            }
            levels[g] = __smlad((int16x2_t)x[1], (int16x2_t)ones, __smuad((int16x2_t)x[0], (int16x2_t)ones)) + lane_lo(x[2]);
            levels[g + 1] = __smlad((int16x2_t)x[4], (int16x2_t)ones, __smlad((int16x2_t)x[3], (int16x2_t)ones, lane_hi(x[2])));
        }
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

void kinu_group_levels(const int16_t *frames, int32_t count, int16_t floor, int32_t *levels) {
    for (int32_t f = 0; f < count; f++, frames += KINU_MEL_BANDS, levels += KINU_GROUPS) {
        for (int32_t g = 0; g < KINU_GROUPS; g++) {
            int32_t sum = 0;
            for (int32_t b = 5 * g; b < 5 * g + 5; b++) sum += frames[b] > floor ? frames[b] : floor;
            levels[g] = sum;
        }
    }
}

#endif
