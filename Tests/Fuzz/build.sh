#!/usr/bin/env bash
# Builds the libFuzzer targets into OUT (default build/fuzz): the project's modules as
# static libraries instrumented for coverage and AddressSanitizer, then one binary per
# Tests/Fuzz/*Fuzz.swift. SwiftPM is not used: its products would all need a main.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:-build/fuzz}
SWIFTC=${SWIFTC:-swiftc}
CLANG=${CLANG:-$(dirname "$(command -v "$SWIFTC")")/clang}
mkdir -p "$OUT/mod" "$OUT/lib" "$OUT/obj" "$OUT/bin"
FLAGS=(-O -g -sanitize=fuzzer,address -parse-as-library -I "$OUT/mod" -I Firmware/DSP/include)
# gold cannot export ASan's local symbols and says so a hundred times: lld is quiet.
LINK=(-use-ld=lld)

# KinuDSP (C): coverage without libFuzzer's main, which the final link brings.
for c in Firmware/DSP/*.c; do
    "$CLANG" -O1 -g -fsanitize=fuzzer-no-link,address -I Firmware/DSP/include -c "$c" -o "$OUT/obj/$(basename "$c" .c).o"
done

module() {   # name, sources...
    local name=$1; shift
    "$SWIFTC" "${FLAGS[@]}" -wmo -module-name "$name" -emit-module -emit-module-path "$OUT/mod/$name.swiftmodule" \
        -emit-library -static -o "$OUT/lib/lib$name.a" "$@"
}
module KinuCore Firmware/Core/*.swift
module KinuDevice Firmware/Device/*.swift
# Found by name: the drivers' folders may move, the A/B storage is what is fuzzed.
module KinuDrivers $(find Firmware Boards -name ABModelStorage.swift -o -name FlashDevice.swift | sort)
module KinuHostKit HostSim/Kit/*.swift

for entry in Tests/Fuzz/*Fuzz.swift; do
    name=$(basename "$entry" Fuzz.swift)
    "$SWIFTC" "${FLAGS[@]}" "${LINK[@]}" "$entry" -L "$OUT/lib" -lKinuHostKit -lKinuDrivers -lKinuDevice -lKinuCore \
        "$OUT"/obj/*.o -o "$OUT/bin/$name"
    echo "fuzz: built $OUT/bin/$name"
done
