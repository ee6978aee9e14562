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
