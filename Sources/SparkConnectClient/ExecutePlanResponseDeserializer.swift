import Foundation
import GRPCCore
import GRPCProtobuf
import SparkConnectProto

/// Reads `ExecutePlanResponse` messages without copying the Arrow bytes of a result batch.
///
/// gRPC hands over each message as one contiguous buffer (with the NIO transport, a slice of
/// the buffer the message was reassembled in). SwiftProtobuf would copy `ArrowBatch.data` out
/// of it into a fresh `Data`: one more pass over every byte of a result, and fresh pages to
/// fault in (a large share of a big fetch's CPU time under perf). Instead,
/// this finds the `data` field on the wire, parses everything else the usual way, and sets
/// `data` to a `Data` that points into the message buffer and keeps that buffer alive. Arrow
/// columns then point into the same buffer (`ByteStorage(borrowing:)`).
///
/// The buffer a message arrived in may be half as large again as the message, so this is
/// only done for `ResultBuffers.shared`, which callers choose when they do not keep batches.
/// Messages without a batch of at least `smallestBorrowed` bytes, and anything unusual on the
/// wire (a field repeated, a group), take SwiftProtobuf's ordinary path.
struct ExecutePlanResponseDeserializer: MessageDeserializer {
  typealias Message = Spark_Connect_ExecutePlanResponse

  /// False: every message takes SwiftProtobuf's ordinary path (`ResultBuffers.own`).
  let sharesBatchBytes: Bool

  /// Batches below this many bytes are copied as usual: borrowing saves nothing there.
  static let smallestBorrowed = 16 * 1024

  func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> Message {
    guard sharesBatchBytes, serializedMessageBytes.count >= Self.smallestBorrowed else {
      return try ProtobufDeserializer<Message>().deserialize(serializedMessageBytes)
    }
    let kept = KeptBytes(serializedMessageBytes)
    let split = kept.bytes.withUnsafeBytes { raw -> (rest: [UInt8], data: Data)? in
      guard let base = raw.baseAddress,
        let field = BatchDataField.find(in: raw), field.data.count >= Self.smallestBorrowed
      else { return nil }
      // The pointer outlives the closure: `kept` holds the message buffer unchanged (a
      // `ByteBuffer` or array that is only read) until the last `Data` pointing into it is
      // gone, which is what the deallocator below waits for.
      let data = Data(
        bytesNoCopy: UnsafeMutableRawPointer(mutating: base + field.data.lowerBound),
        count: field.data.count,
        deallocator: .custom { _, _ in withExtendedLifetime(kept) {} })
      return (field.messageWithoutData(raw), data)
    }
    do {
      guard let split else {
        return try ProtobufDeserializer<Message>().deserialize(serializedMessageBytes)
      }
      var message = try Message(serializedBytes: split.rest)
      // A later member of the oneof replaces the batch, as protobuf says; then `data` is moot.
      if case .arrowBatch(var batch) = message.responseType {
        batch.data = split.data
        message.responseType = .arrowBatch(batch)
      }
      return message
    } catch let error as RPCError {
      throw error
    } catch {
      throw RPCError(
        code: .invalidArgument, message: "Can't deserialize an ExecutePlanResponse.",
        cause: error)
    }
  }
}

/// Keeps a message's bytes alive while `Data` values point into them. The bytes are never
/// mutated after `init`, so sharing the box across tasks is safe.
private final class KeptBytes<Bytes: GRPCContiguousBytes>: @unchecked Sendable {
  let bytes: Bytes
  init(_ bytes: Bytes) { self.bytes = bytes }
}

/// Where `ExecutePlanResponse.arrow_batch.data` lies in a serialized message (byte offsets
/// into the message), found by walking the protobuf wire format.
struct BatchDataField: Equatable {
  /// Where the `arrow_batch` field starts (its tag).
  var batchField: Int
  /// The `arrow_batch` field's value (the serialized `ArrowBatch`), without tag and length.
  var batch: Range<Int>
  /// The `data` field inside it, tag and length included.
  var dataField: Range<Int>
  /// The bytes of `data` themselves.
  var data: Range<Int>

  /// Field numbers from base.proto: `ExecutePlanResponse.arrow_batch = 2`, and
  /// `ArrowBatch.data = 2`.
  static let arrowBatchField: UInt64 = 2
  static let dataField: UInt64 = 2

  /// The batch's `data` in `message`, or nil when there is none or the wire format holds
  /// anything this walk does not handle (then the caller parses the ordinary way, which also
  /// reports malformed input).
  static func find(in message: UnsafeRawBufferPointer) -> BatchDataField? {
    var reader = WireReader(message, range: 0..<message.count)
    var batch: (start: Int, value: Range<Int>)?
    while !reader.isAtEnd {
      let start = reader.offset
      guard let field = reader.nextField() else { return nil }
      if field.number == arrowBatchField {
        // A repeated message field merges on parsing; leave that to SwiftProtobuf.
        guard batch == nil, case .lengthDelimited(let value) = field.value else { return nil }
        batch = (start, value)
      }
    }
    guard let (batchField, batch) = batch else { return nil }
    var inner = WireReader(message, range: batch)
    var found: (field: Range<Int>, value: Range<Int>)?
    while !inner.isAtEnd {
      let start = inner.offset
      guard let field = inner.nextField() else { return nil }
      if field.number == dataField {
        guard found == nil, case .lengthDelimited(let value) = field.value else { return nil }
        found = (start..<inner.offset, value)
      }
    }
    guard let found else { return nil }
    return BatchDataField(
      batchField: batchField, batch: batch, dataField: found.field, data: found.value)
  }

  /// `message` with the `data` field taken out of the batch (and the batch's length prefix
  /// rewritten to match): everything SwiftProtobuf still has to parse, a few hundred bytes.
  func messageWithoutData(_ message: UnsafeRawBufferPointer) -> [UInt8] {
    var rest: [UInt8] = []
    rest.reserveCapacity(message.count - data.count + 20)
    rest.append(contentsOf: message[0..<batchField])
    WireReader.appendVarint(Self.arrowBatchField << 3 | 2, to: &rest)
    WireReader.appendVarint(UInt64(batch.count - dataField.count), to: &rest)
    rest.append(contentsOf: message[batch.lowerBound..<dataField.lowerBound])
    rest.append(contentsOf: message[dataField.upperBound..<batch.upperBound])
    rest.append(contentsOf: message[batch.upperBound..<message.count])
    return rest
  }
}

/// A forward walk over protobuf wire format fields within `range` of a buffer.
struct WireReader {
  enum Value {
    case varint
    case fixed
    case lengthDelimited(Range<Int>)
  }

  private let bytes: UnsafeRawBufferPointer
  private let end: Int
  private(set) var offset: Int

  init(_ bytes: UnsafeRawBufferPointer, range: Range<Int>) {
    self.bytes = bytes
    offset = range.lowerBound
    end = range.upperBound
  }

  var isAtEnd: Bool { offset >= end }

  /// The next field's number and value, or nil for a truncated field, a group or an unknown
  /// wire type.
  mutating func nextField() -> (number: UInt64, value: Value)? {
    guard let tag = readVarint() else { return nil }
    let number = tag >> 3
    guard number > 0 else { return nil }
    switch tag & 7 {
    case 0:
      guard readVarint() != nil else { return nil }
      return (number, .varint)
    case 1, 5:
      let width = tag & 7 == 1 ? 8 : 4
      guard end - offset >= width else { return nil }
      offset += width
      return (number, .fixed)
    case 2:
      guard let length = readVarint(), length <= UInt64(end - offset) else { return nil }
      let value = offset..<(offset + Int(length))
      offset = value.upperBound
      return (number, .lengthDelimited(value))
    default:
      return nil
    }
  }

  private mutating func readVarint() -> UInt64? {
    var value: UInt64 = 0
    var shift: UInt64 = 0
    while offset < end, shift < 64 {
      let byte = bytes[offset]
      offset += 1
      value |= UInt64(byte & 0x7f) << shift
      if byte & 0x80 == 0 { return value }
      shift += 7
    }
    return nil
  }

  static func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
    var value = value
    while value >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
      value >>= 7
    }
    bytes.append(UInt8(value))
  }
}
