"""The spectrum's fine structure: is a sound tonal or noise-like, octave by octave?

The device's statistics describe a sound through its mel bands, which smooth away what lies
inside a band: the harmonics of a chainsaw, a rooster or a cry against the flat spectrum of
rain, waves or crackling. This study measures, per frame of the device's own events, each
octave's crest (log2 of the largest FFT bin over the octave's mean bin), flatness (log2
of the bins' geometric mean over their arithmetic mean) and peakiness (log2 of n sum p^2 /
(sum p)^2 over its n bins: the crest with the largest bin replaced by the bins' quadratic
mean, one multiply-accumulate per bin on the device), summarised per event by their mean
and mean absolute deviation, and adds them to the statistics distance:

    .build/release/kinu-bench events --data ../shared/data/esc10-dev --out /tmp/esc.events
    .build/release/kinu-bench events --data ../shared/data/fsdd/recordings --out /tmp/fsdd.events
    python3 tools/method_study/fine_structure_study.py /tmp/esc.events /tmp/fsdd.events \
        ../shared/data/esc10-dev ../shared/data/fsdd/recordings

Frames as the device's front end cuts them: 480-sample Hann window, 512-point FFT, 320-sample
hop, 16 kHz (FSDD resampled from 8 kHz). Octaves in FFT bins (31.25 Hz each), within the
mel filters' span (bins 5-239), as whole mel segments: 5-7, 8-14, 15-32, 33-63, 64-127,
128-239. The features are in fixed units, 1/N octave (N = 8, 16 or 32), no scale fitted to
a data set; "replacing" puts them in place of the cepstra's motion (12 bytes of the
template, so its size stays).
Per clip the longest event stands for it (as sounds_study.py). esc10-dev pooled (and with no
clip tested from a recording that was taught), FSDD per speaker; class score the mean of the
two nearest examples; 20 draws, the same draws for every variant (differences are paired).
"""
import os
import sys
import numpy as np
from scipy.io import wavfile
from scipy.signal import resample_poly
from sounds_study import statistics, sequence, BANDS, MAXFRAMES
from chosen import views
from engine import dtw_matrix

LEAD = 9600                     # samples of quiet room before each clip (ClipPreparation)
WINDOW, FFT, HOP = 480, 512, 320
OCTAVES = [(5, 8), (8, 15), (15, 33), (33, 64), (64, 128), (128, 240)]
HALF_OCTAVES = [(5, 8), (8, 11), (11, 15), (15, 22), (22, 33), (33, 47), (47, 64), (64, 91), (91, 128),
                (128, 176), (176, 240)]
DRAWS = 20


def load_events(path):
    """Each clip's longest event: (label, group, file name, start frame, log-mel frames)."""
    blob = np.fromfile(path, dtype=np.int16)
    best = {}
    for line in open(path + ".tsv").read().strip().split("\n"):
        label, group, name, event, start, n, offset = line.split("\t")
        n, offset = int(n), int(offset) // 2
        if int(event) < 0:
            continue
        if (label, name) not in best or n > len(best[(label, name)][4]):
            best[(label, name)] = (label, group, name, int(start), blob[offset:offset + n * BANDS].reshape(n, BANDS))
    return sorted(best.values(), key=lambda e: (e[0], e[2]))


def audio(root, label, name):
    path = os.path.join(root, label, name)
    if not os.path.exists(path):
        path = os.path.join(root, name)
    rate, x = wavfile.read(path)
    x = x.astype(float) / 32768
    return resample_poly(x, 16000 // rate, 1) if rate < 16000 else x


def power_frames(x, start, frames):
    """The event's FFT power spectra, frame by frame (the stream's frame f begins at sample
    f * HOP, the clip at LEAD)."""
    window = np.hanning(WINDOW + 2)[1:-1]
    out = []
    for f in range(start, start + frames):
        a = f * HOP - LEAD
        seg = np.zeros(WINDOW)
        lo, hi = max(a, 0), min(a + WINDOW, len(x))
        if hi > lo:
            seg[lo - a:hi - a] = x[lo:hi]
        out.append(np.abs(np.fft.rfft(seg * window, FFT)) ** 2 + 1e-12)
    return np.array(out)


def fine_structure(P, every=1, octaves=OCTAVES):
    """Per event: mean and mean absolute deviation over its frames (every `every`-th) of
    each octave's crest, flatness and peakiness (log2 units)."""
    P = P[::every]
    crest = np.array([np.log2(P[:, a:b].max(1) / P[:, a:b].mean(1)) for a, b in octaves]).T
    flat = np.array([np.log2(np.exp(np.log(P[:, a:b]).mean(1)) / P[:, a:b].mean(1)) for a, b in octaves]).T
    peak = np.array([np.log2((b - a) * (P[:, a:b] ** 2).sum(1) / P[:, a:b].sum(1) ** 2) for a, b in octaves]).T
    summary = lambda v: np.concatenate([v.mean(0), np.abs(v - v.mean(0)).mean(0)])
    return summary(crest), summary(flat), summary(peak)


def l1(X):
    return np.abs(X[:, None] - X[None]).sum(2)


def accuracy(D, y, groups, ks=(1, 3, 5), recordings=None):
    """Mean over draws (± standard error). Pooled when groups are all equal, else per group;
    with recordings, no test clip shares a recording with a taught one."""
    out = []
    for k in ks:
        accs = []
        for s in range(DRAWS):
            rng = np.random.default_rng(1000 + s)
            per_group = []
            for g in sorted(set(groups)):
                idx = np.where(groups == g)[0]
                taught = np.concatenate([rng.choice(idx[y[idx] == c], k, replace=False) for c in sorted(set(y))])
                test = np.setdiff1d(idx, taught)
                if recordings is not None:
                    test = test[~np.isin(recordings[test], recordings[taught])]
                d = D[np.ix_(test, taught)]
                score = np.array([np.sort(d[:, y[taught] == c], 1)[:, :2].mean(1) for c in sorted(set(y))]).T
                per_group.append((np.array(sorted(set(y)))[score.argmin(1)] == y[test]).mean())
            accs.append(np.mean(per_group))
        out.append(f"k={k} {100 * np.mean(accs):4.1f} ± {100 * np.std(accs) / np.sqrt(DRAWS):.1f}")
    return "  ".join(out)


def prepare(events_path, root):
    events = load_events(events_path)
    labels = sorted(set(e[0] for e in events))
    y = np.array([labels.index(e[0]) for e in events])
    groups = np.array([e[1] for e in events])
    recordings = np.array(["-".join(e[2].split("-")[:2]) for e in events])
    stats = np.array([statistics(e[4].astype(np.int64)) for e in events])
    powers = [power_frames(audio(root, e[0], e[2]), e[3], len(e[4])) for e in events]
    return events, y, groups, recordings, stats, powers


def device_form(events, stats_distance):
    """The device's mixture (sounds_study, "the query decides"): a sustained query by
    D/16 + w S, any other by D + w S / 4."""
    seqs = [sequence(e[4].astype(np.int64)) for e in events]
    D = dtw_matrix([views(s)[0] for s in seqs], None, 3, True) * 342 / 256 + \
        dtw_matrix([views(s)[1] for s in seqs], None, 3, True)
    sustained = np.array([len(e[4]) >= MAXFRAMES for e in events])
    w = 18.25 / 32
    return np.where(sustained[:, None], D / 16 + w * stats_distance, D + w * stats_distance / 4)


def main():
    esc_events, fsdd_events, esc_root, fsdd_root = sys.argv[1:5]
    events, y, g, rec, stats, powers = prepare(esc_events, esc_root)
    S = l1(stats)
    motionless = l1(stats[:, np.r_[0:12, 24:stats.shape[1]]])   # without the cepstra's motion
    every1 = [fine_structure(P) for P in powers]
    every4 = [fine_structure(P, 4) for P in powers]
    crest, flat, peak = (np.array([f[i] for f in every1]) for i in range(3))
    crest4, flat4, peak4 = (np.array([f[i] for f in every4]) for i in range(3))
    print(f"esc10-dev: {len(y)} clips, statistics distance alone (pooled | no taught recording tested)")
    print(f"  statistics                        {accuracy(S, y, g)}  |  {accuracy(S, y, g, recordings=rec)}")
    print(f"  without the cepstra's motion      {accuracy(motionless, y, g)}  |  {accuracy(motionless, y, g, recordings=rec)}")
    for name, X in (("crest", crest), ("flatness", flat), ("peakiness", peak), ("crest + flatness", np.c_[crest, flat]),
                    ("crest, every 4th frame", crest4), ("peakiness, every 4th frame", peak4)):
        for unit in (8, 16, 32):
            D = S + unit * l1(X)
            print(f"  + {name:26s} 1/{unit:<2d} {accuracy(D, y, g)}  |  {accuracy(D, y, g, recordings=rec)}")
    print("  peakiness every 4th frame, 1/32, replacing the cepstra's motion (the device's choice):")
    chosen = motionless + 32 * l1(peak4)
    print(f"    means and spreads               {accuracy(chosen, y, g)}  |  {accuracy(chosen, y, g, recordings=rec)}")
    print(f"    means only                      {accuracy(motionless + 32 * l1(peak4[:, :6]), y, g)}")
    half = np.array([fine_structure(P, 4, HALF_OCTAVES)[2] for P in powers])
    print(f"    half octaves                    {accuracy(motionless + 32 * l1(half), y, g)}")
    print("  one octave left out at a time (k = 5):")
    for o in range(len(OCTAVES)):
        keep = [i for i in range(12) if i % 6 != o]
        print(f"    without {OCTAVES[o][0] * 31.25:6.0f} Hz and up   {accuracy(motionless + 32 * l1(peak4[:, keep]), y, g, ks=(5,))}")
    print("  the device's mixture with the sequence (no hub correction):")
    print(f"    statistics                      {accuracy(device_form(events, S), y, g)}")
    print(f"    the device's choice             {accuracy(device_form(events, chosen), y, g)}")

    events, y, g, rec, stats, powers = prepare(fsdd_events, fsdd_root)
    S = l1(stats)
    motionless = l1(stats[:, np.r_[0:12, 24:stats.shape[1]]])
    peak4 = np.array([fine_structure(P, 4)[2] for P in powers])
    chosen = motionless + 32 * l1(peak4)
    print(f"\nFSDD: {len(y)} clips, per speaker")
    print(f"  statistics alone                  {accuracy(S, y, g)}")
    print(f"  the device's choice alone         {accuracy(chosen, y, g)}")
    print(f"  device mixture                    {accuracy(device_form(events, S), y, g)}")
    print(f"  device mixture, device's choice   {accuracy(device_form(events, chosen), y, g)}")


if __name__ == "__main__":
    main()
