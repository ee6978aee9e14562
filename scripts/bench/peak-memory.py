#!/usr/bin/env python3
"""Samples the memory of a running process and prints its peaks, in kB:

    python3 scripts/bench/peak-memory.py PID [INTERVAL_SECONDS]
    -> "VmHWM VmRSS RssAnon RssFile" (maxima over the samples; VmHWM is the kernel's own
       high-water mark of RSS as last seen)

Why: /usr/bin/time reports peak RSS (%M), which counts the pages of a memory-mapped file that
happen to be resident. For a SoundFont player that figure mostly says how much of the font was
touched, not how much memory the player needs: a font that is mapped can be dropped by the
kernel at any time, a font that is copied (or locked) cannot. Linux splits RSS into RssAnon
(heap, stacks, copies: what the process really owns) and RssFile (mapped file pages) in
/proc/PID/status, but keeps no peak of either, so we sample.

PID may be the process itself or, as scripts/bench.sh uses it, `/usr/bin/time` wrapping it: the
sampler follows the first child that appears and samples that (time's own few hundred kB are
not wanted). It polls every 10 ms by default, cheaply enough (a read of one small /proc file)
not to disturb a render on another core, and finely enough for renders whose memory climbs
over seconds; a spike shorter than the interval could be missed, and VmHWM is reported
beside the sampled figures so that such a miss would show.
"""
import sys
import time


def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(c) for c in f.read().split()]
    except OSError:
        return []


def status(pid):
    """The kB figures of /proc/PID/status we keep, or None once the process is gone."""
    fields = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                name, _, rest = line.partition(":")
                if name in ("Name", "VmHWM", "VmRSS", "RssAnon", "RssFile"):
                    fields[name] = rest.split()[0] if name == "Name" else int(rest.split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return fields


def main():
    pid = int(sys.argv[1])
    interval = float(sys.argv[2]) if len(sys.argv) > 2 else 0.01
    peaks = {"VmHWM": 0, "VmRSS": 0, "RssAnon": 0, "RssFile": 0}
    target = pid
    wrapper = (status(pid) or {}).get("Name") == "time"
    while True:
        if wrapper and target == pid:
            # Wait for /usr/bin/time to fork the command; until then there is nothing to sample.
            kids = children(pid)
            if kids:
                target = kids[0]
            elif status(pid) is None:
                break
            else:
                time.sleep(0.001)
                continue
        fields = status(target)
        if fields is None or "RssAnon" not in fields:
            break  # exited (a zombie has no memory lines)
        if fields.get("Name") != "time":  # skip the instant between fork and exec
            for name in peaks:
                peaks[name] = max(peaks[name], fields.get(name, 0))
        time.sleep(interval)
    print(peaks["VmHWM"], peaks["VmRSS"], peaks["RssAnon"], peaks["RssFile"])


if __name__ == "__main__":
    main()
