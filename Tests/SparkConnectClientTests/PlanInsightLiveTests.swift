import Foundation
import TestSupport
import Testing

@testable import SparkConnectClient

/// EXPLAIN, stage progress and runtime metrics against the real server and its `demo` tables.
@Suite(.serialized, .timeLimit(.minutes(10))) struct PlanInsightLiveTests {
  static func session() throws -> SparkConnectSession {
    try SparkConnectSession(connection: ConnectionString(parsing: TestEnvironment.remote))
  }

  static let join = """
    SELECT z.borough, count(*) AS trips
    FROM demo.trips t JOIN demo.zones z ON t.pickup_zone = z.zone_id
    GROUP BY z.borough
    """

  /// Seconds since `start`, the clock the tracker is fed with.
  static func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
  }

  @Test func explainOfAJoinNamesTheStrategySparkChose() async throws {
    let session = try Self.session()
    // demo.zones is a few KiB: under the broadcast threshold, Spark broadcasts it.
    let formatted = try await session.explain(sql: Self.join, mode: .formatted)
    #expect(formatted.contains("== Physical Plan =="))
    #expect(formatted.contains("BroadcastHashJoin"), "\(formatted)")
    #expect(formatted.contains("Scan parquet spark_catalog.demo.zones"), "\(formatted)")
    // Without broadcasts, the same join is a sort-merge join.
    try await session.setConf([("spark.sql.autoBroadcastJoinThreshold", "-1")])
    let simple = try await session.explain(sql: Self.join, mode: .simple)
    #expect(simple.contains("SortMergeJoin"), "\(simple)")
    #expect(!simple.contains("BroadcastHashJoin"), "\(simple)")
    await session.close()
  }

  @Test(arguments: [
    (SparkConnectSession.ExplainMode.extended, "== Analyzed Logical Plan =="),
    (.cost, "Statistics(sizeInBytes="),
    // Adaptive execution compiles stages as they run, so the plan before it has none yet.
    (.codegen, "WholeStageCodegen subtrees"),
    (.formatted, "(1) Scan parquet spark_catalog.demo.trips"),
  ])
  func everyModeExplainsItsWay(mode: SparkConnectSession.ExplainMode, marker: String)
    async throws
  {
    let session = try Self.session()
    let text = try await session.explain(
      sql: "SELECT vendor_id, sum(fare) FROM demo.trips GROUP BY vendor_id", mode: mode)
    #expect(text.contains(marker), "\(mode): \(text)")
    await session.close()
  }

  /// The aggregate's `numOutputRows` is the number of groups, and exactly the rows received;
  /// with Flint's row cap (`LIMIT cap + 1`) too.
  @Test(arguments: [nil, 100] as [Int?])
  func groupByMetricsCountTheRowsReceived(maxRows: Int?) async throws {
    let session = try Self.session()
    var rows = 0
    var reports: [ExecutionMetrics] = []
    for try await event in session.run(
      sql: "SELECT vendor_id, count(*) AS trips FROM demo.trips GROUP BY vendor_id",
      maxRows: maxRows)
    {
      if case .batch(let batch, _) = event { rows += batch.rowCount }
      if case .metrics(let metrics) = event { reports.append(metrics) }
    }
    await session.close()
    let metrics = try #require(reports.last)
    #expect(rows == 7)
    #expect(metrics.roots.count == 1)
    // The aggregate nearest the root is the final one (the other is the partial aggregate).
    let final = try #require(metrics.nodes(named: "HashAggregate").first)
    #expect(final.outputRows == Int64(rows), "\(metrics.text())")
    let scan = try #require(metrics.nodes(named: "Scan parquet spark_catalog.demo.trips").first)
    #expect(scan.outputRows == 1_000_000)
    #expect((scan.bytesRead ?? 0) > 0)
    #expect(!metrics.heaviest.isEmpty, "\(metrics.text())")
    #expect(metrics.text().contains("HashAggregate"))
  }

  /// A sort-merge join of two ranges (4 and 3 partitions) runs a map stage per side, then
  /// the join; adaptive execution lists stages it then skips. Every report's stages add up
  /// to its total, and at the end the tasks of the stages that ran add up.
  @Test func aMultiStageQueryReportsStagesThatAddUp() async throws {
    let session = try Self.session()
    let start = ContinuousClock.now
    var tracker = ProgressTracker()
    var reports: [ExecutionProgress] = []
    var rows = 0
    for try await event in session.run(
      sql:
        "SELECT count(*) AS n FROM range(0, 6000000, 1, 4) a JOIN range(0, 6000000, 1, 3) b ON a.id = b.id"
    ) {
      tracker.observe(event, at: Self.seconds(since: start))
      if case .progress(let progress) = event { reports.append(progress) }
      if case .batch(let batch, _) = event { rows += batch.rowCount }
    }
    tracker.finish(.finished, at: Self.seconds(since: start))
    await session.close()
    #expect(rows == 1)
    var tasksByStage: [Int64: Int64] = [:]
    for report in reports {
      #expect(report.tasks.total == report.stages.reduce(0) { $0 + $1.tasks })
      for stage in report.stages {
        #expect(stage.completedTasks <= stage.tasks)
        #expect(tasksByStage[stage.stageID, default: stage.tasks] == stage.tasks)
        tasksByStage[stage.stageID] = stage.tasks
      }
    }
    #expect(tasksByStage.count >= 2, "\(reports)")
    // The map stages have a task per partition of their range.
    #expect(Set(tasksByStage.values).isSuperset(of: [4, 3]), "\(reports)")
    let ran = tracker.stages.filter { $0.state != .skipped }
    #expect(ran.count >= 2, "\(tracker.stages)")
    #expect(ran.allSatisfy { $0.state == .done && $0.completedTasks == $0.tasks }, "\(ran)")
    let (completed, total) = tracker.tasks
    #expect(completed == total)
    #expect(total == ran.reduce(0) { $0 + $1.tasks })
    #expect(tracker.activeStages.isEmpty)
    #expect(tracker.inflightTasks == 0)
  }

  /// Interrupted while tasks run: the stream ends with the cancellation, and the tracker
  /// shows nothing running any more.
  @Test func aCancelledQuerysProgressEnds() async throws {
    let session = try Self.session()
    let start = ContinuousClock.now
    var tracker = ProgressTracker()
    var interrupted: [String] = []
    var failure: SparkError?
    do {
      for try await event in session.run(sql: TestEnvironment.cancellableLongQuery) {
        tracker.observe(event, at: Self.seconds(since: start))
        guard case .progress(let progress) = event else { continue }
        // Interrupt once tasks run (see CancelTests on interrupting while Spark plans).
        if interrupted.isEmpty, progress.inflightTasks > 0 || progress.tasks.completed > 0 {
          interrupted = try await session.interruptAll()
        }
      }
    } catch let error as SparkError {
      failure = error
    }
    tracker.finish(
      failure?.kind == .cancelled ? .cancelled : .failed, at: Self.seconds(since: start))
    #expect(!interrupted.isEmpty)
    #expect(failure?.kind == .cancelled)
    #expect(tracker.phase != .idle)
    #expect(tracker.activeStages.isEmpty)
    #expect(tracker.inflightTasks == 0)
    #expect(!tracker.stages.isEmpty)
    #expect(tracker.stages.allSatisfy { $0.state == .unfinished || $0.state == .done })
    #expect(tracker.line(at: Self.seconds(since: start)).hasPrefix("cancelled · "))
    try await CancelTests.expectExecutorsFree(session)
    await session.close()
  }
}
