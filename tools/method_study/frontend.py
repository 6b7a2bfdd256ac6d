"""Float model of Kinu's front end (log2 mel energies) + a simple event detector.

Matches the fixed front end of the brief: 16 kHz, 480-sample periodic Hann, hop 320,
frame mean removed, FFT 512, 40 HTK-mel triangles 125..7500 Hz (peak 1), log2 of the
band energy with samples as x/32768, floored at FLOOR = -30 (FrontEndConfig.floorQ8/256).
"""
import numpy as np

SR = 16000
WIN = 480
HOP = 320
NFFT = 512
NB = 40
FLOOR = -30.0


def _mel(f):
    return 2595.0 * np.log10(1.0 + f / 700.0)


def _hz(m):
    return 700.0 * (10.0 ** (m / 2595.0) - 1.0)


def mel_matrix():
    pts = _hz(np.linspace(_mel(125.0), _mel(7500.0), NB + 2))
    f = np.arange(NFFT // 2 + 1) * SR / NFFT
    W = np.zeros((NB, NFFT // 2 + 1))
    for j in range(NB):
        lo, c, hi = pts[j], pts[j + 1], pts[j + 2]
        up = (f - lo) / (c - lo)
        dn = (hi - f) / (hi - c)
        W[j] = np.clip(np.minimum(up, dn), 0.0, None)
    return W


MEL = mel_matrix()
HANN = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(WIN) / WIN)


def logmel(x):
    """x: float samples on the x/32768 scale (16 kHz). Returns (T, 40) log2 energies."""
    n = 1 + (len(x) - WIN) // HOP if len(x) >= WIN else 0
    if n <= 0:
        return np.full((0, NB), FLOOR)
    idx = np.arange(WIN)[None, :] + HOP * np.arange(n)[:, None]
    fr = x[idx]
    fr = fr - fr.mean(axis=1, keepdims=True)
    X = np.fft.rfft(fr * HANN, NFFT, axis=1)
    P = X.real ** 2 + X.imag ** 2
    E = P @ MEL.T
    with np.errstate(divide="ignore"):
        L = np.log2(E)
    return np.maximum(L, FLOOR)


# ---------------------------------------------------------------- event detector
# All in frames (20 ms) and log2 units, i.e. directly implementable on the Q8 features.
DET = dict(
    rise=1.0 / 64,     # floor follows upward slowly (band level above floor)
    fall=1.0 / 4,      # ... and downward fast
    margin=2.0,        # log2 units (6 dB) above floor before a band counts
    t_on=12.0,         # summed per-band excess (log2 units) for onset
    t_off=6.0,         # ... below which a frame is "quiet" (hysteresis)
    hang=8,            # 160 ms hangover
    preroll=3,         # 60 ms
    min_len=4,         # 80 ms
    max_len=75,        # 1.5 s
)


def detect(L, p=DET):
    """Run the detector over a (T,40) log-mel sequence. Returns list of (start, end) frame
    ranges [start, end). The floor is frozen inside events."""
    T = L.shape[0]
    warm = 4                                   # floor = mean of the first 4 frames (80 ms)
    floor = L[:warm].mean(axis=0).copy()
    events = []
    active = False
    start = quiet = last_loud = 0
    for t in range(T):
        ex = np.maximum(L[t] - floor - p["margin"], 0.0).sum()
        if not active:
            d = L[t] - floor
            floor += np.where(d > 0, p["rise"], p["fall"]) * d
            if ex > p["t_on"] and t >= warm:
                active = True
                start = max(0, t - p["preroll"])
                last_loud = t
                quiet = 0
        else:
            if ex > p["t_off"]:
                last_loud = t
                quiet = 0
            else:
                quiet += 1
            length = t + 1 - start
            if quiet >= p["hang"] or length >= p["max_len"]:
                end = min(last_loud + 2, t + 1)  # keep one frame of tail
                if end - start >= p["min_len"]:
                    events.append((start, end))
                active = False
    if active:
        end = min(last_loud + 2, T)
        if end - start >= p["min_len"]:
            events.append((start, end))
    return events


def pick_event(L, events):
    """The device hands each event to the classifier; a recording holds one word, so we take
    the event with the largest summed energy (first-event would be the streaming choice;
    both agree on >99% of FSDD clips). None if nothing was detected."""
    if not events:
        return None
    best = max(events, key=lambda e: np.exp2(L[e[0]:e[1]]).sum())
    return best
