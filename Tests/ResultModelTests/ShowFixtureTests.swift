import ArrowIPC
import Foundation
import Testing

@testable import ResultModel

/// Every committed server fixture: decode the server's Arrow bytes, format every shown cell,
/// render the table, and compare with the server's own show() text byte for byte.
@Suite struct ShowFixtureTests {
  static let fixtures = ShowFixture.all()

  /// Every fixture directory parses: one that does not would silently drop out of the
  /// parameterised tests below.
  @Test func everyFixtureParses() throws {
    let directories = try FileManager.default.contentsOfDirectory(atPath: ShowFixture.root.path)
      .filter { !$0.hasPrefix(".") }.sorted()
    #expect(directories.count >= 68)
    #expect(Self.fixtures.map(\.name) == directories)
  }

  @Test(arguments: fixtures)
  func showTruncateFalse(_ fixture: ShowFixture) throws {
    let result = try fixture.resultSet()
    #expect(result.rowCount == fixture.rows)
    let got = ShowTable.render(
      result, formatter: fixture.formatter, numRows: fixture.numRows, truncate: 0,
      intervalFields: fixture.intervalFields)
    let expected = try fixture.text("show.txt")
    #expect(firstDifference(got, expected) == nil, "\(fixture.name)")
  }

  @Test(arguments: fixtures)
  func showTruncate20(_ fixture: ShowFixture) throws {
    let result = try fixture.resultSet()
    let got = ShowTable.render(
      result, formatter: fixture.formatter, numRows: fixture.numRows, truncate: 20,
      intervalFields: fixture.intervalFields)
    let expected = try fixture.text("show20.txt")
    #expect(firstDifference(got, expected) == nil, "\(fixture.name)")
  }
}
