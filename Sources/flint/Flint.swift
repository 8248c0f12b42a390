import ArgumentParser
import FlintApp
import Foundation
import SparkConnectClient

/// `flint`: the full-screen explorer, and headless subcommands for scripts.
@main
struct Flint: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "flint",
    abstract: "A terminal data explorer for Apache Spark (Spark Connect).",
    discussion: """
      Connects to a Spark Connect server given as sc://host:port/;token=... (default: \
      $SPARK_REMOTE, then sc://localhost:15002). Without a subcommand, opens the \
      full-screen explorer.

      Exit status (every subcommand): 0 success; 1 a Spark error (SQL, analysis, runtime); \
      2 usage or bad input (a bad option or URL, a missing parameter value, a file that \
      exists without --force); 3 cannot connect or authenticate; 128+N on signal N \
      (130 for Ctrl-C). The explorer exits 0 when you quit.
      """,
    version: FlintVersion.current,
    subcommands: [
      Explore.self, Query.self, Explain.self, Profile.self, Frequency.self, Export.self,
      Catalog.self, Fetch.self,
      Decode.self,
    ],
    defaultSubcommand: Explore.self
  )

  /// ArgumentParser's own main, with usage errors exiting 2 (its default is 64) as the
  /// exit-status table in `--help` promises.
  static func main() async {
    do {
      var command = try parseAsRoot()
      if var command = command as? AsyncParsableCommand {
        try await command.run()
      } else {
        try command.run()
      }
    } catch {
      if exitCode(for: error) == .validationFailure {
        StandardStreams.error(fullMessage(for: error) + "\n")
        Foundation.exit(ExitStatus.usage)
      }
      exit(withError: error)
    }
  }
}

/// Exit statuses, the same for every subcommand (README, `flint --help`).
enum ExitStatus {
  /// A Spark error: SQL, analysis, runtime.
  static let spark: Int32 = 1
  /// Usage or bad input: a bad option or URL, a missing value, a file that exists.
  static let usage: Int32 = 2
  /// Cannot connect to or authenticate with the server.
  static let connection: Int32 = 3

  /// The status a Spark error ends a command with.
  static func of(_ error: SparkError) -> Int32 {
    switch error.kind {
    case .connection, .authentication, .timeout: connection
    default: spark
    }
  }
}

/// Options every command that talks to Spark shares.
struct ConnectionOptions: ParsableArguments {
  @Option(
    name: .long,
    help:
      "Spark Connect URL, e.g. sc://host:15002/;token=... (default: $SPARK_REMOTE, then sc://localhost:15002)."
  )
  var remote: String?

  @Option(
    name: [.customShort("c"), .long],
    help: "A named connection from the config file ([connections.NAME]).")
  var connection: String?

  @Option(name: .long, help: "Seconds to wait for the server to answer before giving up.")
  var connectTimeout: Double = 10

  @Option(
    name: .long,
    help:
      "A PEM file of CA certificates to trust for TLS (use_ssl=true, or a token to another host).")
  var caCert: String?

  /// Resolves the connection (`ConnectionSource`), warns on stderr when a token would go in
  /// cleartext to another machine, opens the session and checks the server answers. A
  /// command that streams results through without keeping them passes `.shared` (see
  /// `ResultBuffers`).
  func connect(resultBuffers: ResultBuffers = .own) async throws -> SparkConnectSession {
    let environment = ProcessInfo.processInfo.environment
    let connection: ConnectionString
    do {
      connection = try ConnectionSource.resolve(
        remote: remote, name: self.connection, config: { try Config.load(environment) },
        environment: environment)
    } catch {
      throw CLIError(message: error.description, exitCode: ExitStatus.usage)
    }
    if let warning = connection.cleartextTokenWarning {
      StandardStreams.error("flint: \(warning)\n")
    }
    var options = SessionOptions()
    options.connectTimeout = .milliseconds(Int64(max(0.1, connectTimeout) * 1000))
    options.caCertificatePath = caCert
    options.resultBuffers = resultBuffers
    let session = try SparkConnectSession(connection: connection, options: options)
    do {
      _ = try await session.connect()
    } catch {
      await session.close()
      throw CLIError(
        message: error.kind == .server ? error.description : error.message,
        exitCode: error.kind == .server ? ExitStatus.spark : ExitStatus.connection)
    }
    return session
  }
}

/// A failure already phrased for the user: printed as one line, exit status 1.
struct CLIError: Error, CustomStringConvertible {
  var message: String
  var exitCode: Int32 = 1
  var description: String { message }
}

extension AsyncParsableCommand {
  /// Runs `body`, turning CLIError and SparkError into a message on stderr and an exit code.
  func reportingErrors(_ body: () async throws -> Void) async throws {
    do {
      try await body()
    } catch let error as CLIError {
      StandardStreams.error("flint: \(error.message)\n")
      throw ExitCode(error.exitCode)
    } catch let error as SparkError {
      StandardStreams.error("flint: \(error.description)\n")
      throw ExitCode(ExitStatus.of(error))
    } catch is OutputClosed {
      throw ExitCode(OutputClosed.exitCode)
    }
  }
}
