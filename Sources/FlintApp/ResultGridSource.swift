import ResultModel
import SparkConnectClient
import TerminalUI

/// The grid's view of a result tab: formats only the cells asked for (the visible ones), so a
/// frame costs the same at row 0 and at row 9,999,999.
public struct ResultGridSource: GridDataSource, Sendable {
  public let tab: ResultTab
  public let formatter: CellFormatter
  private let numeric: [Bool]
  /// Display column → source column.
  private let columns: [Int]

  public init(tab: ResultTab, formatter: CellFormatter) {
    self.tab = tab
    self.formatter = formatter
    columns = tab.displayColumns
    if let schema = tab.schema {
      numeric = schema.fields.map { $0.type.isNumeric }
    } else {
      numeric = (tab.result?.schema.fields ?? []).map(\.type.isNumeric)
    }
  }

  public var rowCount: Int { tab.displayRowCount }
  public var columnCount: Int { columns.count }

  /// The source column shown at display column `column`, if any.
  func source(_ column: Int) -> Int? {
    column >= 0 && column < columns.count ? columns[column] : nil
  }

  public func title(ofColumn display: Int) -> String {
    let names = tab.columnNames
    guard let column = source(display), column < names.count else { return "" }
    var title = names[column]
    if let sort = tab.sort, sort.column == column { title += sort.ascending ? " ▲" : " ▼" }
    return title
  }

  public func cell(row: Int, column display: Int) -> GridCell {
    guard let column = source(display), let result = tab.result,
      let (values, inner) = result.cell(row: tab.resultRow(row), column: column)
    else { return GridCell("") }
    if values.isNull(inner) { return .null }
    let text = formatter.text(
      values, row: inner, intervalFields: result.intervalFields(column: column))
    let isNumber = column < numeric.count && numeric[column]
    return GridCell(Self.singleLine(text), kind: isNumber ? .number : .text)
  }

  /// The full text of a cell (for the inspector, copy and search); nil for NULL.
  public func fullText(row: Int, column display: Int) -> String? {
    guard let column = source(display), let result = tab.result,
      let (values, inner) = result.cell(row: tab.resultRow(row), column: column)
    else { return "" }
    if values.isNull(inner) { return nil }
    return formatter.text(values, row: inner, intervalFields: result.intervalFields(column: column))
  }

  /// Newlines and tabs shown as visible symbols so a row stays one line.
  static func singleLine(_ text: String) -> String {
    // Bytes, not Characters: no grapheme breaking for the common case (nothing to replace).
    guard text.utf8.contains(where: { $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }) else {
      return text
    }
    var out = ""
    for character in text {
      switch character {
      case "\n", "\r\n": out.append("↵")
      case "\t": out.append("→")
      case "\r": out.append("↵")
      default: out.append(character)
      }
    }
    return out
  }

  /// Column widths from the header and a sample of the first rows (3...40 cells).
  public func suggestedWidths(sampleRows: Int = 200) -> [Int] {
    (0..<columnCount).map { column in
      var width = DisplayWidth.of(title(ofColumn: column)) + 2
      for row in 0..<min(rowCount, sampleRows) {
        width = max(width, DisplayWidth.of(cell(row: row, column: column).text))
        if width >= 40 { break }
      }
      return min(40, max(4, width))
    }
  }
}
