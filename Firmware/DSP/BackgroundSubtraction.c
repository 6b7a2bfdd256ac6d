// Takes the background out of an event's log-mel frames (see KinuDSP.h,
// kinu_subtract_background, and BackgroundSubtraction.swift for why). Plain C: the same
// body on the host and the M4, where the compiler's loop is tighter than the Swift one.
#include "KinuDSP.h"

void kinu_subtract_background(int16_t *frames, int32_t count, int32_t bands, const int32_t *floors,
                              const int32_t *deviations, const int16_t *table, int32_t end) {
    for (int32_t b = 0; b < bands; b++) {
        /* The detector's levels carry KINU_FLOOR_FRACTION_BITS below the Q8 octave. */
        const int32_t background = (floors[b] + deviations[b] + (1 << (KINU_FLOOR_FRACTION_BITS - 1))) >> KINU_FLOOR_FRACTION_BITS;
        int16_t *value = frames + b;
        for (int32_t f = 0; f < count; f++, value += bands) {
            const int32_t x = *value;
            const int32_t d = x - background;
            if (d >= end) continue;
            const int32_t at = d > 0 ? d : 0;
            const int32_t i = at >> KINU_SUBTRACTION_STEP_SHIFT;
            const int32_t fraction = at & ((1 << KINU_SUBTRACTION_STEP_SHIFT) - 1);
            const int32_t a = table[i], next = table[i + 1];
            /* At most 5 octaves off a value no lower than the front end's floor: inside int16. */
            *value = (int16_t)(x + a + (((next - a) * fraction) >> KINU_SUBTRACTION_STEP_SHIFT));
        }
    }
}
