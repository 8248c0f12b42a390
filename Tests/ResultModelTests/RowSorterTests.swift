import ArrowIPC
import Testing

@testable import ResultModel

@Suite struct RowSorterTests {
  /// Two batches: (n BIGINT, d DOUBLE, s STRING) with NULLs, NaN, ties and unicode.
  func result() throws -> ResultSet {
    let schema = ArrowSchema(fields: [
      ArrowField(name: "n", type: .int(bitWidth: 64, signed: true), nullable: true),
      ArrowField(name: "d", type: .float64, nullable: true),
      ArrowField(name: "s", type: .utf8, nullable: true),
    ])
    let result = ResultSet(schema: schema)
    try result.append(
      ArrowColumnBuilder.batch(
        schema,
        columns: [
          [.int(3), .null, .int(-10), .int(3)],
          [.double(2.5), .double(.nan), .null, .double(-1)],
          [.string("b"), .string("ä"), .string("a"), .null],
        ]))
    try result.append(
      ArrowColumnBuilder.batch(
        schema,
        columns: [
          [.int(9_007_199_254_740_993), .int(0)],
          [.double(-.infinity), .double(1e300)],
          [.string("B"), .string("b")],
        ]))
    return result
  }

  @Test func ordersIntegersExactlyWithNullsLastAndTiesStable() throws {
    let result = try result()
    #expect(RowSorter(column: 0, ascending: true).order(of: result, rows: 6) == [2, 5, 0, 3, 4, 1])
    #expect(
      RowSorter(column: 0, ascending: false).order(of: result, rows: 6) == [4, 0, 3, 5, 2, 1])
  }

  @Test func ordersDoublesWithNaNAboveEverything() throws {
    let result = try result()
    #expect(RowSorter(column: 1, ascending: true).order(of: result, rows: 6) == [4, 3, 0, 5, 1, 2])
    #expect(
      RowSorter(column: 1, ascending: false).order(of: result, rows: 6) == [1, 5, 0, 3, 4, 2])
  }

  @Test func ordersTextByItsCellTextAndHonoursTheRowLimit() throws {
    let result = try result()
    #expect(RowSorter(column: 2, ascending: true).order(of: result, rows: 6) == [4, 2, 0, 5, 1, 3])
    #expect(RowSorter(column: 2, ascending: true).order(of: result, rows: 3) == [2, 0, 1])
  }

  @Test func stopsWhenCancelled() throws {
    let result = try result()
    #expect(RowSorter(column: 0, ascending: true).order(of: result, rows: 6) { true } == nil)
  }
}
