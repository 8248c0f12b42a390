import Foundation
import SparkConnectProto
import Testing

@testable import SparkConnectClient

/// The profile's aggregate (which functions for which types), its histogram estimate and its
/// renderers, without a server.
@Suite struct TableProfileTests {
  static let schema = SparkSchema(fields: [
    SparkField(name: "id", type: .long, nullable: false),
    SparkField(name: "x", type: .double, nullable: true),
    SparkField(name: "amount", type: .decimal(precision: 38, scale: 18), nullable: true),
    SparkField(name: "名前", type: .string(collation: nil), nullable: true),
    SparkField(name: "bin", type: .binary, nullable: true),
    SparkField(name: "day", type: .date, nullable: true),
    SparkField(name: "ts", type: .timestamp, nullable: true),
    SparkField(name: "ntz", type: .timestampNTZ, nullable: true),
    SparkField(name: "flag", type: .boolean, nullable: true),
    SparkField(
      name: "m", type: .map(key: .string(collation: nil), value: .integer, valueContainsNull: true),
      nullable: true),
    SparkField(name: "v", type: .variant, nullable: true),
    SparkField(name: "tags", type: .array(element: .integer, containsNull: true), nullable: true),
    SparkField(
      name: "maps",
      type: .array(
        element: .map(key: .integer, value: .integer, valueContainsNull: true), containsNull: true),
      nullable: true),
  ])

  /// The function names used anywhere in an expression.
  static func functions(_ expression: Spark_Connect_Expression) -> Set<String> {
    var names = Set<String>()
    switch expression.exprType {
    case .unresolvedFunction(let function):
      names.insert(function.functionName)
      for argument in function.arguments { names.formUnion(functions(argument)) }
    case .alias(let alias): names.formUnion(functions(alias.expr))
    case .cast(let cast): names.formUnion(functions(cast.expr))
    default: break
    }
    return names
  }

  /// Per output name, the functions it uses.
  static func outputs(_ query: ProfileQuery) -> [String: Set<String>] {
    var map: [String: Set<String>] = [:]
    for expression in query.relation.aggregate.aggregateExpressions {
      map[expression.alias.name.first ?? "?"] = functions(expression)
    }
    return map
  }

  @Test func oneAggregateWithoutGroupingOverTheExplorationsRelation() throws {
    let exploration = ExplorationTests.trips.pushing(
      .frequency(columns: ["payment"], limit: 10))
    let query = try ProfileQuery(input: exploration.relation, schema: Self.schema)
    // The input is the exploration's relation, its columns renamed by position.
    #expect(query.relation.aggregate.input.toDf.input == exploration.relation)
    #expect(
      query.relation.aggregate.input.toDf.columnNames
        == (0..<Self.schema.fields.count).map { "_flint_col\($0)" })
    #expect(query.relation.aggregate.groupType == .groupby)
    #expect(query.relation.aggregate.groupingExpressions.isEmpty)
    #expect(query.columns.map(\.name) == Self.schema.fields.map(\.name))
    // Nothing in the expressions reads another relation (no subquery, no second scan).
    let text = try query.relation.aggregate.aggregateExpressions.map {
      try $0.jsonString()
    }.joined()
    #expect(!text.contains("subquery") && !text.contains("namedTable"))
    #expect(Self.outputs(query)["rows"] == ["count"])
  }

  @Test func eachTypeGetsTheFunctionsSparkSupportsForIt() throws {
    let query = try ProfileQuery(input: .sql("SELECT 1"), schema: Self.schema)
    let outputs = Self.outputs(query)
    func names(_ column: Int) -> Set<String> {
      Set(
        outputs.keys.filter { $0.hasPrefix("c\(column)_") }.map {
          String($0.dropFirst("c\(column)_".count))
        })
    }
    func uses(_ column: Int) -> Set<String> {
      outputs.filter { $0.key.hasPrefix("c\(column)_") }.values.reduce(into: Set()) {
        $0.formUnion($1)
      }
    }
    let numeric: Set = [
      "n", "d", "min", "max", "mean", "sd", "q", "qn", "p25", "p50", "p75", "lo", "hi",
    ]
    #expect(names(0) == numeric)  // long: whole buckets, edges written by Flint
    #expect(names(1) == numeric.union(["e"]))
    #expect(names(2) == numeric.union(["e"]))
    #expect(
      uses(1).isSuperset(of: [
        "count", "approx_count_distinct", "min", "max", "avg", "stddev_samp",
        "kll_sketch_agg_double", "kll_sketch_get_quantile_double", "kll_sketch_get_n_double",
        "element_at", "if",
      ]))
    #expect(uses(0).isSuperset(of: ["kll_sketch_agg_bigint", "kll_sketch_get_quantile_bigint"]))
    #expect(!uses(1).contains("percentile_approx"))
    #expect(names(3) == ["n", "d", "min", "max", "minlen", "maxlen"])
    #expect(uses(3).contains("length"))
    #expect(names(4) == ["n", "d", "min", "max", "minlen", "maxlen"])
    #expect(uses(4).contains("hex"))
    let temporal: Set = ["n", "d", "min", "max", "q", "qn", "p25", "p50", "p75", "lo", "hi"]
    #expect(names(5) == temporal)
    #expect(uses(5).isSuperset(of: ["unix_date", "date_from_unix_date", "kll_sketch_agg_bigint"]))
    #expect(!uses(5).contains("avg"))
    #expect(names(6) == temporal.union(["e"]))
    #expect(uses(6).isSuperset(of: ["unix_micros", "timestamp_micros"]))
    #expect(names(7) == temporal.union(["e"]))
    #expect(uses(7).isSuperset(of: ["timestampdiff", "timestampadd"]))
    #expect(names(8) == ["n", "d", "min", "max"])
    // Maps and variants get their count only (approx_count_distinct fails on a variant at
    // run time); arrays of comparable values are ordered, arrays of maps are not.
    #expect(names(9) == ["n"])
    #expect(names(10) == ["n"])
    #expect(names(11) == ["n", "d", "min", "max"])
    #expect(names(12) == ["n"])
  }

  @Test func aSubsetOfColumnsKeepsItsOrderAndAnUnknownNameIsAnError() throws {
    let query = try ProfileQuery(input: .sql("SELECT 1"), schema: Self.schema, only: ["ts", "id"])
    #expect(query.columns.map(\.name) == ["ts", "id"])
    #expect(query.columns.map(\.index) == [0, 1])
    // Each reads its own column by position: ts is the 7th, id the 1st.
    let read = query.relation.aggregate.aggregateExpressions.dropFirst().map {
      $0.alias.expr.unresolvedFunction.arguments.first?.unresolvedAttribute.unparsedIdentifier
    }
    #expect(read.first == "_flint_col6")
    #expect(read.last == "_flint_col0")
    #expect(throws: SparkError.self) {
      try ProfileQuery(input: .sql("SELECT 1"), schema: Self.schema, only: ["nope"])
    }
  }

  @Test func histogramCountsFromPercentiles() {
    // Uniform values 0…1000: percentiles at 0, 1, … 1000; ten buckets of 100 values.
    let uniform = (0...1000).map(Double.init)
    let boundaries = (0...10).map { Double($0) * 100 }
    let counts = HistogramEstimate.counts(
      quantiles: uniform, values: 10_000, boundaries: boundaries)
    #expect(counts == Array(repeating: 1000, count: 10))
    // Point masses: a quarter at 1, three quarters at 3, between boundaries 0.5…3.5.
    let masses = Array(repeating: 1.0, count: 251) + Array(repeating: 3.0, count: 750)
    let points = HistogramEstimate.counts(
      quantiles: masses, values: 1000, boundaries: [0.5, 1.5, 2.5, 3.5])
    #expect(points.reduce(0, +) == 1000)
    #expect(abs(points[0] - 250) <= 1 && points[1] <= 1 && abs(points[2] - 750) <= 1)
    // Slices touching NaN or ±Infinity are left out.
    let infinite = [-Double.infinity] + (1...999).map(Double.init) + [Double.nan]
    let finite = HistogramEstimate.counts(
      quantiles: infinite, values: 1000, boundaries: [1, 500, 999])
    #expect(finite.reduce(0, +) == 998)
    // The rounded counts add up to the rounded total.
    #expect(HistogramEstimate.rounded([0.4, 0.4, 0.4, 1.8]) == [1, 0, 0, 2])
  }

  @Test func wholeBucketsHoldTheSameNumberOfValues() {
    let narrow = HistogramEstimate.wholeBuckets(low: 1, high: 4, maximum: 20)
    #expect(narrow.map(\.first) == [1, 2, 3, 4])
    #expect(narrow.map(\.last) == [1, 2, 3, 4])
    let days = HistogramEstimate.wholeBuckets(low: 0, high: 29, maximum: 20)
    #expect(days.count == 15)
    #expect(days.allSatisfy { $0.last - $0.first == 1 })
    let wide = HistogramEstimate.wholeBuckets(low: 0, high: 999_999, maximum: 20)
    #expect(wide.count == 20)
    #expect(wide[1].first == 50_000 && wide[19].last == 999_999)
    let extreme = HistogramEstimate.wholeBuckets(low: .min, high: .max, maximum: 20)
    #expect(extreme.count == 20)
    #expect(extreme.first?.first == .min && extreme.last?.last == .max)
    for (a, b) in zip(extreme, extreme.dropFirst()) { #expect(a.last &+ 1 == b.first) }
  }

  @Test func datesAndBinaryAreWrittenAsSparkShowsThem() {
    #expect(ProfileQuery.dateText(days: 0) == "1970-01-01")
    #expect(ProfileQuery.dateText(days: -1) == "1969-12-31")
    #expect(ProfileQuery.dateText(days: 20727) == "2026-10-01")
    #expect(ProfileQuery.dateText(days: 19782) == "2024-02-29")
    #expect(ProfileQuery.dateText(days: -719_162) == "0001-01-01")
    #expect(ProfileQuery.dateText(days: 2_932_896) == "9999-12-31")
    #expect(ProfileQuery.binaryText(hex: "DEADBEEF") == "[DE AD BE EF]")
    #expect(ProfileQuery.binaryText(hex: "") == "[]")
  }

  static let sample = TableProfile(
    rows: 7,
    columns: [
      ColumnProfile(
        column: "a.b", type: .double, count: 6, nulls: 1, nullPercent: 100.0 / 7,
        distinctApprox: 6, min: "-Infinity", max: "NaN", mean: .nan, stddev: .infinity,
        p25: "0.0", p50: "1.0E-300", p75: "Infinity",
        histogram: [
          HistogramBucket(low: "-0.0", high: "0.5", count: 2),
          HistogramBucket(low: "0.5", high: "1.0", count: 1),
        ]),
      ColumnProfile(
        column: "it's \"q\", 乘客", type: .string(collation: nil), count: 5, nulls: 2,
        nullPercent: 200.0 / 7, distinctApprox: 4, min: "", max: "乘客留下了一把伞 ☂\n🚕",
        minLength: 0, maxLength: 12),
      ColumnProfile(
        column: "m",
        type: .map(key: .string(collation: nil), value: .integer, valueContainsNull: true),
        count: 7, nulls: 0, nullPercent: 0),
    ])

  @Test func jsonHasTheKeysThatApplyAndNaNAsText() throws {
    let json = Self.sample.json
    let parsed = try #require(
      try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
    #expect(parsed.count == 3)
    #expect(parsed[0]["column"] as? String == "a.b")
    #expect(parsed[0]["mean"] as? String == "NaN")
    #expect(parsed[0]["stddev"] as? String == "Infinity")
    #expect(parsed[0]["max"] as? String == "NaN")
    #expect(parsed[0]["count"] as? Int == 6)
    #expect(parsed[0]["min_length"] == nil)
    let histogram = try #require(parsed[0]["histogram"] as? [[String: Any]])
    #expect(histogram.map { $0["count"] as? Int } == [2, 1])
    #expect(histogram.first?["low"] as? String == "-0.0")
    #expect(parsed[1]["column"] as? String == "it's \"q\", 乘客")
    #expect(parsed[1]["max"] as? String == "乘客留下了一把伞 ☂\n🚕")
    #expect(parsed[1]["min"] as? String == "")
    #expect(parsed[1]["max_length"] as? Int == 12)
    #expect(parsed[1]["mean"] == nil)
    // A map: only its counts.
    #expect(Set(parsed[2].keys) == ["column", "type", "count", "nulls", "null_percent"])
    #expect(parsed[2]["type"] as? String == "map<string,int>")
    #expect(json.hasSuffix("]\n"))
  }

  @Test func csvQuotesFieldsThatNeedIt() {
    let lines = Self.sample.csv.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.first == Substring(ColumnProfile.keys.joined(separator: ",")))
    #expect(lines[1].hasPrefix("a.b,double,6,1,14.285714285714286,6,-Infinity,NaN,NaN,Infinity,"))
    #expect(lines[1].contains(#""[{""low"":""-0.0"",""high"":""0.5"",""count"":2}"#))
    #expect(lines[2].hasPrefix(#""it's ""q"", 乘客",string,5,2,"#))
    // The newline inside a value is quoted, so the value spans two physical lines.
    #expect(Self.sample.csv.contains("\"乘客留下了一把伞 ☂\n🚕\""))
    #expect(lines.last == "")
    // The type's comma is quoted too.
    #expect(lines[lines.count - 2] == #"m,"map<string,int>",7,0,0.0,,,,,,,,,,,"#)
  }

  @Test func sparklineHasOneLevelPerBucket() {
    #expect(TableProfile.sparkline([0, 1, 2, 3, 4, 5, 6, 7]) == "▁▂▃▄▅▆▇█")
    #expect(TableProfile.sparkline([5, 5, 5]) == "███")
    #expect(TableProfile.sparkline([0, 0]) == "▁▁")
    #expect(TableProfile.sparkline([1000, 1]) == "█▂")
    #expect(TableProfile.sparkline([]) == "")
  }

  @Test(arguments: [80, 200]) func tableLinesFitTheWidth(width: Int) throws {
    var profile = Self.sample
    profile.columns.append(
      ColumnProfile(
        column: String(repeating: "long_name_", count: 5), type: .long, count: 7, nulls: 0,
        nullPercent: 0, distinctApprox: 7, min: "-9223372036854775808",
        max: "9223372036854775807", mean: 1.5e18, stddev: 3.25, p25: "1", p50: "2", p75: "3",
        histogram: (0..<20).map { HistogramBucket(low: "\($0)", high: "\($0)", count: Int64($0)) }))
    let lines = profile.tableLines(width: width)
    #expect(lines.count == 2 + profile.columns.count)
    for line in lines {
      #expect(ProfileCellWidth.of(line) <= width, "\(line)")
    }
    let header = lines[0].split(separator: " ").map(String.init)
    #expect(header.first == "column")
    #expect(header.contains("nulls") && header.contains("min") && header.contains("max"))
    #expect(header.contains("histogram"))
    // Control characters are escaped, never printed.
    #expect(lines.allSatisfy { !$0.contains("\n") })
    if width == 200 {
      #expect(
        header == [
          "column", "type", "count", "nulls", "distinct", "min", "max", "mean", "stddev", "p25",
          "p50", "p75", "lengths", "histogram",
        ])
      #expect(lines.contains { $0.contains("乘客留下了一把伞 ☂\\n🚕") })
      // Counts 0…19: one character per bucket, rising from the lowest to the highest level.
      let bars = try #require(lines.last?.split(separator: " ").last.map(Array.init))
      #expect(bars.count == 20 && bars.first == "▁" && bars.last == "█")
      let levels = Array("▁▂▃▄▅▆▇█")
      let ranks = bars.compactMap { levels.firstIndex(of: $0) }
      #expect(ranks == ranks.sorted() && ranks.count == 20)
    } else {
      #expect(!header.contains("p75") && !header.contains("p25"))
      #expect(lines.contains { $0.contains("…") })
    }
    // A width narrower than the names still fits: the names are cut.
    #expect(profile.tableLines(width: 10).allSatisfy { ProfileCellWidth.of($0) <= 10 })
  }
}
