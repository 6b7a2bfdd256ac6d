#!/usr/bin/env bash
# make bench-firmware: the core's cost on the emulated Cortex-M4 and the device image's
# flash and RAM. Prints a table and one JSON line per figure ({"bench":"firmware",...}).
#
# usage: bench-firmware.sh <bench.elf> <kinu.elf> <run.sh> <kinu-run> <work dir>
#
# Instructions are SysTick ticks x 40: under `qemu -icount shift=0` every instruction takes
# 1 ns of virtual time and SysTick runs at 25 MHz, so the counts are exact to well under
# 1 % and identical on every run.
set -euo pipefail
bench_elf=$1 kinu_elf=$2 run=$3 kinu_run=$4 work=$5
textures="$(cd "$(dirname "$0")/../.." && pwd)/../shared/data/esc10-dev"
mkdir -p "$work"
cd "$work"

# Ten seconds of speech: twenty words from espeak-ng with pauses, 16 kHz Int16 raw.
# sox -R: repeatable dither, so the audio and every figure are the same on every run.
if ! command -v espeak-ng >/dev/null || ! command -v sox >/dev/null; then
    echo "bench-firmware: needs espeak-ng and sox (make deps installs them)" >&2; exit 1
fi
espeak-ng -g 25 -w words.wav "one two three four five six seven eight nine ten. red green blue yellow stop go left right up down"
sox -R -q words.wav -r 16000 -c 1 -b 16 -e signed-integer speech.wav pad 0.6 0.6
"$kinu_run" --to-raw audio.raw speech.wav
seconds=$(awk -v b="$(stat -c %s audio.raw)" 'BEGIN { printf "%.2f", b / 2 / 16000 }')

# The model: the words one..eight, each spoken 16 ways (4 speeds x 4 pitches), taught
# word after word, so every stored example is a different sound.
rounds=()
for speed in 130 150 170 190; do
    for pitch in 25 40 55 70; do
        espeak-ng -g 30 -s "$speed" -p "$pitch" -w "round-$speed-$pitch.wav" "one, two, three, four, five, six, seven, eight."
        rounds+=("round-$speed-$pitch.wav")
    done
done
sox -R -q "${rounds[@]}" -r 16000 -c 1 -b 16 -e signed-integer teach.wav pad 0.6 0.6
"$kinu_run" --to-raw teach.raw teach.wav

"$run" -t 600 -i "$bench_elf" audio.raw teach.raw | tr -d '\r' > bench.log || { cat bench.log; exit 1; }

# A continuous real texture: rain then sea waves, 20 s from esc10-dev (beside the
# repository; skipped where it is absent), listened to with the same full model.
texture_clips=()
for class in rain sea-waves; do
    [ -d "$textures/$class" ] || continue
    texture_clips+=($(ls "$textures/$class"/*.wav | head -2))
done
if [ ${#texture_clips[@]} -eq 4 ]; then
    sox -R -q "${texture_clips[@]}" -r 16000 -c 1 -b 16 -e signed-integer texture.wav
    "$kinu_run" --to-raw texture.raw texture.wav
    "$run" -t 600 -i "$bench_elf" texture.raw teach.raw | tr -d '\r' > texture.log || { cat texture.log; exit 1; }
fi
"$run" -t 600 "$kinu_elf" audio.raw - - stats | tr -d '\r' > stats.log || { cat stats.log; exit 1; }

field() { grep "^bench $1 " "${3:-bench.log}" | sed -E "s/.* $2=([0-9]+).*/\1/"; }
per_second() { awk -v t="$(field "$1" ticks)" -v s="$(field "$1" samples)" 'BEGIN { printf "%d", t * 40 / (s / 16000) }'; }
each() { awk -v t="$(field "$1" ticks)" -v n="$(field "$1" count)" 'BEGIN { printf "%d", t * 40 / n }'; }
worst() { awk -v t="$(field "$1" worst)" 'BEGIN { printf "%d", t * 40 }'; }

frontend=$(per_second frontend)
listening=$(per_second listening)
detector=$((listening - frontend))
learn=$(each learn); learn_worst=$(worst learn)
learn_full=$(each learn-full); learn_full_worst=$(worst learn-full)
forget=$(each forget)
classify=$(each classify); classify_worst=$(worst classify)
grep -q "^bench classify-parts " bench.log || { echo "bench-firmware: the speech's first two words, joined, were not split into parts" >&2; exit 1; }
classify_parts=$(each classify-parts)
events=$(sed -nE 's/^bench events count=([0-9]+)/\1/p' bench.log)
# Everything the device does while listening: front end + detector all the time, plus one
# classification (model full) per event heard.
device=$(awk -v l="$listening" -v c="$classify" -v e="$events" -v s="$seconds" 'BEGIN { printf "%d", l + c * e / s }')
# The same budget read the other way: how rare events must be for listening to stay
# within 1.5 M per second (front end and detector all the time, the rest classifying).
interval=$(awk -v l="$listening" -v c="$classify" 'BEGIN { if (l >= 1500000) print "never"; else printf "%.1f", c / (1500000 - l) }')
# The texture: the same sums on its own run.
if [ -f texture.log ]; then
    texture_seconds=$(awk -v b="$(stat -c %s texture.raw)" 'BEGIN { printf "%.2f", b / 2 / 16000 }')
    texture_always=$(awk -v t="$(field listening ticks texture.log)" -v s="$(field listening samples texture.log)" 'BEGIN { printf "%d", t * 40 / (s / 16000) }')
    texture_events=$(sed -nE 's/^bench events count=([0-9]+)/\1/p' texture.log)
    texture_classify=$(awk -v t="$(field classify ticks texture.log)" -v n="$(field classify count texture.log)" 'BEGIN { printf "%d", n ? t * 40 / n : 0 }')
    texture_device=$(awk -v l="$texture_always" -v c="$texture_classify" -v e="$texture_events" -v s="$texture_seconds" 'BEGIN { printf "%d", l + c * e / s }')
fi

section() { arm-none-eabi-size -A "$kinu_elf" | awk -v n="$1" '$1 == n { print $2 }'; }
text=$(section .text); exidx=$(section .ARM.exidx); modhash=$(section .swift_modhash)
data=$(section .data); bss=$(section .bss)
flash=$((text + ${exidx:-0} + ${modhash:-0} + data))
heap_peak=$(sed -nE 's/.*heap_peak=([0-9]+).*/\1/p' stats.log)
stack_peak=$(sed -nE 's/.*stack_peak=([0-9]+).*/\1/p' stats.log)
ram=$((data + bss + heap_peak + stack_peak))

printf '\nFirmware cost on the Cortex-M4 (QEMU mps2-an386, -icount shift=0, %s s of speech, %s events)\n' "$seconds" "$events"
printf 'Model: 8 words x 16 espeak-ng renditions, 128 different sounds; each event heard is classified against it\n'
printf -- '-------------------------------------------------------------------------------------\n'
printf '%-34s %12s   %s\n' "stage" "instructions" "target"
printf '%-34s %12d   <= 1.0 M per second of audio\n' "front end, per second of audio" "$frontend"
printf '%-34s %12d\n' "detector, per second of audio" "$detector"
printf '%-34s %12d   <= 1.5 M per second of audio\n' "listening (device), per second" "$device"
printf '%-34s %12d   (%s events in %s s)\n' "  of which classifying events" "$((device - listening))" "$events" "$seconds"
printf '%-34s %12s   (events at most one per %s s keep listening within 1.5 M)\n' "  all the time (front end+detector)" "$listening" "$interval"
if [ -n "${texture_device:-}" ]; then
    printf '%-34s %12d   <= 1.5 M per second of audio (%s events in %s s of rain and sea waves)\n' \
        "listening to a texture, per second" "$texture_device" "$texture_events" "$texture_seconds"
else
    printf '%-34s %12s   (needs %s)\n' "listening to a texture, per second" "skipped" "$textures"
fi
printf '%-34s %12d   <= 200 k (worst %d)\n' "learn one example" "$learn" "$learn_worst"
printf '%-34s %12d   <= 200 k (worst %d; the oldest example gives way)\n' "learn into a full class" "$learn_full" "$learn_full_worst"
printf '%-34s %12d   (once; every hub distance recomputed, as after undo and loading)\n' "forget a class, model full" "$forget"
printf '%-34s %12d   <= 2.0 M (worst %d)\n' "classify one event, 8 x 16 model" "$classify" "$classify_worst"
printf '%-34s %12d   (whole and its two parts, EventParts)\n' "classify an event of two sounds" "$classify_parts"
printf '%-34s %12d   <= 96 KB\n' "flash bytes (text+rodata+data)" "$flash"
printf '%-34s %12d   <= 64 KB (data %d + bss %d + heap peak %d + stack peak %d)\n' "RAM bytes, model full" "$ram" "$data" "$bss" "$heap_peak" "$stack_peak"

echo "{\"bench\":\"firmware\",\"stage\":\"frontend\",\"instructions_per_audio_second\":$frontend}"
echo "{\"bench\":\"firmware\",\"stage\":\"detector\",\"instructions_per_audio_second\":$detector}"
echo "{\"bench\":\"firmware\",\"stage\":\"listening\",\"instructions_per_audio_second\":$device,\"classifying_per_audio_second\":$((device - listening)),\"always_per_audio_second\":$listening,\"events\":$events,\"audio_seconds\":$seconds,\"seconds_between_events_for_target\":${interval/never/null}}"
[ -z "${texture_device:-}" ] || echo "{\"bench\":\"firmware\",\"stage\":\"listening-texture\",\"instructions_per_audio_second\":$texture_device,\"always_per_audio_second\":$texture_always,\"events\":$texture_events,\"audio_seconds\":$texture_seconds}"
echo "{\"bench\":\"firmware\",\"stage\":\"learn\",\"instructions\":$learn,\"worst\":$learn_worst}"
echo "{\"bench\":\"firmware\",\"stage\":\"learn-full\",\"instructions\":$learn_full,\"worst\":$learn_full_worst}"
echo "{\"bench\":\"firmware\",\"stage\":\"forget\",\"instructions\":$forget}"
echo "{\"bench\":\"firmware\",\"stage\":\"classify\",\"instructions\":$classify,\"worst\":$classify_worst,\"model\":\"8x16\"}"
echo "{\"bench\":\"firmware\",\"stage\":\"classify-parts\",\"instructions\":$classify_parts,\"model\":\"8x16\"}"
echo "{\"bench\":\"firmware\",\"flash_bytes\":$flash,\"ram_bytes\":$ram,\"heap_peak\":$heap_peak,\"stack_peak\":$stack_peak}"
