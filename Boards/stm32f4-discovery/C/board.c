/*
 * The Discovery's part of the start-up code (Boards/common/C/cortex-m-startup.c): a
 * fault, a Swift trap or halt() lights the red LED (PD14) and stops, visible without a
 * debugger; with one, the stacked pc tells where.
 */
#include <stdint.h>

#define REG32(addr) (*(volatile uint32_t *)(addr))
#define RCC_AHB1ENR REG32(0x40023830u)       /* RM0090 §7.3.10 */
#define GPIOD_MODER REG32(0x40020C00u)       /* RM0090 §8.4 */
#define GPIOD_BSRR  REG32(0x40020C18u)

__attribute__((noreturn)) void kinu_board_fault(const uint32_t *frame) {
    (void)frame;
    RCC_AHB1ENR |= 1u << 3;
    GPIOD_MODER = (GPIOD_MODER & ~(3u << 28)) | (1u << 28);
    GPIOD_BSRR = 1u << 14;
    for (;;) __asm__ volatile("wfi");
}
