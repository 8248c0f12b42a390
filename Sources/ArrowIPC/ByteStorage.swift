/// An immutable, 64-byte aligned block of bytes that columns point into.
///
/// Columns keep raw pointers into one or more `ByteStorage` objects and retain them, so the
/// pointers stay valid for the column's lifetime. The bytes are never mutated after `init`
/// returns, which is why sharing across tasks is safe (`@unchecked Sendable`).
final class ByteStorage: @unchecked Sendable {
  /// Start of the bytes (64-byte aligned; valid even when `count` is 0).
  let base: UnsafeMutableRawPointer
  /// Size in bytes.
  let count: Int

  /// Allocates `count` zeroed bytes; `fill` may write them before the storage is shared.
  init(count: Int, fill: (UnsafeMutableRawPointer) -> Void = { _ in }) {
    self.count = count
    base = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1), alignment: 64)
    base.initializeMemory(as: UInt8.self, repeating: 0, count: max(count, 1))
    fill(base)
  }

  /// Copies `bytes` into new aligned storage (no zeroing first: one pass over the bytes).
  init(copying bytes: UnsafeRawBufferPointer) {
    count = bytes.count
    base = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1), alignment: 64)
    if let src = bytes.baseAddress, count > 0 {
      base.copyMemory(from: src, byteCount: count)
    } else {
      base.storeBytes(of: 0, as: UInt8.self)
    }
  }

  deinit { base.deallocate() }
}
