#!/bin/bash
# The same WAV + button script through the host runner (kinu-run) and the firmware under
# QEMU must give identical logs and identical models (the host's model file against the
# newest slot of the firmware's flash file), and the firmware must not allocate after
# start-up. Cases:
#   synthetic  claps and whistles made here with sox (always runs): teach, play, undo,
#              forget, pause; then a second run that restores the saved model
#   uptime     the same with the audio clock started 4.6 s before 2^31 ms (24.9 days),
#              where a 32-bit millisecond count would overflow mid-teaching: the same log
#              but for its times, each later by exactly that start
#   damaged    the synthetic recording cut short: the same warning first, then the same run
#   script     the longest button script a board takes (1024 transitions); one more
#              transition, or a script over 32 KB, refused by both
#   fsdd       real spoken digits from ../shared/data/fsdd (skipped if absent): teach
#              three pads one digit each, then play several
#
# Usage: device-equivalence.sh KINU_RUN FIRMWARE_ELF RUN_SH FSDD_DIR WORK_DIR
# Prints "device equivalence: N passed, M failed" and exits non-zero on any failure.
set -u
kinu_run=$1 elf=$2 run_sh=$3 fsdd=$4 work=$5
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
passed=0 failed=0
rate="-r 16000 -b 16 -c 1"

# compare NAME WAV SCRIPT SEED EVENTS [CLOCK]: runs both and compares; SEED (or "") names
# the earlier case whose model files (host model, QEMU flash) both start from; EVENTS must
# each appear in the log (so an empty run cannot pass); CLOCK starts the audio clock there.
compare() {
    local name=$1 wav=$2 script=$3 seed=${4:-} clock=${6:-0} ok=1
    rm -f "$name.host.bin" "$name.qemu.bin" "$name.qemu.flash"
    if [ -n "$seed" ]; then cp "$seed.host.bin" "$name.host.bin"; cp "$seed.qemu.flash" "$name.qemu.flash"; fi
    "$kinu_run" --clock-start "$clock" --events "$script" --model "$name.host.bin" "$wav" > "$name.host.log" \
        2> "$name.host.err" || { echo "FAIL $name: kinu-run exit $?"; cat "$name.host.err"; ok=0; }
    # The conversion's warnings about a damaged file head the firmware's log, as in make run.
    "$kinu_run" --to-raw "$name.raw" "$wav" > "$name.qemu.log" 2> /dev/null || ok=0
    local status=0
    "$run_sh" -t 300 "$elf" "$PWD/$name.raw" "$PWD/$script" "$PWD/$name.qemu.flash" stats "clock=$clock" \
        < /dev/null > "$name.qemu.out" 2>&1 || status=$?
    tr -d '\r' < "$name.qemu.out" | grep -v '^# kinu stats' >> "$name.qemu.log"
    [ $status -eq 0 ] || { echo "FAIL $name: firmware exit status $status"; tail -3 "$name.qemu.log"; ok=0; }
    if ! diff -u "$name.host.log" "$name.qemu.log" > "$name.diff"; then
        echo "FAIL $name: host and firmware logs differ:"; head -20 "$name.diff"; ok=0
    fi
    "$here/flash-model.py" "$name.qemu.flash" "$name.qemu.bin" > /dev/null || ok=0
    if ! cmp -s "$name.host.bin" "$name.qemu.bin"; then echo "FAIL $name: models differ"; ok=0; fi
    local stats; stats=$(tr -d '\r' < "$name.qemu.out" | grep '^# kinu stats')
    case "$stats" in
        *heap_allocs_after_start=0\ *) ;;
        *) echo "FAIL $name: firmware allocated after start-up: ${stats:-no stats line}"; ok=0 ;;
    esac
    for event in $5; do
        grep -q "\"event\":\"$event\"" "$name.host.log" || { echo "FAIL $name: no '$event' in the log"; ok=0; }
    done
    if [ $ok -eq 1 ]; then
        echo "ok   $name: $(wc -l < "$name.host.log") identical log lines, identical model, ${stats#\# kinu stats: }"
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
    fi
}

# ---- synthetic: claps (noise bursts) and whistles (tones) in faint room noise ------------
sox -n $rate clap.wav synth 0.08 whitenoise fade q 0.002 0.08 0.07 vol 0.6
sox -n $rate whistle.wav synth 0.4 sine 2000 fade q 0.02 0.4 0.05 vol 0.3
sox -n $rate gap.wav trim 0 1.4
# t(ms): 1400 clap 1480 | 2880 whistle 3280 | 4680 clap | 6160 whistle | 7560 clap
#        | 9040 whistle | 10440 clap | 11920 whistle | 13320 clap | 14800 end (+1400 gap)
sox gap.wav clap.wav gap.wav whistle.wav gap.wav clap.wav gap.wav whistle.wav gap.wav clap.wav \
    gap.wav whistle.wav gap.wav clap.wav gap.wav whistle.wav gap.wav clap.wav gap.wav gap.wav tones.wav
sox -n $rate room.wav synth "$(soxi -D tones.wav)" whitenoise vol 0.003
sox -m tones.wav room.wav synthetic.wav
cat > synthetic.txt <<'SCRIPT'
# teach: clap -> pad 1, whistle -> pad 2, clap again -> pad 1
1200 pad1 down
1300 pad1 up
2700 pad2 down
2800 pad2 up
4500 pad1 down
4600 pad1 up
# play the whistle at 6160; undo pad 1's last example (MODE + pad1)
7000 mode down
7100 pad1 down
7200 pad1 up
7300 mode up
# clap at 7560 and whistle at 9040 are recognised; pause over the clap at 10440
10000 mode down
10100 mode up
11000 mode down
11100 mode up
# forget pad 2 (long press), then the whistle at 11920 is no longer class 2
11200 pad2 down
12400 pad2 up
SCRIPT
compare synthetic synthetic.wav synthetic.txt "" "learned heard undone paused resumed forgot saved"
# Power cycle: the model saved by that run is restored at boot by both.
sox gap.wav clap.wav gap.wav whistle.wav gap.wav replay.wav
printf '# no buttons\n' > none.txt
compare restored replay.wav none.txt synthetic "restored heard"

# ---- uptime: the synthetic case on a clock that passes 2^31 ms while a pad is armed ----------
start=$(( (1 << 31) - 4600 ))
# (bash arithmetic: awk's numbers lose digits past 2^31 in some awks)
while read -r t rest; do
    if [[ $t =~ ^[0-9]+$ ]]; then echo "$((t + start)) $rest"; else echo "$t $rest"; fi
done < synthetic.txt > uptime.txt
compare uptime synthetic.wav uptime.txt "" "learned heard undone paused resumed forgot saved" $start
# Nothing but the times may differ from the synthetic run, and each by exactly the start.
shifted() {
    sed -E 's/^\{"t_ms":([0-9]+),/\1 /' "$1" | while read -r t rest; do echo "$((t - $2)) $rest"; done
}
if diff <(shifted synthetic.host.log 0) <(shifted uptime.host.log $start) > uptime.shift.diff; then
    echo "ok   uptime: the same log as synthetic, every time later by $start ms"
    passed=$((passed + 1))
else
    echo "FAIL uptime: the log differs from synthetic's beyond its times:"; head -10 uptime.shift.diff
    failed=$((failed + 1))
fi

# ---- damaged: the recording cut short mid-file; both say so first, then run the rest ------
head -c $(( $(stat -c %s synthetic.wav) / 2 )) synthetic.wav > damaged.wav
compare damaged damaged.wav synthetic.txt "" "input_warning learned heard"

# ---- script: the most transitions a board takes (1024); one more, or 32 KB, is refused ----
# pad1 pressed every 10 ms: armed, then cancelled by the next press, 512 times.
for i in $(seq 0 1023); do echo "$((100 + 10 * i)) pad1 $([ $((i % 2)) -eq 0 ] && echo down || echo up)"; done > long.txt
compare script synthetic.wav long.txt "" "armed disarmed"
refused() {   # refused NAME SCRIPT WORDS: host and firmware both refuse SCRIPT, naming WORDS
    local host status=0
    host=$("$kinu_run" --events "$2" synthetic.wav 2>&1 >/dev/null) && status=0 || status=$?
    local fw fstatus=0
    fw=$("$run_sh" -t 60 "$elf" "$PWD/synthetic.raw" "$PWD/$2" - < /dev/null 2>&1) || fstatus=$?
    if [ $status -ne 0 ] && [ $fstatus -eq 1 ] && [[ $host == *"$3"* ]] && [[ $fw == *"$3"* ]]; then
        echo "ok   $1: refused by both ('$3')"; passed=$((passed + 1))
    else
        echo "FAIL $1: host exit $status '$host', firmware exit $fstatus '$(echo "$fw" | tr -d '\r' | tail -2)'"
        failed=$((failed + 1))
    fi
}
{ cat long.txt; echo "10340 pad1 down"; } > toolong.txt
refused "script-1025" toolong.txt "too many transitions"
{ for i in $(seq 1 330); do printf '#%099d\n' 0; done; } > big.txt
refused "script-33KB" big.txt "longer than 32 KB"

# ---- fsdd: three speakers' digits, teach one each, then play -----------------------------
if [ -d "$fsdd" ] && ls "$fsdd"/0_jackson_0.wav > /dev/null 2>&1; then
    sox -n $rate gap16k.wav trim 0 1.5
    pieces=() script=fsdd.txt t=1500 n=0
    : > "$script"
    add() {   # add FILE [PAD]: appends gap + clip (t = its start); PAD is armed 300 ms before
        n=$((n + 1))
        sox "$fsdd/$1" $rate "piece$n.wav" rate -v 16000
        [ -n "${2:-}" ] && printf '%d pad%d down\n%d pad%d up\n' $((t - 300)) "$2" $((t - 200)) "$2" >> "$script"
        pieces+=(gap16k.wav "piece$n.wav")
        t=$(( t + $(soxi -s "piece$n.wav") / 16 + 1500 ))
    }
    add 0_jackson_0.wav 1; add 1_jackson_0.wav 2; add 2_jackson_0.wav 3
    for take in 1 2 3; do add 0_jackson_$take.wav; add 1_jackson_$take.wav; add 2_jackson_$take.wav; done
    # "two" and "one" 60 ms apart: one event, classified whole and as its two parts (EventParts).
    sox -n $rate gap60.wav trim 0 0.06
    sox "$fsdd/2_jackson_4.wav" $rate two.wav rate -v 16000
    sox "$fsdd/1_jackson_4.wav" $rate one.wav rate -v 16000
    sox two.wav gap60.wav one.wav joined.wav
    pieces+=(gap16k.wav joined.wav)
    sox "${pieces[@]}" gap16k.wav fsdd.wav
    compare fsdd fsdd.wav "$script" "" "learned heard"
else
    echo "skip fsdd: no recordings at $fsdd (real-recording equivalence not checked)"
fi

echo "device equivalence: $passed passed, $failed failed"
[ $failed -eq 0 ]
