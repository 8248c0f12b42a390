import ArrowIPC
import Foundation
import Testing

@testable import ResultModel

@Suite struct CellFormatterTests {
  func column(_ fixture: String, _ index: Int = 0) throws -> ArrowColumn {
    guard let f = ShowFixture.load(name: fixture), let batch = try f.resultSet().batch(0) else {
      throw ShowFixture.FixtureError.noSchema(fixture)
    }
    return batch.columns[index]
  }

  @Test func dayTimeIntervalWithoutTheSparkTypePrintsDayToSecond() throws {
    // Spark type INTERVAL HOUR; Arrow only says duration[us].
    let c = try column("interval_hour_hour")
    let formatter = CellFormatter()
    #expect(formatter.text(c, row: 7) == "INTERVAL '1 00:00:00' DAY TO SECOND")
    #expect(
      formatter.text(
        c, row: 7, intervalFields: SparkIntervalFields(sparkTypeName: "interval hour")!)
        == "INTERVAL '24' HOUR")
  }

  @Test func yearMonthIntervalWithoutTheSparkTypePrintsYearToMonth() throws {
    let c = try column("interval_month")
    let formatter = CellFormatter()
    #expect(formatter.text(c, row: 3) == "INTERVAL '1-2' YEAR TO MONTH")
    #expect(
      formatter.text(
        c, row: 3, intervalFields: SparkIntervalFields(sparkTypeName: "INTERVAL MONTH")!)
        == "INTERVAL '14' MONTH")
  }

  @Test func intervalTypeNames() {
    #expect(SparkIntervalFields(sparkTypeName: "interval day to second") == .widest)
    #expect(
      SparkIntervalFields(sparkTypeName: "interval minute to second")
        == SparkIntervalFields(dayTimeStart: 2, dayTimeEnd: 3))
    #expect(
      SparkIntervalFields(sparkTypeName: "interval year")
        == SparkIntervalFields(yearMonthStart: 0, yearMonthEnd: 0))
    #expect(
      SparkIntervalFields(sparkTypeName: "array<interval hour to minute>")
        == SparkIntervalFields(dayTimeStart: 1, dayTimeEnd: 2))
    #expect(
      SparkIntervalFields(sparkTypeName: "struct<a:int,b:INTERVAL MONTH>")
        == SparkIntervalFields(yearMonthStart: 1, yearMonthEnd: 1))
    #expect(SparkIntervalFields(sparkTypeName: "interval") == nil)
    #expect(SparkIntervalFields(sparkTypeName: "interval second to day") == nil)
    #expect(SparkIntervalFields(sparkTypeName: "string") == nil)
  }

  @Test func binaryStyleFromConf() {
    #expect(BinaryOutputStyle(conf: nil) == .hexDiscrete)
    #expect(BinaryOutputStyle(conf: "base64") == .base64)
    #expect(BinaryOutputStyle(conf: "UTF-8") == .utf8)
    #expect(BinaryOutputStyle(conf: "nonsense") == .hexDiscrete)
  }

  @Test func timestampsFollowTheSessionZone() throws {
    let c = try column("timestamp_special_etc_utc")  // row 0: 1969-12-31 23:59:59.5 UTC
    #expect(CellFormatter().text(c, row: 0) == "1969-12-31 23:59:59.5")
    #expect(CellFormatter(timeZoneID: "+05:30").text(c, row: 0) == "1970-01-01 05:29:59.5")
    #expect(CellFormatter(timeZoneID: "UTC-8").text(c, row: 0) == "1969-12-31 15:59:59.5")
    #expect(
      CellFormatter(timeZoneID: "America/Los_Angeles").text(c, row: 0) == "1969-12-31 15:59:59.5")
    #expect(CellFormatter(timeZoneID: "No/Such_Zone").text(c, row: 0) == "1969-12-31 23:59:59.5")
  }

  @Test func nullsAndEscapes() throws {
    let c = try column("strings")
    let formatter = CellFormatter()
    #expect(formatter.text(c, row: 2) == "a\\nb")
    #expect(formatter.text(c, row: 5) == "back\\slash")
    #expect(formatter.text(c, row: 34) == "NULL")
  }

  @Test func decimalsKeepTheirScale() {
    func text(_ unscaled: Int128, _ scale: Int) -> String {
      var out: [UInt8] = []
      SparkDecimalText.append(unscaled: unscaled, scale: scale, to: &out)
      return String(decoding: out, as: UTF8.self)
    }
    #expect(text(0, 18) == "0.000000000000000000")
    #expect(text(-5, 1) == "-0.5")
    #expect(text(1250, 2) == "12.50")
    #expect(
      text(Int128("99999999999999999999999999999999999999")!, 0)
        == "99999999999999999999999999999999999999")
    #expect(
      text(Int128("-12345678901234567890123456789012345678")!, 18)
        == "-12345678901234567890.123456789012345678")
    #expect(text(7, -2) == "700")
  }

  @Test func decimal256Words() {
    func text(_ words: [UInt64], _ scale: Int) -> String {
      var out: [UInt8] = []
      SparkDecimalText.append(words: words, scale: scale, to: &out)
      return String(decoding: out, as: UTF8.self)
    }
    #expect(text([5, 0, 0, 0], 1) == "0.5")
    #expect(text([UInt64.max, UInt64.max, UInt64.max, UInt64.max], 0) == "-1")
    #expect(text([0, 0, 1, 0], 0) == "340282366920938463463374607431768211456")  // 2^128
    #expect(text([0, 0, 0, 0], 3) == "0.000")
  }

  @Test func malformedVariantBytesDoNotTrap() {
    let cases: [([UInt8], [UInt8])] = [
      ([], []), ([0x02], [0x01, 0x00, 0x00]), ([0x03, 0x05, 0x00], [0x01]),
      ([0x3C, 0xFF], [0x01, 0x00, 0x00]), ([0x0C, 0x01, 0x05], [0x01, 0x01, 0x00, 0x09]),
    ]
    for (value, metadata) in cases {
      var out: [UInt8] = []
      value.withUnsafeBytes { v in
        metadata.withUnsafeBytes { m in
          VariantJSON(value: v, metadata: m, timeZone: SessionTimeZone(identifier: "UTC"))
            .append(to: &out)
        }
      }
      // Either the marker, or JSON that parses (some of these bytes happen to be valid).
      let text = String(decoding: out, as: UTF8.self)
      let parses =
        (try? JSONSerialization.jsonObject(with: Data(out), options: .fragmentsAllowed)) != nil
      #expect(text == "<invalid variant>" || parses, "\(value) \(metadata): \(text)")
    }
  }

  @Test func calendarIntervals() {
    func text(_ months: Int32, _ days: Int32, _ micros: Int64) -> String {
      var out: [UInt8] = []
      SparkIntervalText.appendCalendar(months: months, days: days, micros: micros, to: &out)
      return String(decoding: out, as: UTF8.self)
    }
    #expect(text(0, 0, 0) == "0 seconds")
    #expect(text(1, 2, 3_000_004) == "1 months 2 days 3.000004 seconds")
    #expect(text(-13, 0, -500_000) == "-1 years -1 months -0.5 seconds")
  }
}

@Suite struct CellFormatterRobustnessTests {
  @Test func extremeTicksDoNotTrap() {
    for ticks in [Int64.min, Int64.max, -1, 0] {
      for perSecond: Int64 in [1, 1_000, 1_000_000, 1_000_000_000] {
        let (seconds, nanos) = SparkDateTimeText.split(ticks, perSecond: perSecond)
        #expect((0..<1_000_000_000).contains(nanos))
        var out: [UInt8] = []
        SparkDateTimeText.appendLocalDateTime(seconds: seconds, nanos: nanos, to: &out)
        out.append(UInt8(ascii: " "))
        SparkDateTimeText.appendTime(nanosOfDay: ticks, to: &out)
        // A date, a time and a time of day: digits and their separators only.
        let text = String(decoding: out, as: UTF8.self)
        #expect(
          text.wholeMatch(of: #/[-+]?[0-9]+-[0-9]{2}-[0-9]{2} [0-9:.]+ [-0-9:.]+/#) != nil,
          "\(text)")
      }
    }
  }
}

@Suite struct TZifZoneTests {
  @Test func malformedFilesAreRejectedWithoutTrapping() throws {
    #expect(TZifZone(data: []) == nil)
    #expect(TZifZone(data: Array("TZif2".utf8)) == nil)
    let real = try #require(
      FileManager.default.contents(atPath: "/usr/share/zoneinfo/Europe/Berlin"))
    let bytes = [UInt8](real)
    for length in stride(from: 0, to: bytes.count, by: 7) {
      _ = TZifZone(data: Array(bytes.prefix(length)))
    }
    var rng = SystemRandomNumberGenerator()
    for _ in 0..<200 {
      var mutated = bytes
      for _ in 0..<4 {
        mutated[Int.random(in: 0..<mutated.count, using: &rng)] = UInt8.random(
          in: 0...255, using: &rng)
      }
      if let zone = TZifZone(data: mutated) {
        _ = zone.offset(at: Int64.random(in: -1 << 40...1 << 40))
      }
    }
    #expect(TZifZone(identifier: "../etc/passwd") == nil)
  }

  @Test func footerRulesCoverInstantsAfterTheLastTransition() throws {
    let berlin = try #require(TZifZone(identifier: "Europe/Berlin"))
    #expect(berlin.offset(at: 4_102_444_800) == 3600)  // 2100-01-01 00:00 UTC: CET
    #expect(berlin.offset(at: 4_118_083_200) == 7200)  // 2100-07-01 UTC: CEST
    let rule = try #require(PosixTZRule("IST-1GMT0,M10.5.0,M3.5.0/1"))  // Dublin: negative DST
    #expect(rule.offset(at: 4_102_444_800) == 0)  // winter: GMT
    #expect(rule.offset(at: 4_118_083_200) == 3600)  // summer: IST
    #expect(PosixTZRule("<+0330>-3:30")?.offset(at: 0) == 12_600)
    #expect(PosixTZRule("garbage,") == nil)
  }
}
