import Foundation
import Testing
import StudioCore
@testable import StudioAudio

/// Writes every format through `AudioFileWriter`, reads it back through `AudioFileReader`, and
/// asks ffprobe (an independent decoder) which tags the file really carries.
@Suite struct AudioFileTests {
    static let sampleRate = 48_000
    static let frames = 2 * sampleRate
    static let licence = LicenceTerms(licenceClass: .commercialCleared, requiresAttribution: false, attribution: nil)

    static let metadata = AudioMetadata(
        title: "Test Tone", artist: "Music Studio Tests", album: "Fixtures",
        comment: licence.summary, copyright: "(c) 2024 Music Studio", licence: "commercial_cleared",
        software: "studio 0.1", date: "2024-05-06", genre: "Ambient")

    /// Different sines left and right, so that a swapped or duplicated channel shows.
    static let signal: (left: [Float], right: [Float]) = {
        let left = (0..<frames).map { Float(0.5 * sin(2 * Double.pi * 440 * Double($0) / Double(sampleRate))) }
        let right = (0..<frames).map { Float(0.4 * sin(2 * Double.pi * 660 * Double($0) / Double(sampleRate))) }
        return (left, right)
    }()

    @Test(arguments: AudioFormat.audioFormats)
    func roundTrip(format: AudioFormat) throws {
        try withTempDir { dir in
            let url = dir.appendingPathComponent("tone.\(format.fileExtension)")
            try write(url, format: format)

            let reader = try AudioFileReader(url: url)
            #expect(reader.sampleRate == 48_000)
            #expect(reader.channels == 2)
            let (left, right) = try reader.readAll()
            #expect(left.count == reader.frames && right.count == reader.frames)
            if format.isLossless {
                #expect(reader.frames == Self.frames)
            } else {
                // Codecs pad to whole frames; libsndfile trims by the encoder's gapless info.
                #expect(abs(reader.frames - Self.frames) <= 2_400, "frames \(reader.frames)")
            }

            if let tolerance = format.sampleTolerance {
                #expect(maxDifference(left, Self.signal.left) <= tolerance)
                #expect(maxDifference(right, Self.signal.right) <= tolerance)
            } else {
                // Lossy: the level survives and the channels stay apart.
                #expect(abs(rms(left) - rms(Self.signal.left)) < 0.1 * rms(Self.signal.left))
                #expect(abs(rms(right) - rms(Self.signal.right)) < 0.1 * rms(Self.signal.right))
            }

            for tag in AudioTag.allCases {
                let stored = AudioFileWriter.storedTags(format).contains(tag)
                let value = reader.string(tag)
                #expect(matches(value, tag, format) == stored, "libsndfile reads \(tag) in \(format) as \(value ?? "nil")")
            }
            #expect(reader.string(.title) == "Test Tone")
            #expect(reader.string(.comment)?.contains("Licence: commercial_cleared") == true)
        }
    }

    /// The documented tag table, checked by a decoder that is not libsndfile.
    @Test(arguments: AudioFormat.audioFormats)
    func ffprobeSeesDocumentedTags(format: AudioFormat) throws {
        try withTempDir { dir in
            let url = dir.appendingPathComponent("tags.\(format.fileExtension)")
            try write(url, format: format)
            let tags = try ffprobeTags(url)

            #expect(tags["title"] == ["Test Tone"])
            #expect(tags["artist"] == ["Music Studio Tests"])
            #expect(tags["comment"]?.first?.contains("Licence: commercial_cleared") == true, "\(tags)")

            let stored = AudioFileWriter.storedTags(format)
            for tag in AudioTag.allCases {
                // WAV's ISFT and Opus's ENCODER show as "encoder"; MP3 has LAME's own encoder tag.
                let keys = switch tag {
                case .licence: ["license"]
                case .software: ["software", "encoder"]
                default: ["\(tag)"]
                }
                let found = keys.flatMap { tags[$0, default: []] }.contains { matches($0, tag, format) }
                #expect(found == stored.contains(tag), "\(tag) in \(format): \(tags)")
            }
        }
    }

    @Test(arguments: [AudioFormat.wav, .flac, .wav24, .wavFloat, .mp3])
    func sameSeedGivesIdenticalBytes(format: AudioFormat) throws {
        try withTempDir { dir in
            let a = dir.appendingPathComponent("a.\(format.fileExtension)")
            let b = dir.appendingPathComponent("b.\(format.fileExtension)")
            try write(a, format: format, ditherSeed: 42)
            try write(b, format: format, ditherSeed: 42)
            #expect(try Data(contentsOf: a) == Data(contentsOf: b))
        }
    }

    @Test(arguments: [AudioFormat.wav, .flac])
    func ditherDependsOnSeed(format: AudioFormat) throws {
        try withTempDir { dir in
            let a = dir.appendingPathComponent("a.\(format.fileExtension)")
            let b = dir.appendingPathComponent("b.\(format.fileExtension)")
            try write(a, format: format, ditherSeed: 1)
            try write(b, format: format, ditherSeed: 2)
            #expect(try Data(contentsOf: a) != Data(contentsOf: b))
        }
    }

    @Test(arguments: [AudioFormat.wav, .wav24, .flac])
    func overloadClipsInsteadOfWrapping(format: AudioFormat) throws {
        try withTempDir { dir in
            let url = dir.appendingPathComponent("loud.\(format.fileExtension)")
            let hot = [Float](repeating: 1.5, count: 1_000)
            let cold = [Float](repeating: -1.5, count: 1_000)
            let writer = try AudioFileWriter(url: url, format: format, sampleRate: 48_000, metadata: Self.metadata)
            try hot.withUnsafeBufferPointer { h in
                try cold.withUnsafeBufferPointer { c in
                    try writer.write(left: h.baseAddress!, right: c.baseAddress!, frames: 1_000)
                }
            }
            try writer.close()
            let (left, right) = try AudioFileReader(url: url).readAll()
            #expect(left.allSatisfy { $0 > 0.99 })
            #expect(right.allSatisfy { $0 < -0.99 })
        }
    }

    @Test(arguments: AudioFormat.audioFormats)
    func unicodeTitle(format: AudioFormat) throws {
        try withTempDir { dir in
            let url = dir.appendingPathComponent("unicode.\(format.fileExtension)")
            var meta = Self.metadata
            meta.title = "Café Ñandú — 夜"
            try write(url, format: format, metadata: meta)
            let expected = format == .mp3 ? "Cafe Nandu - ?" : meta.title
            #expect(try AudioFileReader(url: url).string(.title) == expected)
            #expect(try ffprobeTags(url)["title"] == [expected])
        }
    }

    @Test func unwritablePathNamesThePath() throws {
        let path = "/nonexistent-\(UUID().uuidString)/out.wav"
        do {
            _ = try AudioFileWriter(url: URL(fileURLWithPath: path), format: .wav, sampleRate: 48_000, metadata: Self.metadata)
            Issue.record("opening \(path) should fail")
        } catch let error as AudioFileError {
            #expect(error.description.contains(path))
            #expect(error.path == path)
        }
    }

    /// `mid` is in the one list of formats but holds no samples: the audio writer refuses it by
    /// name (before creating any file) instead of handing libsndfile a format code of 0.
    @Test func theMIDIFormatIsNotWrittenAsAudio() throws {
        try withTempDir { dir in
            let url = dir.appendingPathComponent("score.mid")
            #expect(!AudioFormat.mid.isAudio && !AudioFormat.audioFormats.contains(.mid))
            #expect(AudioFormat.mid.mimeType == "audio/midi" && AudioFormat(fileName: "a.MID") == .mid)
            do {
                _ = try AudioFileWriter(url: url, format: .mid, sampleRate: 48_000, metadata: Self.metadata)
                Issue.record("writing samples as mid should fail")
            } catch let error as AudioFileError {
                #expect(error.description.contains("not an audio format"))
            }
            #expect(!FileManager.default.fileExists(atPath: url.path))
        }
    }

    /// `/dev/full` fails every write with ENOSPC, as a full disk does; libsndfile's own message
    /// for a FLAC file that could not be written is about a decoder ("problem with
    /// initialization of the flac decoder"), so the error used to hide that the disk was full.
    @Test func aFullDiskSaysSo() throws {
        let url = URL(fileURLWithPath: "/dev/full")
        do {
            let writer = try AudioFileWriter(url: url, format: .flac, sampleRate: 48_000, metadata: Self.metadata)
            let silence = [Float](repeating: 0, count: 48_000)
            try silence.withUnsafeBufferPointer { try writer.write(left: $0.baseAddress!, right: $0.baseAddress!, frames: 48_000) }
            try writer.close()
            Issue.record("writing to /dev/full should fail")
        } catch let error as AudioFileError {
            #expect(error.description.contains("No space left on device"), "\(error)")
        }
    }

    @Test func writeAfterCloseThrows() throws {
        try withTempDir { dir in
            let url = dir.appendingPathComponent("closed.wav")
            let writer = try AudioFileWriter(url: url, format: .wav, sampleRate: 48_000, metadata: Self.metadata)
            try writer.close()
            try writer.close()
            let one: [Float] = [0]
            #expect(throws: AudioFileError.self) {
                try one.withUnsafeBufferPointer { try writer.write(left: $0.baseAddress!, right: $0.baseAddress!, frames: 1) }
            }
        }
    }

    @Test func monoIsReadAsTwoEqualChannels() throws {
        try withTempDir { dir in
            let url = dir.appendingPathComponent("mono.wav")
            let samples: [Int16] = [0, 16_384, -16_384, 32_767]
            try monoWAV(samples).write(to: url)
            let reader = try AudioFileReader(url: url)
            #expect(reader.channels == 1)
            let (left, right) = try reader.readAll()
            #expect(left == right)
            #expect(left == [0, 0.5, -0.5, Float(32_767) / 32_768])
        }
    }

    @Test func unreadableFileNamesThePath() throws {
        try withTempDir { dir in
            let url = dir.appendingPathComponent("garbage.wav")
            try Data("not audio".utf8).write(to: url)
            #expect { try AudioFileReader(url: url) } throws: { error in
                (error as? AudioFileError)?.description.contains(url.path) == true
            }
        }
    }

    // MARK: - Helpers

    /// Whether `value` is what the writer was given for `tag`, as the format can hold it:
    /// MP3 keeps only the year, and libsndfile appends its version to the software string.
    func matches(_ value: String?, _ tag: AudioTag, _ format: AudioFormat) -> Bool {
        guard let value, let given = Self.metadata.value(for: tag) else { return false }
        switch tag {
        case .software: return value.hasPrefix(given)
        case .date where format == .mp3: return value == "2024"
        default: return value == given
        }
    }

    /// Writes the test signal in uneven blocks: small ones reuse the buffer, a large one grows it.
    func write(_ url: URL, format: AudioFormat, ditherSeed: UInt64 = 7, metadata: AudioMetadata = metadata) throws {
        let writer = try AudioFileWriter(url: url, format: format, sampleRate: Self.sampleRate, metadata: metadata, ditherSeed: ditherSeed)
        let (left, right) = Self.signal
        var start = 0
        var blocks = [1_000, 10_000, 4_096]
        while start < Self.frames {
            let count = min(blocks.isEmpty ? 3_000 : blocks.removeFirst(), Self.frames - start)
            try left.withUnsafeBufferPointer { l in
                try right.withUnsafeBufferPointer { r in
                    try writer.write(left: l.baseAddress! + start, right: r.baseAddress! + start, frames: count)
                }
            }
            start += count
        }
        try writer.close()
    }

    /// Format and stream tags together (Ogg keeps its comments per stream), keys lowercased
    /// because Vorbis comments keep whatever case the writer used.
    func ffprobeTags(_ url: URL) throws -> [String: [String]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ffprobe")
        process.arguments = ["-v", "error", "-show_entries", "format_tags:stream_tags", "-of", "json", url.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        var dictionaries: [[String: Any]] = []
        if let format = json["format"] as? [String: Any], let tags = format["tags"] as? [String: Any] {
            dictionaries.append(tags)
        }
        for stream in json["streams"] as? [[String: Any]] ?? [] {
            if let tags = stream["tags"] as? [String: Any] { dictionaries.append(tags) }
        }
        var merged: [String: [String]] = [:]
        for tags in dictionaries {
            for (key, value) in tags { merged[key.lowercased(), default: []].append("\(value)") }
        }
        return merged
    }

    func withTempDir(_ body: (URL) throws -> Void) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("studio-audio-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try body(dir)
    }

    func maxDifference(_ a: [Float], _ b: [Float]) -> Float {
        zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
    }

    func rms(_ x: [Float]) -> Float {
        (x.reduce(0) { $0 + $1 * $1 } / Float(max(x.count, 1))).squareRoot()
    }

    /// A minimal 16-bit mono RIFF/WAVE file, built by hand so the reader is tested on a file
    /// the writer did not make.
    func monoWAV(_ samples: [Int16]) -> Data {
        var data = Data()
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        func u16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        let dataBytes = UInt32(samples.count * 2)
        data.append(contentsOf: Array("RIFF".utf8)); u32(36 + dataBytes)
        data.append(contentsOf: Array("WAVE".utf8))
        data.append(contentsOf: Array("fmt ".utf8)); u32(16)
        u16(1); u16(1); u32(48_000); u32(96_000); u16(2); u16(16)
        data.append(contentsOf: Array("data".utf8)); u32(dataBytes)
        for s in samples { u16(UInt16(bitPattern: s)) }
        return data
    }
}

extension AudioFormat {
    var isLossless: Bool { [.wav, .wav24, .wavFloat, .flac].contains(self) }

    /// Largest per-sample error a lossless round trip may show: half an LSB of rounding, one
    /// LSB of TPDF dither, and libsndfile's 32767-vs-32768 scale asymmetry, with margin.
    var sampleTolerance: Float? {
        switch self {
        case .wav, .flac: 2.0 / 32_768
        case .wav24: 2.0 / 8_388_608
        case .wavFloat: 0
        case .mp3, .ogg, .opus, .mid: nil
        }
    }
}
