import Foundation

/// A track's waveform as inline SVG: mirrored bars from its peaks, drawn in `currentColor` so
/// that the page's stylesheet colours it (and its dark mode) without touching the markup.
public enum WaveformSVG {
    public static func render(peaks: [Float], width: Int = 800, height: Int = 96) -> String {
        let count = max(1, peaks.count)
        let step = Double(width) / Double(count)
        let barWidth = max(1, step * 0.7)
        let middle = Double(height) / 2
        var path = ""
        for (index, peak) in peaks.enumerated() {
            // At least a hairline, so that silence still reads as part of the track.
            let half = max(0.5, Double(min(1, max(0, peak))) * (middle - 1))
            path += "M\(format(Double(index) * step)),\(format(middle - half))h\(format(barWidth))v\(format(half * 2))h-\(format(barWidth))z"
        }
        // Hidden from assistive technology: the template wraps it in an element labelled with
        // the track's title (docs/TEMPLATES.md, "Share page context"). Its class is not the
        // wrapper's `waveform`: a copy of it inside the played overlay must take the overlay's
        // colour, not the unplayed colour that rule sets.
        return "<svg class=\"waveform__bars\" viewBox=\"0 0 \(width) \(height)\" preserveAspectRatio=\"none\" aria-hidden=\"true\" "
            + "focusable=\"false\" xmlns=\"http://www.w3.org/2000/svg\"><path fill=\"currentColor\" d=\"\(path)\"/></svg>"
    }

    /// One decimal at most, without Foundation's formatter: 800 numbers per page add up.
    static func format(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let whole = tenths / 10, fraction = abs(tenths % 10)
        let sign = tenths < 0 && whole == 0 ? "-" : ""
        return fraction == 0 ? sign + String(whole) : sign + String(whole) + "." + String(fraction)
    }
}
