/// Why an export failed. Every case says which file and why, so it can be shown as is.
public enum ExportError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The target exists and `overwrite` was false.
  case fileExists(String)
  /// The file (or its temporary sibling) could not be created, written, synced or renamed;
  /// `reason` is the operating system's text (e.g. "No space left on device").
  case cannotWrite(path: String, reason: String)
  /// The export was cancelled (flag or task cancellation); nothing was left at the target.
  case cancelled
  /// A column index outside the schema's columns.
  case invalidColumn(Int)
  /// A row index outside the batch (or result) given.
  case invalidRow(Int)
  /// An option that cannot work (e.g. a CSV delimiter that is a quote or newline).
  case invalidOption(String)
  /// A batch whose columns do not match the schema the writer was started with.
  case schemaMismatch(String)
  /// `write` or `finish` after `finish` or `cancel`.
  case notOpen

  public var description: String {
    switch self {
    case .fileExists(let path):
      return "\(path) already exists (choose another name or allow overwriting)"
    case .cannotWrite(let path, let reason): return "cannot write \(path): \(reason)"
    case .cancelled: return "export cancelled"
    case .invalidColumn(let i): return "column index \(i) is not in the result"
    case .invalidRow(let i): return "row index \(i) is not in the result"
    case .invalidOption(let what): return "invalid export option: \(what)"
    case .schemaMismatch(let what): return "batch does not match the export's schema: \(what)"
    case .notOpen: return "the export is already finished or cancelled"
    }
  }
}
