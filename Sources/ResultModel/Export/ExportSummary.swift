/// What an export wrote.
public struct ExportSummary: Sendable, Equatable {
  /// The file written.
  public var path: String
  public var format: ExportFormat
  /// Data rows written (header not counted).
  public var rowCount: Int
  /// Size of the file, in bytes.
  public var byteCount: Int64

  public init(path: String, format: ExportFormat, rowCount: Int, byteCount: Int64) {
    self.path = path
    self.format = format
    self.rowCount = rowCount
    self.byteCount = byteCount
  }
}
