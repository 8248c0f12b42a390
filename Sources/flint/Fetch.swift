import ArgumentParser
import Foundation
import ResultModel
import SparkConnectClient

/// `flint fetch`: runs SQL and decodes every batch without writing anything — the headless
/// fetch that `scripts/bench` times beside pyspark's `toArrow()`. Prints one JSON line.
struct Fetch: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Fetch and decode a whole result, print timings as JSON (for benchmarks).",
    discussion: """
      A benchmark command, hidden from `flint --help`: scripts/bench runs it beside pyspark. \
      Its options and output may change with the bench.
      """,
    shouldDisplay: false)

  @OptionGroup var connection: ConnectionOptions

  @Argument(help: "The SQL query.")
  var sql: String

  @Flag(help: "Keep every batch in a ResultSet (as the TUI does), to measure memory.")
  var retain = false

  @Option(
    help: ArgumentHelp(
      "Feed every event through the app's update and render path at this size (WxH), as the "
        + "TUI would; report the first row on screen and frame times at the top and bottom.",
      valueName: "WxH"))
  var render: String?

  @Option(help: "With --render: frames timed at each position.")
  var frames = 31

  @Option(
    help: ArgumentHelp(
      "With --retain or --render: keep at most this much in memory (e.g. 256MiB), spill the "
        + "rest to disk as the explorer does.", valueName: "size"))
  var memoryBudget: String?

  @Option(help: "With --memory-budget: the spill directory (default: as the explorer's).")
  var spillDir: String?

  /// The spill policy asked for, if any.
  func spillPolicy() throws -> SpillPolicy? {
    guard let memoryBudget else { return nil }
    guard let bytes = ByteSize.parse(memoryBudget), bytes > 0 else {
      throw ValidationError("--memory-budget wants a size such as 256MiB")
    }
    let directory = spillDir ?? SpillSpace.defaultDirectory
    SpillSpace.removeStale(in: directory)
    return SpillPolicy(budget: MemoryBudget(limit: bytes), space: SpillSpace(directory: directory))
  }

  /// User + system CPU time of this process (all threads), in seconds.
  static func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
      + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
  }

  func run() async throws {
    try await reportingErrors {
      // Keeping every batch, as the grid does, wants buffers of their own, as the TUI has.
      let keeps = retain || render != nil
      let spill = try spillPolicy()
      let session = try await connection.connect(resultBuffers: keeps ? .own : .shared)
      var probe: RenderProbe?
      if let render {
        let parts = render.split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, parts[0] > 0, parts[1] > 0 else {
          throw ValidationError("--render wants WIDTHxHEIGHT, e.g. 200x60")
        }
        probe = RenderProbe(
          sql: sql, width: parts[0], height: parts[1], spill: spill,
          version: (try? await session.sparkVersion()) ?? "?")
      }
      // Warm up like the pyspark side does (its script runs SELECT 1 before timing).
      for try await _ in session.run(sql: "SELECT 1") {}
      let clock = ContinuousClock()
      let cpuStart = Self.cpuSeconds()
      let start = clock.now
      var firstBatch: Duration?
      var rows = 0
      var bytes = 0
      var batches = 0
      var checksum: Int64 = 0
      var kept: ResultSet?
      // The longest wait between two batches, and before which batch: Spark sends each
      // partition's batches once its task is done, so a late partition shows up here.
      var lastBatch: ContinuousClock.Instant?
      var longestGap = Duration.zero
      var longestGapBefore = 0
      for try await event in session.run(sql: sql) {
        if case .batch = event {
          let now = clock.now
          if firstBatch == nil { firstBatch = now - start }
          if let lastBatch, now - lastBatch > longestGap {
            longestGap = now - lastBatch
            longestGapBefore = batches
          }
          lastBatch = now
        }
        probe?.apply(event, since: start)
        guard case .batch(let batch, _) = event else { continue }
        if retain {
          if kept == nil { kept = ResultSet(schema: batch.schema, spill: spill) }
          try kept?.append(batch)
        }
        rows += batch.rowCount
        bytes += batch.byteCount
        batches += 1
        // Touch the first column so decoding cannot be skipped.
        if let column = batch.columns.first, batch.rowCount > 0, !column.isNull(0),
          case .int = column.type
        {
          checksum &+= column.int64(at: batch.rowCount - 1)
        }
      }
      let total = clock.now - start
      let cpu = Self.cpuSeconds() - cpuStart
      await session.close()
      var rendered = ""
      if var probe {
        probe.finish()
        let frames = probe.frameTimes(count: max(1, self.frames))
        func stats(_ values: [Double]) -> String {
          let sorted = values.sorted()
          return "[\(sorted[sorted.count / 2]), \(sorted.first ?? 0), \(sorted.last ?? 0)]"
        }
        if let stopped = probe.loadStopped {
          rendered += #", "load_stopped": "\#(stopped.replacingOccurrences(of: "\"", with: "'"))""#
        }
        rendered +=
          #", "first_row_rendered_s": \#(probe.firstRowRendered ?? -1), "frames": \#(probe.frames), "loaded_rows": \#(probe.loadedRows), "last_row": \#(frames.lastRow), "frame_top_ms": \#(stats(frames.top)), "frame_middle_ms": \#(stats(frames.middle)), "frame_bottom_ms": \#(stats(frames.bottom)), "jump_to_last_ms": \#(stats(frames.jump)), "memory_bytes": \#(probe.resultBytes.memory), "spilled_bytes": \#(probe.resultBytes.spilled)"#
      }
      func seconds(_ duration: Duration?) -> Double { duration?.inSeconds ?? -1 }
      print(
        #"{"rows": \#(rows), "batches": \#(batches), "arrow_bytes": \#(bytes), "first_batch_s": \#(seconds(firstBatch)), "longest_gap_s": \#(longestGap.inSeconds), "longest_gap_before_batch": \#(longestGapBefore), "total_s": \#(seconds(total)), "cpu_s": \#(cpu), "checksum": \#(checksum), "retained_bytes": \#(kept?.byteCount ?? 0)\#(rendered)}"#
      )
    }
  }
}
