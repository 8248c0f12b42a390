/// Decodes one `RecordBatch` FlatBuffer table plus its body into validated columns.
///
/// Walks the schema depth-first, taking one field node per array and the buffers its layout
/// needs (Arrow columnar format), and validates every buffer against the body and every
/// offset, so that `ArrowColumn` accessors can read without re-checking.
struct BatchDecoder {
  let nodes: FlatBufferVector
  let buffers: FlatBufferVector
  let body: UnsafeRawPointer
  let bodyLength: Int
  let owner: ByteStorage
  let codec: BodyCodec?
  let dictionaries: [Int64: ArrowColumn]
  let limits: ArrowDecodingLimits
  private var nodeIndex = 0
  private var bufferIndex = 0

  /// A validated buffer: where it starts, how many bytes it has, who keeps it alive.
  struct Buffer {
    var pointer: UnsafeRawPointer
    var count: Int
    var owner: ByteStorage
  }

  init(
    recordBatch table: FlatBufferTable, body: UnsafeRawPointer, bodyLength: Int, owner: ByteStorage,
    dictionaries: [Int64: ArrowColumn], limits: ArrowDecodingLimits
  ) throws {
    // RecordBatch: length 0, nodes 1, buffers 2, compression 3, variadicBufferCounts 4.
    nodes =
      try table.vector(1, elementSize: 16, what: "RecordBatch.nodes")
      ?? FlatBufferVector(base: body, bufferCount: 0, start: 0, count: 0, elementSize: 16)
    buffers =
      try table.vector(2, elementSize: 16, what: "RecordBatch.buffers")
      ?? FlatBufferVector(base: body, bufferCount: 0, start: 0, count: 0, elementSize: 16)
    if let compression = try table.table(3, what: "RecordBatch.compression") {
      switch try compression.uint8(0, what: "BodyCompression.codec") {
      case 0: codec = .lz4Frame
      case 1: codec = .zstd
      case let c: throw ArrowIPCError.unsupported("compression codec \(c)")
      }
      let method = try compression.uint8(1, what: "BodyCompression.method")
      guard method == 0 else { throw ArrowIPCError.unsupported("compression method \(method)") }
    } else {
      codec = nil
    }
    self.body = body
    self.bodyLength = bodyLength
    self.owner = owner
    self.dictionaries = dictionaries
    self.limits = limits
  }

  /// The batch's row count (`RecordBatch.length`), checked to be non-negative.
  static func length(_ table: FlatBufferTable) throws -> Int {
    let length = try table.int64(0, what: "RecordBatch.length")
    guard length >= 0 else { throw ArrowIPCError.negativeLength("RecordBatch.length \(length)") }
    guard length <= Int64(Int32.max) * 64 else {
      throw ArrowIPCError.invalidValue("RecordBatch.length \(length) too large")
    }
    return Int(length)
  }

  mutating func nextNode(_ what: String) throws -> (length: Int, nullCount: Int) {
    guard nodeIndex < nodes.count else {
      throw ArrowIPCError.structureMismatch("no field node left for \(what) (\(nodes.count) nodes)")
    }
    let length = nodes.load(nodeIndex, offset: 0, as: Int64.self)
    let nullCount = nodes.load(nodeIndex, offset: 8, as: Int64.self)
    nodeIndex += 1
    guard length >= 0 else { throw ArrowIPCError.negativeLength("\(what): length \(length)") }
    guard nullCount >= 0 else {
      throw ArrowIPCError.negativeLength("\(what): null count \(nullCount)")
    }
    guard length <= Int64(Int32.max) * 64 else {
      throw ArrowIPCError.invalidValue("\(what): length \(length) too large")
    }
    guard nullCount <= length else {
      throw ArrowIPCError.invalidValue("\(what): null count \(nullCount) > length \(length)")
    }
    return (Int(length), Int(nullCount))
  }

  mutating func nextBuffer(_ what: String) throws -> Buffer {
    guard bufferIndex < buffers.count else {
      throw ArrowIPCError.structureMismatch("no buffer left for \(what) (\(buffers.count) buffers)")
    }
    let offset = buffers.load(bufferIndex, offset: 0, as: Int64.self)
    let length = buffers.load(bufferIndex, offset: 8, as: Int64.self)
    bufferIndex += 1
    guard offset >= 0, length >= 0, offset <= Int64(bodyLength),
      length <= Int64(bodyLength) - offset
    else {
      throw ArrowIPCError.bufferOutOfBounds(
        what: what, offset: offset, length: length, bodyLength: Int64(bodyLength))
    }
    let start = body + Int(offset)
    let count = Int(length)
    guard let codec, count > 0 else { return Buffer(pointer: start, count: count, owner: owner) }
    guard count >= 8 else {
      throw ArrowIPCError.bufferTooSmall(what: "\(what) (compressed)", needed: 8, available: count)
    }
    let uncompressed = Int64(littleEndian: start.loadUnaligned(as: Int64.self))
    if uncompressed == -1 { return Buffer(pointer: start + 8, count: count - 8, owner: owner) }
    guard uncompressed >= 0 else {
      throw ArrowIPCError.negativeLength("\(what): uncompressed length \(uncompressed)")
    }
    guard uncompressed <= Int64(limits.maxDecompressedBufferBytes) else {
      throw ArrowIPCError.invalidValue(
        "\(what): uncompressed length \(uncompressed) above limit \(limits.maxDecompressedBufferBytes)"
      )
    }
    let storage = try codec.decompress(
      UnsafeRawBufferPointer(start: start + 8, count: count - 8), count: Int(uncompressed),
      what: "\(what) (\(codec.name))")
    return Buffer(pointer: UnsafeRawPointer(storage.base), count: storage.count, owner: storage)
  }

  /// Checks that all nodes and buffers were used (extra ones mean the schema disagrees).
  func finish() throws {
    guard nodeIndex == nodes.count else {
      throw ArrowIPCError.structureMismatch("\(nodes.count) field nodes for \(nodeIndex) arrays")
    }
  }

  /// Validity bitmap for `length` rows, or nil when there are no nulls.
  mutating func validity(length: Int, nullCount: Int, what: String) throws -> Buffer? {
    let buffer = try nextBuffer("\(what).validity")
    guard nullCount > 0 else { return nil }
    let needed = (length + 7) / 8
    guard buffer.count >= needed else {
      throw ArrowIPCError.bufferTooSmall(
        what: "\(what).validity", needed: needed, available: buffer.count)
    }
    return buffer
  }

  /// Decodes the array for `field` (and its children), consuming nodes and buffers.
  mutating func column(_ field: ArrowField, path: String) throws -> ArrowColumn {
    let (length, nullCount) = try nextNode(path)
    var owners: [ByteStorage] = []
    func keep(_ b: Buffer) {
      if !owners.contains(where: { $0 === b.owner }) { owners.append(b.owner) }
    }

    if let encoding = field.dictionary {
      guard let dictionary = dictionaries[encoding.id] else {
        throw ArrowIPCError.missingDictionary(id: encoding.id)
      }
      let indexLayout = PhysicalLayout(encoding.indexType)
      let validity = try self.validity(length: length, nullCount: nullCount, what: path)
      let indices = try fixedValues(
        length: length, width: indexLayout.fixedWidth, what: "\(path).indices")
      validity.map(keep)
      keep(indices)
      let storage = ColumnStorage(
        field: field, layout: .dictionary, indexLayout: indexLayout, length: length,
        nullCount: nullCount, validity: validity?.pointer, values: indices.pointer,
        valuesByteCount: indices.count, dictionary: [dictionary], owners: owners)
      // Every non-null index must address the dictionary.
      for row in 0..<length {
        if let v = validity?.pointer,
          v.load(fromByteOffset: row >> 3, as: UInt8.self) & (1 << (row & 7)) == 0
        {
          continue
        }
        let index = ArrowColumn.loadInteger(indices.pointer, layout: indexLayout, at: row)
        guard index >= 0, index < Int64(dictionary.length) else {
          throw ArrowIPCError.dictionaryIndexOutOfRange(what: path, row: row, index: index)
        }
      }
      return ArrowColumn(storage: storage)
    }

    let layout = PhysicalLayout(field.type)
    switch layout {
    case .null:
      let storage = ColumnStorage(
        field: field, layout: .null, length: length, nullCount: length, validity: nil, owners: [])
      return ArrowColumn(storage: storage)

    case .bool:
      let validity = try self.validity(length: length, nullCount: nullCount, what: path)
      let values = try nextBuffer("\(path).values")
      let needed = (length + 7) / 8
      guard values.count >= needed else {
        throw ArrowIPCError.bufferTooSmall(
          what: "\(path).values", needed: needed, available: values.count)
      }
      validity.map(keep)
      keep(values)
      return ArrowColumn(
        storage: ColumnStorage(
          field: field, layout: .bool, length: length, nullCount: nullCount,
          validity: validity?.pointer, values: values.pointer, valuesByteCount: values.count,
          owners: owners))

    case .binary, .largeBinary:
      let validity = try self.validity(length: length, nullCount: nullCount, what: path)
      let large = layout == .largeBinary
      let offsets = try offsetsBuffer(length: length, large: large, what: path)
      let data = try nextBuffer("\(path).data")
      try Self.checkOffsets(offsets, length: length, large: large, limit: data.count, what: path)
      validity.map(keep)
      keep(offsets)
      keep(data)
      return ArrowColumn(
        storage: ColumnStorage(
          field: field, layout: layout, length: length, nullCount: nullCount,
          validity: validity?.pointer, values: data.pointer, valuesByteCount: data.count,
          offsets: offsets.pointer, owners: owners))

    case .fixedBinary:
      guard case .fixedSizeBinary(let width) = field.type else {
        throw ArrowIPCError.invalidValue(path)
      }
      let validity = try self.validity(length: length, nullCount: nullCount, what: path)
      let values = try fixedValues(length: length, width: width, what: "\(path).values")
      validity.map(keep)
      keep(values)
      return ArrowColumn(
        storage: ColumnStorage(
          field: field, layout: .fixedBinary, length: length, nullCount: nullCount,
          validity: validity?.pointer, values: values.pointer, valuesByteCount: values.count,
          width: width, owners: owners))

    case .list, .largeList, .map:
      let validity = try self.validity(length: length, nullCount: nullCount, what: path)
      let large = layout == .largeList
      let offsets = try offsetsBuffer(length: length, large: large, what: path)
      guard let childField = field.type.childFields.first else {
        throw ArrowIPCError.invalidValue(path)
      }
      let child = try column(childField, path: path + "." + childField.name)
      try Self.checkOffsets(offsets, length: length, large: large, limit: child.length, what: path)
      validity.map(keep)
      keep(offsets)
      return ArrowColumn(
        storage: ColumnStorage(
          field: field, layout: layout, length: length, nullCount: nullCount,
          validity: validity?.pointer, offsets: offsets.pointer, children: [child], owners: owners))

    case .fixedList:
      guard case .fixedSizeList(let childField, let size) = field.type else {
        throw ArrowIPCError.invalidValue(path)
      }
      let validity = try self.validity(length: length, nullCount: nullCount, what: path)
      let child = try column(childField, path: path + "." + childField.name)
      let (needed, overflow) = length.multipliedReportingOverflow(by: size)
      guard !overflow, child.length >= needed else {
        throw ArrowIPCError.structureMismatch(
          "\(path): fixed-size list of \(length) × \(size) has \(child.length) child values")
      }
      validity.map(keep)
      return ArrowColumn(
        storage: ColumnStorage(
          field: field, layout: .fixedList, length: length, nullCount: nullCount,
          validity: validity?.pointer, width: size, children: [child], owners: owners))

    case .struct:
      let validity = try self.validity(length: length, nullCount: nullCount, what: path)
      var children: [ArrowColumn] = []
      for childField in field.type.childFields {
        let child = try column(childField, path: path + "." + childField.name)
        guard child.length >= length else {
          throw ArrowIPCError.structureMismatch(
            "\(path).\(childField.name): \(child.length) values for a struct of \(length)")
        }
        children.append(child)
      }
      validity.map(keep)
      return ArrowColumn(
        storage: ColumnStorage(
          field: field, layout: .struct, length: length, nullCount: nullCount,
          validity: validity?.pointer, children: children, owners: owners))

    case .dictionary:
      throw ArrowIPCError.invalidValue(path)

    default:  // fixed-width numbers, temporals, intervals, decimals
      let validity = try self.validity(length: length, nullCount: nullCount, what: path)
      let values = try fixedValues(length: length, width: layout.fixedWidth, what: "\(path).values")
      validity.map(keep)
      keep(values)
      return ArrowColumn(
        storage: ColumnStorage(
          field: field, layout: layout, length: length, nullCount: nullCount,
          validity: validity?.pointer, values: values.pointer, valuesByteCount: values.count,
          width: layout.fixedWidth, owners: owners))
    }
  }

  /// The next buffer, checked to hold `length` values of `width` bytes.
  mutating func fixedValues(length: Int, width: Int, what: String) throws -> Buffer {
    let buffer = try nextBuffer(what)
    let (needed, overflow) = length.multipliedReportingOverflow(by: width)
    guard !overflow, buffer.count >= needed else {
      throw ArrowIPCError.bufferTooSmall(
        what: what, needed: overflow ? Int.max : needed, available: buffer.count)
    }
    return buffer
  }

  /// The next buffer as `length + 1` offsets (an empty buffer is allowed for 0 rows).
  mutating func offsetsBuffer(length: Int, large: Bool, what: String) throws -> Buffer {
    let buffer = try nextBuffer("\(what).offsets")
    let needed = (length + 1) * (large ? 8 : 4)
    if length == 0 && buffer.count < needed {
      return Buffer(pointer: UnsafeRawPointer(emptyStorage.base), count: 8, owner: emptyStorage)
    }
    guard buffer.count >= needed else {
      throw ArrowIPCError.bufferTooSmall(
        what: "\(what).offsets", needed: needed, available: buffer.count)
    }
    return buffer
  }

  /// Checks offsets start >= 0, never decrease, and end within `limit` (data bytes or child rows).
  static func checkOffsets(_ offsets: Buffer, length: Int, large: Bool, limit: Int, what: String)
    throws
  {
    let p = offsets.pointer
    if large {
      var previous: Int64 = 0
      for i in 0...length {
        let value = Int64(littleEndian: p.loadUnaligned(fromByteOffset: i * 8, as: Int64.self))
        guard value >= previous || (i == 0 && value >= 0) else {
          throw ArrowIPCError.offsetsNotMonotonic(what: what, row: max(i - 1, 0))
        }
        previous = value
      }
      guard previous <= Int64(limit) else {
        throw ArrowIPCError.offsetsNotMonotonic(
          what: "\(what) (end \(previous) > \(limit))", row: length)
      }
    } else {
      var previous: Int32 = 0
      for i in 0...length {
        let value = Int32(littleEndian: p.loadUnaligned(fromByteOffset: i * 4, as: Int32.self))
        guard value >= previous || (i == 0 && value >= 0) else {
          throw ArrowIPCError.offsetsNotMonotonic(what: what, row: max(i - 1, 0))
        }
        previous = value
      }
      guard Int(previous) <= limit else {
        throw ArrowIPCError.offsetsNotMonotonic(
          what: "\(what) (end \(previous) > \(limit))", row: length)
      }
    }
  }
}
