import Foundation
import ResultModel
import SparkConnectClient

/// A local export for the `EffectRunner`: which file, which format, which rows and columns.
public struct ExportJob: Sendable {
  /// The target file as typed (relative paths are taken from the current directory, `~/`
  /// from the home directory).
  public var path: String
  public var format: ExportFormat
  /// The loaded rows, for the selection / visible / loaded scopes; for the full result, only
  /// a fallback schema (when the re-run returns no batch at all).
  public var result: ResultSet?
  /// Global result rows in export order (client-side sort, a selection); nil = every row.
  public var rows: [Int]?
  /// Source column indices in export order; nil = all, in schema order.
  public var columns: [Int]?
  public var options: ExportOptions
  /// Whether an existing file may be replaced (the user confirmed it).
  public var overwrite: Bool
  /// Copy the text to the system clipboard instead of keeping the file: `path` is then a
  /// temporary file, read back and removed.
  public var toClipboard = false

  /// The most text the clipboard is given (OSC 52 carries it base64-encoded through the
  /// terminal; terminals and tmux drop much larger payloads silently).
  public static let clipboardLimit = 1 << 20

  public init(
    path: String, format: ExportFormat, result: ResultSet?, rows: [Int]? = nil,
    columns: [Int]? = nil, options: ExportOptions = ExportOptions(), overwrite: Bool = false
  ) {
    self.path = path
    self.format = format
    self.result = result
    self.rows = rows
    self.columns = columns
    self.options = options
    self.overwrite = overwrite
  }

  /// A temporary file for a clipboard copy.
  static func clipboardPath(for format: ExportFormat) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent(
      "flint-clipboard-\(UUID().uuidString).\(format.fileExtension)"
    ).path
  }

  /// The path with `~` expanded, made absolute against the current directory.
  var resolvedPath: String {
    let expanded = (path as NSString).expandingTildeInPath
    return URL(fileURLWithPath: expanded).standardizedFileURL.path
  }
}

extension ExportJob: Equatable {
  /// Jobs are equal when they would write the same file the same way from the same rows
  /// (the `ResultSet` by identity; of the options, those the dialog sets).
  public static func == (a: ExportJob, b: ExportJob) -> Bool {
    a.path == b.path && a.format == b.format && a.result === b.result && a.rows == b.rows
      && a.columns == b.columns && a.overwrite == b.overwrite && a.toClipboard == b.toClipboard
      && a.options.delimiter == b.options.delimiter && a.options.nullMarker == b.options.nullMarker
  }
}

/// How far an export got.
public struct ExportProgress: Sendable, Equatable {
  /// Rows written (local formats).
  public var rows = 0
  /// Bytes written (local formats).
  public var bytes: Int64 = 0
  /// The server's stage/task progress (full result and server-side writes).
  public var server: ExecutionProgress?
  /// Runtime clock seconds when the export started.
  public var startedAt: Double

  public init(startedAt: Double) { self.startedAt = startedAt }
}

/// What a finished export wrote.
public struct ExportOutcome: Sendable, Equatable {
  /// The absolute path (local) or the server path.
  public var path: String
  /// Rows and bytes written (nil for server-side writes: the server does not say).
  public var rows: Int?
  public var bytes: Int64?
  public var onServer: Bool
  /// The text for the clipboard (a clipboard copy; `path` is then not kept).
  public var clipboardText: String?

  public init(
    path: String, rows: Int?, bytes: Int64?, onServer: Bool, clipboardText: String? = nil
  ) {
    self.path = path
    self.rows = rows
    self.bytes = bytes
    self.onServer = onServer
    self.clipboardText = clipboardText
  }
}

/// Why an export failed.
public enum ExportFailure: Error, Sendable, Equatable {
  /// Writing the local file failed (exists, permission denied, disk full, bad option…).
  case file(ExportError)
  /// The server failed (the query, or its own write: error class and SQLSTATE included).
  case spark(SparkError)
  /// A clipboard copy grew past `ExportJob.clipboardLimit` bytes.
  case tooLargeForClipboard(limit: Int)

  /// Wraps any error thrown while exporting.
  init(_ error: any Error) {
    if let error = error as? ExportFailure {
      self = error
    } else if let error = error as? ExportError {
      self = .file(error)
    } else if let error = error as? SparkError {
      self = .spark(error)
    } else {
      self = .spark(SparkError(kind: .protocolViolation, code: "client", message: "\(error)"))
    }
  }

  /// Whether this is the end of a cancelled export rather than a real failure.
  var isCancellation: Bool {
    switch self {
    case .file(.cancelled): true
    case .spark(let error): error.kind == .cancelled
    default: false
    }
  }

  /// The text the dialog shows.
  public var message: String {
    switch self {
    case .file(let error): error.description
    case .spark(let error): error.kind == .server ? error.description : error.message
    case .tooLargeForClipboard(let limit):
      "more than \(Format.bytes(limit)) of text: too much for the clipboard; export to a file"
    }
  }
}
