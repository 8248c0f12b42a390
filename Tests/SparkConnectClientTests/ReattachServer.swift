import ArrowIPC
import Foundation
import TestSupport
import Testing

@testable import SparkConnectClient

/// A Spark Connect server of `ReattachServerTests`' own (never the shared one on 15002) that
/// ends every reattachable response stream after 1 s or 1 MiB, so a large result is resumed
/// dozens of times, and forgets an operation nobody is attached to after 5 s (looked at
/// every second), so a reader that pauses longer loses it.
enum ReattachServer {
  static let detachedTimeout = Duration.seconds(5)
  static let maintenanceInterval = Duration.seconds(1)

  /// One port in 15100–15199 that no other test run holds.
  static let reservedPort: Result<Int, any Error> = Result {
    try PortReservation.reserve(count: 1, in: 15100...15199)
  }
  static var port: Int { (try? reservedPort.get()) ?? 15100 }
  static var url: String { "sc://127.0.0.1:\(port)" }
  /// State (pid files, logs, warehouse) under the temp dir, one per run.
  static let stateDir =
    NSTemporaryDirectory()
    + "flint-reattach-server-\(port)-\(ProcessInfo.processInfo.processIdentifier)"
  static let server = SparkTestServer(
    port: port,
    conf: [
      "spark.sql.catalogImplementation=in-memory",
      "spark.connect.execute.reattachable.senderMaxStreamDuration=1s",
      "spark.connect.execute.reattachable.senderMaxStreamSize=1m",
      "spark.connect.execute.manager.detachedTimeout=5s",
      "spark.connect.execute.manager.maintenanceInterval=1s",
    ], stateDir: stateDir)

  /// Ten million rows of one column, `id` = 0 ..< 10M in order.
  static let tenMillion = "SELECT id FROM range(10000000)"
  /// Streams batches for many seconds: 1e9 rows in 200 partitions, filtered.
  static let slowStream =
    "SELECT id, CAST(id AS STRING) s FROM range(0, 1000000000, 1, 200) WHERE hash(id) % 1000 = 0"

  static func session(_ options: SessionOptions = SessionOptions()) throws -> SparkConnectSession {
    try SparkConnectSession(connection: ConnectionString(parsing: url), options: options)
  }

  /// Count, sum and a mix of the ids of `sql`'s rows (its first column, a BIGINT), as the
  /// server computes them: what the client must arrive at.
  static func serverChecksum(of sql: String, in session: SparkConnectSession) async throws
    -> IDChecksum
  {
    let query =
      "SELECT count(*), coalesce(sum(id), 0), coalesce(bit_xor(pmod(id * \(IDChecksum.factor), \(IDChecksum.modulus))), 0) FROM (\(sql))"
    var row: [Int64] = []
    for try await event in session.run(sql: query) {
      if case .batch(let batch, _) = event, batch.rowCount == 1 {
        row = (0..<3).map { batch.columns[$0].int64(at: 0) }
      }
    }
    try #require(row.count == 3, "the server sent no checksum row")
    return IDChecksum(rows: row[0], sum: row[1], mix: row[2])
  }
}

/// What identifies a column of ids: how many, their sum, and the XOR of a multiplicative hash
/// of each. Computed by the server (`ReattachServer.serverChecksum`), by `IDStream` over the
/// batches received, and by pyarrow over a file.
struct IDChecksum: Equatable, CustomStringConvertible {
  static let factor: Int64 = 2_654_435_761
  static let modulus: Int64 = 1_000_000_007
  var rows: Int64 = 0
  var sum: Int64 = 0
  var mix: Int64 = 0

  mutating func add(_ id: Int64) {
    rows += 1
    sum &+= id
    let product = id.multipliedReportingOverflow(by: Self.factor).partialValue
    let remainder = product % Self.modulus
    mix ^= remainder < 0 ? remainder + Self.modulus : remainder
  }

  var description: String { "rows \(rows), sum \(sum), mix \(mix)" }
}

/// What a run of an `id` query delivered: the checksum, rows out of place (the id at row i
/// must be i), the operations it started and how its streams were resumed.
struct IDStream {
  var checksum = IDChecksum()
  var misplaced = 0
  var operationIDs: [String] = []
  var serverEndedReattaches = 0
  var brokenReattaches = 0
  var reconnects = 0
  var rows: Int { Int(checksum.rows) }

  mutating func add(_ event: QueryEvent) {
    switch event {
    case .operationStarted(let id): operationIDs.append(id)
    case .reattaching(_, .serverEndedStream): serverEndedReattaches += 1
    case .reattaching(_, .streamBroke): brokenReattaches += 1
    case .reconnecting: reconnects += 1
    case .batch(let batch, _):
      let ids = batch.columns[0]
      for row in 0..<batch.rowCount {
        let id = ids.int64(at: row)
        if id != checksum.rows { misplaced += 1 }
        checksum.add(id)
      }
    default: break
    }
  }
}

/// Starts the reattach server before the suite and stops it after, whatever happens.
struct ReattachServerScope: SuiteTrait, TestScoping {
  var isRecursive: Bool { false }
  func provideScope(
    for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
  ) async throws {
    _ = try ReattachServer.reservedPort.get()
    let server = ReattachServer.server
    var finished = false
    defer {
      server.stop()
      // Logs stay for a look after a failure.
      if finished { try? FileManager.default.removeItem(atPath: ReattachServer.stateDir) }
    }
    let start = ContinuousClock.now
    try server.start()
    print(
      "FLINT-FIGURES reattach server on port \(server.port) started in \(ContinuousClock.now - start)"
    )
    try await function()
    finished = true
  }
}
