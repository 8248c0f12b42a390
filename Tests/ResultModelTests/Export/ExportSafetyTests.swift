import ArrowIPC
import Foundation
import Testing

@testable import ResultModel

/// No half-written files, no silent overwrites, clear errors for unwritable places.
@Suite("Export safety")
struct ExportSafetyTests {
  @Test("A cancelled export leaves no file, for every format")
  func cancelLeavesNothing() throws {
    let dir = try ExportTestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let batch = try ExportTestSupport.smallBatch(ids: 0..<1000)
    for format in ExportFormat.allCases {
      let flag = ExportCancellation()
      let path = dir + "/c." + format.fileExtension
      let writer = try ExportWriter(
        path: path, format: format, schema: batch.schema, cancellation: flag)
      try writer.write(batch)
      flag.cancel()
      #expect(throws: ExportError.cancelled) { try writer.write(batch) }
      #expect(throws: ExportError.notOpen) { try writer.finish() }
      #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }
    // cancel() directly, and dropping an unfinished writer
    do {
      let writer = try ExportWriter(path: dir + "/d.csv", format: .csv, schema: batch.schema)
      try writer.write(batch)
      writer.cancel()
    }
    do {
      let writer = try ExportWriter(path: dir + "/e.csv", format: .csv, schema: batch.schema)
      try writer.write(batch)
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
  }

  @Test("Unfinished temporary files are registered, so a stopped command can remove them")
  func temporaryFilesAreRegisteredUntilDone() throws {
    let dir = try ExportTestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let batch = try ExportTestSupport.smallBatch(ids: 0..<100)
    func ours() -> Set<String> { TemporaryFiles.registered.filter { $0.hasPrefix(dir) } }

    let committed = try ExportWriter(path: dir + "/a.csv", format: .csv, schema: batch.schema)
    try committed.write(batch)
    #expect(ours().count == 1)
    _ = try committed.finish()
    #expect(ours().isEmpty)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["a.csv"])

    let abandoned = try ExportWriter(path: dir + "/b.csv", format: .csv, schema: batch.schema)
    try abandoned.write(batch)
    #expect(ours().count == 1)
    // What a signal handler does before exit() (no deinit runs after it); only this test's
    // files, as other tests run alongside.
    TemporaryFiles.removeAll { $0.hasPrefix(dir) }
    #expect(ours().isEmpty)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["a.csv"])
    abandoned.cancel()
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["a.csv"])
  }

  @Test("Task cancellation stops a ResultSet export and leaves no file")
  func taskCancellation() async throws {
    let dir = try ExportTestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let batch = try ExportTestSupport.smallBatch(ids: 0..<100)
    let result = try ResultSet(schema: batch.schema, batches: [batch, batch, batch])
    let path = dir + "/t.csv"
    let task = Task {
      withUnsafeCurrentTask { $0?.cancel() }
      return try ExportWriter.export(result, to: path, format: .csv)
    }
    await #expect(throws: ExportError.cancelled) { try await task.value }
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
  }

  @Test("An existing file is not overwritten unless asked")
  func noOverwrite() throws {
    let dir = try ExportTestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/keep.csv"
    try Data("precious".utf8).write(to: URL(fileURLWithPath: path))
    let batch = try ExportTestSupport.smallBatch(ids: 0..<3)
    #expect(throws: ExportError.fileExists(path)) {
      try ExportWriter(path: path, format: .csv, schema: batch.schema)
    }
    #expect(try ExportTestSupport.contents(path) == "precious")
    // The file appears while the export runs: still not replaced.
    let late = dir + "/late.csv"
    let writer = try ExportWriter(path: late, format: .csv, schema: batch.schema)
    try writer.write(batch)
    try Data("other".utf8).write(to: URL(fileURLWithPath: late))
    #expect(throws: ExportError.fileExists(late)) { try writer.finish() }
    #expect(try ExportTestSupport.contents(late) == "other")
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == [
        "keep.csv", "late.csv",
      ])
    // overwrite: true replaces it, only on success.
    let replacing = try ExportWriter(
      path: path, format: .csv, schema: batch.schema, overwrite: true)
    try replacing.write(batch)
    #expect(try ExportTestSupport.contents(path) == "precious")
    try replacing.finish()
    #expect(try ExportTestSupport.contents(path).hasPrefix("id,name,score\n0,,0.0\n"))
  }

  @Test("Writing into a read-only or missing directory is a clear typed error")
  func unwritableDirectory() throws {
    let dir = try ExportTestSupport.temporaryDirectory()
    defer {
      try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir)
      try? FileManager.default.removeItem(atPath: dir)
    }
    let batch = try ExportTestSupport.smallBatch(ids: 0..<3)
    let missing = dir + "/no/such/dir/x.csv"
    do {
      _ = try ExportWriter(path: missing, format: .csv, schema: batch.schema)
      Issue.record("no error for a missing directory")
    } catch {
      guard case .cannotWrite(let path, let reason) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(path == missing)
      #expect(reason.contains("No such file or directory"))
    }
    #expect(throws: ExportError.cannotWrite(path: dir, reason: "it is a directory")) {
      try ExportWriter(path: dir, format: .csv, schema: batch.schema, overwrite: true)
    }
    try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: dir)
    let path = dir + "/x.csv"
    if getuid() == 0 {
      // root ignores permission bits; a read-only *file system* path stands in.
      let proc = "/proc/flint-export-test.csv"
      #expect(throws: ExportError.self) {
        try ExportWriter(path: proc, format: .csv, schema: batch.schema)
      }
    } else {
      do {
        _ = try ExportWriter(path: path, format: .csv, schema: batch.schema)
        Issue.record("no error for a read-only directory")
      } catch {
        #expect(
          error
            == .cannotWrite(path: path, reason: "cannot create a file in \(dir): Permission denied")
        )
      }
    }
  }

  @Test("A full disk (ENOSPC) becomes cannotWrite with the OS reason")
  func diskFull() throws {
    let fd = open("/dev/full", O_WRONLY)
    try #require(fd >= 0, "/dev/full is needed for this test")
    defer { close(fd) }
    let bytes = [UInt8](repeating: 65, count: 4096)
    let code = bytes.withUnsafeBytes { SafeFileOutput.writeAll(fd, $0) }
    #expect(code == ENOSPC)
    #expect(SafeFileOutput.reason(ENOSPC) == "No space left on device")
  }

  /// `-o /dev/null` or a named pipe: written to as they are, never replaced by a rename (a
  /// rename over /dev/null once turned it into a regular file for the whole machine).
  @Test("Devices and named pipes are written to, never replaced")
  func specialFilesAreWrittenToInPlace() throws {
    let batch = try ExportTestSupport.smallBatch(ids: 0..<1000)
    for format in ExportFormat.allCases {
      let writer = try ExportWriter(
        path: "/dev/null", format: format, schema: batch.schema, overwrite: false)
      try writer.write(batch)
      _ = try writer.finish()
      var info = stat()
      #expect(stat("/dev/null", &info) == 0)
      #expect((info.st_mode & S_IFMT) == S_IFCHR, "\(format) replaced /dev/null")
    }
    let dir = try ExportTestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let fifo = dir + "/pipe"
    #expect(mkfifo(fifo, 0o600) == 0)
    // The reader reads until end of file with plain read(2): Foundation's
    // `Data(contentsOf:)` trusts the FIFO's size of 0 and may close it before the writer
    // writes, which failed this test with "Broken pipe" on a loaded CI machine.
    let received = LockedBytes()
    let readerDone = DispatchSemaphore(value: 0)
    let reader = Thread {
      defer { readerDone.signal() }
      let fd = open(fifo, O_RDONLY)
      guard fd >= 0 else { return }
      defer { close(fd) }
      var buffer = [UInt8](repeating: 0, count: 4096)
      while true {
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count > 0 {
          received.append(buffer[0..<count])
        } else if count == 0 || errno != EINTR {
          return
        }
      }
    }
    reader.start()
    let output = try SafeFileOutput(path: fifo)
    try output.write(Array("id\n1\n".utf8))
    try output.commit()
    readerDone.wait()
    #expect(received.bytes == Array("id\n1\n".utf8))
    var info = stat()
    #expect(stat(fifo, &info) == 0)
    #expect((info.st_mode & S_IFMT) == S_IFIFO)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["pipe"])
  }
}

/// Bytes appended by one thread and read by another.
private final class LockedBytes: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: [UInt8] = []
  func append(_ more: ArraySlice<UInt8>) { lock.withLock { stored += more } }
  var bytes: [UInt8] { lock.withLock { stored } }
}
