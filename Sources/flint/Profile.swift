import ArgumentParser
import Foundation
import SparkConnectClient

/// `flint profile`: the column profile of a table or a query (counts, NULLs, distinct
/// values, min/max, mean, stddev, quartiles, lengths, histograms), from one aggregate query.
struct Profile: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Profile the columns of a table or a query.",
    discussion: """
      For each column, the statistics Spark computes for its type: count of values and of \
      NULLs, approximate distinct values, min and max, mean and stddev, approximate quartiles \
      and a histogram (numbers, dates, timestamps), shortest and longest length (strings, \
      binary). One aggregate query over the rows. --format table (default) fits the \
      terminal's width (200 cells when stdout is not a terminal, or --width); json prints one \
      array with an object per column; csv a row per column. Exit status as in `flint --help`; \
      on a Spark error stderr has Spark's error.
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
  }

  @OptionGroup var connection: ConnectionOptions

  @OptionGroup var confs: SessionConfs

  @Option(
    name: .customLong("column"),
    help: ArgumentHelp("Profile only this column (repeatable; in this order).", valueName: "name"))
  var columns: [String] = []

  @Option(help: "Output format: \(Format.allCases.map(\.rawValue).joined(separator: ", ")).")
  var format: Format = .table

  @Option(help: "Width of the table in display cells (default: the terminal's, else 200).")
  var width: Int?

  @OptionGroup var rows: RowSource

  /// The query the rows come from, when `--sql` gave one (its errors get a caret).
  var sql: String? { rows.sql }

  func validate() throws {
    if let width, width < 20 { throw ValidationError("--width must be 20 or more") }
  }

  func run() async throws {
    try await reportingErrors {
      let exploration = Exploration(base: rows.base)
      let session = try await connection.connect()
      let interrupter = InterruptOnSignal(session: session)
      defer { interrupter.cancel() }
      let profile: TableProfile
      do {
        try await confs.apply(to: session)
        profile = try await session.profile(
          of: exploration, columns: columns.isEmpty ? nil : columns)
      } catch let error as SparkError {
        await session.close()
        throw CLIError(message: Self.report(error, sql: sql), exitCode: ExitStatus.of(error))
      } catch {
        await session.close()
        throw error
      }
      await session.close()
      switch format {
      case .json: try StandardStreams.output(profile.json)
      case .csv: try StandardStreams.output(profile.csv)
      case .table:
        let lines = profile.tableLines(width: width ?? TerminalWidth.ofStandardOutput ?? 200)
        try StandardStreams.output(
          lines.joined(separator: "\n")
            + "\n\(profile.rows) rows, \(profile.columns.count) columns\n")
      }
    }
  }

  /// Spark's error, with a caret under the query when it came from --sql.
  static func report(_ error: SparkError, sql: String?) -> String {
    guard let sql else { return error.description }
    let statement = SQLScript.Statement(text: sql, offset: 0)
    return Query.report(error.located(in: statement, of: sql), sql: sql)
  }
}

/// A table name as its parts: `a.b.c`, with `` `…` `` around parts that hold dots or spaces
/// (a doubled backtick inside is one backtick).
enum TableName {
  static func parts(_ text: String) -> [String]? {
    var parts: [String] = []
    var current = ""
    var quoted = false
    var wasQuoted = false
    var characters = Array(text)[...]
    while let character = characters.popFirst() {
      if quoted {
        if character == "`" {
          if characters.first == "`" {
            current.append("`")
            characters.removeFirst()
          } else {
            quoted = false
          }
        } else {
          current.append(character)
        }
      } else if character == "`" {
        guard current.isEmpty else { return nil }
        quoted = true
        wasQuoted = true
      } else if character == "." {
        guard !current.isEmpty || wasQuoted else { return nil }
        parts.append(current)
        current = ""
        wasQuoted = false
      } else {
        guard !wasQuoted else { return nil }
        current.append(character)
      }
    }
    guard !quoted, !current.isEmpty || wasQuoted else { return nil }
    parts.append(current)
    return parts
  }
}

/// The width of the terminal on stdout, in cells (nil when stdout is not a terminal).
enum TerminalWidth {
  static var ofStandardOutput: Int? {
    guard isatty(STDOUT_FILENO) == 1 else { return nil }
    var size = winsize()
    guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
    return Int(size.ws_col)
  }
}
