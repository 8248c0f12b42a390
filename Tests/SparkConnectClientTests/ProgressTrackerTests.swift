import Testing

@testable import SparkConnectClient

/// The progress model fed with synthetic report sequences and timestamps (no server).
@Suite struct ProgressTrackerTests {
  typealias Stage = ExecutionProgress.Stage

  static func stage(_ id: Int64, _ completed: Int64, of tasks: Int64, done: Bool = false)
    -> Stage
  {
    Stage(stageID: id, tasks: tasks, completedTasks: completed, inputBytesRead: 0, done: done)
  }

  static func report(_ stages: [Stage], inFlight: Int64 = 0) -> ExecutionProgress {
    ExecutionProgress(stages: stages, inflightTasks: inFlight)
  }

  /// What a real `GROUP BY` over `range(0, 2e7, 1, 8)` reported: the map stage, then a
  /// second job whose copy of the map stage (129) adaptive execution never ran.
  static let groupBy: [(at: Double, progress: ExecutionProgress)] = [
    (2.1, report([stage(128, 4, of: 8)], inFlight: 2)),
    (
      2.6,
      report([
        stage(128, 8, of: 8, done: true), stage(129, 0, of: 8), stage(130, 1, of: 1, done: true),
      ])
    ),
  ]

  @Test func aStageThatNeverRanIsWaitingThenSkipped() {
    var tracker = ProgressTracker()
    #expect(tracker.phase == .idle)
    #expect(tracker.line(at: 0) == "")
    // Spark's reports while it plans name no stage: nothing to show yet.
    tracker.observe(Self.report([]), at: 0.1)
    #expect(tracker.phase == .running(since: 0.1))
    #expect(tracker.line(at: 1) == "")
    for (at, progress) in Self.groupBy { tracker.observe(progress, at: at) }
    #expect(tracker.phase == .running(since: 0.1))
    #expect(tracker.stages.map(\.state) == [.done, .waiting, .done])
    #expect(tracker.activeStages.map(\.stageID) == [129])
    #expect(tracker.tasks == (9, 17))
    tracker.finish(.finished, at: 2.7)
    #expect(tracker.stages.map(\.state) == [.done, .skipped, .done])
    #expect(tracker.activeStages.isEmpty)
    #expect(tracker.skippedStages.map(\.stageID) == [129])
    // Skipped tasks are not owed: the tasks add up.
    #expect(tracker.tasks == (9, 9))
    #expect(tracker.fraction == 1)
    #expect(tracker.stages.first?.doneAt == 2.6)
    #expect(
      tracker.line(at: 5) == "finished · 9/9 tasks · 2 stages done · 1 skipped · 2.60 s",
      "\(tracker.line(at: 5))")
  }

  /// Spark's last report of a query is taken while the result stage sends the rows: its
  /// one task is in flight, not done. The query succeeded, so it finished; the map stage
  /// of the same job that never ran was skipped.
  @Test func theResultStageStillRunningInTheLastReportIsDoneAfterSuccess() {
    var tracker = ProgressTracker()
    tracker.observe(Self.report([Self.stage(305, 1, of: 2)], inFlight: 1), at: 0.3)
    tracker.observe(
      Self.report(
        [
          Self.stage(305, 2, of: 2, done: true), Self.stage(306, 0, of: 2),
          Self.stage(307, 0, of: 1),
        ],
        inFlight: 1), at: 0.7)
    #expect(tracker.stages.map(\.state) == [.done, .waiting, .waiting])
    tracker.finish(.finished, at: 0.8)
    #expect(tracker.stages.map(\.state) == [.done, .skipped, .done])
    #expect(tracker.stages.map(\.completedTasks) == [2, 0, 1])
    #expect(tracker.stages.last?.doneAt == 0.8)
    #expect(tracker.tasks == (3, 3))
    // A stage the last report caught midway also finished.
    var midway = ProgressTracker()
    midway.observe(
      Self.report([Self.stage(1, 5, of: 8), Self.stage(2, 0, of: 1)], inFlight: 3), at: 0)
    midway.finish(.finished, at: 1)
    #expect(midway.stages.map(\.state) == [.done, .done])
    #expect(midway.tasks == (9, 9))
  }

  @Test func aCancelledQueryEndsWithNothingActive() {
    var tracker = ProgressTracker()
    tracker.observe(
      Self.report([Self.stage(3, 10, of: 200), Self.stage(4, 0, of: 50)], inFlight: 8), at: 1)
    #expect(tracker.inflightTasks == 8)
    #expect(tracker.stages.map(\.state) == [.running, .waiting])
    tracker.finish(.cancelled, at: 4)
    #expect(tracker.isEnded)
    #expect(tracker.inflightTasks == 0)
    #expect(tracker.activeStages.isEmpty)
    #expect(tracker.stages.map(\.state) == [.unfinished, .unfinished])
    #expect(tracker.estimatedSecondsRemaining(at: 5) == nil)
    #expect(tracker.line(at: 9) == "cancelled · 10/250 tasks · 2 unfinished · 3.00 s")
    // A report that arrives after the end changes nothing; a new operation starts afresh.
    tracker.observe(Self.report([Self.stage(3, 20, of: 200)]), at: 5)
    #expect(tracker.tasks == (10, 250))
    tracker.finish(.finished, at: 6)
    #expect(tracker.phase == .ended(.cancelled, since: 1, at: 4))
    tracker.observe(.operationStarted(operationID: "next"), at: 7)
    #expect(tracker.phase == .idle)
    #expect(tracker.stages.isEmpty)
  }

  @Test func theRateIsTakenOverTheRecentWindow() throws {
    var tracker = ProgressTracker()
    // 10 tasks every 2 s for 20 s, then 40 every 2 s.
    var completed: Int64 = 0
    var at = 0.0
    for step in 0..<20 {
      tracker.observe(Self.report([Self.stage(0, completed, of: 1000)]), at: at)
      completed += step < 10 ? 10 : 40
      at += 2
    }
    // The last report (t = 38) and the baseline before the window (t = 26): 6 steps of 40.
    let rate = try #require(tracker.completedTaskRate)
    #expect(abs(rate - 20) < 1e-9, "\(rate)")
    #expect(tracker.tasks.completed == 100 + 9 * 40)
  }

  @Test func noRateFromReportsLessThanASecondApart() {
    var tracker = ProgressTracker()
    tracker.observe(Self.report([Self.stage(0, 0, of: 10)]), at: 0)
    tracker.observe(Self.report([Self.stage(0, 5, of: 10)]), at: 0.5)
    #expect(tracker.completedTaskRate == nil)
  }

  @Test func theEstimateWaitsUntilItMeansSomething() throws {
    var tracker = ProgressTracker()
    tracker.observe(Self.report([Self.stage(0, 0, of: 100)], inFlight: 4), at: 10)
    tracker.observe(Self.report([Self.stage(0, 2, of: 100)], inFlight: 4), at: 12)
    // Too early and too few tasks.
    #expect(tracker.estimatedSecondsRemaining(at: 12) == nil)
    tracker.observe(Self.report([Self.stage(0, 3, of: 100)], inFlight: 4), at: 14)
    // Long enough, but only 3 tasks completed in the window.
    #expect(tracker.estimatedSecondsRemaining(at: 15) == nil)
    tracker.observe(Self.report([Self.stage(0, 8, of: 100)], inFlight: 4), at: 16)
    // 8 tasks in 6 s: 92 remaining at 4/3 tasks per second = 69 s from the last report.
    let eta = try #require(tracker.estimatedSecondsRemaining(at: 16))
    #expect(abs(eta - 69) < 1e-9)
    let later = try #require(tracker.estimatedSecondsRemaining(at: 26))
    #expect(abs(later - 59) < 1e-9)
    // Run out without the tasks finishing: no estimate rather than "0 s".
    #expect(tracker.estimatedSecondsRemaining(at: 90) == nil)
    #expect(tracker.line(at: 16).contains("ETA 1 min 09 s"), "\(tracker.line(at: 16))")
  }

  @Test func aStallRemovesTheEstimate() {
    var tracker = ProgressTracker()
    for (index, at) in stride(from: 0.0, through: 10, by: 2).enumerated() {
      tracker.observe(Self.report([Self.stage(0, Int64(index * 5), of: 100)]), at: at)
    }
    #expect(tracker.estimatedSecondsRemaining(at: 10) != nil)
    // A straggler: the same count for more than the window.
    for at in stride(from: 12.0, through: 24, by: 2) {
      tracker.observe(Self.report([Self.stage(0, 25, of: 100)]), at: at)
    }
    #expect(tracker.completedTaskRate == 0)
    #expect(tracker.estimatedSecondsRemaining(at: 24) == nil)
  }

  @Test func theLineNamesRunningStagesAndCollapsesFinishedOnes() {
    var tracker = ProgressTracker()
    let stages = [
      Self.stage(1, 8, of: 8, done: true), Self.stage(2, 4, of: 4, done: true),
      Stage(stageID: 3, tasks: 200, completedTasks: 120, inputBytesRead: 30_000_000, done: false),
      Self.stage(4, 0, of: 50),
    ]
    tracker.observe(Self.report(stages, inFlight: 8), at: 0)
    #expect(tracker.doneStages.count == 2)
    #expect(tracker.activeStages.map(\.stageID) == [3, 4])
    #expect(
      tracker.line(at: 4.1)
        == "50% · 132/262 tasks · stage 3 120/200 · 1 waiting · 2 done · 8 in flight · 28.6 MiB read · 4.10 s",
      "\(tracker.line(at: 4.1))")
    // What does not fit is left off at a part's boundary.
    #expect(tracker.line(at: 4.1, width: 40) == "50% · 132/262 tasks · stage 3 120/200")
  }

  /// Negative and huge counts from the network neither trap nor go below zero.
  @Test func malformedReportsDoNotTrap() {
    var tracker = ProgressTracker()
    tracker.observe(
      Self.report(
        [
          Stage(stageID: 1, tasks: .max, completedTasks: .max, inputBytesRead: .max, done: false),
          Stage(stageID: 2, tasks: .max, completedTasks: -5, inputBytesRead: -1, done: false),
        ], inFlight: -3), at: 0)
    tracker.observe(Self.report([Self.stage(1, 0, of: 4)]), at: 2)
    #expect(tracker.inflightTasks == 0)
    #expect(tracker.stages.last?.completedTasks == 0)
    _ = tracker.line(at: 9)
    _ = tracker.estimatedSecondsRemaining(at: 9)
    tracker.finish(.finished, at: 10)
    _ = tracker.line(at: 10)
  }

  @Test func queryEventsDriveTheTracker() {
    var tracker = ProgressTracker()
    tracker.observe(.progress(Self.report([Self.stage(0, 1, of: 2)])), at: 1)
    tracker.observe(.statementFinished(index: 0, rows: 1), at: 2)
    #expect(tracker.tasks == (1, 2))
    tracker.observe(.operationStarted(operationID: "x"), at: 3)
    #expect(tracker.tasks == (0, 0))
  }
}
