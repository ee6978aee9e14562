<CsoundSynthesizer>
; Reference patch for scripts/bench.sh: a workload comparable to one studio
; engine render, so the Csound timing gives a yardstick for the studio figures.
;
;   48 kHz, ksmps 32, stereo, written as 16-bit WAV by the caller
;   (csound -d -W -o FILE scripts/bench/csound-compare.csd).
;   Conductor: a new 5-note chord every second (8-chord cycle), each chord
;   note lasting 1.7 s + 0.3 s release, so ~10 chord voices overlap on
;   average; plus a bass line, one note every 0.5 s (root / fifth).
;   About 11 simultaneous voices on average.
;   Each voice: 2 band-limited saws (vco2), detuned +-7 cents, through a
;   moogladder low-pass with its own cutoff envelope, an ADSR amp envelope,
;   panned into a stereo bus.
;   Bus: reverbsc (stereo), mixed with the dry signal.
;
; Length: DUR seconds (default 180); override with --omacro:DUR=10.
; Deterministic: fixed random seed.
<CsOptions>
-d
</CsOptions>
<CsInstruments>
sr     = 48000
ksmps  = 32
nchnls = 2
0dbfs  = 1

#ifndef DUR
#define DUR #180#
#end

seed 1

gaL init 0
gaR init 0

; 8 chords x 5 notes (MIDI note numbers): Am9 Fmaj7#11 Cmaj9 G9 Dm9 Fmaj9 Em7 E7b9
giChords ftgen 0, 0, -40, -2, \
  57, 60, 64, 67, 71, \
  53, 57, 60, 64, 71, \
  55, 59, 62, 64, 72, \
  55, 59, 62, 65, 69, \
  50, 53, 57, 60, 64, \
  53, 57, 60, 64, 67, \
  52, 55, 59, 62, 67, \
  52, 56, 59, 62, 65
; bass roots, one per chord
giRoots ftgen 0, 0, -8, -2, 33, 29, 36, 31, 38, 29, 28, 28

; Conductor: schedules chords (1 Hz) and bass notes (2 Hz).
instr 1
  kchord init 0
  kbass  init 0
  if metro(1) == 1 then
    kidx = kchord % 8
    kn = 0
    while kn < 5 do
      knote  table kidx * 5 + kn, giChords
      kpan   random 0.15, 0.85
      kvel   random 0.8, 1.0
      kcut   random 700, 1400
      event "i", 10, 0, 1.7, knote, 0.16 * kvel, kpan, kcut
      kn += 1
    od
    kchord += 1
  endif
  if metro(2) == 1 then
    kroot table (kbass / 2) % 8, giRoots
    knote = kroot + 12 + ((kbass % 2) == 1 ? 7 : 0)
    event "i", 10, 0, 0.45, knote, 0.32, 0.5, 350
    kbass += 1
  endif
endin

; Voice: p4 MIDI note, p5 amplitude, p6 pan, p7 base cutoff (Hz)
instr 10
  ifreq  = cpsmidinn(p4)
  aenv   madsr 0.01, 0.35, 0.6, 0.3
  kfenv  madsr 0.005, 0.5, 0.25, 0.3
  asaw1  vco2  p5, ifreq * cent(-7)
  asaw2  vco2  p5, ifreq * cent(7)
  kcut   = p7 * (1 + 4 * kfenv)
  afil   moogladder asaw1 + asaw2, kcut, 0.35
  aL, aR pan2 afil * aenv, p6
  gaL   += aL
  gaR   += aR
endin

; Stereo reverb bus, runs after the voices in every k-cycle.
instr 99
  awL, awR reverbsc gaL, gaR, 0.85, 10000
  outs gaL * 0.8 + awL * 0.4, gaR * 0.8 + awR * 0.4
  clear gaL, gaR
endin

schedule 1,  0, $DUR
schedule 99, 0, $DUR
event_i "e", 0, $DUR
</CsInstruments>
<CsScore>
f 0 z
</CsScore>
</CsoundSynthesizer>
