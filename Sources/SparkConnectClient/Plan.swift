import SparkConnectProto

/// Builders for the few plans Flint sends.
enum Plan {
  static func root(_ relation: Spark_Connect_Relation) -> Spark_Connect_Plan {
    var plan = Spark_Connect_Plan()
    plan.root = relation
    return plan
  }

  static func command(_ command: Spark_Connect_Command) -> Spark_Connect_Plan {
    var plan = Spark_Connect_Plan()
    plan.command = command
    return plan
  }

  /// The first step of the SqlCommand two-step: commands run here, queries come back.
  /// `parameters` become the `SQL` relation's named arguments (typed literals).
  static func sqlCommand(_ query: String, parameters: [String: PlanValue] = [:])
    -> Spark_Connect_Plan
  {
    var command = Spark_Connect_Command()
    var input = Spark_Connect_Relation.sql(query)
    for (name, value) in parameters {
      var argument = Spark_Connect_Expression()
      argument.literal = Spark_Connect_Expression.Literal(value)
      input.sql.namedArguments[name] = argument
    }
    command.sqlCommand.input = input
    return Self.command(command)
  }
}

extension Spark_Connect_Relation {
  static func sql(_ query: String) -> Spark_Connect_Relation {
    var relation = Spark_Connect_Relation()
    relation.sql.query = query
    return relation
  }

  /// `input LIMIT count` — pushed into the plan so the server computes only what is shown.
  static func limit(_ input: Spark_Connect_Relation, _ count: Int) -> Spark_Connect_Relation {
    var relation = Spark_Connect_Relation()
    relation.limit.input = input
    relation.limit.limit = Int32(clamping: count)
    return relation
  }

  static func catalog(_ build: (inout Spark_Connect_Catalog) -> Void) -> Spark_Connect_Relation {
    var relation = Spark_Connect_Relation()
    var catalog = Spark_Connect_Catalog()
    build(&catalog)
    relation.catalog = catalog
    return relation
  }
}
