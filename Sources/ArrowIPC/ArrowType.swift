/// The unit of a time, timestamp or duration value (how many ticks per second).
public enum TimeUnit: Sendable, Equatable, Hashable {
  case second, millisecond, microsecond, nanosecond

  /// Ticks per second: 1, 1_000, 1_000_000 or 1_000_000_000.
  public var ticksPerSecond: Int64 {
    switch self {
    case .second: 1
    case .millisecond: 1_000
    case .microsecond: 1_000_000
    case .nanosecond: 1_000_000_000
    }
  }
}

/// The three Arrow interval layouts.
public enum IntervalUnit: Sendable, Equatable, Hashable {
  /// One int32: months.
  case yearMonth
  /// Two int32: days, milliseconds.
  case dayTime
  /// int32 months, int32 days, int64 nanoseconds (16 bytes).
  case monthDayNano
}

/// The logical type of an Arrow field. For dictionary-encoded fields this is the VALUE type
/// (see `ArrowField.dictionary` for the index type).
public indirect enum ArrowType: Sendable, Equatable, Hashable {
  case null, bool
  /// Integers of 8, 16, 32 or 64 bits.
  case int(bitWidth: Int, signed: Bool)
  case float16, float32, float64
  /// Fixed-point decimal: unscaled two's complement integer of `bitWidth` bits (32, 64, 128, 256).
  case decimal(precision: Int, scale: Int, bitWidth: Int)
  case utf8, largeUtf8, binary, largeBinary
  case fixedSizeBinary(byteWidth: Int)
  /// Days since the UNIX epoch (int32).
  case date32
  /// Milliseconds since the UNIX epoch (int64).
  case date64
  /// Time of day in seconds or milliseconds (int32).
  case time32(TimeUnit)
  /// Time of day in microseconds or nanoseconds (int64).
  case time64(TimeUnit)
  /// Ticks since the UNIX epoch (int64); with a time zone the instant is UTC-based.
  case timestamp(TimeUnit, timeZone: String?)
  case duration(TimeUnit)
  case interval(IntervalUnit)
  case list(ArrowField), largeList(ArrowField), fixedSizeList(ArrowField, listSize: Int)
  case `struct`([ArrowField])
  /// entries: a non-null struct<key, value>.
  case map(entries: ArrowField, keysSorted: Bool)

  /// Child fields of nested types (empty for flat types).
  public var childFields: [ArrowField] {
    switch self {
    case .list(let f), .largeList(let f), .fixedSizeList(let f, _): [f]
    case .struct(let fs): fs
    case .map(let e, _): [e]
    default: []
    }
  }

  /// A short name in pyarrow's spelling, for messages and debugging.
  public var name: String {
    switch self {
    case .null: "null"
    case .bool: "bool"
    case .int(let w, let s): (s ? "int" : "uint") + String(w)
    case .float16: "halffloat"
    case .float32: "float"
    case .float64: "double"
    case .decimal(let p, let s, let w): "decimal\(w)(\(p), \(s))"
    case .utf8: "string"
    case .largeUtf8: "large_string"
    case .binary: "binary"
    case .largeBinary: "large_binary"
    case .fixedSizeBinary(let w): "fixed_size_binary[\(w)]"
    case .date32: "date32[day]"
    case .date64: "date64[ms]"
    case .time32(let u), .time64(let u):
      (self == .time32(u) ? "time32[" : "time64[") + u.shortName + "]"
    case .timestamp(let u, let tz):
      "timestamp[\(u.shortName)" + (tz.map { ", tz=\($0)" } ?? "") + "]"
    case .duration(let u): "duration[\(u.shortName)]"
    case .interval(.yearMonth): "month_interval"
    case .interval(.dayTime): "day_time_interval"
    case .interval(.monthDayNano): "month_day_nano_interval"
    case .list(let f): "list<\(f.type.name)>"
    case .largeList(let f): "large_list<\(f.type.name)>"
    case .fixedSizeList(let f, let n): "fixed_size_list<\(f.type.name)>[\(n)]"
    case .struct(let fs):
      "struct<" + fs.map { "\($0.name): \($0.type.name)" }.joined(separator: ", ") + ">"
    case .map(let e, _):
      "map<" + e.type.childFields.map(\.type.name).joined(separator: ", ") + ">"
    }
  }
}

extension TimeUnit {
  var shortName: String {
    switch self {
    case .second: "s"
    case .millisecond: "ms"
    case .microsecond: "us"
    case .nanosecond: "ns"
    }
  }
}

/// A named, typed column of a schema (or a child of a nested type).
public struct ArrowField: Sendable, Equatable, Hashable {
  public var name: String
  public var type: ArrowType
  public var nullable: Bool
  /// Custom key/value metadata (Spark marks variant, geometry, time precision here).
  public var metadata: [String: String]
  /// Non-nil when the column is dictionary-encoded; `type` is then the value type.
  public var dictionary: DictionaryEncoding?

  public init(
    name: String, type: ArrowType, nullable: Bool = true, metadata: [String: String] = [:],
    dictionary: DictionaryEncoding? = nil
  ) {
    self.name = name
    self.type = type
    self.nullable = nullable
    self.metadata = metadata
    self.dictionary = dictionary
  }
}

/// How a field's values are dictionary-encoded: which dictionary and the index integer type.
public struct DictionaryEncoding: Sendable, Equatable, Hashable {
  /// The dictionary id that DictionaryBatch messages refer to.
  public var id: Int64
  /// Always `.int(bitWidth:signed:)`.
  public var indexType: ArrowType
  public var isOrdered: Bool

  public init(
    id: Int64, indexType: ArrowType = .int(bitWidth: 32, signed: true), isOrdered: Bool = false
  ) {
    self.id = id
    self.indexType = indexType
    self.isOrdered = isOrdered
  }
}

/// The top-level fields of a stream or file, plus schema-level metadata.
public struct ArrowSchema: Sendable, Equatable, Hashable {
  public var fields: [ArrowField]
  public var metadata: [String: String]

  public init(fields: [ArrowField], metadata: [String: String] = [:]) {
    self.fields = fields
    self.metadata = metadata
  }
}

extension ArrowType {
  /// Whether values of this type are numbers (integers, floats, decimals): right-aligned in
  /// grids and tables.
  public var isNumeric: Bool {
    switch self {
    case .int, .float16, .float32, .float64, .decimal: true
    default: false
    }
  }
}
