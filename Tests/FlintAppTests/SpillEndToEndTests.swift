import Foundation
import TestSupport
import Testing

/// The real `flint` binary over a tiny memory budget against the real server: its rows go to
/// a spill file that has no name (so it is gone however Flint ends), stale files of a killed
/// Flint are removed at the start but not those of a running one, and a full spill disk stops
/// loading with a message and keeps the rows and the typed text.
@Suite(.serialized, .timeLimit(.minutes(10))) struct SpillEndToEndTests {
  static let query = "SELECT id, CAST(id AS STRING) AS s FROM range(0, 2000000)"

  /// A fresh cache directory (XDG_CACHE_HOME) and its spill directory.
  static func cache() throws -> (cache: URL, spill: String) {
    let cache = FileManager.default.temporaryDirectory.appendingPathComponent(
      "flint-spill-e2e-\(UUID())")
    let spill = cache.appendingPathComponent("flint/spill").path
    try FileManager.default.createDirectory(atPath: spill, withIntermediateDirectories: true)
    return (cache, spill)
  }

  /// The targets of process `pid`'s open files.
  static func openFiles(of pid: String) -> [String] {
    let directory = "/proc/\(pid)/fd"
    let fds = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return fds.compactMap {
      try? FileManager.default.destinationOfSymbolicLink(atPath: directory + "/" + $0)
    }
  }

  /// Holds an exclusive lock on `path` (as a running Flint holds its spill file's) until
  /// terminated.
  static func holdLock(on path: String) throws -> Process {
    FileManager.default.createFile(atPath: path, contents: Data([1]))
    let holder = Process()
    holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
    holder.arguments = ["-x", path, "sleep", "120"]
    try holder.run()
    for _ in 0..<200 {
      let fd = open(path, O_RDONLY)
      let free = flock(fd, LOCK_EX | LOCK_NB) == 0
      close(fd)
      if !free { return holder }
      usleep(20_000)
    }
    holder.terminate()
    throw TmuxSession.Failure.timeout("the lock on \(path)", screen: "")
  }

  @Test func rowsSpillScrollToTheEndAndTheFileGoesWithSIGTERM() throws {
    let (cache, spill) = try Self.cache()
    defer { try? FileManager.default.removeItem(at: cache) }
    let stale = spill + "/flint-999999-1.arrows"
    FileManager.default.createFile(atPath: stale, contents: Data([1]))
    let held = spill + "/flint-1-1.arrows"
    let holder = try Self.holdLock(on: held)
    defer { holder.terminate() }
    let (tmux, state) = try ExploreEndToEndTests.start(
      arguments: "--max-rows 0 --memory-budget 1MiB '\(TestEnvironment.remote)'",
      environment: ["XDG_CACHE_HOME": cache.path])
    defer { try? FileManager.default.removeItem(at: state) }
    try tmux.waitFor(text: "● Spark", timeout: 30)
    // Started: the stale file is gone, the locked one stays.
    #expect(!FileManager.default.fileExists(atPath: stale))
    #expect(FileManager.default.fileExists(atPath: held))
    try tmux.type(Self.query)
    try tmux.sendKeys("F5")
    let loaded = try tmux.waitFor(text: "2,000,000 rows", timeout: 120)
    #expect(loaded.contains("on disk"))
    let pid = try ExploreEndToEndTests.flintPID(in: tmux)
    let spillFiles = Self.openFiles(of: pid).filter { $0.hasPrefix(spill + "/flint-\(pid)-") }
    #expect(spillFiles.count == 1)
    #expect(spillFiles.allSatisfy { $0.hasSuffix("(deleted)") })
    try tmux.sendKeys("Tab")
    try tmux.type("G")
    try tmux.waitFor(text: "1999999", timeout: 10)
    // A sort of the spilled result runs on the server: the strings in their order.
    try tmux.sendKeys("Right")
    try tmux.type("s")
    try tmux.waitFor(text: "sorting on the server: the result is larger than the memory budget")
    let sorted = try tmux.waitFor("the sorted rows", timeout: 120) {
      $0.contains("› sort s ↑") && $0.contains("2,000,000 rows")
    }
    let firstValues = sorted.split(separator: "\n").compactMap { line -> String? in
      guard let match = line.firstMatch(of: /(\d+) +(\d+)│(\d+) *│/) else { return nil }
      return String(match.3)
    }
    #expect(Array(firstValues.prefix(6)) == ["0", "1", "10", "100", "1000", "10000"])
    kill(pid_t(Int32(pid) ?? 0), SIGTERM)
    try tmux.waitFor(text: "EXIT=", timeout: 15)
    #expect(try FileManager.default.contentsOfDirectory(atPath: spill) == ["flint-1-1.arrows"])
  }

  @Test func aFullSpillDiskStopsLoadingAndKeepsRowsAndText() throws {
    let (cache, _) = try Self.cache()
    defer { try? FileManager.default.removeItem(at: cache) }
    // A file-size limit of 8 MiB (ulimit counts 1,024-byte blocks) fills the spill file.
    let (tmux, state) = try ExploreEndToEndTests.start(
      arguments: "--max-rows 0 --memory-budget 1MiB '\(TestEnvironment.remote)'",
      shellPrefix: "ulimit -f 8192; ", environment: ["XDG_CACHE_HOME": cache.path])
    defer { try? FileManager.default.removeItem(at: state) }
    try tmux.waitFor(text: "● Spark", timeout: 30)
    try tmux.type(Self.query)
    try tmux.sendKeys("F5")
    let stopped = try tmux.waitFor(text: "stopped loading", timeout: 120)
    #expect(stopped.contains("file-size limit"))
    #expect(stopped.contains("rows kept"))
    // The rows are there and the text is kept: the last loaded row, then more typing.
    let kept = try #require(stopped.range(of: "[0-9,]+(?= rows kept)", options: .regularExpression))
    let rows = try #require(Int(stopped[kept].replacingOccurrences(of: ",", with: "")))
    #expect(rows > 0 && rows < 2_000_000)
    try tmux.sendKeys("Tab")
    try tmux.type("G")
    try tmux.waitFor(text: String(rows - 1), timeout: 10)
    try tmux.sendKeys("Tab", "Tab", "End")
    try tmux.type(" -- still here")
    try tmux.waitFor(text: "range(0, 2000000) -- still here", timeout: 10)
    try tmux.sendKeys("C-q")
    try tmux.waitFor(text: "EXIT=0", timeout: 15)
  }

  @Test func anUnusableSpillDirectoryIsAClearMessage() throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent(
      "flint-not-a-dir-\(UUID())")
    FileManager.default.createFile(atPath: file.path, contents: Data())
    defer { try? FileManager.default.removeItem(at: file) }
    let result = try TestEnvironment.run(
      ExploreEndToEndTests.flint,
      [
        "fetch", "--remote", TestEnvironment.remote, "--render", "120x40", "--frames", "1",
        "--memory-budget", "1MiB", Self.query,
      ], environment: ["XDG_CACHE_HOME": file.path])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(
      result.stdout.contains(
        #""load_stopped": "stopped loading: cannot create the spill directory \#(file.path)/flint/spill"#
      ))
    #expect(result.stdout.contains(#""loaded_rows": "#))
  }
}
