extension ArrowField {
  /// This field with dictionary encoding removed here and in all nested fields (the shape a
  /// materialised, decoded column has; what `ArrowFileWriter` writes).
  public var withoutDictionaries: ArrowField {
    var copy = self
    copy.dictionary = nil
    copy.type = type.withoutDictionaries
    return copy
  }
}

extension ArrowType {
  /// This type with dictionary encoding removed from all nested fields.
  public var withoutDictionaries: ArrowType {
    switch self {
    case .list(let f): .list(f.withoutDictionaries)
    case .largeList(let f): .largeList(f.withoutDictionaries)
    case .fixedSizeList(let f, let n): .fixedSizeList(f.withoutDictionaries, listSize: n)
    case .struct(let fs): .struct(fs.map(\.withoutDictionaries))
    case .map(let e, let sorted): .map(entries: e.withoutDictionaries, keysSorted: sorted)
    default: self
    }
  }
}

extension ArrowSchema {
  /// The schema with dictionary encoding removed from every field.
  public var withoutDictionaries: ArrowSchema {
    ArrowSchema(fields: fields.map(\.withoutDictionaries), metadata: metadata)
  }

  /// Only the fields at `indices`, in that order.
  public func project(_ indices: [Int]) -> ArrowSchema {
    ArrowSchema(
      fields: indices.filter { fields.indices.contains($0) }.map { fields[$0] }, metadata: metadata)
  }
}
