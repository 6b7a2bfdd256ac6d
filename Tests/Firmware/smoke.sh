#!/bin/bash
# Runs the smoke image (Boards/qemu-mps2-an386/Smoke), which checks its own results and
# exits non-zero on a mismatch; here only what one run cannot see: that two runs under
# -icount measure the same SysTick count (to one tick: the measured span includes
# semihosting file reads, whose completion can land either side of a tick), and that a
# run without arguments fails.
# Usage: smoke.sh SMOKE_ELF RUN_SH WORK_DIR
set -u
elf=$(realpath "$1") run_sh=$(realpath "$2") work=$3 failed=0
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
seq 1 600 > input.txt
bytes=$(wc -c < input.txt)
sum=$(od -An -v -tu1 input.txt | awk '{ for (i = 1; i <= NF; i++) s += $i } END { print s + 0 }')
smoke() { "$run_sh" -t 60 -i "$elf" "$@" < /dev/null 2>&1 | tr -d '\r'; return "${PIPESTATUS[0]}"; }

for run in 1 2; do
    smoke input.txt "output$run.txt" "$bytes" "$sum" > "run$run.log"
    status=$?
    [ $status -eq 0 ] || { echo "FAIL: smoke run $run exit status $status:"; grep -E 'FAIL|error' "run$run.log"; failed=1; }
done
t1=$(sed -n 's/^kinu smoke: ticks=//p' run1.log) t2=$(sed -n 's/^kinu smoke: ticks=//p' run2.log)
if [ -z "$t1" ] || [ -z "$t2" ] || [ $((t1 - t2)) -gt 1 ] || [ $((t2 - t1)) -gt 1 ]; then
    echo "FAIL: SysTick counts of two -icount runs differ by more than one tick: '$t1' '$t2'"; failed=1
fi
smoke > usage.log
status=$?
[ $status -eq 1 ] || { echo "FAIL: a run without arguments exits $status, expected 1"; failed=1; }
# A write to code (read-only through the MPU) ends in the shared fault handler: status 70.
smoke fault > fault.log
status=$?
if [ $status -ne 70 ] || ! grep -q 'HardFault pc=' fault.log; then
    echo "FAIL: a write to code exits $status, expected 70 with a fault report:"; cat fault.log; failed=1
fi
[ $failed -eq 0 ] && echo "firmware smoke: 4 passed, 0 failed"
exit $failed
