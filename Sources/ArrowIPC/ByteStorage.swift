import Foundation

/// An immutable block of bytes that columns point into: allocated here (64-byte aligned),
/// borrowed from a `Data` that it keeps alive, or mapped from a file (unmapped in `deinit`).
///
/// Columns keep raw pointers into one or more `ByteStorage` objects and retain them, so the
/// pointers stay valid for the column's lifetime. The bytes are never mutated after `init`
/// returns, which is why sharing across tasks is safe (`@unchecked Sendable`). Readers load
/// values with `loadUnaligned`, so borrowed bytes need no particular alignment.
final class ByteStorage: @unchecked Sendable {
  /// Start of the bytes (valid even when `count` is 0).
  let base: UnsafeMutableRawPointer
  /// Size in bytes.
  let count: Int
  /// The `Data` whose heap buffer `base` points into, when the bytes are borrowed.
  private let borrowed: Data?
  /// The whole mapping (page-aligned start and length) when the bytes are mapped from a file.
  private let mapping: (start: UnsafeMutableRawPointer, length: Int)?

  /// Below this size a `Data` may keep its bytes inline (in the value itself, 14 bytes on
  /// 64-bit platforms), where no pointer outlives `withUnsafeBytes`: such data is copied.
  static let smallestBorrowed = 64

  /// Allocates `count` zeroed bytes; `fill` may write them before the storage is shared.
  init(count: Int, fill: (UnsafeMutableRawPointer) -> Void = { _ in }) {
    self.count = count
    borrowed = nil
    mapping = nil
    base = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1), alignment: 64)
    base.initializeMemory(as: UInt8.self, repeating: 0, count: max(count, 1))
    fill(base)
  }

  /// Copies `bytes` into new aligned storage (no zeroing first: one pass over the bytes).
  init(copying bytes: UnsafeRawBufferPointer) {
    count = bytes.count
    borrowed = nil
    mapping = nil
    base = Self.alignedCopy(of: bytes)
  }

  /// Points into `data`'s own buffer and keeps `data` alive, instead of copying it: a result
  /// batch arrives as a protobuf `bytes` field, which is already a heap buffer of its own.
  /// Saves one pass over every byte of a fetch. The buffer of a `Data` that is never mutated
  /// stays where it is for as long as the value lives. Small data (maybe inline) is copied.
  init(borrowing data: Data) {
    count = data.count
    mapping = nil
    if count >= Self.smallestBorrowed, let start = data.withUnsafeBytes({ $0.baseAddress }) {
      base = UnsafeMutableRawPointer(mutating: start)
      borrowed = data
    } else {
      base = data.withUnsafeBytes(Self.alignedCopy)
      borrowed = nil
    }
  }

  /// Maps bytes `offset..<offset+count` of the open file `descriptor` read-only (shared, so
  /// the pages are the file's own and leave memory when unmapped). The file must hold them.
  init(mapping descriptor: Int32, offset: Int, count: Int) throws {
    let page = Int(sysconf(Int32(_SC_PAGESIZE)))
    let start = offset - offset % page
    let length = offset - start + max(count, 1)
    let mapped = mmap(nil, length, PROT_READ, MAP_SHARED, descriptor, off_t(start))
    guard let mapped, mapped != MAP_FAILED else {
      throw ArrowIPCError.io(
        "mmap of \(count) bytes at \(offset): \(String(cString: strerror(errno)))")
    }
    self.count = count
    borrowed = nil
    mapping = (mapped, length)
    base = mapped + (offset - start)
  }

  /// A 64-byte aligned copy of `bytes` (one byte, zero, when they are empty).
  private static func alignedCopy(of bytes: UnsafeRawBufferPointer) -> UnsafeMutableRawPointer {
    let copy = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 64)
    if let src = bytes.baseAddress, bytes.count > 0 {
      copy.copyMemory(from: src, byteCount: bytes.count)
    } else {
      copy.storeBytes(of: 0, as: UInt8.self)
    }
    return copy
  }

  /// True when the bytes are `Data`'s own (for tests).
  var isBorrowed: Bool { borrowed != nil }

  deinit {
    if let mapping {
      munmap(mapping.start, mapping.length)
    } else if borrowed == nil {
      base.deallocate()
    }
  }
}
