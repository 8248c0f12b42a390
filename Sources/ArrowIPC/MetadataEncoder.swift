/// Builds the FlatBuffer metadata (Schema.fbs / Message.fbs / File.fbs) the writer emits.
enum MetadataEncoder {
  static let version: Int16 = 4  // MetadataVersion.V5

  static func keyValues(_ metadata: [String: String]) -> FlatBufferField? {
    guard !metadata.isEmpty else { return nil }
    return .offset(
      .vector(
        metadata.sorted { $0.key < $1.key }.map { key, value in
          .table([.offset(.string(key)), .offset(.string(value))])
        }))
  }

  static func schema(_ schema: ArrowSchema) -> FlatBufferNode {
    // Schema: endianness 0 (Little = default), fields 1, custom_metadata 2.
    .table([nil, .offset(.vector(schema.fields.map(field))), keyValues(schema.metadata)])
  }

  static func field(_ field: ArrowField) -> FlatBufferNode {
    let (typeID, typeTable) = type(field.type)
    var dictionary: FlatBufferField?
    if let encoding = field.dictionary {
      let (_, indexTable) = type(encoding.indexType)
      dictionary = .offset(
        .table([.int64(encoding.id), .offset(indexTable), .uint8(encoding.isOrdered ? 1 : 0)]))
    }
    // Field: name 0, nullable 1, type_type 2, type 3, dictionary 4, children 5, custom_metadata 6.
    return .table([
      .offset(.string(field.name)), .uint8(field.nullable ? 1 : 0), .uint8(typeID),
      .offset(typeTable),
      dictionary, .offset(.vector(field.type.childFields.map(Self.field))),
      keyValues(field.metadata),
    ])
  }

  static func unitCode(_ unit: TimeUnit) -> Int16 {
    switch unit {
    case .second: 0
    case .millisecond: 1
    case .microsecond: 2
    case .nanosecond: 3
    }
  }

  /// The `Type` union id and table for `type`.
  static func type(_ type: ArrowType) -> (UInt8, FlatBufferNode) {
    switch type {
    case .null: (1, .table([]))
    case .int(let width, let signed): (2, .table([.int32(Int32(width)), .uint8(signed ? 1 : 0)]))
    case .float16: (3, .table([.int16(0)]))
    case .float32: (3, .table([.int16(1)]))
    case .float64: (3, .table([.int16(2)]))
    case .binary: (4, .table([]))
    case .utf8: (5, .table([]))
    case .bool: (6, .table([]))
    case .decimal(let p, let s, let w):
      (7, .table([.int32(Int32(p)), .int32(Int32(s)), .int32(Int32(w))]))
    case .date32: (8, .table([.int16(0)]))
    case .date64: (8, .table([.int16(1)]))
    case .time32(let u): (9, .table([.int16(unitCode(u)), .int32(32)]))
    case .time64(let u): (9, .table([.int16(unitCode(u)), .int32(64)]))
    case .timestamp(let u, let tz):
      (10, .table([.int16(unitCode(u)), tz.map { .offset(.string($0)) }]))
    case .interval(.yearMonth): (11, .table([.int16(0)]))
    case .interval(.dayTime): (11, .table([.int16(1)]))
    case .interval(.monthDayNano): (11, .table([.int16(2)]))
    case .list: (12, .table([]))
    case .struct: (13, .table([]))
    case .fixedSizeBinary(let w): (15, .table([.int32(Int32(w))]))
    case .fixedSizeList(_, let n): (16, .table([.int32(Int32(n))]))
    case .map(_, let sorted): (17, .table([.uint8(sorted ? 1 : 0)]))
    case .duration(let u): (18, .table([.int16(unitCode(u))]))
    case .largeBinary: (19, .table([]))
    case .largeUtf8: (20, .table([]))
    case .largeList: (21, .table([]))
    }
  }

  /// A Message table wrapping `header` (MessageHeader: 1 Schema, 2 DictionaryBatch, 3 RecordBatch).
  static func message(headerType: UInt8, header: FlatBufferNode, bodyLength: Int64) -> [UInt8] {
    // Message: version 0, header_type 1, header 2, bodyLength 3.
    FlatBufferSerializer.serialize(
      .table([.int16(version), .uint8(headerType), .offset(header), .int64(bodyLength)]))
  }

  static func recordBatch(length: Int64, nodes: [(Int64, Int64)], buffers: [(Int64, Int64)])
    -> FlatBufferNode
  {
    func structs(_ pairs: [(Int64, Int64)]) -> FlatBufferNode {
      var bytes: [UInt8] = []
      bytes.reserveCapacity(pairs.count * 16)
      for (a, b) in pairs {
        withUnsafeBytes(of: a.littleEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: b.littleEndian) { bytes.append(contentsOf: $0) }
      }
      return .structVector(bytes: bytes, count: pairs.count, elementAlignment: 8)
    }
    // RecordBatch: length 0, nodes 1, buffers 2.
    return .table([.int64(length), .offset(structs(nodes)), .offset(structs(buffers))])
  }

  /// One File.fbs `Block`: where a message starts, its framed metadata size, its body size.
  struct Block {
    var offset: Int64
    var metadataLength: Int32
    var bodyLength: Int64
  }

  static func footer(schema: ArrowSchema, recordBatches: [Block]) -> [UInt8] {
    var bytes: [UInt8] = []
    for block in recordBatches {
      withUnsafeBytes(of: block.offset.littleEndian) { bytes.append(contentsOf: $0) }
      withUnsafeBytes(of: block.metadataLength.littleEndian) { bytes.append(contentsOf: $0) }
      bytes.append(contentsOf: [0, 0, 0, 0])
      withUnsafeBytes(of: block.bodyLength.littleEndian) { bytes.append(contentsOf: $0) }
    }
    // Footer: version 0, schema 1, dictionaries 2, recordBatches 3.
    return FlatBufferSerializer.serialize(
      .table([
        .int16(version), .offset(self.schema(schema)),
        .offset(.structVector(bytes: [], count: 0, elementAlignment: 8)),
        .offset(.structVector(bytes: bytes, count: recordBatches.count, elementAlignment: 8)),
      ]))
  }
}
