// The template matcher's banded DTW, written once for both bodies: TemplateDTW.c
// includes it twice, with OP() naming the SIMD operations (Simd16.h) and KERNEL() the
// functions (see FFT16.c for the same pattern).
//
// A cell's cost is KINU_UNIT^2 (1 - cos) of two steps: the query's unit vector (bytes,
// widened into 16-bit lanes once a row with SXTB16) times the example's values (16-bit
// lanes), seven SMLADs, scaled by the example step's KINU_UNIT / length.

/* The costs of the query step `q` (13 bytes, widened here once for the row) against the
   example's steps first, first + 1, ...: each the dot product (seven multiply-accumulates
   of two 16-bit lanes) times the example step's KINU_UNIT / length (Q16), which makes it
   KINU_UNIT^2 cos; out[n] = KINU_UNIT^2 (1 - cos), at least 0. The product stays within
   32 bits: |dot| is at most about KINU_UNIT x length (the rounded query is a little
   longer than KINU_UNIT), so |dot x scale| stays near 127^2 x 2^16, half of 2^31. */
static inline __attribute__((always_inline)) void KERNEL(dot_costs)(const uint32_t *q, const uint32_t *example,
                                                                   int32_t count, int32_t *out) {
    const uint32_t q0 = OP(sxtb16)(q[0]), q1 = OP(sxtb16_ror8)(q[0]), q2 = OP(sxtb16)(q[1]), q3 = OP(sxtb16_ror8)(q[1]);
    const uint32_t q4 = OP(sxtb16)(q[2]), q5 = OP(sxtb16_ror8)(q[2]), q6 = OP(sxtb16)(q[3]);
    for (; count > 0; count--, example += KINU_EXAMPLE_VIEW_WORDS) {
        int32_t dot = OP(smuad)(q0, example[0]);
        dot = OP(smlad)(q1, example[1], dot);
        dot = OP(smlad)(q2, example[2], dot);
        dot = OP(smlad)(q3, example[3], dot);
        dot = OP(smlad)(q4, example[4], dot);
        dot = OP(smlad)(q5, example[5], dot);
        dot = OP(smlad)(q6, example[6], dot);
        const int32_t cost = KINU_UNIT * KINU_UNIT - ((int32_t)((uint32_t)dot * example[7]) >> 16);
        *out++ = cost > 0 ? cost : 0;
    }
}

/* One row of the DTW: the cells of query step `step` against the example's steps
   `example`, ... (`count` of them), from the row above (`up`: its slot for the column
   before the first) into `out` (the same slots of this row). Returns the row's cheapest
   cell. The cell to the left and the diagonal one stay in registers. */
static inline __attribute__((always_inline)) int32_t KERNEL(row)(const uint32_t *step, const uint32_t *example, int32_t count,
                                                                const int32_t *up, int32_t *out) {
    int32_t costs[2 * (KINU_DTW_BAND_A > KINU_DTW_BAND_B ? KINU_DTW_BAND_A : KINU_DTW_BAND_B) + 1];
    KERNEL(dot_costs)(step, example, count, costs);
    int32_t diagonal = *up++, left = INT32_MAX / 4, cheapest = INT32_MAX;
    for (int32_t n = 0; n < count; n++) {
        const int32_t c = costs[n], above = *up++;
        int32_t best = above + c;
        best = left + c < best ? left + c : best;
        best = diagonal + 2 * c < best ? diagonal + 2 * c : best;
        *++out = best;
        cheapest = best < cheapest ? best : cheapest;
        left = best;
        diagonal = above;
    }
    return cheapest;
}

/* Banded symmetric DTW over 16 steps (see kinu_warp_a in KinuDSP.h). Two rows of
   partial costs, column j in slot j + 1, slot 0 an unreachable column -1; the cell just
   past a row's band is marked unreachable for the next row, so no cell tests an edge.
   The rows away from the ends have all 2 band + 1 cells: a loop of their own, with the
   count fixed, so the compiler unrolls their cells completely. */
static inline __attribute__((always_inline)) int32_t KERNEL(warp)(const uint32_t *p, const uint32_t *q,
                                                                 int32_t view_b, int32_t stop_at) {
    enum { steps = KINU_TEMPLATE_STEPS };
    const int32_t band = view_b ? KINU_DTW_BAND_B : KINU_DTW_BAND_A, full = 2 * band + 1;
    const int32_t unreachable = INT32_MAX / 4;
    int32_t rows[2][steps + 1];
    int32_t *previous = rows[0], *current = rows[1];
    for (int32_t j = 0; j <= steps; j++) previous[j] = unreachable;
    previous[0] = 0;                      /* the path starts at (0, 0) as if by a diagonal move */
    for (int32_t i = 0; i < steps; i++) {
        const int32_t low = i > band ? i - band : 0;
        const int32_t high = i + band < steps - 1 ? i + band : steps - 1;
        const int32_t cheapest = i >= band && i < steps - band
            ? KERNEL(row)(p + i * KINU_QUERY_VIEW_WORDS, q + low * KINU_EXAMPLE_VIEW_WORDS, full, previous + low, current + low)
            : KERNEL(row)(p + i * KINU_QUERY_VIEW_WORDS, q + low * KINU_EXAMPLE_VIEW_WORDS, high - low + 1, previous + low,
                          current + low);
        current[low] = unreachable;                              /* column low - 1 */
        if (high < steps - 1) current[high + 2] = unreachable;   /* column high + 1 */
        if (cheapest >= stop_at) return cheapest;
        int32_t *swap = previous;
        previous = current;
        current = swap;
    }
    return previous[steps];
}

int32_t KERNEL(kinu_warp_a)(const uint32_t *query, const uint32_t *example, int32_t stop_at) {
    return KERNEL(warp)(query, example, 0, stop_at);
}

int32_t KERNEL(kinu_warp_b)(const uint32_t *query, const uint32_t *example, int32_t stop_at) {
    return KERNEL(warp)(query, example, 1, stop_at);
}
