import Testing

@testable import TerminalUI

@Suite struct BasicWidgetTests {
  static let sizes: [(Int, Int)] = [(1, 1), (10, 3), (0, 0), (40, 8)]

  @Test(arguments: sizes)
  func statusBar(width: Int, height: Int) {
    let bar = StatusBar(
      left: [
        StatusItem("EDITOR", style: Style(attributes: .bold)),
        StatusItem("spark://localhost:15002"),
      ],
      right: [StatusItem("1,024 rows"), StatusItem("数据 🚀")])
    Snapshot.assert(
      width: width, height: height, named: "statusbar-\(width)x\(height)", group: "Basic"
    ) {
      area, buffer in bar.render(in: area, into: &buffer)
    }
  }

  @Test(arguments: [0.0, 0.4567, 1.0, .nan])
  func progressBar(fraction: Double) {
    let bar = ProgressBar(fraction: fraction, label: "stage 3/4")
    Snapshot.assert(width: 36, height: 1, named: "progress-\(fraction)", group: "Basic") {
      area, buffer in
      bar.render(in: area, into: &buffer)
    }
  }

  @Test(arguments: sizes)
  func progressBarSizes(width: Int, height: Int) {
    let bar = ProgressBar(fraction: 0.5, label: "rows")
    let unknown = ProgressBar(fraction: nil, label: "waiting for server…")
    Snapshot.assert(
      width: width, height: height, named: "progress-\(width)x\(height)", group: "Basic"
    ) {
      area, buffer in
      bar.render(in: area, into: &buffer)
      unknown.render(in: area.inset(top: 1), into: &buffer)
    }
  }

  @Test(arguments: sizes)
  func tabStrip(width: Int, height: Int) {
    var tabs = TabStrip(titles: ["Editor", "Results", "数据", "Explain"])
    tabs.selectNext()
    Snapshot.assert(width: width, height: height, named: "tabs-\(width)x\(height)", group: "Basic")
    {
      area, buffer in tabs.render(in: area, into: &buffer)
    }
  }

  @Test func tabStripNavigation() {
    var tabs = TabStrip(titles: ["a", "b", "c"])
    tabs.selectPrevious()
    #expect(tabs.selectedIndex == 2)
    tabs.selectNext()
    #expect(tabs.selectedIndex == 0)
    var empty = TabStrip(titles: [])
    empty.selectNext()
    #expect(empty.selectedIndex == 0)
  }

  @Test(arguments: sizes)
  func dialog(width: Int, height: Int) {
    var dialog = Dialog(
      title: "Cancel query?",
      message: "The query is still running (数据 stage 2). Cancel it and discard 1,024 rows?",
      buttons: ["Cancel query", "Keep running"])
    _ = dialog.handle(KeyEvent(.right))
    Snapshot.assert(
      width: width, height: height, named: "dialog-\(width)x\(height)", group: "Basic"
    ) {
      area, buffer in
      buffer.fill(area, with: "·")
      dialog.render(in: area, into: &buffer)
    }
  }

  @Test func dialogKeys() {
    var dialog = Dialog(title: "t", message: "m", buttons: ["a", "b"])
    let result1 = dialog.handle(KeyEvent(.tab))
    #expect(result1 == nil)
    let result2 = dialog.handle(KeyEvent(.enter))
    #expect(result2 == .chosen(1))
    let result3 = dialog.handle(KeyEvent(.escape))
    #expect(result3 == .cancelled)
  }

  @Test(arguments: sizes)
  func prompt(width: Int, height: Int) {
    var prompt = Prompt(title: "Save as", text: "results-数据.csv")
    _ = prompt.handle(KeyEvent(.left))
    Snapshot.assert(
      width: width, height: height, named: "prompt-\(width)x\(height)", group: "Basic"
    ) {
      area, buffer in prompt.render(in: area, into: &buffer)
    }
  }

  @Test func promptKeys() {
    var prompt = Prompt(title: "Go to row")
    _ = prompt.handle(.char("4"))
    prompt.paste("2\n0")
    let result4 = prompt.handle(KeyEvent(.enter))
    #expect(result4 == .submitted("42 0"))
    let result5 = prompt.handle(KeyEvent(.escape))
    #expect(result5 == .cancelled)
  }

  @Test(arguments: sizes)
  func textView(width: Int, height: Int) {
    var view = TextView(
      text:
        "AnalysisException: [TABLE_OR_VIEW_NOT_FOUND] The table or view `数据` cannot be found.\n\n\tat line 1 🚀 e\u{301}"
    )
    view.viewport = Size(width: width, height: height)
    Snapshot.assert(
      width: width, height: height, named: "textview-\(width)x\(height)", group: "Basic"
    ) {
      area, buffer in view.render(in: area, into: &buffer)
    }
  }

  @Test func textViewScrolls() {
    var view = TextView(text: (1...30).map { "line \($0)" }.joined(separator: "\n"))
    view.viewport = Size(width: 10, height: 5)
    view.handle(KeyEvent(.pageDown))
    #expect(view.scrollTop == 4)
    view.handle(KeyEvent(.end))
    #expect(view.scrollTop == 25)
    view.handle(KeyEvent(.down))
    #expect(view.scrollTop == 25)
    view.handle(KeyEvent(.home))
    #expect(view.scrollTop == 0)
  }

  @Test func wrapping() {
    #expect(TextWrap.lines("hello world foo", width: 11) == ["hello world", "foo"])
    #expect(TextWrap.lines("abcdefgh", width: 3) == ["abc", "def", "gh"])
    #expect(TextWrap.lines("数据数据", width: 3) == ["数", "据", "数", "据"])
    #expect(TextWrap.lines("数", width: 1) == ["数"])
    #expect(TextWrap.lines("a\n\nb", width: 5) == ["a", "", "b"])
    #expect(TextWrap.lines("x", width: 0) == [])
  }
}
