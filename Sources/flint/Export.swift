import ArgumentParser
import Foundation
import SparkConnectClient

/// `flint export`: has the *server* write a query's result with the DataFrame writer
/// (Parquet, CSV or JSON), for results too large to bring home. Local files come from
/// `flint query -o FILE`.
struct Export: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Have the server write a query's result (Parquet, CSV or JSON) to a path.",
    discussion: """
      The server runs the query and writes it with Spark's DataFrame writer to PATH, a path \
      the server can reach (its local disk, HDFS, S3…): a directory of part files, as Spark \
      writes them. Nothing is sent back to Flint. Statements before the last one run first \
      (e.g. CREATE TEMPORARY VIEW); the last one is written. csv gets header=true unless \
      --option header=false. Ctrl-C interrupts the write on the server. For a local file \
      written by Flint (CSV, TSV, JSON Lines, Markdown, Arrow IPC) use `flint query -o FILE`.
      """)

  enum ServerFormat: String, ExpressibleByArgument, CaseIterable {
    case parquet, csv, json
  }

  @OptionGroup var connection: ConnectionOptions

  @OptionGroup var confs: SessionConfs

  @Option(name: .long, help: "The path the server writes to (a directory of part files).")
  var to: String

  @Option(
    help: "The data source: parquet, csv or json. Default: from --to's extension, else parquet.")
  var format: ServerFormat?

  @Option(
    help:
      "What to do when the path exists: error (default), overwrite, append, ignore.")
  var mode: String = "error"

  @Option(
    name: .customLong("option"),
    help: ArgumentHelp(
      "A writer option, e.g. sep=; or compression=zstd (repeatable).", valueName: "key=value"))
  var options: [String] = []

  @OptionGroup var input: SQLInput

  func validate() throws {
    guard ServerWrite.SaveMode(rawValue: mode) != nil else {
      throw ValidationError("--mode must be one of error, overwrite, append, ignore")
    }
    for pair in options where !pair.contains("=") || pair.hasPrefix("=") {
      throw ValidationError("--option expects key=value, got '\(pair)'")
    }
    if to.isEmpty { throw ValidationError("--to needs a path") }
  }

  /// The data source: --format, else the extension of --to, else parquet.
  var source: ServerFormat {
    if let format { return format }
    let ext = (to as NSString).pathExtension.lowercased()
    return ServerFormat(rawValue: ext) ?? .parquet
  }

  /// The writer options: csv gets a header row unless told otherwise.
  var writerOptions: [String: String] {
    var result: [String: String] = [:]
    if source == .csv { result["header"] = "true" }
    for pair in options {
      let parts = pair.split(separator: "=", maxSplits: 1)
      result[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
    }
    return result
  }

  func run() async throws {
    try await reportingErrors {
      let text = try input.read()
      let statements = SQLScript.statements(in: text)
      guard let last = statements.last else {
        throw CLIError(
          message: "nothing to write: the text has no SQL statement", exitCode: ExitStatus.usage)
      }
      let session = try await connection.connect()
      let interrupter = InterruptOnSignal(session: session)
      defer { interrupter.cancel() }
      let destination = ServerWrite(
        source: source.rawValue, path: to, mode: ServerWrite.SaveMode(rawValue: mode) ?? .error,
        options: writerOptions)
      let started = ContinuousClock.now
      // Error carets point into the text that ran: the earlier statements, then the last one.
      var running = text
      do {
        try await confs.apply(to: session)
        if last.offset > 0 {
          // Earlier statements (temporary views, SET…) run first; their rows are dropped.
          let prefix = String(text.prefix(last.offset))
          for try await _ in session.run(sql: prefix, maxRows: 1) {}
        }
        running = last.text
        for try await _ in session.write(sql: last.text, to: destination) {}
      } catch let error as SparkError {
        await session.close()
        throw CLIError(message: Query.report(error, sql: running), exitCode: ExitStatus.of(error))
      } catch {
        await session.close()
        throw error
      }
      await session.close()
      let seconds = (ContinuousClock.now - started).inSeconds
      StandardStreams.error(
        "flint: the server wrote \(source.rawValue) to \(to) (\(mode)) in \(String(format: "%.2f", seconds))s\n"
      )
    }
  }

}
