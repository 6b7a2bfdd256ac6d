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

/* Cost of a cell: 3 x the raw L1 distance + 4 x the mean-normalised one, for query step q
   against an example step (e0 e1 e2) and the same step moved by the means (m0 m1 m2). */
static inline __attribute__((always_inline)) int32_t KERNEL(coarse_cost)(const uint32_t *q, uint32_t e0, uint32_t e1,
                                                                        uint32_t e2, uint32_t m0, uint32_t m1,
                                                                        uint32_t m2) {
    const uint32_t q0 = q[0], q1 = q[1], q2 = q[2];
    const uint32_t raw = OP(usada8)(q2, e2, OP(usada8)(q1, e1, OP(usada8)(q0, e0, 0)));
    const uint32_t normalised = OP(usada8)(q2, m2, OP(usada8)(q1, m1, OP(usada8)(q0, m0, 0)));
    return (int32_t)(3 * raw + 4 * normalised);
}

static inline int32_t KERNEL(min2)(int32_t a, int32_t b) { return a < b ? a : b; }

/* The DTW column by column (the example's steps): column j has the cells (j - 1, j),
   (j, j), (j + 1, j) of the band, `up`, `middle` and `down`; each step of the example is
   read and moved once, and the query's steps come from `query`. The example moved by
   the difference of the means, (mq - me) per byte as its positive and negative parts,
   makes |q - moved| the mean-normalised distance (clamped to the byte range, which only
   an extreme difference reaches). */
static inline __attribute__((always_inline)) int32_t KERNEL(coarse_warp)(const uint32_t *query, const uint32_t *example,
                                                                        const uint32_t *example_means) {
    const uint32_t *means = query + steps * words;
    const uint32_t up0 = OP(uqsub8)(means[0], example_means[0]), down0 = OP(uqsub8)(example_means[0], means[0]);
    const uint32_t up1 = OP(uqsub8)(means[1], example_means[1]), down1 = OP(uqsub8)(example_means[1], means[1]);
    const uint32_t up2 = OP(uqsub8)(means[2], example_means[2]), down2 = OP(uqsub8)(example_means[2], means[2]);
    const int32_t unreachable = INT32_MAX / 4;
    int32_t up = unreachable, middle = 0, down = 0;
    for (int32_t j = 0; j < steps; j++) {
        const uint32_t *e = example + j * words, *q = query + j * words;
        const uint32_t e0 = e[0], e1 = e[1], e2 = e[2];
        const uint32_t m0 = OP(uqsub8)(OP(uqadd8)(e0, up0), down0);
        const uint32_t m1 = OP(uqsub8)(OP(uqadd8)(e1, up1), down1);
        const uint32_t m2 = OP(uqsub8)(OP(uqadd8)(e2, up2), down2);
        const int32_t c_middle = KERNEL(coarse_cost)(q, e0, e1, e2, m0, m1, m2);
        if (j == 0) {
            middle = 2 * c_middle;
            down = middle + KERNEL(coarse_cost)(q + words, e0, e1, e2, m0, m1, m2);
            continue;
        }
        /* From column j - 1, whose up, middle, down are rows j - 2, j - 1, j. */
        const int32_t c_up = KERNEL(coarse_cost)(q - words, e0, e1, e2, m0, m1, m2);
        const int32_t new_up = KERNEL(min2)(up + 2 * c_up, middle + c_up);
        const int32_t new_middle = KERNEL(min2)(KERNEL(min2)(middle + 2 * c_middle, down + c_middle), new_up + c_middle);
        if (j < steps - 1) {
            const int32_t c_down = KERNEL(coarse_cost)(q + words, e0, e1, e2, m0, m1, m2);
            down = KERNEL(min2)(down + 2 * c_down, new_middle + c_down);
        }
        up = new_up;
        middle = new_middle;
    }
    return middle;
}

int32_t KERNEL(kinu_coarse_distance)(const uint32_t *query, const uint32_t *example) {
    return KERNEL(coarse_warp)(query, example, example + steps * words);
}

void KERNEL(kinu_coarse_distances)(const uint32_t *query, const int8_t *templates, const uint8_t *sequences,
                                   int32_t count, int32_t *out) {
    uint32_t example[steps * words];
    for (int32_t n = 0; n < count; n++, templates += KINU_TEMPLATE_STEPS * KINU_TEMPLATE_COEFFICIENTS, sequences += 4) {
        if ((sequences[0] | sequences[1] | sequences[2] | sequences[3]) == 0) { out[n] = INT32_MAX; continue; }
        KERNEL(coarse_steps)(templates, example);
        const uint32_t means[words] = {KERNEL(coarse_mean)(example), KERNEL(coarse_mean)(example + 1),
                                       KERNEL(coarse_mean)(example + 2)};
        out[n] = KERNEL(coarse_warp)(query, example, means);
    }
}
