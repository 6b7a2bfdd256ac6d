// The Q15 FFT and real split, written once over the operations of Simd16.h. FFT16.c
// includes this file once per set of operations: OP(name) picks name_simd or
// name_portable, and KERNEL(name) names the functions after the set.
// Not a public header; no include guard on purpose.

/* Widens the extremes `high` and `low` (lanes biased by 2^15, so they compare as
   unsigned) to take in `high_candidate` and `low_candidate`: max(a, b) = b + max(a - b, 0)
   is one UQSUB16 and a 32-bit add (no lane carries out), with no flags involved. */
static inline __attribute__((always_inline)) void KERNEL(widen)(uint32_t high_candidate, uint32_t low_candidate,
                                                                 uint32_t *high, uint32_t *low) {
    *high += OP(uqsub16)(high_candidate, *high);
    *low -= OP(uqsub16)(*low, low_candidate);
}

/* The copy into the window buffer, and the statistics the window needs, two samples at
   a time. */
void KERNEL(kinu_copy_samples)(const int16_t *from, int16_t *to, int32_t count, kinu_sample_stats *stats) {
    int32_t sum = stats->sum;
    uint32_t high = stats->high, low = stats->low;
    const int16_t *end = from + (count & ~1);
#ifdef KINU_COPY_EIGHTS
    /* Both word aligned (the usual case): eight samples at a time in assembly. */
    if ((((uintptr_t)from | (uintptr_t)to) & 3) == 0 && count >= 8) {
        KINU_COPY_EIGHTS(&from, &to, count / 8, &sum, &high, &low);
    }
#endif
    for (; from != end; from += 2, to += 2) {
        uint32_t pair;
        __builtin_memcpy(&pair, from, 4);
        __builtin_memcpy(to, &pair, 4);
        sum = OP(smlad)(pair, 0x00010001u, sum);
        const uint32_t biased = pair ^ 0x80008000u;
        KERNEL(widen)(biased, biased, &high, &low);
    }
    if (count & 1) {
        /* The odd one out, in both lanes: counted once in the sum, compared in each. */
        const int16_t sample = *from;
        *to = sample;
        sum += sample;
        const uint32_t biased = ((uint32_t)(uint16_t)sample ^ 0x8000u) * 0x00010001u;
        KERNEL(widen)(biased, biased, &high, &low);
    }
    stats->sum = sum;
    stats->high = high;
    stats->low = low;
}

/* The window over `count` samples, for a left shift (`down` = 15 - shift >= 1):
   (x - mean) * w, rounded, >> down, packed into z at the bit-reversed places. The difference fits a lane (it is at most the peak,
   below 2^14); SMLABB/SMLATT multiply each lane and add the rounding. */
static inline __attribute__((always_inline)) void KERNEL(run_window)(const int16_t *x, int32_t count, const int16_t *window,
                                                                     const uint8_t *reversed, uint32_t means, int32_t down,
                                                                     uint32_t *z) {
    const int32_t half = 1 << (down - 1);
    for (const int16_t *end = x + count; x != end; x += 2, window += 2) {
        uint32_t samples, weights;
        __builtin_memcpy(&samples, x, 4);
        __builtin_memcpy(&weights, window, 4);
        const uint32_t centred = OP(ssub16)(samples, means);
        const int32_t even = OP(smlabb)(centred, weights, half) >> down;
        const int32_t odd = OP(smlatt)(centred, weights, half) >> down;
        z[*reversed++] = ((uint32_t)even & 0xFFFFu) | ((uint32_t)odd << 16);
    }
}

/* The same for a right shift (peak >= 2^14: louder than about -6 dBFS, or a large DC
   offset): in 32 bits, one sample at a time, rounding down before the window. */
static inline __attribute__((always_inline)) void KERNEL(run_window_loud)(const int16_t *x, int32_t count,
                                                                          const int16_t *window, const uint8_t *reversed,
                                                                          int32_t mean, int32_t right, uint32_t *z) {
    for (const int16_t *end = x + count; x != end; x += 2, window += 2) {
        const int32_t even = (((x[0] - mean) >> right) * window[0] + (1 << 14)) >> 15;
        const int32_t odd = (((x[1] - mean) >> right) * window[1] + (1 << 14)) >> 15;
        z[*reversed++] = ((uint32_t)even & 0xFFFFu) | ((uint32_t)odd << 16);
    }
}

/* b * w for a packed complex b and twiddle w = (cos, sin) meaning cos - i sin, in Q15:
   (b.re cos + b.im sin, b.im cos - b.re sin), each rounded to nearest 16 bits (the 2^14
   comes in through the multiply-accumulate, free). The sums are below 2^30 because
   b's complex magnitude is below 2^15 and |w| <= 1 (the scaling sees to the first; with
   only each part below 2^15 they could reach 1.5 * 2^30, still within Int32). The
   packing is PKHBT. */
static inline __attribute__((always_inline)) uint32_t KERNEL(twiddle)(uint32_t b, uint32_t w) {
    int32_t re = OP(smlad)(b, w, 1 << 14), im = OP(smlsdx)(w, b, 1 << 14);
    return ((uint32_t)(re >> 15) & 0xFFFFu) | (((uint32_t)im << 1) & 0xFFFF0000u);
}

/* The 64 / `half` groups of one radix-4 pass that share twiddle index j (p = z + j,
   then every 4 `half`): with W = W^(j second) and the inputs a0...a3 at p, p + half, p + 2 half,
   p + 3 half (in the order the bit-reversed input leaves them),
     t1 = W^2 a1, t2 = W a2, t3 = W^3 a3,
     c0 = (a0 + t1) + (t2 + t3),  c2 = (a0 + t1) - (t2 + t3),
     c1 = (a0 - t1) - i (t2 - t3), c3 = (a0 - t1) + i (t2 - t3):
   the two radix-2 stages `half` and 2 `half` with three complex multiplies instead of
   four. The sums of the first stage are halved when `scale1` is 1, the outputs when
   `scale2` is. `w3` is W^3, or minus it when `negated` is 1 (the table ends at W512^256,
   and W512^k = -W512^(k - 256)). ORs the outputs' bits into `bits` (see pass). */
static inline __attribute__((always_inline)) void KERNEL(radix4_groups)(uint32_t *p, int32_t half, uint32_t w1,
                                                                         uint32_t w2, uint32_t w3, int32_t negated,
                                                                         int32_t scale1, int32_t scale2,
                                                                         int32_t check, uint32_t *bits) {
    for (int32_t group = 0; group < 64 / half; group++, p += 4 * half) {
        const uint32_t a0 = p[0];
        const uint32_t t1 = KERNEL(twiddle)(p[half], w1);
        const uint32_t t2 = KERNEL(twiddle)(p[2 * half], w2);
        const uint32_t t3 = KERNEL(twiddle)(p[3 * half], w3);
        const uint32_t b0 = scale1 ? OP(shadd16)(a0, t1) : OP(sadd16)(a0, t1);
        const uint32_t b1 = scale1 ? OP(shsub16)(a0, t1) : OP(ssub16)(a0, t1);
        const uint32_t u = negated ? (scale1 ? OP(shsub16)(t2, t3) : OP(ssub16)(t2, t3))
                                   : (scale1 ? OP(shadd16)(t2, t3) : OP(sadd16)(t2, t3));
        const uint32_t v = negated ? (scale1 ? OP(shadd16)(t2, t3) : OP(sadd16)(t2, t3))
                                   : (scale1 ? OP(shsub16)(t2, t3) : OP(ssub16)(t2, t3));
        const uint32_t c0 = scale2 ? OP(shadd16)(b0, u) : OP(sadd16)(b0, u);
        const uint32_t c2 = scale2 ? OP(shsub16)(b0, u) : OP(ssub16)(b0, u);
        const uint32_t c1 = scale2 ? OP(shsax)(b1, v) : OP(ssax)(b1, v);     /* b1 - i v */
        const uint32_t c3 = scale2 ? OP(shasx)(b1, v) : OP(sasx)(b1, v);     /* b1 + i v */
        p[0] = c0; p[half] = c1; p[2 * half] = c2; p[3 * half] = c3;
        if (check) *bits |= (c0 ^ (c0 << 1)) | (c1 ^ (c1 << 1)) | (c2 ^ (c2 << 1)) | (c3 ^ (c3 << 1));
    }
}

/* One radix-4 pass: the two radix-2 stages `half` and 2 `half` (see radix4_groups). With
   `check`, returns the OR over all outputs c of c ^ (c << 1): in each lane, bit 15 (or
   31) set means the top two bits differ (|c| may be 2^14 or more), bit 14 (30) the next
   two, bit 13 (29) the next: the top k+1 bits all equal <=> the value lies within
   [-2^(15-k), 2^(15-k)). */
static inline __attribute__((always_inline)) uint32_t KERNEL(pass)(uint32_t *z, const uint32_t *twiddles, int32_t half,
                                                                    int32_t scale1, int32_t scale2, int32_t check) {
    const int32_t step = 128 / half;   /* W = W512^(j step) */
    /* j up to `plain` takes W^3 = W512^(3 j step) from the table as it is, the rest
       negated from W512^(3 j step - 256). The twiddles walk by pointer. */
    const int32_t plain = 256 / (3 * step) < half - 1 ? 256 / (3 * step) : half - 1;
    const uint32_t *w1 = twiddles, *w2 = twiddles, *w3 = twiddles;
    uint32_t bits = 0;
    int32_t j = 0;
    for (; j <= plain; j++, w1 += 2 * step, w2 += step, w3 += 3 * step) {
        KERNEL(radix4_groups)(z + j, half, *w1, *w2, *w3, 0, scale1, scale2, check, &bits);
    }
    for (w3 -= 256; j < half; j++, w1 += 2 * step, w2 += step, w3 += 3 * step) {
        KERNEL(radix4_groups)(z + j, half, *w1, *w2, *w3, 1, scale1, scale2, check, &bits);
    }
    return bits;
}

/* Runs one pass with the halvings it needs, given the previous pass's `bits`: none when
   every value is below 2^12 (two stages then at most quadruple a magnitude below
   2^12 sqrt 2, which stays below 2^15); the second stage only when every value is below
   2^13; both otherwise. A halving stage never grows a magnitude. Adds the halvings to
   `halvings`; returns the pass's bits (see pass). */
static inline __attribute__((always_inline)) uint32_t KERNEL(scaled_pass)(uint32_t *z, const uint32_t *twiddles,
                                                                           int32_t half, uint32_t bits, int32_t check,
                                                                           int32_t *halvings) {
    if ((bits & 0xE000E000u) == 0) return KERNEL(pass)(z, twiddles, half, 0, 0, check);
    if ((bits & 0xC000C000u) == 0) { *halvings += 1; return KERNEL(pass)(z, twiddles, half, 0, 1, check); }
    *halvings += 2;
    return KERNEL(pass)(z, twiddles, half, 1, 1, check);
}

/* The first pass (stages 1 and 2), both halved: its twiddles are W^0 = (32767, 0) and
   W^128 = (0, 32767), and on values below 2^14 in magnitude (the input, and the first
   stage's halved outputs) multiplying by them gives exactly b and -i b, so this pass
   adds and subtracts only: -i b3 added or subtracted is SHSAX / SHASX. Same bits as
   KERNEL(pass)(z, twiddles, 1, 1, 1, 1). */
static inline __attribute__((always_inline)) uint32_t KERNEL(first_pass)(uint32_t *z) {
    uint32_t bits = 0;
    for (int32_t i = 0; i < 256; i += 4) {
        const uint32_t a0 = z[i], a1 = z[i + 1], a2 = z[i + 2], a3 = z[i + 3];
        const uint32_t b0 = OP(shadd16)(a0, a1), b1 = OP(shsub16)(a0, a1);
        const uint32_t b2 = OP(shadd16)(a2, a3), b3 = OP(shsub16)(a2, a3);
        const uint32_t c0 = OP(shadd16)(b0, b2), c2 = OP(shsub16)(b0, b2);
        const uint32_t c1 = OP(shsax)(b1, b3), c3 = OP(shasx)(b1, b3);
        z[i] = c0; z[i + 1] = c1; z[i + 2] = c2; z[i + 3] = c3;
        bits |= (c0 ^ (c0 << 1)) | (c1 ^ (c1 << 1)) | (c2 ^ (c2 << 1)) | (c3 ^ (c3 << 1));
    }
    return bits;
}

/* Passes 2 to 4, after a first pass that left `bits`; returns their halvings. */
static inline __attribute__((always_inline)) int32_t KERNEL(later_passes)(uint32_t *z, const uint32_t *twiddles,
                                                                           uint32_t bits) {
    int32_t halvings = 0;
    /* Each pass spelled out: with `half` a constant the butterflies' offsets become
       immediates, which leaves the twiddles and values in registers. */
    bits = KERNEL(scaled_pass)(z, twiddles, 4, bits, 1, &halvings);
    bits = KERNEL(scaled_pass)(z, twiddles, 16, bits, 1, &halvings);
    KERNEL(scaled_pass)(z, twiddles, 64, bits, 0, &halvings);   /* the last: nothing to check for */
    return halvings;
}

int32_t KERNEL(kinu_fft256_q15)(uint32_t *z, const uint32_t *twiddles) {
    /* The input lies below 2^14 (near 2^13 at its peak): the first pass halves both
       stages, as if the bits said so. */
    const uint32_t bits = KERNEL(first_pass)(z);
    return 2 + KERNEL(later_passes)(z, twiddles, bits);
}

int32_t KERNEL(kinu_window_fft256_q15)(const int16_t *x, int32_t count, const kinu_sample_stats *stats,
                                       int32_t stats_count, const int16_t *window, const uint8_t *bit_reversed,
                                       const uint32_t *twiddles, uint32_t *z, int32_t *halvings) {
    /* 1. The sum and the extremes of the samples' statistics; the mean rounded to nearest
          (the division truncates toward zero, as Swift's does). */
    int32_t sum = 0;
    uint32_t high = 0, low = 0xFFFFFFFFu;
    for (int32_t k = 0; k < stats_count; k++) {
        sum += stats[k].sum;
        KERNEL(widen)(stats[k].high, stats[k].low, &high, &low);
    }
    const int32_t largest = (int32_t)((high & 0xFFFFu) > (high >> 16) ? (high & 0xFFFFu) : (high >> 16)) - 32768;
    const int32_t smallest = (int32_t)((low & 0xFFFFu) < (low >> 16) ? (low & 0xFFFFu) : (low >> 16)) - 32768;
    const int32_t mean = (sum >= 0 ? sum + count / 2 : sum - count / 2) / count;
    const int32_t peak = largest - mean > mean - smallest ? largest - mean : mean - smallest;
    if (peak == 0) return KINU_SILENT;
    /* 2. Block exponent: peak << shift in [2^13, 2^14). Then centre, scale and window in
          one step, rounded to nearest: ((x - mean) << shift) * w / 2^15 = (x - mean) * w
          / 2^(15 - shift), exactly (the product stays below 2^29). The window's zeros
          beyond `count` make the zero padding. 3. The first pass of the FFT (the input
          below 2^14, near 2^13 at its peak: it halves both stages), then the others. */
    const int32_t shift = 14 - (32 - __builtin_clz((uint32_t)peak));
    uint32_t bits;
    if (shift >= 0) {
        const uint32_t means = ((uint32_t)mean & 0xFFFFu) | ((uint32_t)mean << 16);
        const int32_t down = 15 - shift;
#ifdef KINU_WINDOW_FIRST_PASS
        if (count <= 480) {
            bits = KINU_WINDOW_FIRST_PASS(x, window, z, bit_reversed, means, 1 << (down - 1), down);
        } else
#endif
        {
            KERNEL(run_window)(x, 512, window, bit_reversed, means, down, z);
            bits = KERNEL(first_pass)(z);
        }
    } else {
        KERNEL(run_window_loud)(x, 512, window, bit_reversed, mean, -shift, z);
        bits = KERNEL(first_pass)(z);
    }
    *halvings = 2 + KERNEL(later_passes)(z, twiddles, bits);
    return shift;
}

/* |X[k] / 2|^2 from a = Z[k], b = Z[256 - k] (mod 256) and w = W^k. */
static inline __attribute__((always_inline)) uint32_t KERNEL(split_bin)(uint32_t a, uint32_t b, uint32_t w) {
    b = (b >> 16) | (b << 16);                       /* lanes swapped: (b.im, b.re) */
    const uint32_t even = OP(shsax)(a, b);           /* (Z[k] + conj Z[256-k]) / 2 */
    const uint32_t odd = OP(shasx)(a, b);            /* (Z[k] - conj Z[256-k]) / 2 */
    const uint32_t u = KERNEL(twiddle)(odd, w);      /* W^k times that */
    const uint32_t half = OP(shsax)(even, u);        /* X[k] / 2 = (even - i u) / 2 */
    return (uint32_t)OP(smuad)(half, half);
}

void KERNEL(kinu_split_power_q15)(const uint32_t *z, const uint32_t *twiddles, int32_t first, int32_t last,
                                  uint32_t *power) {
    int32_t k = first;
    if (k == 0 && k <= last) { *power++ = KERNEL(split_bin)(z[0], z[0], twiddles[0]); k = 1; }
    /* Bins 1...255 walk Z forwards and backwards by pointer. */
    const int32_t end = last < 255 ? last : 255;
    const uint32_t *forward = z + k, *backward = z + (256 - k), *w = twiddles + k;
    for (; k <= end; k++) *power++ = KERNEL(split_bin)(*forward++, *backward--, *w++);
    if (last == 256) *power = KERNEL(split_bin)(z[0], z[0], twiddles[256]);
}
