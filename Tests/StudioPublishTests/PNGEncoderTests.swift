import Foundation
import StudioPublish
import Testing

/// The PNG encoder behind share cover art: its checksums against published vectors, its zlib
/// streams and files read back by an independent decoder (Python's zlib).
@Suite struct PNGEncoderTests {
    @Test func crc32MatchesThePublishedCheckValues() {
        // The "check" value of CRC-32/ISO-HDLC (the catalogue of parametrised CRC algorithms).
        #expect(Checksums.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(Checksums.crc32(Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x414F_A339)
        #expect(Checksums.crc32([UInt8]()) == 0)
        // Continuing over a split gives the CRC of the whole.
        #expect(Checksums.crc32(Array("6789".utf8), continuing: Checksums.crc32(Array("12345".utf8))) == 0xCBF4_3926)
        // Every PNG's IEND chunk ends with the same CRC, AE 42 60 82 (the CRC of "IEND").
        #expect(Checksums.crc32(Array("IEND".utf8)) == 0xAE42_6082)
    }

    @Test func adler32MatchesThePublishedValues() throws {
        #expect(Checksums.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)  // RFC 1950's example, as Wikipedia works it
        #expect(Checksums.adler32(Array("abc".utf8)) == 0x024D_0127)
        #expect(Checksums.adler32([]) == 1)
        // Past the 5552-byte reduction interval: a megabyte of 0xFF, checked against Python's zlib.
        let big = [UInt8](repeating: 0xFF, count: 1_000_000)
        let expected = UInt32(try Self.python("import sys,zlib; print(zlib.adler32(sys.stdin.buffer.read()))", input: big)
            .trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(Checksums.adler32(big) == expected)
    }

    @Test func zlibStreamsDecompressToTheirInput() throws {
        var random = SystemRandomNumberGenerator()
        let noise = (0..<70_000).map { _ in UInt8.random(in: 0...255, using: &random) }
        let runs = [UInt8](repeating: 7, count: 100_000) + Array("abcabcabc".utf8) + [UInt8](repeating: 0, count: 3)
        let rows = (0..<50).flatMap { _ in (0..<300).map { UInt8($0 % 251) } }
        for (name, data) in [("empty", [UInt8]()), ("noise", noise), ("runs", runs), ("rows", rows)] {
            for (kind, stream) in [("stored", ZlibStream.stored(data)), ("compressed", ZlibStream.compressed(data, row: 300))] {
                let back = try Self.pythonBytes("import sys,zlib; sys.stdout.buffer.write(zlib.decompress(sys.stdin.buffer.read()))",
                                                input: stream)
                #expect(back == data, "\(kind) \(name): \(back.count) bytes back of \(data.count)")
            }
        }
        #expect(ZlibStream.compressed(runs).count < 1000, "a run is a few back-references")
        #expect(ZlibStream.compressed(rows, row: 300).count < 1000, "a repeated row is a few back-references")
    }

    @Test func aPNGReadsBackWithItsSizeAndPixels() throws {
        // 3×2: red green blue / white black grey.
        let pixels: [UInt8] = [255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 128, 128, 128]
        for compress in [false, true] {
            let png = PNGEncoder.encode(width: 3, height: 2, rgb: pixels, compress: compress)
            #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            #expect(Array(png.suffix(12)) == [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82], "the IEND chunk")
            let decoded = try Self.decode(png)
            #expect(decoded == "3x2 " + pixels.map(String.init).joined(separator: ","), "compress: \(compress)")
        }
    }

    @Test func coverArtIsA1200By630PNGTheSameForTheSameTrack() throws {
        let peaks: [Float] = (0..<400).map { Float(abs(sin(Double($0) / 17))) }
        let first = CoverArt.png(seed: "mtrack_1 Sunrise", peaks: peaks)
        #expect(first == CoverArt.png(seed: "mtrack_1 Sunrise", peaks: peaks), "deterministic")
        #expect(first != CoverArt.png(seed: "mtrack_2 Sunrise", peaks: peaks), "another track, another picture")
        #expect(first.count < 150_000, "flat colours compress: \(first.count) bytes")
        let decoded = try Self.decode(first, summary: true)
        #expect(decoded.hasPrefix("1200x630 "), "\(decoded.prefix(40))")
        // The centre row crosses bars and background: more than one colour in it.
        #expect(decoded.split(separator: " ").last.map { Int($0) ?? 0 } ?? 0 >= 2, "\(decoded)")
    }

    /// Python's own PNG reading, by hand (no imaging library): every chunk's CRC checked, the
    /// image data inflated and unfiltered. "WxH r,g,b,…", or with `summary` "WxH n" where n is the
    /// number of distinct colours in the middle row.
    static func decode(_ png: [UInt8], summary: Bool = false) throws -> String {
        let program = """
            import sys, zlib, struct
            data = sys.stdin.buffer.read(); assert data[:8] == b'\\x89PNG\\r\\n\\x1a\\n'
            pos, idat = 8, b''
            while pos < len(data):
                n, kind = struct.unpack('>I4s', data[pos:pos+8]); body = data[pos+8:pos+8+n]
                assert struct.unpack('>I', data[pos+8+n:pos+12+n])[0] == zlib.crc32(kind + body), kind
                if kind == b'IHDR': w, h, depth, ctype = struct.unpack('>IIBB', body[:10]); assert (depth, ctype) == (8, 2)
                if kind == b'IDAT': idat += body
                pos += 12 + n
            raw, stride, rows, prev = zlib.decompress(idat), w * 3, [], bytearray(w * 3)
            for y in range(h):
                f, line = raw[y*(stride+1)], bytearray(raw[y*(stride+1)+1:(y+1)*(stride+1)])
                for x in range(stride):
                    a = line[x-3] if x >= 3 else 0; b = prev[x]; c = prev[x-3] if x >= 3 else 0
                    p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    line[x] = (line[x] + [0, a, b, (a + b) // 2, a if pa <= pb and pa <= pc else (b if pb <= pc else c)][f]) & 255
                rows.append(line); prev = line
            if \(summary ? "True" : "False"):
                mid = rows[h // 2]; print('%dx%d %d' % (w, h, len({bytes(mid[i:i+3]) for i in range(0, stride, 3)})))
            else:
                print('%dx%d %s' % (w, h, ','.join(str(v) for r in rows for v in r)))
            """
        return try python(program, input: png).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func python(_ program: String, input: [UInt8]) throws -> String {
        String(decoding: try pythonBytes(program, input: input), as: UTF8.self)
    }

    /// Runs python3 with `input` on stdin; its stdout. Files, not pipes, so that neither side blocks.
    static func pythonBytes(_ program: String, input: [UInt8]) throws -> [UInt8] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("png-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let inURL = directory.appendingPathComponent("in"), outURL = directory.appendingPathComponent("out")
        try Data(input).write(to: inURL)
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", program]
        process.standardInput = try FileHandle(forReadingFrom: inURL)
        let out = try FileHandle(forWritingTo: outURL)
        process.standardOutput = out
        try process.run()
        process.waitUntilExit()
        try out.close()
        #expect(process.terminationStatus == 0, "python3 failed on \(input.count) bytes")
        return [UInt8](try Data(contentsOf: outURL))
    }
}
