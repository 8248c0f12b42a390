/// Builds a new, self-contained column from selected rows of existing columns of one type.
///
/// Used for `RecordBatch.take(rows:)`, for materialising dictionary-encoded columns before
/// writing, and for appending delta dictionaries. Output is never dictionary-encoded; its
/// buffers are fresh and start at offset 0.
enum ColumnGatherer {
  /// A source row, or nil for a null output row.
  typealias Part = (column: ArrowColumn, row: Int)?
  /// Most values (rows, child values) one gather may produce: refuses absurd inputs (e.g. a
  /// fixed-size list of 2^31 values per row) instead of exhausting memory.
  static let maxGatheredValues = 1 << 28
  /// Most bytes one fixed-width values buffer may take.
  static let maxGatheredBytes = 1 << 32

  static func gather(_ parts: [Part], field: ArrowField) throws -> ArrowColumn {
    guard parts.count <= maxGatheredValues else {
      throw ArrowIPCError.invalidValue("\(field.name): \(parts.count) rows is too many to copy")
    }
    let field = field.withoutDictionaries
    let resolved: [Part] = parts.map { part in
      guard let (column, row) = part, !column.isNull(row) else { return nil }
      return column.resolved(row)
    }
    let count = resolved.count
    let nullCount = resolved.reduce(0) { $0 + ($1 == nil ? 1 : 0) }
    var owners: [ByteStorage] = []
    var validity: UnsafeRawPointer?
    if nullCount > 0 {
      let bits = ByteStorage(count: (count + 7) / 8) { p in
        for (i, part) in resolved.enumerated() where part != nil {
          p.storeBytes(
            of: p.load(fromByteOffset: i >> 3, as: UInt8.self) | (1 << (i & 7)),
            toByteOffset: i >> 3, as: UInt8.self)
        }
      }
      owners.append(bits)
      validity = UnsafeRawPointer(bits.base)
    }
    let layout = PhysicalLayout(field.type)
    func make(
      values: ByteStorage? = nil, offsets: ByteStorage? = nil, width: Int = 0,
      children: [ArrowColumn] = []
    ) -> ArrowColumn {
      if let values { owners.append(values) }
      if let offsets { owners.append(offsets) }
      return ArrowColumn(
        storage: ColumnStorage(
          field: field, layout: layout, length: count,
          nullCount: layout == .null ? count : nullCount,
          validity: validity, values: values.map { UnsafeRawPointer($0.base) },
          valuesByteCount: values?.count ?? 0, offsets: offsets.map { UnsafeRawPointer($0.base) },
          width: width, children: children, owners: owners))
    }

    switch layout {
    case .null:
      return make()
    case .bool:
      let values = ByteStorage(count: (count + 7) / 8) { p in
        for (i, part) in resolved.enumerated() {
          if let (column, row) = part, column.bool(at: row) {
            p.storeBytes(
              of: p.load(fromByteOffset: i >> 3, as: UInt8.self) | (1 << (i & 7)),
              toByteOffset: i >> 3, as: UInt8.self)
          }
        }
      }
      return make(values: values)
    case .binary, .largeBinary:
      var data: [UInt8] = []
      var ends: [Int] = [0]
      for part in resolved {
        if let (column, row) = part { column.withBytes(at: row) { data.append(contentsOf: $0) } }
        ends.append(data.count)
      }
      let large = layout == .largeBinary
      guard large || data.count <= Int(Int32.max) else {
        throw ArrowIPCError.invalidValue(
          "\(field.name): more than 2 GiB of data for 32-bit offsets")
      }
      let offsets = ByteStorage(count: ends.count * (large ? 8 : 4)) { p in
        for (i, end) in ends.enumerated() {
          if large {
            p.storeBytes(of: Int64(end).littleEndian, toByteOffset: i * 8, as: Int64.self)
          } else {
            p.storeBytes(of: Int32(end).littleEndian, toByteOffset: i * 4, as: Int32.self)
          }
        }
      }
      let values = data.withUnsafeBytes { ByteStorage(copying: $0) }
      return make(values: values, offsets: offsets)
    case .list, .largeList, .map, .fixedList:
      guard let childField = field.type.childFields.first else {
        throw ArrowIPCError.invalidValue(field.name)
      }
      var childParts: [Part] = []
      var ends: [Int] = [0]
      var size = 0
      if case .fixedSizeList(_, let n) = field.type { size = n }
      let (fixedTotal, overflow) = count.multipliedReportingOverflow(by: size)
      guard !overflow, fixedTotal <= maxGatheredValues else {
        throw ArrowIPCError.invalidValue(
          "\(field.name): \(count) lists of \(size) values is too large")
      }
      for part in resolved {
        if let (column, row) = part, let child = column.storage.children.first {
          let range = column.listRange(at: row)
          guard childParts.count + range.count <= maxGatheredValues else {
            throw ArrowIPCError.invalidValue("\(field.name): too many list values to copy")
          }
          childParts += range.map { (child, $0) }
        } else if layout == .fixedList {
          childParts += Array(repeating: nil, count: size)
        }
        ends.append(childParts.count)
      }
      let child = try gather(childParts, field: childField)
      if layout == .fixedList { return make(width: size, children: [child]) }
      let large = layout == .largeList
      guard large || childParts.count <= Int(Int32.max) else {
        throw ArrowIPCError.invalidValue("\(field.name): too many child values for 32-bit offsets")
      }
      let offsets = ByteStorage(count: ends.count * (large ? 8 : 4)) { p in
        for (i, end) in ends.enumerated() {
          if large {
            p.storeBytes(of: Int64(end).littleEndian, toByteOffset: i * 8, as: Int64.self)
          } else {
            p.storeBytes(of: Int32(end).littleEndian, toByteOffset: i * 4, as: Int32.self)
          }
        }
      }
      return make(offsets: offsets, children: [child])
    case .struct:
      var children: [ArrowColumn] = []
      for (k, childField) in field.type.childFields.enumerated() {
        let childParts: [Part] = resolved.map { part in
          guard let (column, row) = part else { return nil }
          let columnChildren = column.children
          guard k < columnChildren.count else { return nil }
          return (columnChildren[k], row)
        }
        children.append(try gather(childParts, field: childField))
      }
      return make(children: children)
    case .dictionary:
      throw ArrowIPCError.invalidValue(field.name)
    default:
      var width = layout.fixedWidth
      if case .fixedSizeBinary(let w) = field.type { width = w }
      let (total, overflow) = count.multipliedReportingOverflow(by: width)
      guard !overflow, total <= maxGatheredBytes else {
        throw ArrowIPCError.invalidValue(
          "\(field.name): \(count) values of \(width) bytes is too large")
      }
      let values = ByteStorage(count: count * width) { p in
        for (i, part) in resolved.enumerated() {
          guard let (column, row) = part else { continue }
          column.withBytes(at: row) { bytes in
            if let src = bytes.baseAddress, bytes.count == width {
              (p + i * width).copyMemory(from: src, byteCount: width)
            }
          }
        }
      }
      return make(values: values, width: width)
    }
  }
}

extension RecordBatch {
  /// A new batch with the rows at `rows` (0-based, any order, repeats allowed; indices outside
  /// `0..<rowCount` give null rows). Columns are copied into fresh buffers; dictionary-encoded
  /// columns come out decoded (materialised as their value type).
  public func take(rows: [Int]) throws -> RecordBatch {
    var columns: [ArrowColumn] = []
    for (field, column) in zip(schema.fields, self.columns) {
      let parts: [ColumnGatherer.Part] = rows.map { row in
        row >= 0 && row < column.length ? (column, row) : nil
      }
      columns.append(try ColumnGatherer.gather(parts, field: field))
    }
    return RecordBatch(
      uncheckedSchema: schema.withoutDictionaries, columns: columns, rowCount: rows.count)
  }
}

extension ArrowColumn {
  /// This column with dictionary encoding resolved everywhere (itself if there is none).
  public func decoded() throws -> ArrowColumn {
    guard field.withoutDictionaries != field else { return self }
    return try ColumnGatherer.gather((0..<length).map { (self, $0) }, field: field)
  }
}
