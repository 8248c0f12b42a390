import Testing

@testable import TerminalUI

@Suite struct DiffTests {
  @Test func identicalFramesHaveNoChanges() {
    var a = ScreenBuffer(width: 20, height: 5)
    a.put("hello 数据", x: 1, y: 1)
    #expect(a.diff(from: a).isEmpty)
  }

  @Test func oneChangedCellIsOneChange() {
    var a = ScreenBuffer(width: 200, height: 60)
    a.put("hello", x: 0, y: 0)
    var b = a
    b.set("j", x: 0, y: 0)
    #expect(b.diff(from: a) == [CellChange(x: 0, y: 0, cell: Cell("j"))])
  }

  @Test func styleOnlyChangeIsAChange() {
    let a = ScreenBuffer(width: 3, height: 1)
    var b = a
    b.setStyle(Style(attributes: .bold), in: Rect(x: 2, y: 0, width: 1, height: 1))
    #expect(b.diff(from: a).map(\.x) == [2])
  }

  @Test func wideCharacterReplacingNarrowOnesChangesBothCells() {
    var a = ScreenBuffer(width: 4, height: 1)
    a.put("abcd", x: 0, y: 0)
    var b = a
    b.set("数", x: 1, y: 0)
    let changes = b.diff(from: a)
    #expect(changes.map(\.x) == [1, 2])
    #expect(changes[0].cell.width == 2 && changes[1].cell.isContinuation)
  }

  @Test func sizeChangeRepaintsEverything() {
    let a = ScreenBuffer(width: 3, height: 2)
    let b = ScreenBuffer(width: 2, height: 2)
    #expect(b.diff(from: a).count == 4)
  }

  @Test @MainActor func testTerminalRebuildsScreenFromChangesOnly() {
    let terminal = TestTerminal(size: Size(width: 10, height: 2))
    let presenter = FramePresenter(terminal: terminal)
    var frame = ScreenBuffer(width: 10, height: 2)
    frame.put("数据 ok", x: 0, y: 0)
    presenter.present(frame)
    frame.put("yes", x: 3, y: 0)
    presenter.present(frame)
    #expect(terminal.changeCounts == [20, 4])  // "y" lands on the right half of 据
    #expect(terminal.screen == frame)
    #expect(terminal.frames.count == 2)
  }
}
