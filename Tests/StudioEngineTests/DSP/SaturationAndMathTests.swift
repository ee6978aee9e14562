import Foundation
import Testing
@testable import StudioEngine

@Suite struct SaturationAndMathTests {
    @Test func softSaturationShape() {
        #expect(Saturation.soft(0) == 0)
        var previous: Float = -2
        for i in -4000...4000 {
            let x = Float(i) / 500   // −8 ... 8
            let y = Saturation.soft(x)
            #expect(abs(y) <= 1)
            #expect(Saturation.soft(-x) == -y)
            #expect(y >= previous - 2.4e-7)   // monotonic up to one ulp of rounding where the curve is flat
            #expect(abs(Double(y) - tanh(Double(x))) < 0.025)
            previous = y
        }
        #expect(abs(Saturation.soft(1e-3) / 1e-3 - 1) < 1e-3)   // unity slope at 0
        #expect(Saturation.soft(100) == 1)
    }

    @Test func floorMatchesLibm() {
        for i in -300_000...300_000 {
            let x = Float(i) * 0.013_7
            #expect(DSPMath.floor(x) == x.rounded(.down))
        }
        for x: Float in [0, -0, 1, -1, 0.5, -0.5, 2_000_000.5, -2_000_000.5, 0.999_999_94, -0.000_000_1] {
            #expect(DSPMath.floor(x) == x.rounded(.down), "\(x)")
        }
        #expect(DSPMath.floor(.nan).isNaN)
    }

    @Test func nonFiniteInputsDoNotTrap() {
        #expect(FastSine.sin(cycles: .nan) == 0)
        #expect(FastSine.sin(cycles: .infinity) == 0)
        #expect(DSPMath.exp2(.nan) > 0)
        var line = DelayLine(maxDelaySamples: 16)
        line.write(1)
        #expect(line.read(delay: .nan).isFinite)
        #expect(line.readLinear(delay: .nan) == 1)
        #expect(line.read(delay: .infinity).isFinite)
    }

    @Test func fastLogAndExpAreAccurate() {
        var worstLog = 0.0, worstExp = 0.0
        for i in 1...20_000 {
            let x = Float(i) * 0.000_73
            worstLog = max(worstLog, abs(Double(DSPMath.log2(x)) - log2(Double(x))))
            let e = Float(i - 10_000) * 0.003
            worstExp = max(worstExp, abs(Double(DSPMath.exp2(e)) / exp2(Double(e)) - 1))
        }
        print("DSPMath: log2 max abs error \(worstLog), exp2 max rel error \(worstExp)")
        #expect(worstLog < 1e-5)
        #expect(worstExp < 3e-5)
        #expect(DSPMath.exp2(0) == 1)
        #expect(DSPMath.amplitude(fromDecibels: 0) == 1)
    }
}
