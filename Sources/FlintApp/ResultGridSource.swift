import ArrowIPC
import Foundation
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
  /// In a frequency table: the source columns of its percent and cumulative percent, and the
  /// largest percent (the longest bar).
  private let percentColumn: Int?
  private let cumulativeColumn: Int?
  private let largestPercent: Double

  public init(tab: ResultTab, formatter: CellFormatter) {
    self.tab = tab
    self.formatter = formatter
    columns = tab.displayColumns
    if let schema = tab.schema {
      numeric = schema.fields.map { $0.type.isNumeric }
    } else {
      numeric = (tab.result?.schema.fields ?? []).map(\.type.isNumeric)
    }
    if let grouped = tab.exploration?.frequencyColumns {
      let names = tab.columnNames
      let computed = PlanStep.frequencyNames(for: grouped)
      percentColumn = names.lastIndex(of: computed.percent)
      cumulativeColumn = names.lastIndex(of: computed.cumulative)
      var largest = 0.0
      if let percentColumn, let result = tab.result {
        for row in 0..<min(tab.displayRowCount, PlanStep.frequencyLimit) {
          guard let (values, inner) = result.cell(row: row, column: percentColumn),
            !values.isNull(inner)
          else { continue }
          largest = max(largest, values.double(at: inner))
        }
      }
      largestPercent = largest
    } else {
      percentColumn = nil
      cumulativeColumn = nil
      largestPercent = 0
    }
  }

  /// Width of a frequency's bar, in cells.
  static let barWidth = 16

  /// A bar of `fraction` (0...1) of `width` cells, in eighths of a block.
  static func bar(_ fraction: Double, width: Int) -> String {
    let eighths = Int((max(0, min(1, fraction)) * Double(width * 8)).rounded())
    let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
    return String(repeating: "█", count: eighths / 8) + partial[eighths % 8]
  }

  /// A frequency's percent with its bar, or its cumulative percent, as shown (two decimals);
  /// nil for other cells. Copy, search and export keep the exact value.
  private func frequencyText(_ column: Int, _ values: ArrowColumn, _ row: Int) -> String? {
    guard column == percentColumn || column == cumulativeColumn else { return nil }
    let percent = values.double(at: row)
    let text = String(format: "%6.2f%%", percent)
    guard column == percentColumn, largestPercent > 0 else { return text }
    let bar = Self.bar(percent / largestPercent, width: Self.barWidth)
    return text + " " + bar.padding(toLength: Self.barWidth, withPad: " ", startingAt: 0)
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
    if let text = frequencyText(column, values, inner) { return GridCell(text, kind: .text) }
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
