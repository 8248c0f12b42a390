import SparkConnectClient

/// What a tab's rows answer: SQL text as typed, or a plan Flint built from grid actions.
public enum QuerySource: Sendable, Hashable, ExpressibleByStringLiteral,
  CustomStringConvertible
{
  /// A SQL text run as a script (statements split on `;`, commands run, the last result
  /// shown).
  case sql(String)
  /// A SQL text with values for its named markers (`:zone`), sent as typed arguments.
  case parameterized(String, [String: PlanValue])
  /// An exploration: a base and steps, sent as one Spark Connect relation.
  case plan(Exploration)

  public init(stringLiteral value: String) { self = .sql(value) }

  /// The text: the SQL, or the plan as pipe SQL.
  public var description: String {
    switch self {
    case .sql(let text), .parameterized(let text, _): text
    case .plan(let exploration): exploration.pipeSQL
    }
  }

  /// The exploration, when this is one.
  public var exploration: Exploration? {
    if case .plan(let exploration) = self { return exploration }
    return nil
  }
}
