"""Would finer sequences turn away more untaught words?

The unknown-sound gate (`unknown_study.py`) lets about 13 % of untaught FSDD digits through
at the point where 95 % of taught takes are sure and right. This asks whether the stored
sequence is what limits it: the same protocol and gate, with the sequence distance computed
on finer or richer sequences than the device keeps.

    .build/release/kinu-bench events --data ../shared/data/fsdd/recordings --out /tmp/fsdd.events
    python3 tools/method_study/sequence_resolution_study.py /tmp/fsdd.events

Variants (each the dual-view DTW: mean-normalised view + raw view with deltas, L1):
- the device: 16 steps x 12 weighted cepstra, integer, band 3;
- the same 16 steps in float, resampled as the finer variants are (their baseline);
- 24 and 32 steps, and every frame (native length), band scaled with the length;
- 16 and 20 cepstra (the same sqrt(i) weights carried on) at 16 steps;
- each step's loudness (the floored mean band level) added to the device's 12 values;
- the aligned path's worst quarter of steps: the mean of the largest quarter of the local
  costs along the device's alignment, so a short mismatch (one vowel) is not averaged away.
The gate is the device's product rule with the leave-one-out spread, at its 95 % point.
FSDD, per speaker, k = 5 takes of digits 0-4 taught, 20 draws.
"""
import sys
import numpy as np
import numba as nb
from sounds_study import load, sequence, cepstra
from chosen import views, DRC_Q8, Q
from engine import dtw_matrix, resample_frames, deltas, dct_matrix
from unknown_study import collect, at_95, judge


def per_speaker(items, groups, make, distance):
    D = np.full((len(items), len(items)), np.inf)
    for grp in sorted(set(groups)):
        idx = np.where(groups == grp)[0]
        D[np.ix_(idx, idx)] = distance([make(items[i][2]) for i in idx])
    return D


def dual_view(band):
    def distance(seqs):
        A = dtw_matrix([s - s.mean(0) for s in seqs], None, band, True)
        B = dtw_matrix([np.concatenate([s, deltas(s) / 2], 1) for s in seqs], None, band, True)
        return A * 342 / 256 + B
    return distance


def weighted_cepstra(n):
    """c1..cn of the floored log-mel, weighted by 0.068 sqrt(i), in the device's 1/32 units."""
    M = dct_matrix(n + 1)[1:] * (0.068 * np.sqrt(np.arange(1, n + 1)))[:, None] * Q

    def make(L):
        floored = np.maximum(L, L.sum(1).max() // 40 - DRC_Q8) / 256.0
        return resample_frames(floored @ M.T, 16)
    return make


@nb.njit(cache=True)
def worst_quarter(A, B, band):
    n, m = A.shape[0], B.shape[0]
    acc = np.full((n + 1, m + 1), 1e30)
    local = np.zeros((n + 1, m + 1))
    acc[0, 0] = 0.0
    for i in range(1, n + 1):
        for j in range(max(1, i - band), min(m, i + band) + 1):
            s = 0.0
            for k in range(A.shape[1]):
                s += abs(A[i - 1, k] - B[j - 1, k])
            local[i, j] = s
            acc[i, j] = min(acc[i - 1, j - 1] + 2 * s, min(acc[i - 1, j] + s, acc[i, j - 1] + s))
    path = np.empty(n + m)
    c, i, j = 0, n, m
    while i > 0 and j > 0:
        path[c] = local[i, j]
        c += 1
        a, b, e = acc[i - 1, j - 1], acc[i - 1, j], acc[i, j - 1]
        if a <= b and a <= e:
            i, j = i - 1, j - 1
        elif b <= e:
            i -= 1
        else:
            j -= 1
    costs = np.sort(path[:c])[::-1]
    return costs[:max(1, c // 4)].mean()


@nb.njit(cache=True)
def worst_quarter_matrix(X):
    D = np.zeros((X.shape[0], X.shape[0]))
    for p in range(X.shape[0]):
        for q in range(p + 1, X.shape[0]):
            D[p, q] = D[q, p] = worst_quarter(X[p], X[q], 3)
    return D


def with_loudness(weight):
    """The device's sequence plus each step's loudness (the floored mean band level) as a
    13th value, `weight` times a cepstrum's unit."""
    def make(L):
        floored = np.maximum(L, L.sum(1).max() // 40 - DRC_Q8)
        track = resample_frames((floored.mean(1) / 256.0)[:, None], 16)[:, 0]
        return np.concatenate([sequence(L), (weight * Q * track)[:, None]], 1)
    return make


def device_views(seqs):
    return dtw_matrix([views(s)[0] for s in seqs], None, 3, True) * 342 / 256 + \
        dtw_matrix([views(s)[1] for s in seqs], None, 3, True)


def joint_views(s):
    A, B = views(s)
    return np.concatenate([A * 342 / 256, B], 1)


def main():
    items = load(sys.argv[1])
    labels = sorted(set(i[0] for i in items))
    y = np.array([labels.index(i[0]) for i in items])
    g = np.array([i[1] for i in items])
    native = lambda L: cepstra(L)[0].astype(float)
    variants = [
        ("the device: 16 steps x 12 cepstra", lambda: per_speaker(items, g, sequence, device_views)),
        ("16 steps as the others (float), band 3", lambda: per_speaker(
            items, g, lambda L: resample_frames(native(L), 16), dual_view(3))),
        ("24 steps, band 4", lambda: per_speaker(items, g, lambda L: resample_frames(native(L), 24), dual_view(4))),
        ("32 steps, band 6", lambda: per_speaker(items, g, lambda L: resample_frames(native(L), 32), dual_view(6))),
        ("every frame (native length), band 6", lambda: per_speaker(items, g, native, dual_view(6))),
        ("16 steps x 16 cepstra", lambda: per_speaker(items, g, weighted_cepstra(16), dual_view(3))),
        ("16 steps x 20 cepstra", lambda: per_speaker(items, g, weighted_cepstra(20), dual_view(3))),
        ("each step's loudness added, weight 0.1", lambda: per_speaker(items, g, with_loudness(0.1), device_views)),
        ("each step's loudness added, weight 0.4", lambda: per_speaker(items, g, with_loudness(0.4), device_views)),
        ("the aligned path's worst quarter of steps", lambda: per_speaker(
            items, g, lambda L: joint_views(sequence(L)), lambda seqs: worst_quarter_matrix(np.array(seqs)))),
    ]
    print(f"FSDD, per speaker, k = 5 takes of digits 0-4 taught, {len(items)} clips; the product gate "
          "(leave-one-out spread) at its 95 % point")
    for name, make in variants:
        cols = collect(make(), y, g, [list(range(5))], 5000)
        best, second, spread, predicted, truth, known = cols[:6]
        closed = (predicted == truth)[known].mean()
        found = at_95(cols, lambda v: best ** 2 > v * spread * second, np.arange(0.5, 2.0, 0.01))
        verdict = judge(cols, best ** 2 > found[0] * spread * second, name)
        print(f"  {verdict}  (closed set {100 * closed:.1f} %)", flush=True)
        if name.startswith("the device"):
            D, tau = make(), found[0]
            for speaker in sorted(set(g)):
                idx = np.where(g == speaker)[0]
                c = collect(D[np.ix_(idx, idx)], y[idx], g[idx], [list(range(5))], 5000)
                print("      " + judge(c, c[0] ** 2 > tau * c[2] * c[1], f"{speaker}, the same tau"))


if __name__ == "__main__":
    main()
