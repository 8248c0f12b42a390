import Testing

@testable import SparkConnectClient

/// Named markers (`:zone`) and the values typed for them.
@Suite struct SQLParametersTests {
  @Test func markersAreFoundWhereSparkReadsThem() {
    #expect(
      SQLParameters.markers(
        in: "SELECT * FROM t WHERE zone = :zone AND d >= :since AND (x IN (:zone,:other))")
        == ["zone", "since", "other"])
    // Not markers: strings, backticks, comments, casts, variant paths, time literals.
    let text = """
      SELECT ':a', ":b", `:c`, x::int, v:path, v:[0], '12:30' AS t, -- :d
        /* :e */ f(:g)
      """
    #expect(SQLParameters.markers(in: text) == ["g"])
    #expect(SQLParameters.markers(in: ":first") == ["first"])
    #expect(SQLParameters.markers(in: "SELECT 'it''s :no', :yes") == ["yes"])
  }

  static let day = Int64(20_727)  // 2026-10-01
  static let typed: [(String, PlanValue)] = [
    ("42", .int32(42)), ("-7", .int32(-7)), ("3000000000", .int64(3_000_000_000)),
    ("1.50", .decimal(precision: 3, scale: 2, value: "1.50")),
    ("-0.5", .decimal(precision: 1, scale: 1, value: "-0.5")), ("1e3", .double(1000)),
    ("true", .bool(true)), ("FALSE", .bool(false)), ("NULL", .null),
    ("2026-10-01", .date(days: Int32(day))),
    ("2026-10-01 12:30", .timestampNTZ(micros: (day * 86_400 + 45_000) * 1_000_000)),
    ("2026-10-01T00:00:01.25", .timestampNTZ(micros: day * 86_400_000_000 + 1_250_000)),
    ("'42'", .string("42")), ("'it''s'", .string("it's")), ("JFK", .string("JFK")),
    ("2026-13-01", .string("2026-13-01")),
  ]

  @Test(arguments: typed)
  func valuesAreTypedAsTheFormSays(text: String, value: PlanValue) {
    #expect(SQLParameters.value(text) == value)
  }

  @Test func typeNames() {
    #expect(SQLParameters.typeName(.int32(1)) == "INT")
    #expect(
      SQLParameters.typeName(.decimal(precision: 3, scale: 2, value: "1.50")) == "DECIMAL(3,2)")
    #expect(SQLParameters.typeName(.timestampNTZ(micros: 0)) == "TIMESTAMP")
  }
}
