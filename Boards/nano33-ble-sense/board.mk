# Board: Arduino Nano 33 BLE Sense (nRF52840: Cortex-M4F at 64 MHz, 1 MB flash, 256 KB RAM),
# flashed after Arduino's bootloader (0x0-0xFFFF). Variables for Boards/firmware.mk;
# README.md beside this file has the wiring, LEDs, flashing and what was verified.

include $(KINU_ROOT)/Boards/cortex-m4.mk
BOARD_IRQ_COUNT    := 48   # interrupts after the 16 system vectors

# The real boards share their console and halt (Boards/common/App).
BOARD_SWIFT_SOURCES := $(wildcard $(KINU_ROOT)/Boards/common/App/*.swift)

# Memory (memory.ld). The device allocates about 53 KB at start-up (QEMU heap_peak); the
# heap reservation leaves room to grow.
BOARD_STACK_SIZE ?= 16384
BOARD_HEAP_SIZE  ?= 131072

BOARD_APP_DIR ?= $(BOARD_DIR)/App
BOARD_FIRMWARE_EXTRA := $(FW_BUILD)/kinu.bin $(FW_BUILD)/kinu.hex

# Image checks (Boards/check-image.sh): code from 0x10000 up to the model slots at 0xE0000.
BOARD_FLASH_ORIGIN := 0x00010000
BOARD_FLASH_SIZE   := 0xD0000
BOARD_RAM_REGIONS  := 0x20000000:0x40000

# `make flash`: bossac over USB (Arduino bootloader) by default, FLASHER=openocd with a probe.
BOARD_FLASHERS := bossac openocd
BOARD_RUN := false
