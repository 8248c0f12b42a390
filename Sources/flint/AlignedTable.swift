import ArrowIPC
import ResultModel

/// `--format table`: an aligned table for reading in a terminal — box-drawing rules, numbers
/// right-aligned, Spark's cell text, every row shown (up to the limit), a row count at the end.
enum AlignedTable {
  static func render(
    _ result: ResultSet, formatter: CellFormatter, numRows: Int,
    intervalFields: [SparkIntervalFields]
  ) -> String {
    let shown = min(numRows, result.rowCount)
    let names = result.columnNames
    let numeric = result.schema.fields.map(\.type.isNumeric)
    var rows: [[String]] = []
    rows.reserveCapacity(shown)
    for row in 0..<shown {
      rows.append(
        (0..<result.columnCount).map { column in
          result.text(
            row: row, column: column, formatter: formatter,
            intervalFields: column < intervalFields.count ? intervalFields[column] : .widest
          ).replacingOccurrences(of: "\n", with: "\\n")
        })
    }
    var widths = names.map { SparkDisplayWidth.of($0) }
    for row in rows {
      for (column, cell) in row.enumerated() {
        widths[column] = max(widths[column], SparkDisplayWidth.of(cell))
      }
    }
    func pad(_ text: String, _ column: Int, right: Bool) -> String {
      let padding = String(
        repeating: " ", count: max(0, widths[column] - SparkDisplayWidth.of(text)))
      return right ? padding + text : text + padding
    }
    var out = ""
    out += names.indices.map { " " + pad(names[$0], $0, right: false) + " " }.joined(separator: "│")
    out += "\n"
    out += widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: "┼") + "\n"
    for row in rows {
      out += row.indices.map { " " + pad(row[$0], $0, right: numeric[$0]) + " " }.joined(
        separator: "│")
      out += "\n"
    }
    let more = result.rowCount > shown
    let count =
      more ? "first \(shown) rows; more on the server" : "\(shown) row\(shown == 1 ? "" : "s")"
    out += "(\(count))\n"
    return out
  }
}
