"""Ad-hoc sweep used for the exploration/sensitivity numbers in REPORT.md (float, 5 draws).
Needs the cache written by study.py. Usage (from /work/main):
  OMP_NUM_THREADS=1 python3 tools/method_study/sweep.py '[("name", ([("dtw", dict(c0=False, N=16, cmn=True, band=3, drc=5, sqrt_i=1), 1.0)], "knn2"))]'
Prints: clean k=1 k=5 | k=5 white10 | pink10 | babble10 | white20 | synthetic k=1 k=5."""
import sys,os,pickle,time; sys.path.insert(0,''+__import__("os").path.dirname(__import__("os").path.abspath(__file__))+'')
from study import *
C=pickle.load(open('/tmp/kinu_study_cache/seqs.pkl','rb'))
lab,spk=C['lab'],C['spk']; groups=[np.where(spk==s)[0] for s in range(4)]
scales=[mfcc_scale(C["D"], spk != s, True) for s in range(4)]
scale_all=mfcc_scale(C["D"], np.ones(len(spk), bool), True)
sgroups=[np.where(C["ss"] == s)[0] for s in range(4)]
t0=time.time()
def run(name,m,nd=5):
    norms = part_norms(m, C["D"], groups, scales)
    snorms = [[float(np.mean([n[i] for n in norms])) for i in range(len(m[0]))]] * 4
    r=evaluate(m, C["D"], C["D"], groups, scales, norms, lab, (1,5), nd)
    out=[f"{100*r[1]:5.1f} {100*r[5]:5.1f}"]
    for c in [("white",10),("pink",10),("babble",10),("white",20)]:
        r=evaluate(m, C["noisy"][c], C["D"], groups, scales, norms, lab, (5,), nd); out.append(f"{c[0][:2]}{c[1]} {100*r[5]:5.1f}")
    r=evaluate(m, C["SD"], C["SD"], sgroups, [scale_all]*4, snorms, C["sl"], (1,5), nd); out.append(f"syn {100*r[1]:5.1f} {100*r[5]:5.1f}")
    print(f"{name:40s}", " | ".join(out), f"{time.time()-t0:.0f}s", flush=True)
exps=eval(sys.argv[1])
for name,m in exps: run(name,m)
