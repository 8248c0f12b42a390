import Foundation
import GRPCCore
import SparkConnectProto
import Testing

@testable import SparkConnectClient

/// Reading ExecutePlanResponses with the Arrow bytes left where they arrived.
@Suite struct ExecutePlanResponseDeserializerTests {
  typealias Response = Spark_Connect_ExecutePlanResponse

  static let sharing = ExecutePlanResponseDeserializer(sharesBatchBytes: true)

  /// A response as Spark sends one, with a batch of `size` bytes (a recognizable pattern).
  static func response(batchBytes size: Int, chunked: Bool = false) -> Response {
    var response = Response()
    response.sessionID = "9c3f0e3a-session"
    response.serverSideSessionID = "server-side-7"
    response.operationID = "op-1"
    response.responseID = "response-42"
    var batch = Response.ArrowBatch()
    batch.rowCount = 10_000
    batch.data = Data((0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
    batch.startOffset = 123_456
    if chunked {
      batch.chunkIndex = 1
      batch.numChunksInBatch = 3
    }
    response.arrowBatch = batch
    return response
  }

  static func bytes(_ response: Response) throws -> [UInt8] {
    try response.serializedBytes()
  }

  @Test(arguments: [0, 100, 16 * 1024 - 1, 16 * 1024, 355_000, 1 << 21])
  func readsWhatSwiftProtobufReads(batchBytes: Int) throws {
    for chunked in [false, true] {
      let wire = try Self.bytes(Self.response(batchBytes: batchBytes, chunked: chunked))
      let ours = try Self.sharing.deserialize(wire)
      #expect(ours == (try Response(serializedBytes: wire)))
      #expect(ours.arrowBatch.data.count == batchBytes)
    }
  }

  /// The batch's bytes are the message's own bytes, not a copy: `data` points into the buffer
  /// the message arrived in, and that buffer outlives the call (and the caller's copy of it).
  @Test func largeBatchPointsIntoTheMessage() throws {
    final class Box: @unchecked Sendable { var bytes: [UInt8]? }
    let box = Box()
    box.bytes = try Self.bytes(Self.response(batchBytes: 100_000))
    let message = try Self.sharing.deserialize(box.bytes!)
    let range = box.bytes!.withUnsafeBytes { raw in
      UInt(bitPattern: raw.baseAddress)..<UInt(bitPattern: raw.baseAddress! + raw.count)
    }
    let start = message.arrowBatch.data.withUnsafeBytes { UInt(bitPattern: $0.baseAddress) }
    #expect(range.contains(start))
    let expected = Self.response(batchBytes: 100_000).arrowBatch.data
    box.bytes = nil
    #expect(message.arrowBatch.data == expected)
  }

  @Test func smallBatchesAndOwnBuffersAreCopied() throws {
    let wire = try Self.bytes(Self.response(batchBytes: 100_000))
    let copying = ExecutePlanResponseDeserializer(sharesBatchBytes: false)
    for (deserializer, size) in [(copying, 100_000), (Self.sharing, 1_000)] {
      let input = size == 100_000 ? wire : try Self.bytes(Self.response(batchBytes: size))
      let message = try deserializer.deserialize(input)
      let start = message.arrowBatch.data.withUnsafeBytes { UInt(bitPattern: $0.baseAddress) }
      let inside = input.withUnsafeBytes { raw in
        (UInt(bitPattern: raw.baseAddress)..<UInt(bitPattern: raw.baseAddress! + raw.count))
          .contains(start)
      }
      #expect(!inside)
      #expect(message == (try Response(serializedBytes: input)))
    }
  }

  /// Field order, unknown fields and a repeated batch (which protobuf merges) all come out as
  /// SwiftProtobuf reads them.
  @Test func unusualLayoutsReadAsSwiftProtobufReadsThem() throws {
    let first = Self.response(batchBytes: 40_000)
    var second = Response()
    var batch = Response.ArrowBatch()
    batch.data = Data(repeating: 9, count: 50_000)
    second.arrowBatch = batch
    let merged = try Self.bytes(first) + Self.bytes(second)
    // Unknown fields (numbers 200 and 201) before and after, and data before row_count.
    var reordered: [UInt8] = [0xC0, 0x0C, 0x05]  // field 200, varint 5
    var inner: [UInt8] = [0x12]
    WireReader.appendVarint(30_000, to: &inner)
    inner += [UInt8](repeating: 4, count: 30_000)
    inner += [0x08, 0x07]  // row_count = 7
    reordered += [0x12]
    WireReader.appendVarint(UInt64(inner.count), to: &reordered)
    reordered += inner
    reordered += [0xCD, 0x0C, 1, 2, 3, 4]  // field 201, fixed32
    reordered += [0x6A, 0x02, 0x72, 0x31]  // response_id = "r1"
    // A later member of the oneof (sql_command_result, field 5) replaces the batch.
    let replaced = try Self.bytes(first) + [0x2A, 0x00]
    for wire in [merged, reordered, replaced] {
      let expected = try Response(serializedBytes: wire)
      #expect(try Self.sharing.deserialize(wire) == expected)
    }
    #expect(try Self.sharing.deserialize(reordered).arrowBatch.rowCount == 7)
    #expect(try Self.sharing.deserialize(replaced).sqlCommandResult == .init())
  }

  /// Damaged input never crashes: it reads as SwiftProtobuf reads it, or fails as it fails.
  @Test func damagedInputFailsAsSwiftProtobufFails() throws {
    let wire = try Self.bytes(Self.response(batchBytes: 20_000))
    var generator = SystemRandomNumberGenerator()
    for trial in 0..<400 {
      var damaged = wire
      switch trial % 3 {
      case 0: damaged.removeLast(Int.random(in: 1..<damaged.count, using: &generator))
      case 1:
        // Damage the first 64 bytes, where the tags and lengths are.
        for _ in 0..<3 {
          damaged[Int.random(in: 0..<64, using: &generator)] = UInt8.random(
            in: 0...255, using: &generator)
        }
      default:
        damaged[Int.random(in: 0..<damaged.count, using: &generator)] ^= 0xFF
      }
      let expected = try? Response(serializedBytes: damaged)
      do {
        let ours = try Self.sharing.deserialize(damaged)
        #expect(ours == expected, "trial \(trial)")
      } catch let error as RPCError {
        #expect(expected == nil, "trial \(trial): \(error)")
        #expect(error.code == .invalidArgument)
      }
    }
  }

  @Test func findsTheDataField() throws {
    let wire = try Self.bytes(Self.response(batchBytes: 20_000))
    let field = try #require(wire.withUnsafeBytes { BatchDataField.find(in: $0) })
    #expect(field.data.count == 20_000)
    #expect(Array(wire[field.data]) == [UInt8](Self.response(batchBytes: 20_000).arrowBatch.data))
    // A group (wire type 3) is not walked: the ordinary path handles it.
    let group: [UInt8] = [0x12, 0x02, 0x13, 0x14]
    #expect(group.withUnsafeBytes { BatchDataField.find(in: $0) } == nil)
  }
}
