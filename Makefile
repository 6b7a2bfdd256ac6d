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
