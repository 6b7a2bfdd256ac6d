#!/usr/bin/env python3
"""Markdown tables from the pickles written by study.py (default cache /tmp/kinu_study_cache)."""
import pickle, sys, os
d = sys.argv[1] if len(sys.argv) > 1 else "/tmp/kinu_study_cache"
R = pickle.load(open(os.path.join(d, "results.pkl"), "rb"))
ch = os.path.join(d, "results_chosen.pkl")
KS = (1, 3, 5, 10)
NO = [("white", 20), ("white", 10), ("pink", 20), ("pink", 10), ("babble", 20), ("babble", 10)]
f = lambda v: f"{100 * v:.1f}"
print("| method | perfect k=1/3/5/10 | **detector** k=1/3/5/10 | cross-spk all / 16 per class | SYNTH (det) k=1/3/5/10 |")
print("|---|---|---|---|---|")
for n, r in R.items():
    cr = f"{f(r['cross'])} / {f(r['cross16'])}" if "cross" in r else "-"
    print(f"| {n} | {' / '.join(f(r['perfect'][k]) for k in KS)} | {' / '.join(f(r['det'][k]) for k in KS)} | {cr} | "
          f"{' / '.join(f(r['syn_det'][k]) for k in KS)} |")
print()
print("| method (k=1 / k=5, teach clean, test noisy, detector) | " + " | ".join(f"{a} {b} dB" for a, b in NO) + " |")
print("|---|" + "---|" * len(NO))
for n, r in R.items():
    if NO[0] in r:
        print(f"| {n} | " + " | ".join(f"{f(r[c][1])} / {f(r[c][5])}" for c in NO) + " |")
