/*
 * Reset and exception entry for the nRF52840 (Cortex-M4F) behind Arduino's bootloader.
 * Points VTOR at this image's vector table (the bootloader may leave its own), turns
 * the FPU on, copies .data, zeroes .bss and calls the Swift `main`.
 */
#include <stdint.h>

extern uint32_t __stack_top[];
extern uint32_t __data_start[], __data_end[], __data_load[];
extern uint32_t __bss_start[], __bss_end[];
extern int main(int argc, char **argv);

__asm__(".section .stack,\"aw\",%nobits\n.previous");

#define REG32(addr) (*(volatile uint32_t *)(addr))
#define SCB_VTOR    REG32(0xE000ED08u)       /* ARMv7-M ARM §B3.2.5 */
#define SCB_CPACR   REG32(0xE000ED88u)
#define P0_DIRSET   REG32(0x50000518u)       /* nRF52840 PS §6.9.2 */
#define P0_OUTSET   REG32(0x50000508u)

typedef void (*vector_t)(void);
extern const vector_t kinu_vectors[];

__attribute__((noreturn, used)) void Reset_Handler(void) {
    __asm__ volatile("cpsid i" ::: "memory");   /* nothing of the bootloader's may interrupt */
    SCB_VTOR = (uint32_t)kinu_vectors;
    SCB_CPACR |= 0xFu << 20;
    __asm__ volatile("dsb\n isb" ::: "memory");
    for (uint32_t *src = __data_load, *dst = __data_start; dst < __data_end;) *dst++ = *src++;
    for (uint32_t *dst = __bss_start; dst < __bss_end;) *dst++ = 0;
    /* The bootloader may leave interrupts enabled or pending (USBD, POWER_CLOCK, RTC) and
     * SysTick running: every IRQ vector here is the fault handler, so switch them all off
     * and clear what is pending before interrupts come back on (ARMv7-M NVIC ICER/ICPR). */
    for (int i = 0; i < 2; i++) {
        *(volatile uint32_t *)(0xE000E180u + 4u * i) = 0xFFFFFFFFu;   /* NVIC_ICERn */
        *(volatile uint32_t *)(0xE000E280u + 4u * i) = 0xFFFFFFFFu;   /* NVIC_ICPRn */
    }
    *(volatile uint32_t *)0xE000E010u = 0;                             /* SysTick CSR */
    __asm__ volatile("dsb\n isb" ::: "memory");
    __asm__ volatile("cpsie i" ::: "memory");   /* SysTick only: NVIC interrupts stay off */
    main(0, 0);
    for (;;) __asm__ volatile("wfi");
}

/* A fault (or a Swift trap) lights the orange LED (P0.13) and stops. */
__attribute__((noreturn)) void kinu_halt(void) {
    P0_DIRSET = 1u << 13;
    P0_OUTSET = 1u << 13;
    for (;;) __asm__ volatile("wfi");
}

static volatile uint32_t milliseconds;
void SysTick_Handler(void) { milliseconds++; }
uint32_t kinu_systick_count(void) { return milliseconds; }

/* 16 system entries + 48 nRF52840 interrupts (PS §4.6 instantiation table). */
__attribute__((section(".vectors"), used)) const vector_t kinu_vectors[16 + 48] = {
    [0] = (vector_t)__stack_top,
    [1] = Reset_Handler,
    [2 ... 14] = kinu_halt,
    [15] = SysTick_Handler,
    [16 ... 63] = kinu_halt,
};
