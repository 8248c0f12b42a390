import ArgumentParser
import CursesTerminal
import FlintApp
import Foundation
import SparkConnectClient

/// `flint [URL]`: the full-screen explorer. The UI opens at once and connects in the
/// background ("connecting…"); a failed connection is shown and the editor stays usable.
struct Explore: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "explore", abstract: "Open the full-screen explorer (the default).")

  @Argument(help: "Spark Connect URL (default: $SPARK_REMOTE, then sc://localhost:15002).")
  var remote: String?

  @Option(name: .long, help: "Row cap per query (0 = no cap). More rows can be loaded on demand.")
  var maxRows: Int = 100_000

  @Option(name: .long, help: "Seconds to wait for the server to answer before giving up.")
  var connectTimeout: Double = 10

  @Option(name: .long, help: "A PEM file of CA certificates to trust for use_ssl=true.")
  var caCert: String?

  func run() async throws {
    try await Self.explore(
      remote: remote, maxRows: maxRows, connectTimeout: connectTimeout, caCert: caCert)
  }

  @MainActor
  static func explore(remote: String?, maxRows: Int, connectTimeout: Double, caCert: String?)
    async throws
  {
    let connection: ConnectionString
    do {
      connection =
        try remote.map { try ConnectionString(parsing: $0) } ?? ConnectionString.fromEnvironment()
    } catch {
      FileHandle.standardError.write(Data("flint: \(error)\n".utf8))
      throw ExitCode(2)
    }
    var options = SessionOptions()
    options.connectTimeout = .milliseconds(Int64(max(0.1, connectTimeout) * 1000))
    options.caCertificatePath = caCert
    let session: SparkConnectSession
    do {
      session = try SparkConnectSession(connection: connection, options: options)
    } catch {
      FileHandle.standardError.write(Data("flint: \(error)\n".utf8))
      throw ExitCode(2)
    }
    let environment = ProcessInfo.processInfo.environment
    let history = HistoryStore(path: HistoryStore.defaultPath(environment: environment))
    let service = SparkSessionService(session: session)
    let entries = history.load()
    let cap = maxRows > 0 ? maxRows : nil
    do {
      try await CursesTerminal.run { terminal in
        let state = AppState(size: terminal.size, maxRows: cap, history: entries)
        let runtime = Runtime(
          terminal: terminal, service: service, state: state, history: history,
          clipboard: { text in
            FileHandle.standardOutput.write(Data(OSC52.sequence(for: text).utf8))
          })
        await runtime.run()
      }
    } catch {
      await session.close()
      FileHandle.standardError.write(Data("flint: \(error)\n".utf8))
      throw ExitCode(2)
    }
  }
}
