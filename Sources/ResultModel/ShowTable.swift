/// Renders rows of cell text as Spark's `Dataset.showString` does — the text pyspark's
/// `df.show(n, truncate)` prints (pyspark's `print` adds one more `\n` at the end).
///
/// Layout rules (measured on Spark 4.3): column width = max(3, Spark half-width of header and
/// cells, see `SparkDisplayWidth`); `truncate == 0` left-aligns, `truncate > 0` cuts cells (not
/// headers) longer than `truncate` UTF-16 units to `truncate - 3` units plus `...` and
/// right-aligns everything; header names get the same `\n`-style escapes as cells; when more rows
/// exist than are shown, `only showing top N rows` follows the table without a final newline.
public enum ShowTable {
  /// The show() text for already formatted cells.
  /// - Parameters:
  ///   - columnNames: the schema's field names, unescaped.
  ///   - rows: the cell texts of the rows to show (each as long as `columnNames`).
  ///   - hasMoreRows: whether the result has rows beyond `rows` (adds the footer line).
  ///   - truncate: Spark's truncate argument: 0 = no truncation (`truncate=False`), 20 = default.
  public static func render(
    columnNames: [String], rows: [[String]], hasMoreRows: Bool = false, truncate: Int = 0
  ) -> String {
    let header = columnNames.map(escapeHeader)
    let cells =
      truncate > 0
      ? rows.map { $0.map { SparkDisplayWidth.truncated($0, to: truncate) } } : rows
    var widths = header.map { max(3, SparkDisplayWidth.of($0)) }
    for row in cells {
      for (i, cell) in row.enumerated() where i < widths.count {
        widths[i] = max(widths[i], SparkDisplayWidth.of(cell))
      }
    }
    var out = ""
    let separator =
      "+" + widths.map { String(repeating: "-", count: $0) }.joined(separator: "+")
      + "+\n"
    func line(_ values: [String]) {
      out += "|"
      for (i, width) in widths.enumerated() {
        let value = i < values.count ? values[i] : ""
        let padding = String(repeating: " ", count: max(0, width - SparkDisplayWidth.of(value)))
        out += truncate > 0 ? padding + value : value + padding
        out += "|"
      }
      out += "\n"
    }
    out += separator
    line(header)
    out += separator
    for row in cells { line(row) }
    out += separator
    if hasMoreRows {
      out += "only showing top \(rows.count) \(rows.count == 1 ? "row" : "rows")"
    }
    return out
  }

  /// The show() text of the first `numRows` rows of a result, formatting only those cells.
  /// - Parameters:
  ///   - numRows: rows to show; the footer appears when the result has more (so fetch
  ///     `numRows + 1` rows from the server, as pyspark does, to get it).
  ///   - intervalFields: per column, the ANSI interval field range of its Spark type (missing
  ///     entries: the result's own `intervalFields`).
  public static func render(
    _ result: ResultSet, formatter: CellFormatter, numRows: Int = 20, truncate: Int = 0,
    intervalFields: [SparkIntervalFields] = []
  ) -> String {
    let shown = min(max(numRows, 0), result.rowCount)
    var rows: [[String]] = []
    rows.reserveCapacity(shown)
    for row in 0..<shown {
      var cells: [String] = []
      cells.reserveCapacity(result.columnCount)
      for column in 0..<result.columnCount {
        let fields =
          column < intervalFields.count
          ? intervalFields[column] : result.intervalFields(column: column)
        cells.append(
          result.text(row: row, column: column, formatter: formatter, intervalFields: fields))
      }
      rows.append(cells)
    }
    return render(
      columnNames: result.columnNames, rows: rows, hasMoreRows: result.rowCount > shown,
      truncate: truncate)
  }

  /// Column names get the same escapes as cell text.
  static func escapeHeader(_ name: String) -> String {
    var out: [UInt8] = []
    var utf8 = Array(name.utf8)
    utf8.withUnsafeMutableBytes {
      CellFormatter.appendEscaped(UnsafeRawBufferPointer($0), to: &out)
    }
    return String(decoding: out, as: UTF8.self)
  }
}
