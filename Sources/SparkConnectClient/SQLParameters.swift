import Foundation

/// Named parameter markers in SQL text (`:zone`, `:since`) and the typed values a user gives
/// them. Values go to Spark as the named arguments of the `SQL` relation, never pasted into the
/// text.
public enum SQLParameters {
  /// The names of the markers in `text`, in order of first appearance, each once.
  ///
  /// A marker is `:` and a name (a letter or `_`, then letters, digits, `_`) at the start of
  /// the text or after whitespace, `(`, `,`, `=` or another operator character. Not markers:
  /// anything inside quotes, backticks or comments, `::type` casts, and `column:path` variant
  /// access (a `:` right after a name or `)`).
  public static func markers(in text: String) -> [String] {
    let characters = Array(text)
    var names: [String] = []
    var index = 0
    func at(_ offset: Int) -> Character? {
      characters.indices.contains(offset) ? characters[offset] : nil
    }
    while index < characters.count {
      let character = characters[index]
      switch character {
      case "'", "\"", "`":
        index += 1
        while index < characters.count, characters[index] != character {
          if characters[index] == "\\" && character != "`" { index += 1 }
          index += 1
        }
        index += 1
      case "-" where at(index + 1) == "-":
        while index < characters.count, characters[index] != "\n" { index += 1 }
      case "/" where at(index + 1) == "*":
        index += 2
        while index < characters.count, !(characters[index] == "*" && at(index + 1) == "/") {
          index += 1
        }
        index += 2
      case ":":
        let before = index > 0 ? characters[index - 1] : " "
        let startsName = at(index + 1).map { $0.isLetter || $0 == "_" } ?? false
        if at(index + 1) == ":" {
          index += 2  // a `::` cast
          continue
        }
        if startsName && isMarkerLead(before) {
          var end = index + 1
          while end < characters.count,
            characters[end].isLetter || characters[end].isNumber
              || characters[end] == "_"
          {
            end += 1
          }
          let name = String(characters[(index + 1)..<end])
          if !names.contains(name) { names.append(name) }
          index = end
        } else {
          index += 1
        }
      default:
        index += 1
      }
    }
    return names
  }

  /// Whether a marker may follow `character`: the start, whitespace, an opening parenthesis,
  /// a comma, or an operator.
  static func isMarkerLead(_ character: Character) -> Bool {
    character.isWhitespace || "(,=<>!+-*/%|&^~[".contains(character)
  }

  /// The typed value of what the user typed for a marker: integers as INT or BIGINT, other
  /// numbers as DECIMAL (or DOUBLE with an exponent), `true`/`false` as BOOLEAN, `NULL`, ISO
  /// dates as DATE and date-times as TIMESTAMP_NTZ (a wall time: Spark reads it in the
  /// session time zone where a TIMESTAMP is compared, as it reads `TIMESTAMP '…'`), a
  /// `'quoted'` text and anything else as STRING.
  public static func value(_ text: String) -> PlanValue {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if trimmed.count >= 2, trimmed.hasPrefix("'"), trimmed.hasSuffix("'") {
      return .string(
        String(trimmed.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'"))
    }
    switch trimmed.lowercased() {
    case "null": return .null
    case "true": return .bool(true)
    case "false": return .bool(false)
    default: break
    }
    if let integer = Int64(trimmed) {
      return Int32(exactly: integer).map(PlanValue.int32) ?? .int64(integer)
    }
    if let decimal = decimalValue(trimmed) { return decimal }
    if trimmed.contains(where: { $0 == "e" || $0 == "E" }), let double = Double(trimmed),
      double.isFinite
    {
      return .double(double)
    }
    if let days = isoDays(trimmed) { return .date(days: days) }
    if let micros = isoDateTime(trimmed) { return .timestampNTZ(micros: micros) }
    return .string(text)
  }

  /// The SQL type name a value was read as, for the form.
  public static func typeName(_ value: PlanValue) -> String {
    switch value {
    case .null: "NULL"
    case .bool: "BOOLEAN"
    case .int32: "INT"
    case .int64: "BIGINT"
    case .double: "DOUBLE"
    case .decimal(let precision, let scale, _): "DECIMAL(\(precision),\(scale))"
    case .date: "DATE"
    case .timestampNTZ: "TIMESTAMP"
    case .string: "STRING"
    default: "\(value)"
    }
  }

  /// `-12.50` → DECIMAL(4,2); nil unless the text is digits with one point.
  static func decimalValue(_ text: String) -> PlanValue? {
    var digits = text
    let negative = digits.hasPrefix("-")
    if negative || digits.hasPrefix("+") { digits.removeFirst() }
    let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 2, !(parts[0].isEmpty && parts[1].isEmpty),
      parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
    else { return nil }
    let integer = parts[0].drop { $0 == "0" }
    let fraction = String(parts[1])
    let precision = max(1, integer.count + fraction.count)
    guard precision <= 38 else { return nil }
    let value =
      (negative ? "-" : "") + (integer.isEmpty ? "0" : String(integer)) + "."
      + fraction
    return .decimal(precision: max(precision, fraction.count), scale: fraction.count, value: value)
  }

  /// Days since 1970-01-01 of `YYYY-MM-DD`.
  static func isoDays(_ text: String) -> Int32? {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
      (1...12).contains(month), (1...31).contains(day)
    else { return nil }
    // Days from civil (proleptic Gregorian), after Howard Hinnant's algorithm.
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let monthIndex = (month + 9) % 12
    let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return Int32(exactly: era * 146_097 + dayOfEra - 719_468)
  }

  /// Microseconds since 1970-01-01 00:00:00 (a wall time) of `YYYY-MM-DD HH:MM[:SS[.ffffff]]`
  /// (or with a `T`).
  static func isoDateTime(_ text: String) -> Int64? {
    let separated = text.split(
      maxSplits: 1, omittingEmptySubsequences: true, whereSeparator: { $0 == " " || $0 == "T" })
    guard separated.count == 2, let days = isoDays(String(separated[0])) else { return nil }
    let clock = separated[1].split(separator: ":", omittingEmptySubsequences: false)
    guard (2...3).contains(clock.count), let hour = Int(clock[0]), let minute = Int(clock[1]),
      (0..<24).contains(hour), (0..<60).contains(minute)
    else { return nil }
    var micros = Int64(0)
    if clock.count == 3 {
      let seconds = clock[2].split(separator: ".", omittingEmptySubsequences: false)
      guard let whole = Int(seconds[0]), (0..<60).contains(whole), seconds.count <= 2 else {
        return nil
      }
      micros = Int64(whole) * 1_000_000
      if seconds.count == 2 {
        let fraction = String(seconds[1].prefix(6))
        guard !fraction.isEmpty, let value = Int64(fraction) else { return nil }
        micros += value * Int64(pow10(6 - fraction.count))
      }
    }
    return (Int64(days) * 86_400 + Int64(hour) * 3_600 + Int64(minute) * 60) * 1_000_000 + micros
  }

  private static func pow10(_ exponent: Int) -> Int {
    (0..<exponent).reduce(1) { value, _ in value * 10 }
  }
}
