/// A growable byte buffer written through a raw pointer: the text encoders' batch paths make
/// a chunk of rows here (room for a cell is ensured once, then bytes are stored without the
/// per-byte capacity and uniqueness checks of `[UInt8].append`) and hand it on in one copy.
///
/// Owned by one encoder, used by one task at a time (like the writer that owns the encoder);
/// the memory is freed on deinit. Its size follows the largest chunk, so memory stays constant.
final class RowBytes {
  private(set) var base: UnsafeMutablePointer<UInt8>
  /// Bytes written so far.
  var count = 0
  private(set) var capacity: Int

  init(capacity: Int = 64 * 1024) {
    self.capacity = max(capacity, 64)
    base = .allocate(capacity: self.capacity)
  }

  deinit { base.deallocate() }

  /// Makes room for `extra` more bytes; returns where the next byte goes.
  @inline(__always)
  func reserve(_ extra: Int) -> UnsafeMutablePointer<UInt8> {
    if count &+ extra > capacity { grow(to: count + extra) }
    return base + count
  }

  private func grow(to needed: Int) {
    var size = capacity
    while size < needed { size *= 2 }
    let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
    bigger.update(from: base, count: count)
    base.deallocate()
    base = bigger
    capacity = size
  }

  @inline(__always)
  func append(_ byte: UInt8) {
    reserve(1).pointee = byte
    count &+= 1
  }

  @inline(__always)
  func append(_ bytes: UnsafeRawBufferPointer) {
    guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
    reserve(bytes.count).update(
      from: source.assumingMemoryBound(to: UInt8.self), count: bytes.count)
    count &+= bytes.count
  }

  @inline(__always)
  func append(_ bytes: [UInt8]) {
    bytes.withUnsafeBytes { append($0) }
  }

  @inline(__always)
  func append(_ text: StaticString) {
    append(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
  }

  /// `true` or `false` (CSV, TSV and JSON write booleans alike).
  func append(_ value: Bool) {
    append(value ? "true" as StaticString : "false")
  }

  /// Moves everything written to the end of `out` and empties this buffer.
  func drain(into out: inout [UInt8]) {
    out.append(contentsOf: UnsafeBufferPointer(start: base, count: count))
    count = 0
  }

  /// Appends `value` in decimal (at most 20 bytes), two digits per step.
  @inline(__always)
  func appendDecimal(_ value: Int64) {
    let p = reserve(20)
    var n = 0
    if value < 0 {
      p[0] = 45
      n = 1
    }
    count &+= n &+ Self.writeDecimal(value.magnitude, to: p + n)
  }

  /// Appends `value` in decimal (at most 20 bytes).
  @inline(__always)
  func appendDecimal(_ value: UInt64) {
    count &+= Self.writeDecimal(value, to: reserve(20))
  }

  /// Writes the decimal digits of `value` at `p` (room for 20); returns how many.
  @inline(__always)
  static func writeDecimal(_ value: UInt64, to p: UnsafeMutablePointer<UInt8>) -> Int {
    var length = 1
    var t = value
    while t >= 100 {
      t /= 100
      length &+= 2
    }
    if t >= 10 { length &+= 1 }
    var v = value
    var i = length
    while v >= 100 {
      let r = UInt8(truncatingIfNeeded: v % 100)
      v /= 100
      i &-= 2
      p[i] = 48 &+ r / 10
      p[i &+ 1] = 48 &+ r % 10
    }
    if v >= 10 {
      let r = UInt8(truncatingIfNeeded: v)
      p[i &- 2] = 48 &+ r / 10
      p[i &- 1] = 48 &+ r % 10
    } else {
      p[i &- 1] = 48 &+ UInt8(truncatingIfNeeded: v)
    }
    return length
  }
}

/// Lets the standard library write a number's text (`Double.write(to:)`, the same text as
/// `description`) straight into a `RowBytes`: its ASCII arrives through `_writeASCII`, so no
/// String is made (one is allocated for texts over 15 bytes).
struct RowBytesSink: TextOutputStream {
  let bytes: RowBytes

  mutating func write(_ string: String) {
    var string = string
    string.withUTF8 { bytes.append(UnsafeRawBufferPointer($0)) }
  }

  mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) {
    bytes.append(UnsafeRawBufferPointer(buffer))
  }
}
