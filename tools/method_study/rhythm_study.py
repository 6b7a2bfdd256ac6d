"""The loudness's rhythm: does how a sound's loudness rises and falls tell sounds apart?

The device's statistics describe how much a sound moves (the spread and the frame-to-frame
motion of its bands and loudness), not at what pace: a clock's steady ticks, a fire's
random crackles, a sneeze's single burst and a helicopter's fast beat can move as much.
This study takes the loudness of the device's own events (the mean of the 40 log-mel bands
per frame, 50 frames per second), removes its mean, windows it, and measures its power
spectrum's share in octaves of modulation frequency, 8 log2(total / octave's) (1/8 octave
units, as the template stores them):

    .build/release/kinu-bench events --data ../shared/data/esc10-dev --out /tmp/esc.events
    .build/release/kinu-bench events --data ../shared/data/fsdd/recordings --out /tmp/fsdd.events
    python3 tools/method_study/rhythm_study.py /tmp/esc.events /tmp/fsdd.events \
        ../shared/data/esc10-dev ../shared/data/fsdd/recordings

"Before" is the template before the rhythm: the statistics with the octaves' peakiness
(fine_structure_study.py) and the band groups' motion. Distances as on the device: a
sustained query by D/16 + w S, any other by D + w S / 4, with the hub correction
(hubness_study.py, beta = 1/2, K = 1). esc10-dev pooled, FSDD per speaker; 20 draws, the
same for every variant. Variants: the octaves' bands (6 octaves 0.5-25 Hz, 5 from 1 Hz, 8
narrower bands), the window (triangular, Hann, none), the unit (1/8, 1/12, 1/16 octave),
loudness only or also the eight band groups, a spectrum from the DFT or from differences
at lags 1..16 (a cheaper structure function), and whether the rhythm is added to the
statistics or takes the band groups' motion's eight bytes.
"""
import sys
import numpy as np
import fine_structure_study as F
import hubness_study as H
from sounds_study import sequence, MAXFRAMES
from chosen import views
from engine import dtw_matrix

FRAME_RATE = 50
OCTAVES6 = [(0.5, 1), (1, 2), (2, 4), (4, 8), (8, 16), (16, 25)]
OCTAVES5 = OCTAVES6[1:]
BANDS8 = [(0.5, 1), (1, 1.5), (1.5, 2.5), (2.5, 4), (4, 6), (6, 10), (10, 16), (16, 25)]
W = 18.25 / 32          # the statistics weight in the float prototype's units
GROUP_MOTION = list(range(20, 28))   # in `before`: after 12 spreads of c1..c12 and 8 of groups


def before_statistics(stats, powers):
    """The template's statistics before the rhythm: the spreads of c1..c12, the groups'
    spread, motion and shape, the loudness' spread and motion, the octaves' peakiness."""
    keep = np.r_[0:12, 24:stats.shape[1]]
    peaks = []
    for P in powers:
        Q = P[::4]
        v = np.array([np.log2((b - a) * (Q[:, a:b] ** 2).sum(1) / Q[:, a:b].sum(1) ** 2) for a, b in F.OCTAVES]).T * 32
        m = v.mean(0)
        peaks.append(np.r_[m, np.abs(v - m).mean(0)])
    return np.c_[stats[:, keep], np.array(peaks)]


def loudness(L):
    return np.floor(L.astype(np.int64).sum(1) / 40) / 256     # octaves, as the device's Q8 mean


def rhythm(e, bands=OCTAVES6, window="triangular", unit=8, fft=256, shortest=8):
    n = len(e)
    if n < shortest:
        return np.zeros(len(bands))
    w = {"triangular": np.minimum(np.arange(1, n + 1), np.arange(n, 0, -1)).astype(float),
         "hann": np.hanning(n), "none": np.ones(n)}[window]
    P = np.abs(np.fft.rfft((e - e.mean()) * w, fft)) ** 2
    f = np.arange(len(P)) * FRAME_RATE / fft
    E = np.array([P[(f >= a) & (f < b)].sum() for a, b in bands]) + 1e-30
    return np.round(unit * np.log2(E.sum() / E))


def differences(e, lags=(1, 2, 4, 8, 16), unit=8):
    """The structure function: mean |e(t + lag) - e(t)| per lag, relative to their mean."""
    v = np.array([np.log2(np.abs(e[lag:] - e[:-lag]).mean() + 1 / 64) if len(e) > lag else -6 for lag in lags])
    return np.round(unit * (v - v.mean())) if len(e) >= 16 else np.zeros(len(lags))


def setting(events_path, root, per_speaker):
    events, y, g, _, stats, powers = F.prepare(events_path, root)
    seqs = [sequence(e[4].astype(np.int64)) for e in events]
    D = np.zeros((len(y), len(y)))
    for grp in sorted(set(g)):
        idx = np.where(g == grp)[0] if per_speaker else np.arange(len(y))
        part = [seqs[i] for i in idx]
        D[np.ix_(idx, idx)] = dtw_matrix([views(s)[0] for s in part], None, 3, True) * 342 / 256 + \
            dtw_matrix([views(s)[1] for s in part], None, 3, True)
        if not per_speaker:
            break
    sustained = np.array([len(e[4]) >= MAXFRAMES for e in events])
    return events, y, g, D, sustained, before_statistics(stats, powers)


def device(S, s, k, draws=20):
    events, y, g, D, sustained, _ = s
    M = np.where(sustained[:, None], D / 16 + W * S, D + W * S / 4)
    return H.accuracy(M, y, g, W * S, sustained, k, draws, 0.5, 1, True)


def per_class(S, s, k=5, draws=20):
    events, y, g, D, sustained, _ = s
    M = np.where(sustained[:, None], D / 16 + W * S, D + W * S / 4)
    hits, plays = np.zeros(10), np.zeros(10)
    for d in range(draws):
        rng = np.random.default_rng(1000 + d)
        taught = np.concatenate([rng.choice(np.where(y == c)[0], k, replace=False) for c in range(10)])
        test = np.setdiff1d(np.arange(len(y)), taught)
        others = np.where(y[taught][:, None] != y[taught][None], W * S[np.ix_(taught, taught)], np.inf).min(1)
        share = np.where(sustained[test], 1.0, 0.25)[:, None]
        dist = M[np.ix_(test, taught)] - 0.5 * share * others[None, :]
        score = np.array([np.sort(dist[:, y[taught] == c], 1)[:, :2].mean(1) for c in range(10)]).T
        for c in range(10):
            hits[c] += (score.argmin(1) == y[test])[y[test] == c].sum()
            plays[c] += (y[test] == c).sum()
    return hits / plays


def main():
    esc = setting(sys.argv[1], sys.argv[3], False)
    fsdd = setting(sys.argv[2], sys.argv[4], True)
    print("device form (sequence, statistics, hub correction), k = 1 / k = 5, mean ± standard error over 20 draws")
    print(f"{'':58s} {'esc10-dev':24s} FSDD")

    def row(label, make, replace):
        cells = []
        for s in (esc, fsdd):
            events, base = s[0], s[5]
            X = np.array([make(e[4]) for e in events]) if make else np.zeros((len(events), 0))
            kept = base[:, [i for i in range(base.shape[1]) if not (replace and i in GROUP_MOTION)]]
            S = F.l1(np.c_[kept, X])
            cells.append(f"{device(S, s, 1)} / {device(S, s, 5)}")
        print(f"  {label:56s} {cells[0]:24s} {cells[1]}", flush=True)

    row("before", None, False)
    row("before, without the groups' motion", None, True)
    row("+ rhythm, 6 octaves 0.5-25 Hz, triangular, 1/8 (adopted)", lambda L: rhythm(loudness(L)), True)
    row("  the same added (the groups' motion kept)", lambda L: rhythm(loudness(L)), False)
    row("  5 octaves from 1 Hz", lambda L: rhythm(loudness(L), OCTAVES5), True)
    row("  8 narrower bands", lambda L: rhythm(loudness(L), BANDS8), True)
    row("  Hann window", lambda L: rhythm(loudness(L), window="hann"), True)
    row("  no window", lambda L: rhythm(loudness(L), window="none"), True)
    row("  1/12 octave", lambda L: rhythm(loudness(L), unit=12), True)
    row("  1/16 octave", lambda L: rhythm(loudness(L), unit=16), True)
    row("  differences at lags 1-16 instead of the DFT", lambda L: differences(loudness(L)), True)
    row("  also each band group's rhythm (54 bytes, added)",
        lambda L: np.concatenate([rhythm(loudness(L))] + [rhythm(L[:, 5 * i:5 * i + 5].astype(np.int64).mean(1) / 256)
                                                          for i in range(8)]), False)
    labels = sorted(set(e[0] for e in esc[0]))
    base = esc[5]
    X = np.array([rhythm(loudness(e[4])) for e in esc[0]])
    a = per_class(F.l1(base), esc)
    b = per_class(F.l1(np.c_[base[:, [i for i in range(base.shape[1]) if i not in GROUP_MOTION]], X]), esc)
    print("\nesc10-dev, k = 5, per class: before -> adopted")
    for c, label in enumerate(labels):
        print(f"  {label:16s} {100 * a[c]:5.1f} -> {100 * b[c]:5.1f} %")


if __name__ == "__main__":
    main()
