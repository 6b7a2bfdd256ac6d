// The matcher's first stage, written once for both bodies: CoarseDTW.c includes it
// twice, with OP() naming the SIMD operations (Simd16.h) and KERNEL() the functions.
void KERNEL(kinu_coarse_view)(const int8_t *x, uint32_t *view) {
    /* Step j: the halving average of steps 2j and 2j + 1, biased by +128. (Biasing
       commutes with halving: (a + 128 + b + 128) >> 1 = ((a + b) >> 1) + 128.) */
    for (int32_t j = 0; j < steps; j++) {
        for (int32_t w = 0; w < words; w++) {
            uint32_t a, b;
            __builtin_memcpy(&a, x + (2 * j) * KINU_TEMPLATE_COEFFICIENTS + 4 * w, 4);
            __builtin_memcpy(&b, x + (2 * j + 1) * KINU_TEMPLATE_COEFFICIENTS + 4 * w, 4);
            view[j * words + w] = OP(shadd8)(a, b) ^ 0x80808080u;
        }
    }
    /* The means: a tree of halving averages, pairs of steps, then pairs of pairs. */
    for (int32_t w = 0; w < words; w++) {
        const uint32_t *c = view + w;
        const uint32_t m01 = OP(uhadd8)(c[0 * words], c[1 * words]);
        const uint32_t m23 = OP(uhadd8)(c[2 * words], c[3 * words]);
        const uint32_t m45 = OP(uhadd8)(c[4 * words], c[5 * words]);
        const uint32_t m67 = OP(uhadd8)(c[6 * words], c[7 * words]);
        view[steps * words + w] = OP(uhadd8)(OP(uhadd8)(m01, m23), OP(uhadd8)(m45, m67));
    }
}

int32_t KERNEL(kinu_coarse_distance)(const uint32_t *query, const uint32_t *example) {
    /* The example moved by the difference of the means, (mq - me) per byte as its
       positive and negative parts, so that |q - moved| is the mean-normalised distance
       (clamped to the byte range, which only an extreme difference reaches). */
    uint32_t moved[steps * words];
    for (int32_t w = 0; w < words; w++) {
        const uint32_t mq = query[steps * words + w], me = example[steps * words + w];
        const uint32_t up = OP(uqsub8)(mq, me), down = OP(uqsub8)(me, mq);
        for (int32_t j = 0; j < steps; j++)
            moved[j * words + w] = OP(uqsub8)(OP(uqadd8)(example[j * words + w], up), down);
    }
    /* Cost of cell (i, j): 3 x the raw L1 distance + 4 x the mean-normalised one. */
    const int32_t unreachable = INT32_MAX / 4;
    /* Band 1: row i has cells (i, i - 1), (i, i), (i, i + 1): left, middle, right. */
    int32_t left = unreachable, middle = 0, right = 0;
    for (int32_t i = 0; i < steps; i++) {
        const uint32_t *q = query + i * words;
        const uint32_t q0 = q[0], q1 = q[1], q2 = q[2];
        int32_t cost[3];
        for (int32_t k = 0; k < 3; k++) {
            const int32_t j = i - 1 + k;
            if (j < 0 || j >= steps) { cost[k] = 0; continue; }
            const uint32_t *e = example + j * words, *m = moved + j * words;
            const uint32_t raw = OP(usada8)(q2, e[2], OP(usada8)(q1, e[1], OP(usada8)(q0, e[0], 0)));
            const uint32_t normalised = OP(usada8)(q2, m[2], OP(usada8)(q1, m[1], OP(usada8)(q0, m[0], 0)));
            cost[k] = (int32_t)(3 * raw + 4 * normalised);
        }
        if (i == 0) {
            middle = 2 * cost[1];
            right = middle + cost[2];
            continue;
        }
        /* Row i from row i - 1 (its left, middle, right are cells i-2, i-1, i). */
        int32_t l = left + 2 * cost[0], t = middle + cost[0];
        const int32_t new_left = t < l ? t : l;
        int32_t mid = middle + 2 * cost[1];
        t = right + cost[1]; mid = t < mid ? t : mid;
        t = new_left + cost[1]; mid = t < mid ? t : mid;
        int32_t r = right + 2 * cost[2];
        t = mid + cost[2]; r = t < r ? t : r;
        left = new_left; middle = mid; right = i < steps - 1 ? r : unreachable;
    }
    return middle;
}

void KERNEL(kinu_coarse_distances)(const uint32_t *query, const int8_t *templates, const uint8_t *sequences,
                                   int32_t count, int32_t *out) {
    uint32_t view[KINU_COARSE_WORDS];
    for (int32_t n = 0; n < count; n++, templates += KINU_TEMPLATE_STEPS * KINU_TEMPLATE_COEFFICIENTS, sequences += 4) {
        if ((sequences[0] | sequences[1] | sequences[2] | sequences[3]) == 0) { out[n] = INT32_MAX; continue; }
        KERNEL(kinu_coarse_view)(templates, view);
        out[n] = KERNEL(kinu_coarse_distance)(query, view);
    }
}
