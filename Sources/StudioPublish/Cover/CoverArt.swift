import StudioCore

/// The picture a share shows where it is linked (`og:image`): 1200×630, the size Open Graph and
/// link previews use, drawn from what the track is (render inputs, title, waveform), so that the
/// same track always gets the same picture, whichever state rendered it, and two tracks rarely
/// the same one.
///
/// A vertical gradient between two colours chosen by a hash of the seed (the track's render
/// inputs and title), and the track's waveform as mirrored bars across the middle. Flat colours and
/// straight edges keep the PNG small (`PNGEncoder`: a few tens of kilobytes).
public enum CoverArt {
    public static let width = 1200
    public static let height = 630

    /// The file name of the picture for these inputs, `cover-<hash>.png`: a publish that finds it
    /// already written need not draw it again, and a changed title or waveform gets a new name,
    /// which link previews that cached the old picture fetch afresh.
    public static func fileName(seed: String, peaks: [Float]) -> String {
        var bytes = Array("cover-v1 \(seed)\n".utf8)
        for peak in peaks { withUnsafeBytes(of: peak.bitPattern.littleEndian) { bytes += $0 } }
        return "cover-" + SHA256.hash(bytes).hex.prefix(16) + ".png"
    }

    /// A PNG file. `peaks`: the waveform, 0…1 (any count; resampled to the bars drawn).
    public static func png(seed: String, peaks: [Float]) -> [UInt8] {
        PNGEncoder.encode(width: width, height: height, rgb: pixels(seed: seed, peaks: peaks))
    }

    static func pixels(seed: String, peaks: [Float]) -> [UInt8] {
        let digest = SHA256.hash(Array(seed.utf8)).bytes
        let hue = Double(Int(digest[0]) << 8 | Int(digest[1])) / 65536 * 360
        let shift = 30 + Double(digest[2]) / 255 * 60
        let top = rgb(hue: hue, saturation: 0.55, lightness: 0.30)
        let bottom = rgb(hue: hue + shift, saturation: 0.60, lightness: 0.16)
        let bar = rgb(hue: hue + shift / 2, saturation: 0.70, lightness: 0.86)
        let heights = barHeights(peaks, count: 80, maximum: 210)

        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        let margin = 90, pitch = (width - 2 * margin) / heights.count, barWidth = pitch * 5 / 8
        let middle = height / 2
        for y in 0..<height {
            let t = Double(y) / Double(height - 1)
            let background = (0..<3).map { UInt8((Double(top[$0]) * (1 - t) + Double(bottom[$0]) * t).rounded()) }
            let row = y * width * 3
            for x in 0..<width {
                pixels[row + x * 3] = background[0]
                pixels[row + x * 3 + 1] = background[1]
                pixels[row + x * 3 + 2] = background[2]
            }
            for (index, half) in heights.enumerated() where abs(y - middle) <= half {
                let left = margin + index * pitch
                for x in left..<(left + barWidth) {
                    pixels[row + x * 3] = bar[0]
                    pixels[row + x * 3 + 1] = bar[1]
                    pixels[row + x * 3 + 2] = bar[2]
                }
            }
        }
        return pixels
    }

    /// Half-heights in pixels, the loudest of each group of peaks, at least 3 so that silence
    /// still shows as a line.
    static func barHeights(_ peaks: [Float], count: Int, maximum: Int) -> [Int] {
        (0..<count).map { index in
            guard !peaks.isEmpty else { return 3 }
            let from = index * peaks.count / count, to = max(from + 1, (index + 1) * peaks.count / count)
            let peak = peaks[from..<min(to, peaks.count)].max() ?? 0
            return max(3, Int((Double(min(1, max(0, peak))) * Double(maximum)).rounded()))
        }
    }

    /// HSL to 8-bit RGB (CSS Color 4's formula), hue in degrees, any value.
    static func rgb(hue: Double, saturation: Double, lightness: Double) -> [UInt8] {
        let h = (hue.truncatingRemainder(dividingBy: 360) + 360).truncatingRemainder(dividingBy: 360)
        func channel(_ n: Double) -> UInt8 {
            let k = (n + h / 30).truncatingRemainder(dividingBy: 12)
            let a = saturation * min(lightness, 1 - lightness)
            let value = lightness - a * max(-1, min(k - 3, 9 - k, 1))
            return UInt8((value * 255).rounded())
        }
        return [channel(0), channel(8), channel(4)]
    }
}
