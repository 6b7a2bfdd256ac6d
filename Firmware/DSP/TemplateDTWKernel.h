// The template matcher's banded DTW, written once for both bodies: TemplateDTW.c
// includes it twice, with OP() naming the SIMD operations (Simd16.h) and KERNEL() the
// functions (see FFT16.c for the same pattern).
//
// Local costs without absolute values: for two rows a, b of n values,
//   sum |a - b| = 2 sum max(a - b, 0) - (sum a - sum b),
// and with the values stored biased (+2^15 per 16-bit lane) max(a - b, 0) is one
// unsigned saturating subtract (UQSUB16) for two lanes; the row sums are stored beside
// them. Bytes biased by +128 go four at a time through USADA8.

/* View B, 12 raw bytes and 12 halved deltas (6 words) per step: out[n] = 4 x the raw
   bytes' L1 distance + 2 x the deltas', for the example's steps first, first + 1, ...
   Bytes go four at a time through USADA8. */
static inline __attribute__((always_inline)) void KERNEL(byte_costs)(const uint32_t *p, const uint32_t *example,
                                                                    int32_t count, int32_t *out) {
    const uint32_t p0 = p[0], p1 = p[1], p2 = p[2], p3 = p[3], p4 = p[4], p5 = p[5];
    for (; count > 0; count--, example += KINU_VIEW_B_WORDS) {
        uint32_t raw = OP(usada8)(p0, example[0], 0);
        raw = OP(usada8)(p1, example[1], raw);
        raw = OP(usada8)(p2, example[2], raw);
        uint32_t slope = OP(usada8)(p3, example[3], 0);
        slope = OP(usada8)(p4, example[4], slope);
        slope = OP(usada8)(p5, example[5], slope);
        *out++ = (int32_t)(4 * raw + 2 * slope);
    }
}

/* One row of the DTW: the cells of query step `step` against the example's steps
   `example`, ... (`count` of them), from the row above (`up`: its slot for the column
   before the first) into `out` (the same slots of this row). Returns the row's cheapest
   cell. The cell to the left and the diagonal one stay in registers. */
static inline __attribute__((always_inline)) int32_t KERNEL(row)(const uint32_t *step, const uint32_t *example, int32_t count,
                                                                const int32_t *up, int32_t *out, int32_t view_b) {
    int32_t costs[2 * (KINU_DTW_BAND_A > KINU_DTW_BAND_B ? KINU_DTW_BAND_A : KINU_DTW_BAND_B) + 1];
    /* The local costs, less the query step's lane sum for view A (see LANE_COSTS). */
    int32_t step_sum;
    if (view_b) {
        KERNEL(byte_costs)(step, example, count, costs);
        step_sum = 0;
    } else {
        LANE_COSTS(step, example, count, costs, KINU_VIEW_A_WORDS);
        step_sum = (int32_t)step[6];
    }
    int32_t diagonal = *up++, left = INT32_MAX / 4, cheapest = INT32_MAX;
    for (int32_t n = 0; n < count; n++) {
        const int32_t c = costs[n] - step_sum, above = *up++;
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
static inline __attribute__((always_inline)) int32_t KERNEL(warp)(const uint32_t *p, const uint32_t *q, int32_t words,
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
            ? KERNEL(row)(p + i * words, q + low * words, full, previous + low, current + low, view_b)
            : KERNEL(row)(p + i * words, q + low * words, high - low + 1, previous + low, current + low, view_b);
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
    return KERNEL(warp)(query, example, KINU_VIEW_A_WORDS, 0, stop_at);
}

int32_t KERNEL(kinu_warp_b)(const uint32_t *query, const uint32_t *example, int32_t stop_at) {
    return KERNEL(warp)(query, example, KINU_VIEW_B_WORDS, 1, stop_at);
}
