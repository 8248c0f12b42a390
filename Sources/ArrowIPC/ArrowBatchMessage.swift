import Foundation

/// Record batches kept one by one as encapsulated IPC messages in a file that stays open (a
/// spill file): no schema message and no footer, the caller keeps each message's offset and
/// length. A batch is read back by mapping just its bytes, so it costs no heap memory and its
/// pages leave memory when the last column pointing into them is gone.
public enum ArrowBatchMessage {
  /// The RecordBatch message for `batch`: uncompressed, dictionary-encoded columns decoded
  /// (read it back with `schema.withoutDictionaries`).
  public static func encode(_ batch: RecordBatch) throws -> [UInt8] {
    try ArrowStreamWriter.recordBatchMessage(batch)
  }

  /// Decodes the RecordBatch message at `offset..<offset+length` of the open file
  /// `descriptor`, mapping those bytes read-only. The batch's columns keep the mapping alive.
  /// - Parameter schema: the schema the batch was written with, without dictionaries.
  public static func decodeMapped(
    descriptor: Int32, offset: Int, length: Int, schema: ArrowSchema,
    limits: ArrowDecodingLimits = .default
  ) throws -> RecordBatch {
    let storage = try ByteStorage(mapping: descriptor, offset: offset, count: length)
    guard let (message, _) = try MessageReader.read(storage, at: 0, limit: length),
      message.headerType == 3
    else { throw ArrowIPCError.structureMismatch("no record batch message at offset \(offset)") }
    return try ArrowStreamReader.decodeRecordBatch(
      message, schema: schema, storage: storage, dictionaries: [:], limits: limits)
  }
}
