/// A question asked without writing SQL: a base relation and a stack of steps, each built on
/// the one before it (VisiData's sheet stack, as a Spark Connect plan).
///
/// A value: pushing a step makes a new exploration and going back is dropping the last step.
/// `SparkConnectSession.run(exploration:maxRows:tag:)` sends it as one `Relation` tree
/// (`Read.NamedTable` or `SQL` at the bottom, then `Filter`, `Sort`, `Project`, `Aggregate`,
/// `Sample`, `Limit`); `pipeSQL` and `pySpark` render the same question as text.
public struct Exploration: Sendable, Hashable {
  /// Where the rows come from.
  public enum Base: Sendable, Hashable {
    /// One SQL query (a trailing `;` is ignored).
    case sql(String)
    /// A catalog table or view by its name parts (`["spark_catalog", "demo", "trips"]` or
    /// `["demo", "trips"]`), read with `Read.NamedTable`.
    case table([String])
  }

  public var base: Base
  /// The steps, first applied first.
  public var steps: [PlanStep]

  public init(base: Base, steps: [PlanStep] = []) {
    self.base = base
    self.steps = steps
  }

  /// A catalog table's rows.
  public init(table: CatalogEntry) {
    self.init(base: .table(table.path))
  }

  /// This exploration with `step` on top.
  public func pushing(_ step: PlanStep) -> Exploration {
    Exploration(base: base, steps: steps + [step])
  }

  /// The exploration the last step was built on; nil for the bare base.
  public var parent: Exploration? {
    steps.isEmpty ? nil : Exploration(base: base, steps: Array(steps.dropLast()))
  }

  /// When the last step is a frequency: its parent filtered to the rows of one frequency row,
  /// `values` aligned with the frequency's columns (a NULL value keeps the NULL rows).
  /// Nil when the last step is not a frequency or the values do not match its columns.
  public func drillingDown(into values: [PlanValue]) -> Exploration? {
    guard case .frequency(let columns, _) = steps.last, columns.count == values.count,
      let parent
    else { return nil }
    let predicates = zip(columns, values).map { RowPredicate.keeping(column: $0, value: $1) }
    return parent.pushing(.filter(predicates.count == 1 ? predicates[0] : .all(predicates)))
  }

  /// The frequency step on top, if any: its columns.
  public var frequencyColumns: [String]? {
    if case .frequency(let columns, _) = steps.last { return columns }
    return nil
  }
}

/// One action on a result, applied to the rows of the step below it.
public enum PlanStep: Sendable, Hashable {
  /// Rows for which the predicate is true.
  case filter(RowPredicate)
  /// All rows, ordered by the keys (first key first).
  case sort([SortKey])
  /// Only these columns, in this order.
  case project([String])
  /// One row per distinct combination of `columns`: the values, `count`, `percent` of all
  /// rows and `cumulative_percent`, most frequent first, at most `limit` rows.
  case frequency(columns: [String], limit: Int)
  /// About `fraction` (0...1) of the rows, drawn without replacement with a fixed seed, so
  /// the same exploration gives the same rows.
  case sample(fraction: Double, seed: Int64)
  /// The first `count` rows.
  case limit(Int)

  /// The number of groups a frequency shows at most.
  public static let frequencyLimit = 1_000

  /// The names of a frequency's computed columns, after the grouping columns.
  public static let frequencyCountColumn = "count"
  public static let frequencyPercentColumn = "percent"
  public static let frequencyCumulativeColumn = "cumulative_percent"

  /// The names of the computed columns of a frequency of `columns`: `count`, `percent` and
  /// `cumulative_percent`, each with `_` appended while a grouping column has that name (Spark
  /// compares names case-insensitively), so a frequency of a frequency's `count` works.
  public static func frequencyNames(for columns: [String]) -> (
    count: String, percent: String, cumulative: String
  ) {
    let taken = Set(columns.map { $0.lowercased() })
    func free(_ name: String) -> String {
      var name = name
      while taken.contains(name.lowercased()) { name += "_" }
      return name
    }
    return (
      free(frequencyCountColumn), free(frequencyPercentColumn), free(frequencyCumulativeColumn)
    )
  }
}

/// A condition on rows.
public indirect enum RowPredicate: Sendable, Hashable {
  /// `column = value` (NULL rows are dropped; use `keeping` to get `IS NULL` for `.null`).
  case equals(column: String, value: PlanValue)
  /// `NOT (column <=> value)`: every row whose value differs, NULL rows included.
  case notEqualNullSafe(column: String, value: PlanValue)
  case isNull(column: String)
  case isNotNull(column: String)
  /// `column IN (values)`; a `.null` among the values also keeps the NULL rows
  /// (`column IN (…) OR column IS NULL`).
  case `in`(column: String, values: [PlanValue])
  /// A Spark SQL boolean expression typed by the user, sent as `ExpressionString`.
  case expression(String)
  /// All of the predicates (AND).
  case all([RowPredicate])

  /// `=` on a cell: equal to `value`, or `IS NULL` when the cell is NULL.
  public static func keeping(column: String, value: PlanValue) -> RowPredicate {
    value.isNull ? .isNull(column: column) : .equals(column: column, value: value)
  }

  /// `!` on a cell: every row but those equal to `value` (NULL rows stay), or `IS NOT NULL`
  /// when the cell is NULL.
  public static func dropping(column: String, value: PlanValue) -> RowPredicate {
    value.isNull ? .isNotNull(column: column) : .notEqualNullSafe(column: column, value: value)
  }

  /// `=` on a range of cells in one column: rows whose value is one of the distinct `values`.
  public static func keeping(column: String, values: [PlanValue]) -> RowPredicate {
    var distinct: [PlanValue] = []
    var seen = Set<PlanValue>()
    for value in values where seen.insert(value).inserted { distinct.append(value) }
    if distinct.count == 1 { return keeping(column: column, value: distinct[0]) }
    return .in(column: column, values: distinct)
  }
}

/// One key of a sort.
public struct SortKey: Sendable, Hashable {
  public var column: String
  public var ascending: Bool
  /// Where NULLs go; nil: Spark's default (first when ascending, last when descending).
  public var nullsFirst: Bool?

  public init(column: String, ascending: Bool = true, nullsFirst: Bool? = nil) {
    self.column = column
    self.ascending = ascending
    self.nullsFirst = nullsFirst
  }

  /// Whether NULLs come first, with Spark's default applied.
  public var effectiveNullsFirst: Bool { nullsFirst ?? ascending }
}
