"""Words in surging noise: how much is lost to events that run on to the maximum length?

FSDD taught clean and tested with sea waves or rain mixed in at 10 dB (`kinu-bench events
--noise`), the device's distances in float as in `noise_band_study.py` (bands 3 and 5, the
hub correction), per speaker, k = 5, 3 draws. A test event that reached the maximum length
(75 frames) is cut back to the length of the same clip's event in a quiet room: an oracle,
the most that ending such events with their word could give.

The events files are made as for `noise_band_study.py` (its docstring), with the detector
as it was before its first-fade rule (`KINU_TUNE="firstfade=0"`); then

    python3 tools/method_study/first_fade_study.py /tmp/fsdd.events /tmp/fsdd-sea10.events /tmp/fsdd-rain10.events
"""
import sys
import numpy as np
import noise_band_study as nb


def main():
    clean, spans, names, y, g, taught, R = nb.taught_clean(sys.argv[1])
    for path in sys.argv[2:]:
        heard = nb.events(path, spans)[0]
        has = np.array([n in heard for n in names])
        for label, oracle in (("as the detector cut them", False), ("run-on events cut to the quiet room's length", True)):
            items, cut = [], 0
            for n in names:
                item = heard.get(n, clean[n])
                if oracle and len(item[2]) >= 75:
                    cut += 1
                    item = (item[0], item[1], item[2][:len(clean[n][2])])
                items.append(item)
            print(f"{path.split('/')[-1]:20s} {label:46s} ({cut:3d} cut)  k=5 "
                  f"{nb.noisy_accuracy(items, taught, y, g, R, has)}")


if __name__ == "__main__":
    main()
