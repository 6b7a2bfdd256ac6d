"""Cosine steps: comparing each step of two templates by its direction only.

With the L1 distance between steps, a step counts by how loud its spectral shape is, so the
vowels dominate and a word never taught that shares the vowel of a taught one ("six" and
"three") lies as near as a new take of it. The cosine distance counts every step by how its
shape differs. This compares, with the unknown-sound protocol of `unknown_study.py` (FSDD
per speaker, k = 5 takes of digits 0-4 taught, 5-9 played, 20 draws, the product gate at
its 95 % point):

- the device's L1 steps (view A 16 x - S, band 3; view B 4 x raw + 2 x halved deltas, band
  5; summed 342 : 1024 >> 12);
- the device's cosine steps in integers, as KinuDSP.h defines them: per step 13 values
  (A: 16 x - S; B: 16 x; both ending in 16 x the floor 32), the query's scaled to length
  127 and rounded to bytes, the example's kept and multiplied by 127 / its length (Q16);
  a cell costs 127^2 - that product; band 3 for both; the views weighed so that each one's
  median over FSDD pairs is what the L1 view's was (the weights are printed);
- the same without the floor, and with view B's deltas kept (L1's view B, as cosine).

Per speaker the false accepts are also read with the gate chosen on the other three
speakers (the strictest keeping their taught words sure and right >= 95 %).

    .build/release/kinu-bench events --data ../shared/data/fsdd/recordings --out /tmp/fsdd.events
    python3 tools/method_study/cosine_study.py /tmp/fsdd.events
"""
import sys
import numpy as np
import numba as nb
from sounds_study import load, sequence
from unknown_study import collect, at_95, judge

UNIT = 127


@nb.njit(cache=True)
def floor_sqrt(v):
    root = 0
    bit = 1 << 30
    while bit > v:
        bit >>= 2
    while bit:
        if v >= root + bit:
            v -= root + bit
            root = (root >> 1) + bit
        else:
            root >>= 1
        bit >>= 2
    return root


@nb.njit(cache=True)
def unit_scale(v):
    s = 0
    for k in range(len(v)):
        s += v[k] * v[k]
    n = max(1, floor_sqrt(s))   # 0 only without the floor, for a silent step
    return ((UNIT << 16) + n // 2) // n


@nb.njit(cache=True)
def step_vectors(x, floor, deltas):
    """Per step: view A (16 x - S), view B (16 x, then 4 x the step's deltas if asked),
    each ending in 16 x the floor (as integers)."""
    S = x.sum(0)
    nb_ = 12 + (12 if deltas else 0) + 1
    A = np.zeros((16, 13), np.int64)
    B = np.zeros((16, nb_), np.int64)
    for t in range(16):
        for k in range(12):
            A[t, k] = 16 * x[t, k] - S[k]
            B[t, k] = 16 * x[t, k]
            if deltas:
                B[t, 12 + k] = 4 * (x[min(15, t + 1), k] - x[max(0, t - 1), k])
        A[t, 12] = 16 * floor
        B[t, nb_ - 1] = 16 * floor
    return A, B


@nb.njit(cache=True)
def cosine_costs(P, Q):
    """Cell costs as the kernel computes them: the query step P[i] in bytes, the example
    step Q[j] as it is, times 127 / its length."""
    n = P.shape[0]
    U = np.zeros(P.shape, np.int64)
    for i in range(n):
        s = unit_scale(P[i])
        for k in range(P.shape[1]):
            U[i, k] = (P[i, k] * s + (1 << 15)) >> 16
    C = np.zeros((n, n), np.int64)
    for j in range(n):
        r = unit_scale(Q[j])
        for i in range(n):
            dot = 0
            for k in range(P.shape[1]):
                dot += U[i, k] * Q[j, k]
            C[i, j] = max(0, UNIT * UNIT - ((dot * r) >> 16))
    return C


@nb.njit(cache=True)
def l1_costs(P, Q):
    n = P.shape[0]
    C = np.zeros((n, n), np.int64)
    for i in range(n):
        for j in range(n):
            C[i, j] = np.abs(P[i] - Q[j]).sum()
    return C


@nb.njit(cache=True)
def warp(C, band):
    far = 1 << 60
    acc = np.full((16, 16), far, np.int64)
    for i in range(16):
        for j in range(max(0, i - band), min(15, i + band) + 1):
            c = C[i, j]
            if i == 0 and j == 0:
                acc[i, j] = 2 * c
                continue
            best = far
            if i > 0:
                best = min(best, acc[i - 1, j] + c)
            if j > 0:
                best = min(best, acc[i, j - 1] + c)
            if i > 0 and j > 0:
                best = min(best, acc[i - 1, j - 1] + 2 * c)
            acc[i, j] = best
    return acc[15, 15]


def l1_views(x):
    S = x.sum(0)
    A = 16 * x - S
    d = np.array([(x[min(15, t + 1)] - x[max(0, t - 1)]) >> 1 for t in range(16)])
    return A, np.concatenate([4 * x, 2 * d], 1)


def view_distances(items, kind):
    """Per pair (i, j) the two views' DTW sums, query i against example j."""
    seqs = [sequence(i[2]).astype(np.int64) for i in items]
    if kind == "l1":
        views = [l1_views(x) for x in seqs]
    else:
        views = [step_vectors(x, 0 if kind == "no floor" else 32, kind == "deltas") for x in seqs]
    n = len(items)
    DA, DB = np.zeros((n, n)), np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            if i == j:
                continue
            if kind == "l1":
                DA[i, j] = warp(l1_costs(views[i][0], views[j][0]), 3)
                DB[i, j] = warp(l1_costs(views[i][1], views[j][1]), 5)
            else:
                DA[i, j] = warp(cosine_costs(views[i][0], views[j][0]), 3)
                DB[i, j] = warp(cosine_costs(views[i][1], views[j][1]), 3)
    return DA, DB


def per_speaker(fsdd, groups, kind):
    n = len(fsdd)
    DA, DB = np.full((n, n), np.inf), np.full((n, n), np.inf)
    for g in sorted(set(groups)):
        idx = np.where(groups == g)[0]
        a, b = view_distances([fsdd[i] for i in idx], kind)
        DA[np.ix_(idx, idx)], DB[np.ix_(idx, idx)] = a, b
    return DA, DB


def combine(DA, DB, kind, reference):
    """The views summed as the device does; cosine views weighed so each one's median over
    the pairs matches the L1 view's (the device's weights)."""
    if kind == "l1":
        return (DA * 342 + DB * 1024) / 4096
    off = np.isfinite(DA) & (DA > 0)
    la, lb = reference
    wa = 65536 * np.median(la[off] * 342 / 4096) / np.median(DA[off])
    wb = 65536 * np.median(lb[off] * 1024 / 4096) / np.median(DB[off])
    return (DA * wa + DB * wb) / 65536, (wa, wb)


def loso(D, y, g):
    """Each speaker at the gate chosen on the other three."""
    out = []
    for held in sorted(set(g)):
        rest = g != held
        cols = collect(D[np.ix_(rest, rest)], y[rest], g[rest], [list(range(5))], 5000)
        best, second, spread = cols[0], cols[1], cols[2]
        tau = at_95(cols, lambda v: best ** 2 > v * spread * second, np.arange(0.5, 2.0, 0.005))[0]
        one = g == held
        c = collect(D[np.ix_(one, one)], y[one], g[one], [list(range(5))], 5000)
        unsure = c[0] ** 2 > tau * c[2] * c[1]
        sure_right = (~unsure & (c[3] == c[4]))[c[5]].mean()
        out.append(f"{held} tau {tau:.3f}: false accepts {100 * (~unsure)[~c[5]].mean():4.1f} %, "
                   f"sure and right {100 * sure_right:4.1f} %")
    return out


def main():
    fsdd = load(sys.argv[1])
    labels = sorted(set(i[0] for i in fsdd))
    y = np.array([labels.index(i[0]) for i in fsdd])
    g = np.array([i[1] for i in fsdd])
    la, lb = per_speaker(fsdd, g, "l1")
    for kind in ["l1", "cosine", "no floor", "deltas"]:
        if kind == "l1":
            D, title = combine(la, lb, kind, None), "L1 steps (the device before)"
        else:
            D, (wa, wb) = combine(*per_speaker(fsdd, g, kind), kind, (la, lb))
            title = f"cosine steps, {kind} (views weighed {wa:.0f} : {wb:.0f} in 65536ths)"
        cols = collect(D, y, g, [list(range(5))], 5000)
        best, second, spread = cols[0], cols[1], cols[2]
        rule = lambda v: best ** 2 > v * spread * second
        tau = at_95(cols, rule, np.arange(0.5, 2.0, 0.005))[0]
        print(f"\n{title}")
        print("  " + judge(cols, rule(tau), f"product gate, tau {tau:.3f} (95 % point)"))
        for line in loso(D, y, g):
            print("    " + line)


if __name__ == "__main__":
    main()
