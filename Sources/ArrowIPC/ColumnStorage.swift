/// How a column's values sit in memory; decided once per column at decode time so accessors
/// only switch over a small enum.
@usableFromInline
enum PhysicalLayout: Sendable, Equatable {
  case null, bool
  case int8, int16, int32, int64, uint8, uint16, uint32, uint64
  case float16, float32, float64
  case decimal32, decimal64, decimal128, decimal256
  case dayTime, monthDayNano
  /// int32 offsets + data.
  case binary
  /// int64 offsets + data.
  case largeBinary
  /// `width` bytes per value.
  case fixedBinary
  /// int32 offsets into one child.
  case list
  /// int64 offsets into one child.
  case largeList
  /// `width` child rows per value.
  case fixedList
  case `struct`
  /// int32 offsets into one child struct<key, value>.
  case map
  /// Indices (see `indexLayout`) into `dictionary`.
  case dictionary

  /// Bytes per value for fixed-width layouts (0 for the others).
  @usableFromInline
  var fixedWidth: Int {
    switch self {
    case .int8, .uint8: 1
    case .int16, .uint16, .float16: 2
    case .int32, .uint32, .float32, .decimal32: 4
    case .int64, .uint64, .float64, .decimal64, .dayTime: 8
    case .decimal128, .monthDayNano: 16
    case .decimal256: 32
    default: 0
    }
  }

  /// The layout that stores values of `type` (dictionary encoding not considered).
  init(_ type: ArrowType) {
    switch type {
    case .null: self = .null
    case .bool: self = .bool
    case .int(let width, let signed):
      switch (width, signed) {
      case (8, true): self = .int8
      case (16, true): self = .int16
      case (32, true): self = .int32
      case (8, false): self = .uint8
      case (16, false): self = .uint16
      case (32, false): self = .uint32
      case (64, false): self = .uint64
      default: self = .int64
      }
    case .float16: self = .float16
    case .float32: self = .float32
    case .float64: self = .float64
    case .decimal(_, _, let width):
      switch width {
      case 32: self = .decimal32
      case 64: self = .decimal64
      case 256: self = .decimal256
      default: self = .decimal128
      }
    case .utf8, .binary: self = .binary
    case .largeUtf8, .largeBinary: self = .largeBinary
    case .fixedSizeBinary: self = .fixedBinary
    case .date32, .time32, .interval(.yearMonth): self = .int32
    case .date64, .time64, .timestamp, .duration: self = .int64
    case .interval(.dayTime): self = .dayTime
    case .interval(.monthDayNano): self = .monthDayNano
    case .list: self = .list
    case .largeList: self = .largeList
    case .fixedSizeList: self = .fixedList
    case .struct: self = .struct
    case .map: self = .map
    }
  }
}

/// Zeroed bytes that empty or absent buffers point at (so pointers are never nil).
let emptyStorage = ByteStorage(count: 64)

/// The immutable buffers of one decoded array, shared by all slices of it.
///
/// Pointers point into `owners`, which this object retains; nothing is mutated after init,
/// so sharing between tasks is safe (`@unchecked Sendable`). Buffers were validated at
/// decode time to hold `length` values, so accessors only check the row index.
@usableFromInline
final class ColumnStorage: @unchecked Sendable {
  @usableFromInline let field: ArrowField
  @usableFromInline let layout: PhysicalLayout
  /// For `.dictionary`: the layout of the index integers.
  @usableFromInline let indexLayout: PhysicalLayout
  /// Number of values in the array (as decoded, before any slicing).
  @usableFromInline let length: Int
  @usableFromInline let nullCount: Int
  /// Validity bitmap (bit i set = row i valid); nil when there are no nulls.
  @usableFromInline let validity: UnsafeRawPointer?
  /// Fixed-width values, bool bits, binary data bytes, or dictionary indices.
  @usableFromInline let values: UnsafeRawPointer
  /// Size of `values` in bytes.
  @usableFromInline let valuesByteCount: Int
  /// int32 or int64 offsets (binary, list, map); `emptyStorage` otherwise.
  @usableFromInline let offsets: UnsafeRawPointer
  /// Byte width (fixed-size binary) or list size (fixed-size list).
  @usableFromInline let width: Int
  @usableFromInline let children: [ArrowColumn]
  /// Zero or one dictionary (values column) for `.dictionary`.
  @usableFromInline let dictionary: [ArrowColumn]
  let owners: [ByteStorage]

  init(
    field: ArrowField, layout: PhysicalLayout, indexLayout: PhysicalLayout = .null, length: Int,
    nullCount: Int, validity: UnsafeRawPointer?, values: UnsafeRawPointer? = nil,
    valuesByteCount: Int = 0, offsets: UnsafeRawPointer? = nil, width: Int = 0,
    children: [ArrowColumn] = [], dictionary: [ArrowColumn] = [], owners: [ByteStorage]
  ) {
    self.field = field
    self.layout = layout
    self.indexLayout = indexLayout
    self.length = length
    self.nullCount = nullCount
    self.validity = nullCount > 0 ? validity : nil
    self.values = values ?? UnsafeRawPointer(emptyStorage.base)
    self.valuesByteCount = valuesByteCount
    self.offsets = offsets ?? UnsafeRawPointer(emptyStorage.base)
    self.width = width
    self.children = children
    self.dictionary = dictionary
    self.owners = owners
  }
}
