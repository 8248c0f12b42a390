import ArrowIPC
import Foundation
import Testing

@testable import ResultModel

@Suite struct ResultSetTests {
  /// Three batches of 4,000 rows (id, id / 7.0) from the server fixture `multi_batch`.
  func multiBatch() throws -> ResultSet {
    guard let fixture = ShowFixture.load(name: "multi_batch") else {
      throw ShowFixture.FixtureError.noSchema("multi_batch")
    }
    return try fixture.resultSet()
  }

  @Test func locatesRowsAcrossBatches() throws {
    let result = try multiBatch()
    #expect(result.rowCount == 12_000)
    #expect(result.batchCount == 3)
    #expect(result.columnCount == 2)
    #expect(result.columnNames == ["id", "d"])
    #expect(result.locate(row: 0)! == (0, 0))
    #expect(result.locate(row: 3_999)! == (0, 3_999))
    #expect(result.locate(row: 4_000)! == (1, 0))
    #expect(result.locate(row: 11_999)! == (2, 3_999))
    #expect(result.locate(row: 12_000) == nil)
    #expect(result.locate(row: -1) == nil)
    let formatter = CellFormatter()
    for row in [0, 1, 3_999, 4_000, 8_001, 11_999] {
      #expect(result.text(row: row, column: 0, formatter: formatter) == String(row))
    }
    #expect(result.text(row: 12_000, column: 0, formatter: formatter) == "")
    #expect(result.text(row: 0, column: 2, formatter: formatter) == "")
  }

  @Test func accountsBytesAsTheSumOfBatches() throws {
    let result = try multiBatch()
    let sum = (0..<result.batchCount).compactMap { result.batch($0)?.byteCount }.reduce(0, +)
    #expect(result.byteCount == sum)
    #expect(sum > 12_000 * 16)
  }

  @Test func rejectsABatchWithOtherColumns() throws {
    let result = try multiBatch()
    guard let other = ShowFixture.load(name: "integers"), let batch = try other.resultSet().batch(0)
    else {
      Issue.record("fixture missing")
      return
    }
    #expect(throws: ResultSetError.columnCountMismatch(expected: 2, got: 5)) {
      try result.append(batch)
    }
  }

  @Test func readersSeeConsistentSnapshotsWhileAppending() async throws {
    let source = try multiBatch()
    let batches = (0..<source.batchCount).compactMap { source.batch($0) }
    let result = ResultSet(schema: source.schema)
    let formatter = CellFormatter()
    await withTaskGroup(of: Void.self) { group in
      group.addTask {
        for _ in 0..<20 {
          for batch in batches { try? result.append(batch) }
        }
      }
      group.addTask {
        for _ in 0..<2_000 {
          let count = result.rowCount
          if count > 0 {
            let row = count - 1
            let text = result.text(row: row, column: 0, formatter: formatter)
            #expect(Int(text) == row % 12_000)
          }
        }
      }
    }
    #expect(result.rowCount == 20 * 12_000)
    #expect(result.locate(row: 20 * 12_000 - 1)! == (59, 3_999))
  }
}
