import Foundation
import Testing
import StudioSoundFont

/// Truncated and corrupted copies of the test font must each fail with a `SoundFontError`
/// naming the chunk at fault, and nothing may crash the process.
@Suite struct MalformedFileTests {
    static let pdtaChunks = ["phdr", "pbag", "pmod", "pgen", "inst", "ibag", "imod", "igen", "shdr"]
    static let recordSizes = [
        "phdr": 38, "pbag": 4, "pmod": 10, "pgen": 4, "inst": 22, "ibag": 4, "imod": 10,
        "igen": 4, "shdr": 46,
    ]

    /// (what was done, the file, the chunk the error must name)
    typealias Case = (label: String, bytes: [UInt8], chunk: String)

    static func truncations() -> [Case] {
        let file = TestFont.builder.serialized()
        let bytes = file.bytes
        func cut(_ length: Int) -> [UInt8] { Array(bytes[..<length]) }
        var cases: [Case] = [
            ("cut inside the RIFF header (+2)", cut(2), "RIFF"),
            ("cut inside the RIFF header (+6)", cut(6), "RIFF"),
            ("cut inside the form type", cut(10), "RIFF"),
            ("cut between LIST INFO and LIST sdta", cut(file.headerOffsets["sdta"]!), "RIFF"),
            ("cut between pdta/igen and pdta/shdr", cut(file.headerOffsets["pdta/shdr"]!), "pdta"),
            ("last byte missing", cut(bytes.count - 1), "pdta/shdr"),
        ]
        for list in ["INFO", "sdta", "pdta"] {
            let header = file.headerOffsets[list]!
            cases.append(("cut inside LIST \(list) header (+2)", cut(header + 2), "RIFF"))
            cases.append(("cut inside LIST \(list) header (+6)", cut(header + 6), "RIFF"))
        }
        let leaves = file.headerOffsets.keys.filter { $0.contains("/") }.sorted()
        #expect(leaves.count == 16) // 6 INFO sub-chunks, smpl, 9 pdta sub-chunks
        for path in leaves {
            let header = file.headerOffsets[path]!
            let list = String(path.prefix { $0 != "/" })
            let data = file.dataRanges[path]!
            cases.append(("cut inside \(path) header (+2)", cut(header + 2), list))
            cases.append(("cut inside \(path) header (+6)", cut(header + 6), path))
            cases.append(("cut inside \(path) data", cut(data.lowerBound + data.count / 2), path))
        }
        return cases
    }

    static func corruptions() -> [Case] {
        let font = TestFont.builder
        let tree = font.tree()
        let file = font.serialized()
        func serialize(_ tree: RIFFNode) -> [UInt8] { RIFFWriter.serialize(tree).bytes }
        func patched(_ path: String, at offsetInHeader: Int, _ value: [UInt8]) -> [UInt8] {
            var bytes = file.bytes
            let at = file.headerOffsets[path]! + offsetInHeader
            bytes.replaceSubrange(at..<(at + value.count), with: value)
            return bytes
        }
        func chunk(_ path: String, _ change: ([UInt8]) -> [UInt8]) -> [UInt8] {
            serialize(tree.replacingData(at: path, change))
        }
        func record(_ index: Int, size: Int, field: Int, _ value: [UInt8]) -> ([UInt8]) -> [UInt8] {
            { data in
                var data = data
                let at = index * size + field
                data.replaceSubrange(at..<(at + value.count), with: value)
                return data
            }
        }
        func withFont(_ change: (inout SF2Builder) -> Void) -> [UInt8] {
            var copy = font
            change(&copy)
            return copy.serialized().bytes
        }

        var cases: [Case] = [
            ("magic RIFX", patched("RIFF", at: 0, Array("RIFX".utf8)), "RIFF"),
            ("form type sfbx", patched("RIFF", at: 8, Array("sfbx".utf8)), "RIFF"),
            ("RIFF size 2", patched("RIFF", at: 4, u32(2)), "RIFF"),
            ("smpl size beyond sdta", patched("sdta/smpl", at: 4, u32(0x7FFF_FFF0)), "sdta/smpl"),
            ("shdr size beyond pdta", patched("pdta/shdr", at: 4, u32(46 * 5 + 100)), "pdta/shdr"),
            ("LIST INFO size beyond the file", patched("INFO", at: 4, u32(0x00FF_FFFF)), "INFO"),
            ("LIST sdta renamed", patched("sdta", at: 8, Array("sdtx".utf8)), "sdta"),
            ("LIST pdta removed", serialize(tree.removing("pdta")), "pdta"),
            ("LIST INFO removed", serialize(tree.removing("INFO")), "INFO"),
            ("ifil removed", serialize(tree.removing("INFO/ifil")), "INFO/ifil"),
            ("ifil version 3.1", chunk("INFO/ifil") { _ in u16(3) + u16(1) }, "INFO/ifil"),
            ("ifil 6 bytes", chunk("INFO/ifil") { $0 + [0, 0] }, "INFO/ifil"),
            ("smpl odd size", chunk("sdta/smpl") { $0 + [0] }, "sdta/smpl"),
            ("phdr empty", chunk("pdta/phdr") { _ in [] }, "pdta/phdr"),
            ("phdr one byte short", chunk("pdta/phdr") { Array($0.dropLast()) }, "pdta/phdr"),
            // Indexes out of order or out of range.
            ("phdr bag index goes backwards",
             chunk("pdta/phdr", record(2, size: 38, field: 24, u16(0))), "pdta/phdr"),
            ("pbag generator index goes backwards",
             chunk("pdta/pbag", record(2, size: 4, field: 0, u16(0))), "pdta/pbag"),
            ("inst bag index goes backwards",
             chunk("pdta/inst", record(2, size: 22, field: 20, u16(0))), "pdta/inst"),
            ("terminal ibag points past imod",
             chunk("pdta/ibag") { data in record(data.count / 4 - 1, size: 4, field: 2, u16(99))(data) },
             "pdta/imod"),
            ("preset zone uses instrument 9", withFont { $0.presets[1].zones[0].target = 9 }, "pdta/pgen"),
            ("instrument zone uses sample 9", withFont { $0.instruments[1].zones[0].target = 9 }, "pdta/igen"),
            ("stereo link to sample 99", withFont { $0.samples[2].link = 99 }, "pdta/shdr"),
            // Sample bounds.
            ("loop end beyond data", withFont { $0.samples[0].loopEnd = 99999 }, "pdta/shdr"),
            ("loop start equals loop end", withFont { $0.samples[1].loopStart = 70600 }, "pdta/shdr"),
            ("start after loop start", withFont { $0.samples[1].start = 70150 }, "pdta/shdr"),
            ("end beyond data", withFont { $0.samples[3].end = 80000 }, "pdta/shdr"),
            ("sample rate 0", withFont { $0.samples[1].sampleRate = 0 }, "pdta/shdr"),
            // Missing terminal records: each shows up as a count the other table disagrees with.
            ("EOP missing", chunk("pdta/phdr") { Array($0.dropLast(38)) }, "pdta/pbag"),
            ("EOI missing", chunk("pdta/inst") { Array($0.dropLast(22)) }, "pdta/ibag"),
            ("EOS missing", chunk("pdta/shdr") { Array($0.dropLast(46)) }, "pdta/shdr"),
        ]
        for id in ["pbag", "pmod", "pgen", "ibag", "imod", "igen"] {
            let size = recordSizes[id]!
            cases.append(("terminal \(id) record missing",
                          chunk("pdta/\(id)") { Array($0.dropLast(size)) }, "pdta/\(id)"))
        }
        for id in pdtaChunks {
            cases.append(("pdta/\(id) one stray byte", chunk("pdta/\(id)") { $0 + [0] }, "pdta/\(id)"))
            cases.append(("pdta/\(id) removed", serialize(tree.removing("pdta/\(id)")), "pdta/\(id)"))
        }
        return cases
    }

    @Test func everyTruncatedOrCorruptedCopyThrowsNamingItsChunk() throws {
        let scratch = try ScratchDirectory()
        // The unmodified font must open, or every "throws" below would prove nothing.
        _ = try SoundFont.open(path: try scratch.write(TestFont.builder.serialized().bytes))

        let cases = Self.truncations() + Self.corruptions()
        #expect(Self.truncations().count >= 10)
        for (label, bytes, chunk) in cases {
            let path = try scratch.write(bytes)
            do {
                _ = try SoundFont.open(path: path)
                Issue.record("\(label): opened without error")
            } catch let error as SoundFontError {
                #expect(error.chunk == chunk, "\(label): \(error)")
                #expect(error.description == "\(error.chunk): \(error.problem)")
            } catch {
                Issue.record("\(label): threw \(type(of: error)), not SoundFontError: \(error)")
            }
        }
    }

    @Test func messagesNameTheRecordAndTheNumbers() throws {
        let scratch = try ScratchDirectory()
        var font = TestFont.builder
        font.samples[0].loopEnd = 99999
        do {
            _ = try SoundFont.open(path: try scratch.write(font.serialized().bytes))
            Issue.record("opened a font whose loop runs past the data")
        } catch let error as SoundFontError {
            #expect(error.description
                == "pdta/shdr: record 0 'Looped' loop end 99999 beyond sample data (71784 samples)")
        }
        #expect(throws: SoundFontError(chunk: "file", "cannot open '/nonexistent/x.sf2': No such file or directory")) {
            try SoundFont.open(path: "/nonexistent/x.sf2")
        }
        #expect(throws: SoundFontError.self) { try SoundFont.open(path: scratch.url.path) } // a directory
        #expect(throws: SoundFontError(chunk: "RIFF", "file is 0 bytes, shorter than the 12-byte RIFF header")) {
            try SoundFont.open(path: try scratch.write([]))
        }
    }

    /// Random byte damage anywhere in the hydra or headers: opening either succeeds or throws a
    /// SoundFontError, and whatever opens can be queried for every preset without trapping.
    @Test func randomDamageNeverCrashes() throws {
        let scratch = try ScratchDirectory()
        let file = TestFont.builder.serialized()
        let pdta = file.dataRanges["pdta"]!
        var state: UInt64 = 0x5EED
        func random(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        var opened = 0, refused = 0
        for round in 0..<300 {
            var bytes = file.bytes
            for _ in 0..<(1 + random(4)) {
                // Mostly the hydra, sometimes the headers at the start of the file.
                let at = round % 5 == 0 ? random(64) : pdta.lowerBound + random(pdta.count)
                bytes[at] = UInt8(random(256))
            }
            do {
                let font = try SoundFont.open(path: try scratch.write(bytes))
                opened += 1
                for preset in font.presets {
                    for key in stride(from: 0, through: 127, by: 9) {
                        for velocity in [1, 64, 127] {
                            for region in font.regions(
                                preset: preset.bank, program: preset.program, key: key, velocity: velocity)
                            {
                                let data = font.samples(for: region)
                                #expect(region.start <= region.loopStart && region.loopStart <= region.loopEnd)
                                #expect(region.loopEnd <= region.end && data.count == region.end - region.start)
                                _ = data.last
                            }
                        }
                    }
                }
                _ = font.fingerprint
            } catch is SoundFontError {
                refused += 1
            }
        }
        #expect(opened + refused == 300)
        #expect(refused > 0)
    }
}
