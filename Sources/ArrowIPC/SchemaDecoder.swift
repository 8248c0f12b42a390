/// Turns FlatBuffer `Schema` / `Field` tables (Arrow's Schema.fbs) into `ArrowSchema`.
///
/// Caps nesting at `ArrowDecodingLimits.maxNestingDepth` and the total number of fields at
/// `maxFieldCount`, so shared or deeply nested subtrees in hostile metadata cannot blow up.
struct SchemaDecoder {
  let limits: ArrowDecodingLimits
  private var fieldCount = 0

  init(limits: ArrowDecodingLimits) { self.limits = limits }

  mutating func schema(_ table: FlatBufferTable) throws -> ArrowSchema {
    // Schema: endianness 0, fields 1, custom_metadata 2, features 3.
    let endianness = try table.int16(0, what: "Schema.endianness")
    guard endianness == 0 else { throw ArrowIPCError.unsupported("big-endian schema") }
    var fields: [ArrowField] = []
    if let vector = try table.vector(1, elementSize: 4, what: "Schema.fields") {
      fields.reserveCapacity(min(vector.count, 4096))
      for i in 0..<vector.count {
        fields.append(try field(vector.table(i, what: "Schema.fields[\(i)]"), depth: 1))
      }
    }
    return ArrowSchema(fields: fields, metadata: try Self.metadata(table, id: 2, what: "Schema"))
  }

  static func metadata(_ table: FlatBufferTable, id: Int, what: String) throws -> [String: String] {
    guard let vector = try table.vector(id, elementSize: 4, what: "\(what).custom_metadata") else {
      return [:]
    }
    var result: [String: String] = [:]
    for i in 0..<vector.count {
      let kv = try vector.table(i, what: "\(what).custom_metadata[\(i)]")
      let key = try kv.string(0, what: "KeyValue.key") ?? ""
      result[key] = try kv.string(1, what: "KeyValue.value") ?? ""
    }
    return result
  }

  mutating func field(_ table: FlatBufferTable, depth: Int) throws -> ArrowField {
    guard depth <= limits.maxNestingDepth else {
      throw ArrowIPCError.nestingTooDeep(limit: limits.maxNestingDepth)
    }
    fieldCount += 1
    guard fieldCount <= limits.maxFieldCount else {
      throw ArrowIPCError.structureMismatch("more than \(limits.maxFieldCount) fields in schema")
    }
    // Field: name 0, nullable 1, type_type 2, type 3, dictionary 4, children 5, custom_metadata 6.
    let name = try table.string(0, what: "Field.name") ?? ""
    let nullable = try table.bool(1, what: "Field.nullable")
    let typeType = try table.uint8(2, what: "Field.type_type")
    let typeTable = try table.table(3, what: "Field(\(name)).type")
    var children: [ArrowField] = []
    if let vector = try table.vector(5, elementSize: 4, what: "Field(\(name)).children") {
      for i in 0..<vector.count {
        children.append(
          try field(vector.table(i, what: "Field(\(name)).children[\(i)]"), depth: depth + 1))
      }
    }
    let type = try Self.type(typeType, typeTable, children: children, name: name)
    var dictionary: DictionaryEncoding?
    if let dict = try table.table(4, what: "Field(\(name)).dictionary") {
      // DictionaryEncoding: id 0, indexType 1 (Int table), isOrdered 2, dictionaryKind 3.
      let id = try dict.int64(0, what: "DictionaryEncoding.id")
      var indexType = ArrowType.int(bitWidth: 32, signed: true)
      if let index = try dict.table(1, what: "DictionaryEncoding.indexType") {
        indexType = try Self.intType(index, name: name)
      }
      dictionary = DictionaryEncoding(
        id: id, indexType: indexType,
        isOrdered: try dict.bool(2, what: "DictionaryEncoding.isOrdered"))
    }
    return ArrowField(
      name: name, type: type, nullable: nullable,
      metadata: try Self.metadata(table, id: 6, what: "Field(\(name))"), dictionary: dictionary)
  }

  static func intType(_ table: FlatBufferTable, name: String) throws -> ArrowType {
    let width = Int(try table.int32(0, what: "Int.bitWidth"))
    guard [8, 16, 32, 64].contains(width) else {
      throw ArrowIPCError.invalidValue("field \(name): int bit width \(width)")
    }
    return .int(bitWidth: width, signed: try table.bool(1, what: "Int.is_signed"))
  }

  static func timeUnit(_ raw: Int16, name: String) throws -> TimeUnit {
    switch raw {
    case 0: return .second
    case 1: return .millisecond
    case 2: return .microsecond
    case 3: return .nanosecond
    default: throw ArrowIPCError.invalidValue("field \(name): time unit \(raw)")
    }
  }

  /// The `ArrowType` for a `Type` union member (Schema.fbs numbering).
  static func type(
    _ typeType: UInt8, _ table: FlatBufferTable?, children: [ArrowField], name: String
  )
    throws -> ArrowType
  {
    func need() throws -> FlatBufferTable {
      guard let table else {
        throw ArrowIPCError.badFlatBuffer("field \(name): type table missing for type \(typeType)")
      }
      return table
    }
    func oneChild(_ kind: String) throws -> ArrowField {
      guard children.count == 1 else {
        throw ArrowIPCError.structureMismatch(
          "field \(name): \(kind) needs 1 child, has \(children.count)")
      }
      return children[0]
    }
    switch typeType {
    case 1: return .null
    case 2: return try intType(need(), name: name)
    case 3:
      switch try need().int16(0, what: "FloatingPoint.precision") {
      case 0: return .float16
      case 1: return .float32
      case 2: return .float64
      case let p: throw ArrowIPCError.invalidValue("field \(name): float precision \(p)")
      }
    case 4: return .binary
    case 5: return .utf8
    case 6: return .bool
    case 7:
      let t = try need()
      let precision = Int(try t.int32(0, what: "Decimal.precision"))
      let scale = Int(try t.int32(1, what: "Decimal.scale"))
      let width = Int(try t.int32(2, default: 128, what: "Decimal.bitWidth"))
      guard [32, 64, 128, 256].contains(width) else {
        throw ArrowIPCError.invalidValue("field \(name): decimal bit width \(width)")
      }
      return .decimal(precision: precision, scale: scale, bitWidth: width)
    case 8:
      switch try need().int16(0, default: 1, what: "Date.unit") {
      case 0: return .date32
      case 1: return .date64
      case let u: throw ArrowIPCError.invalidValue("field \(name): date unit \(u)")
      }
    case 9:
      let t = try need()
      let unit = try timeUnit(t.int16(0, default: 1, what: "Time.unit"), name: name)
      let width = try t.int32(1, default: 32, what: "Time.bitWidth")
      switch (width, unit) {
      case (32, .second), (32, .millisecond): return .time32(unit)
      case (64, .microsecond), (64, .nanosecond): return .time64(unit)
      default: throw ArrowIPCError.invalidValue("field \(name): time\(width) with unit \(unit)")
      }
    case 10:
      let t = try need()
      let unit = try timeUnit(t.int16(0, what: "Timestamp.unit"), name: name)
      return .timestamp(unit, timeZone: try t.string(1, what: "Timestamp.timezone"))
    case 11:
      switch try need().int16(0, what: "Interval.unit") {
      case 0: return .interval(.yearMonth)
      case 1: return .interval(.dayTime)
      case 2: return .interval(.monthDayNano)
      case let u: throw ArrowIPCError.invalidValue("field \(name): interval unit \(u)")
      }
    case 12: return .list(try oneChild("list"))
    case 13: return .struct(children)
    case 14: throw ArrowIPCError.unsupportedType("union (field \(name))")
    case 15:
      let width = Int(try need().int32(0, what: "FixedSizeBinary.byteWidth"))
      guard width >= 0 else {
        throw ArrowIPCError.negativeLength("field \(name): byte width \(width)")
      }
      return .fixedSizeBinary(byteWidth: width)
    case 16:
      let size = Int(try need().int32(0, what: "FixedSizeList.listSize"))
      guard size >= 0 else {
        throw ArrowIPCError.negativeLength("field \(name): list size \(size)")
      }
      return .fixedSizeList(try oneChild("fixed_size_list"), listSize: size)
    case 17:
      let entries = try oneChild("map")
      guard case .struct(let kv) = entries.type, kv.count == 2 else {
        throw ArrowIPCError.structureMismatch(
          "field \(name): map entries must be struct<key, value>")
      }
      return .map(entries: entries, keysSorted: try table?.bool(0, what: "Map.keysSorted") ?? false)
    case 18:
      return .duration(try timeUnit(need().int16(0, default: 1, what: "Duration.unit"), name: name))
    case 19: return .largeBinary
    case 20: return .largeUtf8
    case 21: return .largeList(try oneChild("large_list"))
    case 22: throw ArrowIPCError.unsupportedType("run_end_encoded (field \(name))")
    case 23: throw ArrowIPCError.unsupportedType("binary_view (field \(name))")
    case 24: throw ArrowIPCError.unsupportedType("string_view (field \(name))")
    case 25, 26: throw ArrowIPCError.unsupportedType("list_view (field \(name))")
    default: throw ArrowIPCError.unsupportedType("type id \(typeType) (field \(name))")
    }
  }
}

/// Caps that keep hostile input from exhausting time or memory.
public struct ArrowDecodingLimits: Sendable, Equatable {
  /// Deepest nesting of list/struct/map types accepted (top-level field = depth 1).
  public var maxNestingDepth: Int
  /// Most fields (at all nesting levels) accepted in one schema.
  public var maxFieldCount: Int
  /// Largest single decompressed buffer accepted, in bytes.
  public var maxDecompressedBufferBytes: Int
  /// Most values a dictionary may reach by delta batches (merging copies them).
  public var maxDictionaryLength: Int

  public init(
    maxNestingDepth: Int = 64, maxFieldCount: Int = 100_000,
    maxDecompressedBufferBytes: Int = 1 << 31, maxDictionaryLength: Int = 1 << 24
  ) {
    self.maxNestingDepth = maxNestingDepth
    self.maxFieldCount = maxFieldCount
    self.maxDecompressedBufferBytes = maxDecompressedBufferBytes
    self.maxDictionaryLength = maxDictionaryLength
  }

  public static let `default` = ArrowDecodingLimits()
}
