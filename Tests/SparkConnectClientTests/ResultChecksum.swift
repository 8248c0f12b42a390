import ArrowIPC
import Foundation

@testable import SparkConnectClient

/// What a run of `SELECT id, id*2 AS b, CAST(id AS STRING) s FROM range(n)` delivered: row
/// count, an order-sensitive checksum of every value, and whether each row was exactly the
/// expected one at its position (no loss, no duplicate, no reordering).
struct ResultChecksum: Equatable, CustomStringConvertible {
  var rows = 0
  /// FNV-1a over every value in order.
  var hash: UInt64 = 0xcbf2_9ce4_8422_2325
  /// Rows whose values were not (i, 2i, "i") at position i.
  var misplaced = 0
  /// `reconnecting` events seen.
  var reconnects = 0
  /// Batches whose `startOffset` disagreed with the rows before them.
  var offsetErrors = 0

  static let sql = "SELECT id, id*2 AS b, CAST(id AS STRING) s FROM range(1000000)"
  static let expectedRows = 1_000_000

  var description: String {
    "rows \(rows), hash \(String(hash, radix: 16)), misplaced \(misplaced), reconnects \(reconnects)"
  }

  static func == (lhs: ResultChecksum, rhs: ResultChecksum) -> Bool {
    lhs.rows == rhs.rows && lhs.hash == rhs.hash && lhs.misplaced == rhs.misplaced
  }

  private mutating func mix(_ value: UInt64) {
    var bytes = value
    for _ in 0..<8 {
      hash = (hash ^ (bytes & 0xff)) &* 0x100_0000_01b3
      bytes >>= 8
    }
  }

  mutating func add(_ event: QueryEvent) {
    switch event {
    case .reconnecting: reconnects += 1
    case .batch(let batch, let startOffset):
      if let startOffset, startOffset != Int64(rows) { offsetErrors += 1 }
      let ids = batch.columns[0]
      let doubles = batch.columns[1]
      let strings = batch.columns[2]
      for row in 0..<batch.rowCount {
        let id = ids.int64(at: row)
        let b = doubles.int64(at: row)
        let s = strings.string(at: row)
        mix(UInt64(bitPattern: id))
        mix(UInt64(bitPattern: b))
        var stringHash: UInt64 = 0
        for byte in s.utf8 { stringHash = stringHash &* 31 &+ UInt64(byte) }
        mix(stringHash)
        if id != Int64(rows) || b != id * 2 || s != String(id) { misplaced += 1 }
        rows += 1
      }
    default: break
    }
  }

  /// Runs the query to the end (or its error), summing what arrived.
  static func run(_ session: SparkConnectSession, sql: String = sql) async throws -> ResultChecksum
  {
    var sum = ResultChecksum()
    for try await event in session.run(sql: sql) { sum.add(event) }
    return sum
  }
}
