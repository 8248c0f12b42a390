/// A local export file format (what `flint query -o FILE --format …` and the export dialog offer).
public enum ExportFormat: String, CaseIterable, Sendable {
  /// Comma-separated values, RFC 4180 quoting (the delimiter is configurable).
  case csv
  /// Tab-separated values; tabs, newlines, carriage returns and backslashes inside values are
  /// written as `\t`, `\n`, `\r`, `\\` (no quoting), so every line is one row.
  case tsv
  /// One JSON object per line, with real JSON types.
  case jsonLines = "jsonl"
  /// A GitHub-flavoured Markdown table.
  case markdown
  /// An Arrow IPC file (`ARROW1`), types kept exactly.
  case arrow

  /// The format a file name extension implies (case-insensitive, with or without the dot):
  /// csv; tsv, tab; jsonl, ndjson, json; md, markdown; arrow, arrows, feather, ipc.
  public init?(fileExtension: String) {
    var ext = fileExtension.lowercased()
    if ext.hasPrefix(".") { ext.removeFirst() }
    switch ext {
    case "csv": self = .csv
    case "tsv", "tab": self = .tsv
    case "jsonl", "ndjson", "json": self = .jsonLines
    case "md", "markdown": self = .markdown
    case "arrow", "arrows", "feather", "ipc": self = .arrow
    default: return nil
    }
  }

  /// The format implied by the extension of `path` (nil without a known extension).
  public init?(path: String) {
    guard let slash = path.lastIndex(of: "/").map({ path.index(after: $0) }) ?? path.indices.first,
      let dot = path[slash...].lastIndex(of: "."), dot != slash
    else { return nil }
    self.init(fileExtension: String(path[path.index(after: dot)...]))
  }

  /// A short human name for menus: "CSV", "TSV", "JSON Lines", "Markdown table", "Arrow IPC".
  public var displayName: String {
    switch self {
    case .csv: return "CSV"
    case .tsv: return "TSV"
    case .jsonLines: return "JSON Lines"
    case .markdown: return "Markdown table"
    case .arrow: return "Arrow IPC"
    }
  }

  /// The usual file name extension, without the dot.
  public var fileExtension: String {
    switch self {
    case .csv: return "csv"
    case .tsv: return "tsv"
    case .jsonLines: return "jsonl"
    case .markdown: return "md"
    case .arrow: return "arrow"
    }
  }
}
