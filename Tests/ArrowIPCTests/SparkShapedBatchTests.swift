import Foundation
import Testing

@testable import ArrowIPC

/// A Spark-shaped batch: 10,000 rows × (int64, int64, utf8, double), the
/// shape and size of one default Spark Connect ArrowBatch, decoded and checked value by value.
@Suite("Decoding a Spark-shaped batch")
struct SparkShapedBatchTests {
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

  /// Every value of the Spark-shaped batch reads back as written (decode speed is measured
  /// by `scripts/bench` with `flint decode`, not here).
  @Test func decodesTheSparkShapedBatchExactly() throws {
    let (schema, batches) = try ArrowStreamReader.readAll(Self.sparkShapedStream())
    #expect(schema.fields.map(\.name) == ["id", "k", "name", "x"])
    let batch = try #require(batches.first)
    #expect(batches.count == 1)
    #expect(batch.rowCount == Self.rows)
    let (a, b, s, x) = (batch.columns[0], batch.columns[1], batch.columns[2], batch.columns[3])
    var mismatches = 0
    for row in 0..<batch.rowCount {
      if a.isNull(row) || b.isNull(row) || s.isNull(row) || x.isNull(row) { mismatches += 1 }
      if a.int64(at: row) != Int64(row) { mismatches += 1 }
      if b.int64(at: row) != Int64(row * 7 % 1000) { mismatches += 1 }
      if s.string(at: row) != "name-\(row * 37 % 100_000)" { mismatches += 1 }
      if x.double(at: row) != Double(row) / 3 { mismatches += 1 }
    }
    #expect(mismatches == 0)
  }
}
