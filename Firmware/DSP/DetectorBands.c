// The event detector's per-band work on every frame (see KinuDSP.h, kinu_band_activity and
// kinu_track_floors; EventDetector.swift for why). Plain C, the same body on the host and
// the M4, where the compiler keeps the band's values in registers better than the Swift
// loops did.
#include "KinuDSP.h"

int32_t kinu_band_activity(const int16_t *frame, const int32_t *thresholds, int32_t bands) {
    int32_t total = 0;
    for (int32_t b = 0; b < bands; b++) {
        const int32_t excess = frame[b] - thresholds[b];
        if (excess > 0) total += excess;
    }
    return total;
}

void kinu_track_floors(const int16_t *frame, int32_t *floors, int32_t *deviations, int32_t *thresholds, int32_t bands,
                       const kinu_floor_tracking *tracking) {
    /* Floors and deviations in Q8 octaves with KINU_FLOOR_FRACTION_BITS more: a step of a
       difference shifted right would otherwise round a rise under 2^rise_shift Q8 units
       to nothing while every fall moves, and the floors would sit low. */
    const int32_t fine = KINU_FLOOR_FRACTION_BITS;
    const int32_t lowest = tracking->lowest * (1 << fine), rise = tracking->rise_shift, fall = tracking->fall_shift;
    const int32_t deviation_shift = tracking->deviation_shift, margin = tracking->margin * (1 << fine);
    const int32_t factor = tracking->factor;
    for (int32_t b = 0; b < bands; b++) {
        const int32_t x = frame[b] * (1 << fine) > lowest ? frame[b] * (1 << fine) : lowest;
        const int32_t difference = x - floors[b];
        const int32_t step = difference < 0 ? difference >> fall : difference >> rise;
        const int32_t floor = floors[b] + step > lowest ? floors[b] + step : lowest;
        const int32_t size = difference < 0 ? -difference : difference;
        const int32_t deviation = deviations[b] + ((size - deviations[b]) >> deviation_shift);
        const int32_t spread = factor * deviation;
        floors[b] = floor;
        deviations[b] = deviation;
        thresholds[b] = (floor + (spread > margin ? spread : margin) + (1 << (fine - 1))) >> fine;
    }
}

void kinu_copy_bands(const int16_t *from, int16_t *to, int32_t bands) {
    int32_t b = 0;
    for (; b + 2 <= bands; b += 2) {
        uint32_t pair;
        __builtin_memcpy(&pair, from + b, 4);
        __builtin_memcpy(to + b, &pair, 4);
    }
    if (b < bands) to[b] = from[b];
}
