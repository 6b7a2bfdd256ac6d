// The front end's sample copy with statistics, window slide, and Q15 window, FFT and
// split (see FFT16Kernel.h): built with the M4's dual 16-bit instructions where the
// target has them, and always also in portable C under a `_portable` name, so the
// firmware's smoke test can prove the two equal on the M4.
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

/* kinu_copy_samples's loop for `eights` groups of eight samples, both pointers word
   aligned: LDM/STM of four words (clang does not merge the C loop's loads), then per
   word SMLAD for the sum and, for the extremes, SSUB16 + SEL on signed lanes (SEL picks
   by the lane flags SSUB16 sets): the biased lanes of kinu_sample_stats become signed
   and back by flipping their top bits, an order-preserving map, so the result is the
   C loop's. Advances the pointers. */
static inline void kinu_copy_eights_m4(const int16_t **from, int16_t **to, int32_t eights, int32_t *sum,
                                       uint32_t *high, uint32_t *low) {
    const int16_t *f = *from;
    int16_t *t = *to;
    int32_t s = *sum;
    uint32_t h = *high ^ 0x80008000u, l = *low ^ 0x80008000u, d;
    /* LDM/STM take their registers in ascending order: pinned, so the list is written so. */
    register uint32_t w0 __asm__("r4"), w1 __asm__("r5"), w2 __asm__("r6"), w3 __asm__("r8");
    const uint32_t one = 0x00010001u;
#define KINU_STATS_OF(w)                                        \
        "smlad   %[s], " w ", %[one], %[s]        \n\t"         \
        "ssub16  %[d], " w ", %[h]                \n\t"         \
        "sel     %[h], " w ", %[h]                \n\t"         \
        "ssub16  %[d], " w ", %[l]                \n\t"         \
        "sel     %[l], %[l], " w "                \n\t"
    __asm__ volatile(
        "1:                                        \n\t"
        "ldmia   %[f]!, {%[w0], %[w1], %[w2], %[w3]} \n\t"
        "stmia   %[t]!, {%[w0], %[w1], %[w2], %[w3]} \n\t"
        KINU_STATS_OF("%[w0]") KINU_STATS_OF("%[w1]") KINU_STATS_OF("%[w2]") KINU_STATS_OF("%[w3]")
        "subs    %[n], %[n], #1                    \n\t"
        "bne     1b                                \n\t"
        : [f] "+r"(f), [t] "+r"(t), [n] "+r"(eights), [s] "+r"(s), [h] "+r"(h), [l] "+r"(l),
          [w0] "=&r"(w0), [w1] "=&r"(w1), [w2] "=&r"(w2), [w3] "=&r"(w3), [d] "=&r"(d)
        : [one] "r"(one)
        : "cc", "memory");
#undef KINU_STATS_OF
    *from = f;
    *to = t;
    *sum = s;
    *high = h ^ 0x80008000u;
    *low = l ^ 0x80008000u;
}
#define KINU_COPY_EIGHTS kinu_copy_eights_m4
#define OP(name) name##_simd
#define KERNEL(name) name
#include "FFT16Kernel.h"
#undef OP
#undef KERNEL
#undef KINU_WINDOW_FIRST_PASS
#undef KINU_COPY_EIGHTS
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
    /* A word at a time (newlib-nano's memmove goes byte by byte); on the M4 four words per
       LDM/STM, which clang does not form from C. The window is word aligned and `length`
       and `keep` even (may_alias: the words read int16 storage). The source lies ahead of
       the destination, which a forward copy allows even where they overlap. */
    typedef uint32_t __attribute__((may_alias)) word;
    word *to = (word *)(void *)window;
    const word *from = (const word *)(const void *)(window + (length - keep));
    int32_t words = keep / 2;
#if KINU_SIMD
    int32_t fours = words / 4;
    if (fours > 0) {
        register uint32_t w0 __asm__("r4"), w1 __asm__("r5"), w2 __asm__("r6"), w3 __asm__("r8");
        __asm__ volatile(
            "1:                                             \n\t"
            "ldmia   %[from]!, {%[w0], %[w1], %[w2], %[w3]} \n\t"
            "stmia   %[to]!, {%[w0], %[w1], %[w2], %[w3]}   \n\t"
            "subs    %[n], %[n], #1                         \n\t"
            "bne     1b                                     \n\t"
            : [from] "+r"(from), [to] "+r"(to), [n] "+r"(fours),
              [w0] "=&r"(w0), [w1] "=&r"(w1), [w2] "=&r"(w2), [w3] "=&r"(w3)
            :
            : "cc", "memory");
        words %= 4;
    }
#endif
    for (int32_t i = 0; i < words; i++) to[i] = from[i];
}
