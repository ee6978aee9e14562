#!/usr/bin/env python3
"""Writes scripts/bench/arrangement.mid: the General MIDI arrangement the bench plays with
`studio render --midi` and with `fluidsynth -F`.

    python3 scripts/bench/make-arrangement.py [OUT.mid]

About three minutes of four parts at about 100 bpm, written as a Standard MIDI File format 1
by hand (standard library only, so anyone can regenerate it and get the same bytes):

  track 0  conductor: title, 4/4, tempo 100 -> 104 (chorus) -> 94 (bridge) -> 100, and a
           ritardando over the last two bars
  track 1  piano (GM 0) on channel 1: broken and block chords, the sustain pedal changed on
           every chord as a pianist would (up on the new chord, down just after it); electric
           piano (GM 4) in the bridge, then back to the grand piano
  track 2  fingered bass (GM 33) on channel 2: roots, fifths and octaves in eighths
  track 3  strings (GM 48) on channel 3: a four-note pad per chord with expression (CC11)
           swells, slow strings (GM 49) in the bridge
  track 4  drums on channel 10: kick, snare, hi-hats (closed/open, so the choke group is
           used), ride in the chorus, crashes at section starts, a fill before each section

It is meant to load the player the way real files do: 10-30 voices sounding most of the
time, velocities that vary note by note (so velocity layers and filters change), pedal-held
notes, program changes and tempo changes. Randomness is a fixed linear congruential
generator rather than `random`, so the bytes never depend on the Python version.
"""
import os
import struct
import sys

PPQ = 480  # ticks per quarter note
BAR = 4 * PPQ


class Rng:
    """Numerical Recipes' 32-bit LCG: tiny, fixed, identical everywhere."""

    def __init__(self, seed):
        self.state = seed & 0xFFFFFFFF

    def next(self):
        self.state = (1664525 * self.state + 1013904223) & 0xFFFFFFFF
        return self.state / 2**32

    def spread(self, centre, width):
        """An integer velocity around `centre`, +- width, clamped to MIDI's 1..127."""
        return max(1, min(127, int(round(centre + (self.next() * 2 - 1) * width))))


rng = Rng(20260301)

# Chords as (root pitch class, intervals above the root); A minor / C major.
CHORDS = {
    "Am": (9, (0, 3, 7)), "F": (5, (0, 4, 7)), "C": (0, (0, 4, 7)), "G": (7, (0, 4, 7)),
    "Dm": (2, (0, 3, 7)), "Em": (4, (0, 3, 7)), "Fmaj7": (5, (0, 4, 7, 11)), "G7": (7, (0, 4, 7, 10)),
    "Am7": (9, (0, 3, 7, 10)), "Dm7": (2, (0, 3, 7, 10)), "Cmaj7": (0, (0, 4, 7, 11)), "E7": (4, (0, 4, 7, 10)),
}

# (name, bars, tempo in bpm, one chord per bar, repeated over the section)
SECTIONS = [
    ("intro",   4, 100, ["Am7", "Fmaj7", "Am7", "Fmaj7"]),
    ("verse",  16, 100, ["Am", "F", "C", "G"]),
    ("chorus", 16, 104, ["F", "G", "Em", "Am", "Dm7", "G7", "Cmaj7", "E7"]),
    ("bridge", 12, 94,  ["Dm7", "Am7", "Fmaj7", "E7"]),
    ("verse",  12, 100, ["Am", "F", "C", "G"]),
    ("chorus", 12, 104, ["F", "G", "Em", "Am", "Dm7", "G7", "Cmaj7", "E7"]),
    ("outro",   2, 100, ["Am7", "Am7"]),
]


def voicing(chord, low, count):
    """`count` chord tones stacked upwards from the first one at or above `low`."""
    root, intervals = CHORDS[chord]
    tones = []
    pitch = low
    while len(tones) < count:
        if (pitch - root) % 12 in intervals:
            tones.append(pitch)
        pitch += 1
    return tones


class Track:
    """Events as (tick, order, bytes); order sorts same-tick events: offs and pedal-ups (0)
    before program changes (1), notes (2) and other controllers (3)."""

    def __init__(self, name):
        self.events = [(0, 0, meta(0x03, name.encode("ascii")))]

    def note(self, channel, key, start, length, velocity):
        self.events.append((start, 2, bytes([0x90 | channel, key, velocity])))
        self.events.append((start + length, 0, bytes([0x80 | channel, key, 64])))

    def control(self, channel, controller, value, tick, order=3):
        self.events.append((tick, order, bytes([0xB0 | channel, controller, value])))

    def program(self, channel, program, tick):
        self.events.append((tick, 1, bytes([0xC0 | channel, program])))

    def tempo(self, bpm, tick):
        self.events.append((tick, 1, meta(0x51, struct.pack(">I", round(60_000_000 / bpm))[1:])))

    def chunk(self):
        body = bytearray()
        last = 0
        for tick, _, data in sorted(self.events, key=lambda e: (e[0], e[1])):
            body += vlq(tick - last) + data
            last = tick
        body += vlq(0) + meta(0x2F, b"")
        return b"MTrk" + struct.pack(">I", len(body)) + bytes(body)


def meta(kind, data):
    return bytes([0xFF, kind]) + vlq(len(data)) + data


def vlq(value):
    """MIDI variable-length quantity: 7 bits per byte, high bit set on all but the last."""
    out = [value & 0x7F]
    value >>= 7
    while value:
        out.insert(0, (value & 0x7F) | 0x80)
        value >>= 7
    return bytes(out)


def arrangement():
    conductor, piano, bass, strings, drums = (
        Track("Bench arrangement"), Track("Piano"), Track("Fingered bass"), Track("Strings"), Track("Drums"))
    conductor.events.append((0, 1, meta(0x58, bytes([4, 2, 24, 8]))))  # 4/4
    PIANO, BASS, STRINGS, DRUMS = 0, 1, 2, 9
    # Channel set-up at tick 0: programs, volumes, pans and reverb sends as a sequencer writes them.
    for channel, program, volume, pan, reverb in ((PIANO, 0, 100, 54, 40), (BASS, 33, 105, 64, 20),
                                                  (STRINGS, 48, 80, 80, 70), (DRUMS, 0, 100, 64, 30)):
        track = {PIANO: piano, BASS: bass, STRINGS: strings, DRUMS: drums}[channel]
        track.program(channel, program, 0)
        for controller, value in ((7, volume), (10, pan), (91, reverb), (11, 127)):
            track.control(channel, controller, value, 0, order=1)

    bar_tick = 0
    for index, (name, bars, bpm, chords) in enumerate(SECTIONS):
        conductor.tempo(bpm, bar_tick)
        bridge = name == "bridge"
        if bridge:
            piano.program(PIANO, 4, bar_tick)
            strings.program(STRINGS, 49, bar_tick)
        elif index > 0 and SECTIONS[index - 1][0] == "bridge":
            piano.program(PIANO, 0, bar_tick)
            strings.program(STRINGS, 48, bar_tick)
        for bar in range(bars):
            t = bar_tick + bar * BAR
            chord = chords[bar % len(chords)]
            last_bar = index == len(SECTIONS) - 1 and bar == bars - 1
            if index == len(SECTIONS) - 1:
                # Ritardando: a step down every beat after the first, to 80 bpm on the last beat.
                for step in range(4):
                    beat = bar * 4 + step
                    if beat > 0:
                        conductor.tempo(bpm - beat * 20 / (bars * 4 - 1), t + step * PPQ)
            play_piano(piano, PIANO, chord, t, name, last_bar)
            play_bass(bass, BASS, chord, t, name, last_bar)
            play_strings(strings, STRINGS, chord, t, name)
            play_drums(drums, DRUMS, t, name, bar, bars, last_bar)
        bar_tick += bars * BAR
    # The pedal comes up as the last chord ends; the file runs on two more bars (6 s at 80 bpm)
    # so that every tail, the crash's included, has died away before it ends. FluidSynth renders
    # until its last voice is silent and we render 1.5 s past the end, so with nothing sounding
    # at the end both write nearly the same length of audio: equal work for the bench.
    piano.control(PIANO, 64, 0, bar_tick, order=0)
    conductor.events.append((bar_tick + 2 * BAR, 3, meta(0x01, b"end")))
    return [conductor, piano, bass, strings, drums]


def play_piano(track, ch, chord, t, section, last_bar):
    # Pedal: up exactly on the chord change, down again 40 ticks later (legato pedalling).
    track.control(ch, 64, 0, t, order=0)
    track.control(ch, 64, 127, t + 40)
    low = voicing(chord, 48, 1)[0]
    if last_bar:
        for key in [low - 12] + voicing(chord, 60, 4):
            track.note(ch, key, t, 4 * PPQ, rng.spread(70, 6))
        return
    if section in ("intro", "bridge", "outro"):
        # Broken chord in eighths, left hand root then the upper voicing rolled upwards.
        pattern = [low] + voicing(chord, 60, 3) + [voicing(chord, 72, 1)[0]] + voicing(chord, 60, 3)[::-1]
        for step, key in enumerate(pattern):
            track.note(ch, key, t + step * PPQ // 2, PPQ // 2 - 20, rng.spread(62 if step % 2 else 74, 8))
        return
    # Verse and chorus: bass note on 1, block chords on 1, the "and" of 2 and 4 (syncopated comping).
    loud = 82 if section == "chorus" else 70
    track.note(ch, low - 12, t, 2 * PPQ, rng.spread(loud, 8))
    upper = voicing(chord, 60 if section == "verse" else 64, 4)
    for offset, length in ((0, PPQ), (3 * PPQ // 2, PPQ), (7 * PPQ // 2, PPQ // 2)):
        accent = 6 if offset == 0 else 0
        for key in upper:
            track.note(ch, key, t + offset + int(rng.next() * 12), length, rng.spread(loud - 6 + accent, 10))


def play_bass(track, ch, chord, t, section, last_bar):
    root = voicing(chord, 28, 1)[0]
    fifth, octave = root + 7, root + 12
    if last_bar:
        track.note(ch, root, t, 4 * PPQ, 90)
        return
    if section in ("intro", "outro"):
        track.note(ch, root, t, 2 * PPQ - 30, rng.spread(88, 6))
        track.note(ch, fifth, t + 2 * PPQ, 2 * PPQ - 30, rng.spread(80, 6))
        return
    line = [root, root, octave, root, fifth, root, octave, fifth] if section != "bridge" else \
        [root, None, fifth, None, octave, None, fifth, root]
    for step, key in enumerate(line):
        if key is not None:
            length = PPQ // 2 - (60 if step % 2 else 20)
            track.note(ch, key, t + step * PPQ // 2, length, rng.spread(96 if step % 4 == 0 else 82, 8))


def play_strings(track, ch, chord, t, section):
    if section == "intro":
        return
    # A whole-bar pad, overlapping the next chord by a sixteenth so the release tails cross.
    loud = 84 if section == "chorus" else 72
    for key in voicing(chord, 55, 4):
        track.note(ch, key, t, BAR + PPQ // 4, rng.spread(loud, 6))
    # Expression swell: up over the first half of the bar, back down over the second.
    for step, value in enumerate((90, 100, 110, 120, 124, 116, 104, 96)):
        track.control(ch, 11, value, t + step * PPQ // 2)


KICK, SNARE, CLOSED, OPEN, CRASH, RIDE, TOM_HI, TOM_LO = 36, 38, 42, 46, 49, 51, 50, 45


def play_drums(track, ch, t, section, bar, bars, last_bar):
    hit = lambda key, step, vel, width=8: track.note(ch, key, t + step * PPQ // 4, PPQ // 8, rng.spread(vel, width))
    if bar == 0 and section != "intro":
        hit(CRASH, 0, 100)
    if last_bar:
        hit(KICK, 0, 110)
        hit(CRASH, 0, 110)
        return
    if section == "intro":
        for step in range(0, 16, 4):
            hit(CLOSED, step, 60)
        return
    # Sixteenth steps: kick on 1 and 3 (and the "and" of 3), snare on 2 and 4.
    for step in (0, 8, 10):
        hit(KICK, step, 104 if step != 10 else 86)
    for step in (4, 12):
        hit(SNARE, step, 100, 10)
    if section == "bridge":
        hit(SNARE, 14, 40, 10)  # ghost note
    cymbal = RIDE if section == "chorus" else CLOSED
    for step in range(0, 16, 2):
        if cymbal == CLOSED and step == 14 and bar % 2 == 1:
            hit(OPEN, step, 80)  # open hat, choked by the next closed hat
        else:
            hit(cymbal, step, 84 if step % 4 == 0 else 66, 10)
    if bar == bars - 1:
        # Fill over the last beat into the next section.
        for step, key in ((12, TOM_HI), (13, TOM_HI), (14, TOM_LO), (15, TOM_LO)):
            hit(key, step, 90)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "arrangement.mid")
    tracks = arrangement()
    header = b"MThd" + struct.pack(">IHHH", 6, 1, len(tracks), PPQ)
    with open(out, "wb") as f:
        f.write(header + b"".join(track.chunk() for track in tracks))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
