/// Java 17's `Double.toString` and `Float.toString`, digit for digit.
///
/// Spark's server runs on Java 17, whose `jdk.internal.math.FloatingDecimal` does not always
/// produce the shortest round-tripping digits (e.g. `2.0E-3` is fine but `1.0E23` prints as
/// `1.0E23` while some values get 17+ digits). Swift's `description` is shortest-digits, so it
/// differs from Spark for a fraction of values. This is an independent implementation of the same
/// digit-generation algorithm (estimate the exponent, then generate digits from exact integer
/// ratios with the same stopping and rounding rules, including the 32/64-bit fast paths and their
/// overflow behaviour), verified against a Java 17 runtime on millions of values.
public enum JavaFloatText {
  /// The text Java 17's `Double.toString(d)` returns.
  public static func string(_ value: Double) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(26)
    append(value, to: &out)
    return String(decoding: out, as: UTF8.self)
  }

  /// The text Java 17's `Float.toString(f)` returns.
  public static func string(_ value: Float) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(26)
    append(value, to: &out)
    return String(decoding: out, as: UTF8.self)
  }

  /// Appends `Double.toString(value)` as ASCII bytes.
  public static func append(_ value: Double, to out: inout [UInt8]) {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxLength) { scratch in
      guard let p = scratch.baseAddress else { return }
      out.append(contentsOf: UnsafeBufferPointer(start: p, count: write(value, to: p)))
    }
  }

  /// The most bytes `write(_:to:)` writes.
  static let maxLength = 64

  /// Writes `Double.toString(value)` at `p`, which has room for `maxLength` bytes; returns the
  /// number of bytes written.
  static func write(_ value: Double, to p: UnsafeMutablePointer<UInt8>) -> Int {
    let bits = value.bitPattern
    let negative = bits >> 63 != 0
    var fraction = Int64(bitPattern: bits & signifMask)
    var binaryExponent = Int((bits >> 52) & 0x7FF)
    if binaryExponent == 0x7FF {
      return put(fraction == 0 ? (negative ? "-Infinity" : "Infinity") : "NaN", at: p)
    }
    let significantBits: Int
    if binaryExponent == 0 {
      if fraction == 0 { return put(negative ? "-0.0" : "0.0", at: p) }
      let leadingZeros = fraction.leadingZeroBitCount
      let shift = leadingZeros - 11
      fraction <<= Int64(shift)
      binaryExponent = 1 - shift
      significantBits = 64 - leadingZeros
    } else {
      fraction |= fractHOB
      significantBits = 53
    }
    var digits = JavaDigits()
    digits.generate(
      binaryExponent: binaryExponent - 1023, fractionBits: fraction,
      significantBits: significantBits)
    return digits.write(negative: negative, to: p)
  }

  @inline(__always)
  private static func put(_ text: StaticString, at p: UnsafeMutablePointer<UInt8>) -> Int {
    p.update(from: text.utf8Start, count: text.utf8CodeUnitCount)
    return text.utf8CodeUnitCount
  }

  /// Appends `Float.toString(value)` as ASCII bytes.
  public static func append(_ value: Float, to out: inout [UInt8]) {
    let bits = value.bitPattern
    let negative = bits >> 31 != 0
    var fraction = Int32(bitPattern: bits & 0x7F_FFFF)
    var binaryExponent = Int((bits >> 23) & 0xFF)
    if binaryExponent == 0xFF {
      if fraction != 0 {
        out.appendText("NaN")
      } else if negative {
        out.appendText("-Infinity")
      } else {
        out.appendText("Infinity")
      }
      return
    }
    let significantBits: Int
    if binaryExponent == 0 {
      if fraction == 0 {
        if negative { out.appendText("-0.0") } else { out.appendText("0.0") }
        return
      }
      let leadingZeros = fraction.leadingZeroBitCount
      let shift = leadingZeros - 8
      fraction <<= Int32(shift)
      binaryExponent = 1 - shift
      significantBits = 32 - leadingZeros
    } else {
      fraction |= 0x80_0000
      significantBits = 24
    }
    var digits = JavaDigits()
    digits.generate(
      binaryExponent: binaryExponent - 127, fractionBits: Int64(fraction) << 29,
      significantBits: significantBits)
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxLength) { scratch in
      guard let p = scratch.baseAddress else { return }
      out.append(
        contentsOf: UnsafeBufferPointer(start: p, count: digits.write(negative: negative, to: p)))
    }
  }

  static let signifMask: UInt64 = 0x000F_FFFF_FFFF_FFFF
  static let fractHOB: Int64 = 1 << 52
}

/// Decimal digits and exponent of one value, as Java's `BinaryToASCIIBuffer` computes them.
struct JavaDigits {
  /// ASCII digits '0'...'9'.
  var digits = InlineDigits()
  /// The value is 0.d1d2d3... × 10^decimalExponent.
  var decimalExponent = 0

  // ceil(log2(5^i)), approximately, as Java tabulates it.
  private static let fiveBits: [Int] = [
    0, 3, 5, 7, 10, 12, 14, 17, 19, 21, 24, 26, 28, 31, 33, 35, 38, 40, 42, 45, 47, 49, 52, 54, 56,
    59, 61,
  ]
  private static let smallFivePow: [Int32] = (0..<14).map { i in
    (0..<i).reduce(Int32(1)) { acc, _ in acc &* 5 }
  }
  private static let longFivePow: [Int64] = (0..<27).map { i in
    (0..<i).reduce(Int64(1)) { acc, _ in acc &* 5 }
  }
  /// 5^0 ... 5^54 (the largest below 2^127).
  private static let fivePow128: [UInt128] = {
    var table: [UInt128] = [1]
    while table.count < 55 { table.append(table[table.count - 1] * 5) }
    return table
  }()
  private static let insignificantDigitsNumber: [Int] = [
    0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6, 6, 7, 7, 7, 8, 8, 8, 9, 9,
    9, 9, 10, 10, 10, 11, 11, 11, 12, 12, 12, 12, 13, 13, 13, 14, 14, 14, 15, 15, 15, 15, 16, 16,
    16, 17, 17, 17, 18, 18, 18, 19,
  ]

  /// Java's `dtoa(binExp, fractBits, nSignificantBits, isCompatibleFormat: true)`.
  /// `fractionBits` has its highest set bit at position 52.
  mutating func generate(binaryExponent binExp: Int, fractionBits: Int64, significantBits: Int) {
    var fractBits = fractionBits
    let tailZeros = fractBits.trailingZeroBitCount
    let nFractBits = 53 - tailZeros
    let nTinyBits = max(0, nFractBits - binExp - 1)
    if binExp <= 62 && binExp >= -21 && nTinyBits < Self.longFivePow.count
      && nFractBits + Self.fiveBits[nTinyBits] < 64 && nTinyBits == 0
    {
      let insignificant =
        binExp > significantBits ? Self.insignificantForPow2(binExp - significantBits - 1) : 0
      if binExp >= 52 {
        fractBits <<= Int64(binExp - 52)
      } else {
        fractBits = Int64(bitPattern: UInt64(bitPattern: fractBits) >> UInt64(52 - binExp))
      }
      developLongDigits(fractBits, insignificant: insignificant)
      return
    }
    var decExp = Self.estimateDecimalExponent(fractBits, binExp)
    let b5 = max(0, -decExp)
    var b2 = b5 + nTinyBits + binExp
    let s5 = max(0, decExp)
    var s2 = s5 + nTinyBits
    let m5 = b5
    var m2 = b2 - significantBits
    fractBits = Int64(bitPattern: UInt64(bitPattern: fractBits) >> UInt64(tailZeros))
    b2 -= nFractBits - 1
    let common2 = min(b2, s2)
    b2 -= common2
    s2 -= common2
    m2 -= common2
    if nFractBits == 1 { m2 -= 1 }
    if m2 < 0 {
      b2 -= m2
      s2 -= m2
      m2 = 0
    }
    let bBits = nFractBits + b2 + (b5 < Self.fiveBits.count ? Self.fiveBits[b5] : b5 * 3)
    let tenSBits =
      s2 + 1 + ((s5 + 1) < Self.fiveBits.count ? Self.fiveBits[s5 + 1] : (s5 + 1) * 3)
    var low: Bool
    var high: Bool
    var lowDigitDifference: Int64
    if bBits < 64 && tenSBits < 64 {
      if bBits < 32 && tenSBits < 32 {
        let b = (Int32(truncatingIfNeeded: fractBits) &* Self.smallFivePow[b5]) &<< Int32(b2)
        let s = Self.smallFivePow[s5] &<< Int32(s2)
        let m = Self.smallFivePow[m5] &<< Int32(m2)
        (low, high, lowDigitDifference) = fixedWidthDigits(b: b, s: s, m: m, decExp: &decExp)
      } else {
        let b = (fractBits &* Self.longFivePow[b5]) &<< Int64(b2)
        let s = Self.longFivePow[s5] &<< Int64(s2)
        let m = Self.longFivePow[m5] &<< Int64(m2)
        (low, high, lowDigitDifference) = fixedWidthDigits(b: b, s: s, m: m, decExp: &decExp)
      }
    } else if bBits < 118 && tenSBits < 118,
      let result = wideDigits(
        fractBits: fractBits, b5: b5, b2: b2, s5: s5, s2: s2, m5: m5, m2: m2, decExp: &decExp)
    {
      (low, high, lowDigitDifference) = result
    } else {
      let s = JavaBigInt(pow5: s5, pow2: s2)
      var b = JavaBigInt(value: UInt64(fractBits), pow5: b5, pow2: b2)
      var m = JavaBigInt(pow5: m5 + 1, pow2: m2 + 1)
      let tenS = JavaBigInt(pow5: s5 + 1, pow2: s2 + 1)
      var q = b.quotientRemainderIteration(s)
      low = b.compare(m) < 0
      high = tenS.compareToSum(b, m) <= 0
      if q == 0 && !high {
        decExp -= 1
      } else {
        digits.append(UInt8(48 + q))
      }
      if decExp < -3 || decExp >= 8 {
        high = false
        low = false
      }
      while !low && !high {
        q = b.quotientRemainderIteration(s)
        m.multiply(by: 10)
        low = b.compare(m) < 0
        high = tenS.compareToSum(b, m) <= 0
        digits.append(UInt8(48 + q))
      }
      if high && low {
        b.shiftLeft(1)
        lowDigitDifference = Int64(b.compare(tenS))
      } else {
        lowDigitDifference = 0
      }
    }
    decimalExponent = decExp + 1
    if high {
      if low {
        if lowDigitDifference == 0 {
          if let last = digits.last, last & 1 != 0 { roundUp() }
        } else if lowDigitDifference > 0 {
          roundUp()
        }
      } else {
        roundUp()
      }
    }
  }

  /// Java's big-number digit loop (its FDBigInteger path, with `b + m >= 10s` as the "high" test)
  /// done in 128-bit arithmetic when every value provably fits; nil when it might not (then the
  /// caller uses `JavaBigInt`). Same results, no allocation.
  private mutating func wideDigits(
    fractBits: Int64, b5: Int, b2: Int, s5: Int, s2: Int, m5: Int, m2: Int, decExp: inout Int
  ) -> (low: Bool, high: Bool, lowDigitDifference: Int64)? {
    func value(_ base: UInt128, pow5: Int, pow2: Int) -> UInt128? {
      guard pow5 < Self.fivePow128.count else { return nil }
      let (v, overflow) = base.multipliedReportingOverflow(by: Self.fivePow128[pow5])
      guard !overflow, pow2 < 127, v.leadingZeroBitCount > pow2 + 4 else { return nil }
      return v << pow2
    }
    guard let s = value(1, pow5: s5, pow2: s2),
      var b = value(UInt128(UInt64(bitPattern: fractBits)), pow5: b5, pow2: b2),
      var m = value(1, pow5: m5 + 1, pow2: m2 + 1),
      let tenS = value(1, pow5: s5 + 1, pow2: s2 + 1),
      tenS.leadingZeroBitCount > 6, m.leadingZeroBitCount > 6, b.leadingZeroBitCount > 6
    else { return nil }
    /// q = b / s (< 10), b = (b % s) × 10.
    let shift = Swift.max(0, 128 - s.leadingZeroBitCount - 58)
    let sTop = UInt64(truncatingIfNeeded: s >> shift)
    func step(_ b: inout UInt128) -> Int {
      var q = Swift.min(9, Int(UInt64(truncatingIfNeeded: b >> shift) / sTop))
      var product = s * UInt128(q)
      while product > b {
        q -= 1
        product -= s
      }
      var r = b - product
      while r >= s {
        r -= s
        q += 1
      }
      b = r * 10
      return q
    }
    var q = step(&b)
    var low = b < m
    var high = b + m >= tenS
    if q == 0 && !high {
      decExp -= 1
    } else {
      digits.append(UInt8(48 + q))
    }
    if decExp < -3 || decExp >= 8 {
      high = false
      low = false
    }
    while !low && !high {
      q = step(&b)
      m *= 10  // m < 2^122 here: it only grows while m <= b < 10s
      low = b < m
      high = b + m >= tenS
      digits.append(UInt8(48 + q))
    }
    if high && low {
      let twice = b << 1
      return (low, high, twice == tenS ? 0 : (twice < tenS ? -1 : 1))
    }
    return (low, high, 0)
  }

  /// The 32- or 64-bit digit loop of Java's dtoa, wrapping on overflow exactly as Java does.
  private mutating func fixedWidthDigits<T: FixedWidthInteger & SignedInteger>(
    b initialB: T, s: T, m initialM: T, decExp: inout Int
  ) -> (low: Bool, high: Bool, lowDigitDifference: Int64) {
    var b = initialB
    var m = initialM
    let tens = s &* 10
    var q = b / s
    b = 10 &* (b % s)
    m = m &* 10
    var low = b < m
    var high = (b &+ m) > tens
    if q == 0 && !high {
      decExp -= 1
    } else {
      digits.append(UInt8(48 + Int(q)))
    }
    if decExp < -3 || decExp >= 8 {
      high = false
      low = false
    }
    while !low && !high {
      q = b / s
      b = 10 &* (b % s)
      m = m &* 10
      if m > 0 {
        low = b < m
        high = (b &+ m) > tens
      } else {
        low = true
        high = true
      }
      digits.append(UInt8(48 + Int(q)))
    }
    return (low, high, Int64((b &<< 1) &- tens))
  }

  /// Java's `developLongDigits(0, lvalue, insignificantDigits)`: an integer value, with
  /// `insignificant` low decimal digits rounded away.
  private mutating func developLongDigits(_ value: Int64, insignificant: Int) {
    var lvalue = value
    var decExponent = 0
    if insignificant != 0 {
      let pow10 = Self.longFivePow[insignificant] << Int64(insignificant)
      let residue = lvalue % pow10
      lvalue /= pow10
      decExponent += insignificant
      if residue >= (pow10 >> 1) { lvalue += 1 }
    }
    // Digits from the right; trailing zeros only move the exponent.
    var reversed = InlineDigits()
    var c = lvalue % 10
    lvalue /= 10
    while c == 0 {
      decExponent += 1
      c = lvalue % 10
      lvalue /= 10
    }
    while lvalue != 0 {
      reversed.append(UInt8(48 + c))
      decExponent += 1
      c = lvalue % 10
      lvalue /= 10
    }
    reversed.append(UInt8(48 + c))
    digits = InlineDigits()
    for i in stride(from: reversed.count - 1, through: 0, by: -1) { digits.append(reversed[i]) }
    decimalExponent = decExponent + 1
  }

  private mutating func roundUp() {
    guard !digits.isEmpty else { return }
    var i = digits.count - 1
    var q = digits[i]
    if q == 57 {
      while q == 57 && i > 0 {
        digits[i] = 48
        i -= 1
        q = digits[i]
      }
      if q == 57 {
        decimalExponent += 1
        digits[0] = 49
        return
      }
    }
    digits[i] = q + 1
  }

  private static func insignificantForPow2(_ p2: Int) -> Int {
    p2 > 1 && p2 < insignificantDigitsNumber.count ? insignificantDigitsNumber[p2] : 0
  }

  /// Java's `estimateDecExp`: floor(log10(value)), possibly one too high.
  static func estimateDecimalExponent(_ fractBits: Int64, _ binExp: Int) -> Int {
    let d2 = Double(
      bitPattern: 0x3FF0_0000_0000_0000 | (UInt64(bitPattern: fractBits) & JavaFloatText.signifMask)
    )
    let d = (d2 - 1.5) * 0.289529654 + 0.176091259 + Double(binExp) * 0.301029995663981
    let dBits = d.bitPattern
    let exponent = Int((dBits >> 52) & 0x7FF) - 1023
    let isNegative = dBits >> 63 != 0
    if exponent >= 0 && exponent < 52 {
      let mask = JavaFloatText.signifMask >> UInt64(exponent)
      let r = Int(
        Int32(
          truncatingIfNeeded: ((dBits & JavaFloatText.signifMask) | (1 << 52))
            >> UInt64(52 - exponent)))
      return isNegative ? ((mask & dBits) == 0 ? -r : -r - 1) : r
    } else if exponent < 0 {
      return (dBits & ~(1 << 63)) == 0 ? 0 : (isNegative ? -1 : 0)
    } else {
      return Int(d)
    }
  }
}
