// The Q15 FFT of the front end (see FFT16Kernel.h): built with the M4's dual 16-bit
// instructions where the target has them, and always also in portable C under a
// `_portable` name, so the firmware's smoke test can prove the two equal on the M4.
#include "KinuDSP.h"
#include "Simd16.h"

#define OP(name) name##_portable
#define KERNEL(name) name##_portable
#include "FFT16Kernel.h"
#undef OP
#undef KERNEL

#if KINU_SIMD
#define OP(name) name##_simd
#define KERNEL(name) name
#include "FFT16Kernel.h"
#undef OP
#undef KERNEL
#else
int32_t kinu_fft256_q15(uint32_t *z, const uint32_t *twiddles) { return kinu_fft256_q15_portable(z, twiddles); }
void kinu_split_power_q15(const uint32_t *z, const uint32_t *twiddles, int32_t first, int32_t last, uint32_t *power) {
    kinu_split_power_q15_portable(z, twiddles, first, last, power);
}
#endif

int32_t kinu_window_frame_q15(const int16_t *older, int32_t older_count, const int16_t *newer, int32_t newer_count,
                              const int16_t *window, const uint8_t *bit_reversed, int16_t *scratch, uint32_t *z) {
    const int32_t count = older_count + newer_count;
    /* 1. One straight copy, with the sum and the extremes; the mean rounded to nearest
          (the division truncates toward zero, as Swift's does). */
    int32_t sum = 0, high = INT16_MIN, low = INT16_MAX;
    for (int32_t run = 0; run < 2; run++) {
        const int16_t *from = run == 0 ? older : newer;
        int16_t *to = run == 0 ? scratch : scratch + older_count;
        const int32_t n = run == 0 ? older_count : newer_count;
        for (int32_t i = 0; i < n; i++) {
            const int32_t v = from[i];
            to[i] = (int16_t)v;
            sum += v;
            high = v > high ? v : high;
            low = v < low ? v : low;
        }
    }
    const int32_t mean = (sum >= 0 ? sum + count / 2 : sum - count / 2) / count;
    const int32_t peak = high - mean > mean - low ? high - mean : mean - low;
    if (peak == 0) return KINU_SILENT;
    /* 2. Block exponent: peak << shift in [2^13, 2^14). Then centre, scale and window in
          one step, rounded to nearest: ((x - mean) << shift) * w / 2^15 = (x - mean) * w
          / 2^(15 - shift), exactly (the product stays below 2^29). A window whose centred
          peak reaches 2^14 (louder than about -6 dBFS, or a large DC offset) shifts right
          first instead, rounding down before the window. */
    const int32_t shift = 14 - (32 - __builtin_clz((uint32_t)peak));
    const int32_t pairs = count / 2;
    if (shift >= 0) {
        const int32_t down = 15 - shift, half = 1 << (down - 1);   /* rounded to nearest */
        for (int32_t p = 0; p < pairs; p++) {
            const int32_t even = ((scratch[2 * p] - mean) * window[2 * p] + half) >> down;
            const int32_t odd = ((scratch[2 * p + 1] - mean) * window[2 * p + 1] + half) >> down;
            z[bit_reversed[p]] = ((uint32_t)even & 0xFFFFu) | ((uint32_t)odd << 16);
        }
    } else {
        for (int32_t p = 0; p < pairs; p++) {
            const int32_t even = (((scratch[2 * p] - mean) >> -shift) * window[2 * p] + (1 << 14)) >> 15;
            const int32_t odd = (((scratch[2 * p + 1] - mean) >> -shift) * window[2 * p + 1] + (1 << 14)) >> 15;
            z[bit_reversed[p]] = ((uint32_t)even & 0xFFFFu) | ((uint32_t)odd << 16);
        }
    }
    for (int32_t p = pairs; p < 256; p++) z[bit_reversed[p]] = 0;
    return shift;
}

void kinu_pack_q15(const int16_t *x, const uint8_t *bit_reversed, int32_t count, uint32_t *z) {
    int32_t pairs = count / 2;
    for (int32_t p = 0; p < pairs; p++) {
        z[bit_reversed[p]] = ((uint32_t)(uint16_t)x[2 * p]) | ((uint32_t)(uint16_t)x[2 * p + 1] << 16);
    }
    for (int32_t p = pairs; p < 256; p++) z[bit_reversed[p]] = 0;
}
