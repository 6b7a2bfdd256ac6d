"""The chosen method, written the way the device would do it (integer-valued arrays).

Stored example = 16 frames x 12 int8 (c1..c12 weighted by sqrt(i), after the dynamic-range
floor, resampled to 16 frames) + 39 int8 statistics (optional part, see REPORT) + label.
Classification = two banded DTWs per stored example (CMN'd sequence; raw sequence with deltas),
their L1 costs combined with fixed integer weights, class score = mean of the class's two best.
"""
import numpy as np
from engine import dct_matrix, dtw_matrix, vec_dist

NF = 16          # frames per stored example
NC = 12          # c1..c12
DRC_Q8 = 5 * 256  # dynamic-range floor: 5 octaves (~15 dB) below the loudest frame's mean level
Q = 32           # int8 feature unit: 1/32 of a (weighted) log2 unit
BAND = 3

_D = dct_matrix(13)[1:]                                   # (12, 40) orthonormal DCT-II rows 1..12
W = 0.068 * np.sqrt(np.arange(1, NC + 1))                 # analytic per-coefficient weights
# Integer DCT matrix: features = (K @ Lq8 + 2^15) >> 16 gives x*Q directly from Q8 log-mel
# (K = round(D * w * Q * 256): 8 fractional bits of K, 8 of the Q8 input). |K| <= 431: int16.
KSHIFT = 16
K = np.round(_D * W[:, None] * Q * 256).astype(np.int64)


def encode(Lq8):
    """Lq8: (T,40) int log-mel in Q8 (log2 * 256), T >= 1.  Returns (16,12) int8 sequence."""
    L = Lq8.astype(np.int64)
    T = L.shape[0]
    frame_sum = L.sum(1)                       # 40 * mean level
    floor = frame_sum.max() // 40 - DRC_Q8
    L = np.maximum(L, floor)
    C = (L @ K.T + (1 << (KSHIFT - 1))) >> KSHIFT   # (T,12) in units of 1/Q
    # resample to 16 frames: linear interpolation, Q8 position, end points kept
    out = np.empty((NF, NC), dtype=np.int64)
    for j in range(NF):
        p = (j * (T - 1) * 256) // (NF - 1)    # position in Q8
        i0, f = p >> 8, p & 255
        i1 = min(i0 + 1, T - 1)
        out[j] = (C[i0] * (256 - f) + C[i1] * f + 128) >> 8
    return np.clip(out, -128, 127).astype(np.int8)


def stats(Lq8):
    """Optional 39-dim statistics part: mean, std, mean|delta| of c0..c12 with the same weights
    (c0 weight 0.017): float here; on the device integer mean / isqrt. Not in the default method."""
    L = np.maximum(Lq8.astype(float), Lq8.sum(1).max() / 40 - DRC_Q8) / 256.0
    w = np.concatenate([[0.017], W])
    C = (L @ dct_matrix(13).T) * w * Q
    dC = np.abs(np.diff(C, axis=0)).mean(0) if len(C) > 1 else np.zeros(13)
    return np.clip(np.round(np.concatenate([C.mean(0), C.std(0), dC])), -128, 127)


def views(X):
    """The two sequences compared by DTW, derived from the stored int8 sequence at classify time.
    A: cepstral-mean-normalised (mean over the 16 frames, rounded);
    B: raw sequence + deltas d[t] = (x[t+1]-x[t-1]) >> 2  (0.5 * the central difference)."""
    X = X.astype(np.int64)
    m = (X.sum(0) + NF // 2) // NF
    A = X - m
    P = np.concatenate([X[:1], X, X[-1:]])
    d = (P[2:] - P[:-2]) >> 2
    B = np.concatenate([X, d], axis=1)
    return A.astype(float), B.astype(float)


# DTW normalisers: median DTW cost of each view over FSDD (clean, detector cut, within speaker).
# Combined cost = DA * WA + DB * WB with small integers ~ 1/median (set by calibrate()).
WA, WB = 1, 1


def distance_matrices(XA, XB=None):
    """XA, XB: lists of (16,12) int8 sequences. Returns (DA, DB) matrices (costs are sums of
    integer L1 differences divided by n+m = 32, i.e. exact on the device up to the division)."""
    VA = [views(x) for x in XA]
    VB = VA if XB is None else [views(x) for x in XB]
    DA = dtw_matrix([v[0] for v in VA], None if XB is None else [v[0] for v in VB], BAND, True)
    DB = dtw_matrix([v[1] for v in VA], None if XB is None else [v[1] for v in VB], BAND, True)
    return DA, DB
