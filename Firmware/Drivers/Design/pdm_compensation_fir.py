#!/usr/bin/env python3
"""Designs the compensating FIR of KinuDrivers' PDM decimator (PDMCompensationFIR.swift).

Chain: 1.024 MHz PDM -> CIC (order 5, decimation 32) -> 32 kHz -> this FIR (decimation 2)
-> 16 kHz. The FIR is a least-squares (firls) design whose pass band (0-7 kHz) follows
1/|CIC| so the chain is flat, with a stop band from 8.7 kHz. Prints the first half of the
symmetric Q15 taps (paste into PDMCompensationFIR.swift) and the predicted response.
Needs numpy and scipy. The host test (Tests/KinuDriversTests) measures the real chain.
"""
import numpy as np
import scipy.signal as sg

FS_PDM, R, N = 1_024_000, 32, 5
FS_MID = FS_PDM / R
TAPS = 79


def cic_gain(f):
    x = np.pi * np.asarray(f, dtype=float) / FS_PDM
    with np.errstate(invalid="ignore", divide="ignore"):
        h = np.where(x == 0, 1.0, np.sin(R * x) / (R * np.sin(x)))
    return np.abs(h) ** N


edges = np.linspace(0, 7000, 64)
bands, desired = [], []
for a, b in zip(edges[:-1], edges[1:]):
    bands += [a, b]
    desired += [1 / cic_gain(a), 1 / cic_gain(b)]
bands += [8700, FS_MID / 2]
desired += [0, 0]
weights = [1] * (len(edges) - 1) + [60]
taps = sg.firls(TAPS, bands, desired, weight=weights, fs=FS_MID)
q15 = np.round(taps * 32768).astype(int)

w, h = sg.freqz(q15 / 32768, worN=8192, fs=FS_MID)
db = 20 * np.log10(np.abs(h) * cic_gain(w) + 1e-12)
for f in [1000, 5000, 7000, 7500, 8000, 8700, 10000]:
    print(f"# {f:5d} Hz: {db[np.argmin(abs(w - f))]:7.2f} dB")
print(f"# -3 dB at {w[np.argmax(db < -3)]:.0f} Hz; worst stop band (>= 8.7 kHz) {db[w >= 8700].max():.1f} dB")
half = list(q15[: TAPS // 2 + 1])
for i in range(0, len(half), 10):
    print("        " + ", ".join(str(v) for v in half[i:i + 10]) + ",")
