/*
 * Reset and exception entry for every Kinu board (Cortex-M4F). Sets up memory the way
 * compiled code expects (FPU on, .data copied, .bss zeroed, stack painted for the
 * high-water mark), leaves nothing of a bootloader's running, and calls the Swift `main`.
 * Everything else is Swift. No libc headers: nothing here needs more than <stdint.h>.
 *
 * A board adds, in its own C file:
 *   void kinu_board_fault(const uint32_t *frame)  what a fault (or halt) does: light an
 *       LED, or report and end the run; frame = the stacked {r0-r3, r12, lr, pc, xpsr},
 *       NULL for kinu_halt(). Default: stop.
 *   void kinu_board_exit(int status)  main returned (only the QEMU board's app does).
 * and KINU_IRQ_COUNT, the chip's interrupt count, through BOARD_CFLAGS.
 */
#include <stdint.h>

#ifndef KINU_IRQ_COUNT
#error "the board must define KINU_IRQ_COUNT (its chip's interrupt count) in BOARD_CFLAGS"
#endif

extern uint32_t __stack_top[], __stack_bottom[];
extern uint32_t __data_start[], __data_end[], __data_load[];
extern uint32_t __bss_start[], __bss_end[];
extern int main(int argc, char **argv);

/* Gives the linker script's .stack output section writable, no-load flags. */
__asm__(".section .stack,\"aw\",%nobits\n.previous");

#define REG32(addr) (*(volatile uint32_t *)(addr))
#define SCB_VTOR    REG32(0xE000ED08u)        /* ARMv7-M ARM §B3.2.5 */
#define SCB_CPACR   REG32(0xE000ED88u)
#define SYST_CSR    REG32(0xE000E010u)
#define NVIC_ICER(n) REG32(0xE000E180u + 4u * (n))
#define NVIC_ICPR(n) REG32(0xE000E280u + 4u * (n))
#define KINU_STACK_PAINT 0xA5A5A5A5u

typedef void (*vector_t)(void);
extern const vector_t kinu_vectors[];

__attribute__((weak, noreturn)) void kinu_board_fault(const uint32_t *frame) {
    (void)frame;
    for (;;) __asm__ volatile("wfi");
}

__attribute__((weak)) void kinu_board_exit(int status) { (void)status; }

/* The deepest point the stack reached is the first word from the bottom that no longer
   holds the paint (kinu_stack_used). */
static void paint_stack(void) {
    uint32_t *sp;
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    for (uint32_t *p = __stack_bottom; p < sp - 16; p++) *p = KINU_STACK_PAINT;
}

uint32_t kinu_stack_used(void) {
    uint32_t *p = __stack_bottom;
    while (p < __stack_top && *p == KINU_STACK_PAINT) p++;
    return (uint32_t)((char *)__stack_top - (char *)p);
}
uint32_t kinu_stack_size(void) { return (uint32_t)((char *)__stack_top - (char *)__stack_bottom); }

__attribute__((noreturn, used)) void Reset_Handler(void) {
    __asm__ volatile("cpsid i" ::: "memory");   /* nothing of a bootloader's may interrupt */
    SCB_VTOR = (uint32_t)kinu_vectors;          /* a bootloader may leave its own table */
    /* The FPU must be on before any code that might touch s-registers: the hard-float
       ABI lets the compiler use them for plain memcpy-like moves too. */
    SCB_CPACR |= 0xFu << 20;                     /* CP10 + CP11 full access */
    __asm__ volatile("dsb\n isb" ::: "memory");
    for (uint32_t *src = __data_load, *dst = __data_start; dst < __data_end;) *dst++ = *src++;
    for (uint32_t *dst = __bss_start; dst < __bss_end;) *dst++ = 0;
    paint_stack();
    /* A bootloader may leave interrupts enabled or pending and SysTick running: every
       IRQ vector here is the fault handler, so switch them all off before interrupts
       come back on. Only SysTick is used (started by Swift). */
    for (uint32_t i = 0; i < (KINU_IRQ_COUNT + 31) / 32; i++) {
        NVIC_ICER(i) = 0xFFFFFFFFu;
        NVIC_ICPR(i) = 0xFFFFFFFFu;
    }
    SYST_CSR = 0;
    __asm__ volatile("dsb\n isb\n cpsie i" ::: "memory");
    kinu_board_exit(main(0, 0));
    for (;;) __asm__ volatile("wfi");
}

/* The fault hook runs on its own small stack: after a stack overflow the main stack
   pointer is below RAM. */
__attribute__((used)) static uint64_t fault_stack[64];

/* Naked so the exception frame pointer is read before any prologue touches the stack:
   pick MSP or PSP from EXC_RETURN bit 2, switch to the fault stack, call the hook (which
   gets NULL if the frame could not even be stacked). */
__attribute__((noreturn, used)) static void fault_entry(uint32_t *frame) {
    kinu_board_fault(frame < __stack_bottom + 8 ? 0 : frame);
}

__attribute__((naked)) void HardFault_Handler(void) {
    __asm__ volatile(
        "tst lr, #4\n"
        "ite eq\n"
        "mrseq r0, msp\n"
        "mrsne r0, psp\n"
        "movw r1, #:lower16:(fault_stack + 512)\n"
        "movt r1, #:upper16:(fault_stack + 512)\n"
        "mov sp, r1\n"
        "b fault_entry\n");
}

/* Swift's halt(): the board's fault behaviour, without a frame. */
__attribute__((noreturn)) void kinu_halt(void) { kinu_board_fault(0); }

/* SysTick interrupts since it started: milliseconds on the real boards (1 kHz), wraps of
   the 24-bit counter on QEMU (a 64-bit time base, Swift/SysTick.swift). */
static volatile uint32_t systick_count;
void SysTick_Handler(void) { systick_count++; }
uint32_t kinu_systick_count(void) { return systick_count; }

/* 16 system entries + the chip's interrupts; none is enabled, so every entry but reset
   and SysTick is a fault (a Swift trap is a UsageFault: udf). */
__attribute__((section(".vectors"), used)) const vector_t kinu_vectors[16 + KINU_IRQ_COUNT] = {
    [0] = (vector_t)__stack_top,
    [1] = Reset_Handler,
    [2 ... 14] = HardFault_Handler,
    [15] = SysTick_Handler,
    [16 ... 15 + KINU_IRQ_COUNT] = HardFault_Handler,
};
