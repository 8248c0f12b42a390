/// A column profile of a relation: for each column the statistics Spark can compute for its
/// type, all from one aggregate query (`SparkConnectSession.profile(of:columns:tag:)`).
///
/// Exact: `rows`, `count`, `nulls`, `min`, `max`, `mean`, `stddev`, the lengths. Approximate:
/// `distinctApprox` (HyperLogLog++, relative standard deviation 5%), the quartiles (a KLL
/// sketch: rank error at most `quantileRankError` of the values with 99% confidence) and the
/// histogram (see `HistogramBucket`).
public struct TableProfile: Sendable, Equatable {
  /// Rows of the relation, NULLs included.
  public var rows: Int64
  /// One profile per column, in the relation's order (or the order asked for).
  public var columns: [ColumnProfile]

  public init(rows: Int64, columns: [ColumnProfile]) {
    self.rows = rows
    self.columns = columns
  }

  /// The number of equal-width buckets of a histogram (fewer for whole numbers and dates
  /// with a narrower range: one bucket per value then).
  public static let histogramBuckets = 20
  /// The quartiles' rank error, as a fraction of the values: with 99% confidence the rank of
  /// a reported quartile is within this of p·n. It is DataSketches' a-priori bound for a KLL
  /// sketch of `k = 65,535` (`2.296 / k^0.9723`, about 1/21,000), rounded up; pyspark's
  /// `summary()` (`percentile_approx` at accuracy 10,000) promises 1/10,000, without the
  /// confidence clause. The sketch compacts at random, so two profiles of the same data may
  /// differ within this bound.
  public static let quantileRankError = 0.00005
}

/// The statistics of one column. A statistic is nil when it does not apply to the column's
/// type (`ColumnProfile.Statistic.applicable(to:)`) or when there is no value to compute it
/// from (a column of NULLs has no min).
public struct ColumnProfile: Sendable, Equatable {
  public var column: String
  public var type: SparkType
  /// Non-NULL values, as pyspark's `summary()` counts them: NaN is a value.
  public var count: Int64
  /// NULL values; NaN is not NULL.
  public var nulls: Int64
  /// `nulls` as a percentage of the rows (0 for no rows).
  public var nullPercent: Double
  /// Distinct non-NULL values, approximately (`approx_count_distinct`, rsd 5%).
  public var distinctApprox: Int64?
  /// The smallest and largest value as Spark writes them (`CAST(min(c) AS STRING)`: doubles
  /// in Java's text, NaN the largest; decimals with their scale; timestamps in the session
  /// time zone; binary as `[DE AD]`).
  public var min: String?
  public var max: String?
  /// Mean and sample standard deviation of the values as doubles (NaN when a NaN is among
  /// them; stddev is nil for fewer than two values).
  public var mean: Double?
  public var stddev: Double?
  /// Approximate quartiles of the values other than NaN (a KLL sketch), in Spark's text for
  /// the column's type.
  public var p25: String?
  public var p50: String?
  public var p75: String?
  /// Shortest and longest value, in characters for strings and bytes for binary.
  public var minLength: Int?
  public var maxLength: Int?
  /// Numbers, dates and timestamps: the distribution of the finite values (NaN and
  /// ±Infinity left out), smallest first.
  public var histogram: [HistogramBucket]?

  public init(
    column: String, type: SparkType, count: Int64, nulls: Int64, nullPercent: Double,
    distinctApprox: Int64? = nil, min: String? = nil, max: String? = nil, mean: Double? = nil,
    stddev: Double? = nil, p25: String? = nil, p50: String? = nil, p75: String? = nil,
    minLength: Int? = nil, maxLength: Int? = nil, histogram: [HistogramBucket]? = nil
  ) {
    self.column = column
    self.type = type
    self.count = count
    self.nulls = nulls
    self.nullPercent = nullPercent
    self.distinctApprox = distinctApprox
    self.min = min
    self.max = max
    self.mean = mean
    self.stddev = stddev
    self.p25 = p25
    self.p50 = p50
    self.p75 = p75
    self.minLength = minLength
    self.maxLength = maxLength
    self.histogram = histogram
  }

  /// A group of statistics, computed for the types Spark supports it on.
  public enum Statistic: String, Sendable, CaseIterable {
    /// `count` and `nulls`: every type.
    case count
    /// `distinctApprox`: types Spark can hash and compare (not maps, variants, intervals of
    /// the calendar kind, nor arrays or structs holding them).
    case distinct
    /// `min` and `max`: orderable types.
    case minMax
    /// `mean` and `stddev`: numbers.
    case meanStddev
    /// `p25`, `p50`, `p75`: numbers, dates, timestamps.
    case quartiles
    /// `histogram`: numbers, dates, timestamps.
    case histogram
    /// `minLength`, `maxLength`: strings and binary.
    case lengths

    /// The statistics of a column of `type`.
    public static func applicable(to type: SparkType) -> [Statistic] {
      switch type {
      case .null, .map, .variant, .calendarInterval, .other: return [.count]
      case .boolean, .time, .yearMonthInterval, .dayTimeInterval:
        return [.count, .distinct, .minMax]
      case .byte, .short, .integer, .long, .float, .double, .decimal:
        return [.count, .distinct, .minMax, .meanStddev, .quartiles, .histogram]
      case .date, .timestamp, .timestampNTZ:
        return [.count, .distinct, .minMax, .quartiles, .histogram]
      case .string, .char, .varchar, .binary: return [.count, .distinct, .minMax, .lengths]
      case .array, .struct: return type.isComparable ? [.count, .distinct, .minMax] : [.count]
      }
    }
  }
}

/// One bar of a histogram.
///
/// Whole numbers and dates: `low` and `high` are the first and last value of the bucket,
/// both included (one value per bucket when the range is narrow). Other numbers and
/// timestamps: the edges of one of `TableProfile.histogramBuckets` equal-width buckets between
/// the smallest and largest finite value, `low` included and `high` excluded (included in the
/// last bucket).
///
/// `count` is estimated from the column's 1,001 percentiles (0%, 0.1%, … 100%, from the same
/// KLL sketch as the quartiles, so the profile stays one scan): each of the 1,000 slices
/// between adjacent percentiles holds 0.1% of the values, spread evenly over its range (all at
/// one point when both ends are equal). A bucket's count is off by at most about 0.1% of the
/// values per edge (plus the sketch's rank error, `TableProfile.quantileRankError`); the
/// counts add up to the finite values.
public struct HistogramBucket: Sendable, Equatable {
  public var low: String
  public var high: String
  public var count: Int64

  public init(low: String, high: String, count: Int64) {
    self.low = low
    self.high = high
    self.count = count
  }
}
