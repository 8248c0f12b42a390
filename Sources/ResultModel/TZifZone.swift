import Foundation

/// A time zone read from the system tz database's compiled files (`/usr/share/zoneinfo`, RFC 8536
/// TZif v2+): transitions, then the footer's POSIX TZ rule for instants after the last one.
///
/// Why not Foundation's `TimeZone`: on Linux it answers from ICU's bundled tz data, which can be
/// older than Java's (seen: Asia/Tehran in 1978 off by 30 minutes against Java 17.0.15). The
/// system tzdata is usually as current as the JDK's, so reading it directly matches Spark more
/// often. Malformed files give nil (the caller then falls back to Foundation).
struct TZifZone: Sendable {
  /// Transition instants (UTC seconds), ascending.
  private let transitions: [Int64]
  /// For each transition, the UTC offset (seconds) in effect from it on.
  private let offsets: [Int32]
  /// The offset before the first transition.
  private let initialOffset: Int32
  /// The footer rule for instants after the last transition (nil: keep the last offset).
  private let rule: PosixTZRule?

  init?(identifier: String, root: String = "/usr/share/zoneinfo") {
    guard !identifier.isEmpty, !identifier.contains(".."), !identifier.hasPrefix("/"),
      let data = FileManager.default.contents(atPath: root + "/" + identifier)
    else { return nil }
    self.init(data: [UInt8](data))
  }

  init?(data: [UInt8]) {
    func be32(_ p: Int) -> Int32? {
      guard p >= 0, p + 4 <= data.count else { return nil }
      return Int32(
        bitPattern: UInt32(data[p]) << 24 | UInt32(data[p + 1]) << 16
          | UInt32(data[p + 2]) << 8 | UInt32(data[p + 3]))
    }
    func be64(_ p: Int) -> Int64? {
      guard let high = be32(p), let low = be32(p + 4) else { return nil }
      return Int64(high) << 32 | Int64(UInt32(bitPattern: low))
    }
    func counts(_ p: Int) -> [Int]? {
      guard data.count >= p + 44, data[p] == 0x54, data[p + 1] == 0x5A, data[p + 2] == 0x69,
        data[p + 3] == 0x66
      else { return nil }
      var result: [Int] = []
      for i in 0..<6 {
        guard let v = be32(p + 20 + 4 * i), v >= 0 else { return nil }
        result.append(Int(v))
      }
      return result  // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
    }
    guard let v1 = counts(0), data[4] >= 0x32 else { return nil }  // version '2' or later
    let v1Size = v1[3] * 5 + v1[4] * 6 + v1[5] + v1[2] * 8 + v1[1] + v1[0]
    let header = 44 + v1Size
    guard let c = counts(header) else { return nil }
    let (isut, isstd, leap, timecnt, typecnt, charcnt) = (c[0], c[1], c[2], c[3], c[4], c[5])
    guard typecnt > 0 else { return nil }
    var p = header + 44
    var times: [Int64] = []
    times.reserveCapacity(timecnt)
    for i in 0..<timecnt {
      guard let t = be64(p + 8 * i) else { return nil }
      times.append(t)
    }
    p += 8 * timecnt
    guard p + timecnt <= data.count else { return nil }
    let typeIndices = Array(data[p..<(p + timecnt)])
    p += timecnt
    var typeOffsets: [Int32] = []
    for i in 0..<typecnt {
      guard let off = be32(p + 6 * i) else { return nil }
      typeOffsets.append(off)
    }
    p += 6 * typecnt + charcnt + leap * 12 + isstd + isut
    guard p <= data.count, typeIndices.allSatisfy({ Int($0) < typecnt }) else { return nil }
    transitions = times
    offsets = typeIndices.map { typeOffsets[Int($0)] }
    initialOffset = typeOffsets[0]
    // Footer: "\n<TZ string>\n".
    if p < data.count, data[p] == 0x0A, let end = data[(p + 1)...].firstIndex(of: 0x0A) {
      let text = String(decoding: data[(p + 1)..<end], as: UTF8.self)
      rule = text.isEmpty ? nil : PosixTZRule(text)
    } else {
      rule = nil
    }
  }

  /// UTC offset in seconds at `t` (UTC seconds since the epoch).
  func offset(at t: Int64) -> Int {
    guard let first = transitions.first, t >= first else {
      if transitions.isEmpty, let rule { return rule.offset(at: t) }
      return Int(initialOffset)
    }
    if let last = transitions.last, t >= last, let rule { return rule.offset(at: t) }
    var low = 0
    var high = transitions.count - 1
    while low < high {  // last transition <= t
      let mid = (low + high + 1) / 2
      if transitions[mid] <= t { low = mid } else { high = mid - 1 }
    }
    return Int(offsets[low])
  }
}

/// A POSIX TZ string (`PST8PDT,M3.2.0,M11.1.0`, `<+0330>-3:30`, `IST-1GMT0,M10.5.0,M3.5.0/1`).
/// Offsets in the string are west-positive; stored here east-positive (seconds).
struct PosixTZRule: Sendable {
  let standardOffset: Int
  let daylight: (offset: Int, start: Transition, end: Transition)?

  /// When a rule switches: a date form and the local time of day (seconds, may be negative or
  /// above 24 h in TZif v3+).
  enum Transition: Sendable {
    case monthWeekDay(month: Int, week: Int, weekday: Int, time: Int)
    case julianNoLeap(day: Int, time: Int)  // Jn: 1...365, Feb 29 never counted
    case zeroBasedDay(day: Int, time: Int)  // n: 0...365

    /// Seconds since the epoch of this transition's local date and time in `year`, as if UTC.
    func localSeconds(year: Int64) -> Int64 {
      switch self {
      case .monthWeekDay(let month, let week, let weekday, let time):
        let firstOfMonth = PosixTZRule.days(year: year, month: month, day: 1)
        let firstWeekday = Int((firstOfMonth + 4) % 7 + 7) % 7  // 1970-01-01 was a Thursday
        var day = 1 + (weekday - firstWeekday + 7) % 7 + (week - 1) * 7
        let length = PosixTZRule.monthLength(year: year, month: month)
        while week == 5 && day > length { day -= 7 }
        if day > length { day -= 7 }
        return (firstOfMonth + Int64(day - 1)) * 86_400 + Int64(time)
      case .julianNoLeap(let n, let time):
        var day = Int64(n - 1)
        if PosixTZRule.isLeap(year) && n >= 60 { day += 1 }
        return (PosixTZRule.days(year: year, month: 1, day: 1) + day) * 86_400 + Int64(time)
      case .zeroBasedDay(let n, let time):
        return (PosixTZRule.days(year: year, month: 1, day: 1) + Int64(n)) * 86_400 + Int64(time)
      }
    }
  }

  init?(_ text: String) {
    var s = Substring(text)
    guard Self.skipName(&s), let std = Self.parseOffset(&s) else { return nil }
    standardOffset = -std
    if s.isEmpty {
      daylight = nil
      return
    }
    guard Self.skipName(&s) else { return nil }
    var dst = -(std - 3600)
    if let first = s.first, first != "," {
      guard let parsed = Self.parseOffset(&s) else { return nil }
      dst = -parsed
    }
    guard s.first == ",", let start = Self.parseTransition(&s), s.first == ",",
      let end = Self.parseTransition(&s)
    else { return nil }
    daylight = (dst, start, end)
  }

  func offset(at t: Int64) -> Int {
    guard let daylight else { return standardOffset }
    let year = SparkDateTimeText.civil(fromDays: SparkDateTimeText.floorDiv(t, 86_400)).year
    // DST start is given in standard local time, its end in daylight local time.
    func isDaylight(_ y: Int64) -> (Int64, Int64) {
      (
        daylight.start.localSeconds(year: y) - Int64(standardOffset),
        daylight.end.localSeconds(year: y) - Int64(daylight.offset)
      )
    }
    let (start, end) = isDaylight(year)
    let inDaylight: Bool
    if start < end {
      inDaylight = t >= start && t < end
    } else {
      inDaylight = !(t >= end && t < start)
    }
    return inDaylight ? daylight.offset : standardOffset
  }

  private static func skipName(_ s: inout Substring) -> Bool {
    if s.first == "<" {
      guard let close = s.firstIndex(of: ">") else { return false }
      s = s[s.index(after: close)...]
      return true
    }
    let name = s.prefix { $0.isLetter }
    guard name.count >= 3 else { return false }
    s = s.dropFirst(name.count)
    return true
  }

  /// `[+-]hh[:mm[:ss]]` → seconds (sign as written).
  private static func parseOffset(_ s: inout Substring) -> Int? {
    var sign = 1
    if s.first == "+" || s.first == "-" {
      if s.first == "-" { sign = -1 }
      s = s.dropFirst()
    }
    var parts: [Int] = []
    while parts.count < 3 {
      let digits = s.prefix { $0.isASCII && $0.isNumber }
      guard !digits.isEmpty, let v = Int(digits) else { return nil }
      parts.append(v)
      s = s.dropFirst(digits.count)
      guard s.first == ":" else { break }
      s = s.dropFirst()
    }
    guard let h = parts.first else { return nil }
    let m = parts.count > 1 ? parts[1] : 0
    let sec = parts.count > 2 ? parts[2] : 0
    return sign * (h * 3600 + m * 60 + sec)
  }

  private static func parseTransition(_ s: inout Substring) -> Transition? {
    s = s.dropFirst()  // ","
    var transition: Transition
    func number() -> Int? {
      let digits = s.prefix { $0.isASCII && $0.isNumber }
      guard let v = Int(digits) else { return nil }
      s = s.dropFirst(digits.count)
      return v
    }
    if s.first == "M" {
      s = s.dropFirst()
      guard let m = number(), s.first == "." else { return nil }
      s = s.dropFirst()
      guard let w = number(), s.first == "." else { return nil }
      s = s.dropFirst()
      guard let d = number(), (1...12).contains(m), (1...5).contains(w), (0...6).contains(d)
      else { return nil }
      transition = .monthWeekDay(month: m, week: w, weekday: d, time: 7200)
    } else if s.first == "J" {
      s = s.dropFirst()
      guard let n = number(), (1...365).contains(n) else { return nil }
      transition = .julianNoLeap(day: n, time: 7200)
    } else {
      guard let n = number(), (0...365).contains(n) else { return nil }
      transition = .zeroBasedDay(day: n, time: 7200)
    }
    if s.first == "/" {
      s = s.dropFirst()
      guard let time = parseOffset(&s) else { return nil }
      switch transition {
      case .monthWeekDay(let m, let w, let d, _):
        transition = .monthWeekDay(month: m, week: w, weekday: d, time: time)
      case .julianNoLeap(let n, _): transition = .julianNoLeap(day: n, time: time)
      case .zeroBasedDay(let n, _): transition = .zeroBasedDay(day: n, time: time)
      }
    }
    return transition
  }

  static func isLeap(_ y: Int64) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

  static func monthLength(year: Int64, month: Int) -> Int {
    [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
  }

  /// Days since 1970-01-01 of a proleptic Gregorian date.
  static func days(year: Int64, month: Int, day: Int) -> Int64 {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = Int64((month + 9) % 12)
    let doy = (153 * mp + 2) / 5 + Int64(day) - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }
}
