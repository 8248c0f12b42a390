import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A run of consecutive loopback ports held for this test process, so that two test runs
/// at once (two checkouts, two build dirs) never start servers on the same ports.
///
/// Each port is claimed with an exclusive `flock` on a file in the temp dir, held until this
/// process exits (the kernel drops the lock even after SIGKILL), and only when nothing
/// listens on it yet.
public enum PortReservation {
  /// The first of `count` consecutive free ports in `range`, claimed for this process.
  public static func reserve(count: Int, in range: ClosedRange<Int>) throws -> Int {
    let directory = NSTemporaryDirectory() + "flint-port-locks"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    var first = range.lowerBound
    while first + count - 1 <= range.upperBound {
      var claimed: [Int32] = []
      for port in first..<(first + count) {
        let fd = open("\(directory)/\(port).lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { break }
        if flock(fd, LOCK_EX | LOCK_NB) == 0, !LoopbackPort.accepts(port) {
          claimed.append(fd)
        } else {
          close(fd)
          break
        }
      }
      // Kept open (and locked) for the life of the process.
      if claimed.count == count { return first }
      for fd in claimed { close(fd) }
      first += claimed.count + 1
    }
    throw SparkTestServer.ServerError(
      message: "no \(count) free consecutive ports in \(range) (other test runs hold them)")
  }
}
