# Board: STM32F4-Discovery (STM32F407VG: Cortex-M4F at 168 MHz, 1 MB flash, 128 KB SRAM +
# 64 KB CCM RAM). Variables for Boards/firmware.mk; BOARD_DIR is set by it. README.md
# beside this file has the wiring, LEDs, flashing and what was verified.

include $(KINU_ROOT)/Boards/cortex-m4.mk
BOARD_IRQ_COUNT    := 82   # interrupts after the 16 system vectors

# The real boards share their console and halt (Boards/common/App).
BOARD_SWIFT_SOURCES := $(wildcard $(KINU_ROOT)/Boards/common/App/*.swift)

# Memory (memory.ld): stack in CCM RAM, .data/.bss/heap in SRAM (the DMA reaches SRAM only).
# The device allocates about 53 KB at start-up (model and listener: measured under QEMU as
# heap_peak), plus 4 KB of microphone DMA buffers; the reservation leaves room to grow.
BOARD_STACK_SIZE ?= 16384
BOARD_HEAP_SIZE  ?= 106496

BOARD_APP_DIR ?= $(BOARD_DIR)/App
BOARD_FIRMWARE_EXTRA := $(FW_BUILD)/kinu.bin $(FW_BUILD)/kinu.hex

# Image checks (Boards/check-image.sh): where flash and RAM are, and how big.
BOARD_FLASH_ORIGIN := 0x08000000
BOARD_FLASH_SIZE   := 0xC0000
BOARD_RAM_REGIONS  := 0x20000000:0x20000 0x10000000:0x10000

# `make flash`: st-flash (stlink-tools) by default, FLASHER=openocd for OpenOCD.
BOARD_FLASHERS := st-flash openocd
BOARD_RUN := false
