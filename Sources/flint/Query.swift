import ArgumentParser
import ArrowIPC
import FlintApp
import Foundation
import ResultModel
import SparkConnectClient

/// `flint query`: runs SQL headlessly and prints or writes the result.
struct Query: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run SQL and print the result (or write it to a file).",
    discussion: """
      Each statement of the text runs in order; every statement that returns rows is printed. \
      --format show prints exactly what pyspark's df.show(n, truncate=False) prints. Exit \
      status as in `flint --help`; on a Spark error stderr has Spark's error class, SQLSTATE, \
      message and a caret under the failing SQL. While Spark runs tasks, a progress line is shown on stderr when \
      stderr is a terminal (not with --quiet). --metrics prints the executed plan with Spark's \
      runtime metrics to stderr after the rows. --verbose reports on stderr how often \
      the result streams were resumed.
      """)

  enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case show, table, csv, tsv, json, markdown, arrow

    /// The exporter behind a file format (nil for the two text tables).
    var exportFormat: ExportFormat? {
      switch self {
      case .show, .table: return nil
      case .csv: return .csv
      case .tsv: return .tsv
      case .json: return .jsonLines
      case .markdown: return .markdown
      case .arrow: return .arrow
      }
    }
  }

  @OptionGroup var connection: ConnectionOptions

  @OptionGroup var confs: SessionConfs

  @Option(
    help:
      "Output format: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")). Default: show, or from -o's extension."
  )
  var format: OutputFormat?

  @Option(
    name: .long,
    help:
      "At most this many rows per statement (0 = no limit). Default: 20 for show and table, else no limit."
  )
  var maxRows: Int?

  @Option(
    name: [.customShort("o"), .long], help: "Write the result to this file instead of stdout.")
  var output: String?

  @Flag(help: "Overwrite the output file if it exists.")
  var force = false

  @Option(name: .long, help: "CSV field delimiter (one ASCII character).")
  var delimiter: String = ","

  @Option(name: .long, help: "Text written for NULL in CSV and TSV (default: empty).")
  var nullMarker: String = ""

  @Flag(
    help:
      "After the rows, print the executed plan of the last statement that returned rows, with Spark's runtime metrics, to stderr."
  )
  var metrics = false

  @Flag(help: "No progress line on stderr (there is none when stderr is not a terminal).")
  var quiet = false

  @Option(
    name: .customLong("param"),
    help: ArgumentHelp(
      "A value for a named marker, NAME=VALUE (repeatable): `:zone` in the SQL is sent as a typed argument, never pasted into the text. 42 is an INT, 1.5 a DECIMAL, 1e3 a DOUBLE, true a BOOLEAN, NULL, 2026-10-01 a DATE, 2026-10-01 12:00 a TIMESTAMP, 'quoted' and anything else a STRING.",
      valueName: "name=value"))
  var params: [String] = []

  @Flag(
    help:
      "At the end, print to stderr how often the result streams were resumed: reattaches after the server ended a stream on purpose, or after a broken one, and reconnection attempts."
  )
  var verbose = false

  @OptionGroup var input: SQLInput

  func validate() throws {
    if let maxRows, maxRows < 0 { throw ValidationError("--max-rows must be 0 or more") }
    _ = try parameters()
  }

  /// The `--param` values by marker name.
  func parameters() throws -> [String: PlanValue] {
    var values: [String: PlanValue] = [:]
    for param in params {
      guard let equals = param.firstIndex(of: "="), equals != param.startIndex else {
        throw ValidationError("--param takes NAME=VALUE, not '\(param)'")
      }
      var name = String(param[..<equals])
      if name.hasPrefix(":") { name.removeFirst() }
      values[name] = SQLParameters.value(String(param[param.index(after: equals)...]))
    }
    return values
  }

  func run() async throws {
    try await reportingErrors {
      let text = try input.read()
      // An Arrow export streams batches through as they are: one copy less, at the same peak
      // memory. A text export gains nothing measurable there and peaks higher; tables keep
      // every batch until printed.
      let session = try await connection.connect(
        resultBuffers: effectiveFormat == .arrow ? .shared : .own)
      let interrupter = InterruptOnSignal(session: session)
      defer { interrupter.cancel() }
      let progress = ProgressLine(enabled: ProgressLine.wanted(quiet: quiet))
      let resumes = ResumeCounter()
      let executed: ExecutionMetrics?
      do {
        executed = try await run(text, session: session, progress: progress, resumes: resumes)
        progress.clear()
      } catch let error as SparkError {
        progress.clear()
        if verbose { StandardStreams.error(resumes.summary) }
        await session.close()
        throw CLIError(message: Self.report(error, sql: text), exitCode: ExitStatus.of(error))
      } catch {
        progress.clear()
        if verbose { StandardStreams.error(resumes.summary) }
        await session.close()
        throw error
      }
      await session.close()
      if verbose { StandardStreams.error(resumes.summary) }
      if metrics {
        if let executed {
          var text = ExecutionMetrics.legend + "\n" + executed.text()
          let highlights = executed.highlights
          if !highlights.isEmpty {
            text += "Look first:\n" + highlights.map { "- \($0.text)\n" }.joined()
          }
          StandardStreams.error(text)
        } else {
          StandardStreams.error("flint: no statement returned rows with metrics from the server\n")
        }
      }
    }
  }

  private var effectiveFormat: OutputFormat {
    if let format { return format }
    if let output, let fromExtension = ExportFormat(path: output) {
      switch fromExtension {
      case .csv: return .csv
      case .tsv: return .tsv
      case .jsonLines: return .json
      case .markdown: return .markdown
      case .arrow: return .arrow
      }
    }
    return .show
  }

  /// Runs the text and prints or writes its results; returns the metrics of the last
  /// statement that returned rows (nil when none did, or the server sent none).
  private func run(
    _ text: String, session: SparkConnectSession, progress: ProgressLine, resumes: ResumeCounter
  ) async throws -> ExecutionMetrics? {
    try await confs.apply(to: session)
    let settings = try await session.getConf([
      "spark.sql.session.timeZone", "spark.sql.binaryOutputStyle",
    ])
    let formatter = CellFormatter(
      timeZoneID: (settings["spark.sql.session.timeZone"] ?? nil) ?? "Etc/UTC",
      binaryOutputStyle: BinaryOutputStyle(conf: settings["spark.sql.binaryOutputStyle"] ?? nil))
    let format = effectiveFormat
    if format.exportFormat != nil && format != .arrow { Self.returnFreedBatchMemory() }
    let limit = maxRows ?? ((format == .show || format == .table) ? 20 : 0)
    if format == .arrow && output == nil {
      throw CLIError(message: "--format arrow needs -o FILE", exitCode: ExitStatus.usage)
    }
    guard delimiter.count == 1, let delimiterCharacter = delimiter.first else {
      throw CLIError(message: "--delimiter must be one character", exitCode: ExitStatus.usage)
    }
    let exportOptions = ExportOptions(
      delimiter: delimiterCharacter, nullMarker: nullMarker, formatter: formatter)
    let sink = try OutputSink(path: format.exportFormat == nil ? output : nil, force: force)
    var exporter: StatementExporter?
    defer { exporter?.cancel() }

    var schema: SparkSchema?
    var result: ResultSet?
    var statements = 1
    // The metrics of the running statement (the last report wins, should both of its
    // executions send one), and of the last statement that returned rows.
    var statementMetrics: ExecutionMetrics?
    var returnedRows = false
    var lastMetrics: ExecutionMetrics?
    let parameters = try self.parameters()
    let missing = SQLParameters.markers(in: text).filter { parameters[$0] == nil }
    if !missing.isEmpty {
      throw CLIError(
        message: "no value for " + missing.map { ":" + $0 }.joined(separator: ", ")
          + " (give each with --param NAME=VALUE)", exitCode: ExitStatus.usage)
    }
    for try await event in session.run(
      sql: text, maxRows: limit > 0 ? limit : nil, parameters: parameters)
    {
      progress.observe(event)
      resumes.observe(event)
      switch event {
      case .statementStarted(_, let count, _):
        statements = count
        schema = nil
        result = nil
        statementMetrics = nil
        returnedRows = false
      case .schema(let sparkSchema):
        schema = sparkSchema
        if !sparkSchema.fields.isEmpty { returnedRows = true }
      case .metrics(let executed):
        statementMetrics = executed
      case .batch(let batch, _):
        if batch.rowCount > 0 { returnedRows = true }
        if let exportFormat = format.exportFormat {
          // Files get the last statement that returns rows, streamed batch by batch.
          if exporter == nil || exporter?.isFor(batch.schema) == false || result == nil {
            exporter?.cancel()
            var options = exportOptions
            options.intervalFields = schema?.intervalFieldsByColumn ?? [:]
            // One statement streams to stdout as rows arrive; of several, only the last
            // one's rows are printed, so they wait in a file until the script is done.
            exporter = try StatementExporter(
              path: output, format: exportFormat, schema: batch.schema, options: options,
              overwrite: force, streaming: statements == 1)
            result = ResultSet(schema: batch.schema)
          }
          try exporter?.write(batch, limit: limit)
        } else {
          if result == nil { result = ResultSet(schema: batch.schema) }
          try result?.append(batch)
        }
      case .statementFinished:
        if returnedRows, let statementMetrics { lastMetrics = statementMetrics }
        guard let result, result.columnCount > 0, format.exportFormat == nil else { continue }
        let intervals = schema?.intervalFieldsByColumn ?? [:]
        let shown = limit > 0 ? limit : result.rowCount
        switch format {
        case .table:
          try sink.write(
            AlignedTable.render(
              result, formatter: formatter, numRows: shown,
              intervalFields: (0..<result.columnCount).map { intervals[$0] ?? .widest }))
        default:
          try sink.write(
            ShowTable.render(
              result, formatter: formatter, numRows: shown, truncate: 0,
              intervalFields: (0..<result.columnCount).map { intervals[$0] ?? .widest })
              + "\n")
        }
      case .operationStarted, .progress, .reconnecting, .reattaching:
        break
      }
    }
    try exporter?.finish()
    exporter = nil
    try sink.finish()
    return lastMetrics
  }

  /// For a text export, which streams every batch through and keeps none. glibc raises its
  /// mmap threshold each time a large block is freed and then serves the batches' buffers
  /// from its heaps, keeping what they free, so a CSV export's peak memory grew with the
  /// result. With the threshold fixed at 128 KiB every such buffer is unmapped when freed and
  /// the peak stays flat, at the same speed (the export waits on text encoding, not on page
  /// faults). Not for the other commands: done globally, the page faults slowed fetching and
  /// decoding many times over (figures in scripts/bench's history and README).
  static func returnFreedBatchMemory() {
    #if os(Linux)
      // mallopt is not exported by the Glibc module; M_MMAP_THRESHOLD is -3 in <malloc.h>.
      typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
      if let symbol = dlsym(nil, "mallopt") {
        _ = unsafeBitCast(symbol, to: Mallopt.self)(-3, 128 * 1024)
      }
    #endif
  }

  /// The error as the CLI prints it: class and message, SQLSTATE, and a caret under the SQL.
  static func report(_ error: SparkError, sql: String) -> String {
    guard error.kind == .server else {
      return error.message.isEmpty ? error.description : error.description
    }
    var text = error.description
    if let caret = error.caretDisplay(sql: sql) { text += "\n" + caret }
    return text
  }
}

/// Where `show` and `table` text goes: standard output, written at once so earlier results
/// survive a later error, or a file (`SafeFileOutput`: written beside its path and renamed
/// once complete, never half-written).
final class OutputSink {
  private let output: SafeFileOutput

  init(path: String?, force: Bool) throws {
    guard let path else {
      output = SafeFileOutput(passingThroughTo: STDOUT_FILENO, name: "standard output")
      return
    }
    do {
      output = try SafeFileOutput(path: path, overwrite: force)
    } catch .fileExists {
      throw CLIError(
        message: "'\(path)' exists; use --force to overwrite it", exitCode: ExitStatus.usage)
    } catch {
      throw CLIError(message: error.description)
    }
  }

  /// Appends text; standard output is written at once so earlier results survive a later error.
  func write(_ text: String) throws {
    do {
      try output.write(text.utf8)
      if output.isPassThrough { try output.flush() }
    } catch {
      throw StatementExporter.reported(error)
    }
  }

  func finish() throws {
    do {
      try output.commit()
    } catch {
      throw StatementExporter.reported(error)
    }
  }
}

/// Turns Ctrl-C, SIGTERM and SIGHUP (the terminal or SSH connection went away) into an
/// Interrupt of the session's operations on the server, removes the temporary files of
/// unfinished output, then exits with 128 + the signal's number (130 for Ctrl-C). Without this
/// a killed `flint query` left its Spark job running to the end and `.NAME.flint-*` files
/// behind. The interrupt gets at most `grace` to reach a server that may be gone.
final class InterruptOnSignal {
  private let watcher: SignalWatcher
  static let grace: DispatchTimeInterval = .seconds(3)

  init(session: SparkConnectSession) {
    watcher = SignalWatcher { number in
      let name = number == SIGINT ? "interrupted" : "stopped by \(SignalWatcher.name(number))"
      // On a terminal, first erase a progress line the message would otherwise continue.
      let erase = isatty(STDERR_FILENO) == 1 ? "\r\u{1B}[K" : ""
      StandardStreams.error(erase + "flint: \(name); cancelling on the server\n")
      TemporaryFiles.removeAll()
      SignalWatcher.exit(after: Self.grace, signal: number)
      Task {
        _ = try? await session.interruptAll()
        exit(128 + number)
      }
    }
  }

  func cancel() { watcher.cancel() }
}
