import ArrowIPC
import Foundation

@testable import ResultModel

/// One case of Tests/ResultModelTests/Fixtures/show (made by scripts/make-show-fixtures): the
/// Arrow IPC streams a Spark Connect 4.3 server sent for a query and its own show() text.
struct ShowFixture: CustomStringConvertible, Sendable {
  let name: String
  let directory: URL
  let rows: Int
  let numRows: Int
  let timeZone: String
  let binaryOutputStyle: String?
  /// Per column: the ANSI interval fields named anywhere in its Spark type (JSON schema).
  let intervalFields: [SparkIntervalFields]

  var description: String { name }

  static var root: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Fixtures/show")
  }

  static func all(in root: URL = root) -> [ShowFixture] {
    let names =
      (try? FileManager.default.contentsOfDirectory(atPath: root.path))?.sorted() ?? []
    return names.compactMap { load(name: $0, in: root) }
  }

  static func load(name: String, in root: URL = root) -> ShowFixture? {
    let directory = root.appendingPathComponent(name)
    guard let data = try? Data(contentsOf: directory.appendingPathComponent("case.json")),
      let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    else { return nil }
    let schema = json["sparkSchema"] as? [String: Any]
    let fields = (schema?["fields"] as? [[String: Any]])?.map { $0["type"] ?? "" } ?? []
    return ShowFixture(
      name: name, directory: directory, rows: json["rows"] as? Int ?? 0,
      numRows: json["n"] as? Int ?? 20, timeZone: json["timeZone"] as? String ?? "Etc/UTC",
      binaryOutputStyle: json["binaryOutputStyle"] as? String,
      intervalFields: fields.map { intervalFields(in: $0) ?? .widest })
  }

  func text(_ file: String) throws -> String {
    String(decoding: try Data(contentsOf: directory.appendingPathComponent(file)), as: UTF8.self)
  }

  /// All batches of the result, decoded with ArrowIPC, in a ResultSet.
  func resultSet() throws -> ResultSet {
    let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
      .filter { $0.hasPrefix("batch-") }
      .sorted {
        (Int($0.dropFirst(6).prefix { $0.isNumber }) ?? 0)
          < (Int($1.dropFirst(6).prefix { $0.isNumber }) ?? 0)
      }
    var schema: ArrowSchema?
    var batches: [RecordBatch] = []
    for file in files {
      let (s, b) = try ArrowStreamReader.readAll(
        try Data(contentsOf: directory.appendingPathComponent(file)))
      schema = schema ?? s
      batches += b
    }
    guard let schema else { throw FixtureError.noSchema(name) }
    return try ResultSet(schema: schema, batches: batches)
  }

  var formatter: CellFormatter {
    CellFormatter(
      timeZoneID: timeZone, binaryOutputStyle: BinaryOutputStyle(conf: binaryOutputStyle))
  }

  private static func intervalFields(in type: Any) -> SparkIntervalFields? {
    if let name = type as? String { return SparkIntervalFields(sparkTypeName: name) }
    guard let object = type as? [String: Any] else { return nil }
    for key in ["elementType", "keyType", "valueType"] {
      if let inner = object[key], let found = intervalFields(in: inner) { return found }
    }
    for field in object["fields"] as? [[String: Any]] ?? [] {
      if let inner = field["type"], let found = intervalFields(in: inner) { return found }
    }
    return nil
  }

  enum FixtureError: Error { case noSchema(String) }
}

/// The first differing line of two texts, for readable failures.
func firstDifference(_ got: String, _ expected: String) -> String? {
  guard got != expected else { return nil }
  let a = got.split(separator: "\n", omittingEmptySubsequences: false)
  let b = expected.split(separator: "\n", omittingEmptySubsequences: false)
  for i in 0..<max(a.count, b.count) {
    let x = i < a.count ? String(a[i]) : "<missing>"
    let y = i < b.count ? String(b[i]) : "<missing>"
    if x != y {
      return "line \(i + 1):\n  got:      \(x.debugDescription)\n  expected: \(y.debugDescription)"
    }
  }
  return "texts differ (line endings?)"
}
