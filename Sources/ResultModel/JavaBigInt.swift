/// A small unsigned big integer (32-bit limbs, little-endian) with just the operations Java's
/// FloatingDecimal needs: products of powers of 2 and 5, ×10, shifts, compares and the
/// one-digit division step.
struct JavaBigInt {
  /// Little-endian 32-bit limbs; no leading zero limbs (zero is empty).
  private(set) var limbs: [UInt32]

  /// value × 5^pow5 × 2^pow2.
  init(value: UInt64 = 1, pow5: Int, pow2: Int) {
    limbs = []
    limbs.reserveCapacity(pow5 / 13 + pow2 / 32 + 4)
    if value != 0 {
      limbs.append(UInt32(truncatingIfNeeded: value))
      if value >> 32 != 0 { limbs.append(UInt32(truncatingIfNeeded: value >> 32)) }
    }
    var remaining = pow5
    while remaining >= 13 {
      multiply(by: 1_220_703_125)  // 5^13
      remaining -= 13
    }
    if remaining > 0 {
      var p: UInt32 = 1
      for _ in 0..<remaining { p *= 5 }
      multiply(by: p)
    }
    shiftLeft(pow2)
  }

  var isZero: Bool { limbs.isEmpty }

  mutating func multiply(by factor: UInt32) {
    var carry: UInt64 = 0
    for i in limbs.indices {
      let product = UInt64(limbs[i]) * UInt64(factor) + carry
      limbs[i] = UInt32(truncatingIfNeeded: product)
      carry = product >> 32
    }
    if carry != 0 { limbs.append(UInt32(carry)) }
    trim()
  }

  mutating func shiftLeft(_ bits: Int) {
    guard bits > 0, !limbs.isEmpty else { return }
    let wordShift = bits / 32
    let bitShift = bits % 32
    if bitShift != 0 {
      var carry: UInt32 = 0
      for i in limbs.indices {
        let v = limbs[i]
        limbs[i] = (v << UInt32(bitShift)) | carry
        carry = v >> UInt32(32 - bitShift)
      }
      if carry != 0 { limbs.append(carry) }
    }
    if wordShift > 0 { limbs.insert(contentsOf: repeatElement(0, count: wordShift), at: 0) }
  }

  /// -1, 0 or 1 as self <, ==, > other.
  func compare(_ other: JavaBigInt) -> Int {
    if limbs.count != other.limbs.count { return limbs.count < other.limbs.count ? -1 : 1 }
    var i = limbs.count - 1
    while i >= 0 {
      if limbs[i] != other.limbs[i] { return limbs[i] < other.limbs[i] ? -1 : 1 }
      i -= 1
    }
    return 0
  }

  /// Compares self with a + b (-1, 0, 1).
  func compareToSum(_ a: JavaBigInt, _ b: JavaBigInt) -> Int {
    // The sign of self - a - b, computed from the low limb up without allocating.
    let n = Swift.max(limbs.count, a.limbs.count, b.limbs.count)
    var borrow: Int64 = 0
    var nonZero = false
    for i in 0..<n {
      var d =
        Int64(i < limbs.count ? limbs[i] : 0) - Int64(i < a.limbs.count ? a.limbs[i] : 0)
        - Int64(i < b.limbs.count ? b.limbs[i] : 0) - borrow
      borrow = 0
      while d < 0 {
        d += 1 << 32
        borrow += 1
      }
      if d != 0 { nonZero = true }
    }
    if borrow > 0 { return -1 }
    return nonZero ? 1 : 0
  }

  mutating func add(_ other: JavaBigInt) {
    if other.limbs.count > limbs.count {
      limbs += repeatElement(0, count: other.limbs.count - limbs.count)
    }
    var carry: UInt64 = 0
    for i in limbs.indices {
      let s = UInt64(limbs[i]) + (i < other.limbs.count ? UInt64(other.limbs[i]) : 0) + carry
      limbs[i] = UInt32(truncatingIfNeeded: s)
      carry = s >> 32
    }
    if carry != 0 { limbs.append(UInt32(carry)) }
  }

  /// self -= other; requires self >= other.
  private mutating func subtract(_ other: JavaBigInt) {
    var borrow: Int64 = 0
    for i in limbs.indices {
      var d = Int64(limbs[i]) - (i < other.limbs.count ? Int64(other.limbs[i]) : 0) - borrow
      if d < 0 {
        d += 1 << 32
        borrow = 1
      } else {
        borrow = 0
      }
      limbs[i] = UInt32(truncatingIfNeeded: d)
    }
    trim()
  }

  /// Java's `quoRemIteration`: q = self / divisor (q < 10 by construction), self = (self % divisor)
  /// × 10; returns q.
  mutating func quotientRemainderIteration(_ divisor: JavaBigInt) -> Int {
    var q = 0
    if compare(divisor) >= 0 {
      // Estimate q from the top three limbs (error far below 1), subtract one less than the
      // estimate in one pass, then finish exactly with at most a couple of subtractions.
      let estimate = Int(
        approximate(at: divisor.limbs.count) / divisor.approximate(at: divisor.limbs.count))
      let lower = Swift.min(Swift.max(estimate - 1, 0), 9)
      if lower > 0 {
        subtract(divisor, times: UInt32(lower))
        q = lower
      }
      while compare(divisor) >= 0 {
        subtract(divisor)
        q += 1
      }
    }
    multiply(by: 10)
    return q
  }

  /// The value of limbs `top-2 ... top` (top = `width`, one above the divisor's top limb) as a
  /// Double scaled by 2^-(32 × (width - 2)).
  private func approximate(at width: Int) -> Double {
    var v = 0.0
    var i = width
    while i >= Swift.max(width - 2, 0) {
      v = v * 4_294_967_296.0 + (i < limbs.count ? Double(limbs[i]) : 0)
      i -= 1
    }
    return v
  }

  /// self -= other × k; requires self >= other × k.
  private mutating func subtract(_ other: JavaBigInt, times k: UInt32) {
    var borrow: Int64 = 0
    for i in limbs.indices {
      var d =
        Int64(limbs[i]) - (i < other.limbs.count ? Int64(other.limbs[i]) * Int64(k) : 0) - borrow
      if d < 0 {
        let b = (-d + 0xFFFF_FFFF) >> 32
        d += b << 32
        borrow = b
      } else {
        borrow = 0
      }
      limbs[i] = UInt32(truncatingIfNeeded: d)
    }
    trim()
  }

  private mutating func trim() {
    while let last = limbs.last, last == 0 { limbs.removeLast() }
  }
}
