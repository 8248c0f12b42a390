/// How an export writes text. Arrow IPC output ignores everything here (types are kept).
public struct ExportOptions: Sendable {
  /// Line endings of text formats.
  public enum LineEnding: String, Sendable, CaseIterable {
    /// `\n` (the default).
    case lf
    /// `\r\n`, as RFC 4180 writes CSV.
    case crlf

    var bytes: [UInt8] { self == .lf ? [10] : [13, 10] }
  }

  /// CSV field delimiter: one ASCII character other than `"`, CR or LF (default `,`).
  /// TSV always uses a tab.
  public var delimiter: Character
  /// Text for NULL in CSV, TSV and Markdown (default empty). In CSV an empty *string* value is
  /// written as `""` when this is empty, so NULL and '' stay distinguishable to readers that care.
  public var nullMarker: String
  /// Whether CSV and TSV start with a row of column names (Markdown always has its header).
  public var includeHeader: Bool
  /// Line ending of CSV, TSV, JSON Lines and Markdown.
  public var lineEnding: LineEnding
  /// JSON Lines: decimals as strings (`"12.30"`, default, no precision lost in readers that
  /// parse numbers as doubles) or as JSON numbers (`12.30`).
  public var jsonDecimalsAsStrings: Bool
  /// The session time zone id (`spark.sql.session.timeZone`): JSON timestamps with a time zone
  /// are written in it, with their offset.
  public var timeZoneID: String
  /// Spark's show() text for CSV, TSV and Markdown cells (strings excepted: they are raw).
  public var formatter: CellFormatter
  /// ANSI interval field ranges by *source* column index (Arrow loses them; see
  /// `SparkIntervalFields`). Missing columns print the widest form.
  public var intervalFields: [Int: SparkIntervalFields]

  /// - Parameters:
  ///   - timeZoneID: the session time zone; nil takes the formatter's.
  public init(
    delimiter: Character = ",", nullMarker: String = "", includeHeader: Bool = true,
    lineEnding: LineEnding = .lf, jsonDecimalsAsStrings: Bool = true, timeZoneID: String? = nil,
    formatter: CellFormatter = CellFormatter(), intervalFields: [Int: SparkIntervalFields] = [:]
  ) {
    self.delimiter = delimiter
    self.nullMarker = nullMarker
    self.includeHeader = includeHeader
    self.lineEnding = lineEnding
    self.jsonDecimalsAsStrings = jsonDecimalsAsStrings
    self.timeZoneID = timeZoneID ?? formatter.timeZoneID
    self.formatter = formatter
    self.intervalFields = intervalFields
  }
}
