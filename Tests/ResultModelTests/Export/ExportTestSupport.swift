import ArrowIPC
import Foundation
import TestSupport
import Testing

@testable import ResultModel

/// Temporary directories, the venv Python and expected cell texts for the export tests.
enum ExportTestSupport {
  struct PythonMissing: Error, CustomStringConvertible {
    let path: String
    var description: String {
      "export tests need the venv python at \(path) (set FLINT_PYTHON); it is missing"
    }
  }

  struct PythonFailed: Error, CustomStringConvertible {
    let description: String
  }

  /// A fresh empty directory under the system temporary directory.
  static func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "flint-export-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  /// The venv Python; throws (the test fails, never skips) when it is not there.
  static func python() throws -> String {
    let path = TestEnvironment.python
    guard FileManager.default.isExecutableFile(atPath: path) else {
      throw PythonMissing(path: path)
    }
    return path
  }

  /// Runs `script` with `arguments`; returns stdout, throws with stderr on a non-zero exit.
  @discardableResult
  static func runPython(_ script: String, _ arguments: [String]) throws -> String {
    let result = try TestEnvironment.run(try python(), ["-c", script] + arguments)
    guard result.status == 0 else {
      throw PythonFailed(description: "python exited \(result.status):\n\(result.stderr)")
    }
    return result.stdout
  }

  /// The cell texts an export should write for CSV/TSV/Markdown: nil for NULL, raw strings,
  /// the formatter's Spark text for everything else.
  static func expectedTexts(_ batches: [RecordBatch], formatter: CellFormatter) -> [[String?]] {
    var rows: [[String?]] = []
    for batch in batches {
      for r in 0..<batch.rowCount {
        rows.append(
          batch.columns.map { column -> String? in
            if column.isNull(r) { return nil }
            let (c, row) = column.resolved(r)
            switch c.type {
            case .utf8, .largeUtf8: return c.string(at: row)
            default: return formatter.text(column, row: r)
            }
          })
      }
    }
    return rows
  }

  /// Writes a JSON value (arrays, dictionaries, strings, NSNull) to `path`.
  static func writeJSON(_ value: Any, to path: String) throws {
    let data = try JSONSerialization.data(withJSONObject: value, options: [])
    try data.write(to: URL(fileURLWithPath: path))
  }

  /// `[[String?]]` as a JSON-ready array (nil → NSNull).
  static func jsonRows(_ rows: [[String?]]) -> [[Any]] {
    rows.map { $0.map { $0.map { $0 as Any } ?? NSNull() } }
  }

  /// A small batch: id int64, name utf8, score float64.
  static func smallBatch(ids: Range<Int>) throws -> RecordBatch {
    let schema = ArrowSchema(
      fields: [
        ArrowField(name: "id", type: .int(bitWidth: 64, signed: true), nullable: false),
        ArrowField(name: "name", type: .utf8, nullable: true),
        ArrowField(name: "score", type: .float64, nullable: true),
      ], metadata: [:])
    return try ArrowColumnBuilder.batch(
      schema,
      columns: [
        ids.map { .int(Int64($0)) },
        ids.map { $0 % 3 == 0 ? .null : .string("n\($0)") },
        ids.map { .double(Double($0) / 2) },
      ])
  }

  static func contents(_ path: String) throws -> String {
    try String(contentsOfFile: path, encoding: .utf8)
  }
}
