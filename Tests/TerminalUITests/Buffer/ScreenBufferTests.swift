import Testing

@testable import TerminalUI

@Suite struct ScreenBufferTests {
  private func rows(_ buffer: ScreenBuffer) -> [String] { SnapshotText.lines(buffer) }

  @Test func putClipsWithEllipsis() {
    var buffer = ScreenBuffer(width: 6, height: 1)
    let written = buffer.put("abcdefgh", x: 0, y: 0)
    #expect(rows(buffer) == ["abcde…"])
    #expect(written == 6)
  }

  @Test func putFittingTextExactly() {
    var buffer = ScreenBuffer(width: 4, height: 1)
    buffer.put("abcd", x: 0, y: 0)
    #expect(rows(buffer) == ["abcd"])
  }

  @Test func wideCharacterIsNeverSplitByClipping() {
    var buffer = ScreenBuffer(width: 5, height: 1)
    buffer.put("数据库", x: 0, y: 0)  // 6 cells into 5: 数 + pad + …
    #expect(rows(buffer) == ["数据…"] || rows(buffer) == ["数 …"])
    #expect(rows(buffer) == ["数 …"] || buffer[4, 0].character == "…")
    var narrow = ScreenBuffer(width: 4, height: 1)
    narrow.put("数据库", x: 0, y: 0)
    #expect(rows(narrow) == ["数 …"])
    #expect(narrow[0, 0].width == 2 && narrow[1, 0].isContinuation)
  }

  @Test func clipModeCutsWithoutEllipsisAndPadsWideChar() {
    var buffer = ScreenBuffer(width: 3, height: 1)
    buffer.put("a数据", x: 0, y: 0, truncation: .clip)
    #expect(rows(buffer) == ["a数"])
    var odd = ScreenBuffer(width: 2, height: 1)
    odd.put("a数", x: 0, y: 0, truncation: .clip)
    #expect(rows(odd) == ["a "])
  }

  @Test func overwritingHalfAWideCharBlanksTheOtherHalf() {
    var buffer = ScreenBuffer(width: 4, height: 1)
    buffer.put("数据", x: 0, y: 0)
    buffer.set("x", x: 1, y: 0)
    #expect(rows(buffer) == [" x据"])
    buffer.set("y", x: 2, y: 0)
    #expect(rows(buffer) == [" xy "])
    #expect(buffer[3, 0].width == 1)
  }

  @Test func combiningMarksStayWithTheirBase() {
    var buffer = ScreenBuffer(width: 4, height: 1)
    buffer.put("e\u{301}te\u{301}s", x: 0, y: 0)
    #expect(buffer[0, 0].character == "e\u{301}")
    #expect(rows(buffer) == ["e\u{301}te\u{301}s"])
    buffer.put("e\u{301}te\u{301}s!", x: 0, y: 0)
    #expect(rows(buffer) == ["e\u{301}te\u{301}…"])
  }

  @Test func alignment() {
    var buffer = ScreenBuffer(width: 7, height: 3)
    buffer.put("ab", in: buffer.area.row(0), alignment: .left)
    buffer.put("ab", in: buffer.area.row(1), alignment: .center)
    buffer.put("数", in: buffer.area.row(2), alignment: .right)
    #expect(rows(buffer) == ["ab     ", "  ab   ", "     数"])
  }

  @Test func outOfRangeWritesAreIgnored() {
    var buffer = ScreenBuffer(width: 3, height: 2)
    buffer.put("abc", x: 5, y: 0)
    buffer.put("abc", x: 0, y: 9)
    buffer.put("abc", x: 0, y: -1)
    buffer.fill(Rect(x: -5, y: -5, width: 2, height: 2), with: "x")
    buffer.set("z", x: -1, y: 0)
    #expect(rows(buffer) == ["   ", "   "])
    #expect(buffer[99, 99] == .blank)
  }

  @Test func putStartingLeftOfTheBufferDropsTheHiddenPart() {
    var buffer = ScreenBuffer(width: 3, height: 1)
    buffer.put("数abc", x: -1, y: 0)
    #expect(rows(buffer) == [" ab"])
  }

  @Test func zeroSizedBufferAcceptsEverything() {
    var buffer = ScreenBuffer(width: 0, height: -3)
    buffer.put("abc", x: 0, y: 0)
    buffer.fill(buffer.area, with: "x")
    buffer.drawBorder(Rect(x: 0, y: 0, width: 5, height: 5), title: "t")
    #expect(buffer.cells.isEmpty)
    #expect(buffer.diff(from: ScreenBuffer(width: 0, height: 0)).isEmpty)
  }

  @Test func setStyleKeepsCharacters() {
    var buffer = ScreenBuffer(width: 3, height: 1)
    buffer.put("abc", x: 0, y: 0)
    buffer.setStyle(Style(attributes: .bold), in: Rect(x: 1, y: 0, width: 5, height: 1))
    #expect(rows(buffer) == ["abc"])
    #expect(buffer[0, 0].style == .plain && buffer[2, 0].style.attributes == .bold)
  }

  @Test(arguments: [BorderStyle.single, .rounded, .double, .heavy])
  func borders(style: BorderStyle) {
    Snapshot.assert(width: 12, height: 4, named: "border-\(style)", group: "ScreenBuffer") {
      area, buffer in
      buffer.drawBorder(area, border: style, style: Style(foreground: .cyan), title: "Title 数据")
    }
  }

  @Test func tinyBorders() {
    Snapshot.assert(width: 10, height: 3, named: "border-tiny", group: "ScreenBuffer") {
      area, buffer in
      buffer.drawBorder(Rect(x: 0, y: 0, width: 1, height: 1), title: "x")
      buffer.drawBorder(Rect(x: 2, y: 0, width: 2, height: 2), title: "long title")
      buffer.drawBorder(Rect(x: 5, y: 0, width: 5, height: 3), title: "long title")
    }
  }

  @Test func clippingEdgesWithMixedScripts() {
    Snapshot.assert(width: 9, height: 6, named: "clipping-mixed", group: "ScreenBuffer") {
      area, buffer in
      buffer.put("数据数据数据", x: 0, y: 0)
      buffer.put("a数据数据数据", x: 0, y: 1)
      buffer.put("🚀🚀🚀🚀🚀", x: 0, y: 2)
      buffer.put(
        "e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}", x: 0,
        y: 3)
      buffer.put("👨‍👩‍👧 family 🇫🇷", x: 0, y: 4)
      buffer.put("x数据", x: 6, y: 5, style: Style(attributes: .underline))
    }
  }
}
