/*
 * The few board services that need C (inline assembly, linker symbols, libc hooks).
 * Swift reaches them through @_extern(c) declarations in Swift/Runtime.swift; keep the
 * two in sync.
 */
#ifndef KINU_BOARD_C_H
#define KINU_BOARD_C_H
#include <stdint.h>
#include <stddef.h>

/* Arm semihosting operation numbers used by the board. */
#define KINU_SYS_WRITE0         0x04u
#define KINU_SYS_EXIT_EXTENDED  0x20u
#define KINU_ADP_APPLICATION_EXIT 0x20026u

/* Exit status of a run that ended in a fault (support.c). */
#define KINU_EXIT_FAULT 70

/* Semihosting call: r0 = op, r1 = arg; returns r0. */
uint32_t kinu_semihost(uint32_t op, const void *arg);

/* Ends the run with `status` as QEMU's exit code (semihosting SYS_EXIT_EXTENDED). */
__attribute__((noreturn)) void kinu_exit(int status);

#endif
