import ArrowIPC
import Synchronization

/// The rows of one query result: an append-only list of Arrow record batches with a row index.
///
/// Appending (the network task) and reading (the UI) can happen at the same time: the batches
/// live in a `Mutex`-protected state, and every read takes a consistent snapshot. Reads are
/// O(log batches) to locate a row plus the column accessor; no cell text is made until a caller
/// asks for a cell (`text(row:column:formatter:)`). Memory is accounted as the sum of the
/// batches' retained bytes.
public final class ResultSet: Sendable {
  private struct State {
    var batches: [RecordBatch] = []
    /// startRows[i] = global index of batch i's first row; ascending.
    var startRows: [Int] = []
    var rowCount = 0
    var byteCount = 0
  }

  /// The result's schema (every appended batch must have as many columns).
  public let schema: ArrowSchema
  /// Per column, the ANSI interval field range of its Spark type (Arrow does not carry it; see
  /// `SparkIntervalFields`). Columns without an entry use `.widest`.
  public let intervalFields: [SparkIntervalFields]
  private let state: Mutex<State>

  /// - Parameter intervalFields: per column, from the Spark schema of the result, when known.
  public init(schema: ArrowSchema, intervalFields: [SparkIntervalFields] = []) {
    self.schema = schema
    self.intervalFields = intervalFields
    self.state = Mutex(State())
  }

  /// A result holding `batches` (in order).
  public convenience init(
    schema: ArrowSchema, batches: [RecordBatch], intervalFields: [SparkIntervalFields] = []
  ) throws(ResultSetError) {
    self.init(schema: schema, intervalFields: intervalFields)
    for batch in batches { try append(batch) }
  }

  /// The interval field range used for column `column`.
  public func intervalFields(column: Int) -> SparkIntervalFields {
    column >= 0 && column < intervalFields.count ? intervalFields[column] : .widest
  }

  /// Appends a batch; empty batches are accepted and ignored for the row index.
  public func append(_ batch: RecordBatch) throws(ResultSetError) {
    guard batch.columns.count == schema.fields.count else {
      throw .columnCountMismatch(expected: schema.fields.count, got: batch.columns.count)
    }
    guard batch.rowCount > 0 else { return }
    let bytes = batch.byteCount
    state.withLock { s in
      s.startRows.append(s.rowCount)
      s.batches.append(batch)
      s.rowCount += batch.rowCount
      s.byteCount += bytes
    }
  }

  /// Number of columns (schema fields).
  public var columnCount: Int { schema.fields.count }
  /// Column names from the schema, in order.
  public var columnNames: [String] { schema.fields.map(\.name) }
  /// Rows appended so far.
  public var rowCount: Int { state.withLock { $0.rowCount } }
  /// Batches appended so far (non-empty ones).
  public var batchCount: Int { state.withLock { $0.batches.count } }
  /// Bytes retained by the appended batches (sum of `RecordBatch.byteCount`).
  public var byteCount: Int { state.withLock { $0.byteCount } }

  /// The batch holding global row `row` (0-based) and the row inside it; nil outside
  /// `0..<rowCount`.
  public func locate(row: Int) -> (batch: Int, row: Int)? {
    state.withLock { s in Self.locate(row: row, in: s).map { ($0.batch, $0.row) } }
  }

  private static func locate(row: Int, in s: State) -> (batch: Int, row: Int)? {
    guard row >= 0, row < s.rowCount else { return nil }
    var low = 0
    var high = s.startRows.count - 1
    while low < high {  // last batch whose start <= row
      let mid = (low + high + 1) / 2
      if s.startRows[mid] <= row { low = mid } else { high = mid - 1 }
    }
    return (low, row - s.startRows[low])
  }

  /// Batch `index` (0-based, in append order).
  public func batch(_ index: Int) -> RecordBatch? {
    state.withLock { s in index >= 0 && index < s.batches.count ? s.batches[index] : nil }
  }

  /// The column holding global row `row` of column `column`, and the row inside it.
  public func cell(row: Int, column: Int) -> (column: ArrowColumn, row: Int)? {
    state.withLock { s -> (column: ArrowColumn, row: Int)? in
      guard column >= 0, column < schema.fields.count,
        let (b, r) = Self.locate(row: row, in: s)
      else { return nil }
      let columns = s.batches[b].columns
      guard column < columns.count else { return nil }
      return (columns[column], r)
    }
  }

  /// The show() text of one cell (empty string outside the result).
  /// - Parameter intervalFields: overrides the column's stored interval field range.
  public func text(
    row: Int, column: Int, formatter: CellFormatter, intervalFields: SparkIntervalFields? = nil
  ) -> String {
    guard let (c, r) = cell(row: row, column: column) else { return "" }
    return formatter.text(
      c, row: r, intervalFields: intervalFields ?? self.intervalFields(column: column))
  }
}

/// Why a batch could not be added to a `ResultSet`.
public enum ResultSetError: Error, Sendable, Equatable, CustomStringConvertible {
  case columnCountMismatch(expected: Int, got: Int)

  public var description: String {
    switch self {
    case .columnCountMismatch(let expected, let got):
      "batch has \(got) columns, the result's schema has \(expected)"
    }
  }
}
