/*
 * Reset and exception entry for the STM32F407 (Cortex-M4F). Sets up memory the way
 * compiled code expects (FPU on, .data copied, .bss zeroed) and calls the Swift `main`.
 * Clocks, pins and peripherals are set up in Swift (App/, Firmware/Drivers).
 */
#include <stdint.h>

extern uint32_t __stack_top[];
extern uint32_t __data_start[], __data_end[], __data_load[];
extern uint32_t __bss_start[], __bss_end[];
extern int main(int argc, char **argv);

/* Gives the linker script's .stack output section writable, no-load flags. */
__asm__(".section .stack,\"aw\",%nobits\n.previous");

#define REG32(addr) (*(volatile uint32_t *)(addr))
#define SCB_CPACR   REG32(0xE000ED88u)       /* PM0214 §4.6.1 */
#define GPIOD_MODER REG32(0x40020C00u)       /* RM0090 §8.4 */
#define GPIOD_BSRR  REG32(0x40020C18u)
#define RCC_AHB1ENR REG32(0x40023830u)

__attribute__((noreturn, used)) void Reset_Handler(void) {
    /* FPU first: the hard-float ABI lets the compiler use s-registers anywhere. */
    SCB_CPACR |= 0xFu << 20;
    __asm__ volatile("dsb\n isb" ::: "memory");
    for (uint32_t *src = __data_load, *dst = __data_start; dst < __data_end;) *dst++ = *src++;
    for (uint32_t *dst = __bss_start; dst < __bss_end;) *dst++ = 0;
    main(0, 0);
    for (;;) __asm__ volatile("wfi");        /* the device loop never returns */
}

/* A fault (or a Swift trap) lights the red LED (PD14) and stops: visible without a
   debugger; with one, the stacked pc tells where. */
__attribute__((noreturn)) void kinu_halt(void) {
    RCC_AHB1ENR |= 1u << 3;
    GPIOD_MODER = (GPIOD_MODER & ~(3u << 28)) | (1u << 28);
    GPIOD_BSRR = 1u << 14;
    for (;;) __asm__ volatile("wfi");
}

/* Millisecond clock (SysTick at 1 kHz, started by Swift). */
static volatile uint32_t milliseconds;
void SysTick_Handler(void) { milliseconds++; }
uint32_t kinu_systick_count(void) { return milliseconds; }

/* 16 system entries + 82 STM32F407 interrupts (RM0090 §12.2 Table 61); none is
   enabled, so all of them may share the fault handler. */
typedef void (*vector_t)(void);
__attribute__((section(".vectors"), used)) const vector_t kinu_vectors[16 + 82] = {
    [0] = (vector_t)__stack_top,
    [1] = Reset_Handler,
    [2 ... 14] = kinu_halt,
    [15] = SysTick_Handler,
    [16 ... 97] = kinu_halt,
};
