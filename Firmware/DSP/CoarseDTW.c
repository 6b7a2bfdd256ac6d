// The matcher's first stage (see KinuDSP.h, kinu_coarse_view / kinu_coarse_distance):
// a banded DTW over the templates at half their time resolution, on bytes, four values
// per instruction. Built with the M4's SIMD instructions where the target has them, and
// always also in portable C under a `_portable` name (the firmware's smoke test proves
// the two equal on the M4).
#include "KinuDSP.h"
#include "Simd16.h"

enum { steps = KINU_COARSE_STEPS, words = KINU_TEMPLATE_COEFFICIENTS / 4 };

#define OP(name) name##_portable
#define KERNEL(name) name##_portable
#include "CoarseDTWKernel.h"
#undef OP
#undef KERNEL

#if KINU_SIMD
#define OP(name) name##_simd
#define KERNEL(name) name
#include "CoarseDTWKernel.h"
#undef OP
#undef KERNEL
#else
void kinu_coarse_view(const int8_t *x, uint32_t *view) { kinu_coarse_view_portable(x, view); }
int32_t kinu_coarse_distance(const uint32_t *query, const uint32_t *example) {
    return kinu_coarse_distance_portable(query, example);
}
void kinu_coarse_distances(const uint32_t *query, const int8_t *templates, const uint8_t *sequences, int32_t count,
                           int32_t *out) {
    kinu_coarse_distances_portable(query, templates, sequences, count, out);
}
#endif
