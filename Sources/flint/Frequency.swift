import ArgumentParser
import Foundation
import ResultModel
import SparkConnectClient

/// `flint frequency`: the rows of each distinct value (or combination of values) of some
/// columns, most frequent first, as the explorer's frequency step computes them.
struct Frequency: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Count the rows of each distinct value of columns, most frequent first.",
    discussion: """
      The explorer's frequency step, headless: per distinct combination of the --column \
      values (NULL is a value), its count, percent of all rows and cumulative percent, most \
      frequent first (ties by value), at most --limit rows; then the number of distinct \
      groups on stderr. One query for the rows and one for the number of groups. Exit status \
      as in `flint --help`; on a Spark error stderr has Spark's error.
      """)

  @OptionGroup var connection: ConnectionOptions

  @OptionGroup var confs: SessionConfs

  @Option(
    name: .customLong("column"),
    help: ArgumentHelp("A column to group by (repeatable, at least one).", valueName: "name"))
  var columns: [String] = []

  @Option(help: "At most this many groups.")
  var limit: Int = PlanStep.frequencyLimit

  @OptionGroup var rows: RowSource

  /// The query the rows come from, when `--sql` gave one (its errors get a caret).
  var sql: String? { rows.sql }

  func validate() throws {
    if columns.isEmpty { throw ValidationError("give at least one --column") }
    if limit < 1 { throw ValidationError("--limit must be 1 or more") }
  }

  func run() async throws {
    try await reportingErrors {
      let exploration = Exploration(
        base: rows.base, steps: [.frequency(columns: columns, limit: limit)])
      let session = try await connection.connect()
      let interrupter = InterruptOnSignal(session: session)
      defer { interrupter.cancel() }
      var result: ResultSet?
      var schema: SparkSchema?
      let groups: Int64?
      let formatter: CellFormatter
      do {
        try await confs.apply(to: session)
        let settings = try await session.getConf(["spark.sql.session.timeZone"])
        formatter = CellFormatter(
          timeZoneID: (settings["spark.sql.session.timeZone"] ?? nil) ?? "Etc/UTC")
        for try await event in session.run(exploration: exploration) {
          switch event {
          case .schema(let received): schema = received
          case .batch(let batch, _):
            if result == nil { result = ResultSet(schema: batch.schema) }
            try result?.append(batch)
          default: break
          }
        }
        groups = try await session.distinctGroups(of: exploration)
      } catch let error as SparkError {
        await session.close()
        throw CLIError(message: Profile.report(error, sql: sql), exitCode: ExitStatus.of(error))
      } catch {
        await session.close()
        throw error
      }
      await session.close()
      if let result {
        let intervals = schema?.intervalFieldsByColumn ?? [:]
        try StandardStreams.output(
          AlignedTable.render(
            result, formatter: formatter, numRows: result.rowCount,
            intervalFields: (0..<result.columnCount).map { intervals[$0] ?? .widest }))
        StandardStreams.error(
          "\(groups ?? Int64(result.rowCount)) groups, \(result.rowCount) shown\n")
      }
    }
  }

}
