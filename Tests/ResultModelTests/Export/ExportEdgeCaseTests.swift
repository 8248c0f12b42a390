import ArrowIPC
import Foundation
import Testing

@testable import ResultModel

/// Invalid UTF-8, delimiters that occur in numbers, nested text, mixed-batch text rows.
@Suite("Export edge cases")
struct ExportEdgeCaseTests {
  @Test("UTF-8 validation accepts well-formed text and rejects malformed sequences")
  func utf8Validation() {
    func valid(_ bytes: [UInt8]) -> Bool {
      bytes.withUnsafeBytes { ExportTextCell.isValidUTF8($0) }
    }
    #expect(valid(Array("plain é 日本 😀 e\u{301}".utf8)))
    #expect(valid([]))
    #expect(!valid([0xC0, 0x80]))  // overlong NUL
    #expect(!valid([0xED, 0xA0, 0x80]))  // surrogate
    #expect(!valid([0xF4, 0x90, 0x80, 0x80]))  // past U+10FFFF
    #expect(!valid([0xE6, 0x97]))  // truncated
    #expect(!valid([0x80]))  // lone continuation
    var out: [UInt8] = []
    let bad: [UInt8] = [0x61, 0xFF, 0x62]
    bad.withUnsafeBytes { ExportTextCell.appendValidUTF8($0, to: &out) }
    #expect(String(decoding: out, as: UTF8.self) == "a\u{FFFD}b")
  }

  @Test("Invalid UTF-8 in a string column is repaired in CSV and JSON")
  func invalidUTF8Repaired() throws {
    // Bad bytes in a utf8 column can come off the wire (the reader does not validate them).
    let column = try ArrowColumnBuilder.column(
      ArrowField(name: "s", type: .utf8), values: [.binary([0x61, 0xFF, 0x22])])
    let batch = try RecordBatch(
      schema: ArrowSchema(fields: [ArrowField(name: "s", type: .utf8)]), columns: [column])
    let dir = try ExportTestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    for format in [ExportFormat.csv, .jsonLines] {
      let path = dir + "/u." + format.fileExtension
      let writer = try ExportWriter(path: path, format: format, schema: batch.schema)
      try writer.write(batch)
      try writer.finish()
      let text = try ExportTestSupport.contents(path)
      #expect(text == (format == .csv ? "s\n\"a\u{FFFD}\"\"\"\n" : "{\"s\":\"a\u{FFFD}\\\"\"}\n"))
    }
  }

  @Test("A delimiter that occurs in numbers still quotes them")
  func numericDelimiter() throws {
    let schema = ArrowSchema(fields: [
      ArrowField(name: "x", type: .float64),
      ArrowField(name: "y", type: .int(bitWidth: 64, signed: true)),
    ])
    let batch = try ArrowColumnBuilder.batch(
      schema, columns: [[.double(1.5), .double(-2)], [.int(-7), .int(3)]])
    let dir = try ExportTestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/n.csv"
    let writer = try ExportWriter(
      path: path, format: .csv, schema: schema, options: ExportOptions(delimiter: "."))
    try writer.write(batch)
    try writer.finish()
    #expect(try ExportTestSupport.contents(path) == "x.y\n\"1.5\".-7\n\"-2.0\".3\n")
  }

  @Test("Nested values are Spark text in CSV; dictionary columns resolve")
  func nestedAndDictionaryText() throws {
    let item = ArrowField(name: "item", type: .utf8)
    let schema = ArrowSchema(fields: [
      ArrowField(name: "l", type: .list(item)),
      ArrowField(
        name: "d", type: .utf8,
        dictionary: DictionaryEncoding(id: 0)),
    ])
    let batch = try ArrowColumnBuilder.batch(
      schema,
      columns: [
        [.list([.string("a"), .null, .string("x\ny")]), .null],
        [.string("red"), .null],
      ])
    let dir = try ExportTestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/nested.csv"
    let writer = try ExportWriter(path: path, format: .csv, schema: schema)
    try writer.write(batch)
    try writer.finish()
    // show() escapes newlines inside nested strings; top-level strings stay raw.
    #expect(try ExportTestSupport.contents(path) == "l,d\n\"[a, NULL, x\\ny]\",red\n,\n")
  }

  @Test("Rows taken from several batches in any order, text formats")
  func mixedBatchesText() throws {
    let first = try ExportTestSupport.smallBatch(ids: 0..<3)
    let second = try ExportTestSupport.smallBatch(ids: 3..<6)
    let result = try ResultSet(schema: first.schema, batches: [first, second])
    let dir = try ExportTestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/m.jsonl"
    var seen: [Int] = []
    let summary = try ExportWriter.export(
      result, to: path, format: .jsonLines, rows: [4, 1, 5], columns: [0, 1],
      progress: { seen.append($0) })
    #expect(summary.rowCount == 3)
    #expect(seen == [3])
    #expect(
      try ExportTestSupport.contents(path)
        == "{\"id\":4,\"name\":\"n4\"}\n{\"id\":1,\"name\":\"n1\"}\n{\"id\":5,\"name\":\"n5\"}\n")
    #expect(throws: ExportError.invalidRow(6)) {
      try ExportWriter.export(result, to: dir + "/bad.csv", format: .csv, rows: [0, 6])
    }
    #expect(!FileManager.default.fileExists(atPath: dir + "/bad.csv"))
  }
}
