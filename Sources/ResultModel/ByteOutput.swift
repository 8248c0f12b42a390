/// Allocation-free appends of ASCII text and decimal numbers to a UTF-8 byte buffer, the
/// building blocks of every cell's text.
extension Array where Element == UInt8 {
  /// Appends the decimal digits of `value`.
  @inline(__always)
  mutating func appendDecimal(_ value: UInt64) {
    if value < 10 {
      append(48 &+ UInt8(truncatingIfNeeded: value))
      return
    }
    var count = 0
    var t = value
    while t > 0 {
      count += 1
      t /= 10
    }
    let start = self.count
    append(contentsOf: repeatElement(48, count: count))
    var v = value
    var i = start + count - 1
    while v > 0 {
      self[i] = 48 &+ UInt8(truncatingIfNeeded: v % 10)
      v /= 10
      i -= 1
    }
  }

  /// Appends `value` in decimal with a leading `-` when negative.
  @inline(__always)
  mutating func appendDecimal(_ value: Int64) {
    if value < 0 { append(45) }
    appendDecimal(value.magnitude)
  }

  /// Appends the decimal digits of a 128-bit magnitude.
  mutating func appendDecimal(_ value: UInt128) {
    if value <= UInt128(UInt64.max) {
      appendDecimal(UInt64(value))
      return
    }
    let base: UInt128 = 10_000_000_000_000_000_000  // 10^19
    let high = value / base
    let low = UInt64(value % base)
    appendDecimal(high)
    let start = count
    appendDecimal(low)
    let written = count - start
    if written < 19 { insert(contentsOf: repeatElement(48, count: 19 - written), at: start) }
  }

  /// Appends ASCII/UTF-8 text.
  @inline(__always)
  mutating func appendText(_ text: StaticString) {
    text.withUTF8Buffer { append(contentsOf: $0) }
  }
}
