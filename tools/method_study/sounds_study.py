"""Sounds that are not words: which distance to use for textures, transients and words alike.

Reads the events the device's own detector found (fixed-point log-mel frames, written by
`kinu-bench events`), so the study starts from exactly what the classifier sees:

    swift build -c release --product kinu-bench
    .build/release/kinu-bench events --data ../shared/data/esc10-dev --out /tmp/esc.events
    .build/release/kinu-bench events --data ../shared/data/fsdd/recordings --out /tmp/fsdd.events
    python3 tools/method_study/sounds_study.py /tmp/esc.events /tmp/fsdd.events

Per clip the longest event stands for it. Sequence distance: the device's dual-view DTW on
the 16 x 12 template (step means for events cut at the maximum length), in the float
prototype's units (the device's are 32 times larger). Statistics: the 42 compared bytes of
`Template` (spread and motion of c1..c12 and of 8 band groups, the groups' shape, spread
and motion of loudness), unrounded; `--no-shape` leaves the shape out.
esc10-dev: pooled draws (k per class taught, the rest tested); FSDD: per speaker. Class
score: the mean of the two nearest examples, as on the device. 10 draws.
"""
import sys
import numpy as np
from chosen import K, KSHIFT, NF, NC, DRC_Q8, views
from engine import dtw_matrix

BANDS, GROUPS, MAXFRAMES = 40, 8, 75
SHAPE = True   # the band groups' shape; False gives the statistics without it


def load(path):
    blob = np.fromfile(path, dtype=np.int16)
    best = {}
    for line in open(path + ".tsv").read().strip().split("\n"):
        label, group, name, event, _, n, offset = line.split("\t")
        n, offset = int(n), int(offset) // 2
        if int(event) < 0:
            continue
        key = (label, name)
        if key not in best or n > best[key][2].shape[0]:
            best[key] = (label, group, blob[offset:offset + n * BANDS].reshape(n, BANDS).astype(np.int64))
    return list(best.values())


def cepstra(L):
    floor = L.sum(1).max() // BANDS - DRC_Q8
    return (np.maximum(L, floor) @ K.T + (1 << (KSHIFT - 1))) >> KSHIFT, floor


def sequence(L, step_means=True):
    C, _ = cepstra(L)
    T = len(C)
    out = np.empty((NF, NC))
    for j in range(NF):
        if T >= MAXFRAMES and step_means:
            a, b = j * T // NF, (j + 1) * T // NF
            out[j] = np.floor((2 * C[a:b].sum(0) + (b - a)) / (2 * (b - a)))
        else:
            p = (j * (T - 1) * 256) // (NF - 1)
            i0, f = p >> 8, p & 255
            out[j] = (C[i0] * (256 - f) + C[min(i0 + 1, T - 1)] * f + 128) >> 8
    return np.clip(out, -128, 127)


def statistics(L):
    C, floor = cepstra(L)
    spread = lambda x: np.abs(x - x.mean(0)).mean(0)
    motion = lambda x: np.abs(np.diff(x, axis=0)).mean(0) if len(x) > 1 else np.zeros(x.shape[1])
    groups = np.maximum(L, floor).reshape(len(L), GROUPS, BANDS // GROUPS).mean(2) / 16
    loudness = L.mean(1)[:, None] / 16
    level = groups.mean(0)
    shape = (level - level.mean()) / 4 if SHAPE else np.zeros(0)
    return np.concatenate([spread(C), motion(C), spread(groups), motion(groups), shape, spread(loudness), motion(loudness)])


def accuracy(D, y, g, ks=(1, 3, 5), draws=10):
    out = []
    for k in ks:
        accs = []
        for s in range(draws):
            r = np.random.default_rng(1000 + s)
            per_group = []
            for grp in sorted(set(g)):
                idx = np.where(g == grp)[0]
                taught = np.concatenate([r.choice(idx[y[idx] == c], k, replace=False) for c in sorted(set(y))])
                test = np.setdiff1d(idx, taught)
                d = D[np.ix_(test, taught)]
                score = np.array([np.sort(d[:, y[taught] == c], 1)[:, :2].mean(1) for c in sorted(set(y))]).T
                per_group.append((np.array(sorted(set(y)))[score.argmin(1)] == y[test]).mean())
            accs.append(np.mean(per_group))
        out.append(f"k={k} {100 * np.mean(accs):5.1f} ± {100 * np.std(accs) / np.sqrt(draws):.1f}")
    return "  ".join(out)


def main():
    global SHAPE
    if "--no-shape" in sys.argv:
        SHAPE = False
        sys.argv.remove("--no-shape")
    sets = {}
    for name, path in [("esc10-dev", sys.argv[1]), ("fsdd", sys.argv[2])]:
        items = load(path)
        labels = sorted(set(i[0] for i in items))
        y = np.array([labels.index(i[0]) for i in items])
        g = np.array([i[1] if name == "fsdd" else "all" for i in items])
        seqs = [sequence(i[2]) for i in items]
        D = dtw_matrix([views(s)[0] for s in seqs], None, 3, True) * 342 / 256 + \
            dtw_matrix([views(s)[1] for s in seqs], None, 3, True)
        X = np.array([statistics(i[2]) for i in items])
        S = np.abs(X[:, None] - X[None]).sum(2)
        sustained = np.array([len(i[2]) >= MAXFRAMES for i in items])
        sets[name] = (D, S, y, g, sustained)
        if name == "esc10-dev":
            # The encoder before statistics: steps sampled from the frames, not averaged.
            sampled = [sequence(i[2], step_means=False) for i in items]
            DA = dtw_matrix([views(s)[0] for s in sampled], None, 3, True)
            DB = dtw_matrix([views(s)[1] for s in sampled], None, 3, True)
            print(f"esc10-dev, sampled steps: view A (mean-normalised) alone  {accuracy(DA, y, g)}")
            print(f"esc10-dev, sampled steps: view B (raw + deltas) alone     {accuracy(DB, y, g)}")
            print(f"esc10-dev, sampled steps: both, as the device compared    {accuracy(DA * 342 / 256 + DB, y, g)}")
        print(f"{name}: {len(items)} clips, {100 * sustained.mean():.0f} % of them sustained (cut at 1.5 s); "
              f"median sequence distance {np.median(D):.0f}, statistics {np.median(S):.0f}")
    # The weight that puts the statistics on the sequences' scale: 3/4 of the median ratio
    # (esc10-dev's sequence median against its statistics median).
    D, S = sets["esc10-dev"][0], sets["esc10-dev"][1]
    w = 0.75 * np.median(D) / np.median(S)
    print(f"statistics weight w = {w:.2f}")
    for name, (D, S, y, g, sustained) in sets.items():
        q = np.repeat(sustained[:, None], len(sustained), 1)
        both = q & q.T
        print(f"\n{name}")
        print(f"  sequence only                              {accuracy(D, y, g)}")
        print(f"  statistics only                            {accuracy(S, y, g)}")
        print(f"  pair decides: both sustained D/4 + 35/32 S {accuracy(np.where(both, D / 4 + 35 / 32 * S, D), y, g)}")
        for a in [0, 0.25, 0.5, 1]:
            M = np.where(q, D / 16 + w * S, D + a * w * S)
            print(f"  query decides, other queries D + {a:.2f} w S    {accuracy(M, y, g)}")


if __name__ == "__main__":
    main()
