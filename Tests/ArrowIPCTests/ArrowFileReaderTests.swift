import Foundation
import Testing

@testable import ArrowIPC

@Suite("Reading Arrow IPC files written by pyarrow")
struct ArrowFileReaderTests {
  static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("FuzzCorpus")

  /// The pyarrow-written files among the fuzz seeds (first batch of a fixture each).
  static var pyarrowFiles: [String] {
    let files = (try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? []
    return files.filter { $0.hasSuffix(".arrow") }.map { String($0.dropFirst(5).dropLast(6)) }
      .sorted()
  }

  @Test func pyarrowFilesExist() { #expect(Self.pyarrowFiles.count >= 5) }

  @Test(arguments: pyarrowFiles)
  func matchesTheStreamFixture(_ name: String) throws {
    let file = try ArrowFileReader(
      Data(contentsOf: Self.corpus.appendingPathComponent("seed-\(name).arrow")))
    var expected = try Fixtures.expected(name)
    expected.batches = Array(expected.batches.prefix(1))
    let problems = mismatches(try file.allBatches(), expected)
    #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
  }
}
