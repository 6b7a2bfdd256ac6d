/*
 * The QEMU board's services in C: the semihosting trap, the end of a run, and its part
 * of the start-up code (Boards/common/C/cortex-m-startup.c): a fault reports where and
 * ends the run with status 70, so a crash fails a test instead of hanging it.
 */
#include "board_c.h"

/* `bkpt 0xAB` with r0 = operation and r1 = argument is the Arm semihosting trap on
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

/* main returned: end the QEMU run with its status. */
void kinu_board_exit(int status) { kinu_exit(status); }

#define REG32(addr) (*(volatile uint32_t *)(addr))
#define SCB_CFSR    REG32(0xE000ED28u)
#define SCB_HFSR    REG32(0xE000ED2Cu)

/* frame: the stacked {r0,r1,r2,r3,r12,lr,pc,xpsr}, NULL after a stack overflow (or from
   halt()). Each run of eight dots in the message is replaced by the next value in hex. */
__attribute__((noreturn)) void kinu_board_fault(const uint32_t *frame) {
    if (!frame) {
        kinu_semihost(KINU_SYS_WRITE0, "\n*** HardFault: stack overflow (or halt)\n");
        kinu_exit(KINU_EXIT_FAULT);
    }
    static char msg[] = "\n*** HardFault pc=........ lr=........ cfsr=........ hfsr=........\n";
    uint32_t values[4] = {frame[6], frame[5], SCB_CFSR, SCB_HFSR};
    int next = 0;
    for (char *c = msg; *c && next < 4; c++) {
        if (*c != '.') continue;
        for (int i = 0; i < 8; i++) c[i] = "0123456789abcdef"[(values[next] >> (28 - 4 * i)) & 0xF];
        c += 7;
        next++;
    }
    kinu_semihost(KINU_SYS_WRITE0, msg);
    kinu_exit(KINU_EXIT_FAULT);
}
