/// Lays out one record batch's columns as IPC body buffers plus field nodes.
///
/// Handles slices (offset != 0) by re-basing: bitmaps are shifted to start at bit 0, offsets
/// are rewritten to start at 0, and only the referenced data and child rows are copied.
/// Dictionary-encoded columns are materialised as their value type first.
struct BodyEncoder {
  private(set) var body: [UInt8] = []
  private(set) var nodes: [(Int64, Int64)] = []
  private(set) var buffers: [(Int64, Int64)] = []

  private mutating func appendBuffer(_ pointer: UnsafeRawPointer?, count: Int) {
    let start = body.count
    if let pointer, count > 0 {
      body.append(contentsOf: UnsafeRawBufferPointer(start: pointer, count: count))
    }
    buffers.append((Int64(start), Int64(count)))
    while body.count % 8 != 0 { body.append(0) }
  }

  private mutating func appendBuffer(_ bytes: [UInt8]) {
    bytes.withUnsafeBytes { appendBuffer($0.baseAddress, count: $0.count) }
  }

  /// `count` bits starting at bit `start` of `bits`, re-based to bit 0.
  static func rebasedBits(_ bits: UnsafeRawPointer, start: Int, count: Int) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: (count + 7) / 8)
    if start % 8 == 0 {
      let byteCount = out.count
      out.withUnsafeMutableBytes {
        $0.copyMemory(from: UnsafeRawBufferPointer(start: bits + start / 8, count: byteCount))
      }
      if count % 8 != 0, let last = out.indices.last { out[last] &= UInt8((1 << (count % 8)) - 1) }
      return out
    }
    for i in 0..<count {
      let j = start + i
      if bits.load(fromByteOffset: j >> 3, as: UInt8.self) & (1 << (j & 7)) != 0 {
        out[i >> 3] |= 1 << (i & 7)
      }
    }
    return out
  }

  mutating func appendValidity(_ column: ArrowColumn) {
    guard column.nullCount > 0, let validity = column.storage.validity else {
      appendBuffer(nil, count: 0)
      return
    }
    appendBuffer(Self.rebasedBits(validity, start: column.offset, count: column.length))
  }

  /// Re-based offsets for `column` (rows offset..<offset+length) and the original range they cover.
  static func rebasedOffsets(_ column: ArrowColumn, large: Bool) -> (
    bytes: [UInt8], range: Range<Int>
  ) {
    let p = column.storage.offsets
    func at(_ i: Int) -> Int {
      large
        ? Int(Int64(littleEndian: p.loadUnaligned(fromByteOffset: i * 8, as: Int64.self)))
        : Int(Int32(littleEndian: p.loadUnaligned(fromByteOffset: i * 4, as: Int32.self)))
    }
    guard column.length > 0 else { return ([UInt8](repeating: 0, count: large ? 8 : 4), 0..<0) }
    let first = at(column.offset)
    var bytes: [UInt8] = []
    bytes.reserveCapacity((column.length + 1) * (large ? 8 : 4))
    for i in column.offset...(column.offset + column.length) {
      let value = at(i) - first
      if large {
        withUnsafeBytes(of: Int64(value).littleEndian) { bytes.append(contentsOf: $0) }
      } else {
        withUnsafeBytes(of: Int32(value).littleEndian) { bytes.append(contentsOf: $0) }
      }
    }
    return (bytes, first..<at(column.offset + column.length))
  }

  /// Appends `column` (and its children) depth-first.
  mutating func append(_ column: ArrowColumn) throws {
    if column.storage.layout == .dictionary {
      try append(column.decoded())
      return
    }
    nodes.append((Int64(column.length), Int64(column.nullCount)))
    let storage = column.storage
    switch storage.layout {
    case .null, .dictionary:
      return
    case .bool:
      appendValidity(column)
      appendBuffer(Self.rebasedBits(storage.values, start: column.offset, count: column.length))
    case .binary, .largeBinary:
      appendValidity(column)
      let (offsets, range) = Self.rebasedOffsets(column, large: storage.layout == .largeBinary)
      appendBuffer(offsets)
      appendBuffer(storage.values + range.lowerBound, count: range.count)
    case .list, .largeList, .map:
      appendValidity(column)
      let (offsets, range) = Self.rebasedOffsets(column, large: storage.layout == .largeList)
      appendBuffer(offsets)
      guard let child = storage.children.first else {
        throw ArrowIPCError.invalidValue(column.field.name)
      }
      try append(child.slice(offset: range.lowerBound, length: range.count))
    case .fixedList:
      appendValidity(column)
      guard let child = storage.children.first else {
        throw ArrowIPCError.invalidValue(column.field.name)
      }
      try append(
        child.slice(offset: column.offset * storage.width, length: column.length * storage.width))
    case .struct:
      appendValidity(column)
      for child in column.children { try append(child) }
    default:
      appendValidity(column)
      let width = storage.layout == .fixedBinary ? storage.width : storage.layout.fixedWidth
      appendBuffer(storage.values + column.offset * width, count: column.length * width)
    }
  }
}
