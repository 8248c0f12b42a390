/// Histogram counts estimated from percentiles (see `HistogramBucket`).
enum HistogramEstimate {
  /// The counts of the buckets `[boundaries[k], boundaries[k+1])` (the last one closed) of
  /// `values` values whose percentiles 0%, …, 100% are `quantiles`: each slice between
  /// adjacent percentiles holds an equal share, spread evenly over its range or, when both
  /// ends are equal, put where they are. Slices with a non-finite end (NaN, ±Infinity) are
  /// left out. Rounded so that the counts add up to the rounded total.
  static func counts(quantiles: [Double], values: Int64, boundaries: [Double]) -> [Int64] {
    let buckets = max(1, boundaries.count - 1)
    var mass = [Double](repeating: 0, count: buckets)
    guard quantiles.count >= 2, values > 0, let first = boundaries.first,
      let last = boundaries.last
    else { return mass.map { _ in 0 } }
    let share = Double(values) / Double(quantiles.count - 1)
    func bucket(of x: Double) -> Int {
      // The last boundary at or below x (binary search), clamped to the buckets.
      var low = 0
      var high = buckets
      while low < high {
        let middle = (low + high + 1) / 2
        if boundaries[middle] <= x { low = middle } else { high = middle - 1 }
      }
      return min(low, buckets - 1)
    }
    for (a, b) in zip(quantiles, quantiles.dropFirst()) where a.isFinite && b.isFinite {
      let start = Swift.max(Swift.min(a, b), first)
      let end = Swift.min(Swift.max(a, b), last)
      if !(start < end) {
        mass[bucket(of: Swift.min(Swift.max(a, first), last))] += share
        continue
      }
      let width = Swift.max(a, b) - Swift.min(a, b)
      for index in bucket(of: start)...bucket(of: end) {
        let overlap =
          Swift.min(end, boundaries[index + 1]) - Swift.max(start, boundaries[index])
        if overlap > 0 { mass[index] += share * overlap / width }
      }
    }
    return rounded(mass)
  }

  /// Whole counts adding up to the rounded total (largest remainders get the rest).
  static func rounded(_ mass: [Double]) -> [Int64] {
    let total = Int64(mass.reduce(0, +).rounded())
    var counts = mass.map { Int64($0.rounded(.down)) }
    var rest = total - counts.reduce(0, +)
    let order = mass.indices.sorted {
      mass[$0] - mass[$0].rounded(.down) > mass[$1] - mass[$1].rounded(.down)
    }
    for index in order where rest > 0 {
      counts[index] += 1
      rest -= 1
    }
    return counts
  }

  /// Buckets of whole values from `low` to `high` (both included): one per value when there
  /// are at most `maximum` values, else at most `maximum` buckets of the same number of
  /// values (the last one may hold fewer), so that equal counts mean equal density.
  static func wholeBuckets(low: Int64, high: Int64, maximum: Int) -> [(first: Int64, last: Int64)] {
    let span = Int128(high) - Int128(low) + 1
    let width = (span + Int128(Swift.max(1, maximum)) - 1) / Int128(Swift.max(1, maximum))
    var buckets: [(first: Int64, last: Int64)] = []
    var start = Int128(low)
    while start <= Int128(high) {
      let end = Swift.min(start + width - 1, Int128(high))
      buckets.append((Int64(start), Int64(end)))
      start = end + 1
    }
    return buckets
  }
}
