import ArrowIPC
import Foundation
import Testing

@testable import ResultModel

/// A manual timing, not a timed test: runs only with FLINT_FORMAT_BENCH=<Arrow IPC stream file>
/// (e.g. `swift test -c release --filter FormattingSpeed`), prints ns per cell for each column.
/// Times are this thread's CPU time, so a busy machine inflates them less than wall time.
@Suite struct FormattingSpeed {
  static let file = ProcessInfo.processInfo.environment["FLINT_FORMAT_BENCH"]

  @Test(.enabled(if: file != nil)) func nanosecondsPerCell() throws {
    let data = try Data(contentsOf: URL(fileURLWithPath: Self.file ?? ""))
    let (schema, batches) = try ArrowStreamReader.readAll(data)
    let result = try ResultSet(schema: schema, batches: batches)
    let formatter = CellFormatter(timeZoneID: "America/Los_Angeles")
    if let batch = result.batch(0) {
      let c = batch.columns[0]
      let clock = ThreadCPUClock()
      var sink = 0
      let rounds = 100
      let raw = clock.measure {
        for _ in 0..<rounds {
          for row in 0..<batch.rowCount { sink &+= Int(truncatingIfNeeded: c.int64(at: row)) }
        }
      }
      let typed = clock.measure {
        for _ in 0..<rounds {
          for row in 0..<batch.rowCount {
            if case .int = c.type, !c.isNull(row) { sink &+= 1 }
          }
        }
      }
      let resolved = clock.measure {
        for _ in 0..<rounds { for row in 0..<batch.rowCount { sink &+= c.resolved(row).row } }
      }
      let cells = Double(rounds * batch.rowCount)
      func ns(_ d: Duration) -> Int {
        Int((Double(d.components.seconds) * 1e9 + Double(d.components.attoseconds) / 1e9) / cells)
      }
      print(
        "bench raw int64(at:) \(ns(raw)) ns, type+isNull \(ns(typed)) ns, resolved \(ns(resolved)) ns (\(sink % 2))"
      )
    }
    for column in 0..<result.columnCount {
      var bytes = 0
      let clock = ThreadCPUClock()
      let elapsed = clock.measure {
        for b in 0..<result.batchCount {
          guard let batch = result.batch(b) else { continue }
          let c = batch.columns[column]
          for row in 0..<batch.rowCount {
            bytes &+= formatter.text(c, row: row).utf8.count
          }
        }
      }
      let ns =
        Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
      print(
        "bench \(schema.fields[column].name) \(schema.fields[column].type.name): "
          + "\(Int(ns / Double(result.rowCount))) ns/cell (\(bytes) bytes)")
    }
  }
}

/// Measures the calling thread's CPU time (CLOCK_THREAD_CPUTIME_ID).
struct ThreadCPUClock {
  func measure(_ body: () -> Void) -> Duration {
    func now() -> Duration {
      var ts = timespec()
      clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
      return .seconds(ts.tv_sec) + .nanoseconds(ts.tv_nsec)
    }
    let start = now()
    body()
    return now() - start
  }
}
