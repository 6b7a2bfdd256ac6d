#!/usr/bin/env bash
# Checks a firmware image for a real board before anyone flashes it:
#   - the vector table is at the flash origin: word 0 (initial SP) is 8-byte aligned and
#     inside a RAM region (the top of a region is allowed), word 1 (reset) has the Thumb
#     bit set, points into the image's flash and is the Reset_Handler symbol;
#   - every loadable segment fits: its load address range in flash, its run address
#     range in flash or in one RAM region;
#   - no undefined symbols are left (weak ones included);
#   - prints flash and RAM use against the chip's sizes.
# Usage: check-image.sh IMAGE.elf FLASH_ORIGIN FLASH_SIZE RAM_BASE:RAM_SIZE...
# Needs arm-none-eabi-readelf and -nm (Debian binutils-arm-none-eabi, part of
# gcc-arm-none-eabi). Exits 1 with one line per failed check.
set -euo pipefail
[ $# -ge 4 ] || { echo "usage: $0 IMAGE.elf FLASH_ORIGIN FLASH_SIZE RAM_BASE:RAM_SIZE..." >&2; exit 2; }
elf=$1; flash_origin=$(($2)); flash_size=$(($3)); shift 3
ram_regions=("$@")
READELF=${READELF:-arm-none-eabi-readelf}
NM=${NM:-arm-none-eabi-nm}
[ -f "$elf" ] || { echo "check-image: $elf not found (run make firmware first)" >&2; exit 2; }
name=$(basename "$(dirname "$elf")")/$(basename "$elf")
fail=0
bad() { echo "FAIL $name: $*"; fail=1; }
hex() { printf '0x%08x' "$1"; }
in_flash() { (( $1 >= flash_origin && $1 + $2 <= flash_origin + flash_size )); }
in_ram() {  # address size -> 0 if [address, address + size) lies inside one RAM region
    local r base size
    for r in "${ram_regions[@]}"; do
        base=$((${r%%:*})); size=$((${r##*:}))
        (( $1 >= base && $1 + $2 <= base + size )) && return 0
    done
    return 1
}

# ---- Segments: LOAD lines are "LOAD offset vaddr paddr filesz memsz flags align" ----
flash_used=0; ram_used=0; vector_offset=
while read -r offset vaddr paddr filesz memsz; do
    offset=$((offset)); vaddr=$((vaddr)); paddr=$((paddr)); filesz=$((filesz)); memsz=$((memsz))
    if (( filesz > 0 )); then
        in_flash "$paddr" "$filesz" || bad "segment loaded at $(hex $paddr) (+$filesz bytes) is outside flash $(hex $flash_origin)+$flash_size"
        flash_used=$((flash_used + filesz))
        (( paddr == flash_origin )) && vector_offset=$offset
    fi
    if ! in_flash "$vaddr" "$memsz"; then
        if in_ram "$vaddr" "$memsz"; then ram_used=$((ram_used + memsz))
        else bad "segment at $(hex $vaddr) (+$memsz bytes) fits neither flash nor RAM (${ram_regions[*]})"; fi
    fi
done < <("$READELF" -l -W "$elf" | awk '$1 == "LOAD" { print $2, $3, $4, $5, $6 }')

# ---- Vector table ---------------------------------------------------------------------
if [ -z "$vector_offset" ]; then
    bad "nothing is loaded at the flash origin $(hex $flash_origin): no vector table there"
else
    read -r sp reset < <(od -An -tu4 -j "$vector_offset" -N 8 "$elf")
    (( sp % 8 == 0 )) || bad "initial SP $(hex $sp) is not 8-byte aligned"
    # The initial SP is the top of the stack: check the byte just below it.
    in_ram $((sp - 4)) 4 || bad "initial SP $(hex $sp) is not inside RAM (${ram_regions[*]})"
    (( reset & 1 )) || bad "reset vector $(hex $reset) lacks the Thumb bit"
    in_flash $((reset & ~1)) 2 || bad "reset vector $(hex $reset) points outside flash"
    handler=$("$NM" "$elf" | awk '$3 == "Reset_Handler" { print "0x" $1 }')
    [ -n "$handler" ] && (( (reset & ~1) == handler )) || bad "reset vector $(hex $reset) is not Reset_Handler (${handler:-missing})"
fi

# ---- Undefined symbols ------------------------------------------------------------------
undefined=$("$NM" -u "$elf" | awk '{ print $NF }' | tr '\n' ' ')
[ -z "$undefined" ] || bad "undefined symbols: $undefined"

ram_total=0
for r in "${ram_regions[@]}"; do ram_total=$((ram_total + ${r##*:})); done
printf 'image %s: flash %d / %d bytes (%d%%), RAM %d / %d bytes (%d%%, stack and heap included); vector table: SP %s, reset %s\n' \
    "$name" "$flash_used" "$flash_size" $((100 * flash_used / flash_size)) "$ram_used" "$ram_total" \
    $((100 * ram_used / ram_total)) "$(hex "${sp:-0}")" "$(hex "${reset:-0}")"
exit $fail
