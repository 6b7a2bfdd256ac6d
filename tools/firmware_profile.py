#!/usr/bin/env python3
"""Where the firmware's instructions go: a flat profile from a QEMU execution trace.

usage: firmware_profile.py <trace.log> <firmware.elf> [top]

The trace comes from `qemu-system-arm -d in_asm,exec,nochain -D trace.log` (make
profile-firmware runs it): every translated block is listed once with its instructions
(in_asm), and every execution of a block is one "Trace" line (exec; nochain keeps blocks
from being chained past the log). Instructions per function = executions of each block x
its length, summed over the blocks that start in the function. A developer tool: it reads
QEMU's debug log format, which may change between QEMU versions.
"""
import bisect
import collections
import re
import subprocess
import sys


def read_trace(path):
    lengths, executions = {}, collections.Counter()
    instruction = re.compile(r"^0x([0-9a-f]{8}):")
    execution = re.compile(r"^Trace \d+: 0x[0-9a-f]+ \[[0-9a-f]+/([0-9a-f]+)/")
    start, count = None, 0
    with open(path, errors="replace") as log:
        for line in log:
            if line.startswith("IN:"):
                if start is not None:
                    lengths[start] = count
                start, count = None, 0
            elif m := instruction.match(line):
                if start is None:
                    start = int(m.group(1), 16)
                count += 1
            elif m := execution.match(line):
                if start is not None:
                    lengths[start], start = count, None
                executions[int(m.group(1), 16)] += 1
    return lengths, executions


def read_symbols(elf):
    tools = "/opt/swift/usr/bin"
    listing = subprocess.run([f"{tools}/llvm-nm", "-n", elf], capture_output=True, text=True, check=True).stdout
    symbols = []
    for line in listing.splitlines():
        parts = line.split(None, 2)
        if len(parts) == 3 and parts[1] in "tTwW":
            symbols.append((int(parts[0], 16) & ~1, parts[2]))
    names = "\n".join(name for _, name in symbols)
    # Embedded Swift mangles with $e; swift-demangle reads the $s spelling.
    plain = subprocess.run([f"{tools}/swift-demangle", "--simplified"], input=names.replace("$e", "$s"),
                           capture_output=True, text=True).stdout.splitlines()
    if len(plain) == len(symbols):
        symbols = [(address, name) for (address, _), name in zip(symbols, plain)]
    return symbols


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    lengths, executions = read_trace(sys.argv[1])
    symbols = read_symbols(sys.argv[2])
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 15
    addresses = [address for address, _ in symbols]
    per_function = collections.Counter()
    for start, times in executions.items():
        index = bisect.bisect_right(addresses, start) - 1
        name = symbols[index][1] if index >= 0 else "?"
        per_function[name] += times * lengths.get(start, 1)
    total = sum(per_function.values())
    if total == 0:
        sys.exit("firmware_profile: the trace has no executed blocks")
    print(f"{total} instructions traced")
    for name, count in per_function.most_common(top):
        print(f"{count:12d} {100 * count / total:5.1f} %  {name[:100]}")


if __name__ == "__main__":
    main()
