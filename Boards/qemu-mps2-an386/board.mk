# Board: Arm MPS2 with the AN386 FPGA image (Cortex-M4F, FPv4-SP), as emulated by
# `qemu-system-arm -M mps2-an386`. Variables for Boards/firmware.mk; BOARD_DIR is set
# by it. See README.md beside this file.

include $(KINU_ROOT)/Boards/cortex-m4.mk
BOARD_IRQ_COUNT    := 32   # interrupts after the 16 system vectors

# Swift drivers of the emulated board (C/support.c: semihosting trap, fault report).
BOARD_SWIFT_SOURCES := $(wildcard $(BOARD_DIR)/Swift/*.swift)

# Memory. Sizes are explicit so exceeding the budget fails the link, not the device.
BOARD_STACK_SIZE ?= 16384
# Heap: the device app allocates its model (31 KB, kept in its image layout so it is saved
# in place) and the listener at start-up, about 53 KB (make bench-firmware: heap peak); the
# benchmark app also keeps a few recorded events. 128 KB leaves room for both.
BOARD_HEAP_SIZE  ?= 131072

# The app linked into kinu.elf by `make firmware`: the Kinu device (App/README.md).
BOARD_APP_DIR ?= $(BOARD_DIR)/App

# How to run an ELF: run.sh [-t seconds] [-i] firmware.elf [firmware args...]
BOARD_RUN := $(BOARD_DIR)/run.sh
