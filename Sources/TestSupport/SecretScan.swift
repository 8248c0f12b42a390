import Foundation

/// Looks for a known secret (a test token) everywhere a program's run left something: its
/// standard output and error, screens captured from it, and every file under the directories
/// it was given (config, state, cache, home, temp, exports). Records what it looked at, so a
/// test can say what was scanned.
public struct SecretScan {
  /// The secret to look for.
  public let secret: String
  /// Texts to scan, each with where it came from.
  public private(set) var texts: [(origin: String, text: String)] = []

  public init(secret: String) { self.secret = secret }

  /// Adds a text (an output, a captured screen) to scan.
  public mutating func add(_ origin: String, _ text: String) {
    texts.append((origin: origin, text: text))
  }

  /// Scans the texts and every regular file under `directories` (recursively, byte for
  /// byte). Returns the places that hold the secret and the number of files read.
  public func run(directories: [String]) -> (leaks: [String], files: Int, bytes: Int) {
    let needle = Data(secret.utf8)
    var leaks = texts.filter { $0.text.contains(secret) }.map(\.origin)
    var files = 0
    var bytes = texts.reduce(0) { $0 + $1.text.utf8.count }
    for directory in directories {
      guard let walker = FileManager.default.enumerator(atPath: directory) else { continue }
      for case let relative as String in walker {
        let path = directory + "/" + relative
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
          !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path)
        else { continue }
        files += 1
        bytes += data.count
        if data.range(of: needle) != nil { leaks.append(path) }
      }
    }
    return (leaks, files, bytes)
  }
}

/// Words of gRPC, NIO and BoringSSL that an error line meant for a user must not contain.
public enum TransportInternals {
  public static let words = [
    "transient failure", "Channel", "RPCError", "NIOSSL", "BoringSSL", "handshake.cc",
    "CERTIFICATE_VERIFY_FAILED", "WRONG_VERSION_NUMBER", "errno", ".swift", ".cc:", "/.build",
    "/Sources/", "handshakeFailed", "(error set)", "unavailable:", "OPENSSL",
  ]

  /// The internal words `text` contains.
  public static func found(in text: String) -> [String] {
    words.filter { text.contains($0) }
  }
}
