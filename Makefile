# Kinu: a learning sound device. `make help` lists every target.
# Firmware rules (images, smoke test) are in Boards/firmware.mk; test logic is in Tests/.

SHELL := /bin/bash
SWIFT ?= swift
DATA  ?= ../shared/data/fsdd/recordings

.DEFAULT_GOAL := help

# Debian packages the project needs: the Arm linker inputs (libgcc, newlib-nano), QEMU
# for the emulated board, sox/espeak-ng for test and demo audio, ALSA for the simulator,
# python3 for the firmware tests' helpers.
DEB_PACKAGES := gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm \
                sox espeak-ng libasound2-dev pkg-config tmux python3

include Boards/firmware.mk
include Tests/Fuzz/fuzz.mk

# SwiftPM's debug binary folder, asked once and only when a recipe needs it.
HOST_BIN = $(eval HOST_BIN := $(shell $(SWIFT) build --show-bin-path))$(HOST_BIN)
KINU_RUN = $(HOST_BIN)/kinu-run
KINU_SIM = $(HOST_BIN)/kinu-sim
# SwiftPM's progress lines, hidden when a tool is built on the side.
SWIFTPM_NOISE := '^(\[|Building|Build of|Compiling|Write|Planning|Fetching|Computing|Fetched|Creating|Working)'

.PHONY: help deps build test test-host test-make test-firmware test-firmware-device test-firmware-kill \
        test-boards check-image bench bench-accuracy bench-cost bench-firmware profile-firmware \
        bench-sim-eval run run-check sim demo kinu-run kinu-sim flash flash-check real-board-only clean

help: ## this list
	@echo "Kinu targets (BOARD=$(BOARD); boards: $(ALL_BOARDS)):"
	@awk -F':.*## ' '/^[a-z-]+:.*## / { printf "  make %-20s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

# ---- Set-up and build -------------------------------------------------------------------
deps: ## install missing Debian packages (apt-get); quiet when all are there
	@command -v $(SWIFT) >/dev/null || { echo "deps: Swift 6.3 is needed (https://swift.org/install); put 'swift' on PATH" >&2; exit 1; }
	@missing=$$(for p in $(DEB_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	    echo "deps: installing" $$missing; \
	    sudo=; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
	    $$sudo apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing >/dev/null || \
	    { echo "deps: apt-get failed; install by hand: $$missing" >&2; exit 1; }; \
	fi

build: deps ## host build (library, tools, tests) and the firmware of BOARD
	$(SWIFT) build
	$(MAKE) firmware

kinu-run: ## build the host runner (.build/debug/kinu-run)
	@$(SWIFT) build --product kinu-run 2>&1 | grep -Ev $(SWIFTPM_NOISE) >&2 || true
	@test -x "$(KINU_RUN)" || { echo "kinu-run did not build" >&2; exit 1; }

kinu-sim: ## build the simulator (.build/debug/kinu-sim)
	@$(SWIFT) build --product kinu-sim 2>&1 | grep -Ev $(SWIFTPM_NOISE) >&2 || true
	@test -x "$(KINU_SIM)" || { echo "kinu-sim did not build" >&2; exit 1; }

clean: firmware-clean ## remove every build product
	rm -rf .build build

# ---- Tests ------------------------------------------------------------------------------
test: deps test-host test-firmware test-make ## everything CI runs: host tests, firmware under QEMU, board images, make demo/run

# The host tests take about a minute; a test that hangs fails the run after 20 minutes
# (with the tests that did finish printed) instead of stalling CI.
test-host: ## host tests (swift test)
	$(SWIFT) build --build-tests
	timeout --kill-after=30 20m $(SWIFT) test --skip-build || \
	    { status=$$?; [ $$status -ne 124 ] || echo "test-host: the host tests did not finish within 20 minutes" >&2; exit $$status; }

# The emulated board runs the firmware tests whatever BOARD says (it may be exported for flashing).
ifeq ($(BOARD),qemu-mps2-an386)
test-firmware: test-firmware-smoke test-firmware-device test-firmware-kill test-boards ## all firmware tests
else
test-firmware:
	@$(MAKE) --no-print-directory test-firmware BOARD=qemu-mps2-an386
endif

# Host runner and firmware on the same WAV + script must log the same lines and save the
# same model, and the firmware must not allocate after start-up.
test-firmware-device: qemu-only kinu-run firmware ## host runner and QEMU firmware: same logs, same model
	Tests/Firmware/device-equivalence.sh "$(KINU_RUN)" $(FW_BUILD)/kinu.elf $(BOARD_RUN) \
	    $(abspath $(DATA)) $(FW_BUILD)/device-test

KILLS ?= 20
test-firmware-kill: qemu-only kinu-run firmware ## QEMU killed mid-save KILLS times: the model survives
	Tests/Firmware/qemu-kill-during-save.py "$(KINU_RUN)" $(FW_BUILD)/kinu.elf $(BOARD_RUN) $(FW_BUILD)/kill-test $(KILLS)

test-boards: ## build the real boards' images, check them, and the flash command
	@for b in $(REAL_BOARDS); do $(MAKE) --no-print-directory check-image BOARD=$$b || exit 1; done
	@Tests/Firmware/nano-flash-command.sh build/nano33-ble-sense/flash-test

test-make: ## make demo and make run as the README shows them (piped, in a terminal, paths with spaces)
	@Tests/Make/run-and-demo.sh build/make-test

check-image: real-board-only firmware ## vector table, memory fit, undefined symbols, sizes of BOARD's image
	@Boards/check-image.sh $(FW_BUILD)/kinu.elf $(BOARD_FLASH_ORIGIN) $(BOARD_FLASH_SIZE) $(BOARD_RAM_REGIONS)

# ---- Running the device -----------------------------------------------------------------
# The host runner (BOARD=host) or the QEMU firmware on a WAV file, with an optional button
# script; both print the same JSON log. MODEL=file keeps what was learned across runs
# (default build/<board>/model.bin, MODEL=- for none; for QEMU the file is the board's
# flash image). For QEMU, REALTIME=1 paces the audio at 16 kHz so keys typed on the
# console can be used (Boards/qemu-mps2-an386/App/README.md lists them).
MODEL    ?= build/$(BOARD)/model.bin
RUN_MODEL = $(if $(filter -,$(MODEL)),,$(MODEL))
RUN_NEEDS = run-check kinu-run $(if $(filter host,$(BOARD)),,firmware)

# Paths are quoted for the host runner, so they may hold spaces; QEMU hands its arguments
# to the firmware split at spaces, so run-check refuses such paths there.
run: $(RUN_NEEDS) ## the device on AUDIO=x.wav [EVENTS=y.txt] (BOARD=host or qemu-mps2-an386)
	@mkdir -p $(FW_BUILD)/run $(if $(RUN_MODEL),"$$(dirname "$(RUN_MODEL)")")
ifeq ($(BOARD),host)
	@"$(KINU_RUN)" $(if $(EVENTS),--events "$(EVENTS)") $(if $(RUN_MODEL),--model "$(RUN_MODEL)") "$(AUDIO)"
else
	@"$(KINU_RUN)" --to-raw $(FW_BUILD)/run/audio.raw "$(AUDIO)"
	@set -o pipefail; $(BOARD_RUN) -t $(if $(REALTIME),0,600) $(FW_BUILD)/kinu.elf $(FW_BUILD)/run/audio.raw \
	    $(if $(EVENTS),$(abspath $(EVENTS)),-) $(if $(RUN_MODEL),$(abspath $(RUN_MODEL)),-) $(if $(REALTIME),realtime) | tr -d '\r'
endif

# Before anything is built: what `run` needs.
run-check:
	@test -n "$(AUDIO)" || { echo "run: give AUDIO=file.wav (and EVENTS=script.txt)" >&2; exit 2; }
	@[ "$(BOARD)" = host ] || [ "$(BOARD_RUN)" != false ] || { echo "run: BOARD=$(BOARD) is a real board;" \
	    "run the device here with BOARD=host or BOARD=qemu-mps2-an386, or flash it: make flash BOARD=$(BOARD)" >&2; exit 2; }
	@[ "$(BOARD)" = host ] || [ -z "$(strip $(word 2,$(EVENTS))$(word 2,$(RUN_MODEL)))" ] || { echo "run: QEMU passes" \
	    "the script and model paths to the firmware split at spaces; use paths without spaces (or BOARD=host)" >&2; exit 2; }

# ---- Simulator --------------------------------------------------------------------------
SIM_MODEL ?= build/sim/model.kinu
SIM_ARGS  ?=

# With no capture device kinu-sim says so in one line (pointing to make demo) and exits 3.
sim: deps kinu-sim ## the simulator on your microphone (SIM_ARGS="--device hw:1,0")
	@mkdir -p $(dir $(SIM_MODEL))
	@"$(KINU_SIM)" run --model $(SIM_MODEL) $(SIM_ARGS)

# Not on a terminal (piped, in a script): the device's log instead of the live interface.
demo: deps kinu-sim ## the simulator on a made-up session (no microphone needed; SIM_ARGS too)
	@HostSim/Demo/make-demo-session.sh build/demo >/dev/null
	@if [ -t 0 ] && [ -t 1 ]; then live=; else live="--headless --fast"; fi; \
	"$(KINU_SIM)" run --input build/demo/session.wav --events build/demo/events.txt --log build/demo/log.jsonl \
	    $$live $(SIM_ARGS)

# ---- Benchmarks -------------------------------------------------------------------------
bench: deps ## accuracy + host cost benchmarks (DATA=DIR, default ../shared/data/fsdd/recordings)
	$(SWIFT) build -c release --product kinu-bench
	.build/release/kinu-bench all --data $(DATA) --noisy

bench-accuracy: deps ## accuracy only; DATA=DIR for another FSDD-style folder
	$(SWIFT) build -c release --product kinu-bench
	.build/release/kinu-bench accuracy --data $(DATA)

bench-cost: deps ## host time per stage and model memory
	$(SWIFT) build -c release --product kinu-bench
	.build/release/kinu-bench cost

bench-firmware: qemu-only deps kinu-run firmware $(FW_BUILD)/bench.elf ## instructions per stage on the emulated Cortex-M4, flash and RAM
	Boards/qemu-mps2-an386/bench-firmware.sh $(FW_BUILD)/bench.elf $(FW_BUILD)/kinu.elf $(BOARD_RUN) \
	    "$(KINU_RUN)" $(FW_BUILD)/bench-run

# The benchmark image on the first 2 s of the benchmark speech, traced by QEMU (a few
# seconds; the trace is ~90 MB, removed).
profile-firmware: bench-firmware ## where the firmware front end's instructions go, per function
	@cd $(FW_BUILD)/bench-run && head -c 64000 audio.raw > profile.raw && : > empty.raw && \
	QEMU_EXTRA="-d in_asm,exec,nochain -D $(FW_BUILD)/bench-run/trace.log" $(BOARD_RUN) -t 300 -i $(FW_BUILD)/bench.elf \
	    profile.raw empty.raw | tr -d '\r' | grep '^bench frontend' || true
	@python3 tools/firmware_profile.py $(FW_BUILD)/bench-run/trace.log $(FW_BUILD)/bench.elf 15
	@rm -f $(FW_BUILD)/bench-run/trace.log

bench-sim-eval: deps ## kinu-sim eval over all of DATA (k=5, 5 seeds, per speaker), timed on one core
	@$(SWIFT) build -c release --product kinu-sim 2>&1 | grep -E 'error|warning: ' >&2 || true
	@test -d "$(DATA)" || { echo "bench-sim-eval: no data at $(DATA) (../shared/data/fsdd); give DATA=DIR" >&2; exit 1; }
	@start=$$(date +%s.%N); \
	taskset -c 0 $$($(SWIFT) build -c release --show-bin-path)/kinu-sim eval $(DATA) --shots 5 --seeds 5 --per-group || exit 1; \
	end=$$(date +%s.%N); awk "BEGIN { printf \"bench-sim-eval: %.1f s on one core (limit 60 s)\\n\", $$end - $$start }"

# ---- Flashing a real board --------------------------------------------------------------
# st-flash (stlink-tools) for the Discovery, Arduino's bossac for the Nano, FLASHER=openocd
# with a probe for either. The flashing tools are not in DEB_PACKAGES: `make flash` says
# what to install.
REAL_BOARDS := stm32f4-discovery nano33-ble-sense
FLASHER     ?= $(firstword $(BOARD_FLASHERS))
PORT        ?= /dev/ttyACM0
OPENOCD_INTERFACE ?= interface/cmsis-dap.cfg
OPENOCD_ARGS_stm32f4-discovery := -f board/stm32f4discovery.cfg
OPENOCD_ARGS_nano33-ble-sense  := -f $(OPENOCD_INTERFACE) -f target/nrf52.cfg

FLASH_CMD_st-flash := st-flash --reset write $(FW_BUILD)/kinu.bin $(BOARD_FLASH_ORIGIN)
# No --offset: Arduino's bootloader adds 0x10000 to every address itself (its own upload
# recipe passes none); $$bossac is the one find-bossac.sh accepted.
FLASH_CMD_bossac   := $$bossac --port=$(PORT) -U -i -e -w -R $(FW_BUILD)/kinu.bin
FLASH_CMD_openocd  := openocd $(OPENOCD_ARGS_$(BOARD)) -c "program $(FW_BUILD)/kinu.elf verify reset exit"
FLASH_PACKAGE_st-flash := stlink-tools
FLASH_PACKAGE_openocd  := openocd

# Checked before the image is built: the board, the flasher, and what it needs plugged in.
flash-check: real-board-only
	@case " $(BOARD_FLASHERS) " in *" $(FLASHER) "*) ;; *) \
	    echo "flash: FLASHER=$(FLASHER) is not supported for $(BOARD); use one of: $(BOARD_FLASHERS)" >&2; exit 2;; esac
	@[ "$(FLASHER)" = bossac ] || command -v $(FLASHER) >/dev/null || { \
	    echo "flash: '$(FLASHER)' is not installed. Install it with: sudo apt-get install $(FLASH_PACKAGE_$(FLASHER))" >&2; exit 1; }
	@[ "$(FLASHER)" != openocd ] || [ -n "$(OPENOCD_ARGS_$(BOARD))" ] || { \
	    echo "flash: no OpenOCD configuration for $(BOARD): set OPENOCD_ARGS_$(BOARD) in the Makefile" >&2; exit 2; }
	@if [ "$(FLASHER)" = st-flash ] && ! st-info --probe 2>/dev/null | grep -q 'serial'; then \
	    echo "flash: no ST-LINK found. Connect the Discovery's ST-LINK USB port (mini-B, CN1) and check" >&2; \
	    echo "       that the two CN3 jumpers are on; 'st-info --probe' must list it." >&2; exit 1; fi
	@if [ "$(FLASHER)" = bossac ]; then Boards/$(BOARD)/find-bossac.sh > /dev/null || exit 1; \
	    [ -e "$(PORT)" ] || { \
	    echo "flash: $(PORT) does not exist. Connect the Nano by USB and double-tap its reset button" >&2; \
	    echo "       (the orange LED pulses: bootloader), then retry, with PORT=/dev/ttyACMn if it differs." >&2; exit 1; }; \
	    [ -w "$(PORT)" ] || { \
	    echo "flash: you may not write to $(PORT). Join the dialout group (sudo usermod -aG dialout $$USER," >&2; \
	    echo "       then log in again), or install Arduino's udev rules (post_install.sh of its nRF52 core)." >&2; exit 1; }; fi

flash: flash-check firmware ## write the image to BOARD (PORT=, FLASHER=openocd, BOSSAC=)
	@[ "$(FLASHER)" != bossac ] || bossac=$$(Boards/$(BOARD)/find-bossac.sh) || exit 1; \
	printf '%s\n' "$(subst ",\",$(FLASH_CMD_$(FLASHER)))"; \
	$(FLASH_CMD_$(FLASHER)) || { echo "flash: $(FLASHER) failed; is the board connected and powered? (Boards/$(BOARD)/README.md)" >&2; exit 1; }

# A board that is flashed (it has a flasher and flash to check), not the emulated one or the host.
real-board-only:
	@test -n "$(BOARD_FLASHERS)" -a -n "$(BOARD_FLASH_ORIGIN)" || { \
	    echo "$(firstword $(MAKECMDGOALS)): BOARD=$(BOARD) is not a real board; use one of: $(REAL_BOARDS)" >&2; exit 2; }
