import Testing

@testable import AssistantCore

/// Numbers as they appear in replies, including what garbage from upstream turns into.
@Suite struct NumberFormatTests {
    @Test(arguments: [
        (97_234.5, "97,234.50"), (1_000, "1,000.00"), (999.99999, "1,000.0000"), (999.5, "999.5000"),
        (1.5, "1.5000"), (0.5, "0.50000"), (0.000_012_346, "0.00001235"), (0, "0.00"),
        (-1_234_567.891, "-1,234,567.89"),
        (-0.000_000_25, "-0.0000002500"), (123_456_789_012, "123,456,789,012.00"),
    ])
    func prices(value: Double, text: String) {
        #expect(NumberFormat.price(value) == text)
    }

    @Test func percentagesAndVolumes() {
        #expect(NumberFormat.percent(1.234) == "+1.23%")
        #expect(NumberFormat.percent(-0.5) == "-0.50%")
        #expect(NumberFormat.percent(0.01234, decimals: 4) == "+0.0123%")
        #expect(NumberFormat.percent(-0.001) == "-0.00%")
        #expect(NumberFormat.compactUSD(3_290_000_000) == "$3.29B")
        #expect(NumberFormat.compactUSD(12_345_678) == "$12.35M")
        #expect(NumberFormat.compactUSD(450_000) == "$450.0K")
        #expect(NumberFormat.compactUSD(-12) == "$-12")
        #expect(NumberFormat.fixed(0.05, 0) == "0")
        #expect(NumberFormat.fixed(-0.4, 0) == "0")
        #expect(NumberFormat.fixed(2.25, 1) == "2.3")
        #expect(NumberFormat.grouped(1_234.5, decimals: 0) == "1,235")
        #expect(NumberFormat.grouped(123, decimals: 3) == "123.000")
    }

    @Test func wholeNumbersLoseTheirDecimals() {
        #expect(NumberFormat.wholeOrTenths(8) == "8")
        #expect(NumberFormat.wholeOrTenths(2.5) == "2.5")
        #expect(NumberFormat.wholeOrTenths(-0.0) == "0")
    }

    /// An exchange answering 1e300 or infinity must get text, not a crash converting to Int.
    @Test(arguments: [
        1e300, -1e300, Double.infinity, -Double.infinity, Double.nan, 9.3e18, Double.leastNonzeroMagnitude,
    ])
    func outOfRangeValuesStillFormat(value: Double) {
        #expect(!NumberFormat.price(value).isEmpty)
        #expect(!NumberFormat.fixed(value, 2).isEmpty)
        #expect(!NumberFormat.wholeOrTenths(value).isEmpty)
        #expect(!NumberFormat.compactUSD(value).isEmpty)
        if !value.isFinite {
            #expect(NumberFormat.price(value) == "—")
        }
    }
}
