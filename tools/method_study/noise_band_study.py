"""Words in real noise: how wide should the DTW's band be, and do view B's deltas matter?

FSDD taught clean (the device detector's events in a quiet room) and tested with a noise
recording mixed in (the events of `kinu-bench events --noise`; for each clip the noisy
event that overlaps its clean event most, as the evaluation picks the one on the
recording). The device's distances in float: both views' DTW with band A and band B, a
query not sustained by D + W/4 S, a sustained one by D/16 + W S, the hub correction as
on the device (`hubness_study.accuracy`); per speaker, k = 5 (noisy), k = 1 and 5 (clean),
3 / 10 draws.

    .build/release/kinu-bench events --data ../shared/data/fsdd/recordings --out /tmp/fsdd.events
    .build/release/kinu-bench events --data ../shared/data/fsdd/recordings --out /tmp/fsdd-sea10.events \\
        --noise ../shared/data/esc10-dev/sea-waves --snr 10
    .build/release/kinu-bench events --data ../shared/data/fsdd/recordings --out /tmp/fsdd-rain10.events \\
        --noise ../shared/data/esc10-dev/rain --snr 10
    python3 tools/method_study/noise_band_study.py /tmp/fsdd.events /tmp/fsdd-sea10.events /tmp/fsdd-rain10.events
"""
import sys
import numpy as np
import sounds_study as ss
import hubness_study as hs
from chosen import views
from engine import dtw_matrix

W = 0.57


def events(path, reference=None):
    """The longest event of each clip, or the one overlapping `reference[clip]` most;
    and every clip's (start, end) frames."""
    blob = np.fromfile(path, dtype=np.int16)
    chosen, rank, spans = {}, {}, {}
    for line in open(path + ".tsv").read().strip().split("\n"):
        label, group, name, event, start, n, offset = line.split("\t")
        n, offset, start = int(n), int(offset) // 2, int(start)
        if int(event) < 0:
            continue
        if reference is None:
            r = (n,)
        else:
            a, b = reference[name]
            r = (max(0, min(start + n, b) - max(start, a)), n)
        if name not in chosen or r > rank[name]:
            chosen[name] = (label, group, blob[offset:offset + n * 40].reshape(n, 40).astype(np.int64))
            rank[name], spans[name] = r, (start, start + n)
    return chosen, spans


def prepare(items, deltas):
    seqs = [ss.sequence(i[2]) for i in items]
    A = [views(s)[0] for s in seqs]
    B = [views(s)[1] if deltas else views(s)[1][:, :12] for s in seqs]
    X = np.array([ss.statistics(i[2]) for i in items])
    sustained = np.array([len(i[2]) >= ss.MAXFRAMES for i in items])
    return A, B, X, sustained


def distances(query, taught, bands):
    (qa, qb, qx, qs), (ta, tb, tx, _) = query, taught
    D = dtw_matrix(qa, ta, bands[0], True) * 342 / 256 + dtw_matrix(qb, tb, bands[1], True)
    S = np.abs(qx[:, None] - tx[None]).sum(2)
    return np.where(qs[:, None], D / 16 + W * S, D + W / 4 * S)


def taught_clean(path):
    """The clean events of `path` as the taught side of the oracle studies: the events and
    their spans, the clip names, labels, speakers, prepared templates and hub distances."""
    clean, spans = events(path)
    names = sorted(clean)
    y = np.array([int(clean[n][0]) for n in names])
    g = np.array([clean[n][1] for n in names])
    taught = prepare([clean[n] for n in names], True)
    R = W * np.abs(taught[2][:, None] - taught[2][None]).sum(2)
    return clean, spans, names, y, g, taught, R


def noisy_accuracy(items, taught, y, g, R, has):
    """k = 5, 3 draws, the device's bands (3, 5), test items against the clean taught ones."""
    query = prepare(items, True)
    M = distances(query, taught, (3, 5))
    return hs.accuracy(M, y, g, R, query[3], 5, 3, 0.5, 1, True, tested=has)


def main():
    clean, spans = events(sys.argv[1])
    names = sorted(clean)
    y = np.array([int(clean[n][0]) for n in names])
    g = np.array([clean[n][1] for n in names])
    noisy = [events(path, spans)[0] for path in sys.argv[2:]]
    print("bands A, B   deltas   " + "   ".join(f"{p.split('/')[-1]:>22s} k=5" for p in sys.argv[2:])
          + "     clean k=1         k=5")
    for bands in [(2, 2), (3, 3), (4, 4), (5, 5), (6, 6), (3, 5), (5, 3), (4, 5)]:
        for deltas in (True, False):
            if not deltas and bands not in [(3, 3), (5, 5)]:
                continue
            taught = prepare([clean[n] for n in names], deltas)
            # The hub distances: between the taught (clean) examples' statistics.
            R = W * np.abs(taught[2][:, None] - taught[2][None]).sum(2)
            row = []
            for heard in noisy:
                has = np.array([n in heard for n in names])
                query = prepare([heard.get(n, clean[n]) for n in names], deltas)
                M = distances(query, taught, bands)
                row.append(hs.accuracy(M, y, g, R, query[3], 5, 3, 0.5, 1, True, tested=has))
            M = distances(taught, taught, bands)
            row += [hs.accuracy(M, y, g, R, taught[3], k, 10, 0.5, 1, True) for k in (1, 5)]
            print(f"  {bands[0]}, {bands[1]}      {'yes' if deltas else 'no ':5s}  "
                  + "   ".join(f"{r:>26s}" for r in row[:-2]) + f"   {row[-2]:>11s}   {row[-1]}")


if __name__ == "__main__":
    main()
