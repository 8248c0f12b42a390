import Foundation

extension TableProfile {
  /// The profile as a table for people, one row per column: name, type, count, NULLs (%),
  /// approximate distinct values, min, max, mean, stddev, p25/p50/p75, lengths and the
  /// histogram as a sparkline. At most `width` display cells per line: columns with no value
  /// in any row are left out, then the least important ones (p75, p25, lengths, stddev, …)
  /// until the rest fit; long texts end in `…`. Control characters show as `\n`, `\t`, `\r`.
  public func tableLines(width: Int) -> [String] {
    tableLines(width: width, measure: ProfileCellWidth.of)
  }

  /// `tableLines(width:)` with the caller's measure of a text's display width in cells (the
  /// terminal UI passes its own).
  public func tableLines(width: Int, measure: (String) -> Int) -> [String] {
    let width = Swift.max(1, width)
    var chosen = ProfileTableColumn.all.map { column in
      (column, columns.map { ProfileTableColumn.escaped(column.value($0)) })
    }
    chosen.removeAll { column, cells in column.importance > 0 && cells.allSatisfy(\.isEmpty) }
    func natural(_ column: ProfileTableColumn, _ cells: [String]) -> Int {
      let widest = ([column.header] + cells).map(measure).max() ?? 0
      return column.cap.map { Swift.min($0, widest) } ?? widest
    }
    var widths = chosen.map { natural($0.0, $0.1) }
    func total() -> Int { widths.reduce(0, +) + 2 * Swift.max(0, widths.count - 1) }
    // The least important columns go first; then long texts shrink to `shrunk` cells; then
    // the rest go, least important first.
    func dropLeastImportant(above importance: Int) -> Bool {
      guard chosen.count > 1,
        let drop = chosen.indices.max(by: { chosen[$0].0.importance < chosen[$1].0.importance }),
        chosen[drop].0.importance > importance
      else { return false }
      chosen.remove(at: drop)
      widths.remove(at: drop)
      return true
    }
    while total() > width, dropLeastImportant(above: ProfileTableColumn.keptWhileShrinking) {}
    while total() > width,
      let widest = chosen.indices.filter({
        chosen[$0].0.cap != nil && widths[$0] > ProfileTableColumn.shrunk
      }).max(by: { widths[$0] < widths[$1] })
    {
      widths[widest] -= 1
    }
    while total() > width, dropLeastImportant(above: 0) {}
    if total() > width { widths[0] = width }
    func line(_ cells: [String]) -> String {
      var parts: [String] = []
      for (index, cell) in cells.enumerated() {
        let fitted = Self.elided(cell, width: widths[index], measure: measure)
        let pad = String(repeating: " ", count: Swift.max(0, widths[index] - measure(fitted)))
        parts.append(chosen[index].0.rightAligned ? pad + fitted : fitted + pad)
      }
      var text = parts.joined(separator: "  ")
      while text.last == " " { text.removeLast() }
      return text
    }
    var lines = [line(chosen.map(\.0.header))]
    lines.append(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  "))
    for row in columns.indices { lines.append(line(chosen.map { $0.1[row] })) }
    return lines
  }

  /// `text` cut to `width` cells, ending in `…` when it was longer.
  static func elided(_ text: String, width: Int, measure: (String) -> Int) -> String {
    guard measure(text) > width else { return text }
    guard width > 1 else { return width == 1 ? "…" : "" }
    var kept = ""
    var used = 0
    for character in text {
      let cells = measure(String(character))
      if used + cells > width - 1 { break }
      kept.append(character)
      used += cells
    }
    return kept + "…"
  }
}

/// One column of the human table.
struct ProfileTableColumn: Sendable {
  var header: String
  /// 0 is never dropped; the highest is dropped first.
  var importance: Int
  var rightAligned = false
  /// The widest its cells get before they are elided (nil: never elided unless alone).
  var cap: Int? = nil
  var value: @Sendable (ColumnProfile) -> String

  /// Columns this important or more stay while long texts shrink.
  static let keptWhileShrinking = 5
  /// The narrowest a text column shrinks to before columns are dropped.
  static let shrunk = 12

  static let all: [ProfileTableColumn] = [
    ProfileTableColumn(header: "column", importance: 0, cap: 32) { $0.column },
    ProfileTableColumn(header: "type", importance: 8, cap: 18) { $0.type.description },
    ProfileTableColumn(header: "count", importance: 7, rightAligned: true) { String($0.count) },
    ProfileTableColumn(header: "nulls", importance: 2, rightAligned: true) {
      percent($0.nullPercent, of: $0.nulls)
    },
    ProfileTableColumn(header: "distinct", importance: 6, rightAligned: true) {
      $0.distinctApprox.map { "~\($0)" } ?? ""
    },
    ProfileTableColumn(header: "min", importance: 3, cap: 24) { $0.min ?? "" },
    ProfileTableColumn(header: "max", importance: 4, cap: 24) { $0.max ?? "" },
    ProfileTableColumn(header: "mean", importance: 9, rightAligned: true) { number($0.mean) },
    ProfileTableColumn(header: "stddev", importance: 11, rightAligned: true) { number($0.stddev) },
    ProfileTableColumn(header: "p25", importance: 13, cap: 26) { $0.p25 ?? "" },
    ProfileTableColumn(header: "p50", importance: 10, cap: 26) { $0.p50 ?? "" },
    ProfileTableColumn(header: "p75", importance: 14, cap: 26) { $0.p75 ?? "" },
    ProfileTableColumn(header: "lengths", importance: 12) { profile in
      guard let low = profile.minLength, let high = profile.maxLength else { return "" }
      return "\(low)..\(high)"
    },
    ProfileTableColumn(header: "histogram", importance: 5) { profile in
      profile.histogram.map { TableProfile.sparkline($0.map(\.count)) } ?? ""
    },
  ]

  /// `12.5%`; `<0.1%` for a few; `0` for none.
  static func percent(_ percent: Double, of count: Int64) -> String {
    if count == 0 { return "0" }
    if percent < 0.05 { return "<0.1%" }
    return String(format: "%.1f%%", percent)
  }

  /// Six significant digits; NaN and ±Infinity as Spark writes them.
  static func number(_ value: Double?) -> String {
    guard let value else { return "" }
    guard value.isFinite else { return TableProfile.numberText(value) }
    return String(format: "%.6g", value)
  }

  /// Control characters as `\n`, `\t`, `\r` (as `show()` does), others as `?`.
  static func escaped(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
      return text
    }
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case "\r": out += "\\r"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F {
          out += "?"
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out
  }
}

/// Display cells of a text, by the usual terminal rules: East Asian wide and fullwidth
/// characters and emoji take 2, combining marks and format characters 0, others 1.
/// (The terminal UI has the full measure in `TerminalUI.DisplayWidth`, which this module
/// cannot import; `tableLines(width:measure:)` takes it.)
enum ProfileCellWidth {
  static func of(_ text: String) -> Int {
    var total = 0
    for character in text {
      guard let first = character.unicodeScalars.first else { continue }
      total += of(scalar: first)
    }
    return total
  }

  static func of(scalar: Unicode.Scalar) -> Int {
    let v = scalar.value
    if v < 0x7F { return v < 0x20 ? 0 : 1 }
    if v < 0xA0 { return 0 }
    switch v {
    case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
      0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE6F, 0xFF00...0xFF60,
      0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
      return 2
    default: break
    }
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format, .control: return 0
    default: break
    }
    return v >= 0x1F000 && scalar.properties.isEmojiPresentation ? 2 : 1
  }
}
