/// The start and end fields of Spark's ANSI interval types. Arrow loses them: Spark sends
/// DAY TO SECOND, HOUR, MINUTE TO SECOND, ... all as `duration[us]` and YEAR / MONTH /
/// YEAR TO MONTH all as `interval[yearMonth]`, with no field metadata. The Spark type is in the
/// ExecutePlanResponse `schema` (DataType.DayTimeInterval start_field/end_field), so a client that
/// has it passes it here; without it Flint prints the widest form (`DAY TO SECOND`,
/// `YEAR TO MONTH`), which shows the same value in a different spelling.
public struct SparkIntervalFields: Sendable, Equatable, Hashable {
  /// Spark's DayTimeIntervalType field codes: 0 DAY, 1 HOUR, 2 MINUTE, 3 SECOND.
  public var dayTimeStart: Int
  public var dayTimeEnd: Int
  /// Spark's YearMonthIntervalType field codes: 0 YEAR, 1 MONTH.
  public var yearMonthStart: Int
  public var yearMonthEnd: Int

  public init(
    dayTimeStart: Int = 0, dayTimeEnd: Int = 3, yearMonthStart: Int = 0, yearMonthEnd: Int = 1
  ) {
    self.dayTimeStart = min(max(dayTimeStart, 0), 3)
    self.dayTimeEnd = min(max(dayTimeEnd, self.dayTimeStart), 3)
    self.yearMonthStart = min(max(yearMonthStart, 0), 1)
    self.yearMonthEnd = min(max(yearMonthEnd, self.yearMonthStart), 1)
  }

  /// DAY TO SECOND and YEAR TO MONTH: what Flint prints when the Spark type is unknown.
  public static let widest = SparkIntervalFields()

  /// Parses Spark's type names: `interval day to second`, `interval hour`, `interval year to
  /// month` (case-insensitive; the form in `DataType.simpleString`, DDL and schema JSON). The
  /// first ANSI interval inside a nested type counts too (`array<interval hour>`,
  /// `struct<a: interval year>`). Nil when the text names no ANSI interval type.
  public init?(sparkTypeName: String) {
    let text = sparkTypeName.lowercased()
    let dayTime = ["day", "hour", "minute", "second"]
    let yearMonth = ["year", "month"]
    var searchStart = text.startIndex
    while let found = text.range(of: "interval", range: searchStart..<text.endIndex) {
      searchStart = found.upperBound
      let words = text[found.upperBound...]
        .split(whereSeparator: { !$0.isLetter }).prefix(3).map(String.init)
      guard let start = words.first else { continue }
      let end = words.count == 3 && words[1] == "to" ? words[2] : start
      if let s = dayTime.firstIndex(of: start), let e = dayTime.firstIndex(of: end), s <= e {
        self.init(dayTimeStart: s, dayTimeEnd: e)
        return
      }
      if let s = yearMonth.firstIndex(of: start), let e = yearMonth.firstIndex(of: end), s <= e {
        self.init(yearMonthStart: s, yearMonthEnd: e)
        return
      }
    }
    return nil
  }
}

/// ANSI and calendar intervals as Spark prints them.
enum SparkIntervalText {
  private static let dayTimeNames = ["DAY", "HOUR", "MINUTE", "SECOND"]
  private static let yearMonthNames = ["YEAR", "MONTH"]
  private static let microsPerSecond: UInt64 = 1_000_000
  private static let microsPerMinute: UInt64 = 60_000_000
  private static let microsPerHour: UInt64 = 3_600_000_000
  private static let microsPerDay: UInt64 = 86_400_000_000

  /// `INTERVAL '1 02:03:04.5' DAY TO SECOND` etc. (IntervalUtils.toDayTimeIntervalString, ANSI).
  static func appendDayTime(micros: Int64, start: Int, end: Int, to out: inout [UInt8]) {
    out.appendText("INTERVAL '")
    if micros < 0 { out.append(45) }
    var rest = micros.magnitude
    switch start {
    case 0:
      out.appendDecimal(rest / microsPerDay)
      rest %= microsPerDay
    case 1:
      appendPadded(rest / microsPerHour, to: &out)
      rest %= microsPerHour
    case 2:
      appendPadded(rest / microsPerMinute, to: &out)
      rest %= microsPerMinute
    default:
      appendSeconds(rest, to: &out)
    }
    if start < 1 && 1 <= end {
      out.append(32)
      appendPadded(rest / microsPerHour, to: &out)
      rest %= microsPerHour
    }
    if start < 2 && 2 <= end {
      out.append(58)
      appendPadded(rest / microsPerMinute, to: &out)
      rest %= microsPerMinute
    }
    if start < 3 && 3 <= end {
      out.append(58)
      appendSeconds(rest, to: &out)
    }
    out.appendText("' ")
    out += Array(dayTimeNames[start].utf8)
    if start != end {
      out.appendText(" TO ")
      out += Array(dayTimeNames[end].utf8)
    }
  }

  /// `%02d` of a non-negative value (wider values print in full).
  private static func appendPadded(_ v: UInt64, to out: inout [UInt8]) {
    if v < 10 { out.append(48) }
    out.appendDecimal(v)
  }

  /// Seconds with a leading zero below 10 and the fraction trimmed: `05.5`, `00`, `86400`.
  private static func appendSeconds(_ micros: UInt64, to out: inout [UInt8]) {
    if micros < 10 * microsPerSecond { out.append(48) }
    appendTrimmedMicros(micros, to: &out)
  }

  /// BigDecimal.valueOf(micros, 6).stripTrailingZeros().toPlainString() of a magnitude.
  private static func appendTrimmedMicros(_ micros: UInt64, to out: inout [UInt8]) {
    out.appendDecimal(micros / microsPerSecond)
    SparkDateTimeText.appendFraction(nanos: Int64(micros % microsPerSecond) * 1000, to: &out)
  }

  /// `INTERVAL '1-2' YEAR TO MONTH`, `INTERVAL '-7' YEAR`, `INTERVAL '14' MONTH`.
  static func appendYearMonth(months: Int32, start: Int, end: Int, to out: inout [UInt8]) {
    out.appendText("INTERVAL '")
    let magnitude = Int64(months).magnitude
    let sign = months < 0 ? "-" : ""
    if start == end {
      if start == 0 {
        out += sign.utf8
        out.appendDecimal(magnitude / 12)
      } else {
        out.appendDecimal(Int64(months))
      }
    } else {
      out += sign.utf8
      out.appendDecimal(magnitude / 12)
      out.append(45)
      out.appendDecimal(magnitude % 12)
    }
    out.appendText("' ")
    out += Array(yearMonthNames[start].utf8)
    if start != end {
      out.appendText(" TO ")
      out += Array(yearMonthNames[end].utf8)
    }
  }

  /// CalendarInterval.toString: `1 years 2 months 3 days 4 hours 5 minutes 6.7 seconds`, units
  /// that are zero left out, `0 seconds` for the empty interval.
  static func appendCalendar(months: Int32, days: Int32, micros: Int64, to out: inout [UInt8]) {
    if months == 0 && days == 0 && micros == 0 {
      out.appendText("0 seconds")
      return
    }
    var parts: [String] = []
    func unit(_ value: Int64, _ name: String) {
      if value != 0 { parts.append("\(value) \(name)") }
    }
    if months != 0 {
      unit(Int64(months / 12), "years")
      unit(Int64(months % 12), "months")
    }
    unit(Int64(days), "days")
    if micros != 0 {
      var rest = micros
      unit(rest / Int64(microsPerHour), "hours")
      rest %= Int64(microsPerHour)
      unit(rest / Int64(microsPerMinute), "minutes")
      rest %= Int64(microsPerMinute)
      if rest != 0 {
        var s: [UInt8] = rest < 0 ? [45] : []
        appendTrimmedMicros(rest.magnitude, to: &s)
        parts.append(String(decoding: s, as: UTF8.self) + " seconds")
      }
    }
    out += Array(parts.joined(separator: " ").utf8)
  }
}
