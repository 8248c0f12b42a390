/// A bounds-checked view of one FlatBuffer table inside a byte range.
///
/// Every read checks the byte range it touches; a bad offset throws
/// `ArrowIPCError.badFlatBuffer` instead of reading outside the buffer. The referenced bytes
/// must stay alive while the table is used (the reader keeps its `ByteStorage` retained).
struct FlatBufferTable {
  /// Start of the whole FlatBuffer (offsets are relative to positions inside it).
  let base: UnsafeRawPointer
  /// Size of the whole FlatBuffer in bytes.
  let count: Int
  /// Byte position of the table inside the buffer.
  let position: Int
  /// Byte position of the table's vtable.
  let vtable: Int
  /// Size of the vtable in bytes.
  let vtableSize: Int

  /// The root table of a FlatBuffer of `count` bytes at `base`.
  static func root(_ base: UnsafeRawPointer, count: Int, what: String) throws -> FlatBufferTable {
    guard count >= 8 else { throw ArrowIPCError.badFlatBuffer("\(what): only \(count) bytes") }
    let offset = Int(base.loadUnaligned(as: UInt32.self).littleEndian)
    return try FlatBufferTable(base: base, count: count, position: offset, what: what)
  }

  init(base: UnsafeRawPointer, count: Int, position: Int, what: String) throws {
    guard position >= 0, position <= count - 4 else {
      throw ArrowIPCError.badFlatBuffer("\(what): table at \(position) outside \(count) bytes")
    }
    let soffset = Int(base.loadUnaligned(fromByteOffset: position, as: Int32.self).littleEndian)
    let vtable = position - soffset
    guard vtable >= 0, vtable <= count - 4 else {
      throw ArrowIPCError.badFlatBuffer("\(what): vtable at \(vtable) outside \(count) bytes")
    }
    let vtableSize = Int(base.loadUnaligned(fromByteOffset: vtable, as: UInt16.self).littleEndian)
    guard vtableSize >= 4, vtableSize & 1 == 0, vtable + vtableSize <= count else {
      throw ArrowIPCError.badFlatBuffer("\(what): vtable size \(vtableSize) invalid")
    }
    self.base = base
    self.count = count
    self.position = position
    self.vtable = vtable
    self.vtableSize = vtableSize
  }

  /// The absolute position of field `id` checked for `size` bytes, or nil when absent.
  private func fieldPosition(_ id: Int, size: Int, what: String) throws -> Int? {
    let slot = 4 + 2 * id
    guard slot + 2 <= vtableSize else { return nil }
    let relative = Int(
      base.loadUnaligned(fromByteOffset: vtable + slot, as: UInt16.self).littleEndian)
    guard relative != 0 else { return nil }
    let absolute = position + relative
    guard absolute <= count - size else {
      throw ArrowIPCError.badFlatBuffer("\(what): field at \(absolute) outside \(count) bytes")
    }
    return absolute
  }

  /// Whether field `id` is present.
  func has(_ id: Int) -> Bool {
    let slot = 4 + 2 * id
    guard slot + 2 <= vtableSize else { return false }
    return base.loadUnaligned(fromByteOffset: vtable + slot, as: UInt16.self) != 0
  }

  func int64(_ id: Int, default value: Int64 = 0, what: String) throws -> Int64 {
    guard let p = try fieldPosition(id, size: 8, what: what) else { return value }
    return Int64(littleEndian: base.loadUnaligned(fromByteOffset: p, as: Int64.self))
  }

  func int32(_ id: Int, default value: Int32 = 0, what: String) throws -> Int32 {
    guard let p = try fieldPosition(id, size: 4, what: what) else { return value }
    return Int32(littleEndian: base.loadUnaligned(fromByteOffset: p, as: Int32.self))
  }

  func int16(_ id: Int, default value: Int16 = 0, what: String) throws -> Int16 {
    guard let p = try fieldPosition(id, size: 2, what: what) else { return value }
    return Int16(littleEndian: base.loadUnaligned(fromByteOffset: p, as: Int16.self))
  }

  func uint8(_ id: Int, default value: UInt8 = 0, what: String) throws -> UInt8 {
    guard let p = try fieldPosition(id, size: 1, what: what) else { return value }
    return base.load(fromByteOffset: p, as: UInt8.self)
  }

  func bool(_ id: Int, default value: Bool = false, what: String) throws -> Bool {
    try uint8(id, default: value ? 1 : 0, what: what) != 0
  }

  /// Follows the uoffset stored at field `id`; nil when absent.
  private func indirect(_ id: Int, what: String) throws -> Int? {
    guard let p = try fieldPosition(id, size: 4, what: what) else { return nil }
    let target =
      p + Int(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: p, as: UInt32.self)))
    guard target <= count - 4 else {
      throw ArrowIPCError.badFlatBuffer("\(what): offset to \(target) outside \(count) bytes")
    }
    return target
  }

  func table(_ id: Int, what: String) throws -> FlatBufferTable? {
    guard let target = try indirect(id, what: what) else { return nil }
    return try FlatBufferTable(base: base, count: count, position: target, what: what)
  }

  func string(_ id: Int, what: String) throws -> String? {
    guard let target = try indirect(id, what: what) else { return nil }
    return try FlatBufferTable.string(base: base, count: count, at: target, what: what)
  }

  static func string(base: UnsafeRawPointer, count: Int, at target: Int, what: String) throws
    -> String
  {
    guard target >= 0, target <= count - 4 else {
      throw ArrowIPCError.badFlatBuffer("\(what): string at \(target) outside \(count) bytes")
    }
    let length = Int(
      UInt32(littleEndian: base.loadUnaligned(fromByteOffset: target, as: UInt32.self)))
    guard length <= count - target - 4 else {
      throw ArrowIPCError.badFlatBuffer("\(what): string of \(length) bytes overruns the buffer")
    }
    return String(
      decoding: UnsafeRawBufferPointer(start: base + target + 4, count: length), as: UTF8.self)
  }

  /// A vector field: element count and the position of the first element.
  func vector(_ id: Int, elementSize: Int, what: String) throws -> FlatBufferVector? {
    guard let target = try indirect(id, what: what) else { return nil }
    let length = Int(
      UInt32(littleEndian: base.loadUnaligned(fromByteOffset: target, as: UInt32.self)))
    let start = target + 4
    let (bytes, overflow) = length.multipliedReportingOverflow(by: elementSize)
    guard !overflow, bytes <= count - start else {
      throw ArrowIPCError.badFlatBuffer(
        "\(what): vector of \(length) × \(elementSize) bytes overruns the buffer")
    }
    return FlatBufferVector(
      base: base, bufferCount: count, start: start, count: length, elementSize: elementSize)
  }
}

/// A bounds-checked FlatBuffer vector (of scalars, structs, strings or tables).
struct FlatBufferVector {
  let base: UnsafeRawPointer
  let bufferCount: Int
  /// Position of element 0.
  let start: Int
  /// Number of elements.
  let count: Int
  let elementSize: Int

  /// Little-endian scalar at `offset` bytes inside element `index` (index < count checked by caller).
  func load<T: FixedWidthInteger>(_ index: Int, offset: Int = 0, as type: T.Type) -> T {
    T(
      littleEndian: base.loadUnaligned(
        fromByteOffset: start + index * elementSize + offset, as: T.self))
  }

  func table(_ index: Int, what: String) throws -> FlatBufferTable {
    let p = start + index * 4
    let target = p + Int(load(index, as: UInt32.self))
    return try FlatBufferTable(base: base, count: bufferCount, position: target, what: what)
  }

  func string(_ index: Int, what: String) throws -> String {
    let p = start + index * 4
    let target = p + Int(load(index, as: UInt32.self))
    return try FlatBufferTable.string(base: base, count: bufferCount, at: target, what: what)
  }
}
