/// Builds columns and batches from materialised `ArrowValue`s: for tests, fakes and small
/// synthetic results (e.g. a result set built without a server). Not a fast path.
///
/// Values must fit the field's type: `.int`/`.uint` for integers (and raw temporal ticks),
/// `.float`/`.double` for floating point, `.decimal` for decimals, `.string` for utf8 (and
/// binary), `.binary` for binary, the temporal and interval cases for their types, `.list`
/// for list types, `.struct` (fields by position) and `.map`. `.null` is null everywhere.
/// Dictionary encodings on fields are ignored (columns come out decoded).
public enum ArrowColumnBuilder {
  /// A column of `field`'s type holding `values`.
  public static func column(_ field: ArrowField, values: [ArrowValue]) throws -> ArrowColumn {
    let field = field.withoutDictionaries
    let count = values.count
    let layout = PhysicalLayout(field.type)
    var owners: [ByteStorage] = []
    let nullCount = values.reduce(0) { $0 + ($1 == .null ? 1 : 0) }
    var validity: UnsafeRawPointer?
    if nullCount > 0 {
      let bits = ByteStorage(count: (count + 7) / 8) { p in
        for (i, v) in values.enumerated() where v != .null { Self.setBit(p, i) }
      }
      owners.append(bits)
      validity = UnsafeRawPointer(bits.base)
    }
    func mismatch(_ value: ArrowValue) -> ArrowIPCError {
      .invalidValue("\(field.name): \(value) is not a \(field.type.name)")
    }
    func make(
      values: ByteStorage? = nil, offsets: ByteStorage? = nil, width: Int = 0,
      children: [ArrowColumn] = []
    )
      -> ArrowColumn
    {
      if let values { owners.append(values) }
      if let offsets { owners.append(offsets) }
      return ArrowColumn(
        storage: ColumnStorage(
          field: field, layout: layout, length: count,
          nullCount: layout == .null ? count : nullCount,
          validity: validity, values: values.map { UnsafeRawPointer($0.base) },
          valuesByteCount: values?.count ?? 0, offsets: offsets.map { UnsafeRawPointer($0.base) },
          width: width, children: children, owners: owners))
    }
    func offsetsStorage(_ ends: [Int], large: Bool) throws -> ByteStorage {
      guard large || (ends.last ?? 0) <= Int(Int32.max) else {
        throw ArrowIPCError.invalidValue("\(field.name): too much data for 32-bit offsets")
      }
      return ByteStorage(count: ends.count * (large ? 8 : 4)) { p in
        for (i, end) in ends.enumerated() {
          if large {
            p.storeBytes(of: Int64(end).littleEndian, toByteOffset: i * 8, as: Int64.self)
          } else {
            p.storeBytes(of: Int32(end).littleEndian, toByteOffset: i * 4, as: Int32.self)
          }
        }
      }
    }

    switch layout {
    case .null:
      if let bad = values.first(where: { $0 != .null }) { throw mismatch(bad) }
      return make()
    case .bool:
      var bits = [Bool](repeating: false, count: count)
      for (i, v) in values.enumerated() {
        switch v {
        case .null: break
        case .bool(let b): bits[i] = b
        default: throw mismatch(v)
        }
      }
      return make(
        values: ByteStorage(count: (count + 7) / 8) { p in
          for (i, b) in bits.enumerated() where b { Self.setBit(p, i) }
        })
    case .binary, .largeBinary, .fixedBinary:
      var data: [UInt8] = []
      var ends = [0]
      var width = 0
      if case .fixedSizeBinary(let w) = field.type { width = w }
      for v in values {
        switch v {
        case .null: if layout == .fixedBinary { data += [UInt8](repeating: 0, count: width) }
        case .string(let s): data += Array(s.utf8)
        case .binary(let b): data += b
        default: throw mismatch(v)
        }
        if layout == .fixedBinary, data.count != ends.count * width {
          throw ArrowIPCError.invalidValue(
            "\(field.name): value of the wrong size for \(field.type.name)")
        }
        ends.append(data.count)
      }
      let storage = data.withUnsafeBytes { ByteStorage(copying: $0) }
      if layout == .fixedBinary { return make(values: storage, width: width) }
      return make(values: storage, offsets: try offsetsStorage(ends, large: layout == .largeBinary))
    case .list, .largeList, .fixedList, .map:
      guard let childField = field.type.childFields.first else {
        throw ArrowIPCError.invalidValue(field.name)
      }
      var childValues: [ArrowValue] = []
      var ends = [0]
      var size = 0
      if case .fixedSizeList(_, let n) = field.type { size = n }
      for v in values {
        switch (v, layout) {
        case (.null, .fixedList): childValues += Array(repeating: .null, count: size)
        case (.null, _): break
        case (.list(let items), .list), (.list(let items), .largeList): childValues += items
        case (.list(let items), .fixedList):
          guard items.count == size else {
            throw ArrowIPCError.invalidValue(
              "\(field.name): \(items.count) values for a list of \(size)")
          }
          childValues += items
        case (.map(let entries), .map):
          let names = childField.type.childFields.map(\.name)
          guard names.count == 2 else { throw ArrowIPCError.invalidValue(field.name) }
          childValues += entries.map {
            .struct([
              ArrowNamedValue(name: names[0], value: $0.key),
              ArrowNamedValue(name: names[1], value: $0.value),
            ])
          }
        default: throw mismatch(v)
        }
        ends.append(childValues.count)
      }
      let child = try column(childField, values: childValues)
      if layout == .fixedList { return make(width: size, children: [child]) }
      return make(offsets: try offsetsStorage(ends, large: layout == .largeList), children: [child])
    case .struct:
      let childFields = field.type.childFields
      var columns: [[ArrowValue]] = Array(repeating: [], count: childFields.count)
      for v in values {
        switch v {
        case .null: for k in columns.indices { columns[k].append(.null) }
        case .struct(let fields) where fields.count == childFields.count:
          for (k, f) in fields.enumerated() { columns[k].append(f.value) }
        default: throw mismatch(v)
        }
      }
      return make(children: try zip(childFields, columns).map { try column($0, values: $1) })
    case .dictionary:
      throw ArrowIPCError.invalidValue(field.name)
    default:
      let width = layout.fixedWidth
      var bytes = [UInt8](repeating: 0, count: count * width)
      for (i, v) in values.enumerated() where v != .null {
        guard let raw = Self.fixedBytes(v, layout: layout, type: field.type), raw.count == width
        else {
          throw mismatch(v)
        }
        bytes.replaceSubrange((i * width)..<((i + 1) * width), with: raw)
      }
      return make(values: bytes.withUnsafeBytes { ByteStorage(copying: $0) }, width: width)
    }
  }

  /// A batch from one array of values per schema field (all of the same length).
  public static func batch(_ schema: ArrowSchema, columns: [[ArrowValue]]) throws -> RecordBatch {
    guard schema.fields.count == columns.count else {
      throw ArrowIPCError.schemaMismatch(
        "\(schema.fields.count) fields but \(columns.count) columns")
    }
    let built = try zip(schema.fields, columns).map { try column($0, values: $1) }
    return try RecordBatch(
      schema: schema.withoutDictionaries, columns: built, rowCount: columns.first?.count ?? 0)
  }

  static func setBit(_ p: UnsafeMutableRawPointer, _ i: Int) {
    p.storeBytes(
      of: p.load(fromByteOffset: i >> 3, as: UInt8.self) | (1 << (i & 7)), toByteOffset: i >> 3,
      as: UInt8.self)
  }

  static func le<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
    withUnsafeBytes(of: value.littleEndian) { Array($0) }
  }

  /// Little-endian bytes of a fixed-width value, or nil when `value` does not fit `layout`.
  static func fixedBytes(_ value: ArrowValue, layout: PhysicalLayout, type: ArrowType) -> [UInt8]? {
    let width = layout.fixedWidth
    switch (value, layout) {
    case (.float(let f), .float16): return le(floatToHalf(f))
    case (.double(let d), .float16): return le(floatToHalf(Float(d)))
    case (.float(let f), .float32): return le(f.bitPattern)
    case (.double(let d), .float32): return le(Float(d).bitPattern)
    case (.float(let f), .float64): return le(Double(f).bitPattern)
    case (.double(let d), .float64): return le(d.bitPattern)
    case (.decimal(let text, _), .decimal32), (.decimal(let text, _), .decimal64),
      (.decimal(let text, _), .decimal128), (.decimal(let text, _), .decimal256):
      return decimalBytes(text, width: width)
    case (.dayTime(let d, let ms), .dayTime): return le(d) + le(ms)
    case (.monthDayNano(let m, let d, let ns), .monthDayNano): return le(m) + le(d) + le(ns)
    default: break
    }
    let integer: Int64
    switch value {
    case .int(let v): integer = v
    case .uint(let v): integer = Int64(bitPattern: v)
    case .date32(let v): integer = Int64(v)
    case .date64(let v), .time(let v, _), .timestamp(let v, _, _), .duration(let v, _): integer = v
    case .yearMonth(let m): integer = Int64(m)
    default: return nil
    }
    switch layout {
    case .int8, .uint8: return [UInt8(truncatingIfNeeded: integer)]
    case .int16, .uint16: return le(Int16(truncatingIfNeeded: integer))
    case .int32, .uint32: return le(Int32(truncatingIfNeeded: integer))
    case .int64, .uint64: return le(integer)
    default: return nil
    }
  }

  /// Two's complement little-endian bytes of the base-10 integer `text`, `width` bytes wide.
  static func decimalBytes(_ text: String, width: Int) -> [UInt8]? {
    var digits = Substring(text)
    let negative = digits.first == "-"
    if negative || digits.first == "+" { digits = digits.dropFirst() }
    guard !digits.isEmpty else { return nil }
    var words = [UInt32](repeating: 0, count: width / 4)  // little-endian 32-bit words
    for character in digits {
      guard let digit = character.wholeNumberValue, character.isASCII else { return nil }
      var carry = UInt64(digit)
      for k in words.indices {
        let product = UInt64(words[k]) * 10 + carry
        words[k] = UInt32(truncatingIfNeeded: product)
        carry = product >> 32
      }
      guard carry == 0 else { return nil }  // does not fit
    }
    if negative {
      var carry: UInt64 = 1
      for k in words.indices {
        let sum = UInt64(~words[k]) + carry
        words[k] = UInt32(truncatingIfNeeded: sum)
        carry = sum >> 32
      }
    }
    return words.flatMap(le)
  }

  /// Float to IEEE 754 half precision bits, rounding to nearest even.
  static func floatToHalf(_ value: Float) -> UInt16 {
    let bits = value.bitPattern
    let sign = UInt16((bits >> 16) & 0x8000)
    let exponent = Int((bits >> 23) & 0xff)
    var mantissa = bits & 0x7f_ffff
    if exponent == 255 {
      return sign | 0x7c00 | (mantissa != 0 ? 0x200 | UInt16(mantissa >> 13) : 0)
    }
    let e = exponent - 127 + 15
    if e >= 31 { return sign | 0x7c00 }
    if e <= 0 {
      guard e >= -10 else { return sign }
      mantissa |= 0x80_0000
      let shift = UInt32(14 - e)
      var half = mantissa >> shift
      let remainder = mantissa & ((1 << shift) - 1)
      let halfway: UInt32 = 1 << (shift - 1)
      if remainder > halfway || (remainder == halfway && half & 1 == 1) { half += 1 }
      return sign | UInt16(half)
    }
    var half = UInt32(e) << 10 | (mantissa >> 13)
    let remainder = mantissa & 0x1fff
    if remainder > 0x1000 || (remainder == 0x1000 && half & 1 == 1) { half += 1 }
    return sign | UInt16(half)
  }
}
