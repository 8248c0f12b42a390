/// The dictionaries of a stream or file so far, by id, and the value field each id decodes as.
struct DictionaryTable: Sendable {
  /// Current dictionary values by id.
  private(set) var columns: [Int64: ArrowColumn] = [:]
  /// The value field (dictionary encoding removed) for each id used in the schema.
  let fields: [Int64: ArrowField]

  init(schema: ArrowSchema) {
    var fields: [Int64: ArrowField] = [:]
    func collect(_ field: ArrowField) {
      if let encoding = field.dictionary {
        var valueField = field
        valueField.dictionary = nil
        fields[encoding.id] = valueField
      }
      field.type.childFields.forEach(collect)
    }
    schema.fields.forEach(collect)
    self.fields = fields
  }

  /// Decodes a DictionaryBatch message and stores (or, for deltas, appends) its values.
  mutating func apply(_ message: IPCMessage, storage: ByteStorage, limits: ArrowDecodingLimits)
    throws
  {
    // DictionaryBatch: id 0, data 1 (RecordBatch), isDelta 2.
    let id = try message.header.int64(0, what: "DictionaryBatch.id")
    guard let field = fields[id] else { throw ArrowIPCError.missingDictionary(id: id) }
    guard let data = try message.header.table(1, what: "DictionaryBatch.data") else {
      throw ArrowIPCError.badFlatBuffer("DictionaryBatch.data missing")
    }
    let isDelta = try message.header.bool(2, what: "DictionaryBatch.isDelta")
    let length = try BatchDecoder.length(data)
    var decoder = try BatchDecoder(
      recordBatch: data, body: message.body, bodyLength: message.bodyLength, owner: storage,
      dictionaries: columns, limits: limits)
    var values = try decoder.column(field, path: "dictionary \(id)")
    try decoder.finish()
    guard values.length == length else {
      throw ArrowIPCError.structureMismatch(
        "dictionary \(id) has \(values.length) values, batch says \(length)")
    }
    if isDelta, let existing = columns[id] {
      guard existing.length + values.length <= limits.maxDictionaryLength else {
        throw ArrowIPCError.invalidValue("dictionary \(id): delta makes it too large to merge")
      }
      let parts: [ColumnGatherer.Part] =
        (0..<existing.length).map { (existing, $0) } + (0..<values.length).map { (values, $0) }
      values = try ColumnGatherer.gather(parts, field: field)
    }
    columns[id] = values
  }
}
