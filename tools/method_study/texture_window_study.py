"""Longer textures: do a sustained sound's statistics gain from more than 1.5 s of it?

The device keeps at most 75 frames (1.5 s) of an event, and a texture's statistics over
1.5 s differ from one stretch of it to the next. Here each esc10-dev clip's statistics
(sounds_study.statistics, on the float front end's log-mel frames) are taken over the
first N frames from the onset of the device detector's event, for N = 75 to 250 (5 s):
all of them; only frames within 5 or 3 octaves of the first 1.5 s's loudest (roughly where
a detector would still hear the sound); and, as an online device could compute them, with
the spreads about the first 75 frames' means and the floor from those frames only.
Events shorter than 75 frames keep their statistics. Statistics distance alone, the mean
of the two nearest, pooled draws (sounds_study.accuracy, 10 draws).

    .build/release/kinu-bench events --data ../shared/data/esc10-dev --out /tmp/esc.events
    python3 tools/method_study/texture_window_study.py /tmp/esc.events ../shared/data/esc10-dev
"""
import sys
import wave
import numpy as np
import sounds_study as ss
import frontend as fe
from chosen import K as DCT, KSHIFT, DRC_Q8

LEAD = 30   # frames of quiet room before each clip in the events' streams (0.6 s)
BANDS, GROUPS = 40, 8


def read(path):
    w = wave.open(path)
    return np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16).astype(float) / 32768


def online_statistics(L, kept=75):
    """statistics() with the floor and the spreads' centres from the first `kept` frames."""
    floor = L[:kept].sum(1).max() // BANDS - DRC_Q8
    C = (np.maximum(L, floor) @ DCT.T + (1 << (KSHIFT - 1))) >> KSHIFT
    spread = lambda x: np.abs(x - x[:kept].mean(0)).mean(0)
    motion = lambda x: np.abs(np.diff(x, axis=0)).mean(0) if len(x) > 1 else np.zeros(x.shape[1])
    groups = np.maximum(L, floor).reshape(len(L), GROUPS, BANDS // GROUPS).mean(2) / 16
    loudness = L.mean(1)[:, None] / 16
    level = groups.mean(0)
    shape = (level - level.mean()) / 4
    return np.concatenate([spread(C), motion(C), spread(groups), motion(groups), shape, spread(loudness), motion(loudness)])


def main():
    events, folder = sys.argv[1], sys.argv[2]
    onsets = {}
    for line in open(events + ".tsv").read().strip().split("\n"):
        label, _, name, event, start, n, _ = line.split("\t")
        key = (label, name)
        if int(event) >= 0 and (key not in onsets or int(n) > onsets[key][1]):
            onsets[key] = (int(start), int(n))
    items = ss.load(events)   # the same clips, in the same order
    labels = sorted(set(i[0] for i in items))
    y = np.array([labels.index(i[0]) for i in items])
    g = np.zeros(len(items))
    frames = [np.round(fe.logmel(read(f"{folder}/{label}/{name}")) * 256).astype(np.int64) for label, name in onsets]
    print("esc10-dev, statistics only, k = 1 and 5 (10 draws)")
    for N in (75, 125, 175, 250):
        for mode in ("all frames", "within 5 octaves", "within 3 octaves", "online: centres and floor from 1.5 s"):
            X = []
            for (key, (start, n)), L, item in zip(onsets.items(), frames, items):
                if n < 75:
                    X.append(ss.statistics(item[2]))
                    continue
                segment = L[max(0, start - LEAD):max(0, start - LEAD) + N]
                if mode.startswith("within"):
                    octaves = int(mode.split()[1])
                    loud = segment.mean(1)
                    keep = loud > loud[:75].max() - octaves * 256
                    keep[:75] = True
                    segment = segment[keep]
                X.append(online_statistics(segment) if mode.startswith("online") else ss.statistics(segment))
            X = np.array(X)
            S = np.abs(X[:, None] - X[None]).sum(2)
            print(f"  N = {N:3d}  {mode:38s} {ss.accuracy(S, y, g, (1, 5), 10)}")


if __name__ == "__main__":
    main()
