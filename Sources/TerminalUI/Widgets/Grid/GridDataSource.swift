/// What a `Grid` draws. The grid asks only for the cells it shows, so an implementation can
/// sit on millions of rows and format on demand.
public protocol GridDataSource {
  /// Number of data rows (excluding the header).
  var rowCount: Int { get }
  var columnCount: Int { get }
  /// Header text of a column (0-based).
  func title(ofColumn column: Int) -> String
  /// The cell at a 0-based row and column; called only for visible cells.
  func cell(row: Int, column: Int) -> GridCell
}
