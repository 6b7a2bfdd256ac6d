#!/usr/bin/env python3
"""Kinu few-shot method study (float prototype).

  OMP_NUM_THREADS=1 python3 tools/method_study/study.py --data ../shared/data/fsdd/recordings

Prints per-method accuracy tables: FSDD per-speaker (perfect cut and detector cut), noisy
(white/pink/babble at 20/10 dB, detector), cross-speaker, synthetic non-speech; then
rejection and int8-quantisation checks for the chosen method. Single-threaded.
Options: --draws N (default 5 = the protocol), --methods a,b (subset), --skip-noisy,
--skip-cross, --cache DIR (pickle of the log-mel sequences; rebuilds if absent).
"""
import argparse
import os
import pickle
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("NUMBA_NUM_THREADS", "1")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402

from data import load_fsdd, make_synth, sequences, SPEAKERS, SYN_CLASSES  # noqa: E402
from engine import dtw_matrix, vec_dist, draws, class_scores, reject_stats, mfcc_seq  # noqa: E402
from common import seq_repr, stat_repr, per_speaker_eval  # noqa: E402

KS = (1, 3, 5, 10)
NOISES = [("white", 20), ("white", 10), ("pink", 20), ("pink", 10), ("babble", 20), ("babble", 10)]

# ----------------------------------------------------------------------------- methods
# A method is a list of parts (kind, cfg, weight) + a decision rule. The parts' distances are
# each divided by a fixed normaliser (median distance, fitted on the other speakers) and summed.
DTW_PLAIN = ("dtw", dict(c0=False, band=3), 1.0)
DTW_N16_CMN = ("dtw", dict(c0=False, N=16, cmn=True, band=3), 1.0)
DTW_N16_DL = ("dtw", dict(c0=False, N=16, dl=0.5, band=3), 1.0)
STAT = ("stat", dict(kind="mfcc", dstd=1.0), 1.0)

CHOSEN_A = ("dtw", dict(c0=False, N=16, cmn=True, band=3, drc=5, sqrt_i=1), 1.0)
CHOSEN_B = ("dtw", dict(c0=False, N=16, dl=0.5, band=3, drc=5, sqrt_i=1), 1.0)
METHODS = {
    "dtw_native": ([DTW_PLAIN], "1nn"),
    "dtw16_cmn": ([DTW_N16_CMN], "1nn"),
    "dtw16_dl": ([DTW_N16_DL], "1nn"),
    "stat_1nn": ([STAT], "1nn"),
    "stat_ncm": ([STAT], "ncm"),
    "stat_logmel_1nn": ([("stat", dict(kind="logmel", dstd=1.0), 1.0)], "1nn"),
    "fuse_dtw16cmn+0.1stat": ([DTW_N16_CMN, ("stat", STAT[1], 0.1)], "1nn"),
    "dual_dtw": ([DTW_N16_CMN, DTW_N16_DL], "1nn"),
    "dual_drc5_sqrt": ([CHOSEN_A, CHOSEN_B], "1nn"),
    "dual_drc5_sqrt_knn2": ([CHOSEN_A, CHOSEN_B], "knn2"),
    "dual_drc5_sqrt+0.2stat_knn2": ([CHOSEN_A, CHOSEN_B, ("stat", dict(kind="mfcc", dstd=1.0, drc=5), 0.2)], "knn2"),
}


def mfcc_scale(seqs, mask, c0):
    """Per-coefficient 1/std of MFCC frames over the clips in `mask` (never the test speaker)."""
    fr = np.concatenate([mfcc_seq(seqs[i], True, 13) for i in np.where(mask)[0]])
    sc = 1.0 / fr.std(axis=0)
    return sc if c0 else sc[1:]


def reprs(seqs, idx, part, scale13):
    kind, cfg, _ = part
    if kind == "dtw":
        sc = scale13 if cfg.get("c0", False) else scale13[1:]
        return [seq_repr(seqs[i], cfg, sc) for i in idx]
    return np.stack([stat_repr(seqs[i], cfg, scale13) for i in idx])


def part_dist(part, A, B, sym):
    kind, cfg, _ = part
    if kind == "dtw":
        return dtw_matrix(A, None if sym else B, cfg.get("band", 3), True)
    return vec_dist(A, A if sym else B, True)


def method_matrices(method, test_seqs, train_seqs, groups, scales, norms):
    """For each group g (speaker): distance matrix rows=test_seqs[groups[g]], cols=train."""
    parts, _ = method
    out = []
    for g, idx in enumerate(groups):
        M = 0.0
        for pi, part in enumerate(parts):
            sym = test_seqs is train_seqs
            A = reprs(test_seqs, idx, part, scales[g])
            B = A if sym else reprs(train_seqs, idx, part, scales[g])
            D = part_dist(part, A, B, sym)
            M = M + part[2] * D / (norms[g][pi] if len(parts) > 1 else 1.0)
        out.append(M)
    return out


def part_norms(method, seqs, groups, scales):
    """Median within-group distance of each part, per group, from the OTHER groups (LOSO)."""
    parts, _ = method
    if len(parts) == 1:
        return [[1.0] for _ in groups]
    med = []
    for g, idx in enumerate(groups):
        sub = idx[::4]
        med.append([np.median(part_dist(p, reprs(seqs, sub, p, scales[g]), None, True)) for p in parts])
    med = np.array(med)
    return [[float(np.mean(np.delete(med[:, pi], g))) for pi in range(len(parts))] for g in range(len(groups))]


def ncm_accuracy(method, test_seqs, train_seqs, groups, scales, lab, ks, n_draws):
    part = method[0][0]
    out = {}
    for k in ks:
        accs = []
        for g, idx in enumerate(groups):
            Ft = reprs(test_seqs, idx, part, scales[g])
            F = reprs(train_seqs, idx, part, scales[g])
            y = lab[idx]
            a = []
            for d in range(n_draws):
                tr = draws(y, None, k, seed=1000 * k + d)
                te = np.setdiff1d(np.arange(len(y)), tr)
                cls = np.unique(y)
                mu = np.stack([F[tr][y[tr] == c].mean(0) for c in cls])
                a.append((cls[vec_dist(Ft[te], mu).argmin(1)] == y[te]).mean())
            accs.append(np.mean(a))
        out[k] = float(np.mean(accs))
    return out


def evaluate(method, test_seqs, train_seqs, groups, scales, norms, lab, ks, n_draws):
    if method[1] == "ncm":
        return ncm_accuracy(method, test_seqs, train_seqs, groups, scales, lab, ks, n_draws)
    Ms = method_matrices(method, test_seqs, train_seqs, groups, scales, norms)
    return per_speaker_eval(Ms, [lab[i] for i in groups], [None] * len(groups), method[1], ks=ks,
                            n_draws=n_draws)


def fmt(r, ks):
    return "  ".join(f"{100 * r[k]:5.1f}" if k in r else "   - " for k in ks)


def cross_speaker(method, seqs, lab, spk, scales, norms, cap=None, n_draws=5):
    """Teach all takes of 3 speakers (or `cap` random ones per class = device capacity), test the 4th."""
    parts, rule = method
    accs = []
    for s in range(4):
        te = np.where(spk == s)[0]
        trall = np.where(spk != s)[0]
        M = 0.0
        for pi, part in enumerate(parts):
            A = reprs(seqs, te, part, scales[s])
            B = reprs(seqs, trall, part, scales[s])
            D = dtw_matrix(A, B, part[1].get("band", 3), True) if part[0] == "dtw" else vec_dist(A, B)
            M = M + part[2] * D / (norms[s][pi] if len(parts) > 1 else 1.0)
        reps = 1 if cap is None else n_draws
        a = []
        for d in range(reps):
            if cap is None:
                cols = np.arange(len(trall))
            else:
                rng = np.random.default_rng(d)
                cols = np.concatenate([rng.choice(np.where(lab[trall] == c)[0], cap, replace=False)
                                       for c in range(10)])
            S = class_scores(M[:, cols], lab[trall][cols], 10, "knn2" if rule == "knn2" else "1nn")
            a.append((S.argmin(1) == lab[te]).mean())
        accs.append(np.mean(a))
    return float(np.mean(accs)), accs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="../shared/data/fsdd/recordings")
    ap.add_argument("--draws", type=int, default=5)
    ap.add_argument("--methods", default=",".join(METHODS))
    ap.add_argument("--skip-noisy", action="store_true")
    ap.add_argument("--skip-cross", action="store_true")
    ap.add_argument("--skip-chosen", action="store_true")
    ap.add_argument("--cache", default="/tmp/kinu_study_cache")
    args = ap.parse_args()
    t0 = time.time()
    os.makedirs(args.cache, exist_ok=True)
    cf = os.path.join(args.cache, "seqs.pkl")
    if os.path.exists(cf):
        C = pickle.load(open(cf, "rb"))
    else:
        clips, lab, spk, take = load_fsdd(args.data)
        P, _ = sequences(clips, spk, ("perfect", None, None))
        D, ok = sequences(clips, spk, ("det", None, None))
        pool = {}

        def pool_fn(s):
            if s not in pool:
                pool[s] = [clips[j] for j in np.where(spk != s)[0][::5]]
            return pool[s]
        noisy = {c: sequences(clips, spk, ("det",) + c, seed=11, pool_fn=pool_fn)[0] for c in NOISES}
        sc, sl, ss, st = make_synth()
        SP, _ = sequences(sc, ss, ("perfect", None, None))
        SD, sok = sequences(sc, ss, ("det", None, None))
        C = dict(lab=lab, spk=spk, P=P, D=D, noisy=noisy, sl=sl, ss=ss, SP=SP, SD=SD, det_ok=ok, sdet_ok=sok)
        pickle.dump(C, open(cf, "wb"))
    lab, spk = C["lab"], C["spk"]
    print(f"# sequences ready ({time.time() - t0:.0f}s); detector found an event in "
          f"{100 * C['det_ok'].mean():.1f}% FSDD, {100 * C['sdet_ok'].mean():.1f}% synthetic clips")
    groups = [np.where(spk == s)[0] for s in range(4)]
    # Scaling constants: LOSO (fitted on the 3 other speakers, clean detector cut).
    scales = [mfcc_scale(C["D"], spk != s, True) for s in range(4)]
    scale_all = mfcc_scale(C["D"], np.ones(len(spk), bool), True)
    print("# 1/std scale (all FSDD, c0..c12):", np.round(scale_all, 4).tolist())
    print("# LOSO spread of scale (max/min over folds):",
          np.round(np.max(scales, 0) / np.min(scales, 0), 3).tolist())
    sgroups = [np.where(C["ss"] == s)[0] for s in range(4)]
    sscales = [scale_all] * 4
    names = args.methods.split(",")
    hdr = "k=" + "  ".join(f"{k:5d}" for k in KS)
    results = {}
    for name in names:
        m = METHODS[name]
        norms = part_norms(m, C["D"], groups, scales)
        snorms = [[float(np.mean([n[i] for n in norms])) for i in range(len(m[0]))]] * 4
        r = {}
        r["perfect"] = evaluate(m, C["P"], C["P"], groups, scales, norms, lab, KS, args.draws)
        r["det"] = evaluate(m, C["D"], C["D"], groups, scales, norms, lab, KS, args.draws)
        if not args.skip_noisy:
            for c in NOISES:
                r[c] = evaluate(m, C["noisy"][c], C["D"], groups, scales, norms, lab, (1, 5), args.draws)
        r["syn_perfect"] = evaluate(m, C["SP"], C["SP"], sgroups, sscales, snorms, C["sl"], KS, args.draws)
        r["syn_det"] = evaluate(m, C["SD"], C["SD"], sgroups, sscales, snorms, C["sl"], KS, args.draws)
        if not args.skip_cross and m[1] != "ncm":
            r["cross"] = cross_speaker(m, C["D"], lab, spk, scales, norms)[0]
            r["cross16"] = cross_speaker(m, C["D"], lab, spk, scales, norms, cap=16)[0]
        results[name] = r
        print(f"\n== {name}  ({time.time() - t0:.0f}s)   {hdr}")
        print(f"  FSDD per-speaker, perfect cut      {fmt(r['perfect'], KS)}")
        print(f"  FSDD per-speaker, detector         {fmt(r['det'], KS)}")
        if not args.skip_noisy:
            for c in NOISES:
                print(f"  noisy {c[0]:6s} {c[1]:2d} dB, detector     {fmt(r[c], KS)}")
        print(f"  SYNTHETIC non-speech, perfect      {fmt(r['syn_perfect'], KS)}")
        print(f"  SYNTHETIC non-speech, detector     {fmt(r['syn_det'], KS)}")
        if "cross" in r:
            print(f"  cross-speaker (all 150/class) {100 * r['cross']:5.1f}   (16/class, device cap) {100 * r['cross16']:5.1f}")
        sys.stdout.flush()
    pickle.dump(results, open(os.path.join(args.cache, "results.pkl"), "wb"))
    if not args.skip_chosen:
        import chosen_study
        res = chosen_study.run(C, args.draws, log=lambda *a: (print(*a), sys.stdout.flush()))
        pickle.dump(res, open(os.path.join(args.cache, "results_chosen.pkl"), "wb"))


if __name__ == "__main__":
    main()
