/// An immutable, Sendable record batch whose columns are views over retained bytes.
public struct RecordBatch: Sendable {
  public let schema: ArrowSchema
  /// Number of rows (every column has this length).
  public let rowCount: Int
  public let columns: [ArrowColumn]

  /// Builds a batch from columns; all must have `rowCount` rows and match `schema.fields`.
  public init(schema: ArrowSchema, columns: [ArrowColumn], rowCount: Int? = nil) throws {
    guard schema.fields.count == columns.count else {
      throw ArrowIPCError.schemaMismatch(
        "\(schema.fields.count) fields but \(columns.count) columns")
    }
    let rows = rowCount ?? columns.first?.length ?? 0
    for (field, column) in zip(schema.fields, columns) {
      guard column.length == rows else {
        throw ArrowIPCError.schemaMismatch(
          "column \(field.name) has \(column.length) rows, not \(rows)")
      }
      guard column.type == field.type else {
        throw ArrowIPCError.schemaMismatch(
          "column \(field.name) is \(column.type.name), not \(field.type.name)")
      }
    }
    self.schema = schema
    self.rowCount = rows
    self.columns = columns
  }

  init(uncheckedSchema schema: ArrowSchema, columns: [ArrowColumn], rowCount: Int) {
    self.schema = schema
    self.columns = columns
    self.rowCount = rowCount
  }

  /// Bytes retained by this batch (each distinct underlying buffer counted once), for memory
  /// accounting. Includes the whole received message when columns point into it.
  public var byteCount: Int {
    var seen = Set<ObjectIdentifier>()
    var total = 0
    func visit(_ column: ArrowColumn) {
      for owner in column.storage.owners where seen.insert(ObjectIdentifier(owner)).inserted {
        total += owner.count
      }
      column.storage.children.forEach(visit)
      column.storage.dictionary.forEach(visit)
    }
    columns.forEach(visit)
    return total
  }

  /// The column named `name` (first match), or nil.
  public func column(named name: String) -> ArrowColumn? {
    schema.fields.firstIndex { $0.name == name }.map { columns[$0] }
  }

  /// Rows `offset..<offset+length` (clamped) as a batch of column views; no copying.
  public func slice(offset: Int, length: Int) -> RecordBatch {
    let sliced = columns.map { $0.slice(offset: offset, length: length) }
    let rows = sliced.first?.length ?? max(0, min(length, rowCount - max(offset, 0)))
    return RecordBatch(uncheckedSchema: schema, columns: sliced, rowCount: rows)
  }

  /// Only the columns at `indices` (in that order), e.g. for exporting a projection.
  public func project(_ indices: [Int]) throws -> RecordBatch {
    for i in indices where !columns.indices.contains(i) {
      throw ArrowIPCError.schemaMismatch("column index \(i) outside 0..<\(columns.count)")
    }
    return RecordBatch(
      uncheckedSchema: ArrowSchema(
        fields: indices.map { schema.fields[$0] }, metadata: schema.metadata),
      columns: indices.map { columns[$0] }, rowCount: rowCount)
  }
}
