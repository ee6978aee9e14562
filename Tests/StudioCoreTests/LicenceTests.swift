import Testing
@testable import StudioCore

@Suite struct LicenceTests {
    @Test func onlyCommercialClassesAllowCommercialUse() {
        #expect(LicenceClass.commercialCleared.allowsCommercialUse)
        #expect(LicenceClass.commercialEnterprise.allowsCommercialUse)
        #expect(!LicenceClass.personalOnly.allowsCommercialUse)
        #expect(!LicenceClass.unclear.allowsCommercialUse)
    }

    @Test func orderingReadsAsPermissiveness() {
        #expect(LicenceClass.unclear < .personalOnly)
        #expect(LicenceClass.personalOnly < .commercialEnterprise)
        #expect(LicenceClass.commercialEnterprise < .commercialCleared)
        #expect(min(LicenceClass.commercialCleared, .personalOnly) == .personalOnly)
    }

    @Test func summaryNamesClassUseAndAttribution() {
        let terms = LicenceTerms(licenceClass: .commercialCleared, requiresAttribution: true, attribution: "Samples by X")
        #expect(terms.summary.contains("commercial_cleared"))
        #expect(terms.summary.contains("commercial use: yes"))
        #expect(terms.summary.contains("attribution: Samples by X"))
    }
}
