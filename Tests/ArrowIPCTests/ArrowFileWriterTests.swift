import Foundation
import Testing

@testable import ArrowIPC

@Suite("Writing Arrow IPC files")
struct ArrowFileWriterTests {
  @Test(arguments: Fixtures.names)
  func roundTripsThroughOwnReader(_ name: String) throws {
    let (schema, batches) = try ArrowStreamReader.readAll(Fixtures.stream(name))
    let file = try ArrowFileWriter.fileData(schema: schema, batches: batches)
    let reader = try ArrowFileReader(file)
    #expect(reader.schema == schema.withoutDictionaries)
    let problems = mismatches(try reader.allBatches(), try Fixtures.expected(name))
    #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    // Same through the stream writer.
    let stream = try ArrowStreamWriter.streamData(schema: schema, batches: batches)
    let again = mismatches(
      try ArrowStreamReader.readAll(stream).batches, try Fixtures.expected(name))
    #expect(again.isEmpty, "\(again.joined(separator: "\n"))")
  }

  @Test(arguments: Fixtures.names)
  func slicesAreRebased(_ name: String) throws {
    let (schema, batches) = try ArrowStreamReader.readAll(Fixtures.stream(name))
    for batch in batches where batch.rowCount >= 3 {
      for (offset, length) in [(1, batch.rowCount - 2), (batch.rowCount - 1, 1), (2, 0)] {
        let slice = batch.slice(offset: offset, length: length)
        let file = try ArrowFileWriter.fileData(schema: schema, batches: [slice])
        let back = try #require(try ArrowFileReader(file).allBatches().first)
        #expect(back.rowCount == length)
        for (c, column) in back.columns.enumerated() {
          // Decoded dictionaries also count null dictionary values as nulls.
          if slice.columns[c].dictionaryValues == nil {
            #expect(column.nullCount == slice.columns[c].nullCount)
          }
          for row in 0..<length {
            #expect(
              column.value(at: row) == slice.columns[c].value(at: row)
                || hasNaN(column.value(at: row)))
          }
        }
      }
    }
  }

  @Test func projectionAndTake() throws {
    let (schema, batches) = try ArrowStreamReader.readAll(Fixtures.stream("sliced"))
    let batch = batches[0]
    let projected = try batch.project([2, 0])
    #expect(projected.schema.fields.map(\.name) == ["s", "b"])
    let file = try ArrowFileWriter.fileData(schema: projected.schema, batches: [projected])
    let back = try #require(try ArrowFileReader(file).allBatches().first)
    for row in 0..<batch.rowCount {
      #expect(back.columns[0].value(at: row) == batch.columns[2].value(at: row))
    }
    let rows = [4, 0, 0, 16, -1, 2]
    let taken = try batch.take(rows: rows)
    #expect(taken.rowCount == rows.count)
    for (c, column) in taken.columns.enumerated() {
      #expect(column.dictionaryValues == nil)
      for (i, row) in rows.enumerated() {
        #expect(
          column.value(at: i) == (row < 0 ? .null : batch.columns[c].value(at: row)), "column \(c)")
      }
    }
    let takenFile = try ArrowFileWriter.fileData(schema: taken.schema, batches: [taken])
    #expect(
      try ArrowFileReader(takenFile).batch(at: 0).columns[3].value(at: 0)
        == batch.columns[3].value(at: 4))
    _ = schema
  }

  @Test func rejectsMismatchedBatches() throws {
    let (_, batches) = try ArrowStreamReader.readAll(Fixtures.stream("multi_batch"))
    let other = ArrowSchema(fields: [ArrowField(name: "x", type: .bool)])
    let writer = try ArrowFileWriter(schema: other)
    #expect(throws: ArrowIPCError.self) { try writer.write(batches[0]) }
    try writer.finish()
    #expect(throws: ArrowIPCError.self) { try writer.write(batches[0]) }
  }

  @Test func writesToFileHandle() throws {
    let (schema, batches) = try ArrowStreamReader.readAll(Fixtures.stream("multi_batch"))
    let directory = try PyArrow.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("out.arrow")
    FileManager.default.createFile(atPath: url.path, contents: nil)
    let handle = try FileHandle(forWritingTo: url)
    let writer = try ArrowFileWriter(schema: schema, to: handle)
    for batch in batches { try writer.write(batch) }
    try writer.finish()
    try handle.close()
    let data = try Data(contentsOf: url)
    #expect(data == (try ArrowFileWriter.fileData(schema: schema, batches: batches)))
    #expect(try ArrowFileReader(data).batchCount == batches.count)
  }

  /// pyarrow.ipc.open_file reads every file we write (whole fixtures and slices) with the same
  /// schema (dictionaries decoded) and values, and `validate(full=True)` passes.
  @Test func pyarrowOpensWrittenFiles() throws {
    let directory = try PyArrow.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    var arguments: [String] = []
    for name in Fixtures.names {
      let (schema, batches) = try ArrowStreamReader.readAll(Fixtures.stream(name))
      let fixture = Fixtures.directory.appendingPathComponent(name + ".arrows").path
      let whole = directory.appendingPathComponent(name + ".arrow")
      try ArrowFileWriter.fileData(schema: schema, batches: batches).write(to: whole)
      arguments += [fixture, whole.path, "-1", "0"]
      if let rows = batches.map(\.rowCount).min(), rows >= 3 {
        let sliced = directory.appendingPathComponent(name + ".slice.arrow")
        let slices = batches.map { $0.slice(offset: 1, length: rows - 2) }
        try ArrowFileWriter.fileData(schema: schema, batches: slices).write(to: sliced)
        arguments += [fixture, sliced.path, "1", String(rows - 2)]
      }
    }
    let (status, output) = try PyArrow.run(PyArrow.compareScript, arguments: arguments)
    #expect(status == 0, "\(output)")
    #expect(
      output.components(separatedBy: "\nOK ").count + (output.hasPrefix("OK ") ? 0 : 1)
        > Fixtures.names.count)
  }
}

func hasNaN(_ value: ArrowValue) -> Bool {
  switch value {
  case .double(let d): d.isNaN
  case .float(let f): f.isNaN
  case .list(let items): items.contains(where: hasNaN)
  case .struct(let fields): fields.contains { hasNaN($0.value) }
  case .map(let entries): entries.contains { hasNaN($0.key) || hasNaN($0.value) }
  default: false
  }
}
