import Foundation

extension TableProfile {
  /// The profile as one JSON array, an object per column with the keys of the statistics
  /// that apply to its type (`null` when there was no value): `column`, `type`, `count`,
  /// `nulls`, `null_percent`, `distinct_approx`, `min`, `max`, `mean`, `stddev`, `p25`,
  /// `p50`, `p75`, `min_length`, `max_length`, `histogram` (objects with `low`, `high`,
  /// `count`). Values of the column's type are Spark's text (strings); NaN and ±Infinity are
  /// the strings `"NaN"`, `"Infinity"`, `"-Infinity"`. Ends with a newline.
  public var json: String {
    let objects = columns.map { column in
      "{"
        + column.fields.map { "\(Self.jsonString($0.key)):\($0.value.json)" }
        .joined(separator: ",") + "}"
    }
    return "[" + objects.joined(separator: ",\n ") + "]\n"
  }

  /// The profile as CSV (RFC 4180, `\n` line ends): a header of every key `json` knows, then
  /// a row per column; a statistic that does not apply or has no value is an empty field;
  /// the histogram is its JSON array.
  public var csv: String {
    var lines = [ColumnProfile.keys.joined(separator: ",")]
    for column in columns {
      let values = Dictionary(column.fields.map { ($0.key, $0.value) }) { first, _ in first }
      lines.append(
        ColumnProfile.keys.map { key in values[key].map { Self.csvField($0.text) } ?? "" }
          .joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// One character per bucket, `▁` for an empty one up to `█` for the fullest; empty for no
  /// buckets.
  public static func sparkline(_ counts: [Int64]) -> String {
    let levels = Array("▁▂▃▄▅▆▇█")
    guard let largest = counts.max(), largest > 0 else {
      return String(repeating: "▁", count: counts.count)
    }
    return String(
      counts.map { count in
        guard count > 0 else { return levels[0] }
        let level = Int((Double(count) / Double(largest) * 7).rounded(.up))
        return levels[Swift.min(7, Swift.max(1, level))]
      })
  }

  static func jsonString(_ text: String) -> String {
    PlanValue.quoted(text, by: "\"") { "\\u" + String(format: "%04x", $0) }
  }

  static func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
      return text
    }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// A double as JSON: a number, or the string `"NaN"`, `"Infinity"`, `"-Infinity"`.
  static func jsonNumber(_ value: Double) -> String {
    value.isFinite ? numberText(value) : jsonString(numberText(value))
  }

  /// A double's text: Swift's shortest round-trip digits; NaN and ±Infinity as Java writes them.
  static func numberText(_ value: Double) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
    return "\(value)"
  }
}

/// One statistic's value, for the JSON and CSV renderers.
enum ProfileValue {
  case text(String)
  case int(Int64)
  case double(Double)
  case histogram([HistogramBucket])
  case null

  var json: String {
    switch self {
    case .text(let text): return TableProfile.jsonString(text)
    case .int(let value): return String(value)
    case .double(let value): return TableProfile.jsonNumber(value)
    case .histogram(let buckets):
      return "["
        + buckets.map {
          "{\"low\":\(TableProfile.jsonString($0.low)),\"high\":\(TableProfile.jsonString($0.high)),\"count\":\($0.count)}"
        }.joined(separator: ",") + "]"
    case .null: return "null"
    }
  }

  var text: String {
    switch self {
    case .text(let text): return text
    case .int(let value): return String(value)
    case .double(let value): return TableProfile.numberText(value)
    case .histogram: return json
    case .null: return ""
    }
  }
}

extension ColumnProfile {
  /// Every key of the JSON and CSV forms, in their order.
  static let keys = [
    "column", "type", "count", "nulls", "null_percent", "distinct_approx", "min", "max", "mean",
    "stddev", "p25", "p50", "p75", "min_length", "max_length", "histogram",
  ]

  /// The keys that apply to this column's type with their values, in `keys` order.
  var fields: [(key: String, value: ProfileValue)] {
    let statistics = Set(Statistic.applicable(to: type))
    func text(_ value: String?) -> ProfileValue { value.map { .text($0) } ?? .null }
    func double(_ value: Double?) -> ProfileValue { value.map { .double($0) } ?? .null }
    func int(_ value: Int?) -> ProfileValue { value.map { .int(Int64($0)) } ?? .null }
    var list: [(String, ProfileValue)] = [
      ("column", .text(column)), ("type", .text(type.description)), ("count", .int(count)),
      ("nulls", .int(nulls)), ("null_percent", .double(nullPercent)),
    ]
    if statistics.contains(.distinct) {
      list.append(("distinct_approx", distinctApprox.map { .int($0) } ?? .null))
    }
    if statistics.contains(.minMax) { list += [("min", text(min)), ("max", text(max))] }
    if statistics.contains(.meanStddev) {
      list += [("mean", double(mean)), ("stddev", double(stddev))]
    }
    if statistics.contains(.quartiles) {
      list += [("p25", text(p25)), ("p50", text(p50)), ("p75", text(p75))]
    }
    if statistics.contains(.lengths) {
      list += [("min_length", int(minLength)), ("max_length", int(maxLength))]
    }
    if statistics.contains(.histogram) {
      list.append(("histogram", histogram.map { .histogram($0) } ?? .null))
    }
    return list
  }
}
