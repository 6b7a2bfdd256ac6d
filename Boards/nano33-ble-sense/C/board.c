/*
 * The Nano's part of the start-up code (Boards/common/C/cortex-m-startup.c): a fault, a
 * Swift trap or halt() lights the orange LED (P0.13, active high) and stops.
 */
#include <stdint.h>

#define REG32(addr) (*(volatile uint32_t *)(addr))
#define P0_OUTSET   REG32(0x50000508u)       /* nRF52840 PS §6.9.2 */
#define P0_DIRSET   REG32(0x50000518u)

__attribute__((noreturn)) void kinu_board_fault(const uint32_t *frame) {
    (void)frame;
    P0_DIRSET = 1u << 13;
    P0_OUTSET = 1u << 13;
    for (;;) __asm__ volatile("wfi");
}
