/*
 * Reset and exception entry for the MPS2 AN386 (Cortex-M4F) under QEMU.
 *
 * This is the only code that must run before Swift can: it sets up memory the way
 * compiled code expects (.data copied, .bss zeroed, FPU on, stack painted) and then
 * calls the Swift `main`. Everything else lives in Swift (Boards/<board>/Swift).
 * No libc headers: the toolchain's clang has no newlib include path, and nothing here
 * needs more than <stdint.h>.
 */
#include <stdint.h>
#include "board_c.h"

extern uint32_t __stack_top[], __stack_bottom[];
extern uint32_t __data_start[], __data_end[], __data_load[];
extern uint32_t __bss_start[], __bss_end[];

extern int main(int argc, char **argv);

/* The stack region is reserved by the linker script, which cannot give an output
   section without inputs the right flags; this empty input makes .stack writable. */
__asm__(".section .stack,\"aw\",%nobits\n.previous");

#define REG32(addr) (*(volatile uint32_t *)(addr))
#define SCB_CPACR   REG32(0xE000ED88u)
#define SCB_CFSR    REG32(0xE000ED28u)
#define SCB_HFSR    REG32(0xE000ED2Cu)

/* Fill the unused part of the stack with a known word so kinu_stack_used() can find
   the deepest point the stack ever reached (high-water mark). */
static void paint_stack(void) {
    uint32_t *sp;
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    for (uint32_t *p = __stack_bottom; p < sp - 16; p++) *p = KINU_STACK_PAINT;
}

__attribute__((noreturn, used)) void Reset_Handler(void) {
    /* The FPU must be on before any code that might touch s-registers: the hard-float
       ABI lets the compiler use them for plain memcpy-like moves too. */
    SCB_CPACR |= 0xFu << 20;                     /* CP10 + CP11 full access */
    __asm__ volatile("dsb\n isb" ::: "memory");

    for (uint32_t *src = __data_load, *dst = __data_start; dst < __data_end;) *dst++ = *src++;
    for (uint32_t *dst = __bss_start; dst < __bss_end;) *dst++ = 0;
    paint_stack();

    int status = main(0, 0);
    kinu_exit(status);                           /* main returned: end the QEMU run */
}

/* ---- Faults: report and stop, so a crash fails a test instead of hanging it. ---- */

/* Called with the stacked exception frame {r0,r1,r2,r3,r12,lr,pc,xpsr}. Each run of
   eight dots in the message is replaced by the next value in hex. */
__attribute__((noreturn, used)) void kinu_fault_report(uint32_t *frame) {
    if (frame < __stack_bottom + 8) {  /* the frame could not even be stacked */
        kinu_semihost(KINU_SYS_WRITE0, "\n*** HardFault: stack overflow\n");
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

/* The fault report runs on its own small stack: after a stack overflow the main stack
   pointer is below RAM, and the semihosting exit needs a writable parameter block. */
__attribute__((used)) static uint64_t fault_stack[64];

/* Naked so the exception frame pointer is read before any prologue touches the stack:
   pick MSP or PSP from EXC_RETURN bit 2, switch to the fault stack, report. */
__attribute__((naked)) void HardFault_Handler(void) {
    __asm__ volatile(
        "tst lr, #4\n"
        "ite eq\n"
        "mrseq r0, msp\n"
        "mrsne r0, psp\n"
        "movw r1, #:lower16:(fault_stack + 512)\n"
        "movt r1, #:upper16:(fault_stack + 512)\n"
        "mov sp, r1\n"
        "b kinu_fault_report\n");
}

/* SysTick wraps every 2^24 ticks; counting wraps gives a 64-bit time base
   (Swift/SysTick.swift). */
static volatile uint32_t systick_wraps;
void SysTick_Handler(void) { systick_wraps++; }
uint32_t kinu_systick_wraps(void) { return systick_wraps; }

static void Unexpected_Handler(void) {
    kinu_semihost(KINU_SYS_WRITE0, "\n*** unexpected exception\n");
    kinu_exit(KINU_EXIT_FAULT);
}

/* Cortex-M vector table: initial SP, then the handlers. 16 system entries plus the
   first 32 AN386 interrupts (UARTs, timers, ...); none of those is enabled yet. */
typedef void (*vector_t)(void);
__attribute__((section(".vectors"), used)) const vector_t kinu_vectors[16 + 32] = {
    [0] = (vector_t)__stack_top,
    [1] = Reset_Handler,
    [2] = Unexpected_Handler,   /* NMI */
    [3] = HardFault_Handler,
    [4] = HardFault_Handler,    /* MemManage (escalates to HardFault while disabled) */
    [5] = HardFault_Handler,    /* BusFault  */
    [6] = HardFault_Handler,    /* UsageFault, e.g. a Swift trap (udf) */
    [11] = Unexpected_Handler,  /* SVCall */
    [12] = Unexpected_Handler,  /* DebugMonitor */
    [14] = Unexpected_Handler,  /* PendSV */
    [15] = SysTick_Handler,
    [16 ... 47] = Unexpected_Handler,
};
