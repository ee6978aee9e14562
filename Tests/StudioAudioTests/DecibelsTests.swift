import Testing
@testable import StudioAudio

@Suite struct DecibelsTests {
    @Test func roundTrips() {
        #expect(abs(Decibels.fromAmplitude(0.5) - (-6.0206)) < 1e-3)
        #expect(abs(Decibels.toAmplitude(-6.0206) - 0.5) < 1e-4)
        #expect(Decibels.fromAmplitude(0) == -.infinity)
    }
}
