/// One framed IPC message: its FlatBuffer header and where its body is.
struct IPCMessage {
  /// MessageHeader union type: 1 Schema, 2 DictionaryBatch, 3 RecordBatch, 4/5 tensors.
  var headerType: UInt8
  var header: FlatBufferTable
  var body: UnsafeRawPointer
  var bodyLength: Int
}

/// Reads continuation-framed (or legacy-framed) messages from bytes in a `ByteStorage`.
enum MessageReader {
  /// Reads the message at `position`; returns nil at end of stream (EOS marker or no bytes
  /// left) and the position after the message.
  static func read(_ storage: ByteStorage, at position: Int, limit: Int) throws -> (
    IPCMessage, Int
  )? {
    let base = UnsafeRawPointer(storage.base)
    var p = position
    guard limit - p >= 4 else {
      if limit == p { return nil }
      throw ArrowIPCError.truncated(needed: 4, available: limit - p)
    }
    var metadataLength = Int32(littleEndian: base.loadUnaligned(fromByteOffset: p, as: Int32.self))
    p += 4
    if metadataLength == -1 {  // 0xFFFFFFFF continuation marker, then the real length
      guard limit - p >= 4 else {
        if limit == p { return nil }
        throw ArrowIPCError.truncated(needed: 4, available: limit - p)
      }
      metadataLength = Int32(littleEndian: base.loadUnaligned(fromByteOffset: p, as: Int32.self))
      p += 4
    }
    if metadataLength == 0 { return nil }
    guard metadataLength > 0 else {
      throw ArrowIPCError.negativeLength("message metadata length \(metadataLength)")
    }
    let length = Int(metadataLength)
    guard limit - p >= length else {
      throw ArrowIPCError.truncated(needed: length, available: limit - p)
    }
    let message = try FlatBufferTable.root(base + p, count: length, what: "Message")
    p += length
    // Message: version 0, header_type 1, header 2, bodyLength 3, custom_metadata 4.
    let version = try message.int16(0, what: "Message.version")
    guard version >= 3 else {  // V4 = 3, V5 = 4
      throw ArrowIPCError.unsupported("metadata version V\(version + 1) (need V4 or V5)")
    }
    let headerType = try message.uint8(1, what: "Message.header_type")
    guard let header = try message.table(2, what: "Message.header") else {
      throw ArrowIPCError.badFlatBuffer("Message.header missing")
    }
    let bodyLength = try message.int64(3, what: "Message.bodyLength")
    guard bodyLength >= 0 else {
      throw ArrowIPCError.negativeLength("Message.bodyLength \(bodyLength)")
    }
    guard Int64(limit - p) >= bodyLength else {
      throw ArrowIPCError.truncated(
        needed: Int(clamping: bodyLength), available: limit - p)
    }
    let body = base + p
    p += Int(bodyLength)
    return (
      IPCMessage(headerType: headerType, header: header, body: body, bodyLength: Int(bodyLength)), p
    )
  }
}
