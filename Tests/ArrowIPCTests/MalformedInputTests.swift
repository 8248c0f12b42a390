import Foundation
import Testing

@testable import ArrowIPC

/// Hand-made streams: framing a Schema message and then arbitrary messages.
enum Craft {
  static func frame(_ headerType: UInt8, _ header: FlatBufferNode, body: [UInt8] = []) -> [UInt8] {
    var metadata = MetadataEncoder.message(
      headerType: headerType, header: header, bodyLength: Int64(body.count))
    while metadata.count % 8 != 0 { metadata.append(0) }
    var out: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF]
    withUnsafeBytes(of: Int32(metadata.count).littleEndian) { out.append(contentsOf: $0) }
    return out + metadata + body
  }

  static func stream(_ schema: ArrowSchema, _ batches: [(FlatBufferNode, [UInt8])]) -> Data {
    var bytes = frame(1, MetadataEncoder.schema(schema))
    for (header, body) in batches { bytes += frame(3, header, body: body) }
    return Data(bytes + [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0])
  }

  static func batch(length: Int64, nodes: [(Int64, Int64)], buffers: [(Int64, Int64)])
    -> FlatBufferNode
  {
    MetadataEncoder.recordBatch(length: length, nodes: nodes, buffers: buffers)
  }

  static func le<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
    values.flatMap { v in withUnsafeBytes(of: v.littleEndian) { Array($0) } }
  }

  /// Decodes everything and touches every value; returns the error, if any.
  @discardableResult
  static func decode(_ data: Data) -> Error? {
    do {
      let (_, batches) = try ArrowStreamReader.readAll(data)
      for batch in batches {
        for column in batch.columns {
          for row in 0..<min(column.length, 512) { _ = column.value(at: row) }
        }
      }
      return nil
    } catch {
      return error
    }
  }
}

@Suite("Malformed input never crashes")
struct MalformedInputTests {
  let utf8Schema = ArrowSchema(fields: [ArrowField(name: "s", type: .utf8)])
  let intSchema = ArrowSchema(fields: [
    ArrowField(name: "i", type: .int(bitWidth: 32, signed: true))
  ])

  @Test func validCraftedStreamDecodes() throws {
    let body = Craft.le([Int32(0), 2, 5]) + Array("abcde".utf8) + [0, 0, 0]
    let data = Craft.stream(
      utf8Schema,
      [(Craft.batch(length: 2, nodes: [(2, 0)], buffers: [(0, 0), (0, 12), (12, 5)]), body)])
    let (_, batches) = try ArrowStreamReader.readAll(data)
    #expect(batches[0].columns[0].string(at: 1) == "cde")
  }

  @Test func utf8OffsetsNotMonotonic() {
    let body = Craft.le([Int32(0), 4, 2]) + Array("abcd".utf8) + [0, 0, 0, 0]
    let data = Craft.stream(
      utf8Schema,
      [(Craft.batch(length: 2, nodes: [(2, 0)], buffers: [(0, 0), (0, 12), (16, 4)]), body)])
    #expect(throws: ArrowIPCError.offsetsNotMonotonic(what: "s", row: 1)) {
      try ArrowStreamReader.readAll(data)
    }
  }

  @Test func utf8OffsetsPastData() {
    let body = Craft.le([Int32(0), 2, 50]) + Array("abcd".utf8) + [0, 0, 0, 0]
    let data = Craft.stream(
      utf8Schema,
      [(Craft.batch(length: 2, nodes: [(2, 0)], buffers: [(0, 0), (0, 12), (16, 4)]), body)])
    #expect(throws: ArrowIPCError.self) { try ArrowStreamReader.readAll(data) }
    guard case .offsetsNotMonotonic? = Craft.decode(data) as? ArrowIPCError else {
      Issue.record("expected offsetsNotMonotonic, got \(String(describing: Craft.decode(data)))")
      return
    }
  }

  @Test func negativeNodeLength() {
    let data = Craft.stream(
      intSchema,
      [
        (
          Craft.batch(length: 1, nodes: [(-1, 0)], buffers: [(0, 0), (0, 8)]),
          [UInt8](repeating: 0, count: 8)
        )
      ])
    #expect(throws: ArrowIPCError.negativeLength("i: length -1")) {
      try ArrowStreamReader.readAll(data)
    }
  }

  @Test func bufferOutsideBody() {
    let data = Craft.stream(
      intSchema,
      [
        (
          Craft.batch(length: 2, nodes: [(2, 0)], buffers: [(0, 0), (8, 8)]),
          [UInt8](repeating: 0, count: 8)
        )
      ])
    #expect(
      throws: ArrowIPCError.bufferOutOfBounds(what: "i.values", offset: 8, length: 8, bodyLength: 8)
    ) {
      try ArrowStreamReader.readAll(data)
    }
  }

  @Test func lyingLength() {
    let data = Craft.stream(
      intSchema,
      [
        (
          Craft.batch(length: 100, nodes: [(100, 0)], buffers: [(0, 0), (0, 8)]),
          [UInt8](repeating: 0, count: 8)
        )
      ])
    #expect(throws: ArrowIPCError.bufferTooSmall(what: "i.values", needed: 400, available: 8)) {
      try ArrowStreamReader.readAll(data)
    }
  }

  @Test func hugeLengthsDoNotOverflow() {
    let data = Craft.stream(
      intSchema,
      [
        (
          Craft.batch(length: Int64.max, nodes: [(Int64.max, 0)], buffers: [(0, 0), (0, 8)]),
          [UInt8](repeating: 0, count: 8)
        )
      ])
    #expect(throws: ArrowIPCError.self) { try ArrowStreamReader.readAll(data) }
    let nulls = Craft.stream(
      intSchema,
      [
        (
          Craft.batch(length: 2, nodes: [(2, 5)], buffers: [(0, 0), (0, 8)]),
          [UInt8](repeating: 0, count: 8)
        )
      ])
    #expect(throws: ArrowIPCError.invalidValue("i: null count 5 > length 2")) {
      try ArrowStreamReader.readAll(nulls)
    }
  }

  @Test func missingValidityWithNulls() {
    let data = Craft.stream(
      intSchema,
      [
        (
          Craft.batch(length: 2, nodes: [(2, 1)], buffers: [(0, 0), (0, 8)]),
          [UInt8](repeating: 0, count: 8)
        )
      ])
    #expect(throws: ArrowIPCError.bufferTooSmall(what: "i.validity", needed: 1, available: 0)) {
      try ArrowStreamReader.readAll(data)
    }
  }

  @Test func tooFewNodesAndBuffers() {
    let data = Craft.stream(intSchema, [(Craft.batch(length: 2, nodes: [], buffers: []), [])])
    #expect(throws: ArrowIPCError.self) { try ArrowStreamReader.readAll(data) }
    let noBuffers = Craft.stream(
      intSchema, [(Craft.batch(length: 0, nodes: [(0, 0)], buffers: []), [])])
    #expect(throws: ArrowIPCError.self) { try ArrowStreamReader.readAll(noBuffers) }
  }

  @Test func unknownTypeID() {
    let field: FlatBufferNode = .table([
      .offset(.string("u")), .uint8(1), .uint8(99), .offset(.table([])), nil, .offset(.vector([])),
      nil,
    ])
    let schema: FlatBufferNode = .table([nil, .offset(.vector([field])), nil])
    let data = Data(Craft.frame(1, schema))
    #expect(throws: ArrowIPCError.unsupportedType("type id 99 (field u)")) {
      try ArrowStreamReader(data)
    }
  }

  @Test func unionIsUnsupported() {
    let field: FlatBufferNode = .table([
      .offset(.string("u")), .uint8(1), .uint8(14), .offset(.table([])), nil, .offset(.vector([])),
      nil,
    ])
    let data = Data(Craft.frame(1, .table([nil, .offset(.vector([field])), nil])))
    #expect(throws: ArrowIPCError.unsupportedType("union (field u)")) {
      try ArrowStreamReader(data)
    }
  }

  @Test func absurdNesting() {
    var type = ArrowType.int(bitWidth: 8, signed: true)
    for _ in 0..<100 { type = .list(ArrowField(name: "item", type: type)) }
    let data = Data(
      Craft.frame(
        1, MetadataEncoder.schema(ArrowSchema(fields: [ArrowField(name: "deep", type: type)]))))
    #expect(throws: ArrowIPCError.nestingTooDeep(limit: 64)) { try ArrowStreamReader(data) }
    var ok = ArrowType.int(bitWidth: 8, signed: true)
    for _ in 0..<60 { ok = .list(ArrowField(name: "item", type: ok)) }
    let fine = Data(
      Craft.frame(
        1, MetadataEncoder.schema(ArrowSchema(fields: [ArrowField(name: "deep", type: ok)]))))
    #expect(throws: Never.self) { try ArrowStreamReader(fine) }
  }

  @Test func framingErrors() {
    #expect(throws: ArrowIPCError.negativeLength("message metadata length -5")) {
      try ArrowStreamReader(Data([0xFF, 0xFF, 0xFF, 0xFF, 0xFB, 0xFF, 0xFF, 0xFF]))
    }
    #expect(throws: ArrowIPCError.truncated(needed: 1000, available: 2)) {
      try ArrowStreamReader(Data([0xFF, 0xFF, 0xFF, 0xFF, 0xE8, 0x03, 0, 0, 1, 2]))
    }
    #expect(throws: ArrowIPCError.truncated(needed: 4, available: 2)) {
      try ArrowStreamReader(Data([0xFF, 0xFF, 0xFF, 0xFF, 1, 2]))
    }
    // A root offset pointing outside the metadata.
    #expect(throws: ArrowIPCError.self) {
      try ArrowStreamReader(Data([0xFF, 0xFF, 0xFF, 0xFF, 8, 0, 0, 0, 0xF0, 0, 0, 0, 0, 0, 0, 0]))
    }
    // A batch before any schema.
    let batchFirst = Data(Craft.frame(3, Craft.batch(length: 0, nodes: [], buffers: [])))
    #expect(throws: ArrowIPCError.missingSchema) { try ArrowStreamReader(batchFirst) }
  }

  @Test func dictionaryProblems() throws {
    let field = ArrowField(
      name: "d", type: .utf8,
      dictionary: DictionaryEncoding(id: 7, indexType: .int(bitWidth: 8, signed: true)))
    let schema = ArrowSchema(fields: [field])
    let batch = Craft.batch(length: 2, nodes: [(2, 0)], buffers: [(0, 0), (0, 2)])
    // No dictionary sent.
    let missing = Craft.stream(schema, [(batch, [0, 1, 0, 0, 0, 0, 0, 0])])
    #expect(throws: ArrowIPCError.missingDictionary(id: 7)) {
      try ArrowStreamReader.readAll(missing)
    }
    // Dictionary of 1 value, index 1 out of range.
    let dictBody = Craft.le([Int32(0), 1]) + [UInt8(ascii: "x"), 0, 0, 0, 0, 0, 0, 0]
    let dictHeader: FlatBufferNode = .table([
      .int64(7),
      .offset(Craft.batch(length: 1, nodes: [(1, 0)], buffers: [(0, 0), (0, 8), (8, 1)])),
    ])
    var bytes = Craft.frame(1, MetadataEncoder.schema(schema))
    bytes += Craft.frame(2, dictHeader, body: dictBody)
    bytes += Craft.frame(3, batch, body: [0, 1, 0, 0, 0, 0, 0, 0])
    #expect(throws: ArrowIPCError.dictionaryIndexOutOfRange(what: "d", row: 1, index: 1)) {
      try ArrowStreamReader.readAll(Data(bytes))
    }
  }

  @Test func badCompressedBuffers() throws {
    let compressed: FlatBufferNode = .table([
      .int64(2),
      .offset(.structVector(bytes: Craft.le([Int64(2), 0]), count: 1, elementAlignment: 8)),
      .offset(.structVector(bytes: Craft.le([Int64(0), 0, 0, 16]), count: 2, elementAlignment: 8)),
      .offset(.table([.uint8(1)])),  // ZSTD
    ])
    // Claims 8 bytes uncompressed but holds garbage.
    let garbage = Craft.le([Int64(8)]) + [1, 2, 3, 4, 5, 6, 7, 8]
    let data = Craft.stream(intSchema, [(compressed, garbage)])
    guard case .decompressionFailed? = Craft.decode(data) as? ArrowIPCError else {
      Issue.record("expected decompressionFailed, got \(String(describing: Craft.decode(data)))")
      return
    }
    // Negative uncompressed length.
    let negative = Craft.stream(
      intSchema, [(compressed, Craft.le([Int64(-7)]) + [UInt8](repeating: 0, count: 8))])
    #expect(throws: ArrowIPCError.negativeLength("i.values: uncompressed length -7")) {
      try ArrowStreamReader.readAll(negative)
    }
    // -1: stored uncompressed.
    let raw = Craft.stream(
      intSchema, [(compressed, Craft.le([Int64(-1), Int64(0x0000_0009_0000_0005)]))])
    let (_, batches) = try ArrowStreamReader.readAll(raw)
    #expect(batches[0].columns[0].int64(at: 1) == 9)
  }

  @Test func fileReaderRejectsGarbage() {
    #expect(throws: ArrowIPCError.badMagic("ARROW1 not found at file start and end")) {
      try ArrowFileReader(Data(repeating: 7, count: 64))
    }
    #expect(throws: ArrowIPCError.truncated(needed: 18, available: 6)) {
      try ArrowFileReader(Data("ARROW1".utf8))
    }
  }

  /// Every prefix of every fixture decodes or fails with an ArrowIPCError.
  @Test(arguments: Fixtures.names)
  func truncatedFixtures(_ name: String) throws {
    let data = try Fixtures.stream(name)
    var cut = 0
    while cut < data.count {
      if let error = Craft.decode(data.prefix(cut)) {
        #expect(error is ArrowIPCError, "\(name) cut at \(cut): \(error)")
      }
      cut += cut < 600 ? 1 : 13
    }
  }

  /// Deterministic byte mutations of every fixture never crash (a small in-test fuzzer).
  @Test(arguments: Fixtures.names)
  func mutatedFixtures(_ name: String) throws {
    let original = try Fixtures.stream(name)
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15 &+ UInt64(name.utf8.count)
    func next() -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(truncatingIfNeeded: state >> 33)
    }
    for _ in 0..<300 {
      var data = original
      for _ in 0..<(1 + next() % 4) {
        let at = next() % data.count
        switch next() % 4 {
        case 0: data[at] = UInt8(truncatingIfNeeded: next())
        case 1: data[at] ^= 0x80
        case 2: data[at] = 0xFF
        default: data[at] = 0
        }
      }
      if let error = Craft.decode(data) { #expect(error is ArrowIPCError, "\(error)") }
    }
  }
}
