import ArrowIPC

extension ProfileQuery {
  /// The profile from the query's one row.
  func profile(from batches: [RecordBatch]) throws(SparkError) -> TableProfile {
    guard let batch = batches.first(where: { $0.rowCount > 0 }) else {
      throw SparkError(
        kind: .protocolViolation, code: "dataLoss", message: "the server sent no profile row")
    }
    let row = ProfileRow(batch)
    guard let rows = row.int(Self.rowsName) else {
      throw SparkError(
        kind: .protocolViolation, code: "dataLoss", message: "the profile row has no row count")
    }
    return TableProfile(rows: rows, columns: columns.map { column($0, row: row, rows: rows) })
  }

  private func column(_ column: Column, row: ProfileRow, rows: Int64) -> ColumnProfile {
    let p = column.prefix
    let count = row.int(p + "n") ?? 0
    let nulls = max(0, rows - count)
    var profile = ColumnProfile(
      column: column.name, type: column.type, count: count, nulls: nulls,
      nullPercent: rows > 0 ? Double(nulls) / Double(rows) * 100 : 0)
    profile.distinctApprox = row.int(p + "d")
    let binary = column.type == .binary
    profile.min = row.string(p + "min").map { binary ? Self.binaryText(hex: $0) : $0 }
    profile.max = row.string(p + "max").map { binary ? Self.binaryText(hex: $0) : $0 }
    profile.mean = row.double(p + "mean")
    profile.stddev = row.double(p + "sd")
    profile.minLength = row.int(p + "minlen").map { Int(clamping: $0) }
    profile.maxLength = row.int(p + "maxlen").map { Int(clamping: $0) }
    guard let form = NumericForm(column.type) else { return profile }
    if column.statistics.contains(.quartiles) {
      profile.p25 = row.string(p + "p25")
      profile.p50 = row.string(p + "p50")
      profile.p75 = row.string(p + "p75")
    }
    if column.statistics.contains(.histogram), let quantiles = row.doubles(p + "q") {
      profile.histogram = Self.histogram(
        form: form, quantiles: quantiles, values: row.int(p + "qn") ?? count, row: row, prefix: p)
    }
    return profile
  }

  /// The buckets of a column from its percentiles and range (nil without finite values).
  static func histogram(
    form: NumericForm, quantiles: [Double], values: Int64, row: ProfileRow, prefix p: String
  ) -> [HistogramBucket]? {
    if form.isDiscrete {
      guard let low = row.int(p + "lo"), let high = row.int(p + "hi"), low <= high else {
        return nil
      }
      let buckets = HistogramEstimate.wholeBuckets(
        low: low, high: high, maximum: TableProfile.histogramBuckets)
      let boundaries = buckets.map { Double($0.first) - 0.5 } + [Double(high) + 0.5]
      let counts = HistogramEstimate.counts(
        quantiles: quantiles, values: values, boundaries: boundaries)
      let text: (Int64) -> String = { form == .date ? Self.dateText(days: $0) : String($0) }
      return zip(buckets, counts).map { bucket, count in
        HistogramBucket(low: text(bucket.first), high: text(bucket.last), count: count)
      }
    }
    guard let low = row.double(p + "lo"), let high = row.double(p + "hi"),
      let edges = row.strings(p + "e"), low <= high,
      edges.count == TableProfile.histogramBuckets + 1
    else { return nil }
    if low == high {
      let count = HistogramEstimate.counts(
        quantiles: quantiles, values: values, boundaries: [low, high])
      return [HistogramBucket(low: edges[0], high: edges[edges.count - 1], count: count[0])]
    }
    let n = TableProfile.histogramBuckets
    let boundaries = (0...n).map { k in
      k == n ? high : low + (high - low) * Double(k) / Double(n)
    }
    let counts = HistogramEstimate.counts(
      quantiles: quantiles, values: values, boundaries: boundaries)
    return (0..<n).map { HistogramBucket(low: edges[$0], high: edges[$0 + 1], count: counts[$0]) }
  }

  /// Binary as `show()` writes it by default: `[DE AD BE EF]`.
  static func binaryText(hex: String) -> String {
    var pairs: [Substring] = []
    var rest = Substring(hex)
    while !rest.isEmpty {
      pairs.append(rest.prefix(2))
      rest = rest.dropFirst(2)
    }
    return "[" + pairs.joined(separator: " ") + "]"
  }

  /// A day count since 1970-01-01 as Spark writes a DATE (`2026-10-01`, proleptic
  /// Gregorian; years past 9999 with a `+`).
  static func dateText(days: Int64) -> String {
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    func padded(_ value: Int64, _ width: Int) -> String {
      let text = String(value)
      return String(repeating: "0", count: max(0, width - text.count)) + text
    }
    let yearText =
      year < 0 ? "-" + padded(-year, 4) : year > 9999 ? "+" + String(year) : padded(year, 4)
    return yearText + "-" + padded(month, 2) + "-" + padded(day, 2)
  }
}

/// The profile query's one row, read by expression name.
struct ProfileRow {
  private var columns: [String: ArrowColumn] = [:]

  init(_ batch: RecordBatch) {
    for (field, column) in zip(batch.schema.fields, batch.columns) { columns[field.name] = column }
  }

  private func present(_ name: String) -> ArrowColumn? {
    guard let column = columns[name], column.length > 0, !column.isNull(0) else { return nil }
    return column
  }

  func int(_ name: String) -> Int64? { present(name)?.int64(at: 0) }
  func double(_ name: String) -> Double? { present(name)?.double(at: 0) }
  func string(_ name: String) -> String? { present(name)?.string(at: 0) }

  func doubles(_ name: String) -> [Double]? {
    guard let column = present(name), let child = column.children.first else { return nil }
    return column.listRange(at: 0).map { child.isNull($0) ? .nan : child.double(at: $0) }
  }

  func strings(_ name: String) -> [String]? {
    guard let column = present(name), let child = column.children.first else { return nil }
    return column.listRange(at: 0).map { child.isNull($0) ? "NULL" : child.string(at: $0) }
  }
}
