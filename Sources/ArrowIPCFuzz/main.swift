// libFuzzer entry point for the ArrowIPC readers (built only with FLINT_FUZZ=1; see
// scripts/fuzz-arrow). Decodes the input as a stream and as a file, touches every value
// through every accessor, and checks that writing a decoded batch and reading it back gives
// the same values. Any trap, sanitizer report or mismatch is a finding.
import ArrowIPC
import Foundation

/// Limits small enough that one input cannot exhaust the fuzzer's memory.
let fuzzLimits = ArrowDecodingLimits(
  maxNestingDepth: 64, maxFieldCount: 10_000, maxDecompressedBufferBytes: 16 << 20,
  maxDictionaryLength: 1 << 16)

/// Rows per column that get every accessor called (bounds the time per input).
let rowsToTouch = 4_096

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  let data = bytes.map { Data(bytes: $0, count: count) } ?? Data()
  if var reader = try? ArrowStreamReader(data, limits: fuzzLimits), let schema = reader.schema {
    var batches = 0
    while batches < 64, let batch = try? reader.nextBatch() {
      batches += 1
      touch(batch)
      checkRoundTrip(batch, schema: schema)
    }
  }
  if let file = try? ArrowFileReader(data, limits: fuzzLimits) {
    for index in 0..<min(file.batchCount, 64) {
      if let batch = try? file.batch(at: index) { touch(batch) }
    }
  }
  return 0
}

/// libFuzzer's driver (from the libclang_rt.fuzzer archive linked by -sanitize=fuzzer).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
  _ argc: UnsafeMutablePointer<CInt>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
  _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// SwiftPM links executables with `main` = `<module>_main`; with -parse-as-library there is
/// no generated one, so this is the program's entry point: it runs libFuzzer's driver.
@_cdecl("ArrowIPCFuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?)
  -> CInt
{
  var argc = argc
  var argv = argv
  return LLVMFuzzerRunDriver(&argc, &argv) { bytes, count in fuzzOneInput(bytes, count) }
}

/// Calls every accessor on every column (and child) for the first `rowsToTouch` rows.
func touch(_ batch: RecordBatch) {
  var checksum = batch.byteCount
  for column in batch.columns { touch(column, budget: rowsToTouch, checksum: &checksum) }
  if checksum == 42 { print("") }  // keep the work observable
}

func touch(_ column: ArrowColumn, budget: Int, checksum: inout Int) {
  let rows = min(column.length, budget)
  for row in 0..<rows {
    checksum &+= column.isNull(row) ? 1 : 0
    checksum &+= Int(truncatingIfNeeded: column.int64(at: row))
    checksum &+= Int(truncatingIfNeeded: column.uint64(at: row))
    checksum &+= column.bool(at: row) ? 1 : 0
    checksum &+= Int(column.double(at: row).bitPattern & 0xff)
    checksum &+= Int(column.float(at: row).bitPattern & 0xff)
    checksum &+= Int(truncatingIfNeeded: column.decimal128(at: row))
    checksum &+= column.string(at: row).utf8.count
    checksum &+= column.withBytes(at: row) { $0.count }
    checksum &+= Int(column.dayTime(at: row).days)
    checksum &+= Int(column.monthDayNano(at: row).nanoseconds & 0xff)
    checksum &+= column.listRange(at: row).count
    checksum &+= column.dictionaryIndex(at: row)
    checksum &+= column.resolved(row).row
    if row < 16 {
      checksum &+= column.bytes(at: row).count + column.decimal256Words(at: row).count
      checksum &+= String(describing: column.value(at: row)).utf8.count
    }
  }
  // Out-of-range rows must not trap either.
  checksum &+=
    Int(truncatingIfNeeded: column.int64(at: column.length)) + (column.isNull(-1) ? 1 : 0)
  for child in column.children { touch(child, budget: budget / 2, checksum: &checksum) }
  if let dictionary = column.dictionaryValues {
    touch(dictionary, budget: budget / 2, checksum: &checksum)
  }
}

/// The largest product of fixed-size list sizes along any path in `type` (saturating).
func fixedListFanOut(_ type: ArrowType) -> Int {
  let inner = type.childFields.map { fixedListFanOut($0.type) }.max() ?? 1
  if case .fixedSizeList(_, let size) = type {
    let (product, overflow) = max(size, 1).multipliedReportingOverflow(by: inner)
    return overflow ? Int.max : product
  }
  return inner
}

/// Writing a decoded batch and decoding it again must give the same values.
func checkRoundTrip(_ batch: RecordBatch, schema: ArrowSchema) {
  guard batch.rowCount <= 256, batch.byteCount <= 1 << 20 else { return }
  // Writing materialises dictionaries; null rows of fixed-size lists still take their slots,
  // so a huge list size times the rows would be a legitimate (not a buggy) memory blow-up.
  let fanOut = schema.fields.map { fixedListFanOut($0.type) }.max() ?? 1
  guard fanOut <= 1 << 12 else { return }
  let written: Data
  do {
    written = try ArrowStreamWriter.streamData(schema: schema, batches: [batch])
  } catch {
    return  // e.g. more than 2 GiB of offsets: refused, not a crash
  }
  guard let (_, again) = try? ArrowStreamReader.readAll(written), let copy = again.first else {
    fatalError("round trip: our own output does not decode")
  }
  for (a, b) in zip(batch.columns, copy.columns) {
    for row in 0..<min(batch.rowCount, 64) {
      let left = String(describing: a.value(at: row))
      let right = String(describing: b.value(at: row))
      if left != right { fatalError("round trip changed row \(row): \(left) -> \(right)") }
    }
  }
}
