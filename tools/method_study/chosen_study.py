"""Benchmark of the chosen method in its integer form (Q8 log-mel in, int8 stored sequences),
plus the rejection ("unsure") rule and the unknown-class test."""
import numpy as np
import chosen
from engine import draws, class_scores

KS = (1, 3, 5, 10)


def q8(seqs):
    return [np.round(L * 256).astype(np.int64) for L in seqs]


def enc(seqs):
    return [chosen.encode(L) for L in q8(seqs)]


def matrices(Xte, Xtr, groups, med):
    out = []
    for idx in groups:
        A = [Xte[i] for i in idx]
        B = None if Xte is Xtr else [Xtr[i] for i in idx]
        DA, DB = chosen.distance_matrices(A, B)
        out.append(DA / med[0] + DB / med[1])
    return out


def calibrate(X, groups):
    """Median DA, DB over within-speaker pairs (every 4th clip), per speaker."""
    meds = []
    for idx in groups:
        DA, DB = chosen.distance_matrices([X[i] for i in idx[::4]])
        iu = np.triu_indices(DA.shape[0], 1)
        meds.append((np.median(DA[iu]), np.median(DB[iu])))
    return np.array(meds)


def protocol(Ms, lab, groups, ks, n_draws, rule="knn2", classes=None, thr=None, abs_thr=None):
    """Returns acc[k]; with thr/abs_thr also (reject rate, accuracy on accepted) per threshold,
    and with classes also the unknown-class reject rate (tests of classes not taught)."""
    res = {}
    for k in ks:
        acc, rej = [], []
        for g, idx in enumerate(groups):
            y = lab[idx]
            M = Ms[g]
            for d in range(n_draws):
                tr = draws(y, None, k, seed=1000 * k + d, classes=classes)
                te = np.setdiff1d(np.arange(len(y)), tr)
                S = class_scores(M[np.ix_(te, tr)], y[tr], y.max() + 1, rule)
                pred = S.argmin(1)
                s = np.sort(S, 1)
                ratio = s[:, 0] / np.maximum(s[:, 1], 1e-9)
                known = np.ones(len(te), bool) if classes is None else np.isin(y[te], classes)
                acc.append((pred[known] == y[te][known]).mean())
                if thr is not None:
                    row = []
                    for t in thr:
                        for a in (abs_thr or [np.inf]):
                            ok = (ratio <= t) & (s[:, 0] <= a)
                            r_known = 1 - ok[known].mean()
                            a_acc = (pred[known & ok] == y[te][known & ok]).mean() if (known & ok).any() else np.nan
                            r_unk = 1 - ok[~known].mean() if (~known).any() else np.nan
                            row.append((t, a, r_known, a_acc, r_unk))
                    rej.append(row)
        res[k] = (float(np.mean(acc)), np.nanmean(np.array(rej, float), 0) if rej else None)
    return res


def run(C, n_draws=5, log=print):
    lab, spk = C["lab"], C["spk"]
    groups = [np.where(spk == s)[0] for s in range(4)]
    XD = enc(C["D"])
    XP = enc(C["P"])
    meds = calibrate(XD, groups)
    log(f"# chosen: DTW medians per speaker (DA, DB): {np.round(meds, 2).tolist()}")
    # LOSO normalisers for FSDD; the mean over all four for the synthetic set (fixed constants).
    loso = [np.delete(meds, s, 0).mean(0) for s in range(4)]
    med_all = meds.mean(0)
    log(f"# chosen: shipped normalisers medA={med_all[0]:.2f} medB={med_all[1]:.2f} "
        f"-> integer weights WA:WB = {med_all[1] / med_all[0]:.3f}:1")
    table = {}

    def ev(Xte, Xtr, grp, lb, ks, med_by_group, tag):
        Ms = []
        for g, idx in enumerate(grp):
            Ms += matrices(Xte, Xtr, [idx], med_by_group[g])
        r = {k: v[0] for k, v in protocol(Ms, lb, grp, ks, n_draws).items()}
        table[tag] = r
        log(f"  {tag:34s} " + "  ".join(f"{100 * r[k]:5.1f}" if k in r else "   - " for k in KS))
        return Ms

    log("\n== CHOSEN (integer form: Q8 log-mel -> int8 16x12 -> dual DTW, knn2)   k=    1      3      5     10")
    ev(XP, XP, groups, lab, KS, loso, "FSDD per-speaker, perfect cut")
    Ms_clean = ev(XD, XD, groups, lab, KS, loso, "FSDD per-speaker, detector")
    noisy_M = {}
    for c, seqs in C["noisy"].items():
        noisy_M[c] = ev(enc(seqs), XD, groups, lab, (1, 5), loso, f"noisy {c[0]} {c[1]} dB, detector")
    sg = [np.where(C["ss"] == s)[0] for s in range(4)]
    XS = enc(C["SD"])
    ev(enc(C["SP"]), enc(C["SP"]), sg, C["sl"], KS, [med_all] * 4, "SYNTHETIC non-speech, perfect")
    ev(XS, XS, sg, C["sl"], KS, [med_all] * 4, "SYNTHETIC non-speech, detector")

    # cross-speaker
    accs, accs16 = [], []
    for s in range(4):
        te, trn = np.where(spk == s)[0], np.where(spk != s)[0]
        DA, DB = chosen.distance_matrices([XD[i] for i in te], [XD[i] for i in trn])
        M = DA / loso[s][0] + DB / loso[s][1]
        S = class_scores(M, lab[trn], 10, "knn2")
        accs.append((S.argmin(1) == lab[te]).mean())
        a = []
        for d in range(5):
            rng = np.random.default_rng(d)
            cols = np.concatenate([rng.choice(np.where(lab[trn] == c)[0], 16, replace=False) for c in range(10)])
            S = class_scores(M[:, cols], lab[trn][cols], 10, "knn2")
            a.append((S.argmin(1) == lab[te]).mean())
        accs16.append(np.mean(a))
    table["cross"] = (float(np.mean(accs)), float(np.mean(accs16)))
    log(f"  cross-speaker: all 150/class {100 * np.mean(accs):5.1f}  (per speaker {np.round(100 * np.array(accs), 1).tolist()}); "
        f"16/class (device capacity) {100 * np.mean(accs16):5.1f}")

    # rejection: margin ratio and absolute threshold (normalised units, fixed constants)
    thr = [1.0, 0.95, 0.9, 0.85, 0.8]
    abs_thr = [np.inf, 1.5, 1.3, 1.1]
    log("\n== CHOSEN: rejection ('unsure').  ratio = best class score / second-best; abs = best class score")
    log("   (normalised units: each DTW divided by its median between two random clips of one speaker, so ~2 = unrelated)")
    for tag, Ms, ks in [("clean", Ms_clean, (1, 5)), ("white 10 dB", noisy_M[("white", 10)], (1, 5))]:
        for k in ks:
            R = protocol(Ms, lab, groups, (k,), n_draws, thr=thr, abs_thr=abs_thr)[k][1]
            for row in R:
                t, a, rk, acc, _ = row
                if a == np.inf or t == 1.0:
                    log(f"  {tag:11s} k={k:2d} ratio<={t:4.2f} abs<={a:4.2f}: reject {100 * rk:5.1f}%  acc on accepted {100 * acc:5.1f}%")
    log("\n== CHOSEN: unknown sounds. Teach digits 0-7 (device: 8 classes), test 0-7 (known) and 8,9 (unknown)")
    for k in (1, 5):
        R = protocol(Ms_clean, lab, groups, (k,), n_draws, classes=np.arange(8), thr=thr, abs_thr=abs_thr)[k][1]
        for row in R:
            t, a, rk, acc, ru = row
            if a == np.inf or t == 1.0:
                log(f"  k={k:2d} ratio<={t:4.2f} abs<={a:4.2f}: known rejected {100 * rk:5.1f}% (acc on accepted {100 * acc:5.1f}%), "
                    f"unknown rejected {100 * ru:5.1f}%")
    return table
