# The host "board": no firmware. The device runs in the host runner (kinu-run, built by
# SwiftPM from HostSim/Runner), which `make run BOARD=host` uses. These variables only
# keep Boards/firmware.mk parseable when BOARD=host; its firmware targets do not apply.
BOARD_SWIFT_SOURCES :=
BOARD_APP_DIR       := $(BOARD_DIR)
BOARD_RUN           := false
BOARD_HAS_FIRMWARE  := no
