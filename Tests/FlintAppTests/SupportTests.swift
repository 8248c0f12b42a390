import Foundation
import TerminalUI
import Testing

@testable import FlintApp

@Suite struct SupportTests {
  @Test func highlighterFindsKeywordsStringsNumbersComments() {
    let spans = SQLHighlighter.spans("SELECT 'a;b', 42, count(x) FROM t -- note")
    func style(at offset: Int) -> Style? { spans.last { $0.range.contains(offset) }?.style }
    #expect(style(at: 0) == Theme.fallback.keyword)
    #expect(style(at: 8) == Theme.fallback.string)
    #expect(style(at: 14) == Theme.fallback.number)
    #expect(style(at: 18) == Theme.fallback.function)
    #expect(style(at: 23) == nil)
    #expect(style(at: 36) == Theme.fallback.comment)
    #expect(
      SQLHighlighter.spans("/* c */ `x y`").map(\.style) == [
        Theme.fallback.comment, Theme.fallback.identifier,
      ])
    #expect(SQLHighlighter.spans("'unterminated").first?.range == 0..<13)
  }

  @Test func historyPersistsOneJSONStringPerLine() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "flint-history-\(UUID())")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = HistoryStore.defaultPath(environment: ["XDG_STATE_HOME": directory.path])
    #expect(path == directory.path + "/flint/history")
    #expect(
      HistoryStore.defaultPath(environment: ["HOME": "/h"]) == "/h/.local/state/flint/history")
    let store = HistoryStore(path: path)
    #expect(store.load().isEmpty)
    store.append("SELECT 1")
    store.append("SELECT 'a\nb'")
    #expect(HistoryStore(path: path).load() == ["SELECT 1", "SELECT 'a\nb'"])
  }

  @Test func formats() {
    #expect(Format.count(0) == "0")
    #expect(Format.count(12_345) == "12,345")
    #expect(Format.count(1_000_000) == "1,000,000")
    #expect(Format.bytes(512) == "512 B")
    #expect(Format.bytes(1536) == "1.5 KB")
    #expect(Format.seconds(1.234) == "1.23s")
    #expect(Format.seconds(125) == "2m 05s")
    #expect(OSC52.sequence(for: "hi") == "\u{1B}]52;c;aGk=\u{07}")
  }

  @Test func layoutSplitsFromSixtyByFifteenAndDegradesBelow() {
    let full = Layout(size: Size(width: 60, height: 15), focus: .editor, zoomed: false)
    #expect(!full.catalog.isEmpty && !full.editor.isEmpty && !full.results.isEmpty)
    #expect(full.status == Rect(x: 0, y: 14, width: 60, height: 1))
    let small = Layout(size: Size(width: 59, height: 15), focus: .results, zoomed: false)
    #expect(small.catalog.isEmpty && small.editor.isEmpty)
    #expect(small.results == Rect(x: 0, y: 0, width: 59, height: 14))
    let one = Layout(size: Size(width: 1, height: 1), focus: .editor, zoomed: false)
    #expect(one.editor == Rect(x: 0, y: 0, width: 1, height: 1))
    #expect(one.status.isEmpty)
  }

  @Test func prettyPrintsNestedValuesAndJSON() {
    #expect(
      ValuePrinter.prettyJSON("{\"b\":1,\"a\":[1]}")
        == "{\n  \"a\" : [\n    1\n  ],\n  \"b\" : 1\n}")
    #expect(ValuePrinter.prettyJSON("plain") == nil)
    let value = ArrowValueSamples.nested
    #expect(ValuePrinter.pretty(value) == "[\n  {\n    k: \"x\",\n    v: NULL\n  }\n]")
  }
}
