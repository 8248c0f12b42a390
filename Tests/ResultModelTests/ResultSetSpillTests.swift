import ArrowIPC
import Foundation
import Testing

@testable import ResultModel

/// Results past the memory budget: their batches go to a spill file and are read back by
/// mapping. Everything read from a spilled result must equal the same result in memory.
@Suite struct ResultSetSpillTests {
  /// A fresh spill directory.
  static func directory() throws -> String {
    let path = NSTemporaryDirectory() + "flint-spill-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  static func policy(budget: Int, directory: String, limit: Int? = nil) -> SpillPolicy {
    SpillPolicy(
      budget: MemoryBudget(limit: budget), space: SpillSpace(directory: directory, limit: limit))
  }

  /// The spill files this process holds open in `directory` (names removed, so by descriptor).
  static func openSpillFiles(in directory: String) -> Int {
    let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
    return fds.filter { fd in
      let target =
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + fd))
      return target?.hasPrefix(directory + "/flint-") == true
    }.count
  }

  /// Every cell's text and every export format's bytes.
  static func snapshot(_ result: ResultSet, formatter: CellFormatter, in directory: String) throws
    -> (cells: [String], exports: [ExportFormat: Data])
  {
    var cells: [String] = []
    for row in 0..<result.rowCount {
      for column in 0..<result.columnCount {
        cells.append(result.text(row: row, column: column, formatter: formatter))
      }
    }
    var exports: [ExportFormat: Data] = [:]
    for format in ExportFormat.allCases {
      let path = directory + "/export-\(UUID().uuidString)." + format.fileExtension
      try ExportWriter.export(result, to: path, format: format)
      exports[format] = try Data(contentsOf: URL(fileURLWithPath: path))
      try FileManager.default.removeItem(atPath: path)
    }
    return (cells, exports)
  }

  @Test("Every Spark type reads and exports the same from the spill file as from memory")
  func spilledEqualsInMemory() throws {
    let directory = try Self.directory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    var checked = 0
    for fixture in ShowFixture.all() {
      let name = fixture.name
      let memory = try fixture.resultSet()
      let batches = (0..<memory.batchCount).compactMap { memory.batch($0) }
      // Nothing fits, and half fits: all batches spilled, and a mix.
      for budget in [0, memory.byteCount / 2] {
        let spilled = try ResultSet(
          schema: memory.schema, batches: batches,
          spill: Self.policy(budget: budget, directory: directory))
        #expect(spilled.rowCount == memory.rowCount, "\(name)")
        #expect(spilled.byteCount <= budget, "\(name)")
        if memory.rowCount > 0, budget == 0 {
          #expect(spilled.isSpilled, "\(name)")
          #expect(spilled.spilledBytes > 0, "\(name)")
        }
        let formatter = fixture.formatter
        let expected = try Self.snapshot(memory, formatter: formatter, in: directory)
        let got = try Self.snapshot(spilled, formatter: formatter, in: directory)
        #expect(got.cells == expected.cells, "\(name) budget \(budget)")
        for format in ExportFormat.allCases {
          #expect(got.exports[format] == expected.exports[format], "\(name) \(format)")
        }
      }
      checked += 1
    }
    #expect(checked >= 60)
  }

  @Test("A spilled result keeps within its budget and lets go of its file and budget")
  func budgetAndFileAreReleased() throws {
    let directory = try Self.directory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let policy = Self.policy(budget: 64 << 10, directory: directory)
    let batches = try (0..<40).map {
      try ExportTestSupport.smallBatch(ids: $0 * 1000..<($0 + 1) * 1000)
    }
    do {
      let result = try ResultSet(schema: batches[0].schema, batches: batches, spill: policy)
      #expect(result.isSpilled)
      #expect(result.byteCount <= 64 << 10)
      #expect(policy.budget.usedBytes == result.byteCount)
      #expect(policy.space.usedBytes == result.spilledBytes)
      // The file is open but has no name: nothing to leave behind however Flint ends.
      #expect(Self.openSpillFiles(in: directory) == 1)
      #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
      // Reading all of it maps a few batches at a time.
      let formatter = CellFormatter()
      for row in stride(from: 0, to: 40_000, by: 997) {
        #expect(result.text(row: row, column: 0, formatter: formatter) == String(row))
      }
      #expect(result.text(row: 39_998, column: 1, formatter: formatter) == "n39998")
    }
    #expect(policy.budget.usedBytes == 0)
    #expect(policy.space.usedBytes == 0)
    #expect(Self.openSpillFiles(in: directory) == 0)
  }

  @Test("Past spill_limit, loading stops with a message and the rows in stay readable")
  func spillLimitStopsLoading() throws {
    let directory = try Self.directory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let batch = try ExportTestSupport.smallBatch(ids: 0..<1000)
    let message = try ArrowBatchMessage.encode(batch).count
    let policy = Self.policy(budget: 0, directory: directory, limit: message * 3)
    let result = ResultSet(schema: batch.schema, spill: policy)
    for _ in 0..<3 { try result.append(batch) }
    #expect(
      throws: ResultSetError.spillFailed(
        "the spill files reached spill_limit (\(ByteSize.text(message * 3)))")
    ) {
      try result.append(batch)
    }
    #expect(result.rowCount == 3000)
    #expect(result.text(row: 2999, column: 0, formatter: CellFormatter()) == "999")
  }

  @Test("An unusable spill directory is a clear error")
  func unusableDirectory() throws {
    let file = try Self.directory() + "/not-a-directory"
    FileManager.default.createFile(atPath: file, contents: Data())
    let batch = try ExportTestSupport.smallBatch(ids: 0..<10)
    let result = ResultSet(
      schema: batch.schema, spill: Self.policy(budget: 0, directory: file + "/spill"))
    do {
      try result.append(batch)
      Issue.record("no error")
    } catch {
      #expect("\(error)".hasPrefix("cannot create the spill directory \(file)/spill"))
    }
    #expect(result.rowCount == 0)
  }

  @Test("Stale spill files are removed; those of a running Flint (locked) are kept")
  func staleFilesAreRemoved() throws {
    let directory = try Self.directory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let stale = directory + "/flint-999999-1.arrows"
    let held = directory + "/flint-1-1.arrows"
    let other = directory + "/notes.txt"
    for path in [stale, held, other] {
      FileManager.default.createFile(atPath: path, contents: Data([1]))
    }
    // Another process holds the lock, as a running Flint holds its file's.
    let holder = Process()
    holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
    holder.arguments = ["-x", held, "sleep", "30"]
    try holder.run()
    defer { holder.terminate() }
    var locked = false
    for _ in 0..<100 where !locked {
      let fd = open(held, O_RDONLY)
      locked = flock(fd, LOCK_EX | LOCK_NB) != 0
      close(fd)
      if !locked { usleep(20_000) }
    }
    #expect(locked)
    #expect(SpillSpace.removeStale(in: directory) == 1)
    let left = Set(try FileManager.default.contentsOfDirectory(atPath: directory))
    #expect(left == ["flint-1-1.arrows", "notes.txt"])
  }

  @Test("Reading a batch back: nil past the end, an error when the bytes cannot be mapped")
  func readingBack() throws {
    let directory = try Self.directory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let batch = try ExportTestSupport.smallBatch(ids: 0..<100)
    let result = try ResultSet(
      schema: batch.schema, batches: [batch, batch],
      spill: Self.policy(budget: 0, directory: directory))
    #expect(try result.readBatch(1)?.rowCount == 100)
    #expect(try result.readBatch(2) == nil)
    #expect(throws: ArrowIPCError.self) {
      try ArrowBatchMessage.decodeMapped(
        descriptor: -1, offset: 0, length: 64, schema: batch.schema)
    }
    // An export's loop turns a failed read into an error about its file.
    let path = directory + "/out.csv"
    #expect(try ExportWriter.loadedBatch(0, of: result, path: path)?.rowCount == 100)
  }

  @Test func sizesParseAndPrint() {
    #expect(ByteSize.parse("512KiB") == 512 << 10)
    #expect(ByteSize.parse("64MiB") == 64 << 20)
    #expect(ByteSize.parse("4GiB") == 4 << 30)
    #expect(ByteSize.parse("4 gib") == 4 << 30)
    #expect(ByteSize.parse("1.5GiB") == 3 << 29)
    #expect(ByteSize.parse("2MB") == 2_000_000)
    #expect(ByteSize.parse("4096") == 4096)
    #expect(ByteSize.parse("") == nil)
    #expect(ByteSize.parse("lots") == nil)
    #expect(ByteSize.parse("-1MiB") == nil)
    #expect(ByteSize.parse("12 parsecs") == nil)
    #expect(ByteSize.text(512 << 10) == "512 KiB")
    #expect(ByteSize.text(3 << 29) == "1.5 GiB")
    #expect(ByteSize.text(100) == "100 bytes")
  }

  @Test func budgetReservesOnlyWhatFits() {
    let budget = MemoryBudget(limit: 100)
    #expect(budget.reserve(60))
    #expect(!budget.reserve(41))
    #expect(budget.reserve(40))
    budget.release(60)
    #expect(budget.usedBytes == 40)
    #expect(MemoryBudget.defaultLimit <= 4 << 30)
    #expect(MemoryBudget.defaultLimit > 0)
  }
}
