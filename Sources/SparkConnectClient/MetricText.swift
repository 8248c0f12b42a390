import Foundation

/// Counts, bytes, durations and rates as short text for metrics and progress, in the same
/// words wherever Flint shows them.
public enum MetricText {
  /// 1234567 → `1,234,567`.
  public static func count(_ value: Int64) -> String {
    let digits = String(value.magnitude)
    var text = ""
    for (index, digit) in digits.enumerated() {
      if index > 0 && (digits.count - index) % 3 == 0 { text.append(",") }
      text.append(digit)
    }
    return value < 0 ? "-" + text : text
  }

  /// Bytes with 1024-based units: `669 B`, `28.7 MiB`.
  public static func bytes(_ value: Int64) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
    var amount = Double(max(0, value))
    var unit = 0
    while amount >= 1024 && unit < units.count - 1 {
      amount /= 1024
      unit += 1
    }
    return unit == 0 ? "\(Int64(amount)) B" : String(format: "%.1f ", amount) + units[unit]
  }

  /// A duration given in milliseconds: `850 ns`, `2 µs`, `0.4 ms`, `16 ms`, `1.47 s`,
  /// `2 min 05 s`.
  public static func duration(milliseconds: Double) -> String {
    let value = milliseconds.isFinite ? max(0, milliseconds) : 0
    if value == 0 { return "0 ms" }
    if value < 0.001 { return String(format: "%.0f ns", value * 1_000_000) }
    if value < 0.1 { return String(format: "%.0f µs", value * 1000) }
    if value < 10 { return String(format: "%.1f ms", value) }
    if value < 1000 { return String(format: "%.0f ms", value) }
    return seconds(value / 1000)
  }

  /// A duration given in seconds: `0.42 s`, `12.3 s`, `2 min 05 s`, `1 h 02 min`.
  public static func seconds(_ value: Double) -> String {
    let value = value.isFinite ? max(0, value) : 0
    if value < 10 { return String(format: "%.2f s", value) }
    if value < 60 { return String(format: "%.1f s", value) }
    let total = Int(value.rounded())
    if total < 3600 { return String(format: "%d min %02d s", total / 60, total % 60) }
    return String(format: "%d h %02d min", total / 3600, total % 3600 / 60)
  }

  /// A rate in tasks per second: `0.4 tasks/s`, `12 tasks/s`.
  public static func taskRate(_ perSecond: Double) -> String {
    let value = perSecond.isFinite ? max(0, perSecond) : 0
    return value < 10
      ? String(format: "%.1f tasks/s", value) : String(format: "%.0f tasks/s", value)
  }

  /// A share (0...1) as a whole percentage: `59%`.
  public static func percent(_ share: Double) -> String {
    let value = share.isFinite ? min(1, max(0, share)) : 0
    return "\(Int((value * 100).rounded()))%"
  }
}
