#include "KinuDSP.h"
#include "Simd16.h"

#if KINU_SIMD

// Two products per SMLAD (both lanes multiplied and added to the sum in one step).
int32_t kinu_dot_int16(const int16_t *a, const int16_t *b, int32_t count) {
    int32_t sum = 0;
    for (int32_t k = 0; k < count; k += 2) {
        uint32_t a01, b01;
        __builtin_memcpy(&a01, a + k, 4);
        __builtin_memcpy(&b01, b + k, 4);
        sum = __smlad((int16x2_t)a01, (int16x2_t)b01, sum);
    }
    return sum;
}

#else

int32_t kinu_dot_int16(const int16_t *a, const int16_t *b, int32_t count) {
    int32_t sum = 0;
    for (int32_t k = 0; k < count; k++) {
        sum += (int32_t)a[k] * (int32_t)b[k];
    }
    return sum;
}

#endif
