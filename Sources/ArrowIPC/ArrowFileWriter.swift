import Foundation

/// Writes the Arrow IPC *file* format: `ARROW1`, the schema and record batch messages, and a
/// footer listing the batches, so that `pyarrow.ipc.open_file` (or any Arrow reader) opens it.
///
/// Output is uncompressed. Sliced columns are re-based. Dictionary-encoded columns are written
/// decoded, as their value type (the file's schema has no dictionary encodings). Write either
/// to a `FileHandle` (streaming, constant memory besides one batch) or into memory
/// (`init(schema:)`, then `finish()` and `data`).
public final class ArrowFileWriter {
  /// The schema written to the file (dictionary encodings removed).
  public let schema: ArrowSchema
  private let handle: FileHandle?
  /// Bytes written so far in memory mode (the finished file after `finish()`).
  public private(set) var data = Data()
  private var position: Int64 = 0
  private var blocks: [MetadataEncoder.Block] = []
  private var state: State = .open

  private enum State {
    /// Batches may be written.
    case open
    /// `finish()` ran; nothing more may be written.
    case finished
  }

  /// Starts a file on `handle` (written from its current position on).
  public init(schema: ArrowSchema, to handle: FileHandle) throws {
    self.schema = schema.withoutDictionaries
    self.handle = handle
    try start()
  }

  /// Starts a file in memory; read `data` after `finish()`.
  public init(schema: ArrowSchema) throws {
    self.schema = schema.withoutDictionaries
    handle = nil
    try start()
  }

  private func start() throws {
    try emit(Array("ARROW1".utf8) + [0, 0])
    _ = try writeMessage(headerType: 1, header: MetadataEncoder.schema(schema), body: [])
  }

  private func emit(_ bytes: [UInt8]) throws {
    if let handle {
      do {
        try handle.write(contentsOf: bytes)
      } catch {
        throw ArrowIPCError.io("\(error)")
      }
    } else {
      data.append(contentsOf: bytes)
    }
    position += Int64(bytes.count)
  }

  /// Frames and writes one message; returns its block (offset, framed metadata size, body size).
  private func writeMessage(headerType: UInt8, header: FlatBufferNode, body: [UInt8]) throws
    -> MetadataEncoder.Block
  {
    let offset = position
    var metadata = MetadataEncoder.message(
      headerType: headerType, header: header, bodyLength: Int64(body.count))
    while (metadata.count + 8) % 8 != 0 { metadata.append(0) }
    var frame: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF]
    withUnsafeBytes(of: Int32(metadata.count).littleEndian) { frame.append(contentsOf: $0) }
    try emit(frame + metadata)
    try emit(body)
    return MetadataEncoder.Block(
      offset: offset, metadataLength: Int32(metadata.count + 8), bodyLength: Int64(body.count))
  }

  /// Writes one batch; its columns must have the writer's schema types (dictionary-encoded
  /// columns count as their value type). Slices are fine.
  public func write(_ batch: RecordBatch) throws {
    guard state == .open else { throw ArrowIPCError.schemaMismatch("write after finish") }
    try Self.check(batch, against: schema)
    var encoder = BodyEncoder()
    for column in batch.columns { try encoder.append(column) }
    let header = MetadataEncoder.recordBatch(
      length: Int64(batch.rowCount), nodes: encoder.nodes, buffers: encoder.buffers)
    blocks.append(try writeMessage(headerType: 3, header: header, body: encoder.body))
  }

  static func check(_ batch: RecordBatch, against schema: ArrowSchema) throws {
    guard batch.columns.count == schema.fields.count else {
      throw ArrowIPCError.schemaMismatch(
        "batch has \(batch.columns.count) columns, schema \(schema.fields.count)")
    }
    for (field, column) in zip(schema.fields, batch.columns) {
      guard column.field.withoutDictionaries.type == field.type else {
        throw ArrowIPCError.schemaMismatch(
          "column \(field.name) is \(column.type.name), schema says \(field.type.name)")
      }
      guard column.length == batch.rowCount else {
        throw ArrowIPCError.schemaMismatch(
          "column \(field.name) has \(column.length) rows, batch \(batch.rowCount)")
      }
    }
  }

  /// Writes the end-of-stream marker, the footer and the trailing magic.
  public func finish() throws {
    guard state == .open else { return }
    state = .finished
    try emit([0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0])
    let footer = MetadataEncoder.footer(schema: schema, recordBatches: blocks)
    var trailer: [UInt8] = []
    withUnsafeBytes(of: Int32(footer.count).littleEndian) { trailer.append(contentsOf: $0) }
    try emit(footer + trailer + Array("ARROW1".utf8))
  }

  /// A complete file holding `batches`, in memory.
  public static func fileData(schema: ArrowSchema, batches: [RecordBatch]) throws -> Data {
    let writer = try ArrowFileWriter(schema: schema)
    for batch in batches { try writer.write(batch) }
    try writer.finish()
    return writer.data
  }
}
