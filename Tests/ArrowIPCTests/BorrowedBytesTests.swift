import Foundation
import Testing

@testable import ArrowIPC

@Suite("Readers borrow the input's bytes")
struct BorrowedBytesTests {
  /// The stream's bytes placed one byte into a larger buffer, so the slice starts at an odd
  /// address: borrowed bytes carry no alignment, and every value is still read right.
  static func oddlyPlaced(_ stream: Data) -> Data {
    var padded = Data([0xAB])
    padded.append(stream)
    return padded.dropFirst()
  }

  @Test(arguments: Fixtures.names)
  func batchesOutliveTheirInputAtAnyAlignment(_ name: String) throws {
    // The Data is made and dropped inside the closure: the batches keep its buffer alive.
    let batches = try { () throws -> [RecordBatch] in
      let input = Self.oddlyPlaced(try Fixtures.stream(name))
      return try ArrowStreamReader.readAll(input).batches
    }()
    let problems = mismatches(batches, try Fixtures.expected(name))
    #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
  }

  @Test func largeDataIsBorrowedAndSmallDataCopied() throws {
    let large = Data(repeating: 7, count: 4096)
    let borrowed = ByteStorage(borrowing: large)
    #expect(borrowed.isBorrowed)
    #expect(borrowed.count == 4096)
    large.withUnsafeBytes { #expect(UnsafeRawPointer(borrowed.base) == $0.baseAddress) }

    let small = Data([1, 2, 3])
    let copied = ByteStorage(borrowing: small)
    #expect(!copied.isBorrowed)
    #expect(copied.count == 3)
    #expect(copied.base.load(fromByteOffset: 2, as: UInt8.self) == 3)
    #expect(!ByteStorage(borrowing: Data()).isBorrowed)
  }
}
