import ArgumentParser
import ArrowIPC
import Foundation

/// `flint decode FILE`: decodes an Arrow IPC stream file with Flint's reader, best of three,
/// and prints bytes, rows and seconds as JSON — `scripts/bench` sets it beside pyarrow.
struct Decode: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Time decoding an Arrow IPC stream file (for benchmarks).", shouldDisplay: false)

  @Argument(help: "An Arrow IPC stream file.")
  var file: String

  func run() async throws {
    guard let data = FileManager.default.contents(atPath: file) else {
      throw ValidationError("cannot read \(file)")
    }
    let clock = ContinuousClock()
    var best: Duration?
    var rows = 0
    for _ in 0..<3 {
      let start = clock.now
      var reader = try ArrowStreamReader(data)
      rows = 0
      while let batch = try reader.nextBatch() { rows += batch.rowCount }
      let elapsed = clock.now - start
      best = min(best ?? elapsed, elapsed)
    }
    let (seconds, attoseconds) = (best ?? .zero).components
    let total = Double(seconds) + Double(attoseconds) / 1e18
    print(#"{"bytes": \#(data.count), "rows": \#(rows), "total_s": \#(total), "cpu_s": 0}"#)
  }
}
