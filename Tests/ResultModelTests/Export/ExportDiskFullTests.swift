import ArrowIPC
import Foundation
import Testing

@testable import ResultModel

/// A full file system, end to end. Needs a small file system to fill, so it runs only when
/// FLINT_EXPORT_FULL_DIR names one (e.g. as root:
/// `mount -t tmpfs -o size=256k tmpfs /tmp/flint-tiny`, then FLINT_EXPORT_FULL_DIR=/tmp/flint-tiny).
@Suite("Export on a full disk")
struct ExportDiskFullTests {
  static let directory = ProcessInfo.processInfo.environment["FLINT_EXPORT_FULL_DIR"]

  @Test(
    "Every format reports ENOSPC as cannotWrite and leaves no file",
    .enabled(if: directory != nil))
  func fullDisk() throws {
    let dir = try #require(Self.directory)
    let batch = try ExportTestSupport.smallBatch(ids: 0..<10_000)
    for format in ExportFormat.allCases {
      let path = dir + "/full." + format.fileExtension
      do {
        let writer = try ExportWriter(path: path, format: format, schema: batch.schema)
        for _ in 0..<20 { try writer.write(batch) }
        try writer.finish()
        Issue.record("\(format): no error on a full disk")
      } catch {
        guard case .cannotWrite(let p, let reason) = error else {
          Issue.record("\(format): unexpected \(error)")
          continue
        }
        print("EXPORT-FULL \(format.rawValue): \(error)")
        #expect(p == path)
        #expect(reason == "No space left on device")
      }
      #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }
  }
}
