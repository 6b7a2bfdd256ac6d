// The Cortex-M4's dual 16-bit operations the FFT uses, each as a tiny inline function:
// the ACLE intrinsic when KINU_SIMD is 1, else plain C with exactly the same result
// (lanes wrap, halving shifts round down, products are exact). A word holds two lanes:
// the real part in bits 0-15, the imaginary part in bits 16-31.
// KINU_SIMD says whether this build has them (every KinuDSP kernel picks its body by it).
// Internal to KinuDSP (not part of its public header).
#ifndef KINU_SIMD16_H
#define KINU_SIMD16_H

#include <stdint.h>

#if defined(__ARM_FEATURE_DSP) && __ARM_FEATURE_DSP
#define KINU_SIMD 1
#else
#define KINU_SIMD 0
#endif

#if KINU_SIMD
#include <arm_acle.h>
#endif

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

#endif
