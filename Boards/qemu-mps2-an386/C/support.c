/*
 * Board services in C: the semihosting trap and the stack-depth measurement.
 */
#include "board_c.h"

/* ---- Semihosting -------------------------------------------------------------------
   `bkpt 0xAB` with r0 = operation and r1 = argument is the Arm semihosting trap on
   M-profile; QEMU (-semihosting-config enable=on) performs the call on the host. */
uint32_t kinu_semihost(uint32_t op, const void *arg) {
    register uint32_t r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void kinu_exit(int status) {
    uint32_t block[2] = {KINU_ADP_APPLICATION_EXIT, (uint32_t)status};
    kinu_semihost(KINU_SYS_EXIT_EXTENDED, block);
    for (;;) __asm__ volatile("wfi");   /* only reached without semihosting */
}

/* The heap, its counters and the other libc hooks: Boards/common/C/newlib-support.c. */

/* ---- Stack high-water mark ---------------------------------------------------------
   Reset_Handler painted the stack; the deepest point ever reached is the first word
   from the bottom that no longer holds the paint. */
extern uint32_t __stack_bottom[], __stack_top[];

uint32_t kinu_stack_used(void) {
    uint32_t *p = __stack_bottom;
    while (p < __stack_top && *p == KINU_STACK_PAINT) p++;
    return (uint32_t)((char *)__stack_top - (char *)p);
}
uint32_t kinu_stack_size(void) { return (uint32_t)((char *)__stack_top - (char *)__stack_bottom); }
