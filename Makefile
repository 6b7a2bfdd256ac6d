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
                sox espeak-ng libasound2-dev

include Boards/firmware.mk

.PHONY: help deps build test test-host test-firmware bench bench-accuracy bench-cost clean

help:
	@echo "Kinu targets:"
	@echo "  make deps              install missing Debian packages (apt-get)"
	@echo "  make build             build host tools and the firmware (BOARD=$(BOARD))"
	@echo "  make test              host tests + firmware tests under QEMU"
	@echo "  make bench             accuracy + host cost benchmarks (DATA=$(DATA))"
	@echo "  make bench-accuracy    accuracy only; DATA=DIR for another FSDD-style folder"
	@echo "  make bench-cost        host time per stage and model memory"
	@echo "  make firmware          build/$(BOARD)/kinu.elf, .bin, .map"

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

test-host:
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

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
# across runs (the "flash"; default build/<board>/model.bin, MODEL=- for none). For QEMU,
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

# ==== Firmware cost (issue 3) ============================================================
#   make bench-firmware    instructions per stage on the emulated Cortex-M4, flash and RAM
.PHONY: bench-firmware
$(eval $(call fw_image,bench,$(BOARD_DIR)/Bench))

bench-firmware: deps kinu-run firmware $(FW_BUILD)/bench.elf
	Boards/qemu-mps2-an386/bench-firmware.sh $(FW_BUILD)/bench.elf $(FW_BUILD)/kinu.elf $(BOARD_RUN) \
	    "$(KINU_RUN)" $(FW_BUILD)/bench-run
