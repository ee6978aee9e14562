#!/usr/bin/env python3
"""The figures of docs/ENGINES.md's depth reviews, from a render's WAV, its stems and its MIDI export.

usage: depth-review.py PIECE.wav [OTHER.wav ...]   (PIECE.mid and PIECE.<stem>.flac beside it)
       depth-review.py --seeds A.wav B.wav ...      (pairwise distinctness of seed renders)
       depth-review.py --arrangement A.wav B.wav ... (per-bar loudness correlation between prompts)

Audio: ffmpeg's ebur128 (integrated loudness, LRA, true peak), repetition (share of half-second
frames with a near-identical twin at least 8 s away: cosine similarity of log-spectra > 0.98),
the energy above 12 kHz (dB of the whole), the melody stem's mono
fold-down loss. MIDI: lead coverage, onsets a second per 15 s window, melody grid deviation
(share of onsets within ±15 ms of the 16th grid), the bass part's range, velocity spread (dB between quartiles) and
repeated-note share of the melody's top line, tempo range.
"""
import json, os, re, struct, subprocess, sys
import numpy as np

def wav(path):
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-f", "f32le", "-ac", "2", "-ar", "48000", "-"],
                         capture_output=True, check=True).stdout
    return np.frombuffer(raw, dtype=np.float32).reshape(-1, 2)

def ebur128(path):
    err = subprocess.run(["ffmpeg", "-nostats", "-i", path, "-af", "ebur128=peak=true", "-f", "null", "-"],
                         capture_output=True, text=True).stderr
    summary = err[err.rfind("Summary:"):]
    get = lambda key: float(re.search(key + r":\s+(-?[\d.]+)", summary).group(1))
    return get("I"), get("LRA"), get("Peak")

def frames(x, hop=24000):
    mono = x.mean(axis=1)
    n = len(mono) // hop
    spec = np.abs(np.fft.rfft(mono[: n * hop].reshape(n, hop) * np.hanning(hop), axis=1))
    bands = np.logspace(np.log10(40), np.log10(16000), 48)
    freqs = np.fft.rfftfreq(hop, 1 / 48000)
    idx = np.searchsorted(freqs, bands)
    feat = np.log1p(np.array([[s[a:b].sum() for a, b in zip(idx[:-1], idx[1:])] for s in spec]) * 1e3)
    feat -= feat.mean(axis=1, keepdims=True)
    return feat / (np.linalg.norm(feat, axis=1, keepdims=True) + 1e-9), mono

def repetition(x):
    f, mono = frames(x)
    loud = np.array([np.sqrt(np.mean(mono[i * 24000:(i + 1) * 24000] ** 2)) for i in range(len(f))]) > 1e-3
    sim = f @ f.T
    n = len(f)
    twins = 0
    for i in range(n):
        far = [j for j in range(n) if abs(i - j) >= 16 and loud[j]]
        if loud[i] and far and sim[i, far].max() > 0.98: twins += 1
    return twins / max(1, loud.sum())

def high_share(x):
    spec = np.abs(np.fft.rfft(x.mean(axis=1))) ** 2
    freqs = np.fft.rfftfreq(len(x), 1 / 48000)
    return 10 * np.log10(spec[freqs > 12000].sum() / spec.sum())

def bass_fundamental(path):
    if not os.path.exists(path): return None
    x = wav(path).mean(axis=1)
    hop, f0s = 9600, []
    for i in range(0, len(x) - hop, hop):
        seg = x[i:i + hop] * np.hanning(hop)
        if np.sqrt(np.mean(seg ** 2)) < 1e-3: continue
        spec = np.abs(np.fft.rfft(seg, 4 * hop)); freqs = np.fft.rfftfreq(4 * hop, 1 / 48000)
        band = (freqs > 25) & (freqs < 200)
        f0s.append(freqs[band][np.argmax(spec[band])])
    return float(np.median(f0s)) if f0s else None

def mono_loss(path):
    if not os.path.exists(path): return None
    x = wav(path).astype(np.float64)
    stereo = np.mean(x[:, 0] ** 2 + x[:, 1] ** 2) / 2
    mono = np.mean(((x[:, 0] + x[:, 1]) / 2) ** 2)
    return 10 * np.log10(stereo / mono) if mono > 0 else None

def midi(path):
    data = open(path, "rb").read()
    ppq = struct.unpack(">H", data[12:14])[0]
    pos, tracks = 14, []
    while pos < len(data):
        length = struct.unpack(">I", data[pos + 4:pos + 8])[0]
        body, pos = data[pos + 8:pos + 8 + length], pos + 8 + length
        i, tick, status, events, name = 0, 0, 0, [], None
        while i < len(body):
            delta = 0
            while True:
                b = body[i]; i += 1; delta = (delta << 7) | (b & 0x7F)
                if b < 0x80: break
            tick += delta
            if body[i] >= 0x80: status = body[i]; i += 1
            if status == 0xFF:
                kind = body[i]; i += 1; n = 0
                while True:
                    b = body[i]; i += 1; n = (n << 7) | (b & 0x7F)
                    if b < 0x80: break
                meta = body[i:i + n]; i += n
                if kind == 3 and name is None: name = meta.decode("utf8", "replace")
                events.append((tick, "meta", kind, meta))
            elif status in (0xF0, 0xF7):
                n = body[i]; i += 1 + n
            else:
                hi = status & 0xF0; size = 1 if hi in (0xC0, 0xD0) else 2
                args = body[i:i + size]; i += size
                events.append((tick, hi, *args))
        tracks.append((name, events))
    tempos = [(t, 60e6 / int.from_bytes(m, "big")) for t, k, *r in tracks[0][1] if k == "meta" for kind, m in [r] if kind == 0x51]
    def seconds(tick):
        s, last_t, bpm = 0.0, 0, 120.0
        for t, b in tempos:
            if t > tick: break
            s += (t - last_t) / ppq * 60 / bpm; last_t, bpm = t, b
        return s + (tick - last_t) / ppq * 60 / bpm
    notes = {}
    for name, events in tracks[1:]:
        on, out = {}, []
        for t, kind, *args in events:
            if kind == 0x90 and args[1] > 0: on[args[0]] = (t, args[1])
            elif kind in (0x80, 0x90) and args[0] in on:
                start, vel = on.pop(args[0]); out.append((start, t, args[0], vel))
        notes[name] = sorted(out)
    return ppq, tempos, seconds, notes

def midi_figures(path):
    ppq, tempos, seconds, notes = midi(path)
    lead_name = "right hand" if "right hand" in notes else "melody"
    lead = notes.get(lead_name, [])
    top = []
    for n in lead:
        if top and n[0] - top[-1][0] < 40:
            if n[2] > top[-1][2]: top[-1] = n
        else: top.append(n)
    everything = [n for v in notes.values() for n in v]
    end = max(seconds(n[0]) for n in everything)
    spans, covered, reach = sorted((seconds(a), seconds(b)) for a, b, *_ in lead), 0.0, 0.0
    for a, b in spans:
        if b > reach: covered += min(b, end) - max(a, reach); reach = b
    onset_times = np.array([seconds(n[0]) for n in everything])
    windows = [np.sum((onset_times >= w) & (onset_times < w + 15)) / 15 for w in range(0, int(end) - 14, 15)]
    step = ppq // 4
    grid = [abs(seconds(n[0]) - seconds(round(n[0] / step) * step)) <= 0.015 for n in top]
    vel = np.sort([n[3] for n in top])
    spread = 20 * np.log10(vel[len(vel) * 3 // 4] / vel[len(vel) // 4]) if len(vel) >= 4 else 0
    repeats = np.mean([a[2] == b[2] for a, b in zip(top, top[1:])]) if len(top) > 1 else 0
    bpms = [b for _, b in tempos]
    names = "C C# D Eb E F F# G Ab A Bb B".split()
    low = notes.get("bass") or notes.get("left hand") or []
    keys = [n[2] for n in low]
    hz = lambda k: 440 * 2 ** ((k - 69) / 12)
    bass = f"{names[min(keys) % 12]}{min(keys) // 12 - 1}–{names[max(keys) % 12]}{max(keys) // 12 - 1} ({hz(min(keys)):.0f}–{hz(max(keys)):.0f} Hz)" if keys else None
    return {"lead_coverage": covered / end, "onsets_per_s": [round(w, 1) for w in windows],
            "grid_share": float(np.mean(grid)) if grid else None, "velocity_spread_db": float(spread),
            "repeated_notes": float(repeats), "tempo_range": (min(bpms), max(bpms)), "tempo_events": len(bpms), "bass_range": bass}

def stem(base, name):
    """A stem beside the piece, in the format `--stems` wrote it."""
    for extension in ("wav", "flac"):
        if os.path.exists(f"{base}.{name}.{extension}"): return f"{base}.{name}.{extension}"
    return base + "." + name + ".missing"

def piece(path):
    x = wav(path)
    lufs, lra, peak = ebur128(path)
    base = path[:-4]
    out = {"piece": os.path.basename(path), "lufs": lufs, "lra": lra, "true_peak": peak,
           "repetition": repetition(x), "above_12k": high_share(x),
           "melody_mono_loss_db": mono_loss(stem(base, "melody"))}
    if os.path.exists(base + ".mid"): out.update(midi_figures(base + ".mid"))
    return out

def loudness_curve(path, seconds=2.0):
    x = wav(path).mean(axis=1); hop = int(48000 * seconds)
    return np.array([10 * np.log10(np.mean(x[i:i + hop] ** 2) + 1e-12) for i in range(0, len(x) - hop, hop)])

def chroma_sequence(path, seconds=2.0):
    x = wav(path).mean(axis=1); hop = int(48000 * seconds); rows = []
    freqs = np.fft.rfftfreq(hop, 1 / 48000); valid = (freqs > 60) & (freqs < 4000)
    pcs = (np.round(12 * np.log2(freqs[valid] / 440)) % 12).astype(int)
    for i in range(0, len(x) - hop, hop):
        spec = np.abs(np.fft.rfft(x[i:i + hop] * np.hanning(hop)))[valid]
        c = np.bincount(pcs, weights=spec, minlength=12); rows.append(c / (np.linalg.norm(c) + 1e-9))
    return np.array(rows)

if __name__ == "__main__":
    if sys.argv[1] == "--seeds":
        paths = sys.argv[2:]; seqs = [chroma_sequence(p) for p in paths]; waves = [wav(p).mean(axis=1) for p in paths]
        worst_c, worst_w = 0, 0
        for a in range(len(paths)):
            for b in range(a + 1, len(paths)):
                n = min(len(seqs[a]), len(seqs[b]))
                best = max(np.mean(np.sum(seqs[a][:n] * np.roll(seqs[b][:n], s, axis=1), axis=1)) for s in range(12))
                m = min(len(waves[a]), len(waves[b])); w = np.corrcoef(waves[a][:m], waves[b][:m])[0, 1]
                worst_c, worst_w = max(worst_c, best), max(worst_w, abs(w))
        print(json.dumps({"max_chroma_similarity_after_transposition": round(float(worst_c), 3),
                          "max_waveform_correlation": round(float(worst_w), 3)}))
    elif sys.argv[1] == "--arrangement":
        curves = [loudness_curve(p) for p in sys.argv[2:]]
        n = min(map(len, curves))
        out = {f"{a}-{b}": round(float(np.corrcoef(curves[a][:n], curves[b][:n])[0, 1]), 2)
               for a in range(len(curves)) for b in range(a + 1, len(curves))}
        print(json.dumps(out))
    else:
        for p in sys.argv[1:]: print(json.dumps(piece(p), default=float))
