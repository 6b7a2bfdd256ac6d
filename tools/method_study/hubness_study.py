"""Hub examples: does taking each stored example's closeness to the other classes out of its
distances help (CSLS, the hubness correction of nearest-neighbour retrieval)?

At k = 1 on esc10-dev a few stored examples (a sea-waves clip above all) are near almost
every query, so they win for chainsaws and helicopters too. CSLS ranks a stored example e
for a query by d(query, e) - beta * r(e), r(e) being the mean distance from e to its K
nearest stored examples of the other classes (beta = 1/2 is CSLS as published: 2 d - r(e)
- r(query), with r(query) the same for every example of one query).

Reads the device detector's events, as sounds_study.py does:

    .build/release/kinu-bench events --data ../shared/data/esc10-dev --out /tmp/esc.events
    .build/release/kinu-bench events --data ../shared/data/fsdd/recordings --out /tmp/fsdd.events
    python3 tools/method_study/hubness_study.py /tmp/esc.events /tmp/fsdd.events

Distances as the device computes them (float): a sustained query by D/16 + w S, any other
by D + w S / 4. Class score: the mean of the two nearest. esc10-dev pooled, 20 draws; FSDD
per speaker, 10 draws.
"""
import sys
import numpy as np
import sounds_study as ss
from chosen import views
from engine import dtw_matrix

W = 0.57   # the statistics weight (sounds_study.py)


def distances(path, per_speaker):
    items = ss.load(path)
    labels = sorted(set(i[0] for i in items))
    y = np.array([labels.index(i[0]) for i in items])
    g = np.array([i[1] if per_speaker else "all" for i in items])
    seqs = [ss.sequence(i[2]) for i in items]
    D = dtw_matrix([views(s)[0] for s in seqs], None, 3, True) * 342 / 256 + \
        dtw_matrix([views(s)[1] for s in seqs], None, 3, True)
    X = np.array([ss.statistics(i[2]) for i in items])
    S = np.abs(X[:, None] - X[None]).sum(2)
    sustained = np.array([len(i[2]) >= ss.MAXFRAMES for i in items])
    return np.where(sustained[:, None], D / 16 + W * S, D + W / 4 * S), y, g, W * S, sustained


def accuracy(M, y, g, R, sustained, k, draws, beta, K, device_form=False, tested=None):
    """`tested`: which clips may be tested (all when None)."""
    means = []
    for s in range(draws):
        rng = np.random.default_rng(1000 + s)
        per_group = []
        for grp in sorted(set(g)):
            idx = np.where(g == grp)[0]
            classes = sorted(set(y[idx]))
            taught = np.concatenate([rng.choice(idx[y[idx] == c], k, replace=False) for c in classes])
            test = np.setdiff1d(idx, taught)
            if tested is not None:
                test = test[tested[test]]
            between = R if device_form else M
            others = np.where(y[taught][:, None] != y[taught][None], between[np.ix_(taught, taught)], np.inf)
            r = np.sort(others, 1)[:, :K].mean(1)
            share = np.where(sustained[test], 1.0, 0.25)[:, None] if device_form else 1.0
            d = M[np.ix_(test, taught)] - beta * share * r[None, :]
            score = np.array([np.sort(d[:, y[taught] == c], 1)[:, :2].mean(1) for c in classes]).T
            per_group.append((np.array(classes)[score.argmin(1)] == y[test]).mean())
        means.append(np.mean(per_group))
    return f"{100 * np.mean(means):5.1f} ± {100 * np.std(means) / np.sqrt(draws):.1f}"


def main():
    esc = distances(sys.argv[1], False)
    fsdd = distances(sys.argv[2], True)
    print("beta  K   esc10-dev k=1   k=5            FSDD k=1        k=5")
    for beta, K in [(0, 3), (0.25, 3), (0.5, 1), (0.5, 3), (0.5, 5), (0.75, 3)]:
        print(f"{beta:4}  {K}   {accuracy(*esc, 1, 20, beta, K)}    {accuracy(*esc, 5, 20, beta, K)}    "
              f"{accuracy(*fsdd, 1, 10, beta, K)}    {accuracy(*fsdd, 5, 10, beta, K)}")
    print("\nthe device's form: r(e) = W S to the nearest of another class, weighed as the query weighs statistics")
    print("beta      esc10-dev k=1   k=5            FSDD k=1        k=5")
    for beta in [0.25, 0.5, 0.75, 1.0]:
        print(f"{beta:4}      {accuracy(*esc, 1, 20, beta, 1, True)}    {accuracy(*esc, 5, 20, beta, 1, True)}    "
              f"{accuracy(*fsdd, 1, 10, beta, 1, True)}    {accuracy(*fsdd, 5, 10, beta, 1, True)}")


if __name__ == "__main__":
    main()
