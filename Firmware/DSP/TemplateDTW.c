// The template matcher's views and banded DTW (see TemplateDTWKernel.h): the DTW is
// built with the M4's SIMD instructions where the target has them, and always also in
// portable C under a `_portable` name, so the firmware's smoke test can prove the two
// equal on the M4.
#include "KinuDSP.h"
#include "Simd16.h"

/* The lane costs of one DTW row, its hot loop: for the example's steps first, first + 1,
   ... (`words` apart), out[n] = 2 sum max(q - e, 0) + (e's lane sum) over six words of
   biased 16-bit lanes, which is the L1 distance plus q's lane sum (the caller subtracts
   that). The portable body: */
static inline void lane_costs_portable(const uint32_t *q, const uint32_t *example, int32_t count, int32_t *out,
                                       int32_t words) {
    for (; count > 0; count--, example += words) {
        int32_t positive = 0;
        for (int32_t w = 0; w < 6; w++) positive = smlad_portable(uqsub16_portable(q[w], example[w]), 0x00010001u, positive);
        *out++ = 2 * positive + (int32_t)example[6];
    }
}

#define OP(name) name##_portable
#define KERNEL(name) name##_portable
#define LANE_COSTS(q, example, count, out, words) lane_costs_portable(q, example, count, out, words)
#include "TemplateDTWKernel.h"
#undef OP
#undef KERNEL
#undef LANE_COSTS

#if KINU_SIMD
/* The same loop in M4 assembly: 24 instructions a cell. In C, clang keeps unrolling it
   and then spills the query's six words to the stack; here they stay in registers. It
   asks for 12 registers at once: clang (the project's compiler) allocates them at every
   optimisation level; GCC with the hard-float ABI gives up ("impossible constraints")
   except at -Os. `count` is at least 1 (view A's rows have 4 to 2 band + 1 cells). */
#define LANE_COSTS(q, example, count, out, words) do {                                      \
        const uint32_t *e_ = (example);                                                      \
        int32_t *o_ = (out), n_ = (count);                                                   \
        uint32_t a_, t_;                                                                     \
        __asm__ volatile(                                                                    \
            "1:                                 \n\t"                                       \
            "ldr     %[t], [%[e]]               \n\t"                                       \
            "uqsub16 %[t], %[q0], %[t]          \n\t"                                       \
            "smuad   %[a], %[t], %[one]         \n\t"                                       \
            "ldr     %[t], [%[e], #4]           \n\t"                                       \
            "uqsub16 %[t], %[q1], %[t]          \n\t"                                       \
            "smlad   %[a], %[t], %[one], %[a]   \n\t"                                       \
            "ldr     %[t], [%[e], #8]           \n\t"                                       \
            "uqsub16 %[t], %[q2], %[t]          \n\t"                                       \
            "smlad   %[a], %[t], %[one], %[a]   \n\t"                                       \
            "ldr     %[t], [%[e], #12]          \n\t"                                       \
            "uqsub16 %[t], %[q3], %[t]          \n\t"                                       \
            "smlad   %[a], %[t], %[one], %[a]   \n\t"                                       \
            "ldr     %[t], [%[e], #16]          \n\t"                                       \
            "uqsub16 %[t], %[q4], %[t]          \n\t"                                       \
            "smlad   %[a], %[t], %[one], %[a]   \n\t"                                       \
            "ldr     %[t], [%[e], #20]          \n\t"                                       \
            "uqsub16 %[t], %[q5], %[t]          \n\t"                                       \
            "smlad   %[a], %[t], %[one], %[a]   \n\t"                                       \
            "ldr     %[t], [%[e], #24]          \n\t"   /* the example step's lane sum */   \
            "add     %[a], %[t], %[a], lsl #1   \n\t"                                       \
            "add     %[e], %[e], %[stride]      \n\t"                                       \
            "str     %[a], [%[o]], #4           \n\t"                                       \
            "subs    %[n], %[n], #1             \n\t"                                       \
            "bne     1b                         \n\t"                                       \
            : [e] "+r"(e_), [o] "+r"(o_), [n] "+r"(n_), [a] "=&r"(a_), [t] "=&r"(t_)            \
            : [q0] "r"((q)[0]), [q1] "r"((q)[1]), [q2] "r"((q)[2]), [q3] "r"((q)[3]),          \
              [q4] "r"((q)[4]), [q5] "r"((q)[5]), [one] "r"(0x00010001u), [stride] "I"(4 * (words)) \
            : "cc", "memory");                                                               \
    } while (0)
#define OP(name) name##_simd
#define KERNEL(name) name
#include "TemplateDTWKernel.h"
#undef OP
#undef KERNEL
#undef LANE_COSTS
#else
int32_t kinu_warp_a(const uint32_t *query, const uint32_t *example, int32_t stop_at) {
    return kinu_warp_a_portable(query, example, stop_at);
}
int32_t kinu_warp_b(const uint32_t *query, const uint32_t *example, int32_t stop_at) {
    return kinu_warp_b_portable(query, example, stop_at);
}
#endif

/* Plain 32-bit arithmetic on two 16-bit lanes at once: every lane value below stays in
   [0, 2^16) and no sum carries out of its lane, so no SIMD instruction is needed (the same
   code on every target). Bytes are biased by +128 (x ^ 0x80), which makes them 0...255;
   a word of four bytes splits into its even bytes (0 and 2) and its odd bytes (1 and 3),
   one per 16-bit lane: the views list columns in the order 0 2 1 3 4 6 5 7 8 10 9 11,
   for every template alike, which an L1 distance does not notice. */
enum { steps = KINU_TEMPLATE_STEPS, words_per_row = KINU_TEMPLATE_COEFFICIENTS / 4 };

static inline uint32_t even_bytes(uint32_t biased) { return biased & 0x00FF00FFu; }
static inline uint32_t odd_bytes(uint32_t biased) { return (biased >> 8) & 0x00FF00FFu; }
static inline uint32_t lane_sum(uint32_t w) { return (w & 0xFFFFu) + (w >> 16); }

static inline uint32_t biased_word(const int8_t *x, int32_t t, int32_t w) {
    uint32_t word;
    __builtin_memcpy(&word, x + t * KINU_TEMPLATE_COEFFICIENTS + 4 * w, 4);
    return word ^ 0x80808080u;
}

void kinu_template_views(const int8_t *x, uint32_t *view_a, uint32_t *view_b) {
    /* Column sums of the biased bytes (< 16 * 256 per lane), even and odd lanes, and each
       step's sum of its 12 biased bytes. */
    uint32_t even_sum[words_per_row] = {0}, odd_sum[words_per_row] = {0}, step_sum[steps];
    uint32_t total = 0;
    for (int32_t t = 0; t < steps; t++) {
        uint32_t both = 0;
        for (int32_t w = 0; w < words_per_row; w++) {
            const uint32_t word = biased_word(x, t, w);
            even_sum[w] += even_bytes(word);
            odd_sum[w] += odd_bytes(word);
            both += even_bytes(word) + odd_bytes(word);
        }
        step_sum[t] = lane_sum(both);
        total += step_sum[t];
    }
    /* View A per lane: 16 x - S + 2^15 = 16 (x + 128) + (2^15 - sum of the biased bytes),
       since S = that sum - 16 * 128. Its row sum: 16 (the step's biased sum) - all sums. */
    for (int32_t t = 0; t < steps; t++) view_a[t * KINU_VIEW_A_WORDS + 6] = 16 * step_sum[t] - total;
    /* Column by column (one word of four bytes), down the steps. */
    for (int32_t w = 0; w < words_per_row; w++) {
        const uint32_t offset_even = 0x80008000u - even_sum[w], offset_odd = 0x80008000u - odd_sum[w];
        for (int32_t t = 0; t < steps; t++) {
            const uint32_t row = biased_word(x, t, w);
            uint32_t *a = view_a + t * KINU_VIEW_A_WORDS;
            a[2 * w] = (even_bytes(row) << 4) + offset_even;
            a[2 * w + 1] = (odd_bytes(row) << 4) + offset_odd;
            view_b[t * KINU_VIEW_B_WORDS + w] = row;
        }
    }
    /* View B's deltas, a byte each: half the difference of the steps after and before (ends
       repeated), rounded down, which keeps it in -128...127; biased by +128. */
    for (int32_t t = 0; t < steps; t++) {
        const int8_t *after = x + (t < steps - 1 ? t + 1 : t) * KINU_TEMPLATE_COEFFICIENTS;
        const int8_t *before = x + (t > 0 ? t - 1 : t) * KINU_TEMPLATE_COEFFICIENTS;
        uint8_t deltas[KINU_TEMPLATE_COEFFICIENTS];
        for (int32_t k = 0; k < KINU_TEMPLATE_COEFFICIENTS; k++) {
            deltas[k] = (uint8_t)((((int32_t)after[k] - (int32_t)before[k]) >> 1) + 128);
        }
        __builtin_memcpy(view_b + t * KINU_VIEW_B_WORDS + words_per_row, deltas, sizeof deltas);
    }
}

int32_t kinu_dsp_uses_simd(void) { return KINU_SIMD; }
