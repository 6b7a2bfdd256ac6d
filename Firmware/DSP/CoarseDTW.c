// The matcher's first stage (see KinuDSP.h, kinu_coarse_view / kinu_coarse_distances):
// a banded DTW over the templates at half their time resolution, on bytes, four values
// per instruction. Built with the M4's SIMD instructions where the target has them (the
// DTW itself in M4 assembly), and always also in portable C under a `_portable` name
// (the firmware's smoke test proves the two equal on the M4).
#include "KinuDSP.h"
#include "Simd16.h"

enum { steps = KINU_COARSE_STEPS, words = KINU_TEMPLATE_COEFFICIENTS / 4 };

#define OP(name) name##_portable
#define KERNEL(name) name##_portable
#define COARSE_WARP(query, example, moved) coarse_warp_portable(query, example, moved)
#include "CoarseDTWKernel.h"
#undef OP
#undef KERNEL
#undef COARSE_WARP

#if KINU_SIMD
/* The DTW of coarse_warp (CoarseDTWKernel.h), column by column, in M4 assembly: clang
   unrolls the C loop and spills its values to the stack; here the example's step and
   its moved copy stay in six registers for the column's three cells.

   int32_t kinu_coarse_warp_m4(const uint32_t *query, const uint32_t *example)

   `example` is followed by its 3 words of means and then by the moved steps (+108 bytes).
   r0 = the query step above the column's first cell, r1 = the example's step; r2-r4 its
   three words, r5-r7 the moved ones; r8, r9 the raw and mean-normalised sums, r10
   scratch; r11, r12, lr the column's up, middle and down cells. */
#define COARSE_CELL(offset)                                  \
    "    ldr     r10, [r0, #" #offset "]\n"                 \
    "    usad8   r8, r10, r2\n"                             \
    "    usad8   r9, r10, r5\n"                             \
    "    ldr     r10, [r0, #" #offset " + 4]\n"             \
    "    usada8  r8, r10, r3, r8\n"                         \
    "    usada8  r9, r10, r6, r9\n"                         \
    "    ldr     r10, [r0, #" #offset " + 8]\n"             \
    "    usada8  r8, r10, r4, r8\n"                         \
    "    usada8  r9, r10, r7, r9\n"                         \
    "    add     r8, r8, r8, lsl #1\n"     /* 3 raw */      \
    "    add     r8, r8, r9, lsl #2\n"     /* + 4 mean-normalised */

#define LOAD_COLUMN                                          \
    "    ldm     r1, {r2, r3, r4}\n"                        \
    "    add     r10, r1, #108\n"                           \
    "    ldm     r10, {r5, r6, r7}\n"

/* up = min(up + 2c, middle + c) */
#define UP_CELL                                              \
    COARSE_CELL(0)                                           \
    "    add     r11, r11, r8, lsl #1\n"                    \
    "    add     r9, r12, r8\n"                             \
    "    cmp     r9, r11\n"                                 \
    "    it      lt\n"                                      \
    "    movlt   r11, r9\n"

/* middle = min(middle + 2c, down + c, up + c) */
#define MIDDLE_CELL                                          \
    COARSE_CELL(12)                                          \
    "    add     r12, r12, r8, lsl #1\n"                    \
    "    add     r9, lr, r8\n"                              \
    "    cmp     r9, r12\n"                                 \
    "    it      lt\n"                                      \
    "    movlt   r12, r9\n"                                 \
    "    add     r9, r11, r8\n"                             \
    "    cmp     r9, r12\n"                                 \
    "    it      lt\n"                                      \
    "    movlt   r12, r9\n"

__asm__(
    "    .syntax unified\n"
    "    .thumb\n"
    "    .text\n"
    "    .global kinu_coarse_warp_m4\n"
    "    .type kinu_coarse_warp_m4, %function\n"
    "    .thumb_func\n"
    "    .p2align 2\n"
    "kinu_coarse_warp_m4:\n"
    "    push    {r4-r11, lr}\n"
    "    add     r10, r0, #72\n"          /* r0 after column 6 */
    "    str     r10, [sp, #-8]!\n"
    /* Column 0: cells (0, 0) and (1, 0). */
    LOAD_COLUMN
    COARSE_CELL(0)
    "    lsl     r12, r8, #1\n"
    COARSE_CELL(12)
    "    add     lr, r12, r8\n"
    "    mvn     r11, #0xE0000000\n"      /* up: unreachable (INT32_MAX / 4) */
    /* Columns 1 to 6: up, middle, down = min(down + 2c, middle + c). */
    "1:\n"
    "    adds    r1, r1, #12\n"
    LOAD_COLUMN
    UP_CELL
    MIDDLE_CELL
    COARSE_CELL(24)
    "    add     lr, lr, r8, lsl #1\n"
    "    add     r9, r12, r8\n"
    "    cmp     r9, lr\n"
    "    it      lt\n"
    "    movlt   lr, r9\n"
    "    adds    r0, r0, #12\n"
    "    ldr     r10, [sp]\n"
    "    cmp     r0, r10\n"
    "    bne     1b\n"
    /* Column 7: up and middle; the result is the middle cell (7, 7). */
    "    adds    r1, r1, #12\n"
    LOAD_COLUMN
    UP_CELL
    MIDDLE_CELL
    "    mov     r0, r12\n"
    "    add     sp, sp, #8\n"
    "    pop     {r4-r11, pc}\n"
    "    .size kinu_coarse_warp_m4, . - kinu_coarse_warp_m4\n");

int32_t kinu_coarse_warp_m4(const uint32_t *query, const uint32_t *example);

#define OP(name) name##_simd
#define KERNEL(name) name
#define COARSE_WARP(query, example, moved) kinu_coarse_warp_m4(query, example)
#include "CoarseDTWKernel.h"
#undef OP
#undef KERNEL
#undef COARSE_WARP
#else
void kinu_coarse_view(const int8_t *x, uint32_t *view) { kinu_coarse_view_portable(x, view); }
void kinu_coarse_distances(const uint32_t *query, const int8_t *templates, const uint8_t *sequences, int32_t count,
                           int32_t *out) {
    kinu_coarse_distances_portable(query, templates, sequences, count, out);
}
#endif
