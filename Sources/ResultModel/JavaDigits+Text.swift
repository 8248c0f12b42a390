extension JavaDigits {
  /// Java's `getChars`: plain notation for 10^-3 <= |v| < 10^7, else computerized scientific.
  /// Writes at `p` (room for `JavaFloatText.maxLength` bytes); returns the number of bytes.
  func write(negative: Bool, to p: UnsafeMutablePointer<UInt8>) -> Int {
    var n = 0
    @inline(__always) func put(_ byte: UInt8) {
      p[n] = byte
      n &+= 1
    }
    @inline(__always) func putDigits(_ range: Range<Int>) {
      digits.write(range, to: p + n)
      n &+= range.count
    }
    if negative { put(45) }
    let nDigits = digits.count
    let e10 = decimalExponent
    if e10 > 0 && e10 < 8 {
      let intLength = min(nDigits, e10)
      putDigits(0..<intLength)
      if intLength < e10 {
        for _ in 0..<(e10 - intLength) { put(48) }
        put(46)
        put(48)
      } else {
        put(46)
        if intLength < nDigits {
          putDigits(intLength..<nDigits)
        } else {
          put(48)
        }
      }
    } else if e10 <= 0 && e10 > -3 {
      put(48)
      put(46)
      for _ in 0..<(-e10) { put(48) }
      putDigits(0..<nDigits)
    } else {
      put(digits[0])
      put(46)
      if nDigits > 1 {
        putDigits(1..<nDigits)
      } else {
        put(48)
      }
      put(69)
      let e: Int
      if e10 <= 0 {
        put(45)
        e = -e10 + 1
      } else {
        e = e10 - 1
      }
      n &+= RowBytes.writeDecimal(UInt64(e), to: p + n)
    }
    return n
  }
}

/// The digits of one value, kept inline: formatting a double allocates nothing. Java's
/// `BinaryToASCIIBuffer` holds 20 digits; this holds 32 and drops any beyond.
struct InlineDigits {
  static let capacity = 32
  private var storage: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
  private(set) var count = 0

  var isEmpty: Bool { count == 0 }
  var last: UInt8? { count > 0 ? self[count - 1] : nil }

  /// The digit at `index` (< `count`).
  subscript(index: Int) -> UInt8 {
    get { withUnsafeBytes(of: storage) { $0[index] } }
    set { withUnsafeMutableBytes(of: &storage) { $0[index] = newValue } }
  }

  mutating func append(_ digit: UInt8) {
    guard count < Self.capacity else { return }
    self[count] = digit
    count += 1
  }

  /// Copies the digits in `range` to `p`.
  func write(_ range: Range<Int>, to p: UnsafeMutablePointer<UInt8>) {
    withUnsafeBytes(of: storage) {
      guard let base = $0.baseAddress else { return }
      UnsafeMutableRawPointer(p).copyMemory(
        from: base + range.lowerBound, byteCount: range.count)
    }
  }
}
