import Foundation
import TestSupport
import Testing

@testable import SparkConnectClient

/// A Spark Connect server of this suite's own (never the shared one on 15002), started once
/// for the whole suite: it requires a bearer token, gets an nginx TLS proxy with a throwaway
/// CA in front of it for one test, and is killed with SIGKILL and restarted by another.
enum SpecialServer {
  static let token = "flint-test-token-\(UUID().uuidString.prefix(12))"
  /// The server's port, the TLS proxy's (the next one) and a spare: FLINT_TEST_SPECIAL_PORT,
  /// or three consecutive ports in 15100–15199 that no other test run holds.
  static let reservedPort: Result<Int, any Error> = Result {
    if let fixed = Int(ProcessInfo.processInfo.environment["FLINT_TEST_SPECIAL_PORT"] ?? "") {
      return fixed
    }
    return try PortReservation.reserve(count: 3, in: 15100...15199)
  }
  static var port: Int { (try? reservedPort.get()) ?? 15100 }
  static var tlsPort: Int { port + 1 }
  /// State (pid files, logs, warehouse) under the temp dir, one per run.
  static let stateDir =
    NSTemporaryDirectory()
    + "flint-special-server-\(port)-\(ProcessInfo.processInfo.processIdentifier)"
  static let server = SparkTestServer(
    port: port, conf: ["spark.sql.catalogImplementation=in-memory"], token: token,
    stateDir: stateDir)

  /// A query that streams batches for many seconds: 1e9 rows in 200 partitions, filtered.
  static let slowStream =
    "SELECT id, CAST(id AS STRING) s FROM range(0, 1000000000, 1, 200) WHERE hash(id) % 1000 = 0"

  static func connection(
    token: String? = SpecialServer.token, port: Int = SpecialServer.port, tls: Bool = false
  ) throws -> ConnectionString {
    var text = "sc://127.0.0.1:\(port)/"
    if let token { text += ";token=\(token)" }
    if tls { text += ";use_ssl=true" }
    return try ConnectionString(parsing: text)
  }

  /// Every place a secret could leak from an error.
  static func renderings(of error: SparkError) -> [String] {
    [error.message, error.description, String(describing: error), String(reflecting: error)]
  }
}

/// Starts the special server before the suite and stops it after, whatever happens.
struct SpecialServerScope: SuiteTrait, TestScoping {
  var isRecursive: Bool { false }
  func provideScope(
    for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
  ) async throws {
    _ = try SpecialServer.reservedPort.get()
    let server = SpecialServer.server
    var finished = false
    defer {
      server.stop()
      // Logs stay for a look after a failure.
      if finished { try? FileManager.default.removeItem(atPath: SpecialServer.stateDir) }
    }
    let start = ContinuousClock.now
    try server.start()
    print(
      "FLINT-FIGURES special server on port \(server.port) started in \(ContinuousClock.now - start)"
    )
    try await function()
    finished = true
  }
}

@Suite(.serialized, .timeLimit(.minutes(10)), SpecialServerScope()) struct SpecialServerTests {
  @Test func theRightTokenWorks() async throws {
    let session = try SparkConnectSession(connection: SpecialServer.connection())
    #expect(try await session.connect() == "4.3.0")
    let sum = try await ResultChecksum.run(
      session, sql: "SELECT id, id*2 AS b, CAST(id AS STRING) s FROM range(100)")
    #expect(sum.rows == 100 && sum.misplaced == 0)
    await session.close()
  }

  @Test(arguments: ["wrong-\(UUID().uuidString)", nil])
  func aWrongOrMissingTokenFailsClearlyAndIsNeverShown(token: String?) async throws {
    let connection = try SpecialServer.connection(token: token)
    let session = try SparkConnectSession(connection: connection)
    var failures: [SparkError] = []
    do {
      _ = try await session.connect()
      Issue.record("connected with token \(token == nil ? "none" : "wrong")")
    } catch { failures.append(error) }
    do {
      for try await _ in session.run(sql: "SELECT 1") {}
      Issue.record("ran a query with token \(token == nil ? "none" : "wrong")")
    } catch let error as SparkError { failures.append(error) }
    #expect(failures.count == 2)
    let secrets = [token, SpecialServer.token].compactMap { $0 }
    for error in failures {
      #expect(error.kind == .authentication, "\(error)")
      #expect(error.message.hasPrefix("authentication failed"), "\(error.message)")
      #expect(error.message.contains(token == nil ? "no token" : "rejected the token"))
      for secret in secrets {
        for text in SpecialServer.renderings(of: error) { #expect(!text.contains(secret)) }
      }
    }
    print("FLINT-FIGURES \(token == nil ? "missing" : "wrong") token: \(failures[0].message)")
    for secret in secrets {
      #expect(!connection.description.contains(secret))
      #expect(!SpecialServer.server.logText().contains(secret))
    }
    await session.close()
  }

  @Test func tlsWithTheTestCAWorksAndAnUntrustedCertificateFailsClearly() async throws {
    let tls = try TLSProxy(port: SpecialServer.tlsPort, targetPort: SpecialServer.port)
    try tls.start()
    defer { tls.remove() }

    var options = SessionOptions()
    options.caCertificatePath = tls.caCertificatePath
    let trusted = try SparkConnectSession(
      connection: SpecialServer.connection(port: tls.port, tls: true), options: options)
    let version = try await trusted.connect()
    #expect(version == "4.3.0", "nginx log: \(tls.errorLog())")
    let sum = try await ResultChecksum.run(
      trusted, sql: "SELECT id, id*2 AS b, CAST(id AS STRING) s FROM range(50000)")
    #expect(sum.rows == 50000 && sum.misplaced == 0 && sum.reconnects == 0)
    await trusted.close()

    // Verification is on by default: the system roots do not know the test CA.
    let untrusted = try SparkConnectSession(
      connection: SpecialServer.connection(port: tls.port, tls: true))
    let started = ContinuousClock.now
    do {
      _ = try await untrusted.connect()
      Issue.record("an untrusted certificate was accepted")
    } catch {
      #expect(error.kind == .connection, "\(error)")
      #expect(error.message.contains("certificate is not trusted"), "\(error.message)")
      #expect(error.message.contains("--ca-cert"), "\(error.message)")
      for text in SpecialServer.renderings(of: error) {
        #expect(!text.contains(SpecialServer.token))
      }
      print(
        "FLINT-FIGURES untrusted TLS error after \(ContinuousClock.now - started): \(error.message)"
      )
    }
    await untrusted.close()

    // A CA that did not sign the server's certificate fails the same way.
    let otherCA = try TLSProxy(port: SpecialServer.port + 2, targetPort: SpecialServer.port)
    defer { otherCA.remove() }
    var wrongOptions = SessionOptions()
    wrongOptions.caCertificatePath = otherCA.caCertificatePath
    let wrongCA = try SparkConnectSession(
      connection: SpecialServer.connection(port: tls.port, tls: true), options: wrongOptions)
    do {
      _ = try await wrongCA.connect()
      Issue.record("a certificate signed by another CA was accepted")
    } catch {
      #expect(error.kind == .connection, "\(error)")
      #expect(error.message.contains("certificate is not trusted"), "\(error.message)")
      #expect(error.message.contains("check --ca-cert"), "\(error.message)")
    }
    await wrongCA.close()

    // use_ssl=true against the plaintext port: a TLS failure, not a trust problem.
    let plaintext = try SparkConnectSession(
      connection: SpecialServer.connection(tls: true), options: options)
    do {
      _ = try await plaintext.connect()
      Issue.record("a TLS client talked to a plaintext port")
    } catch {
      #expect(error.kind == .connection, "\(error)")
      #expect(error.message.hasPrefix("TLS handshake with Spark Connect"), "\(error.message)")
      #expect(!error.message.contains("not trusted"), "\(error.message)")
      print("FLINT-FIGURES TLS client on a plaintext port: \(error.message)")
    }
    await plaintext.close()
  }

  @Test func aKilledServerIsReportedFastAndARestartNeedsANewSession() async throws {
    let server = SpecialServer.server
    let session = try SparkConnectSession(connection: SpecialServer.connection())
    _ = try await session.connect()
    let oldServerSession = try #require(session.serverSideSessionID)
    let clock = ContinuousClock()
    var killedAt: ContinuousClock.Instant?
    var reconnects = 0
    var failure: SparkError?
    do {
      for try await event in session.run(sql: SpecialServer.slowStream) {
        if case .batch = event, killedAt == nil {
          killedAt = clock.now
          #expect(server.kill9(), "no server process to kill")
        }
        if case .reconnecting = event { reconnects += 1 }
      }
      Issue.record("the stream ended normally although the server was killed")
    } catch let error as SparkError {
      failure = error
    }
    let detectedAfter = try #require(killedAt.map { clock.now - $0 })
    let error = try #require(failure)
    #expect(error.kind == .connection, "\(error)")
    #expect(error.message.contains("127.0.0.1:\(SpecialServer.port)"), "\(error.message)")
    #expect(detectedAfter < .seconds(2), "took \(detectedAfter)")
    print(
      "FLINT-FIGURES killed server reported after \(detectedAfter), \(reconnects) retries: \(error.message)"
    )

    // While the server is down, calls fail fast too; the session object stays usable.
    let probe = clock.now
    do {
      _ = try await session.sparkVersion()
      Issue.record("a dead server answered")
    } catch { #expect(error.kind == .connection, "\(error)") }
    #expect(clock.now - probe < .seconds(5))
    #expect(server.waitUntilGone(timeout: .seconds(30)), "the killed JVM or its port lingers")

    let restart = clock.now
    try server.start()
    print("FLINT-FIGURES special server restarted in \(clock.now - restart)")

    // The old session is gone on the new server: a clear sessionChanged error. The client's
    // connection may still be backing off from the dead server (≤ 5 s between attempts), so
    // a connection error first is allowed; anything else, or no answer in 20 s, is not.
    let retryDeadline = clock.now + .seconds(20)
    var connectionErrors = 0
    var changed: SparkError?
    while changed == nil, clock.now < retryDeadline {
      do {
        for try await _ in session.run(sql: "SELECT 1") {}
        Issue.record("the old session ran on a restarted server")
        break
      } catch let error as SparkError {
        if error.kind == .connection {
          connectionErrors += 1
          try await Task.sleep(for: .milliseconds(250))
        } else {
          changed = error
        }
      }
    }
    let sessionChanged = try #require(changed, "no answer from the restarted server in 20 s")
    #expect(sessionChanged.kind == .sessionChanged, "\(sessionChanged)")
    #expect(sessionChanged.message.contains("start a new session"), "\(sessionChanged.message)")
    print(
      "FLINT-FIGURES old session after restart (\(connectionErrors) connection errors first): \(sessionChanged.message)"
    )

    let fresh = try session.reconnected()
    #expect(fresh.sessionID != session.sessionID)
    #expect(fresh.connection.token == SpecialServer.token)
    let sum = try await ResultChecksum.run(
      fresh, sql: "SELECT id, id*2 AS b, CAST(id AS STRING) s FROM range(1000)")
    #expect(sum.rows == 1000 && sum.misplaced == 0)
    #expect(fresh.serverSideSessionID != nil && fresh.serverSideSessionID != oldServerSession)
    await fresh.close()
  }
}
