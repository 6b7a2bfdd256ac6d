#!/bin/sh
# Runs a Kinu firmware ELF on QEMU's model of the MPS2 AN386 and exits with the
# firmware's own exit status (semihosting SYS_EXIT_EXTENDED).
#
# Usage: run.sh [-t seconds] [-i] firmware.elf [argument...]
#   -t N   give up after N seconds (default 60) and exit 124, so a hung firmware fails
#          a test instead of hanging CI; -t 0 never gives up (interactive use)
#   -i     deterministic instruction counting (-icount shift=0): SysTick then advances
#          one tick per ~40 executed instructions, identically on every run
#   arguments reach the firmware through semihosting SYS_GET_CMDLINE (QEMU -append);
#   they are split at spaces, so paths must not contain any.
# UART0 and the semihosting console both print on standard output. Extra QEMU options
# can be passed in $QEMU_EXTRA (e.g. QEMU_EXTRA="-d trace:led_change_intensity").
set -eu

timeout=60
icount=""
while [ $# -gt 0 ]; do
    case "$1" in
        -t) timeout="$2"; shift 2 ;;
        -i) icount="-icount shift=0,sleep=off,align=off"; shift ;;   # virtual time only: counts repeat exactly
        *) break ;;
    esac
done
[ $# -ge 1 ] || { echo "usage: $0 [-t seconds] [-i] firmware.elf [argument...]" >&2; exit 2; }
elf="$1"; shift

# -nographic puts UART0 (multiplexed with the QEMU monitor: Ctrl-A x quits) on stdio.
# $icount and $QEMU_EXTRA are word-split on purpose.
run() {
    # shellcheck disable=SC2086
    exec timeout --foreground -k 5 "$timeout" "${QEMU:-qemu-system-arm}" -M mps2-an386 -nographic \
        -semihosting-config enable=on,target=native $icount ${QEMU_EXTRA:-} -kernel "$elf" "$@"
}
if [ $# -gt 0 ]; then run -append "$*"; else run; fi
