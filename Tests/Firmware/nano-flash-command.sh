#!/bin/bash
# `make flash BOARD=nano33-ble-sense` with stand-in bossac programs: Arduino's build
# (1.9.1-arduino2) is used and gets no --offset (the bootloader adds 0x10000 itself);
# Debian's bossa-cli (1.9.1) is refused with a message naming arduino:mbed_nano.
# Usage: nano-flash-command.sh WORK_DIR   (run from the repository root)
set -u
work=$1 failed=0
rm -rf "$work" && mkdir -p "$work" && : > "$work/ttyACM0"
fake() {   # fake NAME VERSION: a bossac that prints VERSION and records its arguments
    printf '#!/bin/sh\necho "Basic Open Source SAM-BA Application (BOSSA) Version %s"\n[ "$1" = --help ] || echo "$@" > %s\n' \
        "$2" "$work/$1.args" > "$work/$1"
    chmod +x "$work/$1"
}
fake arduino 1.9.1-arduino2
fake debian 1.9.1
flash() { make --no-print-directory flash BOARD=nano33-ble-sense PORT="$work/ttyACM0" BOSSAC="$work/$1" > "$work/$1.log" 2>&1; }

if ! flash arduino; then echo "FAIL: make flash with Arduino's bossac failed:"; tail -5 "$work/arduino.log"; failed=1
elif grep -q -- '--offset' "$work/arduino.args"; then echo "FAIL: bossac got an offset: $(cat "$work/arduino.args")"; failed=1
elif ! grep -Eq -- '-U -i -e -w -R .*/kinu\.bin$' "$work/arduino.args"; then echo "FAIL: bossac arguments: $(cat "$work/arduino.args")"; failed=1
fi
if flash debian; then echo "FAIL: make flash accepted Debian's bossac"; failed=1
elif [ -e "$work/debian.args" ]; then echo "FAIL: Debian's bossac was run"; failed=1
elif ! grep -q 'arduino:mbed_nano' "$work/debian.log"; then echo "FAIL: the refusal does not say where to get bossac:"; cat "$work/debian.log"; failed=1
fi
[ $failed -eq 0 ] && echo "nano flash command: 2 passed, 0 failed"
exit $failed
