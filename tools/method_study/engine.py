"""Features, distances (DTW, statistics) and the few-shot protocol."""
import numpy as np
import numba as nb

NB = 40


def dct_matrix(n_out, n_in=NB):
    i = np.arange(n_out)[:, None]
    j = np.arange(n_in)[None, :]
    D = np.sqrt(2.0 / n_in) * np.cos(np.pi * i * (j + 0.5) / n_in)
    D[0] /= np.sqrt(2.0)
    return D


def resample_frames(X, N):
    """Linear interpolation of a (T,d) sequence to N frames (end points kept)."""
    T = X.shape[0]
    if T == N:
        return X.copy()
    if T == 1:
        return np.repeat(X, N, axis=0)
    pos = np.arange(N) * (T - 1) / (N - 1)
    i0 = np.floor(pos).astype(int)
    i1 = np.minimum(i0 + 1, T - 1)
    f = (pos - i0)[:, None]
    return X[i0] * (1 - f) + X[i1] * f


def deltas(X):
    P = np.concatenate([X[:1], X, X[-1:]])
    return 0.5 * (P[2:] - P[:-2])


def mfcc_seq(L, c0=True, nc=13):
    D = dct_matrix(nc)
    C = L @ D.T
    return C if c0 else C[:, 1:]


# ------------------------------------------------------------------------- DTW
@nb.njit(cache=True)
def _dtw(A, B, band, l1, acc):
    n, m, d = A.shape[0], B.shape[0], A.shape[1]
    INF = 1e30
    for i in range(n + 1):
        for j in range(m + 1):
            acc[i, j] = INF
    acc[0, 0] = 0.0
    for i in range(1, n + 1):
        c = (i - 1) * (m - 1) / max(n - 1, 1) + 1  # band centred on the diagonal
        jlo = max(1, int(np.floor(c - band)))
        jhi = min(m, int(np.ceil(c + band)))
        for j in range(jlo, jhi + 1):
            s = 0.0
            for k in range(d):
                x = A[i - 1, k] - B[j - 1, k]
                s += abs(x) if l1 else x * x
            if not l1:
                s = np.sqrt(s)
            # symmetric step: diagonal costs 2x (path length n+m for every path)
            a = acc[i - 1, j - 1] + 2 * s
            b = acc[i - 1, j] + s
            e = acc[i, j - 1] + s
            acc[i, j] = min(a, min(b, e))
    return acc[n, m] / (n + m)


@nb.njit(cache=True)
def dtw_block(Xa, oa, Xb, ob, band, l1, sym):
    na, nbb = len(oa) - 1, len(ob) - 1
    out = np.empty((na, nbb))
    acc = np.empty((200, 200))
    for p in range(na):
        A = Xa[oa[p]:oa[p + 1]]
        q0 = p if sym else 0
        for q in range(q0, nbb):
            B = Xb[ob[q]:ob[q + 1]]
            bw = band
            dl = abs(A.shape[0] - B.shape[0])
            if bw < dl:
                bw = dl  # band must reach the corner
            v = _dtw(A, B, bw, l1, acc)
            out[p, q] = v
            if sym:
                out[q, p] = v
    return out


def pack(seqs):
    off = np.zeros(len(seqs) + 1, dtype=np.int64)
    off[1:] = np.cumsum([len(s) for s in seqs])
    return np.ascontiguousarray(np.concatenate(seqs).astype(np.float64)), off


def dtw_matrix(A, B=None, band=3, l1=True):
    Xa, oa = pack(A)
    if B is None:
        return dtw_block(Xa, oa, Xa, oa, float(band), l1, True)
    Xb, ob = pack(B)
    return dtw_block(Xa, oa, Xb, ob, float(band), l1, False)


def vec_dist(A, B, l1=True):
    if l1:
        return np.abs(A[:, None, :] - B[None, :, :]).sum(-1)
    return np.sqrt(((A[:, None, :] - B[None, :, :]) ** 2).sum(-1))


# ------------------------------------------------------------------------- protocol
KS = (1, 3, 5, 10)
N_DRAWS = 5


def draws(lab, take, k, seed, classes=None):
    """Indices (into a single speaker's arrays) of taught examples: k takes per class."""
    rng = np.random.default_rng(seed)
    tr = []
    for c in (np.unique(lab) if classes is None else classes):
        idx = np.where(lab == c)[0]
        tr.extend(rng.choice(idx, k, replace=False))
    return np.array(tr)


def class_scores(Dte_tr, ytr, n_cls, rule="1nn"):
    """Per-class distance from a test x train distance matrix.
    rule: '1nn' min distance; 'knn2' mean of the 2 smallest (1 if only one)."""
    S = np.full((Dte_tr.shape[0], n_cls), np.inf)
    for c in range(n_cls):
        cols = np.where(ytr == c)[0]
        if len(cols) == 0:
            continue
        d = Dte_tr[:, cols]
        if rule == "1nn" or len(cols) == 1:
            S[:, c] = d.min(1)
        else:
            S[:, c] = np.sort(d, axis=1)[:, :2].mean(1)
    return S


def reject_stats(S, y, thresholds):
    """Margin rule: reject when best/second-best class distance > t."""
    s = np.sort(S, axis=1)
    ratio = s[:, 0] / np.maximum(s[:, 1], 1e-12)
    pred = S.argmin(1)
    res = []
    for t in thresholds:
        acc = ratio <= t
        res.append((t, 1 - acc.mean(), (pred[acc] == y[acc]).mean() if acc.any() else np.nan))
    return res
