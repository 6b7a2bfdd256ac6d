"""Two sounds in one event: is a word that follows another sound with no quiet between them
found again when the event is also classified as its two parts?

FSDD taught clean (the device detector's events in a quiet room) and tested with a noise
recording mixed in at 10 dB (`kinu-bench events --noise`, as for `noise_band_study.py`);
the device's distances in float with the hub correction, per speaker, k = 5, 3 draws.
Each noisy event is classified whole and, when it has a dip in its loudness (the 3-frame
sum of mean band levels at least `depth` below the lower of the highest points before and
after it, each part at least `minlen` frames), as its two parts split there; the candidate
whose best class scores lowest answers (`EventParts` on the device). `minevent`: only
events at least that long are split; `two`: parts of `minevent` frames or more are split
once more. Then the same on clean FSDD (k = 1 and 5, and the untaught digits' false accepts
at 95 % sure and right with the device's gate) and on esc10-dev (pooled, 10 draws).

    .build/release/kinu-bench events --data ../shared/data/fsdd/recordings --out /tmp/fsdd.events
    .build/release/kinu-bench events --data ../shared/data/esc10-dev --out /tmp/esc.events
    for n in baby-cry clock-tick rain sea-waves; do
        .build/release/kinu-bench events --data ../shared/data/fsdd/recordings --out /tmp/$n.events \\
            --noise ../shared/data/esc10-dev/$n --snr 10
    done
    python3 tools/method_study/event_parts_study.py /tmp/fsdd.events /tmp/esc.events /tmp/baby-cry.events ...

The babble in `event_parts_output.txt` is six espeak-ng voices mixed with sox (synthetic).
"""
import sys
import numpy as np
import noise_band_study as nb
import sounds_study as ss


def dip(L, minlen, depth):
    """The frame where the second part starts, or None (depth in Q8 octaves per frame)."""
    n = len(L)
    if n < 2 * minlen:
        return None
    loud = L.mean(1).astype(float)
    s = np.full(n, -np.inf)
    s[1:-1] = loud[:-2] + loud[1:-1] + loud[2:]
    best, where = 0.0, None
    for t in range(minlen, n - minlen):
        d = min(s[:t].max(), s[t:].max()) - s[t]
        if d > best:
            best, where = d, t
    return where if best >= 3 * depth else None


class Candidates:
    """Each query's distances to every taught item: whole, and its parts when split."""

    def __init__(self, queries, taught_items, minlen=8, depth=256, minevent=0, two=False, whole=None):
        """`whole`: another Candidates of the same queries, whose whole-event distances are reused."""
        self.taught = whole.taught if whole else nb.prepare(taught_items, True)
        if whole:
            self.whole, self.whole_sustained = whole.whole, whole.whole_sustained
        else:
            q = nb.prepare(queries, True)
            self.whole, self.whole_sustained = nb.distances(q, self.taught, (3, 5)), q[3]
        parts, owners = [], []
        for i, item in enumerate(queries):
            L = item[2]
            if len(L) < minevent or len(L) >= ss.MAXFRAMES:
                continue
            t = dip(L, minlen, depth)
            if t is None:
                continue
            spans = [(0, t), (t, len(L))]
            if two:
                for a, b in list(spans):
                    u = dip(L[a:b], minlen, depth) if b - a >= minevent else None
                    if u is not None:
                        spans += [(a, a + u), (a + u, b)]
            for a, b in spans:
                parts.append((item[0], item[1], L[a:b]))
                owners.append(i)
        self.parts = {}
        if parts:
            qp = nb.prepare(parts, True)
            M = nb.distances(qp, self.taught, (3, 5))
            for j, i in enumerate(owners):
                self.parts.setdefault(i, []).append((M[j], qp[3][j]))
        self.R = nb.W * np.abs(self.taught[2][:, None] - self.taught[2][None]).sum(2)

    def scores(self, i, taught, ty, classes, r, use_parts):
        """Class scores (hub-corrected) of the candidate whose best class is nearest."""
        rows = [(self.whole[i], self.whole_sustained[i])] + (self.parts.get(i, []) if use_parts else [])
        best = None
        for d, sustained in rows:
            dd = d[taught] - 0.5 * (1.0 if sustained else 0.25) * r
            sc = np.array([np.sort(dd[ty == c])[:2].mean() for c in classes])
            if best is None or sc.min() < best.min():
                best = sc
        return best


def evaluate(C, y, g, k, draws, use_parts, tested=None, unknown=None):
    """Accuracy (mean ± s.e. over draws), or with `unknown` the rows the gate is judged on."""
    accs, rows = [], []
    for s in range(draws):
        rng = np.random.default_rng(1000 + s)
        per = []
        for grp in sorted(set(g)):
            idx = np.where(g == grp)[0]
            classes = [c for c in sorted(set(y[idx])) if unknown is None or c not in unknown]
            taught = np.concatenate([rng.choice(idx[y[idx] == c], k, replace=False) for c in classes])
            ty = y[taught]
            test = np.setdiff1d(idx, taught)
            if tested is not None:
                test = test[tested[test]]
            others = np.where(ty[:, None] != ty[None], C.R[np.ix_(taught, taught)], np.inf)
            r = others.min(1)
            spread = {}
            if unknown is not None:
                for c in classes:
                    m = taught[ty == c]
                    spread[c] = np.mean([np.sort(C.whole[a, np.setdiff1d(m, [a])])[:2].mean() for a in m])
            right = 0
            for i in test:
                sc = C.scores(i, taught, ty, classes, r, use_parts)
                o = np.argsort(sc)
                best = classes[o[0]]
                right += best == y[i]
                if unknown is not None:
                    rows.append((sc[o[0]], sc[o[1]], spread[best], best == y[i], y[i] not in unknown, s))
            per.append(right / len(test))
        accs.append(np.mean(per))
    if unknown is not None:
        return np.array(rows, dtype=float)
    return f"{100 * np.mean(accs):5.1f} ± {100 * np.std(accs) / np.sqrt(draws):.1f}"


def false_accepts_at_95(rows):
    """The product gate (best^2 > tau spread runner-up) at its 95 % sure-and-right point."""
    best, second, spread, right, known, draw = rows.T
    score = best * best / (np.maximum(spread, 1e-9) * second)
    found = None
    for tau in np.quantile(score, np.linspace(0.2, 0.995, 600)):
        sure = score <= tau
        sure_right = (sure & (right > 0))[known > 0].mean()
        accepted = sure[known == 0].mean()
        if sure_right >= 0.95 and (found is None or accepted < found[0]):
            per_draw = [sure[(known == 0) & (draw == d)].mean() for d in sorted(set(draw))]
            found = (accepted, np.std(per_draw) / np.sqrt(len(per_draw)), sure_right)
    return f"{100 * found[0]:.1f} ± {100 * found[1]:.1f} % ({100 * found[2]:.1f} % sure and right)"


VARIANTS = [dict(minevent=0), dict(minevent=24), dict(minevent=30), dict(minevent=36),
            dict(minevent=30, two=True)]
ADOPTED = dict(minevent=30)


def main():
    clean, spans = nb.events(sys.argv[1])
    names = sorted(clean)
    y = np.array([int(clean[n][0]) for n in names])
    g = np.array([clean[n][1] for n in names])
    taught_items = [clean[n] for n in names]
    print("FSDD taught clean, k = 5, 10 dB, 3 draws; events split (of 2000) in brackets")
    for path in sys.argv[3:]:
        heard, _ = nb.events(path, spans)
        has = np.array([n in heard for n in names])
        queries = [heard.get(n, clean[n]) for n in names]
        W = Candidates(queries, taught_items, minevent=ss.MAXFRAMES)
        print(f"{path.split('/')[-1]:24s} whole only           {evaluate(W, y, g, 5, 3, False, tested=has)}")
        for v in VARIANTS:
            C = Candidates(queries, taught_items, whole=W, **v)
            label = f"minevent {v['minevent']}" + (", split twice" if v.get("two") else "")
            print(f"{'':24s} {label:20s} {evaluate(C, y, g, 5, 3, True, tested=has)} ({len(C.parts)})", flush=True)
    C = Candidates(taught_items, taught_items, **ADOPTED)
    for k in (1, 5):
        print(f"FSDD clean k = {k}, 5 draws: whole {evaluate(C, y, g, k, 5, False)}, with parts {evaluate(C, y, g, k, 5, True)}")
    for use in (False, True):
        rows = evaluate(C, y, g, 5, 10, use, unknown={5, 6, 7, 8, 9})
        print(f"FSDD untaught digits accepted, k = 5, 10 draws, {'with parts' if use else 'whole'}: {false_accepts_at_95(rows)}")
    items = ss.load(sys.argv[2])
    labels = sorted(set(i[0] for i in items))
    ye = np.array([labels.index(i[0]) for i in items])
    ge = np.array(["all"] * len(items))
    C = Candidates(items, items, **ADOPTED)
    for k in (1, 5):
        print(f"esc10-dev k = {k}, 10 draws: whole {evaluate(C, ye, ge, k, 10, False)}, with parts {evaluate(C, ye, ge, k, 10, True)}")


if __name__ == "__main__":
    main()
