# Kinu: a learning sound device. `make help` lists what is here.
#
#   make deps      install what is missing (Debian packages; idempotent, quiet when done)
#   make build     host build (library, tools, tests) and the firmware image
#   make test      everything CI runs: host tests, then the firmware under QEMU
#   make bench     benchmark figures (accuracy on ../shared/data/fsdd, host cost)

SHELL := /bin/bash
SWIFT ?= swift
DATA  ?= ../shared/data/fsdd/recordings

.DEFAULT_GOAL := help

# Debian packages the project needs: the Arm linker inputs (libgcc, newlib-nano), QEMU
# for the emulated board, sox/espeak-ng for test and demo audio, ALSA for the simulator.
DEB_PACKAGES := gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm \
                sox espeak-ng libasound2-dev pkg-config tmux

include Boards/firmware.mk

.PHONY: help deps build test test-host test-firmware bench bench-accuracy bench-cost clean

help:
	@echo "Kinu targets:"
	@echo "  make deps              install missing Debian packages (apt-get)"
	@echo "  make demo              the simulator on a made-up session (no microphone needed)"
	@echo "  make sim               the simulator on your microphone (SIM_ARGS=\"--device hw:1,0\")"
	@echo "  make test              host tests + firmware tests under QEMU + board image checks"
	@echo "  make build             build host tools and the firmware (BOARD=$(BOARD))"
	@echo "  make run BOARD=host|qemu-mps2-an386 AUDIO=x.wav EVENTS=y.txt   the device on a file"
	@echo "  make firmware BOARD=…  build/<board>/kinu.elf, .bin, .map (boards: $(filter-out host,$(notdir $(patsubst %/board.mk,%,$(wildcard Boards/*/board.mk)))))"
	@echo "  make flash BOARD=stm32f4-discovery|nano33-ble-sense   write the image to a board"
	@echo "  make bench             accuracy + host cost benchmarks (DATA=$(DATA))"
	@echo "  make bench-accuracy    accuracy only; DATA=DIR for another FSDD-style folder"
	@echo "  make bench-cost        host time per stage and model memory"
	@echo "  make bench-firmware    instructions per stage on the emulated Cortex-M4, flash and RAM"
	@echo "  make profile-firmware  where the firmware front end's instructions go, per function"
	@echo "  make bench-sim-eval    kinu-sim eval over all of DATA, timed on one core"

deps:
	@command -v $(SWIFT) >/dev/null || { echo "deps: Swift 6.3 is needed (https://swift.org/install); put 'swift' on PATH" >&2; exit 1; }
	@missing=$$(for p in $(DEB_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	    echo "deps: installing" $$missing; \
	    sudo=; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
	    $$sudo apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing >/dev/null || \
	    { echo "deps: apt-get failed; install by hand: $$missing" >&2; exit 1; }; \
	fi

build: deps
	$(SWIFT) build
	$(MAKE) firmware

test: deps test-host test-firmware

# The host tests take about a minute; a test that hangs fails the run after 20 minutes
# (with the tests that did finish printed) instead of stalling CI.
test-host:
	$(SWIFT) build --build-tests
	timeout --kill-after=30 20m $(SWIFT) test --skip-build || \
	    { status=$$?; [ $$status -ne 124 ] || echo "test-host: the host tests did not finish within 20 minutes" >&2; exit $$status; }

test-firmware: test-firmware-smoke

bench: deps
	$(SWIFT) build -c release --product kinu-bench
	.build/release/kinu-bench all --data $(DATA) --noisy

bench-accuracy: deps
	$(SWIFT) build -c release --product kinu-bench
	.build/release/kinu-bench accuracy --data $(DATA)

bench-cost: deps
	$(SWIFT) build -c release --product kinu-bench
	.build/release/kinu-bench cost

clean: firmware-clean
	rm -rf .build build

# ==== Device runs and device tests (issue 3) ============================================
#   make run BOARD=host AUDIO=x.wav EVENTS=y.txt            the device on the host (kinu-run)
#   make run BOARD=qemu-mps2-an386 AUDIO=x.wav EVENTS=y.txt the firmware under QEMU
# Both print the same JSON log. EVENTS is optional. MODEL=file keeps what was learned
# across runs (default build/<board>/model.bin, MODEL=- for none; for QEMU the file is the
# board's flash image, not a kinu-run model). For QEMU,
# REALTIME=1 paces the audio at 16 kHz so keys typed on the console can be used
# (Boards/qemu-mps2-an386/App/README.md lists them).
.PHONY: run kinu-run test-firmware-device
MODEL    ?= build/$(BOARD)/model.bin
KINU_RUN  = $(shell $(SWIFT) build --show-bin-path)/kinu-run
RUN_MODEL = $(if $(filter -,$(MODEL)),,$(abspath $(MODEL)))

kinu-run:
	@$(SWIFT) build --product kinu-run 2>&1 | grep -Ev '^(\[|Building|Build of|Compiling|Write|Planning)' >&2 || true
	@test -x "$(KINU_RUN)" || { echo "kinu-run did not build" >&2; exit 1; }

ifeq ($(BOARD),host)
run: kinu-run
	@test -n "$(AUDIO)" || { echo "run: give AUDIO=file.wav (and EVENTS=script.txt)" >&2; exit 2; }
	@$(if $(RUN_MODEL),mkdir -p $(dir $(RUN_MODEL)))
	@"$(KINU_RUN)" $(if $(EVENTS),--events $(EVENTS)) $(if $(RUN_MODEL),--model $(RUN_MODEL)) $(AUDIO)
else
run: kinu-run firmware
	@test -n "$(AUDIO)" || { echo "run: give AUDIO=file.wav (and EVENTS=script.txt)" >&2; exit 2; }
	@mkdir -p $(FW_BUILD)/run $(if $(RUN_MODEL),$(dir $(RUN_MODEL)))
	@"$(KINU_RUN)" --to-raw $(FW_BUILD)/run/audio.raw $(AUDIO)
	@set -o pipefail; $(BOARD_RUN) -t $(if $(REALTIME),0,600) $(FW_BUILD)/kinu.elf $(FW_BUILD)/run/audio.raw \
	    $(if $(EVENTS),$(abspath $(EVENTS)),-) $(or $(RUN_MODEL),-) $(if $(REALTIME),realtime) | tr -d '\r'
endif

# Host runner and firmware on the same WAV + script must log the same lines and save the
# same model, and the firmware must not allocate after start-up (Tests/Firmware/).
test-firmware-device: kinu-run firmware
	Tests/Firmware/device-equivalence.sh "$(KINU_RUN)" $(FW_BUILD)/kinu.elf $(BOARD_RUN) \
	    $(abspath $(DATA)) $(FW_BUILD)/device-test

test-firmware: test-firmware-device

# QEMU killed at random moments of saves: the next boot must restore the previous or the
# new model (KILLS=n kills, default 20).
.PHONY: test-firmware-kill
KILLS ?= 20
test-firmware-kill: kinu-run firmware
	Tests/Firmware/qemu-kill-during-save.py "$(KINU_RUN)" $(FW_BUILD)/kinu.elf $(BOARD_RUN) $(FW_BUILD)/kill-test $(KILLS)

test-firmware: test-firmware-kill

# ==== Firmware cost (issue 3) ============================================================
#   make bench-firmware    instructions per stage on the emulated Cortex-M4, flash and RAM
.PHONY: bench-firmware
$(eval $(call fw_image,bench,$(BOARD_DIR)/Bench))

bench-firmware: deps kinu-run firmware $(FW_BUILD)/bench.elf
	Boards/qemu-mps2-an386/bench-firmware.sh $(FW_BUILD)/bench.elf $(FW_BUILD)/kinu.elf $(BOARD_RUN) \
	    "$(KINU_RUN)" $(FW_BUILD)/bench-run

# Where the front end's instructions go, per function: the benchmark image on the first
# 2 s of the benchmark speech, traced by QEMU (a few seconds; the trace is ~90 MB, removed).
.PHONY: profile-firmware
profile-firmware: bench-firmware
	@cd $(FW_BUILD)/bench-run && head -c 64000 audio.raw > profile.raw && : > empty.raw && \
	QEMU_EXTRA="-d in_asm,exec,nochain -D $(FW_BUILD)/bench-run/trace.log" $(BOARD_RUN) -t 300 -i $(FW_BUILD)/bench.elf \
	    profile.raw empty.raw | tr -d '\r' | grep '^bench frontend' || true
	@python3 tools/firmware_profile.py $(FW_BUILD)/bench-run/trace.log $(FW_BUILD)/bench.elf 15
	@rm -f $(FW_BUILD)/bench-run/trace.log

# ==== Host simulator kinu-sim (issue 4) =================================================
#   make sim          the simulator on the default microphone (SIM_ARGS="--device hw:1,0 ...")
#   make demo         no microphone needed: a made-up session (espeak-ng, claps) played in real time
#   make bench-sim-eval   `kinu-sim eval` over all of $(DATA) (k=5, 5 seeds, per speaker) on one core
.PHONY: sim demo kinu-sim bench-sim-eval
KINU_SIM  = $(shell $(SWIFT) build --show-bin-path)/kinu-sim
SIM_MODEL ?= build/sim/model.kinu
SIM_ARGS  ?=

kinu-sim:
	@$(SWIFT) build --product kinu-sim 2>&1 | grep -Ev '^(\[|Building|Build of|Compiling|Write|Planning|Fetching|Computing|Fetched|Creating|Working)' >&2 || true
	@test -x "$(KINU_SIM)" || { echo "kinu-sim did not build" >&2; exit 1; }

# Exit status 3 means "no capture device here": kinu-sim has said so in one line (and
# pointed to make demo), so make adds nothing.
sim: deps kinu-sim
	@mkdir -p $(dir $(SIM_MODEL))
	@"$(KINU_SIM)" run --model $(SIM_MODEL) $(SIM_ARGS); status=$$?; [ $$status -eq 3 ] || exit $$status

demo: deps kinu-sim
	@HostSim/Demo/make-demo-session.sh build/demo >/dev/null
	@"$(KINU_SIM)" run --input build/demo/session.wav --events build/demo/events.txt --log build/demo/log.jsonl

bench-sim-eval: deps
	@$(SWIFT) build -c release --product kinu-sim 2>&1 | grep -E 'error|warning: ' >&2 || true
	@test -d "$(DATA)" || { echo "bench-sim-eval: no data at $(DATA) (../shared/data/fsdd); give DATA=DIR" >&2; exit 1; }
	@start=$$(date +%s.%N); \
	taskset -c 0 $$($(SWIFT) build -c release --show-bin-path)/kinu-sim eval $(DATA) --shots 5 --seeds 5 --per-group || exit 1; \
	end=$$(date +%s.%N); awk "BEGIN { printf \"bench-sim-eval: %.1f s on one core (limit 60 s)\\n\", $$end - $$start }"


# ==== Real boards: STM32F4-Discovery and Arduino Nano 33 BLE Sense (issue 5) ===============
#   make firmware BOARD=stm32f4-discovery     build/<board>/kinu.{elf,bin,hex,map}
#   make flash BOARD=stm32f4-discovery        st-flash (stlink-tools); FLASHER=openocd for OpenOCD
#   make flash BOARD=nano33-ble-sense [PORT=/dev/ttyACM0]   Arduino's bossac; FLASHER=openocd with a probe
#   make test-boards                          build both and check the images (part of make test)
# The flashing tools are not in DEB_PACKAGES: `make flash` says what to install.
.PHONY: test-boards check-image flash
REAL_BOARDS   := stm32f4-discovery nano33-ble-sense
FLASHER       ?= $(firstword $(BOARD_FLASHERS))
PORT          ?= /dev/ttyACM0
# OpenOCD configuration per board (Debian's openocd scripts); a Nano needs a SWD probe.
OPENOCD_ARGS_stm32f4-discovery := -f board/stm32f4discovery.cfg
OPENOCD_INTERFACE ?= interface/cmsis-dap.cfg
OPENOCD_ARGS_nano33-ble-sense  := -f $(OPENOCD_INTERFACE) -f target/nrf52.cfg

test-boards:
	@for b in $(REAL_BOARDS); do $(MAKE) --no-print-directory check-image BOARD=$$b || exit 1; done
	@Tests/Firmware/nano-flash-command.sh build/nano33-ble-sense/flash-test

test-firmware: test-boards

# Vector table, memory fit, undefined symbols and sizes of one board's image.
check-image: firmware
	@test -n "$(BOARD_FLASH_ORIGIN)" || { echo "check-image: BOARD=$(BOARD) is not a real board ($(REAL_BOARDS))" >&2; exit 2; }
	@Boards/check-image.sh $(FW_BUILD)/kinu.elf $(BOARD_FLASH_ORIGIN) $(BOARD_FLASH_SIZE) $(BOARD_RAM_REGIONS)

FLASH_CMD_st-flash := st-flash --reset write $(FW_BUILD)/kinu.bin $(BOARD_FLASH_ORIGIN)
# No --offset: Arduino's bootloader adds 0x10000 to every address itself (its own upload
# recipe passes none); $$bossac is the one find-bossac.sh accepted.
FLASH_CMD_bossac   := $$bossac --port=$(PORT) -U -i -e -w -R $(FW_BUILD)/kinu.bin
FLASH_CMD_openocd  := openocd $(OPENOCD_ARGS_$(BOARD)) -c "program $(FW_BUILD)/kinu.elf verify reset exit"
FLASH_PACKAGE_st-flash := stlink-tools
FLASH_PACKAGE_openocd  := openocd

flash: firmware
	@test -n "$(BOARD_FLASHERS)" || { echo "flash: BOARD=$(BOARD) has nothing to flash; use one of: $(REAL_BOARDS)" >&2; exit 2; }
	@case " $(BOARD_FLASHERS) " in *" $(FLASHER) "*) ;; *) \
	    echo "flash: FLASHER=$(FLASHER) is not supported for $(BOARD); use one of: $(BOARD_FLASHERS)" >&2; exit 2;; esac
	@[ "$(FLASHER)" = bossac ] || command -v $(FLASHER) >/dev/null || { \
	    echo "flash: '$(FLASHER)' is not installed. Install it with: sudo apt-get install $(FLASH_PACKAGE_$(FLASHER))" >&2; exit 1; }
	@if [ "$(FLASHER)" = st-flash ] && ! st-info --probe 2>/dev/null | grep -q 'serial'; then \
	    echo "flash: no ST-LINK found. Connect the Discovery's ST-LINK USB port (mini-B, CN1) and check" >&2; \
	    echo "       that the two CN3 jumpers are on; 'st-info --probe' must list it." >&2; exit 1; fi
	@if [ "$(FLASHER)" = bossac ]; then bossac=$$(Boards/$(BOARD)/find-bossac.sh) || exit 1; \
	    [ -e "$(PORT)" ] || { \
	    echo "flash: $(PORT) does not exist. Connect the Nano by USB and double-tap its reset button" >&2; \
	    echo "       (the orange LED pulses: bootloader), then retry, with PORT=/dev/ttyACMn if it differs." >&2; exit 1; }; fi; \
	echo "$(FLASH_CMD_$(FLASHER))"; \
	$(FLASH_CMD_$(FLASHER)) || { echo "flash: $(FLASHER) failed; is the board connected and powered? (Boards/$(BOARD)/README.md)" >&2; exit 1; }
