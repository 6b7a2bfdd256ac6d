#!/bin/bash
# The Quick start's `make demo` and the README's `make run`, as a person types them:
# - `make demo` piped gives the device's log, the same on every run (the demo's noise is
#   seeded); in a terminal (tmux) it shows the live interface;
# - `make run BOARD=host` takes paths with spaces and keeps its model across runs
#   (MODEL=- starts fresh); BOARD=qemu-mps2-an386 refuses such paths before building.
# Usage: run-and-demo.sh WORK_DIR   (run from the repository root)
set -u
work=$1 failed=0 passed=0
rm -rf "$work" && mkdir -p "$work/with space"
check() {   # check NAME CONDITION-EXIT-STATUS [details]
    if [ "$2" -eq 0 ]; then passed=$((passed + 1)); else echo "FAIL: $1${3:+: $3}"; failed=$((failed + 1)); fi
}

make --no-print-directory demo < /dev/null > "$work/demo1.log" 2> "$work/demo.err"
check "make demo (piped) prints the log" $? "$(tail -3 "$work/demo.err")"
learned=$(grep -c '"event":"learned"' "$work/demo1.log")
check "make demo teaches five examples" $([ "$learned" -eq 5 ]; echo $?) "learned $learned"
make --no-print-directory demo < /dev/null > "$work/demo2.log" 2>&1
cmp -s "$work/demo1.log" "$work/demo2.log"
check "make demo gives the same log twice" $? "$(diff "$work/demo1.log" "$work/demo2.log" | head -4)"

if command -v tmux > /dev/null; then
    socket="kinu-make-$$"
    tmux -L "$socket" new-session -d -x 80 -y 24 "make --no-print-directory demo SIM_ARGS='--duration 2'; echo EXIT=\$?; sleep 30"
    shown=1
    for _ in $(seq 150); do
        screen=$(tmux -L "$socket" capture-pane -p)
        if grep -q "press q to quit" <<< "$screen"; then shown=0; break; fi
        sleep 0.2
    done
    check "make demo in a terminal shows the live interface" $shown "$screen"
    grep -q "nothing is saved without --model" <<< "$screen"
    check "the demo's live screen says nothing is saved" $? "$screen"
    tmux -L "$socket" send-keys q
    sleep 1
    tmux -L "$socket" capture-pane -p | grep -q "EXIT=0"
    check "q quits make demo" $? "$(tmux -L "$socket" capture-pane -p | tail -3)"
    tmux -L "$socket" kill-server 2> /dev/null
else
    echo "make demo in a terminal: skipped (tmux is not installed; make deps installs it)"
fi

audio="$work/with space/a take.wav" script="$work/with space/teach me.txt" model="$work/with space/my model.bin"
cp build/demo/session.wav "$audio" && cp build/demo/events.txt "$script"
run() { make --no-print-directory run BOARD=host AUDIO="$audio" EVENTS="$script" MODEL="$1" 2>&1; }
first=$(run "$model")
check "make run BOARD=host takes paths with spaces" $([ -s "$model" ] && grep -q '"stopped","examples":5' <<< "$first"; echo $?) \
    "$(tail -2 <<< "$first")"
second=$(run "$model")
grep -q '"stopped","examples":10' <<< "$second"
check "make run keeps its model across runs" $? "$(tail -1 <<< "$second")"
fresh=$(run -)
grep -q '"stopped","examples":5' <<< "$fresh"
check "MODEL=- starts empty" $? "$(tail -1 <<< "$fresh")"

refusal=$(make --no-print-directory run BOARD=qemu-mps2-an386 AUDIO="$audio" EVENTS="$script" MODEL=- 2>&1)
status=$?
check "QEMU refuses paths with spaces, saying why" $([ $status -eq 2 ] && grep -q "split at spaces" <<< "$refusal"; echo $?) \
    "status $status: $refusal"

echo "make run and demo: $passed passed, $failed failed"
exit $((failed > 0))
