import ArrowIPC

/// Orders the loaded rows of a result by one column, without copying rows: the answer is a
/// permutation (display row → result row). NULLs go last in both directions, ties keep the
/// received order (a stable sort), NaN sorts above every number as in Spark.
///
/// Keys come from the typed Arrow values where the type has a natural order — integers,
/// booleans, dates, times, timestamps and durations as integers, floats and decimals as
/// doubles — and from Spark's cell text for everything else (strings, binary, nested).
/// Sendable and pure, so the app runs it off the main actor for large results.
public struct RowSorter: Sendable {
  public let column: Int
  public let ascending: Bool
  public let formatter: CellFormatter

  public init(column: Int, ascending: Bool, formatter: CellFormatter = CellFormatter()) {
    self.column = column
    self.ascending = ascending
    self.formatter = formatter
  }

  private enum SortKey {
    case null
    case integer(Int64)
    case number(Double)
    case text(String)
  }

  /// The sorted order of the first `rows` rows of `result`; nil when `isCancelled` said so
  /// (checked every 64K rows while building keys).
  public func order(
    of result: ResultSet, rows: Int, isCancelled: () -> Bool = { false }
  ) -> [Int]? {
    let count = min(rows, result.rowCount)
    let intervalFields = result.intervalFields(column: column)
    var keys: [SortKey] = []
    keys.reserveCapacity(count)
    for row in 0..<count {
      if row & 0xFFFF == 0, isCancelled() { return nil }
      guard let (values, inner) = result.cell(row: row, column: column) else {
        keys.append(.null)
        continue
      }
      let (target, index) = values.resolved(inner)
      if values.isNull(inner) {
        keys.append(.null)
        continue
      }
      switch target.type {
      case .bool, .date32, .date64, .time32, .time64, .timestamp, .duration:
        keys.append(.integer(target.int64(at: index)))
      case .int(let bits, let signed) where signed || bits < 64:
        keys.append(.integer(target.int64(at: index)))
      case .int, .float16, .float32, .float64, .decimal:
        keys.append(.number(target.double(at: index)))
      default:
        keys.append(
          .text(formatter.text(values, row: inner, intervalFields: intervalFields)))
      }
    }
    if isCancelled() { return nil }
    let ascending = self.ascending
    return (0..<count).sorted { a, b in
      let order = Self.compare(keys[a], keys[b])
      if order == 0 { return a < b }
      // NULLs stay last whichever the direction.
      if case .null = keys[a] { return false }
      if case .null = keys[b] { return true }
      return ascending ? order < 0 : order > 0
    }
  }

  /// -1, 0 or 1; NULL above everything (the caller keeps NULLs last), numbers below text.
  private static func compare(_ x: SortKey, _ y: SortKey) -> Int {
    switch (x, y) {
    case (.null, .null): return 0
    case (.null, _): return 1
    case (_, .null): return -1
    case (.integer(let a), .integer(let b)): return a == b ? 0 : (a < b ? -1 : 1)
    case (.number(let a), .number(let b)):
      if a.isNaN || b.isNaN { return a.isNaN == b.isNaN ? 0 : (a.isNaN ? 1 : -1) }
      return a == b ? 0 : (a < b ? -1 : 1)
    case (.integer(let a), .number(let b)): return compare(.number(Double(a)), .number(b))
    case (.number(let a), .integer(let b)): return compare(.number(a), .number(Double(b)))
    case (.text(let a), .text(let b)): return a == b ? 0 : (a < b ? -1 : 1)
    case (.text, _): return 1
    case (_, .text): return -1
    }
  }
}
