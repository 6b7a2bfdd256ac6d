// The classifier's statistics distances (see KinuDSP.h, kinu_statistics_distances): an L1
// distance on unsigned bytes, four per USADA8 on the M4; the portable body under its own
// name in every build, so the firmware's smoke test can compare the two. And their mixing
// into the first stage's distances (kinu_add_statistics), the same C everywhere.
#include "KinuDSP.h"
#include "Simd16.h"

enum {
    sequence_bytes = KINU_TEMPLATE_STEPS * KINU_TEMPLATE_COEFFICIENTS,
    whole_words = KINU_COMPARED_STATISTICS / 4,
};

void kinu_add_statistics(int32_t *distances, const int32_t *statistics, int32_t count, int32_t shift, int32_t weight) {
    for (int32_t n = 0; n < count; n++) {
        const int32_t d = distances[n];
        if (d == INT32_MAX) continue;
        /* Statistics stay under 50 x 255 and weights under 2^8: the product fits. */
        const int64_t sum = (int64_t)(d >> shift) + ((statistics[n] * weight) >> 3);
        distances[n] = sum > INT32_MAX ? INT32_MAX : (int32_t)sum;
    }
}

static inline int32_t byte_distance(uint8_t a, uint8_t b) { return a > b ? a - b : b - a; }

static inline int empty_slot(const uint8_t *sequence) {
    return (sequence[0] | sequence[1] | sequence[2] | sequence[3]) == 0;
}

void kinu_statistics_distances_portable(const uint32_t *query, const int8_t *templates, const uint8_t *sequences,
                                        int32_t count, int32_t *out) {
    const uint8_t *q = (const uint8_t *)query;
    for (int32_t n = 0; n < count; n++, templates += KINU_TEMPLATE_BYTES, sequences += 4) {
        if (empty_slot(sequences)) { out[n] = INT32_MAX; continue; }
        const uint8_t *e = (const uint8_t *)templates + sequence_bytes;
        int32_t sum = 0;
        for (int32_t i = 0; i < KINU_COMPARED_STATISTICS; i++) sum += byte_distance(q[i], e[i]);
        out[n] = sum;
    }
}

#if KINU_SIMD

void kinu_statistics_distances(const uint32_t *query, const int8_t *templates, const uint8_t *sequences, int32_t count,
                               int32_t *out) {
    const uint8_t *q = (const uint8_t *)query;
    for (int32_t n = 0; n < count; n++, templates += KINU_TEMPLATE_BYTES, sequences += 4) {
        if (empty_slot(sequences)) { out[n] = INT32_MAX; continue; }
        /* A template's statistics start word aligned (the stride and the sequence are
           multiples of 4 bytes). */
        const uint32_t *e = (const uint32_t *)(const void *)(templates + sequence_bytes);
        uint32_t sum = 0;
        for (int32_t k = 0; k < whole_words; k++) sum = __usada8((uint8x4_t)query[k], (uint8x4_t)e[k], sum);
        const uint8_t *tail = (const uint8_t *)(e + whole_words);
        for (int32_t i = 4 * whole_words; i < KINU_COMPARED_STATISTICS; i++) {
            sum += (uint32_t)byte_distance(q[i], tail[i - 4 * whole_words]);
        }
        out[n] = (int32_t)sum;
    }
}

#else

void kinu_statistics_distances(const uint32_t *query, const int8_t *templates, const uint8_t *sequences, int32_t count,
                               int32_t *out) {
    kinu_statistics_distances_portable(query, templates, sequences, count, out);
}

#endif
