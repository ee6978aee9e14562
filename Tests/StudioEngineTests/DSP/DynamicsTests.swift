import Foundation
import Testing
@testable import StudioEngine

@Suite struct CompressorTests {
    static let fs: Float = 48_000

    static func compress(_ x: [Float], _ c: inout Compressor) -> [Float] {
        renderInPlace(x, x, block: 256) { c.process(left: $0, right: $1, frames: $2) }.left
    }

    @Test func twelveDBOverAtRatio4LosesNineDB() {
        let threshold: Float = -20
        // RMS detection: the sine's RMS is 12 dB over; peak detection: its peak is.
        let peakAmplitude: Double = pow(10, Double(threshold + 12) / 20)
        let cases: [(Compressor.Detection, Double)] = [(.rms, peakAmplitude * 2.0.squareRoot()), (.peak, peakAmplitude)]
        for (detection, amplitude) in cases {
            var c = Compressor(sampleRate: Self.fs, thresholdDB: threshold, ratio: 4, attack: 0.005, release: 0.1)
            c.detection = detection
            let x = sine(frequency: 1000, sampleRate: Double(Self.fs), count: 48_000, amplitude: amplitude)
            let y = Self.compress(x, &c)
            let change = SignalAnalysis.decibels(SignalAnalysis.rms(y[24_000...]) / SignalAnalysis.rms(x[24_000...]))
            print("Compressor \(detection): 12 dB over threshold, ratio 4 → \(change) dB")
            #expect(abs(change + 9) <= 1)
        }
    }

    @Test func belowThresholdMinusKneeIsUntouched() {
        var c = Compressor(sampleRate: Self.fs, thresholdDB: -20, ratio: 4, attack: 0.005, release: 0.1, kneeDB: 6)
        let x = sine(frequency: 220, sampleRate: Double(Self.fs), count: 24_000, amplitude: pow(10, -24.0 / 20) * 2.0.squareRoot())
        let y = Self.compress(x, &c)
        #expect(y == x)
    }

    @Test func softKneeIsContinuous() {
        let c = Compressor(sampleRate: Self.fs, thresholdDB: -20, ratio: 4, attack: 0.005, release: 0.1, kneeDB: 6)
        var previous = c.staticGain(levelDB: -40)
        for i in 0...4000 {
            let g = c.staticGain(levelDB: -40 + Float(i) * 0.01)
            #expect(g <= previous && previous - g < 0.01)
            previous = g
        }
        #expect(c.staticGain(levelDB: -23) == 0)
        #expect(abs(c.staticGain(levelDB: -8) + 9) < 1e-5)
    }

    @Test func sidechainDucks() {
        let pad = sine(frequency: 330, sampleRate: Double(Self.fs), count: 24_000, amplitude: 0.3)
        let kick = (0..<24_000).map { n in n >= 12_000 && n < 14_400 ? Float(0.9) : 0 }
        var c = Compressor(sampleRate: Self.fs, thresholdDB: -30, ratio: 10, attack: 0.002, release: 0.08)
        c.detection = .peak
        var l = pad, r = pad
        kick.withUnsafeBufferPointer { k in
            l.withUnsafeMutableBufferPointer { lp in
                r.withUnsafeMutableBufferPointer { rp in
                    c.process(left: lp.baseAddress!, right: rp.baseAddress!, sidechain: k.baseAddress!, frames: 24_000)
                }
            }
        }
        let before = SignalAnalysis.rms(l[6000..<12_000]) / SignalAnalysis.rms(pad[6000..<12_000])
        let during = SignalAnalysis.decibels(SignalAnalysis.rms(l[12_480..<14_400]) / SignalAnalysis.rms(pad[12_480..<14_400]))
        print("Side-chain: pad gain before kick \(before), during kick \(during) dB")
        #expect(before == 1)
        #expect(during < -15)
    }
}

@Suite struct ChorusTests {
    @Test func mixZeroIsDryAndWetWidensAMonoSource() {
        let x = sine(frequency: 440, sampleRate: 48_000, count: 48_000, amplitude: 0.5)
        var dry = Chorus(sampleRate: 48_000, mix: 0)
        let d = renderInPlace(x, x, block: 512) { dry.process(left: $0, right: $1, frames: $2) }
        #expect(d.left == x && d.right == x)
        var wet = Chorus(sampleRate: 48_000, mix: 1)
        let w = renderInPlace(x, x, block: 512) { wet.process(left: $0, right: $1, frames: $2) }
        #expect(w.left != w.right)
        let level = SignalAnalysis.decibels(SignalAnalysis.rms(w.left[4800...]) / SignalAnalysis.rms(x[4800...]))
        #expect(abs(level) < 0.5)
    }
}
