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

/* The filterbank's sums over the power bins, segment after segment: energies[j + 1] is
   filter j's. */
static void mel_sums(const uint32_t *power, const uint8_t *bins_per_segment, const uint16_t *rise, uint64_t *energies) {
    /* Segment j's bins rise into filter j and fall out of filter j - 1, so filter j - 1 is
       complete once segment j is summed: the rising sum carried over from segment j - 1
       plus segment j's falling sum. Each sum stays in registers (UMLAL). The logs come in
       a second loop: in one loop with the sums, clang ran out of registers and spilled
       the sums' state around every segment. */
    uint64_t carried = 0;
    uint64_t *energy = energies;   /* energies[0] collects segment 0's falling side: unused */
#pragma clang loop unroll(disable)
    for (const uint8_t *segment = bins_per_segment; segment != bins_per_segment + KINU_MEL_BANDS + 1; segment++) {
        uint64_t rising = 0, falling = 0;
        /* Not unrolled: a segment holds 1 to 14 bins, too few to repay the set-up. Every
           segment has at least one bin. */
        const uint32_t *end = power + *segment;
#pragma clang loop unroll(disable)
        do {
            const uint32_t p = *power++, w = *rise++;
            rising += (uint64_t)p * w;
            falling += (uint64_t)p * (65536u - w);
        } while (power != end);
        *energy++ = carried + falling;
        carried = rising;
    }
}

/* Segments at which each octave starts (bins 5, 8, 15, 33, 64, 128; the last ends with
   segment 40 at bin 239), and log2 of its bin count (3, 7, 18, 31, 64, 112) in Q8. */
static const uint8_t octave_first_segment[KINU_PEAK_OCTAVES + 1] = {0, 2, 6, 13, 21, 31, KINU_MEL_BANDS + 1};
static const int16_t octave_bins_log2_q8[KINU_PEAK_OCTAVES] = {406, 719, 1068, 1268, 1536, 1743};

/* mel_sums, and for each octave the sum of q^2 with q = p / 4 (p < 2^30, so 112 bins stay
   below 2^63) and the rising sum carried out of its last segment. Two more instructions
   per bin. */
static void mel_sums_with_octaves(const uint32_t *power, const uint8_t *bins_per_segment, const uint16_t *rise,
                                  uint64_t *energies, uint64_t *octave_squares, uint64_t *octave_carried) {
    uint64_t carried = 0;
    uint64_t *energy = energies;
    const uint8_t *segment = bins_per_segment;
#pragma clang loop unroll(disable)
    for (int32_t o = 0; o < KINU_PEAK_OCTAVES; o++) {
        uint64_t squares = 0;
        const uint8_t *octave_end = bins_per_segment + octave_first_segment[o + 1];
#pragma clang loop unroll(disable)
        do {
            uint64_t rising = 0, falling = 0;
            const uint32_t *end = power + *segment;
#pragma clang loop unroll(disable)
            do {
                const uint32_t p = *power++, w = *rise++, q = p >> 2;
                rising += (uint64_t)p * w;
                falling += (uint64_t)p * (65536u - w);
                squares += (uint64_t)q * q;
            } while (power != end);
            *energy++ = carried + falling;
            carried = rising;
        } while (++segment != octave_end);
        octave_squares[o] = squares;
        octave_carried[o] = carried;
    }
}

void kinu_mel_log2_q8(const uint32_t *power, const uint8_t *bins_per_segment, const uint16_t *rise,
                      const uint32_t *log2_table, int32_t scale_q8, int32_t floor_q8, int16_t *features,
                      uint8_t *peakiness) {
    uint64_t energies[KINU_MEL_BANDS + 1];
    if (!peakiness) {
        mel_sums(power, bins_per_segment, rise, energies);
    } else {
        uint64_t squares[KINU_PEAK_OCTAVES], carried[KINU_PEAK_OCTAVES];
        mel_sums_with_octaves(power, bins_per_segment, rise, energies, squares, carried);
        uint64_t carried_in = 0;
        for (int32_t o = 0; o < KINU_PEAK_OCTAVES; o++) {
            /* The octave's power x 2^16: its segments' falling and rising sums, that is its
               filters' energies (a segment's falling sum plus the previous segment's rising
               sum) less the rising sum carried in, plus the one carried out. Exact in
               wrapping arithmetic. */
            uint64_t total = carried[o] - carried_in;
            for (int32_t j = octave_first_segment[o]; j < octave_first_segment[o + 1]; j++) total += energies[j];
            carried_in = carried[o];
            if (total == 0 || squares[o] == 0) { peakiness[o] = 0; continue; }
            /* log2(n sum p^2 / (sum p)^2) with squares = sum (p / 4)^2 and total = 2^16 sum p;
               Q8, then 1/32 octave. */
            const int32_t q8 = log2_q8(squares[o], log2_table) + 4 * 256 + octave_bins_log2_q8[o]
                               - 2 * log2_q8(total, log2_table) + 2 * 16 * 256;
            const int32_t value = (q8 + 4) >> 3;
            peakiness[o] = (uint8_t)(value < 0 ? 0 : value > 255 ? 255 : value);
        }
    }
    for (int32_t b = 0; b < KINU_MEL_BANDS; b++) features[b] = feature(energies[b + 1], log2_table, scale_q8, floor_q8);
}
