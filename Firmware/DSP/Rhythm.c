// The template encoder's loudness rhythm (see KinuDSP.h, kinu_rhythm_energies): the
// autocorrelation two products per SMLAD on the M4, the octaves' energies with 64-bit
// accumulation. Every product and sum is exact, so the portable body gives the same bits.
#include "KinuDSP.h"
#include "Simd16.h"

_Static_assert(KINU_RHYTHM_OCTAVES % 3 == 0, "the octaves' energies are summed three at a time");

static inline int32_t autocorrelation_portable(const int16_t *x, int32_t count, int32_t lag) {
    int32_t sum = 0;
    for (int32_t t = 0; t + lag < count; t++) sum += (int32_t)x[t] * x[t + lag];
    return sum;
}

static inline int32_t autocorrelation(const int16_t *x, int32_t count, int32_t lag, int simd) {
#if KINU_SIMD
    if (!simd) return autocorrelation_portable(x, count, lag);
    const int16_t *a = x, *b = x + lag;
    int32_t n = count - lag, sum = 0;
    for (; n >= 4; n -= 4, a += 4, b += 4) {
        sum = __smlad((int16x2_t)word_at(a), (int16x2_t)word_at(b), sum);
        sum = __smlad((int16x2_t)word_at(a + 2), (int16x2_t)word_at(b + 2), sum);
    }
    for (; n > 0; n--) sum += (int32_t)*a++ * *b++;
    return sum;
#else
    (void)simd;
    return autocorrelation_portable(x, count, lag);
#endif
}

static inline void rhythm_energies(const int16_t *loudness, int32_t count, const int32_t *cosines, int32_t lags,
                                   int32_t *scratch, int64_t *energies, int simd) {
    int32_t sum = 0;
    for (int32_t t = 0; t < count; t++) sum += loudness[t];
    /* The mean removed exactly (count x value - sum), under the triangular window
       min(t + 1, count - t); |count e - sum| < 100 x 2^16 and the weights are at most 50,
       so the products stay under 2^29. */
    uint32_t largest = 0;
    for (int32_t t = 0; t < count; t++) {
        const int32_t weight = t + 1 < count - t ? t + 1 : count - t;
        const int32_t x = (count * loudness[t] - sum) * weight;
        scratch[t] = x;
        const uint32_t magnitude = (uint32_t)(x < 0 ? -x : x);
        if (magnitude > largest) largest = magnitude;
    }
    /* Down by a power of two until |x| <= 2^11: products at most 2^22, sums under 2^29. */
    int32_t shift = 0;
    while ((largest >> shift) >= (1u << 11)) shift++;
    int16_t *x = (int16_t *)(scratch + count);
    for (int32_t t = 0; t < count; t++) x[t] = (int16_t)(scratch[t] >> shift);
    int32_t *r = scratch;
    for (int32_t lag = 0; lag < count; lag++) r[lag] = autocorrelation(x, count, lag, simd);
    /* Three octaves per pass: each r loaded once for three products. */
    for (int32_t o = 0; o < KINU_RHYTHM_OCTAVES; o += 3) {
        const int32_t *c0 = cosines + o * lags, *c1 = c0 + lags, *c2 = c1 + lags;
        int64_t e0 = 0, e1 = 0, e2 = 0;
        for (int32_t lag = 0; lag < count; lag++) {
            const int32_t v = r[lag];
            e0 += (int64_t)v * c0[lag];
            e1 += (int64_t)v * c1[lag];
            e2 += (int64_t)v * c2[lag];
        }
        energies[o] = e0;
        energies[o + 1] = e1;
        energies[o + 2] = e2;
    }
}

void kinu_rhythm_energies(const int16_t *loudness, int32_t count, const int32_t *cosines, int32_t lags,
                          int32_t *scratch, int64_t *energies) {
    rhythm_energies(loudness, count, cosines, lags, scratch, energies, 1);
}

void kinu_rhythm_energies_portable(const int16_t *loudness, int32_t count, const int32_t *cosines, int32_t lags,
                                   int32_t *scratch, int64_t *energies) {
    rhythm_energies(loudness, count, cosines, lags, scratch, energies, 0);
}
