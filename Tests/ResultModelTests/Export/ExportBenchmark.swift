import ArrowIPC
import Foundation
import Testing

@testable import ResultModel

/// Manual throughput and memory probe (not a timed test): set FLINT_EXPORT_BENCH=1 (rows
/// default 10,000,000; FLINT_EXPORT_BENCH_ROWS to change) and run in release:
/// `FLINT_MODULES=ResultModel swift build -c release --build-tests --scratch-path .build-export`
/// then run the test binary with `--filter ExportBenchmark` under `/usr/bin/time -v`.
/// Exports int64, int64, utf8, double built once as 10,000-row batches and fed repeatedly.
@Suite("ExportBenchmark")
struct ExportBenchmark {
  static let environment = ProcessInfo.processInfo.environment

  @Test(
    "Export throughput (manual, FLINT_EXPORT_BENCH=1)",
    .enabled(if: environment["FLINT_EXPORT_BENCH"] != nil))
  func throughput() throws {
    let rows = Int(Self.environment["FLINT_EXPORT_BENCH_ROWS"] ?? "") ?? 10_000_000
    let batchRows = 10_000
    let schema = ArrowSchema(fields: [
      ArrowField(name: "id", type: .int(bitWidth: 64, signed: true)),
      ArrowField(name: "amount", type: .int(bitWidth: 64, signed: true)),
      ArrowField(name: "name", type: .utf8),
      ArrowField(name: "score", type: .float64),
    ])
    let batch = try ArrowColumnBuilder.batch(
      schema,
      columns: [
        (0..<batchRows).map { .int(Int64($0)) },
        (0..<batchRows).map { .int(Int64($0) * 7_919 - 40_000_000) },
        (0..<batchRows).map { .string($0 % 10 == 0 ? "name, \"quoted\" \($0)" : "name-\($0) ü") },
        (0..<batchRows).map { .double(Double($0) * 1.25 + 0.1) },
      ])
    let dir = try ExportTestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let formats =
      (Self.environment["FLINT_EXPORT_BENCH_FORMATS"] ?? "csv,arrow").split(separator: ",")
      .compactMap { ExportFormat(rawValue: String($0)) }
    print("EXPORT-BENCH start VmHWM \(Self.peakRSS()) kB, batch \(batch.byteCount) bytes")
    for format in formats {
      let path = dir + "/bench." + format.fileExtension
      let clock = ContinuousClock()
      let start = clock.now
      let cpuStart = Self.cpuSeconds()
      let writer = try ExportWriter(path: path, format: format, schema: schema)
      var written = 0
      while written < rows {
        let n = min(batchRows, rows - written)
        if n == batchRows { try writer.write(batch) } else { try writer.write(batch, rows: 0..<n) }
        written += n
      }
      let summary = try writer.finish()
      let elapsed = start.duration(to: clock.now)
      let seconds =
        Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
      let cpu = Self.cpuSeconds() - cpuStart
      let mb = Double(summary.byteCount) / 1_000_000
      print(
        "EXPORT-BENCH \(format.rawValue): \(summary.rowCount) rows, \(String(format: "%.1f", mb)) MB"
          + " in \(String(format: "%.2f", seconds)) s = \(String(format: "%.1f", mb / seconds)) MB/s,"
          + " \(String(format: "%.2f", Double(rows) / seconds / 1e6)) M rows/s;"
          + " CPU \(String(format: "%.2f", cpu)) s = \(String(format: "%.1f", mb / cpu)) MB/s of CPU,"
          + " VmHWM \(Self.peakRSS()) kB")
      try FileManager.default.removeItem(atPath: path)
    }
  }

  /// User + system CPU time of this process, in seconds.
  static func cpuSeconds() -> Double {
    var usage = rusage()
    #if os(Linux)
      getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    #else
      getrusage(RUSAGE_SELF, &usage)
    #endif
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
      + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
  }

  /// Peak resident set size of this process in kB (Linux /proc; -1 elsewhere).
  static func peakRSS() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else {
      return -1
    }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
      return Int(line.split(separator: " ").dropFirst().first ?? "") ?? -1
    }
    return -1
  }
}
