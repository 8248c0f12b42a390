import TerminalUI

/// What `Effect.searchRows` looks for: text in a tab's loaded rows, cell by cell from the
/// selected cell on (wrapping around), as the grid shows them (sort and column order kept).
public struct SearchRequest: Sendable, Equatable {
  public var queryID: Int
  public var needle: String
  public var start: GridPosition
  public var forward: Bool
  let source: ResultGridSource

  /// Cells searched at most inside `update`; more go to the background.
  static let inlineCells = 500_000
  /// How often a background search reports how far it got.
  static let progressRows = 65_536

  var cells: Int { source.rowCount * source.columnCount }

  /// What the tab keeps of it while it runs.
  var pending: ResultTab.PendingSearch {
    ResultTab.PendingSearch(needle: needle, start: start, forward: forward)
  }

  /// The next cell after `start` (in reading order, or backwards) whose full text contains
  /// `needle` (case-insensitive; NULL matches as "NULL"); nil when none does, or when
  /// `isCancelled` says to stop (checked every row). `progress` hears the rows searched so far,
  /// every `progressRows` rows.
  func run(isCancelled: () -> Bool = { false }, progress: (Int) -> Void = { _ in }) -> GridPosition?
  {
    let rows = source.rowCount
    let columns = source.columnCount
    guard rows > 0, columns > 0, !needle.isEmpty else { return nil }
    let total = rows * columns
    let startIndex = start.row * columns + start.column
    for step in 1...total {
      let linear = ((startIndex + (forward ? step : -step)) % total + total) % total
      let column = linear % columns
      if column == 0 {
        if isCancelled() { return nil }
        if step / columns % Self.progressRows == 0 { progress(step / columns) }
      }
      let row = linear / columns
      let text = source.fullText(row: row, column: column) ?? "NULL"
      if text.range(of: needle, options: .caseInsensitive) != nil {
        return GridPosition(row: row, column: column)
      }
    }
    return nil
  }

  public static func == (a: SearchRequest, b: SearchRequest) -> Bool {
    a.queryID == b.queryID && a.needle == b.needle && a.start == b.start && a.forward == b.forward
  }
}
