// The sample copy with statistics, the window slide, and the Q15 window, FFT and split of the front end (see FFT16Kernel.h): built with the M4's dual 16-bit
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
/* The window feeding the FFT's first pass, in M4 assembly (WindowFirstPassM4.c). */
uint32_t kinu_window_first_pass_m4(const int16_t *x, const int16_t *window, uint32_t *z, const uint8_t *bit_reversed,
                                   uint32_t means, int32_t half, int32_t down);
#define KINU_WINDOW_FIRST_PASS kinu_window_first_pass_m4
#define OP(name) name##_simd
#define KERNEL(name) name
#include "FFT16Kernel.h"
#undef OP
#undef KERNEL
#undef KINU_WINDOW_FIRST_PASS
#else
void kinu_copy_samples(const int16_t *from, int16_t *to, int32_t count, kinu_sample_stats *stats) {
    kinu_copy_samples_portable(from, to, count, stats);
}
int32_t kinu_window_fft256_q15(const int16_t *x, int32_t count, const kinu_sample_stats *stats, int32_t stats_count,
                               const int16_t *window, const uint8_t *bit_reversed, const uint32_t *twiddles,
                               uint32_t *z, int32_t *halvings) {
    return kinu_window_fft256_q15_portable(x, count, stats, stats_count, window, bit_reversed, twiddles, z, halvings);
}
int32_t kinu_fft256_q15(uint32_t *z, const uint32_t *twiddles) { return kinu_fft256_q15_portable(z, twiddles); }
void kinu_split_power_q15(const uint32_t *z, const uint32_t *twiddles, int32_t first, int32_t last, uint32_t *power) {
    kinu_split_power_q15_portable(z, twiddles, first, last, power);
}
#endif

void kinu_pack_q15(const int16_t *x, const uint8_t *bit_reversed, int32_t count, uint32_t *z) {
    int32_t pairs = count / 2;
    for (int32_t p = 0; p < pairs; p++) {
        z[bit_reversed[p]] = ((uint32_t)(uint16_t)x[2 * p]) | ((uint32_t)(uint16_t)x[2 * p + 1] << 16);
    }
    for (int32_t p = pairs; p < 256; p++) z[bit_reversed[p]] = 0;
}

void kinu_slide_window(int16_t *window, int32_t length, int32_t keep) {
    /* Four samples per step (newlib-nano's memmove goes byte by byte). The source lies
       ahead of the destination, which a forward copy allows even where they overlap. */
    const int16_t *from = window + (length - keep);
    for (int32_t i = 0; i < keep; i += 4) {
        uint64_t four;
        __builtin_memcpy(&four, from + i, 8);
        __builtin_memcpy(window + i, &four, 8);
    }
}
