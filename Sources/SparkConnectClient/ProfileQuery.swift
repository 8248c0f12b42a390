import ArrowIPC
import SparkConnectProto

/// The one aggregate that profiles a relation, and how to read its one row back.
///
/// `Aggregate(ToDF(input), no grouping)` with, per column `i`, expressions named `c<i>_<stat>`:
/// `count(c)`, `approx_count_distinct(c)`, `CAST(min(c) AS STRING)` and `max`,
/// `avg`/`stddev_samp` of `CAST(c AS DOUBLE)`, `min`/`max` of `length(c)`, and for numbers,
/// dates and timestamps one KLL quantile sketch, read at 1,001 percentiles, that gives both
/// the quartiles and the histogram, with the smallest and largest finite value and the
/// bucket edges Spark writes as text. Which of them a column gets depends only on its type
/// (`ColumnProfile.Statistic.applicable(to:)`), so a map or variant column gets its count
/// and nothing that Spark would refuse.
struct ProfileQuery {
  /// A column to profile: its position in the result names its expressions.
  struct Column {
    var index: Int
    var name: String
    var type: SparkType
    var statistics: [ColumnProfile.Statistic]

    /// Prefix of this column's expression names.
    var prefix: String { "c\(index)_" }
  }

  /// How a column with quartiles and a histogram becomes a number for the quantile sketch,
  /// and back.
  enum NumericForm: Equatable {
    /// Whole numbers: the value itself; buckets of whole values, edges written by Flint.
    case integral
    /// float, double, decimal: the value itself; NaN and ±Infinity stay out of the histogram.
    case fractional
    /// Days since 1970-01-01 (`unix_date`); buckets of whole days.
    case date
    /// Microseconds since the epoch (`unix_micros`, or `timestampdiff` for TIMESTAMP_NTZ).
    case timestamp(ntz: Bool)

    init?(_ type: SparkType) {
      switch type {
      case .byte, .short, .integer, .long: self = .integral
      case .float, .double, .decimal: self = .fractional
      case .date: self = .date
      case .timestamp: self = .timestamp(ntz: false)
      case .timestampNTZ: self = .timestamp(ntz: true)
      default: return nil
      }
    }

    /// Whether buckets hold whole values whose text Flint writes (numbers, days).
    var isDiscrete: Bool { self == .integral || self == .date }
  }

  var columns: [Column]
  var relation: Spark_Connect_Relation

  /// The name of the row count.
  static let rowsName = "rows"
  /// The slices of the percentile sketch's output: percentiles 0, 0.001, … 1. More slices
  /// than the sketch's rank error allows would not help; fewer make the histogram of a few
  /// distinct values (days of a month) visibly uneven.
  static let slices = 1000
  /// The KLL sketch's `k`, the largest Spark takes: the sketch keeps a few times `k` values
  /// per partition, and its rank error is `TableProfile.quantileRankError`.
  static let sketchSize = 65_535
  static let percentiles = (0...slices).map { PlanValue.double(Double($0) / Double(slices)) }

  /// The profile query of `schema`'s columns (all, or those named in `only`, in that order;
  /// of two columns with one name, the first) over `input`. Unknown names are an error,
  /// reported with the known ones.
  init(input: Spark_Connect_Relation, schema: SparkSchema, only: [String]? = nil)
    throws(SparkError)
  {
    var positions = Array(schema.fields.indices)
    if let only {
      positions = []
      for name in only {
        guard let position = schema.fields.firstIndex(where: { $0.name == name }) else {
          throw SparkError(
            kind: .server, code: "invalidArgument",
            message: "no column \(name) to profile; the columns are "
              + schema.fields.map(\.name).joined(separator: ", "))
        }
        positions.append(position)
      }
    }
    let chosen = positions.map { schema.fields[$0] }
    columns = chosen.enumerated().map { index, field in
      Column(
        index: index, name: field.name, type: field.type,
        statistics: ColumnProfile.Statistic.applicable(to: field.type))
    }
    // The input's columns renamed by position (`ToDF`), so that two columns of one name, or
    // names Spark would read as paths, are still each their own column.
    var renamed = Spark_Connect_Relation()
    renamed.toDf.input = input
    renamed.toDf.columnNames = schema.fields.indices.map(Self.positionalName)
    var aggregate = Spark_Connect_Relation()
    aggregate.aggregate.input = renamed
    aggregate.aggregate.groupType = .groupby
    aggregate.aggregate.aggregateExpressions =
      [.named(.call("count", [.value(.int32(1))]), Self.rowsName)]
      + zip(columns, positions).flatMap { column, position in
        Self.expressions(for: column, value: .column(Self.positionalName(position)))
      }
    relation = aggregate
  }

  /// The name of the input's column at `position` under the `ToDF` rename.
  static func positionalName(_ position: Int) -> String { "_flint_col\(position)" }

  /// The named aggregate expressions of one column.
  static func expressions(for column: Column, value: Spark_Connect_Expression)
    -> [Spark_Connect_Expression]
  {
    let p = column.prefix
    var list: [Spark_Connect_Expression] = [.named(.call("count", [value]), p + "n")]
    let statistics = Set(column.statistics)
    if statistics.contains(.distinct) {
      list.append(.named(.call("approx_count_distinct", [value]), p + "d"))
    }
    if statistics.contains(.minMax) {
      for name in ["min", "max"] {
        list.append(.named(text(.call(name, [value]), of: column.type), p + name))
      }
    }
    if statistics.contains(.meanStddev) {
      let double = Spark_Connect_Expression.cast(value, .double)
      list.append(.named(.call("avg", [double]), p + "mean"))
      list.append(.named(.call("stddev_samp", [double]), p + "sd"))
    }
    if statistics.contains(.lengths) {
      let length = Spark_Connect_Expression.call("length", [value])
      list.append(.named(.call("min", [length]), p + "minlen"))
      list.append(.named(.call("max", [length]), p + "maxlen"))
    }
    if let form = NumericForm(column.type),
      statistics.contains(.quartiles) || statistics.contains(.histogram)
    {
      list += quantileExpressions(value, form: form, prefix: p, type: column.type)
    }
    return list
  }

  /// `CAST(x AS STRING)`, but binary as hex (`[DE AD]` is made of it when read back).
  static func text(_ expression: Spark_Connect_Expression, of type: SparkType)
    -> Spark_Connect_Expression
  {
    type == .binary ? .call("hex", [expression]) : .cast(expression, .string(collation: nil))
  }

  static let epochNTZ = Spark_Connect_Expression.value(.timestampNTZ(micros: 0))
  static let microsecond = Spark_Connect_Expression.value(.string("MICROSECOND"))

  /// The column as the whole number the sketch holds (dates and timestamps; numbers as they
  /// are).
  static func numeric(_ value: Spark_Connect_Expression, _ form: NumericForm)
    -> Spark_Connect_Expression
  {
    switch form {
    case .integral, .fractional: return value
    case .date: return .call("unix_date", [value])
    case .timestamp(let ntz):
      return ntz
        ? .call("timestampdiff", [microsecond, epochNTZ, value])
        : .call("unix_micros", [value])
    }
  }

  /// A number of the sketch back as the column's type.
  static func typed(_ number: Spark_Connect_Expression, _ form: NumericForm)
    -> Spark_Connect_Expression
  {
    switch form {
    case .integral, .fractional: return number
    case .date: return .call("date_from_unix_date", [number])
    case .timestamp(let ntz):
      return ntz
        ? .call("timestampadd", [microsecond, number, epochNTZ])
        : .call("timestamp_micros", [number])
    }
  }

  /// `c_q` (the 1,001 percentiles as doubles), `c_qn` (the values the sketch holds: NaN is
  /// left out), `c_p25`/`c_p50`/`c_p75` (text), `c_lo`/`c_hi` (smallest and largest finite
  /// value as numbers) and, where Spark writes the edges, `c_e` (the histogram's edges as
  /// text).
  ///
  /// The sketch is a KLL sketch (`kll_sketch_agg_bigint` or `_double`, `k = sketchSize`), not
  /// `percentile_approx`: its update is far cheaper than the Greenwald–Khanna summary's, and
  /// at the largest `k` its rank error (`TableProfile.quantileRankError`) is below
  /// `percentile_approx`'s at pyspark `summary()`'s accuracy. Decimals are sketched as
  /// doubles (as `percentile_approx` does too) and their quartiles cast back to the decimal.
  static func quantileExpressions(
    _ value: Spark_Connect_Expression, form: NumericForm, prefix p: String, type: SparkType
  ) -> [Spark_Connect_Expression] {
    let number = numeric(value, form)
    let kind = form == .fractional ? "double" : "bigint"
    let input: Spark_Connect_Expression =
      form == .fractional ? .cast(value, .double) : .cast(number, .long)
    let sketch = Spark_Connect_Expression.call(
      "kll_sketch_agg_\(kind)", [input, .value(.int32(Int32(sketchSize)))])
    let held = Spark_Connect_Expression.call("kll_sketch_get_n_\(kind)", [sketch])
    // An empty sketch is an error to read: no percentiles without values.
    let quantiles = Spark_Connect_Expression.call(
      "if",
      [
        .call(">", [held, .value(.int64(0))]),
        .call(
          "kll_sketch_get_quantile_\(kind)",
          [sketch, .value(.array(percentiles, element: .double))]
        ),
        .value(.null),
      ])
    var list: [Spark_Connect_Expression] = [
      .named(.cast(quantiles, .array(element: .double, containsNull: true)), p + "q"),
      .named(held, p + "qn"),
    ]
    // element_at counts from 1: the percentile p is at p · slices + 1.
    let quartiles = [("p25", slices / 4 + 1), ("p50", slices / 2 + 1), ("p75", slices * 3 / 4 + 1)]
    for (name, position) in quartiles {
      let element = Spark_Connect_Expression.call(
        "element_at", [quantiles, .value(.int32(Int32(position)))])
      let quartile =
        form == .fractional
        ? fractional(element, of: value, type: type)
        : typed(element, form)
      list.append(.named(.cast(quartile, .string(collation: nil)), p + name))
    }
    // The finite range: NaN and ±Infinity are left out of the histogram. Days and
    // microseconds grow with the value, so theirs is the converted min and max of the column,
    // aggregates the query has already (one fewer pair per row).
    let low: Spark_Connect_Expression
    let high: Spark_Connect_Expression
    if form == .fractional {
      let double = Spark_Connect_Expression.cast(value, .double)
      let inRange = Spark_Connect_Expression.call(
        "and",
        [
          .call(">=", [double, .value(.double(-Double.greatestFiniteMagnitude))]),
          .call("<=", [double, .value(.double(Double.greatestFiniteMagnitude))]),
        ])
      let finite = Spark_Connect_Expression.call("if", [inRange, double, .value(.null)])
      low = .call("min", [finite])
      high = .call("max", [finite])
    } else {
      low = numeric(.call("min", [value]), form)
      high = numeric(.call("max", [value]), form)
    }
    list.append(.named(low, p + "lo"))
    list.append(.named(high, p + "hi"))
    if !form.isDiscrete {
      list.append(.named(.call("array", edges(low: low, high: high, form: form)), p + "e"))
    }
    return list
  }

  /// A double of the sketch back as the column's float, double or decimal type. A decimal
  /// whose double rounds past the smallest or largest value (`99…9.99…9` becomes `1.0E20`,
  /// which no cast takes back) is that value itself.
  static func fractional(
    _ number: Spark_Connect_Expression, of value: Spark_Connect_Expression, type: SparkType
  ) -> Spark_Connect_Expression {
    switch type {
    case .float: return .cast(number, type)
    case .decimal:
      let low = Spark_Connect_Expression.call("min", [value])
      let high = Spark_Connect_Expression.call("max", [value])
      return .call(
        "if",
        [
          .call(">=", [number, .cast(high, .double)]), high,
          .call(
            "if", [.call("<=", [number, .cast(low, .double)]), low, .cast(number, type)]),
        ])
    default: return number
    }
  }

  /// The texts of the `histogramBuckets + 1` equal-width edges from `low` to `high`: doubles
  /// as `low·(1−t) + high·t` (no overflow between ±max), microseconds as
  /// `low + k·step` with a whole step.
  static func edges(
    low: Spark_Connect_Expression, high: Spark_Connect_Expression, form: NumericForm
  ) -> [Spark_Connect_Expression] {
    let buckets = TableProfile.histogramBuckets
    let step = Spark_Connect_Expression.cast(
      .call(
        "/",
        [
          .call("-", [.cast(high, .double), .cast(low, .double)]),
          .value(.double(Double(buckets))),
        ]), .long)
    return (0...buckets).map { k in
      let edge: Spark_Connect_Expression
      if k == 0 {
        edge = low
      } else if k == buckets {
        edge = high
      } else if form == .fractional {
        let t = Double(k) / Double(buckets)
        edge = .call(
          "+",
          [
            .call("*", [low, .value(.double(1 - t))]),
            .call("*", [high, .value(.double(t))]),
          ])
      } else {
        edge = .call("+", [low, .call("*", [step, .value(.int64(Int64(k)))])])
      }
      return .cast(typed(edge, form), .string(collation: nil))
    }
  }
}

extension Spark_Connect_Expression {
  /// `CAST(child AS type)` (ANSI rules of the session).
  static func cast(_ child: Spark_Connect_Expression, _ type: SparkType) -> Spark_Connect_Expression
  {
    var expression = Spark_Connect_Expression()
    expression.cast.expr = child
    expression.cast.type = Spark_Connect_DataType(type)
    return expression
  }
}
