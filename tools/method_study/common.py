"""Representations (sequence + statistics) and the per-speaker / cross-speaker evaluation."""
import numpy as np
from engine import (mfcc_seq, resample_frames, deltas, dtw_matrix, vec_dist, draws,
                    class_scores, reject_stats, KS, N_DRAWS)


def coef_scale(seqs_by_spk, spk_ids, exclude, c0=True, nc=13):
    """Per-coefficient 1/std of MFCC frames, pooled over speakers != exclude (LOSO)."""
    fr = np.concatenate([mfcc_seq(s, c0, nc) for s, sp in zip(seqs_by_spk, spk_ids) if sp != exclude])
    return 1.0 / fr.std(axis=0)


def lifter_scale(c0=True, nc=13):
    """Analytic: weight i (c0 gets weight 1/3 relative to c1 ... ) -- w_i = max(i, 1/3)... see REPORT."""
    i = np.arange(nc, dtype=float)
    w = np.where(i == 0, 0.25, i) / 6.0
    return w if c0 else w[1:]


def pre(L, cfg):
    """Optional noise-robust flooring of the log-mel event before the DCT.
    drc=R: floor every value at (loudest frame's mean band level) - R   [log2 units]
    trim=T: drop leading/trailing frames whose mean band level is < loudest frame's - T
    bdrc=R: per band, floor at (that band's max over the event) - R."""
    if cfg.get("trim"):
        e = L.mean(1)
        keep = np.where(e >= e.max() - cfg["trim"])[0]
        L = L[keep[0]:keep[-1] + 1]
        if len(L) < 2:
            L = np.repeat(L, 2, axis=0)
    if cfg.get("drc"):
        L = np.maximum(L, L.mean(1).max() - cfg["drc"])
    if cfg.get("bdrc"):
        L = np.maximum(L, L.max(0, keepdims=True) - cfg["bdrc"])
    return L


def seq_repr(L, cfg, scale):
    """cfg keys: c0, nc, cmn, N (None = native), dl (deltas), drc/bdrc (flooring)."""
    L = pre(L, cfg)
    C = mfcc_seq(L, cfg.get("c0", True), cfg.get("nc", 13))
    if cfg.get("cmn", False):
        m = C.mean(0)
        if cfg.get("c0", True):
            m[0] = 0.0 if not cfg.get("cmn0", False) else m[0]
        C = C - m
    if cfg.get("sqrt_i"):   # analytic alternative: w_i = 0.068 * sqrt(i), i = 1..12
        C = C * (0.068 * np.sqrt(np.arange(1, C.shape[1] + 1)))
    else:
        C = C * (scale ** cfg.get("alpha", 1.0)) / (scale[0] ** (cfg.get("alpha", 1.0) - 1.0))
    if cfg.get("N"):
        C = resample_frames(C, cfg["N"])
    if cfg.get("dl", 0):
        C = np.concatenate([C, cfg["dl"] * deltas(C)], axis=1)
    return C


def stat_repr(L, cfg, scale):
    kind = cfg.get("kind", "mfcc")
    L = pre(L, cfg)
    if kind == "mfcc":
        C = mfcc_seq(L, True, cfg.get("nc", 13)) * scale
    else:
        C = L
    parts = [C.mean(0), cfg.get("wstd", 1.0) * C.std(0)]
    if cfg.get("dstd", 0):
        parts.append(cfg["dstd"] * np.abs(deltas(C)).mean(0))
    return np.concatenate(parts)


def per_speaker_eval(M_by_spk, lab_by_spk, take_by_spk, rule="1nn", ks=KS, n_draws=N_DRAWS,
                     reject=None, classes=None):
    """M_by_spk[s]: (n_s x n_s) distance matrix, rows = test condition, cols = taught (clean).
    Returns {k: mean accuracy over speakers}, and optionally reject stats."""
    out, rej = {}, {}
    for k in ks:
        accs, R = [], []
        for s in range(len(M_by_spk)):
            M, lab = M_by_spk[s], lab_by_spk[s]
            a = []
            for d in range(n_draws):
                tr = draws(lab, take_by_spk[s], k, seed=1000 * k + d, classes=classes)
                te = np.setdiff1d(np.arange(len(lab)), tr)
                if classes is not None:
                    te = te[np.isin(lab[te], classes)]
                S = class_scores(M[np.ix_(te, tr)], lab[tr], lab.max() + 1, rule)
                a.append((S.argmin(1) == lab[te]).mean())
                if reject is not None:
                    R.append(reject_stats(S, lab[te], reject))
            accs.append(np.mean(a))
        out[k] = float(np.mean(accs))
        if reject is not None:
            rej[k] = np.array(R).mean(0)
    return (out, rej) if reject is not None else out


def ncm_eval(F_by_spk, Fte_by_spk, lab_by_spk, take_by_spk, l1=True, ks=KS, n_draws=N_DRAWS):
    out = {}
    for k in ks:
        accs = []
        for s in range(len(F_by_spk)):
            F, Ft, lab = F_by_spk[s], Fte_by_spk[s], lab_by_spk[s]
            a = []
            for d in range(n_draws):
                tr = draws(lab, take_by_spk[s], k, seed=1000 * k + d)
                te = np.setdiff1d(np.arange(len(lab)), tr)
                cls = np.unique(lab)
                mu = np.stack([F[tr][lab[tr] == c].mean(0) for c in cls])
                D = vec_dist(Ft[te], mu, l1)
                a.append((cls[D.argmin(1)] == lab[te]).mean())
            accs.append(np.mean(a))
        out[k] = float(np.mean(accs))
    return out
