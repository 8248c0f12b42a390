import Foundation

/// Reads the Arrow IPC *file* format (`ARROW1` … footer … `ARROW1`), with random access to
/// its record batches through the footer's blocks.
public struct ArrowFileReader: Sendable {
  let storage: ByteStorage
  let limits: ArrowDecodingLimits
  public let schema: ArrowSchema
  /// Byte positions of the record batch messages (from the footer).
  let batchOffsets: [Int]
  var dictionaries: DictionaryTable

  public init(_ data: Data, limits: ArrowDecodingLimits = .default) throws {
    storage = ByteStorage(borrowing: data)
    self.limits = limits
    let count = storage.count
    let base = UnsafeRawPointer(storage.base)
    let magic = Array("ARROW1".utf8)
    guard count >= 18 else { throw ArrowIPCError.truncated(needed: 18, available: count) }
    guard Array(UnsafeRawBufferPointer(start: base, count: 6)) == magic,
      Array(UnsafeRawBufferPointer(start: base + count - 6, count: 6)) == magic
    else { throw ArrowIPCError.badMagic("ARROW1 not found at file start and end") }
    let footerLength = Int(
      Int32(littleEndian: base.loadUnaligned(fromByteOffset: count - 10, as: Int32.self)))
    guard footerLength > 0, footerLength <= count - 18 else {
      throw ArrowIPCError.badOffset("footer length \(footerLength) in a file of \(count) bytes")
    }
    let footerStart = count - 10 - footerLength
    let footer = try FlatBufferTable.root(base + footerStart, count: footerLength, what: "Footer")
    guard let schemaTable = try footer.table(1, what: "Footer.schema") else {
      throw ArrowIPCError.missingSchema
    }
    var schemaDecoder = SchemaDecoder(limits: limits)
    schema = try schemaDecoder.schema(schemaTable)
    dictionaries = DictionaryTable(schema: schema)
    func blocks(_ id: Int, _ what: String) throws -> [Int] {
      guard let vector = try footer.vector(id, elementSize: 24, what: what) else { return [] }
      return try (0..<vector.count).map { i in
        let offset = vector.load(i, offset: 0, as: Int64.self)
        guard offset >= 8, offset < Int64(footerStart) else {
          throw ArrowIPCError.badOffset("\(what)[\(i)] at \(offset)")
        }
        return Int(offset)
      }
    }
    batchOffsets = try blocks(3, "Footer.recordBatches")
    for offset in try blocks(2, "Footer.dictionaries") {
      guard let (message, _) = try MessageReader.read(storage, at: offset, limit: footerStart),
        message.headerType == 2
      else {
        throw ArrowIPCError.badOffset("dictionary block at \(offset) is not a DictionaryBatch")
      }
      try dictionaries.apply(message, storage: storage, limits: limits)
    }
    _ = footerStart
  }

  /// Number of record batches in the file.
  public var batchCount: Int { batchOffsets.count }

  /// Decodes record batch `index` (0-based).
  public func batch(at index: Int) throws -> RecordBatch {
    guard batchOffsets.indices.contains(index) else {
      throw ArrowIPCError.badOffset("batch \(index) of \(batchOffsets.count)")
    }
    guard
      let (message, _) = try MessageReader.read(
        storage, at: batchOffsets[index], limit: storage.count),
      message.headerType == 3
    else { throw ArrowIPCError.badOffset("block \(index) is not a RecordBatch") }
    return try ArrowStreamReader.decodeRecordBatch(
      message, schema: schema, storage: storage, dictionaries: dictionaries.columns, limits: limits)
  }

  /// All record batches, in order.
  public func allBatches() throws -> [RecordBatch] {
    try (0..<batchCount).map(batch(at:))
  }
}
