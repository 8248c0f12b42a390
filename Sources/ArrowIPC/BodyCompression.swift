import CLZ4
import CZstd

/// The body compression codecs of Message.fbs (`CompressionType`).
enum BodyCodec: Sendable, Equatable {
  case lz4Frame, zstd

  var name: String { self == .lz4Frame ? "LZ4_FRAME" : "ZSTD" }

  /// Decompresses `source` (without the 8-byte length prefix) into exactly `count` bytes.
  func decompress(_ source: UnsafeRawBufferPointer, count: Int, what: String) throws -> ByteStorage
  {
    let output = ByteStorage(count: count)
    guard count > 0 else { return output }
    switch self {
    case .zstd:
      let result = ZSTD_decompress(output.base, count, source.baseAddress, source.count)
      if ZSTD_isError(result) != 0 {
        let message = ZSTD_getErrorName(result).map { String(cString: $0) } ?? "unknown"
        throw ArrowIPCError.decompressionFailed("\(what): ZSTD: \(message)")
      }
      guard result == count else {
        throw ArrowIPCError.decompressionFailed(
          "\(what): ZSTD produced \(result) bytes, expected \(count)")
      }
    case .lz4Frame:
      var context: OpaquePointer?
      guard LZ4F_isError(LZ4F_createDecompressionContext(&context, UInt32(LZ4F_VERSION))) == 0,
        let context
      else {
        throw ArrowIPCError.decompressionFailed("\(what): LZ4 context")
      }
      defer { LZ4F_freeDecompressionContext(context) }
      var produced = 0
      var consumed = 0
      while true {
        var dstSize = count - produced
        var srcSize = source.count - consumed
        let hint = LZ4F_decompress(
          context, output.base + produced, &dstSize, source.baseAddress.map { $0 + consumed },
          &srcSize, nil)
        if LZ4F_isError(hint) != 0 {
          let message = LZ4F_getErrorName(hint).map { String(cString: $0) } ?? "unknown"
          throw ArrowIPCError.decompressionFailed("\(what): LZ4: \(message)")
        }
        produced += dstSize
        consumed += srcSize
        if hint == 0 { break }
        if srcSize == 0 && dstSize == 0 {
          // No progress: either input exhausted or output full with more to come.
          throw ArrowIPCError.decompressionFailed(
            "\(what): LZ4 frame incomplete or larger than the announced \(count) bytes")
        }
      }
      guard produced == count else {
        throw ArrowIPCError.decompressionFailed(
          "\(what): LZ4 produced \(produced) bytes, expected \(count)")
      }
    }
    return output
  }
}
