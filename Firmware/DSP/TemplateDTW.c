// The template matcher's views and banded DTW (see TemplateDTWKernel.h): the DTW is
// built with the M4's SIMD instructions where the target has them, and always also in
// portable C under a `_portable` name, so the firmware's smoke test can prove the two
// equal on the M4.
#include "KinuDSP.h"
#include "Simd16.h"

#define OP(name) name##_portable
#define KERNEL(name) name##_portable
#include "TemplateDTWKernel.h"
#undef OP
#undef KERNEL

#if KINU_SIMD
#define OP(name) name##_simd
#define KERNEL(name) name
#include "TemplateDTWKernel.h"
#undef OP
#undef KERNEL
#else
int32_t kinu_warp_a(const uint32_t *query, const uint32_t *example, int32_t stop_at) {
    return kinu_warp_a_portable(query, example, stop_at);
}
int32_t kinu_warp_b(const uint32_t *query, const uint32_t *example, int32_t stop_at) {
    return kinu_warp_b_portable(query, example, stop_at);
}
#endif

enum { steps = KINU_TEMPLATE_STEPS, coefficients = KINU_TEMPLATE_COEFFICIENTS, view_values = coefficients + 1 };

/* floor(sqrt(v)) for v > 0: Newton's steps down from a power of two above the root,
   a few divisions; the same on every target. */
static inline uint32_t square_root(uint32_t v) {
    uint32_t root = 1u << ((33 - __builtin_clz(v)) / 2);
    for (;;) {
        const uint32_t next = (root + v / root) / 2;
        if (next >= root) return root;
        root = next;
    }
}

/* Step t's vectors before scaling, `sums` the column sums: view A 16 x - S and view B
   16 x (their last value, 16 x the floor, is the caller's). Every value fits 16 bits (at
   most 16 x 255). */
static inline void step_vectors(const int8_t *x, const int32_t *sums, int32_t t, int32_t *a, int32_t *b) {
    const int8_t *now = x + t * coefficients;
    for (int32_t k = 0; k < coefficients; k++) {
        a[k] = 16 * now[k] - sums[k];
        b[k] = 16 * now[k];
    }
}

/* The vector's length, rounded down (at least 512: the floor): its squares stay below
   2^31. */
static inline int32_t length_of(const int32_t *v) {
    uint32_t squares = 0;
    for (int32_t k = 0; k < view_values; k++) squares += (uint32_t)(v[k] * v[k]);
    return (int32_t)square_root(squares);
}

static inline void column_sums(const int8_t *x, int32_t *sums) {
    for (int32_t k = 0; k < coefficients; k++) sums[k] = 0;
    for (int32_t t = 0; t < steps; t++) {
        for (int32_t k = 0; k < coefficients; k++) sums[k] += x[t * coefficients + k];
    }
}

/* The query's step: scaled to length KINU_UNIT and rounded half up, 13 bytes and 3 zero
   bytes. No value reaches 127.5 (the floor takes part of the length). */
static inline void query_step(const int32_t *v, uint32_t *out) {
    const int32_t length = length_of(v);
    const int32_t scale = ((KINU_UNIT << 16) + length / 2) / length;   /* KINU_UNIT / length, Q16 */
    int32_t u[16] = {0};
    for (int32_t k = 0; k < view_values; k++) u[k] = (v[k] * scale + (1 << 15)) >> 16;
    for (int32_t w = 0; w < KINU_QUERY_VIEW_WORDS; w++) {
        out[w] = ((uint32_t)(uint8_t)u[4 * w]) | ((uint32_t)(uint8_t)u[4 * w + 1] << 8)
            | ((uint32_t)(uint8_t)u[4 * w + 2] << 16) | ((uint32_t)(uint8_t)u[4 * w + 3] << 24);
    }
}

/* An example's step: its values as they are, in lanes paired as the query's bytes widen,
   then KINU_UNIT / its length in Q16, so a cell's dot product becomes the cosine's. */
static inline void example_step(const int32_t *v, uint32_t *out) {
    for (int32_t w = 0; w < 3; w++) {
        out[2 * w] = lanes(v[4 * w], v[4 * w + 2]);
        out[2 * w + 1] = lanes(v[4 * w + 1], v[4 * w + 3]);
    }
    out[6] = lanes(v[12], 0);
    const int32_t length = length_of(v);
    out[7] = (uint32_t)(((KINU_UNIT << 16) + length / 2) / length);
}

/* Both views of every step, each written by `write` (`words` a step); inlined with the
   writer, so each caller gets its own loop. */
static inline __attribute__((always_inline)) void views(const int8_t *x, uint32_t *view_a, uint32_t *view_b,
                                                        int32_t words, void (*write)(const int32_t *, uint32_t *)) {
    int32_t sums[coefficients], a[view_values], b[view_values];
    column_sums(x, sums);
    a[coefficients] = b[coefficients] = 16 * KINU_COSINE_FLOOR;
    for (int32_t t = 0; t < steps; t++) {
        step_vectors(x, sums, t, a, b);
        write(a, view_a + t * words);
        write(b, view_b + t * words);
    }
}

void kinu_query_views(const int8_t *x, uint32_t *view_a, uint32_t *view_b) {
    views(x, view_a, view_b, KINU_QUERY_VIEW_WORDS, query_step);
}

void kinu_example_views(const int8_t *x, uint32_t *view_a, uint32_t *view_b) {
    views(x, view_a, view_b, KINU_EXAMPLE_VIEW_WORDS, example_step);
}

int32_t kinu_dsp_uses_simd(void) { return KINU_SIMD; }
