"""Words among clicks: how much is lost to events that take in a tick or a crackle next to
the word?

FSDD taught clean and tested with esc10-dev's clock ticks, crackling fire or chainsaw mixed
in at 10 dB (`kinu-bench events --noise`), the device's distances in float as in
`noise_band_study.py` (bands 3 and 5, the hub correction), per speaker, k = 5, 3 draws.
The oracle cuts each noisy event to the frames of the same clip's event in a quiet room
(when 5 or more are left): the most that ending events with their word could give.

The events files are made as for `noise_band_study.py` (its docstring), with the detector
as it was before its edge-click rule (`KINU_TUNE="click=0"`), e.g.

    KINU_TUNE="click=0" .build/release/kinu-bench events --data ../shared/data/fsdd/recordings \\
        --out /tmp/fsdd-tick10.events --noise ../shared/data/esc10-dev/clock-tick --snr 10
    python3 tools/method_study/edge_click_study.py /tmp/fsdd.events /tmp/fsdd-tick10.events ...
"""
import sys
import numpy as np
import noise_band_study as nb


def main():
    clean, spans, names, y, g, taught, R = nb.taught_clean(sys.argv[1])
    for path in sys.argv[2:]:
        heard, heard_spans = nb.events(path, spans)
        has = np.array([n in heard for n in names])
        for label, oracle in (("as the detector cut them", False), ("cut to the quiet room's event", True)):
            items = []
            for n in names:
                item = heard.get(n, clean[n])
                if oracle and n in heard:
                    start, end = heard_spans[n]
                    a, b = max(start, spans[n][0]) - start, min(end, spans[n][1]) - start
                    if b - a >= 5:
                        item = (item[0], item[1], item[2][a:b])
                items.append(item)
            print(f"{path.split('/')[-1]:28s} {label:32s} k=5 {nb.noisy_accuracy(items, taught, y, g, R, has)}")


if __name__ == "__main__":
    main()
