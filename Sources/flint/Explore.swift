import ArgumentParser
import CursesTerminal
import FlintApp
import Foundation
import SparkConnectClient
import Synchronization

/// `flint [URL]`: the full-screen explorer. The UI opens at once and connects in the
/// background ("connecting…"); a failed connection is shown and the editor stays usable.
struct Explore: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "explore", abstract: "Open the full-screen explorer (the default).")
  /// How long winding down after SIGTERM or SIGHUP may take before the process just exits.
  static let grace: DispatchTimeInterval = .seconds(4)

  @Argument(help: "Spark Connect URL (default: $SPARK_REMOTE, then sc://localhost:15002).")
  var remote: String?

  @Option(
    name: .customLong("remote"),
    help: "Spark Connect URL, as the other commands take it (the same as the positional URL).")
  var remoteOption: String?

  @Option(
    name: .long,
    help: "Row cap per query (0 = no cap; default: the config's max_rows, else 100,000).")
  var maxRows: Int?

  @Option(
    name: [.customShort("c"), .long],
    help: "A named connection from the config file ([connections.NAME]).")
  var connection: String?

  @Option(
    name: .long,
    help: "Theme: dark, light, high-contrast, mono, or one in $XDG_CONFIG_HOME/flint/themes/.")
  var theme: String?

  @Option(name: .long, help: "Seconds to wait for the server to answer before giving up.")
  var connectTimeout: Double = 10

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Memory for loaded results, all tabs together (e.g. 512MiB, 4GiB; default: the config's "
        + "memory_budget, else a quarter of RAM up to 4 GiB). Rows past it spill to disk.",
      valueName: "size"))
  var memoryBudget: String?

  @Option(
    name: .long,
    help:
      "A PEM file of CA certificates to trust for TLS (use_ssl=true, or a token to another host).")
  var caCert: String?

  func run() async throws {
    let environment = ProcessInfo.processInfo.environment
    if let remote, let remoteOption, remote != remoteOption {
      // Not echoed: a URL may carry a token.
      StandardStreams.error(
        "flint: two different URLs (the positional one and --remote); give one\n")
      throw ExitCode(2)
    }
    let settings: Settings
    do {
      settings = try Settings.resolve(
        remote: remoteOption ?? remote, connection: connection, theme: theme, maxRows: maxRows,
        memoryBudget: memoryBudget, environment: environment)
    } catch {
      StandardStreams.error("flint: \(error)\n")
      throw ExitCode(2)
    }
    try await Self.explore(settings, connectTimeout: connectTimeout, caCert: caCert)
  }

  @MainActor
  static func explore(_ settings: Settings, connectTimeout: Double, caCert: String?)
    async throws
  {
    let connection = settings.connection
    let maxRows = settings.maxRows
    // On stderr, seen after the explorer ends, and in the status bar while it runs.
    let warning = connection.cleartextTokenWarning
    if let warning { StandardStreams.error("flint: \(warning)\n") }
    var options = SessionOptions()
    options.connectTimeout = .milliseconds(Int64(max(0.1, connectTimeout) * 1000))
    options.caCertificatePath = caCert
    let session: SparkConnectSession
    do {
      session = try SparkConnectSession(connection: connection, options: options)
    } catch {
      StandardStreams.error("flint: \(error)\n")
      throw ExitCode(2)
    }
    let environment = ProcessInfo.processInfo.environment
    let history = HistoryStore(path: HistoryStore.defaultPath(environment: environment))
    let service = SparkSessionService(session: session)
    let entries = history.load()
    let cap = maxRows > 0 ? maxRows : nil
    let ending = Mutex<Int32?>(nil)
    do {
      try await CursesTerminal.run { terminal in
        // Taken only once the terminal is ours: a start that fails leaves the draft in place.
        let draft = history.takeDraft()
        let state = AppState(
          size: terminal.size, maxRows: cap, history: entries, keymap: settings.keymap,
          draft: draft, theme: settings.theme, spill: settings.spill,
          workingDirectory: FileManager.default.currentDirectoryPath,
          message: draft == nil
            ? warning
            : "restored the SQL you were editing when Flint last ended (\(history.draftPath))")
        let runtime = Runtime(terminal: terminal, service: service, state: state, history: history)
        // SIGTERM, or SIGHUP when the terminal or the SSH connection goes away: wind down as on
        // quit (queries interrupted, exports' temporary files removed, the editor's text kept
        // in draft.sql), with `grace` for a server that may not answer.
        let watcher = SignalWatcher { number in
          ending.withLock { $0 = $0 ?? number }
          runtime.send(.terminated(signal: number))
          SignalWatcher.exit(after: Self.grace, signal: number)
        }
        await runtime.run()
        watcher.cancel()
      }
    } catch {
      await session.close()
      StandardStreams.error("flint: \(error)\n")
      throw ExitCode(2)
    }
    if let number = ending.withLock({ $0 }) { throw ExitCode(128 + number) }
  }
}
