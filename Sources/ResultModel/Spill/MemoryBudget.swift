import Foundation
import Synchronization

/// How many bytes of loaded results the whole process keeps in memory: one budget shared by
/// every tab and every kept exploration view. A result asks for each batch's bytes as it
/// arrives; past the limit the batch goes to the result's spill file instead (`SpillSpace`).
public final class MemoryBudget: Sendable {
  /// The most bytes kept in memory at once.
  public let limit: Int
  private let used = Mutex(0)

  public init(limit: Int) {
    self.limit = max(0, limit)
  }

  /// Bytes held now.
  public var usedBytes: Int { used.withLock { $0 } }

  /// Takes `bytes` from the budget when they fit; false (and nothing taken) when not.
  public func reserve(_ bytes: Int) -> Bool {
    used.withLock { used in
      guard used + bytes <= limit else { return false }
      used += bytes
      return true
    }
  }

  /// Gives back bytes taken by `reserve`.
  public func release(_ bytes: Int) {
    used.withLock { $0 = max(0, $0 - bytes) }
  }

  /// The default: a quarter of physical memory, at most 4 GiB.
  public static var defaultLimit: Int {
    min(Int(clamping: ProcessInfo.processInfo.physicalMemory / 4), 4 << 30)
  }
}

/// Sizes as people write them: `4096`, `512KiB`, `64MiB`, `4GiB`, `1TiB` (powers of 1024), or
/// `500KB`, `2MB`, `1GB` (powers of 1000); the unit's case and a space before it do not matter.
public enum ByteSize {
  /// The number of bytes `text` means; nil when it is not a size.
  public static func parse(_ text: String) -> Int? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    let digits = trimmed.prefix { $0.isNumber || $0 == "." }
    guard !digits.isEmpty, let number = Double(digits), number >= 0 else { return nil }
    let unit = trimmed.dropFirst(digits.count).trimmingCharacters(in: .whitespaces).lowercased()
    let scale: Double
    switch unit {
    case "", "b": scale = 1
    case "k", "kib": scale = 1024
    case "m", "mib": scale = 1024 * 1024
    case "g", "gib": scale = 1024 * 1024 * 1024
    case "t", "tib": scale = 1024 * 1024 * 1024 * 1024
    case "kb": scale = 1e3
    case "mb": scale = 1e6
    case "gb": scale = 1e9
    case "tb": scale = 1e12
    default: return nil
    }
    let bytes = number * scale
    guard bytes < 9e18 else { return nil }
    return Int(bytes.rounded())
  }

  /// `bytes` in the largest binary unit that keeps a number ≥ 1: `512 KiB`, `1.5 GiB`.
  public static func text(_ bytes: Int) -> String {
    let units = ["bytes", "KiB", "MiB", "GiB", "TiB"]
    var value = Double(bytes)
    var unit = 0
    while value >= 1024, unit < units.count - 1 {
      value /= 1024
      unit += 1
    }
    if unit == 0 { return "\(bytes) bytes" }
    let rounded = (value * 10).rounded() / 10
    let number =
      rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.1f", rounded)
    return "\(number) \(units[unit])"
  }
}

/// What a result does with batches past the memory budget: they go to a file in `space`.
public struct SpillPolicy: Sendable {
  public let budget: MemoryBudget
  public let space: SpillSpace

  public init(budget: MemoryBudget, space: SpillSpace) {
    self.budget = budget
    self.space = space
  }
}
