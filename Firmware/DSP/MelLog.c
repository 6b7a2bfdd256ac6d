// The front end's last two stages: the mel filterbank on the power spectrum and the log2
// of each band (see FrontEnd.swift for the formats). Plain C: the sums want the M4's
// 32 x 32 -> 64-bit multiply-accumulate (UMLAL), which Swift's UInt64 arithmetic does not
// reach, and the same code runs on the host.
#include "KinuDSP.h"

static inline int32_t log2_q8(uint64_t value, const uint32_t *table) {
    const uint32_t high_word = (uint32_t)(value >> 32);
    const int32_t msb = high_word ? 63 - __builtin_clz(high_word) : 31 - __builtin_clz((uint32_t)value);
    /* The mantissa's top 32 bits, leading one at bit 31: 5 bits index the table, the 16
       below them interpolate. */
    const uint64_t mantissa = value << (63 - msb);
    const uint32_t top = (uint32_t)(mantissa >> 32);
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

void kinu_mel_log2_q8(const uint32_t *power, const uint8_t *bins_per_segment, const uint16_t *rise,
                      const uint32_t *log2_table, int32_t scale_q8, int32_t floor_q8, int16_t *features) {
    /* Segment j's bins rise into filter j and fall out of filter j - 1, so filter j - 1 is
       complete once segment j is summed: the rising sum carried over from segment j - 1
       plus segment j's falling sum. Each sum stays in registers (UMLAL). */
    uint64_t carried = 0;
    for (int32_t j = 0; j <= KINU_MEL_BANDS; j++) {
        uint64_t rising = 0, falling = 0;
        /* Not unrolled: a segment holds 1 to 14 bins, too few to repay the set-up. */
#pragma clang loop unroll(disable)
        for (int32_t n = bins_per_segment[j]; n > 0; n--) {
            const uint32_t p = *power++, w = *rise++;
            rising += (uint64_t)p * w;
            falling += (uint64_t)p * (65536u - w);
        }
        if (j > 0) features[j - 1] = feature(carried + falling, log2_table, scale_q8, floor_q8);
        carried = rising;
    }
}
