import Testing

@testable import CursesTerminal
@testable import TerminalUI

@Suite struct InputDecoderTests {
  /// Feeds a string as one read (scalars), then ends the batch.
  private func decode(_ batches: String..., decoder: inout InputDecoder) -> [TerminalEvent] {
    var events: [TerminalEvent] = []
    for batch in batches {
      for scalar in batch.unicodeScalars { events += decoder.feed(.scalar(scalar)) }
      events += decoder.endOfBatch()
    }
    return events
  }

  private func decode(_ batches: String...) -> [TerminalEvent] {
    var decoder = InputDecoder()
    var events: [TerminalEvent] = []
    for batch in batches { events += decode(batch, decoder: &decoder) }
    return events
  }

  @Test func printableTextBecomesGraphemeKeys() {
    #expect(
      decode("a数e\u{301}👨‍👩‍👧") == [
        .key(.char("a")), .key(.char("数")), .key(.char("e\u{301}")), .key(.char("👨‍👩‍👧")),
      ])
  }

  @Test func controlCharacters() {
    #expect(
      decode("\r\n\t\u{7F}\u{8}\u{3}\u{11}\u{0}") == [
        .key(KeyEvent(.enter)), .key(.ctrl("j")), .key(KeyEvent(.tab)),
        .key(KeyEvent(.backspace)),
        .key(KeyEvent(.backspace)), .key(.ctrl("c")), .key(.ctrl("q")), .key(.ctrl(" ")),
      ])
  }

  @Test func loneEscapeAtEndOfBatchIsEscape() {
    #expect(decode("\u{1B}") == [.key(KeyEvent(.escape))])
    #expect(decode("\u{1B}\u{1B}") == [.key(KeyEvent(.escape)), .key(KeyEvent(.escape))])
  }

  @Test func escapeThenKeyIsAlt() {
    #expect(decode("\u{1B}x") == [.key(.char("x", modifiers: .alt))])
    #expect(decode("\u{1B}\r") == [.key(KeyEvent(.enter, modifiers: .alt))])
    var decoder = InputDecoder()
    _ = decoder.feed(.scalar("\u{1B}"))
    #expect(decoder.feed(.key(KeyEvent(.left))) == [.key(KeyEvent(.left, modifiers: .alt))])
  }

  @Test func altBracketTypedAloneIsNotLost() {
    #expect(decode("\u{1B}[") == [.key(.char("[", modifiers: .alt))])
  }

  @Test(arguments: [
    ("\u{1B}[A", KeyEvent(.up)), ("\u{1B}[1;5C", KeyEvent(.right, modifiers: .control)),
    ("\u{1B}[1;2D", KeyEvent(.left, modifiers: .shift)), ("\u{1B}[3~", KeyEvent(.delete)),
    ("\u{1B}[5;3~", KeyEvent(.pageUp, modifiers: .alt)), ("\u{1B}[Z", KeyEvent(.backTab)),
    ("\u{1B}[15~", KeyEvent(.function(5))), ("\u{1B}[24~", KeyEvent(.function(12))),
    ("\u{1B}OP", KeyEvent(.function(1))),
    ("\u{1B}[1;6H", KeyEvent(.home, modifiers: [.control, .shift])),
  ])
  func csiSequences(sequence: String, expected: KeyEvent) {
    #expect(decode(sequence) == [.key(expected)])
  }

  @Test func unknownSequencesAreDropped() {
    #expect(decode("\u{1B}[99q", "a") == [.key(.char("a"))])
  }

  @Test func bracketedPasteArrivesWhole() {
    #expect(
      decode("x\u{1B}[200~select 1;\r\nfrom t\u{1B}[201~y") == [
        .key(.char("x")), .paste("select 1;\nfrom t"), .key(.char("y")),
      ])
  }

  @Test func pasteSplitAcrossReadsAndMarkers() {
    let events = decode("\u{1B}[20", "0~ab", "c\r", "d\u{1B}[2", "01~")
    #expect(events == [.paste("abc\nd")])
  }

  @Test func escapeInsidePasteIsKeptAsText() {
    #expect(decode("\u{1B}[200~a\u{1B}b\u{1B}[1mc\u{1B}[201~") == [.paste("a\u{1B}b\u{1B}[1mc")])
  }

  @Test func largePasteIsOneEvent() {
    let text = String(repeating: "select * from 数据 where x = 1;\n", count: 5000)
    let events = decode("\u{1B}[200~" + text + "\u{1B}[201~")
    #expect(events == [.paste(text)])
  }

  @Test func resizeAndMouseFlushPendingText() {
    var decoder = InputDecoder()
    _ = decoder.feed(.scalar("a"))
    let events = decoder.feed(.resize(Size(width: 10, height: 5)))
    #expect(events == [.key(.char("a")), .resize(Size(width: 10, height: 5))])
    let mouse = MouseEvent(.wheelUp, x: 1, y: 2)
    #expect(decoder.feed(.mouse(mouse)) == [.mouse(mouse)])
  }
}
