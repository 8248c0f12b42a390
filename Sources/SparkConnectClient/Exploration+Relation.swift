import Foundation
import SparkConnectProto

extension Exploration {
  /// The whole stack as one Spark Connect relation tree: each step's relation has the
  /// relation of the steps below it as its input.
  var relation: Spark_Connect_Relation {
    steps.reduce(baseRelation) { input, step in step.relation(on: input) }
  }

  /// The base alone: `Read.NamedTable` for a table, `SQL` for a query.
  var baseRelation: Spark_Connect_Relation {
    switch base {
    case .table(let parts):
      var relation = Spark_Connect_Relation()
      relation.read.namedTable.unparsedIdentifier = SparkIdentifier.qualified(parts)
      return relation
    case .sql(let query):
      return .sql(Self.trimmedQuery(query))
    }
  }

  /// A query without the trailing `;` and blanks a statement may end with.
  static func trimmedQuery(_ query: String) -> String {
    var text = query
    while let last = text.unicodeScalars.last,
      last == ";" || CharacterSet.whitespacesAndNewlines.contains(last)
    {
      text.unicodeScalars.removeLast()
    }
    return text
  }

  /// For a frequency on top: one row with the number of distinct groups of its columns
  /// (column `groups`), counted exactly, NULL values forming a group as in GROUP BY.
  ///
  /// Built as `Aggregate(Aggregate(parent, group by columns), count(1))` rather than
  /// `count(DISTINCT …)`, which skips rows with a NULL in any column, or
  /// `approx_count_distinct`, which is off by a few percent: the number shown beside a
  /// frequency must match its rows. Nil when the last step is not a frequency.
  var distinctGroupsRelation: Spark_Connect_Relation? {
    guard case .frequency(let columns, _) = steps.last, let parent else { return nil }
    var groups = Spark_Connect_Relation()
    groups.aggregate.input = parent.relation
    groups.aggregate.groupType = .groupby
    groups.aggregate.groupingExpressions = columns.map(Spark_Connect_Expression.column)
    var total = Spark_Connect_Relation()
    total.aggregate.input = groups
    total.aggregate.groupType = .groupby
    total.aggregate.aggregateExpressions = [
      .named(.call("count", [.value(.int32(1))]), "groups")
    ]
    return total
  }
}

extension PlanStep {
  /// This step's relation over `input`.
  func relation(on input: Spark_Connect_Relation) -> Spark_Connect_Relation {
    var relation = Spark_Connect_Relation()
    switch self {
    case .filter(let predicate):
      relation.filter.input = input
      relation.filter.condition = predicate.expression
    case .sort(let keys):
      relation.sort.input = input
      relation.sort.order = keys.map { key in
        Spark_Connect_Expression.SortOrder.order(
          .column(key.column), ascending: key.ascending, nullsFirst: key.effectiveNullsFirst)
      }
      relation.sort.isGlobal = true
    case .project(let columns):
      relation.project.input = input
      relation.project.expressions = columns.map(Spark_Connect_Expression.column)
    case .frequency(let columns, let limit):
      return Self.frequency(columns, limit: limit, on: input)
    case .sample(let fraction, let seed):
      relation.sample.input = input
      relation.sample.lowerBound = 0
      relation.sample.upperBound = fraction
      relation.sample.withReplacement = false
      relation.sample.seed = seed
    case .limit(let count):
      return .limit(input, count)
    }
    return relation
  }

  /// The frequency's order: most frequent first, ties by the values (NULLs first), so the
  /// order and the cumulative percent are the same on every run.
  static func frequencyOrder(_ columns: [String]) -> [Spark_Connect_Expression.SortOrder] {
    let count = Spark_Connect_Expression.SortOrder.order(
      .column(frequencyNames(for: columns).count), ascending: false, nullsFirst: false)
    let values = columns.map { column in
      Spark_Connect_Expression.SortOrder.order(.column(column), ascending: true, nullsFirst: true)
    }
    return [count] + values
  }

  /// `Aggregate` (count per group) → `Project` (percent and cumulative percent as window
  /// sums over all groups) → `Sort` (count descending) → `Limit`.
  private static func frequency(
    _ columns: [String], limit: Int, on input: Spark_Connect_Relation
  ) -> Spark_Connect_Relation {
    let names = frequencyNames(for: columns)
    let count = Spark_Connect_Expression.column(names.count)
    var aggregate = Spark_Connect_Relation()
    aggregate.aggregate.input = input
    aggregate.aggregate.groupType = .groupby
    aggregate.aggregate.groupingExpressions = columns.map(Spark_Connect_Expression.column)
    aggregate.aggregate.aggregateExpressions = [
      .named(.call("count", [.value(.int32(1))]), names.count)
    ]

    var all = Spark_Connect_Expression()
    all.window.windowFunction = .call("sum", [count])
    var running = Spark_Connect_Expression()
    running.window.windowFunction = .call("sum", [count])
    running.window.orderSpec = frequencyOrder(columns)
    running.window.frameSpec.frameType = .row
    running.window.frameSpec.lower.unbounded = true
    running.window.frameSpec.upper.currentRow = true
    let hundred = Spark_Connect_Expression.value(.double(100))

    var project = Spark_Connect_Relation()
    project.project.input = aggregate
    project.project.expressions =
      columns.map(Spark_Connect_Expression.column) + [
        count,
        .named(.call("/", [.call("*", [count, hundred]), all]), names.percent),
        .named(.call("/", [.call("*", [running, hundred]), all]), names.cumulative),
      ]

    var sort = Spark_Connect_Relation()
    sort.sort.input = project
    sort.sort.order = frequencyOrder(columns)
    sort.sort.isGlobal = true
    return .limit(sort, limit)
  }
}

extension RowPredicate {
  /// The condition as a protobuf expression.
  var expression: Spark_Connect_Expression {
    switch self {
    case .equals(let column, let value):
      return .call("==", [.column(column), .value(value)])
    case .notEqualNullSafe(let column, let value):
      return .call("not", [.call("<=>", [.column(column), .value(value)])])
    case .isNull(let column):
      return .call("isnull", [.column(column)])
    case .isNotNull(let column):
      return .call("isnotnull", [.column(column)])
    case .in(let column, let values):
      let present = values.filter { !$0.isNull }
      let isNull = Spark_Connect_Expression.call("isnull", [.column(column)])
      guard !present.isEmpty else { return isNull }
      let inList = Spark_Connect_Expression.call(
        "in", [.column(column)] + present.map { Spark_Connect_Expression.value($0) })
      return present.count < values.count ? .call("or", [inList, isNull]) : inList
    case .expression(let text):
      var expression = Spark_Connect_Expression()
      expression.expressionString.expression = text
      return expression
    case .all(let predicates):
      guard let first = predicates.first else { return .value(.bool(true)) }
      return predicates.dropFirst().reduce(first.expression) {
        .call("and", [$0, $1.expression])
      }
    }
  }
}

extension Spark_Connect_Expression {
  /// A column by name (one part, quoted as `SparkIdentifier` says).
  static func column(_ name: String) -> Spark_Connect_Expression {
    var expression = Spark_Connect_Expression()
    expression.unresolvedAttribute.unparsedIdentifier = SparkIdentifier.quoted(name)
    return expression
  }

  static func value(_ value: PlanValue) -> Spark_Connect_Expression {
    var expression = Spark_Connect_Expression()
    expression.literal = Literal(value)
    return expression
  }

  /// A built-in function or operator (`==`, `<=>`, `not`, `in`, `count`, `sum`, `*`, `/`).
  static func call(_ name: String, _ arguments: [Spark_Connect_Expression])
    -> Spark_Connect_Expression
  {
    var expression = Spark_Connect_Expression()
    expression.unresolvedFunction.functionName = name
    expression.unresolvedFunction.arguments = arguments
    return expression
  }

  static func named(_ child: Spark_Connect_Expression, _ name: String) -> Spark_Connect_Expression {
    var expression = Spark_Connect_Expression()
    expression.alias.expr = child
    expression.alias.name = [name]
    return expression
  }
}

extension Spark_Connect_Expression.SortOrder {
  static func order(_ child: Spark_Connect_Expression, ascending: Bool, nullsFirst: Bool)
    -> Spark_Connect_Expression.SortOrder
  {
    var order = Spark_Connect_Expression.SortOrder()
    order.child = child
    order.direction = ascending ? .ascending : .descending
    order.nullOrdering = nullsFirst ? .sortNullsFirst : .sortNullsLast
    return order
  }
}
