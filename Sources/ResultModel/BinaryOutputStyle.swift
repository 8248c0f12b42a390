/// How Spark's show() prints BINARY values: the session conf `spark.sql.binaryOutputStyle`.
public enum BinaryOutputStyle: String, Sendable, Equatable, CaseIterable {
  /// `[DE AD BE EF]` — the default when the conf is unset.
  case hexDiscrete = "HEX_DISCRETE"
  /// `DEADBEEF`.
  case hex = "HEX"
  /// Base64 without padding: `3q2+7w`.
  case base64 = "BASE64"
  /// Signed byte values: `[-34, -83, -66, -17]`.
  case basic = "BASIC"
  /// The bytes decoded as UTF-8, malformed sequences replaced by U+FFFD.
  case utf8 = "UTF-8"

  /// The style named by a conf value (case-insensitive); nil or an unknown name gives the default.
  public init(conf: String?) {
    guard let conf, let style = Self(rawValue: conf.uppercased()) else {
      self = .hexDiscrete
      return
    }
    self = style
  }
}
