import ArrowIPC
import Foundation
import Testing

@testable import ResultModel

/// Every format written from a pyarrow-made type list (unicode, delimiters, quotes, newlines,
/// NULLs, nested values, decimals, timestamps, binary, dictionaries) and read back by Python's
/// csv and json modules and pyarrow.
@Suite("Export round trips through Python readers")
struct ExportRoundTripTests {
  static let timeZone = "America/Los_Angeles"

  @Test("CSV, TSV, JSON Lines, Markdown and Arrow read back by csv, json and pyarrow")
  func everyFormatRoundTrips() throws {
    let dir = try ExportTestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let source = dir + "/source.arrows"
    try ExportTestSupport.runPython(ExportPythonScripts.makeData, [source])
    let (schema, batches) = try ArrowStreamReader.readAll(
      try Data(contentsOf: URL(fileURLWithPath: source)))
    #expect(batches.count == 3)
    let formatter = CellFormatter(timeZoneID: Self.timeZone)
    let options = ExportOptions(formatter: formatter)
    for format in ExportFormat.allCases {
      let writer = try ExportWriter(
        path: dir + "/out." + format.fileExtension, format: format, schema: schema,
        options: options)
      for batch in batches { try writer.write(batch) }
      let summary = try writer.finish()
      #expect(summary.rowCount == 12)
      let size = try FileManager.default.attributesOfItem(atPath: summary.path)[.size] as? Int
      #expect(Int64(size ?? -1) == summary.byteCount)
    }
    var semicolon = options
    semicolon.delimiter = ";"
    semicolon.nullMarker = "NULL"
    semicolon.lineEnding = .crlf
    let writer = try ExportWriter(
      path: dir + "/semi.csv", format: .csv, schema: schema, options: semicolon)
    for batch in batches { try writer.write(batch) }
    try writer.finish()

    let expected = ExportTestSupport.expectedTexts(batches, formatter: formatter)
    try ExportTestSupport.writeJSON(
      ExportTestSupport.jsonRows(expected), to: dir + "/expected.json")
    let output = try ExportTestSupport.runPython(
      ExportPythonScripts.checkAll, [source, dir, dir + "/expected.json", Self.timeZone])
    #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "OK")
  }

  @Test("Column order, hidden columns and explicit row order (client-side sort) are respected")
  func selectionAcrossBatches() throws {
    let dir = try ExportTestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let batches = try [0..<4, 4..<9, 9..<10].map { try ExportTestSupport.smallBatch(ids: $0) }
    let result = try ResultSet(schema: batches[0].schema, batches: batches)
    let rows = [9, 0, 5, 4, 3, 8, 1]  // crosses batches in a non-monotonic order
    let columns = [2, 0]  // score, id; name hidden
    for format in [ExportFormat.arrow, .csv] {
      try ExportWriter.export(
        result, to: dir + "/sel." + format.fileExtension, format: format, rows: rows,
        columns: columns)
    }
    let formatter = CellFormatter()
    let expectedRows: [[Any]] = rows.map { r in
      columns.map { c -> Any in
        result.text(row: r, column: c, formatter: formatter)
      }
    }
    try ExportTestSupport.writeJSON(
      ["names": ["score", "id"], "rows": expectedRows], to: dir + "/expected.json")
    let output = try ExportTestSupport.runPython(
      ExportPythonScripts.checkSelection,
      [dir + "/sel.arrow", dir + "/sel.csv", dir + "/expected.json"])
    #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "OK")
  }

  @Test("Rows from one batch in a chosen order, and a row range, via the writer")
  func rowsWithinOneBatch() throws {
    let dir = try ExportTestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let batch = try ExportTestSupport.smallBatch(ids: 0..<10)
    for format in [ExportFormat.arrow, .csv] {
      let writer = try ExportWriter(
        path: dir + "/part." + format.fileExtension, format: format, schema: batch.schema,
        columns: [1, 0])
      try writer.write(batch, rows: [7, 2, 2])
      try writer.write(batch, rows: 4..<6)
      #expect(try writer.finish().rowCount == 5)
    }
    let expectedRows: [[Any]] = [7, 2, 2, 4, 5].map { r in
      [r % 3 == 0 ? NSNull() : "n\(r)" as Any, String(r)]
    }
    try ExportTestSupport.writeJSON(
      ["names": ["name", "id"], "rows": expectedRows], to: dir + "/expected.json")
    let output = try ExportTestSupport.runPython(
      ExportPythonScripts.checkSelection,
      [dir + "/part.arrow", dir + "/part.csv", dir + "/expected.json"])
    #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "OK")
  }
}
