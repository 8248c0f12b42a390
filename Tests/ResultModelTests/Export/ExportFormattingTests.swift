import ArrowIPC
import Foundation
import Testing

@testable import ResultModel

/// Exact bytes of small exports: quoting, escaping, NULL markers, alignment, JSON types.
@Suite("Export formatting")
struct ExportFormattingTests {
  static let schema = ArrowSchema(fields: [
    ArrowField(name: "n", type: .int(bitWidth: 32, signed: true)),
    ArrowField(name: "s", type: .utf8),
  ])

  func export(
    _ format: ExportFormat, options: ExportOptions = ExportOptions(),
    values: [(ArrowValue, ArrowValue)]
  ) throws -> String {
    let dir = try ExportTestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let batch = try ArrowColumnBuilder.batch(
      Self.schema, columns: [values.map(\.0), values.map(\.1)])
    let path = dir + "/x." + format.fileExtension
    let writer = try ExportWriter(path: path, format: format, schema: Self.schema, options: options)
    try writer.write(batch)
    try writer.finish()
    return try ExportTestSupport.contents(path)
  }

  @Test("CSV quotes delimiter, quote, CR and LF; empty string vs NULL")
  func csvQuoting() throws {
    let text = try export(
      .csv,
      values: [
        (.int(1), .string("a,b")), (.int(2), .string("say \"hi\"")), (.int(3), .string("x\ny")),
        (.int(4), .string("cr\r")), (.null, .string("")), (.int(6), .null),
        (.int(7), .string("tab\tok")),
      ])
    #expect(
      text
        == "n,s\n1,\"a,b\"\n2,\"say \"\"hi\"\"\"\n3,\"x\ny\"\n4,\"cr\r\"\n,\"\"\n6,\n7,tab\tok\n")
  }

  @Test("CSV with a NULL marker, another delimiter, no header and CRLF")
  func csvOptions() throws {
    let options = ExportOptions(
      delimiter: ";", nullMarker: "\\N", includeHeader: false, lineEnding: .crlf)
    let text = try export(
      .csv, options: options,
      values: [(.null, .string("a;b")), (.int(2), .string("a,b")), (.int(3), .string("\\N"))])
    #expect(text == "\\N;\"a;b\"\r\n2;a,b\r\n3;\"\\N\"\r\n")
  }

  @Test("TSV escapes tab, newline, CR and backslash")
  func tsvEscapes() throws {
    let text = try export(
      .tsv, values: [(.int(1), .string("a\tb\nc\rd\\e")), (.null, .string("plain, \"quoted\""))])
    #expect(text == "n\ts\n1\ta\\tb\\nc\\rd\\\\e\n\tplain, \"quoted\"\n")
  }

  @Test("Markdown: numeric columns right-aligned, pipes and newlines escaped")
  func markdownTable() throws {
    let text = try export(
      .markdown, options: ExportOptions(nullMarker: "∅"),
      values: [(.int(1), .string("a|b")), (.null, .string("l1\r\nl2\nl3"))])
    #expect(text == "| n | s |\n| ---: | --- |\n| 1 | a\\|b |\n| ∅ | l1<br>l2<br>l3 |\n")
  }

  @Test("JSON Lines: numbers, null, escaped strings; decimals as strings or numbers")
  func jsonLines() throws {
    let text = try export(
      .jsonLines, values: [(.int(-5), .string("q\"\\\n\u{1}é😀")), (.null, .null)])
    #expect(text == "{\"n\":-5,\"s\":\"q\\\"\\\\\\n\\u0001é😀\"}\n{\"n\":null,\"s\":null}\n")

    let schema = ArrowSchema(fields: [
      ArrowField(name: "d", type: .decimal(precision: 10, scale: 2, bitWidth: 128)),
      ArrowField(name: "f", type: .float64),
    ])
    let batch = try ArrowColumnBuilder.batch(
      schema,
      columns: [
        [.decimal(unscaled: "-1230", scale: 2), .decimal(unscaled: "5", scale: 2)],
        [.double(.nan), .double(-.infinity)],
      ])
    let dir = try ExportTestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    for asStrings in [true, false] {
      let path = dir + "/d\(asStrings).jsonl"
      let writer = try ExportWriter(
        path: path, format: .jsonLines, schema: schema,
        options: ExportOptions(jsonDecimalsAsStrings: asStrings))
      try writer.write(batch)
      try writer.finish()
      let q = asStrings ? "\"" : ""
      #expect(
        try ExportTestSupport.contents(path)
          == "{\"d\":\(q)-12.30\(q),\"f\":\"NaN\"}\n{\"d\":\(q)0.05\(q),\"f\":\"-Infinity\"}\n")
    }
  }

  @Test("Timestamps in JSON carry the session offset; timestamp_ntz has none")
  func jsonTimestamps() throws {
    let schema = ArrowSchema(fields: [
      ArrowField(name: "t", type: .timestamp(.microsecond, timeZone: "UTC")),
      ArrowField(name: "l", type: .timestamp(.microsecond, timeZone: nil)),
      ArrowField(name: "d", type: .date32),
    ])
    let micros: Int64 = 1_710_066_600_000_000  // 2024-03-10T10:30:00Z
    let batch = try ArrowColumnBuilder.batch(
      schema,
      columns: [
        [.timestamp(micros + 500_000, .microsecond, timeZone: "UTC")],
        [.timestamp(micros, .microsecond, timeZone: nil)], [.date32(-1)],
      ])
    let dir = try ExportTestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/t.jsonl"
    let writer = try ExportWriter(
      path: path, format: .jsonLines, schema: schema,
      options: ExportOptions(timeZoneID: "America/Los_Angeles"))
    try writer.write(batch)
    try writer.finish()
    #expect(
      try ExportTestSupport.contents(path)
        == "{\"t\":\"2024-03-10T03:30:00.5-07:00\",\"l\":\"2024-03-10T10:30:00\",\"d\":\"1969-12-31\"}\n"
    )
  }

  @Test("Formats from file extensions and names")
  func formatNames() {
    #expect(ExportFormat(fileExtension: "CSV") == .csv)
    #expect(ExportFormat(fileExtension: ".tab") == .tsv)
    #expect(ExportFormat(fileExtension: "ndjson") == .jsonLines)
    #expect(ExportFormat(fileExtension: "json") == .jsonLines)
    #expect(ExportFormat(fileExtension: "markdown") == .markdown)
    #expect(ExportFormat(fileExtension: "feather") == .arrow)
    #expect(ExportFormat(fileExtension: "xlsx") == nil)
    #expect(ExportFormat(path: "/tmp/a.b/result.jsonl") == .jsonLines)
    #expect(ExportFormat(path: "/tmp/a.b/result") == nil)
    #expect(ExportFormat(path: ".csv") == nil)
    #expect(ExportFormat(rawValue: "jsonl") == .jsonLines)
    #expect(ExportFormat.allCases.map(\.displayName).count == 5)
  }

  @Test("A bad CSV delimiter or column index is a typed error, and no file is left")
  func invalidArguments() throws {
    let dir = try ExportTestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/x.csv"
    #expect(throws: ExportError.self) {
      try ExportWriter(
        path: path, format: .csv, schema: Self.schema, options: ExportOptions(delimiter: "\""))
    }
    #expect(throws: ExportError.invalidColumn(5)) {
      try ExportWriter(path: path, format: .csv, schema: Self.schema, columns: [0, 5])
    }
    let writer = try ExportWriter(path: path, format: .csv, schema: Self.schema)
    let other = try ExportTestSupport.smallBatch(ids: 0..<2)
    #expect(throws: ExportError.self) { try writer.write(other) }
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
  }
}
