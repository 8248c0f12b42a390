/// Decimals as Spark prints them: plain notation keeping the type's scale
/// (`0.000000000000000000`, `-0.5`, `12.50`), never scientific.
enum SparkDecimalText {
  /// Appends unscaled × 10^-scale in plain notation.
  static func append(unscaled: Int128, scale: Int, to out: inout [UInt8]) {
    if unscaled < 0 { out.append(45) }
    let start = out.count
    out.appendDecimal(unscaled.magnitude)
    placePoint(digitsFrom: start, scale: scale, in: &out)
  }

  /// Appends a decimal256 (four little-endian two's-complement words) in plain notation.
  static func append(words: [UInt64], scale: Int, to out: inout [UInt8]) {
    var limbs = words
    if limbs.count < 4 { limbs += repeatElement(0, count: 4 - limbs.count) }
    let negative = limbs[limbs.count - 1] >> 63 != 0
    if negative {  // two's complement negate
      var carry: UInt64 = 1
      for i in limbs.indices {
        let (sum, overflow) = (~limbs[i]).addingReportingOverflow(carry)
        limbs[i] = sum
        carry = overflow ? 1 : 0
      }
    }
    appendDigits(negative: negative, magnitude: decimalDigits(of: limbs), scale: scale, to: &out)
  }

  /// Decimal digits of an unsigned little-endian multiword integer.
  static func decimalDigits(of words: [UInt64]) -> [UInt8] {
    var limbs = words
    var chunks: [UInt64] = []  // base 10^18, least significant first
    let base: UInt64 = 1_000_000_000_000_000_000
    while limbs.contains(where: { $0 != 0 }) {
      var remainder: UInt64 = 0
      var i = limbs.count - 1
      while i >= 0 {
        let (q, r) = base.dividingFullWidth((remainder, limbs[i]))
        limbs[i] = q
        remainder = r
        i -= 1
      }
      chunks.append(remainder)
    }
    guard let top = chunks.last else { return [48] }
    var text = String(top)
    for chunk in chunks.dropLast().reversed() {
      let s = String(chunk)
      text += String(repeating: "0", count: 18 - s.count) + s
    }
    return Array(text.utf8)
  }

  private static func appendDigits(
    negative: Bool, magnitude: [UInt8], scale: Int, to out: inout [UInt8]
  ) {
    if negative { out.append(45) }
    if scale <= 0 {
      out += magnitude
      if scale < 0 && magnitude != [48] { out += repeatElement(48, count: -scale) }
      return
    }
    if magnitude.count > scale {
      out += magnitude[0..<(magnitude.count - scale)]
      out.append(46)
      out += magnitude[(magnitude.count - scale)...]
    } else {
      out += [48, 46]
      out += repeatElement(48, count: scale - magnitude.count)
      out += magnitude
    }
  }
}

extension SparkDecimalText {
  /// Turns the digits `out[start...]` of an unscaled magnitude into plain notation with `scale`
  /// fractional digits (`12345`, scale 2 → `123.45`; `5`, scale 3 → `0.005`).
  static func placePoint(digitsFrom start: Int, scale: Int, in out: inout [UInt8]) {
    let digitCount = out.count - start
    if scale <= 0 {
      if scale < 0 && !(digitCount == 1 && out[start] == 48) {
        out += repeatElement(48, count: -scale)
      }
      return
    }
    if digitCount > scale {
      out.insert(46, at: out.count - scale)
    } else {
      out.insert(contentsOf: [48, 46] + repeatElement(48, count: scale - digitCount), at: start)
    }
  }
}
