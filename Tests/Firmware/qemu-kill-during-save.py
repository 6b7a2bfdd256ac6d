#!/usr/bin/env python3
"""Kills the QEMU board (SIGKILL to QEMU, as a power cut) at random moments of saves in a
session that saves after each of its 24 teachings, and checks that the next boot restores
a model after every kill: the last one the log reported saved, or the one being saved;
never an older one, none, or a broken one. First, a file that is not a flash image must
be refused and left as it was.

Each kill picks a teaching at random and a delay after its "learned" line (the save
starts right after it) spread over 1.5 times the longest save of an uncut run, so the
kills land before, inside and just after the flash writes.

Usage: qemu-kill-during-save.py KINU_RUN FIRMWARE_ELF RUN_SH WORK_DIR [KILLS] [SEED]
Prints "kill during save: N kills ...: N kept (...), 0 lost" and exits 1 on any loss.
"""
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

TEACHINGS = 24


def sh(*args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)


def make_session(kinu_run):
    rate = ["-r", "16000", "-b", "16", "-c", "1"]
    sh("sox", "-n", *rate, "clap.wav", "synth", "0.08", "whitenoise", "fade", "q", "0.002", "0.08", "0.07", "vol", "0.6")
    sh("sox", "-n", *rate, "whistle.wav", "synth", "0.3", "sine", "2000", "fade", "q", "0.02", "0.3", "0.05", "vol", "0.3")
    sh("sox", "-n", *rate, "gap.wav", "trim", "0", "0.5")
    pieces, script = [], []
    for i in range(TEACHINGS):   # one teaching per 1.5 s, pads 1 and 2 in turn
        t, pad, sound = 500 + i * 1500, 1 + i % 2, ["clap.wav", "whistle.wav"][i % 2]
        script += [f"{t - 300} pad{pad} down", f"{t - 200} pad{pad} up"]
        sh("sox", sound, f"piece{i}.wav", "pad", "0", "1.5", "trim", "0", "1.5")
        pieces.append(f"piece{i}.wav")
    sh("sox", "gap.wav", *pieces, "sounds.wav")
    seconds = subprocess.run(["soxi", "-D", "sounds.wav"], check=True, capture_output=True, text=True).stdout.strip()
    sh("sox", "-n", *rate, "room.wav", "synth", seconds, "whitenoise", "vol", "0.003")   # a room is never silent
    sh("sox", "-m", "sounds.wav", "room.wav", "session.wav")
    sh(kinu_run, "--to-raw", "session.raw", "session.wav")
    sh("sox", "-n", *rate, "quiet.wav", "trim", "0", "0.1")
    sh(kinu_run, "--to-raw", "quiet.raw", "quiet.wav")
    Path("session.txt").write_text("\n".join(script) + "\n")
    Path("none.txt").write_text("# no buttons\n")


def run(run_sh, elf, flash, kill_after=None):
    """Runs the session on `flash`. kill_after = (teaching, seconds): SIGKILL that long
    after the teaching's "learned" line. Returns the log lines and, per save, its time."""
    cwd = os.getcwd()
    process = subprocess.Popen([run_sh, "-t", "120", elf, f"{cwd}/session.raw", f"{cwd}/session.txt", f"{cwd}/{flash}"],
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               start_new_session=True)
    lines, save_times, learned_at = [], [], None
    for raw in process.stdout:
        line = raw.decode(errors="replace").strip()
        lines.append(line)
        if '"event":"learned"' in line:
            learned_at = time.monotonic()
            if kill_after and sum('"event":"learned"' in l for l in lines) == kill_after[0]:
                time.sleep(kill_after[1])
                os.killpg(process.pid, signal.SIGKILL)
                kill_after = None   # read on: what QEMU printed before it died is still in the pipe
        elif '"event":"saved"' in line and learned_at is not None:
            save_times.append(time.monotonic() - learned_at)
    process.stdout.close()
    process.wait()
    return lines, save_times


def restored_examples(run_sh, elf, flash):
    cwd = os.getcwd()
    out = subprocess.run([run_sh, "-t", "60", elf, f"{cwd}/quiet.raw", f"{cwd}/none.txt", f"{cwd}/{flash}"],
                         stdin=subprocess.DEVNULL, capture_output=True, text=True).stdout
    for line in out.splitlines():
        if '"event":"restored"' in line:
            return int(line.split('"examples":')[1].split(",")[0].split("}")[0]), out
        if '"event":"no_model"' in line:
            return 0, out
    return None, out


def main():
    kinu_run, elf, run_sh = (str(Path(p).resolve()) for p in sys.argv[1:4])
    work = Path(sys.argv[4])
    kills = int(sys.argv[5]) if len(sys.argv) > 5 else 20
    seed = int(sys.argv[6]) if len(sys.argv) > 6 else 1
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    os.chdir(work)
    make_session(kinu_run)

    # A file that is not a flash image (a kinu-run model, say) is refused and left as it was.
    foreign = bytes(range(256)) * 123
    Path("foreign.bin").write_bytes(foreign)
    lines, _ = run(run_sh, elf, "foreign.bin")
    if Path("foreign.bin").read_bytes() != foreign or not any("not this board's flash image" in l for l in lines):
        print("FAIL: a file that is not a flash image was not refused untouched:")
        print("\n".join(lines[-3:]))
        return 1

    lines, save_times = run(run_sh, elf, "whole.flash")
    if len(save_times) != TEACHINGS:
        print(f"FAIL: an uncut run saved {len(save_times)} times, expected {TEACHINGS}")
        print("\n".join(lines[-3:]))
        return 1
    window = 1.5 * max(save_times)

    rng = random.Random(seed)
    kept = lost = old_kept = 0
    for k in range(1, kills + 1):
        Path("run.flash").unlink(missing_ok=True)
        teaching, delay = rng.randint(1, TEACHINGS), rng.uniform(0, window)
        lines, _ = run(run_sh, elf, "run.flash", kill_after=(teaching, delay))
        learned = sum('"event":"learned"' in l for l in lines)
        saved = sum('"event":"saved"' in l for l in lines)
        examples, boot = restored_examples(run_sh, elf, "run.flash")
        # Each teaching is logged, then saved: the flash must hold the last save logged or
        # the one under way (or done but not yet logged) when QEMU died.
        if examples in (saved, learned):
            kept += 1
            old_kept += examples < learned
        else:
            lost += 1
            print(f"LOST (kill {k}: {delay * 1000:.2f} ms after learned #{teaching}; the log had {learned} learned, "
                  f"{saved} saved); next boot:")
            print("    " + "\n    ".join(boot.splitlines()[:3]))
            shutil.copy("run.flash", f"lost-{k}.flash")
    print(f"kill during save: {kills} kills within {window * 1000:.1f} ms of a save (seed {seed}): "
          f"{kept} kept ({old_kept} of them the previous model, cut before its successor was complete), {lost} lost")
    return 1 if lost else 0


sys.exit(main())
