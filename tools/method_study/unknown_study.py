"""Unknown sounds: which "unsure" rule turns away sounds that were never taught.

Reads the events of the device's own detector (`kinu-bench events`, as sounds_study.py)
and computes the device's sequence distance between all takes of one speaker:

    .build/release/kinu-bench events --data ../shared/data/fsdd/recordings --out /tmp/fsdd.events
    .build/release/kinu-bench events --data ../shared/data/esc10-dev --out /tmp/esc.events
    python3 tools/method_study/unknown_study.py /tmp/fsdd.events /tmp/esc.events

Protocol: teach k = 5 takes of half the classes, play the other takes of those classes
(taught) and every take of the other half (unknown). FSDD per speaker, digits 0-4 taught;
esc10-dev pooled, both halves in turn. 20 draws. Class score: the mean of the two nearest
examples, as on the device. A rule is judged by its false accepts (unknown takes given a
class) at the point where taught takes are still given their right class 95 % of the time
("sure and right").

Rules:
- ratio: unsure when best score / runner-up score > rho (the device's confidence gate);
- spread: unsure when best score > alpha x the class's own spread, where the spread is the
  mean over the class's examples of each one's score against its classmates (the same
  mean of the two nearest), i.e. how far a new take of that class usually lies;
- product: unsure when best^2 > tau x spread x runner-up (the geometric mean of both);
- the same with the device's spread: each example's score against the examples taught
  before it (its teaching distance), averaged over the class.

Then, for FSDD, rules measured and not adopted (`other_rules`): the mean score of every
other taught class in place of the runner-up, with 3, 5 and 8 classes taught; and the
statistics distance as a second opinion (the query's statistics distance to the nearest
example of the best class, against that example's nearest of another class, as the hub
distances on the device).
"""
import sys
import numpy as np
from sounds_study import load, sequence, statistics, MAXFRAMES
from chosen import views
from engine import dtw_matrix

DRAWS, K = 20, 5


def distances(items):
    seqs = [sequence(i[2]) for i in items]
    D = dtw_matrix([views(s)[0] for s in seqs], None, 3, True) * 342 / 256 + \
        dtw_matrix([views(s)[1] for s in seqs], None, 3, True)
    sustained = np.array([len(i[2]) >= MAXFRAMES for i in items])
    X = np.array([statistics(i[2]) for i in items])
    S = np.abs(X[:, None] - X[None]).sum(2)
    # The device's rule: a sustained query by D/16 + w S, any other by its sequence.
    w = 18.25 / 32
    return np.where(sustained[:, None], D / 16 + w * S, D)


def two_nearest_mean(d):
    s = np.sort(d, -1)
    return s[..., :2].mean(-1) if d.shape[-1] > 1 else s[..., 0]


def trial(D, y, taught_classes, rng):
    """Scores of every played take: (best score, runner-up score, spread of best class,
    best class, true label, known?, the device's spread of the best class)."""
    taught = np.concatenate([rng.choice(np.where(y == c)[0], K, replace=False) for c in taught_classes])
    played = np.setdiff1d(np.arange(len(y)), taught)
    classes = np.array(taught_classes)
    scores = np.stack([two_nearest_mean(D[np.ix_(played, taught[y[taught] == c])]) for c in classes], 1)
    spreads, taught_spreads = [], []
    for c in classes:
        members = taught[y[taught] == c]
        within = D[np.ix_(members, members)] + np.diag(np.full(len(members), np.inf))
        spreads.append(two_nearest_mean(within).mean())
        taught_spreads.append(np.mean([two_nearest_mean(D[members[i], members[:i]]) for i in range(1, len(members))]))
    spreads, taught_spreads = np.array(spreads), np.array(taught_spreads)
    order = np.argsort(scores, 1)
    best = scores[np.arange(len(played)), order[:, 0]]
    second = scores[np.arange(len(played)), order[:, 1]]
    return (best, second, spreads[order[:, 0]], classes[order[:, 0]], y[played], np.isin(y[played], classes),
            taught_spreads[order[:, 0]])


def collect(D, y, groups, halves, seed0):
    rows = []
    for s in range(DRAWS):
        rng = np.random.default_rng(seed0 + s)
        for grp in sorted(set(groups)):
            idx = np.where(groups == grp)[0]
            for taught_classes in halves:
                t = trial(D[np.ix_(idx, idx)], y[idx], taught_classes, rng)
                rows.append(t[:6] + (np.full(len(t[0]), s), t[6]))
    return [np.concatenate([r[i] for r in rows]) for i in range(8)]


def judge(cols, unsure, name):
    best, second, spread, predicted, truth, known, draw, _ = cols
    sure_right = (~unsure & (predicted == truth))[known].mean()
    false_accept = (~unsure)[~known].mean()
    per_draw = [(~unsure)[~known & (draw == s)].mean() for s in range(DRAWS)]
    se = np.std(per_draw) / np.sqrt(DRAWS)
    return f"{name:46s} sure and right {100 * sure_right:5.1f} %  false accepts {100 * false_accept:5.1f} ± {100 * se:.1f} %"


def at_95(cols, make_rule, values):
    """The value of the rule's knob that keeps taught takes sure and right >= 95 %, with
    the fewest false accepts."""
    best, second, spread, predicted, truth, known, draw, _ = cols
    found = None
    for v in values:
        unsure = make_rule(v)
        if (~unsure & (predicted == truth))[known].mean() >= 0.95:
            fa = (~unsure)[~known].mean()
            if found is None or fa < found[1]:
                found = (v, fa)
    return found


def study(name, D, y, groups, halves):
    cols = collect(D, y, groups, halves, 5000)
    best, second, spread, predicted, truth, known, draw, taught_spread = cols
    print(f"\n{name}: {known.sum()} taught takes, {(~known).sum()} unknown takes played over {DRAWS} draws")
    print("  " + judge(cols, np.zeros_like(best, bool), "no gate (best class always)"))
    print("  " + judge(cols, best > 0.95 * second, "ratio 0.95 (the gate before)"))
    rules = [("ratio", lambda v: best > v * second, np.arange(0.5, 1.0, 0.01)),
             ("spread x", lambda v: best > v * spread, np.arange(0.8, 3.0, 0.01)),
             ("product, tau", lambda v: best ** 2 > v * spread * second, np.arange(0.5, 2.0, 0.01)),
             ("product, device spread, tau", lambda v: best ** 2 > v * taught_spread * second, np.arange(0.5, 2.0, 0.01))]
    for label, rule, values in rules:
        found = at_95(cols, rule, values)
        if found:
            print("  " + judge(cols, rule(found[0]), f"{label} {found[0]:.2f} (95 % point)"))
    for label, rule, _ in rules[2:]:
        print("  " + judge(cols, rule(1.0) | (best > 0.95 * second), f"{label} 1 and ratio 0.95"))


def other_rules(D, S, y, g):
    print("\nFSDD, per speaker, k = 5, rules not adopted (the product with the device's spread, 95 % point):")
    for count in (3, 5, 8):
        classes = np.arange(count)
        cols = {name: [] for name in ("best", "second", "others", "spread", "right", "known", "draw", "sq", "hub")}
        for s in range(DRAWS):
            rng = np.random.default_rng(5000 + s)
            for grp in sorted(set(g)):
                idx = np.where(g == grp)[0]
                Dg, Sg, yg = D[np.ix_(idx, idx)], S[np.ix_(idx, idx)], y[idx]
                taught = np.concatenate([rng.choice(np.where(yg == c)[0], K, replace=False) for c in classes])
                played = np.setdiff1d(np.arange(len(yg)), taught)
                ty = yg[taught]
                scores = np.stack([two_nearest_mean(Dg[np.ix_(played, taught[ty == c])]) for c in classes], 1)
                spread = np.array([np.mean([two_nearest_mean(Dg[m[i], m[:i]]) for i in range(1, K)])
                                   for m in (taught[ty == c] for c in classes)])
                order = np.argsort(scores, 1)
                rows = np.arange(len(played))
                best = scores[rows, order[:, 0]]
                hub = np.where(ty[:, None] != ty[None], Sg[np.ix_(taught, taught)], np.inf).min(1)
                mine = np.where(ty[None] == order[:, :1], Dg[np.ix_(played, taught)], np.inf).argmin(1)
                for name, value in (("best", best), ("second", scores[rows, order[:, 1]]),
                                    ("others", (scores.sum(1) - best) / (count - 1)),
                                    ("spread", spread[order[:, 0]]), ("right", order[:, 0] == yg[played]),
                                    ("known", np.isin(yg[played], classes)), ("draw", np.full(len(played), s)),
                                    ("sq", Sg[np.ix_(played, taught)][rows, mine]), ("hub", hub[mine])):
                    cols[name].append(value)
        c = {name: np.concatenate(v) for name, v in cols.items()}
        product = c["best"] ** 2 / (c["spread"] * c["second"])
        rules = [("runner-up", product), ("mean of the others", c["best"] ** 2 / (c["spread"] * c["others"]))]
        if count == 5:
            rules += [(f"runner-up x (statistics / hub)^{a}", product * (c["sq"] / c["hub"]) ** a) for a in (0.25, 0.5)]
        for label, score in rules:
            found = None
            for tau in np.arange(0.3, 3.0, 0.005):
                unsure = score > tau
                right = (~unsure & c["right"])[c["known"]].mean()
                accepted = (~unsure)[~c["known"]].mean()
                if right >= 0.95 and (found is None or accepted < found[1]):
                    per_draw = [(~unsure)[~c["known"] & (c["draw"] == s)].mean() for s in range(DRAWS)]
                    found = (tau, accepted, np.std(per_draw) / np.sqrt(DRAWS))
            print(f"  {count} classes taught, {label:38s} tau {found[0]:.2f}  false accepts "
                  f"{100 * found[1]:5.1f} ± {100 * found[2]:.1f} %")


def main():
    fsdd = load(sys.argv[1])
    labels = sorted(set(i[0] for i in fsdd))
    y = np.array([labels.index(i[0]) for i in fsdd])
    g = np.array([i[1] for i in fsdd])
    D = np.zeros((len(fsdd), len(fsdd)))
    for grp in sorted(set(g)):
        idx = np.where(g == grp)[0]
        D[np.ix_(idx, idx)] = distances([fsdd[i] for i in idx])
    study("FSDD, per speaker, digits 0-4 taught", D, y, g, [list(range(5))])
    X = np.array([statistics(i[2]) for i in fsdd])
    other_rules(D, np.abs(X[:, None] - X[None]).sum(2), y, g)
    if len(sys.argv) > 2:
        esc = load(sys.argv[2])
        labels = sorted(set(i[0] for i in esc))
        y = np.array([labels.index(i[0]) for i in esc])
        study("esc10-dev, pooled, each half taught in turn", distances(esc), y, np.zeros(len(y)),
              [list(range(5)), list(range(5, 10))])


if __name__ == "__main__":
    main()
