import Testing

@testable import TerminalUI

/// A data source with `rows` rows computed on demand; counts the cells asked for.
final class CountingSource: GridDataSource {
  let rowCount: Int
  let columnCount: Int
  private(set) var requested = 0

  init(rows: Int, columns: Int) {
    rowCount = rows
    columnCount = columns
  }

  func title(ofColumn column: Int) -> String { ["id", "name", "amount", "数据", "note"][column % 5] }

  func cell(row: Int, column: Int) -> GridCell {
    requested += 1
    switch column % 5 {
    case 0: return GridCell(String(row), kind: .number)
    case 1: return row % 3 == 2 ? .null : GridCell("name \(row)")
    case 2: return GridCell(String(Double(row) * 1.5), kind: .number)
    case 3: return GridCell(row % 2 == 0 ? "中文数据测试" : "🚀 e\u{301}")
    default: return GridCell("a long note that will not fit")
    }
  }
}

@Suite struct GridTests {
  @Test func rendersHeaderRowNumbersNullAndNumbers() {
    let data = CountingSource(rows: 5, columns: 5)
    var grid = Grid()
    grid.columnWidths = [4, 8, 7, 7, 10]
    Snapshot.assert(width: 46, height: 7, named: "basic", group: "Grid") { area, buffer in
      grid.viewport = area.size
      grid.render(in: area, into: &buffer, data: data)
    }
  }

  @Test func costIsIndependentOfRowCount() {
    var grid = Grid()
    grid.viewport = Size(width: 80, height: 20)
    let small = CountingSource(rows: 100, columns: 5)
    let huge = CountingSource(rows: 50_000_000, columns: 5)
    var buffer = ScreenBuffer(width: 80, height: 20)
    grid.render(in: buffer.area, into: &buffer, data: small)
    grid.select(GridPosition(row: 40_000_000, column: 0), rowCount: huge.rowCount, columnCount: 5)
    grid.render(in: buffer.area, into: &buffer, data: huge)
    #expect(small.requested == huge.requested)
    #expect(huge.requested <= 19 * 5)
    #expect(SnapshotText.lines(buffer)[19].contains("40000001"))
  }

  /// Every drawn cell answers the hit test with itself, and `rect(of:)` is where it was drawn,
  /// also when the stored scroll position is stale for the area (a smaller terminal).
  @Test func hitTestAndCellRectsMatchWhatIsDrawn() {
    let data = CountingSource(rows: 500, columns: 5)
    var grid = Grid()
    grid.columnWidths = [6, 9, 7, 12, 30]
    grid.viewport = Size(width: 100, height: 60)
    grid.select(GridPosition(row: 45, column: 4), rowCount: 500, columnCount: 5)
    let area = Rect(x: 3, y: 2, width: 60, height: 12)
    var buffer = ScreenBuffer(width: 70, height: 20)
    grid.render(in: area, into: &buffer, data: data)
    let layout = grid.layout(in: area, rowCount: 500, columnCount: 5)
    #expect(layout.topRow == 45 - 11 + 1)
    #expect(layout.columns.map(\.index) == [2, 3, 4])
    for row in layout.topRow..<layout.topRow + layout.bodyHeight {
      for column in layout.columns {
        let rect = layout.rect(of: GridPosition(row: row, column: column.index))
        #expect(rect != nil)
        guard let rect else { continue }
        #expect(
          layout.position(at: Point(x: rect.x, y: rect.y))
            == GridPosition(row: row, column: column.index))
        if column.index == 3 {
          let text = SnapshotText.rowText(buffer, rect.y)
          #expect(text.contains(row % 2 == 0 ? "中文数据" : "🚀"))
        }
      }
    }
    #expect(layout.position(at: Point(x: area.x, y: area.y + 1)) == nil)  // the gutter
    #expect(layout.position(at: Point(x: area.x + 8, y: area.y)) == nil)  // the header
    #expect(layout.rect(of: GridPosition(row: 0, column: 3)) == nil)  // scrolled away
  }

  @Test func verticalAndHorizontalScroll() {
    let data = CountingSource(rows: 1000, columns: 12)
    var grid = Grid()
    grid.viewport = Size(width: 40, height: 6)
    grid.handle(KeyEvent(.pageDown), data: data)
    #expect(grid.selected.row == 4)
    #expect(grid.topRow == 0)
    grid.handle(KeyEvent(.pageDown), data: data)
    #expect(grid.selected.row == 8)
    #expect(grid.topRow == 4)
    for _ in 0..<4 { grid.handle(KeyEvent(.right), data: data) }
    #expect(grid.selected.column == 4)
    #expect(grid.leftColumn == 3)  // gutter 5, then only 2 columns of 12 + separator fit in 35
    Snapshot.assert(width: 40, height: 6, named: "scrolled", group: "Grid") { area, buffer in
      grid.render(in: area, into: &buffer, data: data)
    }
    grid.handle(KeyEvent(.home), data: data)
    #expect(grid.leftColumn == 0)
    grid.handle(KeyEvent(.end, modifiers: .control), data: data)
    #expect(grid.selected.row == 999)
    #expect(grid.topRow == 995)
    grid.handle(KeyEvent(.down), data: data)
    #expect(grid.selected.row == 999)
  }

  @Test func rangeSelectionWithShift() {
    let data = CountingSource(rows: 10, columns: 5)
    var grid = Grid()
    grid.columnWidths = [4, 8, 7, 7, 10]
    grid.viewport = Size(width: 46, height: 6)
    grid.handle(KeyEvent(.down, modifiers: .shift), data: data)
    grid.handle(KeyEvent(.right, modifiers: .shift), data: data)
    #expect(grid.selectionRange.rows == 0...1)
    #expect(grid.selectionRange.columns == 0...1)
    Snapshot.assert(width: 46, height: 6, named: "range", group: "Grid") { area, buffer in
      grid.render(in: area, into: &buffer, data: data)
    }
    grid.handle(KeyEvent(.right), data: data)
    #expect(grid.anchor == nil)
  }

  @Test(arguments: [(0, 0), (0, 3), (5, 0)])
  func emptyData(rows: Int, columns: Int) {
    var grid = Grid()
    let data = CountingSource(rows: rows, columns: columns)
    grid.handle(KeyEvent(.down), data: data)
    grid.handle(KeyEvent(.end), data: data)
    Snapshot.assert(width: 30, height: 3, named: "empty-\(rows)x\(columns)", group: "Grid") {
      area, buffer in
      grid.render(in: area, into: &buffer, data: data)
    }
  }

  @Test(arguments: [(1, 1), (10, 3), (0, 0), (3, -1)])
  func tinyAreas(width: Int, height: Int) {
    let data = CountingSource(rows: 20, columns: 5)
    let grid = Grid()
    Snapshot.assert(
      width: max(0, width), height: max(0, height), named: "tiny-\(width)x\(height)", group: "Grid"
    ) {
      area, buffer in
      grid.render(in: Rect(x: 0, y: 0, width: width, height: height), into: &buffer, data: data)
    }
  }
}
