#!/usr/bin/env python3
"""Reads a Standard MIDI File with mido (an outside reader) and prints what the export tests check,
as JSON: the file type and division, and per track its name, channels, programs, note-ons and
note-offs (absolute ticks), tempos, key and time signatures, markers; and mido's own length in
seconds (which walks the tempo map). mido raises on a malformed file, and so exits non-zero."""
import json
import sys

import mido

def main(path):
    midi = mido.MidiFile(path)  # strict by default: a bad chunk or event is an error
    tracks = []
    for track in midi.tracks:
        tick = 0
        info = {"name": None, "channels": set(), "programs": [], "note_on": [], "note_off": [],
                "tempos": [], "key_signatures": [], "time_signatures": [], "markers": [], "pitchwheel": 0,
                "end_of_track": False}
        for message in track:
            tick += message.time
            kind = message.type
            if kind == "track_name" and info["name"] is None:
                info["name"] = message.name
            elif kind == "program_change":
                info["programs"].append([message.channel, message.program])
            elif kind == "note_on" and message.velocity > 0:
                info["note_on"].append([tick, message.channel, message.note, message.velocity])
            elif kind == "note_off" or (kind == "note_on" and message.velocity == 0):
                info["note_off"].append([tick, message.channel, message.note])
            elif kind == "set_tempo":
                info["tempos"].append([tick, message.tempo])
            elif kind == "key_signature":
                info["key_signatures"].append([tick, message.key])
            elif kind == "time_signature":
                info["time_signatures"].append([tick, message.numerator, message.denominator])
            elif kind == "marker":
                info["markers"].append([tick, message.text])
            elif kind == "pitchwheel":
                info["pitchwheel"] += 1
            elif kind == "end_of_track":
                info["end_of_track"] = True
            if hasattr(message, "channel"):
                info["channels"].add(message.channel)
        info["channels"] = sorted(info["channels"])
        tracks.append(info)
    print(json.dumps({"type": midi.type, "ticks_per_beat": midi.ticks_per_beat, "length": midi.length,
                      "tracks": tracks}))

if __name__ == "__main__":
    main(sys.argv[1])
