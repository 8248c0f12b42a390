import Foundation
import Testing

@testable import ResultModel

/// The writer thread behind a temporary export file: order, the two buffers, failures.
@Suite("Background writer")
struct BackgroundWriterTests {
  @Test("Buffers reach the file whole and in order; the caller gets an empty buffer back")
  func order() throws {
    let dir = try ExportTestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/out"
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    try #require(fd >= 0)
    let writer = BackgroundWriter(descriptor: fd, capacity: 64)
    var expected: [UInt8] = []
    var buffer: [UInt8] = []
    for i in 0..<500 {
      buffer.append(contentsOf: (0..<(i % 97 + 1)).map { UInt8(truncatingIfNeeded: $0 &+ i) })
      expected += buffer
      #expect(writer.submit(&buffer) == nil)
      #expect(buffer.isEmpty)
    }
    #expect(writer.finish() == nil)
    close(fd)
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(expected))
  }

  @Test("A failed write shows at the next submit and at finish; nothing is written after it")
  func failure() throws {
    let dir = try ExportTestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/readonly"
    FileManager.default.createFile(atPath: path, contents: Data())
    let fd = open(path, O_RDONLY)  // every write fails with EBADF
    try #require(fd >= 0)
    defer { close(fd) }
    let writer = BackgroundWriter(descriptor: fd, capacity: 16)
    var buffer: [UInt8] = [1, 2, 3]
    #expect(writer.submit(&buffer) == nil)
    buffer = [4]
    #expect(writer.submit(&buffer) == EBADF)
    #expect(buffer == [4])
    #expect(writer.finish() == EBADF)
    #expect(writer.submit(&buffer) == EBADF)
  }

  @Test("A temporary file written through the writer thread is complete at commit")
  func committed() throws {
    // (A failing one: ExportDiskFullTests, on a full tmpfs.)
    let dir = try ExportTestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let output = try SafeFileOutput(path: dir + "/x.csv")
    output.writeInBackground()
    output.buffer = Array(repeating: 65, count: SafeFileOutput.flushThreshold)
    try output.flush()
    output.buffer = [66]
    try output.commit()
    #expect(
      try ExportTestSupport.contents(dir + "/x.csv").utf8.count == 1 + SafeFileOutput.flushThreshold
    )
  }
}
