import Foundation
import SparkConnectClient
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

  @Test func blockCommentsSpanLines() {
    let theme = Theme.fallback
    let first = SQLHighlighter.spans("SELECT 1 /* a", theme: theme, from: .code)
    #expect(first.end == .blockComment)
    #expect(first.spans.last?.range == 9..<13)
    let middle = SQLHighlighter.spans("SELECT inside", theme: theme, from: .blockComment)
    #expect(middle.end == .blockComment)
    #expect(middle.spans.map(\.range) == [0..<13])
    #expect(middle.spans.map(\.style) == [theme.comment])
    let last = SQLHighlighter.spans("*/ FROM t /* x */", theme: theme, from: .blockComment)
    #expect(last.end == .code)
    #expect(last.spans.map(\.range) == [0..<2, 3..<7, 10..<17])
    #expect(last.spans.map(\.style) == [theme.comment, theme.keyword, theme.comment])
  }

  @Test func theEditorColoursEveryLineOfABlockComment() {
    var state = AppState(
      size: Size(width: 80, height: 24), text: "SELECT 1 /*\nFROM inside\n*/ FROM t")
    Fixtures.focus(.editor, &state)
    let screen = AppRenderer.render(state)
    let lines = SnapshotText.lines(screen)
    // The keyword inside the comment is styled as a comment, the one after it as a keyword.
    guard let insideRow = lines.firstIndex(where: { $0.contains("FROM inside") }),
      let afterRow = lines.firstIndex(where: { $0.contains("*/ FROM t") })
    else {
      Issue.record("the editor text is not on screen:\n\(lines.joined(separator: "\n"))")
      return
    }
    func style(row: Int, of text: String, offset: Int) -> Style {
      let line = Array(lines[row])
      let start = String(line).range(of: text).map { String(line)[..<$0.lowerBound].count } ?? 0
      return screen[start + offset, row].style
    }
    #expect(
      style(row: insideRow, of: "FROM inside", offset: 0).foreground
        == Theme.fallback.comment.foreground)
    #expect(
      style(row: afterRow, of: "*/ FROM t", offset: 3).foreground
        == Theme.fallback.keyword.foreground)
  }

  @Test func aLostConnectionShowsABannerAndKeepsEverything() throws {
    var state = AppState(size: Size(width: 100, height: 24), text: "SELECT 1")
    _ = state.update(.connected(version: "4.0.0"), now: 0)
    func topLine() -> String { SnapshotText.lines(AppRenderer.render(state))[0] }
    #expect(!topLine().contains("connection lost"))
    let id = try #require(
      state.update(.terminal(.key(KeyEvent(.function(5)))), now: 0).compactMap {
        if case .runQuery(let id, _, _) = $0 { return id } else { return nil }
      }.first)
    let effects = state.update(
      .queryFailed(
        id: id, SparkError(kind: .connection, code: "unavailable", message: "server went away")),
      now: 1)
    #expect(effects.contains(.connect(attempt: 1, delay: 1)))
    #expect(topLine().contains("✕ connection lost: "))
    #expect(topLine().contains("retrying automatically"))
    // Once connected, a lost connection is retried past five attempts (a restarting server
    // takes a while); only a refused authentication waits for the user.
    _ = state.update(
      .connectionFailed(
        SparkError(kind: .connection, code: "unavailable", message: "refused"), attempt: 5), now: 2)
    #expect(topLine().contains("refused — retrying automatically"))
    _ = state.update(
      .connectionFailed(
        SparkError(kind: .authentication, code: "unauthenticated", message: "bad token"),
        attempt: 6), now: 2)
    #expect(topLine().contains("bad token — F5 reconnects"))
    #expect(state.editor.text == "SELECT 1")
    _ = state.update(.connected(version: "4.0.0"), now: 3)
    #expect(!topLine().contains("✕"))
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

  @Test func draftIsKeptPrivatelyAndTakenOnce() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "flint-draft-\(UUID())")
    defer { try? FileManager.default.removeItem(at: directory) }
    let store = HistoryStore(path: directory.path + "/flint/history")
    #expect(store.draftPath == directory.path + "/flint/draft.sql")
    #expect(store.takeDraft() == nil)
    #expect(store.saveDraft("SELECT 'ü'\n  FROM t"))
    let mode = try FileManager.default.attributesOfItem(atPath: store.draftPath)[.posixPermissions]
    #expect((mode as? Int) == 0o600)
    #expect(store.takeDraft() == "SELECT 'ü'\n  FROM t")
    #expect(store.takeDraft() == nil)
    #expect(!FileManager.default.fileExists(atPath: store.draftPath))
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
