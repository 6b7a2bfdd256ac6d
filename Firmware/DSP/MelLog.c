// The front end's last two stages: the mel filterbank on the power spectrum and the log2
// of each band (see FrontEnd.swift for the formats). Plain C: the sums want the M4's
// 32 x 32 -> 64-bit multiply-accumulate (UMLAL), which Swift's UInt64 arithmetic does not
// reach, and the same code runs on the host.
#include "KinuDSP.h"

static inline int32_t log2_q8(uint64_t value, const uint32_t *table) {
    /* The leading one and the 31 bits below it, as `top` (leading one at bit 31). Built
       from the word that holds the leading one: a 64-bit shift costs twice as much. */
    const uint32_t high_word = (uint32_t)(value >> 32), low_word = (uint32_t)value;
    int32_t msb;
    uint32_t top;
    if (high_word) {
        const int32_t zeros = __builtin_clz(high_word);
        msb = 63 - zeros;
        top = (high_word << zeros) | ((low_word >> 1) >> (31 - zeros));
    } else {
        const int32_t zeros = __builtin_clz(low_word);
        msb = 31 - zeros;
        top = low_word << zeros;
    }
    /* 5 bits index the table, the 16 below them interpolate. */
    const uint32_t index = (top >> 26) & 31, fraction = (top >> 10) & 0xFFFFu;
    const int32_t low = (int32_t)table[index], step = (int32_t)table[index + 1] - low;   /* step < 2^12 */
    const int32_t q16 = (msb << 16) + low + ((step * (int32_t)fraction) >> 16);
    return (q16 + 128) >> 8;
}

int32_t kinu_log2_q8(uint64_t value, const uint32_t *table) {
    return value == 0 ? INT32_MIN : log2_q8(value, table);
}

static inline int16_t feature(uint64_t energy, const uint32_t *log2_table, int32_t scale_q8, int32_t floor_q8) {
    int32_t value = energy == 0 ? floor_q8 : log2_q8(energy, log2_table) - scale_q8;
    value = value < floor_q8 ? floor_q8 : value;
    return (int16_t)(value > INT16_MAX ? INT16_MAX : value);
}

/* The filterbank's sums over the power bins, segment after segment (see kinu_mel_log2_q8).
   With `squares`, also each segment's sum of p^2 and its total power x 2^16 (rising +
   falling sums), for kinu_octave_peakiness; inlined twice, so the frames that do not
   measure them pay nothing. */
static inline __attribute__((always_inline)) void mel_sums(const uint32_t *power, const uint8_t *bins_per_segment,
                                                           const uint16_t *rise, uint64_t *energies,
                                                           uint64_t *squares, uint64_t *totals) {
    /* Segment j's bins rise into filter j and fall out of filter j - 1, so filter j - 1 is
       complete once segment j is summed: the rising sum carried over from segment j - 1
       plus segment j's falling sum. Each sum stays in registers (UMLAL). The logs come in
       a second loop: in one loop with the sums, clang ran out of registers and spilled
       the sums' state around every segment. */
    uint64_t carried = 0;
    uint64_t *energy = energies;   /* energies[0] collects segment 0's falling side: unused */
#pragma clang loop unroll(disable)
    for (const uint8_t *segment = bins_per_segment; segment != bins_per_segment + KINU_MEL_BANDS + 1; segment++) {
        uint64_t rising = 0, falling = 0, square = 0;
        /* Not unrolled: a segment holds 1 to 14 bins, too few to repay the set-up. Every
           segment has at least one bin. */
        const uint32_t *end = power + *segment;
#pragma clang loop unroll(disable)
        do {
            const uint32_t p = *power++, w = *rise++;
            rising += (uint64_t)p * w;
            falling += (uint64_t)p * (65536u - w);
            if (squares) square += (uint64_t)p * p;   /* 14 bins x 2^60 < 2^64 */
        } while (power != end);
        if (squares) {
            *squares++ = square;
            *totals++ = rising + falling;
        }
        *energy++ = carried + falling;
        carried = rising;
    }
}

void kinu_mel_log2_q8(const uint32_t *power, const uint8_t *bins_per_segment, const uint16_t *rise,
                      const uint32_t *log2_table, int32_t scale_q8, int32_t floor_q8, int16_t *features,
                      uint64_t *squares, uint64_t *totals) {
    uint64_t energies[KINU_MEL_BANDS + 1];
    if (squares) mel_sums(power, bins_per_segment, rise, energies, squares, totals);
    else mel_sums(power, bins_per_segment, rise, energies, 0, 0);
    for (int32_t b = 0; b < KINU_MEL_BANDS; b++) features[b] = feature(energies[b + 1], log2_table, scale_q8, floor_q8);
}

/* Segments at which each octave starts (bins 5, 8, 15, 33, 64, 128; the last ends with
   segment 40 at bin 239), and its bin count. */
static const uint8_t octave_first_segment[KINU_PEAK_OCTAVES + 1] = {0, 2, 6, 13, 21, 31, KINU_MEL_BANDS + 1};
static const uint8_t octave_bins[KINU_PEAK_OCTAVES] = {3, 7, 18, 31, 64, 112};

void kinu_octave_peakiness(const uint64_t *squares, const uint64_t *totals, const uint32_t *log2_table, uint8_t *peakiness) {
    for (int32_t o = 0; o < KINU_PEAK_OCTAVES; o++) {
        uint64_t square = 0, total = 0;
        for (int32_t j = octave_first_segment[o]; j < octave_first_segment[o + 1]; j++) {
            const uint64_t sum = square + squares[j];
            square = sum < square ? UINT64_MAX : sum;   /* saturates: only a full-scale octave comes near */
            total += totals[j];                        /* 112 bins x 2^30 x 2^16 < 2^53 */
        }
        if (total == 0 || square == 0) { peakiness[o] = 0; continue; }
        /* log2(n sum p^2 / (sum p)^2), total = 2^16 sum p; Q8, then 1/32 octave. */
        const int32_t q8 = log2_q8(square, log2_table) + log2_q8(octave_bins[o], log2_table)
                           - 2 * log2_q8(total, log2_table) + 2 * 16 * 256;
        const int32_t value = (q8 + 4) >> 3;
        peakiness[o] = (uint8_t)(value < 0 ? 0 : value > 255 ? 255 : value);
    }
}
