import Foundation

/// Writes an Arrow IPC *stream* into memory (schema, record batches, EOS), uncompressed.
/// Dictionary-encoded columns are written decoded. Useful for tests, fuzz seeds and for
/// handing batches to other Arrow consumers.
public struct ArrowStreamWriter {
  /// The schema written (dictionary encodings removed).
  public let schema: ArrowSchema
  /// The stream so far (complete after `finish()`).
  public private(set) var data = Data()

  public init(schema: ArrowSchema) {
    self.schema = schema.withoutDictionaries
    append(headerType: 1, header: MetadataEncoder.schema(self.schema), body: [])
  }

  private mutating func append(headerType: UInt8, header: FlatBufferNode, body: [UInt8]) {
    data.append(contentsOf: Self.message(headerType: headerType, header: header, body: body))
  }

  /// One encapsulated message: continuation marker, metadata length, metadata padded to 8
  /// bytes, body.
  static func message(headerType: UInt8, header: FlatBufferNode, body: [UInt8]) -> [UInt8] {
    var metadata = MetadataEncoder.message(
      headerType: headerType, header: header, bodyLength: Int64(body.count))
    while metadata.count % 8 != 0 { metadata.append(0) }
    var message: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF]
    message.reserveCapacity(8 + metadata.count + body.count)
    withUnsafeBytes(of: Int32(metadata.count).littleEndian) { message.append(contentsOf: $0) }
    message.append(contentsOf: metadata)
    message.append(contentsOf: body)
    return message
  }

  /// The encapsulated RecordBatch message of `batch` (uncompressed, dictionaries decoded).
  static func recordBatchMessage(_ batch: RecordBatch) throws -> [UInt8] {
    var encoder = BodyEncoder()
    for column in batch.columns { try encoder.append(column) }
    return message(
      headerType: 3,
      header: MetadataEncoder.recordBatch(
        length: Int64(batch.rowCount), nodes: encoder.nodes, buffers: encoder.buffers),
      body: encoder.body)
  }

  public mutating func write(_ batch: RecordBatch) throws {
    try ArrowFileWriter.check(batch, against: schema)
    data.append(contentsOf: try Self.recordBatchMessage(batch))
  }

  /// Appends the end-of-stream marker.
  public mutating func finish() {
    data.append(contentsOf: [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0])
  }

  /// A complete stream holding `batches`.
  public static func streamData(schema: ArrowSchema, batches: [RecordBatch]) throws -> Data {
    var writer = ArrowStreamWriter(schema: schema)
    for batch in batches { try writer.write(batch) }
    writer.finish()
    return writer.data
  }
}
