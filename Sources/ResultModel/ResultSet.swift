import ArrowIPC
import Synchronization

/// The rows of one query result: an append-only list of Arrow record batches with a row index.
///
/// Appending (the network task) and reading (the UI) can happen at the same time: the batches
/// live in a `Mutex`-protected state, and every read takes a consistent snapshot. Reads are
/// O(log batches) to locate a row plus the column accessor; no cell text is made until a caller
/// asks for a cell (`text(row:column:formatter:)`).
///
/// With a `SpillPolicy`, each batch asks the process's `MemoryBudget` for its bytes; a batch
/// that does not fit is written to the result's spill file and leaves memory. Reading a spilled
/// batch maps just its bytes; the few batches read last stay mapped (`spillCacheBytes`), the
/// rest are unmapped, so scrolling or exporting a whole spilled result stays within the budget.
public final class ResultSet: Sendable {
  private enum Slot {
    case resident(RecordBatch)
    case spilled(offset: Int, length: Int)
  }

  private struct State {
    var slots: [Slot] = []
    /// startRows[i] = global index of batch i's first row; ascending.
    var startRows: [Int] = []
    var rowCount = 0
    /// Bytes of the batches kept in memory (taken from the budget).
    var byteCount = 0
    var spilledBatches = 0
    var file: SpillFile?
    /// Spilled batches read lately, most recent last.
    var mapped: [(index: Int, batch: RecordBatch, bytes: Int)] = []
    var mappedBytes = 0
  }

  /// The result's schema (every appended batch must have as many columns).
  public let schema: ArrowSchema
  /// Per column, the ANSI interval field range of its Spark type (Arrow does not carry it; see
  /// `SparkIntervalFields`). Columns without an entry use `.widest`.
  public let intervalFields: [SparkIntervalFields]
  /// Where batches over the budget go; nil keeps every batch in memory.
  public let spill: SpillPolicy?
  /// Spilled batches stay mapped while the mapped ones take at most this many bytes (and at
  /// least the last two read: a screen can straddle two batches).
  public static let spillCacheBytes = 32 << 20
  private let state: Mutex<State>

  /// - Parameter intervalFields: per column, from the Spark schema of the result, when known.
  public init(
    schema: ArrowSchema, intervalFields: [SparkIntervalFields] = [], spill: SpillPolicy? = nil
  ) {
    self.schema = schema
    self.intervalFields = intervalFields
    self.spill = spill
    self.state = Mutex(State())
  }

  /// A result holding `batches` (in order).
  public convenience init(
    schema: ArrowSchema, batches: [RecordBatch], intervalFields: [SparkIntervalFields] = [],
    spill: SpillPolicy? = nil
  ) throws(ResultSetError) {
    self.init(schema: schema, intervalFields: intervalFields, spill: spill)
    for batch in batches { try append(batch) }
  }

  deinit {
    let bytes = state.withLock { $0.byteCount }
    spill?.budget.release(bytes)
  }

  /// The interval field range used for column `column`.
  public func intervalFields(column: Int) -> SparkIntervalFields {
    column >= 0 && column < intervalFields.count ? intervalFields[column] : .widest
  }

  /// Appends a batch; empty batches are accepted and ignored for the row index. A batch over
  /// the budget goes to the spill file; when that fails (full disk, spill_limit, unwritable
  /// directory) the batch is not added and `.spillFailed` says why.
  public func append(_ batch: RecordBatch) throws(ResultSetError) {
    guard batch.columns.count == schema.fields.count else {
      throw .columnCountMismatch(expected: schema.fields.count, got: batch.columns.count)
    }
    guard batch.rowCount > 0 else { return }
    let bytes = batch.byteCount
    let slot: Slot
    if let spill, !spill.budget.reserve(bytes) {
      slot = try spilled(batch, policy: spill)
    } else {
      slot = .resident(batch)
    }
    state.withLock { s in
      s.startRows.append(s.rowCount)
      s.slots.append(slot)
      s.rowCount += batch.rowCount
      if case .resident = slot { s.byteCount += bytes } else { s.spilledBatches += 1 }
    }
  }

  /// Writes `batch` to the spill file (made on first use); its slot.
  private func spilled(_ batch: RecordBatch, policy: SpillPolicy) throws(ResultSetError) -> Slot {
    do {
      let file = try state.withLock { s throws(SpillError) -> SpillFile in
        if let file = s.file { return file }
        let file = try policy.space.makeFile()
        s.file = file
        return file
      }
      let message: [UInt8]
      do {
        message = try ArrowBatchMessage.encode(batch)
      } catch {
        throw ResultSetError.spillFailed("cannot encode a batch for the spill file: \(error)")
      }
      let offset = try file.append(message)
      return .spilled(offset: offset, length: message.count)
    } catch let error as SpillError {
      throw .spillFailed(error.description)
    } catch let error as ResultSetError {
      throw error
    } catch {
      throw .spillFailed("\(error)")
    }
  }

  /// Number of columns (schema fields).
  public var columnCount: Int { schema.fields.count }
  /// Column names from the schema, in order.
  public var columnNames: [String] { schema.fields.map(\.name) }
  /// Rows appended so far.
  public var rowCount: Int { state.withLock { $0.rowCount } }
  /// Batches appended so far (non-empty ones).
  public var batchCount: Int { state.withLock { $0.slots.count } }
  /// Bytes of the batches held in memory (sum of `RecordBatch.byteCount`; spilled batches and
  /// the mapped windows of the spill file are not counted).
  public var byteCount: Int { state.withLock { $0.byteCount } }
  /// Bytes written to the spill file.
  public var spilledBytes: Int { state.withLock { $0.file?.byteCount ?? 0 } }
  /// Whether some batches live in the spill file.
  public var isSpilled: Bool { state.withLock { $0.spilledBatches > 0 } }

  /// The batch holding global row `row` (0-based) and the row inside it; nil outside
  /// `0..<rowCount`.
  public func locate(row: Int) -> (batch: Int, row: Int)? {
    state.withLock { s in Self.locate(row: row, in: s).map { ($0.batch, $0.row) } }
  }

  private static func locate(row: Int, in s: State) -> (batch: Int, row: Int)? {
    guard row >= 0, row < s.rowCount else { return nil }
    var low = 0
    var high = s.startRows.count - 1
    while low < high {  // last batch whose start <= row
      let mid = (low + high + 1) / 2
      if s.startRows[mid] <= row { low = mid } else { high = mid - 1 }
    }
    return (low, row - s.startRows[low])
  }

  /// Batch `index` (0-based, in append order); nil outside the result, or when a spilled
  /// batch cannot be mapped back (the address space is exhausted; `readBatch` says so).
  public func batch(_ index: Int) -> RecordBatch? {
    try? readBatch(index)
  }

  /// Batch `index`; nil past the last one. Throws `.spillFailed` when a spilled batch cannot
  /// be read back, so that an export of the loaded rows fails instead of ending early.
  public func readBatch(_ index: Int) throws(ResultSetError) -> RecordBatch? {
    try resolve(state.withLock { s -> Lookup in Self.lookup(index, in: &s) }, index: index)
  }

  /// The batch `found` names: resident or mapped already, or mapped now from the spill file.
  private func resolve(_ found: Lookup, index: Int) throws(ResultSetError) -> RecordBatch? {
    switch found {
    case .none: return nil
    case .batch(let batch): return batch
    case .spilled(let file, let offset, let length):
      let batch: RecordBatch
      do {
        batch = try ArrowBatchMessage.decodeMapped(
          descriptor: file.descriptor, offset: offset, length: length,
          schema: schema.withoutDictionaries)
      } catch {
        throw .spillFailed("cannot read batch \(index) back from the spill file: \(error)")
      }
      state.withLock { s in
        s.mapped.append((index, batch, length))
        s.mappedBytes += length
        while s.mapped.count > 2, s.mappedBytes > Self.spillCacheBytes {
          s.mappedBytes -= s.mapped.removeFirst().bytes
        }
      }
      return batch
    }
  }

  private enum Lookup {
    case none
    case batch(RecordBatch)
    case spilled(SpillFile, offset: Int, length: Int)
  }

  private static func lookup(_ index: Int, in s: inout State) -> Lookup {
    guard index >= 0, index < s.slots.count else { return .none }
    switch s.slots[index] {
    case .resident(let batch): return .batch(batch)
    case .spilled(let offset, let length):
      if let at = s.mapped.lastIndex(where: { $0.index == index }) {
        let entry = s.mapped.remove(at: at)
        s.mapped.append(entry)
        return .batch(entry.batch)
      }
      guard let file = s.file else { return .none }
      return .spilled(file, offset: offset, length: length)
    }
  }

  /// The column holding global row `row` of column `column`, and the row inside it.
  /// One lock finds the row's batch (the grid and search ask this for every cell).
  public func cell(row: Int, column: Int) -> (column: ArrowColumn, row: Int)? {
    guard column >= 0, column < schema.fields.count else { return nil }
    let found = state.withLock { s -> (Lookup, batch: Int, row: Int)? in
      Self.locate(row: row, in: s).map { (Self.lookup($0.batch, in: &s), $0.batch, $0.row) }
    }
    guard let (lookup, b, r) = found, let batch = try? resolve(lookup, index: b),
      column < batch.columns.count
    else { return nil }
    return (batch.columns[column], r)
  }

  /// The show() text of one cell (empty string outside the result).
  /// - Parameter intervalFields: overrides the column's stored interval field range.
  public func text(
    row: Int, column: Int, formatter: CellFormatter, intervalFields: SparkIntervalFields? = nil
  ) -> String {
    guard let (c, r) = cell(row: row, column: column) else { return "" }
    return formatter.text(
      c, row: r, intervalFields: intervalFields ?? self.intervalFields(column: column))
  }
}

/// Why a batch could not be added to a `ResultSet`.
public enum ResultSetError: Error, Sendable, Equatable, CustomStringConvertible {
  case columnCountMismatch(expected: Int, got: Int)
  /// A batch over the memory budget could not be written to the spill file.
  case spillFailed(String)

  public var description: String {
    switch self {
    case .columnCountMismatch(let expected, let got):
      "batch has \(got) columns, the result's schema has \(expected)"
    case .spillFailed(let reason): reason
    }
  }
}
