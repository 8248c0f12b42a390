/// A typed view of one column (or child array) of a record batch.
///
/// Row indices are 0-based within this array (a slice starts at its own row 0). Accessors do
/// not allocate (except `string(at:)`, `bytes(at:)`, `decimal256Words(at:)`, `value(at:)`) and
/// never trap: buffers were validated when the batch was decoded, and an index outside
/// `0..<length` returns a neutral value (null / 0 / empty). Accessors called on a
/// dictionary-encoded column read through the dictionary.
public struct ArrowColumn: Sendable {
  @usableFromInline let storage: ColumnStorage
  /// First row of `storage` that this view shows.
  @usableFromInline let offset: Int
  /// Number of rows in this view.
  public let length: Int
  /// Number of null rows in this view.
  public let nullCount: Int

  init(storage: ColumnStorage) {
    self.storage = storage
    offset = 0
    length = storage.length
    nullCount = storage.layout == .null ? storage.length : storage.nullCount
  }

  init(storage: ColumnStorage, offset: Int, length: Int, nullCount: Int) {
    self.storage = storage
    self.offset = offset
    self.length = length
    self.nullCount = nullCount
  }

  /// The field; for dictionary columns `type` is the value type and `dictionary` is set.
  public var field: ArrowField { storage.field }
  public var type: ArrowType { storage.field.type }

  /// list/largeList/fixedSizeList/map: the one child (map: the entries struct), whose rows are
  /// addressed by `listRange(at:)`. struct: one column per field, aligned with this column's rows.
  public var children: [ArrowColumn] {
    guard storage.layout == .struct, offset != 0 || length != storage.length else {
      return storage.children
    }
    return storage.children.map { $0.slice(offset: offset, length: length) }
  }

  /// Rows `offset..<offset+length` of this column as a new view (clamped to the column; O(n)
  /// to count nulls when the column has a validity bitmap).
  public func slice(offset start: Int, length count: Int) -> ArrowColumn {
    let lower = min(max(start, 0), length)
    let upper = lower + min(max(count, 0), length - lower)
    let n = upper - lower
    var nulls = 0
    if storage.layout == .null {
      nulls = n
    } else if nullCount == length {
      nulls = n
    } else if nullCount > 0, let validity = storage.validity {
      for i in (offset + lower)..<(offset + upper)
      where validity.load(fromByteOffset: i >> 3, as: UInt8.self) & (1 << (i & 7)) == 0 {
        nulls += 1
      }
    }
    return ArrowColumn(storage: storage, offset: offset + lower, length: n, nullCount: nulls)
  }

  // MARK: - Nulls

  /// Whether `row` is null (true outside `0..<length`). For dictionary columns also true when
  /// the referenced dictionary value is null.
  @inlinable
  public func isNull(_ row: Int) -> Bool {
    guard row >= 0, row < length else { return true }
    let layout = storage.layout
    if layout == .null { return true }
    if let validity = storage.validity {
      let i = offset + row
      if validity.load(fromByteOffset: i >> 3, as: UInt8.self) & (1 << (i & 7)) == 0 { return true }
    }
    if layout == .dictionary {
      guard let (column, index) = dictionaryTarget(row) else { return true }
      return column.isNull(index)
    }
    return false
  }

  // MARK: - Dictionary

  /// The dictionary (a values column) of a dictionary-encoded column; nil otherwise.
  public var dictionaryValues: ArrowColumn? { storage.dictionary.first }

  /// The raw index stored at `row` of a dictionary column (-1 for non-dictionary columns,
  /// out-of-range rows, or null rows whose slot holds garbage).
  @inlinable
  public func dictionaryIndex(at row: Int) -> Int {
    guard storage.layout == .dictionary, row >= 0, row < length else { return -1 }
    let index = Self.loadInteger(storage.values, layout: storage.indexLayout, at: offset + row)
    guard let dictionary = storage.dictionary.first, index >= 0, index < Int64(dictionary.length)
    else {
      return -1
    }
    return Int(index)
  }

  /// The dictionary column and row holding row `row`'s value; nil for null or invalid rows.
  @inlinable
  func dictionaryTarget(_ row: Int) -> (ArrowColumn, Int)? {
    let index = dictionaryIndex(at: row)
    guard index >= 0, let dictionary = storage.dictionary.first else { return nil }
    if let validity = storage.validity {
      let i = offset + row
      if validity.load(fromByteOffset: i >> 3, as: UInt8.self) & (1 << (i & 7)) == 0 { return nil }
    }
    return (dictionary, index)
  }

  /// The column holding row `row`'s value and the row in it: the dictionary for
  /// dictionary-encoded columns, otherwise this column and `row`.
  public func resolved(_ row: Int) -> (column: ArrowColumn, row: Int) {
    if storage.layout == .dictionary, let (column, index) = dictionaryTarget(row) {
      return (column, index)
    }
    return (self, row)
  }

  // MARK: - Fixed-width values

  @inlinable
  static func loadInteger(_ p: UnsafeRawPointer, layout: PhysicalLayout, at i: Int) -> Int64 {
    switch layout {
    case .int8: Int64(p.load(fromByteOffset: i, as: Int8.self))
    case .int16: Int64(Int16(littleEndian: p.loadUnaligned(fromByteOffset: i &* 2, as: Int16.self)))
    case .int32: Int64(Int32(littleEndian: p.loadUnaligned(fromByteOffset: i &* 4, as: Int32.self)))
    case .int64: Int64(littleEndian: p.loadUnaligned(fromByteOffset: i &* 8, as: Int64.self))
    case .uint8: Int64(p.load(fromByteOffset: i, as: UInt8.self))
    case .uint16:
      Int64(UInt16(littleEndian: p.loadUnaligned(fromByteOffset: i &* 2, as: UInt16.self)))
    case .uint32:
      Int64(UInt32(littleEndian: p.loadUnaligned(fromByteOffset: i &* 4, as: UInt32.self)))
    case .uint64:
      Int64(
        bitPattern: UInt64(littleEndian: p.loadUnaligned(fromByteOffset: i &* 8, as: UInt64.self)))
    default: 0
    }
  }

  /// The integer at `row`: every signed/unsigned int (uint64 as its bit pattern), date32/64,
  /// time32/64, timestamp, duration (raw ticks) and year-month intervals (months). Bool is 0/1,
  /// floats are truncated toward zero (0 when out of range); 0 for null-only or other types.
  @inlinable
  public func int64(at row: Int) -> Int64 {
    guard row >= 0, row < length else { return 0 }
    let layout = storage.layout
    switch layout {
    case .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64:
      return Self.loadInteger(storage.values, layout: layout, at: offset + row)
    case .bool: return bool(at: row) ? 1 : 0
    case .float16, .float32, .float64:
      let d = double(at: row)
      return d.isFinite && abs(d) < 9.2e18 ? Int64(d) : 0
    case .decimal32, .decimal64, .decimal128, .decimal256:
      return Int64(truncatingIfNeeded: decimal128(at: row))
    case .dictionary:
      guard let (column, index) = dictionaryTarget(row) else { return 0 }
      return column.int64(at: index)
    default: return 0
    }
  }

  /// The integer at `row` as unsigned (the bit pattern for signed values).
  @inlinable
  public func uint64(at row: Int) -> UInt64 { UInt64(bitPattern: int64(at: row)) }

  /// The bool at `row` (for integers: non-zero).
  @inlinable
  public func bool(at row: Int) -> Bool {
    guard row >= 0, row < length else { return false }
    switch storage.layout {
    case .bool:
      let i = offset + row
      return storage.values.load(fromByteOffset: i >> 3, as: UInt8.self) & (1 << (i & 7)) != 0
    case .dictionary:
      guard let (column, index) = dictionaryTarget(row) else { return false }
      return column.bool(at: index)
    default: return int64(at: row) != 0
    }
  }

  /// The floating-point value at `row`: float16/32/64 widened, integers converted, decimals
  /// divided by 10^scale (approximate); 0 for other types.
  @inlinable
  public func double(at row: Int) -> Double {
    guard row >= 0, row < length else { return 0 }
    let i = offset + row
    let p = storage.values
    switch storage.layout {
    case .float64:
      return Double(
        bitPattern: UInt64(littleEndian: p.loadUnaligned(fromByteOffset: i &* 8, as: UInt64.self)))
    case .float32:
      return Double(
        Float(
          bitPattern: UInt32(littleEndian: p.loadUnaligned(fromByteOffset: i &* 4, as: UInt32.self))
        ))
    case .float16:
      return Double(
        Self.halfToFloat(
          UInt16(littleEndian: p.loadUnaligned(fromByteOffset: i &* 2, as: UInt16.self))))
    case .uint64: return Double(uint64(at: row))
    case .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .bool:
      return Double(int64(at: row))
    case .decimal32, .decimal64, .decimal128, .decimal256:
      guard case .decimal(_, let scale, _) = storage.field.type else { return 0 }
      let unscaled =
        storage.layout == .decimal256
        ? Self.int256ToDouble(decimal256Words(at: row)) : Double(decimal128(at: row))
      return unscaled / pow10(scale)
    case .dictionary:
      guard let (column, index) = dictionaryTarget(row) else { return 0 }
      return column.double(at: index)
    default: return 0
    }
  }

  /// The value at `row` as Float: float16/32 exactly, other numbers rounded.
  @inlinable
  public func float(at row: Int) -> Float {
    guard row >= 0, row < length else { return 0 }
    let i = offset + row
    switch storage.layout {
    case .float32:
      return Float(
        bitPattern: UInt32(
          littleEndian: storage.values.loadUnaligned(fromByteOffset: i &* 4, as: UInt32.self)))
    case .float16:
      return Self.halfToFloat(
        UInt16(littleEndian: storage.values.loadUnaligned(fromByteOffset: i &* 2, as: UInt16.self)))
    default: return Float(double(at: row))
    }
  }

  /// The unscaled decimal at `row` (decimal32/64/128; decimal256 truncated to its low 128 bits;
  /// integers widened).
  @inlinable
  public func decimal128(at row: Int) -> Int128 {
    guard row >= 0, row < length else { return 0 }
    let i = offset + row
    let p = storage.values
    switch storage.layout {
    case .decimal32:
      return Int128(Int32(littleEndian: p.loadUnaligned(fromByteOffset: i &* 4, as: Int32.self)))
    case .decimal64:
      return Int128(Int64(littleEndian: p.loadUnaligned(fromByteOffset: i &* 8, as: Int64.self)))
    case .decimal128, .decimal256:
      let width = storage.layout == .decimal128 ? 16 : 32
      let low = UInt64(littleEndian: p.loadUnaligned(fromByteOffset: i &* width, as: UInt64.self))
      let high = Int64(
        littleEndian: p.loadUnaligned(fromByteOffset: i &* width &+ 8, as: Int64.self))
      return Int128(high) << 64 | Int128(low)
    case .dictionary:
      guard let (column, index) = dictionaryTarget(row) else { return 0 }
      return column.decimal128(at: index)
    default: return Int128(int64(at: row))
    }
  }

  /// The unscaled decimal at `row` as 4 little-endian 64-bit words (two's complement);
  /// smaller decimals and integers are sign-extended.
  public func decimal256Words(at row: Int) -> [UInt64] {
    if storage.layout == .decimal256, row >= 0, row < length {
      let base = (offset + row) &* 32
      return (0..<4).map {
        UInt64(
          littleEndian: storage.values.loadUnaligned(fromByteOffset: base + $0 * 8, as: UInt64.self)
        )
      }
    }
    if storage.layout == .dictionary, let (column, index) = dictionaryTarget(row) {
      return column.decimal256Words(at: index)
    }
    let value = decimal128(at: row)
    let fill: UInt64 = value < 0 ? .max : 0
    return [UInt64(truncatingIfNeeded: value), UInt64(truncatingIfNeeded: value >> 64), fill, fill]
  }

  /// Day-time interval at `row`.
  public func dayTime(at row: Int) -> (days: Int32, milliseconds: Int32) {
    guard row >= 0, row < length else { return (0, 0) }
    switch storage.layout {
    case .dayTime:
      let base = (offset + row) &* 8
      return (
        Int32(littleEndian: storage.values.loadUnaligned(fromByteOffset: base, as: Int32.self)),
        Int32(littleEndian: storage.values.loadUnaligned(fromByteOffset: base + 4, as: Int32.self))
      )
    case .dictionary:
      guard let (column, index) = dictionaryTarget(row) else { return (0, 0) }
      return column.dayTime(at: index)
    default: return (0, 0)
    }
  }

  /// Month-day-nano interval at `row`.
  public func monthDayNano(at row: Int) -> (months: Int32, days: Int32, nanoseconds: Int64) {
    guard row >= 0, row < length else { return (0, 0, 0) }
    switch storage.layout {
    case .monthDayNano:
      let base = (offset + row) &* 16
      let p = storage.values
      return (
        Int32(littleEndian: p.loadUnaligned(fromByteOffset: base, as: Int32.self)),
        Int32(littleEndian: p.loadUnaligned(fromByteOffset: base + 4, as: Int32.self)),
        Int64(littleEndian: p.loadUnaligned(fromByteOffset: base + 8, as: Int64.self))
      )
    case .dictionary:
      guard let (column, index) = dictionaryTarget(row) else { return (0, 0, 0) }
      return column.monthDayNano(at: index)
    default: return (0, 0, 0)
    }
  }

  // MARK: - Variable-width values

  /// Byte range of row `row` in `values` for binary-like layouts (validated at decode time).
  @inlinable
  func byteRange(_ row: Int) -> Range<Int> {
    let i = offset + row
    switch storage.layout {
    case .binary:
      let start = Int(
        Int32(littleEndian: storage.offsets.loadUnaligned(fromByteOffset: i &* 4, as: Int32.self)))
      let end = Int(
        Int32(
          littleEndian: storage.offsets.loadUnaligned(fromByteOffset: i &* 4 &+ 4, as: Int32.self)))
      return start..<end
    case .largeBinary:
      let start = Int(
        Int64(littleEndian: storage.offsets.loadUnaligned(fromByteOffset: i &* 8, as: Int64.self)))
      let end = Int(
        Int64(
          littleEndian: storage.offsets.loadUnaligned(fromByteOffset: i &* 8 &+ 8, as: Int64.self)))
      return start..<end
    case .fixedBinary:
      return (i &* storage.width)..<(i &* storage.width &+ storage.width)
    default:
      let width = storage.layout.fixedWidth
      return (i &* width)..<(i &* width &+ width)
    }
  }

  /// Calls `body` with the bytes of row `row`: utf8/binary/fixed-size binary values, or the raw
  /// little-endian bytes of fixed-width values. Empty for null-only, nested and invalid rows.
  @inlinable
  public func withBytes<R>(at row: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R
  {
    guard row >= 0, row < length else {
      return try body(UnsafeRawBufferPointer(start: nil, count: 0))
    }
    switch storage.layout {
    case .null, .bool, .list, .largeList, .fixedList, .struct, .map:
      return try body(UnsafeRawBufferPointer(start: nil, count: 0))
    case .dictionary:
      guard let (column, index) = dictionaryTarget(row) else {
        return try body(UnsafeRawBufferPointer(start: nil, count: 0))
      }
      return try column.withBytes(at: index, body)
    default:
      let range = byteRange(row)
      return try body(
        UnsafeRawBufferPointer(start: storage.values + range.lowerBound, count: range.count))
    }
  }

  /// The bytes of row `row` (see `withBytes(at:_:)`).
  public func bytes(at row: Int) -> [UInt8] { withBytes(at: row) { Array($0) } }

  /// The string at `row` (utf8/largeUtf8; binary decoded as UTF-8). Invalid UTF-8 is repaired
  /// with U+FFFD; empty for non-string layouts.
  public func string(at row: Int) -> String {
    switch storage.layout {
    case .binary, .largeBinary, .fixedBinary, .dictionary:
      return withBytes(at: row) { String(decoding: $0, as: UTF8.self) }
    default: return ""
    }
  }

  /// The rows of `children[0]` that make up row `row` of a list, large list, fixed-size list
  /// or map (empty for null slots of variable lists, other types and invalid rows).
  @inlinable
  public func listRange(at row: Int) -> Range<Int> {
    guard row >= 0, row < length else { return 0..<0 }
    let i = offset + row
    switch storage.layout {
    case .list, .map:
      let start = Int(
        Int32(littleEndian: storage.offsets.loadUnaligned(fromByteOffset: i &* 4, as: Int32.self)))
      let end = Int(
        Int32(
          littleEndian: storage.offsets.loadUnaligned(fromByteOffset: i &* 4 &+ 4, as: Int32.self)))
      return start..<end
    case .largeList:
      let start = Int(
        Int64(littleEndian: storage.offsets.loadUnaligned(fromByteOffset: i &* 8, as: Int64.self)))
      let end = Int(
        Int64(
          littleEndian: storage.offsets.loadUnaligned(fromByteOffset: i &* 8 &+ 8, as: Int64.self)))
      return start..<end
    case .fixedList:
      return (i &* storage.width)..<(i &* storage.width &+ storage.width)
    case .dictionary:
      guard let (column, index) = dictionaryTarget(row) else { return 0..<0 }
      return column.listRange(at: index)
    default: return 0..<0
    }
  }

  // MARK: - Helpers

  /// IEEE 754 half precision bits to Float.
  @inlinable
  static func halfToFloat(_ bits: UInt16) -> Float {
    let sign: UInt32 = UInt32(bits & 0x8000) << 16
    let exponent = Int((bits >> 10) & 0x1f)
    let mantissa = UInt32(bits & 0x3ff)
    if exponent == 0 {
      let magnitude = Float(mantissa) * Float(sign: .plus, exponent: -24, significand: 1)
      return sign != 0 ? -magnitude : magnitude
    }
    if exponent == 31 {
      return Float(bitPattern: sign | 0x7f80_0000 | (mantissa << 13))
    }
    return Float(bitPattern: sign | UInt32(exponent - 15 + 127) << 23 | (mantissa << 13))
  }

  @usableFromInline
  static func int256ToDouble(_ words: [UInt64]) -> Double {
    let negative = (words.last ?? 0) >> 63 == 1
    var magnitude = words
    if negative {  // two's complement negate
      var carry: UInt64 = 1
      for k in 0..<magnitude.count {
        let (sum, overflow) = (~magnitude[k]).addingReportingOverflow(carry)
        magnitude[k] = sum
        carry = overflow ? 1 : 0
      }
    }
    var result = 0.0
    for word in magnitude.reversed() {
      result = result * 18_446_744_073_709_551_616.0 + Double(word)
    }
    return negative ? -result : result
  }
}

/// 10^exponent as Double (exponent may be negative).
@usableFromInline
func pow10(_ exponent: Int) -> Double {
  var result = 1.0
  for _ in 0..<min(abs(exponent), 400) { result *= 10 }
  return exponent >= 0 ? result : 1 / result
}
