"""Data sets: FSDD (resampled to 16 kHz) and a synthetic non-speech set; noise mixing;
per-clip log-mel sequences under each condition (cached)."""
import os
import numpy as np
from scipy.io import wavfile
from scipy.signal import resample_poly, lfilter, butter

from frontend import logmel, detect, pick_event, SR

SPEAKERS = ["jackson", "nicolas", "theo", "yweweler"]
PAD = int(0.3 * SR)
PAD_DBFS = -70.0


def load_fsdd(root):
    clips, lab, spk, take = [], [], [], []
    for s_i, s in enumerate(SPEAKERS):
        for d in range(10):
            for t in range(50):
                fs, x = wavfile.read(os.path.join(root, f"{d}_{s}_{t}.wav"))
                assert fs == 8000
                x = x.astype(np.float64) / 32768.0
                clips.append(resample_poly(x, 2, 1))
                lab.append(d); spk.append(s_i); take.append(t)
    return clips, np.array(lab), np.array(spk), np.array(take)


# ------------------------------------------------------------------ synthetic non-speech
SYN_CLASSES = ["clap", "knock", "whistle", "snap", "double-clap", "hiss", "chirp", "buzz"]


def _env(n, attack, decay_tau, rng):
    t = np.arange(n) / SR
    a = np.minimum(1.0, t / max(attack, 1e-4))
    return a * np.exp(-t / decay_tau)


def _colour(x, lo, hi):
    b, a = butter(2, [lo / (SR / 2), min(hi, SR / 2 - 100) / (SR / 2)], btype="band")
    return lfilter(b, a, x)


def synth_one(c, rng, session):
    """One take of class c. `session` (0..3) plays the role of the speaker: it fixes a mic
    colouring and small systematic shifts; every take adds random variation (level, decay,
    pitch +-10 %, timing)."""
    r = lambda a, b: rng.uniform(a, b)
    ps = 1.0 + r(-0.1, 0.1)                   # per-take pitch / rate factor
    name = SYN_CLASSES[c]
    if name == "clap":
        n = int(r(0.12, 0.25) * SR)
        x = _colour(rng.standard_normal(n), 600 * ps, 5000 * ps) * _env(n, 0.001, r(0.015, 0.03), rng)
    elif name == "double-clap":
        n1 = int(0.15 * SR)
        gap = int(r(0.12, 0.22) * SR)
        a = _colour(rng.standard_normal(n1), 600 * ps, 5000 * ps) * _env(n1, 0.001, r(0.015, 0.03), rng)
        b = _colour(rng.standard_normal(n1), 600 * ps, 5000 * ps) * _env(n1, 0.001, r(0.015, 0.03), rng) * r(0.6, 1.0)
        x = np.zeros(gap + n1); x[:n1] += a; x[gap:gap + n1] += b
    elif name == "knock":
        n = int(r(0.2, 0.35) * SR)
        t = np.arange(n) / SR
        x = np.zeros(n)
        for f in (r(150, 200), r(230, 300), r(320, 400)):
            x += r(0.5, 1.0) * np.sin(2 * np.pi * f * ps * t + r(0, 6.28)) * np.exp(-t / r(0.02, 0.06))
        x += 0.05 * _colour(rng.standard_normal(n), 300, 3000) * np.exp(-t / 0.005)
    elif name == "whistle":
        n = int(r(0.4, 0.9) * SR)
        t = np.arange(n) / SR
        f0 = r(1000, 3000) if session < 0 else (1200 + 350 * session) * ps
        glide = r(-0.08, 0.08)
        f = f0 * (1 + glide * t / t[-1])
        x = np.sin(2 * np.pi * np.cumsum(f) / SR) * _env(n, 0.03, 10.0, rng) * np.minimum(1, (n - np.arange(n)) / (0.03 * SR))
        x *= 1 + 0.1 * np.sin(2 * np.pi * r(4, 7) * t)
    elif name == "snap":
        n = int(r(0.05, 0.1) * SR)
        x = _colour(rng.standard_normal(n), 1500 * ps, 7000) * _env(n, 0.0003, r(0.002, 0.006), rng)
        t = np.arange(n) / SR
        x += 0.5 * np.sin(2 * np.pi * r(2000, 3000) * ps * t) * np.exp(-t / 0.004)
    elif name == "hiss":
        n = int(r(0.5, 1.0) * SR)
        x = _colour(rng.standard_normal(n), 2500 * ps, 7500) * _env(n, 0.05, 10.0, rng)
        x *= np.minimum(1, (n - np.arange(n)) / (0.08 * SR))
    elif name == "chirp":
        n = int(r(0.25, 0.5) * SR)
        t = np.arange(n) / SR
        f0, f1 = r(400, 700) * ps, r(2500, 4000) * ps
        f = f0 * (f1 / f0) ** (t / t[-1])
        x = np.sin(2 * np.pi * np.cumsum(f) / SR) * _env(n, 0.01, 10.0, rng) * np.minimum(1, (n - np.arange(n)) / (0.02 * SR))
    elif name == "buzz":
        n = int(r(0.3, 0.7) * SR)
        t = np.arange(n) / SR
        f0 = r(90, 160) * ps
        ph = 2 * np.pi * f0 * t
        x = np.sign(np.sin(ph)) * 0.5 + 0.5 * ((ph / (2 * np.pi)) % 1.0 - 0.5)
        x = _colour(x, 80, 4000) * _env(n, 0.01, 10.0, rng) * np.minimum(1, (n - np.arange(n)) / (0.02 * SR))
    x = x / (np.sqrt(np.mean(x ** 2)) + 1e-12)
    # session "microphone": a fixed tilt + gentle resonance
    srng = np.random.default_rng(1000 + session)
    b, a = butter(1, srng.uniform(3000, 7000) / (SR / 2))
    x = 0.6 * x + 0.4 * lfilter(b, a, x)
    level_db = r(-30, -10)  # RMS dBFS, per take
    x *= 10 ** (level_db / 20) / (np.sqrt(np.mean(x ** 2)) + 1e-12)
    lead = np.zeros(int(r(0.0, 0.1) * SR))
    return np.concatenate([lead, x, np.zeros(int(r(0.0, 0.1) * SR))])


def make_synth(n_sess=4, n_take=50, seed=7):
    rng = np.random.default_rng(seed)
    clips, lab, spk, take = [], [], [], []
    for s in range(n_sess):
        for c in range(len(SYN_CLASSES)):
            for t in range(n_take):
                clips.append(synth_one(c, rng, s))
                lab.append(c); spk.append(s); take.append(t)
    return clips, np.array(lab), np.array(spk), np.array(take)


# ------------------------------------------------------------------ noise
def speech_power(x):
    """Power of the active part: mean power of 20 ms frames within 30 dB of the loudest."""
    n = len(x) // 320
    p = (x[:n * 320].reshape(n, 320) ** 2).mean(axis=1)
    return p[p > p.max() * 1e-3].mean()


def pink(n, rng):
    X = np.fft.rfft(rng.standard_normal(n))
    f = np.arange(len(X)); f[0] = 1
    y = np.fft.irfft(X / np.sqrt(f), n)
    return y / np.sqrt(np.mean(y ** 2))


def babble(n, rng, pool):
    """Sum of 6 random utterances (from `pool`, other speakers), each looped to length n."""
    y = np.zeros(n)
    for i in rng.choice(len(pool), 6, replace=False):
        c = pool[i]
        c = c / np.sqrt(speech_power(c))
        reps = np.tile(np.concatenate([c, np.zeros(rng.integers(0, 1600))]), n // len(c) + 2)
        off = rng.integers(0, len(c))
        y += reps[off:off + n]
    return y / np.sqrt(np.mean(y ** 2))


def to_int16(x):
    return np.clip(np.round(x * 32768.0), -32768, 32767) / 32768.0


def condition_signal(x, noise, snr, rng, pool=None):
    """Pad with 0.3 s of -70 dBFS white noise both sides, add the test noise over the
    whole padded signal at `snr` dB (relative to the clip's active power), quantise to int16."""
    pad_rms = 10 ** (PAD_DBFS / 20) / np.sqrt(2)  # -70 dBFS re full-scale sine
    y = np.concatenate([np.zeros(PAD), x, np.zeros(PAD)])
    y = y + pad_rms * rng.standard_normal(len(y))
    if noise is not None:
        ps = speech_power(x)
        if noise == "white":
            nz = rng.standard_normal(len(y))
        elif noise == "pink":
            nz = pink(len(y), rng)
        else:
            nz = babble(len(y), rng, pool)
        y = y + nz * np.sqrt(ps / 10 ** (snr / 10))
    return to_int16(y)


def sequences(clips, spk, cond, seed=0, pool_fn=None):
    """cond: ('perfect', None, None) -> log-mel of the bare clip;
             ('det', noise, snr) -> padded/noised signal, detector cut (fallback: whole).
    Returns list of (T,40) arrays and an array flag 'detected'."""
    kind, noise, snr = cond
    rng = np.random.default_rng(seed)
    out, ok = [], []
    for i, x in enumerate(clips):
        if kind == "perfect":
            out.append(logmel(to_int16(x))); ok.append(True)
            continue
        pool = pool_fn(spk[i]) if (noise == "babble") else None
        y = condition_signal(x, noise, snr, rng, pool)
        L = logmel(y)
        ev = pick_event(L, detect(L))
        if ev is None:
            out.append(L); ok.append(False)
        else:
            out.append(L[ev[0]:ev[1]]); ok.append(True)
    return out, np.array(ok)
