#!/usr/bin/env bash
# Makes the `make demo` session in OUT_DIR: session.wav (16 kHz mono) and events.txt (the
# button script). Two people (two espeak-ng voices) teach "yes" to pad 1 and "no" to
# pad 3, one teaches a clap to pad 2; then the device listens to all of them again.
# Needs espeak-ng and sox (make deps installs both).
set -euo pipefail
out=${1:?usage: make-demo-session.sh OUT_DIR}
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for tool in espeak-ng sox; do
    command -v $tool >/dev/null || { echo "make-demo-session: $tool is missing; run 'make deps'" >&2; exit 1; }
done

# Every sox call is repeatable (-R: seeded noise and dither), so the demo gives the same
# log on every run.
sox() { command sox -R "$@"; }

say() {   # say NAME VOICE PITCH WORD
    espeak-ng -v "$2" -p "$3" -s 140 -w "$work/$1.raw.wav" "$4"
    sox "$work/$1.raw.wav" -r 16000 -c 1 -b 16 "$work/$1.wav" norm -6
}
say yes_a en-us 40 yes
say no_a en-us 40 no
say yes_b en-gb+f3 60 yes
say no_b en-gb+f3 60 no
# A clap: a few milliseconds of noise with a fast decay, band-limited like a real one.
sox -n -r 16000 -c 1 -b 16 "$work/clap_a.wav" synth 0.09 whitenoise vol 0.3 highpass 700 lowpass 5000 fade q 0.001 0.09 0.085 norm -3
sox -n -r 16000 -c 1 -b 16 "$work/clap_b.wav" synth 0.07 pinknoise vol 0.3 highpass 900 lowpass 6000 fade q 0.001 0.07 0.065 norm -4

# When each sound starts (seconds) and which pad is pressed just before it (teach).
timeline=(
    "1.6 yes_a 1"  "3.6 yes_b 1"  "5.6 clap_a 2"  "7.6 no_a 3"  "9.6 no_b 3"
    "12.0 yes_b -" "13.5 clap_b -" "15.0 no_a -"  "16.5 clap_a -" "18.0 yes_a -" "19.5 no_b -"
)
length=21.5
# A quiet room under everything, so the detector has a background to measure.
sox -n -r 16000 -c 1 -b 16 "$work/room.wav" synth $length pinknoise vol 0.002
inputs=(-v 1 "$work/room.wav")
: > "$out/events.txt"
echo "# kinu demo: teach pads 1-3, then listen (made by HostSim/Demo/make-demo-session.sh)" >> "$out/events.txt"
for entry in "${timeline[@]}"; do
    read -r at sound pad <<< "$entry"
    sox "$work/$sound.wav" "$work/at_$at.wav" pad "$at"
    inputs+=(-v 1 "$work/at_$at.wav")
    if [ "$pad" != "-" ]; then
        press=$(awk "BEGIN { printf \"%d\", ($at - 0.6) * 1000 }")
        echo "$press pad$pad down" >> "$out/events.txt"
        echo "$((press + 80)) pad$pad up" >> "$out/events.txt"
    fi
done
sox -m "${inputs[@]}" -b 16 "$out/session.wav" trim 0 $length
echo "demo session: $out/session.wav ($length s), $out/events.txt"
