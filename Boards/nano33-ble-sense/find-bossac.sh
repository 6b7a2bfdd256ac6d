#!/bin/sh
# Prints the path of a bossac that can flash the Nano 33 BLE Sense through Arduino's
# bootloader, or says where to get one and exits 1.
#
# Only Arduino's BOSSA build (1.9.x-arduinoN, installed by `arduino-cli core install
# arduino:mbed_nano`) knows the nRF52840; Debian's bossa-cli (plain 1.9.1) and Arduino's
# older SAMD build (1.7.0-arduinoN) do not, and would fail or write somewhere else.
# Looks at $BOSSAC if set, else `bossac` on PATH, else the newest one arduino-cli installed.
set -u
arduino_tools=${ARDUINO_DATA:-$HOME/.arduino15}/packages/arduino/tools/bossac

candidates() {
    if [ -n "${BOSSAC:-}" ]; then echo "$BOSSAC"; return; fi
    command -v bossac 2>/dev/null
    ls -d "$arduino_tools"/*/bossac 2>/dev/null | sort -r
}

# "Basic Open Source SAM-BA Application (BOSSA) Version 1.9.1-arduino2"
version_of() { "$1" --help 2>&1 | sed -n 's/.*BOSSA) Version \([^ ]*\).*/\1/p' | head -n 1; }

knows_nrf52840() {
    case "$1" in
        1.9.*-arduino* | 1.[1-9][0-9].*-arduino* | [2-9].*-arduino*) return 0 ;;
        *) return 1 ;;
    esac
}

rejected=""
for bossac in $(candidates); do
    [ -x "$bossac" ] || { rejected="$rejected\n  $bossac: not an executable"; continue; }
    version=$(version_of "$bossac")
    if knows_nrf52840 "$version"; then echo "$bossac"; exit 0; fi
    rejected="$rejected\n  $bossac: version '${version:-unknown}', which does not know the nRF52840"
done

{
    echo "flash: no bossac that knows the nRF52840 (Arduino's build, 1.9.x-arduinoN) was found."
    [ -n "$rejected" ] && printf "Tried:$rejected\n"
    echo "Debian's bossa-cli cannot talk to the Nano 33 BLE bootloader. Get Arduino's bossac with"
    echo "  arduino-cli core install arduino:mbed_nano"
    echo "(it lands in ~/.arduino15/packages/arduino/tools/bossac/<version>/, where make flash looks),"
    echo "or give its path: make flash BOARD=nano33-ble-sense BOSSAC=/path/to/bossac."
    echo "With a SWD probe instead: make flash BOARD=nano33-ble-sense FLASHER=openocd."
} >&2
exit 1
