// The classifier's statistics distances (see KinuDSP.h, kinu_statistics_distances): an L1
// distance on unsigned bytes, four per USADA8 on the M4; the portable body under its own
// name in every build, so the firmware's smoke test can compare the two. The nearest of
// them outside one class (kinu_nearest_statistics, for the hub distances), and their
// mixing into the first stage's distances (kinu_add_statistics), the same C everywhere.
#include "KinuDSP.h"
#include "Simd16.h"

enum {
    sequence_bytes = KINU_TEMPLATE_STEPS * KINU_TEMPLATE_COEFFICIENTS,
    whole_words = KINU_COMPARED_STATISTICS / 4,
    head_words = 6,   /* kinu_nearest_statistics looks at the rest only if these leave it a chance */
};

void kinu_add_statistics(int32_t *distances, const int32_t *statistics, const uint16_t *hubs, int32_t count,
                         int32_t shift, int32_t weight, int32_t hub_weight) {
    for (int32_t n = 0; n < count; n++) {
        const int32_t d = distances[n];
        if (d == INT32_MAX) continue;
        /* Statistics stay under 50 x 255 and weights under 2^8, hub weights under 2^11:
           both products fit. */
        int64_t sum = (int64_t)(d >> shift) + ((statistics[n] * weight) >> 3);
        if (sum > INT32_MAX) sum = INT32_MAX;
        if (hubs[n] != KINU_NO_HUB) sum -= ((int32_t)hubs[n] * hub_weight) >> 6;
        distances[n] = sum < 0 ? 0 : (int32_t)sum;
    }
}

static inline int32_t byte_distance(uint8_t a, uint8_t b) { return a > b ? a - b : b - a; }

/* A slot is empty when its four sequence-number bytes are all zero: one word. */
static inline int empty_slot(const uint8_t *sequence) { return word_at(sequence) == 0; }

/* sum |q[i] - e[i]| over bytes from ..< to. */
static inline int32_t bytes_distance(const uint8_t *q, const uint8_t *e, int32_t from, int32_t to) {
    int32_t sum = 0;
    for (int32_t i = from; i < to; i++) sum += byte_distance(q[i], e[i]);
    return sum;
}

static inline int32_t distance_portable(const uint8_t *q, const uint8_t *e) {
    return bytes_distance(q, e, 0, KINU_COMPARED_STATISTICS);
}

#if KINU_SIMD

/* Both sides word aligned: a template's statistics start at a multiple of 4 bytes (the
   stride and the sequence are multiples of 4, the store's buffer is aligned). */
_Static_assert(KINU_COMPARED_STATISTICS == 4 * whole_words + 2, "the last word holds two compared bytes");

/* The distance over the first `head_words` words, and the rest of it added to `sum`. */
static inline int32_t distance_head(const uint32_t *q, const uint32_t *e) {
    uint32_t sum = 0;
#pragma clang loop unroll(full)
    for (int32_t k = 0; k < head_words; k++) sum = __usada8((uint8x4_t)q[k], (uint8x4_t)e[k], sum);
    return (int32_t)sum;
}

static inline int32_t distance_tail(const uint32_t *q, const uint32_t *e, int32_t head) {
    uint32_t sum = (uint32_t)head;
#pragma clang loop unroll(full)
    for (int32_t k = head_words; k < whole_words; k++) sum = __usada8((uint8x4_t)q[k], (uint8x4_t)e[k], sum);
    /* The last two compared bytes are the low half of the next word; the frame count and
       a zero byte, not compared, are its high half. */
    sum = __usada8((uint8x4_t)(q[whole_words] & 0xFFFFu), (uint8x4_t)(e[whole_words] & 0xFFFFu), sum);
    return (int32_t)sum;
}

#else

static inline int32_t distance_head(const uint32_t *q, const uint32_t *e) {
    return bytes_distance((const uint8_t *)q, (const uint8_t *)e, 0, 4 * head_words);
}

static inline int32_t distance_tail(const uint32_t *q, const uint32_t *e, int32_t head) {
    return head + bytes_distance((const uint8_t *)q, (const uint8_t *)e, 4 * head_words, KINU_COMPARED_STATISTICS);
}

#endif

static inline int32_t distance(const uint32_t *q, const uint32_t *e) { return distance_tail(q, e, distance_head(q, e)); }

void kinu_statistics_distances_portable(const uint32_t *query, const int8_t *templates, const uint8_t *sequences,
                                        int32_t count, int32_t *out) {
    for (int32_t n = 0; n < count; n++, templates += KINU_TEMPLATE_BYTES, sequences += 4) {
        out[n] = empty_slot(sequences) ? INT32_MAX
                                       : distance_portable((const uint8_t *)query, (const uint8_t *)templates + sequence_bytes);
    }
}

void kinu_statistics_distances(const uint32_t *query, const int8_t *templates, const uint8_t *sequences, int32_t count,
                               int32_t *out) {
    for (int32_t n = 0; n < count; n++, templates += KINU_TEMPLATE_BYTES, sequences += 4) {
        out[n] = empty_slot(sequences) ? INT32_MAX
                                       : distance(query, (const uint32_t *)(const void *)(templates + sequence_bytes));
    }
}

int32_t kinu_nearest_statistics(const uint32_t *query, const int8_t *templates, const uint8_t *sequences, int32_t count,
                                int32_t skip_from, int32_t skip_to) {
    int32_t nearest = INT32_MAX;
    for (int32_t n = 0; n < count; n++, templates += KINU_TEMPLATE_BYTES, sequences += 4) {
        if ((n >= skip_from && n < skip_to) || empty_slot(sequences)) continue;
        const uint32_t *example = (const uint32_t *)(const void *)(templates + sequence_bytes);
        const int32_t head = distance_head(query, example);
        if (head >= nearest) continue;   /* the rest only adds */
        const int32_t d = distance_tail(query, example, head);
        if (d < nearest) nearest = d;
    }
    return nearest;
}
