# Regenerates share-track.json and share-collection.json (sample share-page contexts with
# synthetic waveforms). Run from the repository root: python3 Tests/StudioTemplatesTests/Fixtures/make-fixtures.py
import json, math, random

def waveform(seed, bars=120, w=600, h=80):
    rnd = random.Random(seed)
    step = w / bars
    bw = step * 0.62
    parts = []
    env_phase = rnd.random() * 6
    for i in range(bars):
        x = i / bars
        env = 0.35 + 0.45 * (0.5 + 0.5 * math.sin(x * 5.2 + env_phase)) * min(1, x * 6) * min(1, (1 - x) * 5)
        amp = max(0.04, min(1, env * (0.7 + 0.6 * rnd.random())))
        bh = max(2, amp * h)
        y = (h - bh) / 2
        parts.append(f'<rect x="{i*step + (step-bw)/2:.1f}" y="{y:.1f}" width="{bw:.1f}" height="{bh:.1f}" rx="1.5"/>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" preserveAspectRatio="none" '
            f'focusable="false" aria-hidden="true"><g fill="currentColor">' + "".join(parts) + '</g></svg>')

host = "https://music.example.com"
FLUID = "Instrument samples: FluidR3_GM SoundFont, (c) Frank Wen and contributors, MIT licence"

def track(tid, title, slug, prompt, ek, en, secs, text, bpm, key, lic, token, formats, seed, created, stems=()):
    base = f"{host}/s/{token}/"
    mimes = {"mp3": "audio/mpeg", "flac": "audio/flac", "ogg": "audio/ogg", "wav": "audio/wav"}
    sizes = {"mp3": 16000, "flac": 88000, "ogg": 14000, "wav": 176400}
    audio = []
    for f in formats:
        b = sizes[f] * secs
        audio.append({"url": f"{slug}.{f}", "absolute_url": base + f"{slug}.{f}", "mime": mimes[f], "format": f,
                      "size_text": f"{b/1e6:.1f} MB", "name": f, "download_name": f"{title}.{f}"})
    stem_files = [{"url": f"{slug}.{s}.wav", "absolute_url": base + f"{slug}.{s}.wav", "mime": "audio/wav", "format": "wav",
                   "size_text": f"{sizes['wav'] * secs / 1e6:.1f} MB", "name": s, "download_name": f"{title} - {s}.wav"} for s in stems]
    return {"id": tid, "title": title, "prompt": prompt, "engine_key": ek, "engine_name": en,
            "duration_seconds": float(secs), "duration_text": text, "bpm": bpm, "key": key, "created_at": created,
            "audio": audio, "primary_audio": audio[0], "stems": stem_files, "has_stems": bool(stem_files),
            "waveform_svg": waveform(seed), "licence": lic}

def page(kind, token, title):
    url = f"{host}/s/{token}/"
    return {"kind": kind, "url": url, "title": title, "json_url": f"../../v1/music/shares/{token}/index.json",
            "cover_url": "cover-0123456789abcdef.png", "cover_absolute_url": url + "cover-0123456789abcdef.png",
            "cover_width": 1200, "cover_height": 630, "embed_url": url + "embed/", "oembed_url": url + "oembed.json"}

cleared = {"class": "commercial_cleared", "label": "Commercial use cleared", "commercial_use": True,
           "requires_attribution": True, "attribution": FLUID}
personal = {"class": "personal_only", "label": "Personal use only", "commercial_use": False,
            "requires_attribution": True, "attribution": "Drum loops: “Dusty Breaks” by K. Ito, CC BY-NC 4.0"}
unclear = {"class": "unclear", "label": "Licence unclear", "commercial_use": False,
           "requires_attribution": False, "attribution": None}

site = {"name": "Music Studio", "assets_url": "../../assets", "generator": "Music Studio"}
T1 = "tok_3f9a2c71d8e4"
sunrise = track("mtrack_01JD7Q8Z4V", "Sunrise", "sunrise", "warm evolving pads for a slow sunrise — soft choir & distant strings",
                "ambient-1", "Ambient", 90, "1:30", 64, "D major", cleared, T1, ["mp3", "flac"], 7, "2026-11-25T15:00:00.000Z",
                ["pads", "choir"])
json.dump({"site": site, "page": page("track", T1, "Sunrise"),
           "track": sunrise}, open("Tests/StudioTemplatesTests/Fixtures/share-track.json", "w"), indent=2, ensure_ascii=False)

T2 = "tok_8b1e5a09c2f6"
tracks = [
    track("mtrack_01JD7Q8Z4V", "Sunrise", "01-sunrise", sunrise["prompt"], "ambient-1", "Ambient", 90, "1:30", 64, "D major", cleared, T2, ["mp3", "flac"], 7, "2026-11-25T15:00:00.000Z"),
    track("mtrack_01JD7QB2KX", "Coffee Steam", "02-coffee-steam", "lazy lo-fi beat with Rhodes chords and vinyl crackle", "lofi-1", "Lo-fi", 100, "1:40", 82, "F minor", personal, T2, ["mp3"], 11, "2026-11-25T15:04:00.000Z"),
    track("mtrack_01JD7QC9MT", "Grey Morning", "03-grey-morning", "sparse piano over rain, unhurried", "sketch-0", "Sketch (experimental)", 60, "1:00", None, None, unclear, T2, ["mp3", "ogg"], 23, "2026-11-25T15:09:00.000Z"),
]
for i, t in enumerate(tracks): t["position"] = i + 1
json.dump({"site": site, "page": page("collection", T2, "Morning Focus"),
           "collection": {"id": "mcoll_01JD7QD4RS", "name": "Morning Focus", "description": "Slow starts for the first hour of the day: pads, a lazy beat, and rain.",
                          "track_count": 3, "duration_text": "4:10", "playlist_url": "playlist.m3u", "tracks": tracks}},
          open("Tests/StudioTemplatesTests/Fixtures/share-collection.json", "w"), indent=2, ensure_ascii=False)
