import sys, time, pickle, os, numpy as np
sys.path.insert(0, os.path.dirname(__file__))
from data import *
from common import *
from engine import dtw_matrix, vec_dist
CACHE='/tmp/kinu_seq.pkl'
if os.path.exists(CACHE):
    clips,lab,spk,take,P,D=pickle.load(open(CACHE,'rb'))
else:
    clips,lab,spk,take=load_fsdd('/work/shared/data/fsdd/recordings')
    P,_=sequences(clips,spk,('perfect',None,None)); D,ok=sequences(clips,spk,('det',None,None))
    pickle.dump((clips,lab,spk,take,P,D),open(CACHE,'wb'))
print('det len pct', np.percentile([len(a) for a in D],[0,10,50,90,100]))
S=[np.where(spk==s)[0] for s in range(4)]
labs=[lab[i] for i in S]; takes=[take[i] for i in S]
def run_dtw(seqs, cfg, scaling='std', band=3, l1=True, rule='1nn', ks=(1,5)):
    Ms=[]
    for s in range(4):
        nc=cfg.get('nc',13); c0=cfg.get('c0',True)
        sc = coef_scale([seqs[i] for i in range(len(seqs))], spk, s, c0, nc) if scaling=='std' else (lifter_scale(c0,nc) if scaling=='lift' else np.ones(nc-(0 if c0 else 1)))
        R=[seq_repr(seqs[i],cfg,sc) for i in S[s]]
        Ms.append(dtw_matrix(R,None,band,l1))
    return per_speaker_eval(Ms,labs,takes,rule,ks=ks), Ms
t=time.time()
for name,seqs in [('perfect',P),('det',D)]:
  for cfg,scaling,band in [({'c0':False},'std',3),({'c0':True},'std',3),({'c0':False},'none',3),({'c0':False},'lift',3),
                      ({'c0':False,'N':16},'std',3),({'c0':True,'N':16},'std',3),({'c0':False,'N':20},'std',4),({'c0':False,'cmn':True},'std',3),
                      ({'c0':False,'N':16,'dl':1.0},'std',3)]:
    r,_=run_dtw(seqs,cfg,scaling,band)
    print(name,cfg,scaling,band,{k:round(100*v,1) for k,v in r.items()}, '%.0fs'%(time.time()-t),flush=True)
