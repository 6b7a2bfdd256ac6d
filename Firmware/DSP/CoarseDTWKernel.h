// The matcher's first stage, written once for both bodies: CoarseDTW.c includes it
// twice, with OP() naming the SIMD operations (Simd16.h) and KERNEL() the functions.

/* Step j of the coarse view: the halving average of steps 2j and 2j + 1, biased by +128.
   (Biasing commutes with halving: (a + 128 + b + 128) >> 1 = ((a + b) >> 1) + 128.) */
static inline __attribute__((always_inline)) void KERNEL(coarse_steps)(const int8_t *x, uint32_t *steps_out) {
    for (int32_t j = 0; j < steps; j++) {
        for (int32_t w = 0; w < words; w++) {
            uint32_t a, b;
            __builtin_memcpy(&a, x + (2 * j) * KINU_TEMPLATE_COEFFICIENTS + 4 * w, 4);
            __builtin_memcpy(&b, x + (2 * j + 1) * KINU_TEMPLATE_COEFFICIENTS + 4 * w, 4);
            steps_out[j * words + w] = OP(shadd8)(a, b) ^ 0x80808080u;
        }
    }
}

/* The means: a tree of halving averages, pairs of steps, then pairs of pairs. */
static inline __attribute__((always_inline)) uint32_t KERNEL(coarse_mean)(const uint32_t *c) {
    const uint32_t m01 = OP(uhadd8)(c[0 * words], c[1 * words]);
    const uint32_t m23 = OP(uhadd8)(c[2 * words], c[3 * words]);
    const uint32_t m45 = OP(uhadd8)(c[4 * words], c[5 * words]);
    const uint32_t m67 = OP(uhadd8)(c[6 * words], c[7 * words]);
    return OP(uhadd8)(OP(uhadd8)(m01, m23), OP(uhadd8)(m45, m67));
}

void KERNEL(kinu_coarse_view)(const int8_t *x, uint32_t *view) {
    KERNEL(coarse_steps)(x, view);
    for (int32_t w = 0; w < words; w++) view[steps * words + w] = KERNEL(coarse_mean)(view + w);
}

/* The example moved by the difference of the means, (mq - me) per byte as its positive
   and negative parts, so that |q - moved| is the mean-normalised distance (clamped to the
   byte range, which only an extreme difference reaches). */
static inline __attribute__((always_inline)) void KERNEL(coarse_moved)(const uint32_t *query_means,
                                                                      const uint32_t *example,
                                                                      const uint32_t *example_means, uint32_t *moved) {
    for (int32_t w = 0; w < words; w++) {
        const uint32_t up = OP(uqsub8)(query_means[w], example_means[w]);
        const uint32_t down = OP(uqsub8)(example_means[w], query_means[w]);
        for (int32_t j = 0; j < steps; j++) moved[j * words + w] = OP(uqsub8)(OP(uqadd8)(example[j * words + w], up), down);
    }
}

/* Cost of a cell: 3 x the raw L1 distance + 4 x the mean-normalised one, for query step q
   against example step e and the same step moved, m. */
static inline __attribute__((always_inline)) int32_t KERNEL(coarse_cost)(const uint32_t *q, const uint32_t *e,
                                                                        const uint32_t *m) {
    const uint32_t q0 = q[0], q1 = q[1], q2 = q[2];
    const uint32_t raw = OP(usada8)(q2, e[2], OP(usada8)(q1, e[1], OP(usada8)(q0, e[0], 0)));
    const uint32_t normalised = OP(usada8)(q2, m[2], OP(usada8)(q1, m[1], OP(usada8)(q0, m[0], 0)));
    return (int32_t)(3 * raw + 4 * normalised);
}

static inline int32_t KERNEL(min2)(int32_t a, int32_t b) { return a < b ? a : b; }

/* The DTW column by column (the example's steps): column j has the cells (j - 1, j),
   (j, j), (j + 1, j) of the band, `up`, `middle` and `down`. */
static inline __attribute__((always_inline)) int32_t KERNEL(coarse_warp)(const uint32_t *query, const uint32_t *example,
                                                                        const uint32_t *moved) {
    const int32_t unreachable = INT32_MAX / 4;
    int32_t up = unreachable, middle = 2 * KERNEL(coarse_cost)(query, example, moved);
    int32_t down = middle + KERNEL(coarse_cost)(query + words, example, moved);
    for (int32_t j = 1; j < steps; j++) {
        const uint32_t *e = example + j * words, *m = moved + j * words, *q = query + j * words;
        /* From column j - 1, whose up, middle, down are rows j - 2, j - 1, j. */
        const int32_t c_up = KERNEL(coarse_cost)(q - words, e, m), c_middle = KERNEL(coarse_cost)(q, e, m);
        const int32_t new_up = KERNEL(min2)(up + 2 * c_up, middle + c_up);
        middle = KERNEL(min2)(KERNEL(min2)(middle + 2 * c_middle, down + c_middle), new_up + c_middle);
        up = new_up;
        if (j < steps - 1) {
            const int32_t c_down = KERNEL(coarse_cost)(q + words, e, m);
            down = KERNEL(min2)(down + 2 * c_down, middle + c_down);
        }
    }
    return middle;
}

void KERNEL(kinu_coarse_distances)(const uint32_t *query, const int8_t *templates, const uint8_t *sequences,
                                   int32_t count, int32_t *out) {
    /* The example's coarse view, then the example moved (COARSE_WARP may rely on this
       layout). */
    uint32_t example[KINU_COARSE_WORDS + steps * words];
    uint32_t *moved = example + KINU_COARSE_WORDS;
    for (int32_t n = 0; n < count; n++, templates += KINU_TEMPLATE_BYTES, sequences += 4) {
        if (word_at(sequences) == 0) { out[n] = INT32_MAX; continue; }   /* an empty slot */
        KERNEL(kinu_coarse_view)(templates, example);
        KERNEL(coarse_moved)(query + steps * words, example, example + steps * words, moved);
        out[n] = COARSE_WARP(query, example, moved);
    }
}
