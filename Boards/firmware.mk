# Kinu firmware build: Embedded Swift modules + board C startup, linked with ld.lld
# against newlib-nano and libgcc, for one board at a time (BOARD, default
# qemu-mps2-an386; its variables come from Boards/$(BOARD)/board.mk).
#
# Included by the top-level Makefile, or used on its own from anywhere:
#   make -f Boards/firmware.mk firmware              build/<board>/kinu.{elf,bin,map}
#   make -f Boards/firmware.mk firmware-smoke        build/<board>/smoke.{elf,bin,map}
#   make -f Boards/firmware.mk test-firmware-smoke   build and run the smoke app in QEMU
#
# Why swiftc and not SwiftPM: one explicit command per module keeps the Embedded flags,
# the object layout and the link line in plain sight, and needs no toolset file.

FW_THIS_MAKEFILE := $(lastword $(MAKEFILE_LIST))
FW_OUTER_DEFAULT_GOAL := $(.DEFAULT_GOAL)
KINU_ROOT := $(abspath $(dir $(FW_THIS_MAKEFILE))..)
BOARD     ?= qemu-mps2-an386
BOARD_DIR := $(KINU_ROOT)/Boards/$(BOARD)
FW_BUILD  := $(KINU_ROOT)/build/$(BOARD)
ALL_BOARDS := $(notdir $(patsubst %/board.mk,%,$(wildcard $(KINU_ROOT)/Boards/*/board.mk)))
ifeq ($(wildcard $(BOARD_DIR)/board.mk),)
$(error BOARD=$(BOARD) is not a board here (no Boards/$(BOARD)/board.mk); the boards are: $(ALL_BOARDS))
endif
include $(BOARD_DIR)/board.mk
# Defaults a board.mk may leave out: its app in App/, and no way to run it here (a real board).
BOARD_APP_DIR ?= $(BOARD_DIR)/App
BOARD_RUN     ?= false

# Rebuild everything when the build rules change.
FW_MAKEFILES := $(KINU_ROOT)/Boards/firmware.mk $(KINU_ROOT)/Boards/cortex-m4.mk $(BOARD_DIR)/board.mk

# ---- Toolchain --------------------------------------------------------------------
# swiftc, clang, ld.lld and llvm-objcopy from the Swift toolchain (the one on PATH, else
# /opt/swift); libgcc.a and libc_nano.a from Debian's arm-none-eabi packages, found by
# asking that gcc for the multilib matching the board's CPU flags.
SWIFT_BIN ?= $(or $(patsubst %/,%,$(dir $(realpath $(shell command -v swiftc)))),/opt/swift/usr/bin)
FW_SWIFTC  ?= $(SWIFT_BIN)/swiftc
FW_CLANG   ?= $(SWIFT_BIN)/clang
FW_LD      ?= $(SWIFT_BIN)/ld.lld
FW_OBJCOPY ?= $(SWIFT_BIN)/llvm-objcopy
FW_ARM_GCC ?= arm-none-eabi-gcc
FW_SIZE    ?= arm-none-eabi-size
# Deferred (=) so that host-only targets of the top-level Makefile never run them.
FW_LIBGCC   = $(shell $(FW_ARM_GCC) $(BOARD_CPUFLAGS) -print-libgcc-file-name)
FW_LIBC     = $(abspath $(shell $(FW_ARM_GCC) $(BOARD_CPUFLAGS) -print-file-name=libc_nano.a))

FW_SWIFTFLAGS = $(BOARD_SWIFTFLAGS) \
    -enable-experimental-feature Embedded -enable-experimental-feature Extern \
    -wmo -Osize -parse-as-library \
    -Xfrontend -disable-stack-protector -Xfrontend -function-sections \
    -module-cache-path $(FW_BUILD)/module-cache -I $(FW_BUILD) -Xcc -I$(FW_DSP_DIR)/include $(FW_SWIFT_EXTRA)
FW_CFLAGS = $(BOARD_CFLAGS) -DKINU_IRQ_COUNT=$(BOARD_IRQ_COUNT) -ffreestanding -Os -g -Wall -Wextra \
    -ffunction-sections -fdata-sections $(FW_C_EXTRA)
# --wrap: count malloc/free for the steady-state "no allocation" check (Boards/common/C/newlib-support.c).
# One linker script for every board; the board's memory.ld describes its memory.
FW_LDSCRIPT := $(KINU_ROOT)/Boards/common/cortex-m.ld
FW_LDFLAGS = -T $(FW_LDSCRIPT) -L $(BOARD_DIR) --gc-sections \
    --defsym=__stack_size=$(BOARD_STACK_SIZE) --defsym=__heap_size=$(BOARD_HEAP_SIZE) \
    --wrap=malloc --wrap=free $(FW_LD_EXTRA)

# ---- KinuDSP: C inner loops with the M4's DSP instructions (the core imports them) ----
# -O2 rather than -Os: these few loops are where the cycles go.
FW_DSP_DIR  ?= $(KINU_ROOT)/Firmware/DSP
FW_DSP_HEADERS := $(wildcard $(FW_DSP_DIR)/include/*) $(wildcard $(FW_DSP_DIR)/*.h)
FW_DSP_OBJS := $(patsubst $(FW_DSP_DIR)/%.c,$(FW_BUILD)/dsp/%.o,$(wildcard $(FW_DSP_DIR)/*.c))
$(FW_BUILD)/dsp/%.o: $(FW_DSP_DIR)/%.c $(FW_DSP_HEADERS) $(FW_MAKEFILES)
	@mkdir -p $(dir $@)
	$(FW_CLANG) $(FW_CFLAGS) -O2 -I$(FW_DSP_DIR)/include -c $< -o $@

# ---- Swift library modules ----------------------------------------------------------
# $(call fw_swift_module,Name,SourceFolder,Dependencies): compiles every .swift file
# under SourceFolder as module Name (whole-module, one object) into
# $(FW_BUILD)/Name.{o,swiftmodule}. A folder without Swift files declares nothing, so
# a module can be listed before its code exists. Every declared module is linked into
# every image (--gc-sections drops what an image does not use).
FW_MODULES :=
define fw_swift_module
ifneq ($$(shell find $(2) -name '*.swift' 2>/dev/null),)
FW_MODULES += $(1)
FW_SOURCES_$(1) := $$(shell find $(2) -name '*.swift' | sort)
$(FW_BUILD)/$(1).o $(FW_BUILD)/$(1).swiftmodule &: $$(FW_SOURCES_$(1)) $(2) $(FW_DSP_HEADERS) \
        $(foreach d,$(3),$(FW_BUILD)/$(d).swiftmodule) $(FW_MAKEFILES)
	@mkdir -p $(FW_BUILD)
	$$(FW_SWIFTC) $$(FW_SWIFTFLAGS) -module-name $(1) \
	    -emit-module -emit-module-path $(FW_BUILD)/$(1).swiftmodule \
	    -c $$(FW_SOURCES_$(1)) -o $(FW_BUILD)/$(1).o
endif
endef

# The folders can be overridden (e.g. to build a snapshot of the core elsewhere).
FW_CORE_DIR   ?= $(KINU_ROOT)/Firmware/Core
FW_DEVICE_DIR ?= $(KINU_ROOT)/Firmware/Device
$(eval $(call fw_swift_module,KinuCore,$(FW_CORE_DIR),))
$(eval $(call fw_swift_module,KinuDevice,$(FW_DEVICE_DIR),KinuCore))
# Drivers by layer (chip-independent, Cortex-M, one module per chip) and the shared board.
FW_DRIVERS_DIR ?= $(KINU_ROOT)/Firmware/Drivers
$(eval $(call fw_swift_module,KinuDrivers,$(FW_DRIVERS_DIR)/Common,KinuCore))
$(eval $(call fw_swift_module,KinuCortexM,$(FW_DRIVERS_DIR)/CortexM,KinuDrivers))
$(eval $(call fw_swift_module,KinuSTM32F4,$(FW_DRIVERS_DIR)/STM32F4,KinuDrivers KinuCortexM))
$(eval $(call fw_swift_module,KinuNRF52840,$(FW_DRIVERS_DIR)/NRF52840,KinuDrivers KinuCortexM))
$(eval $(call fw_swift_module,KinuBoard,$(KINU_ROOT)/Boards/common/Swift,KinuDevice KinuDrivers))

# ---- Board C objects ----------------------------------------------------------------
# Every board links the shared start-up code and libc hooks (Boards/common/C) and its own C.
FW_COMMON_C_SOURCES := $(wildcard $(KINU_ROOT)/Boards/common/C/*.c)
FW_BOARD_C_OBJS := $(patsubst $(BOARD_DIR)/C/%.c,$(FW_BUILD)/board/%.o,$(wildcard $(BOARD_DIR)/C/*.c)) \
                   $(patsubst $(KINU_ROOT)/Boards/common/C/%.c,$(FW_BUILD)/common/%.o,$(FW_COMMON_C_SOURCES))

$(FW_BUILD)/common/%.o: $(KINU_ROOT)/Boards/common/C/%.c $(FW_MAKEFILES)
	@mkdir -p $(dir $@)
	$(FW_CLANG) $(FW_CFLAGS) -c $< -o $@

$(FW_BUILD)/board/%.o: $(BOARD_DIR)/C/%.c $(wildcard $(BOARD_DIR)/C/*.h) $(FW_MAKEFILES)
	@mkdir -p $(dir $@)
	$(FW_CLANG) $(FW_CFLAGS) -c $< -o $@

# ---- Firmware images ----------------------------------------------------------------
# $(call fw_image,Name,AppFolder): the app module (the board's Swift drivers plus the
# app's own .swift files, one of them with @main) linked with all library modules and
# the board's C objects into $(FW_BUILD)/Name.{elf,bin,map}.
define fw_image
FW_APP_SOURCES_$(1) := $(BOARD_SWIFT_SOURCES) $$(shell find $(2) -name '*.swift' 2>/dev/null | sort)
FW_OBJS_$(1) := $(FW_BUILD)/$(1)/app.o $$(FW_MODULES:%=$(FW_BUILD)/%.o) $(FW_DSP_OBJS) $(FW_BOARD_C_OBJS)

$(FW_BUILD)/$(1)/app.o: $$(FW_APP_SOURCES_$(1)) $$(FW_MODULES:%=$(FW_BUILD)/%.swiftmodule) $(FW_MAKEFILES)
	@mkdir -p $$(dir $$@)
	$$(FW_SWIFTC) $$(FW_SWIFTFLAGS) -module-name KinuApp -c $$(FW_APP_SOURCES_$(1)) -o $$@

$(FW_BUILD)/$(1).elf: $$(FW_OBJS_$(1)) $(FW_LDSCRIPT) $(BOARD_DIR)/memory.ld $(FW_MAKEFILES)
	@test -f "$$(FW_LIBC)" -a -f "$$(FW_LIBGCC)" || { \
	    echo "firmware: libc_nano.a or libgcc.a not found; install gcc-arm-none-eabi and libnewlib-arm-none-eabi" >&2; exit 1; }
	$$(FW_LD) $$(FW_LDFLAGS) -Map=$(FW_BUILD)/$(1).map -o $$@ $$(FW_OBJS_$(1)) \
	    --start-group $$(FW_LIBC) $$(FW_LIBGCC) --end-group
	$$(FW_SIZE) $$@

$(FW_BUILD)/$(1).bin: $(FW_BUILD)/$(1).elf
	$$(FW_OBJCOPY) -O binary $$< $$@
endef

$(eval $(call fw_image,kinu,$(BOARD_APP_DIR)))
$(eval $(call fw_image,smoke,$(BOARD_DIR)/Smoke))
$(eval $(call fw_image,bench,$(BOARD_DIR)/Bench))

# ---- Targets ------------------------------------------------------------------------
.PHONY: firmware firmware-smoke test-firmware-smoke firmware-clean qemu-only

# First prerequisite of the targets that run firmware here: only the emulated board can.
qemu-only:
	@[ "$(BOARD_RUN)" != false ] && [ -d "$(BOARD_DIR)/Smoke" ] || { echo "$(MAKECMDGOALS): runs the firmware" \
	    "under QEMU, so BOARD=qemu-mps2-an386 (the default), not BOARD=$(BOARD)" >&2; exit 2; }

# Intel hex for flashing tools, when a board lists it in BOARD_FIRMWARE_EXTRA (real boards).
$(FW_BUILD)/%.hex: $(FW_BUILD)/%.elf
	$(FW_OBJCOPY) -O ihex $< $@

firmware: $(if $(filter no,$(BOARD_HAS_FIRMWARE)),,$(FW_BUILD)/kinu.elf $(FW_BUILD)/kinu.bin $(BOARD_FIRMWARE_EXTRA)) ## build/<board>/kinu.{elf,bin,map} for BOARD
	@$(if $(filter no,$(BOARD_HAS_FIRMWARE)),echo "firmware: BOARD=$(BOARD) has no firmware (it runs on the host:" \
	    "make run BOARD=$(BOARD)); pick a board: $(filter-out host,$(ALL_BOARDS))" >&2; exit 2,:)

firmware-smoke: qemu-only $(FW_BUILD)/smoke.elf $(FW_BUILD)/smoke.bin ## the smoke image, build/<board>/smoke.elf

# The smoke image checks itself; the script adds the cross-run checks. Logs: $(FW_BUILD)/smoke-test/.
test-firmware-smoke: qemu-only firmware-smoke ## the smoke image under QEMU: board layer, core, DSP kernels
	$(KINU_ROOT)/Tests/Firmware/smoke.sh $(FW_BUILD)/smoke.elf $(BOARD_RUN) $(FW_BUILD)/smoke-test

firmware-clean: ## remove build/<board>
	rm -rf $(FW_BUILD)

# Included: leave the includer's default goal alone. Alone (make -f): build firmware.
ifeq ($(abspath $(firstword $(MAKEFILE_LIST))),$(abspath $(FW_THIS_MAKEFILE)))
.DEFAULT_GOAL := firmware
else
.DEFAULT_GOAL := $(FW_OUTER_DEFAULT_GOAL)
endif
