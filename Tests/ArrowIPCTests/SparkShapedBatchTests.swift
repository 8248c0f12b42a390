import Foundation
import Testing

@testable import ArrowIPC

/// Decode throughput of a Spark-shaped batch: 10,000 rows × (int64, int64, utf8, double), the
/// shape and size (~390 KB) of one default Spark Connect ArrowBatch. Runs a few iterations as
/// a normal test; set FLINT_BENCH=1 for a longer, printed measurement (use a release build:
/// `FLINT_BENCH=1 FLINT_MODULES=ArrowIPC swift test -c release -Xswiftc -enable-testing
/// --scratch-path .build-arrow-release --filter DecodeBenchmark`).
@Suite("Decode benchmark")
struct DecodeBenchmarkTests {
  static let rows = 10_000

  /// The stream as Spark would send it: schema, one batch with validity buffers, EOS.
  static func sparkShapedStream() -> Data {
    let schema = ArrowSchema(fields: [
      ArrowField(name: "id", type: .int(bitWidth: 64, signed: true)),
      ArrowField(name: "k", type: .int(bitWidth: 64, signed: true)),
      ArrowField(name: "name", type: .utf8),
      ArrowField(name: "x", type: .float64),
    ])
    var body: [UInt8] = []
    var buffers: [(Int64, Int64)] = []
    func add(_ bytes: [UInt8]) {
      buffers.append((Int64(body.count), Int64(bytes.count)))
      body += bytes
      while body.count % 8 != 0 { body.append(0) }
    }
    let validity = [UInt8](repeating: 0xFF, count: (rows + 7) / 8)
    add(validity)
    add(Craft.le((0..<rows).map { Int64($0) }))
    add(validity)
    add(Craft.le((0..<rows).map { Int64($0 * 7 % 1000) }))
    var offsets: [Int32] = [0]
    var text: [UInt8] = []
    for i in 0..<rows {
      text += Array("name-\(i * 37 % 100_000)".utf8)
      offsets.append(Int32(text.count))
    }
    add(validity)
    add(Craft.le(offsets))
    add(text)
    add(validity)
    add(Craft.le((0..<rows).map { Double($0) / 3 }.map(\.bitPattern)))
    let header = Craft.batch(
      length: Int64(rows), nodes: Array(repeating: (Int64(rows), 0), count: 4), buffers: buffers)
    return Craft.stream(schema, [(header, body)])
  }

  @Test func decodeThroughput() throws {
    let data = Self.sparkShapedStream()
    let long = ProcessInfo.processInfo.environment["FLINT_BENCH"] != nil
    let iterations = long ? 2_000 : 20
    let clock = ContinuousClock()
    var checksum = 0
    let decode = try clock.measure {
      for _ in 0..<iterations {
        let (_, batches) = try ArrowStreamReader.readAll(data)
        checksum &+= batches[0].rowCount
      }
    }
    let (_, batches) = try ArrowStreamReader.readAll(data)
    let batch = batches[0]
    var sum = 0.0
    let scan = clock.measure {
      for _ in 0..<iterations {
        let (a, b, s, x) = (batch.columns[0], batch.columns[1], batch.columns[2], batch.columns[3])
        for row in 0..<batch.rowCount {
          if !a.isNull(row) { checksum &+= Int(a.int64(at: row)) &+ Int(b.int64(at: row)) }
          checksum &+= s.withBytes(at: row) { $0.count }
          sum += x.double(at: row)
        }
      }
    }
    let strings = clock.measure {
      for row in 0..<batch.rowCount { checksum &+= batch.columns[2].string(at: row).utf8.count }
    }
    func seconds(_ d: Duration) -> Double {
      Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
    let megabytes = Double(data.count * iterations) / 1_000_000
    let report = String(
      format:
        "stream %d bytes; decode %.0f MB/s (%.1f µs per batch); scan 4 columns %.1f ns/row; string(at:) %.1f ns/row",
      data.count, megabytes / seconds(decode), seconds(decode) / Double(iterations) * 1e6,
      seconds(scan) / Double(iterations * Self.rows) * 1e9,
      seconds(strings) / Double(Self.rows) * 1e9)
    print("DecodeBenchmark:", report)
    #expect(checksum != 0 && sum > 0)
  }
}
