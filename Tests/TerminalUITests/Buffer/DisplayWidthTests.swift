import Testing

@testable import TerminalUI

@Suite struct DisplayWidthTests {
  @Test(arguments: [
    ("a", 1), ("数", 2), ("ｱ", 1), ("Ａ", 2), ("한", 2), ("🚀", 2), ("👍🏽", 2),
    ("👨‍👩‍👧", 2), ("🇫🇷", 2), ("❤️", 2), ("é", 1), ("e\u{301}", 1), ("\u{301}", 0),
    ("\u{200D}", 0), ("\u{FE0F}", 0), ("\t", 0), ("\u{7}", 0), ("─", 1), ("…", 1), ("1️⃣", 2),
  ])
  func widthOfGrapheme(text: String, expected: Int) throws {
    let character = try #require(text.first)
    #expect(text.count == 1)
    #expect(DisplayWidth.of(character) == expected)
  }

  @Test func widthOfStrings() {
    #expect(DisplayWidth.of("数据") == 4)
    #expect(DisplayWidth.of("abc") == 3)
    #expect(DisplayWidth.of("cafe\u{301} 🚀") == 7)
    #expect(DisplayWidth.of("") == 0)
    #expect(DisplayWidth.of("ab"[...]) == 2)
  }
}
