import Foundation
import TestSupport
import Testing

@testable import SparkConnectClient

/// The reattaches Spark forces on every large result, the operation it forgets, and the
/// releases that must leave nothing behind, against `ReattachServer` (1 s / 1 MiB streams,
/// 5 s detached timeout). Through the client, the `flint query` binary and the TUI in tmux.
@Suite(.serialized, .timeLimit(.minutes(5)), ReattachServerScope())
struct ReattachServerTests {
  static var flint: String {
    if let path = ProcessInfo.processInfo.environment["FLINT_BIN"] { return path }
    return TestEnvironment.repositoryRoot.appendingPathComponent(".build/debug/flint").path
  }

  /// Runs a program under `timeout`, so a hang fails this test by name (exit status 124).
  static func run(_ seconds: Int, _ executable: String, _ arguments: [String]) throws -> (
    status: Int32, stdout: String, stderr: String
  ) {
    try TestEnvironment.run("/usr/bin/timeout", ["-k", "5", "\(seconds)", executable] + arguments)
  }

  /// The checksum of an Arrow IPC file's first column as pyarrow reads it, and whether the
  /// ids are 0, 1, 2, … in order.
  static func fileChecksum(_ path: String) throws -> (IDChecksum, inOrder: Bool) {
    let script = """
      import sys, json, numpy as np, pyarrow as pa
      ids = pa.ipc.open_file(sys.argv[1]).read_all().column(0).to_numpy().astype(np.int64)
      mix = np.bitwise_xor.reduce(np.mod(ids * \(IDChecksum.factor), \(IDChecksum.modulus))) if len(ids) else 0
      print(json.dumps({"rows": int(len(ids)), "sum": int(ids.sum()), "mix": int(mix),
        "inOrder": bool((ids == np.arange(len(ids))).all())}))
      """
    let read = try run(120, TestEnvironment.python, ["-c", script, path])
    #expect(read.status == 0, "pyarrow: \(read.stderr)")
    let values = try JSONSerialization.jsonObject(with: Data(read.stdout.utf8)) as? [String: Any]
    func number(_ key: String) -> Int64 { (values?[key] as? NSNumber)?.int64Value ?? -1 }
    return (
      IDChecksum(rows: number("rows"), sum: number("sum"), mix: number("mix")),
      values?["inOrder"] as? Bool == true
    )
  }

  @Test func tenMillionRowsArriveCompleteAndOnceAcrossServerEndedStreams() async throws {
    var options = SessionOptions()
    options.resultBuffers = .shared
    let session = try ReattachServer.session(options)
    let expected = try await ReattachServer.serverChecksum(
      of: ReattachServer.tenMillion, in: session)
    #expect(expected.rows == 10_000_000)
    let clock = ContinuousClock()
    let start = clock.now
    var stream = IDStream()
    for try await event in session.run(sql: ReattachServer.tenMillion) { stream.add(event) }
    let took = clock.now - start
    #expect(stream.checksum == expected, "server: \(expected)")
    #expect(stream.misplaced == 0)
    // 1 MiB per stream: ~80 MB of ids take dozens of streams.
    #expect(stream.serverEndedReattaches >= 10, "\(stream.serverEndedReattaches) reattaches")
    #expect(stream.brokenReattaches == 0 && stream.reconnects == 0)
    print(
      "FLINT-FIGURES 10M rows through \(stream.serverEndedReattaches) server-ended streams in \(took): \(stream.checksum) = the server's"
    )
    await session.close()
  }

  /// Cuts and resets at random points (from the printed seed, `FLINT_CUT_SEED` replays)
  /// while the server also ends every stream on its own: both kinds of reattach in one
  /// result, and still every row once, in order.
  @Test func randomCutsBetweenServerEndedStreams() async throws {
    print("FLINT-CUT-SEED \(CutPoints.replay)")
    let proxy = try FaultProxy(targetPort: ReattachServer.port)
    defer { proxy.stop() }
    let session = try SparkConnectSession(connection: ConnectionString(parsing: proxy.url))
    let sql = "SELECT id FROM range(3000000)"
    let expected = try await ReattachServer.serverChecksum(of: sql, in: session)
    var random = CutPoints.generator(stream: 1)
    var serverEnded = 0
    var broken = 0
    var rows = 0
    let cuts = 5
    for index in 0..<cuts {
      // The result is over 24 MB on the wire: every point below 20 MB fires.
      let point = Int.random(in: 1..<20_000_000, using: &random)
      let fault: FaultProxy.Fault =
        index % 2 == 0 ? .cut(afterBytes: point) : .reset(afterBytes: point)
      proxy.inject(fault)
      var stream = IDStream()
      do {
        for try await event in session.run(sql: sql) { stream.add(event) }
      } catch {
        Issue.record("\(fault) failed (\(CutPoints.replay)): \(error)")
        continue
      }
      #expect(proxy.faultsTriggered == index + 1, "\(fault) did not fire (\(CutPoints.replay))")
      #expect(stream.checksum == expected, "\(fault) (\(CutPoints.replay)): \(stream.checksum)")
      #expect(stream.misplaced == 0, "\(fault) (\(CutPoints.replay))")
      #expect(stream.reconnects >= 1, "\(fault) went unnoticed (\(CutPoints.replay))")
      serverEnded += stream.serverEndedReattaches
      broken += stream.brokenReattaches
      rows += stream.rows
    }
    #expect(serverEnded >= cuts * 5)
    print(
      "FLINT-FIGURES \(cuts) cuts between server-ended streams: \(serverEnded) server-ended and \(broken) after-cut reattaches, \(rows) rows checked, \(CutPoints.replay)"
    )
    await session.close()
  }

  /// `flint query -o x.arrow --verbose`: the file has every row once, in order (read back by
  /// pyarrow), and stderr says how often the streams were resumed.
  @Test func flintQueryWritesTenMillionRowsAndReportsItsReattaches() async throws {
    let session = try ReattachServer.session()
    let expected = try await ReattachServer.serverChecksum(
      of: ReattachServer.tenMillion, in: session)
    await session.close()
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "flint-reattach-\(UUID())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("x.arrow").path
    let got = try Self.run(
      150, Self.flint,
      ["query", "--remote", ReattachServer.url, "--verbose", "-o", file, ReattachServer.tenMillion])
    #expect(got.status == 0, "flint query: \(got.stderr)")
    let line = try #require(
      got.stderr.split(separator: "\n").first { $0.contains("reattach") }, "stderr: \(got.stderr)")
    let numbers = line.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
    // "flint: N reattaches (S after the server ended the stream, F after a broken stream), R …"
    #expect(numbers.count == 4, "\(line)")
    if numbers.count == 4 {
      #expect(numbers[0] >= 10 && numbers[0] == numbers[1] + numbers[2], "\(line)")
      #expect(numbers[2] == 0 && numbers[3] == 0, "\(line)")
    }

    let (read, inOrder) = try Self.fileChecksum(file)
    #expect(read == expected, "pyarrow read \(read), the server computed \(expected)")
    #expect(inOrder)
    print("FLINT-FIGURES flint query -o x.arrow: \(read) = the server's; \(line)")
  }

  /// The TUI's grid with no row cap: all 10M rows, the last one at the end, the count line
  /// says how often the stream was resumed, and the loaded rows exported as Arrow (the export
  /// dialog, scope "all loaded rows") equal the server's own checksum.
  @Test func theGridLoadsTenMillionRowsAcrossServerEndedStreams() async throws {
    let session = try ReattachServer.session()
    let expected = try await ReattachServer.serverChecksum(
      of: ReattachServer.tenMillion, in: session)
    await session.close()
    let state = FileManager.default.temporaryDirectory.appendingPathComponent(
      "flint-reattach-tui-\(UUID())")
    try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: state) }
    // Started in the state dir: the export's default path is relative to it.
    let tmux = try TmuxSession(
      command:
        "cd '\(state.path)' && '\(Self.flint)' --max-rows 0 '\(ReattachServer.url)'; echo EXIT=$?; sleep 60",
      width: 200, height: 30,
      environment: [
        "XDG_STATE_HOME": state.path, "XDG_CONFIG_HOME": state.path,
        "XDG_CACHE_HOME": state.path, "TERM": "xterm-256color", "LANG": "C.UTF-8",
      ],
      socketPrefix: "flint-reattach-test")
    try tmux.waitFor(text: "● Spark", timeout: 30)
    try tmux.type(ReattachServer.tenMillion)
    try tmux.sendKeys("F5")
    let done = try tmux.waitFor("all 10M rows loaded", timeout: 180) {
      $0.contains("10,000,000 rows") && $0.contains("first row")
    }
    #expect(!done.contains("failed"), "\(done)")
    let reattaches = done.firstMatch(of: /([0-9]+) reattaches/).map { Int($0.1) ?? 0 } ?? 0
    #expect(reattaches >= 10, "\(done)")
    try tmux.sendKeys("Tab")
    try tmux.type("G")
    try tmux.waitFor(text: "9999999", timeout: 15)

    try tmux.type("e")
    try tmux.waitFor(text: "all loaded rows · 10,000,000 rows", timeout: 15)
    for _ in 0..<8 {
      let before = try tmux.screen()
      if before.contains("‹ Arrow IPC ›") { break }
      try tmux.sendKeys("Right")
      try tmux.waitFor("the next format", timeout: 10) { $0 != before }
    }
    try tmux.waitFor(text: "‹ Arrow IPC ›", timeout: 5)
    try tmux.sendKeys("Enter")
    try tmux.waitFor(text: "wrote 10,000,000 rows", timeout: 120)
    let files = try FileManager.default.contentsOfDirectory(atPath: state.path).filter {
      $0.hasSuffix(".arrow")
    }
    let file = try #require(files.first, "no .arrow file in \(state.path)")
    let (read, inOrder) = try Self.fileChecksum(state.appendingPathComponent(file).path)
    #expect(read == expected, "the grid's rows: \(read), the server computed \(expected)")
    #expect(inOrder)
    try tmux.sendKeys("Escape")
    try tmux.waitFor("the export dialog to close", timeout: 10) { !$0.contains("Export —") }
    try tmux.sendKeys("C-q")
    try tmux.waitFor(text: "EXIT=0", timeout: 15)
    print(
      "FLINT-FIGURES TUI grid: \(read) = the server's (exported from the grid), last id 9999999, \(reattaches) reattaches"
    )
  }
}
