import Foundation

/// Dates, timestamps and times as Spark prints them (proleptic Gregorian calendar, ISO years:
/// `0001-01-01`, `0000-01-01`, `-0044-03-15`, `+10000-01-01`; fractions of a second with
/// trailing zeros removed: `1969-12-31 23:59:59.5`).
enum SparkDateTimeText {
  /// (year, month, day) of a day count since 1970-01-01 (proleptic Gregorian).
  static func civil(fromDays days: Int64) -> (year: Int64, month: Int, day: Int) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let y = yoe + era * 400
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = Int(doy - (153 * mp + 2) / 5 + 1)
    let m = Int(mp < 10 ? mp + 3 : mp - 9)
    return (m <= 2 ? y + 1 : y, m, d)
  }

  /// Appends `yyyy-MM-dd` for a day count since the epoch.
  static func appendDate(days: Int64, to out: inout [UInt8]) {
    let (year, month, day) = civil(fromDays: days)
    appendYear(year, to: &out)
    out.append(45)
    appendTwoDigits(month, to: &out)
    out.append(45)
    appendTwoDigits(day, to: &out)
  }

  /// java.time's `uuuu` with EXCEEDS_PAD: 4 digits, `-` for negative, `+` above 9999.
  static func appendYear(_ year: Int64, to out: inout [UInt8]) {
    if year > 9999 { out.append(43) }
    if year < 0 { out.append(45) }
    let magnitude = year.magnitude
    if magnitude < 1000 {
      out += repeatElement(48, count: magnitude < 10 ? 3 : magnitude < 100 ? 2 : 1)
    }
    out.appendDecimal(magnitude)
  }

  static func appendTwoDigits(_ v: Int, to out: inout [UInt8]) {
    out.append(UInt8(48 + v / 10))
    out.append(UInt8(48 + v % 10))
  }

  /// Appends `.fffffffff` with trailing zeros removed (nothing when `nanos` is 0).
  static func appendFraction(nanos: Int64, to out: inout [UInt8]) {
    guard nanos > 0 else { return }
    var digits = [UInt8](repeating: 48, count: 9)
    var v = nanos
    var i = 8
    while i >= 0 {
      digits[i] = UInt8(48 + v % 10)
      v /= 10
      i -= 1
    }
    var end = 9
    while end > 0 && digits[end - 1] == 48 { end -= 1 }
    out.append(46)
    out += digits[0..<end]
  }

  /// Appends `HH:mm:ss[.f]` for a time of day in nanoseconds.
  static func appendTime(nanosOfDay: Int64, to out: inout [UInt8]) {
    // Values outside one day only come from malformed data; wrap them instead of trapping.
    let day: Int64 = 86_400_000_000_000
    let nanosOfDay = (nanosOfDay % day + day) % day
    let seconds = nanosOfDay / 1_000_000_000
    appendTwoDigits(Int(seconds / 3600), to: &out)
    out.append(58)
    appendTwoDigits(Int(seconds / 60 % 60), to: &out)
    out.append(58)
    appendTwoDigits(Int(seconds % 60), to: &out)
    appendFraction(nanos: nanosOfDay % 1_000_000_000, to: &out)
  }

  /// Appends `yyyy-MM-dd HH:mm:ss[.f]` for local seconds + nanoseconds since the epoch.
  static func appendLocalDateTime(seconds: Int64, nanos: Int64, to out: inout [UInt8]) {
    let days = floorDiv(seconds, 86_400)
    let secondOfDay = seconds &- days &* 86_400  // exact; the product alone may leave Int64
    appendDate(days: days, to: &out)
    out.append(32)
    appendTime(nanosOfDay: secondOfDay * 1_000_000_000 + nanos, to: &out)
  }

  static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
  }

  /// Splits ticks of `unit` into (epoch seconds, nanoseconds 0..<1e9).
  static func split(_ ticks: Int64, perSecond: Int64) -> (seconds: Int64, nanos: Int64) {
    let seconds = floorDiv(ticks, perSecond)
    // Wrapping: seconds × perSecond can leave Int64 (Int64.min µs); the difference cannot.
    let rest = ticks &- seconds &* perSecond
    return (seconds, rest * (1_000_000_000 / perSecond))
  }
}

/// The session time zone's offsets: fixed offsets without lookups, named zones via the system
/// tz database (Foundation), which agrees with Java's for the zones Spark sessions use.
struct SessionTimeZone: Sendable {
  private enum Kind: Sendable {
    case fixed(seconds: Int)
    case tzif(TZifZone)
    case region(TimeZone)
  }
  private let kind: Kind

  /// Accepts region ids (`America/Los_Angeles`), `UTC`/`Z`/`GMT`, and offsets like `+05:30`,
  /// `-08:00`, `UTC+5`, `GMT-03:30`. Unknown ids fall back to UTC.
  init(identifier: String) {
    let id = identifier.trimmingCharacters(in: .whitespaces)
    let upper = id.uppercased()
    if ["UTC", "Z", "GMT", "UT", "ETC/UTC", "ETC/GMT", "ETC/UCT", "UCT", "ZULU", "ETC/ZULU"]
      .contains(upper)
    {
      kind = .fixed(seconds: 0)
      return
    }
    for prefix in ["UTC", "GMT", "UT", ""] where upper.hasPrefix(prefix) {
      let rest = upper.dropFirst(prefix.count)
      if let sign = rest.first, sign == "+" || sign == "-", let offset = Self.parseOffset(rest) {
        kind = .fixed(seconds: offset)
        return
      }
    }
    if let mapped = Self.javaShortIDs[upper] {
      if let seconds = Self.parseOffset(Substring(mapped)) {
        kind = .fixed(seconds: seconds)
        return
      }
      if let zone = TZifZone(identifier: mapped) {
        kind = .tzif(zone)
        return
      }
      if let zone = TimeZone(identifier: mapped) {
        kind = .region(zone)
        return
      }
    }
    if let zone = TZifZone(identifier: id) {
      kind = .tzif(zone)
    } else if let zone = TimeZone(identifier: id) {
      kind = .region(zone)
    } else {
      kind = .fixed(seconds: 0)
    }
  }

  /// Java's `ZoneId.SHORT_IDS`, which Spark applies to the session time zone: `EST`, `MST` and
  /// `HST` are fixed offsets there (the system tz database has them as zones with history).
  static let javaShortIDs: [String: String] = [
    "ACT": "Australia/Darwin", "AET": "Australia/Sydney", "AGT": "America/Argentina/Buenos_Aires",
    "ART": "Africa/Cairo", "AST": "America/Anchorage", "BET": "America/Sao_Paulo",
    "BST": "Asia/Dhaka", "CAT": "Africa/Harare", "CNT": "America/St_Johns",
    "CST": "America/Chicago", "CTT": "Asia/Shanghai", "EAT": "Africa/Addis_Ababa",
    "ECT": "Europe/Paris", "IET": "America/Indiana/Indianapolis", "IST": "Asia/Kolkata",
    "JST": "Asia/Tokyo", "MIT": "Pacific/Apia", "NET": "Asia/Yerevan", "NST": "Pacific/Auckland",
    "PLT": "Asia/Karachi", "PNT": "America/Phoenix", "PRT": "America/Puerto_Rico",
    "PST": "America/Los_Angeles", "SST": "Pacific/Guadalcanal", "VST": "Asia/Ho_Chi_Minh",
    "EST": "-05:00", "MST": "-07:00", "HST": "-10:00",
  ]

  /// `+H`, `+HH`, `+HH:MM`, `+HHMM`, `+HH:MM:SS` → seconds.
  private static func parseOffset(_ s: Substring) -> Int? {
    let negative = s.first == "-"
    let body = s.dropFirst()
    let parts = body.split(separator: ":", omittingEmptySubsequences: false)
    var h = 0
    var m = 0
    var sec = 0
    if parts.count == 1 {
      let digits = String(parts[0])
      guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let v = Int(digits) else { return nil }
      if digits.count <= 2 {
        h = v
      } else if digits.count == 4 {
        h = v / 100
        m = v % 100
      } else {
        return nil
      }
    } else {
      guard parts.count <= 3, let hh = Int(parts[0]), let mm = Int(parts[1]) else { return nil }
      h = hh
      m = mm
      if parts.count == 3 {
        guard let ss = Int(parts[2]) else { return nil }
        sec = ss
      }
    }
    guard h <= 18, m < 60, sec < 60 else { return nil }
    let total = h * 3600 + m * 60 + sec
    return negative ? -total : total
  }

  /// Offset from UTC in seconds at the instant `epochSeconds`.
  func offset(atEpochSeconds epochSeconds: Int64) -> Int {
    switch kind {
    case .fixed(let seconds): return seconds
    case .tzif(let zone): return zone.offset(at: epochSeconds)
    case .region(let zone):
      return zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(epochSeconds)))
    }
  }
}
