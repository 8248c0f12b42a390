import ArrowIPC
import Foundation
import SparkConnectProto
import Testing

@testable import SparkConnectClient

/// The relation trees, literals and texts an exploration builds, without a server.
@Suite struct ExplorationTests {
  static let trips = Exploration(base: .table(["demo", "trips"]))

  @Test func identifiersAreQuotedOnlyWhenNeeded() {
    #expect(SparkIdentifier.quoted("payment") == "payment")
    #expect(SparkIdentifier.quoted("_x1") == "_x1")
    #expect(SparkIdentifier.quoted("a.b") == "`a.b`")
    #expect(SparkIdentifier.quoted("it's `q`") == "`it's ``q```")
    #expect(SparkIdentifier.quoted("乘客") == "`乘客`")
    #expect(SparkIdentifier.quoted("1st") == "`1st`")
    #expect(SparkIdentifier.quoted("order") == "`order`")
    #expect(SparkIdentifier.quoted("") == "``")
    #expect(
      SparkIdentifier.qualified(["spark_catalog", "my db", "t"]) == "spark_catalog.`my db`.t")
  }

  @Test func filterStackIsATreeOfRelations() throws {
    let exploration = Self.trips
      .pushing(.filter(.keeping(column: "payment", value: .string("card"))))
      .pushing(.sort([SortKey(column: "fare", ascending: false)]))
      .pushing(.project(["trip_id", "a.b"]))
      .pushing(.sample(fraction: 0.25, seed: 7))
      .pushing(.limit(10))
    let limit = exploration.relation
    #expect(limit.limit.limit == 10)
    let sample = limit.limit.input
    #expect(sample.sample.upperBound == 0.25)
    #expect(sample.sample.lowerBound == 0)
    #expect(sample.sample.seed == 7)
    #expect(sample.sample.withReplacement == false)
    let project = sample.sample.input
    #expect(
      project.project.expressions.map(\.unresolvedAttribute.unparsedIdentifier) == [
        "trip_id", "`a.b`",
      ])
    let sort = project.project.input
    let order = try #require(sort.sort.order.first)
    #expect(order.child.unresolvedAttribute.unparsedIdentifier == "fare")
    #expect(order.direction == .descending)
    #expect(order.nullOrdering == .sortNullsLast)
    #expect(sort.sort.isGlobal)
    let filter = sort.sort.input
    let condition = filter.filter.condition.unresolvedFunction
    #expect(condition.functionName == "==")
    #expect(condition.arguments[0].unresolvedAttribute.unparsedIdentifier == "payment")
    #expect(condition.arguments[1].literal.string == "card")
    #expect(filter.filter.input.read.namedTable.unparsedIdentifier == "demo.trips")
    #expect(exploration.parent?.steps.count == 4)
  }

  @Test func dropIsNullSafeAndNullCellsBecomeNullTests() {
    let drop = RowPredicate.dropping(
      column: "tip", value: .decimal(precision: 10, scale: 2, value: "1.50"))
    let not = drop.expression.unresolvedFunction
    #expect(not.functionName == "not")
    let safe = not.arguments[0].unresolvedFunction
    #expect(safe.functionName == "<=>")
    let literal = safe.arguments[1].literal
    #expect(literal.decimal.value == "1.50")
    #expect(literal.decimal.precision == 10)
    #expect(literal.decimal.scale == 2)
    #expect(RowPredicate.keeping(column: "tip", value: .null) == .isNull(column: "tip"))
    #expect(RowPredicate.dropping(column: "tip", value: .null) == .isNotNull(column: "tip"))
    #expect(
      RowPredicate.keeping(column: "tip", value: .null).expression.unresolvedFunction.functionName
        == "isnull")
  }

  @Test func rangesBecomeInOfDistinctValuesAndKeepNullRows() {
    let predicate = RowPredicate.keeping(
      column: "n", values: [.int32(1), .int32(2), .int32(1), .null])
    #expect(predicate == .in(column: "n", values: [.int32(1), .int32(2), .null]))
    let or = predicate.expression.unresolvedFunction
    #expect(or.functionName == "or")
    let inList = or.arguments[0].unresolvedFunction
    #expect(inList.functionName == "in")
    #expect(inList.arguments.count == 3)
    #expect(or.arguments[1].unresolvedFunction.functionName == "isnull")
    #expect(predicate.sql == "(n IN (1, 2) OR n IS NULL)")
    #expect(
      RowPredicate.keeping(column: "n", values: [.int32(4), .int32(4)])
        == .equals(column: "n", value: .int32(4)))
  }

  @Test func literalsKeepTheirExactType() {
    func literal(_ value: PlanValue) -> Spark_Connect_Expression.Literal { .init(value) }
    #expect(literal(.int8(-128)).byte == -128)
    #expect(literal(.int16(7)).short == 7)
    #expect(literal(.int64(Int64.min)).long == Int64.min)
    #expect(literal(.double(.nan)).double.isNaN)
    #expect(literal(.double(-0.0)).double.sign == .minus)
    #expect(literal(.float(1.1)).float == Float(1.1))
    #expect(literal(.date(days: 20727)).date == 20727)
    #expect(literal(.timestamp(micros: 1_772_953_200_000_000)).timestamp == 1_772_953_200_000_000)
    #expect(literal(.timestampNTZ(micros: 5)).timestampNtz == 5)
    #expect(literal(.binary([0xDE, 0xAD])).binary == Data([0xDE, 0xAD]))
    let array = literal(.array([.int32(1), .null], element: .integer))
    #expect(array.array.elements.count == 2)
    guard case .null(let type) = array.array.elements[1].literalType else {
      Issue.record("a NULL element is a typed null literal")
      return
    }
    #expect(SparkType(proto: type) == .integer)
    #expect(SparkType(proto: array.dataType) == .array(element: .integer, containsNull: true))
  }

  @Test func sqlLiteralsSpellTypeAndValue() {
    #expect(PlanValue.int8(5).sqlLiteral == "5Y")
    #expect(PlanValue.int16(-5).sqlLiteral == "-5S")
    #expect(PlanValue.int32(5).sqlLiteral == "5")
    #expect(PlanValue.int64(5).sqlLiteral == "5L")
    #expect(PlanValue.double(1e-7).sqlLiteral == "1E-07D")
    #expect(PlanValue.double(2.5).sqlLiteral == "2.5D")
    #expect(PlanValue.double(.nan).sqlLiteral == "CAST('NaN' AS DOUBLE)")
    #expect(PlanValue.double(-.infinity).sqlLiteral == "CAST('-Infinity' AS DOUBLE)")
    #expect(PlanValue.double(-0.0).sqlLiteral == "CAST('-0.0' AS DOUBLE)")
    #expect(PlanValue.float(1.1).sqlLiteral == "CAST('1.1' AS FLOAT)")
    #expect(
      PlanValue.decimal(precision: 38, scale: 18, value: "-1.000000000000000001").sqlLiteral
        == "CAST('-1.000000000000000001' AS DECIMAL(38,18))")
    #expect(
      PlanValue.string("it's a \\ \n 乘客 \u{1}").sqlLiteral == "'it\\'s a \\\\ \\n 乘客 \\u0001'")
    #expect(PlanValue.binary([0xDE, 0xAD, 0x00]).sqlLiteral == "X'DEAD00'")
    #expect(PlanValue.date(days: 0).sqlLiteral == "DATE'1970-01-01'")
    #expect(PlanValue.date(days: -1).sqlLiteral == "DATE'1969-12-31'")
    #expect(PlanValue.date(days: 20727).sqlLiteral == "DATE'2026-10-01'")
    #expect(
      PlanValue.timestamp(micros: 1_772_953_200_500_000).sqlLiteral
        == "TIMESTAMP_LTZ'2026-03-08 07:00:00.5 UTC'")
    #expect(
      PlanValue.timestampNTZ(micros: -1).sqlLiteral == "TIMESTAMP_NTZ'1969-12-31 23:59:59.999999'")
    #expect(
      PlanValue.yearMonthInterval(months: -14, start: 0, end: 1).sqlLiteral
        == "INTERVAL '-1-2' YEAR TO MONTH")
    #expect(
      PlanValue.dayTimeInterval(micros: 93_784_500_000, start: 0, end: 3).sqlLiteral
        == "INTERVAL '1 02:03:04.5' DAY TO SECOND")
    #expect(
      PlanValue.array([.string("a"), .null], element: .string(collation: nil)).sqlLiteral
        == "ARRAY('a', CAST(NULL AS STRING))")
    #expect(
      PlanValue.struct(
        [.int32(1), .null],
        fields: [
          SparkField(name: "a b", type: .integer, nullable: true),
          SparkField(name: "c", type: .date, nullable: true),
        ]
      ).sqlLiteral == "NAMED_STRUCT('a b', 1, 'c', CAST(NULL AS DATE))")
    #expect(PlanValue.double(.nan) == .double(.nan))
    #expect(PlanValue.double(0) != .double(-0.0))
  }

  @Test func cellsBecomeValuesOfTheirSparkType() throws {
    func cell(_ type: ArrowType, _ value: ArrowValue, _ spark: SparkType) throws -> PlanValue? {
      let column = try ArrowColumnBuilder.column(
        ArrowField(name: "c", type: type), values: [.null, value])
      #expect(PlanValue.cell(column, row: 0, type: spark) == .null)
      return PlanValue.cell(column, row: 1, type: spark)
    }
    #expect(try cell(.int(bitWidth: 8, signed: true), .int(-3), .byte) == .int8(-3))
    #expect(try cell(.int(bitWidth: 64, signed: true), .int(.max), .long) == .int64(.max))
    #expect(try cell(.float64, .double(-0.0), .double) == .double(-0.0))
    #expect(try cell(.float32, .float(.nan), .float) == .float(.nan))
    #expect(
      try cell(
        .decimal(precision: 38, scale: 18, bitWidth: 128),
        .decimal(unscaled: "-99999999999999999999999999999999999999", scale: 18),
        .decimal(precision: 38, scale: 18))
        == .decimal(precision: 38, scale: 18, value: "-99999999999999999999.999999999999999999"))
    #expect(
      try cell(
        .decimal(precision: 10, scale: 2, bitWidth: 128), .decimal(unscaled: "5", scale: 2),
        .decimal(precision: 10, scale: 2))
        == .decimal(precision: 10, scale: 2, value: "0.05"))
    #expect(try cell(.utf8, .string("東京"), .string(collation: nil)) == .string("東京"))
    #expect(try cell(.binary, .binary([1, 2]), .binary) == .binary([1, 2]))
    #expect(try cell(.date32, .date32(-5), .date) == .date(days: -5))
    #expect(
      try cell(
        .timestamp(.microsecond, timeZone: "Etc/UTC"),
        .timestamp(42, .microsecond, timeZone: "Etc/UTC"), .timestamp)
        == .timestamp(micros: 42))
    #expect(
      try cell(
        .timestamp(.microsecond, timeZone: nil), .timestamp(42, .microsecond, timeZone: nil),
        .timestampNTZ)
        == .timestampNTZ(micros: 42))
    #expect(
      try cell(
        .duration(.microsecond), .duration(7, .microsecond), .dayTimeInterval(start: 0, end: 3))
        == .dayTimeInterval(micros: 7, start: 0, end: 3))
    let element = ArrowField(name: "element", type: .int(bitWidth: 32, signed: true))
    #expect(
      try cell(
        .list(element), .list([.int(1), .null]), .array(element: .integer, containsNull: true))
        == .array([.int32(1), .null], element: .integer))
    // A layout that does not match the Spark type gives no value rather than a wrong one.
    #expect(try cell(.utf8, .string("1"), .integer) == nil)
  }

  @Test func comparabilityRefusesMapsVariantsAndWhatContainsThem() {
    let map = SparkType.map(key: .string(collation: nil), value: .integer, valueContainsNull: true)
    #expect(!map.isComparable)
    #expect(!SparkType.variant.isComparable)
    #expect(!SparkType.array(element: map, containsNull: true).isComparable)
    #expect(!SparkType.struct([SparkField(name: "v", type: .variant, nullable: true)]).isComparable)
    #expect(SparkType.array(element: .integer, containsNull: true).isComparable)
    #expect(SparkType.struct([SparkField(name: "a", type: .date, nullable: true)]).isComparable)
    #expect(SparkType.decimal(precision: 38, scale: 0).isComparable)
    #expect(map.comparisonRefusal?.contains("map") == true)
  }

  @Test func frequencyIsAggregateProjectSortLimit() throws {
    let exploration = Self.trips.pushing(.frequency(columns: ["payment"], limit: 1000))
    let limit = exploration.relation
    #expect(limit.limit.limit == 1000)
    let sort = limit.limit.input
    #expect(sort.sort.order.first?.child.unresolvedAttribute.unparsedIdentifier == "count")
    #expect(sort.sort.order.first?.direction == .descending)
    let project = sort.sort.input
    #expect(project.project.expressions.count == 4)
    #expect(
      project.project.expressions.map(\.alias.name.first).suffix(2) == [
        "percent", "cumulative_percent",
      ])
    let aggregate = project.project.input
    #expect(aggregate.aggregate.groupType == .groupby)
    #expect(
      aggregate.aggregate.groupingExpressions.map(\.unresolvedAttribute.unparsedIdentifier) == [
        "payment"
      ])
    #expect(aggregate.aggregate.aggregateExpressions.first?.alias.name == ["count"])
    let groups = try #require(exploration.distinctGroupsRelation)
    #expect(groups.aggregate.groupingExpressions.isEmpty)
    #expect(groups.aggregate.input.aggregate.groupingExpressions.count == 1)
    #expect(Self.trips.distinctGroupsRelation == nil)
  }

  @Test func drillDownFiltersTheFrequencyParent() {
    let frequency = Self.trips
      .pushing(.filter(.keeping(column: "payment", value: .string("card"))))
      .pushing(.frequency(columns: ["vendor_id", "note"], limit: 1000))
    let drilled = frequency.drillingDown(into: [.int32(3), .null])
    #expect(
      drilled?.steps.last
        == .filter(.all([.equals(column: "vendor_id", value: .int32(3)), .isNull(column: "note")])))
    #expect(drilled?.steps.count == 2)
    #expect(frequency.drillingDown(into: [.int32(3)]) == nil)
    #expect(Self.trips.drillingDown(into: []) == nil)
  }

  @Test func pipeSQLRendersEveryStep() {
    let exploration = Self.trips
      .pushing(.filter(.keeping(column: "payment", value: .string("card"))))
      .pushing(.filter(.dropping(column: "a.b", value: .int64(3))))
      .pushing(.filter(.expression("fare > 10")))
      .pushing(
        .sort([
          SortKey(column: "fare", ascending: false), SortKey(column: "tip", nullsFirst: false),
        ])
      )
      .pushing(.sample(fraction: 0.1, seed: 42))
      .pushing(.project(["payment", "pickup_zone"]))
      .pushing(.frequency(columns: ["pickup_zone"], limit: 1000))
    #expect(
      exploration.pipeSQL == """
        FROM demo.trips
        |> WHERE payment = 'card'
        |> WHERE NOT (`a.b` <=> 3L)
        |> WHERE (fare > 10)
        |> ORDER BY fare DESC, tip NULLS LAST
        |> TABLESAMPLE (10 PERCENT) REPEATABLE (42)
        |> SELECT payment, pickup_zone
        |> AGGREGATE COUNT(*) AS count GROUP BY pickup_zone
        |> EXTEND count * 100.0D / SUM(count) OVER () AS percent,
             SUM(count) OVER (ORDER BY count DESC, pickup_zone ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) * 100.0D / SUM(count) OVER () AS cumulative_percent
        |> ORDER BY count DESC, pickup_zone
        |> LIMIT 1000
        """)
    #expect(
      Exploration(base: .sql("SELECT 1 AS x;\n"), steps: [.limit(5)]).pipeSQL
        == "SELECT 1 AS x\n|> LIMIT 5")
  }

  @Test func percentTextGivesBackTheFraction() {
    #expect(PlanStep.percentText(0.1) == "10")
    #expect(PlanStep.percentText(0.5) == "50")
    #expect(PlanStep.percentText(1) == "100")
    #expect(PlanStep.percentText(0.001) == "0.1")
    #expect(PlanStep.percentText(0.123456) == "12.3456")
    #expect(PlanStep.percentText(0.00001) == "0.001")
    #expect(PlanStep.percentText(2.5e-7) == "0.000025")
    #expect(PlanStep.percentText(0) == "0")
  }

  @Test func pySparkRendersDataFrameCode() {
    let exploration = Self.trips
      .pushing(.filter(.keeping(column: "payment", value: .string("card"))))
      .pushing(
        .filter(.dropping(column: "tip", value: .decimal(precision: 10, scale: 2, value: "1.50")))
      )
      .pushing(.filter(.keeping(column: "x y", values: [.double(.nan), .null])))
      .pushing(.sort([SortKey(column: "fare", ascending: false)]))
      .pushing(.sample(fraction: 0.1, seed: 42))
      .pushing(.frequency(columns: ["pickup_zone"], limit: 1000))
    #expect(
      exploration.pySpark == """
        from pyspark.sql import functions as F
        from pyspark.sql.window import Window

        df = (
            spark.table("demo.trips")
            .filter(F.col("payment") == "card")
            .filter(~F.col("tip").eqNullSafe(F.lit("1.50").cast("decimal(10,2)")))
            .filter((F.col("`x y`").isin(float("nan"))) | F.col("`x y`").isNull())
            .orderBy(F.col("fare").desc())
            .sample(fraction=0.1, seed=42)
            .groupBy(F.col("pickup_zone")).count()
            .withColumn("percent", F.col("count") * 100.0 / F.sum(F.col("count")).over(Window.partitionBy()))
            .withColumn("cumulative_percent", F.sum(F.col("count")).over(Window.orderBy(F.col("count").desc(), F.col("pickup_zone").asc()).rowsBetween(Window.unboundedPreceding, Window.currentRow)) * 100.0 / F.sum(F.col("count")).over(Window.partitionBy()))
            .orderBy(F.col("count").desc(), F.col("pickup_zone").asc())
            .limit(1000)
        )

        """)
    #expect(
      Exploration(base: .sql("SELECT 'a\\b'"), steps: []).pySpark.contains(
        "spark.sql(\"SELECT 'a\\\\b'\")"))
  }

  @Test func frequencyColumnsStepAsideFromGroupingColumnsOfTheSameName() {
    #expect(PlanStep.frequencyNames(for: ["zone"]) == ("count", "percent", "cumulative_percent"))
    #expect(
      PlanStep.frequencyNames(for: ["COUNT", "percent", "percent_"])
        == ("count_", "percent__", "cumulative_percent"))
    let ofCounts = Exploration(base: .table(["t"]))
      .pushing(.frequency(columns: ["count"], limit: 10))
    #expect(ofCounts.pipeSQL.contains("|> AGGREGATE COUNT(*) AS count_ GROUP BY count"))
    #expect(ofCounts.pipeSQL.contains("|> ORDER BY count_ DESC, count"))
    #expect(
      ofCounts.pySpark.contains(
        ".groupBy(F.col(\"count\")).agg(F.count(F.lit(1)).alias(\"count_\"))"))
    #expect(
      Exploration(base: .table(["t"]), steps: ofCounts.steps).breadcrumb(sqlTitle: "") == [
        "t", "freq(count)",
      ])
  }
}
