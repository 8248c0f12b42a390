/// Flint's version, sent to the server as part of `client_type` and printed by `--version`.
public enum FlintVersion {
  public static let current = "0.1.0"
  /// The `client_type` Spark Connect records for this client.
  public static var clientType: String { "flint/\(current)" }
}
