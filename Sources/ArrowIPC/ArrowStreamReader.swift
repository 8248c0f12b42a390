import Foundation

/// Reads an Arrow IPC *stream*: a Schema message, then dictionary and record batches,
/// optionally ended by EOS (`FFFFFFFF 00000000`).
///
/// The batches' columns point into the input's own bytes, which the reader keeps alive (no
/// copy, no per-value copies; see `ByteStorage.init(borrowing:)`). Batches are decoded one at
/// a time by `nextBatch()`.
public struct ArrowStreamReader: Sendable {
  let storage: ByteStorage
  var position = 0
  let limits: ArrowDecodingLimits
  /// The stream's schema; nil for an empty stream (no messages at all).
  public private(set) var schema: ArrowSchema?
  var dictionaries = DictionaryTable(schema: ArrowSchema(fields: []))
  var finished = false

  /// Reads the stream's schema message (the first message).
  public init(_ data: Data, limits: ArrowDecodingLimits = .default) throws {
    storage = ByteStorage(borrowing: data)
    self.limits = limits
    guard let (message, next) = try MessageReader.read(storage, at: 0, limit: storage.count) else {
      finished = true
      return
    }
    guard message.headerType == 1 else {
      throw ArrowIPCError.missingSchema
    }
    position = next
    try adoptSchema(message.header)
  }

  mutating func adoptSchema(_ header: FlatBufferTable) throws {
    var decoder = SchemaDecoder(limits: limits)
    let schema = try decoder.schema(header)
    self.schema = schema
    dictionaries = DictionaryTable(schema: schema)
  }

  /// The next record batch, or nil at the end of the stream. Dictionary batches are applied
  /// on the way (replacement and delta).
  public mutating func nextBatch() throws -> RecordBatch? {
    while !finished {
      guard
        let (message, next) = try MessageReader.read(storage, at: position, limit: storage.count)
      else {
        finished = true
        return nil
      }
      position = next
      guard let schema else { throw ArrowIPCError.missingSchema }
      switch message.headerType {
      case 1:
        throw ArrowIPCError.unsupported("a second Schema message inside one stream")
      case 2:
        try dictionaries.apply(message, storage: storage, limits: limits)
      case 3:
        return try Self.decodeRecordBatch(
          message, schema: schema, storage: storage, dictionaries: dictionaries.columns,
          limits: limits)
      default:
        throw ArrowIPCError.unsupported(
          "message type \(message.headerType) (tensors are not supported)")
      }
    }
    return nil
  }

  static func decodeRecordBatch(
    _ message: IPCMessage, schema: ArrowSchema, storage: ByteStorage,
    dictionaries: [Int64: ArrowColumn], limits: ArrowDecodingLimits
  ) throws -> RecordBatch {
    let length = try BatchDecoder.length(message.header)
    var decoder = try BatchDecoder(
      recordBatch: message.header, body: message.body, bodyLength: message.bodyLength,
      owner: storage, dictionaries: dictionaries, limits: limits)
    var columns: [ArrowColumn] = []
    columns.reserveCapacity(schema.fields.count)
    for field in schema.fields {
      let column = try decoder.column(field, path: field.name)
      guard column.length == length else {
        throw ArrowIPCError.structureMismatch(
          "column \(field.name) has \(column.length) rows in a batch of \(length)")
      }
      columns.append(column)
    }
    try decoder.finish()
    return RecordBatch(uncheckedSchema: schema, columns: columns, rowCount: length)
  }

  /// Decodes a whole stream: its schema and all record batches.
  public static func readAll(_ data: Data, limits: ArrowDecodingLimits = .default) throws
    -> (schema: ArrowSchema, batches: [RecordBatch])
  {
    var reader = try ArrowStreamReader(data, limits: limits)
    guard let schema = reader.schema else { throw ArrowIPCError.missingSchema }
    var batches: [RecordBatch] = []
    while let batch = try reader.nextBatch() { batches.append(batch) }
    return (schema, batches)
  }
}
