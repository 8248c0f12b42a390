/// A small FlatBuffer serializer for the Arrow metadata the writer emits.
///
/// Instead of the usual back-to-front builder, metadata is described as a tree of
/// `FlatBufferNode`s and laid out front to back: each table's vtable, then the table, then
/// its children (FlatBuffer offsets point forward, so children must follow their parent).
/// Scalars are aligned to their size, tables to 8 bytes, struct vectors to their elements.
indirect enum FlatBufferNode {
  /// A table; index = field id (nil = absent field).
  case table([FlatBufferField?])
  case string(String)
  /// A vector of offsets to tables or strings.
  case vector([FlatBufferNode])
  /// A vector of inline structs (or scalars): raw little-endian bytes of `count` elements,
  /// each `elementAlignment`-aligned.
  case structVector(bytes: [UInt8], count: Int, elementAlignment: Int)
}

/// One field value of a table.
enum FlatBufferField {
  case uint8(UInt8)
  case int16(Int16)
  case int32(Int32)
  case int64(Int64)
  case offset(FlatBufferNode)

  var size: Int {
    switch self {
    case .uint8: 1
    case .int16: 2
    case .int32, .offset: 4
    case .int64: 8
    }
  }
}

struct FlatBufferSerializer {
  private(set) var bytes: [UInt8] = []

  /// Serializes `root` as a complete FlatBuffer (root offset first).
  static func serialize(_ root: FlatBufferNode) -> [UInt8] {
    var serializer = FlatBufferSerializer()
    serializer.bytes = [0, 0, 0, 0]
    let position = serializer.write(root)
    serializer.patch(at: 0, to: position)
    return serializer.bytes
  }

  private mutating func pad(to alignment: Int) {
    while bytes.count % alignment != 0 { bytes.append(0) }
  }

  private mutating func append<T: FixedWidthInteger>(_ value: T) {
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
  }

  private mutating func store<T: FixedWidthInteger>(_ value: T, at position: Int) {
    withUnsafeBytes(of: value.littleEndian) { raw in
      for (k, byte) in raw.enumerated() { bytes[position + k] = byte }
    }
  }

  /// Writes the uoffset at `slot` that points to `target` (which lies after it).
  private mutating func patch(at slot: Int, to target: Int) {
    store(UInt32(target - slot), at: slot)
  }

  /// Writes `node` and returns its position (the position offsets must point at).
  private mutating func write(_ node: FlatBufferNode) -> Int {
    switch node {
    case .string(let text):
      pad(to: 4)
      let position = bytes.count
      let utf8 = Array(text.utf8)
      append(UInt32(utf8.count))
      bytes.append(contentsOf: utf8)
      bytes.append(0)
      return position
    case .structVector(let data, let count, let alignment):
      pad(to: max(alignment, 4))
      if alignment > 4 {  // the element start (after the 4-byte length) must be aligned
        bytes.append(contentsOf: [0, 0, 0, 0])
      }
      let position = bytes.count
      append(UInt32(count))
      bytes.append(contentsOf: data)
      return position
    case .vector(let items):
      pad(to: 4)
      let position = bytes.count
      append(UInt32(items.count))
      let slots = items.indices.map { position + 4 + 4 * $0 }
      bytes.append(contentsOf: [UInt8](repeating: 0, count: 4 * items.count))
      for (slot, item) in zip(slots, items) {
        let target = write(item)
        patch(at: slot, to: target)
      }
      return position
    case .table(let fields):
      // Inline layout: soffset at 0, then fields largest first (keeps each aligned).
      var layout: [(id: Int, at: Int)] = []
      var size = 4
      for width in [8, 4, 2, 1] {
        for (id, field) in fields.enumerated() where field?.size == width {
          while size % width != 0 { size += 1 }
          layout.append((id, size))
          size += width
        }
      }
      // vtable: [vtable size, table size, field offsets...]
      pad(to: 2)
      let vtable = bytes.count
      append(UInt16(4 + 2 * fields.count))
      append(UInt16(size))
      var offsets = [UInt16](repeating: 0, count: fields.count)
      for entry in layout { offsets[entry.id] = UInt16(entry.at) }
      for o in offsets { append(o) }
      pad(to: 8)
      let table = bytes.count
      append(Int32(table - vtable))
      bytes.append(contentsOf: [UInt8](repeating: 0, count: size - 4))
      var children: [(slot: Int, node: FlatBufferNode)] = []
      for entry in layout {
        guard let field = fields[entry.id] else { continue }
        let at = table + entry.at
        switch field {
        case .uint8(let v): store(v, at: at)
        case .int16(let v): store(v, at: at)
        case .int32(let v): store(v, at: at)
        case .int64(let v): store(v, at: at)
        case .offset(let child): children.append((at, child))
        }
      }
      for (slot, child) in children {
        let target = write(child)
        patch(at: slot, to: target)
      }
      return table
    }
  }
}
