/// Everything that can be wrong with Arrow IPC bytes (or with a write request).
///
/// Each case names what is wrong and where, so a log line is enough to find the culprit.
/// `what` strings name the field path (`"a.b"`) or the structure (`"Message.header"`).
public enum ArrowIPCError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The input ended early: `needed` bytes were required but only `available` remained.
  case truncated(needed: Int, available: Int)
  /// A magic string (ARROW1) or stream marker was not found where required.
  case badMagic(String)
  /// The FlatBuffer metadata is structurally invalid (an offset or vtable out of range).
  case badFlatBuffer(String)
  /// An offset inside the data (not the metadata) is out of range.
  case badOffset(String)
  /// A length or count that must be non-negative is negative.
  case negativeLength(String)
  /// A body buffer lies (partly) outside the message body.
  case bufferOutOfBounds(what: String, offset: Int64, length: Int64, bodyLength: Int64)
  /// A buffer is shorter than its array needs (`needed` and `available` in bytes).
  case bufferTooSmall(what: String, needed: Int, available: Int)
  /// A utf8/binary/list offsets buffer decreases at `row` (0-based), or leaves its data.
  case offsetsNotMonotonic(what: String, row: Int)
  /// A type the reader does not support (union, view types, run-end encoded, ...).
  case unsupportedType(String)
  /// A message kind, metadata version or compression codec that is not supported.
  case unsupported(String)
  /// Nested types deeper than the limit.
  case nestingTooDeep(limit: Int)
  /// More field nodes / buffers / fields than the metadata provides, or too many overall.
  case structureMismatch(String)
  /// A record batch or dictionary batch arrived before the schema.
  case missingSchema
  /// A dictionary-encoded column refers to a dictionary id that was never sent.
  case missingDictionary(id: Int64)
  /// A dictionary index is negative or not below the dictionary length.
  case dictionaryIndexOutOfRange(what: String, row: Int, index: Int64)
  /// A value is outside what its type allows (e.g. a fixed-size width <= 0, bad bit width).
  case invalidValue(String)
  /// LZ4 or ZSTD decompression failed or produced a different size than announced.
  case decompressionFailed(String)
  /// The writer was given a batch that does not match its schema, or was used after finish.
  case schemaMismatch(String)
  /// Writing to the destination failed.
  case io(String)

  public var description: String {
    switch self {
    case .truncated(let needed, let available):
      "Arrow IPC data truncated: needed \(needed) bytes, \(available) available"
    case .badMagic(let s): "Arrow IPC bad magic: \(s)"
    case .badFlatBuffer(let s): "Arrow IPC invalid metadata: \(s)"
    case .badOffset(let s): "Arrow IPC bad offset: \(s)"
    case .negativeLength(let s): "Arrow IPC negative length: \(s)"
    case .bufferOutOfBounds(let what, let offset, let length, let body):
      "Arrow IPC buffer \(what) [offset \(offset), length \(length)] outside body of \(body) bytes"
    case .bufferTooSmall(let what, let needed, let available):
      "Arrow IPC buffer \(what) too small: needs \(needed) bytes, has \(available)"
    case .offsetsNotMonotonic(let what, let row):
      "Arrow IPC offsets of \(what) not monotonic or out of range at row \(row)"
    case .unsupportedType(let s): "Arrow IPC unsupported type: \(s)"
    case .unsupported(let s): "Arrow IPC unsupported: \(s)"
    case .nestingTooDeep(let limit): "Arrow IPC nesting deeper than \(limit) levels"
    case .structureMismatch(let s): "Arrow IPC structure mismatch: \(s)"
    case .missingSchema: "Arrow IPC batch before schema"
    case .missingDictionary(let id): "Arrow IPC dictionary \(id) missing"
    case .dictionaryIndexOutOfRange(let what, let row, let index):
      "Arrow IPC dictionary index \(index) out of range in \(what) at row \(row)"
    case .invalidValue(let s): "Arrow IPC invalid value: \(s)"
    case .decompressionFailed(let s): "Arrow IPC decompression failed: \(s)"
    case .schemaMismatch(let s): "Arrow IPC schema mismatch: \(s)"
    case .io(let s): "Arrow IPC I/O error: \(s)"
    }
  }
}
