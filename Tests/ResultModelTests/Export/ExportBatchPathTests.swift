import ArrowIPC
import Foundation
import Testing

@testable import ResultModel

/// The batch path (`write(_:)`, `write(_:rows: Range)`: whole chunks through `RowBytes`) against
/// the row-by-row path it replaced (`write(_:rows: [Int])` still takes it), byte for byte, on
/// awkward values and options.
@Suite("Export batch path")
struct ExportBatchPathTests {
  /// Every kind the batch path treats on its own, and the general ones, with awkward values.
  static func awkwardBatch() throws -> RecordBatch {
    let item = ArrowField(name: "item", type: .utf8)
    let entries = ArrowField(
      name: "entries",
      type: .struct([
        ArrowField(name: "key", type: .utf8, nullable: false),
        ArrowField(name: "value", type: .int(bitWidth: 32, signed: true)),
      ]), nullable: false)
    let schema = ArrowSchema(fields: [
      ArrowField(name: "i", type: .int(bitWidth: 64, signed: true)),
      ArrowField(name: "u", type: .int(bitWidth: 64, signed: false)),
      ArrowField(name: "small", type: .int(bitWidth: 8, signed: true)),
      ArrowField(name: "d", type: .float64),
      ArrowField(name: "f", type: .float32),
      ArrowField(name: "b", type: .bool),
      ArrowField(name: "s, \"quoted\"", type: .utf8),
      ArrowField(name: "dec", type: .decimal(precision: 20, scale: 3, bitWidth: 128)),
      ArrowField(name: "ts", type: .timestamp(.microsecond, timeZone: "UTC")),
      ArrowField(name: "ntz", type: .timestamp(.microsecond, timeZone: nil)),
      ArrowField(name: "day", type: .date32),
      ArrowField(name: "bin", type: .binary),
      ArrowField(name: "l", type: .list(item)),
      ArrowField(name: "m", type: .map(entries: entries, keysSorted: false)),
      ArrowField(name: "dict", type: .utf8, dictionary: DictionaryEncoding(id: 0)),
    ])
    let strings: [ArrowValue] = [
      .string("plain"), .null, .string(""), .string("a,b"), .string("say \"hi\""),
      .string("line\nbreak"), .string("cr\rlf\r\n"), .string("tab\there"), .string("back\\slash"),
      .string("é 日本 😀"), .binary([0x61, 0xFF, 0x22]), .string("NULL"), .string("0"),
      .string("\u{1}ctl\u{7F}"), .string("1.5"), .string("-"),
    ]
    let doubles: [Double] = [
      -0.0, .nan, .infinity, -.infinity, 1e-7, 1e21, 5e-324, .greatestFiniteMagnitude, 0.1, 1.0,
      123_456_789.125, 1_428_571.4285714286, -2.5e-3, 1e7, 9_999_999.999, 0,
    ]
    let n = strings.count
    return try ArrowColumnBuilder.batch(
      schema,
      columns: [
        (0..<n).map { $0 == 3 ? .null : .int([Int64.min, Int64.max, 0, -1, 42][$0 % 5]) },
        (0..<n).map { $0 == 4 ? .null : .uint([UInt64.max, 0, 7][$0 % 3]) },
        (0..<n).map { .int(Int64($0 * 17 % 256) - 128) },
        doubles.enumerated().map { $0.offset == 5 ? .null : .double($0.element) },
        (0..<n).map { .float([Float(-0.0), .nan, 1e-7, 3.4e38, 0.1][$0 % 5]) },
        (0..<n).map { $0 % 4 == 3 ? .null : .bool($0 % 2 == 0) },
        strings,
        (0..<n).map {
          $0 == 2
            ? .null
            : .decimal(
              unscaled: ["-12345", "0", "99999999999999999999", "5"][$0 % 4],
              scale: 3)
        },
        (0..<n).map {
          $0 == 1
            ? .null
            : .timestamp(
              Int64($0 - 8) * 86_400_123_457, .microsecond,
              timeZone: "UTC")
        },
        (0..<n).map {
          .timestamp(
            Int64($0) * 1_000_001 - 62_135_596_800_000_000, .microsecond,
            timeZone: nil)
        },
        (0..<n).map { .date32(Int32($0 * 4000 - 30000)) },
        (0..<n).map { $0 % 3 == 0 ? .null : .binary(Array(repeating: UInt8($0), count: $0 % 4)) },
        (0..<n).map {
          $0 % 5 == 0 ? .null : .list([.string("a\"b"), .null, .string("x\ny,z")].suffix($0 % 4))
        },
        (0..<n).map {
          $0 % 4 == 0
            ? .null
            : .map([ArrowMapEntry(key: .string("k,\($0)"), value: $0 % 2 == 0 ? .null : .int(-1))])
        },
        (0..<n).map { $0 % 3 == 0 ? .null : .string(["red", "a,b", "\"q\""][$0 % 3]) },
      ])
  }

  /// What each path writes: the batch path in one call, and row by row (explicit row indices).
  static func bothPaths(
    _ batches: [RecordBatch], format: ExportFormat, options: ExportOptions
  ) throws -> (batch: String, rowByRow: String) {
    let dir = try ExportTestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let schema = try #require(batches.first).schema
    let fast = try ExportWriter(
      path: dir + "/fast", format: format, schema: schema, options: options)
    let slow = try ExportWriter(
      path: dir + "/slow", format: format, schema: schema, options: options)
    for batch in batches {
      try fast.write(batch)
      try slow.write(batch, rows: Array(0..<batch.rowCount))
    }
    try fast.finish()
    try slow.finish()
    let read = { (name: String) throws -> String in
      String(decoding: try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name)), as: UTF8.self)
    }
    return (try read("fast"), try read("slow"))
  }

  static let optionSets: [ExportOptions] = [
    ExportOptions(),
    ExportOptions(delimiter: ";", nullMarker: "NULL", lineEnding: .crlf),
    ExportOptions(delimiter: ".", nullMarker: "0", includeHeader: false),
    ExportOptions(delimiter: "-", nullMarker: "\\N", jsonDecimalsAsStrings: false),
    ExportOptions(
      delimiter: "e", formatter: CellFormatter(timeZoneID: "America/New_York"),
      intervalFields: [:]),
  ]

  @Test(
    "CSV, TSV and JSON Lines: the batch path writes what row by row writes",
    arguments: [ExportFormat.csv, .tsv, .jsonLines, .markdown])
  func sameBytes(format: ExportFormat) throws {
    let batch = try Self.awkwardBatch()
    for options in Self.optionSets {
      let (fast, slow) = try Self.bothPaths([batch], format: format, options: options)
      #expect(fast == slow, "\(format) delimiter \(options.delimiter) null \(options.nullMarker)")
      #expect(fast.count > 200)
    }
  }

  @Test("Many one-row batches, empty batches and row ranges give the same bytes as one batch")
  func batchShapes() throws {
    let batch = try Self.awkwardBatch()
    let pieces = (0..<batch.rowCount).map { batch.slice(offset: $0, length: 1) }
    let empty = batch.slice(offset: 0, length: 0)
    for format in [ExportFormat.csv, .tsv, .jsonLines] {
      let (whole, _) = try Self.bothPaths([batch], format: format, options: ExportOptions())
      let (sliced, slicedSlow) = try Self.bothPaths(
        [empty] + pieces + [empty], format: format, options: ExportOptions())
      #expect(sliced == whole)
      #expect(slicedSlow == whole)
      // A row range in the middle of a batch.
      let dir = try ExportTestSupport.temporaryDirectory()
      defer { try? FileManager.default.removeItem(atPath: dir) }
      let writer = try ExportWriter(path: dir + "/r", format: format, schema: batch.schema)
      try writer.write(batch, rows: 3..<9)
      try writer.write(batch, rows: 5..<5)
      #expect(try writer.finish().rowCount == 6)
      let (middle, _) = try Self.bothPaths(
        [batch.slice(offset: 3, length: 6)], format: format, options: ExportOptions())
      #expect(try ExportTestSupport.contents(dir + "/r") == middle)
    }
  }

  @Test("Batches larger than one chunk: long strings, many rows")
  func largerThanAChunk() throws {
    let schema = ArrowSchema(fields: [
      ArrowField(name: "id", type: .int(bitWidth: 64, signed: true)),
      ArrowField(name: "text", type: .utf8),
      ArrowField(name: "x", type: .float64),
    ])
    let n = 9000
    let batch = try ArrowColumnBuilder.batch(
      schema,
      columns: [
        (0..<n).map { .int(Int64($0)) },
        (0..<n).map {
          $0 % 7 == 0 ? .null : .string(String(repeating: "ab\"c,\n\t\\", count: $0 % 40))
        },
        (0..<n).map { .double(Double($0) / 7) },
      ])
    for format in [ExportFormat.csv, .tsv, .jsonLines] {
      let (fast, slow) = try Self.bothPaths(
        [batch, batch], format: format, options: ExportOptions())
      #expect(fast == slow)
      #expect(fast.utf8.count > 2 * TextRowEncoderChunk.bytes)
    }
  }

  @Test("Cancelled between batches: .cancelled, no file, later calls .notOpen")
  func cancelMidway() throws {
    let dir = try ExportTestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let batch = try Self.awkwardBatch()
    for format in [ExportFormat.csv, .tsv, .jsonLines] {
      let flag = ExportCancellation()
      let writer = try ExportWriter(
        path: dir + "/c." + format.fileExtension, format: format, schema: batch.schema,
        cancellation: flag)
      for _ in 0..<3 { try writer.write(batch) }
      flag.cancel()
      #expect(throws: ExportError.cancelled) { try writer.write(batch) }
      #expect(throws: ExportError.notOpen) { try writer.write(batch) }
      #expect(throws: ExportError.notOpen) { try writer.finish() }
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
  }

  @Test(
    "A write error in the middle of a batch ends the export with the OS's reason",
    .enabled(if: FileManager.default.fileExists(atPath: "/dev/full")))
  func writeErrorMidway() throws {
    let schema = ArrowSchema(fields: [ArrowField(name: "text", type: .utf8)])
    let batch = try ArrowColumnBuilder.batch(
      schema,
      columns: [(0..<20_000).map { .string("row \($0) " + String(repeating: "x", count: 30)) }])
    for format in [ExportFormat.csv, .tsv, .jsonLines] {
      // /dev/full is written straight through; every write fails with ENOSPC, the first one
      // once the buffer passes its flush threshold, partway through the batch.
      let writer = try ExportWriter(path: "/dev/full", format: format, schema: schema)
      #expect(throws: ExportError.cannotWrite(path: "/dev/full", reason: "No space left on device"))
      {
        try writer.write(batch)
      }
      #expect(writer.rowCount > 0 && writer.rowCount < batch.rowCount)
      #expect(throws: ExportError.notOpen) { try writer.write(batch) }
    }
  }

  @Test("Doubles: Java text through the pointer path equals the array path")
  func doubleText() {
    var values: [Double] = [-0.0, 0, .nan, .infinity, -.infinity, 1e-7, 1e-3, 9.999e-4, 1e7]
    values += [.leastNonzeroMagnitude, .greatestFiniteMagnitude, 2e23, 1e23, 4.35, 0.3]
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    for i in 0..<20_000 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      values.append(Double(bitPattern: state))
      values.append(Double(i) / 7)
    }
    for value in values {
      var viaArray: [UInt8] = []
      JavaFloatText.append(value, to: &viaArray)
      let viaPointer = [UInt8](unsafeUninitializedCapacity: JavaFloatText.maxLength) {
        buffer, count in
        count = JavaFloatText.write(value, to: buffer.baseAddress!)
      }
      #expect(viaPointer == viaArray)
      #expect(String(decoding: viaArray, as: UTF8.self) == JavaFloatText.string(value))
    }
    let buffer = RowBytes(capacity: 8)
    for value: Int64 in [0, 9, 10, 99, 100, -1, .min, .max, 1_000_000_007] {
      buffer.appendDecimal(value)
      buffer.append(32)
    }
    buffer.appendDecimal(UInt64.max)
    var out: [UInt8] = []
    buffer.drain(into: &out)
    #expect(
      String(decoding: out, as: UTF8.self)
        == "0 9 10 99 100 -1 -9223372036854775808 9223372036854775807 1000000007 "
        + "18446744073709551615")
  }
}

/// The chunk size, for tests (`TextRowEncoder.chunkBytes` needs a conforming type).
enum TextRowEncoderChunk {
  static var bytes: Int { DelimitedTextEncoder.chunkBytes }
}
