// The Cortex-M4's SIMD operations the kernels use (two 16-bit or four 8-bit lanes per
// word), each as a tiny inline function: the ACLE intrinsic when KINU_SIMD is 1, else
// plain C with exactly the same result (lanes wrap, halving shifts round down, products
// are exact). For the FFT a word holds a complex value: the real part in bits 0-15, the
// imaginary part in bits 16-31.
// KINU_SIMD says whether this build has them (every KinuDSP kernel picks its body by it).
// Internal to KinuDSP (not part of its public header).
#ifndef KINU_SIMD16_H
#define KINU_SIMD16_H

#include <stdint.h>

/* The dual 16-bit and quad 8-bit instructions (SIMD32, e.g. the Cortex-M4's) and the
   16 x 16 multiplies (DSP); the M4 has both, an Armv5TE core only the latter. */
#if defined(__ARM_FEATURE_DSP) && __ARM_FEATURE_DSP && defined(__ARM_FEATURE_SIMD32) && __ARM_FEATURE_SIMD32
#define KINU_SIMD 1
#else
#define KINU_SIMD 0
#endif

#if KINU_SIMD
#include <arm_acle.h>
#endif

/* Four bytes at any alignment as one word (two 16-bit lanes, four bytes): one load on the M4. */
static inline uint32_t word_at(const void *p) {
    uint32_t word;
    __builtin_memcpy(&word, p, 4);
    return word;
}

static inline int32_t lane_lo(uint32_t x) { return (int16_t)(uint16_t)(x & 0xFFFFu); }
static inline int32_t lane_hi(uint32_t x) { return (int16_t)(uint16_t)(x >> 16); }
static inline uint32_t lanes(int32_t lo, int32_t hi) { return ((uint32_t)lo & 0xFFFFu) | ((uint32_t)hi << 16); }

#if KINU_SIMD
#define S16(name) name##_simd
/* lo*lo + hi*hi */
static inline int32_t smuad_simd(uint32_t a, uint32_t b) { return __smuad((int16x2_t)a, (int16x2_t)b); }
/* lo*lo + hi*hi + c */
static inline int32_t smlad_simd(uint32_t a, uint32_t b, int32_t c) { return __smlad((int16x2_t)a, (int16x2_t)b, c); }
/* lo(a)*hi(b) - hi(a)*lo(b) + c */
static inline int32_t smlsdx_simd(uint32_t a, uint32_t b, int32_t c) { return __smlsdx((int16x2_t)a, (int16x2_t)b, c); }
static inline uint32_t sadd16_simd(uint32_t a, uint32_t b) { return (uint32_t)__sadd16((int16x2_t)a, (int16x2_t)b); }
static inline uint32_t ssub16_simd(uint32_t a, uint32_t b) { return (uint32_t)__ssub16((int16x2_t)a, (int16x2_t)b); }
static inline uint32_t shadd16_simd(uint32_t a, uint32_t b) { return (uint32_t)__shadd16((int16x2_t)a, (int16x2_t)b); }
static inline uint32_t shsub16_simd(uint32_t a, uint32_t b) { return (uint32_t)__shsub16((int16x2_t)a, (int16x2_t)b); }
/* lo = (a.lo + b.hi) / 2, hi = (a.hi - b.lo) / 2 */
static inline uint32_t shsax_simd(uint32_t a, uint32_t b) { return (uint32_t)__shsax((int16x2_t)a, (int16x2_t)b); }
/* lo = (a.lo - b.hi) / 2, hi = (a.hi + b.lo) / 2 */
static inline uint32_t shasx_simd(uint32_t a, uint32_t b) { return (uint32_t)__shasx((int16x2_t)a, (int16x2_t)b); }
/* lo = a.lo + b.hi, hi = a.hi - b.lo (no halving) */
static inline uint32_t ssax_simd(uint32_t a, uint32_t b) { return (uint32_t)__ssax((int16x2_t)a, (int16x2_t)b); }
/* lo = a.lo - b.hi, hi = a.hi + b.lo (no halving) */
static inline uint32_t sasx_simd(uint32_t a, uint32_t b) { return (uint32_t)__sasx((int16x2_t)a, (int16x2_t)b); }
/* lo(a)*lo(b) + c, hi(a)*hi(b) + c */
static inline int32_t smlabb_simd(uint32_t a, uint32_t b, int32_t c) { return __smlabb((int32_t)a, (int32_t)b, c); }
static inline int32_t smlatt_simd(uint32_t a, uint32_t b, int32_t c) { return __smlatt((int32_t)a, (int32_t)b, c); }
/* per unsigned 16-bit lane: max(a - b, 0) */
static inline uint32_t uqsub16_simd(uint32_t a, uint32_t b) { return (uint32_t)__uqsub16((uint16x2_t)a, (uint16x2_t)b); }
/* per signed byte: (a + b) >> 1 */
static inline uint32_t shadd8_simd(uint32_t a, uint32_t b) { return (uint32_t)__shadd8((int8x4_t)a, (int8x4_t)b); }
/* per unsigned byte: (a + b) >> 1 */
static inline uint32_t uhadd8_simd(uint32_t a, uint32_t b) { return (uint32_t)__uhadd8((uint8x4_t)a, (uint8x4_t)b); }
/* per unsigned byte: min(a + b, 255) and max(a - b, 0) */
static inline uint32_t uqadd8_simd(uint32_t a, uint32_t b) { return (uint32_t)__uqadd8((uint8x4_t)a, (uint8x4_t)b); }
static inline uint32_t uqsub8_simd(uint32_t a, uint32_t b) { return (uint32_t)__uqsub8((uint8x4_t)a, (uint8x4_t)b); }
/* bytes 0 and 2, sign-extended to the two 16-bit lanes; of a rotated right by 8: bytes 1 and 3 */
static inline uint32_t sxtb16_simd(uint32_t a) { return (uint32_t)__sxtb16((int8x4_t)a); }
static inline uint32_t sxtb16_ror8_simd(uint32_t a) { return (uint32_t)__sxtb16((int8x4_t)__ror(a, 8)); }
/* sum over the four unsigned bytes of |a - b|, plus c */
static inline uint32_t usada8_simd(uint32_t a, uint32_t b, uint32_t c) { return __usada8((uint8x4_t)a, (uint8x4_t)b, c); }
#endif

/* The same operations in portable C. */
static inline int32_t smuad_portable(uint32_t a, uint32_t b) {
    return (int32_t)((uint32_t)(lane_lo(a) * lane_lo(b)) + (uint32_t)(lane_hi(a) * lane_hi(b)));
}
static inline int32_t smusdx_portable(uint32_t a, uint32_t b) {
    return (int32_t)((uint32_t)(lane_lo(a) * lane_hi(b)) - (uint32_t)(lane_hi(a) * lane_lo(b)));
}
static inline int32_t smlad_portable(uint32_t a, uint32_t b, int32_t c) {
    return (int32_t)((uint32_t)smuad_portable(a, b) + (uint32_t)c);
}
static inline int32_t smlsdx_portable(uint32_t a, uint32_t b, int32_t c) {
    return (int32_t)((uint32_t)smusdx_portable(a, b) + (uint32_t)c);
}
static inline uint32_t sadd16_portable(uint32_t a, uint32_t b) { return lanes(lane_lo(a) + lane_lo(b), lane_hi(a) + lane_hi(b)); }
static inline uint32_t ssub16_portable(uint32_t a, uint32_t b) { return lanes(lane_lo(a) - lane_lo(b), lane_hi(a) - lane_hi(b)); }
static inline uint32_t shadd16_portable(uint32_t a, uint32_t b) {
    return lanes((lane_lo(a) + lane_lo(b)) >> 1, (lane_hi(a) + lane_hi(b)) >> 1);
}
static inline uint32_t shsub16_portable(uint32_t a, uint32_t b) {
    return lanes((lane_lo(a) - lane_lo(b)) >> 1, (lane_hi(a) - lane_hi(b)) >> 1);
}
static inline uint32_t shsax_portable(uint32_t a, uint32_t b) {
    return lanes((lane_lo(a) + lane_hi(b)) >> 1, (lane_hi(a) - lane_lo(b)) >> 1);
}
static inline uint32_t shasx_portable(uint32_t a, uint32_t b) {
    return lanes((lane_lo(a) - lane_hi(b)) >> 1, (lane_hi(a) + lane_lo(b)) >> 1);
}
static inline uint32_t ssax_portable(uint32_t a, uint32_t b) {
    return lanes(lane_lo(a) + lane_hi(b), lane_hi(a) - lane_lo(b));
}
static inline uint32_t sasx_portable(uint32_t a, uint32_t b) {
    return lanes(lane_lo(a) - lane_hi(b), lane_hi(a) + lane_lo(b));
}

static inline uint32_t sxtb16_portable(uint32_t a) { return lanes((int8_t)(uint8_t)a, (int8_t)(uint8_t)(a >> 16)); }
static inline uint32_t sxtb16_ror8_portable(uint32_t a) { return sxtb16_portable(a >> 8 | a << 24); }

static inline uint32_t uqsub16_portable(uint32_t a, uint32_t b) {
    const uint32_t lo = (a & 0xFFFFu) > (b & 0xFFFFu) ? (a & 0xFFFFu) - (b & 0xFFFFu) : 0;
    const uint32_t hi = (a >> 16) > (b >> 16) ? (a >> 16) - (b >> 16) : 0;
    return lo | hi << 16;
}
/* Byte lanes: signed halving add, unsigned halving add, unsigned saturating add and
   subtract. */
static inline uint32_t shadd8_portable(uint32_t a, uint32_t b) {
    uint32_t r = 0;
    for (int32_t byte = 0; byte < 32; byte += 8) {
        const int32_t x = (int8_t)(uint8_t)(a >> byte), y = (int8_t)(uint8_t)(b >> byte);
        r |= ((uint32_t)((x + y) >> 1) & 0xFFu) << byte;
    }
    return r;
}
static inline uint32_t uhadd8_portable(uint32_t a, uint32_t b) {
    uint32_t r = 0;
    for (int32_t byte = 0; byte < 32; byte += 8) r |= ((((a >> byte) & 0xFFu) + ((b >> byte) & 0xFFu)) >> 1) << byte;
    return r;
}
static inline uint32_t uqadd8_portable(uint32_t a, uint32_t b) {
    uint32_t r = 0;
    for (int32_t byte = 0; byte < 32; byte += 8) {
        const uint32_t sum = ((a >> byte) & 0xFFu) + ((b >> byte) & 0xFFu);
        r |= (sum > 255 ? 255 : sum) << byte;
    }
    return r;
}
static inline uint32_t uqsub8_portable(uint32_t a, uint32_t b) {
    uint32_t r = 0;
    for (int32_t byte = 0; byte < 32; byte += 8) {
        const uint32_t x = (a >> byte) & 0xFFu, y = (b >> byte) & 0xFFu;
        r |= (x > y ? x - y : 0) << byte;
    }
    return r;
}
static inline uint32_t usada8_portable(uint32_t a, uint32_t b, uint32_t c) {
    for (int32_t byte = 0; byte < 32; byte += 8) {
        const uint32_t x = (a >> byte) & 0xFFu, y = (b >> byte) & 0xFFu;
        c += x > y ? x - y : y - x;
    }
    return c;
}

static inline int32_t smlabb_portable(uint32_t a, uint32_t b, int32_t c) {
    return (int32_t)((uint32_t)(lane_lo(a) * lane_lo(b)) + (uint32_t)c);
}
static inline int32_t smlatt_portable(uint32_t a, uint32_t b, int32_t c) {
    return (int32_t)((uint32_t)(lane_hi(a) * lane_hi(b)) + (uint32_t)c);
}

#endif
