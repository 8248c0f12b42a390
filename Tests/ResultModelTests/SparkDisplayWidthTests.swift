import Testing

@testable import ResultModel

@Suite struct SparkDisplayWidthTests {
  @Test(arguments: [
    ("", 0), ("abc", 3), ("数据", 4), ("🚀", 2), ("👍🏽", 4), ("e\u{301}", 2), ("ａ", 2), ("ﾊ", 1),
    ("한국어", 6), ("\u{1100}\u{1161}", 3), ("︐", 2), ("☃", 1), ("\u{3000}", 2), ("a\tb", 3),
  ])
  func width(text: String, expected: Int) {
    #expect(SparkDisplayWidth.of(text) == expected)
  }

  @Test func truncationCutsUTF16UnitsAndAddsDots() {
    #expect(
      SparkDisplayWidth.truncated("abcdefghijklmnopqrstuvwxyz", to: 20) == "abcdefghijklmnopq...")
    #expect(SparkDisplayWidth.truncated("short", to: 20) == "short")
    #expect(SparkDisplayWidth.truncated("exactly-twenty-chars", to: 20) == "exactly-twenty-chars")
    #expect(SparkDisplayWidth.truncated("abcdef", to: 3) == "abc")
    #expect(SparkDisplayWidth.truncated("abcdef", to: 0) == "abcdef")
  }

  @Test func truncationSplittingASurrogatePairLeavesAQuestionMark() {
    let rockets = String(repeating: "🚀", count: 12)
    #expect(
      SparkDisplayWidth.truncated(rockets, to: 20) == String(repeating: "🚀", count: 8) + "?...")
  }
}
