#!/usr/bin/env python3
"""Prints or extracts the model stored in a QEMU board flash file (two A/B slots of
64 KB, layout in Firmware/Drivers/Common/ABModelStorage.swift), read independently of
the firmware's code.

Usage: flash-model.py FLASH [OUT]   writes the newest valid image to OUT; prints
"slot S sequence N bytes B", or "empty" (exit 0), or why the file is not a flash (exit 1).
"""
import struct
import sys
import zlib

SLOT_SIZE, SLOTS, MAGIC, HEADER = 0x10000, 2, 0x4241_4E4B, 16


def valid_slots(flash):
    for index in range(SLOTS):
        slot = flash[index * SLOT_SIZE:(index + 1) * SLOT_SIZE]
        magic, sequence, length, crc = struct.unpack_from("<4I", slot)
        if magic != MAGIC or length > SLOT_SIZE - HEADER:
            continue
        image = slot[HEADER:HEADER + length]
        if zlib.crc32(struct.pack("<2I", sequence, length) + image) == crc:
            yield index, sequence, image


def main():
    flash = open(sys.argv[1], "rb").read()
    if len(flash) != SLOTS * SLOT_SIZE:
        sys.exit(f"{sys.argv[1]}: {len(flash)} bytes, not a {SLOTS * SLOT_SIZE}-byte flash image")
    slots = list(valid_slots(flash))
    if not slots:
        print("empty")
        return
    newest = slots[0]
    for other in slots[1:]:   # sequence numbers compared with wrap-around, as the firmware does
        if ((other[1] - newest[1]) & 0xFFFF_FFFF) - (1 << 32 if (other[1] - newest[1]) & 0x8000_0000 else 0) > 0:
            newest = other
    index, sequence, image = newest
    print(f"slot {index} sequence {sequence} bytes {len(image)}")
    if len(sys.argv) > 2:
        open(sys.argv[2], "wb").write(image)


main()
