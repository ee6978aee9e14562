import StudioCore
import StudioMIDI
import Testing
@testable import StudioEngine

/// The musical phrases of a prompt change the piece, measured from its MIDI export (the bytes
/// the `mid` format writes, parsed back): mode, swing ratio, drum density, chord size, tempo,
/// timbre, parts — each against the same prompt without the phrase, same seed.
@Suite struct PromptPhraseMusicTests {
    static let ppq = ScoreMIDIExport.ticksPerQuarter

    /// The score and its exported MIDI file, read back from bytes.
    static func piece(_ engineKey: String, _ prompt: String, seed: UInt64 = 3, duration: Double = 60) throws -> (Score, MIDIFile) {
        let request = RenderRequest(engineKey: engineKey, prompt: prompt, durationSeconds: duration, seed: seed)
        let (_, _, score, metadata) = try Renderer().compose(request)
        let bytes = MIDIFileWriter.bytes(of: ScoreMIDIExport.file(for: score, metadata: metadata))
        return (score, try MIDIParser.parse(bytes))
    }

    static func track(_ file: MIDIFile, _ name: String) -> MIDITrack? { file.tracks.first { $0.name == name } }

    /// (tick, key) of every note-on in a track.
    static func onsets(_ track: MIDITrack?) -> [(tick: Int, key: Int)] {
        (track?.events ?? []).compactMap { item in
            guard case .noteOn(_, let key, let velocity) = item.event, velocity > 0 else { return nil }
            return (item.tick, key)
        }
    }

    static func tempo(_ file: MIDIFile) -> Double? {
        for item in file.tracks[0].events { if case .tempo(let micros) = item.event { return 60_000_000 / Double(micros) } }
        return nil
    }

    @Test func minorKeyBeatsWarmInTheKeySignatureAndThePitches() throws {
        for seed in [1, 2, 3] as [UInt64] {
            let (score, file) = try Self.piece("lofi-1", "lofi in a minor key, warm", seed: seed)
            #expect(score.key.mode == .minor)
            #expect(file.tracks[0].events.contains { $0.event == .keySignature(sharps: ScoreMIDIExport.sharps(of: score.key), minor: true) })
            let classes = Self.onsets(Self.track(file, "keys")).map { (($0.key - score.key.tonic) % 12 + 12) % 12 }
            let minorThirds = classes.filter { $0 == 3 }.count, majorThirds = classes.filter { $0 == 4 }.count
            #expect(minorThirds > 2 * majorThirds, "seed \(seed): minor thirds \(minorThirds), major thirds \(majorThirds)")
        }
        let (major, _) = try Self.piece("lofi-1", "sad rainy lofi, major", seed: 1)
        #expect(major.key.mode == .major)
    }

    /// Where the off-beat eighths of the hats fall, as a share of the beat (0.5 straight).
    static func offbeatPosition(_ file: MIDIFile) -> Double {
        let hats = Self.onsets(Self.track(file, "drums")).filter { [42, 46].contains($0.key) }
        // The off-beat eighth lies between 0.5 (straight) and 0.67 (triplet swing); the 16th after
        // it (0.75 straight, later swung) stays outside the window.
        let positions = hats.map { Double($0.tick % ppq) / Double(ppq) }.filter { $0 > 0.4 && $0 < 0.72 }
        return positions.reduce(0, +) / Double(max(1, positions.count))
    }

    @Test(arguments: ["pulse-1", "lofi-1"])
    func swingDelaysTheOffbeatEighthsAndStraightDoesNot(engineKey: String) throws {
        let genre = engineKey == "pulse-1" ? "progressive house" : "lofi"
        let swung = Self.offbeatPosition(try Self.piece(engineKey, "\(genre), swing").1)
        let straight = Self.offbeatPosition(try Self.piece(engineKey, "\(genre), straight").1)
        #expect(abs(swung - 0.66) < 0.03, "swung off-beat at \(swung) of the beat")
        #expect(abs(straight - 0.5) < 0.02, "straight off-beat at \(straight) of the beat")
    }

    @Test(arguments: ["pulse-1", "lofi-1"])
    func halfAndDoubleTimeChangeTheDrumDensityNotTheTempo(engineKey: String) throws {
        let genre = engineKey == "pulse-1" ? "techno" : "lofi"
        let (_, normal) = try Self.piece(engineKey, genre)
        let (_, half) = try Self.piece(engineKey, "\(genre), half-time")
        let (_, double) = try Self.piece(engineKey, "\(genre), double-time")
        let n = Double(Self.onsets(Self.track(normal, "drums")).count)
        let h = Double(Self.onsets(Self.track(half, "drums")).count)
        let d = Double(Self.onsets(Self.track(double, "drums")).count)
        #expect(h < 0.75 * n, "half-time \(h) onsets against \(n)")
        #expect(d > 1.3 * n, "double-time \(d) onsets against \(n)")
        #expect(Self.tempo(half) == Self.tempo(normal) && Self.tempo(double) == Self.tempo(normal))
    }

    /// The mean number of distinct pitch classes struck together (within 60 ticks, a humanised
    /// or rolled chord) at each chord onset of a track.
    static func chordSize(_ track: MIDITrack?) -> Double {
        var chords: [[(tick: Int, key: Int)]] = []
        for onset in Self.onsets(track).sorted(by: { $0.tick < $1.tick }) {
            if let first = chords.last?.first, onset.tick - first.tick <= 60 { chords[chords.count - 1].append(onset) } else { chords.append([onset]) }
        }
        chords = chords.filter { $0.count >= 3 }
        let sizes = chords.map { Double(Set($0.map { $0.key % 12 }).count) }
        return sizes.reduce(0, +) / Double(max(1, sizes.count))
    }

    /// Pulse's triads become five-note ninth chords; lofi's rootless sevenths (already jazzy)
    /// gain the ninth.
    @Test(arguments: [("pulse-1", "progressive house", "pad", 0.7, 4.2), ("lofi-1", "lofi", "keys", 0.4, 3.8)])
    func jazzyAddsSeventhsAndNinths(engineKey: String, prompt: String, part: String, rise: Double, least: Double) throws {
        let plain = Self.chordSize(Self.track(try Self.piece(engineKey, prompt).1, part))
        let jazzy = Self.chordSize(Self.track(try Self.piece(engineKey, "jazzy \(prompt)").1, part))
        #expect(jazzy >= plain + rise, "\(part): \(jazzy) pitch classes a chord against \(plain)")
        #expect(jazzy >= least)
    }

    @Test func squareWavesPlayASquareLeadAndAddNoNoise() throws {
        let (score, file) = try Self.piece("pulse-1", "trance with square waves")
        let lead = try #require(Self.track(file, "lead"))
        #expect(lead.events.contains { if case .programChange(_, 80) = $0.event { true } else { false } }, "GM 81 Lead 1 (square)")
        #expect((score.parts.first { $0.name == "lead" }?.instrument as? Lead)?.character == .square)
        let (plain, _) = try Self.piece("pulse-1", "trance")
        #expect(score.parts.map(\.name) == plain.parts.map(\.name), "no noise part for \"waves\"")
    }

    @Test func darkAndBrightMoveTheSynthBrightness() throws {
        func brightness(_ prompt: String) throws -> (pad: Float, lead: Float) {
            let (score, _) = try Self.piece("pulse-1", prompt)
            return ((score.parts.first { $0.name == "pad" }?.instrument as? Pad)?.brightness ?? -1,
                    (score.parts.first { $0.name == "lead" }?.instrument as? Lead)?.brightness ?? -1)
        }
        let dark = try brightness("dark progressive house"), bright = try brightness("bright progressive house")
        #expect(bright.pad - dark.pad >= 0.25 && bright.lead - dark.lead >= 0.2, "dark \(dark), bright \(bright)")
        // The pad's part filter, which the renderer runs, opens with it.
        let cutoff = { (prompt: String) throws -> Float in
            try Self.piece("pulse-1", prompt).0.parts.first { $0.name == "pad" }?.filter?.cutoff ?? 0
        }
        #expect(try cutoff("bright progressive house") - cutoff("dark progressive house") >= 800)
    }

    @Test func dustyLouderVinylAndADarkerKit() throws {
        let (dusty, _) = try Self.piece("lofi-1", "dusty lofi")
        let (clean, _) = try Self.piece("lofi-1", "lofi")
        let vinyl = { (s: Score) in s.parts.first { $0.name == "vinyl" }?.gain ?? 0 }
        let kitCutoff = { (s: Score) in s.parts.first { $0.name == "drums" }?.filter?.cutoff ?? 0 }
        #expect(vinyl(dusty) > 1.5 * vinyl(clean))
        #expect(kitCutoff(dusty) < kitCutoff(clean))
    }

    @Test func subgenresHaveTheirTempoDrumsAndParts() throws {
        var kickPatterns: [String: Set<Int>] = [:]
        let ranges: [(String, ClosedRange<Double>)] = [
            ("deep house", 118...124), ("techno", 128...136), ("progressive", 122...128), ("trance", 136...140),
            ("minimal techno", 124...130), ("drum and bass", 170...176), ("breakbeat", 128...136),
        ]
        for (name, range) in ranges {
            let (score, file) = try Self.piece("pulse-1", name)
            let bpm = try #require(Self.tempo(file))
            #expect(range.contains(bpm.rounded()), "\(name) at \(bpm)")
            let ticksPerBar = 4 * Self.ppq
            kickPatterns[name] = Set(Self.onsets(Self.track(file, "drums")).filter { $0.key == 36 }
                .map { Int((Double($0.tick % ticksPerBar) / Double(Self.ppq / 4)).rounded()) % 16 })
            if name == "minimal techno" {
                #expect(!score.parts.contains { $0.name == "lead" || $0.name == "arp" }, "minimal keeps fewer parts")
            }
        }
        #expect(kickPatterns["drum and bass"] != kickPatterns["techno"])
        #expect(kickPatterns["breakbeat"] != kickPatterns["deep house"])
        // Minimal moves its harmony far less often than plain pulse.
        func chordChanges(_ prompt: String) throws -> Int {
            Set(Self.onsets(Self.track(try Self.piece("pulse-1", prompt).1, "pad")).map(\.tick)).count
        }
        #expect(try chordChanges("minimal techno") * 3 <= chordChanges("house"))
    }

    @Test func theSamePromptGivesTheSameFile() throws {
        let a = try Self.piece("pulse-1", "jazzy swing techno, half-time, square waves").1
        let b = try Self.piece("pulse-1", "jazzy swing techno, half-time, square waves").1
        #expect(a == b)
    }
}
