import ArgumentParser
import Foundation
import SparkConnectClient

/// `flint explain`: Spark's plan for a query, as its EXPLAIN prints it, without running the
/// query (AnalyzePlan).
struct Explain: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Print Spark's plan for a query without running it.",
    discussion: """
      --mode formatted (default) prints the physical plan's outline, then each operator's \
      details; extended prints the parsed, analyzed and optimized logical plans and the \
      physical plan; cost prints the optimized logical plan with Spark's size and row \
      estimates; codegen prints the generated Java code; simple prints the physical plan. \
      Statements before the last one run first (e.g. CREATE TEMPORARY VIEW, SET); the last \
      one is explained and not run. Exit status as in `flint --help`; on a Spark error stderr \
      has Spark's error class, SQLSTATE, message and a caret under the failing SQL.
      """)

  enum Mode: String, ExpressibleByArgument, CaseIterable {
    case formatted, extended, cost, codegen, simple

    var sparkMode: SparkConnectSession.ExplainMode {
      switch self {
      case .formatted: .formatted
      case .extended: .extended
      case .cost: .cost
      case .codegen: .codegen
      case .simple: .simple
      }
    }
  }

  @OptionGroup var connection: ConnectionOptions

  @OptionGroup var confs: SessionConfs

  @Option(
    help: "How to explain: \(Mode.allCases.map(\.rawValue).joined(separator: ", ")).")
  var mode: Mode = .formatted

  @OptionGroup var input: SQLInput

  func run() async throws {
    try await reportingErrors {
      let text = try input.read()
      let statements = SQLScript.statements(in: text)
      guard let last = statements.last else {
        throw CLIError(
          message: "nothing to explain: the text has no SQL statement", exitCode: ExitStatus.usage)
      }
      let session = try await connection.connect()
      let interrupter = InterruptOnSignal(session: session)
      defer { interrupter.cancel() }
      let plan: String
      do {
        try await confs.apply(to: session)
        if last.offset > 0 {
          // Earlier statements (temporary views, SET…) run first; their rows are dropped.
          // Their errors already point into the whole text.
          for try await _ in session.run(sql: String(text.prefix(last.offset)), maxRows: 1) {}
        }
        do throws(SparkError) {
          plan = try await session.explain(sql: last.text, mode: mode.sparkMode)
        } catch {
          // Spark located the error in the statement it was sent: move it into the text.
          throw error.located(in: last, of: text)
        }
      } catch let error as SparkError {
        await session.close()
        throw CLIError(message: Query.report(error, sql: text), exitCode: ExitStatus.of(error))
      } catch {
        await session.close()
        throw error
      }
      await session.close()
      try StandardStreams.output(plan.hasSuffix("\n") ? plan : plan + "\n")
    }
  }
}
