// The front end's window feeding the FFT's first pass, in Cortex-M4 assembly: the
// left-shift case of kinu_window_fft256_q15 (every frame but the loudest), bit for bit
// the same as its portable form (FFT16Kernel.h: run_window, then first_pass), which the
// firmware's smoke test checks. In C, clang spills the pass's fixed values and reloads
// them for every group; here the group's values use exactly the six registers left.
//
// uint32_t kinu_window_first_pass_m4(const int16_t *x, const int16_t *window, uint32_t *z,
//                                    const uint8_t *bit_reversed, uint32_t means,
//                                    int32_t half, int32_t down)
//
// For n = 0...63 it windows the sample pairs n, n + 128, n + 64 and n + 192 as a0...a3
// (pairs from 240 on are zero: the window is at most 480 samples): (x - mean) * w + half >> down per sample (SSUB16,
// SMLABB/SMLATT), packed (PKHBT). Those are z[4m...4m+3] of the bit-reversed input, with
// 4m = bit_reversed[n]; the pass's two halved stages follow (SHADD16, SHSUB16, SHSAX,
// SHASX) and store there. Returns the OR of c ^ (c << 1) over all outputs c, as
// first_pass does. The loops find their ends in bit_reversed: n = 48 is the one
// reversed to 12, and n = 64 the first reversed to no multiple of 4 (2).
#include "Simd16.h"

#if KINU_SIMD
/* Windows the pair at byte `offset` from r0 (samples) and r1 (weights) into `dest`:
   r4 = means, r5 = half, r6 = down; r8 and r9 scratch. */
#define WINDOWED_PAIR(offset, dest)                      \
    "    ldr     r8, [r0, #" #offset "]\n"              \
    "    ldr     r9, [r1, #" #offset "]\n"              \
    "    ssub16  r8, r8, r4\n"                          \
    "    smlabb  " dest ", r8, r9, r5\n"                \
    "    smlatt  r8, r8, r9, r5\n"                      \
    "    asr     " dest ", " dest ", r6\n"              \
    "    asr     r8, r8, r6\n"                          \
    "    pkhbt   " dest ", " dest ", r8, lsl #16\n"

/* a0 (r10) and a1 (r11) to b0 (r12) and b1 (lr), then a2 into r10. */
#define FIRST_THREE_PAIRS                                \
    WINDOWED_PAIR(0, "r10")                              \
    WINDOWED_PAIR(512, "r11")                            \
    "    shadd16 r12, r10, r11\n"                       \
    "    shsub16 lr, r10, r11\n"                        \
    WINDOWED_PAIR(256, "r10")

/* With a2 in r10 and a3 in r11: the second stage, the stores to z + 4m, the bits (r7),
   and on to the next n. */
#define FINISH_GROUP                                     \
    "    shadd16 r8, r10, r11\n"        /* b2 */        \
    "    shsub16 r9, r10, r11\n"        /* b3 */        \
    "    shadd16 r10, r12, r8\n"        /* c0 */        \
    "    shsub16 r11, r12, r8\n"        /* c2 */        \
    "    shsax   r12, lr, r9\n"         /* c1 */        \
    "    shasx   lr, lr, r9\n"          /* c3 */        \
    "    ldrb    r8, [r3], #1\n"        /* 4m */        \
    "    add     r8, r2, r8, lsl #2\n"                  \
    "    strd    r10, r12, [r8]\n"                      \
    "    strd    r11, lr, [r8, #8]\n"                   \
    "    eor     r9, r10, r10, lsl #1\n"                \
    "    orr     r7, r7, r9\n"                          \
    "    eor     r9, r12, r12, lsl #1\n"                \
    "    orr     r7, r7, r9\n"                          \
    "    eor     r9, r11, r11, lsl #1\n"                \
    "    orr     r7, r7, r9\n"                          \
    "    eor     r9, lr, lr, lsl #1\n"                  \
    "    orr     r7, r7, r9\n"                          \
    "    adds    r0, r0, #4\n"                          \
    "    adds    r1, r1, #4\n"                          \
    "    ldrb    r9, [r3]\n"            /* the next 4m */

__asm__(
    "    .syntax unified\n"
    "    .thumb\n"
    "    .text\n"
    "    .global kinu_window_first_pass_m4\n"
    "    .type kinu_window_first_pass_m4, %function\n"
    "    .thumb_func\n"
    "    .p2align 2\n"
    "kinu_window_first_pass_m4:\n"
    "    push    {r4-r11, lr}\n"
    "    ldr     r4, [sp, #36]\n"           /* means (both lanes) */
    "    ldr     r5, [sp, #40]\n"           /* half = 2^(down - 1), the rounding */
    "    ldr     r6, [sp, #44]\n"           /* down */
    "    movs    r7, #0\n"                  /* bits */
    /* r0 = x + 2n, r1 = window + 2n, r2 = z, r3 = bit_reversed + n; r8-r12, lr free.
       n = 0...47: all four pairs in the window. */
    "1:\n"
    FIRST_THREE_PAIRS
    WINDOWED_PAIR(768, "r11")
    FINISH_GROUP
    "    cmp     r9, #12\n"                 /* n = 48 (reversed: 12): on to the second loop */
    "    bne     1b\n"
    /* n = 48...63: pair n + 192 lies past the window (zero). */
    "2:\n"
    FIRST_THREE_PAIRS
    "    movs    r11, #0\n"
    FINISH_GROUP
    "    tst     r9, #3\n"                  /* n = 64 (reversed: 2): done */
    "    beq     2b\n"
    "    mov     r0, r7\n"
    "    pop     {r4-r11, pc}\n"
    "    .size kinu_window_first_pass_m4, . - kinu_window_first_pass_m4\n");
#endif
